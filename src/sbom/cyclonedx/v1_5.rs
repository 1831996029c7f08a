//! CycloneDX 1.5 JSON through the `cyclonedx-bom` crate (which models the
//! specification up to 1.5).

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

use super::{component_hashes, component_properties, group_and_name, scope, CycloneDxError, ROOT_REF};
use crate::sbom::document::{Component, Document};

/// Renders `doc` as CycloneDX 1.5 JSON through `cyclonedx-bom`.
pub fn to_json(doc: &Document) -> Result<Vec<u8>, CycloneDxError> {
    let bom = build(doc)?;
    let mut out = Vec::with_capacity(doc.components.len() * 600 + 4096);
    bom.output_as_json_v1_5(&mut out)
        .map_err(|e| CycloneDxError::Write(e.to_string()))?;
    out.push(b'\n');
    Ok(out)
}

fn build(doc: &Document) -> Result<Bom, CycloneDxError> {
    let timestamp = DateTime::try_from(crate::sbom::time::rfc3339(doc.created)).map_err(|e| CycloneDxError::Build(e.to_string()))?;
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
        c.properties = Some(Properties(
            super::application_properties(app).into_iter().map(|(k, v)| Property::new(k, v)).collect(),
        ));
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

fn component(c: &Component) -> CdxComponent {
    let (group, name) = group_and_name(c);
    let version = c.version.pinned().unwrap_or("");
    let mut out = CdxComponent::new(Classification::Library, name, version, Some(c.bom_ref.clone()));
    if c.version.pinned().is_none() {
        out.version = None;
    }
    out.group = group.map(NormalizedString::new);
    out.purl = c.purl.parse::<CdxPurl>().ok();
    out.scope = Some(CdxScope::new_unchecked(scope(c)));
    let hashes: Vec<Hash> = component_hashes(c)
        .map(|(alg, hex)| Hash { alg: HashAlgorithm::new_unchecked(alg), content: HashValue(hex) })
        .collect();
    if !hashes.is_empty() {
        out.hashes = Some(Hashes(hashes));
    }
    out.properties = Some(Properties(
        component_properties(c).into_iter().map(|(k, v)| Property::new(k, &v)).collect(),
    ));
    out.evidence = Some(ComponentEvidence {
        licenses: None,
        copyright: None,
        occurrences: Some(Occurrences(c.occurrences.iter().map(|(file, _)| Occurrence::new(file)).collect())),
        callstack: None,
        identity: None,
    });
    out
}
