//! `package-lock.json` and `npm-shrinkwrap.json` (same format), lockfile
//! versions 1, 2 and 3.
//!
//! **v2/v3** (npm 7+) are read from the `packages` map, keyed by install path
//! (`""` is the project, `node_modules/a/node_modules/b` a nested copy). When
//! a v2 file also carries the legacy `dependencies` tree, `packages` wins.
//! **v1** (npm 5/6) is read from the nested `dependencies` tree, whose
//! positions are turned into the same install paths.
//!
//! Rules:
//! - The name is the last `node_modules/` segment of the path (two segments
//!   for `@scope/name`), unless the entry's `name` differs: then the entry is
//!   an alias (`"node_modules/lodash-v3": {"name": "lodash"}`), reported as
//!   `lodash` with property `npm:alias` = `lodash-v3`. v1 writes aliases as
//!   `"version": "npm:lodash@3.10.1"`.
//! - Each install path is one package, keyed by its path: the same
//!   name@version installed at two paths is two packages (npm installs it
//!   twice), each with its own line.
//! - Not packages: the root entry, workspace members and link targets (keys
//!   outside `node_modules`), and links (`"link": true`) — they are the
//!   project's own code. Their declared dependencies are the direct ones.
//!   v1 `file:` directory dependencies are links too.
//! - Flags: `dev` → dev scope; `optional` → optional; `devOptional` → both;
//!   `peer` → property `npm:peer`; `inBundle`/`bundled` → kept, with property
//!   `npm:bundled`; `extraneous` → property `npm:extraneous`.
//! - `resolved` decides the origin (registry tarball, other registry, git,
//!   `file:` path, plain URL); `integrity` gives the hashes.
//! - Entries without a version are skipped with a note. v1 git and URL
//!   dependencies record no semver version: they are reported with an
//!   unresolved version and their git/URL origin.
//! - Edges: each entry's `dependencies`, `optionalDependencies` and
//!   `peerDependencies` (v1: `requires`) are resolved as Node does: the
//!   nearest `node_modules/<dep>` walking up from the entry's own path; a
//!   link is followed to its target.
//! - `direct`: v2/v3 from the root and workspace entries; v1 from the
//!   sibling `package.json` when there is one (otherwise unknown, noted).

use std::collections::HashMap;

use crate::inventory::{Catalog, Note, ParseError, Source};
use crate::model::{Ecosystem, Origin, Package, Scope, Version};
use crate::syntax::json::{self, Member, Value};
use crate::syntax::lines::LineIndex;

use super::common::{
    DepKind, Derive, apply_roots, integrity_hashes, link, lockfile_dir, manifest_from_json, origin_from_url,
    read_manifest, split_spec,
};

pub fn parse(source: &Source) -> Result<Catalog, ParseError> {
    let text = source.text;
    let root = json::parse(text).map_err(|e| ParseError::from_json(text, e))?;
    let lines = Positions { index: LineIndex::new(text) };
    if root.as_object().is_none() {
        let lc = lines.index.line_col(root.offset);
        return Err(ParseError::new(lc.line, lc.column, "expected a JSON object at the top level"));
    }
    let mut notes = Vec::new();
    match root.get("lockfileVersion") {
        None => {}
        Some(v) => match v.as_number() {
            Some("1" | "2" | "3") => {}
            Some(n) => notes.push(Note {
                line: lines.line(v.offset),
                message: format!("unknown lockfileVersion {n}; read like version 3"),
            }),
            None => return Err(type_error(&lines, v, "`lockfileVersion` must be a number")),
        },
    }
    let mut entries = Vec::new();
    let v1 = match root.get("packages") {
        Some(packages) => {
            let members =
                packages.as_object().ok_or_else(|| type_error(&lines, packages, "`packages` must be an object"))?;
            for m in members {
                entries.push(Entry::new(m.key.to_string(), &m.value, m.key_offset, &lines)?);
            }
            false
        }
        None => {
            v1_entries(&root, &lines, &mut entries)?;
            true
        }
    };
    build(source, &entries, v1, &lines, notes)
}

/// Line lookups: `line` for every entry (cheap), `index.line_col` for the
/// line and column of an error.
struct Positions<'t> {
    index: LineIndex<'t>,
}

impl Positions<'_> {
    fn line(&self, offset: usize) -> u32 {
        self.index.line(offset)
    }
}

