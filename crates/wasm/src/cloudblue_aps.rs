//! `CloudBlueApsClient` for JavaScript.

use std::rc::Rc;

use partner_ordering_json::Deserialize;
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
use super::rql::query_text;
use partner_ordering::cloudblue::aps::{
    ApsClient, ApsConfig, ApsCredentials, ApsOrder, ApsSubscription, ApsSubscriptionQuery,
    NewStaffMember,
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
    // Read by `client_options` on its own: a flattened field would buffer every option. Skipped,
    // tsify leaves it out, and scripts/gen-dts.mjs puts `extends CommonClientOptions` back.
    #[serde(flatten, skip_deserializing)]
    pub common: CommonClientOptions,
}

impl crate::options::WithCommon for ApsClientOptions {
    fn common_mut(&mut self) -> &mut CommonClientOptions {
        &mut self.common
    }
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
    let o: ApsClientOptions = client_options(
        API,
        "CloudBlueApsClient options",
        options,
        OPTION_KEYS,
        None,
    )?;
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

client_calls! {
    JsApsClient as CloudBlueApsClient, API;

    /// Accounts matching an RQL query (an `Rql` or a string).
    findAccounts = find_accounts(query: "Rql | string" = query_text, options)
        -> "Promise<ApsAccount[]>" => |c| c.find_accounts(&query);
    /// The APS id of the account whose technical contact has this email (how the guide finds the reseller).
    findAccountIdByEmail = find_account_id_by_email(email: "string" = arg_str, options)
        -> "Promise<string | undefined>" => |c| c.find_account_id_by_email(&email);
    /// Resources of any APS collection, filtered by RQL, as plain objects.
    findResources = find_resources(
        collection: "string" = arg_str, query: "Rql | string" = query_text, options
    ) -> "Promise<Array<Record<string, unknown>>>" => |c| c.find_resources(&collection, &query);
    /// Creates a customer (BssAccountInformation + PAAccount in one POST). The BSS resource id is
    /// `bssAccountId` or a fresh `crypto.randomUUID()`.
    createCustomer = create_customer(customer: "NewApsCustomer" = from_json, options)
        -> "Promise<CreatedCustomer>" => |c| c.create_customer(&customer);
    /// Creates an admin user (staff member) of an account.
    createStaffMember = create_staff_member(
        accountId: "string" = arg_str, user: "NewStaffMember" = from_json("staff member"), options
    ) -> "Promise<ApsUser>" => |c| c.create_staff_member(&accountId, &user);
    /// Resets a user's password (the platform emails a link).
    resetPassword = reset_password(userId: "string" = arg_str, options)
        -> "Promise<undefined>" => |c| c.reset_password(&userId);
    /// Resends the invitation to an inactive user.
    invite = invite(userId: "string" = arg_str, options)
        -> "Promise<undefined>" => |c| c.invite(&userId);
    /// Activates a user.
    activate = activate(userId: "string" = arg_str, options)
        -> "Promise<undefined>" => |c| c.activate(&userId);
    /// The payment methods an account can order with.
    listPaymentMethods = list_payment_methods(accountId: "string" = arg_str, options)
        -> "Promise<PaymentMethod[]>" => |c| c.list_payment_methods(&accountId);
    /// Prices an order for the customer; `issues` warns if `subTotal + taxTotal ≠ total`.
    estimateOrder = estimate_order(order: "NewApsOrder" = from_json, options)
        -> "Promise<Estimate>" => |c| c.estimate_order(&order);
    /// Prices the same order for the reseller (its costs).
    estimateCosts = estimate_costs(order: "NewApsOrder" = from_json, options)
        -> "Promise<Estimate>" => |c| c.estimate_costs(&order);
    /// Places an order; resolves to `{ orderId }`. Never retried automatically.
    placeOrder = place_order(order: "NewApsOrder" = from_json, options)
        -> "Promise<PlacedOrder>" => |c| c.place_order(&order);
    /// One page of orders (`limit(start,count)`, with `total` from `Content-Range`).
    listOrders = list_orders(query?: "ApsPageQuery" = options::<ApsPageQuery>, options)
        -> "Promise<ApsOrderPage>" => |c| c.list_orders(query.start(), query.count());
    /// One page of the customers' subscriptions (`APS-Actor-Scope: FULL`; with `resellerId`,
    /// `bss-subscriptions` without the reseller's own), filtered by the typed query, with
    /// `total` from `Content-Range`. Awaited, a page with `hasNextPage()`/`getNextPage()`;
    /// under `for await`, every subscription.
    listSubscriptions = list_subscriptions(query?: "ApsSubscriptionQuery" = options, options)
        -> "Promise<ApsSubscriptionPage>" => |c| c.list_subscriptions(&query);
    /// One order with its price lines and reseller costs.
    getOrder = get_order(orderId: "string" = arg_str, options)
        -> "Promise<ApsOrder>" => |c| c.get_order(&orderId);
    /// Polls an order until `provisioningStatus` is `COMPLETED`.
    waitForOrder = wait_for_order(orderId: "string" = arg_str, wait => poll)
        -> "Promise<ApsOrder>" => async |c| c.wait_for_order(&orderId, poll);
}
