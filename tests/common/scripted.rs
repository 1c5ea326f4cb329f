//! A server as a function: each request is answered by a closure, every request is logged, and
//! past a ceiling of calls the transport fails, so a client that would loop for ever fails the
//! test instead of hanging it.

use std::cell::RefCell;
use std::collections::VecDeque;
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

/// What a stepped server does for one request (see [`stepped_http`]).
pub enum Step {
    /// Answers with this status and headers, and a `{}` JSON body.
    Status(u16, Vec<(String, String)>),
    /// Fails as the network would, with this message and cause reference.
    Fail(&'static str, u32),
    /// Never answers (the client's timeout decides).
    Hang,
}

/// [`Step::Status`] from borrowed header pairs.
pub fn answer(status: u16, headers: &[(&str, &str)]) -> Step {
    Step::Status(
        status,
        headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect(),
    )
}

/// Answers requests from a list of steps (then hangs), recording every request.
pub struct Stepped {
    steps: RefCell<VecDeque<Step>>,
    /// Every request sent, in order.
    pub seen: RefCell<Vec<HttpRequest>>,
}

impl Transport for Stepped {
    fn send(&self, req: HttpRequest) -> LocalFuture<Result<HttpResponse, TransportError>> {
        self.seen.borrow_mut().push(req);
        match self.steps.borrow_mut().pop_front() {
            Some(Step::Status(status, headers)) => {
                let mut r = HttpResponse::with_body(status, "application/json", "{}");
                for (n, v) in headers {
                    r.headers.set(&n, v);
                }
                Box::pin(std::future::ready(Ok(r)))
            }
            Some(Step::Fail(message, cause)) => Box::pin(std::future::ready(Err(TransportError {
                message: message.into(),
                cause: Some(cause),
            }))),
            Some(Step::Hang) | None => Box::pin(std::future::pending()),
        }
    }
}

/// An [`HttpClient`] (default retries) over a stepped server and a virtual clock at [`NOW`]:
/// the server, to read what it was sent, and the clock, to read how long the client slept.
pub fn stepped_http(steps: Vec<Step>) -> (Rc<Stepped>, ManualClock, HttpClient) {
    let server = Rc::new(Stepped {
        steps: RefCell::new(steps.into()),
        seen: RefCell::new(Vec::new()),
    });
    let clock = ManualClock::new(NOW);
    let http = HttpClient::new(server.clone(), Rc::new(clock.clone()));
    (server, clock, http)
}
