//! `pnpm-lock.yaml`, lockfile versions 5.x (pnpm 7 and older), 6.x (pnpm 8)
//! and 9.x (pnpm 9 and 10).
//!
//! Package ids by version:
//! - 5.x: `/name/1.2.3`, `/@scope/name/1.2.3_peer@1.0.0+other@2.0.0` (the
//!   part after `_` is a peer or patch suffix);
//! - 6.x: `/name@1.2.3`, `/@scope/name@1.2.3(peer@1.0.0)`;
//! - 9.x: `packages` holds `name@1.2.3` (resolution metadata) and
//!   `snapshots` holds `name@1.2.3(peer@1.0.0)` (dependencies).
//!
//! Non-registry ids (`github.com/o/r/<sha>`, `file:../x`,
//! `name@https://…`) carry explicit `name` and `version` fields, which win
//! over the id.
//!
//! Rules:
//! - One package per name and version: peer-suffixed variants (and
//!   `(patch_hash=…)` variants) of an id are the same package, reported once
//!   at the line of its first `packages` key, with the union of their
//!   dependencies. Packages listed in `patchedDependencies` get the property
//!   `pnpm:patched` = `true`.
//! - Origin from `resolution`: `integrity` only → registry; `tarball` →
//!   registry/alternate registry/GitHub tarball (git)/URL as the URL says;
//!   `{type: git, repo, commit}` → git; `{directory: …}` → a local
//!   directory: the project's own code (not a package) when inside the
//!   project, a path package when it points outside (`../…`).
//!   `link:` versions are the project's own code (workspace links): neither
//!   packages nor edges.
//! - Direct: the dependencies of `importers` (workspaces; `.` is the root),
//!   or of the top-level `dependencies`/`devDependencies`/
//!   `optionalDependencies` in single-project 5.x/6.x files.
//! - Dev: 5.x/6.x record `dev: true` (and `dev: false`/absent for runtime
//!   or both); 9.x records nothing, so a package is dev when only importers'
//!   `devDependencies` reach it. Optional: `optional: true` (9.x: on the
//!   snapshot).
//! - Edges: the `dependencies`/`optionalDependencies` of each entry (9.x: of
//!   each snapshot), resolved to the package ids above.
//! - Multi-document files: every document with a `lockfileVersion` is read.
//!   pnpm 10 can write an "env lockfile" document first, whose importers list
//!   `configDependencies`/`packageManagerDependencies` (pnpm itself, config
//!   packages): its packages are reported too, as dev tooling, with the
//!   property `pnpm:env-lockfile` = `true`, unless the main document already
//!   has the same package.

use std::collections::{HashMap, HashSet};

use crate::inventory::{Catalog, Note, ParseError, Source};
use crate::model::{Ecosystem, Origin, Package, Scope};
use crate::syntax::yaml::{self, Node};

use super::common::{DepKind, Derive, apply_roots, integrity_hashes, link, origin_from_url, split_spec};

/// Id syntax of a lockfile version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    V5,
    V6,
    V9,
}

/// Importer sections and how they declare a dependency.
const IMPORTER_SECTIONS: [(&str, DepKind); 5] = [
    ("dependencies", DepKind::Prod),
    ("optionalDependencies", DepKind::Optional),
    ("devDependencies", DepKind::Dev),
    ("configDependencies", DepKind::Dev),
    ("packageManagerDependencies", DepKind::Dev),
];

