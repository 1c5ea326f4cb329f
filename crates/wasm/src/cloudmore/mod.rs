//! `CloudmoreClient` for JavaScript.

use std::rc::Rc;

use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

use super::convert::{arg_str, from_json, to_json};
use super::error::Failure;
use super::host::{Host, Pending};
use super::options::{options, promise_with, report_json, request};
use partner_ordering::cloudmore::{
    rules, CloudmoreClient, CloudmoreSubscriptionUpdate, NewCloudmoreSubscription, OrgService,
    PriceList,
};
use partner_ordering::error::{Api, Error};
use partner_ordering::validate::{Issues, ValidationReport};

const API: Api = Api::Cloudmore;

mod config;

use config::{build, PriceListQuery};

fn at(text: &str) -> Result<OrgService, Error> {
    from_json(API, "organization and service", text)
}

/// A validation report from a rule that may need an explicit price list.
fn report_with_prices<T: DeserializeOwned>(
    what: &str,
    input: &str,
    prices: Option<String>,
    fallback: Option<PriceList>,
    rule: impl FnOnce(&T, Option<&PriceList>) -> Issues,
) -> Result<String, Failure> {
    let prices = match prices.map(|p| from_json::<Option<PriceList>>(API, "priceList", &p)) {
        Some(Ok(Some(p))) => Some(p),
        Some(Err(e)) => return to_json(&ValidationReport::from_error(&e)),
        Some(Ok(None)) | None => fallback,
    };
    report_json(API, what, input, |v: &T| rule(v, prices.as_ref()))
}

/// Client for the Cloudmore Custom Service Subscription Management API.
#[wasm_bindgen(js_name = CloudmoreClient)]
pub struct JsCloudmoreClient {
    inner: Rc<CloudmoreClient>,
}

