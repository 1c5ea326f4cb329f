//! Client-side validation of CloudBlue bodies that are not catalog orders: APS customers, users
//! and orders, SimpleAPI customers, and the consistency of estimates.
//!
//! | code | path | rule |
//! | --- | --- | --- |
//! | `aps_id_invalid` | any APS id (`accountId`, `planId`, `resources[i].resourceId`, `resellerId`, …) | a UUID |
//! | `account_id_required`, `reseller_id_required` | | present |
//! | `company_name_required` | `companyName` | |
//! | `address_field_required` | `addressPostal.<field>` / `address.<field>` | street, locality/city, postal code, country |
//! | `contact_field_required` | `<contact>.<field>` | email, given and family name (APS); first and last name, email, phone (SimpleAPI) |
//! | `email_invalid` | `<contact>.email` | plausible address |
//! | `login_required`, `password_required`, `login_invalid` | `login`, `password` | users and admin contacts |
//! | `amount_not_positive` | `resources[i].amount` | a positive number |
//! | `period_unit_invalid` | `products[i].period.unit` | `DAYS`, `MONTHS` or `YEARS` [I] |
//! | `period_duration_not_positive` | `products[i].period.duration` | at least 1 |
//! | `products_empty` | `products` | a SALES order subscribes to something |
//! | `subscription_id_required` | `subscriptionId` | a CHANGE order names the subscription |
//! | `order_type_unknown` (warning) | `type` | |
//! | `contacts_empty`, `admin_contact_required`, `contact_type_invalid` | `contactPersons…` | SimpleAPI customers |
//! | `country_code_invalid` | `address.countryCode` | ISO 3166-1 alpha-2 |
//! | `language_required`, `customer_name_required` | | SimpleAPI customers |
//! | `estimate_total_mismatch`, `estimate_currency_mismatch` (warnings) | `total` | `subTotal + taxTotal = total` to the cent |
//! | `aps_id_invalid`, `period_unit_invalid`, `period_duration_not_positive` | `resellerId`, `accountId`, `planId`, `period.*` | APS subscription filters ([`super::aps::ApsSubscriptionQuery`]) |
//! | `date_invalid` | `startsFrom`, `startsBefore`, `expiresFrom`, `expiresBefore` | `YYYY-MM-DD` or RFC 3339 |

use super::aps::{
    ApsContact, ApsOrderType, ApsPeriod, Estimate, NewApsCustomer, NewApsOrder, NewStaffMember,
    PostalAddress,
};
use super::simple::NewCustomer;
use crate::common::{plausible_email, QuantityInput};
use crate::decimal::Decimal;
use crate::validate::Issues;

/// Allowed plan period units [I: the docs show `MONTHS`; days and years complete the set].
pub const PERIOD_UNITS: &[&str] = &["DAYS", "MONTHS", "YEARS"];

/// True for a UUID in the 8-4-4-4-12 hex form APS uses for resource ids. Shared with
/// Cloudmore; defined in [`crate::common`] and kept here at its old path.
pub use crate::common::is_uuid;

/// An APS id at `path`: present (else `required_code`) and a UUID (else `aps_id_invalid`).
pub(crate) fn aps_id(issues: &mut Issues, path: &str, value: &str, required_code: &str) {
    if issues.require(path, value, required_code) && !is_uuid(value.trim()) {
        issues.error(
            path,
            "aps_id_invalid",
            format!("`{path}` must be an APS id (a UUID), got {value:?}"),
        );
    }
}

/// A period at `path`: a known unit (`period_unit_invalid`) and a duration of at least 1
/// (`period_duration_not_positive`).
pub(crate) fn check_period(issues: &mut Issues, path: &str, p: &ApsPeriod) {
    if !PERIOD_UNITS.contains(&p.unit.as_str()) {
        issues.error(
            format!("{path}.unit"),
            "period_unit_invalid",
            format!(
                "period unit {:?} is not one of {}",
                p.unit,
                PERIOD_UNITS.join(", ")
            ),
        );
    }
    if p.duration == 0 {
        issues.error(
            format!("{path}.duration"),
            "period_duration_not_positive",
            "period duration must be at least 1",
        );
    }
}

