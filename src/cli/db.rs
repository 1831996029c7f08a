//! `ci-sec db`: the local advisory database (`update`, `import`, `status`).
//!
//! The database is a set of named sources (`osv:npm`, `osv:PyPI`, `rustsec`,
//! `import:<name>`). Every update or import builds a complete new database
//! next to the old one (the records of sources not being replaced are carried
//! over) and swaps it in atomically, so an interrupted or failed run leaves the
//! previous database intact.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::args::{DbArgs, DbCommand, GlobalArgs};
use super::exit;
use super::output::Ui;
use crate::advisory::index::keys_of;
use crate::advisory::osv::Record;
use crate::advisory::source::{git, load_path, rustsec, zip};
use crate::db::{resolve_db_dir, RecordInput, SourceMeta, Store, StoreBuilder};
use crate::net::http::{Client, ClientOptions};

/// OSV.dev's bucket of per-ecosystem dumps; `CI_SEC_OSV_DUMPS` overrides it
/// (mirrors, tests).
pub const OSV_DUMPS: &str = "https://osv-vulnerabilities.storage.googleapis.com";

/// The ecosystems `db update` fetches by default.
pub const DEFAULT_ECOSYSTEMS: &[&str] = &[
    "crates.io", "npm", "PyPI", "Go", "Maven", "RubyGems", "Packagist", "NuGet", "Debian", "Ubuntu", "Alpine",
    "AlmaLinux", "Rocky Linux", "SUSE", "openSUSE", "Wolfi", "Chainguard",
];

pub fn run(_global: &GlobalArgs, args: &DbArgs, ui: &Ui) -> anyhow::Result<u8> {
    let dir = resolve_db_dir(args.db.as_deref())?;
    match &args.command {
        DbCommand::Status => status(&dir),
        DbCommand::Import { paths, name } => {
            let mut fresh = Vec::new();
            for path in paths {
                let (records, report, origin) = load_path(path)?;
                let source = name.clone().unwrap_or_else(|| format!("import:{}", source_label(path)));
                ui.info(&format!("{}: {}", path.display(), report.summary()));
                fresh.push((source, origin, records));
            }
            rebuild(&dir, fresh, ui)?;
            Ok(exit::OK)
        }
        DbCommand::Update { sources, rustsec_url } => {
            let client = Client::new(ClientOptions::default())?;
            let base = std::env::var("CI_SEC_OSV_DUMPS").unwrap_or_else(|_| OSV_DUMPS.to_string());
            let wanted: Vec<String> = if sources.is_empty() {
                DEFAULT_ECOSYSTEMS.iter().map(|e| format!("osv:{e}")).collect()
            } else {
                sources.clone()
            };
            let mut fresh = Vec::new();
            for source in &wanted {
                if source == "rustsec" {
                    let checkout = dir.with_file_name("rustsec-advisory-db");
                    let commit = git::sync(rustsec_url, &checkout)
                        .with_context(|| "RustSec advisory-db (over the internet, `--source osv:crates.io` carries the same data)")?;
                    let (records, report) = rustsec::load(&checkout)?;
                    ui.info(&format!("rustsec @ {}: {}", &commit[..commit.len().min(12)], report.summary()));
                    fresh.push(("rustsec".to_string(), format!("{rustsec_url}@{commit}"), records));
                    continue;
                }
                let Some(ecosystem) = source.strip_prefix("osv:") else {
                    anyhow::bail!("unknown source {source:?}: use osv:<Ecosystem> (e.g. osv:npm) or rustsec");
                };
                let url = format!("{}/{}/all.zip", base.trim_end_matches('/'), ecosystem.replace(' ', "%20"));
                let bytes = download(&client, &url, source, ui)?;
                let (records, report) = zip::load_bytes(&bytes, &url)?;
                ui.info(&format!("{source}: {}", report.summary()));
                fresh.push((source.clone(), url, records));
            }
            rebuild(&dir, fresh, ui)?;
            Ok(exit::OK)
        }
    }
}

fn source_label(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "input".into())
}

fn download(client: &Client, url: &str, label: &str, ui: &Ui) -> anyhow::Result<Vec<u8>> {
    let tty = std::io::stderr().is_terminal() && !ui.quiet;
    let mut last = 0u64;
    let bytes = client.get(url, &mut |n, total| {
        if tty && n - last >= 1 << 20 {
            last = n;
            match total {
                Some(t) => eprint!("\r{label}: {:.1} / {:.1} MB", n as f64 / 1e6, t as f64 / 1e6),
                None => eprint!("\r{label}: {:.1} MB", n as f64 / 1e6),
            }
        }
    })?;
    if tty {
        eprintln!();
    }
    Ok(bytes)
}

