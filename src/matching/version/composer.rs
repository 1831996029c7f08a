//! Composer (Packagist) version ordering: `Composer\Semver\VersionParser::normalize`
//! followed by `Composer\Semver\Comparator::compare`, i.e. PHP's
//! `version_compare` on the normalised versions, as composer/semver 3.3.2
//! (Debian bookworm's `php-composer-semver`) with PHP 8.2 does it.
//!
//! # Normalisation (`VersionParser::normalize`)
//! In this order, on the version with PHP `trim` applied (`" \t\n\r\0\x0B"`):
//! 1. `A as B` (an inline alias) keeps `A`.
//! 2. A trailing stability flag `@stable|@RC|@beta|@alpha|@dev` (any case)
//!    is dropped.
//! 3. `master`, `trunk`, `default`, and anything starting with `dev-` (any
//!    case), are branch names: see below.
//! 4. Build metadata (`+…`) is dropped.
//! 5. A *classical* version: optional `v`, 1–5 digits, up to three more
//!    `.digits` parts (padded with `.0` to four), then an optional modifier:
//!    an optional `.`/`_`/`-`, an optional stability
//!    (`stable|beta|b|RC|alpha|a|patch|pl|p`, any case) with an optional
//!    number (`[.-]?\d+` repeated), and an optional `[.-]?dev`. Stabilities
//!    are expanded (`a` → `alpha`, `b` → `beta`, `p`/`pl` → `patch`,
//!    `rc` → `RC`): `1.2-b3` → `1.2.0.0-beta3`, `1.2-dev` → `1.2.0.0-dev`.
//!    A lower-case `stable` ends normalisation (`1.0-stable-dev` →
//!    `1.0.0.0`); any other spelling is kept (`1.0-STABLE` → `1.0.0.0-stable`).
//! 6. Else a *date* version: optional `v`, 4 digits, 1–6 groups of an
//!    optional `.`/`:`/`-` and 2 digits, optionally one more separator and 1–3
//!    digits, then the same modifier; separators become `.`
//!    (`2010-01-02` → `2010.01.02`).
//! 7. Else `…[.-]dev` where `…` is a numeric branch (`1.x`, `2.1.*`, `v3`):
//!    missing parts and wildcards become `9999999` (`1.x-dev` →
//!    `1.9999999.9999999.9999999-dev`).
//! 8. Anything else is invalid (`normalize` throws `UnexpectedValueException`).
//!
//! PCRE's `$` also matches before a final newline, so a version like
//! `"1.0\n@dev"` is valid; this is kept.
//!
//! # Branch names
//! `dev-*` versions (and `master`/`trunk`/`default`, which Composer turns
//! into `dev-master` etc.) are branches. Composer does not order them:
//! `Constraint::versionCompare` makes two branches only ever "equal" when
//! identical and otherwise leaves every comparison false, and against
//! numbered versions they compare by PHP's `version_compare` on the raw
//! string, which is meaningless. They cannot be placed in a total order, so
//! `parse` reports them as [`InvalidVersion`] ("branch, not orderable").
//!
//! # Comparison (`version_compare`)
//! Both normalised strings are canonicalised (`-`, `_`, `+` and other
//! non-alphanumerics become `.`, runs of `.` collapse, and a `.` is put
//! between digits and letters) and compared part by part: numbers
//! numerically (`strtol`, so values beyond 2^63−1 are all equal), words by
//! their special form — `dev` < `alpha`=`a` < `beta`=`b` < `RC`=`rc` < number
//! < `pl`=`p`, matched as prefixes (`patch` is `p`), any other word below
//! `dev` (so the `-stable` of `1.0-STABLE` sorts lowest). When one side runs
//! out, a remaining number makes the longer side greater; a remaining word is
//! compared with a number.

use std::cmp::Ordering;

use super::InvalidVersion;

const SCHEME: &str = "Composer";