pub fn parse(source: &Source) -> Result<Catalog, ParseError> {
    let docs = yaml::parse_documents(source.text).map_err(ParseError::from_yaml)?;
    let mut notes = Vec::new();
    let mut main = Vec::new();
    let mut env = Vec::new();
    for doc in &docs {
        if doc.is_null() {
            continue;
        }
        if doc.as_mapping().is_none() {
            return Err(ParseError::new(doc.line, doc.column, "expected a mapping at the top level"));
        }
        if doc.get("lockfileVersion").is_none() {
            notes.push(Note { line: doc.line, message: "YAML document without lockfileVersion ignored".into() });
            continue;
        }
        if is_env_document(doc) {
            env.push(doc);
        } else {
            main.push(doc);
        }
    }
    if main.is_empty() && env.is_empty() {
        if docs.iter().all(Node::is_null) {
            notes.push(Note { line: 0, message: "empty lockfile".into() });
            return Ok(Catalog { packages: Vec::new(), notes });
        }
        return Err(ParseError::new(1, 1, "no lockfileVersion: not a pnpm lockfile"));
    }

    let mut state = State::default();
    let mut derive_scope = true;
    for (doc, is_env) in main.iter().map(|d| (*d, false)).chain(env.iter().map(|d| (*d, true))) {
        let style = read_doc(doc, is_env, &mut state, &mut notes)?;
        derive_scope &= style == Style::V9;
    }
    let State { mut packages, edges, roots, roots_known, .. } = state;
    if roots_known {
        apply_roots(&mut packages, &edges, &roots, Derive { scope: derive_scope, optional: false });
    }
    link(&mut packages, &edges);
    Ok(Catalog { packages, notes })
}

/// The env lockfile pnpm 10 may write before the main one.
fn is_env_document(doc: &Node) -> bool {
    doc.entries("importers")
        .iter()
        .any(|(_, imp)| imp.get("configDependencies").is_some() || imp.get("packageManagerDependencies").is_some())
        && !doc.entries("importers").iter().any(|(_, imp)| {
            ["dependencies", "devDependencies", "optionalDependencies"].iter().any(|s| imp.get(s).is_some())
        })
}

#[derive(Default)]
struct State {
    packages: Vec<Package>,
    edges: Vec<Vec<(usize, bool)>>,
    /// `name@version` (plus origin when not the registry) → package, across
    /// documents.
    identities: HashMap<String, usize>,
    roots: Vec<(usize, DepKind)>,
    roots_known: bool,
}

/// Reads one lockfile document into `state`; returns its id style.
fn read_doc(doc: &Node, is_env: bool, state: &mut State, notes: &mut Vec<Note>) -> Result<Style, ParseError> {
    let version_node = doc.get("lockfileVersion");
    let version = version_node.and_then(Node::as_str).unwrap_or("");
    let major: Option<u32> = version.split('.').next().and_then(|m| m.trim().parse().ok());
    let style = match major {
        Some(0..=5) => Style::V5,
        Some(6..=8) => Style::V6,
        Some(9) => Style::V9,
        _ => {
            notes.push(Note {
                line: version_node.map_or(0, |n| n.line),
                message: format!("unknown lockfileVersion {version:?}; read like 9.0"),
            });
            Style::V9
        }
    };
    let patched: HashSet<&str> = doc.entries("patchedDependencies").iter().filter_map(|(k, _)| k.as_str()).collect();

    // Packages, keyed by canonical id (peer suffix removed).
    let mut by_id: HashMap<String, Option<usize>> = HashMap::new();
    // Packages this document added (not found in an earlier document).
    let mut created: HashSet<usize> = HashSet::new();
    for (key, value) in mapping_entries(doc, "packages")? {
        let Some(id) = key.as_str() else {
            return Err(ParseError::new(key.line, key.column, "expected a package id"));
        };
        let value = entry_mapping(key, value)?;
        let canon = canonical(id, style);
        if let Some(&known) = by_id.get(&canon) {
            // Another peer variant (5.x/6.x): same package.
            if let Some(i) = known.filter(|i| created.contains(i)) {
                merge_flags(&mut state.packages[i], value, style, false);
            }
            continue;
        }
        let before = state.packages.len();
        let index = add_package(id, &canon, key.line, value, style, is_env, &patched, state, notes)?;
        if state.packages.len() > before {
            created.extend(index);
        }
        by_id.insert(canon, index);
    }

    // Edges: from the entries themselves (5.x/6.x) or the snapshots (9.x).
    let edge_source = if style == Style::V9 { "snapshots" } else { "packages" };
    let mut snapshot_optional: HashMap<usize, bool> = HashMap::new();
    for (key, value) in mapping_entries(doc, edge_source)? {
        let Some(id) = key.as_str() else {
            return Err(ParseError::new(key.line, key.column, "expected a package id"));
        };
        let value = entry_mapping(key, value)?;
        let Some(&Some(from)) = by_id.get(&canonical(id, style)) else {
            continue;
        };
        if style == Style::V9 {
            let optional = value.get_str("optional") == Some("true");
            let all = snapshot_optional.entry(from).or_insert(true);
            *all &= optional;
        }
        for (section, optional) in [("dependencies", false), ("optionalDependencies", true)] {
            for (dep, reference) in dependency_refs(value, section)? {
                if let Some(Some(to)) = resolve(&by_id, style, &dep, &reference) {
                    state.edges[from].push((*to, optional));
                    note_alias(&mut state.packages[*to], &dep);
                }
            }
        }
    }
    for (i, optional) in snapshot_optional {
        if created.contains(&i) {
            state.packages[i].optional = optional;
        }
    }

    // Roots: importers, or the top level of single-project 5.x/6.x files.
    let importers: Vec<&Node> = match doc.get("importers").and_then(Node::as_mapping) {
        Some(entries) => entries.iter().map(|(_, v)| v).collect(),
        None if doc.get("importers").is_none() => vec![doc],
        None => Vec::new(),
    };
    for importer in importers {
        for (section, kind) in IMPORTER_SECTIONS {
            let refs = dependency_refs(importer, section)?;
            if importer.get(section).is_some() {
                state.roots_known = true;
            }
            for (dep, reference) in refs {
                if let Some(Some(to)) = resolve(&by_id, style, &dep, &reference) {
                    state.roots.push((*to, kind));
                    note_alias(&mut state.packages[*to], &dep);
                }
            }
        }
    }
    if doc.get("importers").is_some() {
        state.roots_known = true;
    }
    Ok(style)
}

