//! The OSV record format (https://ossf.github.io/osv-schema/), read from
//! JSON or YAML.
//!
//! Only what matching, explaining and reporting need is typed; the rest
//! (`database_specific`, `ecosystem_specific`) is kept as raw JSON. YAML
//! records (PyPA keeps its advisories in YAML) are read with the
//! position-keeping YAML reader and every scalar kept as text, so a version
//! written `0.10` stays `0.10` and never becomes the number 0.1.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::syntax::yaml::{self, Node, NodeKind};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Set when the record was withdrawn: it must be ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub severity: Vec<SeverityEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub affected: Vec<Affected>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Reference>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database_specific: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeverityEntry {
    /// `CVSS_V2`, `CVSS_V3`, `CVSS_V4`, `Ubuntu`, …
    #[serde(rename = "type")]
    pub kind: String,
    pub score: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Affected {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<AffectedPackage>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub severity: Vec<SeverityEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ranges: Vec<Range>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ecosystem_specific: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database_specific: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AffectedPackage {
    pub ecosystem: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purl: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Range {
    /// `SEMVER`, `ECOSYSTEM` or `GIT`.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repo: Option<String>,
    #[serde(default)]
    pub events: Vec<Event>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database_specific: Option<Value>,
}

/// One event; exactly one field is set in a valid record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Event {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub introduced: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_affected: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    #[serde(rename = "type", default)]
    pub kind: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OsvError {
    #[error("line {line}: {message}")]
    Syntax { line: u32, message: String },
    #[error("not an OSV record: {0}")]
    Shape(String),
}

impl Record {
    /// Parses one OSV record from JSON text.
    pub fn from_json(text: &[u8]) -> Result<Record, OsvError> {
        serde_json::from_slice::<Record>(text).map_err(|e| {
            if e.is_syntax() || e.is_eof() {
                OsvError::Syntax { line: e.line() as u32, message: e.to_string() }
            } else {
                OsvError::Shape(e.to_string())
            }
        })
    }

    /// Parses one OSV record from YAML text (the first document).
    pub fn from_yaml(text: &str) -> Result<Record, OsvError> {
        let docs = yaml::parse_documents(text).map_err(|e| OsvError::Syntax { line: e.line, message: e.message })?;
        let doc = docs.first().ok_or_else(|| OsvError::Shape("empty YAML document".into()))?;
        serde_json::from_value(yaml_to_json(doc)).map_err(|e| OsvError::Shape(e.to_string()))
    }

    pub fn is_withdrawn(&self) -> bool {
        self.withdrawn.is_some()
    }

    /// The record's id and aliases, id first.
    pub fn all_ids(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.id.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// YAML → JSON with scalars as strings (`null`/`~`/empty plain scalars as
/// null, plain `true`/`false` as booleans): OSV fields are strings, and a
/// version must keep its exact text.
fn yaml_to_json(node: &Node) -> Value {
    match &node.kind {
        NodeKind::Scalar { value, quoted } => {
            if !quoted {
                if node.is_null() {
                    return Value::Null;
                }
                match value.as_str() {
                    "true" => return Value::Bool(true),
                    "false" => return Value::Bool(false),
                    _ => {}
                }
            }
            Value::String(value.clone())
        }
        NodeKind::Sequence(items) => Value::Array(items.iter().map(yaml_to_json).collect()),
        NodeKind::Mapping(entries) => Value::Object(
            entries
                .iter()
                .filter_map(|(k, v)| Some((k.as_str()?.to_string(), yaml_to_json(v))))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_versions_keep_their_text() {
        let rec = Record::from_yaml(
            "id: PYSEC-X\naffected:\n- package:\n    name: trac\n    ecosystem: PyPI\n  ranges:\n  - type: ECOSYSTEM\n    events:\n    - introduced: \"0\"\n    - fixed: 0.10\n  versions:\n  - 0.8.4\n  - \"0.9\"\nmodified: 2021-07-16T01:31:33Z\n",
        )
        .unwrap();
        let a = &rec.affected[0];
        assert_eq!(a.ranges[0].events[1].fixed.as_deref(), Some("0.10"));
        assert_eq!(a.versions, ["0.8.4", "0.9"]);
        assert_eq!(rec.modified.as_deref(), Some("2021-07-16T01:31:33Z"));
    }

    #[test]
    fn json_errors_say_what_is_wrong() {
        assert!(matches!(Record::from_json(b"{\"id\": "), Err(OsvError::Syntax { .. })));
        assert!(matches!(Record::from_json(b"{\"summary\": \"no id\"}"), Err(OsvError::Shape(_))));
        assert!(matches!(Record::from_json(b"[1]"), Err(OsvError::Shape(_))));
    }

    #[test]
    fn withdrawn_and_aliases() {
        let rec = Record::from_json(br#"{"id":"GHSA-1","aliases":["CVE-1"],"withdrawn":"2024-01-01T00:00:00Z"}"#).unwrap();
        assert!(rec.is_withdrawn());
        assert_eq!(rec.all_ids().collect::<Vec<_>>(), ["GHSA-1", "CVE-1"]);
    }
}
