//! Cloudmore Custom Service Subscription Management API: seller, reseller (broker) and
//! organization levels, price lists, history and licence keys. Sources: seed 003 (the KB page
//! `kb.cloudmore.com/kb/custom-service-subscription-management-api`) and API-NOTES §3.
//!
//! Auth: `POST /connect/token`, the password grant with `Basic ro.customer.client:<API secret>`;
//! tokens live 24 h. Seller-level and broker-level credentials are different users, so the
//! client holds one token per level and refuses a seller operation when it has no seller
//! credentials, before anything is sent.

mod client;
mod config;
mod endpoints;
mod inputs;
pub mod ops;
pub mod rules;
mod types;

pub use client::CloudmoreClient;
pub use config::{CloudmoreConfig, CloudmoreCredentials, CloudmoreLevel};
pub use endpoints::{CloudmoreRequest, FetchCloudmoreToken, Level, TOKEN_CLIENT_ID};
pub use inputs::{CloudmoreSubscriptionUpdate, NewCloudmoreSubscription, OrgService, RemoveAction};
pub use types::{
    CloudmoreSubscription, Extra, HistoryEntry, PriceList, PriceListLevel, PriceListProduct,
    SubscriptionHistory, SubscriptionStatus,
};

use serde_json::Value;

use crate::endpoint::{ErrorFields, ErrorSchema};
use crate::error::{Api, Issue};

/// How Cloudmore errors read: [`Api::Cloudmore`] and [`error_fields`].
pub const ERROR_SCHEMA: ErrorSchema = ErrorSchema {
    api: Api::Cloudmore,
    read: error_fields,
};

/// Default API origin.
pub const DEFAULT_BASE_URL: &str = "https://api.cloudmore.com";

