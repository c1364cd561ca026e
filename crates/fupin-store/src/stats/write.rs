//! Writing the rollup tables: signed deltas for one version, bulk rows for a rebuild.

use std::collections::BTreeMap;

use super::kernel::{self, Dims, Facts, MEASURES, Measure, Measures, Node};
use crate::bulk::BulkTable;
use crate::db::{Tx, Value};
use crate::error::StoreError;

/// The keys a version was counted under.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct Applied {
    pub organization_id: i64,
    year: i32,
    field: String,
    method: String,
    org_type: String,
    org_level: String,
    pub unit_id: Option<i64>,
}

impl Applied {
    pub(super) fn dims(&self) -> Dims {
        Dims {
            year: self.year,
            field: self.field.clone(),
            method: self.method.clone(),
            org_type: self.org_type.clone(),
            org_level: self.org_level.clone(),
        }
    }
}

pub(super) async fn applied(tx: &mut Tx, id: i64) -> Result<Option<Applied>, StoreError> {
    tx.fetch_optional(
        "SELECT organization_id, year, field, method, org_type, org_level, unit_id \
         FROM stat_applied WHERE activity_id = $1",
        &[Value::from(id)],
    )
    .await
}

const APPLIED: BulkTable = BulkTable {
    table: "stat_applied",
    columns: &[
        "activity_id",
        "organization_id",
        "year",
        "field",
        "method",
        "org_type",
        "org_level",
        "unit_id",
    ],
};

fn applied_values(f: &Facts) -> Vec<Value> {
    vec![
        Value::from(f.activity_id),
        Value::from(f.organization_id),
        Value::from(f.dims.year),
        Value::from(f.dims.field.as_str()),
        Value::from(f.dims.method.as_str()),
        Value::from(f.dims.org_type.as_str()),
        Value::from(f.dims.org_level.as_str()),
        Value::from(f.unit_id),
    ]
}

/// Records one counted version. A plain prepared INSERT: `bulk_insert` would open a `COPY` on
/// PostgreSQL, whose round trips cost tens of milliseconds for a single row on every publish.
pub(super) async fn record_applied(tx: &mut Tx, facts: &Facts) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO stat_applied (activity_id, organization_id, year, field, method, org_type, \
         org_level, unit_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        &applied_values(facts),
    )
    .await?;
    Ok(())
}

pub(super) async fn forget_applied(tx: &mut Tx, id: i64) -> Result<(), StoreError> {
    tx.execute(
        "DELETE FROM stat_applied WHERE activity_id = $1",
        &[Value::from(id)],
    )
    .await?;
    Ok(())
}

const CELLS: BulkTable = BulkTable {
    table: "stat_cells",
    columns: &[
        "axis",
        "node",
        "node_level",
        "year",
        "field",
        "method",
        "org_type",
        "org_level",
        "activities",
        "committed_fen",
        "disbursed_fen",
        "spent_fen",
        "goods_fen",
        "volunteer_hours",
        "households",
        "persons",
        "p_registered_poor",
        "p_rural_dibao",
        "p_tekun",
        "p_poor_disabled",
        "p_other",
        "roster_entries",
        "verified_entries",
    ],
};

const MEMBERS: BulkTable = BulkTable {
    table: "stat_members",
    columns: &[
        "axis",
        "node",
        "node_level",
        "year",
        "organization_id",
        "activities",
    ],
};

const UPSERT_CELL: &str = "INSERT INTO stat_cells (axis, node, node_level, year, field, method, \
    org_type, org_level, activities, committed_fen, disbursed_fen, spent_fen, goods_fen, \
    volunteer_hours, households, persons, p_registered_poor, p_rural_dibao, p_tekun, \
    p_poor_disabled, p_other, roster_entries, verified_entries) VALUES ($1, $2, $3, $4, $5, $6, $7, \
    $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23) \
    ON CONFLICT (axis, node, year, field, method, org_type, org_level) DO UPDATE SET \
    activities = stat_cells.activities + excluded.activities, \
    committed_fen = stat_cells.committed_fen + excluded.committed_fen, \
    disbursed_fen = stat_cells.disbursed_fen + excluded.disbursed_fen, \
    spent_fen = stat_cells.spent_fen + excluded.spent_fen, \
    goods_fen = stat_cells.goods_fen + excluded.goods_fen, \
    volunteer_hours = stat_cells.volunteer_hours + excluded.volunteer_hours, \
    households = stat_cells.households + excluded.households, \
    persons = stat_cells.persons + excluded.persons, \
    p_registered_poor = stat_cells.p_registered_poor + excluded.p_registered_poor, \
    p_rural_dibao = stat_cells.p_rural_dibao + excluded.p_rural_dibao, \
    p_tekun = stat_cells.p_tekun + excluded.p_tekun, \
    p_poor_disabled = stat_cells.p_poor_disabled + excluded.p_poor_disabled, \
    p_other = stat_cells.p_other + excluded.p_other, \
    roster_entries = stat_cells.roster_entries + excluded.roster_entries, \
    verified_entries = stat_cells.verified_entries + excluded.verified_entries";

