//! `.ci-sec.toml`: found upward from the scanned path unless `--config` names
//! one. Keys are documented in `docs/config.md`; unknown keys are an error
//! that names the line, so a typo never silently disables a setting.

use std::path::{Path, PathBuf};

use serde::Deserialize;

pub const FILE_NAME: &str = ".ci-sec.toml";

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    #[serde(default)]
    pub sbom: SbomConfig,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SbomConfig {
    /// Scan dependency caches (`node_modules`, `vendor`, `target`, …) too.
    #[serde(default)]
    pub include_vendored: bool,
    /// Leave dev/test-only packages out of SBOMs.
    #[serde(default)]
    pub exclude_dev: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path}:{line}: {message}")]
    Invalid { path: PathBuf, line: u32, message: String },
}

/// The nearest `.ci-sec.toml` in `start` or one of its ancestors.
pub fn find_upward(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).ok()?;
    let mut dir = if start.is_file() { start.parent()?.to_path_buf() } else { start };
    loop {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if !dir.pop() {
            return None;
        }
    }
}

pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read { path: path.to_path_buf(), source })?;
    parse(&text).map_err(|(line, message)| ConfigError::Invalid { path: path.to_path_buf(), line, message })
}

fn parse(text: &str) -> Result<Config, (u32, String)> {
    toml::from_str(text).map_err(|e: toml::de::Error| {
        let line = e
            .span()
            .map(|s| crate::syntax::lines::LineIndex::new(text).line(s.start))
            .unwrap_or(0);
        (line, e.message().to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_errors_with_lines() {
        let err = parse("[sbom]\ninclude-vendored = true\nexclude-dve = true\n").unwrap_err();
        assert_eq!(err.0, 3);
        assert!(err.1.contains("exclude-dve"), "{}", err.1);
        let ok = parse("[sbom]\nexclude-dev = true\n").unwrap();
        assert!(ok.sbom.exclude_dev);
    }
}
