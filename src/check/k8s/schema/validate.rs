//! Walks an object's YAML tree against a compiled schema and collects the
//! problems, each with the path and position to report.
//!
//! What Kubernetes does, and so what is checked:
//! - a scalar has the JSON type its spelling gives it ([`super::scalar`]);
//!   a field accepts only its schema's types (`number` also takes integers);
//! - null is "unset": accepted anywhere, but a required field set to null is
//!   missing;
//! - a mapping accepts its properties, plus what `additionalProperties` or
//!   `x-kubernetes-preserve-unknown-fields` allow (strict field validation,
//!   the kubectl default, refuses the rest);
//! - formats the decoder enforces ([`super::format`]) and enums.
//!
//! Positions: an unknown field is its key; a scalar of the wrong type or an
//! invalid value is the value; a mapping or list of the wrong type is its
//! key (or list item); a missing required field is the key of the mapping
//! that lacks it (the list item, or the object's `kind:` line at the root).
//!
//! Nothing is allocated per field: the path is a stack of borrowed steps,
//! turned into text only for a problem.

use super::format;
use super::model::{EnumValue, Extra, SchemaId, SchemaSet, Types};
use super::scalar::{classify, Scalar};
use crate::check::k8s::object;
use crate::syntax::yaml::{Node, NodeKind};

/// The kinds of problem, one rule each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    UnknownField,
    WrongType,
    MissingRequired,
    InvalidValue,
}

/// One problem: what, where, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    /// `spec.template.spec.containers[web].ports[0].containerPort`
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

#[derive(Debug, Clone, Copy)]
enum Step<'n> {
    Key(&'n str),
    /// A list item, named by its `name` when it has one.
    Item(usize, &'n Node),
}

/// Merge keys are followed at most this deep (as [`object::entry`] does).
const MAX_MERGE_DEPTH: usize = 16;

/// Collects problems up to a limit.
pub struct Validator<'n> {
    path: Vec<Step<'n>>,
    problems: Vec<Problem>,
    limit: usize,
    /// Problems were left out because of the limit.
    pub truncated: bool,
}

impl<'n> Validator<'n> {
    pub fn new(limit: usize) -> Self {
        Validator { path: Vec::with_capacity(16), problems: Vec::new(), limit, truncated: false }
    }

    pub fn into_problems(self) -> Vec<Problem> {
        self.problems
    }

    fn full(&self) -> bool {
        self.problems.len() >= self.limit
    }

    /// Validates `node` (at `path` steps already pushed) against `id`;
    /// `at` is where to point for a collection of the wrong type or a
    /// missing required field: its key, list item or the `kind:` line.
    pub fn value(&mut self, set: &SchemaSet, node: &'n Node, id: SchemaId, at: (u32, u32)) {
        if self.full() {
            self.truncated = true;
            return;
        }
        let schema = set.get(id);
        match &node.kind {
            NodeKind::Scalar { .. } => {
                let Some(scalar) = classify(node) else { return };
                let raw = node.as_str().unwrap_or_default();
                if scalar == Scalar::Null {
                    return;
                }
                if !accepts(schema.types, &scalar) {
                    let message = wrong_type_message(schema.types, &scalar, raw);
                    self.report(ProblemKind::WrongType, (node.line, node.column), message, None);
                    return;
                }
                if !schema.enum_values.is_empty() && !schema.enum_values.iter().any(|e| enum_matches(e, &scalar)) {
                    let allowed: Vec<String> = schema.enum_values.iter().map(describe_enum).collect();
                    let message = format!("{} is not one of {}", scalar.describe(raw), allowed.join(", "));
                    self.report(ProblemKind::InvalidValue, (node.line, node.column), message, None);
                    return;
                }
                if let Some(why) = format::problem(schema.format, &scalar) {
                    self.report(ProblemKind::InvalidValue, (node.line, node.column), why, None);
                }
            }
            NodeKind::Sequence(items) => {
                if !schema.types.contains(Types::ARRAY) {
                    let message = format!("expected {}, got a list", schema.types.describe());
                    self.report(ProblemKind::WrongType, at, message, None);
                    return;
                }
                let Some(item_schema) = schema.items else { return };
                for (i, item) in items.iter().enumerate() {
                    self.path.push(Step::Item(i, item));
                    self.value(set, item, item_schema, (item.line, item.column));
                    self.path.pop();
                }
            }
            NodeKind::Mapping(_) => {
                if !schema.types.contains(Types::OBJECT) {
                    let message = format!("expected {}, got a mapping", schema.types.describe());
                    self.report(ProblemKind::WrongType, at, message, None);
                    return;
                }
                self.fields(set, node, id, &[]);
                self.required(set, node, id, at);
            }
        }
    }

