//! Paged lists against servers that ignore paging: every list ends, and no item comes twice,
//! natively (`all_orders`, `all_products`) and page by page as the async iterators fetch
//! (`guarded`, the cursor loop of the wasm pager).
#![cfg(feature = "cloudblue")]
// Tests fail by panicking; the panic lints are for library code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::rc::Rc;

use common::block_on;
use common::scripted::scripted_http;
use partner_ordering::cloudblue::aps::{ApsClient, ApsConfig, ApsCredentials, ApsOrder};
use partner_ordering::cloudblue::simple::{
    next_offset, Paged, Product, ProductQuery, SimpleClient, SimpleConfig, SimpleCredentials,
};
use partner_ordering::common::paging::{guarded, FetchPage};
use partner_ordering::{Error, HttpRequest, HttpResponse, Secret};
use serde_json::json;

/// More requests than any of these lists needs; past it the scripted server fails.
const CEILING: usize = 30;

/// Pages through `fetch` from cursor 0 as the wasm pager does: until the cursor is `None`.
fn iterate<T: 'static>(fetch: FetchPage<T>) -> Result<Vec<T>, Error> {
    let mut all = Vec::new();
    let mut cursor = Some(0);
    while let Some(c) = cursor {
        let (items, next) = block_on(fetch(c))?;
        if items.is_empty() {
            break;
        }
        all.extend(items);
        cursor = next;
    }
    Ok(all)
}

/// [`iterate`] over `fetch` with the guard an iterator pages with, its item texts read back.
fn iterate_guarded<T: serde::de::DeserializeOwned + serde::Serialize + 'static>(
    fetch: FetchPage<T>,
) -> Result<Vec<T>, Error> {
    let texts = iterate(guarded(fetch))?;
    Ok(texts
        .iter()
        .map(|t| serde_json::from_str(t).expect("an item's JSON"))
        .collect())
}

// ---- APS ----------------------------------------------------------------------------------------

fn aps_order(i: usize) -> serde_json::Value {
    json!({"orderId": format!("0rder000-0000-4000-8000-{i:012}"), "type": "SO"})
}

/// An APS order manager that ignores `limit()`: every list answer is `orders`, with `range` as
/// its `Content-Range` when given.
fn aps_ignoring_limit(
    orders: usize,
    range: Option<&'static str>,
) -> (ApsClient, impl Fn() -> usize) {
    let body = json!((0..orders).map(aps_order).collect::<Vec<_>>());
    let (http, calls) = scripted_http(CEILING, move |_req: &HttpRequest| {
        let mut r = HttpResponse::json(200, &body);
        if let Some(v) = range {
            r.headers.set("content-range", v);
        }
        r
    });
    let creds = ApsCredentials::OAuth1 {
        consumer_key: "key".into(),
        consumer_secret: Secret::new("secret"),
    };
    let client =
        ApsClient::new(ApsConfig::new("https://cbc.example.com", creds), http).expect("aps config");
    (client, move || calls.borrow().len())
}

fn ids(orders: &[ApsOrder]) -> Vec<String> {
    orders.iter().map(|o| o.order_id.clone()).collect()
}

