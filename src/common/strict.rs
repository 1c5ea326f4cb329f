//! Caller inputs refuse fields they do not have, so a misspelt `poNumbr` is an
//! `unknown_field` issue instead of a value silently left out of the request.
//!
//! Input-only types say `#[serde(deny_unknown_fields)]`. A type that is also part of a
//! response (a postal address, a period) cannot: servers add fields, and responses stay
//! lenient. An input field of such a type is read through a private strict twin of it (the
//! same fields, `deny_unknown_fields`, converted with `From`), with
//! `#[serde(deserialize_with = "strict::<_, Twin, _>")]`; the Rust and TypeScript types of the
//! field do not change. A twin that misses a field of its type does not compile (`From`
//! builds every field).

use serde::{Deserialize, Deserializer};

/// Reads `T` through its strict twin `S`.
///
/// # Errors
/// The deserializer's, including an unknown field.
pub fn strict<'de, D, S, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    S: Deserialize<'de> + Into<T>,
{
    S::deserialize(d).map(Into::into)
}

/// [`strict`] for an optional field (give the field `#[serde(default)]` too).
///
/// # Errors
/// As [`strict`].
pub fn strict_opt<'de, D, S, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    S: Deserialize<'de> + Into<T>,
{
    Option::<S>::deserialize(d).map(|o| o.map(Into::into))
}

/// [`strict`] for a list (give the field `#[serde(default)]` too).
///
/// # Errors
/// As [`strict`].
pub fn strict_vec<'de, D, S, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    S: Deserialize<'de> + Into<T>,
{
    Vec::<S>::deserialize(d).map(|v| v.into_iter().map(Into::into).collect())
}
