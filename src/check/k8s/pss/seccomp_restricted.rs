//! Restricted `seccompProfile_restricted`: `seccompProfile.type` must be
//! `RuntimeDefault` or `Localhost` on the pod, or else on every container;
//! a container may not override a valid pod profile with another type.
//! Pods with `spec.os.name: windows` are exempt.

use super::{Level, PodCtx, Rule};
use crate::model::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "pss-restricted/seccompProfile",
    level: Level::Restricted,
    severity: Severity::Medium,
    title: "Seccomp profile not set",
    rationale: "Restricted requires an explicit seccomp profile so that containers never run without system-call filtering.",
    remediation: "Set `securityContext.seccompProfile.type: RuntimeDefault` (or Localhost) on the pod.",
    since: 0,
    overrides: Some(super::seccomp_baseline::RULE.id),
};

fn valid(t: Option<&str>) -> bool {
    matches!(t, Some("RuntimeDefault" | "Localhost"))
}

pub fn check(ctx: &PodCtx, out: &mut Vec<Finding>) {
    if ctx.is_windows() {
        return;
    }
    let pod = ctx.security_context().child("seccompProfile");
    let mut pod_ok = false;
    if pod.node.is_some() {
        let ty = pod.child("type");
        if valid(ty.str()) {
            pod_ok = true;
        } else {
            let t = ty.str().unwrap_or("");
            ctx.report(out, &RULE, ty.field(), format!("pod sets seccompProfile.type: {t:?}"));
        }
    }
    for c in &ctx.containers {
        let profile = c.security_context().child("seccompProfile");
        if profile.node.is_some() {
            let ty = profile.child("type");
            if !valid(ty.str()) {
                let t = ty.str().unwrap_or("");
                ctx.report(out, &RULE, ty.field(), format!("{} sets seccompProfile.type: {t:?}", c.label()));
            }
        } else if !pod_ok {
            ctx.report(
                out,
                &RULE,
                profile.field(),
                format!("{} has no seccompProfile, and neither does the pod", c.label()),
            );
        }
    }
}
