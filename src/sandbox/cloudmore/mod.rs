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

use crate::cloudmore::{
    rules, CloudmoreSubscription, HistoryEntry, PriceList, PriceListLevel, SubscriptionStatus,
    TOKEN_CLIENT_ID,
};
use crate::http::{decode_component, parse_urlencoded, HttpRequest, HttpResponse, Method};
use crate::time::{format_rfc3339, Millis};

/// True for the paths this emulator answers.
pub fn handles(path: &str) -> bool {
    path == "/connect/token"
        || path.starts_with("/api/sellers/")
        || path.starts_with("/api/resellers/")
}

const TOKEN_SECONDS: i64 = 86_400;
const DAY_MS: Millis = 86_400_000;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Principal {
    Seller(String),
    Broker(String),
}

/// A stored subscription: the SDK's own model (what the API answers) and its history.
#[derive(Debug, Clone)]
struct Sub {
    sub: CloudmoreSubscription,
    history: Vec<HistoryEntry>,
}

impl Sub {
    fn json(&self) -> Value {
        serde_json::to_value(&self.sub).unwrap_or(Value::Null)
    }
}

/// True when an optional field equals `v`, ignoring ASCII case (GUIDs arrive in either case).
fn is(field: &Option<String>, v: &str) -> bool {
    field.as_deref().is_some_and(|f| same(f, v))
}

/// The typed price lists, built once from the seed rows.
#[derive(Debug, Clone, Default)]
struct PriceLists {
    reseller: BTreeMap<String, PriceList>,
    organization: BTreeMap<(String, String), PriceList>,
}

impl PriceLists {
    fn seeded() -> Self {
        let read = |level, rows: Vec<Value>| {
            PriceList::from_wire(level, Value::Array(rows)).unwrap_or_else(|_| PriceList {
                level,
                service_id: None,
                organization_id: None,
                currency_code: None,
                products: Vec::new(),
                extra: BTreeMap::new(),
            })
        };
        let mut lists = PriceLists::default();
        for svc in SERVICES {
            let key = svc.id.to_ascii_lowercase();
            let list = read(PriceListLevel::Reseller, reseller_prices(svc.id));
            lists.reseller.insert(key.clone(), list);
            for o in ORGANIZATIONS {
                let list = read(
                    PriceListLevel::Organization,
                    organization_prices(o.id, svc.id),
                );
                lists
                    .organization
                    .insert((o.id.to_ascii_lowercase(), key.clone()), list);
            }
        }
        lists
    }

    /// The list that applies to an organization, by the SDK's own precedence rule.
    fn applicable(&self, org_id: &str, service_id: &str) -> Option<&PriceList> {
        let svc = service_id.to_ascii_lowercase();
        let own = self
            .organization
            .get(&(org_id.to_ascii_lowercase(), svc.clone()));
        rules::applicable(own, self.reseller.get(&svc))
    }
}

#[derive(Debug, Clone)]
pub struct CloudmoreSandbox {
    tokens: BTreeMap<String, (Principal, Millis)>,
    issued: u64,
    subs: BTreeMap<String, Sub>,
    next_id: u64,
    prices: PriceLists,
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

fn no_route() -> HttpResponse {
    not_found("The resource")
}

fn method_not_allowed() -> HttpResponse {
    domain_error(405, 1, "MethodNotAllowed", "The method is not allowed here")
}

fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

fn org(id: &str) -> Option<Org> {
    ORGANIZATIONS.into_iter().find(|o| same(o.id, id))
}

fn service(id: &str) -> Option<Service> {
    SERVICES.into_iter().find(|s| same(s.id, id))
}

fn reseller_name(id: &str) -> &'static str {
    RESELLERS
        .iter()
        .find(|r| same(r.id, id))
        .map_or("", |r| r.name)
}

