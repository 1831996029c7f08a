//! Alpine package versions (Alpine, Wolfi, Chainguard), ordered as apk-tools
//! orders them.
//!
//! # Reference
//! apk-tools' `src/version.c` (the 3.x tokenizer, which added the `~hash`
//! component), read through its source and its own test vectors
//! (`test/version.data`). No executable apk is reachable here (apk-tools is
//! not packaged for Debian bookworm and no registry package wraps it), so the
//! tests in `tests/version_distro.rs` check these rules against vectors
//! written from apk's test data and against the versions of a real Alpine
//! 3.20 root file system, not against apk itself.
//!
//! # Syntax: `digits{.digits}[letter]{_suffix[digits]}[~hash][-rN]`
//! A version is a sequence of tokens, each allowed only after certain others
//! (apk's token order: initial digits, digits, letter, suffix, suffix
//! number, commit hash, revision):
//! - it starts with ASCII digits;
//! - `.` and digits: a further numeric component, only after digits;
//! - one lowercase ASCII letter, only right after digits (`1.2a`; `1.2ab`
//!   and `1.2a3` are invalid);
//! - `_` and one of `alpha beta pre rc` (pre-releases) or `cvs svn git hg p`
//!   (post-releases), exactly spelled, optionally followed by digits; after
//!   digits, a letter, or another suffix (`1_alpha_pre2`);
//! - `~` and one or more lowercase hex digits: a commit hash, at most once,
//!   before the revision;
//! - `-r` and one or more digits: the revision, last.
//!
//! Anything else is invalid (`apk_version_validate` fails), e.g. an empty
//! string, `1.`, `1_`, `1_foo`, `1-r`, `1-1`, upper case, `1.0-r1_p1`.
//!
//! # Ordering
//! Tokens are compared pairwise while both versions have tokens of the same
//! kind. Initial digits, suffix numbers and revisions compare as numbers.
//! Later digit components compare as numbers too, unless either starts with
//! `0`: then both compare as strings (byte order, a prefix sorting first), so
//! `1.02 < 1.1` and `8.2.0 < 8.2.001`. Letters compare by byte, suffixes by
//! their rank (`alpha < beta < pre < rc < cvs < svn < git < hg < p`), commit
//! hashes as strings. When the kinds differ (or one version ends), a
//! pre-release suffix makes its version lower; otherwise the version whose
//! token kind comes later in the order above is lower, the end coming last:
//! `1.0_rc1 < 1.0 < 1.0-r1 < 1.0~abc < 1.0_p1 < 1.0a < 1.0.1`.
//!
//! # Deliberate deviations and reference inconsistencies
//! - apk parses numbers into a fixed-width integer that silently wraps (32
//!   bits in some apk-tools releases, 64 in others), so no single answer
//!   exists above 2^32; here numbers of any length compare exactly.
//! - apk-tools' history has three tokenizers. The one before the 3.x one
//!   orders valid versions the same way but has no `~hash` and accepts a few
//!   malformed strings that 3.x rejects (`1.`, `1_`, `1-r`); this module
//!   follows 3.x and rejects them (abuild never produces such versions). The
//!   oldest (older 2.x releases) weighed leading zeros differently (it put
//!   `8.2.001` before `8.2.0`); which tokenizer a given 2.14 build (Alpine
//!   3.20) carries could not be checked here without an apk binary.

use std::cmp::Ordering;
use std::fmt;

use super::InvalidVersion;

const SCHEME: &str = "Alpine";

/// Token kinds in apk's order; the order is the semantics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    InitialDigit,
    Digit,
    Letter,
    Suffix,
    SuffixNo,
    CommitHash,
    RevisionNo,
    End,
}

/// Suffix ranks; `NONE` (5) is the pivot between pre- and post-releases.
const SUFFIXES: [(&str, u8); 9] =
    [("alpha", 1), ("beta", 2), ("pre", 3), ("rc", 4), ("cvs", 6), ("svn", 7), ("git", 8), ("hg", 9), ("p", 10)];
const SUFFIX_NONE: u8 = 5;

#[derive(Debug, Clone, Copy)]
struct Token {
    kind: Kind,
    /// Byte range of the token's text in the version string.
    start: usize,
    end: usize,
    /// Suffix rank for `Kind::Suffix`.
    suffix: u8,
}

/// A parsed Alpine version. Equality is apk's: `01` equals `1`.
#[derive(Debug, Clone)]
pub struct AlpineVersion {
    text: String,
    tokens: Vec<Token>,
}

impl AlpineVersion {
    /// The version as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    fn token_text(&self, t: &Token) -> &[u8] {
        self.text.as_bytes().get(t.start..t.end).unwrap_or(&[])
    }
}

