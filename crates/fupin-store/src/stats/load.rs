//! Reading the facts the kernel needs: for one version inside the publishing transaction, or the
//! queries the rebuild streams for every published current version (`super::rebuild`).

use super::kernel::{Dims, Facts, MEASURES, Measure, Measures};
use crate::db::{Db, Tx, Value};
use crate::error::StoreError;

/// A version with its organization's keys, as the core query returns it.
#[derive(sqlx::FromRow)]
struct CoreRow {
    pub id: i64,
    pub organization_id: i64,
    pub status: String,
    pub year: i32,
    pub field: String,
    pub method: String,
    pub goods_value_fen: i64,
    pub volunteer_hours: i64,
    pub org_type: String,
    pub org_level: String,
    pub unit_id: Option<i64>,
}

/// One part of a version (see `parts_sql!`).
#[derive(sqlx::FromRow)]
struct PartRow {
    pub key: String,
    pub a: i64,
    pub b: i64,
}

macro_rules! core_sql {
    ($where:literal) => {
        core_sql!("", $where)
    };
    ($columns:expr, $where:literal) => {
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

/// A version with all its parts in one row, for the rebuild: its locations (`code:share`),
/// transactions (`kind:amount`) and beneficiaries (`category:households:persons`) each aggregated
/// into one comma-separated list by `$agg` (`group_concat` on SQLite, `string_agg` on
/// PostgreSQL), its roster counted. One row per version instead of one per part: the rows, not
/// the lookups, were what reading cost. In no particular order: the sums do not depend on it,
/// and sorting the wide rows cost SQLite as much again as the query.
macro_rules! versions_sql {
    ($agg:literal) => {
        core_sql!(
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
            ),
            "WHERE a.status = 'published' AND a.is_current"
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

/// Parts as (activity, key, a, b) rows: locations (code, share, 0), money (kind, sum, 0),
/// beneficiaries (category, households, persons), rosters ('roster', entries, 0).
macro_rules! parts_sql {
    ($join:literal) => {
        concat!(
            "SELECT l.activity_id, l.region_code AS key, CAST(l.share_bp AS BIGINT) AS a, CAST(0 AS BIGINT) AS b ",
            "FROM activity_locations l ",
            $join,
            " l.activity_id ",
            "UNION ALL SELECT t.activity_id, t.kind, CAST(SUM(t.amount_fen) AS BIGINT), CAST(0 AS BIGINT) ",
            "FROM activity_transactions t ",
            $join,
            " t.activity_id GROUP BY t.activity_id, t.kind ",
            "UNION ALL SELECT b.activity_id, 'ben:' || b.category, b.households, b.persons ",
            "FROM activity_beneficiaries b ",
            $join,
            " b.activity_id ",
            "UNION ALL SELECT r.activity_id, 'roster', CAST(COUNT(*) AS BIGINT), ",
            "CAST(SUM(CASE WHEN v.status IN ('verified', 'homophone', 'typo') THEN 1 ELSE 0 END) AS BIGINT) ",
            "FROM roster_entries r LEFT JOIN roster_verdicts v ON v.entry_id = r.id ",
            $join,
            " r.activity_id GROUP BY r.activity_id"
        )
    };
}

const ONE_CORE: &str = core_sql!("WHERE a.id = $1");
const ONE_PARTS: &str = parts_sql!("JOIN (SELECT CAST($1 AS BIGINT) AS id) x ON x.id =");
/// The totals a version starts from before its parts are added.
fn base_totals(goods_value_fen: i64, volunteer_hours: i64) -> Measures {
    let mut totals = [0_i64; MEASURES];
    totals[Measure::Goods as usize] = goods_value_fen;
    totals[Measure::VolunteerHours as usize] = volunteer_hours;
    totals
}

fn facts_of(core: CoreRow) -> Facts {
    let totals = base_totals(core.goods_value_fen, core.volunteer_hours);
    Facts {
        activity_id: core.id,
        organization_id: core.organization_id,
        dims: Dims {
            year: core.year,
            field: core.field,
            method: core.method,
            org_type: core.org_type,
            org_level: core.org_level,
        },
        unit_id: core.unit_id,
        locations: Vec::new(),
        totals,
    }
}

/// Adds a part (see `parts_sql!`) to a version's `totals` or, for a location, to its
/// `locations`.
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
            if let Some(category) = key.strip_prefix("ben:") {
                add_beneficiaries(t, category, a, b);
            } else if key.bytes().all(|b| b.is_ascii_digit()) {
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
    let Some(core): Option<CoreRow> = tx.fetch_optional(ONE_CORE, &[Value::from(id)]).await? else {
        return Ok(None);
    };
    let status = core.status.clone();
    let mut facts = facts_of(core);
    let parts: Vec<PartRow> = tx.fetch_all(ONE_PARTS, &[Value::from(id)]).await?;
    for part in parts {
        add_part(
            &mut facts.totals,
            &mut facts.locations,
            &part.key,
            part.a,
            part.b,
        );
    }
    facts.locations.sort();
    Ok(Some((facts, status)))
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
