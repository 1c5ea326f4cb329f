//! Cloudmore operations as request values.
//!
//! One [`CloudmoreRequest`] describes every call: the credential level it needs, method, path,
//! query, body, the validation result, and how to read the answer. The operation table is in
//! `ops`, one constructor per row of seed 003.

use std::rc::Rc;

use partner_ordering_json::Deserialize;
use serde_json::Value;

use super::types::{list_rows, CloudmoreSubscription};
use crate::common::basic_authorization;
use crate::endpoint::{error_from_response, parse_json, to_json, Endpoint};
use crate::error::{truncate_body, Api, Error};
use crate::http::{encode_component, join_url, HttpRequest, HttpResponse, Method};
use crate::secret::Secret;
use crate::token::{access_token, parse_token_answer, AccessToken};
use crate::validate::Issues;

const API: Api = Api::Cloudmore;

/// The IdentityServer client the password grant is made for (API-NOTES §3.2).
pub const TOKEN_CLIENT_ID: &str = "ro.customer.client";

/// Which credentials an operation needs (seed 003: "Seller level credentials will be required
/// to access seller level APIs"; broker-level ones for reseller and organization APIs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// `/api/sellers/{sellerId}/…`
    Seller,
    /// `/api/resellers/{resellerId}/…`, organization level included.
    Broker,
}

impl Level {
    /// The options key that holds this level's credentials.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Seller => "seller",
            Level::Broker => "broker",
        }
    }
}

/// Reads a 2xx answer into `T`.
pub type Reader<T> = Rc<dyn Fn(&HttpResponse) -> Result<T, Error>>;

/// One Cloudmore call returning `T`.
#[derive(Clone)]
pub struct CloudmoreRequest<T> {
    /// Credentials needed.
    pub level: Level,
    /// The operation's name, for errors (`listSellerSubscriptions`).
    pub name: &'static str,
    method: Method,
    path: String,
    query: Vec<(&'static str, String)>,
    body: Option<Value>,
    issues: Issues,
    read: Reader<T>,
}

impl<T> CloudmoreRequest<T> {
    /// A request; `segments` are joined with `/` after percent-encoding each one, so no id can
    /// change the path even with validation off.
    pub fn new(
        level: Level,
        name: &'static str,
        method: Method,
        segments: &[&str],
        read: impl Fn(&HttpResponse) -> Result<T, Error> + 'static,
    ) -> Self {
        let path = segments
            .iter()
            .map(|s| encode_component(s.trim()))
            .collect::<Vec<_>>()
            .join("/");
        CloudmoreRequest {
            level,
            name,
            method,
            path,
            query: Vec::new(),
            body: None,
            issues: Issues::new(),
            read: Rc::new(read),
        }
    }

    /// Adds a query parameter.
    pub fn query(mut self, key: &'static str, value: impl Into<String>) -> Self {
        self.query.push((key, value.into()));
        self
    }

    /// Sets the JSON body.
    pub fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    /// Sets the validation result; errors stop the request before it is built.
    pub fn issues(mut self, issues: Issues) -> Self {
        self.issues = issues;
        self
    }

    /// Drops the validation result (the client's `validate: false`).
    pub fn unchecked(mut self) -> Self {
        self.issues = Issues::new();
        self
    }

