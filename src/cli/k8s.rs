//! `ci-sec k8s`: manifests → Pod Security Standards and recommended findings → report.

use std::io::Read;
use std::path::Path;

use super::args::{GlobalArgs, K8sArgs, K8sProfile, ManifestArgs, OutputFormat};
use super::exit;
use super::output::{choose_format, write_output, Ui};
use crate::check::k8s::settings::Settings;
use crate::check::k8s::pss::admission_check_id;
use crate::check::k8s::render::RenderOptions;
use crate::check::k8s::{catalogue, check_with, load_path, load_text, K8sReport, KubeVersion, Level, LoadOptions, PssOptions, RunOptions};
use crate::config;
use crate::policy::{exit_code_for, FailOn};
use crate::report::{self, table::TableOptions, ReportContext};

/// How standard input is named in reports.
pub const STDIN_NAME: &str = "<stdin>";

pub fn run(global: &GlobalArgs, args: &K8sArgs, ui: &Ui) -> anyhow::Result<u8> {
    if args.list_checks {
        write_output(global.output.as_deref(), list_checks().as_bytes())?;
        return Ok(exit::OK);
    }
    let fail_on = match &args.fail_on {
        Some(s) => s.parse::<FailOn>().map_err(|e| anyhow::anyhow!("--fail-on: {e}"))?,
        None => FailOn::default(),
    };
    let format = choose_format(global.format, global.output.as_deref(), OutputFormat::Table);
    if !matches!(format, OutputFormat::Table | OutputFormat::Json | OutputFormat::Sarif | OutputFormat::GitlabCodeQuality) {
        anyhow::bail!("`k8s` writes table, json, sarif or gitlab-codequality");
    }
    let stdin = args.path.as_os_str() == "-";
    if !stdin && !args.path.exists() {
        anyhow::bail!("{}: no such file or directory", args.path.display());
    }
    let (cfg, config_label) = super::load_config(global, (!stdin).then_some(args.path.as_path()), ui)?;
    let input = if stdin { ManifestInput::Stdin } else { ManifestInput::Path(&args.path) };
    let result = check_manifests(input, &args.manifests, &cfg, &config_label, args.include_vendored, ui)?;

    let mut ctx = ReportContext::new(args.path.display().to_string());
    ctx.incomplete_inputs = result.input_errors.clone();
    let bytes = match format {
        OutputFormat::Json => report::json::render(&result.findings, &ctx),
        OutputFormat::Sarif => report::sarif::render(&result.findings, &ctx),
        OutputFormat::GitlabCodeQuality => report::gitlab::render(&result.findings, &ctx),
        _ => report::table::render(&result.findings, &ctx, TableOptions { color: ui.color_stdout(), explain: false }),
    };
    write_output(global.output.as_deref(), &bytes)?;
    Ok(if !result.input_errors.is_empty() {
        exit::INCOMPLETE
    } else if exit_code_for(&result.findings, fail_on) {
        exit::FINDINGS
    } else {
        exit::OK
    })
}

/// Where the manifests come from.
#[derive(Debug, Clone, Copy)]
pub enum ManifestInput<'a> {
    Path(&'a Path),
    Stdin,
}

