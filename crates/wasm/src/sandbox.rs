//! `Sandbox` for JavaScript: the emulator as a synchronous request handler, JSON in and out.
//!
//! The package's JS layer builds `sandbox.fetch` (a `fetch`-compatible function) and
//! `sandbox.clock` on top of [`JsSandbox::handle`] and [`JsSandbox::now`]; Rust makes no JS
//! functions and reads no JS values.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tsify::Tsify;
use wasm_bindgen::prelude::*;

use super::convert::{arg_str, from_json, to_json};
use super::error::Failure;
use super::options::options;
use partner_ordering::error::{Api, Error};
use partner_ordering::http::{HttpRequest, Method};
use partner_ordering::sandbox::{
    Fault, OrderSettings, Outcome, Sandbox, APS_CONSUMER_KEY, APS_CONSUMER_SECRET,
    APS_CUSTOMER2_ID, APS_CUSTOMER_ID, APS_PLAN_ID, APS_RESELLER_EMAIL, APS_RESELLER_ID,
    APS_RESOURCE_ID, SANDBOX_APP_ID, SANDBOX_APP_SECRET, SANDBOX_PARTNER_ID, SIMPLE_CUSTOMER_ID,
    SIMPLE_PASSWORD, SIMPLE_PREFIX, SIMPLE_SUBSCRIPTION_KEY, SIMPLE_USERNAME,
};
use partner_ordering::sandbox::{
    CLOUDMORE_API_SECRET, CLOUDMORE_BROKER_USERNAME, CLOUDMORE_ORG2_ID, CLOUDMORE_ORG_ID,
    CLOUDMORE_ORG_ONLY_PRODUCT_ID, CLOUDMORE_PASSWORD, CLOUDMORE_PRODUCT_ID, CLOUDMORE_RESELLER_ID,
    CLOUDMORE_RESELLER_ONLY_PRODUCT_ID, CLOUDMORE_SELLER_ID, CLOUDMORE_SELLER_USERNAME,
    CLOUDMORE_SERVICE2_ID, CLOUDMORE_SERVICE_ID,
};

/// The members the JS layer adds to every `Sandbox`: `fetch` (answers from this sandbox
/// through `handle`) and `clock` (the sandbox's time through `now`). Declared here, without
/// tsify, so the generated `.d.ts` still describes them.
#[wasm_bindgen(typescript_custom_section)]
const SANDBOX_EXTRAS: &'static str = r#"
/**
 * Members the package's JS layer adds to every `Sandbox` (`Sandbox & SandboxExtras`).
 */
export interface SandboxExtras {
  /**
   * A function with the signature of `fetch` that answers from this sandbox. Pass it as a
   * client's `fetch` option. It can be called detached (`const f = sandbox.fetch`).
   */
  readonly fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  /**
   * The sandbox's clock as a `() => number`: pass it as a client's `now` so the client judges
   * renewal windows by the same (advanceable) time as the sandbox.
   */
  readonly clock: () => number;
}
"#;

/// A request for `handle`, as the JS layer's `fetch` or the demo's HTTP server hands it over.
#[derive(Tsify, Deserialize)]
pub struct SandboxRequest {
    /// `GET`, `POST`, …
    pub method: String,
    /// Absolute URL, or a path (then `http://sandbox.local` is assumed).
    pub url: String,
    /// Header names and values.
    #[serde(default)]
    #[tsify(optional)]
    pub headers: BTreeMap<String, String>,
    /// The body as text.
    #[serde(default)]
    #[tsify(optional)]
    pub body: Option<String>,
}

/// The sandbox's answer to `handle`.
#[derive(Tsify, Serialize)]
pub struct SandboxResponse {
    /// HTTP status, or 0 for a simulated network failure or hang.
    pub status: u16,
    /// Response headers.
    pub headers: BTreeMap<String, String>,
    /// The body as text.
    pub body: String,
    /// `networkError` or `hang` when a fault was injected: drop or stall the connection.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub fault: Option<String>,
}

/// Credentials the sandbox accepts.
#[derive(Tsify, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SandboxCredentials {
    /// For `new OmnissaClient({...})`.
    pub omnissa: OmnissaSandboxCredentials,
    /// For `new CloudBlueSimpleClient({...})`; `basePath` goes after the sandbox's origin.
    pub cloudblue_simple: SimpleSandboxCredentials,
    /// For `new CloudBlueApsClient({...})` with OAuth 1.0a; `apsToken()` gives tokens instead.
    pub cloudblue_aps: ApsSandboxCredentials,
    /// For `new CloudmoreClient({...})`, with the ids of the seeded hierarchy.
    pub cloudmore: CloudmoreSandboxCredentials,
}

