//! Baseline `appArmorProfile`: the AppArmor profile must be the runtime
//! default or a node-local one.
//!
//! - `securityContext.appArmorProfile.type` on the pod and every container:
//!   unset, `RuntimeDefault` or `Localhost` (an `appArmorProfile` without a
//!   type is refused too);
//! - annotations `container.apparmor.security.beta.kubernetes.io/*` on the
//!   pod's metadata: empty, `runtime/default` or `localhost/<profile>`
//!   (the annotation is deprecated but the admission still reads it).

use super::{Block, Level, PodCtx, Rule};
use crate::model::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "pss-baseline/appArmorProfile",
    level: Level::Baseline,
    severity: Severity::High,
    title: "AppArmor profile overridden",
    rationale: "An Unconfined AppArmor profile removes the mandatory access control the runtime default applies.",
    remediation: "Set `appArmorProfile.type` to RuntimeDefault or Localhost (or leave it unset); use `runtime/default` or `localhost/<profile>` in AppArmor annotations.",
    since: 0,
    overrides: None,
};

const ANNOTATION_PREFIX: &str = "container.apparmor.security.beta.kubernetes.io/";

fn check_profile(ctx: &PodCtx, out: &mut Vec<Finding>, sc: Block, who: &str) {
    let profile = sc.child("appArmorProfile");
    if profile.node.is_none() {
        return;
    }
    let ty = profile.child("type");
    match ty.str() {
        Some("RuntimeDefault" | "Localhost") => {}
        Some(other) => ctx.report(out, &RULE, ty.field(), format!("{who} sets appArmorProfile.type: {other}")),
        None => ctx.report(out, &RULE, profile.field(), format!("{who} sets an appArmorProfile without a type")),
    }
}

pub fn check(ctx: &PodCtx, out: &mut Vec<Finding>) {
    check_profile(ctx, out, ctx.security_context(), "pod");
    for c in &ctx.containers {
        check_profile(ctx, out, c.security_context(), &c.label());
    }
    let annotations = ctx.metadata.child("annotations");
    for (k, v) in annotations.node.and_then(|n| n.as_mapping()).unwrap_or(&[]) {
        let Some(key) = k.as_str() else { continue };
        if !key.starts_with(ANNOTATION_PREFIX) {
            continue;
        }
        let value = v.as_str().unwrap_or("");
        if !value.is_empty() && value != "runtime/default" && !value.starts_with("localhost/") {
            let field = crate::check::k8s::object::FieldRef::node(format!("{}[{key}]", annotations.path), k);
            ctx.report(out, &RULE, field, format!("annotation {key} is {value:?}"));
        }
    }
}
