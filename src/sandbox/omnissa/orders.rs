//! Omnissa orders in the sandbox: accepted with a `requestId`, PENDING for a while, then SUCCESS
//! (applying their effect to the stored subscription) or ERROR.
//!
//! Every order is checked with the SDK's own rules (`omnissa::rules`) against the stored
//! subscription and the sandbox's clock, and refused with the API's 400 body: `INVALID_REQUEST`
//! and the API's exact text for the renewal/cancellation window, `VALIDATION FAILED` otherwise.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::OmnissaSandbox;
use crate::http::HttpResponse;
use crate::omnissa::rules::{self, Context};
use crate::omnissa::{
    parse_sku, Cancellation, NewOrder, Offer, OfferInput, QuantityIncrease, Renewal,
    SecondaryAddOn, Subscription, Upgrade,
};
use crate::sandbox::error_json;
use crate::time::{add_months, Millis, DAY_MS};
use crate::validate::Issues;

/// How orders progress in the sandbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct OrderSettings {
    /// Status requests answered PENDING before the order completes (default 2).
    pub pending_polls: u32,
    /// Or: milliseconds of sandbox time after which it completes (default 5000).
    pub pending_ms: u32,
}

impl Default for OrderSettings {
    fn default() -> Self {
        OrderSettings {
            pending_polls: 2,
            pending_ms: 5_000,
        }
    }
}

#[derive(Debug, Clone)]
enum Kind {
    New(Box<NewOrder>),
    Increase(QuantityIncrease),
    Secondary(SecondaryAddOn),
    Upgrade(Upgrade),
    Renewal(Renewal),
    Cancel(Cancellation),
}

#[derive(Debug, Clone)]
struct Order {
    kind: Kind,
    created: Millis,
    polls: u32,
    fail: Option<String>,
    /// `Ok(sid)` or `Err(message)` once completed.
    outcome: Option<Result<String, String>>,
}

#[derive(Debug, Clone, Default)]
pub struct Orders {
    pub settings: OrderSettings,
    pub fail_next: Option<String>,
    orders: BTreeMap<String, Order>,
    next_request: u64,
    next_sid: u64,
}

/// True for the order POST paths.
pub fn is_order_path(rest: &str) -> bool {
    matches!(
        rest,
        "/subscriptions"
            | "/subscriptions/addon"
            | "/subscriptions/upgrade"
            | "/subscriptions/renewal"
            | "/subscriptions/cancel"
    )
}

fn bad_body(e: impl std::fmt::Display, trace: &str) -> HttpResponse {
    error_json(
        400,
        "VALIDATION FAILED",
        &format!("Malformed request body: {e}"),
        trace,
    )
}

fn parse<T: DeserializeOwned>(body: &str, trace: &str) -> Result<T, HttpResponse> {
    serde_json::from_str(body).map_err(|e| bad_body(e, trace))
}

/// The API's 400 for the first error issue, if any.
fn refusal(issues: Issues, trace: &str) -> Option<HttpResponse> {
    let report = issues.report();
    let first = report
        .issues
        .into_iter()
        .find(|i| i.severity == crate::error::Severity::Error)?;
    Some(match first.code.as_str() {
        "renewal_window_closed" => {
            error_json(400, "INVALID_REQUEST", rules::RENEWAL_WINDOW_MESSAGE, trace)
        }
        "cancellation_window_closed" => error_json(
            400,
            "INVALID_REQUEST",
            rules::CANCELLATION_WINDOW_MESSAGE,
            trace,
        ),
        _ => error_json(
            400,
            "VALIDATION FAILED",
            &format!("{}: {}", first.path, first.message),
            trace,
        ),
    })
}

fn sid_of(kind: &Kind) -> Option<&str> {
    match kind {
        Kind::New(_) => None,
        Kind::Increase(r) => Some(&r.service_instance_id),
        Kind::Secondary(r) => Some(&r.service_instance_id),
        Kind::Upgrade(r) => Some(&r.service_instance_id),
        Kind::Renewal(r) => Some(&r.service_instance_id),
        Kind::Cancel(r) => Some(&r.service_instance_id),
    }
}

fn check(kind: &Kind, sub: Option<&Subscription>, now: Millis) -> Issues {
    let ctx = Context {
        subscription: sub,
        now: Some(now),
    };
    match kind {
        Kind::New(o) => rules::validate_new_order(o),
        Kind::Increase(r) => rules::validate_quantity_increase(r, &ctx),
        Kind::Secondary(r) => rules::validate_secondary_addon(r, &ctx),
        Kind::Upgrade(r) => rules::validate_upgrade(r, &ctx),
        Kind::Renewal(r) => rules::validate_renewal(r, &ctx),
        Kind::Cancel(r) => rules::validate_cancellation(r, &ctx),
    }
}

