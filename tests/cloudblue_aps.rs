//! CloudBlue APS REST: every seed 001 sample, golden bodies for every POST, OAuth 1.0a and
//! APS-Token auth against the sandbox, Content-Range paging, and the whole reseller flow.
#![cfg(feature = "sandbox")]
// Tests fail by panicking; the panic lints are for library code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use common::*;
use partner_ordering::client::TokenSource;
use partner_ordering::cloudblue::aps::*;
use partner_ordering::cloudblue::rules::check_estimate;
use partner_ordering::endpoint::Endpoint;
use partner_ordering::http::Method;
use partner_ordering::poll::PollOptions;
use partner_ordering::sandbox::*;
use partner_ordering::token::AccessToken;
use partner_ordering::transport::LocalFuture;
use partner_ordering::{Error, HttpResponse, Secret};
use serde::de::DeserializeOwned;

const BASE: &str = "https://cbc.example.com";

fn fixture<T: DeserializeOwned>(name: &str) -> T {
    fixture_json(&format!("cloudblue/aps/{name}.json"))
}

fn json(name: &str) -> serde_json::Value {
    fixture(name)
}

/// The guide's staff member body as a caller's input: without `aps`, which the SDK sets (an
/// input refuses fields it does not have).
fn staff_input() -> NewStaffMember {
    let mut v = json("staff_member.request");
    v.as_object_mut().map(|o| o.remove("aps"));
    serde_json::from_value(v).expect("staff member input")
}

// ---- samples and golden bodies ----------------------------------------------------------------------

fn guide_customer() -> NewApsCustomer {
    let contact = ApsContact {
        email: "ps1@aps.test".into(),
        given_name: "Peter".into(),
        family_name: "Snape".into(),
        tel_voice: Some("1(888)1234567".into()),
    };
    NewApsCustomer {
        reseller_id: "78ee642d-3b8a-48f1-af12-90563e38bd18".into(),
        bss_account_id: Some("424eef0c-d847-11e8-8a73-60fb42f13c76".into()),
        company_name: "1st APS inc".into(),
        personal: false,
        tax_status: None,
        locale_id: None,
        address_postal: PostalAddress {
            country_name: "us".into(),
            locality: "APS".into(),
            postal_code: "12345".into(),
            region: Some("VA".into()),
            street_address: "11, APS".into(),
        },
        admin_contact: contact,
        billing_contact: None,
        tech_contact: None,
    }
}

#[test]
fn golden_create_customer_body_is_the_guides() {
    let c = guide_customer();
    assert_eq!(
        c.wire("424eef0c-d847-11e8-8a73-60fb42f13c76"),
        json("create_customer.request")
    );
}

#[test]
fn golden_staff_member_body_is_the_guides() {
    let u = staff_input();
    assert_eq!(u.password.expose(), "p@$$w0rd");
    assert!(
        !format!("{u:?}").contains("p@$$w0rd"),
        "Debug hides the password"
    );
    assert_eq!(u.wire(), json("staff_member.request"));
}

#[test]
fn golden_order_bodies_are_the_guides() {
    for name in [
        "estimate.request",
        "estimate_costs.request",
        "place_order.request",
    ] {
        let o: NewApsOrder = fixture(name);
        assert_eq!(o.wire(), json(name), "{name}");
    }
    let o: NewApsOrder = fixture("place_order.request");
    let req = ApsRequest::<PlacedOrder>::new(Method::Post, "services/order-manager/orders")
        .body(o.wire())
        .build(BASE)
        .expect("builds");
    assert_eq!(
        req.url,
        "https://cbc.example.com/aps/2/services/order-manager/orders"
    );
}

