//! `go.mod` (Go modules), with the sibling `go.sum` for hashes.
//!
//! The file is read with the lexical rules of Go's own `modfile` parser:
//! whitespace-separated tokens, `//` comments, `"…"` and `` `…` `` quoted
//! tokens, and factored blocks (`require ( … )`) for every verb.
//!
//! What is reported:
//! - every `require` (single lines and blocks), versions kept verbatim
//!   (`v1.2.3`, `v2.0.0+incompatible`, pseudo-versions
//!   `v0.0.0-20210101000000-abcdef123456`); `// indirect` (or
//!   `// indirect; …`, as Go reads it) gives `direct = Some(false)`, anything
//!   else `Some(true)`. Since Go 1.17 `go.mod` lists every module the build
//!   needs; for an older (or missing) `go` line a note says indirect
//!   dependencies may be missing.
//! - one `stdlib` package for the Go standard library, written as the Go
//!   vulnerability database (and OSV's `Go` ecosystem) names it: module
//!   `stdlib`, version without `v` or `go` prefix (`1.22.1`). The version is
//!   the `toolchain` directive's when present, else the `go` directive's
//!   (property `go:directive` says which). Before Go 1.21 the `go` line is a
//!   language version, not a toolchain requirement, so with such a line and
//!   no `toolchain` the version is `Unresolved` rather than a guess. Either
//!   way it is a minimum: a newer local toolchain may build the module.
//! - `replace`: `old => new v1.2.3` reports what is built, the replacement
//!   module and version, with property `go:replaces` = the old path and the
//!   line of the `replace` directive (the line to edit). `old v1.0.0 => …`
//!   applies only when `old` is required at `v1.0.0`; a version-specific
//!   replacement wins over a wildcard one, as in Go. `old => ../dir` (a local
//!   directory) keeps the required module's name with an `Unresolved`
//!   version and a `Path` origin: the code is on disk, its version unknown
//!   (Trivy drops such modules; we keep them so vendored forks stay visible).
//!   Replacements of modules that are not required are ignored, as Go does.
//! - `exclude`d module versions are not listed (with a note: Go then builds
//!   the next version, which go.mod does not record); `retract`, `godebug`,
//!   `tool` and `ignore` are not about dependencies and are skipped.
//!
//! The module itself (`module` line) is not a package. go.mod records no
//! graph, so `depends_on` stays empty. When a sibling `go.sum` exists, the
//! `h1:` hash of each `module version` line (not the `/go.mod` lines) is
//! attached; required modules without one get a note.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use crate::inventory::{Catalog, Note, ParseError, Source};
use crate::model::{Ecosystem, Origin, Package, Version};

struct Token<'a> {
    text: Cow<'a, str>,
    column: u32,
}

struct LexedLine<'a> {
    tokens: Vec<Token<'a>>,
    comment: Option<&'a str>,
}

struct Require {
    path: String,
    version: String,
    indirect: bool,
    line: u32,
}

struct Replace {
    new_path: String,
    new_version: Option<String>,
    line: u32,
}

#[derive(Default)]
struct GoMod {
    module: Option<String>,
    go: Option<(String, u32)>,
    toolchain: Option<(String, u32)>,
    requires: Vec<Require>,
    /// `(old path, Some(old version))` for version-specific replacements,
    /// `(old path, None)` for the others; the last one written wins.
    replaces: HashMap<(String, Option<String>), Replace>,
    excludes: HashSet<(String, String)>,
}

pub fn parse(source: &Source) -> Result<Catalog, ParseError> {
    let mut notes = Vec::new();
    let file = read_go_mod(source.text, &mut notes)?;
    let mut packages = Vec::with_capacity(file.requires.len() + 1);

    let go_version = file.go.as_ref().map(|(v, _)| v.as_str());
    if let Some(stdlib) = stdlib_package(&file, &mut notes) {
        packages.push(stdlib);
    }
    match go_version.and_then(major_minor) {
        Some((1, minor)) if minor < 17 => notes.push(Note {
            line: file.go.as_ref().map_or(0, |(_, l)| *l),
            message: format!(
                "go {} predates Go 1.17: go.mod lists only some indirect dependencies; \
                 modules needed only indirectly may be missing",
                go_version.unwrap_or_default()
            ),
        }),
        None if !file.requires.is_empty() => notes.push(Note {
            line: 0,
            message: "no go directive (Go assumes 1.16): indirect dependencies may be missing from go.mod".into(),
        }),
        _ => {}
    }

    let mut seen_keys: HashMap<String, usize> = HashMap::new();
    let mut seen_paths: HashMap<&str, u32> = HashMap::new();
    for req in &file.requires {
        if let Some(first) = seen_paths.insert(&req.path, req.line) {
            notes.push(Note {
                line: req.line,
                message: format!(
                    "{} is required more than once (first on line {first}); Go builds the highest version",
                    req.path
                ),
            });
        }
        if file.excludes.contains(&(req.path.clone(), req.version.clone())) {
            notes.push(Note {
                line: req.line,
                message: format!(
                    "{} {} is excluded: Go builds the next available version, which go.mod does not record",
                    req.path, req.version
                ),
            });
            continue;
        }
        if file.module.as_deref() == Some(req.path.as_str()) {
            continue;
        }
        let pkg = package_for(req, &file);
        match seen_keys.get(&pkg.key) {
            // Two requirements replaced by the same module: one package.
            Some(&i) => {
                if let Some(existing) = packages.get_mut(i)
                    && pkg.direct == Some(true)
                {
                    existing.direct = Some(true);
                }
            }
            None => {
                seen_keys.insert(pkg.key.clone(), packages.len());
                packages.push(pkg);
            }
        }
    }

    // Before Go 1.17, go.mod may omit indirect modules; go.sum then names them.
    let incomplete_go_mod = match go_version.and_then(major_minor) {
        Some((1, minor)) => minor < 17,
        Some(_) => false,
        None => true,
    };
    attach_go_sum(source, &mut packages, &mut notes, incomplete_go_mod.then_some(file.module.as_deref()));
    Ok(Catalog { packages, notes })
}