fn read_kind(rest: &str, body: &str, trace: &str) -> Result<Kind, HttpResponse> {
    Ok(match rest {
        "/subscriptions" => Kind::New(Box::new(parse(body, trace)?)),
        "/subscriptions/addon" => {
            let mut v: serde_json::Value = parse(body, trace)?;
            // `type` picks the input type, which (refusing unknown fields) has no `type` itself.
            let kind = v.as_object_mut().and_then(|o| o.remove("type"));
            match kind.as_ref().and_then(|t| t.as_str()) {
                Some("QUANTITY-INCREASE") => {
                    Kind::Increase(serde_json::from_value(v).map_err(|e| bad_body(e, trace))?)
                }
                Some("SECONDARY-ADDON") => {
                    Kind::Secondary(serde_json::from_value(v).map_err(|e| bad_body(e, trace))?)
                }
                _ => {
                    return Err(error_json(
                        400,
                        "VALIDATION FAILED",
                        "type must be QUANTITY-INCREASE or SECONDARY-ADDON",
                        trace,
                    ))
                }
            }
        }
        "/subscriptions/upgrade" => Kind::Upgrade(parse(body, trace)?),
        "/subscriptions/renewal" => Kind::Renewal(parse(body, trace)?),
        _ => Kind::Cancel(parse(body, trace)?),
    })
}

/// `POST` of any order.
pub fn place(
    sb: &mut OmnissaSandbox,
    rest: &str,
    body: &str,
    now: Millis,
    trace: &str,
) -> HttpResponse {
    let kind = match read_kind(rest, body, trace) {
        Ok(k) => k,
        Err(resp) => return resp,
    };
    let sub = match sid_of(&kind) {
        Some(sid) => match sb.subscriptions.get(sid) {
            Some(s) => Some(s),
            None => {
                return error_json(
                    400,
                    "INVALID_REQUEST",
                    &format!("Subscription {sid} not found for this partner"),
                    trace,
                )
            }
        },
        None => None,
    };
    if let Some(resp) = refusal(check(&kind, sub, now), trace) {
        return resp;
    }
    let o = &mut sb.orders;
    o.next_request += 1;
    let id = format!("5a0d0000-0000-4000-8000-{:012x}", o.next_request);
    let fail = o.fail_next.take();
    o.orders.insert(
        id.clone(),
        Order {
            kind,
            created: now,
            polls: 0,
            fail,
            outcome: None,
        },
    );
    HttpResponse::json(202, &serde_json::json!({ "requestId": id }))
}

/// `GET /status/{requestId}`.
pub fn status(sb: &mut OmnissaSandbox, id: &str, now: Millis, trace: &str) -> HttpResponse {
    let settings = sb.orders.settings;
    let Some(order) = sb.orders.orders.get_mut(id) else {
        return error_json(
            400,
            "INVALID_REQUEST",
            &format!("Unknown requestId {id}"),
            trace,
        );
    };
    order.polls += 1;
    let due = order.polls > settings.pending_polls
        || now.saturating_sub(order.created) >= i64::from(settings.pending_ms);
    if order.outcome.is_none() && due {
        let order = order.clone();
        let outcome = complete(sb, &order, now);
        if let Some(o) = sb.orders.orders.get_mut(id) {
            o.outcome = Some(outcome);
        }
    }
    let outcome = sb.orders.orders.get(id).and_then(|o| o.outcome.clone());
    let sid = sb
        .orders
        .orders
        .get(id)
        .and_then(|o| sid_of(&o.kind).map(str::to_string));
    let body = match outcome {
        // The doc's PENDING sample has no SID.
        None => serde_json::json!({"status": "PENDING"}),
        Some(Ok(sid)) => {
            serde_json::json!({"status": "SUCCESS", "serviceInstanceId": sid, "groupId": "Sbx1234", "environmentIdentifier": "CN123"})
        }
        Some(Err(message)) => {
            serde_json::json!({"status": "ERROR", "serviceInstanceId": sid.unwrap_or_default(), "message": message})
        }
    };
    HttpResponse::json(200, &body)
}

