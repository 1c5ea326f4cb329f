//! The sandbox as a [`Transport`], for native tests and Rust users.

use std::cell::RefCell;
use std::rc::Rc;

use super::{LocalFuture, Runtime, Transport, TransportError};
use crate::http::{HttpRequest, HttpResponse};
use crate::sandbox::{Outcome, Sandbox};

/// Sends every request to an in-memory [`Sandbox`], reading `now` from a [`Runtime`].
#[derive(Clone)]
pub struct SandboxTransport {
    sandbox: Rc<RefCell<Sandbox>>,
    runtime: Rc<dyn Runtime>,
}

impl std::fmt::Debug for SandboxTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxTransport").finish_non_exhaustive()
    }
}

impl SandboxTransport {
    /// A transport over a shared sandbox.
    pub fn new(sandbox: Rc<RefCell<Sandbox>>, runtime: Rc<dyn Runtime>) -> Self {
        SandboxTransport { sandbox, runtime }
    }
}

impl Transport for SandboxTransport {
    fn send(&self, req: HttpRequest) -> LocalFuture<Result<HttpResponse, TransportError>> {
        let outcome = self
            .sandbox
            .borrow_mut()
            .handle(&req, self.runtime.now_ms());
        match outcome {
            Outcome::Respond(r) => Box::pin(std::future::ready(Ok(r))),
            Outcome::NetworkError => Box::pin(std::future::ready(Err(TransportError {
                message: "sandbox: simulated network failure".into(),
                cause: None,
            }))),
            Outcome::Hang => Box::pin(std::future::pending()),
        }
    }
}
