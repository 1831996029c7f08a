//! Package URLs, built and parsed exactly as the purl specification defines
//! them.
//!
//! Canonical form: `pkg:type/namespace/name@version?qualifiers#subpath`, type
//! lowercase, each namespace segment, the name and the version
//! percent-encoded (so npm's `@scope` becomes `%40scope` and Go's
//! `+incompatible` becomes `%2Bincompatible`), qualifiers sorted by key.
//! Per-type rules: PyPI names are normalised as PEP 503 does; Composer
//! vendor and name are lowercased; Maven splits `group:artifact`; Go splits
//! the module path at its last `/`.
//!
//! [`Purl::parse`] is the inverse of `Display`, following the spec's "how to
//! parse" steps: `pkg:` (any case; `pkg://` is accepted and its slashes
//! ignored, as the spec requires of parsers), type validated and lowercased,
//! every component percent-decoded, empty qualifier values dropped, keys
//! lowercased, validated and sorted, a repeated key refused, `.`/`..`/empty
//! subpath segments dropped. Two deliberate departures, both lenient and
//! both giving the spec's result on every well-formed purl:
//! - `#` and then `?` are split at their first occurrence, as a URL parser
//!   does, so an unencoded `?` inside a qualifier value (a `download_url`
//!   with a query) survives;
//! - the version `@` is the last one *after the last `/`*, so an unencoded
//!   npm scope (`pkg:npm/@babel/core`) is read as a scope, not as a version.
//!
//! Type-specific normalisation on parse is limited to what the spec requires
//! and ci-sec relies on: PyPI names (PEP 503), Composer vendor and name, and
//! the namespace of OS package types (lowercase). npm and Go names keep their
//! case: legacy npm names and Go module paths are case-sensitive in practice.
//!
//! Two views of a parsed purl serve the matcher:
//! - [`Purl::to_package_identity`]: the ci-sec ecosystem and the name as
//!   [`Package::name`] spells it (npm `@scope/name`, Maven `group:artifact`,
//!   Composer `vendor/name`, Go module path), or `None` for any other type;
//! - [`Purl::os_package`]: an [`OsPackage`] for `deb`, `apk` and `rpm`
//!   purls, with the distribution (`distro` qualifier), architecture, the
//!   epoch folded into the version, and the source package (`upstream`
//!   qualifier). Distribution advisories are not matched yet; the struct is
//!   what that stage will consume, so it is kept apart from [`Package`],
//!   whose [`Ecosystem`] is strictly a language ecosystem.

use std::fmt;

use super::package::{Ecosystem, Origin, Package};

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Purl {
    pub ty: String,
    pub namespace: Option<String>,
    pub name: String,
    pub version: Option<String>,
    /// Sorted by key.
    pub qualifiers: Vec<(String, String)>,
    pub subpath: Option<String>,
}

/// PEP 503 normalisation: lowercase, runs of `-`, `_`, `.` become one `-`.
pub fn normalize_pypi_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut in_sep = false;
    for c in name.trim().chars() {
        if matches!(c, '-' | '_' | '.') {
            if !in_sep {
                out.push('-');
            }
            in_sep = true;
        } else {
            out.extend(c.to_lowercase());
            in_sep = false;
        }
    }
    out
}

impl Purl {
    pub fn new(ty: &str, namespace: Option<&str>, name: &str, version: Option<&str>) -> Self {
        Purl {
            ty: ty.to_ascii_lowercase(),
            namespace: namespace.filter(|n| !n.is_empty()).map(str::to_string),
            name: name.to_string(),
            version: version.map(str::to_string),
            qualifiers: Vec::new(),
            subpath: None,
        }
    }

    /// Adds a qualifier, keeping keys sorted and dropping empty values as the
    /// spec requires.
    pub fn with_qualifier(mut self, key: &str, value: &str) -> Self {
        if !value.is_empty() {
            let key = key.to_ascii_lowercase();
            let at = self.qualifiers.partition_point(|(k, _)| *k < key);
            self.qualifiers.insert(at, (key, value.to_string()));
        }
        self
    }

