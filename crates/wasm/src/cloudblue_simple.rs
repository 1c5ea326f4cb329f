//! `CloudBlueSimpleClient` for JavaScript.

use std::future::Future;
use std::rc::Rc;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tsify::Tsify;
use wasm_bindgen::prelude::*;

use super::convert::{arg_str, from_json, to_json, JsOnly};
use super::error::Failure;
use super::host::{token_source, Host, Pending};
use super::options::{
    call_json, client_options, guard_browser_secret, options, promise, promise_with, report_json,
    request, CommonClientOptions, TextFuture,
};
use super::pager::{pager, FetchPage, JsPager};
use partner_ordering::cloudblue::simple::{
    next_offset, validate_order, Catalog, CustomerQuery, NewCustomer, NewSimpleOrder, OrderQuery,
    PageQuery, Paged, Product, ProductQuery, SimpleClient, SimpleConfig, SimpleCredentials,
    SubscriptionQuery,
};
use partner_ordering::error::{Api, Error};
use partner_ordering::secret::Secret;
use partner_ordering::validate::ValidationReport;

const API: Api = Api::CloudblueSimple;

/// Options for `new CloudBlueSimpleClient(…)`. Give `username` + `password` + `marketplace`,
/// or `tokenProvider`.
#[derive(Tsify, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SimpleClientOptions {
    /// Base URL with the marketplace path, e.g. `https://api.cloud.im/marketplace/eu`.
    pub base_url: String,
    /// API gateway subscription key (`X-Subscription-Key`).
    #[tsify(type = "string")]
    pub subscription_key: Secret,
    /// API user.
    #[serde(default)]
    #[tsify(optional)]
    pub username: Option<String>,
    /// API password. Refused in browser pages unless `dangerouslyAllowBrowser`.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    pub password: Option<Secret>,
    /// Marketplace code, e.g. `us`.
    #[serde(default)]
    #[tsify(optional)]
    pub marketplace: Option<String>,
    /// Supplies bearer tokens instead of a password.
    #[serde(default)]
    #[tsify(
        optional,
        type = "() => Promise<string | { accessToken: string; expiresIn?: number }>"
    )]
    pub token_provider: Option<JsOnly>,
    /// Look up the ordered products (and the customer's subscriptions for add-ons) first (default true).
    #[serde(default)]
    #[tsify(optional)]
    pub precheck: Option<bool>,
    /// Transport, clock, timeouts, retries, validation, browser guard.
    #[serde(flatten)]
    pub common: CommonClientOptions,
}

/// What `validateOrder` may check against.
#[derive(Tsify, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct CatalogContext {
    /// The catalog (e.g. from `iterateProducts`).
    #[serde(default)]
    #[tsify(optional)]
    pub products: Option<Vec<Product>>,
    /// MPNs the customer already subscribes to.
    #[serde(default)]
    #[tsify(optional)]
    pub subscribed_mpns: Vec<String>,
}

/// Client for the CloudBlue Commerce SimpleAPI (catalog, customers, subscriptions, orders).
#[wasm_bindgen(js_name = CloudBlueSimpleClient)]
pub struct JsSimpleClient {
    inner: Rc<SimpleClient>,
}

/// The keys of [`SimpleClientOptions`] besides the common ones.
pub const OPTION_KEYS: &[&str] = &[
    "baseUrl",
    "subscriptionKey",
    "username",
    "password",
    "marketplace",
    "tokenProvider",
    "precheck",
];

fn build(options: &str, host: &Host) -> Result<SimpleClient, Error> {
    let o: SimpleClientOptions =
        client_options(API, "CloudBlueSimpleClient options", options, OPTION_KEYS)?;
    let has_provider = o.token_provider.is_some();
    let credentials = match (o.token_provider, o.username, o.password) {
        (Some(JsOnly), _, _) => SimpleCredentials::Provider(token_source(host, "tokenProvider")),
        (None, Some(username), Some(password)) => {
            guard_browser_secret(host, API, true, o.common.dangerously_allow_browser)?;
            SimpleCredentials::Password {
                username,
                password,
                marketplace: o.marketplace.unwrap_or_default(),
            }
        }
        _ => {
            return Err(Error::Configuration {
                message: "cloudblueSimple: give `username`, `password` and `marketplace`, or a `tokenProvider`".into(),
            })
        }
    };
    guard_browser_secret(
        host,
        API,
        !o.subscription_key.is_blank(),
        o.common.dangerously_allow_browser || has_provider,
    )?;
    let http = o.common.http(host);
    let mut cfg = SimpleConfig::new(o.base_url, o.subscription_key, credentials);
    cfg.validate = o.common.validate();
    cfg.precheck = o.precheck.unwrap_or(true);
    SimpleClient::new(cfg, http)
}

