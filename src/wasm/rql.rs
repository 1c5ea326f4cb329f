//! `Rql`: the typed APS RQL builder for JavaScript. Values are always encoded, so a value such as
//! `x),or(eq(a,b)` stays one value.

use super::convert::Str;
use crate::Api;
use wasm_bindgen::prelude::*;

use crate::cloudblue::aps::rql::{self, Order, Query, Value};

// An `Rql` holds its encoded text. Combining already-encoded parts is as safe as building one
// AST, and it lets `and`/`or` borrow their arguments: taking exported structs by value would
// invalidate the caller's JS objects.

/// An APS RQL query. Build with the static methods, combine with `and`/`or`/`not`, and pass it
/// (or its `toString()`) to `findAccounts`.
#[wasm_bindgen(js_name = Rql)]
#[derive(Clone)]
pub struct JsRql {
    text: String,
}

fn value(v: &JsValue) -> Result<Value, JsValue> {
    if let Some(s) = v.as_string() {
        return Ok(Value::Str(s));
    }
    if let Some(b) = v.as_bool() {
        return Ok(Value::Bool(b));
    }
    if v.is_null() || v.is_undefined() {
        return Ok(Value::Null);
    }
    match v.as_f64() {
        Some(n) if n.fract() == 0.0 && n.abs() < 9e15 => Ok(Value::Int(n as i64)),
        Some(n) => Ok(Value::Str(n.to_string())),
        None => {
            Err(js_sys::TypeError::new("RQL values are strings, numbers, booleans or null").into())
        }
    }
}

fn wrap(query: Query) -> JsRql {
    JsRql {
        text: query.to_string(),
    }
}

fn texts(qs: &[JsValue]) -> Vec<String> {
    qs.iter()
        .map(query_text)
        .filter(|t| !t.is_empty())
        .collect()
}

