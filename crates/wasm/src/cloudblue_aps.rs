//! `CloudBlueApsClient` for JavaScript.

use std::rc::Rc;

use serde::Deserialize;
use tsify::Tsify;
use wasm_bindgen::prelude::*;

use super::convert::{arg_str, from_json, to_json, JsOnly};
use super::error::Failure;
use super::host::{token_source, Host, Pending};
use super::options::{
    call_json, client_options, guard_browser_secret, promise_with, report_json, request,
    CommonClientOptions,
};
use super::pager::{pager, FetchPage, JsPager};
use super::rql::query_text;
use partner_ordering::cloudblue::aps::{
    ApsClient, ApsConfig, ApsCredentials, ApsOrder, ApsSubscription, ApsSubscriptionQuery,
    NewApsCustomer, NewApsOrder, NewStaffMember,
};
use partner_ordering::cloudblue::rules;
use partner_ordering::error::{Api, Error};
use partner_ordering::secret::Secret;
use partner_ordering::validate::ValidationReport;

const API: Api = Api::CloudblueAps;

/// Options for `new CloudBlueApsClient(…)`. Give `apsToken` (a provider) or `consumerKey` +
/// `consumerSecret` (OAuth 1.0a).
#[derive(Tsify, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApsClientOptions {
    /// Platform origin, e.g. `https://cbc.example.com`.
    pub base_url: String,
    /// Supplies `APS-Token`s (short-lived; asked again after a 403 `AuthenticationFailed`).
    #[serde(default)]
    #[tsify(
        optional,
        type = "() => Promise<string | { accessToken: string; expiresIn?: number }>"
    )]
    pub aps_token: Option<JsOnly>,
    /// OAuth 1.0a consumer key.
    #[serde(default)]
    #[tsify(optional)]
    pub consumer_key: Option<String>,
    /// OAuth 1.0a consumer secret. Refused in browser pages unless `dangerouslyAllowBrowser`.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    pub consumer_secret: Option<Secret>,
    /// `APS-Actor-Scope` header, e.g. `FULL`.
    #[serde(default)]
    #[tsify(optional)]
    pub actor_scope: Option<String>,
    /// `aps-resource-id` header.
    #[serde(default)]
    #[tsify(optional)]
    pub resource_id: Option<String>,
    /// Transport, clock, timeouts, retries, validation, browser guard.
    #[serde(flatten)]
    pub common: CommonClientOptions,
}

/// Paging of `iterateOrders` / `listOrders`.
#[derive(Tsify, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ApsPageQuery {
    /// First item (default 0).
    #[serde(default)]
    #[tsify(optional)]
    pub start: Option<u32>,
    /// Page size (default 100).
    #[serde(default)]
    #[tsify(optional)]
    pub count: Option<u32>,
}

impl ApsPageQuery {
    fn start(&self) -> u64 {
        u64::from(self.start.unwrap_or(0))
    }
    fn count(&self) -> u64 {
        u64::from(self.count.unwrap_or(100))
    }
}

/// Client for the CloudBlue Commerce APS REST API (reseller flow and order manager).
#[wasm_bindgen(js_name = CloudBlueApsClient)]
pub struct JsApsClient {
    inner: Rc<ApsClient>,
}

/// The keys of [`ApsClientOptions`] besides the common ones.
pub const OPTION_KEYS: &[&str] = &[
    "baseUrl",
    "apsToken",
    "consumerKey",
    "consumerSecret",
    "actorScope",
    "resourceId",
];

fn build(options: &str, host: &Host) -> Result<ApsClient, Error> {
    let o: ApsClientOptions =
        client_options(API, "CloudBlueApsClient options", options, OPTION_KEYS)?;
    let credentials = match (o.aps_token, o.consumer_key, o.consumer_secret) {
        // The host calls the provider and reads a string, or `{ accessToken, expiresIn? }`.
        (Some(JsOnly), _, _) => ApsCredentials::Token(token_source(host, "apsToken")),
        (None, Some(consumer_key), Some(consumer_secret)) => {
            guard_browser_secret(host, API, true, o.common.dangerously_allow_browser)?;
            ApsCredentials::OAuth1 {
                consumer_key,
                consumer_secret,
            }
        }
        _ => return Err(Error::Configuration {
            message:
                "cloudblueAps: give `apsToken` (a provider) or `consumerKey` and `consumerSecret`"
                    .into(),
        }),
    };
    let http = o.common.http(host);
    let mut cfg = ApsConfig::new(o.base_url, credentials);
    cfg.actor_scope = o.actor_scope;
    cfg.resource_id = o.resource_id;
    cfg.validate = o.common.validate();
    ApsClient::new(cfg, http)
}