const UPSERT_MEMBER: &str = "INSERT INTO stat_members (axis, node, node_level, year, \
    organization_id, activities) VALUES ($1, $2, $3, $4, $5, $6) \
    ON CONFLICT (axis, node, year, organization_id) DO UPDATE SET \
    activities = stat_members.activities + excluded.activities";

fn cell_values(node: &Node, dims: &Dims, m: &Measures) -> Vec<Value> {
    let mut v = vec![
        Value::from(node.axis),
        Value::from(node.node.as_str()),
        Value::from(node.level),
        Value::from(dims.year),
        Value::from(dims.field.as_str()),
        Value::from(dims.method.as_str()),
        Value::from(dims.org_type.as_str()),
        Value::from(dims.org_level.as_str()),
    ];
    v.extend(m.iter().map(|x| Value::from(*x)));
    v
}

fn member_values(node: &Node, year: i32, org: i64, n: i64) -> Vec<Value> {
    vec![
        Value::from(node.axis),
        Value::from(node.node.as_str()),
        Value::from(node.level),
        Value::from(year),
        Value::from(org),
        Value::from(n),
    ]
}

/// Adds (`sign` = 1) or subtracts (`sign` = -1) one version's contribution, deleting the cells and
/// memberships that fall to zero activities.
pub(super) async fn add(tx: &mut Tx, facts: &Facts, sign: i64) -> Result<(), StoreError> {
    for (node, measures) in kernel::contributions(facts) {
        let signed: Measures = measures.map(|x| x * sign);
        tx.execute(UPSERT_CELL, &cell_values(&node, &facts.dims, &signed))
            .await?;
        tx.execute(
            UPSERT_MEMBER,
            &member_values(&node, facts.dims.year, facts.organization_id, sign),
        )
        .await?;
        if sign < 0 {
            let key = cell_values(&node, &facts.dims, &[0; MEASURES]);
            tx.execute(
                "DELETE FROM stat_cells WHERE axis = $1 AND node = $2 AND year = $4 AND field = $5 \
                 AND method = $6 AND org_type = $7 AND org_level = $8 AND activities <= 0 \
                 AND node_level = $3",
                &key[..8],
            )
            .await?;
            tx.execute(
                "DELETE FROM stat_members WHERE axis = $1 AND node = $2 AND node_level = $3 \
                 AND year = $4 AND organization_id = $5 AND activities <= 0",
                &member_values(&node, facts.dims.year, facts.organization_id, 0)[..5],
            )
            .await?;
        }
    }
    Ok(())
}

/// Writes the rollups of `all` into empty tables.
pub(super) async fn bulk(tx: &mut Tx, all: &[Facts]) -> Result<(), StoreError> {
    let mut cells: BTreeMap<(Node, Dims), Measures> = BTreeMap::new();
    let mut members: BTreeMap<(Node, i32, i64), i64> = BTreeMap::new();
    for facts in all {
        for (node, m) in kernel::contributions(facts) {
            *members
                .entry((node.clone(), facts.dims.year, facts.organization_id))
                .or_insert(0) += 1;
            let cell = cells
                .entry((node, facts.dims.clone()))
                .or_insert([0; MEASURES]);
            for (total, x) in cell.iter_mut().zip(m) {
                *total += x;
            }
        }
    }
    debug_assert!(cells.values().all(|m| m[Measure::Activities as usize] > 0));
    let rows = cells
        .iter()
        .map(|((node, dims), m)| cell_values(node, dims, m))
        .collect();
    tx.bulk_insert(CELLS, rows).await?;
    let rows = members
        .iter()
        .map(|((node, year, org), n)| member_values(node, *year, *org, *n))
        .collect();
    tx.bulk_insert(MEMBERS, rows).await?;
    tx.bulk_insert(APPLIED, all.iter().map(applied_values).collect())
        .await?;
    Ok(())
}
