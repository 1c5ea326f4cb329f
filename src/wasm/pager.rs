//! Lists as JavaScript async iterators: `for await (const p of client.iterateProducts())`.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::error::Error;
use crate::transport::LocalFuture;

// The iterator object is made in JS because `Symbol.asyncIterator` needs a method returning
// `this`; a plain module function avoids `new Function`, which Workers and strict CSPs forbid.
#[wasm_bindgen(
    inline_js = "export function makeAsyncIterator(next) { return { next, [Symbol.asyncIterator]() { return this; } }; }"
)]
extern "C" {
    #[wasm_bindgen(js_name = makeAsyncIterator)]
    fn make_async_iterator(next: &js_sys::Function) -> JsValue;
}

/// Fetches the page at a cursor: its items and the next cursor (`None` after the last page).
pub type FetchPage = Rc<dyn Fn(u64) -> LocalFuture<Result<(Vec<JsValue>, Option<u64>), Error>>>;

struct State {
    buffer: VecDeque<JsValue>,
    next: Option<u64>,
}

fn result(value: JsValue, done: bool) -> JsValue {
    let o = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&o, &"value".into(), &value);
    let _ = js_sys::Reflect::set(&o, &"done".into(), &done.into());
    o.into()
}

/// An async iterator over every item of every page, fetched lazily from cursor `start`.
pub fn async_iterator(fetch: FetchPage, start: u64) -> JsValue {
    let state = Rc::new(RefCell::new(State {
        buffer: VecDeque::new(),
        next: Some(start),
    }));
    let next = Closure::<dyn FnMut() -> js_sys::Promise>::new(move || {
        let state = Rc::clone(&state);
        let fetch = Rc::clone(&fetch);
        future_to_promise(async move {
            loop {
                if let Some(v) = state.borrow_mut().buffer.pop_front() {
                    return Ok(result(v, false));
                }
                let Some(cursor) = state.borrow_mut().next.take() else {
                    return Ok(result(JsValue::UNDEFINED, true));
                };
                // An error leaves the cursor where it was, so a later next() can retry the page.
                let (items, following) = match fetch(cursor).await {
                    Ok(page) => page,
                    Err(e) => {
                        state.borrow_mut().next = Some(cursor);
                        return Err(e.into());
                    }
                };
                let mut s = state.borrow_mut();
                s.next = if items.is_empty() { None } else { following };
                s.buffer.extend(items);
            }
        })
    });
    make_async_iterator(next.into_js_value().unchecked_ref())
}
