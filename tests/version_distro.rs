//! Differential tests of the distribution version orderings (Debian/dpkg,
//! RPM, Alpine/apk) against their reference implementations.
//!
//! - Debian: dpkg itself (`tests/differential/dpkg_compare.py`).
//! - RPM: rpm 4.18 through python3-rpm, with rpmbuild's checks via `rpmspec`
//!   (`tests/differential/rpm_compare.py`).
//! - Alpine: no executable apk-tools can be installed here, so the rules are
//!   checked against vectors written from apk-tools' own test data, against a
//!   second, independent streaming implementation of apk's comparison on
//!   generated pairs, and against the package versions of a real Alpine root
//!   file system.
//!
//! Install the references with `tests/differential/install/distro.sh`.

mod common;

use std::cmp::Ordering;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use ci_sec::matching::version::{InvalidVersion, alpine, debian, rpm};

// ---------------------------------------------------------------------------
// Deterministic generator.

use common::rng::Lcg;

/// Helpers this test adds to the shared generator.
trait Gen {
    fn new(seed: u64) -> Self;
    fn chance(&mut self, percent: u64) -> bool;
    fn number(&mut self) -> String;
    fn boundary(&mut self, s: &str) -> usize;
    fn insert(&mut self, s: &mut String, what: &str);
    fn chop(s: &mut String);
    fn tweak_digit(&mut self, s: &mut String);
}

impl Gen for Lcg {
    fn new(seed: u64) -> Self {
        Lcg(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.percent(percent)
    }

    /// A numeric component: small, ordinary, zero-padded, or very long.
    fn number(&mut self) -> String {
        match self.below(10) {
            0..=3 => self.below(12).to_string(),
            4..=5 => {
                let len = 1 + self.below(3);
                self.digits(len)
            }
            6 => format!("0{}", self.below(10)),
            7 => "00".to_string(),
            8 => {
                let len = 18 + self.below(14);
                format!("{}{}", 1 + self.below(9), self.digits(len))
            }
            _ => {
                let len = 8;
                format!("20{}", self.digits(len))
            }
        }
    }

    /// A random char boundary of `s` (including its end).
    fn boundary(&mut self, s: &str) -> usize {
        let bounds: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
        bounds[self.below(bounds.len())]
    }

    fn insert(&mut self, s: &mut String, what: &str) {
        let at = self.boundary(s);
        s.insert_str(at, what);
    }

    /// Drops the last character.
    fn chop(s: &mut String) {
        s.pop();
    }

    /// Changes one ASCII digit, or adds a leading zero before one.
    fn tweak_digit(&mut self, s: &mut String) {
        let digits: Vec<usize> = s.char_indices().filter(|(_, c)| c.is_ascii_digit()).map(|(i, _)| i).collect();
        if digits.is_empty() {
            s.push('1');
            return;
        }
        let at = digits[self.below(digits.len())];
        if self.chance(30) {
            s.insert(at, '0');
        } else {
            let d = char::from(b'0' + self.below(10) as u8);
            s.replace_range(at..at + 1, &d.to_string());
        }
    }
}

// ---------------------------------------------------------------------------
// Running a reference and comparing.

type Pairs = Vec<(String, String)>;

/// Runs a reference script once on all pairs; one output line per pair.
fn run_reference(program: &str, script: &str, pairs: &Pairs) -> Vec<String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/differential").join(script);
    let mut child = Command::new(program)
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {program} {}: {e}", script.display()));
    let mut input = String::new();
    for (a, b) in pairs {
        assert!(!a.contains(['\n', '\u{1f}', '\0']) && !b.contains(['\n', '\u{1f}', '\0']));
        input.push_str(a);
        input.push('\u{1f}');
        input.push_str(b);
        input.push('\n');
    }
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("reference ran");
    writer.join().expect("writer thread").expect("reference read its input");
    assert!(out.status.success(), "reference {} failed: {}", script.display(), out.status);
    let lines: Vec<String> = String::from_utf8(out.stdout).expect("utf-8").lines().map(str::to_string).collect();
    assert_eq!(lines.len(), pairs.len(), "reference answered {} of {} pairs", lines.len(), pairs.len());
    lines
}

fn render(r: &Result<Ordering, InvalidVersion>) -> &'static str {
    match r {
        Ok(Ordering::Less) => "-1",
        Ok(Ordering::Equal) => "0",
        Ok(Ordering::Greater) => "1",
        Err(_) => "invalid",
    }
}

