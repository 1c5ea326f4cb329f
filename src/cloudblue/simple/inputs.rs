//! What callers send to SimpleAPI, and list pages.

use crate::common::StrMap;

use partner_ordering_json::Deserialize;

use serde::Serialize;

use super::types::{
    Address, Customer, ParameterValue, Period, PeriodType, Plan, Product, SimpleOrder,
    SimpleOrderType, SimpleSubscription,
};
use crate::common::strict::{strict, strict_opt, strict_vec};
use crate::common::QuantityInput;
use crate::decimal::Decimal;
use crate::lenient;
use crate::secret::Secret;

/// Declares a concrete page type `{ data: T[], pagination }` (tsify cannot type `Ts<Page<T>>`).
macro_rules! page {
    ($(#[$m:meta])* $name:ident, $item:ty) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        #[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
        pub struct $name {
            /// The items of this page (required by the spec, as is `pagination`).
            pub data: Vec<$item>,
            /// Where this page sits in the whole list.
            pub pagination: super::types::Pagination,
            /// The offset the client asked for (not part of the answer, never serialized).
            #[serde(skip)]
            pub(crate) asked_offset: Option<u32>,
        }

        impl crate::cloudblue::simple::Paged for $name {
            type Item = $item;
            fn into_parts(self) -> (Vec<$item>, super::types::Pagination) {
                let p = crate::cloudblue::simple::continue_from(self.pagination, self.asked_offset);
                (self.data, p)
            }
            fn asked_at(mut self, offset: u32) -> Self {
                self.asked_offset = Some(offset);
                self
            }
        }
    };
}

page!(/// A page of products.
ProductPage, Product);
page!(/// A page of customers.
CustomerPage, Customer);
page!(/// A page of subscriptions.
SubscriptionPage, SimpleSubscription);
page!(/// A page of orders.
OrderPage, SimpleOrder);
page!(/// A page of plans.
PlanPage, Plan);

/// Filters and paging of `GET /products`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ProductQuery {
    /// Product name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Service name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    /// MPN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mpn: Option<String>,
    /// Vendor (manufacturer id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    /// First item (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u32>,
    /// Page size (default 10 on the server; no maximum is declared).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// Filters and paging of `GET /customers`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct CustomerQuery {
    /// Name ("similar to").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Contact email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Your id (exact match).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Owning reseller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reseller_id: Option<String>,
    /// First item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u32>,
    /// Page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// Filters and paging of `GET /subscriptions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct SubscriptionQuery {
    /// Owner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    /// Status, e.g. `active`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Created on or after (date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_date_from: Option<String>,
    /// Created on or before (date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_date_to: Option<String>,
    /// First item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u32>,
    /// Page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// Filters and paging of `GET /orders`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct OrderQuery {
    /// Customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    /// Subscription.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription_id: Option<String>,
    /// Order number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_number: Option<String>,
    /// Status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Created at or after (date-time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_time_from: Option<String>,
    /// Created at or before (date-time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_time_to: Option<String>,
    /// First item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u32>,
    /// Page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// Paging of `GET /plans`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PageQuery {
    /// First item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u32>,
    /// Page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

// ---- strict twins of the response types inputs share (see `crate::common::strict`) ----

/// [`Period`] as a caller writes it: no other fields (see [`crate::common::strict`]).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PeriodIn {
    #[serde(rename = "type")]
    kind: PeriodType,
    #[serde(deserialize_with = "lenient::quantity")]
    duration: u32,
}

impl From<PeriodIn> for Period {
    fn from(p: PeriodIn) -> Self {
        Period {
            kind: p.kind,
            duration: p.duration,
        }
    }
}

/// [`Address`] as a caller writes it: no other fields.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AddressIn {
    street_address: String,
    #[serde(default)]
    address_extension: Option<String>,
    postal_code: String,
    city: String,
    #[serde(default)]
    state: Option<String>,
    country_code: String,
}

impl From<AddressIn> for Address {
    fn from(a: AddressIn) -> Self {
        Address {
            street_address: a.street_address,
            address_extension: a.address_extension,
            postal_code: a.postal_code,
            city: a.city,
            state: a.state,
            country_code: a.country_code,
        }
    }
}

/// [`ParameterValue`] as a caller writes it: no other fields.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ParameterValueIn {
    name: String,
    #[serde(default)]
    value: serde_json::Value,
}

impl From<ParameterValueIn> for ParameterValue {
    fn from(p: ParameterValueIn) -> Self {
        ParameterValue {
            name: p.name,
            value: p.value,
        }
    }
}

/// A contact person of a new customer. `login` and `password` go only on the admin contact.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ContactInput {
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
    /// Admin login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login: Option<String>,
    /// Admin password (never printed; serializes as `<redacted>` except in the request body).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub password: Option<Secret>,
}

