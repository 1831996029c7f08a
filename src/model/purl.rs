//! Package URLs, built exactly as the purl specification defines them.
//!
//! Canonical form: `pkg:type/namespace/name@version?qualifiers#subpath`, type
//! lowercase, each namespace segment, the name and the version
//! percent-encoded (so npm's `@scope` becomes `%40scope` and Go's
//! `+incompatible` becomes `%2Bincompatible`), qualifiers sorted by key.
//! Per-type rules: PyPI names are normalised as PEP 503 does; Composer
//! vendor and name are lowercased; Maven splits `group:artifact`; Go splits
//! the module path at its last `/`.

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
}
