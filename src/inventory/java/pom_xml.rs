//! Maven `pom.xml` (POM 4.0.0), read without running Maven.
//!
//! Reported: the project's declared dependencies (`project/dependencies`)
//! and those of its profiles (`project/profiles/profile/dependencies`, with
//! property `maven:profile`; a profile may be inactive, but what it declares
//! is in the file). Dependencies of `<build>` plugins and extensions, of
//! `<reporting>`, and `dependencyManagement` entries (constraints, not
//! dependencies) are not packages; nor is the project itself or its parent.
//! Dependencies a parent POM declares are reported with that POM's own file.
//!
//! Each package is named `groupId:artifactId`, is `direct`, and sits on the
//! line of its `<dependency>` start tag (the whole declaration starts there,
//! as Trivy reports it).
//!
//! Versions:
//! - `${…}` expressions are interpolated from `<properties>` (a profile's
//!   own first for its dependencies), `${project.version}`/`${pom.version}`/
//!   `${version}`, `${project.groupId}`, `${project.artifactId}`,
//!   `${project.parent.version}`/`${parent.version}`/`${project.parent.groupId}`,
//!   nested up to 10 levels (cycles end there).
//! - A dependency without `<version>` takes it from `dependencyManagement`
//!   (matched on groupId:artifactId:type:classifier as Maven does; the
//!   profile's, the project's, then local parents'); its `<scope>` too when
//!   the dependency has none.
//! - Parents are read from disk only: `<relativePath>` (default
//!   `../pom.xml`; a directory means its `pom.xml`; empty disables the
//!   lookup), followed up to 8 levels while the file found really is the
//!   declared parent (same groupId:artifactId). Their properties and
//!   `dependencyManagement` apply as in Maven's effective model.
//! - What only a remote parent, an imported BOM (`<scope>import</scope>`), or
//!   the environment (`${env.X}`, `-D` properties) could supply becomes
//!   `Version::Unresolved` with the reason; a version is never invented.
//! - Ranges (`[1.0,2.0)`, `(,1.5]`) and `LATEST`/`RELEASE` are `Unpinned`; a
//!   single-version range `[1.5]` means exactly 1.5 and is `Pinned`.
//!
//! Scope: `test` → `Dev`; `provided`, `system`, `runtime` (and any other
//! explicit non-`compile` scope) → `Runtime` with property `maven:scope`;
//! `compile`/none → `Runtime`. `<optional>true</optional>` sets `optional`.
//! `<type>` other than `jar` and `<classifier>` are kept as `maven:type` and
//! `maven:classifier`; a `system` dependency's `<systemPath>` gives a `Path`
//! origin. Keys are `group:artifact@version`, or
//! `group:artifact:type:classifier@version` when the type is not `jar` or a
//! classifier is set (a module's jar and its test-jar are two packages, as
//! Maven tells them apart); a second declaration with the same key is
//! ignored with a note.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::inventory::{Catalog, Note, ParseError, Source};
use crate::model::{Ecosystem, Origin, Package, Scope, Version};
use crate::syntax::lines::LineIndex;

/// Deepest element nesting accepted (real POMs stay under 10).
const MAX_XML_DEPTH: usize = 256;
/// Parent POMs followed on disk.
const MAX_PARENTS: usize = 8;
/// Nested `${…}` expansion levels.
const MAX_INTERPOLATION_DEPTH: usize = 10;
/// Longest interpolated value kept (defends against expansion bombs).
const MAX_VALUE_LEN: usize = 64 * 1024;

// ---------------------------------------------------------------- XML tree

struct Node {
    name: String,
    /// Byte offset of the element's `<`.
    offset: usize,
    children: Vec<usize>,
    text: String,
}

struct Tree {
    /// `nodes[0]` is the document (no element).
    nodes: Vec<Node>,
}

impl Tree {
    fn node(&self, i: usize) -> Option<&Node> {
        self.nodes.get(i)
    }

    fn children<'t>(&'t self, i: usize, name: &'t str) -> impl Iterator<Item = usize> + 't {
        self.node(i)
            .map_or(&[][..], |n| n.children.as_slice())
            .iter()
            .copied()
            .filter(move |&c| self.node(c).is_some_and(|n| n.name == name))
    }

    fn child(&self, i: usize, name: &str) -> Option<usize> {
        self.children(i, name).next()
    }

    /// Descends through `path`, first match at each step.
    fn path(&self, i: usize, path: &[&str]) -> Option<usize> {
        path.iter().try_fold(i, |at, name| self.child(at, name))
    }

    /// Trimmed text of child `name`.
    fn text(&self, i: usize, name: &str) -> Option<String> {
        self.child(i, name)
            .and_then(|c| self.node(c))
            .map(|n| n.text.trim().to_string())
    }
}

