//! Where output goes and how it looks: stdout or `-o FILE`, colours,
//! quiet/verbose messages on stderr.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::Context;

use super::args::{ColorChoice, GlobalArgs, OutputFormat};

pub struct Ui {
    pub quiet: bool,
    pub verbose: u8,
    pub color: bool,
    color_forced: bool,
}

impl Ui {
    pub fn new(g: &GlobalArgs) -> Self {
        let color = match g.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal(),
        };
        Ui { quiet: g.quiet, verbose: g.verbose, color, color_forced: g.color == ColorChoice::Always }
    }

    /// Whether to colour what goes to standard output (a report): only when
    /// stdout itself is a terminal, unless `--color always`.
    pub fn color_stdout(&self) -> bool {
        self.color && (self.color_forced || std::io::stdout().is_terminal())
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    pub fn error(&self, msg: &str) {
        eprintln!("{} {msg}", self.paint("1;31", "error:"));
    }
    pub fn warn(&self, msg: &str) {
        if !self.quiet {
            eprintln!("{} {msg}", self.paint("1;33", "warning:"));
        }
    }
    pub fn info(&self, msg: &str) {
        if !self.quiet {
            eprintln!("{msg}");
        }
    }
    pub fn detail(&self, msg: &str) {
        if self.verbose > 0 {
            eprintln!("{}", self.paint("2", msg));
        }
    }
}

/// The format to write: the explicit one, else guessed from the output file
/// name (`*.cdx.json`, `*.spdx.json`, `*.sarif`), else `fallback`.
pub fn choose_format(explicit: Option<OutputFormat>, output: Option<&Path>, fallback: OutputFormat) -> OutputFormat {
    if let Some(f) = explicit {
        return f;
    }
    let name = output.and_then(|p| p.file_name()).and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
    if name.ends_with(".cdx.json") || name.contains("cyclonedx") || name.ends_with(".bom.json") {
        OutputFormat::CycloneDxJson
    } else if name.ends_with(".spdx.json") {
        OutputFormat::SpdxJson
    } else if name.ends_with(".sarif") || name.ends_with(".sarif.json") {
        OutputFormat::Sarif
    } else if name.ends_with(".json") {
        OutputFormat::Json
    } else {
        fallback
    }
}

/// Writes the report to `-o FILE` (atomically: a temp file renamed into
/// place, so a failed run never leaves half a report) or to stdout.
pub fn write_output(output: Option<&Path>, bytes: &[u8]) -> anyhow::Result<()> {
    match output {
        Some(path) if path != Path::new("-") => {
            let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let tmp = dir.join(format!(
                ".{}.ci-sec-tmp-{}",
                path.file_name().and_then(|n| n.to_str()).unwrap_or("out"),
                std::process::id()
            ));
            std::fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
            if let Err(e) = std::fs::rename(&tmp, path) {
                let _ = std::fs::remove_file(&tmp);
                // Renaming onto a device (/dev/null) or across filesystems fails.
                std::fs::write(path, bytes).with_context(|| format!("cannot write {}: {e}", path.display()))?;
            }
            Ok(())
        }
        _ => {
            let mut out = std::io::stdout().lock();
            match out.write_all(bytes).and_then(|_| out.flush()) {
                Ok(()) => Ok(()),
                // `ci-sec sbom | head` closes the pipe early: not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(e) => Err(e).context("cannot write to standard output"),
            }
        }
    }
}
