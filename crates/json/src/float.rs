//! Decimal text to the nearest `f64` (ties to even), as `str::parse::<f64>` reads it, in a
//! small fraction of its code.
//!
//! core's parser (Eisel–Lemire with a table of 128-bit powers of five, and a big-decimal
//! fallback) is about 14 KB gzip of every wasm entry, more than any other single piece. Here the
//! common numbers take an exact fast path (at most 15 digits, a power of ten up to 10²²: one
//! IEEE multiplication or division of two exact values is correctly rounded), and the rest a
//! plain big-integer division: slower, still microseconds, and rare in the APIs' payloads
//! (JavaScript's 17-digit doubles, such as `0.30000000000000004`, take it).
//!
//! The grammar is core's: an optional sign, then `inf`, `infinity` or `nan` (any case), or
//! digits with an optional fraction (`5`, `5.`, `.5`) and an optional exponent (`e-3`).
//! `tests` compares every result with core's, bit for bit.

use std::cmp::Ordering;

/// Parses `s` as `str::parse::<f64>` does: `None` where it errs, the same value otherwise.
pub fn parse_f64(s: &str) -> Option<f64> {
    let (neg, body) = sign(s.as_bytes());
    let v = if body.eq_ignore_ascii_case(b"inf") || body.eq_ignore_ascii_case(b"infinity") {
        f64::INFINITY
    } else if body.eq_ignore_ascii_case(b"nan") {
        f64::NAN
    } else {
        decimal(body)?
    };
    Some(if neg { -v } else { v })
}

/// `digits[.digits][e[+-]digits]`, unsigned.
fn decimal(body: &[u8]) -> Option<f64> {
    let (int, rest) = body.split_at(digit_run(body));
    let (frac, rest) = match rest.split_first() {
        Some((b'.', r)) => r.split_at(digit_run(r)),
        _ => (&[][..], rest),
    };
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let exp: i64 = match rest.split_first() {
        None => 0,
        Some((b'e' | b'E', r)) => {
            let (neg, d) = sign(r);
            if d.is_empty() || digit_run(d) != d.len() {
                return None;
            }
            // Saturated: past this, any mantissa the limits allow is infinite or zero.
            let v = d
                .iter()
                .fold(0i64, |a, c| (a * 10 + i64::from(c - b'0')).min(1 << 40));
            if neg {
                -v
            } else {
                v
            }
        }
        _ => return None,
    };
    let frac_len = i64::try_from(frac.len()).ok()?;
    Some(value(int, frac, exp.checked_sub(frac_len)?))
}

/// An optional `+` or `-`: whether it was `-`, and the rest.
fn sign(b: &[u8]) -> (bool, &[u8]) {
    match b.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, b),
    }
}

fn digit_run(b: &[u8]) -> usize {
    b.iter().take_while(|c| c.is_ascii_digit()).count()
}

/// Significant digits kept: a halfway point between two doubles has at most 767, so the digits
/// past these only ever decide a tie, which one more nonzero digit does as well.
const MAX_DIGITS: usize = 780;