/// Adds the package of a `packages` entry (or finds the same package from
/// an earlier document). `None` when the entry is not a package.
#[allow(clippy::too_many_arguments)]
fn add_package(
    id: &str,
    canon: &str,
    line: u32,
    value: &Node,
    style: Style,
    is_env: bool,
    patched: &HashSet<&str>,
    state: &mut State,
    notes: &mut Vec<Note>,
) -> Result<Option<usize>, ParseError> {
    let (id_name, id_version) = name_version(canon, style).unzip();
    let name = match scalar(value, "name")? {
        Some(n) => n,
        None => match id_name {
            Some(n) => n.to_string(),
            None => {
                notes.push(Note { line, message: format!("cannot read a package name from {id:?}; skipped") });
                return Ok(None);
            }
        },
    };
    let version = match scalar(value, "version")? {
        Some(v) => v,
        None => match id_version.filter(|v| looks_like_version(v)) {
            Some(v) => v.to_string(),
            None => {
                notes.push(Note { line, message: format!("{id:?} records no version; skipped") });
                return Ok(None);
            }
        },
    };

    let mut origin = Origin::Registry;
    let mut hashes = Vec::new();
    if let Some(resolution) = value.get("resolution") {
        if let Some(integrity) = resolution.get_str("integrity") {
            hashes = integrity_hashes(integrity);
        }
        if let Some(dir) = resolution.get_str("directory") {
            if !dir.starts_with("..") && !dir.starts_with('/') {
                return Ok(None); // a workspace package: the project's own code
            }
            origin = Origin::Path(dir.to_string());
        } else if resolution.get_str("type") == Some("git") || resolution.get("commit").is_some() {
            origin = Origin::Git {
                url: resolution.get_str("repo").unwrap_or("").to_string(),
                rev: resolution.get_str("commit").map(str::to_string),
            };
        } else if let Some(tarball) = resolution.get_str("tarball") {
            origin = if let Some(path) = tarball.strip_prefix("file:") {
                Origin::Path(path.to_string())
            } else {
                origin_from_url(tarball, &name)
            };
        }
    }

    let identity = match &origin {
        Origin::Registry => format!("{name}@{version}"),
        other => format!("{name}@{version} {other:?}"),
    };
    if let Some(&existing) = state.identities.get(&identity) {
        return Ok(Some(existing));
    }
    let mut pkg = Package::pinned(Ecosystem::Npm, name.as_str(), version.as_str(), line);
    pkg.origin = origin;
    pkg.hashes = hashes;
    if let Some(alias) = id_name.filter(|n| *n != name && !n.is_empty() && !canon.contains(':')) {
        // `/alias/1.0.0` with `name: real` (old pnpm aliases).
        pkg.properties.push(("npm:alias".into(), alias.to_string()));
    }
    merge_flags(&mut pkg, value, style, true);
    if patched.contains(format!("{name}@{version}").as_str()) || id.contains("(patch_hash=") {
        pkg.properties.push(("pnpm:patched".into(), "true".into()));
    }
    if is_env {
        pkg.scope = Scope::Dev;
        pkg.properties.push(("pnpm:env-lockfile".into(), "true".into()));
    }
    state.packages.push(pkg);
    state.edges.push(Vec::new());
    let index = state.packages.len() - 1;
    state.identities.insert(identity, index);
    Ok(Some(index))
}

