//! `CloudBlueSimpleClient` for JavaScript.

use super::convert::Str;
use std::rc::Rc;

use serde::Deserialize;
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

use super::convert::{from_js, to_js, to_value};
use super::options::{
    call_js, client_options, guard_browser_secret, options, report_js, run_with, ClientOptions,
    CommonClientOptions, JsTokenProvider, RequestOptions, WaitOptions,
};
use super::pager::{async_iterator, FetchPage};
use crate::cloudblue::simple::{
    next_offset, validate_order, Catalog, Customer, CustomerPage, CustomerQuery, NewCustomer,
    NewSimpleOrder, OrderPage, OrderQuery, PageQuery, Paged, Plan, PlanPage, Product, ProductPage,
    ProductQuery, SimpleClient, SimpleConfig, SimpleCredentials, SimpleOrder, SimpleSubscription,
    SubscriptionPage, SubscriptionQuery,
};
use crate::error::{Api, Error};
use crate::secret::Secret;
use crate::validate::ValidationReport;

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
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    #[tsify(
        optional,
        type = "() => Promise<string | { accessToken: string; expiresIn?: number }>"
    )]
    pub token_provider: JsValue,
    /// Look up the ordered products (and the customer's subscriptions for add-ons) first (default true).
    #[serde(default)]
    #[tsify(optional)]
    pub precheck: Option<bool>,
    /// Transport, clock, timeouts, retries, validation, browser guard.
    #[serde(flatten)]
    pub common: CommonClientOptions,
}

impl ClientOptions for SimpleClientOptions {
    const FUNCTION_FIELDS: &'static [&'static str] = &["tokenProvider"];
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

fn build(options: Ts<SimpleClientOptions>) -> Result<SimpleClient, Error> {
    let o: SimpleClientOptions =
        client_options(API, "CloudBlueSimpleClient options", options.js_value())?;
    let credentials = match (o.token_provider.dyn_ref::<js_sys::Function>(), o.username, o.password) {
        (Some(f), _, _) => SimpleCredentials::Provider(Rc::new(JsTokenProvider(f.clone()))),
        (None, Some(username), Some(password)) => {
            guard_browser_secret(API, true, o.common.dangerously_allow_browser)?;
            SimpleCredentials::Password { username, password, marketplace: o.marketplace.unwrap_or_default() }
        }
        _ => return Err(Error::Configuration { message: "cloudblueSimple: give `username`, `password` and `marketplace`, or a `tokenProvider`".into() }),
    };
    guard_browser_secret(
        API,
        !o.subscription_key.is_blank(),
        o.common.dangerously_allow_browser || !o.token_provider.is_undefined(),
    )?;
    let http = o.common.http()?;
    let mut cfg = SimpleConfig::new(o.base_url, o.subscription_key, credentials);
    cfg.validate = o.common.validate();
    cfg.precheck = o.precheck.unwrap_or(true);
    SimpleClient::new(cfg, http)
}

/// A pager over any SimpleAPI list: `fetch(offset)` gives one page.
fn paged<P, F, Fut>(fetch: F) -> JsValue
where
    P: Paged + 'static,
    P::Item: serde::Serialize,
    F: Fn(u32) -> Fut + 'static,
    Fut: std::future::Future<Output = Result<P, Error>> + 'static,
{
    let fetch = Rc::new(fetch);
    let page: FetchPage = Rc::new(move |cursor| {
        let fetch = Rc::clone(&fetch);
        Box::pin(async move {
            let (items, p) = fetch(u32::try_from(cursor).unwrap_or(u32::MAX))
                .await?
                .into_parts();
            let next = next_offset(&p, items.len()).map(u64::from);
            let values = items
                .iter()
                .map(|i| to_value(i).unwrap_or(JsValue::NULL))
                .collect();
            Ok((values, next))
        })
    });
    async_iterator(page, 0)
}

macro_rules! query {
    ($ty:ty, $q:expr) => {
        options::<$ty>(API, "query", $q.map(|q| q.js_value()))?
    };
}

#[wasm_bindgen(js_class = CloudBlueSimpleClient)]
impl JsSimpleClient {
    /// Creates a client; throws `CONFIGURATION_ERROR` for missing settings.
    #[wasm_bindgen(constructor)]
    pub fn new(options: Ts<SimpleClientOptions>) -> Result<JsSimpleClient, JsValue> {
        Ok(JsSimpleClient {
            inner: Rc::new(build(options)?),
        })
    }