    pub fn for_package(pkg: &Package) -> Self {
        let version = pkg.version.pinned();
        let ty = pkg.ecosystem.purl_type();
        let mut purl = match pkg.ecosystem {
            Ecosystem::Npm => match pkg.name.strip_prefix('@').and_then(|n| n.split_once('/')) {
                Some((scope, name)) => Purl::new(ty, Some(&format!("@{scope}")), name, version),
                None => Purl::new(ty, None, &pkg.name, version),
            },
            Ecosystem::PyPI => Purl::new(ty, None, &normalize_pypi_name(&pkg.name), version),
            Ecosystem::Go => match pkg.name.rsplit_once('/') {
                Some((ns, name)) => Purl::new(ty, Some(ns), name, version),
                None => Purl::new(ty, None, &pkg.name, version),
            },
            Ecosystem::Maven => match pkg.name.split_once(':') {
                Some((group, artifact)) => Purl::new(ty, Some(group), artifact, version),
                None => Purl::new(ty, None, &pkg.name, version),
            },
            Ecosystem::Packagist => {
                let lower = pkg.name.to_ascii_lowercase();
                match lower.split_once('/') {
                    Some((vendor, name)) => Purl::new(ty, Some(vendor), name, version),
                    None => Purl::new(ty, None, &lower, version),
                }
            }
            Ecosystem::Cargo | Ecosystem::RubyGems | Ecosystem::NuGet => {
                Purl::new(ty, None, &pkg.name, version)
            }
        };
        match &pkg.origin {
            Origin::Registry | Origin::Path(_) => {}
            Origin::AlternateRegistry(url) => purl = purl.with_qualifier("repository_url", url),
            Origin::Url(url) => purl = purl.with_qualifier("download_url", url),
            Origin::Git { url, rev } => {
                let url = if url.starts_with("git+") { url.clone() } else { format!("git+{url}") };
                let vcs = match rev {
                    Some(rev) => format!("{url}@{rev}"),
                    None => url,
                };
                purl = purl.with_qualifier("vcs_url", &vcs);
            }
        }
        if let Some(platform) = pkg.property("gem:platform")
            && platform != "ruby" {
                purl = purl.with_qualifier("platform", platform);
            }
        purl
    }
}

/// Why a string is not a package URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct PurlError(pub String);

fn purl_err(message: impl Into<String>) -> PurlError {
    PurlError(message.into())
}

/// Decodes `%XX` escapes (and nothing else: `+` stays `+`); the result must
/// be UTF-8.
fn percent_decode(s: &str, what: &str) -> Result<String, PurlError> {
    if !s.contains('%') {
        return Ok(s.to_string());
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| purl_err(format!("invalid percent-encoding in the {what}")))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| purl_err(format!("the {what} is not UTF-8 once decoded")))
}

/// Decodes `/`-separated segments, dropping empty ones (and `.`/`..` when
/// `dots` is set); a segment that decodes to a `/` is an error.
fn decode_segments(s: &str, what: &str, dots: bool) -> Result<Option<String>, PurlError> {
    let mut out: Vec<String> = Vec::new();
    for raw in s.split('/') {
        let seg = percent_decode(raw, what)?;
        if seg.is_empty() || (dots && (seg == "." || seg == "..")) {
            continue;
        }
        if seg.contains('/') {
            return Err(purl_err(format!("a {what} segment contains an encoded '/'")));
        }
        out.push(seg);
    }
    Ok((!out.is_empty()).then(|| out.join("/")))
}

fn valid_type(ty: &str) -> bool {
    let mut bytes = ty.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-'))
}

fn valid_qualifier_key(key: &str) -> bool {
    let mut bytes = key.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_alphabetic() || matches!(b, b'.' | b'-' | b'_'))
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

/// OS package types ci-sec recognises (see [`OsPackage`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OsPackageKind {
    /// Debian, Ubuntu and derivatives (`pkg:deb/debian/curl`).
    Deb,
    /// Alpine, Wolfi, Chainguard (`pkg:apk/alpine/musl`).
    Apk,
    /// Red Hat, Fedora, SUSE, Amazon Linux, … (`pkg:rpm/redhat/openssl`).
    Rpm,
}

impl OsPackageKind {
    pub fn purl_type(self) -> &'static str {
        match self {
            OsPackageKind::Deb => "deb",
            OsPackageKind::Apk => "apk",
            OsPackageKind::Rpm => "rpm",
        }
    }
}

/// The distribution an OS package was built for, from the `distro`
/// qualifier. Tools spell it differently: `debian-12` (Syft),
/// `debian-12.11` (Trivy), `alpine-3.20.3`, `3.20.3` (Trivy's apk, where
/// the id comes from the namespace), `rhel-9`, `redhat-8.7`, or a codename
/// (`bookworm`, the spec's own example).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Distro {
    /// `debian`, `ubuntu`, `alpine`, `rhel`, `redhat`, … as written
    /// (lowercased); the purl namespace when the qualifier is a bare version.
    pub id: String,
    /// `12`, `12.11`, `3.20.3`, `22.04`; `None` for a codename.
    pub version: Option<String>,
    /// The qualifier as written.
    pub raw: String,
}

