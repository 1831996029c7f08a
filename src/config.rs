//! `.ci-sec.toml`: found upward from the scanned path unless `--config` names
//! one. Keys are documented in `docs/config.md`; unknown keys are an error
//! that names the line, so a typo never silently disables a setting.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer};

use crate::policy::FailOn;
use crate::model::date::Date;
use crate::policy::glob::Glob;
use crate::policy::purl::PurlKey;

pub const FILE_NAME: &str = ".ci-sec.toml";

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    #[serde(default)]
    pub sbom: SbomConfig,
    #[serde(default)]
    pub scan: ScanConfig,
    #[serde(default)]
    pub k8s: K8sConfig,
}

/// `[k8s]`: which manifest checks run, how severe they are, and waivers by
/// path (see `docs/k8s.md`).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct K8sConfig {
    /// Rules not to run: full ids or the part after the `/`.
    #[serde(default)]
    pub disable: Vec<String>,
    /// Severity per rule (full id or short name): info, low, medium, high,
    /// critical.
    #[serde(default)]
    pub severity: std::collections::BTreeMap<String, String>,
    /// Registries (host, or host/path prefix) images may come from; empty
    /// means the check is off.
    #[serde(default)]
    pub trusted_registries: Vec<String>,
    /// Label keys every object must carry in `metadata.labels`; empty means
    /// the check is off.
    #[serde(default)]
    pub required_labels: Vec<String>,
    /// `[[k8s.ignore]]` waivers by rule and path glob.
    #[serde(default)]
    pub ignore: Vec<K8sIgnore>,
}

/// One `[[k8s.ignore]]`: `rule` (full id or short name) suppressed for files
/// matching `path`, with a required `reason`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct K8sIgnore {
    pub rule: String,
    pub path: String,
    pub reason: String,
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

/// `[scan]`: gates and suppressions of the policy stage (`src/policy`).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ScanConfig {
    /// Lowest severity that fails the run (`--fail-on`); `None`: the default.
    #[serde(default, deserialize_with = "from_text")]
    pub fail_on: Option<FailOn>,
    /// Suppress vulnerabilities no fixed version exists for (`--ignore-unfixed`).
    #[serde(default)]
    pub ignore_unfixed: bool,
    /// Oldest advisory database a scan accepts (`7d`, `36h`, `2w`).
    #[serde(default, deserialize_with = "from_text")]
    pub max_db_age: Option<MaxAge>,
    /// `[[scan.ignore]]` entries, in file order.
    #[serde(default, deserialize_with = "spanned_rules")]
    pub ignore: Vec<IgnoreRule>,
}

/// One `[[scan.ignore]]` entry. Every scope given must match (`purl`,
/// `package`, `path`); none given means every finding with that id.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IgnoreRule {
    /// Advisory or rule id; matches a finding's id or any of its aliases.
    #[serde(deserialize_with = "non_empty")]
    pub id: String,
    /// Only this package: exact purl, or without version for all versions.
    #[serde(default, deserialize_with = "from_purl")]
    pub purl: Option<PurlKey>,
    /// Only this package: `name` or `name@version`.
    #[serde(default, deserialize_with = "from_text")]
    pub package: Option<PackageSpec>,
    /// Only findings whose file matches this glob (`*`, `**`, `?`).
    #[serde(default, deserialize_with = "from_glob")]
    pub path: Option<Glob>,
    /// Why the finding does not count; shown in reports. Required.
    #[serde(deserialize_with = "non_empty")]
    pub reason: String,
    /// Last day the ignore applies (`YYYY-MM-DD`). Required.
    #[serde(deserialize_with = "from_date")]
    pub until: Date,
    /// 1-based line of the entry's `[[scan.ignore]]` header (0: built in code).
    #[serde(skip)]
    pub line: u32,
    #[serde(skip)]
    offset: usize,
}

impl IgnoreRule {
    /// An unscoped rule (for building policies in code and tests).
    pub fn new(id: impl Into<String>, reason: impl Into<String>, until: Date) -> Self {
        IgnoreRule {
            id: id.into(),
            purl: None,
            package: None,
            path: None,
            reason: reason.into(),
            until,
            line: 0,
            offset: 0,
        }
    }
}

