//! Omnissa emulator: token issuing, bearer and `partnerId` checks, subscriptions, and orders
//! (see `orders`) that go PENDING → SUCCESS and change the stored subscriptions.

mod orders;

use std::collections::BTreeMap;

use base64::Engine as _;

use super::error_json;
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::omnissa::{Offer, Subscription, API_PATH, TOKEN_PATH};
use crate::time::{format_rfc3339, Millis, DAY_MS};

/// App id the sandbox accepts.
pub const SANDBOX_APP_ID: &str = "sandbox-app-id";
/// App secret the sandbox accepts. Not a secret: it only opens the in-memory sandbox.
pub const SANDBOX_APP_SECRET: &str = "sandbox-app-secret";
/// Partner id the sandbox accepts.
pub const SANDBOX_PARTNER_ID: &str = "SANDBOX-PARTNER";
/// Token lifetime, as documented.
const TOKEN_LIFETIME_MS: Millis = 7_500_000;

/// True for paths this emulator serves.
pub fn handles(path: &str) -> bool {
    path == TOKEN_PATH || path.starts_with(API_PATH)
}

pub use orders::OrderSettings;

#[derive(Debug, Clone)]
pub struct OmnissaSandbox {
    tokens: BTreeMap<String, Millis>,
    issued: u64,
    subscriptions: BTreeMap<String, Subscription>,
    orders: orders::Orders,
}

/// Dates in the doc's own format: `2025-02-16T08:00:00.000+00:00`.
fn doc_date(ms: Millis) -> String {
    format_rfc3339(ms).replace('Z', "+00:00")
}

fn sub(
    sid: &str,
    contract: &str,
    customer: &str,
    start: &str,
    end: &str,
    offers: &[(&str, u32)],
) -> Subscription {
    Subscription {
        service_instance_id: sid.into(),
        customer_name: customer.into(),
        commit_contract_reference: contract.into(),
        start_date: Some(start.into()),
        end_date: Some(end.into()),
        starts_at: None,
        ends_at: None,
        renewal_preference: None,
        offers: offers
            .iter()
            .map(|(sku, q)| Offer {
                sku: (*sku).into(),
                quantity: *q,
            })
            .collect(),
    }
}

impl OmnissaSandbox {
    /// The four subscriptions of the guide's sample (given distinct SIDs: the sample repeats
    /// `M000000000`), plus one whose renewal window is open at `now`.
    pub fn seeded(now: Millis) -> Self {
        let end = now
            .saturating_sub(now.rem_euclid(DAY_MS))
            .saturating_add(10 * DAY_MS + 8 * 3_600_000);
        let subs = [
            sub(
                "M000000001",
                "AMER00000MOBILITY",
                "Company ABC",
                "2025-02-16T08:00:00.000+00:00",
                "2026-02-15T08:00:00.000+00:00",
                &[("WSU-ASUPSPSSP-12MT0-C1S", 500)],
            ),
            sub(
                "M000000002",
                "AMER00000OBILITY",
                "Company EFG",
                "2024-03-14T07:00:00.000+00:00",
                "2025-03-05T08:00:00.000+00:00",
                &[("WSD-AWOAP-12PT0-C1S", 250), ("WSD-AWOSP-12PT0-C1S", 100)],
            ),
            sub(
                "M000000003",
                "AMER00000MOBILITY",
                "Company HIJ",
                "2024-02-16T08:00:00.000+00:00",
                "2025-02-15T08:00:00.000+00:00",
                &[("WSD-AWOSP-12MT0-C2S", 400)],
            ),
            sub(
                "M000000004",
                "AMER00000MOBILITY",
                "Company LMN",
                "2023-03-30T07:00:00.000+00:00",
                "2024-03-29T07:00:00.000+00:00",
                &[("WSU-AWOAB-12MT0-C1S", 500)],
            ),
            sub(
                "M000000005",
                "AMER00000MOBILITY",
                "Company OPQ",
                &doc_date(end.saturating_sub(365 * DAY_MS)),
                &doc_date(end),
                &[("WSD-AWOSP-12PT0-C1S", 50)],
            ),
        ];
        OmnissaSandbox {
            tokens: BTreeMap::new(),
            issued: 0,
            subscriptions: subs
                .into_iter()
                .map(|s| (s.service_instance_id.clone(), s))
                .collect(),
            orders: orders::Orders::default(),
        }
    }

    /// Changes how orders progress.
    pub fn set_order_settings(&mut self, settings: OrderSettings) {
        self.orders.settings = settings;
    }

