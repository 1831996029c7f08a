//! `composer.lock` (Composer 1 and 2).
//!
//! Every entry of `packages` is a runtime package and every entry of
//! `packages-dev` a `Dev` one, named `vendor/name` and versioned exactly as
//! written (`v6.4.1`, `6.4.1`, `dev-main`): Packagist advisories compare
//! normalised versions later. The line is that of the entry's `"name"` key.
//!
//! Decisions:
//! - Origin: `dist.type == "path"` (a path repository) gives a `Path` origin
//!   with the path as written; such packages are kept (they may be vendored
//!   third-party code), like Cargo path crates. A `notification-url` other
//!   than packagist.org's marks a package from another Composer repository
//!   (`AlternateRegistry`, the URL without its `downloads/` suffix).
//!   Otherwise the origin is the registry: Packagist packages carry a `git`
//!   source too, so the source type does not tell a VCS repository apart;
//!   the commit is kept as property `composer:reference`.
//! - `dist.shasum` (SHA-1, often empty) becomes a `sha1:<hex>` hash.
//! - Edges come from each package's `require` map, skipping platform
//!   requirements (`php`, `php-*`, `hhvm`, `ext-*`, `lib-*`, `composer`,
//!   `composer-plugin-api`, `composer-runtime-api`); a requirement satisfied
//!   through another package's `replace`/`provide` points at that package.
//! - `direct` comes from the sibling `composer.json` (`require` and
//!   `require-dev`) when present, else it is unknown (`None`).
//! - Root `aliases` (`"dev-main as 1.0.0"`) are kept as property
//!   `composer:alias`.

use std::collections::{HashMap, HashSet};

use crate::inventory::{Catalog, Note, ParseError, Source};
use crate::model::{Ecosystem, Origin, Package, Scope};
use crate::syntax::json::{self, Value};
use crate::syntax::lines::LineIndex;

const PACKAGIST_NOTIFY: &str = "https://packagist.org/downloads/";

pub fn parse(source: &Source) -> Result<Catalog, ParseError> {
    let text = source.text;
    let root = json::parse(text).map_err(|e| ParseError::from_json(text, e))?;
    let lines = LineIndex::new(text);
    let at = |v: &Value| {
        let lc = lines.line_col(v.offset);
        (lc.line, lc.column)
    };
    if root.as_object().is_none() {
        let (l, c) = at(&root);
        return Err(ParseError::new(
            l,
            c,
            format!("composer.lock must be a JSON object, found {}", root.type_name()),
        ));
    }
    let mut notes = Vec::new();

    let mut aliases: HashMap<(String, String), String> = HashMap::new();
    for alias in root.get("aliases").and_then(Value::as_array).unwrap_or(&[]) {
        if let (Some(p), Some(v), Some(a)) = (
            alias.get_str("package"),
            alias.get_str("version"),
            alias.get_str("alias"),
        ) {
            aliases.insert((p.to_ascii_lowercase(), v.to_string()), a.to_string());
        }
    }

    struct Entry<'v, 'a> {
        value: &'v Value<'a>,
        package: Package,
    }
    let mut entries: Vec<Entry> = Vec::new();
    let mut keys: HashSet<String> = HashSet::new();
    for (section, scope) in [("packages", Scope::Runtime), ("packages-dev", Scope::Dev)] {
        let list = match root.get(section) {
            None => continue,
            Some(v) if matches!(v.kind, json::Kind::Null) => continue,
            Some(v) => v.as_array().ok_or_else(|| {
                let (l, c) = at(v);
                ParseError::new(l, c, format!("\"{section}\" must be an array, found {}", v.type_name()))
            })?,
        };
        for item in list {
            let members = item.as_object().ok_or_else(|| {
                let (l, c) = at(item);
                ParseError::new(l, c, format!("a package must be an object, found {}", item.type_name()))
            })?;
            let Some(name_member) = members.iter().rev().find(|m| m.key == "name") else {
                let (l, c) = at(item);
                return Err(ParseError::new(l, c, "package without a \"name\""));
            };
            let Some(name) = name_member.value.as_str() else {
                let (l, c) = at(&name_member.value);
                return Err(ParseError::new(l, c, "\"name\" must be a string"));
            };
            let Some(version) = item.get_str("version") else {
                let (l, c) = at(item);
                return Err(ParseError::new(
                    l,
                    c,
                    format!("package {name} has no \"version\" string"),
                ));
            };
            let line = lines.line(name_member.key_offset);
            let mut pkg = Package::pinned(Ecosystem::Packagist, name, version, line);
            if !keys.insert(pkg.key.clone()) {
                notes.push(Note {
                    line,
                    message: format!("{name} {version} is listed twice; the second entry is ignored"),
                });
                continue;
            }
            pkg.scope = scope;
            describe(item, &mut pkg);
            if let Some(alias) = aliases.get(&(name.to_ascii_lowercase(), version.to_string())) {
                pkg.properties.push(("composer:alias".into(), alias.clone()));
            }
            entries.push(Entry {
                value: item,
                package: pkg,
            });
        }
    }

    // Name (lowercase) → key, including names satisfied via replace/provide.
    let mut by_name: HashMap<String, String> = HashMap::new();
    for e in &entries {
        by_name.insert(e.package.name.to_ascii_lowercase(), e.package.key.clone());
    }
    for e in &entries {
        for field in ["replace", "provide"] {
            for m in e.value.members(field) {
                by_name
                    .entry(m.key.to_ascii_lowercase())
                    .or_insert_with(|| e.package.key.clone());
            }
        }
    }
    for e in &mut entries {
        let mut deps = Vec::new();
        let mut seen = HashSet::new();
        for m in e.value.members("require") {
            let dep = m.key.to_ascii_lowercase();
            if is_platform_requirement(&dep) {
                continue;
            }
            if let Some(key) = by_name.get(&dep)
                && *key != e.package.key
                && seen.insert(key)
            {
                deps.push(key.clone());
            }
        }
        e.package.depends_on = deps;
    }

    let mut packages: Vec<Package> = entries.into_iter().map(|e| e.package).collect();
    if let Some(direct) = direct_names(source, &mut notes) {
        for p in &mut packages {
            p.direct = Some(direct.contains(&p.name.to_ascii_lowercase()));
        }
    }
    Ok(Catalog { packages, notes })
}

