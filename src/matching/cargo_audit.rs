//! crates.io matching the way cargo-audit matches: a version is vulnerable
//! unless it satisfies one of the advisory's `patched` or `unaffected` Cargo
//! requirements (`semver::VersionReq` semantics).
//!
//! For release versions this is the same as OSV range evaluation. It differs
//! for pre-releases: a requirement such as `>= 1.2.3` never matches
//! `1.5.0-rc.1` (Cargo lets a pre-release match only a comparator with the
//! same major.minor.patch and a pre-release of its own), so cargo-audit
//! reports pre-releases of affected crates as vulnerable where plain range
//! arithmetic would call them fixed. Users compare ci-sec with cargo-audit,
//! so crates.io pre-releases are matched with these semantics: from the
//! native RustSec requirements when the record carries them, else from
//! requirements rebuilt from the OSV events (`>= fixed, < next introduced`).

use super::version::semver::{cargo_req_matches, parse_cargo};
use super::version::InvalidVersion;
use crate::advisory::osv::{Affected, Event};

/// `(patched, unaffected)` Cargo requirements of an affected entry: the
/// native ones when present, else rebuilt from its SEMVER ranges.
pub fn requirements(affected: &Affected) -> (Vec<String>, Vec<String>) {
    if let Some(native) = affected.database_specific.as_ref().and_then(|d| d.get("rustsec")) {
        let list = |k: &str| -> Vec<String> {
            native.get(k).and_then(|v| v.as_array()).map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect()).unwrap_or_default()
        };
        return (list("patched"), list("unaffected"));
    }
    let mut patched = Vec::new();
    let mut unaffected = Vec::new();
    for range in affected.ranges.iter().filter(|r| r.kind == "SEMVER") {
        let (p, u) = from_events(&range.events);
        patched.extend(p);
        unaffected.extend(u);
    }
    (patched, unaffected)
}

/// Rebuilds requirements from events in record order (RustSec's OSV export
/// writes them in order): the complement of the affected intervals.
fn from_events(events: &[Event]) -> (Vec<String>, Vec<String>) {
    let mut patched = Vec::new();
    let mut unaffected = Vec::new();
    let mut first = true;
    let mut open_fix: Option<&str> = None;
    for e in events {
        if let Some(i) = &e.introduced {
            if first && i != "0" && i != "0.0.0-0" {
                unaffected.push(format!("< {i}"));
            }
            if let Some(f) = open_fix.take() {
                patched.push(format!(">= {f}, < {i}"));
            }
        } else if let Some(f) = &e.fixed {
            open_fix = Some(f);
        } else if let Some(l) = &e.last_affected {
            patched.push(format!("> {l}"));
        }
        first = false;
    }
    if let Some(f) = open_fix {
        patched.push(format!(">= {f}"));
    }
    (patched, unaffected)
}

/// Vulnerable unless a patched or unaffected requirement matches.
pub fn is_vulnerable(version: &str, patched: &[String], unaffected: &[String]) -> Result<bool, InvalidVersion> {
    parse_cargo(version)?;
    for req in patched.iter().chain(unaffected) {
        if cargo_req_matches(req, version)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The smallest lower bound of a patched requirement above `version`: the
/// version to upgrade to.
pub fn fix_above(version: &str, patched: &[String]) -> Option<String> {
    let v = parse_cargo(version).ok()?;
    patched
        .iter()
        .flat_map(|req| req.split(','))
        .filter_map(|c| {
            let c = c.trim();
            let bound = c.strip_prefix(">=").or_else(|| c.strip_prefix('^')).or_else(|| c.strip_prefix('~'))?.trim();
            let parsed = parse_cargo(bound).ok()?;
            (parsed > v).then(|| (parsed, bound.to_string()))
        })
        .min_by(|a, b| a.0.cmp(&b.0))
        .map(|(_, s)| s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(k: &str, v: &str) -> Event {
        let v = Some(v.to_string());
        match k {
            "introduced" => Event { introduced: v, ..Event::default() },
            "fixed" => Event { fixed: v, ..Event::default() },
            _ => Event { last_affected: v, ..Event::default() },
        }
    }

    #[test]
    fn requirements_rebuilt_from_events() {
        let (p, u) = from_events(&[ev("introduced", "1.0.0"), ev("fixed", "1.2.3"), ev("introduced", "2.0.0"), ev("fixed", "2.0.1")]);
        assert_eq!(p, [">= 1.2.3, < 2.0.0", ">= 2.0.1"]);
        assert_eq!(u, ["< 1.0.0"]);
    }

    #[test]
    fn pre_releases_match_as_cargo_audit_does() {
        let patched = vec![">= 1.2.3".to_string()];
        assert!(!is_vulnerable("1.5.0", &patched, &[]).unwrap());
        // A pre-release never satisfies `>= 1.2.3`: still vulnerable.
        assert!(is_vulnerable("1.5.0-rc.1", &patched, &[]).unwrap());
        assert!(is_vulnerable("1.2.0", &patched, &[]).unwrap());
        assert_eq!(fix_above("1.2.0", &patched).as_deref(), Some("1.2.3"));
        assert!(is_vulnerable("not-a-version", &patched, &[]).is_err());
    }
}
