//! Client settings and the per-level token sources: seller-level and broker-level credentials
//! are different API users, so each level gets its own token cache.

use std::rc::Rc;

use super::endpoints::{FetchCloudmoreToken, Level};
use super::rules;
use crate::client::{
    call_unauthenticated, require, HttpClient, TokenAuth, TokenManager, TokenSource,
};
use crate::error::{Api, Error};
use crate::secret::Secret;
use crate::token::AccessToken;
use crate::transport::LocalFuture;

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

/// Refresh five minutes before the 24 h expiry.
const REFRESH_MARGIN_MS: i64 = 300_000;
/// Cloudmore tokens are valid 24 hours (API-NOTES §3.2), assumed when `expires_in` is missing.
const TOKEN_LIFETIME_S: u64 = 86_400;
struct PasswordSource {
    http: HttpClient,
    base: String,
    fetch: FetchCloudmoreToken,
}

impl TokenSource for PasswordSource {
    fn fetch(&self) -> LocalFuture<Result<AccessToken, Error>> {
        let (http, base, ep) = (self.http.clone(), self.base.clone(), self.fetch.clone());
        Box::pin(async move { call_unauthenticated(&http, &base, &ep).await })
    }
}

pub(super) struct LevelAuth {
    pub(super) id: String,
    pub(super) auth: TokenAuth,
}

pub(super) fn level_auth(
    http: &HttpClient,
    base: &str,
    level: Level,
    cfg: CloudmoreLevel,
) -> Result<LevelAuth, Error> {
    let name = level.as_str();
    let mut id_issues = crate::validate::Issues::new();
    rules::check_id(&mut id_issues, &format!("{name}.id"), &cfg.id);
    if let Some(i) = id_issues.report().issues.first() {
        return Err(Error::Configuration {
            message: format!("cloudmore: {}", i.message),
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
            Rc::new(PasswordSource {
                http: http.clone(),
                base: base.to_string(),
                fetch: FetchCloudmoreToken {
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
    let auth = TokenAuth::new(tokens, |token: &Secret| {
        let mut h = crate::http::Headers::new();
        h.set("authorization", format!("Bearer {}", token.expose()));
        h
    });
    Ok(LevelAuth {
        id: cfg.id.trim().to_string(),
        auth,
    })
}
