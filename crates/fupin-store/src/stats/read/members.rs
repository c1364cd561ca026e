//! Reading `stat_members`: how many organizations are active at a node, which ones, the counties
//! reached and the poor counties no organization reaches.

use crate::db::{Db, Value};
use crate::error::StoreError;
use crate::stats::kernel;

/// Distinct organizations active at a node (in `year`, or any year).
pub async fn organization_count(
    db: &Db,
    axis: &str,
    node: &str,
    year: Option<i32>,
) -> Result<i64, StoreError> {
    db.fetch_i64(
        "SELECT COUNT(DISTINCT organization_id) FROM stat_members \
         WHERE axis = $1 AND node_level = $4 AND node = $2 AND ($3 IS NULL OR year = $3)",
        &[
            Value::from(axis),
            Value::from(node),
            Value::from(year),
            Value::from(kernel::node_level(axis, node)),
        ],
    )
    .await
}

/// Counties reached by published activities (a location in the county or below), and how many of
/// them are national poor counties: the county nodes that have organizations active there.
pub async fn counties_reached(db: &Db) -> Result<(i64, i64), StoreError> {
    db.fetch_one(
        "SELECT COUNT(*), \
         CAST(COALESCE(SUM(CASE WHEN r.poor_county THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM regions r WHERE r.level = 3 AND EXISTS (SELECT 1 FROM stat_members m \
         WHERE m.axis = 'region' AND m.node_level = 3 AND m.node = r.code)",
        &[],
    )
    .await
}

/// Distinct organizations per region node at `level` under `parent`.
pub async fn children_organization_counts(
    db: &Db,
    level: i32,
    parent: &str,
    year: Option<i32>,
) -> Result<Vec<(String, i64)>, StoreError> {
    let (lower, upper) = kernel::code_range(parent);
    db.fetch_all(
        "SELECT node, COUNT(DISTINCT organization_id) FROM stat_members \
         WHERE axis = 'region' AND node_level = $1 AND node LIKE $2 AND ($3 IS NULL OR year = $3) \
         AND node >= $4 AND node < $5 GROUP BY node ORDER BY node",
        &[
            Value::from(level),
            Value::from(format!("{parent}%")),
            Value::from(year),
            Value::from(lower),
            Value::from(upper),
        ],
    )
    .await
}

/// An organization active at a node, with its counted activities there.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ActiveOrganization {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// 统一社会信用代码.
    pub credit_code: String,
    /// Type code.
    pub org_type: String,
    /// Level code.
    pub level: String,
    /// Credit status code.
    pub credit_status: String,
    /// Activities reaching the node.
    pub activities: i64,
}

/// A page of the organizations active at a node, most activities first.
pub async fn active_organizations(
    db: &Db,
    axis: &str,
    node: &str,
    year: Option<i32>,
    limit: i64,
    offset: i64,
) -> Result<Vec<ActiveOrganization>, StoreError> {
    db.fetch_all(
        "SELECT o.id, o.name, o.credit_code, o.org_type, o.level, o.credit_status, \
         CAST(SUM(m.activities) AS BIGINT) AS activities FROM stat_members m \
         JOIN organizations o ON o.id = m.organization_id \
         WHERE m.axis = $1 AND m.node_level = $6 AND m.node = $2 AND ($3 IS NULL OR m.year = $3) \
         GROUP BY o.id, o.name, o.credit_code, o.org_type, o.level, o.credit_status \
         ORDER BY activities DESC, o.id LIMIT $4 OFFSET $5",
        &[
            Value::from(axis),
            Value::from(node),
            Value::from(year),
            Value::from(limit),
            Value::from(offset),
            Value::from(kernel::node_level(axis, node)),
        ],
    )
    .await
}

/// A national poor county below a region that no organization reaches: a gap.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Gap {
    /// County code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Exit year (摘帽).
    pub poor_exit_year: Option<i32>,
}

/// The national poor counties under `prefix` (`""` for all) with no counted activity.
pub async fn gaps(db: &Db, prefix: &str) -> Result<Vec<Gap>, StoreError> {
    db.fetch_all(
        "SELECT r.code, r.name, r.poor_exit_year FROM regions r \
         WHERE r.poor_county AND r.code LIKE $1 AND NOT EXISTS (SELECT 1 FROM stat_members m \
         WHERE m.axis = 'region' AND m.node_level = 3 AND m.node = r.code) ORDER BY r.code",
        &[Value::from(format!("{prefix}%"))],
    )
    .await
}
