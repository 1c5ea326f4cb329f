//! The renewal and cancellation window: the last 30 days of the active term.
//!
//! Omnissa refuses renewals and cancellations outside "the last 30 days of active term". The
//! window is taken as the closed interval `[endDate − 30 days, endDate]`, judged against `now`,
//! which is always an input so tests and UIs can pin it.

use partner_ordering_json::Deserialize;

use serde::Serialize;

use super::types::Subscription;
use crate::time::{format_rfc3339, Millis, DAY_MS};

/// Length of the window before the end of the term.
pub const WINDOW_DAYS: i64 = 30;

/// Where a subscription stands relative to its window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum WindowState {
    /// Before the window.
    NotYetOpen,
    /// Inside the window: renewal and cancellation are allowed.
    Open,
    /// After the end of the term.
    Closed,
}

/// The window of one subscription, for UIs and for the client's precheck.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct RenewalWindow {
    /// First instant renewal or cancellation is allowed (RFC 3339, UTC).
    pub opens_at: String,
    /// Last instant they are allowed: the end of the term (RFC 3339, UTC).
    pub closes_at: String,
    /// True when `now` is inside the window.
    pub is_open: bool,
    /// Where `now` stands.
    pub state: WindowState,
    /// Whole days until the window opens, rounded up; 0 when open or closed.
    pub days_until_open: u32,
    /// The instant judged, RFC 3339 UTC.
    pub now: String,
}

/// The window of a term ending at `end`, judged at `now`.
pub fn window_for_end(end: Millis, now: Millis) -> RenewalWindow {
    let opens = end.saturating_sub(WINDOW_DAYS * DAY_MS);
    let state = if now < opens {
        WindowState::NotYetOpen
    } else if now <= end {
        WindowState::Open
    } else {
        WindowState::Closed
    };
    let days_until_open = if state == WindowState::NotYetOpen {
        let ms = opens.saturating_sub(now);
        u32::try_from(ms.saturating_add(DAY_MS - 1) / DAY_MS).unwrap_or(u32::MAX)
    } else {
        0
    };
    RenewalWindow {
        opens_at: format_rfc3339(opens),
        closes_at: format_rfc3339(end),
        is_open: state == WindowState::Open,
        state,
        days_until_open,
        now: format_rfc3339(now),
    }
}

/// The window of `sub` at `now`; `None` when its end date is missing or unparseable.
pub fn renewal_window(sub: &Subscription, now: Millis) -> Option<RenewalWindow> {
    sub.end_ms().map(|end| window_for_end(end, now))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_datetime;

    fn at(s: &str) -> Millis {
        parse_datetime(s).unwrap_or_else(|| panic!("{s}"))
    }

    #[test]
    fn boundaries_to_the_second() {
        let end = at("2026-02-15T08:00:00Z");
        let cases = [
            ("2026-01-16T08:00:00Z", WindowState::Open), // exactly 30 days before
            ("2026-01-16T07:59:59Z", WindowState::NotYetOpen), // one second earlier
            ("2026-02-15T08:00:00Z", WindowState::Open), // the last second of the term
            ("2026-02-15T08:00:01Z", WindowState::Closed), // one second after
            ("2026-01-16T10:00:00+02:00", WindowState::Open), // same instant, with an offset
            ("2026-01-16T09:59:59+02:00", WindowState::NotYetOpen),
        ];
        for (now, want) in cases {
            assert_eq!(window_for_end(end, at(now)).state, want, "{now}");
        }
    }

    #[test]
    fn reports_dates_and_days() {
        let w = window_for_end(at("2026-02-15T08:00:00Z"), at("2026-01-01T00:00:00Z"));
        assert_eq!(w.opens_at, "2026-01-16T08:00:00.000Z");
        assert_eq!(w.closes_at, "2026-02-15T08:00:00.000Z");
        assert_eq!((w.is_open, w.days_until_open), (false, 16));
    }
}
