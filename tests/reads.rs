//! A read whose answer the API always sends: an empty, `null` or shapeless 200 body is a decode
//! error, never an empty list or a default value. Every read of every API, table-driven.
#![cfg(all(feature = "omnissa", feature = "cloudblue", feature = "cloudmore"))]
// Tests fail by panicking; the panic lints are for library code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use partner_ordering::cloudblue::aps::{ApsOrder, ApsRequest, PaymentMethod};
use partner_ordering::cloudblue::simple::{
    Customer, ProductPage, ProductQuery, SimpleRequest, SubscriptionPage, SubscriptionQuery,
};
use partner_ordering::cloudmore::ops;
use partner_ordering::endpoint::Endpoint;
use partner_ordering::http::Method;
use partner_ordering::omnissa::{GetOrderStatus, GetSubscription, ListSubscriptions};
use partner_ordering::{Api, Error, HttpResponse};

const S: &str = "5e11e700-0000-4000-8000-000000000001";
const R: &str = "b0b0b0b0-0000-4000-8000-000000000001";
const O: &str = "0a0a0a0a-0000-4000-8000-000000000001";
const V: &str = "5e7c0000-0000-4000-8000-000000000001";
const X: &str = "c0ffee00-0000-4000-8000-000000000001";

/// A list envelope without its required `data`.
const PAGE: &str = r#"{"pagination": {"offset": 0, "limit": 10, "total": 0}}"#;

type Read = Box<dyn Fn(&HttpResponse) -> Result<(), Error>>;

/// Parses with `ep`, dropping the value.
fn read<E: Endpoint + 'static>(ep: E) -> Read {
    Box::new(move |r| ep.parse(r).map(|_| ()))
}

/// Every read, with its API and the bodies beyond `""`, `"  "` and `null` that are not its
/// answer (an envelope without its required list).
fn reads() -> Vec<(&'static str, Api, Read, &'static [&'static str])> {
    vec![
        // Cloudmore
        (
            "listSellerSubscriptions",
            Api::Cloudmore,
            read(ops::list_seller_subscriptions(S)),
            &["{}"],
        ),
        (
            "listSellerSubscriptionsByService",
            Api::Cloudmore,
            read(ops::list_seller_subscriptions_by_service(S, V)),
            &[],
        ),
        (
            "getSellerSubscription",
            Api::Cloudmore,
            read(ops::get_seller_subscription(S, X)),
            &["{}"],
        ),
        (
            "listResellerServiceSubscriptions",
            Api::Cloudmore,
            read(ops::list_reseller_service_subscriptions(R, V)),
            &[],
        ),
        (
            "listOrganizationSubscriptions",
            Api::Cloudmore,
            read(ops::list_organization_subscriptions(R, O, V)),
            &[],
        ),
        (
            "getOrganizationSubscription",
            Api::Cloudmore,
            read(ops::get_organization_subscription(R, O, V, X)),
            &[],
        ),
        (
            "getSubscriptionHistory",
            Api::Cloudmore,
            read(ops::subscription_history(R, O, V, X)),
            &[],
        ),
        (
            "getResellerPriceList",
            Api::Cloudmore,
            read(ops::reseller_price_list(R, V, None)),
            &["{}"],
        ),
        (
            "getOrganizationPriceList",
            Api::Cloudmore,
            read(ops::organization_price_list(R, O, V)),
            &["{}"],
        ),
        // Omnissa
        (
            "listSubscriptions",
            Api::Omnissa,
            read(ListSubscriptions),
            &["{}"],
        ),
        (
            "getSubscription",
            Api::Omnissa,
            read(GetSubscription {
                service_instance_id: "M123456789".into(),
            }),
            &["{}"],
        ),
        (
            "getOrderStatus",
            Api::Omnissa,
            read(GetOrderStatus {
                request_id: "r-1".into(),
            }),
            &["{}"],
        ),
        // SimpleAPI
        (
            "listProducts",
            Api::CloudblueSimple,
            read(SimpleRequest::<ProductPage>::list(
                "products",
                &ProductQuery::default(),
            )),
            &["{}", PAGE],
        ),
        (
            "listSubscriptions (simple)",
            Api::CloudblueSimple,
            read(SimpleRequest::<SubscriptionPage>::list(
                "subscriptions",
                &SubscriptionQuery::default(),
            )),
            &[PAGE],
        ),
        (
            "getCustomer",
            Api::CloudblueSimple,
            read(SimpleRequest::<Customer>::get("customers", "1", "id")),
            &[],
        ),
        // APS
        (
            "listOrders",
            Api::CloudblueAps,
            read(ApsRequest::<Vec<ApsOrder>>::new(
                Method::Get,
                "services/order-manager/orders",
            )),
            &["{}"],
        ),
        (
            "getOrder",
            Api::CloudblueAps,
            read(ApsRequest::<ApsOrder>::new(
                Method::Get,
                "services/order-manager/orders/x",
            )),
            &["{}"],
        ),
        (
            "listPaymentMethods",
            Api::CloudblueAps,
            read(ApsRequest::<Vec<PaymentMethod>>::new(
                Method::Get,
                "services/payment-method-manager/paymentMethods",
            )),
            &[],
        ),
    ]
}

#[test]
fn empty_null_and_shapeless_read_answers_are_decode_errors() {
    for (name, api, parse, more) in reads() {
        for body in ["", "  ", "null"].iter().chain(more.iter()) {
            let resp = HttpResponse::with_body(200, "application/json", *body);
            match parse(&resp) {
                Err(Error::Decode {
                    api: got,
                    status: 200,
                    ..
                }) => assert_eq!(got, api, "{name} {body:?}"),
                other => panic!("{name} {body:?}: expected a decode error, got {other:?}"),
            }
        }
    }
}

#[test]
fn empty_lists_are_still_empty_lists() {
    let cases: Vec<(&str, Read, &str)> = vec![
        (
            "cloudmore list",
            read(ops::list_seller_subscriptions(S)),
            "[]",
        ),
        (
            "cloudmore wrapped list",
            read(ops::list_seller_subscriptions(S)),
            r#"{"items": []}"#,
        ),
        (
            "cloudmore price list",
            read(ops::reseller_price_list(R, V, None)),
            r#"{"products": []}"#,
        ),
        (
            "cloudmore history",
            read(ops::subscription_history(R, O, V, X)),
            "[]",
        ),
        (
            "omnissa list",
            read(ListSubscriptions),
            r#"{"subscriptions": []}"#,
        ),
        (
            "simple page",
            read(SimpleRequest::<ProductPage>::list(
                "products",
                &ProductQuery::default(),
            )),
            r#"{"data": [], "pagination": {"offset": 0, "limit": 10, "total": 0}}"#,
        ),
        (
            "aps list",
            read(ApsRequest::<Vec<ApsOrder>>::new(Method::Get, "x")),
            "[]",
        ),
    ];
    for (name, parse, body) in cases {
        let resp = HttpResponse::with_body(200, "application/json", body);
        assert!(parse(&resp).is_ok(), "{name}: {:?}", parse(&resp));
    }
}
