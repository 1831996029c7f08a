//! The human report: what a developer reads in a CI log or a terminal.
//!
//! Layout, top to bottom:
//! 1. vulnerabilities grouped by package — a header `name version
//!    (ecosystem)  lockfile:line`, then one line per vulnerability
//!    (`SEVERITY  ID (ALIASES)  title`) and under it `fix: upgrade to X` or
//!    `no fix available`; with `explain`, the explanation lines follow
//!    after `why:`. Packages come worst severity first;
//! 2. other findings without a package (Kubernetes misconfigurations) as
//!    aligned rows `file:line:col  rule  SEVERITY  message`, in file order,
//!    each with its source line and a caret under the column (when the
//!    stage kept the text) and its fix (a remediation sentence) under it;
//! 3. suppressed findings, each with why (`suppressed by VEX
//!    (not_affected: …) from vex.json`);
//! 4. inputs that could not be read;
//! 5. one summary line: counts per severity, suppressed, packages checked
//!    and unchecked, unreadable inputs.
//!
//! Severities are upper-case so they stand out without colour; with
//! `color` they are also painted (critical bold red, high red, medium
//! yellow, low cyan, info dim). Padding is applied before painting so
//! columns stay aligned. No width-aware wrapping.

use std::fmt::Write as _;

use super::{headline, suppression_text, Partition, ReportContext, SeverityCounts};
use crate::model::{Finding, FindingKind, Severity};

/// Rendering switches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TableOptions {
    /// Paint severities with ANSI colours.
    pub color: bool,
    /// Show each finding's explanation (`--explain`).
    pub explain: bool,
}

/// Indent of the lines under a vulnerability (past `  CRITICAL  `).
const DETAIL: usize = 12;

pub fn render(findings: &[Finding], ctx: &ReportContext, opts: TableOptions) -> Vec<u8> {
    let parts = Partition::new(findings, ctx);
    let mut out = String::new();
    let (by_package, others): (Vec<&Finding>, Vec<&Finding>) = parts.active.iter().partition(|f| f.package.is_some());

    for (i, group) in package_groups(&by_package).iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "{}", package_header(group[0]));
        for f in group {
            vulnerability_line(&mut out, f, opts);
            let pad = " ".repeat(DETAIL);
            let _ = writeln!(out, "{pad}{}", fix_text(f));
            if opts.explain {
                explanation(&mut out, f, DETAIL);
            }
        }
    }

    if !others.is_empty() {
        if !by_package.is_empty() {
            out.push('\n');
        }
        out.push_str(section_title(&others).as_str());
        out.push('\n');
        let mut rows = others.clone();
        rows.sort_by(|a, b| a.location.cmp(&b.location).then_with(|| super::report_order(a, b)));
        let widths = row_widths(&rows);
        for f in rows {
            located_row(&mut out, f, widths, opts);
            source_lines(&mut out, f);
            if f.fix.as_deref().is_some_and(|s| !s.is_empty()) {
                let _ = writeln!(out, "    {}", fix_text(f));
            }
            if opts.explain {
                explanation(&mut out, f, 4);
            }
        }
    }

    if parts.active.is_empty() {
        out.push_str("No findings.\n");
    }

    if !parts.suppressed.is_empty() {
        let _ = writeln!(out, "\nSuppressed ({})", parts.suppressed.len());
        let widths = row_widths(&parts.suppressed);
        for f in &parts.suppressed {
            if f.package.is_some() {
                vulnerability_line(&mut out, f, opts);
            } else {
                located_row(&mut out, f, widths, opts);
            }
            let indent = if f.package.is_some() { DETAIL } else { 4 };
            if let Some(s) = &f.suppressed {
                let _ = writeln!(out, "{}{}", " ".repeat(indent), suppression_text(s));
            }
            if opts.explain {
                explanation(&mut out, f, indent);
            }
        }
    }

    if !parts.incomplete.is_empty() {
        let n = parts.incomplete.len();
        let _ = writeln!(out, "\nIncomplete: {n} {} could not be read", if n == 1 { "input" } else { "inputs" });
        for f in &parts.incomplete {
            let _ = writeln!(out, "  {}  {}", f.location, f.message);
            source_lines(&mut out, f);
        }
    }

    out.push('\n');
    out.push_str(&summary(&parts, ctx, opts.color));
    out.push('\n');
    out.into_bytes()
}

