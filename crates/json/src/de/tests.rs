//! The parser against serde_json, and its failures: syntax, limits, paths and messages.

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
        r#""\u+00e""#,
        r#""\u-001""#,
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
fn a_missing_or_unknown_field_is_kept_as_data() {
    let e = from_str::<Order>(r#"{"offers":[{"sku":"a"}]}"#).expect_err("missing");
    assert_eq!(
        (e.missing_field(), e.unknown_field()),
        (Some("quantity"), None)
    );
    let e =
        from_str::<Order>(r#"{"offers":[{"sku":"a","quantity":1,"qty":2}]}"#).expect_err("unknown");
    let known: &[&str] = &["sku", "quantity", "note"];
    assert_eq!(
        (e.missing_field(), e.unknown_field()),
        (None, Some(("qty", known)))
    );
    let e = from_str::<Order>(r#"{"offers":[{"sku":1,"quantity":1}]}"#).expect_err("type");
    assert_eq!((e.missing_field(), e.unknown_field()), (None, None));
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
