//! `Gemfile.lock` / `gems.locked` (Bundler, every version up to 2.5+).
//!
//! The file is read as Bundler's own lockfile parser reads it: top-level
//! sections `GEM`, `GIT`, `PATH`, `PLUGIN SOURCE` (each with `remote:`-style
//! options, then `specs:` with 4-space `name (version[-platform])` lines and
//! 6-space `dependency (constraints)` lines), `DEPENDENCIES` (the Gemfile's
//! gems; `name!` means pinned to a GIT/PATH source), `CHECKSUMS` (Bundler
//! 2.5+), `PLATFORMS`, `RUBY VERSION`, `BUNDLED WITH`. Unknown sections are
//! skipped with a note; merge-conflict markers are an error.
//!
//! Decisions:
//! - Platform-specific gems (`nokogiri (1.16.5-x86_64-linux)`): the version
//!   is `1.16.5` and property `gem:platform` holds the platform (the PURL gets
//!   a `platform` qualifier). Bundler splits at the first `-`, as we do. A gem
//!   locked for several platforms is several packages, one per line: they are
//!   distinct artifacts with distinct PURLs (keys `name@version-platform`).
//! - `GEM` gems come from rubygems.org (`Registry`) unless the section has a
//!   single other remote (`AlternateRegistry`); `GIT` gems get a `Git` origin
//!   with the locked `revision`; `PLUGIN SOURCE` gems an `AlternateRegistry`
//!   origin with their remote.
//! - `PATH` sections whose remote is `.` hold the project's own gem(s) (the
//!   Gemfile's `gemspec`): they are not packages, and their dependencies are
//!   the project's direct runtime dependencies. Other `PATH` gems (vendored or
//!   sibling gems) are listed with a `Path` origin, like Cargo path crates.
//! - `direct` is `Some(true)` for gems named in `DEPENDENCIES` (or required by
//!   the project's own gem), `Some(false)` for the rest.
//! - Edges come from the 6-space dependency lines; a dependency on a gem
//!   locked for several platforms points at every variant.
//! - `CHECKSUMS` entries `sha256=<hex>` become hashes `sha256:<hex>`.
//! - Scope: the lockfile has no groups. When a sibling `Gemfile` (`gems.rb`
//!   for `gems.locked`) exists it is read line by line, never executed: gems
//!   declared only inside `group :development`/`:test` blocks, or with
//!   `group:`/`groups:` options naming only those groups, are `Dev`, as are
//!   gems reachable only from them. With `gemspec` in the Gemfile, direct
//!   dependencies the Gemfile does not mention are the gemspec's development
//!   dependencies, so `Dev` too. Limits: no Ruby is evaluated, so gems added
//!   through `eval_gemfile`, loops or computed names are not seen, and
//!   one-line blocks (`group :test do gem "x" end`) or `{ }` blocks confuse the
//!   block tracking; other group names (`:ci`, `:lint`) count as runtime.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use crate::inventory::{Catalog, Note, ParseError, Source};
use crate::model::{Ecosystem, Origin, Package, Scope};

const RUBYGEMS: &[&str] = &[
    "https://rubygems.org/",
    "https://rubygems.org",
    "http://rubygems.org/",
    "http://rubygems.org",
];

/// Groups that Bundler users install only for development and tests.
const DEV_GROUPS: &[&str] = &["development", "test"];

#[derive(Clone, Copy, PartialEq, Eq)]
enum SourceKind {
    Gem,
    Git,
    Path,
    Plugin,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    None,
    Source,
    Dependencies,
    Checksums,
    Other,
}

struct SourceBlock {
    kind: SourceKind,
    line: u32,
    remotes: Vec<String>,
    revision: Option<String>,
    branch: Option<String>,
    tag: Option<String>,
    specs_started: bool,
}

impl SourceBlock {
    fn is_project_root(&self) -> bool {
        self.kind == SourceKind::Path && self.remotes.iter().any(|r| matches!(r.as_str(), "." | "./" | ""))
    }
}

struct Spec {
    name: String,
    version: String,
    platform: Option<String>,
    line: u32,
    source: usize,
    deps: Vec<String>,
}

/// One `name (version)! rest` entry, as Bundler's `NAME_VERSION` reads it
/// (the `!` is dropped).
struct Entry<'a> {
    name: &'a str,
    /// Text inside the parentheses.
    parens: Option<&'a str>,
    rest: Option<&'a str>,
}

