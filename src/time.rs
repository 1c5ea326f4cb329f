//! Instants as plain numbers, and a lenient parser for the date formats the APIs send.
//!
//! The core never reads a clock: callers pass `now` in. An instant is milliseconds since the Unix
//! epoch, UTC, which is what `Date.now()` returns in JavaScript.

/// Milliseconds since 1970-01-01T00:00:00Z.
pub type Millis = i64;

/// One day in milliseconds.
pub const DAY_MS: Millis = 86_400_000;

/// Days since the epoch for a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number (inverse of [`days_from_civil`]).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// A tiny cursor over ASCII digits and separators.
struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn digits(&mut self, n: usize) -> Option<i64> {
        let part = self.s.get(self.i..self.i + n)?;
        // A plain loop: every date of every list item passes here.
        let mut v = 0;
        for b in part {
            if !b.is_ascii_digit() {
                return None;
            }
            v = v * 10 + i64::from(b - b'0');
        }
        self.i += n;
        Some(v)
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.s.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn done(&self) -> bool {
        self.i >= self.s.len()
    }
}

/// Parses the date-time shapes the partner APIs send, to epoch milliseconds. `None` if unparseable.
///
/// Accepted: `2025-02-16T08:00:00.000+00:00` (Omnissa doc sample), `2023-05-15 00:00:00`
/// (Omnissa spec example), `2025-02-16T08:00:00Z`, and a bare `2025-02-16`. A time without a
/// zone is taken as UTC: the Omnissa spec example has none and no document names one [I].
pub fn parse_datetime(s: &str) -> Option<Millis> {
    let mut c = Cursor {
        s: s.trim().as_bytes(),
        i: 0,
    };
    let y = c.digits(4)?;
    if !c.eat(b'-') {
        return None;
    }
    let mo = c.digits(2)?;
    if !c.eat(b'-') {
        return None;
    }
    let d = c.digits(2)?;
    if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) {
        return None;
    }
    let mut ms = days_from_civil(y, mo, d) * DAY_MS;
    if c.done() {
        return Some(ms);
    }
    if !(c.eat(b'T') || c.eat(b't') || c.eat(b' ')) {
        return None;
    }
    let h = c.digits(2)?;
    if !c.eat(b':') {
        return None;
    }
    let mi = c.digits(2)?;
    let sec = if c.eat(b':') { c.digits(2)? } else { 0 };
    if h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    ms += (h * 3600 + mi * 60 + sec.min(59)) * 1000;
    if c.eat(b'.') || c.eat(b',') {
        // Fractional seconds: keep milliseconds, ignore finer digits.
        let mut frac = 0i64;
        let mut n = 0;
        while let Some(b) = c.peek().filter(u8::is_ascii_digit) {
            if n < 3 {
                frac = frac * 10 + i64::from(b - b'0');
            }
            n += 1;
            c.i += 1;
        }
        if n == 0 {
            return None;
        }
        for _ in n..3 {
            frac *= 10;
        }
        ms += frac;
    }
    match c.peek() {
        None => Some(ms),
        Some(b'Z') | Some(b'z') => {
            c.i += 1;
            c.done().then_some(ms)
        }
        Some(sign @ (b'+' | b'-')) => {
            c.i += 1;
            let oh = c.digits(2)?;
            c.eat(b':');
            let om = c.digits(2).unwrap_or(0);
            if !c.done() || oh > 23 || om > 59 {
                return None;
            }
            let off = (oh * 60 + om) * 60_000;
            // Local time = UTC + offset, so UTC = local - offset.
            Some(if sign == b'+' { ms - off } else { ms + off })
        }
        Some(_) => None,
    }
}

/// Adds calendar months, clamping the day to the target month's length (Jan 31 + 1 month is
/// Feb 28 or 29). The time of day is kept.
pub fn add_months(ms: Millis, months: i64) -> Millis {
    let days = ms.div_euclid(DAY_MS);
    let rem = ms.rem_euclid(DAY_MS);
    let (y, m, d) = civil_from_days(days);
    let total = y * 12 + (m - 1) + months;
    let (ny, nm) = (total.div_euclid(12), total.rem_euclid(12) + 1);
    let nd = d.min(days_in_month(ny, nm));
    days_from_civil(ny, nm, nd)
        .saturating_mul(DAY_MS)
        .saturating_add(rem)
}

/// Formats epoch milliseconds as RFC 3339 UTC with milliseconds: `2025-02-16T08:00:00.000Z`.
pub fn format_rfc3339(ms: Millis) -> String {
    let days = ms.div_euclid(DAY_MS);
    let rem = ms.rem_euclid(DAY_MS);
    let (y, m, d) = civil_from_days(days);
    let (h, mi, s, milli) = (
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000,
    );
    // By hand, not `format!`: this runs for every date of every listed subscription, and
    // core::fmt is slow and large in wasm. Years outside 0..=9999 keep `format!`'s output.
    if !(0..=9999).contains(&y) {
        return format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{milli:03}Z");
    }
    let mut out = *b"0000-00-00T00:00:00.000Z";
    // Each field's last digit position and width, filled right to left.
    for (mut n, last, width) in [
        (y, 3, 4),
        (m, 6, 2),
        (d, 9, 2),
        (h, 12, 2),
        (mi, 15, 2),
        (s, 18, 2),
        (milli, 22, 3),
    ] {
        for i in 0..width {
            if let Some(c) = out.get_mut(last - i) {
                *c = b'0' + (n % 10) as u8;
            }
            n /= 10;
        }
    }
    // Only ASCII digits and separators were written.
    String::from_utf8(out.to_vec()).unwrap_or_default()
}

