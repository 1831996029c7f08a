//! Source lines for findings: the human report shows the line a finding
//! points at with a caret under the column, and SARIF carries it as
//! `region.snippet`, so a reader needs neither the file nor an editor.
//!
//! A stage that read the text (the manifest loader, which may have read it
//! from standard input) keeps it in [`SourceTexts`] and calls
//! [`SourceTexts::attach`] once its findings are final. Reporters only read
//! [`Finding::snippet`]; they never open files themselves.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use crate::syntax::lines::line_starts;

use super::Finding;

/// Longest line kept, in characters: minified JSON has lines of megabytes,
/// and a snippet is for reading.
const MAX_CHARS: usize = 240;

/// The texts a stage read, by the path findings name them with.
#[derive(Debug, Default, Clone)]
pub struct SourceTexts {
    texts: HashMap<String, Source>,
}

/// One text and, once a finding asks for a line of it, where its lines start
/// (so attaching many snippets to one large file stays linear).
#[derive(Debug, Clone)]
struct Source {
    text: Arc<str>,
    starts: OnceLock<Vec<usize>>,
}

impl SourceTexts {
    pub fn insert(&mut self, path: &str, text: Arc<str>) {
        self.texts.insert(path.to_string(), Source { text, starts: OnceLock::new() });
    }

    pub fn merge(&mut self, other: SourceTexts) {
        self.texts.extend(other.texts);
    }

    /// Line `line` (1-based) of `path`, without its line break.
    pub fn line(&self, path: &str, line: u32) -> Option<&str> {
        let source = self.texts.get(path)?;
        let starts = source.starts.get_or_init(|| line_starts(&source.text));
        let n = usize::try_from(line).ok()?.checked_sub(1)?;
        let start = *starts.get(n)?;
        let end = starts.get(n + 1).map_or(source.text.len(), |next| next - 1);
        let l = source.text.get(start..end)?;
        Some(l.strip_suffix('\r').unwrap_or(l))
    }

    /// Sets the snippet of every finding that points at a line of a text
    /// held here (and has none yet). Where `sensitive` says so, the value
    /// on the line is masked ([`mask_value`]): a finding about a password in
    /// an env var must not print the password.
    pub fn attach(&self, findings: &mut [Finding], sensitive: impl Fn(&Finding) -> bool) {
        if self.texts.is_empty() {
            return;
        }
        for f in findings.iter_mut().filter(|f| f.snippet.is_none() && f.location.line > 0) {
            if let Some(line) = self.line(&f.location.path, f.location.line) {
                let line = clip(line);
                f.snippet = Some(if sensitive(f) { mask_value(&line) } else { line });
            }
        }
    }
}

/// `line`, cut to its first [`MAX_CHARS`] characters.
fn clip(line: &str) -> String {
    line.chars().take(MAX_CHARS).collect()
}

/// `line` with everything after its first `:` (a mapping value) replaced
/// by `****`; a line without one (a sequence item, a block-scalar line)
/// keeps only its indentation and `- `.
pub fn mask_value(line: &str) -> String {
    match line.find(':') {
        Some(i) => format!("{} ****", &line[..=i]),
        None => {
            let body = line.trim_start();
            let indent = &line[..line.len() - body.len()];
            let dash = if body.starts_with("- ") { "- " } else { "" };
            format!("{indent}{dash}****")
        }
    }
}

/// The two lines a terminal report prints under a finding:
/// `  12 |     image: nginx` and `     |            ^`. The caret line copies
/// tabs from the source so it lines up in any tab width.
pub fn render_with_caret(snippet: &str, line: u32, column: u32, indent: usize) -> String {
    let gutter = line.to_string();
    let pad = " ".repeat(indent);
    let blank = " ".repeat(gutter.len());
    let mut out = format!("{pad}{gutter} | {snippet}\n");
    // A column past a clipped line gets no caret rather than a wrong one.
    if column > 0 && column as usize <= snippet.chars().count() + 1 {
        let marker: String = snippet
            .chars()
            .take(column as usize - 1)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        out.push_str(&format!("{pad}{blank} | {marker}^\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FindingKind, Location, Severity};

    fn finding(path: &str, line: u32, column: u32) -> Finding {
        Finding::new(FindingKind::Misconfiguration, "r", Severity::Low, "m", Location { path: path.into(), line, column }, "")
    }

    #[test]
    fn attaches_the_pointed_line_without_its_line_break() {
        let mut texts = SourceTexts::default();
        texts.insert("a.yaml", Arc::from("kind: Pod\r\nspec:\n  hostPID: true\n"));
        let mut fs = [finding("a.yaml", 3, 3), finding("a.yaml", 2, 1), finding("b.yaml", 1, 1), finding("a.yaml", 9, 1)];
        texts.attach(&mut fs, |_| false);
        assert_eq!(fs[0].snippet.as_deref(), Some("  hostPID: true"));
        assert_eq!(fs[1].snippet.as_deref(), Some("spec:"));
        assert_eq!(fs[2].snippet, None, "a file not held");
        assert_eq!(fs[3].snippet, None, "a line past the end");
    }

    #[test]
    fn sensitive_findings_show_the_line_with_its_value_masked() {
        let mut texts = SourceTexts::default();
        texts.insert("w.yaml", Arc::from("env:\n  - name: PASSWORD\n    value: \"hunter2\"\n"));
        let mut fs = [finding("w.yaml", 3, 5), finding("w.yaml", 2, 5)];
        texts.attach(&mut fs, |f| f.location.line == 3);
        assert_eq!(fs[0].snippet.as_deref(), Some("    value: ****"));
        assert_eq!(fs[1].snippet.as_deref(), Some("  - name: PASSWORD"));
        assert_eq!(mask_value(r#"      "token": "abc","#), r#"      "token": ****"#);
        assert_eq!(mask_value("    - s3cr3t"), "    - ****");
        assert_eq!(mask_value("    MIIEvQIBADANBgkq"), "    ****");
    }

    #[test]
    fn caret_sits_under_the_column_and_follows_tabs() {
        assert_eq!(render_with_caret("  hostPID: true", 3, 3, 4), "    3 |   hostPID: true\n      |   ^\n");
        assert_eq!(render_with_caret("\tkey: v", 12, 2, 0), "12 | \tkey: v\n   | \t^\n");
        assert_eq!(render_with_caret("whole line", 7, 0, 0), "7 | whole line\n", "no column, no caret");
    }

    #[test]
    fn long_lines_are_clipped_and_lose_a_caret_they_cannot_place() {
        let line: String = (0..1000).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
        let cut = clip(&line);
        assert_eq!(cut.chars().count(), MAX_CHARS);
        assert!(line.starts_with(&cut));
        assert_eq!(clip("short"), "short");
        assert_eq!(render_with_caret(&cut, 1, 900, 0).lines().count(), 1);
        assert_eq!(render_with_caret(&cut, 1, 240, 0).lines().count(), 2);
    }
}
