//! Rust [`Error`] → a real JavaScript `Error` with stable fields.

use js_sys::Reflect;
use wasm_bindgen::prelude::*;

use super::convert::to_value;
use crate::error::Error;

#[wasm_bindgen(typescript_custom_section)]
const ERROR_TS: &str = r#"
/** Every error the SDK throws or rejects with. A real `Error`: `instanceof Error` holds. */
export interface PartnerOrderingError extends Error {
    name: "PartnerOrderingError";
    /** Stable camelCase kind. */
    kind: ErrorKind;
    /** Stable SCREAMING_CASE code, one per kind (`INVALID_REQUEST`, `API_ERROR`, …). */
    code: "INVALID_REQUEST" | "CONFIGURATION_ERROR" | "TRANSPORT_ERROR" | "TIMEOUT" | "ABORTED" | "API_ERROR" | "UNEXPECTED_RESPONSE" | "DECODE_ERROR" | "ORDER_FAILED";
    /** Which API the request was for, when known. */
    api?: Api;
    /** HTTP status, when a response arrived. */
    status?: number;
    /** The API's own error code (`INVALID_REQUEST`, `VALIDATION FAILED`, …). */
    apiCode?: string;
    /** Trace or correlation id to quote to partner support. */
    traceId?: string;
    /** Validation issues (client-side), or the API's field errors. Always an array. */
    issues: Issue[];
    /** True when the condition is transient and the same call may succeed later. */
    retryable: boolean;
    /** False only when the request certainly never left the client. */
    mayHaveBeenSent: boolean;
    /** Server-requested delay before retrying, in milliseconds. */
    retryAfterMs?: number;
    /** The raw response body (truncated to 4 KiB), when a response arrived. */
    body?: string;
}
"#;

fn set(obj: &js_sys::Error, key: &str, value: JsValue) {
    // Setting a property on a fresh Error object cannot fail; ignore the Result rather than panic.
    let _ = Reflect::set(obj, &JsValue::from_str(key), &value);
}

/// Builds the JS error object.
pub fn to_js_error(e: &Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    err.set_name("PartnerOrderingError");
    let kind = e.kind();
    set(&err, "kind", kind.name().into());
    set(&err, "code", kind.code().into());
    if let Some(api) = e.api() {
        set(&err, "api", api.as_str().into());
    }
    if let Some(s) = e.status() {
        set(&err, "status", s.into());
    }
    if let Some(c) = e.api_code() {
        set(&err, "apiCode", c.into());
    }
    if let Some(t) = e.trace_id().filter(|t| !t.is_empty()) {
        set(&err, "traceId", t.into());
    }
    set(
        &err,
        "issues",
        to_value(e.issues()).unwrap_or_else(|_| js_sys::Array::new().into()),
    );
    set(&err, "retryable", e.is_retryable().into());
    set(&err, "mayHaveBeenSent", e.may_have_been_sent().into());
    if let Some(ms) = e.retry_after_ms() {
        set(&err, "retryAfterMs", (ms as f64).into());
    }
    if let Some(b) = e.body() {
        set(&err, "body", b.into());
    }
    err.into()
}

impl From<Error> for JsValue {
    fn from(e: Error) -> JsValue {
        to_js_error(&e)
    }
}

/// True when `value` is an error thrown by this SDK.
#[wasm_bindgen(js_name = isPartnerOrderingError, unchecked_return_type = "value is PartnerOrderingError")]
pub fn is_partner_ordering_error(
    #[wasm_bindgen(unchecked_param_type = "unknown")] value: JsValue,
) -> bool {
    value
        .dyn_ref::<js_sys::Error>()
        .is_some_and(|e| e.name() == "PartnerOrderingError")
}
