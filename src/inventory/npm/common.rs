//! Helpers shared by the npm catalogers: splitting `name@range` specifiers,
//! telling registry tarballs from git/path/URL sources, reading the project's
//! `package.json` (and its workspaces), and deriving `direct`, dev scope and
//! optionality from the dependency graph when a lockfile does not record them.
//!
//! The graph is built by index (`edges[i]` lists `(target, optional_edge)`);
//! [`link`] turns it into `Package::depends_on` keys once every key is final.

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};

use crate::inventory::{Note, Source};
use crate::model::{Origin, Package, Scope};
use crate::syntax::json;

/// Registries whose tarballs are "the" npm registry.
const DEFAULT_REGISTRIES: &[&str] = &["registry.npmjs.org", "registry.yarnpkg.com", "registry.npmjs.com"];

/// Splits `name@range` into `(name, range)`. A scoped name keeps its leading
/// `@` (`@babel/core@^7` → `("@babel/core", "^7")`). `None` when there is no
/// `@` after the name or the name is empty.
pub(super) fn split_spec(spec: &str) -> Option<(&str, &str)> {
    let skip = usize::from(spec.starts_with('@'));
    let at = spec.get(skip..)?.find('@')? + skip;
    let name = spec.get(..at)?;
    let range = spec.get(at + 1..)?;
    if name.is_empty() || name == "@" {
        return None;
    }
    Some((name, range))
}

/// How a project (or a package) declares a dependency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DepKind {
    Prod,
    Dev,
    Optional,
    Peer,
}

/// The dependency sections of a `package.json`, with their kinds.
pub(super) const MANIFEST_SECTIONS: [(&str, DepKind); 4] = [
    ("dependencies", DepKind::Prod),
    ("optionalDependencies", DepKind::Optional),
    ("peerDependencies", DepKind::Peer),
    ("devDependencies", DepKind::Dev),
];

/// What `package.json` declares.
#[derive(Debug, Default, Clone)]
pub(super) struct Manifest {
    /// `(name, range, kind)` in file order (a name may appear twice, e.g.
    /// in `dependencies` and `devDependencies`).
    pub deps: Vec<(String, String, DepKind)>,
    /// `workspaces` patterns (array form or `{ "packages": [...] }`).
    pub workspaces: Vec<String>,
}

/// The directory holding the lockfile.
pub(super) fn lockfile_dir(source: &Source) -> PathBuf {
    match source.path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Reads `dir/package.json`. `Ok(None)` when there is none; `Err` (a message
/// for a note) when it exists but cannot be read or parsed.
pub(super) fn read_manifest(dir: &Path) -> Result<Option<Manifest>, String> {
    let path = dir.join("package.json");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let value = json::parse(&text).map_err(|e| {
        let lc = crate::syntax::lines::LineIndex::new(&text).line_col(e.offset);
        format!("cannot parse {} (line {}): {}", path.display(), lc.line, e.message)
    })?;
    Ok(Some(manifest_from_json(&value)))
}

/// The dependency declarations of a `package.json`-shaped JSON object (also
/// the root and workspace entries of a `package-lock.json`).
pub(super) fn manifest_from_json(value: &json::Value) -> Manifest {
    let mut m = Manifest::default();
    for (section, kind) in MANIFEST_SECTIONS {
        for member in value.members(section) {
            let range = member.value.as_str().unwrap_or("");
            m.deps.push((member.key.to_string(), range.to_string(), kind));
        }
    }
    let patterns = match value.get("workspaces") {
        Some(v) if v.as_array().is_some() => v.as_array(),
        Some(v) => v.get("packages").and_then(json::Value::as_array),
        None => None,
    };
    m.workspaces = patterns.unwrap_or(&[]).iter().filter_map(|p| p.as_str().map(str::to_string)).collect();
    m
}

/// Directories matched by `workspaces` patterns. Supported: plain paths and
/// paths whose last segment is `*` (or `**`, read as one level, with a note).
/// Anything else is noted and skipped.
pub(super) fn workspace_dirs(root: &Path, patterns: &[String], notes: &mut Vec<Note>) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    for pattern in patterns {
        let p = pattern.trim().trim_start_matches("./").trim_end_matches('/');
        if p.starts_with('!') {
            continue;
        }
        let (prefix, last) = match p.rsplit_once('/') {
            Some((a, b)) => (a, b),
            None => ("", p),
        };
        let has_glob = |s: &str| s.contains(['*', '?', '[', '{']);
        if !has_glob(p) {
            dirs.push(root.join(p));
        } else if (last == "*" || last == "**") && !has_glob(prefix) {
            if last == "**" {
                notes.push(Note {
                    line: 0,
                    message: format!("workspace pattern {pattern:?}: only one directory level is searched"),
                });
            }
            let base = if prefix.is_empty() { root.to_path_buf() } else { root.join(prefix) };
            let mut found: Vec<PathBuf> = std::fs::read_dir(&base)
                .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect())
                .unwrap_or_default();
            found.sort();
            dirs.extend(found);
        } else {
            notes.push(Note {
                line: 0,
                message: format!(
                    "workspace pattern {pattern:?} is not supported; its members' dependencies are not marked direct"
                ),
            });
        }
    }
    dirs
}

