//! `poetry.lock`, lock-version 1.x and 2.x (Poetry 1.0 to 2.x).
//!
//! Every `[[package]]` is a package: Poetry never locks the root project.
//! Supported variants:
//! - lock-version 1.x (Poetry ≤ 1.2): `category = "main"|"dev"`, hashes in
//!   `[metadata.files]` (keyed by name; filtered to the files of the
//!   package's version when several versions share the name);
//! - lock-version 2.0 (Poetry 1.3–1.8): `files = [{file, hash}]` inline; with
//!   `category` up to Poetry 1.4, without it from 1.5 on;
//! - lock-version 2.1 (Poetry 2.x): `groups = [...]` and `markers` (a string,
//!   or a table by group).
//!
//! Scope, in order of what the file offers: `category = "dev"` → Dev; else
//! `groups` → Runtime when `main` is among them, Dev when only other groups
//! are; else (Poetry 1.5–1.8) by reachability in the lock's dependency graph
//! from the sibling `pyproject.toml`'s declarations (runtime and extras →
//! Runtime, dev groups → Dev; see [`super::pyproject`]). Without a
//! `pyproject.toml` that last case reports everything as Runtime, with a note.
//!
//! Direct: when a sibling `pyproject.toml` is readable, packages it declares
//! are direct and the others are not; otherwise `None`.
//! Optional: `optional = true`, or (2.1) a `main` marker that only holds
//! under `extra == …` clauses (the package is in `main` only through an extra).
//! Origin from `[package.source]`: `git` (rev = `resolved_reference`, else
//! `reference`), `url`, `file`/`directory` (path, listed like any package:
//! it is a locked dependency, not the root project), `legacy` (an alternate
//! registry unless it is PyPI's own simple index). Hashes: every file hash
//! recorded for the package, as written (`sha256:…`).
//! Edges: `[package.dependencies]` keys, PEP 503 normalised; a name locked
//! in several versions (per-marker forks) links to all of them, and an
//! optional (extra-only) dependency is an edge whenever its target is locked
//! (Poetry does not record which extras a dependent asked for), so the
//! reachability walk can only err towards Runtime, never towards Dev.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use toml::Spanned;

use crate::inventory::{Catalog, Note, ParseError, Source};
use crate::model::{Ecosystem, Origin, Package, Scope};
use crate::syntax::lines::LineIndex;

use super::common::{dist_filename, normalize, reach, registry_origin, Reach};
use super::pyproject;

#[derive(Deserialize)]
struct Lockfile {
    #[serde(default)]
    package: Vec<LockPackage>,
    metadata: Option<Metadata>,
}

#[derive(Deserialize)]
struct Metadata {
    #[serde(rename = "lock-version")]
    lock_version: Option<Spanned<String>>,
    /// lock-version 1.x: name → files.
    #[serde(default)]
    files: BTreeMap<String, Vec<FileEntry>>,
}

#[derive(Deserialize)]
struct LockPackage {
    name: Spanned<String>,
    version: String,
    category: Option<String>,
    #[serde(default)]
    optional: bool,
    groups: Option<Vec<String>>,
    markers: Option<toml::Value>,
    #[serde(default)]
    dependencies: BTreeMap<String, serde::de::IgnoredAny>,
    #[serde(default)]
    files: Vec<FileEntry>,
    source: Option<PackageSource>,
}

#[derive(Deserialize)]
struct FileEntry {
    file: Option<String>,
    hash: Option<String>,
}

#[derive(Deserialize)]
struct PackageSource {
    #[serde(rename = "type")]
    kind: Option<String>,
    url: Option<String>,
    reference: Option<String>,
    resolved_reference: Option<String>,
}

