//! Order inputs, the exact bodies sent for them, and order status.
//!
//! Inputs are lenient: a quantity may be a number or a numeric string, because the Omnissa docs
//! send both. Bodies are strict and follow `MSPOrderingAPI.yaml` field by field:
//!
//! | body | quantity fields | spec type |
//! | --- | --- | --- |
//! | new order, renewal (`Offer`) | `quantity` | integer |
//! | secondary add-on (`AddOnOffer`) | `quantity` | integer |
//! | quantity increase (`AddOnOffer`) | `fromQuantity`, `toQuantity` | **string** |
//! | upgrade (`UpgradeOffer`) | `quantity` | **string** |
//!
//! The doc samples disagree in places (`"quantity": "25"` for a secondary add-on, `24` for an
//! upgrade in Postman); where prose and spec disagree the spec wins.

use partner_ordering_json::Deserialize;

use serde::Serialize;

use crate::open_enum;

use crate::common::{QuantityInput, QuantityProblem};

/// Largest quantity the client accepts. Omnissa states no limit; this only catches typos [I].
pub const MAX_QUANTITY: u32 = 1_000_000;

/// Omnissa's reading of a quantity: its limit and the spec's wire types. The type itself is
/// shared ([`crate::common`]); these methods exist only with the `omnissa` feature.
impl QuantityInput {
    /// The quantity as a whole number from 1 to Omnissa's [`MAX_QUANTITY`], or what is wrong
    /// with it.
    pub fn positive(&self) -> Result<u32, QuantityProblem> {
        self.positive_up_to(MAX_QUANTITY)
    }

    /// For an integer-typed field: the number when it is whole, otherwise the value as given,
    /// so that a request sent with validation off still carries exactly what the caller wrote.
    fn as_integer_json(&self) -> serde_json::Value {
        match self {
            QuantityInput::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => {
                serde_json::json!(*n as i64)
            }
            QuantityInput::Number(n) => serde_json::json!(n),
            QuantityInput::Text(t) => match t.trim().parse::<i64>() {
                Ok(i) => serde_json::json!(i),
                Err(_) => serde_json::json!(t),
            },
        }
    }

    /// For a string-typed field: `5` becomes `"5"`.
    fn as_string_json(&self) -> serde_json::Value {
        match self {
            QuantityInput::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => {
                serde_json::json!((*n as i64).to_string())
            }
            QuantityInput::Number(n) => serde_json::json!(crate::json::float_text(*n)),
            QuantityInput::Text(t) => serde_json::json!(t.trim()),
        }
    }
}

/// A SKU and quantity to order or renew (`Offer`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct OfferInput {
    /// The SKU, e.g. `WSD-AWOSP-12PT0-C1S`.
    pub sku: String,
    /// Licences: a positive whole number.
    pub quantity: QuantityInput,
}

/// The end customer of a new order. The first six fields are required by the spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct EndCustomerInfo {
    /// Company name.
    pub customer_name: String,
    /// Primary contact's first name.
    pub first_name: String,
    /// Primary contact's last name.
    pub last_name: String,
    /// Primary contact's email.
    pub email: String,
    /// Country; ISO 3166-1 alpha-2 (`US`) as in the spec example.
    pub country: String,
    /// Postal code.
    pub zip_code: String,
    /// Address line 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address1: Option<String>,
    /// Address line 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address2: Option<String>,
    /// Address line 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address3: Option<String>,
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// County.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub county: Option<String>,
    /// State or province.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

/// A new subscription order (`SDPSubscriptionRequest`). Primary and secondary add-on SKUs may
/// be mixed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct NewOrder {
    /// The commit contract to bill, e.g. `GEO00000MOBILITY`.
    pub commit_contract_reference: String,
    /// SKUs and quantities; at least one, no SKU twice.
    pub offers: Vec<OfferInput>,
    /// The end customer.
    pub end_customer_info: EndCustomerInfo,
}