/// Asserts 100% agreement, printing the first 20 disagreements.
fn assert_agreement(
    scheme: &str,
    reference: &str,
    pairs: &Pairs,
    expected: &[String],
    ours: impl Fn(&str, &str) -> Result<Ordering, InvalidVersion>,
) {
    let mut bad = Vec::new();
    let mut seen = std::collections::BTreeMap::new();
    for ((a, b), want) in pairs.iter().zip(expected) {
        let got = ours(a, b);
        if render(&got) != want {
            bad.push(format!("  {a:?} vs {b:?}: reference {want}, ours {} ({got:?})", render(&got)));
        } else {
            *seen.entry(render(&got)).or_insert(0) += 1;
        }
    }
    let agree = pairs.len() - bad.len();
    println!(
        "{scheme}: {} pairs compared with {reference}: {agree} agree ({:.2}%); agreed answers: {seen:?}",
        pairs.len(),
        100.0 * agree as f64 / pairs.len() as f64
    );
    assert!(
        bad.is_empty(),
        "{scheme}: {} of {} pairs disagree with {reference}; first 20:\n{}",
        bad.len(),
        pairs.len(),
        bad.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );
}

fn works(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn skip(scheme: &str, tool: &str) {
    println!("note: skipping {scheme} differential test: {tool} not installed (run tests/differential/install/distro.sh)");
}

fn with_reversed(mut pairs: Pairs) -> Pairs {
    let reversed: Pairs = pairs.iter().map(|(a, b)| (b.clone(), a.clone())).collect();
    pairs.extend(reversed);
    pairs
}

// ---------------------------------------------------------------------------
// Debian.

/// Tricky pairs from Debian Policy §5.6.12 and dpkg's behaviour.
const DEBIAN_HAND: &[(&str, &str)] = &[
    ("1.0~~", "1.0~~a"),
    ("1.0~~a", "1.0~"),
    ("1.0~", "1.0"),
    ("1.0", "1.0a"),
    ("1.0a", "1.0+"),
    ("1.0+", "1.0."),
    ("1.0Z", "1.0a"),
    ("1.01", "1.1"),
    ("1.0-0", "1.0"),
    ("0:1.0", "1.0"),
    ("1:0.1", "9.9"),
    ("1.0-1~bpo1", "1.0-1"),
    ("1.0-1ubuntu0.1", "1.0-1"),
    ("1.0+dfsg-1", "1.0-1"),
    ("2.30-0ubuntu1~22.04", "2.30-0ubuntu1"),
    ("1.2-3-4", "1.2-3"),
    ("1:2.0:1", "1:2.0"),
    ("2147483647:1", "2147483648:1"),
    ("99999999999999999999999", "100000000000000000000000"),
    ("1.0", " 1.0\t"),
    ("+1:1.0", "1:1.0"),
    ("-0:1.0", "0:1.0"),
    ("-1:1.0", "1.0"),
    ("\r1:1.0", "1:1.0"),
    ("", "1.0"),
    ("<unknown>", "1.0"),
    ("1.0-", "1.0"),
    ("1:", "1.0"),
    (":1.0", "1.0"),
    ("a:1.0", "1.0"),
    ("1.0:1", "1.0"),
    ("a1.0", "1.0"),
    ("~1", "1"),
    ("1.0_1", "1.0"),
    ("1.0-a_b", "1.0"),
    ("1 .0", "1.0"),
    ("1.é", "1.0"),
    ("1:-1", "1.0"),
];

fn debian_version(rng: &mut Lcg) -> String {
    const SEPS: &[&str] = &[".", ".", ".", "+", "~", "~", "-", ""];
    const WORDS: &[&str] =
        &["a", "b", "z", "A", "Z", "rc", "beta", "alpha", "dfsg", "ubuntu", "deb", "git", "bpo", "build", "really", "ds"];
    let mut upstream = if rng.chance(93) { rng.number() } else { rng.pick(&["a", "~1", "+1", ".1", "A1", ""]).to_string() };
    for _ in 0..rng.below(6) {
        upstream.push_str(rng.pick(SEPS));
        if rng.chance(60) {
            upstream.push_str(&rng.number());
        } else {
            upstream.push_str(rng.pick(WORDS));
        }
    }
    let mut v = String::new();
    let epoch = rng.chance(25);
    // A colon in the upstream version is only valid after an epoch.
    if rng.chance(if epoch { 25 } else { 3 }) {
        upstream.push(':');
        upstream.push_str(&rng.number());
    }
    if epoch {
        if rng.chance(80) {
            v.push_str(rng.pick(&["0", "1", "2", "3", "10", "01", "00", "2147483647", "+1", "-0", "\r1"]));
        } else {
            v.push_str(rng.pick(&["2147483648", "99999999999999999999", "", "a", "-1", "1a", "1.0"]));
        }
        v.push(':');
    }
    v.push_str(&upstream);
    if rng.chance(50) {
        v.push('-');
        v.push_str(&rng.number());
        for _ in 0..rng.below(3) {
            v.push_str(rng.pick(&["ubuntu", "~bpo", "+b", ".", "build", "~", "+deb", "+", "really"]));
            if rng.chance(70) {
                v.push_str(&rng.number());
            }
        }
    }
    if rng.chance(6) {
        let junk = rng.pick(&[" ", "\t", "_", "é", "@", "!", "/", ";", "=", ",", "*", "#", "%", "(", "-", ":", "A", "\u{b}"]);
        rng.insert(&mut v, junk);
    }
    if rng.chance(2) {
        v = format!("{}{v}{}", rng.pick(&[" ", "\t", ""]), rng.pick(&[" ", "\t", ""]));
    }
    v
}

fn debian_mutation(rng: &mut Lcg, a: &str) -> String {
    let mut b = a.to_string();
    match rng.below(9) {
        0 | 1 => b.push_str(rng.pick(&["~", "~rc1", "0", ".0", "a", "+", "+b1", "-0", "-1", ".", "~~", "A", "-1~", "00"])),
        2 => Lcg::chop(&mut b),
        3 | 4 => rng.tweak_digit(&mut b),
        5 => b = b.replacen('.', rng.pick(&["+", "~", "", ".0.", "a"]), 1),
        6 => b = format!("{}{b}", rng.pick(&["0:", "1:", "00:"])),
        7 => {
            let at = rng.boundary(&b);
            b.insert_str(at, rng.pick(&["~", "+", "0", "a", "."]));
        }
        _ => b = b.to_uppercase(),
    }
    b
}

#[test]
fn debian_matches_dpkg() {
    if !works("dpkg", &["--version"]) || !works("python3", &["--version"]) {
        return skip("Debian", "dpkg (or python3)");
    }
    let mut rng = Lcg::new(0xDEB1A4);
    let mut pairs: Pairs = DEBIAN_HAND.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    while pairs.len() < 6000 {
        let a = debian_version(&mut rng);
        let b = if rng.chance(55) { debian_mutation(&mut rng, &a) } else { debian_version(&mut rng) };
        pairs.push((a, b));
    }
    let pairs = with_reversed(pairs);
    let expected = run_reference("python3", "dpkg_compare.py", &pairs);
    assert_agreement("Debian", "dpkg --compare-versions", &pairs, &expected, debian::compare);
}

// ---------------------------------------------------------------------------
// RPM.

/// Tricky pairs from rpm's documentation of `~` and `^` and its test suite.
const RPM_HAND: &[(&str, &str)] = &[
    ("1.0", "2.0"),
    ("2.0.1", "2.0"),
    ("2.0.1a", "2.0.1"),
    ("5.5p1", "5.5p2"),
    ("5.5p10", "5.5p1"),
    ("10xyz", "10.1xyz"),
    ("xyz10", "xyz10.1"),
    ("xyz.4", "8"),
    ("6.0.rc1", "6.0"),
    ("10b2", "10a1"),
    ("1.0aa", "1.0a"),
    ("10.0001", "10.1"),
    ("4.999.9", "5.0"),
    ("1.0", "1_0"),
    ("1.0", "1.0."),
    ("1.0~rc1", "1.0"),
    ("1.0~rc1", "1.0~rc2"),
    ("1.0~rc1~git123", "1.0~rc1"),
    ("1.0^", "1.0"),
    ("1.0^git1", "1.0"),
    ("1.0^git1", "1.01"),
    ("1.0^git1", "1.0.1"),
    ("1.0^20160101", "1.0.1"),
    ("1.0^git1~pre", "1.0^git1"),
    ("1.0~rc1^git1", "1.0~rc1"),
    ("1.0~rc1^git1", "1.0"),
    ("1.0^git1", "1.0~rc1"),
    ("1:1.0-1", "2.0-1"),
    ("0:1.0-1", "1.0-1"),
    ("1.0", "1.0-1"),
    ("1.0-1", "1.0-1.el8"),
    ("1.0-1.el8", "1.0-1.el8_2"),
    ("1.0-1.fc39", "1.0-1.el9"),
    (":1.0", "0:1.0"),
    ("4294967295:1", "4294967296:1"),
    ("", "1"),
    ("1:", "1"),
    ("-1", "1"),
    ("1.0-", "1.0"),
    ("1-2-3", "1"),
    ("1:2:3", "1"),
    ("a:1.0", "1"),
    ("1..0", "1"),
    ("1.0-1..2", "1.0-1"),
    ("1,0", "1"),
    ("1.0-é", "1"),
    ("1.0{x}", "1.0"),
];

fn rpm_version(rng: &mut Lcg) -> String {
    const SEPS: &[&str] = &[".", ".", ".", "_", "+", "~", "^", "", "{", "}"];
    const WORDS: &[&str] = &["a", "b", "z", "A", "Z", "rc", "beta", "git", "el", "fc", "svn", "p", "xyz", "pre"];
    let mut v = String::new();
    if rng.chance(25) {
        v.push_str(rng.pick(&["0", "1", "2", "10", "01", "00", "4294967295", "4294967296", "99999999999999999999", ""]));
        v.push(':');
    }
    if rng.chance(88) {
        v.push_str(&rng.number());
    } else {
        v.push_str(rng.pick(&["a", "~1", "^1", ".1", "Z1", "_1"]));
    }
    for _ in 0..rng.below(6) {
        v.push_str(rng.pick(SEPS));
        if rng.chance(60) {
            v.push_str(&rng.number());
        } else {
            v.push_str(rng.pick(WORDS));
        }
    }
    if rng.chance(70) {
        v.push('-');
        v.push_str(&rng.number());
        for _ in 0..rng.below(3) {
            v.push_str(rng.pick(&[".el", ".fc", "_", ".", "~rc", "^", ".module+el", "+", "git"]));
            if rng.chance(70) {
                v.push_str(&rng.number());
            }
        }
    }
    if rng.chance(5) {
        let junk = rng.pick(&["-", ":", ",", "/", "@", "!", "*", "=", "é", "(", "..", "|", "$"]);
        rng.insert(&mut v, junk);
    }
    v
}

fn rpm_mutation(rng: &mut Lcg, a: &str) -> String {
    let mut b = a.to_string();
    match rng.below(8) {
        0 | 1 => b.push_str(rng.pick(&["~", "~rc1", "^", "^git1", ".0", "0", "a", ".", "_", "-1", ".1", "^~", "~^"])),
        2 => Lcg::chop(&mut b),
        3 | 4 => rng.tweak_digit(&mut b),
        5 => b = b.replacen('.', rng.pick(&["_", "~", "^", "", "+", "a"]), 1),
        6 => b = format!("{}{b}", rng.pick(&["0:", "1:", "00:"])),
        _ => {
            let at = rng.boundary(&b);
            b.insert_str(at, rng.pick(&["~", "^", "0", "a", ".", "_"]));
        }
    }
    b
}

#[test]
fn rpm_matches_rpm() {
    if !works("/usr/bin/python3", &["-c", "import rpm"]) || !works("rpmspec", &["--version"]) {
        return skip("RPM", "python3-rpm (or rpmspec)");
    }
    let mut rng = Lcg::new(0x4E5D);
    let mut pairs: Pairs = RPM_HAND.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    while pairs.len() < 6000 {
        let a = rpm_version(&mut rng);
        let b = if rng.chance(55) { rpm_mutation(&mut rng, &a) } else { rpm_version(&mut rng) };
        pairs.push((a, b));
    }
    let pairs = with_reversed(pairs);
    let expected = run_reference("/usr/bin/python3", "rpm_compare.py", &pairs);
    assert_agreement("RPM", "rpm 4.18 (python3-rpm labelCompare, rpmspec)", &pairs, &expected, rpm::compare);
}

// ---------------------------------------------------------------------------
// Alpine.
//
// No executable apk-tools is reachable (see src/matching/version/alpine.rs),
// so there is no differential test against apk itself.

/// Pairs and their order, written from reading apk-tools' `test/version.data`
/// and `src/version.c` (a selection with some of our own, not a copy).
const ALPINE_VECTORS: &[(&str, char, &str)] = &[
    ("2.34", '>', "0.1.0_alpha"),
    ("0.1.0_alpha2", '>', "0.1.0_alpha"),
    ("0.1.0_alpha", '<', "2.2.39-r1"),
    ("1.0.4-r3", '<', "1.0.4-r4"),
    ("1.1", '>', "1.1_alpha1"),
    ("1.2.1", '>', "1.2"),
    ("0.12.3", '>', "0.12"),
    ("1.2.12.1", '<', "1.2.13"),
    ("3.1_p16", '<', "3.1_p17"),
    ("1.06-r6", '<', "006"),
    ("006", '>', "1.0.0"),
    ("1.2.2-r1", '>', "1.2.2"),
    ("20050718-r1", '<', "20050718-r2"),
    ("3.9.8-r5", '>', "2.01.01_alpha10"),
    ("0.99.3.20040818", '<', "1.0"),
    ("1.00_beta2", '>', "0.9.2"),
    ("4.2.52_p2-r1", '<', "4.2.52_p4-r2"),
    ("1.02.07", '<', "1.02.10-r1"),
    ("3.0.20060720", '<', "20060720"),
    ("2.5.1-r8", '<', "2.5.1a-r1"),
    ("2.0.0_rc3-r1", '<', "2.0.1"),
    ("3.9_pre20060124", '>', "0.01"),
    ("6b-r7", '>', "1.12-r7"),
    ("0.10.0-r1", '>', "0.10.0"),
    ("0.10.0", '<', "0.10.1_rc1"),
    ("1.1a", '<', "1.3a"),
    ("0.15.1b-r2", '>', "0.15.1b"),
    ("22.7-r1", '<', "22.7.3-r1"),
    ("2.1_pre20", '<', "2.1_pre26"),
    ("02.08.01b", '<', "4.77"),
    ("1.6d", '>', "1.2.07.8"),
    ("1.2.12.04", '<', "1.2.12.05"),
    ("0.1_pre20060810", '<', "0.1_pre20060817"),
    ("0.59s-r11", '<', "0.65"),
    ("0.20070118", '<', "0.20070207_rc1"),
    ("4.5_p1-r1", '>', "4.5_p1"),
    ("0.9.8c-r1", '<', "0.9.8d"),
    ("013", '<', "014-r1"),
    ("1.7", '<', "1.7b"),
    ("1.8.5", '<', "1.8.5_p2"),
    ("2.9.11_pre20051101-r3", '>', "2.9.11_pre20051101"),
    ("1.6.8_p12-r1", '>', "1.6.8_p9-r2"),
    ("0.9.28.1", '<', "087-r1"),
    ("2.12r-r4", '<', "2.12r-r5"),
    ("7.0.17", '<', "7.0.174"),
    ("1.3-r0", '<', "1.3.1-r0"),
    ("1.3_pre1-r1", '<', "1.3.2"),
    ("1.0_p10-r0", '>', "1.0_p9-r0"),
    ("0.1.0_alpha_pre2", '<', "0.1.0_alpha"),
    ("1.0.0_pre20191002222144-r0", '<', "1.0.0_pre20210530193627-r0"),
    ("6.0_pre1", '<', "6.0"),
    ("6.0_p1", '>', "6.0"),
    ("8.2.0", '<', "8.2.001"),
    ("8.2.0015", '<', "8.2.002"),
    ("1.0~1234", '<', "1.0~2345"),
    ("1.0~1234-r1", '<', "1.0~2345-r0"),
    ("1.0~1234-r1", '>', "1.0~1234-r0"),
    ("1.0.0", '=', "1.0.0"),
    ("01.0", '=', "1.0"),
    ("1.0-r01", '=', "1.0-r1"),
    ("1.0_p01", '=', "1.0_p1"),
    ("1.0", '<', "1.0-r1"),
    ("1.0-r1", '<', "1.0~ab"),
    ("1.0~ab", '<', "1.0_p1"),
    ("1.0_p1", '<', "1.0a"),
    ("1.0a", '<', "1.0.1"),
    ("1.0_rc1", '<', "1.0-r1"),
    ("1.0_rc1~ab", '<', "1.0"),
    ("1.0_alpha", '<', "1.0_beta"),
    ("1.0_beta", '<', "1.0_pre"),
    ("1.0_pre", '<', "1.0_rc"),
    ("1.0_cvs", '<', "1.0_svn"),
    ("1.0_svn", '<', "1.0_git"),
    ("1.0_git", '<', "1.0_hg"),
    ("1.0_hg", '<', "1.0_p"),
    ("1.0.0", '>', "1.0"),
    ("1.01", '<', "1.1"),
    ("1.0.123456789012345678901234567890", '<', "1.0.123456789012345678901234567891"),
];

/// Validity, written from apk-tools' test data and `apk_version_validate`.
const ALPINE_VALID: &[&str] =
    &["1.2", "0.1_pre2", "0.1_pre2~1234abcd", "0.1_p1_pre2", "0.1_alpha1_pre2", "0.1_git20240101_pre1", "3.6.5-r0", "1.0a-r1"];
const ALPINE_INVALID: &[&str] = &[
    "", "0.1bc", "0.1bc1", "0.1a1", "0.1a.1", "0.1_pre2~", "0.1_pre2~1234xbcd", "0.1_pre2~1234abcd_pre1", "0.1_pre2-r1~1234abcd",
    "0.1_foobar", "0.1_foobar1", "0.1-pre1.1", "0.1-r", "0.1-r2_pre1", "0.1-r2_p3_pre1", "0.1-r2-r3", "0.1-r2.1", ".1", "a",
    "_pre1", "-r1", "0.1_", "0.1_-r0", "0.1__alpha", "0.1_1_alpha", "1.", "1.0-1", "1.0A", "1.0~ABC", " 1.0", "1.0 ",
];

#[test]
fn alpine_vectors_from_apk_test_data() {
    let mut bad = Vec::new();
    for &(a, op, b) in ALPINE_VECTORS {
        let want = match op {
            '<' => Ordering::Less,
            '=' => Ordering::Equal,
            _ => Ordering::Greater,
        };
        for (x, y, w) in [(a, b, want), (b, a, want.reverse())] {
            match alpine::compare(x, y) {
                Ok(got) if got == w => {}
                got => bad.push(format!("  {x:?} vs {y:?}: want {w:?}, got {got:?}")),
            }
        }
    }
    for v in ALPINE_VALID {
        if let Err(e) = alpine::parse(v) {
            bad.push(format!("  {v:?} should be valid: {e}"));
        }
    }
    for v in ALPINE_INVALID {
        if alpine::parse(v).is_ok() {
            bad.push(format!("  {v:?} should be invalid"));
        }
    }
    println!(
        "Alpine: {} ordered pairs (both ways) and {} validity cases from apk-tools' test data; no executable apk reference",
        ALPINE_VECTORS.len(),
        ALPINE_VALID.len() + ALPINE_INVALID.len()
    );
    assert!(bad.is_empty(), "Alpine disagreements:\n{}", bad.join("\n"));
}

/// A second implementation of apk's comparison, in apk's own shape: both
/// strings are tokenized in lock step and compared token by token, with
/// validity checked on the way (the library parses once and compares token
/// vectors). `None` when either version is invalid.
fn apk_streaming_compare(a: &str, b: &str) -> Option<Ordering> {
    #[derive(Clone, Copy, PartialEq, PartialOrd, Debug)]
    enum T {
        Init,
        Dig,
        Let,
        Suf,
        SufNo,
        Hash,
        Rev,
        End,
    }
    struct St<'a> {
        s: &'a [u8],
        p: usize,
        t: T,
        val: &'a [u8],
        suf: u8,
    }
    fn run(s: &[u8], from: usize, f: fn(u8) -> bool) -> usize {
        let mut e = from;
        while e < s.len() && f(s[e]) {
            e += 1;
        }
        e
    }
    fn digit(c: u8) -> bool {
        c.is_ascii_digit()
    }
    // Advances to the next token; None when invalid.
    fn next(st: &mut St) -> Option<()> {
        let s = st.s;
        if st.p >= s.len() {
            st.t = T::End;
            return Some(());
        }
        let c = s[st.p];
        let (t, start, end) = if c.is_ascii_lowercase() {
            if st.t > T::Dig {
                return None;
            }
            (T::Let, st.p, st.p + 1)
        } else if c == b'.' || c.is_ascii_digit() {
            let t = match (c == b'.', st.t) {
                (true, T::Init | T::Dig) => T::Dig,
                (false, T::Suf) => T::SufNo,
                _ => return None,
            };
            let start = if c == b'.' { st.p + 1 } else { st.p };
            (t, start, run(s, start, digit))
        } else if c == b'_' {
            if st.t > T::SufNo {
                return None;
            }
            let e = run(s, st.p + 1, |c| c.is_ascii_lowercase());
            let name = &s[st.p + 1..e];
            let rank = [&b"alpha"[..], b"beta", b"pre", b"rc", b"", b"cvs", b"svn", b"git", b"hg", b"p"]
                .iter()
                .position(|n| !n.is_empty() && *n == name)?;
            st.suf = rank as u8 + 1;
            (T::Suf, st.p + 1, e)
        } else if c == b'~' {
            if st.t >= T::Hash {
                return None;
            }
            (T::Hash, st.p + 1, run(s, st.p + 1, |c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c)))
        } else if c == b'-' {
            if st.t >= T::Rev || s.get(st.p + 1) != Some(&b'r') {
                return None;
            }
            (T::Rev, st.p + 2, run(s, st.p + 2, digit))
        } else {
            return None;
        };
        if t != T::Let && t != T::Suf && end == start {
            return None;
        }
        st.t = t;
        st.val = &s[start..end];
        st.p = end;
        Some(())
    }
    fn valid(s: &str) -> bool {
        let b = s.as_bytes();
        let e = run(b, 0, digit);
        if e == 0 {
            return false;
        }
        let mut st = St { s: b, p: e, t: T::Init, val: &b[..e], suf: 0 };
        while st.t != T::End {
            if next(&mut st).is_none() {
                return false;
            }
        }
        true
    }
    fn num(a: &[u8], b: &[u8]) -> Ordering {
        let a = &a[a.iter().take_while(|&&c| c == b'0').count()..];
        let b = &b[b.iter().take_while(|&&c| c == b'0').count()..];
        a.len().cmp(&b.len()).then(a.cmp(b))
    }
    if !valid(a) || !valid(b) {
        return None;
    }
    let (sa, sb) = (a.as_bytes(), b.as_bytes());
    let (ea, eb) = (run(sa, 0, digit), run(sb, 0, digit));
    let mut x = St { s: sa, p: ea, t: T::Init, val: &sa[..ea], suf: 0 };
    let mut y = St { s: sb, p: eb, t: T::Init, val: &sb[..eb], suf: 0 };
    while x.t == y.t && x.t != T::End {
        let r = match x.t {
            T::Dig if x.val[0] == b'0' || y.val[0] == b'0' => x.val.cmp(y.val),
            T::Init | T::Dig | T::SufNo | T::Rev => num(x.val, y.val),
            T::Suf => x.suf.cmp(&y.suf),
            _ => x.val.cmp(y.val),
        };
        if r != Ordering::Equal {
            return Some(r);
        }
        next(&mut x)?;
        next(&mut y)?;
    }
    if x.t == y.t {
        return Some(Ordering::Equal);
    }
    if x.t == T::Suf && x.suf < 5 {
        return Some(Ordering::Less);
    }
    if y.t == T::Suf && y.suf < 5 {
        return Some(Ordering::Greater);
    }
    Some(if x.t > y.t { Ordering::Less } else { Ordering::Greater })
}