#[wasm_bindgen(js_class = CloudmoreClient)]
impl JsCloudmoreClient {
    /// Creates a client; throws `CONFIGURATION_ERROR` for missing settings, or for a password
    /// in a browser page without `dangerouslyAllowBrowser`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "CloudmoreClientOptions")] options: String,
        _host: Host,
    ) -> Result<JsCloudmoreClient, Failure> {
        Ok(JsCloudmoreClient {
            inner: Rc::new(build(&options, &_host)?),
        })
    }

    /// Seller level: every subscription, cancelled ones included.
    #[wasm_bindgen(
        js_name = listSellerSubscriptions,
        unchecked_return_type = "Promise<CloudmoreSubscription[]>"
    )]
    pub fn list_seller_subscriptions(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        let c = Rc::clone(&self.inner);
        promise_with(move || {
            request(API, options, _stop, async move {
                c.list_seller_subscriptions().await
            })
        })
    }

    /// Seller level: one service's subscriptions across resellers and organizations.
    #[wasm_bindgen(
        js_name = listSellerSubscriptionsByService,
        unchecked_return_type = "Promise<CloudmoreSubscription[]>"
    )]
    pub fn list_seller_subscriptions_by_service(
        &self,
        #[wasm_bindgen(js_name = "serviceId", unchecked_param_type = "string")] service_id: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        let c = Rc::clone(&self.inner);
        promise_with(move || {
            let service_id = arg_str(API, "serviceId", &service_id)?;
            request(API, options, _stop, async move {
                c.list_seller_subscriptions_by_service(&service_id).await
            })
        })
    }

    /// Seller level: one subscription.
    #[wasm_bindgen(
        js_name = getSellerSubscription,
        unchecked_return_type = "Promise<CloudmoreSubscription>"
    )]
    pub fn get_seller_subscription(
        &self,
        #[wasm_bindgen(js_name = "subscriptionId", unchecked_param_type = "string")]
        subscription_id: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        let c = Rc::clone(&self.inner);
        promise_with(move || {
            let subscription_id = arg_str(API, "subscriptionId", &subscription_id)?;
            request(API, options, _stop, async move {
                c.get_seller_subscription(&subscription_id).await
            })
        })
    }

    /// Seller level: `"Cancel"` keeps the subscription listed as cancelled; `"Delete"` removes
    /// it. Resolves to the subscription when the server returns it. Never retried.
    #[wasm_bindgen(
        js_name = removeSellerSubscription,
        unchecked_return_type = "Promise<CloudmoreSubscription | undefined>"
    )]
    pub fn remove_seller_subscription(
        &self,
        #[wasm_bindgen(js_name = "subscriptionId", unchecked_param_type = "string")]
        subscription_id: String,
        #[wasm_bindgen(
            js_name = "removeAction",
            unchecked_param_type = "\"Cancel\" | \"Delete\""
        )]
        remove_action: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        let c = Rc::clone(&self.inner);
        promise_with(move || {
            let subscription_id = arg_str(API, "subscriptionId", &subscription_id)?;
            let remove_action = arg_str(API, "removeAction", &remove_action)?;
            request(API, options, _stop, async move {
                c.remove_seller_subscription(&subscription_id, &remove_action)
                    .await
            })
        })
    }

    /// Seller level: assigns or replaces the licence key (the service must have keys enabled).
    #[wasm_bindgen(
        js_name = setLicenseKey,
        unchecked_return_type = "Promise<CloudmoreSubscription | undefined>"
    )]
    pub fn set_license_key(
        &self,
        #[wasm_bindgen(js_name = "subscriptionId", unchecked_param_type = "string")]
        subscription_id: String,
        #[wasm_bindgen(js_name = "licenseKey", unchecked_param_type = "string")]
        license_key: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        let c = Rc::clone(&self.inner);
        promise_with(move || {
            let subscription_id = arg_str(API, "subscriptionId", &subscription_id)?;
            let license_key = arg_str(API, "licenseKey", &license_key)?;
            request(API, options, _stop, async move {
                c.set_license_key(&subscription_id, &license_key).await
            })
        })
    }

    /// Reseller level: a service's subscriptions across the reseller's organizations.
    #[wasm_bindgen(
        js_name = listResellerServiceSubscriptions,
        unchecked_return_type = "Promise<CloudmoreSubscription[]>"
    )]
    pub fn list_reseller_service_subscriptions(
        &self,
        #[wasm_bindgen(js_name = "serviceId", unchecked_param_type = "string")] service_id: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        let c = Rc::clone(&self.inner);
        promise_with(move || {
            let service_id = arg_str(API, "serviceId", &service_id)?;
            request(API, options, _stop, async move {
                c.list_reseller_service_subscriptions(&service_id).await
            })
        })
    }

    /// Organization level: the organization's subscriptions to a service, cancelled included.
    #[wasm_bindgen(
        js_name = listOrganizationSubscriptions,
        unchecked_return_type = "Promise<CloudmoreSubscription[]>"
    )]
    pub fn list_organization_subscriptions(
        &self,
        #[wasm_bindgen(unchecked_param_type = "OrgService")] at: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        let c = Rc::clone(&self.inner);
        promise_with(move || {
            let at = self::at(&at)?;
            request(API, options, _stop, async move {
                c.list_organization_subscriptions(&at).await
            })
        })
    }

    /// Organization level: one subscription.
    #[wasm_bindgen(
        js_name = getOrganizationSubscription,
        unchecked_return_type = "Promise<CloudmoreSubscription>"
    )]
    pub fn get_organization_subscription(
        &self,
        #[wasm_bindgen(unchecked_param_type = "OrgService")] at: String,
        #[wasm_bindgen(js_name = "subscriptionId", unchecked_param_type = "string")]
        subscription_id: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        let c = Rc::clone(&self.inner);
        promise_with(move || {
            let at = self::at(&at)?;
            let subscription_id = arg_str(API, "subscriptionId", &subscription_id)?;
            request(API, options, _stop, async move {
                c.get_organization_subscription(&at, &subscription_id).await
            })
        })
    }

    /// Organization level: creates a subscription after checking `productId` against the
    /// applicable price list. Never retried.
    #[wasm_bindgen(
        js_name = createOrganizationSubscription,
        unchecked_return_type = "Promise<CloudmoreSubscription>"
    )]
    pub fn create_organization_subscription(
        &self,
        #[wasm_bindgen(unchecked_param_type = "OrgService")] at: String,
        #[wasm_bindgen(unchecked_param_type = "NewCloudmoreSubscription")] subscription: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        let c = Rc::clone(&self.inner);
        promise_with(move || {
            let at = self::at(&at)?;
            let sub: NewCloudmoreSubscription = from_json(API, "subscription", &subscription)?;
            request(API, options, _stop, async move {
                c.create_organization_subscription(&at, &sub).await
            })
        })
    }

    /// Organization level: changes quantity, product or name; only the fields given are sent.
    #[wasm_bindgen(
        js_name = updateOrganizationSubscription,
        unchecked_return_type = "Promise<CloudmoreSubscription | undefined>"
    )]
    pub fn update_organization_subscription(
        &self,
        #[wasm_bindgen(unchecked_param_type = "OrgService")] at: String,
        #[wasm_bindgen(js_name = "subscriptionId", unchecked_param_type = "string")]
        subscription_id: String,
        #[wasm_bindgen(unchecked_param_type = "CloudmoreSubscriptionUpdate")] update: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        let c = Rc::clone(&self.inner);
        promise_with(move || {
            let at = self::at(&at)?;
            let subscription_id = arg_str(API, "subscriptionId", &subscription_id)?;
            let u: CloudmoreSubscriptionUpdate = from_json(API, "update", &update)?;
            request(API, options, _stop, async move {
                c.update_organization_subscription(&at, &subscription_id, &u)
                    .await
            })
        })
    }

    /// Organization level: cancels; refused unsent when the subscription is known to be cancelled.
    #[wasm_bindgen(
        js_name = cancelOrganizationSubscription,
        unchecked_return_type = "Promise<CloudmoreSubscription | undefined>"
    )]
    pub fn cancel_organization_subscription(
        &self,
        #[wasm_bindgen(unchecked_param_type = "OrgService")] at: String,
        #[wasm_bindgen(js_name = "subscriptionId", unchecked_param_type = "string")]
        subscription_id: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        let c = Rc::clone(&self.inner);
        promise_with(move || {
            let at = self::at(&at)?;
            let subscription_id = arg_str(API, "subscriptionId", &subscription_id)?;
            request(API, options, _stop, async move {
                c.cancel_organization_subscription(&at, &subscription_id)
                    .await
            })
        })
    }

    /// Organization level: the audit trail (`…/Subscriptionshistory/{id}`).
    #[wasm_bindgen(
        js_name = getSubscriptionHistory,
        unchecked_return_type = "Promise<SubscriptionHistory>"
    )]
    pub fn get_subscription_history(
        &self,
        #[wasm_bindgen(unchecked_param_type = "OrgService")] at: String,
        #[wasm_bindgen(js_name = "subscriptionId", unchecked_param_type = "string")]
        subscription_id: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        let c = Rc::clone(&self.inner);
        promise_with(move || {
            let at = self::at(&at)?;
            let subscription_id = arg_str(API, "subscriptionId", &subscription_id)?;
            request(API, options, _stop, async move {
                c.get_subscription_history(&at, &subscription_id).await
            })
        })
    }

    /// The reseller's price list for a service, optionally in one currency.
    #[wasm_bindgen(js_name = getResellerPriceList, unchecked_return_type = "Promise<PriceList>")]
    pub fn get_reseller_price_list(
        &self,
        #[wasm_bindgen(js_name = "serviceId", unchecked_param_type = "string")] service_id: String,
        #[wasm_bindgen(unchecked_optional_param_type = "PriceListQuery")] query: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        let c = Rc::clone(&self.inner);
        promise_with(move || {
            let service_id = arg_str(API, "serviceId", &service_id)?;
            let q: PriceListQuery = self::options(API, "price list query", query)?;
            request(API, options, _stop, async move {
                c.get_reseller_price_list(&service_id, q.currency_code.as_deref())
                    .await
            })
        })
    }

    /// An organization's own price list for a service (often empty).
    #[wasm_bindgen(js_name = getOrganizationPriceList, unchecked_return_type = "Promise<PriceList>")]
    pub fn get_organization_price_list(
        &self,
        #[wasm_bindgen(unchecked_param_type = "OrgService")] at: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        let c = Rc::clone(&self.inner);
        promise_with(move || {
            let at = self::at(&at)?;
            request(API, options, _stop, async move {
                c.get_organization_price_list(&at).await
            })
        })
    }

    /// The price list that applies: the organization's own when it has products, else the
    /// reseller's.
    #[wasm_bindgen(js_name = getApplicablePriceList, unchecked_return_type = "Promise<PriceList>")]
    pub fn get_applicable_price_list(
        &self,
        #[wasm_bindgen(unchecked_param_type = "OrgService")] at: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<Pending>,
    ) -> js_sys::Promise {
        let c = Rc::clone(&self.inner);
        promise_with(move || {
            let at = self::at(&at)?;
            request(API, options, _stop, async move {
                c.applicable_price_list(&at).await
            })
        })
    }

    /// Uses this price list to check creates and updates instead of fetching one.
    #[wasm_bindgen(js_name = setPriceList, unchecked_return_type = "undefined")]
    pub fn set_price_list(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PriceList")] list: String,
    ) -> Result<String, Failure> {
        self.inner
            .set_price_list(from_json(API, "priceList", &list)?);
        Ok("null".into())
    }

    /// Forgets every loaded price list.
    #[wasm_bindgen(js_name = clearPriceLists, unchecked_return_type = "undefined")]
    pub fn clear_price_lists(&self) -> Result<String, Failure> {
        self.inner.clear_price_lists();
        Ok("null".into())
    }

    /// The last state this client saw for a subscription, or `undefined`.
    #[wasm_bindgen(
        js_name = lastKnownStatus,
        unchecked_return_type = "SubscriptionStatus | undefined"
    )]
    pub fn last_known_status(
        &self,
        #[wasm_bindgen(js_name = "subscriptionId", unchecked_param_type = "string")]
        subscription_id: String,
    ) -> Result<String, Failure> {
        // Not a string: nothing is known about it.
        let status = arg_str(API, "subscriptionId", &subscription_id)
            .ok()
            .and_then(|id| self.inner.last_known_status(&id));
        to_json(&status)
    }

    /// Checks a create without sending it, against `priceList` or else the loaded one for
    /// `at`. Never throws.
    #[wasm_bindgen(js_name = validateCreate, unchecked_return_type = "ValidationReport")]
    pub fn validate_create(
        &self,
        #[wasm_bindgen(unchecked_param_type = "OrgService")] at: String,
        #[wasm_bindgen(unchecked_param_type = "NewCloudmoreSubscription")] subscription: String,
        #[wasm_bindgen(js_name = "priceList", unchecked_optional_param_type = "PriceList")]
        price_list: Option<String>,
    ) -> Result<String, Failure> {
        let at = match self::at(&at) {
            Ok(a) => a,
            Err(e) => return to_json(&ValidationReport::from_error(&e)),
        };
        let loaded = self.inner.loaded_price_list(&at);
        report_with_prices(
            "subscription",
            &subscription,
            price_list,
            loaded,
            |s: &NewCloudmoreSubscription, p| {
                rules::validate_create(&at.organization_id, &at.service_id, s, p)
            },
        )
    }

    /// Checks an update without sending it. Never throws.
    #[wasm_bindgen(js_name = validateUpdate, unchecked_return_type = "ValidationReport")]
    pub fn validate_update(
        &self,
        #[wasm_bindgen(unchecked_param_type = "OrgService")] at: String,
        #[wasm_bindgen(js_name = "subscriptionId", unchecked_param_type = "string")]
        subscription_id: String,
        #[wasm_bindgen(unchecked_param_type = "CloudmoreSubscriptionUpdate")] update: String,
        #[wasm_bindgen(js_name = "priceList", unchecked_optional_param_type = "PriceList")]
        price_list: Option<String>,
    ) -> Result<String, Failure> {
        let checked = arg_str(API, "subscriptionId", &subscription_id)
            .and_then(|id| Ok((id, self::at(&at)?)));
        let (subscription_id, at) = match checked {
            Ok(both) => both,
            Err(e) => return to_json(&ValidationReport::from_error(&e)),
        };
        let loaded = self.inner.loaded_price_list(&at);
        let known = self.inner.last_known_status(&subscription_id);
        report_with_prices(
            "update",
            &update,
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
    #[wasm_bindgen(js_name = validateLicenseKey, unchecked_return_type = "ValidationReport")]
    pub fn validate_license_key(
        &self,
        #[wasm_bindgen(js_name = "licenseKey", unchecked_param_type = "string")]
        license_key: String,
    ) -> Result<String, Failure> {
        report_json(API, "licenseKey", &license_key, |k: &String| {
            let mut i = Issues::new();
            rules::check_license_key(&mut i, k);
            i
        })
    }
}
