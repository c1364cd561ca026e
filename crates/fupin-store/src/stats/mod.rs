//! Statistics: maintained rollups of published, current activity versions.
//!
//! # Two axes, one kernel
//!
//! * **region**: village → township → county → prefecture → province → nation (node `""`);
//! * **system**: supervisory unit → nation. An organization's unit is its 业务主管单位 with the lowest
//!   id (an organization with several is counted under one, so units add up to the nation), or, with
//!   none, its registration authority.
//!
//! Every node has one row in `stat_cells` per (year, field, method, organization type, organization
//! level), so any of those breakdowns is a `GROUP BY` over a few rows. The measures are integers
//! (money in fen, exact): activities, committed / disbursed / spent, goods, volunteer hours,
//! households and persons (by category), roster entries and verified entries.
//!
//! # Counting rules (what "once" means)
//!
//! * An **activity** counts once at every node it reaches: once in the nation, once in each province
//!   it has a location in. Siblings therefore need not add up to their parent for this measure (an
//!   activity in two counties counts in both and once in their prefecture).
//! * **Money, goods, hours and beneficiaries** are split over an activity's locations by their shares
//!   (exactly: floors plus the leftover units to the largest remainders, [`kernel::allocate`]), so at
//!   every level the nodes add up to the national total and nothing is counted twice within a level.
//!   A location given at county level contributes to the county and above, not to its townships.
//! * **Beneficiaries are counted as reported**: each activity's counts by category, split by share.
//!   "Once per level" means a reported person lands in exactly one node per level; it does not mean
//!   deduplicated across activities — two activities that helped the same person report that person
//!   twice, and these counts cannot tell. Deduplicated persons need the roster (ID hashes).
//! * **Roster entries and verified entries** count each published activity's roster and those of
//!   its entries whose stored verdict is verified (同音字 and typo included). Verdicts change after
//!   publication, so a verification withdraws each counted activity ([`apply_withdrawn`]) *before*
//!   it replaces the verdicts and counts it again ([`apply_published`]) after, in one transaction:
//!   what is withdrawn is then exactly what was added, and the verified share stays exact.
//! * **Organizations** are a distinct count: `stat_members` keeps, per node and year, which
//!   organizations have how many counted activities there, so the count stays exact under withdrawal.
//! * A pledge counts in no total; commitments, disbursements and expenditures are summed separately.
//!
//! # Staying exact
//!
//! [`publish`] (or [`apply_published`] / [`apply_withdrawn`]) runs in the transaction that publishes
//! a version: it adds the new version's contribution and subtracts the one it supersedes, recorded
//! in `stat_applied` with the keys it was counted under. Both are idempotent. [`rebuild`] recomputes
//! everything from the activity tables with the same kernel (the repair and backfill path); a test
//! publishes and corrects activities and checks the maintained tables equal a rebuild, and another
//! that the two axes' national totals are equal.

mod aggregate;
mod delta;
mod hasher;
pub mod iati;
pub mod kernel;
pub mod load;
pub mod public;
pub mod read;
mod rebuild;
mod reconcile;
mod sink;
mod write;

pub use kernel::{MEASURE_COLUMNS, MEASURES, Measure, Measures};
pub use read::{Filter, Totals};

use crate::db::{Db, Tx};
use crate::error::StoreError;
use delta::Delta;

