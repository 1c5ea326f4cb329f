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
    /// The field the failure is about, when serde named one.
    pub(super) field: Option<Field>,
}

/// A field serde named in a failure, kept as data so that callers never parse the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Field {
    /// A field the type requires is absent.
    Missing(&'static str),
    /// The input has a field the type does not, and these are the type's fields.
    Unknown(String, &'static [&'static str]),
}

impl Error {
    pub(super) fn syntax(msg: &str) -> Self {
        Error(Box::new(Inner {
            msg: msg.to_string(),
            path: None,
            syntax: true,
            limit: None,
            field: None,
        }))
    }

    #[inline(never)]
    pub(super) fn limit(name: &'static str, value: usize) -> Self {
        Error(Box::new(Inner {
            msg: format!("exceeds the `{name}` limit of {value}"),
            path: None,
            syntax: false,
            limit: Some((name, value)),
            field: None,
        }))
    }

    /// The [`crate::Limits`] field broken (`maxDepth`, …) and its value, when that is the failure.
    pub fn broken_limit(&self) -> Option<(&'static str, usize)> {
        self.0.limit
    }

    /// The field a type requires and the input lacks, when that is the failure.
    pub fn missing_field(&self) -> Option<&'static str> {
        match self.0.field {
            Some(Field::Missing(f)) => Some(f),
            _ => None,
        }
    }

    /// The field the input has and the type does not, with the type's fields, when that is the
    /// failure.
    pub fn unknown_field(&self) -> Option<(&str, &'static [&'static str])> {
        match &self.0.field {
            Some(Field::Unknown(f, known)) => Some((f, known)),
            _ => None,
        }
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
            field: None,
        }))
    }

    // serde's own wording, with the field kept as data.
    fn missing_field(field: &'static str) -> Self {
        let mut e: Self = de::Error::custom(format_args!("missing field `{field}`"));
        e.0.field = Some(Field::Missing(field));
        e
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        let mut e: Self = match expected {
            [] => de::Error::custom(format_args!("unknown field `{field}`, there are no fields")),
            [a] => de::Error::custom(format_args!("unknown field `{field}`, expected `{a}`")),
            [a, b] => de::Error::custom(format_args!(
                "unknown field `{field}`, expected `{a}` or `{b}`"
            )),
            _ => de::Error::custom(format_args!(
                "unknown field `{field}`, expected one of `{}`",
                expected.join("`, `")
            )),
        };
        e.0.field = Some(Field::Unknown(field.to_string(), expected));
        e
    }

    fn invalid_type(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        de::Error::custom(format_args!(
            "invalid type: {}, expected {exp}",
            Shown(unexp)
        ))
    }

    fn invalid_value(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        de::Error::custom(format_args!(
            "invalid value: {}, expected {exp}",
            Shown(unexp)
        ))
    }
}

/// serde's description of an unexpected value, with two changes: `null` rather than "unit
/// value" (as serde_json: JSON has `null`), and floats formatted by [`crate::float_text`], not
/// by core's `Display` (16 KB of float formatting in the wasm for one message).
struct Shown<'a>(de::Unexpected<'a>);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use de::Unexpected as U;
        // Every variant by hand: delegating the others to serde's `Display` would compile in
        // its float arm, and with it core's float formatting.
        match self.0 {
            U::Unit => f.write_str("null"),
            U::Float(x) => write!(f, "floating point `{}`", crate::float_text(x)),
            U::Bool(b) => write!(f, "boolean `{b}`"),
            U::Unsigned(i) => write!(f, "integer `{i}`"),
            U::Signed(i) => write!(f, "integer `{i}`"),
            U::Char(c) => write!(f, "character `{c}`"),
            U::Str(s) => write!(f, "string {s:?}"),
            U::Bytes(_) => f.write_str("byte array"),
            U::Option => f.write_str("Option value"),
            U::NewtypeStruct => f.write_str("newtype struct"),
            U::Seq => f.write_str("sequence"),
            U::Map => f.write_str("map"),
            U::Enum => f.write_str("enum"),
            U::UnitVariant => f.write_str("unit variant"),
            U::NewtypeVariant => f.write_str("newtype variant"),
            U::TupleVariant => f.write_str("tuple variant"),
            U::StructVariant => f.write_str("struct variant"),
            U::Other(other) => f.write_str(other),
        }
    }
}
