//! Cloudmore response models.
//!
//! No public schema exists (API-NOTES §3.4): only the model names are known. So every model
//! types the fields a caller needs and keeps everything else in `extra`, and list answers are
//! read whether they come as a bare array or wrapped (`{items: [...]}`), because ASP.NET APIs
//! do both. Lenient on input; the TypeScript types say exactly what the SDK guarantees.

use std::collections::BTreeMap;

use partner_ordering_json::Deserialize;

use serde::Serialize;
use serde_json::Value;

use crate::open_enum;

/// Unknown fields, kept verbatim.
pub type Extra = BTreeMap<String, Value>;

open_enum!(
    /// A subscription's state. Cloudmore's values are not published; these are the ones its
    /// portal shows [I]. Comparison is exact; anything else is kept as `Unknown`.
    SubscriptionStatus {
        /// Running.
        Active = "Active",
        /// Ordered, not yet provisioned.
        Pending = "Pending",
        /// Suspended by the seller.
        Suspended = "Suspended",
        /// Cancelled; still listed.
        Cancelled = "Cancelled",
        /// Deleted by the seller.
        Deleted = "Deleted",
    } ts = "\"Active\" | \"Pending\" | \"Suspended\" | \"Cancelled\" | \"Deleted\" | (string & {})"
);

impl SubscriptionStatus {
    /// True for states that can no longer be cancelled. `Canceled` (one `l`) counts too, since
    /// .NET enums are spelled either way.
    pub fn is_cancelled(&self) -> bool {
        match self {
            SubscriptionStatus::Cancelled | SubscriptionStatus::Deleted => true,
            SubscriptionStatus::Unknown(s) => {
                let s = s.to_ascii_lowercase();
                s == "canceled" || s == "cancelled" || s == "deleted"
            }
            _ => false,
        }
    }
}

/// A custom-service subscription (`OrganizationServiceSubscriptionViewModel`, and the seller
/// and reseller view models, which add the owner fields).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct CloudmoreSubscription {
    /// Subscription id (a GUID).
    #[serde(deserialize_with = "crate::lenient::id_string")]
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub name: Option<String>,
    /// The product, from the price list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub product_id: Option<String>,
    /// The product's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub product_name: Option<String>,
    /// Licences.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_quantity",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub quantity: Option<u32>,
    /// State.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub status: Option<SubscriptionStatus>,
    /// The licence key, when the service uses them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub license_key: Option<String>,
    /// The custom service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub service_id: Option<String>,
    /// The organization (customer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub organization_id: Option<String>,
    /// The organization's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub organization_name: Option<String>,
    /// The reseller (broker) that manages the organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub reseller_id: Option<String>,
    /// The reseller's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub reseller_name: Option<String>,
    /// Start, ISO 8601 as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub start_date: Option<String>,
    /// End of the current term, ISO 8601 as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub end_date: Option<String>,
    /// Every other field the server sent.
    #[serde(flatten)]
    #[cfg_attr(feature = "wasm", tsify(type = "Record<string, unknown>"))]
    pub extra: Extra,
}

impl CloudmoreSubscription {
    /// A subscription known only by id (a create answered with just the id).
    pub fn with_id(id: impl Into<String>) -> Self {
        CloudmoreSubscription {
            id: id.into(),
            name: None,
            product_id: None,
            product_name: None,
            quantity: None,
            status: None,
            license_key: None,
            service_id: None,
            organization_id: None,
            organization_name: None,
            reseller_id: None,
            reseller_name: None,
            start_date: None,
            end_date: None,
            extra: Extra::new(),
        }
    }
}

/// One product of a price list (`OrganizationProductAddon` and the price list rows).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PriceListProduct {
    /// The id to order with. Read from `productId`, or `itemId` as the PUT model names it.
    #[serde(alias = "itemId", deserialize_with = "crate::lenient::id_string")]
    pub product_id: String,
    /// Product name.
    #[serde(
        default,
        alias = "productName",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub name: Option<String>,
    /// Vendor SKU.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub sku: Option<String>,
    /// Price to the customer, a decimal string.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_decimal_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub price: Option<String>,
    /// Cost to the reseller, a decimal string.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_decimal_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub cost_price: Option<String>,
    /// ISO currency code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub currency_code: Option<String>,
    /// Billing frequency as sent (e.g. `Monthly`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub billing_frequency: Option<String>,
    /// Every other field the server sent.
    #[serde(flatten)]
    #[cfg_attr(feature = "wasm", tsify(type = "Record<string, unknown>"))]
    pub extra: Extra,
}

/// Which price list a [`PriceList`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum PriceListLevel {
    /// `ResellerPriceList`: the broker's prices for every organization.
    Reseller,
    /// `OrganizationPriceList`: one organization's own prices, which take precedence.
    Organization,
}

/// A price list for one service (`ResellerPriceListViewModel`, `OrganizationPriceListViewModel`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PriceList {
    /// Reseller or organization level; set by the client from the path it fetched.
    pub level: PriceListLevel,
    /// The service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub service_id: Option<String>,
    /// The organization, for an organization price list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub organization_id: Option<String>,
    /// ISO currency code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub currency_code: Option<String>,
    /// The orderable products.
    pub products: Vec<PriceListProduct>,
    /// Every other field the server sent.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "Record<string, unknown>"))]
    pub extra: Extra,
}

