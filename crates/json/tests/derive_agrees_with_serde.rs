//! The library's `Deserialize` derive means what serde's does: each struct below is declared
//! twice, once per derive, with the same attributes, and every input must give the same value
//! or the same error, through serde_json and through this crate's parser.

#![allow(missing_docs, dead_code)]

use std::collections::BTreeMap;
use std::fmt::Debug;

use serde::de::DeserializeOwned;

fn seven() -> u32 {
    7
}

fn doubled<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    <u32 as serde::Deserialize>::deserialize(d).map(|n| n * 2)
}

fn opt_doubled<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    <Option<u32> as serde::Deserialize>::deserialize(d).map(|n| n.map(|n| n * 2))
}

/// Declares `$name` in module `ours` (the library's derive) and `theirs` (serde's).
macro_rules! twins {
    ($($(#[$m:meta])* struct $name:ident { $($body:tt)* })*) => {
        mod ours {
            use super::*;
            $(#[derive(partner_ordering_json::Deserialize, Debug, PartialEq, Default)]
            $(#[$m])* pub struct $name { $($body)* })*
        }
        mod theirs {
            use super::*;
            $(#[derive(serde::Deserialize, Debug, PartialEq, Default)]
            $(#[$m])* pub struct $name { $($body)* })*
        }
    };
}

twins! {
    #[serde(rename_all = "camelCase")]
    struct Plain {
        pub po_number: String,
        pub quantity: u32,
        pub note: Option<String>,
        #[serde(default)]
        pub tags: Vec<String>,
        #[serde(default = "seven")]
        pub level: u32,
        #[serde(rename = "type")]
        pub kind: Option<String>,
        #[serde(alias = "itemId", deserialize_with = "doubled")]
        pub item: u32,
        #[serde(skip)]
        pub local: Option<u32>,
        pub r#loop: Option<bool>,
    }

    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    struct Strict {
        #[serde(alias = "sku")]
        pub sku_code: String,
        #[serde(default)]
        pub quantity: Option<u32>,
        #[serde(skip_deserializing)]
        pub hidden: u32,
    }

    #[serde(rename_all = "camelCase", default)]
    struct Defaults {
        pub interval_ms: u32,
        pub name: String,
        #[serde(skip)]
        pub cache: u32,
    }

    struct WithOpt {
        #[serde(deserialize_with = "opt_doubled")]
        pub n: Option<u32>,
        pub m: Option<u32>,
    }

    #[serde(rename_all = "camelCase")]
    struct Flat {
        pub id: String,
        #[serde(default)]
        pub end_date: Option<String>,
        #[serde(flatten)]
        pub extra: BTreeMap<String, serde_json::Value>,
    }

    #[serde(rename_all = "camelCase")]
    struct AllDefault {
        #[serde(default)]
        pub id: String,
        #[serde(default = "seven")]
        pub level_no: u32,
        #[serde(default, deserialize_with = "doubled")]
        pub n: u32,
        #[serde(skip)]
        pub local: Option<u32>,
        #[serde(flatten)]
        pub extra: BTreeMap<String, serde_json::Value>,
    }

    struct Nested {
        pub strict: Strict,
        pub plain: Option<Plain>,
        pub list: Vec<Strict>,
        pub any: serde_json::Value,
    }
}

/// The result of one parse, comparable across the two derives: the value's `Debug` (the twins
/// print alike, bar the module), or the error's message. The one intended difference: ours
/// expects "an object" where serde names the Rust struct.
fn outcome<T: Debug>(r: Result<T, String>) -> String {
    match r {
        Ok(v) => format!("ok {v:?}"),
        Err(e) => {
            let e = match e.find("expected struct ") {
                Some(at) => {
                    let rest = &e[at + "expected struct ".len()..];
                    let end = rest
                        .find(|c: char| !c.is_alphanumeric())
                        .unwrap_or(rest.len());
                    format!("{}expected an object{}", &e[..at], &rest[end..])
                }
                None => e,
            };
            format!("err {e}")
        }
    }
}

fn check<A: DeserializeOwned + Debug, B: DeserializeOwned + Debug>(inputs: &[&str]) {
    for input in inputs {
        let ours_json = outcome(serde_json::from_str::<A>(input).map_err(|e| e.to_string()));
        let theirs_json = outcome(serde_json::from_str::<B>(input).map_err(|e| e.to_string()));
        if input.starts_with('[') {
            // The one difference: serde's derive also reads a struct from an array of its
            // fields, which no API sends (this crate's parser never offers one either).
            assert!(
                ours_json.starts_with("err invalid type: sequence"),
                "{ours_json}"
            );
        } else {
            assert_eq!(ours_json, theirs_json, "serde_json, input {input}");
        }
        // Through this crate's parser; its messages carry no line and column.
        let ours = outcome(partner_ordering_json::from_str::<A>(input).map_err(|e| e.to_string()));
        let theirs =
            outcome(partner_ordering_json::from_str::<B>(input).map_err(|e| e.to_string()));
        assert_eq!(ours, theirs, "this parser, input {input}");
    }
}

#[test]
fn plain_structs_agree() {
    check::<ours::Plain, theirs::Plain>(&[
        r#"{"poNumber":"PO-1","quantity":3,"itemId":2}"#,
        r#"{"poNumber":"PO-1","quantity":3,"item":2,"tags":["a"],"level":1,"type":"t","loop":true}"#,
        r#"{"item":1,"quantity":3,"poNumber":"x","note":null,"other":{"deep":[1,2]}}"#,
        r#"{"poNumber":"PO-1","quantity":3}"#,
        r#"{"quantity":3,"item":1}"#,
        r#"{"poNumber":"PO-1","poNumber":"PO-2","quantity":3,"item":1}"#,
        r#"{"poNumber":"PO-1","quantity":"3","item":1}"#,
        r#"{"poNumber":"PO-1","quantity":3,"item":1,"local":5}"#,
        r#"{"poNumber":1}"#,
        r#"{"poNumber":"x","quantity":1,"item":1,"tags":[],"tags":["b"]}"#,
        r#"{"poNumber":"x","quantity":1,"item":1,"level":2,"level":3}"#,
        r#"{"poNumber":"x","quantity":1,"item":1,"itemId":2}"#,
        r#"{"poNumber":"x","quantity":1,"item":1,"note":"a","note":"b"}"#,
        r#"{"poNumber":"x","quantity":1,"item":1,"type":"a","type":"b"}"#,
        r#"{"po\u004eumber":"x","quantity":1,"item":1,"t\u00e9":0}"#,
        r#"{"po_number":"x","quantity":1,"item":1}"#,
        r#"[]"#,
        r#""text""#,
        r#"null"#,
        r#"{}"#,
    ]);
}

#[test]
fn strict_structs_agree() {
    check::<ours::Strict, theirs::Strict>(&[
        r#"{"skuCode":"A"}"#,
        r#"{"skuCode":"A","quantity":2}"#,
        r#"{"skuCode":"A","quantityy":2}"#,
        r#"{"skuCode":"A","hidden":2}"#,
        r#"{"quantity":2}"#,
        r#"{"skuCode":"A","quantity":null}"#,
        r#"{"sku":"A"}"#,
        r#"{"sku":"A","skuCode":"B"}"#,
        r#"{"sku":"A","skux":1}"#,
    ]);
    check::<ours::WithOpt, theirs::WithOpt>(&[
        r#"{"n":1}"#,
        r#"{"n":null,"m":2}"#,
        r#"{"m":2}"#,
        r#"{}"#,
    ]);
}

#[test]
fn container_defaults_agree() {
    check::<ours::Defaults, theirs::Defaults>(&[
        r#"{}"#,
        r#"{"intervalMs":5}"#,
        r#"{"name":"n","other":1}"#,
        r#"{"name":"n","cache":1}"#,
        r#"{"intervalMs":"5"}"#,
    ]);
}

#[test]
fn flattened_maps_agree() {
    check::<ours::Flat, theirs::Flat>(&[
        r#"{"id":"1"}"#,
        r#"{"id":"1","endDate":"2025","b":[1,{"c":null}],"a":"x"}"#,
        r#"{"a":1,"id":"1","a":2}"#,
        r#"{"endDate":"2025"}"#,
    ]);
}

#[test]
fn structs_with_every_field_defaulted_agree() {
    check::<ours::AllDefault, theirs::AllDefault>(&[
        r#"{}"#,
        r#"{"id":"a","levelNo":2,"n":3,"x":[1],"local":4}"#,
        r#"{"n":1,"n":2}"#,
        r#"{"levelNo":"2"}"#,
        r#"{"id":"a","id":"b"}"#,
    ]);
}

#[test]
fn nested_structs_agree() {
    check::<ours::Nested, theirs::Nested>(&[
        r#"{"strict":{"skuCode":"S"},"list":[],"any":null}"#,
        r#"{"strict":{"skuCode":"S"},"plain":{"poNumber":"x","quantity":1,"item":1},"list":[{"skuCode":"A"}],"any":{"x":[1]}}"#,
        r#"{"strict":{"skuCode":"S"},"list":[{"skuCode":"A"},{"skuCode":"B","bad":1}],"any":1}"#,
        r#"{"strict":{"skuCode":"S"},"plain":{"quantity":1},"list":[],"any":1}"#,
        // Several fields missing, of each kind: the first declared is named.
        r#"{}"#,
        r#"{"list":[]}"#,
        r#"{"strict":{"skuCode":"S"}}"#,
        r#"{"strict":{"skuCode":"S"},"list":[]}"#,
    ]);
}

/// The error paths of this parser: where a failure inside a derived struct is reported.
#[test]
fn errors_name_their_path() {
    let e = partner_ordering_json::from_str::<ours::Nested>(
        r#"{"strict":{"skuCode":"S"},"list":[{"skuCode":"A"},{"skuCode":"B","bad":1}],"any":1}"#,
    )
    .err()
    .map(|e| {
        (
            e.path().to_string(),
            e.unknown_field().map(|(k, _)| k.to_string()),
        )
    });
    assert_eq!(
        e,
        Some(("list[1].bad".to_string(), Some("bad".to_string())))
    );
    let e =
        partner_ordering_json::from_str::<ours::Nested>(r#"{"plain":{"quantity":1},"list":[]}"#)
            .err()
            .map(|e| (e.path().to_string(), e.missing_field()));
    assert_eq!(e, Some(("plain".to_string(), Some("poNumber"))));
}

/// A value of the wrong type where a struct is expected says what JSON was wanted.
#[test]
fn a_wrong_type_expects_an_object() {
    let e = partner_ordering_json::from_str::<ours::Strict>(r#""text""#)
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        e.as_deref(),
        Some(r#"invalid type: string "text", expected an object"#)
    );
}

/// A struct of ours that keeps unknown keys, flattened into one of serde's: it asks for a map,
/// so serde hands it every key (a struct would get only the keys it names).
#[test]
fn flattened_into_serde_structs_agree() {
    #[derive(serde::Deserialize, Debug)]
    struct OuterOurs {
        top: u32,
        #[serde(flatten)]
        inner: ours::Flat,
    }
    #[derive(serde::Deserialize, Debug)]
    struct OuterTheirs {
        top: u32,
        #[serde(flatten)]
        inner: theirs::Flat,
    }
    for input in [
        r#"{"top":1,"id":"a","zzz":[2]}"#,
        r#"{"id":"a","top":1}"#,
        r#"{"top":1}"#,
    ] {
        let a = outcome(serde_json::from_str::<OuterOurs>(input).map_err(|e| e.to_string()));
        let b = outcome(serde_json::from_str::<OuterTheirs>(input).map_err(|e| e.to_string()));
        assert_eq!(
            a.replace("OuterOurs", "Outer"),
            b.replace("OuterTheirs", "Outer"),
            "{input}"
        );
    }
}