impl fmt::Display for AlpineVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Compares digit strings as numbers of any length.
fn cmp_numeric(a: &[u8], b: &[u8]) -> Ordering {
    let strip = |s: &[u8]| -> usize { s.iter().take_while(|&&c| c == b'0').count() };
    let a = a.get(strip(a)..).unwrap_or(&[]);
    let b = b.get(strip(b)..).unwrap_or(&[]);
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

impl Ord for AlpineVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        let end = Token { kind: Kind::End, start: 0, end: 0, suffix: 0 };
        let mut i = 0;
        loop {
            let ta = self.tokens.get(i).copied().unwrap_or(end);
            let tb = other.tokens.get(i).copied().unwrap_or(end);
            if ta.kind != tb.kind {
                // The tail rule: a pre-release suffix is lower, otherwise the
                // later token kind (the end last of all) is lower.
                if ta.kind == Kind::Suffix && ta.suffix < SUFFIX_NONE {
                    return Ordering::Less;
                }
                if tb.kind == Kind::Suffix && tb.suffix < SUFFIX_NONE {
                    return Ordering::Greater;
                }
                return tb.kind.cmp(&ta.kind);
            }
            if ta.kind == Kind::End {
                return Ordering::Equal;
            }
            let (va, vb) = (self.token_text(&ta), other.token_text(&tb));
            let r = match ta.kind {
                Kind::Digit if va.first() == Some(&b'0') || vb.first() == Some(&b'0') => va.cmp(vb),
                Kind::InitialDigit | Kind::Digit | Kind::SuffixNo | Kind::RevisionNo => cmp_numeric(va, vb),
                Kind::Suffix => ta.suffix.cmp(&tb.suffix),
                Kind::Letter | Kind::CommitHash | Kind::End => va.cmp(vb),
            };
            if r != Ordering::Equal {
                return r;
            }
            i += 1;
        }
    }
}

super::eq_from_ord!(AlpineVersion);

/// Parses and validates an Alpine version as `apk_version_validate` does.
pub fn parse(input: &str) -> Result<AlpineVersion, InvalidVersion> {
    let bad = |reason: &str| InvalidVersion::new(SCHEME, input, reason);
    let s = input.as_bytes();
    let span = |from: usize, pred: fn(&u8) -> bool| from + s.get(from..).unwrap_or(&[]).iter().take_while(|c| pred(c)).count();
    let is_hex = |c: &u8| c.is_ascii_digit() || (b'a'..=b'f').contains(c);

    let mut tokens = Vec::new();
    let first_end = span(0, u8::is_ascii_digit);
    if first_end == 0 {
        return Err(bad("does not start with a digit"));
    }
    tokens.push(Token { kind: Kind::InitialDigit, start: 0, end: first_end, suffix: 0 });
    let mut pos = first_end;
    let mut prev = Kind::InitialDigit;

    while let Some(&c) = s.get(pos) {
        let token = match c {
            b'a'..=b'z' => {
                if prev > Kind::Digit {
                    return Err(bad("a letter may only follow digits"));
                }
                Token { kind: Kind::Letter, start: pos, end: pos + 1, suffix: 0 }
            }
            b'.' | b'0'..=b'9' => {
                let kind = match (c, prev) {
                    (b'.', Kind::InitialDigit | Kind::Digit) => Kind::Digit,
                    (b'.', _) => return Err(bad("'.' may only follow digits")),
                    (_, Kind::Suffix) => Kind::SuffixNo,
                    _ => return Err(bad("digits in an invalid place")),
                };
                let start = if c == b'.' { pos + 1 } else { pos };
                let end = span(start, u8::is_ascii_digit);
                if end == start {
                    return Err(bad("'.' must be followed by digits"));
                }
                Token { kind, start, end, suffix: 0 }
            }
            b'_' => {
                if prev > Kind::SuffixNo {
                    return Err(bad("a suffix may not follow a commit hash or revision"));
                }
                let start = pos + 1;
                let end = span(start, u8::is_ascii_lowercase);
                let name = input.get(start..end).unwrap_or("");
                let Some(&(_, rank)) = SUFFIXES.iter().find(|(n, _)| *n == name) else {
                    return Err(bad("unknown suffix (alpha, beta, pre, rc, cvs, svn, git, hg, p)"));
                };
                Token { kind: Kind::Suffix, start, end, suffix: rank }
            }
            b'~' => {
                if prev >= Kind::CommitHash {
                    return Err(bad("a commit hash may appear once, before the revision"));
                }
                let start = pos + 1;
                let end = span(start, is_hex);
                if end == start {
                    return Err(bad("'~' must be followed by lowercase hex digits"));
                }
                Token { kind: Kind::CommitHash, start, end, suffix: 0 }
            }
            b'-' => {
                if prev >= Kind::RevisionNo {
                    return Err(bad("only one revision is allowed"));
                }
                if s.get(pos + 1) != Some(&b'r') {
                    return Err(bad("'-' must start a revision '-rN'"));
                }
                let start = pos + 2;
                let end = span(start, u8::is_ascii_digit);
                if end == start {
                    return Err(bad("'-r' must be followed by digits"));
                }
                Token { kind: Kind::RevisionNo, start, end, suffix: 0 }
            }
            _ => return Err(bad("invalid character")),
        };
        prev = token.kind;
        pos = token.end;
        tokens.push(token);
    }
    Ok(AlpineVersion { text: input.to_string(), tokens })
}