/// A dependency declared under another name (`"lodash-v3": "npm:lodash@…"`)
/// is an alias: the first such name is kept as `npm:alias`.
fn note_alias(pkg: &mut Package, declared: &str) {
    if pkg.name != declared && pkg.property("npm:alias").is_none() {
        pkg.properties.push(("npm:alias".into(), declared.to_string()));
    }
}

/// `dev`/`optional` of a 5.x/6.x entry; with several peer variants a package
/// is dev (optional) only when every variant is.
fn merge_flags(pkg: &mut Package, value: &Node, style: Style, first: bool) {
    if style == Style::V9 {
        return;
    }
    let dev = value.get_str("dev") == Some("true");
    let optional = value.get_str("optional") == Some("true");
    if first {
        pkg.scope = if dev { Scope::Dev } else { Scope::Runtime };
        pkg.optional = optional;
    } else {
        if !dev {
            pkg.scope = Scope::Runtime;
        }
        pkg.optional &= optional;
    }
}

/// The id without its peer/patch suffix.
fn canonical(id: &str, style: Style) -> String {
    match style {
        Style::V6 | Style::V9 => id.split('(').next().unwrap_or(id).to_string(),
        Style::V5 => {
            let Some(rest) = id.strip_prefix('/') else {
                return id.to_string();
            };
            let skip = if rest.starts_with('@') { 2 } else { 1 };
            // The version segment is the one after the name.
            let mut parts = rest.splitn(skip + 1, '/');
            let name: Vec<&str> = parts.by_ref().take(skip).collect();
            match parts.next() {
                Some(version) => {
                    let version = version.split('_').next().unwrap_or(version);
                    format!("/{}/{version}", name.join("/"))
                }
                None => id.to_string(),
            }
        }
    }
}

/// Name and version from a canonical id, when its syntax has them.
fn name_version(canon: &str, style: Style) -> Option<(&str, &str)> {
    match style {
        Style::V5 => {
            let rest = canon.strip_prefix('/')?;
            let cut = if rest.starts_with('@') { rest.match_indices('/').nth(1)?.0 } else { rest.find('/')? };
            Some((rest.get(..cut)?, rest.get(cut + 1..)?))
        }
        Style::V6 => split_spec(canon.strip_prefix('/')?),
        Style::V9 => split_spec(canon),
    }
}

fn looks_like_version(v: &str) -> bool {
    v.as_bytes().first().is_some_and(u8::is_ascii_digit) && !v.contains(['/', ':'])
}

/// The package a dependency reference points at: `Some(None)` for an id
/// that is not a package, `None` when nothing matches.
fn resolve<'m>(
    by_id: &'m HashMap<String, Option<usize>>,
    style: Style,
    name: &str,
    reference: &str,
) -> Option<&'m Option<usize>> {
    if reference.starts_with("link:") {
        return None;
    }
    let candidates = match style {
        Style::V5 if reference.contains('/') => vec![reference.to_string()],
        Style::V5 => vec![format!("/{name}/{reference}")],
        Style::V6 if reference.starts_with('/') => vec![reference.to_string()],
        Style::V6 => vec![format!("/{name}@{reference}"), reference.to_string()],
        Style::V9 => vec![format!("{name}@{reference}"), reference.to_string()],
    };
    candidates.iter().find_map(|c| by_id.get(&canonical(c, style)))
}

