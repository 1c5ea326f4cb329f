//! Caller inputs refuse fields they do not have: a misspelt field is an `unknown_field` issue
//! at its JSON path, with the closest known field when there is one, instead of a value
//! silently left out of the request. Responses stay lenient: servers add fields.
#![cfg(feature = "sandbox")]
// Tests fail by panicking; the panic lints are for library code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use partner_ordering::cloudblue::aps::{
    ApsAccount, ApsOrder, NewApsCustomer, NewApsOrder, NewStaffMember,
};
use partner_ordering::cloudblue::simple::{
    Customer, NewCustomer, NewSimpleOrder, OrderQuery, Product, ProductQuery, SimpleOrder,
};
use partner_ordering::cloudmore::{
    CloudmoreSubscriptionUpdate, NewCloudmoreSubscription, OrgService,
};
use partner_ordering::json::from_json;
use partner_ordering::omnissa::{
    Cancellation, NewOrder, QuantityIncrease, Renewal, SecondaryAddOn, Subscription, Upgrade,
};
use partner_ordering::sandbox::{Fault, OrderSettings};
use partner_ordering::{Api, Error};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

type Parse = fn(&str) -> Result<(), Error>;

fn parse<T: DeserializeOwned>(text: &str) -> Result<(), Error> {
    from_json::<T>(Api::Omnissa, "input", text).map(|_| ())
}

const SKU: &str = "WSD-AWOSP-12PT0-C1S";
const ID: &str = "00000000-0000-4000-8000-000000000001";

/// Every caller input: its parser and a valid value (which must parse as it is).
fn inputs() -> Vec<(&'static str, Parse, Value)> {
    let customer = json!({"customerName": "Acme", "firstName": "J", "lastName": "S",
        "email": "j@acme.example", "country": "US", "zipCode": "94943"});
    let on = |offers: Value| json!({"commitContractReference": "C", "serviceInstanceId": "M1", "offers": offers});
    let period = json!({"type": "month", "duration": 1});
    vec![
        (
            "NewOrder",
            parse::<NewOrder> as Parse,
            json!({"commitContractReference": "C", "offers": [{"sku": SKU, "quantity": 1}], "endCustomerInfo": customer}),
        ),
        (
            "QuantityIncrease",
            parse::<QuantityIncrease>,
            on(json!([{"sku": SKU, "fromQuantity": 1, "toQuantity": 2}])),
        ),
        (
            "SecondaryAddOn",
            parse::<SecondaryAddOn>,
            on(json!([{"sku": SKU, "quantity": 1}])),
        ),
        (
            "Upgrade",
            parse::<Upgrade>,
            on(json!([{"fromSku": SKU, "toSku": SKU, "quantity": 1}])),
        ),
        (
            "Renewal",
            parse::<Renewal>,
            on(json!([{"sku": SKU, "quantity": 1}])),
        ),
        (
            "Cancellation",
            parse::<Cancellation>,
            json!({"serviceInstanceId": "M1"}),
        ),
        (
            "NewApsOrder",
            parse::<NewApsOrder>,
            json!({"type": "SALES", "accountId": ID,
            "products": [{"planId": ID, "period": {"unit": "MONTHS", "duration": 1}}],
            "resources": [{"resourceId": ID, "amount": 2}], "period": {"unit": "MONTHS", "duration": 1}}),
        ),
        (
            "NewApsCustomer",
            parse::<NewApsCustomer>,
            json!({"resellerId": ID, "companyName": "A",
            "addressPostal": {"countryName": "us", "locality": "L", "postalCode": "1", "streetAddress": "S"},
            "adminContact": {"email": "a@b.example", "givenName": "G", "familyName": "F"},
            "billingContact": {"email": "a@b.example"}}),
        ),
        (
            "NewStaffMember",
            parse::<NewStaffMember>,
            json!({"login": "l", "password": "p",
            "email": "a@b.example", "givenName": "G", "familyName": "F", "addressPostal": {"region": "VA"}}),
        ),
        (
            "NewSimpleOrder",
            parse::<NewSimpleOrder>,
            json!({"type": "sales", "customerId": "1",
            "poNumber": "PO-1", "products": [{"mpn": "M", "quantity": 1, "billingPeriod": period,
            "parameters": [{"name": "domain", "value": "a.example"}]}], "attributes": {"any": "thing"}}),
        ),
        (
            "NewCustomer",
            parse::<NewCustomer>,
            json!({"name": "A",
            "address": {"streetAddress": "S", "postalCode": "1", "city": "C", "countryCode": "US"},
            "contactPersons": [{"type": "admin", "firstName": "J", "lastName": "S", "email": "j@a.example", "phoneNumber": "+1"}],
            "language": "en"}),
        ),
        (
            "ProductQuery",
            parse::<ProductQuery>,
            json!({"serviceName": "O365", "limit": 10}),
        ),
        (
            "OrderQuery",
            parse::<OrderQuery>,
            json!({"customerId": "1"}),
        ),
        (
            "NewCloudmoreSubscription",
            parse::<NewCloudmoreSubscription>,
            json!({"productId": ID, "quantity": 1, "extra": {"customProperties": {"site": "HQ"}}}),
        ),
        (
            "CloudmoreSubscriptionUpdate",
            parse::<CloudmoreSubscriptionUpdate>,
            json!({"quantity": 2}),
        ),
        (
            "OrgService",
            parse::<OrgService>,
            json!({"organizationId": ID, "serviceId": ID}),
        ),
        (
            "Fault",
            parse::<Fault>,
            json!({"kind": {"htmlStatus": 502}, "pathContains": "/x"}),
        ),
        (
            "OrderSettings",
            parse::<OrderSettings>,
            json!({"pendingPolls": 1}),
        ),
    ]
}

