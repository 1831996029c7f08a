//! Reporters: render [`crate::model::Finding`]s for people and tools
//! (terminal, JSON, SARIF, GitLab). They read findings only and never reach
//! back into a stage. The SBOM formats live in [`crate::sbom`].
