//! Access-token cache as a pure state machine: time is an argument.
//!
//! The async layer adds single-flight fetching on top (see `client::TokenManager`). A token is
//! used until `refresh_margin` before it expires, so a request never leaves with a token that
//! expires in flight. Each stored token gets a generation number so that a 401 invalidates only
//! the token that was actually refused, not a fresh one another call just fetched.

use crate::secret::Secret;
use crate::time::Millis;

/// A bearer token and how long it lives.
#[derive(Debug, Clone)]
pub struct AccessToken {
    /// The token.
    pub token: Secret,
    /// Lifetime in seconds from when it was issued; `None` when unknown.
    pub expires_in_s: Option<u64>,
}

/// The cache.
#[derive(Debug, Clone)]
pub struct TokenCache {
    current: Option<(Secret, Option<Millis>, u64)>,
    generation: u64,
    /// Refresh this long before expiry, in milliseconds.
    pub refresh_margin_ms: Millis,
    /// Lifetime assumed when the server gives none; `None` keeps such a token until a 401.
    pub default_lifetime_s: Option<u64>,
}

impl TokenCache {
    /// An empty cache.
    pub fn new(refresh_margin_ms: Millis, default_lifetime_s: Option<u64>) -> Self {
        TokenCache {
            current: None,
            generation: 0,
            refresh_margin_ms,
            default_lifetime_s,
        }
    }

    /// The cached token and its generation, if still good at `now`.
    pub fn get(&self, now: Millis) -> Option<(Secret, u64)> {
        let (tok, expires_at, gen) = self.current.as_ref()?;
        match expires_at {
            Some(at) if now >= at.saturating_sub(self.refresh_margin_ms) => None,
            _ => Some((tok.clone(), *gen)),
        }
    }

    /// Stores a token fetched at `now`; returns its generation.
    pub fn store(&mut self, token: AccessToken, now: Millis) -> u64 {
        self.generation += 1;
        let life = token.expires_in_s.or(self.default_lifetime_s);
        let expires_at = life.map(|s| {
            now.saturating_add(
                i64::try_from(s)
                    .unwrap_or(i64::MAX / 2)
                    .saturating_mul(1000),
            )
        });
        self.current = Some((token.token, expires_at, self.generation));
        self.generation
    }

    /// Drops the token of generation `gen`, if it is still the cached one.
    pub fn invalidate(&mut self, gen: u64) {
        if matches!(self.current, Some((_, _, g)) if g == gen) {
            self.current = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(s: &str, life: Option<u64>) -> AccessToken {
        AccessToken {
            token: Secret::new(s),
            expires_in_s: life,
        }
    }

    #[test]
    fn expires_margin_before_lifetime() {
        let mut c = TokenCache::new(60_000, None);
        c.store(tok("a", Some(7500)), 0);
        assert!(c.get(7_439_999).is_some());
        assert!(c.get(7_440_000).is_none());
    }

    #[test]
    fn unknown_lifetime_uses_default_or_keeps() {
        let mut c = TokenCache::new(0, Some(10));
        c.store(tok("a", None), 0);
        assert!(c.get(9_999).is_some() && c.get(10_000).is_none());
        let mut keep = TokenCache::new(0, None);
        keep.store(tok("a", None), 0);
        assert!(keep.get(i64::MAX).is_some());
    }

    #[test]
    fn invalidate_only_the_refused_generation() {
        let mut c = TokenCache::new(0, None);
        let g1 = c.store(tok("a", None), 0);
        let g2 = c.store(tok("b", None), 0);
        c.invalidate(g1);
        assert_eq!(c.get(0).map(|x| x.1), Some(g2));
        c.invalidate(g2);
        assert!(c.get(0).is_none());
    }
}
