//! `requirements*.txt`, pip's requirements-file format (also what
//! `pip-compile`, `pip freeze` and `uv pip compile` write).
//!
//! Lines are read as pip reads them: physical lines ending in `\` are joined
//! (the package's line is the FIRST physical line of the logical line; a
//! whole-line comment ends a continuation), `#` starts a comment at the start
//! of a line or after whitespace (so `#egg=` fragments survive), then the
//! tokens before the first `-option` are the requirement and the rest are its
//! options (`--hash=sha256:…` is kept as a hash).
//!
//! What each line becomes:
//! - `name[extras]==1.2.3 ; marker` (also `===`): a pinned package; extras are
//!   the property `pypi:extras` (comma-separated), the marker `pypi:marker`
//!   (kept, never evaluated: the package is listed on every platform).
//! - Any other specifier (`>=2`, `~=4.2`, `==1.*`) or none: `Version::Unpinned`
//!   with the specifier text as written, or `*` when there is none; a version
//!   is never guessed.
//! - `name @ url` direct references: `Origin::Git` for `git+…@rev` URLs (other
//!   VCS schemes and archive URLs: `Origin::Url`; `file:` URLs: `Origin::Path`).
//!   The version is pinned when the URL names a wheel or sdist of that project
//!   (`name-1.0-py3-none-any.whl`), otherwise unpinned with `@ url` as text.
//! - Bare URLs / VCS URLs need a `#egg=name` to be listed (a note otherwise);
//!   a local archive path (`./dist/x-1.0.whl`) is a `Origin::Path` package.
//! - `-e`/`--editable`: VCS or archive URLs as above (property
//!   `pypi:editable`); local paths (`-e .`, `-e ./lib`) and bare local
//!   directories are the project's own code and are not listed.
//! - `-r file` / `--requirement file` include another requirements file,
//!   `-c file` / `--constraint file` a constraints file; both are resolved
//!   relative to the including file's directory and read from disk. A file is
//!   read once however often it is included; an include cycle, a missing or
//!   unreadable file, a remote (`https://`) include and includes deeper than
//!   16 levels are notes; so is an include outside the scanned directory
//!   (after resolving symlinks), which is not read: a requirements file in a
//!   pull request must not make the scanner read `/proc/self/environ` or
//!   `~/.netrc` into a report. Packages from an included file carry
//!   `file: Some(path)`, the path relative to the scan root (the including
//!   file's directory joined with the include, `a/../b` folded to `b`); notes
//!   about an included file sit on the line of the top-level `-r` that led to
//!   it and name the file and line themselves.
//! - Constraint files add no package: an exact `==` pin there only applies to
//!   a package required elsewhere without a pin, which then becomes pinned to
//!   the constraint's version (property `pypi:constraint` = `file:line`), as
//!   pip would install it; a constraint contradicting a pin is a note.
//! - Every other option (`-i`, `--index-url`, `--extra-index-url`, `-f`,
//!   `--trusted-host`, `--pre`, `--require-hashes`, …) is ignored.
//! - `${VAR}` references are left as written.
//!
//! Every package is direct (`direct: Some(true)`): a requirements file lists
//! what pip is told to install, and pip-compile output has no reliable direct
//! marker. Scope is Dev when the file declaring the package has a file name
//! with a word (split at `-`, `_`, `.`) starting with `dev` or `test`
//! (`requirements-dev.txt`, `test-requirements.txt`, `requirements/tests.txt`,
//! `requirements_development.txt`); otherwise Runtime.
//!
//! Duplicates of one project (names compared after PEP 503 normalisation)
//! collapse as pip merges them: the same version (or two unpinned specifiers)
//! keeps the first line; a pin wins over an unpinned requirement; two
//! different pins are both listed, with a note (pip itself would refuse them).
//! The scope of a collapsed package is the strongest of its declarations.
//!
//! An invalid requirement line in the scanned file is a `ParseError` (pip
//! refuses the whole file); in an included file it is a note and the line is
//! skipped, since the error is not in the file being parsed.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use crate::inventory::{Catalog, Note, ParseError, Source};
use crate::model::{Ecosystem, Origin, Package, Scope, Version};

use super::common::{dist_filename, egg_name, is_archive, normalize, vcs_origin};
use super::pep508::{self, exact_pin, Spec};

/// Deepest chain of `-r` includes followed.
const MAX_DEPTH: usize = 16;
/// Most files read for one scanned file.
const MAX_FILES: usize = 1000;
/// Largest included file read.
const MAX_INCLUDE_BYTES: u64 = 64 * 1024 * 1024;

pub fn parse(source: &Source) -> Result<Catalog, ParseError> {
    let mut w = Walker {
        root: scan_root(source.path, source.display),
        ..Walker::default()
    };
    let key = file_key(source.path);
    w.visited.insert(key.clone());
    w.stack.push(key);
    let top = File {
        text: source.text,
        path: source.path,
        display: source.display,
        top: true,
        constraint: false,
        depth: 0,
        include_line: 0,
    };
    w.read(&top)?;
    w.apply_constraints();
    Ok(Catalog {
        packages: w.packages,
        notes: w.notes,
    })
}

