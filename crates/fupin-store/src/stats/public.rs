//! The published records behind the figures: what public pages and open data may show. Only
//! published versions; never roster entries, registry persons or individual transactions (whose
//! provider and receiver may name a person), only sums.

use time::{Date, OffsetDateTime};

use crate::db::{Db, Value};
use crate::error::StoreError;

/// A published activity version.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct PublicActivity {
    /// Version id.
    pub id: i64,
    /// Organization.
    pub organization_id: i64,
    /// Its name.
    pub organization_name: String,
    /// Its 统一社会信用代码.
    pub credit_code: String,
    /// Version it corrects.
    pub supersedes_id: Option<i64>,
    /// Version number.
    pub version: i32,
    /// Why it corrects the one before.
    pub correction_note: Option<String>,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Field code.
    pub field: String,
    /// Method code.
    pub method: String,
    /// Whether this is the version the public sees.
    pub is_current: bool,
    /// Year.
    pub year: i32,
    /// Planned start.
    pub planned_start: Option<Date>,
    /// Planned end.
    pub planned_end: Option<Date>,
    /// Actual start.
    pub actual_start: Option<Date>,
    /// Actual end.
    pub actual_end: Option<Date>,
    /// Goods, fen.
    pub goods_value_fen: i64,
    /// Volunteer hours.
    pub volunteer_hours: i64,
    /// Published.
    pub published_at: Option<OffsetDateTime>,
    /// Money committed, fen.
    pub committed_fen: i64,
    /// Money disbursed, fen.
    pub disbursed_fen: i64,
    /// Money spent, fen.
    pub spent_fen: i64,
}

macro_rules! money {
    ($kind:literal, $alias:literal) => {
        concat!(
            "CAST(COALESCE((SELECT SUM(t.amount_fen) FROM activity_transactions t WHERE t.activity_id = a.id ",
            "AND t.kind = '",
            $kind,
            "'), 0) AS BIGINT) AS ",
            $alias
        )
    };
}

macro_rules! select_activity {
    ($tail:literal) => {
        concat!(
            "SELECT a.id, a.organization_id, o.name AS organization_name, o.credit_code, a.supersedes_id, ",
            "a.version, a.correction_note, a.title, a.description, a.field, a.method, a.is_current, a.year, ",
            "a.planned_start, a.planned_end, a.actual_start, a.actual_end, a.goods_value_fen, ",
            "a.volunteer_hours, a.published_at, ",
            money!("commitment", "committed_fen"),
            ", ",
            money!("disbursement", "disbursed_fen"),
            ", ",
            money!("expenditure", "spent_fen"),
            " FROM activities a JOIN organizations o ON o.id = a.organization_id ",
            $tail
        )
    };
}

/// A published version by id (current or superseded); `None` for any other status.
pub async fn activity(db: &Db, id: i64) -> Result<Option<PublicActivity>, StoreError> {
    db.fetch_optional(
        select_activity!("WHERE a.id = $1 AND a.status = 'published'"),
        &[Value::from(id)],
    )
    .await
}

/// Which counted activities a list shows: the records behind a figure.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivityQuery {
    /// Region code the activity reaches (prefix match), `None` for anywhere.
    pub region: Option<String>,
    /// Reporting organization.
    pub organization_id: Option<i64>,
    /// Supervisory unit (system axis).
    pub unit_id: Option<i64>,
    /// Dimension filters.
    pub filter: super::Filter,
}

impl ActivityQuery {
    fn params(&self) -> Vec<Value> {
        vec![
            Value::from(self.region.as_ref().map(|r| format!("{r}%"))),
            Value::from(self.organization_id),
            Value::from(self.unit_id),
            Value::from(self.filter.year),
            Value::from(self.filter.field.clone()),
            Value::from(self.filter.method.clone()),
            Value::from(self.filter.org_type.clone()),
            Value::from(self.filter.org_level.clone()),
        ]
    }
}

/// The counted activities a query selects. `$organization` is the organization condition: an
/// organization's own list says `s.organization_id = $2` outright, because SQLite uses no index for
/// `($2 IS NULL OR …)`, and scanning every counted version to find one organization's took 1.3–1.9 s
/// a render at a million activities.
macro_rules! counted {
    () => {
        counted!("($2 IS NULL OR s.organization_id = $2)")
    };
    ($organization:literal) => {
        concat!(
            "FROM stat_applied s JOIN activities a ON a.id = s.activity_id \
             JOIN organizations o ON o.id = a.organization_id \
             WHERE ($1 IS NULL OR EXISTS (SELECT 1 FROM activity_locations l WHERE l.activity_id = a.id \
             AND l.region_code LIKE $1)) AND ",
            $organization,
            " AND ($3 IS NULL OR s.unit_id = $3) AND ($4 IS NULL OR s.year = $4) \
             AND ($5 IS NULL OR s.field = $5) AND ($6 IS NULL OR s.method = $6) \
             AND ($7 IS NULL OR s.org_type = $7) AND ($8 IS NULL OR s.org_level = $8) "
        )
    };
}

