//! Omnissa's rule: the SID, the end customer, the SKUs, and the documented window of the last
//! 30 days of the term [S], the same one the client's precheck enforces.

use serde_json::Value;

use super::{rfc3339, PortfolioEntry, PortfolioProduct, PortfolioRenewal, Vendor};
use crate::omnissa::{window_for_end, Subscription};
use crate::time::{format_rfc3339, Millis};

/// An Omnissa subscription as a portfolio entry, judged at `now`. The API has no status field
/// and lists the partner's active subscriptions, so the status is `ACTIVE`, or `EXPIRED` once
/// the term has ended [I].
pub fn omnissa_entry(sub: &Subscription, raw: Value, now: Millis) -> PortfolioEntry {
    let end = sub.end_ms();
    let renewal = end.map(|end| {
        let w = window_for_end(end, now);
        PortfolioRenewal {
            opens_at: w.opens_at,
            closes_at: w.closes_at,
            is_open: w.is_open,
        }
    });
    PortfolioEntry {
        vendor: Vendor::Omnissa,
        id: sub.service_instance_id.clone(),
        customer: sub.customer_name.clone(),
        products: sub
            .offers
            .iter()
            .map(|o| PortfolioProduct {
                sku: Some(o.sku.clone()),
                mpn: None,
                product_id: None,
                name: None,
                quantity: o.quantity,
            })
            .collect(),
        status: if end.is_some_and(|e| e < now) {
            "EXPIRED"
        } else {
            "ACTIVE"
        }
        .into(),
        term_start: rfc3339(sub.start_date.as_deref()),
        term_end: end.map(format_rfc3339),
        renewal,
        raw,
    }
}
