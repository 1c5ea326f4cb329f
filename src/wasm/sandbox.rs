//! `Sandbox` for JavaScript: the emulator behind a `fetch`-compatible function, plus a
//! request/response handler for the demo's HTTP server.

use super::convert::Str;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use super::convert::{from_js, to_js, to_js_vec};
use crate::error::{Api, Error};
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::sandbox::{
    Fault, OrderSettings, Outcome, RecordedCall, Sandbox, APS_CONSUMER_KEY, APS_CONSUMER_SECRET,
    APS_PLAN_ID, APS_RESELLER_EMAIL, APS_RESOURCE_ID, SANDBOX_APP_ID, SANDBOX_APP_SECRET,
    SANDBOX_PARTNER_ID, SIMPLE_CUSTOMER_ID, SIMPLE_PASSWORD, SIMPLE_PREFIX,
    SIMPLE_SUBSCRIPTION_KEY, SIMPLE_USERNAME,
};
use crate::sandbox::{
    CLOUDMORE_API_SECRET, CLOUDMORE_BROKER_USERNAME, CLOUDMORE_ORG2_ID, CLOUDMORE_ORG_ID,
    CLOUDMORE_ORG_ONLY_PRODUCT_ID, CLOUDMORE_PASSWORD, CLOUDMORE_PRODUCT_ID, CLOUDMORE_RESELLER_ID,
    CLOUDMORE_RESELLER_ONLY_PRODUCT_ID, CLOUDMORE_SELLER_ID, CLOUDMORE_SELLER_USERNAME,
    CLOUDMORE_SERVICE2_ID, CLOUDMORE_SERVICE_ID,
};

/// A request as the demo's HTTP server hands it over.
#[derive(Tsify, Deserialize)]
#[tsify(hashmap_as_object)]
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

/// The sandbox's answer for the HTTP server.
#[derive(Tsify, Serialize)]
#[tsify(hashmap_as_object)]
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

struct Shared {
    sandbox: RefCell<Sandbox>,
    /// Added to `Date.now()`; moved by `advanceTime` and by a pinned `now`.
    offset_ms: Cell<f64>,
}

impl Shared {
    fn now(&self) -> i64 {
        (js_sys::Date::now() + self.offset_ms.get()) as i64
    }
}

/// An in-memory emulator of the partner APIs. Pass `sandbox.fetch` as a client's `fetch`.
#[wasm_bindgen(js_name = Sandbox)]
pub struct JsSandbox {
    shared: Rc<Shared>,
    fetch: js_sys::Function,
    clock: js_sys::Function,
}

async fn to_http_request(
    input: JsValue,
    init: JsValue,
) -> Result<(HttpRequest, web_sys::Request), JsValue> {
    // Let the platform's Request constructor normalise every form fetch accepts.
    let init: web_sys::RequestInit = if init.is_undefined() || init.is_null() {
        web_sys::RequestInit::new()
    } else {
        init.unchecked_into()
    };
    let req = match input.as_string() {
        Some(url) => web_sys::Request::new_with_str_and_init(&url, &init)?,
        None => match input.dyn_ref::<web_sys::Request>() {
            Some(r) => web_sys::Request::new_with_request_and_init(r, &init)?,
            None => {
                let url = js_sys::JsString::from(input)
                    .as_string()
                    .unwrap_or_default();
                web_sys::Request::new_with_str_and_init(&url, &init)?
            }
        },
    };
    let method = Method::parse(&req.method()).unwrap_or(Method::Get);
    let mut http = HttpRequest::new(method, req.url());
    if let Ok(Some(iter)) = js_sys::try_iter(&req.headers()) {
        for entry in iter.flatten() {
            let pair: js_sys::Array = entry.unchecked_into();
            if let (Some(n), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                http.headers.append(&n, v);
            }
        }
    }
    let text = JsFuture::from(req.text()?)
        .await?
        .as_string()
        .unwrap_or_default();
    if !text.is_empty() {
        http.body = Some(text);
    }
    Ok((http, req))
}

fn to_web_response(r: &HttpResponse) -> Result<web_sys::Response, JsValue> {
    let init = web_sys::ResponseInit::new();
    init.set_status(r.status);
    let headers = web_sys::Headers::new()?;
    for (n, v) in r.headers.iter() {
        headers.append(n, v)?;
    }
    init.set_headers(&headers);
    // 204, 205 and 304 must not have a body, or the Response constructor throws.
    if matches!(r.status, 204 | 205 | 304) {
        web_sys::Response::new_with_opt_str_and_init(None, &init)
    } else {
        web_sys::Response::new_with_opt_str_and_init(Some(&r.text()), &init)
    }
}

fn make_fetch(shared: Rc<Shared>) -> js_sys::Function {
    let f = Closure::<dyn FnMut(JsValue, JsValue) -> js_sys::Promise>::new(
        move |input: JsValue, init: JsValue| {
            let shared = Rc::clone(&shared);
            future_to_promise(async move {
                let (req, web_req) = to_http_request(input, init).await?;
                // Like fetch: an aborted signal means the request never reaches the server.
                if web_req.signal().aborted() {
                    return Err(web_req.signal().reason());
                }
                let outcome = shared.sandbox.borrow_mut().handle(&req, shared.now());
                match outcome {
                    Outcome::Respond(r) => Ok(to_web_response(&r)?.into()),
                    Outcome::NetworkError => Err(js_sys::TypeError::new(
                        "fetch failed (sandbox: simulated network failure)",
                    )
                    .into()),
                    Outcome::Hang => {
                        // Stay pending until the caller aborts, as a stalled connection would.
                        let signal = web_req.signal();
                        if signal.aborted() {
                            return Err(signal.reason());
                        }
                        let p = js_sys::Promise::new(&mut |_resolve, reject| {
                            let _ = signal.add_event_listener_with_callback("abort", &reject);
                        });
                        JsFuture::from(p).await?;
                        Err(signal.reason())
                    }
                }
            })
        },
    );
    f.into_js_value().unchecked_into()
}

