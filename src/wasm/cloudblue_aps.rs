//! `CloudBlueApsClient` for JavaScript.

use super::convert::Str;
use std::rc::Rc;

use serde::Deserialize;
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

use super::convert::{from_js, to_js, to_value};
use super::options::{
    call_js, call_js_unit, call_js_vec, client_options, guard_browser_secret, options, report_js,
    run_with, ClientOptions, CommonClientOptions, JsTokenProvider, RequestOptions, WaitOptions,
};
use super::pager::{async_iterator, FetchPage};
use super::rql::query_text;
use crate::cloudblue::aps::{
    ApsAccount, ApsClient, ApsConfig, ApsCredentials, ApsOrder, ApsOrderPage, ApsUser,
    CreatedCustomer, Estimate, NewApsCustomer, NewApsOrder, NewStaffMember, PaymentMethod,
    PlacedOrder,
};
use crate::cloudblue::rules;
use crate::error::{Api, Error};
use crate::secret::Secret;
use crate::validate::ValidationReport;

const API: Api = Api::CloudblueAps;

/// Options for `new CloudBlueApsClient(…)`. Give `apsToken` (a provider) or `consumerKey` +
/// `consumerSecret` (OAuth 1.0a).
#[derive(Tsify, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApsClientOptions {
    /// Platform origin, e.g. `https://cbc.example.com`.
    pub base_url: String,
    /// Supplies `APS-Token`s (short-lived; asked again after a 403 `AuthenticationFailed`).
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    #[tsify(
        optional,
        type = "() => Promise<string | { accessToken: string; expiresIn?: number }>"
    )]
    pub aps_token: JsValue,
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

impl ClientOptions for ApsClientOptions {
    const FUNCTION_FIELDS: &'static [&'static str] = &["apsToken"];
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

/// Client for the CloudBlue Commerce APS REST API (reseller flow and order manager).
#[wasm_bindgen(js_name = CloudBlueApsClient)]
pub struct JsApsClient {
    inner: Rc<ApsClient>,
}

