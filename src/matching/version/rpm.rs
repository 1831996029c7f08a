//! RPM package versions (Red Hat, Fedora, AlmaLinux, Rocky, SUSE, …) as
//! `[epoch:]version[-release]` strings, ordered exactly as rpm orders them.
//!
//! # Reference
//! rpm 4.18: `rpmvercmp` for each part, `parseEVR` for splitting a string
//! into epoch, version and release, and the comparison of python's
//! `rpm.labelCompare` for whole EVRs. Validity follows rpmbuild, the only
//! place where rpm says what a version may be. The differential test in
//! `tests/version_distro.rs` runs python3-rpm (`rpm.ver` to split,
//! `rpm.labelCompare` to order) and `rpmspec` (to validate) on every
//! generated version.
//!
//! # Splitting (rpm's `parseEVR`)
//! If the string starts with ASCII digits (possibly none) followed by `:`,
//! those digits are the epoch (none means 0); otherwise there is no epoch
//! (which compares as 0). The release is whatever follows the *last* `-`; with
//! no `-` there is no release.
//!
//! # Validity (rpmbuild's rules for the `Epoch`, `Version` and `Release` tags)
//! The string must not be empty. The epoch must fit in 32 bits. The version,
//! and the release when there is one, must be non-empty, hold only ASCII
//! letters and digits and `. _ + % { } ~ ^`, and not contain `..`. So a `-`
//! in the version (`1-2-3`) or a `:` after the epoch (`1:2:3`) is invalid,
//! as is an empty release (`1.0-`). rpm's comparison itself accepts any
//! string; these are the strings rpmbuild would never have produced.
//!
//! # Ordering (`rpmvercmp`)
//! Epochs compare numerically, then versions, then releases. A version
//! without a release sorts below every version with the same epoch and
//! version that has one (this is `labelCompare`; rpm's dependency matching
//! instead treats a missing release as matching any release, which is not an
//! order). Within a part: identical strings are equal; otherwise the strings
//! are walked segment by segment, skipping separators (anything but letters,
//! digits, `~` and `^`). `~` sorts before anything, even the end of the
//! string (`1.0~rc1 < 1.0`). `^` sorts after the end of the string but before
//! any further segment (`1.0 < 1.0^git1 < 1.0.1`). A segment is a run of
//! digits or a run of letters; a numeric segment beats an alphabetic one,
//! numbers compare by value (any length, leading zeros ignored), letters by
//! byte. When one string runs out, the one with something left wins. Runs of
//! separators are not compared, so `1.0 = 1_0 = 1.0.` and `10.0001 = 10.1`.

use std::cmp::Ordering;
use std::fmt;

use super::InvalidVersion;

const SCHEME: &str = "RPM";

/// A parsed RPM EVR. Equality is rpm's: `1.01` equals `1.1`.
#[derive(Debug, Clone)]
pub struct RpmVersion {
    epoch: u32,
    version: String,
    release: Option<String>,
}

impl RpmVersion {
    /// The epoch (0 when absent).
    pub fn epoch(&self) -> u32 {
        self.epoch
    }

    /// The version part.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The release part, if the string had one.
    pub fn release(&self) -> Option<&str> {
        self.release.as_deref()
    }
}

impl fmt::Display for RpmVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.epoch != 0 {
            write!(f, "{}:", self.epoch)?;
        }
        f.write_str(&self.version)?;
        if let Some(r) = &self.release {
            write!(f, "-{r}")?;
        }
        Ok(())
    }
}

impl Ord for RpmVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        self.epoch
            .cmp(&other.epoch)
            .then_with(|| rpmvercmp(self.version.as_bytes(), other.version.as_bytes()))
            .then_with(|| match (&self.release, &other.release) {
                (Some(a), Some(b)) => rpmvercmp(a.as_bytes(), b.as_bytes()),
                (a, b) => a.is_some().cmp(&b.is_some()),
            })
    }
}

super::eq_from_ord!(RpmVersion);

/// rpmbuild's check of a `Version` or `Release` tag value.
fn check_part(part: &str, what: &str) -> Result<(), String> {
    if part.is_empty() {
        return Err(format!("{what} is empty"));
    }
    if let Some(c) = part.chars().find(|&c| !(c.is_ascii_alphanumeric() || "._+%{}~^".contains(c))) {
        return Err(format!("illegal character {c:?} in {what}"));
    }
    if part.contains("..") {
        return Err(format!("illegal sequence \"..\" in {what}"));
    }
    Ok(())
}

