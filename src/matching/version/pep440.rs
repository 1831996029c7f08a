//! PEP 440 versions (PyPI), exactly as the Python `packaging` library's
//! `packaging.version.Version` validates and orders them.
//!
//! Reference: `packaging` 26.4 from PyPI (`Version`, `parse`), run on
//! CPython 3.11 by `tests/version_lang.rs` through
//! `tests/differential/pep440.py` (the same pairs also agree 100% with
//! `packaging` 22.0 and 25.0). Since `packaging` 22 there is no
//! `LegacyVersion` fallback: a string that does not match the PEP 440
//! grammar raises `InvalidVersion`, and so does this module.
//!
//! # Grammar (case-insensitive, ASCII only except the surrounding whitespace)
//!
//! ```text
//! \s* v? [N!] N(.N)* [{a|b|rc}N] [.postN] [.devN] [+local] \s*
//! ```
//!
//! with the alternative spellings `packaging` accepts:
//! - leading `v`/`V`, and any Unicode whitespace around the version (Python's
//!   `str.isspace()` set, which is Rust's `char::is_whitespace` plus the
//!   information separators U+001C–U+001F);
//! - pre-release letters `alpha`→`a`, `beta`→`b`, `c`/`pre`/`preview`→`rc`,
//!   one optional `.`/`_`/`-` before the letter and one between the letter
//!   and its number, and an implicit number 0 (`1.0a` == `1.0a0`); the
//!   separator after the letter may be present without a number (`1.0a.`);
//! - post releases `post`/`rev`/`r` with the same separators and implicit 0
//!   (`1.0.post` == `1.0.post0`), or the implicit form `1.0-1` (`-` directly
//!   followed by digits) == `1.0.post1`;
//! - dev releases `dev` with the same separators and implicit 0;
//! - a local segment `+` followed by ASCII alphanumeric parts separated by
//!   `.`, `_` or `-` (all three are equivalent).
//!
//! The grammar is matched the way `packaging`'s regular expression matches
//! it on CPython ≥ 3.11.5, which uses possessive quantifiers: each optional
//! part is tried once, at its place, and never given back. For example
//! `1.0a-1` is `1.0a1` (the `-` belongs to the pre-release), not
//! `1.0a0.post1`.
//!
//! Numbers are arbitrary-precision (Python `int`), compared by magnitude;
//! leading zeros are insignificant (`1.01` == `1.1`, `+01` == `+1`).
//! One limit comes from Python itself: `int()` refuses a decimal string of
//! more than 4300 digits (leading zeros included; `sys.int_info`'s default
//! `max_str_digits`), so `packaging` raises `ValueError` for such a number
//! instead of returning a version. This module reports it as invalid.
//!
//! # Ordering (`packaging`'s `_cmpkey`)
//!
//! 1. epoch (absent = 0);
//! 2. release, with trailing zeros dropped (`1.0` == `1.0.0` == `1`);
//! 3. a suffix: a dev release without pre or post (`1.0.dev1`) sorts before
//!    every pre-release of the same release; then `a` < `b` < `rc` < no
//!    pre-release, each by its number; then no post release < post release
//!    (by number); then a dev release < no dev release (by number). So
//!    `1.0.dev1 < 1.0a1.dev1 < 1.0a1 < 1.0 < 1.0.post1.dev1 < 1.0.post1`;
//! 4. local: no local segment sorts before any local segment; local parts
//!    compare one by one, a numeric part (all digits) is greater than an
//!    alphanumeric one, numeric parts compare numerically, alphanumeric
//!    parts compare lowercased by code point, and a shorter local segment
//!    that is a prefix of a longer one sorts first.
//!
//! Two versions that differ only in spelling are equal (`1.0-ALPHA_1` ==
//! `1.0a1`); `Display` prints `packaging`'s normalised `str()` form.

use std::cmp::Ordering;
use std::fmt;

use super::InvalidVersion;

const SCHEME: &str = "PEP 440";

/// Python's default `sys.int_info.default_max_str_digits`.
const PY_MAX_STR_DIGITS: usize = 4300;