/// Parses an HTTP date in the IMF-fixdate form (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 9110), the
/// only form servers may send; the obsolete forms are refused.
pub fn parse_http_date(s: &str) -> Option<Millis> {
    let (_weekday, rest) = s.trim().split_once(", ")?;
    let mut it = rest.split(' ');
    let (d, mon, y, hms, zone) = (it.next()?, it.next()?, it.next()?, it.next()?, it.next()?);
    if it.next().is_some() || zone != "GMT" || d.len() != 2 || y.len() != 4 {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let m = MONTHS.iter().position(|x| *x == mon)? as i64 + 1;
    let num = |t: &str| -> Option<i64> {
        t.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| t.parse().ok())
            .flatten()
    };
    let (d, y) = (num(d)?, num(y)?);
    // `hh:mm:ss`, two digits each.
    let mut t = hms.split(':').map(|p| num(p).filter(|_| p.len() == 2));
    let (h, mi, sec) = (t.next()??, t.next()??, t.next()??);
    if t.next().is_some() || d < 1 || d > days_in_month(y, m) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    Some(((days_from_civil(y, m, d) * 24 + h) * 60 + mi) * 60_000 + sec * 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT")
                .map(format_rfc3339)
                .as_deref(),
            Some("1994-11-06T08:49:37.000Z")
        );
        assert_eq!(
            parse_http_date("Thu, 29 Feb 2024 23:59:59 GMT")
                .map(format_rfc3339)
                .as_deref(),
            Some("2024-02-29T23:59:59.000Z")
        );
        for bad in [
            "",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun, 06 Nov 1994 08:49:37 PST",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 25:49:37 GMT",
            "Sun, 06 Nov 1994 08:49 GMT",
            "Sun, 06 Nov 1994 8:49:37 GMT",
            "Sat, 31 Feb 2025 08:49:37 GMT",
            "Tue, 29 Feb 2025 08:49:37 GMT",
            "Sun, 00 Nov 1994 08:49:37 GMT",
            "Sun, +6 Nov 1994 08:49:37 GMT",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn both_documented_formats() {
        let a = parse_datetime("2025-02-16T08:00:00.000+00:00");
        assert_eq!(
            a.map(format_rfc3339).as_deref(),
            Some("2025-02-16T08:00:00.000Z")
        );
        let b = parse_datetime("2023-05-15 00:00:00");
        assert_eq!(
            b.map(format_rfc3339).as_deref(),
            Some("2023-05-15T00:00:00.000Z")
        );
    }

    #[test]
    fn offsets_move_the_instant() {
        let plus = parse_datetime("2025-02-16T08:00:00+02:00");
        let minus = parse_datetime("2025-02-16T08:00:00-0530");
        assert_eq!(
            plus.map(format_rfc3339).as_deref(),
            Some("2025-02-16T06:00:00.000Z")
        );
        assert_eq!(
            minus.map(format_rfc3339).as_deref(),
            Some("2025-02-16T13:30:00.000Z")
        );
    }

    #[test]
    fn epoch_and_leap_days() {
        assert_eq!(parse_datetime("1970-01-01T00:00:00Z"), Some(0));
        assert!(parse_datetime("2024-02-29").is_some());
        assert!(parse_datetime("2025-02-29").is_none());
        assert_eq!(format_rfc3339(-1), "1969-12-31T23:59:59.999Z");
    }

    #[test]
    fn months_clamp_to_month_end() {
        let at = |s| parse_datetime(s).expect("valid");
        assert_eq!(
            format_rfc3339(add_months(at("2026-01-31T08:00:00Z"), 1)),
            "2026-02-28T08:00:00.000Z"
        );
        assert_eq!(
            format_rfc3339(add_months(at("2024-01-31T00:00:00Z"), 1)),
            "2024-02-29T00:00:00.000Z"
        );
        assert_eq!(
            format_rfc3339(add_months(at("2025-02-16T08:00:00Z"), 12)),
            "2026-02-16T08:00:00.000Z"
        );
        assert_eq!(
            format_rfc3339(add_months(at("2025-03-31T00:00:00Z"), -1)),
            "2025-02-28T00:00:00.000Z"
        );
    }

    #[test]
    fn rejects_garbage() {
        for s in [
            "",
            "2025",
            "2025-13-01",
            "2025-01-01X",
            "2025-01-01T25:00",
            "2025-01-01T10:00:00+",
            "２０２５-01-01",
        ] {
            assert_eq!(parse_datetime(s), None, "{s}");
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn never_panics(s in ".{0,40}") {
            let _ = parse_datetime(&s);
        }

        #[test]
        fn format_then_parse_round_trips(ms in -50_000_000_000_000i64..50_000_000_000_000i64) {
            proptest::prop_assert_eq!(parse_datetime(&format_rfc3339(ms)), Some(ms));
        }
    }
}