/// One SKU to expand: from the current quantity to a larger one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct QuantityChange {
    /// A SKU already on the subscription.
    pub sku: String,
    /// The current quantity of that SKU.
    pub from_quantity: QuantityInput,
    /// The new, larger quantity.
    pub to_quantity: QuantityInput,
}

/// Add-on order of type `QUANTITY-INCREASE`: more licences of SKUs already subscribed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct QuantityIncrease {
    /// The commit contract.
    pub commit_contract_reference: String,
    /// The SID of the subscription.
    pub service_instance_id: String,
    /// The SKUs to expand.
    pub offers: Vec<QuantityChange>,
}

/// Add-on order of type `SECONDARY-ADDON`: a new add-on SKU on an existing subscription.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct SecondaryAddOn {
    /// The commit contract.
    pub commit_contract_reference: String,
    /// The SID of the subscription.
    pub service_instance_id: String,
    /// The add-on SKUs, none already on the subscription.
    pub offers: Vec<OfferInput>,
}

/// One SKU change of an upgrade.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct UpgradeChange {
    /// The SKU on the subscription now.
    pub from_sku: String,
    /// The SKU to move to.
    pub to_sku: String,
    /// How many licences move; at most the current quantity of `fromSku`.
    pub quantity: QuantityInput,
}

/// An upgrade of a primary subscription (`SDPUpgradeRequest`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Upgrade {
    /// The commit contract.
    pub commit_contract_reference: String,
    /// The SID of the subscription.
    pub service_instance_id: String,
    /// The SKU changes.
    pub offers: Vec<UpgradeChange>,
}

/// A manual renewal (`SDPRenewalRequest`): allowed only in the last 30 days of the term. The
/// offers may change quantities, the base SKU and add-ons; changes apply at the next term.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Renewal {
    /// The commit contract.
    pub commit_contract_reference: String,
    /// The SID of the subscription.
    pub service_instance_id: String,
    /// What to renew.
    pub offers: Vec<OfferInput>,
}

/// A cancellation (`UpdateRenewalReference`): opts the subscription out of renewal at the end of
/// the term. Allowed only in the last 30 days of the term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Cancellation {
    /// The SID of the subscription.
    pub service_instance_id: String,
    /// Listed as required by the spec but not defined there, and absent from the doc and
    /// Postman samples, so it is optional and sent only when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit_contract_reference: Option<String>,
}

/// The 202 answer to an order: the id to poll with `getOrderStatus` / `waitForOrder`.
///
/// Every order operation, cancel included, answers the spec's `Accepted` response, whose
/// `requestId` is the only way to learn the outcome; a 2xx without one is a decode error, so
/// the id is always there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct OrderAccepted {
    /// The request id, never empty.
    pub request_id: String,
}

open_enum!(
    /// Status of an order request.
    OrderState {
        /// Provisioned: the SID is known.
        Success = "SUCCESS",
        /// Still being processed.
        Pending = "PENDING",
        /// Failed.
        Error = "ERROR",
    } ts = "\"SUCCESS\" | \"PENDING\" | \"ERROR\" | (string & {})"
);

/// `GET /status/{requestId}` (`StatusResponse`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct OrderStatus {
    /// `SUCCESS`, `PENDING`, `ERROR`, or a value this SDK does not know.
    pub status: OrderState,
    /// The SID, once known. The spec marks it required, but a PENDING answer has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_instance_id: Option<String>,
    /// Group id, e.g. `Radi1234`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    /// Environment identifier, e.g. `CN123`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment_identifier: Option<String>,
    /// A message: removed from the spec in June 2025 but plausible on ERROR, so kept [I].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// What `waitForOrder` resolves to once an order succeeds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct OrderResult {
    /// The request id that was polled.
    pub request_id: String,
    /// The subscription's SID.
    pub service_instance_id: String,
    /// Group id, when the API gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    /// Environment identifier, when the API gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment_identifier: Option<String>,
    /// How many status requests it took.
    pub polls: u32,
}