impl Distro {
    /// Splits `id-version` at the last `-` followed by a digit; a value that
    /// starts with a digit is a bare version.
    pub fn parse(raw: &str, namespace: Option<&str>) -> Distro {
        let (id, version) = if raw.starts_with(|c: char| c.is_ascii_digit()) {
            (namespace.unwrap_or_default().to_string(), Some(raw.to_string()))
        } else if let Some((id, version)) = split_name_version(raw) {
            (id.to_string(), Some(version.to_string()))
        } else {
            (raw.to_string(), None)
        };
        Distro { id: id.to_ascii_lowercase(), version, raw: raw.to_string() }
    }
}

/// An operating-system package, as its purl describes it. Not a [`Package`]:
/// it is matched against distribution advisories (Debian security tracker,
/// Alpine secdb, Red Hat OVAL/CSAF), keyed by distribution release and often
/// by *source* package, which the language-ecosystem model has no room for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OsPackage {
    pub kind: OsPackageKind,
    /// The purl namespace: the vendor (`debian`, `ubuntu`, `alpine`,
    /// `redhat`, `fedora`, …).
    pub vendor: Option<String>,
    /// The binary package name.
    pub name: String,
    /// The version the package manager compares: deb `[epoch:]upstream[-revision]`,
    /// apk `1.2.4-r2`, rpm `[epoch:]version-release`. An `epoch` qualifier (Trivy
    /// writes one for deb and rpm; Syft puts the epoch in the version) is folded
    /// in, except epoch 0, which both formats treat as absent.
    pub version: Option<String>,
    pub arch: Option<String>,
    pub distro: Option<Distro>,
    /// The source package (deb `Source:`, apk origin, rpm source RPM name),
    /// from the `upstream` qualifier; SBOM readers may fill it from
    /// tool-specific properties when the purl has none.
    pub source_name: Option<String>,
    /// The source package's version when the tool records it.
    pub source_version: Option<String>,
}

impl Purl {
    /// A qualifier's value.
    pub fn qualifier(&self, key: &str) -> Option<&str> {
        self.qualifiers.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// Parses a purl string (the inverse of `Display`; see the module
    /// documentation for the rules).
    pub fn parse(s: &str) -> Result<Purl, PurlError> {
        let (rest, subpath) = match s.split_once('#') {
            Some((rest, sub)) => (rest, decode_segments(sub, "subpath", true)?),
            None => (s, None),
        };
        let (rest, query) = match rest.split_once('?') {
            Some((rest, q)) => (rest, Some(q)),
            None => (rest, None),
        };
        let (scheme, rest) = rest.split_once(':').ok_or_else(|| purl_err("no `pkg:` scheme"))?;
        if !scheme.eq_ignore_ascii_case("pkg") {
            return Err(purl_err(format!("the scheme is {scheme:?}, not `pkg`")));
        }
        let rest = rest.trim_start_matches('/');
        let (ty, rest) = rest.split_once('/').ok_or_else(|| purl_err("no `type/` after `pkg:`"))?;
        if !valid_type(ty) {
            return Err(purl_err(format!("{ty:?} is not a valid purl type")));
        }
        let ty = ty.to_ascii_lowercase();
        let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
        let (rest, version) = match rest[last_slash..].rfind('@') {
            Some(at) => {
                let at = last_slash + at;
                let v = percent_decode(&rest[at + 1..], "version")?;
                (&rest[..at], (!v.is_empty()).then_some(v))
            }
            None => (rest, None),
        };
        let rest = rest.trim_end_matches('/');
        let (namespace, name) = match rest.rsplit_once('/') {
            Some((ns, name)) => (decode_segments(ns, "namespace", false)?, name),
            None => (None, rest),
        };
        let mut name = percent_decode(name, "name")?;
        if name.is_empty() {
            return Err(purl_err("no name"));
        }
        if name.contains('/') {
            return Err(purl_err("the name contains an encoded '/'"));
        }
        let mut qualifiers: Vec<(String, String)> = Vec::new();
        for pair in query.unwrap_or_default().split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').ok_or_else(|| purl_err(format!("qualifier {pair:?} has no '='")))?;
            let key = key.to_ascii_lowercase();
            if !valid_qualifier_key(&key) {
                return Err(purl_err(format!("{key:?} is not a valid qualifier key")));
            }
            let value = percent_decode(value, "qualifier value")?;
            if value.is_empty() {
                continue;
            }
            if qualifiers.iter().any(|(k, _)| *k == key) {
                return Err(purl_err(format!("qualifier {key:?} appears twice")));
            }
            qualifiers.push((key, value));
        }
        qualifiers.sort();

        let mut namespace = namespace;
        match ty.as_str() {
            "pypi" => name = normalize_pypi_name(&name),
            "composer" => {
                name = name.to_ascii_lowercase();
                namespace = namespace.map(|n| n.to_ascii_lowercase());
            }
            "deb" | "apk" | "rpm" | "alpm" => namespace = namespace.map(|n| n.to_ascii_lowercase()),
            _ => {}
        }
        Ok(Purl { ty, namespace, name, version, qualifiers, subpath })
    }

