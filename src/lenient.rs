//! Lenient deserializers for values the APIs send in more than one shape.
//!
//! The partner documents disagree with their own specs about whether a quantity is a number or a
//! string (API-NOTES §1.6), so every quantity is read as either. Output stays strict: each request
//! type serializes exactly what its schema says.

use partner_ordering_json::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use std::fmt;

/// Reads a non-negative whole quantity from `5`, `5.0`, `"5"` or `"5.0"`.
pub fn quantity<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    d.deserialize_any(QuantityVisitor)
}

/// Like [`quantity`], for optional fields: `null` and absence give `None`.
pub fn opt_quantity<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    struct Opt;
    impl<'de> Visitor<'de> for Opt {
        type Value = Option<u32>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a quantity or null")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            quantity(d).map(Some)
        }
    }
    d.deserialize_option(Opt)
}

struct QuantityVisitor;

impl Visitor<'_> for QuantityVisitor {
    type Value = u32;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a whole, non-negative quantity as a number or a string")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<u32, E> {
        u32::try_from(v).map_err(|_| E::custom(format!("quantity {v} is too large")))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<u32, E> {
        u32::try_from(v).map_err(|_| E::custom(format!("quantity {v} is out of range")))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<u32, E> {
        // Only whole values: "2.0" is a quantity of two, 2.5 is an error.
        if v.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&v) {
            Ok(v as u32)
        } else {
            let v = crate::json::float_text(v);
            Err(E::custom(format!("quantity {v} is not a whole number")))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<u32, E> {
        let t = v.trim();
        let whole = match t.split_once('.') {
            Some((w, frac)) if !frac.is_empty() && frac.bytes().all(|b| b == b'0') => w,
            Some(_) => return Err(E::custom(format!("quantity {v:?} is not a whole number"))),
            None => t,
        };
        whole
            .parse::<u32>()
            .map_err(|_| E::custom(format!("quantity {v:?} is not a whole number")))
    }
}

/// Reads a number of seconds from a number or a numeric string.
pub fn opt_seconds<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    opt_quantity(d).map(|q| q.map(u64::from))
}

/// Reads a decimal amount sent as a string (`"70.5"`) or, by a lenient server, a number (`70.5`),
/// keeping the exact text. Money is never parsed into a float.
pub fn decimal_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    serde_json::Value::deserialize(d).and_then(|v| match v {
        serde_json::Value::String(s) => Ok(s),
        serde_json::Value::Number(n) => Ok(n.to_string()),
        other => Err(de::Error::custom(format!(
            "expected a decimal string, got {other}"
        ))),
    })
}

/// Like [`decimal_string`], for optional fields.
pub fn opt_decimal_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    serde_json::Value::deserialize(d).and_then(|v| match v {
        serde_json::Value::Null => Ok(None),
        serde_json::Value::String(s) => Ok(Some(s)),
        serde_json::Value::Number(n) => Ok(Some(n.to_string())),
        other => Err(de::Error::custom(format!(
            "expected a decimal string, got {other}"
        ))),
    })
}

/// Reads a scalar a server may send as a string, a number or a boolean (`"2"`, `2`, `true`), as
/// its text: for server enums and free-form values, which .NET may serialise either way.
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    opt_text(d)?.ok_or_else(|| de::Error::custom("expected text, got null"))
}

/// Like [`text`], for optional fields.
pub fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    serde_json::Value::deserialize(d).and_then(|v| match v {
        serde_json::Value::Null => Ok(None),
        serde_json::Value::String(s) => Ok(Some(s)),
        serde_json::Value::Number(n) => Ok(Some(n.to_string())),
        serde_json::Value::Bool(b) => Ok(Some(b.to_string())),
        other => Err(de::Error::custom(format!("expected text, got {other}"))),
    })
}

/// Reads an identifier sent as a string or a number (`"12"` or `12`) as a string.
pub fn id_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    decimal_string(d)
}

/// Like [`id_string`], for optional fields.
pub fn opt_id_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    opt_decimal_string(d)
}

#[cfg(test)]
mod tests {
    use partner_ordering_json::Deserialize;

    #[derive(Deserialize, Debug)]
    struct Q {
        #[serde(deserialize_with = "super::quantity")]
        q: u32,
    }

    fn q(json: &str) -> Result<u32, String> {
        serde_json::from_str::<Q>(json)
            .map(|x| x.q)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn numbers_and_strings() {
        assert_eq!(q(r#"{"q":25}"#), Ok(25));
        assert_eq!(q(r#"{"q":"25"}"#), Ok(25));
        assert_eq!(q(r#"{"q":" 2.0 "}"#), Ok(2));
        assert_eq!(q(r#"{"q":2.0}"#), Ok(2));
    }

    #[test]
    fn refuses_fractions_negatives_and_junk() {
        for bad in [
            r#"{"q":2.5}"#,
            r#"{"q":-1}"#,
            r#"{"q":"1e3"}"#,
            r#"{"q":"x"}"#,
            r#"{"q":"2."}"#,
            r#"{"q":true}"#,
            r#"{"q":99999999999}"#,
        ] {
            assert!(q(bad).is_err(), "{bad}");
        }
    }
}