#[test]
fn every_sample_response_parses() {
    let accounts: Vec<ApsAccount> = fixture("create_customer.response");
    assert_eq!(
        accounts[1].aps.id.as_deref(),
        Some("26ae28d2-0303-4189-8e1d-02796ee5de3b")
    );
    assert_eq!(
        accounts[1]
            .admin_contact
            .as_ref()
            .map(|c| c.tel_voice.as_deref()),
        Some(Some("1#888#1234567#"))
    );
    let user: ApsUser = fixture("staff_member.response");
    assert_eq!(
        (user.login.as_str(), user.user_id),
        ("annp1@aps.test", Some(9))
    );
    let methods: Vec<PaymentMethod> = fixture("payment_methods.response");
    assert_eq!(
        methods.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
        ["12", "0", "3"],
        "numeric ids read as strings"
    );
    assert_eq!(methods[1].owner_account_id, None);
    for name in ["estimate.response", "estimate_costs.response"] {
        let e: Estimate = fixture(name);
        assert_eq!(e.details.len(), 3);
        assert!(
            check_estimate(&e).report().issues.is_empty(),
            "{name}: subTotal + taxTotal = total"
        );
        assert_eq!(
            e.details[1].duration.as_ref().map(|d| d.duration),
            Some(1),
            "\"1.0\" read as 1"
        );
    }
    let e: Estimate = fixture("estimate.response");
    assert_eq!(
        e.total,
        Some(ApsMoney {
            value: "7.31".into(),
            code: "USD".into()
        })
    );
    let placed: PlacedOrder = fixture("place_order.response");
    assert_eq!(placed.order_id, "387b3acc-0cf8-475f-8a3b-21813085dc89");
    let list: Vec<ApsOrder> = fixture("list_orders.response");
    assert_eq!(
        (list[0].kind.clone(), list[1].kind.clone()),
        (
            ApsListedOrderType::SalesOrder,
            ApsListedOrderType::PaymentOrder
        )
    );
    let detail: ApsOrder = fixture("order_details.response");
    assert_eq!(detail.provisioning_status.as_deref(), Some("COMPLETED"));
    assert_eq!(
        detail.reseller_costs.as_ref().map(|m| m.value.as_str()),
        Some("6.26")
    );
    assert_eq!(
        detail.details[0].duration.as_ref().map(|d| d.duration),
        Some(1),
        "1 (number) read too"
    );
    let reseller: Vec<ApsAccount> = fixture("find_reseller.response");
    assert_eq!(reseller[0].aps.id.as_deref(), Some(APS_RESELLER_ID));
    // An unknown listed type is kept, not an error.
    let odd: ApsOrder = serde_json::from_value(serde_json::json!({"orderId": "x", "type": "ZZ"}))
        .expect("open enum");
    assert_eq!(odd.kind, ApsListedOrderType::Unknown("ZZ".into()));
}

#[test]
fn estimate_mismatch_is_a_warning() {
    let mut e: Estimate = fixture("estimate.response");
    e.total = Some(ApsMoney {
        value: "7.32".into(),
        code: "USD".into(),
    });
    let r = check_estimate(&e).report();
    assert!(r.ok, "a warning does not block");
    assert_eq!(
        (r.issues[0].code.as_str(), r.issues[0].path.as_str()),
        ("estimate_total_mismatch", "total")
    );
    e.total = Some(ApsMoney {
        value: "7.31".into(),
        code: "EUR".into(),
    });
    assert_eq!(
        check_estimate(&e).report().issues[0].code,
        "estimate_currency_mismatch"
    );
}

#[test]
fn both_error_shapes_become_api_errors() {
    let r = ApsRequest::<Vec<ApsAccount>>::new(Method::Get, "collections/accounts");
    let a = HttpResponse::with_body(
        500,
        "application/json",
        r#"{"code":500,"type":"APS::Hosting::Exception","message":"Limit for resource exceeded"}"#,
    );
    let b = HttpResponse::with_body(
        403,
        "application/json",
        r#"{"error":"APS::Util::AccessViolation","message":"Association with the resource 'x' is not allowed."}"#,
    );
    for (resp, code) in [
        (a, "APS::Hosting::Exception"),
        (b, "APS::Util::AccessViolation"),
    ] {
        match r.parse(&resp) {
            Err(Error::Api(e)) => assert_eq!(e.code.as_deref(), Some(code)),
            other => panic!("{other:?}"),
        }
    }
}

// ---- against the sandbox ----------------------------------------------------------------------------

struct SandboxTokens(Rc<RefCell<Sandbox>>, Rc<RefCell<u32>>);

