//! Unit tests of the policy rules, on the fixtures in tests/fixtures/policy/.

use std::path::PathBuf;

use super::*;
use crate::config::{self, ConfigError};
use crate::model::{Location, PackageRef};

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/policy").join(rel)
}

fn today() -> Date {
    Date::new(2026, 3, 15).unwrap()
}

fn vuln(id: &str, aliases: &[&str], name: &str, version: &str, purl: &str, path: &str) -> Finding {
    let mut f = Finding::new(
        FindingKind::Vulnerability,
        id,
        Severity::High,
        format!("{name} {version} is vulnerable"),
        Location { path: path.into(), line: 7, column: 0 },
        &format!("{name}@{version}"),
    );
    f.aliases = aliases.iter().map(|a| a.to_string()).collect();
    let ecosystem = match purl.split(['/', ':']).nth(1) {
        Some("npm") => "npm",
        Some("pypi") => "PyPI",
        Some("cargo") => "crates.io",
        Some("golang") => "Go",
        _ => "",
    };
    f.package = Some(PackageRef { name: name.into(), version: version.into(), ecosystem: ecosystem.into(), purl: purl.into() });
    f.fix = Some("a newer version".into());
    f
}

fn suppression(f: &Finding) -> Option<(&str, &str, &str, &str)> {
    f.suppressed
        .as_ref()
        .map(|s| (s.kind.as_str(), s.status.as_str(), s.justification.as_str(), s.source.as_str()))
}

fn fixture_config() -> config::Config {
    config::load(&fixture(".ci-sec.toml")).expect("fixture config is valid")
}

fn ignores_policy() -> Policy {
    Policy::new(today()).with_ignores(fixture_config().scan.ignore, ".ci-sec.toml")
}

// ---- configuration -------------------------------------------------------

#[test]
fn config_scan_table_is_read_with_lines() {
    let c = fixture_config();
    assert!(c.sbom.exclude_dev, "the [sbom] table still works");
    assert_eq!(c.scan.fail_on, Some(FailOn::At(Severity::Medium)));
    assert!(!c.scan.ignore_unfixed);
    assert_eq!(c.scan.max_db_age, Some(config::MaxAge { seconds: 7 * 86_400 }));
    let lines: Vec<(u32, &str)> = c.scan.ignore.iter().map(|r| (r.line, r.id.as_str())).collect();
    assert_eq!(
        lines,
        [(13, "CVE-2019-10744"), (21, "RUSTSEC-2020-0071"), (27, "CVE-2024-27351"), (34, "k8s/run-as-non-root"), (41, "CVE-2000-0001")]
    );
    let first = &c.scan.ignore[0];
    assert_eq!(first.package, Some("lodash@4.17.20".parse().unwrap()));
    assert_eq!(first.path.as_ref().map(|g| g.as_str()), Some("web/**"));
    assert_eq!(first.until, Date::new(2026, 6, 30).unwrap());
    assert_eq!(c.scan.ignore[1].until, Date::new(2026, 1, 31).unwrap(), "quoted dates work too");
    assert_eq!(c.scan.ignore[2].purl.as_ref().map(ToString::to_string).as_deref(), Some("pkg:pypi/django"));
}

#[test]
fn invalid_ignores_are_errors_naming_the_line() {
    let cases: &[(&str, u32, &str)] = &[
        ("missing-reason.toml", 3, "missing field `reason` (every [[scan.ignore]] needs a `reason` and an `until"),
        ("missing-until.toml", 9, "missing field `until`"),
        ("bad-until.toml", 4, "invalid date \"2026-02-30\": no such day"),
        ("datetime-until.toml", 4, "expected a date YYYY-MM-DD, found datetime"),
        ("unknown-key.toml", 3, "unknown field `reasn`"),
        ("bad-purl.toml", 5, "invalid package URL \"npm/lodash\""),
        ("empty-reason.toml", 3, "must not be empty"),
        ("bad-fail-on.toml", 3, "unknown threshold \"severe\""),
        ("bad-max-db-age.toml", 2, "invalid age \"7 days\""),
    ];
    for &(file, want_line, want_message) in cases {
        match config::load(&fixture(&format!("invalid/{file}"))) {
            Err(ConfigError::Invalid { line, message, .. }) => {
                assert_eq!(line, want_line, "{file}: {message}");
                assert!(message.contains(want_message), "{file}: {message}");
            }
            other => panic!("{file}: expected an error, got {other:?}"),
        }
    }
}

