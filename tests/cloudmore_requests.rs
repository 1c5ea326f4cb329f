//! Cloudmore without a server: golden paths and bodies for every operation, the password grant,
//! table-driven bad inputs with their exact codes and paths, and lenient reading of answers.
#![cfg(feature = "cloudmore")]
// Tests fail by panicking; the panic lints are for library code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{invalid_issues, new_cloudmore_sub};
use partner_ordering::cloudmore::ops;
use partner_ordering::cloudmore::*;
use partner_ordering::endpoint::Endpoint;
use partner_ordering::{Error, HttpRequest, HttpResponse, Secret};
use serde_json::{json, Value};

const BASE: &str = "https://api.cloudmore.com";
const S: &str = "5e11e700-0000-4000-8000-000000000001";
const R: &str = "b0b0b0b0-0000-4000-8000-000000000001";
const O: &str = "0a0a0a0a-0000-4000-8000-000000000001";
const V: &str = "5e7c0000-0000-4000-8000-000000000001";
const X: &str = "c0ffee00-0000-4000-8000-000000000001";
const P: &str = "9d0d0000-0000-4000-8000-000000000001";

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
    let mut named = new_cloudmore_sub(P, json!("5"));
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
                &new_cloudmore_sub(P, json!(5)),
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
fn table_of_bad_inputs_with_exact_codes_and_paths() {
    let p = || {
        Some(
            PriceList::from_wire(PriceListLevel::Reseller, json!([{"productId": P}]))
                .expect("list"),
        )
    };
    let create = |o: &str, v: &str, product: &str, q: Value| {
        rules::validate_create(o, v, &new_cloudmore_sub(product, q), p().as_ref())
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
    let refused = |r: Result<HttpRequest, Error>| invalid_issues(r.expect_err("refused"));
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
    let create =
        ops::create_organization_subscription(R, O, V, &new_cloudmore_sub(P, json!(1)), None);
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
