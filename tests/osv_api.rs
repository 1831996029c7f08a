//! Online mode against a loopback server that checks the OSV API calls.

mod common;

use std::time::Duration;

use ci_sec::advisory::source::osv_api::{fetch, Query};
use ci_sec::net::http::{Client, ClientOptions};
use common::http::serve;

#[test]
fn querybatch_then_one_get_per_record() {
    let batch = br#"{"results":[{"vulns":[{"id":"GHSA-aaaa","modified":"2024-01-01T00:00:00Z"}]},{}]}"#.to_vec();
    let record = br#"{"id":"GHSA-aaaa","aliases":["CVE-2024-1"],"affected":[{"package":{"ecosystem":"npm","name":"left-pad"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.3.0"}]}]}]}"#.to_vec();
    let server = serve(vec![(200, batch), (200, record)]);
    let client = Client::new(ClientOptions { attempts: 1, backoff: Duration::from_millis(1), ..ClientOptions::default() }).unwrap();
    let queries = vec![
        Query { ecosystem: "npm".into(), name: "left-pad".into(), version: "1.1.0".into() },
        Query { ecosystem: "PyPI".into(), name: "requests".into(), version: "2.25.1".into() },
        // A duplicate is asked once.
        Query { ecosystem: "npm".into(), name: "left-pad".into(), version: "1.1.0".into() },
    ];
    let (records, report) = fetch(&client, &server.url, &queries).unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].id, "GHSA-aaaa");
    assert_eq!(report.rejected, 0);

    let reqs = server.requests.lock().unwrap();
    assert_eq!(reqs.len(), 2);
    assert_eq!((reqs[0].method.as_str(), reqs[0].path.as_str()), ("POST", "/v1/querybatch"));
    let body: serde_json::Value = serde_json::from_slice(&reqs[0].body).unwrap();
    let queries = body["queries"].as_array().unwrap();
    assert_eq!(queries.len(), 2, "duplicates removed");
    for q in queries {
        assert!(q["package"]["ecosystem"].is_string() && q["package"]["name"].is_string() && q["version"].is_string(), "{q}");
    }
    assert_eq!((reqs[1].method.as_str(), reqs[1].path.as_str()), ("GET", "/v1/vulns/GHSA-aaaa"));
}
