//! `gradle.lockfile` (Gradle dependency locking, single-file format of
//! Gradle 6+).
//!
//! Each line is `group:artifact:version=configuration1,configuration2`; the
//! `empty=…` line lists configurations that resolved nothing and `#` lines
//! are comments. Every entry is a resolved module (ecosystem Maven, name
//! `group:artifact`); the file does not say which ones the build declares,
//! so `direct` is `None`, and it records no graph.
//!
//! Scope from the configurations (kept as property `gradle:configurations`):
//! when every configuration is a test one (its name starts with `test` or
//! contains `Test`: `testRuntimeClasspath`, `integrationTestCompileClasspath`,
//! `androidTestRuntimeClasspath`…) the module is `Dev`; when every one is an
//! annotation-processor configuration (`annotationProcessor`,
//! `kapt…`, `ksp…`, or a test one of those) with at least one non-test, it is
//! `Build`; otherwise `Runtime`. The older per-configuration lockfiles
//! (`gradle/dependency-locks/*.lockfile`) are not this format.

use std::collections::HashMap;

use crate::inventory::{Catalog, Note, ParseError, Source};
use crate::model::{Ecosystem, Package, Scope};

pub fn parse(source: &Source) -> Result<Catalog, ParseError> {
    let text = source.text.strip_prefix('\u{feff}').unwrap_or(source.text);
    let mut packages: Vec<Package> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut configurations: Vec<Vec<String>> = Vec::new();
    let mut notes = Vec::new();
    for (idx, raw) in text.split('\n').enumerate() {
        let line = idx as u32 + 1;
        let l = raw.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let Some((coords, confs)) = l.split_once('=') else {
            return Err(ParseError::new(
                line,
                1,
                "expected 'group:artifact:version=configurations'",
            ));
        };
        let coords = coords.trim();
        if coords == "empty" {
            continue;
        }
        let parts: Vec<&str> = coords.split(':').map(str::trim).collect();
        let [group, artifact, version] = parts.as_slice() else {
            return Err(ParseError::new(
                line,
                1,
                format!("expected 'group:artifact:version', found '{coords}'"),
            ));
        };
        if [group, artifact, version].iter().any(|p| p.is_empty()) {
            return Err(ParseError::new(
                line,
                1,
                format!("empty group, artifact or version in '{coords}'"),
            ));
        }
        let confs: Vec<String> = confs
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect();
        let pkg = Package::pinned(Ecosystem::Maven, format!("{group}:{artifact}"), *version, line);
        if let Some(&i) = index.get(&pkg.key) {
            notes.push(Note {
                line,
                message: format!(
                    "{coords} is listed twice (first on line {}); configurations merged",
                    packages.get(i).map_or(0, |p| p.line)
                ),
            });
            if let Some(existing) = configurations.get_mut(i) {
                existing.extend(confs.into_iter().filter(|c| !existing.contains(c)).collect::<Vec<_>>());
            }
            continue;
        }
        index.insert(pkg.key.clone(), packages.len());
        packages.push(pkg);
        configurations.push(confs);
    }
    for (pkg, confs) in packages.iter_mut().zip(configurations) {
        pkg.scope = scope_of(&confs);
        if !confs.is_empty() {
            pkg.properties.push(("gradle:configurations".into(), confs.join(",")));
        }
    }
    Ok(Catalog { packages, notes })
}

fn is_test(conf: &str) -> bool {
    conf.starts_with("test") || conf.contains("Test")
}

fn is_annotation_processing(conf: &str) -> bool {
    conf.starts_with("annotationProcessor")
        || conf.contains("AnnotationProcessor")
        || conf.starts_with("kapt")
        || conf.starts_with("ksp")
}

