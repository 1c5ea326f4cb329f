//! CloudBlue APS (OAuth 1.0a signed with the host's clock and `crypto.randomUUID()` nonces) and
//! SimpleAPI paging, over the sandbox in a real JS engine.

use partner_ordering::cloudblue::aps::{
    ApsClient, ApsConfig, ApsCredentials, NewApsCustomer, NewApsOrder,
};
use partner_ordering::cloudblue::simple::{
    NewSimpleOrder, ProductQuery, SimpleClient, SimpleConfig, SimpleCredentials, SimpleOrderStatus,
};
use partner_ordering::sandbox::{
    APS_CONSUMER_KEY, APS_CONSUMER_SECRET, APS_RESELLER_EMAIL, APS_RESELLER_ID, DUPLICATE_MPN,
    LICENSE_MPN, SIMPLE_CUSTOMER_ID, SIMPLE_PASSWORD, SIMPLE_PREFIX, SIMPLE_SUBSCRIPTION_KEY,
    SIMPLE_USERNAME,
};
use partner_ordering::{Api, Secret};
use wasm_bindgen_test::wasm_bindgen_test;

use super::host::SandboxEnv;
use super::{FAST_POLL, SANDBOX_URL};

fn parse<T: serde::de::DeserializeOwned>(api: Api, text: &str) -> T {
    partner_ordering::json::from_json(api, "test input", text).expect("test input parses")
}

#[wasm_bindgen_test]
async fn cloudblue_reseller_flow_over_oauth1_in_wasm() {
    let env = SandboxEnv::new();
    let config = ApsConfig::new(
        SANDBOX_URL,
        ApsCredentials::OAuth1 {
            consumer_key: APS_CONSUMER_KEY.into(),
            consumer_secret: Secret::new(APS_CONSUMER_SECRET),
        },
    );
    let aps = ApsClient::new(config, env.http()).expect("config");
    let reseller = aps
        .find_account_id_by_email(APS_RESELLER_EMAIL)
        .await
        .expect("query")
        .expect("found");
    assert_eq!(reseller, APS_RESELLER_ID);

    let customer: NewApsCustomer = parse(
        Api::CloudblueAps,
        &format!(
            r#"{{"resellerId":"{reseller}","companyName":"1st APS inc",
                "addressPostal":{{"countryName":"us","locality":"APS","postalCode":"12345","streetAddress":"11, APS"}},
                "adminContact":{{"email":"ps1@aps.test","givenName":"Peter","familyName":"Snape"}}}}"#
        ),
    );
    assert_eq!(customer.bss_account_id, None, "left to the runtime");
    let created = aps.create_customer(&customer).await.expect("customer");
    assert!(
        partner_ordering::common::is_uuid(&created.bss_account_id),
        "a host uuid() id: {created:?}"
    );
    assert_eq!(created.account.company_name.as_deref(), Some("1st APS inc"));

    let mut order: NewApsOrder = parse(
        Api::CloudblueAps,
        include_str!("../../../../tests/fixtures/cloudblue/aps/estimate.request.json"),
    );
    order.account_id = created.account_id.clone();
    let estimate = aps.estimate_order(&order).await.expect("estimate");
    assert_eq!(
        serde_json::json!(estimate.total),
        serde_json::json!({"value": "7.31", "code": "USD"}),
        "the guide's numbers"
    );
    let placed = aps.place_order(&order).await.expect("placed");
    let done = aps
        .wait_for_order(&placed.order_id, FAST_POLL)
        .await
        .expect("provisioned");
    assert_eq!(done.provisioning_status.as_deref(), Some("COMPLETED"));
    assert_eq!(done.subscriptions.len(), 1);

    let all = aps.all_orders(1).await.expect("all pages");
    let kinds: Vec<String> = all.iter().map(|o| o.kind.to_string()).collect();
    assert_eq!(kinds, ["SO", "PO"], "two pages of one, by Content-Range");
}

fn simple_client(env: &SandboxEnv) -> SimpleClient {
    let config = SimpleConfig::new(
        format!("{SANDBOX_URL}{SIMPLE_PREFIX}"),
        Secret::new(SIMPLE_SUBSCRIPTION_KEY),
        SimpleCredentials::Password {
            username: SIMPLE_USERNAME.into(),
            password: Secret::new(SIMPLE_PASSWORD),
            marketplace: "us".into(),
        },
    );
    SimpleClient::new(config, env.http()).expect("config")
}

#[wasm_bindgen_test]
async fn simple_api_pages_through_the_catalog_in_wasm() {
    let env = SandboxEnv::new();
    let simple = simple_client(&env);
    let q = ProductQuery {
        limit: Some(3),
        ..ProductQuery::default()
    };
    // Page by page, as a caller's loop would.
    let mut offset = 0;
    let mut seen = 0;
    let mut pages = 0;
    loop {
        let page = simple
            .list_products(&ProductQuery {
                offset: Some(offset),
                ..q.clone()
            })
            .await
            .expect("page");
        assert_eq!(page.pagination.total, 11);
        pages += 1;
        seen += page.data.len();
        offset += u32::try_from(page.data.len()).expect("small");
        if page.data.is_empty() || offset >= page.pagination.total {
            break;
        }
    }
    assert_eq!((seen, pages), (11, 4), "eleven products over four pages");
    let before = env.count_calls(|p| p.ends_with("/products"));
    let all = simple.all_products(&q).await.expect("all");
    assert_eq!(all.len(), 11);
    assert_eq!(env.count_calls(|p| p.ends_with("/products")) - before, 4);

    // An MPN shared by several products is refused before sending, naming what is missing.
    let ambiguous: NewSimpleOrder = parse(
        Api::CloudblueSimple,
        &format!(
            r#"{{"type":"sales","customerId":"{SIMPLE_CUSTOMER_ID}","products":[{{"mpn":"{DUPLICATE_MPN}","quantity":1}}]}}"#
        ),
    );
    let err = simple
        .create_order(&ambiguous)
        .await
        .expect_err("ambiguous");
    assert_eq!(err.issues()[0].code, "product_ambiguous", "{err:?}");
    assert!(err.issues()[0].message.contains("vendor"), "{err:?}");
    assert!(!err.may_have_been_sent());

    // Identified by vendor, the order goes through and completes on real timers.
    let order: NewSimpleOrder = parse(
        Api::CloudblueSimple,
        &format!(
            r#"{{"type":"sales","customerId":"{SIMPLE_CUSTOMER_ID}","products":[
                {{"mpn":"{DUPLICATE_MPN}","vendor":"BackupCo","quantity":"3"}},{{"mpn":"{LICENSE_MPN}","quantity":2}}]}}"#
        ),
    );
    let placed = simple.create_order(&order).await.expect("placed");
    let done = simple
        .wait_for_order(placed.id.as_deref().expect("id"), FAST_POLL)
        .await
        .expect("completed");
    assert_eq!(done.status, Some(SimpleOrderStatus::Completed));
}
