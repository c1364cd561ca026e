//! Reading the facts the kernel needs: for a version (and the one it supersedes) inside the
//! publishing transaction, or the query the rebuild streams for every published current version
//! (`super::rebuild`). Both read one row per version, its parts folded in SQL (`parts_columns!`).

use super::kernel::{Dims, Facts, MEASURES, Measure, Measures};
use crate::db::{Backend, Db, Tx, Value};
use crate::error::StoreError;

/// The core of every version query: the activity with its organization's keys (type, level and
/// the unit of the system axis), then `$columns`, then `$where` (joins and the condition).
macro_rules! core_sql {
    ($columns:expr, $where:expr) => {
        concat!(
            "SELECT a.id, a.organization_id, a.status, a.year, a.field, a.method, a.goods_value_fen, ",
            "a.volunteer_hours, o.org_type, o.level AS org_level, ",
            "COALESCE((SELECT MIN(s.unit_id) FROM supervision_links s WHERE s.organization_id = o.id ",
            "AND s.relation = 'supervisory'), o.registration_authority_id) AS unit_id",
            $columns,
            " FROM activities a JOIN organizations o ON o.id = a.organization_id ",
            $where
        )
    };
}

/// A version's parts as columns, each in one value: its locations (`code:share`), transactions
/// (`kind:amount`) and beneficiaries (`category:households:persons`) each aggregated into one
/// comma-separated list by `$agg` (`group_concat` on SQLite, `string_agg` on PostgreSQL), its
/// roster counted. One row per version instead of one per part: the rows, not the lookups, were
/// what reading cost (the rebuild), and one query instead of two per version is what a
/// publication's round trips cost (the incremental path).
macro_rules! parts_columns {
    ($agg:literal) => {
        concat!(
            ", (SELECT ",
            $agg,
            "(l.region_code || ':' || CAST(l.share_bp AS TEXT), ',') ",
            "FROM activity_locations l WHERE l.activity_id = a.id) AS locations, ",
            "(SELECT ",
            $agg,
            "(t.kind || ':' || CAST(t.amount_fen AS TEXT), ',') ",
            "FROM activity_transactions t WHERE t.activity_id = a.id) AS transactions, ",
            "(SELECT ",
            $agg,
            "(b.category || ':' || CAST(b.households AS TEXT) || ':' || ",
            "CAST(b.persons AS TEXT), ',') ",
            "FROM activity_beneficiaries b WHERE b.activity_id = a.id) AS beneficiaries, ",
            "(SELECT CAST(COUNT(*) AS BIGINT) FROM roster_entries r ",
            "LEFT JOIN roster_verdicts v ON v.entry_id = r.id WHERE r.activity_id = a.id) ",
            "AS roster_entries, ",
            "(SELECT CAST(COUNT(*) AS BIGINT) FROM roster_entries r ",
            "JOIN roster_verdicts v ON v.entry_id = r.id WHERE r.activity_id = a.id ",
            "AND v.status IN ('verified', 'homophone', 'typo')) AS verified_entries"
        )
    };
}

/// Every published current version with all its parts in one row, for the rebuild. In no
/// particular order: the sums do not depend on it, and sorting the wide rows cost SQLite as much
/// again as the query.
macro_rules! versions_sql {
    ($agg:literal) => {
        core_sql!(
            parts_columns!($agg),
            "WHERE a.status = 'published' AND a.is_current"
        )
    };
}

/// Versions with their parts (as [`versions_sql!`]) and the keys `stat_applied` counts them under
/// (all `NULL` when not counted), selected by `$where` on `a.id`: what the incremental path reads,
/// in one round trip.
macro_rules! counted_sql {
    ($agg:literal, $where:literal) => {
        core_sql!(
            concat!(
                parts_columns!($agg),
                ", p.activity_id AS applied_id, p.organization_id AS applied_organization_id, ",
                "p.year AS applied_year, p.field AS applied_field, p.method AS applied_method, ",
                "p.org_type AS applied_org_type, p.org_level AS applied_org_level, ",
                "p.unit_id AS applied_unit_id"
            ),
            concat!(
                "LEFT JOIN stat_applied p ON p.activity_id = a.id WHERE ",
                $where
            )
        )
    };
}

/// Every published current version with its parts (SQLite).
pub(super) const ALL_SQLITE: &str = versions_sql!("group_concat");
/// Every published current version with its parts (PostgreSQL).
pub(super) const ALL_POSTGRES: &str = versions_sql!("string_agg");

