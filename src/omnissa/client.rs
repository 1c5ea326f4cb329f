//! The Omnissa client: configuration, credentials and the async operations.

use std::rc::Rc;

use super::endpoints::{
    FetchToken, GetOrderStatus, GetSubscription, ListSubscriptions, OrderBody, PlaceOrder,
    API_PATH, TOKEN_PATH,
};
use super::orders::{
    Cancellation, NewOrder, OrderAccepted, OrderResult, OrderState, OrderStatus, QuantityIncrease,
    Renewal, SecondaryAddOn, Upgrade,
};
use super::rules::Context;
use super::types::Subscription;
use crate::api_call::ApiCall;
use crate::client::{
    bearer_headers, poll_until, require, Authenticator, EndpointTokenSource, HttpClient, PollStep,
    TokenAuth, TokenManager, TokenSource,
};
use crate::endpoint::Endpoint;
use crate::error::{Api, Error};
use crate::poll::PollOptions;
use crate::secret::Secret;

/// The production gateway origin.
pub const DEFAULT_BASE_URL: &str = "https://apigw.omnissa.com";
/// Omnissa tokens live 7500 s ("times out after 7500 seconds"); used when a token has no expiry.
const TOKEN_LIFETIME_S: u64 = 7500;
/// Refresh five minutes before expiry so no request leaves with a token about to lapse.
const REFRESH_MARGIN_MS: i64 = 300_000;

/// How the client obtains access tokens.
#[derive(Clone)]
pub enum Credentials {
    /// App id and secret: the client fetches and caches tokens itself. Keep these server-side.
    ClientCredentials {
        /// The app id ("shared key").
        app_id: String,
        /// The app secret.
        app_secret: Secret,
    },
    /// Tokens come from elsewhere (a backend that holds the secret).
    Provider(Rc<dyn TokenSource>),
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Credentials::ClientCredentials { app_id, .. } => f
                .debug_struct("ClientCredentials")
                .field("app_id", app_id)
                .field("app_secret", &"<redacted>")
                .finish(),
            Credentials::Provider(_) => f.write_str("Provider(..)"),
        }
    }
}

/// Client settings.
#[derive(Debug, Clone)]
pub struct OmnissaConfig {
    /// The Omnissa Partner ID, sent as the `partnerId` header.
    pub partner_id: String,
    /// The gateway origin (`https://apigw.omnissa.com`), or the full API base
    /// (`…/v2/m4/api/sdp`, as in the spec's `servers`): both are accepted.
    pub base_url: String,
    /// The token URL; defaults to the origin of `base_url` plus the documented token path.
    /// When given, it must be https (http only to localhost), without a fragment or secrets in
    /// its query (see [`crate::common::url::require_token_url`]).
    pub token_url: Option<String>,
    /// Where tokens come from.
    pub credentials: Credentials,
    /// Validate orders client-side before sending (default true). Off, the server judges them.
    pub validate: bool,
    /// Fetch the subscription before an order on it, to check quantities, SKUs and the renewal
    /// window client-side (default true). Costs one GET per order.
    pub precheck: bool,
}

impl OmnissaConfig {
    /// Settings for the production gateway, with validation and precheck on.
    pub fn new(partner_id: impl Into<String>, credentials: Credentials) -> Self {
        OmnissaConfig {
            partner_id: partner_id.into(),
            base_url: DEFAULT_BASE_URL.to_string(),
            token_url: None,
            credentials,
            validate: true,
            precheck: true,
        }
    }

    /// The same settings against another gateway (a sandbox, a proxy).
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// `(api_base, token_url)` derived from the settings.
    pub fn urls(&self) -> (String, String) {
        let base = self.base_url.trim().trim_end_matches('/');
        let origin_end = base
            .find("://")
            .map(|i| i + 3)
            .and_then(|start| base[start..].find('/').map(|j| start + j))
            .unwrap_or(base.len());
        let (origin, path) = base.split_at(origin_end);
        let api = if path.is_empty() {
            format!("{origin}{API_PATH}")
        } else {
            base.to_string()
        };
        let token = self
            .token_url
            .clone()
            .unwrap_or_else(|| format!("{origin}{TOKEN_PATH}"));
        (api, token)
    }
}

/// Per-call settings for orders on existing subscriptions.
#[derive(Debug, Clone, Copy, Default)]
pub struct CallOptions {
    /// Overrides the client's `precheck` for this call.
    pub precheck: Option<bool>,
}

/// The Omnissa MSP Ordering client.
pub struct OmnissaClient {
    http: HttpClient,
    auth: Rc<dyn Authenticator>,
    partner_id: String,
    api_base: String,
    validate: bool,
    precheck: bool,
}

