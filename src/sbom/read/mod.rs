//! Reading SBOMs written by other tools (and by ci-sec itself) back into
//! [`Package`]s, so `ci-sec scan --sbom FILE` can match them against
//! advisories exactly as it matches a lockfile's inventory.
//!
//! Formats: CycloneDX JSON 1.4, 1.5 and 1.6 ([`cyclonedx`]) and SPDX JSON
//! 2.2 and 2.3 ([`spdx`]), told apart by `bomFormat`/`specVersion` and
//! `spdxVersion`. Any other version (CycloneDX 1.3 or 1.7, SPDX 3's JSON-LD)
//! is an error that names the file and the line of the version field,
//! rather than a partial read: minor versions add fields, and a reader that
//! has never seen them cannot vouch for what it skipped.
//!
//! Decisions:
//! - **Identity comes from the purl.** A component's ecosystem and name are
//!   what its purl says ([`Purl::to_package_identity`]); the component's
//!   own `name` (and `group`) is kept only when it spells the same package
//!   (PyPI compared PEP 503-normalised, Composer case-insensitively), so a
//!   round trip through ci-sec's own SBOM keeps the lockfile's spelling.
//!   The version is the purl's, else the component's; Syft's placeholder
//!   `UNKNOWN` counts as no version. A package with no version becomes
//!   [`Version::Unresolved`], as the inventory does for versions it cannot
//!   see.
//! - **Nothing is dropped silently.** A package-like entry (CycloneDX
//!   `library`/`framework` or no type; SPDX `LIBRARY`/`FRAMEWORK` or no
//!   purpose) that has no purl, an unparsable purl, or a purl of a type ci-sec
//!   does not check becomes an [`Unchecked`] entry with the reason. OS
//!   packages (`deb`, `apk`, `rpm`) are unchecked too, carrying their
//!   [`OsPackage`] for the distribution-matching stage. The document's own
//!   subject (CycloneDX `metadata.component`, the SPDX `DESCRIBES` target)
//!   is not a dependency; it is listed as unchecked only when it has a purl
//!   of a checked ecosystem (it is a real package whose own advisories are
//!   not looked up).
//! - **Containers are not packages.** Entries of other kinds without a
//!   usable purl — Trivy's one `application` per lockfile and its
//!   `operating-system`, ci-sec's lockfile applications, Syft's directory
//!   root, `file`, `container`, … — are skipped and counted in a note; an
//!   operating system's name and version are noted because distribution
//!   matching will need them. An entry of any kind whose purl maps to an
//!   ecosystem is read as a package.
//! - **Lines.** Every package's `line` is the line of its component/package
//!   object in the SBOM, and `file` is `None` (the SBOM itself), so a
//!   finding points into the file that was scanned. Exception: when the SBOM
//!   records the lockfile line itself — CycloneDX 1.6
//!   `evidence.occurrences[].line`, ci-sec's `ci-sec:location` property
//!   (1.5), or ci-sec's SPDX `sourceInfo` — `file`/`line` are that location
//!   (one package per occurrence) and the SBOM line is kept as the
//!   `sbom-line` property. Where a tool names only the lockfile (Syft's
//!   `syft:location:N:path`, Trivy's per-lockfile application, SPDX
//!   `sourceInfo`, an occurrence without a line), the path goes into the
//!   `source-file` property, as written.
//! - **Scope**: CycloneDX `excluded` is dev, `optional` is an optional
//!   runtime package, ci-sec's `ci-sec:scope` property is exact; in SPDX,
//!   a package reached only through `DEV_`/`TEST_DEPENDENCY_OF` edges is dev,
//!   only through `BUILD_DEPENDENCY_OF` is build.
//! - **Graph**: `key` is the `bom-ref` / `SPDXID`; `depends_on` follows the
//!   CycloneDX `dependencies` and the SPDX dependency relationships.
//! - Malformed documents (bad JSON, a field of the wrong JSON type, nesting
//!   past [`MAX_COMPONENT_DEPTH`]) are a [`ParseError`] with the line; no
//!   input panics.

pub mod cyclonedx;
pub mod spdx;

use crate::inventory::{Note, ParseError};
use crate::model::purl::normalize_pypi_name;
use crate::model::{Ecosystem, OsPackage, Origin, Package, Purl, Version};
use crate::syntax::json::{self, Kind, Value};
use crate::syntax::lines::LineIndex;

/// Deepest nesting of CycloneDX `components` inside components.
pub const MAX_COMPONENT_DEPTH: usize = 32;

