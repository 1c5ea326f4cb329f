//! The Omnissa client: configuration, credentials and the async operations.

use std::rc::Rc;

use super::endpoints::{FetchToken, GetSubscription, ListSubscriptions, API_PATH, TOKEN_PATH};
use super::types::Subscription;
use crate::client::{
    call, call_unauthenticated, require, Authorize, HttpClient, TokenManager, TokenSource,
};
use crate::error::{Api, Error};
use crate::http::HttpRequest;
use crate::secret::Secret;
use crate::token::AccessToken;
use crate::transport::LocalFuture;

/// The production gateway origin.
pub const DEFAULT_BASE_URL: &str = "https://apigw.omnissa.com";
/// Omnissa tokens live 7500 s ("times out after 7500 seconds"); used when a token has no expiry.
const TOKEN_LIFETIME_S: u64 = 7500;
/// Refresh five minutes before expiry so no request leaves with a token about to lapse.
const REFRESH_MARGIN_MS: i64 = 300_000;

/// How the client obtains access tokens.
#[derive(Clone)]
pub enum Credentials {
    /// App id and secret: the client fetches and caches tokens itself. Keep these server-side.
    ClientCredentials {
        /// The app id ("shared key").
        app_id: String,
        /// The app secret.
        app_secret: Secret,
    },
    /// Tokens come from elsewhere (a backend that holds the secret).
    Provider(Rc<dyn TokenSource>),
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Credentials::ClientCredentials { app_id, .. } => f
                .debug_struct("ClientCredentials")
                .field("app_id", app_id)
                .field("app_secret", &"<redacted>")
                .finish(),
            Credentials::Provider(_) => f.write_str("Provider(..)"),
        }
    }
}

/// Client settings.
#[derive(Debug, Clone)]
pub struct OmnissaConfig {
    /// The Omnissa Partner ID, sent as the `partnerId` header.
    pub partner_id: String,
    /// The gateway origin (`https://apigw.omnissa.com`), or the full API base
    /// (`…/v2/m4/api/sdp`, as in the spec's `servers`): both are accepted.
    pub base_url: String,
    /// The token URL; defaults to the origin of `base_url` plus the documented token path.
    pub token_url: Option<String>,
    /// Where tokens come from.
    pub credentials: Credentials,
}

impl OmnissaConfig {
    /// `(api_base, token_url)` derived from the settings.
    pub fn urls(&self) -> (String, String) {
        let base = self.base_url.trim().trim_end_matches('/');
        let origin_end = base
            .find("://")
            .map(|i| i + 3)
            .and_then(|start| base[start..].find('/').map(|j| start + j))
            .unwrap_or(base.len());
        let (origin, path) = base.split_at(origin_end);
        let api = if path.is_empty() {
            format!("{origin}{API_PATH}")
        } else {
            base.to_string()
        };
        let token = self
            .token_url
            .clone()
            .unwrap_or_else(|| format!("{origin}{TOKEN_PATH}"));
        (api, token)
    }
}

/// Fetches client-credentials tokens through the same HTTP stack (timeouts, retries).
struct ClientCredentialsSource {
    http: HttpClient,
    token_url: String,
    fetch: FetchToken,
}

impl TokenSource for ClientCredentialsSource {
    fn fetch(&self) -> LocalFuture<Result<AccessToken, Error>> {
        let http = self.http.clone();
        let url = self.token_url.clone();
        let ep = self.fetch.clone();
        Box::pin(async move { call_unauthenticated(&http, &url, &ep).await })
    }
}

struct OmnissaAuth {
    partner_id: String,
}

impl Authorize for OmnissaAuth {
    fn authorize(&self, req: &mut HttpRequest, token: &Secret) {
        req.headers
            .set("authorization", format!("Bearer {}", token.expose()));
        req.headers.set("partnerId", self.partner_id.clone());
        req.headers.set("accept", "application/json");
    }
}

/// The Omnissa MSP Ordering client.
pub struct OmnissaClient {
    http: HttpClient,
    tokens: Rc<TokenManager>,
    auth: OmnissaAuth,
    api_base: String,
}

impl std::fmt::Debug for OmnissaClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OmnissaClient")
            .field("partner_id", &self.auth.partner_id)
            .field("api_base", &self.api_base)
            .finish_non_exhaustive()
    }
}

impl OmnissaClient {
    /// Creates a client. Nothing is sent until the first call.
    ///
    /// # Errors
    /// [`Error::Configuration`] when the partner id, app id or secret is blank.
    pub fn new(config: OmnissaConfig, http: HttpClient) -> Result<Self, Error> {
        require(Api::Omnissa, "partnerId", &config.partner_id)?;
        require(Api::Omnissa, "baseUrl", &config.base_url)?;
        let (api_base, token_url) = config.urls();
        let source: Rc<dyn TokenSource> = match config.credentials {
            Credentials::ClientCredentials { app_id, app_secret } => {
                require(Api::Omnissa, "appId", &app_id)?;
                if app_secret.is_blank() {
                    return Err(Error::Configuration {
                        message: "omnissa: `appSecret` is required and must not be empty".into(),
                    });
                }
                Rc::new(ClientCredentialsSource {
                    http: http.clone(),
                    token_url,
                    fetch: FetchToken { app_id, app_secret },
                })
            }
            Credentials::Provider(p) => p,
        };
        let tokens = TokenManager::new(
            source,
            Rc::clone(http.runtime()),
            REFRESH_MARGIN_MS,
            Some(TOKEN_LIFETIME_S),
        );
        Ok(OmnissaClient {
            http,
            tokens,
            auth: OmnissaAuth {
                partner_id: config.partner_id,
            },
            api_base,
        })
    }

    async fn run<E: crate::endpoint::Endpoint>(&self, ep: &E) -> Result<E::Output, Error> {
        call(&self.http, &self.tokens, &self.auth, &self.api_base, ep).await
    }

    /// Every active subscription of the partner.
    ///
    /// # Errors
    /// Any [`Error`]; see the crate docs for the taxonomy.
    pub async fn list_subscriptions(&self) -> Result<Vec<Subscription>, Error> {
        self.run(&ListSubscriptions).await
    }

    /// One subscription by SID.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] for a malformed SID (not sent); otherwise any [`Error`].
    pub async fn get_subscription(&self, sid: &str) -> Result<Subscription, Error> {
        self.run(&GetSubscription {
            service_instance_id: sid.to_string(),
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(base: &str) -> OmnissaConfig {
        OmnissaConfig {
            partner_id: "P".into(),
            base_url: base.into(),
            token_url: None,
            credentials: Credentials::ClientCredentials {
                app_id: "a".into(),
                app_secret: Secret::new("s"),
            },
        }
    }

    #[test]
    fn base_url_origin_or_full_api_base() {
        let want = (
            "https://apigw.omnissa.com/v2/m4/api/sdp".to_string(),
            "https://apigw.omnissa.com/v1/m0/application/oauth2/token".to_string(),
        );
        assert_eq!(cfg("https://apigw.omnissa.com").urls(), want);
        assert_eq!(cfg("https://apigw.omnissa.com/").urls(), want);
        assert_eq!(cfg("https://apigw.omnissa.com/v2/m4/api/sdp/").urls(), want);
        assert_eq!(
            cfg("http://127.0.0.1:8787").urls().1,
            "http://127.0.0.1:8787/v1/m0/application/oauth2/token"
        );
    }

    #[test]
    fn credentials_debug_hides_the_secret() {
        let d = format!("{:?}", cfg("x").credentials);
        assert!(!d.contains("\"s\"") && d.contains("redacted"), "{d}");
    }
}
