//! Where advisory records come from: OSV directories (JSON and YAML), OSV
//! `all.zip` dumps, the OSV API, the RustSec advisory database. Every
//! loader reads defensively: a malformed record is skipped and counted, with
//! example ids in the report, and never aborts the load.

pub mod dir;
pub mod git;
pub mod osv_api;
pub mod rustsec;
pub mod zip;

use super::osv::Record;

/// What a load did, for `db import`/`scan` summaries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadReport {
    pub records: usize,
    pub withdrawn: usize,
    pub rejected: usize,
    /// Up to [`MAX_EXAMPLES`] `(file or id, reason)` of rejected records.
    pub rejected_examples: Vec<(String, String)>,
}

pub const MAX_EXAMPLES: usize = 5;

impl LoadReport {
    pub fn reject(&mut self, what: impl Into<String>, why: impl Into<String>) {
        self.rejected += 1;
        if self.rejected_examples.len() < MAX_EXAMPLES {
            self.rejected_examples.push((what.into(), why.into()));
        }
    }

    pub fn merge(&mut self, other: LoadReport) {
        self.records += other.records;
        self.withdrawn += other.withdrawn;
        for (what, why) in other.rejected_examples {
            if self.rejected_examples.len() < MAX_EXAMPLES {
                self.rejected_examples.push((what, why));
            }
        }
        self.rejected += other.rejected;
    }

    /// One line for terminals: `8158 records (3 withdrawn); 2 rejected, e.g. X (why)`.
    pub fn summary(&self) -> String {
        let mut s = format!("{} records", self.records);
        if self.withdrawn > 0 {
            s.push_str(&format!(" ({} withdrawn)", self.withdrawn));
        }
        if self.rejected > 0 {
            let examples: Vec<String> = self.rejected_examples.iter().map(|(w, y)| format!("{w} ({y})")).collect();
            s.push_str(&format!("; {} rejected, e.g. {}", self.rejected, examples.join("; ")));
        }
        s
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read advisories from {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error(transparent)]
    Zip(#[from] zip::ZipError),
}

/// Loads records from a local path of any supported shape: an OSV `all.zip`
/// dump (a file), a RustSec advisory-db checkout, or a directory of OSV
/// JSON/YAML files. Also returns where they came from (the canonical path,
/// with the commit for a git checkout).
pub fn load_path(path: &std::path::Path) -> Result<(Vec<Record>, LoadReport, String), LoadError> {
    let origin = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()).display().to_string();
    let io = |source| LoadError::Io { path: path.display().to_string(), source };
    if path.is_file() {
        let (records, report) = zip::load(path)?;
        Ok((records, report, origin))
    } else if rustsec::is_checkout(path) {
        let (records, report) = rustsec::load(path).map_err(io)?;
        let origin = match git::head_commit(path) {
            Some(commit) => format!("{origin}@{commit}"),
            None => origin,
        };
        Ok((records, report, origin))
    } else {
        let (records, report) = dir::load(path).map_err(io)?;
        Ok((records, report, origin))
    }
}

/// Parses one record file's bytes by its extension.
pub fn parse_record(file_name: &str, bytes: &[u8]) -> Result<Record, String> {
    let lower = file_name.to_ascii_lowercase();
    let record = if lower.ends_with(".yaml") || lower.ends_with(".yml") {
        let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))?;
        Record::from_yaml(text)
    } else {
        Record::from_json(bytes)
    };
    let record = record.map_err(|e| e.to_string())?;
    if record.id.trim().is_empty() {
        return Err("empty id".into());
    }
    Ok(record)
}

/// Whether a file name looks like an OSV record.
pub fn is_record_file(file_name: &str) -> bool {
    let lower = file_name.to_ascii_lowercase();
    (lower.ends_with(".json") || lower.ends_with(".yaml") || lower.ends_with(".yml"))
        && !lower.starts_with('.')
}
