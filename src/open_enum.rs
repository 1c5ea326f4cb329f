//! Enums of server-controlled strings that keep values they do not know.
//!
//! A partner adding a status must never turn a success into a decode error (the async-stripe
//! lesson), so every such enum has an `Unknown(String)` arm that round-trips the text.

/// Declares an open string enum: known variants with their wire text, plus `Unknown(String)`.
/// The TypeScript type lists the known values and still accepts any string.
#[macro_export]
macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? } ts = $ts:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(type = $ts))]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version of the SDK does not know, kept verbatim.
            Unknown(String),
        }

        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Unknown(s) => s,
                }
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $($text => $name::$variant,)+
                    other => $name::Unknown(other.to_string()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                // A number (.NET's default for enums) is kept as its text, not refused.
                let s = $crate::lenient::text(d)?;
                Ok($name::from(s.as_str()))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::open_enum!(
        /// Test enum.
        Color { /// Red.
        Red = "RED", /// Blue.
        Blue = "BLUE" } ts = "\"RED\" | \"BLUE\" | (string & {})"
    );

    #[test]
    fn unknown_values_round_trip() {
        let c: Color = serde_json::from_str("\"GREEN\"").expect("parses");
        assert_eq!(c, Color::Unknown("GREEN".into()));
        assert_eq!(serde_json::to_string(&c).expect("serializes"), "\"GREEN\"");
        assert_eq!(
            serde_json::from_str::<Color>("\"RED\"").expect("parses"),
            Color::Red
        );
    }
}
