//! Secrets hygiene and exposure: ServiceAccount tokens mounted into pods,
//! credentials written as literal env values or ConfigMap keys, Services
//! reachable from outside the cluster, Ingresses without TLS.
//!
//! A pod's token is mounted unless its own `automountServiceAccountToken`
//! is false, or it leaves the field unset and its ServiceAccount (by
//! `serviceAccountName`, `default` when unset, in the same namespace and in
//! the scan set) sets it false: the pod's field wins, as in Kubernetes.

use std::collections::HashSet;

use super::namespaces::namespace_of;
use super::{field_or_kind, report, Rule, ScanSet, BASE};
use crate::check::k8s::object::{bool_field, FieldRef};
use crate::model::{Finding, Severity};
use crate::syntax::yaml::Node;

pub const AUTOMOUNT_TOKEN: Rule = Rule {
    id: "recommended/automount-token",
    severity: Severity::Medium,
    title: "ServiceAccount token mounted",
    rationale: "A mounted token lets anyone who gets code execution in the pod call the API server with the ServiceAccount's permissions.",
    remediation: "Set `automountServiceAccountToken: false` on the pod spec (or its ServiceAccount) unless the pod calls the API.",
    ..BASE
};

pub const ENV_SECRET_LITERAL: Rule = Rule {
    id: "recommended/env-secret-literal",
    severity: Severity::High,
    title: "Secret as a literal env value",
    rationale: "A credential written in the manifest is in version control, in the object for everyone who can read it, and in the pod's process environment.",
    remediation: "Store the value in a Secret and use `valueFrom.secretKeyRef` (or an external secret store).",
    ..BASE
};

pub const CONFIGMAP_SECRET_KEY: Rule = Rule {
    id: "recommended/configmap-secret-key",
    severity: Severity::Medium,
    title: "Secret-looking key in a ConfigMap",
    rationale: "ConfigMaps are not treated as confidential: their data is readable by far more subjects than Secrets and never encrypted at rest.",
    remediation: "Move the value to a Secret.",
    ..BASE
};

pub const SERVICE_TYPE: Rule = Rule {
    id: "recommended/service-type",
    severity: Severity::Medium,
    title: "Service exposed outside the cluster",
    rationale: "NodePort opens a port on every node and LoadBalancer provisions an external address: the service is reachable beyond the cluster network.",
    remediation: "Use a ClusterIP Service behind an Ingress or Gateway with TLS and authentication, or restrict `loadBalancerSourceRanges`.",
    ..BASE
};

pub const SERVICE_EXTERNAL_IPS: Rule = Rule {
    id: "recommended/service-external-ips",
    severity: Severity::High,
    title: "Service with externalIPs",
    rationale: "externalIPs make nodes route traffic for arbitrary addresses; whoever can set them can intercept traffic (CVE-2020-8554).",
    remediation: "Remove `externalIPs`; use a LoadBalancer or an Ingress.",
    ..BASE
};

pub const INGRESS_TLS: Rule = Rule {
    id: "recommended/ingress-tls",
    severity: Severity::Medium,
    title: "Ingress without TLS",
    rationale: "Without `tls` the Ingress serves plain HTTP: credentials and session cookies cross the network in clear text.",
    remediation: "Add a `tls` section with the hosts and a certificate Secret.",
    ..BASE
};

pub const RULES: &[&Rule] =
    &[&AUTOMOUNT_TOKEN, &ENV_SECRET_LITERAL, &CONFIGMAP_SECRET_KEY, &SERVICE_TYPE, &SERVICE_EXTERNAL_IPS, &INGRESS_TLS];

/// A name that looks like a credential:
/// `password|passwd|secret|token|api[_-]?key|private[_-]?key`, any case.
pub fn secret_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    ["password", "passwd", "secret", "token"].iter().any(|w| n.contains(w))
        || ["api", "private"].iter().any(|p| ["key", "_key", "-key"].iter().any(|s| n.contains(&format!("{p}{s}"))))
}