fn alpine_version(rng: &mut Lcg) -> String {
    let mut v = rng.number();
    for _ in 0..rng.below(4) {
        v.push('.');
        v.push_str(&rng.number());
    }
    if rng.chance(20) {
        v.push_str(rng.pick(&["a", "b", "z", "c"]));
    }
    for _ in 0..rng.below(3) {
        v.push('_');
        v.push_str(rng.pick(&["alpha", "beta", "pre", "rc", "cvs", "svn", "git", "hg", "p"]));
        if rng.chance(60) {
            v.push_str(&rng.number());
        }
    }
    if rng.chance(15) {
        v.push('~');
        v.push_str(rng.pick(&["0", "1234abcd", "1234abce", "f", "deadbeef", "00a"]));
    }
    if rng.chance(60) {
        v.push_str("-r");
        v.push_str(&rng.number());
    }
    if rng.chance(8) {
        let junk = rng.pick(&[".", "_", "-", "~", "a", "ab", "A", "_foo", "-r", "_1", "..", " ", "x", "g"]);
        rng.insert(&mut v, junk);
    }
    v
}

fn alpine_mutation(rng: &mut Lcg, a: &str) -> String {
    let mut b = a.to_string();
    match rng.below(7) {
        0 | 1 => b.push_str(rng.pick(&["_rc1", "_p1", "_pre", "a", ".0", "0", "-r0", "-r1", "~ab", "_alpha_pre1", "_git1"])),
        2 => Lcg::chop(&mut b),
        3 | 4 => rng.tweak_digit(&mut b),
        5 => b = b.replacen("-r", "_p", 1),
        _ => {
            let at = rng.boundary(&b);
            b.insert_str(at, rng.pick(&["0", ".1", "_rc", "a"]));
        }
    }
    b
}

