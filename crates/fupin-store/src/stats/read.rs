//! Reading the rollups: a node's totals, its breakdowns, its children, its organizations and the
//! poor counties below it that no organization reaches.

mod members;

pub use members::{
    ActiveOrganization, Gap, active_organizations, children_organization_counts, counties_reached,
    gaps, organization_count,
};

use super::kernel;
use crate::db::{Db, Value};
use crate::error::StoreError;

/// Sums of the measures over some cells (see [`super::kernel::Measure`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct Totals {
    /// Activities (each once per node).
    pub activities: i64,
    /// Committed, fen.
    pub committed_fen: i64,
    /// Disbursed, fen.
    pub disbursed_fen: i64,
    /// Spent, fen.
    pub spent_fen: i64,
    /// Goods, fen.
    pub goods_fen: i64,
    /// Volunteer hours.
    pub volunteer_hours: i64,
    /// Households (as reported, split by share).
    pub households: i64,
    /// Persons (as reported, split by share).
    pub persons: i64,
    /// 建档立卡贫困人口.
    pub p_registered_poor: i64,
    /// 农村低保对象.
    pub p_rural_dibao: i64,
    /// 特困人员.
    pub p_tekun: i64,
    /// 贫困残疾人.
    pub p_poor_disabled: i64,
    /// Other persons.
    pub p_other: i64,
    /// Roster entries.
    pub roster_entries: i64,
    /// Verified roster entries.
    pub verified_entries: i64,
}

/// [`Totals`] under a key (a node, a year, a field code …).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Keyed {
    /// The key, as text.
    pub key: String,
    /// Its totals.
    #[sqlx(flatten)]
    pub totals: Totals,
}

/// Optional filters on the dimensions; `None` means all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Year.
    pub year: Option<i32>,
    /// Field code.
    pub field: Option<String>,
    /// Method code.
    pub method: Option<String>,
    /// Organization type code.
    pub org_type: Option<String>,
    /// Organization level code.
    pub org_level: Option<String>,
}

impl Filter {
    fn params(&self, first: [Value; 2]) -> Vec<Value> {
        let [a, b] = first;
        vec![
            a,
            b,
            Value::from(self.year),
            Value::from(self.field.clone()),
            Value::from(self.method.clone()),
            Value::from(self.org_type.clone()),
            Value::from(self.org_level.clone()),
        ]
    }
}

macro_rules! sums {
    () => {
        "CAST(COALESCE(SUM(activities), 0) AS BIGINT) AS activities, \
         CAST(COALESCE(SUM(committed_fen), 0) AS BIGINT) AS committed_fen, \
         CAST(COALESCE(SUM(disbursed_fen), 0) AS BIGINT) AS disbursed_fen, \
         CAST(COALESCE(SUM(spent_fen), 0) AS BIGINT) AS spent_fen, \
         CAST(COALESCE(SUM(goods_fen), 0) AS BIGINT) AS goods_fen, \
         CAST(COALESCE(SUM(volunteer_hours), 0) AS BIGINT) AS volunteer_hours, \
         CAST(COALESCE(SUM(households), 0) AS BIGINT) AS households, \
         CAST(COALESCE(SUM(persons), 0) AS BIGINT) AS persons, \
         CAST(COALESCE(SUM(p_registered_poor), 0) AS BIGINT) AS p_registered_poor, \
         CAST(COALESCE(SUM(p_rural_dibao), 0) AS BIGINT) AS p_rural_dibao, \
         CAST(COALESCE(SUM(p_tekun), 0) AS BIGINT) AS p_tekun, \
         CAST(COALESCE(SUM(p_poor_disabled), 0) AS BIGINT) AS p_poor_disabled, \
         CAST(COALESCE(SUM(p_other), 0) AS BIGINT) AS p_other, \
         CAST(COALESCE(SUM(roster_entries), 0) AS BIGINT) AS roster_entries, \
         CAST(COALESCE(SUM(verified_entries), 0) AS BIGINT) AS verified_entries "
    };
}

macro_rules! filtered {
    () => {
        " AND ($3 IS NULL OR year = $3) AND ($4 IS NULL OR field = $4) AND ($5 IS NULL OR method = $5) \
          AND ($6 IS NULL OR org_type = $6) AND ($7 IS NULL OR org_level = $7) "
    };
}

/// A breakdown dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dim {
    /// By year.
    Year,
    /// By primary field.
    Field,
    /// By method.
    Method,
    /// By organization type.
    OrgType,
    /// By organization level.
    OrgLevel,
}

macro_rules! by {
    ($col:literal) => {
        concat!(
            "SELECT CAST(",
            $col,
            " AS TEXT) AS key, ",
            sums!(),
            "FROM stat_cells WHERE axis = $1 AND node_level = $8 AND node = $2",
            filtered!(),
            "GROUP BY ",
            $col,
            " ORDER BY ",
            $col
        )
    };
}

