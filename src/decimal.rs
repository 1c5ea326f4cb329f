//! Exact decimal numbers for money and catalog quantities. Never `f64`.
//!
//! The partner APIs send amounts and quantity bounds as decimal strings (`"7.31"`, `"5000.0"`).
//! They stay strings in every public type; this module parses them only to compare and add them
//! exactly: `0.1 + 0.2` is `0.3` here.

use std::cmp::Ordering;
use std::fmt;

/// A decimal value: `mantissa × 10^-scale`.
#[derive(Debug, Clone, Copy)]
pub struct Decimal {
    mantissa: i128,
    scale: u32,
}

/// More fractional digits than any currency or quantity needs; keeps rescaling far from overflow.
const MAX_SCALE: u32 = 18;

impl Decimal {
    /// Parses `-12.340`, `5000.0`, `7`, `+1.5`, `.5`. No exponents, no thousands separators.
    /// `None` for anything else, or for more than 18 fractional or 20 integer digits.
    pub fn parse(s: &str) -> Option<Decimal> {
        let t = s.trim();
        let (neg, digits) = match t.as_bytes().first()? {
            b'-' => (true, t.get(1..)?),
            b'+' => (false, t.get(1..)?),
            _ => (false, t),
        };
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(int)
            || !all_digits(frac)
            || frac.len() > MAX_SCALE as usize
            || int.len() > 20
        {
            return None;
        }
        let mut m: i128 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            m = m.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
        }
        Some(Decimal {
            mantissa: if neg { -m } else { m },
            scale: u32::try_from(frac.len()).ok()?,
        })
    }

    /// The exact decimal a finite `f64` prints as (its shortest round-trip digits, as JS and
    /// `Display` show it, e.g. `2.5` or `0.0000001`), within [`Decimal::parse`]'s limits.
    /// Written without core's float formatting, which would add its tables to the wasm.
    pub fn from_f64(n: f64) -> Option<Decimal> {
        if !n.is_finite() {
            return None;
        }
        let text = crate::json::float_text(n);
        // JSON writes `2.0` where `Display` writes `2`: the same value at another scale.
        let text = text.strip_suffix(".0").unwrap_or(&text);
        let Some((digits, exp)) = text.split_once(['e', 'E']) else {
            return Decimal::parse(text);
        };
        // `1.5e-7` → `0.00000015`, `1e21` → `1000000000000000000000`: the digits `Display`
        // writes, so that the limits apply as to any other text.
        let exp: i32 = exp.parse().ok()?;
        let (sign, digits) = digits.strip_prefix('-').map_or(("", digits), |d| ("-", d));
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let all = format!("{int}{frac}");
        let point = i32::try_from(int.len()).ok()?.checked_add(exp)?;
        let len = i32::try_from(all.len()).ok()?;
        let zeros = |n: i32| "0".repeat(usize::try_from(n.clamp(0, 400)).unwrap_or(0));
        let plain = if point <= 0 {
            format!("{sign}0.{}{all}", zeros(-point))
        } else if point >= len {
            format!("{sign}{all}{}", zeros(point - len))
        } else {
            let (a, b) = all.split_at(usize::try_from(point).ok()?);
            format!("{sign}{a}.{b}")
        };
        Decimal::parse(&plain)
    }

    /// Zero.
    pub const ZERO: Decimal = Decimal {
        mantissa: 0,
        scale: 0,
    };

    fn rescaled(self, scale: u32) -> Option<i128> {
        let diff = scale.checked_sub(self.scale)?;
        self.mantissa.checked_mul(10i128.checked_pow(diff)?)
    }

    /// Exact sum; `None` on overflow (far beyond any real amount).
    pub fn checked_add(self, other: Decimal) -> Option<Decimal> {
        let scale = self.scale.max(other.scale);
        Some(Decimal {
            mantissa: self.rescaled(scale)?.checked_add(other.rescaled(scale)?)?,
            scale,
        })
    }

    /// Exact difference.
    pub fn checked_sub(self, other: Decimal) -> Option<Decimal> {
        self.checked_add(Decimal {
            mantissa: other.mantissa.checked_neg()?,
            scale: other.scale,
        })
    }

    /// Exact product; `None` on overflow or beyond 18 fractional digits.
    pub fn checked_mul(self, other: Decimal) -> Option<Decimal> {
        let scale = self.scale.checked_add(other.scale)?;
        if scale > MAX_SCALE {
            return None;
        }
        Some(Decimal {
            mantissa: self.mantissa.checked_mul(other.mantissa)?,
            scale,
        })
    }

    /// Rounded to `dp` fractional digits, halves away from zero (how invoices round cents).
    pub fn round_dp(self, dp: u32) -> Decimal {
        if self.scale <= dp {
            return self;
        }
        let Some(factor) = 10i128.checked_pow(self.scale - dp) else {
            return self;
        };
        let q = self.mantissa / factor;
        let r = self.mantissa % factor;
        let up = r.unsigned_abs() * 2 >= factor.unsigned_abs();
        let q = if up { q + self.mantissa.signum() } else { q };
        Decimal {
            mantissa: q,
            scale: dp,
        }
    }

    /// The same value without trailing fractional zeros (`1.80` → `1.8`, `2.00` → `2`).
    pub fn trimmed(self) -> Decimal {
        let mut d = self;
        while d.scale > 0 && d.mantissa % 10 == 0 {
            d.mantissa /= 10;
            d.scale -= 1;
        }
        d
    }

    /// The way the CloudBlue docs print amounts: trailing zeros dropped, at least one decimal
    /// (`1.8`, `1.0`, `7.31`).
    pub fn to_min1_string(self) -> String {
        let t = self.trimmed();
        if t.scale == 0 {
            format!("{t}.0")
        } else {
            t.to_string()
        }
    }

    /// The absolute value.
    pub fn abs(self) -> Decimal {
        Decimal {
            mantissa: self.mantissa.saturating_abs(),
            scale: self.scale,
        }
    }

    /// True for a whole number (`3`, `3.00`).
    pub fn is_integer(self) -> bool {
        10i128
            .checked_pow(self.scale)
            .is_some_and(|p| self.mantissa % p == 0)
    }

    /// True when greater than zero.
    pub fn is_positive(self) -> bool {
        self.mantissa > 0
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Decimal {}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        let scale = self.scale.max(other.scale);
        match (self.rescaled(scale), other.rescaled(scale)) {
            (Some(a), Some(b)) => a.cmp(&b),
            // Unreachable with parse()'s limits; order by sign then give up gracefully.
            _ => self.mantissa.signum().cmp(&other.mantissa.signum()),
        }
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.mantissa.unsigned_abs().to_string();
        let scale = self.scale as usize;
        let sign = if self.mantissa < 0 { "-" } else { "" };
        if scale == 0 {
            return write!(f, "{sign}{digits}");
        }
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (int, frac) = padded.split_at(padded.len() - scale);
        write!(f, "{sign}{int}.{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap_or_else(|| panic!("{s}"))
    }

    #[test]
    fn parses_the_api_forms() {
        assert_eq!(d("5000.0"), d("5000"));
        assert_eq!(d("0.0"), Decimal::ZERO);
        assert_eq!(d(".5"), d("0.50"));
        assert_eq!(d("-0.2").to_string(), "-0.2");
        assert_eq!(d("7.31").to_string(), "7.31");
        assert_eq!(d("0.05").to_string(), "0.05");
        for bad in [
            "", "-", ".", "1e3", "1,000", "NaN", "1.2.3", " 1 2", "0x10", "１",
        ] {
            assert!(Decimal::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn from_f64_is_the_digits_display_writes() {
        // Each case against core's `Display`, which the function replaces.
        for n in [
            2.5,
            0.1,
            1e-7,
            1.5e-7,
            123456.789,
            1e15,
            1e19,
            9.99e19,
            1e20,
            1e21,
            -3.25,
            0.0,
            -0.0,
            2.0,
            100.0,
            1e-18,
            1e-19,
            5e-324,
            1.797_693_134_862_315_7e308,
        ] {
            let want = Decimal::parse(&format!("{n}"));
            let got = Decimal::from_f64(n);
            assert_eq!(got, want, "{n}");
            assert_eq!(
                got.map(|d| d.to_string()),
                want.map(|d| d.to_string()),
                "{n}"
            );
        }
        assert_eq!(
            Decimal::from_f64(2.5).map(|d| d.to_string()),
            Some("2.5".into())
        );
        assert_eq!(Decimal::from_f64(f64::NAN), None);
        assert_eq!(Decimal::from_f64(f64::INFINITY), None);
    }

    #[test]
    fn exact_arithmetic() {
        assert_eq!(d("0.1").checked_add(d("0.2")), Some(d("0.3")));
        assert_eq!(d("6.52").checked_add(d("0.79")), Some(d("7.31")));
        assert_eq!(
            d("7.31").checked_sub(d("7.3")).map(|x| x.to_string()),
            Some("0.01".into())
        );
        assert!(d("5000.0") > d("4999.99"));
        assert!(d("2.00").is_integer() && !d("2.5").is_integer());
        assert_eq!(
            d("4.25")
                .checked_mul(d("0.1"))
                .map(|x| x.round_dp(2).to_string()),
            Some("0.43".into())
        );
        assert_eq!(
            d("4.25")
                .checked_mul(d("0.25"))
                .map(|x| x.round_dp(2).to_string()),
            Some("1.06".into())
        );
        assert_eq!(d("-0.125").round_dp(2).to_string(), "-0.13");
        assert_eq!(d("0.1125").round_dp(2).to_string(), "0.11");
        assert_eq!(d("1.80").to_min1_string(), "1.8");
        assert_eq!(d("2").to_min1_string(), "2.0");
        assert_eq!(d("0.20").trimmed().to_string(), "0.2");
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn never_panics(s in ".{0,45}") {
            if let Some(x) = Decimal::parse(&s) {
                let _ = x.checked_add(x);
                let _ = x.to_string();
            }
        }

        #[test]
        fn display_round_trips(m in -10_000_000_000i64..10_000_000_000i64, scale in 0u32..6) {
            let x = Decimal { mantissa: i128::from(m), scale };
            proptest::prop_assert_eq!(Decimal::parse(&x.to_string()), Some(x));
        }
    }
}
