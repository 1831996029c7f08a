//! CycloneDX JSON, 1.5 through the `cyclonedx-bom` crate, and 1.6.
//!
//! `cyclonedx-bom` 0.8 models CycloneDX up to 1.5. For 1.6 we take its 1.5
//! document and apply the 1.6 differences we use: the spec version and the
//! `line` of each evidence occurrence (added in 1.6). Everything else we
//! emit is unchanged between the two schemas; the tests validate both
//! outputs against the official schemas.

use cyclonedx_bom::external_models::date_time::DateTime;
use cyclonedx_bom::external_models::normalized_string::NormalizedString;
use cyclonedx_bom::external_models::uri::Purl as CdxPurl;
use cyclonedx_bom::models::bom::{Bom, UrnUuid};
use cyclonedx_bom::models::component::{
    Classification, Component as CdxComponent, ComponentEvidence, Components, Occurrence, Occurrences, Scope as CdxScope,
};
use cyclonedx_bom::models::dependency::{Dependencies, Dependency};
use cyclonedx_bom::models::hash::{Hash, HashAlgorithm, HashValue, Hashes};
use cyclonedx_bom::models::metadata::Metadata;
use cyclonedx_bom::models::property::{Properties, Property};
use cyclonedx_bom::models::tool::Tools;

use super::document::{Component, Document};
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

pub const ROOT_REF: &str = "project";

/// Renders `doc` as CycloneDX JSON of the given version.
pub fn to_json(doc: &Document, version: SpecVersion) -> Result<Vec<u8>, CycloneDxError> {
    let bom = build(doc)?;
    let mut out = Vec::with_capacity(doc.components.len() * 600 + 4096);
    bom.output_as_json_v1_5(&mut out)
        .map_err(|e| CycloneDxError::Write(e.to_string()))?;
    if version == SpecVersion::V1_6 {
        out = upgrade_to_1_6(&out, doc)?;
    }
    out.push(b'\n');
    Ok(out)
}

fn build(doc: &Document) -> Result<Bom, CycloneDxError> {
    let timestamp = DateTime::try_from(super::time::rfc3339(doc.created)).map_err(|e| CycloneDxError::Build(e.to_string()))?;
    let mut tool = CdxComponent::new(Classification::Application, "ci-sec", env!("CARGO_PKG_VERSION"), None);
    tool.description = Some(NormalizedString::new("Security toolkit for CI pipelines"));
    let mut root = CdxComponent::new(Classification::Application, &doc.name, "", Some(ROOT_REF.into()));
    root.version = None;
    let metadata = Metadata {
        timestamp: Some(timestamp),
        tools: Some(Tools::Object { services: None, components: Some(Components(vec![tool])) }),
        component: Some(root),
        properties: (!doc.incomplete.is_empty()).then(|| {
            Properties(doc.incomplete.iter().map(|m| Property::new("ci-sec:unreadable-input", m)).collect())
        }),
        ..Metadata::default()
    };

    let mut components = Vec::with_capacity(doc.applications.len() + doc.components.len());
    for app in &doc.applications {
        let mut c = CdxComponent::new(Classification::Application, &app.path, "", Some(app.bom_ref.clone()));
        c.version = None;
        c.properties = Some(Properties(vec![
            Property::new("ci-sec:lockfile-format", app.format.name()),
            Property::new("ci-sec:ecosystem", app.format.ecosystem().osv_name()),
        ]));
        c.evidence = Some(ComponentEvidence {
            licenses: None,
            copyright: None,
            occurrences: Some(Occurrences(vec![Occurrence::new(&app.path)])),
            callstack: None,
            identity: None,
        });
        components.push(c);
    }
    components.extend(doc.components.iter().map(component));

    let mut dependencies = Vec::with_capacity(1 + doc.applications.len() + doc.components.len());
    dependencies.push(Dependency {
        dependency_ref: ROOT_REF.into(),
        dependencies: doc.applications.iter().map(|a| a.bom_ref.clone()).collect(),
    });
    for app in &doc.applications {
        dependencies.push(Dependency {
            dependency_ref: app.bom_ref.clone(),
            dependencies: app.depends_on.iter().map(|&i| doc.components[i].bom_ref.clone()).collect(),
        });
    }
    for c in &doc.components {
        dependencies.push(Dependency {
            dependency_ref: c.bom_ref.clone(),
            dependencies: c.depends_on.iter().map(|&i| doc.components[i].bom_ref.clone()).collect(),
        });
    }

    let mut bom = Bom {
        serial_number: Some(UrnUuid(format!("urn:uuid:{}", doc.serial))),
        metadata: Some(metadata),
        components: Some(Components(components)),
        dependencies: Some(Dependencies(dependencies)),
        ..Bom::default()
    };
    bom.version = 1;
    Ok(bom)
}

