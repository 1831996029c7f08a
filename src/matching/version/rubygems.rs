//! RubyGems version ordering: `Gem::Version#<=>` and `Gem::Version.correct?`
//! as RubyGems 3.3.15 implements them (Debian bookworm's `ruby-rubygems`,
//! with Ruby 3.1).
//!
//! # Rules
//! - Valid versions (`correct?`): optional ASCII whitespace
//!   (`[ \t\n\v\f\r]`), then either nothing or
//!   `[0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?`,
//!   then optional whitespace. So a version starts with a digit, `1a` and
//!   `1.` and `.1` are invalid while `1.0a` and `1-x` are valid. An empty or
//!   blank version is valid and means `0`.
//! - The version is stripped and every `-` becomes `.pre.` (`1-x` is
//!   `1.pre.x`).
//! - Segments are the runs of digits and the runs of letters (`1.0a2` is
//!   `1, 0, a, 2`). Digits are compared as numbers (any size, leading zeros
//!   ignored); letters are compared as byte strings, case-sensitively
//!   (`A` < `a`), and a letter segment sorts before any number, which makes
//!   it a pre-release.
//! - Trailing zero segments are ignored, separately in the numeric prefix
//!   and in the part from the first letter segment on (`1.0.a.0` =
//!   `1.a`); a shorter version is padded with `0`.
//!
//! # Rejected inputs
//! Exactly what `Gem::Version.correct?` rejects (`Gem::Version.new` raises
//! `ArgumentError: Malformed version number string` for them).

use std::cmp::Ordering;

use super::InvalidVersion;

const SCHEME: &str = "RubyGems";

/// One segment of a version.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    /// Decimal digits without leading zeros ("" is 0).
    Num(String),
    /// ASCII letters, as written.
    Str(String),
}

impl Segment {
    fn is_zero(&self) -> bool {
        matches!(self, Segment::Num(d) if d.is_empty())
    }
}

impl Ord for Segment {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Segment::Num(a), Segment::Num(b)) => a.len().cmp(&b.len()).then_with(|| a.cmp(b)),
            (Segment::Str(_), Segment::Num(_)) => Ordering::Less,
            (Segment::Num(_), Segment::Str(_)) => Ordering::Greater,
            (Segment::Str(a), Segment::Str(b)) => a.as_bytes().cmp(b.as_bytes()),
        }
    }
}

impl PartialOrd for Segment {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A parsed RubyGems version.
#[derive(Debug, Clone)]
pub struct Version {
    original: String,
    /// `Gem::Version#canonical_segments`.
    canonical: Vec<Segment>,
}

impl Version {
    /// The version as given.
    pub fn as_str(&self) -> &str {
        &self.original
    }

    /// Whether RubyGems calls this a pre-release (it has a letter).
    pub fn is_prerelease(&self) -> bool {
        self.original.bytes().any(|b| b.is_ascii_alphabetic())
    }
}

super::eq_from_ord!(Version);

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        let zero = Segment::Num(String::new());
        let n = self.canonical.len().max(other.canonical.len());
        for i in 0..n {
            let a = self.canonical.get(i).unwrap_or(&zero);
            let b = other.canonical.get(i).unwrap_or(&zero);
            let o = a.cmp(b);
            if o != Ordering::Equal {
                return o;
            }
        }
        Ordering::Equal
    }
}

/// Ruby's `\s`.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0B' | '\x0C' | '\r')
}

/// `Gem::Version::ANCHORED_VERSION_PATTERN` on the stripped version.
fn well_formed(v: &[u8]) -> bool {
    if v.is_empty() {
        return true;
    }
    let mut i = 0;
    let run = |i: &mut usize, ok: &dyn Fn(u8) -> bool| {
        let start = *i;
        while *i < v.len() && ok(v[*i]) {
            *i += 1;
        }
        *i > start
    };
    if !run(&mut i, &|b| b.is_ascii_digit()) {
        return false;
    }
    while i < v.len() && v[i] == b'.' {
        i += 1;
        if !run(&mut i, &|b| b.is_ascii_alphanumeric()) {
            return false;
        }
    }
    if i < v.len() && v[i] == b'-' {
        i += 1;
        let pre = |b: u8| b.is_ascii_alphanumeric() || b == b'-';
        if !run(&mut i, &pre) {
            return false;
        }
        while i < v.len() && v[i] == b'.' {
            i += 1;
            if !run(&mut i, &pre) {
                return false;
            }
        }
    }
    i == v.len()
}

