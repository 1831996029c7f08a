//! Assertions shared by the version modules' unit tests.

use std::cmp::Ordering;

use super::InvalidVersion;

type Compare = fn(&str, &str) -> Result<Ordering, InvalidVersion>;

/// `compare` on two valid versions; panics with the error otherwise.
pub fn cmp(compare: Compare, a: &str, b: &str) -> Ordering {
    compare(a, b).unwrap_or_else(|e| panic!("{e}"))
}

/// Each version is strictly below the next, in both directions.
pub fn ascending(compare: Compare, vs: &[&str]) {
    for w in vs.windows(2) {
        assert_eq!(cmp(compare, w[0], w[1]), Ordering::Less, "{} < {}", w[0], w[1]);
        assert_eq!(cmp(compare, w[1], w[0]), Ordering::Greater, "{} > {}", w[1], w[0]);
    }
}

/// The two versions are equal, in both directions.
pub fn equal(compare: Compare, a: &str, b: &str) {
    assert_eq!(cmp(compare, a, b), Ordering::Equal, "{a} == {b}");
    assert_eq!(cmp(compare, b, a), Ordering::Equal, "{b} == {a}");
}
