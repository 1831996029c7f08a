//! SemVer 2.0.0 precedence (npm, crates.io), plus Cargo's version
//! requirements for RustSec-style `patched`/`unaffected` ranges.
//!
//! # `parse` / `compare`: npm's `semver` package, strict mode
//!
//! Reference: the npm package `semver` 7.8.6, `semver.valid(v)` and
//! `semver.compare(a, b)` with `loose` off (differential test:
//! `tests/version_lang.rs` via `tests/differential/semver.js`). What it
//! accepts, and so what [`parse`] accepts:
//!
//! - at most 256 UTF-16 code units in the whole input (npm's `MAX_LENGTH`,
//!   checked before trimming);
//! - surrounding ECMAScript whitespace (`String.prototype.trim`: tab, LF,
//!   VT, FF, CR, space, NBSP, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F,
//!   U+205F, U+3000, U+FEFF) is ignored;
//! - one optional leading lowercase `v` (`v1.2.3`), which even strict mode
//!   accepts; `V1.2.3` and `=1.2.3` are loose-mode only, so rejected.
//!   Lockfiles never write these, but a `v` in an SBOM is read as npm does;
//! - `MAJOR.MINOR.PATCH` exactly, each `0` or digits without a leading zero,
//!   each at most `Number.MAX_SAFE_INTEGER` (2^53 − 1); larger is invalid;
//! - optional `-` pre-release: non-empty dot-separated identifiers of
//!   `[0-9A-Za-z-]`, all-digit ones without leading zeros;
//! - optional `+` build metadata: non-empty dot-separated identifiers of
//!   `[0-9A-Za-z-]` (leading zeros allowed). Build metadata never affects
//!   precedence: `1.0.0+a` == `1.0.0+b`.
//!
//! Precedence: major, minor, patch numerically; a version without
//! pre-release is greater than one with; pre-release identifiers compare
//! left to right, all-digit ones numerically and below alphanumeric ones,
//! alphanumeric ones by ASCII; a longer list wins when all shared ones are
//! equal.
//!
//! One deliberate deviation: npm keeps an all-digit pre-release identifier
//! of 2^53 − 1 or more as a string and compares it to another all-digit one
//! through `Number(...)`, i.e. as rounded doubles; when two different such
//! identifiers round to the same double (`9007199254740993` and
//! `9007199254740992`), npm returns 0 at once, ignoring the identifiers
//! that follow. That relation is not transitive (a == b, b == c, a > c can
//! all hold), so no `Ord` can reproduce it; this module compares such
//! identifiers exactly (digit count, then digits). Wherever npm's answer is
//! not 0 the two agree, because rounding never reverses an order.
//!
//! # [`parse_cargo`] / [`compare_cargo`]: the Rust `semver` crate
//!
//! The `semver` crate (1.0, what Cargo and RustSec use) is stricter about
//! spelling — no whitespace, no `v` — and looser about size: components up
//! to `u64::MAX`, no length limit. Its precedence is the same as above
//! (build metadata ignored here; the crate itself breaks ties on build
//! metadata only to make `Ord` agree with its `Eq`).
//!
//! # [`cargo_req_matches`]: Cargo requirements, as `semver::VersionReq`
//!
//! RustSec advisories list `patched` and `unaffected` as Cargo requirement
//! strings, and `rustsec` decides "is this version patched" with
//! `VersionReq::matches`. Its rules, reproduced exactly:
//!
//! - a requirement is `*` (or `x`/`X`) alone, or up to 32 comma-separated
//!   comparators, all of which must match; spaces (U+0020 only) may surround
//!   operators, versions and commas; an empty requirement is invalid;
//! - a comparator is an operator (`=`, `>`, `>=`, `<`, `<=`, `~`, `^`, or
//!   none = `^`) and `MAJOR[.MINOR[.PATCH[-PRE][+BUILD]]]`; minor and patch
//!   may be `*`/`x`/`X` (`1.*`, `>=1.2.x`), without an operator that makes a
//!   wildcard comparator, and nothing numeric may follow a wildcard;
//! - `=I.J.K-pre` matches only that version; `=I.J` any `I.J.*`, `=I` any
//!   `I.*.*`; `>`/`<` compare on the fields given (`>1.2` is `>=1.3.0`,
//!   `<1.2` is `<1.2.0`); `~I.J.K` is `>=I.J.K, <I.(J+1).0`, `~I.J` and
//!   `~I` are `I.J.*` and `I.*`; `^I.J.K` is `>=I.J.K` up to the next change
//!   of the leftmost non-zero field (`^0.0.K` is `=0.0.K`), `^I.J` /
//!   `^I` likewise with the missing fields as wildcards;
//! - a pre-release version (`1.2.3-alpha`) matches only if every comparator
//!   matches it AND at least one comparator has a pre-release on the same
//!   `MAJOR.MINOR.PATCH`. So `>=1.0.0` does not match `1.5.0-rc.1`, but
//!   `>=1.5.0-alpha` does, and `>=1.5.0-alpha, <2` does;
//! - build metadata in a comparator is accepted and ignored.

