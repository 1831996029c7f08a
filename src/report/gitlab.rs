//! GitLab Code Quality report (`artifacts:reports:codequality`): a JSON array
//! of issues that GitLab shows in merge-request widgets and diffs.
//!
//! Each active finding becomes `{description, check_name, fingerprint,
//! severity, location: {path, lines: {begin}}}`. Severities map onto GitLab's
//! five (`info`, `minor`, `major`, `critical`, `blocker`): critical →
//! blocker, high → critical, medium → major, low → minor, info → info.
//! Suppressed findings and input errors are left out (GitLab has no place for
//! them); a finding without a line points at line 1, as GitLab requires one.

use serde::Serialize;

use super::{Partition, ReportContext};
use crate::model::{Finding, Severity};

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: &'a str,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "blocker",
        Severity::High => "critical",
        Severity::Medium => "major",
        Severity::Low => "minor",
        Severity::Info => "info",
    }
}

fn issue(f: &Finding) -> Issue<'_> {
    let mut description = f.message.clone();
    if let Some(fix) = &f.fix {
        description.push_str(&format!(" (fix: {fix})"));
    }
    Issue {
        description,
        check_name: &f.rule_id,
        fingerprint: &f.fingerprint,
        severity: severity(f.severity),
        location: Location { path: &f.location.path, lines: Lines { begin: f.location.line.max(1) } },
    }
}

pub fn render(findings: &[Finding], ctx: &ReportContext) -> Vec<u8> {
    let parts = Partition::new(findings, ctx);
    let issues: Vec<Issue> = parts.active.iter().map(|f| issue(f)).collect();
    // Plain data with string keys: serialising cannot fail.
    let mut out = serde_json::to_vec_pretty(&issues).unwrap_or_else(|_| b"[]".to_vec());
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FindingKind, Location as Loc};

    #[test]
    fn findings_become_code_quality_issues() {
        let mut f = Finding::new(
            FindingKind::Misconfiguration,
            "pss-baseline/privileged",
            Severity::Critical,
            "container \"api\" is privileged",
            Loc { path: "deploy/api.yaml".into(), line: 24, column: 13 },
            "Deployment/shop/api/containers[api]",
        );
        f.fix = Some("set privileged: false".into());
        let mut quiet = Finding::new(FindingKind::Vulnerability, "GHSA-1", Severity::Low, "x", Loc::default(), "y");
        quiet.suppressed = Some(crate::model::Suppression {
            kind: "vex".into(),
            status: "not_affected".into(),
            justification: "j".into(),
            source: "vex.json".into(),
        });
        let out: serde_json::Value = serde_json::from_slice(&render(&[f.clone(), quiet], &ReportContext::new("."))).unwrap();
        assert_eq!(
            out,
            serde_json::json!([{
                "description": "container \"api\" is privileged (fix: set privileged: false)",
                "check_name": "pss-baseline/privileged",
                "fingerprint": f.fingerprint,
                "severity": "blocker",
                "location": {"path": "deploy/api.yaml", "lines": {"begin": 24}}
            }])
        );
    }
}
