//! Baseline `seLinuxOptions`: on the pod and every container,
//! `seLinuxOptions.type` must be unset, empty or an allowed container type,
//! and `user` and `role` must be unset or empty.

use super::{Block, Level, PodCtx, Rule};
use crate::check::k8s::version::KubeVersion;
use crate::model::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "pss-baseline/seLinuxOptions",
    level: Level::Baseline,
    severity: Severity::High,
    title: "Custom SELinux options",
    rationale: "A custom SELinux type, user or role can lift the confinement the container types enforce.",
    remediation: "Leave `seLinuxOptions.user` and `.role` unset and use an allowed type (container_t, container_init_t, container_kvm_t, container_engine_t).",
    since: 0,
    overrides: None,
};

/// Allowed `seLinuxOptions.type` values and the minor that allowed each.
pub const TYPES: &[(&str, u32)] =
    &[("container_t", 0), ("container_init_t", 0), ("container_kvm_t", 0), ("container_engine_t", 31)];

pub fn type_allowed(ty: &str, version: KubeVersion) -> bool {
    ty.is_empty() || TYPES.iter().any(|(t, since)| *t == ty && version.at_least(*since))
}

fn check_options(ctx: &PodCtx, out: &mut Vec<Finding>, sc: Block, who: &str) {
    let opts = sc.child("seLinuxOptions");
    if opts.node.is_none() {
        return;
    }
    let ty = opts.child("type");
    if let Some(t) = ty.str()
        && !type_allowed(t, ctx.opts.version)
    {
        ctx.report(out, &RULE, ty.field(), format!("{who} sets seLinuxOptions.type: {t}"));
    }
    for key in ["user", "role"] {
        let f = opts.child(key);
        if let Some(v) = f.str()
            && !v.is_empty()
        {
            ctx.report(out, &RULE, f.field(), format!("{who} sets seLinuxOptions.{key}: {v}"));
        }
    }
}

pub fn check(ctx: &PodCtx, out: &mut Vec<Finding>) {
    check_options(ctx, out, ctx.security_context(), "pod");
    for c in &ctx.containers {
        check_options(ctx, out, c.security_context(), &c.label());
    }
}
