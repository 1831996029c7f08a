//! The finding reporters on one fixed set of findings: a vulnerability
//! with aliases, a fix and an explanation, one without a fix, one
//! suppressed by VEX, a Kubernetes misconfiguration with line and column,
//! and an unreadable input. The table is compared as exact text; JSON,
//! SARIF and CycloneDX by their key fields, and SARIF and CycloneDX are
//! validated against the official schemas.

mod common;

use std::collections::BTreeMap;

use ci_sec::inventory::{inventory_paths, ScanOptions};
use ci_sec::model::{Finding, FindingKind, Location, PackageRef, Severity, Suppression};
use ci_sec::report::table::TableOptions;
use ci_sec::report::{cyclonedx_vex, json, sarif, table, ReportContext, ScanStats};
use ci_sec::sbom::cyclonedx::{self, SpecVersion};
use ci_sec::sbom::{Document, DocumentOptions};
use common::{fixture, schema_errors, shared_data};
use serde_json::{json, Value};

fn at(path: &str, line: u32, column: u32) -> Location {
    Location { path: path.into(), line, column }
}

fn cargo_vuln(id: &str, severity: Severity, name: &str, version: &str, line: u32, title: &str) -> Finding {
    let mut f = Finding::new(
        FindingKind::Vulnerability,
        id,
        severity,
        format!("{name} {version} is affected by {id}"),
        at("rust/Cargo.lock", line, 0),
        &format!("{name}@{version}"),
    );
    f.title = Some(title.into());
    f.package = Some(PackageRef {
        name: name.into(),
        version: version.into(),
        ecosystem: "crates.io".into(),
        purl: format!("pkg:cargo/{name}@{version}"),
    });
    f
}

/// The fixed findings (advisory ids are made up: year 2099) and context.
fn sample() -> (Vec<Finding>, ReportContext) {
    let mut overflow = cargo_vuln(
        "RUSTSEC-2099-0001",
        Severity::Critical,
        "serde_json",
        "1.0.120",
        18,
        "Stack overflow on deeply nested input",
    );
    overflow.aliases = vec!["CVE-2099-1001".into(), "GHSA-aaaa-bbbb-cccc".into()];
    overflow.fix = Some("1.0.121".into());
    overflow.help_uri = Some("https://rustsec.org/advisories/RUSTSEC-2099-0001.html".into());
    overflow.explanation = vec![
        "record RUSTSEC-2099-0001 affected[0] (crates.io serde_json), range 0 (SEMVER)".into(),
        "1.0.120 >= 0 (introduced) and 1.0.120 < 1.0.121 (fixed)".into(),
        "severity: CVSS_V3 CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H score 9.1".into(),
    ];

    let mut floats = cargo_vuln("RUSTSEC-2099-0002", Severity::Low, "serde_json", "1.0.120", 18, "Lossy float formatting");
    floats.fix = Some("1.0.125".into());

    let mut no_fix = cargo_vuln("GHSA-dddd-eeee-ffff", Severity::Medium, "itoa", "1.0.11", 6, "Integer formatting overflow");
    no_fix.aliases = vec!["CVE-2099-2002".into()];

    let mut vexed =
        cargo_vuln("RUSTSEC-2099-0003", Severity::High, "ryu", "1.0.18", 12, "Out-of-bounds read in float printing");
    vexed.fix = Some("1.0.19".into());
    vexed.suppressed = Some(Suppression {
        kind: "vex".into(),
        status: "not_affected".into(),
        justification: "vulnerable_code_not_in_execute_path".into(),
        source: "vex.json".into(),
    });

    let mut root = Finding::new(
        FindingKind::Misconfiguration,
        "pss-restricted/runAsNonRoot",
        Severity::High,
        "container \"web\" may run as root (securityContext.runAsNonRoot is not true)",
        at("k8s/deploy.yaml", 14, 9),
        "Deployment/shop/web/containers/web",
    );
    root.title = Some("Containers must run as non-root".into());
    root.fix = Some("set securityContext.runAsNonRoot: true".into());
    root.help_uri = Some("https://kubernetes.io/docs/concepts/security/pod-security-standards/".into());
    root.explanation = vec!["spec.template.spec.containers[0].securityContext.runAsNonRoot is unset".into()];

    let mut ctx = ReportContext::new("shop");
    ctx.tool_version = "9.9.9".into();
    ctx.stats = ScanStats { packages_checked: 3, packages_unchecked: 1 };
    ctx.incomplete_inputs.push(Finding::input_error(
        at("broken/Cargo.lock", 9, 8),
        "cannot parse as Cargo.lock: expected `=`",
    ));
    // Deliberately not in report order.
    (vec![floats, vexed, root, no_fix, overflow], ctx)
}

