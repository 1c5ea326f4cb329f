//! Options shared by every client and every call: transport, timeouts, retries, cancellation.

use std::rc::Rc;

use futures::future::{select, Either};
use js_sys::Reflect;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use tsify::Tsify;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::runtime::JsRuntime;
use crate::client::{HttpClient, TokenSource};
use crate::error::{Api, Error};
use crate::retry::RetryPolicy;
use crate::token::AccessToken;
use crate::transport::fetch::{js_error_message, FetchTransport};
use crate::transport::{LocalFuture, Runtime};

/// Per-call options.
#[derive(Tsify, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct RequestOptions {
    /// Cancels the call; it then rejects with an `ABORTED` error.
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    #[tsify(optional, type = "AbortSignal")]
    pub signal: JsValue,
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
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    #[tsify(optional, type = "AbortSignal")]
    pub signal: JsValue,
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
    pub fn poll(&self) -> crate::poll::PollOptions {
        let d = crate::poll::PollOptions::default();
        crate::poll::PollOptions {
            interval_ms: self.interval_ms.unwrap_or(d.interval_ms),
            max_interval_ms: self.max_interval_ms.unwrap_or(d.max_interval_ms),
            timeout_ms: self.timeout_ms.unwrap_or(d.timeout_ms),
        }
    }
}

/// Reads optional JS options of type `T`.
pub fn options<T: serde::de::DeserializeOwned + Default>(
    api: Api,
    what: &str,
    v: Option<JsValue>,
) -> Result<T, Error> {
    match v {
        Some(v) if !v.is_undefined() && !v.is_null() => super::convert::from_js(api, what, v),
        _ => Ok(T::default()),
    }
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
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    #[tsify(
        optional,
        type = "(input: string, init: RequestInit) => Promise<Response>"
    )]
    pub fetch: JsValue,
    /// The clock, `() => epochMilliseconds`; default `Date.now`. Token lifetimes, polling and
    /// window rules are judged by it.
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    #[tsify(optional, type = "() => number")]
    pub now: JsValue,
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
    /// The HTTP layer these settings describe.
    pub fn http(&self) -> Result<HttpClient, Error> {
        http_client(&self.fetch, &self.now, self.timeout_ms, self.max_retries)
    }

    /// Whether to validate before sending.
    pub fn validate(&self) -> bool {
        self.validate.unwrap_or(true)
    }
}

/// A `…ClientOptions` struct with [`CommonClientOptions`] flattened into it.
pub trait ClientOptions: DeserializeOwned {
    /// The function-valued settings the outer struct itself names (e.g. `tokenProvider`).
    const FUNCTION_FIELDS: &'static [&'static str];
    /// Its common part.
    fn common_mut(&mut self) -> &mut CommonClientOptions;
}

/// Reads constructor options. `#[serde(flatten)]` buffers the keys the outer struct does not
/// name, and a JS function cannot be buffered (nor can serde's buffer report the key of a bad
/// value), so the common part is read first on its own, from the object as given, and the
/// outer struct then from a copy without the functions it does not name. Unnamed functions are
/// thus ignored, as unknown keys are; named ones (token providers) are never buffered.
pub fn client_options<T: ClientOptions>(api: Api, what: &str, v: JsValue) -> Result<T, Error> {
    if !v.is_object() || js_sys::Array::is_array(&v) {
        return Err(Error::Configuration {
            message: format!("{}: {what} must be an object", api.as_str()),
        });
    }
    let common: CommonClientOptions = super::convert::config_from_js(api, what, v.clone())?;
    let copy = js_sys::Object::assign(&js_sys::Object::new(), v.unchecked_ref());
    for key in js_sys::Object::keys(&copy).iter() {
        let Some(k) = key.as_string() else { continue };
        let value = Reflect::get(&copy, &key).unwrap_or(JsValue::UNDEFINED);
        // `fetch` and `now` were read in the first pass, and serde's buffer cannot hold them.
        let common_fn = k == "fetch" || k == "now";
        if common_fn || (value.is_function() && !T::FUNCTION_FIELDS.contains(&k.as_str())) {
            let _ = Reflect::delete_property(&copy, &key);
        }
    }
    let mut o: T = super::convert::config_from_js(api, what, copy.into())?;
    *o.common_mut() = common;
    Ok(o)
}

