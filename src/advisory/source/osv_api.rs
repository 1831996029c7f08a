//! Online mode: ask the OSV API which records affect the packages
//! (`POST /v1/querybatch`, at most 1,000 queries per call, following
//! `next_page_token`s), then fetch each record once (`GET /v1/vulns/{id}`).
//! The records are then matched locally like any other source, so online and
//! offline scans explain their findings the same way.

use std::collections::BTreeSet;

use serde::Deserialize;
use serde_json::json;

use super::LoadReport;
use crate::advisory::osv::Record;
use crate::net::http::{Client, HttpError};

/// OSV's production API; overridable (tests, mirrors) with `CI_SEC_OSV_API`.
pub const DEFAULT_BASE: &str = "https://api.osv.dev";
/// The API's limit on queries per batch.
pub const BATCH: usize = 1000;

#[derive(Deserialize)]
struct BatchResponse {
    #[serde(default)]
    results: Vec<BatchResult>,
}

#[derive(Deserialize, Default)]
struct BatchResult {
    #[serde(default)]
    vulns: Vec<VulnRef>,
    #[serde(default)]
    next_page_token: Option<String>,
}

#[derive(Deserialize)]
struct VulnRef {
    id: String,
}

/// One package version to ask about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Query {
    pub ecosystem: String,
    pub name: String,
    pub version: String,
}

pub fn base_url() -> String {
    std::env::var("CI_SEC_OSV_API").unwrap_or_else(|_| DEFAULT_BASE.to_string())
}

/// Records affecting any of `queries`, fetched from the OSV API at `base`.
pub fn fetch(client: &Client, base: &str, queries: &[Query]) -> Result<(Vec<Record>, LoadReport), HttpError> {
    let base = base.trim_end_matches('/');
    let unique: BTreeSet<&Query> = queries.iter().collect();
    let unique: Vec<&Query> = unique.into_iter().collect();
    let mut ids = BTreeSet::new();
    for chunk in unique.chunks(BATCH) {
        // Each query may page; re-ask only the ones that returned a token.
        let mut pending: Vec<(&Query, Option<String>)> = chunk.iter().map(|q| (*q, None)).collect();
        let mut rounds = 0;
        while !pending.is_empty() && rounds < 100 {
            rounds += 1;
            let body = json!({
                "queries": pending.iter().map(|(q, token)| {
                    let mut v = json!({"package": {"ecosystem": q.ecosystem, "name": q.name}, "version": q.version});
                    if let Some(t) = token {
                        v["page_token"] = t.clone().into();
                    }
                    v
                }).collect::<Vec<_>>()
            });
            let url = format!("{base}/v1/querybatch");
            let bytes = client.post_json(&url, &body)?;
            let resp: BatchResponse = serde_json::from_slice(&bytes)
                .map_err(|e| HttpError::Other { url: url.clone(), message: format!("unexpected response: {e}") })?;
            let mut next = Vec::new();
            for ((q, _), result) in pending.iter().zip(resp.results.into_iter().chain(std::iter::repeat_with(BatchResult::default))) {
                ids.extend(result.vulns.into_iter().map(|v| v.id));
                if let Some(token) = result.next_page_token.filter(|t| !t.is_empty()) {
                    next.push((*q, Some(token)));
                }
            }
            pending = next;
        }
    }
    let mut report = LoadReport::default();
    let mut records = Vec::with_capacity(ids.len());
    for id in ids {
        let url = format!("{base}/v1/vulns/{id}");
        let bytes = client.get(&url, &mut |_, _| {})?;
        match Record::from_json(&bytes) {
            Ok(rec) => {
                report.records += 1;
                records.push(rec);
            }
            Err(e) => report.reject(id, e.to_string()),
        }
    }
    Ok((records, report))
}