use std::cmp::Ordering;
use std::fmt;

use super::InvalidVersion;

const SCHEME: &str = "SemVer";

/// npm's `MAX_LENGTH`.
const NPM_MAX_LENGTH: usize = 256;
/// JavaScript's `Number.MAX_SAFE_INTEGER`.
const NPM_MAX_SAFE_INTEGER: u64 = 9_007_199_254_740_991;

/// One pre-release identifier.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Ident {
    /// All digits, no leading zero (so the digits order by length, then
    /// lexically).
    Numeric(String),
    AlphaNumeric(String),
}

impl Ident {
    fn new(s: &str) -> Ident {
        if s.bytes().all(|b| b.is_ascii_digit()) {
            Ident::Numeric(s.to_string())
        } else {
            Ident::AlphaNumeric(s.to_string())
        }
    }
    fn as_str(&self) -> &str {
        match self {
            Ident::Numeric(s) | Ident::AlphaNumeric(s) => s,
        }
    }
}

impl Ord for Ident {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Ident::Numeric(a), Ident::Numeric(b)) => a.len().cmp(&b.len()).then_with(|| a.cmp(b)),
            (Ident::Numeric(_), Ident::AlphaNumeric(_)) => Ordering::Less,
            (Ident::AlphaNumeric(_), Ident::Numeric(_)) => Ordering::Greater,
            (Ident::AlphaNumeric(a), Ident::AlphaNumeric(b)) => a.cmp(b),
        }
    }
}

impl PartialOrd for Ident {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A pre-release: empty (a release) sorts after every non-empty one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
struct Pre(Vec<Ident>);

impl Ord for Pre {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.0.is_empty(), other.0.is_empty()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => self.0.cmp(&other.0),
        }
    }
}

impl PartialOrd for Pre {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A SemVer version. Equality and ordering are SemVer precedence, so build
/// metadata is ignored (`1.0.0+a == 1.0.0+b`).
#[derive(Debug, Clone)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
    pre: Pre,
    build: Vec<String>,
}

impl Version {
    pub fn is_prerelease(&self) -> bool {
        !self.pre.0.is_empty()
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.major, self.minor, self.patch)
            .cmp(&(other.major, other.minor, other.patch))
            .then_with(|| self.pre.cmp(&other.pre))
    }
}

super::eq_from_ord!(Version);

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        for (i, id) in self.pre.0.iter().enumerate() {
            f.write_str(if i == 0 { "-" } else { "." })?;
            f.write_str(id.as_str())?;
        }
        for (i, id) in self.build.iter().enumerate() {
            f.write_str(if i == 0 { "+" } else { "." })?;
            f.write_str(id)?;
        }
        Ok(())
    }
}

/// `String.prototype.trim`'s whitespace and line terminators.
fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n'
            | '\u{b}'
            | '\u{c}'
            | '\r'
            | ' '
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
            | '\u{feff}'
    )
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}

/// Which parser's limits apply.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dialect {
    Npm,
    Cargo,
}

/// Reads a numeric component (`0` or no leading zero) at the start of `s`.
fn numeric(s: &str, what: &str, dialect: Dialect) -> Result<(u64, usize), String> {
    let len = s.bytes().take_while(u8::is_ascii_digit).count();
    if len == 0 {
        return Err(format!("expected a number for the {what} version"));
    }
    let digits = s.get(..len).unwrap_or_default();
    if len > 1 && digits.starts_with('0') {
        return Err(format!("the {what} version has a leading zero"));
    }
    let value = digits.parse::<u64>().ok();
    match (dialect, value) {
        (Dialect::Npm, Some(v)) if v <= NPM_MAX_SAFE_INTEGER => Ok((v, len)),
        (Dialect::Npm, _) => Err(format!("the {what} version exceeds 2^53 - 1 (npm's Number.MAX_SAFE_INTEGER)")),
        (Dialect::Cargo, Some(v)) => Ok((v, len)),
        (Dialect::Cargo, None) => Err(format!("the {what} version does not fit in 64 bits")),
    }
}

