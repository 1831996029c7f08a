//! Advisory-store engine comparison for ci-sec: SQLite (rusqlite, bundled),
//! redb, and ci-sec's own write-once file (`ci_sec::db`), plus per-record
//! compression codecs. See README.md beside this file.
//!
//! `db-engines run` drives everything: each engine's build and scans run in a
//! child process of their own so that peak RSS is per phase.

use std::collections::HashMap;

use redb::ReadableDatabase;
use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::{Value, json};

type Res<T> = Result<T, Box<dyn Error>>;

const ECOSYSTEMS: [&str; 8] = ["npm", "PyPI", "Maven", "Go", "crates.io", "RubyGems", "NuGet", "Packagist"];
const LOOKUPS: u64 = 10_000;
const IMPORT_RECORDS: u64 = 8_000;

// ---------------------------------------------------------------- generator

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = splitmix(self.0);
        self.0
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A real OSV record with its id, package and details replaced by markers.
struct Template {
    parts: Vec<String>, // text between markers
    markers: Vec<&'static str>,
    base_len: usize,
    details: String,
}

struct Generator {
    templates: Vec<Template>,
    words: Vec<String>,
    names: u64,
    /// The real records the templates came from, as published.
    real: Vec<String>,
}

struct Rec {
    id: String,
    keys: Vec<(String, String)>,
    json: Vec<u8>,
}

const SYLLABLES: [&str; 32] = [
    "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "zen", "bar", "cor", "dex", "fin", "gal", "hub", "jet", "kit",
    "lux", "mod", "nix", "orb", "pix", "quo", "rex", "syn", "tor", "uni", "vex", "wex", "xor", "yal", "zip",
];

fn word(i: u64) -> String {
    // 1024 distinct two-syllable words.
    format!("{}{}", SYLLABLES[(i % 32) as usize], SYLLABLES[(i / 32 % 32) as usize])
}

/// Package `n` (0..names): its ecosystem and a name in that ecosystem's style.
fn package(n: u64) -> (String, String) {
    let eco = ECOSYSTEMS[(n % 8) as usize];
    let m = n / 8;
    let (a, b, k) = (word(m % 1024), word(m / 1024 % 1024), m / (1024 * 1024));
    let name = match eco {
        "npm" if m.is_multiple_of(4) => format!("@{a}/{b}-{k}"),
        "npm" | "RubyGems" => format!("{a}-{b}-{k}"),
        "PyPI" => format!("{a}-{b}{k}"),
        "Maven" => format!("org.{a}:{b}-core-{k}"),
        "Go" => format!("github.com/{a}/{b}-{k}"),
        "crates.io" => format!("{a}_{b}_{k}"),
        "NuGet" => format!("{a}.{b}.{k}"),
        _ => format!("{a}/{b}-{k}"),
    };
    (eco.to_string(), name)
}

impl Generator {
    fn new(shared: Option<&Path>, names: u64) -> Res<Generator> {
        let mut texts = Vec::new();
        if let Some(dir) = shared {
            for eco in ["crates.io", "Go"] {
                let mut files: Vec<PathBuf> =
                    fs::read_dir(dir.join(eco))?.filter_map(|e| e.ok().map(|e| e.path())).collect();
                files.sort();
                for f in files.into_iter().filter(|f| f.extension().is_some_and(|x| x == "json")) {
                    texts.push(fs::read_to_string(f)?);
                }
            }
        }
        if texts.is_empty() {
            eprintln!("note: no shared OSV data; using a built-in template (compression numbers less realistic)");
            texts.push(FALLBACK.to_string());
        }
        let mut templates = Vec::new();
        let mut words = Vec::new();
        for text in &texts {
            let mut v: Value = serde_json::from_str(text)?;
            let details = v.get("details").and_then(Value::as_str).unwrap_or("").to_string();
            for w in details.split_whitespace().chain(v["summary"].as_str().unwrap_or("").split_whitespace()) {
                if words.len() < 200_000 {
                    words.push(w.to_string());
                }
            }
            v["id"] = json!("@@ID@@");
            v["details"] = json!("@@DETAILS@@");
            if let Some(first) = v["affected"].get_mut(0) {
                first["package"] = json!({"ecosystem": "@@ECO@@", "name": "@@NAME@@"});
            }
            let compact = serde_json::to_string(&v)?;
            let (mut parts, mut markers, mut rest) = (Vec::new(), Vec::new(), compact.as_str());
            loop {
                let next = ["\"@@ID@@\"", "\"@@DETAILS@@\"", "\"@@ECO@@\"", "\"@@NAME@@\""]
                    .into_iter()
                    .filter_map(|m| rest.find(m).map(|at| (at, m)))
                    .min();
                let Some((at, m)) = next else { break };
                parts.push(rest[..at].to_string());
                markers.push(m);
                rest = &rest[at + m.len()..];
            }
            parts.push(rest.to_string());
            let base_len = parts.iter().map(String::len).sum();
            templates.push(Template { parts, markers, base_len, details });
        }
        Ok(Generator { templates, words, names, real: texts })
    }

