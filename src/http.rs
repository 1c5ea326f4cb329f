//! HTTP request and response as plain values.
//!
//! Endpoints build an [`HttpRequest`] and parse an [`HttpResponse`]; transports move them. Nothing
//! here performs I/O. Header names are compared case-insensitively, and the `Debug` output of a
//! request never shows a credential.

use std::fmt;

/// An HTTP method. Only the methods the partner APIs use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method as it goes on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Parses a method name case-insensitively; `None` for methods the SDK never sends.
    pub fn parse(s: &str) -> Option<Method> {
        match s.to_ascii_uppercase().as_str() {
            "GET" => Some(Method::Get),
            "POST" => Some(Method::Post),
            "PUT" => Some(Method::Put),
            "PATCH" => Some(Method::Patch),
            "DELETE" => Some(Method::Delete),
            _ => None,
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Header names whose values are secrets: redacted in `Debug` and never put in errors.
const SENSITIVE_HEADERS: &[&str] = &[
    "authorization",
    "aps-token",
    "x-subscription-key",
    "cookie",
    "set-cookie",
];

/// True when a header of this name carries a credential.
pub fn is_sensitive_header(name: &str) -> bool {
    SENSITIVE_HEADERS
        .iter()
        .any(|h| h.eq_ignore_ascii_case(name))
}

/// Response headers that carry a trace or correlation id to quote to partner support, in the
/// order they are looked for. The JS layer (`pkg-template/host.mjs`) reads the same list for
/// `withResponse()` and log lines; a test holds the two equal.
pub const TRACE_HEADERS: &[&str] = &[
    "x-correlation-id",
    "x-request-id",
    "x-trace-id",
    "trace-id",
    "request-id",
    "traceparent",
    "cf-ray",
];

/// An ordered list of headers; lookups ignore case, as HTTP does.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Headers(Vec<(String, String)>);

impl Headers {
    /// An empty header list.
    pub fn new() -> Self {
        Headers(Vec::new())
    }

    /// Sets a header, replacing any value under the same name (ignoring case).
    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        self.0.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.0.push((name.to_string(), value.into()));
    }

    /// Appends a header without touching existing ones.
    pub fn append(&mut self, name: &str, value: impl Into<String>) {
        self.0.push((name.to_string(), value.into()));
    }

    /// The first value under `name`, ignoring case.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The trace or correlation id a response carries: the first of [`TRACE_HEADERS`] present.
    pub fn trace_id(&self) -> Option<&str> {
        // An empty header is no id: the next one is looked for, as the JS layer does.
        TRACE_HEADERS
            .iter()
            .find_map(|name| self.get(name).filter(|v| !v.is_empty()))
    }

    /// Removes every header under `name`.
    pub fn remove(&mut self, name: &str) {
        self.0.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }

    /// Iterates over `(name, value)` pairs in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// Number of header lines.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are no headers.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Headers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut m = f.debug_map();
        for (n, v) in &self.0 {
            if is_sensitive_header(n) {
                m.entry(n, &"<redacted>");
            } else {
                m.entry(n, v);
            }
        }
        m.finish()
    }
}

impl<const N: usize> From<[(&str, &str); N]> for Headers {
    fn from(pairs: [(&str, &str); N]) -> Self {
        let mut h = Headers::new();
        for (n, v) in pairs {
            h.append(n, v);
        }
        h
    }
}

/// An HTTP request, fully built and ready for a transport.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The absolute URL, query string included.
    pub url: String,
    /// Request headers, credentials included (redacted in `Debug`).
    pub headers: Headers,
    /// The body, if any. Every body these APIs take is text (JSON or a form).
    pub body: Option<String>,
}

impl HttpRequest {
    /// A request with no headers and no body.
    pub fn new(method: Method, url: impl Into<String>) -> Self {
        HttpRequest {
            method,
            url: url.into(),
            headers: Headers::new(),
            body: None,
        }
    }

    /// Sets a JSON body and its content type.
    pub fn with_json(mut self, body: String) -> Self {
        self.headers.set("content-type", "application/json");
        self.body = Some(body);
        self
    }

    /// The path part of the URL (no scheme, host or query).
    pub fn path(&self) -> &str {
        let after_scheme = self
            .url
            .split_once("://")
            .map_or(self.url.as_str(), |x| x.1);
        let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
        path.split(['?', '#']).next().unwrap_or(path)
    }

    /// The decoded query parameters, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        let Some((_, q)) = self.url.split_once('?') else {
            return Vec::new();
        };
        parse_urlencoded(q.split('#').next().unwrap_or(q))
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &self.headers)
            .field("body", &self.body.as_ref().map(|b| b.len()))
            .finish()
    }
}

