//! CVSS v3.0 and v3.1: vector strings and the Base, Temporal and
//! Environmental equations.
//!
//! Source: FIRST, *Common Vulnerability Scoring System v3.1: Specification
//! Document* (section 6 "Vector String", section 7 "CVSS v3.1 Equations",
//! section 7.4 "Metric Values", Appendix A "Floating Point Rounding") and
//! *Common Vulnerability Scoring System v3.0: Specification Document*
//! (sections 6 and 8). The two versions share metrics, weights and the Base
//! and Temporal equations; they differ in two places, both handled here:
//!
//! - **Roundup.** Both define it as "the smallest number, specified to one
//!   decimal place, that is equal to or higher than its input". 3.1's
//!   Appendix A gives the float-safe form it recommends to implementers: round the
//!   input to 5 decimal places as an integer, return it unchanged when it is a
//!   whole tenth, else the next tenth up. That is what [`roundup`] does for
//!   3.1. 3.0 gives only the definition; a literal `ceil(x * 10) / 10` on
//!   binary floats is wrong (10 × 0.92 is 9.200000000000001 in a double, so
//!   the Temporal score of Base 10.0 with RC:U would be 9.3, not 9.2), so for 3.0 the
//!   input is first rounded to 10 decimal places, far below any real
//!   difference. Over every combination of the weights, the exact argument
//!   of a Roundup is either a whole tenth or at least 2.5 × 10⁻⁵ above one
//!   (checked exhaustively while writing this module), so both forms give
//!   the mathematically exact result for every vector, and
//!   tests/cvss_differential.rs compares them with a reference implementation
//!   that computes in decimal arithmetic.
//! - **Modified Impact under a changed Modified Scope.** 3.0:
//!   `7.52 × (MISS − 0.029) − 3.25 × (MISS − 0.02)^15`; 3.1:
//!   `7.52 × (MISS − 0.029) − 3.25 × (MISS × 0.9731 − 0.02)^13`. A side
//!   effect in 3.1: with no Environmental metric defined the Environmental
//!   equation can differ from the Base one (Base 9.9 but Environmental 10.0
//!   for `AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H`), one more reason why
//!   [`Cvss3::score`] reports the Base (or Temporal) score in that case.
//!
//! **Metric order.** The 3.1 specification says a vector "should" list the
//! metrics in the order of its Table 15, "though other orderings are valid",
//! and that "programs reading CVSS v3.1 vector strings must accept metrics in
//! any order"; FIRST's calculators accept any order (they check a metric is
//! not repeated and every Base metric is present). So does [`parse`]: any
//! order, Temporal and Environmental metrics optional (absent and `X` both
//! mean Not Defined), no metric twice, every Base metric required, metric
//! names and values case-sensitive.

use super::{CvssError, CvssVersion, MetricDef, Rating, parse_metrics, required, split_prefix, value};

metric_values! {
    /// Attack Vector (AV, MAV).
    AttackVector { Network = "N", Adjacent = "A", Local = "L", Physical = "P" }
}
metric_values! {
    /// Attack Complexity (AC, MAC).
    AttackComplexity { Low = "L", High = "H" }
}
metric_values! {
    /// Privileges Required (PR, MPR).
    PrivilegesRequired { None = "N", Low = "L", High = "H" }
}
metric_values! {
    /// User Interaction (UI, MUI).
    UserInteraction { None = "N", Required = "R" }
}
metric_values! {
    /// Scope (S, MS).
    Scope { Unchanged = "U", Changed = "C" }
}
metric_values! {
    /// Confidentiality, Integrity and Availability impact (C/I/A, MC/MI/MA).
    Impact { High = "H", Low = "L", None = "N" }
}
metric_values! {
    /// Exploit Code Maturity (E).
    ExploitCodeMaturity { High = "H", Functional = "F", ProofOfConcept = "P", Unproven = "U" }
}
metric_values! {
    /// Remediation Level (RL).
    RemediationLevel { Unavailable = "U", Workaround = "W", TemporaryFix = "T", OfficialFix = "O" }
}
metric_values! {
    /// Report Confidence (RC).
    ReportConfidence { Confirmed = "C", Reasonable = "R", Unknown = "U" }
}
metric_values! {
    /// Confidentiality, Integrity and Availability Requirement (CR, IR, AR).
    Requirement { High = "H", Medium = "M", Low = "L" }
}

