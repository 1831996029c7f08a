//! The policy stage end to end: findings built in code as the matching and
//! checking stages would produce them, the fixture `.ci-sec.toml` and both
//! VEX documents, a pinned `today`; then which findings are suppressed, why,
//! what is warned about and whether the run fails.

mod common;

use ci_sec::config;
use ci_sec::model::{Finding, FindingKind, Location, PackageRef, Severity};
use ci_sec::model::date::Date;
use ci_sec::policy::{FailOn, Policy, ScanFlags, WarningKind, exit_code_for};
use common::{fixture, schema_errors, shared_data};

/// `pkg`: ecosystem, name, version, purl.
fn vuln(id: &str, aliases: &[&str], severity: Severity, pkg: (&str, &str, &str, &str), path: &str, fix: Option<&str>) -> Finding {
    let (eco, name, version, purl) = pkg;
    let mut f = Finding::new(
        FindingKind::Vulnerability,
        id,
        severity,
        format!("{name} {version}: {id}"),
        Location { path: path.into(), line: 10, column: 0 },
        &format!("{name}@{version}"),
    );
    f.aliases = aliases.iter().map(|a| a.to_string()).collect();
    f.package = Some(PackageRef { name: name.into(), version: version.into(), ecosystem: eco.into(), purl: purl.into() });
    f.fix = fix.map(str::to_string);
    f
}

/// A scan of a small monorepo (web, api, a Rust service, Python jobs, Go
/// gateway, Kubernetes manifests).
fn scan_result() -> Vec<Finding> {
    use Severity::*;
    vec![
        // 0: ignored, scoped to web/** and lodash@4.17.20
        vuln("GHSA-jf85-cpcp-j695", &["CVE-2019-10744"], Critical, ("npm", "lodash", "4.17.20", "pkg:npm/lodash@4.17.20"), "web/package-lock.json", Some("4.17.12")),
        // 1: same advisory in api/: outside the ignore's path
        vuln("GHSA-jf85-cpcp-j695", &["CVE-2019-10744"], Critical, ("npm", "lodash", "4.17.20", "pkg:npm/lodash@4.17.20"), "api/package-lock.json", Some("4.17.12")),
        // 2: OpenVEX not_affected, product without version
        vuln("GHSA-35jh-r3h4-6jhm", &["CVE-2021-23337"], High, ("npm", "lodash", "4.17.20", "pkg:npm/lodash@4.17.20"), "api/package-lock.json", Some("4.17.21")),
        // 3: expired ignore
        vuln("RUSTSEC-2020-0071", &["CVE-2020-26235"], Medium, ("crates.io", "time", "0.1.45", "pkg:cargo/time@0.1.45"), "services/billing/Cargo.lock", Some("0.2.23")),
        // 4: CycloneDX not_affected by bom-ref, matched through an alias
        vuln("GHSA-c38w-74pg-36hr", &["RUSTSEC-2023-0071", "CVE-2023-49092"], Medium, ("crates.io", "rsa", "0.9.6", "pkg:cargo/rsa@0.9.6"), "services/billing/Cargo.lock", None),
        // 5: CycloneDX in_triage: stays
        vuln("GHSA-xcf7-rvmh-g6q4", &[], High, ("crates.io", "openssl", "0.10.55", "pkg:cargo/openssl@0.10.55"), "services/billing/Cargo.lock", Some("0.10.60")),
        // 6: OpenVEX: the later `affected` beats the earlier `not_affected`
        vuln("PYSEC-2023-74", &["CVE-2023-32681", "GHSA-j8r2-6x86-q33q"], Medium, ("PyPI", "requests", "2.25.0", "pkg:pypi/requests@2.25.0"), "jobs/requirements.txt", Some("2.31.0")),
        // 7: ignored by versionless purl
        vuln("GHSA-2222-3333-4444", &["CVE-2024-27351"], Medium, ("PyPI", "Django", "4.2.10", "pkg:pypi/django@4.2.10"), "jobs/requirements.txt", Some("4.2.11")),
        // 8: CycloneDX false_positive via a BOM-Link ref
        vuln("CVE-2024-22195", &["GHSA-h5c8-rqwp-cp95"], Medium, ("PyPI", "Jinja2", "3.1.2", "pkg:pypi/jinja2@3.1.2"), "jobs/poetry.lock", Some("3.1.3")),
        // 9: OpenVEX `fixed` for a subcomponent of the shop image
        vuln("GHSA-4374-p667-p6c8", &["GO-2023-2102"], High, ("Go", "golang.org/x/net", "v0.17.0", "pkg:golang/golang.org/x/net@v0.17.0"), "gateway/go.mod", Some("v0.17.0")),
        // 10: no fix, no statement, no ignore: stays (no --ignore-unfixed)
        vuln("GHSA-5555-6666-7777", &[], Low, ("npm", "left-pad", "1.3.0", "pkg:npm/left-pad@1.3.0"), "web/package-lock.json", None),
        // 11: manifest rule ignored in test manifests only
        Finding::new(FindingKind::Misconfiguration, "k8s/run-as-non-root", Severity::Medium, "runs as root", Location { path: "deploy/test/pod.yaml".into(), line: 14, column: 7 }, "Pod/smoke"),
        // 12: … but not in production manifests
        Finding::new(FindingKind::Misconfiguration, "k8s/run-as-non-root", Severity::Medium, "runs as root", Location { path: "deploy/prod/api.yaml".into(), line: 22, column: 7 }, "Deployment/api"),
        // 13: an unreadable input is never suppressed
        Finding::input_error(Location { path: "deploy/test/broken.yaml".into(), line: 3, column: 1 }, "invalid YAML"),
    ]
}

