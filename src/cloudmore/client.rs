//! The Cloudmore client: one token per credential level, price-list-aware validation, and the
//! last seen state of each subscription (so cancelling a cancelled one is refused locally).

use std::cell::RefCell;
use std::rc::Rc;

use super::config::{level_auth, CloudmoreConfig, LevelAuth};
use super::endpoints::{CloudmoreRequest, Level};
use super::inputs::{CloudmoreSubscriptionUpdate, NewCloudmoreSubscription, OrgService};
use super::ops;
use super::rules;
use super::types::{
    CloudmoreSubscription, PriceList, PriceListLevel, SubscriptionHistory, SubscriptionStatus,
};
use crate::api_call::ApiCall;
use crate::client::HttpClient;
use crate::error::{Api, Error};

const API: Api = Api::Cloudmore;

/// How many subscription states are remembered; beyond that the memory starts afresh.
const MAX_KNOWN: usize = 10_000;

/// The Cloudmore client.
pub struct CloudmoreClient {
    http: HttpClient,
    base: String,
    seller: Option<LevelAuth>,
    broker: Option<LevelAuth>,
    validate: bool,
    precheck: bool,
    price_lists: RefCell<Vec<PriceList>>,
    /// Shared with the calls in flight, which record what their answers say.
    known: Rc<Known>,
}

/// The last seen state of each subscription, sorted by id: a `Vec` searched by halves, not a
/// map type with its own code.
#[derive(Default)]
struct Known(RefCell<Vec<(String, SubscriptionStatus)>>);

impl Known {
    fn remember<'a>(&self, subs: impl IntoIterator<Item = &'a CloudmoreSubscription>) {
        for s in subs {
            if let Some(status) = &s.status {
                self.mark(&s.id, status.clone());
            }
        }
    }

    fn mark(&self, id: &str, status: SubscriptionStatus) {
        let mut known = self.0.borrow_mut();
        let key = id_key(id);
        match known.binary_search_by(|(k, _)| k.as_str().cmp(&key)) {
            Ok(at) => {
                if let Some(slot) = known.get_mut(at) {
                    slot.1 = status;
                }
            }
            Err(at) => {
                if known.len() >= MAX_KNOWN {
                    known.clear();
                    known.push((key, status));
                } else {
                    known.insert(at, (key, status));
                }
            }
        }
    }
}

impl std::fmt::Debug for CloudmoreClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CloudmoreClient")
            .field("base", &self.base)
            .field("seller", &self.seller.as_ref().map(|l| &l.id))
            .field("broker", &self.broker.as_ref().map(|l| &l.id))
            .finish_non_exhaustive()
    }
}

impl CloudmoreClient {
    /// Creates a client. Nothing is sent until the first call.
    ///
    /// # Errors
    /// [`Error::Configuration`] when neither level is given, or a level is incomplete.
    pub fn new(config: CloudmoreConfig, http: HttpClient) -> Result<Self, Error> {
        crate::client::require_base_url(API, "baseUrl", &config.base_url)?;
        let base = config.base_url.trim().trim_end_matches('/').to_string();
        if config.seller.is_none() && config.broker.is_none() {
            return Err(Error::Configuration {
                message: "cloudmore: give `seller` credentials, `broker` credentials, or both"
                    .into(),
            });
        }
        let seller = config
            .seller
            .map(|l| level_auth(&http, &base, Level::Seller, l))
            .transpose()?;
        let broker = config
            .broker
            .map(|l| level_auth(&http, &base, Level::Broker, l))
            .transpose()?;
        Ok(CloudmoreClient {
            http,
            base,
            seller,
            broker,
            validate: config.validate,
            precheck: config.precheck,
            price_lists: RefCell::new(Vec::new()),
            known: Rc::default(),
        })
    }

    fn level(&self, level: Level) -> Option<&LevelAuth> {
        match level {
            Level::Seller => self.seller.as_ref(),
            Level::Broker => self.broker.as_ref(),
        }
    }

    /// The seller id, or `""` (the call is then refused for want of seller credentials).
    fn seller_id(&self) -> &str {
        self.seller.as_ref().map_or("", |l| l.id.as_str())
    }

    /// The reseller id, or `""` (the call is then refused for want of broker credentials).
    fn reseller_id(&self) -> &str {
        self.broker.as_ref().map_or("", |l| l.id.as_str())
    }

