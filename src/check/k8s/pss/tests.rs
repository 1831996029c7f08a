//! Fixture tests: `tests/fixtures/k8s/pss/*.yaml`.
//!
//! Each fixture starts with `# level: baseline|restricted` (and optionally
//! `# version: 1.xx`) and marks every line a finding must point at with
//! `# expect: <rule-id>[, <rule-id>…]` (optionally `@<column>`; by default
//! the column of the line's first token after indentation and `- `).
//! Evaluated at that level and version, the findings must be exactly the
//! marked ones: pods named `fail-*` are the ones the admission rejects,
//! `pass-*` the ones it admits.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::*;
use crate::check::k8s::{check, load_text, KubeVersion};

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/k8s/pss")
}

pub(crate) fn header<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines().find_map(|l| l.strip_prefix(&format!("# {key}:")).map(str::trim))
}

pub(crate) fn expected(text: &str) -> BTreeSet<(u32, u32, String)> {
    let mut out = BTreeSet::new();
    for (i, line) in text.lines().enumerate() {
        let Some((code, marker)) = line.split_once("# expect:") else { continue };
        let trimmed = code.trim_start();
        let mut col = code.len() - trimmed.len() + 1;
        if trimmed.starts_with("- ") {
            col += 2;
        }
        for item in marker.split(',') {
            let (rule, at) = match item.trim().split_once('@') {
                Some((r, c)) => (r.trim(), c.trim().parse::<usize>().unwrap()),
                None => (item.trim(), col),
            };
            out.insert((i as u32 + 1, at as u32, rule.to_string()));
        }
    }
    out
}

fn run(text: &str, file: &str, level: Level, version: KubeVersion, userns: bool) -> Vec<Finding> {
    let opts = PssOptions { level, version, userns_relaxation: userns };
    check(load_text(text, file), &opts).findings
}

fn positions(findings: &[Finding]) -> BTreeSet<(u32, u32, String)> {
    findings.iter().map(|f| (f.location.line, f.location.column, f.rule_id.clone())).collect()
}

#[test]
fn check_pss_fixtures_report_exactly_the_marked_fields() {
    let mut seen_rules = BTreeSet::new();
    let mut files: Vec<_> = std::fs::read_dir(fixture_dir()).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= CONTROLS.len(), "one fixture per control");
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let level = match header(&text, "level") {
            Some("baseline") => Level::Baseline,
            Some("restricted") => Level::Restricted,
            other => panic!("{name}: bad level {other:?}"),
        };
        let version = header(&text, "version").map(|v| v.parse().unwrap()).unwrap_or(KubeVersion::LATEST);
        let userns = header(&text, "userns-relaxation") == Some("true");
        let findings = run(&text, &name, level, version, userns);
        let want = expected(&text);
        assert_eq!(positions(&findings), want, "{name}: {:#?}", findings.iter().map(|f| &f.message).collect::<Vec<_>>());
        // pass/fail is the admission's verdict: a pod it admits may still be
        // refused by the API (a quoted boolean), which the markers say.
        for f in findings.iter().filter(|f| !f.rule_id.starts_with("schema/")) {
            assert!(f.message.contains("fail-"), "{name}: a passing pod was reported: {}", f.message);
            assert!(f.fix.is_some() && f.title.is_some());
        }
        seen_rules.extend(want.into_iter().map(|(_, _, r)| r));
    }
    for rule in catalogue() {
        assert!(seen_rules.contains(rule.id), "no failing fixture for {}", rule.id);
    }
}

#[test]
fn check_every_prefix_of_every_fixture_is_handled_without_panic() {
    for entry in std::fs::read_dir(fixture_dir()).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for end in (0..=text.len()).filter(|e| text.is_char_boundary(*e)).step_by(7) {
            let _ = run(&text[..end], "t.yaml", Level::Restricted, KubeVersion::LATEST, false);
        }
    }
}

#[test]
fn check_baseline_profile_ignores_restricted_controls_and_restricted_includes_baseline() {
    let text = std::fs::read_to_string(fixture_dir().join("run_as_non_root.yaml")).unwrap();
    assert!(run(&text, "f", Level::Baseline, KubeVersion::LATEST, false).is_empty());
    let text = std::fs::read_to_string(fixture_dir().join("privileged.yaml")).unwrap();
    let restricted = run(&text, "f", Level::Restricted, KubeVersion::LATEST, false);
    assert!(restricted.iter().any(|f| f.rule_id == privileged::RULE.id));
}

#[test]
fn check_version_specific_rules_follow_the_target() {
    let text = std::fs::read_to_string(fixture_dir().join("host_probes.yaml")).unwrap();
    assert!(run(&text, "f", Level::Baseline, KubeVersion::new(33), false).is_empty(), "host probes are 1.34+");
    assert!(!run(&text, "f", Level::Baseline, KubeVersion::new(34), false).is_empty());
    assert!(selinux::type_allowed("container_engine_t", KubeVersion::new(31)));
    assert!(!selinux::type_allowed("container_engine_t", KubeVersion::new(30)));
    for v in KubeVersion::supported() {
        assert!(sysctls::is_safe("net.ipv4.tcp_keepalive_probes", v));
        assert!(!sysctls::is_safe("kernel.msgmax", v));
    }
    assert!(!sysctls::is_safe("net.ipv4.ip_local_reserved_ports", KubeVersion::new(26)));
    assert!(!sysctls::is_safe("net.ipv4.tcp_wmem", KubeVersion::new(31)));
    assert!(sysctls::is_safe("net.ipv4.tcp_wmem", KubeVersion::new(32)));
    assert!(!sysctls::is_safe("net.ipv4.tcp_notsent_lowat", KubeVersion::new(36)));
    assert!(sysctls::is_safe("net.ipv4.tcp_notsent_lowat", KubeVersion::new(37)));
    // image volumes: refused by restricted before 1.33, allowed from 1.33.
    let image = "\
apiVersion: v1
kind: Pod
metadata: {name: fail-image}
spec:
  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
  containers:
  - {name: c, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}
  volumes:
  - name: data
    image: {reference: r/data:1}
";
    let at32 = run(image, "f", Level::Restricted, KubeVersion::new(32), false);
    assert_eq!(at32.iter().map(|f| (f.rule_id.as_str(), f.location.line)).collect::<Vec<_>>(), [(restricted_volumes::RULE.id, 10)]);
    assert!(run(image, "f", Level::Restricted, KubeVersion::new(33), false).is_empty());
}

