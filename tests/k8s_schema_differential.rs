//! ci-sec's schema verdicts against the reference validator: the PyPI package
//! `kubernetes-validate` at the version tests/differential/k8s_validate_batch.py
//! pins (the wheel ci-sec's embedded schemas are generated from), which runs
//! the `jsonschema` package over its *strict* schemas, once as a batch process
//! over every case.
//!
//! The cases: valid objects of the everyday kinds, and thousands of random
//! mutations of them (seeded, so a failure reproduces): a key renamed to an
//! unknown or misplaced one, a scalar of another type, a list for a mapping
//! and back, a deleted (maybe required) field, an unknown or misplaced field
//! added, a value set to null, an enum-like field set to a value outside the
//! enum, quantities, 32-bit integers, base64 and times written well and
//! badly, and a field moved a level up or down. Each case is a file, written
//! as compact JSON, pretty JSON or block YAML whose strings are all quoted
//! (so YAML 1.1 typing cannot change a value), and ci-sec checks the whole
//! directory in one run per Kubernetes version
//! (`ci-sec k8s DIR --format json --profile pss-baseline`).
//!
//! Per object the verdicts are compared (valid: no finding of a `schema/`
//! rule other than `schema/deprecated-api`), and so are the problem
//! locations: the field path of each ci-sec finding (list items named by
//! their `name` resolved to indexes) against the path of each reference error
//! (the unexpected key of an `additionalProperties` error, the missing one of
//! a `required` error). A location only one side reports passes only when it
//! belongs to one of the [`DEVIATIONS`], where ci-sec follows the API server
//! rather than the JSON schema or the schema has a quirk; any other fails the
//! test, and so does any verdict disagreement they do not explain.
//!
//! Without the package the test prints a note and passes (it fails instead
//! under `CI_SEC_REQUIRE_TOOLS`, as .ci/run sets after installing it with
//! tests/differential/install/k8s_schema.sh).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use common::rng::Lcg;
use serde_json::{Map, Value, json};

const SKIP_NOTE: &str = "note: skipping Kubernetes schema differential test: kubernetes-validate not installed (run tests/differential/install/k8s_schema.sh)";

/// Kubernetes versions compared (the oldest and newest ci-sec supports, and
/// one between).
const VERSIONS: &[&str] = &["1.31", "1.34", "1.37"];

/// Mutated cases generated (plus the unmutated objects).
const CASES: usize = 3000;

/// A known class of disagreement, where ci-sec follows the API server: it
/// refuses what the JSON schema accepts but the API server cannot decode, or
/// accepts what the API server accepts but a quirk of the schema refuses.
struct Deviation {
    id: &'static str,
    reason: &'static str,
}

const DEVIATIONS: &[Deviation] = &[
    Deviation {
        id: "quantity-syntax",
        reason: "the JSON schema types a Quantity as any string or number; ci-sec checks resource.ParseQuantity's syntax (`1GB`, `two`, `1 Gi` are refused by the API server)",
    },
    Deviation {
        id: "int32-range",
        reason: "jsonschema does not check `format: int32` (formats are annotations in Draft 2020-12); ci-sec refuses integers beyond 32 bits, which do not decode into Go's int32",
    },
    Deviation {
        id: "byte-base64",
        reason: "jsonschema does not check `format: byte`; ci-sec refuses Secret `data` that is not base64, which does not decode into []byte",
    },
    Deviation {
        id: "date-time",
        reason: "jsonschema does not check `format: date-time`; ci-sec refuses metav1.Time values that are not RFC 3339",
    },
    Deviation {
        id: "null-int-or-string",
        reason: "the strict schemas spell IntOrString and Quantity as `oneOf: [{type: [string, null]}, {type: [integer|number, null]}]`: null matches both branches, so `oneOf` refuses it; the API server decodes null into either (unset), and ci-sec accepts null in any optional field",
    },
    Deviation {
        id: "null-required",
        reason: "a required field set to null is present for JSON Schema's `required` (and its type allows null); Kubernetes decodes null to the zero value, so ci-sec reports it as missing",
    },
];

// ---------------------------------------------------------------- objects

fn pod_spec() -> Value {
    json!({
        "serviceAccountName": "web",
        "automountServiceAccountToken": false,
        "restartPolicy": "Always",
        "dnsPolicy": "ClusterFirst",
        "terminationGracePeriodSeconds": 30,
        "nodeSelector": {"kubernetes.io/os": "linux"},
        "securityContext": {"runAsNonRoot": true, "runAsUser": 1000, "fsGroup": 2000, "seccompProfile": {"type": "RuntimeDefault"}},
        "containers": [{
            "name": "web",
            "image": "registry.example/web:1.2.3",
            "imagePullPolicy": "IfNotPresent",
            "command": ["/bin/web"],
            "args": ["--port", "8080"],
            "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}],
            "env": [
                {"name": "MODE", "value": "production"},
                {"name": "TOKEN", "valueFrom": {"secretKeyRef": {"name": "web", "key": "token", "optional": false}}}
            ],
            "envFrom": [{"configMapRef": {"name": "web"}}],
            "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"cpu": 1, "memory": "256Mi"}},
            "readinessProbe": {"httpGet": {"path": "/ready", "port": "http"}, "periodSeconds": 10, "failureThreshold": 3},
            "livenessProbe": {"tcpSocket": {"port": 8080}, "initialDelaySeconds": 5},
            "securityContext": {
                "allowPrivilegeEscalation": false,
                "readOnlyRootFilesystem": true,
                "capabilities": {"drop": ["ALL"]}
            },
            "volumeMounts": [{"name": "cache", "mountPath": "/cache"}, {"name": "config", "mountPath": "/etc/web", "readOnly": true}]
        }],
        "volumes": [
            {"name": "cache", "emptyDir": {"sizeLimit": "1Gi"}},
            {"name": "config", "configMap": {"name": "web", "defaultMode": 420, "items": [{"key": "web.conf", "path": "web.conf"}]}}
        ],
        "tolerations": [{"key": "dedicated", "operator": "Equal", "value": "web", "effect": "NoSchedule", "tolerationSeconds": 60}],
        "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
            {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a", "b"]}]}
        ]}}}
    })
}

