//! Retry decisions as a pure function of what happened.
//!
//! Modelled on the Stainless SDKs: up to two retries, exponential backoff from 0.5 s capped at
//! 8 s with up to 25 % negative jitter, and the server's `Retry-After` honoured when it is at most
//! 60 s. The jitter is an input, so the policy needs no randomness and tests can pin it.
//!
//! Only idempotent requests are retried. An order POST that may have reached the server is never
//! sent again by the SDK: the caller decides, using `Error::may_have_been_sent`.

use crate::error::is_transient_status;
use crate::http::HttpResponse;

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
    /// `Retry-After` values above this are ignored in favour of the computed delay.
    pub max_retry_after_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_delay_ms: 500,
            max_delay_ms: 8_000,
            max_retry_after_ms: 60_000,
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
        if let Some(ms) = retry_after.filter(|ms| *ms <= self.max_retry_after_ms) {
            return Decision::RetryAfter(ms);
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

/// Reads `retry-after-ms`, or `Retry-After` in seconds, from a response. HTTP dates in
/// `Retry-After` are ignored: the core has no clock to compare them with.
pub fn retry_after_ms(resp: &HttpResponse) -> Option<u64> {
    if let Some(ms) = resp
        .headers
        .get("retry-after-ms")
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|v| v.is_finite() && *v >= 0.0)
    {
        return Some(ms as u64);
    }
    resp.headers
        .get("retry-after")
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|v| v.is_finite() && *v >= 0.0)
        .map(|s| (s * 1000.0) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: RetryPolicy = RetryPolicy {
        max_retries: 2,
        initial_delay_ms: 500,
        max_delay_ms: 8_000,
        max_retry_after_ms: 60_000,
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
                    retry_after_ms: Some(120_000),
                },
                true,
                0.0,
                Decision::RetryAfter(500),
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
        assert_eq!(retry_after_ms(&r), None);
    }
}
