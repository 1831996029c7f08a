//! `ci-sec sbom` as users run it: formats, exit codes, bad input,
//! reproducibility and schema conformance.

mod common;

use std::fs;
use std::path::Path;

use common::{ci_sec, fixture, schema_errors, shared_data};
use serde_json::Value;

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A scratch copy of `tests/fixtures/sbom/mixed` plus a vendored and a
/// gitignored lockfile (made here: git would not commit them).
fn mixed_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("sbom/mixed"), dir.path());
    let lock = fs::read_to_string(fixture("sbom/mixed/rust/Cargo.lock")).unwrap();
    for vendored in ["node_modules/dep/Cargo.lock", "ignored/Cargo.lock"] {
        let p = dir.path().join(vendored);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, lock.replace("itoa", "vendored-itoa")).unwrap();
    }
    fs::write(dir.path().join(".gitignore"), "ignored/\n").unwrap();
    dir
}

fn json_of(out: &[u8]) -> Value {
    serde_json::from_slice(out).expect("output is JSON")
}

fn packages(inventory: &Value) -> Vec<String> {
    let mut v: Vec<String> = inventory["lockfiles"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|l| l["packages"].as_array().unwrap().iter())
        .map(|p| format!("{} {}@{} {}:{}", p["ecosystem"].as_str().unwrap(), p["name"].as_str().unwrap(), p["version"], p["file"].as_str().unwrap(), p["line"]))
        .collect();
    v.sort();
    v
}

#[test]
fn broken_lockfile_is_reported_with_its_line_and_the_rest_is_inventoried() {
    let repo = mixed_repo();
    let out = ci_sec().args(["sbom", "--format", "json"]).arg(repo.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "an unreadable input makes the run incomplete");
    let inv = json_of(&out.stdout);
    assert_eq!(
        packages(&inv),
        [
            "crates.io itoa@\"1.0.11\" rust/Cargo.lock:6",
            "crates.io ryu@\"1.0.18\" rust/Cargo.lock:12",
            "crates.io serde_json@\"1.0.120\" rust/Cargo.lock:18",
        ],
        "the workspace member `web` is the project, vendored and gitignored lockfiles are skipped"
    );
    let errors = inv["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["path"], "broken/Cargo.lock");
    assert_eq!(errors[0]["line"], 9);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("broken/Cargo.lock:9"), "stderr names file and line: {stderr}");
}

#[test]
fn include_vendored_reads_dependency_caches() {
    let repo = mixed_repo();
    let out = ci_sec().args(["sbom", "--format", "json", "--include-vendored"]).arg(repo.path()).output().unwrap();
    let listed = packages(&json_of(&out.stdout));
    assert!(listed.iter().any(|p| p.contains("vendored-itoa") && p.contains("node_modules/dep/Cargo.lock")));
    assert!(!listed.iter().any(|p| p.contains("ignored/")), ".gitignore still applies: {listed:?}");
}

#[test]
fn a_single_lockfile_can_be_given() {
    let out = ci_sec().args(["sbom", "--format", "json"]).arg(fixture("sbom/mixed/rust/Cargo.lock")).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(packages(&json_of(&out.stdout)).len(), 3);
}

#[test]
fn cyclonedx_lists_components_graph_and_lines() {
    let repo = mixed_repo();
    let out = ci_sec().args(["sbom", "--format", "cyclonedx-json"]).arg(repo.path().join("rust")).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let bom = json_of(&out.stdout);
    assert_eq!(bom["specVersion"], "1.6");
    let serde = bom["components"].as_array().unwrap().iter().find(|c| c["name"] == "serde_json").unwrap();
    assert_eq!(serde["purl"], "pkg:cargo/serde_json@1.0.120");
    assert_eq!(serde["evidence"]["occurrences"][0], serde_json::json!({"location": "Cargo.lock", "line": 18}));
    let deps = bom["dependencies"].as_array().unwrap();
    let of = |r: &str| deps.iter().find(|d| d["ref"] == r).unwrap()["dependsOn"].clone();
    assert_eq!(of("pkg:cargo/serde_json@1.0.120"), serde_json::json!(["pkg:cargo/itoa@1.0.11", "pkg:cargo/ryu@1.0.18"]));
    assert_eq!(of("lockfile:Cargo.lock"), serde_json::json!(["pkg:cargo/serde_json@1.0.120"]), "only direct deps hang off the lockfile");
    assert_eq!(of("project"), serde_json::json!(["lockfile:Cargo.lock"]));
    assert_eq!(bom["metadata"]["tools"]["components"][0]["name"], "ci-sec");
}

