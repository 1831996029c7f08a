//! A small blocking HTTP client over `reqwest` + rustls (ring provider):
//! GET/POST with retries and exponential backoff on transient failures
//! (connection errors, timeouts, 429 and 5xx), a size cap, a progress
//! callback, and errors that say whether we are simply offline.

use std::io::Read;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("cannot reach {url}: {message} (offline? `ci-sec db import` loads advisories without network)")]
    Offline { url: String, message: String },
    #[error("{url}: HTTP {status}")]
    Status { url: String, status: u16 },
    #[error("{url}: {message}")]
    Other { url: String, message: String },
    #[error("{url}: response larger than the {limit}-byte limit")]
    TooLarge { url: String, limit: u64 },
}

impl HttpError {
    fn transient(&self) -> bool {
        match self {
            HttpError::Offline { .. } => true,
            HttpError::Status { status, .. } => *status == 429 || *status >= 500,
            HttpError::Other { .. } => true,
            HttpError::TooLarge { .. } => false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ClientOptions {
    pub attempts: u32,
    /// Delay before the second attempt; doubled each time.
    pub backoff: Duration,
    pub timeout: Duration,
    pub max_bytes: u64,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            attempts: 4,
            backoff: Duration::from_millis(500),
            timeout: Duration::from_secs(300),
            max_bytes: 4 * 1024 * 1024 * 1024,
        }
    }
}

pub struct Client {
    inner: reqwest::blocking::Client,
    opts: ClientOptions,
}

/// Called with `(bytes so far, total if known)` while a body downloads.
pub type Progress<'a> = &'a mut dyn FnMut(u64, Option<u64>);

impl Client {
    pub fn new(opts: ClientOptions) -> Result<Self, HttpError> {
        // One process-wide crypto provider; installing twice is harmless.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let inner = reqwest::blocking::Client::builder()
            .user_agent(concat!("ci-sec/", env!("CARGO_PKG_VERSION")))
            .timeout(opts.timeout)
            .connect_timeout(Duration::from_secs(20))
            .build()
            .map_err(|e| HttpError::Other { url: String::new(), message: e.to_string() })?;
        Ok(Client { inner, opts })
    }

    /// GET `url`, retrying transient failures.
    pub fn get(&self, url: &str, progress: Progress) -> Result<Vec<u8>, HttpError> {
        self.with_retries(url, |c| c.inner.get(url), progress)
    }

    /// POST a JSON body to `url`, retrying transient failures.
    pub fn post_json(&self, url: &str, body: &serde_json::Value) -> Result<Vec<u8>, HttpError> {
        let bytes = serde_json::to_vec(body).map_err(|e| HttpError::Other { url: url.into(), message: e.to_string() })?;
        self.with_retries(
            url,
            |c| c.inner.post(url).header("content-type", "application/json").body(bytes.clone()),
            &mut |_, _| {},
        )
    }

    fn with_retries(
        &self,
        url: &str,
        request: impl Fn(&Client) -> reqwest::blocking::RequestBuilder,
        progress: Progress,
    ) -> Result<Vec<u8>, HttpError> {
        let mut delay = self.opts.backoff;
        let mut attempt = 1;
        loop {
            match self.once(url, request(self), progress) {
                Ok(body) => return Ok(body),
                Err(e) if e.transient() && attempt < self.opts.attempts => {
                    std::thread::sleep(delay);
                    delay *= 2;
                    attempt += 1;
                }
                Err(e) => return Err(e),
            }
        }
    }

    fn once(&self, url: &str, request: reqwest::blocking::RequestBuilder, progress: Progress) -> Result<Vec<u8>, HttpError> {
        let mut resp = request.send().map_err(|e| classify(url, e))?;
        let status = resp.status().as_u16();
        if !(200..300).contains(&status) {
            return Err(HttpError::Status { url: url.into(), status });
        }
        let total = resp.content_length();
        if total.is_some_and(|t| t > self.opts.max_bytes) {
            return Err(HttpError::TooLarge { url: url.into(), limit: self.opts.max_bytes });
        }
        let mut body = Vec::with_capacity(total.unwrap_or(0).min(64 << 20) as usize);
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            let n = resp.read(&mut chunk).map_err(|e| HttpError::Other { url: url.into(), message: e.to_string() })?;
            if n == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..n]);
            if body.len() as u64 > self.opts.max_bytes {
                return Err(HttpError::TooLarge { url: url.into(), limit: self.opts.max_bytes });
            }
            progress(body.len() as u64, total);
        }
        if let Some(t) = total
            && body.len() as u64 != t
        {
            return Err(HttpError::Other {
                url: url.into(),
                message: format!("truncated download: {} of {t} bytes", body.len()),
            });
        }
        Ok(body)
    }
}

fn classify(url: &str, e: reqwest::Error) -> HttpError {
    if e.is_connect() || e.is_timeout() {
        HttpError::Offline { url: url.into(), message: root_cause(&e) }
    } else {
        HttpError::Other { url: url.into(), message: root_cause(&e) }
    }
}

fn root_cause(e: &dyn std::error::Error) -> String {
    let mut msg = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        msg = format!("{msg}: {s}");
        source = s.source();
    }
    msg
}
