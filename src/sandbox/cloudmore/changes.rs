//! The Cloudmore sandbox's writes: create, update, licence key and cancel, each recording a
//! history entry.
//!
//! Inputs are judged by the SDK's own rules (`cloudmore::rules`), so the sandbox and the client
//! can never disagree; what differs is only the answer's shape, which is Cloudmore's: the
//! ModelState dictionary for malformed fields, the `[{errorCode, errorName, errorMessage}]`
//! array for domain rules.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{domain_error, not_found, service, CloudmoreSandbox, Sub};
use crate::cloudmore::rules::{self, MAX_QUANTITY};
use crate::cloudmore::{
    CloudmoreSubscriptionUpdate, HistoryEntry, NewCloudmoreSubscription, SubscriptionStatus,
};
use crate::error::Issue;
use crate::http::{HttpRequest, HttpResponse};
use crate::time::{format_rfc3339, Millis};
use crate::validate::Issues;

/// Issue codes Cloudmore reports as domain errors, with its error code and name; every other
/// issue is a model-binding error, reported in the ModelState dictionary.
const DOMAIN: [(&str, u32, &str); 3] = [
    ("product_not_in_price_list", 5, "InvalidValue"),
    ("subscription_cancelled", 9, "InvalidOperation"),
    ("already_cancelled", 9, "InvalidOperation"),
];

/// The ModelState key ASP.NET uses for a camelCase body path: `contact.phone` → `Contact.Phone`.
fn model_key(path: &str) -> String {
    path.split('.')
        .map(|seg| {
            let mut c = seg.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        })
        .collect::<Vec<String>>()
        .join(".")
}

/// Cloudmore's answer to failed rules: model errors first (ASP.NET validates the model before
/// the action runs), then domain errors. `None` when nothing failed.
fn rejection(issues: Issues) -> Option<HttpResponse> {
    let issues: Vec<Issue> = issues.report().issues;
    let domain = |i: &Issue| DOMAIN.iter().find(|(code, ..)| *code == i.code);
    let mut model = serde_json::Map::new();
    for i in issues.iter().filter(|i| domain(i).is_none()) {
        if let Value::Array(list) = model
            .entry(model_key(&i.path))
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            list.push(Value::from(i.message.as_str()));
        }
    }
    if !model.is_empty() {
        return Some(HttpResponse::json(400, &Value::Object(model)));
    }
    let i = issues.first()?;
    let (_, code, name) = domain(i)?;
    Some(domain_error(400, *code, name, &i.message))
}

/// A rule's issue as an answer, for one check.
fn refuse(check: impl FnOnce(&mut Issues)) -> Result<(), HttpResponse> {
    let mut issues = Issues::new();
    check(&mut issues);
    rejection(issues).map_or(Ok(()), Err)
}

/// The JSON body as `T`; a body that does not bind is a ModelState error on the body itself.
fn bind<T: DeserializeOwned>(req: &HttpRequest) -> Result<T, HttpResponse> {
    serde_json::from_str(req.body.as_deref().unwrap_or(""))
        .map_err(|e| super::model_error("", &format!("The request body is invalid: {e}")))
}

fn status(sub: &Sub) -> Option<&SubscriptionStatus> {
    sub.sub.status.as_ref()
}

impl CloudmoreSandbox {
    pub(super) fn create(
        &mut self,
        req: &HttpRequest,
        org_id: &str,
        svc: &str,
        now: Millis,
        user: &str,
    ) -> HttpResponse {
        let made = bind::<NewCloudmoreSubscription>(req).and_then(|new| {
            let prices = self.prices.applicable(org_id, svc);
            if let Some(r) = rejection(rules::validate_create(org_id, svc, &new, prices)) {
                return Err(r);
            }
            let qty = new.quantity.positive_up_to(MAX_QUANTITY).unwrap_or(1);
            let product = new.product_id.trim();
            Ok(self.insert(org_id, svc, product, qty, new.name.as_deref(), now, user))
        });
        match made {
            Ok(id) => {
                let body = self.find(&id).map_or(Value::Null, Sub::json);
                let mut r = HttpResponse::json(201, &body);
                r.headers.set("location", format!("{}/{id}", req.path()));
                r
            }
            Err(e) => e,
        }
    }

    pub(super) fn update(
        &mut self,
        req: &HttpRequest,
        id: &str,
        now: Millis,
        user: &str,
    ) -> HttpResponse {
        self.try_update(req, id, now, user).unwrap_or_else(|e| e)
    }

