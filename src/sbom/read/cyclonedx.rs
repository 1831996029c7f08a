//! CycloneDX JSON 1.4–1.6.
//!
//! Reads `components` (and their nested `components`, down to
//! [`MAX_COMPONENT_DEPTH`] levels), `dependencies`, and from each component
//! `type`, `group`, `name`, `version`, `purl`, `scope`, `hashes`,
//! `properties` and `evidence.occurrences`. See the parent module for what
//! becomes a package; here are the tool-specific details:
//!
//! - **Syft** writes flat `library` components whose `properties` carry
//!   `syft:package:*` facts (kept verbatim) and `syft:location:N:path`, the
//!   lockfile each was found in (kept as `source-file`). Its Go purls put
//!   the module's major-version suffix in the subpath (handled by
//!   [`Purl::to_package_identity`]); versions it could not find are the
//!   string `UNKNOWN`. `metadata.component` is the scanned directory
//!   (`type: file`).
//! - **Trivy** writes one `application` component per lockfile (name = the
//!   lockfile path, property `aquasecurity:trivy:Class` = `lang-pkgs`) that
//!   `dependsOn` the lockfile's direct dependencies, and one
//!   `operating-system` component for an image or root file system. Neither
//!   is a package. A library reachable from a lockfile application through
//!   `dependencies` gets that lockfile as `source-file`. `aquasecurity:trivy:*`
//!   properties are kept verbatim; for OS packages, `SrcName`/`SrcVersion`/
//!   `SrcRelease`/`SrcEpoch` fill the [`OsPackage`](crate::model::OsPackage)
//!   source fields.
//! - **ci-sec** writes lockfile `application` components (skipped), the
//!   lockfile line as `evidence.occurrences[].line` (1.6) and as
//!   `ci-sec:location` properties (both versions), `ci-sec:scope`,
//!   `ci-sec:unpinned`/`ci-sec:unresolved-version` for versions that are not
//!   pinned; other `ci-sec:*` properties go back to the package's properties
//!   without the prefix.

use std::collections::{BTreeSet, HashMap, VecDeque};

use super::{classify, digest, per_location, split_location, subject_as_unchecked, Ctx, Entry, Outcome, ReadSbom, Skips, MAX_COMPONENT_DEPTH};
use crate::inventory::ParseError;
use crate::model::{OsPackage, Package, Scope, Version};
use crate::syntax::json::{Kind, Value};

const SUPPORTED: [&str; 3] = ["1.4", "1.5", "1.6"];

pub(crate) fn read(root: &Value<'_>, format: &Value<'_>, ctx: &Ctx<'_>) -> Result<ReadSbom, ParseError> {
    let display = ctx.display;
    if format.as_str() != Some("CycloneDX") {
        return Err(ctx.error(format, format!("{display}: `bomFormat` is {}, not \"CycloneDX\"", shown(format))));
    }
    let spec = match root.get("specVersion") {
        Some(v) => v,
        None => return Err(ctx.error(format, format!("{display}: CycloneDX document without `specVersion`"))),
    };
    let version = match spec.as_str() {
        Some(v) if SUPPORTED.contains(&v) => v,
        _ => {
            return Err(ctx.error(
                spec,
                format!(
                    "{display}: CycloneDX specVersion {} is not supported: ci-sec reads CycloneDX {} JSON",
                    shown(spec),
                    SUPPORTED.join(", ")
                ),
            ))
        }
    };

    let mut out = ReadSbom { format: format!("CycloneDX {version}"), ..ReadSbom::default() };
    let mut skips = Skips::default();
    let metadata = root.get("metadata").filter(|m| m.as_object().is_some());
    if let Some(meta) = metadata {
        out.tools = tools(meta);
    }

    let mut dependencies: HashMap<&str, Vec<&str>> = HashMap::new();
    for dep in ctx.opt_objects(root, "dependencies")? {
        if let Some(r) = ctx.opt_str(dep, "ref")? {
            dependencies.entry(r).or_default().extend(ctx.opt_strings(dep, "dependsOn")?);
        }
    }

    let mut components = Vec::new();
    collect(root, 0, ctx, &mut components)?;

    // Trivy: the lockfile of each library, through its lockfile application.
    let mut source_files: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for c in &components {
        let is_lockfile = c.get_str("type") == Some("application")
            && properties(c, ctx)?.iter().any(|(k, v)| k == "aquasecurity:trivy:Class" && v == "lang-pkgs");
        if let (true, Some(r), Some(file)) = (is_lockfile, c.get_str("bom-ref"), c.get_str("name")) {
            for reached in reachable(r, &dependencies) {
                source_files.entry(reached).or_default().insert(file);
            }
        }
    }

    if let Some(subject) = metadata.and_then(|m| m.get("component")).filter(|c| c.as_object().is_some()) {
        out.unchecked.extend(subject_as_unchecked(entry(subject, ctx)?, "`metadata.component`"));
        let nested = ctx.opt_objects(subject, "components")?;
        if !nested.is_empty() {
            skips.note(
                ctx.line(subject),
                format!("`metadata.component` has {} nested components: parts of the described project, not dependencies, so not read", nested.len()),
            );
        }
    }

    for c in components {
        let entry = entry(c, ctx)?;
        let props = properties(c, ctx)?;
        match classify(&entry) {
            Outcome::Package(pkg) => {
                let trivy_files = source_files.get(entry.key.as_str());
                out.packages.extend(package(pkg, c, &props, trivy_files, &dependencies, ctx)?);
            }
            Outcome::Unchecked(mut u) => {
                if let Some(os) = u.os_package.as_mut() {
                    trivy_source(os, &props);
                }
                out.unchecked.push(u);
            }
            Outcome::Skipped => {
                if entry.kind == "operating-system" {
                    let name = [entry.name, entry.version].into_iter().flatten().collect::<Vec<_>>().join(" ");
                    skips.note(entry.line, format!("operating system: {name}"));
                }
                skips.skip(&format!("`{}` components", entry.kind));
            }
        }
    }
    out.notes = skips.into_notes();
    Ok(out)
}

