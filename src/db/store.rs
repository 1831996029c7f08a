//! Building ([`StoreBuilder`]) and reading ([`Store`]) the advisory
//! database file described in `src/db/format.rs`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::{self, File};
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use super::DbError;
use super::codec::{self, Decoder, Encoder};
use super::format::{
    BUCKET_LEN, Codec, Cursor, FILE_NAME, FORMAT_VERSION, HEADER_LEN, Header, MAGIC, MAX_RECORD_LEN,
    POSTING_LEN, key_hash, read_u32, read_u64,
};

/// Temporary files of builds that died (power loss, SIGKILL) are removed by
/// the next build once they are this old; younger ones may belong to a build
/// still running in another process.
const STALE_TEMP_AGE: Duration = Duration::from_secs(3600);

/// One record to store. `keys` lists every (ecosystem, package name) the
/// record affects, already normalised by the caller: lookups compare bytes.
#[derive(Debug, Clone, Copy)]
pub struct RecordInput<'a> {
    /// Name of the feed the record came from (see [`SourceMeta::name`]).
    pub source: &'a str,
    /// The OSV `id`; unique within a source.
    pub id: &'a str,
    /// The OSV `modified` timestamp, kept as given.
    pub modified: Option<&'a str>,
    /// (ecosystem, normalised name) pairs; duplicates are harmless.
    pub keys: &'a [(String, String)],
    /// The record, stored byte for byte.
    pub json: &'a [u8],
}

/// Where a set of records came from and how fresh it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceMeta {
    /// Short name that [`RecordInput::source`] refers to, e.g. `osv`.
    pub name: String,
    /// When the source was last updated (RFC 3339).
    pub updated_at: String,
    /// URL or local path the records were read from.
    pub origin: String,
    /// Number of records the source supplied.
    pub records: u64,
    /// Digest of what was downloaded, when known (e.g. `sha256:…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
}

/// One record as returned by [`Store::lookup`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRecord {
    pub id: String,
    pub source: String,
    pub modified: Option<String>,
    pub json: Vec<u8>,
}

/// The META section.
#[derive(Debug, Serialize, Deserialize)]
struct Meta {
    built_at: String,
    codec: String,
    records: u64,
    keys: u64,
    /// Indexed by the `source` field of each record blob.
    source_names: Vec<String>,
    sources: Vec<SourceMeta>,
    /// Records affecting at least one package of each ecosystem.
    counts_by_ecosystem: Vec<(String, u64)>,
}

/// Whether a build compresses records (see `src/db/codec.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Compression {
    /// Compress once the records add up to 32 MiB (~13,000 OSV records):
    /// large databases shrink ~3–4×, small imports stay fast.
    #[default]
    Auto,
    /// Always compress, whatever the size.
    Always,
    /// Store records as given.
    Never,
}

/// Builds a new database next to the current one and swaps it in on
/// [`finish`](StoreBuilder::finish). Dropping a builder without finishing
/// removes its temporary file and leaves the current database as it was.
pub struct StoreBuilder {
    dir: PathBuf,
    tmp_path: PathBuf,
    /// `None` once the temporary file is gone (renamed or removed).
    out: Option<BufWriter<File>>,
    /// Set by a failed write: the temporary file is incomplete.
    poisoned: bool,
    pos: u64,
    /// `ecosystem 0xFF name` → indices of the records affecting it.
    keys: HashMap<Vec<u8>, Vec<u32>>,
    ids: HashSet<(u16, Box<str>)>,
    source_names: Vec<String>,
    source_index: HashMap<String, u16>,
    sources: BTreeMap<String, SourceMeta>,
    eco_counts: BTreeMap<String, u64>,
    /// Offset of each written record blob, by record index.
    record_offsets: Vec<u64>,
    compression: Compression,
    /// Record payloads held back until the dictionary is trained.
    pending: Vec<Vec<u8>>,
    pending_bytes: usize,
    /// Set once the dictionary is trained (or training was given up).
    encoder: Option<Encoder>,
    dict: Vec<u8>,
    scratch: Vec<u8>,
    payload: Vec<u8>,
    blob: Vec<u8>,
    #[cfg(test)]
    fail_before_rename: bool,
}

impl StoreBuilder {
    /// Starts a build for the database in `dir` (created if needed). The
    /// records go to a temporary file in `dir` until [`finish`](Self::finish).
    pub fn create(dir: &Path) -> Result<StoreBuilder, DbError> {
        fs::create_dir_all(dir).map_err(|e| io_err(dir, "create the database directory", e))?;
        remove_stale_temps(dir);
        let nanos = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let tmp_path = dir.join(format!(".{FILE_NAME}.{}.{nanos}.tmp", std::process::id()));
        let file = File::options()
            .write(true)
            .create_new(true)
            .open(&tmp_path)
            .map_err(|e| io_err(&tmp_path, "create the temporary database file", e))?;
        let mut builder = StoreBuilder {
            dir: dir.to_path_buf(),
            tmp_path,
            out: Some(BufWriter::with_capacity(1 << 20, file)),
            poisoned: false,
            pos: 0,
            keys: HashMap::new(),
            ids: HashSet::new(),
            source_names: Vec::new(),
            source_index: HashMap::new(),
            sources: BTreeMap::new(),
            eco_counts: BTreeMap::new(),
            record_offsets: Vec::new(),
            compression: Compression::Auto,
            pending: Vec::new(),
            pending_bytes: 0,
            encoder: None,
            dict: Vec::new(),
            scratch: Vec::new(),
            payload: Vec::new(),
            blob: Vec::new(),
            #[cfg(test)]
            fail_before_rename: false,
        };
        // Room for the header, written last.
        builder.write(&[0u8; HEADER_LEN])?;
        Ok(builder)
    }

