//! [`StrMap`]: a JSON object of strings, kept as a list of pairs.

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A JSON object whose values are strings (custom attributes, header names and values, customer
/// names by id), its pairs in their order; a later duplicate key replaces the earlier value.
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

    /// Sets `key` to `value`, in place if the key is there, else at the end.
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
        let mut m = StrMap::new();
        for (k, v) in pairs {
            m.insert(k, v);
        }
        m
    }
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
                let mut out = StrMap::new();
                while let Some((k, v)) = m.next_entry::<String, String>()? {
                    out.insert(k, v);
                }
                Ok(out)
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
        assert_eq!(m.iter().collect::<Vec<_>>(), [("b", "3"), ("a", "1")]);
        assert_eq!((m.get("a"), m.get("c")), (Some("1"), None));
        assert_eq!(
            crate::json::to_string(&m).ok().as_deref(),
            Some(r#"{"b":"3","a":"1"}"#)
        );
        for bad in [r#"{"a":1}"#, "[]", r#""a""#] {
            assert!(crate::json::from_str::<StrMap>(bad).is_err(), "{bad}");
        }
    }
}
