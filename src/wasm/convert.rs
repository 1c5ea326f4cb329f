//! The one conversion configuration between Rust values and JS values.
//!
//! Maps become plain objects (`serialize_maps_as_objects`), matching the `Record<…>` types tsify
//! emits for `#[tsify(hashmap_as_object)]`; `None` fields are omitted, matching `field?: T`.
//! Money and quantities that can exceed 2^53 are strings in the Rust types, so no `bigint`s.

use serde::de::DeserializeOwned;
use serde::Serialize;
use tsify::{Ts, Tsify};
use wasm_bindgen::JsValue;

use crate::error::{Api, Error, Issue};

fn serializer() -> serde_wasm_bindgen::Serializer {
    serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true)
}

/// Rust → JS for any serializable value.
pub fn to_value<T: Serialize + ?Sized>(v: &T) -> Result<JsValue, JsValue> {
    v.serialize(&serializer()).map_err(|e| {
        JsValue::from(js_sys::Error::new(&format!(
            "could not convert a result to JS: {e}"
        )))
    })
}

/// Rust → JS, typed for the generated `.d.ts`.
pub fn to_js<T: Serialize + Tsify>(v: &T) -> Result<Ts<T>, JsValue> {
    to_value(v).map(Ts::new_unchecked)
}

/// Rust → JS for a list, typed `T[]`.
pub fn to_js_vec<T: Serialize + Tsify>(v: &[T]) -> Result<Vec<Ts<T>>, JsValue> {
    v.iter().map(to_js).collect()
}

/// JS → Rust. A value of the wrong shape is an invalid-request error whose issue names the path.
pub fn from_js<T: DeserializeOwned>(api: Api, what: &str, v: JsValue) -> Result<T, Error> {
    let de = serde_wasm_bindgen::Deserializer::from(v);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        let msg = e.into_inner().to_string();
        // serde-wasm-bindgen's message is a JS error's text, "Error: …".
        let msg = msg.strip_prefix("Error: ").unwrap_or(&msg).to_string();
        // serde reports a missing key at the parent's path; name the key itself.
        let missing = msg
            .split("missing field `")
            .nth(1)
            .and_then(|rest| rest.split('`').next())
            .map(str::to_string);
        let issue = match missing {
            Some(field) => {
                let full = if path.is_empty() {
                    field.clone()
                } else {
                    format!("{path}.{field}")
                };
                Issue::new(full, "required", format!("{what}: `{field}` is required"))
            }
            None => Issue::new(path, "invalid_type", format!("{what}: {msg}")),
        };
        Error::invalid(api, vec![issue])
    })
}

/// JS → Rust for constructor options: a missing or mistyped setting is a configuration error
/// (`CONFIGURATION_ERROR`), not an invalid request, and the message names the setting.
pub fn config_from_js<T: DeserializeOwned>(api: Api, what: &str, v: JsValue) -> Result<T, Error> {
    from_js(api, what, v).map_err(|e| match e.issues().first() {
        Some(i) => Error::Configuration {
            message: if i.code == "required" {
                format!("{}: `{}` is required", api.as_str(), i.path)
            } else if i.path.is_empty() {
                format!("{}: {}", api.as_str(), i.message)
            } else {
                format!("{}: `{}`: {}", api.as_str(), i.path, i.message)
            },
        },
        None => e,
    })
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// A parameter declared `string` in TypeScript, taken as a JS value and checked here: a
    /// non-string passed where wasm-bindgen expects a `String` is written into wasm memory
    /// unchecked and traps (`memory access out of bounds`) instead of throwing.
    #[wasm_bindgen(typescript_type = "string")]
    pub type Str;
}

impl Str {
    /// The string, or an invalid-request error naming the parameter.
    pub fn text(&self, api: Api, name: &str) -> Result<String, Error> {
        self.as_string().ok_or_else(|| {
            let got = self.js_typeof().as_string().unwrap_or_default();
            let got = if self.is_null() { "null".into() } else { got };
            Error::invalid(
                api,
                vec![Issue::new(
                    name,
                    "invalid_type",
                    format!("`{name}` must be a string; got {got}"),
                )],
            )
        })
    }
}

impl From<&str> for Str {
    fn from(s: &str) -> Self {
        wasm_bindgen::JsCast::unchecked_into(JsValue::from_str(s))
    }
}

impl From<String> for Str {
    fn from(s: String) -> Self {
        Str::from(s.as_str())
    }
}

/// A `string[]` parameter, checked: an array whose items are all strings, or an error naming
/// the first bad item.
pub fn strings(api: Api, name: &str, v: &JsValue) -> Result<Vec<String>, Error> {
    let bad = |path: String, what: &str| {
        Error::invalid(
            api,
            vec![Issue::new(
                path.clone(),
                "invalid_type",
                format!("`{path}` must be {what}"),
            )],
        )
    };
    if !js_sys::Array::is_array(v) {
        return Err(bad(name.to_string(), "an array of strings"));
    }
    js_sys::Array::from(v)
        .iter()
        .enumerate()
        .map(|(i, item)| {
            item.as_string()
                .ok_or_else(|| bad(format!("{name}[{i}]"), "a string"))
        })
        .collect()
}