    /// Adds one record. An invalid record is rejected with an error and the
    /// build can go on; an I/O error ends the build (later calls fail too).
    pub fn add(&mut self, rec: &RecordInput<'_>) -> Result<(), DbError> {
        self.check_record(rec)?;
        let source = match self.source_index.get(rec.source) {
            Some(&i) => i,
            None => {
                let i = u16::try_from(self.source_names.len())
                    .map_err(|_| self.invalid(rec, "more than 65535 sources"))?;
                self.source_names.push(rec.source.to_string());
                self.source_index.insert(rec.source.to_string(), i);
                i
            }
        };
        if !self.ids.insert((source, rec.id.into())) {
            return Err(DbError::DuplicateRecord {
                path: self.dir.clone(),
                source_name: rec.source.to_string(),
                id: rec.id.to_string(),
            });
        }

        let index = u32::try_from(self.len()).map_err(|_| self.invalid(rec, "more than 4294967295 records"))?;
        let modified = rec.modified.unwrap_or("");
        // Lengths were checked by check_record.
        let mut payload = std::mem::take(&mut self.payload);
        payload.clear();
        payload.extend_from_slice(&(rec.id.len() as u16).to_le_bytes());
        payload.extend_from_slice(rec.id.as_bytes());
        payload.extend_from_slice(&(modified.len() as u16).to_le_bytes());
        payload.extend_from_slice(modified.as_bytes());
        payload.extend_from_slice(&source.to_le_bytes());
        payload.extend_from_slice(rec.json);
        let stored = if self.compression != Compression::Never && self.encoder.is_none() {
            self.pending_bytes += payload.len();
            self.pending.push(payload.clone());
            let enough = match self.compression {
                Compression::Always => {
                    self.pending.len() >= codec::SAMPLE_RECORDS || self.pending_bytes >= codec::SAMPLE_BYTES
                }
                _ => self.pending_bytes >= codec::AUTO_FROM_BYTES,
            };
            if enough { self.start_encoder() } else { Ok(()) }
        } else {
            self.write_record(&payload)
        };
        self.payload = payload;
        stored?;

        let mut ecosystems: Vec<&str> = Vec::with_capacity(rec.keys.len());
        for (eco, name) in rec.keys {
            self.scratch.clear();
            self.scratch.extend_from_slice(eco.as_bytes());
            self.scratch.push(0xFF);
            self.scratch.extend_from_slice(name.as_bytes());
            match self.keys.get_mut(self.scratch.as_slice()) {
                Some(list) if list.last() == Some(&index) => {}
                Some(list) => list.push(index),
                None => {
                    self.keys.insert(self.scratch.clone(), vec![index]);
                }
            }
            if !ecosystems.contains(&eco.as_str()) {
                ecosystems.push(eco);
            }
        }
        for eco in ecosystems {
            match self.eco_counts.get_mut(eco) {
                Some(n) => *n += 1,
                None => {
                    self.eco_counts.insert(eco.to_string(), 1);
                }
            }
        }
        Ok(())
    }

    /// Describes a source; a second call for the same name replaces the first.
    /// Every source that records were added for must be described before
    /// [`finish`](Self::finish).
    pub fn set_source(&mut self, meta: SourceMeta) -> Result<(), DbError> {
        let reason = if meta.name.is_empty() {
            Some("empty name".to_string())
        } else if !is_rfc3339(&meta.updated_at) {
            Some(format!("updated_at {:?} is not an RFC 3339 timestamp", meta.updated_at))
        } else {
            None
        };
        if let Some(reason) = reason {
            return Err(DbError::InvalidSource { path: self.dir.clone(), name: meta.name, reason });
        }
        self.sources.insert(meta.name.clone(), meta);
        Ok(())
    }

    /// Chooses whether records are compressed (default [`Compression::Auto`]).
    /// Ignored once records were added.
    pub fn compression(mut self, compression: Compression) -> Self {
        if self.is_empty() {
            self.compression = compression;
        }
        self
    }

