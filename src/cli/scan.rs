//! `ci-sec scan`: inventory (or an SBOM) → advisories → findings → report.

use std::path::Path;

use super::args::{AdvisoryArgs, GlobalArgs, OutputFormat, ScanArgs, VulnPolicyArgs};
use super::exit;
use super::output::{choose_format, write_output, Ui};
use crate::advisory::index::{AdvisoryLookup, MemoryIndex};
use crate::advisory::source::osv_api::{self, Query};
use crate::advisory::source::{load_path, LoadReport};
use crate::config::{self, MaxAge};
use crate::inventory::{inventory_paths, Inventory, ScanOptions};
use crate::matching::scan::{scan, targets_from_inventory, targets_from_sbom, ScanResult, Target, Unchecked};
use crate::model::{Finding, Location};
use crate::net::http::{Client, ClientOptions};
use crate::model::date::Date;
use crate::policy::{exit_code_for, FailOn, Policy, ScanFlags, WarningKind};
use crate::report::{self, table::TableOptions, ReportContext, ScanStats, UncheckedPackage};
use crate::sbom::{Document, DocumentOptions};

/// The vulnerability policy (`[scan]` ignores, VEX, `--ignore-unfixed`) and
/// the failure threshold (`--fail-on`, else `[scan] fail-on`).
pub fn load_policy(
    cfg: &config::Config,
    config_label: &str,
    fail_on: Option<&str>,
    args: &VulnPolicyArgs,
) -> anyhow::Result<(Policy, FailOn)> {
    let flags = ScanFlags {
        fail_on: match fail_on {
            Some(s) => Some(s.parse::<FailOn>().map_err(|e| anyhow::anyhow!("--fail-on: {e}"))?),
            None => None,
        },
        ignore_unfixed: args.ignore_unfixed,
        vex: args.vex.clone(),
    };
    Ok(Policy::from_settings(&cfg.scan, config_label, &flags, Date::today_utc())?)
}

/// The `--max-db-age` limit in seconds (flag, else `[scan] max-db-age`).
pub fn max_db_age(args: &AdvisoryArgs, cfg: &config::Config) -> anyhow::Result<Option<i64>> {
    Ok(match &args.max_db_age {
        Some(text) => Some(text.parse::<MaxAge>().map_err(|e| anyhow::anyhow!("--max-db-age: {e}"))?.seconds as i64),
        None => cfg.scan.max_db_age.as_ref().map(|m| m.seconds as i64),
    })
}

/// Matches `targets` and applies the policy; logs policy warnings, notes and
/// unchecked packages.
pub fn match_and_apply(targets: &[Target], advisories: &dyn AdvisoryLookup, policy: &Policy, ui: &Ui) -> ScanResult {
    let mut result = scan(targets, advisories);
    for warning in policy.apply(&mut result.findings) {
        match warning.kind {
            WarningKind::UnusedIgnore => ui.detail(&warning.message),
            _ => ui.warn(&warning.message),
        }
    }
    for note in &result.notes {
        ui.detail(note);
    }
    for u in &result.unchecked {
        ui.detail(&format!("not checked: {} {} at {} ({})", u.name, u.version.as_deref().unwrap_or("-"), u.location, u.reason));
    }
    result
}

/// The report's view of the packages the matcher could not check.
pub fn unchecked_for_report(unchecked: &[Unchecked]) -> Vec<UncheckedPackage> {
    unchecked
        .iter()
        .map(|u| UncheckedPackage { name: u.name.clone(), version: u.version.clone(), location: u.location.clone(), reason: u.reason.clone() })
        .collect()
}

pub fn run(global: &GlobalArgs, args: &ScanArgs, ui: &Ui) -> anyhow::Result<u8> {
    if !args.path.exists() {
        anyhow::bail!("{}: no such file or directory", args.path.display());
    }
    let (cfg, config_label) = super::load_config(global, Some(&args.path), ui)?;
    let (policy, fail_on) = load_policy(&cfg, &config_label, args.fail_on.as_deref(), &args.policy)?;

    let (inventory, targets, sbom_unchecked) = match &args.sbom {
        Some(sbom) => read_sbom_targets(sbom, ui)?,
        None => {
            let inventory =
                inventory_paths(&args.path, &ScanOptions { include_vendored: args.include_vendored, allow_cargo: true });
            let targets = targets_from_inventory(&inventory);
            (inventory, targets, Vec::new())
        }
    };
    for err in &inventory.errors {
        ui.error(&format!("{}: {}", err.location, err.message));
    }

    let max_age = max_db_age(&args.source, &cfg)?;
    let advisories = load_advisories(&args.source, &targets, max_age, ui)?;
    let mut result = match_and_apply(&targets, advisories.as_ref(), &policy, ui);
    result.unchecked.extend(sbom_unchecked);

    let format = choose_format(global.format, global.output.as_deref(), OutputFormat::Table);
    let mut ctx = ReportContext::new(args.path.display().to_string());
    ctx.incomplete_inputs = inventory.errors.clone();
    ctx.stats = ScanStats { packages_checked: result.checked, packages_unchecked: result.unchecked.len() };
    ctx.unchecked = unchecked_for_report(&result.unchecked);
    if args.sbom.is_some() && format == OutputFormat::CycloneDxJson {
        anyhow::bail!("--format cyclonedx-json with --sbom is not supported yet: use json, sarif or table");
    }
    let bytes = render(format, &result.findings, &ctx, &inventory, ui, args.explain)?;
    write_output(global.output.as_deref(), &bytes)?;
    let suppressed = result.findings.iter().filter(|f| f.suppressed.is_some()).count();
    ui.info(&format!(
        "{} findings ({suppressed} suppressed) in {} packages checked ({} not checked){}",
        result.findings.len() - suppressed,
        result.checked,
        result.unchecked.len(),
        if inventory.errors.is_empty() { String::new() } else { format!("; {} inputs unreadable", inventory.errors.len()) }
    ));
    Ok(exit_code(&result.findings, fail_on, !inventory.errors.is_empty()))
}

