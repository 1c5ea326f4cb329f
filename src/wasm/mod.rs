//! The JavaScript facade: the only module with `#[wasm_bindgen]`.
//!
//! Inputs arrive as `Ts<T>` (tsify) and are converted inside each function, so a bad JS value
//! is an ordinary error rather than a leak (tsify's deprecated `from_wasm_abi` leaks on every
//! failed conversion). Outputs leave through [`convert::to_js`], the single serializer
//! configuration of the package. Errors leave as real `Error` objects (see [`error`]).

mod cloudblue_aps;
mod cloudblue_simple;
mod cloudmore;
mod convert;
mod error;
mod omnissa;
mod options;
mod pager;
mod rql;
mod runtime;
#[cfg(feature = "sandbox")]
mod sandbox;

pub use cloudblue_aps::JsApsClient;
pub use cloudblue_simple::JsSimpleClient;
pub use cloudmore::JsCloudmoreClient;
pub use error::to_js_error;
pub use omnissa::{JsOmnissaClient, OmnissaClientOptions};
pub use options::RequestOptions;
pub use rql::JsRql;
pub use runtime::JsRuntime;
#[cfg(feature = "sandbox")]
pub use sandbox::JsSandbox;

use wasm_bindgen::prelude::*;

/// The package version, from `Cargo.toml`.
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// True when the build includes the sandbox (the `partner-ordering/sandbox` entry point).
#[wasm_bindgen(js_name = hasSandbox)]
pub fn has_sandbox() -> bool {
    cfg!(feature = "sandbox")
}