    /// Number of records added so far.
    pub fn len(&self) -> usize {
        self.record_offsets.len() + self.pending.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Trains the dictionary on the records held back, then writes them.
    fn start_encoder(&mut self) -> Result<(), DbError> {
        let pending = std::mem::take(&mut self.pending);
        self.pending_bytes = 0;
        self.dict = codec::train(&pending).unwrap_or_default();
        let dict = (!self.dict.is_empty()).then_some(self.dict.as_slice());
        let encoder = Encoder::new(dict).map_err(|e| self.fail(e))?;
        self.encoder = Some(encoder);
        for payload in pending {
            self.write_record(&payload)?;
        }
        Ok(())
    }

    /// Writes one record blob: the payload's length, then the payload,
    /// compressed or not.
    fn write_record(&mut self, payload: &[u8]) -> Result<(), DbError> {
        let mut blob = std::mem::take(&mut self.blob);
        blob.clear();
        // check_record bounds the JSON well below 4 GiB.
        blob.extend_from_slice(&(payload.len() as u32).to_le_bytes());
        let encoded = match self.encoder.as_mut() {
            Some(encoder) => encoder.compress(payload, &mut blob),
            _ => {
                blob.extend_from_slice(payload);
                Ok(())
            }
        };
        let offset = self.pos;
        let written = match encoded {
            Ok(()) => self.write(&blob),
            Err(e) => Err(self.fail(e)),
        };
        self.blob = blob;
        written?;
        self.record_offsets.push(offset);
        Ok(())
    }

    /// Marks the build failed after an error that left the file incomplete.
    fn fail(&mut self, e: io::Error) -> DbError {
        self.poisoned = true;
        io_err(&self.tmp_path, "compress a record", e)
    }

    /// Writes the index and metadata, syncs the file and renames it over the
    /// current database. Until the rename the previous database is intact;
    /// on any error the temporary file is removed.
    pub fn finish(mut self) -> Result<(), DbError> {
        if self.poisoned {
            return Err(self.io_poisoned());
        }
        if let Some(name) = self.source_names.iter().find(|n| !self.sources.contains_key(*n)) {
            return Err(DbError::MissingSourceMeta { path: self.dir.clone(), name: name.clone() });
        }
        if self.encoder.is_none() {
            if self.compression == Compression::Always {
                self.start_encoder()?;
            } else {
                // Auto below its threshold: the records are written as given.
                for payload in std::mem::take(&mut self.pending) {
                    self.write_record(&payload)?;
                }
            }
        }
        let data_end = self.pos;
        let codec = if self.encoder.is_some() { Codec::Zstd } else { Codec::None };
        let mut offsets = std::mem::take(&mut self.record_offsets);
        offsets.push(data_end);
        let blob_span = |i: u32| -> Option<(u64, u32)> {
            let start = *offsets.get(i as usize)?;
            let end = *offsets.get(i as usize + 1)?;
            Some((start, u32::try_from(end - start).ok()?))
        };

        // KEYS, sorted by (ecosystem, name) so the file is deterministic.
        let mut keys: Vec<(Vec<u8>, Vec<u32>)> = std::mem::take(&mut self.keys).into_iter().collect();
        keys.sort_unstable_by(|a, b| split_key(&a.0).cmp(&split_key(&b.0)));
        let keys_off = self.pos;
        let mut slots = Vec::with_capacity(keys.len());
        let mut entry = Vec::new();
        for (key, postings) in &keys {
            let (eco, name) = split_key(key);
            let (Ok(eco_len), Ok(name_len), Ok(count)) =
                (u16::try_from(eco.len()), u16::try_from(name.len()), u32::try_from(postings.len()))
            else {
                return Err(self.corrupt_input("index entry too large"));
            };
            entry.clear();
            entry.extend_from_slice(&eco_len.to_le_bytes());
            entry.extend_from_slice(&name_len.to_le_bytes());
            entry.extend_from_slice(eco);
            entry.extend_from_slice(name);
            entry.extend_from_slice(&count.to_le_bytes());
            for &index in postings {
                let Some((off, len)) = blob_span(index) else {
                    return Err(self.corrupt_input("record larger than 4 GiB"));
                };
                entry.extend_from_slice(&off.to_le_bytes());
                entry.extend_from_slice(&len.to_le_bytes());
            }
            slots.push((key_hash(eco, name), self.pos));
            self.write(&entry)?;
        }
        let keys_len = self.pos - keys_off;
        let key_count = keys.len() as u64;
        drop(keys);

        // HASH: at most half full, so probes stay short.
        let buckets = (slots.len() * 2).next_power_of_two().max(2);
        let mask = buckets - 1;
        let mut table = vec![(0u64, 0u64); buckets];
        for (hash, off) in slots {
            let mut i = (hash as usize) & mask;
            while table[i].0 != 0 {
                i = (i + 1) & mask;
            }
            table[i] = (hash, off);
        }
        let hash_off = self.pos;
        let mut bytes = Vec::with_capacity(buckets * BUCKET_LEN);
        for (hash, off) in &table {
            bytes.extend_from_slice(&hash.to_le_bytes());
            bytes.extend_from_slice(&off.to_le_bytes());
        }
        self.write(&bytes)?;
        drop(table);

        // RECORDS: blob offsets, then the end of DATA.
        let records_off = self.pos;
        bytes.clear();
        for off in &offsets {
            bytes.extend_from_slice(&off.to_le_bytes());
        }
        self.write(&bytes)?;
        drop(bytes);
        let record_count = offsets.len() as u64 - 1;
        drop(offsets);

        let dict_off = self.pos;
        let dict = std::mem::take(&mut self.dict);
        self.write(&dict)?;

        let meta = Meta {
            built_at: crate::sbom::time::rfc3339(crate::sbom::time::creation_time()),
            codec: codec.name().to_string(),
            records: record_count,
            keys: key_count,
            source_names: self.source_names.clone(),
            sources: self.sources.values().cloned().collect(),
            counts_by_ecosystem: self.eco_counts.iter().map(|(k, v)| (k.clone(), *v)).collect(),
        };
        let meta_json = serde_json::to_vec(&meta).map_err(|e| self.corrupt_input(&e.to_string()))?;
        let meta_off = self.pos;
        self.write(&meta_json)?;

        let header = Header {
            codec: codec.id(),
            file_len: self.pos,
            record_count,
            key_count,
            keys_off,
            keys_len,
            hash_off,
            hash_buckets: buckets as u64,
            records_off,
            meta_off,
            meta_len: meta_json.len() as u64,
            dict_off,
            dict_len: dict.len() as u64,
        };
        let Some(out) = self.out.as_mut() else {
            return Err(self.io_poisoned());
        };
        let synced = out
            .flush()
            .and_then(|()| out.get_mut().seek(SeekFrom::Start(0)))
            .and_then(|_| out.get_mut().write_all(&header.encode()))
            .and_then(|()| out.get_mut().sync_all());
        synced.map_err(|e| io_err(&self.tmp_path, "write the temporary database file", e))?;

        #[cfg(test)]
        if self.fail_before_rename {
            return Err(io_err(&self.tmp_path, "rename (simulated failure)", io::Error::other("injected")));
        }

        let final_path = self.dir.join(FILE_NAME);
        // Close before the rename (required on Windows).
        drop(self.out.take());
        if let Err(e) = fs::rename(&self.tmp_path, &final_path) {
            let _ = fs::remove_file(&self.tmp_path);
            return Err(io_err(&final_path, "replace the database", e));
        }
        // Make the rename itself durable. Directories cannot be opened for
        // syncing everywhere (Windows); there the rename is as durable as
        // the platform makes it.
        if let Ok(dir) = File::open(&self.dir) {
            let _ = dir.sync_all();
        }
        Ok(())
    }

    fn check_record(&self, rec: &RecordInput<'_>) -> Result<(), DbError> {
        let limit = usize::from(u16::MAX);
        let reason = if rec.id.is_empty() {
            "empty id".to_string()
        } else if rec.source.is_empty() {
            "empty source".to_string()
        } else if rec.id.len() > limit || rec.modified.is_some_and(|m| m.len() > limit) {
            "id or modified longer than 65535 bytes".to_string()
        } else if rec.json.len() > MAX_RECORD_LEN as usize {
            format!("{} bytes of JSON, more than the {MAX_RECORD_LEN} accepted", rec.json.len())
        } else if let Some((eco, name)) =
            rec.keys.iter().find(|(e, n)| e.is_empty() || n.is_empty() || e.len() > limit || n.len() > limit)
        {
            format!("invalid key ({eco:?}, {name:?}): empty or longer than 65535 bytes")
        } else {
            return Ok(());
        };
        Err(self.invalid(rec, &reason))
    }

    fn invalid(&self, rec: &RecordInput<'_>, reason: &str) -> DbError {
        DbError::InvalidRecord {
            path: self.dir.clone(),
            source_name: rec.source.to_string(),
            id: rec.id.to_string(),
            reason: reason.to_string(),
        }
    }

    fn corrupt_input(&self, detail: &str) -> DbError {
        DbError::Io {
            path: self.tmp_path.clone(),
            action: "write the database",
            source: io::Error::new(io::ErrorKind::InvalidData, detail.to_string()),
        }
    }

    fn io_poisoned(&self) -> DbError {
        DbError::Io {
            path: self.tmp_path.clone(),
            action: "finish the database",
            source: io::Error::other("an earlier write failed"),
        }
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), DbError> {
        if self.poisoned {
            return Err(self.io_poisoned());
        }
        let Some(out) = self.out.as_mut() else {
            return Err(self.io_poisoned());
        };
        match out.write_all(bytes) {
            Ok(()) => {
                self.pos += bytes.len() as u64;
                Ok(())
            }
            Err(e) => {
                self.poisoned = true;
                Err(io_err(&self.tmp_path, "write the temporary database file", e))
            }
        }
    }
}

impl Drop for StoreBuilder {
    fn drop(&mut self) {
        if let Some(out) = self.out.take() {
            drop(out);
            let _ = fs::remove_file(&self.tmp_path);
        }
    }
}

fn io_err(path: &Path, action: &'static str, source: io::Error) -> DbError {
    DbError::Io { path: path.to_path_buf(), action, source }
}

/// `ecosystem 0xFF name` → (ecosystem, name). 0xFF never occurs in UTF-8.
fn split_key(key: &[u8]) -> (&[u8], &[u8]) {
    match key.iter().position(|&b| b == 0xFF) {
        Some(i) => (&key[..i], &key[i + 1..]),
        None => (key, &[]),
    }
}

/// Removes temporary files of builds that died long ago.
fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let prefix = format!(".{FILE_NAME}.");
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !(name.starts_with(&prefix) && name.ends_with(".tmp")) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_TEMP_AGE);
        if old {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`, the RFC 3339 `date-time`.
fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |from: usize, to: usize| b.get(from..to).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let at = |i: usize, c: &[u8]| b.get(i).is_some_and(|x| c.contains(x));
    if !(digits(0, 4) && at(4, b"-") && digits(5, 7) && at(7, b"-") && digits(8, 10) && at(10, b"Tt"))
        || !(digits(11, 13) && at(13, b":") && digits(14, 16) && at(16, b":") && digits(17, 19))
    {
        return false;
    }
    let mut i = 19;
    if at(i, b".") {
        i += 1;
        let start = i;
        while at(i, b"0123456789") {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match b.get(i) {
        Some(b'Z' | b'z') => i + 1 == b.len(),
        Some(b'+' | b'-') => digits(i + 1, i + 3) && at(i + 3, b":") && digits(i + 4, i + 6) && i + 6 == b.len(),
        _ => false,
    }
}

/// An open database. Lookups take `&self` and use positional reads, so one
/// `Store` can serve several threads at once.
#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    file: File,
    header: Header,
    /// `None` for records stored as given.
    decoder: Option<Decoder>,
    meta: Meta,
}

/// How much of a KEYS entry a lookup reads in one go: enough for the key and
/// a dozen postings, so most lookups need a single read for the entry.
const ENTRY_READ: usize = 256;

impl Store {
    /// Opens the database in `dir`. Reads the header and the metadata only.
    pub fn open(dir: &Path) -> Result<Store, DbError> {
        let path = dir.join(FILE_NAME);
        let file = match File::open(&path) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(DbError::Missing { path: dir.to_path_buf() });
            }
            Err(e) => return Err(io_err(&path, "open the advisory database", e)),
        };
        let len = file.metadata().map_err(|e| io_err(&path, "read the advisory database", e))?.len();
        let corrupt = |detail: String| DbError::Corrupt { path: path.clone(), detail };

        let mut head = [0u8; HEADER_LEN];
        let have = usize::try_from(len).unwrap_or(HEADER_LEN).min(HEADER_LEN);
        read_exact_at(&file, &mut head[..have], 0).map_err(|e| io_err(&path, "read the advisory database", e))?;
        if have < 12 || head[..8] != MAGIC {
            return Err(corrupt("not a ci-sec advisory database file".into()));
        }
        let found = read_u32(&head, 8).unwrap_or(0);
        if found != FORMAT_VERSION {
            return Err(DbError::FormatMismatch { path, found, expected: FORMAT_VERSION });
        }
        if have < HEADER_LEN {
            return Err(corrupt(format!("file is {len} bytes, shorter than its header")));
        }
        let header = Header::decode(&head).map_err(corrupt)?;
        if header.file_len != len {
            return Err(corrupt(format!("header says {} bytes, the file has {len} (truncated?)", header.file_len)));
        }
        header.validate().map_err(corrupt)?;
        let codec =
            Codec::from_id(header.codec).ok_or_else(|| corrupt(format!("unknown record codec {}", header.codec)))?;

        let mut meta_bytes = vec![0u8; header.meta_len as usize];
        read_exact_at(&file, &mut meta_bytes, header.meta_off)
            .map_err(|e| io_err(&path, "read the advisory database", e))?;
        let meta: Meta = serde_json::from_slice(&meta_bytes).map_err(|e| corrupt(format!("metadata: {e}")))?;
        if meta.records != header.record_count || meta.keys != header.key_count {
            return Err(corrupt("metadata and header disagree on the record or key count".into()));
        }
        let decoder = match codec {
            Codec::None => None,
            Codec::Zstd => {
                let mut dict = vec![0u8; header.dict_len as usize];
                read_exact_at(&file, &mut dict, header.dict_off)
                    .map_err(|e| io_err(&path, "read the advisory database", e))?;
                Some(Decoder::new(dict))
            }
        };
        Ok(Store { path, file, header, decoder, meta })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every record affecting `name` in `ecosystem` (both compared byte for
    /// byte with what the builder was given), in the order they were added.
    /// An unknown package gives an empty list.
    pub fn lookup(&self, ecosystem: &str, name: &str) -> Result<Vec<StoredRecord>, DbError> {
        let Some(postings) = self.find(ecosystem.as_bytes(), name.as_bytes())? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::with_capacity(postings.len());
        for (off, len) in postings {
            out.push(self.read_record(off, len)?);
        }
        Ok(out)
    }

    /// The sources the database was built from, sorted by name.
    pub fn sources(&self) -> &[SourceMeta] {
        &self.meta.sources
    }

    /// Number of records affecting at least one package of each ecosystem,
    /// sorted by ecosystem. A record affecting two ecosystems counts in both.
    pub fn counts_by_ecosystem(&self) -> &[(String, u64)] {
        &self.meta.counts_by_ecosystem
    }

    /// When the database was built (RFC 3339, UTC).
    pub fn built_at(&self) -> &str {
        &self.meta.built_at
    }

    /// Number of records stored.
    pub fn record_count(&self) -> u64 {
        self.header.record_count
    }

    /// Number of distinct (ecosystem, name) keys.
    pub fn key_count(&self) -> u64 {
        self.header.key_count
    }

    /// Reads the key index and its hash table front to back (~22 MB for
    /// 500,000 records over 200,000 packages, 5 % of that file), so that a
    /// scan starting on a cold page cache pays one sequential read instead
    /// of thousands of random ones. Optional: lookups work the same without
    /// it; worth it before thousands of lookups on a cold cache.
    pub fn prefetch_index(&self) -> Result<(), DbError> {
        let mut buf = vec![0u8; 1 << 20];
        let (mut at, end) = (self.header.keys_off, self.header.records_off);
        while at < end {
            let n = (end - at).min(buf.len() as u64) as usize;
            self.read(&mut buf[..n], at)?;
            at += n as u64;
        }
        Ok(())
    }

    /// Reads and decodes every record and every index entry: a full check
    /// that lookups cannot fail on this file. Returns the record count.
    /// Every record of `source`, in the order they were added (used to carry
    /// a source over into a rebuilt database).
    pub fn records_of(&self, source: &str) -> Result<Vec<StoredRecord>, DbError> {
        let (data_start, data_end) = self.header.data_range();
        let count = self.header.record_count;
        let mut out = Vec::new();
        let mut prev = data_start;
        let mut chunk = Vec::new();
        for first in (0..=count).step_by(4096) {
            let n = (count + 1 - first).min(4096) as usize;
            chunk.resize(n * 8, 0);
            self.read(&mut chunk, self.header.records_off + first * 8)?;
            for i in 0..n {
                let off = read_u64(&chunk, i * 8).unwrap_or(u64::MAX);
                if off < prev || off > data_end {
                    return Err(self.corrupt(format!("record table entry {} is out of order", first + i as u64)));
                }
                if first + i as u64 > 0 {
                    let len = u32::try_from(off - prev).map_err(|_| self.corrupt("record too large".into()))?;
                    let rec = self.read_record(prev, len)?;
                    if rec.source == source {
                        out.push(rec);
                    }
                }
                prev = off;
            }
        }
        Ok(out)
    }

    pub fn verify(&self) -> Result<u64, DbError> {
        let (data_start, data_end) = self.header.data_range();
        let count = self.header.record_count;
        let mut prev = data_start;
        let mut chunk = Vec::new();
        for first in (0..=count).step_by(4096) {
            let n = (count + 1 - first).min(4096) as usize;
            chunk.resize(n * 8, 0);
            self.read(&mut chunk, self.header.records_off + first * 8)?;
            for i in 0..n {
                let off = read_u64(&chunk, i * 8).unwrap_or(u64::MAX);
                let last = first + i as u64 == count;
                if off < prev || off > data_end || (last && off != data_end) || (first == 0 && i == 0 && off != data_start)
                {
                    return Err(self.corrupt(format!("record table entry {} is out of order", first + i as u64)));
                }
                if first + i as u64 > 0 {
                    let len = u32::try_from(off - prev).map_err(|_| self.corrupt("record too large".into()))?;
                    self.read_record(prev, len)?;
                }
                prev = off;
            }
        }
        let mut keys = 0u64;
        let mut bucket = [0u8; BUCKET_LEN];
        for i in 0..self.header.hash_buckets {
            self.read(&mut bucket, self.header.hash_off + i * BUCKET_LEN as u64)?;
            let hash = read_u64(&bucket, 0).unwrap_or(0);
            if hash == 0 {
                continue;
            }
            keys += 1;
            let entry = self.read_entry(read_u64(&bucket, 8).unwrap_or(0))?;
            if key_hash(&entry.ecosystem, &entry.name) != hash {
                return Err(self.corrupt(format!("hash bucket {i} does not match its key")));
            }
            for (off, len) in entry.postings {
                self.read_record(off, len)?;
            }
        }
        if keys != self.header.key_count {
            return Err(self.corrupt(format!("{keys} keys in the hash table, header says {}", self.header.key_count)));
        }
        Ok(count)
    }

    /// The postings of a key, or `None` when the key is absent.
    fn find(&self, eco: &[u8], name: &[u8]) -> Result<Option<Vec<(u64, u32)>>, DbError> {
        let hash = key_hash(eco, name);
        let buckets = self.header.hash_buckets;
        let mask = buckets - 1;
        let mut i = hash & mask;
        let mut probed = 0u64;
        let mut window = [0u8; BUCKET_LEN * 4];
        while probed < buckets {
            // Up to four buckets per read, without wrapping mid-read.
            let n = (buckets - i).min(4) as usize;
            let window = &mut window[..n * BUCKET_LEN];
            self.read(window, self.header.hash_off + i * BUCKET_LEN as u64)?;
            for b in 0..n {
                let stored = read_u64(window, b * BUCKET_LEN).unwrap_or(0);
                if stored == 0 {
                    return Ok(None);
                }
                if stored == hash {
                    let entry = self.read_entry(read_u64(window, b * BUCKET_LEN + 8).unwrap_or(0))?;
                    if entry.ecosystem == eco && entry.name == name {
                        return Ok(Some(entry.postings));
                    }
                }
            }
            probed += n as u64;
            i = (i + n as u64) & mask;
        }
        Err(self.corrupt("hash table has no empty bucket".into()))
    }

    fn read_entry(&self, off: u64) -> Result<Entry, DbError> {
        let keys_end = self.header.keys_off + self.header.keys_len;
        if off < self.header.keys_off || off >= keys_end {
            return Err(self.corrupt(format!("index entry offset {off} outside the index")));
        }
        let available = keys_end - off;
        let mut buf = vec![0u8; available.min(ENTRY_READ as u64) as usize];
        self.read(&mut buf, off)?;
        let bad = || self.corrupt(format!("index entry at {off} is malformed"));
        let (eco_len, name_len) = {
            let mut c = Cursor::new(&buf);
            (c.u16().ok_or_else(bad)? as usize, c.u16().ok_or_else(bad)? as usize)
        };
        let count_at = 4 + eco_len + name_len;
        if buf.len() < count_at + 4 {
            if (count_at + 4) as u64 > available {
                return Err(bad());
            }
            buf.resize(count_at + 4, 0);
            self.read(&mut buf, off)?;
        }
        let count = read_u32(&buf, count_at).ok_or_else(bad)? as u64;
        if count > self.header.record_count {
            return Err(bad());
        }
        let total = count_at as u64 + 4 + count * POSTING_LEN as u64;
        if total > available {
            return Err(bad());
        }
        if (buf.len() as u64) < total {
            buf.resize(total as usize, 0);
            self.read(&mut buf, off)?;
        }
        let mut c = Cursor::new(&buf);
        c.take(4);
        let ecosystem = c.take(eco_len).ok_or_else(bad)?.to_vec();
        let name = c.take(name_len).ok_or_else(bad)?.to_vec();
        c.u32();
        let mut postings = Vec::with_capacity(count as usize);
        for _ in 0..count {
            postings.push((c.u64().ok_or_else(bad)?, c.u32().ok_or_else(bad)?));
        }
        Ok(Entry { ecosystem, name, postings })
    }

    fn read_record(&self, off: u64, len: u32) -> Result<StoredRecord, DbError> {
        let (data_start, data_end) = self.header.data_range();
        if off < data_start || off.checked_add(u64::from(len)).is_none_or(|end| end > data_end) {
            return Err(self.corrupt(format!("record at {off} (+{len}) lies outside the data section")));
        }
        let mut blob = vec![0u8; len as usize];
        self.read(&mut blob, off)?;
        let bad = |what: &str| self.corrupt(format!("record at {off}: {what}"));
        let raw_len = read_u32(&blob, 0).ok_or_else(|| bad("truncated"))?;
        if raw_len > MAX_RECORD_LEN + 3 * u32::from(u16::MAX) {
            return Err(bad("implausible length"));
        }
        let stored = blob.get(4..).unwrap_or(&[]);
        let payload = match &self.decoder {
            Some(decoder) => decoder.decompress(stored, raw_len as usize).map_err(|e| bad(&e))?,
            None if stored.len() == raw_len as usize => stored.to_vec(),
            None => return Err(bad("length does not match its header")),
        };
        let mut c = Cursor::new(&payload);
        let id_len = c.u16().ok_or_else(|| bad("truncated"))?;
        let id = c.take(id_len.into()).ok_or_else(|| bad("truncated id"))?;
        let modified_len = c.u16().ok_or_else(|| bad("truncated"))?;
        let modified = c.take(modified_len.into()).ok_or_else(|| bad("truncated modified"))?;
        let source = c.u16().ok_or_else(|| bad("truncated"))?;
        let source = self.meta.source_names.get(usize::from(source)).ok_or_else(|| bad("unknown source"))?;
        let text = |bytes: &[u8], what: &str| String::from_utf8(bytes.to_vec()).map_err(|_| bad(what));
        let id = text(id, "id is not UTF-8")?;
        let modified = if modified.is_empty() { None } else { Some(text(modified, "modified is not UTF-8")?) };
        let json_at = payload.len() - c.rest().len();
        let mut json = payload;
        json.drain(..json_at);
        Ok(StoredRecord { id, source: source.clone(), modified, json })
    }

    fn read(&self, buf: &mut [u8], off: u64) -> Result<(), DbError> {
        read_exact_at(&self.file, buf, off).map_err(|e| {
            if e.kind() == io::ErrorKind::UnexpectedEof {
                self.corrupt(format!("file ends before byte {}", off + buf.len() as u64))
            } else {
                io_err(&self.path, "read the advisory database", e)
            }
        })
    }

    fn corrupt(&self, detail: String) -> DbError {
        DbError::Corrupt { path: self.path.clone(), detail }
    }
}

/// A decoded KEYS entry.
struct Entry {
    ecosystem: Vec<u8>,
    name: Vec<u8>,
    postings: Vec<(u64, u32)>,
}

#[cfg(unix)]
fn read_exact_at(file: &File, buf: &mut [u8], off: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, off)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut buf: &mut [u8], mut off: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, off) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                buf = &mut buf[n..];
                off += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(e, n)| (e.to_string(), n.to_string())).collect()
    }

    fn source(name: &str) -> SourceMeta {
        SourceMeta {
            name: name.into(),
            updated_at: "2025-01-02T03:04:05Z".into(),
            origin: "https://example.invalid/all.zip".into(),
            records: 0,
            digest: None,
        }
    }

    fn add(b: &mut StoreBuilder, src: &str, id: &str, k: &[(&str, &str)]) {
        let k = keys(k);
        let json = format!(r#"{{"id":"{id}"}}"#);
        b.add(&RecordInput { source: src, id, modified: Some("2024-01-01T00:00:00Z"), keys: &k, json: json.as_bytes() })
            .unwrap();
    }

    fn small_db(dir: &Path) {
        let mut b = StoreBuilder::create(dir).unwrap();
        add(&mut b, "osv", "GHSA-1", &[("npm", "lodash")]);
        add(&mut b, "osv", "GHSA-2", &[("npm", "lodash"), ("npm", "lodash"), ("PyPI", "django")]);
        add(&mut b, "rustsec", "RUSTSEC-1", &[("crates.io", "time")]);
        add(&mut b, "osv", "GHSA-3", &[]);
        b.set_source(source("rustsec")).unwrap();
        b.set_source(source("osv")).unwrap();
        b.finish().unwrap();
    }

    fn ids(store: &Store, eco: &str, name: &str) -> Vec<String> {
        store.lookup(eco, name).unwrap().into_iter().map(|r| r.id).collect()
    }

    #[test]
    fn round_trip() {
        let dir = tempfile::tempdir().unwrap();
        small_db(dir.path());
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(ids(&store, "npm", "lodash"), ["GHSA-1", "GHSA-2"]);
        assert_eq!(ids(&store, "PyPI", "django"), ["GHSA-2"]);
        assert!(ids(&store, "npm", "django").is_empty());
        assert!(ids(&store, "PyPI", "Django").is_empty(), "names are compared as given");
        let rec = &store.lookup("crates.io", "time").unwrap()[0];
        assert_eq!(rec.source, "rustsec");
        assert_eq!(rec.modified.as_deref(), Some("2024-01-01T00:00:00Z"));
        assert_eq!(rec.json, br#"{"id":"RUSTSEC-1"}"#);
        assert_eq!(store.record_count(), 4);
        assert_eq!(store.key_count(), 3);
        let names: Vec<&str> = store.sources().iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["osv", "rustsec"]);
        let counts: Vec<(&str, u64)> = store.counts_by_ecosystem().iter().map(|(e, n)| (e.as_str(), *n)).collect();
        assert_eq!(counts, [("PyPI", 1), ("crates.io", 1), ("npm", 2)]);
        assert!(is_rfc3339(store.built_at()), "{}", store.built_at());
        assert_eq!(store.verify().unwrap(), 4);
    }

    #[test]
    fn empty_database_opens_and_finds_nothing() {
        let dir = tempfile::tempdir().unwrap();
        StoreBuilder::create(dir.path()).unwrap().finish().unwrap();
        let store = Store::open(dir.path()).unwrap();
        assert!(store.lookup("npm", "x").unwrap().is_empty());
        assert_eq!(store.verify().unwrap(), 0);
    }

    #[test]
    fn every_key_of_a_large_index_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let mut b = StoreBuilder::create(dir.path()).unwrap();
        for i in 0..3000 {
            let name = format!("pkg-{i}");
            let id = format!("ID-{i}");
            add(&mut b, "s", &id, &[("npm", &name), ("Go", &format!("example.com/{name}"))]);
        }
        b.set_source(source("s")).unwrap();
        b.finish().unwrap();
        let store = Store::open(dir.path()).unwrap();
        for i in 0..3000 {
            assert_eq!(ids(&store, "npm", &format!("pkg-{i}")), [format!("ID-{i}")]);
            assert_eq!(ids(&store, "Go", &format!("example.com/pkg-{i}")), [format!("ID-{i}")]);
            assert!(ids(&store, "npm", &format!("missing-{i}")).is_empty());
        }
        store.verify().unwrap();
    }

    #[test]
    fn long_posting_lists_are_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let mut b = StoreBuilder::create(dir.path()).unwrap();
        for i in 0..500 {
            add(&mut b, "s", &format!("DSA-{i}"), &[("Debian:12", "linux")]);
        }
        b.set_source(source("s")).unwrap();
        b.finish().unwrap();
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.lookup("Debian:12", "linux").unwrap().len(), 500);
    }

    /// Builds `n` OSV-like records, compressed or not; returns their JSON.
    fn build_n(dir: &Path, n: usize, compress: bool) -> Vec<Vec<u8>> {
        let mode = if compress { Compression::Always } else { Compression::Never };
        let mut b = StoreBuilder::create(dir).unwrap().compression(mode);
        let mut all = Vec::new();
        for i in 0..n {
            let json = format!(
                r#"{{"id":"GHSA-{i:05}","summary":"flaw {i}","details":"Package p{} lets an attacker do {i} things.","affected":[{{"package":{{"ecosystem":"npm","name":"p{}"}},"ranges":[{{"type":"SEMVER","events":[{{"introduced":"0"}},{{"fixed":"2.{i}.1"}}]}}]}}]}}"#,
                i % 97,
                i % 97
            );
            let k = keys(&[("npm", &format!("p{}", i % 97))]);
            b.add(&RecordInput { source: "s", id: &format!("GHSA-{i:05}"), modified: None, keys: &k, json: json.as_bytes() })
                .unwrap();
            all.push(json.into_bytes());
        }
        b.set_source(source("s")).unwrap();
        b.finish().unwrap();
        all
    }

    #[test]
    fn compressed_with_a_trained_dictionary_and_uncompressed_read_the_same() {
        let n = codec::SAMPLE_RECORDS + 500; // past the sampling point
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let written = build_n(a.path(), n, true);
        build_n(b.path(), n, false);
        let (za, zb) = (Store::open(a.path()).unwrap(), Store::open(b.path()).unwrap());
        assert!(za.header.dict_len > 0, "a dictionary was trained");
        assert_eq!(za.meta.codec, "zstd");
        assert_eq!(zb.meta.codec, "none");
        let (sa, sb) = (fs::metadata(za.path()).unwrap().len(), fs::metadata(zb.path()).unwrap().len());
        assert!(sa * 2 < sb, "compressed {sa} bytes, uncompressed {sb}");
        for p in 0..97 {
            let name = format!("p{p}");
            let (ra, rb) = (za.lookup("npm", &name).unwrap(), zb.lookup("npm", &name).unwrap());
            assert_eq!(ra, rb);
            for r in ra {
                let i: usize = r.id[5..].parse().unwrap();
                assert_eq!(r.json, written[i]);
            }
        }
        assert_eq!(za.verify().unwrap(), n as u64);
        assert_eq!(zb.verify().unwrap(), n as u64);
    }

    #[test]
    fn auto_compression_leaves_small_databases_as_given() {
        let dir = tempfile::tempdir().unwrap();
        let mut b = StoreBuilder::create(dir.path()).unwrap();
        for i in 0..codec::SAMPLE_RECORDS + 10 {
            add(&mut b, "s", &format!("ID-{i}"), &[("npm", "a")]);
        }
        b.set_source(source("s")).unwrap();
        b.finish().unwrap();
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.meta.codec, "none");
        assert_eq!(store.header.dict_len, 0);
        assert_eq!(store.lookup("npm", "a").unwrap().len(), codec::SAMPLE_RECORDS + 10);
        store.prefetch_index().unwrap();
    }

    #[test]
    fn damaged_compressed_records_are_errors_never_different_records() {
        let dir = tempfile::tempdir().unwrap();
        build_n(dir.path(), 50, true);
        let path = dir.path().join(FILE_NAME);
        let whole = fs::read(&path).unwrap();
        let store = Store::open(dir.path()).unwrap();
        let (start, end) = store.header.data_range();
        let all = |store: &Store| -> Vec<Result<Vec<StoredRecord>, DbError>> {
            (0..50).map(|p| store.lookup("npm", &format!("p{p}"))).collect()
        };
        let good: Vec<Vec<StoredRecord>> = all(&store).into_iter().map(Result::unwrap).collect();
        drop(store);
        let mut errors = 0;
        for at in start as usize..end as usize {
            let mut bad = whole.clone();
            bad[at] ^= 0x04;
            fs::write(&path, &bad).unwrap();
            let store = Store::open(dir.path()).unwrap();
            for (got, want) in all(&store).into_iter().zip(&good) {
                match got {
                    Err(DbError::Corrupt { .. }) => errors += 1,
                    Err(e) => panic!("unexpected error {e}"),
                    // Only a flip of the frame header's unused bit decodes at all.
                    Ok(found) => assert_eq!(&found, want, "flip at {at} went unnoticed"),
                }
            }
        }
        assert!(errors as u64 >= (end - start) * 9 / 10, "{errors} errors");
    }

    #[test]
    fn invalid_and_duplicate_records_are_rejected_without_ending_the_build() {
        let dir = tempfile::tempdir().unwrap();
        let mut b = StoreBuilder::create(dir.path()).unwrap();
        add(&mut b, "s", "A", &[("npm", "a")]);
        let k = keys(&[("npm", "a")]);
        let dup = b.add(&RecordInput { source: "s", id: "A", modified: None, keys: &k, json: b"{}" });
        assert!(matches!(dup, Err(DbError::DuplicateRecord { .. })), "{dup:?}");
        let empty_key = keys(&[("npm", "")]);
        let bad = b.add(&RecordInput { source: "s", id: "B", modified: None, keys: &empty_key, json: b"{}" });
        assert!(matches!(bad, Err(DbError::InvalidRecord { .. })), "{bad:?}");
        let no_id = b.add(&RecordInput { source: "s", id: "", modified: None, keys: &k, json: b"{}" });
        assert!(matches!(no_id, Err(DbError::InvalidRecord { .. })));
        // The same id in another source is a different record.
        b.add(&RecordInput { source: "t", id: "A", modified: None, keys: &k, json: b"{}" }).unwrap();
        b.set_source(source("s")).unwrap();
        b.set_source(source("t")).unwrap();
        b.finish().unwrap();
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.lookup("npm", "a").unwrap().len(), 2);
    }

    #[test]
    fn every_source_must_be_described() {
        let dir = tempfile::tempdir().unwrap();
        let mut b = StoreBuilder::create(dir.path()).unwrap();
        add(&mut b, "osv", "A", &[("npm", "a")]);
        let err = b.finish().unwrap_err();
        assert!(matches!(err, DbError::MissingSourceMeta { ref name, .. } if name == "osv"), "{err}");
        assert!(Store::open(dir.path()).is_err());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0, "temporary file left behind");

        let mut b = StoreBuilder::create(dir.path()).unwrap();
        let bad = SourceMeta { updated_at: "yesterday".into(), ..source("osv") };
        assert!(matches!(b.set_source(bad), Err(DbError::InvalidSource { .. })));
    }

    #[test]
    fn a_failure_before_the_rename_keeps_the_old_database() {
        let dir = tempfile::tempdir().unwrap();
        small_db(dir.path());
        let mut b = StoreBuilder::create(dir.path()).unwrap();
        add(&mut b, "osv", "NEW", &[("npm", "lodash")]);
        b.set_source(source("osv")).unwrap();
        b.fail_before_rename = true;
        assert!(b.finish().is_err());
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(ids(&store, "npm", "lodash"), ["GHSA-1", "GHSA-2"]);
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, [FILE_NAME], "temporary file left behind");
    }

    #[test]
    fn stale_temporary_files_are_removed_fresh_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(format!(".{FILE_NAME}.1.2.tmp"));
        let fresh = dir.path().join(format!(".{FILE_NAME}.3.4.tmp"));
        let unrelated = dir.path().join("notes.tmp");
        for p in [&stale, &fresh, &unrelated] {
            fs::write(p, b"x").unwrap();
        }
        let old = SystemTime::now() - Duration::from_secs(2 * 3600);
        File::options().write(true).open(&stale).unwrap().set_modified(old).unwrap();
        File::options().write(true).open(&unrelated).unwrap().set_modified(old).unwrap();
        drop(StoreBuilder::create(dir.path()).unwrap());
        assert!(!stale.exists());
        assert!(fresh.exists() && unrelated.exists());
    }

    #[test]
    fn format_mismatch_names_both_versions() {
        let dir = tempfile::tempdir().unwrap();
        small_db(dir.path());
        let path = dir.path().join(FILE_NAME);
        let mut bytes = fs::read(&path).unwrap();
        bytes[8..12].copy_from_slice(&7u32.to_le_bytes());
        fs::write(&path, &bytes).unwrap();
        let err = Store::open(dir.path()).unwrap_err();
        assert!(matches!(err, DbError::FormatMismatch { found: 7, expected: FORMAT_VERSION, .. }));
        assert!(err.to_string().contains("database format 7, this ci-sec reads 1: run `ci-sec db update`"), "{err}");
    }

    /// Reads everything a scan could read; any error is fine, a panic is not.
    fn exercise(dir: &Path) -> Result<(), DbError> {
        let store = Store::open(dir)?;
        for (eco, name) in [("npm", "lodash"), ("PyPI", "django"), ("crates.io", "time"), ("npm", "nope")] {
            store.lookup(eco, name)?;
        }
        store.verify()?;
        Ok(())
    }

    #[test]
    fn every_truncation_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        small_db(dir.path());
        let path = dir.path().join(FILE_NAME);
        let whole = fs::read(&path).unwrap();
        for len in 0..whole.len() {
            fs::write(&path, &whole[..len]).unwrap();
            let err = exercise(dir.path()).expect_err("a truncated file must not read as valid");
            assert!(matches!(err, DbError::Corrupt { .. }), "at {len}: {err}");
        }
    }

    #[test]
    fn flipped_bytes_never_panic() {
        let dir = tempfile::tempdir().unwrap();
        small_db(dir.path());
        let path = dir.path().join(FILE_NAME);
        let whole = fs::read(&path).unwrap();
        for i in 0..whole.len() {
            for flip in [0x01u8, 0x80, 0xFF] {
                let mut bad = whole.clone();
                bad[i] ^= flip;
                fs::write(&path, &bad).unwrap();
                // Flips inside the JSON payload are invisible to the store
                // (the matcher's JSON parser reports them); only no panic here.
                let _ = exercise(dir.path());
            }
        }
    }

    #[test]
    fn rfc3339_timestamps() {
        for ok in ["2025-01-02T03:04:05Z", "2025-01-02t03:04:05.123z", "2025-01-02T03:04:05+02:00"] {
            assert!(is_rfc3339(ok), "{ok}");
        }
        for bad in ["", "2025-01-02", "2025-01-02 03:04:05Z", "2025-01-02T03:04:05", "2025-01-02T03:04:05.Z"] {
            assert!(!is_rfc3339(bad), "{bad}");
        }
        assert!(!is_rfc3339("2025-01-02T03:04:05+0200"));
        assert!(!is_rfc3339("2025-01-02T03:04:05Zjunk"));
    }
}