const TABLE: &str = "\
serde_json 1.0.120 (crates.io)  rust/Cargo.lock:18
  CRITICAL  RUSTSEC-2099-0001 (CVE-2099-1001, GHSA-aaaa-bbbb-cccc)  Stack overflow on deeply nested input
            fix: upgrade to 1.0.121
  LOW       RUSTSEC-2099-0002  Lossy float formatting
            fix: upgrade to 1.0.125

itoa 1.0.11 (crates.io)  rust/Cargo.lock:6
  MEDIUM    GHSA-dddd-eeee-ffff (CVE-2099-2002)  Integer formatting overflow
            no fix available

Misconfigurations
  k8s/deploy.yaml:14:9  pss-restricted/runAsNonRoot  HIGH      container \"web\" may run as root (securityContext.runAsNonRoot is not true)
    fix: set securityContext.runAsNonRoot: true

Suppressed (1)
  HIGH      RUSTSEC-2099-0003  ryu 1.0.18 (rust/Cargo.lock:12)  Out-of-bounds read in float printing
            suppressed by VEX (not_affected: vulnerable_code_not_in_execute_path) from vex.json

Incomplete: 1 input could not be read
  broken/Cargo.lock:9:8  cannot parse as Cargo.lock: expected `=`

1 critical, 1 high, 1 medium, 1 low, 0 info; 1 suppressed; 3 packages checked, 1 unchecked; 1 input could not be read
";

fn table_text(findings: &[Finding], ctx: &ReportContext, explain: bool) -> String {
    String::from_utf8(table::render(findings, ctx, TableOptions { color: false, explain })).unwrap()
}

#[test]
fn table_groups_by_package_and_lists_suppressed_and_unreadable_inputs() {
    let (findings, ctx) = sample();
    assert_eq!(table_text(&findings, &ctx, false), TABLE);
}

#[test]
fn table_explain_indents_each_explanation_line() {
    let (findings, ctx) = sample();
    let text = table_text(&findings, &ctx, true);
    assert!(
        text.contains(
            "            fix: upgrade to 1.0.121
            why: record RUSTSEC-2099-0001 affected[0] (crates.io serde_json), range 0 (SEMVER)
                 1.0.120 >= 0 (introduced) and 1.0.120 < 1.0.121 (fixed)
                 severity: CVSS_V3 CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H score 9.1
  LOW       RUSTSEC-2099-0002"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "    fix: set securityContext.runAsNonRoot: true
    why: spec.template.spec.containers[0].securityContext.runAsNonRoot is unset
"
        ),
        "{text}"
    );
    // Explanations only add lines.
    let without: Vec<&str> = text.lines().filter(|l| !l.trim_start().starts_with("why:") && !l.starts_with("                 ")).collect();
    assert_eq!(without.join("\n") + "\n", TABLE);
}

fn json_of(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).expect("output is JSON")
}