/// Splits and validates an `[epoch:]version[-release]` string.
pub fn parse(input: &str) -> Result<RpmVersion, InvalidVersion> {
    let bad = |reason: String| InvalidVersion::new(SCHEME, input, reason);
    if input.is_empty() {
        return Err(bad("empty version".into()));
    }
    let digits = input.bytes().take_while(u8::is_ascii_digit).count();
    let (epoch, rest) = if input.as_bytes().get(digits) == Some(&b':') {
        let text = input.get(..digits).unwrap_or("");
        let value = text.trim_start_matches('0');
        let epoch = if value.is_empty() {
            0
        } else {
            value.parse::<u32>().map_err(|_| bad(format!("epoch {text} does not fit in 32 bits")))?
        };
        (epoch, input.get(digits + 1..).unwrap_or(""))
    } else {
        (0, input)
    };
    let (version, release) = match rest.rfind('-') {
        Some(h) => (rest.get(..h).unwrap_or(""), Some(rest.get(h + 1..).unwrap_or(""))),
        None => (rest, None),
    };
    check_part(version, "version").map_err(bad)?;
    if let Some(r) = release {
        check_part(r, "release").map_err(bad)?;
    }
    Ok(RpmVersion { epoch, version: version.to_string(), release: release.map(str::to_string) })
}

/// Orders two RPM EVR strings as rpm does.
pub fn compare(a: &str, b: &str) -> Result<Ordering, InvalidVersion> {
    Ok(parse(a)?.cmp(&parse(b)?))
}

/// rpm's `rpmvercmp`, on byte strings, without overflow.
pub fn rpmvercmp(a: &[u8], b: &[u8]) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    let is_sep = |c: &u8| !c.is_ascii_alphanumeric() && *c != b'~' && *c != b'^';
    let (mut one, mut two) = (a, b);
    while !one.is_empty() || !two.is_empty() {
        one = skip_while(one, is_sep);
        two = skip_while(two, is_sep);

        // `~` sorts before everything else.
        if one.first() == Some(&b'~') || two.first() == Some(&b'~') {
            if one.first() != Some(&b'~') {
                return Ordering::Greater;
            }
            if two.first() != Some(&b'~') {
                return Ordering::Less;
            }
            one = one.get(1..).unwrap_or(&[]);
            two = two.get(1..).unwrap_or(&[]);
            continue;
        }

        // `^` sorts after the end of the string, before anything else.
        if one.first() == Some(&b'^') || two.first() == Some(&b'^') {
            if one.is_empty() {
                return Ordering::Less;
            }
            if two.is_empty() {
                return Ordering::Greater;
            }
            if one.first() != Some(&b'^') {
                return Ordering::Greater;
            }
            if two.first() != Some(&b'^') {
                return Ordering::Less;
            }
            one = one.get(1..).unwrap_or(&[]);
            two = two.get(1..).unwrap_or(&[]);
            continue;
        }

        if one.is_empty() || two.is_empty() {
            break;
        }

        let is_num = one.first().is_some_and(u8::is_ascii_digit);
        let class: fn(&u8) -> bool = if is_num { u8::is_ascii_digit } else { u8::is_ascii_alphabetic };
        let seg1_len = one.iter().take_while(|c| class(c)).count();
        let seg2_len = two.iter().take_while(|c| class(c)).count();
        let (seg1, rest1) = one.split_at(seg1_len);
        let (seg2, rest2) = two.split_at(seg2_len);

        // A numeric segment is newer than an alphabetic one.
        if seg2.is_empty() {
            return if is_num { Ordering::Greater } else { Ordering::Less };
        }

        let r = if is_num {
            let n1 = skip_while(seg1, |c| *c == b'0');
            let n2 = skip_while(seg2, |c| *c == b'0');
            n1.len().cmp(&n2.len()).then_with(|| n1.cmp(n2))
        } else {
            seg1.cmp(seg2)
        };
        if r != Ordering::Equal {
            return r;
        }
        one = rest1;
        two = rest2;
    }
    match (one.is_empty(), two.is_empty()) {
        (true, true) => Ordering::Equal,
        (false, _) => Ordering::Greater,
        (true, false) => Ordering::Less,
    }
}

