//! Keeps a local clone of an advisory git repository (the RustSec
//! advisory-db) up to date with `git2`: clone on first use, then fetch and
//! move the work tree to the remote's default branch. Built without
//! libgit2's HTTPS transport (it would pull in OpenSSL): local paths and
//! `file://` mirrors work, which is what air-gapped pipelines use; over the
//! internet, `db update` takes the RustSec data from its OSV export instead.

use std::path::Path;

#[derive(Debug, thiserror::Error)]
#[error("{url}: {message}")]
pub struct GitError {
    pub url: String,
    pub message: String,
}

/// Clones or fast-forwards `checkout` from `url`; returns the commit id now
/// checked out.
pub fn sync(url: &str, checkout: &Path) -> Result<String, GitError> {
    let fail = |e: git2::Error| GitError { url: url.to_string(), message: e.message().to_string() };
    let repo = if checkout.join(".git").exists() {
        let repo = git2::Repository::open(checkout).map_err(fail)?;
        {
            let mut remote = repo.find_remote("origin").or_else(|_| repo.remote("origin", url)).map_err(fail)?;
            remote
                .fetch(&["+refs/heads/*:refs/remotes/origin/*"], None, None)
                .map_err(fail)?;
        }
        repo
    } else {
        if let Some(parent) = checkout.parent() {
            std::fs::create_dir_all(parent).map_err(|e| GitError { url: url.into(), message: e.to_string() })?;
        }
        git2::Repository::clone(url, checkout).map_err(fail)?
    };
    let target = default_branch_commit(&repo).map_err(fail)?;
    let object = repo.find_object(target, None).map_err(fail)?;
    repo.reset(&object, git2::ResetType::Hard, None).map_err(fail)?;
    Ok(target.to_string())
}

/// The commit of `origin/HEAD`, else `origin/main`, else `origin/master`.
fn default_branch_commit(repo: &git2::Repository) -> Result<git2::Oid, git2::Error> {
    for name in ["refs/remotes/origin/HEAD", "refs/remotes/origin/main", "refs/remotes/origin/master"] {
        if let Ok(r) = repo.find_reference(name)
            && let Ok(commit) = r.resolve().and_then(|r| r.peel_to_commit())
        {
            return Ok(commit.id());
        }
    }
    repo.head()?.peel_to_commit().map(|c| c.id())
}

/// The commit a checkout is at, for provenance in `db status`.
pub fn head_commit(checkout: &Path) -> Option<String> {
    let repo = git2::Repository::open(checkout).ok()?;
    let id = repo.head().ok()?.peel_to_commit().ok()?.id();
    Some(id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commit_file(repo: &git2::Repository, path: &str, text: &str, message: &str) -> git2::Oid {
        let workdir = repo.workdir().unwrap();
        let full = workdir.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(&full, text).unwrap();
        let mut index = repo.index().unwrap();
        index.add_path(Path::new(path)).unwrap();
        index.write().unwrap();
        let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
        let sig = git2::Signature::now("test", "test@example.invalid").unwrap();
        let parents: Vec<git2::Commit> = repo.head().ok().and_then(|h| h.peel_to_commit().ok()).into_iter().collect();
        let parents: Vec<&git2::Commit> = parents.iter().collect();
        repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents).unwrap()
    }

    #[test]
    fn clones_then_fetches_new_commits() {
        let upstream_dir = tempfile::tempdir().unwrap();
        let upstream = git2::Repository::init(upstream_dir.path()).unwrap();
        let first = commit_file(&upstream, "crates/a/RUSTSEC-2099-0001.md", "one", "first");
        let url = format!("file://{}", upstream_dir.path().display());

        let local = tempfile::tempdir().unwrap();
        let checkout = local.path().join("advisory-db");
        assert_eq!(sync(&url, &checkout).unwrap(), first.to_string());
        assert!(checkout.join("crates/a/RUSTSEC-2099-0001.md").is_file());

        let second = commit_file(&upstream, "crates/b/RUSTSEC-2099-0002.md", "two", "second");
        assert_eq!(sync(&url, &checkout).unwrap(), second.to_string());
        assert!(checkout.join("crates/b/RUSTSEC-2099-0002.md").is_file());
        assert_eq!(head_commit(&checkout), Some(second.to_string()));
    }

    #[test]
    fn unreachable_remotes_are_errors_naming_the_url() {
        let local = tempfile::tempdir().unwrap();
        let err = sync("file:///definitely/not/a/repo", &local.path().join("x")).unwrap_err();
        assert!(err.to_string().contains("/definitely/not/a/repo"), "{err}");
    }
}