impl std::fmt::Debug for OmnissaClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OmnissaClient")
            .field("partner_id", &self.partner_id)
            .field("api_base", &self.api_base)
            .finish_non_exhaustive()
    }
}

impl OmnissaClient {
    /// Creates a client. Nothing is sent until the first call.
    ///
    /// # Errors
    /// [`Error::Configuration`] when the partner id, app id or secret is blank.
    pub fn new(config: OmnissaConfig, http: HttpClient) -> Result<Self, Error> {
        require(Api::Omnissa, "partnerId", &config.partner_id)?;
        crate::client::require_base_url(Api::Omnissa, "baseUrl", &config.base_url)?;
        if let Some(url) = &config.token_url {
            // The app secret goes there: held to more than a base URL.
            crate::common::url::require_token_url(Api::Omnissa, "tokenUrl", url)?;
        }
        let (api_base, token_url) = config.urls();
        let source: Rc<dyn TokenSource> = match config.credentials {
            Credentials::ClientCredentials { app_id, app_secret } => {
                require(Api::Omnissa, "appId", &app_id)?;
                if app_secret.is_blank() {
                    return Err(Error::Configuration {
                        message: "omnissa: `appSecret` is required and must not be empty".into(),
                    });
                }
                Rc::new(EndpointTokenSource {
                    http: http.clone(),
                    base: token_url,
                    endpoint: FetchToken { app_id, app_secret },
                })
            }
            Credentials::Provider(p) => p,
        };
        let tokens = TokenManager::new(
            source,
            Rc::clone(http.runtime()),
            REFRESH_MARGIN_MS,
            Some(TOKEN_LIFETIME_S),
        );
        let partner_id = config.partner_id;
        let header_partner = partner_id.clone();
        let auth = Rc::new(TokenAuth::new(tokens, move |token: &Secret| {
            let mut h = bearer_headers(token);
            h.set("partnerId", header_partner.clone());
            h.set("accept", "application/json");
            h
        }));
        Ok(OmnissaClient {
            http,
            auth,
            partner_id,
            api_base,
            validate: config.validate,
            precheck: config.precheck,
        })
    }

    /// Now, from the client's runtime: the instant window rules are judged at.
    pub fn now_ms(&self) -> i64 {
        self.http.runtime().now_ms()
    }

    fn run<E: Endpoint + 'static>(&self, ep: E) -> ApiCall<E::Output> {
        ApiCall::new(&self.http, &self.auth, &self.api_base, ep)
    }

    /// Every active subscription of the partner. Awaited, it fails with any [`Error`]; see
    /// the crate docs for the taxonomy.
    pub fn list_subscriptions(&self) -> ApiCall<Vec<Subscription>> {
        self.run(ListSubscriptions)
    }

    /// One subscription by SID. Awaited, it fails with [`Error::InvalidRequest`] for a
    /// malformed SID (not sent), otherwise with any [`Error`].
    pub fn get_subscription(&self, sid: &str) -> ApiCall<Subscription> {
        self.run(GetSubscription {
            service_instance_id: sid.to_string(),
        })
    }
}

impl OmnissaClient {
    /// Validates (with the subscription fetched first when `precheck` is on) and posts an order.
    async fn place(&self, body: &dyn OrderBody, opts: CallOptions) -> Result<OrderAccepted, Error> {
        let precheck = self.validate && opts.precheck.unwrap_or(self.precheck);
        let subscription = match body.target_sid() {
            Some(sid) if precheck => {
                // Check what can be checked without the subscription first, so a malformed
                // order costs no request at all.
                body.validate(&Context::default())
                    .into_result(Api::Omnissa)?;
                Some(self.get_subscription(sid).await?)
            }
            _ => None,
        };
        let order = PlaceOrder {
            body,
            subscription: subscription.as_ref(),
            now: Some(self.now_ms()),
            validate: self.validate,
        };
        // Built here, where the body is borrowed; the answer is read without it.
        let request = order.build(&self.api_base);
        let parse = Box::new(super::endpoints::parse_accepted);
        ApiCall::from_parts(&self.http, &self.auth, request, order.idempotent(), parse).await
    }

    /// Places a new subscription order. Poll the returned `requestId` with
    /// [`OmnissaClient::wait_for_order`] to get the SID.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] before sending; otherwise any [`Error`]. Never retried: check
    /// `may_have_been_sent()` before placing it again.
    pub async fn create_order(&self, order: &NewOrder) -> Result<OrderAccepted, Error> {
        self.place(order, CallOptions::default()).await
    }

    /// Adds licences of SKUs already on a subscription (`QUANTITY-INCREASE`).
    ///
    /// # Errors
    /// As [`OmnissaClient::create_order`].
    pub async fn increase_quantity(
        &self,
        req: &QuantityIncrease,
        opts: CallOptions,
    ) -> Result<OrderAccepted, Error> {
        self.place(req, opts).await
    }

