//! Writing the rollup tables: the net delta of a publication (`super::delta`), the counted
//! versions' keys; the tables' columns, which the rebuild fills (`super::rebuild`).

use sqlx::AssertSqlSafe;

use super::delta::Delta;
use super::kernel::{Dims, Facts, Measures, Node};
use crate::bulk::BulkTable;
use crate::db::{Tx, Value};
use crate::error::StoreError;

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

/// Rows per statement of [`apply`]: 23 parameters a cell, well under SQLite's 32,766.
const ROWS_PER_STATEMENT: usize = 256;

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

/// `DELETE FROM table WHERE activities <= 0 AND (… OR …)` over `rows` keys, each
/// `(column = ? AND …)` over `columns`. Every term names a row's whole key, so both engines look
/// each one up in the table's unique index, and keys of different dimensions (a correction that
/// changed the field) fit in one statement.
fn delete_keys(tx: &Tx, table: &str, columns: &[&str], rows: usize) -> Statement {
    let mut statement = Statement::new(tx, "DELETE FROM ");
    statement.text(table);
    statement.text(" WHERE activities <= 0 AND (");
    for row in 0..rows {
        statement.text(if row == 0 { "(" } else { " OR (" });
        for (i, column) in columns.iter().enumerate() {
            statement.text(if i == 0 { "" } else { " AND " });
            statement.text(column);
            statement.text(" = ");
            statement.placeholder();
        }
        statement.text(")");
    }
    statement.text(")");
    statement
}

/// The key columns of `stat_cells` and `stat_members`, as [`delete_keys`] matches them.
const CELL_KEY: [&str; 7] = [
    "axis",
    "node",
    "year",
    "field",
    "method",
    "org_type",
    "org_level",
];
const MEMBER_KEY: [&str; 4] = ["axis", "node", "year", "organization_id"];

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

/// Writes `delta`: one upsert per table for every row that changes, then, if any activity
/// count went down, one delete per table of those rows that fell to zero activities. A statement
/// per node made a correction on PostgreSQL some 40 round trips; a withdrawal and a publication
/// with their own statements each, some 15.
pub(super) async fn apply(tx: &mut Tx, delta: &Delta) -> Result<(), StoreError> {
    let cells: Vec<_> = delta.cells().collect();
    for batch in cells.chunks(ROWS_PER_STATEMENT) {
        let mut params = Vec::with_capacity(batch.len() * CELLS.columns.len());
        for (node, dims, measures) in batch {
            params.extend(cell_values(node, dims, measures));
        }
        upsert(tx, CELLS, batch.len(), CELL_CONFLICT)
            .execute(tx, params)
            .await?;
    }
    let members: Vec<_> = delta.members().collect();
    for batch in members.chunks(ROWS_PER_STATEMENT) {
        let mut params = Vec::with_capacity(batch.len() * MEMBERS.columns.len());
        for (node, year, org, n) in batch {
            params.extend(member_values(node, *year, *org, *n));
        }
        upsert(tx, MEMBERS, batch.len(), MEMBER_CONFLICT)
            .execute(tx, params)
            .await?;
    }
    let cells: Vec<_> = delta.shrinking_cells().collect();
    for batch in cells.chunks(ROWS_PER_STATEMENT) {
        let mut params = Vec::with_capacity(batch.len() * CELL_KEY.len());
        for (node, dims) in batch {
            params.extend([
                Value::from(node.axis),
                Value::from(node.node.as_str()),
                Value::from(dims.year),
                Value::from(dims.field.as_str()),
                Value::from(dims.method.as_str()),
                Value::from(dims.org_type.as_str()),
                Value::from(dims.org_level.as_str()),
            ]);
        }
        delete_keys(tx, CELLS.table, &CELL_KEY, batch.len())
            .execute(tx, params)
            .await?;
    }
    let members: Vec<_> = delta.shrinking_members().collect();
    for batch in members.chunks(ROWS_PER_STATEMENT) {
        let mut params = Vec::with_capacity(batch.len() * MEMBER_KEY.len());
        for (node, year, org) in batch {
            params.extend([
                Value::from(node.axis),
                Value::from(node.node.as_str()),
                Value::from(*year),
                Value::from(*org),
            ]);
        }
        delete_keys(tx, MEMBERS.table, &MEMBER_KEY, batch.len())
            .execute(tx, params)
            .await?;
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
        let sql = delete_keys(&tx, "t", &["a", "b"], 2).sql;
        assert_eq!(
            sql,
            "DELETE FROM t WHERE activities <= 0 AND ((a = ? AND b = ?) OR (a = ? AND b = ?))"
        );
    }
}