/// Targets from an existing SBOM. An SBOM that cannot be read is an input
/// error (exit 2), reported like an unreadable lockfile.
fn read_sbom_targets(path: &Path, ui: &Ui) -> anyhow::Result<(Inventory, Vec<Target>, Vec<Unchecked>)> {
    let display = path.display().to_string();
    let mut inventory = Inventory { root: path.to_path_buf(), lockfiles: Vec::new(), errors: Vec::new() };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => anyhow::bail!("{display}: cannot read: {e}"),
    };
    match crate::sbom::read::read_sbom(&text, &display) {
        Ok(read) => {
            ui.detail(&format!("{display}: {} ({} packages, {} not checkable)", read.format, read.packages.len(), read.unchecked.len()));
            for note in &read.notes {
                ui.detail(&format!("{display}: {}", note.message));
            }
            let (targets, unchecked) = targets_from_sbom(&read, &display);
            Ok((inventory, targets, unchecked))
        }
        Err(e) => {
            inventory.errors.push(Finding::input_error(
                Location { path: display, line: e.line, column: e.column },
                e.message,
            ));
            Ok((inventory, Vec::new(), Vec::new()))
        }
    }
}

/// 2 when the run is incomplete (its result cannot be trusted), else 1 when
/// an unsuppressed finding reaches the threshold, else 0.
pub fn exit_code(findings: &[Finding], fail_on: FailOn, incomplete: bool) -> u8 {
    if incomplete {
        exit::INCOMPLETE
    } else if exit_code_for(findings, fail_on) {
        exit::FINDINGS
    } else {
        exit::OK
    }
}

/// Databases older than this get a warning.
const STALE_AFTER_SECS: i64 = 7 * 86_400;

/// Warns about a stale database; fails when it is older than `max_age`.
fn check_age(built_at: &str, max_age: Option<i64>, ui: &Ui) -> anyhow::Result<()> {
    let Some(age) = super::db::age_seconds(built_at) else { return Ok(()) };
    let days = age as f64 / 86_400.0;
    if let Some(max) = max_age
        && age > max
    {
        anyhow::bail!(
            "the advisory database is {days:.1} days old, over the --max-db-age of {:.1} days: run `ci-sec db update`",
            max as f64 / 86_400.0
        );
    }
    if age > STALE_AFTER_SECS {
        ui.warn(&format!("the advisory database is {days:.0} days old: run `ci-sec db update`"));
    }
    Ok(())
}

/// The advisories to match against: the OSV API (`--online`), OSV files
/// (`--advisories`), else the local database (checked for age).
pub fn load_advisories(
    args: &AdvisoryArgs,
    targets: &[Target],
    max_age: Option<i64>,
    ui: &Ui,
) -> anyhow::Result<Box<dyn AdvisoryLookup>> {
    if args.online {
        let queries: Vec<Query> = targets
            .iter()
            .filter_map(|t| {
                Some(Query { ecosystem: t.ecosystem.clone()?, name: t.name.clone(), version: t.version.clone()? })
            })
            .collect();
        let client = Client::new(ClientOptions::default())?;
        let (records, report) = osv_api::fetch(&client, &osv_api::base_url(), &queries)?;
        ui.detail(&format!("OSV API: {}", report.summary()));
        return Ok(Box::new(MemoryIndex::new(records)));
    }
    if args.advisories.is_empty() {
        let dir = super::db::scan_db_dir(args.db.as_deref())?;
        let (lookup, built_at) = crate::db::DbLookup::open(&dir)?;
        check_age(&built_at, max_age, ui)?;
        return Ok(Box::new(lookup));
    }
    let mut records = Vec::new();
    let mut report = LoadReport::default();
    for d in &args.advisories {
        let (r, rep, _) = load_path(d)?;
        records.extend(r);
        report.merge(rep);
    }
    ui.detail(&format!("advisories: {}", report.summary()));
    if report.rejected > 0 {
        ui.warn(&format!("advisories: {}", report.summary()));
    }
    Ok(Box::new(MemoryIndex::new(records)))
}

fn render(
    format: OutputFormat,
    findings: &[Finding],
    ctx: &ReportContext,
    inventory: &crate::inventory::Inventory,
    ui: &Ui,
    explain: bool,
) -> anyhow::Result<Vec<u8>> {
    Ok(match format {
        OutputFormat::Table => report::table::render(findings, ctx, TableOptions { color: ui.color_stdout(), explain }),
        OutputFormat::Json => report::json::render(findings, ctx),
        OutputFormat::Sarif => report::sarif::render(findings, ctx),
        OutputFormat::GitlabCodeQuality => report::gitlab::render(findings, ctx),
        OutputFormat::CycloneDxJson => {
            let doc = Document::build(inventory, &DocumentOptions::default());
            report::cyclonedx_vex::render(&doc, findings, ctx)?
        }
        OutputFormat::SpdxJson => anyhow::bail!("`scan` writes table, json, sarif, gitlab-codequality or cyclonedx-json; SPDX has no vulnerability section"),
    })
}