#[test]
fn max_db_age_units() {
    let age = |s: &str| s.parse::<config::MaxAge>().map(|a| a.seconds);
    assert_eq!(age("36h"), Ok(36 * 3600));
    assert_eq!(age("2w"), Ok(14 * 86_400));
    assert!(age("0d").is_err() && age("7").is_err() && age("d").is_err() && age("-1d").is_err() && age("7m").is_err());
}

#[test]
fn fail_on_parses_never_and_severities() {
    assert_eq!("HIGH".parse::<FailOn>(), Ok(FailOn::At(Severity::High)));
    assert_eq!("moderate".parse::<FailOn>(), Ok(FailOn::At(Severity::Medium)));
    assert_eq!("none".parse::<FailOn>(), Ok(FailOn::Never), "none means never, not severity info");
    assert_eq!("never".parse::<FailOn>(), Ok(FailOn::Never));
    assert!("urgent".parse::<FailOn>().is_err());
    assert_eq!(FailOn::default(), FailOn::At(Severity::Low));
}

// ---- ignore rules --------------------------------------------------------

#[test]
fn scoped_ignore_suppresses_only_in_scope() {
    let mut findings = vec![
        vuln("GHSA-jf85-cpcp-j695", &["CVE-2019-10744"], "lodash", "4.17.20", "pkg:npm/lodash@4.17.20", "web/package-lock.json"),
        vuln("GHSA-jf85-cpcp-j695", &["CVE-2019-10744"], "lodash", "4.17.20", "pkg:npm/lodash@4.17.20", "api/package-lock.json"),
        vuln("GHSA-jf85-cpcp-j695", &["CVE-2019-10744"], "lodash", "4.17.15", "pkg:npm/lodash@4.17.15", "web/package-lock.json"),
    ];
    ignores_policy().apply(&mut findings);
    assert_eq!(
        suppression(&findings[0]),
        Some(("ignore", "ignored", "the web bundle only imports lodash/get; defaultsDeep is tree-shaken away", ".ci-sec.toml:13"))
    );
    assert_eq!(findings[1].suppressed, None, "other path");
    assert_eq!(findings[2].suppressed, None, "other version");
}

#[test]
fn versionless_purl_scope_covers_every_version() {
    let mut findings = vec![
        vuln("CVE-2024-27351", &[], "Django", "4.2.10", "pkg:pypi/django@4.2.10", "requirements.txt"),
        vuln("CVE-2024-27351", &[], "Django", "5.0.2", "pkg:pypi/django@5.0.2", "svc/poetry.lock"),
        vuln("CVE-2024-27351", &[], "django-extensions", "3.2.3", "pkg:pypi/django-extensions@3.2.3", "requirements.txt"),
    ];
    ignores_policy().apply(&mut findings);
    assert_eq!(suppression(&findings[0]).map(|s| s.3), Some(".ci-sec.toml:27"));
    assert_eq!(suppression(&findings[1]).map(|s| s.3), Some(".ci-sec.toml:27"));
    assert_eq!(findings[2].suppressed, None);
}

#[test]
fn expired_ignore_keeps_the_finding_and_warns() {
    let mut findings = vec![vuln("RUSTSEC-2020-0071", &["CVE-2020-26235"], "time", "0.1.45", "pkg:cargo/time@0.1.45", "Cargo.lock")];
    let warnings = ignores_policy().apply(&mut findings);
    assert_eq!(findings[0].suppressed, None);
    assert!(findings[0].explanation.iter().any(|e| e.contains(".ci-sec.toml:21 expired on 2026-01-31")));
    let expired: Vec<&str> = warnings
        .iter()
        .filter(|w| w.kind == WarningKind::ExpiredIgnore)
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(
        expired,
        ["ignore for RUSTSEC-2020-0071 in .ci-sec.toml:21 expired on 2026-01-31; the 1 finding it matched counts again"]
    );
}

