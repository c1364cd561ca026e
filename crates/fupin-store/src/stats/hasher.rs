//! The hasher of the rebuild's maps.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A hasher for keys of a few integers (FxHash's idea): one folded multiply (the 128-bit product's halves
/// xored, as foldhash does) per word, a few cycles where SipHash takes tens. The keys are ids and
/// codes read from our own tables, not chosen by a client, so there is no flooding to defend
/// against. FxHash's plain multiply was tried first: keys differing only in their high half (the
/// node of a packed cell key) then filled only half the buckets.
#[derive(Default, Clone, Copy)]
pub(super) struct FoldHasher(u64);

const MULTIPLIER: u64 = 0xf135_7aea_2e62_a9c5;

impl FoldHasher {
    fn add(&mut self, word: u64) {
        let product = u128::from(self.0 ^ word) * u128::from(MULTIPLIER);
        self.0 = (product as u64) ^ ((product >> 64) as u64);
    }
}

impl Hasher for FoldHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0_u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    fn write_i32(&mut self, i: i32) {
        self.add(u64::from(i as u32));
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_i64(&mut self, i: i64) {
        self.add(i as u64);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` with [`FoldHasher`].
pub(super) type FoldMap<K, V> = HashMap<K, V, BuildHasherDefault<FoldHasher>>;
