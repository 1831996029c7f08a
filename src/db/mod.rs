//! The local advisory database: OSV records stored for lookup by
//! (ecosystem, package name).
//!
//! # What it is for
//! The matcher asks one question, "every record affecting package NAME in
//! ECOSYSTEM", once per SBOM component: ~10,000 questions per scan against
//! 500,000+ records. The database is rebuilt whole by `ci-sec db update` /
//! `ci-sec db import` and only read during scans.
//!
//! # Design
//! That write-once/read-many shape is why the store is a file format of our
//! own (`src/db/format.rs`) rather than an embedded database engine: SQLite (`rusqlite`,
//! bundled) and `redb` were measured against it on 500,000 synthetic records
//! (`bench/db-engines`, numbers in `docs/benchmarks.md` and the reasoning in
//! `docs/decisions.md`). The file is
//! - **built once, front to back**: record blobs are streamed out as they are
//!   added; the key index, a hash table over it and the metadata follow at
//!   [`StoreBuilder::finish`], then a fixed header is written at the front;
//! - **swapped in atomically**: it is built under a temporary name in the
//!   database directory and renamed over `advisories.cadb` only once complete
//!   and synced. A failed, interrupted or abandoned build leaves the previous
//!   database untouched, and a scan that opened the old file keeps reading it;
//! - **looked up in constant time**: a lookup hashes the key, reads one or two
//!   hash buckets, one index entry (key + postings) and then each record
//!   blob, with positional reads (`pread`). Nothing is loaded at open but the
//!   header and the metadata, so open and lookup cost do not grow with the
//!   database; no `mmap`, hence no `unsafe` and no crash if the file is cut
//!   short under us;
//! - **compressed when it pays**: once a build's records pass 32 MiB, each
//!   record is stored as its own zstd frame with a dictionary trained on
//!   that build (3–4.7× smaller); smaller imports stay uncompressed and fast
//!   ([`Compression`]; `src/db/codec.rs`);
//! - **checked, never trusted**: every offset and length read from disk is
//!   bounds-checked against the sections the header declares; the header
//!   carries a checksum. A damaged file gives [`DbError::Corrupt`], never a
//!   panic. [`Store::verify`] reads everything, for `ci-sec db verify`.
//!
//! The format version sits at a fixed place in the header; a file of another
//! version is refused with [`DbError::FormatMismatch`], telling the user to
//! rebuild. Rebuilding is always possible because the database is a cache of
//! the advisory feeds, never the only copy of anything.

mod codec;
mod format;
mod lookup;
mod path;
mod store;

use std::io;
use std::path::PathBuf;

pub use format::{FILE_NAME, FORMAT_VERSION};
pub use lookup::DbLookup;
pub use path::{DB_ENV, resolve_db_dir, resolve_db_dir_with};
pub use store::{Compression, RecordInput, SourceMeta, Store, StoreBuilder, StoredRecord};

/// Everything that can go wrong building or reading the database. Each
/// message names the path involved.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("no advisory database at {}; run `ci-sec db update` or `ci-sec db import`", path.display())]
    Missing { path: PathBuf },

    #[error("{}: database format {found}, this ci-sec reads {expected}: run `ci-sec db update`", path.display())]
    FormatMismatch { path: PathBuf, found: u32, expected: u32 },

    #[error("{}: corrupt advisory database ({detail}); run `ci-sec db update` to rebuild it", path.display())]
    Corrupt { path: PathBuf, detail: String },

    #[error("{}: cannot {action}: {source}", path.display())]
    Io { path: PathBuf, action: &'static str, source: io::Error },

    #[error("{}: record {id:?} of source {source_name:?} rejected: {reason}", path.display())]
    InvalidRecord { path: PathBuf, source_name: String, id: String, reason: String },

    #[error("{}: record {id:?} added twice for source {source_name:?}", path.display())]
    DuplicateRecord { path: PathBuf, source_name: String, id: String },

    #[error("{}: source {name:?} rejected: {reason}", path.display())]
    InvalidSource { path: PathBuf, name: String, reason: String },

    #[error("{}: records were added for source {name:?} but it was never described with set_source", path.display())]
    MissingSourceMeta { path: PathBuf, name: String },

    #[error("cannot find a cache directory for the advisory database (HOME is not set); pass `--db PATH` or set CI_SEC_DB")]
    NoCacheDir,
}
