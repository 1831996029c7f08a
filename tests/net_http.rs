//! The HTTP client against a loopback server: retries, status errors and
//! the offline message.

mod common;

use std::time::Duration;

use ci_sec::net::http::{Client, ClientOptions, HttpError};
use common::http::serve;

fn client() -> Client {
    Client::new(ClientOptions { attempts: 3, backoff: Duration::from_millis(10), ..ClientOptions::default() }).unwrap()
}

#[test]
fn transient_failures_are_retried_then_succeed() {
    let server = serve(vec![(503, b"busy".to_vec()), (200, b"payload".to_vec())]);
    let mut seen = 0;
    let body = client().get(&format!("{}/all.zip", server.url), &mut |n, _| seen = n).unwrap();
    assert_eq!(body, b"payload");
    assert_eq!(seen, 7, "progress reports bytes");
    let reqs = server.requests.lock().unwrap();
    assert_eq!(reqs.len(), 2);
    assert!(reqs.iter().all(|r| r.method == "GET" && r.path == "/all.zip"));
}

#[test]
fn client_errors_are_not_retried() {
    let server = serve(vec![(404, b"no".to_vec()), (200, b"late".to_vec())]);
    let err = client().get(&format!("{}/x", server.url), &mut |_, _| {}).unwrap_err();
    assert!(matches!(err, HttpError::Status { status: 404, .. }), "{err}");
    assert_eq!(server.requests.lock().unwrap().len(), 1);
}

#[test]
fn unreachable_hosts_say_offline() {
    // A port nothing listens on (bound, then released).
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let err = client().get(&format!("http://127.0.0.1:{port}/"), &mut |_, _| {}).unwrap_err();
    assert!(err.to_string().contains("offline?"), "{err}");
}

#[test]
fn json_posts_carry_their_body() {
    let server = serve(vec![(200, b"{}".to_vec())]);
    client().post_json(&format!("{}/v1/querybatch", server.url), &serde_json::json!({"queries": []})).unwrap();
    let reqs = server.requests.lock().unwrap();
    assert_eq!(reqs[0].method, "POST");
    assert_eq!(reqs[0].body, br#"{"queries":[]}"#);
    assert!(reqs[0].headers.iter().any(|(k, v)| k == "content-type" && v == "application/json"));
}