/// The exact powers of ten of an `f64`.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The nearest `f64` to `D × 10^e`, where `D` is the digits of `int` then `frac`.
fn value(int: &[u8], frac: &[u8], e: i64) -> f64 {
    // Leading zeros do not count (`D` is the same without them).
    let int = strip_zeros(int);
    let frac = if int.is_empty() {
        strip_zeros(frac)
    } else {
        frac
    };
    let n = int.len() + frac.len();
    if n == 0 {
        return 0.0;
    }
    let n_i = i64::try_from(n).unwrap_or(i64::MAX);
    // D × 10^e lies in [10^(n+e-1), 10^(n+e)).
    let magnitude = n_i.saturating_add(e);
    if magnitude > 310 {
        return f64::INFINITY;
    }
    if magnitude <= -324 {
        // Below 10^-324, under half the least subnormal (2^-1075 ≈ 2.47e-324).
        return 0.0;
    }
    if n <= 15 {
        // D < 10^15 < 2^53, exact, and so is 10^k for k ≤ 22.
        let push = |a: u64, c: &u8| a * 10 + u64::from(c - b'0');
        let d = frac.iter().fold(int.iter().fold(0, push), push) as f64;
        let pow = |k: i64| usize::try_from(k).ok().and_then(|k| POW10.get(k)).copied();
        if let Some(p) = pow(-e) {
            return d / p;
        }
        if let Some(p) = pow(e) {
            return d * p;
        }
        // 10^(e-22) moves into D while D stays below 10^15: still exact.
        if let Some(p) = pow(e - 22).filter(|_| n_i + e - 22 <= 15) {
            return d * p * 1e22;
        }
    }
    // Digits past MAX_DIGITS only ever break a tie: one nonzero digit stands for them.
    let kept = n.min(MAX_DIGITS);
    let (int, int_rest) = int.split_at(int.len().min(kept));
    let (frac, frac_rest) = frac.split_at(kept - int.len());
    let sticky = int_rest.iter().any(|&c| c != b'0') || frac_rest.iter().any(|&c| c != b'0');
    let mut num = Big(Vec::new());
    num.push_digits(int);
    num.push_digits(frac);
    let mut e = e.saturating_add(i64::try_from(n - kept).unwrap_or(0));
    if sticky {
        num.mul_add(10, 1);
        e -= 1;
    }
    let mut den = Big(vec![1]);
    if e >= 0 {
        num.mul_pow10(e);
    } else {
        den.mul_pow10(-e);
    }
    ratio(num, den)
}

fn strip_zeros(b: &[u8]) -> &[u8] {
    b.get(b.iter().take_while(|&&c| c == b'0').count()..)
        .unwrap_or(&[])
}

/// The nearest `f64` to `num / den` (both nonzero), ties to even.
fn ratio(mut num: Big, mut den: Big) -> f64 {
    // Scaled by 2^s so that the quotient q has 63 or 64 bits: 10 or 11 bits below the 53 kept
    // decide the rounding, with the remainder as a sticky bit.
    let s = 63 - (i64::from(num.bits()) - i64::from(den.bits()));
    let by = |k: i64| u32::try_from(k.unsigned_abs()).unwrap_or(u32::MAX);
    if s >= 0 {
        num.shl(by(s));
    } else {
        den.shl(by(s));
    }
    let mut q = 0u64;
    den.shl(63);
    for bit in (0..64).rev() {
        if num.cmp(&den) != Ordering::Less {
            num.sub(&den);
            q |= 1 << bit;
        }
        den.shr1();
    }
    let sticky = !num.is_zero();
    // Bit i of q weighs 2^(i - s). Keep 53 bits, or down to 2^-1074 for a subnormal.
    let len = 64 - i64::from(q.leading_zeros());
    let shift = (len - 53).max(s - 1074);
    if shift > 64 {
        // Below 2^-1075: zero (exactly 2^-1075 is a tie, and zero is even).
        return 0.0;
    }
    let wide = u128::from(q);
    let mut m = u64::try_from(wide >> shift).unwrap_or(0);
    let half = (wide >> (shift - 1)) & 1 == 1;
    let rest = wide & ((1u128 << (shift - 1)) - 1) != 0 || sticky;
    if half && (rest || m & 1 == 1) {
        m += 1;
    }
    let mut e2 = shift - s;
    if m == 1 << 53 {
        m >>= 1;
        e2 += 1;
    }
    if e2 > 971 {
        // m × 2^e2 ≥ 2^1024.
        return f64::INFINITY;
    }
    scale(m as f64, e2)
}

/// `x × 2^e` for an `x` below 2^54 whose product is exactly representable: each step is a
/// multiplication by a power of two with an exact result.
fn scale(x: f64, e: i64) -> f64 {
    let pow2 = |k: i64| f64::from_bits(u64::try_from(k + 1023).unwrap_or(0) << 52);
    if e >= -1022 {
        x * pow2(e)
    } else {
        x * pow2(-1022) * pow2(e + 1022)
    }
}

