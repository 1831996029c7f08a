//! NuGet version ordering: `NuGet.Versioning.NuGetVersion.TryParse` and
//! `VersionComparer.Default`, as NuGet.Versioning implements them.
//!
//! # Rules
//! - Surrounding white space is trimmed (.NET `String.Trim`: Unicode
//!   `White_Space`).
//! - The first `-` or `+` ends the numeric part; release labels run from the
//!   first `-` to the next `+`, build metadata after that `+`.
//! - The numeric part is 1 to 4 `.`-separated decimal numbers, each at most
//!   2147483647 (`Int32`), leading zeros allowed (`01.2` = `1.2`): Major,
//!   Minor, Patch, Revision, missing parts being 0 (`1` = `1.0` = `1.0.0.0`).
//! - Release labels (`.`-separated) and metadata parts must be non-empty and
//!   made of `[0-9A-Za-z-]`; an all-digit release label must not have a
//!   leading zero (`1.0.0-01` is invalid), metadata may.
//! - Order: Major, Minor, Patch, Revision numerically; then a version with
//!   release labels sorts before the same version without; labels compare
//!   pairwise, a label that .NET's `int.TryParse` reads (`-?[0-9]+` within
//!   `Int32`, so `-1` is numeric) numerically and before any other label,
//!   other labels by ordinal case-INsensitive comparison; when one label list
//!   is a prefix of the other, the shorter sorts first. Build metadata is
//!   ignored (`1.0.0+a` = `1.0.0+b`).
//!
//! # Rejected inputs, and the reference's own inconsistencies
//! NuGet's parsing of the numeric part changed across releases: up to 5.x it
//! was `System.Version.TryParse` (which also takes white space around each
//! number and a `+` sign, `1. 2` or `+1.2`), 6.x replaced it with its own
//! digit parser, whose variants disagree about empty parts (`1..2`, `1.`)
//! and overflow. Only the form every one of them reads the same way is
//! accepted here: 1–4 parts of ASCII digits, each within `Int32`. Anything
//! else is reported as invalid rather than guessed at.
//!
//! `VersionComparer.Equals` compares labels as strings while `Compare`
//! compares numeric labels as numbers, so `1.0.0--0` and `1.0.0-0` are
//! equal by `Compare` but not by `Equals`; this module follows `Compare`.

use std::cmp::Ordering;

use super::InvalidVersion;

const SCHEME: &str = "NuGet";

/// A parsed NuGet version.
#[derive(Debug, Clone)]
pub struct Version {
    original: String,
    /// Major, Minor, Patch, Revision.
    numbers: [u32; 4],
    /// Release labels; empty for a release.
    labels: Vec<Label>,
}

#[derive(Debug, Clone)]
enum Label {
    /// A label `int.TryParse` reads.
    Num(i32),
    /// Any other label, upper-cased (ordinal-ignore-case order).
    Text(String),
}

impl Label {
    fn new(s: &str) -> Label {
        let digits = s.strip_prefix('-').unwrap_or(s);
        if !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && let Ok(n) = s.parse::<i32>()
        {
            return Label::Num(n);
        }
        Label::Text(s.to_ascii_uppercase())
    }

    fn cmp(&self, other: &Label) -> Ordering {
        match (self, other) {
            (Label::Num(a), Label::Num(b)) => a.cmp(b),
            (Label::Num(_), Label::Text(_)) => Ordering::Less,
            (Label::Text(_), Label::Num(_)) => Ordering::Greater,
            (Label::Text(a), Label::Text(b)) => a.cmp(b),
        }
    }
}

impl Version {
    /// The version as given.
    pub fn as_str(&self) -> &str {
        &self.original
    }

    /// Whether the version has release labels.
    pub fn is_prerelease(&self) -> bool {
        !self.labels.is_empty()
    }
}

super::eq_from_ord!(Version);

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        self.numbers.cmp(&other.numbers).then_with(|| {
            match (self.labels.is_empty(), other.labels.is_empty()) {
                (true, true) => return Ordering::Equal,
                (true, false) => return Ordering::Greater,
                (false, true) => return Ordering::Less,
                (false, false) => {}
            }
            for (a, b) in self.labels.iter().zip(&other.labels) {
                let o = a.cmp(b);
                if o != Ordering::Equal {
                    return o;
                }
            }
            self.labels.len().cmp(&other.labels.len())
        })
    }
}

/// `SemanticVersion.IsValidPart`.
fn valid_part(s: &str, allow_leading_zeros: bool) -> bool {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return false;
    }
    allow_leading_zeros || !(s.len() > 1 && s.starts_with('0') && s.bytes().all(|b| b.is_ascii_digit()))
}

