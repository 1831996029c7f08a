//! Pod Security Standards, as the Kubernetes pod-security admission
//! (`k8s.io/pod-security-admission`, `policy/check_*.go`) enforces them for
//! the target version.
//!
//! One file per control. Each exports a [`Rule`] (its catalogue entry) and a
//! `check` function that reads a [`PodCtx`] and pushes findings. The
//! profile `pss-baseline` runs the baseline controls; `pss-restricted` runs
//! the baseline and the restricted controls (restricted is cumulative, as in
//! the admission). Rule ids are `pss-<level>/<control>`. The control is the
//! admission's check id (`pss-restricted/runAsNonRoot`) except where the
//! admission suffixes the level (`capabilities_restricted` is
//! `pss-restricted/capabilities`); [`admission_check_id`] maps back, so a
//! finding can be matched with kubectl's `violates PodSecurity` warning.
//!
//! Version-specific behaviour is data: a control's `since` minor, and the
//! per-value `since` in the allowed lists ([`sysctls`], [`selinux`]).
//!
//! Admission details reproduced:
//! - containers, initContainers and ephemeralContainers are all checked;
//! - fields are read as Kubernetes decodes YAML (YAML 1.1 booleans and
//!   integers; a quoted `"true"` is not a boolean and so is not `true`);
//! - `spec.os.name: windows` exempts the restricted allowPrivilegeEscalation,
//!   seccomp and capabilities controls (1.25+);
//! - `hostUsers: false` (a user-namespaced pod) relaxes runAsNonRoot,
//!   runAsUser and baseline procMount: unconditionally from 1.35; in
//!   1.31–1.34 only behind the perma-alpha `UserNamespacesPodSecurityStandards`
//!   feature gate, which [`PssOptions::userns_relaxation`] models. From 1.35
//!   restricted re-tightens procMount ([`proc_mount_restricted`]);
//! - restricted rules replace the baseline rules they override
//!   ([`Rule::overrides`]: restrictedVolumes → hostPathVolumes, seccomp,
//!   capabilities, procMount from 1.35), as the admission does.

pub mod allow_privilege_escalation;
pub mod app_armor;
pub mod capabilities_baseline;
pub mod capabilities_restricted;
pub mod host_namespaces;
pub mod host_path_volumes;
pub mod host_ports;
pub mod host_probes;
pub mod host_process;
pub mod privileged;
pub mod proc_mount;
pub mod proc_mount_restricted;
pub mod restricted_volumes;
pub mod run_as_non_root;
pub mod run_as_user;
pub mod seccomp_baseline;
pub mod seccomp_restricted;
pub mod selinux;
pub mod sysctls;

use super::object::{entry, FieldRef};
use super::pod::PodSpecRef;
use super::version::KubeVersion;
use crate::model::{Finding, Severity};
use crate::syntax::yaml::Node;

/// A Pod Security Standards level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Baseline,
    Restricted,
    /// The `recommended` profile: restricted plus the hardening checks of
    /// [`super::recommended`].
    Recommended,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Baseline => "baseline",
            Level::Restricted => "restricted",
            Level::Recommended => "recommended",
        }
    }
}

/// How to evaluate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PssOptions {
    pub level: Level,
    pub version: KubeVersion,
    /// Apply the `hostUsers: false` relaxations (the admission's
    /// `UserNamespacesPodSecurityStandards` feature gate).
    pub userns_relaxation: bool,
}

impl PssOptions {
    pub fn new(level: Level, version: KubeVersion) -> Self {
        PssOptions { level, version, userns_relaxation: false }
    }
}

/// A catalogue entry: everything the CLI and the reports say about a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// `pss-baseline/privileged`.
    pub id: &'static str,
    pub level: Level,
    pub severity: Severity,
    pub title: &'static str,
    pub rationale: &'static str,
    pub remediation: &'static str,
    /// First Kubernetes minor whose admission enforces the control.
    pub since: u32,
    /// The baseline rule this restricted rule replaces when restricted is
    /// evaluated (the admission's `OverrideCheckIDs`): the weaker check is
    /// not run, so one problem is reported once.
    pub overrides: Option<&'static str>,
}

