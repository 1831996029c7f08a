//! `ci-sec db`: import, update (from a loopback mirror and a git mirror),
//! status, atomic replacement, and the offline flow `db import` → `scan`.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use common::{ci_sec, http::serve, shared_data};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn findings(out: &std::process::Output) -> Vec<String> {
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!("not JSON; stderr: {}", String::from_utf8_lossy(&out.stderr))
    });
    let mut ids: Vec<String> =
        report["findings"].as_array().unwrap().iter().map(|f| f["rule_id"].as_str().unwrap().to_string()).collect();
    ids.sort();
    ids
}

fn scan_with_db(db: &Path) -> std::process::Output {
    ci_sec()
        .args(["scan", "--format", "json", "--fail-on", "never", "--db"])
        .arg(db)
        .arg(root().join("examples/shop"))
        .output()
        .unwrap()
}

#[test]
fn offline_flow_import_then_scan() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    ci_sec().args(["db", "import", "--db"]).arg(&db).arg(root().join("examples/advisories")).assert().success();
    let with_db = findings(&scan_with_db(&db));
    let direct = findings(
        &ci_sec()
            .args(["scan", "--format", "json", "--fail-on", "never", "--advisories"])
            .arg(root().join("examples/advisories"))
            .arg(root().join("examples/shop"))
            .output()
            .unwrap(),
    );
    assert_eq!(with_db.len(), 14);
    assert_eq!(with_db, direct, "the database answers exactly as the files do");

    let status = ci_sec().args(["db", "status", "--db"]).arg(&db).output().unwrap();
    let text = String::from_utf8_lossy(&status.stdout);
    assert!(text.contains("import:advisories"), "{text}");
    assert!(text.contains("npm") && text.contains("crates.io"), "{text}");
    // CI_SEC_DB works like --db.
    let out = ci_sec().env("CI_SEC_DB", &db).args(["scan", "-q", "--fail-on", "never"]).arg(root().join("examples/shop")).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_missing_database_says_how_to_get_one() {
    let tmp = tempfile::tempdir().unwrap();
    let out = scan_with_db(&tmp.path().join("none"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ci-sec db update"));
}

fn zip_of(dir: &Path) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default();
        let mut names: Vec<_> = std::fs::read_dir(dir).unwrap().filter_map(Result::ok).map(|e| e.path()).collect();
        names.sort();
        for p in names.iter().filter(|p| p.extension().is_some_and(|e| e == "json")) {
            z.start_file(p.file_name().unwrap().to_string_lossy(), opts).unwrap();
            z.write_all(&std::fs::read(p).unwrap()).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

#[test]
fn update_downloads_dumps_and_a_failed_update_keeps_the_old_database() {
    let dump = zip_of(&root().join("examples/advisories"));
    let server = serve(vec![(200, dump.clone()), (500, b"down".to_vec()), (500, b"down".to_vec()), (500, b"down".to_vec()), (500, b"down".to_vec())]);
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let out = ci_sec()
        .env("CI_SEC_OSV_DUMPS", &server.url)
        .args(["db", "update", "--source", "osv:npm", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(server.requests.lock().unwrap()[0].path, "/npm/all.zip");
    let before = findings(&scan_with_db(&db));
    assert_eq!(before.len(), 14);

    // The mirror now fails (retried, then given up): the database is untouched.
    let out = ci_sec()
        .env("CI_SEC_OSV_DUMPS", &server.url)
        .args(["db", "update", "--source", "osv:npm", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("500"));
    assert_eq!(findings(&scan_with_db(&db)), before);
}

#[test]
fn max_db_age_fails_a_stale_database() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    ci_sec().args(["db", "import", "--db"]).arg(&db).arg(root().join("examples/advisories")).assert().success();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let out = ci_sec()
        .args(["scan", "-q", "--max-db-age", "0h", "--db"])
        .arg(&db)
        .arg(root().join("examples/shop"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("max-db-age"));
}

#[test]
fn every_shared_record_imports() {
    let Some(shared) = shared_data("osv") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let out = ci_sec().args(["db", "import", "--db"]).arg(&db).arg(shared.join("osv")).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("8158 records") && !stderr.contains("rejected"), "{stderr}");
}

#[test]
fn rustsec_updates_from_a_git_mirror() {
    let upstream = tempfile::tempdir().unwrap();
    let repo = git2::Repository::init(upstream.path()).unwrap();
    let file = upstream.path().join("crates/smallvec/RUSTSEC-2021-0003.md");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(
        &file,
        "```toml\n[advisory]\nid = \"RUSTSEC-2021-0003\"\npackage = \"smallvec\"\ndate = \"2021-01-08\"\n\n[versions]\npatched = [\">= 0.6.14, < 1.0.0\", \">= 1.6.1\"]\nunaffected = [\"< 0.6.3\"]\n```\n\n# Buffer overflow in SmallVec::insert_many\n",
    )
    .unwrap();
    let mut index = repo.index().unwrap();
    index.add_path(Path::new("crates/smallvec/RUSTSEC-2021-0003.md")).unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = git2::Signature::now("t", "t@example.invalid").unwrap();
    repo.commit(Some("HEAD"), &sig, &sig, "advisory", &tree, &[]).unwrap();

    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let url = format!("file://{}", upstream.path().display());
    let out = ci_sec().args(["db", "update", "--source", "rustsec", "--rustsec-url", &url, "--db"]).arg(&db).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(findings(&scan_with_db(&db)), ["RUSTSEC-2021-0003"]);
}
