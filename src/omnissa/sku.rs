//! Omnissa SKU strings: a validating check and a best-effort decoder.
//!
//! Observed SKUs (API-NOTES §1.7) look like `WSD-AWOSP-12PT0-C1S`: a 3-character family and
//! metric, a variable-length edition code, term months plus a billing letter, and a suffix. Only
//! two decodes are documented (`AWOSP` Standard, `AWOAP` Advanced, both "12 month Pre-paid");
//! the rest of the grammar is inferred, so the check accepts any SKU of the observed *shape* and
//! never rejects an unknown edition.

use serde::{Deserialize, Serialize};

use crate::validate::Issues;

/// Per-device or per-user licensing, from the last character of the family segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum SkuMetric {
    /// `…D`: per device.
    Device,
    /// `…U`: per user.
    User,
}

/// How the term is billed, from the letter after the term months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum SkuBilling {
    /// `P`: pre-paid (documented).
    Prepaid,
    /// `M`: monthly (inferred).
    Monthly,
    /// Any other letter.
    Unknown,
}

/// What a SKU says about itself, as far as it can be decoded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct SkuInfo {
    /// The SKU as given.
    pub sku: String,
    /// True when the SKU has the observed shape (see [`check_sku`]).
    pub well_formed: bool,
    /// First segment, e.g. `WSD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// Product line when known: `WS` is Workspace ONE.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// Per device or per user, when the family ends in `D` or `U`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric: Option<SkuMetric>,
    /// Second segment, e.g. `AWOSP`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edition_code: Option<String>,
    /// Edition name for the documented codes (`Standard`, `Advanced`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edition: Option<String>,
    /// Term in months, e.g. 12.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term_months: Option<u32>,
    /// Pre-paid, monthly or unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing: Option<SkuBilling>,
    /// Last segment, e.g. `C1S` (meaning unknown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suffix: Option<String>,
}

/// The observed shape: `^[A-Z0-9]{3}-[A-Z0-9]{3,12}-\d{1,3}[A-Z][A-Z0-9]{0,3}-[A-Z0-9]{2,4}$`.
fn shape_ok(sku: &str) -> bool {
    // Bytes and positions, no `split`: this runs once per offer, and validation of large orders
    // is a hot path.
    let b = sku.as_bytes();
    let mut parts: [&[u8]; 4] = [&[]; 4];
    let mut rest = b;
    for (n, part) in parts.iter_mut().enumerate() {
        match rest.iter().position(|&c| c == b'-') {
            Some(at) if n < 3 => {
                let (head, tail) = rest.split_at(at);
                *part = head;
                rest = tail.get(1..).unwrap_or_default();
            }
            Some(_) => return false, // a fifth part
            None if n == 3 => *part = rest,
            None => return false,
        }
    }
    let [fam, ed, term, suffix] = parts;
    let digits = term.iter().take_while(|c| c.is_ascii_digit()).count();
    let rest = term.get(digits..).unwrap_or_default();
    fam.len() == 3
        && alnum_upper(fam)
        && (3..=12).contains(&ed.len())
        && alnum_upper(ed)
        && (1..=3).contains(&digits)
        && rest.first().is_some_and(|c| c.is_ascii_uppercase())
        && rest.len() <= 4
        && alnum_upper(rest)
        && (2..=4).contains(&suffix.len())
        && alnum_upper(suffix)
}