    /// The ci-sec ecosystem and package name this purl stands for, spelt as
    /// [`Package::name`] spells it; `None` for types ci-sec does not check
    /// (OS packages, `generic`, `oci`, …) and for purls that lack a part
    /// their type requires (a Maven purl without a group).
    ///
    /// npm: a scope written without its `@` (`pkg:npm/babel/core`) is still
    /// the scope `@babel`.
    ///
    /// Go: the module path is `namespace/name`. Syft writes the major-version
    /// suffix of a module as the subpath (`pkg:golang/github.com/x/y@v2.0.2#v2`
    /// for module `github.com/x/y/v2`); a subpath that is exactly `vN` (N ≥ 2)
    /// is therefore taken as part of the module path. Any other subpath is a
    /// package inside the module and does not change the module.
    pub fn to_package_identity(&self) -> Option<(Ecosystem, String)> {
        let ns = self.namespace.as_deref();
        let name = self.name.as_str();
        let flat = |eco: Ecosystem| ns.is_none().then(|| (eco, name.to_string()));
        match self.ty.as_str() {
            "npm" => match ns {
                None => Some((Ecosystem::Npm, name.to_string())),
                Some(scope) if !scope.contains('/') => {
                    Some((Ecosystem::Npm, format!("@{}/{name}", scope.trim_start_matches('@'))))
                }
                Some(_) => None,
            },
            "pypi" => ns.is_none().then(|| (Ecosystem::PyPI, normalize_pypi_name(name))),
            "cargo" => flat(Ecosystem::Cargo),
            "gem" => flat(Ecosystem::RubyGems),
            "nuget" => flat(Ecosystem::NuGet),
            "maven" => ns.map(|group| (Ecosystem::Maven, format!("{group}:{name}"))),
            "composer" => ns
                .filter(|v| !v.contains('/'))
                .map(|vendor| (Ecosystem::Packagist, format!("{vendor}/{name}").to_ascii_lowercase())),
            "golang" => {
                let mut path = match ns {
                    Some(ns) => format!("{ns}/{name}"),
                    None => name.to_string(),
                };
                if let Some(major) = self.subpath.as_deref().filter(|s| is_go_major_suffix(s)) {
                    path.push('/');
                    path.push_str(major);
                }
                Some((Ecosystem::Go, path))
            }
            _ => None,
        }
    }

    /// The OS package this purl describes (`deb`, `apk`, `rpm`), or `None`.
    pub fn os_package(&self) -> Option<OsPackage> {
        let kind = match self.ty.as_str() {
            "deb" => OsPackageKind::Deb,
            "apk" => OsPackageKind::Apk,
            "rpm" => OsPackageKind::Rpm,
            _ => return None,
        };
        let version = self.version.as_ref().map(|v| match self.qualifier("epoch") {
            Some(epoch) if epoch != "0" && !v.contains(':') => format!("{epoch}:{v}"),
            _ => v.clone(),
        });
        let (source_name, source_version) = match self.qualifier("upstream") {
            Some(up) => split_upstream(kind, up),
            None => (None, None),
        };
        Some(OsPackage {
            kind,
            vendor: self.namespace.clone(),
            name: self.name.clone(),
            version,
            arch: self.qualifier("arch").map(str::to_string),
            distro: self.qualifier("distro").map(|d| Distro::parse(d, self.namespace.as_deref())),
            source_name,
            source_version,
        })
    }
}

/// Splits `name-1.2` at the last `-` followed by a digit (`opensuse-leap-15.5`
/// → `opensuse-leap`, `15.5`; `ci-sec-0.1.0` → `ci-sec`, `0.1.0`).
pub(crate) fn split_name_version(s: &str) -> Option<(&str, &str)> {
    let (i, _) = s.char_indices().rfind(|&(i, c)| c == '-' && s[i + 1..].starts_with(|d: char| d.is_ascii_digit()))?;
    Some((&s[..i], &s[i + 1..]))
}

/// `v2`, `v3`, … : the major-version suffix of a Go module path.
fn is_go_major_suffix(s: &str) -> bool {
    s.strip_prefix('v')
        .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && !n.starts_with('0'))
        .and_then(|n| n.parse::<u64>().ok())
        .is_some_and(|n| n >= 2)
}

