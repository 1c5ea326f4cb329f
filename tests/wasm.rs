//! The wasm build in a real JS engine: Node by default, headless Chromium with
//! `WASM_BINDGEN_USE_BROWSER=1` (see the Makefile). Exercises the fetch transports, JS timers,
//! the JS-facing classes and the JS error objects.
#![cfg(all(target_arch = "wasm32", feature = "wasm", feature = "sandbox"))]
// Tests fail by panicking; the panic lints are for library code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::rc::Rc;

use js_sys::{Object, Reflect};
use partner_ordering::client::HttpClient;
use partner_ordering::omnissa::{Credentials, OmnissaClient, OmnissaConfig};
use partner_ordering::transport::fetch::FetchTransport;
use partner_ordering::wasm::{JsOmnissaClient, JsRuntime, JsSandbox};
use partner_ordering::{Error, Secret};
use tsify::Ts;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

#[path = "wasm/cloudmore.rs"]
mod cloudmore;

fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).expect("set");
    }
    o.into()
}

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(k)).expect("get")
}

fn sandbox() -> JsSandbox {
    JsSandbox::new(None).expect("sandbox")
}

fn rust_client(fetch: FetchTransport, timeout_ms: u64) -> OmnissaClient {
    let mut http = HttpClient::new(Rc::new(fetch), Rc::new(JsRuntime::default()));
    http.timeout_ms = timeout_ms;
    OmnissaClient::new(
        OmnissaConfig {
            partner_id: "SANDBOX-PARTNER".into(),
            base_url: "https://apigw.sandbox.test".into(),
            token_url: None,
            validate: true,
            precheck: true,
            credentials: Credentials::ClientCredentials {
                app_id: "sandbox-app-id".into(),
                app_secret: Secret::new("sandbox-app-secret"),
            },
        },
        http,
    )
    .expect("config")
}

fn js_client(sb: &JsSandbox, extra: &[(&str, JsValue)]) -> JsOmnissaClient {
    let creds = get(&JsSandbox::credentials().expect("creds").into(), "omnissa");
    let mut pairs = vec![
        ("partnerId", get(&creds, "partnerId")),
        ("appId", get(&creds, "appId")),
        ("appSecret", get(&creds, "appSecret")),
        ("baseUrl", "https://apigw.sandbox.test".into()),
        ("fetch", sb.fetch().into()),
        ("dangerouslyAllowBrowser", true.into()),
    ];
    pairs.extend(extra.iter().cloned());
    JsOmnissaClient::new(Ts::new_unchecked(obj(&pairs))).expect("client")
}

#[wasm_bindgen_test]
async fn rust_client_over_a_js_fetch_function() {
    let sb = sandbox();
    let c = rust_client(FetchTransport::Custom(sb.fetch()), 10_000);
    let subs = c.list_subscriptions().await.expect("lists");
    assert_eq!(subs.len(), 5);
    assert_eq!(
        c.get_subscription("M000000003")
            .await
            .expect("gets")
            .customer_name,
        "Company HIJ"
    );
}

#[wasm_bindgen_test]
async fn js_client_returns_typed_values() {
    let sb = sandbox();
    let c = js_client(&sb, &[]);
    let subs = c.list_subscriptions(None).await.expect("lists");
    assert_eq!(subs.len(), 5);
    let first: JsValue = subs[0].clone().into();
    assert_eq!(
        get(&first, "serviceInstanceId").as_string().as_deref(),
        Some("M000000001")
    );
    assert_eq!(
        get(&first, "endsAt").as_string().as_deref(),
        Some("2026-02-15T08:00:00.000Z")
    );
    let offers: js_sys::Array = get(&first, "offers").dyn_into().expect("array");
    assert_eq!(get(&offers.get(0), "quantity").as_f64(), Some(500.0));
}