/// The value at `pointer` (an object) with `key` added.
fn with_key(mut v: Value, pointer: &str, key: &str) -> String {
    let obj = v
        .pointer_mut(pointer)
        .and_then(Value::as_object_mut)
        .expect(pointer);
    obj.insert(key.into(), json!("x"));
    v.to_string()
}

#[test]
fn valid_inputs_parse() {
    for (name, parse, v) in inputs() {
        assert!(
            parse(&v.to_string()).is_ok(),
            "{name}: {:?}",
            parse(&v.to_string())
        );
    }
}

#[test]
fn unknown_fields_are_refused_at_their_path() {
    // (input, object pointer, key added, issue path, the hint the message ends with)
    let cases: &[(&str, &str, &str, &str, &str)] = &[
        (
            "NewOrder",
            "",
            "commitContractReferenc",
            "commitContractReferenc",
            "did you mean `commitContractReference`?",
        ),
        (
            "NewOrder",
            "/offers/0",
            "quantiy",
            "offers[0].quantiy",
            "did you mean `quantity`?",
        ),
        (
            "NewOrder",
            "/endCustomerInfo",
            "adress1",
            "endCustomerInfo.adress1",
            "did you mean `address1`?",
        ),
        (
            "NewOrder",
            "/endCustomerInfo",
            "zipcode",
            "endCustomerInfo.zipcode",
            "did you mean `zipCode`?",
        ),
        (
            "QuantityIncrease",
            "/offers/0",
            "toQuantty",
            "offers[0].toQuantty",
            "did you mean `toQuantity`?",
        ),
        (
            "QuantityIncrease",
            "",
            "type",
            "type",
            "its fields are `commitContractReference`, `serviceInstanceId`, `offers`",
        ),
        (
            "SecondaryAddOn",
            "",
            "poNumber",
            "poNumber",
            "its fields are `commitContractReference`, `serviceInstanceId`, `offers`",
        ),
        (
            "Upgrade",
            "/offers/0",
            "fromSKU",
            "offers[0].fromSKU",
            "did you mean `fromSku`?",
        ),
        (
            "Renewal",
            "/offers/0",
            "skus",
            "offers[0].skus",
            "did you mean `sku`?",
        ),
        (
            "Cancellation",
            "",
            "serviceInstanceID",
            "serviceInstanceID",
            "did you mean `serviceInstanceId`?",
        ),
        (
            "NewApsOrder",
            "",
            "poNumber",
            "poNumber",
            "`subscriptionId`, `planId`, `period`",
        ),
        (
            "NewApsOrder",
            "/products/0/period",
            "units",
            "products[0].period.units",
            "did you mean `unit`?",
        ),
        (
            "NewApsOrder",
            "/period",
            "durations",
            "period.durations",
            "did you mean `duration`?",
        ),
        (
            "NewApsOrder",
            "/resources/0",
            "amout",
            "resources[0].amout",
            "did you mean `amount`?",
        ),
        (
            "NewApsCustomer",
            "/addressPostal",
            "zip",
            "addressPostal.zip",
            "`streetAddress`",
        ),
        (
            "NewApsCustomer",
            "/adminContact",
            "givenname",
            "adminContact.givenname",
            "did you mean `givenName`?",
        ),
        (
            "NewApsCustomer",
            "/billingContact",
            "emial",
            "billingContact.emial",
            "`telVoice`",
        ),
        (
            "NewStaffMember",
            "",
            "fullname",
            "fullname",
            "did you mean `fullName`?",
        ),
        (
            "NewStaffMember",
            "/addressPostal",
            "regions",
            "addressPostal.regions",
            "did you mean `region`?",
        ),
        (
            "NewSimpleOrder",
            "",
            "poNumbr",
            "poNumbr",
            "did you mean `poNumber`?",
        ),
        (
            "NewSimpleOrder",
            "/products/0",
            "quantitiy",
            "products[0].quantitiy",
            "did you mean `quantity`?",
        ),
        (
            "NewSimpleOrder",
            "/products/0/billingPeriod",
            "durtion",
            "products[0].billingPeriod.durtion",
            "did you mean `duration`?",
        ),
        (
            "NewSimpleOrder",
            "/products/0/parameters/0",
            "vlue",
            "products[0].parameters[0].vlue",
            "did you mean `value`?",
        ),
        (
            "NewCustomer",
            "/address",
            "countrycode",
            "address.countrycode",
            "did you mean `countryCode`?",
        ),
        (
            "NewCustomer",
            "/contactPersons/0",
            "firstname",
            "contactPersons[0].firstname",
            "did you mean `firstName`?",
        ),
        (
            "ProductQuery",
            "",
            "servicename",
            "servicename",
            "did you mean `serviceName`?",
        ),
        (
            "OrderQuery",
            "",
            "customerID",
            "customerID",
            "did you mean `customerId`?",
        ),
        (
            "NewCloudmoreSubscription",
            "",
            "productID",
            "productID",
            "did you mean `productId`?",
        ),
        (
            "NewCloudmoreSubscription",
            "",
            "customProperties",
            "customProperties",
            "`productId`, `quantity`, `name`, `extra`",
        ),
        (
            "CloudmoreSubscriptionUpdate",
            "",
            "quantty",
            "quantty",
            "did you mean `quantity`?",
        ),
        (
            "OrgService",
            "",
            "organisationId",
            "organisationId",
            "did you mean `organizationId`?",
        ),
        (
            "Fault",
            "",
            "pathContain",
            "pathContain",
            "did you mean `pathContains`?",
        ),
        (
            "OrderSettings",
            "",
            "pendingPoll",
            "pendingPoll",
            "did you mean `pendingPolls`?",
        ),
    ];
    let all = inputs();
    for (input, pointer, key, path, hint) in cases {
        let (_, parse, valid) = all.iter().find(|(n, _, _)| n == input).expect(input);
        let text = with_key(valid.clone(), pointer, key);
        match parse(&text) {
            Err(Error::InvalidRequest { issues, .. }) => {
                let i = issues.first().expect("an issue");
                assert_eq!(
                    (i.path.as_str(), i.code.as_str()),
                    (*path, "unknown_field"),
                    "{input} {key}"
                );
                assert!(i.message.ends_with(hint), "{input} {key}: {}", i.message);
            }
            other => panic!("{input} {key}: expected an unknown_field issue, got {other:?}"),
        }
    }
}

