//! One view of the subscriptions across vendors: each vendor's subscription normalized into a
//! [`PortfolioEntry`] by one pure rule per vendor, and [`due_within`], what renews or can be
//! cancelled in the next days.
//!
//! | vendor | id | customer | term end | renewal window |
//! | --- | --- | --- | --- | --- |
//! | `omnissa` | SID | `customerName` | `endDate` | `[end − 30 days, end]` [S: "the last 30 days of active term"] |
//! | `cloudblueAps` | `aps.id` | `account.aps.id` (its `companyName` with [`name_customers`]) | `expirationDate` [I] | `[end − 30 days, end]` [I]; none once `EXPIRED` or `TERMINATED` |
//! | `cloudblueSimple` | `id` | `customerId` | `renewalDate` when auto-renewing, else `expirationDate` [I] | `[end − 30 days, end]` [I]; none once `terminated` or `removed` |
//! | `cloudmore` | `id` | `organizationName` | `endDate` [I] | `[end − 30 days, end]` [I]; none once cancelled or deleted |
//!
//! Only Omnissa documents a window; the others are inferred [I]: their APIs publish no rule, so
//! the SDK uses Omnissa's 30 days, each vendor's length a constant of its own rule. The fetching
//! is the caller's (the package's `Portfolio` runs the vendors concurrently): this module
//! performs no I/O and reads no clock.

use crate::common::StrMap;

use partner_ordering_json::Deserialize;

use serde::Serialize;
use serde_json::Value;

use crate::error::{Api, Error, Issue};
use crate::time::{format_rfc3339, parse_datetime, Millis, DAY_MS};

#[cfg(feature = "cloudblue")]
mod cloudblue;
#[cfg(feature = "cloudmore")]
mod cloudmore;
#[cfg(feature = "omnissa")]
mod omnissa;

#[cfg(feature = "cloudblue")]
pub use cloudblue::{aps_entry, simple_entry, APS_WINDOW_DAYS, SIMPLE_WINDOW_DAYS};
#[cfg(feature = "cloudmore")]
pub use cloudmore::{cloudmore_entry, CLOUDMORE_WINDOW_DAYS};
#[cfg(feature = "omnissa")]
pub use omnissa::omnissa_entry;

/// A vendor API of the portfolio.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Vendor {
    /// Omnissa MSP Ordering API (`OmnissaClient`).
    Omnissa,
    /// CloudBlue Commerce APS REST (`CloudBlueApsClient`).
    CloudblueAps,
    /// CloudBlue Commerce SimpleAPI (`CloudBlueSimpleClient`).
    CloudblueSimple,
    /// Cloudmore (`CloudmoreClient`).
    Cloudmore,
}

impl Vendor {
    /// Every vendor, in the order a portfolio lists them.
    pub const ALL: [Vendor; 4] = [
        Vendor::Omnissa,
        Vendor::CloudblueAps,
        Vendor::CloudblueSimple,
        Vendor::Cloudmore,
    ];

    /// The API whose errors this vendor's data raises.
    pub fn api(self) -> Api {
        match self {
            Vendor::Omnissa => Api::Omnissa,
            Vendor::CloudblueAps => Api::CloudblueAps,
            Vendor::CloudblueSimple => Api::CloudblueSimple,
            Vendor::Cloudmore => Api::Cloudmore,
        }
    }

    /// The name in JSON (`"cloudblueAps"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Vendor::Omnissa => "omnissa",
            Vendor::CloudblueAps => "cloudblueAps",
            Vendor::CloudblueSimple => "cloudblueSimple",
            Vendor::Cloudmore => "cloudmore",
        }
    }

    /// True when this build has the vendor's API (a Cargo feature).
    pub fn in_build(self) -> bool {
        match self {
            Vendor::Omnissa => cfg!(feature = "omnissa"),
            Vendor::CloudblueAps | Vendor::CloudblueSimple => cfg!(feature = "cloudblue"),
            Vendor::Cloudmore => cfg!(feature = "cloudmore"),
        }
    }
}

/// One product line of an entry: the vendor's identifier for it (a SKU, an MPN or a product
/// id, whichever the vendor uses), its name when known, and the licences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PortfolioProduct {
    /// Omnissa SKU.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub sku: Option<String>,
    /// SimpleAPI MPN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub mpn: Option<String>,
    /// SimpleAPI product id, APS service plan id, Cloudmore product id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub product_id: Option<String>,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub name: Option<String>,
    /// Licences (0 when the vendor did not say).
    pub quantity: u32,
}

/// When the subscription can be renewed or cancelled: the closed interval
/// `[opensAt, closesAt]`, `closesAt` being the end of the term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PortfolioRenewal {
    /// First instant (RFC 3339, UTC).
    pub opens_at: String,
    /// Last instant: the end of the term (RFC 3339, UTC).
    pub closes_at: String,
    /// True when the instant the entry was judged at is inside the window.
    pub is_open: bool,
}

