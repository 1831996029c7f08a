//! ci-sec's CVSS scores against a reference implementation: the `cvss`
//! Python package (Red Hat Product Security's CVSS 2/3/4 library), at the
//! version tests/differential/cvss_batch.py pins, run once as a batch
//! process over every vector.
//!
//! The vectors: every CVSS v3.0 and v3.1 Base vector; thousands of random
//! v3.0/v3.1 vectors with Temporal and Environmental metrics, in random order
//! (v3 allows any order); thousands of random v4.0 vectors with Threat,
//! Environmental and Supplemental metrics, topped up until every one of the
//! 270 MacroVectors is represented; the real vectors of the OSV advisories in
//! `shared/data/osv` (`severity[].score`, also under `affected[]`); and
//! invalid variants of random vectors, which both sides must reject. Every
//! score (v3: Base, Temporal and Environmental) and rating must agree.
//!
//! Without the package the test prints a note and passes; install it with
//! tests/differential/install/cvss.sh.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use ci_sec::advisory::severity::{Cvss, Rating, cvss3, cvss4, score_vector};

const SKIP_NOTE: &str =
    "note: skipping CVSS differential test: python cvss package not installed (run tests/differential/install/cvss.sh)";

use common::rng::Lcg;

/// Helpers this test adds to the shared generator.
trait Gen {
    fn chance(&mut self, one_in: usize) -> bool;
}

impl Gen for Lcg {
    fn chance(&mut self, one_in: usize) -> bool {
        self.one_in(one_in)
    }
}

