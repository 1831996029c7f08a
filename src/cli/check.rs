//! `ci-sec check`: every stage on one repository, one report.
//!
//! discover → inventory (→ `--sbom-output`) → match advisories → check
//! manifests → one list of findings → report. The stages are the ones
//! `sbom`, `scan` and `k8s` run; this module only sequences them and joins
//! their results. A stage that cannot run (no advisory database yet, a
//! database over `--max-db-age`) becomes an incomplete-input entry, so the
//! other stages still report and the exit code (2) says the run is not
//! whole.

use anyhow::Context;

use super::args::{CheckArgs, GlobalArgs, OutputFormat, Stage};
use super::k8s::{check_manifests, ManifestInput};
use super::output::{choose_format, write_output, Ui};
use super::load_config;
use super::scan::{exit_code, load_advisories, load_policy, match_and_apply, max_db_age, unchecked_for_report};
use crate::inventory::{inventory_paths, Inventory, ScanOptions};
use crate::matching::scan::targets_from_inventory;
use crate::model::{Finding, Location};
use crate::report::{self, table::TableOptions, ReportContext, ScanStats};
use crate::sbom::cyclonedx::{self, SpecVersion};
use crate::sbom::{spdx, Document, DocumentOptions};

pub fn run(global: &GlobalArgs, args: &CheckArgs, ui: &Ui) -> anyhow::Result<u8> {
    if !args.path.exists() {
        anyhow::bail!("{}: no such file or directory", args.path.display());
    }
    let format = choose_format(global.format, global.output.as_deref(), OutputFormat::Table);
    if !matches!(format, OutputFormat::Table | OutputFormat::Json | OutputFormat::Sarif | OutputFormat::GitlabCodeQuality) {
        anyhow::bail!("`check` writes table, json, sarif or gitlab-codequality (use `sbom` or --sbom-output for SBOMs)");
    }
    // Every setting is read before any stage runs: a typo in the config or a
    // flag fails fast instead of after a long scan.
    let (cfg, config_label) = load_config(global, Some(&args.path), ui)?;
    let (policy, fail_on) = load_policy(&cfg, &config_label, args.fail_on.as_deref(), &args.policy)?;
    let max_age = max_db_age(&args.source, &cfg)?;
    let run_vulns = !args.skip.contains(&Stage::Vulns);
    let run_k8s = !args.skip.contains(&Stage::K8s);

    let mut findings: Vec<Finding> = Vec::new();
    let mut incomplete: Vec<Finding> = Vec::new();
    let mut ctx = ReportContext::new(args.path.display().to_string());

    if run_vulns || args.sbom_output.is_some() {
        let opts = ScanOptions { include_vendored: args.include_vendored || cfg.sbom.include_vendored, allow_cargo: true };
        let inventory = inventory_paths(&args.path, &opts);
        for err in &inventory.errors {
            ui.error(&format!("{}: {}", err.location, err.message));
        }
        incomplete.extend(inventory.errors.iter().cloned());
        if let Some(path) = &args.sbom_output {
            write_sbom(&inventory, path, cfg.sbom.exclude_dev)?;
            ui.detail(&format!("SBOM: {} ({} packages)", path.display(), inventory.package_count()));
        }
        if run_vulns {
            let targets = targets_from_inventory(&inventory);
            match load_advisories(&args.source, &targets, max_age, ui) {
                Ok(advisories) => {
                    let result = match_and_apply(&targets, advisories.as_ref(), &policy, ui);
                    ctx.stats = ScanStats { packages_checked: result.checked, packages_unchecked: result.unchecked.len() };
                    ctx.unchecked = unchecked_for_report(&result.unchecked);
                    ui.info(&format!(
                        "{} vulnerability findings in {} packages checked",
                        result.findings.iter().filter(|f| f.suppressed.is_none()).count(),
                        result.checked
                    ));
                    findings.extend(result.findings);
                }
                Err(e) => {
                    let message = format!("vulnerability stage not run: {e:#}");
                    ui.error(&message);
                    incomplete.push(Finding::input_error(Location { path: "advisories".into(), line: 0, column: 0 }, message));
                }
            }
        }
    }

    if run_k8s {
        let result =
            check_manifests(ManifestInput::Path(&args.path), &args.manifests, &cfg, &config_label, args.include_vendored, ui)?;
        findings.extend(result.findings);
        incomplete.extend(result.input_errors);
    }

    ctx.incomplete_inputs = incomplete;
    let bytes = match format {
        OutputFormat::Json => report::json::render(&findings, &ctx),
        OutputFormat::Sarif => report::sarif::render(&findings, &ctx),
        OutputFormat::GitlabCodeQuality => report::gitlab::render(&findings, &ctx),
        _ => report::table::render(&findings, &ctx, TableOptions { color: ui.color_stdout(), explain: args.explain }),
    };
    write_output(global.output.as_deref(), &bytes)?;
    Ok(exit_code(&findings, fail_on, !ctx.incomplete_inputs.is_empty()))
}

/// Writes the SBOM as CycloneDX 1.6, or SPDX 2.3 for `*.spdx.json`.
fn write_sbom(inventory: &Inventory, path: &std::path::Path, exclude_dev: bool) -> anyhow::Result<()> {
    let doc = Document::build(inventory, &DocumentOptions { exclude_dev });
    let spdx_name = path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(".spdx.json"));
    let bytes = if spdx_name {
        spdx::to_json(&doc).context("cannot render SPDX")?
    } else {
        cyclonedx::to_json(&doc, SpecVersion::V1_6)?
    };
    write_output(Some(path), &bytes).with_context(|| format!("--sbom-output {}", path.display()))
}
