//! The `recommended` profile: the Pod Security Standards at restricted plus
//! hardening checks, one file per family. Rule ids are
//! `recommended/<name>`; the rules share the PSS [`Rule`] catalogue entry
//! (level [`Level::Recommended`]).
//!
//! Each family exports its `RULES` and a `check` over the whole scan set
//! (every object of every file), so cross-file checks (a namespace's
//! ResourceQuota, the NetworkPolicies selecting a workload) see everything.
//! Findings point at the offending field, else the object's `kind:` line.

pub mod correctness;
pub mod exposure;
pub mod images;
pub mod labels;
pub mod namespaces;
pub mod rbac;
pub mod resources;
pub mod selector;

use super::object::{FieldRef, K8sObject};
use super::pod::{pod_specs, PodSpecRef};
use super::pss::{Level, PodCtx, PssOptions, Rule};
use super::version::KubeVersion;
use crate::model::{Finding, Severity};

/// The Kubernetes security checklist, every recommended rule's `help_uri`.
pub const HELP_URI: &str = "https://kubernetes.io/docs/concepts/security/security-checklist/";

/// The fields every recommended rule shares (`..BASE` in the rules).
pub const BASE: Rule = Rule {
    id: "",
    level: Level::Recommended,
    severity: Severity::Medium,
    title: "",
    rationale: "",
    remediation: "",
    since: 0,
    overrides: None,
};

type CheckFn = fn(&ScanSet<'_>, &mut Vec<Finding>);

/// What every family reads: all objects of the scan set, and their pod
/// specs prepared once (six families walk containers; preparing the pods
/// per family was a tenth of a run).
pub struct ScanSet<'a> {
    pub objects: &'a [K8sObject],
    pub pods: Vec<PodCtx<'a>>,
}

impl<'a> ScanSet<'a> {
    pub fn new(objects: &'a [K8sObject]) -> Self {
        Self::from_pods(objects, objects.iter().flat_map(pod_specs).collect())
    }

    /// The scan set with the pod specs already found in `objects`.
    pub fn from_pods(objects: &'a [K8sObject], pods: Vec<PodSpecRef<'a>>) -> Self {
        let opts = PssOptions::new(Level::Recommended, KubeVersion::LATEST);
        ScanSet { objects, pods: pods.into_iter().map(|p| PodCtx::new(p, opts)).collect() }
    }
}

/// A family of checks: its rules and the check that reports them.
pub struct Family {
    /// The fixture directory name (`tests/fixtures/k8s/recommended/<name>`).
    pub name: &'static str,
    pub rules: &'static [&'static Rule],
    pub check: CheckFn,
}

/// Every family, in the order they run.
pub const FAMILIES: &[Family] = &[
    Family { name: "images", rules: images::RULES, check: images::check },
    Family { name: "resources", rules: resources::RULES, check: resources::check },
    Family { name: "namespaces", rules: namespaces::RULES, check: namespaces::check },
    Family { name: "rbac", rules: rbac::RULES, check: rbac::check },
    Family { name: "exposure", rules: exposure::RULES, check: exposure::check },
    Family { name: "correctness", rules: correctness::RULES, check: correctness::check },
];

/// The recommended rules (the PSS rules are in [`super::pss::catalogue`]).
pub fn catalogue() -> impl Iterator<Item = &'static Rule> {
    FAMILIES.iter().flat_map(|f| f.rules.iter().copied()).chain(CONFIGURED.iter().copied())
}

/// Rules whose findings point at a secret value: their source lines are
/// shown masked.
pub const SECRET_VALUE_RULES: &[&str] = &[exposure::ENV_SECRET_LITERAL.id, exposure::CONFIGMAP_SECRET_KEY.id];

/// Rules that run only when `.ci-sec.toml` configures them (`[k8s]
/// trusted-registries`, `required-labels`).
pub const CONFIGURED: &[&Rule] = &[&images::IMAGE_REGISTRY, &labels::REQUIRED_LABELS];

/// The recommended findings over the whole scan set (PSS not included).
pub fn evaluate(set: &ScanSet<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for family in FAMILIES {
        (family.check)(set, &mut out);
    }
    out
}

/// The field at `path` when written, else the object's `kind:` line (for
/// object-level fields; container fields point at their nearest block).
pub fn field_or_kind(obj: &K8sObject, path: &str) -> FieldRef {
    let f = obj.field(path);
    if f.present { f } else { FieldRef::missing(f.path, (obj.kind_line, obj.kind_col)) }
}

/// A finding of `rule` about `obj` at `field`; the message starts with the
/// object.
pub fn report(out: &mut Vec<Finding>, obj: &K8sObject, rule: &Rule, field: FieldRef, message: String) {
    let mut f = obj.finding(rule.id, rule.severity, format!("{}: {message}", obj.label()), &field);
    f.title = Some(rule.title.to_string());
    f.fix = Some(rule.remediation.to_string());
    f.help_uri = Some(HELP_URI.to_string());
    out.push(f);
}

#[cfg(test)]
mod tests;
