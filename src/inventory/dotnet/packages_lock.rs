//! NuGet `packages.lock.json`, lockfile versions 1 and 2 (2 adds central
//! package management and its `CentralTransitive` entries).
//!
//! Layout: `dependencies` → one object per target framework (`net8.0`, or
//! `net8.0/linux-x64` for a runtime-specific graph) → `PackageId → {type,
//! requested, resolved, contentHash, dependencies}`.
//!
//! Decisions:
//! - `Project` entries are the solution's own projects (project references):
//!   not packages, and edges to them are dropped.
//! - The same package (id compared case-insensitively, as NuGet does) and
//!   resolved version under several frameworks is one package, at the line of
//!   its first appearance, with property `nuget:frameworks` listing them all.
//!   Different resolved versions stay distinct packages.
//! - `direct` is `Some(true)` when the entry is `Direct` under any framework,
//!   else `Some(false)`; the `requested` range of a direct entry is kept as
//!   property `nuget:requested`.
//! - `contentHash` (base64 SHA-512 of the package) becomes `sha512-<base64>`.
//! - Edges: each `dependencies` name resolves to the version locked under the
//!   same framework.
//! - NuGet has no development dependencies: every package is `Runtime`.

use std::collections::{HashMap, HashSet};

use crate::inventory::{Catalog, Note, ParseError, Source};
use crate::model::{Ecosystem, Package};
use crate::syntax::json::{self, Value};
use crate::syntax::lines::LineIndex;

/// One framework's packages by lowercase id, and the entries that list
/// dependencies (package index, entry).
type FrameworkGraph<'v, 'a> = (HashMap<String, usize>, Vec<(usize, &'v Value<'a>)>);

