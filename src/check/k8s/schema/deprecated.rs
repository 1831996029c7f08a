//! The lifecycle of built-in apiVersions: which release serves a kind,
//! which deprecates it, which removed it and what replaces it.
//!
//! Two sources, the data first:
//! - the embedded schemas say which supported releases (1.31–1.37) serve an
//!   apiVersion/kind ([`Catalog::served_in`]): served by the target release
//!   means served, whatever the table says; served by an earlier supported
//!   release and not the target means removed in the release after the last
//!   one serving it; served by the target but not by a later supported
//!   release means deprecated, with that removal;
//! - [`RETIREMENTS`], from the Kubernetes Deprecated API Migration Guide,
//!   covers removals before 1.31 (which the data cannot show) and
//!   deprecations announced without a removal (`v1 Endpoints`). A test keeps
//!   the table consistent with the data.
//!
//! A pre-release version (`v1beta1`, `v2alpha1`) served while a stable
//! version of the same group serves the kind is reported as deprecated in
//! favour of the stable one: the API server warns about those too, and the
//! pre-release is the one to go.

use super::data::Catalog;
use super::group_of;
use crate::check::k8s::version::KubeVersion;

/// One retired (or retiring) apiVersion/kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retirement {
    pub api_version: &'static str,
    pub kind: &'static str,
    /// The first release that deprecates it, when the guide says.
    pub deprecated_in: Option<u32>,
    /// The first release that no longer serves it; `None`: no removal
    /// planned.
    pub removed_in: Option<u32>,
    /// What to use instead: (apiVersion, kind).
    pub replacement: Option<(&'static str, &'static str)>,
    /// Said when there is no replacement.
    pub note: &'static str,
}

const fn removed(api_version: &'static str, kind: &'static str, removed_in: u32, replacement: &'static str) -> Retirement {
    Retirement { api_version, kind, deprecated_in: None, removed_in: Some(removed_in), replacement: Some((replacement, kind)), note: "" }
}

/// PodSecurityPolicy has no successor API.
const PSP_NOTE: &str = "enforce the Pod Security Standards with Pod Security Admission (namespace labels) instead";

