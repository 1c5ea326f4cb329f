//! Options shared by every client and every call: transport, timeouts, retries, cancellation.
//!
//! Options arrive as JSON text. Values only JS can hold (`fetch`, `now`, token providers, an
//! `AbortSignal`) stay in the JS layer, which puts `true` in their place ([`JsOnly`]).

use std::future::Future;
use std::rc::Rc;

use futures::future::{select, Either};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tsify::Tsify;
use wasm_bindgen::JsValue;

use super::convert::{config_from_json, from_json_or_default, to_json, JsOnly};
use super::error::Failure;
use super::host::{stopped, Host, HostRuntime, HostTransport, Pending};
use partner_ordering::client::HttpClient;
use partner_ordering::error::{Api, Error};
use partner_ordering::retry::RetryPolicy;
use partner_ordering::validate::{Issues, ValidationReport};

/// Per-call options.
#[derive(Tsify, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct RequestOptions {
    /// Cancels the call; it then rejects with an `ABORTED` error.
    #[serde(default)]
    #[tsify(optional, type = "AbortSignal")]
    pub signal: Option<JsOnly>,
    /// Deadline for the whole call, retries included, in milliseconds.
    #[serde(default)]
    #[tsify(optional)]
    pub timeout_ms: Option<u32>,
    /// For orders on an existing subscription: fetch it first and check the order against it
    /// (overrides the client's `precheck`).
    #[serde(default)]
    #[tsify(optional)]
    pub precheck: Option<bool>,
}

/// Options of `waitForOrder`.
#[derive(Tsify, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct WaitOptions {
    /// Cancels the wait; it then rejects with an `ABORTED` error.
    #[serde(default)]
    #[tsify(optional, type = "AbortSignal")]
    // Held and watched by the JS layer; declared for the .d.ts and type checks.
    pub signal: Option<JsOnly>,
    /// First delay between polls in milliseconds (default 1000); grows by half up to `maxIntervalMs`.
    #[serde(default)]
    #[tsify(optional)]
    pub interval_ms: Option<u32>,
    /// Largest delay between polls (default 15000).
    #[serde(default)]
    #[tsify(optional)]
    pub max_interval_ms: Option<u32>,
    /// Give up after this many milliseconds (default 600000); rejects with `TIMEOUT`.
    #[serde(default)]
    #[tsify(optional)]
    pub timeout_ms: Option<u32>,
}

impl WaitOptions {
    /// The polling policy these options describe.
    pub fn poll(&self) -> partner_ordering::poll::PollOptions {
        let d = partner_ordering::poll::PollOptions::default();
        partner_ordering::poll::PollOptions {
            interval_ms: self.interval_ms.unwrap_or(d.interval_ms),
            max_interval_ms: self.max_interval_ms.unwrap_or(d.max_interval_ms),
            timeout_ms: self.timeout_ms.unwrap_or(d.timeout_ms),
        }
    }
}

/// Reads optional options of type `T` from JSON text (absent or `null` → default).
pub fn options<T: DeserializeOwned + Default>(
    api: Api,
    what: &str,
    v: Option<String>,
) -> Result<T, Error> {
    from_json_or_default(api, what, v.as_deref())
}

/// The settings every client takes besides its credentials: transport, clock, timeouts,
/// retries, validation and the browser guard. Flattened into each `…ClientOptions`.
#[derive(Tsify, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct CommonClientOptions {
    /// Timeout per attempt in milliseconds (default 60000).
    #[serde(default)]
    #[tsify(optional)]
    pub timeout_ms: Option<u32>,
    /// Retries of idempotent requests (reads) after transient failures (default 2). Orders and
    /// other writes are never retried.
    #[serde(default)]
    #[tsify(optional)]
    pub max_retries: Option<u32>,
    /// A `fetch` to use instead of the global one; called with `this` undefined.
    #[serde(default)]
    #[tsify(
        optional,
        type = "(input: string, init: RequestInit) => Promise<Response>"
    )]
    // called by the JS layer's host; declared for the .d.ts and type checks
    pub fetch: Option<JsOnly>,
    /// The clock, `() => epochMilliseconds`; default `Date.now`. Token lifetimes, polling and
    /// window rules are judged by it.
    #[serde(default)]
    #[tsify(optional, type = "() => number")]
    pub now: Option<JsOnly>,
    /// Validate requests before sending them (default true). With `false` the server judges.
    #[serde(default)]
    #[tsify(optional)]
    pub validate: Option<bool>,
    /// Allow long-lived secrets (app secrets, passwords) in a browser page. Only for the sandbox
    /// or trusted internal tools: anywhere else mint tokens on a server and pass a provider.
    #[serde(default)]
    #[tsify(optional)]
    pub dangerously_allow_browser: bool,
}