/// The pod-security admission's check id of a PSS rule (what kubectl's
/// `violates PodSecurity "restricted:latest": …` warnings name); `None`
/// for rules that are not PSS controls.
pub fn admission_check_id(rule_id: &str) -> Option<&str> {
    let control = rule_id.strip_prefix("pss-baseline/").or_else(|| rule_id.strip_prefix("pss-restricted/"))?;
    Some(match rule_id {
        "pss-baseline/capabilities" => "capabilities_baseline",
        "pss-restricted/capabilities" => "capabilities_restricted",
        "pss-baseline/seccompProfile" => "seccompProfile_baseline",
        "pss-restricted/seccompProfile" => "seccompProfile_restricted",
        "pss-restricted/procMount" => "procMount_restricted",
        _ => control,
    })
}

/// First minor whose admission relaxes runAsNonRoot, runAsUser and baseline
/// procMount for `hostUsers: false` pods without a feature gate.
pub const USERNS_RELAXATION_SINCE: u32 = 35;

/// The Pod Security Standards page, every rule's `help_uri`.
pub const HELP_URI: &str = "https://kubernetes.io/docs/concepts/security/pod-security-standards/";

type CheckFn = fn(&PodCtx, &mut Vec<Finding>);

/// Every control, baseline first, with its check.
pub const CONTROLS: &[(&Rule, CheckFn)] = &[
    (&host_process::RULE, host_process::check),
    (&host_namespaces::RULE, host_namespaces::check),
    (&privileged::RULE, privileged::check),
    (&capabilities_baseline::RULE, capabilities_baseline::check),
    (&host_path_volumes::RULE, host_path_volumes::check),
    (&host_ports::RULE, host_ports::check),
    (&host_probes::RULE, host_probes::check),
    (&app_armor::RULE, app_armor::check),
    (&selinux::RULE, selinux::check),
    (&proc_mount::RULE, proc_mount::check),
    (&seccomp_baseline::RULE, seccomp_baseline::check),
    (&sysctls::RULE, sysctls::check),
    (&restricted_volumes::RULE, restricted_volumes::check),
    (&allow_privilege_escalation::RULE, allow_privilege_escalation::check),
    (&run_as_non_root::RULE, run_as_non_root::check),
    (&run_as_user::RULE, run_as_user::check),
    (&seccomp_restricted::RULE, seccomp_restricted::check),
    (&capabilities_restricted::RULE, capabilities_restricted::check),
    (&proc_mount_restricted::RULE, proc_mount_restricted::check),
];

/// The catalogue: every rule, for `--list-checks` and docs.
pub fn catalogue() -> impl Iterator<Item = &'static Rule> {
    CONTROLS.iter().map(|(r, _)| *r)
}

/// The findings of one pod spec under `opts`.
pub fn evaluate(pod: &PodSpecRef, opts: &PssOptions) -> Vec<Finding> {
    let ctx = PodCtx::new(pod.clone(), *opts);
    let mut out = Vec::new();
    for (_, check) in active_rules(opts) {
        check(&ctx, &mut out);
    }
    out
}

/// The rules that run at a level and version: those of the level (and
/// below) in force at the version, minus the baseline rules a running
/// restricted rule overrides.
pub fn active_rules(opts: &PssOptions) -> Vec<(&'static Rule, CheckFn)> {
    let in_force = |r: &Rule| r.level <= opts.level && opts.version.at_least(r.since);
    let overridden: Vec<&str> = CONTROLS.iter().filter(|(r, _)| in_force(r)).filter_map(|(r, _)| r.overrides).collect();
    CONTROLS
        .iter()
        .filter(|(r, _)| in_force(r) && !overridden.contains(&r.id))
        .map(|(r, c)| (*r, *c))
        .collect()
}

/// A possibly-missing mapping with its path and where to point: the node
/// and its key's position when present, else the nearest present
/// ancestor's position.
#[derive(Debug, Clone)]
pub struct Block<'a> {
    pub node: Option<&'a Node>,
    pub path: String,
    pub at: (u32, u32),
}

