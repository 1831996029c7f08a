//! Severity from CVSS vectors: ci-sec computes the score of every CVSS v3.0,
//! v3.1 and v4.0 vector itself instead of trusting a number next to it.
//!
//! Sources, all published by FIRST (<https://www.first.org/cvss/>):
//! - *Common Vulnerability Scoring System v3.0: Specification Document*,
//!   sections 6 (vector string) and 8 (equations) — [`cvss3`];
//! - *Common Vulnerability Scoring System v3.1: Specification Document*,
//!   sections 6 and 7, Appendix A (the float-safe `Roundup`) — [`cvss3`];
//! - *Common Vulnerability Scoring System v4.0: Specification Document*,
//!   sections 7 (vector string) and 8 (MacroVectors and interpolation), with
//!   the MacroVector scores of the `cvss_lookup.js` file it designates as part
//!   of the specification — [`cvss4`].
//!
//! Each module's doc comment says how its algorithm works and where it had to
//! choose. What the versions share (the version prefix, the `METRIC:VALUE`
//! syntax, duplicates, unknown metrics, the qualitative rating) is shared and
//! lives here.
//!
//! [`score_vector`] is the entry point for advisories: it takes the vector as
//! OSV's `severity[].score` carries it and returns the score the vector calls
//! for with its rating. For CVSS v3 that is the most specific score its
//! metrics define: the Environmental score when any Environmental metric is
//! defined (not `X`), else the Temporal score when any Temporal metric is, else
//! the Base score. CVSS v4.0 has one score, whatever groups are present
//! (CVSS-B, -BT, -BE or -BTE).

use std::fmt;

/// Declares the values of one metric as an enum: variants in the
/// specification's order, each with its abbreviation.
macro_rules! metric_values {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $abbr:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// The abbreviated values, in the specification's order.
            pub const ABBREVIATIONS: &'static [&'static str] = &[$($abbr),+];
            const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value's abbreviation in a vector string.
            pub fn abbreviation(self) -> &'static str {
                match self {
                    $($name::$variant => $abbr),+
                }
            }
        }

        impl $crate::advisory::severity::MetricValue for $name {
            fn from_index(index: usize) -> Option<Self> {
                Self::ALL.get(index).copied()
            }
        }
    };
}

pub mod cvss3;
pub mod cvss4;

pub use cvss3::Cvss3;
pub use cvss4::Cvss4;

/// The CVSS versions ci-sec scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CvssVersion {
    V3_0,
    V3_1,
    V4_0,
}

impl CvssVersion {
    /// The version as the vector prefix writes it (`3.1` in `CVSS:3.1/`).
    pub fn as_str(self) -> &'static str {
        match self {
            CvssVersion::V3_0 => "3.0",
            CvssVersion::V3_1 => "3.1",
            CvssVersion::V4_0 => "4.0",
        }
    }

    /// The version a vector declares, from its `CVSS:x.y/` prefix.
    pub fn of_vector(vector: &str) -> Result<CvssVersion, CvssError> {
        split_prefix(vector).map(|(version, _)| version)
    }
}

impl fmt::Display for CvssVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The qualitative severity rating scale, the same table in the v3.0, v3.1
/// and v4.0 specifications: None 0.0, Low 0.1–3.9, Medium 4.0–6.9, High
/// 7.0–8.9, Critical 9.0–10.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rating {
    None,
    Low,
    Medium,
    High,
    Critical,
}

impl Rating {
    /// The rating of a score. Scores have one decimal; the table's lower
    /// bounds decide (anything below 4.0 but above 0 is Low, and so on).
    pub fn from_score(score: f64) -> Rating {
        if score <= 0.0 {
            Rating::None
        } else if score < 4.0 {
            Rating::Low
        } else if score < 7.0 {
            Rating::Medium
        } else if score < 9.0 {
            Rating::High
        } else {
            Rating::Critical
        }
    }

