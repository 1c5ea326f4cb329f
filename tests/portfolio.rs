//! The portfolio across vendors: each vendor's rule on its documented fixtures, refusals of
//! data that is not the vendor's, and `due_within` over a mixed portfolio, plus the whole
//! portfolio from the sandbox's four APIs.
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
use partner_ordering::cloudblue::aps::ApsSubscriptionQuery;
use partner_ordering::cloudblue::simple::SubscriptionQuery;
use partner_ordering::portfolio::{
    due_within, normalize, PortfolioEntry, PortfolioProduct, Vendor,
};
use partner_ordering::sandbox::*;
use partner_ordering::time::parse_datetime;
use serde_json::{json, Value};

fn at(s: &str) -> i64 {
    parse_datetime(s).unwrap_or_else(|| panic!("{s}"))
}

fn items(v: Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a,
        other => vec![other],
    }
}

fn window(e: &PortfolioEntry) -> Option<(&str, &str, bool)> {
    e.renewal
        .as_ref()
        .map(|r| (r.opens_at.as_str(), r.closes_at.as_str(), r.is_open))
}

fn product(
    sku: Option<&str>,
    mpn: Option<&str>,
    id: Option<&str>,
    name: Option<&str>,
    q: u32,
) -> PortfolioProduct {
    PortfolioProduct {
        sku: sku.map(Into::into),
        mpn: mpn.map(Into::into),
        product_id: id.map(Into::into),
        name: name.map(Into::into),
        quantity: q,
    }
}

// ---- one rule per vendor, on the documented fixtures ------------------------------------------

#[test]
fn omnissa_the_guides_subscriptions_with_their_documented_window() {
    let list: Value = fixture_json("omnissa/responses/list_subscriptions.seed.json");
    let subs = items(list["subscriptions"].clone());
    let now = at("2026-01-20T00:00:00Z");
    let entries = normalize(Vendor::Omnissa, &subs, now).expect("normalized");
    assert_eq!(entries.len(), subs.len());
    let e = &entries[0];
    assert_eq!(
        (
            e.vendor,
            e.id.as_str(),
            e.customer.as_str(),
            e.status.as_str()
        ),
        (Vendor::Omnissa, "M000000000", "Company ABC", "ACTIVE")
    );
    assert_eq!(
        e.products,
        [product(
            Some("WSU-ASUPSPSSP-12MT0-C1S"),
            None,
            None,
            None,
            500
        )]
    );
    assert_eq!(
        (e.term_start.as_deref(), e.term_end.as_deref()),
        (
            Some("2025-02-16T08:00:00.000Z"),
            Some("2026-02-15T08:00:00.000Z")
        )
    );
    assert_eq!(
        window(e),
        Some(("2026-01-16T08:00:00.000Z", "2026-02-15T08:00:00.000Z", true))
    );
    assert_eq!(e.raw, subs[0], "raw is the subscription as given");
    // The second ended in 2025.
    assert_eq!(entries[1].status, "EXPIRED");
    assert_eq!(entries[1].products.len(), 2);
}

#[test]
fn cloudblue_aps_the_documented_samples() {
    let bss = items(fixture_json("cloudblue/aps/bss_subscription.response.json"));
    let now = at("2019-04-01T00:00:00Z");
    let e = &normalize(Vendor::CloudblueAps, &bss, now).expect("normalized")[0];
    assert_eq!(
        (e.id.as_str(), e.customer.as_str(), e.status.as_str()),
        (
            "9a907085-58a0-41c8-88b2-f9b12feaaadb",
            "26ae28d2-0303-4189-8e1d-02796ee5de3b",
            "ACTIVE"
        )
    );
    assert_eq!(
        e.products,
        [product(
            None,
            None,
            Some(APS_PLAN_ID),
            Some("User Management Demo"),
            1
        )]
    );
    assert_eq!(e.term_end.as_deref(), Some("2019-04-15T00:00:00.000Z"));
    assert_eq!(
        window(e),
        Some(("2019-03-16T00:00:00.000Z", "2019-04-15T00:00:00.000Z", true))
    );
    // An expired or terminated subscription renews no more.
    for status in ["EXPIRED", "TERMINATED"] {
        let mut v = bss[0].clone();
        v["status"] = json!(status);
        let e = &normalize(Vendor::CloudblueAps, &[v], now).expect("normalized")[0];
        assert_eq!((e.status.as_str(), e.renewal.is_none()), (status, true));
    }
    // The `collections/subscriptions` sample has neither status nor dates: no window.
    let pa = items(fixture_json(
        "cloudblue/aps/list_subscriptions.response.json",
    ));
    let e = &normalize(Vendor::CloudblueAps, &pa, now).expect("normalized")[0];
    assert_eq!(
        (e.id.as_str(), e.status.as_str(), e.renewal.is_none()),
        ("5d969e19-802b-495d-9408-2d08ca4344b7", "", true)
    );
}

