//! Omnissa SKU strings: a validating check and a best-effort decoder.
//!
//! Observed SKUs (API-NOTES §1.7) look like `WSD-AWOSP-12PT0-C1S`: a 3-character family and
//! metric, a variable-length edition code, term months plus a billing letter, and a suffix. Only
//! two decodes are documented (`AWOSP` Standard, `AWOAP` Advanced, both "12 month Pre-paid");
//! the rest of the grammar is inferred, so the check accepts any SKU of the observed *shape* and
//! never rejects an unknown edition.

use partner_ordering_json::Deserialize;

use serde::Serialize;

use crate::validate::Issues;

/// Per-device or per-user licensing, from the last character of the family segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum SkuMetric {
    /// `…D`: per device.
    Device,
    /// `…U`: per user.
    User,
}

/// How the term is billed, from the letter after the term months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
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
    // One pass over the bytes, a run of `[A-Z0-9]` per segment: this runs once per offer, and
    // validation of large orders is a hot path.
    let b = sku.as_bytes();
    let fam = alnum_run(b);
    let Some(rest) = after_dash(b, fam) else {
        return false;
    };
    let ed = alnum_run(rest);
    let Some(rest) = after_dash(rest, ed) else {
        return false;
    };
    let term = alnum_run(rest);
    let digits = digit_run(rest);
    let Some(rest) = after_dash(rest, term) else {
        return false;
    };
    let suffix = alnum_run(rest);
    fam == 3
        && (3..=12).contains(&ed)
        && (1..=3).contains(&digits)
        // What follows the digits is `[A-Z0-9]` but not a digit: the billing letter.
        && term > digits
        && term - digits <= 4
        && suffix == rest.len()
        && (2..=4).contains(&suffix)
}

/// The length of the run of `[A-Z0-9]` that `b` starts with.
fn alnum_run(b: &[u8]) -> usize {
    let mut n = 0;
    while let Some(c) = b.get(n) {
        if !(c.is_ascii_uppercase() || c.is_ascii_digit()) {
            break;
        }
        n += 1;
    }
    n
}

/// The length of the run of digits that `b` starts with.
fn digit_run(b: &[u8]) -> usize {
    let mut n = 0;
    while b.get(n).is_some_and(u8::is_ascii_digit) {
        n += 1;
    }
    n
}

/// What follows a segment of `len` bytes and its `-`, if a `-` follows it.
fn after_dash(b: &[u8], len: usize) -> Option<&[u8]> {
    match b.get(len) {
        Some(b'-') => b.get(len + 1..),
        _ => None,
    }
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
    // The shape admits only `[A-Z0-9-]`, so it is the whole check.
    shape_ok(sku)
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

    /// The shape as the regex reads, written plainly: the reference for the one-pass check.
    fn shape_by_parts(sku: &str) -> bool {
        let up = |p: &str| {
            p.bytes()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        };
        let parts: Vec<&str> = sku.split('-').collect();
        let [fam, ed, term, suffix] = parts[..] else {
            return false;
        };
        let digits = term.bytes().take_while(u8::is_ascii_digit).count();
        let rest = &term[digits..];
        fam.len() == 3
            && up(fam)
            && (3..=12).contains(&ed.len())
            && up(ed)
            && (1..=3).contains(&digits)
            && rest.bytes().next().is_some_and(|c| c.is_ascii_uppercase())
            && rest.len() <= 4
            && up(rest)
            && (2..=4).contains(&suffix.len())
            && up(suffix)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// Near-SKUs: segments of varied lengths from an alphabet with the edge characters.
        #[test]
        fn the_one_pass_shape_is_the_regex(sku in "[A-Z0-9a-]{0,3}(-[A-Z0-9]{0,13}){0,2}-?[0-9]{0,4}[A-Z0-9a ]{0,5}-?[A-Z0-9-]{0,5}") {
            proptest::prop_assert_eq!(shape_ok(&sku), shape_by_parts(&sku), "{:?}", sku);
        }

        /// Every SKU the regex matches, at each segment's length bounds.
        #[test]
        fn every_sku_of_the_shape_passes(sku in "[A-Z0-9]{3}-[A-Z0-9]{3,12}-[0-9]{1,3}[A-Z][A-Z0-9]{0,3}-[A-Z0-9]{2,4}") {
            proptest::prop_assert!(shape_ok(&sku), "{:?}", sku);
            proptest::prop_assert!(sku_ok(&sku), "{:?}", sku);
        }
    }

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
