//! `yarn.lock`, both families:
//!
//! - **classic** (Yarn 1, `# yarn lockfile v1`): not YAML, read by a
//!   line-based parser. Each entry is a header listing the descriptors it
//!   satisfies (`"@scope/a@^1.0.0", "@scope/a@^1.1.0":`) followed by indented
//!   `version`, `resolved`, `integrity`, and `dependencies:` /
//!   `optionalDependencies:` blocks.
//! - **berry** (Yarn 2+, recognised by its `__metadata:` entry): YAML, read
//!   with [`crate::syntax::yaml`]. Entries carry `version`, `resolution`
//!   (`name@protocol:reference`), `checksum`, `dependencies`,
//!   `dependenciesMeta`, `linkType`.
//!
//! Rules:
//! - One package per entry, reported at the line of its header/key. Two
//!   classic entries resolving to the same name, version and origin are one
//!   package (both descriptor lists point at it).
//! - Aliases (`"foo@npm:bar@^1"`) are the package `bar`, with property
//!   `npm:alias` = `foo`.
//! - Berry protocols: `npm:` → registry; `workspace:` → the project's own
//!   code, not a package (its dependencies are the direct ones); `patch:` →
//!   the patched package is the same name and version as the entry it
//!   patches: it is reported once, on the original entry, with property
//!   `yarn:patched` = `true` (or on its own when the original is absent);
//!   `virtual:` entries merge the same way; `link:`/`portal:`/`file:` → path
//!   origin; git URLs → git origin; other URLs → URL origin.
//! - Hashes: classic `integrity` (or, for old files, the sha1 in the
//!   `resolved` URL's fragment, as `sha1:<hex>`). Berry's `checksum` hashes
//!   Yarn's cache archive, not the published tarball, so it is kept as the
//!   property `yarn:checksum` rather than as a package hash.
//! - Edges: each `dependencies` entry `name range` resolves to the entry
//!   whose header lists `name@range` (berry: also `name@npm:range`).
//! - Direct and dev scope: yarn.lock does not record them. Berry: the
//!   workspace entries' dependencies are the direct ones; which of them are
//!   dev comes from each workspace's `package.json`. Classic: from the
//!   `package.json` beside the lockfile and its workspaces. A package is dev
//!   when only dev dependencies reach it, optional when only optional
//!   dependencies reach it. Without manifests, `direct` is unknown (noted).

use std::collections::HashMap;

use crate::inventory::{Catalog, Note, ParseError, Source};
use crate::model::{Ecosystem, Origin, Package};
use crate::syntax::yaml::{self, Node};

use super::common::{
    DepKind, Derive, Manifest, apply_roots, integrity_hashes, link, lockfile_dir, origin_from_url, read_manifest,
    split_spec, workspace_dirs,
};

pub fn parse(source: &Source) -> Result<Catalog, ParseError> {
    let text = source.text.strip_prefix('\u{feff}').unwrap_or(source.text);
    let is_berry = text.lines().any(|l| l.trim_end() == "__metadata:" || l.trim_end() == "\"__metadata\":");
    if is_berry { berry(source, text) } else { classic(source, text) }
}

/// A dependency declared by an entry: name, range, optional.
type Dep = (String, String, bool);

/// An edge list per package plus the descriptor → package map.
struct Graph {
    packages: Vec<Package>,
    edges: Vec<Vec<(usize, bool)>>,
    descriptors: HashMap<String, Target>,
}

#[derive(Clone, Copy)]
enum Target {
    Package(usize),
    /// A workspace: the project's own code.
    Project,
}

impl Graph {
    fn resolve(&self, name: &str, range: &str) -> Option<Target> {
        self.descriptors
            .get(&format!("{name}@{range}"))
            .or_else(|| self.descriptors.get(&format!("{name}@npm:{range}")))
            .or_else(|| {
                let bare = range.split("::").next().unwrap_or(range);
                self.descriptors.get(&format!("{name}@{bare}"))
            })
            .copied()
    }

    fn resolve_package(&self, name: &str, range: &str) -> Option<usize> {
        match self.resolve(name, range)? {
            Target::Package(i) => Some(i),
            Target::Project => None,
        }
    }
}

// ---------------------------------------------------------------- classic

/// One classic entry.
struct ClassicEntry {
    descriptors: Vec<String>,
    line: u32,
    version: Option<String>,
    resolved: Option<String>,
    integrity: Option<String>,
    deps: Vec<Dep>,
}

