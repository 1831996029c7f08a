//! `Pipfile.lock` (pipenv, `pipfile-spec` 6), JSON.
//!
//! `default` holds the runtime packages, `develop` the dev packages; other
//! top-level maps are pipenv package categories (`pipenv install
//! --categories docs`), installed only on request: they are reported as Dev,
//! with the property `pipenv:category`. A package locked in several sections
//! is listed once, on its first line (`default` is read first), with the
//! strongest scope (Runtime when it is in `default`).
//!
//! Each entry: `version` (`==1.2.3`, pinned), `hashes` (kept as written,
//! `sha256:…`), `markers` (property `pypi:marker`), `extras` (property
//! `pypi:extras`), `index` (a source of `_meta.sources`: an alternate
//! registry unless it is PyPI). A registry entry without an exact version
//! (`"version": "*"`, what pipenv writes for a package whose marker was false
//! where the lock was made: no version, no hashes) is not a pin: it is not
//! listed, and a note on its line says so.
//! Entries with a VCS, file or path source and no exact `version`:
//! - VCS (`git`, with `ref`): `Origin::Git` and `Version::Unpinned(ref)`
//!   (`*` without a ref); `hg`/`svn`/`bzr`: `Origin::Url`;
//! - `file` (an archive URL): `Origin::Url`, version from the file name when
//!   it names a wheel or sdist;
//! - `path`: `Origin::Path`, unpinned `*`; but an `editable` local path
//!   (`{path = ".", editable = true}`) is the project's own code and is not
//!   listed.
//!
//! Pipfile.lock does not say which packages are direct: `direct` stays `None`
//! unless a `Pipfile` is beside the lock, then the packages named in any of
//! its package tables (`[packages]`, `[dev-packages]`, categories) are
//! direct and the others are not.

use std::collections::{HashMap, HashSet};

use crate::inventory::{Catalog, Note, ParseError, Source};
use crate::model::{Ecosystem, Origin, Package, Scope, Version};
use crate::syntax::json::{self, Value};
use crate::syntax::lines::LineIndex;

use super::common::{dist_filename, normalize, read_sibling, registry_origin, vcs_origin};

/// Pipfile tables that are not package tables.
const PIPFILE_NON_PACKAGE_TABLES: [&str; 4] = ["source", "requires", "pipenv", "scripts"];

pub fn parse(source: &Source) -> Result<Catalog, ParseError> {
    let text = source.text;
    let root = json::parse(text).map_err(|e| ParseError::from_json(text, e))?;
    let lines = LineIndex::new(text);
    let at = |offset: usize, message: String| {
        let lc = lines.line_col(offset);
        ParseError::new(lc.line, lc.column, message)
    };
    let Some(sections) = root.as_object() else {
        return Err(at(root.offset, format!("expected a JSON object, found {}", root.type_name())));
    };
    let meta = root.get("_meta");
    let sources: HashMap<&str, &str> = meta
        .and_then(|m| m.get("sources"))
        .and_then(Value::as_array)
        .unwrap_or_default()
        .iter()
        .filter_map(|s| Some((s.get_str("name")?, s.get_str("url")?)))
        .collect();
    let mut notes = Vec::new();
    let direct_names = read_pipfile(source, &mut notes);

    // `default`, then `develop`, then categories in file order.
    let mut order: Vec<&json::Member> = Vec::new();
    for name in ["default", "develop"] {
        order.extend(sections.iter().rev().find(|m| m.key == name));
    }
    order.extend(sections.iter().filter(|m| !m.key.starts_with('_') && m.key != "default" && m.key != "develop"));

    let mut packages: Vec<Package> = Vec::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for section in order {
        let Some(entries) = section.value.as_object() else {
            return Err(at(section.value.offset, format!("{:?} should be an object, found {}", section.key, section.value.type_name())));
        };
        let scope = if section.key == "default" { Scope::Runtime } else { Scope::Dev };
        for entry in entries {
            let norm = normalize(&entry.key);
            if let Some(&i) = by_name.get(&norm) {
                if let Some(p) = packages.get_mut(i) {
                    p.scope = p.scope.min(scope);
                }
                continue;
            }
            let line = lines.line(entry.key_offset);
            let mut pkg = match package(&entry.key, &entry.value, line, &sources).map_err(|(offset, m)| at(offset, m))? {
                Entry::Listed(p) => *p,
                Entry::ProjectItself => continue,
                Entry::NotLocked(version) => {
                    notes.push(Note {
                        line,
                        message: format!(
                            "{} is not locked (version {version:?}: pipenv leaves a package unpinned when its marker was false where the lock was made); not listed",
                            entry.key
                        ),
                    });
                    continue;
                }
            };
            pkg.scope = scope;
            if section.key != "default" && section.key != "develop" {
                pkg.properties.push(("pipenv:category".into(), section.key.to_string()));
            }
            if let Some(names) = &direct_names {
                pkg.direct = Some(names.contains(&norm));
            }
            by_name.insert(norm, packages.len());
            packages.push(pkg);
        }
    }
    Ok(Catalog { packages, notes })
}