#[wasm_bindgen_test]
async fn errors_are_real_error_objects_with_stable_fields() {
    let sb = sandbox();
    let c = js_client(&sb, &[]);
    let err = c
        .get_subscription("../x".into(), None)
        .await
        .expect_err("rejected");
    let e = err.dyn_ref::<js_sys::Error>().expect("an Error");
    assert_eq!(String::from(e.name()), "PartnerOrderingError");
    assert_eq!(
        get(&err, "code").as_string().as_deref(),
        Some("INVALID_REQUEST")
    );
    assert_eq!(get(&err, "mayHaveBeenSent").as_bool(), Some(false));
    let issues: js_sys::Array = get(&err, "issues").dyn_into().expect("issues");
    assert_eq!(
        get(&issues.get(0), "code").as_string().as_deref(),
        Some("sid_invalid")
    );

    let err = c
        .get_subscription("M404".into(), None)
        .await
        .expect_err("rejected");
    assert_eq!(get(&err, "status").as_f64(), Some(404.0));
    assert_eq!(
        get(&err, "apiCode").as_string().as_deref(),
        Some("NOT_FOUND")
    );
    assert!(get(&err, "traceId").as_string().is_some());
}

#[wasm_bindgen_test]
async fn real_timers_time_out_a_hanging_request() {
    let sb = sandbox();
    let c = rust_client(FetchTransport::Custom(sb.fetch()), 50);
    sb.inject_fault(Ts::new_unchecked(obj(&[
        ("kind", "hang".into()),
        ("count", 3.into()),
    ])))
    .expect("fault");
    let err = c.list_subscriptions().await.expect_err("times out");
    assert_eq!(err, Error::Timeout { after_ms: 50 });
}

#[wasm_bindgen_test]
async fn html_502_through_fetch_is_unexpected_response() {
    let sb = sandbox();
    let c = js_client(&sb, &[("maxRetries", 0.into())]);
    sb.inject_fault(Ts::new_unchecked(obj(&[(
        "kind",
        obj(&[("htmlStatus", 502.into())]),
    )])))
    .expect("fault");
    let err = c.list_subscriptions(None).await.expect_err("rejected");
    assert_eq!(
        get(&err, "code").as_string().as_deref(),
        Some("UNEXPECTED_RESPONSE")
    );
    assert_eq!(get(&err, "status").as_f64(), Some(502.0));
}

#[wasm_bindgen_test]
async fn global_fetch_failure_is_a_transport_error() {
    // Port 9 (discard) is closed on loopback: gloo-net's global fetch rejects.
    let mut http = HttpClient::new(
        Rc::new(FetchTransport::Global),
        Rc::new(JsRuntime::default()),
    );
    http.retry = partner_ordering::retry::RetryPolicy::none();
    http.timeout_ms = 10_000;
    let c = OmnissaClient::new(
        OmnissaConfig {
            partner_id: "P".into(),
            base_url: "http://127.0.0.1:9".into(),
            token_url: None,
            validate: true,
            precheck: true,
            credentials: Credentials::ClientCredentials {
                app_id: "a".into(),
                app_secret: Secret::new("s"),
            },
        },
        http,
    )
    .expect("config");
    let err = c.list_subscriptions().await.expect_err("refused");
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
}

#[wasm_bindgen_test]
fn bad_options_throw_instead_of_trapping() {
    for bad in [
        JsValue::NULL,
        JsValue::from(5),
        obj(&[("partnerId", JsValue::from(1))]),
    ] {
        let err = JsOmnissaClient::new(Ts::new_unchecked(bad))
            .err()
            .expect("throws");
        // A missing or mistyped setting is the caller's configuration, not a request.
        assert_eq!(
            get(&err, "code").as_string().as_deref(),
            Some("CONFIGURATION_ERROR")
        );
        assert!(err.dyn_ref::<js_sys::Error>().is_some(), "a real Error");
    }
}

