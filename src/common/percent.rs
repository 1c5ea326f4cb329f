//! Percent-encoding (RFC 3986 §2.1) for path segments, query values, RQL arguments and OAuth
//! signatures. Written out: the `percent-encoding` crate's tables and `Display` adapters were
//! 1.5 KB of wasm for four small loops.

/// `bytes` with every byte that `keep` refuses, and every non-ASCII byte, as `%XX` (upper-case
/// hex, as RFC 3986 §2.1 and RFC 5849 §3.6 want).
pub fn encode(bytes: &[u8], keep: fn(u8) -> bool) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let hex = |n: u8| char::from(HEX.get(usize::from(n & 15)).copied().unwrap_or(b'0'));
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        if b.is_ascii() && keep(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(hex(b >> 4));
            out.push(hex(b));
        }
    }
    out
}

/// RFC 3986 §2.3 unreserved: ALPHA DIGIT `-` `.` `_` `~`. Everything else is encoded in a path
/// segment, a query value or an OAuth parameter.
pub fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// `%XX` (two hex digits, either case) decoded; any other `%` kept as it is.
pub fn decode(bytes: &[u8]) -> Vec<u8> {
    let hex = |b: Option<&u8>| b.and_then(|b| char::from(*b).to_digit(16));
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match (b, hex(bytes.get(i + 1)), hex(bytes.get(i + 2))) {
            (b'%', Some(hi), Some(lo)) => {
                out.push(u8::try_from(hi * 16 + lo).unwrap_or(0));
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// An `application/x-www-form-urlencoded` component: `+` is a space, then `%XX` is decoded.
/// Bytes, not text: an escape of invalid UTF-8 (`%FF`) must round-trip exactly when OAuth
/// re-encodes it.
pub fn form_decode(s: &str) -> Vec<u8> {
    let plus_as_space: Vec<u8> = s
        .bytes()
        .map(|b| if b == b'+' { b' ' } else { b })
        .collect();
    decode(&plus_as_space)
}

#[cfg(test)]
mod tests {
    use percent_encoding::{percent_decode, percent_encode, NON_ALPHANUMERIC};

    const UNRESERVED: &percent_encoding::AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');

    proptest::proptest! {
        #[test]
        fn agrees_with_the_percent_encoding_crate(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40)) {
            proptest::prop_assert_eq!(super::encode(&bytes, super::unreserved), percent_encode(&bytes, UNRESERVED).to_string());
            proptest::prop_assert_eq!(super::decode(&bytes), percent_decode(&bytes).collect::<Vec<u8>>());
        }

        #[test]
        fn decodes_what_it_encodes(s in "\\PC{0,20}", raw in "[%0-9a-fA-FgG+ ]{0,12}") {
            proptest::prop_assert_eq!(super::decode(super::encode(s.as_bytes(), super::unreserved).as_bytes()), s.as_bytes());
            proptest::prop_assert_eq!(super::decode(raw.as_bytes()), percent_decode(raw.as_bytes()).collect::<Vec<u8>>());
        }
    }
}
