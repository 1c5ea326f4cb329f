//! Lists page by page: `for await (const p of client.iterateProducts())`.
//!
//! Rust exports a plain `Pager` whose `next()` resolves to the JSON text of the next page's
//! items, or `null` when there are no more; the package's JS layer wraps it into a real async
//! iterator (so no `inline_js`, `Closure` or `Symbol.asyncIterator` here).

use std::cell::RefCell;
use std::rc::Rc;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::error::Failure;
use super::host::Pending;
use super::options::{call_failure, promise, race};
use partner_ordering::call::CallSettings;
use partner_ordering::error::{Api, Error};
use partner_ordering::transport::LocalFuture;

pub use partner_ordering::common::paging::FetchPage;

/// One fetched page, already as JSON text: (items array text, was it empty, next cursor).
type FetchText = Rc<dyn Fn(u64) -> LocalFuture<Result<(String, bool, Option<u64>), Error>>>;

struct State {
    /// The cursor of the next page; `None` once the last page was delivered.
    next: Option<u64>,
    /// A `next()` is in flight.
    busy: bool,
}

/// Puts the cursor back when a page fetch does not complete (error, abort, timeout, or the
/// future dropped), so a later `next()` retries the same page.
struct Restore {
    state: Rc<RefCell<State>>,
    cursor: Option<u64>,
}

impl Drop for Restore {
    fn drop(&mut self) {
        let mut s = self.state.borrow_mut();
        if let Some(c) = self.cursor.take() {
            s.next = Some(c);
        }
        s.busy = false;
    }
}

/// The pages of a list, fetched lazily one `next()` at a time.
#[wasm_bindgen(js_name = Pager)]
pub struct JsPager {
    fetch: FetchText,
    state: Rc<RefCell<State>>,
    /// The iteration's per-call options, applied to each page's request.
    settings: CallSettings,
}

/// A pager over the pages `fetch` returns, starting at cursor `start`, each page's request
/// made with the per-call options `opts` (`RequestOptions` text). Items are serialized to JSON
/// text as each page arrives.
///
/// # Errors
/// The options' [`Error::InvalidRequest`], before any page is fetched.
pub fn pager<T: Serialize + 'static>(
    api: Api,
    opts: Option<String>,
    fetch: FetchPage<T>,
    start: u64,
) -> Result<JsPager, Failure> {
    let (settings, _) = super::options::request_settings(api, opts)?;
    Ok(JsPager::new(fetch, start, settings))
}

impl JsPager {
    /// See [`pager`].
    fn new<T: Serialize + 'static>(
        fetch: FetchPage<T>,
        start: u64,
        settings: CallSettings,
    ) -> JsPager {
        // Ends the iteration on a server that ignores paging (a page again, a cursor that does
        // not advance) instead of yielding the same items for ever.
        let fetch = partner_ordering::common::paging::guarded(fetch);
        let fetch: FetchText = Rc::new(move |cursor| {
            let page = fetch(cursor);
            Box::pin(async move {
                let (items, following) = page.await?;
                let text = format!("[{}]", items.join(","));
                Ok((text, items.is_empty(), following))
            })
        });
        JsPager {
            fetch,
            state: Rc::new(RefCell::new(State {
                next: Some(start),
                busy: false,
            })),
            settings,
        }
    }
}

#[wasm_bindgen(js_class = Pager)]
impl JsPager {
    /// The next page's items, or `null` when there are no more. A failed page leaves the cursor
    /// in place, so calling `next()` again retries it. One call at a time.
    #[wasm_bindgen(unchecked_return_type = "Promise<unknown[] | null>")]
    pub fn next(&self, _stop: Option<Pending>) -> js_sys::Promise {
        // Claim the page now, in call order; a refusal still rejects the promise.
        let claimed = match self.claim() {
            Ok(c) => c,
            Err(e) => return promise(Err(e)),
        };
        let fetch = Rc::clone(&self.fetch);
        let state = Rc::clone(&self.state);
        // Each page is a call of its own, like a method's: its settings, retries, redaction of
        // echoed credentials and `withResponse()` state come from `race`.
        let work = Box::pin(async move {
            let Some((cursor, mut restore)) = claimed else {
                return Ok("null".into());
            };
            let (text, empty, following) = fetch(cursor).await.map_err(|e| call_failure(&e))?;
            // Delivered: the cursor moves on (and the guard only clears `busy`).
            restore.cursor = None;
            drop(restore);
            if empty {
                return Ok("null".into());
            }
            state.borrow_mut().next = following;
            Ok(text)
        });
        promise(Ok(Box::pin(race(_stop, self.settings.clone(), work))))
    }
}

impl JsPager {
    /// Takes the next cursor and marks the pager busy: `Ok(None)` after the last page, an
    /// error while a previous `next()` is in flight. The guard gives the cursor back unless
    /// the page is delivered.
    fn claim(&self) -> Result<Option<(u64, Restore)>, Failure> {
        let mut s = self.state.borrow_mut();
        if s.busy {
            return Err(Error::Configuration {
                message: "Pager.next() called while the previous page is still loading".into(),
            }
            .into());
        }
        Ok(s.next.take().map(|c| {
            s.busy = true;
            let restore = Restore {
                state: Rc::clone(&self.state),
                cursor: Some(c),
            };
            (c, restore)
        }))
    }
}