/// Everything read from one SBOM.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadSbom {
    /// `CycloneDX 1.5`, `SPDX 2.3`.
    pub format: String,
    /// The tools that wrote the SBOM, as `name version` (`syft 1.18.1`).
    pub tools: Vec<String>,
    /// Packages ci-sec can check, in document order.
    pub packages: Vec<Package>,
    /// Entries that name a package ci-sec cannot check, with the reason.
    pub unchecked: Vec<Unchecked>,
    /// What the user should know (skipped containers, the operating system).
    pub notes: Vec<Note>,
}

/// A package the SBOM lists but ci-sec does not check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unchecked {
    /// The name as the SBOM writes it (`group/name` when it has a group).
    pub name: String,
    pub version: Option<String>,
    pub reason: String,
    /// 1-based line of the entry in the SBOM.
    pub line: u32,
    /// The purl as written, if any.
    pub purl: Option<String>,
    /// Set for `deb`/`apk`/`rpm` packages, for distribution matching.
    pub os_package: Option<OsPackage>,
}

/// Reads a CycloneDX or SPDX JSON document. `display` names the file in
/// error messages and notes (each [`ParseError`] message starts with it, so
/// callers need not add it again).
pub fn read_sbom(text: &str, display: &str) -> Result<ReadSbom, ParseError> {
    let lines = LineIndex::new(text);
    let root = json::parse(text).map_err(|e| {
        let lc = lines.line_col(e.offset);
        ParseError::new(lc.line, lc.column, format!("{display} is not valid JSON: {}", e.message))
    })?;
    let ctx = Ctx { display, lines: &lines };
    if root.as_object().is_none() {
        return Err(ctx.error(&root, format!("{display} is not an SBOM: the document is a JSON {}, not an object", root.type_name())));
    }
    let mut read = if let Some(format) = root.get("bomFormat") {
        cyclonedx::read(&root, format, &ctx)?
    } else if let Some(version) = root.get("spdxVersion") {
        spdx::read(&root, version, &ctx)?
    } else {
        return Err(ctx.error(&root, not_an_sbom(&root, display)));
    };
    if !text.trim_end().contains('\n') && read.packages.len() + read.unchecked.len() > 1 {
        read.notes.push(Note {
            line: 0,
            message: format!(
                "{display} is minified JSON on a single line, so every entry is at line 1; pretty-print it (`jq . {display}`) for line numbers that tell entries apart"
            ),
        });
    }
    Ok(read)
}

fn not_an_sbom(root: &Value<'_>, display: &str) -> String {
    match root.get("@context").or_else(|| root.get("spdxId")) {
        Some(_) => format!("{display} looks like SPDX 3 (JSON-LD), which ci-sec does not read: use SPDX 2.2/2.3 JSON or CycloneDX 1.4-1.6 JSON"),
        None => format!("{display} is neither CycloneDX JSON (no `bomFormat`) nor SPDX JSON (no `spdxVersion`)"),
    }
}

/// What every reader needs to position errors and lines.
pub(crate) struct Ctx<'a> {
    pub display: &'a str,
    pub lines: &'a LineIndex<'a>,
}

impl Ctx<'_> {
    pub fn line(&self, value: &Value<'_>) -> u32 {
        self.lines.line(value.offset)
    }

    pub fn error(&self, value: &Value<'_>, message: String) -> ParseError {
        let lc = self.lines.line_col(value.offset);
        ParseError::new(lc.line, lc.column, message)
    }

    /// `obj[key]` as a string; absent and `null` are `None`, any other type
    /// an error.
    pub fn opt_str<'v>(&self, obj: &'v Value<'_>, key: &str) -> Result<Option<&'v str>, ParseError> {
        match obj.get(key) {
            None => Ok(None),
            Some(v) => match &v.kind {
                Kind::Null => Ok(None),
                Kind::String(s) => Ok(Some(s)),
                _ => Err(self.error(v, format!("{}: `{key}` must be a string, not a JSON {}", self.display, v.type_name()))),
            },
        }
    }

    /// `obj[key]` as an array of objects; absent and `null` are empty.
    pub fn opt_objects<'v, 'a>(&self, obj: &'v Value<'a>, key: &str) -> Result<&'v [Value<'a>], ParseError> {
        let Some(v) = obj.get(key) else { return Ok(&[]) };
        let items = match &v.kind {
            Kind::Null => return Ok(&[]),
            Kind::Array(items) => items.as_slice(),
            _ => return Err(self.error(v, format!("{}: `{key}` must be an array, not a JSON {}", self.display, v.type_name()))),
        };
        if let Some(bad) = items.iter().find(|i| i.as_object().is_none()) {
            return Err(self.error(bad, format!("{}: each entry of `{key}` must be an object, not a JSON {}", self.display, bad.type_name())));
        }
        Ok(items)
    }

    /// `obj[key]` as an array of strings; absent and `null` are empty.
    pub fn opt_strings<'v>(&self, obj: &'v Value<'_>, key: &str) -> Result<Vec<&'v str>, ParseError> {
        let Some(v) = obj.get(key) else { return Ok(Vec::new()) };
        match &v.kind {
            Kind::Null => Ok(Vec::new()),
            Kind::Array(items) => items
                .iter()
                .map(|i| i.as_str().ok_or_else(|| self.error(i, format!("{}: each entry of `{key}` must be a string, not a JSON {}", self.display, i.type_name()))))
                .collect(),
            _ => Err(self.error(v, format!("{}: `{key}` must be an array, not a JSON {}", self.display, v.type_name()))),
        }
    }
}

