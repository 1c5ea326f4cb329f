//! The sandbox: an in-memory, stateful emulator of the partner APIs.
//!
//! It is a pure state machine, `handle(request, now) -> outcome`, in the sans-IO style: the
//! caller supplies the time, and the native transport, the JS `fetch` shim and the demo's HTTP
//! server all drive the same code. It checks credentials and answers with the same status codes
//! and error bodies as the real APIs, so the SDK's error handling is exercised for real.
//!
//! It is compiled only with the `sandbox` feature and never ships in the production wasm.

mod cloudblue;
mod cloudmore;
mod omnissa;

pub use cloudblue::{
    ADDON_MPN, APS_CONSUMER_KEY, APS_CONSUMER_SECRET, APS_CUSTOMER2_ID, APS_CUSTOMER_ID,
    APS_PLAN_ID, APS_RESELLER_EMAIL, APS_RESELLER_ID, APS_RESOURCE_ID, DUPLICATE_MPN, LICENSE_MPN,
    SIMPLE_CUSTOMER_ID, SIMPLE_PASSWORD, SIMPLE_PREFIX, SIMPLE_SUBSCRIPTION_KEY, SIMPLE_USERNAME,
};

pub use cloudmore::{
    CLOUDMORE_API_SECRET, CLOUDMORE_BROKER_USERNAME, CLOUDMORE_FIREWALL_PRODUCT_ID,
    CLOUDMORE_ORG2_ID, CLOUDMORE_ORG3_ID, CLOUDMORE_ORG_ID, CLOUDMORE_ORG_ONLY_PRODUCT_ID,
    CLOUDMORE_OTHER_RESELLER_ID, CLOUDMORE_PASSWORD, CLOUDMORE_PRODUCT_ID, CLOUDMORE_RESELLER_ID,
    CLOUDMORE_RESELLER_ONLY_PRODUCT_ID, CLOUDMORE_SELLER_ID, CLOUDMORE_SELLER_USERNAME,
    CLOUDMORE_SERVICE2_ID, CLOUDMORE_SERVICE_ID,
};
pub use omnissa::{OrderSettings, SANDBOX_APP_ID, SANDBOX_APP_SECRET, SANDBOX_PARTNER_ID};

use serde::{Deserialize, Serialize};

use crate::http::{HttpRequest, HttpResponse};
use crate::time::Millis;

/// What the sandbox does with a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Answer with this response.
    Respond(HttpResponse),
    /// Fail as if the network dropped (fetch rejects with a `TypeError`).
    NetworkError,
    /// Never answer (to exercise timeouts and `AbortSignal`).
    Hang,
}

/// A failure to inject into upcoming requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Fault {
    /// What to do instead of the normal answer.
    pub kind: FaultKind,
    /// How many matching requests to affect (default 1).
    #[serde(default = "one")]
    pub count: u32,
    /// Only requests whose path contains this text (default: every request).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_contains: Option<String>,
}

fn one() -> u32 {
    1
}

/// The kinds of injected failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum FaultKind {
    /// An HTML error page with this status, as a gateway sends (`502 Bad Gateway`).
    HtmlStatus(u16),
    /// The API's own JSON error body with this status.
    JsonStatus(u16),
    /// A network failure.
    NetworkError,
    /// No answer at all.
    Hang,
}

/// One request the sandbox saw, without headers or body (they may hold secrets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct RecordedCall {
    /// The method.
    pub method: String,
    /// The path.
    pub path: String,
    /// The status answered, or 0 for a network fault or hang.
    pub status: u16,
}

/// The emulator of all partner APIs, routed by path.
#[derive(Debug, Clone)]
pub struct Sandbox {
    omnissa: omnissa::OmnissaSandbox,
    aps: cloudblue::ApsSandbox,
    simple: cloudblue::SimpleSandbox,
    cloudmore: cloudmore::CloudmoreSandbox,
    faults: Vec<Fault>,
    calls: Vec<RecordedCall>,
    trace_counter: u64,
}

impl Sandbox {
    /// A sandbox seeded with the documents' sample data; `now` positions the data that must be
    /// relative to today (a subscription whose renewal window is open).
    pub fn new(now: Millis) -> Sandbox {
        Sandbox {
            omnissa: omnissa::OmnissaSandbox::seeded(now),
            aps: cloudblue::ApsSandbox::seeded(now),
            simple: cloudblue::SimpleSandbox::seeded(now),
            cloudmore: cloudmore::CloudmoreSandbox::seeded(now),
            faults: Vec::new(),
            calls: Vec::new(),
            trace_counter: 0,
        }
    }

    /// Queues a fault for upcoming matching requests.
    pub fn inject(&mut self, fault: Fault) {
        if fault.count > 0 {
            self.faults.push(fault);
        }
    }

    /// Expires every access token the sandbox has issued, as if they had timed out.
    pub fn expire_tokens(&mut self) {
        self.omnissa.revoke_tokens();
        self.aps.revoke_tokens();
        self.simple.revoke_tokens();
        self.cloudmore.revoke_tokens();
    }

