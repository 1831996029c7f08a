//! Pod-spec extraction: where each pod-bearing kind keeps its pod.
//!
//! | kind | pod spec | pod metadata |
//! |---|---|---|
//! | Pod | `spec` | `metadata` |
//! | PodTemplate | `template.spec` | `template.metadata` |
//! | Deployment, ReplicaSet, ReplicationController, StatefulSet, DaemonSet, Job | `spec.template.spec` | `spec.template.metadata` |
//! | CronJob | `spec.jobTemplate.spec.template.spec` | `spec.jobTemplate.spec.template.metadata` |
//! | any other kind (custom resources) | every mapping under `spec` whose `containers` is a list of mappings (`spec.template.spec`, `spec.jobTemplate.spec.template.spec`, Dask's `spec.worker.spec`, Argo's `spec.templates[0]`…) | the sibling `metadata` of a `spec` key |
//!
//! Custom resources are searched, not matched against a list of known
//! operators: a pod spec is recognised by its shape (a `containers`
//! sequence of mappings), so new workload CRDs are covered without
//! configuration. The search stops at the first pod spec on each branch
//! (a pod spec holds no pods), skips `status`, and is depth-limited.
//! `CustomResourceDefinition`s are never searched: their schemas describe
//! `containers` as mappings (`type: array`), which the shape rule already
//! refuses, and skipping them also saves the walk.

use std::borrow::Cow;

use super::object::{entry, K8sObject};
use crate::syntax::yaml::{Node, NodeKind};

/// A pod spec inside an object.
#[derive(Debug, Clone)]
pub struct PodSpecRef<'a> {
    pub obj: &'a K8sObject,
    /// The pod spec mapping.
    pub spec: &'a Node,
    /// Its dotted path (`spec.template.spec`).
    pub spec_path: Cow<'static, str>,
    /// Position of its `spec:` key (where missing pod-level fields point).
    pub spec_at: (u32, u32),
    /// The pod's metadata (annotations), when present.
    pub meta: Option<&'a Node>,
    pub meta_path: Cow<'static, str>,
}

/// How deep the search for pod specs in custom resources goes.
const MAX_SEARCH_DEPTH: usize = 12;

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
    // `extensions/v1beta1` workloads are long removed, but manifests still
    // carry them (schema validation reports the apiVersion); their pods are
    // still checked.
    let builtin = obj.api_version == "v1"
        || ["apps/", "batch/", "extensions/"].iter().any(|g| obj.api_version.starts_with(g));
    // Other Kubernetes API groups (no dot, or `*.k8s.io`: rbac, networking,
    // policy, autoscaling, gateway…) carry no pod specs; only custom
    // resources are searched.
    let group = obj.api_version.rsplit_once('/').map_or("", |(g, _)| g);
    let kubernetes_group = !group.contains('.') || group.ends_with(".k8s.io");
    let candidates: &[(&[&str], &str, &str)] = match kind {
        "Pod" if builtin => &[(&["spec"], "spec", "metadata")],
        "PodTemplate" if builtin => &[(&["template", "spec"], "template.spec", "template.metadata")],
        k if builtin && WORKLOADS.contains(&k) => &[TEMPLATE],
        "CronJob" if builtin => &[JOB_TEMPLATE],
        "CustomResourceDefinition" => &[],
        _ if builtin || kubernetes_group => &[],
        _ => return custom_pod_specs(obj),
    };
    let mut out = Vec::new();
    for (keys, spec_path, meta_path) in candidates {
        let Some((at, spec)) = walk(&obj.root, keys) else { continue };
        if spec.as_mapping().is_none() {
            continue;
        }
        let meta_keys: Vec<&str> = meta_path.split('.').collect();
        let meta = walk(&obj.root, &meta_keys).map(|(_, m)| m).filter(|m| m.as_mapping().is_some());
        out.push(PodSpecRef {
            obj,
            spec,
            spec_path: Cow::Borrowed(spec_path),
            spec_at: at,
            meta,
            meta_path: Cow::Borrowed(meta_path),
        });
    }
    out
}

/// The pod specs of a custom resource, found by shape (see the module docs).
fn custom_pod_specs(obj: &K8sObject) -> Vec<PodSpecRef<'_>> {
    let mut out = Vec::new();
    if let Some((k, spec)) = entry(&obj.root, "spec") {
        let mut path = String::from("spec");
        search(obj, spec, &mut path, (k.line, k.column), None, 0, &mut out);
    }
    out
}

