//! Per-call settings (headers, retries, per-attempt timeout), what a call records (attempts,
//! failures, final response) and `Retry-After`, on a scripted transport and a virtual clock.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use common::block_on;
use common::scripted::{answer, stepped_http as env, Step};
use partner_ordering::call::{self, CallSettings, CallState};
use partner_ordering::client::HttpClient;
use partner_ordering::http::{Headers, HttpRequest, HttpResponse, Method};
use partner_ordering::retry::MAX_RETRY_AFTER_MS;
use partner_ordering::transport::LocalFuture;
use partner_ordering::Error;

fn get() -> HttpRequest {
    HttpRequest::new(Method::Get, "https://api.example.test/x")
}

/// Runs one idempotent GET as a call with `settings`; returns its result and state.
fn run(
    http: &HttpClient,
    settings: CallSettings,
) -> (Result<HttpResponse, Error>, Rc<RefCell<CallState>>) {
    let state = CallState::new(settings);
    let req = get();
    let out = block_on(call::scoped(Rc::clone(&state), http.execute(&req, true)));
    (out, state)
}

#[test]
fn max_retries_of_one_call_overrides_the_client() {
    let (script, _clock, http) = env(vec![answer(502, &[]), answer(502, &[])]);
    let (out, state) = run(
        &http,
        CallSettings {
            max_retries: Some(0),
            ..CallSettings::default()
        },
    );
    assert_eq!(out.map(|r| r.status).ok(), Some(502));
    assert_eq!(script.seen.borrow().len(), 1, "no retry for this call");
    assert_eq!(state.borrow().attempts, 1);
    assert_eq!(
        state.borrow().response.as_ref().map(|r| r.status),
        Some(502)
    );
}

#[test]
fn timeout_of_one_call_is_per_attempt() {
    let (script, clock, http) = env(vec![Step::Hang, Step::Hang, Step::Hang]);
    let (out, state) = run(
        &http,
        CallSettings {
            timeout_ms: Some(25),
            ..CallSettings::default()
        },
    );
    assert_eq!(out.err(), Some(Error::Timeout { after_ms: 25 }));
    assert_eq!(
        script.seen.borrow().len(),
        3,
        "each attempt had its own 25 ms"
    );
    // 3 × 25 ms of attempts plus the two backoff pauses (500 + 1000 ms).
    assert_eq!(clock.total_slept(), 3 * 25 + 1500);
    let st = state.borrow();
    assert_eq!(st.attempts, 3);
    assert_eq!(
        st.summary().as_deref(),
        Some("after 3 attempts; earlier: no response within 25 ms; no response within 25 ms")
    );
}

#[test]
fn a_failed_sequence_keeps_every_failure_and_the_cause() {
    let (_script, _clock, http) = env(vec![
        Step::Fail("ECONNRESET", 7),
        Step::Fail("ECONNREFUSED", 8),
        Step::Hang,
    ]);
    let (out, state) = run(
        &http,
        CallSettings {
            timeout_ms: Some(10),
            ..CallSettings::default()
        },
    );
    assert_eq!(out.err(), Some(Error::Timeout { after_ms: 10 }));
    let st = state.borrow();
    assert_eq!(st.cause, Some(8), "the last transport failure's object");
    let summary = st.summary().unwrap_or_default();
    assert!(
        summary.contains("ECONNRESET") && summary.contains("ECONNREFUSED"),
        "{summary}"
    );
}

#[test]
fn headers_of_one_call_are_sent_and_cannot_replace_credentials() {
    use partner_ordering::client::{AuthHeaders, Authenticator};
    struct Fixed;
    impl Authenticator for Fixed {
        fn credentials(&self, _req: &HttpRequest) -> LocalFuture<Result<AuthHeaders, Error>> {
            let mut headers = Headers::new();
            headers.set("Authorization", "Bearer real");
            Box::pin(std::future::ready(Ok(AuthHeaders {
                headers,
                generation: None,
            })))
        }
        fn invalidate(&self, _generation: u64) {}
    }
    let (script, _clock, http) = env(vec![answer(200, &[])]);
    let mut headers = Headers::new();
    headers.set("X-Request-Source", "portal");
    headers.set("authorization", "Bearer forged");
    let state = CallState::new(CallSettings {
        headers,
        ..CallSettings::default()
    });
    struct Ping;
    impl partner_ordering::endpoint::Endpoint for Ping {
        type Output = u16;
        fn api(&self) -> partner_ordering::Api {
            partner_ordering::Api::Omnissa
        }
        fn build(&self, base_url: &str) -> Result<HttpRequest, Error> {
            Ok(HttpRequest::new(Method::Get, format!("{base_url}/ping")))
        }
        fn parse(&self, resp: &HttpResponse) -> Result<u16, Error> {
            Ok(resp.status)
        }
        fn idempotent(&self) -> bool {
            true
        }
    }
    let auth: Rc<dyn partner_ordering::client::Authenticator> = Rc::new(Fixed);
    let ping =
        partner_ordering::api_call::ApiCall::new(&http, &auth, "https://api.example.test", Ping);
    let _ = block_on(call::scoped(Rc::clone(&state), ping));
    let seen = script.seen.borrow();
    let sent = &seen.first().expect("sent").headers;
    assert_eq!(sent.get("x-request-source"), Some("portal"));
    assert_eq!(sent.get("authorization"), Some("Bearer real"));
}

#[test]
fn retry_after_is_honoured_up_to_the_cap_and_returned_past_it() {
    // Within the cap, beyond the old 60 s: slept, then retried.
    let (script, clock, http) = env(vec![
        answer(429, &[("Retry-After", "90")]),
        answer(200, &[]),
    ]);
    let (out, _) = run(&http, CallSettings::default());
    assert_eq!(out.map(|r| r.status).ok(), Some(200));
    assert_eq!(
        (script.seen.borrow().len(), clock.total_slept()),
        (2, 90_000)
    );

    // Past the cap: no sleep, the response goes back with its Retry-After for the caller.
    let past = format!("{}", MAX_RETRY_AFTER_MS / 1000 + 1);
    let (script, clock, http) = env(vec![
        answer(503, &[("Retry-After", past.as_str())]),
        answer(200, &[]),
    ]);
    let (out, _) = run(&http, CallSettings::default());
    assert_eq!(out.map(|r| r.status).ok(), Some(503));
    assert_eq!((script.seen.borrow().len(), clock.total_slept()), (1, 0));

    // An HTTP date, measured from the response's Date header.
    let (script, clock, http) = env(vec![
        answer(
            503,
            &[
                ("Retry-After", "Wed, 21 Oct 2015 07:28:05 GMT"),
                ("Date", "Wed, 21 Oct 2015 07:28:00 GMT"),
            ],
        ),
        answer(200, &[]),
    ]);
    let (out, _) = run(&http, CallSettings::default());
    assert_eq!(out.map(|r| r.status).ok(), Some(200));
    assert_eq!(
        (script.seen.borrow().len(), clock.total_slept()),
        (2, 5_000)
    );
}
