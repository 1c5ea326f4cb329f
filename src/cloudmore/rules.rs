//! Cloudmore validation rules, each a pure function with stable issue codes:
//!
//! | code | path | rule |
//! | --- | --- | --- |
//! | `id_required`, `id_invalid` | the id's name | ids are GUIDs [I: every id in Cloudmore's swagger is `format: uuid`] |
//! | `product_id_required` | `productId` | a product id is given |
//! | `product_not_in_price_list` | `productId` | it is in the applicable price list, when one is known |
//! | `quantity_not_integer`, `quantity_not_positive`, `quantity_too_large` | `quantity` | a positive whole number |
//! | `name_invalid` | `name` | a name, when given, is not blank and has no control characters |
//! | `update_empty` | `` | an update changes something |
//! | `license_key_empty`, `license_key_control_chars`, `license_key_too_long` | `licenseKey` | a usable licence key |
//! | `remove_action_invalid` | `removeAction` | `Cancel` or `Delete` |
//! | `already_cancelled` | `subscriptionId` | a subscription known to be cancelled is not cancelled again |
//! | `subscription_cancelled` | `subscriptionId` | a subscription known to be cancelled is not updated |

use super::inputs::{CloudmoreSubscriptionUpdate, NewCloudmoreSubscription, RemoveAction};
use super::types::{PriceList, SubscriptionStatus};
use crate::common::QuantityInput;
use crate::validate::Issues;

/// Largest quantity: Cloudmore's quantities are 32-bit signed integers [I: ASP.NET `int`], so
/// anything larger is refused by model binding; Omnissa's smaller limit does not apply here.
pub const MAX_QUANTITY: u32 = i32::MAX as u32;

/// Longest licence key accepted. Cloudmore states none; this catches pasted files [I].
pub const MAX_LICENSE_KEY_LEN: usize = 1024;

/// True for `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in hex digits, either case: the shared
/// [`crate::common::is_uuid`], under the name Cloudmore's docs use.
pub use crate::common::is_uuid as is_guid;

/// Checks one id that goes into the URL path.
pub fn check_id(issues: &mut Issues, path: &str, value: &str) {
    if !issues.require(path, value, "id_required") {
        return;
    }
    if !is_guid(value.trim()) {
        issues.error(
            path,
            "id_invalid",
            format!(
                "`{path}` must be a GUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6; got {value:?}"
            ),
        );
    }
}

/// Checks several ids at once: `(name, value)` pairs.
pub fn check_ids(issues: &mut Issues, ids: &[(&str, &str)]) {
    for (path, value) in ids {
        check_id(issues, path, value);
    }
}

pub(crate) fn check_quantity(issues: &mut Issues, q: &QuantityInput) {
    if let Err(problem) = q.positive_up_to(MAX_QUANTITY) {
        issues.error(
            "quantity",
            problem.code(),
            format!("`quantity` must be a whole number from 1 to {MAX_QUANTITY}; got {q}"),
        );
    }
}

fn check_name(issues: &mut Issues, name: Option<&str>) {
    if let Some(n) = name {
        if n.trim().is_empty() || n.chars().any(char::is_control) {
            issues.error(
                "name",
                "name_invalid",
                "`name` must not be blank or contain control characters",
            );
        }
    }
}

fn check_product(issues: &mut Issues, product_id: &str, prices: Option<&PriceList>) {
    if !issues.require("productId", product_id, "product_id_required") {
        return;
    }
    let Some(list) = prices else { return };
    if list.product(product_id).is_none() {
        let level = match list.level {
            super::types::PriceListLevel::Organization => "organization",
            super::types::PriceListLevel::Reseller => "reseller",
        };
        let known: Vec<&str> = list
            .products
            .iter()
            .take(10)
            .map(|p| p.product_id.as_str())
            .collect();
        issues.error(
            "productId",
            "product_not_in_price_list",
            format!(
                "product {product_id:?} is not in the {level} price list for this service (it has {})",
                if known.is_empty() {
                    "no products".to_string()
                } else {
                    known.join(", ")
                }
            ),
        );
    }
}

/// Checks a create: the ids, the product against `prices` (the applicable price list, when
/// known) and the quantity.
pub fn validate_create(
    organization_id: &str,
    service_id: &str,
    sub: &NewCloudmoreSubscription,
    prices: Option<&PriceList>,
) -> Issues {
    let mut issues = Issues::new();
    check_ids(
        &mut issues,
        &[
            ("organizationId", organization_id),
            ("serviceId", service_id),
        ],
    );
    check_product(&mut issues, &sub.product_id, prices);
    check_quantity(&mut issues, &sub.quantity);
    check_name(&mut issues, sub.name.as_deref());
    issues
}

