//! `OmnissaClient` for JavaScript, plus `parseSku` and `renewalWindow`.

use super::convert::Str;
use std::future::Future;
use std::rc::Rc;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

use super::convert::{from_js, to_js, to_js_vec};
use super::options::{
    client_options, guard_browser_secret, options, run_with, ClientOptions, CommonClientOptions,
    JsTokenProvider, RequestOptions, WaitOptions,
};
use crate::error::{Api, Error};
use crate::omnissa::rules::{self, Context};
use crate::omnissa::{
    self, CallOptions, Cancellation, Credentials, NewOrder, OmnissaClient, OmnissaConfig,
    OrderAccepted, OrderResult, OrderStatus, QuantityIncrease, Renewal, RenewalWindow,
    SecondaryAddOn, SkuInfo, Subscription, Upgrade, DEFAULT_BASE_URL,
};
use crate::secret::Secret;
use crate::validate::{Issues, ValidationReport};

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
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    #[tsify(
        optional,
        type = "() => Promise<string | { accessToken: string; expiresIn?: number }>"
    )]
    pub token_provider: JsValue,
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
    #[serde(flatten)]
    pub common: CommonClientOptions,
}

impl ClientOptions for OmnissaClientOptions {
    const FUNCTION_FIELDS: &'static [&'static str] = &["tokenProvider"];
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

