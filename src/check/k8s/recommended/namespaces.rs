//! Namespaces: workloads in `default` (or with no namespace) and in
//! `kube-system`, and, across the whole scan set, what every namespace with
//! workloads needs: a ResourceQuota, a LimitRange, default-deny
//! NetworkPolicies for ingress and egress, a NetworkPolicy selecting each
//! workload; and NetworkPolicies that select no workload.
//!
//! Workloads are the pod-bearing objects ([`crate::check::k8s::pod`]).
//! An object without `metadata.namespace` is in `default` (where `kubectl
//! apply` without `-n` puts it), for workloads and policies alike.
//! Namespace-level findings point at the namespace's first workload in the
//! scan set (its `metadata.namespace:`, else its `kind:` line).

use std::collections::{HashMap, HashSet};

use super::selector::{labels, Labels, Selector};
use super::{report, Rule, ScanSet, BASE};
use crate::check::k8s::object::{value, FieldRef, K8sObject};
use crate::model::{Finding, Severity};
use crate::syntax::yaml::Node;

pub const NAMESPACE_DEFAULT: Rule = Rule {
    id: "recommended/namespace-default",
    severity: Severity::Low,
    title: "Workload in the default namespace",
    rationale: "The default namespace mixes unrelated workloads: quotas, network policies and RBAC cannot be scoped to one application.",
    remediation: "Set `metadata.namespace` to a dedicated namespace.",
    ..BASE
};

pub const NAMESPACE_KUBE_SYSTEM: Rule = Rule {
    id: "recommended/namespace-kube-system",
    severity: Severity::High,
    title: "Workload in kube-system",
    rationale: "kube-system holds the control plane's components and credentials; an application there shares their privileges and policies.",
    remediation: "Deploy applications in their own namespace.",
    ..BASE
};

pub const NAMESPACE_QUOTA: Rule = Rule {
    id: "recommended/namespace-quota",
    severity: Severity::Low,
    title: "Namespace without ResourceQuota",
    rationale: "Without a ResourceQuota one namespace can consume the cluster's capacity and object counts.",
    remediation: "Add a ResourceQuota to the namespace.",
    ..BASE
};

pub const NAMESPACE_LIMITRANGE: Rule = Rule {
    id: "recommended/namespace-limitrange",
    severity: Severity::Low,
    title: "Namespace without LimitRange",
    rationale: "A LimitRange gives containers that declare no resources default requests and limits, and caps what one container may ask for.",
    remediation: "Add a LimitRange with default requests and limits to the namespace.",
    ..BASE
};

pub const NETPOL_DEFAULT_DENY: Rule = Rule {
    id: "recommended/netpol-default-deny",
    severity: Severity::Medium,
    title: "Namespace without default-deny NetworkPolicy",
    rationale: "Pods accept and open any connection until a policy selects them; a default deny makes every allowed flow explicit.",
    remediation: "Add a NetworkPolicy with `podSelector: {}`, `policyTypes: [Ingress, Egress]` and no ingress or egress rules.",
    ..BASE
};

pub const NETPOL_COVERAGE: Rule = Rule {
    id: "recommended/netpol-coverage",
    severity: Severity::Medium,
    title: "Workload not selected by any NetworkPolicy",
    rationale: "Pods no NetworkPolicy selects have unrestricted network access in both directions.",
    remediation: "Add a NetworkPolicy in the workload's namespace whose podSelector matches its pod labels (or a default deny).",
    ..BASE
};

pub const NETPOL_SELECTS_NOTHING: Rule = Rule {
    id: "recommended/netpol-selects-nothing",
    severity: Severity::Low,
    title: "NetworkPolicy selects no workload",
    rationale: "A policy whose podSelector matches no pod protects nothing, usually because of a label typo.",
    remediation: "Fix the podSelector to match the workload's pod template labels, or remove the policy.",
    ..BASE
};

pub const RULES: &[&Rule] = &[
    &NAMESPACE_DEFAULT,
    &NAMESPACE_KUBE_SYSTEM,
    &NAMESPACE_QUOTA,
    &NAMESPACE_LIMITRANGE,
    &NETPOL_DEFAULT_DENY,
    &NETPOL_COVERAGE,
    &NETPOL_SELECTS_NOTHING,
];

/// A pod-bearing object, its namespace and its pod labels.
pub struct Workload<'a> {
    pub obj: &'a K8sObject,
    pub namespace: &'a str,
    pub labels: Labels,
}

/// The namespace an object lands in (`default` when unset).
pub fn namespace_of(obj: &K8sObject) -> &str {
    obj.namespace.as_deref().unwrap_or("default")
}

/// Every workload of the scan set, in scan order.
pub fn workloads<'a>(set: &ScanSet<'a>) -> Vec<Workload<'a>> {
    let mut out: Vec<Workload<'a>> = Vec::new();
    for ctx in &set.pods {
        let obj = ctx.pod.obj;
        // Pods come in object order: an object's first pod spec decides.
        if out.last().is_some_and(|w| std::ptr::eq(w.obj, obj)) {
            continue;
        }
        let labels = labels(ctx.pod.meta.and_then(|m| value(m, "labels")));
        out.push(Workload { obj, namespace: namespace_of(obj), labels });
    }
    out
}

/// `metadata.namespace:` when written, else the `kind:` line.
pub fn namespace_field(obj: &K8sObject) -> FieldRef {
    let f = obj.field("metadata.namespace");
    if f.present { f } else { FieldRef::missing(f.path, (obj.kind_line, obj.kind_col)) }
}

