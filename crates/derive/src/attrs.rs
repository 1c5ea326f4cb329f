//! The `#[serde(...)]` attributes the derives read, with serde's meaning.

use syn::ext::IdentExt;
use syn::{DeriveInput, Error, ExprPath, LitStr, Type};

/// Where a missing field's value comes from.
pub(crate) enum Fallback {
    /// serde's rule: `None` for an `Option`, else a `missing_field` error.
    Required,
    /// `Default::default()`.
    Trait,
    /// `#[serde(default = "path")]`.
    Path(ExprPath),
}

pub(crate) struct Field {
    pub(crate) ident: syn::Ident,
    pub(crate) ty: Type,
    /// The name and then each alias.
    pub(crate) names: Vec<String>,
    pub(crate) with: Option<ExprPath>,
    pub(crate) fallback: Fallback,
    /// Not read (`skip`, `skip_deserializing`).
    pub(crate) skip: bool,
    pub(crate) flatten: bool,
}

impl Field {
    /// The name the field is read and reported as.
    pub(crate) fn name(&self) -> &str {
        self.names.first().map_or("", String::as_str)
    }
}

#[derive(Default)]
pub(crate) struct Container {
    pub(crate) camel: bool,
    pub(crate) deny: bool,
    pub(crate) default: bool,
    pub(crate) from: Option<Type>,
}

pub(crate) fn serde_attrs(
    attrs: &[syn::Attribute],
    mut f: impl FnMut(syn::meta::ParseNestedMeta) -> syn::Result<()>,
) -> syn::Result<()> {
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(&mut f)?;
    }
    Ok(())
}

pub(crate) fn lit(meta: &syn::meta::ParseNestedMeta) -> syn::Result<LitStr> {
    meta.value()?.parse()
}

pub(crate) fn container(input: &DeriveInput) -> syn::Result<Container> {
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

/// serde's `camelCase` of a snake_case field name: its PascalCase (each `_` dropped, the
/// letter after it upper-cased, ASCII only), with the first character lower-cased.
fn camel(name: &str) -> String {
    let mut pascal = String::new();
    let mut upper = true;
    for ch in name.chars() {
        if ch == '_' {
            upper = true;
        } else if upper {
            pascal.push(ch.to_ascii_uppercase());
            upper = false;
        } else {
            pascal.push(ch);
        }
    }
    let mut chars = pascal.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => pascal,
    }
}

pub(crate) fn field(f: &syn::Field, c: &Container) -> syn::Result<Field> {
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
            // Serialization only: serde's `Serialize` reads it.
            lit(&meta)?;
        } else if p.is_ident("skip_serializing") {
        } else {
            return Err(meta.error("not supported by partner-ordering-derive: use serde's derive"));
        }
        Ok(())
    })?;
    if out.flatten
        && !out.skip
        && (out.with.is_some()
            || !matches!(out.fallback, Fallback::Required)
            || out.names.len() > 1)
    {
        return Err(Error::new_spanned(
            &out.ident,
            "a flattened map takes no deserialize_with, default or alias here",
        ));
    }
    Ok(out)
}
