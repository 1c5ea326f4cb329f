//! Cloudmore: golden paths and bodies for every operation, the password grant, both 400 shapes,
//! table-driven bad inputs, credential levels, price-list precedence, and the subscription
//! lifecycle in the sandbox.
#![cfg(feature = "sandbox")]
// Tests fail by panicking; the panic lints are for library code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::cell::RefCell;
use std::rc::Rc;

use futures::executor::block_on;
use futures::future::join;
use partner_ordering::client::HttpClient;
use partner_ordering::cloudmore::ops;
use partner_ordering::cloudmore::*;
use partner_ordering::endpoint::{error_from_response, Endpoint};
use partner_ordering::sandbox::*;
use partner_ordering::transport::{ManualClock, Runtime, SandboxTransport};
use partner_ordering::{Api, Error, HttpRequest, HttpResponse, Secret};
use serde_json::{json, Value};

const NOW: i64 = 1_795_000_000_000;
const BASE: &str = "https://api.cloudmore.com";
const S: &str = "5e11e700-0000-4000-8000-000000000001";
const R: &str = "b0b0b0b0-0000-4000-8000-000000000001";
const O: &str = "0a0a0a0a-0000-4000-8000-000000000001";
const V: &str = "5e7c0000-0000-4000-8000-000000000001";
const X: &str = "c0ffee00-0000-4000-8000-000000000001";
const P: &str = "9d0d0000-0000-4000-8000-000000000001";

struct Env {
    sandbox: Rc<RefCell<Sandbox>>,
    clock: Rc<ManualClock>,
    client: CloudmoreClient,
}

fn level(id: &str, user: &str) -> CloudmoreLevel {
    CloudmoreLevel {
        id: id.into(),
        credentials: CloudmoreCredentials::Password {
            username: user.into(),
            password: Secret::new(CLOUDMORE_PASSWORD),
            api_secret: Secret::new(CLOUDMORE_API_SECRET),
        },
    }
}

fn env_with(seller: bool, broker: bool, validate: bool) -> Env {
    let sandbox = Rc::new(RefCell::new(Sandbox::new(NOW)));
    let clock = Rc::new(ManualClock::new(NOW));
    let rt: Rc<dyn Runtime> = clock.clone();
    let http = HttpClient::new(
        Rc::new(SandboxTransport::new(Rc::clone(&sandbox), Rc::clone(&rt))),
        rt,
    );
    let cfg = CloudmoreConfig {
        base_url: "http://sandbox.test".into(),
        seller: seller.then(|| level(CLOUDMORE_SELLER_ID, CLOUDMORE_SELLER_USERNAME)),
        broker: broker.then(|| level(CLOUDMORE_RESELLER_ID, CLOUDMORE_BROKER_USERNAME)),
        validate,
        precheck: true,
    };
    Env {
        sandbox,
        clock,
        client: CloudmoreClient::new(cfg, http).expect("config"),
    }
}

fn env() -> Env {
    env_with(true, true, true)
}

impl Env {
    fn calls(&self) -> Vec<String> {
        self.sandbox
            .borrow()
            .calls()
            .iter()
            .map(|c| format!("{} {}", c.method, c.path))
            .collect()
    }
}

fn at(org: &str) -> OrgService {
    OrgService {
        organization_id: org.into(),
        service_id: CLOUDMORE_SERVICE_ID.into(),
    }
}

fn new_sub(product: &str, qty: Value) -> NewCloudmoreSubscription {
    NewCloudmoreSubscription {
        product_id: product.into(),
        quantity: serde_json::from_value(qty).expect("quantity"),
        name: None,
        extra: Default::default(),
    }
}

fn issues(e: Error) -> Vec<(String, String)> {
    match e {
        Error::InvalidRequest { issues, .. } => {
            issues.into_iter().map(|i| (i.path, i.code)).collect()
        }
        other => panic!("expected an invalid request, got {other:?}"),
    }
}

/// Method, URL and body of a built request.
fn built<T>(r: CloudmoreRequest<T>) -> (String, String, Option<Value>) {
    let req: HttpRequest = r.build(BASE).expect("builds");
    assert_eq!(req.headers.get("accept"), Some("application/json"));
    (
        req.method.to_string(),
        req.url.trim_start_matches(BASE).to_string(),
        req.body
            .map(|b| serde_json::from_str(&b).expect("JSON body")),
    )
}