#[test]
fn until_is_the_last_day_an_ignore_applies() {
    let rule = IgnoreRule::new("CVE-1", "r", Date::new(2026, 3, 15).unwrap());
    let run = |today: Date| {
        let mut f = vec![vuln("CVE-1", &[], "x", "1", "pkg:npm/x@1", "package-lock.json")];
        let w = Policy::new(today).with_ignores(vec![rule.clone()], "cfg").apply(&mut f);
        (f[0].suppressed.is_some(), w.iter().any(|w| w.kind == WarningKind::ExpiredIgnore))
    };
    assert_eq!(run(Date::new(2026, 3, 15).unwrap()), (true, false));
    assert_eq!(run(Date::new(2026, 3, 16).unwrap()), (false, true));
    // The expiry warning is given even when nothing matched the rule.
    let w = Policy::new(Date::new(2027, 1, 1).unwrap()).with_ignores(vec![rule], "cfg").apply(&mut []);
    assert_eq!(w[0].message, "ignore for CVE-1 in cfg:0 expired on 2026-03-15");
}

#[test]
fn misconfigurations_by_id_and_path_but_never_input_errors() {
    let at = |path: &str| Location { path: path.into(), line: 12, column: 5 };
    let misconfig = |path: &str| {
        Finding::new(FindingKind::Misconfiguration, "k8s/run-as-non-root", Severity::Medium, "runs as root", at(path), "Pod/x")
    };
    let mut input_error = Finding::input_error(at("deploy/test/broken.yaml"), "cannot parse");
    input_error.rule_id = "k8s/run-as-non-root".into();
    let mut findings = vec![misconfig("deploy/test/pod.yaml"), misconfig("deploy/prod/pod.yaml"), input_error];
    ignores_policy().apply(&mut findings);
    assert_eq!(suppression(&findings[0]).map(|s| s.3), Some(".ci-sec.toml:34"));
    assert_eq!(findings[1].suppressed, None);
    assert_eq!(findings[2].suppressed, None, "input errors are never suppressed");
}

#[test]
fn unused_ignores_are_reported_separately() {
    let warnings = ignores_policy().apply(&mut []);
    let unused: Vec<&str> = warnings
        .iter()
        .filter(|w| w.kind == WarningKind::UnusedIgnore)
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(unused.len(), 4, "{unused:?}");
    assert!(unused.contains(&"ignore for CVE-2000-0001 in .ci-sec.toml:41 matched no finding"));
}

// ---- VEX -----------------------------------------------------------------

fn vex_policy() -> Policy {
    Policy::new(today())
        .with_vex(vex::load(&fixture("openvex.json")).unwrap())
        .with_vex(vex::load(&fixture("cyclonedx-vex.json")).unwrap())
}

#[test]
fn openvex_not_affected_suppresses_any_version_by_alias() {
    let mut findings = vec![
        vuln("GHSA-35jh-r3h4-6jhm", &["CVE-2021-23337"], "lodash", "4.17.20", "pkg:npm/lodash@4.17.20", "package-lock.json"),
        vuln("GHSA-35jh-r3h4-6jhm", &[], "lodash", "4.17.15", "pkg:npm/lodash@4.17.15?vcs_url=git%2Bhttps://x", "yarn.lock"),
        vuln("GHSA-35jh-r3h4-6jhm", &[], "lodash-es", "4.17.20", "pkg:npm/lodash-es@4.17.20", "yarn.lock"),
    ];
    let file = fixture("openvex.json").display().to_string();
    vex_policy().apply(&mut findings);
    let s = findings[0].suppressed.as_ref().expect("suppressed");
    assert_eq!((s.kind.as_str(), s.status.as_str()), ("vex", "not_affected"));
    assert_eq!(s.justification, "vulnerable_code_not_in_execute_path: lodash.template is never called with user input");
    assert_eq!(s.source, format!("{file}:9"));
    assert!(findings[1].suppressed.is_some(), "alias in the statement, qualifiers ignored");
    assert!(findings[2].suppressed.is_none(), "another package");
}

