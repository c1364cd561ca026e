//! The search queries: hits, counts, years and region facets, with fixed parameters.
//!
//! Parameters of every search query: `$1` the published status, `$2`–`$7` one `LIKE` pattern per
//! term (`''` when unused), `$8` field code, `$9` region code (province 2, prefecture 4 or county 6
//! digits), `$10` year (`0` for any), `$11` organization type (`''` for any); lists add `$12` limit
//! and `$13` offset.

use super::{MAX_TERMS, escape_like};
use crate::db::{Db, Value};
use crate::error::StoreError;

/// What to look for; empty parts match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Lowercased terms, each of which must occur in the text or its pinyin. Terms beyond
    /// [`MAX_TERMS`] are folded, in order, into the last one.
    pub terms: Vec<String>,
    /// Field code of the activity.
    pub field: Option<String>,
    /// Region code (2, 4 or 6 digits) where the activity took place.
    pub region: Option<String>,
    /// Year of the activity.
    pub year: Option<i32>,
    /// Type code of the organization.
    pub org_type: Option<String>,
}

impl Filters {
    fn params(&self) -> Vec<Value> {
        let mut patterns: Vec<String> = self
            .terms
            .iter()
            .filter(|t| !t.is_empty())
            .map(|t| escape_like(t))
            .collect();
        if patterns.len() > MAX_TERMS {
            let rest = patterns.split_off(MAX_TERMS - 1);
            patterns.push(rest.join("%"));
        }
        let mut params = vec![Value::from("published")];
        for i in 0..MAX_TERMS {
            params.push(Value::from(
                patterns
                    .get(i)
                    .map(|p| format!("%{p}%"))
                    .unwrap_or_default(),
            ));
        }
        params.push(Value::from(self.field.clone().unwrap_or_default()));
        params.push(Value::from(self.region.clone().unwrap_or_default()));
        params.push(Value::from(self.year.unwrap_or(0)));
        params.push(Value::from(self.org_type.clone().unwrap_or_default()));
        params
    }

    fn paged(&self, limit: i64, offset: i64) -> Vec<Value> {
        let mut params = self.params();
        params.push(Value::from(limit));
        params.push(Value::from(offset.max(0)));
        params
    }
}

/// An activity found.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ActivityHit {
    /// Version id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Field code.
    pub field: String,
    /// Method code.
    pub method: String,
    /// Year.
    pub year: i32,
    /// Reporting organization.
    pub organization_id: i64,
    /// Its name.
    pub organization_name: String,
    /// Money committed, in fen.
    pub committed_fen: i64,
    /// The county with the largest share, if any.
    pub county_code: Option<String>,
    /// Its name.
    pub county_name: Option<String>,
}

/// An organization found.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OrganizationHit {
    /// Organization id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Type code.
    pub org_type: String,
    /// Level code.
    pub level: String,
    /// Region of registration.
    pub region_code: String,
    /// Its name.
    pub region_name: Option<String>,
    /// Its published, current activities (all of them, not only those matching).
    pub activities: i64,
}

/// Published activities in one region, for the map.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RegionFacet {
    /// Province (2 digits) or prefecture (4 digits) code.
    pub code: String,
    /// Activities with a location there.
    pub activities: i64,
    /// Organizations with such an activity.
    pub organizations: i64,
    /// Money committed, in fen, by each location's share.
    pub committed_fen: i64,
}

macro_rules! term {
    ($p:literal) => {
        concat!(
            " AND (",
            $p,
            " = '' OR d.body LIKE ",
            $p,
            " ESCAPE '\\' OR d.initials LIKE ",
            $p,
            " ESCAPE '\\' OR d.spelled LIKE ",
            $p,
            " ESCAPE '\\')"
        )
    };
}

/// The conditions on an activity `a` (field, region, year); its organization is `o`.
macro_rules! activity_filters {
    () => {
        concat!(
            " AND a.status = $1 AND a.is_current AND ($8 = '' OR a.field = $8)",
            " AND ($9 = '' OR EXISTS (SELECT 1 FROM activity_locations l WHERE l.activity_id = a.id",
            " AND (l.province_code = $9 OR l.prefecture_code = $9 OR l.county_code = $9)))",
            " AND ($10 = 0 OR a.year = $10)"
        )
    };
}

macro_rules! activity_from {
    () => {
        concat!(
            " FROM search_docs d JOIN activities a ON a.id = d.record_id",
            " JOIN organizations o ON o.id = a.organization_id WHERE d.kind = 'activity'",
            term!("$2"),
            term!("$3"),
            term!("$4"),
            term!("$5"),
            term!("$6"),
            term!("$7"),
            activity_filters!(),
            " AND ($11 = '' OR o.org_type = $11)"
        )
    };
}

macro_rules! organization_from {
    () => {
        concat!(
            " FROM search_docs d JOIN organizations o ON o.id = d.record_id",
            " LEFT JOIN regions r ON r.code = o.region_code WHERE d.kind = 'organization'",
            term!("$2"),
            term!("$3"),
            term!("$4"),
            term!("$5"),
            term!("$6"),
            term!("$7"),
            " AND ($11 = '' OR o.org_type = $11)",
            " AND EXISTS (SELECT 1 FROM activities a WHERE a.organization_id = o.id",
            activity_filters!(),
            ")"
        )
    };
}

