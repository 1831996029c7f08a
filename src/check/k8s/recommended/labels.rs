//! Required labels (`[k8s] required-labels` in .ci-sec.toml): every object
//! must carry each listed label key in `metadata.labels`, with a non-empty
//! value. Organisations use them for ownership, cost allocation and policy
//! selection (`team`, `app.kubernetes.io/name`), and a missing one is only
//! noticed when someone needs it at 3 a.m.
//!
//! The check looks at each object's own labels, not at pod template labels:
//! the object is what people and policy engines select on, and a template's
//! labels are usually the selector's, which the correctness family checks.
//! `List` items are objects; `List` wrappers are expanded before this runs.

use super::{report, Rule, BASE};
use crate::check::k8s::object::{string_value, value, K8sObject};
use crate::model::{Finding, Severity};

pub const REQUIRED_LABELS: Rule = Rule {
    id: "recommended/required-labels",
    severity: Severity::Low,
    title: "Required label missing",
    rationale: "The organisation's required labels (ownership, cost centre, application) are how people, dashboards and policies find an object's owner; an object without them is orphaned.",
    remediation: "Add the label to `metadata.labels`, or change `[k8s] required-labels` in .ci-sec.toml.",
    ..BASE
};

/// Reports, for every object, each key of `required` missing from (or empty
/// in) `metadata.labels`.
pub fn check_required(objects: &[K8sObject], required: &[String], out: &mut Vec<Finding>) {
    if required.is_empty() {
        return;
    }
    for obj in objects {
        let labels = obj.at("metadata").and_then(|m| value(m, "labels"));
        for key in required {
            let present = labels
                .and_then(|l| value(l, key))
                .and_then(string_value)
                .is_some_and(|v| !v.trim().is_empty());
            if !present {
                // `field` points at the empty label itself, else walks to the
                // nearest present ancestor: `labels:`, `metadata:`, `kind:`.
                // Dots in the key split the path, which only stops the walk
                // at `labels:` (a dotted key is never a nested mapping).
                let field = obj.field(&format!("metadata.labels.{key}"));
                report(out, obj, &REQUIRED_LABELS, field, format!("label `{key}` is missing"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::k8s::load_text;

    #[test]
    fn missing_labels_point_at_labels_or_metadata_and_empty_ones_at_their_key() {
        let text = "\
apiVersion: v1
kind: ConfigMap
metadata:
  name: ok
  labels:
    team: payments
    app.kubernetes.io/name: shop
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: partial
  labels:
    team: \"\"
    app.kubernetes.io/name: shop
---
apiVersion: v1
kind: Service
metadata:
  name: bare
";
        let loaded = load_text(text, "m.yaml");
        let required = ["team".to_string(), "app.kubernetes.io/name".to_string()];
        let mut out = Vec::new();
        check_required(&loaded.objects, &required, &mut out);
        let got: Vec<_> = out.iter().map(|f| (f.location.line, f.location.column, f.message.as_str())).collect();
        assert_eq!(
            got,
            [
                (14, 5, "ConfigMap partial: label `team` is missing"),
                (19, 1, "Service bare: label `team` is missing"),
                (19, 1, "Service bare: label `app.kubernetes.io/name` is missing"),
            ]
        );
        assert!(out.iter().all(|f| f.rule_id == "recommended/required-labels"));
        assert_ne!(out[1].fingerprint, out[2].fingerprint, "one finding per label");
        let mut none = Vec::new();
        check_required(&loaded.objects, &[], &mut none);
        assert!(none.is_empty(), "no list, no check");
    }
}