fn split_entry(s: &str) -> Entry<'_> {
    if let Some(open) = s.find(" (") {
        let name = &s[..open];
        let after = &s[open + 2..];
        if let Some(close) = after.find(')') {
            let parens = &after[..close];
            let tail = &after[close + 1..];
            // `!`: pinned to a GIT/PATH source (DEPENDENCIES only).
            let tail = tail.strip_prefix('!').unwrap_or(tail);
            let rest = tail.strip_prefix(' ').filter(|r| !r.is_empty());
            return Entry {
                name,
                parens: Some(parens),
                rest,
            };
        }
    }
    let (head, rest) = match s.split_once(' ') {
        Some((h, r)) => (h, Some(r).filter(|r| !r.is_empty())),
        None => (s, None),
    };
    let name = head.strip_suffix('!').unwrap_or(head);
    Entry {
        name,
        parens: None,
        rest,
    }
}

/// `1.16.5-x86_64-linux` → (`1.16.5`, `x86_64-linux`); Bundler splits at the
/// first `-` (gem versions in lockfiles never contain one).
fn split_platform(v: &str) -> (&str, Option<&str>) {
    match v.split_once('-') {
        Some((version, platform)) if platform != "ruby" => (version, Some(platform)),
        Some((version, _)) => (version, None),
        None => (v, None),
    }
}

fn key_of(name: &str, version: &str, platform: Option<&str>) -> String {
    match platform {
        Some(p) => format!("{name}@{version}-{p}"),
        None => format!("{name}@{version}"),
    }
}

#[derive(Default)]
struct Lockfile {
    sources: Vec<SourceBlock>,
    specs: Vec<Spec>,
    /// Names in DEPENDENCIES, with their line; `None` if the section is absent.
    dependencies: Option<Vec<(String, u32)>>,
    checksums: HashMap<String, Vec<String>>,
}

