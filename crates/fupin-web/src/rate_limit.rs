//! A per-address limit on sign-in attempts, in memory.
//!
//! The account lockout (in `fupin_app`) protects one account; this protects the sign-in form from
//! one address trying many accounts. Each address gets `burst` attempts, refilled at one every
//! `refill`. The state lives in the process: behind several server processes each keeps its own
//! count (documented in ARCHITECTURE.md).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Attempts kept per address before old addresses are forgotten (bounds memory under a flood).
const MAX_ADDRESSES: usize = 100_000;

/// A token bucket per client address.
#[derive(Debug)]
pub struct RateLimiter {
    burst: u32,
    refill: Duration,
    buckets: Mutex<HashMap<String, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl RateLimiter {
    /// `burst` attempts at once, then one more every `refill`.
    pub fn new(burst: u32, refill: Duration) -> Self {
        RateLimiter {
            burst,
            refill,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// The platform's sign-in limit: 10 attempts, then one every 6 seconds per address.
    pub fn sign_in() -> Self {
        RateLimiter::new(10, Duration::from_secs(6))
    }

    /// Takes one attempt for `address`; `false` when the address has none left.
    pub fn allow(&self, address: &str) -> bool {
        self.allow_at(address, Instant::now())
    }

    fn allow_at(&self, address: &str, now: Instant) -> bool {
        let Ok(mut buckets) = self.buckets.lock() else {
            return true;
        };
        if buckets.len() >= MAX_ADDRESSES && !buckets.contains_key(address) {
            let burst = f64::from(self.burst);
            let refill = self.refill;
            buckets.retain(|_, b| refilled(*b, now, refill, burst) < burst);
        }
        let burst = f64::from(self.burst);
        let bucket = buckets.entry(address.to_owned()).or_insert(Bucket {
            tokens: burst,
            at: now,
        });
        let tokens = refilled(*bucket, now, self.refill, burst);
        if tokens >= 1.0 {
            *bucket = Bucket {
                tokens: tokens - 1.0,
                at: now,
            };
            true
        } else {
            *bucket = Bucket { tokens, at: now };
            false
        }
    }
}

fn refilled(bucket: Bucket, now: Instant, refill: Duration, burst: f64) -> f64 {
    let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
    (bucket.tokens + elapsed / refill.as_secs_f64()).min(burst)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gets_its_burst_then_waits_for_refills() {
        let limiter = RateLimiter::new(3, Duration::from_secs(10));
        let start = Instant::now();
        assert!((0..3).all(|_| limiter.allow_at("10.0.0.1", start)));
        assert!(!limiter.allow_at("10.0.0.1", start));
        assert!(
            limiter.allow_at("10.0.0.2", start),
            "other addresses unaffected"
        );
        let later = start + Duration::from_secs(10);
        assert!(limiter.allow_at("10.0.0.1", later));
        assert!(!limiter.allow_at("10.0.0.1", later));
    }
}
