//! `OmnissaClient` for JavaScript.

use std::rc::Rc;

use serde::Deserialize;
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

use super::convert::{from_js, to_js, to_js_vec};
use super::options::{
    guard_browser_secret, http_client, run_with, JsTokenProvider, RequestOptions,
};
use crate::error::{Api, Error};
use crate::omnissa::{Credentials, OmnissaClient, OmnissaConfig, Subscription, DEFAULT_BASE_URL};
use crate::secret::Secret;

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
    /// Timeout per attempt in milliseconds. Default 60000.
    #[serde(default)]
    #[tsify(optional)]
    pub timeout_ms: Option<u32>,
    /// Retries of idempotent requests after transient failures. Default 2. Order POSTs are
    /// never retried.
    #[serde(default)]
    #[tsify(optional)]
    pub max_retries: Option<u32>,
    /// A `fetch` to use instead of the global one; called with `this` undefined.
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    #[tsify(
        optional,
        type = "(input: string, init: RequestInit) => Promise<Response>"
    )]
    pub fetch: JsValue,
    /// Allow `appSecret` in a browser page. Only for the sandbox or trusted internal tools.
    #[serde(default)]
    #[tsify(optional)]
    pub dangerously_allow_browser: bool,
}

/// Client for the Omnissa Partner Managed Services Ordering API.
#[wasm_bindgen(js_name = OmnissaClient)]
pub struct JsOmnissaClient {
    inner: Rc<OmnissaClient>,
}

fn build(options: Ts<OmnissaClientOptions>) -> Result<OmnissaClient, Error> {
    let o: OmnissaClientOptions =
        from_js(Api::Omnissa, "OmnissaClient options", options.js_value())?;
    let credentials = match (
        o.token_provider.dyn_ref::<js_sys::Function>(),
        o.app_id,
        o.app_secret,
    ) {
        (Some(f), _, _) => Credentials::Provider(Rc::new(JsTokenProvider(f.clone()))),
        (None, Some(app_id), Some(app_secret)) => {
            guard_browser_secret(Api::Omnissa, true, o.dangerously_allow_browser)?;
            Credentials::ClientCredentials { app_id, app_secret }
        }
        _ => {
            return Err(Error::Configuration {
                message: "omnissa: give `appId` and `appSecret`, or a `tokenProvider` function"
                    .into(),
            })
        }
    };
    let http = http_client(&o.fetch, o.timeout_ms, o.max_retries)?;
    OmnissaClient::new(
        OmnissaConfig {
            partner_id: o.partner_id,
            base_url: o.base_url.unwrap_or_else(|| DEFAULT_BASE_URL.to_string()),
            token_url: o.token_url,
            credentials,
        },
        http,
    )
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
        let c = Rc::clone(&self.inner);
        let subs = run_with(options, Api::Omnissa, async move {
            c.list_subscriptions().await
        })
        .await?;
        to_js_vec(&subs)
    }

    /// One subscription by its SID (service instance id, e.g. `M123456789`).
    #[wasm_bindgen(js_name = getSubscription)]
    pub async fn get_subscription(
        &self,
        sid: String,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<Subscription>, JsValue> {
        let c = Rc::clone(&self.inner);
        let sub = run_with(options, Api::Omnissa, async move {
            c.get_subscription(&sid).await
        })
        .await?;
        to_js(&sub)
    }
}
