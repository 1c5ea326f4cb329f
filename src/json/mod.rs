//! JSON text from JavaScript (or any caller), parsed with hard limits.
//!
//! The JS layer turns every caller value into text (`JSON.stringify`) before Rust sees it, so
//! cycles, throwing getters, proxies and BigInts fail in JS. Rust still trusts nothing: the
//! parser ([`de`], from the `partner-ordering-json` crate: the library's one deserializer, for
//! arguments and responses alike) enforces the [`LIMITS`] as it reads, and a failure names its
//! JSON path (`offers[2].quantity`) and becomes an [`Issue`].

use serde::de::DeserializeOwned;

use crate::error::{Api, Error, Issue};

pub use partner_ordering_json::{de, float_text, from_slice, from_str, ser, to_string, Limits};

/// The limits every argument is parsed with. Far above any real order (a 1,000-offer order is
/// about 60 KB at depth 3), far below what could stall a Worker.
pub const LIMITS: Limits = Limits {
    max_bytes: 8 << 20,
    max_depth: 64,
    max_items: 100_000,
    max_string: 1 << 20,
};

fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    }
}

/// `serde_json::from_value`, through text. Deserializing from a `Value` compiles a second
/// deserializer into the wasm for every type read that way (100 KB for the APIs whose bodies
/// are first inspected as a `Value`); through text, each type keeps the one [`de`] has. The
/// round trip costs a little time on bodies that are small anyway.
///
/// # Errors
/// The parser's [`de::Error`], for a value that does not fit `T`.
pub fn from_value<T: DeserializeOwned>(v: &serde_json::Value) -> Result<T, de::Error> {
    from_str(&to_string(v)?)
}

/// The path of a field serde named in an error: the parser's path ends at the key (an unknown
/// field) or at the object holding it (a field missing, or one of a buffered, flattened object).
fn field_path(path: String, field: &str) -> String {
    let ends_with_key = path == field || path.ends_with(&format!(".{field}"));
    if ends_with_key {
        path
    } else {
        join(&path, field)
    }
}

/// The keys of the JSON object `text`, in their order, its values skipped; `None` for text that
/// is not an object. Without a map type, whose code each key and value type would compile in.
pub fn object_keys(text: &str) -> Option<Vec<String>> {
    struct Keys(Vec<String>);
    impl<'de> serde::Deserialize<'de> for Keys {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct Visit;
            impl<'de> serde::de::Visitor<'de> for Visit {
                type Value = Keys;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut m: A,
                ) -> Result<Keys, A::Error> {
                    let mut keys = Vec::new();
                    while let Some(k) = m.next_key::<String>()? {
                        m.next_value::<serde::de::IgnoredAny>()?;
                        keys.push(k);
                    }
                    Ok(Keys(keys))
                }
            }
            d.deserialize_map(Visit)
        }
    }
    from_str::<Keys>(text).ok().map(|k| k.0)
}

/// The issue for a parse failure: its path, `required` for a missing field,
/// `unknown_field` for one the input does not have (with the closest known one, if any).
fn issue_of(what: &str, e: &de::Error) -> Issue {
    let msg = e.message();
    let path = e.path().to_string();
    if let Some((field, known)) = e.unknown_field() {
        let hint = match crate::validate::suggest::closest(field, known) {
            Some(k) => format!("; did you mean `{k}`?"),
            None if known.is_empty() => String::new(),
            None => format!("; its fields are `{}`", known.join("`, `")),
        };
        return Issue::new(
            field_path(path, field),
            "unknown_field",
            format!("{what}: `{field}` is not a field here, so it would not be sent{hint}"),
        );
    }
    match e.missing_field() {
        Some(field) => Issue::new(
            join(&path, field),
            "required",
            format!("{what}: `{field}` is required"),
        ),
        // Without the refused value: it may be a secret in the wrong place.
        None => Issue::new(
            path,
            "invalid_type",
            format!("{what}: {}", crate::redact::without_values(msg)),
        ),
    }
}

/// The error for a broken limit, at `path`.
fn limit_error(api: Api, what: &str, path: String, limit: &str, value: usize) -> Error {
    Error::invalid(
        api,
        vec![Issue::new(
            path,
            "limit_exceeded",
            format!("{what}: exceeds the `{limit}` limit of {value}"),
        )],
    )
}

/// Parses one JSON argument into `T`, within [`LIMITS`]. A value of the wrong shape is an
/// invalid-request error whose issue names the path (`offers[1].sku`) and, for a missing field,
/// the field itself with code `required`.
///
/// # Errors
/// [`Error::InvalidRequest`].
pub fn from_json<T: DeserializeOwned>(api: Api, what: &str, text: &str) -> Result<T, Error> {
    if text.len() > LIMITS.max_bytes {
        return Err(limit_error(
            api,
            what,
            String::new(),
            "maxBytes",
            LIMITS.max_bytes,
        ));
    }
    // One pass: the parser enforces the other limits as it goes.
    de::from_str_within(text, &LIMITS).map_err(|e| invalid_input(api, what, text, &e))
}

