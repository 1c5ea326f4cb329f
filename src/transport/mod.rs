//! How requests travel, and where time comes from.
//!
//! A [`Transport`] sends one [`HttpRequest`] and returns the [`HttpResponse`]. A [`Runtime`] tells
//! the time and sleeps. Neither has a `Send` bound: in wasm everything is single-threaded, and a
//! `Send` bound would force unsafe wrappers around JS values (the workers-rs lesson).
//!
//! Implementations: the wasm host (`wasm::host`: the JS layer's `fetch`, global or the
//! caller's), `sandbox` (the in-memory emulator, feature `sandbox`), and [`ManualClock`], a virtual
//! clock for native tests.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use crate::http::{HttpRequest, HttpResponse};
use crate::time::Millis;

#[cfg(feature = "sandbox")]
mod sandbox;
#[cfg(feature = "sandbox")]
pub use sandbox::SandboxTransport;

/// A boxed future that need not be `Send`.
pub type LocalFuture<T> = Pin<Box<dyn Future<Output = T>>>;

/// The network failed before a response arrived. The request may have been sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportError {
    /// The runtime's description.
    pub message: String,
    /// The transport's reference to the underlying failure object (the JS layer keeps it, for
    /// the error's `cause`), if it has one.
    pub cause: Option<u32>,
}

/// Sends requests. Dropping the returned future must abandon the request (the fetch transports
/// abort it), which is how timeouts and `AbortSignal` cancel work in flight.
pub trait Transport {
    /// Sends one request.
    fn send(&self, req: HttpRequest) -> LocalFuture<Result<HttpResponse, TransportError>>;
}

/// Clock, timers and jitter for the client layer. The sans-IO core never calls this.
pub trait Runtime {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> Millis;
    /// Resolves after `ms` milliseconds.
    fn sleep(&self, ms: u64) -> LocalFuture<()>;
    /// A number in `[0, 1)` for retry jitter.
    fn jitter(&self) -> f64;
    /// A fresh random UUID (v4), for new resource ids and OAuth nonces.
    fn uuid(&self) -> String;
}

/// A virtual clock: a `sleep`, once polled, advances time and completes at once. For deterministic tests of
/// timeouts, token expiry, retries and polling, in the style of quinn-proto's test harness.
#[derive(Debug, Clone, Default)]
pub struct ManualClock {
    now: Rc<Cell<Millis>>,
    slept: Rc<Cell<u64>>,
    ids: Rc<Cell<u64>>,
}

impl ManualClock {
    /// A clock reading `now`.
    pub fn new(now: Millis) -> Self {
        ManualClock {
            now: Rc::new(Cell::new(now)),
            slept: Rc::new(Cell::new(0)),
            ids: Rc::new(Cell::new(0)),
        }
    }

    /// Moves time forward.
    pub fn advance(&self, ms: u64) {
        self.now.set(
            self.now
                .get()
                .saturating_add(i64::try_from(ms).unwrap_or(i64::MAX)),
        );
    }

    /// Total milliseconds spent in `sleep`.
    pub fn total_slept(&self) -> u64 {
        self.slept.get()
    }
}

impl Runtime for ManualClock {
    fn now_ms(&self) -> Millis {
        self.now.get()
    }

    fn sleep(&self, ms: u64) -> LocalFuture<()> {
        // Time moves when the timer is first polled, not when it is created: a timeout raced
        // against a response that is already there must not move the clock.
        let clock = self.clone();
        Box::pin(futures::future::lazy(move |_| {
            clock.advance(ms);
            clock.slept.set(clock.slept.get().saturating_add(ms));
        }))
    }

    fn jitter(&self) -> f64 {
        0.0
    }

    /// Deterministic UUIDs: `00000000-0000-4000-8000-000000000001`, `…002`, …
    fn uuid(&self) -> String {
        self.ids.set(self.ids.get() + 1);
        format!("00000000-0000-4000-8000-{:012x}", self.ids.get())
    }
}
