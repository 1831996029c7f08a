//! Schema validation: every object checked against the API of the target
//! Kubernetes release, as `kubectl apply` (strict field validation) and the
//! API server would check it, before anything is applied.
//!
//! Per object, by its apiVersion and kind:
//! - a built-in API group ([`data::Catalog::knows_group`], a group in the
//!   deprecation guide, or any group without a dot, which CRDs cannot use):
//!   the lifecycle decides ([`deprecated`]): served → validated against the
//!   release's schema ([`data`], [`validate`]), and reported when
//!   deprecated; removed → `schema/removed-api`; otherwise
//!   `schema/unknown-kind`;
//! - any other group is a custom resource: validated against the
//!   CustomResourceDefinition of the scan set that defines it ([`crd`]),
//!   `schema/unserved-version` when the CRD does not serve the version;
//!   without a CRD it is skipped and counted.
//!
//! At most [`MAX_PROBLEMS_PER_OBJECT`] problems are reported per object, so
//! a document of the wrong kind does not bury the rest.

pub mod crd;
pub mod data;
pub mod deprecated;
pub mod format;
pub mod model;
pub mod scalar;
pub mod validate;

use std::collections::HashMap;

use self::crd::CrdIndex;
use self::data::{Builtin, Catalog};
use self::deprecated::{lifecycle, Lifecycle, RETIREMENTS};
use self::validate::{Problem, ProblemKind, Validator};
use super::object::{entry, FieldRef, K8sObject};
use super::pss::{Level, Rule};
use super::version::KubeVersion;
use crate::model::{Finding, Location, Severity};

/// Problems reported per object at most.
pub const MAX_PROBLEMS_PER_OBJECT: usize = 20;

/// The API reference, the `help_uri` of the validation rules.
pub const HELP_URI: &str = "https://kubernetes.io/docs/reference/kubernetes-api/";
/// The migration guide, the `help_uri` of the lifecycle rules.
pub const DEPRECATION_GUIDE: &str = "https://kubernetes.io/docs/reference/using-api/deprecation-guide/";

/// The fields every schema rule shares. Schema rules are at the lowest
/// level, [`Level::Baseline`], so that every profile runs them (a rule runs
/// at its level and above).
const BASE: Rule = Rule {
    id: "",
    level: Level::Baseline,
    severity: Severity::High,
    title: "",
    rationale: "",
    remediation: "",
    since: 0,
    overrides: None,
};

pub const UNKNOWN_FIELD: Rule = Rule {
    id: "schema/unknown-field",
    severity: Severity::Medium,
    title: "Field unknown to the Kubernetes API",
    rationale: "Strict field validation (the kubectl default) refuses the object; tools that do not validate drop the field silently, so a misplaced or misspelt setting (a securityContext one level too high) never takes effect.",
    remediation: "Fix the spelling or the indentation, or remove the field; check the field against the API reference of the target version.",
    ..BASE
};

pub const WRONG_TYPE: Rule = Rule {
    id: "schema/wrong-type",
    title: "Value of the wrong type",
    rationale: "The API server refuses the object: YAML decides a value's type by its spelling (YAML 1.1: unquoted yes/no/on/off are booleans, unquoted digits numbers), and a number where a string is expected, or a quoted number where an integer is expected, does not decode.",
    remediation: "Quote values that must be strings (label values, env values, annotations); remove the quotes from numbers and booleans; use a list or a mapping where the API expects one.",
    ..BASE
};

pub const MISSING_REQUIRED: Rule = Rule {
    id: "schema/missing-required",
    title: "Required field missing",
    rationale: "The API server refuses an object without its required fields (a container without a name, a Deployment without a selector).",
    remediation: "Add the field, with a value (null counts as missing).",
    ..BASE
};

pub const INVALID_VALUE: Rule = Rule {
    id: "schema/invalid-value",
    title: "Value the API cannot decode",
    rationale: "The value has the right type but is refused while decoding: a quantity such as 1GB (Kubernetes writes 1G or 1Gi), plain text in a Secret's base64 `data`, a malformed time, a number beyond 32 bits, or a value outside the field's enum.",
    remediation: "Write quantities with Kubernetes suffixes, put plain text under `stringData`, and use one of the values the field allows.",
    ..BASE
};

pub const UNKNOWN_KIND: Rule = Rule {
    id: "schema/unknown-kind",
    severity: Severity::Medium,
    title: "Kind not served by the target Kubernetes version",
    rationale: "A built-in API group that does not serve this apiVersion and kind (a typo, a kind in the wrong group, or an API newer than the target) makes the apply fail with \"no matches for kind\".",
    remediation: "Use the apiVersion that serves the kind in the target version (the message names it), or raise --kube-version if the cluster is newer.",
    ..BASE
};

