//! Table-driven bad inputs for every Omnissa order: each case names the exact issue code and
//! path it must produce, and the valid base of each table must produce none.
#![cfg(feature = "omnissa")]
// Tests fail by panicking; the panic lints are for library code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{assert_cases, errors, Case};
use partner_ordering::omnissa::rules::{self, Context};
use partner_ordering::omnissa::*;
use partner_ordering::time::parse_datetime;
use partner_ordering::Severity;

const SID: &str = "M123456789";
const STD: &str = "WSD-AWOSP-12PT0-C1S";
const ADV: &str = "WSD-AWOAP-12PT0-C1S";
const ADDON: &str = "WSD-ABXAP-12PT0-C1S";

fn order() -> NewOrder {
    NewOrder {
        commit_contract_reference: "AMER00000MOBILITY".into(),
        offers: vec![OfferInput {
            sku: STD.into(),
            quantity: 5.into(),
        }],
        end_customer_info: EndCustomerInfo {
            customer_name: "Customer".into(),
            first_name: "Jane".into(),
            last_name: "Smith".into(),
            email: "jane@example.com".into(),
            country: "US".into(),
            zip_code: "94943".into(),
            ..EndCustomerInfo::default()
        },
    }
}

fn subscription() -> Subscription {
    serde_json::from_value(serde_json::json!({
        "serviceInstanceId": SID, "customerName": "C", "commitContractReference": "AMER00000MOBILITY",
        "startDate": "2025-02-16T08:00:00.000+00:00", "endDate": "2026-02-15T08:00:00.000+00:00",
        "offers": [{"sku": STD, "quantity": 100}, {"sku": ADDON, "quantity": 10}]
    }))
    .expect("valid")
}

fn increase() -> QuantityIncrease {
    QuantityIncrease {
        commit_contract_reference: "AMER00000MOBILITY".into(),
        service_instance_id: SID.into(),
        offers: vec![QuantityChange {
            sku: STD.into(),
            from_quantity: 100.into(),
            to_quantity: 150.into(),
        }],
    }
}

fn secondary() -> SecondaryAddOn {
    SecondaryAddOn {
        commit_contract_reference: "AMER00000MOBILITY".into(),
        service_instance_id: SID.into(),
        offers: vec![OfferInput {
            sku: "WSD-ABCDE-12PT0-C1S".into(),
            quantity: 5.into(),
        }],
    }
}

fn upgrade() -> Upgrade {
    Upgrade {
        commit_contract_reference: "AMER00000MOBILITY".into(),
        service_instance_id: SID.into(),
        offers: vec![UpgradeChange {
            from_sku: STD.into(),
            to_sku: ADV.into(),
            quantity: 50.into(),
        }],
    }
}

fn renewal() -> Renewal {
    Renewal {
        commit_contract_reference: "AMER00000MOBILITY".into(),
        service_instance_id: SID.into(),
        offers: vec![OfferInput {
            sku: STD.into(),
            quantity: 100.into(),
        }],
    }
}

fn cancellation() -> Cancellation {
    Cancellation {
        service_instance_id: SID.into(),
        commit_contract_reference: None,
    }
}

fn at(s: &str) -> i64 {
    parse_datetime(s).expect("valid date")
}

/// Inside the window of `subscription()`.
const IN_WINDOW: &str = "2026-02-01T00:00:00Z";

