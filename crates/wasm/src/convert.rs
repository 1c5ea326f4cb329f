//! The one conversion between Rust values and the JS layer: JSON text both ways.
//!
//! Arguments arrive as text made by `JSON.stringify` in the JS layer and are parsed with hard
//! limits ([`partner_ordering::json`]); results leave as text that the JS layer parses. Maps serialize as
//! objects and `None` fields are omitted, matching the `Record<…>` and `field?: T` types tsify
//! emits. Money and quantities that can exceed 2^53 are strings in the Rust types.

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::error::Failure;
use partner_ordering::error::{Api, Error, Issue};
pub use partner_ordering::json::{from_json, from_json_or_default};

/// Rust → JSON text for the JS layer. Our own types always serialize; the error arm exists so
/// an impossible failure is an error, not a panic.
pub fn to_json<T: Serialize + ?Sized>(v: &T) -> Result<String, Failure> {
    partner_ordering::json::to_string(v).map_err(|e| unserializable(&e))
}

/// Not generic: compiled once, not into every result type's conversion.
#[inline(never)]
fn unserializable(e: &partner_ordering::json::de::Error) -> Failure {
    Failure::from(Error::Configuration {
        message: format!("could not serialize a result: {e}"),
    })
}

/// A string parameter (sent as JSON text): anything else is an invalid request naming it.
pub fn arg_str(api: Api, name: &str, text: &str) -> Result<String, Error> {
    from_json::<String>(api, name, text).map_err(|_| {
        Error::invalid(
            api,
            vec![Issue::new(
                name,
                "invalid_type",
                format!("`{name}` must be a string"),
            )],
        )
    })
}

/// JSON → Rust for constructor options: a missing or mistyped setting is a configuration error
/// (`CONFIGURATION_ERROR`), not an invalid request, and the message names the setting.
pub fn config_from_json<T: DeserializeOwned>(api: Api, what: &str, text: &str) -> Result<T, Error> {
    if !text.trim_start().starts_with('{') {
        return Err(Error::Configuration {
            message: format!("{}: {what} must be an object", api.as_str()),
        });
    }
    from_json(api, what, text).map_err(|e| match e.issues().first() {
        Some(i) => {
            // Options hold secrets: a mistyped one (`appSecret: 12345`) must not be echoed.
            let m = partner_ordering::redact::without_values(&i.message);
            Error::Configuration {
                message: if i.code == "required" {
                    format!("{}: `{}` is required", api.as_str(), i.path)
                } else if i.path.is_empty() {
                    format!("{}: {m}", api.as_str())
                } else {
                    format!("{}: `{}`: {m}", api.as_str(), i.path)
                },
            }
        }
        None => e,
    })
}

/// A value that only the JS layer holds (a function, an `AbortSignal`): the options JSON
/// carries `true` where the caller gave one. Anything else there is a type error that names
/// the key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JsOnly;

impl<'de> serde::Deserialize<'de> for JsOnly {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match bool::deserialize(d) {
            Ok(true) => Ok(JsOnly),
            _ => Err(serde::de::Error::custom("expected a function")),
        }
    }
}
