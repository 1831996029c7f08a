//! The inventory model: what a lockfile or manifest says is installed.
//!
//! Every cataloger produces [`Package`]s; the SBOM writers, and later the
//! advisory matcher, consume them. A package always knows the line it was
//! declared on, so every later finding can point at it.

use std::fmt;

use super::purl::Purl;

/// Package ecosystems, named as OSV names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ecosystem {
    Cargo,
    Npm,
    PyPI,
    Go,
    RubyGems,
    Packagist,
    Maven,
    NuGet,
}

impl Ecosystem {
    /// The ecosystem's name in OSV records.
    pub fn osv_name(self) -> &'static str {
        match self {
            Ecosystem::Cargo => "crates.io",
            Ecosystem::Npm => "npm",
            Ecosystem::PyPI => "PyPI",
            Ecosystem::Go => "Go",
            Ecosystem::RubyGems => "RubyGems",
            Ecosystem::Packagist => "Packagist",
            Ecosystem::Maven => "Maven",
            Ecosystem::NuGet => "NuGet",
        }
    }

    /// The package-url type.
    pub fn purl_type(self) -> &'static str {
        match self {
            Ecosystem::Cargo => "cargo",
            Ecosystem::Npm => "npm",
            Ecosystem::PyPI => "pypi",
            Ecosystem::Go => "golang",
            Ecosystem::RubyGems => "gem",
            Ecosystem::Packagist => "composer",
            Ecosystem::Maven => "maven",
            Ecosystem::NuGet => "nuget",
        }
    }
}

impl fmt::Display for Ecosystem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.osv_name())
    }
}

/// What the lockfile says about the version.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Version {
    /// An exact version, as the ecosystem spells it.
    Pinned(String),
    /// Only a constraint is known (`requests>=2`); never guessed further.
    Unpinned(String),
    /// The version comes from somewhere we do not read (a remote parent POM,
    /// a BOM import); the reason says where.
    Unresolved(String),
}

impl Version {
    pub fn pinned(&self) -> Option<&str> {
        match self {
            Version::Pinned(v) => Some(v),
            _ => None,
        }
    }
}

/// Why a package is installed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Scope {
    /// Needed at run time (the default).
    #[default]
    Runtime,
    /// Only for development or tests.
    Dev,
    /// Only to build (Cargo build-dependencies).
    Build,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Runtime => "runtime",
            Scope::Dev => "dev",
            Scope::Build => "build",
        }
    }
}

/// Where the package's code comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Origin {
    /// The ecosystem's registry; `Some(url)` when it is not the default one.
    #[default]
    Registry,
    AlternateRegistry(String),
    Git { url: String, rev: Option<String> },
    /// A directory on disk (path dependency, link, workspace member).
    Path(String),
    /// A tarball or archive URL.
    Url(String),
}

/// One package as declared by one lockfile or manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    pub ecosystem: Ecosystem,
    /// The name as the ecosystem spells it: `@scope/name` for npm,
    /// `group:artifact` for Maven, `vendor/name` for Composer, the module path
    /// for Go. PyPI names are kept as written; the PURL normalises them.
    pub name: String,
    pub version: Version,
    /// 1-based line of the declaration in `file` (or the lockfile itself).
    pub line: u32,
    /// Set when the declaration lives in another file than the one parsed
    /// (a `-r` include of a requirements file); a path as written, relative
    /// to the scan root.
    pub file: Option<String>,
    pub scope: Scope,
    /// Optional dependency (npm `optional`, Python extras-only).
    pub optional: bool,
    /// Declared directly by the project rather than pulled in by another
    /// package; `None` when the format does not tell.
    pub direct: Option<bool>,
    pub origin: Origin,
    /// Identifier unique within one lockfile, used by `depends_on`.
    pub key: String,
    /// Keys of the packages this one depends on, within the same lockfile.
    pub depends_on: Vec<String>,
    /// Integrity digests as the lockfile writes them (`sha512-…`, `sha256:…`).
    pub hashes: Vec<String>,
    /// Extra facts worth keeping (`npm:alias`, `gem:platform`, …).
    pub properties: Vec<(String, String)>,
}

impl Package {
    /// A runtime, registry package with no extra facts; catalogers fill in
    /// the rest. The key defaults to `name@version`.
    pub fn new(ecosystem: Ecosystem, name: impl Into<String>, version: Version, line: u32) -> Self {
        let name = name.into();
        let key = match &version {
            Version::Pinned(v) => format!("{name}@{v}"),
            _ => name.clone(),
        };
        Package {
            ecosystem,
            name,
            version,
            line,
            file: None,
            scope: Scope::Runtime,
            optional: false,
            direct: None,
            origin: Origin::Registry,
            key,
            depends_on: Vec::new(),
            hashes: Vec::new(),
            properties: Vec::new(),
        }
    }

    pub fn pinned(ecosystem: Ecosystem, name: impl Into<String>, version: impl Into<String>, line: u32) -> Self {
        Self::new(ecosystem, name, Version::Pinned(version.into()), line)
    }

    /// The package-url of this package.
    pub fn purl(&self) -> Purl {
        Purl::for_package(self)
    }

    pub fn property(&self, key: &str) -> Option<&str> {
        self.properties
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}
