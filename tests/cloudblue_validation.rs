//! Table-driven bad inputs for CloudBlue bodies: each case names the exact code and path.
#![cfg(feature = "cloudblue")]
// Tests fail by panicking; the panic lints are for library code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{assert_cases, Case};
use partner_ordering::cloudblue::aps::*;
use partner_ordering::cloudblue::rules::*;
use partner_ordering::cloudblue::simple::*;
use partner_ordering::common::QuantityInput;
use partner_ordering::Secret;

const ACCOUNT: &str = "26ae28d2-0303-4189-8e1d-02796ee5de3b";
const PLAN: &str = "51615892-655d-409d-a922-4423a8188b2e";
const RESOURCE: &str = "098a7165-8666-4f8d-8037-e34665e664e4";

fn contact() -> ApsContact {
    ApsContact {
        email: "ps1@aps.test".into(),
        given_name: "Peter".into(),
        family_name: "Snape".into(),
        tel_voice: None,
    }
}

fn aps_customer() -> NewApsCustomer {
    NewApsCustomer {
        reseller_id: "78ee642d-3b8a-48f1-af12-90563e38bd18".into(),
        bss_account_id: None,
        company_name: "1st APS inc".into(),
        personal: false,
        tax_status: None,
        locale_id: None,
        address_postal: PostalAddress {
            country_name: "us".into(),
            locality: "APS".into(),
            postal_code: "12345".into(),
            region: None,
            street_address: "11, APS".into(),
        },
        admin_contact: contact(),
        billing_contact: None,
        tech_contact: None,
    }
}

fn staff() -> NewStaffMember {
    NewStaffMember {
        login: "annp1@aps.test".into(),
        password: Secret::new("p@$$w0rd"),
        email: "ann@aps.test".into(),
        given_name: "Ann".into(),
        family_name: "Peterson".into(),
        full_name: None,
        tel_voice: None,
        address_postal: None,
        is_account_admin: true,
    }
}

fn aps_order() -> NewApsOrder {
    NewApsOrder {
        kind: ApsOrderType::Sales,
        account_id: ACCOUNT.into(),
        payment_method_id: Some("12".into()),
        products: vec![ApsOrderProduct {
            plan_id: PLAN.into(),
            period: ApsPeriod {
                unit: "MONTHS".into(),
                duration: 1,
            },
        }],
        resources: vec![ApsResourceAmount {
            resource_id: RESOURCE.into(),
            amount: 2.into(),
        }],
        subscription_id: None,
        plan_id: None,
        period: None,
    }
}

fn simple_customer() -> NewCustomer {
    NewCustomer {
        name: "Acme".into(),
        external_id: None,
        address: Address {
            street_address: "555 Main".into(),
            address_extension: None,
            postal_code: "92612".into(),
            city: "Irvine".into(),
            state: None,
            country_code: "US".into(),
        },
        contact_persons: vec![ContactInput {
            kind: "admin".into(),
            first_name: "Jane".into(),
            last_name: "Doe".into(),
            email: "jane@acme.example".into(),
            phone_number: "1".into(),
            login: None,
            password: None,
        }],
        language: "en".into(),
        tax_reg_id: None,
        attributes: Default::default(),
    }
}

fn product(mpn: &str, vendor: &str, min: &str, max: &str, depends: &[&str]) -> Product {
    serde_json::from_value(serde_json::json!({
        "mpn": mpn, "vendor": vendor, "name": mpn, "minimumQuantity": min, "maximumQuantity": max,
        "subscriptionPeriod": {"type": "month", "duration": 1}, "billingPeriod": {"type": "month", "duration": 1},
        "dependsOn": depends,
    }))
    .expect("product")
}

fn catalog() -> Catalog {
    Catalog::new(vec![
        product("LIC", "MS", "1.0", "5000.0", &[]),
        product("ADDON", "MS", "0.0", "100", &["LIC"]),
        product("DUP", "A", "1", "10", &[]),
        product("DUP", "B", "1", "10", &[]),
    ])
}

fn simple_order(lines: Vec<(&str, &str)>) -> NewSimpleOrder {
    NewSimpleOrder {
        kind: SimpleOrderType::Sales,
        customer_id: "1000027".into(),
        po_number: None,
        products: lines
            .into_iter()
            .map(|(m, q)| OrderLineInput {
                mpn: m.into(),
                vendor: None,
                id: None,
                quantity: q.into(),
                subscription_period: None,
                billing_period: None,
                subscription_id: None,
                parameters: vec![],
            })
            .collect(),
        subscription_id: None,
        attributes: Default::default(),
    }
}

