//! Options shared by every client and every call: transport, timeouts, retries, cancellation.
//!
//! Options arrive as JSON text. Values only JS can hold (`fetch`, `now`, token providers, an
//! `AbortSignal`) stay in the JS layer, which puts `true` in their place ([`JsOnly`]).

use std::future::Future;
use std::rc::Rc;

use futures::future::{select, Either};
use partner_ordering::common::StrMap;
use partner_ordering_json::Deserialize;
use serde::de::DeserializeOwned;
use serde::Serialize;
use tsify::Tsify;
use wasm_bindgen::JsValue;

use super::convert::{config_from_json, from_json_or_default, to_json, JsOnly};
use super::error::Failure;
use super::host::{stopped, Host, HostRuntime, HostTransport, Pending};
use partner_ordering::api_call::ApiCall;
use partner_ordering::call::{self, CallSettings, CallState};
use partner_ordering::client::{HttpClient, MAX_RETRIES};
use partner_ordering::error::{Api, Error, Issue};
use partner_ordering::http::{Headers, HttpResponse};
use partner_ordering::retry::RetryPolicy;
use partner_ordering::transport::LocalFuture;
use partner_ordering::validate::{Issues, ValidationReport};

/// Per-call options.
#[derive(Tsify, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RequestOptions {
    /// Cancels the call; it then rejects with an `ABORTED` error.
    #[serde(default)]
    #[tsify(optional, type = "AbortSignal")]
    pub signal: Option<JsOnly>,
    /// Timeout per attempt in milliseconds, for this call (overrides the client's `timeoutMs`).
    #[serde(default)]
    #[tsify(optional)]
    pub timeout_ms: Option<u32>,
    /// Deadline for the whole call, retries and their pauses included, in milliseconds; past
    /// it the call rejects with `TIMEOUT`.
    #[serde(default)]
    #[tsify(optional)]
    pub deadline_ms: Option<u32>,
    /// Retries of this call if it is idempotent (overrides the client's `maxRetries`).
    #[serde(default)]
    #[tsify(optional)]
    pub max_retries: Option<u32>,
    /// Extra request headers for this call. The SDK's credential headers cannot be replaced.
    #[serde(default)]
    #[tsify(optional, type = "Record<string, string>")]
    pub headers: Option<StrMap>,
    /// Fetch the subscription first and check the order against it (overrides the client's
    /// `precheck`).
    // Read for every method, so that one options object can serve all calls, but declared only
    // in `OrderOptions` (scripts/gen-dts.mjs moves it there): other methods ignore it.
    #[serde(default)]
    #[tsify(optional)]
    pub precheck: Option<bool>,
}

/// Options of `waitForOrder`.
#[derive(Tsify, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
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
    pub deadline_ms: Option<u32>,
    /// Timeout per status request in milliseconds (overrides the client's `timeoutMs`).
    #[serde(default)]
    #[tsify(optional)]
    pub timeout_ms: Option<u32>,
    /// Retries of each status request (overrides the client's `maxRetries`).
    #[serde(default)]
    #[tsify(optional)]
    pub max_retries: Option<u32>,
    /// Extra request headers for the status requests.
    #[serde(default)]
    #[tsify(optional, type = "Record<string, string>")]
    pub headers: Option<StrMap>,
}

impl WaitOptions {
    /// The polling policy these options describe.
    pub fn poll(&self) -> partner_ordering::poll::PollOptions {
        let d = partner_ordering::poll::PollOptions::default();
        partner_ordering::poll::PollOptions {
            interval_ms: self.interval_ms.unwrap_or(d.interval_ms),
            max_interval_ms: self.max_interval_ms.unwrap_or(d.max_interval_ms),
            timeout_ms: self.deadline_ms.unwrap_or(d.timeout_ms),
        }
    }
}