fn template() -> Value {
    json!({"metadata": {"labels": {"app": "web"}, "annotations": {"team": "web"}}, "spec": pod_spec()})
}

fn meta(name: &str) -> Value {
    json!({"name": name, "namespace": "web", "labels": {"app.kubernetes.io/name": "web", "tier": "frontend"}})
}

/// Valid objects of every kind compared (valid for both sides at every
/// version in [`VERSIONS`]).
fn base_objects() -> Vec<Value> {
    let selector = json!({"matchLabels": {"app": "web"}});
    vec![
        json!({"apiVersion": "v1", "kind": "Pod", "metadata": meta("pod"), "spec": pod_spec()}),
        json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": meta("deploy"), "spec": {
            "replicas": 3, "revisionHistoryLimit": 5, "minReadySeconds": 10, "selector": selector,
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 1}},
            "template": template()
        }}),
        json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": meta("sts"), "spec": {
            "replicas": 2, "serviceName": "web", "podManagementPolicy": "Parallel", "selector": selector,
            "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}},
            "template": template(),
            "volumeClaimTemplates": [{"metadata": {"name": "data"}, "spec": {
                "accessModes": ["ReadWriteOnce"], "storageClassName": "fast", "resources": {"requests": {"storage": "10Gi"}}
            }}]
        }}),
        json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": meta("ds"), "spec": {
            "selector": selector,
            "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "10%"}},
            "template": template()
        }}),
        json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": meta("job"), "spec": {
            "backoffLimit": 4, "completions": 1, "parallelism": 1, "activeDeadlineSeconds": 600, "ttlSecondsAfterFinished": 100,
            "template": {"metadata": {"labels": {"app": "web"}}, "spec": {
                "restartPolicy": "Never",
                "containers": [{"name": "migrate", "image": "registry.example/migrate:1", "args": ["up"],
                    "resources": {"limits": {"memory": "64Mi", "ephemeral-storage": "1G"}}}]
            }}
        }}),
        json!({"apiVersion": "batch/v1", "kind": "CronJob", "metadata": meta("cron"), "spec": {
            "schedule": "*/5 * * * *", "concurrencyPolicy": "Forbid", "suspend": false,
            "successfulJobsHistoryLimit": 3, "failedJobsHistoryLimit": 1, "startingDeadlineSeconds": 60,
            "jobTemplate": {"spec": {"backoffLimit": 2, "template": {"spec": {
                "restartPolicy": "OnFailure",
                "containers": [{"name": "tick", "image": "registry.example/tick:1", "env": [{"name": "N", "value": "1"}]}]
            }}}}
        }}),
        json!({"apiVersion": "v1", "kind": "Service", "metadata": meta("svc"), "spec": {
            "type": "ClusterIP", "selector": {"app": "web"}, "sessionAffinity": "None",
            "ports": [{"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"}, {"name": "metrics", "port": 9090, "targetPort": 9090}]
        }}),
        json!({"apiVersion": "v1", "kind": "Service", "metadata": meta("lb"), "spec": {
            "type": "LoadBalancer", "externalTrafficPolicy": "Local", "loadBalancerSourceRanges": ["10.0.0.0/8"],
            "ports": [{"port": 443, "targetPort": 8443, "nodePort": 30443}]
        }}),
        json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta("cm"),
            "data": {"web.conf": "listen 8080\n", "MODE": "production", "RETRIES": "3"},
            "binaryData": {"logo.png": "iVBORw0KGgo="}, "immutable": false}),
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": meta("secret"), "type": "Opaque",
            "data": {"token": "c2VjcmV0LXRva2Vu", "empty": ""}, "stringData": {"user": "admin"}}),
        json!({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
            "metadata": {"name": "ing", "annotations": {"nginx.ingress.kubernetes.io/ssl-redirect": "true"}},
            "spec": {
                "ingressClassName": "nginx",
                "tls": [{"hosts": ["web.example"], "secretName": "web-tls"}],
                "defaultBackend": {"service": {"name": "web", "port": {"number": 80}}},
                "rules": [{"host": "web.example", "http": {"paths": [
                    {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "web", "port": {"name": "http"}}}}
                ]}}]
            }}),
        json!({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": meta("netpol"), "spec": {
            "podSelector": {"matchLabels": {"app": "web"}},
            "policyTypes": ["Ingress", "Egress"],
            "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {"team": "web"}}}, {"ipBlock": {"cidr": "10.0.0.0/8", "except": ["10.1.0.0/16"]}}],
                "ports": [{"protocol": "TCP", "port": 8080}, {"port": "http", "endPort": null}]}],
            "egress": [{"to": [{"podSelector": {}}], "ports": [{"protocol": "UDP", "port": 53}]}]
        }}),
        json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": meta("role"), "rules": [
            {"apiGroups": [""], "resources": ["configmaps", "secrets"], "verbs": ["get", "list", "watch"], "resourceNames": ["web"]}
        ]}),
        json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": meta("rb"),
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "role"},
            "subjects": [{"kind": "ServiceAccount", "name": "web", "namespace": "web"}, {"kind": "User", "name": "jane", "apiGroup": "rbac.authorization.k8s.io"}]}),
        json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "reader", "labels": {"rbac.example/aggregate": "true"}},
            "rules": [{"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["get"]}, {"nonResourceURLs": ["/healthz"], "verbs": ["get"]}]}),
        json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "aggregate"},
            "aggregationRule": {"clusterRoleSelectors": [{"matchLabels": {"rbac.example/aggregate": "true"}}]}}),
        json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": meta("sa"), "automountServiceAccountToken": false,
            "imagePullSecrets": [{"name": "registry"}], "secrets": [{"name": "token"}]}),
        json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": meta("pvc"), "spec": {
            "accessModes": ["ReadWriteOnce"], "volumeMode": "Filesystem", "storageClassName": "fast",
            "resources": {"requests": {"storage": "5Gi"}, "limits": {"storage": "10Gi"}},
            "selector": {"matchExpressions": [{"key": "tier", "operator": "Exists"}]}
        }}),
        json!({"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": meta("hpa"), "spec": {
            "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "deploy"},
            "minReplicas": 2, "maxReplicas": 10,
            "metrics": [
                {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}}},
                {"type": "Pods", "pods": {"metric": {"name": "rps"}, "target": {"type": "AverageValue", "averageValue": "100"}}}
            ],
            "behavior": {"scaleDown": {"stabilizationWindowSeconds": 300, "selectPolicy": "Max",
                "policies": [{"type": "Percent", "value": 50, "periodSeconds": 60}]}}
        }}),
        json!({"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": meta("pdb"), "spec": {
            "minAvailable": "50%", "selector": {"matchLabels": {"app": "web"}}, "unhealthyPodEvictionPolicy": "AlwaysAllow"
        }}),
        json!({"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": meta("pdb2"), "spec": {
            "maxUnavailable": 1, "selector": {"matchExpressions": [{"key": "app", "operator": "In", "values": ["web"]}]}
        }}),
        json!({"apiVersion": "v1", "kind": "ResourceQuota", "metadata": meta("quota"), "spec": {
            "hard": {"requests.cpu": "4", "requests.memory": "8Gi", "limits.cpu": 8, "pods": "20", "count/deployments.apps": "10"},
            "scopeSelector": {"matchExpressions": [{"scopeName": "PriorityClass", "operator": "In", "values": ["high"]}]}
        }}),
        json!({"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "limits", "namespace": "web", "creationTimestamp": "2024-05-01T12:00:00Z"}, "spec": {
            "limits": [
                {"type": "Container", "default": {"cpu": "500m", "memory": "256Mi"}, "defaultRequest": {"cpu": "100m"},
                 "max": {"memory": "1Gi"}, "min": {"cpu": "10m"}, "maxLimitRequestRatio": {"cpu": 10}},
                {"type": "PersistentVolumeClaim", "max": {"storage": "50Gi"}}
            ]
        }}),
    ]
}

