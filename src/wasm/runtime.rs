//! The JS runtime: `Date.now()`, `setTimeout` and `Math.random()`, reached through the global
//! object so the same code runs in browsers, Node and workerd.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::time::Millis;
use crate::transport::{LocalFuture, Runtime};

/// Clock and timers of the host. `now` replaces `Date.now()` when given (a pinned or virtual
/// clock for tests and demos).
#[derive(Debug, Clone, Default)]
pub struct JsRuntime {
    /// A `() => number` returning epoch milliseconds.
    pub now: Option<Function>,
}

fn global_fn(name: &str) -> Option<Function> {
    Reflect::get(&js_sys::global(), &JsValue::from_str(name))
        .ok()?
        .dyn_into::<Function>()
        .ok()
}

/// Clears the timer if the sleep is dropped early (the response won the race).
struct ClearOnDrop(Option<JsValue>);

impl Drop for ClearOnDrop {
    fn drop(&mut self) {
        if let (Some(id), Some(clear)) = (self.0.take(), global_fn("clearTimeout")) {
            let _ = clear.call1(&js_sys::global(), &id);
        }
    }
}

/// A promise that resolves after `ms` milliseconds, plus the timer id.
fn timer(ms: u64) -> Option<(Promise, JsValue)> {
    let set_timeout = global_fn("setTimeout")?;
    let mut id = JsValue::UNDEFINED;
    let promise = Promise::new(&mut |resolve, _reject| {
        id = set_timeout
            .call2(&js_sys::global(), &resolve, &JsValue::from_f64(ms as f64))
            .unwrap_or(JsValue::UNDEFINED);
    });
    Some((promise, id))
}

impl Runtime for JsRuntime {
    fn now_ms(&self) -> Millis {
        let custom = self
            .now
            .as_ref()
            .and_then(|f| f.call0(&JsValue::UNDEFINED).ok())
            .and_then(|v| v.as_f64())
            .filter(|v| v.is_finite());
        custom.unwrap_or_else(js_sys::Date::now) as Millis
    }

    fn sleep(&self, ms: u64) -> LocalFuture<()> {
        match timer(ms) {
            Some((promise, id)) => Box::pin(async move {
                let mut guard = ClearOnDrop(Some(id));
                let _ = JsFuture::from(promise).await;
                guard.0 = None;
            }),
            // Every supported runtime has setTimeout. Without one, never firing is safer than
            // firing at once, which would time out every request immediately.
            None => Box::pin(std::future::pending()),
        }
    }

    fn jitter(&self) -> f64 {
        js_sys::Math::random()
    }

    /// `crypto.randomUUID()`: present in browsers (secure contexts), Node 19+ and workerd.
    fn uuid(&self) -> String {
        let g = js_sys::global();
        let uuid = Reflect::get(&g, &JsValue::from_str("crypto"))
            .ok()
            .and_then(|c| {
                let f = Reflect::get(&c, &JsValue::from_str("randomUUID")).ok()?;
                f.dyn_into::<Function>().ok()?.call0(&c).ok()
            })
            .and_then(|v| v.as_string());
        uuid.unwrap_or_else(|| {
            // No Web Crypto: fall back to Math.random, enough for nonces and client-chosen ids
            // that the server checks for uniqueness anyway.
            let hex = |n: usize| -> String {
                (0..n)
                    .map(|_| {
                        char::from_digit((js_sys::Math::random() * 16.0) as u32 % 16, 16)
                            .unwrap_or('0')
                    })
                    .collect()
            };
            format!("{}-{}-4{}-a{}-{}", hex(8), hex(4), hex(3), hex(3), hex(12))
        })
    }
}
