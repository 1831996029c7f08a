//! YAML documents as trees whose nodes remember their line and column.
//!
//! Built on `saphyr-parser`'s event stream (a YAML 1.2 parser that reports
//! spans). Scalars are kept as text with their quoting style; interpreting
//! them (YAML 1.1 booleans for Kubernetes, versions for lockfiles) is the
//! caller's business, because that is where the rules differ.
//!
//! Aliases are expanded, but the number of nodes an alias may produce is
//! bounded so that a "billion laughs" document fails instead of exhausting
//! memory.

use compact_str::CompactString;
use saphyr_parser::{Event, Parser, ScalarStyle, Span};

/// Nodes that alias expansion may create per document before we give up.
const MAX_EXPANDED_NODES: usize = 1_000_000;
/// Deepest nesting accepted.
const MAX_DEPTH: usize = 512;

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// Scalars of up to 24 bytes (nearly every key and most values) are
    /// stored inline: no allocation each, and key comparisons in lookups
    /// read the node itself instead of chasing a pointer.
    Scalar { value: CompactString, quoted: bool },
    Sequence(Vec<Node>),
    Mapping(Vec<(Node, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    /// 1-based line of the node's first character.
    pub line: u32,
    /// 1-based column (in characters).
    pub column: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct YamlError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl Node {
    /// Scalar text (plain or quoted); `None` for collections.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }
    pub fn as_mapping(&self) -> Option<&[(Node, Node)]> {
        match &self.kind {
            NodeKind::Mapping(entries) => Some(entries),
            _ => None,
        }
    }
    pub fn as_sequence(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Sequence(items) => Some(items),
            _ => None,
        }
    }
    /// True for `~`, `null`, an empty plain scalar: YAML's spellings of null.
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, NodeKind::Scalar { value, quoted: false }
            if matches!(value.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }
    /// The value under a scalar key of a mapping (the last one if repeated).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_mapping()?
            .iter()
            .rev()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v)
    }
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key)?.as_str()
    }
    /// Entries of the mapping under `key`, or an empty slice.
    pub fn entries(&self, key: &str) -> &[(Node, Node)] {
        self.get(key).and_then(Node::as_mapping).unwrap_or(&[])
    }
}

/// Parses every document of a YAML stream.
pub fn parse_documents(text: &str) -> Result<Vec<Node>, YamlError> {
    let mut builder = Builder {
        parser: Parser::new_from_str(text),
        anchors: Vec::new(),
        expanded: 0,
        items: Vec::new(),
        pairs: Vec::new(),
    };
    builder.stream()
}

struct Builder<'a> {
    parser: Parser<'a, saphyr_parser::StrInput<'a>>,
    anchors: Vec<(usize, Node)>,
    expanded: usize,
    /// Scratch stacks for the children of the open sequences and mappings:
    /// each collection pushes its children here and, at its end, moves them
    /// into a vector of exactly the right size (no growth reallocations,
    /// no spare capacity kept in the tree).
    items: Vec<Node>,
    pairs: Vec<(Node, Node)>,
}

fn position(span: &Span) -> (u32, u32) {
    (span.start.line() as u32, span.start.col() as u32 + 1)
}

impl<'a> Builder<'a> {
    fn next(&mut self) -> Result<(Event<'a>, Span), YamlError> {
        match self.parser.next_event() {
            Some(Ok(event)) => Ok(event),
            Some(Err(e)) => Err(YamlError {
                line: e.marker().line() as u32,
                column: e.marker().col() as u32 + 1,
                message: e.info().to_string(),
            }),
            None => Err(YamlError {
                line: 0,
                column: 0,
                message: "unexpected end of YAML stream".into(),
            }),
        }
    }

    fn stream(&mut self) -> Result<Vec<Node>, YamlError> {
        let mut docs = Vec::new();
        loop {
            let (event, span) = self.next()?;
            match event {
                Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
                Event::StreamEnd => return Ok(docs),
                Event::DocumentStart(_) => {
                    self.anchors.clear();
                    self.expanded = 0;
                    let (event, span) = self.next()?;
                    let node = self.node(event, span, 0)?;
                    docs.push(node);
                }
                other => {
                    let (line, column) = position(&span);
                    return Err(YamlError {
                        line,
                        column,
                        message: format!("unexpected YAML event {other:?}"),
                    });
                }
            }
        }
    }