/// A non-negative integer of any size, kept as its decimal digits without
/// leading zeros ("" is zero), ordered by magnitude.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
struct Num(String);

impl Num {
    fn from_digits(digits: &str) -> Num {
        Num(digits.trim_start_matches('0').to_string())
    }
    fn is_zero(&self) -> bool {
        self.0.is_empty()
    }
}

impl Ord for Num {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.len().cmp(&other.0.len()).then_with(|| self.0.cmp(&other.0))
    }
}

impl PartialOrd for Num {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() { f.write_str("0") } else { f.write_str(&self.0) }
    }
}

/// The pre-release kinds, in their order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PreKind {
    Alpha,
    Beta,
    Rc,
}

impl PreKind {
    fn as_str(self) -> &'static str {
        match self {
            PreKind::Alpha => "a",
            PreKind::Beta => "b",
            PreKind::Rc => "rc",
        }
    }
}

/// One part of a local version label.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum LocalPart {
    /// Alphanumeric part, lowercased.
    Str(String),
    /// All-digit part.
    Int(Num),
}

impl Ord for LocalPart {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (LocalPart::Int(a), LocalPart::Int(b)) => a.cmp(b),
            (LocalPart::Str(a), LocalPart::Str(b)) => a.cmp(b),
            (LocalPart::Str(_), LocalPart::Int(_)) => Ordering::Less,
            (LocalPart::Int(_), LocalPart::Str(_)) => Ordering::Greater,
        }
    }
}

impl PartialOrd for LocalPart {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A parsed PEP 440 version. Equality and ordering are `packaging`'s
/// (`1.0 == 1.0.0`); `Display` gives the normalised form.
#[derive(Debug, Clone)]
pub struct Version {
    epoch: Num,
    release: Vec<Num>,
    pre: Option<(PreKind, Num)>,
    post: Option<Num>,
    dev: Option<Num>,
    local: Option<Vec<LocalPart>>,
}

impl Version {
    /// The release without trailing zeros, as compared.
    fn trimmed_release(&self) -> &[Num] {
        let mut n = self.release.len();
        while n > 0 && self.release[n - 1].is_zero() {
            n -= 1;
        }
        &self.release[..n]
    }

    /// `(pre_rank, pre_n, post_rank, post_n, dev_rank, dev_n)` of `_cmpkey`.
    fn suffix_cmp(&self, other: &Self) -> Ordering {
        fn pre_key(v: &Version) -> (i8, Option<&Num>) {
            match (&v.pre, &v.post, &v.dev) {
                (None, None, Some(_)) => (-1, None),
                (None, _, _) => (3, None),
                (Some((kind, n)), _, _) => (*kind as i8, Some(n)),
            }
        }
        let zero = Num::default();
        let (ar, an) = pre_key(self);
        let (br, bn) = pre_key(other);
        ar.cmp(&br)
            .then_with(|| an.unwrap_or(&zero).cmp(bn.unwrap_or(&zero)))
            // No post release sorts before any post release.
            .then_with(|| self.post.is_some().cmp(&other.post.is_some()))
            .then_with(|| self.post.as_ref().unwrap_or(&zero).cmp(other.post.as_ref().unwrap_or(&zero)))
            // A dev release sorts before no dev release.
            .then_with(|| self.dev.is_none().cmp(&other.dev.is_none()))
            .then_with(|| self.dev.as_ref().unwrap_or(&zero).cmp(other.dev.as_ref().unwrap_or(&zero)))
    }

    pub fn is_prerelease(&self) -> bool {
        self.pre.is_some() || self.dev.is_some()
    }

    pub fn has_local(&self) -> bool {
        self.local.is_some()
    }

