//! CloudBlue emulators: the APS REST API under `/aps/2/` and the SimpleAPI under
//! `/marketplace/sandbox/`.

mod aps;
mod aps_orders;
mod aps_subscriptions;
mod rql_eval;
mod simple;
mod simple_data;

pub use aps::{
    ApsSandbox, APS_CONSUMER_KEY, APS_CONSUMER_SECRET, APS_RESELLER_EMAIL, APS_RESELLER_ID,
};
pub use aps_orders::{APS_PLAN_ID, APS_RESOURCE_ID};
pub use aps_subscriptions::{APS_CUSTOMER2_ID, APS_CUSTOMER_ID};
pub use simple::{
    SimpleSandbox, ADDON_MPN, DUPLICATE_MPN, LICENSE_MPN, SIMPLE_CUSTOMER_ID, SIMPLE_PASSWORD,
    SIMPLE_PREFIX, SIMPLE_SUBSCRIPTION_KEY, SIMPLE_USERNAME,
};
