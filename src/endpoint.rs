//! Requests as values: every operation builds an [`HttpRequest`] and parses an [`HttpResponse`].
//!
//! Nothing here performs I/O. The client layer (`client`) adds credentials, timeouts and retries;
//! an endpoint only knows its path, body, validation and response schema. That split lets every
//! rule be tested with `cargo test` and no transport at all.
//!
//! This module knows no partner API. Each one describes its error bodies with an
//! [`ErrorSchema`] (its [`Api`] and a reader of [`ErrorFields`]) and passes it to
//! [`parse_json`], [`expect_success`] and [`error_from_response`], so the partner modules depend
//! on this one and never the other way round.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{truncate_body, Api, ApiError, Error};
use crate::http::HttpResponse;
use crate::retry::retry_after_ms;

/// One API operation.
pub trait Endpoint {
    /// What a successful call returns.
    type Output;

    /// Which API this operation belongs to.
    fn api(&self) -> Api;

    /// Validates the input and builds the request against `base_url` (the API origin).
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] with every issue found; nothing is sent.
    fn build(&self, base_url: &str) -> Result<crate::http::HttpRequest, Error>;

    /// Parses the response, success or failure.
    ///
    /// # Errors
    /// [`Error::Api`], [`Error::UnexpectedResponse`] or [`Error::Decode`].
    fn parse(&self, resp: &HttpResponse) -> Result<Self::Output, Error>;

    /// True when sending the request twice has the same effect as once (reads, token calls).
    /// Only idempotent requests are retried automatically.
    fn idempotent(&self) -> bool;
}

/// Serializes a request body. Our own types always serialize; the error arm exists so that an
/// impossible failure is an error, not a panic.
pub fn to_json<T: Serialize>(api: Api, body: &T) -> Result<String, Error> {
    crate::json::to_string(body).map_err(|e| unserializable(api, &e))
}

#[inline(never)]
fn unserializable(api: Api, e: &crate::json::de::Error) -> Error {
    Error::Configuration {
        message: format!("could not serialize the {} request: {e}", api.as_str()),
    }
}

/// Reads one API's error body into [`ErrorFields`]; `None` when the JSON is not an error of
/// that API's shape.
pub type ErrorReader = fn(&serde_json::Value) -> Option<ErrorFields>;

/// How one partner API reports failures: which [`Api`] it is and how its error bodies read.
/// Each partner module defines one (`omnissa::ERROR_SCHEMA`, …).
#[derive(Debug, Clone, Copy)]
pub struct ErrorSchema {
    /// The API the errors are tagged with.
    pub api: Api,
    /// Reads the API's error body.
    pub read: ErrorReader,
}

/// Parses a 2xx JSON body into `T`, or turns a failure into the right error.
///
/// # Errors
/// See [`error_from_response`] for non-2xx; [`Error::Decode`] with the JSON path of the first
/// mismatch for a 2xx body that does not fit `T`.
pub fn parse_json<T: DeserializeOwned>(
    schema: ErrorSchema,
    resp: &HttpResponse,
) -> Result<T, Error> {
    let api = schema.api;
    if !resp.is_success() {
        return Err(error_from_response(schema, resp));
    }
    crate::json::from_slice(&resp.body).map_err(|e| decode_error(api, resp, &e))
}

/// The decode error of a 2xx body that does not fit: not generic, so it is compiled once rather
/// than into every response type's parser.
#[inline(never)]
fn decode_error(api: Api, resp: &HttpResponse, e: &crate::json::de::Error) -> Error {
    let path = e.path();
    Error::Decode {
        api,
        status: resp.status,
        message: if path.is_empty() {
            e.to_string()
        } else {
            format!("{path}: {e}")
        },
        body: truncate_body(&resp.text()),
    }
}

/// Accepts any 2xx (for operations that answer 202 with an empty or ignorable body).
///
/// # Errors
/// See [`error_from_response`].
pub fn expect_success(schema: ErrorSchema, resp: &HttpResponse) -> Result<(), Error> {
    if resp.is_success() {
        Ok(())
    } else {
        Err(error_from_response(schema, resp))
    }
}

