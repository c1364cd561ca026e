//! The review workflow's storage: status changes that only happen from the expected status,
//! review decisions with comments, the version chain and the reviewers' queue.

use time::OffsetDateTime;

use super::ActivityRow;
use crate::db::{Tx, Value};
use crate::error::StoreError;
use crate::scope::Scope;

/// One review decision (or submission) as the organization and reviewers see it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ReviewRow {
    /// Id.
    pub id: i64,
    /// Reviewing unit.
    pub unit_id: Option<i64>,
    /// Its name.
    pub unit_name: Option<String>,
    /// Who decided.
    pub reviewer_name: String,
    /// `submitted`, `accepted`, `returned` or `published`.
    pub decision: String,
    /// Comment (what to fix, for a return).
    pub comment: String,
    /// When.
    pub decided_at: OffsetDateTime,
}

/// One version in an activity's history.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct VersionRow {
    /// Id of the version.
    pub id: i64,
    /// Version number.
    pub version: i32,
    /// Status code.
    pub status: String,
    /// Whether the public sees this version.
    pub is_current: bool,
    /// Why it corrects the one before.
    pub correction_note: Option<String>,
    /// Created.
    pub created_at: OffsetDateTime,
    /// Published.
    pub published_at: Option<OffsetDateTime>,
}

/// A review decision to record.
#[derive(Debug, Clone, Copy)]
pub struct NewReview<'a> {
    /// Activity version.
    pub activity_id: i64,
    /// Reviewing unit (none for the organization's own submission).
    pub unit_id: Option<i64>,
    /// Acting user.
    pub reviewer_id: Option<i64>,
    /// Their name.
    pub reviewer_name: &'a str,
    /// Decision code.
    pub decision: &'a str,
    /// Comment.
    pub comment: &'a str,
}

/// Moves version `id` from status `from` (one of them) to `to`; `false` if it was in another status.
pub async fn transition(
    tx: &mut Tx,
    id: i64,
    from: &[&str],
    to: &str,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let mut changed = 0;
    for status in from {
        changed += tx
            .execute(
                "UPDATE activities SET status = $3, \
                 submitted_at = CASE WHEN $3 = 'submitted' THEN $4 ELSE submitted_at END, \
                 published_at = CASE WHEN $3 = 'published' THEN $4 ELSE published_at END \
                 WHERE id = $1 AND status = $2",
                &[
                    Value::from(id),
                    Value::from(*status),
                    Value::from(to),
                    Value::from(now),
                ],
            )
            .await?;
    }
    Ok(changed == 1)
}

/// Records the unit that reviews version `id`.
pub async fn set_reviewer_unit(tx: &mut Tx, id: i64, unit_id: i64) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE activities SET reviewer_unit_id = $2 WHERE id = $1",
        &[Value::from(id), Value::from(unit_id)],
    )
    .await?;
    Ok(())
}

/// Makes version `id` the one the public sees, and the version it corrects history.
pub async fn make_current(tx: &mut Tx, row: &ActivityRow) -> Result<(), StoreError> {
    if let Some(old) = row.supersedes_id {
        tx.execute(
            "UPDATE activities SET is_current = FALSE WHERE id = $1",
            &[Value::from(old)],
        )
        .await?;
    }
    tx.execute(
        "UPDATE activities SET is_current = TRUE WHERE id = $1",
        &[Value::from(row.id)],
    )
    .await?;
    Ok(())
}

/// Records a review decision.
pub async fn insert_review(
    tx: &mut Tx,
    review: NewReview<'_>,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO activity_reviews (activity_id, unit_id, reviewer_id, reviewer_name, decision, \
         comment, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[
            Value::from(review.activity_id),
            Value::from(review.unit_id),
            Value::from(review.reviewer_id),
            Value::from(review.reviewer_name),
            Value::from(review.decision),
            Value::from(review.comment),
            Value::from(now),
        ],
    )
    .await?;
    Ok(())
}

