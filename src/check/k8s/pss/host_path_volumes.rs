//! Baseline `hostPathVolumes`: no `hostPath` volumes.

use super::{Level, PodCtx, Rule};
use crate::model::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "pss-baseline/hostPathVolumes",
    level: Level::Baseline,
    severity: Severity::High,
    title: "hostPath volume",
    rationale: "A hostPath volume exposes the node's filesystem to the pod, a common path to node compromise.",
    remediation: "Use a persistentVolumeClaim, configMap, secret or emptyDir volume instead of hostPath.",
    since: 0,
    overrides: None,
};

pub fn check(ctx: &PodCtx, out: &mut Vec<Finding>) {
    for v in ctx.spec.child("volumes").items() {
        let f = v.child("hostPath");
        if f.node.is_some() {
            let name = v.child("name").str().unwrap_or("?");
            ctx.report(out, &RULE, f.field(), format!("volume {name:?} is a hostPath volume"));
        }
    }
}
