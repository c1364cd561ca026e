//! How many items each stratum gives: one each first, the rest in proportion, largest
//! remainders first, ties by a hash of the seed and the stratum.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use super::Seed;

/// One stratum of a draw: its size in the frame and how many of its items are drawn.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StratumAllocation {
    /// The stratum.
    pub stratum: String,
    /// Items of the frame in it.
    pub frame_items: usize,
    /// Items drawn from it.
    pub drawn: usize,
}

/// Shares `size` over strata of the given sizes (by stratum, all non-empty, total ≥ `size`).
///
/// With `H` strata and `N` items: when `size ≥ H`, each stratum first gets 1 and the other
/// `r = size − H` go in proportion to the items left, `Nₕ − 1` of `N − H`; otherwise there is no
/// first round and `r = size` go in proportion to `Nₕ` of `N`. Stratum `h` gets the floor of
/// its quota `r·poolₕ / pool` and, while some remain, one more, in order of the remainder
/// `r·poolₕ mod pool` (largest first), then of `SHA-256(seed ‖ stratum)` (smallest first). No
/// stratum is given more than it holds, and the sizes sum to `size`.
pub(super) fn allocate(
    strata: &BTreeMap<&str, usize>,
    size: usize,
    seed: &Seed,
) -> Vec<StratumAllocation> {
    let items: usize = strata.values().sum();
    let first_round = usize::from(size >= strata.len());
    let rest = size.saturating_sub(first_round * strata.len());
    let pool = items.saturating_sub(first_round * strata.len());
    let wide = |n: usize| u128::try_from(n).unwrap_or(u128::MAX);

    let mut shares: Vec<(StratumAllocation, u128, [u8; 32])> = strata
        .iter()
        .map(|(stratum, frame_items)| {
            let own_pool = wide(frame_items.saturating_sub(first_round));
            let product = wide(rest).saturating_mul(own_pool);
            let (quota, remainder) = match wide(pool) {
                0 => (0, 0),
                p => (product / p, product % p),
            };
            let allocation = StratumAllocation {
                stratum: (*stratum).to_owned(),
                frame_items: *frame_items,
                drawn: first_round + usize::try_from(quota).unwrap_or(0),
            };
            (allocation, remainder, tie_break(seed, stratum))
        })
        .collect();

    let given: usize = shares.iter().map(|(a, _, _)| a.drawn).sum();
    let mut left = size.saturating_sub(given);
    shares.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.2.cmp(&b.2)));
    for (allocation, remainder, _) in &mut shares {
        if left == 0 || *remainder == 0 {
            break;
        }
        allocation.drawn += 1;
        left -= 1;
    }
    let mut allocations: Vec<StratumAllocation> = shares.into_iter().map(|(a, _, _)| a).collect();
    allocations.sort();
    allocations
}

/// `SHA-256(seed ‖ stratum as UTF-8)`: an order among equal remainders that favours no name.
fn tie_break(seed: &Seed, stratum: &str) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(seed.as_bytes());
    hasher.update(stratum.as_bytes());
    hasher.finalize().into()
}