// Weights: section 7.4 of the 3.1 specification (section 8.4 in 3.0).
impl AttackVector {
    fn weight(self) -> f64 {
        match self {
            AttackVector::Network => 0.85,
            AttackVector::Adjacent => 0.62,
            AttackVector::Local => 0.55,
            AttackVector::Physical => 0.2,
        }
    }
}

impl AttackComplexity {
    fn weight(self) -> f64 {
        match self {
            AttackComplexity::Low => 0.77,
            AttackComplexity::High => 0.44,
        }
    }
}

impl PrivilegesRequired {
    /// Privileges Required weighs more when the (Modified) Scope is Changed.
    fn weight(self, scope: Scope) -> f64 {
        match (self, scope) {
            (PrivilegesRequired::None, _) => 0.85,
            (PrivilegesRequired::Low, Scope::Unchanged) => 0.62,
            (PrivilegesRequired::Low, Scope::Changed) => 0.68,
            (PrivilegesRequired::High, Scope::Unchanged) => 0.27,
            (PrivilegesRequired::High, Scope::Changed) => 0.5,
        }
    }
}

impl UserInteraction {
    fn weight(self) -> f64 {
        match self {
            UserInteraction::None => 0.85,
            UserInteraction::Required => 0.62,
        }
    }
}

impl Impact {
    fn weight(self) -> f64 {
        match self {
            Impact::High => 0.56,
            Impact::Low => 0.22,
            Impact::None => 0.0,
        }
    }
}

/// Not Defined weighs 1 for every Temporal metric and every Requirement.
fn e_weight(e: Option<ExploitCodeMaturity>) -> f64 {
    match e {
        None | Some(ExploitCodeMaturity::High) => 1.0,
        Some(ExploitCodeMaturity::Functional) => 0.97,
        Some(ExploitCodeMaturity::ProofOfConcept) => 0.94,
        Some(ExploitCodeMaturity::Unproven) => 0.91,
    }
}

fn rl_weight(rl: Option<RemediationLevel>) -> f64 {
    match rl {
        None | Some(RemediationLevel::Unavailable) => 1.0,
        Some(RemediationLevel::Workaround) => 0.97,
        Some(RemediationLevel::TemporaryFix) => 0.96,
        Some(RemediationLevel::OfficialFix) => 0.95,
    }
}

fn rc_weight(rc: Option<ReportConfidence>) -> f64 {
    match rc {
        None | Some(ReportConfidence::Confirmed) => 1.0,
        Some(ReportConfidence::Reasonable) => 0.96,
        Some(ReportConfidence::Unknown) => 0.92,
    }
}

fn requirement_weight(r: Option<Requirement>) -> f64 {
    match r {
        Some(Requirement::High) => 1.5,
        None | Some(Requirement::Medium) => 1.0,
        Some(Requirement::Low) => 0.5,
    }
}

/// The Base metrics, all mandatory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BaseMetrics {
    pub av: AttackVector,
    pub ac: AttackComplexity,
    pub pr: PrivilegesRequired,
    pub ui: UserInteraction,
    pub s: Scope,
    pub c: Impact,
    pub i: Impact,
    pub a: Impact,
}

/// The Temporal metrics; `None` is Not Defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TemporalMetrics {
    pub e: Option<ExploitCodeMaturity>,
    pub rl: Option<RemediationLevel>,
    pub rc: Option<ReportConfidence>,
}

