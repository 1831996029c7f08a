//! The schema model the validator walks, and its compiler from the JSON
//! Schema subset both sources speak: the embedded Kubernetes definitions
//! ([`super::data`]) and CRD `openAPIV3Schema`s ([`super::crd`]).
//!
//! Schemas live in an arena ([`SchemaSet`]) and name each other by index,
//! so `$ref`s are resolved once, when compiling, and validation never looks
//! a name up.
//!
//! Keywords read: `type` (a name or a list), `format`, `properties`,
//! `required`, `items`, `additionalProperties` (a schema or a boolean),
//! `enum`, `$ref` (a definition name, through the caller's resolver),
//! `x-kubernetes-preserve-unknown-fields`, `x-kubernetes-int-or-string`,
//! `x-kubernetes-embedded-resource`. Others (`nullable`, `pattern`,
//! `minimum`, `oneOf`, CEL rules, …) are ignored: null always means "unset"
//! (see [`super::validate`]) and value constraints beyond types, formats and
//! enums are not checked.
//!
//! Which keys an object accepts follows the structural-schema rules of
//! CRDs, which kubectl's strict validation applies to built-in types too:
//! `additionalProperties` with a schema makes a map, `true` or
//! `x-kubernetes-preserve-unknown-fields` lets anything through, and
//! otherwise only the listed `properties` are known.

use serde_json::Value;

/// Index of a schema in its [`SchemaSet`].
pub type SchemaId = u32;

/// The JSON types a value may have (null is never listed: it means unset).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Types(u8);

impl Types {
    pub const NONE: Types = Types(0);
    pub const BOOLEAN: Types = Types(1);
    pub const INTEGER: Types = Types(1 << 1);
    pub const NUMBER: Types = Types(1 << 2);
    pub const STRING: Types = Types(1 << 3);
    pub const ARRAY: Types = Types(1 << 4);
    pub const OBJECT: Types = Types(1 << 5);
    /// No `type`: anything goes.
    pub const ANY: Types = Types(0b11_1111);

    pub const fn union(self, other: Types) -> Types {
        Types(self.0 | other.0)
    }

    pub const fn contains(self, other: Types) -> bool {
        self.0 & other.0 == other.0
    }

    fn from_name(name: &str) -> Types {
        match name {
            "boolean" => Types::BOOLEAN,
            "integer" => Types::INTEGER,
            "number" => Types::NUMBER,
            "string" => Types::STRING,
            "array" => Types::ARRAY,
            "object" => Types::OBJECT,
            _ => Types::NONE,
        }
    }

    /// `integer or string`, for messages.
    pub fn describe(self) -> String {
        let names = [
            (Types::BOOLEAN, "boolean"),
            (Types::INTEGER, "integer"),
            (Types::NUMBER, "number"),
            (Types::STRING, "string"),
            (Types::ARRAY, "list"),
            (Types::OBJECT, "mapping"),
        ];
        let listed: Vec<&str> = names.iter().filter(|(t, _)| self.contains(*t)).map(|(_, n)| *n).collect();
        if listed.is_empty() { "nothing".into() } else { listed.join(" or ") }
    }
}

/// The value formats the API server enforces while decoding (others, such
/// as `int64` or `double`, add nothing to the type).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    None,
    /// An integer within 32 bits.
    Int32,
    /// Base64 text (`[]byte` fields: Secret `data`).
    Byte,
    /// RFC 3339 (`metav1.Time`).
    DateTime,
    /// A resource quantity (`500m`, `1Gi`, `1e3`).
    Quantity,
}

impl Format {
    fn from_name(name: &str) -> Format {
        match name {
            "int32" => Format::Int32,
            "byte" => Format::Byte,
            "date-time" => Format::DateTime,
            "quantity" => Format::Quantity,
            _ => Format::None,
        }
    }
}

/// Which keys a mapping accepts beyond its `properties`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extra {
    /// None: any other key is unknown.
    Closed,
    /// Any key, any value.
    Open,
    /// Any key, each value matching the schema (labels, resource lists).
    Map(SchemaId),
}

/// An enum value, compared with what a scalar decodes to.
#[derive(Debug, Clone, PartialEq)]
pub enum EnumValue {
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Box<str>),
    /// Null, a list or a mapping: matches no scalar.
    Other,
}

