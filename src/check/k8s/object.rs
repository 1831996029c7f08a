//! The position-carrying object model and the YAML 1.1 scalar readers the
//! checks share.
//!
//! A [`K8sObject`] keeps its whole YAML tree ([`Node`]), so any field can be
//! pointed at. A [`FieldRef`] is a field path (`spec.containers[web].image`)
//! with the line and column to report: the field's key when it is present,
//! else the enclosing block (see [`FieldRef::missing`]).

use crate::model::{Finding, FindingKind, Location, Severity};
use crate::syntax::yaml::{Node, NodeKind};

/// One Kubernetes object: a mapping with string `apiVersion` and `kind`.
#[derive(Debug, Clone, PartialEq)]
pub struct K8sObject {
    /// The file as shown to users (`<stdin>` for standard input).
    pub file: String,
    /// 0-based index of the YAML document in the stream.
    pub doc_index: usize,
    /// Index in the `items` of the enclosing `List`, if any.
    pub list_index: Option<usize>,
    pub api_version: String,
    pub kind: String,
    /// `metadata.name` (or `metadata.generateName`), empty when absent.
    pub name: String,
    pub namespace: Option<String>,
    /// The object's mapping.
    pub root: Node,
    /// Position of the `kind:` key: where findings about missing fields
    /// point when nothing closer exists.
    pub kind_line: u32,
    pub kind_col: u32,
}

impl K8sObject {
    /// Builds an object from a mapping node; `None` unless it has string
    /// `apiVersion` and `kind`.
    pub fn from_node(node: &Node, file: &str, doc_index: usize, list_index: Option<usize>) -> Option<K8sObject> {
        Self::from_node_or(node, file, doc_index, list_index, None)
    }

    /// Like [`Self::from_node`], but an item of a typed list (`PodList`,
    /// as the API returns it) may leave `apiVersion` and `kind` out:
    /// `inherited` supplies them, and the object's `kind` position is then
    /// the item's own.
    pub fn from_node_or(
        node: &Node,
        file: &str,
        doc_index: usize,
        list_index: Option<usize>,
        inherited: Option<(&str, &str)>,
    ) -> Option<K8sObject> {
        let header = Header::read(node, inherited)?;
        Some(header.object(node.clone(), file, doc_index, list_index))
    }

    /// Like [`Self::from_node_or`], taking the node instead of copying it
    /// (the loader owns the parsed documents). The node is handed back when
    /// it is not an object.
    pub fn from_owned_or(
        node: Node,
        file: &str,
        doc_index: usize,
        list_index: Option<usize>,
        inherited: Option<(&str, &str)>,
    ) -> Result<K8sObject, Node> {
        match Header::read(&node, inherited) {
            Some(header) => Ok(header.object(node, file, doc_index, list_index)),
            None => Err(node),
        }
    }

    /// The node at a dotted path (`spec.template.spec`); `[n]` indexes a
    /// sequence (`spec.containers[0]`).
    pub fn at(&self, path: &str) -> Option<&Node> {
        node_at(&self.root, path)
    }

    /// Where a finding about the field at `path` (dotted, `[n]` indexes a
    /// sequence) points: the field's key when present (a sequence item's
    /// own position for `[n]`); otherwise the nearest present ancestor's
    /// key; the object's `kind:` key when not even the first step exists.
    pub fn field(&self, path: &str) -> FieldRef {
        let mut node = &self.root;
        let mut at = None;
        let mut present = true;
        'walk: for part in path.split('.').filter(|p| !p.is_empty()) {
            let (key, indexes) = match part.find('[') {
                Some(i) => (&part[..i], &part[i..]),
                None => (part, ""),
            };
            if !key.is_empty() {
                match entry(node, key) {
                    Some((k, v)) if !v.is_null() || indexes.is_empty() => {
                        at = Some((k.line, k.column));
                        node = v;
                    }
                    _ => {
                        present = false;
                        break 'walk;
                    }
                }
            }
            for idx in indexes.split('[').filter(|s| !s.is_empty()) {
                let item = idx.strip_suffix(']').and_then(|n| n.parse::<usize>().ok()).and_then(|n| node.as_sequence()?.get(n));
                match item {
                    Some(item) => {
                        at = Some((item.line, item.column));
                        node = item;
                    }
                    None => {
                        present = false;
                        break 'walk;
                    }
                }
            }
        }
        let (line, column) = at.unwrap_or((self.kind_line, self.kind_col));
        FieldRef { path: path.to_string(), line, column, present: present && at.is_some() }
    }

    /// `kind/namespace/name`, the object part of a finding's identity.
    pub fn identity(&self) -> String {
        format!("{}/{}/{}", self.kind, self.namespace.as_deref().unwrap_or(""), self.name)
    }

    /// `Deployment web` (with the namespace when set), for messages.
    pub fn label(&self) -> String {
        match &self.namespace {
            Some(ns) => format!("{} {}/{}", self.kind, ns, self.name),
            None => format!("{} {}", self.kind, self.name),
        }
    }

    /// Where the object's `kind:` key is.
    pub fn kind_ref(&self) -> FieldRef {
        FieldRef { path: "kind".into(), line: self.kind_line, column: self.kind_col, present: true }
    }

    /// A misconfiguration finding about `field`; the fingerprint identity is
    /// `kind/namespace/name/field-path`.
    pub fn finding(&self, rule_id: &str, severity: Severity, message: String, field: &FieldRef) -> Finding {
        let location = Location { path: self.file.clone(), line: field.line, column: field.column };
        let identity = format!("{}/{}", self.identity(), field.path);
        Finding::new(FindingKind::Misconfiguration, rule_id, severity, message, location, &identity)
    }
}