/// The issue of a failed parse. A broken limit anywhere in the text comes first, even when the
/// parse stopped earlier on a wrong type ([`de::broken_limit`] reads the text again to find
/// one). Not generic, so compiled once rather than into every argument type's parser.
#[inline(never)]
fn invalid_input(api: Api, what: &str, text: &str, e: &de::Error) -> Error {
    let limit = de::broken_limit(text, &LIMITS);
    let e = limit.as_ref().unwrap_or(e);
    if let Some((limit, value)) = e.broken_limit() {
        return limit_error(api, what, e.path().to_string(), limit, value);
    }
    Error::invalid(api, vec![issue_of(what, e)])
}

/// Parses an optional argument: absent (`None`, empty, `null`) gives `T::default()`.
///
/// # Errors
/// As [`from_json`].
pub fn from_json_or_default<T: DeserializeOwned + Default>(
    api: Api,
    what: &str,
    text: Option<&str>,
) -> Result<T, Error> {
    match text.map(str::trim) {
        None | Some("") | Some("null") => Ok(T::default()),
        Some(t) => from_json(api, what, t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use partner_ordering_json::Deserialize;

    #[test]
    fn object_keys_in_their_order() {
        assert_eq!(
            object_keys(r#"{"b": {"x": [1]}, "a": null, "c": "s"}"#),
            Some(vec!["b".to_string(), "a".to_string(), "c".to_string()])
        );
        assert_eq!(object_keys("{}"), Some(Vec::new()));
        for not_an_object in ["[]", "1", "\"s\"", "{", "{\"a\":}"] {
            assert_eq!(object_keys(not_an_object), None, "{not_an_object}");
        }
    }

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Offer {
        sku: String,
        quantity: u32,
    }
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    #[serde(rename_all = "camelCase")]
    struct Order {
        commit_contract_reference: String,
        offers: Vec<Offer>,
    }

    fn issue(text: &str) -> Issue {
        match from_json::<Order>(Api::Omnissa, "order", text) {
            Err(Error::InvalidRequest { issues, .. }) => issues.into_iter().next().expect("issue"),
            other => panic!("expected an invalid request, got {other:?}"),
        }
    }

    #[test]
    fn paths_are_found_only_on_failure_and_match_the_value() {
        let cases: &[(&str, &str, &str)] = &[
            (
                r#"{"commitContractReference":"a","offers":[{"sku":"x","quantity":1},{"sku":"y","quantity":"z"}]}"#,
                "offers[1].quantity",
                "invalid_type",
            ),
            (
                r#"{"commitContractReference":"a","offers":[{"sku":"x"}]}"#,
                "offers[0].quantity",
                "required",
            ),
            (r#"{"offers":[]}"#, "commitContractReference", "required"),
            (
                r#"{"commitContractReference":"a","offers":"x"}"#,
                "offers",
                "invalid_type",
            ),
            (
                "{\n  \"commitContractReference\": 5,\n  \"offers\": []\n}",
                "commitContractReference",
                "invalid_type",
            ),
            // A struct is an object, never an array of its fields (serde_json would take one).
            (r#"[1]"#, "", "invalid_type"),
            (
                r#"{"commitContractReference":"a","offers":{"sku":"x"}}"#,
                "offers",
                "invalid_type",
            ),
            (
                r#"{"commitContractReference":"a","offers":[[1]]}"#,
                "offers[0]",
                "invalid_type",
            ),
            (r#""x""#, "", "invalid_type"),
            (r#"{"a":"\"}","offers":7}"#, "offers", "invalid_type"),
        ];
        for (text, path, code) in cases {
            let i = issue(text);
            assert_eq!((i.path.as_str(), i.code.as_str()), (*path, *code), "{text}");
        }
    }

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    struct Strict {
        po_number: Option<String>,
        offers: Vec<StrictOffer>,
    }
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    #[serde(deny_unknown_fields)]
    struct StrictOffer {
        sku: String,
        quantity: u32,
    }

    #[test]
    fn unknown_fields_are_named_with_the_closest_known_one() {
        // (text, path, the hint the message ends with)
        let cases = [
            (
                r#"{"poNumbr":"1","offers":[]}"#,
                "poNumbr",
                "did you mean `poNumber`?",
            ),
            (
                r#"{"po_number":"1","offers":[]}"#,
                "po_number",
                "did you mean `poNumber`?",
            ),
            (
                r#"{"offers":[{"sku":"a","quantity":1},{"sku":"b","qty":2}]}"#,
                "offers[1].qty",
                "its fields are `sku`, `quantity`",
            ),
            (
                r#"{"offers":[{"sku":"a","quantiy":1}]}"#,
                "offers[0].quantiy",
                "did you mean `quantity`?",
            ),
            (
                r#"{"offers":[], "x": {"poNumber": 1}}"#,
                "x",
                "its fields are `poNumber`, `offers`",
            ),
            (
                "{\n  \"offers\": [],\n  \"PONUMBER\": \"1\"\n}",
                "PONUMBER",
                "did you mean `poNumber`?",
            ),
        ];
        for (text, path, hint) in cases {
            let issue = match from_json::<Strict>(Api::CloudblueSimple, "order", text) {
                Err(Error::InvalidRequest { issues, .. }) => {
                    issues.into_iter().next().expect("issue")
                }
                other => panic!("{text}: {other:?}"),
            };
            assert_eq!(
                (issue.path.as_str(), issue.code.as_str()),
                (path, "unknown_field"),
                "{text}"
            );
            assert!(issue.message.ends_with(hint), "{text}: {}", issue.message);
        }
    }

    #[test]
    fn limits_name_themselves() {
        let deep = format!("{}{}", "[".repeat(3000), "]".repeat(3000));
        let wide = format!("[{}0]", "0,".repeat(LIMITS.max_items));
        let long = format!("\"{}\"", "a".repeat(LIMITS.max_string + 1));
        // Deep inside a value of the wrong type, too: the limit is reported, not the type.
        let deep_quantity = format!(r#"{{"offers":[{{"sku":"a","quantity":{deep}}}]}}"#);
        for (text, limit) in [
            (deep.as_str(), "maxDepth"),
            (wide.as_str(), "maxItems"),
            (long.as_str(), "maxString"),
            (deep_quantity.as_str(), "maxDepth"),
        ] {
            match from_json::<serde_json::Value>(Api::Omnissa, "x", text)
                .map(|_| ())
                .and(from_json::<Order>(Api::Omnissa, "x", text).map(|_| ()))
            {
                Err(Error::InvalidRequest { issues, .. }) => {
                    let i = issues.first().expect("issue");
                    assert_eq!(i.code, "limit_exceeded");
                    assert!(i.message.contains(limit), "{}", i.message);
                }
                other => panic!("{limit}: {other:?}"),
            }
        }
        let within = format!("{}{}", "[".repeat(64), "]".repeat(64));
        assert!(from_json::<serde_json::Value>(Api::Omnissa, "x", &within).is_ok());
        let big = " ".repeat(LIMITS.max_bytes + 1);
        let e = from_json::<serde_json::Value>(Api::Omnissa, "x", &big).expect_err("big");
        assert!(format!("{e:?}").contains("maxBytes"), "{e:?}");
    }

    #[test]
    fn a_broken_limit_is_found_whatever_the_type() {
        let small = Limits {
            max_bytes: 1000,
            max_depth: 3,
            max_items: 3,
            max_string: 4,
        };
        // (text, broken limit or "" when within, its path)
        let cases = [
            ("[1,2,3]", "", ""),
            ("[1,2,3,4]", "maxItems", "[3]"),
            (r#"["a","b","c"]"#, "", ""),
            (r#"["a","b","c","d"]"#, "maxItems", "[3]"),
            (r#"{"a":1,"b":2,"c":3}"#, "", ""),
            (r#"{"a":1,"b":2,"c":3,"d":4}"#, "maxItems", "d"),
            ("[[[]]]", "", ""),
            ("[[[[]]]]", "maxDepth", "[0][0][0]"),
            (r#"["abcd"]"#, "", ""),
            (r#"["abcde"]"#, "maxString", "[0]"),
            (r#"{"abcde":1}"#, "maxString", ""),
            // A later key too long: the object's, not the key before it.
            (r#"{"a":1,"bcdefg":2}"#, "maxString", ""),
            (r#"["a\"b"]"#, "", ""),
            (r#"["a\"bc"]"#, "maxString", "[0]"),
            (r#"{"k":"[[[,"}"#, "", ""),
            // A wrong type first (a number for a list of strings), the broken limit after it.
            (r#"[1,"b",["abcde"]]"#, "maxString", "[2][0]"),
        ];
        for (text, limit, path) in cases {
            let found = de::broken_limit(text, &small);
            let got = found
                .as_ref()
                .and_then(|e| e.broken_limit())
                .map_or("", |(l, _)| l);
            assert_eq!(got, limit, "broken_limit: {text}");
            assert_eq!(
                found.as_ref().map_or("", |e| e.path()),
                path,
                "path: {text}"
            );
            // A parse into a type meets the same limit, or stops first on a wrong type.
            let parsed = de::from_str_within::<serde_json::Value>(text, &small)
                .err()
                .and_then(|e| e.broken_limit())
                .map_or("", |(l, _)| l);
            assert_eq!(parsed, limit, "parser: {text}");
            let typed = de::from_str_within::<Vec<String>>(text, &small);
            if limit.is_empty() {
                continue;
            }
            assert!(typed.is_err(), "{text}");
        }
    }

    #[test]
    fn malformed_text_is_an_issue_not_a_panic() {
        for text in ["", "{", "{\"a\":", "\"\\ud800\"", "[1,]", "nul"] {
            assert!(
                from_json::<serde_json::Value>(Api::Omnissa, "x", text).is_err(),
                "{text}"
            );
        }
    }
}
