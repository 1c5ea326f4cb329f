//! Cloudmore emulator: `/connect/token` and the seed 003 operations under `/api/`, with the
//! seller → broker → organization hierarchy, price lists at both levels, subscriptions (cancelled
//! ones stay listed), licence keys and a history entry for every change.
//!
//! It refuses seller paths to broker tokens and broker paths to seller tokens (403), and answers
//! errors in Cloudmore's two 400 shapes: the ModelState dictionary for malformed fields and the
//! `[{errorCode, errorName, errorMessage}]` array for domain rules.

mod changes;
use changes::history;
mod data;

use std::collections::BTreeMap;

use base64::Engine as _;
use serde_json::{json, Value};

pub use data::*;

use crate::cloudmore::{rules, PriceList, PriceListLevel, TOKEN_CLIENT_ID};
use crate::http::{decode_component, HttpRequest, HttpResponse, Method};
use crate::time::{format_rfc3339, Millis};

/// True for the paths this emulator answers.
pub fn handles(path: &str) -> bool {
    path == "/connect/token"
        || path.starts_with("/api/sellers/")
        || path.starts_with("/api/resellers/")
}

const TOKEN_SECONDS: i64 = 86_400;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Principal {
    Seller(String),
    Broker(String),
}

#[derive(Debug, Clone)]
struct Sub {
    json: Value,
    history: Vec<Value>,
}

impl Sub {
    fn set(&mut self, k: &str, v: Value) {
        if let Some(m) = self.json.as_object_mut() {
            m.insert(k.to_string(), v);
        }
    }

    fn field(&self, k: &str) -> &str {
        self.json.get(k).and_then(Value::as_str).unwrap_or("")
    }
}

#[derive(Debug, Clone)]
pub struct CloudmoreSandbox {
    tokens: BTreeMap<String, (Principal, Millis)>,
    issued: u64,
    subs: BTreeMap<String, Sub>,
    next_id: u64,
}

fn domain_error(status: u16, code: u32, name: &str, message: &str) -> HttpResponse {
    HttpResponse::json(
        status,
        &json!([{"errorCode": code, "errorName": name, "errorMessage": message}]),
    )
}

fn model_error(field: &str, message: &str) -> HttpResponse {
    HttpResponse::json(400, &json!({ field: [message] }))
}

fn not_found(what: &str) -> HttpResponse {
    domain_error(404, 2, "NotFound", &format!("{what} was not found"))
}

fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

fn org(id: &str) -> Option<(&'static str, &'static str, &'static str)> {
    ORGANIZATIONS.iter().copied().find(|o| same(o.0, id))
}

fn service(id: &str) -> Option<(&'static str, &'static str, bool)> {
    SERVICES.iter().copied().find(|s| same(s.0, id))
}

fn reseller_name(id: &str) -> &'static str {
    RESELLERS.iter().find(|r| same(r.0, id)).map_or("", |r| r.1)
}

/// The price list that applies to an organization, with the SDK's own precedence rule.
fn applicable_prices(org_id: &str, service_id: &str) -> PriceList {
    let read = |level, rows: Vec<Value>| PriceList::from_wire(level, Value::Array(rows)).ok();
    let o = read(
        PriceListLevel::Organization,
        organization_prices(org_id, service_id),
    );
    let r = read(PriceListLevel::Reseller, reseller_prices(service_id));
    rules::applicable(o.as_ref(), r.as_ref())
        .cloned()
        .unwrap_or(PriceList {
            level: PriceListLevel::Reseller,
            service_id: None,
            organization_id: None,
            currency_code: None,
            products: Vec::new(),
            extra: BTreeMap::new(),
        })
}

fn form(body: &str) -> BTreeMap<String, String> {
    body.split('&')
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| {
            (
                decode_component(&k.replace('+', " ")),
                decode_component(&v.replace('+', " ")),
            )
        })
        .collect()
}

