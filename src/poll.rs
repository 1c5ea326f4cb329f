//! Polling as a pure policy: how long to wait before the next status request.
//!
//! Order APIs answer "accepted" and provision later; callers poll. The delay grows by half each
//! time up to a cap, and the whole wait has a deadline. Time is an input.

use partner_ordering_json::Deserialize;

use serde::Serialize;

/// Polling settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PollOptions {
    /// First delay between status requests, in milliseconds (default 1000).
    pub interval_ms: u32,
    /// Largest delay, in milliseconds (default 15000).
    pub max_interval_ms: u32,
    /// Give up after this long, in milliseconds (default 600000, ten minutes).
    pub timeout_ms: u32,
}

impl Default for PollOptions {
    fn default() -> Self {
        PollOptions {
            interval_ms: 1_000,
            max_interval_ms: 15_000,
            timeout_ms: 600_000,
        }
    }
}

impl PollOptions {
    /// Delay before poll number `attempt + 1` (0-based): `interval × 1.5^attempt`, capped.
    pub fn delay(&self, attempt: u32) -> u64 {
        let base = u64::from(self.interval_ms.max(1));
        let cap = u64::from(self.max_interval_ms.max(self.interval_ms.max(1)));
        let mut d = base;
        for _ in 0..attempt.min(64) {
            d = d.saturating_add(d / 2);
            if d >= cap {
                return cap;
            }
        }
        d.min(cap)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_by_half_then_caps() {
        let p = PollOptions {
            interval_ms: 1000,
            max_interval_ms: 3000,
            timeout_ms: 0,
        };
        let delays: Vec<u64> = (0..5).map(|a| p.delay(a)).collect();
        assert_eq!(delays, vec![1000, 1500, 2250, 3000, 3000]);
        let zero = PollOptions {
            interval_ms: 0,
            max_interval_ms: 0,
            timeout_ms: 0,
        };
        assert_eq!(zero.delay(10), 1);
    }
}