/// Where a package comes from, judged by the URL or spec a lockfile records
/// (`resolved`, a tarball, a yarn resolution). `name` helps find the
/// registry base of a tarball URL (`<registry>/<name>/-/<file>.tgz`).
pub(super) fn origin_from_url(url: &str, name: &str) -> Origin {
    let url = url.trim();
    for prefix in ["file:", "link:", "portal:"] {
        if let Some(path) = url.strip_prefix(prefix) {
            return Origin::Path(path.to_string());
        }
    }
    if let Some(git) = git_origin(url) {
        return git;
    }
    let Some((scheme, rest)) = url.split_once("://") else {
        // A bare relative path (npm links write `resolved: "packages/a"`).
        return Origin::Path(url.to_string());
    };
    if !matches!(scheme, "http" | "https") {
        return Origin::Url(url.to_string());
    }
    let without_fragment = url.split('#').next().unwrap_or(url);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
    if host == "codeload.github.com" {
        // https://codeload.github.com/OWNER/REPO/tar.gz/COMMIT
        let parts: Vec<&str> = rest.split('/').collect();
        if let (Some(owner), Some(repo), Some(rev)) = (parts.get(1), parts.get(2), parts.get(4)) {
            return Origin::Git {
                url: format!("https://github.com/{owner}/{repo}"),
                rev: Some(rev.split(['#', '?']).next().unwrap_or(rev).to_string()),
            };
        }
    }
    if DEFAULT_REGISTRIES.contains(&host.as_str()) {
        return Origin::Registry;
    }
    match registry_base(without_fragment, name) {
        Some(base) => Origin::AlternateRegistry(base.to_string()),
        None => Origin::Url(without_fragment.to_string()),
    }
}

/// `https://reg.example/npm/` for `https://reg.example/npm/@s/x/-/x-1.0.0.tgz`.
fn registry_base<'a>(url: &'a str, name: &str) -> Option<&'a str> {
    if name.is_empty() {
        return None;
    }
    let lower = url.to_ascii_lowercase();
    let name_lower = name.to_ascii_lowercase();
    let candidates = [format!("/{name_lower}/-/"), format!("/{}/-/", name_lower.replacen('/', "%2f", 1))];
    candidates.iter().filter_map(|c| lower.rfind(c.as_str())).min().and_then(|at| url.get(..at + 1))
}

/// Git sources: `git+ssh://…#sha`, `git://…`, `github:o/r#sha`, `o/r`-less
/// shortcuts (`gitlab:`, `bitbucket:`), and `https://….git#commit=sha`.
pub(super) fn git_origin(spec: &str) -> Option<Origin> {
    let (base, fragment) = match spec.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (spec, None),
    };
    let url = if let Some(rest) = base.strip_prefix("git+") {
        rest.to_string()
    } else if base.starts_with("git://") || base.starts_with("git@") {
        base.to_string()
    } else if let Some(rest) = base.strip_prefix("github:") {
        format!("https://github.com/{rest}")
    } else if let Some(rest) = base.strip_prefix("gitlab:") {
        format!("https://gitlab.com/{rest}")
    } else if let Some(rest) = base.strip_prefix("bitbucket:") {
        format!("https://bitbucket.org/{rest}")
    } else if (base.starts_with("https://") || base.starts_with("http://") || base.starts_with("ssh://"))
        && (base.ends_with(".git") || fragment.is_some_and(|f| f.contains("commit=")))
    {
        base.to_string()
    } else {
        return None;
    };
    let rev = fragment.and_then(|f| {
        if f.contains('=') {
            f.split('&').find_map(|kv| kv.strip_prefix("commit=")).map(str::to_string)
        } else if f.is_empty() || f.starts_with("semver:") {
            None
        } else {
            Some(f.to_string())
        }
    });
    Some(Origin::Git { url, rev })
}