fn classic(source: &Source, text: &str) -> Result<Catalog, ParseError> {
    let entries = classic_entries(text)?;
    let mut notes = Vec::new();
    let mut graph = Graph { packages: Vec::new(), edges: Vec::new(), descriptors: HashMap::new() };
    // (name, version, origin) → package, to merge split entries.
    let mut identity: HashMap<(String, String, Origin), usize> = HashMap::new();
    let mut entry_pkg: Vec<Option<usize>> = Vec::with_capacity(entries.len());
    for e in &entries {
        let Some((desc_name, range)) = e.descriptors.first().and_then(|d| split_spec(d)) else {
            notes.push(Note {
                line: e.line,
                message: format!("cannot read a package name from {:?}; skipped", e.descriptors.join(", ")),
            });
            entry_pkg.push(None);
            continue;
        };
        let Some(version) = e.version.as_deref().filter(|v| !v.is_empty()) else {
            notes.push(Note { line: e.line, message: format!("{desc_name} has no version; skipped") });
            entry_pkg.push(None);
            continue;
        };
        let (name, alias) = match range.strip_prefix("npm:").and_then(split_spec) {
            Some((real, _)) if real != desc_name => (real, Some(desc_name)),
            _ => (desc_name, None),
        };
        let origin = match (&e.resolved, range) {
            (Some(resolved), _) => origin_from_url(resolved, name),
            (None, r) if r.starts_with("file:") || r.starts_with("link:") || r.contains("://") || r.contains('#') => {
                origin_from_url(r, name)
            }
            _ => Origin::Registry,
        };
        let id = (name.to_string(), version.to_string(), origin.clone());
        let index = match identity.get(&id) {
            Some(&i) => i,
            None => {
                let mut pkg = Package::pinned(Ecosystem::Npm, name, version, e.line);
                if let Some(alias) = alias {
                    pkg.properties.push(("npm:alias".into(), alias.to_string()));
                }
                pkg.hashes = match (&e.integrity, &e.resolved) {
                    (Some(integrity), _) => integrity_hashes(integrity),
                    (None, Some(resolved)) => legacy_sha1(resolved, &origin).into_iter().collect(),
                    (None, None) => Vec::new(),
                };
                pkg.origin = origin;
                graph.packages.push(pkg);
                graph.edges.push(Vec::new());
                identity.insert(id, graph.packages.len() - 1);
                graph.packages.len() - 1
            }
        };
        for d in &e.descriptors {
            graph.descriptors.insert(d.clone(), Target::Package(index));
        }
        entry_pkg.push(Some(index));
    }
    for (e, p) in entries.iter().zip(&entry_pkg) {
        let Some(p) = *p else { continue };
        for (name, range, optional) in &e.deps {
            if let Some(t) = graph.resolve_package(name, range)
                && let Some(list) = graph.edges.get_mut(p)
            {
                list.push((t, *optional));
            }
        }
    }
    classic_roots(source, &mut graph, &mut notes);
    let Graph { mut packages, edges, .. } = graph;
    link(&mut packages, &edges);
    Ok(Catalog { packages, notes })
}

/// Direct dependencies and dev scope from the sibling package.json and its
/// workspaces.
fn classic_roots(source: &Source, graph: &mut Graph, notes: &mut Vec<Note>) {
    let dir = lockfile_dir(source);
    let root = match read_manifest(&dir) {
        Ok(Some(m)) => m,
        Ok(None) => {
            notes.push(Note {
                line: 0,
                message: "no package.json beside yarn.lock: direct dependencies and dev scope are unknown".into(),
            });
            return;
        }
        Err(message) => {
            notes.push(Note { line: 0, message });
            return;
        }
    };
    let mut manifests: Vec<Manifest> = Vec::new();
    for ws in workspace_dirs(&dir, &root.workspaces, notes) {
        match read_manifest(&ws) {
            Ok(Some(m)) => manifests.push(m),
            Ok(None) => {}
            Err(message) => notes.push(Note { line: 0, message }),
        }
    }
    manifests.push(root);
    // By name, for declarations whose exact descriptor is not in the file
    // (`resolutions` rewrites): only when the name is unambiguous.
    let mut by_name: HashMap<&str, Option<usize>> = HashMap::new();
    for (i, p) in graph.packages.iter().enumerate() {
        by_name.entry(p.name.as_str()).and_modify(|e| *e = None).or_insert(Some(i));
    }
    let mut roots = Vec::new();
    for m in &manifests {
        for (name, range, kind) in &m.deps {
            let hit = match graph.resolve(name, range) {
                Some(Target::Package(i)) => Some(i),
                Some(Target::Project) => None,
                None => by_name.get(name.as_str()).copied().flatten(),
            };
            if let Some(i) = hit {
                roots.push((i, *kind));
            }
        }
    }
    apply_roots(&mut graph.packages, &graph.edges, &roots, Derive { scope: true, optional: true });
}

/// `sha1:<hex>` from `https://…/x.tgz#<sha1>` (Yarn 1 before `integrity`).
fn legacy_sha1(resolved: &str, origin: &Origin) -> Option<String> {
    if !matches!(origin, Origin::Registry | Origin::AlternateRegistry(_) | Origin::Url(_)) {
        return None;
    }
    let (_, fragment) = resolved.rsplit_once('#')?;
    (fragment.len() == 40 && fragment.bytes().all(|b| b.is_ascii_hexdigit())).then(|| format!("sha1:{fragment}"))
}