    /// The same version without its local segment (`packaging`'s `public`).
    pub fn public(&self) -> Version {
        Version { local: None, ..self.clone() }
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        self.epoch
            .cmp(&other.epoch)
            .then_with(|| self.trimmed_release().cmp(other.trimmed_release()))
            .then_with(|| self.suffix_cmp(other))
            .then_with(|| self.local.cmp(&other.local))
    }
}

super::eq_from_ord!(Version);

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.epoch.is_zero() {
            write!(f, "{}!", self.epoch)?;
        }
        for (i, n) in self.release.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "{n}")?;
        }
        if let Some((kind, n)) = &self.pre {
            write!(f, "{}{n}", kind.as_str())?;
        }
        if let Some(n) = &self.post {
            write!(f, ".post{n}")?;
        }
        if let Some(n) = &self.dev {
            write!(f, ".dev{n}")?;
        }
        if let Some(local) = &self.local {
            for (i, part) in local.iter().enumerate() {
                f.write_str(if i == 0 { "+" } else { "." })?;
                match part {
                    LocalPart::Str(s) => f.write_str(s)?,
                    LocalPart::Int(n) => write!(f, "{n}")?,
                }
            }
        }
        Ok(())
    }
}

/// Python's `str.isspace()` (what `\s` matches in a `str` pattern).
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

fn is_sep(b: u8) -> bool {
    matches!(b, b'.' | b'_' | b'-')
}

