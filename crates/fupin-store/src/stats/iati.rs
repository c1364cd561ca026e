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

/// A query over counted activities in two texts: one organization's (`s.organization_id = $1`,
/// which the `stat_applied` organization index serves) and all (`$1` then `NULL`). One text with
/// `($1 IS NULL OR s.organization_id = $1)` made SQLite scan every counted version for one
/// organization's file.
macro_rules! by_organization {
    ($head:literal, $tail:literal) => {
        [
            concat!($head, " WHERE s.organization_id = $1 ", $tail),
            concat!($head, " WHERE $1 IS NULL ", $tail),
        ]
    };
}

/// The text of [`by_organization!`] for `organization`.
fn pick([one, all]: [&'static str; 2], organization: Option<i64>) -> &'static str {
    if organization.is_some() { one } else { all }
}

/// Locations of the counted activities of `organization` (all when `None`), by activity and code.
pub async fn locations(
    db: &Db,
    organization: Option<i64>,
) -> Result<Vec<LocationPart>, StoreError> {
    let sql = by_organization!(
        "SELECT l.activity_id, l.region_code, r.name, r.level, l.share_bp FROM activity_locations l \
         JOIN stat_applied s ON s.activity_id = l.activity_id JOIN regions r ON r.code = l.region_code",
        "ORDER BY l.activity_id, l.region_code"
    );
    db.fetch_all(pick(sql, organization), &[Value::from(organization)])
        .await
}

/// Money sums by kind of the counted activities of `organization` (all when `None`).
pub async fn money(db: &Db, organization: Option<i64>) -> Result<Vec<MoneyPart>, StoreError> {
    let sql = by_organization!(
        "SELECT t.activity_id, t.kind, CAST(SUM(t.amount_fen) AS BIGINT) FROM activity_transactions t \
         JOIN stat_applied s ON s.activity_id = t.activity_id",
        "GROUP BY t.activity_id, t.kind ORDER BY t.activity_id, t.kind"
    );
    db.fetch_all(pick(sql, organization), &[Value::from(organization)])
        .await
}

/// Indicators of the counted activities of `organization` (all when `None`).
pub async fn indicators(
    db: &Db,
    organization: Option<i64>,
) -> Result<Vec<IndicatorPart>, StoreError> {
    let sql = by_organization!(
        "SELECT i.activity_id, i.code, i.name, i.unit, i.baseline, i.target, i.actual \
         FROM activity_indicators i JOIN stat_applied s ON s.activity_id = i.activity_id",
        "ORDER BY i.activity_id, i.id"
    );
    db.fetch_all(pick(sql, organization), &[Value::from(organization)])
        .await
}