impl TokenSource for SandboxTokens {
    fn fetch(&self) -> LocalFuture<Result<AccessToken, Error>> {
        *self.1.borrow_mut() += 1;
        let t = self.0.borrow_mut().issue_aps_token();
        Box::pin(std::future::ready(Ok(AccessToken {
            token: Secret::new(t),
            expires_in_s: None,
        })))
    }
}

fn oauth_env(secret: &str) -> Env<ApsClient> {
    aps_env(true, |_| aps_oauth1(secret))
}

fn token_env(count: Rc<RefCell<u32>>) -> Env<ApsClient> {
    aps_env(true, |sandbox| {
        ApsCredentials::Token(Rc::new(SandboxTokens(Rc::clone(sandbox), count)))
    })
}

fn sales(account: &str) -> NewApsOrder {
    let mut o: NewApsOrder = fixture("estimate.request");
    o.account_id = account.into();
    o
}

#[test]
fn the_whole_reseller_flow_with_oauth1() {
    let env = oauth_env(APS_CONSUMER_SECRET);
    let c = &env.client;
    let reseller = block_on(c.find_account_id_by_email(APS_RESELLER_EMAIL))
        .expect("query")
        .expect("found");
    assert_eq!(reseller, APS_RESELLER_ID);

    let mut customer = guide_customer();
    customer.bss_account_id = None; // generated by the runtime
    let created = block_on(c.create_customer(&customer)).expect("created");
    assert!(
        partner_ordering::cloudblue::rules::is_uuid(&created.account_id),
        "{created:?}"
    );
    assert_eq!(created.account.company_name.as_deref(), Some("1st APS inc"));

    let user = staff_input();
    let admin = block_on(c.create_staff_member(&created.account_id, &user)).expect("user");
    let uid = admin.aps.id.clone().expect("user id");
    block_on(c.reset_password(&uid)).expect("reset");
    block_on(c.invite(&uid)).expect("invite");
    block_on(c.activate(&uid)).expect("activate");

    let methods = block_on(c.list_payment_methods(&created.account_id)).expect("methods");
    let card = methods
        .iter()
        .find(|m| m.default_method)
        .expect("a default method");
    assert_eq!(card.id, "12");

    let mut order = sales(&created.account_id);
    order.payment_method_id = Some(card.id.clone());
    let estimate = block_on(c.estimate_order(&order)).expect("estimate");
    assert_eq!(
        serde_json::json!(estimate.total),
        serde_json::json!({"value": "7.31", "code": "USD"}),
        "the guide's numbers"
    );
    assert!(estimate.issues.is_empty());
    let expected: Estimate = fixture("estimate.response");
    assert_eq!(
        estimate.details, expected.details,
        "line by line, as in the guide"
    );
    let costs = block_on(c.estimate_costs(&order)).expect("costs");
    let expected: Estimate = fixture("estimate_costs.response");
    assert_eq!(
        (costs.total, costs.details),
        (expected.total, expected.details)
    );

    let placed = block_on(c.place_order(&order)).expect("placed");
    let done =
        block_on(c.wait_for_order(&placed.order_id, PollOptions::default())).expect("provisioned");
    assert_eq!(done.provisioning_status.as_deref(), Some("COMPLETED"));
    assert_eq!(done.subscriptions.len(), 1);
    let details = block_on(c.get_order(&placed.order_id)).expect("details");
    assert_eq!(details.reseller_costs.map(|m| m.value), Some("6.26".into()));
    assert_eq!(details.details.len(), 3);
}

#[test]
fn a_wrong_oauth_secret_is_refused() {
    let env = oauth_env("not-the-secret");
    let err = block_on(env.client.find_accounts("")).expect_err("refused");
    assert_eq!(
        (err.status(), err.api_code()),
        (Some(403), Some("APS::Util::AuthenticationFailed"))
    );
}

#[test]
fn an_expired_aps_token_is_refreshed_once() {
    let count = Rc::new(RefCell::new(0));
    let env = token_env(Rc::clone(&count));
    block_on(env.client.find_accounts("")).expect("works");
    env.sandbox.borrow_mut().expire_tokens();
    block_on(env.client.find_accounts("")).expect("refreshed");
    assert_eq!(*count.borrow(), 2);
}

