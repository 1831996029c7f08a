//! Version ordering stub: not implemented yet.

use std::cmp::Ordering;

use super::InvalidVersion;

pub fn compare(a: &str, _b: &str) -> Result<Ordering, InvalidVersion> {
    Err(InvalidVersion::new("go", a, "not implemented yet"))
}