/// What [`K8sObject`] reads from its mapping besides the tree itself.
struct Header {
    api_version: String,
    kind: String,
    name: String,
    namespace: Option<String>,
    kind_line: u32,
    kind_col: u32,
}

impl Header {
    fn read(node: &Node, inherited: Option<(&str, &str)>) -> Option<Header> {
        node.as_mapping()?;
        let api = entry(node, "apiVersion").and_then(|(_, v)| string_value(v));
        let kind = entry(node, "kind").and_then(|(k, v)| Some((k, string_value(v)?)));
        let (api_version, kind_name, (kind_line, kind_col)) = match (api, kind, inherited) {
            (Some(a), Some((k, kind)), _) => (a, kind, (k.line, k.column)),
            (None, None, Some((a, kind))) => (a.to_string(), kind.to_string(), (node.line, node.column)),
            _ => return None,
        };
        if api_version.is_empty() || kind_name.is_empty() {
            return None;
        }
        let meta = value(node, "metadata");
        let name = meta
            .and_then(|m| value(m, "name").or_else(|| value(m, "generateName")))
            .and_then(string_value)
            .unwrap_or_default();
        let namespace = meta.and_then(|m| value(m, "namespace")).and_then(string_value).filter(|s| !s.is_empty());
        Some(Header { api_version, kind: kind_name, name, namespace, kind_line, kind_col })
    }

    fn object(self, root: Node, file: &str, doc_index: usize, list_index: Option<usize>) -> K8sObject {
        K8sObject {
            file: file.to_string(),
            doc_index,
            list_index,
            api_version: self.api_version,
            kind: self.kind,
            name: self.name,
            namespace: self.namespace,
            root,
            kind_line: self.kind_line,
            kind_col: self.kind_col,
        }
    }
}

/// A field of an object: its path and where to point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRef {
    /// Dotted path from the object root; containers are named by their
    /// `name` (`spec.containers[web]`) so the path survives reordering.
    pub path: String,
    pub line: u32,
    pub column: u32,
    /// False when the field is missing and the position is the enclosing
    /// block's.
    pub present: bool,
}

impl FieldRef {
    /// The key of `key` in `parent` (at `parent_path`), or, when the key is
    /// absent, the parent block's own position (`parent_at`).
    pub fn child(parent: &Node, parent_path: &str, parent_at: (u32, u32), key: &str) -> FieldRef {
        let path = join(parent_path, key);
        match entry(parent, key) {
            Some((k, _)) => FieldRef { path, line: k.line, column: k.column, present: true },
            None => FieldRef::missing(path, parent_at),
        }
    }

    /// A missing field, pointed at the enclosing block.
    pub fn missing(path: String, at: (u32, u32)) -> FieldRef {
        FieldRef { path, line: at.0, column: at.1, present: false }
    }

    /// A present node (a sequence item, a value).
    pub fn node(path: String, node: &Node) -> FieldRef {
        FieldRef { path, line: node.line, column: node.column, present: true }
    }
}

/// `a.b` from `a` and `b` (or `b` when `a` is empty).
pub fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() { key.to_string() } else { format!("{parent}.{key}") }
}

/// The key and value of `key` in a mapping (the last one when repeated, as
/// Kubernetes' decoder keeps the last). YAML merge keys (`<<: *base`,
/// `<<: [*a, *b]`), which `yaml.v2` honours, are followed when the key is
/// not set explicitly: explicit keys win, then the merged mappings in
/// order. The position returned is where the merged key is written (the
/// anchor's mapping, relocated to the alias by the parser).
pub fn entry<'a>(node: &'a Node, key: &str) -> Option<(&'a Node, &'a Node)> {
    entry_depth(node, key, 0)
}

