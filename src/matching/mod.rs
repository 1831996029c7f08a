//! Matching: decides whether an inventoried package version is affected by
//! an advisory, using each ecosystem's own version ordering.

pub mod version;
