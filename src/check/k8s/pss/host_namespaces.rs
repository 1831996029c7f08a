//! Baseline `hostNamespaces`: `hostNetwork`, `hostPID` and `hostIPC` must
//! be unset or false.

use super::{Level, PodCtx, Rule};
use crate::model::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "pss-baseline/hostNamespaces",
    level: Level::Baseline,
    severity: Severity::High,
    title: "Host namespaces shared",
    rationale: "Sharing the node's network, PID or IPC namespace exposes host processes, traffic and shared memory to the pod.",
    remediation: "Remove `hostNetwork`, `hostPID` and `hostIPC` or set them to false.",
    since: 0,
    overrides: None,
};

pub fn check(ctx: &PodCtx, out: &mut Vec<Finding>) {
    for key in ["hostNetwork", "hostPID", "hostIPC"] {
        let f = ctx.spec.child(key);
        if f.bool() == Some(true) {
            ctx.report(out, &RULE, f.field(), format!("pod sets {key}: true"));
        }
    }
}
