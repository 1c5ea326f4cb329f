//! Per-call settings and what a call saw, without threading them through every method.
//!
//! A caller may give one call its own headers, retry count and per-attempt timeout, and wants to
//! know afterwards how many attempts were made, what the final response was (status, headers,
//! trace id) and what the underlying failure was. Passing these through every client method of
//! three APIs would touch each of them; instead a call's future runs inside [`scoped`], which
//! makes its [`CallState`] current while (and only while) that future is polled, like a
//! task-local. The HTTP layer reads the settings and records the outcome through [`with`].
//! Futures of other calls, polled in between, see their own state or none.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use crate::http::Headers;

/// Settings of one call that override the client's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallSettings {
    /// Extra request headers. The SDK's own credential headers are set after them and win.
    pub headers: Headers,
    /// Retries of idempotent requests for this call.
    pub max_retries: Option<u32>,
    /// Timeout per attempt for this call, in milliseconds.
    pub timeout_ms: Option<u64>,
}

/// The final response a call got, for `withResponse()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseMeta {
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: Headers,
}

/// One call's settings and what happened during it.
#[derive(Debug, Default)]
pub struct CallState {
    /// What the caller asked for.
    pub settings: CallSettings,
    /// Attempts sent so far (retries included, token requests excluded).
    pub attempts: u32,
    /// Why each failed attempt failed, oldest first (at most [`MAX_FAILURES`]).
    pub failures: Vec<String>,
    /// The transport's reference to the underlying failure (the JS layer keeps the object).
    pub cause: Option<u32>,
    /// The last response of the API request (not of token requests).
    pub response: Option<ResponseMeta>,
    /// Credential values this call sent (tokens, keys), longest first: redacted wherever a
    /// server echoes them into an error. Added with [`Self::sent_secret`].
    pub secrets: Vec<String>,
}

/// Failures kept per call: enough to explain a retry sequence, bounded for huge retry counts.
pub const MAX_FAILURES: usize = 8;

impl CallState {
    /// A state for a call with these settings.
    pub fn new(settings: CallSettings) -> Rc<RefCell<CallState>> {
        Rc::new(RefCell::new(CallState {
            settings,
            ..CallState::default()
        }))
    }

    /// Records a failed attempt.
    pub fn failed(&mut self, why: String) {
        if self.failures.len() == MAX_FAILURES {
            self.failures.remove(0);
        }
        self.failures.push(why);
    }

    /// Remembers a credential header's value (and, for `Bearer x`, the `x`) for [`Self::redact`].
    pub fn sent_secret(&mut self, value: &str) {
        let bare = value.rsplit(' ').next().unwrap_or(value);
        for v in [value, bare] {
            // Short values would redact ordinary words.
            if v.len() >= 8 && !self.secrets.iter().any(|s| s == v) {
                // Kept longest first, for `redact` (a few values: no sort needed).
                let at = self.secrets.iter().position(|s| s.len() < v.len());
                self.secrets
                    .insert(at.unwrap_or(self.secrets.len()), v.to_string());
            }
        }
    }

    /// `text` with every secret this call sent replaced by `[redacted]`.
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_string();
        // Longest first (as they are kept), so `Bearer x` goes as a whole before `x` alone.
        for s in &self.secrets {
            if out.contains(s.as_str()) {
                out = out.replace(s.as_str(), "[redacted]");
            }
        }
        out
    }

    /// "after 3 attempts; earlier: network error: …", when more than one attempt was made.
    pub fn summary(&self) -> Option<String> {
        if self.attempts < 2 {
            return None;
        }
        let mut s = format!("after {} attempts", self.attempts);
        // The last failure is the error itself; the earlier ones explain the sequence.
        let earlier = self.failures.len().saturating_sub(1);
        if let Some(prev) = self.failures.get(..earlier).filter(|p| !p.is_empty()) {
            s.push_str("; earlier: ");
            s.push_str(&prev.join("; "));
        }
        Some(s)
    }
}

thread_local! {
    static CURRENT: RefCell<Option<Rc<RefCell<CallState>>>> = const { RefCell::new(None) };
}

/// Runs `f` on the state of the call being polled, if any.
pub fn with<R>(f: impl FnOnce(&mut CallState) -> R) -> Option<R> {
    let cur = CURRENT.with(|c| c.borrow().clone())?;
    let mut state = cur.try_borrow_mut().ok()?;
    Some(f(&mut state))
}

/// A future that makes its call's state current while it is polled.
pub struct Scoped<'a, T> {
    state: Rc<RefCell<CallState>>,
    fut: Pin<Box<dyn Future<Output = T> + 'a>>,
}

/// Runs `fut` as the call whose state is `state`.
pub fn scoped<'a, T>(
    state: Rc<RefCell<CallState>>,
    fut: impl Future<Output = T> + 'a,
) -> Scoped<'a, T> {
    Scoped {
        state,
        fut: Box::pin(fut),
    }
}

impl<T> Future for Scoped<'_, T> {
    type Output = T;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let state = Rc::clone(&self.state);
        let prev = CURRENT.with(|c| c.replace(Some(state)));
        // Restored even if the inner poll unwinds (natively; wasm aborts on panic).
        struct Restore(Option<Rc<RefCell<CallState>>>);
        impl Drop for Restore {
            fn drop(&mut self) {
                let prev = self.0.take();
                CURRENT.with(|c| *c.borrow_mut() = prev);
            }
        }
        let _restore = Restore(prev);
        self.fut.as_mut().poll(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::executor::block_on;

    #[test]
    fn state_is_current_only_inside_its_own_future() {
        assert!(with(|_| ()).is_none());
        let a = CallState::new(CallSettings {
            max_retries: Some(1),
            ..CallSettings::default()
        });
        let b = CallState::new(CallSettings {
            max_retries: Some(2),
            ..CallSettings::default()
        });
        let seen = block_on(async {
            let x = scoped(Rc::clone(&a), async {
                // A nested call has its own state, and ours is back afterwards.
                let inner = scoped(Rc::clone(&b), async {
                    with(|s| s.settings.max_retries).flatten()
                })
                .await;
                (inner, with(|s| s.settings.max_retries).flatten())
            })
            .await;
            (x, with(|_| ()).is_none())
        });
        assert_eq!(seen, ((Some(2), Some(1)), true));
    }

    #[test]
    fn sent_secrets_are_redacted_and_short_values_are_not() {
        let s = CallState::new(CallSettings::default());
        let mut st = s.borrow_mut();
        st.sent_secret("Bearer eyJhbGciOi.secret");
        st.sent_secret("short");
        assert_eq!(
            st.redact(
                "token eyJhbGciOi.secret refused; Authorization: Bearer eyJhbGciOi.secret; short"
            ),
            "token [redacted] refused; Authorization: [redacted]; short"
        );
    }

    #[test]
    fn summary_names_the_attempts_and_the_earlier_failures() {
        let s = CallState::new(CallSettings::default());
        let mut st = s.borrow_mut();
        st.attempts = 1;
        st.failed("network error: reset".into());
        assert_eq!(st.summary(), None);
        st.attempts = 3;
        st.failed("network error: refused".into());
        st.failed("no response within 5 ms".into());
        assert_eq!(
            st.summary().as_deref(),
            Some("after 3 attempts; earlier: network error: reset; network error: refused")
        );
        for i in 0..20 {
            st.failed(format!("f{i}"));
        }
        assert_eq!(st.failures.len(), MAX_FAILURES);
        assert_eq!(st.failures.last().map(String::as_str), Some("f19"));
    }
}
