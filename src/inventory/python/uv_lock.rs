//! `uv.lock`, lock `version = 1` (any `revision`), TOML.
//!
//! What is a package: every `[[package]]` except the project's own code —
//! packages whose `source` is `{ editable = … }` or `{ virtual = … }` (the
//! project itself, workspace members, editable local packages) and the
//! members named in `[manifest] members`. Those are the roots of the graph:
//! their `dependencies` are direct runtime dependencies, their
//! `[package.optional-dependencies]` (extras) direct optional ones, and their
//! `[package.dev-dependencies]` groups direct dev ones. Script locks and
//! projects without a `[project]` table have no root package: their
//! `[manifest] requirements` (runtime) and `[manifest] dependency-groups`
//! (dev) are the roots instead. With no root at all, the sibling
//! `pyproject.toml` is used by name (see [`super::pyproject`]); failing that,
//! everything is reported as runtime, direct unknown, with a note.
//!
//! Scope, optional and direct come from reachability from the roots: a
//! package reachable through runtime dependencies is Runtime; only through
//! extras, Runtime and optional; only through dev groups, Dev. Edges follow
//! `dependencies` and, for a dependency with `extra = [...]`, the target's
//! matching `optional-dependencies` too (so `requests[socks]` reaches
//! `pysocks`). A dependency names its target by `name`, adding `version` and
//! `source` only when several versions are locked (resolution forks); all
//! three are matched.
//!
//! Origin from `source`: `registry` (PyPI, or an alternate registry URL or
//! local index path), `git` (`URL?query#commit`: the commit is the rev),
//! `url` (`Origin::Url`), `path`/`directory` (`Origin::Path`; a local
//! non-editable package is listed: it is installed like any dependency).
//! Hashes: the sdist's; packages with no sdist (wheel-only releases) keep
//! their wheels' hashes. A package with no `version` (a dynamic version of
//! a local source tree) is `Version::Unpinned("*")`.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use toml::{Spanned, Value};

use crate::inventory::{Catalog, Note, ParseError, Source};
use crate::model::{Ecosystem, Origin, Package, Version};
use crate::syntax::lines::LineIndex;

use super::common::{normalize, reach, registry_origin, Reach};
use super::pyproject;

#[derive(Deserialize)]
struct Lockfile {
    version: Option<Spanned<i64>>,
    #[serde(default, alias = "distribution")]
    package: Vec<LockPackage>,
    manifest: Option<Manifest>,
}

#[derive(Deserialize)]
struct Manifest {
    #[serde(default)]
    members: Vec<String>,
    #[serde(default)]
    requirements: Vec<Requirement>,
    #[serde(default, rename = "dependency-groups")]
    dependency_groups: BTreeMap<String, Vec<Requirement>>,
}

#[derive(Deserialize)]
struct Requirement {
    name: String,
}

#[derive(Deserialize)]
struct LockPackage {
    name: Spanned<String>,
    version: Option<String>,
    source: Option<Value>,
    #[serde(default)]
    dependencies: Vec<Dependency>,
    #[serde(default, rename = "optional-dependencies")]
    optional_dependencies: BTreeMap<String, Vec<Dependency>>,
    #[serde(default, rename = "dev-dependencies")]
    dev_dependencies: BTreeMap<String, Vec<Dependency>>,
    sdist: Option<Artifact>,
    #[serde(default)]
    wheels: Vec<Artifact>,
}

#[derive(Deserialize)]
struct Dependency {
    name: String,
    version: Option<String>,
    source: Option<Value>,
    #[serde(default)]
    extra: Vec<String>,
}

#[derive(Deserialize)]
struct Artifact {
    hash: Option<String>,
}

