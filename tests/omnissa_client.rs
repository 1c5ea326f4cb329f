//! The Omnissa slice end to end through the sandbox, on a virtual clock, with no tokio.
#![cfg(feature = "sandbox")]
// Tests fail by panicking; the panic lints are for library code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use common::*;
use futures::future::join3;
use partner_ordering::client::TokenSource;
use partner_ordering::endpoint::Endpoint;
use partner_ordering::omnissa::{
    Credentials, FetchToken, GetSubscription, ListSubscriptions, OmnissaClient, OmnissaConfig,
    TOKEN_PATH,
};
use partner_ordering::sandbox::{Fault, FaultKind, Sandbox, SANDBOX_APP_ID, SANDBOX_APP_SECRET};
use partner_ordering::token::AccessToken;
use partner_ordering::transport::{LocalFuture, ManualClock};
use partner_ordering::{Error, HttpResponse, Method, Secret};

/// Where the Omnissa API lives in the sandbox: faults injected here spare the token endpoint.
const SDP: &str = "/api/sdp/";

fn fixture(name: &str) -> Vec<u8> {
    fixture_bytes(&format!("omnissa/responses/{name}"))
}

fn token_calls<C>(env: &Env<C>) -> usize {
    env.count_calls(|p| p == TOKEN_PATH)
}

// ---- fixtures ----------------------------------------------------------------------------------

#[test]
fn seed_sample_subscriptions_parse() {
    let resp = HttpResponse::with_body(
        200,
        "application/json",
        fixture("list_subscriptions.seed.json"),
    );
    let subs = ListSubscriptions.parse(&resp).expect("parses");
    assert_eq!(subs.len(), 4);
    assert_eq!(subs[1].customer_name, "Company EFG");
    assert_eq!(
        subs[1].commit_contract_reference, "AMER00000OBILITY",
        "typo kept verbatim"
    );
    assert_eq!(subs[1].offers.iter().map(|o| o.quantity).sum::<u32>(), 350);
    assert_eq!(
        subs[0].starts_at.as_deref(),
        Some("2025-02-16T08:00:00.000Z")
    );
    assert_eq!(subs[3].ends_at.as_deref(), Some("2024-03-29T07:00:00.000Z"));
}

#[test]
fn spec_example_subscription_parses_with_space_date_format() {
    let resp = HttpResponse::with_body(
        200,
        "application/json",
        fixture("subscription.spec-example.json"),
    );
    let ep = GetSubscription {
        service_instance_id: "M123456789".into(),
    };
    let s = ep.parse(&resp).expect("parses");
    assert_eq!(s.service_instance_id, "M123456789");
    assert_eq!(s.start_date.as_deref(), Some("2023-05-15 00:00:00"));
    assert_eq!(s.starts_at.as_deref(), Some("2023-05-15T00:00:00.000Z"));
    assert_eq!(s.quantity_of("WSD-AWOAP-12MT0-C1S"), Some(5));
}

#[test]
fn quantities_as_strings_and_unknown_fields_are_accepted() {
    let body = r#"{"subscriptions":[{"serviceInstanceId":"M1","customerName":"C","commitContractReference":"X","offers":[{"sku":"A","quantity":"25"}],"newField":{"x":1}}],"more":true}"#;
    let subs = ListSubscriptions
        .parse(&HttpResponse::with_body(200, "application/json", body))
        .expect("parses");
    assert_eq!(subs[0].offers[0].quantity, 25);
}

#[test]
fn documented_error_bodies_become_api_errors() {
    for (file, status, code, msg) in [
        (
            "error.validation-failed.seed.json",
            400,
            "VALIDATION FAILED",
            "Edition Code is required field and cannot be empty",
        ),
        (
            "error.renewal-window.seed.json",
            400,
            "INVALID_REQUEST",
            "Renewal allowed only during last 30 days of active term",
        ),
        (
            "error.cancel-window.seed.json",
            401,
            "INVALID_REQUEST",
            "Cancellation allowed only during last 30 days of active term",
        ),
    ] {
        let resp = HttpResponse::with_body(status, "application/json", fixture(file));
        match ListSubscriptions.parse(&resp) {
            Err(Error::Api(e)) => {
                assert_eq!(
                    (e.status, e.code.as_deref(), e.message.as_str()),
                    (status, Some(code), msg),
                    "{file}"
                );
            }
            other => panic!("{file}: {other:?}"),
        }
    }
}