fn email(issues: &mut Issues, path: &str, value: &str) {
    if !value.trim().is_empty() && !plausible_email(value.trim()) {
        issues.error(
            path,
            "email_invalid",
            format!("{value:?} is not a valid email address"),
        );
    }
}

fn postal(issues: &mut Issues, prefix: &str, a: &PostalAddress) {
    for (name, v) in [
        ("streetAddress", &a.street_address),
        ("locality", &a.locality),
        ("postalCode", &a.postal_code),
        ("countryName", &a.country_name),
    ] {
        issues.require(&format!("{prefix}.{name}"), v, "address_field_required");
    }
}

fn contact(issues: &mut Issues, prefix: &str, c: &ApsContact) {
    for (name, v) in [
        ("email", &c.email),
        ("givenName", &c.given_name),
        ("familyName", &c.family_name),
    ] {
        issues.require(&format!("{prefix}.{name}"), v, "contact_field_required");
    }
    email(issues, &format!("{prefix}.email"), &c.email);
}

/// Rules for a new APS customer (the BssAccountInformation + PAAccount pair).
pub fn validate_aps_customer(c: &NewApsCustomer) -> Issues {
    let mut issues = Issues::new();
    aps_id(
        &mut issues,
        "resellerId",
        &c.reseller_id,
        "reseller_id_required",
    );
    if let Some(id) = &c.bss_account_id {
        aps_id(&mut issues, "bssAccountId", id, "aps_id_invalid");
    }
    issues.require("companyName", &c.company_name, "company_name_required");
    postal(&mut issues, "addressPostal", &c.address_postal);
    contact(&mut issues, "adminContact", &c.admin_contact);
    if let Some(b) = &c.billing_contact {
        contact(&mut issues, "billingContact", b);
    }
    if let Some(t) = &c.tech_contact {
        contact(&mut issues, "techContact", t);
    }
    issues
}

/// Rules for a new staff member (admin user).
pub fn validate_staff_member(account_id: &str, u: &NewStaffMember) -> Issues {
    let mut issues = Issues::new();
    aps_id(&mut issues, "accountId", account_id, "account_id_required");
    issues.require("login", &u.login, "login_required");
    if u.password.is_blank() {
        issues.error(
            "password",
            "password_required",
            "`password` is required and must not be empty",
        );
    }
    for (name, v) in [
        ("email", &u.email),
        ("givenName", &u.given_name),
        ("familyName", &u.family_name),
    ] {
        issues.require(name, v, "contact_field_required");
    }
    email(&mut issues, "email", &u.email);
    issues
}

/// Rules for an APS order-manager order (the body of estimate, estimateCosts and place).
pub fn validate_aps_order(o: &NewApsOrder) -> Issues {
    let mut issues = Issues::new();
    aps_id(
        &mut issues,
        "accountId",
        &o.account_id,
        "account_id_required",
    );
    match &o.kind {
        ApsOrderType::Sales if o.products.is_empty() => issues.error(
            "products",
            "products_empty",
            "a SALES order needs at least one product",
        ),
        ApsOrderType::Change => match &o.subscription_id {
            Some(id) => aps_id(
                &mut issues,
                "subscriptionId",
                id,
                "subscription_id_required",
            ),
            None => issues.error(
                "subscriptionId",
                "subscription_id_required",
                "a CHANGE order needs subscriptionId",
            ),
        },
        ApsOrderType::Unknown(t) => issues.warn(
            "type",
            "order_type_unknown",
            format!("order type {t:?} is not one this SDK knows"),
        ),
        _ => {}
    }
    if let Some(id) = &o.plan_id {
        aps_id(&mut issues, "planId", id, "aps_id_invalid");
    }
    let periods = o
        .products
        .iter()
        .enumerate()
        .map(|(i, p)| (format!("products[{i}].period"), Some(&p.period)));
    for (path, period) in periods.chain(std::iter::once(("period".to_string(), o.period.as_ref())))
    {
        if let Some(p) = period {
            check_period(&mut issues, &path, p);
        }
    }
    for (i, p) in o.products.iter().enumerate() {
        aps_id(
            &mut issues,
            &format!("products[{i}].planId"),
            &p.plan_id,
            "aps_id_invalid",
        );
    }
    for (i, r) in o.resources.iter().enumerate() {
        aps_id(
            &mut issues,
            &format!("resources[{i}].resourceId"),
            &r.resource_id,
            "aps_id_invalid",
        );
        let positive = match &r.amount {
            QuantityInput::Number(n) => n.is_finite() && *n > 0.0,
            QuantityInput::Text(t) => Decimal::parse(t).is_some_and(Decimal::is_positive),
        };
        if !positive {
            issues.error(
                format!("resources[{i}].amount"),
                "amount_not_positive",
                format!("amount {} must be a positive number", r.amount),
            );
        }
    }
    issues
}

