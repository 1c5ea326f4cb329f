//! The Rust core compiled to wasm32, in a real JS engine: Node by default, headless Chromium
//! with `WASM_BINDGEN_USE_BROWSER=1` (see the Makefile).
//!
//! The public JS API (the package's JS layer over `src/wasm/`) is tested by `tests/js/`. Here
//! the Rust clients run over `SandboxTransport` and over `HostTransport`, with a `HostRuntime`
//! whose timers are real `setTimeout`s, through a test [`host::TestHost`] written in plain JS.
#![cfg(all(target_arch = "wasm32", feature = "sandbox"))]
// Tests fail by panicking; the panic lints are for library code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::rc::Rc;

use partner_ordering::client::HttpClient;
use partner_ordering::json::from_json;
use partner_ordering::omnissa::*;
use partner_ordering::poll::PollOptions;
use partner_ordering::retry::RetryPolicy;
use partner_ordering::sandbox::{
    Fault, FaultKind, SANDBOX_APP_ID, SANDBOX_APP_SECRET, SANDBOX_PARTNER_ID,
};
use partner_ordering::time::DAY_MS;
use partner_ordering::{Api, Error, Secret};
use partner_ordering_wasm::host::{token_source, HostTransport};
use wasm_bindgen_test::wasm_bindgen_test;

#[path = "wasm/cloudblue.rs"]
mod cloudblue;
#[path = "wasm/cloudmore.rs"]
mod cloudmore;
#[path = "wasm/host.rs"]
mod host;
#[path = "wasm/portfolio.rs"]
mod portfolio;

use host::{SandboxEnv, TestHost};

/// The origin every sandbox client is configured with.
pub const SANDBOX_URL: &str = "https://sandbox.test";

/// Polling fast enough for a test, on real timers.
pub const FAST_POLL: PollOptions = PollOptions {
    interval_ms: 1,
    max_interval_ms: 5,
    timeout_ms: 10_000,
};

fn omnissa_config(credentials: Credentials) -> OmnissaConfig {
    OmnissaConfig::new(SANDBOX_PARTNER_ID, credentials).with_base_url(SANDBOX_URL)
}

fn app_credentials() -> Credentials {
    Credentials::ClientCredentials {
        app_id: SANDBOX_APP_ID.into(),
        app_secret: Secret::new(SANDBOX_APP_SECRET),
    }
}

fn omnissa(http: HttpClient) -> OmnissaClient {
    OmnissaClient::new(omnissa_config(app_credentials()), http).expect("config")
}

/// An Omnissa client over `HostTransport`, its tokens from the host's token provider.
fn omnissa_over_host(host: &TestHost, retry: RetryPolicy) -> OmnissaClient {
    let mut http = HttpClient::new(Rc::new(HostTransport(host.host())), host.runtime());
    http.retry = retry;
    let creds = Credentials::Provider(token_source(&host.host(), "tokenProvider"));
    OmnissaClient::new(omnissa_config(creds), http).expect("config")
}

fn new_order(sku: &str, qty: u32) -> NewOrder {
    NewOrder {
        commit_contract_reference: "AMER00000MOBILITY".into(),
        offers: vec![OfferInput {
            sku: sku.into(),
            quantity: qty.into(),
        }],
        end_customer_info: EndCustomerInfo {
            customer_name: "Acme Corp".into(),
            first_name: "Jane".into(),
            last_name: "Smith".into(),
            email: "jane@acme.example".into(),
            country: "US".into(),
            zip_code: "94943".into(),
            ..EndCustomerInfo::default()
        },
    }
}

async fn wait(c: &OmnissaClient, accepted: OrderAccepted) -> OrderResult {
    let id = accepted.request_id;
    c.wait_for_order(&id, FAST_POLL)
        .await
        .expect("order succeeds")
}