/// A Composer version, normalised.
#[derive(Debug, Clone)]
pub struct Version {
    original: String,
    normalized: String,
    /// `php_canonicalize_version(normalized)` cut at `.`.
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    /// `strtol` of the digits (saturating).
    Num(i64),
    /// The order `compare_special_version_forms` gives the word.
    Word(i8),
}

/// The order of a number in `compare_special_version_forms` (`#N#`).
const NUMBER_FORM: i8 = 4;

impl Version {
    /// The version as given.
    pub fn as_str(&self) -> &str {
        &self.original
    }

    /// The version as `VersionParser::normalize` writes it.
    pub fn normalized(&self) -> &str {
        &self.normalized
    }
}

super::eq_from_ord!(Version);

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        php_version_compare(&self.parts, &other.parts)
    }
}

/// `php_version_compare` on canonicalised, split versions.
fn php_version_compare(a: &[Part], b: &[Part]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let o = match (x, y) {
            (Part::Num(x), Part::Num(y)) => x.cmp(y),
            (Part::Word(x), Part::Word(y)) => x.cmp(y),
            (Part::Num(_), Part::Word(y)) => NUMBER_FORM.cmp(y),
            (Part::Word(x), Part::Num(_)) => x.cmp(&NUMBER_FORM),
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    // One side ran out: its first remaining part decides; a word there is
    // compared with a number ("#N#"), and on a tie the rest of that side is
    // compared the same way.
    let (rest, flip) = if a.len() > b.len() { (&a[b.len()..], false) } else { (&b[a.len()..], true) };
    let mut o = Ordering::Equal;
    for p in rest {
        o = match p {
            Part::Num(_) => Ordering::Greater,
            Part::Word(w) => w.cmp(&NUMBER_FORM),
        };
        if o != Ordering::Equal {
            break;
        }
    }
    if flip { o.reverse() } else { o }
}

/// `compare_special_version_forms`: the first listed name the word starts with.
fn special_form(word: &[u8]) -> i8 {
    const FORMS: [(&[u8], i8); 10] = [
        (b"dev", 0),
        (b"alpha", 1),
        (b"a", 1),
        (b"beta", 2),
        (b"b", 2),
        (b"RC", 3),
        (b"rc", 3),
        (b"#", 4),
        (b"pl", 5),
        (b"p", 5),
    ];
    FORMS.iter().find(|(name, _)| word.starts_with(name)).map_or(-1, |&(_, o)| o)
}

/// `php_canonicalize_version` followed by the split at `.` that
/// `php_version_compare` does. Only ever given normalised versions, which
/// start with a digit and hold only ASCII letters, digits, `.` and `-`.
fn canonical_parts(v: &str) -> Vec<Part> {
    let mut canon: Vec<u8> = Vec::with_capacity(v.len() * 2);
    let bytes = v.as_bytes();
    let Some((&first, rest)) = bytes.split_first() else { return Vec::new() };
    canon.push(first);
    let mut prev = first;
    for &c in rest {
        let last = canon.last().copied().unwrap_or(b'.');
        let is_dig = |x: u8| x.is_ascii_digit();
        let is_ndig = |x: u8| !x.is_ascii_digit() && x != b'.';
        if matches!(c, b'-' | b'_' | b'+') {
            if last != b'.' {
                canon.push(b'.');
            }
        } else if (is_ndig(prev) && is_dig(c)) || (is_dig(prev) && is_ndig(c)) {
            if last != b'.' {
                canon.push(b'.');
            }
            canon.push(c);
        } else if !c.is_ascii_alphanumeric() {
            if last != b'.' {
                canon.push(b'.');
            }
        } else {
            canon.push(c);
        }
        prev = c;
    }
    let mut parts = Vec::new();
    for piece in canon.split(|&c| c == b'.') {
        match piece.first() {
            // php_version_compare stops at an empty part; normalised
            // versions never have one.
            None => break,
            Some(c) if c.is_ascii_digit() => parts.push(Part::Num(strtol(piece))),
            Some(_) => parts.push(Part::Word(special_form(piece))),
        }
    }
    parts
}

/// `strtol(s, NULL, 10)` of a run of ASCII digits: saturates at `i64::MAX`.
fn strtol(s: &[u8]) -> i64 {
    let mut n: i64 = 0;
    for &c in s.iter().take_while(|c| c.is_ascii_digit()) {
        n = match n.checked_mul(10).and_then(|n| n.checked_add(i64::from(c - b'0'))) {
            Some(n) => n,
            None => return i64::MAX,
        };
    }
    n
}

/// PCRE's default `\s`.
fn is_pcre_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r')
}

