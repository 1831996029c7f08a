//! rust catalogers.

pub mod cargo_lock;
pub mod cargo_metadata;