fn build(options: Ts<OmnissaClientOptions>) -> Result<OmnissaClient, Error> {
    let o: OmnissaClientOptions =
        client_options(Api::Omnissa, "OmnissaClient options", options.js_value())?;
    let credentials = match (
        o.token_provider.dyn_ref::<js_sys::Function>(),
        o.app_id,
        o.app_secret,
    ) {
        (Some(f), _, _) => Credentials::Provider(Rc::new(JsTokenProvider(f.clone()))),
        (None, Some(app_id), Some(app_secret)) => {
            guard_browser_secret(Api::Omnissa, true, o.common.dangerously_allow_browser)?;
            Credentials::ClientCredentials { app_id, app_secret }
        }
        _ => {
            return Err(Error::Configuration {
                message: "omnissa: give `appId` and `appSecret`, or a `tokenProvider` function"
                    .into(),
            })
        }
    };
    let http = o.common.http()?;
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
    input: JsValue,
    context: Option<Ts<ValidationContext>>,
    default_now: i64,
    rule: impl FnOnce(&T, &Context<'_>) -> Issues,
) -> Result<Ts<ValidationReport>, JsValue> {
    let parsed = from_js::<T>(Api::Omnissa, what, input).and_then(|req| {
        let ctx: ValidationContext = options(
            Api::Omnissa,
            "validation context",
            context.map(|c| c.js_value()),
        )?;
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
    to_js(&report)
}

impl JsOmnissaClient {
    /// Runs one order call: convert the input, apply per-call options, race signal and deadline.
    async fn order<B, F, Fut>(
        &self,
        what: &str,
        input: JsValue,
        opts: Option<Ts<RequestOptions>>,
        call: F,
    ) -> Result<Ts<OrderAccepted>, JsValue>
    where
        B: DeserializeOwned,
        F: FnOnce(Rc<OmnissaClient>, B, CallOptions) -> Fut,
        Fut: Future<Output = Result<OrderAccepted, Error>>,
    {
        let req: B = from_js(Api::Omnissa, what, input)?;
        let o: RequestOptions =
            options(Api::Omnissa, "request options", opts.map(|o| o.js_value()))?;
        let fut = call(
            Rc::clone(&self.inner),
            req,
            CallOptions {
                precheck: o.precheck,
            },
        );
        let accepted = run_with(&o.signal, o.timeout_ms, fut).await?;
        to_js(&accepted)
    }

    async fn simple<T: Serialize + Tsify, Fut: Future<Output = Result<T, Error>>>(
        opts: Option<Ts<RequestOptions>>,
        fut: Fut,
    ) -> Result<Ts<T>, JsValue> {
        let o: RequestOptions =
            options(Api::Omnissa, "request options", opts.map(|o| o.js_value()))?;
        to_js(&run_with(&o.signal, o.timeout_ms, fut).await?)
    }
}

#[wasm_bindgen(js_class = OmnissaClient)]
impl JsOmnissaClient {
    /// Creates a client. Throws a `CONFIGURATION_ERROR` for missing settings, or for an
    /// `appSecret` in a browser page without `dangerouslyAllowBrowser`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: Ts<OmnissaClientOptions>) -> Result<JsOmnissaClient, JsValue> {
        Ok(JsOmnissaClient {
            inner: Rc::new(build(options)?),
        })
    }

    /// Every active subscription of the partner.
    #[wasm_bindgen(js_name = listSubscriptions)]
    pub async fn list_subscriptions(
        &self,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Vec<Ts<Subscription>>, JsValue> {
        let o: RequestOptions = super::options::options(
            Api::Omnissa,
            "request options",
            options.map(|o| o.js_value()),
        )?;
        let c = Rc::clone(&self.inner);
        let subs = run_with(&o.signal, o.timeout_ms, async move {
            c.list_subscriptions().await
        })
        .await?;
        to_js_vec(&subs)
    }

    /// One subscription by its SID (service instance id, e.g. `M123456789`).
    #[wasm_bindgen(js_name = getSubscription)]
    pub async fn get_subscription(
        &self,
        sid: Str,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<Subscription>, JsValue> {
        let sid = sid.text(Api::Omnissa, "sid")?;
        let c = Rc::clone(&self.inner);
        Self::simple(options, async move { c.get_subscription(&sid).await }).await
    }

    /// Places a new subscription order; resolves to `{ requestId }`. Never retried
    /// automatically. Wait for the SID with `waitForOrder(requestId)`.
    #[wasm_bindgen(js_name = createOrder)]
    pub async fn create_order(
        &self,
        order: Ts<NewOrder>,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<OrderAccepted>, JsValue> {
        self.order(
            "order",
            order.js_value(),
            options,
            |c, o: NewOrder, _| async move { c.create_order(&o).await },
        )
        .await
    }

    /// Adds licences of SKUs already on a subscription (add-on `QUANTITY-INCREASE`).
    #[wasm_bindgen(js_name = increaseQuantity)]
    pub async fn increase_quantity(
        &self,
        request: Ts<QuantityIncrease>,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<OrderAccepted>, JsValue> {
        self.order(
            "quantity increase",
            request.js_value(),
            options,
            |c, r: QuantityIncrease, o| async move { c.increase_quantity(&r, o).await },
        )
        .await
    }

    /// Adds a new add-on SKU to a subscription (add-on `SECONDARY-ADDON`).
    #[wasm_bindgen(js_name = addSecondaryAddOn)]
    pub async fn add_secondary_addon(
        &self,
        request: Ts<SecondaryAddOn>,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<OrderAccepted>, JsValue> {
        self.order(
            "secondary add-on",
            request.js_value(),
            options,
            |c, r: SecondaryAddOn, o| async move { c.add_secondary_addon(&r, o).await },
        )
        .await
    }

    /// Upgrades licences from one SKU to another.
    #[wasm_bindgen(js_name = upgradeSubscription)]
    pub async fn upgrade_subscription(
        &self,
        request: Ts<Upgrade>,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<OrderAccepted>, JsValue> {
        self.order(
            "upgrade",
            request.js_value(),
            options,
            |c, r: Upgrade, o| async move { c.upgrade(&r, o).await },
        )
        .await
    }

    /// Renews a subscription; only in the last 30 days of its term.
    #[wasm_bindgen(js_name = renewSubscription)]
    pub async fn renew_subscription(
        &self,
        request: Ts<Renewal>,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<OrderAccepted>, JsValue> {
        self.order(
            "renewal",
            request.js_value(),
            options,
            |c, r: Renewal, o| async move { c.renew(&r, o).await },
        )
        .await
    }

    /// Cancels a subscription at the end of its term (opts out of renewal); only in the last
    /// 30 days of its term.
    #[wasm_bindgen(js_name = cancelSubscription)]
    pub async fn cancel_subscription(
        &self,
        request: Ts<Cancellation>,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<OrderAccepted>, JsValue> {
        self.order(
            "cancellation",
            request.js_value(),
            options,
            |c, r: Cancellation, o| async move { c.cancel(&r, o).await },
        )
        .await
    }

    /// The status of an order request: `PENDING`, `SUCCESS` (with the SID) or `ERROR`.
    #[wasm_bindgen(js_name = getOrderStatus)]
    pub async fn get_order_status(
        &self,
        #[wasm_bindgen(js_name = "requestId")] request_id: Str,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<OrderStatus>, JsValue> {
        let request_id = request_id.text(Api::Omnissa, "requestId")?;
        let c = Rc::clone(&self.inner);
        Self::simple(options, async move { c.order_status(&request_id).await }).await
    }

    /// Polls an order with growing delays until `SUCCESS` (resolves with the SID) or `ERROR`
    /// (rejects with `ORDER_FAILED` and the API's message).
    #[wasm_bindgen(js_name = waitForOrder)]
    pub async fn wait_for_order(
        &self,
        #[wasm_bindgen(js_name = "requestId")] request_id: Str,
        options: Option<Ts<WaitOptions>>,
    ) -> Result<Ts<OrderResult>, JsValue> {
        let request_id = request_id.text(Api::Omnissa, "requestId")?;
        let o: WaitOptions =
            super::options::options(Api::Omnissa, "wait options", options.map(|o| o.js_value()))?;
        let c = Rc::clone(&self.inner);
        let poll = o.poll();
        to_js(
            &run_with(&o.signal, None, async move {
                c.wait_for_order(&request_id, poll).await
            })
            .await?,
        )
    }

    /// Checks a new order without sending it. Never throws.
    #[wasm_bindgen(js_name = validateOrder)]
    pub fn validate_order(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NewOrder")] order: JsValue,
    ) -> Result<Ts<ValidationReport>, JsValue> {
        report_of(
            "order",
            order,
            None,
            self.inner.now_ms(),
            |o: &NewOrder, _| rules::validate_new_order(o),
        )
    }

    /// Checks a quantity increase; give `context.subscription` to check SKUs and current quantities.
    #[wasm_bindgen(js_name = validateQuantityIncrease)]
    pub fn validate_quantity_increase(
        &self,
        #[wasm_bindgen(unchecked_param_type = "QuantityIncrease")] request: JsValue,
        context: Option<Ts<ValidationContext>>,
    ) -> Result<Ts<ValidationReport>, JsValue> {
        report_of(
            "quantity increase",
            request,
            context,
            self.inner.now_ms(),
            rules::validate_quantity_increase,
        )
    }

    /// Checks a secondary add-on; give `context.subscription` to check the SKU is new.
    #[wasm_bindgen(js_name = validateSecondaryAddOn)]
    pub fn validate_secondary_addon(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SecondaryAddOn")] request: JsValue,
        context: Option<Ts<ValidationContext>>,
    ) -> Result<Ts<ValidationReport>, JsValue> {
        report_of(
            "secondary add-on",
            request,
            context,
            self.inner.now_ms(),
            rules::validate_secondary_addon,
        )
    }

    /// Checks an upgrade; give `context.subscription` to check SKUs and quantities.
    #[wasm_bindgen(js_name = validateUpgrade)]
    pub fn validate_upgrade(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Upgrade")] request: JsValue,
        context: Option<Ts<ValidationContext>>,
    ) -> Result<Ts<ValidationReport>, JsValue> {
        report_of(
            "upgrade",
            request,
            context,
            self.inner.now_ms(),
            rules::validate_upgrade,
        )
    }

    /// Checks a renewal; give `context.subscription` (and optionally `now`) to check the window.
    #[wasm_bindgen(js_name = validateRenewal)]
    pub fn validate_renewal(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Renewal")] request: JsValue,
        context: Option<Ts<ValidationContext>>,
    ) -> Result<Ts<ValidationReport>, JsValue> {
        report_of(
            "renewal",
            request,
            context,
            self.inner.now_ms(),
            rules::validate_renewal,
        )
    }

    /// Checks a cancellation; give `context.subscription` (and optionally `now`) to check the window.
    #[wasm_bindgen(js_name = validateCancellation)]
    pub fn validate_cancellation(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Cancellation")] request: JsValue,
        context: Option<Ts<ValidationContext>>,
    ) -> Result<Ts<ValidationReport>, JsValue> {
        report_of(
            "cancellation",
            request,
            context,
            self.inner.now_ms(),
            rules::validate_cancellation,
        )
    }
}

/// Decodes an Omnissa SKU as far as it can (family, per device or user, edition, term,
/// billing). Never throws; `wellFormed` says whether the SKU has the expected shape.
#[wasm_bindgen(js_name = parseSku)]
pub fn parse_sku(sku: Str) -> Result<Ts<SkuInfo>, JsValue> {
    let sku = sku.text(Api::Omnissa, "sku")?;
    to_js(&omnissa::parse_sku(&sku))
}

/// The 30-day renewal and cancellation window of a subscription, judged at `now` (epoch ms,
/// default `Date.now()`). `undefined` when the subscription has no parseable end date.
#[wasm_bindgen(js_name = renewalWindow)]
pub fn renewal_window(
    subscription: Ts<Subscription>,
    now: Option<f64>,
) -> Result<Option<Ts<RenewalWindow>>, JsValue> {
    let sub: Subscription = from_js(Api::Omnissa, "subscription", subscription.js_value())?;
    let now = now
        .filter(|n| n.is_finite())
        .unwrap_or_else(js_sys::Date::now) as i64;
    omnissa::renewal_window(&sub, now)
        .map(|w| to_js(&w))
        .transpose()
}
