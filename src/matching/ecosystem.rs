//! OSV ecosystems: which version ordering each uses, and how package names
//! compare within it.

use std::borrow::Cow;

use super::version::Scheme;

/// The part of an OSV ecosystem before the first `:` (`Debian:12` →
/// `Debian`, `Ubuntu:22.04:LTS` → `Ubuntu`).
pub fn base(ecosystem: &str) -> &str {
    ecosystem.split(':').next().unwrap_or(ecosystem)
}

/// The version ordering for a range of `range_type` in `ecosystem`, or
/// `None` when ci-sec has no ordering for it (the range is then skipped and
/// said so, never guessed).
pub fn scheme_for(ecosystem: &str, range_type: &str) -> Option<Scheme> {
    let base = base(ecosystem);
    if range_type == "SEMVER" {
        // Go advisories use SEMVER ranges without the `v` that Go versions
        // carry; the Go ordering reads both.
        return Some(if base == "Go" { Scheme::Go } else { Scheme::Semver });
    }
    if range_type != "ECOSYSTEM" {
        return None;
    }
    Some(match base {
        "crates.io" | "npm" => Scheme::Semver,
        "Go" => Scheme::Go,
        "PyPI" => Scheme::Pep440,
        "Maven" => Scheme::Maven,
        "RubyGems" => Scheme::RubyGems,
        "Packagist" => Scheme::Composer,
        "NuGet" => Scheme::NuGet,
        "Debian" | "Ubuntu" => Scheme::Debian,
        "Alpine" | "Wolfi" | "Chainguard" => Scheme::Alpine,
        "AlmaLinux" | "Rocky Linux" | "Red Hat" | "SUSE" | "openSUSE" | "Mageia" | "openEuler" => Scheme::Rpm,
        _ => return None,
    })
}

/// A version as the scheme wants it: Go orderings need the `v` that OSV's
/// Go records leave out.
pub fn version_for(scheme: Scheme, version: &str) -> Cow<'_, str> {
    if scheme == Scheme::Go && !version.starts_with('v') {
        Cow::Owned(format!("v{version}"))
    } else {
        Cow::Borrowed(version)
    }
}

/// A package name in the form two records or a record and a lockfile agree
/// on: PEP 503 for PyPI, case-folded where the registry ignores case.
pub fn normalize_name(ecosystem: &str, name: &str) -> String {
    match base(ecosystem) {
        "PyPI" => crate::model::purl::normalize_pypi_name(name),
        "NuGet" | "Packagist" => name.to_ascii_lowercase(),
        _ => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_per_ecosystem_and_range_type() {
        assert_eq!(scheme_for("Debian:12", "ECOSYSTEM"), Some(Scheme::Debian));
        assert_eq!(scheme_for("Alpine:v3.20", "ECOSYSTEM"), Some(Scheme::Alpine));
        assert_eq!(scheme_for("Rocky Linux:9", "ECOSYSTEM"), Some(Scheme::Rpm));
        assert_eq!(scheme_for("Go", "SEMVER"), Some(Scheme::Go));
        assert_eq!(scheme_for("crates.io", "SEMVER"), Some(Scheme::Semver));
        assert_eq!(scheme_for("npm", "GIT"), None);
        assert_eq!(scheme_for("Hackage", "ECOSYSTEM"), None);
        assert_eq!(version_for(Scheme::Go, "1.2.3"), "v1.2.3");
        assert_eq!(normalize_name("PyPI", "Django_Rest.Framework"), "django-rest-framework");
    }
}
