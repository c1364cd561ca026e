//! An organization's verification figures over its published activities: the inputs of its
//! quality score (`fupin-verify`'s `OrganizationScore`), summed from `activity_verification`.
//! Aggregates only: no entry, name or ID reaches the caller.

use crate::db::{Db, Value};
use crate::error::StoreError;

/// Verification figures summed over an organization's published (current) activities.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct OrganizationVerification {
    /// Published activities with verified rosters.
    pub activities: i64,
    /// Roster entries verified.
    pub entries: i64,
    /// Entries with a verified status (exact name, homophone or typo).
    pub verified: i64,
    /// Sum of the entries' quality points (0–10,000 each).
    pub quality_points: i64,
}

/// The verification figures of `organization_id` over its published current versions (zero
/// when none of them has a verified roster). Drafts, versions under review and superseded
/// versions do not count.
pub async fn organization_verification(
    db: &Db,
    organization_id: i64,
) -> Result<OrganizationVerification, StoreError> {
    db.fetch_one(
        "SELECT COUNT(v.activity_id) AS activities, \
                CAST(COALESCE(SUM(v.entries), 0) AS BIGINT) AS entries, \
                CAST(COALESCE(SUM(v.verified), 0) AS BIGINT) AS verified, \
                CAST(COALESCE(SUM(v.quality_points), 0) AS BIGINT) AS quality_points \
         FROM activity_verification v JOIN activities a ON a.id = v.activity_id \
         WHERE a.organization_id = $1 AND a.status = 'published' AND a.is_current",
        &[Value::from(organization_id)],
    )
    .await
}
