//! The policy stage of `ci-sec scan`: applied once to all findings before any
//! reporter sees them. It decides which findings count and whether the run
//! fails.
//!
//! For every finding that is not already suppressed, in this order (the
//! first that applies wins; suppressed findings are kept, with the reason,
//! so reports can show them):
//! 1. VEX (`--vex FILE`, [`vex`]): among the statements whose vulnerability
//!    is the finding's id or an alias and whose product covers the finding's
//!    package purl, the latest one decides; `not_affected`, `fixed`,
//!    `resolved`, `resolved_with_pedigree` and `false_positive` suppress
//!    (kind `vex`). Vulnerabilities only.
//! 2. Ignore rules (`[[scan.ignore]]` in `.ci-sec.toml`): the first rule, in
//!    file order, whose id and scopes match and whose `until` date is today
//!    or later suppresses (kind `ignore`, status `ignored`). Expired rules
//!    suppress nothing and produce a warning. Vulnerabilities and
//!    misconfigurations.
//! 3. `--ignore-unfixed`: vulnerabilities without a fix are suppressed (kind
//!    `policy`, status `unfixed`).
//!
//! Input errors are never suppressed: an unreadable input makes the run
//! incomplete whatever the policy says.
//!
//! The gate ([`exit_code_for`]) counts unsuppressed vulnerabilities and
//! misconfigurations at or above `--fail-on` (default `low`).
//!
//! Library code never reads the clock: `today` is a parameter, and the CLI
//! passes [`Date::today_utc`].

pub mod glob;
pub mod ignore;
pub mod purl;
pub mod vex;

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;

use crate::config::{IgnoreRule, ScanConfig};
use crate::model::{Finding, FindingKind, Severity, Suppression};

use crate::model::date::{self, Date};
use vex::{VexDocument, VexError, VexStatement};

/// The lowest severity that fails the run, or never failing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    At(Severity),
    Never,
}

impl Default for FailOn {
    /// `low`: every finding with a rated risk fails the run; `info`
    /// (informational, "none", "negligible") does not.
    fn default() -> Self {
        FailOn::At(Severity::Low)
    }
}

impl std::str::FromStr for FailOn {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            // "none" would otherwise parse as the severity Info (fail on
            // everything): the opposite of what someone writing it means.
            "never" | "none" | "off" => Ok(FailOn::Never),
            other => other.parse::<Severity>().map(FailOn::At).map_err(|_| {
                format!("unknown threshold {s:?} (expected info, low, medium, high, critical or never)")
            }),
        }
    }
}

impl fmt::Display for FailOn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FailOn::At(s) => write!(f, "{s}"),
            FailOn::Never => f.write_str("never"),
        }
    }
}

/// Whether the findings fail the run at `threshold`: some unsuppressed
/// vulnerability or misconfiguration is at or above it. Input errors are not
/// counted here: they make the run incomplete (exit code 2), which the CLI
/// checks first.
pub fn exit_code_for(findings: &[Finding], threshold: FailOn) -> bool {
    let FailOn::At(min) = threshold else { return false };
    findings
        .iter()
        .any(|f| f.suppressed.is_none() && f.kind != FindingKind::InputError && f.severity >= min)
}

/// What policy reports besides its verdicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarningKind {
    /// An ignore rule whose `until` has passed.
    ExpiredIgnore,
    /// A valid ignore rule that matched no finding (stale, or the scan did
    /// not cover what it is about); worth showing with `--verbose`.
    UnusedIgnore,
    /// A VEX statement or reference that was skipped.
    Vex,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyWarning {
    pub kind: WarningKind,
    pub message: String,
}

impl fmt::Display for PolicyWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The command-line side of the policy settings (`ci-sec scan` flags).
#[derive(Debug, Clone, Default)]
pub struct ScanFlags {
    /// `--fail-on`; overrides `[scan] fail-on`.
    pub fail_on: Option<FailOn>,
    /// `--ignore-unfixed`; adds to `[scan] ignore-unfixed`.
    pub ignore_unfixed: bool,
    /// `--vex FILE`, repeatable, in command-line order.
    pub vex: Vec<PathBuf>,
}

/// The suppression rules of one run.
#[derive(Debug, Clone)]
pub struct Policy {
    today: Date,
    ignores: Vec<IgnoreRule>,
    /// How suppressions cite the config file (`.ci-sec.toml`).
    config_label: String,
    vex: Vec<VexDocument>,
    /// Upper-cased vulnerability id or alias → (document, statement).
    vex_index: HashMap<String, Vec<(usize, usize)>>,
    /// `Some(source)` when unfixed vulnerabilities are suppressed.
    ignore_unfixed: Option<String>,
}

impl Policy {
    /// A policy that suppresses nothing; `today` decides which ignores expired.
    pub fn new(today: Date) -> Self {
        Policy {
            today,
            ignores: Vec::new(),
            config_label: crate::config::FILE_NAME.to_string(),
            vex: Vec::new(),
            vex_index: HashMap::new(),
            ignore_unfixed: None,
        }
    }

    /// Everything a scan needs: config, flags (which win over the config),
    /// VEX files read from disk. Returns the policy and the threshold.
    pub fn from_settings(
        config: &ScanConfig,
        config_label: &str,
        flags: &ScanFlags,
        today: Date,
    ) -> Result<(Policy, FailOn), VexError> {
        let mut policy = Policy::new(today).with_ignores(config.ignore.clone(), config_label);
        if flags.ignore_unfixed {
            policy = policy.with_ignore_unfixed("--ignore-unfixed");
        } else if config.ignore_unfixed {
            policy = policy.with_ignore_unfixed(format!("{config_label} [scan] ignore-unfixed"));
        }
        for path in &flags.vex {
            policy = policy.with_vex(vex::load(path)?);
        }
        let fail_on = flags.fail_on.or(config.fail_on).unwrap_or_default();
        Ok((policy, fail_on))
    }

