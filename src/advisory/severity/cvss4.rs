//! CVSS v4.0: vector strings and the MacroVector scoring algorithm.
//!
//! Source: FIRST, *Common Vulnerability Scoring System version 4.0:
//! Specification Document*, section 7 "Vector String" (Table 23) and section
//! 8 "CVSS v4.0 Scoring"; the MacroVector scores are those of the
//! `cvss_lookup.js` file of FIRST's CVSS v4.0 calculator, which section 8.3
//! of the specification designates as their complete list.
//!
//! # Vector strings
//!
//! Unlike v3, the v4.0 specification fixes the order: "A vector string must
//! contain metrics in the order shown in Table 23, every other ordering is
//! invalid", and lists an out-of-order vector among its invalid examples;
//! FIRST's v4.0 calculator rejects such vectors too. [`parse`] therefore
//! rejects them ([`CvssError::OutOfOrder`]). The eleven Base metrics are
//! mandatory; Threat (E), Environmental (CR, IR, AR, MAV … MSA) and
//! Supplemental (S, AU, R, V, RE, U) metrics are optional, absent and `X`
//! both meaning Not Defined; no metric may appear twice; names and values are
//! case-sensitive. Supplemental metrics are parsed and kept but never change
//! the score.
//!
//! # Scoring
//!
//! Every metric takes its *effective* value first: a Modified metric other
//! than `X` replaces its Base metric; E Not Defined counts as Attacked (A);
//! CR, IR and AR Not Defined count as High (the worst case, as the
//! specification's Tables 28 and 29 say). Then:
//!
//! 1. **MacroVector.** Six equivalence sets (Tables 24–29) sort the vector
//!    into levels, 0 the most severe: EQ1 (AV/PR/UI, 3 levels), EQ2 (AC/AT,
//!    2), EQ3 (VC/VI/VA, 3), EQ4 (SC/SI/SA with MSI/MSA:S, 3), EQ5 (E, 3) and
//!    EQ6 (VC/VI/VA with CR/IR/AR, 2). The six digits name one of 270
//!    MacroVectors (EQ3 level 2 with EQ6 level 0 cannot happen), whose score
//!    is looked up in [`MACROVECTOR_SCORES`].
//! 2. **Severity distance.** For EQ1, EQ2, EQ3+EQ6 (taken jointly, Table 30)
//!    and EQ4, the number of single-step changes, in each metric's order of
//!    values, between the vector and a *highest severity vector* of its
//!    MacroVector (the tables' third column) that it is below in every
//!    metric. EQ5 has one vector per level, so its distance is always 0.
//! 3. **Interpolation.** For each of those five, if a next lower MacroVector
//!    exists (that EQ one level down, the rest unchanged; for EQ3+EQ6:
//!    00 → the higher of 01 and 10, 01 and 10 → 11, 11 → 21, 21 → none), the
//!    available distance is the MacroVector's score minus the lower one's and
//!    the proportion is the severity distance divided by the MacroVector's
//!    number of severity levels in that EQ. EQs without a lower MacroVector
//!    are left out. The score is the MacroVector's score minus the mean of
//!    available distance × proportion, clamped to 0–10 and rounded to one
//!    decimal, halves up.
//!
//! Two details come from FIRST's calculator, to which the specification
//! defers, rather than from the specification's prose: the proportion's
//! divisor is the MacroVector's *depth + 1*, its number of severity levels
//! in that EQ (the prose says "depth", the greatest severity distance within
//! the MacroVector; the calculator's divisors are depth + 1 at every level,
//! so a proportion stays below 1 and no vector falls to the next lower
//! MacroVector's score), and a vector whose six effective impact metrics
//! (VC, VI, VA, SC, SI, SA) are all None scores 0.0. The highest severity
//! vectors and the divisors are checked against their definitions, and the
//! lookup table for completeness and monotony, by exhaustive tests below.
//!
//! The arithmetic is exact: scores are kept in tenths and the mean over a
//! common denominator (840, the least common multiple of the divisors, times
//! the number of EQs), so the halves-up rounding needs no epsilon. (FIRST's
//! calculator computes in binary floating point and adds 10⁻⁶ before
//! rounding; with these denominators an exact score is either on a half-tenth
//! or at least 1.1 × 10⁻⁵ away from one, so both round alike.)

use std::fmt;

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
    /// Attack Requirements (AT, MAT).
    AttackRequirements { None = "N", Present = "P" }
}
metric_values! {
    /// Privileges Required (PR, MPR).
    PrivilegesRequired { None = "N", Low = "L", High = "H" }
}
metric_values! {
    /// User Interaction (UI, MUI).
    UserInteraction { None = "N", Passive = "P", Active = "A" }
}
metric_values! {
    /// Vulnerable and Subsequent System impacts (VC, VI, VA, SC, SI, SA, MVC,
    /// MVI, MVA, MSC).
    Impact { High = "H", Low = "L", None = "N" }
}
metric_values! {
    /// Modified Subsequent System Integrity and Availability (MSI, MSA),
    /// which add Safety (S) to the impacts.
    SubsequentImpact { Safety = "S", High = "H", Low = "L", None = "N" }
}
metric_values! {
    /// Exploit Maturity (E).
    ExploitMaturity { Attacked = "A", ProofOfConcept = "P", Unreported = "U" }
}
metric_values! {
    /// Confidentiality, Integrity and Availability Requirements (CR, IR, AR).
    Requirement { High = "H", Medium = "M", Low = "L" }
}
metric_values! {
    /// Safety (S), supplemental.
    Safety { Negligible = "N", Present = "P" }
}
metric_values! {
    /// Automatable (AU), supplemental.
    Automatable { No = "N", Yes = "Y" }
}
metric_values! {
    /// Recovery (R), supplemental.
    Recovery { Automatic = "A", User = "U", Irrecoverable = "I" }
}
metric_values! {
    /// Value Density (V), supplemental.
    ValueDensity { Diffuse = "D", Concentrated = "C" }
}
metric_values! {
    /// Vulnerability Response Effort (RE), supplemental.
    ResponseEffort { Low = "L", Moderate = "M", High = "H" }
}
metric_values! {
    /// Provider Urgency (U), supplemental.
    ProviderUrgency { Clear = "Clear", Green = "Green", Amber = "Amber", Red = "Red" }
}