/// A row of [`ALL_SQLITE`] / [`ALL_POSTGRES`].
#[derive(sqlx::FromRow)]
pub(super) struct VersionRow {
    pub id: i64,
    pub organization_id: i64,
    pub year: i32,
    pub field: String,
    pub method: String,
    pub goods_value_fen: i64,
    pub volunteer_hours: i64,
    pub org_type: String,
    pub org_level: String,
    pub unit_id: Option<i64>,
    pub locations: Option<String>,
    pub transactions: Option<String>,
    pub beneficiaries: Option<String>,
    pub roster_entries: i64,
    pub verified_entries: i64,
}

fn number(text: &str) -> Result<i64, StoreError> {
    text.parse()
        .map_err(|_| StoreError::Corrupt(format!("统计：无法读取数值 {text:?}")))
}

fn items(list: &Option<String>) -> impl Iterator<Item = &str> {
    list.iter()
        .flat_map(|l| l.split(','))
        .filter(|item| !item.is_empty())
}

/// A version's totals and locations (unsorted) from its [`VersionRow`]: the same
/// [`add_part`] as one version's parts go through.
pub(super) fn version_parts(
    row: &VersionRow,
    locations: &mut Vec<(String, i64)>,
) -> Result<Measures, StoreError> {
    let mut t = base_totals(row.goods_value_fen, row.volunteer_hours);
    let bad = |item: &str| StoreError::Corrupt(format!("统计：无法读取 {item:?}"));
    for item in items(&row.locations) {
        let (code, share) = item.rsplit_once(':').ok_or_else(|| bad(item))?;
        add_part(&mut t, locations, code, number(share)?, 0);
    }
    for item in items(&row.transactions) {
        let (kind, amount) = item.rsplit_once(':').ok_or_else(|| bad(item))?;
        add_part(&mut t, locations, kind, number(amount)?, 0);
    }
    for item in items(&row.beneficiaries) {
        let (rest, persons) = item.rsplit_once(':').ok_or_else(|| bad(item))?;
        let (category, households) = rest.rsplit_once(':').ok_or_else(|| bad(item))?;
        add_beneficiaries(&mut t, category, number(households)?, number(persons)?);
    }
    add_part(
        &mut t,
        locations,
        "roster",
        row.roster_entries,
        row.verified_entries,
    );
    Ok(t)
}

/// The version `$1` (SQLite).
const ONE_SQLITE: &str = counted_sql!("group_concat", "a.id = $1");
/// The version `$1` (PostgreSQL).
const ONE_POSTGRES: &str = counted_sql!("string_agg", "a.id = $1");
/// The version `$1` and the one it supersedes, if any (SQLite).
const WITH_SUPERSEDED_SQLITE: &str = counted_sql!(
    "group_concat",
    "a.id IN ($1, (SELECT s.supersedes_id FROM activities s WHERE s.id = $1))"
);
/// The version `$1` and the one it supersedes, if any (PostgreSQL).
const WITH_SUPERSEDED_POSTGRES: &str = counted_sql!(
    "string_agg",
    "a.id IN ($1, (SELECT s.supersedes_id FROM activities s WHERE s.id = $1))"
);

/// A row of the `counted_sql!` queries.
#[derive(sqlx::FromRow)]
struct CountedRow {
    #[sqlx(flatten)]
    version: VersionRow,
    status: String,
    applied_id: Option<i64>,
    applied_organization_id: Option<i64>,
    applied_year: Option<i32>,
    applied_field: Option<String>,
    applied_method: Option<String>,
    applied_org_type: Option<String>,
    applied_org_level: Option<String>,
    applied_unit_id: Option<i64>,
}

/// The keys `stat_applied` recorded a version under when it was counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CountedKeys {
    pub organization_id: i64,
    pub dims: Dims,
    pub unit_id: Option<i64>,
}

/// A version as the incremental path needs it.
#[derive(Debug)]
pub(super) struct Loaded {
    /// Its facts as the activity tables give them now (locations sorted).
    pub facts: Facts,
    /// Its workflow status.
    pub status: String,
    /// The keys it is counted under, or `None` if it is not counted.
    pub counted: Option<CountedKeys>,
}

impl Loaded {
    /// The facts to subtract when withdrawing: its parts now, under the keys it was counted with
    /// (the organization's type, level or unit may have changed since).
    pub(super) fn as_counted(&self) -> Option<Facts> {
        let keys = self.counted.as_ref()?;
        let mut facts = self.facts.clone();
        facts.organization_id = keys.organization_id;
        facts.dims = keys.dims.clone();
        facts.unit_id = keys.unit_id;
        Some(facts)
    }
}

