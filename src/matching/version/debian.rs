//! Debian package versions (Debian, Ubuntu), ordered exactly as dpkg orders
//! them.
//!
//! # Reference
//! dpkg 1.21 (`dpkg --compare-versions`, i.e. libdpkg's `parseversion` and
//! `dpkg_version_compare`). The differential test in
//! `tests/version_distro.rs` runs dpkg itself on every generated pair.
//!
//! # Syntax: `[epoch:]upstream[-revision]`
//! Parsing follows dpkg step by step:
//! 1. Leading and trailing blanks (space, tab) are ignored.
//! 2. An empty string is rejected, and so is one with a blank inside.
//! 3. If the string has a `:`, everything before the *first* `:` is the
//!    epoch, read like C's `strtol`: optional leading white space
//!    (`\n \v \f \r`; blanks were trimmed), an optional sign, then at least
//!    one digit that must run right up to the `:`. A negative epoch is
//!    rejected (`-0` is zero and accepted), as is one above `i32::MAX`.
//!    Something must follow the `:`.
//! 4. The revision is whatever follows the *last* `-`; it must not be empty.
//!    Without a `-` the revision is empty, which orders like `0`.
//! 5. The upstream version must not be empty and must start with a digit;
//!    it may hold ASCII letters and digits and `. + ~ - :`. The revision may
//!    hold ASCII letters and digits and `. + ~`.
//!
//! For rule 5 dpkg itself only *warns* ("has bad syntax") and still
//! compares; every other rule is a hard error in dpkg. Both kinds are
//! rejected here: dpkg calls such a version bad syntax, and comparing it would
//! be a guess. Two more departures from the `dpkg --compare-versions` command
//! line: dpkg reads an empty argument or the literal `<unknown>` as "no
//! version" (sorting below every version); here they are invalid, as a
//! version string can never be them.
//!
//! # Ordering
//! Epochs compare numerically, then the upstream versions, then the
//! revisions, each with dpkg's `verrevcmp`: the strings are walked as
//! alternating non-digit and digit runs. Non-digit runs compare character by
//! character where `~` sorts before everything (even the end of the run),
//! then the end of the run, then ASCII letters (by code), then every other
//! character (by code, after all letters). Digit runs compare as numbers of
//! any length (leading zeros ignored, no overflow). So `1.0~rc1 < 1.0 <
//! 1.0a < 1.0+b1`, `1.01 = 1.1`, and `1.0-0 = 1.0`.

use std::cmp::Ordering;
use std::fmt;

use super::InvalidVersion;

const SCHEME: &str = "Debian";

/// A parsed Debian version. Equality is dpkg's: `1.01` equals `1.1`.
#[derive(Debug, Clone)]
pub struct DebianVersion {
    epoch: u32,
    upstream: String,
    revision: String,
}

impl DebianVersion {
    /// The epoch (0 when absent).
    pub fn epoch(&self) -> u32 {
        self.epoch
    }

    /// The upstream version.
    pub fn upstream(&self) -> &str {
        &self.upstream
    }

    /// The Debian revision (empty when absent).
    pub fn revision(&self) -> &str {
        &self.revision
    }
}

impl fmt::Display for DebianVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.epoch != 0 {
            write!(f, "{}:", self.epoch)?;
        }
        f.write_str(&self.upstream)?;
        if !self.revision.is_empty() {
            write!(f, "-{}", self.revision)?;
        }
        Ok(())
    }
}

impl Ord for DebianVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        self.epoch
            .cmp(&other.epoch)
            .then_with(|| verrevcmp(self.upstream.as_bytes(), other.upstream.as_bytes()))
            .then_with(|| verrevcmp(self.revision.as_bytes(), other.revision.as_bytes()))
    }
}

super::eq_from_ord!(DebianVersion);