    /// Makes the next order end in `ERROR` with this message.
    pub fn fail_next_order(&mut self, message: String) {
        self.orders.fail_next = Some(message);
    }

    /// Completes every pending order now (see `orders::complete_pending`).
    pub fn complete_pending_orders(&mut self, now: Millis) -> usize {
        orders::complete_pending(self, now)
    }

    pub fn handle(
        &mut self,
        req: &HttpRequest,
        path: &str,
        now: Millis,
        trace: &str,
    ) -> HttpResponse {
        if path == TOKEN_PATH {
            return self.token(req, now, trace);
        }
        if let Err(resp) = self.authorize(req, now, trace) {
            return resp;
        }
        let rest = path
            .strip_prefix(API_PATH)
            .unwrap_or(path)
            .trim_end_matches('/');
        match (req.method, rest) {
            (Method::Get, "/subscriptions") => HttpResponse::json(
                200,
                &serde_json::json!({ "subscriptions": self.subscriptions.values().collect::<Vec<_>>() }),
            ),
            (Method::Get, r) if r.starts_with("/subscriptions/") => {
                let sid = crate::http::decode_component(&r["/subscriptions/".len()..]);
                match self.subscriptions.get(&sid) {
                    Some(s) => HttpResponse::json(200, &serde_json::json!(s)),
                    // Undeclared in the spec; the sandbox answers in the documented error shape [I].
                    None => error_json(
                        404,
                        "NOT_FOUND",
                        &format!("Subscription {sid} not found"),
                        trace,
                    ),
                }
            }
            (Method::Post, _) if orders::is_order_path(rest) => {
                orders::place(self, rest, req.body.as_deref().unwrap_or(""), now, trace)
            }
            (Method::Get, r) if r.starts_with("/status/") => {
                let id = crate::http::decode_component(&r["/status/".len()..]);
                orders::status(self, &id, now, trace)
            }
            _ => error_json(
                404,
                "NOT_FOUND",
                &format!("No such operation: {} {path}", req.method),
                trace,
            ),
        }
    }

    fn token(&mut self, req: &HttpRequest, now: Millis, trace: &str) -> HttpResponse {
        if req.method != Method::Post {
            return error_json(
                405,
                "METHOD_NOT_ALLOWED",
                "Use POST for the token endpoint",
                trace,
            );
        }
        let grant_ok = req
            .query_pairs()
            .iter()
            .any(|(k, v)| k == "grant_type" && v == "client_credentials");
        if !grant_ok {
            return error_json(
                400,
                "INVALID_REQUEST",
                "grant_type=client_credentials is required in the query string",
                trace,
            );
        }
        let want = base64::engine::general_purpose::STANDARD
            .encode(format!("{SANDBOX_APP_ID}:{SANDBOX_APP_SECRET}"));
        let basic = req
            .headers
            .get("authorization")
            .and_then(|h| h.strip_prefix("Basic "));
        if basic.map(str::trim) != Some(want.as_str()) {
            return error_json(401, "UNAUTHORIZED", "Invalid client credentials", trace);
        }
        self.issued += 1;
        let token = format!("sbx-omnissa-{:08}", self.issued);
        self.tokens
            .insert(token.clone(), now.saturating_add(TOKEN_LIFETIME_MS));
        HttpResponse::json(
            200,
            &serde_json::json!({"access_token": token, "token_type": "Bearer", "expires_in": TOKEN_LIFETIME_MS / 1000}),
        )
    }

    fn authorize(&self, req: &HttpRequest, now: Millis, trace: &str) -> Result<(), HttpResponse> {
        let bearer = req
            .headers
            .get("authorization")
            .and_then(|h| h.strip_prefix("Bearer "))
            .map(str::trim);
        let valid = bearer
            .and_then(|t| self.tokens.get(t))
            .is_some_and(|exp| now < *exp);
        if !valid {
            return Err(error_json(
                401,
                "UNAUTHORIZED",
                "Invalid or expired access token",
                trace,
            ));
        }
        if req.headers.get("partnerId") != Some(SANDBOX_PARTNER_ID) {
            return Err(error_json(
                401,
                "UNAUTHORIZED",
                "Missing or unknown partnerId header",
                trace,
            ));
        }
        Ok(())
    }

    /// Expires every token at once (for refresh tests).
    pub fn revoke_tokens(&mut self) {
        self.tokens.clear();
    }
}
