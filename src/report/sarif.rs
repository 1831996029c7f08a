//! SARIF 2.1.0, for GitHub code scanning, IDE SARIF viewers and any other
//! tool that reads static-analysis results. Validated against the official
//! OASIS schema in tests.
//!
//! Mapping decisions:
//! - one run; `tool.driver` is ci-sec with its version. `informationUri`
//!   is the package's `repository` (else `homepage`) from Cargo.toml, and
//!   is left out while neither is set rather than invented;
//! - one rule per distinct rule id. A rule describes the rule or advisory,
//!   not one occurrence, so its texts come from all findings of that id:
//!   the worst finding (first in report order) gives the title and the
//!   severity, and the fixes, aliases, affected packages and references
//!   of every finding are merged, de-duplicated, in report order. Two
//!   rules never share an id;
//! - `properties.security-severity` is what GitHub ranks alerts by: see
//!   [`super::security_severity`] (a stated CVSS score in the finding's
//!   band, else critical 9.5, high 8.0, medium 5.5, low 2.0, info 0.0);
//!   `tags` are `security` and the finding kind;
//! - `level`: critical and high → `error`, medium → `warning`, low and
//!   info → `note`;
//! - locations are relative paths (`uriBaseId` `%SRCROOT%`: the scanned
//!   directory, which viewers resolve themselves; ci-sec does not write
//!   `originalUriBaseIds`, as the absolute checkout path differs between
//!   CI and a developer's machine). The region is left out when the line
//!   is unknown (0), and `startColumn` when the column is. Columns count
//!   Unicode code points (`columnKind`), as ci-sec's readers do; the
//!   source line goes in `region.snippet` when the stage kept it;
//! - `partialFingerprints."ciSecFingerprint/v1"` is the finding's line-
//!   independent fingerprint, so alerts survive unrelated edits;
//! - suppressed findings stay in the results with an `external`
//!   suppression (VEX documents and `.ci-sec.toml` live outside the
//!   analysed code), status `accepted`, and the suppression's reason;
//! - inputs that could not be read are `toolExecutionNotifications` of
//!   the one invocation, which is then `executionSuccessful: false`; they
//!   are not results, as they are no problem in the code.

use serde_json::{json, Map, Value};

use super::{advisory_source, headline, reference_url, security_severity, suppression_text, Partition, ReportContext, TOOL_NAME};
use crate::model::{Finding, FindingKind, Location, Severity};

pub const SCHEMA_URI: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/// The `partialFingerprints` key of ci-sec's fingerprint.
pub const FINGERPRINT_KEY: &str = "ciSecFingerprint/v1";

/// ci-sec's project page, when Cargo.toml names one.
pub fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_REPOSITORY"), env!("CARGO_PKG_HOMEPAGE")].into_iter().find(|u| !u.is_empty())
}

pub fn render(findings: &[Finding], ctx: &ReportContext) -> Vec<u8> {
    // A `Value` with string keys: serialising cannot fail.
    let mut out = serde_json::to_vec_pretty(&to_value(findings, ctx)).expect("a JSON value serialises");
    out.push(b'\n');
    out
}