fn new_order_cases() -> Vec<Case> {
    let with = |f: &dyn Fn(&mut NewOrder)| {
        let mut o = order();
        f(&mut o);
        rules::validate_new_order(&o)
    };
    vec![
        (
            "empty SKU",
            with(&|o| o.offers[0].sku = String::new()),
            "offers[0].sku",
            "sku_required",
        ),
        (
            "SKU with a space",
            with(&|o| o.offers[0].sku = "WSD-AWOSP -12PT0-C1S".into()),
            "offers[0].sku",
            "sku_whitespace",
        ),
        (
            "SKU with a trailing newline",
            with(&|o| o.offers[0].sku = format!("{STD}\n")),
            "offers[0].sku",
            "sku_whitespace",
        ),
        (
            "lower-case SKU",
            with(&|o| o.offers[0].sku = "wsd-awosp-12pt0-c1s".into()),
            "offers[0].sku",
            "sku_lowercase",
        ),
        (
            "SKU with three segments",
            with(&|o| o.offers[0].sku = "WSD-AWOSP-12PT0".into()),
            "offers[0].sku",
            "sku_malformed",
        ),
        (
            "SKU with a short family",
            with(&|o| o.offers[0].sku = "WS-AWOSP-12PT0-C1S".into()),
            "offers[0].sku",
            "sku_malformed",
        ),
        (
            "SKU term without months",
            with(&|o| o.offers[0].sku = "WSD-AWOSP-PT0-C1S".into()),
            "offers[0].sku",
            "sku_malformed",
        ),
        (
            "SKU with an underscore",
            with(&|o| o.offers[0].sku = "WSD_AWOSP_12PT0_C1S".into()),
            "offers[0].sku",
            "sku_malformed",
        ),
        (
            "no offers",
            with(&|o| o.offers.clear()),
            "offers",
            "offers_empty",
        ),
        (
            "a SKU twice",
            with(&|o| {
                o.offers.push(OfferInput {
                    sku: STD.into(),
                    quantity: 1.into(),
                })
            }),
            "offers[1].sku",
            "sku_duplicate",
        ),
        (
            "zero quantity",
            with(&|o| o.offers[0].quantity = 0.into()),
            "offers[0].quantity",
            "quantity_not_positive",
        ),
        (
            "negative quantity",
            with(&|o| o.offers[0].quantity = QuantityInput::Number(-5.0)),
            "offers[0].quantity",
            "quantity_not_positive",
        ),
        (
            "fractional quantity",
            with(&|o| o.offers[0].quantity = QuantityInput::Number(2.5)),
            "offers[0].quantity",
            "quantity_not_integer",
        ),
        (
            "non-numeric quantity",
            with(&|o| o.offers[0].quantity = "five".into()),
            "offers[0].quantity",
            "quantity_not_integer",
        ),
        (
            "absurd quantity",
            with(&|o| o.offers[0].quantity = QuantityInput::Number(5e9)),
            "offers[0].quantity",
            "quantity_too_large",
        ),
        (
            "blank commit contract",
            with(&|o| o.commit_contract_reference = "  ".into()),
            "commitContractReference",
            "commit_contract_required",
        ),
        (
            "no customer name",
            with(&|o| o.end_customer_info.customer_name = String::new()),
            "endCustomerInfo.customerName",
            "customer_field_required",
        ),
        (
            "no first name",
            with(&|o| o.end_customer_info.first_name = String::new()),
            "endCustomerInfo.firstName",
            "customer_field_required",
        ),
        (
            "no last name",
            with(&|o| o.end_customer_info.last_name = " ".into()),
            "endCustomerInfo.lastName",
            "customer_field_required",
        ),
        (
            "no email",
            with(&|o| o.end_customer_info.email = String::new()),
            "endCustomerInfo.email",
            "customer_field_required",
        ),
        (
            "no country",
            with(&|o| o.end_customer_info.country = String::new()),
            "endCustomerInfo.country",
            "customer_field_required",
        ),
        (
            "no zip code",
            with(&|o| o.end_customer_info.zip_code = String::new()),
            "endCustomerInfo.zipCode",
            "customer_field_required",
        ),
        (
            "email without @",
            with(&|o| o.end_customer_info.email = "jane.example.com".into()),
            "endCustomerInfo.email",
            "email_invalid",
        ),
        (
            "email without a dotted domain",
            with(&|o| o.end_customer_info.email = "jane@localhost".into()),
            "endCustomerInfo.email",
            "email_invalid",
        ),
        (
            "email with a space",
            with(&|o| o.end_customer_info.email = "jane doe@example.com".into()),
            "endCustomerInfo.email",
            "email_invalid",
        ),
        (
            "email with two @",
            with(&|o| o.end_customer_info.email = "a@b@example.com".into()),
            "endCustomerInfo.email",
            "email_invalid",
        ),
    ]
}