#[test]
fn json_report_has_stable_fields_and_order() {
    let (findings, ctx) = sample();
    let v = json_of(&json::render(&findings, &ctx));
    assert_eq!(v["schema"], "ci-sec/findings/v1");
    assert_eq!(v["tool"], json!({ "name": "ci-sec", "version": "9.9.9" }));
    assert_eq!(
        v.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["schema", "tool", "scanned_path", "findings", "suppressed", "incomplete", "unchecked", "summary"]
    );
    let ids: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["rule_id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["RUSTSEC-2099-0001", "pss-restricted/runAsNonRoot", "GHSA-dddd-eeee-ffff", "RUSTSEC-2099-0002"]);

    let first = &v["findings"][0];
    assert_eq!(first["kind"], "vulnerability");
    assert_eq!(first["severity"], "critical");
    assert_eq!(first["aliases"], json!(["CVE-2099-1001", "GHSA-aaaa-bbbb-cccc"]));
    assert_eq!(first["package"], json!({ "name": "serde_json", "version": "1.0.120", "ecosystem": "crates.io", "purl": "pkg:cargo/serde_json@1.0.120" }));
    assert_eq!(first["location"], json!({ "path": "rust/Cargo.lock", "line": 18, "column": 0 }));
    assert_eq!(first["fix"], "1.0.121");
    assert_eq!(first["explanation"].as_array().unwrap().len(), 3);
    assert_eq!(first["fingerprint"].as_str().unwrap().len(), 32);
    assert!(first.get("suppression").is_none());

    let misconf = &v["findings"][1];
    assert_eq!(misconf["kind"], "misconfiguration");
    assert_eq!(misconf["package"], Value::Null);
    assert_eq!(misconf["location"], json!({ "path": "k8s/deploy.yaml", "line": 14, "column": 9 }));
    assert_eq!(v["findings"][2]["fix"], Value::Null, "no fix is null, not absent");

    assert_eq!(v["suppressed"].as_array().unwrap().len(), 1);
    assert_eq!(
        v["suppressed"][0]["suppression"],
        json!({ "kind": "vex", "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path", "source": "vex.json" })
    );
    assert_eq!(
        v["incomplete"],
        json!([{ "path": "broken/Cargo.lock", "line": 9, "column": 8, "rule_id": "input/unreadable", "message": "cannot parse as Cargo.lock: expected `=`" }])
    );
    assert_eq!(
        v["summary"],
        json!({
            "total": 4,
            "by_severity": { "critical": 1, "high": 1, "medium": 1, "low": 1, "info": 0 },
            "by_kind": { "vulnerability": 3, "misconfiguration": 1 },
            "suppressed": 1,
            "incomplete": 1,
            "packages_checked": 3,
            "packages_unchecked": 1
        })
    );
}

#[test]
fn every_report_is_independent_of_the_input_order() {
    let (findings, ctx) = sample();
    let mut reversed = findings.clone();
    reversed.reverse();
    assert_eq!(json::render(&findings, &ctx), json::render(&reversed, &ctx));
    assert_eq!(sarif::render(&findings, &ctx), sarif::render(&reversed, &ctx));
    assert_eq!(table::render(&findings, &ctx, TableOptions::default()), table::render(&reversed, &ctx, TableOptions::default()));
}

fn sarif_schema_errors(log: &Value) -> Option<Vec<String>> {
    let data = shared_data("schemas/sarif-schema-2.1.0.json")?;
    Some(schema_errors(&data.join("schemas"), "sarif-schema-2.1.0.json", log))
}

#[test]
fn sarif_maps_rules_results_suppressions_and_notifications() {
    let (findings, ctx) = sample();
    let log = json_of(&sarif::render(&findings, &ctx));
    if let Some(errors) = sarif_schema_errors(&log) {
        assert!(errors.is_empty(), "SARIF schema violations: {errors:#?}");
    }
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "ci-sec");
    assert_eq!(driver["version"], "9.9.9");

    let rules = driver["rules"].as_array().unwrap();
    let rule_ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        rule_ids,
        ["RUSTSEC-2099-0001", "pss-restricted/runAsNonRoot", "GHSA-dddd-eeee-ffff", "RUSTSEC-2099-0002", "RUSTSEC-2099-0003"]
    );
    let overflow = &rules[0];
    assert_eq!(overflow["shortDescription"]["text"], "Stack overflow on deeply nested input");
    assert_eq!(
        overflow["fullDescription"]["text"],
        "Stack overflow on deeply nested input. Also known as CVE-2099-1001, GHSA-aaaa-bbbb-cccc. Affects serde_json."
    );
    assert_eq!(
        overflow["help"]["text"],
        "Fix:\n- upgrade serde_json to 1.0.121\nReferences:\n- https://rustsec.org/advisories/RUSTSEC-2099-0001.html\n\
         - https://nvd.nist.gov/vuln/detail/CVE-2099-1001\n- https://github.com/advisories/GHSA-aaaa-bbbb-cccc"
    );
    assert!(overflow["help"]["markdown"].as_str().unwrap().contains("- <https://nvd.nist.gov/vuln/detail/CVE-2099-1001>"));
    assert_eq!(overflow["helpUri"], "https://rustsec.org/advisories/RUSTSEC-2099-0001.html");
    // The stated CVSS score lies in the critical band, so it is used.
    assert_eq!(overflow["properties"], json!({ "security-severity": "9.1", "tags": ["security", "vulnerability"] }));
    assert_eq!(rules[1]["properties"], json!({ "security-severity": "8.0", "tags": ["security", "misconfiguration"] }));
    assert_eq!(rules[2]["properties"]["security-severity"], "5.5");
    assert_eq!(rules[2]["help"]["text"].as_str().unwrap().lines().take(2).collect::<Vec<_>>(), ["Fix:", "- itoa: no fix available"]);
    assert_eq!(rules[2]["helpUri"], "https://github.com/advisories/GHSA-dddd-eeee-ffff", "derived from the id");
    assert_eq!(rules[3]["properties"]["security-severity"], "2.0");

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 5, "suppressed findings stay, marked");
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"], "ruleIndex points at the rule");
    }
    let first = &results[0];
    assert_eq!(first["ruleId"], "RUSTSEC-2099-0001");
    assert_eq!(first["level"], "error");
    assert_eq!(first["message"]["text"], "serde_json 1.0.120 is affected by RUSTSEC-2099-0001");
    assert_eq!(
        first["locations"][0]["physicalLocation"],
        json!({ "artifactLocation": { "uri": "rust/Cargo.lock", "uriBaseId": "%SRCROOT%" }, "region": { "startLine": 18 } })
    );
    assert_eq!(first["partialFingerprints"]["ciSecFingerprint/v1"], findings[4].fingerprint.as_str());
    assert!(first.get("suppressions").is_none());

    let misconf = &results[1];
    assert_eq!(misconf["level"], "error");
    assert_eq!(misconf["locations"][0]["physicalLocation"]["region"], json!({ "startLine": 14, "startColumn": 9 }));
    assert_eq!(results[2]["level"], "warning");
    assert_eq!(results[3]["level"], "note");

    let suppressed = &results[4];
    assert_eq!(suppressed["ruleId"], "RUSTSEC-2099-0003");
    assert_eq!(
        suppressed["suppressions"],
        json!([{
            "kind": "external",
            "status": "accepted",
            "justification": "suppressed by VEX (not_affected: vulnerable_code_not_in_execute_path) from vex.json"
        }])
    );

    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["level"], "error");
    assert_eq!(notes[0]["message"]["text"], "cannot parse as Cargo.lock: expected `=`");
    assert_eq!(notes[0]["locations"][0]["physicalLocation"]["region"], json!({ "startLine": 9, "startColumn": 8 }));
    assert_eq!(notes[0]["descriptor"]["id"], "input/unreadable");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
}

