//! `OmnissaClient` for JavaScript, plus `parseSku` and `renewalWindow`.

use std::rc::Rc;

use partner_ordering_json::Deserialize;
use serde::de::DeserializeOwned;
use tsify::Tsify;
use wasm_bindgen::prelude::*;

use super::calls::client_calls;
use super::convert::{arg_str, from_json, to_json, JsOnly};
use super::error::Failure;
use super::host::{token_source, Host};
use super::options::{client_options, guard_browser_secret, options, CommonClientOptions};
use partner_ordering::error::{Api, Error};
use partner_ordering::omnissa::rules::{self, Context};
use partner_ordering::omnissa::{
    self, CallOptions, Credentials, NewOrder, OmnissaClient, OmnissaConfig, Subscription,
    DEFAULT_BASE_URL,
};
use partner_ordering::secret::Secret;
use partner_ordering::validate::{Issues, ValidationReport};

/// Options for `new OmnissaClient(…)`. Give either `appId` + `appSecret` or `tokenProvider`.
#[derive(Tsify, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OmnissaClientOptions {
    /// The Omnissa Partner ID, sent as the `partnerId` header.
    pub partner_id: String,
    /// App id ("shared key") for the client-credentials grant.
    #[serde(default)]
    #[tsify(optional)]
    pub app_id: Option<String>,
    /// App secret. Refused in browser pages unless `dangerouslyAllowBrowser` is set.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    pub app_secret: Option<Secret>,
    /// Supplies tokens instead of client credentials (e.g. from your backend).
    #[serde(default)]
    #[tsify(
        optional,
        type = "() => Promise<string | { accessToken: string; expiresIn?: number }>"
    )]
    pub token_provider: Option<JsOnly>,
    /// Gateway origin or full API base. Default `https://apigw.omnissa.com`.
    #[serde(default)]
    #[tsify(optional)]
    pub base_url: Option<String>,
    /// Token URL. Default: the gateway origin plus `/v1/m0/application/oauth2/token`.
    #[serde(default)]
    #[tsify(optional)]
    pub token_url: Option<String>,
    /// Fetch the subscription before an order on it and check the order against it: current
    /// quantities, SKUs, the 30-day renewal window (default true).
    #[serde(default)]
    #[tsify(optional)]
    pub precheck: Option<bool>,
    /// Transport, clock, timeouts, retries, validation, browser guard.
    // Read by `client_options` on its own: a flattened field would buffer every option. Skipped,
    // tsify leaves it out, and scripts/gen-dts.mjs puts `extends CommonClientOptions` back.
    #[serde(flatten, skip_deserializing)]
    pub common: CommonClientOptions,
}

impl crate::options::WithCommon for OmnissaClientOptions {
    fn common_mut(&mut self) -> &mut CommonClientOptions {
        &mut self.common
    }
}

/// What a `validate…()` call may know besides the request.
#[derive(Tsify, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ValidationContext {
    /// The subscription the order is for: enables the quantity, SKU and window rules.
    #[serde(default)]
    #[tsify(optional)]
    pub subscription: Option<Subscription>,
    /// Now, in epoch milliseconds; default the client's clock.
    #[serde(default)]
    #[tsify(optional)]
    pub now: Option<f64>,
}

/// Client for the Omnissa Partner Managed Services Ordering API.
#[wasm_bindgen(js_name = OmnissaClient)]
pub struct JsOmnissaClient {
    inner: Rc<OmnissaClient>,
}

/// The keys of [`OmnissaClientOptions`] besides the common ones.
pub const OPTION_KEYS: &[&str] = &[
    "partnerId",
    "appId",
    "appSecret",
    "tokenProvider",
    "baseUrl",
    "tokenUrl",
    "precheck",
];

fn build(options: &str, host: &Host) -> Result<OmnissaClient, Error> {
    let o: OmnissaClientOptions = client_options(
        Api::Omnissa,
        "OmnissaClient options",
        options,
        OPTION_KEYS,
        None,
    )?;
    let credentials = match (o.token_provider, o.app_id, o.app_secret) {
        (Some(JsOnly), _, _) => Credentials::Provider(token_source(host, "tokenProvider")),
        (None, Some(app_id), Some(app_secret)) => {
            guard_browser_secret(host, Api::Omnissa, true, o.common.dangerously_allow_browser)?;
            Credentials::ClientCredentials { app_id, app_secret }
        }
        _ => {
            return Err(Error::Configuration {
                message: "omnissa: give `appId` and `appSecret`, or a `tokenProvider` function"
                    .into(),
            })
        }
    };
    let http = o.common.http(host);
    let mut config = OmnissaConfig::new(o.partner_id, credentials);
    config.base_url = o.base_url.unwrap_or_else(|| DEFAULT_BASE_URL.to_string());
    config.token_url = o.token_url;
    config.validate = o.common.validate();
    config.precheck = o.precheck.unwrap_or(true);
    OmnissaClient::new(config, http)
}

