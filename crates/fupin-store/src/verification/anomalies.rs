//! Anomalies (异常线索): the inputs the detectors read and the findings the last bulk run stored.

use time::OffsetDateTime;

use crate::bulk::BulkTable;
use crate::db::{Db, Tx, Value};
use crate::error::StoreError;
use crate::scope::Scope;

/// An activity's roster aid: the input of the aid-per-person outlier test.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RosterAidRow {
    /// Activity.
    pub activity_id: i64,
    /// Its organization.
    pub organization_id: i64,
    /// Its primary field.
    pub field: String,
    /// Its first location's county ('' when it has only province or prefecture locations).
    pub county_code: String,
    /// Aid over the roster, in fen.
    pub aid_fen: i64,
    /// Roster entries.
    pub persons: i64,
}

/// Roster aid per reported current activity.
pub async fn roster_aid(db: &Db) -> Result<Vec<RosterAidRow>, StoreError> {
    db.fetch_all(
        "SELECT a.id AS activity_id, a.organization_id, a.field, \
                COALESCE((SELECT MIN(l.county_code) FROM activity_locations l \
                          WHERE l.activity_id = a.id), '') AS county_code, \
                CAST(SUM(e.aid_fen) AS BIGINT) AS aid_fen, COUNT(e.id) AS persons \
         FROM activities a JOIN roster_entries e ON e.activity_id = a.id \
         WHERE a.is_current AND a.status IN ('submitted', 'accepted', 'published') \
         GROUP BY a.id, a.organization_id, a.field ORDER BY a.id",
        &[],
    )
    .await
}

/// One evidence file's use by a current activity.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EvidenceUseRow {
    /// SHA-256 of the file, hex.
    pub sha256: String,
    /// Activity.
    pub activity_id: i64,
    /// Its organization.
    pub organization_id: i64,
}

/// Evidence files of current activities other than drafts.
pub async fn evidence_uses(db: &Db) -> Result<Vec<EvidenceUseRow>, StoreError> {
    db.fetch_all(
        "SELECT f.sha256, f.activity_id, a.organization_id \
         FROM evidence_files f JOIN activities a ON a.id = f.activity_id \
         WHERE a.is_current AND a.status <> 'draft' ORDER BY f.sha256, f.activity_id",
        &[],
    )
    .await
}

/// An anomaly to store (no personal data in `detail_zh`).
#[derive(Debug, Clone)]
pub struct NewAnomaly {
    /// Kind code.
    pub kind: String,
    /// Activity concerned, if one.
    pub activity_id: Option<i64>,
    /// Organization concerned, if one.
    pub organization_id: Option<i64>,
    /// Region for scoping ('' when none).
    pub region_code: String,
    /// Strength (e.g. |z| × 1000, or a count).
    pub score: i64,
    /// What was found, in Chinese.
    pub detail_zh: String,
}

const ANOMALIES: BulkTable = BulkTable {
    table: "anomalies",
    columns: &[
        "run_id",
        "kind",
        "activity_id",
        "organization_id",
        "region_code",
        "score",
        "detail_zh",
        "found_at",
    ],
};

/// Replaces every stored anomaly with those of `run_id`.
pub async fn replace_all(
    tx: &mut Tx,
    run_id: i64,
    at: OffsetDateTime,
    anomalies: Vec<NewAnomaly>,
) -> Result<u64, StoreError> {
    tx.execute("DELETE FROM anomalies", &[]).await?;
    let rows = anomalies
        .into_iter()
        .map(|a| {
            vec![
                Value::from(run_id),
                Value::from(a.kind),
                Value::from(a.activity_id),
                Value::from(a.organization_id),
                Value::from(a.region_code),
                Value::from(a.score),
                Value::from(a.detail_zh),
                Value::from(at),
            ]
        })
        .collect();
    tx.bulk_insert(ANOMALIES, rows).await
}

/// A stored anomaly.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AnomalyRow {
    /// Id.
    pub id: i64,
    /// Kind code.
    pub kind: String,
    /// Activity concerned.
    pub activity_id: Option<i64>,
    /// Organization concerned.
    pub organization_id: Option<i64>,
    /// Region.
    pub region_code: String,
    /// Strength.
    pub score: i64,
    /// What was found.
    pub detail_zh: String,
}

/// Anomalies within a region scope (all, or region prefix), strongest first.
pub async fn list(db: &Db, scope: &Scope, limit: i64) -> Result<Vec<AnomalyRow>, StoreError> {
    db.fetch_all(
        "SELECT j.id, j.kind, j.activity_id, j.organization_id, j.region_code, j.score, j.detail_zh \
         FROM anomalies j \
         WHERE ($1 = 'all' OR ($1 = 'region' AND j.region_code >= $2 AND j.region_code < $3)) \
         ORDER BY j.kind, j.score DESC, j.id LIMIT $5",
        &scope.with([Value::from(limit)]),
    )
    .await
}
