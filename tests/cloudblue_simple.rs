//! CloudBlue SimpleAPI: seed 002 samples, token and headers, pagination over several pages,
//! MPN identification, dependencies, exact quantity bounds, and a sales flow in the sandbox.
#![cfg(feature = "sandbox")]
// Tests fail by panicking; the panic lints are for library code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::*;
use partner_ordering::cloudblue::simple::*;
use partner_ordering::common::QuantityInput;
use partner_ordering::endpoint::Endpoint;
use partner_ordering::poll::PollOptions;
use partner_ordering::sandbox::*;
use partner_ordering::{Error, HttpResponse, Secret};

fn raw(name: &str) -> String {
    fixture_text(&format!("cloudblue/simple/{name}.json"))
}

fn line(mpn: &str, qty: &str) -> OrderLineInput {
    OrderLineInput {
        mpn: mpn.into(),
        vendor: None,
        id: None,
        quantity: qty.into(),
        subscription_period: None,
        billing_period: None,
        subscription_id: None,
        parameters: vec![],
    }
}

fn order(customer: &str, lines: Vec<OrderLineInput>) -> NewSimpleOrder {
    NewSimpleOrder {
        kind: SimpleOrderType::Sales,
        customer_id: customer.into(),
        po_number: Some("PO-1".into()),
        products: lines,
        subscription_id: None,
        attributes: Default::default(),
    }
}

#[test]
fn the_guides_catalog_sample_parses() {
    let page: ProductPage = serde_json::from_str(&raw("products.response")).expect("parses");
    assert_eq!(
        page.pagination,
        Pagination {
            offset: 0,
            limit: 10,
            total: 11
        }
    );
    let addon = &page.data[0];
    assert_eq!(
        addon.depends_on,
        vec![DependsOn {
            mpn: LICENSE_MPN.into(),
            id: None
        }],
        "bare MPN strings are read"
    );
    assert_eq!(addon.minimum_quantity.as_deref(), Some("0.0"));
    assert_eq!(addon.prices[0].amount, "1.15");
    // The spec's object form is read too.
    let p: Product = serde_json::from_value(
        serde_json::json!({"mpn": "A", "dependsOn": [{"mpn": "B", "id": 7}]}),
    )
    .expect("parses");
    assert_eq!(p.depends_on[0].id.as_deref(), Some("7"));
}

#[test]
fn golden_body_of_the_non_unique_mpn_sample() {
    let o: NewSimpleOrder =
        serde_json::from_str(&raw("order_non_unique_mpn.request")).expect("parses");
    let want: serde_json::Value =
        serde_json::from_str(&raw("order_non_unique_mpn.request")).expect("json");
    assert_eq!(o.wire(), want);
    let o2 = NewSimpleOrder {
        products: vec![OrderLineInput {
            quantity: "2.0".into(),
            ..o.products[0].clone()
        }],
        ..o
    };
    assert_eq!(
        o2.wire()["products"][0]["quantity"],
        serde_json::json!(2),
        "the spec types quantity as a number"
    );
}

