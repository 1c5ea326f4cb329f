//! The only JS values Rust touches: a [`Host`] per client, made by the package's own JS layer
//! (`pkg-template/core.mjs`), never by a caller.
//!
//! The host does every piece of I/O: it calls the caller's `fetch`, token providers and clock,
//! reads the `Response`, and hands Rust plain strings and numbers. Its promises never reject and
//! no caller code runs while wasm is on the stack (the host defers `fetch` and token calls to a
//! microtask). So a throwing getter, a cyclic `Error` or a hostile `Response` is handled in JS,
//! and this audited set of imports is the whole JS surface of the Rust code.

use partner_ordering_json::Deserialize;
use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use partner_ordering::client::TokenSource;
use partner_ordering::error::Error;
use partner_ordering::http::{Headers, HttpRequest, HttpResponse};
use partner_ordering::secret::Secret;
use partner_ordering::time::Millis;
use partner_ordering::token::AccessToken;
use partner_ordering::transport::{LocalFuture, Runtime, Transport, TransportError};

#[wasm_bindgen]
extern "C" {
    /// I/O, clock and randomness for one client (see the module docs).
    #[derive(Clone)]
    pub type Host;

    /// Starts one request; `headers` is a JSON array of `[name, value]` pairs, `attempt` its
    /// number within the call (1 for the first send, 0 for a token request; for logs). The
    /// pending promise resolves to a [`Reply`].
    #[wasm_bindgen(method, catch)]
    fn send(
        this: &Host,
        method: &str,
        url: &str,
        headers: &str,
        body: Option<String>,
        attempt: u32,
    ) -> Result<Pending, JsValue>;

    /// Calls the caller's token provider registered at `path` (e.g. `tokenProvider`); the
    /// pending promise resolves to JSON `{"accessToken":…,"expiresIn":…}` or `{"error":…}`.
    #[wasm_bindgen(method, catch)]
    fn token(this: &Host, path: &str) -> Result<Pending, JsValue>;

    /// A timer; its promise resolves after `ms` milliseconds.
    #[wasm_bindgen(method, catch)]
    fn timer(this: &Host, ms: f64) -> Result<Pending, JsValue>;

    /// Epoch milliseconds from the caller's `now` or `Date.now()`, always a finite number.
    #[wasm_bindgen(method)]
    fn now(this: &Host) -> f64;

    /// `Math.random()`.
    #[wasm_bindgen(method)]
    fn random(this: &Host) -> f64;

    /// `crypto.randomUUID()` or a fallback; always a string.
    #[wasm_bindgen(method)]
    fn uuid(this: &Host) -> String;

    /// True in a web page (a `window` and a `document`), where secrets are visible to every script.
    #[wasm_bindgen(method, getter, js_name = browserPage)]
    pub fn browser_page(this: &Host) -> bool;

    /// A JS operation in flight: a promise that never rejects, and `cancel()`.
    #[derive(Clone)]
    pub type Pending;

    /// For a call's stop: the final response of the call (status and JSON `[name, value]`
    /// pairs), kept for `withResponse()`.
    #[wasm_bindgen(method, js_name = response)]
    fn response(this: &Pending, status: u16, headers: &str);

    /// The promise.
    #[wasm_bindgen(method, getter)]
    fn promise(this: &Pending) -> Promise;

    /// Cancels the operation (aborts the fetch, clears the timer). Idempotent.
    #[wasm_bindgen(method)]
    fn cancel(this: &Pending);

    /// A response as the host read it, or a transport failure (`status` 0, `body` the message).
    type Reply;

    #[wasm_bindgen(method, getter)]
    fn status(this: &Reply) -> f64;

    /// JSON array of `[name, value]` pairs.
    #[wasm_bindgen(method, getter)]
    fn headers(this: &Reply) -> String;

    #[wasm_bindgen(method, getter)]
    fn body(this: &Reply) -> String;

    /// For a failure: the host's reference to the thrown object (for the error's `cause`).
    #[wasm_bindgen(method, getter)]
    fn cause(this: &Reply) -> Option<u32>;
}

/// Gives a call's final response to its stop (see [`Pending`]).
pub fn record_response(stop: &Pending, r: &partner_ordering::call::ResponseMeta) {
    stop.response(r.status, &headers_json(&r.headers));
}

/// Cancels a [`Pending`] when the future awaiting it is dropped first (timeout, abort, a race
/// lost), so the fetch is aborted and the timer cleared.
struct CancelOnDrop(Option<Pending>);

impl CancelOnDrop {
    /// The operation finished: nothing to cancel.
    fn disarm(&mut self) {
        self.0 = None;
    }
}

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            p.cancel();
        }
    }
}

/// Awaits a pending operation. `Err` only if the host broke its promise never to reject.
///
/// The guard is armed when the future is made, not when it is first polled: a timer raced
/// against a response that is already there is dropped unpolled, and must still be cleared (a
/// live timer keeps Node or a Worker busy for up to a minute).
fn settle(pending: Pending) -> impl std::future::Future<Output = Result<JsValue, String>> {
    let promise = pending.promise();
    let mut guard = CancelOnDrop(Some(pending));
    async move {
        let out = JsFuture::from(promise).await;
        guard.disarm();
        out.map_err(|e| e.as_string().unwrap_or_else(|| "the host failed".into()))
    }
}