fn entry_depth<'a>(node: &'a Node, key: &str, depth: usize) -> Option<(&'a Node, &'a Node)> {
    let entries = node.as_mapping()?;
    // One pass from the end: the last explicit key wins; note whether there
    // are merge keys to follow if it is absent.
    let mut merges = false;
    for (k, v) in entries.iter().rev() {
        if let NodeKind::Scalar { value, quoted } = &k.kind {
            let merge = !*quoted && value == "<<";
            if same_key(value, key) && !merge {
                return Some((k, v));
            }
            merges |= merge;
        }
    }
    if !merges || depth > 16 {
        return None;
    }
    for (k, v) in entries {
        if !is_merge_key(k) {
            continue;
        }
        let found = match v.as_sequence() {
            Some(items) => items.iter().find_map(|src| entry_depth(src, key, depth + 1)),
            None => entry_depth(v, key, depth + 1),
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// `a == b` for mapping keys. Keys are short and many share a length
/// (`kind`, `name`, `spec`), so comparing the bytes in line, starting with
/// the first, beats a call to `memcmp` for each candidate; lookups are the
/// checks' most frequent operation.
#[inline]
fn same_key(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// The value of `key` in a mapping, merge keys followed (see [`entry`]).
pub fn value<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    entry(node, key).map(|(_, v)| v)
}

/// An unquoted `<<` key.
pub(crate) fn is_merge_key(k: &Node) -> bool {
    matches!(&k.kind, NodeKind::Scalar { value, quoted: false } if value == "<<")
}

/// The last line `node` spans: its deepest last child, or for a multi-line
/// scalar (a block scalar's text) its first line plus its line breaks.
pub fn last_line(node: &Node) -> u32 {
    match &node.kind {
        NodeKind::Scalar { value, .. } => node.line + value.trim_end_matches('\n').matches('\n').count() as u32,
        NodeKind::Sequence(items) => items.iter().map(last_line).max().unwrap_or(node.line).max(node.line),
        NodeKind::Mapping(entries) => {
            entries.iter().map(|(k, v)| last_line(k).max(last_line(v))).max().unwrap_or(node.line).max(node.line)
        }
    }
}

/// The node at a dotted path with optional `[n]` sequence indexes.
pub fn node_at<'a>(root: &'a Node, path: &str) -> Option<&'a Node> {
    let mut node = root;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, indexes) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            node = value(node, key)?;
        }
        for idx in indexes.split('[').filter(|s| !s.is_empty()) {
            let n: usize = idx.strip_suffix(']')?.parse().ok()?;
            node = node.as_sequence()?.get(n)?;
        }
    }
    Some(node)
}

/// A string value: any scalar that is not null. Kubernetes' decoder turns
/// plain `true` or `1` into JSON booleans/numbers, which a string field
/// rejects; the checks only need the text, so every non-null scalar counts.
pub fn string_value(node: &Node) -> Option<String> {
    if node.is_null() {
        return None;
    }
    node.as_str().map(str::to_string)
}

