//! ruby catalogers.

pub mod gemfile_lock;
