//! VEX documents (`--vex FILE`): statements that a vulnerability does or does
//! not affect a product, read from OpenVEX or CycloneDX JSON into one model.
//!
//! The format is recognised by content: an `@context` starting with
//! `https://openvex.dev/ns` is OpenVEX, `"bomFormat": "CycloneDX"` is
//! CycloneDX. Products are kept only when a package URL names them (ci-sec
//! matches packages by purl); statements that name no product by purl are
//! skipped with a warning. Anything malformed is an error naming the file
//! and line. Behaviour is documented in `docs/vex.md`.

mod cyclonedx;
mod openvex;

use std::path::{Path, PathBuf};

use crate::syntax::json::{self, Member, Value};
use crate::syntax::lines::LineIndex;

use crate::model::date::Timestamp;
use super::purl::PurlKey;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VexFormat {
    OpenVex,
    CycloneDx,
}

/// The statuses of both formats, kept apart so reports show what the
/// document said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VexStatus {
    // OpenVEX
    NotAffected,
    Affected,
    Fixed,
    UnderInvestigation,
    // CycloneDX `analysis.state` (`not_affected` maps to `NotAffected`)
    Resolved,
    ResolvedWithPedigree,
    Exploitable,
    InTriage,
    FalsePositive,
}

impl VexStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            VexStatus::NotAffected => "not_affected",
            VexStatus::Affected => "affected",
            VexStatus::Fixed => "fixed",
            VexStatus::UnderInvestigation => "under_investigation",
            VexStatus::Resolved => "resolved",
            VexStatus::ResolvedWithPedigree => "resolved_with_pedigree",
            VexStatus::Exploitable => "exploitable",
            VexStatus::InTriage => "in_triage",
            VexStatus::FalsePositive => "false_positive",
        }
    }

    /// Whether a finding this status applies to stops counting.
    pub fn suppresses(self) -> bool {
        matches!(
            self,
            VexStatus::NotAffected
                | VexStatus::Fixed
                | VexStatus::Resolved
                | VexStatus::ResolvedWithPedigree
                | VexStatus::FalsePositive
        )
    }
}

/// One statement: a vulnerability, the products (package URLs) it is about,
/// and what the author says.
#[derive(Debug, Clone, PartialEq)]
pub struct VexStatement {
    /// The vulnerability id (`CVE-…`, `GHSA-…`).
    pub vulnerability: String,
    /// Other ids of the same vulnerability given by the document.
    pub aliases: Vec<String>,
    /// Products and subcomponents named by purl.
    pub products: Vec<PurlKey>,
    pub status: VexStatus,
    /// The machine-readable justification label, as written.
    pub justification: Option<String>,
    /// OpenVEX `impact_statement` or CycloneDX `analysis.detail`.
    pub detail: Option<String>,
    /// OpenVEX `action_statement` or CycloneDX `analysis.response`.
    pub action: Option<String>,
    /// When the statement was made (its own, or inherited from the document).
    pub timestamp: Option<Timestamp>,
    /// 1-based line of the statement in its file.
    pub line: u32,
}

impl VexStatement {
    /// All ids the statement answers to.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.vulnerability.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    /// Whether one of the products covers the package.
    pub fn covers(&self, package: &PurlKey) -> bool {
        self.products.iter().any(|p| p.covers(package))
    }

