//! The APS order manager in the sandbox: estimate, estimateCosts, place, list (with RQL `limit`
//! and `Content-Range`), order details, and provisioning that completes after a few reads.
//!
//! Prices are chosen so that the guide's sample order reproduces the guide's sample answers to
//! the cent: customer prices with a 10 % discount and 12 % tax, reseller costs with a 25 %
//! discount and 15 % tax, each line rounded half-up to cents.

use serde_json::{json, Value};

use super::aps::{aps_error, new_id, APS_RESELLER_ID};
use super::rql_eval;
use crate::cloudblue::aps::NewApsOrder;
use crate::cloudblue::rules::validate_aps_order;
use crate::decimal::Decimal;
use crate::http::{HttpResponse, Method};
use crate::time::{format_rfc3339, Millis, DAY_MS};

/// The guide's service plan.
pub const APS_PLAN_ID: &str = "51615892-655d-409d-a922-4423a8188b2e";
/// The guide's resource (VPS profile), one unit included in the plan.
pub const APS_RESOURCE_ID: &str = "098a7165-8666-4f8d-8037-e34665e664e4";

struct Plan {
    id: &'static str,
    name: &'static str,
    setup: &'static str,
    recurring: &'static str,
    resources: &'static [(&'static str, &'static str, u32, &'static str)],
}

const PLANS: &[Plan] = &[
    Plan {
        id: APS_PLAN_ID,
        name: "User Management Demo",
        setup: "2.0",
        recurring: "4.25",
        resources: &[(APS_RESOURCE_ID, "VPS Mainstream Profile", 1, "1.0")],
    },
    Plan {
        id: "6f0c1b2a-3d4e-4f5a-8b6c-7d8e9f0a1b2c",
        name: "Office Suite",
        setup: "0.0",
        recurring: "10.0",
        resources: &[("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d", "Mailbox", 0, "2.5")],
    },
];

#[derive(Debug, Clone)]
struct Order {
    body: Value,
    polls: u32,
    reads_to_complete: u32,
}

impl Order {
    fn completed(&self) -> bool {
        self.body.get("provisioningStatus").and_then(Value::as_str) == Some("COMPLETED")
    }

    /// Provisioned: completed, with the subscriptions it created.
    fn complete(&mut self, ids: &mut u64) {
        let sub = new_id(ids, 0x5b5c);
        let bss = new_id(ids, 0xb55c);
        if let Some(o) = self.body.as_object_mut() {
            o.insert("status".into(), json!("COMPLETED"));
            o.insert("paymentStatus".into(), json!("FINISHED"));
            o.insert("provisioningStatus".into(), json!("COMPLETED"));
            o.insert("ofStatus".into(), json!("CP"));
            o.insert("subscriptions".into(), json!([sub]));
            o.insert("bssSubscriptions".into(), json!([bss]));
        }
    }
}

#[derive(Debug, Clone)]
pub struct ApsOrders {
    orders: Vec<Order>,
    ids: u64,
    created: Millis,
}

fn d(s: &str) -> Decimal {
    Decimal::parse(s).unwrap_or(Decimal::ZERO)
}

fn money(v: Decimal) -> Value {
    json!({"value": v.to_min1_string(), "code": "USD"})
}

/// Customer or reseller pricing.
#[derive(Clone, Copy)]
struct Rates {
    discount: &'static str,
    tax: &'static str,
}

const CUSTOMER: Rates = Rates {
    discount: "0.10",
    tax: "0.12",
};
const RESELLER: Rates = Rates {
    discount: "0.25",
    tax: "0.15",
};

struct Line {
    json: Value,
    ext: Decimal,
    tax: Decimal,
}

#[allow(clippy::too_many_arguments)]
fn line(
    kind: &str,
    plan: &Plan,
    period: &Value,
    desc: String,
    qty: Decimal,
    unit: &str,
    price: Decimal,
    r: Rates,
    estimate: bool,
) -> Line {
    let gross = price.checked_mul(qty).unwrap_or(Decimal::ZERO);
    let disc = gross
        .checked_mul(d(r.discount))
        .unwrap_or(Decimal::ZERO)
        .round_dp(2);
    let ext = gross.checked_sub(disc).unwrap_or(Decimal::ZERO);
    let tax = ext
        .checked_mul(d(r.tax))
        .unwrap_or(Decimal::ZERO)
        .round_dp(2);
    let rate = d(r.discount)
        .checked_mul(d("100"))
        .unwrap_or(Decimal::ZERO)
        .round_dp(1);
    let mut v = json!({
        "type": kind, "planId": plan.id, "period": period, "description": desc,
        "quantity": qty.to_min1_string(), "lowerBound": "0.0", "unitOfMeasure": unit,
        "unitPrice": money(price), "extendedPrice": money(ext),
        "discount": {"type": "PERCENT", "value": rate.to_min1_string(), "amount": disc.to_min1_string()},
        "taxAmount": money(tax), "exclusiveTaxAmount": money(tax),
    });
    if kind != "PLAN_SETUP" {
        if let Some(o) = v.as_object_mut() {
            // Estimates send the duration as "1.0"; order details send 1 (both documented).
            let dur = if estimate { json!("1.0") } else { json!(1) };
            o.insert(
                "duration".into(),
                json!({"unit": period.get("unit"), "duration": dur}),
            );
        }
    }
    Line { json: v, ext, tax }
}