#[test]
fn orders_page_through_content_range() {
    let env = oauth_env(APS_CONSUMER_SECRET);
    let created = block_on(env.client.create_customer(&guide_customer())).expect("customer");
    for _ in 0..2 {
        block_on(env.client.place_order(&sales(&created.account_id))).expect("placed");
    }
    let first = block_on(env.client.list_orders(0, 1)).expect("page");
    assert_eq!(
        (first.items.len(), first.total, first.next_start),
        (1, Some(4), Some(1))
    );
    let all = block_on(env.client.all_orders(1)).expect("all pages");
    let kinds: Vec<String> = all.iter().map(|o| o.kind.to_string()).collect();
    assert_eq!(kinds, ["SO", "PO", "SO", "PO"], "four pages of one");
}

#[test]
fn the_sandbox_enforces_the_rules_when_the_client_does_not() {
    let env = aps_env(false, |_| aps_oauth1(APS_CONSUMER_SECRET));
    let c = &env.client;
    let mut o = sales("26ae28d2-0303-4189-8e1d-02796ee5de3b");
    o.resources[0].amount = 0.into();
    let err = block_on(c.place_order(&o)).expect_err("refused by the server");
    assert_eq!(
        (err.status(), err.api_code()),
        (Some(400), Some("APS::Billing::InvalidOrder"))
    );
    let mut bad = guide_customer();
    bad.reseller_id = "00000000-0000-4000-8000-000000000000".into();
    let err = block_on(c.create_customer(&bad)).expect_err("unknown parent");
    assert_eq!(err.status(), Some(400));
}

#[test]
fn invalid_bodies_are_refused_before_sending() {
    let env = oauth_env(APS_CONSUMER_SECRET);
    let mut o = sales("not-a-uuid");
    o.products[0].period.unit = "WEEKS".into();
    let err = block_on(env.client.estimate_order(&o)).expect_err("invalid");
    let codes: Vec<&str> = err.issues().iter().map(|i| i.code.as_str()).collect();
    assert_eq!(codes, ["aps_id_invalid", "period_unit_invalid"]);
    assert!(env.calls().is_empty());
}

#[test]
fn a_change_order_is_placed_and_provisioned() {
    let env = oauth_env(APS_CONSUMER_SECRET);
    let c = &env.client;
    let created = block_on(c.create_customer(&guide_customer())).expect("customer");
    let sale = block_on(c.place_order(&sales(&created.account_id))).expect("sale");
    let done =
        block_on(c.wait_for_order(&sale.order_id, PollOptions::default())).expect("provisioned");
    let subscription = done.subscriptions[0].clone();
    let change = NewApsOrder {
        kind: ApsOrderType::Change,
        account_id: created.account_id.clone(),
        payment_method_id: None,
        products: vec![],
        resources: vec![ApsResourceAmount {
            resource_id: APS_RESOURCE_ID.into(),
            amount: 5.into(),
        }],
        subscription_id: Some(subscription.clone()),
        plan_id: None,
        period: None,
    };
    let body = change.wire();
    assert_eq!(body["type"], "CHANGE");
    assert_eq!(body["subscriptionId"], serde_json::json!(subscription));
    assert_eq!(body["resources"][0]["amount"], serde_json::json!(5));
    let placed = block_on(c.place_order(&change)).expect("change placed");
    let done =
        block_on(c.wait_for_order(&placed.order_id, PollOptions::default())).expect("provisioned");
    assert_eq!(done.kind, ApsListedOrderType::ChangeOrder);
}

#[test]
fn advance_orders_provisions_placed_orders_without_reads() {
    let env = oauth_env(APS_CONSUMER_SECRET);
    let c = &env.client;
    let created = block_on(c.create_customer(&guide_customer())).expect("customer");
    let sale = block_on(c.place_order(&sales(&created.account_id))).expect("sale");
    // The sales order and the purchase order that comes with it.
    assert_eq!(env.sandbox.borrow_mut().advance_orders(NOW), 2);
    assert_eq!(env.sandbox.borrow_mut().advance_orders(NOW), 0, "none left");
    let done = block_on(c.get_order(&sale.order_id)).expect("details");
    assert_eq!(done.provisioning_status.as_deref(), Some("COMPLETED"));
    assert_eq!(
        done.subscriptions.len(),
        1,
        "its subscription, created once"
    );
}
