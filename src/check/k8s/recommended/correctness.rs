//! Correctness: mistakes that leave a workload unhealthy or unprotected
//! without any error from the API server: missing probes, a controller
//! selector that does not match its own template, the same object twice in
//! the scan set, and Services, HorizontalPodAutoscalers and
//! PodDisruptionBudgets that point at nothing in the scan set.
//!
//! Probes are required on the regular containers of long-running pods:
//! Jobs, CronJobs and pods with `restartPolicy: Never`/`OnFailure` run to
//! completion and are skipped.

use std::collections::{HashMap, HashSet};

use super::namespaces::{by_namespace, namespace_of, workloads, Workload};
use super::selector::{labels, Selector};
use super::{field_or_kind, report, PodCtx, Rule, ScanSet, BASE};
use crate::check::k8s::object::K8sObject;
use crate::model::{Finding, Severity};
use crate::syntax::yaml::Node;

pub const LIVENESS_PROBE: Rule = Rule {
    id: "recommended/liveness-probe",
    severity: Severity::Low,
    title: "Liveness probe missing",
    rationale: "Without a liveness probe a hung container keeps running and serving errors instead of being restarted.",
    remediation: "Add a `livenessProbe` to every container of long-running pods.",
    ..BASE
};

pub const READINESS_PROBE: Rule = Rule {
    id: "recommended/readiness-probe",
    severity: Severity::Low,
    title: "Readiness probe missing",
    rationale: "Without a readiness probe a container receives traffic as soon as it starts, before it can serve it, and during rollouts.",
    remediation: "Add a `readinessProbe` to every container of long-running pods.",
    ..BASE
};

pub const SELECTOR_MISMATCH: Rule = Rule {
    id: "recommended/selector-mismatch",
    severity: Severity::High,
    title: "Selector does not match the pod template",
    rationale: "A controller whose selector does not select its own template's labels is refused by the API server (or, empty, is invalid): the workload is never rolled out.",
    remediation: "Make `spec.selector` match `spec.template.metadata.labels`.",
    ..BASE
};

pub const DUPLICATE_OBJECT: Rule = Rule {
    id: "recommended/duplicate-object",
    severity: Severity::Medium,
    title: "Duplicate object",
    rationale: "Two manifests for the same object overwrite each other on apply: which one wins depends on file order.",
    remediation: "Keep one manifest per object (same API group, kind, namespace and name).",
    ..BASE
};

pub const SERVICE_SELECTS_NOTHING: Rule = Rule {
    id: "recommended/service-selects-nothing",
    severity: Severity::Medium,
    title: "Service selects no workload",
    rationale: "A Service whose selector matches no pod has no endpoints: clients get connection errors, usually because of a label typo.",
    remediation: "Fix `spec.selector` to match the workload's pod template labels.",
    ..BASE
};

pub const HPA_TARGET_MISSING: Rule = Rule {
    id: "recommended/hpa-target-missing",
    severity: Severity::Medium,
    title: "HorizontalPodAutoscaler target missing",
    rationale: "An autoscaler whose scaleTargetRef names no object scales nothing.",
    remediation: "Point `scaleTargetRef` at the workload's kind and name.",
    ..BASE
};

pub const PDB_SELECTS_NOTHING: Rule = Rule {
    id: "recommended/pdb-selects-nothing",
    severity: Severity::Medium,
    title: "PodDisruptionBudget selects no workload",
    rationale: "A PodDisruptionBudget whose selector matches no pod protects nothing during node drains and upgrades.",
    remediation: "Fix `spec.selector` to match the workload's pod template labels.",
    ..BASE
};

pub const RULES: &[&Rule] = &[
    &LIVENESS_PROBE,
    &READINESS_PROBE,
    &SELECTOR_MISMATCH,
    &DUPLICATE_OBJECT,
    &SERVICE_SELECTS_NOTHING,
    &HPA_TARGET_MISSING,
    &PDB_SELECTS_NOTHING,
];

const CONTROLLERS: &[&str] = &["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"];