/// Publishing version `id` in `tx`: withdraws the version it supersedes (if counted) and counts
/// `id`. Call it in the publishing transaction after the status change to `published` (and the
/// `is_current` swap). This is the one call the workflow needs.
///
/// A correction is one change, not a withdrawal then a publication: both versions and their
/// counted keys are read in one query, and the net delta is written with one statement per table
/// (a delete per table only if some row may fall to zero), then the two `stat_applied` rows. That
/// is 7 round trips at most instead of some 15, which on PostgreSQL was the whole cost.
pub async fn publish(tx: &mut Tx, id: i64) -> Result<(), StoreError> {
    let mut new = None;
    let mut withdrawn = None;
    let mut delta = Delta::default();
    for version in load::counted(tx, id, true).await? {
        if version.facts.activity_id == id {
            new = Some(version);
        } else if let Some(facts) = version.as_counted() {
            delta.add(&facts, -1);
            withdrawn = Some(facts.activity_id);
        }
    }
    let new = new.ok_or(StoreError::NotFound)?;
    let count_new = new.counted.is_none();
    if count_new {
        refuse_unpublished(&new)?;
        delta.add(&new.facts, 1);
    }
    write::apply(tx, &delta).await?;
    if let Some(old) = withdrawn {
        write::forget_applied(tx, old).await?;
    }
    if count_new {
        write::record_applied(tx, &new.facts).await?;
    }
    Ok(())
}

fn refuse_unpublished(version: &load::Loaded) -> Result<(), StoreError> {
    if version.status == "published" {
        return Ok(());
    }
    Err(StoreError::Corrupt(format!(
        "统计：项目版本 {} 尚未公开（状态 {}），不能计入",
        version.facts.activity_id, version.status
    )))
}

/// Adds published version `id` to every rollup in `tx`. Returns `false` (and changes nothing) if it
/// is already counted. A version that is not `published` is refused ([`StoreError::Corrupt`]):
/// call it after the status change.
pub async fn apply_published(tx: &mut Tx, id: i64) -> Result<bool, StoreError> {
    let Some(version) = load::counted(tx, id, false).await?.pop() else {
        return Err(StoreError::NotFound);
    };
    if version.counted.is_some() {
        return Ok(false);
    }
    refuse_unpublished(&version)?;
    write::record_applied(tx, &version.facts).await?;
    let mut delta = Delta::default();
    delta.add(&version.facts, 1);
    write::apply(tx, &delta).await?;
    Ok(true)
}

/// Subtracts version `id` (superseded by a correction, or withdrawn) from every rollup in `tx`,
/// under the keys it was counted with. Returns `false` (and changes nothing) if it was not counted.
pub async fn apply_withdrawn(tx: &mut Tx, id: i64) -> Result<bool, StoreError> {
    let Some(version) = load::counted(tx, id, false).await?.pop() else {
        return Ok(false);
    };
    let Some(facts) = version.as_counted() else {
        return Ok(false);
    };
    let mut delta = Delta::default();
    delta.add(&facts, -1);
    write::apply(tx, &delta).await?;
    write::forget_applied(tx, id).await?;
    Ok(true)
}

/// Recomputes every rollup from the published current versions, in one transaction: the repair
/// and backfill path (and the first build after a bulk load). Returns the versions counted.
pub async fn rebuild(db: &Db) -> Result<usize, StoreError> {
    let mut tx = db.begin().await?;
    let n = rebuild_in(&mut tx).await?;
    tx.commit().await?;
    Ok(n)
}

/// [`rebuild`] inside the caller's transaction. The versions are streamed one row each and
/// aggregated under interned keys, so memory grows with the rollup tables, not with the facts.
pub async fn rebuild_in(tx: &mut Tx) -> Result<usize, StoreError> {
    rebuild::rebuild_in(tx).await
}

/// Builds the rollups once if versions were published (e.g. by a bulk load) but none is counted
/// yet; cheap when they exist. Returns whether it rebuilt.
pub async fn ensure_built(db: &Db) -> Result<bool, StoreError> {
    if is_built(db).await? || !load::any_published(db).await? {
        return Ok(false);
    }
    rebuild(db).await?;
    Ok(true)
}

/// Whether any published version is counted in the rollups.
pub async fn is_built(db: &Db) -> Result<bool, StoreError> {
    let counted = db
        .fetch_i64(
            "SELECT COUNT(*) FROM (SELECT 1 FROM stat_applied LIMIT 1) x",
            &[],
        )
        .await?;
    Ok(counted > 0)
}
