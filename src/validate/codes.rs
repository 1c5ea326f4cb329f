//! Every issue code the SDK emits, with its meaning: the source of the README's table and of the
//! TypeScript unions (`OmnissaIssueCode`, …), both checked against the code by
//! `tests/issue_codes.rs`. Codes never change meaning; new ones are added here.

/// `(code, meaning)`, sorted by code.
pub const ISSUE_CODES: &[(&str, &str)] = &[
    ("account_id_required", "The APS account id is missing."),
    (
        "address_field_required",
        "A required postal address field is empty.",
    ),
    (
        "admin_contact_required",
        "The customer has no admin contact.",
    ),
    (
        "already_cancelled",
        "The subscription is already cancelled.",
    ),
    (
        "amount_not_positive",
        "A resource amount is zero or negative.",
    ),
    ("aps_id_invalid", "An APS id is not a UUID."),
    (
        "cancellation_window_closed",
        "The subscription is outside its 30-day cancellation window.",
    ),
    (
        "commit_contract_mismatch",
        "The commit contract differs from the subscription's.",
    ),
    (
        "commit_contract_required",
        "The commit contract reference is missing.",
    ),
    ("company_name_required", "The company name is missing."),
    (
        "contact_field_required",
        "A required contact field is empty.",
    ),
    (
        "contact_type_invalid",
        "A contact type is not one the API knows.",
    ),
    ("contacts_empty", "At least one contact is required."),
    (
        "country_code_invalid",
        "The country is not a two-letter ISO 3166 code.",
    ),
    (
        "customer_field_required",
        "A required end-customer field is empty.",
    ),
    (
        "customer_id_invalid",
        "The customer id has the wrong shape.",
    ),
    ("customer_id_required", "The customer id is missing."),
    ("customer_name_required", "The customer name is missing."),
    (
        "date_invalid",
        "A date is not `YYYY-MM-DD` or an RFC 3339 date-time.",
    ),
    (
        "dependency_missing",
        "A product needs another product that is neither ordered nor owned.",
    ),
    ("email_invalid", "The email address is not plausible."),
    (
        "estimate_currency_mismatch",
        "The order's estimate is in another currency than expected (warning).",
    ),
    (
        "estimate_total_mismatch",
        "The order's estimated total differs from the expected one (warning).",
    ),
    (
        "from_quantity_mismatch",
        "The current quantity given differs from the subscription's.",
    ),
    ("id_invalid", "An id is not a UUID."),
    ("id_required", "An id is missing."),
    (
        "invalid_field",
        "The API refused this field (a server-side field error).",
    ),
    (
        "invalid_header",
        "A per-call header has an invalid name or value.",
    ),
    ("invalid_type", "The value has the wrong type or shape."),
    ("language_required", "The language is missing."),
    (
        "license_key_control_chars",
        "The licence key contains control characters.",
    ),
    ("license_key_empty", "The licence key is empty."),
    (
        "license_key_too_long",
        "The licence key is longer than the API accepts.",
    ),
    (
        "limit_exceeded",
        "The input breaks a parse limit (size, depth, items or string length).",
    ),
    ("login_invalid", "The login has characters the API refuses."),
    ("login_required", "The login is missing."),
    ("mpn_required", "A product's MPN is missing."),
    ("name_invalid", "The name is empty or too long."),
    ("offers_empty", "At least one offer is required."),
    (
        "order_type_unknown",
        "The order type is not one the API knows.",
    ),
    ("password_required", "The password is missing."),
    (
        "period_duration_not_positive",
        "The subscription period is zero or negative.",
    ),
    (
        "period_unit_invalid",
        "The subscription period unit is not one the API knows.",
    ),
    (
        "product_ambiguous",
        "More than one catalog product matches.",
    ),
    ("product_id_required", "The product id is missing."),
    ("product_not_found", "No catalog product has this MPN."),
    (
        "product_not_in_price_list",
        "The product is not in the applicable price list.",
    ),
    ("products_empty", "At least one product is required."),
    (
        "quantity_above_maximum",
        "The quantity is above the product's maximum.",
    ),
    (
        "quantity_below_minimum",
        "The quantity is below the product's minimum.",
    ),
    ("quantity_invalid", "The quantity is not a whole number."),
    (
        "quantity_not_integer",
        "The quantity is not a whole number.",
    ),
    ("quantity_not_positive", "The quantity is zero or negative."),
    (
        "quantity_too_large",
        "The quantity is above the API's ceiling.",
    ),
    (
        "remove_action_invalid",
        "The remove action is not one the API knows.",
    ),
    (
        "renewal_window_closed",
        "The subscription is outside its 30-day renewal window.",
    ),
    ("request_id_invalid", "The request id has the wrong shape."),
    ("request_id_required", "The request id is missing."),
    ("required", "A required field is missing."),
    ("reseller_id_required", "The reseller id is missing."),
    (
        "sid_invalid",
        "The SID (service instance id) has the wrong shape.",
    ),
    ("sid_required", "The SID is missing."),
    (
        "sku_already_on_subscription",
        "The add-on SKU is already on the subscription.",
    ),
    ("sku_duplicate", "The same SKU appears twice."),
    (
        "sku_lowercase",
        "The SKU has lower-case letters (warning: SKUs are upper case).",
    ),
    (
        "sku_malformed",
        "The SKU does not have the documented shape.",
    ),
    (
        "sku_not_on_subscription",
        "The SKU is not on the subscription.",
    ),
    ("sku_required", "The SKU is missing."),
    ("sku_whitespace", "The SKU has surrounding whitespace."),
    ("subscription_cancelled", "The subscription is cancelled."),
    (
        "subscription_end_unknown",
        "The subscription has no end date, so its windows are unknown.",
    ),
    (
        "subscription_id_required",
        "The subscription id is missing.",
    ),
    (
        "to_quantity_not_greater",
        "The new quantity is not greater than the current one.",
    ),
    (
        "unknown_field",
        "The input has a field the API does not define (\"did you mean\" when one is close).",
    ),
    ("update_empty", "The update changes nothing."),
    (
        "upgrade_quantity_exceeds",
        "More licences are upgraded than the subscription has.",
    ),
    (
        "upgrade_same_sku",
        "The upgrade's target SKU is the current one.",
    ),
];

/// The meaning of `code`, if the SDK emits it.
pub fn meaning(code: &str) -> Option<&'static str> {
    ISSUE_CODES
        .binary_search_by(|(c, _)| c.cmp(&code))
        .ok()
        .and_then(|i| ISSUE_CODES.get(i))
        .map(|(_, m)| *m)
}
