//! Each item's key: an exponential clock `−log₂(U)/w`, in exact integer arithmetic.
//!
//! Efraimidis and Spirakis draw the items with the largest `U^(1/w)`; the same items have the
//! smallest `−log₂(U)/w`. A floating-point logarithm may differ in its last bit from one
//! mathematics library to another, which could swap two close items; the integer procedure
//! below gives the same bits everywhere and takes a few lines of Python to repeat.

use sha2::{Digest, Sha256};

use super::Seed;

/// Fraction bits of the logarithm (and the extra bits kept when dividing by the weight).
const FRACTION_BITS: u32 = 32;

/// The item's uniform number `u`: the first 8 bytes, big-endian, of
/// `SHA-256(seed ‖ item_id as 8 bytes big-endian two's complement)`.
pub fn item_uniform(seed: &Seed, item_id: i64) -> u64 {
    let mut hasher = Sha256::new();
    hasher.update(seed.as_bytes());
    hasher.update(item_id.to_be_bytes());
    let digest: [u8; 32] = hasher.finalize().into();
    let mut first = [0_u8; 8];
    first.copy_from_slice(digest.get(..8).unwrap_or(&[0; 8]));
    u64::from_be_bytes(first)
}

/// The item's key, smallest first: `floor(L · 2³² / weight_milli)` with
/// `L = neg_log2_q32(item_uniform(seed, item_id))`. A weight of 0 is taken as 1 (the draw
/// refuses it before).
pub fn item_key(seed: &Seed, item_id: i64, weight_milli: u32) -> u128 {
    let log = u128::from(neg_log2_q32(item_uniform(seed, item_id)));
    (log << FRACTION_BITS) / u128::from(weight_milli.max(1))
}

/// `−log₂(U)` with `U = (u + 1) / 2⁶⁴` in `(0, 1]`, in units of 2⁻³², by the classic
/// bit-by-bit method: with `v = u + 1`, `n = ⌊log₂ v⌋` is the integer part; the mantissa
/// `m = v / 2ⁿ` in `[1, 2)` is held with 62 fraction bits; squaring it 32 times (truncating to
/// 62 fraction bits each time) yields the fraction bits one by one: a square of 2 or more
/// means a 1 bit, and is halved. Then `L = 64·2³² − (n·2³² + fraction)`.
pub fn neg_log2_q32(u: u64) -> u64 {
    let v = u128::from(u) + 1;
    let n = 127 - v.leading_zeros();
    let mut mantissa = (v << 62) >> n;
    let mut fraction: u64 = 0;
    for _ in 0..FRACTION_BITS {
        // mantissa < 2⁶³, so its square < 2¹²⁶ fits.
        mantissa = (mantissa * mantissa) >> 62;
        fraction <<= 1;
        if mantissa >= 1 << 63 {
            mantissa >>= 1;
            fraction |= 1;
        }
    }
    let log2_v = (u64::from(n) << FRACTION_BITS) | fraction;
    // v ≤ 2⁶⁴, so log2_v ≤ 64·2³²; saturating only to rule out a panic.
    (64_u64 << FRACTION_BITS).saturating_sub(log2_v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_logarithm_is_close_to_the_true_one() {
        for u in [
            0_u64,
            1,
            2,
            1 << 20,
            1 << 40,
            1 << 63,
            u64::MAX / 3,
            u64::MAX - 1,
        ] {
            let exact = -((u as f64 + 1.0) / 2_f64.powi(64)).log2();
            let ours = neg_log2_q32(u) as f64 / 2_f64.powi(32);
            assert!((exact - ours).abs() < 1e-8, "{u}: {exact} vs {ours}");
        }
        assert_eq!(neg_log2_q32(u64::MAX), 0);
        assert_eq!(neg_log2_q32(0), 64 << 32);
        assert_eq!(neg_log2_q32((1 << 63) - 1), 1 << 32);
    }
}
