//! The portfolio across vendors for JavaScript: `normalizePortfolio` and `portfolioDueWithin`
//! (the rules, in Rust: `partner_ordering::portfolio`), and the declarations of the
//! `Portfolio` class, which the package's JS layer implements (`pkg-template/portfolio.mjs`):
//! it only fetches the vendors concurrently and hands each answer to `normalizePortfolio`.
//!
//! In the builds with every API (the root and sandbox entries), since a `Portfolio` takes any
//! of the four clients.

use wasm_bindgen::prelude::*;

use super::convert::{from_json, to_json};
use super::error::Failure;
use super::options::options;
use partner_ordering::error::{Api, Error, Issue};
use partner_ordering::portfolio::{self, PortfolioEntry, Vendor};

/// The `Portfolio` class and its view, implemented in JS over the two functions below.
#[wasm_bindgen(typescript_custom_section)]
const PORTFOLIO_TS: &str = r#"
/** The clients a `Portfolio` reads: any subset of the four (clients of any entry). */
export interface PortfolioClients {
    /** Its `listSubscriptions()`. */
    omnissa?: OmnissaClient;
    /** Every page of its `listSubscriptions(query)` (see `PortfolioOptions.cloudblueAps`), then the customers' names with one `findAccounts()` per 50 accounts. */
    cloudblueAps?: CloudBlueApsClient;
    /** Every page of its `listSubscriptions()`. */
    cloudblueSimple?: CloudBlueSimpleClient;
    /** Its `listSellerSubscriptions()`: needs `seller` credentials. */
    cloudmore?: CloudmoreClient;
}
/** Settings of a `Portfolio`. */
export interface PortfolioOptions {
    /** The clock `list()` judges windows by when it is given no `now`; default `Date.now`. */
    now?: () => number;
    /** The APS query, e.g. `{ resellerId }` to leave the reseller's own subscriptions out. */
    cloudblueAps?: ApsSubscriptionQuery;
}
/** Options of `Portfolio.list()`. */
export interface PortfolioListOptions {
    /** The instant the windows are judged at, in epoch milliseconds. */
    now?: number;
    /** Cancels every vendor's requests; `list()` then rejects with `ABORTED`. */
    signal?: AbortSignal;
}
/** A vendor that failed, and how. */
export interface PortfolioError {
    /** The vendor. */
    vendor: Vendor;
    /** Its client's error. */
    error: AnyPartnerOrderingError;
}
/** The subscriptions of every vendor that answered, and the errors of those that did not. */
export interface PortfolioView {
    /** Every vendor's entries, in vendor order (Omnissa, APS, SimpleAPI, Cloudmore), each in the vendor's order. */
    readonly entries: PortfolioEntry[];
    /** One per vendor that failed. */
    readonly errors: PortfolioError[];
    /** True when every vendor asked answered. */
    readonly complete: boolean;
    /** The instant the entries were judged at (epoch ms). */
    readonly now: number;
    /** The entries that renew, or can be cancelled, in the next `days` (a whole number) days from `now` (default: the view's): soonest-closing first. */
    dueWithin(days: number, now?: number): PortfolioEntry[];
}
/** One normalized list of subscriptions across Omnissa, CloudBlue (APS and SimpleAPI) and Cloudmore. */
export class Portfolio {
    /** Any subset of the clients; throws `CONFIGURATION_ERROR` for anything else. */
    constructor(clients: PortfolioClients, options?: PortfolioOptions);
    /** Fetches every vendor concurrently. A vendor that fails is in `errors`, never a rejection. */
    list(options?: PortfolioListOptions): Promise<PortfolioView>;
    /** Retires this portfolio (the clients stay yours); later calls fail with `CONFIGURATION_ERROR`. */
    free(): void;
    /** The vendors it reads, for logs. */
    toJSON(): { Portfolio: { vendors: Vendor[] } };
}
"#;

/// `now` given as a number, else the host's clock.
fn now_or_clock(now: Option<String>) -> Result<i64, Error> {
    let now: Option<f64> = options(Api::Omnissa, "now", now)?;
    Ok(now
        .filter(|n| n.is_finite())
        .unwrap_or_else(js_sys::Date::now) as i64)
}

/// Normalizes one vendor's subscriptions, as its client returned them (`listSubscriptions()`,
/// the items of every page, `listSellerSubscriptions()`), into portfolio entries, judging the
/// windows at `now` (default now). Throws `INVALID_REQUEST` for an element that is not that
/// vendor's subscription.
/// `customerNames` maps customer ids to names (`{ [accountApsId]: companyName }`).
#[wasm_bindgen(js_name = normalizePortfolio, unchecked_return_type = "PortfolioEntry[]")]
pub fn normalize_portfolio(
    #[wasm_bindgen(unchecked_param_type = "Vendor")] vendor: String,
    #[wasm_bindgen(unchecked_param_type = "unknown[]")] subscriptions: String,
    #[wasm_bindgen(unchecked_optional_param_type = "number")] now: Option<String>,
    #[wasm_bindgen(
        js_name = "customerNames",
        unchecked_optional_param_type = "Record<string, string>"
    )]
    customer_names: Option<String>,
) -> Result<String, Failure> {
    let vendor: Vendor = from_json(Api::Omnissa, "vendor", &vendor).map_err(|_| {
        Error::invalid(
            Api::Omnissa,
            vec![Issue::new(
                "vendor",
                "invalid_type",
                "`vendor` must be \"omnissa\", \"cloudblueAps\", \"cloudblueSimple\" or \"cloudmore\"",
            )],
        )
    })?;
    let items: Vec<serde_json::Value> = from_json(vendor.api(), "subscriptions", &subscriptions)?;
    let now = now_or_clock(now)?;
    let names: partner_ordering::common::StrMap =
        options(vendor.api(), "customerNames", customer_names)?;
    let mut entries = portfolio::normalize(vendor, &items, now)?;
    portfolio::name_customers(&mut entries, &names);
    to_json(&entries)
}

/// The entries that renew, or can be cancelled, within `days` (a whole number from 0) of `now`
/// (default now): those whose window meets `[now, now + days]`, soonest-closing first, with
/// `renewal.isOpen` judged at `now`.
#[wasm_bindgen(js_name = portfolioDueWithin, unchecked_return_type = "PortfolioEntry[]")]
pub fn portfolio_due_within(
    #[wasm_bindgen(unchecked_param_type = "PortfolioEntry[]")] entries: String,
    #[wasm_bindgen(unchecked_param_type = "number")] days: String,
    #[wasm_bindgen(unchecked_optional_param_type = "number")] now: Option<String>,
) -> Result<String, Failure> {
    let entries: Vec<PortfolioEntry> = from_json(Api::Omnissa, "entries", &entries)?;
    let days: u32 = from_json(Api::Omnissa, "days", &days).map_err(|_| {
        Error::invalid(
            Api::Omnissa,
            vec![Issue::new(
                "days",
                "invalid_type",
                "`days` must be a whole number of days from 0",
            )],
        )
    })?;
    let now = now_or_clock(now)?;
    to_json(&portfolio::due_within(&entries, days, now))
}
