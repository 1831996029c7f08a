//! Restricted `runAsUser`: `securityContext.runAsUser` must not be 0 on the
//! pod or any container. Relaxed for `hostUsers: false` pods when the
//! user-namespace relaxation is on.

use super::{Block, Level, PodCtx, Rule};
use crate::check::k8s::object::int_at;
use crate::model::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "pss-restricted/runAsUser",
    level: Level::Restricted,
    severity: Severity::Medium,
    title: "Runs as UID 0",
    rationale: "runAsUser: 0 runs the container as root whatever the image says.",
    remediation: "Set `runAsUser` to a non-zero UID or leave it unset.",
    since: 0,
    overrides: None,
};

fn check_one(ctx: &PodCtx, out: &mut Vec<Finding>, sc: Block, who: &str) {
    let f = sc.child("runAsUser");
    if f.node.and_then(int_at) == Some(0) {
        ctx.report(out, &RULE, f.field(), format!("{who} sets runAsUser: 0"));
    }
}

pub fn check(ctx: &PodCtx, out: &mut Vec<Finding>) {
    if ctx.userns_relaxed() {
        return;
    }
    check_one(ctx, out, ctx.security_context(), "pod");
    for c in &ctx.containers {
        check_one(ctx, out, c.security_context(), &c.label());
    }
}