/// Reads dot-separated identifiers up to the first byte that is neither an
/// identifier byte nor a dot; returns them and the bytes consumed.
fn identifiers(s: &str, pre: bool) -> Result<(Vec<&str>, usize), String> {
    let what = if pre { "pre-release" } else { "build metadata" };
    let end = s.bytes().take_while(|&b| is_ident_byte(b) || b == b'.').count();
    let body = s.get(..end).unwrap_or_default();
    let ids: Vec<&str> = body.split('.').collect();
    for id in &ids {
        if id.is_empty() {
            return Err(format!("empty {what} identifier"));
        }
        if pre && id.len() > 1 && id.starts_with('0') && id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("numeric pre-release identifier {id:?} has a leading zero"));
        }
    }
    Ok((ids, end))
}

/// `MAJOR.MINOR.PATCH[-PRE][+BUILD]` with nothing after it.
fn parse_core(s: &str, dialect: Dialect) -> Result<Version, String> {
    let (major, n) = numeric(s, "major", dialect)?;
    let rest = s.get(n..).unwrap_or_default();
    let rest = rest.strip_prefix('.').ok_or("expected '.' after the major version")?;
    let (minor, n) = numeric(rest, "minor", dialect)?;
    let rest = rest.get(n..).unwrap_or_default();
    let rest = rest.strip_prefix('.').ok_or("expected '.' after the minor version")?;
    let (patch, n) = numeric(rest, "patch", dialect)?;
    let mut rest = rest.get(n..).unwrap_or_default();
    let mut pre = Vec::new();
    if let Some(r) = rest.strip_prefix('-') {
        let (ids, n) = identifiers(r, true)?;
        pre = ids.into_iter().map(Ident::new).collect();
        rest = r.get(n..).unwrap_or_default();
    }
    let mut build = Vec::new();
    if let Some(r) = rest.strip_prefix('+') {
        let (ids, n) = identifiers(r, false)?;
        build = ids.into_iter().map(str::to_string).collect();
        rest = r.get(n..).unwrap_or_default();
    }
    if let Some(c) = rest.chars().next() {
        return Err(format!("unexpected character {c:?}"));
    }
    Ok(Version { major, minor, patch, pre: Pre(pre), build })
}

/// Parses a version as npm's `semver.valid` does in strict mode.
pub fn parse(s: &str) -> Result<Version, InvalidVersion> {
    if s.encode_utf16().count() > NPM_MAX_LENGTH {
        return Err(InvalidVersion::new(SCHEME, s, "longer than 256 characters (npm's MAX_LENGTH)"));
    }
    let t = s.trim_matches(is_js_space);
    let t = t.strip_prefix('v').unwrap_or(t);
    parse_core(t, Dialect::Npm).map_err(|r| InvalidVersion::new(SCHEME, s, r))
}

/// Orders two versions as npm's `semver.compare` does in strict mode (see
/// the module documentation for huge numeric pre-release identifiers).
pub fn compare(a: &str, b: &str) -> Result<Ordering, InvalidVersion> {
    Ok(parse(a)?.cmp(&parse(b)?))
}

/// Parses a version as the Rust `semver` crate's `Version::parse` does.
pub fn parse_cargo(s: &str) -> Result<Version, InvalidVersion> {
    if s.is_empty() {
        return Err(InvalidVersion::new(SCHEME, s, "empty string"));
    }
    parse_core(s, Dialect::Cargo).map_err(|r| InvalidVersion::new(SCHEME, s, r))
}

/// Orders two crates.io versions (`semver` crate syntax, SemVer precedence).
pub fn compare_cargo(a: &str, b: &str) -> Result<Ordering, InvalidVersion> {
    Ok(parse_cargo(a)?.cmp(&parse_cargo(b)?))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Exact,
    Greater,
    GreaterEq,
    Less,
    LessEq,
    Tilde,
    Caret,
    Wildcard,
}

#[derive(Debug, Clone)]
struct Comparator {
    op: Op,
    major: u64,
    minor: Option<u64>,
    patch: Option<u64>,
    pre: Pre,
}

