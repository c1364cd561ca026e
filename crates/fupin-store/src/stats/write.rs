//! Writing the rollup tables: signed deltas for one version; the tables' columns, which the
//! rebuild fills (`super::rebuild`).

use sqlx::AssertSqlSafe;

use super::kernel::{self, Dims, Facts, Measures, Node};
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

pub(super) const APPLIED: BulkTable = BulkTable {
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

pub(super) const CELLS: BulkTable = BulkTable {
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

pub(super) const MEMBERS: BulkTable = BulkTable {
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

/// What a cell's upsert does on an existing row: add the delta.
const CELL_CONFLICT: &str = " ON CONFLICT (axis, node, year, field, method, org_type, org_level) \
    DO UPDATE SET activities = stat_cells.activities + excluded.activities, \
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

/// What a membership's upsert does on an existing row.
const MEMBER_CONFLICT: &str = " ON CONFLICT (axis, node, year, organization_id) DO UPDATE SET \
    activities = stat_members.activities + excluded.activities";

/// Nodes per statement of [`add`]: 23 parameters a cell, well under SQLite's 32,766.
const NODES_PER_STATEMENT: usize = 256;

/// A statement built for a number of nodes. Placeholders are numbered (PostgreSQL) or anonymous
/// and in order (SQLite: numbered ones make binding look each name up).
struct Statement {
    sql: String,
    next: usize,
    numbered: bool,
}

impl Statement {
    fn new(tx: &Tx, head: &str) -> Statement {
        let mut sql = String::with_capacity(head.len() + 1024);
        sql.push_str(head);
        Statement {
            sql,
            next: 1,
            numbered: matches!(tx, Tx::Postgres(_)),
        }
    }

    fn placeholder(&mut self) {
        if self.numbered {
            self.sql.push('$');
            self.sql.push_str(&self.next.to_string());
        } else {
            self.sql.push('?');
        }
        self.next += 1;
    }

    fn text(&mut self, text: &str) {
        self.sql.push_str(text);
    }

    async fn execute(self, tx: &mut Tx, params: Vec<Value>) -> Result<(), StoreError> {
        let sql = AssertSqlSafe(self.sql);
        match tx {
            Tx::Sqlite(tx) => {
                sqlx::query_with(sql, crate::db::arguments::<sqlx::Sqlite>(params)?)
                    .execute(&mut **tx)
                    .await?;
            }
            Tx::Postgres(tx) => {
                sqlx::query_with(sql, crate::db::arguments::<sqlx::Postgres>(params)?)
                    .execute(&mut **tx)
                    .await?;
            }
        }
        Ok(())
    }
}

/// `INSERT INTO table (columns) VALUES (…), (…) ON CONFLICT …` for `rows` rows.
fn upsert(tx: &Tx, target: BulkTable, rows: usize, conflict: &str) -> Statement {
    let head = format!(
        "INSERT INTO {} ({}) VALUES ",
        target.table,
        target.columns.join(", ")
    );
    let mut statement = Statement::new(tx, &head);
    for row in 0..rows {
        statement.text(if row == 0 { "(" } else { ", (" });
        for col in 0..target.columns.len() {
            if col > 0 {
                statement.text(", ");
            }
            statement.placeholder();
        }
        statement.text(")");
    }
    statement.text(conflict);
    statement
}

/// `head` (its first `fixed` `?` are placeholders) followed by `AND (… OR …)` over `rows`
/// nodes, each `(axis = ? AND node = ? AND node_level = ?)`.
fn delete_nodes(tx: &Tx, head: &str, fixed: usize, rows: usize) -> Statement {
    let mut statement = Statement::new(tx, "");
    let mut parts = head.split('?');
    if let Some(first) = parts.next() {
        statement.text(first);
    }
    for part in parts.take(fixed) {
        statement.placeholder();
        statement.text(part);
    }
    statement.text(" AND (");
    for row in 0..rows {
        statement.text(if row == 0 { "(axis = " } else { " OR (axis = " });
        statement.placeholder();
        statement.text(" AND node = ");
        statement.placeholder();
        statement.text(" AND node_level = ");
        statement.placeholder();
        statement.text(")");
    }
    statement.text(")");
    statement
}

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
/// memberships that fall to zero activities. One statement per table (and one delete per table
/// when subtracting) for all the nodes the version reaches: a statement per node made a
/// correction on PostgreSQL some 40 round trips.
pub(super) async fn add(tx: &mut Tx, facts: &Facts, sign: i64) -> Result<(), StoreError> {
    let contributions: Vec<(Node, Measures)> = kernel::contributions(facts).into_iter().collect();
    let (year, org) = (facts.dims.year, facts.organization_id);
    for batch in contributions.chunks(NODES_PER_STATEMENT) {
        let mut cells = Vec::with_capacity(batch.len() * CELLS.columns.len());
        let mut members = Vec::with_capacity(batch.len() * MEMBERS.columns.len());
        for (node, measures) in batch {
            cells.extend(cell_values(node, &facts.dims, &measures.map(|x| x * sign)));
            members.extend(member_values(node, year, org, sign));
        }
        upsert(tx, CELLS, batch.len(), CELL_CONFLICT)
            .execute(tx, cells)
            .await?;
        upsert(tx, MEMBERS, batch.len(), MEMBER_CONFLICT)
            .execute(tx, members)
            .await?;
        if sign < 0 {
            let nodes = batch.iter().flat_map(|(node, _)| {
                [
                    Value::from(node.axis),
                    Value::from(node.node.as_str()),
                    Value::from(node.level),
                ]
            });
            let mut params = vec![
                Value::from(year),
                Value::from(facts.dims.field.as_str()),
                Value::from(facts.dims.method.as_str()),
                Value::from(facts.dims.org_type.as_str()),
                Value::from(facts.dims.org_level.as_str()),
            ];
            params.extend(nodes.clone());
            delete_nodes(
                tx,
                "DELETE FROM stat_cells WHERE year = ? AND field = ? AND method = ? \
                 AND org_type = ? AND org_level = ? AND activities <= 0",
                5,
                batch.len(),
            )
            .execute(tx, params)
            .await?;
            let mut params = vec![Value::from(year), Value::from(org)];
            params.extend(nodes);
            delete_nodes(
                tx,
                "DELETE FROM stat_members WHERE year = ? AND organization_id = ? \
                 AND activities <= 0",
                2,
                batch.len(),
            )
            .execute(tx, params)
            .await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::db::{ConnectOptions, Db};

    #[tokio::test]
    async fn batched_statements_have_one_placeholder_per_value() {
        let db = Db::connect("sqlite::memory:", &ConnectOptions::default())
            .await
            .unwrap();
        let tx = db.begin().await.unwrap();
        let sql = upsert(&tx, MEMBERS, 2, MEMBER_CONFLICT).sql;
        assert!(sql.starts_with(
            "INSERT INTO stat_members (axis, node, node_level, year, organization_id, \
             activities) VALUES (?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?) ON CONFLICT"
        ));
        let sql = delete_nodes(&tx, "DELETE FROM t WHERE a = ? AND b = ? AND c <= 0", 2, 2).sql;
        assert_eq!(
            sql,
            "DELETE FROM t WHERE a = ? AND b = ? AND c <= 0 AND ((axis = ? AND node = ? AND \
             node_level = ?) OR (axis = ? AND node = ? AND node_level = ?))"
        );
    }
}