    /// Adds ignore rules; `config_label` is how suppressions and warnings
    /// cite their file (`.ci-sec.toml` → `.ci-sec.toml:12`).
    pub fn with_ignores(mut self, rules: Vec<IgnoreRule>, config_label: impl Into<String>) -> Self {
        self.ignores.extend(rules);
        self.config_label = config_label.into();
        self
    }

    /// Adds a VEX document; later documents win ties between statements of
    /// equal time.
    pub fn with_vex(mut self, doc: VexDocument) -> Self {
        let d = self.vex.len();
        for (s, statement) in doc.statements.iter().enumerate() {
            let mut ids: Vec<String> = statement.ids().map(|id| id.trim().to_ascii_uppercase()).collect();
            ids.sort();
            ids.dedup();
            for id in ids {
                self.vex_index.entry(id).or_default().push((d, s));
            }
        }
        self.vex.push(doc);
        self
    }

    /// Suppresses vulnerabilities that have no fix; `source` is cited.
    pub fn with_ignore_unfixed(mut self, source: impl Into<String>) -> Self {
        self.ignore_unfixed = Some(source.into());
        self
    }

    /// Applies the policy in place and returns the warnings to show.
    pub fn apply(&self, findings: &mut [Finding]) -> Vec<PolicyWarning> {
        let mut warnings: Vec<PolicyWarning> = self
            .vex
            .iter()
            .flat_map(|d| &d.warnings)
            .map(|m| PolicyWarning { kind: WarningKind::Vex, message: m.clone() })
            .collect();
        let mut hits = vec![0usize; self.ignores.len()];

        for finding in findings.iter_mut() {
            if finding.kind == FindingKind::InputError {
                continue;
            }
            if finding.suppressed.is_none() && finding.kind == FindingKind::Vulnerability {
                self.apply_vex(finding);
            }
            let mut chosen = None;
            for (i, rule) in self.ignores.iter().enumerate() {
                if !ignore::covers(rule, finding) {
                    continue;
                }
                hits[i] += 1;
                if self.expired(rule) {
                    finding.explanation.push(format!(
                        "the ignore in {} expired on {}; the finding counts again",
                        self.cite(rule),
                        rule.until
                    ));
                } else if chosen.is_none() {
                    chosen = Some(rule);
                }
            }
            if finding.suppressed.is_none()
                && let Some(rule) = chosen
            {
                finding.suppressed = Some(Suppression {
                    kind: "ignore".into(),
                    status: "ignored".into(),
                    justification: rule.reason.clone(),
                    source: self.cite(rule),
                });
            }
            if finding.suppressed.is_none()
                && finding.kind == FindingKind::Vulnerability
                && let Some(source) = &self.ignore_unfixed
                && finding.fix.as_deref().is_none_or(|f| f.trim().is_empty())
            {
                finding.suppressed = Some(Suppression {
                    kind: "policy".into(),
                    status: "unfixed".into(),
                    justification: "no fixed version is available".into(),
                    source: source.clone(),
                });
            }
        }

        for (rule, &n) in self.ignores.iter().zip(&hits) {
            if self.expired(rule) {
                let mut message = format!("ignore for {} in {} expired on {}", rule.id, self.cite(rule), rule.until);
                if n > 0 {
                    message.push_str(&format!(
                        "; the {n} finding{} it matched count{} again",
                        if n == 1 { "" } else { "s" },
                        if n == 1 { "s" } else { "" }
                    ));
                }
                warnings.push(PolicyWarning { kind: WarningKind::ExpiredIgnore, message });
            } else if n == 0 {
                warnings.push(PolicyWarning {
                    kind: WarningKind::UnusedIgnore,
                    message: format!("ignore for {} in {} matched no finding", rule.id, self.cite(rule)),
                });
            }
        }
        warnings
    }

    /// The latest applicable VEX statement decides; an affected-like one is
    /// noted in the explanation.
    fn apply_vex(&self, finding: &mut Finding) {
        let Some(package) = ignore::package_purl(finding) else { return };
        // Later time wins; ties go to the later document, then statement.
        type Rank = (Option<date::Timestamp>, usize, usize);
        let mut best: Option<(&VexDocument, &VexStatement, Rank)> = None;
        let ids = std::iter::once(&finding.rule_id).chain(&finding.aliases);
        for id in ids {
            let Some(entries) = self.vex_index.get(&id.trim().to_ascii_uppercase()) else { continue };
            for &(d, s) in entries {
                let doc = &self.vex[d];
                let statement = &doc.statements[s];
                if !statement.covers(&package) {
                    continue;
                }
                let key = (statement.timestamp, d, s);
                if best.as_ref().is_none_or(|(_, _, k)| key > *k) {
                    best = Some((doc, statement, key));
                }
            }
        }
        let Some((doc, statement, _)) = best else { return };
        let source = format!("{}:{}", doc.file, statement.line);
        if statement.status.suppresses() {
            finding.suppressed = Some(Suppression {
                kind: "vex".into(),
                status: statement.status.as_str().into(),
                justification: statement.reason(),
                source,
            });
        } else {
            let mut note = format!("VEX {source} says {}", statement.status.as_str());
            if let Some(action) = &statement.action {
                note.push_str(&format!(" ({action})"));
            }
            note.push_str(", which does not suppress the finding");
            finding.explanation.push(note);
        }
    }

    fn expired(&self, rule: &IgnoreRule) -> bool {
        rule.until < self.today
    }

    fn cite(&self, rule: &IgnoreRule) -> String {
        format!("{}:{}", self.config_label, rule.line)
    }
}

#[cfg(test)]
mod tests;
