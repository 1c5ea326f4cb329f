//! Retry decisions as a pure function of what happened.
//!
//! Modelled on the Stainless SDKs: up to two retries, exponential backoff from 0.5 s capped at
//! 8 s with up to 25 % negative jitter, and the server's `Retry-After` (seconds, milliseconds in
//! `retry-after-ms`, or an HTTP date) honoured up to [`MAX_RETRY_AFTER_MS`] (two minutes). A
//! server that asks for a longer wait gets no retry: the error is returned at once, with its
//! `retryAfterMs`, for the caller to schedule. The jitter is an input, so the policy needs no
//! randomness and tests can pin it.
//!
//! Only idempotent requests are retried. An order POST that may have reached the server is never
//! sent again by the SDK: the caller decides, using `Error::may_have_been_sent`.

use crate::error::is_transient_status;
use crate::http::HttpResponse;
use crate::time::{parse_http_date, Millis};

/// The longest `Retry-After` the SDK waits for before retrying by itself: two minutes. Longer
/// requests are returned as the error, with `retryAfterMs`, instead of a sleep that would hold
/// a Worker or a user's click for minutes.
pub const MAX_RETRY_AFTER_MS: u64 = 120_000;

/// What one attempt produced, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// A response arrived with this status and optional `Retry-After` (ms).
    Response {
        /// HTTP status.
        status: u16,
        /// The server's requested delay, in milliseconds.
        retry_after_ms: Option<u64>,
    },
    /// The network failed before a response arrived.
    TransportFailed,
    /// The per-attempt timeout expired.
    TimedOut,
}

/// What to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Wait this long, then send again.
    RetryAfter(u64),
    /// Give the outcome to the caller.
    Stop,
}

/// Retry settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// Delay before the first retry, in milliseconds.
    pub initial_delay_ms: u64,
    /// Upper bound of the computed delay, in milliseconds.
    pub max_delay_ms: u64,
    /// A `Retry-After` above this stops the retries: the error is returned with it.
    pub max_retry_after_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_delay_ms: 500,
            max_delay_ms: 8_000,
            max_retry_after_ms: MAX_RETRY_AFTER_MS,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// Decides after attempt number `attempt` (0 for the first send).
    ///
    /// `jitter` is a number in `[0, 1)`; it shortens the computed delay by up to 25 %.
    pub fn decide(
        &self,
        attempt: u32,
        outcome: Attempt,
        idempotent: bool,
        jitter: f64,
    ) -> Decision {
        if !idempotent || attempt >= self.max_retries {
            return Decision::Stop;
        }
        let retry_after = match outcome {
            Attempt::Response {
                status,
                retry_after_ms,
            } => {
                if !is_transient_status(status) {
                    return Decision::Stop;
                }
                retry_after_ms
            }
            Attempt::TransportFailed | Attempt::TimedOut => None,
        };
        match retry_after {
            Some(ms) if ms <= self.max_retry_after_ms => return Decision::RetryAfter(ms),
            // The server wants a longer pause than the SDK will hold a call for.
            Some(_) => return Decision::Stop,
            None => {}
        }
        let exp = self
            .initial_delay_ms
            .saturating_mul(1u64 << attempt.min(20))
            .min(self.max_delay_ms);
        let jitter = if jitter.is_finite() {
            jitter.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let cut = (exp as f64 * 0.25 * jitter) as u64;
        Decision::RetryAfter(exp - cut.min(exp))
    }
}

/// Reads `retry-after-ms`, or `Retry-After` in seconds, from a response. A `Retry-After` HTTP
/// date is measured from the response's own `Date` header (immune to the client's clock skew);
/// without one it is not read here (see [`retry_after_ms_at`]).
pub fn retry_after_ms(resp: &HttpResponse) -> Option<u64> {
    let date = resp.headers.get("date").and_then(parse_http_date);
    read_retry_after(resp, date)
}

/// [`retry_after_ms`], measuring an HTTP date from the response's `Date` header, or else from
/// `now`.
pub fn retry_after_ms_at(resp: &HttpResponse, now: Millis) -> Option<u64> {
    let date = resp.headers.get("date").and_then(parse_http_date);
    read_retry_after(resp, Some(date.unwrap_or(now)))
}