/// Rules for a new SimpleAPI customer.
pub fn validate_simple_customer(c: &NewCustomer) -> Issues {
    let mut issues = Issues::new();
    issues.require("name", &c.name, "customer_name_required");
    issues.require("language", &c.language, "language_required");
    let a = &c.address;
    for (name, v) in [
        ("streetAddress", &a.street_address),
        ("postalCode", &a.postal_code),
        ("city", &a.city),
        ("countryCode", &a.country_code),
    ] {
        issues.require(&format!("address.{name}"), v, "address_field_required");
    }
    let cc = a.country_code.trim();
    let iso2 = cc.len() == 2 && cc.bytes().all(|b| b.is_ascii_uppercase());
    if !cc.is_empty() && !iso2 {
        issues.error(
            "address.countryCode",
            "country_code_invalid",
            format!("{cc:?} is not an ISO 3166-1 alpha-2 code such as \"US\""),
        );
    }
    if c.contact_persons.is_empty() {
        issues.error(
            "contactPersons",
            "contacts_empty",
            "at least an admin contact is required",
        );
    } else if !c.contact_persons.iter().any(|p| p.kind == "admin") {
        issues.error(
            "contactPersons",
            "admin_contact_required",
            "one contact must have type \"admin\"",
        );
    }
    for (i, p) in c.contact_persons.iter().enumerate() {
        let prefix = format!("contactPersons[{i}]");
        if !["admin", "billing", "technical"].contains(&p.kind.as_str()) {
            issues.error(
                format!("{prefix}.type"),
                "contact_type_invalid",
                format!("{:?} is not admin, billing or technical", p.kind),
            );
        }
        for (name, v) in [
            ("firstName", &p.first_name),
            ("lastName", &p.last_name),
            ("email", &p.email),
            ("phoneNumber", &p.phone_number),
        ] {
            issues.require(&format!("{prefix}.{name}"), v, "contact_field_required");
        }
        email(&mut issues, &format!("{prefix}.email"), &p.email);
        if let Some(login) = &p.login {
            let ok = login.len() <= 256
                && login
                    .bytes()
                    .next()
                    .is_some_and(|b| b.is_ascii_alphanumeric())
                && login
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_.@-".contains(&b));
            if !ok {
                issues.error(
                    format!("{prefix}.login"),
                    "login_invalid",
                    "login must match ^[A-Za-z0-9][A-Za-z0-9_.@-]{0,255}$",
                );
            }
        }
    }
    issues
}

/// Checks that `subTotal + taxTotal = total` to the cent, in one currency. Warnings only: the
/// estimate is the platform's word, but a mismatch is worth showing before placing the order.
pub fn check_estimate(e: &Estimate) -> Issues {
    let mut issues = Issues::new();
    let (Some(total), Some(sub), Some(tax)) = (&e.total, &e.sub_total, &e.tax_total) else {
        return issues;
    };
    if total.code != sub.code || total.code != tax.code {
        issues.warn(
            "total",
            "estimate_currency_mismatch",
            format!(
                "total is in {}, subTotal in {}, taxTotal in {}",
                total.code, sub.code, tax.code
            ),
        );
        return issues;
    }
    let parsed = (
        Decimal::parse(&total.value),
        Decimal::parse(&sub.value),
        Decimal::parse(&tax.value),
    );
    if let (Some(t), Some(s), Some(x)) = parsed {
        let sum = s.checked_add(x).map(|v| v.round_dp(2));
        if sum != Some(t.round_dp(2)) {
            issues.warn(
                "total",
                "estimate_total_mismatch",
                format!(
                    "subTotal {} + taxTotal {} = {} {}, but total is {} {}",
                    sub.value,
                    tax.value,
                    sum.map_or("?".into(), |v| v.to_string()),
                    total.code,
                    total.value,
                    total.code
                ),
            );
        }
    }
    issues
}
