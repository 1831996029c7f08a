//! Differential tests of the language-ecosystem version schemes against
//! their reference implementations:
//! - PEP 440 (`pep440`) against Python `packaging` (`tests/differential/pep440.py`);
//! - SemVer (`semver`) against npm's `semver` package (`tests/differential/semver.js`),
//!   and its Cargo dialect and `cargo_req_matches` against the Rust `semver`
//!   crate (reached through `cargo_metadata::semver`);
//! - Go (`go`) against `golang.org/x/mod/semver` (`tests/differential/gosemver.go`).
//!
//! Each reference runs once per test, as one batch process fed JSON lines
//! `["a","b"]`. The tools are installed by `tests/differential/install/lang.sh`;
//! a test whose tool is missing prints a note and passes. Version pairs come
//! from a seeded generator, hand-picked documentation cases and, when
//! present, the OSV advisories in `../shared/data/osv`.

mod common;

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use ci_sec::matching::version::{InvalidVersion, go, pep440, semver};

// ---------------------------------------------------------------------------
// Deterministic generator

use common::rng::Lcg;

/// Helpers this test adds to the shared generator.
trait Gen {
    fn new(seed: u64) -> Self;
    fn chance(&mut self, percent: u64) -> bool;
}

impl Gen for Lcg {
    fn new(seed: u64) -> Self {
        Lcg(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.percent(percent)
    }
}

/// Typical slips: a character inserted, deleted or replaced, or the string
/// cut short.
fn mutate(rng: &mut Lcg, s: &str, alphabet: &[&str]) -> String {
    let chars: Vec<char> = s.chars().collect();
    let at = rng.below(chars.len() + 1);
    let (head, tail) = chars.split_at(at);
    let head: String = head.iter().collect();
    let tail: String = tail.iter().collect();
    match rng.below(4) {
        0 => format!("{head}{}{tail}", rng.pick(alphabet)),
        1 => format!("{head}{}", tail.chars().skip(1).collect::<String>()),
        2 => format!("{head}{}{}", rng.pick(alphabet), tail.chars().skip(1).collect::<String>()),
        _ => head,
    }
}

// ---------------------------------------------------------------------------
// Running a reference and comparing

type Pair = (String, String);

fn pairs_of(items: &[(&str, &str)]) -> Vec<Pair> {
    items.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

/// Runs `cmd` once, feeding every pair as a JSON line; returns the header
/// line and one answer per pair.
fn run_reference(mut cmd: Command, pairs: &[Pair]) -> (String, Vec<String>) {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("reference starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let input: String = pairs
        .iter()
        .map(|(a, b)| serde_json::to_string(&[a, b]).expect("JSON") + "\n")
        .collect();
    let writer = std::thread::spawn(move || {
        stdin.write_all(input.as_bytes()).expect("write pairs");
    });
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines().map(|l| l.expect("reference output"));
    let header = lines.next().unwrap_or_default();
    let answers: Vec<String> = lines.collect();
    writer.join().expect("writer");
    let status = child.wait().expect("reference exits");
    assert!(status.success(), "reference failed: {status}");
    assert_eq!(answers.len(), pairs.len(), "one answer per pair");
    (header, answers)
}

/// Our answer in the reference's format.
fn our_answer<V>(
    a: &str,
    b: &str,
    parse: impl Fn(&str) -> Result<V, InvalidVersion>,
    compare: impl Fn(&str, &str) -> Result<Ordering, InvalidVersion>,
) -> String {
    let (va, vb) = (parse(a).is_ok(), parse(b).is_ok());
    if !va || !vb {
        return format!("invalid:{}{}", if va { "" } else { "a" }, if vb { "" } else { "b" });
    }
    match compare(a, b) {
        Ok(Ordering::Less) => "-1".into(),
        Ok(Ordering::Equal) => "0".into(),
        Ok(Ordering::Greater) => "1".into(),
        Err(e) => format!("error: {e}"),
    }
}

/// Asserts 100% agreement, except for pairs `documented` accepts (a
/// deliberate, documented deviation), which are counted and reported.
fn assert_agreement(
    scheme: &str,
    reference: &str,
    pairs: &[Pair],
    theirs: &[String],
    ours: impl Fn(&str, &str) -> String,
    documented: impl Fn(&str, &str, &str, &str) -> bool,
) {
    let mut mismatches = Vec::new();
    let mut deviations = Vec::new();
    let (mut less, mut equal, mut greater, mut invalid) = (0, 0, 0, 0);
    for ((a, b), t) in pairs.iter().zip(theirs) {
        let o = ours(a, b);
        match t.as_str() {
            "-1" => less += 1,
            "0" => equal += 1,
            "1" => greater += 1,
            _ => invalid += 1,
        }
        if &o == t {
            continue;
        }
        if documented(a, b, &o, t) {
            deviations.push(format!("  {a:?} vs {b:?}: reference {t}, ours {o}"));
        } else {
            mismatches.push(format!("  {a:?} vs {b:?}: reference {t}, ours {o}"));
        }
    }
    let agree = pairs.len() - mismatches.len() - deviations.len();
    eprintln!(
        "{scheme}: {} pairs against {reference} (reference says {less} <, {equal} =, {greater} >, \
         {invalid} with an invalid side): {agree} agree ({:.2}%), {} documented deviations",
        pairs.len(),
        100.0 * agree as f64 / pairs.len().max(1) as f64,
        deviations.len(),
    );
    for d in deviations.iter().take(5) {
        eprintln!("{d}");
    }
    if !mismatches.is_empty() {
        let shown: Vec<&String> = mismatches.iter().take(20).collect();
        panic!(
            "{scheme}: {} of {} pairs disagree with {reference}; first {}:\n{}",
            mismatches.len(),
            pairs.len(),
            shown.len(),
            shown.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n")
        );
    }
}

fn no_deviation(_: &str, _: &str, _: &str, _: &str) -> bool {
    false
}

/// Pairs from a list of real versions: neighbours after sorting by text,
/// each against itself, and seeded random pairs.
fn real_pairs(versions: &BTreeSet<String>, rng: &mut Lcg, random: usize) -> Vec<Pair> {
    let list: Vec<&String> = versions.iter().collect();
    let mut pairs: Vec<Pair> = list.windows(2).map(|w| (w[0].clone(), w[1].clone())).collect();
    pairs.extend(list.iter().step_by(7).map(|v| (v.to_string(), v.to_string())));
    for _ in 0..random {
        pairs.push((list[rng.below(list.len())].clone(), list[rng.below(list.len())].clone()));
    }
    pairs
}

fn differential_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/differential")
}

fn skip(scheme: &str, tool: &str) {
    eprintln!("note: skipping {scheme} differential test: {tool} not installed (run tests/differential/install/lang.sh)");
}

/// Extracts OSV range events (`introduced`, `fixed`, `last_affected`,
/// `limit`) and `versions` entries from OSV files (JSON or YAML) in `dir`,
/// by lines: enough to collect the strings, which both sides then judge.
fn osv_versions(dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    let unquote = |s: &str| -> String {
        let s = s.trim().trim_end_matches(',');
        if s.len() >= 2 && (s.starts_with('"') && s.ends_with('"')) {
            serde_json::from_str::<String>(s).unwrap_or_else(|_| s[1..s.len() - 1].to_string())
        } else if s.len() >= 2 && s.starts_with('\'') && s.ends_with('\'') {
            s[1..s.len() - 1].replace("''", "'")
        } else {
            s.to_string()
        }
    };
    for entry in entries.flatten() {
        let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
        let json = entry.path().extension().is_some_and(|e| e == "json");
        let mut in_versions: Option<usize> = None;
        for line in text.lines() {
            let indent = line.len() - line.trim_start().len();
            let t = line.trim();
            if let Some(ind) = in_versions {
                let item = if json {
                    (!t.starts_with(']')).then_some(t)
                } else {
                    t.strip_prefix("- ").filter(|_| indent >= ind)
                };
                match item {
                    Some(v) => {
                        out.insert(unquote(v));
                        continue;
                    }
                    None => in_versions = None,
                }
            }
            let t2 = t.trim_start_matches("- ").trim_start_matches('{').trim();
            for key in ["introduced", "fixed", "last_affected", "limit"] {
                for prefix in [format!("\"{key}\":"), format!("{key}:")] {
                    if let Some(v) = t2.strip_prefix(&prefix) {
                        out.insert(unquote(v.trim_end_matches('}')));
                    }
                }
            }
            if t == "\"versions\": [" || t == "versions:" {
                in_versions = Some(indent);
            }
        }
    }
    out.remove("");
    out
}

fn shared_osv(ecosystem: &str) -> Option<BTreeSet<String>> {
    let data = common::shared_data(&format!("osv/{ecosystem}"))?;
    let versions = osv_versions(&data.join("osv").join(ecosystem));
    eprintln!("{ecosystem}: {} distinct versions from OSV advisories", versions.len());
    Some(versions)
}

// ---------------------------------------------------------------------------
// PEP 440

fn gen_pep440(rng: &mut Lcg) -> String {
    const NUMS: &[&str] = &["0", "1", "2", "3", "9", "10", "00", "01", "010", "11", "2024", "18446744073709551616", "99999999999999999999999"];
    const SEPS: &[&str] = &["", "", ".", "_", "-"];
    const PRE: &[&str] = &["a", "b", "rc", "c", "alpha", "beta", "pre", "preview", "A", "RC", "Alpha", "PREVIEW", "Beta", "gamma", "al"];
    const POST: &[&str] = &["post", "rev", "r", "POST", "Rev", "R", "pst"];
    const LOCAL: &[&str] = &["ubuntu", "1", "01", "0", "2", "10", "abc", "ABC", "a1", "1a", "z", "deb11u1", "cpu", "cu118"];
    const WS: &[&str] = &[" ", "\t", "\n", "\u{a0}", "\u{1c}", "\u{3000}", "\u{feff}", "\u{85}", "\u{200b}"];
    let mut s = String::new();
    if rng.chance(4) {
        s.push_str(rng.pick(WS));
    }
    if rng.chance(8) {
        s.push_str(rng.pick(&["v", "V", "vv", "x"]));
    }
    if rng.chance(10) {
        s.push_str(rng.pick(NUMS));
        s.push('!');
    }
    let parts = 1 + rng.below(4);
    for i in 0..parts {
        if i > 0 {
            s.push('.');
        }
        s.push_str(if rng.chance(35) { "0" } else { rng.pick(NUMS) });
    }
    if rng.chance(35) {
        s.push_str(rng.pick(SEPS));
        s.push_str(rng.pick(PRE));
        s.push_str(rng.pick(SEPS));
        if rng.chance(75) {
            s.push_str(rng.pick(NUMS));
        }
    }
    if rng.chance(25) {
        if rng.chance(30) {
            s.push('-');
            s.push_str(rng.pick(NUMS));
        } else {
            s.push_str(rng.pick(SEPS));
            s.push_str(rng.pick(POST));
            s.push_str(rng.pick(SEPS));
            if rng.chance(70) {
                s.push_str(rng.pick(NUMS));
            }
        }
    }
    if rng.chance(25) {
        s.push_str(rng.pick(SEPS));
        s.push_str(rng.pick(&["dev", "DEV", "Dev", "devel"]));
        s.push_str(rng.pick(SEPS));
        if rng.chance(70) {
            s.push_str(rng.pick(NUMS));
        }
    }
    if rng.chance(25) {
        s.push('+');
        let n = 1 + rng.below(3);
        for i in 0..n {
            if i > 0 {
                s.push_str(rng.pick(&[".", "_", "-"]));
            }
            s.push_str(rng.pick(LOCAL));
        }
    }
    if rng.chance(4) {
        s.push_str(rng.pick(WS));
    }
    if rng.chance(6) {
        s = mutate(rng, &s, &[".", "-", "_", "+", "!", "a", "1", " ", "*", "ü", "١"]);
    }
    s
}

fn pep440_pairs(rng: &mut Lcg, n: usize) -> Vec<Pair> {
    let mut pairs = Vec::with_capacity(n);
    let mut pool: Vec<String> = Vec::new();
    while pairs.len() < n {
        let a = gen_pep440(rng);
        let b = if !pool.is_empty() && rng.chance(30) {
            pool[rng.below(pool.len())].clone()
        } else if rng.chance(40) {
            // A near neighbour: same release, different suffixes.
            let release: String = a.trim().chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
            let other = gen_pep440(rng);
            let tail: String = other.trim().chars().skip_while(|c| c.is_ascii_digit() || *c == '.').collect();
            format!("{release}{tail}")
        } else {
            gen_pep440(rng)
        };
        pool.push(a.clone());
        pairs.push((a, b));
    }
    pairs
}

const PEP440_HAND: &[(&str, &str)] = &[
    ("1.0", "1.0.0"),
    ("1.0.0.0.0", "1"),
    ("1.dev0", "1.0.dev456"),
    ("1.0.dev456", "1.0a1"),
    ("1.0a2.dev456", "1.0a12.dev456"),
    ("1.0a12", "1.0b1.dev456"),
    ("1.0b2.post345.dev456", "1.0b2.post345"),
    ("1.0rc1.dev456", "1.0rc1"),
    ("1.0+abc.5", "1.0+abc.7"),
    ("1.0+abc.7", "1.0+5"),
    ("1.0+5", "1.0.post456.dev34"),
    ("1.0.post456", "1.0.15"),
    ("1.1.dev1", "1!0.1"),
    ("1.0-1", "1.0.post1"),
    ("1.0-r1", "1.0-rev1"),
    ("1.0a", "1.0a0"),
    ("1.0a.", "1.0a"),
    ("1.0a-1", "1.0a1"),
    ("1.0a..post", "1.0a0.post0"),
    ("1.0.dev-", "1.0.dev0"),
    ("1.0-dev", "1.0.dev0"),
    ("1.0_post_1", "1.0.post1"),
    ("1.0+ubuntu.1", "1.0+ubuntu-1"),
    ("1.0+ubuntu_1", "1.0+UBUNTU.01"),
    ("1.0+ubuntu.1", "1.0+ubuntu1"),
    ("1.0+1", "1.0+a"),
    ("1.0+a", "1.0+a.0"),
    ("1.0+1.a", "1.0+1"),
    ("v1.0", "1.0"),
    ("V1.0", "1.0"),
    (" 1.0 ", "1.0"),
    ("\t\n1.0\u{a0}", "1.0"),
    ("\u{1c}1.0\u{1f}", "1.0"),
    ("\u{85}1.0", "1.0"),
    ("\u{feff}1.0", "1.0"),
    ("\u{200b}1.0", "1.0"),
    ("1.0.", "1.0"),
    ("1..0", "1.0"),
    ("", "0"),
    ("1.0-final", "1.0"),
    ("2.0.0-final", "2.0.0b"),
    ("1.0.post1.dev1", "1.0.post1"),
    ("1.0a1.post1", "1.0a1.post1.dev1"),
    ("1.0.dev1.post1", "1.0.dev1"),
    ("1.0rc1.dev1", "1.0c1.dev1"),
    ("1.0preview", "1.0rc"),
    ("1.0pre", "1.0rc0"),
    ("1.0prev", "1.0rc"),
    ("1.0-", "1.0"),
    ("1.0--1", "1.0"),
    ("1.0.-1", "1.0"),
    ("1!", "1"),
    ("!1", "1"),
    ("1.0+", "1.0"),
    ("1.0+a+b", "1.0"),
    ("1.*", "1.0"),
    ("1.0.x", "1.0"),
    ("١.٠", "1.0"),
    ("1.0+ü", "1.0"),
    ("99999999999999999999.0", "99999999999999999998.0"),
    ("1.0.post18446744073709551616", "1.0.post18446744073709551615"),
    ("0001.0002", "1.2"),
    ("1.0a01", "1.0a1"),
];

/// The venv `lang.sh` makes, or `$CI_SEC_PEP440_PYTHON` (an interpreter
/// with another `packaging` release, to compare releases).
fn python_reference() -> Option<PathBuf> {
    let py = std::env::var_os("CI_SEC_PEP440_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| differential_dir().join("python/venv/bin/python3"));
    let ok = py.exists()
        && Command::new(&py)
            .args(["-c", "import packaging.version"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
    ok.then_some(py)
}

#[test]
fn pep440_matches_packaging() {
    let Some(py) = python_reference() else { return skip("PEP 440", "Python packaging") };
    let mut rng = Lcg::new(440);
    let mut pairs = pairs_of(PEP440_HAND);
    pairs.extend(pep440_pairs(&mut rng, 8000));
    // Python's int() digit limit (4300) and long numbers around it.
    for n in [19, 20, 4300, 4301] {
        let digits = "7".repeat(n);
        pairs.push((digits.clone(), format!("{digits}.1")));
        pairs.push((format!("1.0+{digits}"), format!("1.0a{digits}")));
        pairs.push((format!("1.0+x{digits}"), format!("{}{digits}", "0".repeat(4301 - n.min(4301)))));
    }
    if let Some(real) = shared_osv("PyPI") {
        pairs.extend(real_pairs(&real, &mut rng, 6000));
    }
    let mut cmd = Command::new(py);
    cmd.arg(differential_dir().join("pep440.py"));
    let (header, theirs) = run_reference(cmd, &pairs);
    assert_agreement(
        "PEP 440",
        &header,
        &pairs,
        &theirs,
        |a, b| our_answer(a, b, pep440::parse, pep440::compare),
        no_deviation,
    );
}

// ---------------------------------------------------------------------------
// SemVer (npm)

fn gen_semver(rng: &mut Lcg) -> String {
    const NUMS: &[&str] = &[
        "0", "1", "2", "3", "9", "10", "11", "01", "00", "123", "9007199254740991", "9007199254740992",
        "18446744073709551615", "18446744073709551616",
    ];
    const IDS: &[&str] = &[
        "alpha", "beta", "rc", "0", "1", "2", "10", "01", "00", "1a", "a1", "-", "--", "x-y", "Z", "z", "A-1",
        "9007199254740991", "9007199254740992", "9007199254740993", "9007199254740994", "99999999999999999999", "",
    ];
    const WS: &[&str] = &[" ", "\t", "\n", "\u{a0}", "\u{feff}", "\u{3000}", "\u{85}", "\u{1c}", "\u{2028}"];
    let mut s = String::new();
    if rng.chance(3) {
        s.push_str(rng.pick(WS));
    }
    if rng.chance(6) {
        s.push_str(rng.pick(&["v", "V", "=", "vv", "v="]));
    }
    let parts = if rng.chance(93) { 3 } else { 1 + rng.below(4) };
    for i in 0..parts {
        if i > 0 {
            s.push('.');
        }
        s.push_str(if rng.chance(30) { "0" } else if rng.chance(85) { rng.pick(&NUMS[..8]) } else { rng.pick(NUMS) });
    }
    if rng.chance(45) {
        s.push('-');
        let n = 1 + rng.below(3);
        for i in 0..n {
            if i > 0 {
                s.push('.');
            }
            s.push_str(rng.pick(IDS));
        }
    }
    if rng.chance(20) {
        s.push('+');
        let n = 1 + rng.below(3);
        for i in 0..n {
            if i > 0 {
                s.push('.');
            }
            s.push_str(rng.pick(&["build", "001", "sha", "5114f85", "x-y", "", "exp"]));
        }
    }
    if rng.chance(3) {
        s.push_str(rng.pick(WS));
    }
    if rng.chance(5) {
        s = mutate(rng, &s, &[".", "-", "+", "a", "0", " ", "_", "ä"]);
    }
    s
}

fn semver_pairs(rng: &mut Lcg, n: usize, generate: fn(&mut Lcg) -> String) -> Vec<Pair> {
    let mut pairs = Vec::with_capacity(n);
    while pairs.len() < n {
        let a = generate(rng);
        let b = if rng.chance(50) {
            // Same core, another suffix, so the pre-release comparison runs.
            let core: String = a.chars().take_while(|c| *c != '-' && *c != '+').collect();
            let other = generate(rng);
            let pos = other.find(['-', '+']).unwrap_or(other.len());
            format!("{core}{}", &other[pos..])
        } else {
            generate(rng)
        };
        pairs.push((a, b));
    }
    pairs
}

const SEMVER_HAND: &[(&str, &str)] = &[
    ("1.0.0-alpha", "1.0.0-alpha.1"),
    ("1.0.0-alpha.1", "1.0.0-alpha.beta"),
    ("1.0.0-alpha.beta", "1.0.0-beta"),
    ("1.0.0-beta", "1.0.0-beta.2"),
    ("1.0.0-beta.2", "1.0.0-beta.11"),
    ("1.0.0-beta.11", "1.0.0-rc.1"),
    ("1.0.0-rc.1", "1.0.0"),
    ("1.0.0+20130313144700", "1.0.0"),
    ("1.0.0-beta+exp.sha.5114f85", "1.0.0-beta"),
    ("1.0.0+21AF26D3----117B344092BD", "1.0.0"),
    ("v1.2.3", "1.2.3"),
    ("=1.2.3", "1.2.3"),
    ("V1.2.3", "1.2.3"),
    (" 1.2.3 ", "1.2.3"),
    ("1.2.3\u{feff}", "1.2.3"),
    ("1.2.3\u{85}", "1.2.3"),
    ("1.2", "1.2.0"),
    ("1.2.3.4", "1.2.3"),
    ("01.2.3", "1.2.3"),
    ("1.2.3-01", "1.2.3-1"),
    ("1.2.3-0a", "1.2.3-0"),
    ("1.2.3-a-", "1.2.3-a"),
    ("1.2.3--", "1.2.3-0"),
    ("1.2.3+01", "1.2.3"),
    ("1.2.3-", "1.2.3"),
    ("1.2.3+", "1.2.3"),
    ("1.2.3-a..b", "1.2.3"),
    ("1.2.3-alpha_beta", "1.2.3"),
    ("9007199254740991.9007199254740991.9007199254740991", "0.0.0"),
    ("9007199254740992.0.0", "0.0.0"),
    ("1.0.0-9007199254740990", "1.0.0-9007199254740991"),
    ("1.0.0-9007199254740991", "1.0.0-9007199254740992"),
    ("1.0.0-9007199254740993", "1.0.0-9007199254740996"),
    ("1.0.0-99999999999999999999", "1.0.0-100000000000000000000"),
    ("1.0.0-9007199254740991", "1.0.0-a"),
    ("1.0.0-A", "1.0.0-a"),
    ("1.0.0-a.b.c", "1.0.0-a.b"),
];

/// npm compares two all-digit pre-release identifiers of 2^53 − 1 or more
/// as rounded doubles and returns 0 when they round alike; we compare them
/// exactly (see `semver.rs`). True when that explains the difference.
fn npm_double_tie(a: &str, b: &str, ours: &str, theirs: &str) -> bool {
    if theirs != "0" || ours == "0" {
        return false;
    }
    let pre = |s: &str| -> Vec<String> {
        let t = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        let core = t.split('+').next().unwrap_or_default();
        core.split_once('-').map(|(_, p)| p.split('.').map(str::to_string).collect()).unwrap_or_default()
    };
    let (pa, pb) = (pre(a), pre(b));
    for (x, y) in pa.iter().zip(&pb) {
        if x == y {
            continue;
        }
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
        return digits(x) && digits(y) && x.parse::<f64>().ok() == y.parse::<f64>().ok();
    }
    false
}

fn node_reference() -> Option<Command> {
    let module = differential_dir().join("node/node_modules/semver/package.json");
    let node_ok = Command::new("node").arg("--version").stdout(Stdio::null()).status().is_ok_and(|s| s.success());
    if !module.exists() || !node_ok {
        return None;
    }
    let mut cmd = Command::new("node");
    cmd.arg(differential_dir().join("semver.js"));
    Some(cmd)
}

#[test]
fn semver_matches_npm() {
    let Some(cmd) = node_reference() else { return skip("SemVer", "node with npm semver") };
    let mut rng = Lcg::new(2_000);
    let mut pairs = pairs_of(SEMVER_HAND);
    pairs.extend(semver_pairs(&mut rng, 8000, gen_semver));
    // npm's MAX_LENGTH of 256 UTF-16 code units, before trimming.
    for n in [249, 250, 251] {
        pairs.push((format!("1.0.0+{}", "b".repeat(n)), format!("1.0.0-{}", "a".repeat(n))));
        pairs.push((format!(" 1.0.0+{}", "b".repeat(n)), format!("1.0.0+{}\u{3000}", "b".repeat(n - 1))));
    }
    if let Some(real) = shared_osv("crates.io") {
        pairs.extend(real_pairs(&real, &mut rng, 4000));
    }
    let (header, theirs) = run_reference(cmd, &pairs);
    assert_agreement(
        "SemVer (npm)",
        &header,
        &pairs,
        &theirs,
        |a, b| our_answer(a, b, semver::parse, semver::compare),
        npm_double_tie,
    );
}

// ---------------------------------------------------------------------------
// SemVer (Cargo dialect) and Cargo requirements, against the `semver` crate

use cargo_metadata::semver as crate_semver;

fn crate_answer(a: &str, b: &str) -> String {
    let (pa, pb) = (crate_semver::Version::parse(a), crate_semver::Version::parse(b));
    match (pa, pb) {
        (Ok(x), Ok(y)) => match x.cmp_precedence(&y) {
            Ordering::Less => "-1".into(),
            Ordering::Equal => "0".into(),
            Ordering::Greater => "1".into(),
        },
        (x, y) => format!("invalid:{}{}", if x.is_ok() { "" } else { "a" }, if y.is_ok() { "" } else { "b" }),
    }
}

#[test]
fn semver_cargo_dialect_matches_semver_crate() {
    let mut rng = Lcg::new(3_000);
    let mut pairs = pairs_of(SEMVER_HAND);
    pairs.extend(semver_pairs(&mut rng, 8000, gen_semver));
    if let Some(real) = shared_osv("crates.io") {
        pairs.extend(real_pairs(&real, &mut rng, 4000));
    }
    let theirs: Vec<String> = pairs.iter().map(|(a, b)| crate_answer(a, b)).collect();
    assert_agreement(
        "SemVer (Cargo)",
        "semver crate 1.0 (Version::parse, cmp_precedence)",
        &pairs,
        &theirs,
        |a, b| our_answer(a, b, semver::parse_cargo, semver::compare_cargo),
        no_deviation,
    );
}

fn gen_cargo_version(rng: &mut Lcg) -> String {
    let n = |rng: &mut Lcg| rng.pick(&["0", "1", "2", "0", "1", "2", "3", "10"]).to_string();
    let mut s = format!("{}.{}.{}", n(rng), n(rng), n(rng));
    if rng.chance(45) {
        s.push('-');
        s.push_str(rng.pick(CARGO_PRE));
    }
    if rng.chance(10) {
        s.push_str("+build.5");
    }
    if rng.chance(3) {
        s = mutate(rng, &s, &[".", "-", "+", "x", "v", " "]);
    }
    s
}

const CARGO_PRE: &[&str] = &["alpha", "alpha.1", "beta", "rc.1", "0", "1", "alpha.beta", "rc.2", "beta.11", "beta.2"];

fn gen_cargo_req(rng: &mut Lcg) -> String {
    if rng.chance(3) {
        return rng.pick(&["*", "x", "X", " * ", "*, 1.0", "", ",", "1.0 ||2.0", "~>1.2", "1.2 - 1.4", ">= v1.0"]).to_string();
    }
    let count = 1 + rng.below(3);
    let mut comps = Vec::new();
    for _ in 0..count {
        let op = rng.pick(&["", "", "=", ">", ">=", "<", "<=", "~", "^", "= ", ">= ", "< ", ">=", "<"]);
        let n = |rng: &mut Lcg| if rng.chance(2) { "01".to_string() } else { rng.pick(&["0", "1", "2", "3"]).to_string() };
        let mut v = n(rng);
        let fields = if rng.chance(50) { 2 } else { rng.below(3) };
        for i in 0..fields {
            v.push('.');
            v.push_str(&if rng.chance(8) { rng.pick(&["*", "x", "X"]).to_string() } else { n(rng) });
            if i == 1 && rng.chance(45) {
                v.push('-');
                v.push_str(if rng.chance(5) { "01" } else { rng.pick(CARGO_PRE) });
            }
            if i == 1 && rng.chance(8) {
                v.push_str("+meta");
            }
        }
        comps.push(format!("{op}{v}"));
    }
    let sep = rng.pick(&[", ", ",", " , ", " ,"]);
    let mut s = comps.join(sep);
    if rng.chance(4) {
        s = mutate(rng, &s, &[",", " ", "*", ".", "-", "^", "="]);
    }
    s
}

#[test]
fn cargo_req_matches_agrees_with_semver_crate() {
    let mut rng = Lcg::new(4_000);
    let mut cases: Vec<Pair> = Vec::new();
    let hand: &[(&str, &str)] = &[
        (">= 1.2.3, < 1.4", "1.3.0"),
        (">= 1.2.3, < 1.4", "1.4.0-alpha"),
        ("^1.2", "1.9.9"),
        ("~1.2.3", "1.2.9"),
        ("=1.0.0", "1.0.0"),
        ("*", "0.0.0-0"),
        ("1.2.3", "1.2.3-alpha"),
        (">=1.2.3-alpha", "1.2.3-beta"),
        (">=1.2.3-alpha", "1.2.4-beta"),
        (">=1.2.3-alpha, <1.2.4", "1.2.3"),
        ("<1.2.3-beta", "1.2.3-alpha"),
        ("^0.0", "0.0.7"),
        ("^0", "0.9.0"),
        ("~0", "0.9.0"),
        (">1", "1.9.0"),
        ("<=1.2", "1.2.9"),
        ("1.*.*", "1.4.2"),
        ("1.x.3", "1.4.3"),
        (">=1.2.*", "1.3.0"),
        ("=1.2.3+build", "1.2.3"),
        ("^1.2.3-alpha+b", "1.2.3-alpha.1"),
    ];
    cases.extend(pairs_of(hand));
    let many = vec![">=0.0.0"; 33].join(", ");
    cases.push((many.clone(), "1.0.0".into()));
    cases.push((many.replacen(">=0.0.0, ", "", 1), "1.0.0".into()));
    while cases.len() < 16_000 {
        let req = gen_cargo_req(&mut rng);
        // Often a version on the same MAJOR.MINOR.PATCH as a comparator,
        // where the pre-release rule decides.
        let same_triple = req
            .split(',')
            .nth(rng.below(3))
            .map(|c| c.trim().trim_start_matches(['=', '>', '<', '~', '^', ' ']))
            .map(|c| c.split(['-', '+']).next().unwrap_or_default().to_string())
            .filter(|t| t.split('.').count() == 3 && rng.chance(50));
        let ver = match same_triple {
            Some(t) => format!("{t}-{}", rng.pick(CARGO_PRE)),
            None => gen_cargo_version(&mut rng),
        };
        cases.push((req, ver));
    }
    // RustSec-style `patched` requirements from the advisories' fixed
    // versions, against every real version.
    if let Some(real) = shared_osv("crates.io") {
        let list: Vec<&String> = real.iter().collect();
        for _ in 0..4000 {
            let fixed = list[rng.below(list.len())];
            let op = rng.pick(&[">=", "^", "~", ">", "<", "="]);
            cases.push((format!("{op}{fixed}"), list[rng.below(list.len())].clone()));
        }
    }
    let mut mismatches = Vec::new();
    let (mut matched, mut invalid) = (0, 0);
    for (req, ver) in &cases {
        let theirs = match (crate_semver::VersionReq::parse(req), crate_semver::Version::parse(ver)) {
            (Ok(r), Ok(v)) => Ok(r.matches(&v)),
            _ => Err(()),
        };
        let ours = semver::cargo_req_matches(req, ver).map_err(|_| ());
        if theirs == Ok(true) {
            matched += 1;
        }
        if theirs.is_err() {
            invalid += 1;
        }
        if ours != theirs {
            mismatches.push(format!("  {req:?} matches {ver:?}: semver crate {theirs:?}, ours {ours:?}"));
        }
    }
    eprintln!(
        "cargo_req_matches: {} cases against semver crate 1.0 VersionReq::matches ({matched} match, {invalid} invalid): \
         {} agree",
        cases.len(),
        cases.len() - mismatches.len()
    );
    assert!(mismatches.is_empty(), "{} disagreements; first 20:\n{}", mismatches.len(), mismatches[..mismatches.len().min(20)].join("\n"));
}

// ---------------------------------------------------------------------------
// Go

fn gen_go(rng: &mut Lcg) -> String {
    const NUMS: &[&str] = &["0", "1", "2", "3", "9", "10", "21", "01", "00", "123", "18446744073709551616", "99999999999999999999999999"];
    let mut s = String::new();
    let prefix = rng.below(100);
    s.push_str(match prefix {
        0..=84 => "v",
        85..=87 => "V",
        88..=89 => "vv",
        90..=91 => "go",
        92 => " v",
        _ => "",
    });
    let parts = match rng.below(100) {
        0..=7 => 1,
        8..=15 => 2,
        16..=97 => 3,
        _ => 4,
    };
    for i in 0..parts {
        if i > 0 {
            s.push('.');
        }
        s.push_str(if rng.chance(30) { "0" } else { rng.pick(NUMS) });
    }
    match rng.below(100) {
        0..=39 => {}
        40..=59 => {
            // A pseudo-version of one of the three forms.
            let ts = rng.pick(&["20191109021931", "20200622213623", "20191109021932", "20180101000000"]);
            let rev = rng.pick(&["daa7c04131f5", "75b288015ac9", "abcdefabcdef"]);
            let base = rng.pick(&["", "0.", "pre.0.", "rc.1.0.", "alpha.0."]);
            s.push_str(&format!("-{base}{ts}-{rev}"));
        }
        _ => {
            s.push('-');
            let n = 1 + rng.below(3);
            for i in 0..n {
                if i > 0 {
                    s.push('.');
                }
                s.push_str(rng.pick(&["rc", "beta", "alpha", "0", "1", "2", "11", "01", "rc1", "-", "a-b", "Z", ""]));
            }
        }
    }
    if rng.chance(15) {
        s.push('+');
        s.push_str(rng.pick(&["incompatible", "meta", "001", "a.b", "", "a..b", "a+b"]));
    }
    if rng.chance(2) {
        s.push(' ');
    }
    if rng.chance(5) {
        s = mutate(rng, &s, &[".", "-", "+", "a", "0", "_", "ä", "v"]);
    }
    s
}

const GO_HAND: &[(&str, &str)] = &[
    ("v1", "v1.0.0"),
    ("v1.2", "v1.2.0"),
    ("v1-pre", "v1.0.0-pre"),
    ("v1.2-pre", "v1.2.0-pre"),
    ("v1.2+meta", "v1.2.0+meta"),
    ("v2.0.0+incompatible", "v2.0.0"),
    ("v0.0.0-20191109021931-daa7c04131f5", "v0.0.0"),
    ("v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.3"),
    ("v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.4-pre"),
    ("v1.2.3-pre.0.20191109021931-daa7c04131f5", "v1.2.3-pre"),
    ("v1.2.3-pre.0.20191109021931-daa7c04131f5", "v1.2.3-pre.1"),
    ("v1.0.0-alpha", "v1.0.0-alpha.1"),
    ("v1.0.0-alpha.beta", "v1.0.0-beta.11"),
    ("v1.0.0-beta.2", "v1.0.0-beta.11"),
    ("v1.0.0-rc.1", "v1.0.0"),
    ("v01.0.0", "v1.0.0"),
    ("v1.0.0-01", "v1.0.0"),
    ("v1.0.0+01", "v1.0.0"),
    ("V1.0.0", "v1.0.0"),
    ("v", "v0"),
    ("", "v0"),
    ("v1.0.0-", "v1.0.0"),
    ("v1.0.0+", "v1.0.0"),
    ("v99999999999999999999999.0.0", "v99999999999999999999998.0.0"),
    ("v1.0.0-99999999999999999999999", "v1.0.0-99999999999999999999998"),
];

/// The reference sees OSV's unprefixed spelling with the `v` Go requires,
/// which is how `go::parse` reads it.
fn go_reference_form(s: &str) -> String {
    if s.starts_with('v') { s.to_string() } else { format!("v{s}") }
}

fn go_reference() -> Option<Command> {
    let src = differential_dir().join("gosemver.go");
    let gopath = Path::new("/usr/share/gocode");
    if !gopath.join("src/golang.org/x/mod/semver/semver.go").exists() {
        return None;
    }
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR")).join("gosemver");
    std::fs::create_dir_all(&tmp).ok()?;
    let bin = tmp.join("gosemver");
    let built = Command::new("go")
        .args(["build", "-o"])
        .arg(&bin)
        .arg(&src)
        .env("GOPATH", gopath)
        .env("GO111MODULE", "off")
        .env("GOPROXY", "off")
        .env("GOFLAGS", "")
        .env("GOCACHE", tmp.join("cache"))
        .status()
        .is_ok_and(|s| s.success());
    built.then(|| Command::new(bin))
}

#[test]
fn go_matches_x_mod_semver() {
    let Some(cmd) = go_reference() else { return skip("Go", "go with golang.org/x/mod") };
    let mut rng = Lcg::new(1_019);
    let mut pairs = pairs_of(GO_HAND);
    pairs.extend(semver_pairs(&mut rng, 8000, gen_go));
    if let Some(real) = shared_osv("Go") {
        pairs.extend(real_pairs(&real, &mut rng, 6000));
    }
    let reference_pairs: Vec<Pair> = pairs.iter().map(|(a, b)| (go_reference_form(a), go_reference_form(b))).collect();
    let (header, theirs) = run_reference(cmd, &reference_pairs);
    assert_agreement(
        "Go",
        &format!("golang.org/x/mod/semver ({header})"),
        &pairs,
        &theirs,
        |a, b| our_answer(a, b, go::parse, go::compare),
        no_deviation,
    );
}

// ---------------------------------------------------------------------------
// Robustness: arbitrary input never panics, and long input stays linear.

#[test]
fn arbitrary_input_never_panics() {
    const ALPHABET: &[&str] = &[
        "0", "1", "9", ".", "-", "+", "_", "!", "*", "x", "v", "a", "rc", "post", "dev", ",", " ", "^", "~", ">=", "<", "=",
        "ü", "١", "\u{3000}", "\u{1c}", "\u{feff}", "😀", "\0",
    ];
    let mut rng = Lcg::new(7);
    for _ in 0..20_000 {
        let len = rng.below(24);
        let s: String = (0..len).map(|_| rng.pick(ALPHABET)).collect();
        let _ = pep440::parse(&s);
        let _ = semver::parse(&s);
        let _ = semver::parse_cargo(&s);
        let _ = go::parse(&s);
        let _ = semver::cargo_req_matches(&s, "1.2.3-alpha");
        let _ = semver::cargo_req_matches(">=1.0.0-0", &s);
    }
    let long_digits = "1.".repeat(200_000) + "1";
    assert!(pep440::parse(&long_digits).is_ok());
    assert!(go::parse(&format!("v1.2.3-{}", "a.".repeat(200_000) + "a")).is_ok());
    assert!(semver::parse_cargo(&format!("1.2.3-{}", "9".repeat(400_000))).is_ok());
    assert!(semver::parse(&format!("1.2.3-{}", "9".repeat(400_000))).is_err(), "npm's 256-character limit");
    assert!(semver::cargo_req_matches(&vec!["1"; 100_000].join(","), "1.0.0").is_err());
}