/// Builds the new database: fresh sources, plus the records of every other
/// source of the current database, carried over unchanged.
fn rebuild(dir: &Path, fresh: Vec<(String, String, Vec<Record>)>, ui: &Ui) -> anyhow::Result<()> {
    let now = crate::sbom::time::rfc3339(crate::sbom::time::creation_time());
    let mut builder = StoreBuilder::create(dir)?;
    let replaced: Vec<&str> = fresh.iter().map(|(s, _, _)| s.as_str()).collect();
    if let Ok(old) = Store::open(dir) {
        for meta in old.sources().iter().filter(|m| !replaced.contains(&m.name.as_str())) {
            let mut carried = 0u64;
            for rec in old.records_of(&meta.name)? {
                let record = match Record::from_json(&rec.json) {
                    Ok(r) => r,
                    Err(_) => continue,
                };
                add(&mut builder, &meta.name, &record, &rec.json)?;
                carried += 1;
            }
            builder.set_source(SourceMeta { records: carried, ..meta.clone() })?;
            ui.detail(&format!("kept {carried} records of {}", meta.name));
        }
    }
    for (source, origin, records) in fresh {
        let mut count = 0u64;
        for (record, json) in records.iter().zip(compact_json(&records)?) {
            add(&mut builder, &source, record, &json)?;
            count += 1;
        }
        builder.set_source(SourceMeta { name: source, updated_at: now.clone(), origin, records: count, digest: None })?;
    }
    let total = builder.len();
    builder.finish()?;
    ui.info(&format!("advisory database at {}: {total} records", dir.display()));
    Ok(())
}

/// Every record as compact JSON, serialised on all cores (it is the largest
/// single-threaded cost of an import otherwise).
fn compact_json(records: &[Record]) -> anyhow::Result<Vec<Vec<u8>>> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).max(1);
    let chunk = records.len().div_ceil(workers).max(1);
    let parts: Vec<Result<Vec<Vec<u8>>, serde_json::Error>> = std::thread::scope(|s| {
        let handles: Vec<_> = records
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(serde_json::to_vec).collect::<Result<Vec<_>, _>>()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Ok(Vec::new()))).collect()
    });
    let mut out = Vec::with_capacity(records.len());
    for part in parts {
        out.extend(part?);
    }
    Ok(out)
}

fn add(builder: &mut StoreBuilder, source: &str, record: &Record, json: &[u8]) -> anyhow::Result<()> {
    let keys = keys_of(record);
    builder.add(&RecordInput { source, id: &record.id, modified: record.modified.as_deref(), keys: &keys, json })?;
    Ok(())
}

fn status(dir: &Path) -> anyhow::Result<u8> {
    let store = Store::open(dir)?;
    let mut out = format!("database: {}\nbuilt:    {} ({})\nrecords:  {}\n\nsources:\n", dir.display(), store.built_at(), age_text(store.built_at()), store.record_count());
    for s in store.sources() {
        out.push_str(&format!("  {:<20} {:>8} records  updated {}  from {}\n", s.name, s.records, s.updated_at, s.origin));
    }
    out.push_str("\nrecords per ecosystem:\n");
    for (eco, n) in store.counts_by_ecosystem() {
        out.push_str(&format!("  {eco:<24} {n:>8}\n"));
    }
    print!("{out}");
    Ok(exit::OK)
}

/// Seconds since an RFC 3339 UTC timestamp, when it parses.
pub fn age_seconds(rfc3339: &str) -> Option<i64> {
    let ts = crate::model::date::Timestamp::parse(rfc3339).ok()?;
    Some(crate::sbom::time::now_seconds() - ts.secs)
}

fn age_text(rfc3339: &str) -> String {
    match age_seconds(rfc3339) {
        Some(s) if s < 3600 => format!("{} minutes ago", s / 60),
        Some(s) if s < 86_400 * 2 => format!("{} hours ago", s / 3600),
        Some(s) => format!("{} days ago", s / 86_400),
        None => "age unknown".into(),
    }
}

/// The database directory a scan uses.
pub fn scan_db_dir(cli: Option<&Path>) -> anyhow::Result<PathBuf> {
    Ok(resolve_db_dir(cli)?)
}
