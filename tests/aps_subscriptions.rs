//! CloudBlue APS subscriptions: the golden requests (path, RQL, `APS-Actor-Scope`), the
//! documented samples, paging with `limit()` and `Content-Range` against the sandbox and
//! against a server that ignores paging, the typed filters, and validation before sending.
#![cfg(feature = "sandbox")]
// Tests fail by panicking; the panic lints are for library code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::scripted::scripted_http;
use common::*;
use partner_ordering::cloudblue::aps::*;
use partner_ordering::sandbox::*;
use partner_ordering::time::{format_rfc3339, DAY_MS};
use partner_ordering::{HttpRequest, HttpResponse};
use serde_json::json;

const BASE: &str = "https://cbc.example.com";

/// A client over a server that answers every request with `body` (and `range` as its
/// `Content-Range`), and the log of the requests it sent.
fn scripted(
    body: serde_json::Value,
    range: Option<&'static str>,
    actor_scope: Option<&str>,
) -> (ApsClient, std::rc::Rc<std::cell::RefCell<Vec<HttpRequest>>>) {
    let (http, calls) = scripted_http(30, move |_req: &HttpRequest| {
        let mut r = HttpResponse::json(200, &body);
        if let Some(v) = range {
            r.headers.set("content-range", v);
        }
        r
    });
    let mut cfg = ApsConfig::new(BASE, aps_oauth1(APS_CONSUMER_SECRET));
    cfg.actor_scope = actor_scope.map(str::to_string);
    (ApsClient::new(cfg, http).expect("config"), calls)
}

fn ids(subs: &[ApsSubscription]) -> Vec<u64> {
    subs.iter().filter_map(|s| s.subscription_id).collect()
}

// ---- golden requests and samples --------------------------------------------------------------

#[test]
fn golden_requests_carry_the_path_the_rql_and_the_full_actor_scope() {
    // (query, URL after the base, why)
    let cases: Vec<(ApsSubscriptionQuery, &str)> = vec![
        (
            ApsSubscriptionQuery::default(),
            "/aps/2/collections/subscriptions?limit(0,100)",
        ),
        (
            ApsSubscriptionQuery {
                reseller_id: Some(APS_RESELLER_ID.into()),
                start: Some(200),
                count: Some(50),
                ..Default::default()
            },
            "/aps/2/collections/bss-subscriptions?ne(account.aps.id,78ee642d-3b8a-48f1-af12-90563e38bd18),limit(200,50)",
        ),
        (
            ApsSubscriptionQuery {
                account_id: Some(APS_CUSTOMER_ID.into()),
                status: vec![ApsSubscriptionStatus::Active],
                plan_id: Some(APS_PLAN_ID.into()),
                starts_from: Some("2026-01-01".into()),
                expires_before: Some("2026-12-19T00:00:00Z".into()),
                ..Default::default()
            },
            "/aps/2/collections/subscriptions?eq(account.aps.id,b1e0a7c2-4d3f-4e21-9a6b-0c5d7e8f9a01),\
             eq(status,ACTIVE),eq(servicePlan.aps.id,51615892-655d-409d-a922-4423a8188b2e),\
             ge(startDate,2026-01-01),lt(expirationDate,2026-12-19T00:00:00Z),limit(0,100)",
        ),
    ];
    for (q, want) in cases {
        // A client-wide scope of its own does not replace the one a subscription list needs.
        let (client, calls) = scripted(json!([]), None, Some("SELF"));
        block_on(client.list_subscriptions(&q)).expect("listed");
        let calls = calls.borrow();
        assert_eq!(calls.len(), 1);
        let req = &calls[0];
        assert_eq!(req.url, format!("{BASE}{want}"));
        assert_eq!(req.method.as_str(), "GET");
        assert_eq!(req.headers.get("aps-actor-scope"), Some("FULL"), "{want}");
        assert!(req.headers.get("authorization").is_some());
    }
    // Other calls keep the client's own scope.
    let (client, calls) = scripted(json!([]), None, Some("SELF"));
    block_on(client.find_accounts("")).expect("listed");
    assert_eq!(
        calls.borrow()[0].headers.get("aps-actor-scope"),
        Some("SELF")
    );
}

