//! A fast hasher for the sets that find repeats (duplicate SKUs in an order, items a paging
//! server sent twice).
//!
//! std's SipHash is built to resist chosen collisions with a random key, but on
//! wasm32-unknown-unknown it has no randomness to key it with, so there it buys no safety and
//! costs a fifth of the time of validating a 1,000-offer order. The keys hashed here are the
//! caller's own order (at most [`crate::json::LIMITS`] items) or a page's items, so the worst
//! case of a crafted collision is a slow validation of one's own input.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

/// A multiply-rotate hasher (FxHash's scheme), eight bytes at a time.
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        // `split_first_chunk` gives each word as an array: a plain load, no copy call.
        let mut rest = bytes;
        while let Some((word, tail)) = rest.split_first_chunk::<8>() {
            self.add(u64::from_le_bytes(*word));
            rest = tail;
        }
        let mut last = 0u64;
        for (i, b) in rest.iter().enumerate() {
            last |= u64::from(*b) << (8 * i);
        }
        // The length too, so that "a" and "a\0" differ.
        self.add(last ^ ((rest.len() as u64) << 56));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashSet` with [`FastHasher`].
pub type FastSet<T> = HashSet<T, BuildHasherDefault<FastHasher>>;

/// An empty [`FastSet`] with room for `n` items.
pub fn fast_set<T>(n: usize) -> FastSet<T> {
    FastSet::with_capacity_and_hasher(n, BuildHasherDefault::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_repeats_and_tells_near_keys_apart() {
        let mut s = fast_set(8);
        for k in [
            "",
            "a",
            "a\0",
            "abcdefgh",
            "abcdefgh\0",
            "abcdefghi",
            "WSD-A0001-12PT0-C1S",
        ] {
            assert!(s.insert(k), "{k:?} is new");
        }
        assert!(!s.insert("abcdefgh"));
        let hash = |k: &str| {
            let mut h = FastHasher::default();
            h.write(k.as_bytes());
            h.finish()
        };
        assert_ne!(hash("a"), hash("a\0"));
        assert_ne!(hash("WSD-A0001-12PT0-C1S"), hash("WSD-A0002-12PT0-C1S"));
    }
}
