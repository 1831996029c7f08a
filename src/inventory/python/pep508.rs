//! PEP 508 dependency specifiers, as far as inventory needs them:
//! `name[extra,…] (specifiers | @ url) ; marker`.
//!
//! The marker is kept as text (never evaluated); specifiers are checked for
//! shape (an operator and a version) so typos are reported, not guessed at.

/// One parsed requirement; every field borrows from the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Requirement<'a> {
    pub name: &'a str,
    pub extras: Vec<&'a str>,
    pub spec: Spec<'a>,
    pub marker: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Spec<'a> {
    /// No version constraint (`flask`).
    Any,
    /// Version specifiers as written, parentheses removed (`>=2,<3`).
    Versions(&'a str),
    /// A direct reference (`name @ https://…`).
    Url(&'a str),
}

/// A problem and the byte offset (in the parsed text) where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pep508Error {
    pub offset: usize,
    pub message: String,
}

const OPERATORS: [&str; 8] = ["===", "==", "!=", "<=", ">=", "~=", "<", ">"];

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')
}

/// The project name at the start of `s` (leading whitespace allowed), or
/// `None` when `s` does not start with one.
pub(crate) fn leading_name(s: &str) -> Option<&str> {
    let s = s.trim_start();
    let end = s.find(|c: char| !is_name_char(c)).unwrap_or(s.len());
    let name = &s[..end];
    let valid = name.starts_with(|c: char| c.is_ascii_alphanumeric()) && name.ends_with(|c: char| c.is_ascii_alphanumeric());
    valid.then_some(name)
}

pub(crate) fn parse(text: &str) -> Result<Requirement<'_>, Pep508Error> {
    let err = |offset: usize, message: &str| Pep508Error { offset, message: message.to_string() };
    let start = text.len() - text.trim_start().len();
    let s = &text[start..];
    let name_end = s.find(|c: char| !is_name_char(c)).unwrap_or(s.len());
    let name = &s[..name_end];
    if name.is_empty() {
        return Err(err(start, "expected a package name"));
    }
    if !name.starts_with(|c: char| c.is_ascii_alphanumeric()) || !name.ends_with(|c: char| c.is_ascii_alphanumeric()) {
        return Err(err(start, &format!("invalid package name {name:?}")));
    }
    let mut pos = start + name_end;
    let skip_ws = |pos: usize| pos + (text[pos..].len() - text[pos..].trim_start().len());
    pos = skip_ws(pos);

    let mut extras = Vec::new();
    if text[pos..].starts_with('[') {
        let close = text[pos..].find(']').ok_or_else(|| err(pos, "unclosed '[' in extras"))?;
        let inner = &text[pos + 1..pos + close];
        for extra in inner.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            if leading_name(extra) != Some(extra) {
                return Err(err(pos + 1, &format!("invalid extra name {extra:?}")));
            }
            extras.push(extra);
        }
        pos = skip_ws(pos + close + 1);
    }

    let rest = &text[pos..];
    let (spec, marker_at) = if let Some(after) = rest.strip_prefix('@') {
        let url_start = pos + 1 + (after.len() - after.trim_start().len());
        let url_len = text[url_start..].find(char::is_whitespace).unwrap_or(text.len() - url_start);
        let url = &text[url_start..url_start + url_len];
        if url.is_empty() {
            return Err(err(url_start, "expected a URL after '@'"));
        }
        let after_url = skip_ws(url_start + url_len);
        if after_url < text.len() && !text[after_url..].starts_with(';') {
            return Err(err(after_url, "expected ';' and a marker after the URL"));
        }
        (Spec::Url(url), after_url)
    } else {
        let spec_len = rest.find(';').unwrap_or(rest.len());
        let raw = rest[..spec_len].trim();
        let spec = if raw.is_empty() {
            Spec::Any
        } else {
            let inner = match raw.strip_prefix('(') {
                Some(r) => r.strip_suffix(')').ok_or_else(|| err(pos, "unclosed '(' in version specifiers"))?.trim(),
                None => raw,
            };
            check_specifiers(inner).map_err(|m| err(pos, &m))?;
            Spec::Versions(inner)
        };
        (spec, pos + spec_len)
    };
    let marker = text
        .get(marker_at..)
        .and_then(|m| m.strip_prefix(';'))
        .map(str::trim)
        .filter(|m| !m.is_empty());
    Ok(Requirement { name, extras, spec, marker })
}

/// Checks `>=1.0, <2` clause by clause: an operator, then a version made of
/// version characters.
fn check_specifiers(spec: &str) -> Result<(), String> {
    for clause in spec.split(',') {
        let clause = clause.trim();
        let Some(op) = OPERATORS.iter().find(|op| clause.starts_with(**op)) else {
            return Err(format!("expected a version operator (==, >=, ~=, …) in {clause:?}"));
        };
        let version = clause[op.len()..].trim();
        let ok_chars = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '*' | '+' | '!' | '-' | '_');
        if version.is_empty() || !(*op == "===" || version.chars().all(ok_chars)) {
            return Err(format!("invalid version in {clause:?}"));
        }
    }
    Ok(())
}

/// The exact version a specifier set pins (`==1.2.3`, `===1.2.3`), if any;
/// wildcards (`==1.*`) pin nothing.
pub(crate) fn exact_pin(spec: &str) -> Option<&str> {
    spec.split(',').find_map(|clause| {
        let clause = clause.trim();
        let version = clause.strip_prefix("===").or_else(|| clause.strip_prefix("=="))?.trim();
        (!version.is_empty() && !version.contains('*')).then_some(version)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_extras_specifiers_and_markers() {
        let r = parse("Flask_Login[a, b] >=1.0,<2 ; python_version < \"3.8\"").unwrap();
        assert_eq!(r.name, "Flask_Login");
        assert_eq!(r.extras, ["a", "b"]);
        assert_eq!(r.spec, Spec::Versions(">=1.0,<2"));
        assert_eq!(r.marker, Some("python_version < \"3.8\""));
        assert_eq!(parse("requests (>=2.0)").unwrap().spec, Spec::Versions(">=2.0"));
        assert_eq!(parse("flask").unwrap().spec, Spec::Any);
        assert_eq!(parse("x==1;sys_platform=='win32'").unwrap().marker, Some("sys_platform=='win32'"));
    }

    #[test]
    fn direct_references() {
        let r = parse("pkg @ https://h/pkg-1.0.whl ; python_version>'3'").unwrap();
        assert_eq!(r.spec, Spec::Url("https://h/pkg-1.0.whl"));
        assert_eq!(r.marker, Some("python_version>'3'"));
        assert_eq!(parse("pkg@git+https://h/r@v1").unwrap().spec, Spec::Url("git+https://h/r@v1"));
    }

    #[test]
    fn exact_pins_only() {
        assert_eq!(exact_pin("==1.2.3"), Some("1.2.3"));
        assert_eq!(exact_pin("===1.0-custom"), Some("1.0-custom"));
        assert_eq!(exact_pin("==1.*"), None);
        assert_eq!(exact_pin(">=1,<2"), None);
    }

    #[test]
    fn malformed_requirements_are_errors_with_offsets() {
        assert_eq!(parse("requests==").unwrap_err().offset, 8);
        assert_eq!(parse("foo bar").unwrap_err().offset, 4);
        assert_eq!(parse("-foo").unwrap_err().offset, 0);
        assert!(parse("foo[bar").is_err());
        assert!(parse("foo @ ").is_err());
        assert!(parse("foo (>=1").is_err());
        assert!(parse("foo @ https://x y").is_err());
    }
}
