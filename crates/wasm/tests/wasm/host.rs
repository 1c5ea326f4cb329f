//! A test [`Host`]: the object the package's JS layer hands Rust, written here in plain JS with
//! real `setTimeout` timers, a clock that can be moved forward, `crypto.randomUUID()`, and
//! either a canned reply for every request or none at all (a request that never answers).
//!
//! It records what Rust asked of it (requests sent, token calls, cancels, timers still
//! pending), so the tests can check the Rust side of the contract, not only the results.

use std::cell::RefCell;
use std::rc::Rc;

use partner_ordering::client::HttpClient;
use partner_ordering::sandbox::Sandbox;
use partner_ordering::transport::{Runtime, SandboxTransport};
use partner_ordering_wasm::host::{Host, HostRuntime};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(inline_js = r#"
export function testHost(replyJson) {
  // `undefined`: every request hangs until cancelled; `"throw"`: `send` throws (a broken
  // host); otherwise the `{status, headers, body}` every request gets.
  const throws = replyJson === "throw";
  const reply = replyJson === undefined || throws ? undefined : JSON.parse(replyJson);
  let offset = 0;
  const live = new Set();
  const h = {
    sent: [],
    tokenCalls: [],
    cancels: 0,
    send(method, url, headers, body) {
      h.sent.push({ method, url, headers: JSON.parse(headers), body });
      if (throws) throw new TypeError("the test host refuses to send");
      let done = false;
      const promise =
        reply === undefined
          ? new Promise(() => {})
          // As the real layer does: the answer arrives on a later turn, never synchronously.
          : new Promise((resolve) => setTimeout(() => { done = true; resolve(reply); }, 0));
      return { promise, cancel() { if (!done) { done = true; h.cancels += 1; } } };
    },
    token(path) {
      h.tokenCalls.push(path);
      const answer = JSON.stringify({ accessToken: "host-token", expiresIn: 3600 });
      return { promise: Promise.resolve(answer), cancel() {} };
    },
    timer(ms) {
      let id;
      const promise = new Promise((resolve) => {
        id = setTimeout(() => { live.delete(id); resolve(); }, ms);
        live.add(id);
      });
      return { promise, cancel() { clearTimeout(id); live.delete(id); } };
    },
    now() { return Date.now() + offset; },
    random() { return Math.random(); },
    uuid() {
      if (globalThis.crypto && typeof globalThis.crypto.randomUUID === "function") {
        return globalThis.crypto.randomUUID();
      }
      const hex = () => Math.floor(Math.random() * 16).toString(16);
      return "xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx".replace(/x/g, hex);
    },
    get browserPage() {
      return typeof window !== "undefined" && typeof document !== "undefined";
    },
    // Test-only members, not part of the Host contract.
    advance(ms) { offset += ms; },
    liveTimers() { return live.size; },
  };
  return h;
}

export function sentJson(h) { return JSON.stringify(h.sent); }
export function tokenCallsJson(h) { return JSON.stringify(h.tokenCalls); }
export function cancels(h) { return h.cancels; }
export function liveTimers(h) { return h.liveTimers(); }
export function advance(h, ms) { h.advance(ms); }
"#)]
extern "C" {
    #[wasm_bindgen(js_name = testHost)]
    fn test_host(reply_json: Option<String>) -> JsValue;
    #[wasm_bindgen(js_name = sentJson)]
    fn sent_json(h: &JsValue) -> String;
    #[wasm_bindgen(js_name = tokenCallsJson)]
    fn token_calls_json(h: &JsValue) -> String;
    fn cancels(h: &JsValue) -> u32;
    #[wasm_bindgen(js_name = liveTimers)]
    fn live_timers(h: &JsValue) -> u32;
    fn advance(h: &JsValue, ms: f64);
}

/// One request as the host received it.
#[derive(Debug, serde::Deserialize)]
pub struct Sent {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

impl Sent {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A test host and what it recorded.
#[derive(Clone)]
pub struct TestHost(JsValue);

impl TestHost {
    /// A host that answers every request with `status`, `headers` (name, value pairs) and `body`.
    /// Status 0 is a transport failure whose message is `body`.
    pub fn replying(status: u16, headers: &[(&str, &str)], body: &str) -> Self {
        let headers = serde_json::to_string(headers).expect("headers");
        let reply = serde_json::json!({ "status": status, "headers": headers, "body": body });
        TestHost(test_host(Some(reply.to_string())))
    }

    /// A host whose requests never answer (used only with the sandbox transport, or to hang).
    pub fn hanging() -> Self {
        TestHost(test_host(None))
    }

    /// A host whose `send` throws, breaking its contract.
    pub fn throwing() -> Self {
        TestHost(test_host(Some("throw".into())))
    }

    /// The host as Rust's `Host` import type.
    pub fn host(&self) -> Host {
        self.0.clone().unchecked_into()
    }

    /// A `HostRuntime` over this host: real JS timers, its clock.
    pub fn runtime(&self) -> Rc<dyn Runtime> {
        Rc::new(HostRuntime(self.host()))
    }

    /// Every request sent through `HostTransport`.
    pub fn sent(&self) -> Vec<Sent> {
        serde_json::from_str(&sent_json(&self.0)).expect("sent")
    }

    /// The paths of every token-provider call.
    pub fn token_calls(&self) -> Vec<String> {
        serde_json::from_str(&token_calls_json(&self.0)).expect("token calls")
    }

    /// Pending operations that Rust cancelled before they settled.
    pub fn cancels(&self) -> u32 {
        cancels(&self.0)
    }

    /// Timers started and neither fired nor cleared. A leftover timer would keep a Node
    /// process or a Worker alive for up to the per-attempt timeout.
    pub fn live_timers(&self) -> u32 {
        live_timers(&self.0)
    }

    /// Moves the host's clock forward (timers are unaffected).
    pub fn advance(&self, ms: f64) {
        advance(&self.0, ms);
    }
}

/// A sandbox seeded at the host's time, and the host whose clock both it and the client read.
pub struct SandboxEnv {
    pub host: TestHost,
    pub sandbox: Rc<RefCell<Sandbox>>,
    runtime: Rc<dyn Runtime>,
}

impl SandboxEnv {
    pub fn new() -> Self {
        let host = TestHost::hanging();
        let runtime = host.runtime();
        let sandbox = Rc::new(RefCell::new(Sandbox::new(runtime.now_ms())));
        SandboxEnv {
            host,
            sandbox,
            runtime,
        }
    }

    /// An `HttpClient` over `SandboxTransport`, keeping time with the host's real JS timers.
    pub fn http(&self) -> HttpClient {
        HttpClient::new(
            Rc::new(SandboxTransport::new(
                Rc::clone(&self.sandbox),
                Rc::clone(&self.runtime),
            )),
            Rc::clone(&self.runtime),
        )
    }

    /// The time the client and the sandbox read.
    pub fn now_ms(&self) -> i64 {
        self.runtime.now_ms()
    }

    /// How many requests the sandbox received at a path for which `path` is true.
    pub fn count_calls(&self, path: impl Fn(&str) -> bool) -> usize {
        self.sandbox
            .borrow()
            .calls()
            .iter()
            .filter(|c| path(&c.path))
            .count()
    }

    /// How many requests the sandbox received.
    pub fn call_count(&self) -> usize {
        self.sandbox.borrow().calls().len()
    }

    /// Every timer was fired or cleared: nothing is left to keep the engine busy.
    ///
    /// Not asserted after the sandbox flows: `SandboxTransport` answers on the first poll, so
    /// the per-attempt timer is dropped unpolled and `HostRuntime::sleep` leaves it running
    /// (see `a_timer_dropped_before_it_is_polled_is_cleared`).
    pub fn assert_no_live_timers(&self) {
        assert_eq!(self.host.live_timers(), 0, "timers left pending");
    }
}
