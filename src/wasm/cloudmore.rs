//! `CloudmoreClient` for JavaScript.

use super::convert::Str;
use std::rc::Rc;

use serde::Deserialize;
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

use super::convert::{from_js, to_js};
use super::options::{
    call_js, call_js_opt, call_js_vec, client_options, guard_browser_secret, report_js,
    ClientOptions, CommonClientOptions, JsTokenProvider, RequestOptions,
};
use crate::cloudmore::{
    rules, CloudmoreClient, CloudmoreConfig, CloudmoreCredentials, CloudmoreLevel,
    CloudmoreSubscription, CloudmoreSubscriptionUpdate, NewCloudmoreSubscription, OrgService,
    PriceList, SubscriptionHistory, DEFAULT_BASE_URL,
};
use crate::error::{Api, Error};
use crate::secret::Secret;
use crate::validate::{Issues, ValidationReport};

const API: Api = Api::Cloudmore;

/// One credential level: a password grant (`username`, `password`, `apiSecret`) or a
/// `tokenProvider`.
#[derive(Tsify, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CloudmoreLevelOptions {
    /// The seller's id (for `seller`).
    #[serde(default)]
    #[tsify(optional)]
    pub seller_id: Option<String>,
    /// The broker's id (for `broker`).
    #[serde(default)]
    #[tsify(optional)]
    pub reseller_id: Option<String>,
    /// API user (an email address).
    #[serde(default)]
    #[tsify(optional)]
    pub username: Option<String>,
    /// The user's password. Refused in browser pages unless `dangerouslyAllowBrowser`.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    pub password: Option<Secret>,
    /// The API secret of `ro.customer.client`.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    pub api_secret: Option<Secret>,
    /// Supplies bearer tokens instead of a password (e.g. from your backend).
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    #[tsify(
        optional,
        type = "() => Promise<string | { accessToken: string; expiresIn?: number }>"
    )]
    pub token_provider: JsValue,
}

/// What `getResellerPriceList` may narrow. An object rather than a bare string, so that the
/// per-call options that follow can never be mistaken for it.
#[derive(Tsify, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct PriceListQuery {
    /// ISO 4217 currency code, e.g. `EUR`.
    #[serde(default)]
    #[tsify(optional)]
    pub currency_code: Option<String>,
}

/// Options for `new CloudmoreClient(…)`. Give `seller`, `broker` or both: seller operations need
/// seller-level credentials, reseller and organization operations broker-level ones.
#[derive(Tsify, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CloudmoreClientOptions {
    /// API origin. Default `https://api.cloudmore.com`.
    #[serde(default)]
    #[tsify(optional)]
    pub base_url: Option<String>,
    /// Seller-level credentials: `{ sellerId, username, password, apiSecret }` or
    /// `{ sellerId, tokenProvider }`.
    #[serde(default)]
    #[tsify(
        optional,
        type = "Omit<CloudmoreLevelOptions, \"sellerId\" | \"resellerId\"> & { sellerId: string }"
    )]
    pub seller: Option<CloudmoreLevelOptions>,
    /// Broker-level credentials: `{ resellerId, username, password, apiSecret }` or
    /// `{ resellerId, tokenProvider }`.
    #[serde(default)]
    #[tsify(
        optional,
        type = "Omit<CloudmoreLevelOptions, \"sellerId\" | \"resellerId\"> & { resellerId: string }"
    )]
    pub broker: Option<CloudmoreLevelOptions>,
    /// Fetch the applicable price list to check `productId` when none is loaded (default true).
    #[serde(default)]
    #[tsify(optional)]
    pub precheck: Option<bool>,
    /// Transport, clock, timeouts, retries, validation, browser guard.
    #[serde(flatten)]
    pub common: CommonClientOptions,
}

impl ClientOptions for CloudmoreClientOptions {
    const FUNCTION_FIELDS: &'static [&'static str] = &[];
    fn common_mut(&mut self) -> &mut CommonClientOptions {
        &mut self.common
    }
}

