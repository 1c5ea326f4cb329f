//! Cloudmore over the sandbox in a real JS engine: the subscription lifecycle with both
//! credential levels, the local refusals, and a broker-only client.

use partner_ordering::cloudmore::{
    CloudmoreClient, CloudmoreConfig, CloudmoreCredentials, CloudmoreLevel,
    CloudmoreSubscriptionUpdate, NewCloudmoreSubscription, OrgService, SubscriptionStatus,
};
use partner_ordering::sandbox::{
    CLOUDMORE_API_SECRET, CLOUDMORE_BROKER_USERNAME, CLOUDMORE_ORG_ID,
    CLOUDMORE_ORG_ONLY_PRODUCT_ID, CLOUDMORE_PASSWORD, CLOUDMORE_RESELLER_ID, CLOUDMORE_SELLER_ID,
    CLOUDMORE_SELLER_USERNAME, CLOUDMORE_SERVICE_ID,
};
use partner_ordering::{Error, Secret};
use wasm_bindgen_test::wasm_bindgen_test;

use super::host::SandboxEnv;
use super::SANDBOX_URL;

fn level(id: &str, user: &str) -> CloudmoreLevel {
    CloudmoreLevel {
        id: id.into(),
        credentials: CloudmoreCredentials::Password {
            username: user.into(),
            password: Secret::new(CLOUDMORE_PASSWORD),
            api_secret: Secret::new(CLOUDMORE_API_SECRET),
        },
    }
}

fn client(env: &SandboxEnv, seller: bool) -> CloudmoreClient {
    let config = CloudmoreConfig {
        base_url: SANDBOX_URL.into(),
        seller: seller.then(|| level(CLOUDMORE_SELLER_ID, CLOUDMORE_SELLER_USERNAME)),
        broker: Some(level(CLOUDMORE_RESELLER_ID, CLOUDMORE_BROKER_USERNAME)),
        validate: true,
        precheck: true,
    };
    CloudmoreClient::new(config, env.http()).expect("config")
}

/// The `(path, code)` of every issue of a local refusal.
fn refusal(e: Error) -> Vec<(String, String)> {
    assert!(!e.may_have_been_sent(), "refused unsent: {e:?}");
    match e {
        Error::InvalidRequest { issues, .. } => {
            issues.into_iter().map(|i| (i.path, i.code)).collect()
        }
        other => panic!("expected an invalid request, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn cloudmore_lifecycle_over_the_sandbox_with_real_timers() {
    let env = SandboxEnv::new();
    let cm = client(&env, true);
    let acme = OrgService {
        organization_id: CLOUDMORE_ORG_ID.into(),
        service_id: CLOUDMORE_SERVICE_ID.into(),
    };
    let new_sub = NewCloudmoreSubscription {
        product_id: CLOUDMORE_ORG_ONLY_PRODUCT_ID.into(),
        quantity: serde_json::from_str(r#""2""#).expect("a quantity as a string"),
        name: None,
        extra: Default::default(),
    };
    let created = cm
        .create_organization_subscription(&acme, &new_sub)
        .await
        .expect("created");
    assert_eq!(
        (created.quantity, created.status.as_ref()),
        (Some(2), Some(&SubscriptionStatus::Active))
    );
    assert_eq!(
        created.extra.get("serviceName"),
        Some(&serde_json::json!("Managed Backup")),
        "unknown fields kept"
    );
    let id = created.id.clone();

    let updated = cm
        .update_organization_subscription(
            &acme,
            &id,
            &CloudmoreSubscriptionUpdate {
                quantity: Some(5.into()),
                ..Default::default()
            },
        )
        .await
        .expect("updated");
    assert_eq!(updated.and_then(|s| s.quantity), Some(5));
    let keyed = cm.set_license_key(&id, "KEY-0001").await.expect("key");
    assert_eq!(
        keyed.and_then(|s| s.license_key).as_deref(),
        Some("KEY-0001")
    );
    let calls = env.call_count();
    let err = cm
        .set_license_key(&id, "bad\nkey")
        .await
        .expect_err("refused");
    assert_eq!(
        refusal(err),
        [(
            "licenseKey".to_string(),
            "license_key_control_chars".to_string()
        )]
    );
    assert_eq!(env.call_count(), calls, "nothing sent");

    let history = cm
        .get_subscription_history(&acme, &id)
        .await
        .expect("history");
    let actions: Vec<&str> = history
        .entries
        .iter()
        .filter_map(|h| h.action.as_deref())
        .collect();
    assert_eq!(actions, ["Created", "QuantityChanged", "LicenseKeySet"]);

    cm.cancel_organization_subscription(&acme, &id)
        .await
        .expect("cancelled");
    let listed = cm
        .list_organization_subscriptions(&acme)
        .await
        .expect("listed");
    let mine = listed.iter().find(|s| s.id == id).expect("still listed");
    assert_eq!(mine.status, Some(SubscriptionStatus::Cancelled));
    assert_eq!(
        cm.last_known_status(&id),
        Some(SubscriptionStatus::Cancelled)
    );

    // A second cancel is refused locally, unsent, with the stable code.
    let calls = env.call_count();
    let err = cm
        .cancel_organization_subscription(&acme, &id)
        .await
        .expect_err("refused");
    assert_eq!(
        refusal(err),
        [(
            "subscriptionId".to_string(),
            "already_cancelled".to_string()
        )]
    );
    assert_eq!(env.call_count(), calls, "nothing sent");

    // A broker-only client refuses seller operations as a configuration error, unsent.
    let broker_only = client(&env, false);
    let calls = env.call_count();
    let err = broker_only
        .list_seller_subscriptions()
        .await
        .expect_err("refused");
    assert!(
        matches!(err, Error::Configuration { ref message } if message.contains("seller-level operation")),
        "{err:?}"
    );
    assert_eq!(env.call_count(), calls, "nothing sent");
}
