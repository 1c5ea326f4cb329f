//! `CloudBlueSimpleClient` for JavaScript.

use std::future::Future;
use std::rc::Rc;

use partner_ordering_json::Deserialize;

use serde::Serialize;
use tsify::Tsify;
use wasm_bindgen::prelude::*;

use super::calls::client_calls;
use super::convert::{arg_str, from_json, to_json, JsOnly};
use super::error::Failure;
use super::host::{token_source, Host};
use super::options::{
    client_options, guard_browser_secret, options, report_json, CommonClientOptions,
};
use super::pager::{pager, FetchPage, JsPager};
use partner_ordering::cloudblue::simple::{
    next_offset, validate_order, Catalog, CustomerQuery, NewSimpleOrder, OrderQuery, Paged,
    Product, ProductQuery, SimpleClient, SimpleConfig, SimpleCredentials, SubscriptionQuery,
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
    // Read by `client_options` on its own: a flattened field would buffer every option. Skipped,
    // tsify leaves it out, and scripts/gen-dts.mjs puts `extends CommonClientOptions` back.
    #[serde(flatten, skip_deserializing)]
    pub common: CommonClientOptions,
}

impl crate::options::WithCommon for SimpleClientOptions {
    fn common_mut(&mut self) -> &mut CommonClientOptions {
        &mut self.common
    }
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
    let o: SimpleClientOptions = client_options(
        API,
        "CloudBlueSimpleClient options",
        options,
        OPTION_KEYS,
        None,
    )?;
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

client_calls! {
    JsSimpleClient as CloudBlueSimpleClient, API;

    /// One page of the catalog (`offset`, `limit`, filters by name, serviceName, mpn, vendor).
    listProducts = list_products(query?: "ProductQuery" = options, options)
        -> "Promise<ProductPage>" => |c| c.list_products(&query);
    /// One page of customers.
    listCustomers = list_customers(query?: "CustomerQuery" = options, options)
        -> "Promise<CustomerPage>" => |c| c.list_customers(&query);
    /// One customer.
    getCustomer = get_customer(id: "string" = arg_str, options)
        -> "Promise<Customer>" => |c| c.get_customer(&id);
    /// Creates a customer (validated first).
    createCustomer = create_customer(customer: "NewCustomer" = from_json, options)
        -> "Promise<Customer>" => |c| c.create_customer(&customer);
    /// One page of subscriptions.
    listSubscriptions = list_subscriptions(query?: "SubscriptionQuery" = options, options)
        -> "Promise<SubscriptionPage>" => |c| c.list_subscriptions(&query);
    /// One subscription with its products.
    getSubscription = get_subscription(id: "string" = arg_str, options)
        -> "Promise<SimpleSubscription>" => |c| c.get_subscription(&id);
    /// One page of orders.
    listOrders = list_orders(query?: "OrderQuery" = options, options)
        -> "Promise<OrderPage>" => |c| c.list_orders(&query);
    /// One order.
    getOrder = get_order(id: "string" = arg_str, options)
        -> "Promise<SimpleOrder>" => |c| c.get_order(&id);
    /// Places an order after checking it against the catalog. Never retried automatically.
    createOrder = create_order(order: "NewSimpleOrder" = from_json, options)
        -> "Promise<SimpleOrder>" => async |c| c.create_order(&order);
    /// Prices an order without placing it.
    estimateOrder = estimate_order(order: "NewSimpleOrder" = from_json, options)
        -> "Promise<SimpleOrder>" => async |c| c.estimate_order(&order);
    /// Polls an order until `completed`; rejects with `ORDER_FAILED` on `error` or `cancelled`.
    waitForOrder = wait_for_order(id: "string" = arg_str, wait => poll)
        -> "Promise<SimpleOrder>" => async |c| c.wait_for_order(&id, poll);
    /// One page of service plans.
    listPlans = list_plans(query?: "PageQuery" = options, options)
        -> "Promise<PlanPage>" => |c| c.list_plans(&query);
    /// One plan with its possible switches.
    getPlan = get_plan(id: "string" = arg_str, options)
        -> "Promise<Plan>" => |c| c.get_plan(&id);
}