type Metric = (&'static str, &'static [&'static str]);

const V3_BASE: &[Metric] = &[
    ("AV", &["N", "A", "L", "P"]),
    ("AC", &["L", "H"]),
    ("PR", &["N", "L", "H"]),
    ("UI", &["N", "R"]),
    ("S", &["U", "C"]),
    ("C", &["H", "L", "N"]),
    ("I", &["H", "L", "N"]),
    ("A", &["H", "L", "N"]),
];
const V3_OPTIONAL: &[Metric] = &[
    ("E", &["X", "H", "F", "P", "U"]),
    ("RL", &["X", "U", "W", "T", "O"]),
    ("RC", &["X", "C", "R", "U"]),
    ("CR", &["X", "H", "M", "L"]),
    ("IR", &["X", "H", "M", "L"]),
    ("AR", &["X", "H", "M", "L"]),
    ("MAV", &["X", "N", "A", "L", "P"]),
    ("MAC", &["X", "L", "H"]),
    ("MPR", &["X", "N", "L", "H"]),
    ("MUI", &["X", "N", "R"]),
    ("MS", &["X", "U", "C"]),
    ("MC", &["X", "H", "L", "N"]),
    ("MI", &["X", "H", "L", "N"]),
    ("MA", &["X", "H", "L", "N"]),
];
const V4_BASE: &[Metric] = &[
    ("AV", &["N", "A", "L", "P"]),
    ("AC", &["L", "H"]),
    ("AT", &["N", "P"]),
    ("PR", &["N", "L", "H"]),
    ("UI", &["N", "P", "A"]),
    ("VC", &["H", "L", "N"]),
    ("VI", &["H", "L", "N"]),
    ("VA", &["H", "L", "N"]),
    ("SC", &["H", "L", "N"]),
    ("SI", &["H", "L", "N"]),
    ("SA", &["H", "L", "N"]),
];
const V4_THREAT_ENVIRONMENTAL: &[Metric] = &[
    ("E", &["X", "A", "P", "U"]),
    ("CR", &["X", "H", "M", "L"]),
    ("IR", &["X", "H", "M", "L"]),
    ("AR", &["X", "H", "M", "L"]),
    ("MAV", &["X", "N", "A", "L", "P"]),
    ("MAC", &["X", "L", "H"]),
    ("MAT", &["X", "N", "P"]),
    ("MPR", &["X", "N", "L", "H"]),
    ("MUI", &["X", "N", "P", "A"]),
    ("MVC", &["X", "H", "L", "N"]),
    ("MVI", &["X", "H", "L", "N"]),
    ("MVA", &["X", "H", "L", "N"]),
    ("MSC", &["X", "H", "L", "N"]),
    ("MSI", &["X", "S", "H", "L", "N"]),
    ("MSA", &["X", "S", "H", "L", "N"]),
];
const V4_SUPPLEMENTAL: &[Metric] = &[
    ("S", &["X", "N", "P"]),
    ("AU", &["X", "N", "Y"]),
    ("R", &["X", "A", "U", "I"]),
    ("V", &["X", "D", "C"]),
    ("RE", &["X", "L", "M", "H"]),
    ("U", &["X", "Clear", "Green", "Amber", "Red"]),
];

/// Every combination of the Base metrics, in the specification's order.
fn all_v3_base(prefix: &str) -> Vec<String> {
    let mut out = vec![prefix.to_string()];
    for (name, values) in V3_BASE {
        out = out.iter().flat_map(|v| values.iter().map(move |x| format!("{v}/{name}:{x}"))).collect();
    }
    out
}

fn random_v3(rng: &mut Lcg, prefix: &str) -> String {
    let mut fields: Vec<String> = V3_BASE.iter().map(|(n, vs)| format!("{n}:{}", rng.pick(vs))).collect();
    // Half the vectors with Temporal metrics, half with Environmental ones.
    let (temporal, environmental) = (rng.chance(2), rng.chance(2));
    for (i, (n, vs)) in V3_OPTIONAL.iter().enumerate() {
        let wanted = if i < 3 { temporal } else { environmental };
        if wanted && !rng.chance(3) {
            fields.push(format!("{n}:{}", rng.pick(vs)));
        }
    }
    if rng.chance(3) {
        // Any order is valid in v3: Fisher–Yates.
        for i in (1..fields.len()).rev() {
            let j = rng.below(i + 1);
            fields.swap(i, j);
        }
    }
    format!("{prefix}/{}", fields.join("/"))
}

fn random_v4(rng: &mut Lcg) -> String {
    let mut fields: Vec<String> = V4_BASE.iter().map(|(n, vs)| format!("{n}:{}", rng.pick(vs))).collect();
    let (threat_env, supplemental) = (!rng.chance(4), rng.chance(3));
    for (n, vs) in V4_THREAT_ENVIRONMENTAL {
        if threat_env && rng.chance(2) {
            fields.push(format!("{n}:{}", rng.pick(vs)));
        }
    }
    for (n, vs) in V4_SUPPLEMENTAL {
        if supplemental && rng.chance(2) {
            fields.push(format!("{n}:{}", rng.pick(vs)));
        }
    }
    format!("CVSS:4.0/{}", fields.join("/"))
}

/// A v4.0 vector whose metrics lean to their extreme values, to reach the
/// rare MacroVectors (e.g. every Base metric at its most severe but the
/// requirements Medium or Low).
fn skewed_v4(rng: &mut Lcg) -> String {
    fn skewed<'a>(rng: &mut Lcg, values: &[&'a str]) -> &'a str {
        match rng.below(3) {
            0 => values[0],
            1 => values[values.len() - 1],
            _ => rng.pick(values),
        }
    }
    let mut fields: Vec<String> = V4_BASE.iter().map(|(n, vs)| format!("{n}:{}", skewed(rng, vs))).collect();
    for (n, vs) in V4_THREAT_ENVIRONMENTAL {
        if rng.chance(2) {
            fields.push(format!("{n}:{}", skewed(rng, &vs[1..])));
        }
    }
    format!("CVSS:4.0/{}", fields.join("/"))
}

