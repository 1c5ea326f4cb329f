//! Token answers that do not decode: a decode error that names the field, and never holds the
//! access token, in its body, its message, its `Debug` or its `Display`. For every API with a
//! token endpoint (Omnissa, SimpleAPI, Cloudmore; APS takes tokens from a provider).
#![cfg(all(feature = "omnissa", feature = "cloudblue", feature = "cloudmore"))]
// Tests fail by panicking; the panic lints are for library code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::block_on;
use common::scripted::scripted_http;
use partner_ordering::cloudblue::simple::FetchSimpleToken;
use partner_ordering::cloudmore::FetchCloudmoreToken;
use partner_ordering::endpoint::Endpoint;
use partner_ordering::omnissa::{Credentials, FetchToken, OmnissaClient, OmnissaConfig};
use partner_ordering::token::AccessToken;
use partner_ordering::{Api, Error, HttpResponse, Secret};

/// Looks like a JWT: what must never show up in an error.
const TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXRva2Vu.U0lHTkFUVVJF";

type Parse = Box<dyn Fn(&HttpResponse) -> Result<AccessToken, Error>>;

/// Each API's token endpoint, with its names of the token and lifetime fields.
fn endpoints() -> Vec<(Api, &'static str, &'static str, Parse)> {
    let omnissa = FetchToken {
        app_id: "app".into(),
        app_secret: Secret::new("s"),
    };
    let simple = FetchSimpleToken {
        username: "u".into(),
        password: Secret::new("p"),
        marketplace: "us".into(),
        subscription_key: Secret::new("k"),
    };
    let cloudmore = FetchCloudmoreToken {
        username: "u@x.example".into(),
        password: Secret::new("p"),
        api_secret: Secret::new("s"),
    };
    vec![
        (
            Api::Omnissa,
            "access_token",
            "expires_in",
            Box::new(move |r| omnissa.parse(r)),
        ),
        (
            Api::CloudblueSimple,
            "token",
            "expiresInSeconds",
            Box::new(move |r| simple.parse(r)),
        ),
        (
            Api::Cloudmore,
            "access_token",
            "expires_in",
            Box::new(move |r| cloudmore.parse(r)),
        ),
    ]
}

/// Asserts that nothing of the error shows the token.
fn assert_no_token(e: &Error, what: &str) {
    let shown = format!("{e:?}\n{e}\n{}", e.body().unwrap_or(""));
    assert!(!shown.contains(TOKEN), "{what}: {shown}");
    assert!(
        !shown.contains("c2VjcmV0"),
        "{what}: part of the token: {shown}"
    );
}

#[test]
fn bad_token_answers_are_decode_errors_without_the_token() {
    for (api, tok, exp, parse) in endpoints() {
        // (body, the field the message must name)
        let cases = [
            (
                format!(r#"{{"{tok}":"{TOKEN}","{exp}":-5}}"#),
                exp.to_string(),
            ),
            (
                format!(r#"{{"{tok}":"{TOKEN}","{exp}":"{TOKEN}"}}"#),
                exp.to_string(),
            ),
            (
                format!(r#"{{"{tok}":"{TOKEN}","{exp}":1.5}}"#),
                exp.to_string(),
            ),
            (format!(r#"{{"{tok}":"","{exp}":3600}}"#), tok.to_string()),
            (
                format!(r#"{{"{tok}":"   ","{exp}":3600}}"#),
                tok.to_string(),
            ),
            (
                format!(r#"{{"{exp}":3600,"note":"{TOKEN}"}}"#),
                tok.to_string(),
            ),
            (format!(r#"{{"{tok}":["{TOKEN}"]}}"#), tok.to_string()),
            (format!("{tok}={TOKEN}&{exp}=3600"), "JSON".to_string()),
            (format!(r#"{{"{tok}":"{TOKEN}","#), "JSON".to_string()),
        ];
        for (body, field) in cases {
            let resp = HttpResponse::with_body(200, "application/json", body.as_str());
            match parse(&resp) {
                Err(e @ Error::Decode { .. }) => {
                    assert_no_token(&e, &body);
                    let Error::Decode {
                        api: got, message, ..
                    } = &e
                    else {
                        unreachable!()
                    };
                    assert_eq!(*got, api, "{body}");
                    assert!(message.contains(&field), "{body}: {message}");
                }
                other => panic!("{api:?} {body}: expected a decode error, got {other:?}"),
            }
        }
        // The shape stays, for support: keys and types, no values.
        let resp = HttpResponse::with_body(
            200,
            "application/json",
            format!(r#"{{"{tok}":"{TOKEN}","{exp}":-5}}"#),
        );
        let body = parse(&resp)
            .err()
            .and_then(|e| e.body().map(str::to_string));
        let shape: serde_json::Value =
            serde_json::from_str(body.as_deref().unwrap_or("")).expect("a JSON shape");
        assert_eq!(
            shape,
            serde_json::json!({tok: "<string>", exp: "<number>"}),
            "{api:?}"
        );
        // A refusal that echoes a token keeps its code and message (SimpleAPI reads a lone
        // `error` as the message), not its body.
        let refused = HttpResponse::with_body(
            400,
            "application/json",
            format!(r#"{{"error":"invalid_grant","error_description":"bad","{tok}":"{TOKEN}"}}"#),
        );
        let e = parse(&refused).expect_err("refused");
        assert_no_token(&e, "400");
        assert!(
            matches!(&e, Error::Api(a) if a.code.as_deref().unwrap_or(&a.message) == "invalid_grant"),
            "{e:?}"
        );
        // A good answer still reads.
        let good = HttpResponse::with_body(
            200,
            "application/json",
            format!(r#"{{"{tok}":"{TOKEN}","{exp}":"3600"}}"#),
        );
        let t = parse(&good).expect("good answer");
        assert_eq!((t.token.expose(), t.expires_in_s), (TOKEN, Some(3600)));
    }
}

#[test]
fn a_client_call_surfaces_the_same_error() {
    let (http, _calls) = scripted_http(5, |_req| {
        HttpResponse::with_body(
            200,
            "application/json",
            format!(r#"{{"access_token":"{TOKEN}","expires_in":-5}}"#),
        )
    });
    let creds = Credentials::ClientCredentials {
        app_id: "app".into(),
        app_secret: Secret::new("s"),
    };
    let client = OmnissaClient::new(OmnissaConfig::new("P", creds), http).expect("config");
    let e = block_on(client.list_subscriptions()).expect_err("bad token answer");
    assert!(
        matches!(
            e,
            Error::Decode {
                api: Api::Omnissa,
                ..
            }
        ),
        "{e:?}"
    );
    assert_no_token(&e, "client");
}