pub fn parse(source: &Source) -> Result<Catalog, ParseError> {
    let lock: Lockfile = toml::from_str(source.text).map_err(|e| ParseError::from_toml(source.text, e))?;
    let lines = LineIndex::new(source.text);
    if let Some(v) = &lock.version
        && *v.get_ref() != 1
    {
        let lc = lines.line_col(v.span().start);
        return Err(ParseError::new(lc.line, lc.column, format!("unsupported uv.lock version {}", v.get_ref())));
    }
    let mut notes = Vec::new();
    let pkgs = &lock.package;
    let n = pkgs.len();

    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, p) in pkgs.iter().enumerate() {
        by_name.entry(normalize(p.name.get_ref())).or_default().push(i);
    }
    let resolve = |d: &Dependency| -> Option<usize> {
        let candidates = by_name.get(&normalize(&d.name))?;
        if let [only] = candidates.as_slice() {
            return Some(*only);
        }
        let version_matches = |i: &usize| d.version.as_ref().is_none_or(|v| pkgs[*i].version.as_ref() == Some(v));
        let source_matches = |i: &usize| d.source.as_ref().is_none_or(|s| pkgs[*i].source.as_ref() == Some(s));
        // Version and source; failing that (a source spelled differently), the version alone.
        candidates
            .iter()
            .copied()
            .find(|i| version_matches(i) && source_matches(i))
            .or_else(|| candidates.iter().copied().find(version_matches))
    };

    let members: Vec<String> = lock.manifest.iter().flat_map(|m| m.members.iter().map(|s| normalize(s))).collect();
    let is_root: Vec<bool> = pkgs
        .iter()
        .map(|p| {
            let local = p.source.as_ref().is_some_and(|s| s.get("editable").is_some() || s.get("virtual").is_some());
            local || members.contains(&normalize(p.name.get_ref()))
        })
        .collect();

    // Graph nodes: packages, then one node per (package, extra).
    let mut extra_node: HashMap<(usize, &str), usize> = HashMap::new();
    for (i, p) in pkgs.iter().enumerate() {
        for extra in p.optional_dependencies.keys() {
            let id = n + extra_node.len();
            extra_node.insert((i, extra.as_str()), id);
        }
    }
    // A dependency's targets: the package, plus the extras it asks for.
    let targets = |d: &Dependency| -> Vec<usize> {
        let Some(t) = resolve(d) else { return Vec::new() };
        let mut out = vec![t];
        out.extend(d.extra.iter().filter_map(|e| extra_node.get(&(t, e.as_str())).copied()));
        out
    };
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); n + extra_node.len()];
    for (i, p) in pkgs.iter().enumerate() {
        if let Some(e) = edges.get_mut(i) {
            e.extend(p.dependencies.iter().flat_map(&targets));
        }
        for (extra, deps) in &p.optional_dependencies {
            if let Some(e) = extra_node.get(&(i, extra.as_str())).and_then(|&id| edges.get_mut(id)) {
                e.push(i);
                e.extend(deps.iter().flat_map(&targets));
            }
        }
    }

    // Roots and the packages they name directly.
    let mut roots: Vec<(usize, Reach)> = Vec::new();
    for (i, p) in pkgs.iter().enumerate().filter(|(i, _)| is_root[*i]) {
        roots.push((i, Reach::Runtime));
        for (reach_kind, groups) in [(Reach::Optional, &p.optional_dependencies), (Reach::Dev, &p.dev_dependencies)] {
            for d in groups.values().flatten() {
                roots.extend(targets(d).into_iter().map(|t| (t, reach_kind)));
            }
        }
    }
    if let Some(m) = &lock.manifest {
        let by_plain_name = |r: &Requirement| by_name.get(&normalize(&r.name)).into_iter().flatten().copied();
        roots.extend(m.requirements.iter().flat_map(by_plain_name).map(|t| (t, Reach::Runtime)));
        roots.extend(m.dependency_groups.values().flatten().flat_map(by_plain_name).map(|t| (t, Reach::Dev)));
    }
    let mut direct = vec![false; n];
    for &(t, _) in &roots {
        if let Some(d) = direct.get_mut(t) {
            *d = true;
        }
    }
    for p in pkgs.iter().zip(&is_root).filter(|(_, root)| **root).map(|(p, _)| p) {
        for d in p.dependencies.iter() {
            if let Some(t) = resolve(d) {
                direct[t] = true;
            }
        }
    }
    let mut direct_known = !roots.is_empty();
    if roots.is_empty() && n > 0 {
        if let Some(declared) = pyproject::read_beside(source.path, &mut notes) {
            for (i, p) in pkgs.iter().enumerate() {
                if let Some(r) = declared.get(&normalize(p.name.get_ref())) {
                    roots.push((i, r));
                    direct[i] = true;
                }
            }
            direct_known = true;
        }
        if roots.is_empty() {
            notes.push(Note {
                line: 0,
                message: "no project, workspace member or manifest requirement in this uv.lock: all packages reported as runtime".into(),
            });
        }
    }
    let reached = reach(&edges, &roots);

    // Keys: `name@version`, plus the source when two packages share both.
    let mut seen: HashMap<(String, Option<&str>), usize> = HashMap::new();
    for p in pkgs {
        *seen.entry((normalize(p.name.get_ref()), p.version.as_deref())).or_default() += 1;
    }
    let keys: Vec<String> = pkgs
        .iter()
        .map(|p| {
            let name = p.name.get_ref();
            let base = match &p.version {
                Some(v) => format!("{name}@{v}"),
                None => name.clone(),
            };
            if seen.get(&(normalize(name), p.version.as_deref())).copied().unwrap_or(0) > 1 {
                format!("{base} ({})", source_text(p.source.as_ref()))
            } else {
                base
            }
        })
        .collect();

    let mut packages = Vec::with_capacity(n);
    let mut unreached = 0;
    for (i, p) in pkgs.iter().enumerate() {
        if is_root[i] {
            continue;
        }
        let version = match &p.version {
            Some(v) => Version::Pinned(v.clone()),
            None => Version::Unpinned("*".into()),
        };
        let mut pkg = Package::new(Ecosystem::PyPI, p.name.get_ref().as_str(), version, lines.line(p.name.span().start));
        pkg.key = keys[i].clone();
        pkg.origin = origin(p.source.as_ref());
        if direct_known {
            pkg.direct = Some(direct[i]);
        }
        match reached.get(i).copied().flatten() {
            Some(r) => {
                pkg.scope = r.scope();
                pkg.optional = r == Reach::Optional;
            }
            None if direct_known => unreached += 1,
            None => {}
        }
        let mut deps: Vec<String> = p
            .dependencies
            .iter()
            .chain(p.optional_dependencies.values().flatten())
            .filter_map(&resolve)
            .filter(|&t| !is_root[t])
            .map(|t| keys[t].clone())
            .collect();
        deps.sort();
        deps.dedup();
        pkg.depends_on = deps;
        pkg.hashes = match p.sdist.as_ref().and_then(|s| s.hash.as_ref()) {
            Some(h) => vec![h.clone()],
            None => {
                let mut hs: Vec<String> = p.wheels.iter().filter_map(|w| w.hash.clone()).collect();
                hs.dedup();
                hs
            }
        };
        packages.push(pkg);
    }
    if unreached > 0 {
        notes.push(Note {
            line: 0,
            message: format!("{unreached} package(s) not reachable from the project's dependencies: reported as runtime"),
        });
    }
    Ok(Catalog { packages, notes })
}