/// What one entry of a section is.
enum Entry {
    Listed(Box<Package>),
    /// An editable local path: the project's own code.
    ProjectItself,
    /// A registry entry with no exact version (`"version": "*"`).
    NotLocked(String),
}

fn package(name: &str, entry: &Value, line: u32, sources: &HashMap<&str, &str>) -> Result<Entry, (usize, String)> {
    if entry.as_object().is_none() {
        return Err((entry.offset, format!("package {name:?} should be an object, found {}", entry.type_name())));
    }
    let string = |key: &str| -> Result<Option<&str>, (usize, String)> {
        match entry.get(key) {
            None => Ok(None),
            Some(v) => v
                .as_str()
                .map(Some)
                .ok_or_else(|| (v.offset, format!("{key:?} of {name:?} should be a string, found {}", v.type_name()))),
        }
    };
    let version = string("version")?;
    let editable = entry.get("editable").and_then(Value::as_bool).unwrap_or(false);
    let pinned = version
        .and_then(|v| v.strip_prefix("===").or_else(|| v.strip_prefix("==")))
        .map(str::trim)
        .filter(|v| !v.is_empty() && !v.contains('*'));

    let vcs = ["git", "hg", "svn", "bzr"].into_iter().find_map(|k| Some((k, string(k).transpose()?)));
    let (origin, fallback) = if let Some((kind, url)) = vcs {
        let url = url?;
        let reference = string("ref")?;
        let origin = if kind == "git" {
            match vcs_origin(url) {
                Origin::Git { url, rev } => Origin::Git { url, rev: reference.map(str::to_string).or(rev) },
                other => other,
            }
        } else {
            Origin::Url(url.to_string())
        };
        (origin, Version::Unpinned(reference.unwrap_or("*").to_string()))
    } else if let Some(file) = string("file")? {
        let version = match dist_filename(file) {
            Some((n, v)) if normalize(n) == normalize(name) => Version::Pinned(v.to_string()),
            _ => Version::Unpinned("*".into()),
        };
        (Origin::Url(file.to_string()), version)
    } else if let Some(path) = string("path")? {
        if editable {
            return Ok(Entry::ProjectItself);
        }
        (Origin::Path(path.to_string()), Version::Unpinned("*".into()))
    } else {
        let Some(v) = pinned else {
            return Ok(Entry::NotLocked(version.unwrap_or_default().to_string()));
        };
        let index = string("index")?;
        let origin = index.and_then(|i| sources.get(i)).map_or(Origin::Registry, |url| registry_origin(url));
        (origin, Version::Pinned(v.to_string()))
    };
    // An exact `version` beside a VCS, file or path source wins over the fallback.
    let version = match pinned {
        Some(v) => Version::Pinned(v.to_string()),
        None => fallback,
    };
    let mut pkg = Package::new(Ecosystem::PyPI, name, version, line);
    pkg.origin = origin;
    for h in entry.get("hashes").and_then(Value::as_array).unwrap_or_default() {
        if let Some(h) = h.as_str().filter(|h| !h.is_empty()) {
            pkg.hashes.push(h.to_string());
        }
    }
    if let Some(markers) = string("markers")? {
        pkg.properties.push(("pypi:marker".into(), markers.to_string()));
    }
    let extras: Vec<&str> = entry.get("extras").and_then(Value::as_array).unwrap_or_default().iter().filter_map(Value::as_str).collect();
    if !extras.is_empty() {
        pkg.properties.push(("pypi:extras".into(), extras.join(",")));
    }
    if editable {
        pkg.properties.push(("pypi:editable".into(), "true".into()));
    }
    Ok(Entry::Listed(Box::new(pkg)))
}

