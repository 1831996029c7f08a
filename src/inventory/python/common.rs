//! Small pieces shared by the Python catalogers: name normalisation, index
//! URLs, distribution file names, git URLs, sibling files and the
//! reachability walk that turns "declared by the project" into scopes.

use std::path::Path;

use crate::model::purl::normalize_pypi_name;
use crate::model::{Origin, Scope};

/// PEP 503 normalised name (`Foo_Bar.baz` → `foo-bar-baz`), the key every
/// Python cataloger matches names with.
pub(crate) fn normalize(name: &str) -> String {
    normalize_pypi_name(name)
}

/// Whether `url` is the public PyPI index (uv and pipenv write it out even
/// for the default; it is not an alternate registry).
pub(crate) fn is_default_index(url: &str) -> bool {
    let u = url.trim().trim_end_matches('/').to_ascii_lowercase();
    let u = u.strip_prefix("https://").or_else(|| u.strip_prefix("http://")).unwrap_or(&u);
    matches!(u, "pypi.org/simple" | "pypi.python.org/simple" | "pypi.org/pypi" | "pypi.python.org/pypi" | "pypi.org")
}

/// Registry origin for an index URL: PyPI itself or an alternate registry.
pub(crate) fn registry_origin(url: &str) -> Origin {
    if url.is_empty() || is_default_index(url) {
        Origin::Registry
    } else {
        Origin::AlternateRegistry(url.to_string())
    }
}

/// Splits a pip-style VCS URL (`git+https://host/o/r.git@v1.0#egg=x`) into
/// repository and revision. The `git+` prefix is kept off (the PURL adds
/// it back), the fragment (`#egg=`, `#subdirectory=`) is dropped, and the
/// revision is the text after the last `@` of the path (an `@` in the
/// user-info part, `ssh://git@host/...`, is not a revision).
pub(crate) fn vcs_origin(url: &str) -> Origin {
    let bare = url.split('#').next().unwrap_or(url);
    let bare = bare.strip_prefix("git+").unwrap_or(bare);
    let path_start = match bare.find("://") {
        Some(i) => bare[i + 3..].find('/').map_or(bare.len(), |j| i + 3 + j),
        None => 0,
    };
    match bare[path_start..].rfind('@') {
        Some(at) => {
            let at = path_start + at;
            let rev = &bare[at + 1..];
            Origin::Git {
                url: bare[..at].to_string(),
                rev: (!rev.is_empty()).then(|| rev.to_string()),
            }
        }
        None => Origin::Git { url: bare.to_string(), rev: None },
    }
}

/// The `#egg=name` fragment of a URL, without any `[extras]`.
pub(crate) fn egg_name(url: &str) -> Option<&str> {
    let (_, fragment) = url.split_once('#')?;
    let egg = fragment.split('&').find_map(|kv| kv.strip_prefix("egg="))?;
    let egg = egg.split('[').next().unwrap_or(egg).trim();
    (!egg.is_empty()).then_some(egg)
}

const SDIST_EXTENSIONS: [&str; 7] = [".tar.gz", ".zip", ".tar.bz2", ".tgz", ".tar.xz", ".tar", ".tbz"];

/// Whether a path or URL names a distribution archive (wheel or sdist).
pub(crate) fn is_archive(path: &str) -> bool {
    let lower = path.split(['#', '?']).next().unwrap_or(path).to_ascii_lowercase();
    lower.ends_with(".whl") || SDIST_EXTENSIONS.iter().any(|e| lower.ends_with(e))
}

/// Name and version from a wheel (`name-1.0-py3-none-any.whl`) or sdist
/// (`name-1.0.tar.gz`) file name or URL.
pub(crate) fn dist_filename(path: &str) -> Option<(&str, &str)> {
    let path = path.split(['#', '?']).next().unwrap_or(path);
    let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
    if let Some(stem) = file.strip_suffix(".whl").or_else(|| file.strip_suffix(".WHL")) {
        let mut parts = stem.split('-');
        let name = parts.next()?;
        let version = parts.next()?;
        return (!name.is_empty() && !version.is_empty()).then_some((name, version));
    }
    let lower = file.to_ascii_lowercase();
    let ext = SDIST_EXTENSIONS.iter().find(|e| lower.ends_with(*e))?;
    let stem = file.get(..file.len() - ext.len())?;
    // The version starts at the first `-` followed by a digit (names may
    // contain `-`, versions rarely do before their first digit).
    let at = stem
        .char_indices()
        .find(|&(i, c)| c == '-' && stem[i + 1..].starts_with(|d: char| d.is_ascii_digit()))
        .map(|(i, _)| i)?;
    let (name, version) = (&stem[..at], &stem[at + 1..]);
    (!name.is_empty() && !version.is_empty()).then_some((name, version))
}