/// What a `…$` pattern sees: PCRE's `$` also matches before a final `\n`,
/// and none of the patterns used here can consume that newline.
fn before_final_newline(s: &[u8]) -> &[u8] {
    s.strip_suffix(b"\n").unwrap_or(s)
}

fn starts_with_ci(s: &[u8], word: &[u8]) -> bool {
    s.len() >= word.len() && s[..word.len()].eq_ignore_ascii_case(word)
}

fn digits_at(s: &[u8], i: usize) -> usize {
    s[i.min(s.len())..].iter().take_while(|c| c.is_ascii_digit()).count()
}

/// The captures of the modifier pattern
/// `[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\d+)*+)?)?([.-]?dev)?$`.
struct Modifier<'a> {
    stability: Option<&'a [u8]>,
    number: &'a [u8],
    dev: bool,
}

/// Matches the modifier pattern against all of `s` (the pattern has no
/// ambiguity that changes the captures; see the module tests).
fn modifier(s: &[u8]) -> Option<Modifier<'_>> {
    const STABILITIES: [&[u8]; 9] = [b"stable", b"beta", b"b", b"RC", b"alpha", b"a", b"patch", b"pl", b"p"];
    let try_from = |mut i: usize, allow_stability: bool| -> Option<Modifier<'_>> {
        let mut stability = None;
        let mut number: &[u8] = &[];
        if allow_stability && let Some(word) = STABILITIES.iter().find(|w| starts_with_ci(&s[i..], w)) {
            stability = Some(&s[i..i + word.len()]);
            i += word.len();
            let start = i;
            loop {
                let sep = usize::from(matches!(s.get(i), Some(b'.' | b'-')));
                let n = digits_at(s, i + sep);
                if n == 0 {
                    break;
                }
                i += sep + n;
            }
            number = &s[start..i];
        }
        let mut dev = false;
        let sep = usize::from(matches!(s.get(i), Some(b'.' | b'-')));
        if starts_with_ci(&s[i + sep..], b"dev") {
            i += sep + 3;
            dev = true;
        } else if starts_with_ci(&s[i..], b"dev") {
            i += 3;
            dev = true;
        }
        (i == s.len()).then_some(Modifier { stability, number, dev })
    };
    if matches!(s.first(), Some(b'.' | b'_' | b'-'))
        && let Some(m) = try_from(1, true)
    {
        return Some(m);
    }
    try_from(0, true)
}

/// Appends the modifier as `normalize` does; `None` for a lower-case
/// `stable`, which ends the version there.
fn push_modifier(out: &mut String, m: &Modifier<'_>) {
    if let Some(stability) = m.stability {
        if stability == b"stable" {
            return;
        }
        let lower = String::from_utf8_lossy(stability).to_ascii_lowercase();
        let expanded = match lower.as_str() {
            "a" => "alpha",
            "b" => "beta",
            "p" | "pl" => "patch",
            "rc" => "RC",
            other => other,
        };
        out.push('-');
        out.push_str(expanded);
        let number = String::from_utf8_lossy(m.number);
        out.push_str(number.trim_start_matches(['.', '-']));
    }
    if m.dev {
        out.push_str("-dev");
    }
}

