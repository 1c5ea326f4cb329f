//! Access-token cache as a pure state machine: time is an argument.
//!
//! The async layer adds single-flight fetching on top (see `client::TokenManager`). A token is
//! used until `refresh_margin` before it expires, so a request never leaves with a token that
//! expires in flight. Each stored token gets a generation number so that a 401 invalidates only
//! the token that was actually refused, not a fresh one another call just fetched.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::endpoint::{error_from_response, ErrorSchema};
use crate::error::{truncate_body, Error};
use crate::http::HttpResponse;
use crate::secret::Secret;
use crate::time::Millis;

/// A bearer token and how long it lives.
#[derive(Debug, Clone)]
pub struct AccessToken {
    /// The token.
    pub token: Secret,
    /// Lifetime in seconds from when it was issued; `None` when unknown.
    pub expires_in_s: Option<u64>,
}

/// Parses a token endpoint's answer into `T` without letting any of it into an error: the
/// body of a token answer holds the access token, and an error is logged, shown and sent to
/// support. A failure keeps only the body's shape (`{"access_token":"<string>",…}`: keys, and
/// the type of each value) and a message naming the field, never serde's text, which quotes
/// values (`invalid type: string "eyJ…"`).
///
/// # Errors
/// [`Error::Decode`] for a 2xx answer that does not fit `T`; for a non-2xx, the error of
/// [`error_from_response`] with its body replaced by the shape.
pub fn parse_token_answer<T: DeserializeOwned>(
    schema: ErrorSchema,
    resp: &HttpResponse,
) -> Result<T, Error> {
    if !resp.is_success() {
        return Err(match error_from_response(schema, resp) {
            Error::Api(mut e) => {
                e.raw_body = body_shape(&resp.body);
                Error::Api(e)
            }
            Error::UnexpectedResponse {
                api,
                status,
                content_type,
                retry_after_ms,
                trace_id,
                ..
            } => Error::UnexpectedResponse {
                api,
                status,
                content_type,
                body: body_shape(&resp.body),
                retry_after_ms,
                trace_id,
            },
            other => other,
        });
    }
    crate::json::from_slice(&resp.body).map_err(|e| Error::Decode {
        api: schema.api,
        status: resp.status,
        message: safe_message(&e),
        body: body_shape(&resp.body),
    })
}

/// The token of a parsed answer: refused when empty or white space (an empty `access_token`
/// would go out as `Authorization: Bearer ` and fail every call as a 401).
///
/// # Errors
/// [`Error::Decode`] naming `field`.
pub fn access_token(
    schema: ErrorSchema,
    resp: &HttpResponse,
    field: &str,
    token: Secret,
    expires_in_s: Option<u64>,
) -> Result<AccessToken, Error> {
    if token.is_blank() {
        return Err(Error::Decode {
            api: schema.api,
            status: resp.status,
            message: format!("token response: `{field}` is empty"),
            body: body_shape(&resp.body),
        });
    }
    Ok(AccessToken {
        token,
        expires_in_s,
    })
}

/// What went wrong, by path and kind only.
fn safe_message(e: &crate::json::de::Error) -> String {
    if e.is_syntax() {
        return "token response: not valid JSON".to_string();
    }
    // serde names a missing field after our schema, not after the body: safe to repeat.
    if let Some(field) = e.missing_field() {
        return format!("token response: `{field}` is missing");
    }
    match e.path() {
        "" => "token response: not the expected object".to_string(),
        p => format!("token response: `{p}` has an invalid value"),
    }
}

/// The shape of a JSON body: its keys, with every value replaced by its type
/// (`"<string>"`, `"<number>"`, …); a body that is not JSON by its length only.
pub fn body_shape(body: &[u8]) -> String {
    fn shape(v: &Value) -> Value {
        match v {
            Value::Object(m) => {
                // Inserted one by one: `collect()` into a map compiles in a whole sort for it.
                let mut out = serde_json::Map::new();
                for (k, v) in m {
                    out.insert(k.clone(), shape(v));
                }
                Value::Object(out)
            }
            Value::Array(a) => Value::Array(a.iter().map(shape).collect()),
            Value::String(_) => Value::from("<string>"),
            Value::Number(_) => Value::from("<number>"),
            Value::Bool(_) => Value::from("<boolean>"),
            Value::Null => Value::Null,
        }
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return String::new();
    }
    match crate::json::from_slice::<Value>(body) {
        Ok(v) => truncate_body(&crate::json::to_string(&shape(&v)).unwrap_or_default()),
        Err(_) => format!("<{} bytes, not JSON, withheld>", body.len()),
    }
}

/// The cache.
#[derive(Debug, Clone)]
pub struct TokenCache {
    current: Option<(Secret, Option<Millis>, u64)>,
    generation: u64,
    /// Refresh this long before expiry, in milliseconds.
    pub refresh_margin_ms: Millis,
    /// Lifetime assumed when the server gives none; `None` keeps such a token until a 401.
    pub default_lifetime_s: Option<u64>,
}

impl TokenCache {
    /// An empty cache.
    pub fn new(refresh_margin_ms: Millis, default_lifetime_s: Option<u64>) -> Self {
        TokenCache {
            current: None,
            generation: 0,
            refresh_margin_ms,
            default_lifetime_s,
        }
    }

    /// The cached token and its generation, if still good at `now`.
    pub fn get(&self, now: Millis) -> Option<(Secret, u64)> {
        let (tok, expires_at, gen) = self.current.as_ref()?;
        match expires_at {
            Some(at) if now >= at.saturating_sub(self.refresh_margin_ms) => None,
            _ => Some((tok.clone(), *gen)),
        }
    }

    /// Stores a token fetched at `now`; returns its generation.
    pub fn store(&mut self, token: AccessToken, now: Millis) -> u64 {
        self.generation += 1;
        let life = token.expires_in_s.or(self.default_lifetime_s);
        let expires_at = life.map(|s| {
            now.saturating_add(
                i64::try_from(s)
                    .unwrap_or(i64::MAX / 2)
                    .saturating_mul(1000),
            )
        });
        self.current = Some((token.token, expires_at, self.generation));
        self.generation
    }

    /// Drops the token of generation `gen`, if it is still the cached one.
    pub fn invalidate(&mut self, gen: u64) {
        if matches!(self.current, Some((_, _, g)) if g == gen) {
            self.current = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(s: &str, life: Option<u64>) -> AccessToken {
        AccessToken {
            token: Secret::new(s),
            expires_in_s: life,
        }
    }

    #[test]
    fn expires_margin_before_lifetime() {
        let mut c = TokenCache::new(60_000, None);
        c.store(tok("a", Some(7500)), 0);
        assert!(c.get(7_439_999).is_some());
        assert!(c.get(7_440_000).is_none());
    }

    #[test]
    fn unknown_lifetime_uses_default_or_keeps() {
        let mut c = TokenCache::new(0, Some(10));
        c.store(tok("a", None), 0);
        assert!(c.get(9_999).is_some() && c.get(10_000).is_none());
        let mut keep = TokenCache::new(0, None);
        keep.store(tok("a", None), 0);
        assert!(keep.get(i64::MAX).is_some());
    }

    #[test]
    fn invalidate_only_the_refused_generation() {
        let mut c = TokenCache::new(0, None);
        let g1 = c.store(tok("a", None), 0);
        let g2 = c.store(tok("b", None), 0);
        c.invalidate(g1);
        assert_eq!(c.get(0).map(|x| x.1), Some(g2));
        c.invalidate(g2);
        assert!(c.get(0).is_none());
    }
}