fn read_lockfile(text: &str, notes: &mut Vec<Note>) -> Result<Lockfile, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lock = Lockfile::default();
    let mut section = Section::None;
    let mut spec_keys: HashSet<String> = HashSet::new();
    // Index in `lock.specs` of the spec that 6-space lines belong to.
    let mut current_spec: Option<usize> = None;
    for (idx, raw) in text.split('\n').enumerate() {
        let line = idx as u32 + 1;
        let l = raw.strip_suffix('\r').unwrap_or(raw);
        if ["<<<<<<<", "=======", ">>>>>>>", "|||||||"]
            .iter()
            .any(|m| l.starts_with(m))
        {
            return Err(ParseError::new(
                line,
                1,
                "merge conflict marker: resolve the conflict and re-run bundle install",
            ));
        }
        if l.trim().is_empty() {
            continue;
        }
        if !l.starts_with(char::is_whitespace) {
            current_spec = None;
            let kind = match l {
                "GEM" => Some(SourceKind::Gem),
                "GIT" => Some(SourceKind::Git),
                "PATH" => Some(SourceKind::Path),
                "PLUGIN SOURCE" => Some(SourceKind::Plugin),
                _ => None,
            };
            section = match (kind, l) {
                (Some(kind), _) => {
                    lock.sources.push(SourceBlock {
                        kind,
                        line,
                        remotes: Vec::new(),
                        revision: None,
                        branch: None,
                        tag: None,
                        specs_started: false,
                    });
                    Section::Source
                }
                (None, "DEPENDENCIES") => {
                    lock.dependencies.get_or_insert_with(Vec::new);
                    Section::Dependencies
                }
                (None, "CHECKSUMS") => Section::Checksums,
                (None, "PLATFORMS" | "RUBY VERSION" | "BUNDLED WITH") => Section::Other,
                (None, other) => {
                    notes.push(Note {
                        line,
                        message: format!("unknown Gemfile.lock section '{other}' skipped"),
                    });
                    Section::Other
                }
            };
            continue;
        }
        match section {
            Section::None => return Err(ParseError::new(line, 1, "indented line before any section")),
            Section::Other => {}
            Section::Dependencies => {
                if let Some(entry) = l.strip_prefix("  ").filter(|e| !e.starts_with(' ')) {
                    let e = split_entry(entry);
                    if let Some(deps) = lock.dependencies.as_mut() {
                        deps.push((e.name.to_string(), line));
                    }
                }
            }
            Section::Checksums => {
                if let Some(entry) = l.strip_prefix("  ").filter(|e| !e.starts_with(' ')) {
                    let e = split_entry(entry);
                    let (Some(parens), Some(sums)) = (e.parens, e.rest) else {
                        continue;
                    };
                    let (version, platform) = split_platform(parens);
                    let hashes = sums
                        .split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(|s| match s.split_once('=') {
                            Some((alg, value)) => format!("{alg}:{value}"),
                            None => s.to_string(),
                        })
                        .collect();
                    lock.checksums.insert(key_of(e.name, version, platform), hashes);
                }
            }
            Section::Source => {
                let Some(source) = lock.sources.last_mut() else {
                    continue;
                };
                let indent = l.len() - l.trim_start_matches(' ').len();
                let content = &l[indent..];
                match indent {
                    2 if content == "specs:" => source.specs_started = true,
                    2 => {
                        let Some((key, value)) = content
                            .split_once(": ")
                            .or_else(|| content.strip_suffix(':').map(|k| (k, "")))
                        else {
                            return Err(ParseError::new(
                                line,
                                3,
                                format!("expected 'option: value', found '{content}'"),
                            ));
                        };
                        let value = value.to_string();
                        match key {
                            "remote" => source.remotes.push(value),
                            "revision" => source.revision = Some(value),
                            "branch" => source.branch = Some(value),
                            "tag" => source.tag = Some(value),
                            _ => {}
                        }
                    }
                    4 => {
                        if !source.specs_started {
                            return Err(ParseError::new(line, 5, "gem listed before 'specs:'"));
                        }
                        let e = split_entry(content);
                        let Some(parens) = e.parens.filter(|p| !p.trim().is_empty()) else {
                            return Err(ParseError::new(line, 5, format!("gem '{}' has no (version)", e.name)));
                        };
                        let (version, platform) = split_platform(parens);
                        let key = key_of(e.name, version, platform);
                        if !spec_keys.insert(key) {
                            current_spec = None;
                            continue;
                        }
                        lock.specs.push(Spec {
                            name: e.name.to_string(),
                            version: version.to_string(),
                            platform: platform.map(str::to_string),
                            line,
                            source: lock.sources.len() - 1,
                            deps: Vec::new(),
                        });
                        current_spec = Some(lock.specs.len() - 1);
                    }
                    6 => {
                        if !source.specs_started {
                            return Err(ParseError::new(line, 7, "dependency listed before 'specs:'"));
                        }
                        let e = split_entry(content);
                        if let Some(spec) = current_spec.and_then(|i| lock.specs.get_mut(i)) {
                            spec.deps.push(e.name.to_string());
                        }
                    }
                    _ => {
                        return Err(ParseError::new(
                            line,
                            indent as u32 + 1,
                            "unexpected indentation (gems are indented by 4 spaces, their dependencies by 6)",
                        ));
                    }
                }
            }
        }
    }
    Ok(lock)
}

