//! Restricted `restrictedVolumes`: volumes may only be configMap, csi,
//! downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected or
//! secret. Like the admission, the known non-allowed volume sources are
//! looked for; a volume with no source is defaulted to emptyDir by the API
//! server and passes.

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
};

/// Volume sources restricted allows.
pub const ALLOWED: &[&str] =
    &["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

/// Volume sources restricted refuses.
pub const FORBIDDEN: &[&str] = &[
    "hostPath", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi", "glusterfs", "rbd",
    "flexVolume", "cinder", "cephfs", "flocker", "fc", "azureFile", "vsphereVolume", "quobyte", "azureDisk",
    "photonPersistentDisk", "portworxVolume", "scaleIO", "storageos", "image",
];

pub fn check(ctx: &PodCtx, out: &mut Vec<Finding>) {
    for v in ctx.spec.child("volumes").items() {
        let name = v.child("name").str().unwrap_or("?").to_string();
        for source in FORBIDDEN {
            let f = v.child(source);
            if f.node.is_some() {
                ctx.report(out, &RULE, f.field(), format!("volume {name:?} uses the {source} volume type"));
            }
        }
    }
}
