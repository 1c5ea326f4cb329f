//! `CloudmoreClient` for JavaScript.

use std::rc::Rc;

use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

use super::calls::client_calls;
use super::convert::{arg_str, from_json, to_json};
use super::error::Failure;
use super::host::Host;
use super::options::{options, report_json};
use partner_ordering::cloudmore::{
    rules, CloudmoreClient, CloudmoreSubscriptionUpdate, NewCloudmoreSubscription, OrgService,
    PriceList,
};
use partner_ordering::error::{Api, Error};
use partner_ordering::validate::{Issues, ValidationReport};

const API: Api = Api::Cloudmore;

mod config;

use config::{build, PriceListQuery};

/// Reads an `OrgService` argument (the organization and service a call is about).
fn org_service(api: Api, _what: &str, text: &str) -> Result<OrgService, Error> {
    from_json(api, "organization and service", text)
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
        let at = match org_service(API, "at", &at) {
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
            .and_then(|id| Ok((id, org_service(API, "at", &at)?)));
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

client_calls! {
    JsCloudmoreClient as CloudmoreClient, API;

    /// Seller level: every subscription, cancelled ones included.
    listSellerSubscriptions = list_seller_subscriptions(options)
        -> "Promise<CloudmoreSubscription[]>" => |c| c.list_seller_subscriptions();
    /// Seller level: one service's subscriptions across resellers and organizations.
    listSellerSubscriptionsByService = list_seller_subscriptions_by_service(
        serviceId: "string" = arg_str, options
    ) -> "Promise<CloudmoreSubscription[]>" => |c| c.list_seller_subscriptions_by_service(&serviceId);
    /// Seller level: one subscription.
    getSellerSubscription = get_seller_subscription(subscriptionId: "string" = arg_str, options)
        -> "Promise<CloudmoreSubscription>" => |c| c.get_seller_subscription(&subscriptionId);
    /// Seller level: `"Cancel"` keeps the subscription listed as cancelled; `"Delete"` removes
    /// it. Resolves to the subscription when the server returns it. Never retried.
    removeSellerSubscription = remove_seller_subscription(
        subscriptionId: "string" = arg_str, removeAction: "\"Cancel\" | \"Delete\"" = arg_str, options
    ) -> "Promise<CloudmoreSubscription | undefined>"
        => |c| c.remove_seller_subscription(&subscriptionId, &removeAction);
    /// Seller level: assigns or replaces the licence key (the service must have keys enabled).
    setLicenseKey = set_license_key(
        subscriptionId: "string" = arg_str, licenseKey: "string" = arg_str, options
    ) -> "Promise<CloudmoreSubscription | undefined>"
        => |c| c.set_license_key(&subscriptionId, &licenseKey);
    /// Reseller level: a service's subscriptions across the reseller's organizations.
    listResellerServiceSubscriptions = list_reseller_service_subscriptions(
        serviceId: "string" = arg_str, options
    ) -> "Promise<CloudmoreSubscription[]>" => |c| c.list_reseller_service_subscriptions(&serviceId);
    /// Organization level: the organization's subscriptions to a service, cancelled included.
    listOrganizationSubscriptions = list_organization_subscriptions(at: "OrgService" = org_service, options)
        -> "Promise<CloudmoreSubscription[]>" => |c| c.list_organization_subscriptions(&at);
    /// Organization level: one subscription.
    getOrganizationSubscription = get_organization_subscription(
        at: "OrgService" = org_service, subscriptionId: "string" = arg_str, options
    ) -> "Promise<CloudmoreSubscription>"
        => |c| c.get_organization_subscription(&at, &subscriptionId);
    /// Organization level: creates a subscription after checking `productId` against the
    /// applicable price list. Never retried.
    createOrganizationSubscription = create_organization_subscription(
        at: "OrgService" = org_service, subscription: "NewCloudmoreSubscription" = from_json, options
    ) -> "Promise<CloudmoreSubscription>"
        => async |c| c.create_organization_subscription(&at, &subscription);
    /// Organization level: changes quantity, product or name; only the fields given are sent.
    updateOrganizationSubscription = update_organization_subscription(
        at: "OrgService" = org_service, subscriptionId: "string" = arg_str,
        update: "CloudmoreSubscriptionUpdate" = from_json, options
    ) -> "Promise<CloudmoreSubscription | undefined>"
        => async |c| c.update_organization_subscription(&at, &subscriptionId, &update);
    /// Organization level: cancels; refused unsent when the subscription is known to be cancelled.
    cancelOrganizationSubscription = cancel_organization_subscription(
        at: "OrgService" = org_service, subscriptionId: "string" = arg_str, options
    ) -> "Promise<CloudmoreSubscription | undefined>"
        => |c| c.cancel_organization_subscription(&at, &subscriptionId);
    /// Organization level: the audit trail (`…/Subscriptionshistory/{id}`).
    getSubscriptionHistory = get_subscription_history(
        at: "OrgService" = org_service, subscriptionId: "string" = arg_str, options
    ) -> "Promise<SubscriptionHistory>" => |c| c.get_subscription_history(&at, &subscriptionId);
    /// The reseller's price list for a service, optionally in one currency.
    getResellerPriceList = get_reseller_price_list(
        serviceId: "string" = arg_str,
        query?: "PriceListQuery" = options::<PriceListQuery>("price list query"), options
    ) -> "Promise<PriceList>"
        => |c| c.get_reseller_price_list(&serviceId, query.currency_code.as_deref());
    /// An organization's own price list for a service (often empty).
    getOrganizationPriceList = get_organization_price_list(at: "OrgService" = org_service, options)
        -> "Promise<PriceList>" => |c| c.get_organization_price_list(&at);
    /// The price list that applies: the organization's own when it has products, else the
    /// reseller's.
    getApplicablePriceList = get_applicable_price_list(at: "OrgService" = org_service, options)
        -> "Promise<PriceList>" => async |c| c.applicable_price_list(&at);
}
