//! Whether a `[[scan.ignore]]` rule covers a finding.

use crate::config::{IgnoreRule, PackageSpec};
use crate::model::{Finding, PackageRef};

use super::purl::PurlKey;

/// Id equality as advisories are compared: ASCII case-insensitive (GHSA ids
/// appear in both cases).
pub fn same_id(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// The finding's id or one of its aliases equals `id`.
pub fn has_id(finding: &Finding, id: &str) -> bool {
    same_id(&finding.rule_id, id) || finding.aliases.iter().any(|a| same_id(a, id))
}

/// Every condition of the rule holds for the finding (expiry is the
/// caller's business).
pub fn covers(rule: &IgnoreRule, finding: &Finding) -> bool {
    if !has_id(finding, &rule.id) {
        return false;
    }
    if let Some(purl) = &rule.purl {
        let Some(pkg) = package_purl(finding) else { return false };
        if !purl.covers(&pkg) {
            return false;
        }
    }
    if let Some(spec) = &rule.package {
        let Some(pkg) = &finding.package else { return false };
        if !package_matches(spec, pkg) {
            return false;
        }
    }
    if let Some(glob) = &rule.path
        && !glob.matches(&finding.location.path)
    {
        return false;
    }
    true
}

/// The finding's package purl, parsed; `None` without a package or when the
/// purl does not parse.
pub fn package_purl(finding: &Finding) -> Option<PurlKey> {
    PurlKey::parse(&finding.package.as_ref()?.purl).ok()
}

fn package_matches(spec: &PackageSpec, pkg: &PackageRef) -> bool {
    let name_matches = match pkg.ecosystem.as_str() {
        "PyPI" => {
            crate::model::purl::normalize_pypi_name(&spec.name) == crate::model::purl::normalize_pypi_name(&pkg.name)
        }
        "npm" | "NuGet" | "Packagist" => spec.name.eq_ignore_ascii_case(&pkg.name),
        _ => spec.name == pkg.name,
    };
    name_matches && spec.version.as_ref().is_none_or(|v| *v == pkg.version)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FindingKind, Location, Severity};
    use crate::model::date::Date;
    use crate::policy::glob::Glob;

    fn finding(id: &str, aliases: &[&str], eco: &str, name: &str, version: &str, purl: &str, path: &str) -> Finding {
        let mut f = Finding::new(
            FindingKind::Vulnerability,
            id,
            Severity::High,
            "m",
            Location { path: path.into(), line: 3, column: 0 },
            name,
        );
        f.aliases = aliases.iter().map(|a| a.to_string()).collect();
        f.package = Some(PackageRef { name: name.into(), version: version.into(), ecosystem: eco.into(), purl: purl.into() });
        f
    }

    fn rule(id: &str) -> IgnoreRule {
        IgnoreRule::new(id, "r", Date::new(2030, 1, 1).unwrap())
    }

    #[test]
    fn id_or_alias_case_insensitively() {
        let f = finding("GHSA-abcd-efgh-ijkl", &["CVE-2024-1"], "npm", "x", "1.0.0", "pkg:npm/x@1.0.0", "package-lock.json");
        assert!(covers(&rule("GHSA-abcd-efgh-ijkl"), &f));
        assert!(covers(&rule("ghsa-ABCD-efgh-ijkl"), &f));
        assert!(covers(&rule("CVE-2024-1"), &f));
        assert!(!covers(&rule("CVE-2024-2"), &f));
    }

    #[test]
    fn scopes_all_have_to_match() {
        let f = finding("CVE-1", &[], "npm", "@babel/core", "7.0.0", "pkg:npm/%40babel/core@7.0.0", "web/package-lock.json");
        let mut r = rule("CVE-1");
        r.purl = Some(PurlKey::parse("pkg:npm/@babel/core").unwrap());
        assert!(covers(&r, &f), "versionless purl");
        r.purl = Some(PurlKey::parse("pkg:npm/@babel/core@7.0.1").unwrap());
        assert!(!covers(&r, &f), "other version");
        r.purl = None;
        r.package = Some("@babel/core@7.0.0".parse().unwrap());
        assert!(covers(&r, &f));
        r.package = Some("@babel/core".parse().unwrap());
        assert!(covers(&r, &f));
        r.package = Some("@babel/core@6".parse().unwrap());
        assert!(!covers(&r, &f));
        r.package = Some("@babel/core".parse().unwrap());
        r.path = Some(Glob::new("web/**").unwrap());
        assert!(covers(&r, &f));
        r.path = Some(Glob::new("api/**").unwrap());
        assert!(!covers(&r, &f), "package matches, path does not");
    }

    #[test]
    fn package_names_follow_the_registry_rules() {
        let py = finding("CVE-1", &[], "PyPI", "Django_REST.framework", "3.15.1", "pkg:pypi/django-rest-framework@3.15.1", "requirements.txt");
        let mut r = rule("CVE-1");
        r.package = Some("django-rest-framework@3.15.1".parse().unwrap());
        assert!(covers(&r, &py));
        let cargo = finding("RUSTSEC-1", &[], "crates.io", "Serde", "1.0.0", "pkg:cargo/Serde@1.0.0", "Cargo.lock");
        let mut r = rule("RUSTSEC-1");
        r.package = Some("serde".parse().unwrap());
        assert!(!covers(&r, &cargo), "crates.io names are exact");
    }

    #[test]
    fn package_scopes_never_match_findings_without_a_package() {
        let mut f = finding("k8s/run-as-root", &[], "", "", "", "", "deploy/app.yaml");
        f.package = None;
        let mut r = rule("k8s/run-as-root");
        assert!(covers(&r, &f));
        r.package = Some("x".parse().unwrap());
        assert!(!covers(&r, &f));
        r.package = None;
        r.purl = Some(PurlKey::parse("pkg:npm/x").unwrap());
        assert!(!covers(&r, &f));
    }

    #[test]
    fn package_specs_parse() {
        let s: PackageSpec = "github.com/x/y@v1.2.3".parse().unwrap();
        assert_eq!((s.name.as_str(), s.version.as_deref()), ("github.com/x/y", Some("v1.2.3")));
        let s: PackageSpec = "@scope/name".parse().unwrap();
        assert_eq!((s.name.as_str(), s.version), ("@scope/name", None));
        assert!("x@".parse::<PackageSpec>().is_err());
        assert!("".parse::<PackageSpec>().is_err());
    }
}