/// The Deprecated API Migration Guide, one row per apiVersion and kind.
pub const RETIREMENTS: &[Retirement] = &[
    // 1.16: the workload APIs move to apps/v1, NetworkPolicy to networking.k8s.io/v1.
    removed("extensions/v1beta1", "Deployment", 16, "apps/v1"),
    removed("extensions/v1beta1", "DaemonSet", 16, "apps/v1"),
    removed("extensions/v1beta1", "ReplicaSet", 16, "apps/v1"),
    removed("extensions/v1beta1", "NetworkPolicy", 16, "networking.k8s.io/v1"),
    Retirement { replacement: None, note: PSP_NOTE, ..removed("extensions/v1beta1", "PodSecurityPolicy", 16, "") },
    removed("apps/v1beta1", "Deployment", 16, "apps/v1"),
    removed("apps/v1beta1", "StatefulSet", 16, "apps/v1"),
    removed("apps/v1beta1", "ControllerRevision", 16, "apps/v1"),
    removed("apps/v1beta2", "Deployment", 16, "apps/v1"),
    removed("apps/v1beta2", "DaemonSet", 16, "apps/v1"),
    removed("apps/v1beta2", "ReplicaSet", 16, "apps/v1"),
    removed("apps/v1beta2", "StatefulSet", 16, "apps/v1"),
    removed("apps/v1beta2", "ControllerRevision", 16, "apps/v1"),
    // 1.22: the v1beta1 APIs of admission, CRDs, aggregation, auth, certificates,
    // leases, Ingress, RBAC, priority classes and storage.
    removed("admissionregistration.k8s.io/v1beta1", "MutatingWebhookConfiguration", 22, "admissionregistration.k8s.io/v1"),
    removed("admissionregistration.k8s.io/v1beta1", "ValidatingWebhookConfiguration", 22, "admissionregistration.k8s.io/v1"),
    removed("apiextensions.k8s.io/v1beta1", "CustomResourceDefinition", 22, "apiextensions.k8s.io/v1"),
    removed("apiregistration.k8s.io/v1beta1", "APIService", 22, "apiregistration.k8s.io/v1"),
    removed("authentication.k8s.io/v1beta1", "TokenReview", 22, "authentication.k8s.io/v1"),
    removed("authorization.k8s.io/v1beta1", "SubjectAccessReview", 22, "authorization.k8s.io/v1"),
    removed("authorization.k8s.io/v1beta1", "LocalSubjectAccessReview", 22, "authorization.k8s.io/v1"),
    removed("authorization.k8s.io/v1beta1", "SelfSubjectAccessReview", 22, "authorization.k8s.io/v1"),
    removed("authorization.k8s.io/v1beta1", "SelfSubjectRulesReview", 22, "authorization.k8s.io/v1"),
    removed("certificates.k8s.io/v1beta1", "CertificateSigningRequest", 22, "certificates.k8s.io/v1"),
    removed("coordination.k8s.io/v1beta1", "Lease", 22, "coordination.k8s.io/v1"),
    removed("extensions/v1beta1", "Ingress", 22, "networking.k8s.io/v1"),
    removed("networking.k8s.io/v1beta1", "Ingress", 22, "networking.k8s.io/v1"),
    removed("networking.k8s.io/v1beta1", "IngressClass", 22, "networking.k8s.io/v1"),
    removed("rbac.authorization.k8s.io/v1beta1", "ClusterRole", 22, "rbac.authorization.k8s.io/v1"),
    removed("rbac.authorization.k8s.io/v1beta1", "ClusterRoleBinding", 22, "rbac.authorization.k8s.io/v1"),
    removed("rbac.authorization.k8s.io/v1beta1", "Role", 22, "rbac.authorization.k8s.io/v1"),
    removed("rbac.authorization.k8s.io/v1beta1", "RoleBinding", 22, "rbac.authorization.k8s.io/v1"),
    removed("scheduling.k8s.io/v1beta1", "PriorityClass", 22, "scheduling.k8s.io/v1"),
    removed("storage.k8s.io/v1beta1", "CSIDriver", 22, "storage.k8s.io/v1"),
    removed("storage.k8s.io/v1beta1", "CSINode", 22, "storage.k8s.io/v1"),
    removed("storage.k8s.io/v1beta1", "StorageClass", 22, "storage.k8s.io/v1"),
    removed("storage.k8s.io/v1beta1", "VolumeAttachment", 22, "storage.k8s.io/v1"),
    // 1.25: CronJob, EndpointSlice, Event, HPA v2beta1, PDB, RuntimeClass; PodSecurityPolicy ends.
    removed("batch/v1beta1", "CronJob", 25, "batch/v1"),
    removed("discovery.k8s.io/v1beta1", "EndpointSlice", 25, "discovery.k8s.io/v1"),
    removed("events.k8s.io/v1beta1", "Event", 25, "events.k8s.io/v1"),
    removed("autoscaling/v2beta1", "HorizontalPodAutoscaler", 25, "autoscaling/v2"),
    removed("policy/v1beta1", "PodDisruptionBudget", 25, "policy/v1"),
    removed("node.k8s.io/v1beta1", "RuntimeClass", 25, "node.k8s.io/v1"),
    Retirement {
        api_version: "policy/v1beta1",
        kind: "PodSecurityPolicy",
        deprecated_in: Some(21),
        removed_in: Some(25),
        replacement: None,
        note: PSP_NOTE,
    },
    // 1.26: flow control v1beta1, HPA v2beta2.
    removed("flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema", 26, "flowcontrol.apiserver.k8s.io/v1"),
    removed("flowcontrol.apiserver.k8s.io/v1beta1", "PriorityLevelConfiguration", 26, "flowcontrol.apiserver.k8s.io/v1"),
    removed("autoscaling/v2beta2", "HorizontalPodAutoscaler", 26, "autoscaling/v2"),
    // 1.27: CSIStorageCapacity v1beta1.
    removed("storage.k8s.io/v1beta1", "CSIStorageCapacity", 27, "storage.k8s.io/v1"),
    // 1.29: flow control v1beta2.
    removed("flowcontrol.apiserver.k8s.io/v1beta2", "FlowSchema", 29, "flowcontrol.apiserver.k8s.io/v1"),
    removed("flowcontrol.apiserver.k8s.io/v1beta2", "PriorityLevelConfiguration", 29, "flowcontrol.apiserver.k8s.io/v1"),
    // 1.32: flow control v1beta3 (deprecated since 1.29, when v1 went GA).
    Retirement {
        deprecated_in: Some(29),
        ..removed("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", 32, "flowcontrol.apiserver.k8s.io/v1")
    },
    Retirement {
        deprecated_in: Some(29),
        ..removed("flowcontrol.apiserver.k8s.io/v1beta3", "PriorityLevelConfiguration", 32, "flowcontrol.apiserver.k8s.io/v1")
    },
    // Deprecated, still served, no removal planned.
    Retirement {
        api_version: "v1",
        kind: "Endpoints",
        deprecated_in: Some(33),
        removed_in: None,
        replacement: Some(("discovery.k8s.io/v1", "EndpointSlice")),
        note: "",
    },
    Retirement {
        api_version: "v1",
        kind: "ComponentStatus",
        deprecated_in: Some(19),
        removed_in: None,
        replacement: None,
        note: "query the components' health endpoints instead",
    },
];

