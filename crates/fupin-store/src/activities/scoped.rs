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
