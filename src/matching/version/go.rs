//! Go module versions, exactly as `golang.org/x/mod/semver` validates and
//! orders them (what the `go` command and govulncheck use).
//!
//! Reference: `golang.org/x/mod/semver` (`IsValid`, `Compare`; Debian
//! bookworm's golang-golang-x-mod-dev 0.7.0, whose semver package is
//! unchanged in later releases), built with Go 1.19 by
//! `tests/version_lang.rs` from `tests/differential/gosemver.go`.
//!
//! # Accepted forms
//!
//! `vMAJOR[.MINOR[.PATCH[-PRERELEASE][+BUILD]]]`:
//! - the `v` is required in Go's own syntax (`go.mod`, `go.sum`, build
//!   info). OSV's Go advisories write the same versions without it (the
//!   OSV `SEMVER` range type: `1.2.3`, `0.0.0-20200622213623-75b288015ac9`,
//!   the standard library as `1.21.0-rc.4` or `1.26.0-0`), so a version
//!   without a leading `v` is read as if it had one. `V1.0.0` and surrounding
//!   whitespace are invalid, as in Go;
//! - MAJOR, MINOR, PATCH: ASCII digits, no leading zero (`0` alone is fine),
//!   any length: they compare by digit count, then digit by digit, so there
//!   is no overflow;
//! - `v1` and `v1.2` are shorthands for `v1.0.0` and `v1.2.0`, but only
//!   without pre-release or build suffix (`v1.2-pre` is invalid). OSV's
//!   `introduced: "0"` therefore reads as `v0.0.0` — it means "every
//!   version", which a range matcher must treat as the bottom, since
//!   pseudo-versions such as `v0.0.0-2019…` sort below `v0.0.0`;
//! - PRERELEASE: non-empty dot-separated identifiers of `[0-9A-Za-z-]`,
//!   all-digit ones without leading zeros;
//! - BUILD: non-empty dot-separated identifiers of `[0-9A-Za-z-]`; it is
//!   ignored in ordering, so `v2.0.0+incompatible` == `v2.0.0`.
//!
//! # Ordering
//!
//! SemVer 2.0.0 precedence: numeric fields, then a version without
//! pre-release above one with; pre-release identifiers left to right,
//! all-digit ones numerically (by length, then digits) and below
//! alphanumeric ones, alphanumeric ones bytewise; more identifiers win when
//! all shared ones are equal. Pseudo-versions are ordinary pre-releases:
//! `v0.0.0-20191109021931-daa7c04131f5` (no tag before),
//! `vX.Y.Z-pre.0.20191109021931-daa7c04131f5` (after `vX.Y.Z-pre`) and
//! `vX.Y.(Z+1)-0.20191109021931-daa7c04131f5` (after `vX.Y.Z`) sort after
//! the tag they build on and before the next release, by timestamp.
//!
//! `x/mod/semver.Compare` itself orders every invalid string below every
//! valid one (and all invalid ones equal); here an invalid version is an
//! [`InvalidVersion`] error instead, never compared.

use std::cmp::Ordering;
use std::fmt;

use super::InvalidVersion;

const SCHEME: &str = "Go";

/// A non-negative integer as its digits (no leading zero unless "0").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Digits(String);

impl Ord for Digits {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.len().cmp(&other.0.len()).then_with(|| self.0.cmp(&other.0))
    }
}

impl PartialOrd for Digits {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Ident {
    Numeric(Digits),
    AlphaNumeric(String),
}

impl Ord for Ident {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Ident::Numeric(a), Ident::Numeric(b)) => a.cmp(b),
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

/// A Go module version. Equality and ordering are `semver.Compare`'s:
/// build metadata (`+incompatible`) is ignored.
#[derive(Debug, Clone)]
pub struct Version {
    major: Digits,
    minor: Digits,
    patch: Digits,
    pre: Vec<Ident>,
    build: String,
}

impl Version {
    pub fn is_prerelease(&self) -> bool {
        !self.pre.is_empty()
    }

    /// Whether the build metadata is `+incompatible` (a v2+ module without
    /// a go.mod).
    pub fn is_incompatible(&self) -> bool {
        self.build == "incompatible"
    }

