//! SimpleAPI orders (`Order`, `OrderDetailed` and their lines), split from [`super`] along
//! the seam between what an order is and the catalog, customer and subscription types.

use partner_ordering_json::Deserialize;

use serde::Serialize;

use super::{Amount, Period};
use crate::lenient;
use crate::open_enum;

open_enum!(
    /// Type of a SimpleAPI order (lower case on the wire).
    SimpleOrderType { /// New subscription.
    Sales = "sales", /// Change of quantities or plan.
    Change = "change", /// Renewal.
    Renewal = "renewal", /// Cancellation.
    Cancellation = "cancellation", /// Migration from another system.
    Migration = "migration" }
    ts = "\"sales\" | \"change\" | \"renewal\" | \"cancellation\" | \"migration\" | (string & {})"
);

open_enum!(
    /// Status of a SimpleAPI order.
    SimpleOrderStatus { /// Accepted.
    Submitted = "submitted", /// Being provisioned.
    Processing = "processing", /// Failed.
    Error = "error", /// Provisioned.
    Completed = "completed", /// Cancelled.
    Cancelled = "cancelled" }
    ts = "\"submitted\" | \"processing\" | \"error\" | \"completed\" | \"cancelled\" | (string & {})"
);

/// A parameter value of an order line (`{name, value}`; `value` is any JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ParameterValue {
    /// Name, e.g. `domain`.
    pub name: String,
    /// Value.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "unknown"))]
    pub value: serde_json::Value,
}

/// A product line of an order (`OrderLineProduct`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct OrderLine {
    /// MPN.
    #[serde(default)]
    pub mpn: String,
    /// Vendor, to tell apart products sharing an MPN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    /// Product id.
    #[serde(
        default,
        deserialize_with = "lenient::opt_id_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    /// Quantity as a decimal string (the spec says double; the docs send `"2.0"`).
    #[serde(
        default,
        deserialize_with = "lenient::opt_decimal_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub quantity: Option<String>,
    /// Billing period, to tell apart products sharing an MPN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_period: Option<Period>,
    /// Subscription period, to tell apart products sharing an MPN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription_period: Option<Period>,
    /// The subscription a change applies to.
    #[serde(
        default,
        deserialize_with = "lenient::opt_id_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub subscription_id: Option<String>,
    /// Name (read-only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Extended price (read-only; quantity × price).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extended_price: Option<Amount>,
    /// Order parameters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<ParameterValue>,
}

/// A discount on an order detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct SimpleDiscount {
    /// `percent`, `fixed`, …
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The rate or amount, a decimal string.
    #[serde(
        default,
        deserialize_with = "lenient::opt_decimal_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub value: Option<String>,
    /// The discounted amount, a decimal string.
    #[serde(
        default,
        deserialize_with = "lenient::opt_decimal_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub amount: Option<String>,
    /// Currency of `amount`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_code: Option<String>,
}

/// A price line of an order (`OrderDetail`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct SimpleOrderDetail {
    /// `recurring`, `setup`, …
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// MPN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mpn: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Quantity, a decimal string.
    #[serde(
        default,
        deserialize_with = "lenient::opt_decimal_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub quantity: Option<String>,
    /// Unit price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_price: Option<Amount>,
    /// Extended price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extended_price: Option<Amount>,
    /// Discount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<SimpleDiscount>,
    /// Tax.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_amount: Option<Amount>,
}

/// An order (`Order` / `OrderDetailed`), also the answer of an estimate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct SimpleOrder {
    /// Order id (absent on an estimate).
    #[serde(
        default,
        deserialize_with = "lenient::opt_id_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    /// Order number, e.g. `SO000012`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_number: Option<String>,
    /// Order type.
    #[serde(rename = "type")]
    pub kind: SimpleOrderType,
    /// The customer.
    #[serde(deserialize_with = "lenient::id_string")]
    pub customer_id: String,
    /// Your purchase order number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub po_number: Option<String>,
    /// Status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<SimpleOrderStatus>,
    /// Internal status code, e.g. `CP`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_code: Option<String>,
    /// Creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_date: Option<String>,
    /// Total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<Amount>,
    /// Products.
    #[serde(default)]
    pub products: Vec<OrderLine>,
    /// Price lines.
    #[serde(default)]
    pub details: Vec<SimpleOrderDetail>,
    /// The subscription a change, renewal or cancellation applies to.
    #[serde(
        default,
        deserialize_with = "lenient::opt_id_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub subscription_id: Option<String>,
}