/// `(name, reference)` pairs of a dependency section; the reference is the
/// scalar (5.x, snapshots) or the `version` of `{specifier, version}` (6.x+
/// importers).
fn dependency_refs(node: &Node, section: &str) -> Result<Vec<(String, String)>, ParseError> {
    let mut out = Vec::new();
    for (k, v) in mapping_entries(node, section)? {
        let Some(name) = k.as_str() else {
            return Err(ParseError::new(k.line, k.column, format!("`{section}`: expected a package name")));
        };
        let reference = match v.as_str() {
            Some(s) => Some(s),
            None => v.get_str("version"),
        };
        match reference {
            Some(r) => out.push((name.to_string(), r.to_string())),
            None => {
                return Err(ParseError::new(v.line, v.column, format!("`{section}`: no version for {name:?}")));
            }
        }
    }
    Ok(out)
}

/// Entries of the mapping under `key`: empty when absent or null, an error
/// for a scalar or sequence.
fn mapping_entries<'n>(node: &'n Node, key: &str) -> Result<&'n [(Node, Node)], ParseError> {
    match node.get(key) {
        None => Ok(&[]),
        Some(v) if v.is_null() => Ok(&[]),
        Some(v) => {
            v.as_mapping().ok_or_else(|| ParseError::new(v.line, v.column, format!("`{key}` must be a mapping")))
        }
    }
}

/// An entry's value: a mapping (`{}` included); null is read as empty.
fn entry_mapping<'n>(key: &Node, value: &'n Node) -> Result<&'n Node, ParseError> {
    if value.as_mapping().is_some() || value.is_null() {
        Ok(value)
    } else {
        Err(ParseError::new(
            value.line,
            value.column,
            format!("entry {:?} must be a mapping", key.as_str().unwrap_or("")),
        ))
    }
}