/// The `upstream` qualifier: deb `glibc` or `bash@5.2.15-2` (Syft adds the
/// source version when it differs from the binary's), rpm the source RPM
/// file name `openssl-1.1.1k-7.el8.src.rpm`, apk the origin package name.
fn split_upstream(kind: OsPackageKind, up: &str) -> (Option<String>, Option<String>) {
    if kind == OsPackageKind::Rpm
        && let Some(stem) = up.strip_suffix(".src.rpm").or_else(|| up.strip_suffix(".nosrc.rpm"))
    {
        let mut parts = stem.rsplitn(3, '-');
        if let (Some(release), Some(version), Some(name)) = (parts.next(), parts.next(), parts.next()) {
            return (Some(name.to_string()), Some(format!("{version}-{release}")));
        }
        return (Some(stem.to_string()), None);
    }
    match up.split_once('@') {
        Some((name, version)) => (Some(name.to_string()), (!version.is_empty()).then(|| version.to_string())),
        None => (Some(up.to_string()), None),
    }
}

/// Percent-encodes everything but the purl-spec's unreserved characters
/// (`A-Z a-z 0-9 . - _ ~`) and the characters in `keep`.
fn encode(out: &mut fmt::Formatter<'_>, s: &str, keep: &[u8]) -> fmt::Result {
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'~') || keep.contains(&b) {
            write!(out, "{}", b as char)?;
        } else {
            write!(out, "%{b:02X}")?;
        }
    }
    Ok(())
}

