//! `Rql`: the typed APS RQL builder for JavaScript. Values are always encoded, so a value such as
//! `x),or(eq(a,b)` stays one value.
//!
//! The package's JS layer owns the `Rql` objects: each holds its encoded text, `toString()`
//! returns it and `toJSON()` makes `JSON.stringify(rql)` that same text. So every parameter here
//! is JSON text (an `Rql` arrives as the JSON string of its query), and every builder returns the
//! JSON text of the resulting query string, which the JS layer wraps into an `Rql`.

use serde_json::Value as Json;
use wasm_bindgen::prelude::*;

use super::convert::{arg_str, from_json, to_json};
use super::error::Failure;
use partner_ordering::cloudblue::aps::rql::{self, Order, Query, Value};
use partner_ordering::error::{Api, Error, Issue};

const API: Api = Api::CloudblueAps;

/// An APS RQL query. Build with the static methods, combine with `and`/`or`/`not`, and pass it
/// (or its `toString()`) to `findAccounts`. `toString()` and `toJSON()` (both the encoded query)
/// are provided by the package's JS layer.
#[wasm_bindgen(js_name = Rql)]
pub struct JsRql;

fn bad(path: impl Into<String>, message: String) -> Error {
    Error::invalid(API, vec![Issue::new(path, "invalid_type", message)])
}

/// One JSON argument, parsed within the limits; malformed text names the parameter.
fn json(name: &str, text: &str) -> Result<Json, Error> {
    from_json::<Json>(API, name, text).map_err(|e| match e {
        Error::InvalidRequest { api, issues } => Error::InvalidRequest {
            api,
            issues: issues
                .into_iter()
                .map(|mut i| {
                    i.path = if i.path.is_empty() {
                        name.to_string()
                    } else if i.path.starts_with('[') {
                        format!("{name}{}", i.path)
                    } else {
                        format!("{name}.{}", i.path)
                    };
                    i
                })
                .collect(),
        },
        other => other,
    })
}

/// An RQL value: a string, number, boolean or null (anything else is refused, naming `path`).
fn value_of(path: &str, v: &Json) -> Result<Value, Error> {
    match v {
        Json::String(s) => Ok(Value::Str(s.clone())),
        Json::Bool(b) => Ok(Value::Bool(*b)),
        Json::Null => Ok(Value::Null),
        Json::Number(n) => match n.as_f64() {
            Some(n) if n.fract() == 0.0 && n.abs() < 9e15 => Ok(Value::Int(n as i64)),
            Some(n) => Ok(Value::Str(partner_ordering::json::float_text(n))),
            None => Err(bad(path, format!("`{path}` must be a finite number"))),
        },
        Json::Array(_) | Json::Object(_) => Err(bad(
            path,
            format!("`{path}` must be a string, number, boolean or null"),
        )),
    }
}

fn value(name: &str, text: &str) -> Result<Value, Error> {
    value_of(name, &json(name, text)?)
}

/// An array parameter: each item through `item`, with its path `name[i]`.
fn array<T>(
    name: &str,
    text: &str,
    what: &str,
    mut item: impl FnMut(&str, &Json) -> Result<Option<T>, Error>,
) -> Result<Vec<T>, Error> {
    let Json::Array(items) = json(name, text)? else {
        return Err(bad(name, format!("`{name}` must be an array of {what}")));
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, v) in items.iter().enumerate() {
        if let Some(t) = item(&format!("{name}[{i}]"), v)? {
            out.push(t);
        }
    }
    Ok(out)
}

fn strings(name: &str, text: &str) -> Result<Vec<String>, Error> {
    array(name, text, "strings", |path, v| match v {
        Json::String(s) => Ok(Some(s.clone())),
        _ => Err(bad(path, format!("`{path}` must be a string"))),
    })
}

/// Query texts: `Rql`s (their JSON is their text) or strings, taken as they are; `null` items
/// and empty strings are skipped.
fn queries(name: &str, text: &str) -> Result<Vec<String>, Error> {
    array(name, text, "Rql or strings", |path, v| match v {
        Json::String(s) if s.is_empty() => Ok(None),
        Json::String(s) => Ok(Some(s.clone())),
        Json::Null => Ok(None),
        _ => Err(bad(path, format!("`{path}` must be an Rql or a string"))),
    })
}

/// A count or offset: a number (fractions dropped, negatives taken as 0).
fn number(name: &str, text: &str) -> Result<u64, Error> {
    match json(name, text)? {
        Json::Number(n) => Ok(n.as_f64().map_or(0, |n| n.max(0.0) as u64)),
        _ => Err(bad(name, format!("`{name}` must be a number"))),
    }
}