#[wasm_bindgen(js_class = Rql)]
impl JsRql {
    /// `eq(prop,value)`.
    pub fn eq(
        prop: Str,
        #[wasm_bindgen(unchecked_param_type = "string | number | boolean | null")] v: JsValue,
    ) -> Result<JsRql, JsValue> {
        let prop = prop.text(Api::CloudblueAps, "prop")?;
        let prop = prop.as_str();
        Ok(wrap(rql::eq(prop, value(&v)?)))
    }
    /// `ne(prop,value)`.
    pub fn ne(
        prop: Str,
        #[wasm_bindgen(unchecked_param_type = "string | number | boolean | null")] v: JsValue,
    ) -> Result<JsRql, JsValue> {
        let prop = prop.text(Api::CloudblueAps, "prop")?;
        let prop = prop.as_str();
        Ok(wrap(rql::ne(prop, value(&v)?)))
    }
    /// `lt(prop,value)`.
    pub fn lt(
        prop: Str,
        #[wasm_bindgen(unchecked_param_type = "string | number")] v: JsValue,
    ) -> Result<JsRql, JsValue> {
        let prop = prop.text(Api::CloudblueAps, "prop")?;
        let prop = prop.as_str();
        Ok(wrap(rql::lt(prop, value(&v)?)))
    }
    /// `gt(prop,value)`.
    pub fn gt(
        prop: Str,
        #[wasm_bindgen(unchecked_param_type = "string | number")] v: JsValue,
    ) -> Result<JsRql, JsValue> {
        let prop = prop.text(Api::CloudblueAps, "prop")?;
        let prop = prop.as_str();
        Ok(wrap(rql::gt(prop, value(&v)?)))
    }
    /// `le(prop,value)`.
    pub fn le(
        prop: Str,
        #[wasm_bindgen(unchecked_param_type = "string | number")] v: JsValue,
    ) -> Result<JsRql, JsValue> {
        let prop = prop.text(Api::CloudblueAps, "prop")?;
        let prop = prop.as_str();
        Ok(wrap(rql::le(prop, value(&v)?)))
    }
    /// `ge(prop,value)`.
    pub fn ge(
        prop: Str,
        #[wasm_bindgen(unchecked_param_type = "string | number")] v: JsValue,
    ) -> Result<JsRql, JsValue> {
        let prop = prop.text(Api::CloudblueAps, "prop")?;
        let prop = prop.as_str();
        Ok(wrap(rql::ge(prop, value(&v)?)))
    }
    /// `in(prop,(a,b))`.
    #[wasm_bindgen(js_name = "in")]
    pub fn in_(
        prop: Str,
        #[wasm_bindgen(unchecked_param_type = "Array<string | number | boolean | null>")]
        values: Vec<JsValue>,
    ) -> Result<JsRql, JsValue> {
        let prop = prop.text(Api::CloudblueAps, "prop")?;
        let prop = prop.as_str();
        let vs = values.iter().map(value).collect::<Result<Vec<_>, _>>()?;
        Ok(wrap(rql::in_(prop, vs)))
    }
    /// `out(prop,(a,b))`.
    pub fn out(
        prop: Str,
        #[wasm_bindgen(unchecked_param_type = "Array<string | number | boolean | null>")]
        values: Vec<JsValue>,
    ) -> Result<JsRql, JsValue> {
        let prop = prop.text(Api::CloudblueAps, "prop")?;
        let prop = prop.as_str();
        let vs = values.iter().map(value).collect::<Result<Vec<_>, _>>()?;
        Ok(wrap(rql::out(prop, vs)))
    }
    /// `like(prop,pattern)`: `*` any run, `?` one character; `\*` a literal asterisk.
    pub fn like(prop: Str, pattern: Str) -> Result<JsRql, JsValue> {
        let prop = prop.text(Api::CloudblueAps, "prop")?;
        let prop = prop.as_str();
        let pattern = pattern.text(Api::CloudblueAps, "pattern")?;
        let pattern = pattern.as_str();
        Ok(wrap(rql::like(prop, pattern)))
    }
    /// `and(q1,q2,…)` of `Rql`s (or raw RQL strings, taken as they are).
    pub fn and(
        #[wasm_bindgen(unchecked_param_type = "Array<Rql | string>")] qs: Vec<JsValue>,
    ) -> JsRql {
        JsRql {
            text: format!("and({})", texts(&qs).join(",")),
        }
    }
    /// `or(q1,q2,…)`.
    pub fn or(
        #[wasm_bindgen(unchecked_param_type = "Array<Rql | string>")] qs: Vec<JsValue>,
    ) -> JsRql {
        JsRql {
            text: format!("or({})", texts(&qs).join(",")),
        }
    }
    /// `not(q)`.
    pub fn not(q: &JsRql) -> JsRql {
        JsRql {
            text: format!("not({})", q.text),
        }
    }
    /// `implementing(typeURI)`.
    pub fn implementing(
        #[wasm_bindgen(js_name = "typeUri")] type_uri: Str,
    ) -> Result<JsRql, JsValue> {
        let type_uri = type_uri.text(Api::CloudblueAps, "typeUri")?;
        let type_uri = type_uri.as_str();
        Ok(wrap(rql::implementing(type_uri)))
    }
    /// `composing(typeURI)`.
    pub fn composing(#[wasm_bindgen(js_name = "typeUri")] type_uri: Str) -> Result<JsRql, JsValue> {
        let type_uri = type_uri.text(Api::CloudblueAps, "typeUri")?;
        let type_uri = type_uri.as_str();
        Ok(wrap(rql::composing(type_uri)))
    }
    /// `linkedWith(apsId)`.
    #[wasm_bindgen(js_name = linkedWith)]
    pub fn linked_with(#[wasm_bindgen(js_name = "apsId")] aps_id: Str) -> Result<JsRql, JsValue> {
        let aps_id = aps_id.text(Api::CloudblueAps, "apsId")?;
        let aps_id = aps_id.as_str();
        Ok(wrap(rql::linked_with(aps_id)))
    }
    /// `select(a,b)`.
    pub fn select(
        #[wasm_bindgen(unchecked_param_type = "string[]")] props: JsValue,
    ) -> Result<JsRql, JsValue> {
        let props = super::convert::strings(Api::CloudblueAps, "props", &props)?;
        let refs: Vec<&str> = props.iter().map(String::as_str).collect();
        Ok(wrap(rql::select(&refs)))
    }
    /// `sort(+a,-b)`: each key starts with `+` (ascending, the default) or `-`.
    pub fn sort(
        #[wasm_bindgen(unchecked_param_type = "string[]")] keys: JsValue,
    ) -> Result<JsRql, JsValue> {
        let keys = super::convert::strings(Api::CloudblueAps, "keys", &keys)?;
        let parsed: Vec<(&str, Order)> = keys
            .iter()
            .map(|k| match k.strip_prefix('-') {
                Some(rest) => (rest, Order::Desc),
                None => (k.strip_prefix('+').unwrap_or(k), Order::Asc),
            })
            .collect();
        Ok(wrap(rql::sort(&parsed)))
    }
    /// `limit(start,count)`.
    pub fn limit(start: f64, count: Option<f64>) -> JsRql {
        wrap(rql::limit(
            start.max(0.0) as u64,
            count.map(|c| c.max(0.0) as u64),
        ))
    }
    /// Top-level terms joined with commas (an implicit `and`), e.g. a filter plus `select`.
    pub fn join(
        #[wasm_bindgen(unchecked_param_type = "Array<Rql | string>")] qs: Vec<JsValue>,
    ) -> String {
        texts(&qs).join(",")
    }
    /// The encoded query.
    #[wasm_bindgen(js_name = toString)]
    #[allow(clippy::inherent_to_string)]
    pub fn to_string(&self) -> String {
        self.text.clone()
    }
}

/// A query given as a string or an `Rql`.
pub fn query_text(v: &JsValue) -> String {
    if let Some(s) = v.as_string() {
        return s;
    }
    if v.is_undefined() || v.is_null() {
        return String::new();
    }
    js_sys::Reflect::get(v, &"toString".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call0(v).ok())
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}