/// A boolean as Kubernetes reads it: an unquoted YAML 1.1 boolean
/// (`y|Y|yes|Yes|YES|on|On|ON|true|True|TRUE` and the `n/no/off/false`
/// spellings, as `yaml.v2` resolves them). Quoted text, null and anything
/// else is `None` (a string in a boolean field fails decoding; null is
/// "unset").
pub fn bool_at(node: &Node) -> Option<bool> {
    match &node.kind {
        NodeKind::Scalar { value, quoted: false } => match value.as_str() {
            "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => Some(true),
            "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// The boolean under `key`, if set.
pub fn bool_field(node: &Node, key: &str) -> Option<bool> {
    value(node, key).and_then(bool_at)
}

/// An integer as YAML 1.1 (`yaml.v2`) reads an unquoted scalar: optional
/// sign, `_` separators, `0b` binary, `0x` hex, leading-`0` octal, decimal.
/// Floats with an integral value (`0.0`, `1e3`) are accepted as Kubernetes'
/// JSON number handling accepts them for integer fields.
pub fn int_at(node: &Node) -> Option<i64> {
    let NodeKind::Scalar { value, quoted: false } = &node.kind else { return None };
    // Copy only when there are separators to drop: schema validation reads
    // every scalar through here.
    let text: std::borrow::Cow<str> =
        if value.contains('_') { value.chars().filter(|c| *c != '_').collect::<String>().into() } else { value.as_str().into() };
    let (neg, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text.as_ref()),
    };
    if digits.is_empty() {
        return None;
    }
    let magnitude = if let Some(b) = digits.strip_prefix("0b") {
        i64::from_str_radix(b, 2).ok()
    } else if let Some(h) = digits.strip_prefix("0x") {
        i64::from_str_radix(h, 16).ok()
    } else if digits.len() > 1 && digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit()) {
        i64::from_str_radix(&digits[1..], 8).ok()
    } else if digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse::<i64>().ok()
    } else {
        digits.parse::<f64>().ok().filter(|f| f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e18).map(|f| f as i64)
    }?;
    Some(if neg { -magnitude } else { magnitude })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::yaml::parse_documents;

    fn doc(text: &str) -> Node {
        parse_documents(text).unwrap().remove(0)
    }

    #[test]
    fn check_yaml_1_1_booleans_as_kubernetes_reads_them() {
        let d = doc("a: yes\nb: On\nc: 'yes'\nd: N\ne: FALSE\nf: tRue\ng: ~\n");
        assert_eq!(bool_field(&d, "a"), Some(true));
        assert_eq!(bool_field(&d, "b"), Some(true));
        assert_eq!(bool_field(&d, "c"), None, "quoted text is a string");
        assert_eq!(bool_field(&d, "d"), Some(false));
        assert_eq!(bool_field(&d, "e"), Some(false));
        assert_eq!(bool_field(&d, "f"), None, "mixed case is not a YAML 1.1 boolean");
        assert_eq!(bool_field(&d, "g"), None);
    }

    #[test]
    fn check_merge_keys_are_followed_and_explicit_keys_win() {
        let d = doc("base: &b {privileged: true, runAsUser: 0}\nother: &o {runAsUser: 5, x: 1}\nsc:\n  <<: [*b, *o]\n  runAsUser: 7\n");
        let sc = d.get("sc").unwrap();
        assert_eq!(entry(sc, "privileged").map(|(_, v)| bool_at(v)), Some(Some(true)));
        assert_eq!(entry(sc, "runAsUser").and_then(|(_, v)| int_at(v)), Some(7));
        assert_eq!(entry(sc, "x").and_then(|(_, v)| int_at(v)), Some(1));
        assert!(entry(sc, "<<").is_none());
    }

    #[test]
    fn check_yaml_1_1_integers() {
        let d = doc("a: 0\nb: -0\nc: 0x0\nd: 010\ne: 1_000\nf: '0'\ng: 0.0\nh: 0b11\ni: abc\n");
        let v = |k| d.get(k).and_then(int_at);
        assert_eq!((v("a"), v("b"), v("c"), v("d"), v("e")), (Some(0), Some(0), Some(0), Some(8), Some(1000)));
        assert_eq!((v("f"), v("g"), v("h"), v("i")), (None, Some(0), Some(3), None));
    }

    #[test]
    fn check_objects_need_string_api_version_and_kind_and_paths_resolve() {
        let d = doc("apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ns}\nspec:\n  containers:\n  - name: a\n");
        let o = K8sObject::from_node(&d, "f.yaml", 0, None).unwrap();
        assert_eq!((o.kind.as_str(), o.name.as_str(), o.namespace.as_deref()), ("Pod", "p", Some("ns")));
        assert_eq!((o.kind_line, o.kind_col), (2, 1));
        assert_eq!(o.at("spec.containers[0].name").and_then(Node::as_str), Some("a"));
        assert!(o.at("spec.containers[1]").is_none());
        assert!(K8sObject::from_node(&doc("kind: Pod\n"), "f", 0, None).is_none());
        assert!(K8sObject::from_node(&doc("apiVersion: [v1]\nkind: Pod\n"), "f", 0, None).is_none());
        let spec = o.at("spec").unwrap();
        let missing = FieldRef::child(spec, "spec", (4, 1), "hostNetwork");
        assert_eq!((missing.line, missing.column, missing.present), (4, 1, false));
        let present = FieldRef::child(spec, "spec", (4, 1), "containers");
        assert_eq!((present.line, present.column, present.path.as_str()), (5, 3, "spec.containers"));
        let f = |p: &str| {
            let r = o.field(p);
            (r.line, r.column, r.present)
        };
        assert_eq!(f("spec.containers[0].name"), (6, 5, true));
        assert_eq!(f("spec.containers[0]"), (6, 5, true));
        assert_eq!(f("spec.containers[0].securityContext.privileged"), (6, 5, false), "the enclosing container");
        assert_eq!(f("spec.containers[3].image"), (5, 3, false), "the enclosing list");
        assert_eq!(f("spec.hostNetwork"), (4, 1, false));
        assert_eq!(f("status.phase"), (2, 1, false), "the kind: line");
    }
}