    /// A fresh CloudBlue `APS-Token`, as a backend would get from `pem.APS.getUserToken`.
    pub fn issue_aps_token(&mut self) -> String {
        self.aps.issue_token()
    }

    /// Changes how Omnissa orders progress (PENDING polls, virtual time to completion).
    pub fn set_omnissa_order_settings(&mut self, settings: OrderSettings) {
        self.omnissa.set_order_settings(settings);
    }

    /// Makes the next Omnissa order end in `ERROR` with this message.
    pub fn fail_next_omnissa_order(&mut self, message: impl Into<String>) {
        self.omnissa.fail_next_order(message.into());
    }

    /// Moves every pending order on to its end now, in all APIs (Omnissa SUCCESS or ERROR,
    /// APS and SimpleAPI completed, with their effects applied), as if it had been polled until
    /// done; returns how many. For a standalone server, whose users cannot poll on its behalf.
    pub fn advance_orders(&mut self, now: Millis) -> usize {
        self.omnissa.complete_pending_orders(now)
            + self.aps.complete_pending_orders()
            + self.simple.complete_pending_orders()
    }

    /// Every request handled so far.
    pub fn calls(&self) -> &[RecordedCall] {
        &self.calls
    }

    /// Handles one request at time `now`.
    pub fn handle(&mut self, req: &HttpRequest, now: Millis) -> Outcome {
        let path = req.path().to_string();
        let outcome = match self.take_fault(&path) {
            Some(kind) => self.fault_outcome(kind),
            None => Outcome::Respond(self.route(req, &path, now)),
        };
        self.calls.push(RecordedCall {
            method: req.method.to_string(),
            path,
            status: match &outcome {
                Outcome::Respond(r) => r.status,
                _ => 0,
            },
        });
        outcome
    }

    fn take_fault(&mut self, path: &str) -> Option<FaultKind> {
        let i = self
            .faults
            .iter()
            .position(|f| f.path_contains.as_deref().is_none_or(|p| path.contains(p)))?;
        let fault = self.faults.get_mut(i)?;
        fault.count -= 1;
        let kind = fault.kind.clone();
        if fault.count == 0 {
            self.faults.remove(i);
        }
        Some(kind)
    }

    fn fault_outcome(&mut self, kind: FaultKind) -> Outcome {
        match kind {
            FaultKind::HtmlStatus(s) => Outcome::Respond(HttpResponse::with_body(
                s,
                "text/html",
                format!("<html><head><title>{s}</title></head><body><h1>{s} Bad Gateway</h1></body></html>"),
            )),
            FaultKind::JsonStatus(s) => {
                let trace = self.next_trace();
                Outcome::Respond(error_json(s, "SERVER_ERROR", "Injected sandbox fault", &trace))
            }
            FaultKind::NetworkError => Outcome::NetworkError,
            FaultKind::Hang => Outcome::Hang,
        }
    }

    fn next_trace(&mut self) -> String {
        self.trace_counter += 1;
        format!("{:016x}", self.trace_counter)
    }

    fn route(&mut self, req: &HttpRequest, path: &str, now: Millis) -> HttpResponse {
        let trace = self.next_trace();
        if omnissa::handles(path) {
            return self.omnissa.handle(req, path, now, &trace);
        }
        if path.starts_with("/aps/2/") {
            return self.aps.handle(req, path, now);
        }
        if cloudmore::handles(path) {
            return self.cloudmore.handle(req, path, now, &trace);
        }
        if path.starts_with(SIMPLE_PREFIX) {
            return self.simple.handle(req, path, now, &trace);
        }
        error_json(
            404,
            "NOT_FOUND",
            &format!("No sandbox route for {} {path}", req.method),
            &trace,
        )
    }
}

/// An error body in the `{error, message, traceId}` shape.
pub(crate) fn error_json(status: u16, code: &str, message: &str, trace: &str) -> HttpResponse {
    HttpResponse::json(
        status,
        &serde_json::json!({"error": code, "message": message, "traceId": trace}),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Method;

    #[test]
    fn faults_apply_in_order_then_stop() {
        let mut s = Sandbox::new(0);
        s.inject(Fault {
            kind: FaultKind::HtmlStatus(502),
            count: 2,
            path_contains: Some("/subscriptions".into()),
        });
        let req = HttpRequest::new(Method::Get, "http://sbx/v2/m4/api/sdp/subscriptions");
        let other = HttpRequest::new(Method::Get, "http://sbx/elsewhere");
        let status = |o: Outcome| match o {
            Outcome::Respond(r) => r.status,
            _ => 0,
        };
        assert_eq!(status(s.handle(&other, 0)), 404);
        assert_eq!(status(s.handle(&req, 0)), 502);
        assert_eq!(status(s.handle(&req, 0)), 502);
        assert_eq!(
            status(s.handle(&req, 0)),
            401,
            "no token: the real rules again"
        );
        assert_eq!(s.calls().len(), 4);
    }
}