/// SRI strings (`sha512-… sha1-…`) as separate digests.
pub(super) fn integrity_hashes(integrity: &str) -> Vec<String> {
    integrity.split_whitespace().map(str::to_string).collect()
}

/// Breadth-first reachability from `starts`, optionally not following
/// optional edges.
fn walk(edges: &[Vec<(usize, bool)>], starts: impl Iterator<Item = usize>, follow_optional: bool) -> Vec<bool> {
    let mut seen = vec![false; edges.len()];
    let mut queue: VecDeque<usize> = VecDeque::new();
    for s in starts {
        if let Some(flag) = seen.get_mut(s)
            && !*flag
        {
            *flag = true;
            queue.push_back(s);
        }
    }
    while let Some(i) = queue.pop_front() {
        for &(j, optional) in edges.get(i).map(Vec::as_slice).unwrap_or(&[]) {
            if optional && !follow_optional {
                continue;
            }
            if let Some(flag) = seen.get_mut(j)
                && !*flag
            {
                *flag = true;
                queue.push_back(j);
            }
        }
    }
    seen
}

/// What to derive from the graph besides `direct`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Derive {
    /// Dev = reachable from the roots, but only from dev roots.
    pub scope: bool,
    /// Optional = reachable, but only through optional roots or edges.
    pub optional: bool,
}

/// Marks `direct` (roots → `Some(true)`, the rest `Some(false)`) and, when
/// asked, dev scope and optionality. Packages no root reaches keep what they
/// have.
pub(super) fn apply_roots(
    packages: &mut [Package],
    edges: &[Vec<(usize, bool)>],
    roots: &[(usize, DepKind)],
    derive: Derive,
) {
    let reached = walk(edges, roots.iter().map(|r| r.0), true);
    let from_prod = walk(edges, roots.iter().filter(|r| r.1 != DepKind::Dev).map(|r| r.0), true);
    let required = walk(edges, roots.iter().filter(|r| r.1 != DepKind::Optional).map(|r| r.0), false);
    let root_set: HashSet<usize> = roots.iter().map(|r| r.0).collect();
    for (i, p) in packages.iter_mut().enumerate() {
        p.direct = Some(root_set.contains(&i));
        if !reached.get(i).copied().unwrap_or(false) {
            continue;
        }
        if derive.scope {
            p.scope = if from_prod.get(i).copied().unwrap_or(false) { Scope::Runtime } else { Scope::Dev };
        }
        if derive.optional {
            p.optional = !required.get(i).copied().unwrap_or(false);
        }
    }
}

/// Makes keys unique (a repeated key gets ` (line N)` appended) and turns
/// index edges into `depends_on` keys, in order, without repeats or self
/// references.
pub(super) fn link(packages: &mut [Package], edges: &[Vec<(usize, bool)>]) {
    let mut count: HashMap<String, usize> = HashMap::new();
    for p in packages.iter() {
        *count.entry(p.key.clone()).or_default() += 1;
    }
    for p in packages.iter_mut() {
        if count.get(&p.key).copied().unwrap_or(0) > 1 {
            p.key = format!("{} (line {})", p.key, p.line);
        }
    }
    let keys: Vec<String> = packages.iter().map(|p| p.key.clone()).collect();
    for (i, p) in packages.iter_mut().enumerate() {
        let mut seen = HashSet::new();
        p.depends_on = edges
            .get(i)
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .filter(|(j, _)| *j != i && seen.insert(*j))
            .filter_map(|(j, _)| keys.get(*j).cloned())
            .collect();
    }
}