impl CommonClientOptions {
    /// The HTTP layer these settings describe, doing its I/O through `host`.
    pub fn http(&self, host: &Host) -> HttpClient {
        let mut http = HttpClient::new(
            Rc::new(HostTransport(host.clone())),
            Rc::new(HostRuntime(host.clone())),
        );
        if let Some(t) = self.timeout_ms {
            http.timeout_ms = u64::from(t.max(1));
        }
        if let Some(r) = self.max_retries {
            http.retry = RetryPolicy {
                max_retries: r.min(10),
                ..RetryPolicy::default()
            };
        }
        http
    }

    /// Whether to validate before sending.
    pub fn validate(&self) -> bool {
        self.validate.unwrap_or(true)
    }
}

/// Reads constructor options (JSON text) of type `T`, which flattens [`CommonClientOptions`].
/// serde's `flatten` buffers the keys it does not name and then cannot say which key was bad,
/// so the common part is read on its own first: a bad `timeoutMs` is reported by name.
pub fn client_options<T: DeserializeOwned>(api: Api, what: &str, text: &str) -> Result<T, Error> {
    let _: CommonClientOptions = config_from_json(api, what, text)?;
    config_from_json(api, what, text)
}

/// Refuses long-lived secrets in a web page unless the caller opted in.
pub fn guard_browser_secret(
    host: &Host,
    api: Api,
    has_secret: bool,
    allowed: bool,
) -> Result<(), Error> {
    if has_secret && !allowed && host.browser_page() {
        return Err(Error::Configuration {
            message: format!(
                "{}: refusing to use API secrets in a browser page, where any script can read them. \
                 Mint tokens on your server and pass `tokenProvider`, or set \
                 `dangerouslyAllowBrowser: true` if you accept the risk (e.g. against the sandbox).",
                api.as_str()
            ),
        });
    }
    Ok(())
}

/// Runs `fut` until the JS layer stops the call (`stop`: the caller's signal or the call's
/// deadline). Losing the race drops `fut`, which aborts any fetch in flight.
pub async fn run_with<T, E: Into<Failure>>(
    stop: Option<Pending>,
    fut: impl Future<Output = Result<T, E>>,
) -> Result<Result<T, Failure>, Failure> {
    let stop = stopped(stop);
    futures::pin_mut!(fut);
    futures::pin_mut!(stop);
    // `stop` is polled first: when the signal and the result arrive together, the abort wins.
    match select(stop, fut).await {
        Either::Right((r, _)) => Ok(r.map_err(Into::into)),
        Either::Left((e, _)) => Err(e.into()),
    }
}

/// A call's work, already serialized: the one future type that [`race`] is compiled for.
type TextFuture = std::pin::Pin<Box<dyn Future<Output = Result<String, Failure>>>>;

/// [`run_with`] for every call that answers JSON text. Not generic, so the race with the stop is
/// compiled once instead of once per method.
async fn race(stop: Option<Pending>, fut: TextFuture) -> Result<String, Failure> {
    run_with(stop, fut).await?
}

/// Runs one call under its stop and returns its result as JSON text.
pub fn call_json<T: Serialize + 'static>(
    stop: Option<Pending>,
    fut: impl Future<Output = Result<T, Error>> + 'static,
) -> impl Future<Output = Result<String, Failure>> {
    race(stop, Box::pin(async move { to_json(&fut.await?) }))
}

/// Runs one call that returns nothing (`null`).
pub fn call_unit(
    stop: Option<Pending>,
    fut: impl Future<Output = Result<(), Error>> + 'static,
) -> impl Future<Output = Result<String, Failure>> {
    race(
        stop,
        Box::pin(async move {
            fut.await?;
            Ok("null".to_string())
        }),
    )
}

/// A validation report as JSON text; input of the wrong shape is reported, not thrown.
pub fn report_json<T: DeserializeOwned>(
    api: Api,
    what: &str,
    input: &str,
    rule: impl FnOnce(&T) -> Issues,
) -> Result<String, Failure> {
    let report = match super::convert::from_json::<T>(api, what, input) {
        Ok(v) => rule(&v).report(),
        Err(e) => ValidationReport::from_error(&e),
    };
    to_json(&report)
}

/// Runs an async export: one `future_to_promise` instantiation for every method, instead of
/// one per `async fn` (wasm-bindgen's closures and glue per future type cost ~2 KB each).
pub fn promise(fut: impl Future<Output = Result<String, Failure>> + 'static) -> js_sys::Promise {
    let boxed: std::pin::Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>> =
        Box::pin(async move { fut.await.map(JsValue::from).map_err(JsValue::from) });
    wasm_bindgen_futures::future_to_promise(boxed)
}
