//! OpenVEX (https://openvex.dev/ns): `statements[]`, each with a
//! `vulnerability`, `products[]` (with optional `subcomponents`), a `status`
//! and, for `not_affected`, a `justification` or `impact_statement`.
//!
//! The v0.2.0 shapes are read, and the v0.0.x ones (`vulnerability` and
//! products as plain strings, statement-level `subcomponents`) too.
//! A statement's time is its `last_updated`, else its `timestamp`, else the
//! document's.

use crate::syntax::json::Value;

use super::{Reader, VexError, VexStatement, VexStatus};
use crate::policy::purl::PurlKey;

const STATUSES: &[&str] = &["not_affected", "affected", "fixed", "under_investigation"];

const JUSTIFICATIONS: &[&str] = &[
    "component_not_present",
    "vulnerable_code_not_present",
    "vulnerable_code_not_in_execute_path",
    "vulnerable_code_cannot_be_controlled_by_adversary",
    "inline_mitigations_already_exist",
];

pub(super) fn statements(r: &Reader<'_>, root: &Value<'_>, warnings: &mut Vec<String>) -> Result<Vec<VexStatement>, VexError> {
    let doc_time = match r.opt_timestamp(root, "last_updated")? {
        Some(t) => Some(t),
        None => r.opt_timestamp(root, "timestamp")?,
    };
    let list = match root.get("statements") {
        None => return Err(r.error(root.offset, "an OpenVEX document needs a `statements` array")),
        Some(v) => v
            .as_array()
            .ok_or_else(|| r.error(v.offset, format!("`statements` must be an array, found {}", v.type_name())))?,
    };
    let mut out = Vec::with_capacity(list.len());
    for st in list {
        r.object(st, "a statement")?;
        let (vulnerability, aliases) = vulnerability(r, st)?;

        let status_text = r.req_str(st, "status", "the statement")?;
        r.one_of(st, "status", status_text, STATUSES)?;
        let status = match status_text {
            "not_affected" => VexStatus::NotAffected,
            "affected" => VexStatus::Affected,
            "fixed" => VexStatus::Fixed,
            _ => VexStatus::UnderInvestigation,
        };
        let justification = r.opt_str(st, "justification")?;
        if let Some(j) = justification {
            r.one_of(st, "justification", j, JUSTIFICATIONS)?;
        }
        let impact = r.opt_str(st, "impact_statement")?;
        if status == VexStatus::NotAffected && justification.is_none() && impact.is_none_or(|s| s.trim().is_empty()) {
            return Err(r.error(
                st.offset,
                format!("statement for {vulnerability} says not_affected without a `justification` or `impact_statement`"),
            ));
        }
        let action = r.opt_str(st, "action_statement")?;

        let mut products = Vec::new();
        for product in r.opt_array(st, "products")? {
            product_purls(r, product, &mut products)?;
            if product.as_object().is_some() {
                for sub in r.opt_array(product, "subcomponents")? {
                    product_purls(r, sub, &mut products)?;
                }
            }
        }
        // v0.0.x kept subcomponents on the statement.
        for sub in r.opt_array(st, "subcomponents")? {
            product_purls(r, sub, &mut products)?;
        }

        let timestamp = match r.opt_timestamp(st, "last_updated")? {
            Some(t) => Some(t),
            None => r.opt_timestamp(st, "timestamp")?.or(doc_time),
        };
        if products.is_empty() {
            warnings.push(r.warning(
                st.offset,
                format_args!("statement for {vulnerability} names no product by package URL; skipped"),
            ));
            continue;
        }
        out.push(VexStatement {
            vulnerability,
            aliases,
            products,
            status,
            justification: justification.map(str::to_string),
            detail: impact.map(str::to_string),
            action: action.map(str::to_string),
            timestamp,
            line: r.line(st.offset),
        });
    }
    Ok(out)
}