/// One Cloudmore credential level of the sandbox.
#[derive(Tsify, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CloudmoreSandboxLevel {
    /// `sellerId` or `resellerId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub seller_id: Option<String>,
    /// `resellerId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub reseller_id: Option<String>,
    /// `username`.
    pub username: String,
    /// `password` (opens only the sandbox).
    pub password: String,
    /// `apiSecret` (opens only the sandbox).
    pub api_secret: String,
}

/// Cloudmore sandbox credentials and seeded ids.
#[derive(Tsify, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CloudmoreSandboxCredentials {
    /// Seller-level credentials: `seller` in the client options.
    pub seller: CloudmoreSandboxLevel,
    /// Broker-level credentials: `broker` in the client options.
    pub broker: CloudmoreSandboxLevel,
    /// "Acme Corp": has its own price list for the backup service.
    pub organization_id: String,
    /// "Globex": uses the broker's prices.
    pub organization2_id: String,
    /// "Managed Backup" (licence keys enabled).
    pub service_id: String,
    /// "Managed Firewall" (no licence keys).
    pub service2_id: String,
    /// "Backup 100 GB", in both price lists.
    pub product_id: String,
    /// "Backup 1 TB", in the broker's list only.
    pub reseller_only_product_id: String,
    /// "Backup Enterprise", in Acme's list only.
    pub organization_only_product_id: String,
}

/// SimpleAPI sandbox credentials.
#[derive(Tsify, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SimpleSandboxCredentials {
    /// Path of the API below the origin: `/marketplace/sandbox`.
    pub base_path: String,
    /// `username`.
    pub username: String,
    /// `password` (opens only the sandbox).
    pub password: String,
    /// `subscriptionKey`.
    pub subscription_key: String,
    /// `marketplace`.
    pub marketplace: String,
    /// A customer that already has the E1 licence.
    pub customer_id: String,
}

/// APS sandbox credentials and ids.
#[derive(Tsify, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApsSandboxCredentials {
    /// `consumerKey`.
    pub consumer_key: String,
    /// `consumerSecret` (opens only the sandbox).
    pub consumer_secret: String,
    /// The reseller's technical contact email (find it with `findAccountIdByEmail`).
    pub reseller_email: String,
    /// The service plan of the guide.
    pub plan_id: String,
    /// The resource of the guide (one unit included).
    pub resource_id: String,
    /// The reseller's APS id (the `resellerId` of `listSubscriptions` leaves its own out).
    pub reseller_id: String,
    /// The APS ids of the two seeded customers (Blue Harbor Ltd, Cedar Works GmbH).
    pub customer_ids: Vec<String>,
}

/// Omnissa sandbox credentials.
#[derive(Tsify, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OmnissaSandboxCredentials {
    /// `appId`.
    pub app_id: String,
    /// `appSecret` (opens only the sandbox).
    pub app_secret: String,
    /// `partnerId`.
    pub partner_id: String,
}

/// Options for `new Sandbox(…)`.
#[derive(Tsify, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct SandboxOptions {
    /// The sandbox's idea of "now" at creation, in epoch ms. Default `Date.now()`.
    #[serde(default)]
    #[tsify(optional)]
    pub now: Option<f64>,
}

/// Real time, in epoch ms: the sandbox's clock runs with it, shifted by `advanceTime` and a
/// pinned `now`.
fn real_now() -> f64 {
    js_sys::Date::now()
}

/// An in-memory emulator of the partner APIs. Pass `sandbox.fetch` as a client's `fetch` and
/// `sandbox.clock` as its `now` (both added by the JS layer, see `SandboxExtras`).
#[wasm_bindgen(js_name = Sandbox)]
pub struct JsSandbox {
    sandbox: RefCell<Sandbox>,
    /// Added to real time; moved by `advanceTime` and by a pinned `now`.
    offset_ms: Cell<f64>,
}

impl JsSandbox {
    /// The sandbox's time, in epoch ms.
    fn clock_ms(&self) -> i64 {
        (real_now() + self.offset_ms.get()) as i64
    }
}

