//! Record compression: zstd, one frame per record, with a dictionary trained
//! on a sample of the records of each build.
//!
//! Records are 1–4 KB of JSON: too small for a compressor to learn much from
//! one record alone (zstd gets 2.0× on real OSV records), but they share
//! their field names, URL prefixes and phrasing, which a dictionary captures
//! (4.7×; measurements in `docs/benchmarks.md`). Each record stays its own
//! frame so a lookup decompresses only what it returns. Frames carry a
//! checksum, so a damaged record is an error rather than wrong JSON.
//!
//! Training costs ~0.15–0.25 s, compressing ~3–4 µs a record: nothing for a
//! 500,000-record database (1.3 GB → 0.46 GB) but three times the whole
//! store cost of an 8,000-record import, whose 20 MB do not need saving. So
//! by default ([`super::Compression::Auto`]) a build compresses only once its
//! records add up to [`AUTO_FROM_BYTES`].

use std::io;
use std::sync::Mutex;

use zstd::bulk::{Compressor, Decompressor};
use zstd::zstd_safe::CParameter;

/// zstd level: 3 is zstd's default; higher levels gain ~1 % on records this
/// small and cost build speed.
pub const LEVEL: i32 = 3;
/// Largest dictionary trained.
pub const DICT_MAX: usize = 64 * 1024;
/// Records sampled for training: at most this many, spread evenly over the
/// records held back...
pub const SAMPLE_RECORDS: usize = 2_000;
/// ...and at most this many bytes of them.
pub const SAMPLE_BYTES: usize = 8 << 20;
/// `Compression::Auto` compresses once the records add up to this much
/// (~13,000 typical OSV records); smaller databases are stored as given.
pub const AUTO_FROM_BYTES: usize = 32 << 20;

/// A dictionary trained on an even spread of `records`, or `None` when
/// training was not possible (too few samples): plain zstd is used then.
pub fn train(records: &[Vec<u8>]) -> Option<Vec<u8>> {
    if records.len() < 8 {
        return None;
    }
    let step = records.len().div_ceil(SAMPLE_RECORDS);
    let mut samples: Vec<&[u8]> = Vec::with_capacity(SAMPLE_RECORDS);
    let mut bytes = 0;
    for r in records.iter().step_by(step) {
        if bytes + r.len() > SAMPLE_BYTES {
            break;
        }
        bytes += r.len();
        samples.push(r);
    }
    zstd::dict::from_samples(&samples, DICT_MAX).ok().filter(|d| !d.is_empty())
}

/// Compresses records, one independent frame each.
pub struct Encoder {
    inner: Compressor<'static>,
}

impl Encoder {
    pub fn new(dict: Option<&[u8]>) -> io::Result<Encoder> {
        let mut inner = Compressor::with_dictionary(LEVEL, dict.unwrap_or(&[]))?;
        inner.set_parameter(CParameter::ChecksumFlag(true))?;
        // The dictionary is implied by the file; its id would cost 4 bytes a record.
        inner.set_parameter(CParameter::DictIdFlag(false))?;
        Ok(Encoder { inner })
    }

    /// Appends the compressed `raw` to `out`.
    pub fn compress(&mut self, raw: &[u8], out: &mut Vec<u8>) -> io::Result<()> {
        let frame = self.inner.compress(raw)?;
        out.extend_from_slice(&frame);
        Ok(())
    }
}

/// Decompresses records. Shared by all threads of a [`super::Store`]; keeps
/// one decompression context per concurrent user.
pub struct Decoder {
    dict: Vec<u8>,
    pool: Mutex<Vec<Decompressor<'static>>>,
}

impl std::fmt::Debug for Decoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Decoder").field("dict_len", &self.dict.len()).finish()
    }
}

impl Decoder {
    pub fn new(dict: Vec<u8>) -> Decoder {
        Decoder { dict, pool: Mutex::new(Vec::new()) }
    }

    /// Decodes one frame into exactly `raw_len` bytes.
    pub fn decompress(&self, frame: &[u8], raw_len: usize) -> Result<Vec<u8>, String> {
        let pooled = self.pool.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let mut ctx = match pooled {
            Some(ctx) => ctx,
            // Frames carry no dictionary id; the loaded dictionary is used.
            None => Decompressor::with_dictionary(&self.dict).map_err(|e| format!("dictionary: {e}"))?,
        };
        let out = ctx.decompress(frame, raw_len).map_err(|e| format!("cannot decompress: {e}"));
        self.pool.lock().unwrap_or_else(|e| e.into_inner()).push(ctx);
        let out = out?;
        if out.len() != raw_len {
            return Err(format!("decompressed to {} bytes, header says {raw_len}", out.len()));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples() -> Vec<Vec<u8>> {
        (0..400)
            .map(|i| {
                format!(
                    r#"{{"id":"GHSA-{i:04}","summary":"issue {i} in package-{}","affected":[{{"package":{{"ecosystem":"npm","name":"p{i}"}},"ranges":[{{"type":"SEMVER","events":[{{"introduced":"0"}},{{"fixed":"1.{i}.0"}}]}}]}}],"references":[{{"type":"WEB","url":"https://github.com/advisories/GHSA-{i:04}"}}]}}"#,
                    i * 7
                )
                .into_bytes()
            })
            .collect()
    }

    #[test]
    fn round_trip_with_and_without_dictionary() {
        let recs = samples();
        let dict = train(&recs);
        assert!(dict.is_some(), "400 similar records are enough to train on");
        for dict in [dict, None] {
            let mut enc = Encoder::new(dict.as_deref()).unwrap();
            let dec = Decoder::new(dict.clone().unwrap_or_default());
            for r in &recs {
                let mut frame = Vec::new();
                enc.compress(r, &mut frame).unwrap();
                assert_eq!(&dec.decompress(&frame, r.len()).unwrap(), r);
            }
        }
    }

    #[test]
    fn too_few_samples_means_no_dictionary() {
        assert!(train(&samples()[..3]).is_none());
    }

    #[test]
    fn damaged_frames_and_wrong_lengths_are_errors() {
        let recs = samples();
        let mut enc = Encoder::new(None).unwrap();
        let dec = Decoder::new(Vec::new());
        let mut frame = Vec::new();
        enc.compress(&recs[0], &mut frame).unwrap();
        assert!(dec.decompress(&frame, recs[0].len() - 1).is_err());
        assert!(dec.decompress(&frame, recs[0].len() + 1).is_err());
        for i in 0..frame.len() {
            let mut bad = frame.clone();
            bad[i] ^= 0x10;
            // Either an error or, for the frame header's unused bit, the
            // original bytes; never different JSON.
            if let Ok(out) = dec.decompress(&bad, recs[0].len()) {
                assert_eq!(out, recs[0], "flip at {i} decoded to different bytes without error");
            }
        }
    }
}