pub const REMOVED_API: Rule = Rule {
    id: "schema/removed-api",
    title: "API version removed",
    rationale: "The target Kubernetes version no longer serves this apiVersion: the apply fails, and an upgrade of a cluster still holding such objects breaks the workloads' owners.",
    remediation: "Migrate to the replacement apiVersion named in the message (see the Deprecated API Migration Guide for field changes).",
    ..BASE
};

pub const DEPRECATED_API: Rule = Rule {
    id: "schema/deprecated-api",
    severity: Severity::Low,
    title: "API version deprecated",
    rationale: "The target version still serves this apiVersion but deprecates it (or serves a stable version of the kind): a later upgrade will remove it.",
    remediation: "Migrate to the replacement apiVersion named in the message before upgrading.",
    ..BASE
};

pub const UNSERVED_VERSION: Rule = Rule {
    id: "schema/unserved-version",
    title: "Custom resource version not served by its CRD",
    rationale: "The CustomResourceDefinition in the scan set does not define this version, or defines it with `served: false`: the API server refuses the custom resource.",
    remediation: "Use a version the CRD serves (the message lists them), or serve the version in the CRD.",
    ..BASE
};

/// Every schema rule, for the catalogue.
pub const RULES: &[&Rule] = &[
    &UNKNOWN_FIELD,
    &WRONG_TYPE,
    &MISSING_REQUIRED,
    &INVALID_VALUE,
    &UNKNOWN_KIND,
    &REMOVED_API,
    &DEPRECATED_API,
    &UNSERVED_VERSION,
];

/// What a validation run covered.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SchemaStats {
    /// Objects validated against a schema (built-in or CRD).
    pub checked: usize,
    /// Custom resources without a CRD in the scan set (not validated).
    pub skipped_custom: usize,
}

/// The API group of an apiVersion (`""` for `v1`).
pub fn group_of(api_version: &str) -> &str {
    api_version.split_once('/').map_or("", |(g, _)| g)
}

/// Client-side kinds that are never sent to the API server.
fn client_side(obj: &K8sObject) -> bool {
    obj.api_version == "v1" && obj.kind == "List"
}

/// Validates every object of the scan set against `version`; findings go to
/// `out`. Fails only when the embedded schemas cannot be read.
pub fn check(objects: &[K8sObject], version: KubeVersion, out: &mut Vec<Finding>) -> Result<SchemaStats, data::DataError> {
    let catalog = data::catalog()?;
    let builtin = data::builtin(version)?;
    let crds = CrdIndex::collect(objects);
    let mut stats = SchemaStats::default();
    let mut verdicts: HashMap<(&str, &str), Lifecycle> = HashMap::new();
    for obj in objects {
        if client_side(obj) {
            continue;
        }
        let group = group_of(&obj.api_version);
        if is_builtin_group(catalog, group) {
            let verdict = verdicts
                .entry((obj.api_version.as_str(), obj.kind.as_str()))
                .or_insert_with(|| lifecycle(catalog, &obj.api_version, &obj.kind, version));
            builtin_object(obj, builtin, verdict, &mut stats, out);
        } else {
            custom_object(obj, group, builtin, &crds, &mut stats, out);
        }
    }
    Ok(stats)
}

fn is_builtin_group(catalog: &Catalog, group: &str) -> bool {
    !group.contains('.') || catalog.knows_group(group) || RETIREMENTS.iter().any(|r| group_of(r.api_version) == group)
}

fn builtin_object(obj: &K8sObject, builtin: &Builtin, verdict: &Lifecycle, stats: &mut SchemaStats, out: &mut Vec<Finding>) {
    let api_at = obj.field("apiVersion");
    let target = builtin.version;
    match verdict {
        Lifecycle::Served(deprecation) => {
            if let Some(d) = deprecation {
                let mut message = format!("{} {} is deprecated", obj.api_version, obj.kind);
                if let Some(since) = d.deprecated_in {
                    message.push_str(&format!(" since Kubernetes 1.{since}"));
                }
                message.push_str(&match d.removed_in {
                    Some(gone) => format!(" and not served from 1.{gone} on (target {target})"),
                    None => format!(" (still served by {target})"),
                });
                push_replacement(&mut message, d.replacement.as_deref(), d.note);
                report(out, obj, &DEPRECATED_API, &api_at, message, DEPRECATION_GUIDE);
            }
            if let Some(root) = builtin.kind(&obj.api_version, &obj.kind) {
                stats.checked += 1;
                let mut v = Validator::new(MAX_PROBLEMS_PER_OBJECT);
                v.value(&builtin.set, &obj.root, root, (obj.kind_line, obj.kind_col));
                problems(out, obj, v);
            }
        }
        Lifecycle::Removed { removed_in, replacement, note } => {
            let mut message = format!("{} {} is not served by Kubernetes {target} (removed in 1.{removed_in})", obj.api_version, obj.kind);
            push_replacement(&mut message, replacement.as_deref(), note);
            report(out, obj, &REMOVED_API, &api_at, message, DEPRECATION_GUIDE);
        }
        Lifecycle::Later(first) => {
            let message = format!("{} {} is not served by Kubernetes {target}: it is first served by 1.{first}", obj.api_version, obj.kind);
            report(out, obj, &UNKNOWN_KIND, &api_at, message, HELP_URI);
        }
        Lifecycle::Unknown => {
            let elsewhere = builtin.api_versions_of(&obj.kind);
            let hint = match elsewhere.as_slice() {
                [] => String::new(),
                [one] => format!("; {} is served as {one}", obj.kind),
                many => format!("; {} is served as {}", obj.kind, many.join(", ")),
            };
            let message = format!("Kubernetes {target} has no {} {}{hint}", obj.api_version, obj.kind);
            report(out, obj, &UNKNOWN_KIND, &api_at, message, HELP_URI);
        }
    }
}