    /// Adds a new add-on SKU to a subscription (`SECONDARY-ADDON`).
    ///
    /// # Errors
    /// As [`OmnissaClient::create_order`].
    pub async fn add_secondary_addon(
        &self,
        req: &SecondaryAddOn,
        opts: CallOptions,
    ) -> Result<OrderAccepted, Error> {
        self.place(req, opts).await
    }

    /// Upgrades licences from one SKU to another.
    ///
    /// # Errors
    /// As [`OmnissaClient::create_order`].
    pub async fn upgrade(&self, req: &Upgrade, opts: CallOptions) -> Result<OrderAccepted, Error> {
        self.place(req, opts).await
    }

    /// Renews a subscription; only in the last 30 days of its term.
    ///
    /// # Errors
    /// As [`OmnissaClient::create_order`]; outside the window, `renewal_window_closed`.
    pub async fn renew(&self, req: &Renewal, opts: CallOptions) -> Result<OrderAccepted, Error> {
        self.place(req, opts).await
    }

    /// Cancels a subscription at the end of its term (opts out of renewal); only in the last
    /// 30 days of the term.
    ///
    /// # Errors
    /// As [`OmnissaClient::create_order`]; outside the window, `cancellation_window_closed`.
    pub async fn cancel(
        &self,
        req: &Cancellation,
        opts: CallOptions,
    ) -> Result<OrderAccepted, Error> {
        self.place(req, opts).await
    }

    /// The status of an order request.
    ///
    /// # Errors
    /// Any [`Error`].
    pub fn order_status(&self, request_id: &str) -> ApiCall<OrderStatus> {
        self.run(GetOrderStatus {
            request_id: request_id.to_string(),
        })
    }

    /// Polls an order until it succeeds (returning its SID) or fails. `PENDING` without a SID is
    /// normal; unknown statuses are treated as still pending.
    ///
    /// # Errors
    /// [`Error::OrderFailed`] with the API's message on `ERROR`; [`Error::Timeout`] when
    /// `poll.timeout_ms` passes; [`Error::Decode`] for a `SUCCESS` without a SID; otherwise any
    /// [`Error`] of a status request.
    pub async fn wait_for_order(
        &self,
        request_id: &str,
        poll: PollOptions,
    ) -> Result<OrderResult, Error> {
        poll_until(self.http.runtime(), poll, |attempt| async move {
            let status = self.order_status(request_id).await?;
            Ok(match status.status {
                OrderState::Success => match status.service_instance_id {
                    Some(sid) => PollStep::Done(OrderResult {
                        request_id: request_id.to_string(),
                        service_instance_id: sid,
                        group_id: status.group_id,
                        environment_identifier: status.environment_identifier,
                        polls: attempt + 1,
                    }),
                    None => PollStep::Failed(Error::Decode {
                        api: Api::Omnissa,
                        status: 200,
                        message: "status SUCCESS without a serviceInstanceId".into(),
                        body: String::new(),
                    }),
                },
                OrderState::Error => PollStep::Failed(Error::OrderFailed {
                    api: Api::Omnissa,
                    id: request_id.to_string(),
                    status: "ERROR".into(),
                    message: status
                        .message
                        .unwrap_or_else(|| "the order failed (no message given)".into()),
                }),
                OrderState::Pending | OrderState::Unknown(_) => PollStep::Pending,
            })
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(base: &str) -> OmnissaConfig {
        OmnissaConfig::new(
            "P",
            Credentials::ClientCredentials {
                app_id: "a".into(),
                app_secret: Secret::new("s"),
            },
        )
        .with_base_url(base)
    }

    #[test]
    fn base_url_origin_or_full_api_base() {
        let want = (
            "https://apigw.omnissa.com/v2/m4/api/sdp".to_string(),
            "https://apigw.omnissa.com/v1/m0/application/oauth2/token".to_string(),
        );
        assert_eq!(cfg("https://apigw.omnissa.com").urls(), want);
        assert_eq!(cfg("https://apigw.omnissa.com/").urls(), want);
        assert_eq!(cfg("https://apigw.omnissa.com/v2/m4/api/sdp/").urls(), want);
        assert_eq!(
            cfg("http://127.0.0.1:8787").urls().1,
            "http://127.0.0.1:8787/v1/m0/application/oauth2/token"
        );
    }

    #[test]
    fn credentials_debug_hides_the_secret() {
        let d = format!("{:?}", cfg("x").credentials);
        assert!(!d.contains("\"s\"") && d.contains("redacted"), "{d}");
    }
}