fn source_text(source: Option<&Value>) -> String {
    let Some(t) = source.and_then(Value::as_table) else { return "unknown".into() };
    t.iter()
        .next()
        .map(|(k, v)| format!("{k}+{}", v.as_str().unwrap_or_default()))
        .unwrap_or_else(|| "unknown".into())
}

fn origin(source: Option<&Value>) -> Origin {
    let Some(s) = source else { return Origin::Registry };
    let get = |k: &str| s.get(k).and_then(Value::as_str);
    if let Some(url) = get("registry") {
        registry_origin(url)
    } else if let Some(git) = get("git") {
        let (rest, commit) = match git.split_once('#') {
            Some((r, c)) => (r, Some(c.to_string())),
            None => (git, None),
        };
        let (url, query) = match rest.split_once('?') {
            Some((u, q)) => (u, Some(q)),
            None => (rest, None),
        };
        // Without a resolved commit, the `?rev=`/`?tag=`/`?branch=` asked for.
        let rev = commit.or_else(|| {
            query?.split('&').find_map(|kv| {
                let (k, v) = kv.split_once('=')?;
                matches!(k, "rev" | "tag" | "branch").then(|| v.to_string())
            })
        });
        Origin::Git { url: url.to_string(), rev }
    } else if let Some(url) = get("url") {
        Origin::Url(url.to_string())
    } else if let Some(path) = get("path").or_else(|| get("directory")) {
        Origin::Path(path.to_string())
    } else {
        Origin::Registry
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::testing::{find, parse_text, summary};
    use crate::model::Scope;

    const PROJECT: &str = include_str!("../../../tests/fixtures/inventory/uv/uv-project.lock");
    /// Git, alternate-registry and extras-requesting entries, small enough to truncate at every byte.
    const SMALL: &str = r#"version = 1
revision = 2
requires-python = ">=3.12"

[[package]]
name = "app"
version = "0.1.0"
source = { virtual = "." }
dependencies = [
    { name = "httpx" },
    { name = "corp-lib" },
    { name = "branchy" },
]

[[package]]
name = "httpx"
version = "0.27.0"
source = { git = "https://github.com/encode/httpx?tag=0.27.0#326b9431c761e1ef1e00b9f760d1f654c8db48c6" }

[[package]]
name = "branchy"
version = "1.0"
source = { git = "https://github.com/org/branchy?branch=main" }

[[package]]
name = "corp-lib"
version = "2.1.0"
source = { registry = "https://pypi.corp.example.com/simple" }
sdist = { url = "https://pypi.corp.example.com/files/corp_lib-2.1.0.tar.gz", hash = "sha256:1111", size = 10 }
"#;
    const WORKSPACE: &str = include_str!("../../../tests/fixtures/inventory/uv/uv-workspace.lock");

    fn by_version<'a>(cat: &'a Catalog, name: &str, version: &str) -> &'a Package {
        cat.packages
            .iter()
            .find(|p| p.name == name && p.version.pinned() == Some(version))
            .unwrap_or_else(|| panic!("no {name}@{version} in {:?}", summary(&cat.packages)))
    }

    #[test]
    fn project_with_forks_extras_and_dev_groups() {
        let cat = parse_text(parse, "uv.lock", PROJECT).unwrap();
        assert_eq!(
            summary(&cat.packages),
            [
                "certifi@2026.10.19.post1:10",
                "charset-normalizer@3.5.3:18",
                "click@8.1.8:28",
                "click@8.5.1:43",
                "colorama@0.4.6:55",
                "exceptiongroup@1.3.2:107",
                "idna@3.20:119",
                "iniconfig@2.1.0:128",
                "iniconfig@2.3.1:140",
                "packaging@26.3:152",
                "packaging@26.4:164",
                "pluggy@1.6.0:176",
                "pluggy@1.7.0:188",
                "pygments@2.21.0:200",
                "pysocks@1.7.1:209",
                "pytest@8.4.2:218",
                "pytest@9.2.0:239",
                "pyyaml@6.0.3:260",
                "pyyaml@6.0.4:273",
                "requests@2.32.5:286",
                "requests@2.34.2:309",
                "ruff@0.17.6:332",
                "tomli@2.5.0:342",
                "typing-extensions@4.16.0:352",
                "urllib3@2.6.3:361",
                "urllib3@2.8.0:373",
            ]
        );
        // The project itself (editable) is not a package.
        assert!(cat.packages.iter().all(|p| p.name != "demo-app"));
        let requests = by_version(&cat, "requests", "2.34.2");
        assert_eq!((requests.scope, requests.optional, requests.direct), (Scope::Runtime, false, Some(true)));
        assert_eq!(requests.depends_on, ["certifi@2026.10.19.post1", "charset-normalizer@3.5.3", "idna@3.20", "pysocks@1.7.1", "urllib3@2.8.0"]);
        // Reached through `requests[socks]`.
        let pysocks = find(&cat.packages, "pysocks");
        assert_eq!((pysocks.scope, pysocks.optional, pysocks.direct), (Scope::Runtime, false, Some(false)));
        let yaml = by_version(&cat, "pyyaml", "6.0.4");
        assert_eq!((yaml.scope, yaml.optional, yaml.direct), (Scope::Runtime, true, Some(true)));
        let pytest = by_version(&cat, "pytest", "9.2.0");
        assert_eq!((pytest.scope, pytest.direct), (Scope::Dev, Some(true)));
        assert_eq!(pytest.depends_on, ["colorama@0.4.6", "exceptiongroup@1.3.2", "iniconfig@2.3.1", "packaging@26.4", "pluggy@1.7.0", "pygments@2.21.0", "tomli@2.5.0"]);
        assert_eq!(by_version(&cat, "pluggy", "1.6.0").scope, Scope::Dev);
        assert_eq!(find(&cat.packages, "ruff").scope, Scope::Dev);
        // colorama: runtime through click, dev through pytest.
        assert_eq!(find(&cat.packages, "colorama").scope, Scope::Runtime);
        // sdist hash preferred; wheel-only packages keep their wheels' hashes.
        assert_eq!(
            find(&cat.packages, "charset-normalizer").hashes,
            ["sha256:a250888753faa289e2997962fbb17c4960cbdb58575533ca6fceee68c224bdff"]
        );
        assert_eq!(
            find(&cat.packages, "certifi").hashes,
            ["sha256:1324c476b4811eff41a8bc2122cd0bbd4d9c7234c725446d99ab1612b3a7fdd2"]
        );
        assert!(cat.packages.iter().all(|p| p.origin == Origin::Registry));
        assert!(cat.notes.is_empty(), "{:?}", cat.notes);
    }

    #[test]
    fn workspace_members_virtual_root_url_and_directory_sources() {
        let cat = parse_text(parse, "uv.lock", WORKSPACE).unwrap();
        assert_eq!(
            summary(&cat.packages),
            [
                "attrs@24.2.0:12",
                "colorama@0.4.6:66",
                "idna@3.20:75",
                "iniconfig@2.3.1:84",
                "localpkg@1.0.0:113",
                "orjson@3.13.0:124",
                "packaging@26.4:134",
                "pluggy@1.7.0:143",
                "pygments@2.21.0:152",
                "pytest-mock@3.17.0:177",
                "pytest@9.2.0:161",
                "six@1.16.0:189",
            ]
        );
        let attrs = find(&cat.packages, "attrs");
        assert_eq!(attrs.origin, Origin::Url("https://files.pythonhosted.org/packages/6a/21/5b6702a7f963e95456c0de2d495f67bf5fd62840ac655dc451586d23d39a/attrs-24.2.0-py3-none-any.whl".into()));
        assert_eq!(attrs.direct, Some(true));
        let local = find(&cat.packages, "localpkg");
        assert_eq!(local.origin, Origin::Path("localpkg".into()));
        assert_eq!(local.depends_on, ["packaging@26.4"]);
        // idna: a runtime dependency of the member lib-a.
        let idna = find(&cat.packages, "idna");
        assert_eq!((idna.scope, idna.direct), (Scope::Runtime, Some(true)));
        // orjson: lib-a's extra, which nothing requests.
        let orjson = find(&cat.packages, "orjson");
        assert_eq!((orjson.scope, orjson.optional, orjson.direct), (Scope::Runtime, true, Some(true)));
        let mock = find(&cat.packages, "pytest-mock");
        assert_eq!((mock.scope, mock.direct), (Scope::Dev, Some(true)));
        let packaging = find(&cat.packages, "packaging");
        assert_eq!((packaging.scope, packaging.direct), (Scope::Runtime, Some(false)), "through localpkg");
        assert_eq!(find(&cat.packages, "pluggy").scope, Scope::Dev);
        assert!(cat.notes.is_empty(), "{:?}", cat.notes);
    }

    #[test]
    fn git_and_alternate_registry_sources() {
        let text = SMALL;
        let cat = parse_text(parse, "uv.lock", text).unwrap();
        assert_eq!(summary(&cat.packages), ["branchy@1.0:21", "corp-lib@2.1.0:26", "httpx@0.27.0:16"]);
        assert_eq!(
            find(&cat.packages, "httpx").origin,
            Origin::Git {
                url: "https://github.com/encode/httpx".into(),
                rev: Some("326b9431c761e1ef1e00b9f760d1f654c8db48c6".into())
            }
        );
        assert_eq!(
            find(&cat.packages, "branchy").origin,
            Origin::Git { url: "https://github.com/org/branchy".into(), rev: Some("main".into()) }
        );
        let corp = find(&cat.packages, "corp-lib");
        assert_eq!(corp.origin, Origin::AlternateRegistry("https://pypi.corp.example.com/simple".into()));
        assert_eq!(corp.hashes, ["sha256:1111"]);
        assert!(cat.packages.iter().all(|p| p.direct == Some(true)));
    }

    #[test]
    fn script_lock_uses_manifest_requirements() {
        let text = r#"version = 1
revision = 1

[manifest]
requirements = [{ name = "rich" }]

[manifest.dependency-groups]
dev = [{ name = "pytest" }]

[[package]]
name = "rich"
version = "13.7.1"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "pygments" }]