    fn record(&self, i: u64) -> Rec {
        let mut rng = Rng(i ^ 0x5EED);
        // Every package gets one record first (a permutation, so packages are
        // not in order), then the rest go to popular packages (density u²).
        let primary = if i < self.names { (i * 104_729) % self.names } else { self.skewed(&mut rng) };
        let mut keys = vec![package(primary)];
        if rng.unit() < 0.15 {
            let other = package(self.skewed(&mut rng));
            if other != keys[0] {
                keys.push(other);
            }
        }
        let id = format!("GHSA-{:04x}-{:04x}-{:04x}", i >> 32, (i >> 16) & 0xffff, i & 0xffff);
        let t = &self.templates[(i % self.templates.len() as u64) as usize];
        let target = 1024 + rng.below(3072) as usize;
        let budget = target.saturating_sub(t.base_len + id.len() + keys[0].0.len() + keys[0].1.len() + 8);
        let mut details = String::with_capacity(budget + 16);
        for w in t.details.split_whitespace() {
            if details.len() + w.len() + 1 > budget {
                break;
            }
            details.push_str(w);
            details.push(' ');
        }
        while details.len() + 16 < budget {
            details.push_str(&self.words[rng.below(self.words.len() as u64) as usize]);
            details.push(if rng.below(12) == 0 { '\n' } else { ' ' });
        }
        let mut json = String::with_capacity(target + 256);
        for (k, part) in t.parts.iter().enumerate() {
            json.push_str(part);
            match t.markers.get(k) {
                Some(&"\"@@ID@@\"") => json.push_str(&serde_json::to_string(&id).unwrap()),
                Some(&"\"@@DETAILS@@\"") => json.push_str(&serde_json::to_string(details.trim_end()).unwrap()),
                Some(&"\"@@ECO@@\"") => json.push_str(&serde_json::to_string(&keys[0].0).unwrap()),
                Some(&"\"@@NAME@@\"") => json.push_str(&serde_json::to_string(&keys[0].1).unwrap()),
                _ => {}
            }
        }
        Rec { id, keys, json: json.into_bytes() }
    }

    fn skewed(&self, rng: &mut Rng) -> u64 {
        let u = rng.unit();
        ((u * u * self.names as f64) as u64).min(self.names - 1)
    }

}

/// The scan's 10,000 questions: half for existing packages, half misses.
fn queries(names: u64) -> Vec<(String, String)> {
    let mut rng = Rng(0xC0FFEE);
    (0..LOOKUPS)
        .map(|j| {
            if j % 2 == 0 {
                package(rng.below(names))
            } else {
                (ECOSYSTEMS[(j % 8) as usize].to_string(), format!("absent-package-{j}"))
            }
        })
        .collect()
}