/// One subscription of any vendor, normalized.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PortfolioEntry {
    /// The vendor it came from.
    pub vendor: Vendor,
    /// The vendor's id of the subscription (an Omnissa SID, an APS id, …).
    pub id: String,
    /// The customer: a name where the vendor gives one, else the vendor's customer id (APS: the
    /// account's APS id, replaced by its `companyName` when the names are looked up).
    pub customer: String,
    /// Products and licences.
    pub products: Vec<PortfolioProduct>,
    /// The vendor's own status text (`ACTIVE`, `active`, `Active`, …), kept as sent.
    pub status: String,
    /// Start of the current term (RFC 3339, UTC), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub term_start: Option<String>,
    /// End of the current term (RFC 3339, UTC), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub term_end: Option<String>,
    /// The renewal and cancellation window; `null` without a term end, or once the
    /// subscription has ended or been cancelled.
    pub renewal: Option<PortfolioRenewal>,
    /// The vendor's subscription, exactly as its client returned it.
    #[cfg_attr(feature = "wasm", tsify(type = "unknown"))]
    pub raw: Value,
}

/// The window `[end − days, end]` judged at `now`.
pub fn window(end: Millis, days: i64, now: Millis) -> PortfolioRenewal {
    let opens = end.saturating_sub(days.saturating_mul(DAY_MS));
    PortfolioRenewal {
        opens_at: format_rfc3339(opens),
        closes_at: format_rfc3339(end),
        is_open: opens <= now && now <= end,
    }
}

/// A date as a vendor sent it, in RFC 3339 UTC; `None` when absent or unparseable.
pub(crate) fn rfc3339(date: Option<&str>) -> Option<String> {
    date.and_then(parse_datetime).map(format_rfc3339)
}

/// Normalizes one vendor's subscriptions, as its client returned them (each element of `items`
/// one subscription), judged at `now`.
///
/// # Errors
/// [`Error::Configuration`] for a vendor this build does not have; [`Error::InvalidRequest`]
/// (code `invalid_type`, path `subscriptions[i]`) for an element that is not a subscription of
/// that vendor.
pub fn normalize(
    vendor: Vendor,
    items: &[Value],
    now: Millis,
) -> Result<Vec<PortfolioEntry>, Error> {
    if !vendor.in_build() {
        return Err(Error::Configuration {
            message: format!(
                "portfolio: this build of partner-ordering has no {} API",
                vendor.as_str()
            ),
        });
    }
    items
        .iter()
        .enumerate()
        .map(|(i, raw)| {
            entry(vendor, raw, now).map_err(|e| {
                Error::invalid(
                    vendor.api(),
                    vec![Issue::new(
                        format!("subscriptions[{i}]"),
                        "invalid_type",
                        format!("not a {} subscription: {e}", vendor.as_str()),
                    )],
                )
            })
        })
        .collect()
}

/// One element: parsed as the vendor's typed subscription, then its rule. An entry without an
/// id (an APS resource with neither `aps.id` nor `subscriptionId`) is refused too.
fn entry(vendor: Vendor, raw: &Value, now: Millis) -> Result<PortfolioEntry, String> {
    let e = typed_entry(vendor, raw, now).map_err(|e| e.to_string())?;
    if e.id.trim().is_empty() {
        return Err("it has no id".into());
    }
    Ok(e)
}

#[allow(unused_variables)] // a build without some vendor leaves its arm out
fn typed_entry(
    vendor: Vendor,
    raw: &Value,
    now: Millis,
) -> Result<PortfolioEntry, crate::json::de::Error> {
    use crate::json::from_value;
    Ok(match vendor {
        #[cfg(feature = "omnissa")]
        Vendor::Omnissa => omnissa_entry(&from_value(raw)?, raw.clone(), now),
        #[cfg(feature = "cloudblue")]
        Vendor::CloudblueAps => aps_entry(&from_value(raw)?, raw.clone(), now),
        #[cfg(feature = "cloudblue")]
        Vendor::CloudblueSimple => simple_entry(&from_value(raw)?, raw.clone(), now),
        #[cfg(feature = "cloudmore")]
        Vendor::Cloudmore => cloudmore_entry(&from_value(raw)?, raw.clone(), now),
        // Refused by `normalize` before any element is read.
        #[allow(unreachable_patterns)]
        _ => return Err(serde::de::Error::custom("not in this build")),
    })
}

/// Replaces each entry's customer id by its name where `names` has one (the package's
/// `Portfolio` looks up the names of APS accounts, which a subscription only links by id).
pub fn name_customers(entries: &mut [PortfolioEntry], names: &StrMap) {
    // Sorted once and searched by halves: a large portfolio against many names stays fast.
    let mut sorted: Vec<(&str, &str)> = names.iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for e in entries {
        let found = sorted
            .binary_search_by(|(id, _)| (*id).cmp(e.customer.as_str()))
            .ok()
            .and_then(|at| sorted.get(at));
        if let Some((_, name)) = found.filter(|(_, n)| !n.trim().is_empty()) {
            e.customer = (*name).to_string();
        }
    }
}