fn is_kind(obj: &K8sObject, kind: &str, api_version: &str) -> bool {
    obj.kind == kind && obj.api_version == api_version
}

fn is_netpol(obj: &K8sObject) -> bool {
    is_kind(obj, "NetworkPolicy", "networking.k8s.io/v1")
}

/// The directions (`Ingress`, `Egress`) a NetworkPolicy denies to every
/// pod of its namespace: an empty podSelector, the direction in
/// `policyTypes` (by default `Ingress`, plus `Egress` when `egress` is
/// set) and no rule for it.
pub fn default_denies(policy: &K8sObject) -> Vec<&'static str> {
    let Some(spec) = policy.at("spec") else { return Vec::new() };
    if !Selector::label_selector(value(spec, "podSelector")).is_empty() {
        return Vec::new();
    }
    let types: Vec<&str> = match value(spec, "policyTypes").and_then(Node::as_sequence) {
        Some(items) => items.iter().filter_map(Node::as_str).collect(),
        None if value(spec, "egress").is_some_and(|e| !e.is_null()) => vec!["Ingress", "Egress"],
        None => vec!["Ingress"],
    };
    let no_rules = |key: &str| value(spec, key).is_none_or(|r| r.is_null() || r.as_sequence().is_some_and(<[Node]>::is_empty));
    ["Ingress", "Egress"].into_iter().filter(|t| types.contains(t) && no_rules(&t.to_ascii_lowercase())).collect()
}

fn pod_selector(policy: &K8sObject) -> Selector {
    Selector::label_selector(policy.at("spec.podSelector"))
}

/// The scan set's workloads grouped by namespace, in scan order.
pub fn by_namespace<'w, 'a>(workloads: &'w [Workload<'a>]) -> HashMap<&'a str, Vec<&'w Workload<'a>>> {
    let mut map: HashMap<&str, Vec<&Workload>> = HashMap::new();
    for w in workloads {
        map.entry(w.namespace).or_default().push(w);
    }
    map
}

pub fn check(set: &ScanSet<'_>, out: &mut Vec<Finding>) {
    let objects = set.objects;
    let workloads = workloads(set);
    let workloads_by_ns = by_namespace(&workloads);
    let mut policies: HashMap<&str, Vec<(&K8sObject, Selector)>> = HashMap::new();
    for p in objects.iter().filter(|o| is_netpol(o)) {
        policies.entry(namespace_of(p)).or_default().push((p, pod_selector(p)));
    }
    let present: HashSet<(&str, &str)> = objects
        .iter()
        .filter(|o| o.api_version == "v1" && matches!(o.kind.as_str(), "ResourceQuota" | "LimitRange"))
        .map(|o| (o.kind.as_str(), namespace_of(o)))
        .collect();
    for w in &workloads {
        match w.obj.namespace.as_deref() {
            None => report(out, w.obj, &NAMESPACE_DEFAULT, namespace_field(w.obj), "has no namespace (lands in default)".into()),
            Some("default") => report(out, w.obj, &NAMESPACE_DEFAULT, namespace_field(w.obj), "is in the default namespace".into()),
            Some("kube-system") => report(out, w.obj, &NAMESPACE_KUBE_SYSTEM, namespace_field(w.obj), "is in kube-system".into()),
            Some(_) => {}
        }
        let selected = policies.get(w.namespace).is_some_and(|ps| ps.iter().any(|(_, sel)| sel.matches(&w.labels)));
        if !selected {
            let msg = format!("no NetworkPolicy in namespace {} selects its pods", w.namespace);
            report(out, w.obj, &NETPOL_COVERAGE, w.obj.kind_ref(), msg);
        }
    }
    let mut seen = HashSet::new();
    for first in workloads.iter().filter(|w| seen.insert(w.namespace)) {
        let ns = first.namespace;
        let obj = first.obj;
        if !present.contains(&("ResourceQuota", ns)) {
            report(out, obj, &NAMESPACE_QUOTA, namespace_field(obj), format!("namespace {ns} has no ResourceQuota in the scan set"));
        }
        if !present.contains(&("LimitRange", ns)) {
            report(out, obj, &NAMESPACE_LIMITRANGE, namespace_field(obj), format!("namespace {ns} has no LimitRange in the scan set"));
        }
        let denied: Vec<&str> = policies.get(ns).into_iter().flatten().flat_map(|(p, _)| default_denies(p)).collect();
        let missing: Vec<&str> = ["Ingress", "Egress"].into_iter().filter(|d| !denied.contains(d)).collect();
        if !missing.is_empty() {
            let missing: Vec<String> = missing.iter().map(|d| d.to_ascii_lowercase()).collect();
            let msg = format!("namespace {ns} has no default-deny NetworkPolicy for {}", missing.join(" and "));
            report(out, obj, &NETPOL_DEFAULT_DENY, namespace_field(obj), msg);
        }
    }
    for p in objects.iter().filter(|o| is_netpol(o)) {
        let ns = namespace_of(p);
        let sel = pod_selector(p);
        if !workloads_by_ns.get(ns).is_some_and(|ws| ws.iter().any(|w| sel.matches(&w.labels))) {
            let msg = format!("podSelector matches no workload of namespace {ns} in the scan set");
            report(out, p, &NETPOL_SELECTS_NOTHING, p.field("spec.podSelector"), msg);
        }
    }
}
