//! One iteration over a paged list, safe against a server that ignores paging.
//!
//! Each API computes the next cursor from what the server says (`Content-Range`, a
//! `pagination` envelope). A server that ignores the requested start answers every request
//! with the same page, and the cursor arithmetic alone would then ask for ever and yield the
//! same items again and again. [`PageGuard`] remembers what one iteration has yielded: items
//! already yielded are dropped, and the list ends at a page with nothing new or at a cursor that
//! does not move forward. [`guarded`] wraps a page fetcher with one guard, for iterators, and
//! [`all_pages`] reads a whole list with one.

use std::hash::Hasher;
use std::rc::Rc;

use serde::Serialize;

use super::hash::{FastHasher, FastSet};
use crate::error::{Api, Error};
use crate::transport::LocalFuture;

/// Fetches the page at a cursor: its items and the next cursor (`None` after the last page).
pub type FetchPage<T> = Rc<dyn Fn(u64) -> LocalFuture<Result<(Vec<T>, Option<u64>), Error>>>;

/// What one iteration has yielded so far.
#[derive(Debug, Default, Clone)]
pub struct PageGuard {
    /// Fingerprints of the items yielded (hashes of their JSON, not the items: a long list
    /// costs 8 bytes an item).
    seen: FastSet<u64>,
}

/// The fingerprint of an item's JSON text.
fn fingerprint(text: &str) -> u64 {
    let mut h = FastHasher::default();
    h.write(text.as_bytes());
    h.finish()
}

/// Fetches the page at a cursor as its items' JSON texts, and the next cursor.
pub type FetchTexts = FetchPage<String>;

impl PageGuard {
    /// A guard for a new iteration.
    pub fn new() -> Self {
        PageGuard::default()
    }

    /// Admits the page fetched at `cursor`, after which the server says `next` comes: returns
    /// the items not yielded before, and the next cursor, or `None` when the list must end
    /// here because the page brought nothing new or `next` does not move past `cursor`.
    pub fn admit<T: Serialize>(
        &mut self,
        cursor: u64,
        items: Vec<T>,
        next: Option<u64>,
    ) -> (Vec<T>, Option<u64>) {
        // An item that cannot be serialized is never taken for a repeat.
        let fresh: Vec<T> = items
            .into_iter()
            .filter(|item| {
                crate::json::to_string(item).map_or(true, |t| self.seen.insert(fingerprint(&t)))
            })
            .collect();
        let next = next.filter(|n| *n > cursor && !fresh.is_empty());
        (fresh, next)
    }

    /// [`Self::admit`] for items already serialized, as an iterator delivers them: each item
    /// is written once, for both its fingerprint and the page.
    pub fn admit_texts(
        &mut self,
        cursor: u64,
        items: Vec<String>,
        next: Option<u64>,
    ) -> (Vec<String>, Option<u64>) {
        let mut fresh = items;
        fresh.retain(|t| self.seen.insert(fingerprint(t)));
        let next = next.filter(|n| *n > cursor && !fresh.is_empty());
        (fresh, next)
    }
}

/// `fetch` with one [`PageGuard`] for all its pages, each page's items as JSON texts: what an
/// async iterator over a list should page with, so that it stops, and yields each item once,
/// whatever the server does.
pub fn guarded<T: Serialize + 'static>(fetch: FetchPage<T>) -> FetchTexts {
    let guard = Rc::new(std::cell::RefCell::new(PageGuard::new()));
    Rc::new(move |cursor| {
        let page = fetch(cursor);
        let guard = Rc::clone(&guard);
        Box::pin(async move {
            let (items, next) = page.await?;
            let mut texts = Vec::with_capacity(items.len());
            for item in &items {
                texts.push(
                    crate::json::to_string(item).map_err(|e| Error::Configuration {
                        message: format!("could not serialize a page: {e}"),
                    })?,
                );
            }
            Ok(guard.borrow_mut().admit_texts(cursor, texts, next))
        })
    })
}

/// Pages one [`all_pages`] reads at the most: past them the list is refused, not cut short.
pub const MAX_PAGES: usize = 10_000;

