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

/// A seeded organization.
#[derive(Debug, Clone, Copy)]
pub struct Org {
    /// Its id.
    pub id: &'static str,
    /// Its name.
    pub name: &'static str,
    /// The broker it belongs to.
    pub reseller: &'static str,
}

/// A seeded broker.
#[derive(Debug, Clone, Copy)]
pub struct Reseller {
    /// Its id.
    pub id: &'static str,
    /// Its name.
    pub name: &'static str,
}

/// A seeded custom service.
#[derive(Debug, Clone, Copy)]
pub struct Service {
    /// Its id.
    pub id: &'static str,
    /// Its name.
    pub name: &'static str,
    /// Whether subscriptions to it take licence keys.
    pub license_keys: bool,
}

/// The organizations.
pub const ORGANIZATIONS: [Org; 3] = [
    Org {
        id: CLOUDMORE_ORG_ID,
        name: "Acme Corp",
        reseller: CLOUDMORE_RESELLER_ID,
    },
    Org {
        id: CLOUDMORE_ORG2_ID,
        name: "Globex",
        reseller: CLOUDMORE_RESELLER_ID,
    },
    Org {
        id: CLOUDMORE_ORG3_ID,
        name: "Initech",
        reseller: CLOUDMORE_OTHER_RESELLER_ID,
    },
];

/// The brokers.
pub const RESELLERS: [Reseller; 2] = [
    Reseller {
        id: CLOUDMORE_RESELLER_ID,
        name: "Blue Harbor IT",
    },
    Reseller {
        id: CLOUDMORE_OTHER_RESELLER_ID,
        name: "Northwind Partners",
    },
];

/// The custom services.
pub const SERVICES: [Service; 2] = [
    Service {
        id: CLOUDMORE_SERVICE_ID,
        name: "Managed Backup",
        license_keys: true,
    },
    Service {
        id: CLOUDMORE_SERVICE2_ID,
        name: "Managed Firewall",
        license_keys: false,
    },
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

/// A seed subscription, created 90 days before the sandbox starts; a licence key is set the day
/// after, and a cancelled one is cancelled 30 days before the start, each through the same code
/// as the API so that its history tells it.
#[derive(Debug, Clone, Copy)]
pub struct SeedSubscription {
    /// The organization.
    pub organization: &'static str,
    /// The service.
    pub service: &'static str,
    /// The product, from the organization's applicable price list.
    pub product: &'static str,
    /// Licences.
    pub quantity: u32,
    /// Cancelled before the sandbox starts.
    pub cancelled: bool,
    /// A licence key set at seed time.
    pub license_key: Option<&'static str>,
}

/// The seed subscriptions.
pub const SUBSCRIPTIONS: [SeedSubscription; 4] = [
    SeedSubscription {
        organization: CLOUDMORE_ORG_ID,
        service: CLOUDMORE_SERVICE_ID,
        product: CLOUDMORE_PRODUCT_ID,
        quantity: 10,
        cancelled: false,
        license_key: Some("ACME-BK100-7F3A-19C2"),
    },
    SeedSubscription {
        organization: CLOUDMORE_ORG2_ID,
        service: CLOUDMORE_SERVICE_ID,
        product: CLOUDMORE_RESELLER_ONLY_PRODUCT_ID,
        quantity: 2,
        cancelled: false,
        license_key: None,
    },
    SeedSubscription {
        organization: CLOUDMORE_ORG2_ID,
        service: CLOUDMORE_SERVICE2_ID,
        product: CLOUDMORE_FIREWALL_PRODUCT_ID,
        quantity: 1,
        cancelled: true,
        license_key: None,
    },
    SeedSubscription {
        organization: CLOUDMORE_ORG3_ID,
        service: CLOUDMORE_SERVICE_ID,
        product: CLOUDMORE_PRODUCT_ID,
        quantity: 5,
        cancelled: false,
        license_key: None,
    },
];
