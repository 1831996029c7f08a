//! Maven version ordering: `org.apache.maven.artifact.versioning.ComparableVersion`
//! as maven-artifact 3.8.7 implements it (the jar Debian's `maven` 3.8.7 ships
//! as `/usr/share/maven/lib/maven-artifact-3.x.jar`). OSV's Maven ecosystem
//! and Maven's own range resolution both order versions this way.
//!
//! # Rules (maven-artifact 3.8.7)
//!
//! The string is lower-cased (`Locale.ENGLISH`) and cut into items:
//! - `.` and `-` end the current item; an empty item (`1..2`, `-1`) is the
//!   number 0.
//! - A change between digits and non-digits also ends an item (`1a2`).
//! - `-`, and every digit/non-digit change, opens a nested *list* that holds
//!   everything after it; a non-numeric item that follows `.` is also put
//!   into a new list when the current list is not empty (`1.a` is `1-a`).
//!   Lists are what make `1-1` differ from `1.1`.
//! - A digit run is a number. After stripping leading ASCII `0`s, at most
//!   9 digits is an "int", at most 18 a "long", more a "big integer"; a run
//!   of only `0`s keeps its full length. Numbers of different size classes
//!   never compare by value: int < long < big integer (so
//!   `1.0000000000.1` > `1.0.1`, the first 0 being a "long" 0).
//! - A letter run is a qualifier. `a`, `b`, `m` directly followed by a
//!   digit mean `alpha`, `beta`, `milestone`; `ga`, `final`, `release`
//!   mean the empty qualifier and `cr` means `rc`. Known qualifiers order
//!   `alpha < beta < milestone < rc < snapshot < "" < sp`; any other
//!   qualifier sorts after all of them, lexically (UTF-16 code units, as
//!   `String.compareTo`).
//! - Normalisation: in every list, from the end, null items (0, the empty
//!   qualifier, empty lists) are removed until a non-null non-list item is
//!   met (`1.0.0` = `1`, `1.0-1` = `1-1`, `1-ga` = `1`).
//! - Comparison walks both lists item by item; a missing item compares as
//!   "null": a number is greater than null unless it is 0, a qualifier is
//!   compared with the empty (release) qualifier, a list with its items.
//!   number > list > qualifier when the kinds differ (`1.1 > 1-1 > 1-sp`).
//!
//! Digits are what Java's `Character.isDigit(char)` says (Unicode `Nd` in
//! the Basic Multilingual Plane, table below); `Integer.parseInt` reads
//! them, but only ASCII `0` is stripped as a leading zero, as in Maven.
//!
//! # Rejected inputs
//! `ComparableVersion` itself accepts any string. Rejected here:
//! - What Maven's model validator (maven-model-builder 3.8.7,
//!   `DefaultModelValidator.validateVersion`) rejects in a dependency
//!   version: an empty version ("version is missing"), an unresolved
//!   `${…}` expression ("must be a valid version"), and the characters
//!   `\ / : " < > | ? *`.
//! - A non-ASCII character that lower-casing changes (capital `É`, `Σ`,
//!   `İ`, …): Java lower-cases them with its own Unicode tables (and
//!   context rules for `Σ`), which this module does not carry; rather than
//!   guess, such versions are reported as invalid. Every other character,
//!   non-ASCII included, is ordered exactly as Java orders it.
//!
//! # Quirks of the reference kept on purpose
//! `1.0000000000.1` ≠ `1.0.1` (size classes, above); `1-0.1` and `1-.1` are equal
//! (the empty item is 0); a qualifier directly followed by digits opens a
//! list, so `1a1` = `1-a-1` = `1-alpha-1`.

use std::cmp::Ordering;

use super::InvalidVersion;

const SCHEME: &str = "Maven";

/// The first code point of each run of ten decimal digits Java 17's
/// `Character.isDigit(char)` accepts (general category Nd, BMP only;
/// supplementary digits arrive as surrogate `char`s, which are not digits).
const DIGIT_ZEROS: [u32; 37] = [
    0x0030, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0DE6,
    0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40,
    0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
];

/// The value of `c` if Java's `Character.isDigit` accepts it.
fn java_digit(c: char) -> Option<u8> {
    let cp = c as u32;
    if c.is_ascii_digit() {
        return Some((cp - 0x30) as u8);
    }
    DIGIT_ZEROS.iter().find(|&&z| cp >= z && cp < z + 10).map(|&z| (cp - z) as u8)
}