fn read_retry_after(resp: &HttpResponse, date: Option<Millis>) -> Option<u64> {
    if let Some(ms) = resp
        .headers
        .get("retry-after-ms")
        .and_then(|v| partner_ordering_json::parse_f64(v.trim()))
        .filter(|v| v.is_finite() && *v >= 0.0)
    {
        return Some(ms as u64);
    }
    let v = resp.headers.get("retry-after")?.trim();
    if let Some(s) = partner_ordering_json::parse_f64(v).filter(|v| v.is_finite() && *v >= 0.0) {
        return Some((s * 1000.0) as u64);
    }
    let at = parse_http_date(v)?;
    // A date in the past means "now".
    Some(u64::try_from(at.saturating_sub(date?)).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: RetryPolicy = RetryPolicy {
        max_retries: 2,
        initial_delay_ms: 500,
        max_delay_ms: 8_000,
        max_retry_after_ms: MAX_RETRY_AFTER_MS,
    };

    fn status(s: u16) -> Attempt {
        Attempt::Response {
            status: s,
            retry_after_ms: None,
        }
    }

    #[test]
    fn table() {
        let cases: &[(u32, Attempt, bool, f64, Decision)] = &[
            (0, status(503), true, 0.0, Decision::RetryAfter(500)),
            (1, status(503), true, 0.0, Decision::RetryAfter(1000)),
            (2, status(503), true, 0.0, Decision::Stop),
            (0, status(503), true, 1.0, Decision::RetryAfter(375)),
            (0, status(400), true, 0.0, Decision::Stop),
            (0, status(401), true, 0.0, Decision::Stop),
            (0, status(200), true, 0.0, Decision::Stop),
            (
                0,
                Attempt::TransportFailed,
                true,
                0.0,
                Decision::RetryAfter(500),
            ),
            (0, Attempt::TimedOut, true, 0.0, Decision::RetryAfter(500)),
            // Never re-send an order POST that may have been sent.
            (0, Attempt::TransportFailed, false, 0.0, Decision::Stop),
            (0, Attempt::TimedOut, false, 0.0, Decision::Stop),
            (0, status(503), false, 0.0, Decision::Stop),
            (
                0,
                Attempt::Response {
                    status: 429,
                    retry_after_ms: Some(2_000),
                },
                true,
                0.9,
                Decision::RetryAfter(2_000),
            ),
            (
                0,
                Attempt::Response {
                    status: 429,
                    retry_after_ms: Some(90_000),
                },
                true,
                0.0,
                Decision::RetryAfter(90_000),
            ),
            // Past the cap: no sleep, the error (with its retryAfterMs) goes to the caller.
            (
                0,
                Attempt::Response {
                    status: 503,
                    retry_after_ms: Some(MAX_RETRY_AFTER_MS + 1),
                },
                true,
                0.0,
                Decision::Stop,
            ),
            (0, status(503), true, f64::NAN, Decision::RetryAfter(500)),
        ];
        for (i, (attempt, outcome, idem, jitter, want)) in cases.iter().enumerate() {
            assert_eq!(
                P.decide(*attempt, *outcome, *idem, *jitter),
                *want,
                "case {i}"
            );
        }
    }

    #[test]
    fn delay_is_capped() {
        let p = RetryPolicy {
            max_retries: 50,
            ..P
        };
        assert_eq!(
            p.decide(40, status(500), true, 0.0),
            Decision::RetryAfter(8_000)
        );
    }

    #[test]
    fn reads_retry_after_headers() {
        let mut r = HttpResponse::with_body(429, "text/plain", "");
        r.headers.set("Retry-After", "3");
        assert_eq!(retry_after_ms(&r), Some(3_000));
        r.headers.set("retry-after-ms", "250");
        assert_eq!(retry_after_ms(&r), Some(250));
        r.headers.remove("retry-after-ms");
        r.headers
            .set("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT");
        // A date needs a reference: the response's Date header, or the caller's clock.
        assert_eq!(retry_after_ms(&r), None);
        let date = parse_http_date("Wed, 21 Oct 2015 07:27:30 GMT").unwrap_or_default();
        assert_eq!(retry_after_ms_at(&r, date), Some(30_000));
        r.headers.set("Date", "Wed, 21 Oct 2015 07:26:00 GMT");
        assert_eq!(retry_after_ms(&r), Some(120_000));
        assert_eq!(
            retry_after_ms_at(&r, 0),
            Some(120_000),
            "Date wins over the clock"
        );
        r.headers.set("Date", "Wed, 21 Oct 2015 07:29:00 GMT");
        assert_eq!(retry_after_ms(&r), Some(0), "a past date means now");
        r.headers.set("Retry-After", "soon");
        assert_eq!(retry_after_ms(&r), None);
    }
}
