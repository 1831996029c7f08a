//! CycloneDX 1.6 with vulnerabilities: the SBOM of the scanned tree plus
//! one `vulnerabilities` entry per vulnerable component, for
//! Dependency-Track and other consumers of CycloneDX VEX/VDR data.
//!
//! The SBOM part is the 1.6 writer's own output
//! ([`crate::sbom::cyclonedx::v1_6::to_json_with`]); this module only turns
//! findings into [`Vulnerability`] entries. Mapping decisions:
//! - only vulnerability findings with a package become entries;
//!   misconfigurations have no CycloneDX counterpart, and unreadable
//!   inputs are already listed by the SBOM (`ci-sec:unreadable-input`);
//! - one entry per (advisory id, component): the same advisory on the
//!   same package in two lockfiles is one component in the SBOM, so it is
//!   one entry, with every lockfile location as a `ci-sec:location`
//!   property; an active finding wins over a suppressed one. `bom-ref` is
//!   `vuln:<id>/<component bom-ref>`;
//! - `affects.ref` is the component's `bom-ref` (its PURL) when the SBOM
//!   holds the package, else the finding's PURL;
//! - `source` is the advisory's publisher, judged by the id prefix, with
//!   the finding's `help_uri` as URL when it has one; aliases become
//!   `references` the same way;
//! - `ratings`: one per CVSS vector the finding carries
//!   ([`super::cvss_ratings`]: method CVSSv2/CVSSv3/CVSSv31/CVSSv4, the
//!   vector, the score when stated, its band as severity); when there is
//!   none, or none agrees with the finding's severity (a policy re-rated
//!   it), one rating with the finding's severity and method `other`;
//! - `description` is the title, `detail` the message,
//!   `recommendation` `Upgrade to X` when a fixed version is known;
//! - suppressed findings get an `analysis`. VEX statuses map to states:
//!   not_affected → `not_affected`, fixed → `resolved`, affected →
//!   `exploitable`, under_investigation → `in_triage`; OpenVEX
//!   justifications to CycloneDX's ([`justification`]):
//!   component_not_present and vulnerable_code_not_present →
//!   `code_not_present`, vulnerable_code_not_in_execute_path →
//!   `code_not_reachable`, vulnerable_code_cannot_be_controlled_by_adversary
//!   → `requires_environment`, inline_mitigations_already_exist →
//!   `protected_by_mitigating_control`; CycloneDX's own values pass
//!   through. An ignore rule states no analysis state (ignoring is not a
//!   claim about exploitability), only its reason in `detail`. The
//!   affected version's status follows: `unaffected` for not_affected and
//!   resolved, `unknown` in triage, else `affected`.

use std::collections::HashMap;

use super::{advisory_source, cvss_ratings, headline, severity_band, suppression_text, CvssVersion, Partition, ReportContext};
use crate::model::{Finding, FindingKind, Severity, Suppression};
use crate::sbom::cyclonedx::vulnerability::{
    AffectedStatus, AffectedVersion, Affects, Analysis, AnalysisState, Justification, Property, Rating, RatingSeverity,
    Reference, ScoreMethod, Source, Vulnerability,
};
use crate::sbom::cyclonedx::{v1_6, CycloneDxError};
use crate::sbom::Document;

/// The SBOM of `doc` with the vulnerability findings as its
/// `vulnerabilities` section (CycloneDX 1.6 JSON).
pub fn render(doc: &Document, findings: &[Finding], ctx: &ReportContext) -> Result<Vec<u8>, CycloneDxError> {
    v1_6::to_json_with(doc, &vulnerabilities(doc, findings, ctx))
}

/// The `vulnerabilities` entries for `findings`: active ones first, then
/// suppressed ones, each in the report order.
pub fn vulnerabilities(doc: &Document, findings: &[Finding], ctx: &ReportContext) -> Vec<Vulnerability> {
    let parts = Partition::new(findings, ctx);
    let by_purl: HashMap<&str, &str> = doc.components.iter().map(|c| (c.purl.as_str(), c.bom_ref.as_str())).collect();
    let mut out: Vec<Vulnerability> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for f in parts.active.iter().chain(&parts.suppressed) {
        if f.kind != FindingKind::Vulnerability {
            continue;
        }
        let Some(pkg) = &f.package else { continue };
        let component = by_purl.get(pkg.purl.as_str()).copied().unwrap_or(&pkg.purl);
        let bom_ref = format!("vuln:{}/{component}", f.rule_id);
        if let Some(&i) = index.get(&bom_ref) {
            let loc = location_property(f);
            if !out[i].properties.contains(&loc) {
                out[i].properties.push(loc);
            }
            continue;
        }
        index.insert(bom_ref.clone(), out.len());
        out.push(vulnerability(f, bom_ref, component, &pkg.version));
    }
    out
}

