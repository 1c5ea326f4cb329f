//! Property tests: the parser and the serializer agree with serde_json, which they replace, on
//! random JSON and on random near-JSON text, and never panic.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use partner_ordering_json::{from_slice, from_str, to_string};
use proptest::prelude::*;
use serde_json::Value;

/// Random JSON values: every kind, strings with escapes, controls and non-ASCII, awkward numbers.
fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::json!(f)),
        prop_oneof![Just(0.0), Just(-0.0), Just(1e300), Just(5e-324), Just(0.1)]
            .prop_map(|f: f64| serde_json::json!(f)),
        "\\PC{0,12}".prop_map(Value::from),
        "[\"\\\\/\u{0}-\u{1f}a\u{e9}\u{1F600}]{0,8}".prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::from),
            prop::collection::btree_map("\\PC{0,6}", inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Equal as JSON: numbers compared by value (`1` and `1.0` are the same number to JS).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// Text near JSON: a value's text with a few bytes replaced, inserted or cut.
fn near_json() -> impl Strategy<Value = Vec<u8>> {
    let noise = prop::sample::select(
        b"{}[],:\"\\ 0123456789-+.eEtrufalsn\x00\x1f\x7f\xff\xc3\xa9uD8".to_vec(),
    );
    (
        value(),
        prop::collection::vec((any::<prop::sample::Index>(), noise, 0..3u8), 0..4),
    )
        .prop_map(|(v, edits)| {
            let mut b = serde_json::to_vec(&v).unwrap();
            for (at, byte, op) in edits {
                let i = at.index(b.len() + 1);
                match op {
                    0 if i < b.len() => b[i] = byte,
                    1 => b.insert(i, byte),
                    _ => b.truncate(i),
                }
            }
            b
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8000))]

    #[test]
    fn reads_what_serde_json_writes(v in value()) {
        let text = serde_json::to_string(&v).unwrap();
        let ours: Value = from_str(&text).unwrap();
        prop_assert!(same(&ours, &v), "{text}");
        let pretty = serde_json::to_string_pretty(&v).unwrap();
        let ours: Value = from_str(&pretty).unwrap();
        prop_assert!(same(&ours, &v), "{pretty}");
    }

    #[test]
    fn writes_what_serde_json_reads_back(v in value()) {
        let text = to_string(&v).unwrap();
        let back: Value = serde_json::from_str(&text).unwrap();
        prop_assert!(same(&back, &v), "{text}");
        // Strings are written exactly as serde_json writes them.
        if v.is_string() {
            prop_assert_eq!(text, serde_json::to_string(&v).unwrap());
        }
    }

    #[test]
    fn accepts_and_refuses_the_same_text(bytes in near_json()) {
        let ours = from_slice::<Value>(&bytes);
        let theirs = serde_json::from_slice::<Value>(&bytes);
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) => prop_assert!(same(a, b), "{:?}", String::from_utf8_lossy(&bytes)),
            (Err(_), Err(_)) => {}
            _ => prop_assert!(false, "{:?}: ours {ours:?}, serde_json {theirs:?}", String::from_utf8_lossy(&bytes)),
        }
    }
}
