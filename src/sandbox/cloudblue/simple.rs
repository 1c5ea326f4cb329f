//! SimpleAPI emulator under `/marketplace/sandbox`: token, catalog (seed 002's products plus MPN
//! duplicates), customers, subscriptions, orders that go submitted → processing → completed,
//! estimates priced from the catalog, plans. Orders are checked with the SDK's own catalog rules.

use std::collections::BTreeMap;

use base64::Engine as _;
use serde_json::{json, Value};

use crate::cloudblue::simple::{
    validate_order, Catalog, NewSimpleOrder, Product, Resolution, SimpleOrderType,
};
use crate::decimal::Decimal;
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::time::{format_rfc3339, Millis};

use super::simple_data::{catalog, period};
pub use super::simple_data::{ADDON_MPN, DUPLICATE_MPN, LICENSE_MPN};

/// Path prefix of the SimpleAPI in the sandbox: the base URL is `<origin>/marketplace/sandbox`.
pub const SIMPLE_PREFIX: &str = "/marketplace/sandbox";
/// API user the sandbox accepts.
pub const SIMPLE_USERNAME: &str = "sandbox-simple-user";
/// API password the sandbox accepts (it opens only the sandbox).
pub const SIMPLE_PASSWORD: &str = "sandbox-simple-password";
/// Gateway subscription key the sandbox accepts.
pub const SIMPLE_SUBSCRIPTION_KEY: &str = "sandbox-subscription-key";
/// Token lifetime, as in the spec's example.
const TOKEN_SECONDS: i64 = 1500;
/// The customer with an existing E1 licence.
pub const SIMPLE_CUSTOMER_ID: &str = "1000027";

#[derive(Debug, Clone)]
struct Order {
    body: Value,
    polls: u32,
}

#[derive(Debug, Clone)]
pub struct SimpleSandbox {
    tokens: BTreeMap<String, Millis>,
    issued: u64,
    products: Vec<Value>,
    customers: BTreeMap<String, Value>,
    subscriptions: BTreeMap<String, Value>,
    orders: BTreeMap<String, Order>,
    plans: Vec<Value>,
    next_id: u64,
}

/// The spec's error shape for 4xx (`{timeStamp, status, message, path, correlationId}`).
fn error(status: u16, message: &str, path: &str, trace: &str, now: Millis) -> HttpResponse {
    with_correlation(
        HttpResponse::json(
            status,
            &json!({"timeStamp": format_rfc3339(now), "status": status, "message": message, "path": path, "correlationId": trace}),
        ),
        trace,
    )
}

/// Spring's shape, as the gateway sends for 401 (`{timestamp, status, error, path, correlationId}`).
fn unauthorized(path: &str, trace: &str, now: Millis) -> HttpResponse {
    with_correlation(
        HttpResponse::json(
            401,
            &json!({"timestamp": format_rfc3339(now), "status": 401, "error": "Unauthorized", "path": path, "correlationId": trace}),
        ),
        trace,
    )
}

fn with_correlation(mut r: HttpResponse, trace: &str) -> HttpResponse {
    r.headers.set("X-Correlation-ID", trace);
    r
}

fn ok(status: u16, v: &Value, trace: &str) -> HttpResponse {
    with_correlation(HttpResponse::json(status, v), trace)
}

fn query_u32(req: &HttpRequest, name: &str) -> Option<u32> {
    req.query_pairs()
        .into_iter()
        .find(|(k, _)| k == name)
        .and_then(|(_, v)| v.parse().ok())
}