#[test]
fn golden_paths_and_bodies_of_every_operation() {
    let upd = CloudmoreSubscriptionUpdate {
        quantity: Some("12".into()),
        ..Default::default()
    };
    let mut named = new_sub(P, json!("5"));
    named.name = Some("Backup for HQ".into());
    named
        .extra
        .insert("customProperties".into(), json!({"site": "HQ"}));
    let org = format!("/api/resellers/{R}/organizations/{O}/services/{V}");
    let cases = [
        (
            built(ops::list_seller_subscriptions(S)),
            "GET",
            format!("/api/sellers/{S}/subscriptions"),
            None,
        ),
        (
            built(ops::list_seller_subscriptions_by_service(S, V)),
            "GET",
            format!("/api/sellers/{S}/subscriptions/service/{V}"),
            None,
        ),
        (
            built(ops::get_seller_subscription(S, X)),
            "GET",
            format!("/api/sellers/{S}/subscriptions/{X}"),
            None,
        ),
        (
            built(ops::remove_seller_subscription(S, X, "cancel", None)),
            "DELETE",
            format!("/api/sellers/{S}/subscriptions/{X}?removeAction=Cancel"),
            None,
        ),
        (
            built(ops::remove_seller_subscription(S, X, "Delete", None)),
            "DELETE",
            format!("/api/sellers/{S}/subscriptions/{X}?removeAction=Delete"),
            None,
        ),
        (
            built(ops::set_license_key(S, X, "AB-12")),
            "PUT",
            format!("/api/sellers/{S}/subscriptions/SetLicenseKey/{X}"),
            Some(json!({"licenseKey": "AB-12"})),
        ),
        (
            built(ops::list_reseller_service_subscriptions(R, V)),
            "GET",
            format!("/api/resellers/{R}/services/{V}/subscriptions"),
            None,
        ),
        (
            built(ops::list_organization_subscriptions(R, O, V)),
            "GET",
            format!("{org}/subscriptions"),
            None,
        ),
        (
            built(ops::get_organization_subscription(R, O, V, X)),
            "GET",
            format!("{org}/subscriptions/{X}"),
            None,
        ),
        (
            built(ops::create_organization_subscription(
                R,
                O,
                V,
                &new_sub(P, json!(5)),
                None,
            )),
            "POST",
            format!("{org}/subscriptions"),
            Some(json!({"productId": P, "quantity": 5})),
        ),
        (
            built(ops::create_organization_subscription(R, O, V, &named, None)),
            "POST",
            format!("{org}/subscriptions"),
            Some(
                json!({"productId": P, "quantity": 5, "name": "Backup for HQ", "customProperties": {"site": "HQ"}}),
            ),
        ),
        (
            built(ops::update_organization_subscription(
                R, O, V, X, &upd, None, None,
            )),
            "PUT",
            format!("{org}/subscriptions/{X}"),
            Some(json!({"quantity": 12})),
        ),
        (
            built(ops::cancel_organization_subscription(R, O, V, X, None)),
            "DELETE",
            format!("{org}/subscriptions/{X}"),
            None,
        ),
        (
            built(ops::subscription_history(R, O, V, X)),
            "GET",
            format!("{org}/Subscriptionshistory/{X}"),
            None,
        ),
        (
            built(ops::reseller_price_list(R, V, None)),
            "GET",
            format!("/api/resellers/{R}/services/{V}/pricelist"),
            None,
        ),
        (
            built(ops::reseller_price_list(R, V, Some("EUR"))),
            "GET",
            format!("/api/resellers/{R}/services/{V}/pricelist?currencyCode=EUR"),
            None,
        ),
        (
            built(ops::organization_price_list(R, O, V)),
            "GET",
            format!("{org}/pricelist"),
            None,
        ),
    ];
    for ((method, url, body), want_method, want_url, want_body) in cases {
        assert_eq!(
            (method.as_str(), url.as_str()),
            (want_method, want_url.as_str())
        );
        assert_eq!(body, want_body, "{want_url}");
    }
}

