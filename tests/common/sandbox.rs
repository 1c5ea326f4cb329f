//! Clients of every API against one in-memory [`Sandbox`], on a virtual clock that starts at
//! [`NOW`]: no network, no timers, no tokio.

use std::cell::RefCell;
use std::rc::Rc;

use partner_ordering::client::HttpClient;
use partner_ordering::cloudblue::aps::{ApsClient, ApsConfig, ApsCredentials};
use partner_ordering::cloudblue::simple::{SimpleClient, SimpleConfig, SimpleCredentials};
use partner_ordering::cloudmore::{
    CloudmoreClient, CloudmoreConfig, CloudmoreCredentials, CloudmoreLevel,
};
use partner_ordering::omnissa::{Credentials, OmnissaClient, OmnissaConfig};
use partner_ordering::sandbox::*;
use partner_ordering::transport::{ManualClock, Runtime, SandboxTransport};
use partner_ordering::Secret;

use super::NOW;

/// The origin every sandbox client is configured with.
pub const SANDBOX_URL: &str = "http://sandbox.test";

/// An [`HttpClient`] that sends to `sandbox` and keeps time with `runtime`.
pub fn sandbox_http(sandbox: &Rc<RefCell<Sandbox>>, runtime: Rc<dyn Runtime>) -> HttpClient {
    HttpClient::new(
        Rc::new(SandboxTransport::new(
            Rc::clone(sandbox),
            Rc::clone(&runtime),
        )),
        runtime,
    )
}

/// A fresh sandbox, the virtual clock both it and the client read, and a client.
pub struct Env<C = ()> {
    /// The emulator: its call log, fault injection, seeded data.
    pub sandbox: Rc<RefCell<Sandbox>>,
    /// The virtual clock; `advance` moves time for the client and the sandbox alike.
    pub clock: ManualClock,
    /// The client under test.
    pub client: C,
}

impl Env {
    /// A sandbox seeded at [`NOW`] and a clock reading [`NOW`]; no client yet.
    pub fn new() -> Self {
        Env {
            sandbox: Rc::new(RefCell::new(Sandbox::new(NOW))),
            clock: ManualClock::new(NOW),
            client: (),
        }
    }

    /// The same sandbox and clock with the client `make` builds on [`Env::http`].
    pub fn with_client<C>(self, make: impl FnOnce(HttpClient) -> C) -> Env<C> {
        let client = make(self.http());
        Env {
            sandbox: self.sandbox,
            clock: self.clock,
            client,
        }
    }
}

impl<C> Env<C> {
    /// An [`HttpClient`] over this sandbox and clock.
    pub fn http(&self) -> HttpClient {
        sandbox_http(&self.sandbox, Rc::new(self.clock.clone()))
    }

    /// Every request the sandbox received, as `METHOD path`.
    pub fn calls(&self) -> Vec<String> {
        self.sandbox
            .borrow()
            .calls()
            .iter()
            .map(|c| format!("{} {}", c.method, c.path))
            .collect()
    }

    /// How many requests the sandbox received.
    pub fn call_count(&self) -> usize {
        self.sandbox.borrow().calls().len()
    }

    /// How many requests went to a path for which `path` is true.
    pub fn count_calls(&self, path: impl Fn(&str) -> bool) -> usize {
        self.sandbox
            .borrow()
            .calls()
            .iter()
            .filter(|c| path(&c.path))
            .count()
    }

    /// Makes the next `count` requests whose path contains `path_contains` fail with `kind`.
    pub fn inject(&self, kind: FaultKind, count: u32, path_contains: &str) {
        self.sandbox.borrow_mut().inject(Fault {
            kind,
            count,
            path_contains: Some(path_contains.into()),
        });
    }
}

// ---- Omnissa ------------------------------------------------------------------------------------

/// The sandbox's Omnissa app credentials.
pub fn omnissa_credentials() -> Credentials {
    Credentials::ClientCredentials {
        app_id: SANDBOX_APP_ID.into(),
        app_secret: Secret::new(SANDBOX_APP_SECRET),
    }
}

