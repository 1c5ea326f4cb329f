//! [`StrMap`]: a JSON object of strings, kept as a list of pairs.

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A JSON object whose values are strings (custom attributes, header names and values, customer
/// names by id), its pairs in their order; of a key given more than once, the last pair stays.
///
/// A list rather than a `BTreeMap`: these objects are small, and each map type compiles its
/// own tree code into the wasm (about 6 KB for each key and value type).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StrMap(Vec<(String, String)>);

impl StrMap {
    /// An empty object.
    pub fn new() -> Self {
        StrMap(Vec::new())
    }

    /// True when the object has no pairs.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value of `key`, if any.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Sets `key` to `value`, in place if the key is there, else at the end (a search of the
    /// pairs: for building small objects; reading one is linear whatever its size).
    pub fn insert(&mut self, key: String, value: String) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.0.push((key, value)),
        }
    }

    /// The pairs, in their order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

impl FromIterator<(String, String)> for StrMap {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(pairs: I) -> Self {
        StrMap(last_of_each(pairs.into_iter().collect()))
    }
}

/// `pairs` with only the last pair of each key, in one pass: an object from a server may have
/// as many keys as [`crate::json::LIMITS`] allow, and a search per key would be quadratic.
fn last_of_each(mut pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut keep = vec![true; pairs.len()];
    let mut seen = super::hash::fast_set(pairs.len());
    for (i, (k, _)) in pairs.iter().enumerate().rev() {
        if !seen.insert(k.as_str()) {
            if let Some(slot) = keep.get_mut(i) {
                *slot = false;
            }
        }
    }
    drop(seen);
    let mut flags = keep.into_iter();
    pairs.retain(|_| flags.next().unwrap_or(true));
    pairs
}

impl Serialize for StrMap {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl<'de> Deserialize<'de> for StrMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> Visitor<'de> for Visit {
            type Value = StrMap;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object of strings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<StrMap, A::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = m.next_entry::<String, String>()? {
                    pairs.push(pair);
                }
                Ok(StrMap(last_of_each(pairs)))
            }
        }
        d.deserialize_map(Visit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_an_object_of_strings_in_order() {
        let m: StrMap = crate::json::from_str(r#"{"b":"2","a":"1","b":"3"}"#).expect("object");
        // The last pair of a repeated key stays, where it was.
        assert_eq!(m.iter().collect::<Vec<_>>(), [("a", "1"), ("b", "3")]);
        assert_eq!((m.get("a"), m.get("c")), (Some("1"), None));
        assert_eq!(
            crate::json::to_string(&m).ok().as_deref(),
            Some(r#"{"a":"1","b":"3"}"#)
        );
        for bad in [r#"{"a":1}"#, "[]", r#""a""#] {
            assert!(crate::json::from_str::<StrMap>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_large_object_reads_in_linear_time() {
        // 100,000 distinct keys and one repeat: a search per key would take seconds.
        let mut text = String::from("{");
        for i in 0..100_000 {
            text.push_str(&format!("\"k{i}\":\"v\","));
        }
        text.push_str("\"k7\":\"last\"}");
        let t0 = std::time::Instant::now();
        let m: StrMap = crate::json::from_str(&text).expect("object");
        assert_eq!((m.iter().count(), m.get("k7")), (100_000, Some("last")));
        assert!(t0.elapsed().as_secs() < 2, "{:?}", t0.elapsed());
    }
}