    /// The rating's name as the specifications write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Rating::None => "None",
            Rating::Low => "Low",
            Rating::Medium => "Medium",
            Rating::High => "High",
            Rating::Critical => "Critical",
        }
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What is wrong with a vector string, and with which metric.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CvssError {
    #[error("empty CVSS vector")]
    Empty,
    #[error("not a CVSS v3/v4 vector: it does not start with `CVSS:` (CVSS v2 vectors are not supported)")]
    MissingPrefix,
    #[error("unsupported CVSS version {found:?}: expected {expected}")]
    UnsupportedVersion { found: String, expected: &'static str },
    #[error("CVSS {version} vector: empty metric at position {position} (a stray `/`)")]
    EmptyMetric { version: CvssVersion, position: usize },
    #[error("CVSS {version} vector: {field:?} at position {position} is not METRIC:VALUE")]
    MalformedMetric { version: CvssVersion, position: usize, field: String },
    #[error("CVSS {version} vector: unknown metric {metric:?}")]
    UnknownMetric { version: CvssVersion, metric: String },
    #[error("CVSS {version} vector: invalid value {value:?} for metric {metric} (allowed: {allowed})")]
    InvalidValue { version: CvssVersion, metric: &'static str, value: String, allowed: String },
    #[error("CVSS {version} vector: metric {metric} is given more than once")]
    DuplicateMetric { version: CvssVersion, metric: &'static str },
    #[error("CVSS {version} vector: metric {metric} is out of order: the specification requires it before {previous}")]
    OutOfOrder { version: CvssVersion, metric: &'static str, previous: &'static str },
    #[error("CVSS {version} vector: mandatory base metric(s) missing: {}", missing.join(", "))]
    MissingMetrics { version: CvssVersion, missing: Vec<&'static str> },
}

/// A parsed CVSS vector of any supported version.
#[derive(Debug, Clone, PartialEq)]
pub enum Cvss {
    V3(Cvss3),
    V4(Cvss4),
}

impl Cvss {
    /// Parses a `CVSS:3.0/`, `CVSS:3.1/` or `CVSS:4.0/` vector.
    pub fn parse(vector: &str) -> Result<Cvss, CvssError> {
        match CvssVersion::of_vector(vector)? {
            CvssVersion::V3_0 | CvssVersion::V3_1 => cvss3::parse(vector).map(Cvss::V3),
            CvssVersion::V4_0 => cvss4::parse(vector).map(Cvss::V4),
        }
    }

    pub fn version(&self) -> CvssVersion {
        match self {
            Cvss::V3(v) => v.version(),
            Cvss::V4(_) => CvssVersion::V4_0,
        }
    }

    /// The score the vector calls for (see the module documentation).
    pub fn score(&self) -> f64 {
        match self {
            Cvss::V3(v) => v.score(),
            Cvss::V4(v) => v.score(),
        }
    }

    pub fn rating(&self) -> Rating {
        Rating::from_score(self.score())
    }
}

impl std::str::FromStr for Cvss {
    type Err = CvssError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Cvss::parse(s)
    }
}

/// Scores a CVSS v3.0, v3.1 or v4.0 vector, dispatching on its prefix:
/// the score the vector calls for (see the module documentation) and its
/// qualitative rating.
pub fn score_vector(vector: &str) -> Result<(f64, Rating), CvssError> {
    let score = Cvss::parse(vector)?.score();
    Ok((score, Rating::from_score(score)))
}

impl From<Rating> for crate::model::Severity {
    /// CVSS "None" is ci-sec's `info`.
    fn from(r: Rating) -> Self {
        match r {
            Rating::None => crate::model::Severity::Info,
            Rating::Low => crate::model::Severity::Low,
            Rating::Medium => crate::model::Severity::Medium,
            Rating::High => crate::model::Severity::High,
            Rating::Critical => crate::model::Severity::Critical,
        }
    }
}

/// Implemented by every metric-value enum: the value at an index of its
/// `ABBREVIATIONS`.
pub(crate) trait MetricValue: Sized + Copy {
    fn from_index(index: usize) -> Option<Self>;
}

/// One metric of a vector string: its abbreviation, its values (without Not
/// Defined) and whether the vector must carry it. Optional metrics also take
/// `X`, Not Defined, which is the same as leaving them out.
pub(crate) struct MetricDef {
    pub(crate) name: &'static str,
    pub(crate) values: &'static [&'static str],
    pub(crate) mandatory: bool,
}

impl MetricDef {
    pub(crate) const fn mandatory(name: &'static str, values: &'static [&'static str]) -> MetricDef {
        MetricDef { name, values, mandatory: true }
    }
    pub(crate) const fn optional(name: &'static str, values: &'static [&'static str]) -> MetricDef {
        MetricDef { name, values, mandatory: false }
    }
}

/// Splits `CVSS:x.y/METRICS` into the version and the metrics.
pub(crate) fn split_prefix(vector: &str) -> Result<(CvssVersion, &str), CvssError> {
    if vector.is_empty() {
        return Err(CvssError::Empty);
    }
    let Some(rest) = vector.strip_prefix("CVSS:") else {
        return Err(CvssError::MissingPrefix);
    };
    let (version, metrics) = rest.split_once('/').unwrap_or((rest, ""));
    let version = match version {
        "3.0" => CvssVersion::V3_0,
        "3.1" => CvssVersion::V3_1,
        "4.0" => CvssVersion::V4_0,
        other => {
            return Err(CvssError::UnsupportedVersion { found: other.to_string(), expected: "3.0, 3.1 or 4.0" });
        }
    };
    Ok((version, metrics))
}

/// The metrics of a vector: for each of `defs`, the index of its value in
/// `values`, or `None` when the vector leaves it out or gives `X`.
///
/// Rejects empty fields (`//`, a trailing `/`), fields that are not
/// `METRIC:VALUE`, unknown metrics and values (both case-sensitive, as the
/// specifications say), a metric given twice, missing mandatory metrics and,
/// with `fixed_order`, metrics out of the order of `defs`.
pub(crate) fn parse_metrics(
    version: CvssVersion,
    metrics: &str,
    defs: &[MetricDef],
    fixed_order: bool,
) -> Result<Vec<Option<usize>>, CvssError> {
    let mut values: Vec<Option<usize>> = vec![None; defs.len()];
    let mut seen = vec![false; defs.len()];
    let mut last: Option<usize> = None;
    if !metrics.is_empty() {
        for (position, field) in metrics.split('/').enumerate().map(|(i, f)| (i + 1, f)) {
            if field.is_empty() {
                return Err(CvssError::EmptyMetric { version, position });
            }
            let Some((name, value)) = field.split_once(':') else {
                return Err(CvssError::MalformedMetric { version, position, field: field.to_string() });
            };
            let Some(index) = defs.iter().position(|d| d.name == name) else {
                return Err(CvssError::UnknownMetric { version, metric: name.to_string() });
            };
            let def = &defs[index];
            if seen[index] {
                return Err(CvssError::DuplicateMetric { version, metric: def.name });
            }
            seen[index] = true;
            if fixed_order {
                if let Some(previous) = last.filter(|&p| p > index) {
                    return Err(CvssError::OutOfOrder { version, metric: def.name, previous: defs[previous].name });
                }
                last = Some(index);
            }
            if value == "X" && !def.mandatory {
                continue;
            }
            match def.values.iter().position(|v| *v == value) {
                Some(v) => values[index] = Some(v),
                None => {
                    let mut allowed = def.values.join(", ");
                    if !def.mandatory {
                        allowed.push_str(", X");
                    }
                    return Err(CvssError::InvalidValue {
                        version,
                        metric: def.name,
                        value: value.to_string(),
                        allowed,
                    });
                }
            }
        }
    }
    let missing: Vec<&'static str> =
        defs.iter().zip(&seen).filter(|(d, seen)| d.mandatory && !**seen).map(|(d, _)| d.name).collect();
    if !missing.is_empty() {
        return Err(CvssError::MissingMetrics { version, missing });
    }
    Ok(values)
}

/// The value of metric `index`, typed; `None` when absent or Not Defined.
pub(crate) fn value<T: MetricValue>(values: &[Option<usize>], index: usize) -> Option<T> {
    values.get(index).copied().flatten().and_then(T::from_index)
}

/// The value of mandatory metric `index`. [`parse_metrics`] has already
/// checked that it is there; this only avoids a panic path.
pub(crate) fn required<T: MetricValue>(
    version: CvssVersion,
    values: &[Option<usize>],
    defs: &[MetricDef],
    index: usize,
) -> Result<T, CvssError> {
    value(values, index).ok_or_else(|| CvssError::MissingMetrics {
        version,
        missing: defs.get(index).map(|d| vec![d.name]).unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_follow_the_table() {
        assert_eq!(Rating::from_score(0.0), Rating::None);
        assert_eq!(Rating::from_score(0.1), Rating::Low);
        assert_eq!(Rating::from_score(3.9), Rating::Low);
        assert_eq!(Rating::from_score(4.0), Rating::Medium);
        assert_eq!(Rating::from_score(6.9), Rating::Medium);
        assert_eq!(Rating::from_score(7.0), Rating::High);
        assert_eq!(Rating::from_score(8.9), Rating::High);
        assert_eq!(Rating::from_score(9.0), Rating::Critical);
        assert_eq!(Rating::from_score(10.0), Rating::Critical);
    }

    #[test]
    fn score_vector_dispatches_on_the_prefix() {
        assert_eq!(score_vector("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), Ok((9.8, Rating::Critical)));
        assert_eq!(score_vector("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:L/I:N/A:N"), Ok((4.3, Rating::Medium)));
        assert_eq!(
            score_vector("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"),
            Ok((9.3, Rating::Critical))
        );
        assert_eq!(score_vector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N"), Ok((0.0, Rating::None)));
    }

    #[test]
    fn score_vector_takes_the_most_specific_v3_score() {
        // Temporal metrics only: the Temporal score.
        assert_eq!(score_vector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:R"), Ok((8.2, Rating::High)));
        // Explicit Not Defined counts as absent.
        assert_eq!(score_vector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:X/CR:X"), Ok((9.8, Rating::Critical)));
        // An Environmental metric: the Environmental score.
        assert_eq!(score_vector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MAV:P"), Ok((6.8, Rating::Medium)));
    }

    #[test]
    fn prefix_errors() {
        assert_eq!(score_vector(""), Err(CvssError::Empty));
        assert_eq!(score_vector("AV:N/AC:L/Au:N/C:P/I:P/A:P"), Err(CvssError::MissingPrefix));
        assert_eq!(
            score_vector("CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P"),
            Err(CvssError::UnsupportedVersion { found: "2.0".into(), expected: "3.0, 3.1 or 4.0" })
        );
        assert!(matches!(score_vector("CVSS:3.2/AV:N"), Err(CvssError::UnsupportedVersion { .. })));
        assert!(matches!(score_vector("cvss:3.1/AV:N"), Err(CvssError::MissingPrefix)));
        // The version alone, no metrics.
        assert!(matches!(score_vector("CVSS:3.1"), Err(CvssError::MissingMetrics { .. })));
        assert!(matches!(score_vector("CVSS:4.0/"), Err(CvssError::MissingMetrics { .. })));
        assert!(matches!(score_vector("CVSS:4.0//AV:N"), Err(CvssError::EmptyMetric { position: 1, .. })));
    }

    #[test]
    fn errors_name_the_metric() {
        let e = score_vector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:Q").unwrap_err();
        assert_eq!(e.to_string(), "CVSS 3.1 vector: invalid value \"Q\" for metric A (allowed: H, L, N)");
        let e = score_vector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:Z").unwrap_err();
        assert_eq!(e.to_string(), "CVSS 3.1 vector: invalid value \"Z\" for metric E (allowed: H, F, P, U, X)");
        let e = score_vector("CVSS:3.1/AV:N/AC:L/UI:N/S:U/C:H/I:H").unwrap_err();
        assert_eq!(e.to_string(), "CVSS 3.1 vector: mandatory base metric(s) missing: PR, A");
        let e = score_vector("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/E:A/E:X").unwrap_err();
        assert_eq!(e.to_string(), "CVSS 4.0 vector: metric E is given more than once");
    }
}