/// The Environmental metrics; `None` is Not Defined (a Modified metric then
/// takes its Base metric's value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct EnvironmentalMetrics {
    pub cr: Option<Requirement>,
    pub ir: Option<Requirement>,
    pub ar: Option<Requirement>,
    pub mav: Option<AttackVector>,
    pub mac: Option<AttackComplexity>,
    pub mpr: Option<PrivilegesRequired>,
    pub mui: Option<UserInteraction>,
    pub ms: Option<Scope>,
    pub mc: Option<Impact>,
    pub mi: Option<Impact>,
    pub ma: Option<Impact>,
}

/// A parsed CVSS v3.0 or v3.1 vector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cvss3 {
    version: CvssVersion,
    pub base: BaseMetrics,
    pub temporal: TemporalMetrics,
    pub environmental: EnvironmentalMetrics,
}

/// Table 15 of the 3.1 specification (the same metrics in 3.0), in order.
const METRICS: &[MetricDef] = &[
    MetricDef::mandatory("AV", AttackVector::ABBREVIATIONS),
    MetricDef::mandatory("AC", AttackComplexity::ABBREVIATIONS),
    MetricDef::mandatory("PR", PrivilegesRequired::ABBREVIATIONS),
    MetricDef::mandatory("UI", UserInteraction::ABBREVIATIONS),
    MetricDef::mandatory("S", Scope::ABBREVIATIONS),
    MetricDef::mandatory("C", Impact::ABBREVIATIONS),
    MetricDef::mandatory("I", Impact::ABBREVIATIONS),
    MetricDef::mandatory("A", Impact::ABBREVIATIONS),
    MetricDef::optional("E", ExploitCodeMaturity::ABBREVIATIONS),
    MetricDef::optional("RL", RemediationLevel::ABBREVIATIONS),
    MetricDef::optional("RC", ReportConfidence::ABBREVIATIONS),
    MetricDef::optional("CR", Requirement::ABBREVIATIONS),
    MetricDef::optional("IR", Requirement::ABBREVIATIONS),
    MetricDef::optional("AR", Requirement::ABBREVIATIONS),
    MetricDef::optional("MAV", AttackVector::ABBREVIATIONS),
    MetricDef::optional("MAC", AttackComplexity::ABBREVIATIONS),
    MetricDef::optional("MPR", PrivilegesRequired::ABBREVIATIONS),
    MetricDef::optional("MUI", UserInteraction::ABBREVIATIONS),
    MetricDef::optional("MS", Scope::ABBREVIATIONS),
    MetricDef::optional("MC", Impact::ABBREVIATIONS),
    MetricDef::optional("MI", Impact::ABBREVIATIONS),
    MetricDef::optional("MA", Impact::ABBREVIATIONS),
];

/// Parses a `CVSS:3.0/…` or `CVSS:3.1/…` vector (see the module
/// documentation for what is accepted).
pub fn parse(vector: &str) -> Result<Cvss3, CvssError> {
    let (version, metrics) = split_prefix(vector)?;
    if version == CvssVersion::V4_0 {
        return Err(CvssError::UnsupportedVersion { found: version.to_string(), expected: "3.0 or 3.1" });
    }
    let v = parse_metrics(version, metrics, METRICS, false)?;
    Ok(Cvss3 {
        version,
        base: BaseMetrics {
            av: required(version, &v, METRICS, 0)?,
            ac: required(version, &v, METRICS, 1)?,
            pr: required(version, &v, METRICS, 2)?,
            ui: required(version, &v, METRICS, 3)?,
            s: required(version, &v, METRICS, 4)?,
            c: required(version, &v, METRICS, 5)?,
            i: required(version, &v, METRICS, 6)?,
            a: required(version, &v, METRICS, 7)?,
        },
        temporal: TemporalMetrics { e: value(&v, 8), rl: value(&v, 9), rc: value(&v, 10) },
        environmental: EnvironmentalMetrics {
            cr: value(&v, 11),
            ir: value(&v, 12),
            ar: value(&v, 13),
            mav: value(&v, 14),
            mac: value(&v, 15),
            mpr: value(&v, 16),
            mui: value(&v, 17),
            ms: value(&v, 18),
            mc: value(&v, 19),
            mi: value(&v, 20),
            ma: value(&v, 21),
        },
    })
}

