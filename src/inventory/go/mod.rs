//! go catalogers.

pub mod go_mod;
