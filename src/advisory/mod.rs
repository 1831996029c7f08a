//! Advisories: the OSV model, where records come from, and severity.

pub mod index;
pub mod severity;
pub mod osv;
pub mod source;

use crate::model::Severity;
use osv::Record;

/// A record's severity for the matched `affected` entry, and where it came
/// from: a CVSS vector (computed), else the database's own rating
/// (`database_specific.severity`, as GitHub writes it), else unknown, which
/// is reported as medium so it is neither hidden nor over-stated.
pub fn severity_of(record: &Record, affected_index: usize) -> (Severity, String) {
    // RustSec "informational" advisories (unmaintained, unsound, notice) are
    // warnings, not vulnerabilities, as cargo-audit reports them.
    let informational = record
        .affected
        .get(affected_index)
        .and_then(|a| a.database_specific.as_ref())
        .and_then(|d| d.get("informational"))
        .and_then(|i| i.as_str());
    if let Some(kind) = informational {
        return (Severity::Info, format!("informational advisory ({kind})"));
    }
    let vectors = record
        .affected
        .get(affected_index)
        .map(|a| a.severity.as_slice())
        .unwrap_or_default()
        .iter()
        .chain(&record.severity);
    let mut best: Option<(f64, Severity, String)> = None;
    for entry in vectors {
        if let Ok((score, rating)) = severity::score_vector(&entry.score)
            && best.as_ref().is_none_or(|(s, _, _)| score > *s)
        {
            best = Some((score, rating.into(), format!("{} {}", entry.kind, entry.score)));
        }
    }
    if let Some((score, rating, vector)) = best {
        return (rating, format!("score {score:.1} computed from {vector}"));
    }
    let declared = record
        .database_specific
        .as_ref()
        .and_then(|d| d.get("severity"))
        .and_then(|s| s.as_str())
        .and_then(|s| s.parse::<Severity>().ok());
    match declared {
        Some(s) => (s, "database_specific.severity".into()),
        None => (Severity::Medium, "no severity in the record; reported as medium".into()),
    }
}