#[test]
fn open_maps_stay_open() {
    // `extra` (Cloudmore) and `attributes` (SimpleAPI) pass any key through by design.
    let all = inputs();
    for (input, pointer) in [
        ("NewCloudmoreSubscription", "/extra"),
        ("NewSimpleOrder", "/attributes"),
    ] {
        let (_, parse, valid) = all.iter().find(|(n, _, _)| n == &input).expect(input);
        assert!(
            parse(&with_key(valid.clone(), pointer, "anyThing")).is_ok(),
            "{input}"
        );
    }
}

#[test]
fn responses_with_fields_the_sdk_does_not_know_still_parse() {
    let extra = json!("new in a later API version");
    let cases: Vec<(&str, Parse, Value)> = vec![
        (
            "Subscription",
            parse::<Subscription>,
            json!({"serviceInstanceId": "M1", "customerName": "A",
            "commitContractReference": "C", "offers": [{"sku": SKU, "quantity": 1, "x": extra}], "x": extra}),
        ),
        (
            "ApsAccount",
            parse::<ApsAccount>,
            json!({"aps": {"id": ID, "x": extra},
            "addressPostal": {"countryName": "us", "x": extra}, "adminContact": {"email": "a@b.example", "x": extra}}),
        ),
        (
            "ApsOrder",
            parse::<ApsOrder>,
            json!({"orderId": ID, "type": "SO",
            "details": [{"period": {"unit": "MONTHS", "duration": "1.0", "x": extra}}], "x": extra}),
        ),
        (
            "Customer",
            parse::<Customer>,
            json!({"id": "1", "name": "A",
            "address": {"streetAddress": "S", "postalCode": "1", "city": "C", "countryCode": "US", "x": extra}, "x": extra}),
        ),
        (
            "Product",
            parse::<Product>,
            json!({"mpn": "M", "billingPeriod": {"type": "month", "duration": 1, "x": extra}, "x": extra}),
        ),
        (
            "SimpleOrder",
            parse::<SimpleOrder>,
            json!({"id": "1", "type": "sales", "customerId": "1",
            "products": [{"mpn": "M", "parameters": [{"name": "n", "value": 1, "structured_value": {}}], "x": extra}], "x": extra}),
        ),
    ];
    for (name, parse, v) in cases {
        assert!(
            parse(&v.to_string()).is_ok(),
            "{name}: {:?}",
            parse(&v.to_string())
        );
    }
}
