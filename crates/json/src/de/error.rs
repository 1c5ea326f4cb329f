//! The error of [`super::from_str`]: a message, the JSON path, and what kind of failure.

use std::fmt;

use serde::de;

/// A parse or shape failure, with the JSON path where it happened. Boxed, as serde_json's: a
/// `Result` of it is one pointer, which keeps every `?` in the derived code small.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(pub(super) Box<Inner>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Inner {
    pub(super) msg: String,
    pub(super) path: Option<String>,
    pub(super) syntax: bool,
    /// The limit broken, and its value.
    pub(super) limit: Option<(&'static str, usize)>,
}

impl Error {
    pub(super) fn syntax(msg: &str) -> Self {
        Error(Box::new(Inner {
            msg: msg.to_string(),
            path: None,
            syntax: true,
            limit: None,
        }))
    }

    #[inline(never)]
    pub(super) fn limit(name: &'static str, value: usize) -> Self {
        Error(Box::new(Inner {
            msg: format!("exceeds the `{name}` limit of {value}"),
            path: None,
            syntax: false,
            limit: Some((name, value)),
        }))
    }

    /// The [`crate::Limits`] field broken (`maxDepth`, …) and its value, when that is the failure.
    pub fn broken_limit(&self) -> Option<(&'static str, usize)> {
        self.0.limit
    }

    /// The message, without the path (serde's, e.g. ``missing field `sku` ``).
    pub fn message(&self) -> &str {
        &self.0.msg
    }

    /// The JSON path of the failure (`offers[1].sku`); empty for the root.
    pub fn path(&self) -> &str {
        self.0.path.as_deref().unwrap_or("")
    }

    /// True when the text is not JSON at all (as opposed to JSON of the wrong shape).
    pub fn is_syntax(&self) -> bool {
        self.0.syntax
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.msg)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(Box::new(Inner {
            msg: msg.to_string(),
            path: None,
            syntax: false,
            limit: None,
        }))
    }

    // As serde_json: JSON has no "unit value", it has `null`.
    fn invalid_type(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        match unexp {
            de::Unexpected::Unit => {
                de::Error::custom(format_args!("invalid type: null, expected {exp}"))
            }
            u => de::Error::custom(format_args!("invalid type: {u}, expected {exp}")),
        }
    }
}
