//! Reporters: render [`crate::model::Finding`]s for people and tools. They
//! read findings only and never reach back into a stage. The SBOM formats
//! live in [`crate::sbom`].
//!
//! | module | output | for |
//! |---|---|---|
//! | [`table`] | grouped terminal text | people reading a CI log |
//! | [`json`] | `ci-sec/findings/v1` (docs/json-report.md) | scripts, `jq` |
//! | [`sarif`] | SARIF 2.1.0 | GitHub code scanning, IDEs, other SARIF viewers |
//! | [`cyclonedx_vex`] | CycloneDX 1.6 SBOM + `vulnerabilities` | Dependency-Track and other VEX consumers |
//!
//! Every writer takes the findings of a run (`&[Finding]`, any kind, in any
//! order) and a [`ReportContext`]. The writers are generic over the finding
//! kind: vulnerabilities are the first producer, Kubernetes
//! misconfigurations will use the same writers. The helpers here give every
//! writer the same answer to the questions they share:
//!
//! - which findings count, which were suppressed, which inputs could not be
//!   read ([`Partition`]); input-error findings in the finding list are
//!   treated like [`ReportContext::incomplete_inputs`];
//! - the one deterministic order: severity (worst first), then package
//!   (name, version), then rule id, then location, then fingerprint;
//! - how a suppression reads ([`suppression_text`]);
//! - which CVSS ratings a finding carries ([`cvss_ratings`]) and the numeric
//!   score tools such as GitHub rank by ([`security_severity`]);
//! - where an advisory id is published ([`advisory_source`]).

pub mod cyclonedx_vex;
pub mod gitlab;
pub mod json;
pub mod sarif;
pub mod table;

use std::cmp::Ordering;

use crate::model::{Finding, FindingKind, Severity, Suppression};

/// `tool.name` in every report.
pub const TOOL_NAME: &str = "ci-sec";

/// What the writers need besides the findings.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportContext {
    /// ci-sec's version, as reports name the tool.
    pub tool_version: String,
    /// The PATH the run was given, as the user wrote it.
    pub scanned_path: String,
    /// Inputs that could not be read (input-error findings): the run is
    /// incomplete. Listed separately in every report.
    pub incomplete_inputs: Vec<Finding>,
    pub stats: ScanStats,
    /// Packages that could not be checked (no pinned version, no known
    /// ecosystem, an invalid version), with the reason: listed, never
    /// silently passed.
    pub unchecked: Vec<UncheckedPackage>,
}

/// A package the matcher could not check.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UncheckedPackage {
    pub name: String,
    pub version: Option<String>,
    pub location: crate::model::Location,
    pub reason: String,
}

impl ReportContext {
    /// A context naming this build of ci-sec, with no input errors.
    pub fn new(scanned_path: impl Into<String>) -> Self {
        ReportContext {
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            scanned_path: scanned_path.into(),
            incomplete_inputs: Vec::new(),
            stats: ScanStats::default(),
            unchecked: Vec::new(),
        }
    }
}

/// Counts for the summary lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScanStats {
    /// Packages whose version was compared against the advisories.
    pub packages_checked: usize,
    /// Packages that could not be checked (no pinned version, an ecosystem
    /// without a version ordering).
    pub packages_unchecked: usize,
}

/// The findings of a run split the way every report shows them, each part
/// in the one report order ([`report_order`]).
#[derive(Debug, Default)]
pub struct Partition<'a> {
    /// Findings that count (not suppressed, not input errors).
    pub active: Vec<&'a Finding>,
    /// Findings a VEX statement or ignore rule suppressed.
    pub suppressed: Vec<&'a Finding>,
    /// Inputs that could not be read.
    pub incomplete: Vec<&'a Finding>,
}

impl<'a> Partition<'a> {
    pub fn new(findings: &'a [Finding], ctx: &'a ReportContext) -> Self {
        let mut p = Partition::default();
        for f in findings.iter().chain(&ctx.incomplete_inputs) {
            if f.kind == FindingKind::InputError {
                p.incomplete.push(f);
            } else if f.suppressed.is_some() {
                p.suppressed.push(f);
            } else {
                p.active.push(f);
            }
        }
        p.active.sort_by(|a, b| report_order(a, b));
        p.suppressed.sort_by(|a, b| report_order(a, b));
        // Input errors read best in file order.
        p.incomplete.sort_by(|a, b| a.location.cmp(&b.location).then_with(|| a.message.cmp(&b.message)));
        p.incomplete.dedup_by(|a, b| a.location == b.location && a.message == b.message);
        p
    }
}