/// `name` or `name@version` (`@scope/name@1.2.3` keeps its scope).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageSpec {
    pub name: String,
    pub version: Option<String>,
}

impl std::str::FromStr for PackageSpec {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (name, version) = match s.rfind('@') {
            Some(i) if i > 0 => (&s[..i], Some(&s[i + 1..])),
            _ => (s, None),
        };
        if name.trim().is_empty() || version.is_some_and(|v| v.trim().is_empty()) {
            return Err(format!("invalid package {s:?}: expected `name` or `name@version`"));
        }
        Ok(PackageSpec { name: name.to_string(), version: version.map(str::to_string) })
    }
}

/// A maximum age: a whole number of hours (`h`), days (`d`) or weeks (`w`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct MaxAge {
    pub seconds: u64,
}

impl std::str::FromStr for MaxAge {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("invalid age {s:?}: expected a number and a unit, e.g. 7d, 36h or 2w");
        let t = s.trim();
        let unit = match t.chars().last().ok_or_else(bad)? {
            'h' => 3600,
            'd' => 86_400,
            'w' => 7 * 86_400,
            _ => return Err(bad()),
        };
        let n: u64 = t[..t.len() - 1].parse().map_err(|_| bad())?;
        if n == 0 {
            return Err(format!("invalid age {s:?}: must be more than zero"));
        }
        Ok(MaxAge { seconds: n.checked_mul(unit).ok_or_else(bad)? })
    }
}

/// A string field parsed with `FromStr`; the error names the value's line.
fn from_text<'de, D, T>(de: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: std::str::FromStr<Err = String>,
{
    let s = String::deserialize(de)?;
    s.parse().map(Some).map_err(serde::de::Error::custom)
}

fn from_purl<'de, D: Deserializer<'de>>(de: D) -> Result<Option<PurlKey>, D::Error> {
    let s = String::deserialize(de)?;
    PurlKey::parse(&s).map(Some).map_err(serde::de::Error::custom)
}

fn from_glob<'de, D: Deserializer<'de>>(de: D) -> Result<Option<Glob>, D::Error> {
    let s = String::deserialize(de)?;
    Glob::new(&s).map(Some).map_err(serde::de::Error::custom)
}

fn non_empty<'de, D: Deserializer<'de>>(de: D) -> Result<String, D::Error> {
    let s = String::deserialize(de)?;
    if s.trim().is_empty() {
        return Err(serde::de::Error::custom("must not be empty"));
    }
    Ok(s)
}

/// A date written as a TOML local date (`until = 2026-01-31`) or a string
/// (`until = "2026-01-31"`).
fn from_date<'de, D: Deserializer<'de>>(de: D) -> Result<Date, D::Error> {
    let text = match toml::Value::deserialize(de)? {
        toml::Value::String(s) => s,
        toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt.to_string(),
        other => {
            return Err(serde::de::Error::custom(format!(
                "expected a date YYYY-MM-DD, found {}",
                other.type_str()
            )));
        }
    };
    Date::parse(&text).map_err(serde::de::Error::custom)
}

fn spanned_rules<'de, D: Deserializer<'de>>(de: D) -> Result<Vec<IgnoreRule>, D::Error> {
    let spanned = Vec::<toml::Spanned<IgnoreRule>>::deserialize(de)?;
    Ok(spanned
        .into_iter()
        .map(|s| {
            let offset = s.span().start;
            let mut rule = s.into_inner();
            rule.offset = offset;
            rule
        })
        .collect())
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
    let index = crate::syntax::lines::LineIndex::new(text);
    let mut config: Config = toml::from_str(text).map_err(|e: toml::de::Error| {
        let line = e.span().map(|s| index.line(s.start)).unwrap_or(0);
        let mut message = e.message().to_string();
        if message.starts_with("missing field `reason`") || message.starts_with("missing field `until`") {
            message.push_str(" (every [[scan.ignore]] needs a `reason` and an `until = YYYY-MM-DD` date)");
        }
        (line, message)
    })?;
    for rule in &mut config.scan.ignore {
        rule.line = index.line(rule.offset);
    }
    Ok(config)
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