fn addon_cases() -> Vec<Case> {
    let sub = subscription();
    let ctx = Context {
        subscription: Some(&sub),
        now: None,
    };
    let inc = |f: &dyn Fn(&mut QuantityIncrease)| {
        let mut r = increase();
        f(&mut r);
        rules::validate_quantity_increase(&r, &ctx)
    };
    let sec = |f: &dyn Fn(&mut SecondaryAddOn)| {
        let mut r = secondary();
        f(&mut r);
        rules::validate_secondary_addon(&r, &ctx)
    };
    vec![
        (
            "increase to the same quantity",
            inc(&|r| r.offers[0].to_quantity = 100.into()),
            "offers[0].toQuantity",
            "to_quantity_not_greater",
        ),
        (
            "increase to less",
            inc(&|r| r.offers[0].to_quantity = 90.into()),
            "offers[0].toQuantity",
            "to_quantity_not_greater",
        ),
        (
            "from quantity not the current one",
            inc(&|r| {
                r.offers[0].from_quantity = 99.into();
                r.offers[0].to_quantity = 150.into();
            }),
            "offers[0].fromQuantity",
            "from_quantity_mismatch",
        ),
        (
            "increase of a SKU not subscribed",
            inc(&|r| r.offers[0].sku = ADV.into()),
            "offers[0].sku",
            "sku_not_on_subscription",
        ),
        (
            "increase with a malformed SID",
            inc(&|r| r.service_instance_id = "M12/../3".into()),
            "serviceInstanceId",
            "sid_invalid",
        ),
        (
            "increase without a SID",
            inc(&|r| r.service_instance_id = String::new()),
            "serviceInstanceId",
            "sid_required",
        ),
        (
            "increase with no offers",
            inc(&|r| r.offers.clear()),
            "offers",
            "offers_empty",
        ),
        (
            "increase from a string that is not a number",
            inc(&|r| r.offers[0].from_quantity = "ten".into()),
            "offers[0].fromQuantity",
            "quantity_not_integer",
        ),
        (
            "increase to zero",
            inc(&|r| r.offers[0].to_quantity = 0.into()),
            "offers[0].toQuantity",
            "quantity_not_positive",
        ),
        (
            "increase without a commit contract",
            inc(&|r| r.commit_contract_reference = String::new()),
            "commitContractReference",
            "commit_contract_required",
        ),
        (
            "secondary add-on already subscribed",
            sec(&|r| r.offers[0].sku = ADDON.into()),
            "offers[0].sku",
            "sku_already_on_subscription",
        ),
        (
            "secondary add-on of the primary SKU",
            sec(&|r| r.offers[0].sku = STD.into()),
            "offers[0].sku",
            "sku_already_on_subscription",
        ),
        (
            "secondary add-on with quantity 0",
            sec(&|r| r.offers[0].quantity = "0".into()),
            "offers[0].quantity",
            "quantity_not_positive",
        ),
        (
            "secondary add-on with a lower-case SKU",
            sec(&|r| r.offers[0].sku = "wsd-abcde-12pt0-c1s".into()),
            "offers[0].sku",
            "sku_lowercase",
        ),
    ]
}

fn upgrade_cases() -> Vec<Case> {
    let sub = subscription();
    let ctx = Context {
        subscription: Some(&sub),
        now: None,
    };
    let up = |f: &dyn Fn(&mut Upgrade)| {
        let mut r = upgrade();
        f(&mut r);
        rules::validate_upgrade(&r, &ctx)
    };
    vec![
        (
            "upgrade to the same SKU",
            up(&|r| r.offers[0].to_sku = STD.into()),
            "offers[0].toSku",
            "upgrade_same_sku",
        ),
        (
            "upgrade from a SKU not subscribed",
            up(&|r| r.offers[0].from_sku = "WSU-AWOAB-12MT0-C1S".into()),
            "offers[0].fromSku",
            "sku_not_on_subscription",
        ),
        (
            "upgrade more than subscribed",
            up(&|r| r.offers[0].quantity = 101.into()),
            "offers[0].quantity",
            "upgrade_quantity_exceeds",
        ),
        (
            "upgrade with a malformed target SKU",
            up(&|r| r.offers[0].to_sku = "ADVANCED".into()),
            "offers[0].toSku",
            "sku_malformed",
        ),
        (
            "upgrade with an empty source SKU",
            up(&|r| r.offers[0].from_sku = String::new()),
            "offers[0].fromSku",
            "sku_required",
        ),
        (
            "upgrade of 2.5 licences",
            up(&|r| r.offers[0].quantity = QuantityInput::Number(2.5)),
            "offers[0].quantity",
            "quantity_not_integer",
        ),
        (
            "upgrade with no offers",
            up(&|r| r.offers.clear()),
            "offers",
            "offers_empty",
        ),
    ]
}

