//! CloudBlue Commerce: two different reseller APIs of one platform.
//!
//! - [`aps`]: the APS REST API (`/aps/2/...`): accounts, users, payment methods, order manager;
//!   RQL queries; `APS-Token` or OAuth 1.0a.
//! - [`simple`]: the SimpleAPI gateway: catalog (`/products`, MPNs), customers, subscriptions,
//!   orders and estimates, plans; bearer token plus `X-Subscription-Key`.

pub mod aps;
pub mod rules;
pub mod simple;
