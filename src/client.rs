//! The async layer: timeouts, retries, credentials and single-flight token refresh.
//!
//! This is the only async code besides the transports. It is generic over [`Transport`] and
//! [`Runtime`], so the same code runs natively on a virtual clock and in wasm on `fetch` and
//! `setTimeout`. Decisions (retry or not, token still good or not) are made by the pure types in
//! `retry` and `token`.

use std::cell::RefCell;
use std::rc::Rc;

use futures::future::{select, Either, FutureExt, Shared, WeakShared};

use crate::call;
use crate::endpoint::Endpoint;
use crate::error::{Api, Error};
use crate::http::{HttpRequest, HttpResponse};
use crate::retry::{retry_after_ms_at, Attempt, Decision, RetryPolicy};
use crate::secret::Secret;
use crate::token::{AccessToken, TokenCache};
use crate::transport::{LocalFuture, Runtime, Transport};

/// Default per-attempt timeout: one minute. The partner gateways are slow but not that slow.
pub const DEFAULT_TIMEOUT_MS: u64 = 60_000;

/// Sends requests with a timeout per attempt and retries idempotent ones.
#[derive(Clone)]
pub struct HttpClient {
    transport: Rc<dyn Transport>,
    runtime: Rc<dyn Runtime>,
    /// Retry settings.
    pub retry: RetryPolicy,
    /// Per-attempt timeout in milliseconds.
    pub timeout_ms: u64,
}

impl std::fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpClient")
            .field("retry", &self.retry)
            .field("timeout_ms", &self.timeout_ms)
            .finish_non_exhaustive()
    }
}

impl HttpClient {
    /// A client with the default retry policy and timeout.
    pub fn new(transport: Rc<dyn Transport>, runtime: Rc<dyn Runtime>) -> Self {
        HttpClient {
            transport,
            runtime,
            retry: RetryPolicy::default(),
            timeout_ms: DEFAULT_TIMEOUT_MS,
        }
    }

    /// The runtime (clock and timers).
    pub fn runtime(&self) -> &Rc<dyn Runtime> {
        &self.runtime
    }

    /// Sends once, racing the transport against the timeout. The transport is polled first, so
    /// a response that is already there wins over a timer that is already due.
    async fn attempt(&self, req: &HttpRequest, timeout_ms: u64) -> Result<HttpResponse, Error> {
        let send = self.transport.send(req.clone());
        let timer = self.runtime.sleep(timeout_ms);
        match select(send, timer).await {
            Either::Left((Ok(resp), _)) => Ok(resp),
            Either::Left((Err(e), _)) => {
                if e.cause.is_some() {
                    call::with(|c| c.cause = e.cause);
                }
                Err(Error::Transport { message: e.message })
            }
            // Dropping `send` abandons (and in wasm aborts) the request.
            Either::Right(((), _)) => Err(Error::Timeout {
                after_ms: timeout_ms,
            }),
        }
    }

    /// Sends `req`, retrying per the policy. Any response, success or not, is returned; only
    /// network failures and timeouts are errors here. The current call's settings (see
    /// [`crate::call`]) override the client's timeout and retry count, and the call's state
    /// records each attempt and the final response.
    ///
    /// # Errors
    /// [`Error::Transport`] or [`Error::Timeout`] after the last attempt.
    pub async fn execute(
        &self,
        req: &HttpRequest,
        idempotent: bool,
    ) -> Result<HttpResponse, Error> {
        self.send_with_retries(req, idempotent, true).await
    }

    /// [`execute`](Self::execute) for token requests: the call's timeout applies, but they are
    /// neither counted as the call's attempts nor its response.
    async fn execute_token(
        &self,
        req: &HttpRequest,
        idempotent: bool,
    ) -> Result<HttpResponse, Error> {
        self.send_with_retries(req, idempotent, false).await
    }