fn build(options: Ts<ApsClientOptions>) -> Result<ApsClient, Error> {
    let o: ApsClientOptions =
        client_options(API, "CloudBlueApsClient options", options.js_value())?;
    let credentials = match (
        o.aps_token.dyn_ref::<js_sys::Function>(),
        o.consumer_key,
        o.consumer_secret,
    ) {
        (Some(f), _, _) => ApsCredentials::Token(Rc::new(JsTokenProvider(f.clone()))),
        (None, Some(consumer_key), Some(consumer_secret)) => {
            guard_browser_secret(API, true, o.common.dangerously_allow_browser)?;
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
    let http = o.common.http()?;
    let mut cfg = ApsConfig::new(o.base_url, credentials);
    cfg.actor_scope = o.actor_scope;
    cfg.resource_id = o.resource_id;
    cfg.validate = o.common.validate();
    ApsClient::new(cfg, http)
}

#[wasm_bindgen(js_class = CloudBlueApsClient)]
impl JsApsClient {
    /// Creates a client; throws `CONFIGURATION_ERROR` for missing settings.
    #[wasm_bindgen(constructor)]
    pub fn new(options: Ts<ApsClientOptions>) -> Result<JsApsClient, JsValue> {
        Ok(JsApsClient {
            inner: Rc::new(build(options)?),
        })
    }

    /// Accounts matching an RQL query (an `Rql` or a string).
    #[wasm_bindgen(js_name = findAccounts)]
    pub async fn find_accounts(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Rql | string")] query: JsValue,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Vec<Ts<ApsAccount>>, JsValue> {
        let (c, q) = (Rc::clone(&self.inner), query_text(&query));
        call_js_vec(API, options, async move { c.find_accounts(&q).await }).await
    }

    /// The APS id of the account whose technical contact has this email (how the guide finds the reseller).
    #[wasm_bindgen(js_name = findAccountIdByEmail, unchecked_return_type = "string | undefined")]
    pub async fn find_account_id_by_email(
        &self,
        email: Str,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<JsValue, JsValue> {
        let email = email.text(API, "email")?;
        let c = Rc::clone(&self.inner);
        let o: RequestOptions = options_of(options)?;
        let id = run_with(&o.signal, o.timeout_ms, async move {
            c.find_account_id_by_email(&email).await
        })
        .await?;
        Ok(id.map_or(JsValue::UNDEFINED, JsValue::from))
    }

    /// Resources of any APS collection, filtered by RQL, as plain objects.
    #[wasm_bindgen(js_name = findResources, unchecked_return_type = "Array<Record<string, unknown>>")]
    pub async fn find_resources(
        &self,
        collection: Str,
        #[wasm_bindgen(unchecked_param_type = "Rql | string")] query: JsValue,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<JsValue, JsValue> {
        let collection = collection.text(API, "collection")?;
        let (c, q) = (Rc::clone(&self.inner), query_text(&query));
        let o: RequestOptions = options_of(options)?;
        let items = run_with(&o.signal, o.timeout_ms, async move {
            c.find_resources(&collection, &q).await
        })
        .await?;
        to_value(&items)
    }

    /// Creates a customer (BssAccountInformation + PAAccount in one POST). The BSS resource id is
    /// `bssAccountId` or a fresh `crypto.randomUUID()`.
    #[wasm_bindgen(js_name = createCustomer)]
    pub async fn create_customer(
        &self,
        customer: Ts<NewApsCustomer>,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<CreatedCustomer>, JsValue> {
        let (c, n) = (
            Rc::clone(&self.inner),
            from_js::<NewApsCustomer>(API, "customer", customer.js_value())?,
        );
        call_js(API, options, async move { c.create_customer(&n).await }).await
    }

    /// Creates an admin user (staff member) of an account.
    #[wasm_bindgen(js_name = createStaffMember)]
    pub async fn create_staff_member(
        &self,
        #[wasm_bindgen(js_name = "accountId")] account_id: Str,
        user: Ts<NewStaffMember>,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<ApsUser>, JsValue> {
        let account_id = account_id.text(API, "accountId")?;
        let (c, u) = (
            Rc::clone(&self.inner),
            from_js::<NewStaffMember>(API, "staff member", user.js_value())?,
        );
        call_js(API, options, async move {
            c.create_staff_member(&account_id, &u).await
        })
        .await
    }

    /// Resets a user's password (the platform emails a link).
    #[wasm_bindgen(js_name = resetPassword)]
    pub async fn reset_password(
        &self,
        #[wasm_bindgen(js_name = "userId")] user_id: Str,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<(), JsValue> {
        let user_id = user_id.text(API, "userId")?;
        let c = Rc::clone(&self.inner);
        call_js_unit(
            API,
            options,
            async move { c.reset_password(&user_id).await },
        )
        .await
    }

    /// Resends the invitation to an inactive user.
    pub async fn invite(
        &self,
        #[wasm_bindgen(js_name = "userId")] user_id: Str,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<(), JsValue> {
        let user_id = user_id.text(API, "userId")?;
        let c = Rc::clone(&self.inner);
        call_js_unit(API, options, async move { c.invite(&user_id).await }).await
    }

    /// Activates a user.
    pub async fn activate(
        &self,
        #[wasm_bindgen(js_name = "userId")] user_id: Str,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<(), JsValue> {
        let user_id = user_id.text(API, "userId")?;
        let c = Rc::clone(&self.inner);
        call_js_unit(API, options, async move { c.activate(&user_id).await }).await
    }

    /// The payment methods an account can order with.
    #[wasm_bindgen(js_name = listPaymentMethods)]
    pub async fn list_payment_methods(
        &self,
        #[wasm_bindgen(js_name = "accountId")] account_id: Str,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Vec<Ts<PaymentMethod>>, JsValue> {
        let account_id = account_id.text(API, "accountId")?;
        let c = Rc::clone(&self.inner);
        call_js_vec(API, options, async move {
            c.list_payment_methods(&account_id).await
        })
        .await
    }

    /// Prices an order for the customer; `issues` warns if `subTotal + taxTotal ≠ total`.
    #[wasm_bindgen(js_name = estimateOrder)]
    pub async fn estimate_order(
        &self,
        order: Ts<NewApsOrder>,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<Estimate>, JsValue> {
        let (c, o) = (
            Rc::clone(&self.inner),
            from_js::<NewApsOrder>(API, "order", order.js_value())?,
        );
        call_js(API, options, async move { c.estimate_order(&o).await }).await
    }

    /// Prices the same order for the reseller (its costs).
    #[wasm_bindgen(js_name = estimateCosts)]
    pub async fn estimate_costs(
        &self,
        order: Ts<NewApsOrder>,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<Estimate>, JsValue> {
        let (c, o) = (
            Rc::clone(&self.inner),
            from_js::<NewApsOrder>(API, "order", order.js_value())?,
        );
        call_js(API, options, async move { c.estimate_costs(&o).await }).await
    }

    /// Places an order; resolves to `{ orderId }`. Never retried automatically.
    #[wasm_bindgen(js_name = placeOrder)]
    pub async fn place_order(
        &self,
        order: Ts<NewApsOrder>,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<PlacedOrder>, JsValue> {
        let (c, o) = (
            Rc::clone(&self.inner),
            from_js::<NewApsOrder>(API, "order", order.js_value())?,
        );
        call_js(API, options, async move { c.place_order(&o).await }).await
    }

    /// One page of orders (`limit(start,count)`, with `total` from `Content-Range`).
    #[wasm_bindgen(js_name = listOrders)]
    pub async fn list_orders(
        &self,
        query: Option<Ts<ApsPageQuery>>,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<ApsOrderPage>, JsValue> {
        let q: ApsPageQuery = super::options::options(API, "query", query.map(|q| q.js_value()))?;
        let c = Rc::clone(&self.inner);
        call_js(API, options, async move {
            c.list_orders(
                u64::from(q.start.unwrap_or(0)),
                u64::from(q.count.unwrap_or(100)),
            )
            .await
        })
        .await
    }

    /// Every order, page by page: `for await (const o of aps.iterateOrders())`.
    #[wasm_bindgen(js_name = iterateOrders, unchecked_return_type = "AsyncIterableIterator<ApsOrder>")]
    pub fn iterate_orders(&self, query: Option<Ts<ApsPageQuery>>) -> Result<JsValue, JsValue> {
        let q: ApsPageQuery = super::options::options(API, "query", query.map(|q| q.js_value()))?;
        let (c, count) = (Rc::clone(&self.inner), u64::from(q.count.unwrap_or(100)));
        let page: FetchPage = Rc::new(move |start| {
            let c = Rc::clone(&c);
            Box::pin(async move {
                let p = c.list_orders(start, count).await?;
                Ok((
                    p.items
                        .iter()
                        .map(|o| to_value(o).unwrap_or(JsValue::NULL))
                        .collect(),
                    p.next_start,
                ))
            })
        });
        Ok(async_iterator(page, u64::from(q.start.unwrap_or(0))))
    }

    /// One order with its price lines and reseller costs.
    #[wasm_bindgen(js_name = getOrder)]
    pub async fn get_order(
        &self,
        #[wasm_bindgen(js_name = "orderId")] order_id: Str,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<ApsOrder>, JsValue> {
        let order_id = order_id.text(API, "orderId")?;
        let c = Rc::clone(&self.inner);
        call_js(API, options, async move { c.get_order(&order_id).await }).await
    }

    /// Polls an order until `provisioningStatus` is `COMPLETED`.
    #[wasm_bindgen(js_name = waitForOrder)]
    pub async fn wait_for_order(
        &self,
        #[wasm_bindgen(js_name = "orderId")] order_id: Str,
        options: Option<Ts<WaitOptions>>,
    ) -> Result<Ts<ApsOrder>, JsValue> {
        let order_id = order_id.text(API, "orderId")?;
        let o: WaitOptions =
            super::options::options(API, "wait options", options.map(|o| o.js_value()))?;
        let (c, poll) = (Rc::clone(&self.inner), o.poll());
        to_js(
            &run_with(&o.signal, None, async move {
                c.wait_for_order(&order_id, poll).await
            })
            .await?,
        )
    }

    /// Checks a new customer without sending it. Never throws.
    #[wasm_bindgen(js_name = validateCustomer)]
    pub fn validate_customer(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NewApsCustomer")] customer: JsValue,
    ) -> Result<Ts<ValidationReport>, JsValue> {
        report_js(API, "customer", customer, rules::validate_aps_customer)
    }

    /// Checks a new staff member without sending it. Never throws.
    #[wasm_bindgen(js_name = validateStaffMember)]
    pub fn validate_staff_member(
        &self,
        #[wasm_bindgen(js_name = "accountId")] account_id: Str,
        #[wasm_bindgen(unchecked_param_type = "NewStaffMember")] user: JsValue,
    ) -> Result<Ts<ValidationReport>, JsValue> {
        let account_id = account_id.text(API, "accountId")?;
        report_js(API, "staff member", user, |u: &NewStaffMember| {
            rules::validate_staff_member(&account_id, u)
        })
    }

    /// Checks an order without sending it. Never throws.
    #[wasm_bindgen(js_name = validateOrder)]
    pub fn validate_order(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NewApsOrder")] order: JsValue,
    ) -> Result<Ts<ValidationReport>, JsValue> {
        report_js(API, "order", order, rules::validate_aps_order)
    }

    /// Checks that an estimate adds up (`subTotal + taxTotal = total` to the cent). Never throws.
    #[wasm_bindgen(js_name = checkEstimate)]
    pub fn check_estimate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Estimate")] estimate: JsValue,
    ) -> Result<Ts<ValidationReport>, JsValue> {
        report_js(API, "estimate", estimate, rules::check_estimate)
    }
}

fn options_of(o: Option<Ts<RequestOptions>>) -> Result<RequestOptions, Error> {
    options(API, "request options", o.map(|o| o.js_value()))
}