/// The entries that renew, or can be cancelled, within `days` days of `now`: those whose window
/// meets `[now, now + days]` (`0` gives the windows open now). Their `renewal.isOpen` is judged
/// again at `now`; they come soonest-closing first, then by vendor and id.
pub fn due_within(entries: &[PortfolioEntry], days: u32, now: Millis) -> Vec<PortfolioEntry> {
    let horizon = now.saturating_add(i64::from(days).saturating_mul(DAY_MS));
    let mut due: Vec<(Millis, PortfolioEntry)> = entries
        .iter()
        .filter_map(|e| {
            let r = e.renewal.as_ref()?;
            let (opens, closes) = (parse_datetime(&r.opens_at)?, parse_datetime(&r.closes_at)?);
            if opens > horizon || closes < now {
                return None;
            }
            let mut e = e.clone();
            if let Some(r) = e.renewal.as_mut() {
                r.is_open = opens <= now && now <= closes;
            }
            Some((closes, e))
        })
        .collect();
    due.sort_by(|(a, x), (b, y)| {
        a.cmp(b)
            .then_with(|| x.vendor.cmp(&y.vendor))
            .then_with(|| x.id.cmp(&y.id))
    });
    due.into_iter().map(|(_, e)| e).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry_closing(id: &str, vendor: Vendor, end: Millis, now: Millis) -> PortfolioEntry {
        PortfolioEntry {
            vendor,
            id: id.into(),
            customer: "C".into(),
            products: Vec::new(),
            status: "ACTIVE".into(),
            term_start: None,
            term_end: Some(format_rfc3339(end)),
            renewal: Some(window(end, 30, now)),
            raw: Value::Null,
        }
    }

    #[test]
    fn due_within_is_the_windows_that_meet_the_next_days() {
        let now = 1_795_000_000_000;
        let d = |n: i64| now + n * DAY_MS;
        let mut none = entry_closing("none", Vendor::Cloudmore, d(10), now);
        none.renewal = None;
        let entries = vec![
            entry_closing("in-45", Vendor::Omnissa, d(45), now), // opens in 15 days
            entry_closing("in-10", Vendor::CloudblueAps, d(10), now), // open now
            entry_closing("past", Vendor::CloudblueSimple, d(-1), now), // closed yesterday
            entry_closing("in-10b", Vendor::Omnissa, d(10), now), // same day, another vendor
            none,
        ];
        let ids = |days| -> Vec<String> {
            due_within(&entries, days, now)
                .into_iter()
                .map(|e| e.id)
                .collect()
        };
        // (days, ids due, soonest first then vendor order)
        let table: &[(u32, &[&str])] = &[
            (0, &["in-10b", "in-10"]),
            (14, &["in-10b", "in-10"]),
            (15, &["in-10b", "in-10", "in-45"]),
            (365, &["in-10b", "in-10", "in-45"]),
        ];
        for (days, want) in table {
            assert_eq!(ids(*days), *want, "{days} days");
        }
        // Judged later, `isOpen` follows the new instant.
        assert_eq!(entries[0].renewal.as_ref().map(|r| r.is_open), Some(false));
        let later = due_within(&entries, 0, d(16));
        assert_eq!(later.len(), 1);
        assert_eq!(later[0].renewal.as_ref().map(|r| r.is_open), Some(true));
    }

    #[test]
    fn customer_ids_become_names_where_known() {
        let mut entries = vec![
            entry_closing("a", Vendor::CloudblueAps, 0, 0),
            entry_closing("b", Vendor::CloudblueAps, 0, 0),
        ];
        entries[0].customer = "id-1".into();
        entries[1].customer = "id-2".into();
        let names = [
            ("id-1".to_string(), "Blue Harbor Ltd".to_string()),
            ("id-2".into(), " ".into()),
        ];
        name_customers(&mut entries, &names.into_iter().collect());
        assert_eq!(
            (entries[0].customer.as_str(), entries[1].customer.as_str()),
            ("Blue Harbor Ltd", "id-2")
        );
    }

    #[test]
    fn windows_are_closed_intervals() {
        let end = parse_datetime("2026-02-15T08:00:00Z").unwrap_or(0);
        let opens = end - 30 * DAY_MS;
        for (now, open) in [
            (opens - 1000, false),
            (opens, true),
            (end, true),
            (end + 1000, false),
        ] {
            assert_eq!(window(end, 30, now).is_open, open, "{now}");
        }
        assert_eq!(window(end, 30, 0).opens_at, "2026-01-16T08:00:00.000Z");
    }
}
