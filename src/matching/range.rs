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
    for (kind, at) in events {
        let ord = cmp(scheme, version, at)?;
        match kind {
            Kind::Introduced => {
                if ord != Ordering::Less {
                    affected = true;
                    steps.push(format!("{version} >= introduced {at}: affected from here"));
                } else {
                    steps.push(format!("{version} < introduced {at}: not reached"));
                }
            }
            Kind::Fixed => {
                if ord != Ordering::Less {
                    if affected {
                        steps.push(format!("{version} >= fixed {at}: fixed"));
                    }
                    affected = false;
                } else {
                    fixes_above.push(at.to_string());
                    if affected {
                        steps.push(format!("{version} < fixed {at}: still affected"));
                    }
                }
            }
            Kind::LastAffected => {
                if ord == Ordering::Greater {
                    if affected {
                        steps.push(format!("{version} > last_affected {at}: past the range"));
                    }
                    affected = false;
                } else if affected {
                    steps.push(format!("{version} <= last_affected {at}: affected"));
                }
            }
            Kind::Limit => {
                if ord != Ordering::Less {
                    steps.push(format!("{version} >= limit {at}: outside the range"));
                    affected = false;
                    break;
                }
            }
        }
    }
    Ok(RangeVerdict { affected, steps, fixes_above })
}