const FALLBACK: &str = r#"{"schema_version":"1.6.0","id":"X","modified":"2024-01-01T00:00:00Z","published":"2023-06-01T00:00:00Z","aliases":["CVE-2023-0001"],"summary":"Denial of service in the parser","details":"A crafted input makes the parser allocate without bound, exhausting memory. Upgrade to a fixed release.","affected":[{"package":{"ecosystem":"npm","name":"x"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.2.3"}]}]}],"references":[{"type":"ADVISORY","url":"https://nvd.nist.gov/vuln/detail/CVE-2023-0001"},{"type":"PACKAGE","url":"https://www.npmjs.com/package/x"}],"database_specific":{"severity":"HIGH","cwe_ids":["CWE-400"]}}"#;

// ------------------------------------------------------------------ engines

const SQLITE_FILE: &str = "advisories.sqlite";
const REDB_FILE: &str = "advisories.redb";

const REDB_RECORDS: redb::TableDefinition<u32, &[u8]> = redb::TableDefinition::new("records");
const REDB_KEYS: redb::MultimapTableDefinition<&str, u32> = redb::MultimapTableDefinition::new("keys");

fn source_meta(records: u64) -> ci_sec::db::SourceMeta {
    ci_sec::db::SourceMeta {
        name: "osv".into(),
        updated_at: "2026-01-01T00:00:00Z".into(),
        origin: "synthetic".into(),
        records,
        digest: None,
    }
}

/// Builds a database of `recs` in `dir` with `engine`.
fn build(engine: &str, dir: &Path, recs: &mut dyn Iterator<Item = Rec>) -> Res<u64> {
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir)?;
    let mut n = 0u64;
    match engine {
        "custom" | "custom-raw" | "custom-zstd" => {
            let mode = match engine {
                "custom-raw" => ci_sec::db::Compression::Never,
                "custom-zstd" => ci_sec::db::Compression::Always,
                _ => ci_sec::db::Compression::Auto,
            };
            let mut b = ci_sec::db::StoreBuilder::create(dir)?.compression(mode);
            for r in recs {
                b.add(&ci_sec::db::RecordInput {
                    source: "osv",
                    id: &r.id,
                    modified: Some("2026-01-01T00:00:00Z"),
                    keys: &r.keys,
                    json: &r.json,
                })?;
                n += 1;
            }
            b.set_source(source_meta(n))?;
            b.finish()?;
        }
        "sqlite" => {
            // Built whole under a temporary name in ci-sec's scheme, so no
            // journal is needed; synced once at the end like the others.
            let path = dir.join(SQLITE_FILE);
            let mut conn = rusqlite::Connection::open(&path)?;
            conn.execute_batch(
                "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=4096;
                 CREATE TABLE records(rid INTEGER PRIMARY KEY, id TEXT NOT NULL, source TEXT NOT NULL,
                                      modified TEXT, json BLOB NOT NULL);
                 CREATE TABLE keys(ecosystem TEXT NOT NULL, name TEXT NOT NULL, rid INTEGER NOT NULL);",
            )?;
            let tx = conn.transaction()?;
            {
                let mut ins_rec = tx.prepare("INSERT INTO records VALUES (?1, ?2, 'osv', ?3, ?4)")?;
                let mut ins_key = tx.prepare("INSERT INTO keys VALUES (?1, ?2, ?3)")?;
                for r in recs {
                    ins_rec.execute(rusqlite::params![n as i64, r.id, "2026-01-01T00:00:00Z", r.json])?;
                    for (e, name) in &r.keys {
                        ins_key.execute(rusqlite::params![e, name, n as i64])?;
                    }
                    n += 1;
                }
            }
            tx.execute_batch("CREATE INDEX keys_by_name ON keys(ecosystem, name, rid);")?;
            tx.commit()?;
            drop(conn);
            fs::File::open(&path)?.sync_all()?;
        }
        "redb" => {
            let db = redb::Database::create(dir.join(REDB_FILE))?;
            let tx = db.begin_write()?;
            {
                let mut records = tx.open_table(REDB_RECORDS)?;
                let mut keys = tx.open_multimap_table(REDB_KEYS)?;
                let mut value = Vec::new();
                let mut key = String::new();
                for r in recs {
                    value.clear();
                    value.extend_from_slice(&(r.id.len() as u16).to_le_bytes());
                    value.extend_from_slice(r.id.as_bytes());
                    value.extend_from_slice(&r.json);
                    records.insert(n as u32, value.as_slice())?;
                    for (e, name) in &r.keys {
                        key.clear();
                        key.push_str(e);
                        key.push('\0');
                        key.push_str(name);
                        keys.insert(key.as_str(), n as u32)?;
                    }
                    n += 1;
                }
            }
            tx.commit()?;
        }
        other => return Err(format!("unknown engine {other}").into()),
    }
    Ok(n)
}