impl From<Impact> for SubsequentImpact {
    fn from(i: Impact) -> SubsequentImpact {
        match i {
            Impact::High => SubsequentImpact::High,
            Impact::Low => SubsequentImpact::Low,
            Impact::None => SubsequentImpact::None,
        }
    }
}

/// The Base metrics, all mandatory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BaseMetrics {
    pub av: AttackVector,
    pub ac: AttackComplexity,
    pub at: AttackRequirements,
    pub pr: PrivilegesRequired,
    pub ui: UserInteraction,
    pub vc: Impact,
    pub vi: Impact,
    pub va: Impact,
    pub sc: Impact,
    pub si: Impact,
    pub sa: Impact,
}

/// The Threat metric; `None` is Not Defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ThreatMetrics {
    pub e: Option<ExploitMaturity>,
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
    pub mat: Option<AttackRequirements>,
    pub mpr: Option<PrivilegesRequired>,
    pub mui: Option<UserInteraction>,
    pub mvc: Option<Impact>,
    pub mvi: Option<Impact>,
    pub mva: Option<Impact>,
    pub msc: Option<Impact>,
    pub msi: Option<SubsequentImpact>,
    pub msa: Option<SubsequentImpact>,
}

/// The Supplemental metrics, which never change the score; `None` is Not
/// Defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SupplementalMetrics {
    pub s: Option<Safety>,
    pub au: Option<Automatable>,
    pub r: Option<Recovery>,
    pub v: Option<ValueDensity>,
    pub re: Option<ResponseEffort>,
    pub u: Option<ProviderUrgency>,
}

/// A parsed CVSS v4.0 vector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cvss4 {
    pub base: BaseMetrics,
    pub threat: ThreatMetrics,
    pub environmental: EnvironmentalMetrics,
    pub supplemental: SupplementalMetrics,
}

/// Table 23 of the specification, in its (mandatory) order.
const METRICS: &[MetricDef] = &[
    MetricDef::mandatory("AV", AttackVector::ABBREVIATIONS),
    MetricDef::mandatory("AC", AttackComplexity::ABBREVIATIONS),
    MetricDef::mandatory("AT", AttackRequirements::ABBREVIATIONS),
    MetricDef::mandatory("PR", PrivilegesRequired::ABBREVIATIONS),
    MetricDef::mandatory("UI", UserInteraction::ABBREVIATIONS),
    MetricDef::mandatory("VC", Impact::ABBREVIATIONS),
    MetricDef::mandatory("VI", Impact::ABBREVIATIONS),
    MetricDef::mandatory("VA", Impact::ABBREVIATIONS),
    MetricDef::mandatory("SC", Impact::ABBREVIATIONS),
    MetricDef::mandatory("SI", Impact::ABBREVIATIONS),
    MetricDef::mandatory("SA", Impact::ABBREVIATIONS),
    MetricDef::optional("E", ExploitMaturity::ABBREVIATIONS),
    MetricDef::optional("CR", Requirement::ABBREVIATIONS),
    MetricDef::optional("IR", Requirement::ABBREVIATIONS),
    MetricDef::optional("AR", Requirement::ABBREVIATIONS),
    MetricDef::optional("MAV", AttackVector::ABBREVIATIONS),
    MetricDef::optional("MAC", AttackComplexity::ABBREVIATIONS),
    MetricDef::optional("MAT", AttackRequirements::ABBREVIATIONS),
    MetricDef::optional("MPR", PrivilegesRequired::ABBREVIATIONS),
    MetricDef::optional("MUI", UserInteraction::ABBREVIATIONS),
    MetricDef::optional("MVC", Impact::ABBREVIATIONS),
    MetricDef::optional("MVI", Impact::ABBREVIATIONS),
    MetricDef::optional("MVA", Impact::ABBREVIATIONS),
    MetricDef::optional("MSC", Impact::ABBREVIATIONS),
    MetricDef::optional("MSI", SubsequentImpact::ABBREVIATIONS),
    MetricDef::optional("MSA", SubsequentImpact::ABBREVIATIONS),
    MetricDef::optional("S", Safety::ABBREVIATIONS),
    MetricDef::optional("AU", Automatable::ABBREVIATIONS),
    MetricDef::optional("R", Recovery::ABBREVIATIONS),
    MetricDef::optional("V", ValueDensity::ABBREVIATIONS),
    MetricDef::optional("RE", ResponseEffort::ABBREVIATIONS),
    MetricDef::optional("U", ProviderUrgency::ABBREVIATIONS),
];