// ---------------------------------------------------------------- mutations

#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Key(String),
    Index(usize),
}

/// Every path below the root, except the root's `apiVersion` and `kind`
/// (which decide the schema, not what it says).
fn paths(v: &Value) -> Vec<Vec<Seg>> {
    fn walk(v: &Value, prefix: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    if prefix.is_empty() && (k == "apiVersion" || k == "kind") {
                        continue;
                    }
                    prefix.push(Seg::Key(k.clone()));
                    out.push(prefix.clone());
                    walk(x, prefix, out);
                    prefix.pop();
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    prefix.push(Seg::Index(i));
                    out.push(prefix.clone());
                    walk(x, prefix, out);
                    prefix.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = vec![];
    walk(v, &mut vec![], &mut out);
    out
}

fn get_mut<'a>(v: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    path.iter().try_fold(v, |v, seg| match seg {
        Seg::Key(k) => v.get_mut(k.as_str()),
        Seg::Index(i) => v.get_mut(*i),
    })
}

fn get<'a>(v: &'a Value, path: &[Seg]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, seg| match seg {
        Seg::Key(k) => v.get(k.as_str()),
        Seg::Index(i) => v.get(*i),
    })
}

/// Names that no schema has.
const UNKNOWN_NAMES: &[&str] = &["bogus", "extra", "x-custom", "enabled", "priority", "comment", "timeoutSecond", "Name", "<<", "yes", "on", "1"];
/// Strings that YAML 1.1 would read as something else if they were not
/// quoted (they are, in every spelling the cases are written in).
const TRICKY_STRINGS: &[&str] = &[
    "yes", "no", "on", "off", "true", "False", "null", "~", "08", "0x10", "1e3", "1_000", ".inf", ".NaN", "2001-12-14", "<<", "-",
    "", "8080", "3.0", "- item", "a: b", "#comment", "*alias", "&anchor", "!tag", "%", "@", "`", "|", ">",
];
/// Real field names, often valid somewhere else (misplaced fields).
const FIELD_NAMES: &[&str] = &[
    "securityContext", "image", "replicas", "labels", "ports", "name", "resources", "limits", "port", "selector",
    "spec", "metadata", "template", "containers", "env", "value", "namespace", "protocol", "type", "data", "rules",
    "hostNetwork", "privileged", "runAsNonRoot", "command", "volumes", "targetPort", "path", "annotations", "key",
];
/// Fields whose value is one of a fixed set at the API server.
const ENUM_KEYS: &[&str] = &[
    "imagePullPolicy", "restartPolicy", "dnsPolicy", "protocol", "type", "operator", "effect", "pathType",
    "concurrencyPolicy", "podManagementPolicy", "sessionAffinity", "externalTrafficPolicy", "volumeMode",
    "selectPolicy", "unhealthyPodEvictionPolicy", "scopeName", "accessModes", "policyTypes",
];
/// Fields holding quantities (keys of resource lists included).
const QUANTITY_KEYS: &[&str] = &[
    "cpu", "memory", "storage", "ephemeral-storage", "sizeLimit", "requests.cpu", "requests.memory", "limits.cpu",
    "pods", "averageValue",
];
const BAD_QUANTITIES: &[&str] = &["1GB", "two", "1 Gi", "1K", "1Kb", "0x10", "1e", "Gi", "", "1.2.3", "10%"];
const GOOD_QUANTITIES: &[&str] = &["1.5Gi", "500m", "1e3", "0.5", "2", "+1k", "1E-2", ".5", "129e6", "64Ki"];
const BAD_TIMES: &[&str] = &["yesterday", "2024-05-01", "2024-05-01 12:00:00Z", "2024-13-01T00:00:00Z", "2024-05-01T12:00:00"];
const GOOD_TIMES: &[&str] = &["2024-02-29T23:59:59Z", "2024-05-01T12:00:00.5+02:00"];
const BAD_BASE64: &[&str] = &["hunter2", "c2VjcmV0", "YQ", "a-_9", "not base64!"];