impl CloudmoreSandbox {
    pub fn seeded(now: Millis) -> Self {
        let mut s = CloudmoreSandbox {
            tokens: BTreeMap::new(),
            issued: 0,
            subs: BTreeMap::new(),
            next_id: 0,
        };
        let start = now.saturating_sub(90 * 86_400_000);
        for (o, svc, product, qty, status, key) in SUBSCRIPTIONS {
            let id = s.insert(o, svc, product, qty, None, start, "system");
            if let Some(sub) = s.subs.get_mut(&id) {
                sub.set("status", json!(status));
                if let Some(k) = key {
                    sub.set("licenseKey", json!(k));
                }
            }
        }
        s
    }

    pub fn revoke_tokens(&mut self) {
        self.tokens.clear();
    }

    /// Adds a subscription and its `Created` history entry; returns its id.
    #[allow(clippy::too_many_arguments)]
    fn insert(
        &mut self,
        org_id: &str,
        service_id: &str,
        product_id: &str,
        quantity: u32,
        name: Option<&str>,
        now: Millis,
        user: &str,
    ) -> String {
        self.next_id += 1;
        let id = format!("c0ffee00-0000-4000-8000-{:012x}", self.next_id);
        let (_, org_name, reseller) = org(org_id).unwrap_or(("", "", ""));
        let (_, service_name, _) = service(service_id).unwrap_or(("", "", false));
        let prices = applicable_prices(org_id, service_id);
        let product = prices.product(product_id);
        let product_name = product.and_then(|p| p.name.clone()).unwrap_or_default();
        let json = json!({
            "id": id, "name": name.unwrap_or(&product_name), "productId": product_id,
            "productName": product_name, "quantity": quantity, "status": "Active",
            "serviceId": service_id, "serviceName": service_name,
            "organizationId": org_id, "organizationName": org_name,
            "resellerId": reseller, "resellerName": reseller_name(reseller),
            "sellerId": CLOUDMORE_SELLER_ID,
            "startDate": format_rfc3339(now), "endDate": format_rfc3339(now.saturating_add(365 * 86_400_000)),
            "billingFrequency": "Monthly",
            "price": product.and_then(|p| p.price.clone()),
            "currencyCode": "EUR",
        });
        let entry = history(
            now,
            user,
            "Created",
            &format!("Subscription created with {quantity} × {product_name}"),
            None,
            Some(&quantity.to_string()),
        );
        self.subs.insert(
            id.clone(),
            Sub {
                json,
                history: vec![entry],
            },
        );
        id
    }

    pub fn handle(
        &mut self,
        req: &HttpRequest,
        path: &str,
        now: Millis,
        trace: &str,
    ) -> HttpResponse {
        let mut resp = if path == "/connect/token" {
            self.token(req, now)
        } else {
            self.api(req, path, now)
        };
        // Not documented for Cloudmore [I]; lets the SDK and the demo show a trace id.
        resp.headers.set("x-correlation-id", trace);
        resp
    }

    fn token(&mut self, req: &HttpRequest, now: Millis) -> HttpResponse {
        let expected = base64::engine::general_purpose::STANDARD
            .encode(format!("{TOKEN_CLIENT_ID}:{CLOUDMORE_API_SECRET}"));
        let basic_ok = req
            .headers
            .get("authorization")
            .and_then(|h| h.strip_prefix("Basic "))
            == Some(expected.as_str());
        if req.method != Method::Post || !basic_ok {
            return HttpResponse::json(400, &json!({"error": "invalid_client"}));
        }
        let f = form(req.body.as_deref().unwrap_or(""));
        let get = |k: &str| f.get(k).map_or("", String::as_str);
        if get("grant_type") != "password" {
            return HttpResponse::json(400, &json!({"error": "unsupported_grant_type"}));
        }
        if get("scope") != "api" {
            return HttpResponse::json(400, &json!({"error": "invalid_scope"}));
        }
        let principal = match (get("username"), get("password")) {
            (CLOUDMORE_SELLER_USERNAME, CLOUDMORE_PASSWORD) => {
                Principal::Seller(CLOUDMORE_SELLER_ID.into())
            }
            (CLOUDMORE_BROKER_USERNAME, CLOUDMORE_PASSWORD) => {
                Principal::Broker(CLOUDMORE_RESELLER_ID.into())
            }
            _ => {
                return HttpResponse::json(
                    400,
                    &json!({"error": "invalid_grant", "error_description": "invalid_username_or_password"}),
                )
            }
        };
        self.issued += 1;
        let token = format!("cm-sbx-{:06}", self.issued);
        self.tokens.insert(
            token.clone(),
            (principal, now.saturating_add(TOKEN_SECONDS * 1000)),
        );
        HttpResponse::json(
            200,
            &json!({"access_token": token, "expires_in": TOKEN_SECONDS, "token_type": "Bearer", "scope": "api"}),
        )
    }

