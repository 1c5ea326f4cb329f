//! The one error type of the SDK.
//!
//! Every variant says whether the request may have reached the server (smithy-rs style), because a
//! partner order POST that may have been sent must never be sent again blindly. API error bodies of
//! every partner end up in [`ApiError`]; bodies that are not the partner's error schema (a gateway's
//! HTML 502) are [`Error::UnexpectedResponse`], never a decode error.

use std::fmt;

use partner_ordering_json::Deserialize;

use serde::Serialize;

/// Which partner API an error or request belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Api {
    /// Omnissa Partner Managed Services Ordering API.
    Omnissa,
    /// CloudBlue Commerce APS REST API.
    CloudblueAps,
    /// CloudBlue Commerce SimpleAPI gateway.
    CloudblueSimple,
    /// Cloudmore Custom Service Subscription Management API.
    Cloudmore,
}

impl Api {
    /// The name used in messages and in the JS `api` field.
    pub fn as_str(self) -> &'static str {
        match self {
            Api::Omnissa => "omnissa",
            Api::CloudblueAps => "cloudblueAps",
            Api::CloudblueSimple => "cloudblueSimple",
            Api::Cloudmore => "cloudmore",
        }
    }
}

/// How serious a validation issue is. Warnings never block a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Severity {
    /// The request is refused.
    #[default]
    Error,
    /// Reported, but the request may go ahead.
    Warning,
}

/// One problem with one field: from client-side validation or from an API's field errors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Issue {
    /// Where the problem is, as a JSON path relative to the request (`offers[0].quantity`).
    pub path: String,
    /// A stable machine-readable code (`quantity_not_positive`). Codes never change meaning.
    pub code: String,
    /// A human-readable explanation.
    pub message: String,
    /// Error or warning; warnings do not block the request.
    #[serde(default)]
    pub severity: Severity,
}

impl Issue {
    /// An error-severity issue.
    pub fn new(path: impl Into<String>, code: &str, message: impl Into<String>) -> Issue {
        Issue {
            path: path.into(),
            code: code.to_string(),
            message: message.into(),
            severity: Severity::Error,
        }
    }

    /// A warning-severity issue.
    pub fn warning(path: impl Into<String>, code: &str, message: impl Into<String>) -> Issue {
        Issue {
            severity: Severity::Warning,
            ..Issue::new(path, code, message)
        }
    }
}

/// The partner's documented error body, normalised across the four APIs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// Which API answered.
    pub api: Api,
    /// HTTP status.
    pub status: u16,
    /// The API's own error code (`INVALID_REQUEST`, `VALIDATION FAILED`, `APS::Util::…`).
    pub code: Option<String>,
    /// The API's message.
    pub message: String,
    /// Trace or correlation id to quote to partner support: the body's `traceId` (or the API's
    /// equivalent), else the response's trace header ([`crate::http::TRACE_HEADERS`]).
    pub trace_id: Option<String>,
    /// Per-field errors, when the API reports them.
    pub field_errors: Vec<Issue>,
    /// `Retry-After`, in milliseconds, when the server sent one.
    pub retry_after_ms: Option<u64>,
    /// The raw body, for logging and support tickets.
    pub raw_body: String,
}

/// Bodies kept in errors are cut to this many bytes so a huge HTML page cannot bloat an error.
pub const MAX_ERROR_BODY: usize = 4096;

/// Cuts `s` to at most [`MAX_ERROR_BODY`] bytes on a character boundary.
pub fn truncate_body(s: &str) -> String {
    if s.len() <= MAX_ERROR_BODY {
        return s.to_string();
    }
    let mut end = MAX_ERROR_BODY;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

/// Every way a call can fail.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// Client-side validation refused the request. **Never sent.**
    InvalidRequest {
        /// The API the request was for.
        api: Api,
        /// What is wrong, field by field.
        issues: Vec<Issue>,
    },
    /// The client was set up wrongly (missing credentials, secrets in a browser). **Never sent.**
    Configuration {
        /// What is wrong.
        message: String,
    },
    /// The network failed (DNS, connection refused, CORS, reset). **May have been sent.**
    Transport {
        /// The runtime's description of the failure.
        message: String,
    },
    /// The caller's token provider failed, timed out or returned no token, so no request was
    /// made. **Never sent**, and retryable: providers usually fail for transient reasons (their
    /// own backend or network), and a later call asks again.
    TokenUnavailable {
        /// What the provider did.
        message: String,
    },
    /// No response within the timeout; the request was abandoned. **May have been sent.**
    Timeout {
        /// The timeout that expired.
        after_ms: u64,
    },
    /// The caller's `AbortSignal` fired. **May have been sent.**
    Aborted,
    /// The API answered with its documented error body. **Sent, and refused.**
    Api(Box<ApiError>),
    /// A non-success status whose body is not the API's error schema (an HTML 502 from a
    /// gateway). **Sent.**
    UnexpectedResponse {
        /// Which API was called.
        api: Api,
        /// HTTP status.
        status: u16,
        /// The response content type, if any.
        content_type: Option<String>,
        /// The body, truncated.
        body: String,
        /// `Retry-After`, in milliseconds, when the server sent one.
        retry_after_ms: Option<u64>,
        /// The trace or correlation id of the response's headers ([`crate::http::TRACE_HEADERS`]).
        trace_id: Option<String>,
    },
    /// A success status whose body could not be parsed. **Sent, and probably processed.**
    Decode {
        /// Which API was called.
        api: Api,
        /// HTTP status.
        status: u16,
        /// What did not parse.
        message: String,
        /// The body, truncated.
        body: String,
    },
    /// An asynchronous order finished in a failed state. **Sent and processed.**
    OrderFailed {
        /// Which API reported it.
        api: Api,
        /// The order or request id.
        id: String,
        /// The failure status the API reported.
        status: String,
        /// The API's message, if any.
        message: String,
    },
}