    /// One page of the catalog (`offset`, `limit`, filters by name, serviceName, mpn, vendor).
    #[wasm_bindgen(js_name = listProducts)]
    pub async fn list_products(
        &self,
        query: Option<Ts<ProductQuery>>,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<ProductPage>, JsValue> {
        let (c, q) = (Rc::clone(&self.inner), query!(ProductQuery, query));
        call_js(API, options, async move { c.list_products(&q).await }).await
    }

    /// Every product matching the filters, page by page: `for await (const p of client.iterateProducts())`.
    #[wasm_bindgen(js_name = iterateProducts, unchecked_return_type = "AsyncIterableIterator<Product>")]
    pub fn iterate_products(&self, query: Option<Ts<ProductQuery>>) -> Result<JsValue, JsValue> {
        let (c, q) = (Rc::clone(&self.inner), query!(ProductQuery, query));
        Ok(paged(move |offset| {
            let (c, q) = (
                Rc::clone(&c),
                ProductQuery {
                    offset: Some(offset),
                    ..q.clone()
                },
            );
            async move { c.list_products(&q).await }
        }))
    }

    /// One page of customers.
    #[wasm_bindgen(js_name = listCustomers)]
    pub async fn list_customers(
        &self,
        query: Option<Ts<CustomerQuery>>,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<CustomerPage>, JsValue> {
        let (c, q) = (Rc::clone(&self.inner), query!(CustomerQuery, query));
        call_js(API, options, async move { c.list_customers(&q).await }).await
    }

    /// Every customer matching the filters.
    #[wasm_bindgen(js_name = iterateCustomers, unchecked_return_type = "AsyncIterableIterator<Customer>")]
    pub fn iterate_customers(&self, query: Option<Ts<CustomerQuery>>) -> Result<JsValue, JsValue> {
        let (c, q) = (Rc::clone(&self.inner), query!(CustomerQuery, query));
        Ok(paged(move |offset| {
            let (c, q) = (
                Rc::clone(&c),
                CustomerQuery {
                    offset: Some(offset),
                    ..q.clone()
                },
            );
            async move { c.list_customers(&q).await }
        }))
    }

    /// One customer.
    #[wasm_bindgen(js_name = getCustomer)]
    pub async fn get_customer(
        &self,
        id: Str,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<Customer>, JsValue> {
        let id = id.text(API, "id")?;
        let c = Rc::clone(&self.inner);
        call_js(API, options, async move { c.get_customer(&id).await }).await
    }

    /// Creates a customer (validated first).
    #[wasm_bindgen(js_name = createCustomer)]
    pub async fn create_customer(
        &self,
        customer: Ts<NewCustomer>,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<Customer>, JsValue> {
        let (c, n) = (
            Rc::clone(&self.inner),
            from_js::<NewCustomer>(API, "customer", customer.js_value())?,
        );
        call_js(API, options, async move { c.create_customer(&n).await }).await
    }

    /// One page of subscriptions.
    #[wasm_bindgen(js_name = listSubscriptions)]
    pub async fn list_subscriptions(
        &self,
        query: Option<Ts<SubscriptionQuery>>,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<SubscriptionPage>, JsValue> {
        let (c, q) = (Rc::clone(&self.inner), query!(SubscriptionQuery, query));
        call_js(API, options, async move { c.list_subscriptions(&q).await }).await
    }

    /// Every subscription matching the filters.
    #[wasm_bindgen(js_name = iterateSubscriptions, unchecked_return_type = "AsyncIterableIterator<SimpleSubscription>")]
    pub fn iterate_subscriptions(
        &self,
        query: Option<Ts<SubscriptionQuery>>,
    ) -> Result<JsValue, JsValue> {
        let (c, q) = (Rc::clone(&self.inner), query!(SubscriptionQuery, query));
        Ok(paged(move |offset| {
            let (c, q) = (
                Rc::clone(&c),
                SubscriptionQuery {
                    offset: Some(offset),
                    ..q.clone()
                },
            );
            async move { c.list_subscriptions(&q).await }
        }))
    }

    /// One subscription with its products.
    #[wasm_bindgen(js_name = getSubscription)]
    pub async fn get_subscription(
        &self,
        id: Str,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<SimpleSubscription>, JsValue> {
        let id = id.text(API, "id")?;
        let c = Rc::clone(&self.inner);
        call_js(API, options, async move { c.get_subscription(&id).await }).await
    }

    /// One page of orders.
    #[wasm_bindgen(js_name = listOrders)]
    pub async fn list_orders(
        &self,
        query: Option<Ts<OrderQuery>>,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<OrderPage>, JsValue> {
        let (c, q) = (Rc::clone(&self.inner), query!(OrderQuery, query));
        call_js(API, options, async move { c.list_orders(&q).await }).await
    }

    /// Every order matching the filters.
    #[wasm_bindgen(js_name = iterateOrders, unchecked_return_type = "AsyncIterableIterator<SimpleOrder>")]
    pub fn iterate_orders(&self, query: Option<Ts<OrderQuery>>) -> Result<JsValue, JsValue> {
        let (c, q) = (Rc::clone(&self.inner), query!(OrderQuery, query));
        Ok(paged(move |offset| {
            let (c, q) = (
                Rc::clone(&c),
                OrderQuery {
                    offset: Some(offset),
                    ..q.clone()
                },
            );
            async move { c.list_orders(&q).await }
        }))
    }

    /// One order.
    #[wasm_bindgen(js_name = getOrder)]
    pub async fn get_order(
        &self,
        id: Str,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<SimpleOrder>, JsValue> {
        let id = id.text(API, "id")?;
        let c = Rc::clone(&self.inner);
        call_js(API, options, async move { c.get_order(&id).await }).await
    }

    /// Places an order after checking it against the catalog. Never retried automatically.
    #[wasm_bindgen(js_name = createOrder)]
    pub async fn create_order(
        &self,
        order: Ts<NewSimpleOrder>,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<SimpleOrder>, JsValue> {
        let (c, o) = (
            Rc::clone(&self.inner),
            from_js::<NewSimpleOrder>(API, "order", order.js_value())?,
        );
        call_js(API, options, async move { c.create_order(&o).await }).await
    }

    /// Prices an order without placing it.
    #[wasm_bindgen(js_name = estimateOrder)]
    pub async fn estimate_order(
        &self,
        order: Ts<NewSimpleOrder>,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<SimpleOrder>, JsValue> {
        let (c, o) = (
            Rc::clone(&self.inner),
            from_js::<NewSimpleOrder>(API, "order", order.js_value())?,
        );
        call_js(API, options, async move { c.estimate_order(&o).await }).await
    }

    /// Polls an order until `completed`; rejects with `ORDER_FAILED` on `error` or `cancelled`.
    #[wasm_bindgen(js_name = waitForOrder)]
    pub async fn wait_for_order(
        &self,
        id: Str,
        options: Option<Ts<WaitOptions>>,
    ) -> Result<Ts<SimpleOrder>, JsValue> {
        let id = id.text(API, "id")?;
        let o: WaitOptions = options_wait(options)?;
        let (c, poll) = (Rc::clone(&self.inner), o.poll());
        to_js(
            &run_with(
                &o.signal,
                None,
                async move { c.wait_for_order(&id, poll).await },
            )
            .await?,
        )
    }

    /// One page of service plans.
    #[wasm_bindgen(js_name = listPlans)]
    pub async fn list_plans(
        &self,
        query: Option<Ts<PageQuery>>,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<PlanPage>, JsValue> {
        let (c, q) = (Rc::clone(&self.inner), query!(PageQuery, query));
        call_js(API, options, async move { c.list_plans(&q).await }).await
    }

    /// One plan with its possible switches.
    #[wasm_bindgen(js_name = getPlan)]
    pub async fn get_plan(
        &self,
        id: Str,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<Plan>, JsValue> {
        let id = id.text(API, "id")?;
        let c = Rc::clone(&self.inner);
        call_js(API, options, async move { c.get_plan(&id).await }).await
    }

    /// Uses these products for order checks instead of looking them up.
    #[wasm_bindgen(js_name = setCatalog)]
    pub fn set_catalog(&self, products: Vec<Ts<Product>>) -> Result<(), JsValue> {
        let list = products
            .into_iter()
            .map(|p| from_js::<Product>(API, "product", p.js_value()))
            .collect::<Result<Vec<_>, _>>()?;
        self.inner.set_catalog(list);
        Ok(())
    }

    /// Checks an order without sending it: quantities, MPN identification and dependencies when
    /// `context.products` is given. Never throws.
    #[wasm_bindgen(js_name = validateOrder)]
    pub fn validate_order(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NewSimpleOrder")] order: JsValue,
        context: Option<Ts<CatalogContext>>,
    ) -> Result<Ts<ValidationReport>, JsValue> {
        let ctx: CatalogContext =
            match options(API, "catalog context", context.map(|c| c.js_value())) {
                Ok(c) => c,
                Err(e) => return to_js(&ValidationReport::from_error(&e)),
            };
        let catalog = ctx.products.map(Catalog::new);
        report_js(API, "order", order, |o: &NewSimpleOrder| {
            validate_order(o, catalog.as_ref(), &ctx.subscribed_mpns)
        })
    }

    /// Checks a new customer without sending it. Never throws.
    #[wasm_bindgen(js_name = validateCustomer)]
    pub fn validate_customer(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NewCustomer")] customer: JsValue,
    ) -> Result<Ts<ValidationReport>, JsValue> {
        report_js(
            API,
            "customer",
            customer,
            crate::cloudblue::rules::validate_simple_customer,
        )
    }
}

fn options_wait(o: Option<Ts<WaitOptions>>) -> Result<WaitOptions, Error> {
    options(API, "wait options", o.map(|o| o.js_value()))
}
