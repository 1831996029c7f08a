//! Restricted `procMount_restricted` (Kubernetes 1.35+): `procMount` must be
//! unset or `Default` on every container, user namespace or not. It
//! overrides the baseline procMount control, whose 1.35 revision lets
//! `hostUsers: false` pods use any procMount.

use super::{Level, PodCtx, Rule};
use crate::model::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "pss-restricted/procMount",
    level: Level::Restricted,
    severity: Severity::Medium,
    title: "Unmasked /proc mount",
    rationale: "Restricted keeps the default /proc masking even for pods in a user namespace.",
    remediation: "Remove `securityContext.procMount` or set it to Default.",
    since: 35,
    overrides: Some(super::proc_mount::RULE.id),
};

pub fn check(ctx: &PodCtx, out: &mut Vec<Finding>) {
    for c in &ctx.containers {
        let f = c.security_context().child("procMount");
        if let Some(v) = f.str()
            && v != "Default"
        {
            ctx.report(out, &RULE, f.field(), format!("{} sets securityContext.procMount: {v}", c.label()));
        }
    }
}
