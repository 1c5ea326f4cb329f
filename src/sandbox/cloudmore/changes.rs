//! The Cloudmore sandbox's writes: create, update, licence key and cancel, each recording a
//! history entry, with Cloudmore's ModelState dictionary for malformed fields and the domain
//! error array for rule violations.

use serde_json::{json, Value};

use super::{applicable_prices, domain_error, model_error, not_found, service, CloudmoreSandbox};
use crate::http::HttpRequest;
use crate::http::HttpResponse;
use crate::time::{format_rfc3339, Millis};

impl CloudmoreSandbox {
    fn body(req: &HttpRequest) -> Result<serde_json::Map<String, Value>, HttpResponse> {
        match serde_json::from_str::<Value>(req.body.as_deref().unwrap_or("")) {
            Ok(Value::Object(m)) => Ok(m),
            _ => Err(model_error("", "A non-empty request body is required.")),
        }
    }

    fn quantity(v: Option<&Value>) -> Result<u32, HttpResponse> {
        v.and_then(Value::as_u64)
            .and_then(|q| u32::try_from(q).ok())
            .filter(|q| *q >= 1 && i32::try_from(*q).is_ok())
            .ok_or_else(|| {
                model_error(
                    "Quantity",
                    "The field Quantity must be between 1 and 2147483647.",
                )
            })
    }

    fn check_product(org_id: &str, svc: &str, product: &str) -> Result<(), HttpResponse> {
        if applicable_prices(org_id, svc).product(product).is_none() {
            return Err(domain_error(400, 5, "InvalidValue", &format!("Product {product} is not in the price list of organization {org_id} for service {svc}")));
        }
        Ok(())
    }

    pub(super) fn create(
        &mut self,
        req: &HttpRequest,
        org_id: &str,
        svc: &str,
        now: Millis,
        user: &str,
    ) -> HttpResponse {
        let result = (|| {
            let b = Self::body(req)?;
            let product = b
                .get("productId")
                .and_then(Value::as_str)
                .filter(|p| !p.trim().is_empty())
                .ok_or_else(|| model_error("ProductId", "The ProductId field is required."))?;
            let qty = Self::quantity(b.get("quantity"))?;
            Self::check_product(org_id, svc, product)?;
            Ok((
                product.to_string(),
                qty,
                b.get("name").and_then(Value::as_str).map(str::to_string),
            ))
        })();
        match result {
            Ok((product, qty, name)) => {
                let id = self.insert(org_id, svc, &product, qty, name.as_deref(), now, user);
                let body = self.find(&id).map_or(Value::Null, |s| s.json.clone());
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
        org_id: &str,
        svc: &str,
        id: &str,
        now: Millis,
        user: &str,
    ) -> HttpResponse {
        let b = match Self::body(req) {
            Ok(b) => b,
            Err(e) => return e,
        };
        let qty = match b.get("quantity") {
            Some(q) => match Self::quantity(Some(q)) {
                Ok(q) => Some(q),
                Err(e) => return e,
            },
            None => None,
        };
        let product = b
            .get("productId")
            .and_then(Value::as_str)
            .map(str::to_string);
        if let Some(p) = &product {
            if let Err(e) = Self::check_product(org_id, svc, p) {
                return e;
            }
        }
        let Some(sub) = self.subs.get_mut(&id.to_ascii_lowercase()) else {
            return not_found(id);
        };
        if sub.field("status") == "Cancelled" {
            return domain_error(
                400,
                9,
                "InvalidOperation",
                &format!("Subscription {id} is cancelled and cannot be changed"),
            );
        }
        if let Some(q) = qty {
            let old = sub
                .json
                .get("quantity")
                .map(Value::to_string)
                .unwrap_or_default();
            if old != q.to_string() {
                sub.set("quantity", json!(q));
                sub.history.push(history(
                    now,
                    user,
                    "QuantityChanged",
                    &format!("Quantity changed from {old} to {q}"),
                    Some(&old),
                    Some(&q.to_string()),
                ));
            }
        }
        if let Some(p) = product {
            let old = sub.field("productId").to_string();
            sub.set("productId", json!(p));
            sub.history.push(history(
                now,
                user,
                "ProductChanged",
                "Product changed",
                Some(&old),
                Some(&p),
            ));
        }
        if let Some(n) = b.get("name").and_then(Value::as_str) {
            let old = sub.field("name").to_string();
            sub.set("name", json!(n));
            sub.history.push(history(
                now,
                user,
                "NameChanged",
                "Name changed",
                Some(&old),
                Some(n),
            ));
        }
        HttpResponse::json(200, &sub.json)
    }

    pub(super) fn set_key(
        &mut self,
        req: &HttpRequest,
        id: &str,
        now: Millis,
        user: &str,
    ) -> HttpResponse {
        let b = match Self::body(req) {
            Ok(b) => b,
            Err(e) => return e,
        };
        let Some(key) = b
            .get("licenseKey")
            .and_then(Value::as_str)
            .filter(|k| !k.trim().is_empty())
        else {
            return model_error("LicenseKey", "The LicenseKey field is required.");
        };
        let Some(sub) = self.subs.get_mut(&id.to_ascii_lowercase()) else {
            return not_found(&format!("Subscription {id}"));
        };
        if !service(sub.field("serviceId")).is_some_and(|s| s.2) {
            return domain_error(
                400,
                6,
                "LicenseKeysNotEnabled",
                "License keys must be enabled for service",
            );
        }
        let old = sub
            .json
            .get("licenseKey")
            .and_then(Value::as_str)
            .map(str::to_string);
        sub.set("licenseKey", json!(key));
        sub.history.push(history(
            now,
            user,
            "LicenseKeySet",
            "License key set",
            old.as_deref(),
            Some(key),
        ));
        HttpResponse::json(200, &sub.json)
    }

    pub(super) fn cancel(&mut self, id: &str, now: Millis, user: &str) -> HttpResponse {
        let Some(sub) = self.subs.get_mut(&id.to_ascii_lowercase()) else {
            return not_found(&format!("Subscription {id}"));
        };
        if sub.field("status") == "Cancelled" {
            return domain_error(
                400,
                9,
                "InvalidOperation",
                &format!("Subscription {id} is already cancelled"),
            );
        }
        let old = sub.field("status").to_string();
        sub.set("status", json!("Cancelled"));
        sub.set("endDate", json!(format_rfc3339(now)));
        sub.history.push(history(
            now,
            user,
            "Cancelled",
            "Subscription cancelled",
            Some(&old),
            Some("Cancelled"),
        ));
        HttpResponse::json(200, &sub.json)
    }
}

pub(super) fn history(
    now: Millis,
    user: &str,
    action: &str,
    description: &str,
    old: Option<&str>,
    new: Option<&str>,
) -> Value {
    json!({"date": format_rfc3339(now), "action": action, "description": description,
           "oldValue": old, "newValue": new, "user": user})
}
