//! "Did you mean …?" for misspelt keys: the nearest known name by edit distance.

/// The candidate closest to `word`, if it is close enough to be a likely typo: the same name in
/// other letter case (`baseURL` → `baseUrl`), or at most a third of the letters different.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = if c.eq_ignore_ascii_case(word) {
            0
        } else {
            distance(&lower, &c.to_ascii_lowercase())
        };
        let limit = (word.chars().count().max(c.chars().count()) / 3).max(1);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Levenshtein distance, in characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        if let Some(first) = cur.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            if let Some(slot) = cur.get_mut(j + 1) {
                *slot = sub.min(del).min(ins);
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn likely_typos_and_nothing_else() {
        let keys = [
            "baseUrl",
            "partnerId",
            "appSecret",
            "timeoutMs",
            "maxRetries",
        ];
        let cases = [
            ("baseURL", Some("baseUrl")),
            ("baseurl", Some("baseUrl")),
            ("partnerID", Some("partnerId")),
            ("appSecet", Some("appSecret")),
            ("timeout", Some("timeoutMs")),
            ("maxRetry", Some("maxRetries")),
            ("colour", None),
            ("x", None),
        ];
        for (word, want) in cases {
            assert_eq!(nearest(word, keys), want, "{word}");
        }
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
    }
}
