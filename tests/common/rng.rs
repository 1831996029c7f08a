//! A deterministic pseudo-random generator for generated test inputs: no
//! dependency, and a failing case reproduces from its seed.
#![allow(dead_code)]

/// 64-bit LCG with Knuth's MMIX constants; values are the high 31 bits
/// (the low bits of an LCG are poor).
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// A value in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// True `percent` times in a hundred.
    pub fn percent(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    /// True once in `n` times.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }

    /// `len` decimal digits.
    pub fn digits(&mut self, len: usize) -> String {
        (0..len).map(|_| char::from(b'0' + self.below(10) as u8)).collect()
    }
}