/// Activities matching `filters`: title hits first, then the newest years.
pub async fn activities(
    db: &Db,
    filters: &Filters,
    limit: i64,
    offset: i64,
) -> Result<Vec<ActivityHit>, StoreError> {
    db.fetch_all(
        concat!(
            "SELECT a.id, a.title, a.field, a.method, a.year, a.organization_id,",
            " o.name AS organization_name,",
            " (SELECT CAST(COALESCE(SUM(t.amount_fen), 0) AS BIGINT) FROM activity_transactions t",
            " WHERE t.activity_id = a.id AND t.kind = 'commitment') AS committed_fen,",
            " (SELECT l.county_code FROM activity_locations l WHERE l.activity_id = a.id",
            " ORDER BY l.share_bp DESC, l.region_code LIMIT 1) AS county_code,",
            " (SELECT c.name FROM activity_locations l JOIN regions c ON c.code = l.county_code",
            " WHERE l.activity_id = a.id ORDER BY l.share_bp DESC, l.region_code LIMIT 1) AS county_name",
            activity_from!(),
            " ORDER BY CASE WHEN d.head LIKE $2 ESCAPE '\\' THEN 0 ELSE 1 END, a.year DESC, a.id DESC",
            " LIMIT $12 OFFSET $13"
        ),
        &filters.paged(limit, offset),
    )
    .await
}

/// Number of activities matching `filters`.
pub async fn count_activities(db: &Db, filters: &Filters) -> Result<i64, StoreError> {
    db.fetch_i64(
        concat!("SELECT COUNT(*)", activity_from!()),
        &filters.params(),
    )
    .await
}

/// Organizations whose name matches the terms and that have a published activity matching the
/// other filters: name hits first, then the most active.
pub async fn organizations(
    db: &Db,
    filters: &Filters,
    limit: i64,
    offset: i64,
) -> Result<Vec<OrganizationHit>, StoreError> {
    db.fetch_all(
        concat!(
            "SELECT o.id, o.name, o.org_type, o.level, o.region_code, r.name AS region_name,",
            " (SELECT COUNT(*) FROM activities x WHERE x.organization_id = o.id",
            " AND x.status = $1 AND x.is_current) AS activities",
            organization_from!(),
            " ORDER BY CASE WHEN d.head LIKE $2 ESCAPE '\\' THEN 0 ELSE 1 END, activities DESC, o.id",
            " LIMIT $12 OFFSET $13"
        ),
        &filters.paged(limit, offset),
    )
    .await
}

/// Number of organizations matching `filters`.
pub async fn count_organizations(db: &Db, filters: &Filters) -> Result<i64, StoreError> {
    db.fetch_i64(
        concat!("SELECT COUNT(*)", organization_from!()),
        &filters.params(),
    )
    .await
}

/// Years with published activities, newest first.
pub async fn years(db: &Db) -> Result<Vec<i32>, StoreError> {
    let rows: Vec<(i32,)> = db
        .fetch_all(
            "SELECT DISTINCT year FROM activities WHERE status = $1 AND is_current ORDER BY year DESC",
            &[Value::from("published")],
        )
        .await?;
    Ok(rows.into_iter().map(|(y,)| y).collect())
}

/// Published, current activities by province (`within` = `None`) or by the prefectures of one
/// province (`within` = its 2-digit code), filtered by field, year and organization type (the
/// terms and the region of `filters` are not used). Money is split by each location's share.
pub async fn region_facets(
    db: &Db,
    filters: &Filters,
    within: Option<&str>,
) -> Result<Vec<RegionFacet>, StoreError> {
    let params = [
        Value::from("published"),
        Value::from(filters.field.clone().unwrap_or_default()),
        Value::from(filters.year.unwrap_or(0)),
        Value::from(filters.org_type.clone().unwrap_or_default()),
        Value::from(within.unwrap_or_default()),
    ];
    macro_rules! facets {
        ($key:literal, $within:literal) => {
            concat!(
                "WITH money AS (SELECT t.activity_id, CAST(SUM(t.amount_fen) AS BIGINT) AS fen",
                " FROM activity_transactions t WHERE t.kind = 'commitment' GROUP BY t.activity_id)",
                " SELECT ",
                $key,
                " AS code, COUNT(DISTINCT a.id) AS activities,",
                " COUNT(DISTINCT a.organization_id) AS organizations,",
                " CAST(COALESCE(SUM(m.fen * l.share_bp / 10000), 0) AS BIGINT) AS committed_fen",
                " FROM activity_locations l JOIN activities a ON a.id = l.activity_id",
                " JOIN organizations o ON o.id = a.organization_id",
                " LEFT JOIN money m ON m.activity_id = a.id",
                " WHERE a.status = $1 AND a.is_current AND ($2 = '' OR a.field = $2)",
                " AND ($3 = 0 OR a.year = $3) AND ($4 = '' OR o.org_type = $4)",
                $within,
                " GROUP BY ",
                $key,
                " ORDER BY ",
                $key
            )
        };
    }
    match within {
        None => {
            db.fetch_all(facets!("l.province_code", " AND $5 = ''"), &params)
                .await
        }
        Some(_) => {
            db.fetch_all(
                facets!(
                    "l.prefecture_code",
                    " AND l.province_code = $5 AND l.prefecture_code IS NOT NULL"
                ),
                &params,
            )
            .await
        }
    }
}
