//! The RustSec advisory database in its native format: a checkout whose
//! `crates/<name>/RUSTSEC-YYYY-NNNN.md` files start with a ```toml block
//! (`[advisory]`, `[versions] patched/unaffected`, `[affected]`) followed by
//! a Markdown title and description.
//!
//! Each advisory becomes an OSV [`Record`] that keeps the original version
//! requirements in `database_specific.rustsec`, so matching can apply them
//! exactly as cargo-audit does (Cargo `VersionReq` semantics, including how
//! pre-release versions match), instead of an interval approximation.

use std::path::Path;

use serde::Deserialize;
use serde_json::json;

use super::LoadReport;
use crate::advisory::osv::{Affected, AffectedPackage, Record, Reference, SeverityEntry};

#[derive(Deserialize)]
struct FrontMatter {
    advisory: AdvisoryMeta,
    #[serde(default)]
    versions: Versions,
    #[serde(default)]
    affected: Option<toml::Value>,
}

#[derive(Deserialize)]
struct AdvisoryMeta {
    id: String,
    package: String,
    date: Option<toml::Value>,
    url: Option<String>,
    #[serde(default)]
    references: Vec<String>,
    #[serde(default)]
    categories: Vec<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    related: Vec<String>,
    cvss: Option<String>,
    informational: Option<String>,
    withdrawn: Option<toml::Value>,
}

#[derive(Deserialize, Default)]
struct Versions {
    #[serde(default)]
    patched: Vec<String>,
    #[serde(default)]
    unaffected: Vec<String>,
}

/// Parses one advisory file's text.
pub fn parse_advisory(text: &str) -> Result<Record, String> {
    let text = text.trim_start_matches('\u{feff}');
    let rest = text.trim_start().strip_prefix("```toml").ok_or("no ```toml front matter")?;
    let (toml_text, body) = rest.split_once("\n```").ok_or("unterminated ```toml block")?;
    let front: FrontMatter = toml::from_str(toml_text).map_err(|e| format!("front matter: {}", e.message()))?;
    let mut body = body.trim_start_matches('`').trim();
    let mut summary = None;
    if let Some(title) = body.strip_prefix("# ") {
        let (t, rest) = title.split_once('\n').unwrap_or((title, ""));
        summary = Some(t.trim().to_string());
        body = rest.trim();
    }
    let a = front.advisory;
    let date = a.date.as_ref().map(toml_date);
    let mut references: Vec<Reference> = a.url.iter().chain(&a.references).map(|u| Reference { kind: "WEB".into(), url: u.clone() }).collect();
    references.push(Reference { kind: "ADVISORY".into(), url: format!("https://rustsec.org/advisories/{}.html", a.id) });
    Ok(Record {
        id: a.id.clone(),
        modified: date.clone(),
        published: date,
        withdrawn: a.withdrawn.as_ref().map(toml_date),
        aliases: a.aliases,
        related: a.related,
        summary,
        details: (!body.is_empty()).then(|| body.to_string()),
        severity: a.cvss.iter().map(|v| SeverityEntry { kind: cvss_kind(v).into(), score: v.clone() }).collect(),
        affected: vec![Affected {
            package: Some(AffectedPackage {
                ecosystem: "crates.io".into(),
                name: a.package.clone(),
                purl: Some(format!("pkg:cargo/{}", a.package)),
            }),
            severity: Vec::new(),
            ranges: Vec::new(),
            versions: Vec::new(),
            ecosystem_specific: front.affected.and_then(|v| serde_json::to_value(v).ok()),
            database_specific: Some(json!({
                "rustsec": {
                    "patched": front.versions.patched,
                    "unaffected": front.versions.unaffected,
                },
                "informational": a.informational,
                "categories": a.categories,
            })),
        }],
        references,
        database_specific: Some(json!({"source": "rustsec-native"})),
    })
}

fn cvss_kind(vector: &str) -> &'static str {
    if vector.starts_with("CVSS:4") { "CVSS_V4" } else { "CVSS_V3" }
}