impl<'a> Block<'a> {
    /// The child under `key` (absent children keep the parent's position).
    pub fn child(&self, key: &str) -> Block<'a> {
        let path = super::object::join(&self.path, key);
        match self.node.and_then(|n| entry(n, key)) {
            Some((k, v)) if !v.is_null() => Block { node: Some(v), path, at: (k.line, k.column) },
            _ => Block { node: None, path, at: self.at },
        }
    }
    /// Descends a dotted path.
    pub fn at_path(&self, path: &str) -> Block<'a> {
        path.split('.').fold(self.clone(), |b, k| b.child(k))
    }
    pub fn field(&self) -> FieldRef {
        FieldRef { path: self.path.clone(), line: self.at.0, column: self.at.1, present: self.node.is_some() }
    }
    pub fn bool(&self) -> Option<bool> {
        self.node.and_then(super::object::bool_at)
    }
    pub fn str(&self) -> Option<&'a str> {
        self.node.filter(|n| !n.is_null()).and_then(Node::as_str)
    }
    /// Items of a sequence, each as a block named `path[i]` at the item.
    pub fn items(&self) -> Vec<Block<'a>> {
        self.node
            .and_then(Node::as_sequence)
            .unwrap_or(&[])
            .iter()
            .enumerate()
            .map(|(i, n)| Block { node: Some(n), path: format!("{}[{i}]", self.path), at: (n.line, n.column) })
            .collect()
    }
}

/// A container of the pod (regular, init or ephemeral).
#[derive(Debug, Clone)]
pub struct Container<'a> {
    /// `containers`, `initContainers` or `ephemeralContainers`.
    pub list: &'static str,
    pub name: String,
    pub block: Block<'a>,
}

impl<'a> Container<'a> {
    /// `container "web"` / `init container "setup"`, for messages.
    pub fn label(&self) -> String {
        let what = match self.list {
            "initContainers" => "init container",
            "ephemeralContainers" => "ephemeral container",
            _ => "container",
        };
        format!("{what} \"{}\"", self.name)
    }
    pub fn security_context(&self) -> Block<'a> {
        self.block.child("securityContext")
    }
}

/// What a control reads: the pod, its containers, and the options.
pub struct PodCtx<'a> {
    pub pod: PodSpecRef<'a>,
    pub spec: Block<'a>,
    pub metadata: Block<'a>,
    pub containers: Vec<Container<'a>>,
    pub opts: PssOptions,
}

impl<'a> PodCtx<'a> {
    pub fn new(pod: PodSpecRef<'a>, opts: PssOptions) -> Self {
        let spec = Block { node: Some(pod.spec), path: pod.spec_path.to_string(), at: pod.spec_at };
        let metadata = match pod.meta {
            Some(m) => Block { node: Some(m), path: pod.meta_path.to_string(), at: (m.line, m.column) },
            None => Block { node: None, path: pod.meta_path.to_string(), at: pod.spec_at },
        };
        let mut containers = Vec::new();
        for list in ["initContainers", "containers", "ephemeralContainers"] {
            let list_block = spec.child(list);
            for (i, item) in list_block.items().into_iter().enumerate() {
                let name = item.node.and_then(|n| super::object::value(n, "name")).and_then(Node::as_str).unwrap_or("").to_string();
                let key = if name.is_empty() { i.to_string() } else { name.clone() };
                let block = Block { path: format!("{}[{key}]", list_block.path), ..item };
                containers.push(Container { list, name: if name.is_empty() { format!("#{i}") } else { name }, block });
            }
        }
        PodCtx { pod, spec, metadata, containers, opts }
    }

    /// The pod-level `securityContext`.
    pub fn security_context(&self) -> Block<'a> {
        self.spec.child("securityContext")
    }

    /// `spec.os.name: windows`.
    pub fn is_windows(&self) -> bool {
        self.spec.at_path("os.name").str() == Some("windows")
    }

    /// A user-namespaced pod (`hostUsers: false`) whose relaxations apply:
    /// always from 1.35 (policy version 1.35 made them unconditional);
    /// before, only with the `UserNamespacesPodSecurityStandards` gate
    /// ([`PssOptions::userns_relaxation`]).
    pub fn userns_relaxed(&self) -> bool {
        (self.opts.userns_relaxation || self.opts.version.at_least(USERNS_RELAXATION_SINCE))
            && self.spec.child("hostUsers").bool() == Some(false)
    }

    /// A finding of `rule` at `field`; the message starts with the object.
    pub fn report(&self, out: &mut Vec<Finding>, rule: &Rule, field: FieldRef, message: String) {
        let obj = self.pod.obj;
        let mut f = obj.finding(rule.id, rule.severity, format!("{}: {message}", obj.label()), &field);
        f.title = Some(rule.title.to_string());
        f.fix = Some(rule.remediation.to_string());
        f.help_uri = Some(HELP_URI.to_string());
        out.push(f);
    }
}

#[cfg(test)]
pub(crate) mod tests;