/// The totals of one node (`axis` `region` or `system`; node `""` is the nation).
pub async fn totals(
    db: &Db,
    axis: &str,
    node: &str,
    filter: &Filter,
) -> Result<Totals, StoreError> {
    db.fetch_one(
        concat!(
            "SELECT ",
            sums!(),
            "FROM stat_cells WHERE axis = $1 AND node_level = $8 AND node = $2",
            filtered!()
        ),
        &node_params(axis, node, filter),
    )
    .await
}

/// A node's totals broken down by `dim`, in key order.
pub async fn breakdown(
    db: &Db,
    axis: &str,
    node: &str,
    dim: Dim,
    filter: &Filter,
) -> Result<Vec<Keyed>, StoreError> {
    let sql = match dim {
        Dim::Year => by!("year"),
        Dim::Field => by!("field"),
        Dim::Method => by!("method"),
        Dim::OrgType => by!("org_type"),
        Dim::OrgLevel => by!("org_level"),
    };
    db.fetch_all(sql, &node_params(axis, node, filter)).await
}

/// `$1` axis, `$2` node, `$3`–`$7` the filter, `$8` the node's level (the tables' keys begin with
/// axis and level, so a node is found by all three).
fn node_params(axis: &str, node: &str, filter: &Filter) -> Vec<Value> {
    let mut params = filter.params([Value::from(axis), Value::from(node)]);
    params.push(Value::from(kernel::node_level(axis, node)));
    params
}

/// The totals of the region nodes at `level` whose code starts with `parent` (`""` for provinces),
/// by code; regions without activities are absent.
pub async fn children(
    db: &Db,
    level: i32,
    parent: &str,
    filter: &Filter,
) -> Result<Vec<Keyed>, StoreError> {
    let mut params = filter.params([Value::from(level), Value::from(format!("{parent}%"))]);
    params.push(Value::from("region"));
    let (lower, upper) = kernel::code_range(parent);
    params.extend([Value::from(lower), Value::from(upper)]);
    db.fetch_all(
        concat!(
            "SELECT node AS key, ",
            sums!(),
            "FROM stat_cells WHERE node_level = $1 AND node LIKE $2 AND axis = $8 ",
            "AND node >= $9 AND node < $10",
            filtered!(),
            "GROUP BY node ORDER BY node"
        ),
        &params,
    )
    .await
}

/// The totals of every supervisory unit (system axis), by unit id.
pub async fn units(db: &Db, filter: &Filter) -> Result<Vec<Keyed>, StoreError> {
    db.fetch_all(
        concat!(
            "SELECT node AS key, ",
            sums!(),
            "FROM stat_cells WHERE axis = $1 AND node_level = $2",
            filtered!(),
            "GROUP BY node ORDER BY node"
        ),
        &filter.params([Value::from("system"), Value::from(1_i32)]),
    )
    .await
}

/// A `stat_cells` row as stored: for [`dump`] and the rebuild's comparison (`super::reconcile`).
#[derive(Debug, sqlx::FromRow)]
pub(super) struct CellRow {
    pub(super) axis: String,
    pub(super) node: String,
    pub(super) node_level: i32,
    pub(super) year: i32,
    pub(super) field: String,
    pub(super) method: String,
    pub(super) org_type: String,
    pub(super) org_level: String,
    #[sqlx(flatten)]
    pub(super) totals: Totals,
}

/// A `stat_applied` row, for [`dump`].
type AppliedRow = (i64, i64, i32, String, String, String, String, Option<i64>);

/// Every cell, in key order, as text: for comparing the maintained tables with a rebuild.
pub async fn dump(db: &Db) -> Result<Vec<String>, StoreError> {
    let cells: Vec<CellRow> = db
        .fetch_all(
            concat!(
                "SELECT axis, node, node_level, year, field, method, org_type, org_level, ",
                "activities, committed_fen, disbursed_fen, spent_fen, goods_fen, volunteer_hours, ",
                "households, persons, p_registered_poor, p_rural_dibao, p_tekun, p_poor_disabled, ",
                "p_other, roster_entries, verified_entries FROM stat_cells ",
                "ORDER BY axis, node_level, node, year, field, method, org_type, org_level"
            ),
            &[],
        )
        .await?;
    let members: Vec<(String, String, i32, i32, i64, i64)> = db
        .fetch_all(
            "SELECT axis, node, node_level, year, organization_id, activities FROM stat_members \
             ORDER BY axis, node_level, node, year, organization_id",
            &[],
        )
        .await?;
    let applied: Vec<AppliedRow> = db
        .fetch_all(
            "SELECT activity_id, organization_id, year, field, method, org_type, org_level, unit_id \
             FROM stat_applied ORDER BY activity_id",
            &[],
        )
        .await?;
    let mut out: Vec<String> = cells.into_iter().map(|c| format!("cell {c:?}")).collect();
    out.extend(members.into_iter().map(|m| format!("member {m:?}")));
    out.extend(applied.into_iter().map(|a| format!("applied {a:?}")));
    Ok(out)
}
