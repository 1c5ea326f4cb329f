//! SimpleAPI 1.15 data types (`SimpleAPI-1.15.yaml`). Amounts are decimal strings, never floats;
//! server-controlled enums keep values they do not know; fields the spec does not require are
//! optional.

use crate::common::StrMap;

use partner_ordering_json::Deserialize;

use serde::Serialize;

use crate::lenient;
use crate::open_enum;

mod orders;

pub use orders::{
    OrderLine, ParameterValue, SimpleDiscount, SimpleOrder, SimpleOrderDetail, SimpleOrderStatus,
    SimpleOrderType,
};

/// Money: `{currency, amount}` with a decimal-string amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Amount {
    /// ISO 4217 code, e.g. `USD`.
    pub currency: String,
    /// Decimal string, e.g. `"70.5"`.
    #[serde(deserialize_with = "lenient::decimal_string")]
    pub amount: String,
}

open_enum!(
    /// Unit of a period.
    PeriodType { /// Days.
    Day = "day", /// Months.
    Month = "month", /// Years.
    Year = "year", /// Aligned to the statement day.
    StatementDay = "statement_day" }
    ts = "\"day\" | \"month\" | \"year\" | \"statement_day\" | (string & {})"
);

/// A billing or subscription period, e.g. one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Period {
    /// Unit.
    #[serde(rename = "type")]
    pub kind: PeriodType,
    /// Number of units (`Duration` in the spec is a double, `Period` an integer: both are read).
    #[serde(deserialize_with = "lenient::quantity")]
    pub duration: u32,
}

/// One price or cost of a product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ProductPrice {
    /// Currency code.
    pub currency: String,
    /// Decimal string.
    #[serde(deserialize_with = "lenient::decimal_string")]
    pub amount: String,
    /// `recurring`, `setup`, `overuse`, …
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// `FLAT`, `TIERED`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
}

/// A product an add-on depends on. The spec sends `{mpn, id}`; the products guide (seed 002)
/// shows bare MPN strings. Both are read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", from = "DependsOnWire")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct DependsOn {
    /// MPN of the required product.
    pub mpn: String,
    /// Product id, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

#[derive(serde::Deserialize)]
#[serde(untagged)]
enum DependsOnWire {
    Mpn(String),
    Object {
        #[serde(default)]
        mpn: String,
        #[serde(default, deserialize_with = "lenient::opt_id_string")]
        id: Option<String>,
    },
}

impl From<DependsOnWire> for DependsOn {
    fn from(w: DependsOnWire) -> Self {
        match w {
            DependsOnWire::Mpn(mpn) => DependsOn { mpn, id: None },
            DependsOnWire::Object { mpn, id } => DependsOn { mpn, id },
        }
    }
}

/// Co-terming rules of a product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Coterming {
    /// `MANDATORY`, `ALLOWED` or `RESTRICTED` (the spec's property is literally `required`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<String>,
    /// `SUBSCRIPTION` or `END_OF_MONTH`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

/// A catalog product (`Product`): a resource rate of a delegated service plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Product {
    /// Manufacturer part number; not always unique (see the catalog validation).
    pub mpn: String,
    /// Manufacturer id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    /// Product id.
    #[serde(
        default,
        deserialize_with = "lenient::opt_id_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Service name, e.g. `O365`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    /// Smallest orderable quantity, a decimal string (`"1.0"`).
    #[serde(
        default,
        deserialize_with = "lenient::opt_decimal_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub minimum_quantity: Option<String>,
    /// Largest orderable quantity, a decimal string (`"5000.0"`).
    #[serde(
        default,
        deserialize_with = "lenient::opt_decimal_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub maximum_quantity: Option<String>,
    /// Prices to the customer.
    #[serde(default)]
    pub prices: Vec<ProductPrice>,
    /// Costs to the reseller.
    #[serde(default)]
    pub costs: Vec<ProductPrice>,
    /// Billing period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_period: Option<Period>,
    /// Subscription period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription_period: Option<Period>,
    /// `chargeBeforeBillingPeriod`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_model: Option<String>,
    /// Products that must be in the order or already subscribed (an add-on's licence).
    #[serde(default)]
    pub depends_on: Vec<DependsOn>,
    /// Co-terming rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coterming: Option<Coterming>,
}