impl PriceList {
    /// The product with this id, if the list has it.
    pub fn product(&self, product_id: &str) -> Option<&PriceListProduct> {
        self.products
            .iter()
            .find(|p| p.product_id.eq_ignore_ascii_case(product_id.trim()))
    }

    /// Reads a price list body as the server sends it: an object holding the rows under
    /// `products`, `items`, `priceList`, `prices` or `addons`, or a bare array of rows.
    ///
    /// # Errors
    /// A message naming the row that does not parse.
    pub fn from_wire(level: PriceListLevel, v: Value) -> Result<PriceList, String> {
        let (rows, mut extra) =
            list_rows(v, &["products", "items", "priceList", "prices", "addons"])?;
        let products = rows
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                crate::json::from_value::<PriceListProduct>(&r)
                    .map_err(|e| format!("products[{i}]: {e}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut text = |k: &str| match extra.remove(k) {
            Some(Value::String(s)) => Some(s),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(other) => {
                extra.insert(k.to_string(), other);
                None
            }
            None => None,
        };
        Ok(PriceList {
            level,
            service_id: text("serviceId"),
            organization_id: text("organizationId"),
            currency_code: text("currencyCode").or_else(|| text("currency")),
            products,
            extra,
        })
    }
}

/// One change in a subscription's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct HistoryEntry {
    /// When, ISO 8601 as sent (`date`, `changeDate`, `createdDate` or `timestamp`).
    #[serde(
        default,
        alias = "changeDate",
        alias = "createdDate",
        alias = "timestamp",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub date: Option<String>,
    /// What happened (`action` or `changeType`), e.g. `QuantityChanged`.
    #[serde(default, alias = "changeType", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub action: Option<String>,
    /// Human-readable description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub description: Option<String>,
    /// Value before the change, as text (numbers and booleans are read as their text).
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub old_value: Option<String>,
    /// Value after the change, as text (numbers and booleans are read as their text).
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub new_value: Option<String>,
    /// Who made it.
    #[serde(default, alias = "changedBy", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub user: Option<String>,
    /// Every other field the server sent.
    #[serde(flatten)]
    #[cfg_attr(feature = "wasm", tsify(type = "Record<string, unknown>"))]
    pub extra: Extra,
}

/// A subscription's audit trail (`OrganizationSubscriptionHistoryViewModel`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct SubscriptionHistory {
    /// The subscription.
    pub subscription_id: String,
    /// Changes, oldest first as sent.
    pub entries: Vec<HistoryEntry>,
    /// Every other field the server sent.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "Record<string, unknown>"))]
    pub extra: Extra,
}

impl SubscriptionHistory {
    /// Reads a history body: a bare array of entries, or an object holding them under
    /// `entries`, `history`, `items` or `changes`.
    ///
    /// # Errors
    /// A message naming the entry that does not parse.
    pub fn from_wire(subscription_id: &str, v: Value) -> Result<SubscriptionHistory, String> {
        let (rows, mut extra) = list_rows(v, &["entries", "history", "items", "changes"])?;
        let entries = rows
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                crate::json::from_value::<HistoryEntry>(&r)
                    .map_err(|e| format!("entries[{i}]: {e}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let id = match extra.remove("subscriptionId") {
            Some(Value::String(s)) => s,
            Some(other) => {
                extra.insert("subscriptionId".into(), other);
                subscription_id.to_string()
            }
            None => subscription_id.to_string(),
        };
        Ok(SubscriptionHistory {
            subscription_id: id,
            entries,
            extra,
        })
    }
}

/// Splits a list answer into its rows and the other fields: a bare array, or an object with
/// the rows under the first of `keys` that holds an array, or else under its only array. An
/// empty list is `[]`; `null` is not one.
///
/// # Errors
/// When the value is none of these.
pub fn list_rows(v: Value, keys: &[&str]) -> Result<(Vec<Value>, Extra), String> {
    match v {
        Value::Array(rows) => Ok((rows, Extra::new())),
        Value::Object(map) => {
            // Inserted one by one: `collect()` into a map compiles in a whole sort for it.
            let mut extra = Extra::new();
            for (k, v) in map {
                extra.insert(k, v);
            }
            // A known key first; else the object's only array, whatever its name.
            let arrays: Vec<String> = extra
                .iter()
                .filter(|(_, v)| v.is_array())
                .map(|(k, _)| k.clone())
                .collect();
            let key = keys
                .iter()
                .map(|k| k.to_string())
                .find(|k| arrays.contains(k))
                .or_else(|| match arrays.as_slice() {
                    [only] => Some(only.clone()),
                    _ => None,
                });
            // Rows under an unknown key must not pass for an empty list: an empty organization
            // price list hands precedence to the reseller's.
            match key.and_then(|k| extra.remove(&k)) {
                Some(Value::Array(rows)) => Ok((rows, extra)),
                _ => Err(format!(
                    "expected a list, or an object holding one under {}; got an object with {}",
                    keys.join(", "),
                    if extra.is_empty() {
                        "no fields".to_string()
                    } else {
                        extra.keys().cloned().collect::<Vec<_>>().join(", ")
                    }
                )),
            }
        }
        other => Err(format!("expected a list, got {other}")),
    }
}
