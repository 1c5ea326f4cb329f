//! Settings that are URLs a credential is sent to.
//!
//! A token URL receives the app id and secret (HTTP Basic), so it is held to more than a base
//! URL: whatever [`require_base_url`] asks, plus HTTPS (plain HTTP only to this machine, for a
//! local sandbox or proxy), no fragment (the client appends to the query, which a fragment
//! would swallow), and no query parameter that carries a secret or the grant the client sets
//! itself. A refused URL is named in the error, and its query values never are.

use crate::client::require_base_url;
use crate::error::{Api, Error};
use crate::http::parse_urlencoded;

/// True for a host that is this machine: `localhost` (and `*.localhost`), `127.0.0.0/8`,
/// `[::1]`. `host` may carry a port.
pub fn is_loopback_host(host: &str) -> bool {
    if let Some(v6) = host.strip_prefix('[') {
        return v6.split(']').next() == Some("::1");
    }
    let name = host
        .rsplit_once(':')
        .map_or(host, |(h, _port)| h)
        .to_ascii_lowercase();
    let octets: Vec<&str> = name.split('.').collect();
    name == "localhost"
        || name.ends_with(".localhost")
        || (octets.len() == 4
            && octets.first() == Some(&"127")
            && octets.iter().all(|o| o.parse::<u8>().is_ok()))
}

/// True for a query parameter name that carries a credential.
fn is_secret_param(name: &str) -> bool {
    let n: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    [
        "secret",
        "password",
        "passwd",
        "pwd",
        "token",
        "apikey",
        "credential",
        "signature",
        "auth",
        "assertion",
    ]
    .iter()
    .any(|s| n.contains(s))
        || n == "key"
        || n.ends_with("key")
        || n == "sig"
        || n == "code"
}

/// Refuses a token URL that is not safe to send credentials to; see the module docs.
///
/// # Errors
/// [`Error::Configuration`] naming the setting `name`.
pub fn require_token_url(api: Api, name: &str, value: &str) -> Result<(), Error> {
    require_base_url(api, name, value)?;
    let v = value.trim();
    let bad = |why: String| Error::Configuration {
        message: format!("{}: `{name}` {why}", api.as_str()),
    };
    let (scheme, rest) = v.split_once("://").unwrap_or(("", v));
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if !scheme.eq_ignore_ascii_case("https") && !is_loopback_host(host) {
        return Err(bad(format!(
            "must be an https URL (plain http only to localhost): the app secret is sent \
             to it; got a {scheme} URL to {host}"
        )));
    }
    if v.contains('#') {
        return Err(bad("must not have a fragment (`#…`)".into()));
    }
    let query = v.split_once('?').map_or("", |(_, q)| q);
    for (param, _) in parse_urlencoded(query) {
        if param.eq_ignore_ascii_case("grant_type") {
            return Err(bad(
                "must not carry `grant_type` in its query: the client adds it".into(),
            ));
        }
        if is_secret_param(&param) {
            return Err(bad(format!(
                "must not carry credentials or secrets in its query (`{param}`): URLs end \
                 up in logs; the client sends the app secret in the Authorization header"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        for (host, want) in [
            ("localhost", true),
            ("LOCALHOST:8787", true),
            ("sbx.localhost", true),
            ("127.0.0.1", true),
            ("127.1.2.3:80", true),
            ("[::1]:8787", true),
            ("[::2]", false),
            ("127.0.0.1.evil.test", false),
            ("localhost.evil.test", false),
            ("10.0.0.1", false),
            ("apigw.omnissa.com", false),
        ] {
            assert_eq!(is_loopback_host(host), want, "{host}");
        }
    }

    #[test]
    fn secret_parameter_names() {
        for (name, want) in [
            ("client_secret", true),
            ("access_token", true),
            ("api-key", true),
            ("subscriptionKey", true),
            ("Password", true),
            ("sig", true),
            ("tenant", false),
            ("region", false),
            ("scope", false),
        ] {
            assert_eq!(is_secret_param(name), want, "{name}");
        }
    }
}