fn toml_date(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Loads every advisory under `<checkout>/crates/`.
pub fn load(checkout: &Path) -> Result<(Vec<Record>, LoadReport), std::io::Error> {
    let mut report = LoadReport::default();
    let mut records = Vec::new();
    let crates = checkout.join("crates");
    let mut dirs: Vec<_> = std::fs::read_dir(&crates)?.filter_map(Result::ok).collect();
    dirs.sort_by_key(|e| e.file_name());
    for dir in dirs {
        if !dir.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let mut files: Vec<_> = std::fs::read_dir(dir.path())?.filter_map(Result::ok).collect();
        files.sort_by_key(|e| e.file_name());
        for f in files {
            let name = f.file_name().to_string_lossy().to_string();
            if !name.ends_with(".md") || !f.file_type().is_ok_and(|t| t.is_file()) {
                continue;
            }
            match std::fs::read_to_string(f.path()).map_err(|e| e.to_string()).and_then(|t| parse_advisory(&t)) {
                Ok(rec) => {
                    if rec.is_withdrawn() {
                        report.withdrawn += 1;
                    }
                    report.records += 1;
                    records.push(rec);
                }
                Err(why) => report.reject(format!("crates/{}/{name}", dir.file_name().to_string_lossy()), why),
            }
        }
    }
    Ok((records, report))
}

/// Whether `dir` looks like a RustSec advisory-db checkout.
pub fn is_checkout(dir: &Path) -> bool {
    dir.join("crates").is_dir() && !dir.join("crates").join("Cargo.toml").exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADVISORY: &str = r#"```toml
[advisory]
id = "RUSTSEC-2099-0001"
package = "example-crate"
date = "2099-01-02"
url = "https://example.invalid/issue/1"
categories = ["memory-corruption"]
aliases = ["CVE-2099-1234", "GHSA-aaaa-bbbb-cccc"]
cvss = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"

[versions]
patched = [">= 1.2.3, < 2.0.0", ">= 2.0.1"]
unaffected = ["< 1.0.0"]
```

# Buffer overflow in `parse`

Affected versions read past the end of the buffer.
"#;

    #[test]
    fn native_advisories_keep_their_requirements() {
        let rec = parse_advisory(ADVISORY).unwrap();
        assert_eq!(rec.id, "RUSTSEC-2099-0001");
        assert_eq!(rec.aliases, ["CVE-2099-1234", "GHSA-aaaa-bbbb-cccc"]);
        assert_eq!(rec.summary.as_deref(), Some("Buffer overflow in `parse`"));
        assert_eq!(rec.details.as_deref(), Some("Affected versions read past the end of the buffer."));
        assert_eq!(rec.severity[0].kind, "CVSS_V3");
        let db = rec.affected[0].database_specific.as_ref().unwrap();
        assert_eq!(db["rustsec"]["patched"], json!([">= 1.2.3, < 2.0.0", ">= 2.0.1"]));
        assert_eq!(db["rustsec"]["unaffected"], json!(["< 1.0.0"]));
        assert_eq!(rec.published.as_deref(), Some("2099-01-02"));
    }

    #[test]
    fn broken_front_matter_is_rejected_with_a_reason() {
        assert!(parse_advisory("# no front matter").unwrap_err().contains("front matter"));
        assert!(parse_advisory("```toml\n[advisory]\nid = \"x\"\n```\n").unwrap_err().contains("package"));
        assert!(parse_advisory("```toml\n[advisory]\n").unwrap_err().contains("unterminated"));
    }

    #[test]
    fn loads_a_checkout_and_counts_rejections() {
        let dir = tempfile::tempdir().unwrap();
        let crate_dir = dir.path().join("crates/example-crate");
        std::fs::create_dir_all(&crate_dir).unwrap();
        std::fs::write(crate_dir.join("RUSTSEC-2099-0001.md"), ADVISORY).unwrap();
        std::fs::write(crate_dir.join("RUSTSEC-2099-0002.md"), "garbage").unwrap();
        assert!(is_checkout(dir.path()));
        let (records, report) = load(dir.path()).unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!(report.rejected, 1);
    }
}
