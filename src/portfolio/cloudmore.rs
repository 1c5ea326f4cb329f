//! Cloudmore's rule. Cloudmore publishes no model and no renewal rule: the term ends at
//! `endDate` and the window is Omnissa's 30 days before it [I].

use serde_json::Value;

use super::{rfc3339, window, PortfolioEntry, PortfolioProduct, Vendor};
use crate::cloudmore::CloudmoreSubscription;
use crate::time::{format_rfc3339, parse_datetime, Millis};

/// Days before a Cloudmore subscription's `endDate` that its window opens [I].
pub const CLOUDMORE_WINDOW_DAYS: i64 = 30;

/// A Cloudmore subscription as a portfolio entry, judged at `now`. The customer is the
/// organization (its name, else its id); a cancelled or deleted subscription has no window.
pub fn cloudmore_entry(sub: &CloudmoreSubscription, raw: Value, now: Millis) -> PortfolioEntry {
    let cancelled = sub.status.as_ref().is_some_and(|s| s.is_cancelled());
    let end = sub.end_date.as_deref().and_then(parse_datetime);
    let name = sub.product_name.clone().or_else(|| sub.name.clone());
    let products = if sub.product_id.is_some() || name.is_some() {
        vec![PortfolioProduct {
            sku: None,
            mpn: None,
            product_id: sub.product_id.clone(),
            name,
            quantity: sub.quantity.unwrap_or(0),
        }]
    } else {
        Vec::new()
    };
    PortfolioEntry {
        vendor: Vendor::Cloudmore,
        id: sub.id.clone(),
        customer: sub
            .organization_name
            .clone()
            .or_else(|| sub.organization_id.clone())
            .unwrap_or_default(),
        products,
        status: sub
            .status
            .as_ref()
            .map_or_else(String::new, |s| s.as_str().to_string()),
        term_start: rfc3339(sub.start_date.as_deref()),
        term_end: end.map(format_rfc3339),
        renewal: end
            .filter(|_| !cancelled)
            .map(|end| window(end, CLOUDMORE_WINDOW_DAYS, now)),
        raw,
    }
}