/// Origin, reference, hash.
fn describe(item: &Value, pkg: &mut Package) {
    let dist = item.get("dist");
    let source = item.get("source");
    let dist_type = dist.and_then(|d| d.get_str("type"));
    if dist_type == Some("path") {
        pkg.origin = Origin::Path(dist.and_then(|d| d.get_str("url")).unwrap_or_default().to_string());
    } else if let Some(url) = item.get_str("notification-url").filter(|u| *u != PACKAGIST_NOTIFY) {
        let base = url
            .strip_suffix("downloads/")
            .or_else(|| url.strip_suffix("downloads"))
            .unwrap_or(url);
        pkg.origin = Origin::AlternateRegistry(base.to_string());
    }
    let reference = source
        .and_then(|s| s.get_str("reference"))
        .or_else(|| dist.and_then(|d| d.get_str("reference")))
        .filter(|r| !r.is_empty());
    if let Some(r) = reference {
        pkg.properties.push(("composer:reference".into(), r.to_string()));
    }
    if let Some(sha) = dist.and_then(|d| d.get_str("shasum")).filter(|s| !s.is_empty()) {
        pkg.hashes.push(format!("sha1:{sha}"));
    }
}

/// Requirements on the PHP platform rather than on packages.
fn is_platform_requirement(name: &str) -> bool {
    name == "php"
        || name.starts_with("php-")
        || name == "hhvm"
        || name.starts_with("ext-")
        || name.starts_with("lib-")
        || name == "composer"
        || name == "composer-plugin-api"
        || name == "composer-runtime-api"
}

