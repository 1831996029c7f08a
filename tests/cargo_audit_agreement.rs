//! ci-sec agrees with cargo-audit on real, old Cargo.lock files: the same
//! vulnerabilities and the same informational warnings (as `info`
//! findings). The expected lists in tests/fixtures/cargo-audit/ were written
//! by cargo-audit 0.22.2 itself (`bench/cargo_audit_compare.sh`); ci-sec reads
//! the same RustSec data from its OSV export in ../shared/data/osv/crates.io.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{ci_sec, fixture, shared_data};

#[test]
fn same_advisories_as_cargo_audit_on_real_lockfiles() {
    let Some(shared) = shared_data("osv/crates.io") else { return };
    let dir = fixture("cargo-audit");
    let mut cases: Vec<_> = std::fs::read_dir(&dir).unwrap().filter_map(Result::ok).map(|e| e.path()).collect();
    cases.sort();
    assert!(cases.len() >= 3);
    for expected_file in cases {
        let case = expected_file.file_stem().unwrap().to_string_lossy().to_string();
        let expected: BTreeSet<String> = std::fs::read_to_string(&expected_file)
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(str::to_string)
            .collect();
        let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real").join(&case).join("Cargo.lock");
        let out = ci_sec()
            .args(["scan", "--format", "json", "--fail-on", "never"])
            .arg(&lock)
            .arg("--advisories")
            .arg(shared.join("osv/crates.io"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{case}: {}", String::from_utf8_lossy(&out.stderr));
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let actual: BTreeSet<String> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let kind = if f["severity"] == "info" { "warn" } else { "vuln" };
                format!("{kind} {} {} {}", f["rule_id"].as_str().unwrap(), f["package"]["name"].as_str().unwrap(), f["package"]["version"].as_str().unwrap())
            })
            .collect();
        assert_eq!(actual, expected, "{case}");
    }
}