#[test]
fn source_date_epoch_makes_output_byte_identical() {
    let repo = mixed_repo();
    for format in ["cyclonedx-json", "spdx-json"] {
        let run = || {
            ci_sec()
                .env("SOURCE_DATE_EPOCH", "1700000000")
                .args(["sbom", "--format", format])
                .arg(repo.path())
                .output()
                .unwrap()
                .stdout
        };
        let (a, b) = (run(), run());
        assert!(!a.is_empty());
        assert_eq!(a, b, "{format} differs between runs");
        assert!(String::from_utf8_lossy(&a).contains("2023-11-14T22:13:20Z"));
    }
    // Without it, serial numbers differ (every BOM is a new document).
    let serial = || json_of(&ci_sec().args(["sbom", "--format", "cyclonedx-json"]).arg(repo.path()).output().unwrap().stdout)["serialNumber"].clone();
    assert_ne!(serial(), serial());
}

#[test]
fn output_file_name_chooses_the_format() {
    let repo = mixed_repo();
    let out_dir = tempfile::tempdir().unwrap();
    let target = out_dir.path().join("app.spdx.json");
    ci_sec().args(["sbom", "-q", "-o"]).arg(&target).arg(repo.path().join("rust")).assert().success();
    let doc: Value = serde_json::from_str(&fs::read_to_string(&target).unwrap()).unwrap();
    assert_eq!(doc["spdxVersion"], "SPDX-2.3");
}

#[test]
fn outputs_validate_against_the_official_schemas() {
    let Some(shared) = shared_data("schemas") else { return };
    let schemas = shared.join("schemas");
    // The validator must be able to say no, or this test proves nothing.
    let bogus = serde_json::json!({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"name": 1}]});
    assert!(!schema_errors(&schemas, "bom-1.6.schema.json", &bogus).is_empty());
    let repo = mixed_repo();
    for (args, schema) in [
        (vec!["--format", "cyclonedx-json", "--spec-version", "1.5"], "bom-1.5.schema.json"),
        (vec!["--format", "cyclonedx-json", "--spec-version", "1.6"], "bom-1.6.schema.json"),
        (vec!["--format", "spdx-json"], "spdx-2.3.schema.json"),
    ] {
        let out = ci_sec().arg("sbom").args(&args).arg(repo.path()).output().unwrap();
        let doc = json_of(&out.stdout);
        let errors = schema_errors(&schemas, schema, &doc);
        assert!(errors.is_empty(), "{schema}: {errors:#?}");
    }
}

#[test]
fn unimplemented_subcommand_says_so() {
    let out = ci_sec().arg("publish").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not implemented yet"));
}

#[test]
fn usage_errors_and_missing_paths_exit_2() {
    assert_eq!(ci_sec().args(["sbom", "--format", "nope"]).output().unwrap().status.code(), Some(2));
    assert_eq!(ci_sec().args(["frobnicate"]).output().unwrap().status.code(), Some(2));
    let out = ci_sec().args(["sbom", "/definitely/not/here"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/definitely/not/here"));
}

#[test]
fn help_lists_every_subcommand_and_exit_codes() {
    let out = ci_sec().arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for cmd in ["sbom", "scan", "k8s", "check", "db", "publish", "Exit codes"] {
        assert!(help.contains(cmd), "help lacks {cmd}");
    }
}

fn scope_of(inv: &Value, name: &str) -> String {
    inv["lockfiles"][0]["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("{name} listed"))["scope"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn cargo_metadata_gives_dev_and_build_scopes_and_falls_back_without_it() {
    let api = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/shop/api");
    let out = ci_sec().args(["sbom", "--format", "json"]).arg(&api).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let inv = json_of(&out.stdout);
    assert_eq!(scope_of(&inv, "tokio"), "runtime");
    assert_eq!(scope_of(&inv, "tempfile"), "dev");
    assert_eq!(scope_of(&inv, "cc"), "build");
    assert!(!packages(&inv).iter().any(|p| p.contains(" shop-api@")), "the crate itself is not a dependency");

    let out = ci_sec().args(["sbom", "--format", "json", "--no-cargo"]).arg(&api).output().unwrap();
    let inv = json_of(&out.stdout);
    assert_eq!(scope_of(&inv, "tempfile"), "runtime", "kinds are unknown without cargo");
    assert!(!packages(&inv).iter().any(|p| p.contains(" shop-api@")), "members still come from Cargo.toml");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("dependency kinds"), "the fallback is announced: {stderr}");
}

#[test]
fn cyclonedx_1_5_and_1_6_writers_say_the_same_thing() {
    let repo = mixed_repo();
    let render = |version: &str| {
        let out = ci_sec()
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .args(["sbom", "--format", "cyclonedx-json", "--spec-version", version])
            .arg(repo.path())
            .output()
            .unwrap();
        json_of(&out.stdout)
    };
    let (mut a, mut b) = (render("1.5"), render("1.6"));
    // The only intended differences: the version, the schema link, and
    // occurrence lines (a 1.6 field).
    for bom in [&mut a, &mut b] {
        let obj = bom.as_object_mut().unwrap();
        obj.remove("specVersion");
        obj.remove("$schema");
        for c in obj["components"].as_array_mut().unwrap() {
            for occ in c.pointer_mut("/evidence/occurrences").and_then(Value::as_array_mut).into_iter().flatten() {
                occ.as_object_mut().unwrap().remove("line");
            }
        }
    }
    assert_eq!(a, b);
}