fn window_cases() -> Vec<Case> {
    let sub = subscription();
    let early = Context {
        subscription: Some(&sub),
        now: Some(at("2026-01-16T07:59:59Z")),
    };
    let late = Context {
        subscription: Some(&sub),
        now: Some(at("2026-02-15T08:00:01Z")),
    };
    let open = Context {
        subscription: Some(&sub),
        now: Some(at(IN_WINDOW)),
    };
    let ren = |f: &dyn Fn(&mut Renewal), ctx: &Context<'_>| {
        let mut r = renewal();
        f(&mut r);
        rules::validate_renewal(&r, ctx)
    };
    let can = |f: &dyn Fn(&mut Cancellation), ctx: &Context<'_>| {
        let mut r = cancellation();
        f(&mut r);
        rules::validate_cancellation(&r, ctx)
    };
    vec![
        (
            "renewal one second before the window",
            ren(&|_| {}, &early),
            "serviceInstanceId",
            "renewal_window_closed",
        ),
        (
            "renewal one second after the term",
            ren(&|_| {}, &late),
            "serviceInstanceId",
            "renewal_window_closed",
        ),
        (
            "renewal with no offers",
            ren(&|r| r.offers.clear(), &open),
            "offers",
            "offers_empty",
        ),
        (
            "renewal with a SKU twice",
            ren(
                &|r| {
                    r.offers.push(OfferInput {
                        sku: STD.into(),
                        quantity: 1.into(),
                    })
                },
                &open,
            ),
            "offers[1].sku",
            "sku_duplicate",
        ),
        (
            "renewal to zero licences",
            ren(&|r| r.offers[0].quantity = 0.into(), &open),
            "offers[0].quantity",
            "quantity_not_positive",
        ),
        (
            "renewal without a commit contract",
            ren(&|r| r.commit_contract_reference = String::new(), &open),
            "commitContractReference",
            "commit_contract_required",
        ),
        (
            "cancellation before the window",
            can(&|_| {}, &early),
            "serviceInstanceId",
            "cancellation_window_closed",
        ),
        (
            "cancellation after the term",
            can(&|_| {}, &late),
            "serviceInstanceId",
            "cancellation_window_closed",
        ),
        (
            "cancellation without a SID",
            can(&|r| r.service_instance_id = String::new(), &open),
            "serviceInstanceId",
            "sid_required",
        ),
        (
            "cancellation with a blank commit contract",
            can(&|r| r.commit_contract_reference = Some(" ".into()), &open),
            "commitContractReference",
            "commit_contract_required",
        ),
    ]
}

#[test]
fn every_bad_input_gives_its_exact_code_and_path() {
    let cases: Vec<Case> = [
        new_order_cases(),
        addon_cases(),
        upgrade_cases(),
        window_cases(),
    ]
    .concat();
    assert_cases(&cases, 40);
}

#[test]
fn the_valid_bases_pass() {
    let sub = subscription();
    let ctx = Context {
        subscription: Some(&sub),
        now: Some(at(IN_WINDOW)),
    };
    assert!(errors(&rules::validate_new_order(&order())).is_empty());
    assert!(errors(&rules::validate_quantity_increase(&increase(), &ctx)).is_empty());
    assert!(errors(&rules::validate_secondary_addon(&secondary(), &ctx)).is_empty());
    assert!(errors(&rules::validate_upgrade(&upgrade(), &ctx)).is_empty());
    assert!(errors(&rules::validate_renewal(&renewal(), &ctx)).is_empty());
    assert!(errors(&rules::validate_cancellation(&cancellation(), &ctx)).is_empty());
    // Without the subscription, the rules that need it are skipped, not failed.
    assert!(errors(&rules::validate_renewal(&renewal(), &Context::default())).is_empty());
}

#[test]
fn warnings_do_not_block() {
    let mut o = order();
    o.end_customer_info.country = "United States".into();
    let report = rules::validate_new_order(&o).report();
    assert!(report.ok);
    assert_eq!(report.issues[0].code, "country_not_iso2");
    assert_eq!(report.issues[0].severity, Severity::Warning);

    let sub = subscription();
    let mut r = increase();
    r.commit_contract_reference = "GEO00000MOBILITY".into();
    let report = rules::validate_quantity_increase(
        &r,
        &Context {
            subscription: Some(&sub),
            now: None,
        },
    )
    .report();
    assert!(report.ok);
    assert_eq!(report.issues[0].code, "commit_contract_mismatch");

    let mut no_end = subscription();
    no_end.end_date = Some("soon".into());
    let report = rules::validate_renewal(
        &renewal(),
        &Context {
            subscription: Some(&no_end),
            now: Some(0),
        },
    )
    .report();
    assert!(report.ok);
    assert_eq!(report.issues[0].code, "subscription_end_unknown");
}

#[test]
fn every_issue_is_reported_at_once() {
    let mut o = order();
    o.offers[0].sku = "bad".into();
    o.offers[0].quantity = 0.into();
    o.end_customer_info.email = "x".into();
    let codes: Vec<String> = errors(&rules::validate_new_order(&o))
        .into_iter()
        .map(|(_, c)| c)
        .collect();
    assert_eq!(
        codes,
        vec!["sku_lowercase", "quantity_not_positive", "email_invalid"]
    );
}
