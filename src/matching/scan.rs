//! Matches a list of packages against an advisory source and turns the
//! matches into findings: one finding per vulnerability per package, with
//! aliases merged (a GHSA and the PYSEC record of the same CVE are one
//! finding), the fix, the severity and, for `--explain`, the reasoning.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::{match_record, Match, Skipped};
use crate::advisory::index::AdvisoryLookup;
use crate::advisory::osv::Record;
use crate::advisory::severity_of;
use crate::model::{Finding, FindingKind, Location, PackageRef, Severity};

/// A package to check, wherever it came from (a lockfile, an SBOM, an
/// image layer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// OSV ecosystem (`crates.io`, `PyPI`, `Debian:12`, …); `None` when the
    /// package's ecosystem is not one ci-sec can match.
    pub ecosystem: Option<String>,
    pub name: String,
    /// `None` when the version is not pinned.
    pub version: Option<String>,
    pub purl: String,
    pub location: Location,
}

/// A package that was not checked, and why: never silently passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unchecked {
    pub name: String,
    pub version: Option<String>,
    pub location: Location,
    pub reason: String,
}

#[derive(Debug, Default)]
pub struct ScanResult {
    pub findings: Vec<Finding>,
    pub checked: usize,
    pub unchecked: Vec<Unchecked>,
    /// Problems with records (invalid versions, unsupported ranges), de-duplicated.
    pub notes: BTreeSet<String>,
}

pub fn scan(targets: &[Target], source: &dyn AdvisoryLookup) -> ScanResult {
    let mut result = ScanResult::default();
    for t in targets {
        let (Some(ecosystem), Some(version)) = (&t.ecosystem, &t.version) else {
            result.unchecked.push(Unchecked {
                name: t.name.clone(),
                version: t.version.clone(),
                location: t.location.clone(),
                reason: if t.ecosystem.is_none() { "no known ecosystem" } else { "version not pinned" }.into(),
            });
            continue;
        };
        let records = match source.lookup(ecosystem, &t.name) {
            Ok(r) => r,
            Err(e) => {
                result.unchecked.push(Unchecked {
                    name: t.name.clone(),
                    version: Some(version.clone()),
                    location: t.location.clone(),
                    reason: format!("advisory lookup failed: {e}"),
                });
                continue;
            }
        };
        let mut matches: Vec<Matched> = Vec::new();
        let mut invalid = None;
        for record in records {
            let (m, skipped) = match_record(&record, ecosystem, &t.name, version);
            for s in skipped {
                match s {
                    Skipped::InvalidInstalledVersion(e) => invalid = Some(e.to_string()),
                    Skipped::InvalidRecordVersion { record_id, error } => {
                        result.notes.insert(format!("{record_id}: {error}; that range was not evaluated"));
                    }
                    Skipped::Unsupported { record_id, what } => {
                        result.notes.insert(format!("{record_id}: {what} cannot be evaluated against a version; skipped"));
                    }
                }
            }
            if let Some(m) = m {
                matches.push((record, m));
            }
        }
        if let Some(reason) = invalid {
            result.unchecked.push(Unchecked {
                name: t.name.clone(),
                version: Some(version.clone()),
                location: t.location.clone(),
                reason,
            });
            continue;
        }
        result.checked += 1;
        result.findings.extend(merge_aliases(matches).into_iter().map(|group| finding(t, ecosystem, version, &group)));
    }
    result.findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.location.cmp(&b.location))
            .then_with(|| a.rule_id.cmp(&b.rule_id))
    });
    result
}

/// A record that matched, with how.
type Matched = (Arc<Record>, Match);

/// Groups matches whose ids overlap (id or alias), transitively.
fn merge_aliases(matches: Vec<Matched>) -> Vec<Vec<Matched>> {
    let mut groups: Vec<(BTreeSet<String>, Vec<Matched>)> = Vec::new();
    for (record, m) in matches {
        let ids: BTreeSet<String> = record.all_ids().map(str::to_string).collect();
        let mut merged = (ids, vec![(record, m)]);
        let mut i = 0;
        while i < groups.len() {
            if groups[i].0.intersection(&merged.0).next().is_some() {
                let (ids, items) = groups.swap_remove(i);
                merged.0.extend(ids);
                merged.1.extend(items);
                i = 0;
            } else {
                i += 1;
            }
        }
        groups.push(merged);
    }
    groups.into_iter().map(|(_, items)| items).collect()
}

/// Which id names a merged vulnerability: the ecosystem's own database
/// first (its record is usually the most precise), CVE last.
fn id_rank(id: &str) -> u8 {
    const ORDER: [&str; 8] = ["RUSTSEC-", "GO-", "PYSEC-", "GHSA-", "DSA-", "ALSA-", "RLSA-", "OSV-"];
    ORDER.iter().position(|p| id.starts_with(p)).map_or(if id.starts_with("CVE-") { 20 } else { 10 }, |i| i as u8)
}

