//! CycloneDX 1.6 JSON, serialised straight from the [`Document`] with
//! borrowed strings. 1.6 adds the `line` of each evidence occurrence, which
//! is where ci-sec puts the lockfile line of every package.
//!
//! [`to_json_with`] appends a `vulnerabilities` section (the SBOM with VEX
//! data that `ci-sec scan` writes); with none, the output is exactly
//! [`to_json`]'s, byte for byte.

use std::io::Write;

use serde::Serialize;

use super::vulnerability::Vulnerability;
use super::{application_properties, component_hashes, component_properties, group_and_name, scope, CycloneDxError, ROOT_REF};
use crate::sbom::document::{Component, Document};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Bom<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    bom_format: &'static str,
    spec_version: &'static str,
    serial_number: String,
    version: u32,
    metadata: Metadata<'a>,
    components: Vec<Comp<'a>>,
    dependencies: Vec<Dependency<'a>>,
    #[serde(skip_serializing_if = "<[Vulnerability]>::is_empty")]
    vulnerabilities: &'a [Vulnerability],
}

#[derive(Serialize)]
struct Metadata<'a> {
    timestamp: String,
    tools: Tools,
    component: Comp<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    properties: Vec<Property>,
}

#[derive(Serialize)]
struct Tools {
    components: [Tool; 1],
}

#[derive(Serialize)]
struct Tool {
    #[serde(rename = "type")]
    ty: &'static str,
    name: &'static str,
    version: &'static str,
    description: &'static str,
}

#[derive(Serialize)]
struct Comp<'a> {
    #[serde(rename = "type")]
    ty: &'static str,
    #[serde(rename = "bom-ref")]
    bom_ref: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<&'a str>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scope: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    hashes: Vec<Hash>,
    #[serde(skip_serializing_if = "Option::is_none")]
    purl: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    properties: Vec<Property>,
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<Evidence<'a>>,
}

#[derive(Serialize)]
struct Hash {
    alg: &'static str,
    content: String,
}

#[derive(Serialize)]
struct Property {
    name: String,
    value: String,
}

#[derive(Serialize)]
struct Evidence<'a> {
    occurrences: Vec<Occurrence<'a>>,
}

#[derive(Serialize)]
struct Occurrence<'a> {
    location: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u32>,
}

#[derive(Serialize)]
struct Dependency<'a> {
    #[serde(rename = "ref")]
    dependency_ref: &'a str,
    /// Omitted when empty, as `cyclonedx-bom` does: `{"ref": x}` alone
    /// declares a component with no dependencies.
    #[serde(rename = "dependsOn", skip_serializing_if = "Vec::is_empty")]
    depends_on: Vec<&'a str>,
}

fn property(name: impl Into<String>, value: impl Into<String>) -> Property {
    Property { name: name.into(), value: value.into() }
}

pub fn to_json(doc: &Document) -> Result<Vec<u8>, CycloneDxError> {
    to_json_with(doc, &[])
}

/// The SBOM plus a `vulnerabilities` section; each vulnerability's
/// `affects` should name components of `doc` by their `bom-ref`.
pub fn to_json_with(doc: &Document, vulnerabilities: &[Vulnerability]) -> Result<Vec<u8>, CycloneDxError> {
    let metadata = Metadata {
        timestamp: crate::sbom::time::rfc3339(doc.created),
        tools: Tools {
            components: [Tool {
                ty: "application",
                name: "ci-sec",
                version: env!("CARGO_PKG_VERSION"),
                description: "Security toolkit for CI pipelines",
            }],
        },
        component: Comp {
            ty: "application",
            bom_ref: ROOT_REF,
            group: None,
            name: &doc.name,
            version: None,
            scope: None,
            hashes: Vec::new(),
            purl: None,
            properties: Vec::new(),
            evidence: None,
        },
        properties: doc.incomplete.iter().map(|m| property("ci-sec:unreadable-input", m.as_str())).collect(),
    };

    let mut components = Vec::with_capacity(doc.applications.len() + doc.components.len());
    for app in &doc.applications {
        components.push(Comp {
            ty: "application",
            bom_ref: &app.bom_ref,
            group: None,
            name: &app.path,
            version: None,
            scope: None,
            hashes: Vec::new(),
            purl: None,
            properties: application_properties(app).into_iter().map(|(k, v)| property(k, v)).collect(),
            evidence: Some(Evidence { occurrences: vec![Occurrence { location: &app.path, line: None }] }),
        });
    }
    components.extend(doc.components.iter().map(component));

    let mut dependencies = Vec::with_capacity(1 + doc.applications.len() + doc.components.len());
    dependencies.push(Dependency {
        dependency_ref: ROOT_REF,
        depends_on: doc.applications.iter().map(|a| a.bom_ref.as_str()).collect(),
    });
    for app in &doc.applications {
        dependencies.push(Dependency {
            dependency_ref: &app.bom_ref,
            depends_on: app.depends_on.iter().map(|&i| doc.components[i].bom_ref.as_str()).collect(),
        });
    }
    for c in &doc.components {
        dependencies.push(Dependency {
            dependency_ref: &c.bom_ref,
            depends_on: c.depends_on.iter().map(|&i| doc.components[i].bom_ref.as_str()).collect(),
        });
    }

    let bom = Bom {
        schema: "http://cyclonedx.org/schema/bom-1.6.schema.json",
        bom_format: "CycloneDX",
        spec_version: "1.6",
        serial_number: format!("urn:uuid:{}", doc.serial),
        version: 1,
        metadata,
        components,
        dependencies,
        vulnerabilities,
    };
    let mut out = Vec::with_capacity((doc.components.len() + vulnerabilities.len()) * 700 + 4096);
    serde_json::to_writer_pretty(&mut out, &bom).map_err(|e| CycloneDxError::Write(e.to_string()))?;
    out.write_all(b"\n").map_err(|e| CycloneDxError::Write(e.to_string()))?;
    Ok(out)
}

fn component(c: &Component) -> Comp<'_> {
    let (group, name) = group_and_name(c);
    Comp {
        ty: "library",
        bom_ref: &c.bom_ref,
        group,
        name,
        version: c.version.pinned(),
        scope: Some(scope(c)),
        hashes: component_hashes(c).map(|(alg, content)| Hash { alg, content }).collect(),
        purl: Some(&c.purl),
        properties: component_properties(c).into_iter().map(|(k, v)| property(k, v)).collect(),
        evidence: Some(Evidence {
            occurrences: c
                .occurrences
                .iter()
                .map(|(file, line)| Occurrence { location: file, line: (*line > 0).then_some(*line) })
                .collect(),
        }),
    }
}
