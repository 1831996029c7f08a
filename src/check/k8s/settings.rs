//! `.ci-sec.toml` `[k8s]` applied to a run: disabled rules are dropped,
//! severities overridden, and `[[k8s.ignore]]` waivers (rule + path glob +
//! reason) suppress findings, which stay in the reports with the reason.
//! Rules are named by full id or by the part after the `/`.

use crate::config::K8sConfig;
use crate::model::{Finding, Severity, Suppression};
use crate::policy::glob::Glob;

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("[k8s] severity for {rule:?}: {message}")]
    Severity { rule: String, message: String },
    #[error("[[k8s.ignore]] #{index}: {message}")]
    Ignore { index: usize, message: String },
    #[error("[k8s] required-labels: {0:?} is not a label key")]
    Label(String),
}

/// What the rules that run only when configured need (`[k8s]
/// trusted-registries`, `required-labels`); empty lists leave them off.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Configured {
    pub trusted_registries: Vec<String>,
    pub required_labels: Vec<String>,
}

/// Validated `[k8s]` settings.
#[derive(Debug, Default)]
pub struct Settings {
    disable: Vec<String>,
    severity: Vec<(String, Severity)>,
    pub configured: Configured,
    ignore: Vec<(String, Glob, String, usize)>,
}

fn names(rule_id: &str) -> [&str; 2] {
    [rule_id, rule_id.rsplit('/').next().unwrap_or(rule_id)]
}

impl Settings {
    pub fn from_config(cfg: &K8sConfig) -> Result<Settings, SettingsError> {
        let mut severity = Vec::new();
        for (rule, level) in &cfg.severity {
            let parsed = level
                .parse::<Severity>()
                .map_err(|message| SettingsError::Severity { rule: rule.clone(), message })?;
            severity.push((rule.clone(), parsed));
        }
        let mut ignore = Vec::new();
        for (i, rule) in cfg.ignore.iter().enumerate() {
            let index = i + 1;
            if rule.reason.trim().is_empty() {
                return Err(SettingsError::Ignore { index, message: "a `reason` is required".into() });
            }
            let glob = Glob::new(&rule.path).map_err(|message| SettingsError::Ignore { index, message })?;
            ignore.push((rule.rule.clone(), glob, rule.reason.clone(), index));
        }
        for label in &cfg.required_labels {
            if label.trim().is_empty() || label.contains(char::is_whitespace) {
                return Err(SettingsError::Label(label.clone()));
            }
        }
        let configured =
            Configured { trusted_registries: cfg.trusted_registries.clone(), required_labels: cfg.required_labels.clone() };
        Ok(Settings { disable: cfg.disable.clone(), severity, configured, ignore })
    }

    /// Applies the settings to a run's findings.
    pub fn apply(&self, findings: &mut Vec<Finding>) {
        findings.retain(|f| !names(&f.rule_id).iter().any(|n| self.disable.iter().any(|d| d == n)));
        for f in findings.iter_mut() {
            let ids = names(&f.rule_id);
            if let Some((_, s)) = self.severity.iter().find(|(r, _)| ids.contains(&r.as_str())) {
                f.severity = *s;
            }
            if f.suppressed.is_some() {
                continue;
            }
            if let Some((_, _, reason, index)) =
                self.ignore.iter().find(|(r, glob, _, _)| ids.contains(&r.as_str()) && glob.matches(&f.location.path))
            {
                f.suppressed = Some(Suppression {
                    kind: "ignore".into(),
                    status: "ignored".into(),
                    justification: reason.clone(),
                    source: format!(".ci-sec.toml [[k8s.ignore]] #{index}"),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FindingKind, Location};

    fn finding(rule: &str, path: &str) -> Finding {
        Finding::new(FindingKind::Misconfiguration, rule, Severity::Low, "m", Location { path: path.into(), line: 3, column: 1 }, rule)
    }

    #[test]
    fn disable_severity_and_path_waivers() {
        let cfg: crate::config::Config = toml::from_str(
            r#"
[k8s]
disable = ["image-digest"]
severity = { "recommended/liveness-probe" = "high" }

[[k8s.ignore]]
rule = "recommended/image-tag"
path = "deploy/dev/**"
reason = "dev overlays track latest on purpose"
"#,
        )
        .unwrap();
        let settings = Settings::from_config(&cfg.k8s).unwrap();
        let mut findings = vec![
            finding("recommended/image-digest", "deploy/prod/a.yaml"),
            finding("recommended/liveness-probe", "deploy/prod/a.yaml"),
            finding("recommended/image-tag", "deploy/dev/a.yaml"),
            finding("recommended/image-tag", "deploy/prod/a.yaml"),
        ];
        settings.apply(&mut findings);
        assert_eq!(findings.len(), 3, "disabled by short name");
        assert_eq!(findings[0].severity, Severity::High);
        assert_eq!(findings[1].suppressed.as_ref().unwrap().justification, "dev overlays track latest on purpose");
        assert!(findings[2].suppressed.is_none(), "the glob limits the waiver");
    }

    #[test]
    fn waivers_need_a_reason_and_severities_must_parse() {
        let cfg: crate::config::Config = toml::from_str("[[k8s.ignore]]\nrule = \"x\"\npath = \"**\"\nreason = \"\"\n").unwrap();
        assert!(Settings::from_config(&cfg.k8s).unwrap_err().to_string().contains("reason"));
        let cfg: crate::config::Config = toml::from_str("[k8s]\nseverity = { x = \"urgent\" }\n").unwrap();
        assert!(Settings::from_config(&cfg.k8s).is_err());
        let cfg: crate::config::Config = toml::from_str("[k8s]\nrequired-labels = [\"team\", \"cost centre\"]\n").unwrap();
        assert!(Settings::from_config(&cfg.k8s).unwrap_err().to_string().contains("\"cost centre\""));
        let cfg: crate::config::Config = toml::from_str("[k8s]\nrequired-labels = [\"team\"]\n").unwrap();
        assert_eq!(Settings::from_config(&cfg.k8s).unwrap().configured.required_labels, ["team"]);
    }
}