/// A query given as an `Rql` or a string, as JSON text (`null` is no query). For the
/// `Rql | string` parameters of the clients (`findAccounts`, `findResources`).
pub fn query_text(api: Api, name: &str, text: &str) -> Result<String, Error> {
    match from_json::<Json>(api, name, text) {
        Ok(Json::String(s)) => Ok(s),
        Ok(Json::Null) => Ok(String::new()),
        _ => Err(Error::invalid(
            api,
            vec![Issue::new(
                name,
                "invalid_type",
                format!("`{name}` must be an Rql or a string"),
            )],
        )),
    }
}

fn done(text: String) -> Result<String, Failure> {
    to_json(&text)
}

fn wrap(query: Query) -> Result<String, Failure> {
    done(query.to_string())
}

fn cmp(op: fn(&str, Value) -> Query, prop: &str, v: &str) -> Result<String, Failure> {
    let prop = arg_str(API, "prop", prop)?;
    let v = value("v", v)?;
    wrap(op(&prop, v))
}

fn set(op: fn(&str, Vec<Value>) -> Query, prop: &str, values: &str) -> Result<String, Failure> {
    let prop = arg_str(API, "prop", prop)?;
    let vs = array(
        "values",
        values,
        "strings, numbers, booleans or null",
        |p, v| value_of(p, v).map(Some),
    )?;
    wrap(op(&prop, vs))
}

fn logic(op: &str, qs: &str) -> Result<String, Failure> {
    done(format!("{op}({})", queries("qs", qs)?.join(",")))
}