impl fmt::Display for Purl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "pkg:{}/", self.ty)?;
        if let Some(ns) = &self.namespace {
            for segment in ns.split('/').filter(|s| !s.is_empty()) {
                encode(f, segment, b"")?;
                f.write_str("/")?;
            }
        }
        encode(f, &self.name, b"")?;
        if let Some(v) = &self.version {
            f.write_str("@")?;
            encode(f, v, b":")?;
        }
        for (i, (k, v)) in self.qualifiers.iter().enumerate() {
            f.write_str(if i == 0 { "?" } else { "&" })?;
            f.write_str(k)?;
            f.write_str("=")?;
            encode(f, v, b":/")?;
        }
        if let Some(sub) = &self.subpath {
            f.write_str("#")?;
            for (i, seg) in sub.split('/').filter(|s| !s.is_empty() && *s != "." && *s != "..").enumerate() {
                if i > 0 {
                    f.write_str("/")?;
                }
                encode(f, seg, b"")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::package::{Ecosystem::*, Package};

    fn purl(eco: Ecosystem, name: &str, version: &str) -> String {
        Package::pinned(eco, name, version, 1).purl().to_string()
    }

    #[test]
    fn per_type_rules_of_the_purl_spec() {
        assert_eq!(purl(Npm, "@babel/core", "7.24.0"), "pkg:npm/%40babel/core@7.24.0");
        assert_eq!(purl(Npm, "left-pad", "1.3.0"), "pkg:npm/left-pad@1.3.0");
        assert_eq!(purl(PyPI, "Django_REST.framework", "3.15.1"), "pkg:pypi/django-rest-framework@3.15.1");
        assert_eq!(purl(PyPI, "zope.interface", "6.0"), "pkg:pypi/zope-interface@6.0");
        assert_eq!(
            purl(Go, "github.com/Azure/go-autorest", "v14.2.0+incompatible"),
            "pkg:golang/github.com/Azure/go-autorest@v14.2.0%2Bincompatible"
        );
        assert_eq!(purl(Maven, "org.apache.commons:commons-lang3", "3.14.0"), "pkg:maven/org.apache.commons/commons-lang3@3.14.0");
        assert_eq!(purl(Packagist, "Symfony/Console", "v6.4.1"), "pkg:composer/symfony/console@v6.4.1");
        assert_eq!(purl(Cargo, "serde", "1.0.200"), "pkg:cargo/serde@1.0.200");
        assert_eq!(purl(NuGet, "Newtonsoft.Json", "13.0.3"), "pkg:nuget/Newtonsoft.Json@13.0.3");
        assert_eq!(purl(RubyGems, "rails", "7.1.3"), "pkg:gem/rails@7.1.3");
    }

    #[test]
    fn qualifiers_are_sorted_and_encoded() {
        let p = Purl::new("deb", Some("debian"), "curl", Some("7.88.1-10+deb12u5"))
            .with_qualifier("distro", "debian-12")
            .with_qualifier("arch", "amd64")
            .with_qualifier("empty", "");
        assert_eq!(p.to_string(), "pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=amd64&distro=debian-12");
    }

    #[test]
    fn git_origin_becomes_vcs_url() {
        let mut pkg = Package::pinned(Cargo, "foo", "0.1.0", 1);
        pkg.origin = Origin::Git { url: "https://github.com/o/foo".into(), rev: Some("abc123".into()) };
        assert_eq!(pkg.purl().to_string(), "pkg:cargo/foo@0.1.0?vcs_url=git%2Bhttps://github.com/o/foo%40abc123");
    }

    #[test]
    fn unpinned_packages_have_no_version() {
        let pkg = Package::new(PyPI, "requests", crate::model::package::Version::Unpinned(">=2".into()), 1);
        assert_eq!(pkg.purl().to_string(), "pkg:pypi/requests");
    }

    // Cases below are written from the purl specification's parsing rules
    // and its per-type examples, plus what Syft and Trivy write.

    #[test]
    fn canonical_purls_round_trip_through_parse_and_display() {
        for text in [
            "pkg:npm/foobar@12.3.1",
            "pkg:npm/%40babel/core@7.24.0",
            "pkg:npm/mypackage@12.4.5?vcs_url=git://host.com/path/to/repo.git%404345abcd34343",
            "pkg:pypi/django-allauth@12.23",
            "pkg:pypi/django@1.11.1?filename=Django-1.11.1.tar.gz",
            "pkg:maven/org.apache.commons/commons-lang3@3.14.0",
            "pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?classifier=sources&repository_url=repo.spring.io/release",
            "pkg:golang/github.com/Azure/go-autorest@v14.2.0%2Bincompatible",
            "pkg:golang/google.golang.org/genproto#googleapis/api/annotations",
            "pkg:golang/github.com/cpuguy83/go-md2man@v2.0.2#v2",
            "pkg:composer/laravel/laravel@5.5.0",
            "pkg:cargo/foo@0.1.0?vcs_url=git%2Bhttps://github.com/o/foo%40abc123",
            "pkg:gem/jruby-launcher@1.1.2?platform=java",
            "pkg:nuget/EnterpriseLibrary.Common@6.0.1304",
            "pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=amd64&distro=debian-12",
            "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&distro=debian-12&upstream=zlib",
            "pkg:deb/debian/bash@5.2.15-2%2Bb8?arch=amd64&distro=debian-12&upstream=bash%405.2.15-2",
            "pkg:rpm/fedora/curl@7.50.3-1.fc25?arch=i386&distro=fedora-25",
            "pkg:rpm/centerim@4.22.10-1.el6?arch=i686&distro=fedora-25&epoch=1",
            "pkg:apk/alpine/curl@7.83.0-r0?arch=x86",
            "pkg:docker/customer/dockerimage@sha256:244fd47e07d10?repository_url=gcr.io",
            "pkg:generic/openssl@1.1.10g?checksum=sha1:ad9503c3e994a4f%2Csha256:41bf9088b3a1e6c1ef1d",
            "pkg:generic/name%20with%20spaces%25@1.0",
        ] {
            let purl = Purl::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(purl.to_string(), text);
        }
    }

    #[test]
    fn parse_decodes_every_component() {
        let p = Purl::parse("pkg:maven/org.apache%2Dcommons/io%2D1@1.0%2B2?classifier=a%20b#sub/p%C3%A4th").unwrap();
        assert_eq!(p.ty, "maven");
        assert_eq!(p.namespace.as_deref(), Some("org.apache-commons"));
        assert_eq!(p.name, "io-1");
        assert_eq!(p.version.as_deref(), Some("1.0+2"));
        assert_eq!(p.qualifiers, vec![("classifier".to_string(), "a b".to_string())]);
        assert_eq!(p.subpath.as_deref(), Some("sub/päth"));
        // '+' is not a space in a purl.
        assert_eq!(Purl::parse("pkg:deb/debian/x@1+b1").unwrap().version.as_deref(), Some("1+b1"));
    }

    #[test]
    fn lenient_inputs_parse_to_the_canonical_form() {
        for (input, canonical) in [
            // Parsers must accept `pkg://` and ignore the slashes.
            ("pkg://npm/foo@1.0.0", "pkg:npm/foo@1.0.0"),
            ("pkg:///npm/foo@1.0.0", "pkg:npm/foo@1.0.0"),
            ("PKG:NPM/foo@1.0.0", "pkg:npm/foo@1.0.0"),
            ("pkg:PYPI/Django_package@1.11.1.dev1", "pkg:pypi/django-package@1.11.1.dev1"),
            ("pkg:pypi/Zope.Interface@6.0", "pkg:pypi/zope-interface@6.0"),
            ("pkg:composer/Laravel/Laravel@5.5.0", "pkg:composer/laravel/laravel@5.5.0"),
            ("pkg:deb/Debian/curl@1", "pkg:deb/debian/curl@1"),
            // Keys are lowercased and sorted; empty values dropped.
            ("pkg:maven/g/a@1?Type=jar&classifier=sources&empty=", "pkg:maven/g/a@1?classifier=sources&type=jar"),
            ("pkg:npm/foo@1.0.0?", "pkg:npm/foo@1.0.0"),
            ("pkg:npm/foo@1?&&a=b&", "pkg:npm/foo@1?a=b"),
            // Subpath: empty, '.' and '..' segments dropped, slashes trimmed.
            ("pkg:golang/google.golang.org/genproto#/googleapis/./api/../annotations/", "pkg:golang/google.golang.org/genproto#googleapis/api/annotations"),
            ("pkg:npm/foo@1#", "pkg:npm/foo@1"),
            // Empty namespace segments and trailing slashes.
            ("pkg:maven//org.example//lib/@2", "pkg:maven/org.example/lib@2"),
            ("pkg:npm/foo@", "pkg:npm/foo"),
            // An unencoded npm scope, with and without a version.
            ("pkg:npm/@babel/core@7.0.0", "pkg:npm/%40babel/core@7.0.0"),
            ("pkg:npm/@babel/core", "pkg:npm/%40babel/core"),
            // An unencoded '?' inside a qualifier value.
            ("pkg:generic/x@1?download_url=https://h/p?a=b", "pkg:generic/x@1?download_url=https://h/p%3Fa%3Db"),
        ] {
            let purl = Purl::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(purl.to_string(), canonical, "{input}");
        }
        let scoped = Purl::parse("pkg:npm/@babel/core").unwrap();
        assert_eq!((scoped.namespace.as_deref(), scoped.name.as_str(), scoped.version), (Some("@babel"), "core", None));
    }

    #[test]
    fn invalid_purls_are_errors_not_guesses() {
        for input in [
            "",
            "EnterpriseLibrary.Common@6.0.1304",
            "pkg:EnterpriseLibrary.Common@6.0.1304",
            "pkg:n&g?inx/nginx@0.8.9",
            "pkg:3nginx/nginx@0.8.9",
            "pkg:nginx:a/nginx@0.8.9",
            "pkg:/nginx@0.8.9",
            "pkg:npm/myartifact@1.0.0?in%20production=true",
            "pkg:npm/foo@1?9key=x",
            "pkg:npm/foo@1?novalue",
            "pkg:npm/foo@1?a=1&A=2",
            "pkg:maven/@1.3.4",
            "pkg:npm/",
            "pkg%3Amaven/org.apache.commons/io",
            "http://example.com/foo",
            "pkg:npm/foo%2",
            "pkg:npm/foo%zz@1",
            "pkg:npm/foo%FF",
            "pkg:npm/a%2Fb",
            "pkg:golang/x#a%2Fb",
            "pkg:maven/g%2Fh/a@1",
        ] {
            assert!(Purl::parse(input).is_err(), "{input:?} should not parse: {:?}", Purl::parse(input));
        }
    }

    #[test]
    fn every_ecosystem_maps_back_to_the_name_its_packages_carry() {
        for (eco, name, expected_name) in [
            (Npm, "left-pad", "left-pad"),
            (Npm, "@babel/core", "@babel/core"),
            (Npm, "JSONStream", "JSONStream"),
            (PyPI, "Django_REST.framework", "django-rest-framework"),
            (Cargo, "pretty_assertions", "pretty_assertions"),
            (Go, "github.com/Azure/go-autorest", "github.com/Azure/go-autorest"),
            (Go, "github.com/cpuguy83/go-md2man/v2", "github.com/cpuguy83/go-md2man/v2"),
            (Go, "gopkg.in/yaml.v3", "gopkg.in/yaml.v3"),
            (Go, "stdlib", "stdlib"),
            (RubyGems, "rails", "rails"),
            (Packagist, "Symfony/Console", "symfony/console"),
            (Maven, "org.apache.commons:commons-lang3", "org.apache.commons:commons-lang3"),
            (NuGet, "Newtonsoft.Json", "Newtonsoft.Json"),
        ] {
            let text = Package::pinned(eco, name, "1.0.0+x", 1).purl().to_string();
            let purl = Purl::parse(&text).unwrap();
            assert_eq!(purl.to_package_identity(), Some((eco, expected_name.to_string())), "{text}");
            assert_eq!(purl.version.as_deref(), Some("1.0.0+x"));
        }
    }

    #[test]
    fn identities_of_purls_other_tools_write() {
        let id = |s: &str| Purl::parse(s).unwrap().to_package_identity();
        // Syft: Go major-version suffix as the subpath.
        assert_eq!(id("pkg:golang/github.com/cpuguy83/go-md2man@v2.0.2#v2"), Some((Go, "github.com/cpuguy83/go-md2man/v2".into())));
        // A package inside a module is still that module.
        assert_eq!(id("pkg:golang/google.golang.org/genproto#googleapis/api/annotations"), Some((Go, "google.golang.org/genproto".into())));
        assert_eq!(id("pkg:golang/github.com/x/y@v1.0.0#v1"), Some((Go, "github.com/x/y".into())));
        assert_eq!(id("pkg:golang/stdlib@1.22.1"), Some((Go, "stdlib".into())));
        // A scope written without its '@'.
        assert_eq!(id("pkg:npm/babel/core@7.0.0"), Some((Npm, "@babel/core".into())));
        for unmapped in [
            "pkg:maven/commons-lang3@3.14.0",
            "pkg:composer/monolog@1",
            "pkg:cargo/ns/serde@1",
            "pkg:pypi/ns/requests@2",
            "pkg:npm/a/b/c@1",
            "pkg:deb/debian/curl@7.88.1-10",
            "pkg:generic/openssl@3.0.0",
            "pkg:github/package-url/purl-spec@244fd47e07d10",
            "pkg:oci/debian@sha256%3A244fd47e07d10",
        ] {
            assert_eq!(id(unmapped), None, "{unmapped}");
        }
    }

    #[test]
    fn os_packages_keep_distro_epoch_and_source() {
        let os = |s: &str| Purl::parse(s).unwrap().os_package().unwrap();
        // Syft: epoch inside the version, source in `upstream`.
        let syft = os("pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&distro=debian-12&upstream=zlib");
        // Trivy: epoch as a qualifier, a point release in `distro`.
        let trivy = os("pkg:deb/debian/zlib1g@1.2.13.dfsg-1?arch=amd64&distro=debian-12.11&epoch=1");
        assert_eq!(syft.version.as_deref(), Some("1:1.2.13.dfsg-1"));
        assert_eq!(trivy.version, syft.version);
        assert_eq!((syft.kind, syft.vendor.as_deref(), syft.name.as_str(), syft.arch.as_deref()), (OsPackageKind::Deb, Some("debian"), "zlib1g", Some("amd64")));
        assert_eq!(syft.distro, Some(Distro { id: "debian".into(), version: Some("12".into()), raw: "debian-12".into() }));
        assert_eq!(trivy.distro.as_ref().map(|d| (d.id.as_str(), d.version.as_deref())), Some(("debian", Some("12.11"))));
        assert_eq!((syft.source_name.as_deref(), syft.source_version.as_deref()), (Some("zlib"), None));
        assert_eq!(trivy.source_name, None);

        let bash = os("pkg:deb/debian/bash@5.2.15-2%2Bb8?arch=amd64&distro=debian-12&upstream=bash%405.2.15-2");
        assert_eq!((bash.source_name.as_deref(), bash.source_version.as_deref()), (Some("bash"), Some("5.2.15-2")));
        assert_eq!(os("pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie").distro.map(|d| (d.id, d.version)), Some(("jessie".into(), None)));

        for text in ["pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=3.20.3", "pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=alpine-3.20.3&upstream=musl"] {
            let apk = os(text);
            assert_eq!(apk.kind, OsPackageKind::Apk);
            assert_eq!(apk.distro.map(|d| (d.id, d.version)), Some(("alpine".into(), Some("3.20.3".into()))), "{text}");
            assert_eq!(apk.version.as_deref(), Some("1.2.5-r0"));
        }

        let rpm = os("pkg:rpm/redhat/openssl-libs@1.1.1k-7.el8_6?arch=x86_64&epoch=1&upstream=openssl-1.1.1k-7.el8_6.src.rpm&distro=rhel-8.6");
        assert_eq!(rpm.kind, OsPackageKind::Rpm);
        assert_eq!(rpm.version.as_deref(), Some("1:1.1.1k-7.el8_6"));
        assert_eq!((rpm.source_name.as_deref(), rpm.source_version.as_deref()), (Some("openssl"), Some("1.1.1k-7.el8_6")));
        assert_eq!(rpm.distro.map(|d| (d.id, d.version)), Some(("rhel".into(), Some("8.6".into()))));
        // Epoch 0 is no epoch; opensuse-leap keeps its dash.
        let zero = os("pkg:rpm/opensuse/curl@8.0.1-1.1?epoch=0&distro=opensuse-leap-15.5");
        assert_eq!(zero.version.as_deref(), Some("8.0.1-1.1"));
        assert_eq!(zero.distro.map(|d| (d.id, d.version)), Some(("opensuse-leap".into(), Some("15.5".into()))));

        assert_eq!(Purl::parse("pkg:npm/left-pad@1.3.0").unwrap().os_package(), None);
    }
}
