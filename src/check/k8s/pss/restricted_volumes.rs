//! Restricted `restrictedVolumes`: volumes may only be configMap, csi,
//! downwardAPI, emptyDir, ephemeral, image (Kubernetes 1.33+),
//! persistentVolumeClaim, projected or secret. Like the admission, the known
//! non-allowed volume sources are looked for; a volume with no source is
//! defaulted to emptyDir by the API server and passes. Overrides the
//! baseline hostPathVolumes control (a hostPath volume is reported once).
//!
//! The admission allowed `image` volumes from 1.33 on, at every policy
//! version (the change was made in place, not as a new policy version), so
//! the target version here is the cluster's.

use super::{Level, PodCtx, Rule};
use crate::model::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "pss-restricted/restrictedVolumes",
    level: Level::Restricted,
    severity: Severity::Medium,
    title: "Volume type not allowed",
    rationale: "Only volume types that cannot reach the node's storage or network filesystems are allowed under restricted.",
    remediation: "Use configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected or secret volumes.",
    since: 0,
    overrides: Some(super::host_path_volumes::RULE.id),
};

/// Volume sources restricted allows.
pub const ALLOWED: &[&str] = &[
    "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image", "persistentVolumeClaim", "projected", "secret",
];

/// Volume sources restricted refuses.
pub const FORBIDDEN: &[&str] = &[
    "hostPath", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi", "glusterfs", "rbd",
    "flexVolume", "cinder", "cephfs", "flocker", "fc", "azureFile", "vsphereVolume", "quobyte", "azureDisk",
    "photonPersistentDisk", "portworxVolume", "scaleIO", "storageos",
];

/// Sources refused before a version and allowed from it on.
pub const ALLOWED_SINCE: &[(&str, u32)] = &[("image", 33)];

pub fn check(ctx: &PodCtx, out: &mut Vec<Finding>) {
    for v in ctx.spec.child("volumes").items() {
        let name = v.child("name").str().unwrap_or("?").to_string();
        let late = ALLOWED_SINCE.iter().filter(|(_, since)| !ctx.opts.version.at_least(*since)).map(|(s, _)| s);
        for source in FORBIDDEN.iter().chain(late) {
            let f = v.child(source);
            if f.node.is_some() {
                ctx.report(out, &RULE, f.field(), format!("volume {name:?} uses the {source} volume type"));
            }
        }
    }
}
