//! RBAC: what Roles and ClusterRoles grant (`rules`), what
//! RoleBindings and ClusterRoleBindings bind (`roleRef`, `subjects`), and
//! pods running as their namespace's `default` ServiceAccount.
//!
//! Each problem is reported at the list item that grants it (`- "*"`,
//! `- secrets`, `- escalate`), the binding's `name:` key, or the pod's
//! `serviceAccountName:` (else its pod spec's `spec:` key). A wildcard is
//! reported once as a wildcard, not again as every grant it implies.

use super::{report, Rule, ScanSet, BASE};
use crate::check::k8s::object::{entry, value, FieldRef, K8sObject};
use crate::model::{Finding, Severity};
use crate::syntax::yaml::Node;

pub const RBAC_WILDCARD: Rule = Rule {
    id: "recommended/rbac-wildcard",
    severity: Severity::High,
    title: "Wildcard in an RBAC rule",
    rationale: "`*` in verbs, resources or apiGroups grants everything, including verbs and resources added later.",
    remediation: "List the verbs, resources and API groups the subject needs.",
    ..BASE
};

pub const RBAC_CLUSTER_ADMIN: Rule = Rule {
    id: "recommended/rbac-cluster-admin",
    severity: Severity::Critical,
    title: "Binding to cluster-admin",
    rationale: "cluster-admin is full control of the cluster (or of the namespace for a RoleBinding): every secret, every workload, RBAC itself.",
    remediation: "Bind a role with only the permissions the subjects need.",
    ..BASE
};

pub const RBAC_SECRETS_READ: Rule = Rule {
    id: "recommended/rbac-secrets-read",
    severity: Severity::High,
    title: "Read access to secrets",
    rationale: "get, list or watch on secrets reveals credentials, including ServiceAccount tokens that grant further permissions.",
    remediation: "Drop read access to secrets, or restrict it with `resourceNames` to the secrets the subject needs.",
    ..BASE
};

pub const RBAC_ESCALATE: Rule = Rule {
    id: "recommended/rbac-escalate",
    severity: Severity::High,
    title: "escalate, bind or impersonate verb",
    rationale: "escalate and bind let a subject grant itself permissions it lacks; impersonate lets it act as any user, group or ServiceAccount.",
    remediation: "Remove the escalate, bind and impersonate verbs.",
    ..BASE
};

pub const RBAC_POD_EXEC: Rule = Rule {
    id: "recommended/rbac-pod-exec",
    severity: Severity::High,
    title: "Access to pods/exec or pods/attach",
    rationale: "exec and attach run commands inside containers: their secrets, tokens and network access become the subject's.",
    remediation: "Remove pods/exec and pods/attach; use logs or a debugging workflow with its own audited role.",
    ..BASE
};

pub const RBAC_WORKLOAD_CREATE: Rule = Rule {
    id: "recommended/rbac-workload-create",
    severity: Severity::Medium,
    title: "Create on pods or workloads",
    rationale: "A subject that can create pods (directly or through a workload) can mount any secret and use any ServiceAccount of the namespace.",
    remediation: "Grant create on pods and workloads only to deployment tooling.",
    ..BASE
};

pub const RBAC_ANONYMOUS_SUBJECT: Rule = Rule {
    id: "recommended/rbac-anonymous-subject",
    severity: Severity::Critical,
    title: "Binding to anonymous or all authenticated users",
    rationale: "system:anonymous and system:unauthenticated are anyone who can reach the API server; system:authenticated is any identity of any configured authenticator.",
    remediation: "Bind specific users, groups or ServiceAccounts.",
    ..BASE
};

pub const DEFAULT_SERVICE_ACCOUNT: Rule = Rule {
    id: "recommended/default-service-account",
    severity: Severity::Medium,
    title: "default ServiceAccount used",
    rationale: "Every pod that names no ServiceAccount runs as `default`: permissions bound to it are shared by all of the namespace's pods.",
    remediation: "Create a ServiceAccount per workload, set `serviceAccountName`, and bind roles to it rather than to `default`.",
    ..BASE
};

pub const RULES: &[&Rule] = &[
    &RBAC_WILDCARD,
    &RBAC_CLUSTER_ADMIN,
    &RBAC_SECRETS_READ,
    &RBAC_ESCALATE,
    &RBAC_POD_EXEC,
    &RBAC_WORKLOAD_CREATE,
    &RBAC_ANONYMOUS_SUBJECT,
    &DEFAULT_SERVICE_ACCOUNT,
];

const RBAC_API: &str = "rbac.authorization.k8s.io/v1";
const WORKLOADS: &[&str] = &["pods", "deployments", "daemonsets", "statefulsets", "jobs", "cronjobs", "replicasets"];
const ANONYMOUS: &[&str] = &["system:anonymous", "system:unauthenticated", "system:authenticated"];

/// The string items of a rule's list with their paths and nodes.
fn items<'a>(rule: &'a Node, key: &str, path: &str) -> Vec<(&'a str, FieldRef)> {
    value(rule, key)
        .and_then(Node::as_sequence)
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .filter_map(|(i, n)| Some((n.as_str()?, FieldRef::node(format!("{path}.{key}[{i}]"), n))))
        .collect()
}

