//! `Deserialize`: a key table and one small `visit_map` per struct.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Data, DeriveInput, Error, Fields, Type};

use crate::attrs::{container, field, Fallback, Field};

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

pub(crate) fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
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

    // Every name, field by field (each field's name and aliases sorted, as serde lists them),
    // and the field of each when there are aliases. A name read by two fields is refused: serde
    // would take the first, which is never what was meant.
    let mut names: Vec<&str> = Vec::new();
    let mut field_of = Vec::new();
    let aliases = read.iter().any(|f| f.names.len() > 1);
    for (i, f) in read.iter().enumerate() {
        let mut own: Vec<&str> = f.names.iter().map(String::as_str).collect();
        own.sort_unstable();
        own.dedup();
        for n in own {
            if names.contains(&n) {
                return Err(Error::new_spanned(
                    &f.ident,
                    format!("`{n}` names two fields"),
                ));
            }
            names.push(n);
            if aliases {
                field_of.push(i);
            }
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
    // The value of a required field that was not sent (`None` for an `Option`, else an error).
    let missing = |f: &Field| {
        let key = f.name();
        if f.with.is_some() {
            quote! { __rt::missing_with(#key)? }
        } else {
            quote! { __rt::missing(#key)? }
        }
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
                let missing = missing(f);
                // In field order with the other checks, so the first field missing is named.
                checks.push(quote! { let #local: #ty = match #local { ::core::option::Option::Some(__v) => __v, ::core::option::Option::None => #missing }; });
                inits.push(quote! { #id: #local });
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
            let missing = missing(f);
            checks.push(quote! { if __seen & #mask == 0 { #slot = #missing; } });
        }
        // The field's own `Deserialize` is the `PhantomData` seed.
        let seed = seed.map_or_else(
            || quote! { ::core::marker::PhantomData },
            |seed| quote! { #seed },
        );
        arms.push(if default.is_some() {
            let mask = 1u64 << bit;
            bit += 1;
            quote! { #i => __rt::field_in(&mut __m, &mut #slot, #seed, &mut __seen, #mask, #key)? }
        } else {
            quote! { #i => __rt::field(&mut __m, &mut #slot, #seed, #key)? }
        });
    }
    // The fields not read: skipped ones, and the flattened map.
    for f in fields.iter().filter(|f| f.skip || f.flatten) {
        let id = &f.ident;
        // A skipped field gets what a field not sent would (its default); a flattened map
        // starts empty (it takes no other attribute).
        let value = placeholder(f)
            .filter(|_| !f.flatten || f.skip)
            .unwrap_or_else(|| quote! { ::core::default::Default::default() });
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
    // A struct that keeps unknown keys asks for a map, as serde's flatten does: a deserializer
    // may hand a struct only the keys it names.
    let call = if keep {
        quote! { ::serde::Deserializer::deserialize_map(__d, __Visitor) }
    } else {
        quote! { ::serde::Deserializer::deserialize_struct(__d, #name_str, __KEYS.names, __Visitor) }
    };

    Ok(quote! {
        #[automatically_derived]
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(
                __d: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                use ::partner_ordering_json::derive as __rt;
                const __KEYS: __rt::Keys = __rt::Keys {
                    names: &[#(#names),*],
                    field_of: &[#(#field_of),*],
                    deny: #deny,
                    keep: #keep,
                };
                #(#seeds)*
                struct __Visitor;
                impl<'de> ::serde::de::Visitor<'de> for __Visitor {
                    type Value = #name;
                    // What a caller sent JSON for: an object (serde says `struct Name`, a
                    // Rust name that means nothing in JS). One text for every struct, so the
                    // wasm keeps one copy of this function.
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
                #call
            }
        }
    })
}