fn http_client(
    fetch: &JsValue,
    now: &JsValue,
    timeout_ms: Option<u32>,
    max_retries: Option<u32>,
) -> Result<HttpClient, Error> {
    let transport = if fetch.is_undefined() || fetch.is_null() {
        FetchTransport::Global
    } else {
        let f = fetch
            .dyn_ref::<js_sys::Function>()
            .ok_or_else(|| Error::Configuration {
                message: "`fetch` must be a function with the signature of the global fetch".into(),
            })?;
        FetchTransport::Custom(f.clone())
    };
    let now = match now.dyn_ref::<js_sys::Function>() {
        Some(f) => Some(f.clone()),
        None if now.is_undefined() || now.is_null() => None,
        None => {
            return Err(Error::Configuration {
                message: "`now` must be a function returning epoch milliseconds".into(),
            })
        }
    };
    let mut http = HttpClient::new(Rc::new(transport), Rc::new(JsRuntime { now }));
    if let Some(t) = timeout_ms {
        http.timeout_ms = u64::from(t.max(1));
    }
    if let Some(r) = max_retries {
        http.retry = RetryPolicy {
            max_retries: r.min(10),
            ..RetryPolicy::default()
        };
    }
    Ok(http)
}

/// True in a web page (a `window` and a `document`), where secrets are visible to every script.
/// Workers, Node and service workers have neither.
pub fn in_browser_page() -> bool {
    let g = js_sys::global();
    let has = |k: &str| {
        Reflect::get(&g, &JsValue::from_str(k))
            .map(|v| !v.is_undefined())
            .unwrap_or(false)
    };
    has("window") && has("document")
}

/// Refuses long-lived secrets in a web page unless the caller opted in.
pub fn guard_browser_secret(api: Api, has_secret: bool, allowed: bool) -> Result<(), Error> {
    if has_secret && !allowed && in_browser_page() {
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

/// A `tokenProvider` callback: `() => Promise<string | { accessToken, expiresIn? }>`.
pub struct JsTokenProvider(pub js_sys::Function);

impl TokenSource for JsTokenProvider {
    fn fetch(&self) -> LocalFuture<Result<AccessToken, Error>> {
        let f = self.0.clone();
        Box::pin(async move {
            let fail = |m: String| Error::Configuration {
                message: format!("tokenProvider failed: {m}"),
            };
            let returned = f
                .call0(&JsValue::UNDEFINED)
                .map_err(|e| fail(js_error_message(&e)))?;
            let v = JsFuture::from(js_sys::Promise::resolve(&returned))
                .await
                .map_err(|e| fail(js_error_message(&e)))?;
            if let Some(s) = v.as_string() {
                return Ok(AccessToken {
                    token: crate::Secret::new(s),
                    expires_in_s: None,
                });
            }
            let token = Reflect::get(&v, &"accessToken".into())
                .ok()
                .and_then(|t| t.as_string())
                .filter(|t| !t.trim().is_empty())
                .ok_or_else(|| {
                    fail("expected a string or { accessToken: string, expiresIn?: number }".into())
                })?;
            let expires = Reflect::get(&v, &"expiresIn".into())
                .ok()
                .and_then(|e| e.as_f64())
                .filter(|e| e.is_finite() && *e > 0.0)
                .map(|e| e as u64);
            Ok(AccessToken {
                token: crate::Secret::new(token),
                expires_in_s: expires,
            })
        })
    }
}

/// Resolves when `signal` aborts (at once if it already has); never if there is no signal.
fn aborted(signal: &JsValue) -> LocalFuture<()> {
    let Some(sig) = signal.dyn_ref::<web_sys::AbortSignal>() else {
        return Box::pin(std::future::pending());
    };
    if sig.aborted() {
        return Box::pin(std::future::ready(()));
    }
    let sig = sig.clone();
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = sig.add_event_listener_with_callback("abort", &resolve);
    });
    Box::pin(async move {
        let _ = JsFuture::from(promise).await;
    })
}