    /// Runs a request with the credentials of its level; refuses it, unsent, when the client
    /// has none for that level.
    fn run<T: 'static>(&self, req: CloudmoreRequest<T>) -> ApiCall<T> {
        let Some(level) = self.level(req.level) else {
            let (need, have) = match req.level {
                Level::Seller => ("seller", "broker"),
                Level::Broker => ("broker", "seller"),
            };
            return ApiCall::refused(Error::Configuration {
                message: format!(
                    "cloudmore: `{}` is a {need}-level operation and needs {need}-level credentials \
                     (`{need}` in the client options); this client has {have}-level credentials only",
                    req.name
                ),
            });
        };
        let req = if self.validate { req } else { req.unchecked() };
        ApiCall::new(&self.http, &level.auth, &self.base, req)
    }

    fn list(
        &self,
        req: CloudmoreRequest<Vec<CloudmoreSubscription>>,
    ) -> ApiCall<Vec<CloudmoreSubscription>> {
        let known = Rc::clone(&self.known);
        self.run(req).map(move |subs| {
            known.remember(&subs);
            Ok(subs)
        })
    }

    fn one(&self, req: CloudmoreRequest<CloudmoreSubscription>) -> ApiCall<CloudmoreSubscription> {
        let known = Rc::clone(&self.known);
        self.run(req).map(move |sub| {
            known.remember([&sub]);
            Ok(sub)
        })
    }

    /// Runs a change. When the answer carries no state, `then` (the state the change leaves,
    /// if it is known) is remembered instead.
    fn change(
        &self,
        id: &str,
        req: CloudmoreRequest<Option<CloudmoreSubscription>>,
        then: Option<SubscriptionStatus>,
    ) -> ApiCall<Option<CloudmoreSubscription>> {
        let (known, id) = (Rc::clone(&self.known), id.to_string());
        self.run(req).map(move |sub| {
            match (sub.as_ref().filter(|s| s.status.is_some()), then) {
                (Some(s), _) => known.remember([s]),
                (None, Some(state)) => known.mark(&id, state),
                (None, None) => {}
            }
            Ok(sub)
        })
    }

    /// Seller level: every subscription of the seller, cancelled ones included.
    ///
    /// # Errors
    /// [`Error::Configuration`] without seller credentials; otherwise any [`Error`].
    pub fn list_seller_subscriptions(&self) -> ApiCall<Vec<CloudmoreSubscription>> {
        self.list(ops::list_seller_subscriptions(self.seller_id()))
    }

    /// Seller level: the subscriptions of one service across resellers and organizations.
    ///
    /// # Errors
    /// As [`CloudmoreClient::list_seller_subscriptions`].
    pub fn list_seller_subscriptions_by_service(
        &self,
        service_id: &str,
    ) -> ApiCall<Vec<CloudmoreSubscription>> {
        self.list(ops::list_seller_subscriptions_by_service(
            self.seller_id(),
            service_id,
        ))
    }

    /// Seller level: one subscription.
    ///
    /// # Errors
    /// As [`CloudmoreClient::list_seller_subscriptions`].
    pub fn get_seller_subscription(&self, id: &str) -> ApiCall<CloudmoreSubscription> {
        self.one(ops::get_seller_subscription(self.seller_id(), id))
    }

    /// Seller level: cancels (`"Cancel"`) or deletes (`"Delete"`) a subscription.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] for a bad action or a subscription known to be cancelled;
    /// otherwise as [`CloudmoreClient::list_seller_subscriptions`]. Not retried.
    pub fn remove_seller_subscription(
        &self,
        id: &str,
        remove_action: &str,
    ) -> ApiCall<Option<CloudmoreSubscription>> {
        let known = self.last_known_status(id);
        let req =
            ops::remove_seller_subscription(self.seller_id(), id, remove_action, known.as_ref());
        let gone = super::RemoveAction::parse(remove_action).map(|a| match a {
            super::RemoveAction::Delete => SubscriptionStatus::Deleted,
            super::RemoveAction::Cancel => SubscriptionStatus::Cancelled,
        });
        self.change(id, req, gone)
    }

    /// Seller level: assigns or replaces the licence key.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] for an empty key or one with control characters; otherwise as
    /// [`CloudmoreClient::list_seller_subscriptions`].
    pub fn set_license_key(
        &self,
        id: &str,
        license_key: &str,
    ) -> ApiCall<Option<CloudmoreSubscription>> {
        let req = ops::set_license_key(self.seller_id(), id, license_key);
        self.change(id, req, None)
    }

    /// Reseller level: a service's subscriptions across the reseller's organizations.
    ///
    /// # Errors
    /// [`Error::Configuration`] without broker credentials; otherwise any [`Error`].
    pub fn list_reseller_service_subscriptions(
        &self,
        service_id: &str,
    ) -> ApiCall<Vec<CloudmoreSubscription>> {
        self.list(ops::list_reseller_service_subscriptions(
            self.reseller_id(),
            service_id,
        ))
    }

    /// Organization level: the organization's subscriptions to a service, cancelled included.
    ///
    /// # Errors
    /// As [`CloudmoreClient::list_reseller_service_subscriptions`].
    pub fn list_organization_subscriptions(
        &self,
        at: &OrgService,
    ) -> ApiCall<Vec<CloudmoreSubscription>> {
        self.list(ops::list_organization_subscriptions(
            self.reseller_id(),
            &at.organization_id,
            &at.service_id,
        ))
    }

    /// Organization level: one subscription.
    ///
    /// # Errors
    /// As [`CloudmoreClient::list_reseller_service_subscriptions`].
    pub fn get_organization_subscription(
        &self,
        at: &OrgService,
        id: &str,
    ) -> ApiCall<CloudmoreSubscription> {
        self.one(ops::get_organization_subscription(
            self.reseller_id(),
            &at.organization_id,
            &at.service_id,
            id,
        ))
    }

    /// Organization level: creates a subscription, after checking `productId` against the
    /// applicable price list (loaded with [`CloudmoreClient::set_price_list`], or fetched when
    /// `precheck` is on).
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] before sending; otherwise any [`Error`]. Not retried.
    pub async fn create_organization_subscription(
        &self,
        at: &OrgService,
        sub: &NewCloudmoreSubscription,
    ) -> Result<CloudmoreSubscription, Error> {
        let unpriced = rules::validate_create(&at.organization_id, &at.service_id, sub, None);
        let prices = self
            .prices_for(at, Some(&sub.product_id), &unpriced)
            .await?;
        let req = ops::create_organization_subscription(
            self.reseller_id(),
            &at.organization_id,
            &at.service_id,
            sub,
            prices.as_ref(),
        );
        self.one(req).await
    }

    /// Organization level: changes quantity, product or name; only the fields given are sent.
    /// Refused unsent when the subscription is known to be cancelled.
    ///
    /// # Errors
    /// As [`CloudmoreClient::create_organization_subscription`].
    pub async fn update_organization_subscription(
        &self,
        at: &OrgService,
        id: &str,
        update: &CloudmoreSubscriptionUpdate,
    ) -> Result<Option<CloudmoreSubscription>, Error> {
        let (org, svc) = (&at.organization_id, &at.service_id);
        let unpriced = rules::validate_update(org, svc, id, update, None);
        let prices = self
            .prices_for(at, update.product_id.as_deref(), &unpriced)
            .await?;
        let known = self.last_known_status(id);
        let req = ops::update_organization_subscription(
            self.reseller_id(),
            org,
            svc,
            id,
            update,
            prices.as_ref(),
            known.as_ref(),
        );
        self.change(id, req, None).await
    }

    /// Organization level: cancels a subscription. Refused unsent when it is known to be
    /// cancelled already.
    ///
    /// # Errors
    /// As [`CloudmoreClient::create_organization_subscription`].
    pub fn cancel_organization_subscription(
        &self,
        at: &OrgService,
        id: &str,
    ) -> ApiCall<Option<CloudmoreSubscription>> {
        let known = self.last_known_status(id);
        let req = ops::cancel_organization_subscription(
            self.reseller_id(),
            &at.organization_id,
            &at.service_id,
            id,
            known.as_ref(),
        );
        self.change(id, req, Some(SubscriptionStatus::Cancelled))
    }

    /// Organization level: the subscription's audit trail.
    ///
    /// # Errors
    /// As [`CloudmoreClient::list_reseller_service_subscriptions`].
    pub fn get_subscription_history(
        &self,
        at: &OrgService,
        id: &str,
    ) -> ApiCall<SubscriptionHistory> {
        self.run(ops::subscription_history(
            self.reseller_id(),
            &at.organization_id,
            &at.service_id,
            id,
        ))
    }

    /// The reseller's price list for a service.
    ///
    /// # Errors
    /// As [`CloudmoreClient::list_reseller_service_subscriptions`].
    pub fn get_reseller_price_list(
        &self,
        service_id: &str,
        currency_code: Option<&str>,
    ) -> ApiCall<PriceList> {
        self.run(ops::reseller_price_list(
            self.reseller_id(),
            service_id,
            currency_code,
        ))
    }

    /// An organization's own price list for a service (often empty: most organizations use the
    /// reseller's).
    ///
    /// # Errors
    /// As [`CloudmoreClient::list_reseller_service_subscriptions`].
    pub fn get_organization_price_list(&self, at: &OrgService) -> ApiCall<PriceList> {
        self.run(ops::organization_price_list(
            self.reseller_id(),
            &at.organization_id,
            &at.service_id,
        ))
    }

    /// The price list that applies to an organization: its own when it has products (a 404
    /// counts as none), otherwise the reseller's. Both lists fetched are remembered for
    /// validating later creates and updates (until [`CloudmoreClient::clear_price_lists`]).
    ///
    /// # Errors
    /// As [`CloudmoreClient::list_reseller_service_subscriptions`].
    pub async fn applicable_price_list(&self, at: &OrgService) -> Result<PriceList, Error> {
        let org = match self.get_organization_price_list(at).await {
            Ok(list) => list,
            // Whatever the body (ASP.NET often sends none), a 404 says it has no list.
            Err(e) if e.status() == Some(404) => PriceList {
                level: PriceListLevel::Organization,
                service_id: Some(at.service_id.trim().to_string()),
                organization_id: Some(at.organization_id.trim().to_string()),
                currency_code: None,
                products: Vec::new(),
                extra: Default::default(),
            },
            Err(e) => return Err(e),
        };
        self.set_price_list(org.clone());
        if !org.products.is_empty() {
            return Ok(org);
        }
        let reseller = self.get_reseller_price_list(&at.service_id, None).await?;
        self.set_price_list(reseller.clone());
        Ok(reseller)
    }

    /// Uses this price list to validate creates and updates instead of fetching one. Loading a
    /// list replaces an earlier one for the same level, organization and service.
    ///
    /// A reseller list applies to an organization only once the client knows the organization
    /// has no list of its own: load its organization list too (an empty one says it has none),
    /// or let [`CloudmoreClient::applicable_price_list`] fetch both. Otherwise the organization's
    /// own list, which takes precedence, could allow or refuse other products.
    pub fn set_price_list(&self, list: PriceList) {
        let mut lists = self.price_lists.borrow_mut();
        let key = |l: &PriceList| {
            (
                l.level,
                l.service_id.as_deref().map(id_key),
                l.organization_id.as_deref().map(id_key),
            )
        };
        let replaced = key(&list);
        lists.retain(|l| key(l) != replaced);
        lists.push(list);
    }

    /// Forgets every loaded price list.
    pub fn clear_price_lists(&self) {
        self.price_lists.borrow_mut().clear();
    }

    /// The loaded price list that applies to `at`, if the client knows which one that is.
    pub fn loaded_price_list(&self, at: &OrgService) -> Option<PriceList> {
        let lists = self.price_lists.borrow();
        let same = |a: &Option<String>, b: &str| a.as_deref().map(id_key) == Some(id_key(b));
        let org = lists.iter().find(|l| {
            l.level == PriceListLevel::Organization
                && same(&l.service_id, &at.service_id)
                && same(&l.organization_id, &at.organization_id)
        });
        let reseller = lists
            .iter()
            .find(|l| l.level == PriceListLevel::Reseller && same(&l.service_id, &at.service_id));
        // Unknown organization list: it may have its own, so the reseller's proves nothing.
        org.and_then(|own| rules::applicable(Some(own), reseller))
            .cloned()
    }

    /// The price list to check `product_id` against: a loaded one, else (with precheck, and
    /// only when the rest of the input, judged without prices, is valid) the applicable one
    /// fetched now. An input that will be refused anyway costs no request.
    async fn prices_for(
        &self,
        at: &OrgService,
        product_id: Option<&str>,
        unpriced: &crate::validate::Issues,
    ) -> Result<Option<PriceList>, Error> {
        let Some(product_id) = product_id else {
            return Ok(None);
        };
        if !self.validate || product_id.trim().is_empty() {
            return Ok(None);
        }
        if let Some(list) = self.loaded_price_list(at) {
            return Ok(Some(list));
        }
        if !self.precheck || unpriced.has_errors() || self.broker.is_none() {
            return Ok(None);
        }
        self.applicable_price_list(at).await.map(Some)
    }

    /// The last state seen for a subscription, from any answer of this client.
    pub fn last_known_status(&self, id: &str) -> Option<SubscriptionStatus> {
        let key = id_key(id);
        let known = self.known.0.borrow();
        let at = known.binary_search_by(|(k, _)| k.as_str().cmp(&key)).ok()?;
        known.get(at).map(|(_, s)| s.clone())
    }
}

/// Ids compare trimmed and case-blind: GUIDs come back in either case.
fn id_key(id: &str) -> String {
    id.trim().to_ascii_lowercase()
}
