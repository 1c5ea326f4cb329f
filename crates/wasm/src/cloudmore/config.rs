//! The options of `new CloudmoreClient(…)`: credential levels, and the client they build.

use partner_ordering_json::Deserialize;
use tsify::Tsify;

use super::API;
use crate::convert::JsOnly;
use crate::host::{token_source, Host};
use crate::options::{client_options, guard_browser_secret, CommonClientOptions};
use partner_ordering::cloudmore::{
    CloudmoreClient, CloudmoreConfig, CloudmoreCredentials, CloudmoreLevel, DEFAULT_BASE_URL,
};
use partner_ordering::error::Error;
use partner_ordering::secret::Secret;

/// One credential level: a password grant (`username`, `password`, `apiSecret`) or a
/// `tokenProvider`.
#[derive(Tsify, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CloudmoreLevelOptions {
    /// The seller's id (for `seller`).
    #[serde(default)]
    #[tsify(optional)]
    pub seller_id: Option<String>,
    /// The broker's id (for `broker`).
    #[serde(default)]
    #[tsify(optional)]
    pub reseller_id: Option<String>,
    /// API user (an email address).
    #[serde(default)]
    #[tsify(optional)]
    pub username: Option<String>,
    /// The user's password. Refused in browser pages unless `dangerouslyAllowBrowser`.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    pub password: Option<Secret>,
    /// The API secret of `ro.customer.client`.
    #[serde(default)]
    #[tsify(optional, type = "string")]
    pub api_secret: Option<Secret>,
    /// Supplies bearer tokens instead of a password (e.g. from your backend).
    #[serde(default)]
    #[tsify(
        optional,
        type = "() => Promise<string | { accessToken: string; expiresIn?: number }>"
    )]
    pub token_provider: Option<JsOnly>,
}

/// What `getResellerPriceList` may narrow. An object rather than a bare string, so that the
/// per-call options that follow can never be mistaken for it.
#[derive(Tsify, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct PriceListQuery {
    /// ISO 4217 currency code, e.g. `EUR`.
    #[serde(default)]
    #[tsify(optional)]
    pub currency_code: Option<String>,
}

/// Options for `new CloudmoreClient(…)`. Give `seller`, `broker` or both: seller operations need
/// seller-level credentials, reseller and organization operations broker-level ones.
#[derive(Tsify, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CloudmoreClientOptions {
    /// API origin. Default `https://api.cloudmore.com`.
    #[serde(default)]
    #[tsify(optional)]
    pub base_url: Option<String>,
    /// Seller-level credentials: `{ sellerId, username, password, apiSecret }` or
    /// `{ sellerId, tokenProvider }`.
    #[serde(default)]
    #[tsify(
        optional,
        type = "Omit<CloudmoreLevelOptions, \"sellerId\" | \"resellerId\"> & { sellerId: string }"
    )]
    pub seller: Option<CloudmoreLevelOptions>,
    /// Broker-level credentials: `{ resellerId, username, password, apiSecret }` or
    /// `{ resellerId, tokenProvider }`.
    #[serde(default)]
    #[tsify(
        optional,
        type = "Omit<CloudmoreLevelOptions, \"sellerId\" | \"resellerId\"> & { resellerId: string }"
    )]
    pub broker: Option<CloudmoreLevelOptions>,
    /// Fetch the applicable price list to check `productId` when none is loaded (default true).
    #[serde(default)]
    #[tsify(optional)]
    pub precheck: Option<bool>,
    /// Transport, clock, timeouts, retries, validation, browser guard.
    // Read by `client_options` on its own: a flattened field would buffer every option. Skipped,
    // tsify leaves it out, and scripts/gen-dts.mjs puts `extends CommonClientOptions` back.
    #[serde(flatten, skip_deserializing)]
    pub common: CommonClientOptions,
}

impl crate::options::WithCommon for CloudmoreClientOptions {
    fn common_mut(&mut self) -> &mut CommonClientOptions {
        &mut self.common
    }
}

fn level(
    o: CloudmoreLevelOptions,
    name: &str,
    host: &Host,
    allow: bool,
) -> Result<CloudmoreLevel, Error> {
    // Each level names its own id, so a `broker` given a `sellerId` is told what it lacks.
    let (key, id, provider_path) = match name {
        "seller" => ("sellerId", o.seller_id, "seller.tokenProvider"),
        _ => ("resellerId", o.reseller_id, "broker.tokenProvider"),
    };
    let id = id.ok_or_else(|| Error::Configuration {
        message: format!("cloudmore: `{name}.{key}` is required"),
    })?;
    let credentials = match (o.token_provider, o.username, o.password, o.api_secret) {
        (Some(JsOnly), _, _, _) => CloudmoreCredentials::Provider(token_source(host, provider_path)),
        (None, Some(username), Some(password), Some(api_secret)) => {
            guard_browser_secret(host, API, true, allow)?;
            CloudmoreCredentials::Password {
                username,
                password,
                api_secret,
            }
        }
        _ => {
            return Err(Error::Configuration {
                message: format!(
                    "cloudmore: `{name}` needs `username`, `password` and `apiSecret`, or a `tokenProvider`"
                ),
            })
        }
    };
    Ok(CloudmoreLevel { id, credentials })
}

/// The keys of [`CloudmoreClientOptions`] besides the common ones.
pub const OPTION_KEYS: &[&str] = &["baseUrl", "seller", "broker", "precheck"];

/// The keys of a credential level, which belong inside `seller` or `broker`.
const LEVEL_KEYS: &[&str] = &[
    "sellerId",
    "resellerId",
    "username",
    "password",
    "apiSecret",
    "tokenProvider",
];

/// Where a level's key given at the top level belongs.
const LEVEL_PLACE: &str = "belongs to a credential level: give `seller: { sellerId, username, \
     password, apiSecret }` and/or `broker: { resellerId, … }` (or a `tokenProvider` in either)";

pub(super) fn build(options: &str, host: &Host) -> Result<CloudmoreClient, Error> {
    let o: CloudmoreClientOptions = client_options(
        API,
        "CloudmoreClient options",
        options,
        OPTION_KEYS,
        Some((LEVEL_KEYS, LEVEL_PLACE)),
    )?;
    let allow = o.common.dangerously_allow_browser;
    let cfg = CloudmoreConfig {
        base_url: o.base_url.unwrap_or_else(|| DEFAULT_BASE_URL.into()),
        seller: o
            .seller
            .map(|l| level(l, "seller", host, allow))
            .transpose()?,
        broker: o
            .broker
            .map(|l| level(l, "broker", host, allow))
            .transpose()?,
        validate: o.common.validate(),
        precheck: o.precheck.unwrap_or(true),
    };
    CloudmoreClient::new(cfg, o.common.http(host))
}