    /// The path below the origin (for tests and logs).
    pub fn path(&self) -> &str {
        &self.path
    }
}

impl<T> std::fmt::Debug for CloudmoreRequest<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CloudmoreRequest")
            .field("name", &self.name)
            .field("method", &self.method)
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl<T> Endpoint for CloudmoreRequest<T> {
    type Output = T;

    fn api(&self) -> Api {
        API
    }

    fn build(&self, base: &str) -> Result<HttpRequest, Error> {
        self.issues.clone().into_result(API)?;
        let mut url = join_url(base, &self.path);
        if !self.query.is_empty() {
            let q: Vec<String> = self
                .query
                .iter()
                .map(|(k, v)| format!("{k}={}", encode_component(v)))
                .collect();
            url = format!("{url}?{}", q.join("&"));
        }
        let mut req = HttpRequest::new(self.method, url);
        if let Some(body) = &self.body {
            req = req.with_json(to_json(API, body)?);
        }
        req.headers.set("accept", "application/json");
        Ok(req)
    }

    fn parse(&self, resp: &HttpResponse) -> Result<T, Error> {
        if !resp.is_success() {
            return Err(error_from_response(super::ERROR_SCHEMA, resp));
        }
        (self.read)(resp)
    }

    fn idempotent(&self) -> bool {
        // PUT and DELETE are idempotent in HTTP terms, but a retried DELETE after a lost answer
        // meets a 404 or "already cancelled" and hides the success; only reads are retried.
        self.method == Method::Get
    }
}

pub(super) fn decode(resp: &HttpResponse, message: String) -> Error {
    Error::Decode {
        api: API,
        status: resp.status,
        message,
        body: truncate_body(&resp.text()),
    }
}

fn json_value(resp: &HttpResponse) -> Result<Option<Value>, Error> {
    if resp.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    crate::json::from_slice(&resp.body)
        .map(Some)
        .map_err(|e| decode(resp, e.to_string()))
}

/// The JSON of a read's answer, which the API always sends: an empty or `null` body is a
/// decode error, never an empty list or a default value (an empty answer from a proxy or a
/// half-deployed service would otherwise read as "no subscriptions", "no price list").
fn read_body(resp: &HttpResponse) -> Result<Value, Error> {
    match json_value(resp)? {
        None => Err(decode(resp, "an empty answer to a read".into())),
        Some(Value::Null) => Err(decode(resp, "a null answer to a read".into())),
        Some(v) => Ok(v),
    }
}

/// Reads a list of subscriptions, bare or wrapped.
pub fn read_subscriptions(resp: &HttpResponse) -> Result<Vec<CloudmoreSubscription>, Error> {
    let v = read_body(resp)?;
    let (rows, _) = list_rows(v, &["items", "data", "value", "subscriptions", "results"])
        .map_err(|e| decode(resp, e))?;
    rows.into_iter()
        .enumerate()
        .map(|(i, r)| crate::json::from_value(&r).map_err(|e| decode(resp, format!("[{i}]: {e}"))))
        .collect()
}

/// Reads one subscription.
pub fn read_subscription(resp: &HttpResponse) -> Result<CloudmoreSubscription, Error> {
    parse_json(super::ERROR_SCHEMA, resp)
}

/// Reads a create answer: the subscription, or just its id (a JSON string, or the `Location`
/// header of an empty 201), since ASP.NET APIs answer creates all three ways.
pub fn read_created(resp: &HttpResponse) -> Result<CloudmoreSubscription, Error> {
    match json_value(resp)? {
        Some(Value::String(id)) => Ok(CloudmoreSubscription::with_id(id)),
        Some(v @ Value::Object(_)) => {
            crate::json::from_value(&v).map_err(|e| decode(resp, e.to_string()))
        }
        Some(other) => Err(decode(
            resp,
            format!("expected a subscription, got {other}"),
        )),
        None => resp
            .headers
            .get("location")
            .and_then(|l| l.trim_end_matches('/').rsplit('/').next())
            .filter(|id| !id.is_empty())
            .map(CloudmoreSubscription::with_id)
            .ok_or_else(|| decode(resp, "an empty answer without a Location header".into())),
    }
}

/// Reads the answer of a change: the subscription when the server sends one, else `None`.
pub fn read_changed(resp: &HttpResponse) -> Result<Option<CloudmoreSubscription>, Error> {
    match json_value(resp)? {
        Some(v @ Value::Object(_)) if v.get("id").is_some() => crate::json::from_value(&v)
            .map(Some)
            .map_err(|e| decode(resp, e.to_string())),
        _ => Ok(None),
    }
}

/// Reads the JSON answer of a read (price lists and history are shaped by their own
/// readers).
///
/// # Errors
/// [`Error::Decode`] for an empty or `null` body, or one that is not JSON.
pub fn read_value(resp: &HttpResponse) -> Result<Value, Error> {
    read_body(resp)
}

/// The OAuth token answer.
#[derive(Debug, Deserialize)]
struct TokenAnswer {
    access_token: Secret,
    #[serde(default, deserialize_with = "crate::lenient::opt_seconds")]
    expires_in: Option<u64>,
}

/// `POST /connect/token`: the password grant with `Basic ro.customer.client:<API secret>`.
#[derive(Debug, Clone)]
pub struct FetchCloudmoreToken {
    /// API user (an email address).
    pub username: String,
    /// The user's password.
    pub password: Secret,
    /// The API secret of the `ro.customer.client` client.
    pub api_secret: Secret,
}

impl Endpoint for FetchCloudmoreToken {
    type Output = AccessToken;

    fn api(&self) -> Api {
        API
    }

    fn build(&self, base: &str) -> Result<HttpRequest, Error> {
        // RFC 6749 §2.3.1: id and secret are form-encoded before Basic; IdentityServer decodes
        // them, so a secret with `+` or `%` would otherwise not match.
        let basic = basic_authorization(
            &encode_component(TOKEN_CLIENT_ID),
            &encode_component(self.api_secret.expose()),
        );
        let mut req = HttpRequest::new(Method::Post, join_url(base, "connect/token"));
        req.headers.set("authorization", basic);
        req.headers
            .set("content-type", "application/x-www-form-urlencoded");
        req.headers.set("accept", "application/json");
        req.body = Some(format!(
            "grant_type=password&username={}&password={}&scope=api",
            encode_component(&self.username),
            encode_component(self.password.expose())
        ));
        Ok(req)
    }

    fn parse(&self, resp: &HttpResponse) -> Result<AccessToken, Error> {
        // Never `parse_json`: its errors keep the body, and this one holds the token.
        let t: TokenAnswer = parse_token_answer(super::ERROR_SCHEMA, resp)?;
        access_token(
            super::ERROR_SCHEMA,
            resp,
            "access_token",
            t.access_token,
            t.expires_in,
        )
    }

    fn idempotent(&self) -> bool {
        // Asking for a token twice is harmless.
        true
    }
}