#[wasm_bindgen_test]
async fn omnissa_lifecycle_over_the_sandbox_with_real_timers() {
    let env = SandboxEnv::new();
    let c = omnissa(env.http());
    let opts = CallOptions::default();

    let subs = c.list_subscriptions().await.expect("lists");
    assert_eq!(subs.len(), 5);
    assert_eq!(
        c.get_subscription("M000000003")
            .await
            .expect("gets")
            .customer_name,
        "Company HIJ"
    );

    let first = c
        .create_order(&new_order("WSD-AWOSP-12PT0-C1S", 10))
        .await
        .expect("accepted");
    let done = wait(&c, first).await;
    let sid = done.service_instance_id.clone();
    assert!(
        sid.starts_with('M') && done.polls >= 2,
        "PENDING, then SUCCESS: {done:?}"
    );
    let sub = c.get_subscription(&sid).await.expect("created");
    assert_eq!(sub.quantity_of("WSD-AWOSP-12PT0-C1S"), Some(10));
    assert_eq!(sub.customer_name, "Acme Corp");

    let inc = QuantityIncrease {
        commit_contract_reference: "AMER00000MOBILITY".into(),
        service_instance_id: sid.clone(),
        offers: vec![QuantityChange {
            sku: "WSD-AWOSP-12PT0-C1S".into(),
            from_quantity: 10.into(),
            to_quantity: 25.into(),
        }],
    };
    wait(&c, c.increase_quantity(&inc, opts).await.expect("increase")).await;
    let sub = c.get_subscription(&sid).await.expect("get");
    assert_eq!(sub.quantity_of("WSD-AWOSP-12PT0-C1S"), Some(25));

    // The renewal window is judged by the host's clock: closed today, open near the end.
    let renewal = Renewal {
        commit_contract_reference: "AMER00000MOBILITY".into(),
        service_instance_id: sid.clone(),
        offers: vec![OfferInput {
            sku: "WSD-AWOSP-12PT0-C1S".into(),
            quantity: 30.into(),
        }],
    };
    let early = c.renew(&renewal, opts).await.expect_err("window closed");
    assert_eq!(early.issues()[0].code, "renewal_window_closed", "{early:?}");
    let end = sub.end_ms().expect("end date");
    env.host.advance((end - 10 * DAY_MS - env.now_ms()) as f64);
    wait(&c, c.renew(&renewal, opts).await.expect("renewal")).await;
    let sub = c.get_subscription(&sid).await.expect("get");
    assert_eq!(sub.quantity_of("WSD-AWOSP-12PT0-C1S"), Some(30));
}

#[wasm_bindgen_test]
async fn real_timers_time_out_a_hanging_request() {
    let env = SandboxEnv::new();
    let mut http = env.http();
    http.timeout_ms = 50;
    let c = omnissa(http);
    env.sandbox.borrow_mut().inject(Fault {
        kind: FaultKind::Hang,
        count: 3,
        path_contains: None,
    });
    let started = js_sys::Date::now();
    let err = c.list_subscriptions().await.expect_err("times out");
    assert_eq!(err, Error::Timeout { after_ms: 50 });
    assert!(err.may_have_been_sent());
    let took = js_sys::Date::now() - started;
    assert!(
        took >= 3.0 * 50.0,
        "three attempts of 50 ms each: {took} ms"
    );
    assert_eq!(env.call_count(), 3, "the first attempt and two retries");
    env.assert_no_live_timers();
}

#[wasm_bindgen_test]
async fn host_transport_sends_through_the_host_with_the_providers_token() {
    let body =
        include_str!("../../../tests/fixtures/omnissa/responses/list_subscriptions.seed.json");
    let host = TestHost::replying(200, &[("content-type", "application/json")], body);
    let c = omnissa_over_host(&host, RetryPolicy::default());
    let subs = c.list_subscriptions().await.expect("lists");
    assert_eq!(subs.len(), 4);
    assert_eq!(subs[1].customer_name, "Company EFG");
    assert_eq!(
        subs[0].starts_at.as_deref(),
        Some("2025-02-16T08:00:00.000Z")
    );

    assert_eq!(host.token_calls(), ["tokenProvider"]);
    let sent = host.sent();
    assert_eq!(sent.len(), 1, "{sent:?}");
    let req = &sent[0];
    assert_eq!(req.method, "GET");
    assert!(req.url.starts_with(SANDBOX_URL), "{}", req.url);
    assert_eq!(req.header("authorization"), Some("Bearer host-token"));
    assert_eq!(req.header("partnerId"), Some(SANDBOX_PARTNER_ID));
    assert_eq!(req.body, None);
    assert_eq!(host.cancels(), 0, "a settled request is not cancelled");
    assert_eq!(host.live_timers(), 0, "the per-attempt timer was cleared");
}