/// Checks an update: the ids, that something changes, and each field given.
pub fn validate_update(
    organization_id: &str,
    service_id: &str,
    subscription_id: &str,
    update: &CloudmoreSubscriptionUpdate,
    prices: Option<&PriceList>,
) -> Issues {
    let mut issues = Issues::new();
    check_ids(
        &mut issues,
        &[
            ("organizationId", organization_id),
            ("serviceId", service_id),
            ("subscriptionId", subscription_id),
        ],
    );
    if update.is_empty() {
        issues.error(
            "",
            "update_empty",
            "give at least one of `quantity`, `productId`, `name` or `extra`",
        );
    }
    if let Some(p) = &update.product_id {
        check_product(&mut issues, p, prices);
    }
    if let Some(q) = &update.quantity {
        check_quantity(&mut issues, q);
    }
    check_name(&mut issues, update.name.as_deref());
    issues
}

/// Checks a licence key: not blank, no control characters (a pasted line break would corrupt
/// it), at most [`MAX_LICENSE_KEY_LEN`] characters.
pub fn check_license_key(issues: &mut Issues, key: &str) {
    if key.trim().is_empty() {
        issues.error(
            "licenseKey",
            "license_key_empty",
            "`licenseKey` must not be empty",
        );
    } else if let Some(c) = key.chars().find(|c| c.is_control()) {
        issues.error(
            "licenseKey",
            "license_key_control_chars",
            format!("`licenseKey` must not contain control characters; found {c:?}"),
        );
    } else if key.chars().count() > MAX_LICENSE_KEY_LEN {
        issues.error(
            "licenseKey",
            "license_key_too_long",
            format!("`licenseKey` must be at most {MAX_LICENSE_KEY_LEN} characters"),
        );
    }
}

/// Refuses to cancel what is known to be cancelled already.
pub fn check_not_cancelled(
    issues: &mut Issues,
    subscription_id: &str,
    known: Option<&SubscriptionStatus>,
) {
    refuse_if_cancelled(issues, known, "already_cancelled", |s| {
        format!("subscription {subscription_id} is already {s}")
    });
}

/// Refuses to change what is known to be cancelled (Cloudmore answers `InvalidOperation`).
pub fn check_changeable(
    issues: &mut Issues,
    subscription_id: &str,
    known: Option<&SubscriptionStatus>,
) {
    refuse_if_cancelled(issues, known, "subscription_cancelled", |s| {
        format!("subscription {subscription_id} is {s} and can no longer be changed")
    });
}

fn refuse_if_cancelled(
    issues: &mut Issues,
    known: Option<&SubscriptionStatus>,
    code: &'static str,
    message: impl FnOnce(&SubscriptionStatus) -> String,
) {
    if let Some(s) = known.filter(|s| s.is_cancelled()) {
        issues.error("subscriptionId", code, message(s));
    }
}

/// Reads a `removeAction`, recording `remove_action_invalid` when it is neither.
pub fn check_remove_action(issues: &mut Issues, action: &str) -> Option<RemoveAction> {
    let parsed = RemoveAction::parse(action);
    if parsed.is_none() {
        issues.error(
            "removeAction",
            "remove_action_invalid",
            format!("`removeAction` must be \"Cancel\" or \"Delete\"; got {action:?}"),
        );
    }
    parsed
}

/// The price list that applies to an organization: its own when it has products, otherwise
/// the reseller's. An organization without its own prices is answered with an empty list [I],
/// so an empty organization list does not hide the reseller's.
pub fn applicable<'a>(
    organization: Option<&'a PriceList>,
    reseller: Option<&'a PriceList>,
) -> Option<&'a PriceList> {
    organization.filter(|p| !p.products.is_empty()).or(reseller)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids() {
        assert!(is_guid("3fa85f64-5717-4562-b3fc-2c963f66afa6"));
        assert!(is_guid("3FA85F64-5717-4562-B3FC-2C963F66AFA6"));
        for bad in [
            "",
            "3fa85f64",
            "3fa85f64-5717-4562-b3fc-2c963f66afa",
            "3fa85f64-5717-4562-b3fc-2c963f66afa6-",
            "{3fa85f64-5717-4562-b3fc-2c963f66afa6}",
            "3fa85f64-5717-4562-b3fc-2c963f66afg6",
            "3fa85f64-5717-4562-b3fc/2c963f66afa6",
        ] {
            assert!(!is_guid(bad), "{bad:?}");
        }
    }
}
