//! Omnissa orders: golden bodies, sample responses, the lifecycle in the sandbox, and the
//! sandbox enforcing the same rules server-side.
#![cfg(feature = "sandbox")]
// Tests fail by panicking; the panic lints are for library code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::*;
use partner_ordering::endpoint::Endpoint;
use partner_ordering::omnissa::*;
use partner_ordering::poll::PollOptions;
use partner_ordering::sandbox::OrderSettings;
use partner_ordering::time::{parse_datetime, DAY_MS};
use partner_ordering::transport::Runtime;
use partner_ordering::{Api, Error, HttpResponse};
use serde::de::DeserializeOwned;

const BASE: &str = "https://apigw.omnissa.com/v2/m4/api/sdp";

fn fixture(rel: &str) -> String {
    fixture_text(&format!("omnissa/{rel}"))
}

fn read<T: DeserializeOwned>(rel: &str) -> T {
    fixture_json(&format!("omnissa/{rel}"))
}

/// A documented request body as a caller's input: without the add-on `type`, which the SDK
/// sets per operation (an input refuses fields it does not have).
fn read_input<T: DeserializeOwned>(rel: &str) -> T {
    let mut v: serde_json::Value = read(rel);
    v.as_object_mut().map(|o| o.remove("type"));
    serde_json::from_value(v).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Builds the request without validation (Postman samples hold placeholders) and returns the body.
fn body_of<B: OrderBody>(body: &B) -> (String, serde_json::Value) {
    let ep = PlaceOrder {
        body,
        subscription: None,
        now: None,
        validate: false,
    };
    let req = ep.build(BASE).expect("builds");
    (
        req.url,
        serde_json::from_str(req.body.as_deref().expect("has a body")).expect("json"),
    )
}

fn golden<B: OrderBody + DeserializeOwned>(sample: &str, path: &str) {
    let input: B = read_input(&format!("requests/{sample}.json"));
    let (url, body) = body_of(&input);
    assert_eq!(url, format!("{BASE}/{path}"), "{sample}");
    let golden_rel = format!("requests/{sample}.golden.json");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let file = fixture_path(&format!("omnissa/{golden_rel}"));
        std::fs::write(
            file,
            serde_json::to_string_pretty(&body).expect("json") + "\n",
        )
        .expect("write");
    }
    let want: serde_json::Value = read(&golden_rel);
    assert_eq!(body, want, "{sample}: body differs from {golden_rel}");
}

#[test]
fn golden_bodies_for_every_documented_request() {
    for src in ["doc", "postman"] {
        golden::<NewOrder>(&format!("new_order.{src}"), "subscriptions");
        golden::<QuantityIncrease>(&format!("quantity_increase.{src}"), "subscriptions/addon");
        golden::<SecondaryAddOn>(&format!("secondary_addon.{src}"), "subscriptions/addon");
        golden::<Upgrade>(&format!("upgrade.{src}"), "subscriptions/upgrade");
        golden::<Renewal>(&format!("renewal.{src}"), "subscriptions/renewal");
        golden::<Cancellation>(&format!("cancel.{src}"), "subscriptions/cancel");
    }
}

#[test]
fn bodies_use_the_spec_types_for_quantities() {
    // The doc sends "25" (string) for a secondary add-on; the spec's AddOnOffer.quantity is an integer.
    let (_, b) = body_of(&read_input::<SecondaryAddOn>(
        "requests/secondary_addon.doc.json",
    ));
    assert_eq!(b["offers"][0]["quantity"], serde_json::json!(25));
    // Postman sends 24 (number) for an upgrade; the spec's UpgradeOffer.quantity is a string.
    let (_, b) = body_of(&read_input::<Upgrade>("requests/upgrade.postman.json"));
    assert_eq!(b["offers"][0]["quantity"], serde_json::json!("24"));
    // Postman sends numbers for from/toQuantity; the spec types them as strings.
    let (_, b) = body_of(&read_input::<QuantityIncrease>(
        "requests/quantity_increase.postman.json",
    ));
    assert_eq!(b["offers"][0]["fromQuantity"], serde_json::json!("5"));
    assert_eq!(b["type"], serde_json::json!("QUANTITY-INCREASE"));
    // Cancel sends only what was given.
    let (_, b) = body_of(&read_input::<Cancellation>("requests/cancel.doc.json"));
    assert_eq!(b, serde_json::json!({"serviceInstanceId": "MXXXXXXXX"}));
}

