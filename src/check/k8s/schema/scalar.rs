//! YAML scalars as the JSON values Kubernetes decodes them into.
//!
//! `kubectl` turns YAML into JSON with `sigs.k8s.io/yaml` (over `yaml.v2`,
//! YAML 1.1 resolution, no target type) and the API server decodes that
//! JSON into typed structs. So the JSON type of a scalar is fixed by how it
//! is written, whatever the field expects: unquoted `8080` is a number even
//! where a string is expected (and the API server refuses it), quoted `"8080"`
//! is a string even where an integer is expected.

use serde_json::{Map, Number, Value};

use crate::check::k8s::object::{bool_at, int_at};
use crate::syntax::yaml::{Node, NodeKind};

/// The JSON value a scalar becomes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scalar<'a> {
    Null,
    Bool(bool),
    /// An integer, or a float with an integral value (`3.0` becomes `3` on
    /// the way to JSON).
    Int(i64),
    /// Any other number, including `.inf` and `.nan` (which JSON cannot carry:
    /// no field accepts them).
    Float(f64),
    Str(&'a str),
}

impl Scalar<'_> {
    /// `number 1.0`, `boolean yes`, `string "8080"`, … for messages; `raw`
    /// is the scalar as written, so `1.0` is not shown as `1`. JSON has one
    /// number type, and so do the messages.
    pub fn describe(&self, raw: &str) -> String {
        match self {
            Scalar::Null => "null".into(),
            Scalar::Bool(_) => format!("boolean {}", truncate(raw)),
            Scalar::Int(_) | Scalar::Float(_) => format!("number {}", truncate(raw)),
            Scalar::Str(s) => format!("string {:?}", truncate(s)),
        }
    }
}

fn truncate(s: &str) -> &str {
    match s.char_indices().nth(40) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// How Kubernetes reads a scalar node; `None` for mappings and sequences.
pub fn classify(node: &Node) -> Option<Scalar<'_>> {
    let NodeKind::Scalar { value, quoted } = &node.kind else { return None };
    if *quoted {
        return Some(Scalar::Str(value));
    }
    if node.is_null() {
        return Some(Scalar::Null);
    }
    if let Some(b) = bool_at(node) {
        return Some(Scalar::Bool(b));
    }
    if !value.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.')) {
        // Not number-like (yaml.v2 only tries numbers on these): most
        // scalars end here.
        return Some(Scalar::Str(value));
    }
    if let Some(i) = int_at(node) {
        return Some(Scalar::Int(i));
    }
    Some(match yaml11_float(value) {
        // `08` is no octal integer but a float 8, and reaches JSON as `8`.
        Some(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e18 => Scalar::Int(f as i64),
        Some(f) => Scalar::Float(f),
        None => Scalar::Str(value),
    })
}