/// A name at one edit from `name`, or a differently cased one.
fn typo(rng: &mut Lcg, name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() < 2 {
        return format!("{name}x");
    }
    match rng.below(5) {
        0 => {
            let i = rng.below(chars.len() - 1);
            let mut c = chars.clone();
            c.swap(i, i + 1);
            c.into_iter().collect()
        }
        1 => {
            let i = rng.below(chars.len());
            chars.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, c)| c).collect()
        }
        2 => {
            let mut c = chars.clone();
            c[0] = if c[0].is_ascii_lowercase() { c[0].to_ascii_uppercase() } else { c[0].to_ascii_lowercase() };
            c.into_iter().collect()
        }
        3 => format!("{name}s"),
        _ => format!("{name}_"),
    }
}

/// A value of another JSON type than `v`.
fn retyped(rng: &mut Lcg, v: &Value) -> Value {
    match v {
        Value::String(s) => match rng.below(6) {
            0 | 1 => s.parse::<i64>().map(Value::from).unwrap_or_else(|_| json!(rng.below(100))),
            2 => json!(s == "true" || rng.one_in(2)),
            3 => json!([s]),
            4 => json!({"value": s}),
            _ => json!(1.5),
        },
        Value::Number(n) => match rng.below(6) {
            0 | 1 => json!(n.to_string()),
            2 => json!(true),
            3 => json!(n.as_f64().unwrap_or(0.0) + 0.5),
            4 => json!([n]),
            _ => json!(n.as_f64().unwrap_or(0.0).trunc()),
        },
        Value::Bool(b) => match rng.below(3) {
            0 => json!(b.to_string()),
            1 => json!(i32::from(*b)),
            _ => json!([b]),
        },
        Value::Array(a) => match rng.below(4) {
            0 => a.first().cloned().unwrap_or_else(|| json!("item")),
            1 => {
                let m: Map<String, Value> = a.iter().enumerate().map(|(i, x)| (i.to_string(), x.clone())).collect();
                Value::Object(m)
            }
            2 => json!("list"),
            _ => json!(a.len()),
        },
        Value::Object(m) => match rng.below(4) {
            0 => json!([m]),
            1 => json!("mapping"),
            2 => json!(m.len()),
            _ => json!(true),
        },
        Value::Null => json!("null"),
    }
}