/// The list's columns, ordered newest first, a page of them (`$9` rows from `$10`).
macro_rules! list {
    ($($organization:literal)?) => {
        concat!(
            "SELECT a.id, a.organization_id, o.name AS organization_name, o.credit_code, a.supersedes_id, ",
            "a.version, a.correction_note, a.title, a.description, a.field, a.method, a.is_current, a.year, ",
            "a.planned_start, a.planned_end, a.actual_start, a.actual_end, a.goods_value_fen, ",
            "a.volunteer_hours, a.published_at, ",
            money!("commitment", "committed_fen"),
            ", ",
            money!("disbursement", "disbursed_fen"),
            ", ",
            money!("expenditure", "spent_fen"),
            " ",
            counted!($($organization)?),
            "ORDER BY a.id DESC LIMIT $9 OFFSET $10"
        )
    };
}

/// A page of the counted (published, current) activities `query` selects, newest id first.
pub async fn activities(
    db: &Db,
    query: &ActivityQuery,
    limit: i64,
    offset: i64,
) -> Result<Vec<PublicActivity>, StoreError> {
    let mut params = query.params();
    params.push(Value::from(limit));
    params.push(Value::from(offset));
    let sql = if query.organization_id.is_some() {
        list!("s.organization_id = $2")
    } else {
        list!()
    };
    db.fetch_all(sql, &params).await
}

/// How many counted activities `query` selects.
pub async fn activity_count(db: &Db, query: &ActivityQuery) -> Result<i64, StoreError> {
    let sql = if query.organization_id.is_some() {
        concat!("SELECT COUNT(*) ", counted!("s.organization_id = $2"))
    } else {
        concat!("SELECT COUNT(*) ", counted!())
    };
    db.fetch_i64(sql, &query.params()).await
}

/// A location of a published activity.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PublicLocation {
    /// Region code.
    pub code: String,
    /// Region name.
    pub name: String,
    /// Level 1–5.
    pub level: i32,
    /// Share in basis points.
    pub share_bp: i32,
    /// County code, if at county level or below.
    pub county_code: Option<String>,
    /// County name.
    pub county_name: Option<String>,
}

/// The locations of version `id`.
pub async fn locations(db: &Db, id: i64) -> Result<Vec<PublicLocation>, StoreError> {
    db.fetch_all(
        "SELECT l.region_code AS code, r.name, r.level, l.share_bp, l.county_code, c.name AS county_name \
         FROM activity_locations l JOIN regions r ON r.code = l.region_code \
         LEFT JOIN regions c ON c.code = l.county_code WHERE l.activity_id = $1 ORDER BY l.region_code",
        &[Value::from(id)],
    )
    .await
}

/// Sums of money by (kind, funding source) for version `id`.
pub async fn money_by_source(db: &Db, id: i64) -> Result<Vec<(String, String, i64)>, StoreError> {
    db.fetch_all(
        "SELECT kind, funding_source, CAST(SUM(amount_fen) AS BIGINT) FROM activity_transactions \
         WHERE activity_id = $1 GROUP BY kind, funding_source ORDER BY kind, funding_source",
        &[Value::from(id)],
    )
    .await
}

/// Beneficiaries of version `id` by category: (category, households, persons).
pub async fn beneficiaries(db: &Db, id: i64) -> Result<Vec<(String, i64, i64)>, StoreError> {
    db.fetch_all(
        "SELECT category, households, persons FROM activity_beneficiaries WHERE activity_id = $1 \
         ORDER BY category",
        &[Value::from(id)],
    )
    .await
}

/// An effect indicator.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct PublicIndicator {
    /// Catalogue code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Unit.
    pub unit: String,
    /// Baseline.
    pub baseline: Option<f64>,
    /// Target.
    pub target: Option<f64>,
    /// Actual.
    pub actual: Option<f64>,
}

/// The indicators of version `id`.
pub async fn indicators(db: &Db, id: i64) -> Result<Vec<PublicIndicator>, StoreError> {
    db.fetch_all(
        "SELECT code, name, unit, baseline, target, actual FROM activity_indicators \
         WHERE activity_id = $1 ORDER BY id",
        &[Value::from(id)],
    )
    .await
}

/// The indicators of an organization's counted activities, summed by (code, name, unit).
pub async fn organization_indicators(
    db: &Db,
    organization_id: i64,
) -> Result<Vec<PublicIndicator>, StoreError> {
    db.fetch_all(
        "SELECT i.code, i.name, i.unit, SUM(i.baseline) AS baseline, SUM(i.target) AS target, \
         SUM(i.actual) AS actual FROM activity_indicators i JOIN stat_applied s \
         ON s.activity_id = i.activity_id WHERE s.organization_id = $1 \
         GROUP BY i.code, i.name, i.unit ORDER BY i.code, i.name",
        &[Value::from(organization_id)],
    )
    .await
}

