//! Streams of concatenated JSON values, as `kubectl … -o json` prints several
//! objects (`{…}\n{…}`, no separator). That is not a YAML stream (YAML needs
//! `---` between documents), so [`super::yaml::parse_documents`] refuses it;
//! Kubernetes' own decoder reads it. Each value is parsed on its own and its
//! positions moved to where it sits in the whole text.

use super::yaml::{parse_documents, Node, NodeKind, YamlError};

/// The documents of `text` when it is two or more JSON objects or arrays one
/// after the other; `None` when it is not such a stream (the caller keeps its
/// own error).
pub fn parse_concatenated(text: &str) -> Option<Result<Vec<Node>, YamlError>> {
    let spans = value_spans(text)?;
    if spans.len() < 2 {
        return None;
    }
    let mut docs = Vec::with_capacity(spans.len());
    for (start, end) in spans {
        let before = &text[..start];
        let line_offset = before.matches('\n').count() as u32;
        let column_offset = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32;
        let mut parsed = match parse_documents(&text[start..end]) {
            Ok(p) => p,
            Err(mut e) => {
                e.line += line_offset;
                return Some(Err(e));
            }
        };
        for doc in &mut parsed {
            shift(doc, line_offset, column_offset);
        }
        docs.extend(parsed);
    }
    Some(Ok(docs))
}

/// Byte ranges of the top-level `{…}`/`[…]` values of `text`, separated by
/// whitespace only; `None` when anything else sits between them or a value
/// is unterminated.
fn value_spans(text: &str) -> Option<Vec<(usize, usize)>> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'{' | b'[' => {
                let end = value_end(bytes, i)?;
                spans.push((i, end));
                i = end;
            }
            _ => return None,
        }
    }
    Some(spans)
}

/// The end (exclusive) of the bracketed value starting at `start`, with
/// strings and escapes skipped.
fn value_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut i = start;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        return Some(i + 1);
                    }
                }
                _ => {}
            }
        }
        i += 1;
    }
    None
}

/// Moves `node` down `lines` lines; nodes on its first line also move right
/// by `columns`.
fn shift(node: &mut Node, lines: u32, columns: u32) {
    if node.line == 1 {
        node.column += columns;
    }
    node.line += lines;
    match &mut node.kind {
        NodeKind::Mapping(entries) => {
            for (k, v) in entries {
                shift(k, lines, columns);
                shift(v, lines, columns);
            }
        }
        NodeKind::Sequence(items) => {
            for item in items {
                shift(item, lines, columns);
            }
        }
        NodeKind::Scalar { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concatenated_objects_are_documents_at_their_own_positions() {
        let text = "{\n  \"kind\": \"A\"\n}\n{\n  \"kind\": \"B\",\n  \"s\": \"}{\\\"\"\n}\n  [1]";
        let docs = parse_concatenated(text).unwrap().unwrap();
        assert_eq!(docs.len(), 3);
        let kind_b = docs[1].as_mapping().unwrap()[0].0.clone();
        assert_eq!((kind_b.line, kind_b.column), (5, 3));
        assert_eq!(docs[1].get_str("s"), Some("}{\""), "braces and quotes inside strings do not count");
        assert_eq!((docs[2].line, docs[2].column), (8, 3), "the first line's column is shifted too");
    }

    #[test]
    fn anything_else_is_not_a_stream() {
        assert!(parse_concatenated("{\"a\": 1}").is_none(), "one value is plain JSON");
        assert!(parse_concatenated("{\"a\": 1} x {\"b\": 2}").is_none());
        assert!(parse_concatenated("{\"a\": 1}\n{\"b\": ").is_none(), "unterminated");
        assert!(parse_concatenated("a: 1\n").is_none());
        let bad = parse_concatenated("{\"a\": 1}\n{\"b\" 2}").unwrap().unwrap_err();
        assert_eq!(bad.line, 2, "errors carry the line in the whole text");
    }
}
