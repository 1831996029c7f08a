//! Restricted `capabilities_restricted`: every container must drop `ALL`
//! and may add only `NET_BIND_SERVICE`. Pods with `spec.os.name: windows`
//! are exempt.

use super::{Level, PodCtx, Rule};
use crate::model::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "pss-restricted/capabilities",
    level: Level::Restricted,
    severity: Severity::Medium,
    title: "Capabilities not dropped",
    rationale: "Restricted containers start from no capabilities; only NET_BIND_SERVICE may be added back.",
    remediation: "Set `securityContext.capabilities.drop: [ALL]` and add at most NET_BIND_SERVICE.",
    since: 0,
    overrides: Some(super::capabilities_baseline::RULE.id),
};

pub fn check(ctx: &PodCtx, out: &mut Vec<Finding>) {
    if ctx.is_windows() {
        return;
    }
    for c in &ctx.containers {
        let caps = c.security_context().child("capabilities");
        let drop = caps.child("drop");
        if !drop.items().iter().any(|d| d.str() == Some("ALL")) {
            ctx.report(out, &RULE, drop.field(), format!("{} does not drop ALL capabilities", c.label()));
        }
        for item in caps.child("add").items() {
            let name = item.str().unwrap_or("");
            if name != "NET_BIND_SERVICE" {
                ctx.report(out, &RULE, item.field(), format!("{} adds capability {name:?}", c.label()));
            }
        }
    }
}