#[test]
fn the_documented_samples_parse_and_keep_what_is_not_modelled() {
    let listed: Vec<ApsSubscription> =
        fixture_json("cloudblue/aps/list_subscriptions.response.json");
    let s = &listed[0];
    assert_eq!(
        (s.subscription_id, s.name.as_deref(), s.trial),
        (Some(1_000_016), Some("Cloud VPS Services"), Some(false))
    );
    assert_eq!(
        s.aps.kind.as_deref(),
        Some("http://parallels.com/aps/types/pa/subscription/1.0")
    );
    assert_eq!(s.extra["serviceTemplateId"], json!(4));
    assert_eq!(s.extra["disabled"], json!(false));
    assert_eq!(s.status, None);

    let bss: Vec<ApsSubscription> = fixture_json("cloudblue/aps/bss_subscription.response.json");
    let b = &bss[0];
    assert_eq!(b.status, Some(ApsSubscriptionStatus::Active));
    assert_eq!(
        b.service_status,
        Some(ApsServiceStatus::Unknown("RUNNING".into())),
        "a state the SDK does not know is kept"
    );
    assert_eq!(b.account_id(), Some("26ae28d2-0303-4189-8e1d-02796ee5de3b"));
    assert_eq!(b.plan_id(), Some(APS_PLAN_ID));
    assert_eq!(
        b.subscription_period,
        Some(ApsPeriod {
            unit: "MONTHS".into(),
            duration: 1
        })
    );
    assert_eq!(b.expiration_date.as_deref(), Some("2019-04-15"));
    // Serialized back, the extra fields stay where they were.
    assert_eq!(
        serde_json::to_value(s).expect("serializes")["serviceTemplateId"],
        json!(4)
    );
}

// ---- against the sandbox ----------------------------------------------------------------------

fn env() -> Env<ApsClient> {
    aps_env(true, |_| aps_oauth1(APS_CONSUMER_SECRET))
}

#[test]
fn pages_through_content_range_and_excludes_the_resellers_own() {
    let env = env();
    let c = &env.client;
    let first = block_on(c.list_subscriptions(&ApsSubscriptionQuery {
        count: Some(4),
        ..Default::default()
    }))
    .expect("page");
    assert_eq!(
        (
            first.items.len(),
            first.start,
            first.total,
            first.next_start
        ),
        (4, 0, Some(6), Some(4))
    );
    let all = block_on(c.all_subscriptions(&ApsSubscriptionQuery {
        count: Some(2),
        ..Default::default()
    }))
    .expect("all");
    assert_eq!(
        ids(&all),
        [1_000_101, 1_000_102, 1_000_103, 1_000_104, 1_000_105, 1_000_106]
    );
    assert_eq!(
        env.count_calls(|p| p.ends_with("/collections/subscriptions")),
        1 + 3,
        "one page of four, then three pages of two"
    );

    let customers = block_on(c.all_subscriptions(&ApsSubscriptionQuery {
        reseller_id: Some(APS_RESELLER_ID.into()),
        ..Default::default()
    }))
    .expect("customers'");
    assert_eq!(customers.len(), 5);
    assert!(customers
        .iter()
        .all(|s| s.account_id() != Some(APS_RESELLER_ID)));
    assert_eq!(
        env.count_calls(|p| p.ends_with("/collections/bss-subscriptions")),
        1
    );
}

#[test]
fn without_the_full_scope_only_the_actors_own_subscriptions_are_visible() {
    let env = env();
    // findResources sends no APS-Actor-Scope.
    let own = block_on(env.client.find_resources("subscriptions", "")).expect("listed");
    assert_eq!(own.len(), 1);
    assert_eq!(own[0]["account"]["aps"]["id"], json!(APS_RESELLER_ID));
}

