//! The human table and ci-sec's own JSON listing of an inventory.

use serde::Serialize;

use super::DocumentOptions;
use crate::inventory::Inventory;
use crate::model::{Scope, Version};

fn version_text(v: &Version) -> String {
    match v {
        Version::Pinned(v) => v.clone(),
        Version::Unpinned(c) => format!("(unpinned {c})"),
        Version::Unresolved(why) => format!("(unresolved: {why})"),
    }
}

/// One row per package: NAME VERSION ECOSYSTEM SCOPE LOCATION.
pub fn render(inv: &Inventory, opts: &DocumentOptions) -> Vec<u8> {
    let mut rows: Vec<[String; 5]> = Vec::new();
    for lock in &inv.lockfiles {
        for p in lock.packages.iter().filter(|p| !opts.exclude_dev || p.scope == Scope::Runtime) {
            let file = p.file.as_deref().unwrap_or(&lock.display);
            rows.push([
                p.name.clone(),
                version_text(&p.version),
                p.ecosystem.osv_name().to_string(),
                p.scope.as_str().to_string(),
                format!("{file}:{}", p.line),
            ]);
        }
    }
    let header = ["NAME", "VERSION", "ECOSYSTEM", "SCOPE", "LOCATION"].map(String::from);
    let mut widths = header.clone().map(|h| h.len());
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    for r in std::iter::once(&header).chain(&rows) {
        for (i, (c, w)) in r.iter().zip(widths).enumerate() {
            if i == 4 {
                out.push_str(c);
            } else {
                out.push_str(&format!("{c:<w$}  "));
            }
        }
        out.push('\n');
    }
    out.into_bytes()
}

#[derive(Serialize)]
struct JsonPackage<'a> {
    name: &'a str,
    version: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    constraint: Option<&'a str>,
    ecosystem: &'static str,
    purl: String,
    scope: &'static str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    optional: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    direct: Option<bool>,
    file: &'a str,
    line: u32,
}

#[derive(Serialize)]
struct JsonLockfile<'a> {
    path: &'a str,
    format: &'static str,
    packages: Vec<JsonPackage<'a>>,
}

#[derive(Serialize)]
struct JsonError<'a> {
    path: &'a str,
    line: u32,
    column: u32,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonInventory<'a> {
    schema: &'static str,
    lockfiles: Vec<JsonLockfile<'a>>,
    errors: Vec<JsonError<'a>>,
}

/// `ci-sec sbom --format json`: schema `ci-sec/inventory/v1`
/// (docs/json-report.md).
pub fn render_json(inv: &Inventory, opts: &DocumentOptions) -> Result<Vec<u8>, serde_json::Error> {
    let lockfiles = inv
        .lockfiles
        .iter()
        .map(|l| JsonLockfile {
            path: &l.display,
            format: l.format.name(),
            packages: l
                .packages
                .iter()
                .filter(|p| !opts.exclude_dev || p.scope == Scope::Runtime)
                .map(|p| JsonPackage {
                    name: &p.name,
                    version: p.version.pinned(),
                    constraint: match &p.version {
                        Version::Unpinned(c) | Version::Unresolved(c) => Some(c),
                        Version::Pinned(_) => None,
                    },
                    ecosystem: p.ecosystem.osv_name(),
                    purl: p.purl().to_string(),
                    scope: p.scope.as_str(),
                    optional: p.optional,
                    direct: p.direct,
                    file: p.file.as_deref().unwrap_or(&l.display),
                    line: p.line,
                })
                .collect(),
        })
        .collect();
    let errors = inv
        .errors
        .iter()
        .map(|e| JsonError {
            path: &e.location.path,
            line: e.location.line,
            column: e.location.column,
            message: &e.message,
        })
        .collect();
    let mut bytes = serde_json::to_vec_pretty(&JsonInventory { schema: "ci-sec/inventory/v1", lockfiles, errors })?;
    bytes.push(b'\n');
    Ok(bytes)
}
