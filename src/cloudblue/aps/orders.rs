//! APS order-manager types: money, periods, price lines, estimates, order bodies and orders.
//! Money is `{value, code}` with decimal strings; durations arrive as numbers or strings.

use partner_ordering_json::Deserialize;

use serde::Serialize;

use crate::common::strict::{strict, strict_opt};
use crate::common::QuantityInput;
use crate::error::Issue;
use crate::lenient;
use crate::open_enum;

/// Money: `{value, code}` with a decimal-string value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ApsMoney {
    /// Decimal string, e.g. `"7.31"`.
    #[serde(deserialize_with = "lenient::decimal_string")]
    pub value: String,
    /// Currency, e.g. `USD`.
    pub code: String,
}

/// A period: `{unit: "MONTHS", duration: 1}`. The duration arrives as `1` or `"1.0"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ApsPeriod {
    /// `MONTHS`, `YEARS`, `DAYS`.
    pub unit: String,
    /// Number of units.
    #[serde(deserialize_with = "lenient::quantity")]
    pub duration: u32,
}

/// [`ApsPeriod`] as a caller writes it: no other fields (see [`crate::common::strict`]).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ApsPeriodIn {
    unit: String,
    #[serde(deserialize_with = "lenient::quantity")]
    duration: u32,
}

impl From<ApsPeriodIn> for ApsPeriod {
    fn from(p: ApsPeriodIn) -> Self {
        ApsPeriod {
            unit: p.unit,
            duration: p.duration,
        }
    }
}

/// A discount on a price line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ApsDiscount {
    /// `PERCENT`, …
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Rate, decimal string.
    #[serde(
        default,
        deserialize_with = "lenient::opt_decimal_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub value: Option<String>,
    /// Discounted amount, decimal string.
    #[serde(
        default,
        deserialize_with = "lenient::opt_decimal_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub amount: Option<String>,
}

/// A price line of an estimate or order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ApsOrderDetail {
    /// `PLAN_SETUP`, `PLAN_RECURRING`, `RESOURCE_RECURRING`, …
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_id: Option<String>,
    /// Resource, for resource lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<String>,
    /// Subscription period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<ApsPeriod>,
    /// Charged duration (`"1.0"` in estimates, `1` in orders: both read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<ApsPeriod>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Quantity, decimal string.
    #[serde(
        default,
        deserialize_with = "lenient::opt_decimal_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub quantity: Option<String>,
    /// Included amount, decimal string.
    #[serde(
        default,
        deserialize_with = "lenient::opt_decimal_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub lower_bound: Option<String>,
    /// `item`, `unit`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_of_measure: Option<String>,
    /// Unit price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_price: Option<ApsMoney>,
    /// Extended price after discount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extended_price: Option<ApsMoney>,
    /// Discount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<ApsDiscount>,
    /// Tax.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_amount: Option<ApsMoney>,
    /// Exclusive tax.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusive_tax_amount: Option<ApsMoney>,
    /// The reseller's cost of this line (order details).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reseller_cost: Option<ApsMoney>,
}

/// The answer of `estimate` and `estimateCosts`, plus the client's own consistency check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Estimate {
    /// Total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<ApsMoney>,
    /// Before tax.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_total: Option<ApsMoney>,
    /// Tax.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_total: Option<ApsMoney>,
    /// Exclusive tax.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusive_tax_total: Option<ApsMoney>,
    /// Price lines.
    #[serde(default)]
    pub details: Vec<ApsOrderDetail>,
    /// Warnings from the client's check that `subTotal + taxTotal = total` (not sent by the API).
    #[serde(default)]
    pub issues: Vec<Issue>,
}

open_enum!(
    /// Order type in a request (upper case words).
    ApsOrderType { /// Subscribes to plans: the only type that creates a subscription.
    Sales = "SALES", /// Changes resources or plan of a subscription.
    Change = "CHANGE", /// Renews a subscription [I: literal inferred from the docs' style].
    Renewal = "RENEWAL", /// Cancels a subscription [I].
    Cancellation = "CANCELLATION" }
    ts = "\"SALES\" | \"CHANGE\" | \"RENEWAL\" | \"CANCELLATION\" | (string & {})"
);