/// An invalid variant of a valid vector, keeping v4's metric order (the
/// reference does not check v4 order; ci-sec does, see its unit tests).
fn invalidate(rng: &mut Lcg, vector: &str) -> String {
    let (prefix, rest) = vector.split_once('/').unwrap_or((vector, ""));
    let mut fields: Vec<String> = rest.split('/').map(str::to_string).collect();
    match rng.below(7) {
        0 => {
            // A mandatory (Base) metric missing: the first fields are Base
            // metrics unless shuffled, so remove one by name.
            let base = if prefix == "CVSS:4.0" { V4_BASE } else { V3_BASE };
            let name = base[rng.below(base.len())].0;
            fields.retain(|f| f.split(':').next() != Some(name));
        }
        1 => {
            let i = rng.below(fields.len());
            let again = fields[i].clone();
            fields.push(again);
        }
        2 => {
            let i = rng.below(fields.len());
            let name = fields[i].split(':').next().unwrap_or_default().to_string();
            fields[i] = format!("{name}:{}", rng.pick(&["Q", "", "x", "HH", "N:N"]));
        }
        3 => {
            // A metric the version does not have.
            let unknown: &[&str] = if prefix == "CVSS:4.0" {
                &["ZZ:X", "Au:N", "RL:O", "MS:U"]
            } else {
                &["ZZ:X", "Au:N", "AT:N", "MSI:S"]
            };
            fields.push(rng.pick(unknown).to_string());
        }
        4 => fields.push(String::new()),
        5 => {
            let i = rng.below(fields.len());
            fields[i] = fields[i].to_lowercase();
        }
        _ => fields.insert(rng.below(fields.len() + 1), String::new()),
    }
    format!("{prefix}/{}", fields.join("/"))
}

/// The CVSS vectors of the OSV advisories under `dir`.
fn osv_vectors(dir: &Path) -> (BTreeSet<String>, usize) {
    let mut vectors = BTreeSet::new();
    let mut files = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            let scores = match ext {
                "json" => json_scores(&text),
                "yaml" | "yml" => yaml_scores(&text),
                _ => continue,
            };
            files += 1;
            vectors.extend(scores.into_iter().filter(|s| s.starts_with("CVSS:")));
        }
    }
    (vectors, files)
}

fn json_scores(text: &str) -> Vec<String> {
    let Ok(doc) = serde_json::from_str::<serde_json::Value>(text) else { return vec![] };
    let mut lists = vec![&doc["severity"]];
    if let Some(affected) = doc["affected"].as_array() {
        lists.extend(affected.iter().map(|a| &a["severity"]));
    }
    lists
        .into_iter()
        .filter_map(|l| l.as_array())
        .flatten()
        .filter_map(|s| s["score"].as_str().map(str::to_string))
        .collect()
}

/// `score:` entries of `severity:` block sequences, at any depth (the OSV
/// YAML files are plain block style).
fn yaml_scores(text: &str) -> Vec<String> {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let lines: Vec<&str> = text.lines().collect();
    let mut out = vec![];
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        if t.trim_end() != "severity:" && t.trim_end() != "- severity:" {
            continue;
        }
        let key_indent = indent(line) + if t.starts_with("- ") { 2 } else { 0 };
        for next in &lines[i + 1..] {
            let nt = next.trim_start();
            if nt.is_empty() {
                continue;
            }
            let ni = indent(next);
            if ni < key_indent || (ni == key_indent && !nt.starts_with("- ")) {
                break;
            }
            let item = nt.strip_prefix("- ").unwrap_or(nt);
            if let Some(value) = item.strip_prefix("score:") {
                out.push(value.trim().trim_matches(|c| c == '"' || c == '\'').to_string());
            }
        }
    }
    out
}

fn macro_vector(v4: &str) -> String {
    cvss4::parse(v4).expect("generated v4 vectors are valid").macro_vector().to_string()
}

#[derive(Debug, PartialEq)]
enum Outcome {
    V3 { scores: [f64; 3], ratings: [String; 3] },
    V4 { score: f64, rating: String },
    Rejected(String),
}

fn ours(vector: &str) -> Outcome {
    match Cvss::parse(vector) {
        Ok(Cvss::V3(v)) => Outcome::V3 {
            scores: [v.base_score(), v.temporal_score(), v.environmental_score()],
            ratings: [v.base_score(), v.temporal_score(), v.environmental_score()]
                .map(|s| Rating::from_score(s).as_str().to_string()),
        },
        Ok(Cvss::V4(v)) => Outcome::V4 { score: v.score(), rating: v.severity().as_str().to_string() },
        Err(e) => Outcome::Rejected(e.to_string()),
    }
}