fn vulnerability(f: &Finding, bom_ref: String, component: &str, version: &str) -> Vulnerability {
    let analysis = f.suppressed.as_ref().map(analysis);
    let status = match analysis.as_ref().and_then(|a| a.state) {
        Some(AnalysisState::NotAffected | AnalysisState::Resolved | AnalysisState::ResolvedWithPedigree | AnalysisState::FalsePositive) => {
            AffectedStatus::Unaffected
        }
        Some(AnalysisState::InTriage) => AffectedStatus::Unknown,
        Some(AnalysisState::Exploitable) | None => AffectedStatus::Affected,
    };
    let publisher = advisory_source(&f.rule_id);
    let source = Source { name: publisher.name.to_string(), url: f.help_uri.clone().unwrap_or(publisher.url) };
    let description = headline(f).to_string();
    Vulnerability {
        bom_ref,
        id: f.rule_id.clone(),
        ratings: ratings(f, &source),
        source: Some(source),
        references: f
            .aliases
            .iter()
            .filter(|a| **a != f.rule_id)
            .map(|a| {
                let s = advisory_source(a);
                Reference { id: a.clone(), source: Source { name: s.name.to_string(), url: s.url } }
            })
            .collect(),
        detail: (!f.message.is_empty() && f.message != description).then(|| f.message.clone()),
        description: Some(description),
        recommendation: f.fix.as_deref().filter(|v| !v.is_empty()).map(|v| format!("Upgrade to {v}")),
        analysis,
        affects: vec![Affects {
            reference: component.to_string(),
            versions: if version.is_empty() {
                Vec::new()
            } else {
                vec![AffectedVersion { version: version.to_string(), status }]
            },
        }],
        properties: vec![
            Property { name: "ci-sec:fingerprint".into(), value: f.fingerprint.clone() },
            location_property(f),
        ],
    }
}

fn location_property(f: &Finding) -> Property {
    Property { name: "ci-sec:location".into(), value: f.location.to_string() }
}

fn rating_severity(s: Severity) -> RatingSeverity {
    match s {
        Severity::Critical => RatingSeverity::Critical,
        Severity::High => RatingSeverity::High,
        Severity::Medium => RatingSeverity::Medium,
        Severity::Low => RatingSeverity::Low,
        Severity::Info => RatingSeverity::Info,
    }
}

fn ratings(f: &Finding, source: &Source) -> Vec<Rating> {
    let mut out: Vec<Rating> = Vec::new();
    let mut agrees = false;
    for r in cvss_ratings(f) {
        let severity = r.score.map(severity_band).unwrap_or(f.severity);
        agrees |= severity == f.severity;
        out.push(Rating {
            source: Some(source.clone()),
            score: r.score,
            severity: rating_severity(severity),
            method: match r.version {
                CvssVersion::V2 => ScoreMethod::CvssV2,
                CvssVersion::V3_0 => ScoreMethod::CvssV3,
                CvssVersion::V3_1 => ScoreMethod::CvssV31,
                CvssVersion::V4_0 => ScoreMethod::CvssV4,
            },
            vector: Some(r.vector),
            justification: None,
        });
    }
    if !agrees {
        out.push(Rating {
            source: None,
            score: None,
            severity: rating_severity(f.severity),
            method: ScoreMethod::Other,
            vector: None,
            justification: (!out.is_empty()).then(|| "severity assigned by ci-sec policy".to_string()),
        });
    }
    out
}

fn analysis(s: &Suppression) -> Analysis {
    let state = if s.kind == "vex" {
        match s.status.as_str() {
            "not_affected" => Some(AnalysisState::NotAffected),
            "fixed" => Some(AnalysisState::Resolved),
            "affected" => Some(AnalysisState::Exploitable),
            "under_investigation" => Some(AnalysisState::InTriage),
            "false_positive" => Some(AnalysisState::FalsePositive),
            _ => None,
        }
    } else {
        None
    };
    Analysis {
        state,
        justification: (state == Some(AnalysisState::NotAffected)).then(|| justification(&s.justification)).flatten(),
        response: Vec::new(),
        detail: Some(suppression_text(s)),
    }
}

/// CycloneDX's impact-analysis justification for an OpenVEX (or
/// CycloneDX) justification; `None` for free text.
pub fn justification(vex: &str) -> Option<Justification> {
    let j = vex.trim().to_ascii_lowercase().replace(['-', ' '], "_");
    Some(match j.as_str() {
        "component_not_present" | "vulnerable_code_not_present" | "code_not_present" => Justification::CodeNotPresent,
        "vulnerable_code_not_in_execute_path" | "code_not_reachable" => Justification::CodeNotReachable,
        "vulnerable_code_cannot_be_controlled_by_adversary" | "requires_environment" => Justification::RequiresEnvironment,
        "inline_mitigations_already_exist" | "protected_by_mitigating_control" => Justification::ProtectedByMitigatingControl,
        "requires_configuration" => Justification::RequiresConfiguration,
        "requires_dependency" => Justification::RequiresDependency,
        "protected_by_compiler" => Justification::ProtectedByCompiler,
        "protected_at_runtime" => Justification::ProtectedAtRuntime,
        "protected_at_perimeter" => Justification::ProtectedAtPerimeter,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openvex_justifications_map_to_cyclonedx() {
        let cases = [
            ("component_not_present", Some(Justification::CodeNotPresent)),
            ("vulnerable_code_not_present", Some(Justification::CodeNotPresent)),
            ("vulnerable_code_not_in_execute_path", Some(Justification::CodeNotReachable)),
            ("vulnerable_code_cannot_be_controlled_by_adversary", Some(Justification::RequiresEnvironment)),
            ("inline_mitigations_already_exist", Some(Justification::ProtectedByMitigatingControl)),
            ("protected_at_perimeter", Some(Justification::ProtectedAtPerimeter)),
            ("Requires-Configuration", Some(Justification::RequiresConfiguration)),
            ("we only use it in tests", None),
        ];
        for (vex, want) in cases {
            assert_eq!(justification(vex), want, "{vex}");
        }
    }

    #[test]
    fn ignore_rules_claim_no_state() {
        let s = Suppression { kind: "ignore".into(), status: "ignored".into(), justification: "dev only".into(), source: ".ci-sec.toml:3".into() };
        let a = analysis(&s);
        assert_eq!((a.state, a.justification), (None, None));
        assert_eq!(a.detail.as_deref(), Some("suppressed by ignore rule (ignored: dev only) from .ci-sec.toml:3"));
    }
}
