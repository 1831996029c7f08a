//! Data shared by every stage: packages (the inventory), package URLs and
//! findings.

pub mod date;
pub mod finding;
pub mod package;
pub mod purl;
pub mod snippet;

pub use finding::{Finding, FindingKind, Location, PackageRef, Severity, Suppression};
pub use package::{Ecosystem, Origin, Package, Scope, Version};
pub use purl::{Distro, OsPackage, OsPackageKind, Purl, PurlError};