fn check_probes(pods: &[PodCtx<'_>], out: &mut Vec<Finding>) {
    for ctx in pods {
        let obj = ctx.pod.obj;
        let batch = matches!(obj.kind.as_str(), "Job" | "CronJob") || ctx.pod.spec_path.contains("jobTemplate");
        if batch || matches!(ctx.spec.child("restartPolicy").str(), Some("Never" | "OnFailure")) {
            continue;
        }
        for c in ctx.containers.iter().filter(|c| c.list == "containers") {
            for (rule, key) in [(&LIVENESS_PROBE, "livenessProbe"), (&READINESS_PROBE, "readinessProbe")] {
                let probe = c.block.child(key);
                if probe.node.is_none() {
                    report(out, obj, rule, probe.field(), format!("{} has no {key}", c.label()));
                }
            }
        }
    }
}

fn check_controller_selector(obj: &K8sObject, out: &mut Vec<Finding>) {
    let sel_node = obj.at("spec.selector").filter(|n| !n.is_null());
    let sel = Selector::label_selector(sel_node);
    let template_labels = labels(obj.at("spec.template.metadata.labels"));
    let field = field_or_kind(obj, "spec.selector");
    if sel.is_empty() {
        report(out, obj, &SELECTOR_MISMATCH, field, "has an empty or missing spec.selector".into());
    } else if !sel.matches(&template_labels) {
        report(out, obj, &SELECTOR_MISMATCH, field, "spec.selector does not match spec.template.metadata.labels".into());
    }
}

/// The API group of an `apiVersion` (`apps/v1` → `apps`, `v1` → core).
fn group(api_version: &str) -> &str {
    api_version.split_once('/').map_or("", |(g, _)| g)
}

fn check_duplicates(objects: &[K8sObject], out: &mut Vec<Finding>) {
    let mut seen: HashMap<(&str, &str, &str, &str), &K8sObject> = HashMap::new();
    for obj in objects {
        if obj.at("metadata.name").and_then(Node::as_str).is_none_or(str::is_empty) {
            continue; // generateName: a new object on every create
        }
        let key = (group(&obj.api_version), obj.kind.as_str(), namespace_of(obj), obj.name.as_str());
        match seen.get(&key) {
            Some(first) => {
                let msg = format!("is also defined at {}:{}", first.file, first.kind_line);
                report(out, obj, &DUPLICATE_OBJECT, obj.kind_ref(), msg);
            }
            None => {
                seen.insert(key, obj);
            }
        }
    }
}

fn selects_any(workloads: &HashMap<&str, Vec<&Workload>>, ns: &str, sel: &Selector) -> bool {
    workloads.get(ns).is_some_and(|ws| ws.iter().any(|w| sel.matches(&w.labels)))
}

pub fn check(set: &ScanSet<'_>, out: &mut Vec<Finding>) {
    let objects = set.objects;
    check_probes(&set.pods, out);
    check_duplicates(objects, out);
    let all_workloads = workloads(set);
    let workloads = by_namespace(&all_workloads);
    let names: HashSet<(&str, &str, &str)> = objects.iter().map(|o| (o.kind.as_str(), o.name.as_str(), namespace_of(o))).collect();
    for obj in objects {
        let ns = namespace_of(obj);
        let api = obj.api_version.as_str();
        match obj.kind.as_str() {
            k if CONTROLLERS.contains(&k) && group(api) == "apps" => check_controller_selector(obj, out),
            "Service" if api == "v1" && obj.at("spec.type").and_then(Node::as_str) != Some("ExternalName") => {
                let Some(sel) = obj.at("spec.selector").filter(|s| s.as_mapping().is_some_and(|m| !m.is_empty())) else {
                    continue; // no selector: endpoints are managed by hand
                };
                if !selects_any(&workloads, ns, &Selector::map(Some(sel))) {
                    let msg = format!("spec.selector matches no workload of namespace {ns} in the scan set");
                    report(out, obj, &SERVICE_SELECTS_NOTHING, obj.field("spec.selector"), msg);
                }
            }
            "HorizontalPodAutoscaler" if group(api) == "autoscaling" => {
                let target = |k: &str| obj.at(&format!("spec.scaleTargetRef.{k}")).and_then(Node::as_str);
                let (Some(kind), Some(name)) = (target("kind"), target("name")) else { continue };
                if !names.contains(&(kind, name, ns)) {
                    let msg = format!("scaleTargetRef {kind} {name} is not in namespace {ns} in the scan set");
                    report(out, obj, &HPA_TARGET_MISSING, obj.field("spec.scaleTargetRef.name"), msg);
                }
            }
            "PodDisruptionBudget" if group(api) == "policy" => {
                // policy/v1: a null selector selects nothing, `{}` every pod.
                let node = obj.at("spec.selector").filter(|n| !n.is_null());
                if node.is_none() || !selects_any(&workloads, ns, &Selector::label_selector(node)) {
                    let msg = format!("spec.selector matches no workload of namespace {ns} in the scan set");
                    report(out, obj, &PDB_SELECTS_NOTHING, field_or_kind(obj, "spec.selector"), msg);
                }
            }
            _ => {}
        }
    }
}
