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

/// The directory holding `helm` and `kubectl` as
/// tests/tools/install/k8s-renderers.sh installs them (`$CI_SEC_K8S_TOOLS/bin`,
/// default /opt/ci-sec/k8s-tools/bin). `None`, with a printed note, when
/// absent; under `CI_SEC_REQUIRE_TOOLS=1` (set by .ci/run after installing
/// them) absence fails the test instead of skipping it.
pub fn k8s_tools() -> Option<PathBuf> {
    let root = std::env::var_os("CI_SEC_K8S_TOOLS").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/opt/ci-sec/k8s-tools"));
    let bin = root.join("bin");
    if bin.join("helm").is_file() && bin.join("kubectl").is_file() {
        return Some(bin);
    }
    assert!(
        std::env::var_os("CI_SEC_REQUIRE_TOOLS").is_none(),
        "helm/kubectl missing from {} although CI_SEC_REQUIRE_TOOLS is set",
        bin.display()
    );
    eprintln!("note: skipping: helm/kubectl not in {} (run tests/tools/install/k8s-renderers.sh)", bin.display());
    None
}

/// `PATH` with `dir` first.
pub fn path_with(dir: &Path) -> std::ffi::OsString {
    let mut parts = vec![dir.to_path_buf()];
    parts.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
    std::env::join_paths(parts).expect("PATH entries join")
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