fn push_replacement(message: &mut String, replacement: Option<&str>, note: &str) {
    match replacement {
        Some(r) => message.push_str(&format!("; use {r}")),
        None if !note.is_empty() => message.push_str(&format!("; {note}")),
        None => {}
    }
}

/// The keys of a custom resource that the API server handles itself.
const CUSTOM_RESOURCE_KEYS: &[&str] = &["apiVersion", "kind", "metadata"];

fn custom_object(obj: &K8sObject, group: &str, builtin: &Builtin, crds: &CrdIndex, stats: &mut SchemaStats, out: &mut Vec<Finding>) {
    let Some(crd) = crds.kind(group, &obj.kind) else {
        stats.skipped_custom += 1;
        return;
    };
    let version = obj.api_version.split_once('/').map_or("", |(_, v)| v);
    let served = crd.version(version).filter(|v| v.served);
    let Some(served) = served else {
        let state = if crd.version(version).is_some() { "does not serve" } else { "does not define" };
        let message =
            format!("CustomResourceDefinition {} {state} version {version:?} (served: {})", crd.crd_name, crd.served_names());
        report(out, obj, &UNSERVED_VERSION, &obj.field("apiVersion"), message, HELP_URI);
        return;
    };
    stats.checked += 1;
    let mut v = Validator::new(MAX_PROBLEMS_PER_OBJECT);
    if let Some(root) = served.root {
        v.fields(&crds.set, &obj.root, root, CUSTOM_RESOURCE_KEYS);
        v.required(&crds.set, &obj.root, root, (obj.kind_line, obj.kind_col));
    }
    if let (Some(meta), Some((key, value))) = (builtin.object_meta, entry(&obj.root, "metadata")) {
        v.enter("metadata");
        v.value(&builtin.set, value, meta, (key.line, key.column));
        v.leave();
    }
    problems(out, obj, v);
}

/// Turns a validator's problems into findings.
fn problems(out: &mut Vec<Finding>, obj: &K8sObject, v: Validator) {
    let truncated = v.truncated;
    let found = v.into_problems();
    let count = found.len();
    for (i, p) in found.into_iter().enumerate() {
        let Problem { kind, path, line, column, message } = p;
        let rule = match kind {
            ProblemKind::UnknownField => &UNKNOWN_FIELD,
            ProblemKind::WrongType => &WRONG_TYPE,
            ProblemKind::MissingRequired => &MISSING_REQUIRED,
            ProblemKind::InvalidValue => &INVALID_VALUE,
        };
        let mut message = if path.is_empty() { message } else { format!("{path}: {message}") };
        if truncated && i + 1 == count {
            message.push_str(&format!(" (stopped after {MAX_PROBLEMS_PER_OBJECT} schema problems in this object)"));
        }
        let field = FieldRef { path, line, column, present: kind != ProblemKind::MissingRequired };
        report(out, obj, rule, &field, message, HELP_URI);
    }
}

fn report(out: &mut Vec<Finding>, obj: &K8sObject, rule: &Rule, field: &FieldRef, message: String, help: &str) {
    let mut f = obj.finding(rule.id, rule.severity, format!("{}: {message}", obj.label()), field);
    f.title = Some(rule.title.to_string());
    f.fix = Some(rule.remediation.to_string());
    f.help_uri = Some(help.to_string());
    out.push(f);
}

/// An input error for schemas that cannot be read (never expected: the data
/// is embedded and tested).
pub fn data_error(e: &data::DataError) -> Finding {
    Finding::input_error(Location { path: "<embedded Kubernetes schemas>".into(), line: 0, column: 0 }, e.to_string())
}

#[cfg(test)]
mod tests;