#[derive(Default)]
struct Walker {
    packages: Vec<Package>,
    /// Normalised name → indices in `packages` (several only for conflicting pins).
    by_name: HashMap<String, Vec<usize>>,
    constraints: Vec<Constraint>,
    notes: Vec<Note>,
    /// Every file read so far (canonical paths).
    visited: HashSet<PathBuf>,
    /// Includes are only read inside this directory (canonical), see [`scan_root`].
    root: Option<PathBuf>,
    /// The chain of files being read, to tell a cycle from a repeat.
    stack: Vec<PathBuf>,
    files: usize,
}

/// An exact pin from a constraints file.
struct Constraint {
    name: String,
    version: String,
    /// `file:line` of the constraint.
    at: String,
    /// Line for notes about it (in the scanned file).
    note_line: u32,
}

/// One requirements file being read.
struct File<'a> {
    text: &'a str,
    path: &'a Path,
    display: &'a str,
    /// The scanned file itself (not an include).
    top: bool,
    /// Read as a constraints file (`-c`).
    constraint: bool,
    depth: usize,
    /// Line of the top-level `-r`/`-c` that led to this file.
    include_line: u32,
}

impl File<'_> {
    fn note_line(&self, line: u32) -> u32 {
        if self.top { line } else { self.include_line }
    }
}

impl Walker {
    fn note(&mut self, line: u32, message: String) {
        self.notes.push(Note { line, message });
    }

    /// A bad line: fatal in the scanned file, a note in an included one.
    fn bad_line(&mut self, f: &File, line: u32, column: u32, message: String) -> Result<(), ParseError> {
        if f.top {
            return Err(ParseError::new(line, column, message));
        }
        self.note(f.include_line, format!("{}:{line}: {message}; line skipped", f.display));
        Ok(())
    }

    fn read(&mut self, f: &File) -> Result<(), ParseError> {
        let scope = scope_for(f.display);
        for (line, logical) in logical_lines(f.text) {
            let content = strip_comment(&logical);
            let indent = content.len() - content.trim_start().len();
            let content = content.trim();
            if content.is_empty() {
                continue;
            }
            let tokens: Vec<&str> = content.split_whitespace().collect();
            let n_args = tokens.iter().position(|t| t.starts_with('-')).unwrap_or(tokens.len());
            if n_args == 0 {
                self.option_line(f, line, &tokens)?;
                continue;
            }
            let requirement = tokens[..n_args].join(" ");
            let hashes = hash_options(&tokens[n_args..]);
            self.requirement(f, line, indent, &requirement, hashes, scope, false)?;
        }
        Ok(())
    }

    fn option_line(&mut self, f: &File, line: u32, tokens: &[&str]) -> Result<(), ParseError> {
        let Some(first) = tokens.first() else { return Ok(()) };
        let (option, inline) = split_option(first);
        let value = inline.or_else(|| tokens.get(1).copied());
        match option {
            "-r" | "--requirement" => self.include(f, line, option, value, f.constraint),
            "-c" | "--constraint" => self.include(f, line, option, value, true),
            "-e" | "--editable" => match value {
                Some(v) => self.requirement(f, line, 0, v, Vec::new(), scope_for(f.display), true),
                None => self.bad_line(f, line, 1, format!("{option} needs a path or URL")),
            },
            _ => Ok(()),
        }
    }

    fn include(&mut self, f: &File, line: u32, option: &str, value: Option<&str>, constraint: bool) -> Result<(), ParseError> {
        let at = format!("{}:{line}", f.display);
        let note_line = f.note_line(line);
        let Some(value) = value else {
            return self.bad_line(f, line, 1, format!("{option} needs a file name"));
        };
        if value.contains("://") {
            self.note(note_line, format!("{option} {value} at {at}: remote files are not fetched; its packages are not listed"));
            return Ok(());
        }
        let disk = f.path.parent().unwrap_or(Path::new("")).join(value);
        let display = join_display(f.display, value);
        let key = file_key(&disk);
        if self.stack.contains(&key) {
            self.note(note_line, format!("{option} {value} at {at} includes {display} again (an include cycle); it is read once"));
            return Ok(());
        }
        if self.visited.contains(&key) {
            return Ok(());
        }
        if let Some(root) = &self.root
            && !key.starts_with(root)
        {
            self.note(note_line, format!("{option} {value} at {at}: {display} is outside the scanned directory; not read"));
            return Ok(());
        }
        if f.depth + 1 > MAX_DEPTH || self.files >= MAX_FILES {
            self.note(note_line, format!("{option} {value} at {at}: includes nested too deeply or too many files; not read"));
            return Ok(());
        }
        let text = match read_text(&disk) {
            Ok(t) => t,
            Err(e) => {
                self.note(note_line, format!("cannot read {display} (included by {option} at {at}): {e}; its packages are not listed"));
                return Ok(());
            }
        };
        self.visited.insert(key.clone());
        self.stack.push(key);
        self.files += 1;
        let child = File {
            text: &text,
            path: &disk,
            display: &display,
            top: false,
            constraint,
            depth: f.depth + 1,
            include_line: note_line,
        };
        let result = self.read(&child);
        self.stack.pop();
        result
    }

