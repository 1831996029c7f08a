//! Inventory: turns lockfiles and manifests into [`Package`]s.
//!
//! One cataloger per format, each a module with the same entry point,
//! `parse(&Source) -> Result<Catalog, ParseError>`, grouped by ecosystem
//! (`inventory/npm/package_lock.rs`, `inventory/python/poetry_lock.rs`, …).
//! Catalogers never run a package manager and never touch the network; the
//! one exception is `cargo metadata --no-deps --offline` (see
//! `rust/cargo_metadata.rs`), which reads manifests only.

pub mod dotnet;
pub mod go;
pub mod java;
pub mod npm;
pub mod php;
pub mod python;
pub mod ruby;
pub mod rust;
pub mod scan;
#[cfg(test)]
pub mod testing;

use std::path::Path;

use crate::model::{Ecosystem, Package};

pub use scan::{inventory_paths, Inventory, LockfileInventory, ScanOptions};

/// The file formats ci-sec catalogs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    CargoLock,
    PackageLock,
    YarnLock,
    PnpmLock,
    Requirements,
    PoetryLock,
    PipfileLock,
    UvLock,
    GoMod,
    GemfileLock,
    ComposerLock,
    PomXml,
    GradleLockfile,
    NugetLock,
}

impl Format {
    /// Every format, for documentation and help text.
    pub const ALL: [Format; 14] = [
        Format::CargoLock,
        Format::PackageLock,
        Format::YarnLock,
        Format::PnpmLock,
        Format::Requirements,
        Format::PoetryLock,
        Format::PipfileLock,
        Format::UvLock,
        Format::GoMod,
        Format::GemfileLock,
        Format::ComposerLock,
        Format::PomXml,
        Format::GradleLockfile,
        Format::NugetLock,
    ];

    /// The format of a file, judged by its name alone.
    pub fn detect(file_name: &str) -> Option<Format> {
        Some(match file_name {
            "Cargo.lock" => Format::CargoLock,
            "package-lock.json" | "npm-shrinkwrap.json" => Format::PackageLock,
            "yarn.lock" => Format::YarnLock,
            "pnpm-lock.yaml" => Format::PnpmLock,
            "poetry.lock" => Format::PoetryLock,
            "Pipfile.lock" => Format::PipfileLock,
            "uv.lock" => Format::UvLock,
            "go.mod" => Format::GoMod,
            "Gemfile.lock" | "gems.locked" => Format::GemfileLock,
            "composer.lock" => Format::ComposerLock,
            "pom.xml" => Format::PomXml,
            "gradle.lockfile" => Format::GradleLockfile,
            "packages.lock.json" => Format::NugetLock,
            name if is_requirements_file(name) => Format::Requirements,
            _ => return None,
        })
    }

