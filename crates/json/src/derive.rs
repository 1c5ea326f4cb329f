//! The runtime of `partner-ordering-derive`'s `Deserialize`: what every derived struct shares.
//!
//! serde's derive compiles, into each struct, a field visitor (a string match per key), the
//! reading of each field's value, the duplicate and missing checks, and an array form. Here a
//! struct is a table of its keys and one small `visit_map` that calls these helpers, and each
//! helper is compiled once per field *type* (with the one deserializer of the wasm), shared by
//! every struct that has a field of that type.
//!
//! The semantics are serde's, for the attributes the derive accepts: the same errors (a
//! duplicate field, a missing one, an unknown one under `deny_unknown_fields`, with the same
//! expected list), a missing `Option` is `None`, and a flattened map keeps every key the struct
//! does not have. Unlike serde's `flatten`, nothing is buffered: known fields are read as they
//! come and only the unknown ones go to the map.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::forward_to_deserialize_any;

/// The keys of a struct, for [`next_key`].
pub struct Keys {
    /// Every name the struct reads (renamed, aliases included), field by field: serde's
    /// `FIELDS`, which an unknown field is reported against.
    pub names: &'static [&'static str],
    /// The field of each name, when some field has aliases; empty when each name is its own
    /// field's (the name at index `i` is field `i`).
    pub field_of: &'static [usize],
    /// `deny_unknown_fields`: an unknown key is an error.
    pub deny: bool,
    /// The struct flattens a map: an unknown key is kept ([`OTHER`]).
    pub keep: bool,
}

/// What [`next_key`] returns at the end of the object.
pub const END: usize = usize::MAX;
/// What [`next_key`] returns for a key the struct does not have, when it flattens a map: the
/// key is in `other`, and its value is for [`FlatMap::put`].
pub const OTHER: usize = usize::MAX - 1;

/// Reads the next key of the object `m`: the index of its field, or [`END`]. The value of a key
/// the struct does not have is skipped here (or the key is an error under
/// `deny_unknown_fields`, or [`OTHER`] for a flattened map), so that a struct's own code only
/// sees its fields. Keys usually come in the order of the fields, so the name after the last
/// match (`hint`) is tried first.
///
/// # Errors
/// The deserializer's, and `unknown_field` under `deny_unknown_fields`.
#[inline(never)]
pub fn next_key<'de, A: MapAccess<'de>>(
    m: &mut A,
    keys: &Keys,
    hint: &mut usize,
    other: &mut String,
) -> Result<usize, A::Error> {
    loop {
        let seed = KeySeed {
            keys,
            hint: &mut *hint,
            other: &mut *other,
        };
        match m.next_key_seed(seed)? {
            None => return Ok(END),
            Some(IGNORED) => m.next_value::<IgnoredAny>().map(|_| ())?,
            Some(i) => return Ok(i),
        }
    }
}

/// A key to skip, inside [`next_key`].
const IGNORED: usize = usize::MAX - 2;

struct KeySeed<'a> {
    keys: &'a Keys,
    hint: &'a mut usize,
    other: &'a mut String,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = usize;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<usize, E> {
        let names = self.keys.names;
        // The key after the last one found first (keys usually come in the fields' order),
        // then every key.
        let hinted = names
            .get(*self.hint)
            .filter(|n| **n == s)
            .map(|_| *self.hint);
        if let Some(at) = hinted.or_else(|| names.iter().position(|n| *n == s)) {
            *self.hint = at + 1;
            return Ok(if self.keys.field_of.is_empty() {
                at
            } else {
                self.keys.field_of.get(at).copied().unwrap_or(IGNORED)
            });
        }
        if self.keys.deny {
            Err(E::unknown_field(s, self.keys.names))
        } else if self.keys.keep {
            self.other.clear();
            self.other.push_str(s);
            Ok(OTHER)
        } else {
            Ok(IGNORED)
        }
    }
}

/// Reads the value of a field into its slot, through `seed`: `PhantomData` for the field's
/// own `Deserialize`, or the struct's seed for a field with `deserialize_with`.
///
/// # Errors
/// The deserializer's, and `duplicate_field` for a field read twice.
#[inline(never)]
pub fn field<'de, A: MapAccess<'de>, S: DeserializeSeed<'de>>(
    m: &mut A,
    slot: &mut Option<S::Value>,
    seed: S,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(m.next_value_seed(seed)?);
    Ok(())
}

/// [`field`] for a field with a default, read into its place (which holds the default until
/// then); `seen` has one bit per such field, to catch a duplicate.
///
/// # Errors
/// As [`field`].
#[inline(never)]
pub fn field_in<'de, A: MapAccess<'de>, S: DeserializeSeed<'de>>(
    m: &mut A,
    slot: &mut S::Value,
    seed: S,
    seen: &mut u64,
    bit: u64,
    name: &'static str,
) -> Result<(), A::Error> {
    if *seen & bit != 0 {
        return Err(de::Error::duplicate_field(name));
    }
    *seen |= bit;
    *slot = m.next_value_seed(seed)?;
    Ok(())
}

/// A map a struct flattens: it takes every key the struct does not have.
pub trait FlatMap<'de> {
    /// Reads the value of `key` from `m` and keeps it.
    ///
    /// # Errors
    /// The deserializer's.
    fn put<A: MapAccess<'de>>(&mut self, key: &str, m: &mut A) -> Result<(), A::Error>;
}

impl<'de, V: Deserialize<'de>> FlatMap<'de> for BTreeMap<String, V> {
    fn put<A: MapAccess<'de>>(&mut self, key: &str, m: &mut A) -> Result<(), A::Error> {
        let v = m.next_value()?;
        self.insert(key.to_string(), v);
        Ok(())
    }
}

/// The value of a required field that was not sent: `None` for an `Option` (as serde: a
/// missing optional field is absent), a `missing_field` error otherwise.
///
/// # Errors
/// `missing_field`, for a type that is not optional.
#[inline(never)]
pub fn missing<'de, T: Deserialize<'de>, E: de::Error>(name: &'static str) -> Result<T, E> {
    T::deserialize(Missing(name, PhantomData))
}

/// [`missing`] for a field read through `deserialize_with`: always an error (as serde).
///
/// # Errors
/// Always `missing_field`.
#[inline(never)]
pub fn missing_with<T, E: de::Error>(name: &'static str) -> Result<T, E> {
    Err(E::missing_field(name))
}

/// The deserializer of a field that was not sent.
struct Missing<E>(&'static str, PhantomData<E>);

impl<'de, E: de::Error> de::Deserializer<'de> for Missing<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}