/// Turns a conversion failure into a report, so `validate…()` never throws.
fn report_of<T: DeserializeOwned>(
    what: &str,
    input: &str,
    context: Option<String>,
    default_now: i64,
    rule: impl FnOnce(&T, &Context<'_>) -> Issues,
) -> Result<String, Failure> {
    let parsed = from_json::<T>(Api::Omnissa, what, input).and_then(|req| {
        let ctx: ValidationContext = options(Api::Omnissa, "validation context", context)?;
        Ok((req, ctx))
    });
    let report = match parsed {
        Ok((req, ctx)) => {
            let now = ctx
                .now
                .filter(|n| n.is_finite())
                .map_or(default_now, |n| n as i64);
            rule(
                &req,
                &Context {
                    subscription: ctx.subscription.as_ref(),
                    now: Some(now),
                },
            )
            .report()
        }
        Err(e) => ValidationReport::from_error(&e),
    };
    to_json(&report)
}

#[wasm_bindgen(js_class = OmnissaClient)]
impl JsOmnissaClient {
    /// Creates a client. Throws a `CONFIGURATION_ERROR` for missing settings, or for an
    /// `appSecret` in a browser page without `dangerouslyAllowBrowser`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "OmnissaClientOptions")] options: String,
        _host: Host,
    ) -> Result<JsOmnissaClient, Failure> {
        Ok(JsOmnissaClient {
            inner: Rc::new(build(&options, &_host)?),
        })
    }
}

client_calls! {
    JsOmnissaClient as OmnissaClient, Api::Omnissa;

    /// Every active subscription of the partner.
    listSubscriptions = list_subscriptions(options) -> "Promise<Subscription[]>"
        => |c| c.list_subscriptions();
    /// One subscription by its SID (service instance id, e.g. `M123456789`).
    getSubscription = get_subscription(sid: "string" = arg_str, options) -> "Promise<Subscription>"
        => |c| c.get_subscription(&sid);
    /// Places a new subscription order; resolves to `{ requestId }`. Never retried
    /// automatically. Wait for the SID with `waitForOrder(requestId)`.
    createOrder = create_order(order: "NewOrder" = from_json, options) -> "Promise<OrderAccepted>"
        => async |c| c.create_order(&order);
    /// Adds licences of SKUs already on a subscription (add-on `QUANTITY-INCREASE`).
    increaseQuantity = increase_quantity(
        request: "QuantityIncrease" = from_json("quantity increase"), options => precheck
    ) -> "Promise<OrderAccepted>"
        => async |c| c.increase_quantity(&request, CallOptions { precheck });
    /// Adds a new add-on SKU to a subscription (add-on `SECONDARY-ADDON`).
    addSecondaryAddOn = add_secondary_addon(
        request: "SecondaryAddOn" = from_json("secondary add-on"), options => precheck
    ) -> "Promise<OrderAccepted>"
        => async |c| c.add_secondary_addon(&request, CallOptions { precheck });
    /// Upgrades licences from one SKU to another.
    upgradeSubscription = upgrade_subscription(
        request: "Upgrade" = from_json("upgrade"), options => precheck
    ) -> "Promise<OrderAccepted>"
        => async |c| c.upgrade(&request, CallOptions { precheck });
    /// Renews a subscription; only in the last 30 days of its term.
    renewSubscription = renew_subscription(
        request: "Renewal" = from_json("renewal"), options => precheck
    ) -> "Promise<OrderAccepted>"
        => async |c| c.renew(&request, CallOptions { precheck });
    /// Cancels a subscription at the end of its term (opts out of renewal); only in the last
    /// 30 days of its term.
    cancelSubscription = cancel_subscription(
        request: "Cancellation" = from_json("cancellation"), options => precheck
    ) -> "Promise<OrderAccepted>"
        => async |c| c.cancel(&request, CallOptions { precheck });
    /// The status of an order request: `PENDING`, `SUCCESS` (with the SID) or `ERROR`.
    getOrderStatus = get_order_status(requestId: "string" = arg_str, options)
        -> "Promise<OrderStatus>"
        => |c| c.order_status(&requestId);
    /// Polls an order with growing delays until `SUCCESS` (resolves with the SID) or `ERROR`
    /// (rejects with `ORDER_FAILED` and the API's message).
    waitForOrder = wait_for_order(requestId: "string" = arg_str, wait => poll)
        -> "Promise<OrderResult>"
        => async |c| c.wait_for_order(&requestId, poll);
}