    /// Validates the keys of mapping `node` against `id`. Keys in `implicit`
    /// are accepted unchecked, whatever the schema says (a custom resource's
    /// `apiVersion`, `kind` and `metadata`, which the API server handles
    /// itself). Merged mappings (`<<`) are walked too, minus the keys set
    /// explicitly.
    pub fn fields(&mut self, set: &SchemaSet, node: &'n Node, id: SchemaId, implicit: &[&str]) {
        self.fields_of(set, node, node, id, implicit, 0);
    }

    /// The entries of `source` (`host` itself, or a mapping merged into it).
    fn fields_of(&mut self, set: &SchemaSet, host: &'n Node, source: &'n Node, id: SchemaId, implicit: &[&str], depth: usize) {
        let Some(entries) = source.as_mapping() else { return };
        for (key, value) in entries {
            if self.full() {
                self.truncated = true;
                return;
            }
            let Some(name) = key.as_str() else { continue };
            if is_merge_key(key) {
                if depth < MAX_MERGE_DEPTH {
                    let sources: &'n [Node] = match &value.kind {
                        NodeKind::Sequence(items) => items,
                        _ => std::slice::from_ref(value),
                    };
                    for merged in sources {
                        self.fields_of(set, host, merged, id, implicit, depth + 1);
                    }
                }
                continue;
            }
            if depth > 0 && sets_key(host, name) {
                continue;
            }
            self.field(set, key, name, value, id, implicit);
        }
    }

    fn field(&mut self, set: &SchemaSet, key: &'n Node, name: &'n str, value: &'n Node, id: SchemaId, implicit: &[&str]) {
        let schema = set.get(id);
        if implicit.contains(&name) || (schema.embedded_resource && EMBEDDED_KEYS.contains(&name)) {
            return;
        }
        let at = (key.line, key.column);
        self.path.push(Step::Key(name));
        match (schema.property(name), schema.extra) {
            (Some(p), _) => self.value(set, value, p, at),
            (None, Extra::Open) => {}
            (None, Extra::Map(values)) => self.value(set, value, values, at),
            (None, Extra::Closed) => {
                let message = match schema.properties.len() {
                    0 => format!("unknown field `{name}`: this mapping takes no fields"),
                    _ => format!("unknown field `{name}`{}", suggestion(name, &schema.properties)),
                };
                self.report(ProblemKind::UnknownField, at, message, None);
            }
        }
        self.path.pop();
    }

    /// Reports the required fields of `id` that `node` lacks or sets to null.
    pub fn required(&mut self, set: &SchemaSet, node: &'n Node, id: SchemaId, at: (u32, u32)) {
        for name in set.get(id).required.iter() {
            let present = object::entry(node, name).is_some_and(|(_, v)| !v.is_null());
            if !present {
                let message = format!("required field `{name}` is missing");
                self.report(ProblemKind::MissingRequired, at, message, Some(name));
            }
        }
    }

    /// Records a problem at the current path (plus `missing`, the name of
    /// an absent field).
    fn report(&mut self, kind: ProblemKind, at: (u32, u32), message: String, missing: Option<&str>) {
        if self.full() {
            self.truncated = true;
            return;
        }
        let mut path = render_path(&self.path);
        if let Some(name) = missing {
            path = object::join(&path, name);
        }
        self.problems.push(Problem { kind, path, line: at.0, column: at.1, message });
    }

    /// Pushes a key step (for callers walking the root by hand).
    pub fn enter(&mut self, key: &'n str) {
        self.path.push(Step::Key(key));
    }

    pub fn leave(&mut self) {
        self.path.pop();
    }
}

/// What an embedded resource (`x-kubernetes-embedded-resource`) carries
/// besides its properties.
const EMBEDDED_KEYS: &[&str] = &["apiVersion", "kind", "metadata"];