fn package_for(req: &Require, file: &GoMod) -> Package {
    let replacement = file
        .replaces
        .get(&(req.path.clone(), Some(req.version.clone())))
        .or_else(|| file.replaces.get(&(req.path.clone(), None)));
    let mut pkg = match replacement {
        None => Package::pinned(Ecosystem::Go, req.path.as_str(), req.version.as_str(), req.line),
        Some(rep) if is_directory_path(&rep.new_path) => {
            let mut pkg = Package::new(
                Ecosystem::Go,
                req.path.as_str(),
                Version::Unresolved(format!("replaced by the local directory {}", rep.new_path)),
                rep.line,
            );
            pkg.origin = Origin::Path(rep.new_path.clone());
            pkg.properties.push(("go:required-version".into(), req.version.clone()));
            pkg
        }
        Some(rep) => {
            let version = rep.new_version.clone().unwrap_or_default();
            let mut pkg = Package::pinned(Ecosystem::Go, rep.new_path.as_str(), version, rep.line);
            pkg.properties.push(("go:replaces".into(), req.path.clone()));
            pkg
        }
    };
    pkg.direct = Some(!req.indirect);
    pkg
}

fn stdlib_package(file: &GoMod, notes: &mut Vec<Note>) -> Option<Package> {
    if let Some((toolchain, line)) = &file.toolchain {
        match toolchain
            .strip_prefix("go")
            .map(|v| v.split(['-', '+']).next().unwrap_or(v))
        {
            Some(v) if is_go_version(v) => {
                let mut pkg = Package::pinned(Ecosystem::Go, "stdlib", v, *line);
                pkg.properties.push(("go:directive".into(), "toolchain".into()));
                pkg.direct = Some(true);
                return Some(pkg);
            }
            _ => notes.push(Note {
                line: *line,
                message: format!(
                    "toolchain {toolchain} does not name a Go release; stdlib version taken from the go line"
                ),
            }),
        }
    }
    let (go, line) = file.go.as_ref()?;
    let version = match major_minor(go) {
        Some((1, minor)) if minor < 21 => Version::Unresolved(format!(
            "go {go} is a language version: before Go 1.21 it does not name the toolchain that builds the module"
        )),
        _ => Version::Pinned(go.clone()),
    };
    let mut pkg = Package::new(Ecosystem::Go, "stdlib", version, *line);
    pkg.properties.push(("go:directive".into(), "go".into()));
    pkg.direct = Some(true);
    Some(pkg)
}

/// `1.21`, `1.21.5`, `1.21rc1`, `1.22.0`: the forms Go accepts on its `go`
/// line and in toolchain names.
fn is_go_version(v: &str) -> bool {
    let num_end = v.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(v.len());
    let (nums, pre) = v.split_at(num_end);
    let parts: Vec<&str> = nums.split('.').collect();
    let numeric = (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && (p.len() == 1 || !p.starts_with('0')));
    let pre_ok = pre.is_empty() || {
        let letters = pre.trim_end_matches(|c: char| c.is_ascii_digit());
        !letters.is_empty()
            && letters.len() < pre.len()
            && letters.bytes().all(|b| b.is_ascii_lowercase())
            && parts.len() == 2
    };
    numeric && pre_ok
}

fn major_minor(v: &str) -> Option<(u32, u32)> {
    let mut parts = v.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor_text = parts.next()?;
    let digits_end = minor_text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(minor_text.len());
    let minor = minor_text.get(..digits_end)?.parse().ok()?;
    Some((major, minor))
}

/// Go's rule (`modfile.IsDirectoryPath`): rooted or starting with `./` or
/// `../` (either slash on Windows), or a drive letter.
fn is_directory_path(p: &str) -> bool {
    p == "."
        || p == ".."
        || p.starts_with("./")
        || p.starts_with("../")
        || p.starts_with(".\\")
        || p.starts_with("..\\")
        || p.starts_with('/')
        || p.starts_with('\\')
        || (p.len() >= 2 && p.as_bytes()[0].is_ascii_alphabetic() && p.as_bytes()[1] == b':')
}

