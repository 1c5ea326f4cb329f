//! CloudBlue Commerce SimpleAPI (the `/products` gateway): token, catalog, customers,
//! subscriptions, orders, estimates, plans. Source: `SimpleAPI-1.15.yaml`, seed 002,
//! API-NOTES §2.2.
//!
//! Auth: `POST /token` with Basic credentials, `X-Subscription-Key` and `{marketplace}` gives a
//! JWT valid `expiresInSeconds`; every call sends `Authorization: Bearer …` and
//! `X-Subscription-Key`. Lists are `{data, pagination: {offset, limit, total}}`.

mod catalog;
mod client;
mod endpoints;
mod inputs;
mod types;

pub use catalog::{validate_order, Catalog, Resolution};
pub use client::{SimpleClient, SimpleConfig, SimpleCredentials};
pub use endpoints::{FetchSimpleToken, SimpleRequest};
pub use inputs::{
    ContactInput, CustomerPage, CustomerQuery, NewCustomer, NewSimpleOrder, OrderLineInput,
    OrderPage, OrderQuery, PageQuery, PlanPage, ProductPage, ProductQuery, SubscriptionPage,
    SubscriptionQuery,
};
pub use types::{
    Address, Amount, ContactPerson, Coterming, Customer, DependsOn, OrderLine, Pagination,
    ParameterValue, Period, PeriodType, Plan, PlanSwitch, Product, ProductPrice, SimpleDiscount,
    SimpleOrder, SimpleOrderDetail, SimpleOrderStatus, SimpleOrderType, SimpleSubscription,
    SubscriptionProduct,
};

use crate::endpoint::{ErrorFields, ErrorSchema};
use crate::error::Api;

/// How SimpleAPI errors read: [`Api::CloudblueSimple`] and [`error_fields`].
pub const ERROR_SCHEMA: ErrorSchema = ErrorSchema {
    api: Api::CloudblueSimple,
    read: error_fields,
};

/// A list page: items plus where they sit in the whole list.
pub trait Paged {
    /// The item type.
    type Item;
    /// Splits the page into its items and the pagination to continue from (see
    /// [`continue_from`]).
    fn into_parts(self) -> (Vec<Self::Item>, Pagination);
    /// The page, knowing which offset was asked for (the client sets it on every list call).
    fn asked_at(self, _offset: u32) -> Self
    where
        Self: Sized,
    {
        self
    }
}

/// The pagination an iteration goes on from. A server that answers another `offset` than the
/// one asked for ignores `offset`, and asking on would repeat its page for ever: the list ends
/// here (the pagination returned says the total is the offset asked for).
pub fn continue_from(p: Pagination, asked: Option<u32>) -> Pagination {
    match asked {
        Some(a) if a != p.offset => Pagination {
            offset: a,
            total: a,
            ..p
        },
        _ => p,
    }
}

/// The offset of the next page, or `None` after the last one. An empty page ends the list even
/// when `total` says otherwise, so a server that miscounts cannot cause an endless loop.
pub fn next_offset(p: &Pagination, received: usize) -> Option<u32> {
    let received = u32::try_from(received).ok()?;
    let next = p.offset.checked_add(received)?;
    (received > 0 && next < p.total).then_some(next)
}

/// Reads SimpleAPI error bodies. The spec declares none; two shapes are seen: the v1.1 spec's
/// `{timeStamp, status, message, path, correlationId}` and Spring's
/// `{timestamp, status, error, path, correlationId}`. Both are read.
pub fn error_fields(v: &serde_json::Value) -> Option<ErrorFields> {
    let obj = v.as_object()?;
    let text = |k: &str| {
        obj.get(k)
            .and_then(|x| x.as_str())
            .map(str::to_string)
            .filter(|s| !s.is_empty())
    };
    let message = text("message")
        .or_else(|| text("error"))
        .or_else(|| text("detail"))?;
    let code = if text("message").is_some() {
        text("error").or_else(|| text("code"))
    } else {
        text("code")
    };
    Some(ErrorFields {
        code,
        message,
        trace_id: text("correlationId"),
        field_errors: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_error_shapes() {
        let spec = serde_json::json!({"timeStamp": "2024-01-01T00:00:00Z", "status": 400, "message": "Customer not found", "path": "/customers/1", "correlationId": "c-1"});
        let spring = serde_json::json!({"timestamp": "2024-01-01T00:00:00Z", "status": 404, "error": "Not Found", "path": "/orders/9", "correlationId": "c-2"});
        let a = error_fields(&spec).expect("spec shape");
        assert_eq!(
            (a.message.as_str(), a.code, a.trace_id.as_deref()),
            ("Customer not found", None, Some("c-1"))
        );
        let b = error_fields(&spring).expect("spring shape");
        assert_eq!(
            (b.message.as_str(), b.trace_id.as_deref()),
            ("Not Found", Some("c-2"))
        );
        assert!(error_fields(&serde_json::json!({"status": 500})).is_none());
    }

    #[test]
    fn ended_states_in_any_case() {
        let sub = |status: Option<&str>| -> SimpleSubscription {
            let mut v = serde_json::json!({"id": "1"});
            if let Some(s) = status {
                v["status"] = s.into();
            }
            serde_json::from_value(v).expect("subscription")
        };
        for (status, ended) in [
            (Some("terminated"), true),
            (Some("Removed"), true),
            (Some("TERMINATED"), true),
            (Some("active"), false),
            (Some("hold"), false),
            (None, false),
        ] {
            assert_eq!(sub(status).has_ended(), ended, "{status:?}");
        }
    }

    #[test]
    fn pagination_ends() {
        let p = |offset, total| Pagination {
            offset,
            limit: 10,
            total,
        };
        assert_eq!(next_offset(&p(0, 25), 10), Some(10));
        assert_eq!(next_offset(&p(20, 25), 5), None);
        assert_eq!(
            next_offset(&p(0, 25), 0),
            None,
            "an empty page ends the list"
        );
        assert_eq!(next_offset(&p(u32::MAX, 25), 10), None);
    }

    #[test]
    fn a_server_that_ignores_the_offset_ends_the_iteration() {
        let page = |offset| ProductPage {
            data: vec![
                serde_json::from_value(serde_json::json!({"mpn": "A", "vendor": "V"}))
                    .expect("product"),
            ],
            pagination: Pagination {
                offset,
                limit: 1,
                total: 25,
            },
            asked_offset: None,
        };
        // (offset answered, offset asked) → next offset
        let cases = [
            (0, None, Some(1)),
            (3, Some(3), Some(4)),
            (0, Some(3), None),
        ];
        for (answered, asked, want) in cases {
            let mut pg = page(answered);
            if let Some(a) = asked {
                pg = pg.asked_at(a);
            }
            let (items, p) = pg.into_parts();
            assert_eq!(next_offset(&p, items.len()), want, "{answered} {asked:?}");
        }
    }
}
