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

pub mod cargo_audit;
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
        if let Some(result) = cargo_audit_match(record, i, ecosystem, version) {
            match result {
                Ok(m) => {
                    if best.is_none() {
                        best = m;
                    }
                }
                Err(s) => {
                    let fatal = matches!(s, Skipped::InvalidInstalledVersion(_));
                    skipped.push(s);
                    if fatal {
                        return (None, skipped);
                    }
                }
            }
            continue;
        }
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

/// crates.io entries evaluated with cargo-audit's semantics
/// ([`cargo_audit`]): always for native RustSec records, and for pre-release
/// versions everywhere. `None` when the ordinary range evaluation applies.
fn cargo_audit_match(record: &Record, index: usize, ecosystem: &str, version: &str) -> Option<Result<Option<Match>, Skipped>> {
    if ecosystem != "crates.io" {
        return None;
    }
    let affected = record.affected.get(index)?;
    let native = affected.database_specific.as_ref().is_some_and(|d| d.get("rustsec").is_some());
    let prerelease = version::semver::parse_cargo(version).map(|v| v.is_prerelease()).unwrap_or(false);
    if !native && !prerelease {
        return None;
    }
    let (patched, unaffected) = cargo_audit::requirements(affected);
    Some(match cargo_audit::is_vulnerable(version, &patched, &unaffected) {
        Ok(false) => Ok(None),
        Ok(true) => Ok(Some(Match {
            record_id: record.id.clone(),
            affected_index: index,
            matched_by: "cargo requirements (as cargo-audit)".into(),
            steps: vec![format!(
                "{version} satisfies no patched requirement {patched:?} and no unaffected requirement {unaffected:?}"
            )],
            fixed: cargo_audit::fix_above(version, &patched),
        })),
        Err(error) if error.version == version => Err(Skipped::InvalidInstalledVersion(error)),
        Err(error) => Err(Skipped::InvalidRecordVersion { record_id: record.id.clone(), error }),
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn record(json: &str) -> Record {
        Record::from_json(json.as_bytes()).unwrap()
    }

    fn matched(rec: &Record, eco: &str, name: &str, version: &str) -> Option<Match> {
        match_record(rec, eco, name, version).0
    }

    #[test]
    fn explicit_versions_lists_and_normalised_names() {
        let rec = record(
            r#"{"id":"PYSEC-1","affected":[{"package":{"ecosystem":"PyPI","name":"Django_Rest.Framework"},"versions":["3.1.0","3.2"]}]}"#,
        );
        assert!(matched(&rec, "PyPI", "django-rest-framework", "3.2").is_some());
        assert!(matched(&rec, "PyPI", "django-rest-framework", "3.3").is_none());
        assert!(matched(&rec, "npm", "django-rest-framework", "3.2").is_none(), "ecosystems must match");
    }

    #[test]
    fn withdrawn_records_never_match() {
        let rec = record(
            r#"{"id":"GHSA-w","withdrawn":"2024-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"npm","name":"x"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"}]}]}]}"#,
        );
        assert!(matched(&rec, "npm", "x", "1.0.0").is_none());
    }

    #[test]
    fn git_ranges_are_skipped_with_a_note_and_fix_is_the_smallest_above() {
        let rec = record(
            r#"{"id":"OSV-1","affected":[{"package":{"ecosystem":"PyPI","name":"p"},"ranges":[
                {"type":"GIT","repo":"https://example.invalid/p","events":[{"introduced":"0"},{"fixed":"abc"}]},
                {"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"2.0"},{"fixed":"1.10"}]}]}]}"#,
        );
        let (m, skipped) = match_record(&rec, "PyPI", "p", "1.9");
        let m = m.unwrap();
        assert_eq!(m.fixed.as_deref(), Some("1.10"), "PEP 440 order: 1.10 > 1.9, and the smallest fix above wins");
        assert!(matches!(&skipped[0], Skipped::Unsupported { what, .. } if what.contains("GIT")));
    }

    #[test]
    fn invalid_installed_versions_are_reported_not_compared() {
        let rec = record(
            r#"{"id":"GHSA-1","affected":[{"package":{"ecosystem":"npm","name":"x"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.0.0"}]}]}]}"#,
        );
        let (m, skipped) = match_record(&rec, "npm", "x", "not.a.version");
        assert!(m.is_none());
        assert!(matches!(&skipped[0], Skipped::InvalidInstalledVersion(_)));
    }

    #[test]
    fn go_versions_with_v_match_records_without() {
        let rec = record(
            r#"{"id":"GO-1","affected":[{"package":{"ecosystem":"Go","name":"golang.org/x/net"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"0.13.0"}]}]}]}"#,
        );
        assert_eq!(matched(&rec, "Go", "golang.org/x/net", "v0.7.0").unwrap().fixed.as_deref(), Some("0.13.0"));
        assert!(matched(&rec, "Go", "golang.org/x/net", "v0.13.0").is_none());
        // Pseudo-versions sort as pre-releases of the next patch.
        assert!(matched(&rec, "Go", "golang.org/x/net", "v0.0.0-20200301022130-244492dfa37a").is_some());
    }

    #[test]
    fn crates_io_pre_releases_follow_cargo_audit() {
        let rec = record(
            r#"{"id":"RUSTSEC-1","affected":[{"package":{"ecosystem":"crates.io","name":"c"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0.0.0-0"},{"fixed":"1.2.3"}]}]}]}"#,
        );
        assert!(matched(&rec, "crates.io", "c", "1.5.0").is_none());
        // Range arithmetic would say fixed; cargo-audit says vulnerable.
        let m = matched(&rec, "crates.io", "c", "1.5.0-rc.1").unwrap();
        assert!(m.matched_by.contains("cargo-audit"));
        assert!(matched(&rec, "crates.io", "c", "1.0.0").is_some());
    }
}