    /// Human name of the format (the canonical file name).
    pub fn name(self) -> &'static str {
        match self {
            Format::CargoLock => "Cargo.lock",
            Format::PackageLock => "package-lock.json",
            Format::YarnLock => "yarn.lock",
            Format::PnpmLock => "pnpm-lock.yaml",
            Format::Requirements => "requirements.txt",
            Format::PoetryLock => "poetry.lock",
            Format::PipfileLock => "Pipfile.lock",
            Format::UvLock => "uv.lock",
            Format::GoMod => "go.mod",
            Format::GemfileLock => "Gemfile.lock",
            Format::ComposerLock => "composer.lock",
            Format::PomXml => "pom.xml",
            Format::GradleLockfile => "gradle.lockfile",
            Format::NugetLock => "packages.lock.json",
        }
    }

    pub fn ecosystem(self) -> Ecosystem {
        match self {
            Format::CargoLock => Ecosystem::Cargo,
            Format::PackageLock | Format::YarnLock | Format::PnpmLock => Ecosystem::Npm,
            Format::Requirements | Format::PoetryLock | Format::PipfileLock | Format::UvLock => Ecosystem::PyPI,
            Format::GoMod => Ecosystem::Go,
            Format::GemfileLock => Ecosystem::RubyGems,
            Format::ComposerLock => Ecosystem::Packagist,
            Format::PomXml | Format::GradleLockfile => Ecosystem::Maven,
            Format::NugetLock => Ecosystem::NuGet,
        }
    }

    /// Runs this format's cataloger.
    pub fn parse(self, source: &Source) -> Result<Catalog, ParseError> {
        match self {
            Format::CargoLock => rust::cargo_lock::parse(source),
            Format::PackageLock => npm::package_lock::parse(source),
            Format::YarnLock => npm::yarn_lock::parse(source),
            Format::PnpmLock => npm::pnpm_lock::parse(source),
            Format::Requirements => python::requirements::parse(source),
            Format::PoetryLock => python::poetry_lock::parse(source),
            Format::PipfileLock => python::pipfile_lock::parse(source),
            Format::UvLock => python::uv_lock::parse(source),
            Format::GoMod => go::go_mod::parse(source),
            Format::GemfileLock => ruby::gemfile_lock::parse(source),
            Format::ComposerLock => php::composer_lock::parse(source),
            Format::PomXml => java::pom_xml::parse(source),
            Format::GradleLockfile => java::gradle_lockfile::parse(source),
            Format::NugetLock => dotnet::packages_lock::parse(source),
        }
    }
}

/// `requirements.txt`, `requirements-dev.txt`, `dev-requirements.txt`,
/// `requirements/base.txt` is handled by the walker (directory name).
fn is_requirements_file(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".txt") else {
        return false;
    };
    stem.starts_with("requirements") || stem.ends_with("-requirements") || stem.ends_with("_requirements")
}

/// What a cataloger reads.
pub struct Source<'a> {
    /// The file's text (UTF-8; invalid bytes are reported before parsing).
    pub text: &'a str,
    /// Where the file is on disk, for formats that read a sibling
    /// (`go.sum`, `Cargo.toml`) or follow includes (`-r other.txt`).
    pub path: &'a Path,
    /// The file's path as reported, relative to the scan root.
    pub display: &'a str,
    /// Whether catalogers may run `cargo metadata` (manifest-only, offline).
    pub allow_cargo: bool,
}

impl<'a> Source<'a> {
    /// A source with no file on disk (tests, stdin). Its `path` is empty, so
    /// `path.parent()` is `None` and no sibling file is ever read.
    pub fn from_text(text: &'a str, display: &'a str) -> Self {
        Source {
            text,
            path: Path::new(""),
            display,
            allow_cargo: false,
        }
    }
}

/// What a cataloger found in one file.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Catalog {
    pub packages: Vec<Package>,
    /// Things the user should know that did not stop the parse (a fallback
    /// taken, an include that could not be read, an unsupported entry).
    pub notes: Vec<Note>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// 0 when the note is about the whole file.
    pub line: u32,
    pub message: String,
}

/// A file that could not be parsed, with the position of the problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct ParseError {
    /// 1-based; 0 when the problem is not tied to a line (empty file).
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl ParseError {
    pub fn new(line: u32, column: u32, message: impl Into<String>) -> Self {
        ParseError {
            line,
            column,
            message: message.into(),
        }
    }

    /// A JSON syntax error, positioned.
    pub fn from_json(text: &str, err: crate::syntax::json::JsonError) -> Self {
        let lc = crate::syntax::lines::LineIndex::new(text).line_col(err.offset);
        ParseError::new(lc.line, lc.column, err.message)
    }

    /// A YAML syntax error, positioned.
    pub fn from_yaml(err: crate::syntax::yaml::YamlError) -> Self {
        ParseError::new(err.line, err.column, err.message)
    }

    /// A TOML error from the `toml` crate, positioned by its byte span.
    pub fn from_toml(text: &str, err: toml::de::Error) -> Self {
        let lc = err
            .span()
            .map(|s| crate::syntax::lines::LineIndex::new(text).line_col(s.start))
            .unwrap_or_default();
        ParseError::new(lc.line, lc.column, err.message().to_string())
    }
}