/// A pager over any SimpleAPI list: `fetch(offset)` gives one page, requested with the
/// per-call options `opts`.
fn paged<P, F, Fut>(opts: Option<String>, fetch: F) -> Result<JsPager, Failure>
where
    P: Paged + 'static,
    P::Item: Serialize + 'static,
    F: Fn(u32) -> Fut + 'static,
    Fut: Future<Output = Result<P, Error>> + 'static,
{
    let page: FetchPage<P::Item> = Rc::new(move |cursor| {
        let fut = fetch(u32::try_from(cursor).unwrap_or(u32::MAX));
        Box::pin(async move {
            let (items, p) = fut.await?.into_parts();
            let next = next_offset(&p, items.len()).map(u64::from);
            Ok((items, next))
        })
    });
    pager(API, opts, page, 0)
}

/// A call taking a query (`null`/absent → no filters).
fn with_query<Q, T, F, Fut>(
    c: Rc<SimpleClient>,
    query: Option<String>,
    opts: Option<String>,
    stop: Option<Pending>,
    f: F,
) -> Result<TextFuture, Failure>
where
    Q: DeserializeOwned + Default,
    T: Serialize + 'static,
    F: FnOnce(Rc<SimpleClient>, Q) -> Fut,
    Fut: Future<Output = Result<T, Error>> + 'static,
{
    let q: Q = options(API, "query", query)?;
    request(API, opts, stop, f(c, q))
}

/// A call taking a string id.
fn by_id<T, F, Fut>(
    c: Rc<SimpleClient>,
    id: String,
    opts: Option<String>,
    stop: Option<Pending>,
    f: F,
) -> Result<TextFuture, Failure>
where
    T: Serialize + 'static,
    F: FnOnce(Rc<SimpleClient>, String) -> Fut,
    Fut: Future<Output = Result<T, Error>> + 'static,
{
    let id = arg_str(API, "id", &id)?;
    request(API, opts, stop, f(c, id))
}

/// A call taking a request body of type `B`.
fn with_body<B, T, F, Fut>(
    c: Rc<SimpleClient>,
    what: &'static str,
    body: String,
    opts: Option<String>,
    stop: Option<Pending>,
    f: F,
) -> Result<TextFuture, Failure>
where
    B: DeserializeOwned,
    T: Serialize + 'static,
    F: FnOnce(Rc<SimpleClient>, B) -> Fut,
    Fut: Future<Output = Result<T, Error>> + 'static,
{
    let b: B = from_json(API, what, &body)?;
    request(API, opts, stop, f(c, b))
}