/// The manifest stage shared by `k8s` and `check`: load, run the profile,
/// apply `[k8s]` settings; logs input errors and counts.
pub fn check_manifests(
    input: ManifestInput<'_>,
    args: &ManifestArgs,
    cfg: &config::Config,
    config_label: &str,
    include_vendored: bool,
    ui: &Ui,
) -> anyhow::Result<K8sReport> {
    let version: KubeVersion = args.kube_version.parse().map_err(|e| anyhow::anyhow!("--kube-version: {e}"))?;
    let level = match args.profile {
        K8sProfile::PssBaseline => Level::Baseline,
        K8sProfile::PssRestricted => Level::Restricted,
        K8sProfile::Recommended => Level::Recommended,
    };
    let settings = Settings::from_config(&cfg.k8s).map_err(|e| anyhow::anyhow!("{config_label}: {e}"))?;
    let loaded = match input {
        ManifestInput::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes).map_err(|e| anyhow::anyhow!("cannot read standard input: {e}"))?;
            let text = String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("standard input is not UTF-8 text"))?;
            load_text(&text, STDIN_NAME)
        }
        ManifestInput::Path(path) => {
            let render = RenderOptions { helm: args.helm, kustomize: args.kustomize, kube_version: Some(version.to_string()) };
            load_path(path, &LoadOptions { include_vendored, render })
        }
    };
    let opts = PssOptions { level, version, userns_relaxation: args.userns_relaxation };
    let run = RunOptions { configured: &settings.configured, schema: !args.no_schema };
    let mut result = check_with(loaded, &opts, &run);
    settings.apply(&mut result.findings);
    for e in &result.input_errors {
        ui.error(&format!("{}: {}", e.location, e.message));
    }
    ui.detail(&format!(
        "{} objects, {} pod specs checked; skipped {} non-Kubernetes documents, {} files without objects, {} Helm template files, {} Kustomize inputs (built instead)",
        result.objects, result.pods_checked, result.skipped_documents, result.skipped_files, result.helm_templates, result.rendered_inputs
    ));
    if !args.no_schema {
        ui.detail(&format!(
            "schema: {} objects validated against Kubernetes {version}; {} custom resources not validated (no CustomResourceDefinition for them in the scan set)",
            result.schema_checked, result.schema_skipped_custom
        ));
    }
    if result.charts > 0 && !args.helm {
        ui.info(&format!(
            "{} Helm charts were not checked: add --helm (helm on PATH) or pipe `helm template … | ci-sec k8s -`",
            result.charts
        ));
    }
    let profile = match level {
        Level::Recommended => "recommended".to_string(),
        l => format!("pss-{}", l.as_str()),
    };
    ui.info(&format!(
        "{} manifest findings in {} pod specs ({} objects) at {profile} for Kubernetes {version}",
        result.findings.len(),
        result.pods_checked,
        result.objects,
    ));
    Ok(result)
}

/// The rule catalogue as text: one block per rule.
pub fn list_checks() -> String {
    let mut out = String::new();
    for r in catalogue() {
        let since = if r.since > 0 { format!(" (Kubernetes 1.{}+)", r.since) } else { String::new() };
        let admission = admission_check_id(r.id).map(|id| format!("  admission check: {id}\n")).unwrap_or_default();
        out.push_str(&format!(
            "{}  {}{since}\n  {}\n{admission}  why: {}\n  fix: {}\n\n",
            r.id, r.severity, r.title, r.rationale, r.remediation
        ));
    }
    out
}