fn read_go_mod(text: &str, notes: &mut Vec<Note>) -> Result<GoMod, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut file = GoMod::default();
    // The verb of the open block and the line it started on.
    let mut block: Option<(String, u32)> = None;
    for (idx, raw) in text.split('\n').enumerate() {
        let line = idx as u32 + 1;
        let lexed = lex_line(raw, line)?;
        let Some(first) = lexed.tokens.first() else { continue };
        if let Some((verb, _)) = &block {
            if first.text == ")" {
                if let Some(extra) = lexed.tokens.get(1) {
                    return Err(ParseError::new(line, extra.column, "unexpected token after ')'"));
                }
                block = None;
                continue;
            }
            if let Some(t) = lexed.tokens.iter().find(|t| t.text == "(" || t.text == ")") {
                return Err(ParseError::new(
                    line,
                    t.column,
                    format!("unexpected '{}' inside a {verb} block", t.text),
                ));
            }
            let verb = verb.clone();
            entry(
                &mut file,
                &verb,
                &lexed.tokens,
                lexed.comment,
                line,
                first.column,
                notes,
            )?;
            continue;
        }
        if first.text == "(" || first.text == ")" {
            return Err(ParseError::new(
                line,
                first.column,
                format!("unexpected '{}'", first.text),
            ));
        }
        let verb = first.text.to_string();
        let rest = lexed.tokens.get(1..).unwrap_or(&[]);
        match rest {
            [open] if open.text == "(" => {
                block = Some((verb, line));
                continue;
            }
            [open, close] if open.text == "(" && close.text == ")" => continue,
            _ => {}
        }
        if let Some(t) = rest.iter().find(|t| t.text == "(" || t.text == ")") {
            let message = if t.text == "(" {
                format!("'(' must end the line that opens a {verb} block")
            } else {
                "unexpected ')'".to_string()
            };
            return Err(ParseError::new(line, t.column, message));
        }
        entry(&mut file, &verb, rest, lexed.comment, line, first.column, notes)?;
    }
    if let Some((verb, line)) = block {
        return Err(ParseError::new(line, 1, format!("{verb} block is not closed with ')'")));
    }
    Ok(file)
}

/// One directive: `verb args…` on a line of its own or inside `verb ( … )`.
fn entry(
    file: &mut GoMod,
    verb: &str,
    args: &[Token],
    comment: Option<&str>,
    line: u32,
    column: u32,
    notes: &mut Vec<Note>,
) -> Result<(), ParseError> {
    let usage = |what: &str| ParseError::new(line, column, format!("usage: {what}"));
    let text = |i: usize| args.get(i).map(|t| t.text.to_string());
    match verb {
        "module" => {
            let [path] = args else {
                return Err(usage("module module/path"));
            };
            if file.module.is_some() {
                return Err(ParseError::new(line, column, "repeated module statement"));
            }
            file.module = Some(path.text.to_string());
        }
        "go" => {
            let [v] = args else { return Err(usage("go 1.23")) };
            if !is_go_version(&v.text) {
                return Err(ParseError::new(
                    line,
                    v.column,
                    format!("invalid go version '{}'", v.text),
                ));
            }
            if file.go.is_some() {
                return Err(ParseError::new(line, column, "repeated go statement"));
            }
            file.go = Some((v.text.to_string(), line));
        }
        "toolchain" => {
            let [t] = args else {
                return Err(usage("toolchain go1.23.4"));
            };
            file.toolchain = Some((t.text.to_string(), line));
        }
        "require" => {
            let (Some(path), Some(version), None) = (text(0), text(1), args.get(2)) else {
                return Err(usage("require module/path v1.2.3"));
            };
            file.requires.push(Require {
                path,
                version,
                indirect: is_indirect(comment),
                line,
            });
        }
        "exclude" => {
            let (Some(path), Some(version), None) = (text(0), text(1), args.get(2)) else {
                return Err(usage("exclude module/path v1.2.3"));
            };
            file.excludes.insert((path, version));
        }
        "replace" => {
            let usage_text = "replace module/path [v1.2.3] => other/module v1.4.5 | ../local/dir";
            let Some(arrow) = args.iter().position(|t| t.text == "=>") else {
                return Err(usage(usage_text));
            };
            let (left, right) = (&args[..arrow], &args[arrow + 1..]);
            let (old, old_version) = match left {
                [old] => (old.text.to_string(), None),
                [old, v] => (old.text.to_string(), Some(v.text.to_string())),
                _ => return Err(usage(usage_text)),
            };
            let (new_path, new_version) = match right {
                [new] if is_directory_path(&new.text) => (new.text.to_string(), None),
                [new] => {
                    return Err(ParseError::new(
                        line,
                        new.column,
                        format!(
                            "replacement module {} without version must be a directory path (./ or ../)",
                            new.text
                        ),
                    ));
                }
                [new, v] => (new.text.to_string(), Some(v.text.to_string())),
                _ => return Err(usage(usage_text)),
            };
            file.replaces.insert(
                (old, old_version),
                Replace {
                    new_path,
                    new_version,
                    line,
                },
            );
        }
        "retract" | "godebug" | "tool" | "ignore" => {}
        other => notes.push(Note {
            line,
            message: format!("unknown go.mod directive '{other}' skipped"),
        }),
    }
    Ok(())
}

