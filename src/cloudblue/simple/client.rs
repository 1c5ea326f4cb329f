//! The SimpleAPI client.

use std::cell::RefCell;
use std::rc::Rc;

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::catalog::{validate_order, Catalog};
use super::endpoints::{FetchSimpleToken, SimpleRequest};
use super::inputs::{
    CustomerPage, CustomerQuery, NewCustomer, NewSimpleOrder, OrderPage, OrderQuery, PageQuery,
    PlanPage, ProductPage, ProductQuery, SubscriptionPage, SubscriptionQuery,
};
use super::types::{Customer, Plan, Product, SimpleOrder, SimpleOrderStatus, SimpleSubscription};
use super::{next_offset, Paged};
use crate::api_call::ApiCall;
use crate::client::{
    bearer_headers, poll_until, require, Authenticator, EndpointTokenSource, HttpClient, PollStep,
    TokenAuth, TokenManager, TokenSource,
};
use crate::common::paging::all_pages;
use crate::error::{Api, Error};
use crate::poll::PollOptions;
use crate::secret::Secret;
use crate::validate::Issues;

/// How the client gets tokens.
#[derive(Clone)]
pub enum SimpleCredentials {
    /// API user and password, exchanged at `POST /token` for a marketplace.
    Password {
        /// API user.
        username: String,
        /// API password.
        password: Secret,
        /// Marketplace code, e.g. `us`, `eu`.
        marketplace: String,
    },
    /// Tokens from elsewhere (a backend, or a Keycloak-based deployment's own flow).
    Provider(Rc<dyn TokenSource>),
}

impl std::fmt::Debug for SimpleCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SimpleCredentials::Password {
                username,
                marketplace,
                ..
            } => f
                .debug_struct("Password")
                .field("username", username)
                .field("marketplace", marketplace)
                .finish_non_exhaustive(),
            SimpleCredentials::Provider(_) => f.write_str("Provider(..)"),
        }
    }
}

/// Client settings.
#[derive(Debug, Clone)]
pub struct SimpleConfig {
    /// Base URL including the marketplace path, e.g. `https://api.cloud.im/marketplace/eu`.
    pub base_url: String,
    /// The API gateway subscription key, sent as `X-Subscription-Key`.
    pub subscription_key: Secret,
    /// Where tokens come from.
    pub credentials: SimpleCredentials,
    /// Validate orders before sending (default true).
    pub validate: bool,
    /// Look up the ordered products (and, for add-ons, the customer's subscriptions) to check
    /// quantities, dependencies and MPN identification (default true).
    pub precheck: bool,
}

impl SimpleConfig {
    /// Settings with validation and precheck on.
    pub fn new(
        base_url: impl Into<String>,
        subscription_key: Secret,
        credentials: SimpleCredentials,
    ) -> Self {
        SimpleConfig {
            base_url: base_url.into(),
            subscription_key,
            credentials,
            validate: true,
            precheck: true,
        }
    }
}

/// Refresh a minute before expiry; SimpleAPI tokens live about 25 minutes.
const REFRESH_MARGIN_MS: i64 = 60_000;

/// The SimpleAPI client.
pub struct SimpleClient {
    http: HttpClient,
    auth: Rc<dyn Authenticator>,
    base: String,
    validate: bool,
    precheck: bool,
    catalog: RefCell<Option<Catalog>>,
}

impl std::fmt::Debug for SimpleClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimpleClient")
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

impl SimpleClient {
    /// Creates a client. Nothing is sent until the first call.
    ///
    /// # Errors
    /// [`Error::Configuration`] for a blank base URL, key or credential.
    pub fn new(config: SimpleConfig, http: HttpClient) -> Result<Self, Error> {
        let api = Api::CloudblueSimple;
        crate::client::require_base_url(api, "baseUrl", &config.base_url)?;
        if config.subscription_key.is_blank() {
            return Err(Error::Configuration {
                message: "cloudblueSimple: `subscriptionKey` is required".into(),
            });
        }
        let base = config.base_url.trim().trim_end_matches('/').to_string();
        let source: Rc<dyn TokenSource> = match config.credentials {
            SimpleCredentials::Password {
                username,
                password,
                marketplace,
            } => {
                require(api, "username", &username)?;
                require(api, "marketplace", &marketplace)?;
                if password.is_blank() {
                    return Err(Error::Configuration {
                        message: "cloudblueSimple: `password` is required".into(),
                    });
                }
                Rc::new(EndpointTokenSource {
                    http: http.clone(),
                    base: base.clone(),
                    endpoint: FetchSimpleToken {
                        username,
                        password,
                        marketplace,
                        subscription_key: config.subscription_key.clone(),
                    },
                })
            }
            SimpleCredentials::Provider(p) => p,
        };
        let tokens = TokenManager::new(
            source,
            Rc::clone(http.runtime()),
            REFRESH_MARGIN_MS,
            Some(1500),
        );
        let key = config.subscription_key;
        let auth = Rc::new(TokenAuth::new(tokens, move |token: &Secret| {
            let mut h = bearer_headers(token);
            h.set("x-subscription-key", key.expose());
            h.set("accept", "application/json");
            h
        }));
        Ok(SimpleClient {
            http,
            auth,
            base,
            validate: config.validate,
            precheck: config.precheck,
            catalog: RefCell::new(None),
        })
    }

