//! The one JSON deserializer of the library: serde's data model over UTF-8 text.
//!
//! Why not serde_json's: every `Deserialize` impl is compiled once per deserializer, and
//! serde_json's inlines its whole reader (white space, commas, key strings) into each struct's
//! visitor, about 2.7 KB per struct in the wasm. Here every step of the parse is a plain,
//! non-generic method, and the generic methods only dispatch to the visitor, so a struct costs
//! what its derive costs. It also tracks where it is (one slot per open container), so a failure
//! names its JSON path (`offers[2].quantity`) without a second walk over the text.
//!
//! Semantics follow serde_json: numbers are `u64`, then `i64`, then `f64`; strings without
//! escapes are borrowed; nesting is limited (to [`MAX_DEPTH`]); lone surrogates, control
//! characters and trailing characters are errors; `null` is reported as `null`.

use std::fmt;

use serde::de::{self, Deserialize, DeserializeSeed, IntoDeserializer, Visitor};

use super::Limits;

/// Nesting of arrays and objects past which a response stops parsing (serde_json's limit too),
/// so no input can exhaust the stack. Arguments have the tighter [`super::LIMITS`].
pub const MAX_DEPTH: usize = 128;

/// The limits of [`from_str`] and [`from_slice`]: depth only (a response is already bounded in
/// bytes by the host).
const RESPONSE_LIMITS: Limits = Limits {
    max_bytes: usize::MAX,
    max_depth: MAX_DEPTH,
    max_items: usize::MAX,
    max_string: usize::MAX,
};

/// A parse or shape failure, with the JSON path where it happened. Boxed, as serde_json's: a
/// `Result` of it is one pointer, which keeps every `?` in the derived code small.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(Box<Inner>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    msg: String,
    path: Option<String>,
    syntax: bool,
    /// The limit broken, and its value.
    limit: Option<(&'static str, usize)>,
}

impl Error {
    fn syntax(msg: &str) -> Self {
        Error(Box::new(Inner {
            msg: msg.to_string(),
            path: None,
            syntax: true,
            limit: None,
        }))
    }

    #[inline(never)]
    fn limit(name: &'static str, value: usize) -> Self {
        Error(Box::new(Inner {
            msg: format!("exceeds the `{name}` limit of {value}"),
            path: None,
            syntax: false,
            limit: Some((name, value)),
        }))
    }

    /// The [`Limits`] field broken (`maxDepth`, …) and its value, when that is the failure.
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

/// Parses `text` into `T`.
///
/// # Errors
/// [`Error`] for text that is not JSON, or JSON that does not fit `T`.
pub fn from_str<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, Error> {
    from_str_within(text, &RESPONSE_LIMITS)
}

/// [`from_str`] within `limits` (all but `max_bytes`, which the caller checks): a broken limit
/// stops the parse with an error that names it ([`Error::broken_limit`]).
///
/// # Errors
/// As [`from_str`].
pub fn from_str_within<'de, T: Deserialize<'de>>(
    text: &'de str,
    limits: &Limits,
) -> Result<T, Error> {
    let mut de = Deserializer::new(text, limits);
    let v = T::deserialize(&mut de).map_err(|e| de.locate(e))?;
    de.end()?;
    Ok(v)
}

/// [`from_str`] for bytes, which must be UTF-8.
///
/// # Errors
/// As [`from_str`]; bytes that are not UTF-8 are a syntax error.
pub fn from_slice<'de, T: Deserialize<'de>>(bytes: &'de [u8]) -> Result<T, Error> {
    match std::str::from_utf8(bytes) {
        Ok(text) => from_str(text),
        Err(_) => Err(Error::syntax("invalid UTF-8")),
    }
}

/// One step of the path: a key (its range in the text, as written) or an array index.
#[derive(Clone, Copy)]
enum Slot {
    None,
    Key(usize, usize),
    Index(usize),
}

/// What the next value is, from its first byte.
enum Kind {
    Null,
    Bool(bool),
    Str,
    Num,
    Seq,
    Map,
}

/// A parsed string: borrowed from the text, or unescaped into the scratch buffer.
enum Text<'de> {
    Borrowed(&'de str),
    Scratch,
}

/// A parsed number, as serde_json classifies it.
enum Num {
    U(u64),
    I(i64),
    F(f64),
}

/// The parser state. Use [`from_str`] or [`from_slice`].
pub struct Deserializer<'de> {
    text: &'de str,
    i: usize,
    scratch: String,
    /// One slot per open container: the key or index being read in it.
    path: Vec<Slot>,
    limits: Limits,
}

