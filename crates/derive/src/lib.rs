//! `#[derive(Deserialize)]` for partner-ordering's structs: serde's `Deserialize`, in less code.
//!
//! serde's derive compiles a field visitor, an array form and the reading of every field into
//! each struct; across the library's hundred-odd structs that was a quarter of the wasm. This
//! derive writes a key table and a `visit_map` that calls the shared helpers of
//! `partner_ordering_json::derive`, each compiled once per field type. The generated impl is
//! serde's trait and works with any deserializer (serde_json in tests and the sandbox too).
//!
//! It reads the `#[serde(...)]` attributes the library uses, with serde's meaning:
//! - on the struct: `rename_all = "camelCase"`, `deny_unknown_fields`, `default`, `from = "T"`;
//! - on a field: `rename`, `alias`, `default` (or `default = "path"`), `deserialize_with`,
//!   `skip` / `skip_deserializing`, and `flatten` on a map (it takes every unknown key);
//!   serialization attributes are left to serde's `Serialize`.
//!
//! Anything else (an enum, a tuple struct, generics, another attribute) is a compile error:
//! such a type keeps serde's derive, so a meaning this derive does not know is never guessed.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::ext::IdentExt;
use syn::{Data, DeriveInput, Error, ExprPath, Fields, LitStr, Type};

/// serde's `Deserialize` for a struct with named fields, from its `#[serde]` attributes.
#[proc_macro_derive(Deserialize, attributes(serde))]
pub fn derive_deserialize(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let input = syn::parse_macro_input!(input as DeriveInput);
    expand(&input)
        .unwrap_or_else(Error::into_compile_error)
        .into()
}

/// Where a missing field's value comes from.
enum Fallback {
    /// serde's rule: `None` for an `Option`, else a `missing_field` error.
    Required,
    /// `Default::default()`.
    Trait,
    /// `#[serde(default = "path")]`.
    Path(ExprPath),
}

struct Field {
    ident: syn::Ident,
    ty: Type,
    /// The name and then each alias.
    names: Vec<String>,
    with: Option<ExprPath>,
    fallback: Fallback,
    skip: bool,
    flatten: bool,
}

impl Field {
    /// The name the field is read and reported as.
    fn name(&self) -> &str {
        self.names.first().map_or("", String::as_str)
    }
}

#[derive(Default)]
struct Container {
    camel: bool,
    deny: bool,
    default: bool,
    from: Option<Type>,
}

fn serde_attrs(
    attrs: &[syn::Attribute],
    mut f: impl FnMut(syn::meta::ParseNestedMeta) -> syn::Result<()>,
) -> syn::Result<()> {
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(&mut f)?;
    }
    Ok(())
}

fn lit(meta: &syn::meta::ParseNestedMeta) -> syn::Result<LitStr> {
    meta.value()?.parse()
}

fn container(input: &DeriveInput) -> syn::Result<Container> {
    let mut c = Container::default();
    serde_attrs(&input.attrs, |meta| {
        if meta.path.is_ident("rename_all") {
            let s = lit(&meta)?;
            if s.value() != "camelCase" {
                return Err(Error::new(
                    s.span(),
                    "only rename_all = \"camelCase\" is supported",
                ));
            }
            c.camel = true;
        } else if meta.path.is_ident("deny_unknown_fields") {
            c.deny = true;
        } else if meta.path.is_ident("default") {
            c.default = true;
        } else if meta.path.is_ident("from") {
            c.from = Some(lit(&meta)?.parse()?);
        } else {
            return Err(meta.error("not supported by partner-ordering-derive: use serde's derive"));
        }
        Ok(())
    })?;
    Ok(c)
}

/// serde's `camelCase` of a snake_case field name.
fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for ch in name.chars() {
        if ch == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.extend(ch.to_uppercase());
            upper = false;
        } else {
            out.push(ch);
        }
    }
    out
}

