//! Runs discovery and every cataloger over a tree, in parallel, and gathers
//! the results. One unreadable file becomes an input-error finding; the rest
//! of the scan goes on.

use std::path::{Path, PathBuf};

use crate::discover::parallel::map_in_order;
use crate::discover::{discover, DiscoverOptions, Discovered};
use crate::model::{Finding, Location, Package};
use crate::syntax::lines::LineIndex;

use super::{Format, Note, Source};

/// Files larger than this are refused rather than read into memory.
pub const MAX_FILE_SIZE: u64 = 512 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct ScanOptions {
    pub include_vendored: bool,
    /// Let the Cargo cataloger ask `cargo metadata` for workspace members
    /// and dependency kinds.
    pub allow_cargo: bool,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            include_vendored: false,
            allow_cargo: true,
        }
    }
}

/// The packages of one lockfile or manifest.
#[derive(Debug, Clone)]
pub struct LockfileInventory {
    /// Path relative to the scan root.
    pub display: String,
    pub format: Format,
    pub packages: Vec<Package>,
    pub notes: Vec<Note>,
}

/// Everything found under one root.
#[derive(Debug, Clone)]
pub struct Inventory {
    pub root: PathBuf,
    /// Sorted by path.
    pub lockfiles: Vec<LockfileInventory>,
    /// Inputs that could not be read; non-empty means the run is incomplete.
    pub errors: Vec<Finding>,
}

impl Inventory {
    pub fn package_count(&self) -> usize {
        self.lockfiles.iter().map(|l| l.packages.len()).sum()
    }
}

/// Inventories every supported file under `root` (or `root` itself if it is
/// a file).
pub fn inventory_paths(root: &Path, opts: &ScanOptions) -> Inventory {
    let (files, walk_errors) = discover(
        root,
        &DiscoverOptions {
            include_vendored: opts.include_vendored,
        },
    );
    let mut errors: Vec<Finding> = walk_errors
        .into_iter()
        .map(|e| Finding::input_error(Location { path: e.display, line: 0, column: 0 }, e.message))
        .collect();

    let results = map_in_order(&files, |file| catalog_file(file, opts));
    let mut lockfiles = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(inv) => lockfiles.push(inv),
            Err(err) => errors.push(*err),
        }
    }
    Inventory {
        root: root.to_path_buf(),
        lockfiles,
        errors,
    }
}

/// Reads and parses one file.
pub fn catalog_file(file: &Discovered, opts: &ScanOptions) -> Result<LockfileInventory, Box<Finding>> {
    let at = |line, column| Location {
        path: file.display.clone(),
        line,
        column,
    };
    let fail = |loc: Location, msg: String| Box::new(Finding::input_error(loc, msg));
    match std::fs::metadata(&file.path) {
        Ok(m) if m.len() > MAX_FILE_SIZE => {
            return Err(fail(at(0, 0), format!("{} bytes is larger than the {MAX_FILE_SIZE}-byte limit", m.len())))
        }
        Err(e) => return Err(fail(at(0, 0), format!("cannot read: {e}"))),
        Ok(_) => {}
    }
    let bytes = std::fs::read(&file.path).map_err(|e| fail(at(0, 0), format!("cannot read: {e}")))?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes());
            let lc = LineIndex::new(&text).line_col(valid);
            return Err(fail(at(lc.line, lc.column), "not valid UTF-8".into()));
        }
    };
    let source = Source {
        text: &text,
        path: &file.path,
        display: &file.display,
        allow_cargo: opts.allow_cargo,
    };
    match file.format.parse(&source) {
        Ok(catalog) => Ok(LockfileInventory {
            display: file.display.clone(),
            format: file.format,
            packages: catalog.packages,
            notes: catalog.notes,
        }),
        Err(e) => Err(fail(
            at(e.line, e.column),
            format!("cannot parse as {}: {}", file.format.name(), e.message),
        )),
    }
}