/// The API group a resource belongs to when it is one the checks know.
fn group_of(resource: &str) -> &'static [&'static str] {
    match resource {
        "secrets" | "pods" | "pods/exec" | "pods/attach" => &[""],
        "deployments" | "daemonsets" | "statefulsets" | "replicasets" => &["apps", "extensions"],
        "jobs" | "cronjobs" => &["batch"],
        _ => &[],
    }
}

fn check_role(obj: &K8sObject, out: &mut Vec<Finding>) {
    for (i, rule) in obj.at("rules").and_then(Node::as_sequence).unwrap_or(&[]).iter().enumerate() {
        let path = format!("rules[{i}]");
        let verbs = items(rule, "verbs", &path);
        let resources = items(rule, "resources", &path);
        let groups = items(rule, "apiGroups", &path);
        for (list, what) in [(&verbs, "verbs"), (&resources, "resources"), (&groups, "apiGroups")] {
            for (_, f) in list.iter().filter(|(v, _)| *v == "*") {
                report(out, obj, &RBAC_WILDCARD, f.clone(), format!("rule {i} grants `*` in {what}"));
            }
        }
        let has_verb = |names: &[&str]| verbs.iter().any(|(v, _)| names.contains(v));
        let in_group = |res: &str| groups.iter().any(|(g, _)| *g == "*" || group_of(res).contains(g));
        for (verb, f) in verbs.iter().filter(|(v, _)| matches!(*v, "escalate" | "bind" | "impersonate")) {
            report(out, obj, &RBAC_ESCALATE, f.clone(), format!("rule {i} grants the `{verb}` verb"));
        }
        for (res, f) in &resources {
            if !in_group(res) {
                continue;
            }
            if *res == "secrets" && has_verb(&["get", "list", "watch"]) {
                report(out, obj, &RBAC_SECRETS_READ, f.clone(), format!("rule {i} grants read access to secrets"));
            }
            if matches!(*res, "pods/exec" | "pods/attach") {
                report(out, obj, &RBAC_POD_EXEC, f.clone(), format!("rule {i} grants access to {res}"));
            }
            if WORKLOADS.contains(res) && has_verb(&["create"]) {
                report(out, obj, &RBAC_WORKLOAD_CREATE, f.clone(), format!("rule {i} grants create on {res}"));
            }
        }
    }
}

fn check_binding(obj: &K8sObject, out: &mut Vec<Finding>) {
    let role_ref = obj.at("roleRef");
    if role_ref.and_then(|r| value(r, "name")).and_then(Node::as_str) == Some("cluster-admin")
        && role_ref.and_then(|r| value(r, "kind")).and_then(Node::as_str) == Some("ClusterRole")
    {
        report(out, obj, &RBAC_CLUSTER_ADMIN, obj.field("roleRef.name"), "binds the cluster-admin ClusterRole".into());
    }
    for (i, subject) in obj.at("subjects").and_then(Node::as_sequence).unwrap_or(&[]).iter().enumerate() {
        let kind = value(subject, "kind").and_then(Node::as_str).unwrap_or("");
        let Some((key, name)) = entry(subject, "name").and_then(|(k, v)| Some((k, v.as_str()?))) else { continue };
        let field = FieldRef { path: format!("subjects[{i}].name"), line: key.line, column: key.column, present: true };
        if matches!(kind, "User" | "Group") && ANONYMOUS.contains(&name) {
            report(out, obj, &RBAC_ANONYMOUS_SUBJECT, field, format!("binds {kind} {name}"));
        } else if kind == "ServiceAccount" && name == "default" {
            let ns = value(subject, "namespace").and_then(Node::as_str).or(obj.namespace.as_deref()).unwrap_or("default");
            report(out, obj, &DEFAULT_SERVICE_ACCOUNT, field, format!("binds the default ServiceAccount of namespace {ns}"));
        }
    }
}

pub fn check(set: &ScanSet<'_>, out: &mut Vec<Finding>) {
    let objects = set.objects;
    for obj in objects.iter().filter(|o| o.api_version == RBAC_API) {
        match obj.kind.as_str() {
            "Role" | "ClusterRole" => check_role(obj, out),
            "RoleBinding" | "ClusterRoleBinding" => check_binding(obj, out),
            _ => {}
        }
    }
    for ctx in &set.pods {
        // `serviceAccount` is the deprecated alias Kubernetes still reads.
        let (name, alias) = (ctx.spec.child("serviceAccountName"), ctx.spec.child("serviceAccount"));
        let sa = if name.node.is_none() && alias.node.is_some() { alias } else { name };
        match sa.str() {
            Some(name) if !name.is_empty() && name != "default" => {}
            Some(_) => report(out, ctx.pod.obj, &DEFAULT_SERVICE_ACCOUNT, sa.field(), "runs as the default ServiceAccount".into()),
            None => {
                let msg = "sets no serviceAccountName (runs as the default ServiceAccount)".into();
                report(out, ctx.pod.obj, &DEFAULT_SERVICE_ACCOUNT, sa.field(), msg);
            }
        }
    }
}