impl CloudmoreSandbox {
    pub fn seeded(now: Millis) -> Self {
        let mut s = CloudmoreSandbox {
            tokens: BTreeMap::new(),
            issued: 0,
            subs: BTreeMap::new(),
            next_id: 0,
            prices: PriceLists::seeded(),
        };
        let start = now.saturating_sub(90 * DAY_MS);
        for seed in SUBSCRIPTIONS {
            let id = s.insert(
                seed.organization,
                seed.service,
                seed.product,
                seed.quantity,
                None,
                start,
                "system",
            );
            // Through the API's own code, so the seed's history tells what happened to it.
            if let Some(key) = seed.license_key {
                let _ = s.apply_license_key(&id, key, start.saturating_add(DAY_MS), "system");
            }
            if seed.cancelled {
                let _ = s.apply_cancel(&id, now.saturating_sub(30 * DAY_MS), "system");
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
        let o = org(org_id);
        let reseller = o.map_or("", |o| o.reseller);
        let mut sub = CloudmoreSubscription::with_id(id.clone());
        sub.quantity = Some(quantity);
        sub.status = Some(SubscriptionStatus::Active);
        sub.service_id = Some(service_id.into());
        sub.organization_id = Some(org_id.into());
        sub.organization_name = o.map(|o| o.name.into());
        sub.reseller_id = Some(reseller.into());
        sub.reseller_name = Some(reseller_name(reseller).into());
        sub.start_date = Some(format_rfc3339(now));
        sub.end_date = Some(format_rfc3339(now.saturating_add(365 * DAY_MS)));
        for (k, v) in [
            (
                "serviceName",
                json!(service(service_id).map_or("", |s| s.name)),
            ),
            ("sellerId", json!(CLOUDMORE_SELLER_ID)),
            ("billingFrequency", json!("Monthly")),
            ("currencyCode", json!("EUR")),
        ] {
            sub.extra.insert(k.into(), v);
        }
        self.set_product(&mut sub, product_id);
        sub.name = Some(name.map_or_else(
            || sub.product_name.clone().unwrap_or_default(),
            str::to_string,
        ));
        let product_name = sub.product_name.clone().unwrap_or_default();
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
                sub,
                history: vec![entry],
            },
        );
        id
    }

    /// Sets the product with its name and price from the applicable price list.
    fn set_product(&self, sub: &mut CloudmoreSubscription, product_id: &str) {
        let (org_id, svc) = (
            sub.organization_id.clone().unwrap_or_default(),
            sub.service_id.clone().unwrap_or_default(),
        );
        let product = self
            .prices
            .applicable(&org_id, &svc)
            .and_then(|l| l.product(product_id));
        sub.product_id = Some(product_id.into());
        sub.product_name = product.and_then(|p| p.name.clone());
        match product.and_then(|p| p.price.clone()) {
            Some(price) => sub.extra.insert("price".into(), json!(price)),
            None => sub.extra.remove("price"),
        };
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
        // As IdentityServer reads Basic: base64, then each half form-decoded.
        let basic = req
            .headers
            .get("authorization")
            .and_then(|h| h.strip_prefix("Basic "))
            .and_then(|b| {
                base64::engine::general_purpose::STANDARD
                    .decode(b.trim())
                    .ok()
            })
            .and_then(|b| String::from_utf8(b).ok());
        let basic_ok = basic
            .as_deref()
            .and_then(|b| b.split_once(':'))
            .is_some_and(|(id, secret)| {
                decode_component(id) == TOKEN_CLIENT_ID
                    && decode_component(secret) == CLOUDMORE_API_SECRET
            });
        if req.method != Method::Post {
            return HttpResponse::json(405, &json!({"error": "invalid_request"}));
        }
        if !basic_ok {
            return HttpResponse::json(400, &json!({"error": "invalid_client"}));
        }
        let f = parse_urlencoded(req.body.as_deref().unwrap_or(""));
        let get = |k: &str| {
            f.iter()
                .find(|(n, _)| n == k)
                .map_or("", |(_, v)| v.as_str())
        };
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
        let token = req
            .headers
            .get("authorization")?
            .strip_prefix("Bearer ")?
            .trim();
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
        let forbidden = |message: &str| domain_error(403, 3, "Forbidden", message);
        let level = "credentials are required for this operation";
        match (s.as_slice(), &who) {
            (["api", "sellers", seller, rest @ ..], Principal::Seller(id)) => {
                if !same(id, seller) {
                    return forbidden("These credentials belong to another seller");
                }
                self.seller(req, rest, now)
            }
            (["api", "resellers", reseller, rest @ ..], Principal::Broker(id)) => {
                if !same(id, reseller) {
                    return forbidden("These credentials belong to another reseller");
                }
                self.reseller(req, reseller, rest, now)
            }
            (["api", "sellers", ..], _) => forbidden(&format!("Seller level {level}")),
            (["api", "resellers", ..], _) => forbidden(&format!("Broker level {level}")),
            _ => no_route(),
        }
    }

