//! BSS subscriptions in the APS sandbox: two customers of the reseller and their subscriptions,
//! dated relative to the sandbox's clock, listed from `collections/subscriptions` and
//! `collections/bss-subscriptions` with RQL filters, `limit()` and `Content-Range`.
//!
//! Seeded at `now`: Blue Harbor's Office Suite expires in 12 days (inside a 30-day window) and
//! its User Management Demo in 45; Cedar Works has a trial expiring in 200 days, a monthly
//! subscription on credit hold expiring in 25, and one that expired 20 days ago; the reseller's
//! own subscription expires in 20 days. Without `APS-Actor-Scope: FULL` only the actor's own
//! (the reseller's) subscriptions are visible, as on the platform.

use serde_json::{json, Value};

use super::aps::APS_RESELLER_ID;
use super::aps_orders::APS_PLAN_ID;
use super::rql_eval;
use crate::cloudblue::aps::ACCOUNT_TYPE;
use crate::http::{HttpRequest, HttpResponse};
use crate::time::{format_rfc3339, Millis, DAY_MS};

/// APS id of the sandbox's first customer, Blue Harbor Ltd.
pub const APS_CUSTOMER_ID: &str = "b1e0a7c2-4d3f-4e21-9a6b-0c5d7e8f9a01";
/// APS id of the second customer, Cedar Works GmbH.
pub const APS_CUSTOMER2_ID: &str = "c3d2e1f0-5a6b-4c7d-8e9f-a0b1c2d3e4f5";
/// The second plan of the sandbox's catalog.
const OFFICE_PLAN_ID: &str = "6f0c1b2a-3d4e-4f5a-8b6c-7d8e9f0a1b2c";
/// The BSS subscription type.
const SUBSCRIPTION_TYPE: &str = "http://www.odin.com/billing/Subscription/1.0";

/// The seeded customer accounts (`PAAccount`), children of the reseller.
pub fn seeded_customers() -> Vec<Value> {
    let customer = |id: &str, number: u64, name: &str, email: &str| {
        let contact = json!({"email": email, "givenName": "Pat", "familyName": "Lee"});
        json!({
            "aps": {"type": ACCOUNT_TYPE, "id": id, "status": "aps:ready"},
            "id": number, "type": "CLIENT", "companyName": name, "personal": false,
            "adminContact": contact, "billingContact": contact, "techContact": contact,
            "parent": {"aps": {"link": "weak", "href": format!("/aps/2/resources/{APS_RESELLER_ID}"), "id": APS_RESELLER_ID}},
        })
    };
    vec![
        customer(
            APS_CUSTOMER_ID,
            1_000_002,
            "Blue Harbor Ltd",
            "it@blueharbor.test",
        ),
        customer(
            APS_CUSTOMER2_ID,
            1_000_003,
            "Cedar Works GmbH",
            "admin@cedarworks.test",
        ),
    ]
}

/// One seeded subscription: `(number, account, plan, name, status, months of its period,
/// days from now to its expiration, trial)`.
type Seed = (
    u64,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    u32,
    i64,
    bool,
);

const SEEDS: &[Seed] = &[
    (
        1_000_101,
        APS_CUSTOMER_ID,
        OFFICE_PLAN_ID,
        "Office Suite",
        "ACTIVE",
        12,
        12,
        false,
    ),
    (
        1_000_102,
        APS_CUSTOMER_ID,
        APS_PLAN_ID,
        "User Management Demo",
        "ACTIVE",
        12,
        45,
        false,
    ),
    (
        1_000_103,
        APS_CUSTOMER2_ID,
        OFFICE_PLAN_ID,
        "Office Suite",
        "ACTIVE",
        12,
        200,
        true,
    ),
    (
        1_000_104,
        APS_CUSTOMER2_ID,
        APS_PLAN_ID,
        "User Management Demo",
        "CREDIT_HOLD",
        1,
        25,
        false,
    ),
    (
        1_000_105,
        APS_CUSTOMER2_ID,
        APS_PLAN_ID,
        "User Management Demo",
        "EXPIRED",
        12,
        -20,
        false,
    ),
    (
        1_000_106,
        APS_RESELLER_ID,
        OFFICE_PLAN_ID,
        "Office Suite",
        "ACTIVE",
        12,
        20,
        false,
    ),
];

/// The date part (`YYYY-MM-DD`) of an instant: BSS dates are dates [I].
fn date(ms: Millis) -> String {
    format_rfc3339(ms).get(..10).unwrap_or("").to_string()
}

fn link(id: &str) -> Value {
    json!({"aps": {"link": "weak", "href": format!("/aps/2/resources/{id}"), "id": id}})
}

/// The subscriptions the sandbox holds.
#[derive(Debug, Clone)]
pub struct ApsSubscriptions {
    items: Vec<Value>,
}

impl ApsSubscriptions {
    /// The seeded subscriptions, dated from `now`.
    pub fn seeded(now: Millis) -> Self {
        let items = SEEDS
            .iter()
            .map(|&(number, account, plan, name, status, months, days, trial)| {
                let expires = now.saturating_add(days.saturating_mul(DAY_MS));
                let starts = crate::time::add_months(expires, -i64::from(months));
                json!({
                    "aps": {"type": SUBSCRIPTION_TYPE, "id": format!("5b5c0000-0000-4000-8000-{number:012}"), "status": "aps:ready"},
                    "subscriptionId": number, "name": name, "status": status, "trial": trial,
                    "subscriptionPeriod": if months == 12 { json!({"unit": "YEARS", "duration": 1}) } else { json!({"unit": "MONTHS", "duration": months}) },
                    "account": link(account), "servicePlan": link(plan), "vendor": link(APS_RESELLER_ID),
                    "startDate": date(starts), "expirationDate": date(expires),
                })
            })
            .collect();
        ApsSubscriptions { items }
    }

    /// `GET /aps/2/collections/subscriptions?<rql>` and `…/bss-subscriptions?<rql>` (the same
    /// resources here; the SDK filters the reseller's own out of the second with RQL).
    pub fn list(&self, req: &HttpRequest, query: &str) -> HttpResponse {
        let Some(nodes) = rql_eval::parse(query) else {
            return super::aps::aps_error(
                400,
                "APS::Util::InvalidRQL",
                &format!("Cannot parse RQL: {query}"),
            );
        };
        // Sub-accounts' subscriptions need the FULL scope; the actor is the reseller.
        let full = req
            .headers
            .get("aps-actor-scope")
            .is_some_and(|s| s.trim().eq_ignore_ascii_case("FULL"));
        let visible = |s: &&Value| {
            full || s.pointer("/account/aps/id").and_then(Value::as_str) == Some(APS_RESELLER_ID)
        };
        let hits: Vec<Value> = self
            .items
            .iter()
            .filter(visible)
            .filter(|s| nodes.iter().all(|n| rql_eval::matches(s, n)))
            .map(|s| rql_eval::project(s, &nodes))
            .collect();
        rql_eval::page(hits, &nodes)
    }
}
