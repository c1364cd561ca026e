//! What the engine reads: registry persons, roster entries and activity locations.

use time::Date;

use crate::db::{Db, Value};
use crate::error::StoreError;

/// One registry person as the engine's index needs it. `status_year` is the year the current
/// status took effect, known when a registry update recorded the change.
#[derive(Clone, sqlx::FromRow)]
pub struct RegistryPersonRow {
    /// Row id (the page cursor).
    pub id: i64,
    /// Keyed hash of the ID number.
    pub id_hash: Vec<u8>,
    /// Registered name (personal data).
    pub name: String,
    /// Status code.
    pub status: String,
    /// Exit year.
    pub exit_year: Option<i32>,
    /// Year of `valid_from` of the open history row, if any.
    pub status_year: Option<i32>,
    /// 12-digit village code.
    pub village_code: String,
}

impl std::fmt::Debug for RegistryPersonRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegistryPersonRow")
            .field("id", &self.id)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

/// Registry persons with `id > after`, at most `limit`, in id order (keyset pages: the whole
/// registry is read without an offset scan or a long-lived cursor).
pub async fn registry_page(
    db: &Db,
    after: i64,
    limit: i64,
) -> Result<Vec<RegistryPersonRow>, StoreError> {
    db.fetch_all(
        "SELECT p.id, p.id_hash, p.name, p.status, p.exit_year, \
                CAST(SUBSTR(CAST(h.valid_from AS TEXT), 1, 4) AS INTEGER) AS status_year, \
                p.village_code \
         FROM registry_persons p \
         LEFT JOIN registry_status_history h ON h.person_id = p.id AND h.valid_to IS NULL \
         WHERE p.id > $1 ORDER BY p.id LIMIT $2",
        &[Value::from(after), Value::from(limit)],
    )
    .await
}

/// One roster entry to verify, with its activity's organization.
#[derive(Clone, sqlx::FromRow)]
pub struct EntryRow {
    /// Row id (the page cursor).
    pub id: i64,
    /// Activity.
    pub activity_id: i64,
    /// The activity's organization.
    pub organization_id: i64,
    /// Row in the roster.
    pub row_no: i32,
    /// Name as reported (personal data).
    pub name: String,
    /// Keyed hash of a valid ID.
    pub id_hash: Option<Vec<u8>>,
    /// Village code as reported.
    pub village_code: Option<String>,
    /// Category code.
    pub category: String,
    /// Aid in fen.
    pub aid_fen: i64,
    /// Date of service.
    pub service_date: Date,
}

impl std::fmt::Debug for EntryRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EntryRow")
            .field("id", &self.id)
            .field("activity_id", &self.activity_id)
            .field("row_no", &self.row_no)
            .finish_non_exhaustive()
    }
}

/// Roster entries of the reported activities (current versions, submitted or later) whose service
/// falls in `year` (all years when `None`), with `id > after`, at most `limit`, in id order.
pub async fn entry_page(
    db: &Db,
    year: Option<i32>,
    after: i64,
    limit: i64,
) -> Result<Vec<EntryRow>, StoreError> {
    let (from, to) = year_bounds(year);
    db.fetch_all(
        "SELECT e.id, e.activity_id, a.organization_id, e.row_no, e.name, e.id_hash, \
                e.village_code, e.category, e.aid_fen, e.service_date \
         FROM roster_entries e JOIN activities a ON a.id = e.activity_id \
         WHERE e.id > $1 AND a.is_current AND a.status IN ('submitted', 'accepted', 'published') \
           AND e.service_date >= $2 AND e.service_date < $3 \
         ORDER BY e.id LIMIT $4",
        &[
            Value::from(after),
            Value::from(from),
            Value::from(to),
            Value::from(limit),
        ],
    )
    .await
}

/// The service dates of `year` as a half-open range; every date PostgreSQL and SQLite both
/// order the same way when no year is given.
pub(crate) fn year_bounds(year: Option<i32>) -> (Date, Date) {
    let first = |y: i32| Date::from_ordinal_date(y.clamp(1, 9999), 1).unwrap_or(Date::MIN);
    match year {
        Some(y) => (first(y), first(y.saturating_add(1))),
        None => (first(1), first(9999)),
    }
}

/// One location of an activity that has a roster.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ActivityLocationRow {
    /// Activity.
    pub activity_id: i64,
    /// Its organization.
    pub organization_id: i64,
    /// Location region code (any level); `None` for an activity without locations.
    pub region_code: Option<String>,
}

/// The locations of every activity with roster entries, ordered by activity.
pub async fn activity_locations(db: &Db) -> Result<Vec<ActivityLocationRow>, StoreError> {
    db.fetch_all(
        "SELECT a.id AS activity_id, a.organization_id, l.region_code \
         FROM activities a LEFT JOIN activity_locations l ON l.activity_id = a.id \
         WHERE EXISTS (SELECT 1 FROM roster_entries e WHERE e.activity_id = a.id) \
         ORDER BY a.id, l.region_code",
        &[],
    )
    .await
}

/// The locations of one activity (one row with no region when it has none).
pub async fn locations_of_activity(
    db: &Db,
    activity_id: i64,
) -> Result<Vec<ActivityLocationRow>, StoreError> {
    db.fetch_all(
        "SELECT a.id AS activity_id, a.organization_id, l.region_code \
         FROM activities a LEFT JOIN activity_locations l ON l.activity_id = a.id \
         WHERE a.id = $1 ORDER BY l.region_code",
        &[Value::from(activity_id)],
    )
    .await
}

/// A stamp that changes whenever the registry does (new persons, status changes, imports), so
/// a cached index can tell it is stale with three index lookups.
pub async fn registry_stamp(db: &Db) -> Result<(i64, i64, i64), StoreError> {
    db.fetch_one(
        "SELECT COALESCE((SELECT MAX(id) FROM registry_persons), 0), \
                COALESCE((SELECT MAX(id) FROM registry_status_history), 0), \
                COALESCE((SELECT MAX(id) FROM registry_imports), 0)",
        &[],
    )
    .await
}

/// Reported roster entries of the same service years that share an ID hash with `activity_id`'s
/// roster, from other activities: what a submission's double claims are judged against.
pub async fn entries_sharing_persons(
    db: &Db,
    activity_id: i64,
) -> Result<Vec<EntryRow>, StoreError> {
    db.fetch_all(
        "SELECT e.id, e.activity_id, a.organization_id, e.row_no, e.name, e.id_hash, \
                e.village_code, e.category, e.aid_fen, e.service_date \
         FROM roster_entries e JOIN activities a ON a.id = e.activity_id \
         WHERE e.activity_id <> $1 AND a.is_current \
           AND a.status IN ('submitted', 'accepted', 'published') \
           AND e.id_hash IN (SELECT m.id_hash FROM roster_entries m \
                             WHERE m.activity_id = $1 AND m.id_hash IS NOT NULL) \
         ORDER BY e.id",
        &[Value::from(activity_id)],
    )
    .await
}

/// An activity's own roster entries (whatever its status), in id order.
pub async fn entries_of_activity(db: &Db, activity_id: i64) -> Result<Vec<EntryRow>, StoreError> {
    db.fetch_all(
        "SELECT e.id, e.activity_id, a.organization_id, e.row_no, e.name, e.id_hash, \
                e.village_code, e.category, e.aid_fen, e.service_date \
         FROM roster_entries e JOIN activities a ON a.id = e.activity_id \
         WHERE e.activity_id = $1 ORDER BY e.id",
        &[Value::from(activity_id)],
    )
    .await
}
