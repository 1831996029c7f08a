//! Baseline `seccompProfile_baseline`: `seccompProfile.type` must not be
//! `Unconfined` on the pod or any container (unset is allowed here).

use super::{Level, PodCtx, Rule};
use crate::model::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "pss-baseline/seccompProfile",
    level: Level::Baseline,
    severity: Severity::High,
    title: "Seccomp explicitly unconfined",
    rationale: "An Unconfined seccomp profile lets the container make every system call, widening the kernel attack surface.",
    remediation: "Set `seccompProfile.type` to RuntimeDefault or Localhost.",
    since: 0,
    overrides: None,
};

pub fn check(ctx: &PodCtx, out: &mut Vec<Finding>) {
    let pod = ctx.security_context().at_path("seccompProfile.type");
    if pod.str() == Some("Unconfined") {
        ctx.report(out, &RULE, pod.field(), "pod sets seccompProfile.type: Unconfined".into());
    }
    for c in &ctx.containers {
        let f = c.security_context().at_path("seccompProfile.type");
        if f.str() == Some("Unconfined") {
            ctx.report(out, &RULE, f.field(), format!("{} sets seccompProfile.type: Unconfined", c.label()));
        }
    }
}