/// Lowercased package names of the sibling composer.json's `require` and
/// `require-dev`; `None` when there is no such file.
fn direct_names(source: &Source, notes: &mut Vec<Note>) -> Option<HashSet<String>> {
    let path = source.path.parent()?.join("composer.json");
    let text = std::fs::read_to_string(&path).ok()?;
    let manifest = match json::parse(&text) {
        Ok(v) => v,
        Err(e) => {
            let lc = LineIndex::new(&text).line_col(e.offset);
            notes.push(Note {
                line: 0,
                message: format!(
                    "composer.json beside the lockfile is not valid JSON (line {}, column {}: {}); direct dependencies unknown",
                    lc.line, lc.column, e.message
                ),
            });
            return None;
        }
    };
    let mut names = HashSet::new();
    for field in ["require", "require-dev"] {
        for m in manifest.members(field) {
            names.insert(m.key.to_ascii_lowercase());
        }
    }
    Some(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::testing::{find, parse_text, summary};
    use crate::model::Version;

    const LOCK: &str = include_str!("../../../tests/fixtures/inventory/composer/app/composer.lock");

    fn parse_fixture_on_disk() -> Catalog {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/inventory/composer/app/composer.lock");
        parse(&Source {
            text: LOCK,
            path: &path,
            display: "composer.lock",
            allow_cargo: false,
        })
        .unwrap()
    }

    #[test]
    fn packages_and_dev_packages_with_name_lines() {
        let cat = parse_text(parse, "composer.lock", LOCK).unwrap();
        assert_eq!(
            summary(&cat.packages),
            [
                "acme/shared-utils@dev-main:147",
                "guzzlehttp/guzzle@7.8.1:10",
                "guzzlehttp/promises@2.0.2:42",
                "monolog/monolog@3.5.0:67",
                "phpunit/phpunit@10.5.10:194",
                "psr/log@3.0.0:97",
                "sebastian/diff@5.1.0:221",
                "symfony/console@v6.4.1:166",
                "symfony/polyfill-mbstring@v1.28.0:122",
            ]
        );
        assert_eq!(find(&cat.packages, "phpunit/phpunit").scope, Scope::Dev);
        assert_eq!(find(&cat.packages, "guzzlehttp/guzzle").scope, Scope::Runtime);
        // `v` prefixes are kept as written.
        assert_eq!(
            find(&cat.packages, "symfony/console").version,
            Version::Pinned("v6.4.1".into())
        );
        assert_eq!(
            find(&cat.packages, "symfony/polyfill-mbstring").purl().to_string(),
            "pkg:composer/symfony/polyfill-mbstring@v1.28.0"
        );
    }

    #[test]
    fn git_reference_is_a_property_and_origin_stays_registry() {
        let cat = parse_text(parse, "composer.lock", LOCK).unwrap();
        let guzzle = find(&cat.packages, "guzzlehttp/guzzle");
        assert_eq!(guzzle.origin, Origin::Registry);
        assert_eq!(
            guzzle.property("composer:reference"),
            Some("41042bc7ab002487b876a0683fc8dce04ddce104")
        );
    }

    #[test]
    fn path_repositories_and_private_repositories() {
        let cat = parse_text(parse, "composer.lock", LOCK).unwrap();
        let local = find(&cat.packages, "acme/shared-utils");
        assert_eq!(local.origin, Origin::Path("../packages/shared-utils".into()));
        assert_eq!(local.property("composer:alias"), Some("1.2.x-dev"));
        let console = find(&cat.packages, "symfony/console");
        assert_eq!(
            console.origin,
            Origin::AlternateRegistry("https://repo.packagist.com/acme/".into())
        );
    }

    #[test]
    fn edges_skip_platform_requirements_and_follow_provide() {
        let cat = parse_text(parse, "composer.lock", LOCK).unwrap();
        let guzzle = find(&cat.packages, "guzzlehttp/guzzle");
        // php, ext-json skipped; psr/http-client-implementation is provided by guzzle itself.
        assert_eq!(
            guzzle.depends_on,
            ["guzzlehttp/promises@2.0.2", "symfony/polyfill-mbstring@v1.28.0"]
        );
        let monolog = find(&cat.packages, "monolog/monolog");
        // psr/log-implementation is provided by monolog itself; psr/log resolves.
        assert_eq!(monolog.depends_on, ["psr/log@3.0.0"]);
        let phpunit = find(&cat.packages, "phpunit/phpunit");
        assert_eq!(phpunit.depends_on, ["sebastian/diff@5.1.0"]);
    }

    #[test]
    fn shasum_becomes_sha1_hash() {
        let cat = parse_text(parse, "composer.lock", LOCK).unwrap();
        assert_eq!(
            find(&cat.packages, "psr/log").hashes,
            ["sha1:fe5ea303b0887d5caefd3d431c3e61ad47037001"]
        );
        assert!(find(&cat.packages, "guzzlehttp/guzzle").hashes.is_empty());
    }

    #[test]
    fn direct_from_sibling_composer_json() {
        let cat = parse_fixture_on_disk();
        assert_eq!(find(&cat.packages, "guzzlehttp/guzzle").direct, Some(true));
        assert_eq!(find(&cat.packages, "monolog/monolog").direct, Some(true));
        assert_eq!(find(&cat.packages, "phpunit/phpunit").direct, Some(true));
        assert_eq!(find(&cat.packages, "psr/log").direct, Some(false));
        assert_eq!(find(&cat.packages, "sebastian/diff").direct, Some(false));
        // Without composer.json: unknown.
        let cat = parse_text(parse, "composer.lock", LOCK).unwrap();
        assert!(cat.packages.iter().all(|p| p.direct.is_none()));
    }

    #[test]
    fn replace_satisfies_requirements() {
        let text = r#"{"packages": [
  {"name": "a/a", "version": "1.0.0", "require": {"b/b": "^1", "php": ">=8"}},
  {"name": "c/c", "version": "2.0.0", "replace": {"b/b": "self.version"}}
], "packages-dev": null}"#;
        let cat = parse_text(parse, "composer.lock", text).unwrap();
        assert_eq!(find(&cat.packages, "a/a").depends_on, ["c/c@2.0.0"]);
        assert_eq!(summary(&cat.packages), ["a/a@1.0.0:2", "c/c@2.0.0:3"]);
    }

    #[test]
    fn malformed_lockfiles_name_the_line() {
        let cases: &[(&str, u32)] = &[
            ("{\n  \"packages\": [\n    {\"name\": \"a/a\",}\n  ]\n}", 3),
            ("{\n  \"packages\": {}\n}", 2),
            ("{\n  \"packages\": [\n    {\"version\": \"1.0\"}\n  ]\n}", 3),
            ("{\n  \"packages\": [\n    {\"name\": \"a/a\"}\n  ]\n}", 3),
            ("{\n  \"packages\": [\n    {\"name\": 3, \"version\": \"1\"}\n  ]\n}", 3),
            ("{\n  \"packages\": [\n    \"a/a\"\n  ]\n}", 3),
            ("\n[]", 2),
            ("", 1),
        ];
        for (text, line) in cases {
            let err = parse_text(parse, "composer.lock", text).unwrap_err();
            assert_eq!(err.line, *line, "{text:?}: {err}");
        }
    }

    #[test]
    fn duplicate_entries_are_noted() {
        let text = "{\"packages\": [{\"name\": \"a/a\", \"version\": \"1\"}],\n\"packages-dev\": [{\"name\": \"a/a\", \"version\": \"1\"}]}";
        let cat = parse_text(parse, "composer.lock", text).unwrap();
        assert_eq!(summary(&cat.packages), ["a/a@1:1"]);
        assert!(cat.notes.iter().any(|n| n.line == 2));
    }

    #[test]
    fn truncated_input_never_panics() {
        for end in (0..=LOCK.len()).filter(|i| LOCK.is_char_boundary(*i)) {
            let _ = parse_text(parse, "composer.lock", &LOCK[..end]);
        }
    }

    #[test]
    fn large_lockfile_parses_quickly() {
        let mut text = String::from("{\"packages\": [\n");
        for i in 0..10_000 {
            if i > 0 {
                text.push_str(",\n");
            }
            text.push_str(&format!(
                "{{\"name\": \"v{i}/p{i}\", \"version\": \"1.0.{i}\", \"require\": {{\"php\": \">=8\", \"v{}/p{}\": \"^1\"}}, \"dist\": {{\"type\": \"zip\", \"shasum\": \"\"}}}}",
                i + 1,
                i + 1
            ));
        }
        text.push_str("\n]}");
        let start = std::time::Instant::now();
        let cat = parse_text(parse, "composer.lock", &text).unwrap();
        assert_eq!(cat.packages.len(), 10_000);
        assert!(start.elapsed().as_secs() < 2);
    }
}