pub fn parse(source: &Source) -> Result<Catalog, ParseError> {
    let text = source.text;
    let root = json::parse(text).map_err(|e| ParseError::from_json(text, e))?;
    let lines = LineIndex::new(text);
    let err = |offset: usize, message: String| {
        let lc = lines.line_col(offset);
        ParseError::new(lc.line, lc.column, message)
    };
    if root.as_object().is_none() {
        return Err(err(
            root.offset,
            format!("packages.lock.json must be a JSON object, found {}", root.type_name()),
        ));
    }
    let mut notes = Vec::new();
    match root.get("version") {
        Some(v) if matches!(v.as_number(), Some("1" | "2")) => {}
        Some(v) => {
            let shown = v.as_number().map_or_else(|| v.type_name().to_string(), str::to_string);
            return Err(err(
                v.offset,
                format!("unsupported packages.lock.json version {shown} (1 and 2 are supported)"),
            ));
        }
        None => notes.push(Note {
            line: 0,
            message: "no \"version\" field: read as version 1".into(),
        }),
    }
    let frameworks = match root.get("dependencies") {
        Some(v) => v.as_object().ok_or_else(|| {
            err(
                v.offset,
                format!("\"dependencies\" must be an object, found {}", v.type_name()),
            )
        })?,
        None => {
            notes.push(Note {
                line: 0,
                message: "no \"dependencies\" object: nothing is locked".into(),
            });
            return Ok(Catalog {
                packages: Vec::new(),
                notes,
            });
        }
    };

    let mut packages: Vec<Package> = Vec::new();
    let mut frameworks_of: Vec<Vec<String>> = Vec::new();
    // (lowercase id, resolved version) → index in `packages`.
    let mut index: HashMap<(String, String), usize> = HashMap::new();
    // Per framework: (package index, entry) pairs, to resolve edges after.
    let mut per_framework: Vec<FrameworkGraph> = Vec::new();

    for fw in frameworks {
        let entries = fw.value.as_object().ok_or_else(|| {
            err(
                fw.value.offset,
                format!(
                    "framework \"{}\" must be an object, found {}",
                    fw.key,
                    fw.value.type_name()
                ),
            )
        })?;
        let mut by_name: HashMap<String, usize> = HashMap::new();
        let mut with_deps: Vec<(usize, &Value)> = Vec::new();
        for m in entries {
            let entry = &m.value;
            if entry.as_object().is_none() {
                return Err(err(
                    entry.offset,
                    format!("package \"{}\" must be an object, found {}", m.key, entry.type_name()),
                ));
            }
            let kind = entry.get_str("type").unwrap_or("");
            if kind.eq_ignore_ascii_case("Project") {
                continue;
            }
            let Some(resolved) = entry.get_str("resolved") else {
                return Err(err(
                    m.key_offset,
                    format!("package \"{}\" has no \"resolved\" version", m.key),
                ));
            };
            let id = (m.key.to_ascii_lowercase(), resolved.to_string());
            let i = match index.get(&id) {
                Some(&i) => i,
                None => {
                    let mut pkg = Package::pinned(Ecosystem::NuGet, m.key.as_ref(), resolved, lines.line(m.key_offset));
                    pkg.direct = Some(false);
                    if let Some(hash) = entry.get_str("contentHash").filter(|h| !h.is_empty()) {
                        pkg.hashes.push(format!("sha512-{hash}"));
                    }
                    index.insert(id, packages.len());
                    packages.push(pkg);
                    frameworks_of.push(Vec::new());
                    packages.len() - 1
                }
            };
            if let Some(pkg) = packages.get_mut(i)
                && kind.eq_ignore_ascii_case("Direct")
            {
                pkg.direct = Some(true);
                if pkg.property("nuget:requested").is_none()
                    && let Some(requested) = entry.get_str("requested")
                {
                    pkg.properties.push(("nuget:requested".into(), requested.to_string()));
                }
            }
            if let Some(fws) = frameworks_of.get_mut(i)
                && !fws.iter().any(|f| f == fw.key.as_ref())
            {
                fws.push(fw.key.to_string());
            }
            by_name.insert(m.key.to_ascii_lowercase(), i);
            if !entry.members("dependencies").is_empty() {
                with_deps.push((i, entry));
            }
        }
        per_framework.push((by_name, with_deps));
    }

    // Edges already recorded, as (from, to) package indices.
    let mut edges: HashSet<(usize, usize)> = HashSet::new();
    for (by_name, with_deps) in &per_framework {
        for (i, entry) in with_deps {
            for dep in entry.members("dependencies") {
                let Some(&j) = by_name.get(&dep.key.to_ascii_lowercase()) else {
                    continue;
                };
                let Some(key) = packages.get(j).map(|p| p.key.clone()) else {
                    continue;
                };
                if let Some(pkg) = packages.get_mut(*i)
                    && j != *i
                    && edges.insert((*i, j))
                {
                    pkg.depends_on.push(key);
                }
            }
        }
    }
    for (pkg, fws) in packages.iter_mut().zip(frameworks_of) {
        if !fws.is_empty() {
            pkg.properties.push(("nuget:frameworks".into(), fws.join(",")));
        }
    }
    Ok(Catalog { packages, notes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::testing::{find, parse_text, summary};
    use crate::model::Scope;

    const LOCK: &str = include_str!("../../../tests/fixtures/inventory/nuget/packages.lock.json");

    #[test]
    fn packages_with_lines_deduplicated_across_frameworks() {
        let cat = parse_text(parse, "packages.lock.json", LOCK).unwrap();
        assert_eq!(
            summary(&cat.packages),
            [
                "Microsoft.Extensions.DependencyInjection.Abstractions@8.0.0:19",
                "Microsoft.Extensions.Logging.Abstractions@8.0.0:11",
                "Microsoft.NETCore.Platforms@1.1.0:24",
                "Newtonsoft.Json.Bson@1.0.2:29",
                "Newtonsoft.Json@13.0.1:57",
                "Newtonsoft.Json@13.0.3:5",
                "Serilog@3.1.1:37",
                "System.Text.Json@8.0.4:42",
                "runtime.linux-x64.Microsoft.DotNet.ILCompiler@8.0.5:92",
            ]
        );
        let logging = find(&cat.packages, "Microsoft.Extensions.Logging.Abstractions");
        assert_eq!(
            logging.property("nuget:frameworks"),
            Some("net8.0,net6.0,net8.0/linux-x64")
        );
        assert!(cat.packages.iter().all(|p| p.scope == Scope::Runtime));
    }

    #[test]
    fn project_entries_are_not_packages() {
        let cat = parse_text(parse, "packages.lock.json", LOCK).unwrap();
        assert!(cat.packages.iter().all(|p| p.name != "Acme.Core"));
        let serilog = find(&cat.packages, "Serilog");
        assert!(serilog.depends_on.is_empty());
    }

    #[test]
    fn direct_from_type_and_requested_range() {
        let cat = parse_text(parse, "packages.lock.json", LOCK).unwrap();
        let json = cat.packages.iter().find(|p| p.key == "Newtonsoft.Json@13.0.3").unwrap();
        assert_eq!(json.direct, Some(true));
        assert_eq!(json.property("nuget:requested"), Some("[13.0.3, )"));
        // Transitive under net8.0, Direct under net6.0: direct.
        assert_eq!(find(&cat.packages, "Serilog").direct, Some(true));
        assert_eq!(find(&cat.packages, "Microsoft.NETCore.Platforms").direct, Some(false));
        // CentralTransitive is not direct.
        assert_eq!(find(&cat.packages, "System.Text.Json").direct, Some(false));
    }

    #[test]
    fn content_hash_becomes_sha512() {
        let cat = parse_text(parse, "packages.lock.json", LOCK).unwrap();
        let json = cat.packages.iter().find(|p| p.key == "Newtonsoft.Json@13.0.3").unwrap();
        assert_eq!(
            json.hashes,
            ["sha512-HrC5BXdl00IP9zeV+0Z848QWPAoCr9P3bDEZguI+gkLcBKAOxix/tLEAAHC+UvDNPv4a2d18lOReHMOagPa+zQ=="]
        );
        assert!(crate::sbom::hashes::parse(&json.hashes[0]).is_some());
    }

    #[test]
    fn edges_resolve_within_the_same_framework() {
        let cat = parse_text(parse, "packages.lock.json", LOCK).unwrap();
        let logging = find(&cat.packages, "Microsoft.Extensions.Logging.Abstractions");
        assert_eq!(
            logging.depends_on,
            ["Microsoft.Extensions.DependencyInjection.Abstractions@8.0.0"]
        );
        // net8.0 locks Newtonsoft.Json 13.0.3, net6.0 locks 13.0.1: each framework's own.
        let bson = find(&cat.packages, "Newtonsoft.Json.Bson");
        assert_eq!(bson.depends_on, ["Newtonsoft.Json@13.0.3", "Newtonsoft.Json@13.0.1"]);
        assert_eq!(bson.property("nuget:frameworks"), Some("net8.0,net6.0"));
        let serilog = find(&cat.packages, "Serilog");
        assert_eq!(serilog.property("nuget:frameworks"), Some("net8.0,net6.0"));
    }

    #[test]
    fn version_field_is_checked() {
        let err = parse_text(
            parse,
            "packages.lock.json",
            "{\n  \"version\": 3,\n  \"dependencies\": {}\n}",
        )
        .unwrap_err();
        assert_eq!((err.line, err.column), (2, 14), "{err}");
        let cat = parse_text(parse, "packages.lock.json", "{\"version\": 2, \"dependencies\": {}}").unwrap();
        assert!(cat.packages.is_empty());
    }

    #[test]
    fn malformed_lockfiles_name_the_line() {
        let cases: &[(&str, u32)] = &[
            ("{\n  \"version\": 1,\n  \"dependencies\": []\n}", 3),
            (
                "{\n  \"version\": 1,\n  \"dependencies\": {\n    \"net8.0\": 1\n  }\n}",
                4,
            ),
            (
                "{\n  \"version\": 1,\n  \"dependencies\": {\n    \"net8.0\": {\n      \"A\": {\"type\": \"Direct\"}\n    }\n  }\n}",
                5,
            ),
            (
                "{\n  \"version\": 1,\n  \"dependencies\": {\n    \"net8.0\": {\n      \"A\": \"1.0\"\n    }\n  }\n}",
                5,
            ),
            (
                "{\n  \"version\": 1,\n  \"dependencies\": {\n    \"net8.0\": {\n      \"A\": {\n    }\n  }\n",
                8,
            ),
            ("[1]", 1),
        ];
        for (text, line) in cases {
            let err = parse_text(parse, "packages.lock.json", text).unwrap_err();
            assert_eq!(err.line, *line, "{text:?}: {err}");
        }
    }

    #[test]
    fn truncated_input_never_panics() {
        for end in (0..=LOCK.len()).filter(|i| LOCK.is_char_boundary(*i)) {
            let _ = parse_text(parse, "packages.lock.json", &LOCK[..end]);
        }
    }

    #[test]
    fn large_lockfile_parses_quickly() {
        let mut text = String::from("{\"version\": 1, \"dependencies\": {\"net8.0\": {\n");
        for i in 0..10_000 {
            if i > 0 {
                text.push_str(",\n");
            }
            text.push_str(&format!(
                "\"Pkg{i}\": {{\"type\": \"Transitive\", \"resolved\": \"1.0.{i}\", \"contentHash\": \"abc=\", \"dependencies\": {{\"Pkg{}\": \"1.0.0\"}}}}",
                i + 1
            ));
        }
        text.push_str("\n}}}");
        let start = std::time::Instant::now();
        let cat = parse_text(parse, "packages.lock.json", &text).unwrap();
        assert_eq!(cat.packages.len(), 10_000);
        assert!(start.elapsed().as_secs() < 2);
    }
}