    /// The text reports show as the reason: the justification label and the
    /// free-text detail, or a sentence when the document gives neither.
    pub fn reason(&self) -> String {
        let parts: Vec<&str> = [self.justification.as_deref(), self.detail.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        if parts.is_empty() {
            format!("{} according to the VEX statement", self.status.as_str().replace('_', " "))
        } else {
            parts.join(": ")
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct VexDocument {
    /// The file as named on the command line; suppressions cite it.
    pub file: String,
    pub format: VexFormat,
    pub statements: Vec<VexStatement>,
    /// Statements or references that were skipped, with their lines.
    pub warnings: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum VexError {
    #[error("{path}: cannot read VEX document: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{file}:{line}: {message}")]
    Invalid { file: String, line: u32, message: String },
}

/// Reads and parses a VEX file.
pub fn load(path: &Path) -> Result<VexDocument, VexError> {
    let bytes = std::fs::read(path).map_err(|source| VexError::Read { path: path.to_path_buf(), source })?;
    let file = path.display().to_string();
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let line = LineIndex::new(&String::from_utf8_lossy(&bytes[..e.valid_up_to()])).line(e.valid_up_to());
        VexError::Invalid { file: file.clone(), line, message: "not UTF-8 text".into() }
    })?;
    parse(text, &file)
}

/// Parses a VEX document; `file` names it in errors and suppressions.
pub fn parse(text: &str, file: &str) -> Result<VexDocument, VexError> {
    let reader = Reader { file, index: LineIndex::new(text) };
    let root = json::parse(text).map_err(|e| reader.error(e.offset, format!("invalid JSON: {}", e.message)))?;
    if root.as_object().is_none() {
        return Err(reader.error(root.offset, format!("a VEX document is a JSON object, found {}", root.type_name())));
    }
    let is_openvex = match root.get("@context") {
        Some(ctx) => ctx.as_str().is_some_and(|c| c.starts_with("https://openvex.dev/ns")),
        None => false,
    };
    let mut warnings = Vec::new();
    let (format, statements) = if is_openvex {
        (VexFormat::OpenVex, openvex::statements(&reader, &root, &mut warnings)?)
    } else if root.get_str("bomFormat") == Some("CycloneDX") {
        (VexFormat::CycloneDx, cyclonedx::statements(&reader, &root, &mut warnings)?)
    } else {
        return Err(reader.error(
            root.offset,
            "not a VEX document: expected OpenVEX (`@context`: https://openvex.dev/ns/…) or CycloneDX (`bomFormat`: \"CycloneDX\")",
        ));
    };
    if statements.is_empty() {
        warnings.push(format!("{file}: no usable VEX statement (nothing in it can suppress a finding)"));
    }
    Ok(VexDocument { file: file.to_string(), format, statements, warnings })
}

/// Typed access to the JSON tree with errors that name the file and line.
struct Reader<'t> {
    file: &'t str,
    index: LineIndex<'t>,
}

impl<'t> Reader<'t> {
    fn line(&self, offset: usize) -> u32 {
        self.index.line(offset)
    }

    fn error(&self, offset: usize, message: impl Into<String>) -> VexError {
        VexError::Invalid { file: self.file.to_string(), line: self.line(offset), message: message.into() }
    }

    fn warning(&self, offset: usize, message: impl std::fmt::Display) -> String {
        format!("{}:{}: {message}", self.file, self.line(offset))
    }

    fn object<'v, 'a>(&self, value: &'v Value<'a>, what: &str) -> Result<&'v [Member<'a>], VexError> {
        value
            .as_object()
            .ok_or_else(|| self.error(value.offset, format!("{what} must be an object, found {}", value.type_name())))
    }

    /// An optional string member (`null` counts as absent).
    fn opt_str<'v>(&self, obj: &'v Value<'_>, key: &str) -> Result<Option<&'v str>, VexError> {
        match obj.get(key) {
            None => Ok(None),
            Some(v) if v.type_name() == "null" => Ok(None),
            Some(v) => v
                .as_str()
                .map(Some)
                .ok_or_else(|| self.error(v.offset, format!("`{key}` must be a string, found {}", v.type_name()))),
        }
    }

    fn req_str<'v>(&self, obj: &'v Value<'_>, key: &str, what: &str) -> Result<&'v str, VexError> {
        self.opt_str(obj, key)?
            .ok_or_else(|| self.error(obj.offset, format!("{what} has no `{key}`")))
    }

    /// An optional array member; absent or `null` is empty.
    fn opt_array<'v, 'a>(&self, obj: &'v Value<'a>, key: &str) -> Result<&'v [Value<'a>], VexError> {
        match obj.get(key) {
            None => Ok(&[]),
            Some(v) if v.type_name() == "null" => Ok(&[]),
            Some(v) => v
                .as_array()
                .ok_or_else(|| self.error(v.offset, format!("`{key}` must be an array, found {}", v.type_name()))),
        }
    }

    fn opt_timestamp(&self, obj: &Value<'_>, key: &str) -> Result<Option<Timestamp>, VexError> {
        match self.opt_str(obj, key)? {
            None => Ok(None),
            Some(s) => {
                let offset = obj.get(key).map_or(obj.offset, |v| v.offset);
                Timestamp::parse(s).map(Some).map_err(|e| self.error(offset, format!("`{key}`: {e}")))
            }
        }
    }

    /// A package URL at `value` (a string), or an error at its line.
    fn purl(&self, value: &Value<'_>, text: &str) -> Result<PurlKey, VexError> {
        PurlKey::parse(text).map_err(|e| self.error(value.offset, e))
    }

    /// Checks `value` (at `key` of `obj`) against a closed list.
    fn one_of(&self, obj: &Value<'_>, key: &str, value: &str, allowed: &[&str]) -> Result<(), VexError> {
        if allowed.contains(&value) {
            return Ok(());
        }
        let offset = obj.get(key).map_or(obj.offset, |v| v.offset);
        Err(self.error(offset, format!("unknown `{key}` {value:?} (expected one of: {})", allowed.join(", "))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_neither_format() {
        let err = parse("{\n  \"bomFormat\": \"SPDX\"\n}", "x.json").unwrap_err();
        assert!(err.to_string().starts_with("x.json:1: not a VEX document"), "{err}");
        let err = parse("[1]", "x.json").unwrap_err();
        assert!(err.to_string().contains("is a JSON object"), "{err}");
        let err = parse("{\n  \"@context\": \"https://openvex.dev/ns/v0.2.0\",\n  \"statements\": [\n    {,}\n  ]\n}", "x.json")
            .unwrap_err();
        assert!(err.to_string().starts_with("x.json:4: invalid JSON"), "{err}");
    }

    #[test]
    fn statuses_that_suppress() {
        use VexStatus::*;
        for s in [NotAffected, Fixed, Resolved, ResolvedWithPedigree, FalsePositive] {
            assert!(s.suppresses(), "{}", s.as_str());
        }
        for s in [Affected, UnderInvestigation, Exploitable, InTriage] {
            assert!(!s.suppresses(), "{}", s.as_str());
        }
    }
}