fn field(f: &syn::Field, c: &Container) -> syn::Result<Field> {
    let ident = f
        .ident
        .clone()
        .ok_or_else(|| Error::new_spanned(f, "named fields only"))?;
    let plain = ident.unraw().to_string();
    let mut out = Field {
        names: vec![if c.camel { camel(&plain) } else { plain }],
        ident,
        ty: f.ty.clone(),
        with: None,
        fallback: Fallback::Required,
        skip: false,
        flatten: false,
    };
    serde_attrs(&f.attrs, |meta| {
        let p = &meta.path;
        if p.is_ident("rename") {
            if let Some(first) = out.names.first_mut() {
                *first = lit(&meta)?.value();
            }
        } else if p.is_ident("alias") {
            out.names.push(lit(&meta)?.value());
        } else if p.is_ident("default") {
            out.fallback = if meta.input.peek(syn::Token![=]) {
                Fallback::Path(lit(&meta)?.parse()?)
            } else {
                Fallback::Trait
            };
        } else if p.is_ident("deserialize_with") {
            out.with = Some(lit(&meta)?.parse()?);
        } else if p.is_ident("skip") || p.is_ident("skip_deserializing") {
            out.skip = true;
        } else if p.is_ident("flatten") {
            out.flatten = true;
        } else if p.is_ident("skip_serializing_if") || p.is_ident("serialize_with") {
            lit(&meta)?;
        } else if p.is_ident("skip_serializing") {
        } else {
            return Err(meta.error("not supported by partner-ordering-derive: use serde's derive"));
        }
        Ok(())
    })?;
    Ok(out)
}

/// How a field without a default is read.
#[derive(PartialEq, Eq)]
enum Required {
    /// Into an `Option`, checked at the end: its type may have no default.
    Slot,
    /// In place (its type has a default), checked at the end.
    Checked,
    /// In place, and `None` when absent, as serde has it: an `Option` read without
    /// `deserialize_with`.
    Optional,
}

/// Whether a field's type is one known to have a default, by its name: a wrong guess (a type of
/// one's own named `String`) cannot pass silently, as it fails to compile.
fn required_kind(f: &Field) -> Required {
    let Type::Path(p) = &f.ty else {
        return Required::Slot;
    };
    let Some(last) = p.path.segments.last() else {
        return Required::Slot;
    };
    const WITH_DEFAULT: &[&str] = &[
        "String", "bool", "u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "isize",
        "f32", "f64", "Vec", "BTreeMap",
    ];
    let ident = last.ident.to_string();
    if ident == "Option" {
        if f.with.is_some() {
            Required::Checked
        } else {
            Required::Optional
        }
    } else if p.qself.is_none() && WITH_DEFAULT.contains(&ident.as_str()) {
        Required::Checked
    } else {
        Required::Slot
    }
}

fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let c = container(input)?;
    let name = &input.ident;
    if !input.generics.params.is_empty() {
        return Err(Error::new_spanned(
            &input.generics,
            "generic structs are not supported",
        ));
    }
    if let Some(from) = &c.from {
        return Ok(quote! {
            #[automatically_derived]
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<__D: ::serde::Deserializer<'de>>(
                    __d: __D,
                ) -> ::core::result::Result<Self, __D::Error> {
                    <#from as ::serde::Deserialize<'de>>::deserialize(__d)
                        .map(::core::convert::From::from)
                }
            }
        });
    }
    let named = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(n) => &n.named,
            _ => return Err(Error::new_spanned(name, "structs with named fields only")),
        },
        _ => {
            return Err(Error::new_spanned(
                name,
                "structs only: an enum keeps serde's derive",
            ))
        }
    };
    let fields = named
        .iter()
        .map(|f| field(f, &c))
        .collect::<syn::Result<Vec<_>>>()?;
    let flat: Vec<&Field> = fields.iter().filter(|f| f.flatten && !f.skip).collect();
    if flat.len() > 1 || (!flat.is_empty() && c.deny) {
        return Err(Error::new_spanned(
            name,
            "one flattened map at most, without deny_unknown_fields",
        ));
    }
    let read: Vec<&Field> = fields.iter().filter(|f| !f.skip && !f.flatten).collect();

    // The fields' names in order (a field's index is its position), then the aliases.
    let mut names: Vec<&str> = read.iter().map(|f| f.name()).collect();
    let mut alias_of = Vec::new();
    for (i, f) in read.iter().enumerate() {
        for alias in f.names.iter().skip(1) {
            names.push(alias);
            alias_of.push(i);
        }
    }
    let deny = c.deny;
    let keep = !flat.is_empty();

    // A field with a default (its own, or the struct's) is read into a plain value that starts
    // as that default, its duplicates caught by a bit of `__seen`; a required one into an
    // `Option`, checked at the end. When every field has a default, the struct itself is built
    // first and read into in place, so nothing is moved at the end.
    let placeholder = |f: &Field| match (&f.fallback, c.default) {
        (Fallback::Path(p), _) => Some(quote! { #p() }),
        (Fallback::Trait, _) => Some(quote! { ::core::default::Default::default() }),
        (Fallback::Required, true) => {
            let id = &f.ident;
            Some(quote! { __def.#id })
        }
        // A required field of a type known to have a default holds that default until read
        // (and is checked at the end, unless it is an `Option`, which serde lets be absent).
        (Fallback::Required, false) if required_kind(f) != Required::Slot => {
            Some(quote! { ::core::default::Default::default() })
        }
        (Fallback::Required, false) => None,
    };
    let in_place = read.iter().all(|f| placeholder(f).is_some());
    let defaulted = read.iter().filter(|f| placeholder(f).is_some()).count();
    if defaulted > 64 {
        return Err(Error::new_spanned(name, "at most 64 fields with a default"));
    }
    let mut bit = 0u32;
    let mut decls = Vec::new();
    let mut seeds = Vec::new();
    let mut arms = Vec::new();
    let mut inits = Vec::new();
    let mut checks = Vec::new();
    for (i, f) in read.iter().enumerate() {
        let id = &f.ident;
        let ty = &f.ty;
        let key = f.name();
        let local = format_ident!("__f{}", i);
        let default = placeholder(f);
        let slot = match (&default, in_place) {
            (_, true) => quote! { __out.#id },
            (Some(d), false) => {
                decls.push(quote! { let mut #local: #ty = #d; });
                inits.push(quote! { #id: #local });
                quote! { #local }
            }
            (None, false) => {
                decls.push(quote! { let mut #local: ::core::option::Option<#ty> = ::core::option::Option::None; });
                let missing = if f.with.is_some() {
                    quote! { __rt::missing_with(#key)? }
                } else {
                    quote! { __rt::missing(#key)? }
                };
                inits.push(quote! { #id: match #local { ::core::option::Option::Some(__v) => __v, ::core::option::Option::None => #missing } });
                quote! { #local }
            }
        };
        if in_place {
            inits.push(quote! { #id: #default });
        }
        let seed = f.with.as_ref().map(|path| {
            let seed = format_ident!("__With{}", i);
            seeds.push(quote! {
                struct #seed;
                impl<'de> ::serde::de::DeserializeSeed<'de> for #seed {
                    type Value = #ty;
                    fn deserialize<__D: ::serde::Deserializer<'de>>(
                        self,
                        __d: __D,
                    ) -> ::core::result::Result<#ty, __D::Error> {
                        #path(__d)
                    }
                }
            });
            seed
        });
        if matches!(f.fallback, Fallback::Required)
            && !c.default
            && required_kind(f) == Required::Checked
        {
            let mask = 1u64 << bit;
            let missing = if f.with.is_some() {
                quote! { __rt::missing_with(#key)? }
            } else {
                quote! { __rt::missing(#key)? }
            };
            checks.push(quote! { if __seen & #mask == 0 { #slot = #missing; } });
        }
        arms.push(match (default.is_some(), seed) {
            (false, None) => quote! { #i => __rt::field(&mut __m, &mut #slot, #key)? },
            (false, Some(seed)) => quote! { #i => __rt::field_seed(&mut __m, &mut #slot, #seed, #key)? },
            (true, seed) => {
                let mask = 1u64 << bit;
                bit += 1;
                match seed {
                    None => quote! { #i => __rt::field_in(&mut __m, &mut #slot, &mut __seen, #mask, #key)? },
                    Some(seed) => quote! { #i => __rt::field_seed_in(&mut __m, &mut #slot, #seed, &mut __seen, #mask, #key)? },
                }
            }
        });
    }
    // The fields not read: skipped ones, and the flattened map.
    for f in fields.iter().filter(|f| f.skip || f.flatten) {
        let id = &f.ident;
        let value = if f.flatten && !f.skip {
            quote! { ::core::default::Default::default() }
        } else {
            match (&f.fallback, c.default) {
                (Fallback::Path(p), _) => quote! { #p() },
                (Fallback::Required, true) => quote! { __def.#id },
                _ => quote! { ::core::default::Default::default() },
            }
        };
        if f.flatten && !f.skip && !in_place {
            decls.push(quote! { let mut __flat = #value; });
            inits.push(quote! { #id: __flat });
        } else {
            inits.push(quote! { #id: #value });
        }
    }
    let flat_slot = flat.first().map(|f| {
        let id = &f.ident;
        if in_place {
            quote! { __out.#id }
        } else {
            quote! { __flat }
        }
    });
    let other = flat_slot.map(|slot| {
        quote! { __rt::OTHER => __rt::FlatMap::put(&mut #slot, &__other, &mut __m)?, }
    });
    let default_decl = c
        .default
        .then(|| quote! { let __def: #name = ::core::default::Default::default(); });
    let (out_decl, result) = if in_place {
        (
            quote! { let mut __out = #name { #(#inits),* }; },
            quote! { __out },
        )
    } else {
        (quote! {}, quote! { #name { #(#inits),* } })
    };
    let name_str = name.to_string();

    Ok(quote! {
        #[automatically_derived]
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(
                __d: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                use ::partner_ordering_json::derive as __rt;
                const __KEYS: __rt::Keys = __rt::Keys {
                    names: &[#(#names),*],
                    alias_of: &[#(#alias_of),*],
                    deny: #deny,
                    keep: #keep,
                };
                #(#seeds)*
                struct __Visitor;
                impl<'de> ::serde::de::Visitor<'de> for __Visitor {
                    type Value = #name;
                    // What a caller sent JSON for: an object (serde says `struct Name`, a
                        // Rust name that means nothing in JS). One text for every struct,
                        // so the wasm keeps one copy of this function.
                    fn expecting(&self, f: &mut ::core::fmt::Formatter) -> ::core::fmt::Result {
                        f.write_str("an object")
                    }
                    #[allow(unreachable_patterns, unused_mut)]
                    fn visit_map<__A: ::serde::de::MapAccess<'de>>(
                        self,
                        mut __m: __A,
                    ) -> ::core::result::Result<#name, __A::Error> {
                        #default_decl
                        #out_decl
                        #(#decls)*
                        let mut __seen = 0u64;
                        let mut __hint = 0usize;
                        let mut __other = ::std::string::String::new();
                        loop {
                            match __rt::next_key(&mut __m, &__KEYS, &mut __hint, &mut __other)? {
                                #(#arms,)*
                                #other
                                _ => break,
                            }
                        }
                        #(#checks)*
                        let _ = __seen;
                        ::core::result::Result::Ok(#result)
                    }
                }
                ::serde::Deserializer::deserialize_struct(
                    __d,
                    #name_str,
                    __KEYS.names,
                    __Visitor,
                )
            }
        }
    })
}
