//! Cloudmore against the sandbox: token caching per level, credential levels, both 400 shapes,
//! price-list precedence and prechecks, the subscription lifecycle, and the sandbox judging by
//! the client's own rules. Requests and rules without a server: `cloudmore_requests.rs`.
#![cfg(feature = "sandbox")]
// Tests fail by panicking; the panic lints are for library code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::*;
use futures::future::join;
use partner_ordering::cloudmore::*;
use partner_ordering::endpoint::error_from_response;
use partner_ordering::sandbox::*;
use partner_ordering::{Error, HttpResponse};
use serde_json::json;

type Env = common::Env<CloudmoreClient>;

/// A client with the seller and/or broker level, against a fresh sandbox.
fn env_with(seller: bool, broker: bool, validate: bool) -> Env {
    cloudmore_env_with(cloudmore_config(seller, broker, validate))
}

fn at(org: &str) -> OrgService {
    OrgService {
        organization_id: org.into(),
        service_id: CLOUDMORE_SERVICE_ID.into(),
    }
}

#[test]
fn tokens_are_cached_per_level_shared_and_refreshed_after_24_hours() {
    let e = cloudmore_env();
    let (a, b) = block_on(join(
        e.client.list_seller_subscriptions(),
        e.client.list_seller_subscriptions(),
    ));
    a.expect("lists");
    b.expect("lists");
    block_on(
        e.client
            .list_reseller_service_subscriptions(CLOUDMORE_SERVICE_ID),
    )
    .expect("lists");
    let tokens = |e: &Env| {
        e.calls()
            .iter()
            .filter(|c| c.ends_with("/connect/token"))
            .count()
    };
    assert_eq!(tokens(&e), 2, "one per level, concurrent callers share it");
    e.clock.advance(23 * 3_600_000);
    block_on(e.client.list_seller_subscriptions()).expect("lists");
    assert_eq!(tokens(&e), 2, "still valid after 23 h");
    e.clock.advance(3_600_000);
    block_on(e.client.list_seller_subscriptions()).expect("lists");
    assert_eq!(tokens(&e), 3, "refreshed before the 24 h expiry");
}

#[test]
fn seller_operations_need_seller_credentials_and_are_refused_unsent() {
    let e = env_with(false, true, true);
    let err = block_on(e.client.list_seller_subscriptions()).expect_err("refused");
    match err {
        Error::Configuration { message } => {
            assert!(
                message.contains("`listSellerSubscriptions` is a seller-level operation"),
                "{message}"
            );
            assert!(
                message.contains("broker-level credentials only"),
                "{message}"
            );
        }
        other => panic!("{other:?}"),
    }
    let err = block_on(
        e.client
            .set_license_key("c0ffee00-0000-4000-8000-000000000001", "K"),
    )
    .expect_err("refused");
    assert!(matches!(err, Error::Configuration { .. }));
    assert!(e.calls().is_empty(), "nothing sent: {:?}", e.calls());
    let s = env_with(true, false, true);
    let err = block_on(
        s.client
            .list_organization_subscriptions(&at(CLOUDMORE_ORG_ID)),
    )
    .expect_err("refused");
    assert!(
        matches!(err, Error::Configuration { ref message } if message.contains("broker-level operation")),
        "{err:?}"
    );
}

