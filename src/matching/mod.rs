//! Matching: decides whether an inventoried package version is affected by
//! an advisory, using each ecosystem's own version ordering, and explains
//! the decision.
//!
//! A record affects `(ecosystem, name, version)` when one of its `affected`
//! entries names that package (names normalised per ecosystem) and either a
//! `SEMVER`/`ECOSYSTEM` range includes the version or the explicit
//! `versions` list holds it. `GIT` ranges cannot be evaluated against a
//! package version and are skipped with a note. Withdrawn records never
//! match. The fix reported is the smallest `fixed` above the version.

pub mod distro;
pub mod ecosystem;
pub mod range;
pub mod scan;
pub mod version;

use std::cmp::Ordering;

use crate::advisory::osv::Record;
use version::{InvalidVersion, Scheme};

/// Why a record matched, for `--explain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub record_id: String,
    /// Index of the `affected` entry that matched.
    pub affected_index: usize,
    /// `range 0 (SEMVER)` or `versions list`.
    pub matched_by: String,
    /// The comparator's verdicts, in order.
    pub steps: Vec<String>,
    /// The smallest `fixed` version above the installed one.
    pub fixed: Option<String>,
}

/// Things a caller should tell the user about one record and package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skipped {
    /// The installed version is not valid in its ecosystem.
    InvalidInstalledVersion(InvalidVersion),
    /// The record has a version the ecosystem's ordering rejects.
    InvalidRecordVersion { record_id: String, error: InvalidVersion },
    /// A range type ci-sec cannot evaluate (GIT), or an ecosystem without an
    /// ordering.
    Unsupported { record_id: String, what: String },
}

/// Checks one record against one package version.
pub fn match_record(record: &Record, ecosystem: &str, name: &str, version: &str) -> (Option<Match>, Vec<Skipped>) {
    let mut skipped = Vec::new();
    if record.is_withdrawn() {
        return (None, skipped);
    }
    let wanted = ecosystem::normalize_name(ecosystem, name);
    let mut best: Option<Match> = None;
    for (i, affected) in record.affected.iter().enumerate() {
        let Some(pkg) = &affected.package else { continue };
        if pkg.ecosystem != ecosystem || ecosystem::normalize_name(&pkg.ecosystem, &pkg.name) != wanted {
            continue;
        }
        let mut hit: Option<Match> = None;
        let mut fixes: Vec<String> = Vec::new();
        let mut scheme_used: Option<Scheme> = None;
        for (r, range) in affected.ranges.iter().enumerate() {
            let Some(scheme) = ecosystem::scheme_for(ecosystem, &range.kind) else {
                skipped.push(Skipped::Unsupported {
                    record_id: record.id.clone(),
                    what: format!("{} range in {}", range.kind, ecosystem),
                });
                continue;
            };
            scheme_used = Some(scheme);
            match range::evaluate(scheme, range, version) {
                Ok(verdict) => {
                    fixes.extend(verdict.fixes_above.iter().cloned());
                    if verdict.affected && hit.is_none() {
                        hit = Some(Match {
                            record_id: record.id.clone(),
                            affected_index: i,
                            matched_by: format!("range {r} ({})", range.kind),
                            steps: verdict.steps,
                            fixed: None,
                        });
                    }
                }
                Err(error) if error.version == ecosystem::version_for(scheme, version) => {
                    return (None, vec![Skipped::InvalidInstalledVersion(error)]);
                }
                Err(error) => skipped.push(Skipped::InvalidRecordVersion { record_id: record.id.clone(), error }),
            }
        }
        if hit.is_none() && affected.versions.iter().any(|v| v == version) {
            hit = Some(Match {
                record_id: record.id.clone(),
                affected_index: i,
                matched_by: "versions list".into(),
                steps: vec![format!("{version} is listed in `versions`")],
                fixed: None,
            });
        }
        if let Some(mut m) = hit {
            m.fixed = smallest(scheme_used, fixes);
            if best.is_none() {
                best = Some(m);
            }
        }
    }
    (best, skipped)
}

fn smallest(scheme: Option<Scheme>, mut fixes: Vec<String>) -> Option<String> {
    let scheme = scheme?;
    fixes.sort_by(|a, b| {
        scheme
            .compare(&ecosystem::version_for(scheme, a), &ecosystem::version_for(scheme, b))
            .unwrap_or(Ordering::Equal)
    });
    fixes.into_iter().next()
}