    /// The subscriptions `keep` selects, cancelled ones included, as a JSON array.
    fn list_where(&self, keep: impl Fn(&CloudmoreSubscription) -> bool) -> HttpResponse {
        let rows: Vec<Value> = self
            .subs
            .values()
            .filter(|s| keep(&s.sub))
            .map(Sub::json)
            .collect();
        HttpResponse::json(200, &Value::Array(rows))
    }

    fn seller(&mut self, req: &HttpRequest, rest: &[&str], now: Millis) -> HttpResponse {
        let user = CLOUDMORE_SELLER_USERNAME;
        match (req.method, rest) {
            (Method::Get, ["subscriptions"]) => self.list_where(|_| true),
            (Method::Get, ["subscriptions", "service", svc]) => {
                self.list_where(|s| is(&s.service_id, svc))
            }
            (Method::Put, ["subscriptions", op, id]) if same(op, "SetLicenseKey") => {
                self.set_key(req, id, now, user)
            }
            (method, ["subscriptions", id]) => {
                let Some(sub) = self.find(id) else {
                    return not_found(&format!("Subscription {id}"));
                };
                match method {
                    Method::Get => HttpResponse::json(200, &sub.json()),
                    Method::Delete => self.remove(req, id, now, user),
                    _ => method_not_allowed(),
                }
            }
            (_, ["subscriptions", ..]) => method_not_allowed(),
            _ => no_route(),
        }
    }

