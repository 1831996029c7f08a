//! ci-sec: inventory, advisory matching, manifest checks and reporting for
//! CI pipelines.
//!
//! The stages flow one way (see `docs/architecture.md`):
//! [`discover`] → [`inventory`] → (match) → (check) → findings → [`report`]
//! / [`sbom`]. The match stage reads advisories from the local [`db`].
//! Each module's doc comment says what it is for.

pub mod advisory;
pub mod check;
pub mod cli;
pub mod config;
pub mod db;
pub mod discover;
pub mod inventory;
pub mod matching;
pub mod model;
pub mod net;
pub mod policy;
pub mod report;
pub mod sbom;
pub mod syntax;
