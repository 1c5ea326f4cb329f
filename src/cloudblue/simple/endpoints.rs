//! SimpleAPI operations as request values. One generic [`SimpleRequest`] describes every call:
//! method, path, query, body, the validation result, and the response type.

use std::marker::PhantomData;

use partner_ordering_json::Deserialize;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::common::basic_authorization;
use crate::endpoint::{parse_json, to_json, Endpoint};
use crate::error::{Api, Error};
use crate::http::{encode_component, join_url, HttpRequest, HttpResponse, Method};
use crate::secret::Secret;
use crate::token::{access_token, parse_token_answer, AccessToken};
use crate::validate::{path_id, Issues};

/// One SimpleAPI call returning `T`.
#[derive(Debug, Clone)]
pub struct SimpleRequest<T> {
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    body: Option<serde_json::Value>,
    issues: Issues,
    idempotent: bool,
    output: PhantomData<fn() -> T>,
}

/// Query pairs from a serializable filter struct: `None` fields are skipped.
fn query_pairs<Q: Serialize>(q: &Q) -> Vec<(String, String)> {
    match serde_json::to_value(q) {
        Ok(serde_json::Value::Object(map)) => map
            .into_iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (k, crate::endpoint::value_text(&v)))
            .collect(),
        _ => Vec::new(),
    }
}

impl<T> SimpleRequest<T> {
    fn new(method: Method, path: String) -> Self {
        SimpleRequest {
            method,
            path,
            query: Vec::new(),
            body: None,
            issues: Issues::new(),
            idempotent: method == Method::Get,
            output: PhantomData,
        }
    }

    /// `GET path?query`.
    pub fn list<Q: Serialize>(path: &str, query: &Q) -> Self {
        let mut r = Self::new(Method::Get, path.to_string());
        r.query = query_pairs(query);
        r
    }

    /// `GET path/{id}`, refusing an id that could change the path.
    pub fn get(path: &str, id: &str, id_name: &str) -> Self {
        let mut r = Self::new(Method::Get, format!("{path}/{}", encode_component(id)));
        path_id(&mut r.issues, id_name, id, "id");
        r
    }

    /// `POST path` with a JSON body that passed (or failed) `issues`.
    pub fn post(path: &str, body: serde_json::Value, issues: Issues) -> Self {
        let mut r = Self::new(Method::Post, path.to_string());
        r.body = Some(body);
        r.issues = issues;
        r
    }
}

impl<T: DeserializeOwned> Endpoint for SimpleRequest<T> {
    type Output = T;

    fn api(&self) -> Api {
        Api::CloudblueSimple
    }

    fn build(&self, base: &str) -> Result<HttpRequest, Error> {
        self.issues.clone().into_result(Api::CloudblueSimple)?;
        let mut url = join_url(base, &self.path);
        if !self.query.is_empty() {
            let q: Vec<String> = self
                .query
                .iter()
                .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
                .collect();
            url = format!("{url}?{}", q.join("&"));
        }
        let mut req = HttpRequest::new(self.method, url);
        if let Some(body) = &self.body {
            req = req.with_json(to_json(Api::CloudblueSimple, body)?);
        }
        Ok(req)
    }

    fn parse(&self, resp: &HttpResponse) -> Result<T, Error> {
        // The spec's links point at `data.id` although single objects come unwrapped: accept a
        // `{data: {...}}` wrapper around a single object too.
        if resp.is_success() {
            if let Ok(serde_json::Value::Object(map)) =
                crate::json::from_slice::<serde_json::Value>(&resp.body)
            {
                if let (1, Some(inner @ serde_json::Value::Object(_))) =
                    (map.len(), map.get("data"))
                {
                    if let Ok(v) = crate::json::from_value::<T>(inner) {
                        return Ok(v);
                    }
                }
            }
        }
        parse_json(super::ERROR_SCHEMA, resp)
    }

    fn idempotent(&self) -> bool {
        self.idempotent
    }
}

/// The token answer (`TokenInfo`).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TokenInfo {
    token: Secret,
    #[serde(default, deserialize_with = "crate::lenient::opt_seconds")]
    expires_in_seconds: Option<u64>,
}

/// `POST /token` with Basic credentials, `X-Subscription-Key` and `{marketplace}`.
#[derive(Debug, Clone)]
pub struct FetchSimpleToken {
    /// API user.
    pub username: String,
    /// API password.
    pub password: Secret,
    /// Marketplace code, e.g. `us`.
    pub marketplace: String,
    /// The gateway subscription key.
    pub subscription_key: Secret,
}

impl Endpoint for FetchSimpleToken {
    type Output = AccessToken;

    fn api(&self) -> Api {
        Api::CloudblueSimple
    }

    fn build(&self, base: &str) -> Result<HttpRequest, Error> {
        let body = to_json(
            Api::CloudblueSimple,
            &serde_json::json!({ "marketplace": self.marketplace }),
        )?;
        let mut req = HttpRequest::new(Method::Post, join_url(base, "token")).with_json(body);
        req.headers.set(
            "authorization",
            basic_authorization(&self.username, self.password.expose()),
        );
        req.headers
            .set("x-subscription-key", self.subscription_key.expose());
        Ok(req)
    }

    fn parse(&self, resp: &HttpResponse) -> Result<AccessToken, Error> {
        // Never `parse_json`: its errors keep the body, and this one holds the token.
        let t: TokenInfo = parse_token_answer(super::ERROR_SCHEMA, resp)?;
        access_token(
            super::ERROR_SCHEMA,
            resp,
            "token",
            t.token,
            t.expires_in_seconds,
        )
    }

    fn idempotent(&self) -> bool {
        true
    }
}