    fn remove(&mut self, req: &HttpRequest, id: &str, now: Millis, user: &str) -> HttpResponse {
        let action = req
            .query_pairs()
            .into_iter()
            .find(|(k, _)| same(k, "removeAction"))
            .map(|(_, v)| v);
        match action
            .as_deref()
            .and_then(crate::cloudmore::RemoveAction::parse)
        {
            Some(crate::cloudmore::RemoveAction::Cancel) => self.cancel(id, now, user),
            // `Delete` removes the subscription outright [I]: Cloudmore documents only "cancels
            // or deletes". The SDK still reads a `Deleted` status, should a server answer one.
            Some(crate::cloudmore::RemoveAction::Delete) => {
                match self.subs.remove(&id.to_ascii_lowercase()) {
                    Some(_) => HttpResponse::with_body(204, "text/plain", ""),
                    None => not_found(&format!("Subscription {id}")),
                }
            }
            None => model_error(
                "removeAction",
                "The removeAction field must be Cancel or Delete.",
            ),
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
        match (req.method, rest) {
            (Method::Get, ["services", svc, "subscriptions"]) => {
                self.list_where(|s| is(&s.reseller_id, reseller) && is(&s.service_id, svc))
            }
            (Method::Get, ["services", svc, "pricelist"]) => match service(svc) {
                Some(_) => HttpResponse::json(
                    200,
                    &json!({"serviceId": svc, "currencyCode": "EUR", "products": reseller_prices(svc)}),
                ),
                None => not_found(&format!("Service {svc}")),
            },
            (_, ["organizations", org_id, "services", svc, tail @ ..]) => {
                if !org(org_id).is_some_and(|o| same(o.reseller, reseller)) {
                    return not_found(&format!("Organization {org_id}"));
                }
                if service(svc).is_none() {
                    return not_found(&format!("Service {svc}"));
                }
                self.organization(req, org_id, svc, tail, now, user)
            }
            (_, ["services", _, "subscriptions" | "pricelist"]) => method_not_allowed(),
            _ => no_route(),
        }
    }

    fn organization(
        &mut self,
        req: &HttpRequest,
        org_id: &str,
        svc: &str,
        tail: &[&str],
        now: Millis,
        user: &str,
    ) -> HttpResponse {
        match (req.method, tail) {
            (Method::Get, ["pricelist"]) => HttpResponse::json(
                200,
                &json!({"serviceId": svc, "organizationId": org_id, "currencyCode": "EUR", "products": organization_prices(org_id, svc)}),
            ),
            (Method::Get, ["subscriptions"]) => {
                self.list_where(|s| is(&s.organization_id, org_id) && is(&s.service_id, svc))
            }
            (Method::Post, ["subscriptions"]) => self.create(req, org_id, svc, now, user),
            (method, ["subscriptions", id]) => {
                let Some(sub) = self.find_in(org_id, svc, id) else {
                    return not_found(&format!("Subscription {id}"));
                };
                match method {
                    Method::Get => HttpResponse::json(200, &sub.json()),
                    Method::Put => self.update(req, id, now, user),
                    Method::Delete => self.cancel(id, now, user),
                    _ => method_not_allowed(),
                }
            }
            (Method::Get, [h, id]) if same(h, "Subscriptionshistory") => {
                match self.find_in(org_id, svc, id) {
                    Some(s) => HttpResponse::json(
                        200,
                        &json!({"subscriptionId": s.sub.id, "history": s.history}),
                    ),
                    None => not_found(&format!("Subscription {id}")),
                }
            }
            (_, ["pricelist" | "subscriptions"]) => method_not_allowed(),
            (_, [h, _]) if same(h, "Subscriptionshistory") => method_not_allowed(),
            _ => no_route(),
        }
    }

    fn find(&self, id: &str) -> Option<&Sub> {
        self.subs.get(&id.to_ascii_lowercase())
    }

    /// A subscription of this organization and service.
    fn find_in(&self, org_id: &str, svc: &str, id: &str) -> Option<&Sub> {
        self.find(id)
            .filter(|s| is(&s.sub.organization_id, org_id) && is(&s.sub.service_id, svc))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(sb: &mut CloudmoreSandbox, method: Method, path: &str, who: Principal) -> u16 {
        sb.tokens.insert("t".into(), (who, Millis::MAX));
        let mut req = HttpRequest::new(method, format!("https://api.cloudmore.test{path}"));
        req.headers.set("authorization", "Bearer t ");
        sb.handle(&req, path, 0, "trace").status
    }

    #[test]
    fn routes_unknown_paths_404_wrong_methods_405_wrong_levels_403() {
        let mut sb = CloudmoreSandbox::seeded(0);
        let broker = || Principal::Broker(CLOUDMORE_RESELLER_ID.into());
        let seller = || Principal::Seller(CLOUDMORE_SELLER_ID.into());
        let org = format!(
            "/api/resellers/{CLOUDMORE_RESELLER_ID}/organizations/{CLOUDMORE_ORG_ID}/services/{CLOUDMORE_SERVICE_ID}"
        );
        let sub = "c0ffee00-0000-4000-8000-000000000001";
        let seller_path = format!("/api/sellers/{CLOUDMORE_SELLER_ID}/subscriptions");
        for (method, path, who, status) in [
            (Method::Get, format!("{org}/subscriptions/{sub}"), broker(), 200),
            (Method::Get, format!("{org}/Subscriptionshistory/{sub}"), broker(), 200),
            (Method::Get, format!("{org}/pricelist/CommitmentPrice"), broker(), 404),
            (Method::Get, format!("{org}/nothing"), broker(), 404),
            (Method::Post, format!("{org}/pricelist"), broker(), 405),
            (Method::Patch, format!("{org}/subscriptions/{sub}"), broker(), 405),
            (Method::Get, format!("{org}/subscriptions"), seller(), 403),
            (Method::Get, seller_path.clone(), seller(), 200),
            (Method::Get, seller_path.clone(), broker(), 403),
            (Method::Post, seller_path, seller(), 405),
            (
                Method::Get,
                format!("/api/resellers/{CLOUDMORE_OTHER_RESELLER_ID}/services/{CLOUDMORE_SERVICE_ID}/subscriptions"),
                broker(),
                403,
            ),
        ] {
            assert_eq!(call(&mut sb, method, &path, who), status, "{method} {path}");
        }
    }
}