/// The characters Maven's model validator bans in versions.
const ILLEGAL_VERSION_CHARS: &str = "\\/:\"<>|?*";

/// The size class `parseItem` gives a number; they compare in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum NumKind {
    Int,
    Long,
    Big,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Qualifier {
    /// Index in `alpha, beta, milestone, rc, snapshot, "", sp`.
    Known(u8),
    /// Any other qualifier (lower-cased).
    Other(String),
}

const RELEASE: u8 = 5;

impl Qualifier {
    fn new(token: &str, followed_by_digit: bool) -> Qualifier {
        let token = match token {
            "a" if followed_by_digit => "alpha",
            "b" if followed_by_digit => "beta",
            "m" if followed_by_digit => "milestone",
            t => t,
        };
        match token {
            "alpha" => Qualifier::Known(0),
            "beta" => Qualifier::Known(1),
            "milestone" => Qualifier::Known(2),
            "rc" | "cr" => Qualifier::Known(3),
            "snapshot" => Qualifier::Known(4),
            "" | "ga" | "final" | "release" => Qualifier::Known(RELEASE),
            "sp" => Qualifier::Known(6),
            other => Qualifier::Other(other.to_string()),
        }
    }

    fn cmp(&self, other: &Qualifier) -> Ordering {
        match (self, other) {
            (Qualifier::Known(a), Qualifier::Known(b)) => a.cmp(b),
            (Qualifier::Known(_), Qualifier::Other(_)) => Ordering::Less,
            (Qualifier::Other(_), Qualifier::Known(_)) => Ordering::Greater,
            // Java compares "7-a" with "7-b": the common prefix drops out.
            (Qualifier::Other(a), Qualifier::Other(b)) => a.encode_utf16().cmp(b.encode_utf16()),
        }
    }

    fn cmp_null(&self) -> Ordering {
        match self {
            Qualifier::Known(i) => i.cmp(&RELEASE),
            Qualifier::Other(_) => Ordering::Greater,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Atom {
    /// `digits`: the value in ASCII without leading zeros ("" is 0).
    Num {
        kind: NumKind,
        digits: String,
    },
    Str(Qualifier),
}

impl Atom {
    fn number(token: &str) -> Atom {
        // stripLeadingZeroes: only ASCII '0', and a run of only '0's stays.
        let stripped = token.trim_start_matches('0');
        let stripped = if stripped.is_empty() { token } else { stripped };
        let len = stripped.chars().count();
        let kind = if len <= 9 {
            NumKind::Int
        } else if len <= 18 {
            NumKind::Long
        } else {
            NumKind::Big
        };
        let digits: String =
            stripped.chars().filter_map(java_digit).skip_while(|&d| d == 0).map(|d| char::from(b'0' + d)).collect();
        Atom::Num { kind, digits }
    }

    fn is_null(&self) -> bool {
        match self {
            Atom::Num { digits, .. } => digits.is_empty(),
            Atom::Str(q) => *q == Qualifier::Known(RELEASE),
        }
    }

    fn cmp(&self, other: &Atom) -> Ordering {
        match (self, other) {
            (Atom::Num { kind: ka, digits: a }, Atom::Num { kind: kb, digits: b }) => {
                ka.cmp(kb).then_with(|| a.len().cmp(&b.len())).then_with(|| a.cmp(b))
            }
            (Atom::Num { .. }, Atom::Str(_)) => Ordering::Greater,
            (Atom::Str(_), Atom::Num { .. }) => Ordering::Less,
            (Atom::Str(a), Atom::Str(b)) => a.cmp(b),
        }
    }

    /// This item against a nested list.
    fn cmp_list(&self) -> Ordering {
        match self {
            Atom::Num { .. } => Ordering::Greater,
            Atom::Str(_) => Ordering::Less,
        }
    }

    /// This item against a missing one.
    fn cmp_null(&self) -> Ordering {
        match self {
            Atom::Num { .. } if self.is_null() => Ordering::Equal,
            Atom::Num { .. } => Ordering::Greater,
            Atom::Str(q) => q.cmp_null(),
        }
    }
}

/// A parsed Maven version.
///
/// `ComparableVersion` builds a tree of lists in which every list holds at
/// most one nested list, always as its last item; it is kept flat here:
/// `levels[k + 1]` is the list nested at the end of `levels[k]`. Comparison
/// then needs no recursion, however deeply a version nests.
#[derive(Debug, Clone)]
pub struct Version {
    original: String,
    levels: Vec<Vec<Atom>>,
}

/// One item of list `k`: an atom, the nested list, or nothing.
enum Elem<'a> {
    Atom(&'a Atom),
    Child,
    None,
}

impl Version {
    /// The version as given.
    pub fn as_str(&self) -> &str {
        &self.original
    }

    fn elem(&self, k: usize, i: usize) -> Elem<'_> {
        let atoms = &self.levels[k];
        if let Some(a) = atoms.get(i) {
            Elem::Atom(a)
        } else if i == atoms.len() && k + 1 < self.levels.len() {
            Elem::Child
        } else {
            Elem::None
        }
    }

    fn level_len(&self, k: usize) -> usize {
        self.levels[k].len() + usize::from(k + 1 < self.levels.len())
    }

    /// List `k` against a missing item.
    fn cmp_null_from(&self, mut k: usize) -> Ordering {
        while k < self.levels.len() {
            for a in &self.levels[k] {
                let o = a.cmp_null();
                if o != Ordering::Equal {
                    return o;
                }
            }
            k += 1;
        }
        Ordering::Equal
    }
}

super::eq_from_ord!(Version);

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        let mut k = 0;
        'levels: loop {
            let n = self.level_len(k).max(other.level_len(k));
            for i in 0..n {
                let o = match (self.elem(k, i), other.elem(k, i)) {
                    (Elem::Atom(a), Elem::Atom(b)) => a.cmp(b),
                    (Elem::Atom(a), Elem::Child) => a.cmp_list(),
                    (Elem::Child, Elem::Atom(b)) => b.cmp_list().reverse(),
                    (Elem::Atom(a), Elem::None) => a.cmp_null(),
                    (Elem::None, Elem::Atom(b)) => b.cmp_null().reverse(),
                    (Elem::Child, Elem::None) => self.cmp_null_from(k + 1),
                    (Elem::None, Elem::Child) => other.cmp_null_from(k + 1).reverse(),
                    (Elem::Child, Elem::Child) => {
                        // Both nested lists come last: compare them next.
                        k += 1;
                        continue 'levels;
                    }
                    (Elem::None, Elem::None) => Ordering::Equal,
                };
                if o != Ordering::Equal {
                    return o;
                }
            }
            return Ordering::Equal;
        }
    }
}