/// Consecutive findings of the same package occurrence (name, version,
/// ecosystem, lockfile location), groups ordered by their worst finding.
fn package_groups<'a>(findings: &[&'a Finding]) -> Vec<Vec<&'a Finding>> {
    let key = |f: &Finding| {
        let p = f.package.as_ref();
        (
            p.map(|p| p.name.clone()),
            p.map(|p| p.version.clone()),
            p.map(|p| p.ecosystem.clone()),
            f.location.path.clone(),
            f.location.line,
        )
    };
    // `findings` is in report order, so the first finding of each group is
    // its worst and groups come out worst first.
    let mut groups: Vec<Vec<&Finding>> = Vec::new();
    let mut index: std::collections::HashMap<_, usize> = std::collections::HashMap::new();
    for f in findings {
        match index.get(&key(f)) {
            Some(&i) => groups[i].push(f),
            None => {
                index.insert(key(f), groups.len());
                groups.push(vec![f]);
            }
        }
    }
    groups
}

fn package_header(f: &Finding) -> String {
    let Some(p) = &f.package else { return f.location.to_string() };
    let mut h = p.name.clone();
    if !p.version.is_empty() {
        h.push(' ');
        h.push_str(&p.version);
    }
    if !p.ecosystem.is_empty() {
        let _ = write!(h, " ({})", p.ecosystem);
    }
    if !f.location.path.is_empty() {
        let _ = write!(h, "  {}", f.location);
    }
    h
}

fn id_with_aliases(f: &Finding) -> String {
    if f.aliases.is_empty() {
        f.rule_id.clone()
    } else {
        format!("{} ({})", f.rule_id, f.aliases.join(", "))
    }
}

/// `  SEVERITY  ID (ALIASES)  title`; in the suppressed list the package
/// is named too, as there is no group header there.
fn vulnerability_line(out: &mut String, f: &Finding, opts: TableOptions) {
    let sev = paint_severity(f.severity, &format!("{:<8}", upper(f.severity)), opts.color);
    let mut line = format!("  {sev}  {}", id_with_aliases(f));
    if f.suppressed.is_some()
        && let Some(p) = &f.package
    {
        let _ = write!(line, "  {} {}", p.name, p.version);
        if !f.location.path.is_empty() {
            let _ = write!(line, " ({})", f.location);
        }
    }
    let _ = writeln!(out, "{}", format!("{line}  {}", headline(f)).trim_end());
}

/// What to do about a vulnerability: the fix is a version to upgrade to.
fn fix_text(f: &Finding) -> String {
    match f.fix.as_deref().filter(|s| !s.is_empty()) {
        Some(v) if f.kind == FindingKind::Vulnerability => format!("fix: upgrade to {v}"),
        Some(sentence) => format!("fix: {sentence}"),
        None => "no fix available".to_string(),
    }
}

fn explanation(out: &mut String, f: &Finding, indent: usize) {
    let pad = " ".repeat(indent);
    for (i, line) in f.explanation.iter().enumerate() {
        let _ = writeln!(out, "{pad}{}{line}", if i == 0 { "why: " } else { "     " });
    }
}

fn section_title(rows: &[&Finding]) -> String {
    if rows.iter().all(|f| f.kind == FindingKind::Misconfiguration) {
        "Misconfigurations".into()
    } else {
        "Other findings".into()
    }
}

/// Column widths of `file:line:col`, rule and severity.
fn row_widths(rows: &[&Finding]) -> (usize, usize) {
    let loc = rows.iter().map(|f| f.location.to_string().chars().count()).max().unwrap_or(0);
    let rule = rows.iter().map(|f| f.rule_id.chars().count()).max().unwrap_or(0);
    (loc, rule)
}

/// `  file:line:col  rule  SEVERITY  message`.
fn located_row(out: &mut String, f: &Finding, (loc_w, rule_w): (usize, usize), opts: TableOptions) {
    let loc = f.location.to_string();
    let sev = paint_severity(f.severity, &format!("{:<8}", upper(f.severity)), opts.color);
    let row = format!("  {loc:<loc_w$}  {:<rule_w$}  {sev}  {}", f.rule_id, f.message);
    let _ = writeln!(out, "{}", row.trim_end());
}

/// The source line under a located row, with a caret under the column.
fn source_lines(out: &mut String, f: &Finding) {
    if let Some(snippet) = &f.snippet {
        out.push_str(&crate::model::snippet::render_with_caret(snippet, f.location.line, f.location.column, 4));
    }
}