[[package]]
name = "pygments"
version = "2.18.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "pytest"
version = "8.3.0"
source = { registry = "https://pypi.org/simple" }
"#;
        let cat = parse_text(parse, "uv.lock", text).unwrap();
        let get = |n: &str| {
            let p = find(&cat.packages, n);
            (p.scope, p.direct)
        };
        assert_eq!(get("rich"), (Scope::Runtime, Some(true)));
        assert_eq!(get("pygments"), (Scope::Runtime, Some(false)));
        assert_eq!(get("pytest"), (Scope::Dev, Some(true)));
    }

    #[test]
    fn without_roots_falls_back_to_pyproject_or_a_note() {
        let text = "version = 1\n\n[[package]]\nname = \"a\"\nversion = \"1.0\"\nsource = { registry = \"https://pypi.org/simple\" }\n";
        let cat = parse_text(parse, "uv.lock", text).unwrap();
        assert_eq!(cat.packages[0].direct, None);
        assert_eq!(cat.notes.len(), 1);

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("uv.lock");
        std::fs::write(dir.path().join("pyproject.toml"), "[dependency-groups]\ndev = [\"A\"]\n").unwrap();
        let cat = parse(&Source { text, path: &path, display: "uv.lock", allow_cargo: false }).unwrap();
        assert_eq!((cat.packages[0].scope, cat.packages[0].direct), (Scope::Dev, Some(true)));
        assert!(cat.notes.is_empty(), "{:?}", cat.notes);
    }

    #[test]
    fn broken_lockfiles_name_the_line() {
        let err = parse_text(parse, "uv.lock", "version = 1\n\n[[package]]\nname = \"x\"\nversion = \n").unwrap_err();
        assert_eq!(err.line, 5, "{err}");
        let err = parse_text(parse, "uv.lock", "version = 1\n[[package]]\nversion = \"1\"\n").unwrap_err();
        assert!(err.message.contains("name"), "{err}");
        let err = parse_text(parse, "uv.lock", "# comment\nversion = 7\n").unwrap_err();
        assert_eq!(err.line, 2, "{err}");
        let err = parse_text(parse, "uv.lock", "version = 1\n[[package]]\nname = \"x\"\ndependencies = [{ version = \"1\" }]\n").unwrap_err();
        assert_eq!(err.line, 4, "{err}");
    }

    #[test]
    fn truncated_input_never_panics() {
        for end in 0..SMALL.len() {
            if SMALL.is_char_boundary(end) {
                let _ = parse_text(parse, "uv.lock", &SMALL[..end]);
            }
        }
        // The generated fixtures: every line end, and one byte either side.
        for text in [WORKSPACE, PROJECT] {
            for (end, _) in text.match_indices('\n') {
                for cut in [end.saturating_sub(1), end, end + 1] {
                    if let Some(prefix) = text.get(..cut) {
                        let _ = parse_text(parse, "uv.lock", prefix);
                    }
                }
            }
        }
    }
}