fn headers_json(h: &Headers) -> String {
    let pairs: Vec<(&str, &str)> = h.iter().collect();
    partner_ordering::json::to_string(&pairs).unwrap_or_else(|_| "[]".into())
}

/// Requests through the host.
pub struct HostTransport(pub Host);

impl Transport for HostTransport {
    fn send(&self, req: HttpRequest) -> LocalFuture<Result<HttpResponse, TransportError>> {
        let attempt = partner_ordering::call::with(|c| c.attempts).unwrap_or(0);
        let started = self.0.send(
            req.method.as_str(),
            &req.url,
            &headers_json(&req.headers),
            req.body,
            attempt,
        );
        Box::pin(async move {
            let fail = |message: String| TransportError {
                message,
                cause: None,
            };
            let pending =
                started.map_err(|_| fail("the host could not start the request".into()))?;
            let reply: Reply = settle(pending).await.map_err(fail)?.unchecked_into();
            let status = reply.status();
            if !(100.0..=999.0).contains(&status) {
                return Err(TransportError {
                    message: reply.body(),
                    cause: reply.cause(),
                });
            }
            let pairs: Vec<(String, String)> =
                partner_ordering::json::from_str(&reply.headers()).unwrap_or_default();
            let mut headers = Headers::new();
            for (n, v) in pairs {
                headers.append(&n, v);
            }
            Ok(HttpResponse {
                status: status as u16,
                headers,
                body: reply.body().into_bytes(),
            })
        })
    }
}

/// The host's clock and timers.
pub struct HostRuntime(pub Host);

impl Runtime for HostRuntime {
    fn now_ms(&self) -> Millis {
        let n = self.0.now();
        if n.is_finite() {
            n as Millis
        } else {
            0
        }
    }

    fn sleep(&self, ms: u64) -> LocalFuture<()> {
        match self.0.timer(ms as f64) {
            Ok(p) => {
                let wait = settle(p);
                Box::pin(async move {
                    let _ = wait.await;
                })
            }
            // Never firing is safer than firing at once, which would time out every request.
            Err(_) => Box::pin(std::future::pending()),
        }
    }

    fn jitter(&self) -> f64 {
        self.0.random().clamp(0.0, 1.0)
    }

    fn uuid(&self) -> String {
        self.0.uuid()
    }
}

/// What the host's token call resolves to.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TokenReply {
    #[serde(default)]
    access_token: Option<String>,
    #[serde(default)]
    expires_in: Option<f64>,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    cause: Option<u32>,
}

/// A caller's token provider, called by the host.
pub struct HostTokenSource {
    /// The host.
    pub host: Host,
    /// Where the provider sits in the client options (`tokenProvider`, `seller.tokenProvider`).
    pub path: &'static str,
}

impl TokenSource for HostTokenSource {
    fn fetch(&self) -> LocalFuture<Result<AccessToken, Error>> {
        let started = self.host.token(self.path);
        let path = self.path;
        Box::pin(async move {
            let fail = |m: String| Error::TokenUnavailable {
                message: format!("`{path}` failed: {m}"),
            };
            let pending = started.map_err(|_| fail("the host could not call it".into()))?;
            let text = settle(pending)
                .await
                .map_err(fail)?
                .as_string()
                .unwrap_or_default();
            let reply: TokenReply = partner_ordering::json::from_str(&text)
                .map_err(|_| fail("it returned something unreadable".into()))?;
            if let Some(e) = reply.error {
                if reply.cause.is_some() {
                    partner_ordering::call::with(|c| c.cause = reply.cause);
                }
                return Err(fail(e));
            }
            let token = reply
                .access_token
                .filter(|t| !t.trim().is_empty())
                .ok_or_else(|| {
                    fail("expected a string or { accessToken: string, expiresIn?: number }".into())
                })?;
            Ok(AccessToken {
                token: Secret::new(token),
                expires_in_s: reply
                    .expires_in
                    .filter(|e| e.is_finite() && *e > 0.0)
                    .map(|e| e as u64),
            })
        })
    }
}

/// A token source for the provider at `path`.
pub fn token_source(host: &Host, path: &'static str) -> Rc<dyn TokenSource> {
    Rc::new(HostTokenSource {
        host: host.clone(),
        path,
    })
}

/// Why the JS layer stopped a call: the caller's signal, or the call's deadline.
pub async fn stopped(stop: Option<Pending>) -> Error {
    let Some(p) = stop else {
        return std::future::pending().await;
    };
    let reason = settle(p)
        .await
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    match reason.strip_prefix("timeout:") {
        Some(ms) => Error::Timeout {
            after_ms: ms.parse().unwrap_or(0),
        },
        None => Error::Aborted,
    }
}
