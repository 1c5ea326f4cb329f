//! Rust [`Error`] → JSON text the JS layer turns into a real `PartnerOrderingError`.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use partner_ordering::call::CallState;
use partner_ordering::error::{Error, ErrorKind, Issue};

/// The fields of a JS error, as the JS layer reads them.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorText<'a> {
    kind: &'static str,
    code: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    api: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    api_code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    trace_id: Option<&'a str>,
    issues: &'a [Issue],
    retryable: bool,
    may_have_been_sent: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    retry_after_ms: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<&'a str>,
    /// Requests sent for this call, retries included (only for calls that sent some).
    #[serde(skip_serializing_if = "Option::is_none")]
    attempts: Option<u32>,
    /// The JS layer's reference to the underlying failure object, for `cause`.
    #[serde(skip_serializing_if = "Option::is_none")]
    cause_id: Option<u32>,
}

/// The error as JSON text.
pub fn error_json(e: &Error) -> String {
    error_json_with(e, None)
}

/// The error as JSON text, with what the call's attempts saw: how many there were, what the
/// earlier ones failed with (in the message), and the underlying failure's reference.
pub fn error_json_with(e: &Error, call: Option<&CallState>) -> String {
    let kind = e.kind();
    let mut message = e.to_string();
    if let Some(summary) = call.and_then(CallState::summary) {
        message = format!("{message} ({summary})");
    }
    let sent_any = call.is_some_and(|c| c.attempts > 0);
    // A server may echo a token or key it was sent (`invalid token eyJ…`): never pass it on.
    let redact = |t: &str| call.map_or_else(|| t.to_string(), |c| c.redact(t));
    let message = redact(&message);
    let body = e.body().map(redact);
    let issues: Vec<Issue> = e
        .issues()
        .iter()
        .map(|i| Issue {
            message: redact(&i.message),
            ..i.clone()
        })
        .collect();
    let text = ErrorText {
        kind: kind.name(),
        code: kind.code(),
        message,
        api: e.api().map(|a| a.as_str()),
        status: e.status(),
        api_code: e.api_code(),
        trace_id: e.trace_id().filter(|t| !t.is_empty()),
        issues: &issues,
        retryable: e.is_retryable(),
        // Stopped before anything was sent (an abort while the token loaded): nothing was.
        may_have_been_sent: e.may_have_been_sent() && (call.is_none() || sent_any),
        retry_after_ms: e.retry_after_ms(),
        body: body.as_deref(),
        attempts: call.map(|c| c.attempts).filter(|n| *n > 0),
        // Only a network failure has an underlying object worth keeping.
        cause_id: call
            .and_then(|c| c.cause)
            .filter(|_| kind == ErrorKind::Transport),
    };
    partner_ordering::json::to_string(&text).unwrap_or_else(|_| {
        r#"{"kind":"configuration","code":"CONFIGURATION_ERROR","message":"unserializable error","issues":[],"retryable":false,"mayHaveBeenSent":false}"#.into()
    })
}

/// The value a failing export throws or rejects with: the error's JSON text (a JS string),
/// which the JS layer recognises and turns into a `PartnerOrderingError`.
pub fn to_js_error(e: &Error) -> JsValue {
    JsValue::from_str(&error_json(e))
}

/// What a failing export throws or rejects with: the JSON text of an [`Error`]'s fields (or,
/// from a host import, whatever JS value it threw). A type of this crate, so that `?` can turn
/// the core's [`Error`] into it.
#[derive(Debug)]
pub struct Failure(pub JsValue);

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure(to_js_error(&e))
    }
}

impl From<JsValue> for Failure {
    fn from(v: JsValue) -> Failure {
        Failure(v)
    }
}

impl From<Failure> for JsValue {
    fn from(f: Failure) -> JsValue {
        f.0
    }
}