/// The classical pattern: `^v?(\d{1,5})(\.\d++)?(\.\d++)?(\.\d++)?` + modifier.
fn classical(s: &[u8]) -> Option<String> {
    let mut i = usize::from(matches!(s.first(), Some(b'v' | b'V')));
    let major = digits_at(s, i);
    if !(1..=5).contains(&major) {
        return None;
    }
    let mut out = String::from_utf8_lossy(&s[i..i + major]).into_owned();
    i += major;
    for _ in 0..3 {
        let n = if s.get(i) == Some(&b'.') { digits_at(s, i + 1) } else { 0 };
        if n == 0 {
            out.push_str(".0");
        } else {
            out.push_str(&String::from_utf8_lossy(&s[i..i + 1 + n]));
            i += 1 + n;
        }
    }
    let m = modifier(&s[i..])?;
    if m.stability == Some(b"stable") {
        return Some(out);
    }
    push_modifier(&mut out, &m);
    Some(out)
}

/// `\d{4}(?:[.:-]?\d{2}){1,6}(?:[.:-]?\d{1,3})?` against all of `s`.
fn date_core(s: &[u8]) -> bool {
    fn groups(s: &[u8], i: usize, count: usize) -> bool {
        let sep = usize::from(matches!(s.get(i), Some(b'.' | b':' | b'-')));
        let n = digits_at(s, i + sep);
        // A two-digit group (up to six of them)...
        if count < 6 && n >= 2 && groups(s, i + sep + 2, count + 1) {
            return true;
        }
        // ...or the end, after at least one group, optionally after a last
        // group of one to three digits.
        count >= 1 && (i == s.len() || (1..=3).contains(&n) && i + sep + n == s.len())
    }
    s.len() <= 64 && digits_at(s, 0) >= 4 && groups(s, 4, 0)
}

/// The date pattern: `^v?(` date `)` + modifier.
fn date(s: &[u8]) -> Option<String> {
    let start = usize::from(matches!(s.first(), Some(b'v' | b'V')));
    // The date can only end at the last digit before the modifier, which
    // holds no digit before its letters.
    let region = s[start..].iter().take_while(|&&c| c.is_ascii_digit() || matches!(c, b'.' | b':' | b'-')).count();
    let core = s[start..start + region].iter().rposition(u8::is_ascii_digit).map_or(0, |p| p + 1);
    let date = &s[start..start + core];
    if !date_core(date) {
        return None;
    }
    let m = modifier(&s[start + core..])?;
    let mut out: String = date.iter().map(|&c| if c.is_ascii_digit() { char::from(c) } else { '.' }).collect();
    if m.stability == Some(b"stable") {
        return Some(out);
    }
    push_modifier(&mut out, &m);
    Some(out)
}

/// `VersionParser::normalizeBranch` for a numeric branch; `None` when the
/// branch is not numeric (Composer then makes it `dev-…`).
fn numeric_branch(name: &[u8]) -> Option<String> {
    let name = php_trim(name);
    let mut i = usize::from(matches!(name.first(), Some(b'v' | b'V')));
    let major = digits_at(name, i);
    if major == 0 {
        return None;
    }
    let mut out = String::from_utf8_lossy(&name[i..i + major]).into_owned();
    i += major;
    for _ in 0..3 {
        if name.get(i) == Some(&b'.') {
            let n = digits_at(name, i + 1);
            if n > 0 {
                out.push_str(&String::from_utf8_lossy(&name[i..i + 1 + n]));
                i += 1 + n;
                continue;
            }
            if matches!(name.get(i + 1), Some(b'x' | b'X' | b'*')) {
                out.push_str(".9999999");
                i += 2;
                continue;
            }
        }
        out.push_str(".9999999");
    }
    (before_final_newline(&name[i..]).is_empty()).then(|| out + "-dev")
}

/// PHP `trim` with its default characters.
fn php_trim(s: &[u8]) -> &[u8] {
    let strip = |c: &u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\0' | b'\x0B');
    let start = s.iter().position(|c| !strip(c)).unwrap_or(s.len());
    let end = s.iter().rposition(|c| !strip(c)).map_or(start, |p| p + 1);
    &s[start..end]
}

