//! Suppression on the object: the annotation
//! `ci-sec.io/ignore: "<rule>[,<rule>]: <reason>"` silences those rules for
//! findings reported inside that object (its lines in its file). A rule is
//! its full id (`pss-restricted/runAsNonRoot`) or the part after the `/`
//! (`runAsNonRoot`, any profile). The reason is required: an annotation
//! without one suppresses nothing and is reported, so a waiver always says
//! why. Suppressed findings are kept, with the reason, for the reports.

use crate::model::{Finding, FindingKind, Location, Severity, Suppression};

use super::object::last_line;
use super::pss::{Level, Rule};
use super::K8sObject;

pub const ANNOTATION: &str = "ci-sec.io/ignore";

struct Waiver {
    file: String,
    first_line: u32,
    last_line: u32,
    rules: Vec<String>,
    reason: String,
    source: String,
}

/// A malformed `ci-sec.io/ignore` annotation, reported at every profile: it
/// suppresses nothing, which its author does not expect.
pub const INVALID_IGNORE: Rule = Rule {
    id: "k8s/invalid-ignore",
    level: Level::Baseline,
    severity: Severity::Low,
    title: "Malformed ignore annotation",
    rationale: "An annotation without rule ids or without a reason suppresses nothing: the findings it was meant to waive still count, and a waiver without a reason cannot be reviewed.",
    remediation: "Write `ci-sec.io/ignore: \"<rule>[,<rule>]: <reason>\"`.",
    since: 0,
    overrides: None,
};

/// Applies every object's waivers to `findings`; returns a finding for each
/// malformed annotation.
pub fn apply(objects: &[K8sObject], findings: &mut [Finding]) -> Vec<Finding> {
    let mut waivers = Vec::new();
    let mut problems = Vec::new();
    for obj in objects {
        let Some(value_node) = obj.root.get("metadata").and_then(|m| m.get("annotations")).and_then(|a| a.get(ANNOTATION)) else {
            continue;
        };
        let value = value_node.as_str().unwrap_or_default();
        let source = format!("{}:{}", obj.file, value_node.line);
        match value.split_once(':').map(|(r, why)| (r, why.trim())) {
            Some((rules, reason)) if !reason.is_empty() && !rules.trim().is_empty() => waivers.push(Waiver {
                file: obj.file.clone(),
                first_line: obj.root.line,
                last_line: last_line(&obj.root),
                rules: rules.split(',').map(|r| r.trim().to_string()).filter(|r| !r.is_empty()).collect(),
                reason: reason.to_string(),
                source,
            }),
            _ => problems.push(Finding::new(
                FindingKind::Misconfiguration,
                INVALID_IGNORE.id,
                INVALID_IGNORE.severity,
                format!(
                    "{} {}: `{ANNOTATION}` must read \"<rule>[,<rule>]: <reason>\"; it suppresses nothing",
                    obj.kind, obj.name
                ),
                Location { path: obj.file.clone(), line: value_node.line, column: value_node.column },
                &format!("{}/{ANNOTATION}", obj.identity()),
            )),
        }
    }
    for f in findings.iter_mut().filter(|f| f.suppressed.is_none()) {
        let short = f.rule_id.rsplit('/').next().unwrap_or(&f.rule_id);
        // The innermost object holding the finding's line decides.
        let waiver = waivers
            .iter()
            .filter(|w| w.file == f.location.path && (w.first_line..=w.last_line).contains(&f.location.line))
            .min_by_key(|w| w.last_line - w.first_line);
        if let Some(w) = waiver
            && w.rules.iter().any(|r| r == &f.rule_id || r == short)
        {
            f.suppressed = Some(Suppression {
                kind: "annotation".into(),
                status: "ignored".into(),
                justification: w.reason.clone(),
                source: w.source.clone(),
            });
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use crate::check::k8s::{check, load_text, KubeVersion, Level, PssOptions};

    const MANIFEST: &str = r#"apiVersion: v1
kind: Pod
metadata:
  name: waived
  namespace: shop
  annotations:
    ci-sec.io/ignore: "runAsNonRoot,pss-restricted/seccompProfile: batch job image runs as root by design; tracked in OPS-12"
spec:
  containers:
    - name: c
      image: busybox:1.36
---
apiVersion: v1
kind: Pod
metadata:
  name: not-waived
  namespace: shop
  annotations:
    ci-sec.io/ignore: "runAsNonRoot"
spec:
  containers:
    - name: c
      image: busybox:1.36
"#;

    #[test]
    fn annotated_rules_are_suppressed_with_their_reason_and_bad_annotations_reported() {
        let loaded = load_text(MANIFEST, "pods.yaml");
        let report = check(loaded, &PssOptions::new(Level::Restricted, KubeVersion::LATEST));
        let of = |name: &str, rule: &str| {
            report
                .findings
                .iter()
                .find(|f| f.message.contains(name) && f.rule_id == rule)
                .unwrap_or_else(|| panic!("{rule} for {name}: {:#?}", report.findings.iter().map(|f| (&f.rule_id, &f.message)).collect::<Vec<_>>()))
        };
        let waived = of("waived", "pss-restricted/runAsNonRoot");
        let s = waived.suppressed.as_ref().expect("suppressed by its short name");
        assert_eq!(s.justification, "batch job image runs as root by design; tracked in OPS-12");
        assert_eq!(s.source, "pods.yaml:7");
        assert!(of("waived", "pss-restricted/seccompProfile").suppressed.is_some(), "full ids work too");
        assert!(of("waived", "pss-restricted/capabilities").suppressed.is_none(), "other rules still count");
        assert!(of("not-waived", "pss-restricted/runAsNonRoot").suppressed.is_none(), "no reason, no waiver");
        let bad = report.findings.iter().find(|f| f.rule_id == "k8s/invalid-ignore").expect("the bad annotation is reported");
        assert_eq!(bad.location.line, 19);
    }
}
