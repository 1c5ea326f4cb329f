//! The one JSON serializer of the library: request bodies and the results handed to JS.
//!
//! Why not serde_json's: its serializer writes through `io::Write` and inlines its formatting
//! into each type's `Serialize` code. Here the output is a `String`, every formatting step is a
//! plain non-generic method (a struct's code is only its derive), and strings are scanned eight
//! bytes at a time for the characters JSON must escape, which is most of the time spent when a
//! list of records goes to JS. The output is what serde_json writes.

use std::fmt::Write as _;

use serde::ser::{self, Serialize};

use crate::de::Error;

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        <Error as serde::de::Error>::custom(msg)
    }
}

/// Serializes `v` as compact JSON text.
///
/// # Errors
/// Only for values JSON cannot hold: a map key that is not a string or a number.
pub fn to_string<T: Serialize + ?Sized>(v: &T) -> Result<String, Error> {
    let mut s = Serializer {
        out: String::with_capacity(128),
    };
    v.serialize(&mut s)?;
    Ok(s.out)
}

/// The length of the prefix of `b` that JSON can hold in a string as it is: no `"`, `\` or
/// control character. Eight bytes at a time (SWAR): for each byte, "less than 0x20" and "equal
/// to `"` or `\`" are computed in one `u64` (the classic has-less and has-zero tricks, which are
/// exact as to whether any byte matches).
pub(super) fn plain_prefix(b: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let special = |x: u64| {
        let control = x.wrapping_sub(ONES * 0x20) & !x;
        let q = x ^ (ONES * u64::from(b'"'));
        let quote = q.wrapping_sub(ONES) & !q;
        let s = x ^ (ONES * u64::from(b'\\'));
        let slash = s.wrapping_sub(ONES) & !s;
        (control | quote | slash) & HIGH != 0
    };
    let mut i = 0;
    while let Some(chunk) = b.get(i..i + 8) {
        match <[u8; 8]>::try_from(chunk) {
            Ok(a) if !special(u64::from_le_bytes(a)) => i += 8,
            _ => break,
        }
    }
    while let Some(&c) = b.get(i) {
        if c < 0x20 || c == b'"' || c == b'\\' {
            break;
        }
        i += 1;
    }
    i
}

/// The output so far.
pub struct Serializer {
    out: String,
}

impl Serializer {
    /// A JSON string: plain runs copied whole, the rest escaped as serde_json does.
    #[inline(never)]
    fn string(&mut self, s: &str) {
        self.out.reserve(s.len() + 2);
        self.out.push('"');
        let mut rest = s;
        loop {
            let n = plain_prefix(rest.as_bytes());
            // `n` is at an ASCII byte (or the end), so both halves are on char boundaries.
            let (plain, tail) = (rest.get(..n).unwrap_or(""), rest.get(n..).unwrap_or(""));
            self.out.push_str(plain);
            let mut chars = tail.chars();
            match chars.next() {
                None => break,
                Some('"') => self.out.push_str("\\\""),
                Some('\\') => self.out.push_str("\\\\"),
                Some('\n') => self.out.push_str("\\n"),
                Some('\r') => self.out.push_str("\\r"),
                Some('\t') => self.out.push_str("\\t"),
                Some('\u{8}') => self.out.push_str("\\b"),
                Some('\u{c}') => self.out.push_str("\\f"),
                Some(c) => {
                    let _ = write!(self.out, "\\u{:04x}", u32::from(c));
                }
            }
            rest = chars.as_str();
        }
        self.out.push('"');
    }

    #[inline(never)]
    fn unsigned(&mut self, mut n: u64) {
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        loop {
            i -= 1;
            if let Some(d) = buf.get_mut(i) {
                *d = b'0' + (n % 10) as u8;
            }
            n /= 10;
            if n == 0 || i == 0 {
                break;
            }
        }
        for &d in buf.get(i..).unwrap_or(&[]) {
            self.out.push(char::from(d));
        }
    }

    #[inline(never)]
    fn signed(&mut self, n: i64) {
        if n < 0 {
            self.out.push('-');
        }
        self.unsigned(n.unsigned_abs());
    }

    #[inline(never)]
    fn float(&mut self, f: f64) {
        if f.is_finite() {
            self.out.push_str(zmij::Buffer::new().format_finite(f));
        } else {
            // As serde_json: JSON has no NaN or infinity.
            self.out.push_str("null");
        }
    }

    /// Before an item or a field: a comma unless it is the first.
    #[inline(never)]
    fn comma(&mut self, first: &mut bool) {
        if !std::mem::replace(first, false) {
            self.out.push(',');
        }
    }

    #[inline(never)]
    fn key(&mut self, first: &mut bool, key: &str) {
        self.comma(first);
        self.string(key);
        self.out.push(':');
    }

    /// `{"variant":` before a variant's data.
    #[inline(never)]
    fn open_variant(&mut self, variant: &str) {
        self.out.push('{');
        self.string(variant);
        self.out.push(':');
    }

    /// A map key: strings as they are, numbers quoted (as serde_json); anything else refused.
    #[inline(never)]
    fn fix_key(&mut self, start: usize) -> Result<(), Error> {
        match self.out.as_bytes().get(start) {
            Some(b'"') => Ok(()),
            Some(b'-' | b'0'..=b'9') => {
                self.out.insert(start, '"');
                self.out.push('"');
                Ok(())
            }
            _ => Err(<Error as serde::de::Error>::custom(
                "a map key must be a string",
            )),
        }
    }
}