/// Test helper: the distinct `npm NAME VERSION` lines of `packages` equal
/// those of an `expected.txt` written from the real package manager's view.
#[cfg(test)]
pub(super) fn assert_matches_expected(packages: &[Package], expected: &str) {
    use std::collections::BTreeSet;
    let got: BTreeSet<String> =
        packages.iter().map(|p| format!("npm {} {}", p.name, p.version.pinned().unwrap_or("?"))).collect();
    let want: BTreeSet<String> =
        expected.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_string).collect();
    let missing: Vec<&String> = want.difference(&got).collect();
    let extra: Vec<&String> = got.difference(&want).collect();
    assert!(missing.is_empty() && extra.is_empty(), "missing {missing:?}, extra {extra:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Ecosystem;

    #[test]
    fn split_spec_handles_scopes_aliases_and_missing_ranges() {
        assert_eq!(split_spec("lodash@^4.17.21"), Some(("lodash", "^4.17.21")));
        assert_eq!(split_spec("@babel/core@^7.0.0"), Some(("@babel/core", "^7.0.0")));
        assert_eq!(split_spec("foo@npm:bar@^1"), Some(("foo", "npm:bar@^1")));
        assert_eq!(split_spec("@s/x@npm:@t/y@1"), Some(("@s/x", "npm:@t/y@1")));
        assert_eq!(split_spec("@babel/core"), None);
        assert_eq!(split_spec("lodash"), None);
        assert_eq!(split_spec("@"), None);
        assert_eq!(split_spec("@@1"), None);
        assert_eq!(split_spec(""), None);
    }

    #[test]
    fn origins_from_resolved_urls() {
        assert_eq!(origin_from_url("https://registry.npmjs.org/a/-/a-1.0.0.tgz", "a"), Origin::Registry);
        assert_eq!(origin_from_url("https://registry.yarnpkg.com/@s/a/-/a-1.0.0.tgz#abcd", "@s/a"), Origin::Registry);
        assert_eq!(
            origin_from_url("https://npm.corp.example/api/npm/@s%2fa/-/a-1.0.0.tgz", "@s/a"),
            Origin::AlternateRegistry("https://npm.corp.example/api/npm/".into())
        );
        assert_eq!(
            origin_from_url("https://example.com/files/a.tgz", "a"),
            Origin::Url("https://example.com/files/a.tgz".into())
        );
        assert_eq!(
            origin_from_url("git+ssh://git@github.com/o/r.git#0123abc", "r"),
            Origin::Git { url: "ssh://git@github.com/o/r.git".into(), rev: Some("0123abc".into()) }
        );
        assert_eq!(
            origin_from_url("github:o/r#0123abc", "r"),
            Origin::Git { url: "https://github.com/o/r".into(), rev: Some("0123abc".into()) }
        );
        assert_eq!(
            origin_from_url("https://github.com/o/r.git#commit=0123abc", "r"),
            Origin::Git { url: "https://github.com/o/r.git".into(), rev: Some("0123abc".into()) }
        );
        assert_eq!(
            origin_from_url("https://codeload.github.com/o/r/tar.gz/0123abc", "r"),
            Origin::Git { url: "https://github.com/o/r".into(), rev: Some("0123abc".into()) }
        );
        assert_eq!(origin_from_url("file:../x-1.0.0.tgz", "x"), Origin::Path("../x-1.0.0.tgz".into()));
        assert_eq!(origin_from_url("packages/a", "a"), Origin::Path("packages/a".into()));
    }

    #[test]
    fn roots_derive_direct_dev_and_optional() {
        let mut pkgs: Vec<Package> =
            ["a", "b", "c", "d", "e"].iter().map(|n| Package::pinned(Ecosystem::Npm, *n, "1.0.0", 1)).collect();
        // a (prod) -> b; a -opt-> c; d (dev) -> b, d -> e; e unreached otherwise.
        let edges = vec![vec![(1, false), (2, true)], vec![], vec![], vec![(1, false), (4, false)], vec![]];
        apply_roots(
            &mut pkgs,
            &edges,
            &[(0, DepKind::Prod), (3, DepKind::Dev)],
            Derive { scope: true, optional: true },
        );
        let flags: Vec<(Option<bool>, Scope, bool)> = pkgs.iter().map(|p| (p.direct, p.scope, p.optional)).collect();
        assert_eq!(
            flags,
            [
                (Some(true), Scope::Runtime, false),
                (Some(false), Scope::Runtime, false),
                (Some(false), Scope::Runtime, true),
                (Some(true), Scope::Dev, false),
                (Some(false), Scope::Dev, false),
            ]
        );
    }

    #[test]
    fn link_disambiguates_keys_and_drops_self_edges() {
        let mut pkgs = vec![
            Package::pinned(Ecosystem::Npm, "a", "1.0.0", 3),
            Package::pinned(Ecosystem::Npm, "a", "1.0.0", 9),
            Package::pinned(Ecosystem::Npm, "b", "2.0.0", 12),
        ];
        link(&mut pkgs, &[vec![(2, false), (2, true), (0, false)], vec![], vec![(1, false)]]);
        assert_eq!(pkgs[0].depends_on, ["b@2.0.0"]);
        assert_eq!(pkgs[2].depends_on, ["a@1.0.0 (line 9)"]);
    }
}
