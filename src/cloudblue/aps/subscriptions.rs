//! The reseller's customers' subscriptions: `BSSSubscription` resources (type
//! `http://www.odin.com/billing/Subscription/1.0`), listed with `APS-Actor-Scope: FULL` from
//! `/aps/2/collections/subscriptions`, or from `/aps/2/collections/bss-subscriptions` without the
//! reseller's own (`ne(account.aps.id,<resellerApsId>)`) [S: API-NOTES §2.1, the CloudBlue
//! "Resellers: subscriptions" guide]. Paged like orders: RQL `limit(start,count)` and
//! `Content-Range`.
//!
//! Fields marked [S] are in the `BSSSubscription` APS type (docs.cloudblue.com, SDK 21.0
//! `bsskernel-BSSSubscription`); fields marked [I] are inferred (the type page we have ends
//! before them). Everything else the server sends is kept in `extra`.

use std::collections::BTreeMap;

use partner_ordering_json::Deserialize;

use serde::Serialize;
use serde_json::Value;

use super::rql::{self, Query};
use super::{ApsLink, ApsMeta, ApsPeriod};
use crate::cloudblue::rules::{aps_id, check_period};
use crate::common::strict::strict_opt;
use crate::open_enum;
use crate::time::parse_datetime;
use crate::validate::Issues;

open_enum!(
    /// The commercial state of a BSS subscription [S: the `status` enum of `BSSSubscription`].
    ApsSubscriptionStatus {
        /// Ordered, not yet provisioned.
        New = "NEW",
        /// In force.
        Active = "ACTIVE",
        /// Put on hold by the provider or reseller.
        AdministrativeHold = "ADMINISTRATIVE_HOLD",
        /// On hold for an unpaid balance.
        CreditHold = "CREDIT_HOLD",
        /// On hold, services stopped.
        FullHold = "FULL_HOLD",
        /// Past its expiration date, in the grace period before it expires.
        Grace = "GRACE",
        /// Expired: not renewed in time.
        Expired = "EXPIRED",
        /// Terminated (cancelled).
        Terminated = "TERMINATED",
    } ts = "\"NEW\" | \"ACTIVE\" | \"ADMINISTRATIVE_HOLD\" | \"CREDIT_HOLD\" | \"FULL_HOLD\" | \"GRACE\" | \"EXPIRED\" | \"TERMINATED\" | (string & {})"
);

impl ApsSubscriptionStatus {
    /// True for a subscription that has ended and can be neither renewed nor cancelled.
    pub fn has_ended(&self) -> bool {
        matches!(
            self,
            ApsSubscriptionStatus::Expired | ApsSubscriptionStatus::Terminated
        )
    }
}

open_enum!(
    /// The provisioning state of the services behind a subscription [S: the first values of
    /// the `serviceStatus` enum of `BSSSubscription`; the rest are kept as `Unknown`].
    ApsServiceStatus {
        /// No services yet.
        NotExist = "NOT_EXIST",
        /// Being created.
        Creating = "CREATING",
        /// Being started.
        Starting = "STARTING",
    } ts = "\"NOT_EXIST\" | \"CREATING\" | \"STARTING\" | (string & {})"
);

/// A BSS subscription as listed. Every field is optional: a `select()` in the query, or an
/// older platform, may leave any of them out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ApsSubscription {
    /// APS metadata; `aps.id` is the subscription's APS id (the `subscriptionId` of a CHANGE
    /// order).
    #[serde(default)]
    pub aps: ApsMeta,
    /// The platform's numeric subscription id, e.g. `1000016` [S].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub subscription_id: Option<u64>,
    /// Name, normally the plan's [S].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub name: Option<String>,
    /// Commercial state [S].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub status: Option<ApsSubscriptionStatus>,
    /// Provisioning state of the services [S].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub service_status: Option<ApsServiceStatus>,
    /// A trial subscription [S].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub trial: Option<bool>,
    /// The subscription period, e.g. one month [S: `SubscriptionPeriod`; its `{unit, duration}`
    /// shape is inferred [I] from CHANGE orders, which send it back as their `period`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub subscription_period: Option<ApsPeriod>,
    /// The subscriber's account: `account.aps.id` [S: the required `account` relation].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub account: Option<ApsLink>,
    /// The service plan: `servicePlan.aps.id` [S: the `servicePlan` relation].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub service_plan: Option<ApsLink>,
    /// Start of the subscription, ISO 8601 as sent [I].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub start_date: Option<String>,
    /// End of the current period, ISO 8601 as sent: the subscription renews or expires then [I].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub expiration_date: Option<String>,
    /// Every other field the server sent (`serviceTemplateId`, `disabled`, …), kept verbatim.
    #[serde(flatten)]
    #[cfg_attr(feature = "wasm", tsify(type = "Record<string, unknown>"))]
    pub extra: BTreeMap<String, Value>,
}