#[test]
fn the_latest_openvex_statement_wins() {
    let mut findings = vec![vuln("PYSEC-2023-74", &["CVE-2023-32681"], "requests", "2.25.0", "pkg:pypi/requests@2.25.0", "requirements.txt")];
    vex_policy().apply(&mut findings);
    assert_eq!(findings[0].suppressed, None, "affected (2026-02-01) is newer than not_affected (2026-01-05)");
    assert!(
        findings[0].explanation.iter().any(|e| e.contains("says affected (upgrade requests to 2.31.0)")),
        "{:?}",
        findings[0].explanation
    );
}

#[test]
fn latest_across_documents_and_ties_go_to_the_later_document() {
    let doc = |status: &str, ts: &str| {
        let text = format!(
            r#"{{"@context": "https://openvex.dev/ns/v0.2.0", "statements": [{{"vulnerability": {{"name": "CVE-9"}}, "products": ["pkg:npm/x"], "status": "{status}", "impact_statement": "i", "timestamp": "{ts}"}}]}}"#
        );
        vex::parse(&text, status).unwrap()
    };
    let run = |docs: Vec<VexDocument>| {
        let mut policy = Policy::new(today());
        for d in docs {
            policy = policy.with_vex(d);
        }
        let mut f = vec![vuln("CVE-9", &[], "x", "1.0.0", "pkg:npm/x@1.0.0", "package-lock.json")];
        policy.apply(&mut f);
        f[0].suppressed.as_ref().map(|s| s.status.clone())
    };
    let old_ok = doc("not_affected", "2026-01-01T00:00:00Z");
    let new_bad = doc("under_investigation", "2026-02-01T00:00:00Z");
    assert_eq!(run(vec![new_bad.clone(), old_ok.clone()]), None, "order of files does not matter, time does");
    assert_eq!(run(vec![old_ok.clone()]), Some("not_affected".into()));
    let same_time_fixed = doc("fixed", "2026-02-01T01:00:00+01:00");
    assert_eq!(run(vec![new_bad.clone(), same_time_fixed.clone()]), Some("fixed".into()), "tie: the later file wins");
    assert_eq!(run(vec![same_time_fixed, new_bad]), None);
}

#[test]
fn openvex_subcomponents_match_packages() {
    let mut findings = vec![
        vuln("GO-2023-2102", &[], "golang.org/x/net", "v0.17.0", "pkg:golang/golang.org/x/net@v0.17.0", "go.mod"),
        vuln("GHSA-4374-p667-p6c8", &[], "golang.org/x/net", "v0.16.0", "pkg:golang/golang.org/x/net@v0.16.0", "go.mod"),
        vuln("CVE-2024-24790", &[], "stdlib", "1.22.3", "pkg:golang/stdlib@1.22.3", "go.mod"),
    ];
    let warnings = vex_policy().apply(&mut findings);
    assert_eq!(suppression(&findings[0]).map(|s| (s.1, s.2)), Some(("fixed", "the shop image is built with golang.org/x/net v0.17.0 patched by the distribution")));
    assert_eq!(findings[1].suppressed, None, "the statement names v0.17.0 only");
    assert_eq!(findings[2].suppressed, None, "under_investigation does not suppress");
    assert!(
        warnings.iter().any(|w| w.kind == WarningKind::Vex && w.message.ends_with("openvex.json:60: statement for CVE-2024-0001 names no product by package URL; skipped")),
        "{warnings:?}"
    );
}

