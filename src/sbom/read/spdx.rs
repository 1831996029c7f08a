//! SPDX JSON 2.2 and 2.3.
//!
//! Reads `packages` and `relationships`; `files` and `snippets` are ignored
//! (they are what a package contains, not what it depends on). A package's
//! purl is its `externalRefs` entry of `referenceType` `purl`, whose
//! category both spellings name: `PACKAGE-MANAGER` (the spec, Trivy,
//! ci-sec) and `PACKAGE_MANAGER` (Syft, and the SPDX 2.2 JSON schema's
//! enum). The described element — `documentDescribes`, `DOCUMENT DESCRIBES
//! x`, `x DESCRIBED_BY DOCUMENT` — is the SBOM's subject, not a dependency.
//!
//! Tool-specific details:
//! - **Syft** writes packages without `primaryPackagePurpose`; the described
//!   root is a `FILE` package for the scanned directory. `sourceInfo` reads
//!   `acquired package info from …: /path[, /path]`; the paths become
//!   `source-file` properties.
//! - **Trivy** writes one `APPLICATION` package per lockfile (no purl), an
//!   `OPERATING-SYSTEM` package, a described `SOURCE` root, `sourceInfo`
//!   `package found in: path`, and its facts as annotations whose comment is
//!   `Key: Value`; those become `aquasecurity:trivy:Key` properties, as in its
//!   CycloneDX output. Its OS packages have no `SrcName` annotation; their
//!   source package is in `sourceInfo`: `built package from: zlib 1:1.2.13.dfsg-1`.
//! - **ci-sec** writes `sourceInfo` `declared in file:line, file:line`, the
//!   exact lockfile locations (read back into `file`/`line`), and a
//!   `comment` for versions that are not pinned; both are trusted only when
//!   `creationInfo.creators` names ci-sec.
//!
//! Scope from relationships: a package that is the dependency end of
//! `DEPENDS_ON`, `DEPENDENCY_OF`, `RUNTIME_`/`PROVIDED_DEPENDENCY_OF` is
//! runtime; one reached only through `OPTIONAL_DEPENDENCY_OF` is optional;
//! only through `DEV_`/`TEST_DEPENDENCY_OF` or `DEV_`/`TEST_TOOL_OF` is dev;
//! only through `BUILD_DEPENDENCY_OF`/`BUILD_TOOL_OF` is build.

use std::collections::{HashMap, HashSet};

use super::{classify, digest, per_location, split_location, subject_as_unchecked, Ctx, Entry, Outcome, ReadSbom, Skips};
use crate::inventory::ParseError;
use crate::model::purl::split_name_version;
use crate::model::{Package, Scope, Version};
use crate::syntax::json::Value;

const SUPPORTED: [&str; 2] = ["SPDX-2.2", "SPDX-2.3"];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Edge {
    Runtime,
    Optional,
    Dev,
    Build,
}

/// `(dependent, dependency, kind)` of a dependency relationship.
fn edge<'a>(element: &'a str, kind: &str, related: &'a str) -> Option<(&'a str, &'a str, Edge)> {
    let (is_forward, edge) = match kind {
        "DEPENDS_ON" => (true, Edge::Runtime),
        "DEPENDENCY_OF" | "RUNTIME_DEPENDENCY_OF" | "PROVIDED_DEPENDENCY_OF" => (false, Edge::Runtime),
        "OPTIONAL_DEPENDENCY_OF" => (false, Edge::Optional),
        "DEV_DEPENDENCY_OF" | "TEST_DEPENDENCY_OF" | "DEV_TOOL_OF" | "TEST_TOOL_OF" => (false, Edge::Dev),
        "BUILD_DEPENDENCY_OF" | "BUILD_TOOL_OF" => (false, Edge::Build),
        _ => return None,
    };
    Some(if is_forward { (element, related, edge) } else { (related, element, edge) })
}

