//! Advisories: the OSV model, where records come from, and severity.

pub mod osv;
