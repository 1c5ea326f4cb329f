//! The APS REST client.

use std::rc::Rc;

use serde::de::DeserializeOwned;

use super::endpoints::{seg, ApsRequest};
use super::oauth1::{authorization_header, OAuth1Credentials};
use super::rql;
use super::{
    ApsAccount, ApsOrder, ApsUser, CreatedCustomer, Estimate, NewApsCustomer, NewApsOrder,
    NewStaffMember, PaymentMethod, PlacedOrder,
};
use crate::api_call::ApiCall;
use crate::client::{
    poll_until, require, AuthHeaders, Authenticator, HttpClient, PollStep, TokenAuth, TokenManager,
    TokenSource,
};
use crate::cloudblue::rules;
use crate::error::{Api, Error};
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::poll::PollOptions;
use crate::secret::Secret;
use crate::transport::{LocalFuture, Runtime};
use crate::validate::Issues;

/// How the client authenticates.
#[derive(Clone)]
pub enum ApsCredentials {
    /// `APS-Token` header from a provider (e.g. your backend calling `pem.APS.getUserToken`).
    /// The token is short-lived: a 403 `APS::Util::AuthenticationFailed` triggers one refresh.
    Token(Rc<dyn TokenSource>),
    /// Two-legged OAuth 1.0a (HMAC-SHA1) with the APS application's consumer key and secret.
    OAuth1 {
        /// Consumer key.
        consumer_key: String,
        /// Consumer secret.
        consumer_secret: Secret,
    },
}

impl std::fmt::Debug for ApsCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApsCredentials::Token(_) => f.write_str("Token(..)"),
            ApsCredentials::OAuth1 { consumer_key, .. } => f
                .debug_struct("OAuth1")
                .field("consumer_key", consumer_key)
                .finish_non_exhaustive(),
        }
    }
}

/// Client settings.
#[derive(Debug, Clone)]
pub struct ApsConfig {
    /// Platform origin, e.g. `https://cbc.example.com` (paths `/aps/2/...` are appended).
    pub base_url: String,
    /// Credentials.
    pub credentials: ApsCredentials,
    /// `APS-Actor-Scope` header (`FULL` lists the subscriptions of all sub-accounts).
    pub actor_scope: Option<String>,
    /// `aps-resource-id` header (the APS application instance), for OAuth apps that need it.
    pub resource_id: Option<String>,
    /// Validate bodies before sending (default true).
    pub validate: bool,
}

impl ApsConfig {
    /// Settings with validation on.
    pub fn new(base_url: impl Into<String>, credentials: ApsCredentials) -> Self {
        ApsConfig {
            base_url: base_url.into(),
            credentials,
            actor_scope: None,
            resource_id: None,
            validate: true,
        }
    }
}

/// APS-Token or OAuth 1.0a, behind one [`Authenticator`].
pub(super) enum ApsAuth {
    Token(TokenAuth),
    OAuth1 {
        creds: OAuth1Credentials,
        runtime: Rc<dyn Runtime>,
    },
}

impl Authenticator for ApsAuth {
    fn credentials(&self, req: &HttpRequest) -> LocalFuture<Result<AuthHeaders, Error>> {
        match self {
            ApsAuth::Token(t) => t.credentials(req),
            ApsAuth::OAuth1 { creds, runtime } => {
                // Time and nonce come from the runtime; the signer itself is pure.
                let timestamp = u64::try_from(runtime.now_ms() / 1000).unwrap_or(0);
                let nonce = runtime.uuid().replace('-', "");
                let header = authorization_header(
                    creds,
                    req.method.as_str(),
                    &req.url,
                    None,
                    timestamp,
                    &nonce,
                );
                let mut headers = crate::http::Headers::new();
                headers.set("authorization", header);
                Box::pin(std::future::ready(Ok(AuthHeaders {
                    headers,
                    generation: None,
                })))
            }
        }
    }

    fn invalidate(&self, generation: u64) {
        if let ApsAuth::Token(t) = self {
            t.invalidate(generation);
        }
    }

    /// APS reports an expired token as 403 `APS::Util::AuthenticationFailed`.
    fn is_auth_failure(&self, resp: &HttpResponse) -> bool {
        resp.status == 401
            || (resp.status == 403
                && String::from_utf8_lossy(&resp.body).contains("AuthenticationFailed"))
    }
}

/// The APS REST client.
pub struct ApsClient {
    pub(super) http: HttpClient,
    /// An [`ApsAuth`].
    pub(super) auth: Rc<dyn Authenticator>,
    pub(super) base: String,
    pub(super) extra: crate::http::Headers,
    validate: bool,
}

impl std::fmt::Debug for ApsClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApsClient")
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

pub(super) const ORDERS: &str = "services/order-manager/orders";