impl<'de> Deserializer<'de> {
    fn new(text: &'de str, limits: &Limits) -> Self {
        Deserializer {
            text,
            i: 0,
            scratch: String::new(),
            path: Vec::new(),
            limits: *limits,
        }
    }

    fn byte(&self) -> Option<u8> {
        self.text.as_bytes().get(self.i).copied()
    }

    /// Skips white space; the next byte, if any.
    fn peek(&mut self) -> Option<u8> {
        while let Some(c) = self.byte() {
            if !matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
                return Some(c);
            }
            self.i += 1;
        }
        None
    }

    /// Gives `e` the path of where the parse is now, unless an inner container already did.
    #[inline(never)]
    fn locate(&self, mut e: Error) -> Error {
        if e.0.path.is_none() {
            let mut out = String::new();
            for slot in &self.path {
                match *slot {
                    Slot::None => {}
                    Slot::Key(a, b) => {
                        if !out.is_empty() {
                            out.push('.');
                        }
                        out.push_str(self.text.get(a..b).unwrap_or(""));
                    }
                    Slot::Index(n) => {
                        out.push('[');
                        out.push_str(&n.to_string());
                        out.push(']');
                    }
                }
            }
            e.0.path = Some(out);
        }
        e
    }

    fn set_slot(&mut self, slot: Slot) {
        if let Some(s) = self.path.last_mut() {
            *s = slot;
        }
    }

    /// Only white space may follow the value.
    fn end(&mut self) -> Result<(), Error> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.locate(Error::syntax("trailing characters"))),
        }
    }

    /// Consumes `word` (`null`, `true`, `false`) at the current position.
    fn word(&mut self, word: &str) -> Result<(), Error> {
        let end = self.i + word.len();
        if self.text.as_bytes().get(self.i..end) == Some(word.as_bytes()) {
            self.i = end;
            Ok(())
        } else {
            Err(Error::syntax("expected value"))
        }
    }

    /// What the next value is; consumes literals (`null`, `true`, `false`).
    #[inline(never)]
    fn kind(&mut self) -> Result<Kind, Error> {
        match self.peek() {
            None => Err(Error::syntax("EOF while parsing a value")),
            Some(b'n') => self.word("null").map(|()| Kind::Null),
            Some(b't') => self.word("true").map(|()| Kind::Bool(true)),
            Some(b'f') => self.word("false").map(|()| Kind::Bool(false)),
            Some(b'"') => Ok(Kind::Str),
            Some(b'[') => Ok(Kind::Seq),
            Some(b'{') => Ok(Kind::Map),
            Some(b'-' | b'0'..=b'9') => Ok(Kind::Num),
            Some(_) => Err(Error::syntax("expected value")),
        }
    }

    /// Opens the container at the current position (`[` or `{`).
    #[inline(never)]
    fn open(&mut self) -> Result<(), Error> {
        if self.path.len() >= self.limits.max_depth {
            return Err(Error::limit("maxDepth", self.limits.max_depth));
        }
        self.i += 1;
        self.path.push(Slot::None);
        Ok(())
    }

    /// Closes the innermost container after its visitor succeeded: its closing byte must come
    /// next.
    #[inline(never)]
    fn close(&mut self, close: u8) -> Result<(), Error> {
        let r = match self.peek() {
            Some(c) if c == close => {
                self.i += 1;
                Ok(())
            }
            Some(b',') => Err(self.locate(de::Error::custom(if close == b']' {
                "trailing items in the array"
            } else {
                "trailing fields in the object"
            }))),
            _ => Err(self.locate(Error::syntax("expected `,` or the end of the container"))),
        };
        self.path.pop();
        r
    }

    /// Before an array item: `Ok(true)` when there is one (the comma consumed).
    #[inline(never)]
    fn next_item(&mut self, index: usize) -> Result<bool, Error> {
        match self.peek() {
            Some(b']') => {
                self.set_slot(Slot::None);
                return Ok(false);
            }
            Some(b',') if index > 0 => self.i += 1,
            _ if index == 0 => {}
            _ => return Err(Error::syntax("expected `,` or `]`")),
        }
        if index > 0 && self.peek() == Some(b']') {
            return Err(Error::syntax("trailing comma"));
        }
        if index >= self.limits.max_items {
            return Err(Error::limit("maxItems", self.limits.max_items));
        }
        self.set_slot(Slot::Index(index));
        Ok(true)
    }

    /// Before an object key: parses it and the colon after it; `None` at the end.
    #[inline(never)]
    fn next_key(&mut self, n: usize) -> Result<Option<Text<'de>>, Error> {
        let first = n == 0;
        match self.peek() {
            Some(b'}') => {
                self.set_slot(Slot::None);
                return Ok(None);
            }
            Some(b',') if !first => {
                self.i += 1;
                if self.peek() != Some(b'"') {
                    return Err(Error::syntax("expected a key after `,`"));
                }
            }
            Some(b'"') if first => {}
            _ => return Err(Error::syntax("expected a string key")),
        }
        if n >= self.limits.max_items {
            return Err(Error::limit("maxItems", self.limits.max_items));
        }
        let start = self.i + 1;
        let key = self.string()?;
        self.set_slot(Slot::Key(start, self.i - 1));
        match self.peek() {
            Some(b':') => self.i += 1,
            _ => return Err(Error::syntax("expected `:`")),
        }
        Ok(Some(key))
    }

    /// The string at the current position (which is `"`).
    #[inline(never)]
    fn string(&mut self) -> Result<Text<'de>, Error> {
        let b = self.text.as_bytes();
        let start = self.i + 1;
        // The common case: no escapes, borrowed from the text. The scan for the end is the
        // serializer's, eight bytes at a time.
        let mut j = start + b.get(start..).map_or(0, super::ser::plain_prefix);
        loop {
            match b.get(j) {
                None => return Err(Error::syntax("EOF while parsing a string")),
                Some(b'"') => {
                    self.check_length(start, j)?;
                    self.i = j + 1;
                    return Ok(Text::Borrowed(self.text.get(start..j).unwrap_or("")));
                }
                Some(b'\\') => break,
                Some(c) if *c < 0x20 => return Err(Error::syntax("control character in a string")),
                Some(_) => j += 1,
            }
        }
        self.scratch.clear();
        self.scratch.push_str(self.text.get(start..j).unwrap_or(""));
        loop {
            match b.get(j) {
                None => return Err(Error::syntax("EOF while parsing a string")),
                Some(b'"') => {
                    self.check_length(start, j)?;
                    self.i = j + 1;
                    return Ok(Text::Scratch);
                }
                Some(b'\\') => {
                    let esc = b.get(j + 1).copied();
                    j += 2;
                    let c = match esc {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            let (c, used) = self.unicode_escape(j)?;
                            j += used;
                            c
                        }
                        _ => return Err(Error::syntax("invalid escape")),
                    };
                    self.scratch.push(c);
                }
                Some(c) if *c < 0x20 => return Err(Error::syntax("control character in a string")),
                Some(_) => {
                    // Copy the run up to the next quote or escape (whole UTF-8 sequences).
                    let run = j + b.get(j..).map_or(0, super::ser::plain_prefix);
                    self.scratch.push_str(self.text.get(j..run).unwrap_or(""));
                    j = run;
                }
            }
        }
    }

    /// A string's length as written (escapes included), against `max_string`.
    fn check_length(&self, start: usize, end: usize) -> Result<(), Error> {
        if end - start > self.limits.max_string {
            return Err(Error::limit("maxString", self.limits.max_string));
        }
        Ok(())
    }

    /// The character of a `\u` escape whose hex digits start at `j`, and how many bytes it took
    /// (4, or 10 for a surrogate pair).
    fn unicode_escape(&self, j: usize) -> Result<(char, usize), Error> {
        let hex = |at: usize| -> Result<u32, Error> {
            self.text
                .get(at..at + 4)
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .ok_or_else(|| Error::syntax("invalid \\u escape"))
        };
        let hi = hex(j)?;
        if !(0xD800..0xE000).contains(&hi) {
            return char::from_u32(hi)
                .map(|c| (c, 4))
                .ok_or_else(|| Error::syntax("invalid \\u escape"));
        }
        let b = self.text.as_bytes();
        if hi >= 0xDC00 || b.get(j + 4) != Some(&b'\\') || b.get(j + 5) != Some(&b'u') {
            return Err(Error::syntax("lone surrogate in hex escape"));
        }
        let lo = hex(j + 6)?;
        if !(0xDC00..0xE000).contains(&lo) {
            return Err(Error::syntax("lone surrogate in hex escape"));
        }
        let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
        char::from_u32(c)
            .map(|c| (c, 10))
            .ok_or_else(|| Error::syntax("invalid \\u escape"))
    }

    /// The number at the current position, with JSON's grammar.
    #[inline(never)]
    fn number(&mut self) -> Result<Num, Error> {
        let b = self.text.as_bytes();
        let start = self.i;
        let mut j = start;
        let neg = b.get(j) == Some(&b'-');
        if neg {
            j += 1;
        }
        let digits = |j: &mut usize| {
            let from = *j;
            while b.get(*j).is_some_and(u8::is_ascii_digit) {
                *j += 1;
            }
            *j - from
        };
        let int_start = j;
        let n = digits(&mut j);
        if n == 0 || (n > 1 && b.get(int_start) == Some(&b'0')) {
            return Err(Error::syntax("invalid number"));
        }
        let mut float = false;
        if b.get(j) == Some(&b'.') {
            j += 1;
            float = true;
            if digits(&mut j) == 0 {
                return Err(Error::syntax("invalid number"));
            }
        }
        if matches!(b.get(j), Some(b'e' | b'E')) {
            j += 1;
            float = true;
            if matches!(b.get(j), Some(b'+' | b'-')) {
                j += 1;
            }
            if digits(&mut j) == 0 {
                return Err(Error::syntax("invalid number"));
            }
        }
        self.i = j;
        let text = self.text.get(start..j).unwrap_or("");
        if !float {
            if let Some(int) = text.get(usize::from(neg)..) {
                if let Ok(u) = int.parse::<u64>() {
                    if !neg {
                        return Ok(Num::U(u));
                    }
                    // As serde_json: `-0` is the float -0.0, not the integer 0.
                    if u == 0 {
                        return Ok(Num::F(-0.0));
                    }
                    if let Ok(i) = i64::try_from(u) {
                        return Ok(Num::I(-i));
                    }
                    if u == 1 << 63 {
                        return Ok(Num::I(i64::MIN));
                    }
                }
            }
        }
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Num::F(f)),
            _ => Err(Error::syntax("number out of range")),
        }
    }

    /// The error for a value of kind `k` where `exp` was expected (the value is parsed for the
    /// message, as serde_json reports it).
    #[inline(never)]
    fn unexpected(&mut self, k: Kind, exp: &dyn de::Expected) -> Error {
        let e = match k {
            Kind::Null => de::Error::invalid_type(de::Unexpected::Unit, exp),
            Kind::Bool(b) => de::Error::invalid_type(de::Unexpected::Bool(b), exp),
            Kind::Seq => de::Error::invalid_type(de::Unexpected::Seq, exp),
            Kind::Map => de::Error::invalid_type(de::Unexpected::Map, exp),
            Kind::Str => match self.string() {
                Ok(Text::Borrowed(s)) => de::Error::invalid_type(de::Unexpected::Str(s), exp),
                Ok(Text::Scratch) => {
                    de::Error::invalid_type(de::Unexpected::Str(&self.scratch), exp)
                }
                Err(e) => e,
            },
            Kind::Num => match self.number() {
                Ok(Num::U(n)) => de::Error::invalid_type(de::Unexpected::Unsigned(n), exp),
                Ok(Num::I(n)) => de::Error::invalid_type(de::Unexpected::Signed(n), exp),
                Ok(Num::F(n)) => de::Error::invalid_type(de::Unexpected::Float(n), exp),
                Err(e) => e,
            },
        };
        // A container of the wrong type is reported at its own path, as any other value.
        self.locate(e)
    }

    /// Skips one value (for ignored fields), checking its syntax.
    #[inline(never)]
    fn skip(&mut self) -> Result<(), Error> {
        match self.kind()? {
            Kind::Null | Kind::Bool(_) => Ok(()),
            Kind::Str => self.string().map(|_| ()),
            Kind::Num => self.number().map(|_| ()),
            Kind::Seq => {
                self.open()?;
                let mut n = 0;
                while self.next_item(n)? {
                    self.skip()?;
                    n += 1;
                }
                self.close(b']')
            }
            Kind::Map => {
                self.open()?;
                let mut n = 0;
                while self.next_key(n)?.is_some() {
                    self.skip()?;
                    n += 1;
                }
                self.close(b'}')
            }
        }
    }
}

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
                Text::Scratch => {
                    let s = std::mem::take(&mut self.scratch);
                    visitor.visit_enum(s.into_deserializer())
                }
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