/// A served apiVersion/kind's deprecation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deprecation {
    pub deprecated_in: Option<u32>,
    pub removed_in: Option<u32>,
    /// `apps/v1` or `discovery.k8s.io/v1 EndpointSlice`.
    pub replacement: Option<String>,
    pub note: &'static str,
}

/// What the target release makes of an apiVersion/kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lifecycle {
    /// Served, perhaps deprecated.
    Served(Option<Deprecation>),
    /// Served once, not by the target.
    Removed { removed_in: u32, replacement: Option<String>, note: &'static str },
    /// Served only by releases after the target (the first one given).
    Later(u32),
    /// No supported release serves it and the guide does not know it.
    Unknown,
}

/// The lifecycle of `api_version` `kind` at `target`.
pub fn lifecycle(catalog: &Catalog, api_version: &str, kind: &str, target: KubeVersion) -> Lifecycle {
    let served = catalog.served_in(api_version, kind);
    let row = RETIREMENTS.iter().find(|r| r.api_version == api_version && r.kind == kind);
    if served.contains(&target.minor) {
        return Lifecycle::Served(deprecation(catalog, api_version, kind, target, &served, row));
    }
    if let Some(r) = row
        && let Some(removed_in) = r.removed_in.filter(|m| *m <= target.minor)
    {
        return Lifecycle::Removed { removed_in, replacement: replacement_text(r), note: r.note };
    }
    if let Some(last) = served.iter().copied().filter(|m| *m < target.minor).max() {
        let replacement = stable_sibling(catalog, api_version, kind, target.minor)
            .or_else(|| catalog.api_versions_serving(kind, target.minor).first().map(|a| a.to_string()));
        return Lifecycle::Removed { removed_in: last + 1, replacement, note: "" };
    }
    match served.iter().copied().find(|m| *m > target.minor) {
        Some(first) => Lifecycle::Later(first),
        None => Lifecycle::Unknown,
    }
}

fn deprecation(
    catalog: &Catalog,
    api_version: &str,
    kind: &str,
    target: KubeVersion,
    served: &[u32],
    row: Option<&Retirement>,
) -> Option<Deprecation> {
    let newest = catalog.minors().max().unwrap_or(target.minor);
    let data_removal = (target.minor + 1..=newest).find(|m| !served.contains(m));
    if let Some(r) = row.filter(|r| r.deprecated_in.is_some_and(|d| d <= target.minor)) {
        return Some(Deprecation {
            deprecated_in: r.deprecated_in,
            removed_in: data_removal.or(r.removed_in),
            replacement: replacement_text(r),
            note: r.note,
        });
    }
    let stable = stable_sibling(catalog, api_version, kind, target.minor);
    if data_removal.is_none() && stable.is_none() {
        return None;
    }
    Some(Deprecation { deprecated_in: None, removed_in: data_removal, replacement: stable, note: "" })
}

fn replacement_text(r: &Retirement) -> Option<String> {
    r.replacement.map(|(api, kind)| if kind == r.kind { api.to_string() } else { format!("{api} {kind}") })
}

