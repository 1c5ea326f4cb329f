//! A server as a function: each request is answered by a closure, every request is logged, and
//! past a ceiling of calls the transport fails, so a client that would loop for ever fails the
//! test instead of hanging it.

use std::cell::RefCell;
use std::rc::Rc;

use partner_ordering::client::HttpClient;
use partner_ordering::retry::RetryPolicy;
use partner_ordering::transport::{LocalFuture, ManualClock, Transport, TransportError};
use partner_ordering::{HttpRequest, HttpResponse};

use super::NOW;

/// Answers requests with a closure, up to `max_calls` of them.
pub struct Scripted {
    answer: Box<dyn Fn(&HttpRequest) -> HttpResponse>,
    calls: Rc<RefCell<Vec<HttpRequest>>>,
    max_calls: usize,
}

impl Transport for Scripted {
    fn send(&self, req: HttpRequest) -> LocalFuture<Result<HttpResponse, TransportError>> {
        let n = {
            let mut calls = self.calls.borrow_mut();
            calls.push(req.clone());
            calls.len()
        };
        let out = if n > self.max_calls {
            Err(TransportError {
                message: format!("scripted: more than {} calls", self.max_calls),
                cause: None,
            })
        } else {
            Ok((self.answer)(&req))
        };
        Box::pin(std::future::ready(out))
    }
}

/// An [`HttpClient`] over a scripted server (no retries, a virtual clock at [`NOW`]) and the
/// log of what it was sent.
pub fn scripted_http(
    max_calls: usize,
    answer: impl Fn(&HttpRequest) -> HttpResponse + 'static,
) -> (HttpClient, Rc<RefCell<Vec<HttpRequest>>>) {
    let calls = Rc::new(RefCell::new(Vec::new()));
    let transport = Scripted {
        answer: Box::new(answer),
        calls: Rc::clone(&calls),
        max_calls,
    };
    let mut http = HttpClient::new(Rc::new(transport), Rc::new(ManualClock::new(NOW)));
    http.retry = RetryPolicy {
        max_retries: 0,
        ..RetryPolicy::default()
    };
    (http, calls)
}