fn theirs(line: &str) -> Option<Outcome> {
    let fields: Vec<&str> = line.split('\t').collect();
    let num = |s: &str| s.parse::<f64>().ok();
    match fields.as_slice() {
        ["OK3", b, t, e, rb, rt, re] => Some(Outcome::V3 {
            scores: [num(b)?, num(t)?, num(e)?],
            ratings: [rb.to_string(), rt.to_string(), re.to_string()],
        }),
        ["OK4", s, r] => Some(Outcome::V4 { score: num(s)?, rating: r.to_string() }),
        ["ERR", message] => Some(Outcome::Rejected(message.to_string())),
        _ => None,
    }
}

fn agree(a: &Outcome, b: &Outcome) -> bool {
    match (a, b) {
        (Outcome::Rejected(_), Outcome::Rejected(_)) => true,
        _ => a == b,
    }
}

/// Runs the reference over all vectors at once; `None` when it is not
/// installed.
fn reference(vectors: &[String]) -> Option<(String, Vec<String>)> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/differential/cvss_batch.py");
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_string());
    let spawned = Command::new(python)
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn();
    let Ok(mut child) = spawned else {
        eprintln!("{SKIP_NOTE}");
        eprintln!("  (no python3 to run it)");
        return None;
    };
    let input: String = vectors.iter().map(|v| format!("{v}\n")).collect();
    let mut stdin = child.stdin.take()?;
    let writer = std::thread::spawn(move || {
        // A reference that stops early (SKIP) closes the pipe: ignore that.
        let _ = stdin.write_all(input.as_bytes());
    });
    let output = child.wait_with_output().expect("reference process runs");
    let _ = writer.join();
    let stdout = String::from_utf8(output.stdout).expect("reference prints UTF-8");
    let mut lines = stdout.lines();
    let header = lines.next().unwrap_or_default();
    if let Some(reason) = header.strip_prefix("SKIP\t") {
        eprintln!("{SKIP_NOTE}");
        eprintln!("  ({reason})");
        return None;
    }
    assert!(output.status.success(), "the reference failed: {:?}", output.status);
    let version = header.strip_prefix("VERSION\t").expect("reference prints its version first").to_string();
    Some((version, lines.map(str::to_string).collect()))
}