fn level(o: CloudmoreLevelOptions, name: &str, allow: bool) -> Result<CloudmoreLevel, Error> {
    // Each level names its own id, so a `broker` given a `sellerId` is told what it lacks.
    let (key, id) = match name {
        "seller" => ("sellerId", o.seller_id),
        _ => ("resellerId", o.reseller_id),
    };
    let id = id.ok_or_else(|| Error::Configuration {
        message: format!("cloudmore: `{name}.{key}` is required"),
    })?;
    let credentials = match (
        o.token_provider.dyn_ref::<js_sys::Function>(),
        o.username,
        o.password,
        o.api_secret,
    ) {
        (Some(f), _, _, _) => CloudmoreCredentials::Provider(Rc::new(JsTokenProvider(f.clone()))),
        (None, Some(username), Some(password), Some(api_secret)) => {
            guard_browser_secret(API, true, allow)?;
            CloudmoreCredentials::Password {
                username,
                password,
                api_secret,
            }
        }
        _ => {
            return Err(Error::Configuration {
                message: format!(
                    "cloudmore: `{name}` needs `username`, `password` and `apiSecret`, or a `tokenProvider`"
                ),
            })
        }
    };
    Ok(CloudmoreLevel { id, credentials })
}

fn build(options: Ts<CloudmoreClientOptions>) -> Result<CloudmoreClient, Error> {
    let o: CloudmoreClientOptions =
        client_options(API, "CloudmoreClient options", options.js_value())?;
    let allow = o.common.dangerously_allow_browser;
    let http = o.common.http()?;
    let cfg = CloudmoreConfig {
        base_url: o.base_url.unwrap_or_else(|| DEFAULT_BASE_URL.into()),
        seller: o.seller.map(|l| level(l, "seller", allow)).transpose()?,
        broker: o.broker.map(|l| level(l, "broker", allow)).transpose()?,
        validate: o.common.validate(),
        precheck: o.precheck.unwrap_or(true),
    };
    CloudmoreClient::new(cfg, http)
}

fn at(v: Ts<OrgService>) -> Result<OrgService, Error> {
    from_js(API, "organization and service", v.js_value())
}

/// A validation report from a rule that may need an explicit price list.
fn report_with_prices<T: serde::de::DeserializeOwned>(
    what: &str,
    input: JsValue,
    prices: Option<Ts<PriceList>>,
    fallback: Option<PriceList>,
    rule: impl FnOnce(&T, Option<&PriceList>) -> Issues,
) -> Result<Ts<ValidationReport>, JsValue> {
    let prices = match prices.map(|p| from_js::<PriceList>(API, "priceList", p.js_value())) {
        Some(Ok(p)) => Some(p),
        Some(Err(e)) => return to_js(&ValidationReport::from_error(&e)),
        None => fallback,
    };
    report_js(API, what, input, |v: &T| rule(v, prices.as_ref()))
}

/// Client for the Cloudmore Custom Service Subscription Management API.
#[wasm_bindgen(js_name = CloudmoreClient)]
pub struct JsCloudmoreClient {
    inner: Rc<CloudmoreClient>,
}

#[wasm_bindgen(js_class = CloudmoreClient)]
impl JsCloudmoreClient {
    /// Creates a client; throws `CONFIGURATION_ERROR` for missing settings.
    #[wasm_bindgen(constructor)]
    pub fn new(options: Ts<CloudmoreClientOptions>) -> Result<JsCloudmoreClient, JsValue> {
        Ok(JsCloudmoreClient {
            inner: Rc::new(build(options)?),
        })
    }

