//! Baseline `capabilities_baseline`: `securityContext.capabilities.add` may
//! only hold the default container runtime capabilities. Names are compared
//! exactly, as the admission does (`CAP_CHOWN` is not `CHOWN`).

use super::{Level, PodCtx, Rule};
use crate::model::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "pss-baseline/capabilities",
    level: Level::Baseline,
    severity: Severity::High,
    title: "Capability added beyond the baseline set",
    rationale: "Capabilities beyond the runtime defaults (SYS_ADMIN, NET_ADMIN, …) grant powers that lead to container escape.",
    remediation: "Add only capabilities from the baseline list (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT).",
    since: 0,
    overrides: None,
};

/// Capabilities baseline allows adding.
pub const ALLOWED: &[&str] = &[
    "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP",
    "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
];

pub fn check(ctx: &PodCtx, out: &mut Vec<Finding>) {
    for c in &ctx.containers {
        for item in c.security_context().at_path("capabilities.add").items() {
            let name = item.str().unwrap_or("");
            if !ALLOWED.contains(&name) {
                ctx.report(out, &RULE, item.field(), format!("{} adds capability {name:?}", c.label()));
            }
        }
    }
}