/// Parses a NuGet version (see the module documentation).
pub fn parse(s: &str) -> Result<Version, InvalidVersion> {
    let invalid = |reason: &str| InvalidVersion::new(SCHEME, s, reason);
    let v = s.trim();
    if v.is_empty() {
        return Err(invalid("empty version"));
    }

    // `SemanticVersion.ParseSections`. When the first `-` or `+` is the last
    // character it stays in the numeric part, which is then invalid.
    let (numeric, labels, metadata) = match v.find(['-', '+']) {
        None => (v, None, None),
        Some(p) if p + 1 == v.len() => (v, None, None),
        Some(p) if v.as_bytes()[p] == b'+' => (&v[..p], None, Some(&v[p + 1..])),
        Some(p) => {
            let rest = &v[p + 1..];
            match rest.find('+') {
                // A `+` that ends the string stays in the labels (invalid).
                Some(q) if q + 1 < rest.len() => (&v[..p], Some(&rest[..q]), Some(&rest[q + 1..])),
                _ => (&v[..p], Some(rest), None),
            }
        }
    };

    let mut numbers = [0u32; 4];
    let parts: Vec<&str> = numeric.split('.').collect();
    if parts.len() > 4 {
        return Err(invalid("more than four numeric parts"));
    }
    for (slot, part) in numbers.iter_mut().zip(&parts) {
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid("the numeric parts must be ASCII digits"));
        }
        let digits = part.trim_start_matches('0');
        *slot = match digits.parse::<u32>() {
            _ if digits.is_empty() => 0,
            Ok(n) if n <= i32::MAX as u32 => n,
            _ => return Err(invalid("a numeric part exceeds 2147483647")),
        };
    }

    let labels = match labels {
        None => Vec::new(),
        Some(l) => {
            let parts: Vec<&str> = l.split('.').collect();
            if !parts.iter().all(|p| valid_part(p, false)) {
                return Err(invalid("invalid release label"));
            }
            parts.into_iter().map(Label::new).collect()
        }
    };
    if let Some(m) = metadata
        && !m.split('.').all(|p| valid_part(p, true))
    {
        return Err(invalid("invalid build metadata"));
    }
    Ok(Version { original: s.to_string(), numbers, labels })
}

/// Orders two NuGet versions.
pub fn compare(a: &str, b: &str) -> Result<Ordering, InvalidVersion> {
    Ok(parse(a)?.cmp(&parse(b)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(a: &str, b: &str) -> Ordering {
        super::super::testing::cmp(compare, a, b)
    }

    fn ascending(vs: &[&str]) {
        super::super::testing::ascending(compare, vs)
    }

    fn equal(a: &str, b: &str) {
        assert_eq!(cmp(a, b), Ordering::Equal, "{a} == {b}");
    }

    #[test]
    fn documented_orderings() {
        // NuGet docs, "Package versioning": pre-release sorting examples.
        ascending(&[
            "1.0.1-alpha",
            "1.0.1-alpha.1",
            "1.0.1-alpha.beta",
            "1.0.1-beta",
            "1.0.1-beta.2",
            "1.0.1-beta.11",
            "1.0.1-rc.1",
            "1.0.1",
        ]);
        ascending(&["1.0.0-alpha", "1.0.0-beta", "1.0.0-rc", "1.0.0", "1.0.1", "1.0.1.1", "1.1"]);
        equal("1.0.1-Beta", "1.0.1-beta");
        equal("1.0.0+build.1", "1.0.0+build.2");
        // NuGet.Versioning's tests.
        ascending(&["1.0", "1.0.1"]);
        ascending(&["1.23", "1.231"]);
        ascending(&["1.4.5.6", "1.45.6"]);
        ascending(&["1.4.5.6", "1.4.5.60"]);
        ascending(&["1.01", "1.10"]);
        ascending(&["1.01-alpha", "1.10-beta"]);
        ascending(&["1.01.0-RC-1", "1.10.0-rc-2"]);
        ascending(&["1.01-RC-1", "1.01"]);
        ascending(&["1.01", "1.2-preview"]);
        equal("1.0", "1.0.0.0");
        equal("1.23.01", "1.23.1");
        equal("1.6.2-BeTa", "1.6.02-beta");
        equal("22.3.07     ", "22.3.07");
        equal("2", "2.0.0");
    }

    #[test]
    fn numeric_labels() {
        ascending(&["1.0.0-2", "1.0.0-10", "1.0.0-a"]);
        ascending(&["1.0.0--1", "1.0.0-0"]);
        equal("1.0.0--0", "1.0.0-0");
        // Beyond Int32 a label is text.
        ascending(&["1.0.0-9", "1.0.0-2147483648", "1.0.0-A"]);
    }

    #[test]
    fn validity() {
        for v in
            ["1.0.0", " 1.0 ", "1.0.0-0", "1.2.3-X.yZ.3.234+METADATA", "1.0.0+01", "01.42.0", "1.0.0-0A", "2147483647"]
        {
            assert!(parse(v).is_ok(), "{v:?}");
        }
        // NuGet.Versioning's invalid cases, plus the ambiguous forms.
        for v in [
            "",
            "1beta",
            "$version$",
            "1.2Av^c",
            "1.2..",
            "1.2.3.4.5",
            "1.2.3.Beta",
            "So.is.this",
            "1.34.2Alpha",
            "1.4.7-",
            "1.4.7-*",
            "1.4.7+*",
            "1.4.7-AA.01^",
            "1.4.7-A^A",
            "1.4.7+AA.01^",
            "1.0.0-01",
            "1.0.0-a+",
            "1.0.0-a..b",
            "1.",
            ".1",
            "1..2",
            "+1.0",
            "1. 2",
            "2147483648",
            "1.0.0+",
            "1.0.0-a+b+c",
        ] {
            assert!(parse(v).is_err(), "{v:?}");
        }
    }
}