impl ApsClient {
    /// Creates a client. Nothing is sent until the first call.
    ///
    /// # Errors
    /// [`Error::Configuration`] for a blank base URL or consumer key.
    pub fn new(config: ApsConfig, http: HttpClient) -> Result<Self, Error> {
        crate::client::require_base_url(Api::CloudblueAps, "baseUrl", &config.base_url)?;
        let auth = match config.credentials {
            ApsCredentials::Token(source) => {
                // APS tokens are short-lived and carry no expiry: keep one until it is refused.
                let tokens = TokenManager::new(source, Rc::clone(http.runtime()), 0, None);
                ApsAuth::Token(TokenAuth::new(tokens, |t: &Secret| {
                    let mut h = crate::http::Headers::new();
                    h.set("APS-Token", t.expose());
                    h
                }))
            }
            ApsCredentials::OAuth1 {
                consumer_key,
                consumer_secret,
            } => {
                require(Api::CloudblueAps, "consumerKey", &consumer_key)?;
                ApsAuth::OAuth1 {
                    creds: OAuth1Credentials::new(consumer_key, consumer_secret),
                    runtime: Rc::clone(http.runtime()),
                }
            }
        };
        let mut extra = crate::http::Headers::new();
        if let Some(s) = config.actor_scope {
            extra.set("APS-Actor-Scope", s);
        }
        if let Some(r) = config.resource_id {
            extra.set("aps-resource-id", r);
        }
        Ok(ApsClient {
            http,
            auth: Rc::new(auth),
            base: config.base_url.trim().trim_end_matches('/').to_string(),
            extra,
            validate: config.validate,
        })
    }