#[test]
fn cyclonedx_states_and_ref_resolution() {
    let mut findings = vec![
        vuln("GHSA-c38w-74pg-36hr", &["RUSTSEC-2023-0071"], "rsa", "0.9.6", "pkg:cargo/rsa@0.9.6", "Cargo.lock"),
        vuln("GHSA-xcf7-rvmh-g6q4", &[], "openssl", "0.10.55", "pkg:cargo/openssl@0.10.55", "Cargo.lock"),
        vuln("CVE-2024-22195", &[], "Jinja2", "3.1.2", "pkg:pypi/jinja2@3.1.2", "poetry.lock"),
        vuln("CVE-2024-34064", &[], "Jinja2", "3.1.2", "pkg:pypi/jinja2@3.1.2", "poetry.lock"),
        vuln("CVE-2024-34064", &[], "Jinja2", "3.1.4", "pkg:pypi/jinja2@3.1.4", "uv.lock"),
    ];
    vex_policy().apply(&mut findings);
    let file = fixture("cyclonedx-vex.json").display().to_string();
    assert_eq!(
        suppression(&findings[0]),
        Some((
            "vex",
            "not_affected",
            "code_not_reachable: only RSA signature verification is used; no decryption or signing with private keys",
            format!("{file}:39").as_str()
        ))
    );
    assert_eq!(findings[1].suppressed, None, "in_triage");
    assert_eq!(suppression(&findings[2]).map(|s| (s.1, s.2)), Some(("false_positive", "the scanner matched a vendored copy that is not shipped")), "BOM-Link ref");
    assert_eq!(findings[3].suppressed, None, "resolved only for the listed version 3.1.4");
    assert_eq!(suppression(&findings[4]).map(|s| (s.1, s.2)), Some(("resolved", "resolved according to the VEX statement")));
}

#[test]
fn malformed_vex_names_file_and_line() {
    let err = vex::load(&fixture("invalid/openvex-bad-status.json")).unwrap_err().to_string();
    assert!(err.ends_with("openvex-bad-status.json:11: unknown `status` \"wont_fix\" (expected one of: not_affected, affected, fixed, under_investigation)"), "{err}");
    let err = vex::load(&fixture("invalid/cyclonedx-truncated.json")).unwrap_err().to_string();
    assert!(err.contains("cyclonedx-truncated.json:9: invalid JSON: expected ',' or '}'"), "{err}");
    let err = vex::load(&fixture("invalid/not-vex.json")).unwrap_err().to_string();
    assert!(err.contains("not-vex.json:1: not a VEX document"), "{err}");
    let err = vex::load(&fixture("invalid/absent.json")).unwrap_err().to_string();
    assert!(err.contains("absent.json: cannot read VEX document"), "{err}");
}

#[test]
fn vex_only_applies_to_vulnerabilities_with_a_package_purl() {
    let mut no_purl = vuln("CVE-2021-23337", &[], "lodash", "4.17.20", "", "package-lock.json");
    no_purl.package.as_mut().unwrap().purl = String::new();
    let mut findings = vec![no_purl];
    vex_policy().apply(&mut findings);
    assert_eq!(findings[0].suppressed, None);
}

// ---- order, unfixed, gate ------------------------------------------------

#[test]
fn vex_wins_over_ignores_and_ignores_over_unfixed() {
    let until = Date::new(2030, 1, 1).unwrap();
    let policy = Policy::new(today())
        .with_vex(vex::load(&fixture("openvex.json")).unwrap())
        .with_ignores(vec![IgnoreRule::new("CVE-2021-23337", "waived", until), IgnoreRule::new("CVE-7", "waived too", until)], "cfg")
        .with_ignore_unfixed("--ignore-unfixed");
    let mut lodash = vuln("CVE-2021-23337", &[], "lodash", "4.17.20", "pkg:npm/lodash@4.17.20", "package-lock.json");
    lodash.fix = None;
    let mut seven = vuln("CVE-7", &[], "x", "1", "pkg:npm/x@1", "package-lock.json");
    seven.fix = None;
    let mut unfixed = vuln("CVE-8", &[], "y", "1", "pkg:npm/y@1", "package-lock.json");
    unfixed.fix = Some(" ".into());
    let fixed = vuln("CVE-8", &[], "z", "1", "pkg:npm/z@1", "package-lock.json");
    let mut findings = vec![lodash, seven, unfixed, fixed];
    let warnings = policy.apply(&mut findings);
    assert_eq!(findings[0].suppressed.as_ref().map(|s| s.kind.as_str()), Some("vex"));
    assert_eq!(suppression(&findings[1]).map(|s| (s.0, s.2)), Some(("ignore", "waived too")));
    assert_eq!(
        suppression(&findings[2]),
        Some(("policy", "unfixed", "no fixed version is available", "--ignore-unfixed"))
    );
    assert_eq!(findings[3].suppressed, None, "has a fix");
    assert!(
        !warnings.iter().any(|w| w.kind == WarningKind::UnusedIgnore),
        "a rule made redundant by VEX still counts as used: {warnings:?}"
    );
}