/// One install path of the lockfile.
struct Entry<'v, 'a> {
    path: String,
    value: &'v Value<'a>,
    line: u32,
}

impl<'v, 'a> Entry<'v, 'a> {
    fn new(path: String, value: &'v Value<'a>, key_offset: usize, lines: &Positions) -> Result<Self, ParseError> {
        if value.as_object().is_none() {
            return Err(type_error(lines, value, &format!("entry {path:?} must be an object")));
        }
        Ok(Entry { path, value, line: lines.line(key_offset) })
    }
}

/// Flattens the v1 `dependencies` tree into install paths (no recursion:
/// an explicit stack; the JSON parser already bounds the depth).
fn v1_entries<'v, 'a>(root: &'v Value<'a>, lines: &Positions, out: &mut Vec<Entry<'v, 'a>>) -> Result<(), ParseError> {
    let mut stack: Vec<(String, &'v [Member<'a>])> =
        vec![(String::new(), object_members(root, "dependencies", lines)?)];
    while let Some((parent, members)) = stack.pop() {
        for m in members {
            let path = if parent.is_empty() {
                format!("node_modules/{}", m.key)
            } else {
                format!("{parent}/node_modules/{}", m.key)
            };
            let entry = Entry::new(path.clone(), &m.value, m.key_offset, lines)?;
            let nested = object_members(&m.value, "dependencies", lines)?;
            out.push(entry);
            if !nested.is_empty() {
                stack.push((path, nested));
            }
        }
    }
    // Keep file order (the stack visits children after their siblings).
    out.sort_by_key(|e| e.line);
    Ok(())
}

/// What an install path holds.
#[derive(Clone, Copy)]
enum Node {
    /// The root, a workspace member or a link target.
    Project,
    /// A link to another path (`resolved`), or an unusable one.
    Link(Option<usize>),
    Package(usize),
    Skipped,
}

fn build(
    source: &Source,
    entries: &[Entry],
    v1: bool,
    lines: &Positions,
    mut notes: Vec<Note>,
) -> Result<Catalog, ParseError> {
    let by_path: HashMap<&str, usize> = entries.iter().enumerate().map(|(i, e)| (e.path.as_str(), i)).collect();
    let mut nodes = vec![Node::Skipped; entries.len()];
    let mut packages: Vec<Package> = Vec::new();
    let mut owner: Vec<usize> = Vec::new(); // package index → entry index
    for (i, e) in entries.iter().enumerate() {
        if by_path.get(e.path.as_str()) != Some(&i) {
            continue; // a repeated key: JSON keeps the last one
        }
        nodes[i] = match classify(e, v1, lines, &mut notes)? {
            Classified::Project => Node::Project,
            Classified::Link(target) => Node::Link(target.and_then(|t| by_path.get(t.as_str()).copied())),
            Classified::Skipped => Node::Skipped,
            Classified::Package(pkg) => {
                packages.push(*pkg);
                owner.push(i);
                Node::Package(packages.len() - 1)
            }
        };
    }

    let resolver = Resolver { by_path: &by_path, nodes: &nodes };
    let mut edges: Vec<Vec<(usize, bool)>> = vec![Vec::new(); packages.len()];
    for (p, &i) in owner.iter().enumerate() {
        let e = &entries[i];
        if e.path.len() > MAX_RESOLVED_PATH {
            notes.push(Note {
                line: e.line,
                message: format!(
                    "install path longer than {MAX_RESOLVED_PATH} bytes: its dependencies are not resolved"
                ),
            });
        }
        let sections: &[(&str, bool)] = if v1 {
            &[("requires", false)]
        } else {
            &[("dependencies", false), ("optionalDependencies", true), ("peerDependencies", false)]
        };
        for (section, optional) in sections {
            for m in object_members(e.value, section, lines)? {
                if let Some(t) = resolver.resolve(&e.path, &m.key) {
                    edges[p].push((t, *optional));
                }
            }
        }
    }

    // Direct dependencies: declared by the project entries (v2/v3) or the
    // sibling package.json (v1).
    let mut roots: Vec<(usize, DepKind)> = Vec::new();
    let mut roots_known = false;
    if v1 {
        match read_manifest(&lockfile_dir(source)) {
            Ok(Some(manifest)) => {
                roots_known = true;
                for (name, _, kind) in &manifest.deps {
                    if let Some(t) = resolver.resolve("", name) {
                        roots.push((t, *kind));
                    }
                }
            }
            Ok(None) => notes.push(Note {
                line: 0,
                message:
                    "lockfile version 1 does not record direct dependencies and no package.json was found beside it"
                        .into(),
            }),
            Err(message) => notes.push(Note { line: 0, message }),
        }
    } else {
        for (i, e) in entries.iter().enumerate() {
            if !matches!(nodes[i], Node::Project) {
                continue;
            }
            roots_known |= e.path.is_empty();
            for (name, _, kind) in &manifest_from_json(e.value).deps {
                if let Some(t) = resolver.resolve(&e.path, name) {
                    roots.push((t, *kind));
                }
            }
        }
    }
    if roots_known {
        apply_roots(&mut packages, &edges, &roots, Derive { scope: false, optional: false });
    }
    link(&mut packages, &edges);
    Ok(Catalog { packages, notes })
}

