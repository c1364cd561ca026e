//! Activities as officials and organizations list them, filtered by jurisdiction.

use time::OffsetDateTime;

use crate::db::{Db, Value};
use crate::error::StoreError;
use crate::scope::Scope;

/// One activity version in a list.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ActivitySummary {
    /// Id.
    pub id: i64,
    /// Reporting organization.
    pub organization_id: i64,
    /// Organization name.
    pub organization_name: String,
    /// Title.
    pub title: String,
    /// Field code.
    pub field: String,
    /// Workflow status code.
    pub status: String,
    /// Reporting year.
    pub year: i32,
    /// Version number (1 for the first).
    pub version: i32,
    /// When it was created.
    pub created_at: OffsetDateTime,
}

macro_rules! select_scoped {
    ($tail:literal) => {
        concat!(
            "SELECT a.id, a.organization_id, o.name AS organization_name, a.title, a.field, ",
            "a.status, a.year, a.version, a.created_at ",
            "FROM activities a JOIN organizations o ON o.id = a.organization_id WHERE ",
            crate::activity_in_scope!(),
            $tail
        )
    };
}

/// An activity by id, if `scope` admits it.
pub async fn get_scoped(
    db: &Db,
    scope: &Scope,
    id: i64,
) -> Result<Option<ActivitySummary>, StoreError> {
    db.fetch_optional(
        select_scoped!(" AND a.id = $5"),
        &scope.with([Value::from(id)]),
    )
    .await
}

/// A page of the current versions `scope` admits, newest first.
pub async fn list_scoped(
    db: &Db,
    scope: &Scope,
    limit: i64,
    offset: i64,
) -> Result<Vec<ActivitySummary>, StoreError> {
    db.fetch_all(
        select_scoped!(" AND a.is_current ORDER BY a.id DESC LIMIT $5 OFFSET $6"),
        &scope.with([Value::from(limit), Value::from(offset)]),
    )
    .await
}

/// How many current versions `scope` admits.
pub async fn count_scoped(db: &Db, scope: &Scope) -> Result<i64, StoreError> {
    db.fetch_i64(
        concat!(
            "SELECT COUNT(*) FROM activities a JOIN organizations o ON o.id = a.organization_id WHERE ",
            crate::activity_in_scope!(),
            " AND a.is_current"
        ),
        &scope.params(),
    )
    .await
}

/// A current activity version as officials export it: the list's columns plus method, the
/// organization's credit code, money by kind (fen) and the locations.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ActivityExportRow {
    /// Id.
    pub id: i64,
    /// Organization name.
    pub organization_name: String,
    /// The organization's 统一社会信用代码.
    pub credit_code: String,
    /// Title.
    pub title: String,
    /// Field code.
    pub field: String,
    /// Method code.
    pub method: String,
    /// Workflow status code.
    pub status: String,
    /// Reporting year.
    pub year: i32,
    /// Version number (1 for the first).
    pub version: i32,
    /// Committed money, fen.
    pub committed_fen: i64,
    /// Disbursed money, fen.
    pub disbursed_fen: i64,
    /// Spent money, fen.
    pub spent_fen: i64,
    /// Location names joined by `、`, by region code.
    pub location_names: Option<String>,
    /// Location region codes joined by `;`, in the same order.
    pub location_codes: Option<String>,
}

/// The next at most `limit` current versions of [`list_scoped`] with ids below `before_id`,
/// newest first: an export pages through the whole list with these keyset batches.
pub async fn export_batch_scoped(
    db: &Db,
    scope: &Scope,
    before_id: i64,
    limit: i64,
) -> Result<Vec<ActivityExportRow>, StoreError> {
    db.fetch_all(
        concat!(
            "SELECT a.id, o.name AS organization_name, o.credit_code, a.title, a.field, ",
            "a.method, a.status, a.year, a.version, ",
            "(SELECT CAST(COALESCE(SUM(t.amount_fen), 0) AS BIGINT) FROM activity_transactions t ",
            "WHERE t.activity_id = a.id AND t.kind = 'commitment') AS committed_fen, ",
            "(SELECT CAST(COALESCE(SUM(t.amount_fen), 0) AS BIGINT) FROM activity_transactions t ",
            "WHERE t.activity_id = a.id AND t.kind = 'disbursement') AS disbursed_fen, ",
            "(SELECT CAST(COALESCE(SUM(t.amount_fen), 0) AS BIGINT) FROM activity_transactions t ",
            "WHERE t.activity_id = a.id AND t.kind = 'expenditure') AS spent_fen, ",
            "(SELECT string_agg(r.name, '、' ORDER BY l.region_code) FROM activity_locations l ",
            "JOIN regions r ON r.code = l.region_code WHERE l.activity_id = a.id) AS location_names, ",
            "(SELECT string_agg(l.region_code, ';' ORDER BY l.region_code) ",
            "FROM activity_locations l WHERE l.activity_id = a.id) AS location_codes ",
            "FROM activities a JOIN organizations o ON o.id = a.organization_id WHERE ",
            crate::activity_in_scope!(),
            " AND a.is_current AND a.id < $5 ORDER BY a.id DESC LIMIT $6"
        ),
        &scope.with([Value::from(before_id), Value::from(limit)]),
    )
    .await
}