fn invalid(s: &str, reason: &str) -> InvalidVersion {
    InvalidVersion::new(SCHEME, s, reason)
}

/// `VersionParser::normalize`; `Err` for invalid versions and branches.
pub fn normalize(s: &str) -> Result<String, InvalidVersion> {
    let mut v: &[u8] = php_trim(s.as_bytes());

    // Inline alias: ^([^,\s]++) ++as ++([^,\s]++)$
    {
        let t = before_final_newline(v);
        let a = t.iter().take_while(|&&c| c != b',' && !is_pcre_space(c)).count();
        let spaces1 = t[a..].iter().take_while(|&&c| c == b' ').count();
        let after = &t[a + spaces1..];
        if a > 0 && spaces1 > 0 && after.starts_with(b"as") {
            let spaces2 = after[2..].iter().take_while(|&&c| c == b' ').count();
            let b = &after[2 + spaces2..];
            if spaces2 > 0 && !b.is_empty() && b.iter().all(|&c| c != b',' && !is_pcre_space(c)) {
                v = &v[..a];
            }
        }
    }

    // Stability flag: @(?:stable|RC|beta|alpha|dev)$ (any case).
    for flag in [&b"@stable"[..], b"@RC", b"@beta", b"@alpha", b"@dev"] {
        if v.len() >= flag.len() && v[v.len() - flag.len()..].eq_ignore_ascii_case(flag) {
            v = &v[..v.len() - flag.len()];
            break;
        }
    }

    if matches!(v, b"master" | b"trunk" | b"default") || starts_with_ci(v, b"dev-") {
        return Err(invalid(s, "a branch name (dev-*), which Composer does not order against versions"));
    }

    // Build metadata: ^([^,\s+]++)\+[^\s]++$
    {
        let t = before_final_newline(v);
        let a = t.iter().take_while(|&&c| c != b',' && c != b'+' && !is_pcre_space(c)).count();
        if a > 0 && t.get(a) == Some(&b'+') && t.len() > a + 1 && t[a + 1..].iter().all(|&c| !is_pcre_space(c)) {
            v = &v[..a];
        }
    }

    let t = before_final_newline(v);
    if let Some(n) = classical(t).or_else(|| date(t)) {
        return Ok(n);
    }

    // A numeric branch: (.*?)[.-]?dev$ (any case), `.` not crossing a newline.
    if t.len() >= 3 && t[t.len() - 3..].eq_ignore_ascii_case(b"dev") {
        let mut end = t.len() - 3;
        if end > 0 && matches!(t[end - 1], b'.' | b'-') {
            end -= 1;
        }
        let start = t[..end].iter().rposition(|&c| c == b'\n').map_or(0, |p| p + 1);
        if let Some(n) = numeric_branch(&t[start..end]) {
            return Ok(n);
        }
    }
    Err(invalid(s, "not a version Composer can normalise"))
}

/// Parses a Composer version (see the module documentation).
pub fn parse(s: &str) -> Result<Version, InvalidVersion> {
    let normalized = normalize(s)?;
    let parts = canonical_parts(&normalized);
    Ok(Version { original: s.to_string(), normalized, parts })
}