pub fn parse(source: &Source) -> Result<Catalog, ParseError> {
    let lock: Lockfile = toml::from_str(source.text).map_err(|e| ParseError::from_toml(source.text, e))?;
    let lines = LineIndex::new(source.text);
    if let Some(v) = lock.metadata.as_ref().and_then(|m| m.lock_version.as_ref()) {
        let major = v.get_ref().split('.').next().unwrap_or_default();
        if !matches!(major, "1" | "2") {
            let lc = lines.line_col(v.span().start);
            return Err(ParseError::new(lc.line, lc.column, format!("unsupported poetry.lock lock-version {}", v.get_ref())));
        }
    }
    let mut notes = Vec::new();
    let declared = pyproject::read_beside(source.path, &mut notes);

    // Keys: `name@version`, plus the source URL when two packages share both.
    let mut seen: HashMap<(String, &str), usize> = HashMap::new();
    for p in &lock.package {
        *seen.entry((normalize(p.name.get_ref()), p.version.as_str())).or_default() += 1;
    }
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, p) in lock.package.iter().enumerate() {
        by_name.entry(normalize(p.name.get_ref())).or_default().push(i);
    }
    let v1_files: HashMap<String, &Vec<FileEntry>> = lock
        .metadata
        .as_ref()
        .map(|m| m.files.iter().map(|(k, v)| (normalize(k), v)).collect())
        .unwrap_or_default();

    let mut packages = Vec::with_capacity(lock.package.len());
    for p in &lock.package {
        let name = p.name.get_ref();
        let norm = normalize(name);
        let mut pkg = Package::pinned(Ecosystem::PyPI, name.as_str(), p.version.as_str(), lines.line(p.name.span().start));
        if seen.get(&(norm.clone(), p.version.as_str())).copied().unwrap_or(0) > 1 {
            let from = p.source.as_ref().and_then(|s| s.url.as_deref()).unwrap_or("pypi");
            pkg.key = format!("{name}@{} ({from})", p.version);
        }
        pkg.origin = origin(p.source.as_ref());
        pkg.optional = p.optional || main_only_through_extras(p);
        pkg.scope = match (&p.category, &p.groups) {
            (Some(c), _) => if c == "dev" { Scope::Dev } else { Scope::Runtime },
            (None, Some(g)) if !g.is_empty() && !g.iter().any(|g| g == "main") => Scope::Dev,
            _ => Scope::Runtime,
        };
        if let Some(d) = &declared {
            pkg.direct = Some(d.get(&norm).is_some());
        }
        if let Some(toml::Value::String(m)) = &p.markers {
            pkg.properties.push(("pypi:marker".into(), m.clone()));
        }
        let files: &[FileEntry] = if p.files.is_empty() {
            let all = v1_files.get(&norm).map(|v| v.as_slice()).unwrap_or_default();
            let shared = by_name.get(&norm).is_some_and(|v| v.len() > 1);
            // Several versions share one `[metadata.files]` entry: keep the files of this one.
            pkg.hashes = hashes(all.iter().filter(|f| !shared || file_version(f) == Some(p.version.as_str())));
            &[]
        } else {
            &p.files
        };
        if !files.is_empty() {
            pkg.hashes = hashes(files.iter());
        }
        packages.push(pkg);
    }

    // Edges, by index first (for the reachability walk), then as keys.
    let edges: Vec<Vec<usize>> = lock
        .package
        .iter()
        .map(|p| {
            p.dependencies
                .keys()
                .filter_map(|d| by_name.get(&normalize(d)))
                .flatten()
                .copied()
                .collect()
        })
        .collect();
    let keys: Vec<String> = packages.iter().map(|p| p.key.clone()).collect();
    for (pkg, deps) in packages.iter_mut().zip(&edges) {
        pkg.depends_on = deps.iter().filter_map(|&j| keys.get(j).cloned()).collect();
        pkg.depends_on.sort();
        pkg.depends_on.dedup();
    }

    let has_kinds = lock.package.iter().any(|p| p.category.is_some() || p.groups.is_some());
    if !has_kinds && !packages.is_empty() {
        scope_by_reachability(&mut packages, &edges, declared.as_ref(), &mut notes);
    }
    Ok(Catalog { packages, notes })
}

/// Poetry 1.5–1.8 locks record no category: walk from the declarations.
fn scope_by_reachability(
    packages: &mut [Package],
    edges: &[Vec<usize>],
    declared: Option<&pyproject::Declared>,
    notes: &mut Vec<Note>,
) {
    let Some(declared) = declared else {
        notes.push(Note {
            line: 0,
            message: "this poetry.lock records no dev/main category and no pyproject.toml is beside it: all packages reported as runtime".into(),
        });
        return;
    };
    let roots: Vec<(usize, Reach)> = packages
        .iter()
        .enumerate()
        .filter_map(|(i, p)| declared.get(&normalize(&p.name)).map(|r| (i, r)))
        .collect();
    let reached = reach(edges, &roots);
    let mut unreached = 0;
    for (p, r) in packages.iter_mut().zip(reached) {
        match r {
            Some(r) => {
                p.scope = r.scope();
                p.optional |= r == Reach::Optional;
            }
            None => unreached += 1,
        }
    }
    if unreached > 0 {
        notes.push(Note {
            line: 0,
            message: format!("{unreached} package(s) not reachable from pyproject.toml's dependencies: reported as runtime"),
        });
    }
}