/// One compiled schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    pub types: Types,
    pub format: Format,
    /// Sorted by name, for binary search.
    pub properties: Box<[(Box<str>, SchemaId)]>,
    pub required: Box<[Box<str>]>,
    pub extra: Extra,
    pub items: Option<SchemaId>,
    /// Empty when the schema has no `enum`.
    pub enum_values: Box<[EnumValue]>,
    /// `x-kubernetes-embedded-resource`: `apiVersion`, `kind` and `metadata`
    /// are accepted besides the properties.
    pub embedded_resource: bool,
}

impl Schema {
    /// Anything goes (an empty JSON schema).
    pub fn any() -> Schema {
        Schema {
            types: Types::ANY,
            format: Format::None,
            properties: Box::new([]),
            required: Box::new([]),
            extra: Extra::Open,
            items: None,
            enum_values: Box::new([]),
            embedded_resource: false,
        }
    }

    /// The schema of property `name`, if listed.
    pub fn property(&self, name: &str) -> Option<SchemaId> {
        self.properties
            .binary_search_by(|(p, _)| p.as_ref().cmp(name))
            .ok()
            .map(|i| self.properties[i].1)
    }
}

/// An arena of schemas.
#[derive(Debug, Clone, Default)]
pub struct SchemaSet {
    nodes: Vec<Schema>,
}

