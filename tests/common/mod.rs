//! Shared helpers for integration tests.
#![allow(dead_code)]

pub mod http;
pub mod rng;

use std::path::{Path, PathBuf};

/// The reference data folder (`../shared/data` beside the checkout, or
/// `$CI_SEC_SHARED_DATA`); `None`, with a printed note, when absent, so a
/// fresh clone without it still passes.
pub fn shared_data(what: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("CI_SEC_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    if dir.join(what).exists() {
        Some(dir)
    } else {
        eprintln!("note: skipping: {} not found (reference data is only present beside the development checkout)", dir.join(what).display());
        None
    }
}

pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel)
}

pub fn ci_sec() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("ci-sec").expect("binary builds");
    cmd.env_remove("SOURCE_DATE_EPOCH").env("NO_COLOR", "1");
    cmd
}

/// Validates `instance` against one of the official schemas in
/// `shared/data/schemas`; returns the list of violations.
pub fn schema_errors(schemas: &Path, schema_file: &str, instance: &serde_json::Value) -> Vec<String> {
    let load = |name: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(schemas.join(name)).expect("schema readable")).expect("schema is JSON")
    };
    let schema = load(schema_file);
    // The CycloneDX schemas refer to these two by their $id.
    let registry = jsonschema::Registry::new()
        .add("http://cyclonedx.org/schema/spdx.schema.json", load("spdx.schema.json"))
        .and_then(|r| r.add("http://cyclonedx.org/schema/jsf-0.82.schema.json", load("jsf-0.82.schema.json")))
        .and_then(|r| r.prepare())
        .expect("registry");
    let validator = jsonschema::options()
        .with_registry(&registry)
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles");
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .take(20)
        .collect()
}
