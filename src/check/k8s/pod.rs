//! Pod-spec extraction: where each pod-bearing kind keeps its pod.
//!
//! | kind | pod spec | pod metadata |
//! |---|---|---|
//! | Pod | `spec` | `metadata` |
//! | PodTemplate | `template.spec` | `template.metadata` |
//! | Deployment, ReplicaSet, ReplicationController, StatefulSet, DaemonSet, Job | `spec.template.spec` | `spec.template.metadata` |
//! | CronJob | `spec.jobTemplate.spec.template.spec` | `spec.jobTemplate.spec.template.metadata` |
//! | any other kind (custom resources) | `spec.template.spec` and/or `spec.jobTemplate.spec.template.spec`, when that mapping has a `containers` key | the sibling `metadata` |
//!
//! Custom resources must show `containers` so that an unrelated
//! `spec.template.spec` (a CRD's own schema) is not mistaken for a pod.

use super::object::{entry, K8sObject};
use crate::syntax::yaml::Node;

/// A pod spec inside an object.
#[derive(Debug, Clone, Copy)]
pub struct PodSpecRef<'a> {
    pub obj: &'a K8sObject,
    /// The pod spec mapping.
    pub spec: &'a Node,
    /// Its dotted path (`spec.template.spec`).
    pub spec_path: &'static str,
    /// Position of its `spec:` key (where missing pod-level fields point).
    pub spec_at: (u32, u32),
    /// The pod's metadata (annotations), when present.
    pub meta: Option<&'a Node>,
    pub meta_path: &'static str,
}

const WORKLOADS: &[&str] = &["Deployment", "ReplicaSet", "ReplicationController", "StatefulSet", "DaemonSet", "Job"];
const TEMPLATE: (&[&str], &str, &str) = (&["spec", "template", "spec"], "spec.template.spec", "spec.template.metadata");
const JOB_TEMPLATE: (&[&str], &str, &str) = (
    &["spec", "jobTemplate", "spec", "template", "spec"],
    "spec.jobTemplate.spec.template.spec",
    "spec.jobTemplate.spec.template.metadata",
);

/// Every pod spec `obj` carries (none for kinds without pods).
pub fn pod_specs(obj: &K8sObject) -> Vec<PodSpecRef<'_>> {
    let kind = obj.kind.as_str();
    let builtin = obj.api_version == "v1" || obj.api_version.starts_with("apps/") || obj.api_version.starts_with("batch/");
    let candidates: &[(&[&str], &str, &str)] = match kind {
        "Pod" if builtin => &[(&["spec"], "spec", "metadata")],
        "PodTemplate" if builtin => &[(&["template", "spec"], "template.spec", "template.metadata")],
        k if builtin && WORKLOADS.contains(&k) => &[TEMPLATE],
        "CronJob" if builtin => &[JOB_TEMPLATE],
        _ => &[TEMPLATE, JOB_TEMPLATE],
    };
    let custom = !builtin || !matches!(kind, "Pod" | "PodTemplate" | "CronJob") && !WORKLOADS.contains(&kind);
    let mut out = Vec::new();
    for (keys, spec_path, meta_path) in candidates {
        let Some((at, spec)) = walk(&obj.root, keys) else { continue };
        if spec.as_mapping().is_none() || (custom && entry(spec, "containers").is_none()) {
            continue;
        }
        let meta_keys: Vec<&str> = meta_path.split('.').collect();
        let meta = walk(&obj.root, &meta_keys).map(|(_, m)| m).filter(|m| m.as_mapping().is_some());
        out.push(PodSpecRef { obj, spec, spec_path, spec_at: at, meta, meta_path });
    }
    out
}

/// The node at `keys` and the position of its last key.
fn walk<'a>(root: &'a Node, keys: &[&str]) -> Option<((u32, u32), &'a Node)> {
    let mut node = root;
    let mut at = (root.line, root.column);
    for key in keys {
        let (k, v) = entry(node, key)?;
        at = (k.line, k.column);
        node = v;
    }
    Some((at, node))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::k8s::load::load_text;

    #[test]
    fn check_pod_specs_of_every_pod_bearing_kind() {
        let text = "\
apiVersion: v1
kind: Pod
spec: {containers: []}
---
apiVersion: v1
kind: PodTemplate
template: {spec: {containers: []}}
---
apiVersion: batch/v1
kind: CronJob
spec: {jobTemplate: {spec: {template: {spec: {containers: []}}}}}
---
apiVersion: apps/v1
kind: StatefulSet
spec: {template: {spec: {containers: []}}}
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
spec: {template: {spec: {containers: []}}}
---
apiVersion: example.com/v1
kind: Scheduled
spec: {jobTemplate: {spec: {template: {spec: {containers: []}}}}}
---
apiVersion: example.com/v1
kind: NotAPod
spec: {template: {spec: {replicas: 1}}}
---
apiVersion: v1
kind: ConfigMap
data: {}
";
        let l = load_text(text, "k.yaml");
        let paths: Vec<_> = l.objects.iter().flat_map(|o| pod_specs(o).into_iter().map(|p| (o.kind.clone(), p.spec_path))).collect();
        let expect = [
            ("Pod", "spec"),
            ("PodTemplate", "template.spec"),
            ("CronJob", "spec.jobTemplate.spec.template.spec"),
            ("StatefulSet", "spec.template.spec"),
            ("Rollout", "spec.template.spec"),
            ("Scheduled", "spec.jobTemplate.spec.template.spec"),
        ];
        assert_eq!(paths.iter().map(|(k, p)| (k.as_str(), *p)).collect::<Vec<_>>(), expect);
    }
}
