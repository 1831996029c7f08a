//! Network access, kept in one place: an HTTP client (rustls, system trust
//! store) with retries, backoff and a clear message when offline. Nothing
//! else in ci-sec opens a connection, and no test reaches beyond loopback.

pub mod http;