    async fn send_with_retries(
        &self,
        req: &HttpRequest,
        idempotent: bool,
        record: bool,
    ) -> Result<HttpResponse, Error> {
        let (timeout_ms, max_retries) =
            call::with(|c| (c.settings.timeout_ms, c.settings.max_retries)).unwrap_or_default();
        let timeout_ms = timeout_ms.unwrap_or(self.timeout_ms).max(1);
        let mut policy = self.retry;
        if let Some(n) = max_retries.filter(|_| record) {
            policy.max_retries = n.min(MAX_RETRIES);
        }
        let mut attempt = 0u32;
        loop {
            if record {
                call::with(|c| c.attempts += 1);
            }
            let result = self.attempt(req, timeout_ms).await;
            let outcome = match &result {
                Ok(r) => Attempt::Response {
                    status: r.status,
                    // Read only where the policy uses it: a success does not ask the clock.
                    retry_after_ms: crate::error::is_transient_status(r.status)
                        .then(|| retry_after_ms_at(r, self.runtime.now_ms()))
                        .flatten(),
                },
                Err(Error::Timeout { .. }) => Attempt::TimedOut,
                Err(_) => Attempt::TransportFailed,
            };
            if record {
                call::with(|c| match &result {
                    Ok(r) => {
                        c.response = Some(call::ResponseMeta {
                            status: r.status,
                            headers: r.headers.clone(),
                        });
                        if r.status >= 400 {
                            c.failed(format!("HTTP {}", r.status));
                        }
                    }
                    Err(e) => c.failed(e.to_string()),
                });
            }
            match policy.decide(attempt, outcome, idempotent, self.runtime.jitter()) {
                Decision::Stop => return result,
                Decision::RetryAfter(ms) => {
                    self.runtime.sleep(ms).await;
                    attempt += 1;
                }
            }
        }
    }
}

/// The most retries a client or a call may ask for.
pub const MAX_RETRIES: u32 = 10;

/// Where access tokens come from.
pub trait TokenSource {
    /// Fetches a new token. Called at most once at a time per client (single flight).
    fn fetch(&self) -> LocalFuture<Result<AccessToken, Error>>;
}

type TokenFuture = LocalFuture<Result<(Secret, u64), Error>>;

/// Caches a token and makes concurrent callers share one fetch.
///
/// The fetch in flight is held weakly: when every caller waiting for it has gone (aborted or
/// timed out), the fetch is dropped, which aborts its request, and the next caller starts afresh
/// instead of inheriting a stale failure.
pub struct TokenManager {
    cache: RefCell<TokenCache>,
    inflight: RefCell<Option<WeakShared<TokenFuture>>>,
    source: Rc<dyn TokenSource>,
    runtime: Rc<dyn Runtime>,
}

impl std::fmt::Debug for TokenManager {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenManager")
            .field("cache", &self.cache)
            .finish_non_exhaustive()
    }
}

impl TokenManager {
    /// A manager over `source`; see [`TokenCache`] for the margin and default lifetime.
    pub fn new(
        source: Rc<dyn TokenSource>,
        runtime: Rc<dyn Runtime>,
        refresh_margin_ms: i64,
        default_lifetime_s: Option<u64>,
    ) -> Rc<Self> {
        Rc::new(TokenManager {
            cache: RefCell::new(TokenCache::new(refresh_margin_ms, default_lifetime_s)),
            inflight: RefCell::new(None),
            source,
            runtime,
        })
    }

    /// A valid token and its generation, fetching one if needed. Concurrent callers share a
    /// single fetch.
    ///
    /// # Errors
    /// Whatever the token source fails with.
    pub async fn token(self: &Rc<Self>) -> Result<(Secret, u64), Error> {
        if let Some(t) = self.cache.borrow().get(self.runtime.now_ms()) {
            return Ok(t);
        }
        let existing = self
            .inflight
            .borrow()
            .as_ref()
            .and_then(WeakShared::upgrade);
        let fut = match existing {
            Some(f) => f,
            None => {
                let me = Rc::clone(self);
                let fetch: TokenFuture = Box::pin(async move {
                    let result = me.source.fetch().await;
                    me.inflight.borrow_mut().take();
                    let token = result?;
                    let secret = token.token.clone();
                    let gen = me.cache.borrow_mut().store(token, me.runtime.now_ms());
                    Ok((secret, gen))
                });
                let shared: Shared<TokenFuture> = fetch.shared();
                *self.inflight.borrow_mut() = shared.downgrade();
                shared
            }
        };
        fut.await
    }

    /// Forgets the token of generation `gen` after the server refused it.
    pub fn invalidate(&self, gen: u64) {
        self.cache.borrow_mut().invalidate(gen);
    }
}

/// Credentials for one request: headers to add, and the token generation they came from.
#[derive(Debug, Clone, Default)]
pub struct AuthHeaders {
    /// Headers to set on the request (values may be secrets; they are redacted in `Debug`).
    pub headers: crate::http::Headers,
    /// The cached token's generation, so a refusal invalidates exactly that token.
    pub generation: Option<u64>,
}

