//! `ci-sec scan` as users run it: real findings on the example, exit codes,
//! policy, and every output format.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{ci_sec, schema_errors, shared_data};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn scan(extra: &[&str]) -> std::process::Output {
    ci_sec()
        .arg("scan")
        .arg(root().join("examples/shop"))
        .arg("--advisories")
        .arg(root().join("examples/advisories"))
        .args(extra)
        .output()
        .unwrap()
}

fn ids(report: &Value, key: &str) -> BTreeSet<String> {
    report[key].as_array().unwrap().iter().map(|f| f["rule_id"].as_str().unwrap_or_default().to_string()).collect()
}

#[test]
fn example_findings_are_exactly_the_affected_versions() {
    let out = scan(&["--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "findings at or above `low` fail: {}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let expected: BTreeSet<String> = [
        "GHSA-67hx-6x53-jw92", "GHSA-xvch-5gv4-984h", "GHSA-8q59-q68h-6hv4", "RUSTSEC-2021-0003", "GHSA-35jh-r3h4-6jhm",
        "GHSA-p6mc-m468-83gw", "GHSA-q2q7-5pp4-w6pg", "GHSA-rv95-896h-c2vc", "GO-2023-1737", "GO-2023-1988",
        "GHSA-g3rq-g295-4j3m", "GHSA-j8r2-6x86-q33q", "RUSTSEC-2020-0071", "RUSTSEC-2023-0001",
    ]
    .map(String::from)
    .into();
    assert_eq!(ids(&report, "findings"), expected);
    // Fixed versions are not reported: x/net 0.7.0 (GO-2023-1571), hyper
    // 0.14.10 (RUSTSEC-2021-0079), celery 5.2.3 (GHSA-q4xr-rc97-m4xx).
    let lodash = report["findings"].as_array().unwrap().iter().find(|f| f["rule_id"] == "GHSA-35jh-r3h4-6jhm").unwrap();
    assert_eq!(lodash["fix"], "4.17.21");
    assert_eq!(lodash["location"]["path"], "web/package-lock.json");
    assert!(lodash["location"]["line"].as_u64().unwrap() > 1);
}

#[test]
fn fail_on_sets_the_threshold() {
    assert_eq!(scan(&["--fail-on", "critical", "-q"]).status.code(), Some(1));
    assert_eq!(scan(&["--fail-on", "never", "-q"]).status.code(), Some(0));
    let out = scan(&["--fail-on", "urgent", "-q"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--fail-on"));
}

#[test]
fn vex_suppresses_and_the_justification_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    let vex = dir.path().join("vex.json");
    std::fs::write(
        &vex,
        r#"{
  "@context": "https://openvex.dev/ns/v0.2.0",
  "@id": "https://example.invalid/vex/1",
  "author": "security@example.invalid",
  "timestamp": "2026-01-01T00:00:00Z",
  "version": 1,
  "statements": [{
    "vulnerability": {"name": "CVE-2021-23337"},
    "products": [{"@id": "pkg:npm/lodash@4.17.15"}],
    "status": "not_affected",
    "justification": "vulnerable_code_not_in_execute_path",
    "impact_statement": "templates are never compiled from user input"
  }]
}"#,
    )
    .unwrap();
    let out = scan(&["--format", "json", "--vex", vex.to_str().unwrap()]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!ids(&report, "findings").contains("GHSA-35jh-r3h4-6jhm"));
    assert!(ids(&report, "suppressed").contains("GHSA-35jh-r3h4-6jhm"), "matched through its CVE alias");
    let table = String::from_utf8_lossy(&scan(&["--format", "table", "--vex", vex.to_str().unwrap()]).stdout).to_string();
    assert!(table.contains("vulnerable_code_not_in_execute_path"), "{table}");
}

#[test]
fn explain_shows_the_comparator_verdicts() {
    let out = scan(&["--explain", "--format", "table"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(">= introduced"), "explanations show the comparator's verdicts: {text}");
    assert!(text.contains("fix: upgrade to 4.17.21"));
}

#[test]
fn sarif_points_at_lockfile_lines_and_validates() {
    let out = scan(&["--format", "sarif"]);
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 14);
    for r in results {
        let loc = &r["locations"][0]["physicalLocation"];
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(!loc["artifactLocation"]["uri"].as_str().unwrap().starts_with('/'));
    }
    if let Some(shared) = shared_data("schemas") {
        let errors = schema_errors(&shared.join("schemas"), "sarif-schema-2.1.0.json", &sarif);
        assert!(errors.is_empty(), "{errors:#?}");
    }
}

#[test]
fn cyclonedx_output_carries_the_vulnerabilities() {
    let out = scan(&["--format", "cyclonedx-json"]);
    let bom: Value = serde_json::from_slice(&out.stdout).unwrap();
    let vulns = bom["vulnerabilities"].as_array().unwrap();
    assert!(vulns.iter().any(|v| v["id"] == "RUSTSEC-2021-0003" && v["affects"][0]["ref"] == "pkg:cargo/smallvec@1.6.0"));
    if let Some(shared) = shared_data("schemas") {
        let errors = schema_errors(&shared.join("schemas"), "bom-1.6.schema.json", &bom);
        assert!(errors.is_empty(), "{errors:#?}");
    }
}

#[test]
fn an_existing_sbom_can_be_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let sbom = dir.path().join("shop.cdx.json");
    ci_sec().args(["sbom", "-q", "-o"]).arg(&sbom).arg(root().join("examples/shop")).assert().success();
    let out = ci_sec()
        .args(["scan", "--format", "json", "--sbom"])
        .arg(&sbom)
        .arg("--advisories")
        .arg(root().join("examples/advisories"))
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(ids(&report, "findings").len(), 14, "{}", String::from_utf8_lossy(&out.stderr));
    // Findings still point at the lockfile lines the SBOM recorded.
    let f = report["findings"].as_array().unwrap().iter().find(|f| f["rule_id"] == "RUSTSEC-2021-0003").unwrap();
    assert_eq!(f["location"]["path"], "api/Cargo.lock");
}

#[test]
fn every_shared_advisory_imports_or_its_rejection_is_explained() {
    let Some(shared) = shared_data("osv") else { return };
    let out = ci_sec()
        .args(["scan", "-v", "--format", "json", "--fail-on", "never"])
        .arg(root().join("examples/shop"))
        .arg("--advisories")
        .arg(shared.join("osv"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("advisories: 8158 records"), "{stderr}");
    assert!(!stderr.contains("rejected"), "{stderr}");
}

#[test]
fn packages_that_cannot_be_checked_are_listed_with_the_reason() {
    let out = scan(&["--format", "json", "--fail-on", "never"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let unchecked = report["unchecked"].as_array().unwrap();
    let flask = unchecked.iter().find(|u| u["name"] == "flask").expect("the unpinned flask requirement is listed");
    assert_eq!(flask["reason"], "version not pinned");
    assert_eq!(flask["location"]["path"], "worker/requirements.txt");
}
