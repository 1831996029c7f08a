//! CVSS scoring (placeholder until the calculators land).

use crate::model::Severity;

pub fn score_vector(_vector: &str) -> Result<(f64, Severity), String> {
    Err("CVSS scoring not implemented yet".into())
}