/// A JSON value as it would be written, for messages.
fn shown(v: &Value<'_>) -> String {
    match &v.kind {
        Kind::String(s) => format!("{s:?}"),
        Kind::Number(n) => n.to_string(),
        _ => format!("a JSON {}", v.type_name()),
    }
}

/// `metadata.tools`: an array in 1.4, `{components, services}` since 1.5
/// (the array form is still allowed). Informational, so read leniently.
fn tools(meta: &Value<'_>) -> Vec<String> {
    let Some(tools) = meta.get("tools") else { return Vec::new() };
    let list: Vec<&Value<'_>> = match &tools.kind {
        Kind::Array(items) => items.iter().collect(),
        Kind::Object(_) => ["components", "services"]
            .iter()
            .filter_map(|k| tools.get(k).and_then(Value::as_array))
            .flatten()
            .collect(),
        _ => Vec::new(),
    };
    list.into_iter()
        .filter_map(|t| {
            let name = t.get_str("name")?;
            Some(match t.get_str("version") {
                Some(v) => format!("{name} {v}"),
                None => name.to_string(),
            })
        })
        .collect()
}

/// Every component, depth-first in document order.
fn collect<'v, 'a>(parent: &'v Value<'a>, depth: usize, ctx: &Ctx<'_>, out: &mut Vec<&'v Value<'a>>) -> Result<(), ParseError> {
    let children = ctx.opt_objects(parent, "components")?;
    if !children.is_empty() && depth >= MAX_COMPONENT_DEPTH {
        return Err(ctx.error(
            &children[0],
            format!("{}: components nested deeper than {MAX_COMPONENT_DEPTH} levels", ctx.display),
        ));
    }
    for c in children {
        out.push(c);
        collect(c, depth + 1, ctx, out)?;
    }
    Ok(())
}

fn entry<'v>(c: &'v Value<'_>, ctx: &Ctx<'_>) -> Result<Entry<'v>, ParseError> {
    let kind = ctx.opt_str(c, "type")?;
    let name = ctx.opt_str(c, "name")?;
    let group = ctx.opt_str(c, "group")?;
    let version = ctx.opt_str(c, "version")?;
    let purl = ctx.opt_str(c, "purl")?;
    let display_name = match (group.filter(|g| !g.is_empty()), name) {
        (Some(g), Some(n)) => format!("{g}/{n}"),
        (None, Some(n)) => n.to_string(),
        (_, None) => purl.unwrap_or("(unnamed component)").to_string(),
    };
    let key = match (ctx.opt_str(c, "bom-ref")?, purl) {
        (Some(r), _) => r.to_string(),
        (None, Some(p)) => p.to_string(),
        (None, None) => format!("{display_name}@{}", version.unwrap_or_default()),
    };
    Ok(Entry {
        display_name,
        name,
        group,
        version,
        purl,
        package_like: matches!(kind, None | Some("library" | "framework")),
        kind: kind.unwrap_or("(untyped)").to_string(),
        line: ctx.line(c),
        key,
    })
}