/// An unsigned big integer: little-endian 32-bit limbs, without zero limbs at the top.
#[derive(Debug, Clone)]
struct Big(Vec<u32>);

impl Big {
    /// `self × 10^len(digits) + digits`.
    fn push_digits(&mut self, digits: &[u8]) {
        for chunk in digits.chunks(9) {
            let v = chunk.iter().fold(0, |a, c| a * 10 + u32::from(c - b'0'));
            self.mul_add(10u32.pow(u32::try_from(chunk.len()).unwrap_or(0)), v);
        }
    }

    fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    /// `self × m + a`.
    fn mul_add(&mut self, m: u32, a: u32) {
        let mut carry = u64::from(a);
        for limb in &mut self.0 {
            let t = u64::from(*limb) * u64::from(m) + carry;
            *limb = t as u32;
            carry = t >> 32;
        }
        if carry != 0 {
            self.0.push(carry as u32);
        }
    }

    fn mul_pow10(&mut self, mut k: i64) {
        while k >= 9 {
            self.mul_add(1_000_000_000, 0);
            k -= 9;
        }
        self.mul_add(10u32.pow(u32::try_from(k).unwrap_or(0)), 0);
    }

    fn bits(&self) -> u32 {
        let top = self.0.last().map_or(0, |t| 32 - t.leading_zeros());
        u32::try_from(self.0.len().saturating_sub(1)).unwrap_or(u32::MAX) * 32 + top
    }

    fn shl(&mut self, n: u32) {
        let bits = n % 32;
        if bits > 0 {
            let mut carry = 0;
            for limb in &mut self.0 {
                let next = *limb >> (32 - bits);
                *limb = (*limb << bits) | carry;
                carry = next;
            }
            if carry != 0 {
                self.0.push(carry);
            }
        }
        let words = usize::try_from(n / 32).unwrap_or(0);
        if words > 0 {
            let mut shifted = vec![0; words];
            shifted.append(&mut self.0);
            self.0 = shifted;
        }
    }

    fn shr1(&mut self) {
        let mut carry = 0;
        for limb in self.0.iter_mut().rev() {
            let low = *limb & 1;
            *limb = (*limb >> 1) | (carry << 31);
            carry = low;
        }
        self.trim();
    }

