//! APS REST operations as request values: one generic [`ApsRequest`], plus `Content-Range` paging.

use std::marker::PhantomData;

use serde::de::DeserializeOwned;

use crate::endpoint::{parse_json, to_json, Endpoint};
use crate::error::{Api, Error};
use crate::http::{encode_component, join_url, Headers, HttpRequest, HttpResponse, Method};
use crate::validate::{path_id, Issues};

/// One APS call returning `T`. `T = ()` accepts the documented "200 OK without body".
#[derive(Debug, Clone)]
pub struct ApsRequest<T> {
    method: Method,
    path: String,
    /// Raw query: RQL (already encoded by the `rql` builder) or `name=value` pairs.
    query: Option<String>,
    body: Option<serde_json::Value>,
    /// Headers of this request; they win over the client's fixed ones (`APS-Actor-Scope`).
    headers: Headers,
    issues: Issues,
    output: PhantomData<fn() -> T>,
}

impl<T> ApsRequest<T> {
    /// A request to `path` below `/aps/2/`.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        ApsRequest {
            method,
            path: path.into(),
            query: None,
            body: None,
            headers: Headers::new(),
            issues: Issues::new(),
            output: PhantomData,
        }
    }

    /// Sets a header of this request.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.set(name, value);
        self
    }

    /// Sets each of `headers` that this request has not set itself (the client's fixed
    /// headers: a request's own, such as a list's actor scope, win).
    pub fn defaults(mut self, headers: &Headers) -> Self {
        for (n, v) in headers.iter() {
            if self.headers.get(n).is_none() {
                self.headers.set(n, v);
            }
        }
        self
    }

    /// Adds the query string.
    pub fn query(mut self, q: impl Into<String>) -> Self {
        let q = q.into();
        self.query = (!q.is_empty()).then_some(q);
        self
    }

    /// Adds a JSON body.
    pub fn body(mut self, body: serde_json::Value) -> Self {
        self.body = Some(body);
        self
    }

    /// Refuses to build when `issues` has errors.
    pub fn issues(mut self, issues: Issues) -> Self {
        self.issues = issues;
        self
    }

    /// Checks an id that goes into the path.
    pub fn id(mut self, name: &str, value: &str) -> Self {
        path_id(&mut self.issues, name, value, "id");
        self
    }
}

/// Percent-encodes an id for a path segment.
pub fn seg(id: &str) -> String {
    encode_component(id)
}

impl<T: DeserializeOwned> Endpoint for ApsRequest<T> {
    type Output = T;

    fn api(&self) -> Api {
        Api::CloudblueAps
    }

    fn build(&self, base: &str) -> Result<HttpRequest, Error> {
        self.issues.clone().into_result(Api::CloudblueAps)?;
        let mut url = join_url(
            base,
            &format!("aps/2/{}", self.path.trim_start_matches('/')),
        );
        if let Some(q) = &self.query {
            url = format!("{url}?{q}");
        }
        let mut req = HttpRequest::new(self.method, url);
        for (n, v) in self.headers.iter() {
            req.headers.set(n, v);
        }
        if let Some(b) = &self.body {
            req = req.with_json(to_json(Api::CloudblueAps, b)?);
        }
        Ok(req)
    }

    fn parse(&self, resp: &HttpResponse) -> Result<T, Error> {
        if resp.is_success() && resp.body.iter().all(u8::is_ascii_whitespace) {
            if let Ok(v) = crate::json::from_str::<T>("null") {
                return Ok(v);
            }
        }
        parse_json(super::ERROR_SCHEMA, resp)
    }

    fn idempotent(&self) -> bool {
        // Custom operations (resetPassword, invite, activate) are POSTs with side effects.
        self.method == Method::Get
    }
}

/// `Content-Range: items 0-9/123` → `(first, last, total)`; `*` totals are `None`.
pub fn parse_content_range(v: &str) -> Option<(u64, u64, Option<u64>)> {
    let rest = v.trim().strip_prefix("items")?.trim();
    let (range, total) = rest.split_once('/')?;
    let (first, last) = range.trim().split_once('-')?;
    let total = match total.trim() {
        "*" => None,
        t => Some(t.parse().ok()?),
    };
    Some((first.trim().parse().ok()?, last.trim().parse().ok()?, total))
}

/// Start of the next page after reading `received` items from `start` with page size `count`,
/// or `None` when the list ends here.
///
/// `Content-Range` is trusted only when it describes the range asked for; without it, only a
/// full page asks for more. A server that ignores `limit()` cannot make the caller loop:
/// - a page larger than `count` means `limit()` was ignored and the whole list (or the
///   server's own page) came at once, so asking from `start + received` would get it again;
/// - a range that does not begin at `start` means the start was ignored.
///
/// The next start is always past `start`. A server that ignores the start but honours the
/// count, without `Content-Range`, repeats pages that only a
/// [`PageGuard`](crate::common::paging::PageGuard) across pages can spot.
pub fn next_start(
    start: u64,
    count: u64,
    received: usize,
    content_range: Option<&str>,
) -> Option<u64> {
    let received = u64::try_from(received).ok()?;
    if received == 0 || received > count {
        return None;
    }
    let next = start.checked_add(received)?;
    match content_range.and_then(parse_content_range) {
        Some((first, last, _)) if first != start || last < first => None,
        Some((_, _, Some(total))) => (next < total).then_some(next),
        _ => (received == count).then_some(next),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_range() {
        assert_eq!(
            parse_content_range("items 0-9/123"),
            Some((0, 9, Some(123)))
        );
        assert_eq!(parse_content_range("items 10-19/*"), Some((10, 19, None)));
        assert_eq!(parse_content_range("bytes 0-1/2"), None);
        assert_eq!(parse_content_range("items x-1/2"), None);
        // (start, count, received, Content-Range) → next start
        type Case<'a> = (u64, u64, usize, Option<&'a str>, Option<u64>);
        let cases: &[Case<'_>] = &[
            (0, 10, 10, Some("items 0-9/25"), Some(10)),
            (20, 10, 5, Some("items 20-24/25"), None),
            (10, 10, 10, Some("items 10-19/*"), Some(20)),
            // A full page without a header: ask for more; a short one ends the list.
            (0, 10, 10, None, Some(10)),
            (10, 10, 3, None, None),
            // An empty page ends it whatever the header says.
            (10, 10, 0, Some("items 10-9/50"), None),
            // `limit()` ignored: more items than asked for, with or without a header.
            (0, 10, 25, None, None),
            (10, 10, 25, None, None),
            (0, 10, 25, Some("items 0-24/100"), None),
            // The start ignored: the range is not the one asked for.
            (10, 10, 10, Some("items 0-9/25"), None),
            (10, 10, 10, Some("items 10-5/25"), None),
            // A malformed header counts as none.
            (0, 10, 10, Some("items ?"), Some(10)),
        ];
        for (start, count, received, range, want) in cases {
            assert_eq!(
                next_start(*start, *count, *received, *range),
                *want,
                "{start} {count} {received} {range:?}"
            );
        }
    }
}