/// Parses a `CVSS:4.0/…` vector (see the module documentation for what is
/// accepted).
pub fn parse(vector: &str) -> Result<Cvss4, CvssError> {
    let (version, metrics) = split_prefix(vector)?;
    if version != CvssVersion::V4_0 {
        return Err(CvssError::UnsupportedVersion { found: version.to_string(), expected: "4.0" });
    }
    let v = parse_metrics(version, metrics, METRICS, true)?;
    Ok(Cvss4 {
        base: BaseMetrics {
            av: required(version, &v, METRICS, 0)?,
            ac: required(version, &v, METRICS, 1)?,
            at: required(version, &v, METRICS, 2)?,
            pr: required(version, &v, METRICS, 3)?,
            ui: required(version, &v, METRICS, 4)?,
            vc: required(version, &v, METRICS, 5)?,
            vi: required(version, &v, METRICS, 6)?,
            va: required(version, &v, METRICS, 7)?,
            sc: required(version, &v, METRICS, 8)?,
            si: required(version, &v, METRICS, 9)?,
            sa: required(version, &v, METRICS, 10)?,
        },
        threat: ThreatMetrics { e: value(&v, 11) },
        environmental: EnvironmentalMetrics {
            cr: value(&v, 12),
            ir: value(&v, 13),
            ar: value(&v, 14),
            mav: value(&v, 15),
            mac: value(&v, 16),
            mat: value(&v, 17),
            mpr: value(&v, 18),
            mui: value(&v, 19),
            mvc: value(&v, 20),
            mvi: value(&v, 21),
            mva: value(&v, 22),
            msc: value(&v, 23),
            msi: value(&v, 24),
            msa: value(&v, 25),
        },
        supplemental: SupplementalMetrics {
            s: value(&v, 26),
            au: value(&v, 27),
            r: value(&v, 28),
            v: value(&v, 29),
            re: value(&v, 30),
            u: value(&v, 31),
        },
    })
}

impl std::str::FromStr for Cvss4 {
    type Err = CvssError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse(s)
    }
}

/// The six EQ levels of a vector, 0 the most severe, e.g. `000200`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MacroVector(pub [u8; 6]);

impl fmt::Display for MacroVector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for level in self.0 {
            write!(f, "{level}")?;
        }
        Ok(())
    }
}

impl MacroVector {
    /// The MacroVector's score in tenths (`10` → 100), `None` for level
    /// combinations that do not exist.
    pub fn score_tenths(self) -> Option<u32> {
        let [eq1, eq2, eq3, eq4, eq5, eq6] = self.0.map(usize::from);
        if eq1 > 2 || eq2 > 1 || eq3 > 2 || eq4 > 2 || eq5 > 2 || eq6 > 1 {
            return None;
        }
        match SCORE_INDEX[macrovector_index(eq1, eq2, eq3, eq4, eq5, eq6)] {
            NO_SCORE => None,
            tenths => Some(u32::from(tenths)),
        }
    }
}

const fn macrovector_index(eq1: usize, eq2: usize, eq3: usize, eq4: usize, eq5: usize, eq6: usize) -> usize {
    ((((eq1 * 2 + eq2) * 3 + eq3) * 3 + eq4) * 3 + eq5) * 2 + eq6
}

/// The score of every MacroVector, in tenths (`10` → 100), from FIRST's
/// `cvss_lookup.js` (CVSS v4.0 specification, section 8.3). 270 entries:
/// 3 × 2 × 3 × 3 × 3 × 2 level combinations less the 54 with EQ3 at 2 and
/// EQ6 at 0, which cannot exist (no High impact, so no High requirement
/// meets one).
#[rustfmt::skip]
pub const MACROVECTOR_SCORES: [(&str, u8); 270] = [
    ("000000", 100), ("000001", 99), ("000010", 98), ("000011", 95), ("000020", 95), ("000021", 92),
    ("000100", 100), ("000101", 96), ("000110", 93), ("000111", 87), ("000120", 91), ("000121", 81),
    ("000200", 93), ("000201", 90), ("000210", 89), ("000211", 80), ("000220", 81), ("000221", 68),
    ("001000", 98), ("001001", 95), ("001010", 95), ("001011", 92), ("001020", 90), ("001021", 84),
    ("001100", 93), ("001101", 92), ("001110", 89), ("001111", 81), ("001120", 81), ("001121", 65),
    ("001200", 88), ("001201", 80), ("001210", 78), ("001211", 70), ("001220", 69), ("001221", 48),
    ("002001", 92), ("002011", 82), ("002021", 72), ("002101", 79), ("002111", 69), ("002121", 50),
    ("002201", 69), ("002211", 55), ("002221", 27), ("010000", 99), ("010001", 97), ("010010", 95),
    ("010011", 92), ("010020", 92), ("010021", 85), ("010100", 95), ("010101", 91), ("010110", 90),
    ("010111", 83), ("010120", 84), ("010121", 71), ("010200", 92), ("010201", 81), ("010210", 82),
    ("010211", 71), ("010220", 72), ("010221", 53), ("011000", 95), ("011001", 93), ("011010", 92),
    ("011011", 85), ("011020", 85), ("011021", 73), ("011100", 92), ("011101", 82), ("011110", 80),
    ("011111", 72), ("011120", 70), ("011121", 59), ("011200", 84), ("011201", 70), ("011210", 71),
    ("011211", 52), ("011220", 50), ("011221", 30), ("012001", 86), ("012011", 75), ("012021", 52),
    ("012101", 71), ("012111", 52), ("012121", 29), ("012201", 63), ("012211", 29), ("012221", 17),
    ("100000", 98), ("100001", 95), ("100010", 94), ("100011", 87), ("100020", 91), ("100021", 81),
    ("100100", 94), ("100101", 89), ("100110", 86), ("100111", 74), ("100120", 77), ("100121", 64),
    ("100200", 87), ("100201", 75), ("100210", 74), ("100211", 63), ("100220", 63), ("100221", 49),
    ("101000", 94), ("101001", 89), ("101010", 88), ("101011", 77), ("101020", 76), ("101021", 67),
    ("101100", 86), ("101101", 76), ("101110", 74), ("101111", 58), ("101120", 59), ("101121", 50),
    ("101200", 72), ("101201", 57), ("101210", 57), ("101211", 52), ("101220", 52), ("101221", 25),
    ("102001", 83), ("102011", 70), ("102021", 54), ("102101", 65), ("102111", 58), ("102121", 26),
    ("102201", 53), ("102211", 21), ("102221", 13), ("110000", 95), ("110001", 90), ("110010", 88),
    ("110011", 76), ("110020", 76), ("110021", 70), ("110100", 90), ("110101", 77), ("110110", 75),
    ("110111", 62), ("110120", 61), ("110121", 53), ("110200", 77), ("110201", 66), ("110210", 68),
    ("110211", 59), ("110220", 52), ("110221", 30), ("111000", 89), ("111001", 78), ("111010", 76),
    ("111011", 67), ("111020", 62), ("111021", 58), ("111100", 74), ("111101", 59), ("111110", 57),
    ("111111", 57), ("111120", 47), ("111121", 23), ("111200", 61), ("111201", 52), ("111210", 57),
    ("111211", 29), ("111220", 24), ("111221", 16), ("112001", 71), ("112011", 59), ("112021", 30),
    ("112101", 58), ("112111", 26), ("112121", 15), ("112201", 23), ("112211", 13), ("112221", 6),
    ("200000", 93), ("200001", 87), ("200010", 86), ("200011", 72), ("200020", 75), ("200021", 58),
    ("200100", 86), ("200101", 74), ("200110", 74), ("200111", 61), ("200120", 56), ("200121", 34),
    ("200200", 70), ("200201", 54), ("200210", 52), ("200211", 40), ("200220", 40), ("200221", 22),
    ("201000", 85), ("201001", 75), ("201010", 74), ("201011", 55), ("201020", 62), ("201021", 51),
    ("201100", 72), ("201101", 57), ("201110", 55), ("201111", 41), ("201120", 46), ("201121", 19),
    ("201200", 53), ("201201", 36), ("201210", 34), ("201211", 19), ("201220", 19), ("201221", 8),
    ("202001", 64), ("202011", 51), ("202021", 20), ("202101", 47), ("202111", 21), ("202121", 11),
    ("202201", 24), ("202211", 9), ("202221", 4), ("210000", 88), ("210001", 75), ("210010", 73),
    ("210011", 53), ("210020", 60), ("210021", 50), ("210100", 73), ("210101", 55), ("210110", 59),
    ("210111", 40), ("210120", 41), ("210121", 20), ("210200", 54), ("210201", 43), ("210210", 45),
    ("210211", 22), ("210220", 20), ("210221", 11), ("211000", 75), ("211001", 55), ("211010", 58),
    ("211011", 45), ("211020", 40), ("211021", 21), ("211100", 61), ("211101", 51), ("211110", 48),
    ("211111", 18), ("211120", 20), ("211121", 9), ("211200", 46), ("211201", 18), ("211210", 17),
    ("211211", 7), ("211220", 8), ("211221", 2), ("212001", 53), ("212011", 24), ("212021", 14),
    ("212101", 24), ("212111", 12), ("212121", 5), ("212201", 10), ("212211", 3), ("212221", 1),
];