/// `vulnerability`: `{"name", "@id", "aliases"}` (v0.2.0) or a string (v0.0.x).
fn vulnerability(r: &Reader<'_>, st: &Value<'_>) -> Result<(String, Vec<String>), VexError> {
    let v = st
        .get("vulnerability")
        .ok_or_else(|| r.error(st.offset, "the statement has no `vulnerability`"))?;
    if let Some(name) = v.as_str() {
        return Ok((name.to_string(), Vec::new()));
    }
    r.object(v, "`vulnerability`")?;
    let name = r.opt_str(v, "name")?;
    let id = r.opt_str(v, "@id")?;
    let mut aliases = Vec::new();
    for alias in r.opt_array(v, "aliases")? {
        let a = alias
            .as_str()
            .ok_or_else(|| r.error(alias.offset, format!("an alias must be a string, found {}", alias.type_name())))?;
        aliases.push(a.to_string());
    }
    let primary = match (name, id) {
        (Some(name), Some(id)) => {
            aliases.push(id.to_string());
            name
        }
        (Some(name), None) => name,
        (None, Some(id)) => id,
        (None, None) => return Err(r.error(v.offset, "`vulnerability` has neither `name` nor `@id`")),
    };
    if primary.trim().is_empty() {
        return Err(r.error(v.offset, "`vulnerability` has an empty name"));
    }
    Ok((primary.to_string(), aliases))
}