fn strip_wildcard(s: &str) -> Option<&str> {
    s.strip_prefix(['*', 'x', 'X'])
}

/// One comparator at the start of `s`; returns it and the rest (leading
/// spaces removed).
fn comparator(s: &str) -> Result<(Comparator, &str), String> {
    let (mut op, text) = if let Some(r) = s.strip_prefix(">=") {
        (Op::GreaterEq, r)
    } else if let Some(r) = s.strip_prefix("<=") {
        (Op::LessEq, r)
    } else if let Some(r) = s.strip_prefix('=') {
        (Op::Exact, r)
    } else if let Some(r) = s.strip_prefix('>') {
        (Op::Greater, r)
    } else if let Some(r) = s.strip_prefix('<') {
        (Op::Less, r)
    } else if let Some(r) = s.strip_prefix('~') {
        (Op::Tilde, r)
    } else if let Some(r) = s.strip_prefix('^') {
        (Op::Caret, r)
    } else {
        (Op::Caret, s)
    };
    let default_op = text.len() == s.len();
    let text = text.trim_start_matches(' ');

    let (major, n) = numeric(text, "major", Dialect::Cargo)?;
    let mut text = text.get(n..).unwrap_or_default();
    let mut minor = None;
    let mut patch = None;
    let mut wildcard = false;
    if let Some(r) = text.strip_prefix('.') {
        if let Some(r) = strip_wildcard(r) {
            wildcard = true;
            if default_op {
                op = Op::Wildcard;
            }
            text = r;
        } else {
            let (v, n) = numeric(r, "minor", Dialect::Cargo)?;
            minor = Some(v);
            text = r.get(n..).unwrap_or_default();
        }
    }
    if let Some(r) = text.strip_prefix('.') {
        if let Some(r) = strip_wildcard(r) {
            if default_op {
                op = Op::Wildcard;
            }
            text = r;
        } else if wildcard {
            return Err("a number after a wildcard".to_string());
        } else {
            let (v, n) = numeric(r, "patch", Dialect::Cargo)?;
            patch = Some(v);
            text = r.get(n..).unwrap_or_default();
        }
    }
    let mut pre = Pre::default();
    if patch.is_some() {
        if let Some(r) = text.strip_prefix('-') {
            let (ids, n) = identifiers(r, true)?;
            pre = Pre(ids.into_iter().map(Ident::new).collect());
            text = r.get(n..).unwrap_or_default();
        }
        if let Some(r) = text.strip_prefix('+') {
            let (_, n) = identifiers(r, false)?;
            text = r.get(n..).unwrap_or_default();
        }
    }
    Ok((Comparator { op, major, minor, patch, pre }, text.trim_start_matches(' ')))
}

/// Parses a Cargo version requirement as `semver::VersionReq::parse`;
/// an empty list means `*`.
fn parse_req(req: &str) -> Result<Vec<Comparator>, String> {
    const MAX_COMPARATORS: usize = 32;
    let mut text = req.trim_start_matches(' ');
    if let Some(rest) = strip_wildcard(text) {
        let rest = rest.trim_start_matches(' ');
        return if rest.is_empty() {
            Ok(Vec::new())
        } else {
            Err("a wildcard must be the only comparator".to_string())
        };
    }
    let mut out = Vec::new();
    loop {
        let (cmp, rest) = comparator(text)?;
        out.push(cmp);
        if rest.is_empty() {
            return Ok(out);
        }
        let Some(rest) = rest.strip_prefix(',') else {
            return Err(format!("expected ',' before {:?}", rest.chars().next().unwrap_or(' ')));
        };
        if out.len() == MAX_COMPARATORS {
            return Err("more than 32 comparators".to_string());
        }
        text = rest.trim_start_matches(' ');
    }
}

fn matches_exact(c: &Comparator, v: &Version) -> bool {
    v.major == c.major && c.minor.is_none_or(|m| v.minor == m) && c.patch.is_none_or(|p| v.patch == p) && v.pre == c.pre
}

