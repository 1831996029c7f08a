//! The one model every reporter reads: vulnerabilities, misconfigurations and
//! inputs that could not be read are all `Finding`s.
//!
//! A finding's fingerprint identifies "the same problem" across runs, so
//! reporters can de-duplicate PR comments and tools can track it: it hashes
//! what the problem is and where it lives logically (rule, file, package,
//! object), never the line number, which moves when unrelated lines change.

use std::fmt;

use serde::Serialize;
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "info" | "none" | "negligible" => Ok(Severity::Info),
            "low" => Ok(Severity::Low),
            "medium" | "moderate" => Ok(Severity::Medium),
            "high" => Ok(Severity::High),
            "critical" => Ok(Severity::Critical),
            other => Err(format!("unknown severity {other:?} (expected info, low, medium, high or critical)")),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// A package version an advisory covers.
    Vulnerability,
    /// A manifest or configuration that breaks a rule.
    Misconfiguration,
    /// An input that could not be read; the run is incomplete.
    InputError,
}

/// Where a finding lives in the repository. Lines and columns are 1-based;
/// 0 means "unknown" (the whole file).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Default)]
pub struct Location {
    pub path: String,
    pub line: u32,
    pub column: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (0, _) => write!(f, "{}", self.path),
            (l, 0) => write!(f, "{}:{l}", self.path),
            (l, c) => write!(f, "{}:{l}:{c}", self.path),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    /// Rule id (`pss-restricted/runAsNonRoot`), advisory id
    /// (`RUSTSEC-2023-0001`) or input-error code (`input/parse`).
    pub rule_id: String,
    /// Other ids of the same problem (CVE, GHSA, …).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    pub severity: Severity,
    pub message: String,
    pub location: Location,
    /// Short title (an advisory's summary, a rule's name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The affected package, for vulnerabilities.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub package: Option<PackageRef>,
    /// How to fix it: a version to upgrade to, or a remediation sentence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// Where to read more (advisory page, rule documentation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help_uri: Option<String>,
    /// Why the finding was raised, step by step (`--explain`): the source
    /// record, the range that matched, the comparator's verdicts.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub explanation: Vec<String>,
    /// Set when policy (an ignore rule or a VEX statement) suppressed the
    /// finding; suppressed findings are kept so reports can show why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<Suppression>,
    pub fingerprint: String,
    /// The source line the location points at, when the stage that raised
    /// the finding had the text (see [`super::snippet`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
}

/// The package a vulnerability finding is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackageRef {
    pub name: String,
    pub version: String,
    /// OSV ecosystem (`crates.io`, `PyPI`, `Debian:12`, …).
    pub ecosystem: String,
    pub purl: String,
}

/// Why a finding does not count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suppression {
    /// `ignore` (a `.ci-sec.toml` rule), `vex` (a VEX statement) or
    /// `policy` (`--ignore-unfixed`).
    pub kind: String,
    /// The VEX status (`not_affected`, `fixed`, …), `ignored` or `unfixed`.
    pub status: String,
    /// The reason or VEX justification, shown in reports.
    pub justification: String,
    /// Where the suppression came from (`.ci-sec.toml:12`, `vex.json`).
    pub source: String,
}

impl Finding {
    /// Builds a finding; `identity` is what makes this instance distinct
    /// from others of the same rule in the same file (a package, an object,
    /// a field path).
    pub fn new(
        kind: FindingKind,
        rule_id: impl Into<String>,
        severity: Severity,
        message: impl Into<String>,
        location: Location,
        identity: &str,
    ) -> Self {
        let rule_id = rule_id.into();
        let fingerprint = fingerprint(&[kind_tag(kind), &rule_id, &location.path, identity]);
        Finding {
            kind,
            rule_id,
            aliases: Vec::new(),
            severity,
            message: message.into(),
            location,
            title: None,
            package: None,
            fix: None,
            help_uri: None,
            explanation: Vec::new(),
            suppressed: None,
            fingerprint,
            snippet: None,
        }
    }

    /// An input that could not be read (always `high`: the scan is incomplete).
    pub fn input_error(location: Location, message: impl Into<String>) -> Self {
        Finding::new(FindingKind::InputError, "input/unreadable", Severity::High, message, location, "")
    }
}

fn kind_tag(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::Vulnerability => "vuln",
        FindingKind::Misconfiguration => "misconfig",
        FindingKind::InputError => "input",
    }
}

/// First 128 bits of SHA-256 over the parts, NUL-separated, in hex.
pub fn fingerprint(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0u8]);
    }
    h.finalize()[..16].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_ignores_line_moves_but_not_identity() {
        let at = |line| Location { path: "k8s/app.yaml".into(), line, column: 3 };
        let a = Finding::new(FindingKind::Misconfiguration, "r1", Severity::High, "m", at(10), "Deployment/web");
        let b = Finding::new(FindingKind::Misconfiguration, "r1", Severity::High, "m", at(42), "Deployment/web");
        let c = Finding::new(FindingKind::Misconfiguration, "r1", Severity::High, "m", at(10), "Deployment/api");
        assert_eq!(a.fingerprint, b.fingerprint);
        assert_ne!(a.fingerprint, c.fingerprint);
        assert_eq!(a.fingerprint.len(), 32);
    }

    #[test]
    fn severities_order_and_parse() {
        assert!(Severity::Critical > Severity::High && Severity::Low > Severity::Info);
        assert_eq!("Moderate".parse::<Severity>(), Ok(Severity::Medium));
        assert!("urgent".parse::<Severity>().is_err());
    }
}
