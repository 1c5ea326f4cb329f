//! APS REST emulator: `APS-Token` or OAuth 1.0a (the signature is verified with the SDK's own
//! signer), accounts filtered by RQL, customer creation, users and their custom operations,
//! payment methods. The order manager lives in `aps_orders`, the customers' subscriptions in
//! `aps_subscriptions`.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::aps_orders::ApsOrders;
use super::aps_subscriptions::{seeded_customers, ApsSubscriptions};
use super::rql_eval;
use crate::cloudblue::aps::oauth1::{hmac_sha1_signature, signature_base_string};
use crate::cloudblue::aps::{ACCOUNT_TYPE, ADMIN_USER_TYPE, BSS_ACCOUNT_INFO_TYPE};
use crate::common::plausible_email;
use crate::http::{decode_component, HttpRequest, HttpResponse, Method};
use crate::time::{format_rfc3339, Millis};

/// OAuth consumer key the sandbox accepts.
pub const APS_CONSUMER_KEY: &str = "sandbox-aps-consumer";
/// OAuth consumer secret the sandbox accepts (it opens only the sandbox).
pub const APS_CONSUMER_SECRET: &str = "sandbox-aps-secret";
/// APS id of the sandbox's reseller (the guide's own example id).
pub const APS_RESELLER_ID: &str = "78ee642d-3b8a-48f1-af12-90563e38bd18";
/// Technical contact email of the reseller, as the guide looks it up.
pub const APS_RESELLER_EMAIL: &str = "mw@aps.test";

/// An APS error in the `{code, type, message}` shape.
pub fn aps_error(status: u16, kind: &str, message: &str) -> HttpResponse {
    HttpResponse::json(
        status,
        &json!({"code": status, "type": kind, "message": message}),
    )
}

fn auth_failed() -> HttpResponse {
    HttpResponse::json(
        403,
        &json!({"error": "APS::Util::AuthenticationFailed", "message": "Authentication Failed"}),
    )
}

#[derive(Debug, Clone)]
pub struct ApsSandbox {
    tokens: BTreeMap<String, bool>,
    issued: u64,
    ids: u64,
    accounts: Vec<Value>,
    users: Vec<Value>,
    pub(super) orders: ApsOrders,
    subscriptions: ApsSubscriptions,
}

/// Deterministic APS ids for new resources: unique, UUID-shaped, no randomness.
pub(super) fn new_id(counter: &mut u64, tag: u16) -> String {
    *counter += 1;
    format!(
        "{:08x}-{tag:04x}-4000-8000-{:012x}",
        0x5a0d_0000u32 + (*counter as u32 & 0xffff),
        *counter
    )
}

/// Parses `OAuth k="v", …` into decoded pairs.
fn oauth_params(header: &str) -> Option<Vec<(String, String)>> {
    let rest = header.trim().strip_prefix("OAuth ")?;
    rest.split(',')
        .map(|kv| {
            let (k, v) = kv.trim().split_once('=')?;
            Some((
                k.trim().to_string(),
                decode_component(v.trim().trim_matches('"')),
            ))
        })
        .collect()
}

impl ApsSandbox {
    pub fn seeded(now: Millis) -> Self {
        let reseller = json!({
            "aps": {"type": ACCOUNT_TYPE, "id": APS_RESELLER_ID, "status": "aps:ready"},
            "id": 1000001, "type": "RESELLER", "companyName": "North-West Distributor", "personal": false,
            "techContact": {"email": APS_RESELLER_EMAIL, "givenName": "Mike", "familyName": "West"},
            "adminContact": {"email": APS_RESELLER_EMAIL, "givenName": "Mike", "familyName": "West"},
        });
        let mut accounts = vec![reseller];
        accounts.extend(seeded_customers());
        ApsSandbox {
            tokens: BTreeMap::new(),
            issued: 0,
            ids: 0,
            accounts,
            users: Vec::new(),
            orders: ApsOrders::new(now),
            subscriptions: ApsSubscriptions::seeded(now),
        }
    }

