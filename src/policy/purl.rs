//! Package URLs as policy compares them: type, namespace, name and version,
//! percent-decoded; qualifiers and subpath are dropped.
//!
//! A rule's or VEX product's purl *covers* a package's purl when type,
//! namespace and name are equal and the rule either names no version (all
//! versions) or the same version. Names are compared the way the ecosystem's
//! registry compares them: PyPI names PEP 503-normalised; npm, Composer,
//! NuGet, GitHub and Bitbucket names case-insensitively; everything else
//! exactly.

use std::fmt;

use crate::model::purl::normalize_pypi_name;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PurlKey {
    pub ty: String,
    pub namespace: Option<String>,
    pub name: String,
    pub version: Option<String>,
}

impl PurlKey {
    /// Parses `pkg:type/namespace/name@version?qualifiers#subpath`.
    pub fn parse(text: &str) -> Result<PurlKey, String> {
        let bad = |why: &str| format!("invalid package URL {text:?}: {why}");
        let rest = text
            .strip_prefix("pkg:")
            .or_else(|| text.strip_prefix("PKG:"))
            .ok_or_else(|| bad("must start with `pkg:`"))?;
        let rest = rest.trim_start_matches('/');
        let rest = rest.split_once('#').map_or(rest, |(before, _subpath)| before);
        let rest = rest.split_once('?').map_or(rest, |(before, _qualifiers)| before);
        let (ty, path) = rest.split_once('/').ok_or_else(|| bad("no type/name"))?;
        if ty.is_empty() || !ty.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-')) {
            return Err(bad("invalid type"));
        }
        let ty = ty.to_ascii_lowercase();
        let path = path.trim_end_matches('/');
        // The version follows the last '@' that does not start a segment
        // (npm scopes may be written `@scope` unencoded).
        let version_at = path
            .char_indices()
            .rev()
            .find(|&(i, c)| c == '@' && i > 0 && !path[..i].ends_with('/'))
            .map(|(i, _)| i);
        let (path, version) = match version_at {
            Some(i) => (&path[..i], Some(decode(&path[i + 1..]))),
            None => (path, None),
        };
        let version = version.filter(|v| !v.is_empty());
        let (namespace, name) = match path.rsplit_once('/') {
            Some((ns, name)) => (Some(ns), name),
            None => (None, path),
        };
        if name.is_empty() {
            return Err(bad("empty name"));
        }
        let namespace = namespace
            .map(|ns| ns.split('/').filter(|s| !s.is_empty()).map(decode).collect::<Vec<_>>().join("/"))
            .filter(|ns| !ns.is_empty());
        let name = decode(name);
        let (namespace, name) = normalize(&ty, namespace, name);
        Ok(PurlKey { ty, namespace, name, version })
    }

    /// Whether this purl (a rule's or a VEX product's) covers `package`.
    pub fn covers(&self, package: &PurlKey) -> bool {
        self.ty == package.ty
            && self.namespace == package.namespace
            && self.name == package.name
            && self.version.as_ref().is_none_or(|v| Some(v) == package.version.as_ref())
    }
}

impl fmt::Display for PurlKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "pkg:{}/", self.ty)?;
        if let Some(ns) = &self.namespace {
            write!(f, "{ns}/")?;
        }
        f.write_str(&self.name)?;
        if let Some(v) = &self.version {
            write!(f, "@{v}")?;
        }
        Ok(())
    }
}

fn normalize(ty: &str, namespace: Option<String>, name: String) -> (Option<String>, String) {
    match ty {
        "pypi" => (namespace, normalize_pypi_name(&name)),
        "npm" | "composer" | "nuget" | "github" | "bitbucket" => {
            (namespace.map(|n| n.to_lowercase()), name.to_lowercase())
        }
        _ => (namespace, name),
    }
}

/// Percent-decoding; malformed escapes are kept as written.
fn decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let (Some(h), Some(l)) = (b.get(i + 1).and_then(hex), b.get(i + 2).and_then(hex))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: &u8) -> Option<u8> {
    (*b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> PurlKey {
        PurlKey::parse(s).unwrap()
    }

    #[test]
    fn parses_the_parts_and_drops_qualifiers() {
        let k = p("pkg:npm/%40babel/core@7.24.0?repository_url=x#sub/path");
        assert_eq!(k.ty, "npm");
        assert_eq!(k.namespace.as_deref(), Some("@babel"));
        assert_eq!(k.name, "core");
        assert_eq!(k.version.as_deref(), Some("7.24.0"));
        assert_eq!(p("pkg:npm/@babel/core@7.24.0"), k, "unencoded scope");
        assert_eq!(p("pkg:npm/@babel/core").version, None);
        assert_eq!(
            p("pkg:golang/github.com/Azure/go-autorest@v14.2.0%2Bincompatible").version.as_deref(),
            Some("v14.2.0+incompatible")
        );
        assert_eq!(p("pkg:golang/github.com/Azure/go-autorest").namespace.as_deref(), Some("github.com/Azure"));
        assert_eq!(p("pkg:PyPI/Django_REST.framework@3.15.1").name, "django-rest-framework");
        assert_eq!(p("pkg:maven/org.apache.commons/commons-lang3@3.14.0").to_string(), "pkg:maven/org.apache.commons/commons-lang3@3.14.0");
        assert_eq!(p("pkg:cargo/serde@").version, None);
        for bad in ["npm/left-pad@1", "pkg:left-pad", "pkg:/x", "pkg:npm/", "pkg:np m/x"] {
            assert!(PurlKey::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn coverage_by_version_and_case_rules() {
        let pkg = p("pkg:npm/lodash@4.17.20?vcs_url=git%2Bhttps://x");
        assert!(p("pkg:npm/lodash@4.17.20").covers(&pkg));
        assert!(p("pkg:npm/lodash").covers(&pkg), "versionless covers all versions");
        assert!(p("pkg:npm/Lodash").covers(&pkg), "npm names are case-insensitive");
        assert!(!p("pkg:npm/lodash@4.17.21").covers(&pkg));
        assert!(!p("pkg:cargo/lodash").covers(&pkg));
        assert!(!p("pkg:npm/lodash@4.17.20").covers(&p("pkg:npm/lodash")), "a versioned rule needs a version");
        assert!(!p("pkg:golang/github.com/azure/go-autorest").covers(&p("pkg:golang/github.com/Azure/go-autorest@v1")));
        assert!(p("pkg:pypi/zope.interface@6.0").covers(&p("pkg:pypi/zope-interface@6.0")));
    }
}
