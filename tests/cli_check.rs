//! `ci-sec check`: every stage on one repository, one report, one exit code.

mod common;

use std::path::{Path, PathBuf};

use common::ci_sec;
use serde_json::Value;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/shop")
}

fn advisories() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/advisories")
}

fn json_of(args: &[&str]) -> (Option<i32>, Value, String) {
    let out = ci_sec().args(args).args(["--format", "json"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code(), v, String::from_utf8_lossy(&out.stderr).into_owned())
}

fn ids(v: &Value, kind: &str) -> Vec<String> {
    let mut ids: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == kind)
        .map(|f| format!("{} {}:{}", f["rule_id"].as_str().unwrap(), f["location"]["path"].as_str().unwrap(), f["location"]["line"]))
        .collect();
    ids.sort();
    ids
}

#[test]
fn check_reports_what_scan_and_k8s_report_together() {
    let (ex, adv) = (example(), advisories());
    let (ex, adv) = (ex.to_str().unwrap(), adv.to_str().unwrap());
    let (code, all, _) = json_of(&["check", ex, "--advisories", adv]);
    assert_eq!(code, Some(1), "findings at or above low");
    let (_, scan, _) = json_of(&["scan", ex, "--advisories", adv]);
    let (_, k8s, _) = json_of(&["k8s", ex]);
    assert_eq!(ids(&all, "vulnerability"), ids(&scan, "vulnerability"));
    assert_eq!(ids(&all, "misconfiguration"), ids(&k8s, "misconfiguration"));
    assert_eq!(ids(&all, "vulnerability").len(), 14, "the example's known vulnerabilities");
    assert!(!ids(&all, "misconfiguration").is_empty());
    assert_eq!(all["summary"]["packages_checked"], scan["summary"]["packages_checked"]);
    assert_eq!(all["incomplete"], serde_json::json!([]));
}

#[test]
fn a_missing_database_makes_the_run_incomplete_but_manifests_are_still_checked() {
    let empty = tempfile::tempdir().unwrap();
    let (code, v, stderr) = json_of(&["check", example().to_str().unwrap(), "--db", empty.path().to_str().unwrap()]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(ids(&v, "vulnerability").is_empty());
    assert!(!ids(&v, "misconfiguration").is_empty(), "the k8s stage ran");
    let incomplete = v["incomplete"].to_string();
    assert!(incomplete.contains("vulnerability stage not run") && incomplete.contains("db update"), "{incomplete}");
}

#[test]
fn skip_leaves_a_stage_out() {
    let (ex, adv) = (example(), advisories());
    let (ex, adv) = (ex.to_str().unwrap(), adv.to_str().unwrap());
    let (_, no_k8s, _) = json_of(&["check", ex, "--advisories", adv, "--skip", "k8s"]);
    assert!(ids(&no_k8s, "misconfiguration").is_empty());
    assert_eq!(ids(&no_k8s, "vulnerability").len(), 14);
    let empty = tempfile::tempdir().unwrap();
    let (code, no_vulns, _) = json_of(&["check", ex, "--skip", "vulns", "--db", empty.path().to_str().unwrap()]);
    assert_eq!(code, Some(1), "no database needed without the vulnerability stage");
    assert!(ids(&no_vulns, "vulnerability").is_empty());
    assert!(!ids(&no_vulns, "misconfiguration").is_empty());
}

#[test]
fn sbom_output_writes_the_inventory_in_the_format_its_name_says() {
    let dir = tempfile::tempdir().unwrap();
    for (name, key, expected) in [("bom.cdx.json", "bomFormat", "CycloneDX"), ("bom.spdx.json", "spdxVersion", "SPDX-2.3")] {
        let out = dir.path().join(name);
        let status = ci_sec()
            .args(["check", example().to_str().unwrap(), "--skip", "vulns", "--skip", "k8s", "-q", "--sbom-output"])
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(status.status.code(), Some(0), "{}", String::from_utf8_lossy(&status.stderr));
        let doc: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
        assert_eq!(doc[key], expected, "{name}");
    }
}

#[test]
fn secret_values_never_reach_any_report_format() {
    let deploy = example().join("deploy");
    for format in ["table", "json", "sarif", "gitlab-codequality"] {
        let out = ci_sec().args(["k8s", deploy.to_str().unwrap(), "--format", format]).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("BROKER_PASSWORD"), "{format}: the finding is reported");
        assert!(!text.contains("hunter2"), "{format} leaks the secret value:\n{text}");
    }
}