/// A cursor over the (ASCII part of the) version; every access is checked.
struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    fn peek_at(&self, k: usize) -> Option<u8> {
        self.b.get(self.i + k).copied()
    }
    fn at_digit(&self) -> bool {
        self.peek().is_some_and(|b| b.is_ascii_digit())
    }
    /// Consumes a run of digits (possibly empty).
    fn digits(&mut self) -> &'a str {
        let start = self.i;
        while self.at_digit() {
            self.i += 1;
        }
        // Only ASCII digits were consumed, so this slice is valid UTF-8.
        std::str::from_utf8(self.b.get(start..self.i).unwrap_or_default()).unwrap_or_default()
    }
    /// Consumes one of `words` (tried in order, ASCII case-insensitively).
    fn word(&mut self, words: &[&'static str]) -> Option<&'static str> {
        for w in words {
            let end = self.i + w.len();
            if self.b.get(self.i..end).is_some_and(|s| s.eq_ignore_ascii_case(w.as_bytes())) {
                self.i = end;
                return Some(w);
            }
        }
        None
    }
    fn opt_sep(&mut self) {
        if self.peek().is_some_and(is_sep) {
            self.i += 1;
        }
    }
    /// `[._-]?+ WORD [._-]?+ ([0-9]++)?+` as one atomic optional group:
    /// the spelling found and the digits (maybe empty), or `None` with the
    /// cursor unmoved.
    fn letter_group(&mut self, words: &[&'static str]) -> Option<(&'static str, &'a str)> {
        let start = self.i;
        self.opt_sep();
        match self.word(words) {
            Some(w) => {
                self.opt_sep();
                Some((w, self.digits()))
            }
            None => {
                self.i = start;
                None
            }
        }
    }
}

/// Parses and validates a PEP 440 version as `packaging.version.Version`.
pub fn parse(s: &str) -> Result<Version, InvalidVersion> {
    let invalid = |reason: &str| InvalidVersion::new(SCHEME, s, reason);
    let trimmed = s.trim_matches(is_py_space);
    let mut c = Cursor { b: trimmed.as_bytes(), i: 0 };
    let mut numbers: Vec<&str> = Vec::new();

    if matches!(c.peek(), Some(b'v' | b'V')) {
        c.i += 1;
    }

    // Epoch: `(?:([0-9]++)!)?+`.
    let mut epoch = Num::default();
    {
        let start = c.i;
        let d = c.digits();
        if !d.is_empty() && c.peek() == Some(b'!') {
            c.i += 1;
            numbers.push(d);
            epoch = Num::from_digits(d);
        } else {
            c.i = start;
        }
    }

    // Release: `[0-9]++(?:\.[0-9]++)*+`.
    let first = c.digits();
    if first.is_empty() {
        return Err(invalid("expected a release number such as 1.0"));
    }
    let mut release_digits = vec![first];
    while c.peek() == Some(b'.') && c.peek_at(1).is_some_and(|b| b.is_ascii_digit()) {
        c.i += 1;
        release_digits.push(c.digits());
    }
    numbers.extend(release_digits.iter().copied());
    let release: Vec<Num> = release_digits.iter().map(|d| Num::from_digits(d)).collect();

    // Pre-release; the alternatives in the order `packaging` tries them.
    let pre = c
        .letter_group(&["alpha", "a", "beta", "b", "preview", "pre", "c", "rc"])
        .map(|(w, d)| {
            numbers.push(d);
            let kind = match w {
                "alpha" | "a" => PreKind::Alpha,
                "beta" | "b" => PreKind::Beta,
                _ => PreKind::Rc,
            };
            (kind, Num::from_digits(d))
        });

    // Post release: `-N` or `[._-]?(post|rev|r)[._-]?N?`.
    let post = if c.peek() == Some(b'-') && c.peek_at(1).is_some_and(|b| b.is_ascii_digit()) {
        c.i += 1;
        let d = c.digits();
        numbers.push(d);
        Some(Num::from_digits(d))
    } else {
        c.letter_group(&["post", "rev", "r"]).map(|(_, d)| {
            numbers.push(d);
            Num::from_digits(d)
        })
    };

    // Dev release.
    let dev = c.letter_group(&["dev"]).map(|(_, d)| {
        numbers.push(d);
        Num::from_digits(d)
    });

    // Local: `\+[a-z0-9]++(?:[._-][a-z0-9]++)*+`.
    let mut local = None;
    if c.peek() == Some(b'+') && c.peek_at(1).is_some_and(|b| b.is_ascii_alphanumeric()) {
        c.i += 1;
        let mut parts = Vec::new();
        loop {
            let start = c.i;
            while c.peek().is_some_and(|b| b.is_ascii_alphanumeric()) {
                c.i += 1;
            }
            let part = std::str::from_utf8(c.b.get(start..c.i).unwrap_or_default()).unwrap_or_default();
            if part.bytes().all(|b| b.is_ascii_digit()) {
                numbers.push(part);
                parts.push(LocalPart::Int(Num::from_digits(part)));
            } else {
                parts.push(LocalPart::Str(part.to_ascii_lowercase()));
            }
            if c.peek().is_some_and(is_sep) && c.peek_at(1).is_some_and(|b| b.is_ascii_alphanumeric()) {
                c.i += 1;
            } else {
                break;
            }
        }
        local = Some(parts);
    }

    if c.i != c.b.len() {
        return Err(invalid(match c.peek() {
            Some(b'+') => "a local version label needs ASCII letters or digits after '+'",
            _ => "does not match the PEP 440 grammar",
        }));
    }
    if numbers.iter().any(|d| d.len() > PY_MAX_STR_DIGITS) {
        return Err(invalid("a number has more than 4300 digits, which Python's int() refuses"));
    }
    Ok(Version { epoch, release, pre, post, dev, local })
}

/// Orders two PEP 440 versions as `packaging` does.
pub fn compare(a: &str, b: &str) -> Result<Ordering, InvalidVersion> {
    Ok(parse(a)?.cmp(&parse(b)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(a: &str, b: &str) -> Ordering {
        compare(a, b).unwrap_or_else(|e| panic!("{e}"))
    }

    fn norm(s: &str) -> String {
        parse(s).unwrap_or_else(|e| panic!("{e}")).to_string()
    }

    #[test]
    fn pep440_examples_in_order() {
        // The ordering example of PEP 440's "Summary of permitted suffixes".
        let ordered = [
            "1.dev0",
            "1.0.dev456",
            "1.0a1",
            "1.0a2.dev456",
            "1.0a12.dev456",
            "1.0a12",
            "1.0b1.dev456",
            "1.0b2",
            "1.0b2.post345.dev456",
            "1.0b2.post345",
            "1.0rc1.dev456",
            "1.0rc1",
            "1.0",
            "1.0+abc.5",
            "1.0+abc.7",
            "1.0+5",
            "1.0.post456.dev34",
            "1.0.post456",
            "1.0.15",
            "1.1.dev1",
        ];
        super::super::testing::ascending(compare, &ordered);
    }

    #[test]
    fn equalities() {
        for (a, b) in [
            ("1.0", "1.0.0"),
            ("1", "1.0.0.0"),
            ("0!1.0", "1.0"),
            ("v1.0", "1.0"),
            ("V1.0", "1.0"),
            (" \t1.0\n", "1.0"),
            ("\u{1c}1.0\u{3000}", "1.0"),
            ("1.0-1", "1.0.post1"),
            ("1.0-r1", "1.0.post1"),
            ("1.0rev", "1.0.post0"),
            ("1.0.post", "1.0.post0"),
            ("1.0a", "1.0a0"),
            ("1.0ALPHA_1", "1.0a1"),
            ("1.0-beta.2", "1.0b2"),
            ("1.0c1", "1.0rc1"),
            ("1.0pre1", "1.0rc1"),
            ("1.0preview1", "1.0rc1"),
            ("1.0.dev", "1.0.dev0"),
            ("1.01", "1.1"),
            ("1.0+ubuntu-1", "1.0+ubuntu.1"),
            ("1.0+UBUNTU_01", "1.0+ubuntu.1"),
            ("1.0a.", "1.0a0"),
            ("1.0a-1", "1.0a1"),
        ] {
            assert_eq!(cmp(a, b), Ordering::Equal, "{a} == {b}");
        }
    }

    #[test]
    fn orderings() {
        for (a, b) in [
            ("1.0", "1!0.1"),
            ("1.0.dev1", "1.0a1"),
            ("1.0a1", "1.0a1.post1.dev1"),
            ("1.0", "1.0+local"),
            ("1.0+abc", "1.0+1"),
            ("1.0+abc", "1.0+abc.1"),
            ("1.0+1", "1.0+1.abc"),
            ("1.0+2", "1.0+10"),
            ("1.0+ABD", "1.0+abe"),
            ("1.0+ubuntu.1", "1.0+ubuntu.2"),
            ("1.0.post1.dev1", "1.0.post1"),
            ("1.0", "1.0.post1.dev1"),
            ("99999999999999999999999", "100000000000000000000000"),
            ("1.0rc1", "1.0"),
        ] {
            assert_eq!(cmp(a, b), Ordering::Less, "{a} < {b}");
            assert_eq!(cmp(b, a), Ordering::Greater, "{b} > {a}");
        }
    }

    #[test]
    fn normalised_form() {
        assert_eq!(norm(" v1!01.0-ALPHA_01.r-2_DEV.3+Ubuntu-01 "), "1!1.0a1.post2.dev3+ubuntu.1");
        assert_eq!(norm("1.0-1"), "1.0.post1");
        assert_eq!(norm("0!1.0.post"), "1.0.post0");
        assert_eq!(norm("1.0c"), "1.0rc0");
    }

    #[test]
    fn invalid() {
        for s in [
            "",
            " ",
            "v",
            "vv1.0",
            "1.0.",
            ".1",
            "1..0",
            "1.0+",
            "1.0+.a",
            "1.0+a.",
            "1.0+a..b",
            "1.0-",
            "1.0--1",
            "1.0a1a1",
            "1.0.post1.post2",
            "1.0.dev1.dev2",
            "1.0.dev1a1",
            "1.0.post1a1",
            "1.0-final",
            "2.0.0-final",
            "1.0 a1",
            "1.0_1",
            "1.0+ü",
            "١.٠",
            "1.0a1 .dev",
            "!1.0",
            "1!",
            "1.0.x",
            "1.*",
            "1.0-+local",
            "1.0+local+again",
            "ⅰ.0",
            "1.0\u{1}",
        ] {
            assert!(parse(s).is_err(), "{s:?} must be invalid");
        }
        let long = "1".repeat(4301);
        assert!(parse(&long).is_err());
        assert!(parse(&format!("1.0+{}", "0".repeat(4301))).is_err());
        assert!(parse(&format!("1.0+a{}", "0".repeat(5000))).is_ok(), "alphanumeric local parts are strings");
        assert!(parse(&"9".repeat(4300)).is_ok());
    }
}
