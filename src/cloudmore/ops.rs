//! The operation table: one constructor per row of seed 003, plus the price lists. Each checks
//! its ids and input and returns a [`CloudmoreRequest`]; nothing here does I/O.

use super::endpoints::{
    read_changed, read_created, read_subscription, read_subscriptions, read_value,
    CloudmoreRequest, Level,
};
use super::inputs::{license_key_body, CloudmoreSubscriptionUpdate, NewCloudmoreSubscription};
use super::rules::{self, check_ids};
use super::types::{
    CloudmoreSubscription, PriceList, PriceListLevel, SubscriptionHistory, SubscriptionStatus,
};
use crate::error::Error;
use crate::http::{HttpResponse, Method};
use crate::validate::Issues;

type Subs = Vec<CloudmoreSubscription>;

fn ids(pairs: &[(&str, &str)]) -> Issues {
    let mut issues = Issues::new();
    check_ids(&mut issues, pairs);
    issues
}

/// `GET /api/sellers/{sellerId}/subscriptions`: every subscription of the seller, cancelled
/// ones included.
pub fn list_seller_subscriptions(seller_id: &str) -> CloudmoreRequest<Subs> {
    CloudmoreRequest::new(
        Level::Seller,
        "listSellerSubscriptions",
        Method::Get,
        &["api", "sellers", seller_id, "subscriptions"],
        read_subscriptions,
    )
    .issues(ids(&[("sellerId", seller_id)]))
}

/// `GET /api/sellers/{sellerId}/subscriptions/service/{serviceId}`.
pub fn list_seller_subscriptions_by_service(
    seller_id: &str,
    service_id: &str,
) -> CloudmoreRequest<Subs> {
    CloudmoreRequest::new(
        Level::Seller,
        "listSellerSubscriptionsByService",
        Method::Get,
        &[
            "api",
            "sellers",
            seller_id,
            "subscriptions",
            "service",
            service_id,
        ],
        read_subscriptions,
    )
    .issues(ids(&[("sellerId", seller_id), ("serviceId", service_id)]))
}

/// `GET /api/sellers/{sellerId}/subscriptions/{subscriptionId}`.
pub fn get_seller_subscription(
    seller_id: &str,
    subscription_id: &str,
) -> CloudmoreRequest<CloudmoreSubscription> {
    CloudmoreRequest::new(
        Level::Seller,
        "getSellerSubscription",
        Method::Get,
        &[
            "api",
            "sellers",
            seller_id,
            "subscriptions",
            subscription_id,
        ],
        read_subscription,
    )
    .issues(ids(&[
        ("sellerId", seller_id),
        ("subscriptionId", subscription_id),
    ]))
}

/// `DELETE /api/sellers/{sellerId}/subscriptions/{subscriptionId}?removeAction=Cancel|Delete`.
/// The action is always sent: the generated SDK defaults to `Delete`, which no caller should get
/// by accident. `known` is the subscription's last seen state, if any.
pub fn remove_seller_subscription(
    seller_id: &str,
    subscription_id: &str,
    remove_action: &str,
    known: Option<&SubscriptionStatus>,
) -> CloudmoreRequest<Option<CloudmoreSubscription>> {
    let mut issues = ids(&[("sellerId", seller_id), ("subscriptionId", subscription_id)]);
    let action = rules::check_remove_action(&mut issues, remove_action);
    if action == Some(super::RemoveAction::Cancel) {
        rules::check_not_cancelled(&mut issues, subscription_id, known);
    }
    CloudmoreRequest::new(
        Level::Seller,
        "removeSellerSubscription",
        Method::Delete,
        &[
            "api",
            "sellers",
            seller_id,
            "subscriptions",
            subscription_id,
        ],
        read_changed,
    )
    .query(
        "removeAction",
        action.map_or(remove_action.trim(), |a| a.as_str()),
    )
    .issues(issues)
}

/// `PUT /api/sellers/{sellerId}/subscriptions/SetLicenseKey/{subscriptionId}` with
/// `{licenseKey}`. The service must have licence keys enabled.
pub fn set_license_key(
    seller_id: &str,
    subscription_id: &str,
    license_key: &str,
) -> CloudmoreRequest<Option<CloudmoreSubscription>> {
    let mut issues = ids(&[("sellerId", seller_id), ("subscriptionId", subscription_id)]);
    rules::check_license_key(&mut issues, license_key);
    CloudmoreRequest::new(
        Level::Seller,
        "setLicenseKey",
        Method::Put,
        &[
            "api",
            "sellers",
            seller_id,
            "subscriptions",
            "SetLicenseKey",
            subscription_id,
        ],
        read_changed,
    )
    .body(license_key_body(license_key))
    .issues(issues)
}

