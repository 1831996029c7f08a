//! Baseline `hostProbesAndHostLifecycle` (Kubernetes 1.34+): the `host` of
//! `httpGet` and `tcpSocket` handlers in probes (liveness, readiness,
//! startup) and lifecycle hooks (postStart, preStop) must be unset or
//! empty.

use super::{Level, PodCtx, Rule};
use crate::model::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "pss-baseline/hostProbesAndHostLifecycle",
    level: Level::Baseline,
    severity: Severity::Medium,
    title: "Probe or lifecycle hook targets another host",
    rationale: "A `host` in a probe or lifecycle handler makes the kubelet connect to an arbitrary address from the node (server-side request forgery).",
    remediation: "Remove `host` from httpGet/tcpSocket probes and lifecycle handlers; they then target the pod's own IP.",
    since: 34,
    overrides: None,
};

const HANDLERS: &[&str] = &["livenessProbe", "readinessProbe", "startupProbe", "lifecycle.postStart", "lifecycle.preStop"];

pub fn check(ctx: &PodCtx, out: &mut Vec<Finding>) {
    for c in &ctx.containers {
        for handler in HANDLERS {
            for action in ["httpGet", "tcpSocket"] {
                let f = c.block.at_path(handler).child(action).child("host");
                if f.str().is_some_and(|h| !h.is_empty()) {
                    let host = f.str().unwrap_or("");
                    ctx.report(out, &RULE, f.field(), format!("{} {handler}.{action} targets host {host:?}", c.label()));
                }
            }
        }
    }
}