impl std::str::FromStr for Cvss3 {
    type Err = CvssError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse(s)
    }
}

/// Roundup as the version defines it (see the module documentation). Inputs
/// are scores, never negative.
pub fn roundup(version: CvssVersion, input: f64) -> f64 {
    match version {
        CvssVersion::V3_0 => {
            const TENTH: i64 = 1_000_000_000;
            let scaled = (input * 10_000_000_000.0).round() as i64;
            if scaled % TENTH == 0 { (scaled / TENTH) as f64 / 10.0 } else { (scaled / TENTH + 1) as f64 / 10.0 }
        }
        // 3.1, Appendix A, verbatim.
        _ => {
            let int_input = (input * 100_000.0).round() as i64;
            if int_input % 10_000 == 0 { int_input as f64 / 100_000.0 } else { (int_input / 10_000 + 1) as f64 / 10.0 }
        }
    }
}

impl Cvss3 {
    /// 3.0 or 3.1, from the prefix.
    pub fn version(&self) -> CvssVersion {
        self.version
    }

    fn roundup(&self, input: f64) -> f64 {
        roundup(self.version, input)
    }

    /// The Base score (3.1 section 7.1):
    /// ISS = 1 − (1 − C) × (1 − I) × (1 − A);
    /// Impact = 6.42 × ISS (Scope Unchanged) or
    /// 7.52 × (ISS − 0.029) − 3.25 × (ISS − 0.02)^15 (Changed);
    /// Exploitability = 8.22 × AV × AC × PR × UI;
    /// 0 when Impact ≤ 0, else Roundup(min(Impact + Exploitability, 10)),
    /// the sum multiplied by 1.08 first when Scope is Changed.
    pub fn base_score(&self) -> f64 {
        let b = &self.base;
        let iss = 1.0 - (1.0 - b.c.weight()) * (1.0 - b.i.weight()) * (1.0 - b.a.weight());
        let impact = match b.s {
            Scope::Unchanged => 6.42 * iss,
            Scope::Changed => 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02).powi(15),
        };
        let exploitability = 8.22 * b.av.weight() * b.ac.weight() * b.pr.weight(b.s) * b.ui.weight();
        if impact <= 0.0 {
            return 0.0;
        }
        match b.s {
            Scope::Unchanged => self.roundup((impact + exploitability).min(10.0)),
            Scope::Changed => self.roundup((1.08 * (impact + exploitability)).min(10.0)),
        }
    }

    /// The Temporal score (3.1 section 7.2):
    /// Roundup(Base × E × RL × RC); Not Defined weighs 1.
    pub fn temporal_score(&self) -> f64 {
        let t = &self.temporal;
        self.roundup(self.base_score() * e_weight(t.e) * rl_weight(t.rl) * rc_weight(t.rc))
    }

    /// The Environmental score (3.1 section 7.3). Each Modified metric
    /// defaults to its Base metric; Modified PR weighs by Modified Scope.
    /// MISS = min(1 − (1 − MC × CR) × (1 − MI × IR) × (1 − MA × AR), 0.915);
    /// Modified Impact = 6.42 × MISS (Modified Scope Unchanged), or the
    /// version's Changed formula (see the module documentation);
    /// Modified Exploitability = 8.22 × MAV × MAC × MPR × MUI;
    /// 0 when Modified Impact ≤ 0, else
    /// Roundup(Roundup(min([1.08 ×] (MI + ME), 10)) × E × RL × RC).
    pub fn environmental_score(&self) -> f64 {
        let (b, t, m) = (&self.base, &self.temporal, &self.environmental);
        let scope = m.ms.unwrap_or(b.s);
        let (c, i, a) = (m.mc.unwrap_or(b.c), m.mi.unwrap_or(b.i), m.ma.unwrap_or(b.a));
        let miss = (1.0
            - (1.0 - c.weight() * requirement_weight(m.cr))
                * (1.0 - i.weight() * requirement_weight(m.ir))
                * (1.0 - a.weight() * requirement_weight(m.ar)))
        .min(0.915);
        let impact = match (scope, self.version) {
            (Scope::Unchanged, _) => 6.42 * miss,
            (Scope::Changed, CvssVersion::V3_0) => 7.52 * (miss - 0.029) - 3.25 * (miss - 0.02).powi(15),
            (Scope::Changed, _) => 7.52 * (miss - 0.029) - 3.25 * (miss * 0.9731 - 0.02).powi(13),
        };
        let exploitability = 8.22
            * m.mav.unwrap_or(b.av).weight()
            * m.mac.unwrap_or(b.ac).weight()
            * m.mpr.unwrap_or(b.pr).weight(scope)
            * m.mui.unwrap_or(b.ui).weight();
        if impact <= 0.0 {
            return 0.0;
        }
        let modified = match scope {
            Scope::Unchanged => self.roundup((impact + exploitability).min(10.0)),
            Scope::Changed => self.roundup((1.08 * (impact + exploitability)).min(10.0)),
        };
        self.roundup(modified * e_weight(t.e) * rl_weight(t.rl) * rc_weight(t.rc))
    }

    /// Whether any Temporal metric is defined (not `X`).
    pub fn has_temporal(&self) -> bool {
        self.temporal != TemporalMetrics::default()
    }

    /// Whether any Environmental metric is defined (not `X`).
    pub fn has_environmental(&self) -> bool {
        self.environmental != EnvironmentalMetrics::default()
    }

    /// The most specific score the vector defines: Environmental when it
    /// defines an Environmental metric, else Temporal when it defines a
    /// Temporal one, else Base.
    pub fn score(&self) -> f64 {
        if self.has_environmental() {
            self.environmental_score()
        } else if self.has_temporal() {
            self.temporal_score()
        } else {
            self.base_score()
        }
    }

    /// The qualitative rating of [`Cvss3::score`].
    pub fn severity(&self) -> Rating {
        Rating::from_score(self.score())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scores(vector: &str) -> (f64, f64, f64) {
        let v = parse(vector).unwrap_or_else(|e| panic!("{vector}: {e}"));
        (v.base_score(), v.temporal_score(), v.environmental_score())
    }

    #[test]
    fn specification_examples() {
        // Base scores of the examples in FIRST's "CVSS v3.1: Examples" and
        // "CVSS v3.0: Examples" documents.
        for (vector, base) in [
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1), // CVE-2013-1937, phpMyAdmin XSS
            ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4), // CVE-2013-0375, MySQL
            ("CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1), // CVE-2014-3566, POODLE
            ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9), // CVE-2012-1516, VMware
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5), // CVE-2014-0160, Heartbleed
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N", 9.1),
            ("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8),
            ("CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 1.6),
            ("CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 6.5),
            ("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),
            ("CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1),
            ("CVSS:3.0/AV:L/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N", 6.2),
        ] {
            assert_eq!(scores(vector).0, base, "{vector}");
        }
    }

    #[test]
    fn temporal_and_environmental() {
        // Values cross-checked with the reference implementation (the `cvss`
        // Python package, see tests/cvss_differential.rs).
        assert_eq!(scores("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N/E:P/RL:W/RC:C"), (6.1, 5.6, 5.6));
        assert_eq!(scores("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:U"), (9.8, 7.8, 7.8));
        assert_eq!(
            scores("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/CR:L/IR:L/AR:L/MAV:L/MAC:H/MPR:H/MUI:R/MS:U"),
            (9.8, 9.8, 4.4)
        );
        // The Base ISS is never capped, the Modified one at 0.915.
        assert_eq!(scores("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/CR:H/IR:H/AR:H"), (10.0, 10.0, 10.0));
    }

    #[test]
    fn roundup_is_exact_where_floats_are_not() {
        // 10 × 0.92 is 9.200000000000001 as a double.
        let v = parse("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/RC:U").unwrap();
        assert_eq!(v.temporal_score(), 9.2);
        let v = parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/RC:U").unwrap();
        assert_eq!(v.temporal_score(), 9.2);
        for version in [CvssVersion::V3_0, CvssVersion::V3_1] {
            assert_eq!(roundup(version, 4.0), 4.0);
            assert_eq!(roundup(version, 4.02), 4.1);
            assert_eq!(roundup(version, 4.000_000_000_000_001), 4.0);
            assert_eq!(roundup(version, 0.0), 0.0);
            assert_eq!(roundup(version, 10.0), 10.0);
            assert_eq!(roundup(version, 9.91), 10.0);
        }
    }

    #[test]
    fn changed_modified_scope_differs_between_versions() {
        // The same metrics; 3.1 changed the Modified Impact formula.
        let m = "AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H/CR:H/IR:H/AR:H/MS:C";
        let v30 = parse(&format!("CVSS:3.0/{m}")).unwrap();
        let v31 = parse(&format!("CVSS:3.1/{m}")).unwrap();
        assert_eq!(v30.environmental_score(), 9.9);
        assert_eq!(v31.environmental_score(), 10.0);
        // 3.1's formula, with no Environmental metric at all.
        let v = parse("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H").unwrap();
        assert_eq!((v.base_score(), v.environmental_score(), v.score()), (9.9, 10.0, 9.9));
    }

    #[test]
    fn any_order_and_not_defined() {
        let a = parse("CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N").unwrap();
        let b = parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:X/RL:X/RC:X/CR:X/MAV:X").unwrap();
        assert_eq!(a.base, b.base);
        assert_eq!(a.score(), 9.8);
        assert!(!b.has_temporal() && !b.has_environmental());
        assert_eq!(b.severity(), Rating::Critical);
        let c = parse("CVSS:3.1/MAV:L/E:P/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").unwrap();
        assert_eq!(c.environmental.mav, Some(AttackVector::Local));
        assert_eq!(c.temporal.e, Some(ExploitCodeMaturity::ProofOfConcept));
    }

    #[test]
    fn invalid_vectors() {
        let base = "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
        let cases: &[(&str, &str)] = &[
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", "mandatory base metric(s) missing: A"),
            ("CVSS:3.1/", "mandatory base metric(s) missing: AV, AC, PR, UI, S, C, I, A"),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/", "empty metric at position 9"),
            ("CVSS:3.1/AV:N//AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "empty metric at position 2"),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:N", "metric AV is given more than once"),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:X/E:U", "metric E is given more than once"),
            ("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "invalid value \"X\" for metric AV"),
            ("CVSS:3.1/AV:N/AC:L/PR:U/UI:N/S:U/C:H/I:H/A:H", "invalid value \"U\" for metric PR"),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:P/S:U/C:H/I:H/A:H", "invalid value \"P\" for metric UI"),
            ("CVSS:3.1/AV:n/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "invalid value \"n\" for metric AV"),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MS:S", "invalid value \"S\" for metric MS"),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H ", "invalid value \"H \" for metric A"),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H:H", "invalid value \"H:H\" for metric A"),
            ("CVSS:3.1/av:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unknown metric \"av\""),
            ("CVSS:3.1/AV:N/AC:L/AT:N/PR:N/UI:N/S:U/C:H/I:H/A:H", "unknown metric \"AT\""),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/Au:N", "unknown metric \"Au\""),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A", "\"A\" at position 8 is not METRIC:VALUE"),
        ];
        for (vector, message) in cases {
            match parse(vector) {
                Ok(_) => panic!("{vector} accepted"),
                Err(e) => assert!(e.to_string().contains(message), "{vector}: {e}"),
            }
        }
        assert!(matches!(parse(&format!("CVSS:4.0/{base}")), Err(CvssError::UnsupportedVersion { .. })));
        assert!(matches!(parse(base), Err(CvssError::MissingPrefix)));
        assert!(matches!(parse(&format!("CVSS:3.1/{base}/{base}")), Err(CvssError::DuplicateMetric { .. })));
    }
}