/// Opens, then answers `queries`; returns (open s, first lookup s, all lookups s, records, bytes).
fn scan(engine: &str, dir: &Path, queries: &[(String, String)], prefetch: bool) -> Res<(f64, f64, f64, u64, u64)> {
    let (mut records, mut bytes) = (0u64, 0u64);
    let t0 = Instant::now();
    let mut tally = |n: usize, b: usize| {
        records += n as u64;
        bytes += b as u64;
    };
    let (open, first, all);
    match engine {
        "custom" | "custom-raw" => {
            let store = ci_sec::db::Store::open(dir)?;
            if prefetch {
                store.prefetch_index()?;
            }
            open = t0.elapsed().as_secs_f64();
            let mut first_t = None;
            for (e, n) in queries {
                let found = store.lookup(e, n)?;
                tally(found.len(), found.iter().map(|r| r.json.len()).sum());
                first_t.get_or_insert(t0.elapsed().as_secs_f64() - open);
            }
            first = first_t.unwrap_or(0.0);
        }
        "sqlite" => {
            let conn = rusqlite::Connection::open_with_flags(
                dir.join(SQLITE_FILE),
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            let mut stmt = conn.prepare(
                "SELECT r.id, r.source, r.json FROM keys k JOIN records r ON r.rid = k.rid
                 WHERE k.ecosystem = ?1 AND k.name = ?2 ORDER BY k.rid",
            )?;
            open = t0.elapsed().as_secs_f64();
            let mut first_t = None;
            for (e, n) in queries {
                let found: Vec<(String, String, Vec<u8>)> = stmt
                    .query_map([e, n], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
                    .collect::<Result<_, _>>()?;
                tally(found.len(), found.iter().map(|r| r.2.len()).sum());
                first_t.get_or_insert(t0.elapsed().as_secs_f64() - open);
            }
            first = first_t.unwrap_or(0.0);
        }
        "redb" => {
            let db = redb::ReadOnlyDatabase::open(dir.join(REDB_FILE))?;
            let tx = db.begin_read()?;
            let records_t = tx.open_table(REDB_RECORDS)?;
            let keys_t = tx.open_multimap_table(REDB_KEYS)?;
            open = t0.elapsed().as_secs_f64();
            let mut first_t = None;
            let mut key = String::new();
            for (e, n) in queries {
                key.clear();
                key.push_str(e);
                key.push('\0');
                key.push_str(n);
                let mut found: Vec<(String, Vec<u8>)> = Vec::new();
                for rid in keys_t.get(key.as_str())? {
                    let rid = rid?.value();
                    let v = records_t.get(rid)?.ok_or("dangling key")?;
                    let v = v.value();
                    let id_len = u16::from_le_bytes([v[0], v[1]]) as usize;
                    let id = String::from_utf8(v[2..2 + id_len].to_vec())?;
                    found.push((id, v[2 + id_len..].to_vec()));
                }
                tally(found.len(), found.iter().map(|r| r.1.len()).sum());
                first_t.get_or_insert(t0.elapsed().as_secs_f64() - open);
            }
            first = first_t.unwrap_or(0.0);
        }
        other => return Err(format!("unknown engine {other}").into()),
    }
    all = t0.elapsed().as_secs_f64() - open;
    Ok((open, first, all, records, bytes))
}

// ------------------------------------------------------------------- codecs

/// Per-record compression of `recs`: ratio and speeds of each codec.
fn codecs(recs: &[Vec<u8>], train: &[Vec<u8>]) -> Res<Vec<Value>> {
    let raw: usize = recs.iter().map(Vec::len).sum();
    let mut out = Vec::new();
    let t = Instant::now();
    let dict = zstd::dict::from_samples(train, 64 * 1024)?;
    out.push(json!({"codec": "zstd dictionary training", "samples": train.len(),
                    "sample_bytes": train.iter().map(Vec::len).sum::<usize>(),
                    "train_s": t.elapsed().as_secs_f64()}));
    type Enc<'a> = Box<dyn FnMut(&[u8]) -> Res<Vec<u8>> + 'a>;
    type Dec<'a> = Box<dyn FnMut(&[u8], usize) -> Res<Vec<u8>> + 'a>;
    let mut cases: Vec<(String, Enc, Dec)> = vec![
        ("lz4_flex (block)".into(), Box::new(|r| Ok(lz4_flex::block::compress(r))), Box::new(|c, n| Ok(lz4_flex::block::decompress(c, n)?))),
        (
            "miniz_oxide deflate 1".into(),
            Box::new(|r| Ok(miniz_oxide::deflate::compress_to_vec(r, 1))),
            Box::new(|c, _| miniz_oxide::inflate::decompress_to_vec(c).map_err(|e| format!("{e:?}").into())),
        ),
    ];
    for level in [1, 3, 9] {
        cases.push((
            format!("zstd {level}"),
            Box::new(move |r| Ok(zstd::bulk::compress(r, level)?)),
            Box::new(|c, n| Ok(zstd::bulk::decompress(c, n)?)),
        ));
    }
    for level in [1, 3] {
        let mut cd = zstd::bulk::Compressor::with_dictionary(level, &dict)?;
        let mut dd = zstd::bulk::Decompressor::with_dictionary(&dict)?;
        cases.push((
            format!("zstd {level} + {} KiB dictionary", dict.len() / 1024),
            Box::new(move |r| Ok(cd.compress(r)?)),
            Box::new(move |c, n| Ok(dd.decompress(c, n)?)),
        ));
    }
    for (name, mut enc, mut dec) in cases {
        let t = Instant::now();
        let packed: Vec<Vec<u8>> = recs.iter().map(|r| enc(r)).collect::<Res<_>>()?;
        let ct = t.elapsed().as_secs_f64();
        let t = Instant::now();
        for (p, r) in packed.iter().zip(recs) {
            let back = dec(p, r.len())?;
            if back.len() != r.len() {
                return Err(format!("{name}: round trip lost bytes").into());
            }
        }
        let dt = t.elapsed().as_secs_f64();
        let stored: usize = packed.iter().map(Vec::len).sum();
        out.push(json!({
            "codec": name, "ratio": raw as f64 / stored as f64,
            "compress_mb_s": raw as f64 / 1e6 / ct, "decompress_mb_s": raw as f64 / 1e6 / dt,
            "compress_us_per_record": ct * 1e6 / recs.len() as f64,
        }));
    }
    Ok(out)
}

// ------------------------------------------------------------------ driver

fn peak_rss_kb() -> u64 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_string))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0)
}

