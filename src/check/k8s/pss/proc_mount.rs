//! Baseline `procMount`: `securityContext.procMount` must be unset or
//! `Default` on every container. `hostUsers: false` pods may use any
//! procMount from 1.35 (before, only with the user-namespace feature gate).
//! Under restricted, [`super::proc_mount_restricted`] replaces this control
//! from 1.35.

use super::{Level, PodCtx, Rule};
use crate::model::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "pss-baseline/procMount",
    level: Level::Baseline,
    severity: Severity::High,
    title: "Unmasked /proc mount",
    rationale: "An Unmasked /proc exposes kernel interfaces the default mask hides from containers.",
    remediation: "Remove `securityContext.procMount` or set it to Default.",
    since: 0,
    overrides: None,
};

pub fn check(ctx: &PodCtx, out: &mut Vec<Finding>) {
    if ctx.userns_relaxed() {
        return;
    }
    for c in &ctx.containers {
        let f = c.security_context().child("procMount");
        if let Some(v) = f.str()
            && v != "Default"
        {
            ctx.report(out, &RULE, f.field(), format!("{} sets securityContext.procMount: {v}", c.label()));
        }
    }
}
