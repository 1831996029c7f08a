//! Timestamps and identifiers that honour `SOURCE_DATE_EPOCH`, so the same
//! input gives byte-identical SBOMs in reproducible builds.

use std::time::{SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};

/// `SOURCE_DATE_EPOCH` when set and valid.
pub fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()
}

/// Seconds since the epoch to use for "created" fields.
pub fn creation_time() -> i64 {
    source_date_epoch().unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)
    })
}

/// The real current time (ages and expiry are about real time, whatever
/// `SOURCE_DATE_EPOCH` says).
pub fn now_seconds() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// RFC 3339 / ISO 8601 UTC (`2024-05-01T12:00:00Z`).
pub fn rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let date = crate::model::date::Date::from_days_since_epoch(days);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        date.year(),
        date.month(),
        date.day(),
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// A UUID for the document: derived from its content when
/// `SOURCE_DATE_EPOCH` is set (reproducible), random otherwise (the specs
/// ask for a fresh serial per BOM).
pub fn document_uuid(content_digest: &[u8]) -> String {
    let bytes: [u8; 16] = if source_date_epoch().is_some() {
        let h = Sha256::digest(content_digest);
        let mut b = [0u8; 16];
        b.copy_from_slice(&h[..16]);
        b
    } else {
        random_bytes()
    };
    let mut b = bytes;
    b[6] = (b[6] & 0x0f) | 0x40; // version 4 layout
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

fn random_bytes() -> [u8; 16] {
    // The std hasher is seeded randomly per process; mixing in time and pid
    // gives a unique serial without another dependency.
    use std::hash::{BuildHasher, Hasher};
    let mut out = [0u8; 16];
    for (i, chunk) in out.chunks_mut(8).enumerate() {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(0));
        h.write_u32(std::process::id());
        h.write_usize(i);
        chunk.copy_from_slice(&h.finish().to_le_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_700_000_000), "2023-11-14T22:13:20Z");
    }

    #[test]
    fn uuids_have_the_rfc4122_shape() {
        let u = document_uuid(b"x");
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert!(matches!(&u[19..20], "8" | "9" | "a" | "b"));
    }
}