/// Applies one random mutation; returns what it did, or `None` when the
/// drawn mutation did not apply (the caller draws again).
fn mutate(rng: &mut Lcg, obj: &mut Value) -> Option<String> {
    let all = paths(obj);
    let path = all[rng.below(all.len())].clone();
    let last = path.last()?.clone();
    let (parent_path, _) = path.split_at(path.len() - 1);
    let at = render(&path);
    match rng.below(14) {
        // Rename a key: a typo, an unknown name or a misplaced real one.
        0 | 1 => {
            let Seg::Key(name) = last else { return None };
            let new = match rng.below(3) {
                0 => typo(rng, &name),
                1 => rng.pick(UNKNOWN_NAMES).to_string(),
                _ => rng.pick(FIELD_NAMES).to_string(),
            };
            let parent = get_mut(obj, parent_path)?.as_object_mut()?;
            if parent.contains_key(&new) {
                return None;
            }
            let value = parent.remove(&name)?;
            parent.insert(new.clone(), value);
            Some(format!("rename {at} to {new}"))
        }
        // Another JSON type.
        2 | 3 => {
            let target = get_mut(obj, &path)?;
            let new = retyped(rng, target);
            let shown = compact(&new);
            *target = new;
            Some(format!("retype {at} to {shown}"))
        }
        // Delete a field or list item.
        4 => {
            let parent = get_mut(obj, parent_path)?;
            match last {
                Seg::Key(k) => parent.as_object_mut()?.remove(&k)?,
                Seg::Index(i) => parent.as_array_mut()?.remove(i),
            };
            Some(format!("delete {at}"))
        }
        // Add an unknown or misplaced field to a mapping.
        5 | 6 => {
            let target = get_mut(obj, &path)?.as_object_mut()?;
            let name = if rng.one_in(2) { rng.pick(UNKNOWN_NAMES) } else { rng.pick(FIELD_NAMES) };
            if target.contains_key(name) {
                return None;
            }
            let value = match rng.below(4) {
                0 => json!("x"),
                1 => json!(1),
                2 => json!({"nested": true}),
                _ => json!([]),
            };
            target.insert(name.to_string(), value);
            Some(format!("add {at}.{name}"))
        }
        // Null.
        7 => {
            *get_mut(obj, &path)? = Value::Null;
            Some(format!("null {at}"))
        }
        // A value outside an enum-like field's set.
        8 => {
            let enum_paths: Vec<&Vec<Seg>> = all.iter().filter(|p| enum_like(p)).collect();
            let path = (*enum_paths.get(rng.below(enum_paths.len()))?).clone();
            let target = get_mut(obj, &path)?;
            let bad = rng.pick(&["Sometimes", "tcp", "", "Always "]);
            match target {
                Value::Array(items) if !items.is_empty() => items[0] = json!(bad),
                Value::String(_) => *target = json!(bad),
                _ => return None,
            }
            Some(format!("enum {} = {bad:?}", render(&path)))
        }
        // Formats: quantities, int32, base64, times, written well or badly.
        9 | 10 => format_mutation(rng, obj, &all),
        // A string that YAML 1.1 would type otherwise, unquoted.
        11 => {
            let target = get_mut(obj, &path)?;
            let tricky = rng.pick(TRICKY_STRINGS);
            if !target.is_string() {
                return None;
            }
            *target = json!(tricky);
            Some(format!("string {at} = {tricky:?}"))
        }
        // Graft another part of the object here (a subtree of the wrong shape).
        12 => {
            let source = all[rng.below(all.len())].clone();
            if source.starts_with(&path) || path.starts_with(&source) {
                return None;
            }
            let graft = get(obj, &source)?.clone();
            *get_mut(obj, &path)? = graft;
            Some(format!("graft {} at {at}", render(&source)))
        }
        // Move a field one level up or into a sibling mapping.
        _ => {
            let Seg::Key(name) = last else { return None };
            if parent_path.is_empty() {
                return None;
            }
            let value = get_mut(obj, parent_path)?.as_object_mut()?.remove(&name)?;
            let up = rng.one_in(2);
            let dest: Vec<Seg> = if up {
                parent_path[..parent_path.len() - 1].to_vec()
            } else {
                let siblings: Vec<String> = get(obj, parent_path)?
                    .as_object()?
                    .iter()
                    .filter(|(_, v)| v.is_object())
                    .map(|(k, _)| k.clone())
                    .collect();
                if siblings.is_empty() {
                    return None;
                }
                let mut p = parent_path.to_vec();
                p.push(Seg::Key(siblings[rng.below(siblings.len())].clone()));
                p
            };
            let target = get_mut(obj, &dest)?.as_object_mut()?;
            if target.contains_key(&name) {
                return None;
            }
            target.insert(name.clone(), value);
            Some(format!("move {at} {}", if up { "up" } else { "down" }))
        }
    }
}

fn enum_like(path: &[Seg]) -> bool {
    matches!(path.last(), Some(Seg::Key(k)) if ENUM_KEYS.contains(&k.as_str()))
}

fn format_mutation(rng: &mut Lcg, obj: &mut Value, all: &[Vec<Seg>]) -> Option<String> {
    let key_of = |p: &Vec<Seg>| match p.last() {
        Some(Seg::Key(k)) => k.clone(),
        _ => String::new(),
    };
    let kind = obj["kind"].as_str().unwrap_or_default().to_string();
    let quantities: Vec<&Vec<Seg>> = all.iter().filter(|p| QUANTITY_KEYS.contains(&key_of(p).as_str())).collect();
    let numbers: Vec<&Vec<Seg>> = all.iter().filter(|p| get(obj, p).is_some_and(Value::is_i64)).collect();
    let secret_data: Vec<&Vec<Seg>> =
        all.iter().filter(|p| kind == "Secret" && p.len() == 2 && p[0] == Seg::Key("data".into())).collect();
    let (path, value) = match rng.below(4) {
        0 => {
            let p = (*quantities.get(rng.below(quantities.len()))?).clone();
            let v = if rng.one_in(2) { rng.pick(BAD_QUANTITIES) } else { rng.pick(GOOD_QUANTITIES) };
            (p, json!(v))
        }
        1 => {
            let p = (*numbers.get(rng.below(numbers.len()))?).clone();
            let v: i64 = *rng.pick(&[&3_000_000_000i64, &-2_147_483_649, &2_147_483_647, &-1, &0, &4_294_967_296]);
            (p, json!(v))
        }
        2 => {
            let p = (*secret_data.get(rng.below(secret_data.len()))?).clone();
            let v = if rng.one_in(3) { "aGVsbG8=" } else { rng.pick(BAD_BASE64) };
            (p, json!(v))
        }
        _ => {
            let v = if rng.one_in(3) { rng.pick(GOOD_TIMES) } else { rng.pick(BAD_TIMES) };
            obj.get_mut("metadata")?.as_object_mut()?.insert("creationTimestamp".into(), json!(v));
            return Some(format!("format metadata.creationTimestamp = {v:?}"));
        }
    };
    let shown = compact(&value);
    *get_mut(obj, &path)? = value;
    Some(format!("format {} = {shown}", render(&path)))
}

