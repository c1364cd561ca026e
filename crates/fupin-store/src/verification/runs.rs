//! Verification runs: who started what, how far it got, so a bulk run can resume.

use time::OffsetDateTime;

use crate::db::{Db, Tx, Value};
use crate::error::StoreError;

/// What started a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// A roster was submitted with its activity.
    Submission,
    /// `fupin verify` over an area or year.
    Bulk,
}

impl Trigger {
    /// Stored code.
    pub const fn code(self) -> &'static str {
        match self {
            Trigger::Submission => "submission",
            Trigger::Bulk => "bulk",
        }
    }
}

/// A run as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RunRow {
    /// Run id.
    pub id: i64,
    /// `submission` or `bulk`.
    pub trigger_kind: String,
    /// Region prefix of the run's scope ('' for all).
    pub scope_region: String,
    /// Service year of the run's scope.
    pub scope_year: Option<i32>,
    /// Start.
    pub started_at: OffsetDateTime,
    /// End, when it finished.
    pub finished_at: Option<OffsetDateTime>,
    /// Who started it.
    pub started_by: String,
    /// Entries the run covers.
    pub entries_total: i64,
    /// Entries whose verdicts are stored.
    pub entries_done: i64,
    /// The last activity whose verdicts are stored (activities are written in id order).
    pub last_activity_id: i64,
}

/// `SELECT` of every run column, followed by the rest of the query.
macro_rules! select_runs {
    ($rest:literal) => {
        concat!(
            "SELECT id, trigger_kind, scope_region, scope_year, started_at, finished_at, \
             started_by, entries_total, entries_done, last_activity_id FROM verification_runs ",
            $rest
        )
    };
}

/// Starts a run in `tx` and returns its id.
pub async fn start(
    tx: &mut Tx,
    trigger: Trigger,
    scope_region: &str,
    scope_year: Option<i32>,
    started_by: &str,
    at: OffsetDateTime,
) -> Result<i64, StoreError> {
    tx.fetch_i64(
        "INSERT INTO verification_runs (trigger_kind, scope_region, scope_year, started_at, started_by) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
        &[
            Value::from(trigger.code()),
            Value::from(scope_region),
            Value::from(scope_year),
            Value::from(at),
            Value::from(started_by),
        ],
    )
    .await
}

/// Records progress in `tx`, in the transaction that stored the verdicts it counts.
pub async fn record_progress(
    tx: &mut Tx,
    run_id: i64,
    entries_total: i64,
    entries_done: i64,
    last_activity_id: i64,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE verification_runs SET entries_total = $2, entries_done = $3, last_activity_id = $4 \
         WHERE id = $1",
        &[
            Value::from(run_id),
            Value::from(entries_total),
            Value::from(entries_done),
            Value::from(last_activity_id),
        ],
    )
    .await?;
    Ok(())
}

/// Marks a run finished.
pub async fn finish(db: &Db, run_id: i64, at: OffsetDateTime) -> Result<(), StoreError> {
    db.execute(
        "UPDATE verification_runs SET finished_at = $2 WHERE id = $1",
        &[Value::from(run_id), Value::from(at)],
    )
    .await?;
    Ok(())
}

/// The latest unfinished bulk run with this scope, to resume.
pub async fn unfinished_bulk(
    db: &Db,
    scope_region: &str,
    scope_year: Option<i32>,
) -> Result<Option<RunRow>, StoreError> {
    db.fetch_optional(
        select_runs!(
            "WHERE trigger_kind = 'bulk' AND finished_at IS NULL AND scope_region = $1 \
               AND COALESCE(scope_year, -1) = COALESCE($2, -1) \
             ORDER BY id DESC LIMIT 1"
        ),
        &[Value::from(scope_region), Value::from(scope_year)],
    )
    .await
}
