//! The OSV record format (https://ossf.github.io/osv-schema/), read from
//! JSON or YAML.
//!
//! Only what matching, explaining and reporting need is typed; the rest
//! (`database_specific`, `ecosystem_specific`) is kept as raw JSON. YAML
//! records (PyPA keeps its advisories in YAML) are read with the
//! YAML event parser straight into JSON values with every scalar kept as
//! text, so a version written `0.10` stays `0.10` and never becomes 0.1.

use serde::{Deserialize, Serialize};
use serde_json::Value;


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

    /// Parses one OSV record from YAML text (the first document). Events go
    /// straight into JSON values (no position-keeping tree: nothing here
    /// reports YAML positions beyond a syntax error's line).
    pub fn from_yaml(text: &str) -> Result<Record, OsvError> {
        let value = yaml_events_to_json(text)?;
        serde_json::from_value(value).map_err(|e| OsvError::Shape(e.to_string()))
    }

    pub fn is_withdrawn(&self) -> bool {
        self.withdrawn.is_some()
    }

    /// The record's id and aliases, id first.
    pub fn all_ids(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.id.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// The first document of a YAML stream as JSON. Scalars are kept as text
/// (`null`/`~`/empty plain scalars become null, plain `true`/`false`
/// booleans): OSV fields are strings, and a version must keep its exact
/// text. Aliases are refused: OSV records have none, and refusing them rules
/// out alias bombs.
fn yaml_events_to_json(text: &str) -> Result<Value, OsvError> {
    use saphyr_parser::{Event, Parser, ScalarStyle};
    const MAX_DEPTH: usize = 128;
    enum Frame {
        Seq(Vec<Value>),
        Map(serde_json::Map<String, Value>, Option<String>),
    }
    let syntax = |line: usize, message: String| OsvError::Syntax { line: line as u32, message };
    let mut stack: Vec<Frame> = Vec::new();
    let mut parser = Parser::new_from_str(text);
    let mut started = false;
    loop {
        let (event, span) = match parser.next_event() {
            Some(Ok(e)) => e,
            Some(Err(e)) => return Err(syntax(e.marker().line(), e.info().to_string())),
            None => return Err(OsvError::Shape("unexpected end of YAML".into())),
        };
        let line = span.start.line();
        let value = match event {
            Event::StreamStart | Event::Nothing => continue,
            Event::DocumentStart(_) => {
                started = true;
                continue;
            }
            Event::StreamEnd | Event::DocumentEnd => {
                return Err(OsvError::Shape(if started { "empty YAML document" } else { "no YAML document" }.into()));
            }
            Event::Alias(_) => return Err(syntax(line, "YAML aliases are not allowed in OSV records".into())),
            Event::SequenceStart(..) | Event::MappingStart(..) if stack.len() >= MAX_DEPTH => {
                return Err(syntax(line, format!("nesting deeper than {MAX_DEPTH} levels")));
            }
            Event::SequenceStart(..) => {
                stack.push(Frame::Seq(Vec::new()));
                continue;
            }
            Event::MappingStart(..) => {
                stack.push(Frame::Map(serde_json::Map::new(), None));
                continue;
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Seq(items)) => Value::Array(items),
                _ => return Err(syntax(line, "unbalanced sequence".into())),
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map(map, _)) => Value::Object(map),
                _ => return Err(syntax(line, "unbalanced mapping".into())),
            },
            Event::Scalar(v, style, _, _) => {
                let plain = matches!(style, ScalarStyle::Plain);
                match (plain, v.as_ref()) {
                    (true, "" | "~" | "null" | "Null" | "NULL") => Value::Null,
                    (true, "true") => Value::Bool(true),
                    (true, "false") => Value::Bool(false),
                    _ => Value::String(v.into_owned()),
                }
            }
        };
        // Place the finished value in its parent, or return it at the top.
        match stack.last_mut() {
            None => return Ok(value),
            Some(Frame::Seq(items)) => items.push(value),
            Some(Frame::Map(map, key)) => match key.take() {
                None => match value {
                    Value::String(k) => *key = Some(k),
                    Value::Null => *key = Some("null".into()),
                    Value::Bool(b) => *key = Some(b.to_string()),
                    _ => return Err(syntax(line, "mapping keys must be scalars".into())),
                },
                Some(k) => {
                    map.insert(k, value);
                }
            },
        }
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