// ---- golden requests ---------------------------------------------------------------------------

#[test]
fn token_request_is_basic_auth_with_grant_type_in_query_and_no_body() {
    let ep = FetchToken {
        app_id: "app".into(),
        app_secret: Secret::new("secret"),
    };
    let req = ep
        .build("https://apigw.omnissa.com/v1/m0/application/oauth2/token")
        .expect("builds");
    assert_eq!(req.method, Method::Post);
    assert_eq!(
        req.url,
        "https://apigw.omnissa.com/v1/m0/application/oauth2/token?grant_type=client_credentials"
    );
    assert_eq!(
        req.headers.get("authorization"),
        Some("Basic YXBwOnNlY3JldA==")
    );
    assert_eq!(
        req.headers.get("content-type"),
        None,
        "the docs say Content-Type none"
    );
    assert_eq!(req.body, None);
}

#[test]
fn get_subscription_encodes_and_validates_the_sid() {
    let base = "https://apigw.omnissa.com/v2/m4/api/sdp";
    let ok = GetSubscription {
        service_instance_id: "M123456789".into(),
    }
    .build(base)
    .expect("builds");
    assert_eq!(
        ok.url,
        "https://apigw.omnissa.com/v2/m4/api/sdp/subscriptions/M123456789"
    );
    for (sid, code) in [
        ("", "sid_required"),
        ("M1/../addon", "sid_invalid"),
        ("M 1", "sid_invalid"),
    ] {
        match (GetSubscription {
            service_instance_id: sid.into(),
        })
        .build(base)
        {
            Err(Error::InvalidRequest { issues, .. }) => {
                assert_eq!(
                    (issues[0].path.as_str(), issues[0].code.as_str()),
                    ("serviceInstanceId", code)
                );
            }
            other => panic!("{sid:?}: {other:?}"),
        }
    }
}

// ---- client behaviour through the sandbox --------------------------------------------------------

#[test]
fn lists_and_gets_with_bearer_and_partner_id() {
    let h = omnissa_env();
    let subs = block_on(h.client.list_subscriptions()).expect("lists");
    assert_eq!(subs.len(), 5);
    let one = block_on(h.client.get_subscription("M000000002")).expect("gets");
    assert_eq!(one.customer_name, "Company EFG");
    assert_eq!(token_calls(&h), 1, "the token is cached between calls");
}

#[test]
fn token_is_refreshed_shortly_before_its_7500_s_expiry() {
    let h = omnissa_env();
    block_on(h.client.list_subscriptions()).expect("lists");
    h.clock.advance((7500 - 301) * 1000);
    block_on(h.client.list_subscriptions()).expect("lists");
    assert_eq!(token_calls(&h), 1, "still inside the margin");
    h.clock.advance(2_000);
    block_on(h.client.list_subscriptions()).expect("lists");
    assert_eq!(token_calls(&h), 2, "refreshed 5 minutes before expiry");
}

#[test]
fn concurrent_calls_share_one_token_request() {
    let h = omnissa_env();
    let (a, b, c) = block_on(join3(
        h.client.list_subscriptions(),
        h.client.get_subscription("M000000001"),
        h.client.list_subscriptions(),
    ));
    assert!(a.is_ok() && b.is_ok() && c.is_ok());
    assert_eq!(token_calls(&h), 1);
}

#[test]
fn a_401_refreshes_the_token_once_and_retries_once() {
    let h = omnissa_env();
    block_on(h.client.list_subscriptions()).expect("lists");
    h.sandbox.borrow_mut().expire_tokens();
    block_on(h.client.list_subscriptions()).expect("refreshed and retried");
    assert_eq!(token_calls(&h), 2);
}