fn summary(parts: &Partition<'_>, ctx: &ReportContext, color: bool) -> String {
    let counts = SeverityCounts::of(parts.active.iter().copied());
    let per_severity: Vec<String> = counts
        .pairs()
        .iter()
        .map(|&(sev, n)| {
            let text = format!("{n} {sev}");
            if n > 0 { paint_severity(sev, &text, color) } else { text }
        })
        .collect();
    let mut s = per_severity.join(", ");
    let _ = write!(s, "; {} suppressed", parts.suppressed.len());
    let stats = ctx.stats;
    if stats.packages_checked + stats.packages_unchecked > 0 {
        let _ = write!(
            s,
            "; {} {} checked, {} unchecked",
            stats.packages_checked,
            if stats.packages_checked == 1 { "package" } else { "packages" },
            stats.packages_unchecked
        );
    }
    if !parts.incomplete.is_empty() {
        let n = parts.incomplete.len();
        let _ = write!(s, "; {n} {} could not be read", if n == 1 { "input" } else { "inputs" });
    }
    s
}

fn upper(s: Severity) -> String {
    s.as_str().to_ascii_uppercase()
}

fn paint_severity(sev: Severity, text: &str, color: bool) -> String {
    if !color {
        return text.to_string();
    }
    let code = match sev {
        Severity::Critical => "1;31",
        Severity::High => "31",
        Severity::Medium => "33",
        Severity::Low => "36",
        Severity::Info => "2",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Location, PackageRef};

    fn vuln(id: &str, severity: Severity) -> Finding {
        let mut f = Finding::new(
            FindingKind::Vulnerability,
            id,
            severity,
            "m",
            Location { path: "Cargo.lock".into(), line: 7, column: 0 },
            "p",
        );
        f.package = Some(PackageRef { name: "p".into(), version: "1.0.0".into(), ecosystem: "crates.io".into(), purl: "pkg:cargo/p@1.0.0".into() });
        f.title = Some("t".into());
        f
    }

    fn text(findings: &[Finding], ctx: &ReportContext, opts: TableOptions) -> String {
        String::from_utf8(render(findings, ctx, opts)).unwrap()
    }

    #[test]
    fn colour_paints_severities_and_keeps_alignment() {
        let ctx = ReportContext::new(".");
        let f = [vuln("A", Severity::High)];
        let plain = text(&f, &ctx, TableOptions::default());
        let painted = text(&f, &ctx, TableOptions { color: true, explain: false });
        assert!(painted.contains("\x1b[31mHIGH    \x1b[0m  A  t"), "{painted}");
        assert!(painted.contains("\x1b[31m1 high\x1b[0m"), "{painted}");
        let stripped = painted.replace("\x1b[31m", "").replace("\x1b[0m", "");
        assert_eq!(stripped, plain);
        assert!(!plain.contains('\x1b'));
    }

    #[test]
    fn empty_run_says_so() {
        let mut ctx = ReportContext::new(".");
        ctx.stats.packages_checked = 1;
        assert_eq!(
            text(&[], &ctx, TableOptions::default()),
            "No findings.\n\n0 critical, 0 high, 0 medium, 0 low, 0 info; 0 suppressed; 1 package checked, 0 unchecked\n"
        );
    }

    #[test]
    fn misconfigurations_show_their_source_line_with_a_caret_then_the_fix() {
        let mut f = Finding::new(
            FindingKind::Misconfiguration,
            "pss-baseline/hostNamespaces",
            Severity::High,
            "hostPID is true",
            Location { path: "pod.yaml".into(), line: 12, column: 5 },
            "",
        );
        f.snippet = Some("    hostPID: true".into());
        f.fix = Some("Remove hostPID.".into());
        let t = text(&[f], &ReportContext::new("."), TableOptions::default());
        assert!(
            t.contains("  pod.yaml:12:5  pss-baseline/hostNamespaces  HIGH      hostPID is true\n    12 |     hostPID: true\n       |     ^\n    fix: Remove hostPID.\n"),
            "{t}"
        );
    }

    #[test]
    fn one_package_in_two_lockfiles_is_two_groups() {
        let a = vuln("A", Severity::High);
        let mut b = vuln("A", Severity::High);
        b.location.path = "other/Cargo.lock".into();
        let ctx = ReportContext::new(".");
        let t = text(&[a, b], &ctx, TableOptions::default());
        assert!(t.contains("p 1.0.0 (crates.io)  Cargo.lock:7\n"), "{t}");
        assert!(t.contains("p 1.0.0 (crates.io)  other/Cargo.lock:7\n"), "{t}");
    }
}
