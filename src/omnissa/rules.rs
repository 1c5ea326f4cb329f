//! Client-side validation of every Omnissa order. The sandbox runs the same functions on the
//! server side, so a client with its checks switched off meets the same rules as a 400.
//!
//! Issue codes (stable; the path is relative to the request body):
//!
//! | code | path | rule |
//! | --- | --- | --- |
//! | `commit_contract_required` | `commitContractReference` | present, not blank |
//! | `sid_required`, `sid_invalid` | `serviceInstanceId` | present; letters, digits, `-_.` |
//! | `offers_empty` | `offers` | at least one offer |
//! | `sku_required`, `sku_whitespace`, `sku_lowercase`, `sku_malformed` | `offers[i].sku` (`fromSku`, `toSku`) | SKU shape |
//! | `sku_duplicate` | `offers[i].sku` | no SKU twice in one request |
//! | `quantity_not_integer`, `quantity_not_positive`, `quantity_too_large` | `offers[i].quantity` (`fromQuantity`, `toQuantity`) | positive whole number |
//! | `customer_field_required` | `endCustomerInfo.<field>` | the six required fields |
//! | `email_invalid` | `endCustomerInfo.email` | plausible address |
//! | `country_not_iso2` (warning) | `endCustomerInfo.country` | the spec example is `US` |
//! | `to_quantity_not_greater` | `offers[i].toQuantity` | increase means larger |
//! | `from_quantity_mismatch` | `offers[i].fromQuantity` | equals the current quantity |
//! | `sku_not_on_subscription` | `offers[i].sku` / `offers[i].fromSku` | the SKU is subscribed |
//! | `sku_already_on_subscription` | `offers[i].sku` | a secondary add-on is new |
//! | `upgrade_same_sku` | `offers[i].toSku` | from and to differ |
//! | `upgrade_quantity_exceeds` | `offers[i].quantity` | at most the current quantity |
//! | `renewal_window_closed`, `cancellation_window_closed` | `serviceInstanceId` | last 30 days of the term |
//! | `subscription_end_unknown` (warning) | `serviceInstanceId` | end date needed to judge the window |
//! | `commit_contract_mismatch` (warning) | `commitContractReference` | matches the subscription's |
//!
//! Rules that need the subscription (`from_quantity_mismatch`, `sku_*_on_subscription`,
//! `upgrade_quantity_exceeds`, windows) run only when it is known: the client fetches it first
//! unless `precheck` is off.

use super::orders::{
    Cancellation, EndCustomerInfo, NewOrder, OfferInput, QuantityIncrease, Renewal, SecondaryAddOn,
    Upgrade, MAX_QUANTITY,
};
use super::sku::{check_sku, sku_ok};
use super::types::Subscription;
use super::window::{window_for_end, WindowState};
use crate::common::{QuantityInput, QuantityProblem};
use crate::time::Millis;
use crate::validate::{path_id, Issues};

/// Shared with CloudBlue; defined in [`crate::common`] and kept here at its old path.
pub use crate::common::plausible_email;

/// The API's own refusal text for a renewal outside the window.
pub const RENEWAL_WINDOW_MESSAGE: &str = "Renewal allowed only during last 30 days of active term";
/// The API's own refusal text for a cancellation outside the window.
pub const CANCELLATION_WINDOW_MESSAGE: &str =
    "Cancellation allowed only during last 30 days of active term";

/// What is known when validating: the current subscription and the time.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// The subscription the order is for, if fetched.
    pub subscription: Option<&'a Subscription>,
    /// Now, in epoch milliseconds, for window rules.
    pub now: Option<Millis>,
}

fn quantity(issues: &mut Issues, path: &str, q: &QuantityInput) -> Option<u32> {
    match q.positive() {
        Ok(v) => Some(v),
        Err(p) => {
            let msg = match p {
                QuantityProblem::NotInteger => {
                    format!("{q} is not a whole number")
                }
                QuantityProblem::NotPositive => "must be at least 1".to_string(),
                QuantityProblem::TooLarge => {
                    format!("must be at most {MAX_QUANTITY}")
                }
            };
            issues.error(path, p.code(), format!("quantity {msg}"));
            None
        }
    }
}

fn commit_contract(issues: &mut Issues, value: &str, ctx: &Context<'_>) {
    if issues.require("commitContractReference", value, "commit_contract_required") {
        if let Some(sub) = ctx.subscription {
            if !sub.commit_contract_reference.is_empty()
                && sub.commit_contract_reference != value.trim()
            {
                issues.warn(
                    "commitContractReference",
                    "commit_contract_mismatch",
                    format!(
                        "the subscription is on commit contract {:?}, not {value:?}",
                        sub.commit_contract_reference
                    ),
                );
            }
        }
    }
}