const NO_SCORE: u8 = u8::MAX;

/// [`MACROVECTOR_SCORES`] indexed by [`macrovector_index`], built (and
/// checked for malformed or repeated keys) at compile time.
static SCORE_INDEX: [u8; 324] = {
    let mut index = [NO_SCORE; 324];
    let mut k = 0;
    while k < MACROVECTOR_SCORES.len() {
        let (key, tenths) = MACROVECTOR_SCORES[k];
        let b = key.as_bytes();
        assert!(b.len() == 6, "MacroVector keys have six digits");
        let (eq1, eq2, eq3) = (digit(b, 0), digit(b, 1), digit(b, 2));
        let (eq4, eq5, eq6) = (digit(b, 3), digit(b, 4), digit(b, 5));
        assert!(eq1 <= 2 && eq2 <= 1 && eq3 <= 2 && eq4 <= 2 && eq5 <= 2 && eq6 <= 1, "EQ level out of range");
        assert!(tenths <= 100, "scores are 0.0 to 10.0");
        let i = macrovector_index(eq1, eq2, eq3, eq4, eq5, eq6);
        assert!(index[i] == NO_SCORE, "MacroVector listed twice");
        index[i] = tenths;
        k += 1;
    }
    index
};

const fn digit(key: &[u8], i: usize) -> usize {
    assert!(key[i].is_ascii_digit(), "MacroVector keys are digits");
    (key[i] - b'0') as usize
}

// Severity levels: each metric's values in the specification's order of
// severity, 0 the most severe; one step is one level. Only differences within
// one metric are ever used.
impl AttackVector {
    fn level(self) -> u32 {
        match self {
            AttackVector::Network => 0,
            AttackVector::Adjacent => 1,
            AttackVector::Local => 2,
            AttackVector::Physical => 3,
        }
    }
}

impl AttackComplexity {
    fn level(self) -> u32 {
        match self {
            AttackComplexity::Low => 0,
            AttackComplexity::High => 1,
        }
    }
}

impl AttackRequirements {
    fn level(self) -> u32 {
        match self {
            AttackRequirements::None => 0,
            AttackRequirements::Present => 1,
        }
    }
}

impl PrivilegesRequired {
    fn level(self) -> u32 {
        match self {
            PrivilegesRequired::None => 0,
            PrivilegesRequired::Low => 1,
            PrivilegesRequired::High => 2,
        }
    }
}

impl UserInteraction {
    fn level(self) -> u32 {
        match self {
            UserInteraction::None => 0,
            UserInteraction::Passive => 1,
            UserInteraction::Active => 2,
        }
    }
}

impl Impact {
    fn level(self) -> u32 {
        match self {
            Impact::High => 0,
            Impact::Low => 1,
            Impact::None => 2,
        }
    }
}

impl SubsequentImpact {
    fn level(self) -> u32 {
        match self {
            SubsequentImpact::Safety => 0,
            SubsequentImpact::High => 1,
            SubsequentImpact::Low => 2,
            SubsequentImpact::None => 3,
        }
    }
}

impl ExploitMaturity {
    fn level(self) -> u32 {
        match self {
            ExploitMaturity::Attacked => 0,
            ExploitMaturity::ProofOfConcept => 1,
            ExploitMaturity::Unreported => 2,
        }
    }
}

