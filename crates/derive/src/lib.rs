//! `#[derive(Deserialize)]` for partner-ordering's structs: serde's `Deserialize`, in less code.
//!
//! serde's derive compiles a field visitor, an array form and the reading of every field into
//! each struct; across the library's hundred-odd structs that was a quarter of the wasm. This
//! derive writes a key table and a `visit_map` that calls the shared helpers of
//! `partner_ordering_json::derive`, each compiled once per field type ([`de`]). The generated
//! impl is serde's trait and works with any deserializer (serde_json in tests and the sandbox
//! too).
//!
//! It reads the `#[serde(...)]` attributes the library uses, with serde's meaning:
//! - on the struct: `rename_all = "camelCase"`, `deny_unknown_fields`, `default`, `from = "T"`;
//! - on a field: `rename`, `alias`, `default` (or `default = "path"`), `deserialize_with`,
//!   `skip` / `skip_deserializing`, and `flatten` on a map (it takes every unknown key);
//!   serialization attributes are left to serde's `Serialize` (a derive of our own for it was
//!   measured: no smaller, once wasm-opt has inlined the field writes).
//!
//! Anything else (an enum, a tuple struct, generics, another attribute) is a compile error:
//! such a type keeps serde's derive, so a meaning this derive does not know is never guessed.

use syn::{DeriveInput, Error};

mod attrs;
mod de;

/// serde's `Deserialize` for a struct with named fields, from its `#[serde]` attributes.
#[proc_macro_derive(Deserialize, attributes(serde))]
pub fn derive_deserialize(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let input = syn::parse_macro_input!(input as DeriveInput);
    de::expand(&input)
        .unwrap_or_else(Error::into_compile_error)
        .into()
}