/// `GET /api/resellers/{resellerId}/services/{serviceId}/subscriptions`: the service's
/// subscriptions across the reseller's organizations.
pub fn list_reseller_service_subscriptions(
    reseller_id: &str,
    service_id: &str,
) -> CloudmoreRequest<Subs> {
    CloudmoreRequest::new(
        Level::Broker,
        "listResellerServiceSubscriptions",
        Method::Get,
        &[
            "api",
            "resellers",
            reseller_id,
            "services",
            service_id,
            "subscriptions",
        ],
        read_subscriptions,
    )
    .issues(ids(&[
        ("resellerId", reseller_id),
        ("serviceId", service_id),
    ]))
}

/// The organization-level path `/api/resellers/{r}/organizations/{o}/services/{s}/{tail…}`.
fn org_request<T>(
    name: &'static str,
    method: Method,
    reseller_id: &str,
    organization_id: &str,
    service_id: &str,
    tail: &[&str],
    read: impl Fn(&HttpResponse) -> Result<T, Error> + 'static,
) -> CloudmoreRequest<T> {
    let mut segments = vec![
        "api",
        "resellers",
        reseller_id,
        "organizations",
        organization_id,
        "services",
        service_id,
    ];
    segments.extend_from_slice(tail);
    CloudmoreRequest::new(Level::Broker, name, method, &segments, read)
}

fn org_ids<'a>(
    reseller_id: &'a str,
    organization_id: &'a str,
    service_id: &'a str,
    subscription_id: Option<&'a str>,
) -> Issues {
    let mut pairs = vec![
        ("resellerId", reseller_id),
        ("organizationId", organization_id),
        ("serviceId", service_id),
    ];
    pairs.extend(subscription_id.map(|s| ("subscriptionId", s)));
    ids(&pairs)
}

/// `GET …/organizations/{o}/services/{s}/subscriptions`, cancelled ones included.
pub fn list_organization_subscriptions(
    reseller_id: &str,
    organization_id: &str,
    service_id: &str,
) -> CloudmoreRequest<Subs> {
    org_request(
        "listOrganizationSubscriptions",
        Method::Get,
        reseller_id,
        organization_id,
        service_id,
        &["subscriptions"],
        read_subscriptions,
    )
    .issues(org_ids(reseller_id, organization_id, service_id, None))
}

/// `GET …/organizations/{o}/services/{s}/subscriptions/{id}`.
pub fn get_organization_subscription(
    reseller_id: &str,
    organization_id: &str,
    service_id: &str,
    subscription_id: &str,
) -> CloudmoreRequest<CloudmoreSubscription> {
    org_request(
        "getOrganizationSubscription",
        Method::Get,
        reseller_id,
        organization_id,
        service_id,
        &["subscriptions", subscription_id],
        read_subscription,
    )
    .issues(org_ids(
        reseller_id,
        organization_id,
        service_id,
        Some(subscription_id),
    ))
}

/// `POST …/organizations/{o}/services/{s}/subscriptions`, checked against `prices` (the
/// applicable price list) when known.
pub fn create_organization_subscription(
    reseller_id: &str,
    organization_id: &str,
    service_id: &str,
    sub: &NewCloudmoreSubscription,
    prices: Option<&PriceList>,
) -> CloudmoreRequest<CloudmoreSubscription> {
    let mut issues = rules::validate_create(organization_id, service_id, sub, prices);
    rules::check_id(&mut issues, "resellerId", reseller_id);
    org_request(
        "createOrganizationSubscription",
        Method::Post,
        reseller_id,
        organization_id,
        service_id,
        &["subscriptions"],
        read_created,
    )
    .body(sub.wire())
    .issues(issues)
}