    fn cmp(&self, other: &Big) -> Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }

    /// `self - other`, for `self ≥ other`.
    fn sub(&mut self, other: &Big) {
        let mut borrow = 0i64;
        for (i, limb) in self.0.iter_mut().enumerate() {
            let t = i64::from(*limb) - i64::from(other.0.get(i).copied().unwrap_or(0)) - borrow;
            borrow = i64::from(t < 0);
            *limb = (t + (borrow << 32)) as u32;
        }
        self.trim();
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn same(s: &str) {
        let ours = parse_f64(s);
        let core = s.parse::<f64>().ok();
        assert_eq!(
            ours.map(|v| if v.is_nan() { u64::MAX } else { v.to_bits() }),
            core.map(|v| if v.is_nan() { u64::MAX } else { v.to_bits() }),
            "{s:?}: ours {ours:?}, core {core:?}"
        );
    }

    /// The exact decimal text of `m × 2^e`.
    fn exact(m: u64, e: i64) -> String {
        let mut b = Big(vec![m as u32, (m >> 32) as u32]);
        b.trim();
        let mut dec_exp = 0i64;
        if e >= 0 {
            for _ in 0..e {
                b.mul_add(2, 0);
            }
        } else {
            for _ in 0..-e {
                b.mul_add(5, 0);
            }
            dec_exp = e;
        }
        let mut digits = Vec::new();
        while !b.is_zero() {
            let mut rem = 0u64;
            for limb in b.0.iter_mut().rev() {
                let cur = (rem << 32) | u64::from(*limb);
                *limb = (cur / 10) as u32;
                rem = cur % 10;
            }
            b.trim();
            digits.push(b'0' + rem as u8);
        }
        digits.reverse();
        format!("{}e{dec_exp}", String::from_utf8(digits).unwrap())
    }

    #[test]
    fn the_grammar_is_cores() {
        for s in [
            "",
            "+",
            "-",
            ".",
            "e5",
            "1e",
            "1e+",
            "1.5e-",
            "1..5",
            "1.5.",
            "--1",
            "+-1",
            " 1",
            "1 ",
            "0x10",
            "1_0",
            "inf",
            "-inf",
            "+Infinity",
            "INF",
            "infinit",
            "nan",
            "NaN",
            "-nan",
            "nana",
            "5",
            "5.",
            ".5",
            "-.5e1",
            "+0",
            "-0",
            "-0.0e-0",
            "00012.3400",
            "1E5",
            "1e+5",
            "1e-5",
            "0e999999999999999999999",
            "1e999999999999999999999",
            "1e-999999999999999999999",
            "é",
            "1é",
        ] {
            same(s);
        }
    }

    #[test]
    fn hard_cases_are_exact() {
        for s in [
            "0.1",
            "0.2",
            "0.30000000000000004",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "2e308",
            "2.2250738585072014e-308",
            "2.2250738585072011e-308",
            "4.9e-324",
            "5e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "2.47032822920623272e-324",
            "1e-400",
            "9007199254740993",
            "9007199254740992.5",
            "9007199254740993.0000000000000001",
            "123456789012345678901234567890",
            "1e23",
            "8.988465674311579e307",
            "4.4501477170144023e-308",
            "1e22",
            "1e37",
            "123e30",
            "999999999999999e22",
            "0.000000000000000000000000000001",
            "3.141592653589793238462643383279502884197169399375105820974944592307816406286",
        ] {
            same(s);
        }
        // Halfway points, and either side of them, with a long tail of digits.
        let tail = "0".repeat(900);
        same(&format!("2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125e-324{tail}"));
        same("2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125000000001e-324");
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]

        #[test]
        fn every_double_reads_back_from_its_shortest_and_long_texts(bits in proptest::prelude::any::<u64>()) {
            let f = f64::from_bits(bits);
            for s in [format!("{f:e}"), format!("{f:.17e}"), format!("{f:.25e}"), format!("{f}")] {
                same(&s);
            }
        }

        #[test]
        fn midpoints_between_doubles_round_as_cores(bits in 0u64..0x7fef_ffff_ffff_ffff, nudge in 0u8..3) {
            // The midpoint of f and the next double, m × 2^e with m odd, written exactly, and
            // a hair above or below it.
            let f = f64::from_bits(bits);
            let (m, e) = {
                let raw = f.to_bits();
                let exp = ((raw >> 52) & 0x7ff) as i64;
                let frac = raw & ((1 << 52) - 1);
                let (m, e) = if exp == 0 { (frac, -1074) } else { (frac | (1 << 52), exp - 1075) };
                (2 * m + 1, e - 1)
            };
            let text = exact(m, e);
            let s = match nudge {
                0 => text,
                1 => text.replacen('e', "0000000001e", 1),
                _ => {
                    // Just below: the midpoint minus one unit in its last place, then nines.
                    let (d, x) = text.split_once('e').unwrap();
                    let mut digits = d.as_bytes().to_vec();
                    let mut i = digits.len() - 1;
                    loop {
                        if digits[i] == b'0' { digits[i] = b'9'; i -= 1; } else { digits[i] -= 1; break; }
                    }
                    format!("{}999e{}", String::from_utf8(digits).unwrap(), x.parse::<i64>().unwrap() - 3)
                }
            };
            same(&s);
        }

        #[test]
        fn random_decimals_read_as_cores(
            int in "[0-9]{0,30}", frac in proptest::option::of("[0-9]{0,30}"), exp in -420i64..420,
        ) {
            let frac = frac.map(|f| format!(".{f}")).unwrap_or_default();
            same(&format!("{int}{frac}e{exp}"));
            same(&format!("{int}{frac}"));
        }
    }
}