impl Requirement {
    fn level(self) -> u32 {
        match self {
            Requirement::High => 0,
            Requirement::Medium => 1,
            Requirement::Low => 2,
        }
    }
}

/// The effective value of every scored metric (see the module
/// documentation).
#[derive(Debug, Clone, Copy)]
struct Effective {
    av: AttackVector,
    ac: AttackComplexity,
    at: AttackRequirements,
    pr: PrivilegesRequired,
    ui: UserInteraction,
    vc: Impact,
    vi: Impact,
    va: Impact,
    sc: Impact,
    si: SubsequentImpact,
    sa: SubsequentImpact,
    e: ExploitMaturity,
    cr: Requirement,
    ir: Requirement,
    ar: Requirement,
}

// The equivalence sets, Tables 24–29.

/// EQ1, Table 24: 0: AV:N and PR:N and UI:N; 1: (AV:N or PR:N or UI:N) and
/// not all three and not AV:P; 2: AV:P or not (AV:N or PR:N or UI:N).
fn eq1(av: AttackVector, pr: PrivilegesRequired, ui: UserInteraction) -> u8 {
    let (av_n, pr_n, ui_n) = (av == AttackVector::Network, pr == PrivilegesRequired::None, ui == UserInteraction::None);
    if av_n && pr_n && ui_n {
        0
    } else if (av_n || pr_n || ui_n) && av != AttackVector::Physical {
        1
    } else {
        2
    }
}

/// EQ2, Table 25: 0: AC:L and AT:N; 1: otherwise.
fn eq2(ac: AttackComplexity, at: AttackRequirements) -> u8 {
    if ac == AttackComplexity::Low && at == AttackRequirements::None { 0 } else { 1 }
}

/// EQ3, Table 26: 0: VC:H and VI:H; 1: not that but VC:H or VI:H or VA:H;
/// 2: no High.
fn eq3(vc: Impact, vi: Impact, va: Impact) -> u8 {
    if vc == Impact::High && vi == Impact::High {
        0
    } else if vc == Impact::High || vi == Impact::High || va == Impact::High {
        1
    } else {
        2
    }
}

/// EQ4, Table 27: 0: MSI:S or MSA:S; 1: not that but SC:H or SI:H or SA:H;
/// 2: neither.
fn eq4(sc: Impact, si: SubsequentImpact, sa: SubsequentImpact) -> u8 {
    if si == SubsequentImpact::Safety || sa == SubsequentImpact::Safety {
        0
    } else if sc == Impact::High || si == SubsequentImpact::High || sa == SubsequentImpact::High {
        1
    } else {
        2
    }
}

/// EQ5, Table 28: 0: E:A; 1: E:P; 2: E:U.
fn eq5(e: ExploitMaturity) -> u8 {
    e.level() as u8
}

/// EQ6, Table 29: 0: (CR:H and VC:H) or (IR:H and VI:H) or (AR:H and VA:H);
/// 1: otherwise.
fn eq6(vc: Impact, vi: Impact, va: Impact, cr: Requirement, ir: Requirement, ar: Requirement) -> u8 {
    let high = |r: Requirement, i: Impact| r == Requirement::High && i == Impact::High;
    if high(cr, vc) || high(ir, vi) || high(ar, va) { 0 } else { 1 }
}

// Highest severity vectors, as severity levels, from the third column of
// Tables 24, 25, 27 and 30.

/// EQ1 (AV, PR, UI) per level.
const EQ1_HIGHEST: [&[[u32; 3]]; 3] = [
    &[[0, 0, 0]],                       // AV:N/PR:N/UI:N
    &[[1, 0, 0], [0, 1, 0], [0, 0, 1]], // AV:A/PR:N/UI:N, AV:N/PR:L/UI:N, AV:N/PR:N/UI:P
    &[[3, 0, 0], [1, 1, 1]],            // AV:P/PR:N/UI:N, AV:A/PR:L/UI:P
];

/// EQ2 (AC, AT) per level.
const EQ2_HIGHEST: [&[[u32; 2]]; 2] = [
    &[[0, 0]],         // AC:L/AT:N
    &[[0, 1], [1, 0]], // AC:L/AT:P, AC:H/AT:N
];

/// EQ3+EQ6 (VC, VI, VA, CR, IR, AR) per joint level, Table 30.
fn eq3eq6_highest(eq3: u8, eq6: u8) -> &'static [[u32; 6]] {
    match (eq3, eq6) {
        // VC:H/VI:H/VA:H/CR:H/IR:H/AR:H
        (0, 0) => &[[0, 0, 0, 0, 0, 0]],
        // VC:H/VI:H/VA:H/CR:M/IR:M/AR:M, VC:H/VI:H/VA:L/CR:M/IR:M/AR:H
        (0, _) => &[[0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 1, 0]],
        // VC:L/VI:H/VA:H/CR:H/IR:H/AR:H, VC:H/VI:L/VA:H/CR:H/IR:H/AR:H
        (1, 0) => &[[1, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0]],
        // VC:H/VI:L/VA:H/CR:M/IR:H/AR:M, VC:H/VI:L/VA:L/CR:M/IR:H/AR:H,
        // VC:L/VI:H/VA:H/CR:H/IR:M/AR:M, VC:L/VI:H/VA:L/CR:H/IR:M/AR:H,
        // VC:L/VI:L/VA:H/CR:H/IR:H/AR:M
        (1, _) => &[[0, 1, 0, 1, 0, 1], [0, 1, 1, 1, 0, 0], [1, 0, 0, 0, 1, 1], [1, 0, 1, 0, 1, 0], [1, 1, 0, 0, 0, 1]],
        // VC:L/VI:L/VA:L/CR:H/IR:H/AR:H (level 20 cannot exist)
        _ => &[[1, 1, 1, 0, 0, 0]],
    }
}