    #[allow(clippy::too_many_arguments)]
    fn requirement(
        &mut self,
        f: &File,
        line: u32,
        indent: usize,
        text: &str,
        hashes: Vec<String>,
        scope: Scope,
        editable: bool,
    ) -> Result<(), ParseError> {
        let first = text.split_whitespace().next().unwrap_or(text);
        let lower = first.to_ascii_lowercase();
        let make = |name: &str, version: Version, origin: Origin| {
            let mut p = Package::new(Ecosystem::PyPI, name, version, line);
            p.file = (!f.top).then(|| f.display.to_string());
            p.scope = scope;
            p.direct = Some(true);
            p.origin = origin;
            p.hashes = hashes.clone();
            if editable {
                p.properties.push(("pypi:editable".into(), "true".into()));
            }
            p
        };

        let is_vcs = ["git+", "hg+", "svn+", "bzr+"].iter().any(|p| lower.starts_with(p));
        let is_url = has_scheme(&lower);
        if is_vcs || is_url {
            if f.constraint {
                return Ok(());
            }
            let origin = url_origin(first);
            let from_file = (!is_vcs).then(|| dist_filename(first)).flatten();
            let (name, version) = match (egg_name(first), from_file) {
                (Some(egg), Some((n, v))) if normalize(egg) == normalize(n) => (egg, Version::Pinned(v.to_string())),
                (Some(egg), _) => (egg, Version::Unpinned(format!("@ {first}"))),
                (None, Some((n, v))) => (n, Version::Pinned(v.to_string())),
                (None, None) => {
                    self.note(f.note_line(line), format!("{}:{line}: {first} names no package (no #egg=); not listed", f.display));
                    return Ok(());
                }
            };
            let pkg = make(name, version, origin);
            self.add(pkg, f);
            return Ok(());
        }
        // `name@https://…` without spaces is a direct reference, not a path.
        let at_before_slash = first.find('@').is_some_and(|a| first.find(['/', '\\']).is_none_or(|s| a < s));
        let pathlike =
            editable || first.starts_with(['.', '/', '~']) || (!at_before_slash && first.contains(['/', '\\']));
        // A local path, possibly with `[extras]` after it.
        let path = first.split('[').next().unwrap_or(first);
        if pathlike || is_archive(path) {
            if f.constraint || !is_archive(path) {
                // A local directory: the project's own code.
                return Ok(());
            }
            return match dist_filename(path) {
                Some((name, version)) => {
                    let pkg = make(name, Version::Pinned(version.to_string()), Origin::Path(path.to_string()));
                    self.add(pkg, f);
                    Ok(())
                }
                None => {
                    self.note(f.note_line(line), format!("{}:{line}: cannot tell the package of {path}; not listed", f.display));
                    Ok(())
                }
            };
        }

        let req = match pep508::parse(text) {
            Ok(r) => r,
            Err(e) => {
                let column = (indent + e.offset + 1) as u32;
                return self.bad_line(f, line, column, format!("invalid requirement {text:?}: {}", e.message));
            }
        };
        if f.constraint {
            if let Spec::Versions(spec) = req.spec
                && let Some(version) = exact_pin(spec)
            {
                self.constraints.push(Constraint {
                    name: normalize(req.name),
                    version: version.to_string(),
                    at: format!("{}:{line}", f.display),
                    note_line: f.note_line(line),
                });
            }
            return Ok(());
        }
        let (version, origin) = match req.spec {
            Spec::Any => (Version::Unpinned("*".into()), Origin::Registry),
            Spec::Versions(spec) => match exact_pin(spec) {
                Some(v) => (Version::Pinned(v.to_string()), Origin::Registry),
                None => (Version::Unpinned(spec.to_string()), Origin::Registry),
            },
            Spec::Url(url) => {
                let version = match dist_filename(url) {
                    Some((n, v)) if !url.contains('+') && normalize(n) == normalize(req.name) => Version::Pinned(v.to_string()),
                    _ => Version::Unpinned(format!("@ {url}")),
                };
                (version, url_origin(url))
            }
        };
        let mut pkg = make(req.name, version, origin);
        if !req.extras.is_empty() {
            pkg.properties.push(("pypi:extras".into(), req.extras.join(",")));
        }
        if let Some(marker) = req.marker {
            pkg.properties.push(("pypi:marker".into(), marker.to_string()));
        }
        self.add(pkg, f);
        Ok(())
    }