#[test]
fn token_and_headers() {
    let e = simple_env();
    block_on(e.client.list_products(&ProductQuery::default())).expect("lists");
    block_on(e.client.list_plans(&PageQuery::default())).expect("lists");
    assert_eq!(e.count_calls(|p| p.ends_with("/token")), 1);
    let req = FetchSimpleToken {
        username: "u".into(),
        password: Secret::new("p"),
        marketplace: "eu".into(),
        subscription_key: Secret::new("k"),
    }
    .build("https://api.example/marketplace/eu")
    .expect("builds");
    assert_eq!(req.url, "https://api.example/marketplace/eu/token");
    assert_eq!(req.headers.get("x-subscription-key"), Some("k"));
    assert_eq!(req.body.as_deref(), Some(r#"{"marketplace":"eu"}"#));
}

#[test]
fn wrong_credentials_are_the_gateways_401() {
    let e = simple_env_with(true, "someone");
    let err = block_on(e.client.list_products(&ProductQuery::default())).expect_err("refused");
    match err {
        Error::Api(a) => {
            assert_eq!(
                (a.status, a.message.as_str()),
                (401, "Unauthorized"),
                "Spring's {{error}} shape"
            );
            assert!(a.trace_id.is_some(), "correlation id kept");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn paginates_over_four_pages() {
    let e = simple_env();
    let q = ProductQuery {
        limit: Some(3),
        ..ProductQuery::default()
    };
    let first = block_on(e.client.list_products(&q)).expect("page");
    assert_eq!((first.data.len(), first.pagination.total), (3, 11));
    let all = block_on(e.client.all_products(&q)).expect("all");
    assert_eq!(all.len(), 11);
    let pages = e.count_calls(|p| p.ends_with("/products"));
    assert_eq!(
        pages, 5,
        "one page read first, then four for the whole list"
    );
    let filtered = block_on(e.client.all_products(&ProductQuery {
        mpn: Some(DUPLICATE_MPN.into()),
        ..ProductQuery::default()
    }))
    .expect("filter");
    assert_eq!(filtered.len(), 4);
}

#[test]
fn catalog_identification_follows_the_guides_order() {
    let e = simple_env();
    let catalog =
        Catalog::new(block_on(e.client.all_products(&ProductQuery::default())).expect("all"));
    let month = Period {
        kind: PeriodType::Month,
        duration: 1,
    };
    let year = Period {
        kind: PeriodType::Year,
        duration: 1,
    };
    let mut l = line(DUPLICATE_MPN, "1");
    assert_eq!(
        catalog.resolve(&l),
        Resolution::Ambiguous {
            candidates: 4,
            missing: vec!["vendor", "subscriptionPeriod", "billingPeriod"]
        }
    );
    l.vendor = Some("BackupCo".into());
    assert!(
        matches!(catalog.resolve(&l), Resolution::Unique(p) if p.name == "Backup 100 GB (BackupCo)")
    );
    l.vendor = Some("Acronis".into());
    assert_eq!(
        catalog.resolve(&l),
        Resolution::Ambiguous {
            candidates: 3,
            missing: vec!["subscriptionPeriod", "billingPeriod"]
        }
    );
    l.subscription_period = Some(year.clone());
    assert_eq!(
        catalog.resolve(&l),
        Resolution::Ambiguous {
            candidates: 2,
            missing: vec!["billingPeriod"]
        }
    );
    l.billing_period = Some(month);
    assert!(
        matches!(catalog.resolve(&l), Resolution::Unique(p) if p.name == "Backup 100 GB, annual billed monthly")
    );
    l.billing_period = Some(Period {
        kind: PeriodType::Day,
        duration: 7,
    });
    assert_eq!(catalog.resolve(&l), Resolution::NotFound);
    assert_eq!(catalog.resolve(&line("nope", "1")), Resolution::NotFound);
}

#[test]
fn add_ons_need_their_licence_in_the_order_or_already_subscribed() {
    let e = simple_env();
    let c = &e.client;
    // A new customer without the licence.
    let nobody = block_on(c.create_customer(&customer())).expect("customer");
    let id = nobody.id.expect("id");
    let err = block_on(c.create_order(&order(&id, vec![line(ADDON_MPN, "5")])))
        .expect_err("add-on alone");
    assert_eq!(
        (err.issues()[0].code.as_str(), err.issues()[0].path.as_str()),
        ("dependency_missing", "products[0].mpn")
    );
    assert!(err.issues()[0].message.contains(LICENSE_MPN));
    // With the licence in the same order it passes.
    block_on(c.estimate_order(&order(
        &id,
        vec![line(ADDON_MPN, "5"), line(LICENSE_MPN, "5")],
    )))
    .expect("estimate");
    // The seeded customer already has E1, so the add-on alone is fine.
    block_on(c.estimate_order(&order(SIMPLE_CUSTOMER_ID, vec![line(ADDON_MPN, "5")])))
        .expect("estimate");
}

fn customer() -> NewCustomer {
    NewCustomer {
        name: "Acme Inc.".into(),
        external_id: Some("EXT-1".into()),
        address: Address {
            street_address: "555 Main Street".into(),
            address_extension: None,
            postal_code: "92612".into(),
            city: "Irvine".into(),
            state: Some("CA".into()),
            country_code: "US".into(),
        },
        contact_persons: vec![ContactInput {
            kind: "admin".into(),
            first_name: "Jane".into(),
            last_name: "Doe".into(),
            email: "jane.doe@acme.example".into(),
            phone_number: "81##18881234567#".into(),
            login: Some("jane.doe@acme.example".into()),
            password: Some(Secret::new("Ecx$cvdazv")),
        }],
        language: "en".into(),
        tax_reg_id: None,
        attributes: Default::default(),
    }
}

#[test]
fn quantity_bounds_are_compared_exactly() {
    let e = simple_env();
    let err = block_on(e.client.estimate_order(&order(
        SIMPLE_CUSTOMER_ID,
        vec![line(LICENSE_MPN, "5000.01")],
    )))
    .expect_err("too many");
    assert_eq!(err.issues()[0].code, "quantity_above_maximum");
    block_on(e.client.estimate_order(&order(
        SIMPLE_CUSTOMER_ID,
        vec![line(LICENSE_MPN, "5000.0")],
    )))
    .expect("exactly the maximum");
    let err = block_on(e.client.estimate_order(&order(
        SIMPLE_CUSTOMER_ID,
        vec![line("4e1a6b8c-0d2f-4a4b-c6e8-a0b2c4e6a8b0", "4.99")],
    )))
    .expect_err("too few");
    assert_eq!(err.issues()[0].code, "quantity_below_minimum");
}

#[test]
fn a_sales_order_completes_and_creates_a_subscription() {
    let e = simple_env();
    let c = &e.client;
    let created = block_on(c.create_customer(&customer())).expect("customer");
    let id = created.id.expect("id");
    let mut l = line(DUPLICATE_MPN, "3");
    l.vendor = Some("BackupCo".into());
    let est = block_on(c.estimate_order(&order(&id, vec![l.clone(), line(LICENSE_MPN, "2")])))
        .expect("estimate");
    assert_eq!(
        est.total.as_ref().map(|t| t.amount.as_str()),
        Some("72.6"),
        "3 × 11.0 + 2 × 19.8, exactly"
    );
    let placed =
        block_on(c.create_order(&order(&id, vec![l, line(LICENSE_MPN, "2")]))).expect("placed");
    let done =
        block_on(c.wait_for_order(placed.id.as_deref().expect("id"), PollOptions::default()))
            .expect("completed");
    assert_eq!(done.status, Some(SimpleOrderStatus::Completed));
    let subs = block_on(c.list_subscriptions(&SubscriptionQuery {
        customer_id: Some(id),
        ..SubscriptionQuery::default()
    }))
    .expect("subs");
    assert_eq!(subs.data.len(), 1);
    assert_eq!(subs.data[0].products.len(), 2);
}

#[test]
fn with_checks_off_the_sandbox_refuses_in_the_specs_error_shape() {
    let e = simple_env_with(false, SIMPLE_USERNAME);
    let err = block_on(
        e.client
            .create_order(&order(SIMPLE_CUSTOMER_ID, vec![line(DUPLICATE_MPN, "1")])),
    )
    .expect_err("ambiguous");
    match err {
        Error::Api(a) => {
            assert_eq!(a.status, 400);
            assert!(
                a.message.contains("not unique") && a.message.contains("vendor"),
                "{}",
                a.message
            );
            assert!(a.trace_id.is_some());
        }
        other => panic!("{other:?}"),
    }
    let err = block_on(e.client.get_customer("999")).expect_err("missing");
    assert_eq!(err.status(), Some(404));
}

#[test]
fn plans_and_switches() {
    let e = simple_env();
    let plans = block_on(e.client.list_plans(&PageQuery::default())).expect("plans");
    assert_eq!(plans.data.len(), 3);
    let p = block_on(e.client.get_plan("10005")).expect("plan");
    assert_eq!(
        p.plan_switches[0].plan_id, "10006",
        "integer plan ids read as strings"
    );
}

#[test]
fn a_data_wrapped_single_object_is_accepted() {
    let r = SimpleRequest::<Customer>::get("customers", "1", "id");
    let resp = HttpResponse::with_body(
        200,
        "application/json",
        r#"{"data": {"id": 1, "name": "X"}}"#,
    );
    assert_eq!(r.parse(&resp).expect("unwrapped").id.as_deref(), Some("1"));
    let q = QuantityInput::from("1");
    assert!(matches!(q, QuantityInput::Text(_)));
}
