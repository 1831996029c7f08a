//! The small glob language of `path` scopes in ignore rules.
//!
//! Patterns are matched against the whole path (relative to the scanned
//! root, `/`-separated), case-sensitively:
//! - `?` matches one character other than `/`;
//! - `*` matches any run of characters other than `/`;
//! - `**` as a whole path segment matches any number of segments, none
//!   included (`**/package-lock.json` matches `package-lock.json` and
//!   `web/app/package-lock.json`; `services/**` matches everything below
//!   `services/`); elsewhere `**` matches any run of characters, `/` included;
//! - `\` makes the next character literal.
//!
//! Matching is a dynamic programme over (pattern position, path position),
//! so no pattern can make it exponential.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Literal(char),
    /// `?`
    One,
    /// `*`
    Star,
    /// `**` not forming a whole segment: anything, `/` included.
    Any,
    /// `**/` at the start of a segment: zero or more whole segments.
    Dirs,
}

#[derive(Clone, PartialEq, Eq)]
pub struct Glob {
    pattern: String,
    tokens: Vec<Token>,
}

impl fmt::Debug for Glob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Glob({:?})", self.pattern)
    }
}

impl fmt::Display for Glob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.pattern)
    }
}

impl Glob {
    pub fn new(pattern: &str) -> Result<Glob, String> {
        if pattern.is_empty() {
            return Err("empty path pattern".to_string());
        }
        let chars: Vec<char> = pattern.chars().collect();
        let mut tokens = Vec::with_capacity(chars.len());
        let mut i = 0;
        while i < chars.len() {
            let at_segment_start = i == 0 || chars[i - 1] == '/';
            match chars[i] {
                '\\' => {
                    let c = *chars.get(i + 1).ok_or_else(|| format!("path pattern {pattern:?} ends with a lone '\\'"))?;
                    tokens.push(Token::Literal(c));
                    i += 2;
                }
                '*' if chars.get(i + 1) == Some(&'*') => {
                    if at_segment_start && chars.get(i + 2) == Some(&'/') {
                        tokens.push(Token::Dirs);
                        i += 3;
                    } else {
                        tokens.push(Token::Any);
                        i += 2;
                        // `***` and longer runs mean nothing more than `**`.
                        while chars.get(i) == Some(&'*') {
                            i += 1;
                        }
                    }
                }
                '*' => {
                    tokens.push(Token::Star);
                    i += 1;
                }
                '?' => {
                    tokens.push(Token::One);
                    i += 1;
                }
                c => {
                    tokens.push(Token::Literal(c));
                    i += 1;
                }
            }
        }
        Ok(Glob { pattern: pattern.to_string(), tokens })
    }

    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// Whether `path` matches. Backslashes in `path` count as `/` and a
    /// leading `./` is ignored, so Windows-style and dotted paths match too.
    pub fn matches(&self, path: &str) -> bool {
        let normalized = path.replace('\\', "/");
        let mut path = normalized.as_str();
        while let Some(rest) = path.strip_prefix("./") {
            path = rest;
        }
        let text: Vec<char> = path.chars().collect();
        let (n, m) = (self.tokens.len(), text.len());
        // next[j]: tokens[i+1..] match text[j..]; cur[j]: tokens[i..] match text[j..].
        let mut next = vec![false; m + 1];
        next[m] = true;
        let mut cur = vec![false; m + 1];
        for i in (0..n).rev() {
            match self.tokens[i] {
                Token::Literal(c) => {
                    cur[m] = false;
                    for j in 0..m {
                        cur[j] = text[j] == c && next[j + 1];
                    }
                }
                Token::One => {
                    cur[m] = false;
                    for j in 0..m {
                        cur[j] = text[j] != '/' && next[j + 1];
                    }
                }
                Token::Star => {
                    cur[m] = next[m];
                    for j in (0..m).rev() {
                        cur[j] = next[j] || (text[j] != '/' && cur[j + 1]);
                    }
                }
                Token::Any => {
                    cur[m] = next[m];
                    for j in (0..m).rev() {
                        cur[j] = next[j] || cur[j + 1];
                    }
                }
                Token::Dirs => {
                    // Zero segments, or any text up to and including a '/'.
                    let mut through_slash = false;
                    cur[m] = next[m];
                    for j in (0..m).rev() {
                        through_slash = (text[j] == '/' && next[j + 1]) || through_slash;
                        cur[j] = next[j] || through_slash;
                    }
                }
            }
            std::mem::swap(&mut cur, &mut next);
        }
        next[0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, path: &str) -> bool {
        Glob::new(pattern).unwrap().matches(path)
    }

    #[test]
    fn literals_question_marks_and_stars() {
        assert!(m("package-lock.json", "package-lock.json"));
        assert!(!m("package-lock.json", "web/package-lock.json"), "anchored at the root");
        assert!(m("web/*.lock", "web/yarn.lock"));
        assert!(!m("web/*.lock", "web/sub/yarn.lock"), "* stays within a segment");
        assert!(m("web/*", "web/x"));
        assert!(m("web/*", "web/"), "* may match nothing");
        assert!(m("requirements-?.txt", "requirements-a.txt"));
        assert!(!m("requirements-?.txt", "requirements-ab.txt"));
        assert!(!m("a?b", "a/b"));
        assert!(m("*", "Cargo.lock"));
        assert!(!m("*", "crates/Cargo.lock"));
    }

    #[test]
    fn double_stars() {
        assert!(m("**/package-lock.json", "package-lock.json"));
        assert!(m("**/package-lock.json", "a/b/c/package-lock.json"));
        assert!(!m("**/package-lock.json", "a/b/c/npm-package-lock.json"));
        assert!(m("services/**", "services/api/go.mod"));
        assert!(m("services/**/go.mod", "services/go.mod"));
        assert!(m("services/**/go.mod", "services/a/b/go.mod"));
        assert!(!m("services/**/go.mod", "other/services/go.mod"));
        assert!(m("**", "anything/at/all"));
        assert!(m("a**z", "a/b/z"), "** inside a segment crosses '/'");
        assert!(m("tests/fixtures/**/*.json", "tests/fixtures/npm/v3/package-lock.json"));
        assert!(!m("tests/fixtures/**/*.json", "tests/fixtures/npm/v3/yarn.lock"));
    }

    #[test]
    fn escapes_and_normalisation() {
        assert!(m(r"weird\*name", "weird*name"));
        assert!(!m(r"weird\*name", "weirdXname"));
        assert!(m("web/*.lock", "./web/yarn.lock"));
        assert!(m("web/*.lock", r"web\yarn.lock"));
        assert!(Glob::new("").is_err());
        assert!(Glob::new("x\\").is_err());
    }

    #[test]
    fn hostile_patterns_stay_fast() {
        let pattern = "*a".repeat(50) + "b";
        let path = "a".repeat(2000);
        assert!(!m(&pattern, &path));
        assert!(m(&"**/".repeat(40), &"x/".repeat(500)));
        assert!(!m(&("**/".repeat(40) + "y"), &"x/".repeat(500)));
    }
}