/// Omnissa settings for the sandbox: its partner and app, validation and prechecks on.
pub fn omnissa_config() -> OmnissaConfig {
    OmnissaConfig::new(SANDBOX_PARTNER_ID, omnissa_credentials()).with_base_url(SANDBOX_URL)
}

/// An Omnissa client with `config` against a fresh sandbox.
pub fn omnissa_env_with(config: OmnissaConfig) -> Env<OmnissaClient> {
    Env::new().with_client(|http| OmnissaClient::new(config, http).expect("omnissa config"))
}

/// An Omnissa client with [`omnissa_config`] against a fresh sandbox.
pub fn omnissa_env() -> Env<OmnissaClient> {
    omnissa_env_with(omnissa_config())
}

// ---- CloudBlue ----------------------------------------------------------------------------------

/// The sandbox's APS OAuth 1.0a consumer, with `secret` as its secret.
pub fn aps_oauth1(secret: &str) -> ApsCredentials {
    ApsCredentials::OAuth1 {
        consumer_key: APS_CONSUMER_KEY.into(),
        consumer_secret: Secret::new(secret),
    }
}

/// An APS client against a fresh sandbox, with the credentials `credentials` makes for it
/// (a token source may need the sandbox itself).
pub fn aps_env(
    validate: bool,
    credentials: impl FnOnce(&Rc<RefCell<Sandbox>>) -> ApsCredentials,
) -> Env<ApsClient> {
    let env = Env::new();
    let mut cfg = ApsConfig::new(SANDBOX_URL, credentials(&env.sandbox));
    cfg.validate = validate;
    env.with_client(|http| ApsClient::new(cfg, http).expect("aps config"))
}

/// A SimpleAPI client logging in as `username` (with the sandbox's password) against a fresh
/// sandbox.
pub fn simple_env_with(validate: bool, username: &str) -> Env<SimpleClient> {
    let creds = SimpleCredentials::Password {
        username: username.into(),
        password: Secret::new(SIMPLE_PASSWORD),
        marketplace: "us".into(),
    };
    let mut cfg = SimpleConfig::new(
        format!("{SANDBOX_URL}{SIMPLE_PREFIX}"),
        Secret::new(SIMPLE_SUBSCRIPTION_KEY),
        creds,
    );
    cfg.validate = validate;
    Env::new().with_client(|http| SimpleClient::new(cfg, http).expect("simple config"))
}

/// A SimpleAPI client as the sandbox's user, validation on.
pub fn simple_env() -> Env<SimpleClient> {
    simple_env_with(true, SIMPLE_USERNAME)
}

// ---- Cloudmore ----------------------------------------------------------------------------------

/// Cloudmore credentials of one level: `user` with the sandbox's password and API secret.
pub fn cloudmore_level(id: &str, user: &str) -> CloudmoreLevel {
    CloudmoreLevel {
        id: id.into(),
        credentials: CloudmoreCredentials::Password {
            username: user.into(),
            password: Secret::new(CLOUDMORE_PASSWORD),
            api_secret: Secret::new(CLOUDMORE_API_SECRET),
        },
    }
}

/// Cloudmore settings for the sandbox with the seller and/or broker level configured.
pub fn cloudmore_config(seller: bool, broker: bool, validate: bool) -> CloudmoreConfig {
    CloudmoreConfig {
        base_url: SANDBOX_URL.into(),
        seller: seller.then(|| cloudmore_level(CLOUDMORE_SELLER_ID, CLOUDMORE_SELLER_USERNAME)),
        broker: broker.then(|| cloudmore_level(CLOUDMORE_RESELLER_ID, CLOUDMORE_BROKER_USERNAME)),
        validate,
        precheck: true,
    }
}

/// A Cloudmore client with `config` against a fresh sandbox.
pub fn cloudmore_env_with(config: CloudmoreConfig) -> Env<CloudmoreClient> {
    Env::new().with_client(|http| CloudmoreClient::new(config, http).expect("cloudmore config"))
}

/// A Cloudmore client with both levels and validation on.
pub fn cloudmore_env() -> Env<CloudmoreClient> {
    cloudmore_env_with(cloudmore_config(true, true, true))
}