#[test]
fn cloudblue_simple_the_spec_example() {
    let sub: Value = fixture_json("cloudblue/simple/subscription.spec-example.json");
    let now = at("2020-06-01T00:00:00Z");
    let e = &normalize(Vendor::CloudblueSimple, std::slice::from_ref(&sub), now)
        .expect("normalized")[0];
    assert_eq!(
        (e.id.as_str(), e.customer.as_str(), e.status.as_str()),
        ("1000054", "1000027", "active")
    );
    assert_eq!(
        e.products,
        [product(
            None,
            Some("d903a2db-bf6f-4434-83f1-21ba44017813_ANNUAL"),
            None,
            Some("Office 365 E1"),
            20
        )]
    );
    assert_eq!(
        window(e),
        Some(("2020-05-13T00:00:00.000Z", "2020-06-12T00:00:00.000Z", true))
    );
    // Without auto-renewal the term ends at the expiration date.
    let mut manual = sub.clone();
    manual["renewalStatus"] = json!(false);
    manual["expirationDate"] = json!("2020-07-12");
    let e = &normalize(Vendor::CloudblueSimple, &[manual], now).expect("normalized")[0];
    assert_eq!(e.term_end.as_deref(), Some("2020-07-12T00:00:00.000Z"));
    for status in ["terminated", "removed"] {
        let mut v = sub.clone();
        v["status"] = json!(status);
        let e = &normalize(Vendor::CloudblueSimple, &[v], now).expect("normalized")[0];
        assert!(e.renewal.is_none(), "{status}");
    }
}

#[test]
fn cloudmore_the_constructed_list() {
    let subs = items(fixture_json("cloudmore/subscriptions.constructed.json"));
    let now = at("2026-12-10T00:00:00Z");
    let entries = normalize(Vendor::Cloudmore, &subs, now).expect("normalized");
    let (a, b) = (&entries[0], &entries[1]);
    assert_eq!(
        (a.customer.as_str(), a.status.as_str()),
        ("Acme Corp", "Active")
    );
    assert_eq!(
        a.products,
        [product(
            None,
            None,
            Some("5b0c1e2d-3f4a-4b5c-8d6e-7f8091a2b3c4"),
            Some("Backup 100 GB"),
            10
        )]
    );
    assert_eq!(
        window(a),
        Some(("2026-12-02T00:00:00.000Z", "2027-01-01T00:00:00.000Z", true))
    );
    assert_eq!(a.raw["serviceName"], json!("Managed Backup"));
    // Cancelled: no window; no organization name: its id.
    assert_eq!(
        (
            b.customer.as_str(),
            b.renewal.is_none(),
            b.products[0].quantity
        ),
        ("3e4f5061-7283-4949-b5c6-d7e8f90a1b2c", true, 1)
    );
}

#[test]
fn data_that_is_not_the_vendors_is_refused_by_element() {
    let cases = [
        (
            Vendor::Omnissa,
            json!([{"serviceInstanceId": "M1"}, {"sku": 1}]),
        ),
        (Vendor::CloudblueAps, json!([{"status": "ACTIVE"}, {}])),
        (
            Vendor::CloudblueSimple,
            json!([{"id": "1"}, {"products": 3}]),
        ),
        (
            Vendor::Cloudmore,
            json!([{"id": "x"}, {"quantity": -1, "id": "y"}]),
        ),
    ];
    for (vendor, data) in cases {
        let err = normalize(vendor, &items(data), 0).expect_err("refused");
        let issues = invalid_issues(err);
        assert_eq!(issues.len(), 1, "{vendor:?}");
        assert_eq!(issues[0].1, "invalid_type", "{vendor:?}");
        assert!(
            issues[0].0.starts_with("subscriptions["),
            "{vendor:?}: {issues:?}"
        );
    }
}