/// The report order: worst severity first, then package name and version
/// (findings without a package first), rule id, location, fingerprint.
/// Total, so every report is deterministic.
pub fn report_order(a: &Finding, b: &Finding) -> Ordering {
    fn pkg(f: &Finding) -> Option<(&str, &str, &str)> {
        f.package.as_ref().map(|p| (p.name.as_str(), p.version.as_str(), p.ecosystem.as_str()))
    }
    b.severity
        .cmp(&a.severity)
        .then_with(|| pkg(a).cmp(&pkg(b)))
        .then_with(|| a.rule_id.cmp(&b.rule_id))
        .then_with(|| a.location.cmp(&b.location))
        .then_with(|| a.fingerprint.cmp(&b.fingerprint))
}

/// Findings per severity, for summaries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeverityCounts {
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub info: usize,
}

impl SeverityCounts {
    pub fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Self {
        let mut c = SeverityCounts::default();
        for f in findings {
            *match f.severity {
                Severity::Critical => &mut c.critical,
                Severity::High => &mut c.high,
                Severity::Medium => &mut c.medium,
                Severity::Low => &mut c.low,
                Severity::Info => &mut c.info,
            } += 1;
        }
        c
    }

    /// Worst first.
    pub fn pairs(&self) -> [(Severity, usize); 5] {
        [
            (Severity::Critical, self.critical),
            (Severity::High, self.high),
            (Severity::Medium, self.medium),
            (Severity::Low, self.low),
            (Severity::Info, self.info),
        ]
    }
}

/// How a suppression reads in every report:
/// `suppressed by VEX (not_affected: vulnerable_code_not_in_execute_path) from vex.json`.
pub fn suppression_text(s: &Suppression) -> String {
    let by = match s.kind.as_str() {
        "vex" => "VEX",
        "ignore" => "ignore rule",
        other => other,
    };
    let mut text = format!("suppressed by {by}");
    match (s.status.is_empty(), s.justification.is_empty()) {
        (false, false) => text.push_str(&format!(" ({}: {})", s.status, s.justification)),
        (false, true) => text.push_str(&format!(" ({})", s.status)),
        (true, false) => text.push_str(&format!(" ({})", s.justification)),
        (true, true) => {}
    }
    if !s.source.is_empty() {
        text.push_str(" from ");
        text.push_str(&s.source);
    }
    text
}

/// A CVSS version ci-sec recognises in a finding's explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CvssVersion {
    V2,
    V3_0,
    V3_1,
    V4_0,
}

/// A CVSS rating carried by a finding: the vector, and the base score when
/// the producer stated it.
#[derive(Debug, Clone, PartialEq)]
pub struct CvssRating {
    pub version: CvssVersion,
    pub vector: String,
    pub score: Option<f64>,
}

/// The CVSS ratings a finding carries, in the order of its explanation,
/// without repeats.
///
/// `Finding` has no score field (the model belongs to the matching stage),
/// so a rating travels in the explanation. The convention: an explanation
/// line holds the vector as one word — `CVSS:3.1/AV:N/…`, `CVSS:3.0/…`,
/// `CVSS:4.0/…`, or a bare v2 vector `AV:N/AC:L/Au:N/…` — and may state the
/// base score after the word `score` (`score 9.8`, `score=9.8`,
/// `score: 9.8`). Nothing else in a line is read as a score, so version
/// numbers never turn into one. ci-sec does not compute scores from vectors
/// here.
pub fn cvss_ratings(f: &Finding) -> Vec<CvssRating> {
    let mut out: Vec<CvssRating> = Vec::new();
    for line in &f.explanation {
        let words: Vec<&str> = line
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']' | ',' | ';' | '"' | '\'')))
            .collect();
        let mut score = None;
        for (i, w) in words.iter().enumerate() {
            let lower = w.to_ascii_lowercase();
            let stated = if lower == "score" || lower == "score:" || lower == "score=" {
                words.get(i + 1).copied()
            } else {
                lower.strip_prefix("score=").or_else(|| lower.strip_prefix("score:")).map(|_| &w[6..])
            };
            if let Some(s) = stated.and_then(parse_score) {
                score = Some(s);
                break;
            }
        }
        for w in &words {
            if let Some(version) = cvss_vector_version(w)
                && !out.iter().any(|r| r.vector == *w)
            {
                out.push(CvssRating { version, vector: (*w).to_string(), score });
            }
        }
    }
    out
}

fn parse_score(s: &str) -> Option<f64> {
    let s = s.trim_end_matches(['.', ',', ';', ')']);
    let (whole, frac) = s.split_once('.')?;
    let ok = !whole.is_empty() && whole.len() <= 2 && frac.len() == 1 && s.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    let v: f64 = if ok { s.parse().ok()? } else { return None };
    (0.0..=10.0).contains(&v).then_some(v)
}