#[test]
fn the_password_grant_request() {
    let req = FetchCloudmoreToken {
        username: "api user@example.com".into(),
        password: Secret::new("p&ss=word"),
        api_secret: Secret::new("s3cret"),
    }
    .build(BASE)
    .expect("builds");
    assert_eq!(req.url, "https://api.cloudmore.com/connect/token");
    assert_eq!(
        req.headers.get("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    // base64("ro.customer.client:s3cret")
    assert_eq!(
        req.headers.get("authorization"),
        Some("Basic cm8uY3VzdG9tZXIuY2xpZW50OnMzY3JldA==")
    );
    assert_eq!(
        req.body.as_deref(),
        Some("grant_type=password&username=api%20user%40example.com&password=p%26ss%3Dword&scope=api")
    );
    assert!(!format!("{req:?}").contains("s3cret"), "secrets redacted");
    // The id and secret are form-encoded before Basic (RFC 6749 §2.3.1).
    let plus = FetchCloudmoreToken {
        username: "u".into(),
        password: Secret::new("p"),
        api_secret: Secret::new("a+b%c"),
    }
    .build(BASE)
    .expect("builds");
    // base64("ro.customer.client:a%2Bb%25c")
    assert_eq!(
        plus.headers.get("authorization"),
        Some("Basic cm8uY3VzdG9tZXIuY2xpZW50OmElMkJiJTI1Yw==")
    );
}

#[test]
fn tokens_are_cached_per_level_shared_and_refreshed_after_24_hours() {
    let e = env();
    let (a, b) = block_on(join(
        e.client.list_seller_subscriptions(),
        e.client.list_seller_subscriptions(),
    ));
    a.expect("lists");
    b.expect("lists");
    block_on(
        e.client
            .list_reseller_service_subscriptions(CLOUDMORE_SERVICE_ID),
    )
    .expect("lists");
    let tokens = |e: &Env| {
        e.calls()
            .iter()
            .filter(|c| c.ends_with("/connect/token"))
            .count()
    };
    assert_eq!(tokens(&e), 2, "one per level, concurrent callers share it");
    e.clock.advance(23 * 3_600_000);
    block_on(e.client.list_seller_subscriptions()).expect("lists");
    assert_eq!(tokens(&e), 2, "still valid after 23 h");
    e.clock.advance(3_600_000);
    block_on(e.client.list_seller_subscriptions()).expect("lists");
    assert_eq!(tokens(&e), 3, "refreshed before the 24 h expiry");
}

#[test]
fn seller_operations_need_seller_credentials_and_are_refused_unsent() {
    let e = env_with(false, true, true);
    let err = block_on(e.client.list_seller_subscriptions()).expect_err("refused");
    match err {
        Error::Configuration { message } => {
            assert!(
                message.contains("`listSellerSubscriptions` is a seller-level operation"),
                "{message}"
            );
            assert!(
                message.contains("broker-level credentials only"),
                "{message}"
            );
        }
        other => panic!("{other:?}"),
    }
    let err = block_on(e.client.set_license_key(X, "K")).expect_err("refused");
    assert!(matches!(err, Error::Configuration { .. }));
    assert!(e.calls().is_empty(), "nothing sent: {:?}", e.calls());
    let s = env_with(true, false, true);
    let err = block_on(
        s.client
            .list_organization_subscriptions(&at(CLOUDMORE_ORG_ID)),
    )
    .expect_err("refused");
    assert!(
        matches!(err, Error::Configuration { ref message } if message.contains("broker-level operation")),
        "{err:?}"
    );
}

#[test]
fn the_sandbox_refuses_a_broker_token_on_seller_paths() {
    // Broker credentials configured as if they were the seller's: the server says 403.
    let sandbox = Rc::new(RefCell::new(Sandbox::new(NOW)));
    let rt: Rc<dyn Runtime> = Rc::new(ManualClock::new(NOW));
    let http = HttpClient::new(
        Rc::new(SandboxTransport::new(Rc::clone(&sandbox), Rc::clone(&rt))),
        rt,
    );
    let cfg = CloudmoreConfig {
        base_url: "http://sandbox.test".into(),
        seller: Some(level(CLOUDMORE_SELLER_ID, CLOUDMORE_BROKER_USERNAME)),
        broker: None,
        validate: true,
        precheck: true,
    };
    let client = CloudmoreClient::new(cfg, http).expect("config");
    match block_on(client.list_seller_subscriptions()).expect_err("forbidden") {
        Error::Api(a) => {
            assert_eq!((a.status, a.code.as_deref()), (403, Some("Forbidden")));
            assert!(a.trace_id.is_some());
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn both_400_shapes_become_api_errors_with_field_issues() {
    let array = HttpResponse::json(
        400,
        &json!([{"errorCode": 5, "errorName": "InvalidValue", "errorMessage": "Invalid domain/website: acme"}]),
    );
    let dict = HttpResponse::json(
        400,
        &json!({"Contact.Phone": ["Phone number is not in valid format."]}),
    );
    for (resp, code, path, message) in [
        (
            array,
            Some("InvalidValue"),
            "",
            "Invalid domain/website: acme",
        ),
        (
            dict,
            None,
            "contact.phone",
            "Phone number is not in valid format.",
        ),
    ] {
        match error_from_response(Api::Cloudmore, &resp) {
            Error::Api(a) => {
                assert_eq!((a.status, a.code.as_deref()), (400, code));
                assert_eq!(a.field_errors.len(), 1);
                assert_eq!(
                    (
                        a.field_errors[0].path.as_str(),
                        a.field_errors[0].message.as_str()
                    ),
                    (path, message)
                );
            }
            other => panic!("{other:?}"),
        }
    }
    // And from the sandbox, with validation off so the server is the one to refuse.
    let e = env_with(true, true, false);
    let err = block_on(
        e.client
            .create_organization_subscription(&at(CLOUDMORE_ORG_ID), &new_sub(P, json!(0))),
    )
    .expect_err("400");
    match err {
        Error::Api(a) => assert_eq!(
            (a.status, a.field_errors[0].path.as_str()),
            (400, "quantity")
        ),
        other => panic!("{other:?}"),
    }
    let err = block_on(e.client.create_organization_subscription(
        &at(CLOUDMORE_ORG_ID),
        &new_sub(CLOUDMORE_RESELLER_ONLY_PRODUCT_ID, json!(1)),
    ))
    .expect_err("400");
    match err {
        Error::Api(a) => {
            assert_eq!((a.status, a.code.as_deref()), (400, Some("InvalidValue")));
            // The sandbox judges by the client's own rule, so the message is the same.
            assert!(
                a.message.contains("is not in the organization price list"),
                "{}",
                a.message
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn table_of_bad_inputs_with_exact_codes_and_paths() {
    let p = || {
        Some(
            PriceList::from_wire(PriceListLevel::Reseller, json!([{"productId": P}]))
                .expect("list"),
        )
    };
    let create = |o: &str, v: &str, product: &str, q: Value| {
        rules::validate_create(o, v, &new_sub(product, q), p().as_ref())
            .report()
            .issues
    };
    let update = |id: &str, u: CloudmoreSubscriptionUpdate| {
        rules::validate_update(O, V, id, &u, p().as_ref())
            .report()
            .issues
    };
    let key = |k: &str| {
        let mut i = partner_ordering::validate::Issues::new();
        rules::check_license_key(&mut i, k);
        i.report().issues
    };
    let q = |v: Value| CloudmoreSubscriptionUpdate {
        quantity: Some(serde_json::from_value(v).unwrap()),
        ..Default::default()
    };
    let product = |id: &str| CloudmoreSubscriptionUpdate {
        product_id: Some(id.into()),
        ..Default::default()
    };
    let named = |name: &str| CloudmoreSubscriptionUpdate {
        name: Some(name.into()),
        ..Default::default()
    };
    let cases: Vec<(&str, Vec<partner_ordering::Issue>, &str, &str)> = vec![
        (
            "org empty",
            create("", V, P, json!(1)),
            "organizationId",
            "id_required",
        ),
        (
            "org not a guid",
            create("acme", V, P, json!(1)),
            "organizationId",
            "id_invalid",
        ),
        (
            "org with slash",
            create("0a0a0a0a-0000-4000-8000-00000000000/", V, P, json!(1)),
            "organizationId",
            "id_invalid",
        ),
        (
            "org in braces",
            create(&format!("{{{O}}}"), V, P, json!(1)),
            "organizationId",
            "id_invalid",
        ),
        (
            "service blank",
            create(O, "  ", P, json!(1)),
            "serviceId",
            "id_required",
        ),
        (
            "service short",
            create(O, "5e7c0000-0000-4000-8000-00000000001", P, json!(1)),
            "serviceId",
            "id_invalid",
        ),
        (
            "service non-hex",
            create(O, "5e7c0000-0000-4000-8000-00000000000z", P, json!(1)),
            "serviceId",
            "id_invalid",
        ),
        (
            "product empty",
            create(O, V, "", json!(1)),
            "productId",
            "product_id_required",
        ),
        (
            "product unknown",
            create(O, V, "9d0d0000-0000-4000-8000-000000000099", json!(1)),
            "productId",
            "product_not_in_price_list",
        ),
        (
            "quantity zero",
            create(O, V, P, json!(0)),
            "quantity",
            "quantity_not_positive",
        ),
        (
            "quantity negative",
            create(O, V, P, json!(-3)),
            "quantity",
            "quantity_not_positive",
        ),
        (
            "quantity fraction",
            create(O, V, P, json!(2.5)),
            "quantity",
            "quantity_not_integer",
        ),
        (
            "quantity text",
            create(O, V, P, json!("ten")),
            "quantity",
            "quantity_not_integer",
        ),
        (
            "quantity blank text",
            create(O, V, P, json!("")),
            "quantity",
            "quantity_not_integer",
        ),
        (
            "quantity huge",
            create(O, V, P, json!(2_147_483_648u64)),
            "quantity",
            "quantity_too_large",
        ),
        (
            "quantity string zero",
            create(O, V, P, json!("0")),
            "quantity",
            "quantity_not_positive",
        ),
        (
            "update nothing",
            update(X, CloudmoreSubscriptionUpdate::default()),
            "",
            "update_empty",
        ),
        (
            "update bad id",
            update("x", q(json!(2))),
            "subscriptionId",
            "id_invalid",
        ),
        (
            "update qty zero",
            update(X, q(json!(0))),
            "quantity",
            "quantity_not_positive",
        ),
        (
            "update qty fraction text",
            update(X, q(json!("1.5"))),
            "quantity",
            "quantity_not_integer",
        ),
        (
            "update unknown product",
            update(X, product("nope")),
            "productId",
            "product_not_in_price_list",
        ),
        (
            "update blank name",
            update(X, named("  ")),
            "name",
            "name_invalid",
        ),
        (
            "update name with newline",
            update(X, named("a\nb")),
            "name",
            "name_invalid",
        ),
        ("key empty", key(""), "licenseKey", "license_key_empty"),
        ("key blank", key(" \t "), "licenseKey", "license_key_empty"),
        (
            "key newline",
            key("AB-12\n"),
            "licenseKey",
            "license_key_control_chars",
        ),
        (
            "key nul",
            key("AB\u{0}12"),
            "licenseKey",
            "license_key_control_chars",
        ),
        (
            "key too long",
            key(&"K".repeat(1025)),
            "licenseKey",
            "license_key_too_long",
        ),
    ];
    assert!(cases.len() >= 25);
    for (name, got, path, code) in cases {
        let first = got.first().unwrap_or_else(|| panic!("{name}: no issue"));
        assert_eq!(
            (first.path.as_str(), first.code.as_str()),
            (path, code),
            "{name}: {got:?}"
        );
    }
    // Operation-level rules, through the request values.
    let refused = |r: Result<HttpRequest, Error>| issues(r.expect_err("refused"));
    let cancelled = SubscriptionStatus::Cancelled;
    for (name, got, want) in [
        (
            "removeAction",
            refused(ops::remove_seller_subscription(S, X, "Archive", None).build(BASE)),
            ("removeAction", "remove_action_invalid"),
        ),
        (
            "seller cancel of a cancelled",
            refused(ops::remove_seller_subscription(S, X, "Cancel", Some(&cancelled)).build(BASE)),
            ("subscriptionId", "already_cancelled"),
        ),
        (
            "org cancel of a cancelled",
            refused(
                ops::cancel_organization_subscription(R, O, V, X, Some(&cancelled)).build(BASE),
            ),
            ("subscriptionId", "already_cancelled"),
        ),
        (
            "update of a cancelled",
            refused(
                ops::update_organization_subscription(
                    R,
                    O,
                    V,
                    X,
                    &CloudmoreSubscriptionUpdate {
                        quantity: Some(2.into()),
                        ..Default::default()
                    },
                    None,
                    Some(&cancelled),
                )
                .build(BASE),
            ),
            ("subscriptionId", "subscription_cancelled"),
        ),
        (
            "seller id",
            refused(ops::list_seller_subscriptions("../x").build(BASE)),
            ("sellerId", "id_invalid"),
        ),
        (
            "reseller id",
            refused(ops::reseller_price_list("", V, None).build(BASE)),
            ("resellerId", "id_required"),
        ),
        (
            "license via seller",
            refused(ops::set_license_key(S, X, "").build(BASE)),
            ("licenseKey", "license_key_empty"),
        ),
    ] {
        assert_eq!(
            got.first().map(|(p, c)| (p.as_str(), c.as_str())),
            Some(want),
            "{name}"
        );
    }
    // Deleting a cancelled subscription is allowed.
    assert!(
        ops::remove_seller_subscription(S, X, "Delete", Some(&cancelled))
            .build(BASE)
            .is_ok()
    );
}

#[test]
fn price_list_precedence_and_prechecks() {
    let e = env();
    // Acme has its own list: the broker-only product is refused before any create is sent.
    let err = block_on(e.client.create_organization_subscription(
        &at(CLOUDMORE_ORG_ID),
        &new_sub(CLOUDMORE_RESELLER_ONLY_PRODUCT_ID, json!(1)),
    ))
    .expect_err("refused");
    assert_eq!(
        issues(err),
        [(
            "productId".to_string(),
            "product_not_in_price_list".to_string()
        )]
    );
    assert!(
        !e.calls().iter().any(|c| c.starts_with("POST /api")),
        "{:?}",
        e.calls()
    );
    // Globex has none, so the broker's list applies and the same product is fine.
    let sub = block_on(e.client.create_organization_subscription(
        &at(CLOUDMORE_ORG2_ID),
        &new_sub(CLOUDMORE_RESELLER_ONLY_PRODUCT_ID, json!(1)),
    ))
    .expect("created");
    assert_eq!(sub.product_name.as_deref(), Some("Backup 1 TB"));
    let list = block_on(e.client.applicable_price_list(&at(CLOUDMORE_ORG_ID))).expect("list");
    assert_eq!(
        (list.level, list.products.len()),
        (PriceListLevel::Organization, 2)
    );
    assert_eq!(
        list.product(CLOUDMORE_PRODUCT_ID)
            .and_then(|p| p.price.as_deref()),
        Some("4.50")
    );
    let reseller = block_on(
        e.client
            .get_reseller_price_list(CLOUDMORE_SERVICE_ID, Some("EUR")),
    )
    .expect("list");
    assert_eq!(
        reseller
            .product(CLOUDMORE_PRODUCT_ID)
            .and_then(|p| p.price.as_deref()),
        Some("5.00")
    );
    assert_eq!(
        reseller.products[0].extra.get("commitment"),
        Some(&json!("None")),
        "unknown fields kept"
    );
    // A loaded list is used instead of fetching.
    e.client.set_price_list(list);
    let before = e.calls().len();
    let err = block_on(e.client.create_organization_subscription(
        &at(CLOUDMORE_ORG_ID),
        &new_sub(CLOUDMORE_RESELLER_ONLY_PRODUCT_ID, json!(1)),
    ))
    .expect_err("refused");
    assert!(matches!(err, Error::InvalidRequest { .. }));
    assert_eq!(e.calls().len(), before, "no request at all");
}

#[test]
fn lifecycle_create_update_license_history_cancel() {
    let e = env();
    let acme = at(CLOUDMORE_ORG_ID);
    let sub = block_on(e.client.create_organization_subscription(
        &acme,
        &new_sub(CLOUDMORE_ORG_ONLY_PRODUCT_ID, json!(3)),
    ))
    .expect("created");
    assert_eq!(
        (sub.quantity, sub.status.as_ref()),
        (Some(3), Some(&SubscriptionStatus::Active))
    );
    assert_eq!(
        sub.extra.get("serviceName"),
        Some(&json!("Managed Backup")),
        "unknown fields kept"
    );
    let changed = block_on(e.client.update_organization_subscription(
        &acme,
        &sub.id,
        &CloudmoreSubscriptionUpdate {
            quantity: Some(7.into()),
            ..Default::default()
        },
    ))
    .expect("updated");
    assert_eq!(changed.and_then(|s| s.quantity), Some(7));
    let keyed = block_on(e.client.set_license_key(&sub.id, "ACME-ENT-0001")).expect("key set");
    assert_eq!(
        keyed.and_then(|s| s.license_key).as_deref(),
        Some("ACME-ENT-0001")
    );
    let history = block_on(e.client.get_subscription_history(&acme, &sub.id)).expect("history");
    let actions: Vec<&str> = history
        .entries
        .iter()
        .filter_map(|h| h.action.as_deref())
        .collect();
    assert_eq!(actions, ["Created", "QuantityChanged", "LicenseKeySet"]);
    assert_eq!(
        (
            history.entries[1].old_value.as_deref(),
            history.entries[1].new_value.as_deref()
        ),
        (Some("3"), Some("7"))
    );
    assert_eq!(history.subscription_id, sub.id);
    block_on(e.client.cancel_organization_subscription(&acme, &sub.id)).expect("cancelled");
    let listed = block_on(e.client.list_organization_subscriptions(&acme)).expect("listed");
    let mine = listed
        .iter()
        .find(|s| s.id == sub.id)
        .expect("still listed");
    assert_eq!(mine.status, Some(SubscriptionStatus::Cancelled));
    let seller_view = block_on(e.client.get_seller_subscription(&sub.id)).expect("seller sees it");
    assert_eq!(seller_view.organization_name.as_deref(), Some("Acme Corp"));
    // Cancelling again is refused locally, unsent.
    let before = e.calls().len();
    let err =
        block_on(e.client.cancel_organization_subscription(&acme, &sub.id)).expect_err("refused");
    assert_eq!(
        issues(err),
        [(
            "subscriptionId".to_string(),
            "already_cancelled".to_string()
        )]
    );
    assert_eq!(e.calls().len(), before);
    let history = block_on(e.client.get_subscription_history(&acme, &sub.id)).expect("history");
    assert_eq!(
        history.entries.last().and_then(|h| h.action.as_deref()),
        Some("Cancelled")
    );
}

#[test]
fn seller_views_remove_and_the_servers_own_refusals() {
    let e = env();
    let all = block_on(e.client.list_seller_subscriptions()).expect("all");
    assert_eq!(all.len(), 4, "both brokers, cancelled included");
    assert!(all
        .iter()
        .any(|s| s.status == Some(SubscriptionStatus::Cancelled)));
    let backup = block_on(
        e.client
            .list_seller_subscriptions_by_service(CLOUDMORE_SERVICE_ID),
    )
    .expect("by service");
    assert_eq!(backup.len(), 3);
    let mine = block_on(
        e.client
            .list_reseller_service_subscriptions(CLOUDMORE_SERVICE_ID),
    )
    .expect("broker's");
    assert_eq!(mine.len(), 2, "only the broker's own organizations");
    // A service without licence keys: the server's domain error.
    let firewall = all
        .iter()
        .find(|s| s.service_id.as_deref() == Some(CLOUDMORE_SERVICE2_ID))
        .expect("firewall");
    let fresh = env();
    match block_on(fresh.client.set_license_key(&firewall.id, "K")).expect_err("refused") {
        Error::Api(a) => assert_eq!(a.code.as_deref(), Some("LicenseKeysNotEnabled")),
        other => panic!("{other:?}"),
    }
    // A fresh client does not know the state, so the server refuses the second cancel.
    match block_on(fresh.client.cancel_organization_subscription(
        &OrgService {
            organization_id: CLOUDMORE_ORG2_ID.into(),
            service_id: CLOUDMORE_SERVICE2_ID.into(),
        },
        &firewall.id,
    ))
    .expect_err("refused")
    {
        Error::Api(a) => assert_eq!(
            (a.status, a.code.as_deref()),
            (400, Some("InvalidOperation"))
        ),
        other => panic!("{other:?}"),
    }
    // The seller deletes one: gone from every list; a cancel keeps it listed.
    let target = all
        .iter()
        .find(|s| s.status == Some(SubscriptionStatus::Active))
        .expect("active");
    block_on(e.client.remove_seller_subscription(&target.id, "Delete")).expect("deleted");
    let after = block_on(e.client.list_seller_subscriptions()).expect("all");
    assert_eq!(after.len(), 3);
    match block_on(e.client.get_seller_subscription(&target.id)).expect_err("gone") {
        Error::Api(a) => assert_eq!((a.status, a.code.as_deref()), (404, Some("NotFound"))),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        e.client.last_known_status(&target.id),
        Some(SubscriptionStatus::Deleted)
    );
}

#[test]
fn lenient_list_and_create_answers() {
    let wrapped = HttpResponse::json(
        200,
        &json!({"items": [{"id": X, "quantity": "4", "status": "Canceled", "mystery": 1}], "totalCount": 1}),
    );
    let req = ops::list_seller_subscriptions(S);
    let subs = req.parse(&wrapped).expect("wrapped list");
    assert_eq!(subs[0].quantity, Some(4));
    assert!(
        subs[0]
            .status
            .as_ref()
            .is_some_and(SubscriptionStatus::is_cancelled),
        "US spelling counts"
    );
    assert_eq!(subs[0].extra.get("mystery"), Some(&json!(1)));
    let create = ops::create_organization_subscription(R, O, V, &new_sub(P, json!(1)), None);
    let bare = HttpResponse::json(201, &json!(X));
    assert_eq!(create.parse(&bare).expect("bare id").id, X);
    let mut empty = HttpResponse::with_body(201, "application/json", "");
    empty
        .headers
        .set("location", format!("/api/x/subscriptions/{X}"));
    assert_eq!(create.parse(&empty).expect("location").id, X);
    let html = HttpResponse::with_body(502, "text/html", "<html>bad gateway</html>");
    assert!(matches!(
        create.parse(&html),
        Err(Error::UnexpectedResponse { status: 502, .. })
    ));
    let history = ops::subscription_history(R, O, V, X)
        .parse(&HttpResponse::json(
            200,
            &json!([{"changeDate": "2026-01-01", "changeType": "Created"}]),
        ))
        .expect("bare history");
    assert_eq!(
        (
            history.subscription_id.as_str(),
            history.entries[0].action.as_deref()
        ),
        (X, Some("Created"))
    );
}

#[test]
fn a_loaded_reseller_list_does_not_stand_in_for_an_organizations_own() {
    // The demo's sequence: the applicable list of Globex (the broker's) is loaded, then Acme,
    // which has its own list, orders a product only the broker's list has.
    let e = env_with(false, true, true);
    let globex = block_on(e.client.applicable_price_list(&at(CLOUDMORE_ORG2_ID))).expect("list");
    assert_eq!(globex.level, PriceListLevel::Reseller);
    e.client.set_price_list(globex);
    assert!(
        e.client.loaded_price_list(&at(CLOUDMORE_ORG2_ID)).is_some(),
        "Globex is known to have none of its own"
    );
    assert!(
        e.client.loaded_price_list(&at(CLOUDMORE_ORG_ID)).is_none(),
        "Acme's own list is unknown"
    );
    let err = block_on(e.client.create_organization_subscription(
        &at(CLOUDMORE_ORG_ID),
        &new_sub(CLOUDMORE_RESELLER_ONLY_PRODUCT_ID, json!(1)),
    ))
    .expect_err("refused");
    assert_eq!(
        issues(err),
        [(
            "productId".to_string(),
            "product_not_in_price_list".to_string()
        )]
    );
    assert!(
        !e.calls().iter().any(|c| c.starts_with("POST /api")),
        "{:?}",
        e.calls()
    );
    // Acme's list is now remembered: no second fetch.
    let fetches = |e: &Env| {
        e.calls()
            .iter()
            .filter(|c| c.ends_with("/pricelist"))
            .count()
    };
    let before = fetches(&e);
    let _ = block_on(e.client.create_organization_subscription(
        &at(CLOUDMORE_ORG_ID),
        &new_sub(CLOUDMORE_RESELLER_ONLY_PRODUCT_ID, json!(1)),
    ));
    assert_eq!(fetches(&e), before);
}

#[test]
fn a_known_cancelled_subscription_is_not_updated() {
    let e = env();
    let globex = OrgService {
        organization_id: CLOUDMORE_ORG2_ID.into(),
        service_id: CLOUDMORE_SERVICE2_ID.into(),
    };
    let subs = block_on(e.client.list_organization_subscriptions(&globex)).expect("listed");
    let cancelled = subs
        .iter()
        .find(|s| s.status == Some(SubscriptionStatus::Cancelled))
        .expect("seeded");
    let before = e.calls().len();
    let err = block_on(e.client.update_organization_subscription(
        &globex,
        &cancelled.id,
        &CloudmoreSubscriptionUpdate {
            quantity: Some(2.into()),
            ..Default::default()
        },
    ))
    .expect_err("refused");
    assert_eq!(
        issues(err),
        [(
            "subscriptionId".to_string(),
            "subscription_cancelled".to_string()
        )]
    );
    assert_eq!(e.calls().len(), before, "nothing sent");
}

/// The field errors of a server refusal, as `(path, message)`.
fn api_fields(e: Error) -> (Option<String>, Vec<(String, String)>) {
    match e {
        Error::Api(a) => (
            a.code,
            a.field_errors
                .into_iter()
                .map(|i| (i.path, i.message))
                .collect(),
        ),
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[test]
fn the_sandbox_judges_by_the_clients_rules() {
    // Validation off: every refusal below is the server's.
    let e = env_with(true, true, false);
    let acme = at(CLOUDMORE_ORG_ID);
    // Cloudmore's limit is a 32-bit int, not Omnissa's million.
    let big = block_on(
        e.client
            .create_organization_subscription(&acme, &new_sub(P, json!(5_000_000))),
    )
    .expect("a large quantity is fine");
    assert_eq!(big.quantity, Some(5_000_000));
    let (_, fields) = api_fields(
        block_on(
            e.client
                .create_organization_subscription(&acme, &new_sub(P, json!(2_147_483_648u64))),
        )
        .expect_err("too large"),
    );
    assert_eq!(fields.len(), 1);
    assert_eq!(fields[0].0, "quantity");
    assert!(fields[0].1.contains("2147483647"), "{}", fields[0].1);
    // Model errors, in the dictionary shape, keyed as ASP.NET keys them.
    let refused = |u: CloudmoreSubscriptionUpdate| {
        api_fields(
            block_on(
                e.client
                    .update_organization_subscription(&acme, &big.id, &u),
            )
            .expect_err("refused"),
        )
        .1
        .into_iter()
        .map(|(path, _)| path)
        .collect::<Vec<_>>()
    };
    assert_eq!(refused(CloudmoreSubscriptionUpdate::default()), [""]);
    let named = |n: &str| CloudmoreSubscriptionUpdate {
        name: Some(n.into()),
        ..Default::default()
    };
    assert_eq!(refused(named("  ")), ["name"]);
    assert_eq!(refused(named("a\u{7}b")), ["name"]);
    let (_, fields) = api_fields(
        block_on(e.client.set_license_key(&big.id, "AB-12\n")).expect_err("control character"),
    );
    assert_eq!(fields[0].0, "licenseKey");
    // A product change brings the new product's name and price, and one history entry; a
    // change to what is already there records nothing.
    let to_enterprise = CloudmoreSubscriptionUpdate {
        product_id: Some(CLOUDMORE_ORG_ONLY_PRODUCT_ID.into()),
        ..Default::default()
    };
    for _ in 0..2 {
        let s = block_on(
            e.client
                .update_organization_subscription(&acme, &big.id, &to_enterprise),
        )
        .expect("changed")
        .expect("answered");
        assert_eq!(s.product_name.as_deref(), Some("Backup Enterprise"));
        assert_eq!(s.extra.get("price"), Some(&json!("99.00")));
    }
    let same_name = named("Backup 100 GB");
    block_on(
        e.client
            .update_organization_subscription(&acme, &big.id, &same_name),
    )
    .expect("no change");
    let history = block_on(e.client.get_subscription_history(&acme, &big.id)).expect("history");
    let actions: Vec<&str> = history
        .entries
        .iter()
        .filter_map(|h| h.action.as_deref())
        .collect();
    assert_eq!(actions, ["Created", "ProductChanged"]);
    // Once cancelled, a licence key is refused as every other change is.
    block_on(e.client.cancel_organization_subscription(&acme, &big.id)).expect("cancelled");
    let (code, _) =
        api_fields(block_on(e.client.set_license_key(&big.id, "K-1")).expect_err("cancelled"));
    assert_eq!(code.as_deref(), Some("InvalidOperation"));
}

#[test]
fn the_seed_has_the_history_of_what_it_shows() {
    let e = env();
    let all = block_on(e.client.list_seller_subscriptions()).expect("all");
    for s in &all {
        let org = s.organization_id.clone().expect("organization");
        if org == CLOUDMORE_ORG3_ID {
            continue; // another broker's organization
        }
        let place = OrgService {
            organization_id: org,
            service_id: s.service_id.clone().expect("service"),
        };
        let history = block_on(e.client.get_subscription_history(&place, &s.id)).expect("history");
        let actions: Vec<&str> = history
            .entries
            .iter()
            .filter_map(|h| h.action.as_deref())
            .collect();
        let mut expected = vec!["Created"];
        if s.license_key.is_some() {
            expected.push("LicenseKeySet");
        }
        if s.status == Some(SubscriptionStatus::Cancelled) {
            expected.push("Cancelled");
        }
        assert_eq!(actions, expected, "{}", s.id);
    }
}

#[test]
fn prechecks_cost_nothing_for_bad_input_and_survive_a_bare_404() {
    let e = env();
    // An input refused anyway is not worth a price-list request.
    let err = block_on(
        e.client
            .create_organization_subscription(&at(CLOUDMORE_ORG_ID), &new_sub(P, json!(0))),
    )
    .expect_err("refused");
    assert_eq!(
        issues(err),
        [("quantity".to_string(), "quantity_not_positive".to_string())]
    );
    assert!(e.calls().is_empty(), "{:?}", e.calls());
    // An organization without a list of its own may answer 404 with no JSON at all.
    e.sandbox.borrow_mut().inject(Fault {
        kind: FaultKind::HtmlStatus(404),
        count: 1,
        path_contains: Some(format!(
            "{CLOUDMORE_ORG2_ID}/services/{CLOUDMORE_SERVICE_ID}/pricelist"
        )),
    });
    let list = block_on(e.client.applicable_price_list(&at(CLOUDMORE_ORG2_ID))).expect("list");
    assert_eq!(list.level, PriceListLevel::Reseller);
    // Loaded lists are matched case-blind, so a reload replaces rather than shadows.
    let mut upper = list.clone();
    upper.service_id = upper.service_id.map(|s| s.to_ascii_uppercase());
    upper.products.truncate(1);
    e.client.set_price_list(upper);
    let loaded = e
        .client
        .loaded_price_list(&at(CLOUDMORE_ORG2_ID))
        .expect("loaded");
    assert_eq!(loaded.products.len(), 1, "the newer list wins");
}