    /// A fresh `APS-Token`, as `pem.APS.getUserToken` would give a backend.
    pub fn issue_token(&mut self) -> String {
        self.issued += 1;
        let t = format!("sbx-aps-{:08}", self.issued);
        self.tokens.insert(t.clone(), true);
        t
    }

    /// Completes every order not provisioned yet.
    pub fn complete_pending_orders(&mut self) -> usize {
        self.orders.complete_pending()
    }

    /// Expires every APS token.
    pub fn revoke_tokens(&mut self) {
        self.tokens.values_mut().for_each(|v| *v = false);
    }

    fn authenticated(&self, req: &HttpRequest) -> bool {
        if let Some(t) = req.headers.get("aps-token") {
            return self.tokens.get(t.trim()).copied().unwrap_or(false);
        }
        let Some(params) = req.headers.get("authorization").and_then(oauth_params) else {
            return false;
        };
        let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        if get("oauth_consumer_key") != Some(APS_CONSUMER_KEY)
            || get("oauth_signature_method") != Some("HMAC-SHA1")
        {
            return false;
        }
        let Some(sig) = get("oauth_signature") else {
            return false;
        };
        let others: Vec<(String, String)> = params
            .iter()
            .filter(|(n, _)| n != "oauth_signature")
            .cloned()
            .collect();
        let base = signature_base_string(req.method.as_str(), &req.url, None, &others);
        hmac_sha1_signature(&base, APS_CONSUMER_SECRET, "") == sig
    }

    pub fn handle(&mut self, req: &HttpRequest, path: &str, now: Millis) -> HttpResponse {
        if !self.authenticated(req) {
            return auth_failed();
        }
        let rest = path
            .strip_prefix("/aps/2/")
            .unwrap_or(path)
            .trim_end_matches('/');
        let query = req.url.split_once('?').map_or("", |(_, q)| q);
        let segs: Vec<&str> = rest.split('/').collect();
        match (req.method, segs.as_slice()) {
            (Method::Get, ["collections", "accounts"]) => self.find_accounts(query),
            (Method::Get, ["collections", "subscriptions" | "bss-subscriptions"]) => {
                self.subscriptions.list(req, query)
            }
            (Method::Post, ["resources"]) => {
                self.create_customer(req.body.as_deref().unwrap_or(""), now)
            }
            (Method::Post, ["resources", account, "users"]) => {
                self.create_user(account, req.body.as_deref().unwrap_or(""))
            }
            (Method::Post, ["resources", user, op @ ("resetPassword" | "invite" | "activate")]) => {
                self.user_op(user, op)
            }
            (Method::Get, ["services", "payment-method-manager", "paymentMethods"]) => {
                self.payment_methods(req)
            }
            (_, ["services", "order-manager", "orders", ..]) => {
                let sub: Vec<&str> = segs.iter().skip(3).copied().collect();
                let accounts = self.accounts.clone();
                self.orders.handle(
                    req.method,
                    &sub,
                    query,
                    req.body.as_deref().unwrap_or(""),
                    &accounts,
                    now,
                )
            }
            _ => aps_error(
                404,
                "APS::Util::NotFound",
                &format!("No such resource or operation: {} {path}", req.method),
            ),
        }
    }

    fn find_accounts(&self, query: &str) -> HttpResponse {
        let Some(nodes) = rql_eval::parse(query) else {
            return aps_error(
                400,
                "APS::Util::InvalidRQL",
                &format!("Cannot parse RQL: {query}"),
            );
        };
        let hits: Vec<Value> = self
            .accounts
            .iter()
            .filter(|a| nodes.iter().all(|n| rql_eval::matches(a, n)))
            .map(|a| rql_eval::project(a, &nodes))
            .collect();
        HttpResponse::json(200, &json!(hits))
    }

