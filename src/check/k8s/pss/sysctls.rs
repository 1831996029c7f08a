//! Baseline `sysctls`: `securityContext.sysctls[*].name` must be in the
//! safe set of the target version.

use super::{Level, PodCtx, Rule};
use crate::check::k8s::version::KubeVersion;
use crate::model::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "pss-baseline/sysctls",
    level: Level::Baseline,
    severity: Severity::Medium,
    title: "Unsafe sysctl",
    rationale: "Sysctls outside the safe, namespaced set can disable security mechanisms or affect every pod on the node.",
    remediation: "Set only safe sysctls (see `docs/k8s.md` for the list per Kubernetes version).",
    since: 0,
    overrides: None,
};

/// Safe sysctls and the minor whose admission first allowed each.
pub const SAFE: &[(&str, u32)] = &[
    ("kernel.shm_rmid_forced", 0),
    ("net.ipv4.ip_local_port_range", 0),
    ("net.ipv4.ip_unprivileged_port_start", 0),
    ("net.ipv4.tcp_syncookies", 0),
    ("net.ipv4.ping_group_range", 0),
    ("net.ipv4.ip_local_reserved_ports", 27),
    ("net.ipv4.tcp_keepalive_time", 29),
    ("net.ipv4.tcp_fin_timeout", 29),
    ("net.ipv4.tcp_keepalive_intvl", 29),
    ("net.ipv4.tcp_keepalive_probes", 29),
    ("net.ipv4.tcp_rmem", 32),
    ("net.ipv4.tcp_wmem", 32),
    ("net.ipv4.tcp_slow_start_after_idle", 37),
    ("net.ipv4.tcp_notsent_lowat", 37),
];

pub fn is_safe(name: &str, version: KubeVersion) -> bool {
    SAFE.iter().any(|(n, since)| *n == name && version.at_least(*since))
}

pub fn check(ctx: &PodCtx, out: &mut Vec<Finding>) {
    for s in ctx.security_context().child("sysctls").items() {
        let f = s.child("name");
        let name = f.str().unwrap_or("");
        if !is_safe(name, ctx.opts.version) {
            ctx.report(out, &RULE, f.field(), format!("pod sets sysctl {name:?}, which is not in the safe set"));
        }
    }
}