/// The SARIF log as a JSON value (what [`render`] writes).
pub fn to_value(findings: &[Finding], ctx: &ReportContext) -> Value {
    let parts = Partition::new(findings, ctx);
    let reported: Vec<&Finding> = parts.active.iter().chain(&parts.suppressed).copied().collect();

    // Rules, in order of first appearance (so the worst rules come first).
    let mut rule_ids: Vec<&str> = Vec::new();
    for f in &reported {
        if !rule_ids.contains(&f.rule_id.as_str()) {
            rule_ids.push(&f.rule_id);
        }
    }
    let rules: Vec<Value> = rule_ids
        .iter()
        .map(|id| {
            let of_rule: Vec<&Finding> = reported.iter().copied().filter(|f| f.rule_id == *id).collect();
            rule(&of_rule)
        })
        .collect();

    let results: Vec<Value> = reported
        .iter()
        .map(|f| {
            let index = rule_ids.iter().position(|id| *id == f.rule_id).unwrap_or(0);
            result(f, index)
        })
        .collect();

    let mut notification_ids: Vec<&str> = Vec::new();
    for f in &parts.incomplete {
        if !notification_ids.contains(&f.rule_id.as_str()) {
            notification_ids.push(&f.rule_id);
        }
    }
    let notifications: Vec<Value> = parts
        .incomplete
        .iter()
        .map(|f| {
            let mut n = Map::new();
            n.insert("level".into(), json!("error"));
            n.insert("message".into(), json!({ "text": f.message }));
            if let Some(loc) = location(&f.location, f.snippet.as_deref()) {
                n.insert("locations".into(), json!([loc]));
            }
            let index = notification_ids.iter().position(|id| *id == f.rule_id).unwrap_or(0);
            n.insert("descriptor".into(), json!({ "id": f.rule_id, "index": index }));
            Value::Object(n)
        })
        .collect();

    let mut driver = Map::new();
    driver.insert("name".into(), json!(TOOL_NAME));
    driver.insert("version".into(), json!(ctx.tool_version));
    if let Some(uri) = information_uri() {
        driver.insert("informationUri".into(), json!(uri));
    }
    driver.insert("rules".into(), Value::Array(rules));
    if !notification_ids.is_empty() {
        let descriptors: Vec<Value> = notification_ids
            .iter()
            .map(|id| json!({ "id": id, "shortDescription": { "text": notification_text(id) } }))
            .collect();
        driver.insert("notifications".into(), Value::Array(descriptors));
    }

    let mut invocation = Map::new();
    invocation.insert("executionSuccessful".into(), json!(parts.incomplete.is_empty()));
    if !notifications.is_empty() {
        invocation.insert("toolExecutionNotifications".into(), Value::Array(notifications));
    }

    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver },
            "invocations": [invocation],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

/// SARIF `level` of a severity.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

fn kind_tag(k: FindingKind) -> &'static str {
    match k {
        FindingKind::Vulnerability => "vulnerability",
        FindingKind::Misconfiguration => "misconfiguration",
        FindingKind::InputError => "input-error",
    }
}

fn notification_text(id: &str) -> &'static str {
    if id.starts_with("input/") {
        "An input could not be read; the results are incomplete."
    } else {
        "The run is incomplete."
    }
}

fn push_unique(v: &mut Vec<String>, s: String) {
    if !s.is_empty() && !v.contains(&s) {
        v.push(s);
    }
}

/// The rule for all findings of one id; `of_rule` is in report order and
/// not empty.
fn rule(of_rule: &[&Finding]) -> Value {
    let first = of_rule[0];
    let short = headline(first).to_string();

    let mut aliases = Vec::new();
    let mut packages = Vec::new();
    let mut fixes = Vec::new();
    let mut references = Vec::new();
    for f in of_rule {
        for a in &f.aliases {
            push_unique(&mut aliases, a.clone());
        }
        if let Some(p) = &f.package {
            push_unique(&mut packages, p.name.clone());
        }
        let fix = f.fix.as_deref().filter(|s| !s.is_empty());
        match (f.kind, &f.package, fix) {
            (FindingKind::Vulnerability, Some(p), Some(v)) => push_unique(&mut fixes, format!("upgrade {} to {v}", p.name)),
            (FindingKind::Vulnerability, Some(p), None) => push_unique(&mut fixes, format!("{}: no fix available", p.name)),
            (FindingKind::Vulnerability, None, Some(v)) => push_unique(&mut fixes, format!("upgrade to {v}")),
            (_, _, Some(sentence)) => push_unique(&mut fixes, sentence.to_string()),
            (_, _, None) => {}
        }
        if let Some(url) = reference_url(f) {
            push_unique(&mut references, url);
        }
    }
    for a in &aliases {
        push_unique(&mut references, advisory_source(a).url);
    }

    let mut full = short.clone();
    if !full.ends_with('.') {
        full.push('.');
    }
    if !aliases.is_empty() {
        full.push_str(&format!(" Also known as {}.", aliases.join(", ")));
    }
    if !packages.is_empty() {
        full.push_str(&format!(" Affects {}.", packages.join(", ")));
    }

    let mut text = Vec::new();
    let mut markdown = Vec::new();
    if !fixes.is_empty() {
        text.push("Fix:".to_string());
        markdown.push("**Fix**\n".to_string());
        for fix in &fixes {
            text.push(format!("- {fix}"));
            markdown.push(format!("- {fix}"));
        }
    }
    if !references.is_empty() {
        if !markdown.is_empty() {
            markdown.push(String::new());
        }
        text.push("References:".to_string());
        markdown.push("**References**\n".to_string());
        for r in &references {
            text.push(format!("- {r}"));
            markdown.push(format!("- <{r}>"));
        }
    }
    if text.is_empty() {
        text.push(full.clone());
        markdown.push(full.clone());
    }

    let mut r = Map::new();
    r.insert("id".into(), json!(first.rule_id));
    r.insert("shortDescription".into(), json!({ "text": short }));
    r.insert("fullDescription".into(), json!({ "text": full }));
    r.insert("help".into(), json!({ "text": text.join("\n"), "markdown": markdown.join("\n") }));
    if let Some(uri) = reference_url(first) {
        r.insert("helpUri".into(), json!(uri));
    }
    r.insert("defaultConfiguration".into(), json!({ "level": level(first.severity) }));
    r.insert(
        "properties".into(),
        json!({ "security-severity": security_severity(first), "tags": ["security", kind_tag(first.kind)] }),
    );
    Value::Object(r)
}

