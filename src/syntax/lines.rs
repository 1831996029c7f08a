//! Byte offset → line/column translation.
//!
//! Parsers work in byte offsets (cheap to carry); people read lines and
//! columns. A `LineIndex` is built once per file and answers in O(log n).

/// A 1-based line and 1-based column (columns count characters, not bytes,
/// so editors and SARIF viewers land on the right character).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// Start offsets of every line in a text.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        LineIndex { text, starts: line_starts(text) }
    }

    /// Line and column of a byte offset; offsets past the end clamp to the end.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line_idx = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line_idx];
        let column = self
            .text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start);
        LineCol {
            line: line_idx as u32 + 1,
            column: column as u32 + 1,
        }
    }

    /// 1-based line of a byte offset. Cheaper than [`Self::line_col`]: no
    /// character counting, which matters on minified single-line files.
    pub fn line(&self, offset: usize) -> u32 {
        let offset = offset.min(self.text.len());
        match self.starts.binary_search(&offset) {
            Ok(i) => i as u32 + 1,
            Err(i) => i as u32,
        }
    }
}

/// Byte offsets at which each line of `text` starts (the first is 0).
pub fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::with_capacity(text.len() / 32 + 1);
    starts.push(0);
    starts.extend(memchr_newlines(text.as_bytes()));
    starts
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_lines_and_char_columns() {
        let idx = LineIndex::new("ab\ncé d\n\nx");
        assert_eq!(idx.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(idx.line_col(3), LineCol { line: 2, column: 1 });
        // 'é' is two bytes: the space after it is the third character.
        assert_eq!(idx.line_col(6), LineCol { line: 2, column: 3 });
        assert_eq!(idx.line_col(9), LineCol { line: 3, column: 1 });
        assert_eq!(idx.line_col(10), LineCol { line: 4, column: 1 });
        assert_eq!(idx.line_col(999), LineCol { line: 4, column: 2 });
        for offset in 0..12 {
            assert_eq!(idx.line(offset), idx.line_col(offset).line, "offset {offset}");
        }
    }
}
