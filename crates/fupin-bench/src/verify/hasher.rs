//! The keyed ID hash of the benchmark (the app's HMAC-SHA-256, keyed once), and the filter of
//! the hashes on a roster.

use anyhow::{Result, bail};
use fupin_domain::IdNumber;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use sha2::digest::generic_array::GenericArray;

/// HMAC-SHA-256 of ID numbers truncated to 16 bytes, as `fupin_app::PiiKeys::id_hash` computes it
/// (checked at start), but keyed once: the SHA-256 states after the key's inner and outer pads are
/// kept, so an ID of up to 55 bytes costs two compressions and no allocation instead of four.
#[derive(Clone)]
pub struct IdHasher {
    inner: [u32; 8],
    outer: [u32; 8],
    keyed: Hmac<Sha256>,
}

/// SHA-256's initial state.
const SHA256_INIT: [u32; 8] = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];

/// The state after one block.
fn compressed(mut state: [u32; 8], block: [u8; 64]) -> [u32; 8] {
    sha2::compress256(&mut state, &[GenericArray::from(block)]);
    state
}

/// The last block of a message of `len` bytes after a first block (the key pad): `tail` padded
/// with `0x80`, zeros and the bit length. `tail` must be at most 55 bytes.
fn final_block(tail: &[u8]) -> [u8; 64] {
    let mut block = [0_u8; 64];
    block[..tail.len()].copy_from_slice(tail);
    block[tail.len()] = 0x80;
    let bits = ((64 + tail.len()) as u64) * 8;
    block[56..].copy_from_slice(&bits.to_be_bytes());
    block
}

impl IdHasher {
    /// The hasher of the benchmarks' fixed key, checked against `PiiKeys::id_hash`.
    pub fn bench() -> Result<Self> {
        let key = crate::shell::bench_mac_key()?;
        let pad = |byte: u8| {
            let mut block = [byte; 64];
            for (b, k) in block.iter_mut().zip(key) {
                *b ^= k;
            }
            compressed(SHA256_INIT, block)
        };
        let keyed =
            <Hmac<Sha256> as Mac>::new_from_slice(&key).map_err(|e| anyhow::anyhow!("{e}"))?;
        let hasher = Self {
            inner: pad(0x36),
            outer: pad(0x5c),
            keyed,
        };
        let keys = crate::shell::bench_keys()?;
        // A probe built at run time (no ID-shaped literal in the source), its check digit computed.
        let probe = IdNumber::from_parts("110105", time::macros::date!(1949 - 12 - 31), 2)?;
        if keys.id_hash(&probe) != hasher.hash(probe.as_str().as_bytes()) {
            bail!("the benchmark's ID hasher disagrees with fupin_app::PiiKeys::id_hash");
        }
        Ok(hasher)
    }

    /// The 16-byte keyed hash of a normalized ID number.
    pub fn hash(&self, id: &[u8]) -> [u8; 16] {
        let mut out = [0; 16];
        if id.len() > 55 {
            // Never an ID number; the general path all the same.
            let mut mac = self.keyed.clone();
            mac.update(id);
            out.copy_from_slice(&mac.finalize().into_bytes()[..16]);
            return out;
        }
        let inner = compressed(self.inner, final_block(id));
        let mut digest = [0_u8; 32];
        for (chunk, word) in digest.chunks_exact_mut(4).zip(inner) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
        let outer = compressed(self.outer, final_block(&digest));
        for (chunk, word) in out.chunks_exact_mut(4).zip(outer) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
        out
    }
}

/// Filter slots per roster hash: 8 (1 MiB of bits for a million entries) lets 6–12% of the
/// unreferenced registry through; 32 would let 3% through but costs a cache miss per row.
const SLOTS_PER_HASH: usize = 8;

/// One bit per slot of a hash's leading bits, set for every hash on the roster: a registry row
/// whose bit is clear is named by no entry and need not be indexed (a semi-join, as a database
/// builds its hash table on the smaller side). With [`SLOTS_PER_HASH`] slots per hash, rounded up to
/// a power of two, about 1 − e^(−1/slots) of the others pass, which only indexes a few persons
/// more; the bits stay small enough for the processor's cache.
#[derive(Debug, Clone)]
pub struct HashFilter {
    bits: Vec<u64>,
    shift: u32,
}

impl HashFilter {
    /// The filter of `hashes`.
    pub fn new<'a>(hashes: impl ExactSizeIterator<Item = &'a [u8; 16]>) -> Self {
        let slots = (hashes.len().max(1) * SLOTS_PER_HASH)
            .next_power_of_two()
            .max(1 << 16);
        let mut filter = Self {
            bits: vec![0; slots / 64],
            shift: 64 - slots.trailing_zeros(),
        };
        for hash in hashes {
            let slot = filter.slot(hash);
            if let Some(word) = filter.bits.get_mut(slot / 64) {
                *word |= 1 << (slot % 64);
            }
        }
        filter
    }

    fn slot(&self, hash: &[u8; 16]) -> usize {
        let mut lead = [0; 8];
        lead.copy_from_slice(&hash[..8]);
        (u64::from_be_bytes(lead) >> self.shift) as usize
    }

    /// Whether `hash` may be on the roster (false: certainly not).
    pub fn may_contain(&self, hash: &[u8; 16]) -> bool {
        let slot = self.slot(hash);
        self.bits
            .get(slot / 64)
            .is_some_and(|word| word >> (slot % 64) & 1 == 1)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn the_hasher_agrees_with_the_app() {
        let hasher = IdHasher::bench().unwrap();
        let keys = crate::shell::bench_keys().unwrap();
        for sequence in 0..300 {
            let id = IdNumber::from_parts("520102", time::macros::date!(1980 - 02 - 29), sequence)
                .unwrap();
            assert_eq!(keys.id_hash(&id), hasher.hash(id.as_str().as_bytes()));
        }
    }

    #[test]
    fn the_filter_passes_every_roster_hash_and_few_others() {
        let hasher = IdHasher::bench().unwrap();
        let hashes: Vec<[u8; 16]> = (0..10_000_u32)
            .map(|i| hasher.hash(&i.to_be_bytes()))
            .collect();
        let filter = HashFilter::new(hashes.iter());
        assert!(hashes.iter().all(|h| filter.may_contain(h)));
        let passed = (10_000..110_000_u32)
            .filter(|i| filter.may_contain(&hasher.hash(&i.to_be_bytes())))
            .count();
        assert!(passed < 13_000, "{passed} of 100000 others passed");
    }
}