/// The decisions on version `id`, oldest first.
pub async fn reviews(tx: &mut Tx, id: i64) -> Result<Vec<ReviewRow>, StoreError> {
    tx.fetch_all(
        "SELECT r.id, r.unit_id, u.name AS unit_name, r.reviewer_name, r.decision, r.comment, \
         r.decided_at FROM activity_reviews r LEFT JOIN gov_units u ON u.id = r.unit_id \
         WHERE r.activity_id = $1 ORDER BY r.id",
        &[Value::from(id)],
    )
    .await
}

/// Every version of the activity `id` belongs to, oldest first.
pub async fn history(tx: &mut Tx, id: i64) -> Result<Vec<VersionRow>, StoreError> {
    tx.fetch_all(
        "WITH RECURSIVE up(id, supersedes_id) AS ( \
           SELECT id, supersedes_id FROM activities WHERE id = $1 \
           UNION ALL SELECT a.id, a.supersedes_id FROM activities a JOIN up ON a.id = up.supersedes_id), \
         down(id) AS ( \
           SELECT id FROM up WHERE supersedes_id IS NULL \
           UNION ALL SELECT a.id FROM activities a JOIN down ON a.supersedes_id = down.id) \
         SELECT a.id, a.version, a.status, a.is_current, a.correction_note, a.created_at, \
         a.published_at FROM activities a JOIN down ON down.id = a.id ORDER BY a.version",
        &[Value::from(id)],
    )
    .await
}

/// The version that corrects `id`, if one was started.
pub async fn correction_of(tx: &mut Tx, id: i64) -> Result<Option<i64>, StoreError> {
    let row: Option<(i64,)> = tx
        .fetch_optional(
            "SELECT id FROM activities WHERE supersedes_id = $1",
            &[Value::from(id)],
        )
        .await?;
    Ok(row.map(|(id,)| id))
}

/// The units that review an organization's reports: its 业务主管单位 (supervision links with
/// relation `supervisory`), or, where it has none, its registration authority.
pub async fn reviewing_units(tx: &mut Tx, organization_id: i64) -> Result<Vec<i64>, StoreError> {
    let rows: Vec<(i64,)> = tx
        .fetch_all(
            "SELECT unit_id FROM supervision_links WHERE organization_id = $1 \
             AND relation = 'supervisory' ORDER BY unit_id",
            &[Value::from(organization_id)],
        )
        .await?;
    if !rows.is_empty() {
        return Ok(rows.into_iter().map(|(id,)| id).collect());
    }
    let authority: Option<(i64,)> = tx
        .fetch_optional(
            "SELECT registration_authority_id FROM organizations WHERE id = $1",
            &[Value::from(organization_id)],
        )
        .await?;
    Ok(authority.into_iter().map(|(id,)| id).collect())
}

/// A page of the submitted versions `unit_id` reviews, within `scope`, oldest submission first.
pub async fn review_queue(
    tx: &mut Tx,
    scope: &Scope,
    unit_id: i64,
    limit: i64,
    offset: i64,
) -> Result<Vec<ActivityRow>, StoreError> {
    tx.fetch_all(
        super::select_row!(
            " AND a.status = 'submitted' AND a.reviewer_unit_id = $5 \
             ORDER BY a.submitted_at, a.id LIMIT $6 OFFSET $7"
        ),
        &scope.with([
            Value::from(unit_id),
            Value::from(limit),
            Value::from(offset),
        ]),
    )
    .await
}

/// How many submitted versions `unit_id` reviews within `scope`.
pub async fn review_queue_count(
    tx: &mut Tx,
    scope: &Scope,
    unit_id: i64,
) -> Result<i64, StoreError> {
    tx.fetch_i64(
        concat!(
            "SELECT COUNT(*) FROM activities a JOIN organizations o ON o.id = a.organization_id WHERE ",
            crate::activity_in_scope!(),
            " AND a.status = 'submitted' AND a.reviewer_unit_id = $5"
        ),
        &scope.with([Value::from(unit_id)]),
    )
    .await
}
