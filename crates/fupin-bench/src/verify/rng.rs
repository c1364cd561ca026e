//! A small counter-based random generator (splitmix64), so that any person's attributes can be
//! recomputed from the seed and the person's number alone: the roster generator reads a person's
//! status and name without keeping 10 million of them in memory.

/// splitmix64's finalizer: a bijective 64-bit mix.
const fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// splitmix64: a fast, well-mixed, deterministic stream.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A stream from a seed.
    pub const fn new(seed: u64) -> Self {
        Self(mix(seed ^ 0x6675_7069_6E2D_6276))
    }

    /// The stream of item `index` of kind `stream` under `seed` (independent of every other).
    pub const fn for_item(seed: u64, stream: u64, index: u64) -> Self {
        Self::new(mix(seed ^ mix(stream.wrapping_add(0x9E37_79B9_7F4A_7C15))) ^ index)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// Uniform in `0..n` (0 when `n` is 0); the multiply-shift bias is below 2⁻³² here.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `0..n` as an index.
    pub fn below_usize(&mut self, n: usize) -> usize {
        usize::try_from(self.below(n as u64)).unwrap_or(0)
    }

    /// Uniform in `low..=high`.
    pub fn between(&mut self, low: i32, high: i32) -> i32 {
        let span = u64::try_from(i64::from(high) - i64::from(low) + 1).unwrap_or(1);
        low + i32::try_from(self.below(span)).unwrap_or(0)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1_u64 << 53) as f64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_deterministic_and_bounded() {
        let mut a = Rng::for_item(1, 2, 3);
        let mut b = Rng::for_item(1, 2, 3);
        assert_eq!(a.next_u64(), b.next_u64());
        assert_ne!(
            Rng::for_item(1, 2, 3).next_u64(),
            Rng::for_item(1, 2, 4).next_u64()
        );
        for _ in 0..1000 {
            assert!(a.below(7) < 7);
            let y = a.between(2019, 2024);
            assert!((2019..=2024).contains(&y));
        }
    }
}