fn check_pods(set: &ScanSet<'_>, out: &mut Vec<Finding>) {
    let objects = set.objects;
    // (namespace, name) of the ServiceAccounts that turn automounting off.
    let quiet: HashSet<(&str, &str)> = objects
        .iter()
        .filter(|o| o.kind == "ServiceAccount" && o.api_version == "v1")
        .filter(|o| bool_field(&o.root, "automountServiceAccountToken") == Some(false))
        .map(|o| (namespace_of(o), o.name.as_str()))
        .collect();
    for ctx in &set.pods {
        let obj = ctx.pod.obj;
        let field = ctx.spec.child("automountServiceAccountToken");
        let sa_name = ctx.spec.child("serviceAccountName").str().or(ctx.spec.child("serviceAccount").str()).unwrap_or("default");
        let sa_name = if sa_name.is_empty() { "default" } else { sa_name };
        match field.bool() {
            Some(false) => {}
            Some(true) => report(out, obj, &AUTOMOUNT_TOKEN, field.field(), "sets automountServiceAccountToken: true".into()),
            None => {
                if !quiet.contains(&(namespace_of(obj), sa_name)) {
                    let msg = format!(
                        "mounts the token of ServiceAccount {sa_name} (automountServiceAccountToken is not false on the pod or the ServiceAccount)"
                    );
                    report(out, obj, &AUTOMOUNT_TOKEN, field.field(), msg);
                }
            }
        }
        for c in &ctx.containers {
            for item in c.block.child("env").items() {
                let Some(node) = item.node else { continue };
                let name = crate::check::k8s::object::value(node, "name").and_then(Node::as_str).unwrap_or("");
                let literal = item.child("value");
                let has_literal = literal.str().is_some_and(|v| !v.is_empty());
                if secret_name(name) && has_literal && item.child("valueFrom").node.is_none() {
                    let path = format!("{}.env[{name}].value", c.block.path);
                    let field = FieldRef { path, ..literal.field() };
                    report(out, obj, &ENV_SECRET_LITERAL, field, format!("{} sets env {name} to a literal value", c.label()));
                }
            }
        }
    }
}

pub fn check(set: &ScanSet<'_>, out: &mut Vec<Finding>) {
    let objects = set.objects;
    check_pods(set, out);
    for obj in objects {
        match (obj.api_version.as_str(), obj.kind.as_str()) {
            ("v1", "ConfigMap") => {
                for section in ["data", "binaryData"] {
                    for (k, _) in obj.at(section).and_then(Node::as_mapping).unwrap_or(&[]) {
                        let Some(key) = k.as_str().filter(|k| secret_name(k)) else { continue };
                        let field = FieldRef::node(format!("{section}.{key}"), k);
                        report(out, obj, &CONFIGMAP_SECRET_KEY, field, format!("{section} key {key} looks like a credential"));
                    }
                }
            }
            ("v1", "Service") => {
                let ty = obj.at("spec.type").and_then(Node::as_str);
                if let Some(t @ ("NodePort" | "LoadBalancer")) = ty {
                    report(out, obj, &SERVICE_TYPE, obj.field("spec.type"), format!("is of type {t}"));
                }
                if obj.at("spec.externalIPs").and_then(Node::as_sequence).is_some_and(|ips| !ips.is_empty()) {
                    report(out, obj, &SERVICE_EXTERNAL_IPS, obj.field("spec.externalIPs"), "sets externalIPs".into());
                }
            }
            (api, "Ingress")
                if (api.starts_with("networking.k8s.io/") || api.starts_with("extensions/"))
                    && obj.at("spec.tls").and_then(Node::as_sequence).is_none_or(<[Node]>::is_empty) =>
            {
                report(out, obj, &INGRESS_TLS, field_or_kind(obj, "spec.tls"), "has no tls section".into());
            }
            _ => {}
        }
    }
}
