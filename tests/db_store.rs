//! The advisory store through its public interface: build, reopen, lookup,
//! atomic replacement, and what a damaged or foreign file gives.

mod common;

use std::fs;
use std::path::Path;

use ci_sec::db::{Compression, DbError, FILE_NAME, FORMAT_VERSION, RecordInput, SourceMeta, Store, StoreBuilder};

fn meta(name: &str, records: u64) -> SourceMeta {
    SourceMeta {
        name: name.into(),
        updated_at: "2026-03-01T12:00:00Z".into(),
        origin: format!("https://feeds.example.invalid/{name}/all.zip"),
        records,
        digest: Some("sha256:0123".into()),
    }
}

fn osv(id: &str, eco: &str, name: &str, fixed: &str) -> String {
    format!(
        r#"{{"schema_version":"1.6.0","id":"{id}","modified":"2026-01-01T00:00:00Z","summary":"flaw in {name}","affected":[{{"package":{{"ecosystem":"{eco}","name":"{name}"}},"ranges":[{{"type":"ECOSYSTEM","events":[{{"introduced":"0"}},{{"fixed":"{fixed}"}}]}}]}}]}}"#
    )
}

/// (source, id, keys) of one record.
type Rec<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);

/// Builds a database from records; JSON made by [`osv`].
fn build(dir: &Path, generation: &str, recs: &[Rec<'_>]) {
    let mut b = StoreBuilder::create(dir).expect("builder");
    let mut sources = std::collections::BTreeMap::new();
    for (source, id, keys) in recs {
        let keys: Vec<(String, String)> = keys.iter().map(|(e, n)| (e.to_string(), n.to_string())).collect();
        let json = osv(id, &keys[0].0, &keys[0].1, generation);
        b.add(&RecordInput { source, id, modified: Some("2026-01-01T00:00:00Z"), keys: &keys, json: json.as_bytes() })
            .expect("add");
        *sources.entry(*source).or_insert(0u64) += 1;
    }
    for (name, n) in sources {
        b.set_source(meta(name, n)).unwrap();
    }
    b.finish().expect("finish");
}

fn sample(dir: &Path, generation: &str) {
    build(
        dir,
        generation,
        &[
            ("ghsa", "GHSA-aaaa", &[("npm", "lodash")]),
            ("ghsa", "GHSA-bbbb", &[("npm", "lodash"), ("npm", "lodash-es")]),
            ("pypa", "PYSEC-2024-1", &[("PyPI", "django")]),
            ("ghsa", "GHSA-cccc", &[("Maven", "org.apache.logging.log4j:log4j-core"), ("PyPI", "django")]),
        ],
    );
}

fn ids(store: &Store, eco: &str, name: &str) -> Vec<String> {
    store.lookup(eco, name).expect("lookup").into_iter().map(|r| r.id).collect()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn build_reopen_and_look_up() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ci-sec/db"); // created by the builder
    sample(&dir, "1.0.0");
    assert_eq!(files_in(&dir), [FILE_NAME]);

    let store = Store::open(&dir).unwrap();
    assert_eq!(ids(&store, "npm", "lodash"), ["GHSA-aaaa", "GHSA-bbbb"]);
    assert_eq!(ids(&store, "npm", "lodash-es"), ["GHSA-bbbb"]);
    assert_eq!(ids(&store, "PyPI", "django"), ["PYSEC-2024-1", "GHSA-cccc"]);
    assert!(ids(&store, "npm", "left-pad").is_empty());
    assert!(ids(&store, "PyPI", "lodash").is_empty(), "the ecosystem is part of the key");

    let rec = store.lookup("Maven", "org.apache.logging.log4j:log4j-core").unwrap().remove(0);
    assert_eq!((rec.id.as_str(), rec.source.as_str()), ("GHSA-cccc", "ghsa"));
    assert_eq!(rec.modified.as_deref(), Some("2026-01-01T00:00:00Z"));
    let json: serde_json::Value = serde_json::from_slice(&rec.json).unwrap();
    assert_eq!(json["id"], "GHSA-cccc");

    let sources: Vec<(&str, u64)> = store.sources().iter().map(|s| (s.name.as_str(), s.records)).collect();
    assert_eq!(sources, [("ghsa", 3), ("pypa", 1)]);
    assert_eq!(store.sources()[0], meta("ghsa", 3));
    let counts: Vec<(&str, u64)> = store.counts_by_ecosystem().iter().map(|(e, n)| (e.as_str(), *n)).collect();
    assert_eq!(counts, [("Maven", 1), ("PyPI", 2), ("npm", 2)]);
    assert_eq!(store.built_at().len(), "2026-03-01T12:00:00Z".len());
    assert_eq!(store.record_count(), 4);
    assert_eq!(store.verify().unwrap(), 4);
}

#[test]
fn lookups_from_several_threads_share_one_store() {
    let tmp = tempfile::tempdir().unwrap();
    sample(tmp.path(), "1.0.0");
    let store = Store::open(tmp.path()).unwrap();
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..200 {
                    assert_eq!(ids(&store, "npm", "lodash").len(), 2);
                }
            });
        }
    });
}