#[wasm_bindgen_test]
fn app_secrets_are_refused_in_a_browser_page_only() {
    let in_page = !get(&js_sys::global(), "document").is_undefined();
    let opts = obj(&[
        ("partnerId", "P".into()),
        ("appId", "a".into()),
        ("appSecret", "s".into()),
    ]);
    match JsOmnissaClient::new(Ts::new_unchecked(opts)) {
        Err(e) => {
            assert!(in_page, "refused outside a page");
            assert_eq!(
                get(&e, "code").as_string().as_deref(),
                Some("CONFIGURATION_ERROR")
            );
        }
        Ok(_) => assert!(!in_page, "accepted in a page"),
    }
    let provider = js_sys::Function::new_no_args("return Promise.resolve('t')");
    let opts = obj(&[
        ("partnerId", "P".into()),
        ("tokenProvider", provider.into()),
    ]);
    assert!(
        JsOmnissaClient::new(Ts::new_unchecked(opts)).is_ok(),
        "tokenProvider is fine anywhere"
    );
}

fn json(s: &str) -> JsValue {
    js_sys::JSON::parse(s).expect("valid JSON")
}

async fn wait_sid(c: &JsOmnissaClient, accepted: JsValue) -> String {
    let id = get(&accepted, "requestId").as_string().expect("requestId");
    let done: JsValue = c
        .wait_for_order(
            id.into(),
            Some(Ts::new_unchecked(json(
                r#"{"intervalMs": 1, "maxIntervalMs": 5}"#,
            ))),
        )
        .await
        .expect("order succeeds")
        .into();
    get(&done, "serviceInstanceId").as_string().expect("sid")
}