/// C's `isblank` in the C locale.
fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// C's `isspace` in the C locale.
fn is_c_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Parses a Debian version as dpkg does, rejecting what dpkg calls bad syntax.
pub fn parse(input: &str) -> Result<DebianVersion, InvalidVersion> {
    let bad = |reason: &str| InvalidVersion::new(SCHEME, input, reason);
    let bytes = input.as_bytes();

    // 1-2: trim blanks; reject empty and embedded blanks.
    let start = bytes.iter().position(|&b| !is_blank(b)).unwrap_or(bytes.len());
    let end = bytes.iter().rposition(|&b| !is_blank(b)).map_or(start, |i| i + 1);
    let s = input.get(start..end).unwrap_or("");
    if s.is_empty() {
        return Err(bad("version string is empty"));
    }
    if s.bytes().any(is_blank) {
        return Err(bad("version string has embedded spaces"));
    }

    // 3: epoch.
    let (epoch, rest) = match s.find(':') {
        Some(colon) => {
            let epoch = parse_epoch(s.get(..colon).unwrap_or("")).map_err(bad)?;
            let rest = s.get(colon + 1..).unwrap_or("");
            if rest.is_empty() {
                return Err(bad("nothing after colon in version number"));
            }
            (epoch, rest)
        }
        None => (0, s),
    };

    // 4: revision after the last hyphen.
    let (upstream, revision) = match rest.rfind('-') {
        Some(h) => {
            let revision = rest.get(h + 1..).unwrap_or("");
            if revision.is_empty() {
                return Err(bad("revision number is empty"));
            }
            (rest.get(..h).unwrap_or(""), revision)
        }
        None => (rest, ""),
    };

    // 5: characters.
    match upstream.bytes().next() {
        None => return Err(bad("upstream version is empty")),
        Some(b) if !b.is_ascii_digit() => return Err(bad("version number does not start with digit")),
        Some(_) => {}
    }
    if !upstream.bytes().all(|b| b.is_ascii_alphanumeric() || b".-+~:".contains(&b)) {
        return Err(bad("invalid character in version number"));
    }
    if !revision.bytes().all(|b| b.is_ascii_alphanumeric() || b".+~".contains(&b)) {
        return Err(bad("invalid character in revision number"));
    }

    Ok(DebianVersion { epoch, upstream: upstream.to_string(), revision: revision.to_string() })
}

/// The epoch as dpkg reads it: `strtol` that must stop exactly at the colon.
fn parse_epoch(text: &str) -> Result<u32, &'static str> {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() && is_c_space(b[i]) {
        i += 1;
    }
    let negative = match b.get(i) {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let digits_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == digits_start {
        // strtol converted nothing: its end pointer is the start.
        return Err("epoch in version is empty");
    }
    if i != b.len() {
        return Err("epoch in version is not number");
    }
    let digits = text.get(digits_start..i).unwrap_or("").trim_start_matches('0');
    if digits.is_empty() {
        return Ok(0);
    }
    if negative {
        return Err("epoch in version is negative");
    }
    match digits.parse::<u32>() {
        Ok(n) if n <= i32::MAX as u32 => Ok(n),
        _ => Err("epoch in version is too big"),
    }
}

/// Orders two Debian versions as dpkg does.
pub fn compare(a: &str, b: &str) -> Result<Ordering, InvalidVersion> {
    Ok(parse(a)?.cmp(&parse(b)?))
}

/// dpkg's weight of one character in a non-digit run; `None` is the end.
fn order(c: Option<u8>) -> i32 {
    match c {
        None => 0,
        Some(c) if c.is_ascii_digit() => 0,
        Some(c) if c.is_ascii_alphabetic() => i32::from(c),
        Some(b'~') => -1,
        Some(c) => i32::from(c) + 256,
    }
}