#[test]
fn a_rebuild_replaces_the_database_atomically() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    sample(dir, "1.0.0");
    let old = Store::open(dir).unwrap();

    build(dir, "2.0.0", &[("ghsa", "GHSA-dddd", &[("npm", "lodash")])]);
    assert_eq!(files_in(dir), [FILE_NAME], "no temporary file left");

    // A scan that had the old database open goes on reading it, whole.
    assert_eq!(ids(&old, "npm", "lodash"), ["GHSA-aaaa", "GHSA-bbbb"]);
    assert_eq!(old.verify().unwrap(), 4);
    // A new open sees only the new one.
    let new = Store::open(dir).unwrap();
    assert_eq!(ids(&new, "npm", "lodash"), ["GHSA-dddd"]);
    assert!(ids(&new, "PyPI", "django").is_empty());
    assert!(String::from_utf8(new.lookup("npm", "lodash").unwrap()[0].json.clone()).unwrap().contains("2.0.0"));
}

#[test]
fn a_builder_dropped_without_finish_leaves_the_old_database() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    sample(dir, "1.0.0");
    {
        // Uncompressed, so the records reach the disk as they are added.
        let mut b = StoreBuilder::create(dir).unwrap().compression(Compression::Never);
        let keys = vec![("npm".to_string(), "lodash".to_string())];
        for i in 0..3000 {
            let id = format!("NEW-{i}");
            let json = osv(&id, "npm", "lodash", "9.9.9");
            b.add(&RecordInput { source: "ghsa", id: &id, modified: None, keys: &keys, json: json.as_bytes() })
                .unwrap();
        }
        b.set_source(meta("ghsa", 3000)).unwrap();
        assert!(files_in(dir).len() == 2, "the new database is built beside the old one");
        // dropped here: an interrupted update
    }
    assert_eq!(files_in(dir), [FILE_NAME]);
    let store = Store::open(dir).unwrap();
    assert_eq!(ids(&store, "npm", "lodash"), ["GHSA-aaaa", "GHSA-bbbb"]);
}

#[test]
fn a_build_failing_midway_leaves_the_old_database() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    sample(dir, "1.0.0");

    // A bad record in the middle of an import: the caller gives up.
    let mut b = StoreBuilder::create(dir).unwrap();
    let keys = vec![("npm".to_string(), "lodash".to_string())];
    b.add(&RecordInput { source: "ghsa", id: "NEW-1", modified: None, keys: &keys, json: b"{}" }).unwrap();
    let bad_keys = vec![("npm".to_string(), String::new())];
    let err = b.add(&RecordInput { source: "ghsa", id: "NEW-2", modified: None, keys: &bad_keys, json: b"{}" });
    let err = err.unwrap_err();
    assert!(matches!(err, DbError::InvalidRecord { .. }), "{err}");
    assert!(err.to_string().contains(&dir.display().to_string()), "{err}");
    drop(b);

    // A build that fails in finish (an undescribed source).
    let mut b = StoreBuilder::create(dir).unwrap();
    b.add(&RecordInput { source: "mystery", id: "NEW-3", modified: None, keys: &keys, json: b"{}" }).unwrap();
    let err = b.finish().unwrap_err();
    assert!(matches!(err, DbError::MissingSourceMeta { .. }), "{err}");

    assert_eq!(files_in(dir), [FILE_NAME]);
    let store = Store::open(dir).unwrap();
    assert_eq!(ids(&store, "npm", "lodash"), ["GHSA-aaaa", "GHSA-bbbb"]);
}

#[test]
fn a_missing_database_says_how_to_make_one() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("nowhere");
    let err = Store::open(&dir).unwrap_err();
    assert!(matches!(err, DbError::Missing { .. }));
    assert_eq!(
        err.to_string(),
        format!("no advisory database at {}; run `ci-sec db update` or `ci-sec db import`", dir.display())
    );
    // An empty directory is missing too.
    fs::create_dir(&dir).unwrap();
    assert!(matches!(Store::open(&dir), Err(DbError::Missing { .. })));
}

