//! A prepared call: its request already validated and built, the client parts that send it, and
//! the reader of its answer.
//!
//! Most client methods are one request and one parse. They return an [`ApiCall`] instead of
//! being `async fn`s: it is a [`Future`], so callers write `client.get_order(id).await` (or
//! `block_on`, `join`, …) as before. What it saves is code. An `async fn` per method is
//! a state machine per method, and in the wasm each JS wrapper adds one more around it (about
//! 1–1.5 KB per method, 100 methods). An `ApiCall` is sent by one non-generic future,
//! [`ApiCall::into_parts`]; only its parse step, which is synchronous, is generic.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use crate::client::{send_authenticated, Authenticator, HttpClient};
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::transport::LocalFuture;

/// Reads a call's answer (any status) into its result.
pub type Parse<T> = Box<dyn FnOnce(&HttpResponse) -> Result<T, Error>>;

/// One prepared API call; see the module docs. Nothing is sent until it is first polled (or
/// its [`into_parts`](Self::into_parts) future is).
#[must_use = "an ApiCall sends nothing until it is awaited"]
pub struct ApiCall<T> {
    /// The half that does not depend on `T`, so its code is compiled once.
    send: Sending,
    /// How to read the answer; `None` for a refused call, or once read.
    parse: Option<Parse<T>>,
}

enum Sending {
    /// What to send, or why the call was refused before sending (validation, a missing
    /// credential): then that is the call's error.
    Prepared(Result<Outgoing, Error>),
    /// Polled at least once.
    Running(LocalFuture<Result<HttpResponse, Error>>),
    /// Finished, or taken apart.
    Taken,
}

/// A built request and the client parts that send it.
struct Outgoing {
    http: HttpClient,
    auth: Rc<dyn Authenticator>,
    request: HttpRequest,
    idempotent: bool,
}

impl Sending {
    /// The future that sends the request (authenticated, with the client's timeouts, retries
    /// and one refresh of refused credentials).
    fn start(&mut self) -> LocalFuture<Result<HttpResponse, Error>> {
        match std::mem::replace(self, Sending::Taken) {
            Sending::Prepared(Ok(s)) => send_authenticated(s.http, s.auth, s.request, s.idempotent),
            Sending::Prepared(Err(e)) => Box::pin(std::future::ready(Err(e))),
            Sending::Running(fut) => fut,
            Sending::Taken => Box::pin(std::future::ready(Err(started()))),
        }
    }

    fn poll(&mut self, cx: &mut Context<'_>) -> Poll<Result<HttpResponse, Error>> {
        // The future in flight, or a new one on the first poll.
        let mut fut = self.start();
        let out = fut.as_mut().poll(cx);
        if out.is_pending() {
            *self = Sending::Running(fut);
        }
        out
    }
}

impl<T> std::fmt::Debug for ApiCall<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The request's headers are redacted by `HttpRequest`'s own `Debug`.
        let mut d = f.debug_struct("ApiCall");
        match &self.send {
            Sending::Prepared(send) => d.field("request", &send.as_ref().map(|s| &s.request)),
            Sending::Running(_) => d.field("stage", &"running"),
            Sending::Taken => d.field("stage", &"done"),
        };
        d.finish_non_exhaustive()
    }
}

impl<T: 'static> ApiCall<T> {
    /// Validates and builds `endpoint` against `base` now; it is sent with `http` and `auth`
    /// when awaited.
    pub fn new<E>(http: &HttpClient, auth: &Rc<dyn Authenticator>, base: &str, endpoint: E) -> Self
    where
        E: Endpoint<Output = T> + 'static,
    {
        let request = endpoint.build(base);
        Self::from_parts(
            http,
            auth,
            request,
            endpoint.idempotent(),
            Box::new(move |resp| endpoint.parse(resp)),
        )
    }

    /// A call of an already built request (or of a refusal).
    pub fn from_parts(
        http: &HttpClient,
        auth: &Rc<dyn Authenticator>,
        request: Result<HttpRequest, Error>,
        idempotent: bool,
        parse: Parse<T>,
    ) -> Self {
        let send = request.map(|request| Outgoing {
            http: http.clone(),
            auth: Rc::clone(auth),
            request,
            idempotent,
        });
        ApiCall {
            send: Sending::Prepared(send),
            parse: Some(parse),
        }
    }

    /// A call refused before sending: awaited, it fails with `error`.
    pub fn refused(error: Error) -> Self {
        ApiCall {
            send: Sending::Prepared(Err(error)),
            parse: None,
        }
    }

    /// The request as it will be sent, before credentials; or why it was refused. `None` once
    /// the call has been polled.
    pub fn request(&self) -> Option<Result<&HttpRequest, &Error>> {
        match &self.send {
            Sending::Prepared(send) => Some(send.as_ref().map(|s| &s.request)),
            _ => None,
        }
    }

    /// A call whose result is `f` of this one's (a synchronous step after the parse).
    pub fn map<U: 'static>(self, f: impl FnOnce(T) -> Result<U, Error> + 'static) -> ApiCall<U> {
        self.map_response(move |v, _| f(v))
    }

    /// [`map`](Self::map) with the response at hand too (for a header such as
    /// `Content-Range`).
    pub fn map_response<U: 'static>(
        self,
        f: impl FnOnce(T, &HttpResponse) -> Result<U, Error> + 'static,
    ) -> ApiCall<U> {
        ApiCall {
            send: self.send,
            parse: self
                .parse
                .map(|parse| -> Parse<U> { Box::new(move |resp| f(parse(resp)?, resp)) }),
        }
    }

    /// The future that sends the request (authenticated, with the client's timeouts, retries
    /// and one refresh of refused credentials) and the reader of its answer. The future is the
    /// same type for every call, so it is compiled once. The reader is `None` when the call was
    /// refused (the future then fails with the reason) or has already been read.
    pub fn into_parts(mut self) -> (LocalFuture<Result<HttpResponse, Error>>, Option<Parse<T>>) {
        (self.send.start(), self.parse)
    }
}

