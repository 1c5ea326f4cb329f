//! # partner-ordering
//!
//! One typed, validated client for three partner subscription-ordering APIs: the Omnissa MSP
//! Ordering API, CloudBlue Commerce (APS REST and SimpleAPI) and Cloudmore. It compiles to
//! WebAssembly for browsers, Cloudflare Workers and Node, and natively for tests.
//!
//! ## Architecture
//!
//! ```text
//!   JS caller ──► pkg-template/core.mjs ──► crates/wasm (the only #[wasm_bindgen] code; JSON text)
//!                   │
//!                   ▼
//!   client.rs   HttpClient: timeout per attempt, RetryPolicy, TokenManager (single flight)
//!                   │  async, generic over Transport + Runtime, no Send bound, no tokio
//!                   ▼
//!   omnissa/ …  endpoints: validate + build HttpRequest ─► Transport ─► HttpResponse ─► parse
//!   (sans-IO)   pure code: no clock, no randomness, no I/O; `now` and tokens are inputs
//!                   │
//!   transport/  fetch (gloo-net global fetch, or a user `fetch`), sandbox (feature), ManualClock
//! ```
//!
//! The core performs no I/O and reads no clock: every rule is testable with `cargo test`.
//!
//! ## Features
//!
//! One per partner API, all on by default: `omnissa`, `cloudblue` (APS and SimpleAPI) and
//! `cloudmore`. The shared modules ([`common`], [`endpoint`], [`client`], …) are always compiled
//! and name no partner; [`portfolio`] normalizes the subscriptions of whichever APIs are built into
//! one view. `sandbox` (the emulator) turns on all three; `wasm` adds the TypeScript declarations (tsify) that the wasm crate, `crates/wasm`, exports.

#![cfg_attr(not(test), warn(clippy::unwrap_used))]

pub mod api_call;
pub mod call;
pub mod client;
#[cfg(feature = "cloudblue")]
pub mod cloudblue;
#[cfg(feature = "cloudmore")]
pub mod cloudmore;
pub mod common;
pub mod decimal;
pub mod endpoint;
pub mod error;
pub mod http;
pub mod json;
pub mod lenient;
#[cfg(feature = "omnissa")]
pub mod omnissa;
mod open_enum;
pub mod poll;
pub mod portfolio;
pub mod redact;
pub mod retry;
pub mod secret;
pub mod time;
pub mod token;
pub mod transport;
pub mod validate;

#[cfg(feature = "sandbox")]
pub mod sandbox;

pub use error::{Api, ApiError, Error, ErrorKind, Issue, Severity};
pub use http::{HttpRequest, HttpResponse, Method};
pub use secret::Secret;
pub use validate::ValidationReport;