#[wasm_bindgen(js_class = Sandbox)]
impl JsSandbox {
    /// A fresh sandbox seeded with the documents' sample data.
    #[wasm_bindgen(constructor)]
    pub fn new(options: Option<Ts<SandboxOptions>>) -> Result<JsSandbox, JsValue> {
        let o: SandboxOptions = match options {
            Some(o) => from_js(Api::Omnissa, "Sandbox options", o.js_value())?,
            None => SandboxOptions::default(),
        };
        let real = js_sys::Date::now();
        let offset = o.now.filter(|n| n.is_finite()).map_or(0.0, |n| n - real);
        let shared = Rc::new(Shared {
            sandbox: RefCell::new(Sandbox::new((real + offset) as i64)),
            offset_ms: Cell::new(offset),
        });
        let for_clock = Rc::clone(&shared);
        let clock = Closure::<dyn Fn() -> f64>::new(move || for_clock.now() as f64)
            .into_js_value()
            .unchecked_into();
        Ok(JsSandbox {
            fetch: make_fetch(Rc::clone(&shared)),
            clock,
            shared,
        })
    }

    /// A function with the signature of `fetch` that answers from this sandbox. Pass it as a
    /// client's `fetch` option. It can be called detached (`const f = sandbox.fetch`).
    #[wasm_bindgen(
        getter,
        unchecked_return_type = "(input: string | URL | Request, init?: RequestInit) => Promise<Response>"
    )]
    pub fn fetch(&self) -> js_sys::Function {
        self.fetch.clone()
    }

    /// The sandbox's clock as a `() => number`: pass it as a client's `now` so the client judges
    /// renewal windows by the same (advanceable) time as the sandbox.
    #[wasm_bindgen(getter, unchecked_return_type = "() => number")]
    pub fn clock(&self) -> js_sys::Function {
        self.clock.clone()
    }

    /// Handles one request for an HTTP server (see `www/server.mjs`).
    pub fn handle(&self, request: Ts<SandboxRequest>) -> Result<Ts<SandboxResponse>, JsValue> {
        let r: SandboxRequest = from_js(Api::Omnissa, "sandbox request", request.js_value())?;
        let method = Method::parse(&r.method).ok_or_else(|| {
            JsValue::from(Error::Configuration {
                message: format!("unsupported method {}", r.method),
            })
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
        let outcome = self
            .shared
            .sandbox
            .borrow_mut()
            .handle(&req, self.shared.now());
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
        to_js(&resp)
    }

    /// Makes upcoming matching requests fail: `{ kind: { htmlStatus: 502 }, count: 1 }`,
    /// `{ kind: "networkError" }`, `{ kind: "hang", pathContains: "/subscriptions" }`.
    #[wasm_bindgen(js_name = injectFault)]
    pub fn inject_fault(&self, fault: Ts<Fault>) -> Result<(), JsValue> {
        let f: Fault = from_js(Api::Omnissa, "fault", fault.js_value())?;
        self.shared.sandbox.borrow_mut().inject(f);
        Ok(())
    }

    /// Every request handled so far (method, path, status; never headers or bodies).
    pub fn calls(&self) -> Result<Vec<Ts<RecordedCall>>, JsValue> {
        to_js_vec(self.shared.sandbox.borrow().calls())
    }

    /// Expires every access token, as if they had timed out.
    #[wasm_bindgen(js_name = expireTokens)]
    pub fn expire_tokens(&self) {
        self.shared.sandbox.borrow_mut().expire_tokens();
    }

    /// How Omnissa orders progress: PENDING for `pendingPolls` status requests or `pendingMs` of
    /// sandbox time, whichever comes first (defaults 2 and 5000).
    #[wasm_bindgen(js_name = setOmnissaOrderSettings)]
    pub fn set_omnissa_order_settings(&self, settings: Ts<OrderSettings>) -> Result<(), JsValue> {
        let s: OrderSettings = from_js(Api::Omnissa, "order settings", settings.js_value())?;
        self.shared
            .sandbox
            .borrow_mut()
            .set_omnissa_order_settings(s);
        Ok(())
    }

    /// Makes the next Omnissa order end in `ERROR` with this message.
    #[wasm_bindgen(js_name = failNextOmnissaOrder)]
    pub fn fail_next_omnissa_order(&self, message: Str) -> Result<(), JsValue> {
        let message = message.text(Api::Omnissa, "message")?;
        self.shared
            .sandbox
            .borrow_mut()
            .fail_next_omnissa_order(message);
        Ok(())
    }

    /// A fresh CloudBlue `APS-Token`, as a backend gets from `pem.APS.getUserToken`: use it in
    /// a `CloudBlueApsClient`'s `apsToken` provider.
    #[wasm_bindgen(js_name = apsToken)]
    pub fn aps_token(&self) -> String {
        self.shared.sandbox.borrow_mut().issue_aps_token()
    }

    /// Moves the sandbox's clock forward.
    #[wasm_bindgen(js_name = advanceTime)]
    pub fn advance_time(&self, ms: f64) {
        if ms.is_finite() && ms > 0.0 {
            self.shared.offset_ms.set(self.shared.offset_ms.get() + ms);
        }
    }

    /// The sandbox's current time, in epoch ms.
    pub fn now(&self) -> f64 {
        self.shared.now() as f64
    }

    /// The credentials the sandbox accepts.
    pub fn credentials() -> Result<Ts<SandboxCredentials>, JsValue> {
        to_js(&SandboxCredentials {
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