/// Closes a container after its visitor: the one generic piece of the closing logic.
/// A failure gets its path while the container is still open (the parse stops there, so the
/// container is never popped).
fn finish<T>(de: &mut Deserializer<'_>, r: Result<T, Error>, close: u8) -> Result<T, Error> {
    match r {
        Ok(v) => de.close(close).map(|()| v),
        Err(e) => Err(de.locate(e)),
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[derive(serde::Deserialize, Debug, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Offer {
        sku: String,
        quantity: u32,
        #[serde(default)]
        note: Option<String>,
    }

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Order {
        offers: Vec<Offer>,
    }

    #[test]
    fn reads_what_serde_json_reads() {
        let texts = [
            r#"{"a":[1,-2,3.5,1e3,-0,18446744073709551615,-9223372036854775808],"b":{"c":null}}"#,
            r#" [ true , false , "x\"y\\z\/\b\f\n\r\t\u00e9\ud83d\ude00" ] "#,
            r#""plain""#,
            "123456789012345678901234567890",
            r#"{"k":"v","k2":[{},[],""]}"#,
        ];
        for t in texts {
            let ours: Value = from_str(t).unwrap_or_else(|e| panic!("{t}: {e}"));
            let theirs: Value = serde_json::from_str(t).unwrap_or_else(|e| panic!("{t}: {e}"));
            assert_eq!(ours, theirs, "{t}");
        }
    }

    #[test]
    fn refuses_what_is_not_json_as_a_syntax_error() {
        let bad = [
            "",
            " ",
            "{",
            "[1,]",
            "[1 2]",
            r#"{"a":1,}"#,
            r#"{"a" 1}"#,
            r#"{a:1}"#,
            "01",
            "1.",
            "-",
            "1e",
            ".5",
            "+1",
            "nul",
            "tru",
            r#""abc"#,
            "\"a\u{1}b\"",
            r#""\x""#,
            r#""\ud800""#,
            r#""\udc00""#,
            r#""\ud800\u0041""#,
            r#""\u12""#,
            "1 2",
            "[]]",
            "1e999",
        ];
        for t in bad {
            let e = from_str::<Value>(t).expect_err(t);
            assert!(e.is_syntax(), "{t}: {e}");
            assert!(
                serde_json::from_str::<Value>(t).is_err(),
                "serde_json takes {t}"
            );
        }
        assert!(from_slice::<Value>(b"\"\xff\"")
            .expect_err("utf-8")
            .is_syntax());
    }

    #[test]
    fn nesting_stops_at_the_depth_limit_without_recursing_further() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(from_str::<Value>(&ok).is_ok());
        for deep in [MAX_DEPTH + 1, 100_000] {
            let t = format!("{}{}", "[".repeat(deep), "]".repeat(deep));
            assert_eq!(
                from_str::<Value>(&t).expect_err("deep").broken_limit(),
                Some(("maxDepth", MAX_DEPTH))
            );
            let skipped = format!(r#"{{"offers":[],"x":{t}}}"#);
            assert!(
                from_str::<Order>(&skipped).is_err(),
                "an ignored field is limited too"
            );
        }
    }

    #[test]
    fn failures_name_their_path_and_keep_serdes_message() {
        let cases = [
            (
                r#"{"offers":[{"sku":"a","quantity":1},{"sku":"b","quantity":"2"}]}"#,
                "offers[1].quantity",
                "invalid type: string \"2\", expected u32",
            ),
            (
                r#"{"offers":[{"sku":"a"}]}"#,
                "offers[0]",
                "missing field `quantity`",
            ),
            (
                r#"{"offers":[{"sku":"a","quantity":1,"qty":2}]}"#,
                "offers[0].qty",
                "unknown field `qty`, expected one of `sku`, `quantity`, `note`",
            ),
            (
                r#"{"offers":[{"sku":null,"quantity":1}]}"#,
                "offers[0].sku",
                "invalid type: null, expected a string",
            ),
            (
                r#"{"offers":{"sku":"a"}}"#,
                "offers",
                "invalid type: map, expected a sequence",
            ),
            (
                r#"{"offers":[[1]]}"#,
                "offers[0]",
                "invalid type: sequence, expected struct Offer",
            ),
            (
                r#"{"offers":[{"sku":"a","quantity":-1}]}"#,
                "offers[0].quantity",
                "invalid value: integer `-1`, expected u32",
            ),
            (
                r#"{"offers":[{"sku":"a","sku":"b","quantity":1}]}"#,
                "offers[0].sku",
                "duplicate field `sku`",
            ),
            (
                r#"{"offers":[{"sku":"a","quantity":1}],"offers":[]}"#,
                "offers",
                "duplicate field `offers`",
            ),
            (
                r#"{"offers":[{"sku":"a","quantity":1,"note":7}]}"#,
                "offers[0].note",
                "invalid type: integer `7`, expected a string",
            ),
            (
                r#"{"offers":[{"sku":"a","quantity":1}]} x"#,
                "",
                "trailing characters",
            ),
            (
                r#"{"offers":[{"sku":"a\u0000","quantity":1.5}]}"#,
                "offers[0].quantity",
                "invalid type: floating point `1.5`, expected u32",
            ),
            (r#"[]"#, "", "invalid type: sequence, expected struct Order"),
        ];
        for (text, path, msg) in cases {
            let e = from_str::<Order>(text).expect_err(text);
            assert_eq!((e.path(), e.message()), (path, msg), "{text}");
        }
    }

    #[test]
    fn strings_without_escapes_are_borrowed() {
        #[derive(serde::Deserialize)]
        struct B<'a> {
            #[serde(borrow)]
            s: std::borrow::Cow<'a, str>,
        }
        let b: B<'_> = from_str(r#"{"s":"plain"}"#).expect("parses");
        assert!(matches!(b.s, std::borrow::Cow::Borrowed("plain")));
    }

    #[test]
    fn enums_read_as_serde_json_reads_them() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        enum E {
            Unit,
            New(u8),
            Pair(u8, u8),
            Named { a: u8 },
        }
        let v: Vec<E> =
            from_str(r#"["Unit",{"New":1},{"Pair":[1,2]},{"Named":{"a":3}},{"Unit":null}]"#)
                .expect("parses");
        assert_eq!(
            v,
            [
                E::Unit,
                E::New(1),
                E::Pair(1, 2),
                E::Named { a: 3 },
                E::Unit
            ]
        );
        let e = from_str::<E>(r#""Other""#).expect_err("unknown");
        assert!(e.message().starts_with("unknown variant `Other`"), "{e}");
    }
}