#[test]
fn typed_filters_select_in_the_sandbox() {
    let env = env();
    let c = &env.client;
    let list = |q: ApsSubscriptionQuery| ids(&block_on(c.all_subscriptions(&q)).expect("listed"));
    let in_30_days = format_rfc3339(NOW + 30 * DAY_MS);
    let today = format_rfc3339(NOW);
    // (query, subscriptions expected)
    let cases: Vec<(ApsSubscriptionQuery, Vec<u64>)> = vec![
        (
            ApsSubscriptionQuery {
                account_id: Some(APS_CUSTOMER2_ID.into()),
                ..Default::default()
            },
            vec![1_000_103, 1_000_104, 1_000_105],
        ),
        (
            ApsSubscriptionQuery {
                status: vec![
                    ApsSubscriptionStatus::Expired,
                    ApsSubscriptionStatus::CreditHold,
                ],
                ..Default::default()
            },
            vec![1_000_104, 1_000_105],
        ),
        (
            ApsSubscriptionQuery {
                reseller_id: Some(APS_RESELLER_ID.into()),
                expires_from: Some(today.clone()),
                expires_before: Some(in_30_days),
                ..Default::default()
            },
            vec![1_000_101, 1_000_104],
        ),
        (
            ApsSubscriptionQuery {
                period: Some(ApsPeriod {
                    unit: "MONTHS".into(),
                    duration: 1,
                }),
                ..Default::default()
            },
            vec![1_000_104],
        ),
        (
            ApsSubscriptionQuery {
                trial: Some(true),
                ..Default::default()
            },
            vec![1_000_103],
        ),
        (
            ApsSubscriptionQuery {
                plan_id: Some(APS_PLAN_ID.into()),
                expires_from: Some(today),
                ..Default::default()
            },
            vec![1_000_102, 1_000_104],
        ),
    ];
    for (q, want) in cases {
        assert_eq!(list(q.clone()), want, "{q:?}");
    }
}

#[test]
fn bad_filters_are_refused_before_sending() {
    let env = env();
    let q = ApsSubscriptionQuery {
        reseller_id: Some("mw@aps.test".into()),
        expires_before: Some("soon".into()),
        ..Default::default()
    };
    let err = block_on(env.client.list_subscriptions(&q)).expect_err("invalid");
    assert_eq!(
        invalid_issues(err),
        [
            ("resellerId".to_string(), "aps_id_invalid".to_string()),
            ("expiresBefore".to_string(), "date_invalid".to_string())
        ]
    );
    assert_eq!(env.call_count(), 0);
}

// ---- a server that ignores paging -------------------------------------------------------------

fn sub(i: u64) -> serde_json::Value {
    json!({"aps": {"id": format!("5b5c0000-0000-4000-8000-{i:012}")}, "subscriptionId": i})
}

#[test]
fn a_server_that_ignores_limit_cannot_make_the_list_loop_or_repeat() {
    // (subscriptions the server sends every time, Content-Range, page size, requests expected)
    let cases: &[(u64, Option<&'static str>, u32, usize)] = &[
        (5, None, 2, 1),
        (2, None, 2, 2),
        (2, Some("items 0-1/10"), 2, 2),
        (5, Some("items 0-4/5"), 2, 1),
    ];
    for (n, range, count, requests) in cases {
        let body = json!((0..*n).map(sub).collect::<Vec<_>>());
        let (client, calls) = scripted(body, *range, None);
        let q = ApsSubscriptionQuery {
            count: Some(*count),
            ..Default::default()
        };
        let all = block_on(client.all_subscriptions(&q)).expect("listed");
        assert_eq!(ids(&all), (0..*n).collect::<Vec<_>>(), "{n} {range:?}");
        assert_eq!(calls.borrow().len(), *requests, "{n} {range:?} {count}");
    }
}