pub(crate) fn read(root: &Value<'_>, version: &Value<'_>, ctx: &Ctx<'_>) -> Result<ReadSbom, ParseError> {
    let display = ctx.display;
    let version = match version.as_str() {
        Some(v) if SUPPORTED.contains(&v) => v,
        Some(v) => {
            return Err(ctx.error(
                version,
                format!("{display}: spdxVersion {v:?} is not supported: ci-sec reads SPDX 2.2 and 2.3 JSON"),
            ))
        }
        None => return Err(ctx.error(version, format!("{display}: `spdxVersion` must be a string, not a JSON {}", version.type_name()))),
    };
    let mut out = ReadSbom { format: version.replacen('-', " ", 1), ..ReadSbom::default() };
    let creators = match root.get("creationInfo").filter(|c| c.as_object().is_some()) {
        Some(info) => ctx.opt_strings(info, "creators")?,
        None => Vec::new(),
    };
    out.tools = creators.iter().filter_map(|c| c.strip_prefix("Tool:")).map(|t| tool_name(t.trim())).collect();
    let by_ci_sec = creators.iter().any(|c| c.trim_start_matches("Tool:").trim().starts_with("ci-sec-"));

    let document_id = ctx.opt_str(root, "SPDXID")?.unwrap_or("SPDXRef-DOCUMENT");
    let mut described: HashSet<&str> = ctx.opt_strings(root, "documentDescribes")?.into_iter().collect();
    let mut incoming: HashMap<&str, Vec<Edge>> = HashMap::new();
    let mut depends_on: HashMap<&str, Vec<&str>> = HashMap::new();
    for rel in ctx.opt_objects(root, "relationships")? {
        let (Some(element), Some(kind), Some(related)) = (
            ctx.opt_str(rel, "spdxElementId")?,
            ctx.opt_str(rel, "relationshipType")?,
            ctx.opt_str(rel, "relatedSpdxElement")?,
        ) else {
            continue;
        };
        match kind {
            "DESCRIBES" if element == document_id => {
                described.insert(related);
            }
            "DESCRIBED_BY" if related == document_id => {
                described.insert(element);
            }
            _ => {
                if let Some((from, to, e)) = edge(element, kind, related) {
                    incoming.entry(to).or_default().push(e);
                    depends_on.entry(from).or_default().push(to);
                }
            }
        }
    }

    let mut skips = Skips::default();
    for p in ctx.opt_objects(root, "packages")? {
        let id = ctx.opt_str(p, "SPDXID")?;
        let name = ctx.opt_str(p, "name")?;
        let purpose = ctx.opt_str(p, "primaryPackagePurpose")?;
        let entry = Entry {
            display_name: name.or(id).unwrap_or("(unnamed package)").to_string(),
            name,
            group: None,
            version: ctx.opt_str(p, "versionInfo")?,
            purl: purl(p, ctx)?,
            package_like: matches!(purpose, None | Some("LIBRARY" | "FRAMEWORK")),
            kind: purpose.unwrap_or("(no purpose)").to_string(),
            line: ctx.line(p),
            key: id.unwrap_or_default().to_string(),
        };
        let props = trivy_annotations(p, ctx)?;

        if id.is_some_and(|id| described.contains(id)) {
            out.unchecked.extend(subject_as_unchecked(entry, "the package the document DESCRIBES"));
            continue;
        }
        match classify(&entry) {
            Outcome::Package(pkg) => {
                let edges = incoming.get(entry.key.as_str()).map(Vec::as_slice).unwrap_or_default();
                let deps = depends_on.get(entry.key.as_str()).map(Vec::as_slice).unwrap_or_default();
                out.packages.extend(package(pkg, p, edges, deps, &props, by_ci_sec, ctx)?);
            }
            Outcome::Unchecked(mut u) => {
                if let Some(os) = u.os_package.as_mut() {
                    super::cyclonedx::trivy_source(os, &props);
                    // Trivy's SPDX has no `SrcName` annotation, but says it here.
                    if let (None, Some(built)) = (&os.source_name, ctx.opt_str(p, "sourceInfo")?.and_then(|i| i.strip_prefix("built package from: "))) {
                        let (name, version) = built.split_once(' ').unwrap_or((built, ""));
                        os.source_name = Some(name.to_string());
                        os.source_version = (!version.is_empty()).then(|| version.to_string());
                    }
                }
                out.unchecked.push(u);
            }
            Outcome::Skipped => {
                if purpose == Some("OPERATING-SYSTEM") {
                    let name = [entry.name, entry.version].into_iter().flatten().collect::<Vec<_>>().join(" ");
                    skips.note(entry.line, format!("operating system: {name}"));
                }
                skips.skip(&format!("`{}` packages", entry.kind));
            }
        }
    }
    out.notes = skips.into_notes();
    Ok(out)
}

