//! Version ordering exactly as each ecosystem's own tool orders versions.
//!
//! One module per scheme, each with the same two entry points:
//! `parse(&str) -> Result<T, InvalidVersion>` where `T: Ord`, and
//! `compare(a, b) -> Result<Ordering, InvalidVersion>`. A version that is
//! invalid for its ecosystem is an error, never silently compared.
//! Each module is proven by differential tests against the reference
//! implementation (`tests/version_*.rs`).

use std::cmp::Ordering;

pub mod alpine;
pub mod composer;
pub mod debian;
pub mod go;
pub mod maven;
pub mod nuget;
pub mod pep440;
pub mod rpm;
pub mod rubygems;
pub mod semver;
#[cfg(test)]
mod testing;

/// Equality and partial order from a version type's `Ord`: two versions
/// are equal when the ecosystem orders them equal (`1.0` and `1.0.0` in
/// PEP 440), which is not field-by-field equality.
macro_rules! eq_from_ord {
    ($t:ty) => {
        impl PartialOrd for $t {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }
        impl PartialEq for $t {
            fn eq(&self, other: &Self) -> bool {
                self.cmp(other) == std::cmp::Ordering::Equal
            }
        }
        impl Eq for $t {}
    };
}
pub(crate) use eq_from_ord;

/// A version string the scheme cannot read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{version:?} is not a valid {scheme} version: {reason}")]
pub struct InvalidVersion {
    pub scheme: &'static str,
    pub version: String,
    pub reason: String,
}

impl InvalidVersion {
    pub fn new(scheme: &'static str, version: &str, reason: impl Into<String>) -> Self {
        InvalidVersion { scheme, version: version.to_string(), reason: reason.into() }
    }
}

/// The version orderings ci-sec knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// dpkg (Debian, Ubuntu).
    Debian,
    /// apk-tools (Alpine, Wolfi, Chainguard).
    Alpine,
    /// rpmvercmp with epochs, `~` and `^` (Red Hat, AlmaLinux, Rocky, SUSE, …).
    Rpm,
    /// PEP 440, as `packaging` orders it (PyPI).
    Pep440,
    /// SemVer 2.0 (npm, crates.io).
    Semver,
    /// Go modules: SemVer with a `v` prefix, `+incompatible`, pseudo-versions.
    Go,
    /// Maven `ComparableVersion`.
    Maven,
    /// RubyGems `Gem::Version`.
    RubyGems,
    /// Composer's normalisation and comparison (Packagist).
    Composer,
    /// NuGet's `NuGetVersion` ordering.
    NuGet,
}

impl Scheme {
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Debian => "Debian",
            Scheme::Alpine => "Alpine",
            Scheme::Rpm => "RPM",
            Scheme::Pep440 => "PEP 440",
            Scheme::Semver => "SemVer",
            Scheme::Go => "Go",
            Scheme::Maven => "Maven",
            Scheme::RubyGems => "RubyGems",
            Scheme::Composer => "Composer",
            Scheme::NuGet => "NuGet",
        }
    }

    /// Orders two versions of this scheme.
    pub fn compare(self, a: &str, b: &str) -> Result<Ordering, InvalidVersion> {
        match self {
            Scheme::Debian => debian::compare(a, b),
            Scheme::Alpine => alpine::compare(a, b),
            Scheme::Rpm => rpm::compare(a, b),
            Scheme::Pep440 => pep440::compare(a, b),
            Scheme::Semver => semver::compare(a, b),
            Scheme::Go => go::compare(a, b),
            Scheme::Maven => maven::compare(a, b),
            Scheme::RubyGems => rubygems::compare(a, b),
            Scheme::Composer => composer::compare(a, b),
            Scheme::NuGet => nuget::compare(a, b),
        }
    }

    /// Checks that `v` is a valid version of this scheme.
    pub fn validate(self, v: &str) -> Result<(), InvalidVersion> {
        self.compare(v, v).map(|_| ())
    }
}