#[test]
fn aps_orders_end_and_never_repeat_when_the_server_ignores_limit() {
    let want = |n: usize| -> Vec<String> {
        (0..n)
            .map(|i| aps_order(i)["orderId"].as_str().unwrap_or("").to_string())
            .collect()
    };
    // (orders the server sends every time, Content-Range, page size, requests expected)
    let cases: &[(usize, Option<&'static str>, u64, usize)] = &[
        // The issue: a page larger than asked for, and no Content-Range.
        (5, None, 2, 1),
        (5, None, 4, 1),
        // Exactly one page's worth, start ignored: the second page repeats the first.
        (2, None, 2, 2),
        // A Content-Range that never moves on.
        (2, Some("items 0-1/10"), 2, 2),
        // A Content-Range for more than asked for.
        (5, Some("items 0-4/5"), 2, 1),
    ];
    for (orders, range, count, requests) in cases {
        let (client, calls) = aps_ignoring_limit(*orders, *range);
        let all = block_on(client.all_orders(*count))
            .unwrap_or_else(|e| panic!("{orders} {range:?} {count}: {e:?}"));
        assert_eq!(ids(&all), want(*orders), "{orders} {range:?} {count}");
        assert_eq!(calls(), *requests, "{orders} {range:?} {count}");

        // Page by page, as `iterateOrders` fetches.
        let (client, calls) = aps_ignoring_limit(*orders, *range);
        let client = Rc::new(client);
        let count = *count;
        let fetch: FetchPage<ApsOrder> = Rc::new(move |start| {
            let c = Rc::clone(&client);
            Box::pin(async move {
                let p = c.list_orders(start, count).await?;
                Ok((p.items, p.next_start))
            })
        });
        let all = iterate_guarded(fetch).expect("iterated");
        assert_eq!(ids(&all), want(*orders), "iterated {orders} {range:?}");
        assert_eq!(calls(), *requests, "iterated {orders} {range:?}");
    }
}

#[test]
fn aps_pages_larger_than_asked_end_the_list_even_unguarded() {
    // What `iterateOrders` does today, without a guard across pages: one request, five orders.
    let (client, calls) = aps_ignoring_limit(5, None);
    let page = block_on(client.list_orders(0, 2)).expect("page");
    assert_eq!((page.items.len(), page.next_start), (5, None));
    assert_eq!(calls(), 1);
}

// ---- SimpleAPI ----------------------------------------------------------------------------------

fn product(i: u32) -> serde_json::Value {
    json!({"mpn": format!("MPN-{i}"), "vendor": "V", "name": format!("P{i}")})
}

/// A SimpleAPI gateway whose `/products` ignores `offset`: it always answers the first ten of
/// 25 products, reporting `offset` 0, or echoing the offset asked for when `echo` is set.
fn simple_ignoring_offset(echo: bool) -> (Rc<SimpleClient>, impl Fn() -> usize) {
    let (http, calls) = scripted_http(CEILING, move |req: &HttpRequest| {
        if req.url.contains("/token") {
            return HttpResponse::json(200, &json!({"token": "t", "expiresInSeconds": 1500}));
        }
        let asked: u32 = req
            .query_pairs()
            .into_iter()
            .find(|(k, _)| k == "offset")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let data: Vec<_> = (0..10).map(product).collect();
        let offset = if echo { asked } else { 0 };
        HttpResponse::json(
            200,
            &json!({"data": data, "pagination": {"offset": offset, "limit": 10, "total": 25}}),
        )
    });
    let creds = SimpleCredentials::Password {
        username: "u".into(),
        password: Secret::new("p"),
        marketplace: "us".into(),
    };
    let cfg = SimpleConfig::new(
        "https://api.example.com/marketplace/us",
        Secret::new("k"),
        creds,
    );
    let client = SimpleClient::new(cfg, http).expect("simple config");
    let products = move || {
        calls
            .borrow()
            .iter()
            .filter(|r| r.url.contains("/products"))
            .count()
    };
    (Rc::new(client), products)
}

fn mpns(products: &[Product]) -> Vec<String> {
    products.iter().map(|p| p.mpn.clone()).collect()
}

#[test]
fn simple_lists_end_and_never_repeat_when_the_server_ignores_offset() {
    let first_ten: Vec<String> = (0..10).map(|i| format!("MPN-{i}")).collect();
    // (offset echoed, product requests of all_products, of the unguarded iterator)
    for (echo, native_requests, unguarded_requests) in [(false, 2, 2), (true, 2, 3)] {
        let (client, requests) = simple_ignoring_offset(echo);
        let all = block_on(client.all_products(&ProductQuery::default())).expect("all");
        assert_eq!(mpns(&all), first_ten, "echo {echo}");
        assert_eq!(requests(), native_requests, "echo {echo}");

        // Page by page, as `iterateProducts` fetches (offset from the cursor, next offset
        // from the page), without and then with the guard across pages.
        for guard in [false, true] {
            let (client, requests) = simple_ignoring_offset(echo);
            let fetch: FetchPage<Product> = Rc::new(move |cursor| {
                let c = Rc::clone(&client);
                Box::pin(async move {
                    let q = ProductQuery {
                        offset: u32::try_from(cursor).ok(),
                        ..ProductQuery::default()
                    };
                    let (items, p) = c.list_products(&q).await?.into_parts();
                    let next = next_offset(&p, items.len()).map(u64::from);
                    Ok((items, next))
                })
            });
            let all = if guard {
                iterate_guarded(fetch)
            } else {
                iterate(fetch)
            }
            .unwrap_or_else(|e| panic!("echo {echo}, guard {guard}: {e:?}"));
            if guard {
                assert_eq!(mpns(&all), first_ten, "echo {echo}");
                assert_eq!(requests(), native_requests, "echo {echo}");
            } else {
                // Ends, though an echoing server's repeats can only be told apart across pages.
                assert_eq!(requests(), unguarded_requests, "echo {echo}");
            }
        }
    }
}