impl ApsSubscription {
    /// The subscriber's account APS id, if the link was sent.
    pub fn account_id(&self) -> Option<&str> {
        self.account.as_ref().and_then(|a| a.aps.id.as_deref())
    }

    /// The service plan's APS id, if the link was sent.
    pub fn plan_id(&self) -> Option<&str> {
        self.service_plan.as_ref().and_then(|p| p.aps.id.as_deref())
    }
}

/// A page of subscriptions, read with RQL `limit(start,count)` and `Content-Range`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ApsSubscriptionPage {
    /// The subscriptions.
    pub items: Vec<ApsSubscription>,
    /// Index of the first item.
    pub start: u64,
    /// Total, when the server sent `Content-Range`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    /// Start of the next page, `undefined` after the last.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_start: Option<u64>,
}

/// Typed filters and paging of `listSubscriptions`. Each filter becomes one RQL term, every
/// value percent-encoded by the [`rql`] builder; the terms are ANDed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ApsSubscriptionQuery {
    /// The reseller's own APS id: lists `bss-subscriptions` without the reseller's own
    /// subscriptions (`ne(account.aps.id,<resellerId>)`). Without it, `subscriptions` lists
    /// every subscription the actor sees, the reseller's own included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub reseller_id: Option<String>,
    /// Only this customer's subscriptions: `eq(account.aps.id,…)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub account_id: Option<String>,
    /// Only these states: `eq(status,…)` for one, `in(status,(…))` for more.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub status: Vec<ApsSubscriptionStatus>,
    /// Only subscriptions to this service plan: `eq(servicePlan.aps.id,…)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub plan_id: Option<String>,
    /// Only this subscription period: `eq(subscriptionPeriod.unit,…)` and
    /// `eq(subscriptionPeriod.duration,…)` [I: property paths].
    #[serde(
        default,
        deserialize_with = "strict_opt::<_, super::orders::ApsPeriodIn, _>",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub period: Option<ApsPeriod>,
    /// Only trials (`true`) or only paid subscriptions (`false`): `eq(trial,…)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub trial: Option<bool>,
    /// Started on or after this date (`YYYY-MM-DD` or RFC 3339): `ge(startDate,…)` [I].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub starts_from: Option<String>,
    /// Started before this date: `lt(startDate,…)` [I].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub starts_before: Option<String>,
    /// Expiring on or after this date: `ge(expirationDate,…)` [I].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub expires_from: Option<String>,
    /// Expiring before this date, e.g. the renewals of the next 30 days:
    /// `lt(expirationDate,…)` [I].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub expires_before: Option<String>,
    /// First item (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub start: Option<u32>,
    /// Page size (default 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub count: Option<u32>,
}

/// The collection of every subscription the actor sees.
pub const SUBSCRIPTIONS: &str = "collections/subscriptions";
/// The collection of BSS subscriptions, filtered to exclude the reseller's own.
pub const BSS_SUBSCRIPTIONS: &str = "collections/bss-subscriptions";
/// The page size when the query names none.
pub const DEFAULT_COUNT: u32 = 100;

impl ApsSubscriptionQuery {
    /// First item of the page.
    pub fn start(&self) -> u64 {
        u64::from(self.start.unwrap_or(0))
    }

    /// Page size, at least 1.
    pub fn count(&self) -> u64 {
        u64::from(self.count.unwrap_or(DEFAULT_COUNT).max(1))
    }