    /// The call of `req`, with the client's fixed headers.
    pub(super) fn run<T: DeserializeOwned + 'static>(&self, req: ApsRequest<T>) -> ApiCall<T> {
        let req = req
            .defaults(&self.extra)
            .header("accept", "application/json");
        ApiCall::new(&self.http, &self.auth, &self.base, req)
    }

    pub(super) fn checked(&self, issues: Issues) -> Issues {
        if self.validate {
            issues
        } else {
            Issues::new()
        }
    }

    /// Accounts matching an RQL query (built with [`rql`]), e.g.
    /// `eq(techContact.email,mw@aps.test),select(aps.id)`.
    ///
    /// # Errors
    /// Any [`Error`].
    pub fn find_accounts(&self, rql_query: &str) -> ApiCall<Vec<ApsAccount>> {
        self.run(ApsRequest::new(Method::Get, "collections/accounts").query(rql_query))
    }

    /// The APS id of the account whose technical contact has this email (how the guide finds the
    /// reseller), or `None`.
    ///
    /// # Errors
    /// Any [`Error`].
    pub fn find_account_id_by_email(&self, email: &str) -> ApiCall<Option<String>> {
        let q = rql::join([
            rql::eq("techContact.email", email),
            rql::select(&["aps.id"]),
        ]);
        self.find_accounts(&q)
            .map(|accounts| Ok(accounts.into_iter().find_map(|a| a.aps.id)))
    }

    /// Any APS collection, filtered by RQL, as raw JSON resources.
    ///
    /// # Errors
    /// Any [`Error`].
    pub fn find_resources(
        &self,
        collection: &str,
        rql_query: &str,
    ) -> ApiCall<Vec<serde_json::Value>> {
        let req = ApsRequest::new(Method::Get, format!("collections/{}", seg(collection)))
            .id("collection", collection);
        self.run(req.query(rql_query))
    }

    /// Creates a customer: the BssAccountInformation and PAAccount resources in one POST, linked
    /// by a client-chosen APS id (`bssAccountId`, or a fresh UUID from the runtime).
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] before sending; otherwise any [`Error`]. Not retried.
    pub fn create_customer(&self, c: &NewApsCustomer) -> ApiCall<CreatedCustomer> {
        let bss_id = c
            .bss_account_id
            .clone()
            .unwrap_or_else(|| self.http.runtime().uuid());
        let req = ApsRequest::<Vec<ApsAccount>>::new(Method::Post, "resources/")
            .body(c.wire(&bss_id))
            .issues(self.checked(rules::validate_aps_customer(c)));
        self.run(req).map(move |resources| {
            let account = resources
                .into_iter()
                .find(|r| {
                    r.aps
                        .kind
                        .as_deref()
                        .is_some_and(|k| k.contains("/pa/account/"))
                })
                .ok_or_else(|| Error::Decode {
                    api: Api::CloudblueAps,
                    status: 200,
                    message: "the answer holds no PAAccount resource".into(),
                    body: String::new(),
                })?;
            Ok(CreatedCustomer {
                account_id: account.aps.id.clone().unwrap_or_default(),
                bss_account_id: bss_id,
                account,
            })
        })
    }

    /// Creates an admin user (staff member) in an account.
    ///
    /// # Errors
    /// As [`ApsClient::create_customer`].
    pub fn create_staff_member(&self, account_id: &str, u: &NewStaffMember) -> ApiCall<ApsUser> {
        let req = ApsRequest::new(Method::Post, format!("resources/{}/users", seg(account_id)))
            .body(u.wire())
            .issues(self.checked(rules::validate_staff_member(account_id, u)));
        self.run(req)
    }

    fn user_op(&self, user_id: &str, op: &str) -> ApiCall<()> {
        self.run(
            ApsRequest::<()>::new(Method::Post, format!("resources/{}/{op}", seg(user_id)))
                .id("userId", user_id),
        )
    }

    /// Resets a user's password; the platform emails a link to set a new one.
    ///
    /// # Errors
    /// Any [`Error`].
    pub fn reset_password(&self, user_id: &str) -> ApiCall<()> {
        self.user_op(user_id, "resetPassword")
    }

    /// Resends the invitation to an inactive user.
    ///
    /// # Errors
    /// Any [`Error`].
    pub fn invite(&self, user_id: &str) -> ApiCall<()> {
        self.user_op(user_id, "invite")
    }

    /// Activates a user.
    ///
    /// # Errors
    /// Any [`Error`].
    pub fn activate(&self, user_id: &str) -> ApiCall<()> {
        self.user_op(user_id, "activate")
    }

    /// The payment methods an account can order with.
    ///
    /// # Errors
    /// Any [`Error`].
    pub fn list_payment_methods(&self, account_id: &str) -> ApiCall<Vec<PaymentMethod>> {
        let req = ApsRequest::new(
            Method::Get,
            "services/payment-method-manager/paymentMethods",
        )
        .query(format!("accountId={}", seg(account_id)))
        .id("accountId", account_id);
        self.run(req)
    }

    fn order_request<T>(&self, path: &str, o: &NewApsOrder) -> ApsRequest<T> {
        ApsRequest::new(Method::Post, path)
            .body(o.wire())
            .issues(self.checked(rules::validate_aps_order(o)))
    }

    fn estimate_at(&self, path: &str, o: &NewApsOrder) -> ApiCall<Estimate> {
        self.run(self.order_request(path, o))
            .map(|mut e: Estimate| {
                e.issues = rules::check_estimate(&e).report().issues;
                Ok(e)
            })
    }

    /// Prices an order for the customer (`estimate`). `issues` carries a warning if
    /// `subTotal + taxTotal ≠ total`.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] before sending; otherwise any [`Error`].
    pub fn estimate_order(&self, o: &NewApsOrder) -> ApiCall<Estimate> {
        self.estimate_at(&format!("{ORDERS}/estimate"), o)
    }

    /// Prices the same order for the reseller (`estimateCosts`).
    ///
    /// # Errors
    /// As [`ApsClient::estimate_order`].
    pub fn estimate_costs(&self, o: &NewApsOrder) -> ApiCall<Estimate> {
        self.estimate_at(&format!("{ORDERS}/estimateCosts"), o)
    }

    /// Places an order; answers `{orderId}`. Never retried automatically.
    ///
    /// # Errors
    /// As [`ApsClient::estimate_order`].
    pub fn place_order(&self, o: &NewApsOrder) -> ApiCall<PlacedOrder> {
        self.run(self.order_request(ORDERS, o))
    }

    /// One order with its price lines.
    ///
    /// # Errors
    /// Any [`Error`].
    pub fn get_order(&self, order_id: &str) -> ApiCall<ApsOrder> {
        self.run(
            ApsRequest::new(Method::Get, format!("{ORDERS}/{}", seg(order_id)))
                .id("orderId", order_id),
        )
    }

    /// Polls an order until `provisioningStatus` is `COMPLETED`.
    ///
    /// # Errors
    /// [`Error::OrderFailed`] when the order is cancelled or provisioning fails;
    /// [`Error::Timeout`]; or any [`Error`] of a status request.
    pub async fn wait_for_order(
        &self,
        order_id: &str,
        poll: PollOptions,
    ) -> Result<ApsOrder, Error> {
        poll_until(self.http.runtime(), poll, |_| async move {
            let order = self.get_order(order_id).await?;
            let prov = order.provisioning_status.as_deref().unwrap_or("");
            let status = order.status.as_deref().unwrap_or("");
            if prov == "COMPLETED" {
                return Ok(PollStep::Done(order));
            }
            if matches!(prov, "FAILED" | "ERROR")
                || matches!(status, "CANCELLED" | "FAILED" | "ERROR")
            {
                return Ok(PollStep::Failed(Error::OrderFailed {
                    api: Api::CloudblueAps,
                    id: order_id.to_string(),
                    status: format!("{status}/{prov}"),
                    message: format!(
                        "order {} stopped: status {status}, provisioning {prov}",
                        order.order_number.as_deref().unwrap_or(order_id)
                    ),
                }));
            }
            Ok(PollStep::Pending)
        })
        .await
    }
}
