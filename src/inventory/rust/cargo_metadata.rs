//! Who the workspace members of a `Cargo.lock` are, and how they declare
//! their dependencies (normal, dev, build).
//!
//! Preferred source: `cargo metadata --no-deps --offline` on the sibling
//! `Cargo.toml`. `--no-deps` only reads manifests (no resolution, no
//! download, no build script), so it is safe on untrusted repositories and
//! works offline. When cargo is absent or fails, the members are read from
//! the `Cargo.toml` files directly and dependency kinds stay unknown.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::inventory::{Note, Source};

/// How a workspace member declares a dependency; ordered strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DepKind {
    Normal,
    Build,
    Dev,
}

#[derive(Debug, Default)]
pub struct WorkspaceInfo {
    /// Package names of the workspace members (they are the project, not
    /// dependencies).
    pub members: HashSet<String>,
    /// `(package name, kind)` of every dependency a member declares; empty
    /// when unknown.
    pub dependency_kinds: Vec<(String, DepKind)>,
}

pub fn workspace_info(source: &Source, notes: &mut Vec<Note>) -> WorkspaceInfo {
    let Some(dir) = source.path.parent() else {
        return WorkspaceInfo::default();
    };
    let manifest = dir.join("Cargo.toml");
    if !manifest.is_file() {
        return WorkspaceInfo::default();
    }
    if source.allow_cargo {
        match from_cargo_metadata(&manifest) {
            Ok(info) => return info,
            Err(why) => notes.push(Note {
                line: 0,
                message: format!("cargo metadata unavailable ({why}); read the lockfile and Cargo.toml only"),
            }),
        }
    }
    from_manifests(dir)
}

fn from_cargo_metadata(manifest: &Path) -> Result<WorkspaceInfo, String> {
    let meta = cargo_metadata::MetadataCommand::new()
        .manifest_path(manifest)
        .no_deps()
        .other_options(vec!["--offline".to_string()])
        .exec()
        .map_err(|e| first_line(&e.to_string()))?;
    let mut info = WorkspaceInfo::default();
    for pkg in meta.workspace_packages() {
        info.members.insert(pkg.name.to_string());
        for dep in &pkg.dependencies {
            let kind = match dep.kind {
                cargo_metadata::DependencyKind::Development => DepKind::Dev,
                cargo_metadata::DependencyKind::Build => DepKind::Build,
                _ => DepKind::Normal,
            };
            info.dependency_kinds.push((dep.name.clone(), kind));
        }
    }
    Ok(info)
}

fn first_line(s: &str) -> String {
    s.lines().find(|l| !l.trim().is_empty()).unwrap_or(s).trim().to_string()
}

/// Reads `[package].name` of the root manifest and of every
/// `[workspace].members` entry (a trailing `*` glob is expanded).
fn from_manifests(dir: &Path) -> WorkspaceInfo {
    let mut info = WorkspaceInfo::default();
    let Some(root) = read_manifest(&dir.join("Cargo.toml")) else {
        return info;
    };
    if let Some(name) = package_name(&root) {
        info.members.insert(name);
    }
    let members = root
        .get("workspace")
        .and_then(|w| w.get("members"))
        .and_then(toml::Value::as_array)
        .cloned()
        .unwrap_or_default();
    for member in members.iter().filter_map(toml::Value::as_str) {
        for member_dir in expand_member(dir, member) {
            if let Some(name) = read_manifest(&member_dir.join("Cargo.toml")).as_ref().and_then(package_name) {
                info.members.insert(name);
            }
        }
    }
    info
}

fn read_manifest(path: &Path) -> Option<toml::Value> {
    let text = std::fs::read_to_string(path).ok()?;
    toml::from_str(&text).ok()
}

fn package_name(manifest: &toml::Value) -> Option<String> {
    manifest.get("package")?.get("name")?.as_str().map(str::to_string)
}

fn expand_member(dir: &Path, member: &str) -> Vec<PathBuf> {
    match member.strip_suffix("/*") {
        Some(parent) => std::fs::read_dir(dir.join(parent))
            .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect())
            .unwrap_or_default(),
        None => vec![dir.join(member)],
    }
}
