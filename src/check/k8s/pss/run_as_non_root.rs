//! Restricted `runAsNonRoot`: the pod must set `runAsNonRoot: true` and no
//! container may set it to false, or else every container must set it to
//! true. Relaxed for `hostUsers: false` pods when the user-namespace
//! relaxation is on.

use super::{Level, PodCtx, Rule};
use crate::model::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "pss-restricted/runAsNonRoot",
    level: Level::Restricted,
    severity: Severity::Medium,
    title: "Containers may run as root",
    rationale: "Without runAsNonRoot the kubelet starts containers whose image runs as UID 0.",
    remediation: "Set `securityContext.runAsNonRoot: true` on the pod (and not false on any container).",
    since: 0,
    overrides: None,
};

pub fn check(ctx: &PodCtx, out: &mut Vec<Finding>) {
    if ctx.userns_relaxed() {
        return;
    }
    let pod = ctx.security_context().child("runAsNonRoot");
    let pod_ok = match pod.bool() {
        Some(true) => true,
        Some(false) => {
            ctx.report(out, &RULE, pod.field(), "pod sets runAsNonRoot: false".into());
            false
        }
        None => false,
    };
    for c in &ctx.containers {
        let f = c.security_context().child("runAsNonRoot");
        match f.bool() {
            Some(true) => {}
            Some(false) => ctx.report(out, &RULE, f.field(), format!("{} sets runAsNonRoot: false", c.label())),
            None if !pod_ok => ctx.report(
                out,
                &RULE,
                f.field(),
                format!("{} does not set runAsNonRoot: true, and neither does the pod", c.label()),
            ),
            None => {}
        }
    }
}