/// Splits the group out of names that carry one (npm scope, Maven group,
/// Composer vendor), as CycloneDX consumers expect.
fn group_and_name(c: &Component) -> (Option<&str>, &str) {
    match c.ecosystem {
        Ecosystem::Npm => match c.name.split_once('/') {
            Some((scope, name)) if scope.starts_with('@') => (Some(scope), name),
            _ => (None, &c.name),
        },
        Ecosystem::Maven => match c.name.split_once(':') {
            Some((g, a)) => (Some(g), a),
            None => (None, &c.name),
        },
        Ecosystem::Packagist => match c.name.split_once('/') {
            Some((v, n)) => (Some(v), n),
            None => (None, &c.name),
        },
        _ => (None, &c.name),
    }
}

fn component(c: &Component) -> CdxComponent {
    let (group, name) = group_and_name(c);
    let version = c.version.pinned().unwrap_or("");
    let mut out = CdxComponent::new(Classification::Library, name, version, Some(c.bom_ref.clone()));
    if c.version.pinned().is_none() {
        out.version = None;
    }
    out.group = group.map(NormalizedString::new);
    out.purl = c.purl.parse::<CdxPurl>().ok();
    out.scope = Some(match (c.scope, c.optional) {
        (Scope::Runtime, false) => CdxScope::Required,
        (Scope::Runtime, true) => CdxScope::Optional,
        // CycloneDX: "excluded" documents non-runtime (test, build) use.
        (Scope::Dev | Scope::Build, _) => CdxScope::Excluded,
    });
    let hashes: Vec<Hash> = c
        .hashes
        .iter()
        .filter_map(|h| hashes::parse(h))
        .map(|(alg, hex)| Hash {
            alg: HashAlgorithm::new_unchecked(alg.cyclonedx()),
            content: HashValue(hex),
        })
        .collect();
    if !hashes.is_empty() {
        out.hashes = Some(Hashes(hashes));
    }
    let mut props = vec![Property::new("ci-sec:ecosystem", c.ecosystem.osv_name())];
    if c.scope != Scope::Runtime {
        props.push(Property::new("ci-sec:scope", c.scope.as_str()));
    }
    match &c.version {
        Version::Pinned(_) => {}
        Version::Unpinned(constraint) => props.push(Property::new("ci-sec:unpinned", constraint)),
        Version::Unresolved(why) => props.push(Property::new("ci-sec:unresolved-version", why)),
    }
    for (file, line) in &c.occurrences {
        props.push(Property::new("ci-sec:location", &format!("{file}:{line}")));
    }
    for (k, v) in &c.properties {
        props.push(Property::new(format!("ci-sec:{k}"), v));
    }
    out.properties = Some(Properties(props));
    out.evidence = Some(ComponentEvidence {
        licenses: None,
        copyright: None,
        occurrences: Some(Occurrences(c.occurrences.iter().map(|(file, _)| Occurrence::new(file)).collect())),
        callstack: None,
        identity: None,
    });
    out
}

/// 1.5 → 1.6: bump the version and give every occurrence its line.
fn upgrade_to_1_6(json_1_5: &[u8], doc: &Document) -> Result<Vec<u8>, CycloneDxError> {
    let mut v: serde_json::Value = serde_json::from_slice(json_1_5).map_err(|e| CycloneDxError::Write(e.to_string()))?;
    v["specVersion"] = "1.6".into();
    if let Some(obj) = v.as_object_mut() {
        obj.insert("$schema".into(), "http://cyclonedx.org/schema/bom-1.6.schema.json".into());
    }
    let offset = doc.applications.len();
    if let Some(components) = v.get_mut("components").and_then(|c| c.as_array_mut()) {
        for (i, c) in doc.components.iter().enumerate() {
            let Some(occurrences) = components
                .get_mut(offset + i)
                .and_then(|cc| cc.pointer_mut("/evidence/occurrences"))
                .and_then(|o| o.as_array_mut())
            else {
                continue;
            };
            for (occ, (_, line)) in occurrences.iter_mut().zip(&c.occurrences) {
                if *line > 0 {
                    occ["line"] = (*line).into();
                }
            }
        }
    }
    serde_json::to_vec_pretty(&v).map_err(|e| CycloneDxError::Write(e.to_string()))
}