/// EQ4 (SC, SI, SA) per level.
const EQ4_HIGHEST: [&[[u32; 3]]; 3] = [
    &[[0, 0, 0]], // SC:H/SI:S/SA:S
    &[[0, 1, 1]], // SC:H/SI:H/SA:H
    &[[1, 2, 2]], // SC:L/SI:L/SA:L
];

// Number of severity levels (depth + 1) of each EQ level, the divisors of
// the interpolation; derived from the tables by `depths_are_derived` below.
const EQ1_LEVELS: [u32; 3] = [1, 4, 5];
const EQ2_LEVELS: [u32; 2] = [1, 2];
const EQ4_LEVELS: [u32; 3] = [6, 5, 4];
const EQ5_LEVELS: [u32; 3] = [1, 1, 1];

fn eq3eq6_levels(eq3: u8, eq6: u8) -> u32 {
    match (eq3, eq6) {
        (0, 0) => 7,
        (0, _) => 6,
        (1, _) => 8,
        _ => 10,
    }
}

/// Steps from the first highest severity vector that `current` is below (or
/// at) in every metric. Every vector has one in its MacroVector
/// (`highest_vectors_are_derived` checks it exhaustively); should none match,
/// the first one is used.
fn severity_distance<const N: usize>(current: [u32; N], highest: &[[u32; N]]) -> i64 {
    let below = |h: &&[u32; N]| current.iter().zip(h.iter()).all(|(c, h)| c >= h);
    let Some(h) = highest.iter().find(below).or(highest.first()) else {
        return 0;
    };
    current.iter().zip(h.iter()).map(|(&c, &h)| i64::from(c) - i64::from(h)).sum()
}

/// A common multiple of every divisor in the `*_LEVELS` tables.
const DIVISORS_LCM: i64 = 840;

impl Cvss4 {
    fn effective(&self) -> Effective {
        let (b, m) = (&self.base, &self.environmental);
        Effective {
            av: m.mav.unwrap_or(b.av),
            ac: m.mac.unwrap_or(b.ac),
            at: m.mat.unwrap_or(b.at),
            pr: m.mpr.unwrap_or(b.pr),
            ui: m.mui.unwrap_or(b.ui),
            vc: m.mvc.unwrap_or(b.vc),
            vi: m.mvi.unwrap_or(b.vi),
            va: m.mva.unwrap_or(b.va),
            sc: m.msc.unwrap_or(b.sc),
            si: m.msi.unwrap_or(b.si.into()),
            sa: m.msa.unwrap_or(b.sa.into()),
            e: self.threat.e.unwrap_or(ExploitMaturity::Attacked),
            cr: m.cr.unwrap_or(Requirement::High),
            ir: m.ir.unwrap_or(Requirement::High),
            ar: m.ar.unwrap_or(Requirement::High),
        }
    }

    /// The vector's MacroVector (its EQ1–EQ6 levels).
    pub fn macro_vector(&self) -> MacroVector {
        let m = self.effective();
        MacroVector([
            eq1(m.av, m.pr, m.ui),
            eq2(m.ac, m.at),
            eq3(m.vc, m.vi, m.va),
            eq4(m.sc, m.si, m.sa),
            eq5(m.e),
            eq6(m.vc, m.vi, m.va, m.cr, m.ir, m.ar),
        ])
    }

    /// The CVSS v4.0 score (CVSS-B, -BT, -BE or -BTE as the vector's
    /// metrics make it), in tenths (9.3 → 93).
    pub fn score_tenths(&self) -> u32 {
        let m = self.effective();
        let no_impact = [m.vc, m.vi, m.va, m.sc].iter().all(|&i| i == Impact::None)
            && m.si == SubsequentImpact::None
            && m.sa == SubsequentImpact::None;
        if no_impact {
            return 0;
        }
        let mv = self.macro_vector();
        let [eq1, eq2, eq3, eq4, eq5, eq6] = mv.0;
        let Some(value) = mv.score_tenths() else {
            // Unreachable: the table lists every MacroVector that exists.
            return 0;
        };
        let lower = |i: usize| {
            let mut levels = mv.0;
            levels[i] += 1;
            MacroVector(levels).score_tenths()
        };
        let eq3eq6_lower = match (eq3, eq6) {
            (0, 0) => lower(5).max(lower(2)),
            (0, 1) | (1, 1) => lower(2),
            (1, 0) => lower(5),
            _ => None,
        };
        let d1 = severity_distance([m.av.level(), m.pr.level(), m.ui.level()], EQ1_HIGHEST[usize::from(eq1)]);
        let d2 = severity_distance([m.ac.level(), m.at.level()], EQ2_HIGHEST[usize::from(eq2)]);
        let d3 = severity_distance(
            [m.vc.level(), m.vi.level(), m.va.level(), m.cr.level(), m.ir.level(), m.ar.level()],
            eq3eq6_highest(eq3, eq6),
        );
        let d4 = severity_distance([m.sc.level(), m.si.level(), m.sa.level()], EQ4_HIGHEST[usize::from(eq4)]);
        let parts = [
            (lower(0), d1, EQ1_LEVELS[usize::from(eq1)]),
            (lower(1), d2, EQ2_LEVELS[usize::from(eq2)]),
            (eq3eq6_lower, d3, eq3eq6_levels(eq3, eq6)),
            (lower(3), d4, EQ4_LEVELS[usize::from(eq4)]),
            (lower(4), 0, EQ5_LEVELS[usize::from(eq5)]),
        ];
        // score = value − (Σ available × distance / levels) / n, over the
        // common denominator DIVISORS_LCM × n, in tenths.
        let value = i64::from(value);
        let mut n = 0i64;
        let mut sum = 0i64;
        for (lower, distance, levels) in parts {
            if let Some(lower) = lower {
                n += 1;
                sum += (value - i64::from(lower)) * distance * (DIVISORS_LCM / i64::from(levels));
            }
        }
        if n == 0 {
            return value as u32;
        }
        let denominator = DIVISORS_LCM * n;
        let numerator = (value * denominator - sum).clamp(0, 100 * denominator);
        // Halves up.
        ((2 * numerator + denominator) / (2 * denominator)) as u32
    }