    fn node(&mut self, event: Event<'a>, span: Span, depth: usize) -> Result<Node, YamlError> {
        let (line, column) = position(&span);
        let err = |message: String| YamlError {
            line,
            column,
            message,
        };
        if depth > MAX_DEPTH {
            return Err(err(format!("nesting deeper than {MAX_DEPTH} levels")));
        }
        self.expanded += 1;
        let (node, anchor) = match event {
            Event::Scalar(value, style, anchor, _tag) => (
                Node {
                    kind: NodeKind::Scalar {
                        value: exact(value),
                        quoted: !matches!(style, ScalarStyle::Plain),
                    },
                    line,
                    column,
                },
                anchor,
            ),
            Event::SequenceStart(anchor, _tag) => {
                let start = self.items.len();
                loop {
                    let (event, span) = self.next()?;
                    if matches!(event, Event::SequenceEnd) {
                        break;
                    }
                    let item = self.node(event, span, depth + 1)?;
                    self.items.push(item);
                }
                let items: Vec<Node> = self.items.drain(start..).collect();
                (
                    Node {
                        kind: NodeKind::Sequence(items),
                        line,
                        column,
                    },
                    anchor,
                )
            }
            Event::MappingStart(anchor, _tag) => {
                let start = self.pairs.len();
                loop {
                    let (event, span) = self.next()?;
                    if matches!(event, Event::MappingEnd) {
                        break;
                    }
                    let key = self.node(event, span, depth + 1)?;
                    let (event, span) = self.next()?;
                    let value = self.node(event, span, depth + 1)?;
                    self.pairs.push((key, value));
                }
                let entries: Vec<(Node, Node)> = self.pairs.drain(start..).collect();
                (
                    Node {
                        kind: NodeKind::Mapping(entries),
                        line,
                        column,
                    },
                    anchor,
                )
            }
            Event::Alias(id) => {
                let target = self
                    .anchors
                    .iter()
                    .rev()
                    .find(|(a, _)| *a == id)
                    .map(|(_, n)| n.clone())
                    .ok_or_else(|| err("alias to an unknown anchor".into()))?;
                self.expanded += count_nodes(&target);
                if self.expanded > MAX_EXPANDED_NODES {
                    return Err(err(format!(
                        "aliases expand to more than {MAX_EXPANDED_NODES} nodes (a \"billion laughs\" document?)"
                    )));
                }
                // The alias stands where it is used: report that position.
                let mut node = target;
                node.line = line;
                node.column = column;
                return Ok(node);
            }
            other => return Err(err(format!("unexpected YAML event {other:?}"))),
        };
        if self.expanded > MAX_EXPANDED_NODES {
            return Err(err(format!("document larger than {MAX_EXPANDED_NODES} nodes")));
        }
        if anchor > 0 {
            self.anchors.push((anchor, node.clone()));
        }
        Ok(node)
    }
}

/// The scalar's text in an allocation of its own size. The scanner builds
/// plain scalars in buffers with room to spare (32 bytes and more); the tree
/// keeps every scalar for the whole run, so the spare room would add up to
/// more than the text itself.
/// The scalar as stored: inline when short, else a heap copy of exactly its
/// length (the scanner's buffers carry spare capacity).
fn exact(value: std::borrow::Cow<'_, str>) -> CompactString {
    CompactString::new(value.as_ref())
}

fn count_nodes(node: &Node) -> usize {
    match &node.kind {
        NodeKind::Scalar { .. } => 1,
        NodeKind::Sequence(items) => 1 + items.iter().map(count_nodes).sum::<usize>(),
        NodeKind::Mapping(entries) => {
            1 + entries
                .iter()
                .map(|(k, v)| count_nodes(k) + count_nodes(v))
                .sum::<usize>()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_carry_line_and_column() {
        let docs = parse_documents("a: 1\nb:\n  - x\n  - 'y'\n---\nc: {d: e}\n").unwrap();
        assert_eq!(docs.len(), 2);
        let b = docs[0].get("b").unwrap().as_sequence().unwrap();
        assert_eq!((b[1].line, b[1].column), (4, 5));
        assert_eq!(b[1].kind, NodeKind::Scalar { value: "y".into(), quoted: true });
        let d = docs[1].get("c").unwrap().get("d").unwrap();
        assert_eq!((d.line, d.as_str()), (6, Some("e")));
    }

    #[test]
    fn trees_hold_no_spare_capacity() {
        let long = "a-scalar-longer-than-twenty-four-bytes";
        let docs = parse_documents(&format!("a: plain-scalar\nb: [x, y, z]\nc: {{d: 1, e: 2}}\nf: {long}\n")).unwrap();
        let NodeKind::Scalar { value, .. } = &docs[0].get("a").unwrap().kind else { panic!() };
        assert_eq!((value.as_str(), value.is_heap_allocated()), ("plain-scalar", false), "short scalars are inline");
        let NodeKind::Scalar { value, .. } = &docs[0].get("f").unwrap().kind else { panic!() };
        assert_eq!((value.as_str(), value.capacity()), (long, long.len()));
        let NodeKind::Sequence(items) = &docs[0].get("b").unwrap().kind else { panic!() };
        assert_eq!(items.capacity(), 3);
        let NodeKind::Mapping(entries) = &docs[0].kind else { panic!() };
        assert_eq!(entries.capacity(), 4);
        assert_eq!(docs[0].get("c").unwrap().get_str("e"), Some("2"));
    }

    #[test]
    fn billion_laughs_is_refused() {
        let mut doc = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = format!("*a{}", i - 1);
            doc.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
        }
        let err = parse_documents(&doc).unwrap_err();
        assert!(err.message.contains("billion laughs"), "{err}");
    }

    #[test]
    fn syntax_errors_have_positions() {
        let err = parse_documents("a: 1\nb: [unclosed\nc: 2\n").unwrap_err();
        assert!(err.line >= 2, "{err:?}");
    }
}