fn cases() -> Vec<Case> {
    let cust = |f: &dyn Fn(&mut NewApsCustomer)| {
        let mut c = aps_customer();
        f(&mut c);
        validate_aps_customer(&c)
    };
    let user = |f: &dyn Fn(&mut NewStaffMember)| {
        let mut u = staff();
        f(&mut u);
        validate_staff_member(ACCOUNT, &u)
    };
    let ord = |f: &dyn Fn(&mut NewApsOrder)| {
        let mut o = aps_order();
        f(&mut o);
        validate_aps_order(&o)
    };
    let sc = |f: &dyn Fn(&mut NewCustomer)| {
        let mut c = simple_customer();
        f(&mut c);
        validate_simple_customer(&c)
    };
    let cat = catalog();
    let so = |lines: Vec<(&str, &str)>| validate_order(&simple_order(lines), Some(&cat), &[]);
    let so_with = |f: &dyn Fn(&mut NewSimpleOrder)| {
        let mut o = simple_order(vec![("LIC", "1")]);
        f(&mut o);
        validate_order(&o, Some(&cat), &[])
    };
    vec![
        (
            "reseller id not a UUID",
            cust(&|c| c.reseller_id = "1000001".into()),
            "resellerId",
            "aps_id_invalid",
        ),
        (
            "no reseller id",
            cust(&|c| c.reseller_id = String::new()),
            "resellerId",
            "reseller_id_required",
        ),
        (
            "bss id not a UUID",
            cust(&|c| c.bss_account_id = Some("424eef0c".into())),
            "bssAccountId",
            "aps_id_invalid",
        ),
        (
            "no company name",
            cust(&|c| c.company_name = " ".into()),
            "companyName",
            "company_name_required",
        ),
        (
            "no street",
            cust(&|c| c.address_postal.street_address = String::new()),
            "addressPostal.streetAddress",
            "address_field_required",
        ),
        (
            "no locality",
            cust(&|c| c.address_postal.locality = String::new()),
            "addressPostal.locality",
            "address_field_required",
        ),
        (
            "no postal code",
            cust(&|c| c.address_postal.postal_code = String::new()),
            "addressPostal.postalCode",
            "address_field_required",
        ),
        (
            "no country",
            cust(&|c| c.address_postal.country_name = String::new()),
            "addressPostal.countryName",
            "address_field_required",
        ),
        (
            "admin without email",
            cust(&|c| c.admin_contact.email = String::new()),
            "adminContact.email",
            "contact_field_required",
        ),
        (
            "admin with a bad email",
            cust(&|c| c.admin_contact.email = "ps1-at-aps.test".into()),
            "adminContact.email",
            "email_invalid",
        ),
        (
            "admin without given name",
            cust(&|c| c.admin_contact.given_name = String::new()),
            "adminContact.givenName",
            "contact_field_required",
        ),
        (
            "billing contact without family name",
            cust(&|c| {
                c.billing_contact = Some(ApsContact {
                    family_name: String::new(),
                    ..contact()
                })
            }),
            "billingContact.familyName",
            "contact_field_required",
        ),
        (
            "tech contact with a bad email",
            cust(&|c| {
                c.tech_contact = Some(ApsContact {
                    email: "x@y".into(),
                    ..contact()
                })
            }),
            "techContact.email",
            "email_invalid",
        ),
        (
            "user without login",
            user(&|u| u.login = String::new()),
            "login",
            "login_required",
        ),
        (
            "user without password",
            user(&|u| u.password = Secret::new("  ")),
            "password",
            "password_required",
        ),
        (
            "user with a bad email",
            user(&|u| u.email = "ann".into()),
            "email",
            "email_invalid",
        ),
        (
            "user without family name",
            user(&|u| u.family_name = String::new()),
            "familyName",
            "contact_field_required",
        ),
        (
            "order for a non-UUID account",
            ord(&|o| o.account_id = "1000006".into()),
            "accountId",
            "aps_id_invalid",
        ),
        (
            "order without account",
            ord(&|o| o.account_id = String::new()),
            "accountId",
            "account_id_required",
        ),
        (
            "sales order without products",
            ord(&|o| o.products.clear()),
            "products",
            "products_empty",
        ),
        (
            "plan id not a UUID",
            ord(&|o| o.products[0].plan_id = "51615892".into()),
            "products[0].planId",
            "aps_id_invalid",
        ),
        (
            "period in weeks",
            ord(&|o| o.products[0].period.unit = "WEEKS".into()),
            "products[0].period.unit",
            "period_unit_invalid",
        ),
        (
            "period unit in lower case",
            ord(&|o| o.products[0].period.unit = "months".into()),
            "products[0].period.unit",
            "period_unit_invalid",
        ),
        (
            "zero-length period",
            ord(&|o| o.products[0].period.duration = 0),
            "products[0].period.duration",
            "period_duration_not_positive",
        ),
        (
            "resource id not a UUID",
            ord(&|o| o.resources[0].resource_id = "vps".into()),
            "resources[0].resourceId",
            "aps_id_invalid",
        ),
        (
            "zero resource amount",
            ord(&|o| o.resources[0].amount = 0.into()),
            "resources[0].amount",
            "amount_not_positive",
        ),
        (
            "negative resource amount",
            ord(&|o| o.resources[0].amount = QuantityInput::Number(-1.0)),
            "resources[0].amount",
            "amount_not_positive",
        ),
        (
            "resource amount not a number",
            ord(&|o| o.resources[0].amount = "two".into()),
            "resources[0].amount",
            "amount_not_positive",
        ),
        (
            "change without subscription",
            ord(&|o| o.kind = ApsOrderType::Change),
            "subscriptionId",
            "subscription_id_required",
        ),
        (
            "change with a bad subscription id",
            ord(&|o| {
                o.kind = ApsOrderType::Change;
                o.subscription_id = Some("sub-1".into());
            }),
            "subscriptionId",
            "aps_id_invalid",
        ),
        (
            "simple customer without name",
            sc(&|c| c.name = String::new()),
            "name",
            "customer_name_required",
        ),
        (
            "simple customer without language",
            sc(&|c| c.language = String::new()),
            "language",
            "language_required",
        ),
        (
            "simple customer country not ISO",
            sc(&|c| c.address.country_code = "USA".into()),
            "address.countryCode",
            "country_code_invalid",
        ),
        (
            "simple customer without city",
            sc(&|c| c.address.city = String::new()),
            "address.city",
            "address_field_required",
        ),
        (
            "simple customer without contacts",
            sc(&|c| c.contact_persons.clear()),
            "contactPersons",
            "contacts_empty",
        ),
        (
            "simple customer without an admin",
            sc(&|c| c.contact_persons[0].kind = "billing".into()),
            "contactPersons",
            "admin_contact_required",
        ),
        (
            "simple contact of an unknown type",
            sc(&|c| {
                c.contact_persons.push(ContactInput {
                    kind: "boss".into(),
                    ..c.contact_persons[0].clone()
                })
            }),
            "contactPersons[1].type",
            "contact_type_invalid",
        ),
        (
            "simple contact without phone",
            sc(&|c| c.contact_persons[0].phone_number = String::new()),
            "contactPersons[0].phoneNumber",
            "contact_field_required",
        ),
        (
            "simple contact with a bad login",
            sc(&|c| c.contact_persons[0].login = Some("-jane".into())),
            "contactPersons[0].login",
            "login_invalid",
        ),
        (
            "catalog: unknown MPN",
            so(vec![("NOPE", "1")]),
            "products[0].mpn",
            "product_not_found",
        ),
        (
            "catalog: non-unique MPN",
            so(vec![("DUP", "1")]),
            "products[0]",
            "product_ambiguous",
        ),
        (
            "catalog: below the minimum",
            so(vec![("LIC", "0.5")]),
            "products[0].quantity",
            "quantity_below_minimum",
        ),
        (
            "catalog: above the maximum",
            so(vec![("LIC", "5000.001")]),
            "products[0].quantity",
            "quantity_above_maximum",
        ),
        (
            "catalog: add-on without licence",
            so(vec![("ADDON", "1")]),
            "products[0].mpn",
            "dependency_missing",
        ),
        (
            "catalog: quantity zero",
            so(vec![("LIC", "0")]),
            "products[0].quantity",
            "quantity_not_positive",
        ),
        (
            "catalog: quantity not a number",
            so(vec![("LIC", "1e3")]),
            "products[0].quantity",
            "quantity_invalid",
        ),
        (
            "catalog: empty MPN",
            so(vec![("", "1")]),
            "products[0].mpn",
            "mpn_required",
        ),
        (
            "catalog: no products",
            so(vec![]),
            "products",
            "products_empty",
        ),
        (
            "catalog: bad customer id",
            so_with(&|o| o.customer_id = "10/00".into()),
            "customerId",
            "customer_id_invalid",
        ),
        (
            "catalog: renewal without subscription",
            so_with(&|o| o.kind = SimpleOrderType::Renewal),
            "subscriptionId",
            "subscription_id_required",
        ),
    ]
}

#[test]
fn every_bad_input_gives_its_exact_code_and_path() {
    assert_cases(&cases(), 40);
}

#[test]
fn the_valid_bases_pass() {
    assert!(validate_aps_customer(&aps_customer()).report().ok);
    assert!(validate_staff_member(ACCOUNT, &staff()).report().ok);
    assert!(validate_aps_order(&aps_order()).report().ok);
    assert!(validate_simple_customer(&simple_customer()).report().ok);
    let cat = catalog();
    assert!(
        validate_order(
            &simple_order(vec![("LIC", "5000.0"), ("ADDON", "100")]),
            Some(&cat),
            &[]
        )
        .report()
        .ok
    );
    assert!(
        validate_order(
            &simple_order(vec![("ADDON", "1")]),
            Some(&cat),
            &["LIC".into()]
        )
        .report()
        .ok,
        "already subscribed"
    );
    let unknown = NewSimpleOrder {
        kind: SimpleOrderType::Unknown("transfer".into()),
        ..simple_order(vec![("LIC", "1")])
    };
    let r = validate_order(&unknown, Some(&cat), &[]).report();
    assert!(r.ok && r.issues[0].code == "order_type_unknown");
}