    /// Adds a package, collapsing duplicates of one project (see the module doc).
    fn add(&mut self, pkg: Package, f: &File) {
        let norm = normalize(&pkg.name);
        let existing = self.by_name.get(&norm).cloned().unwrap_or_default();
        for &i in &existing {
            let Some(old) = self.packages.get_mut(i) else { continue };
            let same = old.version == pkg.version || (!is_pinned(&old.version) && !is_pinned(&pkg.version));
            if same || (is_pinned(&old.version) && !is_pinned(&pkg.version)) {
                old.scope = old.scope.min(pkg.scope);
                return;
            }
            if !is_pinned(&old.version) {
                let scope = old.scope.min(pkg.scope);
                *old = pkg;
                old.scope = scope;
                return;
            }
        }
        if let Some(&first) = existing.first()
            && let Some(old) = self.packages.get(first)
        {
            let message = format!(
                "{}:{}: {} {} conflicts with {} {} pinned at line {}{}; both listed",
                f.display,
                pkg.line,
                pkg.name,
                version_text(&pkg.version),
                old.name,
                version_text(&old.version),
                old.line,
                old.file.as_deref().map(|d| format!(" of {d}")).unwrap_or_default(),
            );
            self.note(f.note_line(pkg.line), message);
        }
        self.by_name.entry(norm).or_default().push(self.packages.len());
        self.packages.push(pkg);
    }

    /// Pins unpinned registry requirements to their constraint's exact version.
    fn apply_constraints(&mut self) {
        let constraints = std::mem::take(&mut self.constraints);
        for c in &constraints {
            let Some(ids) = self.by_name.get(&c.name) else { continue };
            for &i in ids {
                let Some(p) = self.packages.get_mut(i) else { continue };
                match &p.version {
                    Version::Unpinned(_) if p.origin == Origin::Registry => {
                        p.version = Version::Pinned(c.version.clone());
                        p.key = format!("{}@{}", p.name, c.version);
                        p.properties.push(("pypi:constraint".into(), c.at.clone()));
                    }
                    Version::Pinned(v) if *v != c.version => {
                        let message = format!("constraint {}=={} at {} conflicts with the pin {} {v}", c.name, c.version, c.at, p.name);
                        self.notes.push(Note { line: c.note_line, message });
                    }
                    _ => {}
                }
            }
        }
    }
}

fn is_pinned(v: &Version) -> bool {
    matches!(v, Version::Pinned(_))
}

fn version_text(v: &Version) -> String {
    match v {
        Version::Pinned(v) => format!("=={v}"),
        Version::Unpinned(s) | Version::Unresolved(s) => s.clone(),
    }
}

