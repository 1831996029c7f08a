//! `Cargo.lock`, versions 1 to 4.
//!
//! Every `[[package]]` is a component except the project's own workspace
//! members, which become the roots of the dependency graph. Registry, git
//! (`git+URL?branch=x#rev`) and path (no `source`) packages are told apart.
//! Workspace members and dependency kinds come from `cargo metadata` when it
//! can run (see [`super::cargo_metadata`]); otherwise from the sibling
//! `Cargo.toml` files, with a note that dependency kinds are unknown.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Deserialize;
use toml::Spanned;

use crate::inventory::{Catalog, Note, ParseError, Source};
use crate::model::{Ecosystem, Origin, Package, Scope};
use crate::syntax::lines::LineIndex;

use super::cargo_metadata::{workspace_info, DepKind, WorkspaceInfo};

const CRATES_IO: &[&str] = &[
    "registry+https://github.com/rust-lang/crates.io-index",
    "sparse+https://index.crates.io/",
];

#[derive(Deserialize)]
struct Lockfile {
    version: Option<u32>,
    #[serde(default)]
    package: Vec<LockPackage>,
    /// v1 keeps checksums here: `"checksum NAME VERSION (SOURCE)" = "sha256"`.
    #[serde(default)]
    metadata: BTreeMap<String, toml::Value>,
}

#[derive(Deserialize)]
struct LockPackage {
    name: Spanned<String>,
    version: String,
    source: Option<String>,
    checksum: Option<String>,
    #[serde(default)]
    dependencies: Vec<String>,
}

pub fn parse(source: &Source) -> Result<Catalog, ParseError> {
    let lock: Lockfile = toml::from_str(source.text).map_err(|e| ParseError::from_toml(source.text, e))?;
    if let Some(v) = lock.version
        && !(1..=4).contains(&v) {
            return Err(ParseError::new(1, 1, format!("unsupported Cargo.lock version {v}")));
        }
    let lines = LineIndex::new(source.text);
    let mut notes = Vec::new();
    let workspace = workspace_info(source, &mut notes);

    // Keys: `name@version`, plus the source when two packages share both.
    let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
    for p in &lock.package {
        *seen.entry((p.name.get_ref(), &p.version)).or_default() += 1;
    }
    let key_of = |name: &str, version: &str, source: Option<&str>| {
        if seen.get(&(name, version)).copied().unwrap_or(0) > 1 {
            format!("{name}@{version} ({})", source.unwrap_or("path"))
        } else {
            format!("{name}@{version}")
        }
    };
    // v2+ writes `name` alone when only one version is locked.
    let mut versions_by_name: HashMap<&str, Vec<&LockPackage>> = HashMap::new();
    for p in &lock.package {
        versions_by_name.entry(p.name.get_ref()).or_default().push(p);
    }
    let resolve = |dep: &str| -> Option<String> {
        let mut parts = dep.splitn(3, ' ');
        let name = parts.next()?;
        let version = parts.next();
        let source = parts.next().map(|s| s.trim_start_matches('(').trim_end_matches(')'));
        let candidates = versions_by_name.get(name)?;
        let hit = candidates.iter().find(|p| {
            version.is_none_or(|v| p.version == v) && source.is_none_or(|s| p.source.as_deref() == Some(s))
        })?;
        Some(key_of(name, &hit.version, hit.source.as_deref()))
    };

    let mut packages = Vec::with_capacity(lock.package.len());
    let mut member_keys = HashSet::new();
    for p in &lock.package {
        let name = p.name.get_ref();
        let key = key_of(name, &p.version, p.source.as_deref());
        if p.source.is_none() && workspace.members.contains(name.as_str()) {
            member_keys.insert(key.clone());
        }
        let mut pkg = Package::pinned(Ecosystem::Cargo, name.as_str(), p.version.as_str(), lines.line(p.name.span().start));
        pkg.key = key;
        pkg.origin = origin(p.source.as_deref());
        pkg.depends_on = p.dependencies.iter().filter_map(|d| resolve(d)).collect();
        let checksum = p.checksum.clone().or_else(|| {
            let source = p.source.as_deref()?;
            let key = format!("checksum {} {} ({source})", name, p.version);
            lock.metadata.get(&key)?.as_str().map(str::to_string)
        });
        if let Some(c) = checksum.filter(|c| c != "<none>") {
            pkg.hashes.push(format!("sha256:{c}"));
        }
        packages.push(pkg);
    }

    if workspace.members.is_empty() {
        // No manifest to name the project: its crates are the source-less
        // packages nothing else depends on (a path dependency always has a
        // dependent; a workspace member at the top has none).
        let depended: HashSet<&String> = packages.iter().flat_map(|p| &p.depends_on).collect();
        member_keys = packages
            .iter()
            .filter(|p| matches!(p.origin, Origin::Path(_)) && !depended.contains(&p.key))
            .map(|p| p.key.clone())
            .collect();
        if !member_keys.is_empty() {
            notes.push(Note {
                line: 0,
                message: "no Cargo.toml beside the lockfile: the project's own crates were taken to be the source-less packages nothing depends on".into(),
            });
        }
    }
    apply_workspace(&mut packages, &member_keys, &workspace, &mut notes);
    packages.retain(|p| !member_keys.contains(&p.key));
    Ok(Catalog { packages, notes })
}

