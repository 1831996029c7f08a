//! Advisories: the OSV model, sources and severity.

pub mod severity;
