//! Transports over the JavaScript `fetch` API (wasm only).
//!
//! The default goes through gloo-net, which binds the *global* `fetch` and so works in browsers,
//! Node 18+ and Cloudflare Workers alike. A user-supplied `fetch` (a proxy, a Workers service
//! binding, a test double, the sandbox) is called with `this` undefined, as openai-node does: a
//! platform `fetch` stored on an object and called as a method throws "Illegal invocation" in
//! workerd.
//!
//! Every request gets its own `AbortController`. Dropping the future aborts the request, so a
//! timeout or the caller's `AbortSignal` really cancels the network work.

use js_sys::{Promise, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Response};

use super::{LocalFuture, Transport, TransportError};
use crate::http::{Headers, HttpRequest, HttpResponse, Method};

/// Which `fetch` to call.
#[derive(Debug, Clone, Default)]
pub enum FetchTransport {
    /// The global `fetch`, through gloo-net.
    #[default]
    Global,
    /// A user-supplied function with the `fetch` signature.
    Custom(js_sys::Function),
}

/// Aborts the request when the future that owns it is dropped before it finished.
struct AbortOnDrop(Option<AbortController>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(c) = self.0.take() {
            c.abort();
        }
    }
}

/// A readable message from whatever a rejected `fetch` threw.
pub fn js_error_message(e: &JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        let msg: String = err.message().into();
        let cause = js_sys::Reflect::get(err, &"cause".into())
            .ok()
            .filter(|c| !c.is_undefined() && !c.is_null())
            .map(|c| js_error_message(&c));
        return match cause {
            Some(c) if !c.is_empty() => format!("{msg} ({c})"),
            _ => msg,
        };
    }
    e.as_string()
        .unwrap_or_else(|| "fetch failed with a non-Error value".into())
}

fn transport_err(e: &JsValue) -> TransportError {
    TransportError {
        message: js_error_message(e),
    }
}

fn web_headers(h: &Headers) -> Result<web_sys::Headers, TransportError> {
    let out = web_sys::Headers::new().map_err(|e| transport_err(&e))?;
    for (n, v) in h.iter() {
        out.append(n, v).map_err(|e| transport_err(&e))?;
    }
    Ok(out)
}

/// Reads status, headers and body of a `Response` into an [`HttpResponse`].
pub async fn read_response(resp: Response) -> Result<HttpResponse, TransportError> {
    let mut headers = Headers::new();
    if let Ok(Some(iter)) = js_sys::try_iter(&resp.headers()) {
        for entry in iter.flatten() {
            let pair: js_sys::Array = entry.unchecked_into();
            if let (Some(n), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                headers.append(&n, v);
            }
        }
    }
    let buf = JsFuture::from(resp.array_buffer().map_err(|e| transport_err(&e))?)
        .await
        .map_err(|e| transport_err(&e))?;
    Ok(HttpResponse {
        status: resp.status(),
        headers,
        body: Uint8Array::new(&buf).to_vec(),
    })
}

async fn send_global(
    req: HttpRequest,
    signal: web_sys::AbortSignal,
) -> Result<Response, TransportError> {
    use gloo_net::http::{Method as M, RequestBuilder};
    let method = match req.method {
        Method::Get => M::GET,
        Method::Post => M::POST,
        Method::Put => M::PUT,
        Method::Patch => M::PATCH,
        Method::Delete => M::DELETE,
    };
    let headers = gloo_net::http::Headers::from_raw(web_headers(&req.headers)?);
    let builder = RequestBuilder::new(&req.url)
        .method(method)
        .headers(headers)
        .abort_signal(Some(&signal));
    let request = match req.body {
        Some(b) => builder.body(b),
        None => builder.build(),
    }
    .map_err(|e| TransportError {
        message: e.to_string(),
    })?;
    let resp = request.send().await.map_err(|e| TransportError {
        message: e.to_string(),
    })?;
    Ok(resp.into())
}

async fn send_custom(
    f: js_sys::Function,
    req: HttpRequest,
    signal: web_sys::AbortSignal,
) -> Result<Response, TransportError> {
    let init = web_sys::RequestInit::new();
    init.set_method(req.method.as_str());
    init.set_headers(&web_headers(&req.headers)?.into());
    if let Some(b) = &req.body {
        init.set_body(&JsValue::from_str(b));
    }
    init.set_signal(Some(&signal));
    let returned = f
        .call2(&JsValue::UNDEFINED, &JsValue::from_str(&req.url), &init)
        .map_err(|e| transport_err(&e))?;
    let value = JsFuture::from(Promise::resolve(&returned))
        .await
        .map_err(|e| transport_err(&e))?;
    value.dyn_into::<Response>().map_err(|_| TransportError {
        message: "the custom fetch did not resolve to a Response".into(),
    })
}

impl Transport for FetchTransport {
    fn send(&self, req: HttpRequest) -> LocalFuture<Result<HttpResponse, TransportError>> {
        let this = self.clone();
        Box::pin(async move {
            let controller = AbortController::new().map_err(|e| transport_err(&e))?;
            let mut guard = AbortOnDrop(Some(controller.clone()));
            let signal = controller.signal();
            let resp = match this {
                FetchTransport::Global => send_global(req, signal).await?,
                FetchTransport::Custom(f) => send_custom(f, req, signal).await?,
            };
            let out = read_response(resp).await;
            guard.0 = None;
            out
        })
    }
}