/// How a partner client authenticates a request.
pub trait Authenticator {
    /// Credentials for `req` (a cached bearer token, an `APS-Token`, an OAuth 1.0a signature).
    fn credentials(&self, req: &HttpRequest) -> LocalFuture<Result<AuthHeaders, Error>>;
    /// Forgets the token of this generation after the server refused it.
    fn invalidate(&self, generation: u64);
    /// True when the response says the credentials were refused, so one refresh and one retry
    /// are worth it. A refused request was not processed, so even an order POST is safe to repeat.
    fn is_auth_failure(&self, resp: &HttpResponse) -> bool {
        resp.status == 401
    }
}

/// Bearer-style authentication from a [`TokenManager`]: `headers(token)` says which headers
/// carry it (`Authorization: Bearer …`, plus partner headers).
pub struct TokenAuth {
    tokens: Rc<TokenManager>,
    headers: Rc<dyn Fn(&Secret) -> crate::http::Headers>,
}

impl std::fmt::Debug for TokenAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenAuth").finish_non_exhaustive()
    }
}

impl TokenAuth {
    /// Authentication with tokens from `tokens`, sent as `headers` describes.
    pub fn new(
        tokens: Rc<TokenManager>,
        headers: impl Fn(&Secret) -> crate::http::Headers + 'static,
    ) -> Self {
        TokenAuth {
            tokens,
            headers: Rc::new(headers),
        }
    }
}

/// `Authorization: Bearer <token>`, the start of every token API's headers.
pub fn bearer_headers(token: &Secret) -> crate::http::Headers {
    let mut h = crate::http::Headers::new();
    h.set("authorization", format!("Bearer {}", token.expose()));
    h
}

/// Tokens from a token endpoint, fetched through the same HTTP stack as every other call
/// (timeouts, retries of the idempotent token request).
pub struct EndpointTokenSource<E> {
    /// The HTTP layer.
    pub http: HttpClient,
    /// The base URL the endpoint is built against.
    pub base: String,
    /// The token request.
    pub endpoint: E,
}

impl<E: Endpoint<Output = AccessToken> + Clone + 'static> TokenSource for EndpointTokenSource<E> {
    fn fetch(&self) -> LocalFuture<Result<AccessToken, Error>> {
        let (http, base, ep) = (self.http.clone(), self.base.clone(), self.endpoint.clone());
        Box::pin(async move { call_unauthenticated(&http, &base, &ep).await })
    }
}

impl Authenticator for TokenAuth {
    fn credentials(&self, _req: &HttpRequest) -> LocalFuture<Result<AuthHeaders, Error>> {
        let tokens = Rc::clone(&self.tokens);
        let headers = Rc::clone(&self.headers);
        Box::pin(async move {
            let (token, generation) = tokens.token().await?;
            Ok(AuthHeaders {
                headers: headers(&token),
                generation: Some(generation),
            })
        })
    }

    fn invalidate(&self, generation: u64) {
        self.tokens.invalidate(generation);
    }
}

/// Authenticates and sends a built request, and when the server refuses the credentials,
/// refreshes them once and sends once more. Not generic and boxed, so the retry and refresh
/// logic is compiled once; [`crate::api_call::ApiCall`] is how client methods reach it.
///
/// # Errors
/// [`Error::Transport`], [`Error::Timeout`], or a credential failure; any response is `Ok`.
pub(crate) fn send_authenticated(
    http: HttpClient,
    auth: Rc<dyn Authenticator>,
    request: HttpRequest,
    idempotent: bool,
) -> LocalFuture<Result<HttpResponse, Error>> {
    Box::pin(async move {
        let mut refreshed = false;
        loop {
            let creds = auth.credentials(&request).await?;
            let mut req = request.clone();
            // The call's own headers first, so the SDK's credentials win over them.
            call::with(|c| {
                for (name, value) in c.settings.headers.iter() {
                    req.headers.set(name, value);
                }
            });
            for (name, value) in creds.headers.iter() {
                req.headers.set(name, value);
            }
            // What the client knows as secret: so that an error echoing them can redact them.
            call::with(|c| {
                for (name, value) in req.headers.iter() {
                    if crate::http::is_sensitive_header(name) {
                        c.sent_secret(value);
                    }
                }
            });
            let resp = http.execute(&req, idempotent).await?;
            if !refreshed && auth.is_auth_failure(&resp) {
                if let Some(generation) = creds.generation {
                    auth.invalidate(generation);
                    refreshed = true;
                    continue;
                }
            }
            return Ok(resp);
        }
    })
}

/// Runs an endpoint that needs no credentials (token calls).
///
/// # Errors
/// As [`call`].
pub async fn call_unauthenticated<E: Endpoint>(
    http: &HttpClient,
    base_url: &str,
    endpoint: &E,
) -> Result<E::Output, Error> {
    let req = endpoint.build(base_url)?;
    let resp = Box::pin(http.execute_token(&req, endpoint.idempotent())).await?;
    endpoint.parse(&resp)
}