    fn run<T: DeserializeOwned + 'static>(&self, req: SimpleRequest<T>) -> ApiCall<T> {
        ApiCall::new(&self.http, &self.auth, &self.base, req)
    }

    /// One page of a list, knowing the offset asked for (see [`super::continue_from`]).
    fn list_page<P: Paged + DeserializeOwned + 'static, Q: Serialize>(
        &self,
        path: &str,
        q: &Q,
        offset: Option<u32>,
    ) -> ApiCall<P> {
        self.run(SimpleRequest::list(path, q))
            .map(move |page: P| Ok(page.asked_at(offset.unwrap_or(0))))
    }

    /// One page of the catalog.
    ///
    /// # Errors
    /// Any [`Error`].
    pub fn list_products(&self, q: &ProductQuery) -> ApiCall<ProductPage> {
        self.list_page("products", q, q.offset)
    }

    /// Every page of the catalog matching `q`, concatenated.
    ///
    /// # Errors
    /// Any [`Error`] of any page.
    pub async fn all_products(&self, q: &ProductQuery) -> Result<Vec<Product>, Error> {
        self.all(|offset| {
            let q = ProductQuery {
                offset: Some(offset),
                ..q.clone()
            };
            async move { self.list_products(&q).await }
        })
        .await
    }

    /// Fetches pages from `offset` 0 until the last one, each item once ([`all_pages`]).
    async fn all<P, F, Fut>(&self, mut page: F) -> Result<Vec<P::Item>, Error>
    where
        P: Paged,
        P::Item: Serialize,
        F: FnMut(u32) -> Fut,
        Fut: std::future::Future<Output = Result<P, Error>>,
    {
        all_pages(Api::CloudblueSimple, 0, |cursor| {
            // Past `u32::MAX` there is no offset to ask for: that page is empty.
            let offset = u32::try_from(cursor).ok();
            let fetch = offset.map(&mut page);
            async move {
                let Some(fetch) = fetch else {
                    return Ok((Vec::new(), None));
                };
                let (data, p) = fetch.await?.into_parts();
                let next = next_offset(&p, data.len()).map(u64::from);
                Ok((data, next))
            }
        })
        .await
    }

    /// One page of customers.
    ///
    /// # Errors
    /// Any [`Error`].
    pub fn list_customers(&self, q: &CustomerQuery) -> ApiCall<CustomerPage> {
        self.list_page("customers", q, q.offset)
    }

    /// One customer.
    ///
    /// # Errors
    /// Any [`Error`].
    pub fn get_customer(&self, id: &str) -> ApiCall<Customer> {
        self.run(SimpleRequest::get("customers", id, "id"))
    }

    /// Creates a customer.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] before sending; otherwise any [`Error`]. Not retried.
    pub fn create_customer(&self, c: &NewCustomer) -> ApiCall<Customer> {
        let issues = if self.validate {
            super::super::rules::validate_simple_customer(c)
        } else {
            Issues::new()
        };
        self.run(SimpleRequest::post("customers", c.wire(), issues))
    }

    /// One page of subscriptions.
    ///
    /// # Errors
    /// Any [`Error`].
    pub fn list_subscriptions(&self, q: &SubscriptionQuery) -> ApiCall<SubscriptionPage> {
        self.list_page("subscriptions", q, q.offset)
    }

    /// One subscription, with its products.
    ///
    /// # Errors
    /// Any [`Error`].
    pub fn get_subscription(&self, id: &str) -> ApiCall<SimpleSubscription> {
        self.run(SimpleRequest::get("subscriptions", id, "id"))
    }

    /// One page of orders.
    ///
    /// # Errors
    /// Any [`Error`].
    pub fn list_orders(&self, q: &OrderQuery) -> ApiCall<OrderPage> {
        self.list_page("orders", q, q.offset)
    }

    /// One order.
    ///
    /// # Errors
    /// Any [`Error`].
    pub fn get_order(&self, id: &str) -> ApiCall<SimpleOrder> {
        self.run(SimpleRequest::get("orders", id, "id"))
    }

    /// One page of service plans.
    ///
    /// # Errors
    /// Any [`Error`].
    pub fn list_plans(&self, q: &PageQuery) -> ApiCall<PlanPage> {
        self.list_page("plans", q, q.offset)
    }

    /// One plan, with its switches.
    ///
    /// # Errors
    /// Any [`Error`].
    pub fn get_plan(&self, id: &str) -> ApiCall<Plan> {
        self.run(SimpleRequest::get("plans", id, "id"))
    }

    /// Uses these products for order validation instead of looking them up.
    pub fn set_catalog(&self, products: Vec<Product>) {
        *self.catalog.borrow_mut() = Some(Catalog::new(products));
    }

    /// The catalog for `order`: the one set, or its MPNs looked up one by one.
    async fn catalog_for(&self, order: &NewSimpleOrder) -> Result<Catalog, Error> {
        if let Some(c) = self.catalog.borrow().as_ref() {
            return Ok(c.clone());
        }
        // Distinct and sorted, in a sorted `Vec`: a set type would compile in its own code.
        let mut mpns: Vec<&str> = Vec::new();
        for p in &order.products {
            if !p.mpn.trim().is_empty() {
                if let Err(at) = mpns.binary_search(&p.mpn.as_str()) {
                    mpns.insert(at, p.mpn.as_str());
                }
            }
        }
        let mut products = Vec::new();
        for mpn in mpns {
            products.extend(
                self.all_products(&ProductQuery {
                    mpn: Some(mpn.to_string()),
                    limit: Some(100),
                    ..ProductQuery::default()
                })
                .await?,
            );
        }
        Ok(Catalog::new(products))
    }

    /// MPNs the customer already has, for add-on dependencies. Looked up only when needed.
    async fn subscribed_mpns(&self, customer_id: &str) -> Result<Vec<String>, Error> {
        let q = SubscriptionQuery {
            customer_id: Some(customer_id.to_string()),
            limit: Some(100),
            ..SubscriptionQuery::default()
        };
        let subs: Vec<SimpleSubscription> = self
            .all(|offset| {
                let q = SubscriptionQuery {
                    offset: Some(offset),
                    ..q.clone()
                };
                async move { self.list_subscriptions(&q).await }
            })
            .await?;
        let mut mpns = Vec::new();
        for s in subs.iter().filter(|s| !s.has_ended()).take(100) {
            let products = if s.products.is_empty() {
                self.get_subscription(&s.id).await?.products
            } else {
                s.products.clone()
            };
            mpns.extend(products.into_iter().map(|p| p.mpn));
        }
        Ok(mpns)
    }

    /// Validation as the client runs it before sending: static rules, then, with precheck, the
    /// catalog and (only if an add-on's base is not in the order) the customer's subscriptions.
    ///
    /// # Errors
    /// Any [`Error`] of the lookups.
    pub async fn check_order(&self, order: &NewSimpleOrder) -> Result<Issues, Error> {
        if !self.validate {
            return Ok(Issues::new());
        }
        let basic = validate_order(order, None, &[]);
        if basic.has_errors() || !self.precheck {
            return Ok(basic);
        }
        let catalog = self.catalog_for(order).await?;
        let first = validate_order(order, Some(&catalog), &[]);
        if !first
            .clone()
            .report()
            .issues
            .iter()
            .any(|i| i.code == "dependency_missing")
        {
            return Ok(first);
        }
        let subscribed = self.subscribed_mpns(&order.customer_id).await?;
        Ok(validate_order(order, Some(&catalog), &subscribed))
    }

    /// Places an order. Never retried automatically.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] before sending; otherwise any [`Error`].
    pub async fn create_order(&self, order: &NewSimpleOrder) -> Result<SimpleOrder, Error> {
        let issues = self.check_order(order).await?;
        self.run(SimpleRequest::post("orders", order.wire(), issues))
            .await
    }

    /// Prices an order without placing it (`POST /orders/estimate`).
    ///
    /// # Errors
    /// As [`SimpleClient::create_order`].
    pub async fn estimate_order(&self, order: &NewSimpleOrder) -> Result<SimpleOrder, Error> {
        let issues = self.check_order(order).await?;
        self.run(SimpleRequest::post("orders/estimate", order.wire(), issues))
            .await
    }

    /// Polls an order until `completed` (returning it) or `error`/`cancelled`.
    ///
    /// # Errors
    /// [`Error::OrderFailed`], [`Error::Timeout`], or any [`Error`] of a status request.
    pub async fn wait_for_order(&self, id: &str, poll: PollOptions) -> Result<SimpleOrder, Error> {
        poll_until(self.http.runtime(), poll, |_| async move {
            let order = self.get_order(id).await?;
            Ok(match &order.status {
                Some(SimpleOrderStatus::Completed) => PollStep::Done(order),
                Some(s @ (SimpleOrderStatus::Error | SimpleOrderStatus::Cancelled)) => {
                    PollStep::Failed(Error::OrderFailed {
                        api: Api::CloudblueSimple,
                        id: id.to_string(),
                        status: s.to_string(),
                        message: format!(
                            "order {} ended {s} (status code {})",
                            order.order_number.as_deref().unwrap_or(id),
                            order.status_code.as_deref().unwrap_or("?")
                        ),
                    })
                }
                _ => PollStep::Pending,
            })
        })
        .await
    }
}