/// `docs/checks.md`: the same catalogue as `--list-checks`, as Markdown.
/// A test keeps the file in step (`CI_SEC_UPDATE_DOCS=1 cargo test
/// checks_md` rewrites it).
pub fn checks_markdown() -> String {
    let mut out = String::from(
        "# Kubernetes checks\n\nGenerated from the rule catalogue (`ci-sec k8s --list-checks`); do not edit by hand.\n\n| id | severity | title | since |\n|---|---|---|---|\n",
    );
    for r in catalogue() {
        let since = if r.since > 0 { format!("1.{}", r.since) } else { String::new() };
        out.push_str(&format!("| `{}` | {} | {} | {since} |\n", r.id, r.severity, r.title));
    }
    for r in catalogue() {
        let admission = admission_check_id(r.id).map(|id| format!("Pod-security admission check: `{id}`.\n\n")).unwrap_or_default();
        out.push_str(&format!(
            "\n## `{}`\n\n{} ({}).\n\n{admission}**Why:** {}\n\n**Fix:** {}\n",
            r.id, r.title, r.severity, r.rationale, r.remediation
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    #[test]
    fn checks_md_is_generated_from_the_catalogue() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/checks.md");
        let want = super::checks_markdown();
        if std::env::var_os("CI_SEC_UPDATE_DOCS").is_some() {
            std::fs::write(&path, &want).unwrap();
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(have == want, "docs/checks.md is stale: run `CI_SEC_UPDATE_DOCS=1 cargo test checks_md`");
    }

    use super::*;
    use crate::cli::{Cli, Command};

    fn run_cli(argv: &[&str]) -> (u8, String) {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("report.out");
        let mut full = vec!["ci-sec", "-q", "-o", out.to_str().unwrap()];
        full.extend_from_slice(argv);
        let cli = Cli::try_parse_from(full).unwrap();
        let ui = Ui::new(&cli.global);
        let Command::K8s(args) = &cli.command else { panic!("not k8s") };
        let code = run(&cli.global, args, &ui).unwrap();
        (code, std::fs::read_to_string(out).unwrap_or_default())
    }

    fn fixture(name: &str) -> String {
        format!("{}/tests/fixtures/k8s/pss/{name}", env!("CARGO_MANIFEST_DIR"))
    }

    #[test]
    fn check_cli_reports_findings_with_positions_and_exit_codes() {
        let (code, json) = run_cli(&["--format", "json", "k8s", &fixture("privileged.yaml"), "--profile", "pss-baseline"]);
        assert_eq!(code, exit::FINDINGS);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let text = v.to_string();
        assert!(text.contains("pss-baseline/privileged"), "{text}");
        assert!(text.contains("\"line\":22"), "{text}");

        let (code, _) = run_cli(&["k8s", &fixture("privileged.yaml"), "--fail-on", "never"]);
        assert_eq!(code, exit::OK);
        let (code, sarif) = run_cli(&["--format", "sarif", "k8s", &fixture("run_as_non_root.yaml"), "--profile", "pss-baseline"]);
        assert_eq!(code, exit::OK, "run_as_non_root is a restricted control: {sarif}");

        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bad.yaml"), "apiVersion: v1\nkind: Pod\nspec: [\n").unwrap();
        let (code, table) = run_cli(&["--format", "table", "k8s", dir.path().to_str().unwrap()]);
        assert_eq!(code, exit::INCOMPLETE, "{table}");
        assert!(table.contains("bad.yaml:"), "{table}");
    }

    #[test]
    fn check_cli_defaults_to_the_recommended_profile() {
        let images = format!("{}/tests/fixtures/k8s/recommended/images/fail.yaml", env!("CARGO_MANIFEST_DIR"));
        let (code, json) = run_cli(&["--format", "json", "k8s", &images]);
        assert_eq!(code, exit::FINDINGS);
        assert!(json.contains("recommended/image-tag") && json.contains("pss-restricted/"), "{json}");
        let (_, json) = run_cli(&["--format", "json", "k8s", &images, "--profile", "pss-restricted"]);
        assert!(!json.contains("\"recommended/"), "{json}");
    }

    #[test]
    fn check_cli_validates_schemas_at_every_profile_unless_no_schema() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("cm.yaml");
        std::fs::write(&file, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {port: 8080}\n").unwrap();
        let path = file.to_str().unwrap();
        let (code, json) = run_cli(&["--format", "json", "k8s", path, "--profile", "pss-baseline"]);
        assert_eq!(code, exit::FINDINGS, "{json}");
        assert!(json.contains("schema/wrong-type") && json.contains("\"line\": 4"), "{json}");
        let (code, json) = run_cli(&["--format", "json", "k8s", path, "--profile", "pss-baseline", "--no-schema"]);
        assert_eq!(code, exit::OK, "{json}");
        assert!(!json.contains("schema/"), "{json}");
        std::fs::write(dir.path().join(".ci-sec.toml"), "[k8s]\ndisable = [\"wrong-type\"]\n").unwrap();
        let (code, _) = run_cli(&["--format", "json", "k8s", path, "--profile", "pss-baseline"]);
        assert_eq!(code, exit::OK, "disabled in .ci-sec.toml by short name");
    }

    #[test]
    fn check_cli_rejects_unsupported_versions_and_lists_checks() {
        let cli = Cli::try_parse_from(["ci-sec", "k8s", ".", "--kube-version", "1.20"]).unwrap();
        let Command::K8s(args) = &cli.command else { panic!() };
        assert!(run(&cli.global, args, &Ui::new(&cli.global)).is_err());
        let list = list_checks();
        for r in catalogue() {
            assert!(list.contains(r.id));
        }
        assert!(list.contains("recommended/image-tag"));
        assert!(list.contains("schema/removed-api"));
    }
}
