//! Restricted `allowPrivilegeEscalation`: every container must set
//! `securityContext.allowPrivilegeEscalation: false`. Pods with
//! `spec.os.name: windows` are exempt.

use super::{Level, PodCtx, Rule};
use crate::model::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "pss-restricted/allowPrivilegeEscalation",
    level: Level::Restricted,
    severity: Severity::Medium,
    title: "Privilege escalation allowed",
    rationale: "Unless disabled, setuid binaries and file capabilities let a process gain more privileges than its parent.",
    remediation: "Set `securityContext.allowPrivilegeEscalation: false` on every container.",
    since: 0,
    overrides: None,
};

pub fn check(ctx: &PodCtx, out: &mut Vec<Finding>) {
    if ctx.is_windows() {
        return;
    }
    for c in &ctx.containers {
        let f = c.security_context().child("allowPrivilegeEscalation");
        match f.bool() {
            Some(false) => {}
            Some(true) => ctx.report(out, &RULE, f.field(), format!("{} sets allowPrivilegeEscalation: true", c.label())),
            None => ctx.report(out, &RULE, f.field(), format!("{} does not set allowPrivilegeEscalation: false", c.label())),
        }
    }
}
