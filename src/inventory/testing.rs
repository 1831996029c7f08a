//! Helpers for cataloger unit tests.

use super::{Catalog, ParseError, Source};
use crate::model::Package;

/// Parses `text` with `parse` as if it were the file `name`.
pub fn parse_text(
    parse: fn(&Source) -> Result<Catalog, ParseError>,
    name: &str,
    text: &str,
) -> Result<Catalog, ParseError> {
    parse(&Source::from_text(text, name))
}

/// `name@version:line` of every package, sorted, for compact assertions.
pub fn summary(packages: &[Package]) -> Vec<String> {
    let mut v: Vec<String> = packages
        .iter()
        .map(|p| {
            let version = match &p.version {
                crate::model::Version::Pinned(v) => v.clone(),
                crate::model::Version::Unpinned(c) => format!("unpinned({c})"),
                crate::model::Version::Unresolved(r) => format!("unresolved({r})"),
            };
            format!("{}@{}:{}", p.name, version, p.line)
        })
        .collect();
    v.sort();
    v
}

/// The package named `name` (first match); panics in tests when absent.
pub fn find<'a>(packages: &'a [Package], name: &str) -> &'a Package {
    packages
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no package {name} in {:?}", summary(packages)))
}