open_enum!(
    /// Order type in a listed order (two-letter codes).
    ApsListedOrderType { /// Sales order.
    SalesOrder = "SO", /// Payment order.
    PaymentOrder = "PO", /// Renewal order.
    RenewalOrder = "RN", /// Billing order.
    BillingOrder = "BO", /// Change order.
    ChangeOrder = "CH", /// Cancellation (provider owes).
    CancellationOrder = "CL", /// Cancellation charge.
    CancellationCharge = "CF" }
    ts = "\"SO\" | \"PO\" | \"RN\" | \"BO\" | \"CH\" | \"CL\" | \"CF\" | (string & {})"
);

/// A plan to subscribe to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ApsOrderProduct {
    /// Plan APS id.
    pub plan_id: String,
    /// Subscription period.
    #[serde(deserialize_with = "strict::<_, ApsPeriodIn, _>")]
    pub period: ApsPeriod,
}

/// A resource amount: the total (included plus additional).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ApsResourceAmount {
    /// Resource APS id.
    pub resource_id: String,
    /// Amount, a positive number.
    pub amount: QuantityInput,
}

/// An order-manager order: the same body for estimate, estimateCosts and place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct NewApsOrder {
    /// `SALES`, `CHANGE`, …
    #[serde(rename = "type")]
    pub kind: ApsOrderType,
    /// The customer's APS id.
    pub account_id: String,
    /// Payment method id (`"12"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method_id: Option<String>,
    /// Plans (SALES).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub products: Vec<ApsOrderProduct>,
    /// Resource amounts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<ApsResourceAmount>,
    /// The subscription a CHANGE applies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription_id: Option<String>,
    /// New plan of a CHANGE.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_id: Option<String>,
    /// New period of a CHANGE.
    #[serde(
        default,
        deserialize_with = "strict_opt::<_, ApsPeriodIn, _>",
        skip_serializing_if = "Option::is_none"
    )]
    pub period: Option<ApsPeriod>,
}

impl NewApsOrder {
    /// The body: resource amounts as JSON numbers.
    pub fn wire(&self) -> serde_json::Value {
        let mut v = serde_json::json!(self);
        if let Some(list) = v.get_mut("resources").and_then(|r| r.as_array_mut()) {
            for (r, input) in list.iter_mut().zip(&self.resources) {
                if let Some(obj) = r.as_object_mut() {
                    obj.insert("amount".into(), input.amount.as_number_json());
                }
            }
        }
        v
    }
}

/// `{orderId}`: the answer of placing an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PlacedOrder {
    /// The order's UUID.
    pub order_id: String,
}

/// An order as listed or read (`orderInfo`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ApsOrder {
    /// The order's UUID.
    pub order_id: String,
    /// Internal numeric id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internal_id: Option<u64>,
    /// Number, e.g. `SO000001`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_number: Option<String>,
    /// `SO`, `PO`, …
    #[serde(rename = "type")]
    pub kind: ApsListedOrderType,
    /// Total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<ApsMoney>,
    /// Before tax.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_total: Option<ApsMoney>,
    /// Tax.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_total: Option<ApsMoney>,
    /// `IN_PROGRESS`, `COMPLETED`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `PROBLEM`, `FINISHED`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_status: Option<String>,
    /// `NOT_STARTED`, `COMPLETED`, …: poll until `COMPLETED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provisioning_status: Option<String>,
    /// Two-letter internal status (`WP`, `CP`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of_status: Option<String>,
    /// Seller (reseller) APS id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seller_id: Option<String>,
    /// Buyer (customer) APS id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer_id: Option<String>,
    /// Order date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_date: Option<String>,
    /// Creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_time: Option<String>,
    /// Subscriptions created.
    #[serde(default)]
    pub subscriptions: Vec<String>,
    /// BSS subscriptions created.
    #[serde(default)]
    pub bss_subscriptions: Vec<String>,
    /// Price lines (details view).
    #[serde(default)]
    pub details: Vec<ApsOrderDetail>,
    /// End customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_customer_name: Option<String>,
    /// The reseller's total cost (details view).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reseller_costs: Option<ApsMoney>,
}

/// A page of an APS collection, read with RQL `limit(start,count)` and `Content-Range`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ApsOrderPage {
    /// The orders.
    pub items: Vec<ApsOrder>,
    /// Index of the first item.
    pub start: u64,
    /// Total, when the server sent `Content-Range`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    /// Start of the next page, `undefined` after the last.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_start: Option<u64>,
}
