//! CloudBlue's rules, APS and SimpleAPI. Neither API documents a renewal or cancellation
//! window, so both use Omnissa's 30 days before the end of the term [I].

use serde_json::Value;

use super::{rfc3339, window, PortfolioEntry, PortfolioProduct, Vendor};
use crate::cloudblue::aps::ApsSubscription;
use crate::cloudblue::simple::SimpleSubscription;
use crate::time::{format_rfc3339, parse_datetime, Millis};

/// Days before an APS subscription's `expirationDate` that its window opens [I].
pub const APS_WINDOW_DAYS: i64 = 30;
/// Days before a SimpleAPI subscription's renewal or expiration that its window opens [I].
pub const SIMPLE_WINDOW_DAYS: i64 = 30;

/// An APS BSS subscription as a portfolio entry, judged at `now`. The product is the service
/// plan (one subscription is one plan; resource amounts are not listed with it). The customer
/// is the account's APS id: a listed subscription links its account without naming it.
pub fn aps_entry(sub: &ApsSubscription, raw: Value, now: Millis) -> PortfolioEntry {
    let ended = sub.status.as_ref().is_some_and(|s| s.has_ended());
    let end = sub.expiration_date.as_deref().and_then(parse_datetime);
    let products = if sub.plan_id().is_some() || sub.name.is_some() {
        vec![PortfolioProduct {
            sku: None,
            mpn: None,
            product_id: sub.plan_id().map(str::to_string),
            name: sub.name.clone(),
            quantity: 1,
        }]
    } else {
        Vec::new()
    };
    PortfolioEntry {
        vendor: Vendor::CloudblueAps,
        id: sub
            .aps
            .id
            .clone()
            .or_else(|| sub.subscription_id.map(|n| n.to_string()))
            .unwrap_or_default(),
        customer: sub.account_id().unwrap_or_default().to_string(),
        products,
        status: sub
            .status
            .as_ref()
            .map_or_else(String::new, |s| s.as_str().to_string()),
        term_start: rfc3339(sub.start_date.as_deref()),
        term_end: end.map(format_rfc3339),
        renewal: end
            .filter(|_| !ended)
            .map(|end| window(end, APS_WINDOW_DAYS, now)),
        raw,
    }
}

/// The whole number of a decimal quantity text (`"10"`, `"10.0"`; `"2.5"` is 2); 0 when it is
/// not a number.
fn whole(q: &str) -> u32 {
    let int = q.trim().split('.').next().unwrap_or("");
    int.parse().unwrap_or(0)
}

/// A SimpleAPI subscription as a portfolio entry, judged at `now`. The term ends at
/// `renewalDate` when `renewalStatus` (auto-renewal) is on, else at `expirationDate` [I]; the
/// term's start is not listed (`creationDate` is only the first term's).
pub fn simple_entry(sub: &SimpleSubscription, raw: Value, now: Millis) -> PortfolioEntry {
    let status = sub.status.clone().unwrap_or_default();
    let ended = sub.has_ended();
    let end_text = if sub.renewal_status == Some(true) {
        sub.renewal_date.as_ref().or(sub.expiration_date.as_ref())
    } else {
        sub.expiration_date.as_ref().or(sub.renewal_date.as_ref())
    };
    let end = end_text.and_then(|d| parse_datetime(d));
    PortfolioEntry {
        vendor: Vendor::CloudblueSimple,
        id: sub.id.clone(),
        customer: sub.customer_id.clone().unwrap_or_default(),
        products: sub
            .products
            .iter()
            .map(|p| PortfolioProduct {
                sku: None,
                mpn: Some(p.mpn.clone()),
                product_id: p.id.clone(),
                name: p.name.clone(),
                quantity: p.quantity.as_deref().map_or(0, whole),
            })
            .collect(),
        term_start: None,
        term_end: end.map(format_rfc3339),
        renewal: end
            .filter(|_| !ended)
            .map(|end| window(end, SIMPLE_WINDOW_DAYS, now)),
        status,
        raw,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn quantities_are_whole_numbers() {
        let w = super::whole;
        assert_eq!(
            (w("10"), w("10.0"), w("2.5"), w("x"), w(" 3 ")),
            (10, 10, 2, 0, 3)
        );
    }
}