#[test]
fn alpine_agrees_with_streaming_implementation() {
    let mut rng = Lcg::new(0xA1F1);
    let mut bad = Vec::new();
    let (mut n, mut invalid) = (0, 0);
    let mut hand: Pairs = ALPINE_VECTORS.iter().map(|(a, _, b)| (a.to_string(), b.to_string())).collect();
    hand.extend(ALPINE_INVALID.iter().map(|v| (v.to_string(), "1.0".to_string())));
    hand.extend(ALPINE_VALID.iter().map(|v| (v.to_string(), "1.0".to_string())));
    let mut pairs = hand;
    while pairs.len() < 8000 {
        let a = alpine_version(&mut rng);
        let b = if rng.chance(55) { alpine_mutation(&mut rng, &a) } else { alpine_version(&mut rng) };
        pairs.push((a, b));
    }
    for (a, b) in with_reversed(pairs) {
        n += 1;
        let ours = alpine::compare(&a, &b).ok();
        let theirs = apk_streaming_compare(&a, &b);
        if ours.is_none() && theirs.is_none() {
            invalid += 1;
        }
        if ours != theirs {
            bad.push(format!("  {a:?} vs {b:?}: library {ours:?}, streaming {theirs:?}"));
        }
    }
    println!("Alpine: {n} pairs, library vs streaming re-implementation: {} disagree, {invalid} invalid in both", bad.len());
    assert!(bad.is_empty(), "{} disagreements; first 20:\n{}", bad.len(), bad.iter().take(20).cloned().collect::<Vec<_>>().join("\n"));
}