fn skip_while(s: &[u8], pred: impl Fn(&u8) -> bool) -> &[u8] {
    let n = s.iter().take_while(|c| pred(c)).count();
    s.get(n..).unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vc(a: &str, b: &str) -> Ordering {
        rpmvercmp(a.as_bytes(), b.as_bytes())
    }

    #[test]
    fn rpmvercmp_documented_cases() {
        use Ordering::*;
        // Cases in the spirit of rpm's own rpmvercmp test suite.
        for (a, b, want) in [
            ("1.0", "1.0", Equal),
            ("1.0", "2.0", Less),
            ("2.0.1", "2.0", Greater),
            ("2.0.1a", "2.0.1", Greater),
            ("5.5p1", "5.5p2", Less),
            ("5.5p10", "5.5p1", Greater),
            ("10xyz", "10.1xyz", Less),
            ("xyz10", "xyz10.1", Less),
            ("xyz.4", "8", Less),
            ("6.0.rc1", "6.0", Greater),
            ("10b2", "10a1", Greater),
            ("1.0aa", "1.0a", Greater),
            ("10.0001", "10.1", Equal),
            ("10.0001", "10.0039", Less),
            ("4.999.9", "5.0", Less),
            ("20101121", "20101120", Greater),
            ("1.0", "1_0", Equal),
            ("1.0", "1.0.", Equal),
            ("a+", "a_", Equal),
            ("+", "_", Equal),
            ("1.0~rc1", "1.0", Less),
            ("1.0~rc1", "1.0~rc2", Less),
            ("1.0~rc1~git123", "1.0~rc1", Less),
            ("1.0^", "1.0", Greater),
            ("1.0^git1", "1.0", Greater),
            ("1.0^git1", "1.0^git2", Less),
            ("1.0^git1", "1.01", Less),
            ("1.0^git1", "1.0.1", Less),
            ("1.0^20160101", "1.0.1", Less),
            ("1.0^git1~pre", "1.0^git1", Less),
            ("1.0~rc1^git1", "1.0~rc1", Greater),
            ("1.0~rc1^git1", "1.0", Less),
            ("1.0^git1", "1.0~rc1", Greater),
            ("1.0^", "1.0^", Equal),
            ("123456789012345678901234567890", "123456789012345678901234567891", Less),
        ] {
            assert_eq!(vc(a, b), want, "{a} vs {b}");
            assert_eq!(vc(b, a), want.reverse(), "{b} vs {a}");
        }
    }

    #[test]
    fn evr() {
        let v = parse("2:1.0~rc1-3.el9_2").unwrap();
        assert_eq!((v.epoch(), v.version(), v.release()), (2, "1.0~rc1", Some("3.el9_2")));
        assert_eq!(v.to_string(), "2:1.0~rc1-3.el9_2");
        let v = parse(":1.0").unwrap();
        assert_eq!((v.epoch(), v.version(), v.release()), (0, "1.0", None));
        assert_eq!(compare("1:1.0-1", "2.0-1").unwrap(), Ordering::Greater);
        assert_eq!(compare("0:1.0-1", "1.0-1").unwrap(), Ordering::Equal);
        assert_eq!(compare("1.0", "1.0-1").unwrap(), Ordering::Less);
        assert_eq!(compare("1.0-1", "1.0-1.el8").unwrap(), Ordering::Less);
        assert_eq!(compare("4294967295:1", "4294967294:2").unwrap(), Ordering::Greater);
    }

    #[test]
    fn rejects_what_rpmbuild_rejects() {
        for bad in [
            "", "1:", "-1", "1:-1", "1.0-", "1-2-3", "1:2:3", "a:1.0", "1..0", "1.0-1..2", "1 0", "1.0-é", "4294967296:1",
            "1,0", "1/0",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} must be invalid");
        }
        for good in ["0", "a", "~", "^", "1.0~rc1^git.1+x_y", "1.0-0.1%{x}", "0001:1", ":1"] {
            assert!(parse(good).is_ok(), "{good:?} must be valid");
        }
    }
}