/// Turns a non-2xx response into [`Error::Api`] when the body is the API's error schema, and into
/// [`Error::UnexpectedResponse`] otherwise (an HTML page from a gateway, an empty body).
pub fn error_from_response(schema: ErrorSchema, resp: &HttpResponse) -> Error {
    let api = schema.api;
    let body = resp.text();
    let parsed = if resp.looks_like_json() {
        crate::json::from_slice::<serde_json::Value>(&resp.body).ok()
    } else {
        None
    };
    let fields = parsed.as_ref().and_then(schema.read);
    match fields {
        Some(f) => Error::Api(Box::new(ApiError {
            api,
            status: resp.status,
            code: f.code,
            message: f.message,
            trace_id: f
                .trace_id
                .or_else(|| resp.headers.trace_id().map(str::to_string)),
            field_errors: f.field_errors,
            retry_after_ms: retry_after_ms(resp),
            raw_body: truncate_body(&body),
        })),
        None => Error::UnexpectedResponse {
            api,
            status: resp.status,
            content_type: resp.headers.get("content-type").map(str::to_string),
            body: truncate_body(&body),
            retry_after_ms: retry_after_ms(resp),
            trace_id: resp.headers.trace_id().map(str::to_string),
        },
    }
}

/// A JSON value as text: a string as it is, a number (or anything else) as its JSON (an error
/// body's code, a query parameter).
/// Written by the library's serializer: `Value`'s `Display` would compile in serde_json's.
pub fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => crate::json::to_string(other).unwrap_or_default(),
    }
}

/// The parts of an API error body, as each partner module's [`ErrorReader`] extracts them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorFields {
    /// The API's code.
    pub code: Option<String>,
    /// The message.
    pub message: String,
    /// Trace or correlation id from the body.
    pub trace_id: Option<String>,
    /// Field-level issues.
    pub field_errors: Vec<crate::error::Issue>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use partner_ordering_json::Deserialize;

    /// A reader of `{message, code}` bodies, standing in for a partner's.
    const TEST: ErrorSchema = ErrorSchema {
        api: Api::Omnissa,
        read: |v| {
            Some(ErrorFields {
                message: v.get("message")?.as_str()?.to_string(),
                code: v.get("code").and_then(|c| c.as_str()).map(str::to_string),
                ..ErrorFields::default()
            })
        },
    };

    #[test]
    fn html_502_is_unexpected_not_decode() {
        let r = HttpResponse::with_body(502, "text/html", "<html><body>Bad gateway</body></html>");
        let e = parse_json::<serde_json::Value>(TEST, &r).err();
        assert!(
            matches!(e, Some(Error::UnexpectedResponse { status: 502, .. })),
            "{e:?}"
        );
    }

    #[test]
    fn decode_error_names_the_path() {
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)]
        struct T {
            a: Vec<u8>,
        }
        let r = HttpResponse::with_body(200, "application/json", r#"{"a":[1,"x"]}"#);
        match parse_json::<T>(TEST, &r) {
            Err(Error::Decode {
                message,
                status: 200,
                ..
            }) => assert!(message.starts_with("a[1]"), "{message}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn json_error_without_message_is_unexpected() {
        let r = HttpResponse::with_body(500, "application/json", r#"{"weird":true}"#);
        assert!(matches!(
            error_from_response(TEST, &r),
            Error::UnexpectedResponse { status: 500, .. }
        ));
    }

    #[test]
    fn every_error_of_a_response_carries_its_trace_header() {
        // (status, content type, body, header) → the error's trace id
        type Case<'a> = (u16, &'a str, &'a str, (&'a str, &'a str), Option<&'a str>);
        let cases: &[Case<'_>] = &[
            // A gateway's HTML page: no body to read, the header still identifies the request.
            (
                502,
                "text/html",
                "<html>Bad gateway</html>",
                ("X-Request-Id", "req-1"),
                Some("req-1"),
            ),
            (
                503,
                "text/plain",
                "busy",
                ("cf-ray", "8a1b-AMS"),
                Some("8a1b-AMS"),
            ),
            // The API's own error body without a trace id: the header's.
            (
                400,
                "application/json",
                r#"{"message":"bad"}"#,
                ("traceparent", "00-abc-01"),
                Some("00-abc-01"),
            ),
            (
                400,
                "application/json",
                r#"{"message":"bad"}"#,
                ("x-other", "z"),
                None,
            ),
            (500, "text/html", "<html/>", ("x-correlation-id", ""), None),
        ];
        for (status, ct, body, (name, value), want) in cases {
            let mut r = HttpResponse::with_body(*status, ct, *body);
            r.headers.set(name, *value);
            let e = error_from_response(TEST, &r);
            assert_eq!(e.trace_id(), *want, "{status} {name}");
        }
        // An empty header does not hide the next one.
        let mut r = HttpResponse::with_body(502, "text/html", "<html/>");
        r.headers.set("x-correlation-id", "");
        r.headers.set("x-request-id", "req-2");
        assert_eq!(error_from_response(TEST, &r).trace_id(), Some("req-2"));
    }
}