/// For a pre-release `api_version`, a stable version of the same group
/// serving `kind` at `minor`.
fn stable_sibling(catalog: &Catalog, api_version: &str, kind: &str, minor: u32) -> Option<String> {
    if is_stable(version_of(api_version)) {
        return None;
    }
    let group = group_of(api_version);
    catalog
        .api_versions_serving(kind, minor)
        .into_iter()
        .find(|a| group_of(a) == group && is_stable(version_of(a)))
        .map(str::to_string)
}

fn version_of(api_version: &str) -> &str {
    api_version.rsplit('/').next().unwrap_or(api_version)
}

/// `v1`, `v2`: no alpha or beta suffix.
fn is_stable(version: &str) -> bool {
    version.strip_prefix('v').is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::k8s::schema::data::catalog;

    fn at(api: &str, kind: &str, minor: u32) -> Lifecycle {
        lifecycle(catalog().unwrap(), api, kind, KubeVersion::new(minor))
    }

    #[test]
    fn check_removed_apis_name_their_release_and_replacement() {
        assert_eq!(
            at("extensions/v1beta1", "NetworkPolicy", 37),
            Lifecycle::Removed { removed_in: 16, replacement: Some("networking.k8s.io/v1".into()), note: "" }
        );
        let Lifecycle::Removed { removed_in: 25, replacement: None, note } = at("policy/v1beta1", "PodSecurityPolicy", 31) else {
            panic!("PSP")
        };
        assert!(note.contains("Pod Security Admission"));
        assert_eq!(
            at("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", 32),
            Lifecycle::Removed { removed_in: 32, replacement: Some("flowcontrol.apiserver.k8s.io/v1".into()), note: "" }
        );
        // From the data alone: networking.k8s.io/v1beta1 IPAddress is served up to 1.36.
        assert_eq!(
            at("networking.k8s.io/v1beta1", "IPAddress", 37),
            Lifecycle::Removed { removed_in: 37, replacement: Some("networking.k8s.io/v1".into()), note: "" }
        );
    }

    #[test]
    fn check_deprecations_from_the_guide_the_data_and_stable_siblings() {
        let Lifecycle::Served(Some(d)) = at("flowcontrol.apiserver.k8s.io/v1beta3", "PriorityLevelConfiguration", 31) else {
            panic!("v1beta3 is served by 1.31")
        };
        assert_eq!((d.deprecated_in, d.removed_in), (Some(29), Some(32)));
        let Lifecycle::Served(Some(d)) = at("v1", "Endpoints", 37) else { panic!("Endpoints") };
        assert_eq!(d.replacement.as_deref(), Some("discovery.k8s.io/v1 EndpointSlice"));
        assert_eq!(at("v1", "Endpoints", 32), Lifecycle::Served(None), "deprecated from 1.33");
        let Lifecycle::Served(Some(d)) = at("resource.k8s.io/v1beta1", "ResourceClaim", 37) else { panic!("v1beta1") };
        assert_eq!((d.replacement.as_deref(), d.removed_in), (Some("resource.k8s.io/v1"), None));
        assert_eq!(at("apps/v1", "Deployment", 37), Lifecycle::Served(None));
        assert_eq!(at("autoscaling/v1", "HorizontalPodAutoscaler", 37), Lifecycle::Served(None), "two stable versions");
    }

    #[test]
    fn check_later_and_unknown_apis() {
        assert_eq!(at("resource.k8s.io/v1", "ResourceClaim", 31), Lifecycle::Later(34));
        assert_eq!(at("apps/v1beta9", "Deployment", 37), Lifecycle::Unknown);
    }

    #[test]
    fn check_the_guide_agrees_with_the_data() {
        let catalog = catalog().unwrap();
        let newest = catalog.minors().max().unwrap();
        for r in RETIREMENTS {
            let served = catalog.served_in(r.api_version, r.kind);
            for minor in catalog.minors() {
                let expect = r.removed_in.is_none_or(|gone| minor < gone);
                assert_eq!(served.contains(&minor), expect, "{} {} at 1.{minor}: {served:?}", r.api_version, r.kind);
            }
            if let Some((api, kind)) = r.replacement
                && r.removed_in.is_some_and(|gone| gone <= newest)
            {
                assert!(catalog.served_in(api, kind).contains(&newest), "{} {}: replacement {api} {kind}", r.api_version, r.kind);
            }
        }
    }
}