pub fn parse(source: &Source) -> Result<Catalog, ParseError> {
    let mut notes = Vec::new();
    let mut lock = read_lockfile(source.text, &mut notes)?;

    let root_sources: HashSet<usize> = lock
        .sources
        .iter()
        .enumerate()
        .filter(|(_, s)| s.is_project_root())
        .map(|(i, _)| i)
        .collect();
    let root_names: HashSet<String> = lock
        .specs
        .iter()
        .filter(|s| root_sources.contains(&s.source))
        .map(|s| s.name.clone())
        .collect();
    // Dependencies of the project's own gem(s): direct runtime dependencies.
    let mut root_deps: Vec<String> = Vec::new();
    for spec in lock.specs.iter().filter(|s| root_sources.contains(&s.source)) {
        root_deps.extend(spec.deps.iter().filter(|d| !root_names.contains(*d)).cloned());
    }

    let sources_with_specs: HashSet<usize> = lock.specs.iter().map(|s| s.source).collect();
    for (i, src) in lock.sources.iter().enumerate() {
        if src.kind == SourceKind::Gem && src.remotes.len() > 1 {
            notes.push(Note {
                line: src.line,
                message: "GEM section with several remotes: the remote each gem comes from is not recorded".into(),
            });
        }
        if src.kind == SourceKind::Git && src.revision.is_none() && sources_with_specs.contains(&i) {
            notes.push(Note {
                line: src.line,
                message: "GIT section without a revision".into(),
            });
        }
    }

    let mut packages = Vec::with_capacity(lock.specs.len());
    for spec in lock.specs.iter_mut().filter(|s| !root_sources.contains(&s.source)) {
        let src = lock.sources.get(spec.source);
        let mut pkg = Package::pinned(
            Ecosystem::RubyGems,
            spec.name.as_str(),
            spec.version.as_str(),
            spec.line,
        );
        pkg.key = key_of(&spec.name, &spec.version, spec.platform.as_deref());
        if let Some(platform) = spec.platform.take() {
            pkg.properties.push(("gem:platform".into(), platform));
        }
        if let Some(src) = src {
            pkg.origin = origin(src);
            if let Some(branch) = &src.branch {
                pkg.properties.push(("gem:branch".into(), branch.clone()));
            }
            if let Some(tag) = &src.tag {
                pkg.properties.push(("gem:tag".into(), tag.clone()));
            }
        }
        if let Some(hashes) = lock.checksums.remove(&pkg.key) {
            pkg.hashes = hashes;
        }
        packages.push(pkg);
    }

    // Edges, by name; a gem locked for several platforms has several keys.
    let mut keys_by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, p) in packages.iter().enumerate() {
        keys_by_name.entry(p.name.clone()).or_default().push(i);
    }
    let emitted: Vec<&Spec> = lock
        .specs
        .iter()
        .filter(|s| !root_sources.contains(&s.source))
        .collect();
    let edges: Vec<Vec<String>> = emitted
        .iter()
        .map(|spec| {
            let mut out = Vec::new();
            let mut seen = HashSet::new();
            for dep in &spec.deps {
                for &j in keys_by_name.get(dep.as_str()).map_or(&[][..], Vec::as_slice) {
                    if let Some(p) = packages.get(j)
                        && seen.insert(j)
                    {
                        out.push(p.key.clone());
                    }
                }
            }
            out
        })
        .collect();
    let graph: Vec<Vec<usize>> = emitted
        .iter()
        .map(|spec| {
            spec.deps
                .iter()
                .flat_map(|d| {
                    keys_by_name
                        .get(d.as_str())
                        .map_or(&[][..], Vec::as_slice)
                        .iter()
                        .copied()
                })
                .collect()
        })
        .collect();
    for (pkg, deps) in packages.iter_mut().zip(edges) {
        pkg.depends_on = deps;
    }

    // Direct dependencies.
    let mut direct_names: Vec<&str> = Vec::new();
    if let Some(deps) = &lock.dependencies {
        direct_names.extend(
            deps.iter()
                .map(|(n, _)| n.as_str())
                .filter(|n| !root_names.contains(*n)),
        );
    }
    direct_names.extend(root_deps.iter().map(String::as_str));
    if lock.dependencies.is_some() || !root_deps.is_empty() {
        let direct: HashSet<&str> = direct_names.iter().copied().collect();
        for p in &mut packages {
            p.direct = Some(direct.contains(p.name.as_str()));
        }
    }

    // Scope from the Gemfile.
    match read_gemfile(source) {
        Some(gemfile) => {
            let mut runtime_roots = Vec::new();
            let mut dev_roots = Vec::new();
            let declared: Vec<&str> = lock
                .dependencies
                .iter()
                .flatten()
                .map(|(n, _)| n.as_str())
                .filter(|n| !root_names.contains(*n))
                .collect();
            for name in declared {
                let is_dev = match gemfile.mentions.get(name) {
                    Some(m) => m.iter().all(|dev| *dev),
                    None => gemfile.has_gemspec,
                };
                let roots = if is_dev { &mut dev_roots } else { &mut runtime_roots };
                roots.extend(keys_by_name.get(name).map_or(&[][..], Vec::as_slice).iter().copied());
            }
            for name in &root_deps {
                runtime_roots.extend(
                    keys_by_name
                        .get(name.as_str())
                        .map_or(&[][..], Vec::as_slice)
                        .iter()
                        .copied(),
                );
            }
            let runtime = reachable(&graph, runtime_roots);
            let dev = reachable(&graph, dev_roots);
            for (i, p) in packages.iter_mut().enumerate() {
                if dev.get(i).copied().unwrap_or(false) && !runtime.get(i).copied().unwrap_or(false) {
                    p.scope = Scope::Dev;
                }
            }
        }
        None => {
            if !packages.is_empty() {
                notes.push(Note {
                    line: 0,
                    message:
                        "no Gemfile beside the lockfile: development/test groups unknown, all gems reported as runtime"
                            .into(),
                });
            }
        }
    }

    Ok(Catalog { packages, notes })
}