/// Go's `modfile` rule: the trailing comment is `indirect` or starts with
/// `indirect;`.
fn is_indirect(comment: Option<&str>) -> bool {
    comment.is_some_and(|c| {
        let c = c.trim();
        c == "indirect" || c.starts_with("indirect;")
    })
}

fn lex_line(text: &str, line: u32) -> Result<LexedLine<'_>, ParseError> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut comment = None;
    let mut i = 0;
    // Character column of byte `i` (1-based); every delimiter is ASCII.
    let mut column = 1u32;
    let advance = |from: usize, to: usize, column: &mut u32| {
        *column += text.get(from..to).map_or(0, |s| s.chars().count() as u32);
    };
    while let Some(&b) = bytes.get(i) {
        match b {
            b' ' | b'\t' | b'\r' => {
                i += 1;
                column += 1;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                comment = text.get(i + 2..);
                break;
            }
            b'(' | b')' => {
                tokens.push(Token {
                    text: Cow::Borrowed(if b == b'(' { "(" } else { ")" }),
                    column,
                });
                i += 1;
                column += 1;
            }
            b'"' | b'`' => {
                let start = i;
                let mut j = i + 1;
                let mut escaped = false;
                let mut end = None;
                while let Some(&c) = bytes.get(j) {
                    if b == b'"' && c == b'\\' {
                        escaped = true;
                        j += 2;
                        continue;
                    }
                    if c == b {
                        end = Some(j);
                        break;
                    }
                    j += 1;
                }
                let Some(end) = end else {
                    return Err(ParseError::new(line, column, "unterminated quoted string"));
                };
                let inner = text.get(start + 1..end).unwrap_or("");
                let value = if escaped {
                    Cow::Owned(unescape(inner))
                } else {
                    Cow::Borrowed(inner)
                };
                tokens.push(Token { text: value, column });
                advance(start, end + 1, &mut column);
                i = end + 1;
            }
            _ => {
                let start = i;
                while let Some(&c) = bytes.get(i) {
                    if matches!(c, b' ' | b'\t' | b'\r' | b'(' | b')' | b'"' | b'`')
                        || (c == b'/' && bytes.get(i + 1) == Some(&b'/'))
                    {
                        break;
                    }
                    i += 1;
                }
                tokens.push(Token {
                    text: Cow::Borrowed(text.get(start..i).unwrap_or("")),
                    column,
                });
                advance(start, i, &mut column);
            }
        }
    }
    Ok(LexedLine { tokens, comment })
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// Adds `h1:` hashes from the sibling `go.sum`, and notes the modules it
/// lacks. With `supplement_for: Some(main module)` (a go.mod older than Go
/// 1.17, which may omit indirect modules) the modules go.sum has a content
/// hash for but go.mod does not name are added as indirect dependencies, at
/// the highest version go.sum lists (what minimal version selection picks
/// among them), declared on their go.sum line.
fn attach_go_sum(source: &Source, packages: &mut Vec<Package>, notes: &mut Vec<Note>, supplement_for: Option<Option<&str>>) {
    let wants_hash = |p: &Package| p.name != "stdlib" && matches!(p.version, Version::Pinned(_));
    if !packages.iter().any(wants_hash) && supplement_for.is_none() {
        return;
    }
    let path = source.path.parent().map(|d| d.join("go.sum"));
    let text = match path.map(std::fs::read_to_string) {
        Some(Ok(text)) => text,
        Some(Err(e)) if e.kind() != std::io::ErrorKind::NotFound => {
            notes.push(Note {
                line: 0,
                message: format!("go.sum could not be read ({e}): module hashes not reported"),
            });
            return;
        }
        _ => {
            notes.push(Note {
                line: 0,
                message: "no go.sum beside go.mod: module hashes not reported".into(),
            });
            return;
        }
    };
    let sums = parse_go_sum(&text, notes);
    for pkg in packages.iter_mut().filter(|p| wants_hash(p)) {
        let Some(version) = pkg.version.pinned() else { continue };
        match sums.get(&(pkg.name.as_str(), version)) {
            Some((hashes, _)) => pkg.hashes.extend(hashes.iter().map(|h| h.to_string())),
            None => notes.push(Note {
                line: pkg.line,
                message: format!("{} {version} has no hash in go.sum", pkg.name),
            }),
        }
    }
    let Some(main_module) = supplement_for else { return };
    let named: std::collections::HashSet<&str> = packages.iter().map(|p| p.name.as_str()).collect();
    let mut highest: std::collections::BTreeMap<&str, (&str, &Vec<&str>, u32)> = std::collections::BTreeMap::new();
    for ((module, version), (hashes, line)) in &sums {
        if named.contains(module) || Some(*module) == main_module {
            continue;
        }
        let e = highest.entry(module).or_insert((version, hashes, *line));
        if go_version_cmp(version, e.0).is_gt() {
            *e = (version, hashes, *line);
        }
    }
    let go_sum_display = match source.display.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/go.sum"),
        None => "go.sum".to_string(),
    };
    let added = highest.len();
    for (module, (version, hashes, line)) in highest {
        let mut pkg = Package::pinned(crate::model::Ecosystem::Go, module, version, line);
        pkg.file = Some(go_sum_display.clone());
        pkg.direct = Some(false);
        pkg.hashes = hashes.iter().map(|h| h.to_string()).collect();
        pkg.properties.push(("go:from-go.sum".into(), "true".into()));
        packages.push(pkg);
    }
    if added > 0 {
        notes.push(Note {
            line: 0,
            message: format!("{added} module(s) that go.mod does not name were taken from go.sum (go.mod predates Go 1.17)"),
        });
    }
}

