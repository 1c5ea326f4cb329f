//! The APS client's paged lists: orders and subscriptions, read with RQL `limit(start,count)`
//! and `Content-Range`, page by page or all at once (each item once, see
//! [`crate::common::paging::PageGuard`]).

use serde::de::DeserializeOwned;

use super::client::{ApsClient, ORDERS};
use super::endpoints::{next_start, parse_content_range, ApsRequest};
use super::rql;
use super::{ApsOrder, ApsOrderPage, ApsSubscription, ApsSubscriptionPage, ApsSubscriptionQuery};
use crate::api_call::ApiCall;
use crate::common::paging::all_pages;
use crate::error::{Api, Error};
use crate::http::{HttpResponse, Method};

impl ApsClient {
    /// One page of the reseller's orders, `count` from `start`.
    ///
    /// # Errors
    /// Any [`Error`].
    pub fn list_orders(&self, start: u64, count: u64) -> ApiCall<ApsOrderPage> {
        let count = count.max(1);
        let q = rql::limit(start, Some(count)).to_string();
        self.list_page(ApsRequest::new(Method::Get, ORDERS).query(q), start, count)
            .map(move |page| {
                Ok(ApsOrderPage {
                    items: page.items,
                    start,
                    total: page.total,
                    next_start: page.next_start,
                })
            })
    }

    /// Every order, page by page, each once: a server that ignores paging ends the list
    /// (see [`next_start`] and [`all_pages`]) instead of repeating it.
    ///
    /// # Errors
    /// Any [`Error`] of any page.
    pub async fn all_orders(&self, page_size: u64) -> Result<Vec<ApsOrder>, Error> {
        all_pages(Api::CloudblueAps, 0, |s| async move {
            let p = self.list_orders(s, page_size).await?;
            Ok((p.items, p.next_start))
        })
        .await
    }

    /// One page of the subscriptions `q` selects, from `q.start` (see
    /// [`ApsSubscriptionQuery`]): `GET /aps/2/collections/subscriptions` with
    /// `APS-Actor-Scope: FULL`, so that the customers' subscriptions are listed too, or
    /// `collections/bss-subscriptions?ne(account.aps.id,…)` with `resellerId`. The header is
    /// sent on both [I: the docs show it on the first].
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] for bad filters, before sending; otherwise any [`Error`].
    pub fn list_subscriptions(&self, q: &ApsSubscriptionQuery) -> ApiCall<ApsSubscriptionPage> {
        let (start, count) = (q.start(), q.count());
        let req = ApsRequest::new(Method::Get, q.path())
            .query(q.rql_at(start))
            .header("APS-Actor-Scope", "FULL")
            .issues(self.checked(q.validate()));
        self.list_page(req, start, count).map(move |page| {
            Ok(ApsSubscriptionPage {
                items: page.items,
                start,
                total: page.total,
                next_start: page.next_start,
            })
        })
    }

    /// Every subscription `q` selects, page by page from `q.start`, each once.
    ///
    /// # Errors
    /// Any [`Error`] of any page.
    pub async fn all_subscriptions(
        &self,
        q: &ApsSubscriptionQuery,
    ) -> Result<Vec<ApsSubscription>, Error> {
        all_pages(Api::CloudblueAps, q.start(), |s| async move {
            let at = ApsSubscriptionQuery {
                start: Some(u32::try_from(s).unwrap_or(u32::MAX)),
                ..q.clone()
            };
            let p = self.list_subscriptions(&at).await?;
            Ok((p.items, p.next_start))
        })
        .await
    }

    /// One page of a collection read with `limit(start,count)`: its items, the total from
    /// `Content-Range`, and the next start ([`next_start`]).
    fn list_page<T: DeserializeOwned + 'static>(
        &self,
        req: ApsRequest<Vec<T>>,
        start: u64,
        count: u64,
    ) -> ApiCall<Page<T>> {
        self.run(req)
            .map_response(move |items, resp: &HttpResponse| {
                let range = resp.headers.get("content-range");
                let total = range.and_then(parse_content_range).and_then(|r| r.2);
                let next_start = next_start(start, count, items.len(), range);
                Ok(Page {
                    items,
                    total,
                    next_start,
                })
            })
    }
}

/// One page as [`ApsClient::list_page`] reads it.
struct Page<T> {
    items: Vec<T>,
    total: Option<u64>,
    next_start: Option<u64>,
}