fn cvss_vector_version(word: &str) -> Option<CvssVersion> {
    if !word.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'/' | b'.')) {
        return None;
    }
    let version = if word.starts_with("CVSS:3.1/") {
        CvssVersion::V3_1
    } else if word.starts_with("CVSS:3.0/") {
        CvssVersion::V3_0
    } else if word.starts_with("CVSS:4.0/") {
        CvssVersion::V4_0
    } else if word.starts_with("AV:") && word.contains("/Au:") {
        CvssVersion::V2
    } else {
        return None;
    };
    // At least a few metrics, each `Name:Value`.
    let metrics = word.split('/').skip(usize::from(version != CvssVersion::V2));
    let mut n = 0;
    for m in metrics {
        let (k, v) = m.split_once(':')?;
        if k.is_empty() || v.is_empty() {
            return None;
        }
        n += 1;
    }
    (n >= 3).then_some(version)
}

/// The severity band a CVSS score falls in (CVSS v3/v4 qualitative scale).
pub fn severity_band(score: f64) -> Severity {
    if score >= 9.0 {
        Severity::Critical
    } else if score >= 7.0 {
        Severity::High
    } else if score >= 4.0 {
        Severity::Medium
    } else if score > 0.0 {
        Severity::Low
    } else {
        Severity::Info
    }
}

/// The numeric severity GitHub code scanning ranks by (SARIF rule property
/// `security-severity`), as a string with one decimal.
///
/// The stated CVSS score when the finding carries one (v3.x preferred, then
/// v4.0, then v2) and it falls in the band of the finding's severity — a
/// policy may have re-rated the finding, and then the severity wins. Else a
/// fixed point inside each band: critical 9.5, high 8.0, medium 5.5,
/// low 2.0, info 0.0.
pub fn security_severity(f: &Finding) -> String {
    let ratings = cvss_ratings(f);
    let preference = [CvssVersion::V3_1, CvssVersion::V3_0, CvssVersion::V4_0, CvssVersion::V2];
    let stated = preference
        .iter()
        .find_map(|v| ratings.iter().filter(|r| r.version == *v).find_map(|r| r.score))
        .filter(|s| severity_band(*s) == f.severity);
    let score = stated.unwrap_or(match f.severity {
        Severity::Critical => 9.5,
        Severity::High => 8.0,
        Severity::Medium => 5.5,
        Severity::Low => 2.0,
        Severity::Info => 0.0,
    });
    format!("{score:.1}")
}

/// Who publishes an advisory id, and its page there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdvisorySource {
    pub name: &'static str,
    pub url: String,
}

/// The publisher of an advisory, judged by its id's prefix; ids ci-sec
/// does not know are linked to their OSV page (every advisory ci-sec
/// matches comes as an OSV record).
pub fn advisory_source(id: &str) -> AdvisorySource {
    let enc = percent_encode(id);
    let (name, url) = if id.starts_with("CVE-") {
        ("NVD", format!("https://nvd.nist.gov/vuln/detail/{enc}"))
    } else if id.starts_with("GHSA-") {
        ("GitHub Advisory Database", format!("https://github.com/advisories/{enc}"))
    } else if id.starts_with("RUSTSEC-") {
        ("RustSec", format!("https://rustsec.org/advisories/{enc}.html"))
    } else if id.starts_with("GO-") {
        ("Go Vulnerability Database", format!("https://pkg.go.dev/vuln/{enc}"))
    } else {
        ("OSV", format!("https://osv.dev/vulnerability/{enc}"))
    };
    AdvisorySource { name, url }
}

/// The page to read about a finding: its own `help_uri`, else, for a
/// vulnerability, its advisory's page.
pub fn reference_url(f: &Finding) -> Option<String> {
    f.help_uri.clone().or_else(|| (f.kind == FindingKind::Vulnerability).then(|| advisory_source(&f.rule_id).url))
}

