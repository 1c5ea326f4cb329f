//! serde's side of the parser: the `Deserializer` trait, and the access to arrays, objects and
//! enum variants. Every method only dispatches to a parse step of [`super::Deserializer`].

use serde::de::{self, Deserialize, DeserializeSeed, IntoDeserializer, Visitor};

use super::{Deserializer, Error, Kind, Num, Text};

/// Every number type goes through one path, `deserialize_u64`: the visitor decides what fits
/// (as serde_json does).
macro_rules! numbers {
    ($($name:ident)*) => {
        $(fn $name<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.deserialize_u64(visitor)
        })*
    };
}

impl<'de> de::Deserializer<'de> for &mut Deserializer<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.kind()? {
            Kind::Null => visitor.visit_unit(),
            Kind::Bool(b) => visitor.visit_bool(b),
            Kind::Str => match self.string()? {
                Text::Borrowed(s) => visitor.visit_borrowed_str(s),
                Text::Scratch => visitor.visit_str(&self.scratch),
            },
            Kind::Num => match self.number()? {
                Num::U(n) => visitor.visit_u64(n),
                Num::I(n) => visitor.visit_i64(n),
                Num::F(n) => visitor.visit_f64(n),
            },
            Kind::Seq => {
                self.open()?;
                let r = visitor.visit_seq(Items { de: self, n: 0 });
                finish(self, r, b']')
            }
            Kind::Map => {
                self.open()?;
                let r = visitor.visit_map(Fields { de: self, n: 0 });
                finish(self, r, b'}')
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.peek() == Some(b'n') {
            self.word("null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.peek() {
            Some(b'"') => match self.string()? {
                Text::Borrowed(s) => visitor.visit_enum(s.into_deserializer()),
                Text::Scratch => visitor.visit_enum(de::value::StrDeserializer::new(&self.scratch)),
            },
            Some(b'{') => {
                self.open()?;
                let r = visitor.visit_enum(Variant { de: self });
                finish(self, r, b'}')
            }
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.skip()?;
        visitor.visit_unit()
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.kind()? {
            Kind::Bool(b) => visitor.visit_bool(b),
            k => Err(self.unexpected(k, &visitor)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.kind()? {
            Kind::Str => match self.string()? {
                Text::Borrowed(s) => visitor.visit_borrowed_str(s),
                Text::Scratch => visitor.visit_str(&self.scratch),
            },
            k => Err(self.unexpected(k, &visitor)),
        }
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.kind()? {
            Kind::Num => match self.number()? {
                Num::U(n) => visitor.visit_u64(n),
                Num::I(n) => visitor.visit_i64(n),
                Num::F(n) => visitor.visit_f64(n),
            },
            k => Err(self.unexpected(k, &visitor)),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.kind()? {
            Kind::Seq => {
                self.open()?;
                let r = visitor.visit_seq(Items { de: self, n: 0 });
                finish(self, r, b']')
            }
            k => Err(self.unexpected(k, &visitor)),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.kind()? {
            Kind::Map => {
                self.open()?;
                let r = visitor.visit_map(Fields { de: self, n: 0 });
                finish(self, r, b'}')
            }
            k => Err(self.unexpected(k, &visitor)),
        }
    }

    // Unlike serde_json, a struct is an object only, never an array of its fields: no API
    // writes one that way, and the derive's array form would double each struct's code.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.kind()? {
            Kind::Null => visitor.visit_unit(),
            k => Err(self.unexpected(k, &visitor)),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    numbers! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u128 deserialize_f32
        deserialize_f64
    }
}

/// Closes a container after its visitor. A failure gets its path while the container is
/// still open (the parse stops there, so the container is never popped). Inlined: the result
/// stays where the visitor wrote it, so no type gets a function of its own for this.
#[inline(always)]
fn finish<T>(de: &mut Deserializer<'_>, mut r: Result<T, Error>, close: u8) -> Result<T, Error> {
    match &mut r {
        Ok(_) => de.close(close)?,
        Err(e) => de.locate_in_place(e),
    }
    r
}

/// The items of an array.
struct Items<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    n: usize,
}

impl<'de> de::SeqAccess<'de> for Items<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if !self.de.next_item(self.n)? {
            return Ok(None);
        }
        self.n += 1;
        seed.deserialize(&mut *self.de).map(Some)
    }
}

/// The fields of an object.
struct Fields<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    /// Keys read so far.
    n: usize,
}

impl<'de> de::MapAccess<'de> for Fields<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let n = self.n;
        self.n += 1;
        match self.de.next_key(n)? {
            None => Ok(None),
            Some(Text::Borrowed(k)) => seed
                .deserialize(de::value::BorrowedStrDeserializer::new(k))
                .map(Some),
            Some(Text::Scratch) => seed
                .deserialize(de::value::StrDeserializer::new(&self.de.scratch))
                .map(Some),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(&mut *self.de)
    }
}

/// `{"Variant": value}`: an enum variant with data.
struct Variant<'a, 'de> {
    de: &'a mut Deserializer<'de>,
}

impl<'de> de::EnumAccess<'de> for Variant<'_, 'de> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self), Error> {
        let v = match self.de.next_key(0)? {
            None => return Err(de::Error::custom("expected a variant name")),
            Some(Text::Borrowed(k)) => {
                seed.deserialize(de::value::BorrowedStrDeserializer::new(k))?
            }
            Some(Text::Scratch) => {
                seed.deserialize(de::value::StrDeserializer::new(&self.de.scratch))?
            }
        };
        Ok((v, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'_, 'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        Deserialize::deserialize(&mut *self.de)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(&mut *self.de)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_any(&mut *self.de, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_any(&mut *self.de, visitor)
    }
}
