//! Cloudmore through the JS-facing class, in a real JS engine.

use partner_ordering::wasm::JsCloudmoreClient;
use tsify::Ts;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

use super::{creds, get, json, obj, sandbox};

#[wasm_bindgen_test]
async fn cloudmore_lifecycle_through_the_js_client() {
    let sb = sandbox();
    let c = creds("cloudmore");
    let level = |part: &str| {
        let l = get(&c, part);
        let id = if part == "seller" {
            "sellerId"
        } else {
            "resellerId"
        };
        obj(&[
            (id, get(&l, id)),
            ("username", get(&l, "username")),
            ("password", get(&l, "password")),
            ("apiSecret", get(&l, "apiSecret")),
        ])
    };
    let client = |levels: &[&str]| {
        let mut pairs = vec![
            (
                "baseUrl",
                JsValue::from("https://api.cloudmore.sandbox.test"),
            ),
            ("fetch", sb.fetch().into()),
            ("dangerouslyAllowBrowser", true.into()),
        ];
        for l in levels {
            pairs.push((l, level(l)));
        }
        JsCloudmoreClient::new(Ts::new_unchecked(obj(&pairs))).expect("client")
    };
    let cm = client(&["seller", "broker"]);
    let at = || {
        Ts::new_unchecked(obj(&[
            ("organizationId", get(&c, "organizationId")),
            ("serviceId", get(&c, "serviceId")),
        ]))
    };
    let product = get(&c, "organizationOnlyProductId")
        .as_string()
        .expect("id");
    let created: JsValue = cm
        .create_organization_subscription(
            at(),
            Ts::new_unchecked(json(&format!(
                r#"{{"productId":"{product}","quantity":"2"}}"#
            ))),
            None,
        )
        .await
        .expect("created")
        .into();
    let id = get(&created, "id").as_string().expect("id");
    assert_eq!(
        get(&created, "status").as_string().as_deref(),
        Some("Active")
    );
    assert_eq!(
        get(&created, "serviceName").as_string().as_deref(),
        Some("Managed Backup"),
        "unknown fields kept, flattened"
    );
    let updated = cm
        .update_organization_subscription(
            at(),
            id.clone().into(),
            Ts::new_unchecked(json(r#"{"quantity":5}"#)),
            None,
        )
        .await
        .expect("updated");
    assert_eq!(get(&updated, "quantity").as_f64(), Some(5.0));
    cm.set_license_key(id.clone().into(), "KEY-0001".into(), None)
        .await
        .expect("key");
    let history: JsValue = cm
        .get_subscription_history(at(), id.clone().into(), None)
        .await
        .expect("history")
        .into();
    let entries = js_sys::Array::from(&get(&history, "entries"));
    let actions: Vec<String> = entries
        .iter()
        .map(|e| get(&e, "action").as_string().unwrap_or_default())
        .collect();
    assert_eq!(actions, ["Created", "QuantityChanged", "LicenseKeySet"]);
    cm.cancel_organization_subscription(at(), id.clone().into(), None)
        .await
        .expect("cancelled");
    let listed = cm
        .list_organization_subscriptions(at(), None)
        .await
        .expect("listed");
    let mine: JsValue = listed
        .into_iter()
        .map(JsValue::from)
        .find(|s| get(s, "id").as_string().as_deref() == Some(id.as_str()))
        .expect("still listed");
    assert_eq!(
        get(&mine, "status").as_string().as_deref(),
        Some("Cancelled")
    );
    assert_eq!(
        cm.last_known_status(id.clone().into())
            .as_string()
            .as_deref(),
        Some("Cancelled")
    );
    // A second cancel is refused unsent with the stable code.
    let err = cm
        .cancel_organization_subscription(at(), id.into(), None)
        .await
        .expect_err("refused");
    assert_eq!(
        get(&err, "code").as_string().as_deref(),
        Some("INVALID_REQUEST")
    );
    assert_eq!(
        get(&js_sys::Array::from(&get(&err, "issues")).get(0), "code")
            .as_string()
            .as_deref(),
        Some("already_cancelled")
    );
    // A broker-only client refuses seller operations with a clear error.
    let broker_only = client(&["broker"]);
    let err = broker_only
        .list_seller_subscriptions(None)
        .await
        .expect_err("refused");
    assert_eq!(
        get(&err, "code").as_string().as_deref(),
        Some("CONFIGURATION_ERROR")
    );
    assert!(err.dyn_ref::<js_sys::Error>().is_some(), "a real Error");
    // Validators never throw, even on garbage.
    let report: JsValue = cm
        .validate_create(at(), JsValue::from(42), None)
        .expect("report")
        .into();
    assert_eq!(get(&report, "ok").as_bool(), Some(false));
    let report: JsValue = cm
        .validate_license_key("bad\nkey".into())
        .expect("report")
        .into();
    assert_eq!(
        get(&js_sys::Array::from(&get(&report, "issues")).get(0), "code")
            .as_string()
            .as_deref(),
        Some("license_key_control_chars")
    );
}
