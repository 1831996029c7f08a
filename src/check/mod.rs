//! The check stage: rules over manifests and configuration that are not
//! package inventories.
//!
//! | module | job |
//! |---|---|
//! | [`k8s`] | Kubernetes manifests: loading with positions, pod-spec extraction, Pod Security Standards |
//!
//! Checks produce [`crate::model::Finding`]s of kind `Misconfiguration`
//! (and `InputError` for files that cannot be read), so every reporter in
//! [`crate::report`] renders them unchanged.

pub mod k8s;
