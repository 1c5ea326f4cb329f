//! A quantity as callers give it, and the checks every API makes of it.
//!
//! The Omnissa docs send quantities both as numbers and as numeric strings, and JavaScript
//! callers of every API do the same, so inputs accept both. Limits differ per API and are
//! passed in ([`QuantityInput::positive_up_to`]).

use serde::{Deserialize, Serialize};

/// A quantity as callers give it: a number or a numeric string.
///
/// Deserialized by hand rather than `#[serde(untagged)]`: untagged enums buffer every value
/// before trying each variant, which made quantities the slowest field of a large order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum QuantityInput {
    /// `5`
    Number(f64),
    /// `"5"`
    Text(String),
}

impl<'de> Deserialize<'de> for QuantityInput {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = QuantityInput;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a number or a numeric string")
            }
            fn visit_u64<E>(self, v: u64) -> Result<QuantityInput, E> {
                Ok(QuantityInput::Number(v as f64))
            }
            fn visit_i64<E>(self, v: i64) -> Result<QuantityInput, E> {
                Ok(QuantityInput::Number(v as f64))
            }
            fn visit_f64<E>(self, v: f64) -> Result<QuantityInput, E> {
                Ok(QuantityInput::Number(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<QuantityInput, E> {
                Ok(QuantityInput::Text(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<QuantityInput, E> {
                Ok(QuantityInput::Text(v))
            }
        }
        d.deserialize_any(V)
    }
}

impl From<u32> for QuantityInput {
    fn from(q: u32) -> Self {
        QuantityInput::Number(f64::from(q))
    }
}

impl From<&str> for QuantityInput {
    fn from(q: &str) -> Self {
        QuantityInput::Text(q.to_string())
    }
}

/// As a person would write it in a message: `5`, `2.5`, `"abc"`.
impl std::fmt::Display for QuantityInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            QuantityInput::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => {
                write!(f, "{}", *n as i64)
            }
            QuantityInput::Number(n) => f.write_str(&crate::json::float_text(*n)),
            QuantityInput::Text(t) => write!(f, "{t:?}"),
        }
    }
}

/// Why a quantity is not a positive whole number: the issue code to report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuantityProblem {
    /// Not a whole number (`2.5`, `"abc"`, `NaN`).
    NotInteger,
    /// Zero or negative.
    NotPositive,
    /// Above the limit given to [`QuantityInput::positive_up_to`].
    TooLarge,
}

impl QuantityProblem {
    /// The stable issue code.
    pub fn code(self) -> &'static str {
        match self {
            QuantityProblem::NotInteger => "quantity_not_integer",
            QuantityProblem::NotPositive => "quantity_not_positive",
            QuantityProblem::TooLarge => "quantity_too_large",
        }
    }
}

impl QuantityInput {
    /// The quantity as a whole number from 1 to `max`, or what is wrong with it.
    pub fn positive_up_to(&self, max: u32) -> Result<u32, QuantityProblem> {
        let v = match self {
            QuantityInput::Number(n) => *n,
            QuantityInput::Text(t) => {
                partner_ordering_json::parse_f64(t.trim()).ok_or(QuantityProblem::NotInteger)?
            }
        };
        if !v.is_finite() || v.fract() != 0.0 {
            return Err(QuantityProblem::NotInteger);
        }
        if v < 1.0 {
            return Err(QuantityProblem::NotPositive);
        }
        if v > f64::from(max) {
            return Err(QuantityProblem::TooLarge);
        }
        Ok(v as u32)
    }

    /// For a number-typed field (`double`): whole numbers as integers, others as they parse;
    /// text that is not a number is sent as given, so a request with validation off carries
    /// what the caller wrote.
    pub fn as_number_json(&self) -> serde_json::Value {
        let n = match self {
            QuantityInput::Number(n) => Some(*n),
            QuantityInput::Text(t) => partner_ordering_json::parse_f64(t.trim()),
        };
        match n.filter(|n| n.is_finite()) {
            Some(n) if n.fract() == 0.0 && n.abs() < 9e15 => serde_json::json!(n as i64),
            Some(n) => serde_json::json!(n),
            None => serde_json::json!(self),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_read_as_written_in_messages() {
        let shown: Vec<String> = [
            5.into(),
            QuantityInput::Number(2.5),
            "abc".into(),
            "".into(),
        ]
        .iter()
        .map(|q: &QuantityInput| q.to_string())
        .collect();
        assert_eq!(shown, ["5", "2.5", "\"abc\"", "\"\""]);
    }
}