/// Orders two Alpine versions as apk does.
pub fn compare(a: &str, b: &str) -> Result<Ordering, InvalidVersion> {
    Ok(parse(a)?.cmp(&parse(b)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(a: &str, b: &str) -> Ordering {
        compare(a, b).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn documented_orderings() {
        use Ordering::*;
        for (a, b, want) in [
            ("1.0", "1.0", Equal),
            ("1.0_rc1", "1.0", Less),
            ("1.0_alpha", "1.0_beta", Less),
            ("1.0_beta", "1.0_pre", Less),
            ("1.0_pre", "1.0_rc", Less),
            ("1.0_rc", "1.0", Less),
            ("1.0", "1.0_cvs", Less),
            ("1.0_cvs", "1.0_svn", Less),
            ("1.0_svn", "1.0_git", Less),
            ("1.0_git", "1.0_hg", Less),
            ("1.0_hg", "1.0_p", Less),
            ("1.0_p1", "1.0-r1", Greater),
            ("1.0", "1.0a", Less),
            ("1.0a", "1.0b", Less),
            ("1.0z", "1.0.1", Less),
            ("1.0", "1.0.0", Less),
            ("1.0_alpha_pre2", "1.0_alpha", Less),
            ("1.0_alpha2", "1.0_alpha10", Less),
            ("1.0-r9", "1.0-r10", Less),
            ("1.0", "1.0-r0", Less),
            ("1.02", "1.1", Less),
            ("1.02", "1.010", Greater),
            ("8.2.0", "8.2.001", Less),
            ("8.2.0015", "8.2.002", Less),
            ("01", "1", Equal),
            ("006", "1.0.0", Greater),
            ("1.0~1234", "1.0~2345", Less),
            ("1.0~1234-r1", "1.0~2345-r0", Less),
            ("1.0", "1.0~abc", Less),
            ("1.0~abc", "1.0-r1", Greater),
            ("1.0-r1", "1.0~abc", Less),
            ("1.0_p1", "1.0~abc", Greater),
            ("1.0_p1", "1.0a", Less),
            ("1.0_rc1", "1.0-r1", Less),
            ("1.0_rc1~abc", "1.0", Less),
            ("1.0.0_pre20191002222144-r0", "1.0.0_pre20210530193627-r0", Less),
            ("2.9.11_pre20051101-r2", "2.9.11_pre20051101", Greater),
            ("1.0.123456789012345678901234567890", "1.0.123456789012345678901234567891", Less),
        ] {
            assert_eq!(cmp(a, b), want, "{a} vs {b}");
            assert_eq!(cmp(b, a), want.reverse(), "{b} vs {a}");
        }
    }

    #[test]
    fn validity() {
        for good in [
            "0", "1.2", "1.2a", "1.2a_rc1", "0.1_pre2~1234abcd", "0.1_p1_pre2", "0.1_git20240101_pre1", "1.0-r0", "1.0~0-r1",
            "2.14.4-r0",
        ] {
            assert!(parse(good).is_ok(), "{good:?} must be valid");
        }
        for bad in [
            "", "a", ".1", "_pre1", "-r1", "1.", "1..2", "1.0bc", "1.0a1", "1.0a.1", "1.0_", "1.0__alpha", "1.0_1_alpha",
            "1.0_foo", "1.0_foobar1", "1.0_pre2~", "1.0_pre2~1234xbcd", "1.0~abc_pre1", "1.0-r1~abc", "1.0-r", "1.0-r1_p1",
            "1.0-r1-r2", "1.0-r1.1", "1.0-1", "1.0-pre1", "1.0A", "1.0~ABC", "1.0 ", " 1.0", "1.0\0",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} must be invalid");
        }
    }
}