/// Per-call options as the settings of the call and its `precheck`. Not generic and returning
/// no `RequestOptions`, so no method's future holds (and drops) one across its await.
///
/// # Errors
/// [`Error::InvalidRequest`] for options of the wrong shape or a bad header.
pub fn request_settings(
    api: Api,
    opts: Option<String>,
) -> Result<(CallSettings, Option<bool>), Error> {
    let o: RequestOptions = options(api, "request options", opts)?;
    let settings = call_settings(
        api,
        "request options",
        o.headers.as_ref(),
        o.max_retries,
        o.timeout_ms,
    )?;
    Ok((settings, o.precheck))
}

/// `waitForOrder`'s options as its polling policy and the settings of each status request.
///
/// # Errors
/// As [`request_settings`].
pub fn wait_settings(
    api: Api,
    opts: Option<String>,
) -> Result<(partner_ordering::poll::PollOptions, CallSettings), Error> {
    let o: WaitOptions = options(api, "wait options", opts)?;
    let settings = call_settings(
        api,
        "wait options",
        o.headers.as_ref(),
        o.max_retries,
        o.timeout_ms,
    )?;
    Ok((o.poll(), settings))
}

fn call_settings(
    api: Api,
    what: &str,
    headers: Option<&StrMap>,
    max_retries: Option<u32>,
    timeout_ms: Option<u32>,
) -> Result<CallSettings, Error> {
    let mut out = Headers::new();
    let mut issues = Vec::new();
    for (name, value) in headers.iter().flat_map(|h| h.iter()) {
        let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
        if name.is_empty() || !name.bytes().all(token) {
            issues.push(Issue::new(
                format!("headers.{name}"),
                "invalid_header",
                format!("{what}: `{name}` is not a valid header name"),
            ));
        } else if value.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) {
            issues.push(Issue::new(
                format!("headers.{name}"),
                "invalid_header",
                format!("{what}: the value of `{name}` contains a line break"),
            ));
        } else {
            out.set(name, value);
        }
    }
    if !issues.is_empty() {
        return Err(Error::invalid(api, issues));
    }
    Ok(CallSettings {
        headers: out,
        // Capped (retries) and floored (timeout) where they are used: `HttpClient`.
        max_retries,
        timeout_ms: timeout_ms.map(u64::from),
    })
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
    /// Where to log each attempt (method, URL without secrets, status, duration, attempt
    /// number, trace id): any object with `debug`/`info`/`warn`/`error`, such as `console`.
    #[serde(default)]
    #[tsify(
        optional,
        type = "{ debug?(message: string, details?: object): void; info?(message: string, details?: object): void; warn?(message: string, details?: object): void; error?(message: string, details?: object): void }"
    )]
    pub logger: Option<JsOnly>,
    /// How much to log (default `"info"` with a `logger`, `"off"` without): `"debug"` adds
    /// each request's headers (credentials redacted); `"warn"` only failed attempts.
    #[serde(default)]
    #[tsify(optional)]
    pub log_level: Option<LogLevel>,
}

/// How much a client logs.
#[derive(Tsify, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum LogLevel {
    /// Nothing.
    Off,
    /// Failed calls' last attempts only (reserved; the SDK reports failures by rejecting).
    Error,
    /// Failed attempts (network failures, 4xx and 5xx answers).
    Warn,
    /// Every attempt's outcome.
    Info,
    /// Every attempt, with its request headers (credentials redacted).
    Debug,
}

/// The keys of [`CommonClientOptions`], accepted by every client.
pub const COMMON_KEYS: &[&str] = &[
    "timeoutMs",
    "maxRetries",
    "fetch",
    "now",
    "validate",
    "dangerouslyAllowBrowser",
    "logger",
    "logLevel",
];

