//! Reading the facts the kernel needs: for one version inside the publishing transaction, or for
//! every published current version at once (the rebuild).

use std::collections::HashMap;

use super::kernel::{Dims, Facts, MEASURES, Measure};
use crate::db::{Db, Tx, Value};
use crate::error::StoreError;

#[derive(sqlx::FromRow)]
struct CoreRow {
    id: i64,
    organization_id: i64,
    status: String,
    year: i32,
    field: String,
    method: String,
    goods_value_fen: i64,
    volunteer_hours: i64,
    org_type: String,
    org_level: String,
    unit_id: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct PartRow {
    activity_id: i64,
    key: String,
    a: i64,
    b: i64,
}

macro_rules! core_sql {
    ($where:literal) => {
        concat!(
            "SELECT a.id, a.organization_id, a.status, a.year, a.field, a.method, a.goods_value_fen, ",
            "a.volunteer_hours, o.org_type, o.level AS org_level, ",
            "COALESCE((SELECT MIN(s.unit_id) FROM supervision_links s WHERE s.organization_id = o.id ",
            "AND s.relation = 'supervisory'), o.registration_authority_id) AS unit_id ",
            "FROM activities a JOIN organizations o ON o.id = a.organization_id ",
            $where
        )
    };
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
const ALL_CORE: &str = core_sql!("WHERE a.status = 'published' AND a.is_current");
const ALL_PARTS: &str = parts_sql!(
    "JOIN (SELECT id FROM activities WHERE status = 'published' AND is_current) x ON x.id ="
);

fn facts_of(core: CoreRow) -> Facts {
    let mut totals = [0_i64; MEASURES];
    totals[Measure::Goods as usize] = core.goods_value_fen;
    totals[Measure::VolunteerHours as usize] = core.volunteer_hours;
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

fn add_part(facts: &mut Facts, part: PartRow) {
    let t = &mut facts.totals;
    let category = |c: &str| match c {
        "registered_poor" => Some(Measure::PersonsRegisteredPoor),
        "rural_dibao" => Some(Measure::PersonsRuralDibao),
        "tekun" => Some(Measure::PersonsTekun),
        "poor_disabled" => Some(Measure::PersonsPoorDisabled),
        "other" => Some(Measure::PersonsOther),
        _ => None,
    };
    match part.key.as_str() {
        "commitment" => t[Measure::Committed as usize] += part.a,
        "disbursement" => t[Measure::Disbursed as usize] += part.a,
        "expenditure" => t[Measure::Spent as usize] += part.a,
        "pledge" => {} // a pledge counts in no total until committed
        "roster" => {
            t[Measure::RosterEntries as usize] += part.a;
            t[Measure::VerifiedEntries as usize] += part.b;
        }
        key => {
            if let Some(cat) = key.strip_prefix("ben:") {
                t[Measure::Households as usize] += part.a;
                t[Measure::Persons as usize] += part.b;
                if let Some(m) = category(cat) {
                    t[m as usize] += part.b;
                }
            } else if key.bytes().all(|b| b.is_ascii_digit()) {
                facts.locations.push((part.key, part.a));
            }
        }
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
        add_part(&mut facts, part);
    }
    facts.locations.sort();
    Ok(Some((facts, status)))
}

/// The facts of every published current version, by id.
pub async fn all(tx: &mut Tx) -> Result<Vec<Facts>, StoreError> {
    let cores: Vec<CoreRow> = tx.fetch_all(ALL_CORE, &[]).await?;
    let mut by_id: HashMap<i64, Facts> = cores.into_iter().map(|c| (c.id, facts_of(c))).collect();
    let parts: Vec<PartRow> = tx.fetch_all(ALL_PARTS, &[]).await?;
    for part in parts {
        if let Some(facts) = by_id.get_mut(&part.activity_id) {
            add_part(facts, part);
        }
    }
    let mut all: Vec<Facts> = by_id.into_values().collect();
    for facts in &mut all {
        facts.locations.sort();
    }
    all.sort_by_key(|f| f.activity_id);
    Ok(all)
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