fn finding(t: &Target, ecosystem: &str, version: &str, group: &[Matched]) -> Finding {
    let mut ids: BTreeSet<&str> = BTreeSet::new();
    for (record, _) in group {
        ids.extend(record.all_ids());
    }
    // Name the finding after one of the matched records themselves (an id
    // we can show the record for), preferring the ecosystem's own database.
    let primary = group
        .iter()
        .map(|(r, _)| r.id.as_str())
        .min_by_key(|id| (id_rank(id), *id))
        .unwrap_or("UNKNOWN")
        .to_string();
    let aliases: Vec<String> = ids.iter().filter(|id| **id != primary).map(|s| s.to_string()).collect();
    let (primary_record, _) = group
        .iter()
        .find(|(r, _)| r.id == primary)
        .or_else(|| group.first())
        .map(|(r, m)| (r.clone(), m))
        .expect("groups are never empty");

    let mut severity = Severity::Info;
    let mut severity_note = String::new();
    for (record, m) in group {
        let (s, why) = severity_of(record, m.affected_index);
        if s > severity || severity_note.is_empty() {
            severity = severity.max(s);
            severity_note = format!("severity {s} from {} ({why})", record.id);
        }
    }
    // Several records may name different fixes; the highest one satisfies all.
    let fixes: BTreeMap<String, ()> = group.iter().filter_map(|(_, m)| m.fixed.clone()).map(|f| (f, ())).collect();
    let fix = if fixes.len() <= 1 {
        fixes.into_keys().next()
    } else {
        let scheme = primary_record
            .affected
            .iter()
            .filter_map(|a| a.ranges.first())
            .find_map(|r| super::ecosystem::scheme_for(ecosystem, &r.kind));
        let mut all: Vec<String> = fixes.into_keys().collect();
        if let Some(scheme) = scheme {
            all.sort_by(|a, b| {
                scheme
                    .compare(&super::ecosystem::version_for(scheme, a), &super::ecosystem::version_for(scheme, b))
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
        }
        all.pop()
    };

    let title = primary_record
        .summary
        .clone()
        .or_else(|| group.iter().find_map(|(r, _)| r.summary.clone()))
        .or_else(|| primary_record.details.as_ref().map(|d| d.lines().next().unwrap_or("").chars().take(120).collect()));
    let message = format!(
        "{} {} is affected by {}{}",
        t.name,
        version,
        primary,
        title.as_ref().map(|s| format!(": {s}")).unwrap_or_default()
    );
    let mut explanation = Vec::new();
    for (record, m) in group {
        explanation.push(format!(
            "{}: affected[{}] {} matched {} {}",
            record.id, m.affected_index, m.matched_by, t.name, version
        ));
        explanation.extend(m.steps.iter().map(|s| format!("  {s}")));
        if let Some(f) = &m.fixed {
            explanation.push(format!("  smallest fix above {version}: {f}"));
        }
    }
    explanation.push(severity_note);

    let mut f = Finding::new(
        FindingKind::Vulnerability,
        primary.clone(),
        severity,
        message,
        t.location.clone(),
        &format!("{ecosystem}/{}", t.name),
    );
    f.aliases = aliases;
    f.title = title;
    f.package = Some(PackageRef {
        name: t.name.clone(),
        version: version.to_string(),
        ecosystem: ecosystem.to_string(),
        purl: t.purl.clone(),
    });
    f.fix = fix;
    f.help_uri = Some(format!("https://osv.dev/vulnerability/{primary}"));
    f.explanation = explanation;
    f
}

/// Every package of an inventory as a match target, located at its
/// declaration.
pub fn targets_from_inventory(inventory: &crate::inventory::Inventory) -> Vec<Target> {
    inventory
        .lockfiles
        .iter()
        .flat_map(|lock| {
            lock.packages.iter().map(move |p| Target {
                ecosystem: Some(p.ecosystem.osv_name().to_string()),
                name: p.name.clone(),
                version: p.version.pinned().map(str::to_string),
                purl: p.purl().to_string(),
                location: Location {
                    path: p.file.clone().unwrap_or_else(|| lock.display.clone()),
                    line: p.line,
                    column: 0,
                },
            })
        })
        .collect()
}

/// The packages of a read SBOM as match targets; OS packages are mapped to
/// their distribution's OSV identity, and entries that cannot be matched
/// are returned as unchecked, with the reason.
pub fn targets_from_sbom(sbom: &crate::sbom::read::ReadSbom, display: &str) -> (Vec<Target>, Vec<Unchecked>) {
    let locate = |file: Option<&str>, line: u32| Location { path: file.unwrap_or(display).to_string(), line, column: 0 };
    let mut targets: Vec<Target> = sbom
        .packages
        .iter()
        .map(|p| Target {
            ecosystem: Some(p.ecosystem.osv_name().to_string()),
            name: p.name.clone(),
            version: p.version.pinned().map(str::to_string),
            purl: p.purl().to_string(),
            location: locate(p.file.as_deref(), p.line),
        })
        .collect();
    let mut unchecked = Vec::new();
    for u in &sbom.unchecked {
        let mapped = u.os_package.as_ref().map(super::distro::osv_identity);
        match mapped {
            Some(Ok((ecosystem, name, version))) => targets.push(Target {
                ecosystem: Some(ecosystem),
                name,
                version: Some(version),
                purl: u.purl.clone().unwrap_or_default(),
                location: locate(None, u.line),
            }),
            Some(Err(reason)) => unchecked.push(Unchecked {
                name: u.name.clone(),
                version: u.version.clone(),
                location: locate(None, u.line),
                reason,
            }),
            None => unchecked.push(Unchecked {
                name: u.name.clone(),
                version: u.version.clone(),
                location: locate(None, u.line),
                reason: u.reason.clone(),
            }),
        }
    }
    (targets, unchecked)
}