/// Normalised names of the packages a sibling `Pipfile` declares.
fn read_pipfile(source: &Source, notes: &mut Vec<Note>) -> Option<HashSet<String>> {
    let text = match read_sibling(source.path, "Pipfile")? {
        Ok(t) => t,
        Err(e) => {
            notes.push(Note { line: 0, message: e });
            return None;
        }
    };
    let doc: toml::Table = match toml::from_str(&text) {
        Ok(d) => d,
        Err(e) => {
            notes.push(Note {
                line: 0,
                message: format!("Pipfile beside the lockfile could not be parsed ({}); direct dependencies unknown", e.message()),
            });
            return None;
        }
    };
    let mut names = HashSet::new();
    for (table, body) in &doc {
        if PIPFILE_NON_PACKAGE_TABLES.contains(&table.as_str()) {
            continue;
        }
        if let Some(body) = body.as_table() {
            names.extend(body.keys().map(|k| normalize(k)));
        }
    }
    Some(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::testing::{find, parse_text, summary};

    const LOCK: &str = include_str!("../../../tests/fixtures/inventory/pipfile/Pipfile.lock");
    const PIPFILE: &str = include_str!("../../../tests/fixtures/inventory/pipfile/Pipfile");

    fn parse_with_pipfile(lock: &str, pipfile: &str) -> Result<Catalog, ParseError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Pipfile.lock");
        std::fs::write(dir.path().join("Pipfile"), pipfile).unwrap();
        parse(&Source {
            text: lock,
            path: &path,
            display: "Pipfile.lock",
            allow_cargo: false,
        })
    }

    #[test]
    fn pipenv_lock_default_and_develop() {
        let cat = parse_text(parse, "Pipfile.lock", LOCK).unwrap();
        assert_eq!(
            summary(&cat.packages),
            [
                "certifi@2026.10.19.post1:19",
                "charset-normalizer@3.5.3:26",
                "click@8.5.1:34",
                "idna@3.20:43",
                "iniconfig@2.3.1:89",
                "packaging@26.4:97",
                "pluggy@1.7.0:105",
                "pygments@2.21.0:113",
                "pysocks@1.7.1:51",
                "pytest@9.2.0:121",
                "requests@2.34.2:59",
                "six@1.16.0:70",
                "urllib3@2.8.0:79",
            ]
        );
        let six = find(&cat.packages, "six");
        assert_eq!(six.scope, Scope::Runtime, "in default and develop");
        let pytest = find(&cat.packages, "pytest");
        assert_eq!(pytest.scope, Scope::Dev);
        assert_eq!(pytest.direct, None, "no Pipfile: direct unknown");
        assert_eq!(pytest.property("pypi:marker"), Some("python_version >= '3.10'"));
        let requests = find(&cat.packages, "requests");
        assert_eq!(requests.property("pypi:extras"), Some("socks"));
        assert_eq!(requests.hashes.len(), 2);
        assert!(requests.hashes.iter().all(|h| h.starts_with("sha256:")));
        assert_eq!(requests.origin, Origin::Registry, "index pypi is PyPI");
        assert!(cat.notes.is_empty());
    }

    #[test]
    fn sibling_pipfile_marks_direct_packages() {
        let cat = parse_with_pipfile(LOCK, PIPFILE).unwrap();
        let direct = |n: &str| find(&cat.packages, n).direct;
        assert_eq!(direct("requests"), Some(true));
        assert_eq!(direct("click"), Some(true));
        assert_eq!(direct("pytest"), Some(true));
        assert_eq!(direct("urllib3"), Some(false));
        assert_eq!(direct("pluggy"), Some(false));
    }

    #[test]
    fn git_file_path_and_alternate_index_entries() {
        let text = r#"{
    "_meta": {"sources": [{"name": "pypi", "url": "https://pypi.org/simple"}, {"name": "corp", "url": "https://corp.example.com/simple"}]},
    "default": {
        "mylib": {"git": "https://github.com/org/mylib.git", "ref": "0123abcd"},
        "tagged": {"git": "git+https://github.com/org/tagged.git", "ref": "v2.0", "version": "==2.0"},
        "myproject": {"editable": true, "path": "."},
        "vendored": {"path": "./vendor/vendored"},
        "wheel": {"file": "https://example.com/wheel-1.2-py3-none-any.whl"},
        "private": {"version": "==3.1", "index": "corp"},
        "loose": {"version": "*"}
    },
    "develop": {}
}"#;
        let cat = parse_text(parse, "Pipfile.lock", text).unwrap();
        assert_eq!(
            summary(&cat.packages),
            ["mylib@unpinned(0123abcd):4", "private@3.1:9", "tagged@2.0:5", "vendored@unpinned(*):7", "wheel@1.2:8"]
        );
        assert_eq!(
            find(&cat.packages, "mylib").origin,
            Origin::Git { url: "https://github.com/org/mylib.git".into(), rev: Some("0123abcd".into()) }
        );
        assert_eq!(
            find(&cat.packages, "tagged").origin,
            Origin::Git { url: "https://github.com/org/tagged.git".into(), rev: Some("v2.0".into()) }
        );
        assert_eq!(find(&cat.packages, "vendored").origin, Origin::Path("./vendor/vendored".into()));
        assert_eq!(find(&cat.packages, "wheel").origin, Origin::Url("https://example.com/wheel-1.2-py3-none-any.whl".into()));
        assert_eq!(find(&cat.packages, "private").origin, Origin::AlternateRegistry("https://corp.example.com/simple".into()));
        // `"version": "*"` is what pipenv writes for a package it did not lock.
        assert_eq!(cat.notes.len(), 1, "{:?}", cat.notes);
        assert_eq!(cat.notes[0].line, 10);
        assert!(cat.notes[0].message.contains("loose"), "{:?}", cat.notes);
    }

    #[test]
    fn categories_are_dev_with_their_name() {
        let text = "{\"default\": {\"a\": {\"version\": \"==1\"}},\n\"docs\": {\"sphinx\": {\"version\": \"==7.0\"}, \"a\": {\"version\": \"==1\"}}}";
        let cat = parse_text(parse, "Pipfile.lock", text).unwrap();
        assert_eq!(summary(&cat.packages), ["a@1:1", "sphinx@7.0:2"]);
        let sphinx = find(&cat.packages, "sphinx");
        assert_eq!(sphinx.scope, Scope::Dev);
        assert_eq!(sphinx.property("pipenv:category"), Some("docs"));
        assert_eq!(find(&cat.packages, "a").scope, Scope::Runtime);
    }

    #[test]
    fn malformed_lockfiles_name_the_line() {
        let err = parse_text(parse, "Pipfile.lock", "{\n  \"default\": {\n    \"a\": {\"version\": \"==1\",}\n  }\n}").unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        let err = parse_text(parse, "Pipfile.lock", "{\n  \"default\": []\n}").unwrap_err();
        assert_eq!((err.line, err.column), (2, 14), "{err}");
        let err = parse_text(parse, "Pipfile.lock", "{\"default\": {\n\"a\": \"==1\"}}").unwrap_err();
        assert_eq!(err.line, 2, "{err}");
        let err = parse_text(parse, "Pipfile.lock", "{\"default\": {\n\"a\": {\n\"version\": 1}}}").unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        let err = parse_text(parse, "Pipfile.lock", "[]").unwrap_err();
        assert_eq!(err.line, 1, "{err}");
        let err = parse_text(parse, "Pipfile.lock", "").unwrap_err();
        assert_eq!(err.line, 1, "{err}");
    }

    #[test]
    fn truncated_input_never_panics() {
        for end in 0..LOCK.len() {
            if LOCK.is_char_boundary(end) {
                let _ = parse_text(parse, "Pipfile.lock", &LOCK[..end]);
            }
        }
    }
}