/// An HTTP response as received; the body is raw bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// Response headers.
    pub headers: Headers,
    /// The raw body.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A response with a JSON body.
    pub fn json(status: u16, body: &serde_json::Value) -> Self {
        let mut headers = Headers::new();
        headers.set("content-type", "application/json");
        HttpResponse {
            status,
            headers,
            body: body.to_string().into_bytes(),
        }
    }

    /// A response with a body of any content type.
    pub fn with_body(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        let mut headers = Headers::new();
        headers.set("content-type", content_type);
        HttpResponse {
            status,
            headers,
            body: body.into(),
        }
    }

    /// True for 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body as text, lossily decoded.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// True when the content type says JSON, or when no content type was given and the body
    /// looks like JSON. Gateways omit the header on some error pages, so this is lenient.
    pub fn looks_like_json(&self) -> bool {
        match self.headers.get("content-type") {
            Some(ct) => ct.to_ascii_lowercase().contains("json"),
            None => matches!(
                self.body.iter().find(|b| !b.is_ascii_whitespace()),
                Some(b'{') | Some(b'[')
            ),
        }
    }
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &self.text())
            .finish()
    }
}

/// Percent-encodes one path segment or query value (RFC 3986 unreserved set kept).
pub fn encode_component(s: &str) -> String {
    crate::common::percent::encode(s.as_bytes(), crate::common::percent::unreserved)
}

/// Decodes `a=1&b=two+words` (a query string or an `application/x-www-form-urlencoded` body)
/// into pairs, in order.
pub fn parse_urlencoded(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode_component(k), decode_component(v))
        })
        .collect()
}

/// Decodes a percent-encoded component; `+` is a space, as in forms.
pub fn decode_component(s: &str) -> String {
    String::from_utf8_lossy(&crate::common::percent::form_decode(s)).into_owned()
}

/// Joins a base URL and a path without doubling or dropping the slash between them.
pub fn join_url(base: &str, path: &str) -> String {
    format!(
        "{}/{}",
        base.trim_end_matches('/'),
        path.trim_start_matches('/')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_js_layer_reads_the_same_trace_headers() {
        // pkg-template/host.mjs: `const TRACE_HEADERS = ["x-correlation-id", …];`
        let js = include_str!("../pkg-template/host.mjs");
        let line = js
            .lines()
            .find(|l| l.starts_with("const TRACE_HEADERS = ["))
            .expect("host.mjs declares TRACE_HEADERS");
        let names: Vec<&str> = line.split('"').skip(1).step_by(2).collect();
        assert_eq!(names, TRACE_HEADERS);
    }

    #[test]
    fn debug_redacts_credentials() {
        let mut r = HttpRequest::new(Method::Get, "https://x.test/a");
        r.headers.set("Authorization", "Bearer s3cr3t");
        r.headers.set("partnerId", "P1");
        let d = format!("{r:?}");
        assert!(!d.contains("s3cr3t"), "{d}");
        assert!(d.contains("<redacted>") && d.contains("P1"), "{d}");
    }

    #[test]
    fn headers_are_case_insensitive_and_set_replaces() {
        let mut h = Headers::new();
        h.set("Content-Type", "a");
        h.set("content-type", "b");
        assert_eq!(h.len(), 1);
        assert_eq!(h.get("CONTENT-TYPE"), Some("b"));
    }

    #[test]
    fn path_and_query() {
        let r = HttpRequest::new(
            Method::Post,
            "https://h.test/v1/m0/application/oauth2/token?grant_type=client_credentials&x=a%20b",
        );
        assert_eq!(r.path(), "/v1/m0/application/oauth2/token");
        assert_eq!(
            r.query_pairs(),
            vec![
                ("grant_type".into(), "client_credentials".into()),
                ("x".into(), "a b".into())
            ]
        );
        assert_eq!(HttpRequest::new(Method::Get, "http://h").path(), "/");
    }

    #[test]
    fn encode_keeps_unreserved_only() {
        assert_eq!(encode_component("M12/../x y"), "M12%2F..%2Fx%20y");
        assert_eq!(join_url("http://a/", "/b"), "http://a/b");
    }

    #[test]
    fn json_sniffing() {
        assert!(
            HttpResponse::with_body(400, "application/json; charset=utf-8", "{}").looks_like_json()
        );
        assert!(!HttpResponse::with_body(502, "text/html", "<html>").looks_like_json());
        let bare = HttpResponse {
            status: 400,
            headers: Headers::new(),
            body: b"  {\"a\":1}".to_vec(),
        };
        assert!(bare.looks_like_json());
    }
}