fn render(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

fn compact(v: &Value) -> String {
    serde_json::to_string(v).expect("JSON serializes")
}

// ---------------------------------------------------------------- writing

/// Block YAML in which every key and string is double-quoted (JSON string
/// syntax is YAML's double-quoted syntax), so no YAML 1.1 resolution applies;
/// numbers, booleans, nulls and empty collections are written as JSON.
fn block_yaml(v: &Value) -> String {
    fn nonempty_collection(v: &Value) -> bool {
        matches!(v, Value::Object(m) if !m.is_empty()) || matches!(v, Value::Array(a) if !a.is_empty())
    }
    fn after(x: &Value, indent: usize, out: &mut String) {
        if nonempty_collection(x) {
            out.push('\n');
            emit(x, indent + 2, out);
        } else {
            out.push(' ');
            out.push_str(&compact(x));
            out.push('\n');
        }
    }
    fn emit(v: &Value, indent: usize, out: &mut String) {
        let pad = " ".repeat(indent);
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    out.push_str(&pad);
                    out.push_str(&compact(&json!(k)));
                    out.push(':');
                    after(x, indent, out);
                }
            }
            Value::Array(a) => {
                for x in a {
                    out.push_str(&pad);
                    out.push('-');
                    after(x, indent, out);
                }
            }
            _ => {
                out.push_str(&pad);
                out.push_str(&compact(v));
                out.push('\n');
            }
        }
    }
    let mut out = String::new();
    emit(v, 0, &mut out);
    out
}

/// Writes case `i` in one of three spellings; returns its file name.
fn write_case(dir: &Path, i: usize, obj: &Value) -> String {
    let (name, text) = match i % 3 {
        0 => (format!("case-{i:05}.json"), compact(obj)),
        1 => (format!("case-{i:05}.json"), serde_json::to_string_pretty(obj).expect("JSON serializes")),
        _ => (format!("case-{i:05}.yaml"), block_yaml(obj)),
    };
    std::fs::write(dir.join(&name), text).expect("case written");
    name
}

// ---------------------------------------------------------------- running

struct Case {
    object: Value,
    what: String,
    file: String,
}

/// One ci-sec finding of a validity rule.
#[derive(Debug, Clone)]
struct Problem {
    rule: String,
    message: String,
}

/// ci-sec's validity findings per file, for one Kubernetes version.
fn ci_sec_verdicts(dir: &Path, version: &str, cases: usize) -> BTreeMap<String, Vec<Problem>> {
    let out = common::ci_sec()
        .args(["k8s"])
        .arg(dir)
        .args(["-v", "--format", "json", "--profile", "pss-baseline", "--kube-version", version])
        .output()
        .expect("ci-sec runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let validated = format!("schema: {cases} objects validated against Kubernetes {version};");
    assert!(stderr.contains(&validated), "ci-sec did not validate every case ({validated:?} missing):\n{stderr}");
    let report: Value = serde_json::from_slice(&out.stdout).expect("ci-sec prints JSON");
    let mut by_file: BTreeMap<String, Vec<Problem>> = BTreeMap::new();
    for f in report["findings"].as_array().expect("findings") {
        let rule = f["rule_id"].as_str().unwrap_or_default();
        let file = f["location"]["path"].as_str().unwrap_or_default().to_string();
        assert!(rule.starts_with("schema/") || f["kind"] == "misconfiguration", "unexpected finding {f}");
        if !rule.starts_with("schema/") || rule == "schema/deprecated-api" {
            continue;
        }
        let message = f["message"].as_str().unwrap_or_default().to_string();
        by_file.entry(file).or_default().push(Problem { rule: rule.to_string(), message });
    }
    by_file
}

/// The reference's verdicts, in case order; `None` when it is not installed.
fn reference(cases: &[Value]) -> Option<(String, Vec<Value>)> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/differential/k8s_validate_batch.py");
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_string());
    let skip = |why: &str| {
        assert!(std::env::var_os("CI_SEC_REQUIRE_TOOLS").is_none(), "{SKIP_NOTE} ({why}) although CI_SEC_REQUIRE_TOOLS is set");
        eprintln!("{SKIP_NOTE}\n  ({why})");
    };
    let spawned = Command::new(python).arg(&script).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::inherit()).spawn();
    let Ok(mut child) = spawned else {
        skip("no python3 to run it");
        return None;
    };
    let input = compact(&Value::Array(cases.to_vec()));
    let mut stdin = child.stdin.take()?;
    let writer = std::thread::spawn(move || {
        // A reference that stops early (skip) closes the pipe: ignore that.
        let _ = stdin.write_all(input.as_bytes());
    });
    let output = child.wait_with_output().expect("reference process runs");
    let _ = writer.join();
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("reference output is not JSON ({e}): {:?}", output.status));
    if let Some(why) = doc["skip"].as_str() {
        skip(why);
        return None;
    }
    assert!(output.status.success(), "the reference failed: {:?}", output.status);
    let version = format!("kubernetes-validate {} (jsonschema {})", doc["version"].as_str()?, doc["jsonschema"].as_str()?);
    let results = doc["results"].as_array().expect("results").clone();
    assert_eq!(results.len(), cases.len(), "one reference verdict per case");
    Some((version, results))
}

// ---------------------------------------------------------------- deviations

/// A field's location: its keys and list indexes from the root.
type Loc = Vec<String>;

