//! OSV `all.zip` dumps (one record per entry, as OSV.dev publishes them per
//! ecosystem), read defensively: entries are read in memory only (never
//! extracted, so path traversal cannot write anywhere), each entry and the
//! whole archive are size-capped on the bytes actually inflated (a lying
//! header cannot get past the cap), and a suspicious compression ratio is
//! refused as a decompression bomb.

use std::io::Read;
use std::path::Path;

use super::{is_record_file, parse_record, LoadReport};
use crate::advisory::osv::Record;

/// Largest record accepted (real ones are < 1 MB).
pub const MAX_ENTRY_BYTES: u64 = 16 * 1024 * 1024;
/// Largest total of inflated bytes accepted from one archive.
pub const MAX_TOTAL_BYTES: u64 = 8 * 1024 * 1024 * 1024;
/// Most entries accepted (OSV's largest dumps hold a few hundred thousand).
pub const MAX_ENTRIES: usize = 5_000_000;
/// Inflated/compressed ratio above which an entry is a bomb (JSON compresses
/// ~10×; 200× is far outside anything real).
pub const MAX_RATIO: u64 = 200;

#[derive(Debug, thiserror::Error)]
pub enum ZipError {
    #[error("{path}: {message}")]
    Archive { path: String, message: String },
}

pub fn load(path: &Path) -> Result<(Vec<Record>, LoadReport), ZipError> {
    let file = std::fs::File::open(path)
        .map_err(|e| ZipError::Archive { path: path.display().to_string(), message: e.to_string() })?;
    load_from(std::io::BufReader::new(file), &path.display().to_string())
}

/// Reads a dump already in memory (a download), named `label` in errors.
pub fn load_bytes(bytes: &[u8], label: &str) -> Result<(Vec<Record>, LoadReport), ZipError> {
    load_from(std::io::Cursor::new(bytes), label)
}

fn load_from<R: Read + std::io::Seek>(reader: R, label: &str) -> Result<(Vec<Record>, LoadReport), ZipError> {
    let fail = |message: String| ZipError::Archive { path: label.to_string(), message };
    let mut archive = zip::ZipArchive::new(reader).map_err(|e| fail(e.to_string()))?;
    if archive.len() > MAX_ENTRIES {
        return Err(fail(format!("{} entries is over the {MAX_ENTRIES}-entry limit", archive.len())));
    }
    let mut report = LoadReport::default();
    let mut records = Vec::with_capacity(archive.len());
    let mut total: u64 = 0;
    let mut buf = Vec::new();
    for i in 0..archive.len() {
        let mut entry = match archive.by_index(i) {
            Ok(e) => e,
            Err(e) => {
                report.reject(format!("entry {i}"), e.to_string());
                continue;
            }
        };
        let name = match entry.name() {
            Ok(n) => n.to_string(),
            Err(e) => {
                report.reject(format!("entry {i}"), e.to_string());
                continue;
            }
        };
        if entry.is_dir() || !is_record_file(name.rsplit('/').next().unwrap_or(&name)) {
            continue;
        }
        if entry.size() > MAX_ENTRY_BYTES {
            report.reject(&name, format!("{} bytes is over the {MAX_ENTRY_BYTES}-byte limit", entry.size()));
            continue;
        }
        if entry.compressed_size() > 0 && entry.size() / entry.compressed_size().max(1) > MAX_RATIO && entry.size() > 1 << 20 {
            report.reject(&name, "compression ratio of a decompression bomb");
            continue;
        }
        buf.clear();
        // Read one byte past the cap to notice a header that lied about the size.
        let read = (&mut entry).take(MAX_ENTRY_BYTES + 1).read_to_end(&mut buf);
        match read {
            Ok(n) if n as u64 > MAX_ENTRY_BYTES => {
                report.reject(&name, "inflates past the entry size limit");
                continue;
            }
            Ok(n) => total += n as u64,
            Err(e) => {
                report.reject(&name, e.to_string());
                continue;
            }
        }
        if total > MAX_TOTAL_BYTES {
            return Err(fail(format!("inflates past {MAX_TOTAL_BYTES} bytes in total; refusing (decompression bomb?)")));
        }
        match parse_record(&name, &buf) {
            Ok(rec) => {
                if rec.is_withdrawn() {
                    report.withdrawn += 1;
                }
                report.records += 1;
                records.push(rec);
            }
            Err(why) => report.reject(&name, why),
        }
    }
    Ok((records, report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn write_zip(path: &Path, entries: &[(&str, &[u8])]) {
        let file = std::fs::File::create(path).unwrap();
        let mut zip = zip::ZipWriter::new(file);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in entries {
            zip.start_file(*name, opts).unwrap();
            zip.write_all(data).unwrap();
        }
        zip.finish().unwrap();
    }

    #[test]
    fn reads_records_and_counts_bad_entries() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("all.zip");
        write_zip(
            &path,
            &[
                ("GHSA-1.json", br#"{"id":"GHSA-1"}"#),
                ("../../etc/evil.json", br#"{"id":"GHSA-2"}"#),
                ("bad.json", b"{"),
                ("notes.txt", b"ignored"),
            ],
        );
        let (records, report) = load(&path).unwrap();
        // The traversal name is harmless: nothing is written to disk.
        assert_eq!(records.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["GHSA-1", "GHSA-2"]);
        assert_eq!(report.rejected, 1);
    }

    #[test]
    fn bombs_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bomb.zip");
        let zeros = vec![b' '; 40 * 1024 * 1024];
        write_zip(&path, &[("BOMB-1.json", &zeros)]);
        let (records, report) = load(&path).unwrap();
        assert!(records.is_empty());
        assert_eq!(report.rejected, 1, "{}", report.summary());
    }

    #[test]
    fn not_a_zip_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("all.zip");
        std::fs::write(&path, b"garbage").unwrap();
        let err = load(&path).unwrap_err().to_string();
        assert!(err.contains("all.zip"), "{err}");
    }
}