#[wasm_bindgen_test]
async fn omnissa_lifecycle_through_the_js_client() {
    let sb = sandbox();
    let c = js_client(&sb, &[("now", sb.clock().into())]);
    let order = json(
        r#"{"commitContractReference":"AMER00000MOBILITY","offers":[{"sku":"WSD-AWOSP-12PT0-C1S","quantity":"10"}],
            "endCustomerInfo":{"customerName":"Acme","firstName":"Jane","lastName":"Smith","email":"jane@acme.example","country":"US","zipCode":"94943"}}"#,
    );
    let sid = wait_sid(
        &c,
        c.create_order(Ts::new_unchecked(order), None)
            .await
            .expect("order")
            .into(),
    )
    .await;

    let inc = json(&format!(
        r#"{{"commitContractReference":"AMER00000MOBILITY","serviceInstanceId":"{sid}","offers":[{{"sku":"WSD-AWOSP-12PT0-C1S","fromQuantity":10,"toQuantity":25}}]}}"#
    ));
    wait_sid(
        &c,
        c.increase_quantity(Ts::new_unchecked(inc), None)
            .await
            .expect("increase")
            .into(),
    )
    .await;
    let addon = json(&format!(
        r#"{{"commitContractReference":"AMER00000MOBILITY","serviceInstanceId":"{sid}","offers":[{{"sku":"WSD-ABXAP-12PT0-C1S","quantity":5}}]}}"#
    ));
    wait_sid(
        &c,
        c.add_secondary_addon(Ts::new_unchecked(addon), None)
            .await
            .expect("add-on")
            .into(),
    )
    .await;
    let up = json(&format!(
        r#"{{"commitContractReference":"AMER00000MOBILITY","serviceInstanceId":"{sid}","offers":[{{"fromSku":"WSD-AWOSP-12PT0-C1S","toSku":"WSD-AWOAP-12PT0-C1S","quantity":25}}]}}"#
    ));
    wait_sid(
        &c,
        c.upgrade_subscription(Ts::new_unchecked(up), None)
            .await
            .expect("upgrade")
            .into(),
    )
    .await;

    let renew = json(&format!(
        r#"{{"commitContractReference":"AMER00000MOBILITY","serviceInstanceId":"{sid}","offers":[{{"sku":"WSD-AWOAP-12PT0-C1S","quantity":25}}]}}"#
    ));
    let early = c
        .renew_subscription(Ts::new_unchecked(renew.clone()), None)
        .await
        .expect_err("too early");
    let issues: js_sys::Array = get(&early, "issues").dyn_into().expect("issues");
    assert_eq!(
        get(&issues.get(0), "code").as_string().as_deref(),
        Some("renewal_window_closed")
    );

    // Eleven and a half months later the window is open.
    sb.advance_time(350.0 * 86_400_000.0);
    wait_sid(
        &c,
        c.renew_subscription(Ts::new_unchecked(renew), None)
            .await
            .expect("renewal")
            .into(),
    )
    .await;
    let cancel = json(&format!(r#"{{"serviceInstanceId":"{sid}"}}"#));
    wait_sid(
        &c,
        c.cancel_subscription(Ts::new_unchecked(cancel), None)
            .await
            .expect("cancel")
            .into(),
    )
    .await;
    let sub: JsValue = c
        .get_subscription(sid.into(), None)
        .await
        .expect("get")
        .into();
    assert_eq!(
        get(&sub, "renewalPreference").as_string().as_deref(),
        Some("OPT_OUT")
    );
    let offers: js_sys::Array = get(&sub, "offers").dyn_into().expect("offers");
    assert_eq!(offers.length(), 1, "renewed to the one SKU");
}

#[wasm_bindgen_test]
fn validators_never_throw() {
    let sb = sandbox();
    let c = js_client(&sb, &[]);
    for bad in [
        JsValue::NULL,
        JsValue::from(3),
        json(r#"{"offers": "x"}"#),
        json(r#"{"commitContractReference":"C","offers":[]}"#),
    ] {
        let report: JsValue = c.validate_order(bad).expect("a report, not a throw").into();
        assert_eq!(get(&report, "ok").as_bool(), Some(false));
    }
    let missing = json(
        r#"{"commitContractReference":"C","offers":[{"sku":"WSD-AWOSP-12PT0-C1S","quantity":1}],"endCustomerInfo":{"customerName":"x"}}"#,
    );
    let report: JsValue = c.validate_order(missing).expect("report").into();
    let issues: js_sys::Array = get(&report, "issues").dyn_into().expect("issues");
    let msg = get(&issues.get(0), "message").as_string();
    assert_eq!(
        get(&issues.get(0), "path").as_string().as_deref(),
        Some("endCustomerInfo.firstName"),
        "{msg:?}"
    );
    assert_eq!(
        get(&issues.get(0), "code").as_string().as_deref(),
        Some("required")
    );
}

fn creds(part: &str) -> JsValue {
    get(&JsSandbox::credentials().expect("creds").into(), part)
}

async fn next_value(iter: &JsValue) -> Option<JsValue> {
    let next: js_sys::Function = get(iter, "next").dyn_into().expect("next()");
    let p: js_sys::Promise = next.call0(iter).expect("call").dyn_into().expect("promise");
    let r = wasm_bindgen_futures::JsFuture::from(p)
        .await
        .expect("resolves");
    (get(&r, "done").as_bool() != Some(true)).then(|| get(&r, "value"))
}

#[wasm_bindgen_test]
async fn cloudblue_reseller_flow_over_oauth1_in_wasm() {
    use partner_ordering::wasm::JsApsClient;
    let sb = sandbox();
    let c = creds("cloudblueAps");
    let opts = obj(&[
        ("baseUrl", "https://cbc.sandbox.test".into()),
        ("consumerKey", get(&c, "consumerKey")),
        ("consumerSecret", get(&c, "consumerSecret")),
        ("fetch", sb.fetch().into()),
        ("dangerouslyAllowBrowser", true.into()),
    ]);
    let aps = JsApsClient::new(Ts::new_unchecked(opts)).expect("client");
    let reseller = aps
        .find_account_id_by_email(
            get(&c, "resellerEmail").as_string().expect("email").into(),
            None,
        )
        .await
        .expect("found");
    let reseller = reseller.as_string().expect("an id");
    let customer = json(&format!(
        r#"{{"resellerId":"{reseller}","companyName":"1st APS inc","addressPostal":{{"countryName":"us","locality":"APS","postalCode":"12345","streetAddress":"11, APS"}},
            "adminContact":{{"email":"ps1@aps.test","givenName":"Peter","familyName":"Snape"}}}}"#
    ));
    let created: JsValue = aps
        .create_customer(Ts::new_unchecked(customer), None)
        .await
        .expect("customer")
        .into();
    let account = get(&created, "accountId").as_string().expect("account id");
    let bss = get(&created, "bssAccountId").as_string().expect("bss id");
    assert_eq!(bss.len(), 36, "a crypto.randomUUID() id: {bss}");
    let order = json(&format!(
        r#"{{"type":"SALES","accountId":"{account}","paymentMethodId":"12","products":[{{"planId":"{}","period":{{"unit":"MONTHS","duration":1}}}}],
            "resources":[{{"resourceId":"{}","amount":2}}]}}"#,
        get(&c, "planId").as_string().expect("plan"),
        get(&c, "resourceId").as_string().expect("resource")
    ));
    let est: JsValue = aps
        .estimate_order(Ts::new_unchecked(order.clone()), None)
        .await
        .expect("estimate")
        .into();
    assert_eq!(
        get(&get(&est, "total"), "value").as_string().as_deref(),
        Some("7.31")
    );
    let placed: JsValue = aps
        .place_order(Ts::new_unchecked(order), None)
        .await
        .expect("placed")
        .into();
    let id = get(&placed, "orderId").as_string().expect("order id");
    let wait = Some(Ts::new_unchecked(json(
        r#"{"intervalMs":1,"maxIntervalMs":2}"#,
    )));
    let done: JsValue = aps
        .wait_for_order(id.into(), wait)
        .await
        .expect("provisioned")
        .into();
    assert_eq!(
        get(&done, "provisioningStatus").as_string().as_deref(),
        Some("COMPLETED")
    );
    let iter = aps
        .iterate_orders(Some(Ts::new_unchecked(json(r#"{"count":1}"#))))
        .expect("iterator");
    let mut kinds = Vec::new();
    while let Some(o) = next_value(&iter).await {
        kinds.push(get(&o, "type").as_string().unwrap_or_default());
    }
    assert_eq!(kinds, ["SO", "PO"]);
}

#[wasm_bindgen_test]
async fn simple_api_pages_as_an_async_iterator_in_wasm() {
    use partner_ordering::wasm::JsSimpleClient;
    let sb = sandbox();
    let c = creds("cloudblueSimple");
    let base = format!(
        "https://gw.sandbox.test{}",
        get(&c, "basePath").as_string().expect("path")
    );
    let opts = obj(&[
        ("baseUrl", base.into()),
        ("subscriptionKey", get(&c, "subscriptionKey")),
        ("username", get(&c, "username")),
        ("password", get(&c, "password")),
        ("marketplace", get(&c, "marketplace")),
        ("fetch", sb.fetch().into()),
        ("dangerouslyAllowBrowser", true.into()),
    ]);
    let simple = JsSimpleClient::new(Ts::new_unchecked(opts)).expect("client");
    let iter = simple
        .iterate_products(Some(Ts::new_unchecked(json(r#"{"limit":3}"#))))
        .expect("iterator");
    let mut n = 0;
    while next_value(&iter).await.is_some() {
        n += 1;
    }
    assert_eq!(n, 11, "eleven products over four pages");
    let order = json(&format!(
        r#"{{"type":"sales","customerId":"{}","products":[{{"mpn":"ACR-BACKUP-100","quantity":1}}]}}"#,
        get(&c, "customerId").as_string().expect("customer")
    ));
    let err = simple
        .create_order(Ts::new_unchecked(order), None)
        .await
        .expect_err("ambiguous");
    let issues: js_sys::Array = get(&err, "issues").dyn_into().expect("issues");
    assert_eq!(
        get(&issues.get(0), "code").as_string().as_deref(),
        Some("product_ambiguous")
    );
    assert!(get(&issues.get(0), "message")
        .as_string()
        .unwrap_or_default()
        .contains("vendor"));
}