enum Classified {
    Project,
    Link(Option<String>),
    Package(Box<Package>),
    Skipped,
}

fn classify(e: &Entry, v1: bool, lines: &Positions, notes: &mut Vec<Note>) -> Result<Classified, ParseError> {
    let v = e.value;
    let Some(key_name) = name_from_path(&e.path) else {
        return Ok(Classified::Project);
    };
    let resolved = str_field(v, "resolved", lines)?;
    if v.get("link").and_then(Value::as_bool) == Some(true) {
        return Ok(Classified::Link(resolved.map(normalize_path)));
    }
    let version = str_field(v, "version", lines)?;
    let name_field = str_field(v, "name", lines)?;
    let Some(version) = version.filter(|s| !s.is_empty()) else {
        notes.push(Note { line: e.line, message: format!("{:?} has no version; skipped", e.path) });
        return Ok(Classified::Skipped);
    };

    let mut name = name_field.unwrap_or(key_name).to_string();
    let mut version_value = Version::Pinned(version.to_string());
    let mut origin = resolved.map(|r| origin_from_url(r, &name)).unwrap_or(Origin::Registry);
    if v1 {
        // v1 `version` may be an alias, a git URL, a tarball URL or a path.
        if let Some((real, ver)) = version.strip_prefix("npm:").and_then(split_spec) {
            name = real.to_string();
            version_value = Version::Pinned(ver.to_string());
            origin = resolved.map(|r| origin_from_url(r, &name)).unwrap_or(Origin::Registry);
        } else if let Some(path) = version.strip_prefix("file:") {
            if !is_archive(path) {
                return Ok(Classified::Link(Some(normalize_path(path))));
            }
            version_value = Version::Unresolved(format!("local archive {path}"));
            origin = Origin::Path(path.to_string());
        } else if let Some(ver) = version_from_tarball(version, &name) {
            // `"version": "https://registry.npmjs.org/x/-/x-1.0.0.tgz"`
            origin = origin_from_url(version, &name);
            version_value = Version::Pinned(ver.to_string());
        } else if !starts_like_version(version) {
            origin = origin_from_url(version, &name);
            version_value = Version::Unresolved(match &origin {
                Origin::Git { .. } => "git dependency: the lockfile records the commit, not the version".into(),
                _ => format!("not a registry version: {version}"),
            });
        }
    }

    let mut pkg = Package::new(Ecosystem::Npm, name.clone(), version_value, e.line);
    pkg.key = e.path.clone();
    pkg.origin = origin;
    if name != key_name {
        pkg.properties.push(("npm:alias".into(), key_name.to_string()));
    }
    let flag = |k: &str| v.get(k).and_then(Value::as_bool) == Some(true);
    if flag("dev") || flag("devOptional") {
        pkg.scope = Scope::Dev;
    }
    pkg.optional = flag("optional") || flag("devOptional");
    if flag("peer") {
        pkg.properties.push(("npm:peer".into(), "true".into()));
    }
    if flag("inBundle") || flag("bundled") {
        pkg.properties.push(("npm:bundled".into(), "true".into()));
    }
    if flag("extraneous") {
        pkg.properties.push(("npm:extraneous".into(), "true".into()));
    }
    if let Some(integrity) = str_field(v, "integrity", lines)? {
        pkg.hashes = integrity_hashes(integrity);
    }
    Ok(Classified::Package(Box::new(pkg)))
}

