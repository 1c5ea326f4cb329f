//! Omnissa Partner Managed Services (MSP) Ordering API.
//!
//! Sources: the Omnissa guide (seed 000), `MSPOrderingAPI.yaml` 2.0.0 and the Postman collection
//! (API-NOTES §1). Where prose and spec disagree the spec wins, and parsing accepts both.
//!
//! Auth: an OAuth2 client-credentials token from `POST /v1/m0/application/oauth2/token` with Basic
//! auth and `grant_type` in the query string, valid 7500 s; every other call sends
//! `Authorization: Bearer …` and a `partnerId` header.

mod client;
mod endpoints;
mod orders;
pub mod rules;
mod sku;
mod types;
mod window;

pub use client::{CallOptions, Credentials, OmnissaClient, OmnissaConfig, DEFAULT_BASE_URL};
pub use endpoints::{
    FetchToken, GetOrderStatus, GetSubscription, ListSubscriptions, OrderBody, PlaceOrder,
    API_PATH, TOKEN_PATH,
};
pub use orders::{
    Cancellation, EndCustomerInfo, NewOrder, OfferInput, OrderAccepted, OrderResult, OrderState,
    OrderStatus, QuantityChange, QuantityIncrease, Renewal, SecondaryAddOn, Upgrade, UpgradeChange,
    WireBody, MAX_QUANTITY,
};
pub use sku::{check_sku, parse_sku, SkuBilling, SkuInfo, SkuMetric};
pub use types::{Offer, Subscription, SubscriptionList, TokenResponse};
pub use window::{renewal_window, window_for_end, RenewalWindow, WindowState, WINDOW_DAYS};

/// Shared with the other APIs; defined in [`crate::common`] and kept here at its old path.
pub use crate::common::QuantityInput;

use crate::endpoint::{ErrorFields, ErrorSchema};
use crate::error::Api;

/// How Omnissa errors read: [`Api::Omnissa`] and [`error_fields`].
pub const ERROR_SCHEMA: ErrorSchema = ErrorSchema {
    api: Api::Omnissa,
    read: error_fields,
};

/// Reads Omnissa's `ErrorMessage` body, `{error, message, traceId}`. Also accepts the OAuth
/// gateway's `{error, error_description}` shape, which a token call may return [I].
pub fn error_fields(v: &serde_json::Value) -> Option<ErrorFields> {
    let obj = v.as_object()?;
    let text = |k: &str| obj.get(k).and_then(|x| x.as_str()).map(str::to_string);
    let message = text("message")
        .or_else(|| text("error_description"))
        .or_else(|| text("error"))?;
    Some(ErrorFields {
        code: text("error").or_else(|| text("code")),
        message,
        trace_id: text("traceId").filter(|t| !t.is_empty()),
        field_errors: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_error_bodies() {
        let v = serde_json::json!({"error": "VALIDATION FAILED", "message": "Edition Code is required field and cannot be empty", "traceId": ""});
        let f = error_fields(&v).map(|f| (f.code, f.trace_id));
        assert_eq!(f, Some((Some("VALIDATION FAILED".into()), None)));
        let v = serde_json::json!({"traceId": "0000000000000000", "error": "INVALID_REQUEST", "message": "Renewal allowed only during last 30 days of active term"});
        assert_eq!(
            error_fields(&v).and_then(|f| f.trace_id).as_deref(),
            Some("0000000000000000")
        );
        assert!(error_fields(&serde_json::json!([1])).is_none());
        assert!(error_fields(&serde_json::json!({"status": 500})).is_none());
    }
}