/// The stable kinds of [`Error`], as exposed to JavaScript in `error.kind` and `error.code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum ErrorKind {
    /// See [`Error::InvalidRequest`].
    InvalidRequest,
    /// See [`Error::Configuration`].
    Configuration,
    /// See [`Error::Transport`].
    Transport,
    /// See [`Error::Timeout`].
    Timeout,
    /// See [`Error::Aborted`].
    Aborted,
    /// See [`Error::Api`].
    Api,
    /// See [`Error::UnexpectedResponse`].
    UnexpectedResponse,
    /// See [`Error::Decode`].
    Decode,
    /// See [`Error::OrderFailed`].
    OrderFailed,
}

impl ErrorKind {
    /// The SCREAMING_CASE code exposed as `error.code` in JavaScript.
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::InvalidRequest => "INVALID_REQUEST",
            ErrorKind::Configuration => "CONFIGURATION_ERROR",
            ErrorKind::Transport => "TRANSPORT_ERROR",
            ErrorKind::Timeout => "TIMEOUT",
            ErrorKind::Aborted => "ABORTED",
            ErrorKind::Api => "API_ERROR",
            ErrorKind::UnexpectedResponse => "UNEXPECTED_RESPONSE",
            ErrorKind::Decode => "DECODE_ERROR",
            ErrorKind::OrderFailed => "ORDER_FAILED",
        }
    }

    /// The camelCase name exposed as `error.kind` in JavaScript.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::InvalidRequest => "invalidRequest",
            ErrorKind::Configuration => "configuration",
            ErrorKind::Transport => "transport",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Aborted => "aborted",
            ErrorKind::Api => "api",
            ErrorKind::UnexpectedResponse => "unexpectedResponse",
            ErrorKind::Decode => "decode",
            ErrorKind::OrderFailed => "orderFailed",
        }
    }
}

/// Statuses after which the same request may succeed if tried again later.
pub fn is_transient_status(status: u16) -> bool {
    matches!(status, 408 | 425 | 429 | 500 | 502 | 503 | 504)
}

impl Error {
    /// Shorthand for an invalid-request error.
    pub fn invalid(api: Api, issues: Vec<Issue>) -> Error {
        Error::InvalidRequest { api, issues }
    }