#[test]
fn garbage_and_truncated_files_are_reported_as_corrupt() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    sample(dir, "1.0.0");
    let path = dir.join(FILE_NAME);
    let whole = fs::read(&path).unwrap();

    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("garbage", b"SQLite format 3\0 this is not ours".repeat(20)),
        ("header only", whole[..128].to_vec()),
        ("half", whole[..whole.len() / 2].to_vec()),
        ("one byte short", whole[..whole.len() - 1].to_vec()),
        ("one byte long", [whole.as_slice(), b"x"].concat()),
    ];
    for (what, bytes) in cases {
        fs::write(&path, &bytes).unwrap();
        let err = Store::open(dir).unwrap_err();
        assert!(matches!(err, DbError::Corrupt { .. }), "{what}: {err}");
        let text = err.to_string();
        assert!(text.contains(&path.display().to_string()) && text.contains("ci-sec db update"), "{what}: {text}");
    }

    // Damage past the header that open cannot see: lookups and verify report it.
    let mut bad = whole.clone();
    for b in &mut bad[128..whole.len() / 2] {
        *b = 0xAB;
    }
    fs::write(&path, &bad).unwrap();
    if let Ok(store) = Store::open(dir) {
        let lookups: Vec<_> = [("npm", "lodash"), ("PyPI", "django")].iter().map(|(e, n)| store.lookup(e, n)).collect();
        assert!(lookups.iter().any(Result::is_err) || store.verify().is_err());
        assert!(matches!(store.verify(), Err(DbError::Corrupt { .. })));
    }
}

#[test]
fn another_format_version_asks_for_an_update() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    sample(dir, "1.0.0");
    let path = dir.join(FILE_NAME);
    let mut bytes = fs::read(&path).unwrap();
    let newer = FORMAT_VERSION + 1;
    bytes[8..12].copy_from_slice(&newer.to_le_bytes());
    fs::write(&path, &bytes).unwrap();
    let err = Store::open(dir).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: database format {newer}, this ci-sec reads {FORMAT_VERSION}: run `ci-sec db update`",
            path.display()
        )
    );
}

/// The RustSec and Go vulnerability databases (real OSV JSON), imported the
/// way `ci-sec db import` will: one key per affected package.
#[test]
fn real_osv_records_round_trip() {
    let Some(shared) = common::shared_data("osv") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let mut records = Vec::new();
    for eco in ["crates.io", "Go"] {
        let mut files: Vec<_> = fs::read_dir(shared.join("osv").join(eco)).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for f in files.into_iter().filter(|f| f.extension().is_some_and(|x| x == "json")) {
            let bytes = fs::read(&f).unwrap();
            let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            let mut keys: Vec<(String, String)> = v["affected"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|a| Some((a["package"]["ecosystem"].as_str()?.into(), a["package"]["name"].as_str()?.into())))
                .collect();
            keys.dedup();
            let id = v["id"].as_str().unwrap().to_string();
            let modified = v["modified"].as_str().map(str::to_string);
            records.push((id, modified, keys, bytes));
        }
    }
    let raw: usize = records.iter().map(|r| r.3.len()).sum();
    for mode in [Compression::Auto, Compression::Always] {
        let start = std::time::Instant::now();
        let mut b = StoreBuilder::create(tmp.path()).unwrap().compression(mode);
        for (id, modified, keys, json) in &records {
            b.add(&RecordInput { source: "osv", id, modified: modified.as_deref(), keys, json }).unwrap();
        }
        b.set_source(meta("osv", records.len() as u64)).unwrap();
        b.finish().unwrap();
        let took = start.elapsed();
        let size = fs::metadata(tmp.path().join(FILE_NAME)).unwrap().len();
        eprintln!(
            "{mode:?}: stored {} real records in {took:?} ({:.0}/s, unoptimised build); {raw} bytes of JSON in {size}",
            records.len(),
            records.len() as f64 / took.as_secs_f64()
        );
        match mode {
            // 5,500 records (10 MB) are below the Auto threshold.
            Compression::Auto => assert!(size > raw as u64),
            _ => assert!(size * 4 < raw as u64, "dictionary compression: {size} vs {raw}"),
        }

        let store = Store::open(tmp.path()).unwrap();
        assert_eq!(store.verify().unwrap(), records.len() as u64);
        for (id, _, keys, json) in &records {
            for (eco, name) in keys {
                let found = store.lookup(eco, name).unwrap();
                let rec = found.iter().find(|r| &r.id == id).unwrap_or_else(|| panic!("{id} not found under {name}"));
                assert_eq!(&rec.json, json);
            }
        }
        assert!(ids(&store, "Go", "github.com/gin-gonic/gin").contains(&"GO-2020-0001".to_string()));
    }
}