#[wasm_bindgen_test]
async fn a_host_transport_failure_is_a_transport_error() {
    let host = TestHost::replying(0, &[], "fetch failed: connect ECONNREFUSED 127.0.0.1:9");
    let c = omnissa_over_host(&host, RetryPolicy::none());
    let err = c.list_subscriptions().await.expect_err("refused");
    match &err {
        Error::Transport { message } => assert!(message.contains("ECONNREFUSED"), "{message}"),
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert!(err.may_have_been_sent());
    assert_eq!(host.sent().len(), 1, "no retries with RetryPolicy::none()");
    assert_eq!(host.live_timers(), 0);
}

#[wasm_bindgen_test]
async fn an_html_502_from_the_host_is_unexpected_response_after_real_retries() {
    let page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let host = TestHost::replying(502, &[("Content-Type", "text/html")], page);
    let c = omnissa_over_host(&host, RetryPolicy::default());
    match c.list_subscriptions().await {
        Err(Error::UnexpectedResponse {
            api: Api::Omnissa,
            status: 502,
            content_type,
            body,
            ..
        }) => {
            assert_eq!(content_type.as_deref(), Some("text/html"));
            assert!(body.contains("Bad Gateway"), "{body}");
        }
        other => panic!("expected an unexpected response, got {other:?}"),
    }
    assert_eq!(
        host.sent().len(),
        3,
        "the first attempt and two retries, backed off on setTimeout"
    );
    assert_eq!(host.live_timers(), 0);
}

#[wasm_bindgen_test]
async fn a_hanging_host_request_is_cancelled_when_it_times_out() {
    let host = TestHost::hanging();
    let mut http = HttpClient::new(Rc::new(HostTransport(host.host())), host.runtime());
    http.timeout_ms = 30;
    http.retry = RetryPolicy::none();
    let creds = Credentials::Provider(token_source(&host.host(), "tokenProvider"));
    let c = OmnissaClient::new(omnissa_config(creds), http).expect("config");
    let err = c.list_subscriptions().await.expect_err("times out");
    assert_eq!(err, Error::Timeout { after_ms: 30 });
    assert_eq!(host.sent().len(), 1);
    assert_eq!(host.cancels(), 1, "the abandoned fetch was cancelled");
    assert_eq!(host.live_timers(), 0);
}

#[wasm_bindgen_test]
async fn a_host_that_throws_on_send_is_a_transport_error_not_a_trap() {
    let host = TestHost::throwing();
    let c = omnissa_over_host(&host, RetryPolicy::none());
    let err = c.list_subscriptions().await.expect_err("refused");
    assert_eq!(
        err,
        Error::Transport {
            message: "the host could not start the request".into()
        }
    );
    assert_eq!(host.sent().len(), 1);
}

/// A `HostRuntime::sleep` future that is dropped before its first poll must still clear its
/// `setTimeout`: `HttpClient` races every attempt against one, and drops it unpolled whenever
/// the transport answers on the first poll (`SandboxTransport`, or a host whose `send` throws).
/// Each leaked timer holds a Node process or a Worker open for the per-attempt timeout (60 s).
#[wasm_bindgen_test]
async fn a_timer_dropped_before_it_is_polled_is_cleared() {
    let host = TestHost::hanging();
    drop(host.runtime().sleep(60_000));
    assert_eq!(host.live_timers(), 0, "the dropped sleep cleared its timer");

    let env = SandboxEnv::new();
    omnissa(env.http())
        .list_subscriptions()
        .await
        .expect("lists");
    env.assert_no_live_timers();
}

#[wasm_bindgen_test]
fn json_limits_hold_in_wasm() {
    let deep = format!("{}{}", "[".repeat(3000), "]".repeat(3000));
    match from_json::<serde_json::Value>(Api::Omnissa, "order", &deep) {
        Err(Error::InvalidRequest { api, issues }) => {
            assert_eq!(api, Api::Omnissa);
            assert_eq!(issues.len(), 1, "{issues:?}");
            assert_eq!(issues[0].code, "limit_exceeded");
            assert!(
                issues[0].message.contains("maxDepth"),
                "{}",
                issues[0].message
            );
        }
        other => panic!("expected limit_exceeded, got {other:?}"),
    }
    // The same nesting in an object, and a path to where it broke.
    let deep_obj = format!("{{\"a\":{}{}}}", "[".repeat(3000), "]".repeat(3000));
    match from_json::<serde_json::Value>(Api::Omnissa, "order", &deep_obj) {
        Err(Error::InvalidRequest { issues, .. }) => {
            assert_eq!(issues[0].code, "limit_exceeded");
            assert!(issues[0].path.starts_with("a[0]"), "{}", issues[0].path);
        }
        other => panic!("expected limit_exceeded, got {other:?}"),
    }
    let within = format!("{}{}", "[".repeat(64), "]".repeat(64));
    assert!(from_json::<serde_json::Value>(Api::Omnissa, "x", &within).is_ok());
    // A typed parse names the path of the bad field.
    let bad = r#"{"commitContractReference":"C","offers":[{"sku":"S","quantity":1},{"sku":7,"quantity":1}],
                 "endCustomerInfo":{}}"#;
    match from_json::<NewOrder>(Api::Omnissa, "order", bad) {
        Err(Error::InvalidRequest { issues, .. }) => {
            assert_eq!(
                (issues[0].path.as_str(), issues[0].code.as_str()),
                ("offers[1].sku", "invalid_type")
            );
        }
        other => panic!("expected an invalid request, got {other:?}"),
    }
}