fn scope_of(confs: &[String]) -> Scope {
    if confs.is_empty() {
        Scope::Runtime
    } else if confs.iter().all(|c| is_test(c)) {
        Scope::Dev
    } else if confs.iter().all(|c| is_annotation_processing(c) || is_test(c)) {
        Scope::Build
    } else {
        Scope::Runtime
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::testing::{find, parse_text, summary};

    const LOCK: &str = include_str!("../../../tests/fixtures/inventory/gradle/gradle.lockfile");

    #[test]
    fn entries_with_lines_and_configurations() {
        let cat = parse_text(parse, "gradle.lockfile", LOCK).unwrap();
        let s = summary(&cat.packages);
        assert_eq!(s.len(), 12, "{s:?}");
        assert!(s.contains(&"com.google.guava:guava@32.1.3-jre:8".to_string()), "{s:?}");
        assert!(
            s.contains(&"org.junit.jupiter:junit-jupiter-api@5.10.1:10".to_string()),
            "{s:?}"
        );
        let guava = find(&cat.packages, "com.google.guava:guava");
        assert_eq!(
            guava.property("gradle:configurations"),
            Some("compileClasspath,runtimeClasspath,testCompileClasspath,testRuntimeClasspath")
        );
        assert_eq!(guava.direct, None);
        assert_eq!(guava.purl().to_string(), "pkg:maven/com.google.guava/guava@32.1.3-jre");
        assert!(cat.packages.iter().all(|p| p.name != "empty"));
    }

    #[test]
    fn test_only_configurations_are_dev() {
        let cat = parse_text(parse, "gradle.lockfile", LOCK).unwrap();
        assert_eq!(find(&cat.packages, "com.google.guava:guava").scope, Scope::Runtime);
        assert_eq!(
            find(&cat.packages, "org.junit.jupiter:junit-jupiter-api").scope,
            Scope::Dev
        );
        // integrationTestRuntimeClasspath contains "Test".
        assert_eq!(find(&cat.packages, "org.testcontainers:postgresql").scope, Scope::Dev);
        // Test and main: runtime.
        assert_eq!(find(&cat.packages, "org.slf4j:slf4j-api").scope, Scope::Runtime);
    }

    #[test]
    fn annotation_processors_are_build() {
        let cat = parse_text(parse, "gradle.lockfile", LOCK).unwrap();
        assert_eq!(find(&cat.packages, "org.projectlombok:lombok").scope, Scope::Runtime);
        assert_eq!(
            find(&cat.packages, "com.google.auto.service:auto-service").scope,
            Scope::Build
        );
        // Only testAnnotationProcessor: test.
        assert_eq!(find(&cat.packages, "org.immutables:value").scope, Scope::Dev);
    }

    #[test]
    fn duplicates_are_merged_with_a_note() {
        let text = "a:b:1=compileClasspath\nc:d:2=testRuntimeClasspath\na:b:1=testRuntimeClasspath\n";
        let cat = parse_text(parse, "gradle.lockfile", text).unwrap();
        assert_eq!(summary(&cat.packages), ["a:b@1:1", "c:d@2:2"]);
        assert_eq!(
            find(&cat.packages, "a:b").property("gradle:configurations"),
            Some("compileClasspath,testRuntimeClasspath")
        );
        assert!(cat.notes.iter().any(|n| n.line == 3));
    }

    #[test]
    fn crlf_and_blank_lines() {
        let text = "# comment\r\n\r\na:b:1=compileClasspath\r\nempty=\r\n";
        let cat = parse_text(parse, "gradle.lockfile", text).unwrap();
        assert_eq!(summary(&cat.packages), ["a:b@1:3"]);
    }

    #[test]
    fn malformed_lines_name_the_line() {
        let cases: &[(&str, u32)] = &[
            ("# c\na:b:1\n", 2),
            ("a:b=compileClasspath\n", 1),
            ("a:b:c:d=x\n", 1),
            ("a::1=x\n", 1),
            ("a:b:1=x\n<<<<<<< HEAD\n", 2),
        ];
        for (text, line) in cases {
            let err = parse_text(parse, "gradle.lockfile", text).unwrap_err();
            assert_eq!(err.line, *line, "{text:?}: {err}");
        }
    }

    #[test]
    fn truncated_input_never_panics() {
        for end in (0..=LOCK.len()).filter(|i| LOCK.is_char_boundary(*i)) {
            let _ = parse_text(parse, "gradle.lockfile", &LOCK[..end]);
        }
    }

    #[test]
    fn large_lockfile_parses_quickly() {
        let mut text = String::new();
        for i in 0..30_000 {
            text.push_str(&format!(
                "org.example{i}:artifact-{i}:1.{i}.0=compileClasspath,runtimeClasspath\n"
            ));
        }
        let start = std::time::Instant::now();
        let cat = parse_text(parse, "gradle.lockfile", &text).unwrap();
        assert_eq!(cat.packages.len(), 30_000);
        assert!(start.elapsed().as_secs() < 2);
    }
}