#[wasm_bindgen(js_class = CloudBlueSimpleClient)]
impl JsSimpleClient {
    /// Creates a client; throws `CONFIGURATION_ERROR` for missing settings.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "SimpleClientOptions")] options: String,
        _host: Host,
    ) -> Result<JsSimpleClient, Failure> {
        Ok(JsSimpleClient {
            inner: Rc::new(build(&options, &_host)?),
        })
    }

    /// One page of the catalog (`offset`, `limit`, filters by name, serviceName, mpn, vendor).
    #[wasm_bindgen(js_name = listProducts, unchecked_return_type = "Promise<ProductPage>")]
    pub fn list_products(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ProductQuery")] query: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        promise(with_query(
            Rc::clone(&self.inner),
            query,
            options,
            _stop,
            |c, q: ProductQuery| async move { c.list_products(&q).await },
        ))
    }

    /// Every product matching the filters, page by page: `for await (const p of client.iterateProducts())`.
    #[wasm_bindgen(js_name = iterateProducts, unchecked_return_type = "AsyncIterableIterator<Product>")]
    pub fn iterate_products(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ProductQuery")] query: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
    ) -> Result<JsPager, Failure> {
        let q: ProductQuery = super::options::options(API, "query", query)?;
        let c = Rc::clone(&self.inner);
        paged(options, move |offset| {
            let (c, q) = (
                Rc::clone(&c),
                ProductQuery {
                    offset: Some(offset),
                    ..q.clone()
                },
            );
            async move { c.list_products(&q).await }
        })
    }

    /// One page of customers.
    #[wasm_bindgen(js_name = listCustomers, unchecked_return_type = "Promise<CustomerPage>")]
    pub fn list_customers(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CustomerQuery")] query: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        promise(with_query(
            Rc::clone(&self.inner),
            query,
            options,
            _stop,
            |c, q: CustomerQuery| async move { c.list_customers(&q).await },
        ))
    }

    /// Every customer matching the filters.
    #[wasm_bindgen(js_name = iterateCustomers, unchecked_return_type = "AsyncIterableIterator<Customer>")]
    pub fn iterate_customers(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CustomerQuery")] query: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
    ) -> Result<JsPager, Failure> {
        let q: CustomerQuery = super::options::options(API, "query", query)?;
        let c = Rc::clone(&self.inner);
        paged(options, move |offset| {
            let (c, q) = (
                Rc::clone(&c),
                CustomerQuery {
                    offset: Some(offset),
                    ..q.clone()
                },
            );
            async move { c.list_customers(&q).await }
        })
    }

    /// One customer.
    #[wasm_bindgen(js_name = getCustomer, unchecked_return_type = "Promise<Customer>")]
    pub fn get_customer(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        promise(by_id(
            Rc::clone(&self.inner),
            id,
            options,
            _stop,
            |c, id| async move { c.get_customer(&id).await },
        ))
    }

    /// Creates a customer (validated first).
    #[wasm_bindgen(js_name = createCustomer, unchecked_return_type = "Promise<Customer>")]
    pub fn create_customer(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NewCustomer")] customer: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        promise(with_body(
            Rc::clone(&self.inner),
            "customer",
            customer,
            options,
            _stop,
            |c, n: NewCustomer| async move { c.create_customer(&n).await },
        ))
    }

    /// One page of subscriptions.
    #[wasm_bindgen(js_name = listSubscriptions, unchecked_return_type = "Promise<SubscriptionPage>")]
    pub fn list_subscriptions(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "SubscriptionQuery")] query: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        promise(with_query(
            Rc::clone(&self.inner),
            query,
            options,
            _stop,
            |c, q: SubscriptionQuery| async move { c.list_subscriptions(&q).await },
        ))
    }

    /// Every subscription matching the filters.
    #[wasm_bindgen(js_name = iterateSubscriptions, unchecked_return_type = "AsyncIterableIterator<SimpleSubscription>")]
    pub fn iterate_subscriptions(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "SubscriptionQuery")] query: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
    ) -> Result<JsPager, Failure> {
        let q: SubscriptionQuery = super::options::options(API, "query", query)?;
        let c = Rc::clone(&self.inner);
        paged(options, move |offset| {
            let (c, q) = (
                Rc::clone(&c),
                SubscriptionQuery {
                    offset: Some(offset),
                    ..q.clone()
                },
            );
            async move { c.list_subscriptions(&q).await }
        })
    }

    /// One subscription with its products.
    #[wasm_bindgen(js_name = getSubscription, unchecked_return_type = "Promise<SimpleSubscription>")]
    pub fn get_subscription(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        promise(by_id(
            Rc::clone(&self.inner),
            id,
            options,
            _stop,
            |c, id| async move { c.get_subscription(&id).await },
        ))
    }

    /// One page of orders.
    #[wasm_bindgen(js_name = listOrders, unchecked_return_type = "Promise<OrderPage>")]
    pub fn list_orders(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "OrderQuery")] query: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        promise(with_query(
            Rc::clone(&self.inner),
            query,
            options,
            _stop,
            |c, q: OrderQuery| async move { c.list_orders(&q).await },
        ))
    }

    /// Every order matching the filters.
    #[wasm_bindgen(js_name = iterateOrders, unchecked_return_type = "AsyncIterableIterator<SimpleOrder>")]
    pub fn iterate_orders(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "OrderQuery")] query: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
    ) -> Result<JsPager, Failure> {
        let q: OrderQuery = super::options::options(API, "query", query)?;
        let c = Rc::clone(&self.inner);
        paged(options, move |offset| {
            let (c, q) = (
                Rc::clone(&c),
                OrderQuery {
                    offset: Some(offset),
                    ..q.clone()
                },
            );
            async move { c.list_orders(&q).await }
        })
    }

    /// One order.
    #[wasm_bindgen(js_name = getOrder, unchecked_return_type = "Promise<SimpleOrder>")]
    pub fn get_order(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        promise(by_id(
            Rc::clone(&self.inner),
            id,
            options,
            _stop,
            |c, id| async move { c.get_order(&id).await },
        ))
    }

    /// Places an order after checking it against the catalog. Never retried automatically.
    #[wasm_bindgen(js_name = createOrder, unchecked_return_type = "Promise<SimpleOrder>")]
    pub fn create_order(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NewSimpleOrder")] order: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        promise(with_body(
            Rc::clone(&self.inner),
            "order",
            order,
            options,
            _stop,
            |c, o: NewSimpleOrder| async move { c.create_order(&o).await },
        ))
    }

    /// Prices an order without placing it.
    #[wasm_bindgen(js_name = estimateOrder, unchecked_return_type = "Promise<SimpleOrder>")]
    pub fn estimate_order(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NewSimpleOrder")] order: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        promise(with_body(
            Rc::clone(&self.inner),
            "order",
            order,
            options,
            _stop,
            |c, o: NewSimpleOrder| async move { c.estimate_order(&o).await },
        ))
    }

    /// Polls an order until `completed`; rejects with `ORDER_FAILED` on `error` or `cancelled`.
    #[wasm_bindgen(js_name = waitForOrder, unchecked_return_type = "Promise<SimpleOrder>")]
    pub fn wait_for_order(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: String,
        #[wasm_bindgen(unchecked_optional_param_type = "WaitOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        let c = Rc::clone(&self.inner);
        promise_with(move || {
            let id = arg_str(API, "id", &id)?;
            let (poll, settings) = super::options::wait_settings(API, options)?;
            Ok(call_json(_stop, settings, async move {
                c.wait_for_order(&id, poll).await
            }))
        })
    }

    /// One page of service plans.
    #[wasm_bindgen(js_name = listPlans, unchecked_return_type = "Promise<PlanPage>")]
    pub fn list_plans(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "PageQuery")] query: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        promise(with_query(
            Rc::clone(&self.inner),
            query,
            options,
            _stop,
            |c, q: PageQuery| async move { c.list_plans(&q).await },
        ))
    }

    /// One plan with its possible switches.
    #[wasm_bindgen(js_name = getPlan, unchecked_return_type = "Promise<Plan>")]
    pub fn get_plan(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        promise(by_id(
            Rc::clone(&self.inner),
            id,
            options,
            _stop,
            |c, id| async move { c.get_plan(&id).await },
        ))
    }

    /// Uses these products for order checks instead of looking them up.
    #[wasm_bindgen(js_name = setCatalog, unchecked_return_type = "undefined")]
    pub fn set_catalog(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Product[]")] products: String,
    ) -> Result<String, Failure> {
        let list: Vec<Product> = from_json(API, "products", &products)?;
        self.inner.set_catalog(list);
        Ok("null".into())
    }

    /// Checks an order without sending it: quantities, MPN identification and dependencies when
    /// `context.products` is given. Never throws.
    #[wasm_bindgen(js_name = validateOrder, unchecked_return_type = "ValidationReport")]
    pub fn validate_order(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NewSimpleOrder")] order: String,
        #[wasm_bindgen(unchecked_optional_param_type = "CatalogContext")] context: Option<String>,
    ) -> Result<String, Failure> {
        let ctx: CatalogContext = match options(API, "catalog context", context) {
            Ok(c) => c,
            Err(e) => return to_json(&ValidationReport::from_error(&e)),
        };
        let catalog = ctx.products.map(Catalog::new);
        report_json(API, "order", &order, |o: &NewSimpleOrder| {
            validate_order(o, catalog.as_ref(), &ctx.subscribed_mpns)
        })
    }

    /// Checks a new customer without sending it. Never throws.
    #[wasm_bindgen(js_name = validateCustomer, unchecked_return_type = "ValidationReport")]
    pub fn validate_customer(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NewCustomer")] customer: String,
    ) -> Result<String, Failure> {
        report_json(
            API,
            "customer",
            &customer,
            partner_ordering::cloudblue::rules::validate_simple_customer,
        )
    }
}