fn why(f: &Finding) -> Option<(String, String, String, String)> {
    f.suppressed.as_ref().map(|s| (s.kind.clone(), s.status.clone(), s.justification.clone(), s.source.clone()))
}

fn owned(a: &str, b: &str, c: &str, d: &str) -> Option<(String, String, String, String)> {
    Some((a.into(), b.into(), c.into(), d.into()))
}

fn run(flags: ScanFlags) -> (Vec<Finding>, Vec<ci_sec::policy::PolicyWarning>, FailOn) {
    let config = config::load(&fixture("policy/.ci-sec.toml")).expect("config");
    let today = Date::new(2026, 3, 15).unwrap();
    let (policy, fail_on) = Policy::from_settings(&config.scan, ".ci-sec.toml", &flags, today).expect("policy");
    let mut findings = scan_result();
    let warnings = policy.apply(&mut findings);
    (findings, warnings, fail_on)
}

fn vex_flags() -> ScanFlags {
    ScanFlags { vex: vec![fixture("policy/openvex.json"), fixture("policy/cyclonedx-vex.json")], ..ScanFlags::default() }
}

#[test]
fn which_findings_are_suppressed_and_why() {
    let (findings, _, _) = run(vex_flags());
    let openvex = fixture("policy/openvex.json").display().to_string();
    let cdx = fixture("policy/cyclonedx-vex.json").display().to_string();

    assert_eq!(
        why(&findings[0]),
        owned("ignore", "ignored", "the web bundle only imports lodash/get; defaultsDeep is tree-shaken away", ".ci-sec.toml:13")
    );
    assert_eq!(why(&findings[1]), None);
    assert_eq!(
        why(&findings[2]),
        owned("vex", "not_affected", "vulnerable_code_not_in_execute_path: lodash.template is never called with user input", &format!("{openvex}:9"))
    );
    assert_eq!(why(&findings[3]), None, "the ignore expired on 2026-01-31");
    assert_eq!(
        why(&findings[4]),
        owned(
            "vex",
            "not_affected",
            "code_not_reachable: only RSA signature verification is used; no decryption or signing with private keys",
            &format!("{cdx}:39")
        )
    );
    assert_eq!(why(&findings[5]), None, "in_triage");
    assert_eq!(why(&findings[6]), None, "affected is the latest statement");
    assert_eq!(why(&findings[7]), owned("ignore", "ignored", "Truncator.words(html=True) is not used", ".ci-sec.toml:27"));
    assert_eq!(
        why(&findings[8]),
        owned("vex", "false_positive", "the scanner matched a vendored copy that is not shipped", &format!("{cdx}:69"))
    );
    assert_eq!(why(&findings[9]).map(|w| (w.0, w.1)), Some(("vex".into(), "fixed".into())));
    assert_eq!(why(&findings[10]), None);
    assert_eq!(
        why(&findings[11]),
        owned("ignore", "ignored", "test pods run the upstream image as root on purpose", ".ci-sec.toml:34")
    );
    assert_eq!(why(&findings[12]), None);
    assert_eq!(why(&findings[13]), None);

    // Explanations say why the survivors were not suppressed.
    assert!(findings[3].explanation.iter().any(|e| e.contains("expired on 2026-01-31")));
    assert!(findings[6].explanation.iter().any(|e| e.contains("says affected (upgrade requests to 2.31.0)")));
    assert!(findings[5].explanation.iter().any(|e| e.contains("says in_triage")));
}