#[wasm_bindgen(js_class = Rql)]
impl JsRql {
    /// `eq(prop,value)`.
    #[wasm_bindgen(unchecked_return_type = "Rql")]
    pub fn eq(
        #[wasm_bindgen(unchecked_param_type = "string")] prop: String,
        #[wasm_bindgen(unchecked_param_type = "string | number | boolean | null")] v: String,
    ) -> Result<String, Failure> {
        cmp(rql::eq, &prop, &v)
    }
    /// `ne(prop,value)`.
    #[wasm_bindgen(unchecked_return_type = "Rql")]
    pub fn ne(
        #[wasm_bindgen(unchecked_param_type = "string")] prop: String,
        #[wasm_bindgen(unchecked_param_type = "string | number | boolean | null")] v: String,
    ) -> Result<String, Failure> {
        cmp(rql::ne, &prop, &v)
    }
    /// `lt(prop,value)`.
    #[wasm_bindgen(unchecked_return_type = "Rql")]
    pub fn lt(
        #[wasm_bindgen(unchecked_param_type = "string")] prop: String,
        #[wasm_bindgen(unchecked_param_type = "string | number")] v: String,
    ) -> Result<String, Failure> {
        cmp(rql::lt, &prop, &v)
    }
    /// `gt(prop,value)`.
    #[wasm_bindgen(unchecked_return_type = "Rql")]
    pub fn gt(
        #[wasm_bindgen(unchecked_param_type = "string")] prop: String,
        #[wasm_bindgen(unchecked_param_type = "string | number")] v: String,
    ) -> Result<String, Failure> {
        cmp(rql::gt, &prop, &v)
    }
    /// `le(prop,value)`.
    #[wasm_bindgen(unchecked_return_type = "Rql")]
    pub fn le(
        #[wasm_bindgen(unchecked_param_type = "string")] prop: String,
        #[wasm_bindgen(unchecked_param_type = "string | number")] v: String,
    ) -> Result<String, Failure> {
        cmp(rql::le, &prop, &v)
    }
    /// `ge(prop,value)`.
    #[wasm_bindgen(unchecked_return_type = "Rql")]
    pub fn ge(
        #[wasm_bindgen(unchecked_param_type = "string")] prop: String,
        #[wasm_bindgen(unchecked_param_type = "string | number")] v: String,
    ) -> Result<String, Failure> {
        cmp(rql::ge, &prop, &v)
    }
    /// `in(prop,(a,b))`.
    #[wasm_bindgen(js_name = "in", unchecked_return_type = "Rql")]
    pub fn in_(
        #[wasm_bindgen(unchecked_param_type = "string")] prop: String,
        #[wasm_bindgen(unchecked_param_type = "Array<string | number | boolean | null>")]
        values: String,
    ) -> Result<String, Failure> {
        set(rql::in_, &prop, &values)
    }
    /// `out(prop,(a,b))`.
    #[wasm_bindgen(unchecked_return_type = "Rql")]
    pub fn out(
        #[wasm_bindgen(unchecked_param_type = "string")] prop: String,
        #[wasm_bindgen(unchecked_param_type = "Array<string | number | boolean | null>")]
        values: String,
    ) -> Result<String, Failure> {
        set(rql::out, &prop, &values)
    }
    /// `like(prop,pattern)`: `*` any run, `?` one character; `\*` a literal asterisk.
    #[wasm_bindgen(unchecked_return_type = "Rql")]
    pub fn like(
        #[wasm_bindgen(unchecked_param_type = "string")] prop: String,
        #[wasm_bindgen(unchecked_param_type = "string")] pattern: String,
    ) -> Result<String, Failure> {
        let prop = arg_str(API, "prop", &prop)?;
        let pattern = arg_str(API, "pattern", &pattern)?;
        wrap(rql::like(&prop, &pattern))
    }
    /// `and(q1,q2,…)` of `Rql`s (or raw RQL strings, taken as they are).
    #[wasm_bindgen(unchecked_return_type = "Rql")]
    pub fn and(
        #[wasm_bindgen(unchecked_param_type = "Array<Rql | string>")] qs: String,
    ) -> Result<String, Failure> {
        logic("and", &qs)
    }
    /// `or(q1,q2,…)`.
    #[wasm_bindgen(unchecked_return_type = "Rql")]
    pub fn or(
        #[wasm_bindgen(unchecked_param_type = "Array<Rql | string>")] qs: String,
    ) -> Result<String, Failure> {
        logic("or", &qs)
    }
    /// `not(q)`.
    #[wasm_bindgen(unchecked_return_type = "Rql")]
    pub fn not(
        #[wasm_bindgen(unchecked_param_type = "Rql | string")] q: String,
    ) -> Result<String, Failure> {
        let q = match json("q", &q)? {
            Json::String(s) if !s.is_empty() => s,
            _ => return Err(bad("q", "`q` must be an Rql or a non-empty string".into()).into()),
        };
        done(format!("not({q})"))
    }
    /// `implementing(typeURI)`.
    #[wasm_bindgen(unchecked_return_type = "Rql")]
    pub fn implementing(
        #[wasm_bindgen(js_name = "typeUri", unchecked_param_type = "string")] type_uri: String,
    ) -> Result<String, Failure> {
        wrap(rql::implementing(&arg_str(API, "typeUri", &type_uri)?))
    }
    /// `composing(typeURI)`.
    #[wasm_bindgen(unchecked_return_type = "Rql")]
    pub fn composing(
        #[wasm_bindgen(js_name = "typeUri", unchecked_param_type = "string")] type_uri: String,
    ) -> Result<String, Failure> {
        wrap(rql::composing(&arg_str(API, "typeUri", &type_uri)?))
    }
    /// `linkedWith(apsId)`.
    #[wasm_bindgen(js_name = linkedWith, unchecked_return_type = "Rql")]
    pub fn linked_with(
        #[wasm_bindgen(js_name = "apsId", unchecked_param_type = "string")] aps_id: String,
    ) -> Result<String, Failure> {
        wrap(rql::linked_with(&arg_str(API, "apsId", &aps_id)?))
    }
    /// `select(a,b)`.
    #[wasm_bindgen(unchecked_return_type = "Rql")]
    pub fn select(
        #[wasm_bindgen(unchecked_param_type = "string[]")] props: String,
    ) -> Result<String, Failure> {
        let props = strings("props", &props)?;
        let refs: Vec<&str> = props.iter().map(String::as_str).collect();
        wrap(rql::select(&refs))
    }
    /// `sort(+a,-b)`: each key starts with `+` (ascending, the default) or `-`.
    #[wasm_bindgen(unchecked_return_type = "Rql")]
    pub fn sort(
        #[wasm_bindgen(unchecked_param_type = "string[]")] keys: String,
    ) -> Result<String, Failure> {
        let keys = strings("keys", &keys)?;
        let parsed: Vec<(&str, Order)> = keys
            .iter()
            .map(|k| match k.strip_prefix('-') {
                Some(rest) => (rest, Order::Desc),
                None => (k.strip_prefix('+').unwrap_or(k), Order::Asc),
            })
            .collect();
        wrap(rql::sort(&parsed))
    }
    /// `limit(start,count)`, or `limit(start)` for APS's default count.
    #[wasm_bindgen(unchecked_return_type = "Rql")]
    pub fn limit(
        #[wasm_bindgen(unchecked_param_type = "number")] start: String,
        #[wasm_bindgen(unchecked_optional_param_type = "number")] count: Option<String>,
    ) -> Result<String, Failure> {
        let start = number("start", &start)?;
        let count = match count.as_deref().map(str::trim) {
            None | Some("") | Some("null") => None,
            Some(c) => Some(number("count", c)?),
        };
        wrap(rql::limit(start, count))
    }
    /// Top-level terms joined with commas (an implicit `and`), e.g. a filter plus `select`.
    #[wasm_bindgen(unchecked_return_type = "string")]
    pub fn join(
        #[wasm_bindgen(unchecked_param_type = "Array<Rql | string>")] qs: String,
    ) -> Result<String, Failure> {
        done(queries("qs", &qs)?.join(","))
    }
}