fn price(order: &NewApsOrder, r: Rates, estimate: bool) -> Result<Vec<Line>, String> {
    let mut lines = Vec::new();
    for p in &order.products {
        let plan = PLANS
            .iter()
            .find(|x| x.id == p.plan_id)
            .ok_or_else(|| format!("Plan {} not found", p.plan_id))?;
        let period = json!({"unit": p.period.unit, "duration": p.period.duration});
        if d(plan.setup).is_positive() {
            lines.push(line(
                "PLAN_SETUP",
                plan,
                &period,
                format!("{} Setup", plan.name),
                d("1"),
                "item",
                d(plan.setup),
                r,
                estimate,
            ));
        }
        lines.push(line(
            "PLAN_RECURRING",
            plan,
            &period,
            format!("{} Recurring", plan.name),
            d("1"),
            "item",
            d(plan.recurring),
            r,
            estimate,
        ));
        for (rid, rname, included, rprice) in plan.resources {
            let amount = order
                .resources
                .iter()
                .find(|x| x.resource_id == *rid)
                .and_then(|x| match &x.amount {
                    crate::common::QuantityInput::Number(n) => Decimal::parse(&n.to_string()),
                    crate::common::QuantityInput::Text(t) => Decimal::parse(t),
                });
            let extra = amount
                .and_then(|a| a.checked_sub(d(&included.to_string())))
                .filter(|x| x.is_positive());
            if let Some(extra) = extra {
                let mut l = line(
                    "RESOURCE_RECURRING",
                    plan,
                    &period,
                    format!("{} - {rname} Recurring", plan.name),
                    extra,
                    "unit",
                    d(rprice),
                    r,
                    estimate,
                );
                if let Some(o) = l.json.as_object_mut() {
                    o.insert("resourceId".into(), json!(rid));
                }
                lines.push(l);
            }
        }
    }
    Ok(lines)
}

fn totals(lines: &[Line]) -> (Decimal, Decimal) {
    lines
        .iter()
        .fold((Decimal::ZERO, Decimal::ZERO), |(s, t), l| {
            (
                s.checked_add(l.ext).unwrap_or(s),
                t.checked_add(l.tax).unwrap_or(t),
            )
        })
}

fn estimate_body(lines: &[Line]) -> Value {
    let (sub, tax) = totals(lines);
    json!({
        "total": money(sub.checked_add(tax).unwrap_or(sub)), "subTotal": money(sub),
        "taxTotal": money(tax), "exclusiveTaxTotal": money(tax),
        "details": lines.iter().map(|l| l.json.clone()).collect::<Vec<_>>(),
    })
}

impl ApsOrders {
    pub fn new(now: Millis) -> Self {
        ApsOrders {
            orders: Vec::new(),
            ids: 0,
            created: now,
        }
    }

    pub fn handle(
        &mut self,
        method: Method,
        sub: &[&str],
        query: &str,
        body: &str,
        accounts: &[Value],
        now: Millis,
    ) -> HttpResponse {
        match (method, sub) {
            (Method::Post, ["estimate"]) => self.estimate(body, accounts, CUSTOMER),
            (Method::Post, ["estimateCosts"]) => self.estimate(body, accounts, RESELLER),
            (Method::Post, []) => self.place(body, accounts, now),
            (Method::Get, []) => self.list(query),
            (Method::Get, [id]) => self.get(id),
            _ => aps_error(
                404,
                "APS::Util::NotFound",
                "No such order-manager operation",
            ),
        }
    }

    fn parse(&self, body: &str, accounts: &[Value]) -> Result<NewApsOrder, HttpResponse> {
        let o: NewApsOrder = serde_json::from_str(body).map_err(|e| {
            aps_error(
                400,
                "APS::Util::InvalidJSON",
                &format!("Malformed order: {e}"),
            )
        })?;
        if let Some(first) = validate_aps_order(&o)
            .report()
            .issues
            .into_iter()
            .find(|i| i.severity == crate::error::Severity::Error)
        {
            return Err(aps_error(
                400,
                "APS::Billing::InvalidOrder",
                &format!("{}: {}", first.path, first.message),
            ));
        }
        if !accounts
            .iter()
            .any(|a| a.pointer("/aps/id").and_then(Value::as_str) == Some(o.account_id.as_str()))
        {
            return Err(aps_error(
                404,
                "APS::Util::NotFound",
                &format!("Account {} not found", o.account_id),
            ));
        }
        Ok(o)
    }

    fn estimate(&self, body: &str, accounts: &[Value], r: Rates) -> HttpResponse {
        let o = match self.parse(body, accounts) {
            Ok(o) => o,
            Err(resp) => return resp,
        };
        match price(&o, r, true) {
            Ok(lines) => HttpResponse::json(200, &estimate_body(&lines)),
            Err(msg) => aps_error(400, "APS::Billing::InvalidOrder", &msg),
        }
    }