#[test]
fn due_within_across_vendors() {
    let now = at("2026-01-20T00:00:00Z");
    let omnissa: Value = fixture_json("omnissa/responses/list_subscriptions.seed.json");
    let mut all = normalize(
        Vendor::Omnissa,
        &items(omnissa["subscriptions"].clone()),
        now,
    )
    .expect("omnissa");
    let mut cm = items(fixture_json("cloudmore/subscriptions.constructed.json"));
    cm[0]["endDate"] = json!("2026-03-01T00:00:00Z");
    all.extend(normalize(Vendor::Cloudmore, &cm, now).expect("cloudmore"));
    let due = |days| -> Vec<String> {
        due_within(&all, days, now)
            .into_iter()
            .map(|e| format!("{}:{}", e.vendor.as_str(), e.customer))
            .collect()
    };
    // Company ABC's term ends 2026-02-15 (window open); Acme's Cloudmore one 2026-03-01
    // (opens 2026-01-30, in 10 days); the other Omnissa samples have ended.
    assert_eq!(due(0), ["omnissa:Company ABC"]);
    assert_eq!(due(9), ["omnissa:Company ABC"]);
    assert_eq!(due(10), ["omnissa:Company ABC", "cloudmore:Acme Corp"]);
    assert_eq!(
        due_within(&all, 10, now)[1]
            .renewal
            .as_ref()
            .map(|r| r.is_open),
        Some(false)
    );
}

// ---- the sandbox's four APIs ------------------------------------------------------------------

#[test]
fn the_whole_portfolio_from_the_sandbox() {
    let env = Env::new();
    let aps = partner_ordering::cloudblue::aps::ApsClient::new(
        partner_ordering::cloudblue::aps::ApsConfig::new(
            SANDBOX_URL,
            aps_oauth1(APS_CONSUMER_SECRET),
        ),
        env.http(),
    )
    .expect("aps");
    let omnissa = partner_ordering::omnissa::OmnissaClient::new(omnissa_config(), env.http())
        .expect("omnissa");
    let cloudmore = partner_ordering::cloudmore::CloudmoreClient::new(
        cloudmore_config(true, false, true),
        env.http(),
    )
    .expect("cloudmore");
    let as_values = items;

    let o = as_values(json!(block_on(omnissa.list_subscriptions()).expect("o")));
    let a = as_values(json!(block_on(aps.all_subscriptions(
        &ApsSubscriptionQuery {
            reseller_id: Some(APS_RESELLER_ID.into()),
            ..Default::default()
        }
    ))
    .expect("a")));
    let c = as_values(json!(
        block_on(cloudmore.list_seller_subscriptions()).expect("c")
    ));
    let simple_env = simple_env();
    let s = as_values(json!(
        block_on(
            simple_env
                .client
                .list_subscriptions(&SubscriptionQuery::default())
        )
        .expect("s")
        .data
    ));
    let mut all = Vec::new();
    for (vendor, subs) in [
        (Vendor::Omnissa, o),
        (Vendor::CloudblueAps, a),
        (Vendor::CloudblueSimple, s),
        (Vendor::Cloudmore, c),
    ] {
        let entries = normalize(vendor, &subs, NOW).expect("normalized");
        assert!(!entries.is_empty(), "{vendor:?}");
        all.extend(entries);
    }
    let due: Vec<(Vendor, String)> = due_within(&all, 30, NOW)
        .into_iter()
        .map(|e| (e.vendor, e.id))
        .collect();
    // Omnissa's M000000005 ends in 10 days. APS: Blue Harbor's Office Suite (ends in 12 days),
    // Cedar Works' subscription on hold (25) and Blue Harbor's second one (45: its window opens
    // in 15), never the reseller's own (20) nor the expired one.
    assert!(
        due.contains(&(Vendor::Omnissa, "M000000005".into())),
        "{due:?}"
    );
    let aps_due = |days| -> Vec<String> {
        due_within(&all, days, NOW)
            .into_iter()
            .filter(|e| e.vendor == Vendor::CloudblueAps)
            .map(|e| e.id)
            .collect()
    };
    let id = |n: u64| format!("5b5c0000-0000-4000-8000-{n:012}");
    assert_eq!(aps_due(30), [id(1_000_101), id(1_000_104), id(1_000_102)]);
    assert_eq!(aps_due(14), [id(1_000_101), id(1_000_104)]);
}