/// A package-like entry, format-neutral: what both readers extract before
/// deciding what it becomes.
#[derive(Debug, Default)]
pub(crate) struct Entry<'a> {
    /// The component's `name` (with `group` folded in as `group/name`, for
    /// display).
    pub display_name: String,
    /// The component's name and group as written.
    pub name: Option<&'a str>,
    pub group: Option<&'a str>,
    pub version: Option<&'a str>,
    pub purl: Option<&'a str>,
    /// Whether the entry's kind (CycloneDX type, SPDX purpose) says
    /// "a package" rather than a container of packages.
    pub package_like: bool,
    /// Kind as written, for notes (`application`, `OPERATING-SYSTEM`).
    pub kind: String,
    /// 1-based line of the entry.
    pub line: u32,
    pub key: String,
}

/// What an entry turned out to be.
pub(crate) enum Outcome {
    Package(Package),
    Unchecked(Unchecked),
    /// Not a package: counted in a note under its kind.
    Skipped,
}

/// Decides what an entry is; a package gets identity, version, key, line
/// and origin here, and the format-specific rest from the caller.
pub(crate) fn classify(entry: &Entry<'_>) -> Outcome {
    let version = entry.version.filter(|v| !v.is_empty() && *v != "UNKNOWN");
    let unchecked = |reason: String, os_package: Option<OsPackage>| Unchecked {
        name: entry.display_name.clone(),
        version: version.map(str::to_string),
        reason,
        line: entry.line,
        purl: entry.purl.map(str::to_string),
        os_package,
    };
    let Some(purl_text) = entry.purl else {
        return if entry.package_like {
            Outcome::Unchecked(unchecked("no purl: the SBOM does not say which ecosystem the package belongs to".into(), None))
        } else {
            Outcome::Skipped
        };
    };
    let purl = match Purl::parse(purl_text.trim()) {
        Ok(p) => p,
        Err(e) => return Outcome::Unchecked(unchecked(format!("invalid purl: {e}"), None)),
    };
    if let Some((ecosystem, purl_name)) = purl.to_package_identity() {
        let name = written_name(entry, ecosystem, &purl_name).unwrap_or(purl_name);
        let version = purl.version.as_deref().or(version);
        let version = match version {
            Some(v) => Version::Pinned(v.to_string()),
            None => Version::Unresolved("the SBOM gives no version".into()),
        };
        let mut pkg = Package::new(ecosystem, name, version, entry.line);
        pkg.key = entry.key.clone();
        pkg.origin = origin(&purl);
        return Outcome::Package(pkg);
    }
    if let Some(os) = purl.os_package() {
        let reason = format!(
            "OS package ({}): matching against distribution advisories is not implemented yet",
            os.kind.purl_type()
        );
        let mut u = unchecked(reason, Some(os));
        if u.version.is_none() {
            u.version = purl.version.clone();
        }
        return Outcome::Unchecked(u);
    }
    if !entry.package_like {
        return Outcome::Skipped;
    }
    Outcome::Unchecked(unchecked(unmapped_reason(&purl), None))
}

/// The document's subject (CycloneDX `metadata.component`, the SPDX
/// `DESCRIBES` target) is not a dependency; it is worth listing only when it
/// is a package of a checked ecosystem, whose own advisories are then not
/// looked up.
pub(crate) fn subject_as_unchecked(mut entry: Entry<'_>, what: &str) -> Option<Unchecked> {
    entry.package_like = true;
    match classify(&entry) {
        Outcome::Package(_) => Some(Unchecked {
            name: entry.display_name,
            version: entry.version.map(str::to_string),
            reason: format!("the SBOM's subject ({what}), not one of its dependencies"),
            line: entry.line,
            purl: entry.purl.map(str::to_string),
            os_package: None,
        }),
        _ => None,
    }
}