/// Orders two Composer versions.
pub fn compare(a: &str, b: &str) -> Result<Ordering, InvalidVersion> {
    Ok(parse(a)?.cmp(&parse(b)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(v: &str) -> String {
        normalize(v).unwrap_or_else(|e| panic!("{e}"))
    }

    fn cmp(a: &str, b: &str) -> Ordering {
        super::super::testing::cmp(compare, a, b)
    }

    fn ascending(vs: &[&str]) {
        super::super::testing::ascending(compare, vs)
    }

    #[test]
    fn normalize_documented() {
        // Cases from composer/semver's VersionParser documentation and tests.
        for (input, want) in [
            ("1.0.0", "1.0.0.0"),
            ("1.2.3.4", "1.2.3.4"),
            ("1.0.0RC1dev", "1.0.0.0-RC1-dev"),
            ("1.0.0-rC15-dev", "1.0.0.0-RC15-dev"),
            ("1.0.0.RC.15-dev", "1.0.0.0-RC15-dev"),
            ("1.0.0-rc1", "1.0.0.0-RC1"),
            ("1.0.0.pl3-dev", "1.0.0.0-patch3-dev"),
            ("1.0-dev", "1.0.0.0-dev"),
            ("0", "0.0.0.0"),
            ("10.4.13-beta", "10.4.13.0-beta"),
            ("10.4.13beta2", "10.4.13.0-beta2"),
            ("10.4.13beta.2", "10.4.13.0-beta2"),
            ("v1.13.11-beta.0", "1.13.11.0-beta0"),
            ("1.13.11.0-beta0", "1.13.11.0-beta0"),
            ("10.4.13-b", "10.4.13.0-beta"),
            ("10.4.13-b5", "10.4.13.0-beta5"),
            ("v1.0.0", "1.0.0.0"),
            ("v20100102", "20100102"),
            ("2010.01", "2010.01.0.0"),
            ("2010.01.02", "2010.01.02.0"),
            ("2010-01-02", "2010.01.02"),
            ("2010-01-02.5", "2010.01.02.5"),
            ("2010.1.555", "2010.1.555.0"),
            ("2010-01-02-10-20-30.5", "2010.01.02.10.20.30.5"),
            ("20100102-203040", "20100102.203040"),
            ("20100102203040-10", "20100102203040.10"),
            ("20100102-203040-p1", "20100102.203040-patch1"),
            ("1.0.0-beta.5+foo", "1.0.0.0-beta5"),
            ("1.0.0+foo", "1.0.0.0"),
            ("1.0.0-alpha.3.1+foo", "1.0.0.0-alpha3.1"),
            ("1.0.0+foo as 2.0", "1.0.0.0"),
            ("1.0.0@dev", "1.0.0.0"),
            ("1.0.0-stable", "1.0.0.0"),
            ("1.0.0-STABLE", "1.0.0.0-stable"),
            ("1.x-dev", "1.9999999.9999999.9999999-dev"),
            ("1.2.*-dev", "1.2.9999999.9999999-dev"),
            ("v2.0.x-dev", "2.0.9999999.9999999-dev"),
            ("1.0\n@dev", "1.0.0.0"),
            ("  1.0  ", "1.0.0.0"),
            ("123456", "123456"),
            ("1234567", "1234567"),
            ("1.0.0-", "1.0.0.0"),
        ] {
            assert_eq!(norm(input), want, "{input:?}");
        }
    }

    #[test]
    fn invalid_and_branches() {
        for v in [
            "",
            "a",
            "1.0.0.0.0",
            "1.0-foo",
            "1.0 1",
            "dev-master",
            "DEV-feature",
            "master",
            "trunk",
            "default",
            "1.2.3.4.x-dev",
            "foo-dev",
            "1.0\n\n@dev",
        ] {
            assert!(normalize(v).is_err(), "{v:?}");
        }
    }

    #[test]
    fn ordering() {
        ascending(&[
            "1.0.0-dev",
            "1.0.0-alpha1",
            "1.0.0-alpha2",
            "1.0.0-beta",
            "1.0.0-RC1",
            "1.0.0",
            "1.0.0-patch1",
            "1.0.1",
        ]);
        ascending(&["1.0.0-STABLE", "1.0.0-dev"]);
        ascending(&["1.0-beta-dev", "1.0-beta"]);
        ascending(&["1.9", "1.x-dev", "2.0"]);
        assert_eq!(cmp("v1.0", "1.0.0.0"), Ordering::Equal);
        assert_eq!(cmp("1.0-RC1", "1.0-rc.1"), Ordering::Equal);
        // strtol saturates.
        assert_eq!(cmp("1.99999999999999999999", "1.99999999999999999998"), Ordering::Equal);
    }
}