fn origin(source: Option<&PackageSource>) -> Origin {
    let Some(s) = source else { return Origin::Registry };
    let url = s.url.clone().unwrap_or_default();
    match s.kind.as_deref() {
        Some("git") => Origin::Git {
            url,
            rev: s.resolved_reference.clone().or_else(|| s.reference.clone()).filter(|r| !r.is_empty()),
        },
        Some("file" | "directory") => Origin::Path(url),
        Some("url") => Origin::Url(url),
        _ => registry_origin(&url),
    }
}

/// Whether the package is in `main` only under `extra == …` markers.
fn main_only_through_extras(p: &LockPackage) -> bool {
    let marker = match &p.markers {
        Some(toml::Value::String(m)) if p.groups.as_ref().is_some_and(|g| g.len() == 1 && g[0] == "main") => m.as_str(),
        Some(toml::Value::Table(t)) => match t.get("main").and_then(toml::Value::as_str) {
            Some(m) => m,
            None => return false,
        },
        _ => return false,
    };
    marker.split(" or ").all(|clause| clause.contains("extra =="))
}

fn file_version(f: &FileEntry) -> Option<&str> {
    dist_filename(f.file.as_deref()?).map(|(_, v)| v)
}

fn hashes<'a>(files: impl Iterator<Item = &'a FileEntry>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for h in files.filter_map(|f| f.hash.as_deref()).filter(|h| !h.is_empty()) {
        if !out.iter().any(|o| o == h) {
            out.push(h.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::testing::{find, parse_text, summary};

    const V1_1: &str = include_str!("../../../tests/fixtures/inventory/poetry/poetry-1.1.lock");
    const V2_0: &str = include_str!("../../../tests/fixtures/inventory/poetry/poetry-2.0-category.lock");
    const V2_1: &str = include_str!("../../../tests/fixtures/inventory/poetry/poetry-2.1-groups.lock");
    const V2_0_NO_CATEGORY: &str = include_str!("../../../tests/fixtures/inventory/poetry/poetry-2.0-no-category.lock");
    const PYPROJECT_1: &str = include_str!("../../../tests/fixtures/inventory/poetry/pyproject-1.x.toml");
    const PYPROJECT_2: &str = include_str!("../../../tests/fixtures/inventory/poetry/pyproject-2.x.toml");

    /// Parses `lock` as `dir/poetry.lock` with `pyproject` beside it.
    fn parse_with_pyproject(lock: &str, pyproject: Option<&str>) -> Catalog {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("poetry.lock");
        std::fs::write(&path, lock).unwrap();
        if let Some(p) = pyproject {
            std::fs::write(dir.path().join("pyproject.toml"), p).unwrap();
        }
        parse(&Source {
            text: lock,
            path: &path,
            display: "poetry.lock",
            allow_cargo: false,
        })
        .unwrap()
    }

    #[test]
    fn v1_1_category_and_metadata_files() {
        let cat = parse_with_pyproject(V1_1, Some(PYPROJECT_1));
        assert_eq!(
            summary(&cat.packages),
            [
                "certifi@2026.10.19.post1:2",
                "charset-normalizer@3.5.3:10",
                "colorama@0.4.6:18",
                "idna@3.20:26",
                "iniconfig@2.3.1:37",
                "packaging@26.4:45",
                "pluggy@1.7.0:53",
                "pysocks@1.7.1:61",
                "pytest@7.4.4:69",
                "pyyaml@6.0.4:86",
                "requests@2.34.2:94",
                "urllib3@2.8.0:113",
            ]
        );
        let pytest = find(&cat.packages, "pytest");
        assert_eq!(pytest.scope, Scope::Dev);
        assert_eq!(pytest.direct, Some(true));
        assert_eq!(pytest.depends_on, ["colorama@0.4.6", "iniconfig@2.3.1", "packaging@26.4", "pluggy@1.7.0"]);
        let requests = find(&cat.packages, "requests");
        assert_eq!(requests.scope, Scope::Runtime);
        // `charset_normalizer` and `PySocks` keys are normalised to the locked names.
        assert_eq!(
            requests.depends_on,
            ["certifi@2026.10.19.post1", "charset-normalizer@3.5.3", "idna@3.20", "pysocks@1.7.1", "urllib3@2.8.0"]
        );
        assert_eq!(find(&cat.packages, "idna").direct, Some(false));
        assert!(find(&cat.packages, "pyyaml").optional);
        assert_eq!(find(&cat.packages, "certifi").hashes, ["sha256:1324c476b4811eff41a8bc2122cd0bbd4d9c7234c725446d99ab1612b3a7fdd2"]);
        assert_eq!(find(&cat.packages, "charset-normalizer").hashes.len(), 2);
        assert!(cat.notes.is_empty(), "{:?}", cat.notes);
    }

    #[test]
    fn v2_0_with_category_and_inline_files() {
        let cat = parse_text(parse, "poetry.lock", V2_0).unwrap();
        assert_eq!(cat.packages.len(), 12);
        let colorama = find(&cat.packages, "colorama");
        assert_eq!(colorama.line, 27);
        assert_eq!(colorama.scope, Scope::Dev);
        assert_eq!(colorama.hashes.len(), 2);
        assert_eq!(colorama.direct, None, "no pyproject.toml: direct unknown");
        assert_eq!(find(&cat.packages, "urllib3").scope, Scope::Runtime);
    }

    #[test]
    fn v2_1_groups_and_markers() {
        let cat = parse_with_pyproject(V2_1, Some(PYPROJECT_2));
        assert_eq!(cat.packages.len(), 27);
        let click = find(&cat.packages, "click");
        assert_eq!((click.line, click.scope, click.direct), (27, Scope::Runtime, Some(true)));
        let mkdocs = find(&cat.packages, "mkdocs");
        assert_eq!((mkdocs.line, mkdocs.scope, mkdocs.direct), (158, Scope::Dev, Some(true)));
        assert_eq!(find(&cat.packages, "iniconfig").scope, Scope::Dev);
        assert_eq!(find(&cat.packages, "colorama").scope, Scope::Runtime, "main is among its groups");
        let yaml = find(&cat.packages, "pyyaml");
        assert_eq!((yaml.scope, yaml.optional, yaml.direct), (Scope::Runtime, true, Some(true)));
        assert_eq!(find(&cat.packages, "jinja2").direct, Some(false));
        assert!(!find(&cat.packages, "requests").optional);
    }

    #[test]
    fn v2_0_without_category_scopes_from_pyproject() {
        let cat = parse_with_pyproject(V2_0_NO_CATEGORY, Some(PYPROJECT_1));
        let scope = |n: &str| find(&cat.packages, n).scope;
        assert_eq!(scope("requests"), Scope::Runtime);
        assert_eq!(scope("urllib3"), Scope::Runtime);
        assert_eq!(scope("pytest"), Scope::Dev);
        assert_eq!(scope("pluggy"), Scope::Dev);
        assert!(find(&cat.packages, "pyyaml").optional);
        assert!(cat.notes.is_empty(), "{:?}", cat.notes);

        let cat = parse_with_pyproject(V2_0_NO_CATEGORY, None);
        assert!(cat.packages.iter().all(|p| p.scope == Scope::Runtime && p.direct.is_none()));
        assert_eq!(cat.notes.len(), 1);
    }

    #[test]
    fn git_url_path_and_legacy_sources() {
        let text = r#"[[package]]
name = "mylib"
version = "0.3.0"
description = ""
optional = false
python-versions = "*"
groups = ["main"]
files = []
develop = false

[package.source]
type = "git"
url = "https://github.com/org/mylib.git"
reference = "main"
resolved_reference = "0123456789abcdef"

[[package]]
name = "wheelpkg"
version = "1.0"
optional = false
python-versions = "*"
files = [{file = "wheelpkg-1.0-py3-none-any.whl", hash = "sha256:abcd"}]

[package.source]
type = "url"
url = "https://example.com/wheelpkg-1.0-py3-none-any.whl"

[[package]]
name = "sibling"
version = "0.1.0"
optional = false
python-versions = "*"
files = []
develop = true

[package.source]
type = "directory"
url = "../sibling"

[[package]]
name = "private"
version = "2.0"
optional = false
python-versions = "*"
files = []

[package.source]
type = "legacy"
url = "https://nexus.example.com/simple"
reference = "nexus"

[metadata]
lock-version = "2.1"
python-versions = "^3.11"
content-hash = "x"
"#;
        let cat = parse_text(parse, "poetry.lock", text).unwrap();
        assert_eq!(summary(&cat.packages), ["mylib@0.3.0:2", "private@2.0:41", "sibling@0.1.0:29", "wheelpkg@1.0:18"]);
        assert_eq!(
            find(&cat.packages, "mylib").origin,
            Origin::Git { url: "https://github.com/org/mylib.git".into(), rev: Some("0123456789abcdef".into()) }
        );
        assert_eq!(find(&cat.packages, "wheelpkg").origin, Origin::Url("https://example.com/wheelpkg-1.0-py3-none-any.whl".into()));
        assert_eq!(find(&cat.packages, "wheelpkg").hashes, ["sha256:abcd"]);
        assert_eq!(find(&cat.packages, "sibling").origin, Origin::Path("../sibling".into()));
        assert_eq!(find(&cat.packages, "private").origin, Origin::AlternateRegistry("https://nexus.example.com/simple".into()));
    }

    #[test]
    fn one_name_locked_in_two_versions() {
        let text = r#"[[package]]
name = "app-dep"
version = "1.0"
optional = false
python-versions = "*"

[package.dependencies]
numpy = [
    {version = "1.24.4", markers = "python_version < \"3.9\""},
    {version = "1.26.4", markers = "python_version >= \"3.9\""},
]

[[package]]
name = "numpy"
version = "1.24.4"
optional = false
python-versions = "*"

[[package]]
name = "numpy"
version = "1.26.4"
optional = false
python-versions = "*"

[metadata]
lock-version = "1.1"
python-versions = "*"
content-hash = "x"

[metadata.files]
numpy = [
    {file = "numpy-1.24.4.tar.gz", hash = "sha256:old"},
    {file = "numpy-1.26.4-cp312-cp312-manylinux_2_17_x86_64.whl", hash = "sha256:new"},
]
"#;
        let cat = parse_text(parse, "poetry.lock", text).unwrap();
        assert_eq!(summary(&cat.packages), ["app-dep@1.0:2", "numpy@1.24.4:14", "numpy@1.26.4:20"]);
        assert_eq!(find(&cat.packages, "app-dep").depends_on, ["numpy@1.24.4", "numpy@1.26.4"]);
        let hashes: Vec<_> = cat.packages.iter().filter(|p| p.name == "numpy").map(|p| p.hashes.clone()).collect();
        assert_eq!(hashes, [vec!["sha256:old".to_string()], vec!["sha256:new".to_string()]]);
    }

    #[test]
    fn broken_lockfiles_name_the_line() {
        let err = parse_text(parse, "poetry.lock", "[[package]]\nname = \"x\"\nversion = \n").unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        let err = parse_text(parse, "poetry.lock", "[[package]]\nname = \"x\"\n").unwrap_err();
        assert!(err.message.contains("version"), "{err}");
        let err = parse_text(parse, "poetry.lock", "[metadata]\nlock-version = \"3.0\"\n").unwrap_err();
        assert_eq!(err.line, 2, "{err}");
    }

    #[test]
    fn truncated_input_never_panics() {
        for end in 0..V1_1.len() {
            if V1_1.is_char_boundary(end) {
                let _ = parse_text(parse, "poetry.lock", &V1_1[..end]);
            }
        }
        // The larger 2.1 fixture: every line end, and one byte either side.
        for (end, _) in V2_1.match_indices('\n') {
            for cut in [end.saturating_sub(1), end, end + 1] {
                if let Some(prefix) = V2_1.get(..cut) {
                    let _ = parse_text(parse, "poetry.lock", prefix);
                }
            }
        }
    }
}
