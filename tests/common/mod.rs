//! The native test harness every `tests/*.rs` file shares, included with `mod common;`: the
//! virtual start time, fixtures, the extractors assertions use (the issues of a refusal, the
//! parts of an API error), the runner of validation tables and, with the `sandbox` feature,
//! each API's client against the in-memory sandbox on a virtual clock ([`sandbox`]).
//!
//! Each test file is its own crate and uses a different part, so unused items are allowed.
#![allow(dead_code)]
// Tests fail by panicking; the panic lints are for library code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[cfg(feature = "sandbox")]
pub mod sandbox;
pub mod scripted;
#[cfg(feature = "sandbox")]
#[allow(unused_imports)] // each test file takes what it needs
pub use sandbox::*;

/// Runs a future to completion on the current thread: the client has no `Send` bound and
/// needs no async runtime, so tests need no tokio.
#[allow(unused_imports)] // not every test file is async
pub use futures::executor::block_on;

use partner_ordering::validate::Issues;
use partner_ordering::{Error, Severity};
use serde::de::DeserializeOwned;

/// Where the sandbox and the virtual clock start: 2026-11-19T08:53:20Z.
pub const NOW: i64 = 1_795_000_000_000;

// ---- fixtures -----------------------------------------------------------------------------------

/// The absolute path of `rel` under `tests/fixtures/`.
pub fn fixture_path(rel: &str) -> String {
    format!("{}/tests/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"))
}

/// The bytes of `tests/fixtures/<rel>`.
pub fn fixture_bytes(rel: &str) -> Vec<u8> {
    std::fs::read(fixture_path(rel)).unwrap_or_else(|e| panic!("fixture {rel}: {e}"))
}

/// The text of `tests/fixtures/<rel>`.
pub fn fixture_text(rel: &str) -> String {
    std::fs::read_to_string(fixture_path(rel)).unwrap_or_else(|e| panic!("fixture {rel}: {e}"))
}

/// `tests/fixtures/<rel>` parsed as JSON into `T`.
pub fn fixture_json<T: DeserializeOwned>(rel: &str) -> T {
    serde_json::from_str(&fixture_text(rel)).unwrap_or_else(|e| panic!("fixture {rel}: {e}"))
}

// ---- errors -------------------------------------------------------------------------------------

/// The `(path, code)` of every issue of an invalid request; panics on any other error.
pub fn invalid_issues(e: Error) -> Vec<(String, String)> {
    match e {
        Error::InvalidRequest { issues, .. } => {
            issues.into_iter().map(|i| (i.path, i.code)).collect()
        }
        other => panic!("expected an invalid request, got {other:?}"),
    }
}

/// `(status, code, message)` of an API error; panics on any other error.
pub fn api_error(e: Error) -> (u16, String, String) {
    match e {
        Error::Api(a) => (a.status, a.code.unwrap_or_default(), a.message),
        other => panic!("expected an API error, got {other:?}"),
    }
}

// ---- inputs -------------------------------------------------------------------------------------

/// A new Cloudmore subscription of `product`, the quantity as a caller's JSON (`5`, `"5"`, `2.5`).
#[cfg(feature = "cloudmore")]
pub fn new_cloudmore_sub(
    product: &str,
    quantity: serde_json::Value,
) -> partner_ordering::cloudmore::NewCloudmoreSubscription {
    partner_ordering::cloudmore::NewCloudmoreSubscription {
        product_id: product.into(),
        quantity: serde_json::from_value(quantity).expect("quantity"),
        name: None,
        extra: Default::default(),
    }
}

// ---- validation tables --------------------------------------------------------------------------

/// One bad input: its name, the issues the rules found, and the `(path, code)` of the first error
/// expected.
pub type Case = (&'static str, Issues, &'static str, &'static str);

/// The `(path, code)` of every error-severity issue, in order; warnings are left out.
pub fn errors(issues: &Issues) -> Vec<(String, String)> {
    issues
        .clone()
        .report()
        .issues
        .into_iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| (i.path, i.code))
        .collect()
}

/// Asserts that the table has at least `min` cases and that each case's first error is the one
/// it names.
pub fn assert_cases(cases: &[Case], min: usize) {
    assert!(cases.len() >= min, "{} cases", cases.len());
    for (name, issues, path, code) in cases {
        let errs = errors(issues);
        assert_eq!(
            errs.first().map(|(p, c)| (p.as_str(), c.as_str())),
            Some((*path, *code)),
            "{name}: got {errs:?}"
        );
    }
}
