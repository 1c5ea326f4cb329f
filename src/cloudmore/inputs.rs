//! What callers send: subscription create and update, licence keys, and the removal action.
//!
//! The create and update view models are named in Cloudmore's swagger but their fields are not
//! published (API-NOTES §3.4). The bodies carry the fields the seed names (`productId` from a
//! price list) plus `quantity` and `name` [I]; `extra` passes any other field through verbatim,
//! so a caller who knows a field the SDK does not can still send it.

use std::collections::BTreeMap;

use partner_ordering_json::Deserialize;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::common::QuantityInput;

/// The organization and custom service an organization-level call is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct OrgService {
    /// The organization (customer) id, a GUID.
    pub organization_id: String,
    /// The custom service id, a GUID.
    pub service_id: String,
}

/// A new organization subscription (`OrganizationServiceSubscriptionCreateViewModel`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct NewCloudmoreSubscription {
    /// A product id from the applicable price list.
    pub product_id: String,
    /// Licences: a positive whole number.
    pub quantity: QuantityInput,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub name: Option<String>,
    /// Further fields, sent as given.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "wasm", tsify(optional, type = "Record<string, unknown>"))]
    pub extra: BTreeMap<String, Value>,
}

/// Changes to an organization subscription (`OrganizationServiceSubscriptionUpdateViewModel`).
/// Only the fields given are sent.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct CloudmoreSubscriptionUpdate {
    /// The new quantity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub quantity: Option<QuantityInput>,
    /// A different product from the applicable price list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub product_id: Option<String>,
    /// A new display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub name: Option<String>,
    /// Further fields, sent as given.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "wasm", tsify(optional, type = "Record<string, unknown>"))]
    pub extra: BTreeMap<String, Value>,
}

/// What the seller-level `DELETE` does (`removeAction`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum RemoveAction {
    /// Cancel: the subscription stays, listed as cancelled.
    Cancel,
    /// Delete: the subscription is removed. The generated SDK's default, so never implied here.
    Delete,
}

impl RemoveAction {
    /// The query value.
    pub fn as_str(self) -> &'static str {
        match self {
            RemoveAction::Cancel => "Cancel",
            RemoveAction::Delete => "Delete",
        }
    }

    /// Reads `Cancel` or `Delete`, in any letter case.
    pub fn parse(s: &str) -> Option<RemoveAction> {
        match s.trim().to_ascii_lowercase().as_str() {
            "cancel" => Some(RemoveAction::Cancel),
            "delete" => Some(RemoveAction::Delete),
            _ => None,
        }
    }
}

/// Starts a body from `extra`, so the known fields set after it win.
fn base(extra: &BTreeMap<String, Value>) -> Map<String, Value> {
    // Inserted one by one: `collect()` into a map compiles in a whole sort for it.
    let mut m = Map::new();
    for (k, v) in extra {
        m.insert(k.clone(), v.clone());
    }
    m
}

impl NewCloudmoreSubscription {
    /// The body sent: `{productId, quantity, name?, ...extra}` with an integer quantity.
    pub fn wire(&self) -> Value {
        let mut m = base(&self.extra);
        m.insert("productId".into(), Value::from(self.product_id.trim()));
        m.insert("quantity".into(), self.quantity.as_number_json());
        if let Some(n) = &self.name {
            m.insert("name".into(), Value::from(n.as_str()));
        }
        Value::Object(m)
    }
}

impl CloudmoreSubscriptionUpdate {
    /// The body sent: only the fields given.
    pub fn wire(&self) -> Value {
        let mut m = base(&self.extra);
        if let Some(q) = &self.quantity {
            m.insert("quantity".into(), q.as_number_json());
        }
        if let Some(p) = &self.product_id {
            m.insert("productId".into(), Value::from(p.trim()));
        }
        if let Some(n) = &self.name {
            m.insert("name".into(), Value::from(n.as_str()));
        }
        Value::Object(m)
    }

    /// True when nothing would change.
    pub fn is_empty(&self) -> bool {
        self.quantity.is_none()
            && self.product_id.is_none()
            && self.name.is_none()
            && self.extra.is_empty()
    }
}

/// The `SetLicenseKey` body (`UpdateSellerSubscriptionSetLicenseKeyViewModel`, `{licenseKey}` [I]).
pub fn license_key_body(key: &str) -> Value {
    // Spaces pasted around a key are not part of it; anything else goes as given, for the
    // rules (or, with validation off, the server) to judge.
    serde_json::json!({ "licenseKey": key.trim_matches(' ') })
}