/// A file next to `lockfile` (`pyproject.toml` beside `poetry.lock`):
/// `None` when absent, `Err` with a reason when present but unreadable.
pub(crate) fn read_sibling(lockfile: &Path, name: &str) -> Option<Result<String, String>> {
    let path = lockfile.parent().unwrap_or(Path::new("")).join(name);
    if !path.is_file() {
        return None;
    }
    Some(std::fs::read_to_string(&path).map_err(|e| format!("cannot read {name}: {e}")))
}

/// How strongly the project needs a package, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Reach {
    /// Reachable from the project's runtime dependencies.
    Runtime,
    /// Reachable only through the project's extras (optional dependencies).
    Optional,
    /// Reachable only through development groups.
    Dev,
}

impl Reach {
    pub(crate) fn scope(self) -> Scope {
        match self {
            Reach::Runtime | Reach::Optional => Scope::Runtime,
            Reach::Dev => Scope::Dev,
        }
    }
}

/// The strongest [`Reach`] of every node of a graph from its roots: one
/// breadth-first pass per strength, so linear in nodes plus edges and free
/// of recursion. Nodes no root reaches get `None`.
pub(crate) fn reach(edges: &[Vec<usize>], roots: &[(usize, Reach)]) -> Vec<Option<Reach>> {
    let mut best: Vec<Option<Reach>> = vec![None; edges.len()];
    for level in [Reach::Runtime, Reach::Optional, Reach::Dev] {
        let mut queue: Vec<usize> = roots
            .iter()
            .filter(|(_, r)| *r == level)
            .map(|(i, _)| *i)
            .collect();
        while let Some(i) = queue.pop() {
            let Some(slot) = best.get_mut(i) else { continue };
            if slot.is_some() {
                continue;
            }
            *slot = Some(level);
            if let Some(next) = edges.get(i) {
                queue.extend(next.iter().copied().filter(|&j| best.get(j).is_some_and(Option::is_none)));
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_index_urls_are_not_alternate_registries() {
        assert!(is_default_index("https://pypi.org/simple"));
        assert!(is_default_index("https://pypi.org/simple/"));
        assert!(is_default_index("https://PyPI.org/simple"));
        assert!(!is_default_index("https://test.pypi.org/simple"));
        assert_eq!(
            registry_origin("https://nexus.example.com/simple"),
            Origin::AlternateRegistry("https://nexus.example.com/simple".into())
        );
    }

    #[test]
    fn vcs_urls_split_into_repository_and_revision() {
        assert_eq!(
            vcs_origin("git+https://github.com/o/r.git@v1.2#egg=r"),
            Origin::Git { url: "https://github.com/o/r.git".into(), rev: Some("v1.2".into()) }
        );
        assert_eq!(
            vcs_origin("git+ssh://git@github.com/o/r.git"),
            Origin::Git { url: "ssh://git@github.com/o/r.git".into(), rev: None }
        );
        assert_eq!(
            vcs_origin("git+ssh://git@github.com/o/r.git@abc"),
            Origin::Git { url: "ssh://git@github.com/o/r.git".into(), rev: Some("abc".into()) }
        );
        assert_eq!(egg_name("git+https://h/r#egg=my_pkg[extra]&subdirectory=x"), Some("my_pkg"));
        assert_eq!(egg_name("git+https://h/r"), None);
    }

    #[test]
    fn distribution_file_names_give_name_and_version() {
        assert_eq!(dist_filename("https://h/p/attrs-24.2.0-py3-none-any.whl"), Some(("attrs", "24.2.0")));
        assert_eq!(dist_filename("./dist/my-pkg-1.0.tar.gz"), Some(("my-pkg", "1.0")));
        assert_eq!(dist_filename("foo.tar.gz"), None);
        assert_eq!(dist_filename("notes.txt"), None);
        assert!(is_archive("x-1.0.zip#sha256=abc"));
    }

    #[test]
    fn reach_prefers_the_strongest_path_and_survives_cycles() {
        // 0 → 1 → 2 → 1 (cycle); 3 → 2; 4 alone.
        let edges = vec![vec![1], vec![2], vec![1], vec![2], vec![]];
        let r = reach(&edges, &[(3, Reach::Dev), (0, Reach::Runtime)]);
        assert_eq!(r, [Some(Reach::Runtime), Some(Reach::Runtime), Some(Reach::Runtime), Some(Reach::Dev), None]);
    }
}
