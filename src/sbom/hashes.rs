//! Lockfile digests (`sha512-<base64>` SRI, `sha256:<hex>`, `h1:<base64>`)
//! turned into the algorithm + hex form SBOM formats want.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl Algorithm {
    pub fn cyclonedx(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "SHA-1",
            Algorithm::Sha256 => "SHA-256",
            Algorithm::Sha384 => "SHA-384",
            Algorithm::Sha512 => "SHA-512",
        }
    }
    pub fn spdx(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "SHA1",
            Algorithm::Sha256 => "SHA256",
            Algorithm::Sha384 => "SHA384",
            Algorithm::Sha512 => "SHA512",
        }
    }
    fn hex_len(self) -> usize {
        match self {
            Algorithm::Sha1 => 40,
            Algorithm::Sha256 => 64,
            Algorithm::Sha384 => 96,
            Algorithm::Sha512 => 128,
        }
    }
}

/// `None` for digests that are not a plain content hash of a known
/// algorithm (Go's `h1:` is a hash of a file list, for instance).
pub fn parse(digest: &str) -> Option<(Algorithm, String)> {
    let (alg, value, sri) = if let Some((a, v)) = digest.split_once('-') {
        (a, v, true)
    } else if let Some((a, v)) = digest.split_once(':') {
        (a, v, false)
    } else {
        return None;
    };
    let alg = match alg.to_ascii_lowercase().as_str() {
        "sha1" => Algorithm::Sha1,
        "sha256" => Algorithm::Sha256,
        "sha384" => Algorithm::Sha384,
        "sha512" => Algorithm::Sha512,
        _ => return None,
    };
    let hex = if !sri && value.len() == alg.hex_len() && value.bytes().all(|b| b.is_ascii_hexdigit()) {
        value.to_ascii_lowercase()
    } else {
        let bytes = base64_decode(value)?;
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    };
    (hex.len() == alg.hex_len()).then_some((alg, hex))
}

fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for b in s.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sri_and_hex_digests() {
        let (alg, hex) = parse("sha1-qlhHEj3MWyhg7wHIP5ZQ6YKOxWM=").unwrap();
        assert_eq!((alg, hex.as_str()), (Algorithm::Sha1, "aa5847123dcc5b2860ef01c83f9650e9828ec563"));
        let h = "ddc6f9cc94d67c0e21aaf7eda3a010fd3af78ebf6e096aa6e2e13c79749cce4f";
        assert_eq!(parse(&format!("sha256:{h}")), Some((Algorithm::Sha256, h.to_string())));
        assert_eq!(parse("h1:abc="), None);
        assert_eq!(parse("sha512-short"), None);
    }
}