/// An evidence file's public facts: name, type, size, content hash.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PublicEvidence {
    /// File name.
    pub file_name: String,
    /// MIME type.
    pub content_type: String,
    /// Size.
    pub size_bytes: i64,
    /// SHA-256, hex.
    pub sha256: String,
}

/// The evidence files of version `id` (metadata only).
pub async fn evidence(db: &Db, id: i64) -> Result<Vec<PublicEvidence>, StoreError> {
    db.fetch_all(
        "SELECT file_name, content_type, size_bytes, sha256 FROM evidence_files \
         WHERE activity_id = $1 ORDER BY id",
        &[Value::from(id)],
    )
    .await
}

/// A published version in a correction history.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PublicVersion {
    /// Version id.
    pub id: i64,
    /// Number.
    pub version: i32,
    /// Title.
    pub title: String,
    /// Whether it is current.
    pub is_current: bool,
    /// Why it corrects the one before.
    pub correction_note: Option<String>,
    /// Published.
    pub published_at: Option<OffsetDateTime>,
}

/// The published versions of the activity `id` belongs to, oldest first.
pub async fn versions(db: &Db, id: i64) -> Result<Vec<PublicVersion>, StoreError> {
    db.fetch_all(
        "WITH RECURSIVE up(id, supersedes_id) AS ( \
           SELECT id, supersedes_id FROM activities WHERE id = $1 \
           UNION ALL SELECT a.id, a.supersedes_id FROM activities a JOIN up ON a.id = up.supersedes_id), \
         down(id) AS ( \
           SELECT id FROM up WHERE supersedes_id IS NULL \
           UNION ALL SELECT a.id FROM activities a JOIN down ON a.supersedes_id = down.id) \
         SELECT a.id, a.version, a.title, a.is_current, a.correction_note, a.published_at \
         FROM activities a JOIN down ON down.id = a.id WHERE a.status = 'published' ORDER BY a.version",
        &[Value::from(id)],
    )
    .await
}

/// The corrections an organization has published (versions after the first), newest first.
pub async fn corrections(db: &Db, organization_id: i64) -> Result<Vec<PublicVersion>, StoreError> {
    db.fetch_all(
        "SELECT id, version, title, is_current, correction_note, published_at FROM activities \
         WHERE organization_id = $1 AND status = 'published' AND supersedes_id IS NOT NULL \
         ORDER BY published_at DESC, id DESC",
        &[Value::from(organization_id)],
    )
    .await
}

/// The region nodes at `level` an organization's counted activities reach, with how many:
/// (code, name, poor county, activities).
pub async fn organization_regions(
    db: &Db,
    organization_id: i64,
    level: i32,
) -> Result<Vec<(String, String, bool, i64)>, StoreError> {
    db.fetch_all(
        "SELECT m.node, r.name, r.poor_county, CAST(SUM(m.activities) AS BIGINT) FROM stat_members m \
         JOIN regions r ON r.code = m.node WHERE m.axis = 'region' AND m.organization_id = $1 \
         AND m.node_level = $2 GROUP BY m.node, r.name, r.poor_county ORDER BY m.node",
        &[Value::from(organization_id), Value::from(level)],
    )
    .await
}

/// Beneficiaries of an organization's counted activities by category: (category, households, persons).
pub async fn organization_beneficiaries(
    db: &Db,
    organization_id: i64,
) -> Result<Vec<(String, i64, i64)>, StoreError> {
    db.fetch_all(
        "SELECT b.category, CAST(SUM(b.households) AS BIGINT), CAST(SUM(b.persons) AS BIGINT) \
         FROM activity_beneficiaries b JOIN stat_applied s ON s.activity_id = b.activity_id \
         WHERE s.organization_id = $1 GROUP BY b.category ORDER BY b.category",
        &[Value::from(organization_id)],
    )
    .await
}

/// Roster entries of an organization's counted activities, and how many have a verified verdict.
pub async fn organization_roster(db: &Db, organization_id: i64) -> Result<(i64, i64), StoreError> {
    let row: (i64, i64) = db
        .fetch_one(
            "SELECT COUNT(*), \
                    CAST(COALESCE(SUM(CASE WHEN v.status IN ('verified', 'homophone', 'typo') \
                                           THEN 1 ELSE 0 END), 0) AS BIGINT) \
             FROM roster_entries r JOIN stat_applied s ON s.activity_id = r.activity_id \
             LEFT JOIN roster_verdicts v ON v.entry_id = r.id \
             WHERE s.organization_id = $1",
            &[Value::from(organization_id)],
        )
        .await?;
    Ok(row)
}