/// Orders Go module versions (`vMAJOR.MINOR.PATCH[-pre][+build]`, pseudo-
/// versions included): numeric core, then a release above its
/// pre-releases, pre-releases by SemVer identifier rules.
fn go_version_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    fn split(v: &str) -> (Vec<u64>, Option<&str>) {
        let v = v.trim_start_matches('v');
        let v = v.split('+').next().unwrap_or(v);
        let (core, pre) = match v.split_once('-') {
            Some((c, p)) => (c, Some(p)),
            None => (v, None),
        };
        (core.split('.').map(|n| n.parse().unwrap_or(0)).collect(), pre)
    }
    let (ca, pa) = split(a);
    let (cb, pb) = split(b);
    ca.cmp(&cb).then_with(|| match (pa, pb) {
        (None, None) => std::cmp::Ordering::Equal,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (Some(_), None) => std::cmp::Ordering::Less,
        (Some(x), Some(y)) => {
            let mut xs = x.split('.');
            let mut ys = y.split('.');
            loop {
                match (xs.next(), ys.next()) {
                    (None, None) => return std::cmp::Ordering::Equal,
                    (None, Some(_)) => return std::cmp::Ordering::Less,
                    (Some(_), None) => return std::cmp::Ordering::Greater,
                    (Some(p), Some(q)) => {
                        let ord = match (p.parse::<u64>(), q.parse::<u64>()) {
                            (Ok(m), Ok(n)) => m.cmp(&n),
                            (Ok(_), Err(_)) => std::cmp::Ordering::Less,
                            (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
                            (Err(_), Err(_)) => p.cmp(q),
                        };
                        if ord.is_ne() {
                            return ord;
                        }
                    }
                }
            }
        }
    })
}

/// `(module, version)` → hashes of the module zip and the line of the first
/// one (`/go.mod` lines skipped).
type GoSum<'a> = HashMap<(&'a str, &'a str), (Vec<&'a str>, u32)>;