    fn principal(&self, req: &HttpRequest, now: Millis) -> Option<Principal> {
        let token = req.headers.get("authorization")?.strip_prefix("Bearer ")?;
        let (p, exp) = self.tokens.get(token)?;
        (now < *exp).then(|| p.clone())
    }

    fn api(&mut self, req: &HttpRequest, path: &str, now: Millis) -> HttpResponse {
        let Some(who) = self.principal(req, now) else {
            let mut r = HttpResponse::with_body(401, "text/plain", "");
            r.headers
                .set("www-authenticate", "Bearer error=\"invalid_token\"");
            return r;
        };
        let segs: Vec<String> = path
            .trim_matches('/')
            .split('/')
            .map(decode_component)
            .collect();
        let s: Vec<&str> = segs.iter().map(String::as_str).collect();
        let forbidden = |level: &str| {
            domain_error(
                403,
                3,
                "Forbidden",
                &format!("{level} level credentials are required for this operation"),
            )
        };
        match s.as_slice() {
            ["api", "sellers", seller, rest @ ..] => {
                if !matches!(&who, Principal::Seller(id) if same(id, seller)) {
                    return forbidden("Seller");
                }
                self.seller(req, rest, now)
            }
            ["api", "resellers", reseller, rest @ ..] => {
                if !matches!(&who, Principal::Broker(id) if same(id, reseller)) {
                    return forbidden("Broker");
                }
                self.reseller(req, reseller, rest, now)
            }
            _ => not_found("The resource"),
        }
    }

    fn seller_subs(&self, service_id: Option<&str>) -> Value {
        Value::Array(
            self.subs
                .values()
                .filter(|s| service_id.is_none_or(|svc| same(s.field("serviceId"), svc)))
                .map(|s| s.json.clone())
                .collect(),
        )
    }

    fn seller(&mut self, req: &HttpRequest, rest: &[&str], now: Millis) -> HttpResponse {
        let user = CLOUDMORE_SELLER_USERNAME;
        match (req.method, rest) {
            (Method::Get, ["subscriptions"]) => HttpResponse::json(200, &self.seller_subs(None)),
            (Method::Get, ["subscriptions", "service", svc]) => {
                HttpResponse::json(200, &self.seller_subs(Some(svc)))
            }
            (Method::Get, ["subscriptions", id]) => match self.find(id) {
                Some(s) => HttpResponse::json(200, &s.json),
                None => not_found(&format!("Subscription {id}")),
            },
            (Method::Put, ["subscriptions", op, id]) if same(op, "SetLicenseKey") => {
                self.set_key(req, id, now, user)
            }
            (Method::Delete, ["subscriptions", id]) => {
                let action = req
                    .query_pairs()
                    .into_iter()
                    .find(|(k, _)| same(k, "removeAction"))
                    .map(|(_, v)| v);
                match action.as_deref().map(str::to_ascii_lowercase).as_deref() {
                    Some("cancel") => self.cancel(id, now, user),
                    Some("delete") => match self.subs.remove(&id.to_ascii_lowercase()) {
                        Some(_) => HttpResponse::with_body(204, "text/plain", ""),
                        None => not_found(&format!("Subscription {id}")),
                    },
                    _ => model_error(
                        "removeAction",
                        "The removeAction field must be Cancel or Delete.",
                    ),
                }
            }
            _ => domain_error(405, 1, "MethodNotAllowed", "No such seller operation"),
        }
    }