    fn place(&mut self, body: &str, accounts: &[Value], now: Millis) -> HttpResponse {
        let o = match self.parse(body, accounts) {
            Ok(o) => o,
            Err(resp) => return resp,
        };
        let (Ok(lines), Ok(costs)) = (price(&o, CUSTOMER, false), price(&o, RESELLER, false))
        else {
            return aps_error(400, "APS::Billing::InvalidOrder", "Unknown plan");
        };
        let (sub, tax) = totals(&lines);
        let (csub, ctax) = totals(&costs);
        let details: Vec<Value> = lines
            .iter()
            .zip(&costs)
            .map(|(l, c)| {
                let mut v = l.json.clone();
                if let Some(o) = v.as_object_mut() {
                    o.insert(
                        "resellerCost".into(),
                        money(c.ext.checked_add(c.tax).unwrap_or(c.ext)),
                    );
                }
                v
            })
            .collect();
        let customer = accounts
            .iter()
            .find(|a| a.pointer("/aps/id").and_then(Value::as_str) == Some(o.account_id.as_str()));
        let n = self.orders.len() / 2 + 1;
        let date = format_rfc3339(now);
        let base = |kind: &str, number: String, id: &str, total: Value, payment: &str| {
            json!({
                "orderId": id, "internalId": 1_000_015 + self.orders.len(), "orderNumber": number, "type": kind,
                "total": total, "taxTotal": money(tax), "exclusiveTaxTotal": money(tax), "subTotal": money(sub),
                "status": "IN_PROGRESS", "paymentStatus": payment, "provisioningStatus": "NOT_STARTED", "ofStatus": "WP",
                "sellerId": APS_RESELLER_ID, "buyerId": o.account_id, "orderDate": date.get(..10),
                "expirationDate": format_rfc3339(now.saturating_add(30 * DAY_MS)).get(..10), "creationTime": date.get(..19).map(|s| format!("{s}Z")),
                "orderAttributes": [], "endCustomerAttributes": [],
                "endCustomerName": customer.and_then(|c| c.get("companyName")), "endCustomerType": "CUSTOMER",
            })
        };
        let so_id = new_id(&mut self.ids, 0x0de7);
        let mut so = base(
            if o.kind.as_str() == "CHANGE" {
                "CH"
            } else {
                "SO"
            },
            format!("SO{n:06}"),
            &so_id,
            money(sub.checked_add(tax).unwrap_or(sub)),
            "PROBLEM",
        );
        if let Some(obj) = so.as_object_mut() {
            obj.insert("details".into(), json!(details));
            obj.insert(
                "resellerCosts".into(),
                money(csub.checked_add(ctax).unwrap_or(csub)),
            );
        }
        let po_id = new_id(&mut self.ids, 0x0de7);
        let po = base(
            "PO",
            format!("PO{n:06}"),
            &po_id,
            money(Decimal::ZERO),
            "FINISHED",
        );
        self.orders.push(Order {
            body: so,
            polls: 0,
            reads_to_complete: 2,
        });
        self.orders.push(Order {
            body: po,
            polls: 0,
            reads_to_complete: 2,
        });
        let _ = self.created;
        HttpResponse::json(200, &json!({"orderId": so_id}))
    }

    /// Completes every order not provisioned yet, as its next reads would; the count.
    pub fn complete_pending(&mut self) -> usize {
        let mut n = 0;
        for order in self.orders.iter_mut().filter(|o| !o.completed()) {
            order.polls = order.polls.max(order.reads_to_complete);
            order.complete(&mut self.ids);
            n += 1;
        }
        n
    }

    /// A listed order leaves out the details, as the guide's list sample does.
    fn summary(o: &Value) -> Value {
        let mut v = o.clone();
        if let Some(obj) = v.as_object_mut() {
            obj.remove("details");
            obj.remove("resellerCosts");
        }
        v
    }

    fn list(&self, query: &str) -> HttpResponse {
        let nodes = rql_eval::parse(query).unwrap_or_default();
        let all: Vec<Value> = self.orders.iter().map(|o| Self::summary(&o.body)).collect();
        rql_eval::page(all, &nodes)
    }

    fn get(&mut self, id: &str) -> HttpResponse {
        let mut ids = self.ids;
        let Some(order) = self
            .orders
            .iter_mut()
            .find(|o| o.body.get("orderId").and_then(Value::as_str) == Some(id))
        else {
            return aps_error(404, "APS::Util::NotFound", &format!("Order {id} not found"));
        };
        order.polls += 1;
        if order.polls >= order.reads_to_complete && !order.completed() {
            order.complete(&mut ids);
        } else if order.polls == 1 {
            if let Some(o) = order.body.as_object_mut() {
                o.insert("provisioningStatus".into(), json!("IN_PROGRESS"));
            }
        }
        let body = order.body.clone();
        self.ids = ids;
        HttpResponse::json(200, &body)
    }
}