/// An open array or object; `close` is what ends it (`]`, `}`, or `]}` / `}}` for a variant).
pub struct Compound<'a> {
    ser: &'a mut Serializer,
    first: bool,
    close: &'static str,
}

impl Compound<'_> {
    fn end(self) -> Result<(), Error> {
        self.ser.out.push_str(self.close);
        Ok(())
    }
}

/// Numbers of the narrower types, written as their widest type.
macro_rules! widening {
    ($($method:ident($t:ty) => $write:ident($wide:ty)),*) => {$(
        fn $method(self, v: $t) -> Result<(), Error> {
            self.$write(<$wide>::from(v));
            Ok(())
        }
    )*};
}

impl<'a> ser::Serializer for &'a mut Serializer {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    widening! {
        serialize_i8(i8) => signed(i64),
        serialize_i16(i16) => signed(i64),
        serialize_i32(i32) => signed(i64),
        serialize_u8(u8) => unsigned(u64),
        serialize_u16(u16) => unsigned(u64),
        serialize_u32(u32) => unsigned(u64),
        serialize_f32(f32) => float(f64)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.signed(v);
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.unsigned(v);
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.float(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.string(v);
        Ok(())
    }
    // As serde_json: bytes are an array of numbers.
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for b in v {
            seq.serialize_element(b)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), Error> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.string(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        self.open_variant(variant);
        v.serialize(&mut *self)?;
        self.out.push('}');
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>, Error> {
        self.out.push('[');
        Ok(Compound {
            ser: self,
            first: true,
            close: "]",
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Error> {
        self.open_variant(variant);
        self.out.push('[');
        Ok(Compound {
            ser: self,
            first: true,
            close: "]}",
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>, Error> {
        self.out.push('{');
        Ok(Compound {
            ser: self,
            first: true,
            close: "}",
        })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Error> {
        self.open_variant(variant);
        self.out.push('{');
        Ok(Compound {
            ser: self,
            first: true,
            close: "}}",
        })
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        self.ser.comma(&mut self.first);
        v.serialize(&mut *self.ser)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

/// Tuples of every kind are arrays: each forwards to [`ser::SerializeSeq`].
macro_rules! as_seq {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
                ser::SerializeSeq::serialize_element(self, v)
            }
            fn end(self) -> Result<(), Error> {
                Compound::end(self)
            }
        }
    )*};
}

as_seq!(
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.ser.comma(&mut self.first);
        let start = self.ser.out.len();
        key.serialize(&mut *self.ser)?;
        self.ser.fix_key(start)?;
        self.ser.out.push(':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        v.serialize(&mut *self.ser)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        self.ser.key(&mut self.first, key);
        v.serialize(&mut *self.ser)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        ser::SerializeStruct::serialize_field(self, key, v)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn writes_what_serde_json_writes() {
        let cases = [
            json!({"a": 1, "b": [true, false, null], "c": {"d": "e\"f\\g\nh\u{1}i/é😀"}}),
            json!([-9223372036854775808i64, 18446744073709551615u64, 0, -1]),
            json!("x".repeat(9) + "\"" + &"y".repeat(17)),
            json!({}),
            json!([]),
            json!(""),
        ];
        for v in cases {
            assert_eq!(to_string(&v).unwrap(), serde_json::to_string(&v).unwrap());
        }
    }

    #[test]
    fn the_plain_prefix_stops_at_the_first_special_byte_anywhere_in_a_word() {
        for len in 0..20 {
            for at in 0..len {
                for special in [b'"', b'\\', 0u8, 0x1f] {
                    let mut b = vec![b'a'; len];
                    if let Some(x) = b.get_mut(at) {
                        *x = special;
                    }
                    assert_eq!(plain_prefix(&b), at, "len {len}, at {at}, byte {special}");
                }
            }
            // Bytes just outside the special ranges, and multibyte UTF-8, are plain.
            let plain: Vec<u8> = [b' ', b'!', b'#', b'[', b']', 0x7f, 0xc3, 0xa9]
                .iter()
                .cycle()
                .take(len)
                .copied()
                .collect();
            assert_eq!(plain_prefix(&plain), len);
        }
    }

    #[test]
    fn enums_maps_and_floats() {
        #[derive(serde::Serialize)]
        enum E {
            Unit,
            New(u8),
            Tuple(u8, u8),
            Struct { a: u8 },
        }
        let m: std::collections::BTreeMap<u32, &str> = [(1, "a"), (20, "b")].into();
        assert_eq!(to_string(&m).unwrap(), r#"{"1":"a","20":"b"}"#);
        let v = vec![E::Unit, E::New(1), E::Tuple(1, 2), E::Struct { a: 3 }];
        assert_eq!(to_string(&v).unwrap(), serde_json::to_string(&v).unwrap());
        assert_eq!(
            to_string(&[1.5, f64::NAN, -0.25]).unwrap(),
            "[1.5,null,-0.25]"
        );
        let floats = [1e300, 1e-7, 1e21, -1e-8, 0.0, -0.0, 123456.5, 1.0, 5e-324];
        assert_eq!(
            to_string(&floats).unwrap(),
            serde_json::to_string(&floats).unwrap()
        );
        let bad: std::collections::BTreeMap<bool, u8> = [(true, 1)].into();
        assert!(to_string(&bad).is_err());
    }
}