    /// Seller level: every subscription, cancelled ones included.
    #[wasm_bindgen(js_name = listSellerSubscriptions)]
    pub async fn list_seller_subscriptions(
        &self,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Vec<Ts<CloudmoreSubscription>>, JsValue> {
        let c = Rc::clone(&self.inner);
        call_js_vec(
            API,
            options,
            async move { c.list_seller_subscriptions().await },
        )
        .await
    }

    /// Seller level: one service's subscriptions across resellers and organizations.
    #[wasm_bindgen(js_name = listSellerSubscriptionsByService)]
    pub async fn list_seller_subscriptions_by_service(
        &self,
        #[wasm_bindgen(js_name = "serviceId")] service_id: Str,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Vec<Ts<CloudmoreSubscription>>, JsValue> {
        let service_id = service_id.text(API, "serviceId")?;
        let c = Rc::clone(&self.inner);
        call_js_vec(API, options, async move {
            c.list_seller_subscriptions_by_service(&service_id).await
        })
        .await
    }

    /// Seller level: one subscription.
    #[wasm_bindgen(js_name = getSellerSubscription)]
    pub async fn get_seller_subscription(
        &self,
        #[wasm_bindgen(js_name = "subscriptionId")] subscription_id: Str,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<CloudmoreSubscription>, JsValue> {
        let subscription_id = subscription_id.text(API, "subscriptionId")?;
        let c = Rc::clone(&self.inner);
        call_js(API, options, async move {
            c.get_seller_subscription(&subscription_id).await
        })
        .await
    }

    /// Seller level: `"Cancel"` keeps the subscription listed as cancelled; `"Delete"` removes
    /// it. Resolves to the subscription when the server returns it. Never retried.
    #[wasm_bindgen(
        js_name = removeSellerSubscription,
        unchecked_return_type = "CloudmoreSubscription | undefined"
    )]
    pub async fn remove_seller_subscription(
        &self,
        #[wasm_bindgen(js_name = "subscriptionId")] subscription_id: Str,
        #[wasm_bindgen(
            js_name = "removeAction",
            unchecked_param_type = "\"Cancel\" | \"Delete\""
        )]
        remove_action: Str,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<JsValue, JsValue> {
        let subscription_id = subscription_id.text(API, "subscriptionId")?;
        let remove_action = remove_action.text(API, "removeAction")?;
        let c = Rc::clone(&self.inner);
        call_js_opt(API, options, async move {
            c.remove_seller_subscription(&subscription_id, &remove_action)
                .await
        })
        .await
    }

    /// Seller level: assigns or replaces the licence key (the service must have keys enabled).
    #[wasm_bindgen(
        js_name = setLicenseKey,
        unchecked_return_type = "CloudmoreSubscription | undefined"
    )]
    pub async fn set_license_key(
        &self,
        #[wasm_bindgen(js_name = "subscriptionId")] subscription_id: Str,
        #[wasm_bindgen(js_name = "licenseKey")] license_key: Str,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<JsValue, JsValue> {
        let subscription_id = subscription_id.text(API, "subscriptionId")?;
        let license_key = license_key.text(API, "licenseKey")?;
        let c = Rc::clone(&self.inner);
        call_js_opt(API, options, async move {
            c.set_license_key(&subscription_id, &license_key).await
        })
        .await
    }

    /// Reseller level: a service's subscriptions across the reseller's organizations.
    #[wasm_bindgen(js_name = listResellerServiceSubscriptions)]
    pub async fn list_reseller_service_subscriptions(
        &self,
        #[wasm_bindgen(js_name = "serviceId")] service_id: Str,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Vec<Ts<CloudmoreSubscription>>, JsValue> {
        let service_id = service_id.text(API, "serviceId")?;
        let c = Rc::clone(&self.inner);
        call_js_vec(API, options, async move {
            c.list_reseller_service_subscriptions(&service_id).await
        })
        .await
    }

    /// Organization level: the organization's subscriptions to a service, cancelled included.
    #[wasm_bindgen(js_name = listOrganizationSubscriptions)]
    pub async fn list_organization_subscriptions(
        &self,
        at: Ts<OrgService>,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Vec<Ts<CloudmoreSubscription>>, JsValue> {
        let (c, at) = (Rc::clone(&self.inner), self::at(at)?);
        call_js_vec(API, options, async move {
            c.list_organization_subscriptions(&at).await
        })
        .await
    }

    /// Organization level: one subscription.
    #[wasm_bindgen(js_name = getOrganizationSubscription)]
    pub async fn get_organization_subscription(
        &self,
        at: Ts<OrgService>,
        #[wasm_bindgen(js_name = "subscriptionId")] subscription_id: Str,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<CloudmoreSubscription>, JsValue> {
        let subscription_id = subscription_id.text(API, "subscriptionId")?;
        let (c, at) = (Rc::clone(&self.inner), self::at(at)?);
        call_js(API, options, async move {
            c.get_organization_subscription(&at, &subscription_id).await
        })
        .await
    }

    /// Organization level: creates a subscription after checking `productId` against the
    /// applicable price list. Never retried.
    #[wasm_bindgen(js_name = createOrganizationSubscription)]
    pub async fn create_organization_subscription(
        &self,
        at: Ts<OrgService>,
        subscription: Ts<NewCloudmoreSubscription>,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<CloudmoreSubscription>, JsValue> {
        let (c, at) = (Rc::clone(&self.inner), self::at(at)?);
        let sub: NewCloudmoreSubscription = from_js(API, "subscription", subscription.js_value())?;
        call_js(API, options, async move {
            c.create_organization_subscription(&at, &sub).await
        })
        .await
    }

    /// Organization level: changes quantity, product or name; only the fields given are sent.
    #[wasm_bindgen(
        js_name = updateOrganizationSubscription,
        unchecked_return_type = "CloudmoreSubscription | undefined"
    )]
    pub async fn update_organization_subscription(
        &self,
        at: Ts<OrgService>,
        #[wasm_bindgen(js_name = "subscriptionId")] subscription_id: Str,
        update: Ts<CloudmoreSubscriptionUpdate>,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<JsValue, JsValue> {
        let subscription_id = subscription_id.text(API, "subscriptionId")?;
        let (c, at) = (Rc::clone(&self.inner), self::at(at)?);
        let u: CloudmoreSubscriptionUpdate = from_js(API, "update", update.js_value())?;
        call_js_opt(API, options, async move {
            c.update_organization_subscription(&at, &subscription_id, &u)
                .await
        })
        .await
    }

    /// Organization level: cancels; refused unsent when the subscription is known to be cancelled.
    #[wasm_bindgen(
        js_name = cancelOrganizationSubscription,
        unchecked_return_type = "CloudmoreSubscription | undefined"
    )]
    pub async fn cancel_organization_subscription(
        &self,
        at: Ts<OrgService>,
        #[wasm_bindgen(js_name = "subscriptionId")] subscription_id: Str,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<JsValue, JsValue> {
        let subscription_id = subscription_id.text(API, "subscriptionId")?;
        let (c, at) = (Rc::clone(&self.inner), self::at(at)?);
        call_js_opt(API, options, async move {
            c.cancel_organization_subscription(&at, &subscription_id)
                .await
        })
        .await
    }

    /// Organization level: the audit trail (`…/Subscriptionshistory/{id}`).
    #[wasm_bindgen(js_name = getSubscriptionHistory)]
    pub async fn get_subscription_history(
        &self,
        at: Ts<OrgService>,
        #[wasm_bindgen(js_name = "subscriptionId")] subscription_id: Str,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<SubscriptionHistory>, JsValue> {
        let subscription_id = subscription_id.text(API, "subscriptionId")?;
        let (c, at) = (Rc::clone(&self.inner), self::at(at)?);
        call_js(API, options, async move {
            c.get_subscription_history(&at, &subscription_id).await
        })
        .await
    }

    /// The reseller's price list for a service, optionally in one currency.
    #[wasm_bindgen(js_name = getResellerPriceList)]
    pub async fn get_reseller_price_list(
        &self,
        #[wasm_bindgen(js_name = "serviceId")] service_id: Str,
        query: Option<Ts<PriceListQuery>>,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<PriceList>, JsValue> {
        let service_id = service_id.text(API, "serviceId")?;
        let q: PriceListQuery =
            super::options::options(API, "price list query", query.map(|q| q.js_value()))?;
        let c = Rc::clone(&self.inner);
        call_js(API, options, async move {
            c.get_reseller_price_list(&service_id, q.currency_code.as_deref())
                .await
        })
        .await
    }

    /// An organization's own price list for a service (often empty).
    #[wasm_bindgen(js_name = getOrganizationPriceList)]
    pub async fn get_organization_price_list(
        &self,
        at: Ts<OrgService>,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<PriceList>, JsValue> {
        let (c, at) = (Rc::clone(&self.inner), self::at(at)?);
        call_js(API, options, async move {
            c.get_organization_price_list(&at).await
        })
        .await
    }

    /// The price list that applies: the organization's own when it has products, else the
    /// reseller's.
    #[wasm_bindgen(js_name = getApplicablePriceList)]
    pub async fn get_applicable_price_list(
        &self,
        at: Ts<OrgService>,
        options: Option<Ts<RequestOptions>>,
    ) -> Result<Ts<PriceList>, JsValue> {
        let (c, at) = (Rc::clone(&self.inner), self::at(at)?);
        call_js(
            API,
            options,
            async move { c.applicable_price_list(&at).await },
        )
        .await
    }

    /// Uses this price list to check creates and updates instead of fetching one.
    #[wasm_bindgen(js_name = setPriceList)]
    pub fn set_price_list(&self, list: Ts<PriceList>) -> Result<(), JsValue> {
        self.inner
            .set_price_list(from_js(API, "priceList", list.js_value())?);
        Ok(())
    }

    /// Forgets every loaded price list.
    #[wasm_bindgen(js_name = clearPriceLists)]
    pub fn clear_price_lists(&self) {
        self.inner.clear_price_lists();
    }

    /// The last state this client saw for a subscription, or `undefined`.
    #[wasm_bindgen(
        js_name = lastKnownStatus,
        unchecked_return_type = "SubscriptionStatus | undefined"
    )]
    pub fn last_known_status(
        &self,
        #[wasm_bindgen(js_name = "subscriptionId")] subscription_id: Str,
    ) -> JsValue {
        // Not a string: nothing is known about it.
        let id = subscription_id.as_string().unwrap_or_default();
        self.inner
            .last_known_status(&id)
            .map_or(JsValue::UNDEFINED, |s| JsValue::from_str(s.as_str()))
    }

    /// Checks a create without sending it, against `priceList` or else the loaded one for
    /// `at`. Never throws.
    #[wasm_bindgen(js_name = validateCreate)]
    pub fn validate_create(
        &self,
        at: Ts<OrgService>,
        #[wasm_bindgen(unchecked_param_type = "NewCloudmoreSubscription")] subscription: JsValue,
        #[wasm_bindgen(js_name = "priceList")] price_list: Option<Ts<PriceList>>,
    ) -> Result<Ts<ValidationReport>, JsValue> {
        let at = match self::at(at) {
            Ok(a) => a,
            Err(e) => return to_js(&ValidationReport::from_error(&e)),
        };
        let loaded = self.inner.loaded_price_list(&at);
        report_with_prices(
            "subscription",
            subscription,
            price_list,
            loaded,
            |s: &NewCloudmoreSubscription, p| {
                rules::validate_create(&at.organization_id, &at.service_id, s, p)
            },
        )
    }

    /// Checks an update without sending it. Never throws.
    #[wasm_bindgen(js_name = validateUpdate)]
    pub fn validate_update(
        &self,
        at: Ts<OrgService>,
        #[wasm_bindgen(js_name = "subscriptionId")] subscription_id: Str,
        #[wasm_bindgen(unchecked_param_type = "CloudmoreSubscriptionUpdate")] update: JsValue,
        #[wasm_bindgen(js_name = "priceList")] price_list: Option<Ts<PriceList>>,
    ) -> Result<Ts<ValidationReport>, JsValue> {
        let checked = subscription_id
            .text(API, "subscriptionId")
            .and_then(|id| Ok((id, self::at(at)?)));
        let (subscription_id, at) = match checked {
            Ok(both) => both,
            Err(e) => return to_js(&ValidationReport::from_error(&e)),
        };
        let loaded = self.inner.loaded_price_list(&at);
        let known = self.inner.last_known_status(&subscription_id);
        report_with_prices(
            "update",
            update,
            price_list,
            loaded,
            |u: &CloudmoreSubscriptionUpdate, p| {
                let mut issues = rules::validate_update(
                    &at.organization_id,
                    &at.service_id,
                    &subscription_id,
                    u,
                    p,
                );
                rules::check_changeable(&mut issues, &subscription_id, known.as_ref());
                issues
            },
        )
    }

    /// Checks a licence key without sending it. Never throws.
    #[wasm_bindgen(js_name = validateLicenseKey)]
    pub fn validate_license_key(
        &self,
        #[wasm_bindgen(js_name = "licenseKey", unchecked_param_type = "string")]
        license_key: JsValue,
    ) -> Result<Ts<ValidationReport>, JsValue> {
        report_js(API, "licenseKey", license_key, |k: &String| {
            let mut i = Issues::new();
            rules::check_license_key(&mut i, k);
            i
        })
    }
}