/// Splits a classic yarn.lock into entries.
fn classic_entries(text: &str) -> Result<Vec<ClassicEntry>, ParseError> {
    let mut entries: Vec<ClassicEntry> = Vec::new();
    let mut field_indent: Option<usize> = None;
    // The open block (`dependencies:`…): its name and its members' indent.
    let mut section: Option<(String, Option<usize>)> = None;
    for (n, raw) in text.lines().enumerate() {
        let line_no = u32::try_from(n + 1).unwrap_or(u32::MAX);
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        let trimmed = content.trim_end();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let col = u32::try_from(indent + 1).unwrap_or(u32::MAX);
        if content.starts_with('\t') {
            return Err(ParseError::new(line_no, col, "tab in indentation"));
        }
        if ["<<<<<<<", "=======", ">>>>>>>"].iter().any(|m| trimmed.starts_with(m)) {
            return Err(ParseError::new(line_no, 1, "merge conflict marker"));
        }
        if indent == 0 {
            let Some(header) = trimmed.strip_suffix(':') else {
                return Err(ParseError::new(line_no, 1, "expected an entry header ending with ':'"));
            };
            let descriptors = split_header(header, line_no)?;
            if descriptors.is_empty() {
                return Err(ParseError::new(line_no, 1, "empty entry header"));
            }
            entries.push(ClassicEntry {
                descriptors,
                line: line_no,
                version: None,
                resolved: None,
                integrity: None,
                deps: Vec::new(),
            });
            field_indent = None;
            section = None;
            continue;
        }
        let Some(entry) = entries.last_mut() else {
            return Err(ParseError::new(line_no, col, "indented line outside an entry"));
        };
        let fi = *field_indent.get_or_insert(indent);
        if indent < fi {
            return Err(ParseError::new(line_no, col, "inconsistent indentation"));
        }
        let tokens = tokenize(trimmed, line_no, indent)?;
        if indent == fi {
            section = None;
            match tokens.as_slice() {
                [key] if trimmed.ends_with(':') => {
                    section = Some((key.trim_end_matches(':').to_string(), None));
                }
                [key, rest @ ..] if !rest.is_empty() => {
                    let value = rest.join(" ");
                    match key.as_str() {
                        "version" => entry.version = Some(value),
                        "resolved" => entry.resolved = Some(value),
                        "integrity" => entry.integrity = Some(value),
                        _ => {}
                    }
                }
                _ => {
                    return Err(ParseError::new(line_no, col, "expected `key value` or `key:`"));
                }
            }
            continue;
        }
        // A member of the open block.
        let Some((name, member_indent)) = section.as_mut() else {
            return Err(ParseError::new(line_no, col, "unexpected indentation"));
        };
        let mi = *member_indent.get_or_insert(indent);
        if indent != mi {
            continue; // deeper structure (metadata we do not read)
        }
        let optional = match name.as_str() {
            "dependencies" => false,
            "optionalDependencies" => true,
            _ => continue,
        };
        match tokens.as_slice() {
            [dep, rest @ ..] if !rest.is_empty() => entry.deps.push((dep.clone(), rest.join(" "), optional)),
            _ => return Err(ParseError::new(line_no, col, "expected `name range`")),
        }
    }
    Ok(entries)
}

/// `"a@^1", a@^2` → descriptors.
fn split_header(header: &str, line_no: u32) -> Result<Vec<String>, ParseError> {
    let mut out = Vec::new();
    let mut rest = header;
    let mut offset = 0usize;
    loop {
        let trimmed = rest.trim_start();
        offset += rest.len() - trimmed.len();
        rest = trimmed;
        if rest.is_empty() {
            break;
        }
        let (value, used) = if rest.starts_with('"') {
            quoted(rest, line_no, offset)?
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            (rest.get(..end).unwrap_or("").trim_end().to_string(), end)
        };
        out.push(value);
        rest = rest.get(used..).unwrap_or("");
        offset += used;
        let trimmed = rest.trim_start();
        offset += rest.len() - trimmed.len();
        rest = trimmed;
        match rest.strip_prefix(',') {
            Some(r) => {
                rest = r;
                offset += 1;
            }
            None if rest.is_empty() => break,
            None => {
                let col = u32::try_from(offset + 1).unwrap_or(u32::MAX);
                return Err(ParseError::new(line_no, col, "expected ',' between descriptors"));
            }
        }
    }
    Ok(out)
}

/// Splits a field line into words; quoted words are unescaped.
fn tokenize(s: &str, line_no: u32, indent: usize) -> Result<Vec<String>, ParseError> {
    let mut out = Vec::new();
    let mut rest = s;
    let mut offset = indent;
    loop {
        let trimmed = rest.trim_start();
        offset += rest.len() - trimmed.len();
        rest = trimmed;
        if rest.is_empty() {
            return Ok(out);
        }
        let (value, used) = if rest.starts_with('"') {
            let (v, used) = quoted(rest, line_no, offset)?;
            // A quoted key may be followed by ':' (`"key":`).
            let used = if rest.get(used..).is_some_and(|r| r.starts_with(':')) { used + 1 } else { used };
            (v, used)
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            (rest.get(..end).unwrap_or("").to_string(), end)
        };
        out.push(value);
        rest = rest.get(used..).unwrap_or("");
        offset += used;
    }
}

/// Reads the quoted string at the start of `s`: (value, bytes used).
fn quoted(s: &str, line_no: u32, offset: usize) -> Result<(String, usize), ParseError> {
    let bytes = s.as_bytes();
    let mut i = 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => {
                let literal = s.get(..=i).unwrap_or("\"\"");
                let value = crate::syntax::json::parse(literal)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .ok_or_else(|| ParseError::new(line_no, col(offset), "invalid escape in string"))?;
                return Ok((value, i + 1));
            }
            _ => i += 1,
        }
    }
    Err(ParseError::new(line_no, col(offset), "unterminated string"))
}

fn col(offset: usize) -> u32 {
    u32::try_from(offset + 1).unwrap_or(u32::MAX)
}

// ---------------------------------------------------------------- berry

/// What a berry entry is.
enum Kind {
    Package,
    /// `workspace:` — the project's own code; the path of the workspace.
    Workspace(String),
    /// `patch:`/`virtual:` of the entry with this resolution.
    Derived {
        base: String,
        patched: bool,
    },
}

struct BerryEntry {
    descriptors: Vec<String>,
    line: u32,
    name: String,
    reference: String,
    version: Option<String>,
    checksum: Option<String>,
    deps: Vec<Dep>,
    kind: Kind,
}