fn scalar(node: &Node, key: &str) -> Result<Option<String>, ParseError> {
    match node.get(key) {
        None => Ok(None),
        Some(v) if v.is_null() => Ok(None),
        Some(v) => match v.as_str() {
            Some(s) => Ok(Some(s.to_string())),
            None => Err(ParseError::new(v.line, v.column, format!("`{key}` must be a scalar"))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::npm::common::assert_matches_expected;
    use crate::inventory::testing::{find, parse_text, summary};

    const V5: &str = include_str!("../../../tests/fixtures/inventory/pnpm/v5-single.yaml");
    const V6: &str = include_str!("../../../tests/fixtures/inventory/pnpm/v6-workspace.yaml");
    const V9: &str = include_str!("../../../tests/fixtures/inventory/pnpm/v9-env.yaml");

    fn lock(text: &str) -> Catalog {
        parse_text(parse, "pnpm-lock.yaml", text).unwrap()
    }

    fn flags(p: &[Package], name: &str) -> (Option<bool>, Scope, bool) {
        let p = find(p, name);
        (p.direct, p.scope, p.optional)
    }

    #[test]
    fn v5_packages_with_lines_and_peer_variants_merged() {
        let cat = lock(V5);
        assert!(cat.notes.is_empty(), "{:?}", cat.notes);
        assert_eq!(
            summary(&cat.packages),
            [
                "@babel/core@7.20.0:29",
                "debug@4.3.4:38",
                "fsevents@2.3.2:63",
                "is-positive@3.1.0:112",
                "local-tar@1.0.0:106",
                "lodash@3.10.1:71",
                "lodash@4.17.21:75",
                "ms@2.1.2:79",
                "react-dom@17.0.2:82",
                "react@17.0.2:90",
                "supports-color@5.5.0:95",
                "typescript@4.9.5:100",
            ]
        );
        // Both variants' dependencies; dev only if every variant is.
        assert_eq!(find(&cat.packages, "debug").depends_on, ["ms@2.1.2", "supports-color@5.5.0"]);
        assert_eq!(find(&cat.packages, "@babel/core").depends_on, ["debug@4.3.4"]);
    }

    #[test]
    fn v5_flags_origins_and_direct_from_top_level_sections() {
        let cat = lock(V5);
        let p = &cat.packages;
        assert_eq!(flags(p, "debug"), (Some(false), Scope::Runtime, false));
        assert_eq!(flags(p, "typescript"), (Some(true), Scope::Dev, false));
        assert_eq!(flags(p, "fsevents"), (Some(true), Scope::Runtime, true));
        assert_eq!(flags(p, "@babel/core"), (Some(true), Scope::Runtime, false));
        assert_eq!(flags(p, "react"), (Some(false), Scope::Runtime, false));
        assert_eq!(
            find(p, "is-positive").origin,
            Origin::Git {
                url: "https://github.com/kevva/is-positive".into(),
                rev: Some("97edff6f525f192a3f83cea1944765f769ae2678".into())
            }
        );
        assert_eq!(find(p, "is-positive").direct, Some(true));
        assert_eq!(find(p, "local-tar").origin, Origin::Path("vendor/local-tar-1.0.0.tgz".into()));
        assert_eq!(find(p, "local-tar").hashes.len(), 1);
        let alias = p.iter().find(|p| p.version.pinned() == Some("3.10.1")).unwrap();
        assert_eq!((alias.direct, alias.property("npm:alias")), (Some(true), Some("lodash-v3")));
        assert_eq!(
            find(p, "ms").hashes,
            ["sha512-sGkPx+VjMtmA6MX27oA4FBFELFCZZ4S4XqeGOXCv68tT+jb3vk/RyaKWP0PTKyWtmLSM0b+adUTEvbs1PEaH2w=="]
        );
    }

    #[test]
    fn v6_workspace_importers_links_and_directories() {
        let cat = lock(V6);
        assert!(cat.notes.is_empty(), "{:?}", cat.notes);
        // `file:packages/injected` is a workspace directory: not a package.
        assert_eq!(
            summary(&cat.packages),
            [
                "eslint-like@1.0.0:50",
                "gitdep@2.0.0:110",
                "js-tokens@4.0.0:56",
                "lodash@3.10.1:59",
                "loose-envify@1.4.0:63",
                "outside@2.0.0:96",
                "private-pkg@2.0.1:70",
                "react-dom@18.2.0:74",
                "react@18.2.0:83",
                "tar@1.0.0:90",
            ]
        );
        let p = &cat.packages;
        assert_eq!(flags(p, "eslint-like"), (Some(true), Scope::Dev, false));
        assert_eq!(flags(p, "js-tokens"), (Some(false), Scope::Runtime, false));
        assert_eq!(flags(p, "loose-envify"), (Some(true), Scope::Runtime, false));
        assert_eq!(flags(p, "outside"), (Some(true), Scope::Runtime, false));
        assert_eq!(find(p, "outside").origin, Origin::Path("../outside".into()));
        assert_eq!(
            find(p, "private-pkg").origin,
            Origin::AlternateRegistry("https://npm.corp.example/repository/npm/".into())
        );
        assert_eq!(find(p, "tar").origin, Origin::Url("https://example.com/tar-1.0.0.tgz".into()));
        assert_eq!(find(p, "tar").direct, Some(true));
        assert_eq!(
            find(p, "gitdep").origin,
            Origin::Git {
                url: "https://github.com/acme/gitdep".into(),
                rev: Some("0123456789abcdef0123456789abcdef01234567".into())
            }
        );
        assert_eq!(find(p, "lodash").property("npm:alias"), Some("lodash-v3"));
        assert_eq!(find(p, "react-dom").depends_on, ["loose-envify@1.4.0", "react@18.2.0"]);
    }

    #[test]
    fn v9_one_package_per_version_with_packages_lines() {
        let cat = lock(V9);
        assert!(cat.notes.is_empty(), "{:?}", cat.notes);
        assert_eq!(
            summary(&cat.packages),
            [
                "@pnpm/exe@10.13.1:18",
                "@pnpm/linux-x64@10.13.1:22",
                "fsevents@2.3.3:104",
                "gitssh@1.2.0:109",
                "is-positive@3.1.0:113",
                "js-tokens@4.0.0:118",
                "lodash@3.10.1:125",
                "loose-envify@1.4.0:128",
                "outside@2.0.0:132",
                "pnpm@10.13.1:27",
                "pretty-format@29.7.0:136",
                "react-dom@18.2.0:140",
                "react-test@1.0.0:145",
                "react@18.2.0:154",
                "tar@1.0.0:158",
                "typescript@5.4.5:162",
            ]
        );
        // Both snapshots of react-test feed the one package.
        assert_eq!(
            find(&cat.packages, "react-test").depends_on,
            ["pretty-format@29.7.0", "react@18.2.0", "typescript@5.4.5"]
        );
        assert_eq!(find(&cat.packages, "gitssh").depends_on, ["js-tokens@4.0.0"]);
    }

    #[test]
    fn v9_dev_is_derived_from_importers() {
        let cat = lock(V9);
        let p = &cat.packages;
        assert_eq!(flags(p, "react-test"), (Some(true), Scope::Dev, false));
        assert_eq!(flags(p, "pretty-format"), (Some(false), Scope::Dev, false));
        assert_eq!(flags(p, "typescript"), (Some(true), Scope::Dev, false));
        assert_eq!(flags(p, "react"), (Some(false), Scope::Runtime, false));
        assert_eq!(flags(p, "react-dom"), (Some(true), Scope::Runtime, false));
        assert_eq!(flags(p, "fsevents"), (Some(true), Scope::Runtime, true));
        assert_eq!(flags(p, "outside"), (Some(true), Scope::Runtime, false));
        assert_eq!(flags(p, "js-tokens"), (Some(false), Scope::Runtime, false));
    }

    #[test]
    fn v9_origins_patches_and_aliases() {
        let cat = lock(V9);
        let p = &cat.packages;
        assert_eq!(
            find(p, "gitssh").origin,
            Origin::Git {
                url: "https://gitlab.com/acme/gitssh.git".into(),
                rev: Some("1111111111111111111111111111111111111111".into())
            }
        );
        assert_eq!(
            find(p, "is-positive").origin,
            Origin::Git {
                url: "https://github.com/kevva/is-positive".into(),
                rev: Some("97edff6f525f192a3f83cea1944765f769ae2678".into())
            }
        );
        assert_eq!(find(p, "tar").origin, Origin::Url("https://example.com/tar-1.0.0.tgz".into()));
        assert_eq!(find(p, "outside").origin, Origin::Path("../outside".into()));
        assert_eq!(find(p, "js-tokens").property("pnpm:patched"), Some("true"));
        assert_eq!(find(p, "lodash").property("npm:alias"), Some("lodash-v3"));
        assert!(p.iter().all(|p| p.name != "local-dir"));
    }

    #[test]
    fn v9_env_document_packages_are_dev_tooling() {
        let cat = lock(V9);
        let p = &cat.packages;
        assert_eq!(flags(p, "pnpm"), (Some(true), Scope::Dev, false));
        assert_eq!(find(p, "pnpm").property("pnpm:env-lockfile"), Some("true"));
        assert_eq!(flags(p, "@pnpm/linux-x64"), (Some(false), Scope::Dev, true));
        assert_eq!(find(p, "@pnpm/exe").depends_on, ["@pnpm/linux-x64@10.13.1"]);
        assert_eq!(find(p, "react").property("pnpm:env-lockfile"), None);
    }

    #[test]
    fn env_document_package_already_in_the_main_document_is_reported_once() {
        let text = "lockfileVersion: '9.0'\nimporters:\n  .:\n    packageManagerDependencies:\n      pnpm:\n        specifier: 9.0.0\n        version: 9.0.0\npackages:\n  pnpm@9.0.0:\n    resolution: {integrity: sha512-AA==}\nsnapshots:\n  pnpm@9.0.0: {}\n---\nlockfileVersion: '9.0'\nimporters:\n  .:\n    devDependencies:\n      pnpm:\n        specifier: 9.0.0\n        version: 9.0.0\npackages:\n  pnpm@9.0.0:\n    resolution: {integrity: sha512-AA==}\nsnapshots:\n  pnpm@9.0.0: {}\n";
        let cat = lock(text);
        assert_eq!(summary(&cat.packages), ["pnpm@9.0.0:22"]);
        assert_eq!(cat.packages[0].property("pnpm:env-lockfile"), None);
    }

    #[test]
    fn real_lockfiles_match_the_package_manager() {
        for (text, expected) in [
            (
                include_str!("../../../tests/fixtures/inventory/pnpm/real-v5.4/pnpm-lock.yaml"),
                include_str!("../../../tests/fixtures/inventory/pnpm/real-v5.4/expected.txt"),
            ),
            (
                include_str!("../../../tests/fixtures/inventory/pnpm/real-v6/pnpm-lock.yaml"),
                include_str!("../../../tests/fixtures/inventory/pnpm/real-v6/expected.txt"),
            ),
            (
                include_str!("../../../tests/fixtures/inventory/pnpm/real-v9/pnpm-lock.yaml"),
                include_str!("../../../tests/fixtures/inventory/pnpm/real-v9/expected.txt"),
            ),
        ] {
            let cat = lock(text);
            assert!(cat.notes.is_empty(), "{:?}", cat.notes);
            assert_matches_expected(&cat.packages, expected);
            // The patched ms@2.0.0 is one package, marked patched.
            let ms: Vec<&Package> =
                cat.packages.iter().filter(|p| p.name == "ms" && p.version.pinned() == Some("2.0.0")).collect();
            assert_eq!(ms.len(), 1);
            assert_eq!(ms[0].property("pnpm:patched"), Some("true"));
        }
    }

    #[test]
    fn entries_without_a_version_are_skipped_with_a_note() {
        let text = "lockfileVersion: '9.0'\npackages:\n  odd@https://example.com/odd.tgz:\n    resolution: {tarball: https://example.com/odd.tgz}\n";
        let cat = lock(text);
        assert!(cat.packages.is_empty());
        assert_eq!(cat.notes.len(), 1);
        assert_eq!(cat.notes[0].line, 3);
    }

    #[test]
    fn empty_and_unknown_versions() {
        let cat = lock("");
        assert!(cat.packages.is_empty());
        let cat = lock("lockfileVersion: '10.0'\npackages:\n  a@1.0.0: {}\n");
        assert_eq!(summary(&cat.packages), ["a@1.0.0:3"]);
        assert_eq!(cat.notes[0].line, 1);
    }

    #[test]
    fn malformed_input_reports_the_line() {
        let cases: [(&str, u32); 6] = [
            ("lockfileVersion: '9.0'\npackages: [a]\n", 2),
            ("lockfileVersion: '9.0'\npackages:\n  a@1.0.0: 3\n", 3),
            ("lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    version: [1]\n", 4),
            ("lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      a: {specifier: ^1}\n", 5),
            ("lockfileVersion: '9.0'\npackages:\n  a@1.0.0: {\n", 4),
            ("- just\n- a list\n", 1),
        ];
        for (text, line) in cases {
            let err = parse_text(parse, "pnpm-lock.yaml", text).unwrap_err();
            assert_eq!(err.line, line, "{text:?}: {err}");
        }
        let err = parse_text(parse, "pnpm-lock.yaml", "name: not-a-lockfile\n").unwrap_err();
        assert!(err.message.contains("lockfileVersion"), "{err}");
    }

    #[test]
    fn truncated_input_never_panics() {
        for text in [V5, V6, V9] {
            for end in 0..text.len() {
                if text.is_char_boundary(end) {
                    let _ = parse_text(parse, "pnpm-lock.yaml", &text[..end]);
                }
            }
        }
    }
}