/// Parses a Maven version (see the module documentation).
pub fn parse(s: &str) -> Result<Version, InvalidVersion> {
    if s.is_empty() {
        return Err(InvalidVersion::new(SCHEME, s, "empty version"));
    }
    if s.contains("${") {
        return Err(InvalidVersion::new(SCHEME, s, "unresolved ${...} expression"));
    }
    if let Some(c) = s.chars().find(|c| ILLEGAL_VERSION_CHARS.contains(*c)) {
        return Err(InvalidVersion::new(SCHEME, s, format!("Maven does not allow {c:?} in a version")));
    }
    if let Some(c) = s.chars().find(|&c| !c.is_ascii() && c.to_lowercase().ne(std::iter::once(c))) {
        return Err(InvalidVersion::new(
            SCHEME,
            s,
            format!("non-ASCII capital {c:?}: its lower-casing depends on the JVM's Unicode tables"),
        ));
    }
    let lower = s.to_ascii_lowercase();

    let mut levels: Vec<Vec<Atom>> = vec![Vec::new()];
    let mut is_digit = false;
    let mut start = 0;
    let item = |is_digit: bool, token: &str| {
        if is_digit { Atom::number(token) } else { Atom::Str(Qualifier::new(token, false)) }
    };
    for (i, c) in lower.char_indices() {
        let top = levels.len() - 1;
        if c == '.' || c == '-' {
            let atom = if i == start {
                Atom::Num { kind: NumKind::Int, digits: String::new() }
            } else {
                item(is_digit, &lower[start..i])
            };
            levels[top].push(atom);
            start = i + 1;
            if c == '-' {
                levels.push(Vec::new());
            }
        } else if java_digit(c).is_some() {
            if !is_digit && i > start {
                if !levels[top].is_empty() {
                    levels.push(Vec::new());
                }
                let top = levels.len() - 1;
                levels[top].push(Atom::Str(Qualifier::new(&lower[start..i], true)));
                start = i;
                levels.push(Vec::new());
            }
            is_digit = true;
        } else {
            if is_digit && i > start {
                levels[top].push(Atom::number(&lower[start..i]));
                start = i;
                levels.push(Vec::new());
            }
            is_digit = false;
        }
    }
    if lower.len() > start {
        if !is_digit && !levels[levels.len() - 1].is_empty() {
            levels.push(Vec::new());
        }
        let top = levels.len() - 1;
        levels[top].push(item(is_digit, &lower[start..]));
    }

    // ListItem.normalize, innermost list first.
    for k in (0..levels.len()).rev() {
        if k + 2 == levels.len() && levels[k + 1].is_empty() {
            levels.truncate(k + 1);
        }
        while levels[k].last().is_some_and(Atom::is_null) {
            levels[k].pop();
        }
    }
    Ok(Version { original: s.to_string(), levels })
}

