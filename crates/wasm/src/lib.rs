//! The JavaScript facade: the only module with `#[wasm_bindgen]`.
//!
//! The boundary is narrow on purpose. Every argument arrives as JSON text made by the package's
//! JS layer (`pkg-template/core.mjs`) and is parsed here with hard limits; every result leaves
//! as JSON text; every error leaves as the JSON text of its fields, which the JS layer turns
//! into a real `PartnerOrderingError`. The only JS values Rust holds are the layer's own
//! [`host::Host`] and [`host::Pending`] objects: Rust never walks a caller's object graph.
//!
//! Conventions the JS layer relies on: a parameter named `_host` is the client's host, one
//! named `_stop` is the call's stop (signal and deadline); both are supplied by the layer and
//! hidden from the public `.d.ts`.

mod calls;
pub mod convert;
pub mod error;
pub mod host;
pub mod options;

#[cfg(feature = "cloudblue")]
mod cloudblue_aps;
#[cfg(feature = "cloudblue")]
mod cloudblue_simple;
#[cfg(feature = "cloudmore")]
mod cloudmore;
#[cfg(feature = "omnissa")]
mod omnissa;
#[cfg(feature = "cloudblue")]
mod pager;
#[cfg(all(feature = "omnissa", feature = "cloudblue", feature = "cloudmore"))]
pub mod portfolio;
#[cfg(feature = "cloudblue")]
mod rql;
#[cfg(feature = "sandbox")]
mod sandbox;

pub use error::{error_json, to_js_error, Failure};
pub use options::RequestOptions;

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

/// Test-only: traps the instance (`unreachable`), so tests can prove that the JS layer fails
/// only the call that hit it and then runs on a fresh instance.
#[cfg(all(feature = "sandbox", target_arch = "wasm32"))]
#[wasm_bindgen(js_name = __forceTrap)]
pub fn force_trap() {
    core::arch::wasm32::unreachable()
}

/// Test-only: traps inside async work (the future's first poll, in a microtask, outside any
/// call the JS layer wraps), so tests can prove that such a trap also heals the instance and
/// settles the calls in flight.
#[cfg(all(feature = "sandbox", target_arch = "wasm32"))]
#[wasm_bindgen(js_name = __forceTrapLater, unchecked_return_type = "Promise<void>")]
pub fn force_trap_later() -> js_sys::Promise {
    options::promise(Ok(Box::pin(async {
        core::arch::wasm32::unreachable();
    })))
}