fn alnum_upper(part: &[u8]) -> bool {
    part.iter()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// Decodes a SKU as far as possible. Never fails: unknown parts are `None`.
pub fn parse_sku(sku: &str) -> SkuInfo {
    let parts: Vec<&str> = sku.trim().split('-').collect();
    let seg = |i: usize| {
        parts
            .get(i)
            .filter(|s| !s.is_empty())
            .map(|s| s.to_string())
    };
    let family = seg(0);
    let edition_code = seg(1);
    let term = parts.get(2).copied().unwrap_or("");
    let digits: String = term.chars().take_while(char::is_ascii_digit).collect();
    let billing_letter = term.chars().nth(digits.len());
    SkuInfo {
        sku: sku.to_string(),
        well_formed: shape_ok(sku),
        product: family.as_deref().and_then(|f| f.get(..2)).map(|p| match p {
            "WS" => "Workspace ONE".to_string(),
            other => other.to_string(),
        }),
        metric: family.as_deref().and_then(|f| match f.chars().nth(2) {
            Some('D') => Some(SkuMetric::Device),
            Some('U') => Some(SkuMetric::User),
            _ => None,
        }),
        edition: edition_code.as_deref().and_then(|e| match e {
            "AWOSP" => Some("Standard".to_string()),
            "AWOAP" => Some("Advanced".to_string()),
            _ => None,
        }),
        term_months: digits.parse().ok().filter(|m| *m > 0),
        billing: billing_letter.map(|c| match c {
            'P' => SkuBilling::Prepaid,
            'M' => SkuBilling::Monthly,
            _ => SkuBilling::Unknown,
        }),
        suffix: seg(3),
        family,
        edition_code,
    }
}

/// True when [`check_sku`] would report nothing: one pass, no allocation. Callers use it to build
/// an issue's path only when there is an issue.
pub fn sku_ok(sku: &str) -> bool {
    !sku.is_empty()
        && sku
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
        && shape_ok(sku)
}

/// Checks one SKU at `path`. Codes: `sku_required`, `sku_whitespace`, `sku_lowercase`,
/// `sku_malformed`. Returns true when the SKU passed.
pub fn check_sku(issues: &mut Issues, path: &str, sku: &str) -> bool {
    if sku.is_empty() {
        issues.error(path, "sku_required", "SKU is required");
        return false;
    }
    if sku.chars().any(char::is_whitespace) {
        issues.error(
            path,
            "sku_whitespace",
            format!("SKU {sku:?} contains white space"),
        );
        return false;
    }
    if sku.chars().any(|c| c.is_ascii_lowercase()) {
        issues.error(
            path,
            "sku_lowercase",
            format!(
                "SKU {sku:?} must be upper case (did you mean {:?}?)",
                sku.to_ascii_uppercase()
            ),
        );
        return false;
    }
    if !shape_ok(sku) {
        issues.error(
            path,
            "sku_malformed",
            format!(
                "SKU {sku:?} does not have the shape of an Omnissa SKU, like WSD-AWOSP-12PT0-C1S"
            ),
        );
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_check_agrees_with_the_full_one() {
        for sku in [
            "WSD-AWOSP-12PT0-C1S",
            "WSU-ASUPSPSSP-12MT0-C1S",
            "",
            "wsd-awosp-12pt0-c1s",
            "WSD-AWOSP-12PT0-C1S ",
            "WSD AWOSP-12PT0-C1S",
            "WSD-AWOSP-12PT0",
            "WSD-AWOSP-12PT0-C1S-X",
            "WSD_AWOSP-12PT0-C1S",
            "WSD-AWOSP-1234T0-C1S",
            "WSD-AW-12PT0-C1S",
            "WSD-AWOSP-12-C1S",
            "WSD-AWOSP-12PT0-C",
            "WSD-ÄWOSP-12PT0-C1S",
        ] {
            let mut issues = Issues::new();
            let full = check_sku(&mut issues, "sku", sku);
            assert_eq!(sku_ok(sku), full, "{sku:?}");
            assert_eq!(full, issues.report().ok, "{sku:?}");
        }
    }

    #[test]
    fn every_observed_sku_is_well_formed() {
        for sku in [
            "WSU-ASUPSPSSP-12MT0-C1S",
            "WSD-AWOAP-12PT0-C1S",
            "WSD-AWOSP-12PT0-C1S",
            "WSD-AWOSP-12MT0-C2S",
            "WSU-AWOAB-12MT0-C1S",
            "WSD-ABXAP-12PT0-C1S",
            "WSD-AWOAP-12MT0-C1S",
            "CAA-A1BSA-12PT0-C1S",
            "HAH-ADNUA-12PT0-C1S",
            "HAH-CRNUA-12PT0-C1S",
        ] {
            let mut i = Issues::new();
            assert!(check_sku(&mut i, "sku", sku), "{sku}: {:?}", i.report());
            assert!(parse_sku(sku).well_formed);
        }
    }

    #[test]
    fn decodes_the_documented_parts() {
        let s = parse_sku("WSD-AWOSP-12PT0-C1S");
        assert_eq!(s.family.as_deref(), Some("WSD"));
        assert_eq!(s.product.as_deref(), Some("Workspace ONE"));
        assert_eq!(s.metric, Some(SkuMetric::Device));
        assert_eq!(s.edition.as_deref(), Some("Standard"));
        assert_eq!(s.term_months, Some(12));
        assert_eq!(s.billing, Some(SkuBilling::Prepaid));
        assert_eq!(s.suffix.as_deref(), Some("C1S"));
        let u = parse_sku("WSU-ASUPSPSSP-12MT0-C1S");
        assert_eq!(
            (u.metric, u.billing, u.edition),
            (Some(SkuMetric::User), Some(SkuBilling::Monthly), None)
        );
    }

    #[test]
    fn decoding_garbage_never_fails() {
        for s in [
            "",
            "-",
            "---",
            "X",
            "é-€-1-",
            "WSD-AWOSP-PT0-C1S",
            "WSD-AWOSP-12",
        ] {
            let info = parse_sku(s);
            assert!(!info.well_formed, "{s}");
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn never_panics(s in ".{0,30}") {
            let _ = parse_sku(&s);
            let _ = check_sku(&mut Issues::new(), "sku", &s);
        }
    }
}