/// True for a mapping whose `containers` is a sequence of mappings.
fn is_pod_spec(node: &Node) -> bool {
    node.as_mapping().is_some()
        && entry(node, "containers")
            .and_then(|(_, c)| c.as_sequence())
            .is_some_and(|items| items.iter().all(|i| i.as_mapping().is_some()))
}

/// Depth-first search below `node` (at `path`, its key at `at`); `meta` is
/// the sibling `metadata` when `node` is the value of a `spec` key. `path`
/// is one buffer, extended and truncated along the walk: most nodes of a
/// custom resource are not pods, and naming each one would cost more than
/// the search.
fn search<'a>(
    obj: &'a K8sObject,
    node: &'a Node,
    path: &mut String,
    at: (u32, u32),
    meta: Option<&'a Node>,
    depth: usize,
    out: &mut Vec<PodSpecRef<'a>>,
) {
    if depth > MAX_SEARCH_DEPTH {
        return;
    }
    if is_pod_spec(node) {
        // The pod's metadata is the sibling of its `spec` key.
        let parent = path.strip_suffix(".spec").unwrap_or(path.as_str());
        let meta_path = format!("{parent}.metadata");
        out.push(PodSpecRef { obj, spec: node, spec_path: Cow::Owned(path.clone()), spec_at: at, meta, meta_path: Cow::Owned(meta_path) });
        return;
    }
    let len = path.len();
    match &node.kind {
        NodeKind::Mapping(entries) => {
            for (k, v) in entries {
                let Some(key) = k.as_str() else { continue };
                if key == "status" || key == "metadata" || !matches!(v.kind, NodeKind::Mapping(_) | NodeKind::Sequence(_)) {
                    continue;
                }
                let sibling_meta = if key == "spec" { entry(node, "metadata").map(|(_, m)| m).filter(|m| m.as_mapping().is_some()) } else { None };
                path.push('.');
                path.push_str(key);
                search(obj, v, path, (k.line, k.column), sibling_meta, depth + 1, out);
                path.truncate(len);
            }
        }
        NodeKind::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                if !matches!(item.kind, NodeKind::Mapping(_)) {
                    continue;
                }
                use std::fmt::Write as _;
                let _ = write!(path, "[{i}]");
                search(obj, item, path, (item.line, item.column), None, depth + 1, out);
                path.truncate(len);
            }
        }
        NodeKind::Scalar { .. } => {}
    }
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
apiVersion: kubernetes.dask.org/v1
kind: DaskCluster
spec:
  worker: {replicas: 2, metadata: {annotations: {a: b}}, spec: {containers: [{name: w, image: \"w:1\"}]}}
  scheduler: {spec: {containers: [{name: s, image: \"s:1\"}]}, service: {ports: [{port: 8786}]}}
  templates:
  - name: step
    containers: [{name: x, image: \"x:1\"}]
  schema: {containers: {type: array}}
  status: {spec: {containers: []}}
---
apiVersion: v1
kind: ConfigMap
data: {}
";
        let l = load_text(text, "k.yaml");
        let paths: Vec<_> = l.objects.iter().flat_map(|o| pod_specs(o).into_iter().map(|p| (o.kind.clone(), p.spec_path.to_string()))).collect();
        let expect = [
            ("Pod", "spec"),
            ("PodTemplate", "template.spec"),
            ("CronJob", "spec.jobTemplate.spec.template.spec"),
            ("StatefulSet", "spec.template.spec"),
            ("Rollout", "spec.template.spec"),
            ("Scheduled", "spec.jobTemplate.spec.template.spec"),
            ("DaskCluster", "spec.worker.spec"),
            ("DaskCluster", "spec.scheduler.spec"),
            ("DaskCluster", "spec.templates[0]"),
        ];
        assert_eq!(paths.iter().map(|(k, p)| (k.as_str(), p.as_str())).collect::<Vec<_>>(), expect);
        let dask = l.objects.iter().find(|o| o.kind == "DaskCluster").unwrap();
        let worker = &pod_specs(dask)[0];
        assert_eq!((worker.meta_path.as_ref(), worker.meta.is_some()), ("spec.worker.metadata", true), "the sibling metadata");
    }
}