#[wasm_bindgen(js_class = Sandbox)]
impl JsSandbox {
    /// A fresh sandbox seeded with the documents' sample data.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "SandboxOptions")] options: Option<String>,
    ) -> Result<JsSandbox, Failure> {
        let o: SandboxOptions = self::options(Api::Omnissa, "Sandbox options", options)?;
        let real = real_now();
        let offset = o.now.filter(|n| n.is_finite()).map_or(0.0, |n| n - real);
        Ok(JsSandbox {
            sandbox: RefCell::new(Sandbox::new((real + offset) as i64)),
            offset_ms: Cell::new(offset),
        })
    }

    /// Handles one request at the sandbox's own time `now()`. A response has `status` 100–599;
    /// an injected `networkError` or `hang` comes back as `status` 0 with `fault` set, for the
    /// caller to reject (like `fetch` on a dropped connection) or stay pending until aborted.
    #[wasm_bindgen(unchecked_return_type = "SandboxResponse")]
    pub fn handle(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SandboxRequest")] request: String,
    ) -> Result<String, Failure> {
        let r: SandboxRequest = from_json(Api::Omnissa, "sandbox request", &request)?;
        let method = Method::parse(&r.method).ok_or_else(|| Error::Configuration {
            message: format!("unsupported method {}", r.method),
        })?;
        let url = if r.url.starts_with('/') {
            format!("http://sandbox.local{}", r.url)
        } else {
            r.url
        };
        let mut req = HttpRequest::new(method, url);
        for (n, v) in r.headers {
            req.headers.append(&n, v);
        }
        req.body = r.body.filter(|b| !b.is_empty());
        let now = self.clock_ms();
        let outcome = self.sandbox.borrow_mut().handle(&req, now);
        let resp = match outcome {
            Outcome::Respond(r) => SandboxResponse {
                status: r.status,
                headers: r
                    .headers
                    .iter()
                    .map(|(n, v)| (n.to_ascii_lowercase(), v.to_string()))
                    .collect(),
                body: r.text(),
                fault: None,
            },
            other => SandboxResponse {
                status: 0,
                headers: BTreeMap::new(),
                body: String::new(),
                fault: Some(
                    if other == Outcome::Hang {
                        "hang"
                    } else {
                        "networkError"
                    }
                    .into(),
                ),
            },
        };
        to_json(&resp)
    }

    /// Makes upcoming matching requests fail: `{ kind: { htmlStatus: 502 }, count: 1 }`,
    /// `{ kind: "networkError" }`, `{ kind: "hang", pathContains: "/subscriptions" }`.
    #[wasm_bindgen(js_name = injectFault, unchecked_return_type = "undefined")]
    pub fn inject_fault(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Fault")] fault: String,
    ) -> Result<String, Failure> {
        let f: Fault = from_json(Api::Omnissa, "fault", &fault)?;
        self.sandbox.borrow_mut().inject(f);
        Ok("null".into())
    }

    /// Every request handled so far (method, path, status; never headers or bodies).
    #[wasm_bindgen(unchecked_return_type = "RecordedCall[]")]
    pub fn calls(&self) -> Result<String, Failure> {
        to_json(self.sandbox.borrow().calls())
    }

    /// Expires every access token, as if they had timed out.
    #[wasm_bindgen(js_name = expireTokens, unchecked_return_type = "undefined")]
    pub fn expire_tokens(&self) -> Result<String, Failure> {
        self.sandbox.borrow_mut().expire_tokens();
        Ok("null".into())
    }

    /// How Omnissa orders progress: PENDING for `pendingPolls` status requests or `pendingMs` of
    /// sandbox time, whichever comes first (defaults 2 and 5000).
    #[wasm_bindgen(js_name = setOmnissaOrderSettings, unchecked_return_type = "undefined")]
    pub fn set_omnissa_order_settings(
        &self,
        #[wasm_bindgen(unchecked_param_type = "OrderSettings")] settings: String,
    ) -> Result<String, Failure> {
        let s: OrderSettings = from_json(Api::Omnissa, "order settings", &settings)?;
        self.sandbox.borrow_mut().set_omnissa_order_settings(s);
        Ok("null".into())
    }

    /// Moves every pending order on to its end now, in all APIs: Omnissa orders to `SUCCESS`
    /// (or `ERROR`), APS and SimpleAPI orders to completed, with their effects on the stored
    /// subscriptions; returns how many orders it moved.
    #[wasm_bindgen(js_name = advanceOrders, unchecked_return_type = "number")]
    pub fn advance_orders(&self) -> Result<String, Failure> {
        let now = self.clock_ms();
        to_json(&self.sandbox.borrow_mut().advance_orders(now))
    }

    /// Makes the next Omnissa order end in `ERROR` with this message.
    #[wasm_bindgen(js_name = failNextOmnissaOrder, unchecked_return_type = "undefined")]
    pub fn fail_next_omnissa_order(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] message: String,
    ) -> Result<String, Failure> {
        let message = arg_str(Api::Omnissa, "message", &message)?;
        self.sandbox.borrow_mut().fail_next_omnissa_order(message);
        Ok("null".into())
    }

    /// A fresh CloudBlue `APS-Token`, as a backend gets from `pem.APS.getUserToken`: use it in
    /// a `CloudBlueApsClient`'s `apsToken` provider.
    #[wasm_bindgen(js_name = apsToken, unchecked_return_type = "string")]
    pub fn aps_token(&self) -> Result<String, Failure> {
        to_json(&self.sandbox.borrow_mut().issue_aps_token())
    }

    /// Moves the sandbox's clock forward by `ms` milliseconds; zero, negative or `null` (from
    /// `NaN` or `Infinity`) does nothing.
    #[wasm_bindgen(js_name = advanceTime, unchecked_return_type = "undefined")]
    pub fn advance_time(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] ms: String,
    ) -> Result<String, Failure> {
        let ms: Option<f64> = from_json(Api::Omnissa, "ms", &ms)?;
        if let Some(ms) = ms.filter(|m| m.is_finite() && *m > 0.0) {
            self.offset_ms.set(self.offset_ms.get() + ms);
        }
        Ok("null".into())
    }

    /// The sandbox's current time, in epoch ms.
    #[wasm_bindgen(unchecked_return_type = "number")]
    pub fn now(&self) -> Result<String, Failure> {
        to_json(&self.clock_ms())
    }

    /// The credentials the sandbox accepts.
    #[wasm_bindgen(unchecked_return_type = "SandboxCredentials")]
    pub fn credentials() -> Result<String, Failure> {
        to_json(&SandboxCredentials {
            omnissa: OmnissaSandboxCredentials {
                app_id: SANDBOX_APP_ID.into(),
                app_secret: SANDBOX_APP_SECRET.into(),
                partner_id: SANDBOX_PARTNER_ID.into(),
            },
            cloudblue_simple: SimpleSandboxCredentials {
                base_path: SIMPLE_PREFIX.into(),
                username: SIMPLE_USERNAME.into(),
                password: SIMPLE_PASSWORD.into(),
                subscription_key: SIMPLE_SUBSCRIPTION_KEY.into(),
                marketplace: "us".into(),
                customer_id: SIMPLE_CUSTOMER_ID.into(),
            },
            cloudblue_aps: ApsSandboxCredentials {
                consumer_key: APS_CONSUMER_KEY.into(),
                consumer_secret: APS_CONSUMER_SECRET.into(),
                reseller_email: APS_RESELLER_EMAIL.into(),
                plan_id: APS_PLAN_ID.into(),
                resource_id: APS_RESOURCE_ID.into(),
                reseller_id: APS_RESELLER_ID.into(),
                customer_ids: vec![APS_CUSTOMER_ID.into(), APS_CUSTOMER2_ID.into()],
            },
            cloudmore: CloudmoreSandboxCredentials {
                seller: CloudmoreSandboxLevel {
                    seller_id: Some(CLOUDMORE_SELLER_ID.into()),
                    reseller_id: None,
                    username: CLOUDMORE_SELLER_USERNAME.into(),
                    password: CLOUDMORE_PASSWORD.into(),
                    api_secret: CLOUDMORE_API_SECRET.into(),
                },
                broker: CloudmoreSandboxLevel {
                    seller_id: None,
                    reseller_id: Some(CLOUDMORE_RESELLER_ID.into()),
                    username: CLOUDMORE_BROKER_USERNAME.into(),
                    password: CLOUDMORE_PASSWORD.into(),
                    api_secret: CLOUDMORE_API_SECRET.into(),
                },
                organization_id: CLOUDMORE_ORG_ID.into(),
                organization2_id: CLOUDMORE_ORG2_ID.into(),
                service_id: CLOUDMORE_SERVICE_ID.into(),
                service2_id: CLOUDMORE_SERVICE2_ID.into(),
                product_id: CLOUDMORE_PRODUCT_ID.into(),
                reseller_only_product_id: CLOUDMORE_RESELLER_ONLY_PRODUCT_ID.into(),
                organization_only_product_id: CLOUDMORE_ORG_ONLY_PRODUCT_ID.into(),
            },
        })
    }
}
