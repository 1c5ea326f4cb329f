//! The one JSON deserializer of the library: serde's data model over UTF-8 text.
//!
//! Why not serde_json's: every `Deserialize` impl is compiled once per deserializer, and
//! serde_json's inlines its whole reader (white space, commas, key strings) into each struct's
//! visitor, about 2.7 KB per struct in the wasm. Here every step of the parse is a plain,
//! non-generic method, and the generic methods only dispatch to the visitor, so a struct costs
//! what its derive costs. It also tracks where it is (one slot per open container), so a failure
//! names its JSON path (`offers[2].quantity`) without a second walk over the text.
//!
//! Semantics follow serde_json: numbers are `u64`, then `i64`, then `f64` (`-0` too); strings
//! without escapes are borrowed; nesting is limited (to [`MAX_DEPTH`], or the caller's
//! [`Limits`]); lone surrogates, control characters and trailing characters are errors; `null`
//! is reported as `null`. Two differences: a struct is read from a JSON object only, never from
//! an array of its fields, and floats are read exactly (serde_json's default parser may be off
//! by one unit in the last place). `tests/agrees_with_serde_json.rs` checks the rest.

use serde::de::{self, Deserialize};

use crate::Limits;

mod access;
mod error;
#[cfg(test)]
mod tests;

pub use error::Error;

/// Nesting of arrays and objects past which a response stops parsing (serde_json's limit too),
/// so no input can exhaust the stack. Arguments get tighter limits from the caller.
pub const MAX_DEPTH: usize = 128;

/// The limits of [`from_str`] and [`from_slice`]: depth only (a response is already bounded in
/// bytes by the host).
const RESPONSE_LIMITS: Limits = Limits {
    max_bytes: usize::MAX,
    max_depth: MAX_DEPTH,
    max_items: usize::MAX,
    max_string: usize::MAX,
};

/// Parses `text` into `T`.
///
/// # Errors
/// [`Error`] for text that is not JSON, or JSON that does not fit `T`.
#[inline]
pub fn from_str<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, Error> {
    from_str_within(text, &RESPONSE_LIMITS)
}

/// [`from_str`] within `limits` (all but `max_bytes`, which the caller checks): a broken limit
/// stops the parse with an error that names it ([`Error::broken_limit`]).
///
/// # Errors
/// As [`from_str`].
#[inline]
pub fn from_str_within<'de, T: Deserialize<'de>>(
    text: &'de str,
    limits: &Limits,
) -> Result<T, Error> {
    // The generic part is only the closure: the parser's set-up, end and error path are
    // compiled once, not into every type read.
    let mut out = None;
    parse(text, limits, &mut |de| {
        out = Some(T::deserialize(de)?);
        Ok(())
    })?;
    out.ok_or_else(|| Error::syntax("EOF while parsing a value"))
}

/// The first limit that `text` breaks anywhere, whatever type it was read for: the text is read
/// again as any JSON, each value skipped, by the same steps and limits as every parse. For the
/// error of a failed parse, so that a broken limit is reported before a wrong type the parse
/// met earlier (rarely run: only on failures). `None` when no limit is broken (or the text stops
/// being JSON before one is).
pub fn broken_limit(text: &str, limits: &Limits) -> Option<Error> {
    from_str_within::<de::IgnoredAny>(text, limits)
        .err()
        .filter(|e| e.broken_limit().is_some())
}

/// Runs `read` over `text`: the whole value, then only white space.
#[inline(never)]
fn parse<'de>(
    text: &'de str,
    limits: &Limits,
    read: &mut dyn FnMut(&mut Deserializer<'de>) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut de = Deserializer::new(text, limits);
    read(&mut de).map_err(|e| de.locate(e))?;
    de.end()
}

/// [`from_str`] for bytes, which must be UTF-8.
///
/// # Errors
/// As [`from_str`]; bytes that are not UTF-8 are a syntax error.
#[inline]
pub fn from_slice<'de, T: Deserialize<'de>>(bytes: &'de [u8]) -> Result<T, Error> {
    from_str(utf8(bytes)?)
}

#[inline(never)]
fn utf8(bytes: &[u8]) -> Result<&str, Error> {
    std::str::from_utf8(bytes).map_err(|_| Error::syntax("invalid UTF-8"))
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
    fn locate(&self, mut e: Error) -> Error {
        self.locate_in_place(&mut e);
        e
    }

    /// [`Self::locate`] in place.
    #[inline(never)]
    fn locate_in_place(&self, e: &mut Error) {
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
        // The slot first, so that a broken limit names the item that broke it.
        self.set_slot(Slot::Index(index));
        if index >= self.limits.max_items {
            return Err(Error::limit("maxItems", self.limits.max_items));
        }
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
                // Between keys: a key that fails to parse is the object's, not the last key's.
                self.set_slot(Slot::None);
                if self.peek() != Some(b'"') {
                    return Err(Error::syntax("expected a key after `,`"));
                }
            }
            Some(b'"') if first => {}
            _ => return Err(Error::syntax("expected a string key")),
        }
        let start = self.i + 1;
        let key = self.string()?;
        self.set_slot(Slot::Key(start, self.i - 1));
        // After the slot, so that a broken limit names the key that broke it (as an array's
        // names its item).
        if n >= self.limits.max_items {
            return Err(Error::limit("maxItems", self.limits.max_items));
        }
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
        // It stops only at `"`, `\\`, a control byte or the end.
        let mut j = start + b.get(start..).map_or(0, crate::ser::plain_prefix);
        match b.get(j) {
            None => return Err(Error::syntax("EOF while parsing a string")),
            Some(b'"') => {
                self.check_length(start, j)?;
                self.i = j + 1;
                return Ok(Text::Borrowed(self.text.get(start..j).unwrap_or("")));
            }
            Some(b'\\') => {}
            Some(_) => return Err(Error::syntax("control character in a string")),
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
                    let run = j + b.get(j..).map_or(0, crate::ser::plain_prefix);
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
                // Four hex digits exactly: `from_str_radix` alone would take a sign (`+00e`).
                .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))
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
        match crate::parse_f64(text) {
            Some(f) if f.is_finite() => Ok(Num::F(f)),
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
