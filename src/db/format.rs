//! The on-disk layout of the advisory database file, version 1.
//!
//! One file, written front to back once and never modified afterwards:
//!
//! ```text
//! offset 0     header (128 bytes, fixed)
//!              DATA     one blob per record, in the order they were added
//!              KEYS     one entry per (ecosystem, name), sorted by ecosystem then name
//!              HASH     open-addressing table over KEYS (power-of-two buckets, linear probing)
//!              RECORDS  record_count + 1 little-endian u64 offsets of the blobs in DATA
//!              DICT     the zstd dictionary records were compressed with (may be empty)
//!              META     JSON: build time, sources, counts by ecosystem, codec
//! ```
//!
//! All integers are little-endian.
//!
//! Header: `magic[8] = "CISECADB"`, `format u32`, `codec u32`, `file_len u64`,
//! `record_count u64`, `key_count u64`, `keys_off u64`, `keys_len u64`,
//! `hash_off u64`, `hash_buckets u64`, `records_off u64`, `meta_off u64`,
//! `meta_len u64`, `dict_off u64`, `dict_len u64`, zero padding, and at byte 120 a `u64` checksum of bytes
//! 0..120. Bytes 0..12 (magic and format) keep their meaning in every future
//! format, so an old ci-sec can always say which format it found.
//!
//! KEYS entry: `eco_len u16, name_len u16, eco, name, n u32,
//! n × (blob_off u64, blob_len u32)`. The postings point straight at the
//! blobs, so a lookup is one bucket read, one entry read and one read per
//! record.
//!
//! HASH bucket (16 bytes): `hash u64` (0 = empty) and `entry_off u64`, the
//! absolute offset of the KEYS entry. The hash is [`key_hash`]: FNV-1a over
//! `eco, 0xFF, name` finished with a 64-bit mixer; it is part of the format.
//!
//! Record blob: `payload_len u32`, then the payload, as is with codec 0 or
//! as one zstd frame (with checksum) with codec 1. The payload is
//! `id_len u16, id, modified_len u16, modified, source u16` (index into
//! META.source_names) and the JSON. Compressing the id with the JSON puts
//! every byte of a record under the frame checksum.

/// First eight bytes of every database file.
pub const MAGIC: [u8; 8] = *b"CISECADB";
/// The format this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;
/// Name of the database file inside the database directory.
pub const FILE_NAME: &str = "advisories.cadb";
/// Size of the fixed header.
pub const HEADER_LEN: usize = 128;
/// Size of one HASH bucket.
pub const BUCKET_LEN: usize = 16;
/// Size of one posting in a KEYS entry.
pub const POSTING_LEN: usize = 12;
/// Largest META section an opener accepts (it is read whole at open).
pub const MAX_META_LEN: u64 = 64 << 20;
/// Largest dictionary a reader accepts.
pub const MAX_DICT_LEN: u64 = 1 << 20;
/// Largest decompressed record accepted (a corrupt length must not make us
/// allocate gigabytes). Real OSV records are well under 1 MiB.
pub const MAX_RECORD_LEN: u32 = 64 << 20;

/// How record JSON is stored (header field `codec`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    /// As given.
    None,
    /// One zstd frame per record, with the DICT section as dictionary when
    /// it is not empty (see [`super::codec`]).
    Zstd,
}

impl Codec {
    pub fn id(self) -> u32 {
        match self {
            Codec::None => 0,
            Codec::Zstd => 1,
        }
    }

    pub fn from_id(id: u32) -> Option<Codec> {
        match id {
            0 => Some(Codec::None),
            1 => Some(Codec::Zstd),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Codec::None => "none",
            Codec::Zstd => "zstd",
        }
    }
}

/// The fixed header, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub codec: u32,
    pub file_len: u64,
    pub record_count: u64,
    pub key_count: u64,
    pub keys_off: u64,
    pub keys_len: u64,
    pub hash_off: u64,
    pub hash_buckets: u64,
    pub records_off: u64,
    pub meta_off: u64,
    pub meta_len: u64,
    pub dict_off: u64,
    pub dict_len: u64,
}

