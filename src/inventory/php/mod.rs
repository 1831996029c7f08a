//! php catalogers.

pub mod composer_lock;