fn build_tree(text: &str, lines: &LineIndex) -> Result<Tree, ParseError> {
    let mut reader = Reader::from_str(text);
    let mut nodes = vec![Node {
        name: String::new(),
        offset: 0,
        children: Vec::new(),
        text: String::new(),
    }];
    let mut stack: Vec<usize> = vec![0];
    let error_at = |offset: usize, message: String| {
        let lc = lines.line_col(offset);
        ParseError::new(lc.line, lc.column, message)
    };
    loop {
        let event = reader.read_event();
        let end = reader.buffer_position() as usize;
        let top = stack.last().copied().unwrap_or(0);
        match event {
            Ok(Event::Start(e)) => {
                let idx = add_node(&mut nodes, top, e.local_name().into_inner(), text, end);
                if stack.len() > MAX_XML_DEPTH {
                    let offset = nodes.get(idx).map_or(0, |n| n.offset);
                    return Err(error_at(
                        offset,
                        format!("elements nested deeper than {MAX_XML_DEPTH} levels"),
                    ));
                }
                stack.push(idx);
            }
            Ok(Event::Empty(e)) => {
                add_node(&mut nodes, top, e.local_name().into_inner(), text, end);
            }
            Ok(Event::End(_)) => {
                if stack.len() <= 1 {
                    return Err(error_at(end, "closing tag without an opening tag".into()));
                }
                stack.pop();
            }
            Ok(Event::Text(t)) => {
                if let Some(n) = nodes.get_mut(top) {
                    n.text.push_str(&t.xml10_content());
                }
            }
            Ok(Event::CData(c)) => {
                if let Some(n) = nodes.get_mut(top) {
                    n.text.push_str(&c.into_inner());
                }
            }
            Ok(Event::GeneralRef(r)) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match &*r {
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "amp" => "&".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => format!("&{other};"),
                    },
                    Err(e) => return Err(error_at(end, format!("invalid character reference: {e}"))),
                };
                if let Some(n) = nodes.get_mut(top) {
                    n.text.push_str(&resolved);
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(error_at(reader.error_position() as usize, format!("invalid XML: {e}"))),
        }
    }
    if let Some(&open) = stack.last().filter(|&&i| i != 0) {
        let name = nodes.get(open).map_or("", |n| n.name.as_str());
        let offset = nodes.get(open).map_or(0, |n| n.offset);
        return Err(error_at(offset, format!("element <{name}> is not closed")));
    }
    Ok(Tree { nodes })
}

/// Appends an element that ends at byte `end` (just past its `>`) under
/// `parent`; its start is the last `<` before `end` (a tag cannot contain one).
fn add_node(nodes: &mut Vec<Node>, parent: usize, name: &str, text: &str, end: usize) -> usize {
    let offset = text.get(..end).and_then(|t| t.rfind('<')).unwrap_or(0);
    let idx = nodes.len();
    nodes.push(Node {
        name: name.to_string(),
        offset,
        children: Vec::new(),
        text: String::new(),
    });
    if let Some(p) = nodes.get_mut(parent) {
        p.children.push(idx);
    }
    idx
}

// ---------------------------------------------------------------- POM model

#[derive(Clone, Default)]
struct Dep {
    group_id: Option<String>,
    artifact_id: Option<String>,
    version: Option<String>,
    scope: Option<String>,
    kind: Option<String>,
    classifier: Option<String>,
    optional: Option<String>,
    system_path: Option<String>,
    offset: usize,
}

struct ParentRef {
    group_id: Option<String>,
    artifact_id: Option<String>,
    version: Option<String>,
    /// `None`: the default `../pom.xml`; `Some("")`: no local lookup.
    relative_path: Option<String>,
    offset: usize,
}

#[derive(Default)]
struct Profile {
    id: String,
    properties: HashMap<String, String>,
    managed: Vec<Dep>,
    deps: Vec<Dep>,
}

#[derive(Default)]
struct Pom {
    group_id: Option<String>,
    artifact_id: Option<String>,
    version: Option<String>,
    parent: Option<ParentRef>,
    properties: HashMap<String, String>,
    managed: Vec<Dep>,
    deps: Vec<Dep>,
    profiles: Vec<Profile>,
}

impl Pom {
    fn effective_group(&self) -> Option<&str> {
        self.group_id
            .as_deref()
            .or_else(|| self.parent.as_ref().and_then(|p| p.group_id.as_deref()))
    }
}