/// `v` > `c` on the fields `c` gives (`dir` Greater), or `v` < `c` (`dir`
/// Less); a missing field makes it false once the given ones are equal.
fn matches_beyond(c: &Comparator, v: &Version, dir: Ordering) -> bool {
    if v.major != c.major {
        return v.major.cmp(&c.major) == dir;
    }
    let Some(minor) = c.minor else { return false };
    if v.minor != minor {
        return v.minor.cmp(&minor) == dir;
    }
    let Some(patch) = c.patch else { return false };
    if v.patch != patch {
        return v.patch.cmp(&patch) == dir;
    }
    v.pre.cmp(&c.pre) == dir
}

fn matches_tilde(c: &Comparator, v: &Version) -> bool {
    if v.major != c.major || c.minor.is_some_and(|m| v.minor != m) {
        return false;
    }
    if let Some(p) = c.patch
        && v.patch != p
    {
        return v.patch > p;
    }
    v.pre >= c.pre
}

fn matches_caret(c: &Comparator, v: &Version) -> bool {
    if v.major != c.major {
        return false;
    }
    let Some(minor) = c.minor else { return true };
    let Some(patch) = c.patch else {
        return if c.major > 0 { v.minor >= minor } else { v.minor == minor };
    };
    if c.major > 0 {
        if v.minor != minor {
            return v.minor > minor;
        }
        if v.patch != patch {
            return v.patch > patch;
        }
    } else if minor > 0 {
        if v.minor != minor {
            return false;
        }
        if v.patch != patch {
            return v.patch > patch;
        }
    } else if v.minor != minor || v.patch != patch {
        return false;
    }
    v.pre >= c.pre
}

fn matches_comparator(c: &Comparator, v: &Version) -> bool {
    match c.op {
        Op::Exact | Op::Wildcard => matches_exact(c, v),
        Op::Greater => matches_beyond(c, v, Ordering::Greater),
        Op::GreaterEq => matches_exact(c, v) || matches_beyond(c, v, Ordering::Greater),
        Op::Less => matches_beyond(c, v, Ordering::Less),
        Op::LessEq => matches_exact(c, v) || matches_beyond(c, v, Ordering::Less),
        Op::Tilde => matches_tilde(c, v),
        Op::Caret => matches_caret(c, v),
    }
}