/// Runs `fut` under a `signal` and an overall deadline. Losing the race drops `fut`, which
/// aborts any fetch in flight. An already-aborted signal sends nothing, as `fetch` behaves.
pub async fn run_with<T>(
    signal: &JsValue,
    deadline_ms: Option<u32>,
    fut: impl std::future::Future<Output = Result<T, Error>>,
) -> Result<T, JsValue> {
    if signal
        .dyn_ref::<web_sys::AbortSignal>()
        .is_some_and(web_sys::AbortSignal::aborted)
    {
        return Err(Error::Aborted.into());
    }
    let deadline: LocalFuture<()> = match deadline_ms {
        Some(ms) => JsRuntime::default().sleep(u64::from(ms)),
        None => Box::pin(std::future::pending()),
    };
    let stop = select(aborted(signal), deadline);
    futures::pin_mut!(fut);
    // `stop` is polled first: when the signal and the result arrive together, the abort wins.
    match select(stop, fut).await {
        Either::Right((r, _)) => r.map_err(JsValue::from),
        Either::Left((Either::Left(_), _)) => Err(Error::Aborted.into()),
        Either::Left((Either::Right(_), _)) => Err(Error::Timeout {
            after_ms: u64::from(deadline_ms.unwrap_or(0)),
        }
        .into()),
    }
}

/// Runs one call under its `RequestOptions` and converts the result for JS.
pub async fn call_js<T, Fut>(
    api: Api,
    opts: Option<tsify::Ts<RequestOptions>>,
    fut: Fut,
) -> Result<tsify::Ts<T>, JsValue>
where
    T: serde::Serialize + Tsify,
    Fut: std::future::Future<Output = Result<T, Error>>,
{
    let o: RequestOptions = options(api, "request options", opts.map(|o| o.js_value()))?;
    super::convert::to_js(&run_with(&o.signal, o.timeout_ms, fut).await?)
}

/// Runs a call whose answer may be empty; resolves to the value or `undefined`.
pub async fn call_js_opt<T: serde::Serialize + Tsify>(
    api: Api,
    opts: Option<tsify::Ts<RequestOptions>>,
    fut: impl std::future::Future<Output = Result<Option<T>, Error>>,
) -> Result<JsValue, JsValue> {
    let o: RequestOptions = options(api, "request options", opts.map(|o| o.js_value()))?;
    match run_with(&o.signal, o.timeout_ms, fut).await? {
        Some(v) => super::convert::to_js(&v).map(Into::into),
        None => Ok(JsValue::UNDEFINED),
    }
}

/// Like [`call_js`] for list results.
pub async fn call_js_vec<T, Fut>(
    api: Api,
    opts: Option<tsify::Ts<RequestOptions>>,
    fut: Fut,
) -> Result<Vec<tsify::Ts<T>>, JsValue>
where
    T: serde::Serialize + Tsify,
    Fut: std::future::Future<Output = Result<Vec<T>, Error>>,
{
    let o: RequestOptions = options(api, "request options", opts.map(|o| o.js_value()))?;
    super::convert::to_js_vec(&run_with(&o.signal, o.timeout_ms, fut).await?)
}

/// Runs one call that returns nothing.
pub async fn call_js_unit<Fut>(
    api: Api,
    opts: Option<tsify::Ts<RequestOptions>>,
    fut: Fut,
) -> Result<(), JsValue>
where
    Fut: std::future::Future<Output = Result<(), Error>>,
{
    let o: RequestOptions = options(api, "request options", opts.map(|o| o.js_value()))?;
    run_with(&o.signal, o.timeout_ms, fut).await
}

/// A validation report for JS; a value of the wrong shape is reported, not thrown.
pub fn report_js<T: serde::de::DeserializeOwned>(
    api: Api,
    what: &str,
    input: JsValue,
    rule: impl FnOnce(&T) -> crate::validate::Issues,
) -> Result<tsify::Ts<crate::validate::ValidationReport>, JsValue> {
    let report = match super::convert::from_js::<T>(api, what, input) {
        Ok(v) => rule(&v).report(),
        Err(e) => crate::validate::ValidationReport::from_error(&e),
    };
    super::convert::to_js(&report)
}