fn origin(src: &SourceBlock) -> Origin {
    let remote = src.remotes.first().cloned().unwrap_or_default();
    match src.kind {
        SourceKind::Gem => {
            if src.remotes.len() == 1 && !RUBYGEMS.contains(&remote.as_str()) {
                Origin::AlternateRegistry(remote)
            } else {
                Origin::Registry
            }
        }
        SourceKind::Git => Origin::Git {
            url: remote,
            rev: src.revision.clone(),
        },
        SourceKind::Path => Origin::Path(remote),
        SourceKind::Plugin => Origin::AlternateRegistry(remote),
    }
}

fn reachable(graph: &[Vec<usize>], roots: Vec<usize>) -> Vec<bool> {
    let mut seen = vec![false; graph.len()];
    let mut stack = roots;
    while let Some(i) = stack.pop() {
        match seen.get_mut(i) {
            Some(s) if !*s => *s = true,
            _ => continue,
        }
        if let Some(next) = graph.get(i) {
            stack.extend(next.iter().copied());
        }
    }
    seen
}

/// What a line-based reading of the Gemfile tells.
struct Gemfile {
    /// Gem name → for each `gem` line naming it, whether that line is in
    /// development/test groups only.
    mentions: HashMap<String, Vec<bool>>,
    has_gemspec: bool,
}

fn read_gemfile(source: &Source) -> Option<Gemfile> {
    let dir = source.path.parent()?;
    let name = if source.path.file_name().is_some_and(|n| n == "gems.locked") {
        "gems.rb"
    } else {
        "Gemfile"
    };
    let path: PathBuf = dir.join(name);
    let text = std::fs::read_to_string(path).ok()?;
    Some(parse_gemfile(&text))
}

const MAX_BLOCK_DEPTH: usize = 256;

fn parse_gemfile(text: &str) -> Gemfile {
    let mut gemfile = Gemfile {
        mentions: HashMap::new(),
        has_gemspec: false,
    };
    // Open blocks: the groups each one adds (empty for non-group blocks).
    let mut blocks: Vec<Vec<String>> = Vec::new();
    // Blocks opened past MAX_BLOCK_DEPTH, only counted.
    let mut overflow = 0usize;
    for raw in text.lines() {
        let line = strip_ruby_comment(raw).trim();
        if line.is_empty() {
            continue;
        }
        if line == "end" || line.starts_with("end ") || line.starts_with("end.") || line.starts_with("end)") {
            if overflow > 0 {
                overflow -= 1;
            } else {
                blocks.pop();
            }
            continue;
        }
        let first_word = line
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .next()
            .unwrap_or("");
        let opens_do = line.ends_with(" do") || line == "do" || (line.contains(" do |") && line.ends_with('|'));
        let opens_keyword = matches!(
            first_word,
            "if" | "unless" | "case" | "while" | "until" | "begin" | "def" | "class" | "module"
        ) && !line.ends_with(" end");
        match first_word {
            "gem" => {
                if let Some(name) = first_quoted(&line[3..]) {
                    let mut groups: Vec<&str> = blocks.iter().flatten().map(String::as_str).collect();
                    let inline = inline_groups(line);
                    groups.extend(inline.iter().map(String::as_str));
                    let dev = !groups.is_empty() && groups.iter().all(|g| DEV_GROUPS.contains(g));
                    gemfile.mentions.entry(name.to_string()).or_default().push(dev);
                }
            }
            "gemspec" => gemfile.has_gemspec = true,
            _ => {}
        }
        if opens_do || opens_keyword {
            let groups = if first_word == "group" && opens_do {
                group_names(&line[5..])
            } else {
                Vec::new()
            };
            if blocks.len() < MAX_BLOCK_DEPTH {
                blocks.push(groups);
            } else {
                overflow += 1;
            }
        }
    }
    gemfile
}

/// The line without its `#` comment (a `#` inside a string is kept).
fn strip_ruby_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '#') => return &line[..i],
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
    }
    line
}

fn first_quoted(s: &str) -> Option<&str> {
    let start = s.find(['"', '\''])?;
    let quote = s[start..].chars().next()?;
    let rest = &s[start + 1..];
    let end = rest.find(quote)?;
    Some(&rest[..end])
}