/// Every item of a list, read page by page from cursor `first` with one [`PageGuard`]: each
/// item once, and a page of repeats or a cursor that does not advance ends the list.
///
/// # Errors
/// Any page's [`Error`]; [`Error::Decode`] when the list has not ended after [`MAX_PAGES`]
/// pages (a server that keeps inventing items), rather than a silently truncated list.
pub async fn all_pages<T, F, Fut>(api: Api, first: u64, mut page: F) -> Result<Vec<T>, Error>
where
    T: Serialize,
    F: FnMut(u64) -> Fut,
    Fut: std::future::Future<Output = Result<(Vec<T>, Option<u64>), Error>>,
{
    let mut all = Vec::new();
    let mut guard = PageGuard::new();
    let mut cursor = first;
    for _ in 0..MAX_PAGES {
        let (items, next) = page(cursor).await?;
        let (items, next) = guard.admit(cursor, items, next);
        all.extend(items);
        match next {
            Some(n) => cursor = n,
            None => return Ok(all),
        }
    }
    Err(Error::Decode {
        api,
        status: 200,
        message: format!(
            "the list did not end after {MAX_PAGES} pages; read it page by page, or with larger pages"
        ),
        body: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_are_dropped_and_a_page_of_repeats_ends_the_list() {
        let mut g = PageGuard::new();
        // (cursor, items, next from the server) → (items yielded, next cursor)
        type Step<'a> = (u64, &'a [u32], Option<u64>, &'a [u32], Option<u64>);
        let steps: &[Step<'_>] = &[
            (0, &[1, 2], Some(2), &[1, 2], Some(2)),
            // Overlap (an item inserted meanwhile shifted the list): the repeat is dropped.
            (2, &[2, 3], Some(4), &[3], Some(4)),
            // The server answered the first page again: nothing new, the list ends.
            (4, &[1, 2], Some(6), &[], None),
        ];
        for (cursor, items, next, want_items, want_next) in steps {
            let (got, n) = g.admit(*cursor, items.to_vec(), *next);
            assert_eq!(
                (got.as_slice(), n),
                (*want_items, *want_next),
                "at {cursor}"
            );
        }
    }

    #[test]
    fn a_cursor_that_does_not_advance_ends_the_list() {
        for next in [Some(0), Some(5), None] {
            let mut g = PageGuard::new();
            let (items, n) = g.admit(5, vec!["a", "b"], next);
            assert_eq!((items, n), (vec!["a", "b"], None), "{next:?}");
        }
        let mut g = PageGuard::new();
        assert_eq!(g.admit(5, vec!["a"], Some(6)).1, Some(6));
    }

    #[test]
    fn an_iterator_gets_each_item_once_as_text() {
        use futures::executor::block_on;
        // The server answers cursor 2 with an overlap, and cursor 3 with the first page again.
        let pages: FetchPage<u32> = Rc::new(|cursor| {
            Box::pin(async move {
                Ok(match cursor {
                    0 => (vec![1, 2], Some(2)),
                    2 => (vec![2, 3], Some(3)),
                    _ => (vec![1, 2], Some(9)),
                })
            })
        });
        let fetch = guarded(pages);
        let texts = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(block_on(fetch(0)).ok(), Some((texts(&["1", "2"]), Some(2))));
        assert_eq!(block_on(fetch(2)).ok(), Some((texts(&["3"]), Some(3))));
        assert_eq!(block_on(fetch(3)).ok(), Some((Vec::new(), None)));
    }

    #[test]
    fn all_pages_reads_to_the_end_and_refuses_a_list_without_one() {
        use futures::executor::block_on;
        // Pages of two from 0 to 6.
        let got = block_on(all_pages(Api::Omnissa, 0, |c| async move {
            let items: Vec<u64> = (c..(c + 2).min(6)).collect();
            Ok((items, (c + 2 < 6).then_some(c + 2)))
        }));
        assert_eq!(got.ok(), Some(vec![0, 1, 2, 3, 4, 5]));
        // A server that always has a new item and a next page.
        let endless = block_on(all_pages(Api::Omnissa, 0, |c| async move {
            Ok((vec![c], Some(c + 1)))
        }));
        match endless {
            Err(Error::Decode { message, .. }) => {
                assert!(message.contains("10000 pages"), "{message}")
            }
            other => panic!("{other:?}"),
        }
    }
}
