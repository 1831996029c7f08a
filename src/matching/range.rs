//! OSV range evaluation: does a version fall in a `SEMVER`/`ECOSYSTEM`
//! range? Events are sorted by the ecosystem's ordering (`introduced: "0"`
//! first) and applied in turn up to the version: `introduced` opens,
//! `fixed` (at or below the version) and `last_affected` (below it) close,
//! and a `limit` at or below the version excludes the range. Every step is
//! recorded, so `--explain` can show the comparator's verdicts.

use std::cmp::Ordering;

use super::ecosystem::version_for;
use super::version::{InvalidVersion, Scheme};
use crate::advisory::osv::{Event, Range};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RangeVerdict {
    pub affected: bool,
    /// One line per event considered: `1.2.0 >= introduced 1.0.0`.
    pub steps: Vec<String>,
    /// `fixed` events above the version (fix candidates).
    pub fixes_above: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Introduced,
    Fixed,
    LastAffected,
    Limit,
}

fn kind_and_version(e: &Event) -> Option<(Kind, &str)> {
    if let Some(v) = &e.introduced {
        Some((Kind::Introduced, v))
    } else if let Some(v) = &e.fixed {
        Some((Kind::Fixed, v))
    } else if let Some(v) = &e.last_affected {
        Some((Kind::LastAffected, v))
    } else {
        e.limit.as_deref().map(|v| (Kind::Limit, v))
    }
}

fn cmp(scheme: Scheme, a: &str, b: &str) -> Result<Ordering, InvalidVersion> {
    // `introduced: "0"` means "from the beginning", whatever the scheme.
    match (a == "0", b == "0") {
        (true, true) => return Ok(Ordering::Equal),
        (true, false) => return Ok(Ordering::Less),
        (false, true) => return Ok(Ordering::Greater),
        _ => {}
    }
    scheme.compare(&version_for(scheme, a), &version_for(scheme, b))
}

/// Evaluates `range` for `version`. Errors name the invalid version (the
/// installed one or one of the record's).
pub fn evaluate(scheme: Scheme, range: &Range, version: &str) -> Result<RangeVerdict, InvalidVersion> {
    scheme.validate(&version_for(scheme, version))?;
    let mut events: Vec<(Kind, &str)> = range.events.iter().filter_map(kind_and_version).collect();
    for (_, v) in &events {
        if *v != "0" {
            scheme.validate(&version_for(scheme, v))?;
        }
    }
    // Validated above, so comparisons cannot fail; ties keep record order.
    events.sort_by(|a, b| cmp(scheme, a.1, b.1).unwrap_or(Ordering::Equal));

    let mut affected = false;
    let mut steps = Vec::new();
    let mut fixes_above = Vec::new();
    // Events at or below the version decide; the first one above it is shown
    // as the reason the state holds; `fixed` events above are fix candidates.
    let mut explained_above = false;
    for (kind, at) in events {
        let ord = cmp(scheme, version, at)?;
        let reached = match kind {
            Kind::LastAffected => ord == Ordering::Greater,
            _ => ord != Ordering::Less,
        };
        if !reached {
            if kind == Kind::Fixed {
                fixes_above.push(at.to_string());
            }
            if !explained_above {
                explained_above = true;
                steps.push(match (kind, affected) {
                    (Kind::Introduced, _) => format!("{version} < introduced {at}: not reached"),
                    (Kind::Fixed, true) => format!("{version} < fixed {at}: affected"),
                    (Kind::LastAffected, true) => format!("{version} <= last_affected {at}: affected"),
                    (Kind::Limit, true) => format!("{version} < limit {at}: affected"),
                    (_, false) => format!("{version} is below {at}: not affected"),
                });
            }
            continue;
        }
        match kind {
            Kind::Introduced => {
                affected = true;
                steps.push(format!("{version} >= introduced {at}: affected from here"));
            }
            Kind::Fixed => {
                if affected {
                    steps.push(format!("{version} >= fixed {at}: fixed"));
                }
                affected = false;
            }
            Kind::LastAffected => {
                if affected {
                    steps.push(format!("{version} > last_affected {at}: past the range"));
                }
                affected = false;
            }
            Kind::Limit => {
                steps.push(format!("{version} >= limit {at}: outside the range"));
                affected = false;
                break;
            }
        }
    }
    Ok(RangeVerdict { affected, steps, fixes_above })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(events: &[(&str, &str)]) -> Range {
        Range {
            kind: "ECOSYSTEM".into(),
            repo: None,
            events: events
                .iter()
                .map(|(k, v)| {
                    let v = Some(v.to_string());
                    match *k {
                        "introduced" => Event { introduced: v, ..Event::default() },
                        "fixed" => Event { fixed: v, ..Event::default() },
                        "last_affected" => Event { last_affected: v, ..Event::default() },
                        _ => Event { limit: v, ..Event::default() },
                    }
                })
                .collect(),
            database_specific: None,
        }
    }

    fn affected(events: &[(&str, &str)], version: &str) -> bool {
        evaluate(Scheme::Debian, &range(events), version).unwrap().affected
    }

    #[test]
    fn introduced_fixed_pairs_in_any_order() {
        // Events out of order in the record: sorted before evaluation.
        let ev = [("fixed", "1.2-1"), ("introduced", "1.0-1"), ("fixed", "2.1-1"), ("introduced", "2.0-1")];
        assert!(!affected(&ev, "0.9-1"));
        assert!(affected(&ev, "1.0-1"));
        assert!(affected(&ev, "1.1-3"));
        assert!(!affected(&ev, "1.2-1"));
        assert!(!affected(&ev, "1.9-1"));
        assert!(affected(&ev, "2.0-1"));
        assert!(!affected(&ev, "2.1-1"));
        // dpkg ordering, not string ordering: 1.10 > 1.9, ~ sorts first.
        assert!(affected(&[("introduced", "0"), ("fixed", "1.10")], "1.9"));
        assert!(affected(&[("introduced", "0"), ("fixed", "1.0")], "1.0~rc1"));
    }

    #[test]
    fn last_affected_is_inclusive_and_limit_exclusive() {
        let ev = [("introduced", "0"), ("last_affected", "1.5")];
        assert!(affected(&ev, "1.5"));
        assert!(!affected(&ev, "1.5.1"));
        let ev = [("introduced", "1.0"), ("limit", "1.3")];
        assert!(affected(&ev, "1.2"));
        assert!(!affected(&ev, "1.3"));
        assert!(!affected(&ev, "2.0"));
    }

    #[test]
    fn fixes_above_and_explanations() {
        let v = evaluate(Scheme::Debian, &range(&[("introduced", "0"), ("fixed", "1.2"), ("fixed", "1.4")]), "1.1").unwrap();
        assert!(v.affected);
        assert_eq!(v.fixes_above, ["1.2", "1.4"]);
        assert_eq!(v.steps[0], "1.1 >= introduced 0: affected from here");
    }

    #[test]
    fn invalid_versions_are_errors_not_comparisons() {
        let err = evaluate(Scheme::Debian, &range(&[("introduced", "0"), ("fixed", "not a version!")]), "1.0").unwrap_err();
        assert_eq!(err.version, "not a version!");
        let err = evaluate(Scheme::Debian, &range(&[("introduced", "0")]), "").unwrap_err();
        assert_eq!(err.version, "");
    }
}
