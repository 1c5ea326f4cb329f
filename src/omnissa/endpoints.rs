//! Omnissa operations as request values.

use base64::Engine as _;

use super::types::{Subscription, SubscriptionList, TokenResponse};
use crate::endpoint::{parse_json, Endpoint};
use crate::error::{Api, Error};
use crate::http::{encode_component, join_url, HttpRequest, Method};
use crate::secret::Secret;
use crate::token::AccessToken;
use crate::validate::{path_id, Issues};

/// Path of the ordering API below the gateway origin (the spec's `servers` entry).
pub const API_PATH: &str = "/v2/m4/api/sdp";
/// Path of the OAuth2 token endpoint below the gateway origin.
pub const TOKEN_PATH: &str = "/v1/m0/application/oauth2/token";

/// `POST /v1/m0/application/oauth2/token?grant_type=client_credentials` with Basic auth.
///
/// The docs say to send no Content-Type, so the request has no body and no content type.
#[derive(Debug, Clone)]
pub struct FetchToken {
    /// The app id ("shared key").
    pub app_id: String,
    /// The app secret.
    pub app_secret: Secret,
}

impl Endpoint for FetchToken {
    type Output = AccessToken;

    fn api(&self) -> Api {
        Api::Omnissa
    }

    /// `token_url` is the full token URL.
    fn build(&self, token_url: &str) -> Result<HttpRequest, Error> {
        let sep = if token_url.contains('?') { '&' } else { '?' };
        let mut req = HttpRequest::new(
            Method::Post,
            format!("{token_url}{sep}grant_type=client_credentials"),
        );
        let basic = base64::engine::general_purpose::STANDARD.encode(format!(
            "{}:{}",
            self.app_id,
            self.app_secret.expose()
        ));
        req.headers.set("authorization", format!("Basic {basic}"));
        req.headers.set("accept", "application/json");
        Ok(req)
    }

    fn parse(&self, resp: &crate::http::HttpResponse) -> Result<AccessToken, Error> {
        let t: TokenResponse = parse_json(Api::Omnissa, resp)?;
        Ok(AccessToken {
            token: t.access_token,
            expires_in_s: t.expires_in,
        })
    }

    fn idempotent(&self) -> bool {
        // Asking for a client-credentials token twice is harmless.
        true
    }
}

/// `GET /subscriptions`: every active subscription of the partner.
#[derive(Debug, Clone, Default)]
pub struct ListSubscriptions;

impl Endpoint for ListSubscriptions {
    type Output = Vec<Subscription>;

    fn api(&self) -> Api {
        Api::Omnissa
    }

    fn build(&self, base: &str) -> Result<HttpRequest, Error> {
        Ok(HttpRequest::new(
            Method::Get,
            join_url(base, "subscriptions"),
        ))
    }

    fn parse(&self, resp: &crate::http::HttpResponse) -> Result<Vec<Subscription>, Error> {
        let list: SubscriptionList = parse_json(Api::Omnissa, resp)?;
        Ok(list.subscriptions)
    }

    fn idempotent(&self) -> bool {
        true
    }
}

/// `GET /subscriptions/{sid}`: one subscription by its service instance id.
#[derive(Debug, Clone)]
pub struct GetSubscription {
    /// The SID.
    pub service_instance_id: String,
}

impl GetSubscription {
    /// Validation only: issue codes `sid_required`, `sid_invalid` at path `serviceInstanceId`.
    pub fn validate(&self) -> Issues {
        let mut issues = Issues::new();
        path_id(
            &mut issues,
            "serviceInstanceId",
            &self.service_instance_id,
            "sid",
        );
        issues
    }
}

impl Endpoint for GetSubscription {
    type Output = Subscription;

    fn api(&self) -> Api {
        Api::Omnissa
    }

    fn build(&self, base: &str) -> Result<HttpRequest, Error> {
        self.validate().into_result(Api::Omnissa)?;
        let path = format!(
            "subscriptions/{}",
            encode_component(&self.service_instance_id)
        );
        Ok(HttpRequest::new(Method::Get, join_url(base, &path)))
    }

    fn parse(&self, resp: &crate::http::HttpResponse) -> Result<Subscription, Error> {
        parse_json(Api::Omnissa, resp)
    }

    fn idempotent(&self) -> bool {
        true
    }
}