/// Symbols and strings in `group :development, "test", optional: true do`.
fn group_names(args: &str) -> Vec<String> {
    let args = args
        .trim()
        .trim_end_matches(" do")
        .trim_start_matches('(')
        .trim_end_matches(')');
    args.split(',')
        .map(str::trim)
        .filter(|a| !a.contains(':') || a.starts_with(':'))
        .filter_map(|a| {
            let a = a.trim_start_matches(':').trim_matches(['"', '\'']);
            (!a.is_empty() && a.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')).then(|| a.to_string())
        })
        .collect()
}

/// Groups from `group: :test`, `groups: [:development, :test]`,
/// `groups: %i[development test]`, `:group => :test` on a `gem` line.
fn inline_groups(line: &str) -> Vec<String> {
    let keys = [
        "groups:",
        "group:",
        ":groups =>",
        ":group =>",
        "\"groups\" =>",
        "\"group\" =>",
    ];
    let Some(after) = keys.iter().find_map(|k| line.find(k).map(|i| &line[i + k.len()..])) else {
        return Vec::new();
    };
    let after = after.trim_start();
    let list = if let Some(rest) = after.strip_prefix("%i[").or_else(|| after.strip_prefix("%w[")) {
        rest.split(']').next().unwrap_or("")
    } else if let Some(rest) = after.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        after.split(',').next().unwrap_or("")
    };
    list.split([',', ' '])
        .map(|w| w.trim().trim_start_matches(':').trim_matches(['"', '\'']))
        .filter(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::testing::{find, parse_text, summary};
    use crate::model::Version;

    const LOCK: &str = include_str!("../../../tests/fixtures/inventory/gemfile/app/Gemfile.lock");

    fn fixture_dir() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/inventory/gemfile/app")
    }

    fn parse_fixture() -> Catalog {
        let path = fixture_dir().join("Gemfile.lock");
        parse(&Source {
            text: LOCK,
            path: &path,
            display: "Gemfile.lock",
            allow_cargo: false,
        })
        .unwrap()
    }

    #[test]
    fn gem_specs_with_lines_and_registry_origin() {
        let cat = parse_text(parse, "Gemfile.lock", LOCK).unwrap();
        let s = summary(&cat.packages);
        assert!(s.contains(&"rack@3.0.9.1:55".to_string()), "{s:?}");
        assert!(s.contains(&"actionpack@7.1.3.2:25".to_string()), "{s:?}");
        assert_eq!(find(&cat.packages, "rack").origin, Origin::Registry);
        assert_eq!(
            find(&cat.packages, "actionpack").purl().to_string(),
            "pkg:gem/actionpack@7.1.3.2"
        );
    }

    #[test]
    fn platform_variants_are_distinct_packages() {
        let cat = parse_text(parse, "Gemfile.lock", LOCK).unwrap();
        let nokogiri: Vec<&Package> = cat.packages.iter().filter(|p| p.name == "nokogiri").collect();
        let got: Vec<(u32, Option<&str>, &str)> = nokogiri
            .iter()
            .map(|p| (p.line, p.property("gem:platform"), p.key.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (46, None, "nokogiri@1.16.5"),
                (48, Some("arm64-darwin"), "nokogiri@1.16.5-arm64-darwin"),
                (50, Some("x86_64-linux"), "nokogiri@1.16.5-x86_64-linux"),
            ]
        );
        assert!(nokogiri.iter().all(|p| p.version == Version::Pinned("1.16.5".into())));
        assert_eq!(
            nokogiri[2].purl().to_string(),
            "pkg:gem/nokogiri@1.16.5?platform=x86_64-linux"
        );
        // A dependency on nokogiri points at every variant.
        let loofah = find(&cat.packages, "loofah");
        assert_eq!(
            loofah.depends_on,
            [
                "crass@1.0.6",
                "nokogiri@1.16.5",
                "nokogiri@1.16.5-arm64-darwin",
                "nokogiri@1.16.5-x86_64-linux"
            ]
        );
    }

    #[test]
    fn git_and_path_sources() {
        let cat = parse_text(parse, "Gemfile.lock", LOCK).unwrap();
        let git = find(&cat.packages, "kaminari");
        assert_eq!(git.line, 6);
        assert_eq!(
            git.origin,
            Origin::Git {
                url: "https://github.com/kaminari/kaminari.git".into(),
                rev: Some("c6a1ba7b1d1ecc54c8f1aa4c2d28d3e7f3d5c26e".into())
            }
        );
        assert_eq!(git.property("gem:branch"), Some("master"));
        assert_eq!(git.direct, Some(true));
        let vendored = find(&cat.packages, "acme-auth");
        assert_eq!(
            (vendored.line, vendored.origin.clone()),
            (12, Origin::Path("vendor/gems/acme-auth".into()))
        );
        // The project's own gem (PATH remote: .) is not a package.
        assert!(cat.packages.iter().all(|p| p.name != "shop"));
    }

    #[test]
    fn direct_flags_from_dependencies_and_the_project_gemspec() {
        let cat = parse_text(parse, "Gemfile.lock", LOCK).unwrap();
        assert_eq!(find(&cat.packages, "rspec-core").direct, Some(true));
        assert_eq!(find(&cat.packages, "rack").direct, Some(false));
        // `shop` (the project's gem) requires dry-types: direct.
        assert_eq!(find(&cat.packages, "dry-types").direct, Some(true));
        assert_eq!(find(&cat.packages, "acme-auth").direct, Some(true));
    }

    #[test]
    fn edges_from_dependency_lines() {
        let cat = parse_text(parse, "Gemfile.lock", LOCK).unwrap();
        let ap = find(&cat.packages, "actionpack");
        assert_eq!(ap.depends_on, ["rack@3.0.9.1", "rack-test@2.1.0"]);
        let kaminari = find(&cat.packages, "kaminari");
        assert_eq!(kaminari.depends_on, ["actionpack@7.1.3.2"]);
    }

    #[test]
    fn checksums_become_hashes() {
        let cat = parse_text(parse, "Gemfile.lock", LOCK).unwrap();
        let rack = find(&cat.packages, "rack");
        assert_eq!(
            rack.hashes,
            ["sha256:338cf2a9074e9c0fc67c50add134ebc91b54c8d261dd0d328f01f7aa2770248f"]
        );
        let linux = cat
            .packages
            .iter()
            .find(|p| p.key == "nokogiri@1.16.5-x86_64-linux")
            .unwrap();
        assert_eq!(linux.hashes.len(), 1);
        assert!(linux.hashes[0].starts_with("sha256:2e8a7fcc"));
        assert!(find(&cat.packages, "kaminari").hashes.is_empty());
    }

    #[test]
    fn gemfile_groups_give_dev_scope() {
        let cat = parse_fixture();
        // rspec-core is in `group :development, :test do`; rspec-support only under it.
        assert_eq!(find(&cat.packages, "rspec-core").scope, Scope::Dev);
        assert_eq!(find(&cat.packages, "rspec-support").scope, Scope::Dev);
        // rack-test: reachable from actionpack (runtime) even though it is in a test group.
        assert_eq!(find(&cat.packages, "rack-test").scope, Scope::Runtime);
        // Inline `group: :development`.
        assert_eq!(find(&cat.packages, "rubocop").scope, Scope::Dev);
        // `groups: [:development, :ci]`: :ci is not a dev group.
        assert_eq!(find(&cat.packages, "brakeman").scope, Scope::Runtime);
        // Not mentioned in the Gemfile but `gemspec` is there: a gemspec dev dependency.
        assert_eq!(find(&cat.packages, "rake").scope, Scope::Dev);
        assert_eq!(find(&cat.packages, "actionpack").scope, Scope::Runtime);
        assert_eq!(find(&cat.packages, "dry-types").scope, Scope::Runtime);
        // Inside `if`/`platforms do` blocks nested in a group.
        assert_eq!(find(&cat.packages, "debug").scope, Scope::Dev);
        // After the group closed.
        assert_eq!(find(&cat.packages, "puma").scope, Scope::Runtime);
        assert!(
            !cat.notes.iter().any(|n| n.message.contains("no Gemfile")),
            "{:?}",
            cat.notes
        );
    }

    #[test]
    fn without_gemfile_everything_is_runtime_with_a_note() {
        let cat = parse_text(parse, "Gemfile.lock", LOCK).unwrap();
        assert!(cat.packages.iter().all(|p| p.scope == Scope::Runtime));
        assert!(cat.notes.iter().any(|n| n.message.contains("no Gemfile")));
    }

    #[test]
    fn alternate_gem_remote_and_plugin_source() {
        let text = "GEM\n  remote: https://gems.contribsys.com/\n  specs:\n    sidekiq-pro (7.2.0)\n\n\
                    PLUGIN SOURCE\n  remote: https://example.com/plugin\n  type: custom\n  specs:\n    plug (1.0)\n\n\
                    GEM\n  remote: https://rubygems.org/\n  remote: https://other.example/\n  specs:\n    x (1.0)\n\n\
                    DEPENDENCIES\n  sidekiq-pro!\n";
        let cat = parse_text(parse, "Gemfile.lock", text).unwrap();
        assert_eq!(
            summary(&cat.packages),
            ["plug@1.0:10", "sidekiq-pro@7.2.0:4", "x@1.0:16"]
        );
        assert_eq!(
            find(&cat.packages, "sidekiq-pro").origin,
            Origin::AlternateRegistry("https://gems.contribsys.com/".into())
        );
        assert_eq!(
            find(&cat.packages, "plug").origin,
            Origin::AlternateRegistry("https://example.com/plugin".into())
        );
        assert_eq!(find(&cat.packages, "x").origin, Origin::Registry);
        assert!(
            cat.notes
                .iter()
                .any(|n| n.line == 12 && n.message.contains("several remotes"))
        );
        assert_eq!(find(&cat.packages, "sidekiq-pro").direct, Some(true));
    }

    #[test]
    fn unknown_sections_are_skipped_with_a_note() {
        let text = "GEM\n  remote: https://rubygems.org/\n  specs:\n    a (1.0)\n\nFUTURE SECTION\n  whatever\n";
        let cat = parse_text(parse, "Gemfile.lock", text).unwrap();
        assert_eq!(summary(&cat.packages), ["a@1.0:4"]);
        assert!(cat.notes.iter().any(|n| n.line == 6));
    }

    #[test]
    fn crlf_line_endings() {
        let text = LOCK.replace('\n', "\r\n");
        let cat = parse_text(parse, "Gemfile.lock", &text).unwrap();
        assert_eq!(
            summary(&cat.packages),
            summary(&parse_text(parse, "Gemfile.lock", LOCK).unwrap().packages)
        );
    }

    #[test]
    fn malformed_lockfiles_name_the_line() {
        let cases: &[(&str, u32)] = &[
            ("GEM\n  remote: https://rubygems.org/\n  specs:\n    rack\n", 4),
            ("GEM\n  remote: https://rubygems.org/\n    rack (1.0)\n", 3),
            ("GEM\n  specs:\n     rack (1.0)\n", 3),
            ("GEM\n  specs:\n<<<<<<< HEAD\n    rack (1.0)\n", 3),
            ("  rack (1.0)\n", 1),
            ("GEM\n  remote https://rubygems.org/\n", 2),
            ("GEM\n  specs:\n\track (1.0)\n", 3),
        ];
        for (text, line) in cases {
            let err = parse_text(parse, "Gemfile.lock", text).unwrap_err();
            assert_eq!(err.line, *line, "{text:?}: {err}");
        }
    }

    #[test]
    fn gemfile_reader_edge_cases() {
        let g = parse_gemfile(
            "source 'https://rubygems.org' # main\n\
             gem 'a' # group: :test\n\
             group :test do\n  gem \"b\", '~> 1' # comment\n  if ENV['X']\n    gem 'c'\n  end\n  gem 'd', group: :production\nend\n\
             gem 'e', :group => :test\n\
             gem 'f', groups: %i[development test]\n\
             gem(\"g\", group: [:development, \"test\"])\n",
        );
        let dev = |n: &str| g.mentions.get(n).map(|m| m.iter().all(|d| *d));
        assert_eq!(dev("a"), Some(false));
        assert_eq!(dev("b"), Some(true));
        assert_eq!(dev("c"), Some(true));
        assert_eq!(dev("d"), Some(false));
        assert_eq!(dev("e"), Some(true));
        assert_eq!(dev("f"), Some(true));
        assert_eq!(dev("g"), Some(true));
        assert!(!g.has_gemspec);
        // Unbalanced `end`s and deep nesting do not panic.
        let deep = "group :test do\n".repeat(1000) + &"end\n".repeat(1200);
        let _ = parse_gemfile(&deep);
    }

    #[test]
    fn truncated_input_never_panics() {
        for end in (0..=LOCK.len()).filter(|i| LOCK.is_char_boundary(*i)) {
            let _ = parse_text(parse, "Gemfile.lock", &LOCK[..end]);
        }
    }

    #[test]
    fn large_lockfile_parses_quickly() {
        let mut text = String::from("GEM\n  remote: https://rubygems.org/\n  specs:\n");
        for i in 0..20_000 {
            text.push_str(&format!("    gem{i} (1.{i}.0)\n      gem{} (>= 1)\n", i + 1));
        }
        text.push_str("\nDEPENDENCIES\n  gem0\n");
        let start = std::time::Instant::now();
        let cat = parse_text(parse, "Gemfile.lock", &text).unwrap();
        assert_eq!(cat.packages.len(), 20_000);
        assert!(start.elapsed().as_secs() < 2);
    }
}