#[test]
fn every_sample_response_parses() {
    let resp = |rel: &str, status| {
        HttpResponse::with_body(
            status,
            "application/json",
            fixture(&format!("responses/{rel}")),
        )
    };
    let status = GetOrderStatus {
        request_id: "r".into(),
    };
    let pending = status
        .parse(&resp("status_pending.doc.json", 200))
        .expect("pending");
    assert_eq!(
        (pending.status, pending.service_instance_id),
        (OrderState::Pending, None)
    );
    let ok = status
        .parse(&resp("status_success.doc.json", 200))
        .expect("success");
    assert_eq!(ok.service_instance_id.as_deref(), Some("M000000000"));
    let grouped = status
        .parse(&resp("status_success.with-group.json", 200))
        .expect("group");
    assert_eq!(grouped.group_id.as_deref(), Some("Group1111"));
    let spec = status
        .parse(&resp("status.spec-example.json", 200))
        .expect("spec");
    assert_eq!(
        (
            spec.group_id.as_deref(),
            spec.environment_identifier.as_deref()
        ),
        (Some("Radi1234"), Some("CN123"))
    );
    let failed = status
        .parse(&resp("status_error.with-message.json", 200))
        .expect("error");
    assert_eq!(
        (failed.status, failed.message.as_deref()),
        (OrderState::Error, Some("Order rejected by fulfilment"))
    );
    let unknown = status
        .parse(&HttpResponse::with_body(
            200,
            "application/json",
            r#"{"status":"QUEUED"}"#,
        ))
        .expect("open enum");
    assert_eq!(unknown.status, OrderState::Unknown("QUEUED".into()));

    let new = NewOrder {
        commit_contract_reference: "C".into(),
        offers: vec![],
        end_customer_info: EndCustomerInfo::default(),
    };
    let place = PlaceOrder {
        body: &new,
        subscription: None,
        now: None,
        validate: false,
    };
    let accepted = place
        .parse(&resp("order_accepted.doc.json", 202))
        .expect("accepted");
    assert_eq!(accepted.request_id, "bfa000d0-00ae-00d1-00bb-dac0d0f000ee");
    // Without its `requestId` an order cannot be followed: every such 2xx is a decode error.
    for (status, body) in [
        (202, ""),
        (202, "{}"),
        (202, "null"),
        (202, r#"{"requestId":""}"#),
        (202, r#"{"requestId":"  "}"#),
        (202, r#"{"requestId":null}"#),
        (200, r#"{"status":"accepted"}"#),
    ] {
        let got = place.parse(&HttpResponse::with_body(status, "application/json", body));
        assert!(
            matches!(got, Err(Error::Decode { api: Api::Omnissa, status: s, .. }) if s == status),
            "{status} {body:?}: {got:?}"
        );
    }
    match place.parse(&resp("error.validation-failed.seed.json", 400)) {
        Err(Error::Api(e)) => assert_eq!(e.code.as_deref(), Some("VALIDATION FAILED")),
        other => panic!("{other:?}"),
    }
}

// ---- the sandbox ---------------------------------------------------------------------------------

/// The sandbox's own 400s, with the client's checks off.
fn unchecked_env() -> Env<OmnissaClient> {
    omnissa_env_with(OmnissaConfig {
        validate: false,
        ..omnissa_config()
    })
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

fn wait(env: &Env<OmnissaClient>, accepted: OrderAccepted) -> OrderResult {
    let id = accepted.request_id;
    block_on(env.client.wait_for_order(&id, PollOptions::default())).expect("order succeeds")
}

#[test]
fn full_lifecycle_order_wait_addon_upgrade_renew_cancel() {
    let env = omnissa_env();
    let c = &env.client;
    let opts = CallOptions::default();

    let first = block_on(c.create_order(&new_order("WSD-AWOSP-12PT0-C1S", 10))).expect("accepted");
    let status = block_on(c.order_status(&first.request_id)).expect("status");
    assert_eq!(
        (status.status, status.service_instance_id),
        (OrderState::Pending, None),
        "PENDING has no SID"
    );
    let done = wait(&env, first);
    let sid = done.service_instance_id.clone();
    assert!(sid.starts_with('M') && done.polls >= 2, "{done:?}");
    let sub = block_on(c.get_subscription(&sid)).expect("created");
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
    wait(
        &env,
        block_on(c.increase_quantity(&inc, opts)).expect("increase"),
    );

    let addon = SecondaryAddOn {
        commit_contract_reference: "AMER00000MOBILITY".into(),
        service_instance_id: sid.clone(),
        offers: vec![OfferInput {
            sku: "WSD-ABXAP-12PT0-C1S".into(),
            quantity: "25".into(),
        }],
    };
    wait(
        &env,
        block_on(c.add_secondary_addon(&addon, opts)).expect("add-on"),
    );

    let upgrade = Upgrade {
        commit_contract_reference: "AMER00000MOBILITY".into(),
        service_instance_id: sid.clone(),
        offers: vec![UpgradeChange {
            from_sku: "WSD-AWOSP-12PT0-C1S".into(),
            to_sku: "WSD-AWOAP-12PT0-C1S".into(),
            quantity: 20.into(),
        }],
    };
    wait(&env, block_on(c.upgrade(&upgrade, opts)).expect("upgrade"));
    let sub = block_on(c.get_subscription(&sid)).expect("get");
    assert_eq!(
        (
            sub.quantity_of("WSD-AWOSP-12PT0-C1S"),
            sub.quantity_of("WSD-AWOAP-12PT0-C1S"),
            sub.quantity_of("WSD-ABXAP-12PT0-C1S")
        ),
        (Some(5), Some(20), Some(25))
    );

    let renewal = Renewal {
        commit_contract_reference: "AMER00000MOBILITY".into(),
        service_instance_id: sid.clone(),
        offers: vec![OfferInput {
            sku: "WSD-AWOAP-12PT0-C1S".into(),
            quantity: 30.into(),
        }],
    };
    // Too early: refused client-side with the API's text and the window's dates, nothing sent.
    let calls = env.call_count();
    let early = block_on(c.renew(&renewal, opts)).expect_err("window closed");
    let issue = &early.issues()[0];
    assert_eq!(
        (issue.code.as_str(), issue.path.as_str()),
        ("renewal_window_closed", "serviceInstanceId")
    );
    assert!(
        issue
            .message
            .starts_with("Renewal allowed only during last 30 days of active term"),
        "{}",
        issue.message
    );
    let end = sub.end_ms().expect("end date");
    assert!(
        issue
            .message
            .contains(&partner_ordering::time::format_rfc3339(end - 30 * DAY_MS)),
        "{}",
        issue.message
    );
    assert_eq!(
        env.call_count(),
        calls + 1,
        "only the precheck GET was sent"
    );

    // Ten days before the end: inside the window.
    env.clock
        .advance(u64::try_from(end - 10 * DAY_MS - env.clock.now_ms()).expect("future"));
    wait(&env, block_on(c.renew(&renewal, opts)).expect("renewal"));
    let sub = block_on(c.get_subscription(&sid)).expect("get");
    assert_eq!(
        sub.offers,
        vec![Offer {
            sku: "WSD-AWOAP-12PT0-C1S".into(),
            quantity: 30
        }]
    );

    let cancel = Cancellation {
        service_instance_id: sid.clone(),
        commit_contract_reference: None,
    };
    wait(&env, block_on(c.cancel(&cancel, opts)).expect("cancel"));
    let sub = block_on(c.get_subscription(&sid)).expect("get");
    assert_eq!(sub.renewal_preference.as_deref(), Some("OPT_OUT"));
}

#[test]
fn with_checks_off_the_sandbox_answers_the_apis_own_400s() {
    let env = unchecked_env();
    let c = &env.client;
    let renew = Renewal {
        commit_contract_reference: "AMER00000MOBILITY".into(),
        service_instance_id: "M000000001".into(), // term ended 2026-02-15: window closed
        offers: vec![OfferInput {
            sku: "WSU-ASUPSPSSP-12MT0-C1S".into(),
            quantity: 500.into(),
        }],
    };
    let got = api_error(block_on(c.renew(&renew, CallOptions::default())).expect_err("refused"));
    let doc: serde_json::Value = read("responses/error.renewal-window.seed.json");
    assert_eq!(
        (got.0, got.1.as_str(), got.2.as_str()),
        (
            400,
            doc["error"].as_str().unwrap(),
            doc["message"].as_str().unwrap()
        )
    );

    let cancel = Cancellation {
        service_instance_id: "M000000001".into(),
        commit_contract_reference: None,
    };
    let got = api_error(block_on(c.cancel(&cancel, CallOptions::default())).expect_err("refused"));
    let doc: serde_json::Value = read("responses/error.cancel-window.seed.json");
    assert_eq!(
        (got.1.as_str(), got.2.as_str()),
        (
            doc["error"].as_str().unwrap(),
            doc["message"].as_str().unwrap()
        )
    );

    let mut bad = new_order("wsd-awosp-12pt0-c1s", 0);
    bad.end_customer_info.email = "not-an-email".into();
    let got = api_error(block_on(c.create_order(&bad)).expect_err("refused"));
    assert_eq!((got.0, got.1.as_str()), (400, "VALIDATION FAILED"));
    assert!(got.2.starts_with("offers[0].sku"), "{}", got.2);

    let inc = QuantityIncrease {
        commit_contract_reference: "AMER00000MOBILITY".into(),
        service_instance_id: "M000000002".into(),
        offers: vec![QuantityChange {
            sku: "WSD-AWOSP-12PT0-C1S".into(),
            from_quantity: 99.into(),
            to_quantity: 120.into(),
        }],
    };
    let got = api_error(
        block_on(c.increase_quantity(&inc, CallOptions::default())).expect_err("refused"),
    );
    assert!(got.2.contains("current quantity"), "{}", got.2);
}

#[test]
fn the_open_window_subscription_renews_and_cancels_today() {
    let env = omnissa_env();
    let sub = block_on(env.client.get_subscription("M000000005")).expect("seeded");
    let w = renewal_window(&sub, env.clock.now_ms()).expect("dates");
    assert!(w.is_open, "{w:?}");
    let renew = Renewal {
        commit_contract_reference: "AMER00000MOBILITY".into(),
        service_instance_id: "M000000005".into(),
        offers: vec![OfferInput {
            sku: "WSD-AWOSP-12PT0-C1S".into(),
            quantity: 40.into(),
        }],
    };
    wait(
        &env,
        block_on(env.client.renew(&renew, CallOptions::default())).expect("renewal"),
    );
}

#[test]
fn wait_for_order_reports_error_and_times_out() {
    let env = omnissa_env();
    env.sandbox
        .borrow_mut()
        .fail_next_omnissa_order("Edition not available for this commit contract");
    let accepted = block_on(
        env.client
            .create_order(&new_order("WSD-AWOSP-12PT0-C1S", 1)),
    )
    .expect("accepted");
    let id = accepted.request_id;
    match block_on(env.client.wait_for_order(&id, PollOptions::default())) {
        Err(Error::OrderFailed {
            message, status, ..
        }) => {
            assert_eq!(
                (status.as_str(), message.as_str()),
                ("ERROR", "Edition not available for this commit contract")
            );
        }
        other => panic!("{other:?}"),
    }

    env.sandbox
        .borrow_mut()
        .set_omnissa_order_settings(OrderSettings {
            pending_polls: 1000,
            pending_ms: u32::MAX,
        });
    let accepted = block_on(
        env.client
            .create_order(&new_order("WSD-AWOSP-12PT0-C1S", 1)),
    )
    .expect("accepted");
    let started = env.clock.now_ms();
    let poll = PollOptions {
        interval_ms: 1000,
        max_interval_ms: 4000,
        timeout_ms: 20_000,
    };
    let err =
        block_on(env.client.wait_for_order(&accepted.request_id, poll)).expect_err("times out");
    assert_eq!(err, Error::Timeout { after_ms: 20_000 });
    let waited = env.clock.now_ms() - started;
    assert!(
        (15_000..=20_000).contains(&waited),
        "polled on the virtual clock for {waited} ms"
    );
}

#[test]
fn orders_are_never_retried_but_reads_are() {
    use partner_ordering::sandbox::FaultKind;
    let env = omnissa_env();
    block_on(env.client.list_subscriptions()).expect("warm the token");
    env.inject(FaultKind::HtmlStatus(503), 1, "/api/sdp/subscriptions");
    let before = env.call_count();
    let err = block_on(
        env.client
            .create_order(&new_order("WSD-AWOSP-12PT0-C1S", 1)),
    )
    .expect_err("503");
    assert_eq!(err.status(), Some(503));
    assert!(err.may_have_been_sent());
    assert_eq!(env.call_count() - before, 1, "one POST, no retry");
}

#[test]
fn precheck_can_be_turned_off_per_call() {
    let env = omnissa_env();
    let renew = Renewal {
        commit_contract_reference: "AMER00000MOBILITY".into(),
        service_instance_id: "M000000001".into(),
        offers: vec![OfferInput {
            sku: "WSU-ASUPSPSSP-12MT0-C1S".into(),
            quantity: 500.into(),
        }],
    };
    let err = block_on(env.client.renew(
        &renew,
        CallOptions {
            precheck: Some(false),
        },
    ))
    .expect_err("server refuses");
    assert_eq!(
        api_error(err).2,
        "Renewal allowed only during last 30 days of active term"
    );
}

#[test]
fn window_with_a_timezone_offset_in_end_date() {
    let mut sub: Subscription = read("responses/subscription.spec-example.json");
    sub.end_date = Some("2026-02-15T10:00:00.000+02:00".into());
    let at = |s: &str| parse_datetime(s).expect("valid");
    assert!(
        renewal_window(&sub, at("2026-01-16T08:00:00Z"))
            .expect("dates")
            .is_open
    );
    assert!(
        !renewal_window(&sub, at("2026-01-16T07:59:59Z"))
            .expect("dates")
            .is_open
    );
    assert!(
        renewal_window(&sub, at("2026-02-15T08:00:00Z"))
            .expect("dates")
            .is_open
    );
    assert!(
        !renewal_window(&sub, at("2026-02-15T08:00:01Z"))
            .expect("dates")
            .is_open
    );
}