/// dpkg's `verrevcmp`, on byte strings, without overflow.
fn verrevcmp(a: &[u8], b: &[u8]) -> Ordering {
    let (mut i, mut j) = (0, 0);
    let digit_at = |s: &[u8], k: usize| s.get(k).is_some_and(|c| c.is_ascii_digit());
    let non_digit_at = |s: &[u8], k: usize| s.get(k).is_some_and(|c| !c.is_ascii_digit());
    while i < a.len() || j < b.len() {
        while non_digit_at(a, i) || non_digit_at(b, j) {
            let (ac, bc) = (order(a.get(i).copied()), order(b.get(j).copied()));
            if ac != bc {
                return ac.cmp(&bc);
            }
            i += 1;
            j += 1;
        }
        while a.get(i) == Some(&b'0') {
            i += 1;
        }
        while b.get(j) == Some(&b'0') {
            j += 1;
        }
        let mut first_diff = Ordering::Equal;
        while digit_at(a, i) && digit_at(b, j) {
            if first_diff == Ordering::Equal {
                first_diff = a.get(i).cmp(&b.get(j));
            }
            i += 1;
            j += 1;
        }
        if digit_at(a, i) {
            return Ordering::Greater;
        }
        if digit_at(b, j) {
            return Ordering::Less;
        }
        if first_diff != Ordering::Equal {
            return first_diff;
        }
    }
    Ordering::Equal
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(a: &str, b: &str) -> Ordering {
        compare(a, b).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn policy_tilde_example() {
        // Debian Policy 5.6.12: ~~ < ~~a < ~ < (empty) < a.
        let chain = ["1.0~~", "1.0~~a", "1.0~", "1.0", "1.0a"];
        super::super::testing::ascending(compare, &chain);
    }

    #[test]
    fn letters_before_non_letters() {
        assert_eq!(cmp("1.0a", "1.0+"), Ordering::Less);
        assert_eq!(cmp("1.0+", "1.0."), Ordering::Less);
        assert_eq!(cmp("1.0Z", "1.0a"), Ordering::Less);
        assert_eq!(cmp("1.0", "1.0."), Ordering::Less);
        assert_eq!(cmp("1.0+dfsg", "1.0.1"), Ordering::Less); // '+' < '.'
    }

    #[test]
    fn numbers_are_numeric_and_unbounded() {
        assert_eq!(cmp("1.10", "1.9"), Ordering::Greater);
        assert_eq!(cmp("1.01", "1.1"), Ordering::Equal);
        assert_eq!(cmp("1.000", "1.0"), Ordering::Equal);
        assert_eq!(
            cmp("1.123456789012345678901234567890", "1.123456789012345678901234567891"),
            Ordering::Less
        );
        assert_eq!(cmp("99999999999999999999999", "100000000000000000000000"), Ordering::Less);
    }

    #[test]
    fn epochs_and_revisions() {
        assert_eq!(cmp("1:0.1", "9.9"), Ordering::Greater);
        assert_eq!(cmp("0:1.0", "1.0"), Ordering::Equal);
        assert_eq!(cmp("00:1.0", "1.0"), Ordering::Equal);
        assert_eq!(cmp("+1:1.0", "1:1.0"), Ordering::Equal);
        assert_eq!(cmp("1.0-0", "1.0"), Ordering::Equal);
        assert_eq!(cmp("1.0-1", "1.0"), Ordering::Greater);
        assert_eq!(cmp("1.0-1ubuntu1", "1.0-1"), Ordering::Greater);
        assert_eq!(cmp("1.0-1~bpo1", "1.0-1"), Ordering::Less);
        assert_eq!(cmp("1.2-3-4", "1.2-3"), Ordering::Greater); // upstream "1.2-3", rev "4"
        assert_eq!(cmp("1:2.0:1", "1:2.0"), Ordering::Greater); // colon in upstream
        assert_eq!(cmp(" 1.0\t", "1.0"), Ordering::Equal);
        assert_eq!(cmp("2147483647:1", "2147483646:9"), Ordering::Greater);
    }

    #[test]
    fn parts() {
        let v = parse("3:1.2~rc1-0ubuntu2").unwrap();
        assert_eq!((v.epoch(), v.upstream(), v.revision()), (3, "1.2~rc1", "0ubuntu2"));
        assert_eq!(v.to_string(), "3:1.2~rc1-0ubuntu2");
    }

    #[test]
    fn rejects_what_dpkg_rejects() {
        for bad in [
            "", " ", "\t", "<unknown>", "1 .0", "1.0 -1", ":1.0", "a:1.0", "1.0:2", "1:", "-1:1.0", "2147483648:1",
            "99999999999999999999:1", "1.0-", "1:-1", "-1", "a1.0", "~1", ".1", "1.0_1", "1.0-a_b", "1.é", "1.0-1:2",
            "1.0-1-", "1.0\n",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} must be invalid");
        }
        for good in ["0", "1", "1:0", "-0:1", "\r1:1.0", "1.0-1-2", "1:1:1", "0~", "1+", "1.0-~", "2147483647:1"] {
            assert!(parse(good).is_ok(), "{good:?} must be valid");
        }
    }
}
