//! Omnissa data types, named after the OpenAPI schemas.

use partner_ordering_json::Deserialize;

use serde::Serialize;

use crate::lenient;
use crate::time::{format_rfc3339, parse_datetime};

/// A product line on a subscription: SKU and quantity (`Offer` in the spec).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Offer {
    /// The Omnissa SKU, e.g. `WSD-AWOSP-12PT0-C1S`.
    pub sku: String,
    /// Licences. The spec types this as an integer but the docs send strings; both are read.
    #[serde(deserialize_with = "lenient::quantity")]
    pub quantity: u32,
}

/// A subscription (`Subscription` in the spec).
///
/// Parsed through [`wire::Subscription`], which fills defaults for fields the server omits; this
/// type is what callers see, with every field the SDK guarantees marked required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", from = "wire::Subscription")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Subscription {
    /// The SID, e.g. `M123456789`: the key for every later order.
    pub service_instance_id: String,
    /// The end customer's name.
    pub customer_name: String,
    /// The commit contract the subscription bills against.
    pub commit_contract_reference: String,
    /// Term start exactly as the API sent it (two formats are seen: `2025-02-16T08:00:00.000+00:00`
    /// and `2023-05-15 00:00:00`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    /// Term end exactly as the API sent it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    /// Term start normalised to RFC 3339 UTC (`2025-02-16T08:00:00.000Z`); absent if unparseable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<String>,
    /// Term end normalised to RFC 3339 UTC; absent if unparseable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<String>,
    /// Products and quantities.
    pub offers: Vec<Offer>,
    /// Not in the spec: the sandbox reports `OPT_OUT` after a cancellation and `RENEW` after a
    /// manual renewal. Kept if the real API ever sends it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renewal_preference: Option<String>,
}

impl Subscription {
    /// Fills the normalised date fields from the raw ones.
    pub fn normalize(&mut self) {
        let norm = |d: &Option<String>| d.as_deref().and_then(parse_datetime).map(format_rfc3339);
        self.starts_at = norm(&self.start_date);
        self.ends_at = norm(&self.end_date);
    }

    /// Term end in epoch milliseconds, if the date parses.
    pub fn end_ms(&self) -> Option<i64> {
        self.end_date.as_deref().and_then(parse_datetime)
    }

    /// Current quantity of `sku` on this subscription, if present.
    pub fn quantity_of(&self, sku: &str) -> Option<u32> {
        self.offers
            .iter()
            .find(|o| o.sku == sku)
            .map(|o| o.quantity)
    }
}

/// Lenient shapes as received: every field the spec does not guarantee has a default.
mod wire {
    use partner_ordering_json::Deserialize;

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Subscription {
        pub service_instance_id: String,
        #[serde(default)]
        pub customer_name: String,
        #[serde(default)]
        pub commit_contract_reference: String,
        #[serde(default)]
        pub start_date: Option<String>,
        #[serde(default)]
        pub end_date: Option<String>,
        #[serde(default)]
        pub offers: Option<Vec<super::Offer>>,
        #[serde(default)]
        pub renewal_preference: Option<String>,
    }

    impl From<Subscription> for super::Subscription {
        fn from(w: Subscription) -> Self {
            let mut s = super::Subscription {
                service_instance_id: w.service_instance_id,
                customer_name: w.customer_name,
                commit_contract_reference: w.commit_contract_reference,
                start_date: w.start_date,
                end_date: w.end_date,
                starts_at: None,
                ends_at: None,
                offers: w.offers.unwrap_or_default(),
                renewal_preference: w.renewal_preference,
            };
            s.normalize();
            s
        }
    }
}

/// The body of `GET /subscriptions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionList {
    /// Active subscriptions of the partner (required by the spec: an answer without it is a
    /// decode error, not an empty list).
    pub subscriptions: Vec<Subscription>,
}

/// The token endpoint's answer. Only `access_token` is documented; the rest is standard OAuth2.
#[derive(Debug, Clone, Deserialize)]
pub struct TokenResponse {
    /// The bearer token.
    pub access_token: crate::secret::Secret,
    /// Lifetime in seconds, when given (number or string).
    #[serde(default, deserialize_with = "lenient::opt_seconds")]
    pub expires_in: Option<u64>,
}