    /// The path below `/aps/2/`.
    pub fn path(&self) -> &'static str {
        if self.reseller_id.is_some() {
            BSS_SUBSCRIPTIONS
        } else {
            SUBSCRIPTIONS
        }
    }

    /// The filter terms, without paging.
    pub fn filters(&self) -> Vec<Query> {
        let mut terms = Vec::new();
        if let Some(r) = &self.reseller_id {
            terms.push(rql::ne("account.aps.id", r.trim()));
        }
        if let Some(a) = &self.account_id {
            terms.push(rql::eq("account.aps.id", a.trim()));
        }
        match self.status.as_slice() {
            [] => {}
            [one] => terms.push(rql::eq("status", one.as_str())),
            many => terms.push(rql::in_("status", many.iter().map(|s| s.as_str()))),
        }
        if let Some(p) = &self.plan_id {
            terms.push(rql::eq("servicePlan.aps.id", p.trim()));
        }
        if let Some(p) = &self.period {
            terms.push(rql::eq("subscriptionPeriod.unit", p.unit.as_str()));
            terms.push(rql::eq("subscriptionPeriod.duration", p.duration));
        }
        if let Some(t) = self.trial {
            terms.push(rql::eq("trial", t));
        }
        let dates = [
            (&self.starts_from, "startDate", true),
            (&self.starts_before, "startDate", false),
            (&self.expires_from, "expirationDate", true),
            (&self.expires_before, "expirationDate", false),
        ];
        for (value, prop, from) in dates {
            if let Some(d) = value {
                let d = d.trim();
                terms.push(if from {
                    rql::ge(prop, d)
                } else {
                    rql::lt(prop, d)
                });
            }
        }
        terms
    }

    /// The whole query string of the page at `start`: the filters, then `limit(start,count)`.
    pub fn rql_at(&self, start: u64) -> String {
        let mut terms = self.filters();
        terms.push(rql::limit(start, Some(self.count())));
        rql::join(terms)
    }

    /// Checks the filters: APS ids are UUIDs (`aps_id_invalid`), a period has a known unit and
    /// a positive duration, and dates parse (`date_invalid`).
    pub fn validate(&self) -> Issues {
        let mut issues = Issues::new();
        for (path, id) in [
            ("resellerId", &self.reseller_id),
            ("accountId", &self.account_id),
            ("planId", &self.plan_id),
        ] {
            if let Some(id) = id {
                aps_id(&mut issues, path, id, "aps_id_invalid");
            }
        }
        if let Some(p) = &self.period {
            check_period(&mut issues, "period", p);
        }
        for (path, value) in [
            ("startsFrom", &self.starts_from),
            ("startsBefore", &self.starts_before),
            ("expiresFrom", &self.expires_from),
            ("expiresBefore", &self.expires_before),
        ] {
            if let Some(v) = value.as_deref().filter(|v| parse_datetime(v).is_none()) {
                issues.error(
                    path,
                    "date_invalid",
                    format!("`{path}` must be a date (`YYYY-MM-DD` or RFC 3339), got {v:?}"),
                );
            }
        }
        issues
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_render_one_term_each_in_order() {
        let q = ApsSubscriptionQuery {
            reseller_id: Some("78ee642d-3b8a-48f1-af12-90563e38bd18".into()),
            status: vec![ApsSubscriptionStatus::Active, ApsSubscriptionStatus::Grace],
            period: Some(ApsPeriod {
                unit: "MONTHS".into(),
                duration: 1,
            }),
            trial: Some(false),
            expires_before: Some("2026-12-19".into()),
            count: Some(10),
            ..Default::default()
        };
        assert_eq!(q.path(), BSS_SUBSCRIPTIONS);
        assert_eq!(
            q.rql_at(20),
            "ne(account.aps.id,78ee642d-3b8a-48f1-af12-90563e38bd18),in(status,(ACTIVE,GRACE)),\
             eq(subscriptionPeriod.unit,MONTHS),eq(subscriptionPeriod.duration,1),eq(trial,false),\
             lt(expirationDate,2026-12-19),limit(20,10)"
        );
        let one = ApsSubscriptionQuery {
            status: vec![ApsSubscriptionStatus::Unknown("x),or(a".into())],
            ..Default::default()
        };
        assert_eq!(one.path(), SUBSCRIPTIONS);
        assert_eq!(one.rql_at(0), "eq(status,x%29%2Cor%28a),limit(0,100)");
    }

    #[test]
    fn bad_filters_are_reported() {
        let q = ApsSubscriptionQuery {
            account_id: Some("acme".into()),
            period: Some(ApsPeriod {
                unit: "WEEKS".into(),
                duration: 0,
            }),
            expires_from: Some("next week".into()),
            ..Default::default()
        };
        let codes: Vec<(String, String)> = q
            .validate()
            .report()
            .issues
            .into_iter()
            .map(|i| (i.path, i.code))
            .collect();
        let want = [
            ("accountId", "aps_id_invalid"),
            ("period.unit", "period_unit_invalid"),
            ("period.duration", "period_duration_not_positive"),
            ("expiresFrom", "date_invalid"),
        ];
        assert_eq!(
            codes,
            want.map(|(p, c)| (p.to_string(), c.to_string())).to_vec()
        );
        assert!(ApsSubscriptionQuery::default().validate().report().ok);
    }
}