/// `PUT …/organizations/{o}/services/{s}/subscriptions/{id}` with only the changed fields.
/// `known` is the subscription's last seen state, if any.
pub fn update_organization_subscription(
    reseller_id: &str,
    organization_id: &str,
    service_id: &str,
    subscription_id: &str,
    update: &CloudmoreSubscriptionUpdate,
    prices: Option<&PriceList>,
    known: Option<&SubscriptionStatus>,
) -> CloudmoreRequest<Option<CloudmoreSubscription>> {
    let mut issues =
        rules::validate_update(organization_id, service_id, subscription_id, update, prices);
    rules::check_changeable(&mut issues, subscription_id, known);
    rules::check_id(&mut issues, "resellerId", reseller_id);
    org_request(
        "updateOrganizationSubscription",
        Method::Put,
        reseller_id,
        organization_id,
        service_id,
        &["subscriptions", subscription_id],
        read_changed,
    )
    .body(update.wire())
    .issues(issues)
}

/// `DELETE …/organizations/{o}/services/{s}/subscriptions/{id}`: cancels. `known` is the
/// subscription's last seen state, if any.
pub fn cancel_organization_subscription(
    reseller_id: &str,
    organization_id: &str,
    service_id: &str,
    subscription_id: &str,
    known: Option<&SubscriptionStatus>,
) -> CloudmoreRequest<Option<CloudmoreSubscription>> {
    let mut issues = org_ids(
        reseller_id,
        organization_id,
        service_id,
        Some(subscription_id),
    );
    rules::check_not_cancelled(&mut issues, subscription_id, known);
    org_request(
        "cancelOrganizationSubscription",
        Method::Delete,
        reseller_id,
        organization_id,
        service_id,
        &["subscriptions", subscription_id],
        read_changed,
    )
    .issues(issues)
}

/// `GET …/organizations/{o}/services/{s}/Subscriptionshistory/{id}` (that casing is the API's).
pub fn subscription_history(
    reseller_id: &str,
    organization_id: &str,
    service_id: &str,
    subscription_id: &str,
) -> CloudmoreRequest<SubscriptionHistory> {
    let id = subscription_id.trim().to_string();
    org_request(
        "getSubscriptionHistory",
        Method::Get,
        reseller_id,
        organization_id,
        service_id,
        &["Subscriptionshistory", subscription_id],
        move |resp| {
            SubscriptionHistory::from_wire(&id, read_value(resp)?)
                .map_err(|e| super::endpoints::decode(resp, e))
        },
    )
    .issues(org_ids(
        reseller_id,
        organization_id,
        service_id,
        Some(subscription_id),
    ))
}

/// `GET /api/resellers/{r}/services/{s}/pricelist[?currencyCode=…]`.
pub fn reseller_price_list(
    reseller_id: &str,
    service_id: &str,
    currency_code: Option<&str>,
) -> CloudmoreRequest<PriceList> {
    let service = service_id.trim().to_string();
    let mut req = CloudmoreRequest::new(
        Level::Broker,
        "getResellerPriceList",
        Method::Get,
        &[
            "api",
            "resellers",
            reseller_id,
            "services",
            service_id,
            "pricelist",
        ],
        move |resp| {
            let mut list = PriceList::from_wire(PriceListLevel::Reseller, read_value(resp)?)
                .map_err(|e| super::endpoints::decode(resp, e))?;
            list.service_id.get_or_insert_with(|| service.clone());
            Ok(list)
        },
    )
    .issues(ids(&[
        ("resellerId", reseller_id),
        ("serviceId", service_id),
    ]));
    if let Some(c) = currency_code.filter(|c| !c.trim().is_empty()) {
        req = req.query("currencyCode", c.trim());
    }
    req
}

/// `GET /api/resellers/{r}/organizations/{o}/services/{s}/pricelist`.
pub fn organization_price_list(
    reseller_id: &str,
    organization_id: &str,
    service_id: &str,
) -> CloudmoreRequest<PriceList> {
    let (service, org) = (
        service_id.trim().to_string(),
        organization_id.trim().to_string(),
    );
    org_request(
        "getOrganizationPriceList",
        Method::Get,
        reseller_id,
        organization_id,
        service_id,
        &["pricelist"],
        move |resp| {
            let mut list = PriceList::from_wire(PriceListLevel::Organization, read_value(resp)?)
                .map_err(|e| super::endpoints::decode(resp, e))?;
            list.service_id.get_or_insert_with(|| service.clone());
            list.organization_id.get_or_insert_with(|| org.clone());
            Ok(list)
        },
    )
    .issues(org_ids(reseller_id, organization_id, service_id, None))
}