impl Header {
    pub fn encode(&self) -> [u8; HEADER_LEN] {
        let mut out = [0u8; HEADER_LEN];
        out[0..8].copy_from_slice(&MAGIC);
        out[8..12].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
        out[12..16].copy_from_slice(&self.codec.to_le_bytes());
        let fields = [
            self.file_len,
            self.record_count,
            self.key_count,
            self.keys_off,
            self.keys_len,
            self.hash_off,
            self.hash_buckets,
            self.records_off,
            self.meta_off,
            self.meta_len,
            self.dict_off,
            self.dict_len,
        ];
        for (i, value) in fields.iter().enumerate() {
            out[16 + i * 8..24 + i * 8].copy_from_slice(&value.to_le_bytes());
        }
        let sum = checksum(&out[..120]);
        out[120..128].copy_from_slice(&sum.to_le_bytes());
        out
    }

    /// Decodes a header whose magic and format were already checked.
    pub fn decode(bytes: &[u8; HEADER_LEN]) -> Result<Header, String> {
        let stored = read_u64(bytes, 120).unwrap_or(0);
        if checksum(&bytes[..120]) != stored {
            return Err("header checksum mismatch".into());
        }
        let field = |i: usize| read_u64(bytes, 16 + i * 8).unwrap_or(0);
        Ok(Header {
            codec: read_u32(bytes, 12).unwrap_or(u32::MAX),
            file_len: field(0),
            record_count: field(1),
            key_count: field(2),
            keys_off: field(3),
            keys_len: field(4),
            hash_off: field(5),
            hash_buckets: field(6),
            records_off: field(7),
            meta_off: field(8),
            meta_len: field(9),
            dict_off: field(10),
            dict_len: field(11),
        })
    }

    /// Checks that the sections tile the file in the documented order, so
    /// every later bounds check can rely on them.
    pub fn validate(&self) -> Result<(), String> {
        let hash_len = self.hash_buckets.checked_mul(BUCKET_LEN as u64).ok_or("hash table size overflows")?;
        let records_len = self
            .record_count
            .checked_add(1)
            .and_then(|n| n.checked_mul(8))
            .ok_or("record table size overflows")?;
        if !self.hash_buckets.is_power_of_two() {
            return Err(format!("hash table has {} buckets, not a power of two", self.hash_buckets));
        }
        if self.key_count >= self.hash_buckets {
            return Err(format!("{} keys do not fit {} hash buckets", self.key_count, self.hash_buckets));
        }
        let sections = [
            ("keys", self.keys_off, self.keys_len),
            ("hash", self.hash_off, hash_len),
            ("records", self.records_off, records_len),
            ("dict", self.dict_off, self.dict_len),
            ("meta", self.meta_off, self.meta_len),
        ];
        let mut at = HEADER_LEN as u64;
        for (name, off, len) in sections {
            if off < at {
                return Err(format!("{name} section at {off} overlaps what precedes it (ends at {at})"));
            }
            at = off.checked_add(len).ok_or_else(|| format!("{name} section end overflows"))?;
        }
        if at != self.file_len {
            return Err(format!("sections end at byte {at}, header says the file has {}", self.file_len));
        }
        if self.dict_len > MAX_DICT_LEN {
            return Err(format!("dictionary of {} bytes is implausibly large", self.dict_len));
        }
        if self.meta_len > MAX_META_LEN {
            return Err(format!("meta section of {} bytes is implausibly large", self.meta_len));
        }
        Ok(())
    }

    /// DATA spans from the header to the KEYS section.
    pub fn data_range(&self) -> (u64, u64) {
        (HEADER_LEN as u64, self.keys_off)
    }
}

/// The stable hash of an (ecosystem, name) key. Never 0 (0 marks an empty
/// bucket).
pub fn key_hash(ecosystem: &[u8], name: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in ecosystem.iter().chain(&[0xFF]).chain(name) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h = mix(h);
    if h == 0 { 1 } else { h }
}