/// The purls naming a product or subcomponent: its `@id` when that is a
/// purl, and `identifiers.purl`. A string product is an `@id`.
fn product_purls(r: &Reader<'_>, product: &Value<'_>, out: &mut Vec<PurlKey>) -> Result<(), VexError> {
    if let Some(id) = product.as_str() {
        if id.starts_with("pkg:") {
            out.push(r.purl(product, id)?);
        }
        return Ok(());
    }
    r.object(product, "a product")?;
    if let Some(id) = r.opt_str(product, "@id")?
        && id.starts_with("pkg:")
    {
        let at = product.get("@id").unwrap_or(product);
        out.push(r.purl(at, id)?);
    }
    if let Some(identifiers) = product.get("identifiers") {
        r.object(identifiers, "`identifiers`")?;
        if let Some(purl) = r.opt_str(identifiers, "purl")? {
            let at = identifiers.get("purl").unwrap_or(identifiers);
            out.push(r.purl(at, purl)?);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{VexError, VexStatus, parse};
    use crate::model::date::Timestamp;

    fn doc(statements: &str) -> String {
        format!(
            "{{\n  \"@context\": \"https://openvex.dev/ns/v0.2.0\",\n  \"@id\": \"https://example.com/vex/1\",\n  \"author\": \"t\",\n  \"timestamp\": \"2025-01-01T00:00:00Z\",\n  \"version\": 1,\n  \"statements\": [\n{statements}\n  ]\n}}"
        )
    }

    fn err_line(text: &str) -> (u32, String) {
        match parse(text, "v.json") {
            Err(VexError::Invalid { line, message, .. }) => (line, message),
            other => panic!("expected an error, got {other:?}"),
        }
    }

    #[test]
    fn reads_v020_statements() {
        let text = doc(r#"    {
      "vulnerability": {"@id": "https://nvd.nist.gov/vuln/detail/CVE-2024-1", "name": "CVE-2024-1", "aliases": ["GHSA-aaaa-bbbb-cccc"]},
      "products": [
        {"@id": "pkg:oci/app@sha256%3Aabc", "subcomponents": [{"@id": "pkg:npm/lodash@4.17.20"}, {"identifiers": {"purl": "pkg:npm/minimist"}}]}
      ],
      "status": "not_affected",
      "justification": "vulnerable_code_not_in_execute_path",
      "impact_statement": "template() is never called",
      "last_updated": "2025-03-01T10:00:00+01:00"
    }"#);
        let d = parse(&text, "v.json").unwrap();
        let s = &d.statements[0];
        assert_eq!(s.vulnerability, "CVE-2024-1");
        assert_eq!(s.aliases, ["GHSA-aaaa-bbbb-cccc", "https://nvd.nist.gov/vuln/detail/CVE-2024-1"]);
        assert_eq!(s.products.len(), 3);
        assert_eq!(s.products[1].to_string(), "pkg:npm/lodash@4.17.20");
        assert_eq!(s.status, VexStatus::NotAffected);
        assert_eq!(s.reason(), "vulnerable_code_not_in_execute_path: template() is never called");
        assert_eq!(s.timestamp, Some(Timestamp::parse("2025-03-01T09:00:00Z").unwrap()));
        assert_eq!(s.line, 8);
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn reads_v001_shapes_and_inherits_the_document_time() {
        let text = doc(r#"    {"vulnerability": "CVE-2024-2", "products": ["pkg:cargo/time@0.1.45"], "subcomponents": ["pkg:cargo/chrono"], "status": "fixed"}"#);
        let d = parse(&text, "v.json").unwrap();
        let s = &d.statements[0];
        assert_eq!(s.vulnerability, "CVE-2024-2");
        assert_eq!(s.products.len(), 2);
        assert_eq!(s.timestamp, Some(Timestamp::parse("2025-01-01T00:00:00Z").unwrap()));
        assert_eq!(s.reason(), "fixed according to the VEX statement");
    }

    #[test]
    fn statements_without_purl_products_are_skipped_with_a_warning() {
        let text = doc(r#"    {"vulnerability": {"name": "CVE-1"}, "products": [{"@id": "https://example.com/product"}], "status": "affected"}"#);
        let d = parse(&text, "v.json").unwrap();
        assert!(d.statements.is_empty());
        assert!(d.warnings[0].starts_with("v.json:8: statement for CVE-1 names no product"), "{:?}", d.warnings);
    }

    #[test]
    fn malformed_statements_name_their_line() {
        let (line, msg) = err_line(&doc("    {\"vulnerability\": {\"name\": \"CVE-1\"},\n     \"products\": [\"pkg:npm/x\"],\n     \"status\": \"wontfix\"}"));
        assert_eq!(line, 10, "{msg}");
        assert!(msg.contains("unknown `status` \"wontfix\""), "{msg}");

        let (line, msg) = err_line(&doc("    {\"vulnerability\": {\"name\": \"CVE-1\"},\n     \"products\": [\"pkg:npm/x\"],\n     \"status\": \"not_affected\",\n     \"justification\": \"no_reason\"}"));
        assert_eq!((line, msg.contains("unknown `justification`")), (11, true), "{msg}");

        let (line, msg) = err_line(&doc("    {\"vulnerability\": {\"name\": \"CVE-1\"},\n     \"products\": [\"pkg:npm/x\"],\n     \"status\": \"not_affected\"}"));
        assert_eq!(line, 8);
        assert!(msg.contains("without a `justification` or `impact_statement`"), "{msg}");

        let (line, msg) = err_line(&doc("    {\"products\": [\"pkg:npm/x\"], \"status\": \"fixed\"}"));
        assert_eq!((line, msg.as_str()), (8, "the statement has no `vulnerability`"));

        let (line, msg) = err_line(&doc("    {\"vulnerability\": \"CVE-1\",\n     \"products\": [{\"identifiers\": {\"purl\": \"npm/x\"}}], \"status\": \"fixed\"}"));
        assert_eq!(line, 9);
        assert!(msg.contains("invalid package URL"), "{msg}");

        let (line, msg) = err_line(&doc("    {\"vulnerability\": \"CVE-1\", \"products\": [\"pkg:npm/x\"], \"status\": \"fixed\",\n     \"timestamp\": \"last tuesday\"}"));
        assert_eq!(line, 9);
        assert!(msg.contains("invalid timestamp"), "{msg}");

        let (line, msg) = err_line("{\n  \"@context\": \"https://openvex.dev/ns/v0.2.0\",\n  \"statements\": {}\n}");
        assert_eq!((line, msg.as_str()), (3, "`statements` must be an array, found object"));
    }
}
