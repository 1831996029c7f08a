//! Discovery: finds the files later stages read, and knows nothing of their
//! contents beyond their names.
//!
//! The walk honours `.gitignore` (also outside a git checkout, as users
//! expect) and `.ignore`, and by default skips dependency caches and build
//! output, where lockfiles of *other* projects live: counting those would
//! invent packages the project does not ship.

pub mod parallel;

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

use crate::inventory::Format;

/// Directories skipped unless `--include-vendored` is given.
pub const VENDORED_DIRS: &[&str] = &[
    "node_modules",
    "bower_components",
    "jspm_packages",
    "target",
    "vendor",
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    "__pycache__",
    ".tox",
    ".nox",
    "site-packages",
    ".gradle",
    ".m2",
    ".yarn",
    ".pnpm-store",
    ".terraform",
];

#[derive(Debug, Clone, Default)]
pub struct DiscoverOptions {
    pub include_vendored: bool,
}

/// A file worth reading, with the path to show users.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Discovered {
    /// Path relative to the scan root, with `/` separators.
    pub display: String,
    pub path: PathBuf,
    pub format: Format,
}

/// An entry the walk could not read (permission denied, broken link loop).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkError {
    pub display: String,
    pub message: String,
}

/// Finds every supported lockfile or manifest under `root`, sorted by path.
/// A single file is accepted too, when its name is a known format.
pub fn discover(root: &Path, opts: &DiscoverOptions) -> (Vec<Discovered>, Vec<WalkError>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    if root.is_file() {
        let name = root.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        match detect(root, name) {
            Some(format) => found.push(Discovered {
                display: root.to_string_lossy().replace('\\', "/"),
                path: root.to_path_buf(),
                format,
            }),
            None => errors.push(WalkError {
                display: root.display().to_string(),
                message: format!(
                    "not a supported lockfile or manifest name (supported: {})",
                    Format::ALL.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ")
                ),
            }),
        }
        return (found, errors);
    }
    for entry in walker(root, opts) {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                errors.push(WalkError {
                    display: root.display().to_string(),
                    message: err.to_string(),
                });
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let Some(name) = entry.file_name().to_str() else { continue };
        if let Some(format) = detect(entry.path(), name) {
            found.push(Discovered {
                display: relative_display(root, entry.path()),
                path: entry.path().to_path_buf(),
                format,
            });
        }
    }
    found.sort();
    (found, errors)
}

/// The gitignore-aware walk every discovery function shares: `.gitignore`,
/// `.ignore` and `.git/info/exclude` apply (also outside a git checkout),
/// hidden files are visited, links are not followed, and dependency caches
/// are pruned unless `include_vendored`.
fn walker(root: &Path, opts: &DiscoverOptions) -> ignore::Walk {
    let include_vendored = opts.include_vendored;
    WalkBuilder::new(root)
        .hidden(false)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .require_git(false)
        .parents(true)
        .follow_links(false)
        .filter_entry(move |entry| {
            include_vendored
                || !entry.file_type().is_some_and(|t| t.is_dir())
                || !entry.file_name().to_str().is_some_and(|n| VENDORED_DIRS.contains(&n))
        })
        .build()
}

/// A file found by [`discover_by_extension`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FoundFile {
    /// Path relative to the scan root, with `/` separators (the path itself
    /// when `root` is a file).
    pub display: String,
    pub path: PathBuf,
}

/// Every file under `root` whose name ends in one of `extensions`
/// (`".yaml"`, compared case-insensitively), with the same walk rules as
/// [`discover`], sorted by path. A single file is returned as is, whatever
/// its name: the user named it.
pub fn discover_by_extension(
    root: &Path,
    extensions: &[&str],
    opts: &DiscoverOptions,
) -> (Vec<FoundFile>, Vec<WalkError>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    if root.is_file() {
        found.push(FoundFile { display: root.to_string_lossy().replace('\\', "/"), path: root.to_path_buf() });
        return (found, errors);
    }
    for entry in walker(root, opts) {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                errors.push(WalkError { display: root.display().to_string(), message: err.to_string() });
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let Some(name) = entry.file_name().to_str() else { continue };
        let lower = name.to_ascii_lowercase();
        if extensions.iter().any(|ext| lower.ends_with(ext)) {
            found.push(FoundFile { display: relative_display(root, entry.path()), path: entry.path().to_path_buf() });
        }
    }
    found.sort();
    (found, errors)
}

/// Name-based detection, plus `requirements/*.txt` directories.
fn detect(path: &Path, name: &str) -> Option<Format> {
    Format::detect(name).or_else(|| {
        let in_requirements_dir = path
            .parent()
            .and_then(Path::file_name)
            .is_some_and(|d| d == "requirements");
        (in_requirements_dir && name.ends_with(".txt")).then_some(Format::Requirements)
    })
}

/// `path` relative to `root`, `/`-separated.
pub fn relative_display(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let s = rel.to_string_lossy().replace('\\', "/");
    if s.is_empty() {
        ".".into()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn skips_vendored_and_gitignored_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for p in [
            "app/package-lock.json",
            "app/node_modules/dep/package-lock.json",
            "svc/Cargo.lock",
            "svc/target/Cargo.lock",
            "ignored/poetry.lock",
            "py/requirements-dev.txt",
            "py/requirements/base.txt",
            "py/notes.txt",
        ] {
            let p = root.join(p);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "").unwrap();
        }
        fs::write(root.join(".gitignore"), "ignored/\n").unwrap();
        let names = |opts| {
            discover(root, &opts)
                .0
                .into_iter()
                .map(|d| d.display)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names(DiscoverOptions::default()),
            ["app/package-lock.json", "py/requirements-dev.txt", "py/requirements/base.txt", "svc/Cargo.lock"]
        );
        let all = names(DiscoverOptions { include_vendored: true });
        assert!(all.contains(&"app/node_modules/dep/package-lock.json".to_string()));
        assert!(all.contains(&"svc/target/Cargo.lock".to_string()));
        assert!(!all.contains(&"ignored/poetry.lock".to_string()), ".gitignore still applies");
    }
}

#[cfg(test)]
mod by_extension_tests {
    use super::*;
    use std::fs;

    #[test]
    fn check_discover_by_extension_walks_like_discover() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for p in ["k8s/a.yaml", "k8s/b.YML", "k8s/c.json", "k8s/readme.md", "node_modules/x/d.yaml", "ignored/e.yaml"] {
            let p = root.join(p);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "").unwrap();
        }
        fs::write(root.join(".gitignore"), "ignored/\n").unwrap();
        let names = |opts| {
            discover_by_extension(root, &[".yaml", ".yml", ".json"], &opts).0.into_iter().map(|d| d.display).collect::<Vec<_>>()
        };
        assert_eq!(names(DiscoverOptions::default()), ["k8s/a.yaml", "k8s/b.YML", "k8s/c.json"]);
        assert!(names(DiscoverOptions { include_vendored: true }).contains(&"node_modules/x/d.yaml".to_string()));
        let single = discover_by_extension(&root.join("k8s/readme.md"), &[".yaml"], &DiscoverOptions::default()).0;
        assert_eq!(single.len(), 1, "a named file is read whatever its name");
    }
}
