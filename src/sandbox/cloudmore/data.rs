//! The Cloudmore sandbox's seed: one seller, two brokers, three organizations, two custom
//! services, price lists at both levels, and four subscriptions (one cancelled).
//!
//! Ids are GUIDs, as in Cloudmore, with readable prefixes.

use serde_json::{json, Value};

/// The seller.
pub const CLOUDMORE_SELLER_ID: &str = "5e11e700-0000-4000-8000-000000000001";
/// The broker the sandbox's broker credentials belong to.
pub const CLOUDMORE_RESELLER_ID: &str = "b0b0b0b0-0000-4000-8000-000000000001";
/// A second broker under the same seller (no credentials: only the seller sees it).
pub const CLOUDMORE_OTHER_RESELLER_ID: &str = "b0b0b0b0-0000-4000-8000-000000000002";
/// An organization of the first broker with its own price list for the backup service.
pub const CLOUDMORE_ORG_ID: &str = "0a0a0a0a-0000-4000-8000-000000000001";
/// An organization of the first broker that uses the broker's prices.
pub const CLOUDMORE_ORG2_ID: &str = "0a0a0a0a-0000-4000-8000-000000000002";
/// An organization of the second broker.
pub const CLOUDMORE_ORG3_ID: &str = "0a0a0a0a-0000-4000-8000-000000000003";
/// The custom service with licence keys enabled.
pub const CLOUDMORE_SERVICE_ID: &str = "5e7c0000-0000-4000-8000-000000000001";
/// A custom service without licence keys.
pub const CLOUDMORE_SERVICE2_ID: &str = "5e7c0000-0000-4000-8000-000000000002";
/// "Backup 100 GB": in both price lists (the organization pays less).
pub const CLOUDMORE_PRODUCT_ID: &str = "9d0d0000-0000-4000-8000-000000000001";
/// "Backup 1 TB": in the broker's list only, so not orderable for the first organization.
pub const CLOUDMORE_RESELLER_ONLY_PRODUCT_ID: &str = "9d0d0000-0000-4000-8000-000000000002";
/// "Backup Enterprise": in the first organization's list only.
pub const CLOUDMORE_ORG_ONLY_PRODUCT_ID: &str = "9d0d0000-0000-4000-8000-000000000003";
/// "Firewall SMB", of the second service.
pub const CLOUDMORE_FIREWALL_PRODUCT_ID: &str = "9d0d0000-0000-4000-8000-000000000004";
/// The API secret of `ro.customer.client` (opens only the sandbox).
pub const CLOUDMORE_API_SECRET: &str = "sandbox-cloudmore-api-secret";
/// Seller-level API user.
pub const CLOUDMORE_SELLER_USERNAME: &str = "seller-api@sandbox.cloudmore.test";
/// Broker-level API user.
pub const CLOUDMORE_BROKER_USERNAME: &str = "broker-api@sandbox.cloudmore.test";
/// Password of both users (opens only the sandbox).
pub const CLOUDMORE_PASSWORD: &str = "sandbox-cloudmore-password";

/// `(id, name, reseller id)`.
pub const ORGANIZATIONS: [(&str, &str, &str); 3] = [
    (CLOUDMORE_ORG_ID, "Acme Corp", CLOUDMORE_RESELLER_ID),
    (CLOUDMORE_ORG2_ID, "Globex", CLOUDMORE_RESELLER_ID),
    (CLOUDMORE_ORG3_ID, "Initech", CLOUDMORE_OTHER_RESELLER_ID),
];

/// `(id, name)`.
pub const RESELLERS: [(&str, &str); 2] = [
    (CLOUDMORE_RESELLER_ID, "Blue Harbor IT"),
    (CLOUDMORE_OTHER_RESELLER_ID, "Northwind Partners"),
];

/// `(id, name, licence keys enabled)`.
pub const SERVICES: [(&str, &str, bool); 2] = [
    (CLOUDMORE_SERVICE_ID, "Managed Backup", true),
    (CLOUDMORE_SERVICE2_ID, "Managed Firewall", false),
];

fn row(id: &str, name: &str, sku: &str, price: &str, cost: &str) -> Value {
    json!({"productId": id, "name": name, "sku": sku, "price": price, "costPrice": cost,
           "currencyCode": "EUR", "billingFrequency": "Monthly", "commitment": "None"})
}

/// A broker's price list rows for a service (every broker has the same ones).
pub fn reseller_prices(service_id: &str) -> Vec<Value> {
    if service_id.eq_ignore_ascii_case(CLOUDMORE_SERVICE_ID) {
        vec![
            row(
                CLOUDMORE_PRODUCT_ID,
                "Backup 100 GB",
                "BK-100",
                "5.00",
                "3.50",
            ),
            row(
                CLOUDMORE_RESELLER_ONLY_PRODUCT_ID,
                "Backup 1 TB",
                "BK-1TB",
                "25.00",
                "18.00",
            ),
        ]
    } else if service_id.eq_ignore_ascii_case(CLOUDMORE_SERVICE2_ID) {
        vec![row(
            CLOUDMORE_FIREWALL_PRODUCT_ID,
            "Firewall SMB",
            "FW-SMB",
            "49.00",
            "35.00",
        )]
    } else {
        Vec::new()
    }
}

/// An organization's own price list rows (only the first organization has any).
pub fn organization_prices(organization_id: &str, service_id: &str) -> Vec<Value> {
    if organization_id.eq_ignore_ascii_case(CLOUDMORE_ORG_ID)
        && service_id.eq_ignore_ascii_case(CLOUDMORE_SERVICE_ID)
    {
        vec![
            row(
                CLOUDMORE_PRODUCT_ID,
                "Backup 100 GB",
                "BK-100",
                "4.50",
                "3.50",
            ),
            row(
                CLOUDMORE_ORG_ONLY_PRODUCT_ID,
                "Backup Enterprise",
                "BK-ENT",
                "99.00",
                "70.00",
            ),
        ]
    } else {
        Vec::new()
    }
}

/// A seed subscription: `(organization, service, product, quantity, status, licence key)`.
pub type SeedSubscription = (
    &'static str,
    &'static str,
    &'static str,
    u32,
    &'static str,
    Option<&'static str>,
);

/// The seed subscriptions.
pub const SUBSCRIPTIONS: [SeedSubscription; 4] = [
    (
        CLOUDMORE_ORG_ID,
        CLOUDMORE_SERVICE_ID,
        CLOUDMORE_PRODUCT_ID,
        10,
        "Active",
        Some("ACME-BK100-7F3A-19C2"),
    ),
    (
        CLOUDMORE_ORG2_ID,
        CLOUDMORE_SERVICE_ID,
        CLOUDMORE_RESELLER_ONLY_PRODUCT_ID,
        2,
        "Active",
        None,
    ),
    (
        CLOUDMORE_ORG2_ID,
        CLOUDMORE_SERVICE2_ID,
        CLOUDMORE_FIREWALL_PRODUCT_ID,
        1,
        "Cancelled",
        None,
    ),
    (
        CLOUDMORE_ORG3_ID,
        CLOUDMORE_SERVICE_ID,
        CLOUDMORE_PRODUCT_ID,
        5,
        "Active",
        None,
    ),
];
