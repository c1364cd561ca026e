//! Spot checks (抽查): a reproducible, weighted, stratified draw without replacement.
//!
//! An official freezes a round's frame (the activities in scope, each with a stratum and a risk
//! weight), publishes it with a seed, and the draw follows from those two alone: anyone can
//! recompute it, with `docs/SPOT-CHECKS.md`'s short Python script or by hand from this
//! description.
//!
//! # Algorithm
//!
//! Inputs: the frame, items `(item_id, stratum, weight_milli)`; the [`Seed`], 32 bytes; the
//! size `n`.
//!
//! 1. **Frame.** The canonical frame text ([`canonical_frame`]) has one line per item,
//!    `item_id,stratum,weight_milli` and a line feed, in ascending order of `item_id`, decimal
//!    integers, UTF-8, no header, no spaces. Its SHA-256 in hexadecimal is the frame digest
//!    ([`frame_digest`]), published so the frame can be checked. The draw refuses an empty frame,
//!    `n = 0`, `n` above the frame's size, a repeated item, a weight of 0, and a stratum
//!    holding a comma or a control character ([`DrawError`]).
//! 2. **Keys** ([`item_key`]). For each item, `u` is the first 8 bytes, read as a big-endian
//!    unsigned integer, of `SHA-256(seed ‖ item_id)`, the item id written as 8 bytes big-endian
//!    two's complement; `U = (u + 1)/2⁶⁴` is uniform in `(0, 1]`. `L = −log₂(U)·2³²` is
//!    computed in integers ([`neg_log2_q32`]): `v = u + 1`; `n = bit_length(v) − 1`;
//!    `m = (v·2⁶²) >> n`; 32 times: `m = (m·m) >> 62`, and if `m ≥ 2⁶³` then `m = m >> 1` and
//!    the next fraction bit is 1, else 0; `L = 64·2³² − (n·2³² + fraction)`. The key is
//!    `⌊L·2³² / weight_milli⌋`.
//! 3. **Allocation** ([`allocation`]). With `H` strata and `N` items: if `n ≥ H`, each stratum
//!    first gets 1 and `r = n − H` more are shared in proportion to `Nₕ − 1` out of `N − H`;
//!    otherwise `r = n` are shared in proportion to `Nₕ` out of `N`. Each stratum gets the floor
//!    of its quota; the ones left over go one each to the strata with the largest remainders
//!    (`r·poolₕ mod pool`), equal remainders ordered by `SHA-256(seed ‖ stratum as UTF-8)`,
//!    smallest first. No stratum is asked for more items than it holds.
//! 4. **Selection.** In each stratum, items sorted by `(key, item_id)` ascending; the first
//!    `nₕ` are drawn, ranked 1, 2, ….
//! 5. **Result** ([`Draw`]): strata in ascending order of their UTF-8 bytes, items by rank.
//!
//! Why it is right: the key is `−log₂(U)/w` up to a constant factor, an exponential "clock"
//! with rate proportional to the weight; taking the smallest keys is Efraimidis and Spirakis's
//! A-ES weighted sampling without replacement (the largest `U^(1/w)`), the same as drawing one
//! item at a time with probability proportional to its weight among those left. Each key
//! depends only on the seed and the item, so it can be checked alone, and adding an item to
//! the frame never reorders the others. Integers, not floating point, so the logarithm is the
//! same on every machine and in every language.
//!
//! ```
//! use fupin_verify::{FrameItem, Seed, draw};
//!
//! let frame: Vec<FrameItem> = (1..=10)
//!     .map(|id| FrameItem { item_id: id, stratum: "530102".into(), weight_milli: 1_000 })
//!     .collect();
//! let seed = Seed::from_phrase("2026年第1轮");
//! let result = draw(&frame, &seed, 3)?;
//! assert_eq!(result.items.len(), 3);
//! assert_eq!(result, draw(&frame, &seed, 3)?);
//! # Ok::<(), fupin_verify::DrawError>(())
//! ```

mod allocation;
mod keys;
mod risk;
mod seed;

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

pub use allocation::StratumAllocation;
pub use keys::{item_key, item_uniform, neg_log2_q32};
pub use risk::{RiskFactors, RiskWeights};
pub use seed::{Seed, SeedError};

/// One item of a round's frozen frame.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FrameItem {
    /// The activity.
    pub item_id: i64,
    /// Its stratum (a county code, a field code, …): no comma, no control character.
    pub stratum: String,
    /// Its risk weight in thousandths (1000 = 1.0), at least 1 ([`RiskWeights::weight_milli`]).
    pub weight_milli: u32,
}

/// One drawn item.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DrawnItem {
    /// The activity.
    pub item_id: i64,
    /// Its stratum.
    pub stratum: String,
    /// Its place in the stratum's draw, from 1.
    pub rank: usize,
    /// Its weight in thousandths, as in the frame.
    pub weight_milli: u32,
    /// Its key ([`item_key`]); the smallest keys are drawn.
    pub key: u128,
}

/// The outcome of a draw.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Draw {
    /// The seed used.
    pub seed: Seed,
    /// The frame's digest ([`frame_digest`]).
    pub frame_digest: String,
    /// Each stratum's size and allocation, by stratum.
    pub strata: Vec<StratumAllocation>,
    /// The drawn items, by stratum then rank.
    pub items: Vec<DrawnItem>,
}