/// Orders two Maven versions.
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
        super::super::testing::equal(compare, a, b)
    }

    #[test]
    fn qualifier_order() {
        ascending(&["1-alpha", "1-beta", "1-milestone", "1-rc", "1-snapshot", "1", "1-sp", "1-abc", "1-xyz"]);
        equal("1-cr", "1-rc");
        equal("1-ga", "1");
        equal("1-final", "1");
        equal("1.RELEASE", "1");
        equal("1-SNAPSHOT", "1-snapshot");
    }

    #[test]
    fn shorthand_only_before_digits() {
        equal("1a1", "1-alpha-1");
        equal("1-b2", "1-beta-2");
        equal("1m3", "1-milestone-3");
        // "a" alone is an unknown qualifier, after the release.
        assert_eq!(cmp("1-a", "1"), Ordering::Greater);
        assert_eq!(cmp("1-a", "1-alpha"), Ordering::Greater);
    }

    #[test]
    fn trailing_nulls() {
        equal("1", "1.0");
        equal("1", "1.0.0");
        equal("1.0-1", "1-1");
        equal("1-0", "1");
        equal("1.0.0-ga", "1");
        equal("1-.1", "1-0.1");
    }

    #[test]
    fn documented_orderings() {
        // The ordering given in the ComparableVersion javadoc and Maven's tests.
        ascending(&["1", "1.1", "1.2", "1.10", "2", "2.0.1"]);
        ascending(&["1-1", "1.1"]);
        ascending(&["1-sp", "1-1", "1.1"]);
        ascending(&["1.0-alpha-1", "1.0-alpha-2", "1.0-beta-1", "1.0-SNAPSHOT", "1.0", "1.0-sp-1", "1.0.1"]);
        ascending(&["2.0-1", "2.0.1"]);
        ascending(&[
            "1-alpha2snapshot",
            "1-alpha2",
            "1-alpha-123",
            "1-beta-2",
            "1-beta123",
            "1-m2",
            "1-m11",
            "1-rc",
            "1-cr2",
            "1-rc123",
            "1-SNAPSHOT",
            "1",
            "1-sp",
            "1-sp2",
            "1-sp123",
            "1-abc",
            "1-def",
            "1-pom-1",
            "1-1-snapshot",
            "1-1",
            "1-2",
            "1-123",
        ]);
    }

    #[test]
    fn number_size_classes() {
        // A zero of a larger size class is still null at the end...
        equal("1.0000000000", "1");
        equal("1.0000000000000000000", "1");
        // ...but not in the middle, and classes never compare by value.
        ascending(&["1.0.1", "1.0000000000.1", "1.0000000000000000000.1"]);
        ascending(&["1.999999999", "1.1000000000", "1.999999999999999999", "1.1000000000000000000"]);
        ascending(&["1.2147483648", "1.9223372036854775807", "1.9223372036854775808"]);
        equal("1.000000001", "1.1");
        equal("99999999999999999999999", "099999999999999999999999");
    }

    #[test]
    fn unicode_digits() {
        // Arabic-Indic digits are digits to Java.
        equal("1.\u{0662}", "1.2");
        assert_eq!(cmp("1.\u{0662}", "1.10"), Ordering::Less);
    }

    #[test]
    fn rejected() {
        for v in ["", "${project.version}", "1.0:2", "1/2", "1.0?", "\u{C9}", "1-\u{3A3}"] {
            assert!(parse(v).is_err(), "{v:?}");
        }
        assert!(parse("1-\u{E9}").is_ok());
    }

    #[test]
    fn deep_nesting_is_fine() {
        let long = "1a".repeat(100_000);
        assert_eq!(cmp(&long, &long), Ordering::Equal);
        let digits = "9".repeat(10_000);
        assert_eq!(cmp(&digits, "1"), Ordering::Greater);
    }
}