fn origin(source: Option<&str>) -> Origin {
    match source {
        None => Origin::Path(String::new()),
        Some(s) if CRATES_IO.contains(&s) => Origin::Registry,
        Some(s) => {
            if let Some(git) = s.strip_prefix("git+") {
                let (url, rev) = match git.split_once('#') {
                    Some((u, r)) => (u, Some(r.to_string())),
                    None => (git, None),
                };
                // Keep the repository, drop `?branch=`/`?tag=`: the rev pins it.
                let url = url.split('?').next().unwrap_or(url);
                Origin::Git { url: url.to_string(), rev }
            } else {
                let url = s.trim_start_matches("registry+").trim_start_matches("sparse+");
                Origin::AlternateRegistry(url.to_string())
            }
        }
    }
}

/// Marks direct dependencies and scopes by walking the graph from the
/// workspace members' declared dependencies.
fn apply_workspace(
    packages: &mut [Package],
    member_keys: &HashSet<String>,
    workspace: &WorkspaceInfo,
    notes: &mut Vec<Note>,
) {
    if member_keys.is_empty() {
        return;
    }
    let index: HashMap<String, usize> = packages.iter().enumerate().map(|(i, p)| (p.key.clone(), i)).collect();
    // Declared kind of each direct dependency name, strongest first.
    let mut direct: HashMap<&str, DepKind> = HashMap::new();
    for (name, kind) in &workspace.dependency_kinds {
        let e = direct.entry(name.as_str()).or_insert(*kind);
        *e = (*e).min(*kind);
    }
    let mut best: Vec<Option<DepKind>> = vec![None; packages.len()];
    let mut queue: Vec<(usize, DepKind)> = Vec::new();
    for key in member_keys {
        let Some(&m) = index.get(key) else { continue };
        for dep in packages[m].depends_on.clone() {
            let Some(&i) = index.get(&dep) else { continue };
            if member_keys.contains(&dep) {
                continue;
            }
            packages[i].direct = Some(true);
            let kind = direct.get(packages[i].name.as_str()).copied().unwrap_or(DepKind::Normal);
            queue.push((i, kind));
        }
    }
    while let Some((i, kind)) = queue.pop() {
        if best[i].is_some_and(|b| b <= kind) {
            continue;
        }
        best[i] = Some(kind);
        for dep in &packages[i].depends_on {
            if let Some(&j) = index.get(dep)
                && !member_keys.contains(dep) {
                    queue.push((j, kind));
                }
        }
    }
    let known_kinds = !workspace.dependency_kinds.is_empty();
    for (p, kind) in packages.iter_mut().zip(best) {
        if p.direct.is_none() {
            p.direct = Some(false);
        }
        if known_kinds {
            p.scope = match kind {
                Some(DepKind::Normal) | None => Scope::Runtime,
                Some(DepKind::Build) => Scope::Build,
                Some(DepKind::Dev) => Scope::Dev,
            };
        }
    }
    if !known_kinds {
        notes.push(Note {
            line: 0,
            message: "dependency kinds (normal/dev/build) unknown: all packages reported as runtime".into(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::testing::{find, parse_text, summary};

    const V3: &str = r#"# This file is automatically @generated by Cargo.
# It is not intended for manual editing.
version = 3

[[package]]
name = "app"
version = "0.1.0"
dependencies = [
 "serde",
 "rand 0.8.5",
 "localdep",
 "gitdep",
]

[[package]]
name = "serde"
version = "1.0.200"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "ddc6f9cc94d67c0e21aaf7eda3a010fd3af78ebf6e096aa6e2e13c79749cce4f"

[[package]]
name = "rand"
version = "0.8.5"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "rand"
version = "0.7.3"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "localdep"
version = "0.2.0"

[[package]]
name = "gitdep"
version = "0.3.0"
source = "git+https://github.com/o/gitdep?branch=main#0123456789abcdef"
dependencies = ["rand 0.7.3"]
"#;

    #[test]
    fn v3_registry_git_and_path_sources_with_lines() {
        let cat = parse_text(parse, "Cargo.lock", V3).unwrap();
        // Without a Cargo.toml the root is the source-less package nothing
        // depends on; the path dependency `localdep` stays.
        assert_eq!(
            summary(&cat.packages),
            ["gitdep@0.3.0:36", "localdep@0.2.0:32", "rand@0.7.3:27", "rand@0.8.5:22", "serde@1.0.200:16"]
        );
        assert!(cat.notes.iter().any(|n| n.message.contains("no Cargo.toml")));
        assert_eq!(find(&cat.packages, "serde").direct, Some(true));
        let git = find(&cat.packages, "gitdep");
        assert_eq!(
            git.origin,
            Origin::Git { url: "https://github.com/o/gitdep".into(), rev: Some("0123456789abcdef".into()) }
        );
        assert_eq!(git.depends_on, ["rand@0.7.3"]);
        assert_eq!(find(&cat.packages, "localdep").origin, Origin::Path(String::new()));
        assert_eq!(find(&cat.packages, "rand").direct, Some(true));
        assert_eq!(find(&cat.packages, "serde").hashes, ["sha256:ddc6f9cc94d67c0e21aaf7eda3a010fd3af78ebf6e096aa6e2e13c79749cce4f"]);
    }

    #[test]
    fn v1_full_dependency_strings_and_metadata_checksums() {
        let text = r#"[[package]]
name = "a"
version = "1.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = [
 "b 2.0.0 (registry+https://github.com/rust-lang/crates.io-index)",
]

[[package]]
name = "b"
version = "2.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"

[metadata]
"checksum a 1.0.0 (registry+https://github.com/rust-lang/crates.io-index)" = "aaaa"
"checksum b 2.0.0 (registry+https://github.com/rust-lang/crates.io-index)" = "<none>"
"#;
        let cat = parse_text(parse, "Cargo.lock", text).unwrap();
        assert_eq!(summary(&cat.packages), ["a@1.0.0:2", "b@2.0.0:10"]);
        assert_eq!(find(&cat.packages, "a").depends_on, ["b@2.0.0"]);
        assert_eq!(find(&cat.packages, "a").hashes, ["sha256:aaaa"]);
        assert!(find(&cat.packages, "b").hashes.is_empty());
    }

    #[test]
    fn v4_and_alternate_registries() {
        let text = "version = 4\n\n[[package]]\nname = \"x\"\nversion = \"0.1.0\"\nsource = \"sparse+https://my.registry/index/\"\n";
        let cat = parse_text(parse, "Cargo.lock", text).unwrap();
        let x = find(&cat.packages, "x");
        assert_eq!(x.origin, Origin::AlternateRegistry("https://my.registry/index/".into()));
        assert_eq!(x.purl().to_string(), "pkg:cargo/x@0.1.0?repository_url=https://my.registry/index/");
    }

    #[test]
    fn broken_lockfiles_name_the_line() {
        let err = parse_text(parse, "Cargo.lock", "version = 3\n\n[[package]]\nname = \"x\"\nversion = \n").unwrap_err();
        assert_eq!(err.line, 5, "{err}");
        let err = parse_text(parse, "Cargo.lock", "[[package]]\nname = \"x\"\n").unwrap_err();
        assert!(err.message.contains("version"), "{err}");
        let err = parse_text(parse, "Cargo.lock", "version = 9\n").unwrap_err();
        assert!(err.message.contains("unsupported"), "{err}");
    }
}