#[test]
fn the_sandbox_refuses_a_broker_token_on_seller_paths() {
    // Broker credentials configured as if they were the seller's: the server says 403.
    let env = cloudmore_env_with(CloudmoreConfig {
        seller: Some(cloudmore_level(
            CLOUDMORE_SELLER_ID,
            CLOUDMORE_BROKER_USERNAME,
        )),
        ..cloudmore_config(false, false, true)
    });
    match block_on(env.client.list_seller_subscriptions()).expect_err("forbidden") {
        Error::Api(a) => {
            assert_eq!((a.status, a.code.as_deref()), (403, Some("Forbidden")));
            assert!(a.trace_id.is_some());
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn both_400_shapes_become_api_errors_with_field_issues() {
    let array = HttpResponse::json(
        400,
        &json!([{"errorCode": 5, "errorName": "InvalidValue", "errorMessage": "Invalid domain/website: acme"}]),
    );
    let dict = HttpResponse::json(
        400,
        &json!({"Contact.Phone": ["Phone number is not in valid format."]}),
    );
    for (resp, code, path, message) in [
        (
            array,
            Some("InvalidValue"),
            "",
            "Invalid domain/website: acme",
        ),
        (
            dict,
            None,
            "contact.phone",
            "Phone number is not in valid format.",
        ),
    ] {
        match error_from_response(ERROR_SCHEMA, &resp) {
            Error::Api(a) => {
                assert_eq!((a.status, a.code.as_deref()), (400, code));
                assert_eq!(a.field_errors.len(), 1);
                assert_eq!(
                    (
                        a.field_errors[0].path.as_str(),
                        a.field_errors[0].message.as_str()
                    ),
                    (path, message)
                );
            }
            other => panic!("{other:?}"),
        }
    }
    // And from the sandbox, with validation off so the server is the one to refuse.
    let e = env_with(true, true, false);
    let err = block_on(e.client.create_organization_subscription(
        &at(CLOUDMORE_ORG_ID),
        &new_cloudmore_sub(CLOUDMORE_PRODUCT_ID, json!(0)),
    ))
    .expect_err("400");
    match err {
        Error::Api(a) => assert_eq!(
            (a.status, a.field_errors[0].path.as_str()),
            (400, "quantity")
        ),
        other => panic!("{other:?}"),
    }
    let err = block_on(e.client.create_organization_subscription(
        &at(CLOUDMORE_ORG_ID),
        &new_cloudmore_sub(CLOUDMORE_RESELLER_ONLY_PRODUCT_ID, json!(1)),
    ))
    .expect_err("400");
    match err {
        Error::Api(a) => {
            assert_eq!((a.status, a.code.as_deref()), (400, Some("InvalidValue")));
            // The sandbox judges by the client's own rule, so the message is the same.
            assert!(
                a.message.contains("is not in the organization price list"),
                "{}",
                a.message
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn price_list_precedence_and_prechecks() {
    let e = cloudmore_env();
    // Acme has its own list: the broker-only product is refused before any create is sent.
    let err = block_on(e.client.create_organization_subscription(
        &at(CLOUDMORE_ORG_ID),
        &new_cloudmore_sub(CLOUDMORE_RESELLER_ONLY_PRODUCT_ID, json!(1)),
    ))
    .expect_err("refused");
    assert_eq!(
        invalid_issues(err),
        [(
            "productId".to_string(),
            "product_not_in_price_list".to_string()
        )]
    );
    assert!(
        !e.calls().iter().any(|c| c.starts_with("POST /api")),
        "{:?}",
        e.calls()
    );
    // Globex has none, so the broker's list applies and the same product is fine.
    let sub = block_on(e.client.create_organization_subscription(
        &at(CLOUDMORE_ORG2_ID),
        &new_cloudmore_sub(CLOUDMORE_RESELLER_ONLY_PRODUCT_ID, json!(1)),
    ))
    .expect("created");
    assert_eq!(sub.product_name.as_deref(), Some("Backup 1 TB"));
    let list = block_on(e.client.applicable_price_list(&at(CLOUDMORE_ORG_ID))).expect("list");
    assert_eq!(
        (list.level, list.products.len()),
        (PriceListLevel::Organization, 2)
    );
    assert_eq!(
        list.product(CLOUDMORE_PRODUCT_ID)
            .and_then(|p| p.price.as_deref()),
        Some("4.50")
    );
    let reseller = block_on(
        e.client
            .get_reseller_price_list(CLOUDMORE_SERVICE_ID, Some("EUR")),
    )
    .expect("list");
    assert_eq!(
        reseller
            .product(CLOUDMORE_PRODUCT_ID)
            .and_then(|p| p.price.as_deref()),
        Some("5.00")
    );
    assert_eq!(
        reseller.products[0].extra.get("commitment"),
        Some(&json!("None")),
        "unknown fields kept"
    );
    // A loaded list is used instead of fetching.
    e.client.set_price_list(list);
    let before = e.calls().len();
    let err = block_on(e.client.create_organization_subscription(
        &at(CLOUDMORE_ORG_ID),
        &new_cloudmore_sub(CLOUDMORE_RESELLER_ONLY_PRODUCT_ID, json!(1)),
    ))
    .expect_err("refused");
    assert!(matches!(err, Error::InvalidRequest { .. }));
    assert_eq!(e.calls().len(), before, "no request at all");
}

#[test]
fn lifecycle_create_update_license_history_cancel() {
    let e = cloudmore_env();
    let acme = at(CLOUDMORE_ORG_ID);
    let sub = block_on(e.client.create_organization_subscription(
        &acme,
        &new_cloudmore_sub(CLOUDMORE_ORG_ONLY_PRODUCT_ID, json!(3)),
    ))
    .expect("created");
    assert_eq!(
        (sub.quantity, sub.status.as_ref()),
        (Some(3), Some(&SubscriptionStatus::Active))
    );
    assert_eq!(
        sub.extra.get("serviceName"),
        Some(&json!("Managed Backup")),
        "unknown fields kept"
    );
    let changed = block_on(e.client.update_organization_subscription(
        &acme,
        &sub.id,
        &CloudmoreSubscriptionUpdate {
            quantity: Some(7.into()),
            ..Default::default()
        },
    ))
    .expect("updated");
    assert_eq!(changed.and_then(|s| s.quantity), Some(7));
    let keyed = block_on(e.client.set_license_key(&sub.id, "ACME-ENT-0001")).expect("key set");
    assert_eq!(
        keyed.and_then(|s| s.license_key).as_deref(),
        Some("ACME-ENT-0001")
    );
    let history = block_on(e.client.get_subscription_history(&acme, &sub.id)).expect("history");
    let actions: Vec<&str> = history
        .entries
        .iter()
        .filter_map(|h| h.action.as_deref())
        .collect();
    assert_eq!(actions, ["Created", "QuantityChanged", "LicenseKeySet"]);
    assert_eq!(
        (
            history.entries[1].old_value.as_deref(),
            history.entries[1].new_value.as_deref()
        ),
        (Some("3"), Some("7"))
    );
    assert_eq!(history.subscription_id, sub.id);
    block_on(e.client.cancel_organization_subscription(&acme, &sub.id)).expect("cancelled");
    let listed = block_on(e.client.list_organization_subscriptions(&acme)).expect("listed");
    let mine = listed
        .iter()
        .find(|s| s.id == sub.id)
        .expect("still listed");
    assert_eq!(mine.status, Some(SubscriptionStatus::Cancelled));
    let seller_view = block_on(e.client.get_seller_subscription(&sub.id)).expect("seller sees it");
    assert_eq!(seller_view.organization_name.as_deref(), Some("Acme Corp"));
    // Cancelling again is refused locally, unsent.
    let before = e.calls().len();
    let err =
        block_on(e.client.cancel_organization_subscription(&acme, &sub.id)).expect_err("refused");
    assert_eq!(
        invalid_issues(err),
        [(
            "subscriptionId".to_string(),
            "already_cancelled".to_string()
        )]
    );
    assert_eq!(e.calls().len(), before);
    let history = block_on(e.client.get_subscription_history(&acme, &sub.id)).expect("history");
    assert_eq!(
        history.entries.last().and_then(|h| h.action.as_deref()),
        Some("Cancelled")
    );
}

#[test]
fn seller_views_remove_and_the_servers_own_refusals() {
    let e = cloudmore_env();
    let all = block_on(e.client.list_seller_subscriptions()).expect("all");
    assert_eq!(all.len(), 4, "both brokers, cancelled included");
    assert!(all
        .iter()
        .any(|s| s.status == Some(SubscriptionStatus::Cancelled)));
    let backup = block_on(
        e.client
            .list_seller_subscriptions_by_service(CLOUDMORE_SERVICE_ID),
    )
    .expect("by service");
    assert_eq!(backup.len(), 3);
    let mine = block_on(
        e.client
            .list_reseller_service_subscriptions(CLOUDMORE_SERVICE_ID),
    )
    .expect("broker's");
    assert_eq!(mine.len(), 2, "only the broker's own organizations");
    // A service without licence keys: the server's domain error.
    let firewall = all
        .iter()
        .find(|s| s.service_id.as_deref() == Some(CLOUDMORE_SERVICE2_ID))
        .expect("firewall");
    let fresh = cloudmore_env();
    match block_on(fresh.client.set_license_key(&firewall.id, "K")).expect_err("refused") {
        Error::Api(a) => assert_eq!(a.code.as_deref(), Some("LicenseKeysNotEnabled")),
        other => panic!("{other:?}"),
    }
    // A fresh client does not know the state, so the server refuses the second cancel.
    match block_on(fresh.client.cancel_organization_subscription(
        &OrgService {
            organization_id: CLOUDMORE_ORG2_ID.into(),
            service_id: CLOUDMORE_SERVICE2_ID.into(),
        },
        &firewall.id,
    ))
    .expect_err("refused")
    {
        Error::Api(a) => assert_eq!(
            (a.status, a.code.as_deref()),
            (400, Some("InvalidOperation"))
        ),
        other => panic!("{other:?}"),
    }
    // The seller deletes one: gone from every list; a cancel keeps it listed.
    let target = all
        .iter()
        .find(|s| s.status == Some(SubscriptionStatus::Active))
        .expect("active");
    block_on(e.client.remove_seller_subscription(&target.id, "Delete")).expect("deleted");
    let after = block_on(e.client.list_seller_subscriptions()).expect("all");
    assert_eq!(after.len(), 3);
    match block_on(e.client.get_seller_subscription(&target.id)).expect_err("gone") {
        Error::Api(a) => assert_eq!((a.status, a.code.as_deref()), (404, Some("NotFound"))),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        e.client.last_known_status(&target.id),
        Some(SubscriptionStatus::Deleted)
    );
}

#[test]
fn a_loaded_reseller_list_does_not_stand_in_for_an_organizations_own() {
    // The demo's sequence: the applicable list of Globex (the broker's) is loaded, then Acme,
    // which has its own list, orders a product only the broker's list has.
    let e = env_with(false, true, true);
    let globex = block_on(e.client.applicable_price_list(&at(CLOUDMORE_ORG2_ID))).expect("list");
    assert_eq!(globex.level, PriceListLevel::Reseller);
    e.client.set_price_list(globex);
    assert!(
        e.client.loaded_price_list(&at(CLOUDMORE_ORG2_ID)).is_some(),
        "Globex is known to have none of its own"
    );
    assert!(
        e.client.loaded_price_list(&at(CLOUDMORE_ORG_ID)).is_none(),
        "Acme's own list is unknown"
    );
    let err = block_on(e.client.create_organization_subscription(
        &at(CLOUDMORE_ORG_ID),
        &new_cloudmore_sub(CLOUDMORE_RESELLER_ONLY_PRODUCT_ID, json!(1)),
    ))
    .expect_err("refused");
    assert_eq!(
        invalid_issues(err),
        [(
            "productId".to_string(),
            "product_not_in_price_list".to_string()
        )]
    );
    assert!(
        !e.calls().iter().any(|c| c.starts_with("POST /api")),
        "{:?}",
        e.calls()
    );
    // Acme's list is now remembered: no second fetch.
    let fetches = |e: &Env| {
        e.calls()
            .iter()
            .filter(|c| c.ends_with("/pricelist"))
            .count()
    };
    let before = fetches(&e);
    let _ = block_on(e.client.create_organization_subscription(
        &at(CLOUDMORE_ORG_ID),
        &new_cloudmore_sub(CLOUDMORE_RESELLER_ONLY_PRODUCT_ID, json!(1)),
    ));
    assert_eq!(fetches(&e), before);
}

#[test]
fn a_known_cancelled_subscription_is_not_updated() {
    let e = cloudmore_env();
    let globex = OrgService {
        organization_id: CLOUDMORE_ORG2_ID.into(),
        service_id: CLOUDMORE_SERVICE2_ID.into(),
    };
    let subs = block_on(e.client.list_organization_subscriptions(&globex)).expect("listed");
    let cancelled = subs
        .iter()
        .find(|s| s.status == Some(SubscriptionStatus::Cancelled))
        .expect("seeded");
    let before = e.calls().len();
    let err = block_on(e.client.update_organization_subscription(
        &globex,
        &cancelled.id,
        &CloudmoreSubscriptionUpdate {
            quantity: Some(2.into()),
            ..Default::default()
        },
    ))
    .expect_err("refused");
    assert_eq!(
        invalid_issues(err),
        [(
            "subscriptionId".to_string(),
            "subscription_cancelled".to_string()
        )]
    );
    assert_eq!(e.calls().len(), before, "nothing sent");
}

/// The field errors of a server refusal, as `(path, message)`.
fn api_fields(e: Error) -> (Option<String>, Vec<(String, String)>) {
    match e {
        Error::Api(a) => (
            a.code,
            a.field_errors
                .into_iter()
                .map(|i| (i.path, i.message))
                .collect(),
        ),
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[test]
fn the_sandbox_judges_by_the_clients_rules() {
    // Validation off: every refusal below is the server's.
    let e = env_with(true, true, false);
    let acme = at(CLOUDMORE_ORG_ID);
    // Cloudmore's limit is a 32-bit int, not Omnissa's million.
    let big = block_on(e.client.create_organization_subscription(
        &acme,
        &new_cloudmore_sub(CLOUDMORE_PRODUCT_ID, json!(5_000_000)),
    ))
    .expect("a large quantity is fine");
    assert_eq!(big.quantity, Some(5_000_000));
    let (_, fields) = api_fields(
        block_on(e.client.create_organization_subscription(
            &acme,
            &new_cloudmore_sub(CLOUDMORE_PRODUCT_ID, json!(2_147_483_648u64)),
        ))
        .expect_err("too large"),
    );
    assert_eq!(fields.len(), 1);
    assert_eq!(fields[0].0, "quantity");
    assert!(fields[0].1.contains("2147483647"), "{}", fields[0].1);
    // Model errors, in the dictionary shape, keyed as ASP.NET keys them.
    let refused = |u: CloudmoreSubscriptionUpdate| {
        api_fields(
            block_on(
                e.client
                    .update_organization_subscription(&acme, &big.id, &u),
            )
            .expect_err("refused"),
        )
        .1
        .into_iter()
        .map(|(path, _)| path)
        .collect::<Vec<_>>()
    };
    assert_eq!(refused(CloudmoreSubscriptionUpdate::default()), [""]);
    let named = |n: &str| CloudmoreSubscriptionUpdate {
        name: Some(n.into()),
        ..Default::default()
    };
    assert_eq!(refused(named("  ")), ["name"]);
    assert_eq!(refused(named("a\u{7}b")), ["name"]);
    let (_, fields) = api_fields(
        block_on(e.client.set_license_key(&big.id, "AB-12\n")).expect_err("control character"),
    );
    assert_eq!(fields[0].0, "licenseKey");
    // A product change brings the new product's name and price, and one history entry; a
    // change to what is already there records nothing.
    let to_enterprise = CloudmoreSubscriptionUpdate {
        product_id: Some(CLOUDMORE_ORG_ONLY_PRODUCT_ID.into()),
        ..Default::default()
    };
    for _ in 0..2 {
        let s = block_on(
            e.client
                .update_organization_subscription(&acme, &big.id, &to_enterprise),
        )
        .expect("changed")
        .expect("answered");
        assert_eq!(s.product_name.as_deref(), Some("Backup Enterprise"));
        assert_eq!(s.extra.get("price"), Some(&json!("99.00")));
    }
    let same_name = named("Backup 100 GB");
    block_on(
        e.client
            .update_organization_subscription(&acme, &big.id, &same_name),
    )
    .expect("no change");
    let history = block_on(e.client.get_subscription_history(&acme, &big.id)).expect("history");
    let actions: Vec<&str> = history
        .entries
        .iter()
        .filter_map(|h| h.action.as_deref())
        .collect();
    assert_eq!(actions, ["Created", "ProductChanged"]);
    // Once cancelled, a licence key is refused as every other change is.
    block_on(e.client.cancel_organization_subscription(&acme, &big.id)).expect("cancelled");
    let (code, _) =
        api_fields(block_on(e.client.set_license_key(&big.id, "K-1")).expect_err("cancelled"));
    assert_eq!(code.as_deref(), Some("InvalidOperation"));
}

#[test]
fn the_seed_has_the_history_of_what_it_shows() {
    let e = cloudmore_env();
    let all = block_on(e.client.list_seller_subscriptions()).expect("all");
    for s in &all {
        let org = s.organization_id.clone().expect("organization");
        if org == CLOUDMORE_ORG3_ID {
            continue; // another broker's organization
        }
        let place = OrgService {
            organization_id: org,
            service_id: s.service_id.clone().expect("service"),
        };
        let history = block_on(e.client.get_subscription_history(&place, &s.id)).expect("history");
        let actions: Vec<&str> = history
            .entries
            .iter()
            .filter_map(|h| h.action.as_deref())
            .collect();
        let mut expected = vec!["Created"];
        if s.license_key.is_some() {
            expected.push("LicenseKeySet");
        }
        if s.status == Some(SubscriptionStatus::Cancelled) {
            expected.push("Cancelled");
        }
        assert_eq!(actions, expected, "{}", s.id);
    }
}

#[test]
fn prechecks_cost_nothing_for_bad_input_and_survive_a_bare_404() {
    let e = cloudmore_env();
    // An input refused anyway is not worth a price-list request.
    let err = block_on(e.client.create_organization_subscription(
        &at(CLOUDMORE_ORG_ID),
        &new_cloudmore_sub(CLOUDMORE_PRODUCT_ID, json!(0)),
    ))
    .expect_err("refused");
    assert_eq!(
        invalid_issues(err),
        [("quantity".to_string(), "quantity_not_positive".to_string())]
    );
    assert!(e.calls().is_empty(), "{:?}", e.calls());
    // An organization without a list of its own may answer 404 with no JSON at all.
    e.sandbox.borrow_mut().inject(Fault {
        kind: FaultKind::HtmlStatus(404),
        count: 1,
        path_contains: Some(format!(
            "{CLOUDMORE_ORG2_ID}/services/{CLOUDMORE_SERVICE_ID}/pricelist"
        )),
    });
    let list = block_on(e.client.applicable_price_list(&at(CLOUDMORE_ORG2_ID))).expect("list");
    assert_eq!(list.level, PriceListLevel::Reseller);
    // Loaded lists are matched case-blind, so a reload replaces rather than shadows.
    let mut upper = list.clone();
    upper.service_id = upper.service_id.map(|s| s.to_ascii_uppercase());
    upper.products.truncate(1);
    e.client.set_price_list(upper);
    let loaded = e
        .client
        .loaded_price_list(&at(CLOUDMORE_ORG2_ID))
        .expect("loaded");
    assert_eq!(loaded.products.len(), 1, "the newer list wins");
}

/// A type that keeps unknown fields (`extra`) reads its known fields as they come: a wrong one
/// is reported at its own path, and the unknown ones, in any position, go to `extra`.
#[test]
fn subscriptions_keep_unknown_fields_and_name_a_bad_one() {
    let text =
        r#"[{"id":"a","zeta":1,"quantity":"2","alpha":[true]},{"id":"b","quantity":"many"}]"#;
    let e = partner_ordering::json::from_str::<Vec<CloudmoreSubscription>>(text)
        .err()
        .map(|e| e.path().to_string());
    assert_eq!(e.as_deref(), Some("[1].quantity"));
    let ok: Vec<CloudmoreSubscription> =
        partner_ordering::json::from_str(r#"[{"zeta":1,"id":"a","quantity":"2","alpha":[true]}]"#)
            .unwrap();
    assert_eq!(ok[0].quantity, Some(2));
    let keys: Vec<&str> = ok[0].extra.keys().map(String::as_str).collect();
    assert_eq!(keys, ["alpha", "zeta"]);
}