/// `syft-1.18.1` → `syft 1.18.1`: the version starts after the last `-`
/// that is followed by a digit.
fn tool_name(tool: &str) -> String {
    match split_name_version(tool) {
        Some((name, version)) => format!("{name} {version}"),
        None => tool.to_string(),
    }
}

/// The package's purl: a `purl` external reference, preferring the
/// package-manager category (either spelling).
fn purl<'v>(p: &'v Value<'_>, ctx: &Ctx<'_>) -> Result<Option<&'v str>, ParseError> {
    let mut fallback = None;
    for r in ctx.opt_objects(p, "externalRefs")? {
        if !ctx.opt_str(r, "referenceType")?.is_some_and(|t| t.eq_ignore_ascii_case("purl")) {
            continue;
        }
        let Some(locator) = ctx.opt_str(r, "referenceLocator")? else { continue };
        let category = ctx.opt_str(r, "referenceCategory")?.unwrap_or_default().replace('_', "-");
        if category.eq_ignore_ascii_case("PACKAGE-MANAGER") {
            return Ok(Some(locator));
        }
        fallback.get_or_insert(locator);
    }
    Ok(fallback)
}

/// Trivy's annotations (`"comment": "PkgType: npm"`) as
/// `aquasecurity:trivy:PkgType` properties.
fn trivy_annotations(p: &Value<'_>, ctx: &Ctx<'_>) -> Result<Vec<(String, String)>, ParseError> {
    let mut out = Vec::new();
    for a in ctx.opt_objects(p, "annotations")? {
        let by_trivy = ctx.opt_str(a, "annotator")?.is_some_and(|who| who.trim_start_matches("Tool:").trim().starts_with("trivy"));
        if let (true, Some((key, value))) = (by_trivy, ctx.opt_str(a, "comment")?.and_then(|c| c.split_once(": "))) {
            out.push((format!("aquasecurity:trivy:{key}"), value.to_string()));
        }
    }
    Ok(out)
}

fn package(
    mut pkg: Package,
    p: &Value<'_>,
    edges: &[Edge],
    deps: &[&str],
    props: &[(String, String)],
    by_ci_sec: bool,
    ctx: &Ctx<'_>,
) -> Result<Vec<Package>, ParseError> {
    if !edges.is_empty() {
        let has = |e: Edge| edges.contains(&e);
        if has(Edge::Runtime) {
            pkg.scope = Scope::Runtime;
        } else if has(Edge::Optional) {
            pkg.optional = true;
        } else if has(Edge::Build) {
            pkg.scope = Scope::Build;
        } else {
            pkg.scope = Scope::Dev;
        }
    }
    pkg.depends_on = deps.iter().map(|d| d.to_string()).collect();
    for c in ctx.opt_objects(p, "checksums")? {
        if let (Some(alg), Some(value)) = (ctx.opt_str(c, "algorithm")?, ctx.opt_str(c, "checksumValue")?) {
            pkg.hashes.extend(digest(alg, value));
        }
    }
    pkg.properties.extend(props.iter().cloned());

    let mut located = Vec::new();
    if let Some(info) = ctx.opt_str(p, "sourceInfo")? {
        if let Some(list) = info.strip_prefix("declared in ").filter(|_| by_ci_sec) {
            located.extend(list.split(", ").filter_map(split_location));
        } else if (info.starts_with("package found in: ") || info.starts_with("acquired package info from "))
            && let Some((_, paths)) = info.split_once(": ")
        {
            for path in paths.split(", ").map(str::trim).filter(|p| !p.is_empty()) {
                pkg.properties.push(("source-file".into(), path.to_string()));
            }
        }
    }
    if by_ci_sec && pkg.version.pinned().is_none() {
        match ctx.opt_str(p, "comment")? {
            Some(c) if c.starts_with("not pinned: ") => pkg.version = Version::Unpinned(c["not pinned: ".len()..].to_string()),
            Some(c) if c.starts_with("version unresolved: ") => {
                pkg.version = Version::Unresolved(c["version unresolved: ".len()..].to_string())
            }
            _ => {}
        }
    }
    Ok(per_location(pkg, located))
}