fn properties(c: &Value<'_>, ctx: &Ctx<'_>) -> Result<Vec<(String, String)>, ParseError> {
    let mut out = Vec::new();
    for p in ctx.opt_objects(c, "properties")? {
        if let (Some(name), Some(value)) = (ctx.opt_str(p, "name")?, ctx.opt_str(p, "value")?) {
            out.push((name.to_string(), value.to_string()));
        }
    }
    Ok(out)
}

/// Every ref reachable from `start` through `dependsOn`.
fn reachable<'a>(start: &'a str, deps: &HashMap<&'a str, Vec<&'a str>>) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut queue: VecDeque<&str> = deps.get(start).into_iter().flatten().copied().collect();
    while let Some(r) = queue.pop_front() {
        if seen.insert(r) {
            queue.extend(deps.get(r).into_iter().flatten().copied());
        }
    }
    seen
}

/// Fills in what the component says beyond its identity; one package per
/// recorded lockfile location.
fn package(
    mut pkg: Package,
    c: &Value<'_>,
    props: &[(String, String)],
    trivy_files: Option<&BTreeSet<&str>>,
    dependencies: &HashMap<&str, Vec<&str>>,
    ctx: &Ctx<'_>,
) -> Result<Vec<Package>, ParseError> {
    match ctx.opt_str(c, "scope")? {
        Some("excluded") => pkg.scope = Scope::Dev,
        Some("optional") => pkg.optional = true,
        _ => {}
    }
    for h in ctx.opt_objects(c, "hashes")? {
        if let (Some(alg), Some(content)) = (ctx.opt_str(h, "alg")?, ctx.opt_str(h, "content")?) {
            pkg.hashes.extend(digest(alg, content));
        }
    }
    if let Some(deps) = dependencies.get(pkg.key.as_str()) {
        pkg.depends_on = deps.iter().map(|d| d.to_string()).collect();
    }

    let mut located: Vec<(String, u32)> = Vec::new();
    let mut source_files: Vec<String> = Vec::new();
    if let Some(evidence) = c.get("evidence").filter(|e| e.as_object().is_some()) {
        for occ in ctx.opt_objects(evidence, "occurrences")? {
            let Some(location) = ctx.opt_str(occ, "location")? else { continue };
            let line = occ.get("line").and_then(Value::as_number).and_then(|n| n.parse::<u32>().ok()).filter(|&l| l > 0);
            match line {
                Some(line) => located.push((location.to_string(), line)),
                None => source_files.push(location.to_string()),
            }
        }
    }
    let mut ci_sec_locations = Vec::new();
    for (name, value) in props {
        if let Some(key) = name.strip_prefix("ci-sec:") {
            match key {
                "ecosystem" | "lockfile-format" => {}
                "location" => ci_sec_locations.extend(split_location(value)),
                "scope" => match value.as_str() {
                    "dev" => pkg.scope = Scope::Dev,
                    "build" => pkg.scope = Scope::Build,
                    _ => {}
                },
                "unpinned" if pkg.version.pinned().is_none() => pkg.version = Version::Unpinned(value.clone()),
                "unresolved-version" if pkg.version.pinned().is_none() => pkg.version = Version::Unresolved(value.clone()),
                _ => pkg.properties.push((key.to_string(), value.clone())),
            }
        } else if name.starts_with("syft:location:") && name.ends_with(":path") {
            source_files.push(value.clone());
        } else if name.starts_with("syft:package:") || name.starts_with("aquasecurity:trivy:") {
            pkg.properties.push((name.clone(), value.clone()));
        }
    }
    if located.is_empty() {
        located = ci_sec_locations;
    }
    if located.is_empty() {
        if source_files.is_empty() {
            source_files.extend(trivy_files.into_iter().flatten().map(|f| f.to_string()));
        }
        pkg.properties.extend(source_files.into_iter().map(|f| ("source-file".to_string(), f)));
    }
    Ok(per_location(pkg, located))
}

/// Trivy records an OS package's source package as properties, not in the
/// purl.
pub(crate) fn trivy_source(os: &mut OsPackage, props: &[(String, String)]) {
    if os.source_name.is_some() {
        return;
    }
    let get = |k: &str| props.iter().find(|(n, _)| n.strip_prefix("aquasecurity:trivy:") == Some(k)).map(|(_, v)| v.as_str());
    let Some(name) = get("SrcName") else { return };
    os.source_name = Some(name.to_string());
    os.source_version = get("SrcVersion").map(|v| {
        let mut full = String::new();
        if let Some(epoch) = get("SrcEpoch").filter(|e| *e != "0") {
            full.push_str(epoch);
            full.push(':');
        }
        full.push_str(v);
        if let Some(release) = get("SrcRelease").filter(|r| !r.is_empty()) {
            full.push('-');
            full.push_str(release);
        }
        full
    });
}