/// Where a ci-sec problem is, from its message
/// (`<Kind> <ns>/<name>: spec.containers[web].ports[0]: …`): list items named
/// by their `name` are resolved to indexes, and keys containing dots
/// (`app.kubernetes.io/name`) are matched against the object's keys. The
/// last key may be absent (a missing required field).
fn ci_sec_location(obj: &Value, message: &str) -> Option<Loc> {
    let rest = message.strip_prefix(&format!("{}: ", label(obj)))?;
    // The path ends at the first `: ` outside a list item's name.
    let mut depth = 0;
    let end = rest.char_indices().find(|&(i, c)| {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ => {}
        }
        depth == 0 && rest[i..].starts_with(": ")
    })?;
    let path = &rest[..end.0];
    let mut loc = vec![];
    let mut v = Some(obj);
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(item) = rest.strip_prefix('[') {
            let (item, after) = item.split_once(']')?;
            let items = v.and_then(Value::as_array)?;
            let scalar = |x: &Value| match x {
                Value::String(s) => s.clone(),
                other => compact(other),
            };
            let index = items
                .iter()
                .position(|x| x.get("name").is_some_and(|n| scalar(n) == item))
                .or_else(|| item.parse::<usize>().ok())?;
            loc.push(index.to_string());
            v = items.get(index);
            rest = after.strip_prefix('.').unwrap_or(after);
            continue;
        }
        // The longest key of the mapping that the rest starts with.
        let map = v.and_then(Value::as_object);
        let key = map
            .into_iter()
            .flat_map(|m| m.keys())
            .filter(|k| {
                rest.strip_prefix(k.as_str()).is_some_and(|after| after.is_empty() || after.starts_with(['.', '[']))
            })
            .max_by_key(|k| k.len())
            .cloned();
        let key = match key {
            Some(k) => k,
            // An absent key: the rest up to the next step.
            None => rest[..rest.find(['.', '[']).unwrap_or(rest.len())].to_string(),
        };
        v = map.and_then(|m| m.get(&key));
        rest = &rest[key.len()..];
        rest = rest.strip_prefix('.').unwrap_or(rest);
        loc.push(key);
    }
    Some(loc)
}

/// How ci-sec names an object in messages: `<kind> <namespace>/<name>`,
/// from scalar values as written (null, lists and mappings do not count).
fn label(obj: &Value) -> String {
    let text = |v: Option<&Value>| match v {
        Some(Value::String(s)) => Some(s.clone()),
        Some(v @ (Value::Number(_) | Value::Bool(_))) => Some(compact(v)),
        _ => None,
    };
    let meta = &obj["metadata"];
    let name = text(meta.get("name")).or_else(|| text(meta.get("generateName"))).unwrap_or_default();
    let kind = obj["kind"].as_str().unwrap_or_default();
    match text(meta.get("namespace")).filter(|ns| !ns.is_empty()) {
        Some(ns) => format!("{kind} {ns}/{name}"),
        None => format!("{kind} {name}"),
    }
}

/// Where a reference error is: the error's path, or below it the
/// unexpected keys (`additionalProperties`) and the missing one (`required`).
fn reference_locations(e: &Value) -> BTreeSet<Loc> {
    let mut out = BTreeSet::new();
    {
        let path: Loc = e["path"].as_array().into_iter().flatten().map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_string)).collect();
        let fields: Vec<&str> = e["fields"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        for f in &fields {
            let mut p = path.clone();
            p.push(f.to_string());
            out.insert(p);
        }
        if fields.is_empty() {
            out.insert(path);
        }
    }
    out
}

/// The deviation explaining a problem ci-sec reports (at `loc`) where the
/// reference reports none, if any.
fn ci_sec_deviation(obj: &Value, loc: &[String], p: &Problem) -> Option<&'static str> {
    let m = &p.message;
    match p.rule.as_str() {
        "schema/invalid-value" if m.contains("is not a quantity") => Some("quantity-syntax"),
        "schema/invalid-value" if m.contains("does not fit in 32 bits") => Some("int32-range"),
        "schema/invalid-value" if m.contains("not base64") => Some("byte-base64"),
        "schema/invalid-value" if m.contains("is not an RFC 3339 time") => Some("date-time"),
        "schema/missing-required" if value_at(obj, loc).is_some_and(Value::is_null) => Some("null-required"),
        _ => None,
    }
}

/// The deviation explaining an error the reference reports (at `loc`) where
/// ci-sec reports none, if any.
fn reference_deviation(obj: &Value, loc: &[String], error: &Value) -> Option<&'static str> {
    (error["validator"] == "oneOf" && value_at(obj, loc).is_some_and(Value::is_null)).then_some("null-int-or-string")
}

fn value_at<'a>(obj: &'a Value, loc: &[String]) -> Option<&'a Value> {
    loc.iter().try_fold(obj, |v, step| match v {
        Value::Array(items) => items.get(step.parse::<usize>().ok()?),
        _ => v.get(step.as_str()),
    })
}

/// How one case compares.
#[derive(Default)]
struct Comparison {
    /// Problems at the same locations on both sides, deviations aside.
    same_locations: bool,
    /// The deviations that explain the differences.
    deviations: BTreeSet<&'static str>,
    /// Differences no deviation explains.
    unexplained: Vec<String>,
}

