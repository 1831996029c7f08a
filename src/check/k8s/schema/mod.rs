//! Schema validation: every object checked against the API of the target
//! Kubernetes release, as `kubectl apply` (strict field validation) and the
//! API server would check it.
//!
//! This part: the compiled schema model ([`model`]), YAML scalars read as
//! the JSON values Kubernetes decodes ([`scalar`]), the value syntaxes the
//! decoder enforces ([`format`]) and the walker that reports problems with
//! their positions ([`validate`]).

pub mod format;
pub mod model;
pub mod scalar;
pub mod validate;
