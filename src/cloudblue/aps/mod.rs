//! CloudBlue Commerce APS REST API (`/aps/2/...`), the reseller flow of seed 001: accounts,
//! customers, users, payment methods, the order manager, and the customers' subscriptions.
//!
//! Auth: an `APS-Token` header from a token provider (refreshed once when the platform answers
//! 403 `APS::Util::AuthenticationFailed`), or two-legged OAuth 1.0a with HMAC-SHA1, signed per
//! request with a fresh timestamp and nonce passed into the pure signer.

mod client;
mod endpoints;
mod listing;
pub mod oauth1;
mod orders;
pub mod rql;
mod subscriptions;
mod types;

pub use client::{ApsClient, ApsConfig, ApsCredentials};
pub use endpoints::{next_start, parse_content_range, ApsRequest};
pub use orders::*;
pub use subscriptions::*;
pub use types::*;

use crate::endpoint::{ErrorFields, ErrorSchema};
use crate::error::Api;

/// How APS errors read: [`Api::CloudblueAps`] and [`error_fields`].
pub const ERROR_SCHEMA: ErrorSchema = ErrorSchema {
    api: Api::CloudblueAps,
    read: error_fields,
};

/// Reads both APS error shapes: `{code, type, message}` and `{error, message}`.
pub fn error_fields(v: &serde_json::Value) -> Option<ErrorFields> {
    let obj = v.as_object()?;
    let text = |k: &str| {
        obj.get(k)
            .and_then(|x| x.as_str())
            .map(str::to_string)
            .filter(|s| !s.is_empty())
    };
    let message = text("message").or_else(|| text("error"))?;
    Some(ErrorFields {
        code: text("error")
            .or_else(|| text("type"))
            .or_else(|| obj.get("code").map(crate::endpoint::value_text)),
        message,
        trace_id: None,
        field_errors: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_error_shapes() {
        let hosting = serde_json::json!({"code": 500, "type": "APS::Hosting::Exception", "message": "Limit for resource exceeded"});
        let f = error_fields(&hosting).expect("shape 1");
        assert_eq!(
            (f.code.as_deref(), f.message.as_str()),
            (
                Some("APS::Hosting::Exception"),
                "Limit for resource exceeded"
            )
        );
        let auth = serde_json::json!({"error": "APS::Util::AuthenticationFailed", "message": "Authentication Failed"});
        let f = error_fields(&auth).expect("shape 2");
        assert_eq!(f.code.as_deref(), Some("APS::Util::AuthenticationFailed"));
        assert!(error_fields(&serde_json::json!({"code": 1})).is_none());
        // Only a numeric or string `code`: as text, without quotes.
        for (code, want) in [
            (serde_json::json!(404), "404"),
            (serde_json::json!("E \"1\""), "E \"1\""),
        ] {
            let f = error_fields(&serde_json::json!({"code": code, "message": "m"})).expect("code");
            assert_eq!(f.code.as_deref(), Some(want));
        }
    }
}