    /// Whether this has the form of a pseudo-version (`x/mod/module`'s
    /// `IsPseudoVersion`): a pre-release ending in a 14-digit timestamp and
    /// a 12-hex-digit revision, as `0.0.0-TIMESTAMP-REV`,
    /// `X.Y.Z-PRE.0.TIMESTAMP-REV` or `X.Y.Z-0.TIMESTAMP-REV`.
    pub fn is_pseudo(&self) -> bool {
        let Some(Ident::AlphaNumeric(last)) = self.pre.last() else { return false };
        let Some((ts, rev)) = last.split_once('-') else { return false };
        let ts_ok = ts.len() == 14 && ts.bytes().all(|b| b.is_ascii_digit());
        let rev_ok = rev.len() == 12 && rev.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !ts_ok || !rev_ok {
            return false;
        }
        match self.pre.len() {
            // vX.0.0-yyyymmddhhmmss-abcdefabcdef
            1 => self.minor.0 == "0" && self.patch.0 == "0",
            // vX.Y.(Z+1)-0.yyyymmddhhmmss-abcdefabcdef or vX.Y.Z-pre.0.…
            n => matches!(self.pre.get(n - 2), Some(Ident::Numeric(Digits(d))) if d == "0"),
        }
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        self.major
            .cmp(&other.major)
            .then_with(|| self.minor.cmp(&other.minor))
            .then_with(|| self.patch.cmp(&other.patch))
            .then_with(|| match (self.pre.is_empty(), other.pre.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => self.pre.cmp(&other.pre),
            })
    }
}

super::eq_from_ord!(Version);

/// `semver.Canonical`'s form: `vMAJOR.MINOR.PATCH[-PRERELEASE]`, without
/// build metadata.
impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}.{}.{}", self.major.0, self.minor.0, self.patch.0)?;
        for (i, id) in self.pre.iter().enumerate() {
            f.write_str(if i == 0 { "-" } else { "." })?;
            match id {
                Ident::Numeric(d) => f.write_str(&d.0)?,
                Ident::AlphaNumeric(s) => f.write_str(s)?,
            }
        }
        Ok(())
    }
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}

/// A MAJOR/MINOR/PATCH number at the start of `s`.
fn number<'a>(s: &'a str, what: &str) -> Result<(Digits, &'a str), String> {
    let len = s.bytes().take_while(u8::is_ascii_digit).count();
    if len == 0 {
        return Err(format!("expected a number for the {what} version"));
    }
    let (digits, rest) = s.split_at_checked(len).unwrap_or((s, ""));
    if len > 1 && digits.starts_with('0') {
        return Err(format!("the {what} version has a leading zero"));
    }
    Ok((Digits(digits.to_string()), rest))
}

/// Dot-separated identifiers making up all of `s`.
fn identifiers(s: &str, pre: bool) -> Result<Vec<&str>, String> {
    let what = if pre { "pre-release" } else { "build metadata" };
    let ids: Vec<&str> = s.split('.').collect();
    for id in &ids {
        if id.is_empty() {
            return Err(format!("empty {what} identifier"));
        }
        if let Some(c) = id.chars().find(|&c| !c.is_ascii() || !is_ident_byte(c as u8)) {
            return Err(format!("{c:?} is not allowed in {what}"));
        }
        if pre && id.len() > 1 && id.starts_with('0') && id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("numeric pre-release identifier {id:?} has a leading zero"));
        }
    }
    Ok(ids)
}

fn parse_body(s: &str) -> Result<Version, String> {
    let zero = || Digits("0".to_string());
    let (major, rest) = number(s, "major")?;
    if rest.is_empty() {
        return Ok(Version { major, minor: zero(), patch: zero(), pre: Vec::new(), build: String::new() });
    }
    let rest = rest.strip_prefix('.').ok_or("expected '.' after the major version")?;
    let (minor, rest) = number(rest, "minor")?;
    if rest.is_empty() {
        return Ok(Version { major, minor, patch: zero(), pre: Vec::new(), build: String::new() });
    }
    let rest = rest
        .strip_prefix('.')
        .ok_or("expected '.' after the minor version (the vMAJOR.MINOR shorthand takes no suffix)")?;
    let (patch, rest) = number(rest, "patch")?;
    let (main, build) = match rest.split_once('+') {
        Some((main, build)) => (main, Some(build)),
        None => (rest, None),
    };
    let pre = match main.strip_prefix('-') {
        Some(p) => identifiers(p, true)?,
        None if main.is_empty() => Vec::new(),
        None => return Err(format!("unexpected {:?} after the patch version", main.chars().next().unwrap_or(' '))),
    };
    let build = match build {
        Some(b) => identifiers(b, false)?.join("."),
        None => String::new(),
    };
    let pre = pre
        .into_iter()
        .map(|id| {
            if id.bytes().all(|b| b.is_ascii_digit()) {
                Ident::Numeric(Digits(id.to_string()))
            } else {
                Ident::AlphaNumeric(id.to_string())
            }
        })
        .collect();
    Ok(Version { major, minor, patch, pre, build })
}

