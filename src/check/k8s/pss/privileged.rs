//! Baseline `privileged`: `securityContext.privileged` must be unset or
//! false on every container.

use super::{Level, PodCtx, Rule};
use crate::model::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "pss-baseline/privileged",
    level: Level::Baseline,
    severity: Severity::Critical,
    title: "Privileged container",
    rationale: "A privileged container has every capability and access to all host devices: it is root on the node.",
    remediation: "Remove `securityContext.privileged` or set it to false.",
    since: 0,
    overrides: None,
};

pub fn check(ctx: &PodCtx, out: &mut Vec<Finding>) {
    for c in &ctx.containers {
        let f = c.security_context().child("privileged");
        if f.bool() == Some(true) {
            ctx.report(out, &RULE, f.field(), format!("{} sets securityContext.privileged: true", c.label()));
        }
    }
}