fn sid(issues: &mut Issues, value: &str) {
    path_id(issues, "serviceInstanceId", value, "sid");
}

fn not_empty<T>(issues: &mut Issues, offers: &[T]) {
    if offers.is_empty() {
        issues.error("offers", "offers_empty", "at least one offer is required");
    }
}

/// SKU shape, duplicates and quantity for a list of `{sku, quantity}` offers.
fn offers(issues: &mut Issues, offers: &[OfferInput]) {
    not_empty(issues, offers);
    let mut seen = crate::common::hash::fast_set(offers.len());
    for (i, o) in offers.iter().enumerate() {
        // Paths are formatted only for an issue: a valid 1,000-offer order allocates none.
        let ok = sku_ok(&o.sku) || check_sku(issues, &format!("offers[{i}].sku"), &o.sku);
        if ok && !seen.insert(o.sku.as_str()) {
            issues.error(
                format!("offers[{i}].sku"),
                "sku_duplicate",
                format!("SKU {} appears more than once", o.sku),
            );
        }
        if o.quantity.positive().is_err() {
            quantity(issues, &format!("offers[{i}].quantity"), &o.quantity);
        }
    }
}

fn customer(issues: &mut Issues, c: &EndCustomerInfo) {
    let required = [
        ("customerName", &c.customer_name),
        ("firstName", &c.first_name),
        ("lastName", &c.last_name),
        ("email", &c.email),
        ("country", &c.country),
        ("zipCode", &c.zip_code),
    ];
    for (name, value) in required {
        issues.require(
            &format!("endCustomerInfo.{name}"),
            value,
            "customer_field_required",
        );
    }
    let email = c.email.trim();
    if !email.is_empty() && !plausible_email(email) {
        issues.error(
            "endCustomerInfo.email",
            "email_invalid",
            format!("{email:?} is not a valid email address"),
        );
    }
    let country = c.country.trim();
    let iso2 = country.len() == 2 && country.bytes().all(|b| b.is_ascii_uppercase());
    if !country.is_empty() && !iso2 {
        issues.warn(
            "endCustomerInfo.country",
            "country_not_iso2",
            format!("{country:?} is not an ISO 3166-1 alpha-2 code such as \"US\"; the API may reject it"),
        );
    }
}

/// Rules for a new order.
pub fn validate_new_order(o: &NewOrder) -> Issues {
    let mut issues = Issues::new();
    commit_contract(
        &mut issues,
        &o.commit_contract_reference,
        &Context::default(),
    );
    offers(&mut issues, &o.offers);
    customer(&mut issues, &o.end_customer_info);
    issues
}

/// Rules for a quantity increase.
pub fn validate_quantity_increase(r: &QuantityIncrease, ctx: &Context<'_>) -> Issues {
    let mut issues = Issues::new();
    commit_contract(&mut issues, &r.commit_contract_reference, ctx);
    sid(&mut issues, &r.service_instance_id);
    not_empty(&mut issues, &r.offers);
    let mut seen = crate::common::hash::fast_set(r.offers.len());
    for (i, o) in r.offers.iter().enumerate() {
        let sku_path = format!("offers[{i}].sku");
        let sku_ok = check_sku(&mut issues, &sku_path, &o.sku);
        if sku_ok && !seen.insert(o.sku.as_str()) {
            issues.error(
                &sku_path,
                "sku_duplicate",
                format!("SKU {} appears more than once", o.sku),
            );
        }
        let from = quantity(
            &mut issues,
            &format!("offers[{i}].fromQuantity"),
            &o.from_quantity,
        );
        let to = quantity(
            &mut issues,
            &format!("offers[{i}].toQuantity"),
            &o.to_quantity,
        );
        if let (Some(f), Some(t)) = (from, to) {
            if t <= f {
                issues.error(
                    format!("offers[{i}].toQuantity"),
                    "to_quantity_not_greater",
                    format!("toQuantity ({t}) must be greater than fromQuantity ({f})"),
                );
            }
        }
        if let (true, Some(sub)) = (sku_ok, ctx.subscription) {
            match sub.quantity_of(&o.sku) {
                None => issues.error(
                    &sku_path,
                    "sku_not_on_subscription",
                    format!(
                        "SKU {} is not on subscription {}",
                        o.sku, sub.service_instance_id
                    ),
                ),
                Some(current) if from.is_some_and(|f| f != current) => issues.error(
                    format!("offers[{i}].fromQuantity"),
                    "from_quantity_mismatch",
                    format!(
                        "fromQuantity must be the current quantity of {}, which is {current}",
                        o.sku
                    ),
                ),
                Some(_) => {}
            }
        }
    }
    issues
}