#[test]
fn sarif_of_a_clean_complete_run_is_valid_and_successful() {
    let ctx = ReportContext::new(".");
    let log = json_of(&sarif::render(&[], &ctx));
    if let Some(errors) = sarif_schema_errors(&log) {
        assert!(errors.is_empty(), "SARIF schema violations: {errors:#?}");
    }
    assert_eq!(log["runs"][0]["invocations"], json!([{ "executionSuccessful": true }]));
    assert_eq!(log["runs"][0]["results"], json!([]));
    // The validation is not vacuous.
    let mut broken = log.clone();
    broken["runs"][0]["results"] = json!([{ "ruleId": "x", "level": "fatal", "message": { "text": "m" } }]);
    if let Some(errors) = sarif_schema_errors(&broken) {
        assert!(!errors.is_empty(), "an invalid level is rejected");
    }
}

/// Fails when a SARIF log defines a rule id twice — with different texts
/// (contradicting itself) or even identically.
fn assert_one_rule_per_id(log: &Value) {
    let mut seen: BTreeMap<&str, &Value> = BTreeMap::new();
    for rule in log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap() {
        let id = rule["id"].as_str().unwrap();
        if let Some(earlier) = seen.insert(id, rule) {
            assert_eq!(earlier, rule, "two rules share the id {id} with different texts");
            panic!("rule {id} is defined twice");
        }
    }
}