fn offers_json(offers: &[OfferInput]) -> serde_json::Value {
    offers
        .iter()
        .map(|o| serde_json::json!({"sku": o.sku, "quantity": o.quantity.as_integer_json()}))
        .collect()
}

/// The exact JSON bodies, per the spec's types.
pub trait WireBody {
    /// The body to send.
    fn wire(&self) -> serde_json::Value;
}

impl WireBody for NewOrder {
    fn wire(&self) -> serde_json::Value {
        serde_json::json!({
            "commitContractReference": self.commit_contract_reference,
            "offers": offers_json(&self.offers),
            "endCustomerInfo": self.end_customer_info,
        })
    }
}

impl WireBody for QuantityIncrease {
    fn wire(&self) -> serde_json::Value {
        let offers: Vec<_> = self
            .offers
            .iter()
            .map(|o| {
                serde_json::json!({
                    "sku": o.sku,
                    "fromQuantity": o.from_quantity.as_string_json(),
                    "toQuantity": o.to_quantity.as_string_json(),
                })
            })
            .collect();
        serde_json::json!({
            "type": "QUANTITY-INCREASE",
            "commitContractReference": self.commit_contract_reference,
            "serviceInstanceId": self.service_instance_id,
            "offers": offers,
        })
    }
}

impl WireBody for SecondaryAddOn {
    fn wire(&self) -> serde_json::Value {
        serde_json::json!({
            "type": "SECONDARY-ADDON",
            "commitContractReference": self.commit_contract_reference,
            "serviceInstanceId": self.service_instance_id,
            "offers": offers_json(&self.offers),
        })
    }
}

impl WireBody for Upgrade {
    fn wire(&self) -> serde_json::Value {
        let offers: Vec<_> = self
            .offers
            .iter()
            .map(|o| serde_json::json!({"fromSku": o.from_sku, "toSku": o.to_sku, "quantity": o.quantity.as_string_json()}))
            .collect();
        serde_json::json!({
            "commitContractReference": self.commit_contract_reference,
            "serviceInstanceId": self.service_instance_id,
            "offers": offers,
        })
    }
}

impl WireBody for Renewal {
    fn wire(&self) -> serde_json::Value {
        serde_json::json!({
            "commitContractReference": self.commit_contract_reference,
            "serviceInstanceId": self.service_instance_id,
            "offers": offers_json(&self.offers),
        })
    }
}

impl WireBody for Cancellation {
    fn wire(&self) -> serde_json::Value {
        serde_json::json!(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantity_rules() {
        let cases: &[(QuantityInput, Result<u32, QuantityProblem>)] = &[
            (5.into(), Ok(5)),
            ("25".into(), Ok(25)),
            (" 7 ".into(), Ok(7)),
            ("2.0".into(), Ok(2)),
            (QuantityInput::Number(2.5), Err(QuantityProblem::NotInteger)),
            ("abc".into(), Err(QuantityProblem::NotInteger)),
            ("".into(), Err(QuantityProblem::NotInteger)),
            (
                QuantityInput::Number(f64::NAN),
                Err(QuantityProblem::NotInteger),
            ),
            (0.into(), Err(QuantityProblem::NotPositive)),
            (
                QuantityInput::Number(-3.0),
                Err(QuantityProblem::NotPositive),
            ),
            (QuantityInput::Number(2e6), Err(QuantityProblem::TooLarge)),
        ];
        for (q, want) in cases {
            assert_eq!(q.positive(), *want, "{q:?}");
        }
    }

    #[test]
    fn wire_types_follow_the_spec() {
        assert_eq!(
            QuantityInput::from("25").as_integer_json(),
            serde_json::json!(25)
        );
        assert_eq!(
            QuantityInput::from(7).as_string_json(),
            serde_json::json!("7")
        );
        // With validation off, what the caller wrote is sent as is.
        assert_eq!(
            QuantityInput::from("abc").as_integer_json(),
            serde_json::json!("abc")
        );
        assert_eq!(
            QuantityInput::Number(2.5).as_string_json(),
            serde_json::json!("2.5")
        );
    }
}