/// Rules for a secondary add-on.
pub fn validate_secondary_addon(r: &SecondaryAddOn, ctx: &Context<'_>) -> Issues {
    let mut issues = Issues::new();
    commit_contract(&mut issues, &r.commit_contract_reference, ctx);
    sid(&mut issues, &r.service_instance_id);
    offers(&mut issues, &r.offers);
    if let Some(sub) = ctx.subscription {
        for (i, o) in r.offers.iter().enumerate() {
            if sub.quantity_of(&o.sku).is_some() {
                issues.error(
                    format!("offers[{i}].sku"),
                    "sku_already_on_subscription",
                    format!(
                        "SKU {} is already on subscription {}; use a quantity increase",
                        o.sku, sub.service_instance_id
                    ),
                );
            }
        }
    }
    issues
}

/// Rules for an upgrade.
pub fn validate_upgrade(r: &Upgrade, ctx: &Context<'_>) -> Issues {
    let mut issues = Issues::new();
    commit_contract(&mut issues, &r.commit_contract_reference, ctx);
    sid(&mut issues, &r.service_instance_id);
    not_empty(&mut issues, &r.offers);
    for (i, o) in r.offers.iter().enumerate() {
        let from_ok = check_sku(&mut issues, &format!("offers[{i}].fromSku"), &o.from_sku);
        let to_ok = check_sku(&mut issues, &format!("offers[{i}].toSku"), &o.to_sku);
        if from_ok && to_ok && o.from_sku == o.to_sku {
            issues.error(
                format!("offers[{i}].toSku"),
                "upgrade_same_sku",
                "toSku must differ from fromSku",
            );
        }
        let q = quantity(&mut issues, &format!("offers[{i}].quantity"), &o.quantity);
        if let (true, Some(sub)) = (from_ok, ctx.subscription) {
            match sub.quantity_of(&o.from_sku) {
                None => issues.error(
                    format!("offers[{i}].fromSku"),
                    "sku_not_on_subscription",
                    format!(
                        "SKU {} is not on subscription {}",
                        o.from_sku, sub.service_instance_id
                    ),
                ),
                Some(current) if q.is_some_and(|q| q > current) => issues.error(
                    format!("offers[{i}].quantity"),
                    "upgrade_quantity_exceeds",
                    format!(
                        "cannot upgrade {} licences of {}: the subscription has {current}",
                        q.unwrap_or(0),
                        o.from_sku
                    ),
                ),
                Some(_) => {}
            }
        }
    }
    issues
}

/// The window rule shared by renewal and cancellation.
fn window(issues: &mut Issues, ctx: &Context<'_>, code: &str, api_message: &str) {
    let (Some(sub), Some(now)) = (ctx.subscription, ctx.now) else {
        return;
    };
    let Some(end) = sub.end_ms() else {
        issues.warn(
            "serviceInstanceId",
            "subscription_end_unknown",
            "the subscription has no parseable endDate, so the 30-day window cannot be checked",
        );
        return;
    };
    let w = window_for_end(end, now);
    if w.state != WindowState::Open {
        let when = match w.state {
            WindowState::NotYetOpen => format!("opens in {} day(s)", w.days_until_open),
            _ => "has closed".to_string(),
        };
        issues.error(
            "serviceInstanceId",
            code,
            format!(
                "{api_message}: the window for {} opens {} and closes {} ({when})",
                sub.service_instance_id, w.opens_at, w.closes_at
            ),
        );
    }
}

/// Rules for a renewal.
pub fn validate_renewal(r: &Renewal, ctx: &Context<'_>) -> Issues {
    let mut issues = Issues::new();
    commit_contract(&mut issues, &r.commit_contract_reference, ctx);
    sid(&mut issues, &r.service_instance_id);
    offers(&mut issues, &r.offers);
    window(
        &mut issues,
        ctx,
        "renewal_window_closed",
        RENEWAL_WINDOW_MESSAGE,
    );
    issues
}

/// Rules for a cancellation.
pub fn validate_cancellation(r: &Cancellation, ctx: &Context<'_>) -> Issues {
    let mut issues = Issues::new();
    sid(&mut issues, &r.service_instance_id);
    if let Some(c) = &r.commit_contract_reference {
        commit_contract(&mut issues, c, ctx);
    }
    window(
        &mut issues,
        ctx,
        "cancellation_window_closed",
        CANCELLATION_WINDOW_MESSAGE,
    );
    issues
}