/// A new customer (`Customer`, write side).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct NewCustomer {
    /// Company name.
    pub name: String,
    /// Your system's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Address.
    #[serde(deserialize_with = "strict::<_, AddressIn, _>")]
    pub address: Address,
    /// Contacts; at least an admin.
    pub contact_persons: Vec<ContactInput>,
    /// Language code, e.g. `en`.
    pub language: String,
    /// Tax registration id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_reg_id: Option<String>,
    /// Custom attributes.
    #[serde(default, skip_serializing_if = "StrMap::is_empty")]
    #[cfg_attr(feature = "wasm", tsify(optional, type = "Record<string, string>"))]
    pub attributes: StrMap,
}

impl NewCustomer {
    /// The body: as the input, with each contact's password put back (it serializes as
    /// `<redacted>` everywhere else, such as logs).
    pub fn wire(&self) -> serde_json::Value {
        let mut v = serde_json::json!(self);
        if let Some(contacts) = v.get_mut("contactPersons").and_then(|c| c.as_array_mut()) {
            for (c, input) in contacts.iter_mut().zip(&self.contact_persons) {
                if let (Some(obj), Some(pw)) = (c.as_object_mut(), &input.password) {
                    obj.insert("password".into(), serde_json::json!(pw.expose()));
                }
            }
        }
        v
    }
}

/// A product line of a new order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct OrderLineInput {
    /// MPN.
    pub mpn: String,
    /// Vendor: needed when the MPN is not unique.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    /// Product id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Quantity: a number or a decimal string.
    pub quantity: QuantityInput,
    /// Subscription period: needed when MPN and vendor are not enough.
    #[serde(
        default,
        deserialize_with = "strict_opt::<_, PeriodIn, _>",
        skip_serializing_if = "Option::is_none"
    )]
    pub subscription_period: Option<Period>,
    /// Billing period: needed when MPN, vendor and subscription period are not enough.
    #[serde(
        default,
        deserialize_with = "strict_opt::<_, PeriodIn, _>",
        skip_serializing_if = "Option::is_none"
    )]
    pub billing_period: Option<Period>,
    /// For a change: the subscription.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription_id: Option<String>,
    /// Order parameters.
    #[serde(
        default,
        deserialize_with = "strict_vec::<_, ParameterValueIn, _>",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub parameters: Vec<ParameterValue>,
}

impl OrderLineInput {
    /// The quantity as an exact decimal, if it is one.
    pub fn quantity_decimal(&self) -> Option<Decimal> {
        match &self.quantity {
            QuantityInput::Number(n) => Decimal::from_f64(*n),
            QuantityInput::Text(t) => Decimal::parse(t),
        }
    }
}

/// A new SimpleAPI order (`OrderDetailed`, write side), also the body of an estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct NewSimpleOrder {
    /// `sales`, `change`, `renewal`, `cancellation`.
    #[serde(rename = "type")]
    pub kind: SimpleOrderType,
    /// The customer.
    pub customer_id: String,
    /// Your purchase order number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub po_number: Option<String>,
    /// Products.
    #[serde(default)]
    pub products: Vec<OrderLineInput>,
    /// For a change, renewal or cancellation: the subscription.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription_id: Option<String>,
    /// Custom attributes.
    #[serde(default, skip_serializing_if = "StrMap::is_empty")]
    #[cfg_attr(feature = "wasm", tsify(optional, type = "Record<string, string>"))]
    pub attributes: StrMap,
}

impl NewSimpleOrder {
    /// The body: quantities as JSON numbers, as `OrderLineProduct.quantity` (double) says.
    pub fn wire(&self) -> serde_json::Value {
        let mut v = serde_json::json!(self);
        if let Some(lines) = v.get_mut("products").and_then(|p| p.as_array_mut()) {
            for (line, input) in lines.iter_mut().zip(&self.products) {
                if let Some(obj) = line.as_object_mut() {
                    obj.insert("quantity".into(), input.quantity.as_number_json());
                }
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_go_out_as_numbers() {
        assert_eq!(
            QuantityInput::from("2.0").as_number_json(),
            serde_json::json!(2)
        );
        assert_eq!(
            QuantityInput::Number(2.5).as_number_json(),
            serde_json::json!(2.5)
        );
        assert_eq!(
            QuantityInput::from("lots").as_number_json(),
            serde_json::json!("lots")
        );
    }

    #[test]
    fn passwords_only_in_the_wire_body() {
        let c = NewCustomer {
            name: "Acme".into(),
            external_id: None,
            address: Address::default(),
            contact_persons: vec![ContactInput {
                kind: "admin".into(),
                first_name: "J".into(),
                last_name: "D".into(),
                email: "j@d.example".into(),
                phone_number: "1".into(),
                login: Some("jd".into()),
                password: Some(Secret::new("s3cret")),
            }],
            language: "en".into(),
            tax_reg_id: None,
            attributes: StrMap::new(),
        };
        assert!(!format!("{c:?} {}", serde_json::json!(c)).contains("s3cret"));
        assert_eq!(
            serde_json::json!(c)["contactPersons"][0]["password"],
            "<redacted>"
        );
        assert_eq!(c.wire()["contactPersons"][0]["password"], "s3cret");
    }
}