#[test]
fn sarif_rules_never_share_an_id_with_different_texts() {
    let (mut findings, ctx) = sample();
    // The same advisory on a second package, with its own fix, location,
    // title wording and reference; and the same misconfiguration rule at a
    // second place with another message.
    let mut other = cargo_vuln("RUSTSEC-2099-0001", Severity::High, "ryu", "1.0.18", 12, "Stack overflow (ryu)");
    other.fix = Some("1.0.20".into());
    other.help_uri = Some("https://example.org/ryu-advisory".into());
    findings.push(other);
    let mut second = findings[2].clone();
    second.location = at("k8s/worker.yaml", 3, 5);
    second.message = "container \"worker\" may run as root".into();
    second.fingerprint = "0".repeat(32);
    findings.push(second);

    let log = json_of(&sarif::render(&findings, &ctx));
    assert_one_rule_per_id(&log);
    let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let overflow = rules.iter().find(|r| r["id"] == "RUSTSEC-2099-0001").unwrap();
    assert_eq!(overflow["shortDescription"]["text"], "Stack overflow on deeply nested input", "the worst finding names the rule");
    let help = overflow["help"]["text"].as_str().unwrap();
    assert!(help.starts_with("Fix:\n- upgrade serde_json to 1.0.121\n- upgrade ryu to 1.0.20\nReferences:"), "{help}");
    assert!(help.contains("- https://example.org/ryu-advisory"), "{help}");
    assert!(overflow["fullDescription"]["text"].as_str().unwrap().ends_with("Affects serde_json, ryu."));
    let results = log["runs"][0]["results"].as_array().unwrap();
    for r in results {
        assert_eq!(rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"], r["ruleId"]);
    }
    assert_eq!(results.iter().filter(|r| r["ruleId"] == "pss-restricted/runAsNonRoot").count(), 2);
    if let Some(errors) = sarif_schema_errors(&log) {
        assert!(errors.is_empty(), "SARIF schema violations: {errors:#?}");
    }
}

fn fixture_document() -> Document {
    let inventory = inventory_paths(&fixture("sbom/mixed/rust"), &ScanOptions { include_vendored: false, allow_cargo: false });
    assert!(inventory.errors.is_empty(), "{:?}", inventory.errors);
    Document::build(&inventory, &DocumentOptions::default())
}

#[test]
fn cyclonedx_vulnerabilities_extend_the_sbom_and_validate() {
    let doc = fixture_document();
    let (findings, ctx) = sample();
    let plain = cyclonedx::to_json(&doc, SpecVersion::V1_6).unwrap();
    assert_eq!(cyclonedx::v1_6::to_json_with(&doc, &[]).unwrap(), plain, "no vulnerabilities: the plain SBOM, byte for byte");
    let with = cyclonedx_vex::render(&doc, &findings, &ctx).unwrap();

    // The SBOM part is untouched: the vulnerabilities are appended.
    let plain_text = String::from_utf8(plain.clone()).unwrap();
    let with_text = String::from_utf8(with.clone()).unwrap();
    let sbom_body = plain_text.strip_suffix("\n}\n").unwrap();
    assert!(with_text.starts_with(&format!("{sbom_body},\n  \"vulnerabilities\": [")), "{with_text}");
    let mut bom = json_of(&with);
    let vulns = bom.as_object_mut().unwrap().remove("vulnerabilities").unwrap();
    assert_eq!(bom, json_of(&plain));

    let bom = json_of(&with);
    if let Some(data) = shared_data("schemas/bom-1.6.schema.json") {
        let errors = schema_errors(&data.join("schemas"), "bom-1.6.schema.json", &bom);
        assert!(errors.is_empty(), "CycloneDX 1.6 schema violations: {errors:#?}");
        let mut broken = bom.clone();
        broken["vulnerabilities"][3]["analysis"]["justification"] = json!("vulnerable_code_not_in_execute_path");
        assert!(!schema_errors(&data.join("schemas"), "bom-1.6.schema.json", &broken).is_empty(), "OpenVEX words are not CycloneDX's");
    }

    let vulns = vulns.as_array().unwrap();
    let ids: Vec<&str> = vulns.iter().map(|v| v["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["RUSTSEC-2099-0001", "GHSA-dddd-eeee-ffff", "RUSTSEC-2099-0002", "RUSTSEC-2099-0003"], "misconfigurations are not CycloneDX vulnerabilities");

    let component_refs: Vec<&str> = bom["components"].as_array().unwrap().iter().map(|c| c["bom-ref"].as_str().unwrap()).collect();
    for v in vulns {
        let r = v["affects"][0]["ref"].as_str().unwrap();
        assert!(component_refs.contains(&r), "affects {r} names a component of the SBOM");
    }

    assert_eq!(
        vulns[0],
        json!({
            "bom-ref": "vuln:RUSTSEC-2099-0001/pkg:cargo/serde_json@1.0.120",
            "id": "RUSTSEC-2099-0001",
            "source": { "name": "RustSec", "url": "https://rustsec.org/advisories/RUSTSEC-2099-0001.html" },
            "references": [
                { "id": "CVE-2099-1001", "source": { "name": "NVD", "url": "https://nvd.nist.gov/vuln/detail/CVE-2099-1001" } },
                { "id": "GHSA-aaaa-bbbb-cccc", "source": { "name": "GitHub Advisory Database", "url": "https://github.com/advisories/GHSA-aaaa-bbbb-cccc" } }
            ],
            "ratings": [{
                "source": { "name": "RustSec", "url": "https://rustsec.org/advisories/RUSTSEC-2099-0001.html" },
                "score": 9.1,
                "severity": "critical",
                "method": "CVSSv31",
                "vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"
            }],
            "description": "Stack overflow on deeply nested input",
            "detail": "serde_json 1.0.120 is affected by RUSTSEC-2099-0001",
            "recommendation": "Upgrade to 1.0.121",
            "affects": [{ "ref": "pkg:cargo/serde_json@1.0.120", "versions": [{ "version": "1.0.120", "status": "affected" }] }],
            "properties": [
                { "name": "ci-sec:fingerprint", "value": findings[4].fingerprint },
                { "name": "ci-sec:location", "value": "rust/Cargo.lock:18" }
            ]
        })
    );
    let no_fix = &vulns[1];
    assert_eq!(no_fix["ratings"], json!([{ "severity": "medium", "method": "other" }]));
    assert!(no_fix.get("recommendation").is_none());
    assert!(no_fix.get("analysis").is_none());

    let vexed = &vulns[3];
    assert_eq!(
        vexed["analysis"],
        json!({
            "state": "not_affected",
            "justification": "code_not_reachable",
            "detail": "suppressed by VEX (not_affected: vulnerable_code_not_in_execute_path) from vex.json"
        })
    );
    assert_eq!(vexed["affects"][0], json!({ "ref": "pkg:cargo/ryu@1.0.18", "versions": [{ "version": "1.0.18", "status": "unaffected" }] }));
}
