//! Verification (信息核对): what the engine reads (registry persons, roster entries, activity
//! locations) and what it writes (verdicts per entry, figures per activity), plus the runs, the
//! adjudication queue, the anomalies and an organization's figures (`quality`).
//!
//! The engine itself (`fupin-verify`) has no database: the service layer reads these pages into
//! memory, verifies, and writes the verdicts back activity by activity, so a bulk run can stop and
//! resume where its last committed batch ended.

pub mod adjudication;
pub mod anomalies;
pub mod inputs;
pub mod quality;
pub mod runs;

use time::OffsetDateTime;

use inputs::year_bounds;

use crate::bulk::BulkTable;
use crate::db::{Db, Tx, Value};
use crate::error::StoreError;

/// A verdict to store for one entry.
#[derive(Debug, Clone)]
pub struct NewVerdict {
    /// Entry id.
    pub entry_id: i64,
    /// Activity id.
    pub activity_id: i64,
    /// Status code.
    pub status: String,
    /// Reason codes, comma-separated.
    pub reason_codes: String,
    /// Reasons in Chinese, without registry data, separated by '；'.
    pub reasons_zh: String,
    /// Name similarity in basis points, when compared.
    pub name_score: Option<i32>,
    /// Other organizations claiming the person in the same year.
    pub claims: i32,
}

const VERDICTS: BulkTable = BulkTable {
    table: "roster_verdicts",
    columns: &[
        "entry_id",
        "activity_id",
        "status",
        "reason_codes",
        "reasons_zh",
        "name_score",
        "claims",
        "run_id",
        "verified_at",
    ],
};

/// An activity's verification figures to store.
#[derive(Debug, Clone)]
pub struct NewActivityVerification {
    /// Activity id.
    pub activity_id: i64,
    /// Its organization.
    pub organization_id: i64,
    /// Entries verified.
    pub entries: i64,
    /// Entries with a verified status.
    pub verified: i64,
    /// Quality points (per entry 0–10,000).
    pub quality_points: i64,
    /// Aid of all entries.
    pub aid_fen: i64,
    /// Aid of verified entries.
    pub verified_aid_fen: i64,
}

const ACTIVITY_VERIFICATION: BulkTable = BulkTable {
    table: "activity_verification",
    columns: &[
        "activity_id",
        "organization_id",
        "entries",
        "verified",
        "quality_points",
        "aid_fen",
        "verified_aid_fen",
        "run_id",
        "verified_at",
    ],
};

/// Replaces the verdicts and figures of the given activities in `tx`: every activity in
/// `activities` loses its old verdicts, then `verdicts` and `figures` are written.
pub async fn replace_verdicts(
    tx: &mut Tx,
    run_id: i64,
    at: OffsetDateTime,
    activities: &[i64],
    verdicts: Vec<NewVerdict>,
    figures: Vec<NewActivityVerification>,
) -> Result<(), StoreError> {
    for activity in activities {
        let id = Value::from(*activity);
        tx.execute(
            "DELETE FROM roster_verdicts WHERE activity_id = $1",
            std::slice::from_ref(&id),
        )
        .await?;
        tx.execute(
            "DELETE FROM activity_verification WHERE activity_id = $1",
            &[id],
        )
        .await?;
    }
    let rows = verdicts
        .into_iter()
        .map(|v| {
            vec![
                Value::from(v.entry_id),
                Value::from(v.activity_id),
                Value::from(v.status),
                Value::from(v.reason_codes),
                Value::from(v.reasons_zh),
                Value::from(v.name_score),
                Value::from(v.claims),
                Value::from(run_id),
                Value::from(at),
            ]
        })
        .collect();
    tx.bulk_insert(VERDICTS, rows).await?;
    let rows = figures
        .into_iter()
        .map(|f| {
            vec![
                Value::from(f.activity_id),
                Value::from(f.organization_id),
                Value::from(f.entries),
                Value::from(f.verified),
                Value::from(f.quality_points),
                Value::from(f.aid_fen),
                Value::from(f.verified_aid_fen),
                Value::from(run_id),
                Value::from(at),
            ]
        })
        .collect();
    tx.bulk_insert(ACTIVITY_VERIFICATION, rows).await?;
    Ok(())
}

/// Refreshes PostgreSQL's planner statistics of the tables a bulk run fills. Taken while they
/// were nearly empty (or never, where autovacuum is off), the statistics describe tables a
/// thousand times smaller than the run leaves them, and later plans (the run's own, the pages')
/// are chosen for that. SQLite plans without them.
pub async fn analyze_verdicts(db: &Db) -> Result<(), StoreError> {
    if db.backend() == crate::Backend::Postgres {
        db.execute(
            "ANALYZE roster_verdicts, activity_verification, adjudications",
            &[],
        )
        .await?;
    }
    Ok(())
}

/// A stored verdict as shown beside a roster row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VerdictRow {
    /// Entry id.
    pub entry_id: i64,
    /// Row in the roster.
    pub row_no: i32,
    /// Masked ID number.
    pub id_masked: String,
    /// Status code.
    pub status: String,
    /// Reasons in Chinese (no registry data).
    pub reasons_zh: String,
    /// Other organizations claiming the person that year.
    pub claims: i32,
}

/// An activity's verdicts in roster order; `only_doubtful` keeps the unverified and noted ones.
pub async fn verdicts_for_activity(
    db: &Db,
    activity_id: i64,
    only_doubtful: bool,
    limit: i64,
) -> Result<Vec<VerdictRow>, StoreError> {
    db.fetch_all(
        "SELECT v.entry_id, e.row_no, e.id_masked, v.status, v.reasons_zh, v.claims \
         FROM roster_verdicts v JOIN roster_entries e ON e.id = v.entry_id \
         WHERE v.activity_id = $1 \
           AND (NOT $2 OR v.status NOT IN ('verified') OR v.claims > 0) \
         ORDER BY e.row_no LIMIT $3",
        &[
            Value::from(activity_id),
            Value::from(only_doubtful),
            Value::from(limit),
        ],
    )
    .await
}

/// Entries per status code of an activity's roster (statuses without entries omitted).
pub async fn status_counts_for_activity(
    db: &Db,
    activity_id: i64,
) -> Result<Vec<(String, i64)>, StoreError> {
    db.fetch_all(
        "SELECT status, COUNT(*) FROM roster_verdicts WHERE activity_id = $1 \
         GROUP BY status ORDER BY status",
        &[Value::from(activity_id)],
    )
    .await
}

/// Entries per status code across the verdicts of activities with a location under `region`
/// (all when empty), for the service year `year` (all when `None`).
pub async fn status_counts(
    db: &Db,
    region: &str,
    year: Option<i32>,
) -> Result<Vec<(String, i64)>, StoreError> {
    let (from, to) = year_bounds(year);
    db.fetch_all(
        "SELECT v.status, COUNT(*) FROM roster_verdicts v \
         JOIN roster_entries e ON e.id = v.entry_id \
         WHERE e.service_date >= $1 AND e.service_date < $2 \
           AND ($3 = '' OR EXISTS (SELECT 1 FROM activity_locations l \
                WHERE l.activity_id = v.activity_id AND l.region_code >= $3 AND l.region_code < $4)) \
         GROUP BY v.status ORDER BY v.status",
        &[
            Value::from(from),
            Value::from(to),
            Value::from(region),
            Value::from(format!("{region}:")),
        ],
    )
    .await
}
