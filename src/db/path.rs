//! Where the advisory database lives.
//!
//! Precedence: `--db PATH` on the command line, then the `CI_SEC_DB`
//! environment variable, then the user's cache directory the way the `dirs`
//! crate finds it (`$XDG_CACHE_HOME` or `~/.cache` on Linux and other Unixes,
//! `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows) + `ci-sec/db`.
//! Written out here rather than taken from `dirs`: it is a dozen lines.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::DbError;

/// Environment variable that overrides the database directory.
pub const DB_ENV: &str = "CI_SEC_DB";

/// The database directory: `cli` (from `--db`) when given, else `CI_SEC_DB`,
/// else `<user cache dir>/ci-sec/db`.
pub fn resolve_db_dir(cli: Option<&Path>) -> Result<PathBuf, DbError> {
    resolve_db_dir_with(cli, |name| std::env::var_os(name))
}

/// [`resolve_db_dir`] with the environment passed in (for tests, and for
/// callers that already hold a snapshot of it).
pub fn resolve_db_dir_with(
    cli: Option<&Path>,
    env: impl Fn(&str) -> Option<OsString>,
) -> Result<PathBuf, DbError> {
    if let Some(path) = cli {
        return Ok(path.to_path_buf());
    }
    if let Some(path) = env(DB_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    user_cache_dir(&env).map(|dir| dir.join("ci-sec").join("db")).ok_or(DbError::NoCacheDir)
}

/// An absolute, non-empty path from the environment variable `name`.
fn abs_var(env: &impl Fn(&str) -> Option<OsString>, name: &str) -> Option<PathBuf> {
    let value = PathBuf::from(env(name)?);
    value.is_absolute().then_some(value)
}

#[cfg(target_os = "macos")]
fn user_cache_dir(env: &impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    abs_var(env, "HOME").map(|home| home.join("Library").join("Caches"))
}

#[cfg(windows)]
fn user_cache_dir(env: &impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    abs_var(env, "LOCALAPPDATA")
}

/// XDG Base Directory rules: `$XDG_CACHE_HOME` when set to an absolute path
/// (a relative one is to be ignored), else `$HOME/.cache`.
#[cfg(not(any(target_os = "macos", windows)))]
fn user_cache_dir(env: &impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    abs_var(env, "XDG_CACHE_HOME").or_else(|| abs_var(env, "HOME").map(|home| home.join(".cache")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<OsString> {
        move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| OsString::from(v))
    }

    #[test]
    fn command_line_wins_over_everything() {
        let env = env_of(&[("CI_SEC_DB", "/env/db"), ("XDG_CACHE_HOME", "/xdg"), ("HOME", "/home/u")]);
        let got = resolve_db_dir_with(Some(Path::new("rel/db")), env).unwrap();
        assert_eq!(got, PathBuf::from("rel/db"));
    }

    #[test]
    fn environment_variable_wins_over_cache_dir() {
        let env = env_of(&[("CI_SEC_DB", "/env/db"), ("XDG_CACHE_HOME", "/xdg"), ("HOME", "/home/u")]);
        assert_eq!(resolve_db_dir_with(None, env).unwrap(), PathBuf::from("/env/db"));
        let empty = env_of(&[("CI_SEC_DB", ""), ("HOME", "/home/u")]);
        assert!(resolve_db_dir_with(None, empty).unwrap().ends_with("ci-sec/db"));
    }

    #[cfg(not(any(target_os = "macos", windows)))]
    #[test]
    fn xdg_cache_home_then_home_dot_cache() {
        let xdg = env_of(&[("XDG_CACHE_HOME", "/xdg"), ("HOME", "/home/u")]);
        assert_eq!(resolve_db_dir_with(None, xdg).unwrap(), PathBuf::from("/xdg/ci-sec/db"));
        let relative_xdg = env_of(&[("XDG_CACHE_HOME", "cache"), ("HOME", "/home/u")]);
        assert_eq!(resolve_db_dir_with(None, relative_xdg).unwrap(), PathBuf::from("/home/u/.cache/ci-sec/db"));
        let home = env_of(&[("HOME", "/home/u")]);
        assert_eq!(resolve_db_dir_with(None, home).unwrap(), PathBuf::from("/home/u/.cache/ci-sec/db"));
    }

    #[test]
    fn no_home_is_an_error_that_names_the_way_out() {
        let err = resolve_db_dir_with(None, env_of(&[])).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("--db") && text.contains("CI_SEC_DB"), "{text}");
    }
}
