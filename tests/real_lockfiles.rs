//! Lockfiles written by the real package managers (see
//! tests/fixtures/real/README.md): ci-sec must list exactly the packages
//! each pins — same names, versions and ecosystems, none missing, none
//! invented. Each case's `expected.txt` comes from the package manager's own
//! listing; `-` stands for "listed without a version" (unpinned or
//! unresolved).

mod common;

use std::collections::BTreeSet;
use std::fs;

use common::{ci_sec, fixture};

fn ecosystem_tag(osv: &str) -> &str {
    match osv {
        "npm" => "npm",
        "PyPI" => "pypi",
        "crates.io" => "cargo",
        "Go" => "golang",
        "RubyGems" => "gem",
        "Packagist" => "composer",
        "Maven" => "maven",
        "NuGet" => "nuget",
        other => other,
    }
}

/// PEP 503 normalisation, as expected.txt writes PyPI names.
fn pep503(name: &str) -> String {
    let mut out = String::new();
    let mut sep = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !sep {
                out.push('-');
            }
            sep = true;
        } else {
            out.extend(c.to_lowercase());
            sep = false;
        }
    }
    out
}

#[test]
fn every_real_lockfile_lists_exactly_what_it_pins() {
    let root = fixture("real");
    let Ok(entries) = fs::read_dir(&root) else {
        eprintln!("note: no real lockfile corpus at {}", root.display());
        return;
    };
    let mut cases: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.join("expected.txt").is_file()).collect();
    cases.sort();
    assert!(!cases.is_empty(), "the corpus has cases");
    let mut failures = Vec::new();
    for case in &cases {
        let expected: BTreeSet<String> = fs::read_to_string(case.join("expected.txt"))
            .unwrap()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect();
        let out = ci_sec().args(["sbom", "--format", "json", "--include-vendored"]).arg(case).output().unwrap();
        let inv: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut actual = BTreeSet::new();
        for lock in inv["lockfiles"].as_array().unwrap() {
            for p in lock["packages"].as_array().unwrap() {
                let eco = ecosystem_tag(p["ecosystem"].as_str().unwrap());
                let mut name = p["name"].as_str().unwrap().to_string();
                if eco == "pypi" {
                    name = pep503(&name);
                }
                let version = p["version"].as_str().unwrap_or("-");
                actual.insert(format!("{eco} {name} {version}"));
            }
        }
        let missing: Vec<_> = expected.difference(&actual).collect();
        let invented: Vec<_> = actual.difference(&expected).collect();
        if !missing.is_empty() || !invented.is_empty() || !out.status.success() {
            failures.push(format!(
                "{}: exit {:?}, missing {missing:?}, invented {invented:?}, stderr: {}",
                case.file_name().unwrap().to_string_lossy(),
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), cases.len(), failures.join("\n"));
}
