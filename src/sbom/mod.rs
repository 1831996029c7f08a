//! SBOM writers. An [`Inventory`] is first folded into one format-neutral
//! [`Document`] (components de-duplicated by identity, one "application"
//! per lockfile, the dependency graph, stable references), which the
//! CycloneDX and SPDX writers then render. Doing the folding once keeps the
//! two formats in agreement.

pub mod cyclonedx;
pub mod document;
pub mod hashes;
pub mod read;
pub mod spdx;
pub mod table;
pub mod time;

pub use document::{Component, Document, DocumentOptions};
