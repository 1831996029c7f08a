//! Operating-system packages → OSV identities. Distribution advisories are
//! filed per release (`Debian:12`, `Alpine:v3.20`, `Ubuntu:22.04:LTS`,
//! `AlmaLinux:9`, `Rocky Linux:9`) and, for Debian, Ubuntu and Alpine, under
//! the *source* package, whose version is what their ranges compare.

use crate::model::purl::{OsPackage, OsPackageKind};

/// `(OSV ecosystem, package name, version)`, or why it cannot be matched.
pub fn osv_identity(p: &OsPackage) -> Result<(String, String, String), String> {
    let distro = p.distro.as_ref().ok_or("the purl has no `distro` qualifier, so the release is unknown")?;
    let release = distro.version.as_deref().ok_or_else(|| format!("distro {:?} names no release number", distro.raw))?;
    let mut parts = release.split('.');
    let major = parts.next().unwrap_or(release);
    let minor = parts.next();
    let vendor = p.vendor.as_deref().unwrap_or(&distro.id).to_ascii_lowercase();
    let by_source = || p.source_name.clone().unwrap_or_else(|| p.name.clone());
    let version_of_source = || p.source_version.clone().or_else(|| p.version.clone());
    let (ecosystem, name, version) = match (p.kind, vendor.as_str()) {
        (OsPackageKind::Deb, "debian") => (format!("Debian:{major}"), by_source(), version_of_source()),
        (OsPackageKind::Deb, "ubuntu") => {
            let rel = format!("{major}.{}", minor.unwrap_or("04"));
            // OSV files long-term-support releases (even years, April) as `:LTS`.
            let lts = major.parse::<u32>().is_ok_and(|m| m % 2 == 0) && minor == Some("04");
            (if lts { format!("Ubuntu:{rel}:LTS") } else { format!("Ubuntu:{rel}") }, by_source(), version_of_source())
        }
        (OsPackageKind::Apk, "alpine") => {
            let minor = minor.ok_or_else(|| format!("Alpine release {release:?} has no minor version"))?;
            (format!("Alpine:v{major}.{minor}"), by_source(), p.version.clone())
        }
        (OsPackageKind::Apk, "wolfi") => ("Wolfi".to_string(), by_source(), p.version.clone()),
        (OsPackageKind::Apk, "chainguard") => ("Chainguard".to_string(), by_source(), p.version.clone()),
        (OsPackageKind::Rpm, "almalinux") => (format!("AlmaLinux:{major}"), p.name.clone(), p.version.clone()),
        (OsPackageKind::Rpm, "rocky" | "rockylinux" | "rocky-linux") => {
            (format!("Rocky Linux:{major}"), p.name.clone(), p.version.clone())
        }
        (kind, vendor) => return Err(format!("no OSV ecosystem for {} packages of {vendor:?}", kind.purl_type())),
    };
    let version = version.ok_or("no version")?;
    Ok((ecosystem, name, version))
}
