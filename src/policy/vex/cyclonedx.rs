//! CycloneDX VEX: a CycloneDX JSON document (BOM or standalone VEX) whose
//! `vulnerabilities[]` carry an `analysis`.
//!
//! A vulnerability without `analysis.state` is a plain report, not a
//! statement, and is passed over. `affects[].ref` is a bom-ref: resolved to
//! the purl of the component that has it anywhere in the document
//! (`metadata.component` and nested `components` included); a ref that is
//! itself a purl is taken as one; BOM-Link refs (`urn:cdx:…#ref`) use their
//! fragment. `affects[].versions` narrows a statement to the listed exact
//! versions; version ranges are not evaluated (the entry is skipped with a
//! warning, so nothing is suppressed on a guess). Time: `analysis.lastUpdated`,
//! else `analysis.firstIssued`, else the vulnerability's `updated`,
//! `published`, `created`, else `metadata.timestamp`.

use std::collections::HashMap;

use crate::syntax::json::Value;

use super::{Reader, VexError, VexStatement, VexStatus};
use crate::policy::purl::PurlKey;

const STATES: &[&str] = &[
    "resolved",
    "resolved_with_pedigree",
    "exploitable",
    "in_triage",
    "false_positive",
    "not_affected",
];

const JUSTIFICATIONS: &[&str] = &[
    "code_not_present",
    "code_not_reachable",
    "requires_configuration",
    "requires_dependency",
    "requires_environment",
    "protected_by_compiler",
    "protected_at_runtime",
    "protected_at_perimeter",
    "protected_by_mitigating_control",
];

/// bom-ref → the component's `purl` value (parsed when used).
type Refs<'v, 'a> = HashMap<&'v str, &'v Value<'a>>;

pub(super) fn statements(r: &Reader<'_>, root: &Value<'_>, warnings: &mut Vec<String>) -> Result<Vec<VexStatement>, VexError> {
    let mut refs = Refs::new();
    if let Some(metadata) = root.get("metadata") {
        r.object(metadata, "`metadata`")?;
        if let Some(component) = metadata.get("component") {
            collect_refs(r, component, &mut refs)?;
        }
    }
    for component in r.opt_array(root, "components")? {
        collect_refs(r, component, &mut refs)?;
    }
    let doc_time = match root.get("metadata") {
        Some(m) => r.opt_timestamp(m, "timestamp")?,
        None => None,
    };

    let mut out = Vec::new();
    for vuln in r.opt_array(root, "vulnerabilities")? {
        r.object(vuln, "a vulnerability")?;
        let id = r.req_str(vuln, "id", "the vulnerability")?;
        let Some(analysis) = vuln.get("analysis") else { continue };
        r.object(analysis, "`analysis`")?;
        let Some(state) = r.opt_str(analysis, "state")? else { continue };
        r.one_of(analysis, "state", state, STATES)?;
        let status = match state {
            "resolved" => VexStatus::Resolved,
            "resolved_with_pedigree" => VexStatus::ResolvedWithPedigree,
            "exploitable" => VexStatus::Exploitable,
            "in_triage" => VexStatus::InTriage,
            "false_positive" => VexStatus::FalsePositive,
            _ => VexStatus::NotAffected,
        };
        let justification = r.opt_str(analysis, "justification")?;
        if let Some(j) = justification {
            r.one_of(analysis, "justification", j, JUSTIFICATIONS)?;
        }
        let detail = r.opt_str(analysis, "detail")?;
        let mut responses = Vec::new();
        for response in r.opt_array(analysis, "response")? {
            let text = response
                .as_str()
                .ok_or_else(|| r.error(response.offset, format!("a response must be a string, found {}", response.type_name())))?;
            responses.push(text);
        }

        let mut aliases = Vec::new();
        for reference in r.opt_array(vuln, "references")? {
            r.object(reference, "a reference")?;
            aliases.push(r.req_str(reference, "id", "the reference")?.to_string());
        }

        let mut timestamp = None;
        for (obj, key) in [
            (analysis, "lastUpdated"),
            (analysis, "firstIssued"),
            (vuln, "updated"),
            (vuln, "published"),
            (vuln, "created"),
        ] {
            if let Some(t) = r.opt_timestamp(obj, key)? {
                timestamp = Some(t);
                break;
            }
        }

        let mut products = Vec::new();
        for affect in r.opt_array(vuln, "affects")? {
            r.object(affect, "an `affects` entry")?;
            let reference = r.req_str(affect, "ref", "the `affects` entry")?;
            let ref_value = affect.get("ref").unwrap_or(affect);
            let Some(purl) = resolve(r, reference, ref_value, &refs)? else {
                warnings.push(r.warning(
                    ref_value.offset,
                    format_args!("{id}: `affects` ref {reference:?} names no component with a package URL; skipped"),
                ));
                continue;
            };
            let versions = r.opt_array(affect, "versions")?;
            if versions.is_empty() {
                products.push(purl);
                continue;
            }
            for entry in versions {
                r.object(entry, "a `versions` entry")?;
                if let Some(version) = r.opt_str(entry, "version")? {
                    products.push(PurlKey { version: Some(version.to_string()), ..purl.clone() });
                } else {
                    warnings.push(r.warning(
                        entry.offset,
                        format_args!("{id}: version ranges are not evaluated; this `versions` entry is skipped"),
                    ));
                }
            }
        }
        if products.is_empty() {
            warnings.push(r.warning(vuln.offset, format_args!("{id}: no affected component with a package URL; skipped")));
            continue;
        }
        out.push(VexStatement {
            vulnerability: id.to_string(),
            aliases,
            products,
            status,
            justification: justification.map(str::to_string),
            detail: detail.map(str::to_string),
            action: (!responses.is_empty()).then(|| responses.join(", ")),
            timestamp: timestamp.or(doc_time),
            line: r.line(vuln.offset),
        });
    }
    Ok(out)
}

