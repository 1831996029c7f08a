//! ci-sec's own findings JSON, schema `ci-sec/findings/v1`
//! (docs/json-report.md): for scripts and `jq`, where SARIF is too
//! indirect.
//!
//! Decisions:
//! - field names are snake_case, like the inventory JSON, and never change
//!   within `v1` (adding one is compatible; renaming or removing one makes
//!   `v2`);
//! - every finding object has the same keys: absent values are `null`
//!   (`title`, `package`, `fix`, `help_uri`) or `[]` (`aliases`,
//!   `explanation`), so consumers need no existence checks. Only
//!   `suppression` is specific: present in `suppressed` entries only;
//! - findings and suppressed findings come in the report order (severity
//!   worst first, then package, then rule id, then location, then
//!   fingerprint); input errors in file order. Same input, same bytes;
//! - the summary counts what is in the lists, plus the package statistics
//!   of the run.

use serde::Serialize;

use super::{Partition, ReportContext, SeverityCounts, TOOL_NAME};
use crate::model::{Finding, FindingKind, PackageRef, Severity, Suppression};

pub const SCHEMA: &str = "ci-sec/findings/v1";

#[derive(Serialize)]
struct Report<'a> {
    schema: &'static str,
    tool: Tool<'a>,
    scanned_path: &'a str,
    findings: Vec<JsonFinding<'a>>,
    suppressed: Vec<JsonFinding<'a>>,
    incomplete: Vec<JsonInput<'a>>,
    /// Packages not checked, with the reason.
    unchecked: &'a [crate::report::UncheckedPackage],
    summary: Summary,
}

#[derive(Serialize)]
struct Tool<'a> {
    name: &'static str,
    version: &'a str,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    kind: FindingKind,
    rule_id: &'a str,
    aliases: &'a [String],
    severity: Severity,
    title: Option<&'a str>,
    message: &'a str,
    location: JsonLocation<'a>,
    package: Option<&'a PackageRef>,
    fix: Option<&'a str>,
    help_uri: Option<&'a str>,
    explanation: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    suppression: Option<&'a Suppression>,
    fingerprint: &'a str,
    snippet: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonLocation<'a> {
    path: &'a str,
    line: u32,
    column: u32,
}

#[derive(Serialize)]
struct JsonInput<'a> {
    path: &'a str,
    line: u32,
    column: u32,
    rule_id: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct Summary {
    total: usize,
    by_severity: BySeverity,
    by_kind: ByKind,
    suppressed: usize,
    incomplete: usize,
    packages_checked: usize,
    packages_unchecked: usize,
}

#[derive(Serialize)]
struct BySeverity {
    critical: usize,
    high: usize,
    medium: usize,
    low: usize,
    info: usize,
}

#[derive(Serialize)]
struct ByKind {
    vulnerability: usize,
    misconfiguration: usize,
}

fn finding(f: &Finding) -> JsonFinding<'_> {
    JsonFinding {
        kind: f.kind,
        rule_id: &f.rule_id,
        aliases: &f.aliases,
        severity: f.severity,
        title: f.title.as_deref(),
        message: &f.message,
        location: JsonLocation { path: &f.location.path, line: f.location.line, column: f.location.column },
        package: f.package.as_ref(),
        fix: f.fix.as_deref(),
        help_uri: f.help_uri.as_deref(),
        explanation: &f.explanation,
        suppression: f.suppressed.as_ref(),
        fingerprint: &f.fingerprint,
        snippet: f.snippet.as_deref(),
    }
}

pub fn render(findings: &[Finding], ctx: &ReportContext) -> Vec<u8> {
    let parts = Partition::new(findings, ctx);
    let counts = SeverityCounts::of(parts.active.iter().copied());
    let of_kind = |k: FindingKind| parts.active.iter().filter(|f| f.kind == k).count();
    let report = Report {
        schema: SCHEMA,
        tool: Tool { name: TOOL_NAME, version: &ctx.tool_version },
        scanned_path: &ctx.scanned_path,
        findings: parts.active.iter().map(|f| finding(f)).collect(),
        suppressed: parts.suppressed.iter().map(|f| finding(f)).collect(),
        incomplete: parts
            .incomplete
            .iter()
            .map(|f| JsonInput {
                path: &f.location.path,
                line: f.location.line,
                column: f.location.column,
                rule_id: &f.rule_id,
                message: &f.message,
            })
            .collect(),
        unchecked: &ctx.unchecked,
        summary: Summary {
            total: parts.active.len(),
            by_severity: BySeverity {
                critical: counts.critical,
                high: counts.high,
                medium: counts.medium,
                low: counts.low,
                info: counts.info,
            },
            by_kind: ByKind {
                vulnerability: of_kind(FindingKind::Vulnerability),
                misconfiguration: of_kind(FindingKind::Misconfiguration),
            },
            suppressed: parts.suppressed.len(),
            incomplete: parts.incomplete.len(),
            packages_checked: ctx.stats.packages_checked,
            packages_unchecked: ctx.stats.packages_unchecked,
        },
    };
    // Structs of strings, numbers and sequences: serialising cannot fail.
    let mut out = serde_json::to_vec_pretty(&report).expect("the findings report serialises");
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Location;

    #[test]
    fn every_finding_has_the_same_keys() {
        let bare = Finding::new(FindingKind::Misconfiguration, "r", Severity::Low, "m", Location::default(), "");
        let ctx = ReportContext::new("repo");
        let v: serde_json::Value = serde_json::from_slice(&render(&[bare], &ctx)).unwrap();
        let keys: Vec<&str> = v["findings"][0].as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "kind", "rule_id", "aliases", "severity", "title", "message", "location", "package", "fix", "help_uri",
                "explanation", "fingerprint", "snippet"
            ]
        );
        assert_eq!(v["findings"][0]["title"], serde_json::Value::Null);
        assert_eq!(v["findings"][0]["aliases"], serde_json::json!([]));
        assert_eq!(v["summary"]["by_kind"]["misconfiguration"], 1);
        assert_eq!(v["scanned_path"], "repo");
    }
}