fn read_pom(text: &str, lines: &LineIndex) -> Result<Pom, ParseError> {
    let tree = build_tree(text, lines)?;
    let Some(project) = tree.node(0).and_then(|d| d.children.first().copied()) else {
        return Err(ParseError::new(1, 1, "empty document: no <project> element"));
    };
    let root_name = tree.node(project).map_or("", |n| n.name.as_str());
    if root_name != "project" {
        let lc = lines.line_col(tree.node(project).map_or(0, |n| n.offset));
        return Err(ParseError::new(
            lc.line,
            lc.column,
            format!("not a Maven POM: root element is <{root_name}>"),
        ));
    }
    let deps_of = |at: Option<usize>| -> Vec<Dep> {
        at.map(|d| tree.children(d, "dependency").map(|i| read_dep(&tree, i)).collect())
            .unwrap_or_default()
    };
    let properties_of = |at: Option<usize>| -> HashMap<String, String> {
        let mut props = HashMap::new();
        if let Some(p) = at.and_then(|p| tree.node(p)) {
            for &c in &p.children {
                if let Some(n) = tree.node(c) {
                    props.insert(n.name.clone(), n.text.trim().to_string());
                }
            }
        }
        props
    };
    let parent = tree.child(project, "parent").map(|p| ParentRef {
        group_id: tree.text(p, "groupId"),
        artifact_id: tree.text(p, "artifactId"),
        version: tree.text(p, "version"),
        relative_path: tree.text(p, "relativePath"),
        offset: tree.node(p).map_or(0, |n| n.offset),
    });
    let profiles = tree
        .path(project, &["profiles"])
        .map(|ps| {
            tree.children(ps, "profile")
                .map(|p| Profile {
                    id: tree.text(p, "id").unwrap_or_default(),
                    properties: properties_of(tree.child(p, "properties")),
                    managed: deps_of(tree.path(p, &["dependencyManagement", "dependencies"])),
                    deps: deps_of(tree.child(p, "dependencies")),
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(Pom {
        group_id: tree.text(project, "groupId"),
        artifact_id: tree.text(project, "artifactId"),
        version: tree.text(project, "version"),
        parent,
        properties: properties_of(tree.child(project, "properties")),
        managed: deps_of(tree.path(project, &["dependencyManagement", "dependencies"])),
        deps: deps_of(tree.child(project, "dependencies")),
        profiles,
    })
}

fn read_dep(tree: &Tree, i: usize) -> Dep {
    let t = |name: &str| tree.text(i, name).filter(|s| !s.is_empty());
    Dep {
        group_id: t("groupId"),
        artifact_id: t("artifactId"),
        version: t("version"),
        scope: t("scope"),
        kind: t("type"),
        classifier: t("classifier"),
        optional: t("optional"),
        system_path: t("systemPath"),
        offset: tree.node(i).map_or(0, |n| n.offset),
    }
}

// ---------------------------------------------------------------- interpolation

struct Ctx<'a> {
    /// Lookup order: profile, project, parents (nearest first).
    properties: Vec<&'a HashMap<String, String>>,
    project_group: Option<&'a str>,
    project_artifact: Option<&'a str>,
    project_version: Option<&'a str>,
    parent_group: Option<&'a str>,
    parent_artifact: Option<&'a str>,
    parent_version: Option<&'a str>,
}

impl Ctx<'_> {
    fn lookup(&self, name: &str) -> Option<&str> {
        match name {
            "project.version" | "pom.version" | "version" => self.project_version,
            "project.groupId" | "pom.groupId" | "groupId" => self.project_group,
            "project.artifactId" | "pom.artifactId" | "artifactId" => self.project_artifact,
            "project.parent.version" | "pom.parent.version" | "parent.version" => self.parent_version,
            "project.parent.groupId" | "pom.parent.groupId" | "parent.groupId" => self.parent_group,
            "project.parent.artifactId" | "pom.parent.artifactId" | "parent.artifactId" => self.parent_artifact,
            _ => self.properties.iter().find_map(|p| p.get(name).map(String::as_str)),
        }
    }

    /// Expands every `${…}`; `Err` names the first expression that cannot be.
    fn interpolate(&self, s: &str) -> Result<String, String> {
        self.expand(s, 0)
    }

    fn expand(&self, s: &str, depth: usize) -> Result<String, String> {
        if !s.contains("${") {
            return Ok(s.to_string());
        }
        if depth >= MAX_INTERPOLATION_DEPTH {
            return Err(format!(
                "{s} (nested more than {MAX_INTERPOLATION_DEPTH} levels, or a cycle)"
            ));
        }
        let mut out = String::with_capacity(s.len());
        let mut rest = s;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                out.push_str(&rest[start..]);
                return Ok(out);
            };
            let name = &after[..end];
            let value = self.lookup(name).ok_or_else(|| format!("${{{name}}}"))?;
            out.push_str(&self.expand(value, depth + 1)?);
            if out.len() > MAX_VALUE_LEN {
                return Err(format!("${{{name}}} (expands to more than {MAX_VALUE_LEN} bytes)"));
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

// ---------------------------------------------------------------- catalog

fn make_ctx<'a>(
    pom: &'a Pom,
    base_properties: &[&'a HashMap<String, String>],
    extra: Option<&'a HashMap<String, String>>,
) -> Ctx<'a> {
    let parent = pom.parent.as_ref();
    let mut properties: Vec<&HashMap<String, String>> = Vec::with_capacity(base_properties.len() + 1);
    properties.extend(extra);
    properties.extend(base_properties.iter().copied());
    Ctx {
        properties,
        project_group: pom.effective_group(),
        project_artifact: pom.artifact_id.as_deref(),
        project_version: pom
            .version
            .as_deref()
            .or_else(|| parent.and_then(|p| p.version.as_deref())),
        parent_group: parent.and_then(|p| p.group_id.as_deref()),
        parent_artifact: parent.and_then(|p| p.artifact_id.as_deref()),
        parent_version: parent.and_then(|p| p.version.as_deref()),
    }
}

struct Parents {
    poms: Vec<Pom>,
    /// Why the chain stopped before reaching a POM without a parent.
    missing: Option<String>,
}

fn load_parents(source: &Source, pom: &Pom, notes: &mut Vec<Note>, lines: &LineIndex) -> Parents {
    let mut poms: Vec<Pom> = Vec::new();
    let mut visited: HashSet<PathBuf> = HashSet::new();
    let mut dir: Option<PathBuf> = source.path.parent().map(Path::to_path_buf);
    if let Ok(canonical) = source.path.canonicalize() {
        visited.insert(canonical);
    }
    for _ in 0..MAX_PARENTS {
        let current = poms.last().unwrap_or(pom);
        let Some(parent) = &current.parent else {
            return Parents { poms, missing: None };
        };
        let coords = format!(
            "{}:{}:{}",
            parent.group_id.as_deref().unwrap_or("?"),
            parent.artifact_id.as_deref().unwrap_or("?"),
            parent.version.as_deref().unwrap_or("?")
        );
        let relative = parent.relative_path.clone().unwrap_or_else(|| "../pom.xml".to_string());
        if relative.is_empty() {
            return Parents {
                poms,
                missing: Some(format!("parent POM {coords} (empty relativePath: from a repository)")),
            };
        }
        let Some(d) = dir.as_ref() else {
            return Parents {
                poms,
                missing: Some(format!("parent POM {coords}")),
            };
        };
        let mut path = d.join(&relative);
        if path.is_dir() {
            path = path.join("pom.xml");
        }
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(_) => {
                return Parents {
                    poms,
                    missing: Some(format!("parent POM {coords} (not found at {relative})")),
                };
            }
        };
        if let Ok(canonical) = path.canonicalize()
            && !visited.insert(canonical)
        {
            notes.push(Note {
                line: lines.line(parent.offset),
                message: format!("parent POM chain loops back to {}", path.display()),
            });
            return Parents {
                poms,
                missing: Some(format!("parent POM {coords} (cycle)")),
            };
        }
        let parent_index = LineIndex::new(&text);
        let parsed = match read_pom(&text, &parent_index) {
            Ok(p) => p,
            Err(e) => {
                notes.push(Note {
                    line: if poms.is_empty() { lines.line(parent.offset) } else { 0 },
                    message: format!("parent POM {} could not be read: {e}", path.display()),
                });
                return Parents {
                    poms,
                    missing: Some(format!("parent POM {coords} (unreadable)")),
                };
            }
        };
        let matches = parsed.artifact_id.as_deref() == parent.artifact_id.as_deref()
            && parsed.effective_group() == parent.group_id.as_deref();
        if !matches {
            return Parents {
                poms,
                missing: Some(format!("parent POM {coords} ({relative} is another project)")),
            };
        }
        dir = path.parent().map(Path::to_path_buf);
        poms.push(parsed);
    }
    Parents {
        poms,
        missing: Some(format!("parents beyond {MAX_PARENTS} levels")),
    }
}

/// A managed dependency, interpolated, keyed as Maven keys it.
struct Managed {
    version: Option<String>,
    scope: Option<String>,
}

fn management_key(group: &str, artifact: &str, kind: Option<&str>, classifier: Option<&str>) -> String {
    format!(
        "{group}:{artifact}:{}:{}",
        kind.unwrap_or("jar"),
        classifier.unwrap_or("")
    )
}

fn is_bom_import(d: &Dep) -> bool {
    d.scope.as_deref() == Some("import") && d.kind.as_deref().is_none_or(|k| k == "pom")
}

fn build_management<'d>(
    lists: impl Iterator<Item = &'d Dep>,
    ctx: &Ctx,
    boms: &mut Vec<String>,
) -> HashMap<String, Managed> {
    let mut managed = HashMap::new();
    for d in lists {
        let (Some(g), Some(a)) = (&d.group_id, &d.artifact_id) else {
            continue;
        };
        let (Ok(g), Ok(a)) = (ctx.interpolate(g), ctx.interpolate(a)) else {
            continue;
        };
        if is_bom_import(d) {
            let v = d
                .version
                .as_deref()
                .map(|v| ctx.interpolate(v).unwrap_or_else(|_| v.to_string()));
            boms.push(format!("{g}:{a}:{}", v.unwrap_or_default()));
            continue;
        }
        let kind = d.kind.as_deref().and_then(|k| ctx.interpolate(k).ok());
        let classifier = d.classifier.as_deref().and_then(|c| ctx.interpolate(c).ok());
        let key = management_key(&g, &a, kind.as_deref(), classifier.as_deref());
        managed.entry(key).or_insert_with(|| Managed {
            version: d.version.clone(),
            scope: d.scope.clone(),
        });
    }
    managed
}

pub fn parse(source: &Source) -> Result<Catalog, ParseError> {
    let lines = LineIndex::new(source.text);
    let pom = read_pom(source.text, &lines)?;
    let mut notes = Vec::new();
    let parents = load_parents(source, &pom, &mut notes, &lines);

    let parent_ref = pom.parent.as_ref();
    let base_properties: Vec<&HashMap<String, String>> = std::iter::once(&pom.properties)
        .chain(parents.poms.iter().map(|p| &p.properties))
        .collect();
    let mut boms = Vec::new();
    let base_ctx = make_ctx(&pom, &base_properties, None);
    let parent_managed = || parents.poms.iter().flat_map(|p| p.managed.iter());
    let base_management = build_management(pom.managed.iter().chain(parent_managed()), &base_ctx, &mut boms);

    let mut packages = Vec::new();
    let mut keys: HashSet<String> = HashSet::new();
    let mut needs_parent = false;
    let mut emit = |dep: &Dep,
                    ctx: &Ctx,
                    management: &HashMap<String, Managed>,
                    profile: Option<&str>,
                    notes: &mut Vec<Note>|
     -> Result<(), ParseError> {
        let line = lines.line(dep.offset);
        let Some(group) = &dep.group_id else {
            return Err(ParseError::new(
                line,
                lines.line_col(dep.offset).column,
                "dependency without <groupId>",
            ));
        };
        let Some(artifact) = &dep.artifact_id else {
            return Err(ParseError::new(
                line,
                lines.line_col(dep.offset).column,
                "dependency without <artifactId>",
            ));
        };
        let unresolved_name = |raw: &str, notes: &mut Vec<Note>| match ctx.interpolate(raw) {
            Ok(v) => v,
            Err(expr) => {
                notes.push(Note {
                    line,
                    message: format!("{expr} in a dependency's coordinates is not defined here"),
                });
                raw.to_string()
            }
        };
        let group = unresolved_name(group, notes);
        let artifact = unresolved_name(artifact, notes);
        let kind = dep
            .kind
            .as_deref()
            .map(|k| ctx.interpolate(k).unwrap_or_else(|_| k.to_string()));
        let classifier = dep
            .classifier
            .as_deref()
            .map(|c| ctx.interpolate(c).unwrap_or_else(|_| c.to_string()));
        let managed = management.get(&management_key(
            &group,
            &artifact,
            kind.as_deref(),
            classifier.as_deref(),
        ));

        let declared = dep
            .version
            .as_deref()
            .or_else(|| managed.and_then(|m| m.version.as_deref()));
        let version = match declared {
            Some(raw) => match ctx.interpolate(raw) {
                Ok(v) if v.trim().is_empty() => Version::Unresolved("empty <version>".into()),
                Ok(v) => classify_version(v.trim()),
                Err(expr) => {
                    let from = match &parents.missing {
                        Some(m) => {
                            needs_parent = true;
                            format!(" (it may come from {m}, which is not read)")
                        }
                        None => String::new(),
                    };
                    Version::Unresolved(format!("{expr} is not defined in this POM or its local parents{from}"))
                }
            },
            None => {
                let mut places = Vec::new();
                if !boms.is_empty() {
                    places.push(format!("an imported BOM ({})", boms.join(", ")));
                }
                if let Some(m) = &parents.missing {
                    needs_parent = true;
                    places.push(m.clone());
                }
                if places.is_empty() {
                    Version::Unresolved(
                        "no <version> and no dependencyManagement entry in this POM or its local parents".into(),
                    )
                } else {
                    Version::Unresolved(format!("version managed outside this file: {}", places.join(" or ")))
                }
            }
        };

        let name = format!("{group}:{artifact}");
        let mut pkg = Package::new(Ecosystem::Maven, name.as_str(), version, line);
        // Maven tells declarations apart by groupId:artifactId:type:classifier
        // (a module's jar and its test-jar, say); so does the key.
        let kind_shown = kind.as_deref().filter(|k| !k.is_empty() && *k != "jar");
        let classifier_shown = classifier.as_deref().filter(|c| !c.is_empty());
        if kind_shown.is_some() || classifier_shown.is_some() {
            let coords = format!(
                "{name}:{}:{}",
                kind_shown.unwrap_or("jar"),
                classifier_shown.unwrap_or("")
            );
            pkg.key = match pkg.version.pinned() {
                Some(v) => format!("{coords}@{v}"),
                None => coords,
            };
        }
        if !keys.insert(pkg.key.clone()) {
            notes.push(Note {
                line,
                message: format!("{} is declared more than once; later declarations ignored", pkg.key),
            });
            return Ok(());
        }
        pkg.direct = Some(true);
        let scope = dep
            .scope
            .as_deref()
            .or_else(|| managed.and_then(|m| m.scope.as_deref()));
        let scope = scope.map(|s| ctx.interpolate(s).unwrap_or_else(|_| s.to_string()));
        match scope.as_deref() {
            None | Some("compile") => {}
            Some("test") => {
                pkg.scope = Scope::Dev;
                pkg.properties.push(("maven:scope".into(), "test".into()));
            }
            Some(other) => pkg.properties.push(("maven:scope".into(), other.to_string())),
        }
        if dep
            .optional
            .as_deref()
            .map(|o| ctx.interpolate(o).unwrap_or_default())
            .is_some_and(|o| o.trim() == "true")
        {
            pkg.optional = true;
        }
        if let Some(k) = kind.filter(|k| k != "jar") {
            pkg.properties.push(("maven:type".into(), k));
        }
        if let Some(c) = classifier {
            pkg.properties.push(("maven:classifier".into(), c));
        }
        if scope.as_deref() == Some("system")
            && let Some(p) = &dep.system_path
        {
            pkg.origin = Origin::Path(ctx.interpolate(p).unwrap_or_else(|_| p.clone()));
        }
        if let Some(id) = profile {
            pkg.properties.push(("maven:profile".into(), id.to_string()));
        }
        packages.push(pkg);
        Ok(())
    };

    for dep in &pom.deps {
        emit(dep, &base_ctx, &base_management, None, &mut notes)?;
    }
    for profile in &pom.profiles {
        let ctx = make_ctx(&pom, &base_properties, Some(&profile.properties));
        let mut profile_boms = Vec::new();
        let management = if profile.managed.is_empty() && profile.properties.is_empty() {
            None
        } else {
            Some(build_management(
                profile.managed.iter().chain(pom.managed.iter()).chain(parent_managed()),
                &ctx,
                &mut profile_boms,
            ))
        };
        for dep in &profile.deps {
            emit(
                dep,
                &ctx,
                management.as_ref().unwrap_or(&base_management),
                Some(profile.id.as_str()),
                &mut notes,
            )?;
        }
    }

    if needs_parent && let (Some(parent), Some(missing)) = (parent_ref, &parents.missing) {
        notes.push(Note {
            line: lines.line(parent.offset),
            message: format!("{missing} is not read: versions and properties it defines are unknown"),
        });
    }
    if let Some(local) = parents.poms.first().filter(|p| !p.deps.is_empty()) {
        notes.push(Note {
            line: parent_ref.map_or(0, |p| lines.line(p.offset)),
            message: format!(
                "{} dependencies inherited from the local parent POM are reported with that file",
                local.deps.len()
            ),
        });
    }
    Ok(Catalog { packages, notes })
}

/// Maven version specs: a plain version (a "soft" requirement, what gets
/// used), `[1.5]` (exactly 1.5), ranges and the meta-versions LATEST/RELEASE.
fn classify_version(v: &str) -> Version {
    if let Some(inner) = v.strip_prefix('[').and_then(|s| s.strip_suffix(']'))
        && !inner.contains(',')
        && !inner.trim().is_empty()
    {
        return Version::Pinned(inner.trim().to_string());
    }
    if v.starts_with(['[', '(']) || v == "LATEST" || v == "RELEASE" {
        return Version::Unpinned(v.to_string());
    }
    Version::Pinned(v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::testing::{find, parse_text, summary};

    const POM: &str = include_str!("../../../tests/fixtures/inventory/pom/multi/service/pom.xml");

    fn fixture(path: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/inventory/pom")
            .join(path)
    }

    fn parse_at(path: &Path, text: &str) -> Result<Catalog, ParseError> {
        parse(&Source {
            text,
            path,
            display: "pom.xml",
            allow_cargo: false,
        })
    }

    fn parse_fixture() -> Catalog {
        parse_at(&fixture("multi/service/pom.xml"), POM).unwrap()
    }

    #[test]
    fn declared_dependencies_with_dependency_lines() {
        let cat = parse_fixture();
        let s = summary(&cat.packages);
        assert!(s.contains(&"org.slf4j:slf4j-api@2.0.9:47".to_string()), "{s:?}");
        assert!(
            s.contains(&"com.fasterxml.jackson.core:jackson-databind@2.16.1:52".to_string()),
            "{s:?}"
        );
        // Plugin dependencies and dependencyManagement entries are not packages.
        assert!(cat.packages.iter().all(|p| p.name != "org.ow2.asm:asm"), "{s:?}");
        assert!(cat.packages.iter().all(|p| p.name != "com.google.guava:guava"), "{s:?}");
        assert!(cat.packages.iter().all(|p| p.direct == Some(true)));
        assert_eq!(
            find(&cat.packages, "org.slf4j:slf4j-api").purl().to_string(),
            "pkg:maven/org.slf4j/slf4j-api@2.0.9"
        );
    }

    #[test]
    fn property_interpolation_including_nested_and_project_version() {
        let cat = parse_fixture();
        // ${jackson.version} → ${jackson.major}.16.1 → 2.16.1
        assert_eq!(
            find(&cat.packages, "com.fasterxml.jackson.core:jackson-databind")
                .version
                .pinned(),
            Some("2.16.1")
        );
        // ${project.version} = the project's version, itself ${revision}.
        let sibling = find(&cat.packages, "com.acme:acme-common");
        assert_eq!(sibling.version, Version::Pinned("1.4.0-SNAPSHOT".into()));
        // ${project.parent.version}
        assert_eq!(
            find(&cat.packages, "com.acme:acme-testkit").version.pinned(),
            Some("1.4.0-SNAPSHOT")
        );
        // ${project.groupId} in a groupId.
        assert_eq!(find(&cat.packages, "com.acme:acme-common").line, 57);
    }

    #[test]
    fn versions_from_in_file_and_parent_dependency_management() {
        let cat = parse_fixture();
        // In-file dependencyManagement, scope inherited from it.
        let lang = find(&cat.packages, "org.apache.commons:commons-lang3");
        assert_eq!(lang.version.pinned(), Some("3.14.0"));
        assert_eq!(lang.property("maven:scope"), Some("provided"));
        // From the local parent (../pom.xml) and its properties.
        let netty = find(&cat.packages, "io.netty:netty-handler");
        assert_eq!(netty.version.pinned(), Some("4.1.104.Final"));
        // Parent property overridden by the child.
        assert_eq!(
            find(&cat.packages, "org.slf4j:slf4j-api").version.pinned(),
            Some("2.0.9")
        );
        // The parent's own dependencies are reported with the parent's file.
        assert!(cat.packages.iter().all(|p| p.name != "org.slf4j:jcl-over-slf4j"));
        assert!(
            cat.notes.iter().any(|n| n.line == 5 && n.message.contains("inherited")),
            "{:?}",
            cat.notes
        );
        assert!(
            !cat.notes.iter().any(|n| n.message.contains("not read")),
            "{:?}",
            cat.notes
        );
    }

    #[test]
    fn versions_only_a_bom_could_supply_are_unresolved() {
        let cat = parse_fixture();
        let boot = find(&cat.packages, "org.springframework.boot:spring-boot-starter-web");
        match &boot.version {
            Version::Unresolved(r) => assert!(r.contains("spring-boot-dependencies"), "{r}"),
            v => panic!("{v:?}"),
        }
        let env = find(&cat.packages, "io.micrometer:micrometer-core");
        assert!(
            matches!(&env.version, Version::Unresolved(r) if r.contains("${env.MICROMETER_VERSION}")),
            "{:?}",
            env.version
        );
    }

    #[test]
    fn scopes_optional_type_and_classifier() {
        let cat = parse_fixture();
        let junit = find(&cat.packages, "org.junit.jupiter:junit-jupiter");
        assert_eq!(junit.scope, Scope::Dev);
        assert_eq!(junit.property("maven:scope"), Some("test"));
        let servlet = find(&cat.packages, "jakarta.servlet:jakarta.servlet-api");
        assert_eq!(
            (servlet.scope, servlet.property("maven:scope")),
            (Scope::Runtime, Some("provided"))
        );
        let pg = find(&cat.packages, "org.postgresql:postgresql");
        assert_eq!(pg.property("maven:scope"), Some("runtime"));
        assert!(pg.optional);
        let native: Vec<&Package> = cat
            .packages
            .iter()
            .filter(|p| p.name == "io.netty:netty-transport-native-epoll")
            .collect();
        assert_eq!(native.len(), 1);
        assert_eq!(native[0].property("maven:classifier"), Some("linux-x86_64"));
        assert_eq!(
            native[0].key,
            "io.netty:netty-transport-native-epoll:jar:linux-x86_64@4.1.104.Final"
        );
        let tests = find(&cat.packages, "com.acme:acme-testkit");
        assert_eq!(tests.property("maven:type"), Some("test-jar"));
        let sys = find(&cat.packages, "com.oracle:ojdbc");
        assert_eq!(sys.origin, Origin::Path("/opt/oracle/lib/ojdbc11.jar".into()));
        assert_eq!(sys.property("maven:scope"), Some("system"));
    }

    #[test]
    fn jar_and_test_jar_of_one_artifact_are_two_packages() {
        let text = "<project><dependencies>\n\
<dependency><groupId>g</groupId><artifactId>a</artifactId><version>1</version></dependency>\n\
<dependency><groupId>g</groupId><artifactId>a</artifactId><version>1</version><type>test-jar</type><scope>test</scope></dependency>\n\
<dependency><groupId>g</groupId><artifactId>a</artifactId><version>1</version></dependency>\n\
</dependencies></project>";
        let cat = parse_text(parse, "pom.xml", text).unwrap();
        let keys: Vec<&str> = cat.packages.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["g:a@1", "g:a:test-jar:@1"]);
        assert!(
            cat.notes
                .iter()
                .any(|n| n.line == 4 && n.message.contains("more than once"))
        );
    }

    #[test]
    fn ranges_are_unpinned_and_exact_ranges_pinned() {
        let cat = parse_fixture();
        assert_eq!(
            find(&cat.packages, "commons-io:commons-io").version,
            Version::Unpinned("[2.11.0,3.0)".into())
        );
        assert_eq!(
            find(&cat.packages, "org.yaml:snakeyaml").version,
            Version::Pinned("2.2".into())
        );
    }

    #[test]
    fn profile_dependencies_carry_the_profile_id() {
        let cat = parse_fixture();
        let h2 = find(&cat.packages, "com.h2database:h2");
        assert_eq!(h2.property("maven:profile"), Some("local-db"));
        // Profile property.
        assert_eq!(h2.version.pinned(), Some("2.2.224"));
    }

    #[test]
    fn without_the_parent_on_disk_versions_are_unresolved_with_a_note() {
        let cat = parse_text(parse, "pom.xml", POM).unwrap();
        let netty = find(&cat.packages, "io.netty:netty-handler");
        assert!(
            matches!(&netty.version, Version::Unresolved(r) if r.contains("com.acme:acme-parent:1.4.0-SNAPSHOT")),
            "{:?}",
            netty.version
        );
        assert!(
            cat.notes
                .iter()
                .any(|n| n.line == 5 && n.message.contains("acme-parent")),
            "{:?}",
            cat.notes
        );
        // Unaffected versions still resolve.
        assert_eq!(
            find(&cat.packages, "com.fasterxml.jackson.core:jackson-databind")
                .version
                .pinned(),
            Some("2.16.1")
        );
    }

    #[test]
    fn remote_parent_with_empty_relative_path_is_not_looked_up() {
        let text = r#"<project>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>3.2.1</version>
    <relativePath/>
  </parent>
  <artifactId>app</artifactId>
  <dependencies>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter</artifactId>
    </dependency>
    <dependency>
      <groupId>org.projectlombok</groupId>
      <artifactId>lombok</artifactId>
      <version>${lombok.version}</version>
    </dependency>
  </dependencies>
</project>
"#;
        let cat = parse_text(parse, "pom.xml", text).unwrap();
        assert_eq!(cat.packages.len(), 2);
        let starter = find(&cat.packages, "org.springframework.boot:spring-boot-starter");
        assert!(matches!(&starter.version, Version::Unresolved(r) if r.contains("spring-boot-starter-parent:3.2.1")));
        assert_eq!(starter.line, 10);
        let lombok = find(&cat.packages, "org.projectlombok:lombok");
        assert!(matches!(&lombok.version, Version::Unresolved(r) if r.contains("${lombok.version}")));
    }

    #[test]
    fn property_cycles_are_bounded() {
        let text = "<project><groupId>g</groupId><artifactId>a</artifactId><version>1</version>\
<properties><a>${b}</a><b>${a}</b><bomb>${c}${c}${c}${c}</bomb><c>${d}${d}${d}${d}</c><d>xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx</d></properties>\
<dependencies><dependency><groupId>x</groupId><artifactId>y</artifactId><version>${a}</version></dependency>\
<dependency><groupId>x</groupId><artifactId>z</artifactId><version>${bomb}</version></dependency></dependencies></project>";
        let cat = parse_text(parse, "pom.xml", text).unwrap();
        assert!(matches!(find(&cat.packages, "x:y").version, Version::Unresolved(_)));
        let d = text.split("<d>").nth(1).and_then(|t| t.split("</d>").next()).unwrap();
        assert_eq!(
            find(&cat.packages, "x:z").version.pinned().map(str::len),
            Some(16 * d.len())
        );
    }

    #[test]
    fn expansion_bombs_are_cut_off() {
        let mut props = String::from("<p0>xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx</p0>");
        for i in 1..9 {
            props.push_str(&format!("<p{i}>{}</p{i}>", format!("${{p{}}}", i - 1).repeat(10)));
        }
        let text = format!(
            "<project><properties>{props}</properties><dependencies><dependency><groupId>x</groupId>\
<artifactId>y</artifactId><version>${{p8}}</version></dependency></dependencies></project>"
        );
        let start = std::time::Instant::now();
        let cat = parse_text(parse, "pom.xml", &text).unwrap();
        assert!(matches!(&find(&cat.packages, "x:y").version, Version::Unresolved(r) if r.contains("bytes")));
        assert!(start.elapsed().as_secs() < 2);
    }

    #[test]
    fn namespaces_entities_and_cdata() {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- c -->\n<p:project xmlns:p=\"http://maven.apache.org/POM/4.0.0\">\n\
<p:dependencies>\n  <p:dependency>\n    <p:groupId>a&amp;b</p:groupId>\n    <p:artifactId><![CDATA[c]]></p:artifactId>\n    <p:version>1&#46;0</p:version>\n  </p:dependency>\n</p:dependencies>\n</p:project>\n";
        let cat = parse_text(parse, "pom.xml", text).unwrap();
        assert_eq!(summary(&cat.packages), ["a&b:c@1.0:5"]);
    }

    #[test]
    fn malformed_poms_name_the_line() {
        let cases: &[(&str, u32)] = &[
            (
                "<project>\n  <dependencies>\n    <dependency>\n  </dependencies>\n</project>\n",
                4,
            ),
            ("<project>\n  <dependencies>\n", 2),
            (
                "<project>\n<dependencies>\n<dependency>\n<artifactId>a</artifactId>\n</dependency>\n</dependencies>\n</project>",
                3,
            ),
            (
                "<project>\n<dependencies>\n<dependency>\n<groupId>a</groupId>\n</dependency>\n</dependencies>\n</project>",
                3,
            ),
            ("\n<settings/>\n", 2),
            ("", 1),
            ("<project>\n<a x=\"1></a>\n</project>", 2),
            ("<project>\n</project>\n</extra>\n", 3),
        ];
        for (text, line) in cases {
            let err = parse_text(parse, "pom.xml", text).unwrap_err();
            assert_eq!(err.line, *line, "{text:?}: {err}");
        }
    }

    #[test]
    fn parent_lookup_checks_coordinates_and_cycles() {
        let dir = tempfile::tempdir().unwrap();
        // ../pom.xml is another project: not used.
        std::fs::create_dir(dir.path().join("child")).unwrap();
        std::fs::write(
            dir.path().join("pom.xml"),
            "<project><groupId>other</groupId><artifactId>other</artifactId><version>1</version>\
<properties><v>9</v></properties></project>",
        )
        .unwrap();
        let child = "<project><parent><groupId>g</groupId><artifactId>p</artifactId><version>1</version></parent>\
<artifactId>c</artifactId><dependencies><dependency><groupId>x</groupId><artifactId>y</artifactId>\
<version>${v}</version></dependency></dependencies></project>";
        let path = dir.path().join("child/pom.xml");
        std::fs::write(&path, child).unwrap();
        let cat = parse_at(&path, child).unwrap();
        assert!(matches!(&find(&cat.packages, "x:y").version, Version::Unresolved(r) if r.contains("another project")));
        // A parent pointing at itself.
        let looping = "<project><parent><groupId>g</groupId><artifactId>c</artifactId><version>1</version>\
<relativePath>pom.xml</relativePath></parent><groupId>g</groupId><artifactId>c</artifactId>\
<dependencies><dependency><groupId>x</groupId><artifactId>y</artifactId><version>${v}</version></dependency></dependencies></project>";
        std::fs::write(&path, looping).unwrap();
        let cat = parse_at(&path, looping).unwrap();
        assert!(matches!(find(&cat.packages, "x:y").version, Version::Unresolved(_)));
    }

    #[test]
    fn truncated_input_never_panics() {
        let path = fixture("multi/service/pom.xml");
        for end in (0..=POM.len()).filter(|i| POM.is_char_boundary(*i)) {
            let _ = parse_at(&path, &POM[..end]);
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "<project>".to_string() + &"<a>".repeat(10_000) + &"</a>".repeat(10_000) + "</project>";
        let err = parse_text(parse, "pom.xml", &text).unwrap_err();
        assert!(err.message.contains("nested"), "{err}");
    }

    #[test]
    fn large_pom_parses_quickly() {
        let mut text = String::from("<project>\n<properties><v>1.0</v></properties>\n<dependencies>\n");
        for i in 0..10_000 {
            text.push_str(&format!(
                "<dependency>\n<groupId>org.example{i}</groupId>\n<artifactId>artifact-{i}</artifactId>\n<version>${{v}}</version>\n</dependency>\n"
            ));
        }
        text.push_str("</dependencies>\n</project>\n");
        let start = std::time::Instant::now();
        let cat = parse_text(parse, "pom.xml", &text).unwrap();
        assert_eq!(cat.packages.len(), 10_000);
        assert_eq!(cat.packages[9_999].line, 4 + 9_999 * 5);
        assert!(start.elapsed().as_secs() < 2);
    }
}