/// `scheme://` at the start (or `file:`).
fn has_scheme(lower: &str) -> bool {
    if lower.starts_with("file:") {
        return true;
    }
    match lower.find("://") {
        Some(i) => {
            let scheme = &lower[..i];
            !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

fn url_origin(url: &str) -> Origin {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("git+") {
        vcs_origin(url)
    } else if lower.starts_with("file:") {
        Origin::Path(url.to_string())
    } else {
        Origin::Url(url.to_string())
    }
}

/// `--opt=value` / `-xvalue` → option and inline value.
fn split_option(token: &str) -> (&str, Option<&str>) {
    if token.starts_with("--") {
        match token.split_once('=') {
            Some((o, v)) => (o, Some(v)),
            None => (token, None),
        }
    } else {
        let cut = token.char_indices().nth(2).map_or(token.len(), |(i, _)| i);
        let (o, v) = token.split_at(cut);
        let v = v.strip_prefix('=').unwrap_or(v);
        (o, (!v.is_empty()).then_some(v))
    }
}

/// `--hash=sha256:…` and `--hash sha256:…` values of a requirement line.
fn hash_options(tokens: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let mut it = tokens.iter();
    while let Some(t) = it.next() {
        let value = match t.strip_prefix("--hash") {
            Some(rest) if rest.starts_with('=') => Some(&rest[1..]),
            Some("") => it.next().copied(),
            _ => None,
        };
        if let Some(v) = value.filter(|v| !v.is_empty())
            && !out.iter().any(|h: &String| h == v)
        {
            out.push(v.to_string());
        }
    }
    out
}

/// Dev when a word of the file name starts with `dev` or `test`.
fn scope_for(display: &str) -> Scope {
    let file = display.rsplit(['/', '\\']).next().unwrap_or(display).to_ascii_lowercase();
    let stem = file.strip_suffix(".txt").or_else(|| file.strip_suffix(".in")).unwrap_or(&file);
    if stem.split(['-', '_', '.', ' ']).any(|w| w.starts_with("dev") || w.starts_with("test")) {
        Scope::Dev
    } else {
        Scope::Runtime
    }
}

/// Logical lines as pip joins them: `(first physical line, text)`.
fn logical_lines(text: &str) -> Vec<(u32, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut pending: Option<(u32, String)> = None;
    for (i, raw) in text.lines().enumerate() {
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let comment = raw.trim_start().starts_with('#');
        if !raw.ends_with('\\') || comment {
            match pending.take() {
                Some((start, mut acc)) => {
                    if comment {
                        acc.push(' ');
                    }
                    acc.push_str(raw);
                    out.push((start, acc));
                }
                None => out.push((n, raw.to_string())),
            }
        } else {
            let piece = raw.trim_matches('\\');
            match &mut pending {
                Some((_, acc)) => acc.push_str(piece),
                None => pending = Some((n, piece.to_string())),
            }
        }
    }
    out.extend(pending);
    out
}

/// Cuts a `#` comment that starts the line or follows whitespace.
fn strip_comment(line: &str) -> &str {
    let mut after_space = true;
    for (i, c) in line.char_indices() {
        if c == '#' && after_space {
            return &line[..i];
        }
        after_space = c.is_whitespace();
    }
    line
}

/// The display path of an include: the including file's directory joined
/// with the include path, `.` and `..` folded.
fn join_display(including: &str, include: &str) -> String {
    let include = include.replace('\\', "/");
    let joined = if include.starts_with('/') {
        include
    } else {
        match including.rfind('/') {
            Some(i) => format!("{}/{include}", &including[..i]),
            None => include,
        }
    };
    let absolute = joined.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            ".." if absolute => {}
            p => parts.push(p),
        }
    }
    let body = parts.join("/");
    if absolute { format!("/{body}") } else { body }
}

/// The directory includes must stay in: the scan root (the file's path with
/// its display path, which is relative to the scan root, taken off), or the
/// file's own directory when the display path is absolute or does not match.
/// Without it, `-r /proc/self/environ` in a pull request would copy a CI
/// runner's secrets into the SBOM as "packages".
fn scan_root(path: &Path, display: &str) -> Option<PathBuf> {
    let display_path = Path::new(display);
    let root = if display_path.is_relative() && display != "." && path.ends_with(display_path) {
        let mut root = path.to_path_buf();
        for _ in display_path.components() {
            root.pop();
        }
        root
    } else {
        path.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let root = if root.as_os_str().is_empty() { PathBuf::from(".") } else { root };
    std::fs::canonicalize(root).ok()
}

/// A key identifying a file on disk: its canonical path, or a lexically
/// normalised one when it does not exist.
fn file_key(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| {
        let mut out = PathBuf::new();
        for c in path.components() {
            match c {
                Component::CurDir => {}
                Component::ParentDir => {
                    if !out.pop() {
                        out.push("..");
                    }
                }
                other => out.push(other.as_os_str()),
            }
        }
        out
    })
}

fn read_text(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a file".into());
    }
    if meta.len() > MAX_INCLUDE_BYTES {
        return Err(format!("{} bytes is larger than the {MAX_INCLUDE_BYTES}-byte limit", meta.len()));
    }
    std::fs::read_to_string(path).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::testing::{find, parse_text, summary};

    const PIP_COMPILE: &str = include_str!("../../../tests/fixtures/inventory/requirements/pip-compile.txt");
    const UV_PIP_COMPILE: &str = include_str!("../../../tests/fixtures/inventory/requirements/uv-pip-compile.txt");
    const HANDWRITTEN: &str = include_str!("../../../tests/fixtures/inventory/requirements/requirements.txt");

    fn parse_at(dir: &Path, name: &str, display: &str) -> Result<Catalog, ParseError> {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        parse(&Source {
            text: &text,
            path: &path,
            display,
            allow_cargo: false,
        })
    }

    fn write(dir: &Path, name: &str, text: &str) {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn pip_compile_output_with_hashes_and_continuations() {
        let cat = parse_text(parse, "requirements.txt", PIP_COMPILE).unwrap();
        assert_eq!(
            summary(&cat.packages),
            [
                "certifi@2026.10.19.post1:9",
                "charset-normalizer@3.5.3:12",
                "click@8.4.2:17",
                "idna@3.20:21",
                "pysocks@1.7.1:25",
                "requests@2.34.2:30",
                "six@1.16.0:34",
                "urllib3@2.8.0:38",
            ]
        );
        let certifi = find(&cat.packages, "certifi");
        assert_eq!(certifi.hashes, ["sha256:1324c476b4811eff41a8bc2122cd0bbd4d9c7234c725446d99ab1612b3a7fdd2"]);
        assert_eq!(certifi.direct, Some(true));
        assert_eq!(certifi.scope, Scope::Runtime);
        assert_eq!(find(&cat.packages, "charset-normalizer").hashes.len(), 3);
        assert_eq!(find(&cat.packages, "requests").property("pypi:extras"), Some("socks"));
        assert!(cat.notes.is_empty(), "{:?}", cat.notes);
    }

    #[test]
    fn uv_pip_compile_output_with_markers() {
        let cat = parse_text(parse, "requirements.txt", UV_PIP_COMPILE).unwrap();
        assert_eq!(
            summary(&cat.packages),
            [
                "certifi@2026.10.19.post1:3",
                "charset-normalizer@3.5.3:6",
                "click@8.4.2:10",
                "colorama@0.4.6:14",
                "idna@3.20:20",
                "pysocks@1.7.1:24",
                "requests@2.34.2:28",
                "six@1.16.0:32",
                "urllib3@2.8.0:36",
            ]
        );
        let colorama = find(&cat.packages, "colorama");
        assert_eq!(colorama.property("pypi:marker"), Some("sys_platform == 'win32'"));
        assert_eq!(colorama.hashes.len(), 2);
        assert!(cat.notes.is_empty(), "{:?}", cat.notes);
    }

    #[test]
    fn handwritten_file_with_every_kind_of_line() {
        let cat = parse_text(parse, "requirements.txt", HANDWRITTEN).unwrap();
        assert_eq!(
            summary(&cat.packages),
            [
                "Django@unpinned(~=4.2):13",
                "Flask@unpinned(*):12",
                "PyYAML@6.0.1:9",
                "attrs@24.2.0:22",
                "celery@5.3.6:7",
                "coverage@7.4.0:25",
                "gunicorn@21.2.0:28",
                "internal-lib@unpinned(@ git+https://git.example.com/team/internal-lib.git@v1.4.0#egg=internal-lib):20",
                "mylib@unpinned(@ git+https://github.com/org/mylib.git@0123abc):19",
                "numpy@unpinned(==1.*):15",
                "requests@unpinned(>=2):11",
                "uvicorn@0.27.0:16",
                "vendored@1.0:23",
            ]
        );
        let celery = find(&cat.packages, "celery");
        assert_eq!(celery.property("pypi:extras"), Some("redis,msgpack"));
        assert_eq!(celery.property("pypi:marker"), None);
        let uvicorn = find(&cat.packages, "uvicorn");
        assert_eq!(uvicorn.property("pypi:marker"), Some("python_version >= \"3.8\""));
        let yaml = find(&cat.packages, "PyYAML");
        assert_eq!(yaml.hashes, ["sha256:aaaa", "sha256:bbbb"]);
        assert_eq!(yaml.purl().to_string(), "pkg:pypi/pyyaml@6.0.1");
        let mylib = find(&cat.packages, "mylib");
        assert_eq!(
            mylib.origin,
            Origin::Git { url: "https://github.com/org/mylib.git".into(), rev: Some("0123abc".into()) }
        );
        let internal = find(&cat.packages, "internal-lib");
        assert_eq!(internal.property("pypi:editable"), Some("true"));
        assert_eq!(
            internal.origin,
            Origin::Git { url: "https://git.example.com/team/internal-lib.git".into(), rev: Some("v1.4.0".into()) }
        );
        assert_eq!(
            find(&cat.packages, "attrs").origin,
            Origin::Url("https://files.example.com/attrs-24.2.0-py3-none-any.whl".into())
        );
        assert_eq!(find(&cat.packages, "vendored").origin, Origin::Path("./wheels/vendored-1.0-py3-none-any.whl".into()));
        // `Gunicorn==21.2.0` on line 29 collapses into line 28.
        assert_eq!(cat.packages.iter().filter(|p| p.name.eq_ignore_ascii_case("gunicorn")).count(), 1);
        assert!(cat.packages.iter().all(|p| p.direct == Some(true)));
        // The `-r` of a file that is not there is a note naming it.
        assert_eq!(cat.notes.len(), 1, "{:?}", cat.notes);
        assert_eq!(cat.notes[0].line, 32);
        assert!(cat.notes[0].message.contains("base-missing.txt"), "{:?}", cat.notes);
    }

    #[test]
    fn continuation_lines_report_the_first_physical_line() {
        let text = "\\\n  foo==1.0 \\\n    --hash=sha256:abc \\\n    --hash sha256:def\nbar==2.0 # comment \\\nbaz==3.0\n";
        let cat = parse_text(parse, "requirements.txt", text).unwrap();
        // pip keeps joining after a `\` that follows a comment: `baz` is eaten by the comment.
        assert_eq!(summary(&cat.packages), ["bar@2.0:5", "foo@1.0:1"]);
        assert_eq!(find(&cat.packages, "foo").hashes, ["sha256:abc", "sha256:def"]);
    }

    #[test]
    fn a_comment_line_ends_a_continuation() {
        let text = "foo==1.0 \\\n    # via bar\nbar==2.0\n";
        let cat = parse_text(parse, "requirements.txt", text).unwrap();
        assert_eq!(summary(&cat.packages), ["bar@2.0:3", "foo@1.0:1"]);
    }

    #[test]
    fn options_and_editable_local_paths_add_no_package() {
        let text = "-i https://pypi.org/simple\n--index-url=https://x/simple\n--extra-index-url https://y/simple\n-f ./wheels\n--trusted-host x\n--pre\n--require-hashes\n-e .\n--editable ./libs/core\n.\n./subproject\n--only-binary :all:\nrequests==2.31.0\n";
        let cat = parse_text(parse, "requirements.txt", text).unwrap();
        assert_eq!(summary(&cat.packages), ["requests@2.31.0:13"]);
        assert!(cat.notes.is_empty(), "{:?}", cat.notes);
    }

    #[test]
    fn vcs_url_without_egg_is_a_note() {
        let cat = parse_text(parse, "requirements.txt", "git+https://github.com/o/r.git@v1\n-e git+https://github.com/o/s.git\n").unwrap();
        assert!(cat.packages.is_empty());
        assert_eq!(cat.notes.iter().map(|n| n.line).collect::<Vec<_>>(), [1, 2]);
    }

    #[test]
    fn environment_variables_are_kept_as_written() {
        let text = "--extra-index-url https://${TOKEN}@pypi.example.com/simple\nprivate @ https://${TOKEN}@files.example.com/private-2.0.tar.gz\n";
        let cat = parse_text(parse, "requirements.txt", text).unwrap();
        let p = find(&cat.packages, "private");
        assert_eq!(p.version, Version::Pinned("2.0".into()));
        assert_eq!(p.origin, Origin::Url("https://${TOKEN}@files.example.com/private-2.0.tar.gz".into()));
    }

    #[test]
    fn dev_and_test_files_give_dev_scope() {
        for (name, scope) in [
            ("requirements.txt", Scope::Runtime),
            ("requirements-dev.txt", Scope::Dev),
            ("dev-requirements.txt", Scope::Dev),
            ("test-requirements.txt", Scope::Dev),
            ("requirements_tests.txt", Scope::Dev),
            ("requirements/test.txt", Scope::Dev),
            ("requirements/development.txt", Scope::Dev),
            ("requirements/prod.txt", Scope::Runtime),
            ("requirements/base.txt", Scope::Runtime),
        ] {
            let cat = parse_text(parse, name, "pytest==8.0.0\n").unwrap();
            assert_eq!(cat.packages[0].scope, scope, "{name}");
        }
    }

    #[test]
    fn duplicates_collapse_and_conflicting_pins_are_noted() {
        let text = "Foo_Bar==1.0\nfoo-bar==1.0\nbaz>=1\nbaz==2.0\nqux==1.0\nqux>=0.5\nzed==1.0\nzed==2.0\n";
        let cat = parse_text(parse, "requirements.txt", text).unwrap();
        assert_eq!(summary(&cat.packages), ["Foo_Bar@1.0:1", "baz@2.0:4", "qux@1.0:5", "zed@1.0:7", "zed@2.0:8"]);
        assert_eq!(cat.notes.len(), 1);
        assert_eq!(cat.notes[0].line, 8);
    }

    #[test]
    fn invalid_requirement_is_an_error_with_line_and_column() {
        let err = parse_text(parse, "requirements.txt", "flask==2.0\n\n  requests==\n").unwrap_err();
        assert_eq!((err.line, err.column), (3, 11), "{err}");
        let err = parse_text(parse, "requirements.txt", "ok==1\nfoo bar\n").unwrap_err();
        assert_eq!(err.line, 2, "{err}");
        let err = parse_text(parse, "requirements.txt", "-r\n").unwrap_err();
        assert_eq!(err.line, 1, "{err}");
    }

    #[test]
    fn includes_are_read_relative_to_the_including_file() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "requirements/base.txt", "# base\nrequests==2.31.0\n-r common/extra.txt\n");
        write(d, "requirements/common/extra.txt", "\nidna==3.6\n");
        write(d, "requirements/dev.txt", "-r base.txt\n--requirement=../shared.txt\npytest==8.0.0\nrequests==2.31.0\n");
        write(d, "shared.txt", "six==1.16.0\n");
        let cat = parse_at(&d.join("requirements"), "dev.txt", "requirements/dev.txt").unwrap();
        assert_eq!(summary(&cat.packages), ["idna@3.6:2", "pytest@8.0.0:3", "requests@2.31.0:2", "six@1.16.0:1"]);
        let requests = find(&cat.packages, "requests");
        assert_eq!(requests.file.as_deref(), Some("requirements/base.txt"));
        assert_eq!(requests.scope, Scope::Runtime, "declared in base.txt");
        assert_eq!(find(&cat.packages, "idna").file.as_deref(), Some("requirements/common/extra.txt"));
        assert_eq!(find(&cat.packages, "six").file.as_deref(), Some("shared.txt"));
        let pytest = find(&cat.packages, "pytest");
        assert_eq!(pytest.file, None);
        assert_eq!(pytest.scope, Scope::Dev);
        assert!(cat.notes.is_empty(), "{:?}", cat.notes);
    }

    #[test]
    fn include_cycles_and_repeats_are_read_once() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "requirements.txt", "-r a.txt\n-r b.txt\nx==1\n");
        write(d, "a.txt", "a==1\n-r b.txt\n");
        write(d, "b.txt", "b==1\n-r a.txt\n-r requirements.txt\n");
        let cat = parse_at(d, "requirements.txt", "requirements.txt").unwrap();
        assert_eq!(summary(&cat.packages), ["a@1:1", "b@1:1", "x@1:3"]);
        assert_eq!(cat.notes.len(), 2, "{:?}", cat.notes);
        assert!(cat.notes.iter().all(|n| n.line == 1 && n.message.contains("cycle")), "{:?}", cat.notes);
    }

    #[test]
    fn missing_include_names_the_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "requirements.txt", "a==1\n-r base.txt\n");
        write(d, "base.txt", "b==1\n\n-r nowhere.txt\n");
        let cat = parse_at(d, "requirements.txt", "svc/requirements.txt").unwrap();
        assert_eq!(summary(&cat.packages), ["a@1:1", "b@1:1"]);
        assert_eq!(cat.notes.len(), 1);
        assert_eq!(cat.notes[0].line, 2);
        assert!(cat.notes[0].message.contains("svc/nowhere.txt"), "{}", cat.notes[0].message);
        assert!(cat.notes[0].message.contains("svc/base.txt:3"), "{}", cat.notes[0].message);
    }

    #[test]
    fn bad_line_in_an_included_file_is_a_note() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "requirements.txt", "a==1\n-r other.txt\n");
        write(d, "other.txt", "b==\nc==2\n");
        let cat = parse_at(d, "requirements.txt", "requirements.txt").unwrap();
        assert_eq!(summary(&cat.packages), ["a@1:1", "c@2:2"]);
        assert_eq!(cat.notes.len(), 1);
        assert_eq!(cat.notes[0].line, 2);
        assert!(cat.notes[0].message.starts_with("other.txt:1:"), "{}", cat.notes[0].message);
    }

    #[test]
    fn constraints_pin_only_packages_required_elsewhere() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "requirements.txt", "-c constraints.txt\nrequests\ndjango>=4\nflask==3.0.0\n");
        write(d, "constraints.txt", "requests==2.31.0\nurllib3==2.2.0\nflask==2.0.0\ndjango>=4.2\n");
        let cat = parse_at(d, "requirements.txt", "requirements.txt").unwrap();
        assert_eq!(summary(&cat.packages), ["django@unpinned(>=4):3", "flask@3.0.0:4", "requests@2.31.0:2"]);
        let requests = find(&cat.packages, "requests");
        assert_eq!(requests.key, "requests@2.31.0");
        assert_eq!(requests.property("pypi:constraint"), Some("constraints.txt:1"));
        assert_eq!(cat.notes.len(), 1, "{:?}", cat.notes);
        assert!(cat.notes[0].message.contains("flask"), "{:?}", cat.notes);
    }

    #[test]
    fn includes_outside_the_scanned_directory_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "outside.txt", "SECRET_TOKEN==hunter2\n");
        write(d, "repo/requirements.txt", "a==1\n-r ../outside.txt\n-r /etc/passwd\n-r inside.txt\n");
        write(d, "repo/inside.txt", "b==1\n");
        let cat = parse_at(&d.join("repo"), "requirements.txt", "requirements.txt").unwrap();
        assert_eq!(summary(&cat.packages), ["a@1:1", "b@1:1"]);
        assert_eq!(cat.notes.iter().map(|n| n.line).collect::<Vec<_>>(), [2, 3], "{:?}", cat.notes);
        assert!(cat.notes.iter().all(|n| n.message.contains("outside the scanned directory")), "{:?}", cat.notes);
        assert!(cat.notes.iter().all(|n| !n.message.contains("hunter2")));
    }

    #[test]
    fn scan_root_is_the_path_minus_its_display_path() {
        let dir = tempfile::tempdir().unwrap();
        let d = std::fs::canonicalize(dir.path()).unwrap();
        write(&d, "svc/requirements/dev.txt", "");
        let file = d.join("svc/requirements/dev.txt");
        assert_eq!(scan_root(&file, "svc/requirements/dev.txt"), Some(d.clone()));
        assert_eq!(scan_root(&file, "other/dev.txt"), Some(d.join("svc/requirements")));
        assert_eq!(scan_root(&file, file.to_str().unwrap()), Some(d.join("svc/requirements")));
    }

    #[test]
    fn remote_includes_are_not_fetched() {
        let cat = parse_text(parse, "requirements.txt", "-r https://example.com/reqs.txt\n").unwrap();
        assert!(cat.packages.is_empty());
        assert_eq!(cat.notes[0].line, 1);
    }

    #[test]
    fn display_paths_of_includes_are_normalised() {
        assert_eq!(join_display("requirements/dev.txt", "base.txt"), "requirements/base.txt");
        assert_eq!(join_display("requirements/dev.txt", "../requirements.txt"), "requirements.txt");
        assert_eq!(join_display("requirements.txt", "./a/../b.txt"), "b.txt");
        assert_eq!(join_display("requirements.txt", "../up.txt"), "../up.txt");
        assert_eq!(join_display("/abs/dir/r.txt", "../x.txt"), "/abs/x.txt");
    }

    #[test]
    fn crlf_bom_and_empty_files() {
        let cat = parse_text(parse, "requirements.txt", "\u{feff}a==1\r\nb==2 \\\r\n  --hash=sha256:ff\r\n").unwrap();
        assert_eq!(summary(&cat.packages), ["a@1:1", "b@2:2"]);
        assert_eq!(find(&cat.packages, "b").hashes, ["sha256:ff"]);
        assert!(parse_text(parse, "requirements.txt", "").unwrap().packages.is_empty());
    }

    #[test]
    fn truncated_input_never_panics() {
        for text in [PIP_COMPILE, UV_PIP_COMPILE, HANDWRITTEN] {
            for end in 0..text.len() {
                if text.is_char_boundary(end) {
                    let _ = parse_text(parse, "requirements.txt", &text[..end]);
                }
            }
        }
    }
}
