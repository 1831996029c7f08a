//! OSV records in a directory tree (`*.json`, `*.yaml`, `*.yml`), read in
//! parallel. Symbolic links are not followed, so a checkout cannot point the
//! loader at files outside it.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::{is_record_file, parse_record, LoadReport};
use crate::advisory::osv::Record;

/// Records larger than this are rejected unread (real ones are < 1 MB).
pub const MAX_RECORD_BYTES: u64 = 16 * 1024 * 1024;

/// A parsed record, or `(file, why)` it was rejected.
type FileResult = Result<Record, (String, String)>;

pub fn load(dir: &Path) -> Result<(Vec<Record>, LoadReport), std::io::Error> {
    let mut files = Vec::new();
    collect(dir, &mut files, 0)?;
    files.sort();
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, FileResult)>> = Mutex::new(Vec::with_capacity(files.len()));
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(files.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                // One read buffer per thread, reused: no allocation (and no
                // heap growth) per file.
                let mut buf = Vec::with_capacity(64 * 1024);
                let mut local = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    local.push((i, read_one(path, &mut buf)));
                }
                if let Ok(mut out) = results.lock() {
                    out.extend(local);
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_default();
    results.sort_by_key(|(i, _)| *i);
    let mut report = LoadReport::default();
    let mut records = Vec::with_capacity(results.len());
    for (_, r) in results {
        match r {
            Ok(rec) => {
                if rec.is_withdrawn() {
                    report.withdrawn += 1;
                }
                report.records += 1;
                records.push(rec);
            }
            Err((what, why)) => report.reject(what, why),
        }
    }
    Ok((records, report))
}

fn read_one(path: &Path, bytes: &mut Vec<u8>) -> FileResult {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
    let fail = |why: String| (path.display().to_string(), why);
    // Read at most one byte past the cap: no separate stat, and a file that
    // grows while being read cannot get past the limit.
    bytes.clear();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_RECORD_BYTES + 1).read_to_end(bytes))
        .map_err(|e| fail(e.to_string()))?;
    if bytes.len() as u64 > MAX_RECORD_BYTES {
        return Err(fail(format!("larger than the {MAX_RECORD_BYTES}-byte limit")));
    }
    parse_record(&name, bytes).map_err(fail)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) -> Result<(), std::io::Error> {
    if depth > 32 {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let ty = entry.file_type()?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if ty.is_dir() && !name.starts_with('.') {
            collect(&entry.path(), out, depth + 1)?;
        } else if ty.is_file() && is_record_file(&name) {
            out.push(entry.path());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_records_are_counted_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("GHSA-ok.json"), r#"{"id":"GHSA-ok","affected":[]}"#).unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/PYSEC-1.yaml"), "id: PYSEC-1\nwithdrawn: 2024-01-01T00:00:00Z\n").unwrap();
        std::fs::write(dir.path().join("broken.json"), "{\"id\": ").unwrap();
        std::fs::write(dir.path().join("noid.json"), "{\"summary\": \"x\"}").unwrap();
        std::fs::write(dir.path().join("README.md"), "not a record").unwrap();
        let (records, report) = load(dir.path()).unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!((report.records, report.withdrawn, report.rejected), (2, 1, 2));
        assert!(report.summary().contains("broken.json"), "{}", report.summary());
    }
}
