//! The value syntaxes the API server checks while decoding: a value of the
//! right JSON type can still fail to decode into its Go type. Each check
//! returns why the value is refused, or `None`.

use super::model::Format;
use super::scalar::Scalar;

/// Why `value` does not fit `format`, if it does not.
pub fn problem(format: Format, value: &Scalar) -> Option<String> {
    match (format, value) {
        (Format::Int32, Scalar::Int(i)) if i32::try_from(*i).is_err() => Some(format!("{i} does not fit in 32 bits")),
        (Format::Byte, Scalar::Str(s)) if !is_base64(s) => {
            Some("not base64 (put plain text under `stringData`, or encode it)".into())
        }
        (Format::DateTime, Scalar::Str(s)) if !is_rfc3339(s) => {
            Some(format!("{s:?} is not an RFC 3339 time (2006-01-02T15:04:05Z)"))
        }
        (Format::Quantity, Scalar::Str(s)) if !is_quantity(s) => Some(format!(
            "{s:?} is not a quantity (a number with an optional suffix: Ki Mi Gi Ti Pi Ei, n u m k M G T P E, or e<exponent>)"
        )),
        _ => None,
    }
}

/// Standard base64 with padding, as Go's `encoding/json` decodes `[]byte`
/// (line breaks are ignored).
pub fn is_base64(s: &str) -> bool {
    let bytes: Vec<u8> = s.bytes().filter(|b| *b != b'\r' && *b != b'\n').collect();
    if !bytes.len().is_multiple_of(4) {
        return false;
    }
    let padding = bytes.iter().rev().take_while(|b| **b == b'=').count();
    if padding > 2 {
        return false;
    }
    bytes[..bytes.len() - padding].iter().all(|b| b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/')
}

/// `resource.ParseQuantity`'s syntax: an optionally signed decimal number
/// and one suffix (binary `Ki`…`Ei`, decimal `n u m k M G T P E`, or an
/// exponent `e3`/`E-2`).
pub fn is_quantity(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let start = i;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    let mut digits = i - start;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let frac = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        digits += i - frac;
    }
    if digits == 0 {
        return false;
    }
    let suffix = &s[i..];
    match suffix {
        "" | "Ki" | "Mi" | "Gi" | "Ti" | "Pi" | "Ei" | "n" | "u" | "m" | "k" | "M" | "G" | "T" | "P" | "E" => true,
        _ => {
            let Some(exp) = suffix.strip_prefix(['e', 'E']) else { return false };
            let exp = exp.strip_prefix(['+', '-']).unwrap_or(exp);
            !exp.is_empty() && exp.bytes().all(|c| c.is_ascii_digit())
        }
    }
}

/// RFC 3339 as Go's `time.Parse(time.RFC3339, …)` takes it:
/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`.
pub fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let num = |from: usize, len: usize, max: u32| -> bool {
        b.get(from..from + len).is_some_and(|d| {
            d.iter().all(u8::is_ascii_digit) && d.iter().fold(0u32, |n, c| n * 10 + u32::from(c - b'0')) <= max
        })
    };
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    let date = num(0, 4, 9999) && at(4, b'-') && num(5, 2, 12) && at(7, b'-') && num(8, 2, 31);
    let time = at(10, b'T') && num(11, 2, 23) && at(13, b':') && num(14, 2, 59) && at(16, b':') && num(17, 2, 59);
    if !(date && time) || b[5..7] == *b"00" || b[8..10] == *b"00" {
        return false;
    }
    let mut i = 19;
    if at(i, b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match b.get(i) {
        Some(b'Z') => i + 1 == b.len(),
        Some(b'+' | b'-') => num(i + 1, 2, 23) && at(i + 3, b':') && num(i + 4, 2, 59) && i + 6 == b.len(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_quantities_as_parse_quantity_reads_them() {
        for ok in ["1", "500m", "1Gi", "0.5", "1.5Gi", "+1k", "-2", "1e3", "1E-2", ".5", "1.", "128974848", "129e6", "123Mi"] {
            assert!(is_quantity(ok), "{ok}");
        }
        for bad in ["", "1GB", "1Kb", "1K", "Gi", "1 Gi", "1.2.3", "e3", "1e", "1Gi ", "two", "1mi", "0x10"] {
            assert!(!is_quantity(bad), "{bad}");
        }
    }

    #[test]
    fn check_base64_is_padded_standard_alphabet() {
        for ok in ["", "YQ==", "YWI=", "YWJj", "aGVs\nbG8=", "a+/9"] {
            assert!(is_base64(ok), "{ok}");
        }
        for bad in ["YQ", "YQ=", "hunter2", "a-_9", "Y===", "YQ==YQ=="] {
            assert!(!is_base64(bad), "{bad}");
        }
    }

    #[test]
    fn check_rfc3339_times() {
        for ok in ["2024-02-29T12:00:00Z", "2024-01-01T00:00:00.123+02:00", "1999-12-31T23:59:59-05:30"] {
            assert!(is_rfc3339(ok), "{ok}");
        }
        for bad in ["2024-01-01", "2024-01-01 00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:00:00", "2024-00-01T00:00:00Z", "2024-01-01T00:00:00.Z", ""] {
            assert!(!is_rfc3339(bad), "{bad}");
        }
    }

    #[test]
    fn check_int32_range_and_formats_only_apply_to_their_types() {
        assert!(problem(Format::Int32, &Scalar::Int(i64::from(i32::MAX) + 1)).is_some());
        assert!(problem(Format::Int32, &Scalar::Int(65535)).is_none());
        assert!(problem(Format::Byte, &Scalar::Str("plain text")).is_some());
        assert!(problem(Format::Quantity, &Scalar::Int(2)).is_none(), "numbers are quantities");
        assert!(problem(Format::None, &Scalar::Str("anything")).is_none());
    }
}