impl SchemaSet {
    /// The schema `id` names; an id from another set (a bug, never input)
    /// reads as "anything goes" rather than panicking.
    pub fn get(&self, id: SchemaId) -> &Schema {
        static ANY: std::sync::OnceLock<Schema> = std::sync::OnceLock::new();
        self.nodes.get(id as usize).unwrap_or_else(|| ANY.get_or_init(Schema::any))
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Adds `count` placeholder schemas (filled by [`Self::compile_into`]),
    /// returning the first id: definitions get their ids before any is
    /// compiled, so references between them resolve in one pass.
    pub fn reserve(&mut self, count: usize) -> SchemaId {
        let first = self.nodes.len() as SchemaId;
        self.nodes.extend((0..count).map(|_| Schema::any()));
        first
    }

    /// Compiles `value` as a new schema, or, when it is a bare `$ref`, the
    /// id `resolve` gives for the name (an unknown name compiles to
    /// "anything goes").
    pub fn compile(&mut self, value: &Value, resolve: &dyn Fn(&str) -> Option<SchemaId>) -> SchemaId {
        self.compile_depth(value, resolve, 0)
    }

    /// Compiles `value` into the placeholder `id` (see [`Self::reserve`]). A
    /// definition that is only a `$ref` (none in the Kubernetes data) accepts
    /// anything.
    pub fn compile_into(&mut self, id: SchemaId, value: &Value, resolve: &dyn Fn(&str) -> Option<SchemaId>) {
        let schema = self.build(value, resolve, 0);
        if let Some(slot) = self.nodes.get_mut(id as usize) {
            *slot = schema;
        }
    }

    fn compile_depth(&mut self, value: &Value, resolve: &dyn Fn(&str) -> Option<SchemaId>, depth: usize) -> SchemaId {
        if let Some(name) = value.get("$ref").and_then(Value::as_str)
            && let Some(id) = resolve(name)
        {
            return id;
        }
        let schema = self.build(value, resolve, depth);
        self.nodes.push(schema);
        (self.nodes.len() - 1) as SchemaId
    }

    fn build(&mut self, value: &Value, resolve: &dyn Fn(&str) -> Option<SchemaId>, depth: usize) -> Schema {
        let mut schema = Schema::any();
        let Some(obj) = value.as_object() else { return schema };
        if depth > MAX_DEPTH {
            return schema;
        }
        let flag = |key: &str| obj.get(key).and_then(Value::as_bool).unwrap_or(false);
        schema.types = match obj.get("type") {
            Some(Value::String(name)) => Types::from_name(name),
            Some(Value::Array(names)) => {
                names.iter().filter_map(Value::as_str).fold(Types::NONE, |t, n| t.union(Types::from_name(n)))
            }
            _ => Types::ANY,
        };
        if flag("x-kubernetes-int-or-string") {
            schema.types = if schema.types == Types::ANY { Types::INTEGER.union(Types::STRING) } else {
                schema.types.union(Types::INTEGER).union(Types::STRING)
            };
        }
        if schema.types == Types::NONE {
            // Only unknown type names (a malformed CRD): do not guess.
            schema.types = Types::ANY;
        }
        schema.format = obj.get("format").and_then(Value::as_str).map_or(Format::None, Format::from_name);
        if let Some(props) = obj.get("properties").and_then(Value::as_object) {
            let mut compiled: Vec<(Box<str>, SchemaId)> = Vec::with_capacity(props.len());
            for (name, p) in props {
                let id = self.compile_depth(p, resolve, depth + 1);
                compiled.push((name.as_str().into(), id));
            }
            compiled.sort_by(|a, b| a.0.cmp(&b.0));
            compiled.dedup_by(|a, b| a.0 == b.0);
            schema.properties = compiled.into_boxed_slice();
        }
        if let Some(required) = obj.get("required").and_then(Value::as_array) {
            schema.required = required.iter().filter_map(Value::as_str).map(Into::into).collect();
        }
        if let Some(items) = obj.get("items").filter(|i| i.is_object()) {
            schema.items = Some(self.compile_depth(items, resolve, depth + 1));
        }
        schema.extra = match obj.get("additionalProperties") {
            _ if flag("x-kubernetes-preserve-unknown-fields") => Extra::Open,
            Some(Value::Bool(true)) => Extra::Open,
            Some(extra @ Value::Object(_)) => Extra::Map(self.compile_depth(extra, resolve, depth + 1)),
            // A schema with no type constraint and no properties says nothing
            // about keys either (`{}`, `JSON`).
            _ if schema.types == Types::ANY && schema.properties.is_empty() => Extra::Open,
            _ => Extra::Closed,
        };
        if let Some(values) = obj.get("enum").and_then(Value::as_array) {
            schema.enum_values = values.iter().map(enum_value).collect();
        }
        schema.embedded_resource = flag("x-kubernetes-embedded-resource");
        schema
    }
}

/// Deepest schema nesting compiled; deeper parts accept anything.
const MAX_DEPTH: usize = 128;

fn enum_value(v: &Value) -> EnumValue {
    match v {
        Value::Bool(b) => EnumValue::Bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => EnumValue::Int(i),
            None => n.as_f64().map_or(EnumValue::Other, EnumValue::Float),
        },
        Value::String(s) => EnumValue::Str(s.as_str().into()),
        _ => EnumValue::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn no_refs(_: &str) -> Option<SchemaId> {
        None
    }

    #[test]
    fn check_objects_are_closed_unless_a_map_or_preserving() {
        let mut set = SchemaSet::default();
        let closed = set.compile(&json!({"type": "object", "properties": {"b": {"type": "string"}, "a": {"type": "integer"}}}), &no_refs);
        let map = set.compile(&json!({"type": "object", "additionalProperties": {"type": "string"}}), &no_refs);
        let open = set.compile(&json!({"type": "object", "properties": {"a": {}}, "x-kubernetes-preserve-unknown-fields": true}), &no_refs);
        let empty = set.compile(&json!({}), &no_refs);
        let bare_object = set.compile(&json!({"type": "object"}), &no_refs);
        assert_eq!(set.get(closed).extra, Extra::Closed);
        assert!(set.get(closed).property("a").is_some() && set.get(closed).property("c").is_none());
        assert!(matches!(set.get(map).extra, Extra::Map(_)));
        assert_eq!(set.get(open).extra, Extra::Open);
        assert_eq!((set.get(empty).types, set.get(empty).extra), (Types::ANY, Extra::Open));
        assert_eq!(set.get(bare_object).extra, Extra::Closed, "a CRD's bare object keeps no field");
    }

    #[test]
    fn check_types_int_or_string_refs_and_enums() {
        let mut set = SchemaSet::default();
        let first = set.reserve(1);
        let resolve = |name: &str| (name == "Target").then_some(first);
        set.compile_into(first, &json!({"type": ["string", "null"], "format": "byte"}), &resolve);
        let obj = set.compile(
            &json!({"type": "object", "properties": {
                "port": {"x-kubernetes-int-or-string": true},
                "data": {"$ref": "Target"},
                "mode": {"type": "string", "enum": ["A", "B", 3]},
                "gone": {"$ref": "Missing"}
            }}),
            &resolve,
        );
        let o = set.get(obj);
        let port = set.get(o.property("port").unwrap());
        assert_eq!(port.types, Types::INTEGER.union(Types::STRING));
        assert_eq!(o.property("data"), Some(first), "references resolve to the definition itself");
        assert_eq!(set.get(first).format, Format::Byte);
        assert_eq!(set.get(first).types, Types::STRING);
        let mode = set.get(o.property("mode").unwrap());
        assert_eq!(&*mode.enum_values, &[EnumValue::Str("A".into()), EnumValue::Str("B".into()), EnumValue::Int(3)]);
        assert_eq!(set.get(o.property("gone").unwrap()).types, Types::ANY);
        assert_eq!(set.get(9999).types, Types::ANY, "a foreign id never panics");
    }
}
