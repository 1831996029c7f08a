//! Baseline `windowsHostProcess`: Windows HostProcess containers have host access.
//! `securityContext.windowsOptions.hostProcess` must be unset or false on
//! the pod and every container.

use super::{PodCtx, Rule, Level};
use crate::model::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "pss-baseline/windowsHostProcess",
    level: Level::Baseline,
    severity: Severity::Critical,
    title: "Windows HostProcess container",
    rationale: "A HostProcess container runs directly on the Windows node with host access, bypassing container isolation.",
    remediation: "Remove `securityContext.windowsOptions.hostProcess` or set it to false.",
    since: 0,
    overrides: None,
};

pub fn check(ctx: &PodCtx, out: &mut Vec<Finding>) {
    let pod = ctx.security_context().at_path("windowsOptions.hostProcess");
    if pod.bool() == Some(true) {
        ctx.report(out, &RULE, pod.field(), "pod sets securityContext.windowsOptions.hostProcess: true".into());
    }
    for c in &ctx.containers {
        let f = c.security_context().at_path("windowsOptions.hostProcess");
        if f.bool() == Some(true) {
            ctx.report(out, &RULE, f.field(), format!("{} sets securityContext.windowsOptions.hostProcess: true", c.label()));
        }
    }
}