/// Why a call polled after it finished, or taken apart after it started, cannot go on (a
/// misuse, not a panic).
#[cold]
fn started() -> Error {
    Error::Configuration {
        message: "this ApiCall has already finished".into(),
    }
}

impl<T: 'static> Future for ApiCall<T> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        match this.send.poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Ready(Ok(resp)) => Poll::Ready(match this.parse.take() {
                Some(parse) => parse(&resp),
                None => Err(started()),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::AuthHeaders;
    use crate::error::Api;
    use crate::http::{Headers, Method};
    use crate::transport::{ManualClock, Transport, TransportError};
    use futures::executor::block_on;
    use std::cell::RefCell;

    /// Answers 200 with a `content-range` header and the request's URL as the body; counts.
    #[derive(Default)]
    struct Echo(RefCell<Vec<String>>);

    impl Transport for Echo {
        fn send(&self, req: HttpRequest) -> LocalFuture<Result<HttpResponse, TransportError>> {
            self.0.borrow_mut().push(req.url.clone());
            let mut headers = Headers::new();
            headers.set("content-range", "items 0-1/7");
            Box::pin(std::future::ready(Ok(HttpResponse {
                status: 200,
                headers,
                body: req.url.into_bytes(),
            })))
        }
    }

    struct NoAuth;

    impl Authenticator for NoAuth {
        fn credentials(&self, _: &HttpRequest) -> LocalFuture<Result<AuthHeaders, Error>> {
            Box::pin(std::future::ready(Ok(AuthHeaders {
                headers: Headers::new(),
                generation: None,
            })))
        }
        fn invalidate(&self, _: u64) {}
    }

    fn parts() -> (Rc<Echo>, HttpClient, Rc<dyn Authenticator>) {
        let echo = Rc::new(Echo::default());
        let http = HttpClient::new(echo.clone(), Rc::new(ManualClock::new(0)));
        (echo, http, Rc::new(NoAuth))
    }

    fn body_text(resp: &HttpResponse) -> Result<String, Error> {
        Ok(resp.text())
    }

    #[test]
    fn nothing_is_sent_until_polled_and_map_response_sees_the_answer() {
        let (echo, http, auth) = parts();
        let req = Ok(HttpRequest::new(Method::Get, "https://x.test/a"));
        let call = ApiCall::from_parts(&http, &auth, req, true, Box::new(body_text))
            .map_response(|body, resp| {
                Ok(format!(
                    "{body} {}",
                    resp.headers.get("content-range").unwrap_or("-")
                ))
            })
            .map(|s| Ok(s.len()));
        assert_eq!(
            call.request().map(|r| r.map(|r| r.url.clone()).ok()),
            Some(Some("https://x.test/a".into()))
        );
        assert!(echo.0.borrow().is_empty(), "sent before it was polled");
        assert_eq!(
            block_on(call).ok(),
            Some("https://x.test/a items 0-1/7".len())
        );
        assert_eq!(echo.0.borrow().len(), 1);
    }

    #[test]
    fn a_refused_call_fails_with_its_reason_and_sends_nothing() {
        let (echo, http, auth) = parts();
        let refused = Err(Error::invalid(Api::Omnissa, Vec::new()));
        let call = ApiCall::from_parts(&http, &auth, refused, true, Box::new(body_text));
        assert!(matches!(block_on(call), Err(Error::InvalidRequest { .. })));
        let call: ApiCall<String> = ApiCall::refused(Error::Configuration {
            message: "no broker credentials".into(),
        });
        let (send, parse) = call.into_parts();
        assert!(parse.is_none());
        assert!(
            matches!(block_on(send), Err(Error::Configuration { message }) if message == "no broker credentials")
        );
        assert!(echo.0.borrow().is_empty());
    }

    #[test]
    fn polled_after_it_finished_it_is_an_error_not_a_panic() {
        let (echo, http, auth) = parts();
        let req = Ok(HttpRequest::new(Method::Get, "https://x.test/b"));
        let mut call = ApiCall::from_parts(&http, &auth, req, true, Box::new(body_text));
        let waker = futures::task::noop_waker();
        let mut cx = Context::from_waker(&waker);
        let first = Pin::new(&mut call).poll(&mut cx);
        assert!(matches!(first, Poll::Ready(Ok(ref s)) if s == "https://x.test/b"));
        let again = Pin::new(&mut call).poll(&mut cx);
        assert!(matches!(
            again,
            Poll::Ready(Err(Error::Configuration { .. }))
        ));
        // Neither taken apart nor mapped after it ran does it send again.
        let (send, _) = call.into_parts();
        assert!(block_on(send).is_err());
        assert_eq!(echo.0.borrow().len(), 1);
    }
}