fn query_str(req: &HttpRequest, name: &str) -> Option<String> {
    req.query_pairs()
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// `{data, pagination}` of `items[offset..offset+limit]`.
fn page(req: &HttpRequest, items: Vec<Value>, trace: &str) -> HttpResponse {
    let offset = query_u32(req, "offset").unwrap_or(0);
    let limit = query_u32(req, "limit").unwrap_or(10).max(1);
    let total = u32::try_from(items.len()).unwrap_or(u32::MAX);
    let data: Vec<Value> = items
        .into_iter()
        .skip(offset as usize)
        .take(limit as usize)
        .collect();
    ok(
        200,
        &json!({"data": data, "pagination": {"offset": offset, "limit": limit, "total": total}}),
        trace,
    )
}

impl SimpleSandbox {
    pub fn seeded(now: Millis) -> Self {
        let customer = json!({
            "id": SIMPLE_CUSTOMER_ID, "externalId": "EXTERNAL-A1S2D3", "name": "Krauses Factory", "status": "active",
            "address": {"streetAddress": "555 Main Street", "postalCode": "92612", "city": "Irvine", "state": "CA", "countryCode": "US"},
            "contactPersons": [{"type": "admin", "firstName": "Jane", "lastName": "Doe", "email": "skipper@rhyta.com", "phoneNumber": "81##18881234567#"}],
            "language": "en", "resellerId": "1000001",
        });
        let sub = json!({
            "id": "1000054", "name": "Office 365 Enterprise E1", "customerId": SIMPLE_CUSTOMER_ID, "status": "active", "renewalStatus": true,
            "creationDate": format_rfc3339(now).get(..10).unwrap_or(""), "billingPeriod": period("month", 1), "subscriptionPeriod": period("month", 1),
            "products": [{"mpn": LICENSE_MPN, "vendor": "Microsoft", "quantity": 10, "name": "Office 365 Enterprise E1"}],
        });
        let plan = |id: &str, name: &str, switches: Value| {
            json!({
                "id": id, "name": name, "shortDescription": name, "published": true, "billingModel": "chargeBeforeBillingPeriod",
                "subscriptionPeriods": [period("month", 1), period("year", 1)], "planSwitches": switches,
            })
        };
        SimpleSandbox {
            tokens: BTreeMap::new(),
            issued: 0,
            products: catalog(),
            customers: [(SIMPLE_CUSTOMER_ID.to_string(), customer)]
                .into_iter()
                .collect(),
            subscriptions: [("1000054".to_string(), sub)].into_iter().collect(),
            orders: BTreeMap::new(),
            plans: vec![
                plan(
                    "10005",
                    "Office 365 Enterprise E1",
                    json!([{"planId": 10006, "subscriptionPeriod": period("month", 1), "billingPolicy": "prorate_refund", "whenEffective": "immediately"}]),
                ),
                plan("10006", "Office 365 Enterprise E3", json!([])),
                plan("10007", "Acronis Backup", json!([])),
            ],
            next_id: 1_000_100,
        }
    }

    pub fn handle(
        &mut self,
        req: &HttpRequest,
        path: &str,
        now: Millis,
        trace: &str,
    ) -> HttpResponse {
        let rest = path
            .strip_prefix(SIMPLE_PREFIX)
            .unwrap_or(path)
            .trim_end_matches('/');
        if req.headers.get("x-subscription-key") != Some(SIMPLE_SUBSCRIPTION_KEY) {
            return unauthorized(path, trace, now);
        }
        if rest == "/token" {
            return self.token(req, path, now, trace);
        }
        let bearer = req
            .headers
            .get("authorization")
            .and_then(|h| h.strip_prefix("Bearer "))
            .map(str::trim);
        let valid = bearer
            .and_then(|t| self.tokens.get(t))
            .is_some_and(|exp| now < *exp);
        if !valid {
            return unauthorized(path, trace, now);
        }
        let segs: Vec<&str> = rest.trim_start_matches('/').split('/').collect();
        match (req.method, segs.as_slice()) {
            (Method::Get, ["products"]) => {
                let f = |k| query_str(req, k);
                let (name, service, mpn, vendor) =
                    (f("name"), f("serviceName"), f("mpn"), f("vendor"));
                let has = |p: &Value, key: &str, want: &Option<String>| {
                    want.as_ref().is_none_or(|w| {
                        p.get(key)
                            .and_then(Value::as_str)
                            .is_some_and(|v| v.to_lowercase().contains(&w.to_lowercase()))
                    })
                };
                let items = self
                    .products
                    .iter()
                    .filter(|p| {
                        has(p, "name", &name)
                            && has(p, "serviceName", &service)
                            && has(p, "vendor", &vendor)
                            && mpn.as_ref().is_none_or(|m| {
                                p.get("mpn").and_then(Value::as_str) == Some(m.as_str())
                            })
                    })
                    .cloned()
                    .collect();
                page(req, items, trace)
            }
            (Method::Get, ["customers"]) => {
                page(req, self.customers.values().cloned().collect(), trace)
            }
            (Method::Get, ["customers", id]) => {
                self.get(&self.customers, id, "Customer", path, now, trace)
            }
            (Method::Post, ["customers"]) => self.create_customer(req, path, now, trace),
            (Method::Get, ["subscriptions"]) => {
                let cid = query_str(req, "customerId");
                let items = self
                    .subscriptions
                    .values()
                    .filter(|s| {
                        cid.as_ref()
                            .is_none_or(|c| s.get("customerId").and_then(Value::as_str) == Some(c))
                    })
                    .cloned()
                    .collect();
                page(req, items, trace)
            }
            (Method::Get, ["subscriptions", id]) => {
                self.get(&self.subscriptions, id, "Subscription", path, now, trace)
            }
            (Method::Get, ["orders"]) => {
                let items: Vec<Value> = self.orders.values().map(|o| o.body.clone()).collect();
                page(req, items, trace)
            }
            (Method::Get, ["orders", id]) => self.order_status(id, path, now, trace),
            (Method::Post, ["orders"]) => self.order(req, path, now, trace, false),
            (Method::Post, ["orders", "estimate"]) => self.order(req, path, now, trace, true),
            (Method::Get, ["plans"]) => page(
                req,
                self.plans
                    .iter()
                    .map(|p| {
                        let mut p = p.clone();
                        if let Some(o) = p.as_object_mut() {
                            o.remove("planSwitches");
                        }
                        p
                    })
                    .collect(),
                trace,
            ),
            (Method::Get, ["plans", id]) => match self
                .plans
                .iter()
                .find(|p| p.get("id").and_then(Value::as_str) == Some(id))
            {
                Some(p) => ok(200, p, trace),
                None => error(404, &format!("Plan {id} not found"), path, trace, now),
            },
            _ => error(
                404,
                &format!("No such operation: {} {path}", req.method),
                path,
                trace,
                now,
            ),
        }
    }

    fn get(
        &self,
        map: &BTreeMap<String, Value>,
        id: &str,
        what: &str,
        path: &str,
        now: Millis,
        trace: &str,
    ) -> HttpResponse {
        match map.get(id) {
            Some(v) => ok(200, v, trace),
            None => error(404, &format!("{what} {id} not found"), path, trace, now),
        }
    }

    fn token(&mut self, req: &HttpRequest, path: &str, now: Millis, trace: &str) -> HttpResponse {
        let want = base64::engine::general_purpose::STANDARD
            .encode(format!("{SIMPLE_USERNAME}:{SIMPLE_PASSWORD}"));
        let basic = req
            .headers
            .get("authorization")
            .and_then(|h| h.strip_prefix("Basic "))
            .map(str::trim);
        let marketplace = req
            .body
            .as_deref()
            .and_then(|b| serde_json::from_str::<Value>(b).ok())
            .and_then(|v| {
                v.get("marketplace")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            });
        if req.method != Method::Post || basic != Some(want.as_str()) {
            return unauthorized(path, trace, now);
        }
        if !matches!(marketplace.as_deref(), Some("us" | "eu")) {
            return error(
                400,
                "Unknown marketplace; the sandbox serves \"us\" and \"eu\"",
                path,
                trace,
                now,
            );
        }
        self.issued += 1;
        let token = format!("sbx-simple-{:08}", self.issued);
        self.tokens
            .insert(token.clone(), now.saturating_add(TOKEN_SECONDS * 1000));
        ok(
            200,
            &json!({"token": token, "expiresInSeconds": TOKEN_SECONDS}),
            trace,
        )
    }

    /// Expires every token.
    pub fn revoke_tokens(&mut self) {
        self.tokens.clear();
    }

    fn next(&mut self) -> String {
        self.next_id += 1;
        self.next_id.to_string()
    }

    fn create_customer(
        &mut self,
        req: &HttpRequest,
        path: &str,
        now: Millis,
        trace: &str,
    ) -> HttpResponse {
        let parsed = req
            .body
            .as_deref()
            .map(serde_json::from_str::<crate::cloudblue::simple::NewCustomer>);
        let c = match parsed {
            Some(Ok(c)) => c,
            Some(Err(e)) => {
                return error(400, &format!("Malformed customer: {e}"), path, trace, now)
            }
            None => return error(400, "A body is required", path, trace, now),
        };
        if let Some(first) = crate::cloudblue::rules::validate_simple_customer(&c)
            .report()
            .issues
            .into_iter()
            .find(|i| i.severity == crate::error::Severity::Error)
        {
            return error(
                400,
                &format!("{}: {}", first.path, first.message),
                path,
                trace,
                now,
            );
        }
        let id = self.next();
        let mut v = json!(c);
        if let Some(o) = v.as_object_mut() {
            o.insert("id".into(), json!(id));
            o.insert("status".into(), json!("active"));
            o.insert("resellerId".into(), json!("1000001"));
        }
        self.customers.insert(id, v.clone());
        ok(201, &v, trace)
    }

    fn catalog(&self) -> Catalog {
        Catalog::new(
            self.products
                .iter()
                .filter_map(|p| serde_json::from_value::<Product>(p.clone()).ok())
                .collect(),
        )
    }

    fn subscribed(&self, customer: &str) -> Vec<String> {
        self.subscriptions
            .values()
            .filter(|s| s.get("customerId").and_then(Value::as_str) == Some(customer))
            .flat_map(|s| {
                s.get("products")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default()
            })
            .filter_map(|p| p.get("mpn").and_then(Value::as_str).map(str::to_string))
            .collect()
    }

    /// `POST /orders` and `POST /orders/estimate`: checked with the SDK's catalog rules.
    fn order(
        &mut self,
        req: &HttpRequest,
        path: &str,
        now: Millis,
        trace: &str,
        estimate: bool,
    ) -> HttpResponse {
        let o = match req
            .body
            .as_deref()
            .map(serde_json::from_str::<NewSimpleOrder>)
        {
            Some(Ok(o)) => o,
            Some(Err(e)) => return error(400, &format!("Malformed order: {e}"), path, trace, now),
            None => return error(400, "A body is required", path, trace, now),
        };
        if !self.customers.contains_key(&o.customer_id) {
            return error(
                404,
                &format!("Customer {} not found", o.customer_id),
                path,
                trace,
                now,
            );
        }
        let catalog = self.catalog();
        let issues = validate_order(&o, Some(&catalog), &self.subscribed(&o.customer_id))
            .report()
            .issues;
        if let Some(first) = issues
            .into_iter()
            .find(|i| i.severity == crate::error::Severity::Error)
        {
            // The platform's wording for a non-unique MPN asks for the identifying parameters.
            let msg = if first.code == "product_ambiguous" {
                format!("{}: the product is not unique; provide additional parameters (vendor, subscriptionPeriod, billingPeriod) to identify it", first.path)
            } else {
                format!("{}: {}", first.path, first.message)
            };
            return error(400, &msg, path, trace, now);
        }
        let mut total = Decimal::ZERO;
        let mut lines = Vec::new();
        let mut details = Vec::new();
        for line in &o.products {
            let Resolution::Unique(p) = catalog.resolve(line) else {
                continue;
            };
            let price = p
                .prices
                .first()
                .and_then(|x| Decimal::parse(&x.amount))
                .unwrap_or(Decimal::ZERO);
            let qty = line.quantity_decimal().unwrap_or(Decimal::ZERO);
            let ext = price.checked_mul(qty).unwrap_or(Decimal::ZERO).round_dp(2);
            total = total.checked_add(ext).unwrap_or(total);
            let money = |d: Decimal| json!({"currency": "USD", "amount": d.to_string()});
            lines.push(json!({"mpn": p.mpn, "vendor": p.vendor, "name": p.name, "quantity": partner_ordering_json::parse_f64(&qty.to_string()).unwrap_or(0.0),
                "billingPeriod": p.billing_period, "subscriptionPeriod": p.subscription_period, "extendedPrice": money(ext)}));
            details.push(json!({"type": "recurring", "mpn": p.mpn, "description": format!("Recurring for {}", p.name), "quantity": qty.to_string(),
                "unitPrice": money(price), "extendedPrice": money(ext)}));
        }
        let mut body = json!({
            "type": o.kind.as_str(), "customerId": o.customer_id, "poNumber": o.po_number,
            "total": {"currency": "USD", "amount": total.to_string()}, "products": lines, "details": details,
            "subscriptionId": o.subscription_id,
        });
        if estimate {
            return ok(200, &body, trace);
        }
        let id = self.next();
        if let Some(obj) = body.as_object_mut() {
            obj.insert("id".into(), json!(id));
            obj.insert(
                "orderNumber".into(),
                json!(format!("SO{:06}", self.orders.len() + 12)),
            );
            obj.insert("status".into(), json!("submitted"));
            obj.insert("statusCode".into(), json!("NW"));
            obj.insert("creationDate".into(), json!(format_rfc3339(now)));
        }
        self.orders.insert(
            id,
            Order {
                body: body.clone(),
                polls: 0,
            },
        );
        ok(201, &body, trace)
    }

    /// `GET /orders/{id}`: each read moves a submitted order along until it completes.
    fn order_status(&mut self, id: &str, path: &str, now: Millis, trace: &str) -> HttpResponse {
        let Some(order) = self.orders.get_mut(id) else {
            return error(404, &format!("Order {id} not found"), path, trace, now);
        };
        order.polls += 1;
        let (status, code) = match order.polls {
            1 => ("processing", "PR"),
            _ => ("completed", "CP"),
        };
        let was_done = order.body.get("status").and_then(Value::as_str) == Some("completed");
        if let Some(o) = order.body.as_object_mut() {
            o.insert("status".into(), json!(status));
            o.insert("statusCode".into(), json!(code));
        }
        let body = order.body.clone();
        if status == "completed" && !was_done {
            self.fulfil(&body);
        }
        ok(200, &body, trace)
    }

    /// Completes every order not completed yet, as its next reads would; the count.
    pub fn complete_pending_orders(&mut self) -> usize {
        let pending: Vec<String> = self
            .orders
            .iter()
            .filter(|(_, o)| o.body.get("status").and_then(Value::as_str) != Some("completed"))
            .map(|(id, _)| id.clone())
            .collect();
        for id in &pending {
            let Some(order) = self.orders.get_mut(id) else {
                continue;
            };
            order.polls = order.polls.max(2);
            if let Some(o) = order.body.as_object_mut() {
                o.insert("status".into(), json!("completed"));
                o.insert("statusCode".into(), json!("CP"));
            }
            let body = order.body.clone();
            self.fulfil(&body);
        }
        pending.len()
    }

    /// A completed sales order creates a subscription; a change updates quantities.
    fn fulfil(&mut self, order: &Value) {
        let kind = SimpleOrderType::from(order.get("type").and_then(Value::as_str).unwrap_or(""));
        let products: Vec<Value> = order
            .get("products")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        match kind {
            SimpleOrderType::Sales => {
                let id = self.next();
                let first = products.first().cloned().unwrap_or(Value::Null);
                let sub = json!({
                    "id": id, "name": first.get("name"), "customerId": order.get("customerId"), "status": "active", "renewalStatus": true,
                    "billingPeriod": first.get("billingPeriod"), "subscriptionPeriod": first.get("subscriptionPeriod"),
                    "products": products.iter().map(|p| json!({"mpn": p.get("mpn"), "vendor": p.get("vendor"), "name": p.get("name"), "quantity": p.get("quantity")})).collect::<Vec<_>>(),
                });
                self.subscriptions.insert(id, sub);
            }
            SimpleOrderType::Change => {
                let Some(sid) = order
                    .get("subscriptionId")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                else {
                    return;
                };
                if let Some(list) = self
                    .subscriptions
                    .get_mut(&sid)
                    .and_then(|s| s.get_mut("products"))
                    .and_then(Value::as_array_mut)
                {
                    for p in &products {
                        match list.iter_mut().find(|x| x.get("mpn") == p.get("mpn")) {
                            Some(x) => {
                                if let Some(o) = x.as_object_mut() {
                                    o.insert(
                                        "quantity".into(),
                                        p.get("quantity").cloned().unwrap_or(Value::Null),
                                    );
                                }
                            }
                            None => list.push(p.clone()),
                        }
                    }
                }
            }
            _ => {}
        }
    }
}