#[test]
fn warnings_name_the_expired_and_unused_ignores_and_skipped_statements() {
    let (_, warnings, _) = run(vex_flags());
    let of = |kind: WarningKind| -> Vec<String> { warnings.iter().filter(|w| w.kind == kind).map(|w| w.message.clone()).collect() };
    assert_eq!(
        of(WarningKind::ExpiredIgnore),
        ["ignore for RUSTSEC-2020-0071 in .ci-sec.toml:21 expired on 2026-01-31; the 1 finding it matched counts again"]
    );
    assert_eq!(of(WarningKind::UnusedIgnore), ["ignore for CVE-2000-0001 in .ci-sec.toml:41 matched no finding"]);
    let vex = of(WarningKind::Vex);
    assert_eq!(vex.len(), 1, "{vex:?}");
    assert!(vex[0].ends_with("openvex.json:60: statement for CVE-2024-0001 names no product by package URL; skipped"));
}

#[test]
fn the_gate_counts_what_is_left() {
    // Config: fail-on = "medium". Left: lodash in api/ (critical), time
    // (medium), openssl (high), requests (medium), left-pad (low), the prod
    // manifest (medium) and the input error (not counted by the gate).
    let (findings, _, fail_on) = run(vex_flags());
    assert_eq!(fail_on, FailOn::At(Severity::Medium));
    assert!(exit_code_for(&findings, fail_on));
    assert!(exit_code_for(&findings, FailOn::At(Severity::Critical)), "lodash in api/ is critical");
    assert!(!exit_code_for(&findings, FailOn::Never));

    // Without the VEX files only the three ignores suppress.
    let (without_vex, _, _) = run(ScanFlags::default());
    let active = |fs: &[Finding]| fs.iter().filter(|f| f.suppressed.is_none()).count();
    assert_eq!(active(&findings), 7);
    assert_eq!(active(&without_vex), 11);
}

#[test]
fn ignore_unfixed_and_fail_on_flags() {
    let flags = ScanFlags { ignore_unfixed: true, fail_on: Some(FailOn::At(Severity::Critical)), ..vex_flags() };
    let (findings, _, fail_on) = run(flags);
    assert_eq!(fail_on, FailOn::At(Severity::Critical), "the flag wins over the config");
    assert_eq!(why(&findings[10]), owned("policy", "unfixed", "no fixed version is available", "--ignore-unfixed"));
    assert_eq!(why(&findings[4]).map(|w| w.0), Some("vex".into()), "VEX explains rsa before --ignore-unfixed would");
    assert_eq!(why(&findings[12]), None, "manifests are never 'unfixed'");
    // Only lodash in api/ is critical and unsuppressed.
    assert!(exit_code_for(&findings, fail_on));
    let mut fixed_lodash = findings.clone();
    fixed_lodash.remove(1);
    assert!(!exit_code_for(&fixed_lodash, fail_on));
}

#[test]
fn malformed_vex_stops_the_run_with_file_and_line() {
    let config = config::load(&fixture("policy/.ci-sec.toml")).unwrap();
    let flags = ScanFlags { vex: vec![fixture("policy/openvex.json"), fixture("policy/invalid/cyclonedx-truncated.json")], ..ScanFlags::default() };
    let err = Policy::from_settings(&config.scan, ".ci-sec.toml", &flags, Date::new(2026, 3, 15).unwrap()).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("cyclonedx-truncated.json:9: invalid JSON"), "{message}");
}

#[test]
fn cyclonedx_vex_fixture_is_schema_valid() {
    let Some(shared) = shared_data("schemas") else { return };
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(fixture("policy/cyclonedx-vex.json")).unwrap()).unwrap();
    let errors = schema_errors(&shared.join("schemas"), "bom-1.6.schema.json", &doc);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn vex_reader_never_panics_on_prefixes_or_mutations() {
    let mut seed: u64 = 0x7e5;
    let mut next = move || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for name in ["openvex.json", "cyclonedx-vex.json", "invalid/openvex-bad-status.json"] {
        let text = std::fs::read_to_string(fixture(&format!("policy/{name}"))).unwrap();
        for end in 0..text.len() {
            if text.is_char_boundary(end) {
                let _ = ci_sec::policy::vex::parse(&text[..end], name);
            }
        }
        let syntax = b"{}[]\":,@#%/ -_0aZ";
        for _ in 0..500 {
            let mut bytes = text.clone().into_bytes();
            let at = next() % bytes.len();
            bytes[at] = syntax[next() % syntax.len()];
            if let Ok(mutated) = String::from_utf8(bytes) {
                let _ = ci_sec::policy::vex::parse(&mutated, name);
            }
        }
    }
}
