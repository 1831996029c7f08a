//! java catalogers.

pub mod pom_xml;
pub mod gradle_lockfile;
