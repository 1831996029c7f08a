//! ci-sec: inventory, advisory matching, manifest checks and reporting for
//! CI pipelines.
//!
//! The stages flow one way (see `docs/architecture.md`):
//! [`discover`] → [`inventory`] → (match) → (check) → findings → [`report`]
//! / [`sbom`]. Each module's doc comment says what it is for.

pub mod advisory;
pub mod cli;
pub mod config;
pub mod discover;
pub mod inventory;
pub mod matching;
pub mod model;
pub mod report;
pub mod sbom;
pub mod syntax;