fn berry(source: &Source, text: &str) -> Result<Catalog, ParseError> {
    let docs = yaml::parse_documents(text).map_err(ParseError::from_yaml)?;
    let Some(doc) = docs.first() else {
        return Ok(Catalog::default());
    };
    let Some(mapping) = doc.as_mapping() else {
        return Err(ParseError::new(doc.line, doc.column, "expected a mapping of entries"));
    };
    let mut notes = Vec::new();
    let mut entries = Vec::new();
    for (key, value) in mapping {
        let Some(k) = key.as_str() else {
            return Err(ParseError::new(key.line, key.column, "expected a string key"));
        };
        if k == "__metadata" {
            continue;
        }
        if value.as_mapping().is_none() {
            return Err(ParseError::new(value.line, value.column, format!("entry {k:?} must be a mapping")));
        }
        if let Some(e) = berry_entry(k, key.line, value, &mut notes)? {
            entries.push(e);
        }
    }

    let mut graph = Graph { packages: Vec::new(), edges: Vec::new(), descriptors: HashMap::new() };
    let by_resolution: HashMap<String, usize> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e.kind, Kind::Package))
        .map(|(i, e)| (format!("{}@{}", e.name, e.reference), i))
        .collect();
    let mut entry_pkg: Vec<Option<usize>> = vec![None; entries.len()];
    // Plain packages first, so patches and virtuals can join them.
    for (i, e) in entries.iter().enumerate() {
        if matches!(e.kind, Kind::Package) {
            entry_pkg[i] = berry_package(e, &e.reference, &mut graph, &mut notes);
        }
    }
    for (i, e) in entries.iter().enumerate() {
        match &e.kind {
            Kind::Derived { base, patched } => {
                let joined = by_resolution.get(base).and_then(|&b| entry_pkg.get(b).copied().flatten());
                let index = match joined {
                    Some(p) => Some(p),
                    None => {
                        let base_ref = split_spec(base).map_or(base.as_str(), |(_, r)| r);
                        berry_package(e, base_ref, &mut graph, &mut notes)
                    }
                };
                if let (Some(p), true) = (index, *patched)
                    && let Some(pkg) = graph.packages.get_mut(p)
                    && pkg.property("yarn:patched").is_none()
                {
                    pkg.properties.push(("yarn:patched".into(), "true".into()));
                }
                entry_pkg[i] = index;
            }
            Kind::Workspace(_) => {
                for d in &e.descriptors {
                    graph.descriptors.insert(d.clone(), Target::Project);
                }
            }
            Kind::Package => {}
        }
        if let Some(p) = entry_pkg[i] {
            for d in &e.descriptors {
                graph.descriptors.insert(d.clone(), Target::Package(p));
                // `x@file:./x.tgz::locator=…` is also reachable as `x@file:./x.tgz`.
                if let Some((bare, _)) = d.split_once("::") {
                    graph.descriptors.entry(bare.to_string()).or_insert(Target::Package(p));
                }
            }
        }
    }
    for (e, p) in entries.iter().zip(&entry_pkg) {
        let Some(p) = *p else { continue };
        for (name, range, optional) in &e.deps {
            if let Some(t) = graph.resolve_package(name, range)
                && let Some(list) = graph.edges.get_mut(p)
            {
                list.push((t, *optional));
            }
        }
    }

    // Roots: the workspaces' dependencies; dev-ness from their manifests.
    let dir = lockfile_dir(source);
    let mut roots = Vec::new();
    let mut any_workspace = false;
    for e in &entries {
        let Kind::Workspace(path) = &e.kind else { continue };
        any_workspace = true;
        let manifest = match read_manifest(&dir.join(path)) {
            Ok(Some(m)) => Some(m),
            Ok(None) => {
                notes.push(Note {
                    line: e.line,
                    message: format!(
                        "no package.json for workspace {path:?}: its dependencies are reported as runtime"
                    ),
                });
                None
            }
            Err(message) => {
                notes.push(Note { line: e.line, message });
                None
            }
        };
        let kinds = manifest.as_ref().map(declared_kinds).unwrap_or_default();
        for (name, range, optional) in &e.deps {
            let Some(t) = graph.resolve_package(name, range) else { continue };
            let kind = kinds.get(name.as_str()).copied().unwrap_or(DepKind::Prod);
            let kind = if *optional && kind == DepKind::Prod { DepKind::Optional } else { kind };
            roots.push((t, kind));
        }
    }
    if any_workspace {
        apply_roots(&mut graph.packages, &graph.edges, &roots, Derive { scope: true, optional: true });
    } else {
        notes.push(Note {
            line: 0,
            message: "no workspace entry: direct dependencies and dev scope are unknown".into(),
        });
    }
    let Graph { mut packages, edges, .. } = graph;
    link(&mut packages, &edges);
    Ok(Catalog { packages, notes })
}

/// How a manifest declares each name, the strongest way first (runtime or
/// peer over optional over dev).
fn declared_kinds(m: &Manifest) -> HashMap<&str, DepKind> {
    let rank = |k: DepKind| match k {
        DepKind::Prod | DepKind::Peer => 0,
        DepKind::Optional => 1,
        DepKind::Dev => 2,
    };
    let mut out: HashMap<&str, DepKind> = HashMap::new();
    for (name, _, kind) in &m.deps {
        let kind = if *kind == DepKind::Peer { DepKind::Prod } else { *kind };
        out.entry(name.as_str())
            .and_modify(|k| {
                if rank(kind) < rank(*k) {
                    *k = kind;
                }
            })
            .or_insert(kind);
    }
    out
}

