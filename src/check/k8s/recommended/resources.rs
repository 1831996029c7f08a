//! Resources: CPU and memory requests and limits on every container and
//! init container (ephemeral containers cannot declare resources).
//!
//! Kubernetes copies a limit into a missing request, so a resource with a
//! limit has a request: `resources-requests` reports only resources with
//! neither. One finding per container and rule, naming what is missing, at
//! `resources.requests:`/`resources.limits:`, else `resources:`, else the
//! container.

use super::{report, Rule, ScanSet, BASE};
use crate::model::{Finding, Severity};

pub const RESOURCES_REQUESTS: Rule = Rule {
    id: "recommended/resources-requests",
    severity: Severity::Low,
    title: "CPU or memory request missing",
    rationale: "Without requests the scheduler cannot place the pod by its needs and it is the first evicted under node pressure (BestEffort).",
    remediation: "Set `resources.requests.cpu` and `resources.requests.memory` on every container.",
    ..BASE
};

pub const RESOURCES_LIMITS: Rule = Rule {
    id: "recommended/resources-limits",
    severity: Severity::Medium,
    title: "CPU or memory limit missing",
    rationale: "A container without limits can take a node's whole CPU or memory, starving its neighbours (denial of service).",
    remediation: "Set `resources.limits.cpu` and `resources.limits.memory` on every container.",
    ..BASE
};

pub const RULES: &[&Rule] = &[&RESOURCES_REQUESTS, &RESOURCES_LIMITS];

const KINDS: [&str; 2] = ["cpu", "memory"];

pub fn check(set: &ScanSet<'_>, out: &mut Vec<Finding>) {
    for ctx in &set.pods {
        let obj = ctx.pod.obj;
        for c in ctx.containers.iter().filter(|c| c.list != "ephemeralContainers") {
            let resources = c.block.child("resources");
            let requests = resources.child("requests");
            let limits = resources.child("limits");
            let no_limit: Vec<&str> = KINDS.into_iter().filter(|k| limits.child(k).node.is_none()).collect();
            let no_request: Vec<&str> =
                KINDS.into_iter().filter(|k| requests.child(k).node.is_none() && limits.child(k).node.is_none()).collect();
            if !no_request.is_empty() {
                let msg = format!("{} has no {} request", c.label(), no_request.join(" or "));
                report(out, obj, &RESOURCES_REQUESTS, requests.field(), msg);
            }
            if !no_limit.is_empty() {
                let msg = format!("{} has no {} limit", c.label(), no_limit.join(" or "));
                report(out, obj, &RESOURCES_LIMITS, limits.field(), msg);
            }
        }
    }
}