#[test]
fn ignore_unfixed_never_touches_misconfigurations() {
    let mut f = vec![Finding::new(
        FindingKind::Misconfiguration,
        "k8s/x",
        Severity::High,
        "m",
        Location::default(),
        "",
    )];
    Policy::new(today()).with_ignore_unfixed("x").apply(&mut f);
    assert_eq!(f[0].suppressed, None);
}

#[test]
fn settings_merge_flags_over_config() {
    let config = fixture_config().scan;
    let flags = ScanFlags { vex: vec![fixture("openvex.json")], ..ScanFlags::default() };
    let (policy, fail_on) = Policy::from_settings(&config, ".ci-sec.toml", &flags, today()).unwrap();
    assert_eq!(fail_on, FailOn::At(Severity::Medium), "from the config");
    assert_eq!(policy.vex.len(), 1);
    assert_eq!(policy.ignore_unfixed, None);
    let flags = ScanFlags { fail_on: Some(FailOn::Never), ignore_unfixed: true, vex: vec![] };
    let (policy, fail_on) = Policy::from_settings(&config, ".ci-sec.toml", &flags, today()).unwrap();
    assert_eq!((fail_on, policy.ignore_unfixed.as_deref()), (FailOn::Never, Some("--ignore-unfixed")));
    let mut config = ScanConfig { ignore_unfixed: true, ..ScanConfig::default() };
    let (policy, fail_on) = Policy::from_settings(&config, "repo/.ci-sec.toml", &ScanFlags::default(), today()).unwrap();
    assert_eq!((fail_on, policy.ignore_unfixed.as_deref()), (FailOn::At(Severity::Low), Some("repo/.ci-sec.toml [scan] ignore-unfixed")));
    config.ignore_unfixed = false;
    let flags = ScanFlags { vex: vec![fixture("invalid/openvex-bad-status.json")], ..ScanFlags::default() };
    assert!(Policy::from_settings(&config, "c", &flags, today()).is_err());
}

#[test]
fn gate_counts_unsuppressed_findings_at_or_above_the_threshold() {
    let mk = |sev: Severity, suppressed: bool| {
        let mut f = Finding::new(FindingKind::Vulnerability, "CVE-1", sev, "m", Location::default(), &format!("{sev}{suppressed}"));
        if suppressed {
            f.suppressed = Some(Suppression { kind: "ignore".into(), status: "ignored".into(), justification: "r".into(), source: "s".into() });
        }
        f
    };
    let findings = vec![mk(Severity::Medium, false), mk(Severity::Critical, true), mk(Severity::Info, false)];
    assert!(exit_code_for(&findings, FailOn::At(Severity::Low)));
    assert!(exit_code_for(&findings, FailOn::At(Severity::Medium)));
    assert!(!exit_code_for(&findings, FailOn::At(Severity::High)), "the critical one is suppressed");
    assert!(!exit_code_for(&findings, FailOn::Never));
    assert!(!exit_code_for(&[mk(Severity::Info, false)], FailOn::default()), "info does not fail by default");
    assert!(exit_code_for(&[mk(Severity::Info, false)], FailOn::At(Severity::Info)));
    let input = Finding::input_error(Location::default(), "unreadable");
    assert!(!exit_code_for(&[input], FailOn::At(Severity::Info)), "input errors are exit code 2, not 1");
}
