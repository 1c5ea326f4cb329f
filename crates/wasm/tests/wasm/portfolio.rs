//! The portfolio exports in a real JS engine: `normalizePortfolio` on each API's documented
//! fixtures, `portfolioDueWithin`, and the APS subscriptions of the sandbox listed, normalized
//! and sorted by what is due.

use partner_ordering::cloudblue::aps::{
    ApsClient, ApsConfig, ApsCredentials, ApsSubscriptionQuery,
};
use partner_ordering::portfolio::PortfolioEntry;
use partner_ordering::sandbox::{APS_CONSUMER_KEY, APS_CONSUMER_SECRET, APS_RESELLER_ID};
use partner_ordering::time::parse_datetime;
use partner_ordering::Secret;
use partner_ordering_wasm::portfolio::{normalize_portfolio, portfolio_due_within};
use serde_json::{json, Value};
use wasm_bindgen_test::wasm_bindgen_test;

use super::host::SandboxEnv;
use super::SANDBOX_URL;

const OMNISSA: &str =
    include_str!("../../../../tests/fixtures/omnissa/responses/list_subscriptions.seed.json");
const APS: &str =
    include_str!("../../../../tests/fixtures/cloudblue/aps/bss_subscription.response.json");
const SIMPLE: &str =
    include_str!("../../../../tests/fixtures/cloudblue/simple/subscription.spec-example.json");
const CLOUDMORE: &str =
    include_str!("../../../../tests/fixtures/cloudmore/subscriptions.constructed.json");

fn at(s: &str) -> i64 {
    parse_datetime(s).expect("a date")
}

/// `normalizePortfolio(vendor, subscriptions, now, names)` as the JS layer calls it.
fn normalize(vendor: &str, subs: &Value, now: i64, names: Option<Value>) -> Vec<PortfolioEntry> {
    let text = normalize_portfolio(
        json!(vendor).to_string(),
        subs.to_string(),
        Some(now.to_string()),
        names.map(|n| n.to_string()),
    )
    .unwrap_or_else(|e| panic!("{vendor}: {:?}", e.0.as_string()));
    serde_json::from_str(&text).expect("entries")
}

fn due(entries: &[PortfolioEntry], days: &str, now: i64) -> Result<Vec<PortfolioEntry>, String> {
    portfolio_due_within(
        serde_json::to_string(entries).expect("entries"),
        days.into(),
        Some(now.to_string()),
    )
    .map(|t| serde_json::from_str(&t).expect("entries"))
    .map_err(|e| e.0.as_string().unwrap_or_default())
}

#[wasm_bindgen_test]
fn every_vendors_fixture_normalizes_in_wasm() {
    let omnissa: Value = serde_json::from_str(OMNISSA).expect("fixture");
    let now = at("2026-01-20T00:00:00Z");
    let o = normalize("omnissa", &omnissa["subscriptions"], now, None);
    assert_eq!(
        (o[0].customer.as_str(), o[0].status.as_str()),
        ("Company ABC", "ACTIVE")
    );
    assert_eq!(o[0].renewal.as_ref().map(|r| r.is_open), Some(true));

    let aps: Value = serde_json::from_str(APS).expect("fixture");
    let names = json!({"26ae28d2-0303-4189-8e1d-02796ee5de3b": "1st APS inc"});
    let a = normalize(
        "cloudblueAps",
        &aps,
        at("2019-04-01T00:00:00Z"),
        Some(names),
    );
    assert_eq!(
        a[0].customer, "1st APS inc",
        "the looked-up name replaces the id"
    );
    assert_eq!(a[0].term_end.as_deref(), Some("2019-04-15T00:00:00.000Z"));

    let simple: Value = serde_json::from_str(SIMPLE).expect("fixture");
    let s = normalize(
        "cloudblueSimple",
        &json!([simple]),
        at("2020-06-01T00:00:00Z"),
        None,
    );
    assert_eq!(s[0].products[0].quantity, 20);
    assert_eq!(s[0].raw, simple, "raw is the subscription as given");

    let cloudmore: Value = serde_json::from_str(CLOUDMORE).expect("fixture");
    let c = normalize("cloudmore", &cloudmore, at("2026-12-10T00:00:00Z"), None);
    assert_eq!(
        (c.len(), c[1].renewal.is_none()),
        (2, true),
        "the cancelled one has no window"
    );

    // A vendor that is not one, and data that is not the vendor's, are refused.
    assert!(normalize_portfolio("\"acme\"".into(), "[]".into(), None, None).is_err());
    assert!(normalize_portfolio("\"omnissa\"".into(), "[{\"sku\":1}]".into(), None, None).is_err());

    // What is due in 0 and 10 days of 2026-01-20: Company ABC's window is open.
    let mut all = o;
    all.extend(c);
    let ids = |v: Vec<PortfolioEntry>| v.into_iter().map(|e| e.customer).collect::<Vec<_>>();
    assert_eq!(ids(due(&all, "0", now).expect("due")), ["Company ABC"]);
    let later = at("2026-12-10T00:00:00Z");
    assert_eq!(ids(due(&all, "30", later).expect("due")), ["Acme Corp"]);
    for bad in ["-1", "1.5", "null", "\"7\""] {
        assert!(due(&all, bad, now).is_err(), "{bad}");
    }
}

#[wasm_bindgen_test]
async fn the_sandboxs_aps_subscriptions_listed_and_due_in_wasm() {
    let env = SandboxEnv::new();
    let creds = ApsCredentials::OAuth1 {
        consumer_key: APS_CONSUMER_KEY.into(),
        consumer_secret: Secret::new(APS_CONSUMER_SECRET),
    };
    let aps = ApsClient::new(ApsConfig::new(SANDBOX_URL, creds), env.http()).expect("config");
    let q = ApsSubscriptionQuery {
        reseller_id: Some(APS_RESELLER_ID.into()),
        count: Some(2),
        ..Default::default()
    };
    let subs = aps.all_subscriptions(&q).await.expect("listed");
    assert_eq!(subs.len(), 5);
    assert_eq!(
        env.count_calls(|p| p.ends_with("/bss-subscriptions")),
        3,
        "pages of two"
    );
    let now = env.now_ms();
    let entries = normalize("cloudblueAps", &json!(subs), now, None);
    let ids: Vec<String> = due(&entries, "14", now)
        .expect("due")
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(
        ids,
        [
            "5b5c0000-0000-4000-8000-000001000101",
            "5b5c0000-0000-4000-8000-000001000104"
        ]
    );
}
