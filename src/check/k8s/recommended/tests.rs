//! Fixture tests: `tests/fixtures/k8s/recommended/<family>/*.yaml`.
//!
//! Every YAML file of a family directory is one scan set (cross-file
//! checks see all of them). Lines findings must point at carry
//! `# expect: <rule-id>[, …]` markers (as in the PSS fixtures). Only the
//! family's own rules are compared, so fixtures need not satisfy the other
//! families; files named `pass*` must have no marker.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::*;
use crate::check::k8s::load::load_text;
use crate::check::k8s::pss::tests::expected;

fn family_dir(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/k8s/recommended").join(name)
}

/// The family's files (name, text) and its findings over all of them.
fn run_family(family: &Family) -> (Vec<(String, String)>, Vec<Finding>) {
    let mut files: Vec<_> = std::fs::read_dir(family_dir(family.name)).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut texts = Vec::new();
    let mut objects = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let loaded = load_text(&text, &name);
        assert!(loaded.input_errors.is_empty() && loaded.findings.is_empty(), "{name}: {:?}", loaded.input_errors);
        objects.extend(loaded.objects);
        texts.push((name, text));
    }
    let mut findings = Vec::new();
    (family.check)(&ScanSet::new(&objects), &mut findings);
    (texts, findings)
}

#[test]
fn check_recommended_fixtures_report_exactly_the_marked_fields() {
    for family in FAMILIES {
        let (texts, findings) = run_family(family);
        assert!(texts.iter().any(|(n, _)| n.starts_with("pass")), "{}: no pass fixture", family.name);
        let mut seen = BTreeSet::new();
        for (name, text) in &texts {
            let want = expected(text);
            if name.starts_with("pass") {
                assert!(want.is_empty(), "{name}: a pass fixture with markers");
            }
            let got: BTreeSet<_> = findings
                .iter()
                .filter(|f| &f.location.path == name)
                .map(|f| (f.location.line, f.location.column, f.rule_id.clone()))
                .collect();
            let msgs: Vec<_> = findings.iter().filter(|f| &f.location.path == name).map(|f| &f.message).collect();
            assert_eq!(got, want, "{}/{name}: {msgs:#?}", family.name);
            seen.extend(want.into_iter().map(|(_, _, r)| r));
        }
        for f in &findings {
            assert!(family.rules.iter().any(|r| r.id == f.rule_id), "{}: foreign rule {}", family.name, f.rule_id);
            assert!(f.fix.is_some() && f.title.is_some() && f.help_uri.is_some());
        }
        for rule in family.rules {
            assert!(seen.contains(rule.id), "no failing fixture for {}", rule.id);
        }
    }
}

#[test]
fn check_recommended_catalogue_entries_are_complete_and_unique() {
    let mut ids = BTreeSet::new();
    for r in catalogue() {
        assert!(r.id.starts_with("recommended/") && ids.insert(r.id), "{}", r.id);
        assert_eq!(r.level, Level::Recommended);
        assert!(!r.title.is_empty() && !r.rationale.is_empty() && !r.remediation.is_empty(), "{}", r.id);
    }
}

#[test]
fn check_every_prefix_of_every_recommended_fixture_is_handled_without_panic() {
    for family in FAMILIES {
        for entry in std::fs::read_dir(family_dir(family.name)).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for end in (0..=text.len()).filter(|e| text.is_char_boundary(*e)).step_by(11) {
                let _ = evaluate(&ScanSet::new(&load_text(&text[..end], "t.yaml").objects));
            }
        }
    }
}

#[test]
fn check_image_references_split_into_tag_and_digest() {
    use images::parse_image;
    let p = parse_image("registry.local:5000/team/app");
    assert_eq!((p.tag, p.digest), (None, None));
    assert!(p.mutable());
    let p = parse_image("registry.local:5000/team/app:1.2");
    assert_eq!((p.tag, p.digest), (Some("1.2"), None));
    assert!(!p.mutable());
    let p = parse_image("app:latest@sha256:abc");
    assert_eq!((p.tag, p.digest), (Some("latest"), Some("sha256:abc")));
    assert!(!p.mutable(), "a digest pins even a latest tag");
    assert!(parse_image("app:latest").mutable());
}