/// Completes every PENDING order now, as its next status request would once due; the count.
pub fn complete_pending(sb: &mut OmnissaSandbox, now: Millis) -> usize {
    let pending: Vec<(String, Order)> = sb
        .orders
        .orders
        .iter()
        .filter(|(_, o)| o.outcome.is_none())
        .map(|(id, o)| (id.clone(), o.clone()))
        .collect();
    for (id, order) in &pending {
        let outcome = complete(sb, order, now);
        if let Some(o) = sb.orders.orders.get_mut(id) {
            o.outcome = Some(outcome);
        }
    }
    pending.len()
}

fn offers_of(inputs: &[OfferInput]) -> Vec<Offer> {
    inputs
        .iter()
        .map(|o| Offer {
            sku: o.sku.clone(),
            quantity: o.quantity.positive().unwrap_or(0),
        })
        .collect()
}

fn set_quantity(sub: &mut Subscription, sku: &str, quantity: u32) {
    match sub.offers.iter_mut().find(|o| o.sku == sku) {
        Some(o) => o.quantity = quantity,
        None if quantity > 0 => sub.offers.push(Offer {
            sku: sku.to_string(),
            quantity,
        }),
        None => {}
    }
    sub.offers.retain(|o| o.quantity > 0);
}

/// Applies a completed order to the stored state; the rules are checked again, as the
/// subscription may have changed since the order was accepted.
fn complete(sb: &mut OmnissaSandbox, order: &Order, now: Millis) -> Result<String, String> {
    if let Some(msg) = &order.fail {
        return Err(msg.clone());
    }
    let target = sid_of(&order.kind).map(str::to_string);
    let current = target.as_deref().and_then(|sid| sb.subscriptions.get(sid));
    if target.is_some() && current.is_none() {
        return Err("The subscription no longer exists".into());
    }
    let mut issues = check(&order.kind, current, now);
    if let Kind::Renewal(_) | Kind::Cancel(_) = order.kind {
        // Accepted inside the window: completing later is fine.
        issues = check(&order.kind, current, order.created);
    }
    if let Some(resp) = refusal(issues, "") {
        let msg = serde_json::from_slice::<serde_json::Value>(&resp.body)
            .ok()
            .and_then(|v| {
                v.get("message")
                    .and_then(|m| m.as_str())
                    .map(str::to_string)
            })
            .unwrap_or_else(|| "The order could not be fulfilled".into());
        return Err(msg);
    }
    match &order.kind {
        Kind::New(o) => {
            sb.orders.next_sid += 1;
            let sid = format!("M{:09}", 100_000_000 + sb.orders.next_sid);
            let months = o
                .offers
                .iter()
                .filter_map(|x| parse_sku(&x.sku).term_months)
                .max()
                .unwrap_or(12);
            let end = add_months(now, i64::from(months)).saturating_sub(DAY_MS);
            let sub = Subscription {
                service_instance_id: sid.clone(),
                customer_name: o.end_customer_info.customer_name.clone(),
                commit_contract_reference: o.commit_contract_reference.clone(),
                start_date: Some(super::doc_date(now)),
                end_date: Some(super::doc_date(end)),
                starts_at: None,
                ends_at: None,
                offers: offers_of(&o.offers),
                renewal_preference: None,
            };
            sb.subscriptions.insert(sid.clone(), sub);
            Ok(sid)
        }
        kind => {
            let sid = target.unwrap_or_default();
            let Some(sub) = sb.subscriptions.get_mut(&sid) else {
                return Err("The subscription no longer exists".into());
            };
            match kind {
                Kind::Increase(r) => {
                    for o in &r.offers {
                        set_quantity(sub, &o.sku, o.to_quantity.positive().unwrap_or(0));
                    }
                }
                Kind::Secondary(r) => sub.offers.extend(offers_of(&r.offers)),
                Kind::Upgrade(r) => {
                    for o in &r.offers {
                        let q = o.quantity.positive().unwrap_or(0);
                        let from = sub.quantity_of(&o.from_sku).unwrap_or(0);
                        let to = sub.quantity_of(&o.to_sku).unwrap_or(0);
                        set_quantity(sub, &o.from_sku, from.saturating_sub(q));
                        set_quantity(sub, &o.to_sku, to.saturating_add(q));
                    }
                }
                // The renewed offers apply from the next term; the current term's dates stay.
                Kind::Renewal(r) => {
                    sub.offers = offers_of(&r.offers);
                    sub.renewal_preference = Some("RENEW".into());
                }
                Kind::Cancel(_) => sub.renewal_preference = Some("OPT_OUT".into()),
                Kind::New(_) => {}
            }
            Ok(sid)
        }
    }
}