/// Parses a RubyGems version (see the module documentation).
pub fn parse(s: &str) -> Result<Version, InvalidVersion> {
    let stripped = s.trim_matches(is_space);
    if !well_formed(stripped.as_bytes()) {
        return Err(InvalidVersion::new(SCHEME, s, "malformed version number string"));
    }
    let version = if stripped.is_empty() { "0".to_string() } else { stripped.replace('-', ".pre.") };

    // `_segments`: runs of digits and runs of letters.
    let bytes = version.as_bytes();
    let mut segments = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        if bytes[i].is_ascii_digit() {
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            segments.push(Segment::Num(version[start..i].trim_start_matches('0').to_string()));
        } else if bytes[i].is_ascii_alphabetic() {
            while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
            segments.push(Segment::Str(version[start..i].to_string()));
        } else {
            i += 1;
        }
    }

    // `canonical_segments`: drop trailing zeros of the numeric prefix and
    // of the rest, separately.
    let split = segments.iter().position(|s| matches!(s, Segment::Str(_))).unwrap_or(segments.len());
    let rest = segments.split_off(split);
    let mut canonical = segments;
    while canonical.last().is_some_and(Segment::is_zero) {
        canonical.pop();
    }
    let keep = rest.iter().rposition(|s| !s.is_zero()).map_or(0, |p| p + 1);
    canonical.extend(rest.into_iter().take(keep));
    Ok(Version { original: s.to_string(), canonical })
}

/// Orders two RubyGems versions.
pub fn compare(a: &str, b: &str) -> Result<Ordering, InvalidVersion> {
    Ok(parse(a)?.cmp(&parse(b)?))
}

#[cfg(test)]
mod tests {
    use super::*;


    fn ascending(vs: &[&str]) {
        super::super::testing::ascending(compare, vs)
    }

    fn equal(a: &str, b: &str) {
        super::super::testing::equal(compare, a, b)
    }

    #[test]
    fn documented_orderings() {
        // From the Gem::Version documentation.
        ascending(&["1.0.a.2", "1.0.b1", "1.0.rc1", "1.0"]);
        ascending(&["1.0.a", "1.0.b", "1.0"]);
        ascending(&["2.9", "2.10", "3.0.0.pre1", "3.0.0"]);
        equal("1.0", "1");
        equal("1.0.0", "1");
        equal("1-1", "1.pre.1");
        equal("1.0.a.0", "1.a");
        equal("01.002", "1.2");
    }

    #[test]
    fn letters_case_sensitive_and_before_numbers() {
        ascending(&["1.A", "1.a", "1.b", "1", "1.0.1"]);
        ascending(&["1.a", "1.a.1", "1.aa"]);
        equal("1.a1", "1.a.1");
    }

    #[test]
    fn blank_is_zero() {
        equal("", "0");
        equal("  ", "0.0");
        equal(" 1.0\n", "1");
    }

    #[test]
    fn correct() {
        for v in ["1", "1.0a", "1-x", "1--x", "1.0-1.a", "\t1\x0B", "1.0.pre-1"] {
            assert!(parse(v).is_ok(), "{v:?}");
        }
        for v in ["1a", "a", "1.", ".1", "1..0", "1-", "1.0-", "1-a.", "1.0\u{A0}", "1.0\0", "1 0", "1_0", "v1"] {
            assert!(parse(v).is_err(), "{v:?}");
        }
    }

    #[test]
    fn big_numbers() {
        ascending(&["18446744073709551615", "18446744073709551616", "100000000000000000000000000000"]);
    }
}