    fn try_update(
        &mut self,
        req: &HttpRequest,
        id: &str,
        now: Millis,
        user: &str,
    ) -> Result<HttpResponse, HttpResponse> {
        let change = bind::<CloudmoreSubscriptionUpdate>(req)?;
        let current = self
            .find(id)
            .ok_or_else(|| not_found(&format!("Subscription {id}")))?;
        let (org_id, svc) = (
            current.sub.organization_id.clone().unwrap_or_default(),
            current.sub.service_id.clone().unwrap_or_default(),
        );
        let prices = self.prices.applicable(&org_id, &svc);
        let mut issues = rules::validate_update(&org_id, &svc, id, &change, prices);
        rules::check_changeable(&mut issues, id, status(current));
        if let Some(r) = rejection(issues) {
            return Err(r);
        }
        let mut sub = current.sub.clone();
        let mut entries = Vec::new();
        if let Some(q) = change
            .quantity
            .and_then(|q| q.positive_up_to(MAX_QUANTITY).ok())
        {
            let old = sub.quantity.map(|o| o.to_string());
            if sub.quantity != Some(q) {
                sub.quantity = Some(q);
                let (old, new) = (old.unwrap_or_default(), q.to_string());
                let text = format!("Quantity changed from {old} to {new}");
                entries.push(("QuantityChanged", text, Some(old), Some(new)));
            }
        }
        if let Some(p) = change.product_id.as_deref().map(str::trim) {
            if !super::is(&sub.product_id, p) {
                let old = sub.product_id.clone();
                self.set_product(&mut sub, p);
                let text = "Product changed".to_string();
                entries.push(("ProductChanged", text, old, Some(p.to_string())));
            }
        }
        if let Some(n) = change.name {
            if sub.name.as_deref() != Some(n.as_str()) {
                let old = sub.name.replace(n.clone());
                entries.push(("NameChanged", "Name changed".to_string(), old, Some(n)));
            }
        }
        let stored = self
            .subs
            .get_mut(&id.to_ascii_lowercase())
            .ok_or_else(|| not_found(&format!("Subscription {id}")))?;
        stored.sub = sub;
        for (action, text, old, new) in entries {
            let entry = history(now, user, action, &text, old.as_deref(), new.as_deref());
            stored.history.push(entry);
        }
        Ok(HttpResponse::json(200, &stored.json()))
    }

    pub(super) fn set_key(
        &mut self,
        req: &HttpRequest,
        id: &str,
        now: Millis,
        user: &str,
    ) -> HttpResponse {
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Body {
            #[serde(default)]
            license_key: String,
        }
        bind::<Body>(req)
            .and_then(|b| self.apply_license_key(id, &b.license_key, now, user))
            .map_or_else(|e| e, |json| HttpResponse::json(200, &json))
    }

    /// Sets a licence key by the API's rules; the subscription as answered, or the refusal.
    pub(super) fn apply_license_key(
        &mut self,
        id: &str,
        key: &str,
        now: Millis,
        user: &str,
    ) -> Result<Value, HttpResponse> {
        refuse(|i| rules::check_license_key(i, key))?;
        let sub = self
            .subs
            .get_mut(&id.to_ascii_lowercase())
            .ok_or_else(|| not_found(&format!("Subscription {id}")))?;
        // The service's setting first: it holds whatever the subscription's state [I].
        let svc = sub.sub.service_id.as_deref().unwrap_or("");
        if !service(svc).is_some_and(|s| s.license_keys) {
            return Err(domain_error(
                400,
                6,
                "LicenseKeysNotEnabled",
                "License keys must be enabled for service",
            ));
        }
        refuse(|i| rules::check_changeable(i, id, status(sub)))?;
        let old = sub.sub.license_key.replace(key.to_string());
        let entry = history(
            now,
            user,
            "LicenseKeySet",
            "License key set",
            old.as_deref(),
            Some(key),
        );
        sub.history.push(entry);
        Ok(sub.json())
    }

    pub(super) fn cancel(&mut self, id: &str, now: Millis, user: &str) -> HttpResponse {
        self.apply_cancel(id, now, user)
            .map_or_else(|e| e, |json| HttpResponse::json(200, &json))
    }

    /// Cancels by the API's rules: the subscription stays, `Cancelled`, ending now.
    pub(super) fn apply_cancel(
        &mut self,
        id: &str,
        now: Millis,
        user: &str,
    ) -> Result<Value, HttpResponse> {
        let sub = self
            .subs
            .get_mut(&id.to_ascii_lowercase())
            .ok_or_else(|| not_found(&format!("Subscription {id}")))?;
        refuse(|i| rules::check_not_cancelled(i, id, status(sub)))?;
        let old = status(sub).map(ToString::to_string);
        sub.sub.status = Some(SubscriptionStatus::Cancelled);
        sub.sub.end_date = Some(format_rfc3339(now));
        let entry = history(
            now,
            user,
            "Cancelled",
            "Subscription cancelled",
            old.as_deref(),
            Some("Cancelled"),
        );
        sub.history.push(entry);
        Ok(sub.json())
    }
}

pub(super) fn history(
    now: Millis,
    user: &str,
    action: &str,
    description: &str,
    old: Option<&str>,
    new: Option<&str>,
) -> HistoryEntry {
    HistoryEntry {
        date: Some(format_rfc3339(now)),
        action: Some(action.into()),
        description: Some(description.into()),
        old_value: old.map(str::to_string),
        new_value: new.map(str::to_string),
        user: Some(user.into()),
        extra: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_keys_are_pascal_case() {
        assert_eq!(model_key("quantity"), "Quantity");
        assert_eq!(model_key("contact.phone"), "Contact.Phone");
        assert_eq!(model_key(""), "");
    }
}