    /// The CVSS v4.0 score (see the module documentation).
    pub fn score(&self) -> f64 {
        f64::from(self.score_tenths()) / 10.0
    }

    /// The qualitative rating of [`Cvss4::score`].
    pub fn severity(&self) -> Rating {
        Rating::from_score(self.score())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;

    fn score(vector: &str) -> f64 {
        parse(vector).unwrap_or_else(|e| panic!("{vector}: {e}")).score()
    }

    #[test]
    fn specification_examples() {
        // The valid sample vectors of the specification's section 7, with the
        // scores the reference implementation gives them (the `cvss` Python
        // package, see tests/cvss_differential.rs).
        for (vector, expected) in [
            ("CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N", 5.1),
            ("CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N/E:A", 5.1),
            ("CVSS:4.0/AV:A/AC:H/AT:P/PR:L/UI:P/VC:H/VI:H/VA:H/SC:L/SI:L/SA:L/E:P", 4.5),
            (
                "CVSS:4.0/AV:L/AC:H/AT:N/PR:N/UI:A/VC:N/VI:N/VA:L/SC:H/SI:H/SA:H/CR:H/IR:H/AR:M/MAV:N/MAC:L/MAT:P/MPR:L/MUI:A/MVC:N/MVI:H/MVA:L/MSC:L/MSI:S/MSA:H",
                8.5,
            ),
            ("CVSS:4.0/AV:P/AC:H/AT:P/PR:L/UI:P/VC:H/VI:H/VA:H/SC:L/SI:L/SA:L/E:A/S:P/AU:Y/R:A/V:D/RE:L/U:Red", 5.4),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N/E:U/CR:L/IR:X/AR:L/MAV:A/MAC:H/MAT:N/MPR:N/MUI:P/MVC:X/MVI:N/MVA:H/MSC:N/MSI:L/MSA:S/S:N/AU:N/R:I/V:C/RE:H/U:Green",
                4.2,
            ),
        ] {
            assert_eq!(score(vector), expected, "{vector}");
        }
    }