fn result(f: &Finding, rule_index: usize) -> Value {
    let mut r = Map::new();
    r.insert("ruleId".into(), json!(f.rule_id));
    r.insert("ruleIndex".into(), json!(rule_index));
    r.insert("level".into(), json!(level(f.severity)));
    let text = if f.message.is_empty() { headline(f) } else { &f.message };
    r.insert("message".into(), json!({ "text": text }));
    if let Some(loc) = location(&f.location, f.snippet.as_deref()) {
        r.insert("locations".into(), json!([loc]));
    }
    let mut fingerprints = Map::new();
    fingerprints.insert(FINGERPRINT_KEY.into(), json!(f.fingerprint));
    r.insert("partialFingerprints".into(), Value::Object(fingerprints));
    if let Some(s) = &f.suppressed {
        let status = if s.status == "under_investigation" { "underReview" } else { "accepted" };
        r.insert(
            "suppressions".into(),
            json!([{ "kind": "external", "status": status, "justification": suppression_text(s) }]),
        );
    }
    Value::Object(r)
}

/// A SARIF `location`, or `None` when the finding names no file.
fn location(loc: &Location, snippet: Option<&str>) -> Option<Value> {
    if loc.path.is_empty() {
        return None;
    }
    let path = loc.path.replace('\\', "/");
    let bytes = path.as_bytes();
    let windows_abs = bytes.len() > 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    let artifact = if path.starts_with('/') || windows_abs {
        let sep = if windows_abs { "/" } else { "" };
        json!({ "uri": format!("file://{sep}{}", super::percent_encode(&path)) })
    } else {
        let rel = path.trim_start_matches("./");
        json!({ "uri": super::percent_encode(rel), "uriBaseId": "%SRCROOT%" })
    };
    let mut physical = Map::new();
    physical.insert("artifactLocation".into(), artifact);
    if loc.line > 0 {
        let mut region = Map::new();
        region.insert("startLine".into(), json!(loc.line));
        if loc.column > 0 {
            region.insert("startColumn".into(), json!(loc.column));
        }
        if let Some(text) = snippet {
            region.insert("snippet".into(), json!({ "text": text }));
        }
        physical.insert("region".into(), Value::Object(region));
    }
    Some(json!({ "physicalLocation": physical }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_relative_encoded_and_skip_unknown_lines() {
        let at = |path: &str, line, column| location(&Location { path: path.into(), line, column }, None).unwrap();
        assert_eq!(
            at("./k8s/my app.yaml", 3, 0),
            json!({ "physicalLocation": {
                "artifactLocation": { "uri": "k8s/my%20app.yaml", "uriBaseId": "%SRCROOT%" },
                "region": { "startLine": 3 } } })
        );
        assert_eq!(at("Cargo.lock", 0, 5), json!({ "physicalLocation": { "artifactLocation": { "uri": "Cargo.lock", "uriBaseId": "%SRCROOT%" } } }));
        assert_eq!(at("/tmp/x/Cargo.lock", 1, 1)["physicalLocation"]["artifactLocation"], json!({ "uri": "file:///tmp/x/Cargo.lock" }));
        assert_eq!(at("C:\\src\\go.mod", 1, 1)["physicalLocation"]["artifactLocation"], json!({ "uri": "file:///C:/src/go.mod" }));
        assert!(location(&Location::default(), None).is_none());
        let with_snippet = location(&Location { path: "a.yaml".into(), line: 3, column: 5 }, Some("    hostPID: true")).unwrap();
        assert_eq!(with_snippet["physicalLocation"]["region"]["snippet"]["text"], "    hostPID: true");
    }

    #[test]
    fn levels() {
        assert_eq!([Severity::Critical, Severity::High, Severity::Medium, Severity::Low, Severity::Info].map(level), ["error", "error", "warning", "note", "note"]);
    }
}