/// Refuses a key of constructor options that no setting has, naming the nearest valid key:
/// a typo in `baseUrl` would otherwise send the credentials to the production gateway.
fn check_keys(
    api: Api,
    what: &str,
    text: &str,
    own: &[&str],
    elsewhere: Elsewhere,
) -> Result<(), Error> {
    // Keys only; the typed parse that follows reports values of the wrong shape.
    let Some(keys) = partner_ordering::json::object_keys(text) else {
        return Ok(());
    };
    let known: Vec<&str> = own.iter().chain(COMMON_KEYS).copied().collect();
    for key in &keys {
        if known.contains(&key.as_str()) {
            continue;
        }
        if let Some((_, place)) = elsewhere.filter(|(keys, _)| keys.contains(&key.as_str())) {
            return Err(Error::Configuration {
                message: format!("{}: `{key}` {place}", api.as_str()),
            });
        }
        let hint = partner_ordering::validate::suggest::closest(key, &known)
            .map(|k| format!("; did you mean `{k}`?"))
            .unwrap_or_default();
        return Err(Error::Configuration {
            message: format!("{}: {what} have no setting `{key}`{hint}", api.as_str()),
        });
    }
    Ok(())
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
                max_retries: r.min(MAX_RETRIES),
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

/// Reads constructor options (JSON text) of type `T`, which holds [`CommonClientOptions`]: the
/// common part is read on its own first (so a bad `timeoutMs` is reported by name), then the
/// keys are checked, then `T`'s own fields.
///
/// `keys` are the type's own keys (besides [`COMMON_KEYS`]); any other key is refused, and one
/// of `elsewhere`'s keys is refused saying where it belongs.
pub fn client_options<T: DeserializeOwned + WithCommon>(
    api: Api,
    what: &str,
    text: &str,
    keys: &[&str],
    elsewhere: Elsewhere,
) -> Result<T, Error> {
    let common: CommonClientOptions = config_from_json(api, what, text)?;
    check_keys(api, what, text, keys, elsewhere)?;
    let mut o: T = config_from_json(api, what, text)?;
    *o.common_mut() = common;
    Ok(o)
}

/// Keys that belong inside another option, and the end of the message that says where
/// (after "`key` "): Cloudmore's credentials, given at the top level instead of in a level.
pub type Elsewhere = Option<(&'static [&'static str], &'static str)>;

/// A client's options, which hold the [`CommonClientOptions`] (flattened in the `.d.ts`).
/// [`client_options`] reads the common ones on their own and puts them here: deserializing a
/// flattened field would buffer every option and read each again from the buffer, compiling a
/// second deserializer into the wasm for every type of option.
pub trait WithCommon {
    /// The common options' slot.
    fn common_mut(&mut self) -> &mut CommonClientOptions;
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

/// A call's work, already serialized: the one future type that [`race`] and [`promise`] are
/// compiled for.
pub type TextFuture = std::pin::Pin<Box<dyn Future<Output = Result<String, Failure>>>>;

/// Runs every call that answers JSON text, as the call whose settings are `settings`, until
/// the JS layer stops it (`stop`: the caller's signal or the call's deadline); losing the race
/// drops `fut`, which aborts any fetch in flight. When it ends, the final response's status and headers go to the stop (for
/// `withResponse()`). Not generic, so this is compiled once instead of once per method.
pub async fn race(
    stop: Option<Pending>,
    settings: CallSettings,
    fut: TextFuture,
) -> Result<String, Failure> {
    let state = CallState::new(settings);
    let work = call::scoped(Rc::clone(&state), fut);
    let halt = stopped(stop.clone());
    futures::pin_mut!(work);
    futures::pin_mut!(halt);
    // `halt` is polled first: when the signal and the result arrive together, the abort wins.
    let out = match select(halt, work).await {
        Either::Right((r, _)) => r,
        Either::Left((e, _)) => Err(failure_of(&e, Some(&state.borrow()))),
    };
    if let (Some(stop), Some(r)) = (stop, state.borrow().response.as_ref()) {
        super::host::record_response(&stop, r);
    }
    out
}

/// The JSON text of a call's error, with what the call's attempts saw.
pub fn call_failure(e: &Error) -> Failure {
    call::with(|state| failure_of(e, Some(state))).unwrap_or_else(|| failure_of(e, None))
}

/// The one way from a call's error to what its promise rejects with: its JSON text, with what
/// the call's attempts saw when the call is known (a lost race, or inside the call).
fn failure_of(e: &Error, state: Option<&CallState>) -> Failure {
    Failure(JsValue::from_str(&super::error::error_json_with(e, state)))
}

/// One call of `api`: its per-call options read from `opts`, then `call` raced against `stop`,
/// its result as JSON text (`null` for `()` or `None`). The async methods whose options carry
/// nothing else end here; those with a `precheck` or a polling policy call [`call_json`].
///
/// # Errors
/// The options' [`Error::InvalidRequest`], before anything starts.
pub fn request(
    api: Api,
    opts: Option<String>,
    stop: Option<Pending>,
    call: TextFuture,
) -> Result<TextFuture, Failure> {
    let (settings, _) = request_settings(api, opts)?;
    Ok(call_json(stop, settings, call))
}

/// Runs one call under its stop and returns its result as JSON text.
pub fn call_json(stop: Option<Pending>, settings: CallSettings, call: TextFuture) -> TextFuture {
    Box::pin(race(stop, settings, call))
}

/// What a JS method's core call is: an [`ApiCall`], or (in [`Async`]) any other future, such
/// as a poll or an order checked against the catalog first.
pub trait IntoText {
    /// The future of the call's result as JSON text, or of its error's.
    fn into_text(self) -> TextFuture;
}

/// Most methods: one request, sent by the one future all of them share ([`sent_text`]); only
/// the synchronous reading of the answer is per result type.
impl<T: Serialize + 'static> IntoText for ApiCall<T> {
    fn into_text(self) -> TextFuture {
        let (send, parse) = self.into_parts();
        let read = parse.map(|parse| -> ReadText {
            Box::new(move |resp| match parse(resp) {
                Ok(v) => to_json(&v),
                Err(e) => Err(call_failure(&e)),
            })
        });
        sent_text(send, read)
    }
}

/// Reads an answer into the JSON text of the call's result.
type ReadText = Box<dyn FnOnce(&HttpResponse) -> Result<String, Failure>>;

/// The one future of every [`ApiCall`]'s JSON text: not generic.
fn sent_text(send: LocalFuture<Result<HttpResponse, Error>>, read: Option<ReadText>) -> TextFuture {
    Box::pin(async move {
        match (send.await, read) {
            (Ok(resp), Some(read)) => read(&resp),
            (Err(e), _) => Err(call_failure(&e)),
            // A refused call (no reader) fails in `send`: not reached.
            (Ok(_), None) => Err(call_failure(&Error::Configuration {
                message: "a call without a reader".into(),
            })),
        }
    })
}

/// A core call that is a future of its own (more than one request, or a poll).
pub struct Async<F>(pub F);

impl<T, F> IntoText for Async<F>
where
    T: Serialize + 'static,
    F: Future<Output = Result<T, Error>> + 'static,
{
    fn into_text(self) -> TextFuture {
        // Boxed first, so that the rest is compiled once per result type, not once per method.
        json_of(Box::pin(self.0))
    }
}

/// The JSON text of a boxed call's result.
fn json_of<T: Serialize + 'static>(fut: LocalFuture<Result<T, Error>>) -> TextFuture {
    Box::pin(async move {
        match fut.await {
            Ok(v) => to_json(&v),
            Err(e) => Err(call_failure(&e)),
        }
    })
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

/// Runs an async export whose arguments have been read: a failure there rejects at once, and
/// the work is one boxed [`TextFuture`]. So this, with `future_to_promise`'s glue, is compiled
/// once, not once per method (each method's own async wrapper cost 0.5–1 KB).
pub fn promise(work: Result<TextFuture, Failure>) -> js_sys::Promise {
    match work {
        Ok(fut) => wasm_bindgen_futures::future_to_promise(async move {
            fut.await.map(JsValue::from).map_err(JsValue::from)
        }),
        Err(e) => js_sys::Promise::reject(&JsValue::from(e)),
    }
}

/// [`promise`] of a method whose arguments are read by `prepare`, so that its `?`s reject.
pub fn promise_with(prepare: impl FnOnce() -> Result<TextFuture, Failure>) -> js_sys::Promise {
    promise(prepare())
}
