//! Baseline `hostPorts`: `ports[*].hostPort` must be unset or 0 on every
//! container.

use super::{Level, PodCtx, Rule};
use crate::check::k8s::object::int_at;
use crate::model::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "pss-baseline/hostPorts",
    level: Level::Baseline,
    severity: Severity::Medium,
    title: "Host port",
    rationale: "A hostPort binds the node's network interface, bypassing network policy and limiting scheduling.",
    remediation: "Remove `hostPort`; expose the port with a Service instead.",
    since: 0,
    overrides: None,
};

pub fn check(ctx: &PodCtx, out: &mut Vec<Finding>) {
    for c in &ctx.containers {
        for p in c.block.child("ports").items() {
            let f = p.child("hostPort");
            let Some(node) = f.node else { continue };
            if int_at(node) != Some(0) {
                let value = node.as_str().unwrap_or("?");
                ctx.report(out, &RULE, f.field(), format!("{} uses hostPort {value}", c.label()));
            }
        }
    }
}