fn parse_go_sum<'a>(text: &'a str, notes: &mut Vec<Note>) -> GoSum<'a> {
    let mut sums: GoSum = HashMap::new();
    let mut malformed = 0;
    for (number, line) in (1u32..).zip(text.lines()) {
        let mut fields = line.split_whitespace();
        let (Some(module), Some(version), Some(hash), None) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            if !line.trim().is_empty() {
                malformed += 1;
            }
            continue;
        };
        if version.ends_with("/go.mod") {
            continue;
        }
        let (entry, _) = sums.entry((module, version)).or_insert_with(|| (Vec::new(), number));
        if !entry.contains(&hash) {
            entry.push(hash);
        }
    }
    if malformed > 0 {
        notes.push(Note {
            line: 0,
            message: format!("go.sum: {malformed} malformed line(s) ignored"),
        });
    }
    sums
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::testing::{find, parse_text, summary};

    const FIXTURE: &str = include_str!("../../../tests/fixtures/inventory/go/service/go.mod");

    fn parse_str(text: &str) -> Catalog {
        parse_text(parse, "go.mod", text).unwrap()
    }

    #[test]
    fn requires_in_lines_and_blocks_with_indirect_comments() {
        let cat = parse_str(FIXTURE);
        let s = summary(&cat.packages);
        assert!(s.contains(&"github.com/google/uuid@v1.6.0:9".to_string()), "{s:?}");
        assert!(s.contains(&"golang.org/x/sync@v0.7.0:13".to_string()), "{s:?}");
        assert!(s.contains(&"github.com/pkg/errors@v0.9.1:14".to_string()), "{s:?}");
        let uuid = find(&cat.packages, "github.com/google/uuid");
        assert_eq!(uuid.direct, Some(true));
        assert_eq!(find(&cat.packages, "github.com/davecgh/go-spew").direct, Some(false));
        // `// indirect; keep` is still indirect; `// not indirect` is not.
        assert_eq!(find(&cat.packages, "github.com/pmezard/go-difflib").direct, Some(false));
        assert_eq!(find(&cat.packages, "gopkg.in/yaml.v3").direct, Some(true));
        // The module itself is not a package.
        assert!(cat.packages.iter().all(|p| p.name != "example.com/acme/service"));
        assert!(cat.packages.iter().all(|p| p.depends_on.is_empty()));
    }

    #[test]
    fn pseudo_versions_incompatible_and_quoted_paths_are_kept_verbatim() {
        let cat = parse_str(FIXTURE);
        let pseudo = find(&cat.packages, "golang.org/x/crypto");
        assert_eq!(
            pseudo.version,
            Version::Pinned("v0.0.0-20210921155107-089bfa567519".into())
        );
        assert_eq!(pseudo.line, 17);
        let inc = find(&cat.packages, "github.com/docker/docker");
        assert_eq!(inc.version, Version::Pinned("v24.0.9+incompatible".into()));
        assert_eq!(
            inc.purl().to_string(),
            "pkg:golang/github.com/docker/docker@v24.0.9%2Bincompatible"
        );
        let quoted = find(&cat.packages, "example.com/quoted/mod");
        assert_eq!((quoted.version.pinned(), quoted.line), (Some("v1.0.0"), 19));
    }

    #[test]
    fn stdlib_from_toolchain_directive() {
        let cat = parse_str(FIXTURE);
        let std = find(&cat.packages, "stdlib");
        assert_eq!(std.version, Version::Pinned("1.22.1".into()));
        assert_eq!(std.line, 5);
        assert_eq!(std.property("go:directive"), Some("toolchain"));
        assert_eq!(std.purl().to_string(), "pkg:golang/stdlib@1.22.1");
    }

    #[test]
    fn stdlib_from_go_directive_with_and_without_patch() {
        let cat = parse_str("module m\n\ngo 1.21.5\n");
        let std = find(&cat.packages, "stdlib");
        assert_eq!((std.version.pinned(), std.line), (Some("1.21.5"), 3));
        assert_eq!(std.property("go:directive"), Some("go"));
        let cat = parse_str("module m\ngo 1.21\n");
        assert_eq!(find(&cat.packages, "stdlib").version, Version::Pinned("1.21".into()));
        let cat = parse_str("module m\ngo 1.22rc1\n");
        assert_eq!(find(&cat.packages, "stdlib").version, Version::Pinned("1.22rc1".into()));
    }

    #[test]
    fn stdlib_before_go_1_21_is_unresolved_and_old_go_lines_get_a_note() {
        let cat = parse_str("module m\n\ngo 1.16\n\nrequire example.com/a v1.0.0\n");
        let std = find(&cat.packages, "stdlib");
        assert!(
            matches!(&std.version, Version::Unresolved(r) if r.contains("1.16")),
            "{:?}",
            std.version
        );
        assert_eq!(std.line, 3);
        assert!(
            cat.notes.iter().any(|n| n.line == 3 && n.message.contains("1.17")),
            "{:?}",
            cat.notes
        );
        // A toolchain line still pins it.
        let cat = parse_str("module m\ngo 1.20\ntoolchain go1.21.3\n");
        assert_eq!(find(&cat.packages, "stdlib").version, Version::Pinned("1.21.3".into()));
    }

    #[test]
    fn missing_go_directive_gives_no_stdlib_and_a_note() {
        let cat = parse_str("module m\nrequire example.com/a v1.0.0\n");
        assert_eq!(summary(&cat.packages), ["example.com/a@v1.0.0:2"]);
        assert!(
            cat.notes.iter().any(|n| n.message.contains("no go directive")),
            "{:?}",
            cat.notes
        );
    }

    #[test]
    fn toolchain_that_is_not_a_release_falls_back_to_go_line() {
        let cat = parse_str("module m\ngo 1.22.0\ntoolchain default\n");
        let std = find(&cat.packages, "stdlib");
        assert_eq!((std.version.pinned(), std.line), (Some("1.22.0"), 2));
        assert!(cat.notes.iter().any(|n| n.line == 3), "{:?}", cat.notes);
        // Custom toolchain suffixes are dropped.
        let cat = parse_str("module m\ngo 1.22.0\ntoolchain go1.22.4-corp\n");
        assert_eq!(find(&cat.packages, "stdlib").version, Version::Pinned("1.22.4".into()));
    }

    #[test]
    fn replace_with_module_reports_the_replacement() {
        let cat = parse_str(FIXTURE);
        // `github.com/sirupsen/logrus => github.com/acme/logrus v1.9.4-acme.1` (block, line 33)
        let fork = find(&cat.packages, "github.com/acme/logrus");
        assert_eq!(fork.version, Version::Pinned("v1.9.4-acme.1".into()));
        assert_eq!(fork.line, 33);
        assert_eq!(fork.property("go:replaces"), Some("github.com/sirupsen/logrus"));
        assert_eq!(fork.direct, Some(true));
        assert!(cat.packages.iter().all(|p| p.name != "github.com/sirupsen/logrus"));
        // Same path, new version (single-line replace).
        let net = find(&cat.packages, "golang.org/x/net");
        assert_eq!((net.version.pinned(), net.line), (Some("v0.23.0"), 29));
        assert_eq!(net.property("go:replaces"), Some("golang.org/x/net"));
        assert_eq!(net.direct, Some(false));
    }

    #[test]
    fn version_specific_replace_applies_only_to_that_version() {
        let text = "module m\ngo 1.22.0\nrequire (\n\ta.com/x v1.0.0\n\tb.com/y v2.0.0\n)\n\
                    replace a.com/x v1.0.0 => a.com/x v1.0.1\n\
                    replace b.com/y v1.9.9 => b.com/y v2.5.0\n\
                    replace a.com/x => a.com/x v9.9.9\n";
        let cat = parse_str(text);
        let s = summary(&cat.packages);
        assert!(s.contains(&"a.com/x@v1.0.1:7".to_string()), "{s:?}");
        assert!(s.contains(&"b.com/y@v2.0.0:5".to_string()), "{s:?}");
    }

    #[test]
    fn local_directory_replace_keeps_name_with_unresolved_version() {
        let cat = parse_str(FIXTURE);
        let local = find(&cat.packages, "example.com/acme/shared");
        assert!(matches!(&local.version, Version::Unresolved(r) if r.contains("../shared")));
        assert_eq!(local.origin, Origin::Path("../shared".into()));
        assert_eq!(local.line, 34);
        assert_eq!(
            local.property("go:required-version"),
            Some("v0.0.0-00010101000000-000000000000")
        );
    }

    #[test]
    fn excluded_versions_are_not_listed() {
        let text = "module m\ngo 1.22.0\nrequire a.com/x v1.0.0\nrequire a.com/y v1.0.0\nexclude (\n\ta.com/x v1.0.0\n\ta.com/y v0.9.0\n)\n";
        let cat = parse_str(text);
        assert_eq!(summary(&cat.packages), ["a.com/y@v1.0.0:4", "stdlib@1.22.0:2"]);
        assert!(
            cat.notes.iter().any(|n| n.line == 3 && n.message.contains("excluded")),
            "{:?}",
            cat.notes
        );
    }

    #[test]
    fn retract_godebug_tool_blocks_and_comments_are_ignored() {
        let cat = parse_str(FIXTURE);
        let names: Vec<&str> = cat.packages.iter().map(|p| p.name.as_str()).collect();
        assert!(!names.iter().any(|n| n.starts_with("v1.")), "{names:?}");
        assert!(!names.contains(&"golang.org/x/tools/cmd/stringer"), "{names:?}");
        assert_eq!(cat.packages.len(), 15, "{:?}", summary(&cat.packages));
    }

    #[test]
    fn go_sum_hashes_are_attached_and_missing_ones_noted() {
        let dir = tempfile::tempdir().unwrap();
        let go_mod = dir.path().join("go.mod");
        let text =
            "module m\n\ngo 1.22.0\n\nrequire (\n\tgithub.com/a/b v1.2.3\n\tgithub.com/c/d v0.1.0 // indirect\n)\n";
        std::fs::write(&go_mod, text).unwrap();
        std::fs::write(
            dir.path().join("go.sum"),
            "github.com/a/b v1.2.3 h1:abcDEF123+/=\ngithub.com/a/b v1.2.3/go.mod h1:gomodhash=\ngithub.com/c/d v0.1.0/go.mod h1:x=\n",
        )
        .unwrap();
        let source = Source {
            text,
            path: &go_mod,
            display: "go.mod",
            allow_cargo: false,
        };
        let cat = parse(&source).unwrap();
        assert_eq!(find(&cat.packages, "github.com/a/b").hashes, ["h1:abcDEF123+/="]);
        assert!(find(&cat.packages, "github.com/c/d").hashes.is_empty());
        assert!(find(&cat.packages, "stdlib").hashes.is_empty());
        assert!(
            cat.notes.iter().any(|n| n.line == 7 && n.message.contains("go.sum")),
            "{:?}",
            cat.notes
        );
        assert!(!cat.notes.iter().any(|n| n.line == 6), "{:?}", cat.notes);
    }

    #[test]
    fn fixture_with_go_sum_on_disk() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/inventory/go/service/go.mod");
        let source = Source {
            text: FIXTURE,
            path: &path,
            display: "go.mod",
            allow_cargo: false,
        };
        let cat = parse(&source).unwrap();
        let uuid = find(&cat.packages, "github.com/google/uuid");
        assert_eq!(uuid.hashes, ["h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0="]);
        // The replacement's hash, not the replaced module's.
        assert_eq!(find(&cat.packages, "github.com/acme/logrus").hashes.len(), 1);
        assert!(
            !cat.notes.iter().any(|n| n.message.contains("no go.sum")),
            "{:?}",
            cat.notes
        );
    }

    #[test]
    fn before_go_1_17_go_sum_supplies_the_missing_indirect_modules() {
        let dir = tempfile::tempdir().unwrap();
        let go_mod = "module example.com/app\n\ngo 1.15\n\nrequire github.com/a/b v1.2.0\n";
        std::fs::write(dir.path().join("go.mod"), go_mod).unwrap();
        std::fs::write(
            dir.path().join("go.sum"),
            "github.com/a/b v1.2.0 h1:aaa=\n\
             github.com/a/b v1.2.0/go.mod h1:bbb=\n\
             github.com/c/d v0.9.0 h1:ccc=\n\
             github.com/c/d v0.10.0 h1:ddd=\n\
             github.com/c/d v0.10.0-rc.1 h1:eee=\n\
             github.com/only/gomod v1.0.0/go.mod h1:fff=\n",
        )
        .unwrap();
        let path = dir.path().join("go.mod");
        let source = Source { text: go_mod, path: &path, display: "svc/go.mod", allow_cargo: false };
        let cat = parse(&source).unwrap();
        let modules: Vec<String> = summary(&cat.packages).into_iter().filter(|p| !p.starts_with("stdlib@")).collect();
        assert_eq!(modules, ["github.com/a/b@v1.2.0:5", "github.com/c/d@v0.10.0:4"], "the highest go.sum version, on its go.sum line");
        let cd = find(&cat.packages, "github.com/c/d");
        assert_eq!(cd.file.as_deref(), Some("svc/go.sum"));
        assert_eq!((cd.direct, cd.hashes.as_slice()), (Some(false), ["h1:ddd=".to_string()].as_slice()));
        assert!(!cat.packages.iter().any(|p| p.name == "github.com/only/gomod"), "go.mod-only hashes are not builds");

        // From Go 1.17 on, go.mod is complete: go.sum adds nothing.
        let go_mod = go_mod.replace("go 1.15", "go 1.17");
        std::fs::write(&path, &go_mod).unwrap();
        let source = Source { text: &go_mod, path: &path, display: "svc/go.mod", allow_cargo: false };
        assert!(!parse(&source).unwrap().packages.iter().any(|p| p.name == "github.com/c/d"));
    }

    #[test]
    fn go_versions_order_like_semver_with_pseudo_versions() {
        use std::cmp::Ordering::*;
        assert_eq!(go_version_cmp("v0.10.0", "v0.9.0"), Greater);
        assert_eq!(go_version_cmp("v1.0.0", "v1.0.0-rc.1"), Greater);
        assert_eq!(go_version_cmp("v0.0.0-20200101000000-aaaaaaaaaaaa", "v0.0.0-20191231000000-bbbbbbbbbbbb"), Greater);
        assert_eq!(go_version_cmp("v2.0.0+incompatible", "v2.0.0"), Equal);
    }

    #[test]
    fn duplicate_requirements_are_noted() {
        let cat = parse_str("module m\ngo 1.22.0\nrequire a.com/x v1.0.0\nrequire a.com/x v1.1.0\n");
        assert_eq!(
            summary(&cat.packages),
            ["a.com/x@v1.0.0:3", "a.com/x@v1.1.0:4", "stdlib@1.22.0:2"]
        );
        assert!(
            cat.notes
                .iter()
                .any(|n| n.line == 4 && n.message.contains("more than once"))
        );
    }

    #[test]
    fn unknown_directives_are_noted_not_fatal() {
        let cat = parse_str("module m\ngo 1.22.0\nfrobnicate x\n");
        assert!(
            cat.notes
                .iter()
                .any(|n| n.line == 3 && n.message.contains("frobnicate"))
        );
    }

    #[test]
    fn malformed_go_mod_names_the_line() {
        let cases: &[(&str, u32)] = &[
            ("module m\n\nrequire example.com/a\n", 3),
            ("module m\nrequire (\n\ta.com/x v1.0.0\n", 2),
            ("module m\nrequire (\n\ta.com/x v1.0.0\n\t(\n)\n", 4),
            ("module m\ngo one.two\n", 2),
            ("module m\nreplace a.com/x => b.com/y\n", 2),
            ("module m\nreplace a.com/x b.com/y v1\n", 2),
            ("module m\nrequire \"a.com/x v1.0.0\n", 2),
            ("module m\n)\n", 2),
            ("module m\nrequire ( a.com/x v1.0.0\n)\n", 2),
            ("module m\nmodule n\n", 2),
        ];
        for (text, line) in cases {
            let err = parse_text(parse, "go.mod", text).unwrap_err();
            assert_eq!(err.line, *line, "{text:?}: {err}");
        }
        let err = parse_text(parse, "go.mod", "module m\ngo 1.22\nrequire a.com/x\n").unwrap_err();
        assert_eq!((err.line, err.column), (3, 1), "{err}");
    }

    #[test]
    fn lexer_handles_quotes_escapes_and_comment_boundaries() {
        let cat = parse_str(
            "module m\ngo 1.22.0\nrequire `a.com/raw` v1.0.0//indirect\nrequire \"a.com/\\x\" v1.0.0 // ok\n",
        );
        let raw = find(&cat.packages, "a.com/raw");
        assert_eq!((raw.version.pinned(), raw.direct), (Some("v1.0.0"), Some(false)));
        assert_eq!(find(&cat.packages, "a.com/x").line, 4);
    }

    #[test]
    fn truncated_input_never_panics() {
        for end in (0..=FIXTURE.len()).filter(|i| FIXTURE.is_char_boundary(*i)) {
            let _ = parse_text(parse, "go.mod", &FIXTURE[..end]);
        }
    }

    #[test]
    fn large_go_mod_parses_quickly() {
        let mut text = String::from("module m\n\ngo 1.22.0\n\nrequire (\n");
        for i in 0..20_000 {
            text.push_str(&format!("\tgithub.com/org{i}/module{i} v1.{i}.0 // indirect\n"));
        }
        text.push_str(")\n");
        let start = std::time::Instant::now();
        let cat = parse_str(&text);
        assert_eq!(cat.packages.len(), 20_001);
        assert!(start.elapsed().as_secs() < 2);
    }
}
