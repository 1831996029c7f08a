//! `ci-sec sbom`.

use anyhow::Context;

use super::args::{GlobalArgs, OutputFormat, SbomArgs};
use super::exit;
use super::output::{choose_format, write_output, Ui};
use crate::inventory::{inventory_paths, ScanOptions};
use crate::sbom::cyclonedx::{self, SpecVersion};
use crate::sbom::{spdx, table, Document, DocumentOptions};

pub fn run(global: &GlobalArgs, args: &SbomArgs, ui: &Ui) -> anyhow::Result<u8> {
    if !args.path.exists() {
        anyhow::bail!("{}: no such file or directory", args.path.display());
    }
    let (cfg, _) = super::load_config(global, Some(&args.path), ui)?;
    let opts = ScanOptions {
        include_vendored: args.include_vendored || cfg.sbom.include_vendored,
        allow_cargo: !args.no_cargo,
    };
    let inventory = inventory_paths(&args.path, &opts);

    for lock in &inventory.lockfiles {
        ui.detail(&format!("{}: {} packages ({})", lock.display, lock.packages.len(), lock.format.name()));
        for note in &lock.notes {
            let at = if note.line > 0 { format!("{}:{}", lock.display, note.line) } else { lock.display.clone() };
            ui.warn(&format!("{at}: {}", note.message));
        }
    }
    for err in &inventory.errors {
        ui.error(&format!("{}: {}", err.location, err.message));
    }

    let doc_opts = DocumentOptions { exclude_dev: args.exclude_dev || cfg.sbom.exclude_dev };
    let format = choose_format(global.format, global.output.as_deref(), OutputFormat::Table);
    let bytes = match format {
        OutputFormat::Table => table::render(&inventory, &doc_opts),
        OutputFormat::Json => table::render_json(&inventory, &doc_opts).context("cannot render JSON")?,
        OutputFormat::CycloneDxJson => {
            let version = if args.spec_version == "1.5" { SpecVersion::V1_5 } else { SpecVersion::V1_6 };
            cyclonedx::to_json(&Document::build(&inventory, &doc_opts), version)?
        }
        OutputFormat::SpdxJson => spdx::to_json(&Document::build(&inventory, &doc_opts)).context("cannot render SPDX")?,
        OutputFormat::Sarif | OutputFormat::GitlabCodeQuality => {
            anyhow::bail!("`sbom` writes table, json, cyclonedx-json or spdx-json")
        }
    };
    write_output(global.output.as_deref(), &bytes)?;
    ui.info(&format!(
        "{} packages in {} files{}",
        inventory.package_count(),
        inventory.lockfiles.len(),
        if inventory.errors.is_empty() { String::new() } else { format!(", {} unreadable", inventory.errors.len()) }
    ));
    Ok(if inventory.errors.is_empty() { exit::OK } else { exit::INCOMPLETE })
}