#[test]
fn cvss_scores_match_the_reference_implementation() {
    let mut rng = Lcg(0x5ECC_15EC);
    // (group label, vector)
    let mut cases: Vec<(String, String)> = vec![];
    for prefix in ["CVSS:3.0", "CVSS:3.1"] {
        for v in all_v3_base(prefix) {
            cases.push((format!("{prefix} every Base vector"), v));
        }
        for _ in 0..6000 {
            cases.push((format!("{prefix} random, Temporal/Environmental"), random_v3(&mut rng, prefix)));
        }
    }
    // v4: random vectors, then more until every MacroVector has a few.
    let mut per_macrovector: BTreeMap<String, usize> = BTreeMap::new();
    for _ in 0..10_000 {
        let v = random_v4(&mut rng);
        *per_macrovector.entry(macro_vector(&v)).or_default() += 1;
        cases.push(("CVSS:4.0 random, Threat/Environmental/Supplemental".to_string(), v));
    }
    for _ in 0..200_000 {
        if per_macrovector.len() == 270 && per_macrovector.values().all(|&n| n >= 3) {
            break;
        }
        let v = skewed_v4(&mut rng);
        let count = per_macrovector.entry(macro_vector(&v)).or_default();
        if *count < 3 {
            *count += 1;
            cases.push(("CVSS:4.0 topped up per MacroVector".to_string(), v));
        }
    }
    let macrovectors_covered = per_macrovector.len();
    // Invalid variants.
    let valid: Vec<String> = cases.iter().map(|(_, v)| v.clone()).collect();
    for _ in 0..3000 {
        let v = &valid[rng.below(valid.len())];
        let bad = invalidate(&mut rng, v);
        let version = bad.get(..8).unwrap_or("CVSS:?").to_string();
        cases.push((format!("{version} invalid variants"), bad));
    }
    // The real vectors of the OSV advisories.
    if let Some(data) = common::shared_data("osv") {
        let (vectors, files) = osv_vectors(&data.join("osv"));
        eprintln!("OSV advisories: {files} files, {} distinct CVSS vectors", vectors.len());
        for v in vectors {
            let version = v.get(..8).unwrap_or("CVSS:?").to_string();
            cases.push((format!("{version} real (OSV advisories)"), v));
        }
    }

    let vectors: Vec<String> = cases.iter().map(|(_, v)| v.clone()).collect();
    let Some((version, answers)) = reference(&vectors) else {
        return;
    };
    assert_eq!(answers.len(), vectors.len(), "the reference answers every vector");

    let mut totals: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut per_version: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut disagreements = vec![];
    for ((group, vector), answer) in cases.iter().zip(&answers) {
        let expected = theirs(answer).unwrap_or_else(|| panic!("unreadable reference line {answer:?}"));
        let got = ours(vector);
        let entry = totals.entry(group.as_str()).or_default();
        entry.0 += 1;
        let invalid = group.ends_with("invalid variants");
        let ok = agree(&got, &expected) && (!invalid || matches!(got, Outcome::Rejected(_))) && {
            // score_vector returns the most specific score and its rating.
            match (&got, score_vector(vector)) {
                (&Outcome::Rejected(_), Err(_)) => true,
                (&Outcome::V3 { scores, .. }, Ok((s, r))) => {
                    let most_specific = match cvss3::parse(vector) {
                        Ok(c) if c.has_environmental() => scores[2],
                        Ok(c) if c.has_temporal() => scores[1],
                        _ => scores[0],
                    };
                    s == most_specific && r == Rating::from_score(s)
                }
                (&Outcome::V4 { score, .. }, Ok((s, r))) => score == s && r == Rating::from_score(s),
                _ => false,
            }
        };
        let version_total = per_version.entry(vector.get(..8).unwrap_or("other").to_string()).or_default();
        version_total.0 += 1;
        if ok {
            entry.1 += 1;
            version_total.1 += 1;
        } else {
            disagreements.push(format!(
                "{vector}\n    ci-sec:    {got:?}\n    reference: {expected:?}\n    score_vector: {:?}",
                score_vector(vector)
            ));
        }
    }
    eprintln!("reference: python cvss {version}");
    for (group, (n, agreed)) in &totals {
        eprintln!("  {group}: {agreed}/{n} agree");
    }
    for (version, (n, agreed)) in &per_version {
        eprintln!("{version}: {agreed}/{n} vectors agree");
    }
    eprintln!("CVSS:4.0 MacroVectors covered: {macrovectors_covered}/270");
    for mv in cvss4::MACROVECTOR_SCORES.iter().map(|(k, _)| k.to_string()) {
        if !per_macrovector.contains_key(&mv) {
            eprintln!("  MacroVector {mv}: no vector");
        }
    }
    // v3 any order and v3 Base exhaustiveness are part of the input; every
    // v4 MacroVector must be exercised.
    assert_eq!(macrovectors_covered, 270, "not every CVSS v4.0 MacroVector was generated");
    // Sanity: the checks really parsed v3 temporal/environmental vectors.
    let with_env =
        cases.iter().filter(|(_, v)| cvss3::parse(v).map(|c| c.has_environmental()).unwrap_or(false)).count();
    assert!(with_env > 1000, "too few v3 vectors with Environmental metrics: {with_env}");
    if !disagreements.is_empty() {
        for d in disagreements.iter().take(20) {
            eprintln!("{d}");
        }
        panic!("{} of {} vectors disagree with the reference (first 20 above)", disagreements.len(), cases.len());
    }
}