fn dir_size(dir: &Path) -> u64 {
    fs::read_dir(dir).map_or(0, |d| d.flatten().filter_map(|e| e.metadata().ok()).map(|m| m.len()).sum())
}

/// Drops the database's pages from the page cache (posix_fadvise DONTNEED via dd).
fn evict(dir: &Path) -> Res<()> {
    for e in fs::read_dir(dir)?.flatten() {
        let ok = Command::new("dd")
            .arg(format!("if={}", e.path().display()))
            .args(["iflag=nocache", "count=0", "status=none"])
            .status()?
            .success();
        if !ok {
            return Err("dd iflag=nocache failed".into());
        }
    }
    Ok(())
}

struct Opts {
    records: u64,
    names: u64,
    work: PathBuf,
    shared: Option<PathBuf>,
    engines: Vec<String>,
}

fn parse_opts(args: &[String]) -> Res<Opts> {
    let mut o = Opts {
        records: 500_000,
        names: 200_000,
        work: std::env::temp_dir().join("ci-sec-db-engines"),
        shared: ["../shared/data/osv", "../../../shared/data/osv", "/work/shared/data/osv"]
            .iter()
            .map(PathBuf::from)
            .find(|p| p.is_dir()),
        engines: ["custom", "custom-raw", "sqlite", "redb"].map(String::from).to_vec(),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut val = || it.next().cloned().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--records" => o.records = val()?.parse()?,
            "--names" => o.names = val()?.parse()?,
            "--work" => o.work = val()?.into(),
            "--shared" => o.shared = Some(val()?.into()),
            "--engines" => o.engines = val()?.split(',').map(str::to_string).collect(),
            _ => {}
        }
    }
    Ok(o)
}

