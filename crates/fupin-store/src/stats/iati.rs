//! The parts of many counted activities at once, for the IATI export (one query per part, not
//! one per activity): locations, money sums by kind and indicators.

use crate::db::{Db, Value};
use crate::error::StoreError;

/// A location of a counted activity: (activity, code, name, level, share).
pub type LocationPart = (i64, String, String, i32, i32);
/// Money of a counted activity by kind: (activity, kind, fen).
pub type MoneyPart = (i64, String, i64);
/// An indicator: (activity, code, name, unit, baseline, target, actual).
pub type IndicatorPart = (
    i64,
    String,
    String,
    String,
    Option<f64>,
    Option<f64>,
    Option<f64>,
);

/// Locations of the counted activities of `organization` (all when `None`), by activity and code.
pub async fn locations(
    db: &Db,
    organization: Option<i64>,
) -> Result<Vec<LocationPart>, StoreError> {
    db.fetch_all(
        "SELECT l.activity_id, l.region_code, r.name, r.level, l.share_bp FROM activity_locations l \
         JOIN stat_applied s ON s.activity_id = l.activity_id JOIN regions r ON r.code = l.region_code \
         WHERE ($1 IS NULL OR s.organization_id = $1) ORDER BY l.activity_id, l.region_code",
        &[Value::from(organization)],
    )
    .await
}

/// Money sums by kind of the counted activities of `organization` (all when `None`).
pub async fn money(db: &Db, organization: Option<i64>) -> Result<Vec<MoneyPart>, StoreError> {
    db.fetch_all(
        "SELECT t.activity_id, t.kind, CAST(SUM(t.amount_fen) AS BIGINT) FROM activity_transactions t \
         JOIN stat_applied s ON s.activity_id = t.activity_id WHERE ($1 IS NULL OR s.organization_id = $1) \
         GROUP BY t.activity_id, t.kind ORDER BY t.activity_id, t.kind",
        &[Value::from(organization)],
    )
    .await
}

/// Indicators of the counted activities of `organization` (all when `None`).
pub async fn indicators(
    db: &Db,
    organization: Option<i64>,
) -> Result<Vec<IndicatorPart>, StoreError> {
    db.fetch_all(
        "SELECT i.activity_id, i.code, i.name, i.unit, i.baseline, i.target, i.actual \
         FROM activity_indicators i JOIN stat_applied s ON s.activity_id = i.activity_id \
         WHERE ($1 IS NULL OR s.organization_id = $1) ORDER BY i.activity_id, i.id",
        &[Value::from(organization)],
    )
    .await
}
