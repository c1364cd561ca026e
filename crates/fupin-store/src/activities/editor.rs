//! Writing activities one at a time, as the editor and the review workflow do: the version row,
//! its parts (fields, locations, transactions, beneficiaries, indicators, partners), evidence
//! files, review decisions and the version chain.
//!
//! Every function runs inside the caller's transaction ([`Tx`]); the service layer opens it with
//! the audit lock, so an edit, its audit entry and the ids it takes are one atomic step. Reads
//! that must respect jurisdiction take a [`Scope`] and answer `None` outside it.

pub mod evidence;
pub mod parts;
pub mod workflow;

use fupin_domain::activity_rules::ActivityContent;
use time::{Date, OffsetDateTime};

use crate::db::{Tx, Value};
use crate::error::StoreError;
use crate::scope::Scope;

/// One activity version as stored, with its organization's name.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ActivityRow {
    /// Id of this version.
    pub id: i64,
    /// Reporting organization.
    pub organization_id: i64,
    /// Its name.
    pub organization_name: String,
    /// The version this one corrects.
    pub supersedes_id: Option<i64>,
    /// Version number, 1 for the first.
    pub version: i32,
    /// Why this version corrects the one before.
    pub correction_note: Option<String>,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Primary field code.
    pub field: String,
    /// Method code.
    pub method: String,
    /// Workflow status code.
    pub status: String,
    /// Whether this is the version the public sees (or the only one).
    pub is_current: bool,
    /// Reporting year.
    pub year: i32,
    /// Planned start.
    pub planned_start: Option<Date>,
    /// Planned end.
    pub planned_end: Option<Date>,
    /// Actual start.
    pub actual_start: Option<Date>,
    /// Actual end.
    pub actual_end: Option<Date>,
    /// Goods valued, in fen.
    pub goods_value_fen: i64,
    /// Volunteer hours.
    pub volunteer_hours: i64,
    /// Created.
    pub created_at: OffsetDateTime,
    /// Last submitted for review.
    pub submitted_at: Option<OffsetDateTime>,
    /// Published.
    pub published_at: Option<OffsetDateTime>,
    /// The unit that reviews it (set on submission).
    pub reviewer_unit_id: Option<i64>,
}

/// A new version to insert: the first of an activity or a correction of a published one.
#[derive(Debug, Clone, Copy)]
pub struct NewVersion<'a> {
    /// Reporting organization.
    pub organization_id: i64,
    /// The version corrected, its number and the note saying why; `None` for a first version.
    pub corrects: Option<(i64, i32, &'a str)>,
}

macro_rules! select_row {
    ($tail:literal) => {
        concat!(
            "SELECT a.id, a.organization_id, o.name AS organization_name, a.supersedes_id, a.version, ",
            "a.correction_note, a.title, a.description, a.field, a.method, a.status, a.is_current, ",
            "a.year, a.planned_start, a.planned_end, a.actual_start, a.actual_end, a.goods_value_fen, ",
            "a.volunteer_hours, a.created_at, a.submitted_at, a.published_at, a.reviewer_unit_id ",
            "FROM activities a JOIN organizations o ON o.id = a.organization_id WHERE ",
            crate::activity_in_scope!(),
            $tail
        )
    };
}
pub(crate) use select_row;

/// An activity version by id, if `scope` admits it.
pub async fn get(tx: &mut Tx, scope: &Scope, id: i64) -> Result<Option<ActivityRow>, StoreError> {
    tx.fetch_optional(
        select_row!(" AND a.id = $5"),
        &scope.with([Value::from(id)]),
    )
    .await
}

/// Inserts a version in status `draft` with every part of `content`; returns its id.
///
/// Ids are taken as one above the largest, not from the identity sequence, because bulk loads
/// (demo, imports) write activities with ids of their own; the audit lock the caller holds makes
/// this safe against concurrent inserts.
pub async fn insert(
    tx: &mut Tx,
    version: NewVersion<'_>,
    content: &ActivityContent,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    let id = tx
        .fetch_i64("SELECT COALESCE(MAX(id), 0) + 1 FROM activities", &[])
        .await?;
    let (supersedes, number, note) = match version.corrects {
        Some((old, old_number, note)) => (Some(old), old_number + 1, Some(note)),
        None => (None, 1, None),
    };
    tx.execute(
        "INSERT INTO activities (id, organization_id, supersedes_id, version, correction_note, title, \
         description, field, method, status, is_current, year, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'draft', $10, $11, $12)",
        &[
            Value::from(id),
            Value::from(version.organization_id),
            Value::from(supersedes),
            Value::from(number),
            Value::from(note),
            Value::from(content.title.trim()),
            Value::from(content.description.as_str()),
            Value::from(content.field.code()),
            Value::from(content.method.code()),
            Value::from(supersedes.is_none()),
            Value::from(content.year),
            Value::from(now),
        ],
    )
    .await?;
    update(tx, id, content).await?;
    Ok(id)
}

/// Overwrites a draft's core fields and replaces every part with `content`'s. Only for versions
/// the organization may still edit: the caller checks the status in the same transaction.
pub async fn update(tx: &mut Tx, id: i64, content: &ActivityContent) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE activities SET title = $2, description = $3, field = $4, method = $5, year = $6, \
         planned_start = $7, planned_end = $8, actual_start = $9, actual_end = $10, \
         goods_value_fen = $11, volunteer_hours = $12 WHERE id = $1",
        &[
            Value::from(id),
            Value::from(content.title.trim()),
            Value::from(content.description.as_str()),
            Value::from(content.field.code()),
            Value::from(content.method.code()),
            Value::from(content.year),
            Value::from(content.planned_start),
            Value::from(content.planned_end),
            Value::from(content.actual_start),
            Value::from(content.actual_end),
            Value::from(content.goods_value.fen()),
            Value::from(content.volunteer_hours),
        ],
    )
    .await?;
    parts::replace(tx, id, content).await
}