fn unmapped_reason(purl: &Purl) -> String {
    match purl.ty.as_str() {
        "maven" => "Maven purl without a namespace (groupId)".into(),
        "composer" => "Composer purl without a vendor namespace".into(),
        "npm" => "npm purl with a namespace of several segments".into(),
        "pypi" | "cargo" | "gem" | "nuget" => format!("{} purl with a namespace, which the type does not have", purl.ty),
        ty => format!("purl type `{ty}` is not an ecosystem ci-sec checks"),
    }
}

/// The component's own spelling of the name, when it names the same
/// package as the purl.
fn written_name(entry: &Entry<'_>, ecosystem: Ecosystem, purl_name: &str) -> Option<String> {
    let name = entry.name.filter(|n| !n.is_empty())?;
    let candidate = match (entry.group.filter(|g| !g.is_empty()), ecosystem) {
        (None, _) => name.to_string(),
        (Some(g), Ecosystem::Maven) => format!("{g}:{name}"),
        (Some(g), Ecosystem::Npm) => format!("@{}/{name}", g.trim_start_matches('@')),
        (Some(g), _) => format!("{g}/{name}"),
    };
    let same = match ecosystem {
        Ecosystem::PyPI => normalize_pypi_name(&candidate) == normalize_pypi_name(purl_name),
        Ecosystem::Packagist => candidate.eq_ignore_ascii_case(purl_name),
        _ => candidate == purl_name,
    };
    same.then_some(candidate)
}

/// Where the package comes from, by the purl's qualifiers.
fn origin(purl: &Purl) -> Origin {
    if let Some(vcs) = purl.qualifier("vcs_url") {
        let url = vcs.strip_prefix("git+").unwrap_or(vcs);
        // `url@rev`, where the `@` comes after the path (not `git@host:`).
        let path_start = url.find("://").map_or(0, |i| i + 3);
        return match url[path_start..].rfind('@').map(|i| path_start + i).filter(|&i| url[path_start..i].contains('/')) {
            Some(at) => Origin::Git { url: url[..at].to_string(), rev: Some(url[at + 1..].to_string()) },
            None => Origin::Git { url: url.to_string(), rev: None },
        };
    }
    if let Some(url) = purl.qualifier("download_url") {
        return Origin::Url(url.to_string());
    }
    if let Some(url) = purl.qualifier("repository_url") {
        return Origin::AlternateRegistry(url.to_string());
    }
    Origin::Registry
}

/// `file:line` as ci-sec writes locations (line 0: the whole file); `None`
/// when there is no line.
pub(crate) fn split_location(s: &str) -> Option<(String, u32)> {
    let (file, line) = s.trim().rsplit_once(':')?;
    let line: u32 = line.parse().ok()?;
    (!file.is_empty()).then(|| (file.to_string(), line))
}

/// A digest as a lockfile writes it (`sha256:<hex>`), which
/// [`crate::sbom::hashes::parse`] reads back; `None` for unusable values.
pub(crate) fn digest(alg: &str, hex: &str) -> Option<String> {
    let alg: String = alg.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
    let hex = hex.trim();
    (!alg.is_empty() && !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| format!("{alg}:{}", hex.to_ascii_lowercase()))
}

/// Gives each location its own copy of the package: `file`/`line` from the
/// location, the SBOM line as the `sbom-line` property.
pub(crate) fn per_location(pkg: Package, locations: Vec<(String, u32)>) -> Vec<Package> {
    if locations.is_empty() {
        return vec![pkg];
    }
    locations
        .into_iter()
        .map(|(file, line)| {
            let mut p = pkg.clone();
            p.properties.push(("sbom-line".into(), pkg.line.to_string()));
            p.file = Some(file);
            p.line = line;
            p
        })
        .collect()
}

/// Collects skipped entries per kind and the operating systems seen, and
/// turns them into notes.
#[derive(Default)]
pub(crate) struct Skips {
    counts: std::collections::BTreeMap<String, usize>,
    notes: Vec<Note>,
}

impl Skips {
    pub fn skip(&mut self, kind: &str) {
        *self.counts.entry(kind.to_string()).or_default() += 1;
    }

    pub fn note(&mut self, line: u32, message: String) {
        self.notes.push(Note { line, message });
    }

    pub fn into_notes(self) -> Vec<Note> {
        let mut notes = self.notes;
        if !self.counts.is_empty() {
            let list: Vec<String> = self.counts.iter().map(|(k, n)| format!("{k} ({n})")).collect();
            notes.push(Note {
                line: 0,
                message: format!("not read as packages (they hold or describe packages, and have no purl of a checked ecosystem): {}", list.join(", ")),
            });
        }
        notes
    }
}

#[cfg(test)]
mod tests;
