//! JSON for partner-ordering: the one parser and the one serializer of the library, over
//! serde's data model.
//!
//! A crate of its own for two reasons. It knows nothing of the partner APIs (only text,
//! [`Limits`] and paths), and it is the hot code of every call: the release profile builds it
//! for speed while the rest of the wasm is built for size. Only its plain, non-generic parse and
//! format steps are compiled here. The generic glue is instantiated in the crates that use it,
//! with their own settings.

pub mod de;
pub mod derive;
mod float;
pub mod ser;

pub use de::{from_slice, from_str};
pub use float::parse_f64;
/// serde's `Deserialize` trait, and the library's derive of it (`partner-ordering-derive`),
/// under one name: `use partner_ordering_json::Deserialize` gives both.
pub use partner_ordering_derive::Deserialize;
pub use ser::to_string;
pub use serde::de::Deserialize;

/// The shortest text that reads back as `f` (`2.5`, `1.0`, `1e300`), as serde_json writes it;
/// `null` for NaN and the infinities, which JSON cannot hold. Use it rather than `{}` on an
/// `f64`: core's float formatting would add 16 KB to the wasm.
pub fn float_text(f: f64) -> String {
    if f.is_finite() {
        zmij::Buffer::new().format_finite(f).to_string()
    } else {
        "null".to_string()
    }
}

/// Hard limits on one JSON text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of UTF-8 text.
    pub max_bytes: usize,
    /// Nesting of arrays and objects.
    pub max_depth: usize,
    /// Items of one array, or keys of one object.
    pub max_items: usize,
    /// Bytes of one string (escaped form).
    pub max_string: usize,
}