/// Percent-encodes everything but the characters a URI path may hold
/// literally (RFC 3986 `pchar` and `/`).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// What a finding is called in one line: its title, else its message.
pub fn headline(f: &Finding) -> &str {
    f.title.as_deref().filter(|t| !t.is_empty()).unwrap_or(&f.message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Location;

    fn vuln(explanation: &[&str], severity: Severity) -> Finding {
        let mut f = Finding::new(FindingKind::Vulnerability, "GHSA-x", severity, "m", Location::default(), "p");
        f.explanation = explanation.iter().map(|s| s.to_string()).collect();
        f
    }

    #[test]
    fn cvss_is_read_from_explanation_words_and_only_scores_named_as_such() {
        let f = vuln(
            &[
                "matched range 0 (SEMVER): 1.0 <= 1.2.0 < 2.0",
                "severity: CVSS_V3 CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H (score 9.8)",
                "also CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N, fixed in 2.0",
                "v2 AV:N/AC:L/Au:N/C:P/I:P/A:P score=7.5",
                "again CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                "not a vector: CVSS:3.1/ and https://x/CVSS:3.1/AV:N",
            ],
            Severity::Critical,
        );
        let r = cvss_ratings(&f);
        assert_eq!(r.len(), 3, "{r:?}");
        assert_eq!((r[0].version, r[0].score), (CvssVersion::V3_1, Some(9.8)));
        assert_eq!((r[1].version, r[1].score), (CvssVersion::V4_0, None), "2.0 is not named a score");
        assert_eq!((r[2].version, r[2].score), (CvssVersion::V2, Some(7.5)));
        assert_eq!(security_severity(&f), "9.8");
    }

    #[test]
    fn security_severity_falls_back_to_the_band_midpoints_and_distrusts_scores_off_band() {
        assert_eq!(security_severity(&vuln(&[], Severity::Critical)), "9.5");
        assert_eq!(security_severity(&vuln(&[], Severity::High)), "8.0");
        assert_eq!(security_severity(&vuln(&[], Severity::Medium)), "5.5");
        assert_eq!(security_severity(&vuln(&[], Severity::Low)), "2.0");
        assert_eq!(security_severity(&vuln(&[], Severity::Info)), "0.0");
        // A policy re-rated a 9.8 as low: the severity wins.
        let f = vuln(&["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H score 9.8"], Severity::Low);
        assert_eq!(security_severity(&f), "2.0");
        let f = vuln(&["CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N score: 5.9"], Severity::Medium);
        assert_eq!(security_severity(&f), "5.9");
    }

    #[test]
    fn suppressions_read_the_same_everywhere() {
        let s = |kind: &str, status: &str, justification: &str, source: &str| Suppression {
            kind: kind.into(),
            status: status.into(),
            justification: justification.into(),
            source: source.into(),
        };
        assert_eq!(
            suppression_text(&s("vex", "not_affected", "vulnerable_code_not_in_execute_path", "vex.json")),
            "suppressed by VEX (not_affected: vulnerable_code_not_in_execute_path) from vex.json"
        );
        assert_eq!(
            suppression_text(&s("ignore", "ignored", "dev only", ".ci-sec.toml:12")),
            "suppressed by ignore rule (ignored: dev only) from .ci-sec.toml:12"
        );
        assert_eq!(suppression_text(&s("vex", "fixed", "", "")), "suppressed by VEX (fixed)");
    }

    #[test]
    fn advisory_ids_link_to_their_publisher() {
        assert_eq!(advisory_source("CVE-2024-1").url, "https://nvd.nist.gov/vuln/detail/CVE-2024-1");
        assert_eq!(advisory_source("RUSTSEC-2024-0001").name, "RustSec");
        assert_eq!(advisory_source("DSA 5000-1").url, "https://osv.dev/vulnerability/DSA%205000-1");
        assert_eq!(percent_encode("dir with space/ü.yaml"), "dir%20with%20space/%C3%BC.yaml");
    }

    #[test]
    fn partition_sorts_worst_first_and_separates_suppressed_and_input_errors() {
        let at = |p: &str| Location { path: p.into(), line: 1, column: 0 };
        let mut low = Finding::new(FindingKind::Vulnerability, "A", Severity::Low, "m", at("a"), "x");
        low.package = Some(crate::model::PackageRef {
            name: "a".into(),
            version: "1".into(),
            ecosystem: "npm".into(),
            purl: "pkg:npm/a@1".into(),
        });
        let high = Finding::new(FindingKind::Misconfiguration, "B", Severity::High, "m", at("b"), "y");
        let mut sup = Finding::new(FindingKind::Vulnerability, "C", Severity::Critical, "m", at("c"), "z");
        sup.suppressed = Some(Suppression { kind: "vex".into(), status: "fixed".into(), justification: String::new(), source: String::new() });
        let err = Finding::input_error(at("broken"), "bad");
        let mut ctx = ReportContext::new(".");
        ctx.incomplete_inputs.push(err.clone());
        let all = [low, sup, err, high];
        let p = Partition::new(&all, &ctx);
        assert_eq!(p.active.iter().map(|f| f.rule_id.as_str()).collect::<Vec<_>>(), ["B", "A"]);
        assert_eq!(p.suppressed.len(), 1);
        assert_eq!(p.incomplete.len(), 1, "the same input error twice is listed once");
    }
}