/// An unquoted `<<` key.
fn is_merge_key(key: &Node) -> bool {
    matches!(&key.kind, NodeKind::Scalar { value, quoted: false } if value == "<<")
}

/// Whether mapping `host` sets `name` itself (explicit keys beat merged ones).
fn sets_key(host: &Node, name: &str) -> bool {
    host.as_mapping().is_some_and(|entries| entries.iter().any(|(k, _)| k.as_str() == Some(name) && !is_merge_key(k)))
}

/// `spec.containers[web].ports[0]`: list items of mappings are named by
/// their `name` when they have a scalar one (stable under reordering).
fn render_path(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Item(i, node) => match node.as_mapping().and_then(|_| object::value(node, "name")).and_then(Node::as_str) {
                Some(name) if !name.is_empty() => out.push_str(&format!("[{name}]")),
                _ => out.push_str(&format!("[{i}]")),
            },
        }
    }
    out
}

fn accepts(types: Types, scalar: &Scalar) -> bool {
    match scalar {
        Scalar::Null => true,
        Scalar::Bool(_) => types.contains(Types::BOOLEAN),
        Scalar::Int(_) => types.contains(Types::INTEGER) || types.contains(Types::NUMBER),
        Scalar::Float(f) => types.contains(Types::NUMBER) && f.is_finite(),
        Scalar::Str(_) => types.contains(Types::STRING),
    }
}

/// `expected integer, got string "8080" (remove the quotes)`, with the YAML
/// 1.1 hint that explains most of these.
fn wrong_type_message(types: Types, scalar: &Scalar, raw: &str) -> String {
    let hint = match scalar {
        Scalar::Bool(_) | Scalar::Int(_) | Scalar::Float(_) if types.contains(Types::STRING) => {
            " (quote it: unquoted, YAML reads it as a boolean or number)"
        }
        Scalar::Str(s) if (types.contains(Types::INTEGER) || types.contains(Types::NUMBER)) && looks_numeric(s) => {
            " (remove the quotes)"
        }
        Scalar::Str(s) if types.contains(Types::BOOLEAN) && matches!(*s, "true" | "false") => " (remove the quotes)",
        Scalar::Float(f) if !f.is_finite() => " (JSON has no infinity or NaN)",
        _ => "",
    };
    format!("expected {}, got {}{hint}", types.describe(), scalar.describe(raw))
}

