//! The SimpleAPI sandbox's catalog: seed 002's two products (the add-on and its licence), more
//! Microsoft products, and one MPN shared by four products (two vendors, three period
//! combinations) to exercise identification.

use serde_json::{json, Value};

pub(super) fn period(kind: &str, n: u32) -> Value {
    json!({"type": kind, "duration": n})
}

#[allow(clippy::too_many_arguments)]
fn product(
    mpn: &str,
    vendor: &str,
    name: &str,
    min: &str,
    max: &str,
    price: &str,
    cost: &str,
    sub: Value,
    bill: Value,
    depends: &[&str],
) -> Value {
    json!({
        "mpn": mpn, "vendor": vendor, "name": name, "serviceName": "O365",
        "minimumQuantity": min, "maximumQuantity": max,
        "costs": [{"currency": "USD", "amount": cost, "type": "recurring"}],
        "prices": [{"currency": "USD", "amount": price, "type": "recurring"}],
        "billingPeriod": bill, "subscriptionPeriod": sub, "billingModel": "chargeBeforeBillingPeriod",
        "dependsOn": depends,
    })
}

/// MPN of the seed's add-on (Office 365 Extra File Storage), which depends on the E1 licence.
pub const ADDON_MPN: &str = "53fc25f7-6639-4f78-bb44-3c2dfec3ed40";
/// MPN of the seed's licence (Office 365 Enterprise E1).
pub const LICENSE_MPN: &str = "91fd106f-4b2c-4938-95ac-f54f74e9a239";
/// An MPN shared by four products (two vendors, three period combinations).
pub const DUPLICATE_MPN: &str = "ACR-BACKUP-100";

pub(super) fn catalog() -> Vec<Value> {
    let m = || period("month", 1);
    let y = || period("year", 1);
    vec![
        product(
            ADDON_MPN,
            "Microsoft",
            "Office 365 Extra File Storage",
            "0.0",
            "5000.0",
            "1.15",
            "1.05",
            m(),
            m(),
            &[LICENSE_MPN],
        ),
        product(
            LICENSE_MPN,
            "Microsoft",
            "Office 365 Enterprise E1",
            "1.0",
            "5000.0",
            "19.8",
            "17.5",
            m(),
            m(),
            &[],
        ),
        product(
            "c8a1b0e2-5f3d-4c6e-9a7b-2d1e0f3c4b5a",
            "Microsoft",
            "Office 365 Enterprise E3",
            "1.0",
            "5000.0",
            "32.0",
            "28.0",
            m(),
            m(),
            &[],
        ),
        product(
            "7d0bd3b3-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
            "Microsoft",
            "Teams Phone Standard",
            "1.0",
            "5000.0",
            "8.0",
            "6.9",
            m(),
            m(),
            &["c8a1b0e2-5f3d-4c6e-9a7b-2d1e0f3c4b5a", LICENSE_MPN],
        ),
        product(
            "2c9e4f6a-8b0d-4e2f-a4c6-e8f0a2c4e6f8",
            "Microsoft",
            "Visio Plan 2",
            "1.0",
            "1000.0",
            "15.0",
            "12.5",
            m(),
            m(),
            &[],
        ),
        product(
            "3d0f5a7b-9c1e-4f3a-b5d7-f9a1b3d5f7a9",
            "Microsoft",
            "Project Plan 3",
            "1.0",
            "1000.0",
            "30.0",
            "26.0",
            m(),
            m(),
            &[],
        ),
        product(
            "4e1a6b8c-0d2f-4a4b-c6e8-a0b2c4e6a8b0",
            "Microsoft",
            "Defender for Endpoint P1",
            "5.0",
            "1000.0",
            "5.2",
            "4.4",
            m(),
            m(),
            &[],
        ),
        product(
            DUPLICATE_MPN,
            "Acronis",
            "Backup 100 GB, monthly",
            "1",
            "100",
            "12.0",
            "9.0",
            m(),
            m(),
            &[],
        ),
        product(
            DUPLICATE_MPN,
            "Acronis",
            "Backup 100 GB, annual billed monthly",
            "1",
            "100",
            "10.0",
            "7.5",
            y(),
            m(),
            &[],
        ),
        product(
            DUPLICATE_MPN,
            "Acronis",
            "Backup 100 GB, annual billed yearly",
            "1",
            "100",
            "115.0",
            "86.0",
            y(),
            y(),
            &[],
        ),
        product(
            DUPLICATE_MPN,
            "BackupCo",
            "Backup 100 GB (BackupCo)",
            "1",
            "50",
            "11.0",
            "8.0",
            m(),
            m(),
            &[],
        ),
    ]
}