/// Records the bom-ref → purl of a component and its nested components.
fn collect_refs<'v, 'a>(r: &Reader<'_>, component: &'v Value<'a>, refs: &mut Refs<'v, 'a>) -> Result<(), VexError> {
    r.object(component, "a component")?;
    if let (Some(bom_ref), Some(purl)) = (r.opt_str(component, "bom-ref")?, component.get("purl")) {
        refs.insert(bom_ref, purl);
    }
    for nested in r.opt_array(component, "components")? {
        collect_refs(r, nested, refs)?;
    }
    Ok(())
}

/// The purl an `affects` ref stands for.
fn resolve(r: &Reader<'_>, reference: &str, at: &Value<'_>, refs: &Refs<'_, '_>) -> Result<Option<PurlKey>, VexError> {
    // BOM-Link: urn:cdx:<serial>/<version>#<bom-ref>
    let local = match reference.strip_prefix("urn:cdx:").and_then(|rest| rest.split_once('#')) {
        Some((_, fragment)) => percent_decode(fragment),
        None => reference.to_string(),
    };
    if let Some(purl_value) = refs.get(local.as_str()) {
        let text = purl_value
            .as_str()
            .ok_or_else(|| r.error(purl_value.offset, format!("`purl` must be a string, found {}", purl_value.type_name())))?;
        return r.purl(purl_value, text).map(Some);
    }
    if local.starts_with("pkg:") {
        return r.purl(at, &local).map(Some);
    }
    Ok(None)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(byte) = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::super::{VexError, VexFormat, VexStatus, parse};

    const HEAD: &str = "{\n  \"bomFormat\": \"CycloneDX\",\n  \"specVersion\": \"1.6\",\n  \"version\": 1,\n";

    fn err(text: &str) -> (u32, String) {
        match parse(text, "bom.json") {
            Err(VexError::Invalid { line, message, .. }) => (line, message),
            other => panic!("expected an error, got {other:?}"),
        }
    }

    #[test]
    fn resolves_refs_to_component_purls() {
        let text = format!(
            "{HEAD}  \"metadata\": {{\"timestamp\": \"2025-02-01T00:00:00Z\", \"component\": {{\"bom-ref\": \"app\", \"name\": \"app\", \"type\": \"application\", \"components\": [{{\"bom-ref\": \"inner\", \"type\": \"library\", \"name\": \"i\", \"purl\": \"pkg:pypi/Inner_Lib@1.0\"}}]}}}},\n  \"components\": [{{\"bom-ref\": \"lodash-ref\", \"type\": \"library\", \"name\": \"lodash\", \"purl\": \"pkg:npm/lodash@4.17.20\"}}],\n  \"vulnerabilities\": [\n    {{\"id\": \"CVE-2021-23337\", \"references\": [{{\"id\": \"GHSA-35jh-r3h4-6jhm\", \"source\": {{\"name\": \"GitHub\"}}}}],\n     \"analysis\": {{\"state\": \"not_affected\", \"justification\": \"code_not_reachable\", \"detail\": \"template() unused\", \"response\": [\"will_not_fix\"]}},\n     \"affects\": [{{\"ref\": \"lodash-ref\"}}, {{\"ref\": \"urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#inner\"}}, {{\"ref\": \"pkg:cargo/time@0.1.45\"}}]}}\n  ]\n}}"
        );
        let d = parse(&text, "bom.json").unwrap();
        assert_eq!(d.format, VexFormat::CycloneDx);
        let s = &d.statements[0];
        assert_eq!(s.vulnerability, "CVE-2021-23337");
        assert_eq!(s.aliases, ["GHSA-35jh-r3h4-6jhm"]);
        let products: Vec<String> = s.products.iter().map(ToString::to_string).collect();
        assert_eq!(products, ["pkg:npm/lodash@4.17.20", "pkg:pypi/inner-lib@1.0", "pkg:cargo/time@0.1.45"]);
        assert_eq!(s.status, VexStatus::NotAffected);
        assert_eq!(s.reason(), "code_not_reachable: template() unused");
        assert_eq!(s.action.as_deref(), Some("will_not_fix"));
        assert_eq!(s.line, 8);
        assert!(s.timestamp.is_some(), "inherits metadata.timestamp");
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    }

    #[test]
    fn versions_narrow_and_ranges_are_skipped() {
        let text = format!(
            "{HEAD}  \"vulnerabilities\": [\n    {{\"id\": \"CVE-1\", \"analysis\": {{\"state\": \"resolved\"}},\n     \"affects\": [{{\"ref\": \"pkg:npm/x\", \"versions\": [{{\"version\": \"1.0.0\"}}, {{\"range\": \"vers:npm/>=2.0.0|<3.0.0\"}}]}}]}}\n  ]\n}}"
        );
        let d = parse(&text, "bom.json").unwrap();
        let products: Vec<String> = d.statements[0].products.iter().map(ToString::to_string).collect();
        assert_eq!(products, ["pkg:npm/x@1.0.0"]);
        assert_eq!(d.warnings.len(), 1);
        assert!(d.warnings[0].starts_with("bom.json:7: CVE-1: version ranges are not evaluated"), "{:?}", d.warnings);
    }

    #[test]
    fn vulnerabilities_without_analysis_are_not_statements() {
        let text = format!("{HEAD}  \"vulnerabilities\": [{{\"id\": \"CVE-1\", \"affects\": [{{\"ref\": \"pkg:npm/x\"}}]}}]\n}}");
        let d = parse(&text, "bom.json").unwrap();
        assert!(d.statements.is_empty());
        assert!(d.warnings[0].contains("no usable VEX statement"), "{:?}", d.warnings);
        let text = format!("{HEAD}  \"vulnerabilities\": [{{\"id\": \"CVE-1\", \"analysis\": {{\"state\": \"in_triage\"}}, \"affects\": [{{\"ref\": \"nowhere\"}}]}}]\n}}");
        let d = parse(&text, "bom.json").unwrap();
        assert!(d.warnings[0].contains("ref \"nowhere\" names no component with a package URL"), "{:?}", d.warnings);
    }

    #[test]
    fn malformed_documents_name_the_line() {
        let (line, msg) = err(&format!("{HEAD}  \"vulnerabilities\": [\n    {{\"id\": \"CVE-1\",\n     \"analysis\": {{\"state\": \"ignored\"}}}}\n  ]\n}}"));
        assert_eq!(line, 7);
        assert!(msg.contains("unknown `state` \"ignored\""), "{msg}");
        let (line, msg) = err(&format!("{HEAD}  \"vulnerabilities\": [\n    {{\"analysis\": {{\"state\": \"resolved\"}}}}\n  ]\n}}"));
        assert_eq!((line, msg.as_str()), (6, "the vulnerability has no `id`"));
        let (line, msg) = err(&format!("{HEAD}  \"vulnerabilities\": [\n    {{\"id\": \"CVE-1\", \"analysis\": {{\"state\": \"not_affected\",\n      \"justification\": \"because\"}}}}\n  ]\n}}"));
        assert_eq!(line, 7);
        assert!(msg.contains("unknown `justification`"), "{msg}");
        let (line, msg) = err(&format!("{HEAD}  \"vulnerabilities\": {{}}\n}}"));
        assert_eq!((line, msg.as_str()), (5, "`vulnerabilities` must be an array, found object"));
        let (line, _) = err(&format!("{HEAD}  \"components\": [{{\"bom-ref\": \"a\", \"purl\": \"not-a-purl\"}}],\n  \"vulnerabilities\": [{{\"id\": \"CVE-1\", \"analysis\": {{\"state\": \"resolved\"}}, \"affects\": [{{\"ref\": \"a\"}}]}}]\n}}"));
        assert_eq!(line, 5, "the bad purl's line");
    }
}