    fn create_customer(&mut self, body: &str, now: Millis) -> HttpResponse {
        let Ok(Value::Array(items)) = serde_json::from_str::<Value>(body) else {
            return aps_error(
                400,
                "APS::Util::InvalidJSON",
                "Expected an array of resources",
            );
        };
        let ty = |v: &Value| {
            v.pointer("/aps/type")
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        let (Some(bss), Some(acct)) = (
            items
                .iter()
                .find(|v| ty(v).as_deref() == Some(BSS_ACCOUNT_INFO_TYPE)),
            items
                .iter()
                .find(|v| ty(v).as_deref() == Some(ACCOUNT_TYPE)),
        ) else {
            return aps_error(
                400,
                "APS::Util::InvalidResource",
                "Both a BssAccountInformation and a PAAccount resource are required",
            );
        };
        let bss_id = bss.pointer("/aps/id").and_then(Value::as_str).unwrap_or("");
        if acct
            .pointer("/bssAccountInfo/aps/id")
            .and_then(Value::as_str)
            != Some(bss_id)
            || bss_id.is_empty()
        {
            return aps_error(
                400,
                "APS::Util::InvalidLink",
                "bssAccountInfo must link the BssAccountInformation resource of the same request",
            );
        }
        let parent = acct
            .pointer("/parent/aps/id")
            .and_then(Value::as_str)
            .unwrap_or("");
        if !self
            .accounts
            .iter()
            .any(|a| a.pointer("/aps/id").and_then(Value::as_str) == Some(parent))
        {
            // Without an explicit parent the platform would create the account under the provider.
            return aps_error(
                400,
                "APS::Util::InvalidLink",
                &format!("Parent account {parent:?} not found"),
            );
        }
        if acct
            .get("companyName")
            .and_then(Value::as_str)
            .is_none_or(|s| s.trim().is_empty())
        {
            return aps_error(400, "APS::Util::InvalidResource", "companyName is required");
        }
        let email = acct
            .pointer("/adminContact/email")
            .and_then(Value::as_str)
            .unwrap_or("");
        if !plausible_email(email) {
            return aps_error(
                400,
                "APS::Util::InvalidResource",
                &format!("adminContact.email {email:?} is not valid"),
            );
        }
        let id = new_id(&mut self.ids, 0xacc0);
        let number = 1_000_006 + self.accounts.len() as u64;
        let href = |x: &str| format!("/aps/2/resources/{x}");
        let modified = format_rfc3339(now);
        let mut account = acct.clone();
        if let Some(o) = account.as_object_mut() {
            o.insert("aps".into(), json!({"type": ACCOUNT_TYPE, "id": id, "status": "aps:ready", "revision": 4, "modified": modified}));
            o.insert("id".into(), json!(number));
            o.insert("locked".into(), json!(false));
            o.insert(
                "bssAccountInfo".into(),
                json!({"aps": {"link": "weak", "href": href(bss_id), "id": bss_id}}),
            );
            o.insert(
                "parent".into(),
                json!({"aps": {"link": "weak", "href": href(parent), "id": parent}}),
            );
            o.insert(
                "users".into(),
                json!({"aps": {"link": "collection", "href": format!("{}/users", href(&id))}}),
            );
        }
        let bss_out = json!({
            "aps": {"type": BSS_ACCOUNT_INFO_TYPE, "id": bss_id, "status": "aps:ready", "revision": 4, "modified": modified},
            "accountCurrencyCode": "USD", "accountId": number, "localeId": bss.get("localeId"), "taxStatus": bss.get("taxStatus"),
            "paAccount": {"aps": {"link": "weak", "href": href(&id), "id": id}},
        });
        self.accounts.push(account.clone());
        HttpResponse::json(200, &json!([bss_out, account]))
    }

    fn create_user(&mut self, account: &str, body: &str) -> HttpResponse {
        if !self
            .accounts
            .iter()
            .any(|a| a.pointer("/aps/id").and_then(Value::as_str) == Some(account))
        {
            return aps_error(
                404,
                "APS::Util::NotFound",
                &format!("Resource {account} not found"),
            );
        }
        let Ok(u) = serde_json::from_str::<Value>(body) else {
            return aps_error(400, "APS::Util::InvalidJSON", "Malformed user");
        };
        let field = |k: &str| {
            u.get(k)
                .and_then(Value::as_str)
                .unwrap_or("")
                .trim()
                .to_string()
        };
        if field("login").is_empty() || field("password").is_empty() {
            return aps_error(
                400,
                "APS::Util::InvalidResource",
                "login and password are required",
            );
        }
        if u.pointer("/aps/type").and_then(Value::as_str) != Some(ADMIN_USER_TYPE) {
            return aps_error(
                400,
                "APS::Util::InvalidResource",
                "aps.type must be the admin-user type",
            );
        }
        if self
            .users
            .iter()
            .any(|x| x.get("login").and_then(Value::as_str) == Some(field("login").as_str()))
        {
            return aps_error(
                409,
                "APS::Util::Conflict",
                &format!("Login {} is taken", field("login")),
            );
        }
        let id = new_id(&mut self.ids, 0x05e7);
        let mut user = u.clone();
        if let Some(o) = user.as_object_mut() {
            o.remove("password");
            o.insert(
                "aps".into(),
                json!({"type": ADMIN_USER_TYPE, "id": id, "status": "aps:ready"}),
            );
            o.insert("disabled".into(), json!(false));
            o.insert("displayName".into(), json!(field("fullName")));
            o.insert("userId".into(), json!(9 + self.users.len()));
            o.insert(
                "organization".into(),
                json!({"aps": {"link": "strong", "id": account}}),
            );
        }
        self.users.push(user.clone());
        HttpResponse::json(200, &user)
    }

    fn user_op(&mut self, user: &str, op: &str) -> HttpResponse {
        let Some(u) = self
            .users
            .iter_mut()
            .find(|x| x.pointer("/aps/id").and_then(Value::as_str) == Some(user))
        else {
            return aps_error(
                404,
                "APS::Util::NotFound",
                &format!("Resource {user} not found"),
            );
        };
        if let Some(o) = u.as_object_mut() {
            // resetPassword makes the user inactive until they set a password; activate undoes it.
            o.insert("disabled".into(), json!(op == "resetPassword"));
        }
        HttpResponse::with_body(200, "application/json", "")
    }

    fn payment_methods(&self, req: &HttpRequest) -> HttpResponse {
        let account = req
            .query_pairs()
            .into_iter()
            .find(|(k, _)| k == "accountId")
            .map(|(_, v)| v)
            .unwrap_or_default();
        if !self
            .accounts
            .iter()
            .any(|a| a.pointer("/aps/id").and_then(Value::as_str) == Some(account.as_str()))
        {
            return aps_error(
                404,
                "APS::Util::NotFound",
                &format!("Account {account} not found"),
            );
        }
        let method = |id: u32,
                      system: &str,
                      owner: Value,
                      number: Value,
                      name: &str,
                      kind: &str,
                      per: bool,
                      default: bool| {
            json!({
                "id": id, "paymentSystemId": system, "paymentSystem": system, "ownerAccountId": owner, "number": number, "name": name,
                "type": kind, "perCustomer": per, "status": "ACTIVE", "ratified": "NOT_REQUIRED", "defaultMethod": default,
            })
        };
        HttpResponse::json(
            200,
            &json!([
                method(
                    12,
                    "Visa",
                    json!(account),
                    json!("****1111"),
                    "Visa ****1111",
                    "CREDIT_CARD",
                    true,
                    true
                ),
                method(
                    0,
                    "Check/Cash",
                    Value::Null,
                    Value::Null,
                    "Check/Cash",
                    "MANUAL",
                    false,
                    false
                ),
                method(
                    3,
                    "Demo.Redirect",
                    Value::Null,
                    Value::Null,
                    "Demo Payment Gateway",
                    "EXTERNAL",
                    false,
                    false
                ),
            ]),
        )
    }
}