    fn reseller(
        &mut self,
        req: &HttpRequest,
        reseller: &str,
        rest: &[&str],
        now: Millis,
    ) -> HttpResponse {
        let user = CLOUDMORE_BROKER_USERNAME;
        let in_reseller = |s: &Sub| same(s.field("resellerId"), reseller);
        match (req.method, rest) {
            (Method::Get, ["services", svc, "subscriptions"]) => HttpResponse::json(
                200,
                &Value::Array(
                    self.subs
                        .values()
                        .filter(|s| in_reseller(s) && same(s.field("serviceId"), svc))
                        .map(|s| s.json.clone())
                        .collect(),
                ),
            ),
            (Method::Get, ["services", svc, "pricelist"]) => match service(svc) {
                Some(_) => HttpResponse::json(
                    200,
                    &json!({"serviceId": svc, "currencyCode": "EUR", "products": reseller_prices(svc)}),
                ),
                None => not_found(&format!("Service {svc}")),
            },
            (method, ["organizations", org_id, "services", svc, tail @ ..]) => {
                match org(org_id) {
                    Some((_, _, r)) if same(r, reseller) => {}
                    _ => return not_found(&format!("Organization {org_id}")),
                }
                if service(svc).is_none() {
                    return not_found(&format!("Service {svc}"));
                }
                self.organization(req, method, org_id, svc, tail, now, user)
            }
            _ => domain_error(405, 1, "MethodNotAllowed", "No such reseller operation"),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn organization(
        &mut self,
        req: &HttpRequest,
        method: Method,
        org_id: &str,
        svc: &str,
        tail: &[&str],
        now: Millis,
        user: &str,
    ) -> HttpResponse {
        let here =
            |s: &Sub| same(s.field("organizationId"), org_id) && same(s.field("serviceId"), svc);
        let found = |this: &Self, id: &str| this.find(id).filter(|s| here(s)).is_some();
        match (method, tail) {
            (Method::Get, ["pricelist"]) => HttpResponse::json(
                200,
                &json!({"serviceId": svc, "organizationId": org_id, "currencyCode": "EUR", "products": organization_prices(org_id, svc)}),
            ),
            (Method::Get, ["subscriptions"]) => HttpResponse::json(
                200,
                &Value::Array(
                    self.subs
                        .values()
                        .filter(|s| here(s))
                        .map(|s| s.json.clone())
                        .collect(),
                ),
            ),
            (Method::Post, ["subscriptions"]) => self.create(req, org_id, svc, now, user),
            (_, ["subscriptions", id] | [_, id]) if !found(self, id) => {
                not_found(&format!("Subscription {id}"))
            }
            (Method::Get, ["subscriptions", id]) => self
                .find(id)
                .map_or_else(|| not_found(id), |s| HttpResponse::json(200, &s.json)),
            (Method::Put, ["subscriptions", id]) => self.update(req, org_id, svc, id, now, user),
            (Method::Delete, ["subscriptions", id]) => self.cancel(id, now, user),
            (Method::Get, [h, id]) if same(h, "Subscriptionshistory") => match self.find(id) {
                Some(s) => HttpResponse::json(
                    200,
                    &json!({"subscriptionId": s.field("id"), "history": s.history}),
                ),
                None => not_found(id),
            },
            _ => domain_error(405, 1, "MethodNotAllowed", "No such organization operation"),
        }
    }

    fn find(&self, id: &str) -> Option<&Sub> {
        self.subs.get(&id.to_ascii_lowercase())
    }
}