fn berry_entry(key: &str, line: u32, value: &Node, notes: &mut Vec<Note>) -> Result<Option<BerryEntry>, ParseError> {
    let descriptors: Vec<String> = key.split(", ").map(|d| d.trim().to_string()).filter(|d| !d.is_empty()).collect();
    let Some(resolution) = scalar(value, "resolution")? else {
        notes.push(Note { line, message: format!("{key:?} has no resolution; skipped") });
        return Ok(None);
    };
    let Some((name, reference)) = split_spec(&resolution) else {
        notes.push(Note { line, message: format!("cannot read the resolution {resolution:?}; skipped") });
        return Ok(None);
    };
    let kind = if let Some(path) = reference.strip_prefix("workspace:") {
        Kind::Workspace(path.to_string())
    } else if let Some(rest) = reference.strip_prefix("patch:") {
        let inner = rest.split('#').next().unwrap_or(rest);
        Kind::Derived { base: percent_decode(inner), patched: true }
    } else if let Some(rest) = reference.strip_prefix("virtual:") {
        let inner = rest.split_once('#').map_or(rest, |(_, r)| r);
        Kind::Derived { base: format!("{name}@{inner}"), patched: false }
    } else {
        Kind::Package
    };
    let mut deps = Vec::new();
    let optional_meta: Vec<&str> = value
        .entries("dependenciesMeta")
        .iter()
        .filter(|(_, meta)| meta.get_str("optional") == Some("true"))
        .filter_map(|(k, _)| k.as_str())
        .collect();
    for (section, optional) in [("dependencies", false), ("optionalDependencies", true)] {
        let Some(map) = value.get(section) else { continue };
        if map.is_null() {
            continue;
        }
        let Some(map) = map.as_mapping() else {
            return Err(ParseError::new(map.line, map.column, format!("`{section}` must be a mapping")));
        };
        for (k, v) in map {
            let (Some(dep), Some(range)) = (k.as_str(), v.as_str()) else {
                return Err(ParseError::new(k.line, k.column, format!("`{section}` entries must be `name: range`")));
            };
            deps.push((dep.to_string(), range.to_string(), optional || optional_meta.contains(&dep)));
        }
    }
    Ok(Some(BerryEntry {
        descriptors,
        line,
        name: name.to_string(),
        reference: reference.to_string(),
        version: scalar(value, "version")?,
        checksum: scalar(value, "checksum")?,
        deps,
        kind,
    }))
}

/// Adds the package an entry stands for; `reference` decides the origin.
fn berry_package(e: &BerryEntry, reference: &str, graph: &mut Graph, notes: &mut Vec<Note>) -> Option<usize> {
    let Some(version) = e.version.as_deref().filter(|v| !v.is_empty()) else {
        notes.push(Note { line: e.line, message: format!("{} has no version; skipped", e.name) });
        return None;
    };
    let mut pkg = Package::pinned(Ecosystem::Npm, e.name.as_str(), version, e.line);
    pkg.origin = berry_origin(reference, &e.name);
    // An alias: the descriptor's name differs from the resolved one.
    if let Some(alias) = e.descriptors.iter().filter_map(|d| split_spec(d)).map(|(n, _)| n).find(|n| *n != e.name) {
        pkg.properties.push(("npm:alias".into(), alias.to_string()));
    }
    if let Some(c) = &e.checksum {
        pkg.properties.push(("yarn:checksum".into(), c.clone()));
    }
    graph.packages.push(pkg);
    graph.edges.push(Vec::new());
    Some(graph.packages.len() - 1)
}

fn berry_origin(reference: &str, name: &str) -> Origin {
    if reference.starts_with("npm:") {
        return Origin::Registry;
    }
    for protocol in ["link:", "portal:", "file:", "exec:"] {
        if let Some(path) = reference.strip_prefix(protocol) {
            // `file:./x.tgz::locator=app%40workspace%3A.` → `./x.tgz`
            let path = path.split("::").next().unwrap_or(path);
            let path = path.split('#').next().unwrap_or(path);
            return Origin::Path(path.to_string());
        }
    }
    origin_from_url(reference, name)
}

/// A scalar member, an error when it is a collection.
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