/// `offset`/`limit`/`total` of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Pagination {
    /// Index of the first item.
    pub offset: u32,
    /// Page size asked for.
    pub limit: u32,
    /// Items in all pages.
    pub total: u32,
}

/// Postal address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Address {
    /// Street and number.
    pub street_address: String,
    /// Suite, floor, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_extension: Option<String>,
    /// Postal code.
    pub postal_code: String,
    /// City.
    pub city: String,
    /// State (mandatory in some countries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country_code: String,
}

/// A contact person of a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ContactPerson {
    /// `admin`, `billing` or `technical`.
    #[serde(rename = "type")]
    pub kind: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Email.
    pub email: String,
    /// ITU-T E.164 phone number.
    pub phone_number: String,
    /// Admin login (write-only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login: Option<String>,
}

/// A customer account (`Customer`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Customer {
    /// Customer id.
    #[serde(
        default,
        deserialize_with = "lenient::opt_id_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    /// Your system's id for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Company name.
    pub name: String,
    /// `active`, `pending`, `creditHold`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Address.
    #[serde(default)]
    pub address: Address,
    /// Contacts.
    #[serde(default)]
    pub contact_persons: Vec<ContactPerson>,
    /// Language code.
    #[serde(default)]
    pub language: String,
    /// Tax registration id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_reg_id: Option<String>,
    /// The reseller that owns the customer.
    #[serde(
        default,
        deserialize_with = "lenient::opt_id_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub reseller_id: Option<String>,
    /// Custom attributes.
    #[serde(default, skip_serializing_if = "StrMap::is_empty")]
    #[cfg_attr(feature = "wasm", tsify(type = "Record<string, string>"))]
    pub attributes: StrMap,
}

/// A product line of a subscription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct SubscriptionProduct {
    /// MPN.
    pub mpn: String,
    /// Vendor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    /// Product id.
    #[serde(
        default,
        deserialize_with = "lenient::opt_id_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    /// Quantity (an integer in the spec; decimal strings are read too).
    #[serde(
        default,
        deserialize_with = "lenient::opt_decimal_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub quantity: Option<String>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Unit price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_price: Option<Amount>,
}

/// A subscription (`Subscription`, with the `SubscriptionDetailed` fields when present). Named
/// `SimpleSubscription` because Omnissa's `Subscription` has the plain name in TypeScript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct SimpleSubscription {
    /// Subscription id.
    #[serde(deserialize_with = "lenient::id_string")]
    pub id: String,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Owner.
    #[serde(
        default,
        deserialize_with = "lenient::opt_id_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub customer_id: Option<String>,
    /// `pending`, `active`, `hold`, `terminated`, `removed`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Auto-renewal flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renewal_status: Option<bool>,
    /// Creation date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_date: Option<String>,
    /// Renewal date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renewal_date: Option<String>,
    /// Expiration date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_date: Option<String>,
    /// Billing period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_period: Option<Period>,
    /// Subscription period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription_period: Option<Period>,
    /// Products (detailed view only).
    #[serde(default)]
    pub products: Vec<SubscriptionProduct>,
    /// Total price (detailed view only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_price: Option<Amount>,
}

impl SimpleSubscription {
    /// True for the states after which nothing renews or changes: `terminated` and `removed`
    /// (in any case, as servers differ).
    pub fn has_ended(&self) -> bool {
        self.status.as_deref().is_some_and(|s| {
            s.eq_ignore_ascii_case("terminated") || s.eq_ignore_ascii_case("removed")
        })
    }
}

/// A service plan (`ServicePlan` / `ServicePlanDetailed`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Plan {
    /// Plan id.
    #[serde(deserialize_with = "lenient::id_string")]
    pub id: String,
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Short description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_description: Option<String>,
    /// Published to customers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<bool>,
    /// Billing model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_model: Option<String>,
    /// Periods a subscription may have.
    #[serde(default)]
    pub subscription_periods: Vec<Period>,
    /// Possible switches (detailed view only).
    #[serde(default)]
    pub plan_switches: Vec<PlanSwitch>,
}

/// A possible plan or period switch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PlanSwitch {
    /// Target plan (an integer in the spec; read as a string like every other id).
    #[serde(deserialize_with = "lenient::id_string")]
    pub plan_id: String,
    /// Target period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription_period: Option<Period>,
    /// Billing policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_policy: Option<String>,
    /// When the switch takes effect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when_effective: Option<String>,
}
