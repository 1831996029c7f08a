//! npm catalogers.

mod common;
pub mod package_lock;
pub mod yarn_lock;
pub mod pnpm_lock;
