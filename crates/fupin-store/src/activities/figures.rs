//! Headline figures over published, current activity versions.
//!
//! Plain SQL aggregates over the activity tables: the reference the rollup tests compare the
//! maintained statistics with (`tests/stats.rs`, `tests/conformance.rs`). The public pages read the
//! rollups instead (`crate::stats::read`): these scan the tables, seconds at national scale.

use crate::db::{Db, Value};
use crate::error::StoreError;

/// National headline figures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headline {
    /// Organizations with at least one published activity.
    pub organizations: i64,
    /// Published activities.
    pub activities: i64,
    /// Money committed, in fen.
    pub committed_fen: i64,
    /// Money spent, in fen.
    pub spent_fen: i64,
    /// Goods valued, in fen.
    pub goods_fen: i64,
    /// Volunteer hours.
    pub volunteer_hours: i64,
    /// Beneficiary persons, summed over activities (a person helped twice counts twice).
    pub beneficiary_persons: i64,
    /// Counties with at least one published activity.
    pub counties: i64,
    /// National poor counties with at least one published activity.
    pub poor_counties: i64,
}

/// Activities and money committed per key (a field code or a year).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Breakdown {
    /// Field code, or the year as text.
    pub key: String,
    /// Published activities.
    pub activities: i64,
    /// Money committed, in fen.
    pub committed_fen: i64,
}

const PUBLISHED: &str = "published";

/// National headline figures.
pub async fn headline(db: &Db) -> Result<Headline, StoreError> {
    let p = [Value::from(PUBLISHED)];
    let (organizations, activities, goods_fen, volunteer_hours): (i64, i64, i64, i64) = db
        .fetch_one(
            "SELECT COUNT(DISTINCT organization_id), COUNT(*), \
             CAST(COALESCE(SUM(goods_value_fen), 0) AS BIGINT), CAST(COALESCE(SUM(volunteer_hours), 0) AS BIGINT) \
             FROM activities WHERE status = $1 AND is_current",
            &p,
        )
        .await?;
    let money = |kind: &'static str| [Value::from(PUBLISHED), Value::from(kind)];
    let sum_kind = "SELECT CAST(COALESCE(SUM(t.amount_fen), 0) AS BIGINT) FROM activity_transactions t \
                    JOIN activities a ON a.id = t.activity_id WHERE a.status = $1 AND a.is_current AND t.kind = $2";
    let committed_fen = db.fetch_i64(sum_kind, &money("commitment")).await?;
    let spent_fen = db.fetch_i64(sum_kind, &money("expenditure")).await?;
    let beneficiary_persons = db
        .fetch_i64(
            "SELECT CAST(COALESCE(SUM(b.persons), 0) AS BIGINT) FROM activity_beneficiaries b \
             JOIN activities a ON a.id = b.activity_id WHERE a.status = $1 AND a.is_current",
            &p,
        )
        .await?;
    let (counties, poor_counties): (i64, i64) = db
        .fetch_one(
            "SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN r.poor_county THEN 1 ELSE 0 END), 0) AS BIGINT) \
             FROM regions r WHERE r.level = 3 AND EXISTS (SELECT 1 FROM activity_locations l \
             JOIN activities a ON a.id = l.activity_id \
             WHERE l.county_code = r.code AND a.status = $1 AND a.is_current)",
            &p,
        )
        .await?;
    Ok(Headline {
        organizations,
        activities,
        committed_fen,
        spent_fen,
        goods_fen,
        volunteer_hours,
        beneficiary_persons,
        counties,
        poor_counties,
    })
}

/// Published activities and commitments by field.
pub async fn by_field(db: &Db) -> Result<Vec<Breakdown>, StoreError> {
    db.fetch_all(
        "SELECT a.field AS key, COUNT(*) AS activities, \
         CAST(COALESCE(SUM(c.amount), 0) AS BIGINT) AS committed_fen FROM activities a \
         LEFT JOIN (SELECT activity_id, SUM(amount_fen) AS amount FROM activity_transactions \
                    WHERE kind = 'commitment' GROUP BY activity_id) c ON c.activity_id = a.id \
         WHERE a.status = $1 AND a.is_current GROUP BY a.field ORDER BY committed_fen DESC",
        &[Value::from(PUBLISHED)],
    )
    .await
}

/// Published activities and commitments by year.
pub async fn by_year(db: &Db) -> Result<Vec<Breakdown>, StoreError> {
    db.fetch_all(
        "SELECT CAST(a.year AS TEXT) AS key, COUNT(*) AS activities, \
         CAST(COALESCE(SUM(c.amount), 0) AS BIGINT) AS committed_fen FROM activities a \
         LEFT JOIN (SELECT activity_id, SUM(amount_fen) AS amount FROM activity_transactions \
                    WHERE kind = 'commitment' GROUP BY activity_id) c ON c.activity_id = a.id \
         WHERE a.status = $1 AND a.is_current GROUP BY a.year ORDER BY a.year",
        &[Value::from(PUBLISHED)],
    )
    .await
}