/// A YAML 1.1 float as `yaml.v2` resolves it: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
/// (underscores ignored) or one of the `.inf`/`.nan` spellings.
fn yaml11_float(text: &str) -> Option<f64> {
    match text {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    // yaml.v2 only tries numbers on scalars starting like one.
    if !text.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.')) {
        return None;
    }
    let plain: std::borrow::Cow<str> =
        if text.contains('_') { text.chars().filter(|c| *c != '_').collect::<String>().into() } else { text.into() };
    let b = plain.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let whole = digits(&mut i);
    if b.get(i) == Some(&b'.') {
        i += 1;
        let fraction = digits(&mut i);
        if whole == 0 && fraction == 0 {
            return None;
        }
    } else if whole == 0 {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    plain.parse::<f64>().ok()
}

/// Deepest nesting [`to_json`] follows (CRD schemas are far shallower; the
/// YAML parser bounds it too).
const MAX_DEPTH: usize = 256;

/// A YAML tree as the JSON Kubernetes would see, for reading CRD schemas.
/// Repeated keys keep the last value; merge keys (`<<`) supply the keys not
/// set explicitly. Values deeper than [`MAX_DEPTH`] become null.
pub fn to_json(node: &Node) -> Value {
    to_json_depth(node, 0)
}

fn to_json_depth(node: &Node, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    match &node.kind {
        NodeKind::Scalar { .. } => match classify(node) {
            Some(Scalar::Bool(b)) => Value::Bool(b),
            Some(Scalar::Int(i)) => Value::Number(i.into()),
            Some(Scalar::Float(f)) => Number::from_f64(f).map_or(Value::Null, Value::Number),
            Some(Scalar::Str(s)) => Value::String(s.to_string()),
            Some(Scalar::Null) | None => Value::Null,
        },
        NodeKind::Sequence(items) => Value::Array(items.iter().map(|i| to_json_depth(i, depth + 1)).collect()),
        NodeKind::Mapping(_) => {
            let mut map = Map::new();
            merge_into(&mut map, node, depth);
            Value::Object(map)
        }
    }
}

/// Adds `node`'s entries to `map`: explicit keys overwrite, merged mappings
/// only fill keys still missing.
fn merge_into(map: &mut Map<String, Value>, node: &Node, depth: usize) {
    let Some(entries) = node.as_mapping() else { return };
    let mut merged = Vec::new();
    for (k, v) in entries {
        match &k.kind {
            NodeKind::Scalar { value, quoted: false } if value == "<<" => merged.push(v),
            NodeKind::Scalar { value, .. } => {
                map.insert(value.to_string(), to_json_depth(v, depth + 1));
            }
            _ => {}
        }
    }
    for source in merged {
        let sources: Vec<&Node> = match source.as_sequence() {
            Some(items) => items.iter().collect(),
            None => vec![source],
        };
        for s in sources {
            let mut extra = Map::new();
            if depth < MAX_DEPTH {
                merge_into(&mut extra, s, depth + 1);
            }
            for (k, v) in extra {
                map.entry(k).or_insert(v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::yaml::parse_documents;

    fn scalars(text: &str) -> Vec<(String, Scalar<'static>)> {
        let doc = Box::leak(Box::new(parse_documents(text).unwrap().remove(0)));
        doc.as_mapping().unwrap().iter().map(|(k, v)| (k.as_str().unwrap().to_string(), classify(v).unwrap())).collect()
    }

    #[test]
    fn check_scalars_take_the_json_type_yaml_1_1_gives_them() {
        use Scalar::*;
        let got = scalars("a: 8080\nb: '8080'\nc: yes\nd: 1.5\ne: 3.0\nf: 1e3\ng: ~\nh: 25%\ni: 0x10\nj: .inf\nk: 1.2.3\nl: |\n  8080\nm: 2001-12-14\nn: .5\no: 1_000.5\np: 08\n");
        let want = [
            ("a", Int(8080)),
            ("b", Str("8080")),
            ("c", Bool(true)),
            ("d", Float(1.5)),
            ("e", Int(3)),
            ("f", Int(1000)),
            ("g", Null),
            ("h", Str("25%")),
            ("i", Int(16)),
            ("j", Float(f64::INFINITY)),
            ("k", Str("1.2.3")),
            ("l", Str("8080\n")),
            ("m", Str("2001-12-14")),
            ("n", Float(0.5)),
            ("o", Float(1000.5)),
            ("p", Int(8)),
        ];
        let want: Vec<_> = want.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn check_descriptions_show_the_value_as_written() {
        assert_eq!(Scalar::Int(1).describe("1.0"), "number 1.0");
        assert_eq!(Scalar::Bool(true).describe("on"), "boolean on");
        assert_eq!(Scalar::Str("8080").describe("8080"), "string \"8080\"");
    }

    #[test]
    fn check_yaml_becomes_json_with_merges_and_last_keys() {
        let doc = parse_documents("base: &b {type: string, nullable: yes}\ns:\n  <<: *b\n  type: integer\n  enum: [1, '2', on]\n  type: number\n").unwrap().remove(0);
        let json = to_json(doc.get("s").unwrap());
        assert_eq!(json, serde_json::json!({"type": "number", "enum": [1, "2", true], "nullable": true}));
    }
}
