//! Client settings and the per-level token sources: seller-level and broker-level credentials
//! are different API users, so each level gets its own token cache.

use std::rc::Rc;

use super::endpoints::{FetchCloudmoreToken, Level};
use super::rules;
use crate::client::{
    bearer_headers, require, Authenticator, EndpointTokenSource, HttpClient, TokenAuth,
    TokenManager, TokenSource,
};
use crate::error::{Api, Error};
use crate::secret::Secret;

const API: Api = Api::Cloudmore;
/// How one credential level gets tokens.
#[derive(Clone)]
pub enum CloudmoreCredentials {
    /// An API user's password grant.
    Password {
        /// API user (an email address).
        username: String,
        /// The user's password.
        password: Secret,
        /// The API secret for `ro.customer.client`.
        api_secret: Secret,
    },
    /// Tokens from elsewhere (e.g. the portal's backend).
    Provider(Rc<dyn TokenSource>),
}

impl std::fmt::Debug for CloudmoreCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CloudmoreCredentials::Password { username, .. } => f
                .debug_struct("Password")
                .field("username", username)
                .finish_non_exhaustive(),
            CloudmoreCredentials::Provider(_) => f.write_str("Provider(..)"),
        }
    }
}

/// One credential level: the seller's or broker's id and how to authenticate as it.
#[derive(Debug, Clone)]
pub struct CloudmoreLevel {
    /// `sellerId` or `resellerId` (a GUID).
    pub id: String,
    /// Its credentials.
    pub credentials: CloudmoreCredentials,
}

/// Client settings. Give `seller`, `broker` or both.
#[derive(Debug, Clone)]
pub struct CloudmoreConfig {
    /// API origin, default [`super::DEFAULT_BASE_URL`].
    pub base_url: String,
    /// Seller-level credentials, for `/api/sellers/{sellerId}/…`.
    pub seller: Option<CloudmoreLevel>,
    /// Broker-level credentials, for `/api/resellers/{resellerId}/…` (organizations included).
    pub broker: Option<CloudmoreLevel>,
    /// Validate before sending (default true).
    pub validate: bool,
    /// Fetch the applicable price list to check `productId` when none is loaded (default true).
    pub precheck: bool,
}

impl CloudmoreConfig {
    /// Settings for the production API with validation and prechecks on; add `seller`,
    /// `broker` or both.
    pub fn new() -> Self {
        CloudmoreConfig {
            base_url: super::DEFAULT_BASE_URL.to_string(),
            seller: None,
            broker: None,
            validate: true,
            precheck: true,
        }
    }
}

impl Default for CloudmoreConfig {
    fn default() -> Self {
        Self::new()
    }
}

/// Refresh five minutes before the 24 h expiry.
const REFRESH_MARGIN_MS: i64 = 300_000;
/// Cloudmore tokens are valid 24 hours (API-NOTES §3.2), assumed when `expires_in` is missing.
const TOKEN_LIFETIME_S: u64 = 86_400;
pub(super) struct LevelAuth {
    pub(super) id: String,
    pub(super) auth: Rc<dyn Authenticator>,
}

pub(super) fn level_auth(
    http: &HttpClient,
    base: &str,
    level: Level,
    cfg: CloudmoreLevel,
) -> Result<LevelAuth, Error> {
    let name = level.as_str();
    let key = match level {
        Level::Seller => "seller.sellerId",
        Level::Broker => "broker.resellerId",
    };
    require(API, key, &cfg.id)?;
    if !rules::is_guid(cfg.id.trim()) {
        return Err(Error::Configuration {
            message: format!("cloudmore: `{key}` must be a GUID; got {:?}", cfg.id),
        });
    }
    let source: Rc<dyn TokenSource> = match cfg.credentials {
        CloudmoreCredentials::Password {
            username,
            password,
            api_secret,
        } => {
            require(API, &format!("{name}.username"), &username)?;
            if password.is_blank() || api_secret.is_blank() {
                return Err(Error::Configuration {
                    message: format!(
                        "cloudmore: `{name}.password` and `{name}.apiSecret` are required"
                    ),
                });
            }
            Rc::new(EndpointTokenSource {
                http: http.clone(),
                base: base.to_string(),
                endpoint: FetchCloudmoreToken {
                    username,
                    password,
                    api_secret,
                },
            })
        }
        CloudmoreCredentials::Provider(p) => p,
    };
    let tokens = TokenManager::new(
        source,
        Rc::clone(http.runtime()),
        REFRESH_MARGIN_MS,
        Some(TOKEN_LIFETIME_S),
    );
    Ok(LevelAuth {
        id: cfg.id.trim().to_string(),
        auth: Rc::new(TokenAuth::new(tokens, bearer_headers)),
    })
}