/// Parses a Go module version (`v1.2.3`, or OSV's `1.2.3`) as
/// `golang.org/x/mod/semver` does.
pub fn parse(s: &str) -> Result<Version, InvalidVersion> {
    let body = s.strip_prefix('v').unwrap_or(s);
    parse_body(body).map_err(|r| InvalidVersion::new(SCHEME, s, r))
}

/// Orders two Go module versions as `semver.Compare` does.
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
    fn ordering() {
        let ordered = [
            "v0.0.0-20191109021931-daa7c04131f5",
            "v0.0.0",
            "v0.1.0-alpha",
            "v0.1.0-alpha.0.20200101000000-abcdefabcdef",
            "v0.1.0-alpha.1",
            "v0.1.0",
            "v0.1.1-0.20191109021931-daa7c04131f5",
            "v0.1.1",
            "v1",
            "v1.0.1",
            "v1.2",
            "v1.2.1-rc.1",
            "v1.2.1",
            "v2.0.0-rc1+incompatible",
            "v2.0.0+incompatible",
            "v10.0.0",
            "v100000000000000000000000000.0.0",
        ];
        super::super::testing::ascending(compare, &ordered);
    }

    #[test]
    fn equalities_and_osv_spelling() {
        assert_eq!(cmp("v1", "v1.0.0"), Ordering::Equal);
        assert_eq!(cmp("v1.2", "v1.2.0"), Ordering::Equal);
        assert_eq!(cmp("v2.0.0+incompatible", "v2.0.0"), Ordering::Equal);
        assert_eq!(cmp("1.21.5", "v1.21.5"), Ordering::Equal);
        assert_eq!(cmp("0", "v0.0.0"), Ordering::Equal);
        assert_eq!(cmp("1.21.0-rc.4", "1.21.0"), Ordering::Less);
        assert_eq!(cmp("1.26.0-0", "1.26.0-rc.1"), Ordering::Less);
        assert_eq!(parse("v1.2").map(|v| v.to_string()), Ok("v1.2.0".to_string()));
        assert_eq!(parse("v1.2.3-pre+meta").map(|v| v.to_string()), Ok("v1.2.3-pre".to_string()));
    }

    #[test]
    fn invalid() {
        for s in [
            "", "v", "V1.0.0", "vv1.0.0", " v1.0.0", "v1.0.0 ", "v01.0.0", "v1.00.0", "v1.0.00", "v1-pre", "v1.2-pre",
            "v1.2+meta", "v1.", "v1.2.", "v1.2.3.4", "v1.2.3-", "v1.2.3+", "v1.2.3-01", "v1.2.3-a..b", "v1.2.3+a..b",
            "v1.2.3-ä", "v1.2.3+a+b", "v1.2.3-+", "go1.21.5", "1.2.3_4", "v-1.0.0",
        ] {
            assert!(parse(s).is_err(), "{s:?} must be invalid");
        }
        assert!(parse("v1.2.3+001").is_ok());
        assert!(parse("v1.2.3-0a").is_ok());
    }

    #[test]
    fn pseudo_versions() {
        for p in [
            "v0.0.0-20191109021931-daa7c04131f5",
            "v1.2.4-0.20191109021931-daa7c04131f5",
            "v1.2.3-pre.0.20191109021931-daa7c04131f5",
            "4.1.2-0.20171013141717-ee57a5829ab1+incompatible",
        ] {
            assert!(parse(p).is_ok_and(|v| v.is_pseudo()), "{p}");
        }
        for p in ["v1.2.3", "v1.2.3-20191109021931-daa7c04131f5", "v0.0.0-2019110902193-daa7c04131f5"] {
            assert!(parse(p).is_ok_and(|v| !v.is_pseudo()), "{p}");
        }
    }
}
