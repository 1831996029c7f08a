//! The command-line edge: parses arguments, runs a stage, turns results and
//! errors into output and an exit code. Library errors are typed; here they
//! get context for people.

pub mod args;
pub mod check;
pub mod db;
pub mod k8s;
pub mod output;
pub mod sbom;
pub mod scan;

use std::process::ExitCode;

use clap::Parser;

pub use args::{Cli, Command};

/// Exit codes, documented in README.md.
pub mod exit {
    /// Done; nothing at or above the failure threshold.
    pub const OK: u8 = 0;
    /// Findings at or above the failure threshold.
    pub const FINDINGS: u8 = 1;
    /// Usage error, or an incomplete run (some input could not be read).
    pub const INCOMPLETE: u8 = 2;
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let ui = output::Ui::new(&cli.global);
    let result = match &cli.command {
        Command::Sbom(args) => sbom::run(&cli.global, args, &ui),
        Command::Scan(args) => scan::run(&cli.global, args, &ui),
        Command::K8s(args) => k8s::run(&cli.global, args, &ui),
        Command::Check(args) => check::run(&cli.global, args, &ui),
        Command::Db(args) => db::run(&cli.global, args, &ui),
        Command::Publish(_) => not_yet(&ui, "publish", "pull/merge request publishing"),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            ui.error(&format!("{err:#}"));
            ExitCode::from(exit::INCOMPLETE)
        }
    }
}

/// The configuration that applies to a run: `--config`, else the nearest
/// `.ci-sec.toml` upward from `start` (none is searched for standard
/// input), else the defaults; with the name to cite it by in messages.
pub fn load_config(
    global: &args::GlobalArgs,
    start: Option<&std::path::Path>,
    ui: &output::Ui,
) -> anyhow::Result<(crate::config::Config, String)> {
    use crate::config;
    let path = global.config.clone().or_else(|| start.and_then(config::find_upward));
    let Some(path) = path else { return Ok((config::Config::default(), config::FILE_NAME.into())) };
    ui.detail(&format!("config: {}", path.display()));
    Ok((config::load(&path)?, path.display().to_string()))
}

fn not_yet(ui: &output::Ui, command: &str, what: &str) -> anyhow::Result<u8> {
    ui.error(&format!(
        "`ci-sec {command}` ({what}) is not implemented yet in this version; `ci-sec sbom` is available."
    ));
    Ok(exit::INCOMPLETE)
}