/// An ASP.NET field key (`Contact.Phone`, `Items[0].Quantity`) as our JSON path
/// (`contact.phone`, `items[0].quantity`): ASP.NET names properties in PascalCase, the bodies
/// are camelCase.
fn field_path(key: &str) -> String {
    let key = key.trim_start_matches("$.").trim_start_matches('$');
    key.split('.')
        .map(|seg| {
            let mut c = seg.chars();
            match c.next() {
                // ASCII only: property names are; and Unicode case tables would add 11 KB.
                Some(f) => std::iter::once(f.to_ascii_lowercase()).chain(c).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// A field dictionary `{"Contact.Phone": ["…"]}` as issues; `None` when `v` is not one.
fn field_issues(v: &serde_json::Map<String, Value>) -> Option<Vec<Issue>> {
    let mut issues = Vec::new();
    for (k, msgs) in v {
        let msgs = msgs.as_array()?;
        for m in msgs {
            issues.push(Issue::new(field_path(k), "invalid_field", m.as_str()?));
        }
    }
    (!issues.is_empty()).then_some(issues)
}

fn summary(issues: &[Issue]) -> String {
    issues
        .iter()
        .map(|i| {
            if i.path.is_empty() {
                i.message.clone()
            } else {
                format!("{}: {}", i.path, i.message)
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Reads Cloudmore error bodies (API-NOTES §3.5), in every shape seen:
/// - the domain-error array `[{errorCode, errorName, errorMessage}]`;
/// - the ASP.NET ModelState dictionary `{"Contact.Phone": ["…"]}`;
/// - ASP.NET Core problem details `{title, status, traceId, errors: {…}}`;
/// - IdentityServer's token errors `{error, error_description}`;
/// - `{message}` / `{Message}`.
pub fn error_fields(v: &Value) -> Option<ErrorFields> {
    if let Value::Array(items) = v {
        let mut issues = Vec::new();
        let mut first_code = None;
        for item in items {
            let o = item.as_object()?;
            let message = o.get("errorMessage").and_then(Value::as_str)?;
            let name = o
                .get("errorName")
                .and_then(Value::as_str)
                .map(str::to_string);
            let code = name.or_else(|| o.get("errorCode").map(crate::endpoint::value_text));
            first_code = first_code.or_else(|| code.clone());
            let path = o
                .get("propertyName")
                .or_else(|| o.get("field"))
                .and_then(Value::as_str)
                .map(field_path)
                .unwrap_or_default();
            issues.push(Issue::new(
                path,
                code.as_deref().unwrap_or("error"),
                message,
            ));
        }
        return (!issues.is_empty()).then(|| ErrorFields {
            code: first_code,
            message: summary(&issues),
            trace_id: None,
            field_errors: issues,
        });
    }
    let o = v.as_object()?;
    let text = |k: &str| {
        o.get(k)
            .and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty())
            .map(str::to_string)
    };
    if let Some(Value::Object(errors)) = o.get("errors") {
        let issues = field_issues(errors).unwrap_or_default();
        let title = text("title").unwrap_or_else(|| "Validation failed".into());
        return Some(ErrorFields {
            code: text("type").filter(|t| !t.starts_with("http")),
            message: if issues.is_empty() {
                title
            } else {
                format!("{title} {}", summary(&issues))
            },
            trace_id: text("traceId"),
            field_errors: issues,
        });
    }
    if let Some(code) = text("error") {
        return Some(ErrorFields {
            message: text("error_description")
                .or_else(|| text("message"))
                .unwrap_or_else(|| code.clone()),
            code: Some(code),
            trace_id: text("traceId"),
            field_errors: Vec::new(),
        });
    }
    if let Some(message) = text("message")
        .or_else(|| text("Message"))
        .or_else(|| text("title"))
    {
        return Some(ErrorFields {
            code: None,
            message,
            trace_id: text("traceId"),
            field_errors: Vec::new(),
        });
    }
    let issues = field_issues(o)?;
    Some(ErrorFields {
        code: None,
        message: format!("Validation failed: {}", summary(&issues)),
        trace_id: None,
        field_errors: issues,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_reads_of_what_net_may_send() {
        use serde_json::json;
        // A string errorCode is the code itself, not its JSON.
        let e = error_fields(&json!([{"errorCode": "5", "errorMessage": "m"}]));
        assert_eq!(e.and_then(|f| f.code).as_deref(), Some("5"));
        // Enums as numbers are kept as their text; history values as text.
        let s: CloudmoreSubscription =
            serde_json::from_value(json!({"id": "x", "status": 2})).expect("status");
        assert_eq!(s.status, Some(SubscriptionStatus::Unknown("2".into())));
        let h: HistoryEntry =
            serde_json::from_value(json!({"oldValue": 3, "newValue": true})).expect("entry");
        assert_eq!(
            (h.old_value.as_deref(), h.new_value.as_deref()),
            (Some("3"), Some("true"))
        );
        // Lists: `[]` is empty; an unknown wrapper's only array is the rows; `null` and an
        // object without an array are errors, not empty lists.
        let rows = |v| types::list_rows(v, &["items"]).map(|(r, _)| r.len());
        assert_eq!(rows(json!([])), Ok(0));
        assert!(rows(json!(null)).is_err());
        assert_eq!(rows(json!({"rows": [1, 2], "total": 2})), Ok(2));
        assert_eq!(rows(json!({"items": [1], "other": [1, 2]})), Ok(1));
        assert!(rows(json!({"total": 0})).is_err());
        assert!(rows(json!({"a": [1], "b": [2]})).is_err());
    }
    use serde_json::json;

    #[test]
    fn array_shape() {
        let f = error_fields(&json!([{"errorCode": 5, "errorName": "InvalidValue", "errorMessage": "Invalid domain/website: x"}]))
            .expect("array shape");
        assert_eq!(f.code.as_deref(), Some("InvalidValue"));
        assert_eq!(f.message, "Invalid domain/website: x");
        assert_eq!(f.field_errors.len(), 1);
        assert_eq!(f.field_errors[0].code, "InvalidValue");
        let numeric =
            error_fields(&json!([{"errorCode": 7, "errorMessage": "m"}])).expect("code only");
        assert_eq!(numeric.code.as_deref(), Some("7"));
    }

    #[test]
    fn dictionary_shape() {
        let f = error_fields(&json!({"Contact.Phone": ["Phone number is not in valid format."], "Name": ["Required.", "Too short."]}))
            .expect("dictionary shape");
        assert_eq!(f.code, None);
        let got: Vec<(&str, &str)> = f
            .field_errors
            .iter()
            .map(|i| (i.path.as_str(), i.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("contact.phone", "Phone number is not in valid format."),
                ("name", "Required."),
                ("name", "Too short.")
            ]
        );
        assert!(
            f.message.contains("contact.phone: Phone number"),
            "{}",
            f.message
        );
    }

    #[test]
    fn problem_details_and_token_errors() {
        let p = error_fields(&json!({"type": "https://tools.ietf.org/html/rfc7231#section-6.5.1", "title": "One or more validation errors occurred.", "status": 400, "traceId": "|abc.1", "errors": {"Quantity": ["The field Quantity must be between 1 and 2147483647."]}}))
            .expect("problem details");
        assert_eq!(p.trace_id.as_deref(), Some("|abc.1"));
        assert_eq!(p.field_errors[0].path, "quantity");
        let t = error_fields(
            &json!({"error": "invalid_grant", "error_description": "invalid_username_or_password"}),
        )
        .expect("token error");
        assert_eq!(
            (t.code.as_deref(), t.message.as_str()),
            (Some("invalid_grant"), "invalid_username_or_password")
        );
    }

    #[test]
    fn not_error_shapes() {
        for v in [
            json!([]),
            json!([1, 2]),
            json!({"a": 1}),
            json!({"a": [1]}),
            json!("x"),
            json!(null),
            json!({}),
        ] {
            assert!(error_fields(&v).is_none(), "{v}");
        }
    }
}