fn looks_numeric(s: &str) -> bool {
    !s.is_empty() && s.trim_start_matches(['-', '+']).bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

fn enum_matches(e: &EnumValue, scalar: &Scalar) -> bool {
    match (e, scalar) {
        (EnumValue::Str(a), Scalar::Str(b)) => a.as_ref() == *b,
        (EnumValue::Int(a), Scalar::Int(b)) => a == b,
        (EnumValue::Float(a), Scalar::Float(b)) => a == b,
        (EnumValue::Float(a), Scalar::Int(b)) => *a == *b as f64,
        (EnumValue::Int(a), Scalar::Float(b)) => *a as f64 == *b,
        (EnumValue::Bool(a), Scalar::Bool(b)) => a == b,
        _ => false,
    }
}

fn describe_enum(e: &EnumValue) -> String {
    match e {
        EnumValue::Bool(b) => b.to_string(),
        EnumValue::Int(i) => i.to_string(),
        EnumValue::Float(f) => f.to_string(),
        EnumValue::Str(s) => format!("{s:?}"),
        EnumValue::Other => "(a structured value)".into(),
    }
}

/// ` (did you mean `image`?)` when a known field is one edit or a case
/// change away, else ``.
fn suggestion(name: &str, properties: &[(Box<str>, SchemaId)]) -> String {
    let close = properties.iter().map(|(p, _)| p.as_ref()).find(|p| p.eq_ignore_ascii_case(name) || within_one_edit(p, name));
    close.map(|p| format!(" (did you mean `{p}`?)")).unwrap_or_default()
}

/// Levenshtein distance ≤ 1 (one insertion, deletion or substitution), or
/// two swapped neighbours (`imgae` for `image`).
fn within_one_edit(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    let suffix = ra.iter().rev().zip(rb.iter().rev()).take_while(|(x, y)| x == y).count();
    let (ma, mb) = (&ra[..ra.len() - suffix], &rb[..rb.len() - suffix]);
    (ma.len() <= 1 && mb.len() <= 1) || (ma.len() == 2 && mb.len() == 2 && ma[0] == mb[1] && ma[1] == mb[0])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::yaml::parse_documents;
    use serde_json::json;

    fn problems(schema: serde_json::Value, text: &str) -> Vec<(ProblemKind, String, u32, u32)> {
        let mut set = SchemaSet::default();
        let id = set.compile(&schema, &|_| None);
        let doc = parse_documents(text).unwrap().remove(0);
        let mut v = Validator::new(20);
        v.value(&set, &doc, id, (1, 1));
        v.into_problems().into_iter().map(|p| (p.kind, p.path, p.line, p.column)).collect()
    }

    #[test]
    fn check_unknown_fields_wrong_types_and_missing_required_with_positions() {
        let schema = json!({"type": "object", "required": ["name"], "properties": {
            "name": {"type": "string"},
            "port": {"type": "integer", "format": "int32"},
            "items": {"type": "array", "items": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "n": {"type": "number"}}}},
            "labels": {"type": "object", "additionalProperties": {"type": "string"}}
        }});
        let text = "port: '80'\nimage: x\nitems:\n- name: a\n  n: 1\n- n: 1.5\n  nmae: b\nlabels:\n  ok: v\n  version: 1.0\n";
        let got = problems(schema, text);
        use ProblemKind::*;
        assert_eq!(
            got,
            [
                (WrongType, "port".into(), 1, 7),
                (UnknownField, "image".into(), 2, 1),
                (UnknownField, "items[1].nmae".into(), 7, 3),
                (MissingRequired, "items[1].name".into(), 6, 3),
                (WrongType, "labels.version".into(), 10, 12),
                (MissingRequired, "name".into(), 1, 1),
            ]
        );
    }

    #[test]
    fn check_a_mapping_for_a_list_points_at_the_key_and_null_is_unset() {
        let schema = json!({"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}, "ports": {"type": "array", "items": {"type": "integer"}}}});
        let got = problems(schema, "a: ~\nports:\n  containerPort: 80\n");
        assert_eq!(
            got,
            [(ProblemKind::WrongType, "ports".into(), 2, 1), (ProblemKind::MissingRequired, "a".into(), 1, 1)],
            "a required null is missing; an optional null is fine"
        );
    }

    #[test]
    fn check_merge_keys_enums_and_the_limit() {
        let schema = json!({"type": "object", "properties": {"a": {"type": "string", "enum": ["x", "y"]}, "b": {"type": "integer"}}});
        let got = problems(schema.clone(), "a: z\nc: 1\n");
        assert_eq!(got, [(ProblemKind::InvalidValue, "a".into(), 1, 4), (ProblemKind::UnknownField, "c".into(), 2, 1)]);
        let doc = "m: &m {a: x, c: 1, b: 2}\nv:\n  <<: *m\n  b: nope\n";
        let mut set = SchemaSet::default();
        let id = set.compile(&schema, &|_| None);
        let parsed = parse_documents(doc).unwrap().remove(0);
        let mut v = Validator::new(20);
        v.value(&set, parsed.get("v").unwrap(), id, (2, 1));
        let got: Vec<_> = v.into_problems().into_iter().map(|p| (p.kind, p.path)).collect();
        assert_eq!(got, [(ProblemKind::UnknownField, "c".to_string()), (ProblemKind::WrongType, "b".to_string())], "merged keys are checked, explicit ones win");
        let mut v = Validator::new(1);
        v.value(&set, parsed.get("v").unwrap(), id, (2, 1));
        assert!(v.truncated);
        assert_eq!(v.into_problems().len(), 1);
    }

    #[test]
    fn check_suggestions_are_one_edit_away() {
        assert!(within_one_edit("image", "imgae"));
        assert!(within_one_edit("image", "imag"));
        assert!(within_one_edit("ports", "port"));
        assert!(!within_one_edit("image", "command"));
        assert!(!within_one_edit("abc", "cba"));
        assert!(!within_one_edit("ab", "ba b"));
    }
}