#[wasm_bindgen(js_class = OmnissaClient)]
impl JsOmnissaClient {
    /// Checks a new order without sending it. Never throws.
    #[wasm_bindgen(js_name = validateOrder, unchecked_return_type = "ValidationReport")]
    pub fn validate_order(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NewOrder")] order: String,
    ) -> Result<String, Failure> {
        report_of(
            "order",
            &order,
            None,
            self.inner.now_ms(),
            |o: &NewOrder, _| rules::validate_new_order(o),
        )
    }

    /// Checks a quantity increase; give `context.subscription` to check SKUs and current quantities.
    #[wasm_bindgen(js_name = validateQuantityIncrease, unchecked_return_type = "ValidationReport")]
    pub fn validate_quantity_increase(
        &self,
        #[wasm_bindgen(unchecked_param_type = "QuantityIncrease")] request: String,
        #[wasm_bindgen(unchecked_optional_param_type = "ValidationContext")] context: Option<
            String,
        >,
    ) -> Result<String, Failure> {
        report_of(
            "quantity increase",
            &request,
            context,
            self.inner.now_ms(),
            rules::validate_quantity_increase,
        )
    }

    /// Checks a secondary add-on; give `context.subscription` to check the SKU is new.
    #[wasm_bindgen(js_name = validateSecondaryAddOn, unchecked_return_type = "ValidationReport")]
    pub fn validate_secondary_addon(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SecondaryAddOn")] request: String,
        #[wasm_bindgen(unchecked_optional_param_type = "ValidationContext")] context: Option<
            String,
        >,
    ) -> Result<String, Failure> {
        report_of(
            "secondary add-on",
            &request,
            context,
            self.inner.now_ms(),
            rules::validate_secondary_addon,
        )
    }

    /// Checks an upgrade; give `context.subscription` to check SKUs and quantities.
    #[wasm_bindgen(js_name = validateUpgrade, unchecked_return_type = "ValidationReport")]
    pub fn validate_upgrade(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Upgrade")] request: String,
        #[wasm_bindgen(unchecked_optional_param_type = "ValidationContext")] context: Option<
            String,
        >,
    ) -> Result<String, Failure> {
        report_of(
            "upgrade",
            &request,
            context,
            self.inner.now_ms(),
            rules::validate_upgrade,
        )
    }

    /// Checks a renewal; give `context.subscription` (and optionally `now`) to check the window.
    #[wasm_bindgen(js_name = validateRenewal, unchecked_return_type = "ValidationReport")]
    pub fn validate_renewal(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Renewal")] request: String,
        #[wasm_bindgen(unchecked_optional_param_type = "ValidationContext")] context: Option<
            String,
        >,
    ) -> Result<String, Failure> {
        report_of(
            "renewal",
            &request,
            context,
            self.inner.now_ms(),
            rules::validate_renewal,
        )
    }

    /// Checks a cancellation; give `context.subscription` (and optionally `now`) to check the window.
    #[wasm_bindgen(js_name = validateCancellation, unchecked_return_type = "ValidationReport")]
    pub fn validate_cancellation(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Cancellation")] request: String,
        #[wasm_bindgen(unchecked_optional_param_type = "ValidationContext")] context: Option<
            String,
        >,
    ) -> Result<String, Failure> {
        report_of(
            "cancellation",
            &request,
            context,
            self.inner.now_ms(),
            rules::validate_cancellation,
        )
    }
}

/// Decodes an Omnissa SKU as far as it can (family, per device or user, edition, term,
/// billing). `wellFormed` says whether the SKU has the expected shape. Never throws: anything
/// that is not a string decodes as an empty SKU (every part unknown, not well formed).
#[wasm_bindgen(js_name = parseSku, unchecked_return_type = "SkuInfo")]
pub fn parse_sku(
    #[wasm_bindgen(unchecked_param_type = "string")] sku: String,
) -> Result<String, Failure> {
    let sku = arg_str(Api::Omnissa, "sku", &sku).unwrap_or_default();
    to_json(&omnissa::parse_sku(&sku))
}

/// The 30-day renewal and cancellation window of a subscription, judged at `now` (epoch ms,
/// default `Date.now()`). `undefined` when the subscription has no parseable end date.
#[wasm_bindgen(js_name = renewalWindow, unchecked_return_type = "RenewalWindow | undefined")]
pub fn renewal_window(
    #[wasm_bindgen(unchecked_param_type = "Subscription")] subscription: String,
    #[wasm_bindgen(unchecked_optional_param_type = "number")] now: Option<String>,
) -> Result<String, Failure> {
    let sub: Subscription = from_json(Api::Omnissa, "subscription", &subscription)?;
    let now: Option<f64> = options(Api::Omnissa, "now", now)?;
    let now = now
        .filter(|n| n.is_finite())
        .unwrap_or_else(js_sys::Date::now) as i64;
    to_json(&omnissa::renewal_window(&sub, now))
}