fn child(mode: &str, engine: &str, args: &[String]) -> Res<Value> {
    let out = Command::new(std::env::current_exe()?).arg(mode).arg(engine).args(args).output()?;
    if !out.status.success() {
        return Err(format!("{mode} {engine} failed: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    let text = String::from_utf8(out.stdout)?;
    Ok(serde_json::from_str(text.lines().last().ok_or("no output")?)?)
}

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = args.first().map(String::as_str).unwrap_or("run");
    let engine = args.get(1).cloned().unwrap_or_default();
    let o = parse_opts(&args)?;
    let gen_ = || Generator::new(o.shared.as_deref(), o.names);
    match mode {
        "gen" => {
            let g = gen_()?;
            let t = Instant::now();
            let (mut bytes, mut keys) = (0u64, std::collections::HashSet::new());
            for i in 0..o.records {
                let r = g.record(i);
                bytes += r.json.len() as u64;
                keys.extend(r.keys);
            }
            let s = t.elapsed().as_secs_f64();
            println!("{}", json!({"gen_s": s, "json_bytes": bytes, "keys": keys.len(), "templates": g.templates.len()}));
        }
        "build" => {
            let g = gen_()?;
            let dir = o.work.join(&engine);
            let t = Instant::now();
            let n = build(&engine, &dir, &mut (0..o.records).map(|i| g.record(i)))?;
            let s = t.elapsed().as_secs_f64();
            println!("{}", json!({"records": n, "build_s": s, "size": dir_size(&dir), "rss_kb": peak_rss_kb()}));
        }
        "import" => {
            // ~8,000 records held in memory first: times the store alone.
            let g = Generator::new(o.shared.as_deref(), IMPORT_RECORDS * 2 / 5)?;
            let recs: Vec<Rec> = (0..IMPORT_RECORDS).map(|i| g.record(i)).collect();
            let dir = o.work.join(format!("{engine}-import"));
            let t = Instant::now();
            let n = build(&engine, &dir, &mut recs.into_iter())?;
            let s = t.elapsed().as_secs_f64();
            println!("{}", json!({"records": n, "import_s": s, "records_per_s": n as f64 / s}));
        }
        "scan" => {
            let queries = queries(o.names);
            let dir = o.work.join(&engine);
            if args.iter().any(|a| a == "--cold") {
                evict(&dir)?;
            }
            let prefetch = args.iter().any(|a| a == "--prefetch");
            let (open, first, all, records, bytes) = scan(&engine, &dir, &queries, prefetch)?;
            println!(
                "{}",
                json!({"open_s": open, "first_lookup_s": first, "lookups_s": all,
                       "records": records, "bytes": bytes, "rss_kb": peak_rss_kb()})
            );
        }
        "codecs" => {
            let g = gen_()?;
            let sample = (o.records / 10).max(1);
            let recs: Vec<Vec<u8>> = (0..sample).map(|i| g.record(i * 10).json).collect();
            // Dictionary trained on other records than those measured.
            let train: Vec<Vec<u8>> = (0..2000).map(|i| g.record(i * 10 + 5).json).collect();
            let synthetic = codecs(&recs, &train)?;
            // The same on the real records alone: as published (pretty) and
            // compacted; dictionary trained on the even ones, measured on the odd.
            let (mut real_pretty, mut real_compact, mut real_train) = (Vec::new(), Vec::new(), Vec::new());
            for (i, t) in g.real.iter().enumerate() {
                if i % 2 == 0 {
                    real_train.push(t.as_bytes().to_vec());
                } else {
                    real_pretty.push(t.as_bytes().to_vec());
                    real_compact.push(serde_json::to_vec(&serde_json::from_str::<Value>(t)?)?);
                }
            }
            let real_train_compact: Vec<Vec<u8>> = real_train
                .iter()
                .map(|t| Ok(serde_json::to_vec(&serde_json::from_slice::<Value>(t)?)?))
                .collect::<Res<_>>()?;
            println!(
                "{}",
                json!({"sample_records": sample, "codecs": synthetic,
                       "real_records": real_pretty.len(),
                       "real_pretty_bytes": real_pretty.iter().map(Vec::len).sum::<usize>(),
                       "real_compact_bytes": real_compact.iter().map(Vec::len).sum::<usize>(),
                       "real_pretty": codecs(&real_pretty, &real_train)?,
                       "real_compact": codecs(&real_compact, &real_train_compact)?})
            );
        }
        "run" => {
            let rest: Vec<String> = args.iter().skip(1).cloned().collect();
            let mut results = serde_json::Map::new();
            eprintln!("generator baseline…");
            results.insert("gen".into(), child("gen", "-", &rest)?);
            let mut per_engine = serde_json::Map::new();
            for e in &o.engines {
                eprintln!("{e}: build…");
                let b = child("build", e, &rest)?;
                eprintln!("{e}: {b}\n{e}: cold scan…");
                let cold_args: Vec<String> = rest.iter().cloned().chain(["--cold".to_string()]).collect();
                let cold = child("scan", e, &cold_args)?;
                eprintln!("{e}: {cold}\n{e}: warm scan…");
                let warm = child("scan", e, &rest)?;
                eprintln!("{e}: {warm}\n{e}: import of {IMPORT_RECORDS}…");
                let imp = child("import", e, &rest)?;
                eprintln!("{e}: {imp}");
                let mut row = json!({"build": b, "cold": cold, "warm": warm, "import": imp});
                if e == "custom" {
                    let args: Vec<String> = cold_args.iter().cloned().chain(["--prefetch".to_string()]).collect();
                    row["cold_prefetch"] = child("scan", e, &args)?;
                    eprintln!("{e}: cold with prefetch {}", row["cold_prefetch"]);
                    row["import_always_compressed"] = child("import", "custom-zstd", &rest)?;
                    eprintln!("{e}: import, always compressed {}", row["import_always_compressed"]);
                }
                per_engine.insert(e.clone(), row);
            }
            results.insert("engines".into(), Value::Object(per_engine));
            eprintln!("codecs…");
            results.insert("codecs".into(), child("codecs", "-", &rest)?);
            let text = serde_json::to_string_pretty(&Value::Object(results))?;
            fs::create_dir_all(&o.work)?;
            fs::write(o.work.join("results.json"), &text)?;
            println!("{text}");
            check_agreement(&text)?;
        }
        other => return Err(format!("unknown mode {other}; use run|gen|build|scan|import|codecs").into()),
    }
    Ok(())
}

/// Every engine must have returned the same records for the same questions.
fn check_agreement(text: &str) -> Res<()> {
    let v: Value = serde_json::from_str(text)?;
    let mut seen: HashMap<(u64, u64), Vec<String>> = HashMap::new();
    for (name, e) in v["engines"].as_object().ok_or("no engines")? {
        for phase in ["cold", "warm"] {
            let key = (e[phase]["records"].as_u64().unwrap_or(0), e[phase]["bytes"].as_u64().unwrap_or(0));
            seen.entry(key).or_default().push(format!("{name}/{phase}"));
        }
    }
    if seen.len() != 1 {
        return Err(format!("engines disagree on the lookup results: {seen:?}").into());
    }
    eprintln!("all engines returned the same records");
    Ok(())
}