/// Refuses a missing or blank setting before anything is sent.
///
/// # Errors
/// [`Error::Configuration`] naming the setting.
pub fn require(api: Api, name: &str, value: &str) -> Result<(), Error> {
    if value.trim().is_empty() {
        return Err(Error::Configuration {
            message: format!(
                "{}: `{name}` is required and must not be empty",
                api.as_str()
            ),
        });
    }
    Ok(())
}

/// Refuses a base URL that is not an absolute `http(s)://host…` URL, at construction rather
/// than as a transport error on the first call.
///
/// # Errors
/// [`Error::Configuration`] naming the setting.
pub fn require_base_url(api: Api, name: &str, value: &str) -> Result<(), Error> {
    require(api, name, value)?;
    let v = value.trim();
    let rest = v
        .strip_prefix("https://")
        .or_else(|| v.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
    let ok = host.is_some_and(|h| {
        !h.is_empty()
            && !h.starts_with(':')
            && h.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._:[]".contains(c))
    });
    if !ok || v.chars().any(|c| c.is_whitespace() || c.is_control()) {
        // Userinfo (`user:password@`) is refused (fetch refuses it too) and never echoed, nor
        // is the query or fragment, where API keys hide (`?key=…`).
        let base = v.split(['?', '#']).next().unwrap_or("");
        let mut shown = match (base.split_once("://"), base.rfind('@')) {
            (Some((scheme, _)), Some(at)) => {
                format!("{scheme}://***{}", base.get(at..).unwrap_or(""))
            }
            _ => base.to_string(),
        };
        if base.len() < v.len() {
            shown.push_str("?…");
        }
        return Err(Error::Configuration {
            message: format!(
                "{}: `{name}` must be an absolute http(s) URL without credentials, such as \
                 https://api.example.com; got {shown:?}",
                api.as_str()
            ),
        });
    }
    Ok(())
}

/// One look at an asynchronous order.
#[derive(Debug)]
pub enum PollStep<T> {
    /// Finished: the result.
    Done(T),
    /// Finished in a failed state.
    Failed(Error),
    /// Not yet: wait and look again.
    Pending,
}

/// Looks (`step(attempt)`) until done or failed, waiting `poll.delay(attempt)` between looks and
/// giving up with [`Error::Timeout`] when the next wait would pass `poll.timeout_ms`.
///
/// # Errors
/// What `step` fails or reports, or [`Error::Timeout`].
pub async fn poll_until<T, F, Fut>(
    runtime: &Rc<dyn Runtime>,
    poll: crate::poll::PollOptions,
    mut step: F,
) -> Result<T, Error>
where
    F: FnMut(u32) -> Fut,
    Fut: std::future::Future<Output = Result<PollStep<T>, Error>>,
{
    let timeout = Error::Timeout {
        after_ms: u64::from(poll.timeout_ms),
    };
    let deadline = runtime.now_ms().saturating_add(i64::from(poll.timeout_ms));
    for attempt in 0u32.. {
        match step(attempt).await? {
            PollStep::Done(t) => return Ok(t),
            PollStep::Failed(e) => return Err(e),
            PollStep::Pending => {
                let delay = poll.delay(attempt);
                if runtime
                    .now_ms()
                    .saturating_add(i64::try_from(delay).unwrap_or(i64::MAX))
                    > deadline
                {
                    return Err(timeout);
                }
                runtime.sleep(delay).await;
            }
        }
    }
    Err(timeout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        for ok in [
            "https://api.cloudmore.com",
            "http://127.0.0.1:8787/x",
            "https://h.test/marketplace/eu/",
        ] {
            assert!(
                require_base_url(Api::Cloudmore, "baseUrl", ok).is_ok(),
                "{ok}"
            );
        }
        for bad in [
            "",
            "not a url",
            "api.cloudmore.com",
            "ftp://h",
            "https://",
            "https:///x",
            "https://h .test",
            "https://:80",
            "https://@",
            "https://user:hunter2@h.test",
        ] {
            assert!(
                matches!(
                    require_base_url(Api::Cloudmore, "baseUrl", bad),
                    Err(Error::Configuration { .. })
                ),
                "{bad:?}"
            );
        }
        let e = require_base_url(Api::Cloudmore, "baseUrl", "https://user:hunter2@h.test/x")
            .expect_err("credentials in the URL");
        assert!(!e.to_string().contains("hunter2"), "{e}");
        assert!(e.to_string().contains("https://***@h.test/x"), "{e}");
    }
}