/// Install paths longer than this get no dependency edges: walking up
/// costs the square of the path length, and real paths stay far below.
const MAX_RESOLVED_PATH: usize = 4096;

/// Node's module resolution over install paths.
struct Resolver<'r> {
    by_path: &'r HashMap<&'r str, usize>,
    nodes: &'r [Node],
}

impl Resolver<'_> {
    /// The package `dep` resolves to from the directory `from`: the nearest
    /// `node_modules/<dep>` walking up, a link followed to its target.
    /// `None` for the project's own code or a name nothing provides.
    fn resolve(&self, from: &str, dep: &str) -> Option<usize> {
        if from.len() > MAX_RESOLVED_PATH {
            return None;
        }
        let mut dir = from;
        loop {
            let last = dir.rsplit('/').next().unwrap_or(dir);
            if last != "node_modules" {
                let candidate =
                    if dir.is_empty() { format!("node_modules/{dep}") } else { format!("{dir}/node_modules/{dep}") };
                if let Some(&i) = self.by_path.get(candidate.as_str()) {
                    return match self.nodes.get(i)? {
                        Node::Package(p) => Some(*p),
                        Node::Link(Some(target)) => match self.nodes.get(*target)? {
                            Node::Package(p) => Some(*p),
                            _ => None,
                        },
                        _ => None,
                    };
                }
            }
            if dir.is_empty() {
                return None;
            }
            dir = dir.rsplit_once('/').map_or("", |(parent, _)| parent);
        }
    }
}

/// The package name an install path holds: what follows its last
/// `node_modules/` (two segments when scoped). `None` outside node_modules.
fn name_from_path(path: &str) -> Option<&str> {
    const NM: &str = "node_modules/";
    let at = path.rmatch_indices(NM).map(|(i, _)| i).find(|&i| i == 0 || path.as_bytes().get(i - 1) == Some(&b'/'))?;
    let name = path.get(at + NM.len()..)?;
    let slashes = name.matches('/').count();
    let valid =
        !name.is_empty() && if name.starts_with('@') { slashes == 1 && !name.ends_with('/') } else { slashes == 0 };
    valid.then_some(name)
}

fn normalize_path(p: &str) -> String {
    let p = p.strip_prefix("file:").unwrap_or(p);
    p.trim_start_matches("./").trim_end_matches('/').to_string()
}

/// The version in a registry-style tarball URL, `…/<name>/-/<base>-<version>.tgz`.
fn version_from_tarball<'u>(url: &'u str, name: &str) -> Option<&'u str> {
    if !url.starts_with("https://") && !url.starts_with("http://") {
        return None;
    }
    let path = url.split(['?', '#']).next()?;
    let (dir, file) = path.rsplit_once('/')?;
    if !dir.ends_with("/-") {
        return None;
    }
    let base = name.rsplit('/').next()?;
    let version = file.strip_prefix(base)?.strip_prefix('-')?.strip_suffix(".tgz")?;
    starts_like_version(version).then_some(version)
}

fn is_archive(path: &str) -> bool {
    [".tgz", ".tar.gz", ".tar"].iter().any(|ext| path.ends_with(ext))
}

fn starts_like_version(v: &str) -> bool {
    v.as_bytes().first().is_some_and(u8::is_ascii_digit) && !v.contains("://")
}

fn type_error(lines: &Positions, v: &Value, message: &str) -> ParseError {
    let lc = lines.index.line_col(v.offset);
    ParseError::new(lc.line, lc.column, message)
}

/// A string member, an error when it has another type.
fn str_field<'v>(v: &'v Value, key: &str, lines: &Positions) -> Result<Option<&'v str>, ParseError> {
    match v.get(key) {
        None => Ok(None),
        Some(x) if matches!(x.kind, json::Kind::Null) => Ok(None),
        Some(x) => x
            .as_str()
            .map(Some)
            .ok_or_else(|| type_error(lines, x, &format!("`{key}` must be a string, not {}", x.type_name()))),
    }
}

