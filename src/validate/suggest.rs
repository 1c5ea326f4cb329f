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
/// `poNumber`), or a typo away (an edit for every three letters).
pub fn closest<'a>(field: &str, known: &[&'a str]) -> Option<&'a str> {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| *c != '_' && *c != '-')
            .flat_map(char::to_lowercase)
            .collect()
    };
    let f = norm(field);
    let limit = (f.chars().count() / 3).max(1);
    known
        .iter()
        .map(|k| (edit_distance(&f, &norm(k)), *k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
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
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
