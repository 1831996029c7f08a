//! The format-neutral SBOM: what both writers render.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use sha2::{Digest, Sha256};

use crate::inventory::{Format, Inventory};
use crate::model::{Ecosystem, Package, Scope, Version};

#[derive(Debug, Clone, Default)]
pub struct DocumentOptions {
    /// Leave dev/test/build-only packages out.
    pub exclude_dev: bool,
}

/// One lockfile or manifest, rendered as an "application" component that
/// depends on the packages it declares directly.
#[derive(Debug, Clone)]
pub struct Application {
    pub bom_ref: String,
    pub path: String,
    pub format: Format,
    /// Indices into [`Document::components`].
    pub depends_on: BTreeSet<usize>,
}

/// A package, de-duplicated across lockfiles by its identity (PURL plus,
/// for unpinned packages, the constraint).
#[derive(Debug, Clone)]
pub struct Component {
    pub bom_ref: String,
    pub purl: String,
    pub ecosystem: Ecosystem,
    pub name: String,
    pub version: Version,
    /// Runtime wins over build wins over dev across occurrences.
    pub scope: Scope,
    pub optional: bool,
    /// `(file, line)` of every declaration.
    pub occurrences: BTreeSet<(String, u32)>,
    pub hashes: BTreeSet<String>,
    pub properties: BTreeMap<String, String>,
    /// Indices into [`Document::components`].
    pub depends_on: BTreeSet<usize>,
}

#[derive(Debug, Clone)]
pub struct Document {
    /// Name of the scanned project (the directory or file name).
    pub name: String,
    pub applications: Vec<Application>,
    /// Sorted by `bom_ref`.
    pub components: Vec<Component>,
    /// Lockfiles that could not be read, as `path:line: message`.
    pub incomplete: Vec<String>,
    /// Seconds since the epoch.
    pub created: i64,
    pub serial: String,
}

impl Document {
    pub fn build(inventory: &Inventory, opts: &DocumentOptions) -> Document {
        let name = inventory
            .root
            .canonicalize()
            .ok()
            .as_deref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "project".into());

        // Pass 1: components, keyed by identity.
        let mut by_ref: BTreeMap<String, Component> = BTreeMap::new();
        let mut refs_per_file: Vec<HashMap<&str, String>> = Vec::new();
        for lock in &inventory.lockfiles {
            let mut refs = HashMap::new();
            for pkg in &lock.packages {
                if opts.exclude_dev && pkg.scope != Scope::Runtime {
                    continue;
                }
                let bom_ref = identity(pkg);
                refs.insert(pkg.key.as_str(), bom_ref.clone());
                let file = pkg.file.clone().unwrap_or_else(|| lock.display.clone());
                let c = by_ref.entry(bom_ref.clone()).or_insert_with(|| Component {
                    bom_ref: bom_ref.clone(),
                    purl: pkg.purl().to_string(),
                    ecosystem: pkg.ecosystem,
                    name: pkg.name.clone(),
                    version: pkg.version.clone(),
                    scope: pkg.scope,
                    optional: pkg.optional,
                    occurrences: BTreeSet::new(),
                    hashes: BTreeSet::new(),
                    properties: BTreeMap::new(),
                    depends_on: BTreeSet::new(),
                });
                c.scope = strongest(c.scope, pkg.scope);
                c.optional &= pkg.optional;
                c.occurrences.insert((file, pkg.line));
                c.hashes.extend(pkg.hashes.iter().cloned());
                for (k, v) in &pkg.properties {
                    c.properties.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
            refs_per_file.push(refs);
        }
        let components: Vec<Component> = by_ref.into_values().collect();
        let index: HashMap<&str, usize> = components.iter().enumerate().map(|(i, c)| (c.bom_ref.as_str(), i)).collect();

        // Pass 2: edges, and each lockfile's direct dependencies.
        let mut edges: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); components.len()];
        let mut applications = Vec::new();
        for (lock, refs) in inventory.lockfiles.iter().zip(&refs_per_file) {
            let mut depended_on = BTreeSet::new();
            for pkg in &lock.packages {
                let Some(&from) = refs.get(pkg.key.as_str()).and_then(|r| index.get(r.as_str())) else { continue };
                for dep in &pkg.depends_on {
                    if let Some(&to) = refs.get(dep.as_str()).and_then(|r| index.get(r.as_str()))
                        && to != from {
                            edges[from].insert(to);
                            depended_on.insert(to);
                        }
                }
            }
            let included = lock.packages.iter().filter_map(|p| {
                let i = *refs.get(p.key.as_str()).and_then(|r| index.get(r.as_str()))?;
                Some((p, i))
            });
            let knows_direct = lock.packages.iter().any(|p| p.direct.is_some());
            // Direct when the lockfile says so; otherwise every package no
            // other package depends on.
            let depends_on = included
                .filter(|(p, i)| if knows_direct { p.direct == Some(true) } else { !depended_on.contains(i) })
                .map(|(_, i)| i)
                .collect();
            applications.push(Application {
                bom_ref: format!("lockfile:{}", lock.display),
                path: lock.display.clone(),
                format: lock.format,
                depends_on,
            });
        }
        let mut components = components;
        for (c, e) in components.iter_mut().zip(edges) {
            c.depends_on = e;
        }

        let incomplete = inventory.errors.iter().map(|f| format!("{}: {}", f.location, f.message)).collect();
        let mut digest = Sha256::new();
        digest.update(name.as_bytes());
        for c in &components {
            digest.update(c.bom_ref.as_bytes());
            digest.update([0]);
        }
        let created = super::time::creation_time();
        digest.update(created.to_le_bytes());
        Document {
            name,
            applications,
            components,
            incomplete,
            created,
            serial: super::time::document_uuid(&digest.finalize()),
        }
    }
}

/// The stable reference of a package: its PURL, plus the constraint or
/// reason for one that is not pinned (two unpinned `requests` with
/// different constraints are different facts).
pub fn identity(pkg: &Package) -> String {
    let purl = pkg.purl().to_string();
    match &pkg.version {
        Version::Pinned(_) => purl,
        Version::Unpinned(c) => format!("{purl}#unpinned:{c}"),
        Version::Unresolved(r) => format!("{purl}#unresolved:{r}"),
    }
}

fn strongest(a: Scope, b: Scope) -> Scope {
    match (a, b) {
        (Scope::Runtime, _) | (_, Scope::Runtime) => Scope::Runtime,
        (Scope::Build, _) | (_, Scope::Build) => Scope::Build,
        _ => Scope::Dev,
    }
}