/// Members of an object member (`{}` when absent); an error for other types
/// (v1 writes `"requires": true` at the top level: accepted as empty).
fn object_members<'v, 'a>(v: &'v Value<'a>, key: &str, lines: &Positions) -> Result<&'v [Member<'a>], ParseError> {
    match v.get(key) {
        None => Ok(&[]),
        Some(x) => match &x.kind {
            json::Kind::Object(members) => Ok(members),
            json::Kind::Bool(_) | json::Kind::Null => Ok(&[]),
            _ => Err(type_error(lines, x, &format!("`{key}` must be an object, not {}", x.type_name()))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::npm::common::assert_matches_expected;
    use crate::inventory::testing::{find, parse_text, summary};

    const V3: &str = include_str!("../../../tests/fixtures/inventory/package-lock/v3-workspaces.json");
    const V1: &str = include_str!("../../../tests/fixtures/inventory/package-lock/v1.json");

    fn at<'a>(packages: &'a [Package], key: &str) -> &'a Package {
        packages
            .iter()
            .find(|p| p.key == key)
            .unwrap_or_else(|| panic!("no package keyed {key} in {:?}", summary(packages)))
    }

    #[test]
    fn v3_lists_every_install_path_with_its_line() {
        let cat = parse_text(parse, "package-lock.json", V3).unwrap();
        assert_eq!(
            summary(&cat.packages),
            [
                "@scope/x@2.1.0:30",
                "bundler@1.0.0:38",
                "debug@4.3.4:53",
                "fsevents@2.3.3:78",
                "jest-like@1.2.0:94",
                "lodash@3.10.1:103",
                "lodash@4.17.21:146",
                "ms@2.1.2:69",
                "ms@2.1.3:109",
                "mylib@1.4.0:114",
                "react@18.3.1:119",
                "tiny@0.1.2:49",
                "vendored@0.1.0:125",
                "watcher@1.0.1:130",
            ]
        );
        // Keys are install paths.
        assert_eq!(at(&cat.packages, "node_modules/debug/node_modules/ms").line, 69);
        assert_eq!(at(&cat.packages, "packages/foo/node_modules/lodash").line, 146);
    }

    #[test]
    fn v3_root_workspace_members_and_links_are_not_packages() {
        let cat = parse_text(parse, "package-lock.json", V3).unwrap();
        assert!(cat.packages.iter().all(|p| p.name != "shop" && p.name != "foo"));
    }

    #[test]
    fn v3_entry_without_version_is_skipped_with_a_note() {
        let cat = parse_text(parse, "package-lock.json", V3).unwrap();
        assert!(cat.packages.iter().all(|p| p.name != "ghost"));
        assert_eq!(cat.notes.len(), 1, "{:?}", cat.notes);
        assert_eq!(cat.notes[0].line, 91);
        assert!(cat.notes[0].message.contains("node_modules/ghost"), "{:?}", cat.notes);
    }

    #[test]
    fn v3_alias_is_reported_under_the_real_name() {
        let cat = parse_text(parse, "package-lock.json", V3).unwrap();
        let alias = at(&cat.packages, "node_modules/lodash-v3");
        assert_eq!((alias.name.as_str(), alias.version.pinned(), alias.line), ("lodash", Some("3.10.1"), 103));
        assert_eq!(alias.property("npm:alias"), Some("lodash-v3"));
        assert_eq!(alias.purl().to_string(), "pkg:npm/lodash@3.10.1");
        assert_eq!(at(&cat.packages, "packages/foo/node_modules/lodash").property("npm:alias"), None);
    }

    #[test]
    fn v3_dev_optional_dev_optional_peer_and_bundled_flags() {
        let cat = parse_text(parse, "package-lock.json", V3).unwrap();
        let p = &cat.packages;
        let flags = |name: &str| (find(p, name).scope, find(p, name).optional);
        assert_eq!(flags("jest-like"), (Scope::Dev, false));
        assert_eq!(flags("fsevents"), (Scope::Runtime, true));
        assert_eq!(flags("watcher"), (Scope::Dev, true));
        assert_eq!(flags("debug"), (Scope::Runtime, false));
        assert_eq!(find(p, "react").property("npm:peer"), Some("true"));
        assert_eq!(find(p, "tiny").property("npm:bundled"), Some("true"));
        assert_eq!(find(p, "bundler").property("npm:bundled"), None);
    }

    #[test]
    fn v3_origins_and_hashes() {
        let cat = parse_text(parse, "package-lock.json", V3).unwrap();
        let p = &cat.packages;
        assert_eq!(find(p, "@scope/x").origin, Origin::Registry);
        assert_eq!(find(p, "@scope/x").purl().to_string(), "pkg:npm/%40scope/x@2.1.0");
        assert_eq!(
            find(p, "mylib").origin,
            Origin::Git {
                url: "ssh://git@github.com/acme/mylib.git".into(),
                rev: Some("5f1c0d2e9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d".into())
            }
        );
        assert_eq!(find(p, "vendored").origin, Origin::Path("vendor/vendored-0.1.0.tgz".into()));
        assert_eq!(
            find(p, "watcher").origin,
            Origin::AlternateRegistry("https://npm.corp.example/repository/npm/".into())
        );
        assert_eq!(
            find(p, "debug").hashes,
            ["sha512-PRWFHuSU3eDtQJPvnNY7Jcket1j0t5OuOsFzPPzsekD52Zl8qUfFIPEiswXqIvHWGVHOgX+7G/vCNNhehwxfkQ=="]
        );
        assert!(find(p, "tiny").hashes.is_empty());
    }

    #[test]
    fn v3_edges_follow_node_resolution() {
        let cat = parse_text(parse, "package-lock.json", V3).unwrap();
        let p = &cat.packages;
        // Nested copy first, the optional peer that nothing provides is dropped.
        assert_eq!(find(p, "debug").depends_on, ["node_modules/debug/node_modules/ms"]);
        assert_eq!(find(p, "@scope/x").depends_on, ["node_modules/ms"]);
        assert_eq!(find(p, "jest-like").depends_on, ["node_modules/ms", "node_modules/watcher"]);
        assert_eq!(find(p, "bundler").depends_on, ["node_modules/bundler/node_modules/tiny"]);
    }

    #[test]
    fn v3_direct_from_root_and_workspace_members() {
        let cat = parse_text(parse, "package-lock.json", V3).unwrap();
        let mut direct: Vec<&str> =
            cat.packages.iter().filter(|p| p.direct == Some(true)).map(|p| p.key.as_str()).collect();
        direct.sort();
        assert_eq!(
            direct,
            [
                "node_modules/@scope/x",
                "node_modules/bundler",
                "node_modules/debug",
                "node_modules/fsevents",
                "node_modules/jest-like",
                "node_modules/lodash-v3",
                "node_modules/ms",
                "node_modules/mylib",
                "node_modules/react",
                "node_modules/vendored",
                // packages/foo's lodash resolves to its own nested copy.
                "packages/foo/node_modules/lodash",
            ]
        );
        assert!(cat.packages.iter().all(|p| p.direct.is_some()));
    }

    #[test]
    fn link_to_a_workspace_is_followed_for_edges_but_not_emitted() {
        let text = r#"{
  "lockfileVersion": 3,
  "packages": {
    "": {"dependencies": {"app": "*"}},
    "node_modules/app": {"resolved": "packages/app", "link": true},
    "node_modules/lib": {"resolved": "libs/lib", "link": true},
    "libs/lib": {"version": "1.0.0", "dependencies": {"left-pad": "^1"}},
    "node_modules/left-pad": {"version": "1.3.0"},
    "node_modules/user": {"version": "1.0.0", "dependencies": {"lib": "*"}},
    "packages/app": {"dependencies": {"user": "*"}}
  }
}"#;
        let cat = parse_text(parse, "package-lock.json", text).unwrap();
        assert_eq!(summary(&cat.packages), ["left-pad@1.3.0:8", "user@1.0.0:9"]);
        // The link target's dependencies are direct ones; edges into the
        // project's own code are dropped.
        assert_eq!(find(&cat.packages, "left-pad").direct, Some(true));
        assert_eq!(find(&cat.packages, "user").direct, Some(true));
        assert!(find(&cat.packages, "user").depends_on.is_empty());
    }

    #[test]
    fn same_version_at_two_paths_is_two_packages_and_scopes_nest() {
        let text = r#"{
  "lockfileVersion": 2,
  "packages": {
    "": {"dependencies": {"@s/a": "1", "ms": "2"}},
    "node_modules/@s/a": {"version": "1.0.0", "dependencies": {"@t/b": "1"}},
    "node_modules/@s/a/node_modules/@t/b": {"version": "1.0.0", "dependencies": {"ms": "2"}},
    "node_modules/@s/a/node_modules/ms": {"version": "2.1.3"},
    "node_modules/ms": {"version": "2.1.3"}
  },
  "dependencies": {
    "ms": {"version": "0.0.1"}
  }
}"#;
        let cat = parse_text(parse, "package-lock.json", text).unwrap();
        assert_eq!(summary(&cat.packages), ["@s/a@1.0.0:5", "@t/b@1.0.0:6", "ms@2.1.3:7", "ms@2.1.3:8"]);
        // @t/b walks up: @s/a's own node_modules before the top level.
        assert_eq!(find(&cat.packages, "@t/b").depends_on, ["node_modules/@s/a/node_modules/ms"]);
        assert_eq!(at(&cat.packages, "node_modules/@s/a/node_modules/ms").direct, Some(false));
        assert_eq!(at(&cat.packages, "node_modules/ms").direct, Some(true));
    }

    #[test]
    fn v1_nested_tree_aliases_git_and_file_versions() {
        let cat = parse_text(parse, "package-lock.json", V1).unwrap();
        assert_eq!(
            summary(&cat.packages),
            [
                "@babel/code-frame@7.12.13:7",
                "debug@2.6.9:13",
                "fsevents@1.2.13:28",
                "lodash@3.10.1:50",
                "ms@2.0.0:21",
                "ms@2.1.3:55",
                "mylib@unresolved(git dependency: the lockfile records the commit, not the version):60",
                "nan@2.14.0:37",
                "packed@unresolved(local archive vendor/packed-1.0.0.tgz):67",
            ]
        );
        let p = &cat.packages;
        assert_eq!(find(p, "lodash").property("npm:alias"), Some("lodash-v3"));
        assert_eq!(
            find(p, "mylib").origin,
            Origin::Git {
                url: "https://github.com/acme/mylib.git".into(),
                rev: Some("5f1c0d2e9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d".into())
            }
        );
        assert_eq!(find(p, "packed").origin, Origin::Path("vendor/packed-1.0.0.tgz".into()));
        assert_eq!(find(p, "@babel/code-frame").scope, Scope::Dev);
        assert!(find(p, "fsevents").optional);
        assert_eq!(find(p, "nan").property("npm:bundled"), Some("true"));
        assert_eq!(find(p, "ms").hashes.len(), 1);
    }

    #[test]
    fn v1_requires_resolve_through_the_nested_tree() {
        let cat = parse_text(parse, "package-lock.json", V1).unwrap();
        let p = &cat.packages;
        assert_eq!(find(p, "debug").depends_on, ["node_modules/debug/node_modules/ms"]);
        assert_eq!(find(p, "fsevents").depends_on, ["node_modules/fsevents/node_modules/nan"]);
        assert_eq!(find(p, "mylib").depends_on, ["node_modules/debug"]);
    }

    #[test]
    fn v1_direct_is_unknown_without_package_json() {
        let cat = parse_text(parse, "package-lock.json", V1).unwrap();
        assert!(cat.packages.iter().all(|p| p.direct.is_none()));
        assert_eq!(cat.notes.len(), 1);
        assert!(cat.notes[0].message.contains("no package.json"), "{:?}", cat.notes);
    }

    #[test]
    fn v1_direct_from_the_sibling_package_json() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/inventory/package-lock/v1-project/package-lock.json");
        let source = Source { text: V1, path: &path, display: "package-lock.json", allow_cargo: false };
        let cat = parse(&source).unwrap();
        assert!(cat.notes.is_empty(), "{:?}", cat.notes);
        let mut direct: Vec<&str> =
            cat.packages.iter().filter(|p| p.direct == Some(true)).map(|p| p.key.as_str()).collect();
        direct.sort();
        assert_eq!(
            direct,
            [
                "node_modules/@babel/code-frame",
                "node_modules/debug",
                "node_modules/fsevents",
                "node_modules/lodash-v3",
                "node_modules/mylib"
            ]
        );
        assert_eq!(at(&cat.packages, "node_modules/ms").direct, Some(false));
    }

    #[test]
    fn malformed_files_report_the_line() {
        let err =
            parse_text(parse, "package-lock.json", "{\n  \"packages\": {\n    \"node_modules/a\": {\n").unwrap_err();
        assert_eq!(err.line, 4, "{err}");
        let err =
            parse_text(parse, "package-lock.json", "{\n  \"lockfileVersion\": 3,\n  \"packages\": []\n}").unwrap_err();
        assert_eq!((err.line, err.column), (3, 15), "{err}");
        let err =
            parse_text(parse, "package-lock.json", "{\"packages\": {\n\"node_modules/a\": {\n\"version\": 1\n}}}")
                .unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        assert!(err.message.contains("version"), "{err}");
        let err = parse_text(parse, "package-lock.json", "{\"packages\": {\n\"node_modules/a\": 1}}").unwrap_err();
        assert_eq!(err.line, 2, "{err}");
        let err = parse_text(parse, "package-lock.json", "[]").unwrap_err();
        assert_eq!(err.line, 1, "{err}");
        let err = parse_text(parse, "package-lock.json", "").unwrap_err();
        assert_eq!(err.line, 1, "{err}");
    }

    #[test]
    fn unknown_lockfile_version_is_noted() {
        let cat = parse_text(parse, "package-lock.json", "{\n\"lockfileVersion\": 4,\n\"packages\": {}}").unwrap();
        assert_eq!(cat.notes[0].line, 2);
    }

    #[test]
    fn v1_registry_tarball_url_as_version_gives_the_version() {
        let text = "{\"lockfileVersion\": 1, \"dependencies\": {\n\"is-number\": {\"version\": \"https://registry.npmjs.org/is-number/-/is-number-7.0.0.tgz\"},\n\"@s/odd\": {\"version\": \"https://example.com/files/odd.tgz\"}}}";
        let cat = parse_text(parse, "package-lock.json", text).unwrap();
        assert_eq!(
            summary(&cat.packages),
            ["@s/odd@unresolved(not a registry version: https://example.com/files/odd.tgz):3", "is-number@7.0.0:2"]
        );
        assert_eq!(find(&cat.packages, "is-number").origin, Origin::Registry);
        assert_eq!(find(&cat.packages, "@s/odd").origin, Origin::Url("https://example.com/files/odd.tgz".into()));
    }

    #[test]
    fn real_lockfiles_match_the_package_manager() {
        let real = |dir: &str, file: &str| -> (String, String) {
            let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/inventory/package-lock")
                .join(dir);
            (
                std::fs::read_to_string(base.join(file)).unwrap(),
                std::fs::read_to_string(base.join("expected.txt")).unwrap(),
            )
        };
        for (dir, file) in [
            ("real-v1", "package-lock.json"),
            ("real-v2-workspace", "package-lock.json"),
            ("real-v3-workspace", "package-lock.json"),
            ("real-shrinkwrap", "npm-shrinkwrap.json"),
        ] {
            let (text, expected) = real(dir, file);
            let cat = parse_text(parse, file, &text).unwrap();
            assert_matches_expected(&cat.packages, &expected);
        }
        // sqlite3 bundles its own debug@2.6.9: two install paths, two packages.
        let (text, _) = real("real-v3-workspace", "package-lock.json");
        let cat = parse_text(parse, "package-lock.json", &text).unwrap();
        let debug: Vec<(&str, u32)> = cat
            .packages
            .iter()
            .filter(|p| p.name == "debug" && p.version.pinned() == Some("2.6.9"))
            .map(|p| (p.key.as_str(), p.line))
            .collect();
        assert_eq!(debug, [("node_modules/debug", 120), ("node_modules/sqlite3/node_modules/debug", 340)]);
        assert_eq!(at(&cat.packages, "node_modules/sqlite3/node_modules/debug").property("npm:bundled"), Some("true"));
        assert_eq!(at(&cat.packages, "packages/util/node_modules/ms").direct, Some(true));
    }

    #[test]
    fn real_v1_with_its_package_json() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/inventory/package-lock/real-v1/package-lock.json");
        let text = std::fs::read_to_string(&path).unwrap();
        let source = Source { text: &text, path: &path, display: "package-lock.json", allow_cargo: false };
        let cat = parse(&source).unwrap();
        assert!(cat.notes.is_empty(), "{:?}", cat.notes);
        let direct: std::collections::BTreeSet<&str> =
            cat.packages.iter().filter(|p| p.direct == Some(true)).map(|p| p.key.as_str()).collect();
        assert!(direct.contains("node_modules/is-number") && direct.contains("node_modules/lodash-v3"), "{direct:?}");
        assert_eq!(find(&cat.packages, "semver").scope, Scope::Dev);
        assert!(find(&cat.packages, "fsevents").optional);
    }

    #[test]
    fn truncated_input_never_panics() {
        for text in [V3, V1] {
            for end in 0..text.len() {
                if text.is_char_boundary(end) {
                    let _ = parse_text(parse, "package-lock.json", &text[..end]);
                }
            }
        }
    }
}