/// Compares ci-sec's problems with the reference's errors, location by
/// location: a location only one side reports must be a known deviation.
fn compare(obj: &Value, ours: &[Problem], theirs: &Value) -> Comparison {
    let mut c = Comparison::default();
    let mut our_locs: BTreeMap<Loc, Vec<&Problem>> = BTreeMap::new();
    for p in ours {
        match ci_sec_location(obj, &p.message) {
            Some(loc) => our_locs.entry(loc).or_default().push(p),
            None => c.unexplained.push(format!("ci-sec problem without a location: {}", p.message)),
        }
    }
    let mut their_locs: BTreeMap<Loc, Vec<&Value>> = BTreeMap::new();
    for e in theirs.as_array().into_iter().flatten() {
        for loc in reference_locations(e) {
            their_locs.entry(loc).or_default().push(e);
        }
    }
    for (loc, problems) in &our_locs {
        if their_locs.contains_key(loc) {
            continue;
        }
        for p in problems {
            match ci_sec_deviation(obj, loc, p) {
                Some(d) => _ = c.deviations.insert(d),
                None => c.unexplained.push(format!("only ci-sec: {}: {}", p.rule, p.message)),
            }
        }
    }
    for (loc, errors) in &their_locs {
        if our_locs.contains_key(loc) {
            continue;
        }
        for e in errors {
            match reference_deviation(obj, loc, e) {
                Some(d) => _ = c.deviations.insert(d),
                None => c.unexplained.push(format!("only kubernetes-validate: {} at {loc:?}: {}", e["validator"], e["message"])),
            }
        }
    }
    c.same_locations = c.unexplained.is_empty() && c.deviations.is_empty();
    c
}

#[test]
fn schema_verdicts_match_kubernetes_validate() {
    let bases = base_objects();
    let mut rng = Lcg(0x0005_C4E3_A0D1_FF00);
    let mut cases: Vec<Case> = bases.iter().map(|o| Case { object: o.clone(), what: "unmutated".into(), file: String::new() }).collect();
    while cases.len() < bases.len() + CASES {
        let mut object = bases[rng.below(bases.len())].clone();
        let wanted = match rng.below(10) {
            0 => 3,
            1 | 2 => 2,
            _ => 1,
        };
        let mut done = vec![];
        let mut tries = 0;
        while done.len() < wanted && tries < 50 {
            tries += 1;
            if let Some(what) = mutate(&mut rng, &mut object) {
                done.push(what);
            }
        }
        if done.is_empty() {
            continue;
        }
        cases.push(Case { object, what: done.join("; "), file: String::new() });
    }

    let dir = tempfile::tempdir().expect("temporary directory");
    for (i, case) in cases.iter_mut().enumerate() {
        case.file = write_case(dir.path(), i, &case.object);
    }

    let mut summary = vec![];
    let mut unexplained = vec![];
    let mut reference_version = String::new();
    for version in VERSIONS {
        let inputs: Vec<Value> = cases.iter().map(|c| json!({"version": version, "object": c.object})).collect();
        let Some((rv, reference)) = reference(&inputs) else { return };
        reference_version = rv;
        let ours = ci_sec_verdicts(dir.path(), version, cases.len());
        let (mut agree, mut both_invalid, mut both_valid, mut same_locations) = (0, 0, 0, 0);
        let mut deviations: BTreeMap<&str, usize> = BTreeMap::new();
        let mut explained = 0;
        for (case, theirs) in cases.iter().zip(&reference) {
            assert!(theirs["unknown"].is_null(), "{}: the reference has no schema: {theirs}", case.file);
            let problems = ours.get(&case.file).map(Vec::as_slice).unwrap_or_default();
            let ci_sec_valid = problems.is_empty();
            let reference_valid = theirs["valid"].as_bool().expect("verdict");
            let c = compare(&case.object, problems, &theirs["errors"]);
            if ci_sec_valid == reference_valid {
                agree += 1;
                both_valid += usize::from(ci_sec_valid);
                both_invalid += usize::from(!ci_sec_valid);
            } else if c.unexplained.is_empty() {
                explained += 1;
            }
            same_locations += usize::from(c.same_locations);
            for d in &c.deviations {
                *deviations.entry(d).or_default() += 1;
            }
            if !c.unexplained.is_empty() {
                unexplained.push(format!(
                    "{version} {} ({}): ci-sec {}, kubernetes-validate {}\n    {}\n    object: {}",
                    case.file,
                    case.what,
                    if ci_sec_valid { "valid" } else { "invalid" },
                    if reference_valid { "valid" } else { "invalid" },
                    c.unexplained.join("\n    "),
                    compact(&case.object),
                ));
            }
        }
        let total = cases.len();
        summary.push(format!(
            "  Kubernetes {version}: verdicts agree for {agree}/{total} ({:.2}%: {both_valid} valid, {both_invalid} invalid), \
             {explained} disagreements explained by deviations; the same problem locations for {same_locations}/{total}; \
             cases with a deviation: {deviations:?}",
            100.0 * agree as f64 / total as f64,
        ));
        assert!(both_invalid * 4 > total, "{version}: the mutations should make many objects invalid ({both_invalid} of {total})");
        assert!(both_valid * 10 > total, "{version}: many mutations should keep objects valid ({both_valid} of {total})");
    }
    eprintln!(
        "k8s schema differential: {} cases ({} objects, {} mutated) against {reference_version}\n{}",
        cases.len(),
        bases.len(),
        cases.len() - bases.len(),
        summary.join("\n")
    );
    for d in DEVIATIONS {
        eprintln!("  deviation {}: {}", d.id, d.reason);
    }
    let shown: Vec<&String> = unexplained.iter().take(25).collect();
    assert!(
        unexplained.is_empty(),
        "{} cases differ outside the documented deviations (first {}):\n{}",
        unexplained.len(),
        shown.len(),
        shown.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n")
    );
}