#[test]
fn alpine_real_package_versions() {
    let Some(data) = common::shared_data("rootfs/alpine-3.20.3/lib/apk/db/installed") else {
        return;
    };
    let db = std::fs::read_to_string(data.join("rootfs/alpine-3.20.3/lib/apk/db/installed")).expect("readable");
    let versions: Vec<&str> = db.lines().filter_map(|l| l.strip_prefix("V:")).collect();
    assert!(!versions.is_empty());
    let parsed: Vec<alpine::AlpineVersion> =
        versions.iter().map(|v| alpine::parse(v).unwrap_or_else(|e| panic!("real Alpine version rejected: {e}"))).collect();
    // A few relations every Alpine user would expect of these.
    let mut derived = Vec::new();
    for v in &versions {
        let base = v.split("-r").next().unwrap_or(v);
        derived.extend([
            (format!("{base}_rc1-r0"), '<', v.to_string()),
            (format!("{base}_p1-r0"), '>', v.to_string()),
            (format!("{base}.1-r0"), '>', v.to_string()),
            (format!("{base}-r999"), '>', v.to_string()),
        ]);
    }
    for (a, op, b) in &derived {
        let want = if *op == '<' { Ordering::Less } else { Ordering::Greater };
        assert_eq!(alpine::compare(a, b).ok(), Some(want), "{a} {op} {b}");
    }
    for x in &parsed {
        for y in &parsed {
            assert_eq!(x.cmp(y), y.cmp(x).reverse());
            assert_eq!(Some(x.cmp(y)), apk_streaming_compare(x.as_str(), y.as_str()));
        }
    }
    println!("Alpine: {} real package versions from Alpine 3.20.3 parsed and ordered", versions.len());
}

// ---------------------------------------------------------------------------
// Properties of the parsed types, without a reference.

#[test]
fn parsed_orders_are_total_orders() {
    let mut rng = Lcg::new(7);
    let deb: Vec<debian::DebianVersion> =
        (0..400).filter_map(|_| debian::parse(&debian_version(&mut rng)).ok()).collect();
    let rpm: Vec<rpm::RpmVersion> = (0..400).filter_map(|_| rpm::parse(&rpm_version(&mut rng)).ok()).collect();
    let apk: Vec<alpine::AlpineVersion> =
        (0..400).filter_map(|_| alpine::parse(&alpine_version(&mut rng)).ok()).collect();
    fn check<T: Ord + std::fmt::Debug>(name: &str, mut xs: Vec<T>) {
        xs.sort();
        for w in xs.windows(2) {
            assert!(w[0] <= w[1], "{name}: sort left {:?} before {:?}", w[0], w[1]);
        }
        for (i, x) in xs.iter().enumerate() {
            for y in &xs[i..] {
                assert!(x <= y, "{name}: not transitive around {x:?} / {y:?}");
            }
        }
    }
    check("Debian", deb);
    check("RPM", rpm);
    check("Alpine", apk);
}