/// The 64-bit finaliser of MurmurHash3: spreads FNV's weak low bits.
fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

/// Header checksum (FNV-1a over the bytes, mixed).
pub fn checksum(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix(h)
}

pub fn read_u16(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at.checked_add(2)?)?.try_into().ok()?))
}

pub fn read_u32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

pub fn read_u64(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at.checked_add(8)?)?.try_into().ok()?))
}

/// A bounds-checked cursor over bytes read from disk: every read says
/// `None` past the end instead of panicking.
pub struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Cursor { bytes, at: 0 }
    }

    pub fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        let out = self.bytes.get(self.at..self.at.checked_add(len)?)?;
        self.at += len;
        Some(out)
    }

    pub fn u16(&mut self) -> Option<u16> {
        let v = read_u16(self.bytes, self.at)?;
        self.at += 2;
        Some(v)
    }

    pub fn u32(&mut self) -> Option<u32> {
        let v = read_u32(self.bytes, self.at)?;
        self.at += 4;
        Some(v)
    }

    pub fn u64(&mut self) -> Option<u64> {
        let v = read_u64(self.bytes, self.at)?;
        self.at += 8;
        Some(v)
    }

    pub fn rest(&self) -> &'a [u8] {
        self.bytes.get(self.at..).unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Header {
        Header {
            codec: 0,
            file_len: 128 + 10 + 20 + 16 * 4 + 8 * 3 + 7 + 5,
            record_count: 2,
            key_count: 1,
            keys_off: 128 + 10,
            keys_len: 20,
            hash_off: 128 + 30,
            hash_buckets: 4,
            records_off: 128 + 30 + 64,
            dict_off: 128 + 30 + 64 + 24,
            dict_len: 7,
            meta_off: 128 + 30 + 64 + 24 + 7,
            meta_len: 5,
        }
    }

    #[test]
    fn header_round_trips_and_validates() {
        let h = sample();
        let bytes = h.encode();
        assert_eq!(&bytes[..8], b"CISECADB");
        assert_eq!(read_u32(&bytes, 8), Some(FORMAT_VERSION));
        assert_eq!(Header::decode(&bytes).unwrap(), h);
        h.validate().unwrap();
    }

    #[test]
    fn header_checksum_catches_any_flipped_byte() {
        let bytes = sample().encode();
        for i in 12..HEADER_LEN {
            let mut bad = bytes;
            bad[i] ^= 0x40;
            assert!(Header::decode(&bad).is_err(), "flip at byte {i} went unnoticed");
        }
    }

    #[test]
    fn validate_rejects_overlaps_gaps_and_odd_tables() {
        let mut h = sample();
        h.file_len += 1;
        assert!(h.validate().is_err());
        let mut h = sample();
        h.hash_off -= 1;
        assert!(h.validate().is_err());
        let mut h = sample();
        h.hash_buckets = 3;
        assert!(h.validate().is_err());
        let mut h = sample();
        h.key_count = 4;
        assert!(h.validate().is_err());
        let mut h = sample();
        h.record_count = u64::MAX;
        assert!(h.validate().is_err());
    }

    #[test]
    fn key_hash_is_stable_and_separates_the_parts() {
        // Part of the file format: must never change within format 1.
        assert_eq!(key_hash(b"npm", b"lodash"), 0x2616_4e7f_e2d4_3196);
        assert_ne!(key_hash(b"npm", b"lodash"), key_hash(b"npml", b"odash"));
        assert_ne!(key_hash(b"", b""), 0);
    }

    #[test]
    fn cursor_never_reads_past_the_end() {
        let mut c = Cursor::new(&[1, 0, 2]);
        assert_eq!(c.u16(), Some(1));
        assert_eq!(c.u16(), None);
        assert_eq!(c.take(2), None);
        assert_eq!(c.take(1), Some(&[2u8][..]));
        assert_eq!(c.u64(), None);
        assert_eq!(c.rest(), &[] as &[u8]);
    }
}