/// A frame or size the draw refuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DrawError {
    /// The frame holds no item.
    #[error("抽查名单为空，无法抽取")]
    EmptyFrame,
    /// The size is 0.
    #[error("抽取数量不能为0")]
    ZeroSize,
    /// More items asked for than the frame holds.
    #[error("抽取数量{size}超过抽查名单中的{frame}项")]
    SizeTooLarge {
        /// The size asked for.
        size: usize,
        /// Items in the frame.
        frame: usize,
    },
    /// An item with weight 0 could never be drawn.
    #[error("活动{item_id}的风险权重为0（最小为1，即0.001）")]
    ZeroWeight {
        /// The item.
        item_id: i64,
    },
    /// An item is listed twice.
    #[error("活动{item_id}在抽查名单中重复出现")]
    DuplicateItem {
        /// The item.
        item_id: i64,
    },
    /// A stratum that would break the frame's one-line-per-item text.
    #[error("活动{item_id}的分层名称含有逗号或控制字符")]
    InvalidStratum {
        /// The item.
        item_id: i64,
    },
}

/// Draws `size` items from `frame` with `seed` (see the module documentation); the result
/// depends on neither the frame's order nor the platform.
pub fn draw(frame: &[FrameItem], seed: &Seed, size: usize) -> Result<Draw, DrawError> {
    let sorted = checked_frame(frame, size)?;
    let mut by_stratum: BTreeMap<&str, Vec<(u128, &FrameItem)>> = BTreeMap::new();
    for item in &sorted {
        let key = item_key(seed, item.item_id, item.weight_milli);
        by_stratum
            .entry(item.stratum.as_str())
            .or_default()
            .push((key, item));
    }
    let sizes: BTreeMap<&str, usize> = by_stratum.iter().map(|(s, v)| (*s, v.len())).collect();
    let strata = allocation::allocate(&sizes, size, seed);
    let mut items = Vec::with_capacity(size);
    for allocated in &strata {
        let Some(candidates) = by_stratum.get_mut(allocated.stratum.as_str()) else {
            continue;
        };
        candidates.sort_by_key(|(key, item)| (*key, item.item_id));
        items.extend(candidates.iter().take(allocated.drawn).enumerate().map(
            |(i, (key, item))| DrawnItem {
                item_id: item.item_id,
                stratum: item.stratum.clone(),
                rank: i + 1,
                weight_milli: item.weight_milli,
                key: *key,
            },
        ));
    }
    Ok(Draw {
        seed: *seed,
        frame_digest: digest_of(&sorted),
        strata,
        items,
    })
}

/// How `size` items would be shared over the frame's strata (step 3), to show a plan before
/// the draw; the same checks as [`draw`].
pub fn allocation(
    frame: &[FrameItem],
    seed: &Seed,
    size: usize,
) -> Result<Vec<StratumAllocation>, DrawError> {
    let sorted = checked_frame(frame, size)?;
    let mut sizes: BTreeMap<&str, usize> = BTreeMap::new();
    for item in &sorted {
        *sizes.entry(item.stratum.as_str()).or_default() += 1;
    }
    Ok(allocation::allocate(&sizes, size, seed))
}

/// The canonical frame text: `item_id,stratum,weight_milli` and a line feed per item, by item
/// id. This is the file to publish.
pub fn canonical_frame(frame: &[FrameItem]) -> String {
    let mut sorted: Vec<&FrameItem> = frame.iter().collect();
    sorted.sort_by_key(|item| item.item_id);
    canonical_text(&sorted)
}

/// SHA-256 of [`canonical_frame`], as 64 lowercase hexadecimal digits.
pub fn frame_digest(frame: &[FrameItem]) -> String {
    let mut sorted: Vec<&FrameItem> = frame.iter().collect();
    sorted.sort_by_key(|item| item.item_id);
    digest_of(&sorted)
}

fn canonical_text(sorted: &[&FrameItem]) -> String {
    sorted
        .iter()
        .map(|item| format!("{},{},{}\n", item.item_id, item.stratum, item.weight_milli))
        .collect()
}

fn digest_of(sorted: &[&FrameItem]) -> String {
    crate::hex::encode(&Sha256::digest(canonical_text(sorted).as_bytes()))
}

/// The frame sorted by item id, after every check; the first problem in item order is named.
fn checked_frame(frame: &[FrameItem], size: usize) -> Result<Vec<&FrameItem>, DrawError> {
    if frame.is_empty() {
        return Err(DrawError::EmptyFrame);
    }
    if size == 0 {
        return Err(DrawError::ZeroSize);
    }
    let mut sorted: Vec<&FrameItem> = frame.iter().collect();
    // Equal ids sorted further by their content so the error does not depend on input order.
    sorted.sort_by(|a, b| {
        (a.item_id, &a.stratum, a.weight_milli).cmp(&(b.item_id, &b.stratum, b.weight_milli))
    });
    let mut previous: Option<i64> = None;
    for item in &sorted {
        if previous == Some(item.item_id) {
            return Err(DrawError::DuplicateItem {
                item_id: item.item_id,
            });
        }
        previous = Some(item.item_id);
        if item.weight_milli == 0 {
            return Err(DrawError::ZeroWeight {
                item_id: item.item_id,
            });
        }
        if item.stratum.chars().any(|c| c == ',' || c.is_control()) {
            return Err(DrawError::InvalidStratum {
                item_id: item.item_id,
            });
        }
    }
    if size > sorted.len() {
        return Err(DrawError::SizeTooLarge {
            size,
            frame: sorted.len(),
        });
    }
    Ok(sorted)
}
