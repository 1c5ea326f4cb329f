//! "Did you mean …?": the known name closest to a misspelt one, for `unknown_field` issues.

/// Levenshtein distance between `a` and `b`, in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = i;
        let mut left = i + 1;
        let mut next = Vec::with_capacity(row.len());
        next.push(left);
        for (cb, up) in b.iter().zip(row.iter().skip(1)) {
            let cost = usize::from(ca != *cb);
            left = (diagonal + cost).min(left + 1).min(up + 1);
            diagonal = *up;
            next.push(left);
        }
        row = next;
    }
    row.last().copied().unwrap_or(0)
}

/// The known field closest to `field`: the same but for case and `_`/`-` (`po_number` for
/// `poNumber`), or a typo away (an edit for every three letters of the longer name).
pub fn closest<'a>(field: &str, known: &[&'a str]) -> Option<&'a str> {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| *c != '_' && *c != '-')
            // ASCII case only, as field names are: Unicode's tables would add 11 KB to the wasm.
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let f = norm(field);
    known
        .iter()
        .map(|k| {
            let n = norm(k);
            // An edit for every three letters of the longer name: `maxRetry` → `maxRetries`.
            let limit = (f.chars().count().max(n.chars().count()) / 3).max(1);
            (edit_distance(&f, &n), limit, *k)
        })
        .filter(|(d, limit, _)| d <= limit)
        .min_by_key(|(d, _, _)| *d)
        .map(|(_, _, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_needs_a_near_miss() {
        let known = ["poNumber", "customerId", "type", "products"];
        for (field, want) in [
            ("poNumbr", Some("poNumber")),
            ("customerID", Some("customerId")),
            ("customer_id", Some("customerId")),
            ("typ", Some("type")),
            ("product", Some("products")),
            ("colour", None),
            ("id", None),
        ] {
            assert_eq!(closest(field, &known), want, "{field}");
        }
        // Option keys, as client constructors suggest them.
        let options = [
            "baseUrl",
            "partnerId",
            "appSecret",
            "timeoutMs",
            "maxRetries",
        ];
        for (key, want) in [
            ("baseURL", Some("baseUrl")),
            ("partnerID", Some("partnerId")),
            ("appSecet", Some("appSecret")),
            ("timeout", Some("timeoutMs")),
            ("maxRetry", Some("maxRetries")),
            ("x", None),
        ] {
            assert_eq!(closest(key, &options), want, "{key}");
        }
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