fn loaded(row: CountedRow) -> Result<Loaded, StoreError> {
    let mut locations = Vec::new();
    let totals = version_parts(&row.version, &mut locations)?;
    // The allocation gives remainders to the earlier location on ties: the order must be the
    // rebuild's (sorted by code).
    locations.sort();
    let counted = match (
        row.applied_id,
        row.applied_organization_id,
        row.applied_year,
        row.applied_field,
        row.applied_method,
        row.applied_org_type,
        row.applied_org_level,
    ) {
        (
            Some(_),
            Some(organization_id),
            Some(year),
            Some(field),
            Some(method),
            Some(t),
            Some(l),
        ) => Some(CountedKeys {
            organization_id,
            dims: Dims {
                year,
                field,
                method,
                org_type: t,
                org_level: l,
            },
            unit_id: row.applied_unit_id,
        }),
        _ => None,
    };
    let v = row.version;
    Ok(Loaded {
        facts: Facts {
            activity_id: v.id,
            organization_id: v.organization_id,
            dims: Dims {
                year: v.year,
                field: v.field,
                method: v.method,
                org_type: v.org_type,
                org_level: v.org_level,
            },
            unit_id: v.unit_id,
            locations,
            totals,
        },
        status: row.status,
        counted,
    })
}

/// Version `id` and, with `superseded`, the version it supersedes, each with its parts and the
/// keys it is counted under: one query, whatever the number of parts. In no particular order.
pub(super) async fn counted(
    tx: &mut Tx,
    id: i64,
    superseded: bool,
) -> Result<Vec<Loaded>, StoreError> {
    let sql = match (tx.backend(), superseded) {
        (Backend::Sqlite, false) => ONE_SQLITE,
        (Backend::Postgres, false) => ONE_POSTGRES,
        (Backend::Sqlite, true) => WITH_SUPERSEDED_SQLITE,
        (Backend::Postgres, true) => WITH_SUPERSEDED_POSTGRES,
    };
    let rows: Vec<CountedRow> = tx.fetch_all(sql, &[Value::from(id)]).await?;
    rows.into_iter().map(loaded).collect()
}

/// The totals a version starts from before its parts are added.
fn base_totals(goods_value_fen: i64, volunteer_hours: i64) -> Measures {
    let mut totals = [0_i64; MEASURES];
    totals[Measure::Goods as usize] = goods_value_fen;
    totals[Measure::VolunteerHours as usize] = volunteer_hours;
    totals
}

/// Adds a part (a transaction kind with its amount, a location with its share, or the roster
/// with its entries and verified entries) to a version's `totals` or `locations`.
fn add_part(t: &mut Measures, locations: &mut Vec<(String, i64)>, key: &str, a: i64, b: i64) {
    match key {
        "commitment" => t[Measure::Committed as usize] += a,
        "disbursement" => t[Measure::Disbursed as usize] += a,
        "expenditure" => t[Measure::Spent as usize] += a,
        "pledge" => {} // a pledge counts in no total until committed
        "roster" => {
            t[Measure::RosterEntries as usize] += a;
            t[Measure::VerifiedEntries as usize] += b;
        }
        key => {
            if key.bytes().all(|b| b.is_ascii_digit()) {
                locations.push((key.to_owned(), a));
            }
        }
    }
}

fn add_beneficiaries(t: &mut Measures, category: &str, households: i64, persons: i64) {
    t[Measure::Households as usize] += households;
    t[Measure::Persons as usize] += persons;
    let measure = match category {
        "registered_poor" => Some(Measure::PersonsRegisteredPoor),
        "rural_dibao" => Some(Measure::PersonsRuralDibao),
        "tekun" => Some(Measure::PersonsTekun),
        "poor_disabled" => Some(Measure::PersonsPoorDisabled),
        "other" => Some(Measure::PersonsOther),
        _ => None,
    };
    if let Some(m) = measure {
        t[m as usize] += persons;
    }
}

/// The facts of one version and its status, read inside `tx`; `None` if there is no such version.
pub async fn one(tx: &mut Tx, id: i64) -> Result<Option<(Facts, String)>, StoreError> {
    let version = counted(tx, id, false).await?.into_iter().next();
    Ok(version.map(|v| (v.facts, v.status)))
}

/// Published current versions, for the lazy first build (`true` when there is at least one).
pub async fn any_published(db: &Db) -> Result<bool, StoreError> {
    let n = db
        .fetch_i64(
            "SELECT COUNT(*) FROM (SELECT 1 FROM activities WHERE status = 'published' AND is_current LIMIT 1) x",
            &[],
        )
        .await?;
    Ok(n > 0)
}
