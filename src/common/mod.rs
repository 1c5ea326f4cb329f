//! Primitives shared by more than one partner API, compiled whatever API features are on.
//!
//! Nothing here knows any one partner: a quantity as callers write it, the plausibility of an
//! email address, the UUID shape of ids, a Basic `Authorization` value. Each partner module
//! applies its own limits on top (Omnissa's quantity ceiling, Cloudmore's 32-bit one, …), and
//! re-exports what it used to define at its old path, so `crate::omnissa::QuantityInput` and
//! `crate::omnissa::rules::plausible_email` keep working.

pub mod hash;
pub mod paging;
pub mod percent;
mod quantity;
mod str_map;
pub mod strict;
pub mod url;

pub use quantity::{QuantityInput, QuantityProblem};
pub use str_map::StrMap;

/// A plausible email: one `@`, something before it, a dotted domain after it, no spaces.
pub fn plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && email.len() <= 254
        && !domain.contains('@')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && domain.split('.').count() >= 2
        && domain.split('.').all(|label| !label.is_empty())
}

/// True for a UUID (GUID) in the 8-4-4-4-12 form of hex digits, either case, as CloudBlue APS
/// resource ids and every Cloudmore id are.
pub fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The `Authorization` header value for HTTP Basic auth: `Basic base64(user:password)`.
///
/// `user` and `password` are joined as given; a caller that must form-encode them first
/// (RFC 6749 §2.3.1, as Cloudmore's IdentityServer expects) encodes before calling.
pub fn basic_authorization(user: &str, password: &str) -> String {
    format!("Basic {}", base64(format!("{user}:{password}").as_bytes()))
}

/// Standard base64 (RFC 4648 §4, with padding). Written out: the `base64` crate's engine is
/// 2 KB of wasm for two short values per client.
pub fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let sym = |v: u32| char::from(ABC.get((v & 63) as usize).copied().unwrap_or(b'='));
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let v = (b(0) << 16) | (b(1) << 8) | b(2);
        out.push(sym(v >> 18));
        out.push(sym(v >> 12));
        out.push(if chunk.len() > 1 { sym(v >> 6) } else { '=' });
        out.push(if chunk.len() > 2 { sym(v) } else { '=' });
    }
    out
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;

    proptest::proptest! {
        #[test]
        fn base64_is_the_standard_encoding(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40)) {
            proptest::prop_assert_eq!(
                super::base64(&bytes),
                base64::engine::general_purpose::STANDARD.encode(&bytes)
            );
        }
    }

    #[test]
    fn basic_authorization_is_rfc_7617s_example() {
        assert_eq!(
            super::basic_authorization("Aladdin", "open sesame"),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
    }
}