#[test]
fn a_wrong_partner_id_is_a_401_api_error_after_one_refresh() {
    let h = omnissa_env_with(OmnissaConfig {
        partner_id: "SOMEONE-ELSE".into(),
        ..omnissa_config()
    });
    match block_on(h.client.list_subscriptions()) {
        Err(Error::Api(e)) => {
            assert_eq!((e.status, e.code.as_deref()), (401, Some("UNAUTHORIZED")));
            assert!(e.trace_id.is_some());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(token_calls(&h), 2, "one refresh, then give up");
}

#[test]
fn bad_credentials_fail_on_the_token_call() {
    let h = omnissa_env_with(OmnissaConfig {
        credentials: Credentials::ClientCredentials {
            app_id: "x".into(),
            app_secret: Secret::new("wrong"),
        },
        ..omnissa_config()
    });
    let err = block_on(h.client.list_subscriptions()).expect_err("refused");
    assert_eq!(err.status(), Some(401));
    assert!(
        !format!("{err:?} {err}").contains("wrong"),
        "the secret never appears in errors"
    );
}

#[test]
fn html_502_is_retried_then_reported_as_unexpected_response() {
    let h = omnissa_env();
    block_on(h.client.list_subscriptions()).expect("warm token");
    let before = h.call_count();
    h.inject(FaultKind::HtmlStatus(502), 10, SDP);
    match block_on(h.client.list_subscriptions()) {
        Err(Error::UnexpectedResponse {
            status: 502,
            content_type,
            body,
            ..
        }) => {
            assert_eq!(content_type.as_deref(), Some("text/html"));
            assert!(body.contains("Bad Gateway"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(h.call_count() - before, 3, "first attempt plus two retries");
    assert_eq!(
        h.clock.total_slept(),
        500 + 1000,
        "exponential backoff on the virtual clock"
    );
}

#[test]
fn one_transient_failure_is_absorbed_by_a_retry() {
    let h = omnissa_env();
    h.inject(FaultKind::HtmlStatus(503), 1, SDP);
    assert_eq!(
        block_on(h.client.list_subscriptions())
            .expect("retried")
            .len(),
        5
    );
}

#[test]
fn json_error_body_is_an_api_error_with_trace_id() {
    let h = omnissa_env();
    h.inject(FaultKind::JsonStatus(500), 3, SDP);
    let err = block_on(h.client.list_subscriptions()).expect_err("fails");
    assert_eq!(err.kind().code(), "API_ERROR");
    assert_eq!(err.status(), Some(500));
    assert!(err.trace_id().is_some_and(|t| t.len() == 16));
    assert!(err.is_retryable());
}

#[test]
fn network_failure_is_a_transport_error() {
    let h = omnissa_env();
    h.inject(FaultKind::NetworkError, 3, SDP);
    let err = block_on(h.client.list_subscriptions()).expect_err("fails");
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(err.may_have_been_sent());
}

#[test]
fn a_hanging_server_times_out() {
    let h = omnissa_env();
    h.inject(FaultKind::Hang, 3, SDP);
    let err = block_on(h.client.list_subscriptions()).expect_err("fails");
    assert_eq!(err, Error::Timeout { after_ms: 60_000 });
}

#[test]
fn invalid_input_sends_nothing() {
    let h = omnissa_env();
    let err = block_on(h.client.get_subscription("../../x")).expect_err("refused");
    assert!(!err.may_have_been_sent());
    assert_eq!(h.call_count(), 0, "not even a token request");
}

#[test]
fn unknown_sid_is_a_404_api_error() {
    let h = omnissa_env();
    let err = block_on(h.client.get_subscription("M999")).expect_err("missing");
    assert_eq!(
        (err.status(), err.api_code()),
        (Some(404), Some("NOT_FOUND"))
    );
}

struct StaticTokens(Rc<RefCell<u32>>, Rc<RefCell<Sandbox>>);

impl TokenSource for StaticTokens {
    fn fetch(&self) -> LocalFuture<Result<AccessToken, Error>> {
        // A "backend" that mints tokens with the real credentials, as a portal's server would.
        *self.0.borrow_mut() += 1;
        let http = sandbox_http(&self.1, Rc::new(ManualClock::new(NOW)));
        Box::pin(async move {
            let ep = FetchToken {
                app_id: SANDBOX_APP_ID.into(),
                app_secret: Secret::new(SANDBOX_APP_SECRET),
            };
            partner_ordering::client::call_unauthenticated(
                &http,
                "http://sandbox.test/v1/m0/application/oauth2/token",
                &ep,
            )
            .await
        })
    }
}

#[test]
fn token_provider_is_used_instead_of_client_credentials() {
    let count = Rc::new(RefCell::new(0));
    let env = Env::new();
    let tokens = StaticTokens(Rc::clone(&count), Rc::clone(&env.sandbox));
    let env = env.with_client(|http| {
        let config = OmnissaConfig {
            credentials: Credentials::Provider(Rc::new(tokens)),
            ..omnissa_config()
        };
        OmnissaClient::new(config, http).expect("config")
    });
    block_on(env.client.list_subscriptions()).expect("lists");
    block_on(env.client.list_subscriptions()).expect("lists");
    assert_eq!(*count.borrow(), 1);
}

#[test]
fn blank_settings_are_configuration_errors() {
    let err = OmnissaClient::new(
        OmnissaConfig {
            partner_id: " ".into(),
            base_url: "http://x".into(),
            ..omnissa_config()
        },
        Env::new().http(),
    )
    .expect_err("refused");
    assert_eq!(err.kind().code(), "CONFIGURATION_ERROR");
}

/// Timers that never fire, so a hanging request stays pending until dropped.
struct Frozen;

impl partner_ordering::transport::Runtime for Frozen {
    fn now_ms(&self) -> i64 {
        NOW
    }
    fn sleep(&self, _ms: u64) -> LocalFuture<()> {
        Box::pin(std::future::pending())
    }
    fn jitter(&self) -> f64 {
        0.0
    }
    fn uuid(&self) -> String {
        "00000000-0000-4000-8000-000000000000".into()
    }
}

#[test]
fn an_abandoned_token_fetch_does_not_poison_the_next_call() {
    use futures::FutureExt;
    let sandbox = Rc::new(RefCell::new(Sandbox::new(NOW)));
    let client = OmnissaClient::new(
        omnissa_config().with_base_url("http://s.test"),
        sandbox_http(&sandbox, Rc::new(Frozen)),
    )
    .expect("config");
    sandbox.borrow_mut().inject(Fault {
        kind: FaultKind::Hang,
        count: 1,
        path_contains: Some(TOKEN_PATH.into()),
    });
    // The caller gives up (an AbortSignal in JS) while the token request hangs.
    assert!(client.list_subscriptions().now_or_never().is_none());
    // The next call must start a fresh token request, not wait on the abandoned one.
    let subs = client
        .list_subscriptions()
        .now_or_never()
        .expect("completes")
        .expect("lists");
    assert_eq!(subs.len(), 5);
    let token_calls = sandbox
        .borrow()
        .calls()
        .iter()
        .filter(|c| c.path == TOKEN_PATH)
        .count();
    assert_eq!(token_calls, 2);
}

// ---- configuration -------------------------------------------------------------------------------

#[test]
fn a_token_url_is_held_to_more_than_a_base_url() {
    let with = |url: &str| {
        let mut cfg = omnissa_config();
        cfg.token_url = Some(url.into());
        Env::new().with_client(|http| OmnissaClient::new(cfg, http).map(|_| ()))
    };
    for ok in [
        "https://login.example.com/oauth2/token",
        "https://login.example.com/oauth2/token?tenant=acme",
        "http://127.0.0.1:8787/v1/m0/application/oauth2/token",
        "http://localhost:8787/token",
        "http://[::1]/token",
    ] {
        assert!(with(ok).client.is_ok(), "{ok}: {:?}", with(ok).client);
    }
    // (token URL, what the message must say); none may echo `hunter2`.
    let bad = [
        ("http://login.example.com/token", "https"),
        ("ftp://login.example.com/token", "http(s)"),
        ("login.example.com/token", "http(s)"),
        ("", "required"),
        (
            "https://user:hunter2@login.example.com/token",
            "credentials",
        ),
        (
            "https://login.example.com/token?client_secret=hunter2",
            "`client_secret`",
        ),
        (
            "https://login.example.com/token?access_token=hunter2",
            "`access_token`",
        ),
        (
            "https://login.example.com/token?api-key=hunter2",
            "`api-key`",
        ),
        (
            "https://login.example.com/token?grant_type=password",
            "grant_type",
        ),
        ("https://login.example.com/token#hunter2", "fragment"),
        ("https://login.example.com/to ken", "http(s)"),
    ];
    for (url, says) in bad {
        match with(url).client {
            Err(Error::Configuration { message }) => {
                assert!(message.contains("`tokenUrl`"), "{url}: {message}");
                assert!(message.contains(says), "{url}: {message}");
                assert!(!message.contains("hunter2"), "{url}: {message}");
            }
            other => panic!("{url}: expected a configuration error, got {other:?}"),
        }
    }
}
