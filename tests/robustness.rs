//! Property tests: no response, however malformed, and no request to the sandbox, however odd,
//! may panic. A panic in wasm kills the instance (and in a Worker, every later request).
#![cfg(all(feature = "sandbox", not(target_arch = "wasm32")))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use partner_ordering::endpoint::{error_from_response, Endpoint};
use partner_ordering::http::Headers;
use partner_ordering::omnissa::{FetchToken, GetSubscription, ListSubscriptions};
use partner_ordering::sandbox::Sandbox;
use partner_ordering::{Error, HttpRequest, HttpResponse, Method, Secret};
use proptest::prelude::*;

fn content_type() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        Just(Some("application/json".to_string())),
        Just(Some("text/html".to_string())),
        "[a-z/;= -]{0,30}".prop_map(Some),
    ]
}

/// JSON-ish bodies: valid JSON of random shape, near-misses of the real schema, and raw bytes.
fn body() -> impl Strategy<Value = Vec<u8>> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(|f| serde_json::json!(f)),
        ".{0,12}".prop_map(serde_json::Value::from),
    ];
    let json = leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            prop::collection::btree_map(
                prop_oneof![
                    Just("subscriptions".to_string()),
                    Just("serviceInstanceId".to_string()),
                    Just("offers".to_string()),
                    Just("quantity".to_string()),
                    Just("sku".to_string()),
                    Just("message".to_string()),
                    Just("error".to_string()),
                    Just("access_token".to_string()),
                    Just("expires_in".to_string()),
                    Just("id".to_string()),
                    Just("items".to_string()),
                    Just("products".to_string()),
                    Just("productId".to_string()),
                    Just("errorMessage".to_string()),
                    Just("errors".to_string()),
                    Just("history".to_string()),
                    "[a-z]{1,8}",
                ],
                inner,
                0..5
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    });
    prop_oneof![
        json.prop_map(|v| v.to_string().into_bytes()),
        prop::collection::vec(any::<u8>(), 0..64),
    ]
}

fn response() -> impl Strategy<Value = HttpResponse> {
    (100u16..600, content_type(), body()).prop_map(|(status, ct, body)| {
        let mut headers = Headers::new();
        if let Some(ct) = ct {
            headers.set("content-type", ct);
        }
        HttpResponse {
            status,
            headers,
            body,
        }
    })
}

/// Instants, with the extremes well represented: overflow lives there.
fn instant() -> impl Strategy<Value = i64> {
    prop_oneof![
        any::<i64>(),
        Just(i64::MAX),
        Just(i64::MIN),
        (i64::MAX - 1_000_000_000)..=i64::MAX,
        i64::MIN..=(i64::MIN + 1_000_000_000),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn parsers_never_panic(resp in response()) {
        let _ = ListSubscriptions.parse(&resp);
        let _ = GetSubscription { service_instance_id: "M1".into() }.parse(&resp);
        let _ = FetchToken { app_id: "a".into(), app_secret: Secret::new("s") }.parse(&resp);
        let e = error_from_response(partner_ordering::omnissa::ERROR_SCHEMA, &resp);
        // Every error status becomes an error that carries it.
        prop_assert_eq!(e.status(), Some(resp.status));
        // Cloudmore: every reader, and its error shapes.
        use partner_ordering::cloudmore::{ops, NewCloudmoreSubscription};
        let id = "c0ffee00-0000-4000-8000-000000000001";
        let new = NewCloudmoreSubscription { product_id: "p".into(), quantity: 1.into(), name: None, extra: Default::default() };
        let _ = ops::list_seller_subscriptions(id).parse(&resp);
        let _ = ops::get_seller_subscription(id, id).parse(&resp);
        let _ = ops::create_organization_subscription(id, id, id, &new, None).parse(&resp);
        let _ = ops::cancel_organization_subscription(id, id, id, id, None).parse(&resp);
        let _ = ops::subscription_history(id, id, id, id).parse(&resp);
        let _ = ops::organization_price_list(id, id, id).parse(&resp);
        let e = error_from_response(partner_ordering::cloudmore::ERROR_SCHEMA, &resp);
        prop_assert_eq!(e.status(), Some(resp.status));
    }

    #[test]
    fn success_bodies_that_do_not_fit_are_decode_errors(resp in response()) {
        if resp.is_success() {
            if let Err(e) = ListSubscriptions.parse(&resp) {
                prop_assert!(matches!(e, Error::Decode { .. }), "{:?}", e);
            }
        } else {
            let e = ListSubscriptions.parse(&resp).expect_err("an error status is an error");
            prop_assert!(matches!(e, Error::Api(_) | Error::UnexpectedResponse { .. }), "{:?}", e);
        }
    }

    #[test]
    fn sid_validation_never_panics_and_never_builds_a_foreign_path(sid in ".{0,40}") {
        if let Ok(req) = (GetSubscription { service_instance_id: sid }).build("https://h.test/v2/m4/api/sdp") {
            let rest = req.path().strip_prefix("/v2/m4/api/sdp/subscriptions/").expect("stays under /subscriptions/");
            prop_assert!(!rest.contains('/'));
        }
    }

    #[test]
    fn the_sandbox_answers_anything(
        method in prop_oneof![Just(Method::Get), Just(Method::Post), Just(Method::Put), Just(Method::Delete)],
        path in "(/v2/m4/api/sdp|/v1/m0/application/oauth2/token|/x|/connect/token|/api/sellers/5e11e700-0000-4000-8000-000000000001/subscriptions|/api/resellers/b0b0b0b0-0000-4000-8000-000000000001/organizations/0a0a0a0a-0000-4000-8000-000000000001/services/5e7c0000-0000-4000-8000-000000000001)?[/a-zA-Z0-9%?=&.-]{0,40}",
        auth in prop_oneof![prop::option::of(".{0,30}"), Just(Some("Bearer cm-sbx-000001".to_string())), Just(Some("Bearer cm-sbx-000002".to_string()))],
        body in prop::option::of(".{0,40}"),
        now in instant(),
        created in instant(),
    ) {
        let mut sandbox = Sandbox::new(created);
        // A valid token request at an extreme instant must not overflow either.
        let mut token = HttpRequest::new(Method::Post, "http://s.test/v1/m0/application/oauth2/token?grant_type=client_credentials");
        token.headers.set("authorization", "Basic c2FuZGJveC1hcHAtaWQ6c2FuZGJveC1hcHAtc2VjcmV0");
        let _ = sandbox.handle(&token, now);
        // And Cloudmore's password grant for both levels (tokens cm-sbx-000001 and -000002).
        for user in ["seller-api@sandbox.cloudmore.test", "broker-api@sandbox.cloudmore.test"] {
            let mut cm = HttpRequest::new(Method::Post, "http://s.test/connect/token");
            cm.headers.set("authorization", "Basic cm8uY3VzdG9tZXIuY2xpZW50OnNhbmRib3gtY2xvdWRtb3JlLWFwaS1zZWNyZXQ=");
            cm.body = Some(format!("grant_type=password&username={user}&password=sandbox-cloudmore-password&scope=api"));
            let _ = sandbox.handle(&cm, now);
        }
        let mut req = HttpRequest::new(method, format!("http://sandbox.test{path}"));
        if let Some(a) = auth {
            req.headers.set("authorization", a);
        }
        req.body = body;
        let _ = sandbox.handle(&req, now);
    }
}