    #[test]
    fn well_known_scores() {
        assert_eq!(score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H"), 10.0);
        assert_eq!(score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"), 9.3);
        assert_eq!(score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N"), 0.0);
        assert_eq!(score("CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N/E:U"), 0.1);
        let v = parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N").unwrap();
        assert_eq!(v.macro_vector().to_string(), "000200");
        assert_eq!(v.severity(), Rating::Critical);
    }

    #[test]
    fn defaults_supplemental_and_modified_metrics() {
        let base = "CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:P/VC:H/VI:L/VA:N/SC:L/SI:N/SA:N";
        let s = score(base);
        // Not Defined E is Attacked, Not Defined requirements are High.
        assert_eq!(score(&format!("{base}/E:A")), s);
        assert_eq!(score(&format!("{base}/E:X/CR:H/IR:X/AR:H")), s);
        // Supplemental metrics never change the score.
        assert_eq!(score(&format!("{base}/S:P/AU:Y/R:I/V:C/RE:H/U:Red")), s);
        // A Modified metric equal to its Base metric changes nothing; MSI:S does.
        assert_eq!(score(&format!("{base}/MAV:N/MVC:H")), s);
        assert!(score(&format!("{base}/MSI:S")) > s);
        assert!(score(&format!("{base}/E:U")) < s);
        let v = parse(&format!("{base}/U:Amber")).unwrap();
        assert_eq!(v.supplemental.u, Some(ProviderUrgency::Amber));
    }

    #[test]
    fn invalid_vectors() {
        // The invalid examples of the specification's section 7, and more.
        let cases: &[(&str, &str)] = &[
            ("CVSS:4.0/AV:F/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N", "invalid value \"F\" for metric AV"),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/E:A/E:X",
                "metric E is given more than once",
            ),
            ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/ui:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N", "unknown metric \"ui\""),
            ("AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N", "does not start with `CVSS:`"),
            ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/SC:N/SI:N/SA:N", "mandatory base metric(s) missing: VA"),
            (
                "CVSS:4.0/AC:L/AV:N/PR:H/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N/CR:L/IR:X/AR:L/RE:H/MAV:A/MAC:H/MAT:N/MPR:N/MUI:P/AT:N/MVC:X/MVI:N/MVA:H/MSC:N/MSI:L/MSA:S/E:U/S:N/AU:N/R:I/V:C/U:Green",
                "metric AV is out of order: the specification requires it before AC",
            ),
            ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MAV:N/E:A", "metric E is out of order"),
            ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N", "invalid value \"S\" for metric SI"),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MSC:S",
                "invalid value \"S\" for metric MSC",
            ),
            ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:R/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "invalid value \"R\" for metric UI"),
            ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:F", "invalid value \"F\" for metric E"),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:red",
                "invalid value \"red\" for metric U",
            ),
            ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/RL:O", "unknown metric \"RL\""),
            ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/", "empty metric at position 12"),
            ("CVSS:4.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "invalid value \"U\" for metric S"),
        ];
        for (vector, message) in cases {
            match parse(vector) {
                Ok(_) => panic!("{vector} accepted"),
                Err(e) => assert!(e.to_string().contains(message), "{vector}: {e}"),
            }
        }
        assert!(matches!(
            parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
            Err(CvssError::UnsupportedVersion { .. })
        ));
    }

    /// Every value combination of one EQ's metrics, as severity levels,
    /// with its EQ level.
    fn eq1_space() -> Vec<([u32; 3], u8)> {
        let mut out = vec![];
        for &av in AttackVector::ALL {
            for &pr in PrivilegesRequired::ALL {
                for &ui in UserInteraction::ALL {
                    out.push(([av.level(), pr.level(), ui.level()], eq1(av, pr, ui)));
                }
            }
        }
        out
    }

    fn eq2_space() -> Vec<([u32; 2], u8)> {
        let mut out = vec![];
        for &ac in AttackComplexity::ALL {
            for &at in AttackRequirements::ALL {
                out.push(([ac.level(), at.level()], eq2(ac, at)));
            }
        }
        out
    }

    /// EQ3+EQ6 joint level encoded as eq3 * 10 + eq6.
    fn eq3eq6_space() -> Vec<([u32; 6], u8)> {
        let mut out = vec![];
        for &vc in Impact::ALL {
            for &vi in Impact::ALL {
                for &va in Impact::ALL {
                    for &cr in Requirement::ALL {
                        for &ir in Requirement::ALL {
                            for &ar in Requirement::ALL {
                                let levels = [vc.level(), vi.level(), va.level(), cr.level(), ir.level(), ar.level()];
                                out.push((levels, eq3(vc, vi, va) * 10 + eq6(vc, vi, va, cr, ir, ar)));
                            }
                        }
                    }
                }
            }
        }
        out
    }

    fn eq4_space() -> Vec<([u32; 3], u8)> {
        let mut out = vec![];
        for &sc in Impact::ALL {
            // SI and SA: the Base values, or MSI/MSA (which add Safety).
            for &si in SubsequentImpact::ALL {
                for &sa in SubsequentImpact::ALL {
                    out.push(([sc.level(), si.level(), sa.level()], eq4(sc, si, sa)));
                }
            }
        }
        out
    }

    /// Checks one EQ's highest severity vectors and divisors against their
    /// definitions: the highest severity vectors of a level are exactly the
    /// vectors of that level no other vector of the level is more severe
    /// than in some metric without being less severe in any; every vector
    /// is below one of them; and the divisor is one more than the greatest
    /// severity distance (the depth).
    fn check<const N: usize>(
        name: &str,
        space: Vec<([u32; N], u8)>,
        highest: impl Fn(u8) -> Vec<[u32; N]>,
        levels: impl Fn(u8) -> u32,
    ) {
        let mut by_level: BTreeMap<u8, Vec<[u32; N]>> = BTreeMap::new();
        for (v, level) in space {
            by_level.entry(level).or_default().push(v);
        }
        for (level, vectors) in &by_level {
            let dominates = |a: &[u32; N], b: &[u32; N]| a != b && a.iter().zip(b).all(|(x, y)| x <= y);
            let maximal: BTreeSet<[u32; N]> =
                vectors.iter().filter(|v| !vectors.iter().any(|w| dominates(w, v))).copied().collect();
            let listed: BTreeSet<[u32; N]> = highest(*level).into_iter().collect();
            assert_eq!(listed, maximal, "{name} level {level}: highest severity vectors");
            let mut depth = 0;
            for v in vectors {
                let below = listed.iter().any(|h| v.iter().zip(h).all(|(c, h)| c >= h));
                assert!(below, "{name} level {level}: {v:?} is below no highest severity vector");
                let d = severity_distance(*v, &highest(*level));
                assert!(d >= 0);
                depth = depth.max(d as u32);
            }
            assert_eq!(levels(*level), depth + 1, "{name} level {level}: divisor");
        }
    }

    #[test]
    fn highest_vectors_and_depths_are_derived() {
        check("EQ1", eq1_space(), |l| EQ1_HIGHEST[usize::from(l)].to_vec(), |l| EQ1_LEVELS[usize::from(l)]);
        check("EQ2", eq2_space(), |l| EQ2_HIGHEST[usize::from(l)].to_vec(), |l| EQ2_LEVELS[usize::from(l)]);
        check(
            "EQ3+EQ6",
            eq3eq6_space(),
            |l| eq3eq6_highest(l / 10, l % 10).to_vec(),
            |l| eq3eq6_levels(l / 10, l % 10),
        );
        check("EQ4", eq4_space(), |l| EQ4_HIGHEST[usize::from(l)].to_vec(), |l| EQ4_LEVELS[usize::from(l)]);
        // EQ5 has one value per level.
        for &e in ExploitMaturity::ALL {
            assert_eq!(EQ5_LEVELS[usize::from(eq5(e))], 1);
        }
        // EQ3 level 2 with EQ6 level 0 cannot happen.
        assert!(eq3eq6_space().iter().all(|(_, l)| *l != 20));
    }

    #[test]
    fn the_table_lists_every_macrovector_once_and_is_monotone() {
        let mut seen = 0;
        for eq1 in 0..3u8 {
            for eq2 in 0..2u8 {
                for eq3 in 0..3u8 {
                    for eq4 in 0..3u8 {
                        for eq5 in 0..3u8 {
                            for eq6 in 0..2u8 {
                                let mv = MacroVector([eq1, eq2, eq3, eq4, eq5, eq6]);
                                let exists = !(eq3 == 2 && eq6 == 0);
                                assert_eq!(mv.score_tenths().is_some(), exists, "{mv}");
                                let Some(score) = mv.score_tenths() else { continue };
                                seen += 1;
                                // Going one level down in any EQ never raises the score,
                                // so every available distance is ≥ 0.
                                for i in 0..6 {
                                    let mut lower = mv.0;
                                    lower[i] += 1;
                                    if let Some(l) = MacroVector(lower).score_tenths() {
                                        assert!(l <= score, "{mv} → {}", MacroVector(lower));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        assert_eq!(seen, 270);
        assert_eq!(MacroVector([0, 0, 0, 0, 0, 0]).score_tenths(), Some(100));
        assert_eq!(MacroVector([2, 1, 2, 2, 2, 1]).score_tenths(), Some(1));
        assert_eq!(MacroVector([3, 0, 0, 0, 0, 0]).score_tenths(), None);
    }
}