/// Whether a crates.io `version` satisfies a Cargo requirement string, with
/// exactly `semver::VersionReq::matches`' semantics (see the module
/// documentation, notably for pre-releases). Either string being invalid is
/// an error.
pub fn cargo_req_matches(req: &str, version: &str) -> Result<bool, InvalidVersion> {
    let comparators = parse_req(req)
        .map_err(|r| InvalidVersion::new(SCHEME, req, format!("invalid Cargo version requirement: {r}")))?;
    let v = parse_cargo(version)?;
    if !comparators.iter().all(|c| matches_comparator(c, &v)) {
        return Ok(false);
    }
    if !v.is_prerelease() {
        return Ok(true);
    }
    Ok(comparators.iter().any(|c| {
        c.major == v.major && c.minor == Some(v.minor) && c.patch == Some(v.patch) && !c.pre.0.is_empty()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(a: &str, b: &str) -> Ordering {
        compare(a, b).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn spec_precedence_example() {
        let ordered = [
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "1.0.1",
            "1.1.0",
            "2.0.0",
            "10.0.0",
        ];
        super::super::testing::ascending(compare, &ordered);
        super::super::testing::ascending(compare_cargo, &ordered);
    }

    #[test]
    fn build_metadata_and_spelling() {
        assert_eq!(cmp("1.0.0+build.1", "1.0.0+build.2"), Ordering::Equal);
        assert_eq!(cmp("1.0.0-rc.1+x", "1.0.0-rc.1"), Ordering::Equal);
        assert_eq!(cmp("v1.2.3", "1.2.3"), Ordering::Equal);
        assert_eq!(cmp(" 1.2.3\u{feff}", "1.2.3"), Ordering::Equal);
        assert_eq!(cmp("1.0.0-a-b", "1.0.0-a"), Ordering::Greater);
        assert_eq!(cmp("1.0.0-0a", "1.0.0-1"), Ordering::Greater);
        assert_eq!(cmp("1.0.0-9", "1.0.0-10"), Ordering::Less);
        assert_eq!(cmp("1.0.0-Z", "1.0.0-a"), Ordering::Less);
        assert_eq!(cmp("1.0.0+001", "1.0.0"), Ordering::Equal);
        assert_eq!(cmp("9007199254740991.0.0", "9007199254740990.0.0"), Ordering::Greater);
        assert_eq!(cmp("1.0.0-99999999999999999999", "1.0.0-99999999999999999998"), Ordering::Greater);
        assert_eq!(parse("1.2.3-x.7+b.1").map(|v| v.to_string()), Ok("1.2.3-x.7+b.1".to_string()));
    }

    #[test]
    fn npm_rejects() {
        for s in [
            "",
            "1",
            "1.2",
            "1.2.3.4",
            "01.2.3",
            "1.02.3",
            "1.2.03",
            "1.2.3-01",
            "1.2.3-",
            "1.2.3+",
            "1.2.3-a..b",
            "1.2.3+a..b",
            "1.2.3-a_b",
            "=1.2.3",
            "V1.2.3",
            "vv1.2.3",
            "v 1.2.3",
            "1.2.3 -a",
            "9007199254740992.0.0",
            "1.99999999999999999999.0",
            "1.2.3-ä",
            "1.2.3\u{85}",
            "1.2.3\u{1c}",
            "1.2.3+a+b",
        ] {
            assert!(parse(s).is_err(), "{s:?} must be invalid");
        }
        assert!(parse(&format!("1.2.3+{}", "a".repeat(250))).is_ok());
        assert!(parse(&format!("1.2.3+{}", "a".repeat(251))).is_err());
    }

    #[test]
    fn cargo_dialect() {
        assert!(parse_cargo("v1.2.3").is_err());
        assert!(parse_cargo(" 1.2.3").is_err());
        assert!(parse_cargo("18446744073709551615.0.0").is_ok());
        assert!(parse_cargo("18446744073709551616.0.0").is_err());
        assert!(parse_cargo(&format!("1.2.3+{}", "a".repeat(500))).is_ok());
        assert!(parse_cargo("1.2.3-00").is_err());
        assert!(parse_cargo("1.2.3+00").is_ok());
    }

    #[test]
    fn cargo_requirements() {
        let m = |r: &str, v: &str| cargo_req_matches(r, v).unwrap_or_else(|e| panic!("{e}"));
        assert!(m("*", "1.2.3"));
        assert!(!m("*", "1.2.3-alpha"));
        assert!(m("1.2.3", "1.9.0"));
        assert!(!m("1.2.3", "2.0.0"));
        assert!(m("^0.2.3", "0.2.9"));
        assert!(!m("^0.2.3", "0.3.0"));
        assert!(m("^0.0.3", "0.0.3"));
        assert!(!m("^0.0.3", "0.0.4"));
        assert!(m("~1.2.3", "1.2.9"));
        assert!(!m("~1.2.3", "1.3.0"));
        assert!(m("~1", "1.9.9"));
        assert!(m("=1.0", "1.0.7"));
        assert!(!m(">1.2", "1.2.9"));
        assert!(m(">1.2", "1.3.0"));
        assert!(m("<1.2", "1.1.99"));
        assert!(!m("<1.2", "1.2.0"));
        assert!(m(">= 1.2.3, < 1.4", "1.3.5"));
        assert!(!m(">= 1.2.3, < 1.4", "1.4.0"));
        assert!(m("1.*", "1.8.0"));
        assert!(m(">=1.2.*", "1.2.0"));
        // Pre-releases only match a comparator with a pre-release on the
        // same major.minor.patch.
        assert!(!m(">=1.0.0", "1.5.0-rc.1"));
        assert!(m(">=1.5.0-alpha", "1.5.0-rc.1"));
        assert!(m(">=1.5.0-alpha, <2", "1.5.0-rc.1"));
        assert!(!m(">=1.4.0-alpha", "1.5.0-rc.1"));
        assert!(!m("<1.5.0", "1.5.0-rc.1"));
        assert!(m("<1.5.0-beta", "1.5.0-alpha"));
        assert!(m("=1.5.0-alpha+build", "1.5.0-alpha"));
        for bad in ["", " ", "1.2.3,", ",1.2.3", "1.*.3", "*, 1.0", "~>1.0", ">= v1.0", "1.2 - 1.3", "1.0 || 2.0", "1.2.3 1.3"] {
            assert!(cargo_req_matches(bad, "1.2.3").is_err(), "{bad:?} must be invalid");
        }
        let many = vec![">=0"; 33].join(", ");
        assert!(cargo_req_matches(&many, "1.0.0").is_err());
        assert!(cargo_req_matches(&many.replacen(">=0, ", "", 1), "1.0.0").is_ok());
    }
}