    /// The kind of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidRequest { .. } => ErrorKind::InvalidRequest,
            Error::Configuration { .. } => ErrorKind::Configuration,
            Error::Transport { .. } | Error::TokenUnavailable { .. } => ErrorKind::Transport,
            Error::Timeout { .. } => ErrorKind::Timeout,
            Error::Aborted => ErrorKind::Aborted,
            Error::Api(_) => ErrorKind::Api,
            Error::UnexpectedResponse { .. } => ErrorKind::UnexpectedResponse,
            Error::Decode { .. } => ErrorKind::Decode,
            Error::OrderFailed { .. } => ErrorKind::OrderFailed,
        }
    }

    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::UnexpectedResponse { status, .. } | Error::Decode { status, .. } => {
                Some(*status)
            }
            _ => None,
        }
    }

    /// The validation issues (client-side, or the API's field errors).
    pub fn issues(&self) -> &[Issue] {
        match self {
            Error::InvalidRequest { issues, .. } => issues,
            Error::Api(e) => &e.field_errors,
            _ => &[],
        }
    }

    /// True when the condition is transient: the same call may succeed later.
    ///
    /// This says nothing about safety: check [`Error::may_have_been_sent`] before repeating a
    /// call that creates or changes an order.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport { .. } | Error::Timeout { .. } | Error::TokenUnavailable { .. } => {
                true
            }
            Error::Api(e) => is_transient_status(e.status),
            Error::UnexpectedResponse { status, .. } => is_transient_status(*status),
            _ => false,
        }
    }

    /// False only when the SDK knows the request never left the client.
    pub fn may_have_been_sent(&self) -> bool {
        !matches!(
            self,
            Error::InvalidRequest { .. }
                | Error::Configuration { .. }
                | Error::TokenUnavailable { .. }
        )
    }

    /// The trace or correlation id the partner gave, if any.
    pub fn trace_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.trace_id.as_deref(),
            Error::UnexpectedResponse { trace_id, .. } => trace_id.as_deref(),
            _ => None,
        }
    }

    /// The API's own error code, if any.
    pub fn api_code(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.code.as_deref(),
            _ => None,
        }
    }

    /// Which API the error came from, when known.
    pub fn api(&self) -> Option<Api> {
        match self {
            Error::InvalidRequest { api, .. }
            | Error::UnexpectedResponse { api, .. }
            | Error::Decode { api, .. }
            | Error::OrderFailed { api, .. } => Some(*api),
            Error::Api(e) => Some(e.api),
            _ => None,
        }
    }

    /// The raw response body, when one arrived.
    pub fn body(&self) -> Option<&str> {
        match self {
            Error::Api(e) => Some(&e.raw_body),
            Error::UnexpectedResponse { body, .. } | Error::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    /// `Retry-After` from the response, in milliseconds.
    pub fn retry_after_ms(&self) -> Option<u64> {
        match self {
            Error::Api(e) => e.retry_after_ms,
            Error::UnexpectedResponse { retry_after_ms, .. } => *retry_after_ms,
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest { api, issues } => {
                write!(f, "invalid {} request (not sent): ", api.as_str())?;
                let msgs: Vec<String> = issues
                    .iter()
                    .filter(|i| i.severity == Severity::Error)
                    .map(|i| format!("{}: {}", i.path, i.message))
                    .collect();
                f.write_str(&msgs.join("; "))
            }
            Error::Configuration { message } => write!(f, "configuration error: {message}"),
            Error::Transport { message } => write!(f, "network error: {message}"),
            Error::TokenUnavailable { message } => {
                write!(f, "no access token (not sent): {message}")
            }
            Error::Timeout { after_ms } => write!(f, "no response within {after_ms} ms"),
            Error::Aborted => f.write_str("the request was aborted"),
            Error::Api(e) => {
                write!(f, "{} API error {}", e.api.as_str(), e.status)?;
                if let Some(code) = &e.code {
                    write!(f, " {code}")?;
                }
                write!(f, ": {}", e.message)?;
                if let Some(t) = e.trace_id.as_deref().filter(|t| !t.is_empty()) {
                    write!(f, " (trace id {t})")?;
                }
                Ok(())
            }
            Error::UnexpectedResponse {
                api,
                status,
                content_type,
                ..
            } => write!(
                f,
                "unexpected {} response: HTTP {status} ({})",
                api.as_str(),
                content_type.as_deref().unwrap_or("no content type")
            ),
            Error::Decode {
                api,
                status,
                message,
                ..
            } => write!(
                f,
                "could not parse {} response (HTTP {status}): {message}",
                api.as_str()
            ),
            Error::OrderFailed {
                api,
                id,
                status,
                message,
            } => write!(
                f,
                "{} order {id} ended in {status}: {message}",
                api.as_str()
            ),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_requests_were_never_sent() {
        let e = Error::invalid(Api::Omnissa, vec![Issue::new("a", "b", "c")]);
        assert!(!e.may_have_been_sent());
        assert!(!e.is_retryable());
        assert_eq!(e.kind().code(), "INVALID_REQUEST");
        assert!(Error::Timeout { after_ms: 1 }.may_have_been_sent());
        let t = Error::TokenUnavailable {
            message: "tokenProvider failed".into(),
        };
        assert_eq!(
            (t.kind(), t.is_retryable(), t.may_have_been_sent()),
            (ErrorKind::Transport, true, false)
        );
    }

    #[test]
    fn retryable_statuses() {
        let unexpected = |status| Error::UnexpectedResponse {
            api: Api::Omnissa,
            status,
            content_type: None,
            body: String::new(),
            retry_after_ms: None,
            trace_id: None,
        };
        assert!(unexpected(502).is_retryable());
        assert!(unexpected(429).is_retryable());
        assert!(!unexpected(404).is_retryable());
        assert_eq!(unexpected(502).status(), Some(502));
    }

    #[test]
    fn truncate_respects_char_boundaries() {
        let s = "é".repeat(MAX_ERROR_BODY);
        let t = truncate_body(&s);
        assert!(t.len() <= MAX_ERROR_BODY + "…".len());
        assert!(t.ends_with('…'));
    }
}
