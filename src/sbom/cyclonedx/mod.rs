//! CycloneDX JSON: 1.5 through the `cyclonedx-bom` crate ([`v1_5`]), and
//! 1.6, the default, written directly with serde ([`v1_6`]).
//!
//! Why two writers: `cyclonedx-bom` 0.8 models CycloneDX only up to 1.5,
//! and going through its owned model costs ~4× the time and memory of
//! streaming borrowed data (docs/benchmarks.md). Both writers take their
//! content from the helpers below, so they cannot drift apart in what they
//! say; the tests validate both against the official schemas.
//!
//! [`vulnerability`] models the 1.6 `vulnerabilities` section, which
//! [`v1_6::to_json_with`] appends for `ci-sec scan` (filled from findings
//! by `report::cyclonedx_vex`).

pub mod v1_5;
pub mod v1_6;
pub mod vulnerability;

use super::document::{Application, Component, Document};
use super::hashes;
use crate::model::{Ecosystem, Scope, Version};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecVersion {
    V1_5,
    V1_6,
}

#[derive(Debug, thiserror::Error)]
pub enum CycloneDxError {
    #[error("cannot build the CycloneDX document: {0}")]
    Build(String),
    #[error("cannot write CycloneDX JSON: {0}")]
    Write(String),
}

/// `bom-ref` of the scanned project (`metadata.component`).
pub const ROOT_REF: &str = "project";

pub fn to_json(doc: &Document, version: SpecVersion) -> Result<Vec<u8>, CycloneDxError> {
    match version {
        SpecVersion::V1_5 => v1_5::to_json(doc),
        SpecVersion::V1_6 => v1_6::to_json(doc),
    }
}

/// Splits the group out of names that carry one (npm scope, Maven group,
/// Composer vendor), as CycloneDX consumers expect.
fn group_and_name(c: &Component) -> (Option<&str>, &str) {
    let split = |sep: char| match c.name.split_once(sep) {
        Some((g, n)) => (Some(g), n),
        None => (None, c.name.as_str()),
    };
    match c.ecosystem {
        Ecosystem::Npm if c.name.starts_with('@') => split('/'),
        Ecosystem::Maven => split(':'),
        Ecosystem::Packagist => split('/'),
        _ => (None, &c.name),
    }
}

/// CycloneDX scope: "excluded" is the spec's word for non-runtime (test,
/// build) use.
fn scope(c: &Component) -> &'static str {
    match (c.scope, c.optional) {
        (Scope::Runtime, false) => "required",
        (Scope::Runtime, true) => "optional",
        (Scope::Dev | Scope::Build, _) => "excluded",
    }
}

/// `(algorithm, hex)` of every digest CycloneDX can carry.
fn component_hashes(c: &Component) -> impl Iterator<Item = (&'static str, String)> + '_ {
    c.hashes.iter().filter_map(|h| hashes::parse(h)).map(|(alg, hex)| (alg.cyclonedx(), hex))
}

fn component_properties(c: &Component) -> Vec<(String, String)> {
    let mut props = vec![("ci-sec:ecosystem".to_string(), c.ecosystem.osv_name().to_string())];
    if c.scope != Scope::Runtime {
        props.push(("ci-sec:scope".into(), c.scope.as_str().into()));
    }
    match &c.version {
        Version::Pinned(_) => {}
        Version::Unpinned(constraint) => props.push(("ci-sec:unpinned".into(), constraint.clone())),
        Version::Unresolved(why) => props.push(("ci-sec:unresolved-version".into(), why.clone())),
    }
    for (file, line) in &c.occurrences {
        props.push(("ci-sec:location".into(), format!("{file}:{line}")));
    }
    for (k, v) in &c.properties {
        props.push((format!("ci-sec:{k}"), v.clone()));
    }
    props
}

fn application_properties(app: &Application) -> [(&'static str, &'static str); 2] {
    [
        ("ci-sec:lockfile-format", app.format.name()),
        ("ci-sec:ecosystem", app.format.ecosystem().osv_name()),
    ]
}