#[wasm_bindgen(js_class = CloudBlueApsClient)]
impl JsApsClient {
    /// Creates a client; throws `CONFIGURATION_ERROR` for missing settings, or for a
    /// `consumerSecret` in a browser page without `dangerouslyAllowBrowser`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "ApsClientOptions")] options: String,
        _host: Host,
    ) -> Result<JsApsClient, Failure> {
        Ok(JsApsClient {
            inner: Rc::new(build(&options, &_host)?),
        })
    }

    /// Accounts matching an RQL query (an `Rql` or a string).
    #[wasm_bindgen(js_name = findAccounts, unchecked_return_type = "Promise<ApsAccount[]>")]
    pub fn find_accounts(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Rql | string")] query: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        let c = Rc::clone(&self.inner);
        promise_with(move || {
            let q = query_text(API, "query", &query)?;
            request(
                API,
                options,
                _stop,
                async move { c.find_accounts(&q).await },
            )
        })
    }

    /// The APS id of the account whose technical contact has this email (how the guide finds the reseller).
    #[wasm_bindgen(js_name = findAccountIdByEmail, unchecked_return_type = "Promise<string | undefined>")]
    pub fn find_account_id_by_email(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] email: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        let c = Rc::clone(&self.inner);
        promise_with(move || {
            let email = arg_str(API, "email", &email)?;
            request(API, options, _stop, async move {
                c.find_account_id_by_email(&email).await
            })
        })
    }

    /// Resources of any APS collection, filtered by RQL, as plain objects.
    #[wasm_bindgen(js_name = findResources, unchecked_return_type = "Promise<Array<Record<string, unknown>>>")]
    pub fn find_resources(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] collection: String,
        #[wasm_bindgen(unchecked_param_type = "Rql | string")] query: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        let c = Rc::clone(&self.inner);
        promise_with(move || {
            let collection = arg_str(API, "collection", &collection)?;
            let q = query_text(API, "query", &query)?;
            request(API, options, _stop, async move {
                c.find_resources(&collection, &q).await
            })
        })
    }

    /// Creates a customer (BssAccountInformation + PAAccount in one POST). The BSS resource id is
    /// `bssAccountId` or a fresh `crypto.randomUUID()`.
    #[wasm_bindgen(js_name = createCustomer, unchecked_return_type = "Promise<CreatedCustomer>")]
    pub fn create_customer(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NewApsCustomer")] customer: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        let c = Rc::clone(&self.inner);
        promise_with(move || {
            let n: NewApsCustomer = from_json(API, "customer", &customer)?;
            request(
                API,
                options,
                _stop,
                async move { c.create_customer(&n).await },
            )
        })
    }

    /// Creates an admin user (staff member) of an account.
    #[wasm_bindgen(js_name = createStaffMember, unchecked_return_type = "Promise<ApsUser>")]
    pub fn create_staff_member(
        &self,
        #[wasm_bindgen(js_name = "accountId", unchecked_param_type = "string")] account_id: String,
        #[wasm_bindgen(unchecked_param_type = "NewStaffMember")] user: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        let c = Rc::clone(&self.inner);
        promise_with(move || {
            let account_id = arg_str(API, "accountId", &account_id)?;
            let u: NewStaffMember = from_json(API, "staff member", &user)?;
            request(API, options, _stop, async move {
                c.create_staff_member(&account_id, &u).await
            })
        })
    }

    /// Resets a user's password (the platform emails a link).
    #[wasm_bindgen(js_name = resetPassword, unchecked_return_type = "Promise<undefined>")]
    pub fn reset_password(
        &self,
        #[wasm_bindgen(js_name = "userId", unchecked_param_type = "string")] user_id: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        let c = Rc::clone(&self.inner);
        promise_with(move || {
            let user_id = arg_str(API, "userId", &user_id)?;
            request(API, options, _stop, async move {
                c.reset_password(&user_id).await
            })
        })
    }

    /// Resends the invitation to an inactive user.
    #[wasm_bindgen(unchecked_return_type = "Promise<undefined>")]
    pub fn invite(
        &self,
        #[wasm_bindgen(js_name = "userId", unchecked_param_type = "string")] user_id: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        let c = Rc::clone(&self.inner);
        promise_with(move || {
            let user_id = arg_str(API, "userId", &user_id)?;
            request(API, options, _stop, async move { c.invite(&user_id).await })
        })
    }

    /// Activates a user.
    #[wasm_bindgen(unchecked_return_type = "Promise<undefined>")]
    pub fn activate(
        &self,
        #[wasm_bindgen(js_name = "userId", unchecked_param_type = "string")] user_id: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        let c = Rc::clone(&self.inner);
        promise_with(move || {
            let user_id = arg_str(API, "userId", &user_id)?;
            request(
                API,
                options,
                _stop,
                async move { c.activate(&user_id).await },
            )
        })
    }

    /// The payment methods an account can order with.
    #[wasm_bindgen(js_name = listPaymentMethods, unchecked_return_type = "Promise<PaymentMethod[]>")]
    pub fn list_payment_methods(
        &self,
        #[wasm_bindgen(js_name = "accountId", unchecked_param_type = "string")] account_id: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        let c = Rc::clone(&self.inner);
        promise_with(move || {
            let account_id = arg_str(API, "accountId", &account_id)?;
            request(API, options, _stop, async move {
                c.list_payment_methods(&account_id).await
            })
        })
    }

    /// Prices an order for the customer; `issues` warns if `subTotal + taxTotal ≠ total`.
    #[wasm_bindgen(js_name = estimateOrder, unchecked_return_type = "Promise<Estimate>")]
    pub fn estimate_order(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NewApsOrder")] order: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        let c = Rc::clone(&self.inner);
        promise_with(move || {
            let o: NewApsOrder = from_json(API, "order", &order)?;
            request(
                API,
                options,
                _stop,
                async move { c.estimate_order(&o).await },
            )
        })
    }

    /// Prices the same order for the reseller (its costs).
    #[wasm_bindgen(js_name = estimateCosts, unchecked_return_type = "Promise<Estimate>")]
    pub fn estimate_costs(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NewApsOrder")] order: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        let c = Rc::clone(&self.inner);
        promise_with(move || {
            let o: NewApsOrder = from_json(API, "order", &order)?;
            request(
                API,
                options,
                _stop,
                async move { c.estimate_costs(&o).await },
            )
        })
    }

    /// Places an order; resolves to `{ orderId }`. Never retried automatically.
    #[wasm_bindgen(js_name = placeOrder, unchecked_return_type = "Promise<PlacedOrder>")]
    pub fn place_order(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NewApsOrder")] order: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        let c = Rc::clone(&self.inner);
        promise_with(move || {
            let o: NewApsOrder = from_json(API, "order", &order)?;
            request(API, options, _stop, async move { c.place_order(&o).await })
        })
    }

    /// One page of orders (`limit(start,count)`, with `total` from `Content-Range`).
    #[wasm_bindgen(js_name = listOrders, unchecked_return_type = "Promise<ApsOrderPage>")]
    pub fn list_orders(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ApsPageQuery")] query: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        let c = Rc::clone(&self.inner);
        promise_with(move || {
            let q: ApsPageQuery = super::options::options(API, "query", query)?;
            request(API, options, _stop, async move {
                c.list_orders(q.start(), q.count()).await
            })
        })
    }

    /// Every order, page by page: `for await (const o of aps.iterateOrders())`.
    #[wasm_bindgen(js_name = iterateOrders, unchecked_return_type = "AsyncIterableIterator<ApsOrder>")]
    pub fn iterate_orders(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ApsPageQuery")] query: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
    ) -> Result<JsPager, Failure> {
        let q: ApsPageQuery = super::options::options(API, "query", query)?;
        let (c, count) = (Rc::clone(&self.inner), q.count());
        let fetch: FetchPage<ApsOrder> = Rc::new(move |start| {
            let c = Rc::clone(&c);
            Box::pin(async move {
                let p = c.list_orders(start, count).await?;
                Ok((p.items, p.next_start))
            })
        });
        pager(API, options, fetch, q.start())
    }

    /// One page of the customers' subscriptions (`APS-Actor-Scope: FULL`; with `resellerId`,
    /// `bss-subscriptions` without the reseller's own), filtered by the typed query, with
    /// `total` from `Content-Range`. Awaited, a page with `hasNextPage()`/`getNextPage()`;
    /// under `for await`, every subscription.
    #[wasm_bindgen(js_name = listSubscriptions, unchecked_return_type = "Promise<ApsSubscriptionPage>")]
    pub fn list_subscriptions(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ApsSubscriptionQuery")] query: Option<
            String,
        >,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        let c = Rc::clone(&self.inner);
        promise_with(move || {
            let q: ApsSubscriptionQuery = super::options::options(API, "query", query)?;
            request(API, options, _stop, async move {
                c.list_subscriptions(&q).await
            })
        })
    }

    /// Every subscription the query selects, page by page:
    /// `for await (const s of aps.iterateSubscriptions({ resellerId }))`.
    #[wasm_bindgen(js_name = iterateSubscriptions, unchecked_return_type = "AsyncIterableIterator<ApsSubscription>")]
    pub fn iterate_subscriptions(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ApsSubscriptionQuery")] query: Option<
            String,
        >,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
    ) -> Result<JsPager, Failure> {
        let q: ApsSubscriptionQuery = super::options::options(API, "query", query)?;
        let (c, first) = (Rc::clone(&self.inner), q.start());
        let fetch: FetchPage<ApsSubscription> = Rc::new(move |start| {
            let c = Rc::clone(&c);
            let q = ApsSubscriptionQuery {
                start: Some(u32::try_from(start).unwrap_or(u32::MAX)),
                ..q.clone()
            };
            Box::pin(async move {
                let p = c.list_subscriptions(&q).await?;
                Ok((p.items, p.next_start))
            })
        });
        pager(API, options, fetch, first)
    }

    /// One order with its price lines and reseller costs.
    #[wasm_bindgen(js_name = getOrder, unchecked_return_type = "Promise<ApsOrder>")]
    pub fn get_order(
        &self,
        #[wasm_bindgen(js_name = "orderId", unchecked_param_type = "string")] order_id: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        let c = Rc::clone(&self.inner);
        promise_with(move || {
            let order_id = arg_str(API, "orderId", &order_id)?;
            request(
                API,
                options,
                _stop,
                async move { c.get_order(&order_id).await },
            )
        })
    }

    /// Polls an order until `provisioningStatus` is `COMPLETED`.
    #[wasm_bindgen(js_name = waitForOrder, unchecked_return_type = "Promise<ApsOrder>")]
    pub fn wait_for_order(
        &self,
        #[wasm_bindgen(js_name = "orderId", unchecked_param_type = "string")] order_id: String,
        #[wasm_bindgen(unchecked_optional_param_type = "WaitOptions")] wait: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        let c = Rc::clone(&self.inner);
        promise_with(move || {
            let order_id = arg_str(API, "orderId", &order_id)?;
            let (poll, settings) = super::options::wait_settings(API, wait)?;
            Ok(call_json(_stop, settings, async move {
                c.wait_for_order(&order_id, poll).await
            }))
        })
    }

    /// Checks a new customer without sending it. Never throws.
    #[wasm_bindgen(js_name = validateCustomer, unchecked_return_type = "ValidationReport")]
    pub fn validate_customer(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NewApsCustomer")] customer: String,
    ) -> Result<String, Failure> {
        report_json(API, "customer", &customer, rules::validate_aps_customer)
    }

    /// Checks a new staff member without sending it. Never throws.
    #[wasm_bindgen(js_name = validateStaffMember, unchecked_return_type = "ValidationReport")]
    pub fn validate_staff_member(
        &self,
        #[wasm_bindgen(js_name = "accountId", unchecked_param_type = "string")] account_id: String,
        #[wasm_bindgen(unchecked_param_type = "NewStaffMember")] user: String,
    ) -> Result<String, Failure> {
        match arg_str(API, "accountId", &account_id) {
            Ok(account_id) => report_json(API, "staff member", &user, |u: &NewStaffMember| {
                rules::validate_staff_member(&account_id, u)
            }),
            Err(e) => to_json(&ValidationReport::from_error(&e)),
        }
    }

    /// Checks an order without sending it. Never throws.
    #[wasm_bindgen(js_name = validateOrder, unchecked_return_type = "ValidationReport")]
    pub fn validate_order(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NewApsOrder")] order: String,
    ) -> Result<String, Failure> {
        report_json(API, "order", &order, rules::validate_aps_order)
    }

    /// Checks that an estimate adds up (`subTotal + taxTotal = total` to the cent). Never throws.
    #[wasm_bindgen(js_name = checkEstimate, unchecked_return_type = "ValidationReport")]
    pub fn check_estimate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Estimate")] estimate: String,
    ) -> Result<String, Failure> {
        report_json(API, "estimate", &estimate, rules::check_estimate)
    }
}