#[test]
fn check_restricted_overrides_replace_the_weaker_baseline_rules() {
    let at = |v| active_rules(&PssOptions::new(Level::Restricted, KubeVersion::new(v))).iter().map(|(r, _)| r.id).collect::<Vec<_>>();
    let latest = at(37);
    for gone in [host_path_volumes::RULE.id, seccomp_baseline::RULE.id, capabilities_baseline::RULE.id, proc_mount::RULE.id] {
        assert!(!latest.contains(&gone), "{gone} is overridden under restricted");
    }
    assert!(latest.contains(&proc_mount_restricted::RULE.id));
    let v34 = at(34);
    assert!(v34.contains(&proc_mount::RULE.id) && !v34.contains(&proc_mount_restricted::RULE.id));
    let baseline = active_rules(&PssOptions::new(Level::Baseline, KubeVersion::LATEST));
    assert!(baseline.iter().all(|(r, _)| r.level == Level::Baseline));
    assert_eq!(baseline.len(), 12);
}

#[test]
fn check_user_namespace_relaxation_is_opt_in() {
    let text = "\
apiVersion: v1
kind: Pod
metadata: {name: fail-userns}
spec:
  hostUsers: false
  securityContext: {runAsUser: 0, seccompProfile: {type: RuntimeDefault}}
  containers:
  - name: c
    securityContext:
      allowPrivilegeEscalation: false
      capabilities: {drop: [ALL]}
      procMount: Unmasked
";
    let ids = |v: u32, level, gate| {
        run(text, "f", level, KubeVersion::new(v), gate).iter().map(|f| f.rule_id.clone()).collect::<BTreeSet<_>>()
    };
    let set = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    // 1.31–1.34: relaxed only behind the (perma-alpha) feature gate.
    assert_eq!(ids(34, Level::Restricted, false), set(&[run_as_non_root::RULE.id, run_as_user::RULE.id, proc_mount::RULE.id]));
    assert!(ids(34, Level::Restricted, true).is_empty());
    assert_eq!(ids(31, Level::Baseline, false), set(&[proc_mount::RULE.id]));
    // 1.35+: relaxed unconditionally, but restricted keeps procMount.
    assert_eq!(ids(35, Level::Restricted, false), set(&[proc_mount_restricted::RULE.id]));
    assert!(ids(37, Level::Baseline, false).is_empty());
}

#[test]
fn check_findings_carry_identity_for_the_fingerprint() {
    let a = "apiVersion: v1\nkind: Pod\nmetadata: {name: fail-a}\nspec:\n  hostPID: true\n  containers: []\n";
    let b = "# moved\n\napiVersion: v1\nkind: Pod\nmetadata: {name: fail-a}\nspec:\n  hostPID: true\n  containers: []\n";
    let c = "apiVersion: v1\nkind: Pod\nmetadata: {name: fail-b}\nspec:\n  hostPID: true\n  containers: []\n";
    let fa = run(a, "p.yaml", Level::Baseline, KubeVersion::LATEST, false);
    let fb = run(b, "p.yaml", Level::Baseline, KubeVersion::LATEST, false);
    let fc = run(c, "p.yaml", Level::Baseline, KubeVersion::LATEST, false);
    assert_eq!(fa[0].fingerprint, fb[0].fingerprint);
    assert_ne!(fa[0].fingerprint, fc[0].fingerprint);
    assert_eq!(fa[0].kind, crate::model::FindingKind::Misconfiguration);
}

#[test]
fn check_catalogue_ids_are_unique_and_named_after_their_level() {
    let mut ids = BTreeSet::new();
    for r in catalogue() {
        assert!(ids.insert(r.id), "duplicate {}", r.id);
        assert!(r.id.starts_with(&format!("pss-{}/", r.level.as_str())));
        assert!(!r.rationale.is_empty() && !r.remediation.is_empty() && !r.title.is_empty());
    }
}

#[test]
fn admission_check_ids_map_back_from_rule_ids() {
    use super::admission_check_id;
    assert_eq!(admission_check_id("pss-restricted/capabilities"), Some("capabilities_restricted"));
    assert_eq!(admission_check_id("pss-baseline/seccompProfile"), Some("seccompProfile_baseline"));
    assert_eq!(admission_check_id("pss-restricted/procMount"), Some("procMount_restricted"));
    assert_eq!(admission_check_id("pss-baseline/procMount"), Some("procMount"));
    assert_eq!(admission_check_id("pss-restricted/runAsNonRoot"), Some("runAsNonRoot"));
    assert_eq!(admission_check_id("recommended/image-tag"), None);
    for rule in super::catalogue() {
        assert!(admission_check_id(rule.id).is_some(), "{}", rule.id);
    }
}
