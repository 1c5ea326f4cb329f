//! Omnissa operations as request values.

use super::orders::{
    Cancellation, NewOrder, OrderAccepted, OrderStatus, QuantityIncrease, Renewal, SecondaryAddOn,
    Upgrade, WireBody,
};
use super::rules::{self, Context};
use super::types::{Subscription, SubscriptionList, TokenResponse};
use super::ERROR_SCHEMA;
use crate::common::basic_authorization;
use crate::endpoint::{parse_json, to_json, Endpoint};
use crate::error::{Api, Error};
use crate::http::{encode_component, join_url, HttpRequest, Method};
use crate::secret::Secret;
use crate::time::Millis;
use crate::token::{access_token, parse_token_answer, AccessToken};
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
        req.headers.set(
            "authorization",
            basic_authorization(&self.app_id, self.app_secret.expose()),
        );
        req.headers.set("accept", "application/json");
        Ok(req)
    }

    fn parse(&self, resp: &crate::http::HttpResponse) -> Result<AccessToken, Error> {
        // Never `parse_json`: its errors keep the body, and this one holds the token.
        let t: TokenResponse = parse_token_answer(ERROR_SCHEMA, resp)?;
        access_token(
            ERROR_SCHEMA,
            resp,
            "access_token",
            t.access_token,
            t.expires_in,
        )
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
        let list: SubscriptionList = parse_json(ERROR_SCHEMA, resp)?;
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
        parse_json(ERROR_SCHEMA, resp)
    }

    fn idempotent(&self) -> bool {
        true
    }
}

/// An order body: where it is posted and which rules it must pass. Object-safe, so that one
/// endpoint, [`PlaceOrder`], and one client future serve every kind: generic over the body,
/// each kind compiled its own copy of the whole flow (precheck, request, answer) into the wasm.
pub trait OrderBody: WireBody {
    /// Path below the API base.
    fn path(&self) -> &'static str;
    /// Runs the rules for this kind of order.
    fn validate(&self, ctx: &Context<'_>) -> Issues;
    /// The subscription the order acts on, for the precheck; `None` for a new order.
    fn target_sid(&self) -> Option<&str>;
}

impl OrderBody for NewOrder {
    fn path(&self) -> &'static str {
        "subscriptions"
    }
    fn validate(&self, _ctx: &Context<'_>) -> Issues {
        rules::validate_new_order(self)
    }
    fn target_sid(&self) -> Option<&str> {
        None
    }
}

/// The orders on an existing subscription: body type, path, rule.
macro_rules! orders_on_a_subscription {
    ($($body:ty => $path:literal, $rule:path;)+) => {$(
        impl OrderBody for $body {
            fn path(&self) -> &'static str {
                $path
            }
            fn validate(&self, ctx: &Context<'_>) -> Issues {
                $rule(self, ctx)
            }
            fn target_sid(&self) -> Option<&str> {
                Some(&self.service_instance_id)
            }
        }
    )+};
}

orders_on_a_subscription! {
    QuantityIncrease => "subscriptions/addon", rules::validate_quantity_increase;
    SecondaryAddOn => "subscriptions/addon", rules::validate_secondary_addon;
    Upgrade => "subscriptions/upgrade", rules::validate_upgrade;
    Renewal => "subscriptions/renewal", rules::validate_renewal;
    Cancellation => "subscriptions/cancel", rules::validate_cancellation;
}

/// `POST` an order of any kind; answers 202 with a `requestId`. Never retried automatically.
#[derive(Clone, Copy)]
pub struct PlaceOrder<'a> {
    /// The order.
    pub body: &'a dyn OrderBody,
    /// The current subscription, when known (enables the rules that need it).
    pub subscription: Option<&'a Subscription>,
    /// Now, for the window rules.
    pub now: Option<Millis>,
    /// False sends the order unchecked (the server then judges it).
    pub validate: bool,
}

impl std::fmt::Debug for PlaceOrder<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlaceOrder")
            .field("path", &self.body.path())
            .field(
                "subscription",
                &self.subscription.map(|s| &s.service_instance_id),
            )
            .field("now", &self.now)
            .field("validate", &self.validate)
            .finish()
    }
}

impl Endpoint for PlaceOrder<'_> {
    type Output = OrderAccepted;

    fn api(&self) -> Api {
        Api::Omnissa
    }

    fn build(&self, base: &str) -> Result<HttpRequest, Error> {
        if self.validate {
            let ctx = Context {
                subscription: self.subscription,
                now: self.now,
            };
            self.body.validate(&ctx).into_result(Api::Omnissa)?;
        }
        let body = to_json(Api::Omnissa, &self.body.wire())?;
        Ok(HttpRequest::new(Method::Post, join_url(base, self.body.path())).with_json(body))
    }

    fn parse(&self, resp: &crate::http::HttpResponse) -> Result<OrderAccepted, Error> {
        parse_accepted(resp)
    }

    fn idempotent(&self) -> bool {
        false
    }
}

/// Reads an order's answer. Every order, cancel included, answers the spec's `Accepted`
/// `{requestId}`: without the id the order cannot be followed, so an empty 202 or a blank id is
/// a decode error (the order may well have been placed: `may_have_been_sent` says so).
///
/// # Errors
/// [`Error::Api`] and the other failures of [`parse_json`]; [`Error::Decode`] for a blank id.
pub fn parse_accepted(resp: &crate::http::HttpResponse) -> Result<OrderAccepted, Error> {
    let accepted: OrderAccepted = parse_json(ERROR_SCHEMA, resp)?;
    if accepted.request_id.trim().is_empty() {
        return Err(Error::Decode {
            api: Api::Omnissa,
            status: resp.status,
            message: "requestId: empty in an order's answer".into(),
            body: crate::error::truncate_body(&resp.text()),
        });
    }
    Ok(accepted)
}

/// `GET /status/{requestId}`.
#[derive(Debug, Clone)]
pub struct GetOrderStatus {
    /// The id from the order's 202.
    pub request_id: String,
}

impl Endpoint for GetOrderStatus {
    type Output = OrderStatus;

    fn api(&self) -> Api {
        Api::Omnissa
    }

    fn build(&self, base: &str) -> Result<HttpRequest, Error> {
        let mut issues = Issues::new();
        path_id(&mut issues, "requestId", &self.request_id, "request_id");
        issues.into_result(Api::Omnissa)?;
        let path = format!("status/{}", encode_component(&self.request_id));
        Ok(HttpRequest::new(Method::Get, join_url(base, &path)))
    }

    fn parse(&self, resp: &crate::http::HttpResponse) -> Result<OrderStatus, Error> {
        parse_json(ERROR_SCHEMA, resp)
    }

    fn idempotent(&self) -> bool {
        true
    }
}