/// `%XX` decoding (berry escapes the patched locator); invalid sequences are
/// kept as written.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::npm::common::assert_matches_expected;
    use crate::inventory::testing::{find, parse_text, summary};
    use crate::model::Scope;

    const CLASSIC: &str = include_str!("../../../tests/fixtures/inventory/yarn/classic/yarn.lock");
    const BERRY: &str = include_str!("../../../tests/fixtures/inventory/yarn/berry/yarn.lock");

    /// Parses a fixture from its directory, so the package.json files beside
    /// it are read.
    fn parse_fixture(dir: &str, text: &str) -> Catalog {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/inventory/yarn")
            .join(dir)
            .join("yarn.lock");
        let source = Source { text, path: &path, display: "yarn.lock", allow_cargo: false };
        parse(&source).unwrap()
    }

    fn flags(p: &[Package], name: &str) -> (Option<bool>, Scope, bool) {
        let p = find(p, name);
        (p.direct, p.scope, p.optional)
    }

    #[test]
    fn classic_entries_with_lines() {
        let cat = parse_text(parse, "yarn.lock", CLASSIC).unwrap();
        assert_eq!(
            summary(&cat.packages),
            [
                "@babel/code-frame@7.12.13:5",
                "@babel/highlight@7.10.4:12",
                "@types/node@20.12.7:20",
                "anymatch@3.1.3:25",
                "chalk@2.4.2:30",
                "chokidar@3.5.3:35",
                "fsevents@2.3.3:44",
                "js-tokens@4.0.0:49",
                "local-pkg@0.3.0:54",
                "lodash@3.10.1:57",
                "lodash@4.17.21:61",
                "mylib@1.4.0:66",
                "private@2.0.1:72",
            ]
        );
    }

    #[test]
    fn classic_origins_aliases_and_hashes() {
        let cat = parse_text(parse, "yarn.lock", CLASSIC).unwrap();
        let p = &cat.packages;
        assert_eq!(find(p, "@babel/code-frame").origin, Origin::Registry);
        assert_eq!(
            find(p, "@babel/code-frame").hashes,
            ["sha512-HV1Cm0Q3ZrpCR93tkWOYiuYIgLxZXZFVG2VgK+MBWjUqZTundupbfx2aXarXuw5Ml5hlDNDRF0kcy0Wq/X4anA=="]
        );
        let alias = p.iter().find(|p| p.version.pinned() == Some("3.10.1")).unwrap();
        assert_eq!(alias.name, "lodash");
        assert_eq!(alias.property("npm:alias"), Some("lodash-v3"));
        // No integrity: the sha1 from the resolved URL.
        assert_eq!(alias.hashes, ["sha1:5bf45e8e49ba4189e17d482789dfd15bd140b7b6"]);
        assert_eq!(
            find(p, "mylib").origin,
            Origin::Git {
                url: "https://github.com/acme/mylib.git".into(),
                rev: Some("5f1c0d2e9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d".into())
            }
        );
        assert_eq!(find(p, "local-pkg").origin, Origin::Path("./vendor/local-pkg".into()));
        assert_eq!(
            find(p, "private").origin,
            Origin::AlternateRegistry("https://npm.corp.example/repository/npm/".into())
        );
    }

    #[test]
    fn classic_edges_resolve_descriptors() {
        let cat = parse_text(parse, "yarn.lock", CLASSIC).unwrap();
        let p = &cat.packages;
        assert_eq!(find(p, "@babel/code-frame").depends_on, ["@babel/highlight@7.10.4"]);
        assert_eq!(find(p, "@babel/highlight").depends_on, ["chalk@2.4.2", "js-tokens@4.0.0"]);
        assert_eq!(find(p, "chokidar").depends_on, ["anymatch@3.1.3", "fsevents@2.3.3"]);
        assert_eq!(find(p, "mylib").depends_on, ["lodash@4.17.21"]);
    }

    #[test]
    fn classic_without_package_json_leaves_direct_unknown() {
        let cat = parse_text(parse, "yarn.lock", CLASSIC).unwrap();
        assert!(cat.packages.iter().all(|p| p.direct.is_none() && p.scope == Scope::Runtime));
        assert_eq!(cat.notes.len(), 1, "{:?}", cat.notes);
        assert!(cat.notes[0].message.contains("no package.json"));
    }

    #[test]
    fn classic_direct_and_dev_from_package_json_and_workspaces() {
        let cat = parse_fixture("classic", CLASSIC);
        assert!(cat.notes.is_empty(), "{:?}", cat.notes);
        let p = &cat.packages;
        assert_eq!(flags(p, "@babel/code-frame"), (Some(true), Scope::Runtime, false));
        assert_eq!(flags(p, "@babel/highlight"), (Some(false), Scope::Runtime, false));
        assert_eq!(flags(p, "chokidar"), (Some(true), Scope::Dev, false));
        assert_eq!(flags(p, "anymatch"), (Some(false), Scope::Dev, false));
        // Reached only through chokidar's optionalDependencies.
        assert_eq!(flags(p, "fsevents"), (Some(false), Scope::Dev, true));
        // The workspace member's dependencies are direct too.
        assert_eq!(flags(p, "private"), (Some(true), Scope::Runtime, false));
        assert_eq!(flags(p, "local-pkg"), (Some(true), Scope::Runtime, false));
        // Dev in the workspace, runtime at the root: runtime wins.
        let lodash4 = p.iter().find(|p| p.version.pinned() == Some("4.17.21")).unwrap();
        assert_eq!((lodash4.direct, lodash4.scope), (Some(true), Scope::Runtime));
        // Nothing declares @types/node: not direct, scope untouched.
        assert_eq!(flags(p, "@types/node"), (Some(false), Scope::Runtime, false));
    }

    #[test]
    fn classic_entries_for_the_same_package_are_merged() {
        let text = "# yarn lockfile v1\n\nms@^2.0.0:\n  version \"2.1.3\"\n  resolved \"https://registry.yarnpkg.com/ms/-/ms-2.1.3.tgz\"\n\nms@2.1.3:\n  version \"2.1.3\"\n  resolved \"https://registry.yarnpkg.com/ms/-/ms-2.1.3.tgz\"\n\nx@1:\n  version \"1.0.0\"\n  dependencies:\n    ms \"2.1.3\"\n";
        let cat = parse_text(parse, "yarn.lock", text).unwrap();
        assert_eq!(summary(&cat.packages), ["ms@2.1.3:3", "x@1.0.0:11"]);
        assert_eq!(find(&cat.packages, "x").depends_on, ["ms@2.1.3"]);
    }

    #[test]
    fn classic_unquoted_values_escapes_and_crlf() {
        let text = "# yarn lockfile v1\r\n\r\n\"we\\\"ird@^1\", weird@1.x:\r\n  version 1.0.0\r\n  integrity sha1-AAAA sha512-BBBB\r\n";
        let cat = parse_text(parse, "yarn.lock", text).unwrap();
        assert_eq!(summary(&cat.packages), ["we\"ird@1.0.0:3"]);
        assert_eq!(cat.packages[0].hashes, ["sha1-AAAA", "sha512-BBBB"]);
    }

    #[test]
    fn classic_entry_without_version_is_skipped_with_a_note() {
        let text = "# yarn lockfile v1\n\na@^1:\n  resolved \"https://registry.yarnpkg.com/a/-/a-1.0.0.tgz\"\n";
        let cat = parse_text(parse, "yarn.lock", text).unwrap();
        assert!(cat.packages.is_empty());
        assert_eq!(cat.notes[0].line, 3);
    }

    #[test]
    fn classic_malformed_lines_report_their_position() {
        let cases: [(&str, u32, u32); 6] = [
            ("# yarn lockfile v1\n\na@^1\n  version \"1\"\n", 3, 1),
            ("# yarn lockfile v1\n  version \"1\"\n", 2, 3),
            ("a@^1:\n  version \"1.0.0\n", 2, 11),
            ("a@^1:\n  version \"1.0.0\"\n <<<<<<< HEAD\n", 3, 1),
            ("a@^1:\n    version \"1.0.0\"\n  resolved \"x\"\n", 3, 3),
            ("\"a@^1\" b@^2:\n  version \"1.0.0\"\n", 1, 8),
        ];
        for (text, line, column) in cases {
            let err = parse_text(parse, "yarn.lock", text).unwrap_err();
            assert_eq!((err.line, err.column), (line, column), "{text:?}: {err}");
        }
    }

    #[test]
    fn berry_entries_with_lines_and_no_workspaces() {
        let cat = parse_text(parse, "yarn.lock", BERRY).unwrap();
        assert_eq!(
            summary(&cat.packages),
            [
                "debug@4.3.4:35",
                "fsevents@2.3.3:47",
                "left-pad@1.3.0:57",
                "local-lib@0.0.0-use.local:64",
                "lodash@3.10.1:70",
                "ms@2.1.2:77",
                "node-gyp@10.1.0:84",
                "portal-lib@0.0.0-use.local:93",
                "tarball@1.0.0:99",
                "typescript@5.4.5:106",
            ]
        );
    }

    #[test]
    fn berry_patch_is_the_same_package_reported_once() {
        let cat = parse_text(parse, "yarn.lock", BERRY).unwrap();
        let ts: Vec<&Package> = cat.packages.iter().filter(|p| p.name == "typescript").collect();
        assert_eq!(ts.len(), 1);
        assert_eq!(ts[0].line, 106);
        assert_eq!(ts[0].origin, Origin::Registry);
        assert_eq!(ts[0].property("yarn:patched"), Some("true"));
        assert_eq!(find(&cat.packages, "debug").property("yarn:patched"), None);
    }

    #[test]
    fn berry_patch_without_its_original_is_reported_alone() {
        let text = "__metadata:\n  version: 6\n\n\"resolve@patch:resolve@^1.22.0#~builtin<compat/resolve>\":\n  version: 1.22.8\n  resolution: \"resolve@patch:resolve@npm%3A1.22.8#~builtin<compat/resolve>::version=1.22.8&hash=c3c19d\"\n  languageName: node\n  linkType: hard\n";
        let cat = parse_text(parse, "yarn.lock", text).unwrap();
        assert_eq!(summary(&cat.packages), ["resolve@1.22.8:4"]);
        assert_eq!(cat.packages[0].origin, Origin::Registry);
        assert_eq!(cat.packages[0].property("yarn:patched"), Some("true"));
    }

    #[test]
    fn berry_virtual_entries_join_their_package() {
        let text = "__metadata:\n  version: 6\n\n\"app@workspace:.\":\n  version: 0.0.0-use.local\n  resolution: \"app@workspace:.\"\n  dependencies:\n    react-x: \"virtual:abc123#npm:^1.0.0\"\n\n\"ms@npm:^2.0.0\":\n  version: 2.1.3\n  resolution: \"ms@npm:2.1.3\"\n\n\"react-x@npm:^1.0.0\":\n  version: 1.0.0\n  resolution: \"react-x@npm:1.0.0\"\n\n\"react-x@virtual:abc123#npm:^1.0.0\":\n  version: 1.0.0\n  resolution: \"react-x@virtual:abc123#npm:1.0.0\"\n  dependencies:\n    ms: ^2.0.0\n";
        let cat = parse_text(parse, "yarn.lock", text).unwrap();
        assert_eq!(summary(&cat.packages), ["ms@2.1.3:10", "react-x@1.0.0:14"]);
        let x = find(&cat.packages, "react-x");
        assert_eq!((x.direct, x.property("yarn:patched")), (Some(true), None));
        assert_eq!(x.depends_on, ["ms@2.1.3"]);
    }

    #[test]
    fn berry_protocols_map_to_origins() {
        let cat = parse_text(parse, "yarn.lock", BERRY).unwrap();
        let p = &cat.packages;
        assert_eq!(
            find(p, "left-pad").origin,
            Origin::Git {
                url: "https://github.com/acme/left-pad.git".into(),
                rev: Some("0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c".into())
            }
        );
        assert_eq!(find(p, "local-lib").origin, Origin::Path("./libs/local-lib".into()));
        assert_eq!(find(p, "portal-lib").origin, Origin::Path("./libs/portal-lib".into()));
        assert_eq!(find(p, "tarball").origin, Origin::Path("./vendor/tarball-1.0.0.tgz".into()));
        let alias = find(p, "lodash");
        assert_eq!(alias.property("npm:alias"), Some("lodash-v3"));
        assert_eq!(alias.origin, Origin::Registry);
        // The cache checksum is a property, not a package hash.
        assert!(find(p, "ms").hashes.is_empty());
        assert!(find(p, "ms").property("yarn:checksum").is_some_and(|c| c.starts_with("10c0/a437")));
        // Workspaces are the project's own code.
        assert!(p.iter().all(|p| p.name != "berry-app" && p.name != "@acme/tools"));
    }

    #[test]
    fn berry_edges_resolve_descriptors() {
        let cat = parse_text(parse, "yarn.lock", BERRY).unwrap();
        let p = &cat.packages;
        assert_eq!(find(p, "debug").depends_on, ["ms@2.1.2"]);
        assert_eq!(find(p, "fsevents").depends_on, ["node-gyp@10.1.0"]);
    }

    #[test]
    fn berry_direct_from_workspaces_and_dev_from_their_manifests() {
        let cat = parse_fixture("berry", BERRY);
        assert!(cat.notes.is_empty(), "{:?}", cat.notes);
        let p = &cat.packages;
        assert_eq!(flags(p, "debug"), (Some(true), Scope::Runtime, false));
        assert_eq!(flags(p, "typescript"), (Some(true), Scope::Dev, false));
        assert_eq!(flags(p, "ms"), (Some(true), Scope::Runtime, false));
        assert_eq!(flags(p, "fsevents"), (Some(true), Scope::Runtime, true));
        assert_eq!(flags(p, "node-gyp"), (Some(false), Scope::Runtime, true));
        assert_eq!(flags(p, "tarball"), (Some(true), Scope::Runtime, false));
        assert_eq!(flags(p, "local-lib"), (Some(true), Scope::Runtime, false));
    }

    #[test]
    fn berry_without_manifests_notes_unknown_dev_scope() {
        let cat = parse_text(parse, "yarn.lock", BERRY).unwrap();
        let lines: Vec<u32> = cat.notes.iter().map(|n| n.line).collect();
        assert_eq!(lines, [8, 17], "{:?}", cat.notes);
        assert_eq!(flags(&cat.packages, "typescript"), (Some(true), Scope::Runtime, false));
    }

    #[test]
    fn berry_old_ranges_without_npm_prefix_resolve() {
        let text = "__metadata:\n  version: 4\n\n\"a@npm:^1.0.0\":\n  version: 1.0.0\n  resolution: \"a@npm:1.0.0\"\n  dependencies:\n    b: ^2.0.0\n  languageName: node\n  linkType: hard\n\n\"b@npm:^2.0.0\":\n  version: 2.0.0\n  resolution: \"b@npm:2.0.0\"\n  languageName: node\n  linkType: hard\n";
        let cat = parse_text(parse, "yarn.lock", text).unwrap();
        assert_eq!(summary(&cat.packages), ["a@1.0.0:4", "b@2.0.0:12"]);
        assert_eq!(find(&cat.packages, "a").depends_on, ["b@2.0.0"]);
    }

    #[test]
    fn berry_malformed_input_reports_the_line() {
        let err =
            parse_text(parse, "yarn.lock", "__metadata:\n  version: 8\n\"a@npm:1\":\n  version: [1\n").unwrap_err();
        assert!(err.line >= 4, "{err}");
        let err = parse_text(parse, "yarn.lock", "__metadata:\n  version: 8\n\"a@npm:1\": 3\n").unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        let err =
            parse_text(parse, "yarn.lock", "__metadata:\n  version: 8\n\"a@npm:1\":\n  resolution: [x]\n").unwrap_err();
        assert_eq!(err.line, 4, "{err}");
        let err = parse_text(
            parse,
            "yarn.lock",
            "__metadata:\n  version: 8\n\"a@npm:1\":\n  resolution: a@npm:1\n  dependencies:\n    - b\n",
        )
        .unwrap_err();
        assert_eq!(err.line, 6, "{err}");
    }

    #[test]
    fn real_lockfiles_match_the_package_manager() {
        for dir in ["real-classic", "real-berry"] {
            let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/inventory/yarn").join(dir);
            let text = std::fs::read_to_string(base.join("yarn.lock")).unwrap();
            let expected = std::fs::read_to_string(base.join("expected.txt")).unwrap();
            let cat = parse_fixture(dir, &text);
            assert!(cat.notes.is_empty(), "{dir}: {:?}", cat.notes);
            assert_matches_expected(&cat.packages, &expected);
            let p = &cat.packages;
            assert_eq!(flags(p, "@types/node"), (Some(true), Scope::Dev, false), "{dir}");
            assert_eq!(flags(p, "undici-types"), (Some(false), Scope::Dev, false), "{dir}");
            assert_eq!(flags(p, "fsevents"), (Some(true), Scope::Runtime, true), "{dir}");
            assert_eq!(flags(p, "chalk"), (Some(true), Scope::Runtime, false), "{dir}");
            let alias = p.iter().find(|p| p.version.pinned() == Some("3.10.1")).unwrap();
            assert_eq!(alias.property("npm:alias"), Some("lodash-v3"), "{dir}");
        }
        let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/inventory/yarn/real-berry");
        let cat = parse_fixture("real-berry", &std::fs::read_to_string(base.join("yarn.lock")).unwrap());
        let ts = find(&cat.packages, "typescript");
        assert_eq!((ts.line, ts.property("yarn:patched")), (488, Some("true")));
        assert_eq!(find(&cat.packages, "is-number").line, 247);
        // Reached only through the optional fsevents → node-gyp.
        assert_eq!(flags(&cat.packages, "node-gyp"), (Some(false), Scope::Runtime, true));
    }

    #[test]
    fn truncated_input_never_panics() {
        for text in [CLASSIC, BERRY] {
            for end in 0..text.len() {
                if text.is_char_boundary(end) {
                    let _ = parse_text(parse, "yarn.lock", &text[..end]);
                }
            }
        }
    }
}
