//! Writing the rollup tables: the net delta of a publication (`super::delta`), the counted
//! versions' keys; the tables' columns, which the rebuild fills (`super::rebuild`).

use std::sync::LazyLock;

use sqlx::postgres::PgArguments;
use sqlx::{AssertSqlSafe, Postgres, Sqlite, Transaction};

use super::delta::Delta;
use super::kernel::{Dims, Facts, MEASURES, Measures, Node};
use crate::bulk::BulkTable;
use crate::db::{Tx, Value};
use crate::error::StoreError;

type SqliteTx = Transaction<'static, Sqlite>;
type PgTx = Transaction<'static, Postgres>;
type PgQuery<'a> = sqlx::query::Query<'a, Postgres, PgArguments>;

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
const CELL_CONFLICT: &str = " ON CONFLICT (axis, node_level, node, year, field, method, org_type, \
    org_level) \
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
const MEMBER_CONFLICT: &str = " ON CONFLICT (axis, node_level, node, year, organization_id) DO UPDATE SET \
    activities = stat_members.activities + excluded.activities";

/// Rows per SQLite statement of [`apply`]: 23 parameters a cell, well under SQLite's 32,766.
const ROWS_PER_STATEMENT: usize = 256;

/// `INSERT INTO table (columns) VALUES (…), (…) ON CONFLICT …` for `rows` rows (SQLite: anonymous
/// placeholders in order, since numbered ones make binding look each name up).
fn upsert(target: BulkTable, rows: usize, conflict: &str) -> String {
    let row = format!("({})", vec!["?"; target.columns.len()].join(", "));
    format!(
        "INSERT INTO {} ({}) VALUES {}{conflict}",
        target.table,
        target.columns.join(", "),
        vec![row; rows].join(", ")
    )
}

/// How [`keys_match`] writes its placeholders.
#[derive(Debug, Clone, Copy)]
pub(super) enum Placeholder {
    /// `?`, bound in order: SQLite's numbered ones make binding look each name up.
    Anonymous,
    /// `$1`, `$2` …, as both drivers take them.
    Numbered,
}

/// `(column = ? AND …) OR (…)` over `rows` keys, each term over all of `columns`. Every term
/// names a row's whole key, so the engine looks each one up in the table's unique index, and
/// keys of different dimensions (a correction that changed the field) fit in one statement.
pub(super) fn keys_match(columns: &[&str], rows: usize, placeholder: Placeholder) -> String {
    use std::fmt::Write as _;
    let mut sql = String::new();
    for row in 0..rows {
        sql.push_str(if row == 0 { "(" } else { " OR (" });
        for (c, column) in columns.iter().enumerate() {
            let and = if c == 0 { "" } else { " AND " };
            let n = row * columns.len() + c + 1;
            // Writing to a `String` cannot fail.
            let _ = match placeholder {
                Placeholder::Anonymous => write!(sql, "{and}{column} = ?"),
                Placeholder::Numbered => write!(sql, "{and}{column} = ${n}"),
            };
        }
        sql.push(')');
    }
    sql
}

/// `DELETE FROM table WHERE activities <= 0 AND (… OR …)` over `rows` keys of `columns`
/// (SQLite).
fn delete_keys(table: &str, columns: &[&str], rows: usize) -> String {
    format!(
        "DELETE FROM {table} WHERE activities <= 0 AND ({})",
        keys_match(columns, rows, Placeholder::Anonymous)
    )
}

/// The key columns of `stat_cells` and `stat_members`, as the deletes match them (in the order
/// the rows' values come, not the primary key's: the key is a set of columns either way).
pub(super) const CELL_KEY: [&str; 8] = [
    "axis",
    "node",
    "node_level",
    "year",
    "field",
    "method",
    "org_type",
    "org_level",
];
pub(super) const MEMBER_KEY: [&str; 5] = ["axis", "node", "node_level", "year", "organization_id"];

/// `UNNEST($1::type[], …)` over `columns`, each cast to its column's PostgreSQL type.
fn unnest(columns: &[&str]) -> String {
    let arrays: Vec<String> = (1..)
        .zip(columns)
        .map(|(i, column)| {
            let ty = match *column {
                "axis" | "node" | "field" | "method" | "org_type" | "org_level" => "text",
                "node_level" | "year" => "int4",
                _ => "int8",
            };
            format!("${i}::{ty}[]")
        })
        .collect();
    format!("UNNEST({})", arrays.join(", "))
}

fn unnest_upsert(target: BulkTable, conflict: &str) -> String {
    format!(
        "INSERT INTO {} ({}) SELECT * FROM {}{conflict}",
        target.table,
        target.columns.join(", "),
        unnest(target.columns)
    )
}

fn unnest_delete(table: &str, key: &[&str]) -> String {
    format!(
        "DELETE FROM {table} WHERE ({}) IN (SELECT * FROM {}) AND activities <= 0",
        key.join(", "),
        unnest(key)
    )
}

/// The PostgreSQL statements of [`apply`]: each column bound as an array, so each has one text
/// whatever its number of rows, parsed, planned and prepared once per connection.
static PG_CELL_UPSERT: LazyLock<String> = LazyLock::new(|| unnest_upsert(CELLS, CELL_CONFLICT));
static PG_MEMBER_UPSERT: LazyLock<String> =
    LazyLock::new(|| unnest_upsert(MEMBERS, MEMBER_CONFLICT));
static PG_CELL_DELETE: LazyLock<String> = LazyLock::new(|| unnest_delete(CELLS.table, &CELL_KEY));
static PG_MEMBER_DELETE: LazyLock<String> =
    LazyLock::new(|| unnest_delete(MEMBERS.table, &MEMBER_KEY));

fn cell_values(node: &Node, dims: &Dims, m: &Measures) -> Vec<Value> {
    let mut v = cell_key(node, dims);
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

fn cell_key(node: &Node, dims: &Dims) -> Vec<Value> {
    vec![
        Value::from(node.axis),
        Value::from(node.node.as_str()),
        Value::from(node.level),
        Value::from(dims.year),
        Value::from(dims.field.as_str()),
        Value::from(dims.method.as_str()),
        Value::from(dims.org_type.as_str()),
        Value::from(dims.org_level.as_str()),
    ]
}

/// Writes `delta`: one upsert per table for every row that changes, then, if any activity
/// count went down, one delete per table of those rows that fell to zero activities. A statement
/// per node made a correction on PostgreSQL some 40 round trips; a withdrawal and a publication
/// with their own statements each, some 15.
pub(super) async fn apply(tx: &mut Tx, delta: &Delta) -> Result<(), StoreError> {
    match tx {
        Tx::Sqlite(tx) => apply_sqlite(tx, delta).await,
        Tx::Postgres(tx) => apply_postgres(tx, delta).await,
    }
}

/// [`apply`] on SQLite: multi-row statements of `ROWS_PER_STATEMENT` rows.
async fn apply_sqlite(tx: &mut SqliteTx, delta: &Delta) -> Result<(), StoreError> {
    let rows = delta
        .cells()
        .map(|(n, d, m)| cell_values(n, d, m))
        .collect();
    sqlite_batches(tx, rows, |k| upsert(CELLS, k, CELL_CONFLICT)).await?;
    let rows = delta
        .members()
        .map(|(n, y, o, d)| member_values(n, y, o, d));
    sqlite_batches(tx, rows.collect(), |k| upsert(MEMBERS, k, MEMBER_CONFLICT)).await?;
    let rows = delta
        .shrinking_cells()
        .map(|(n, d)| cell_key(n, d))
        .collect();
    sqlite_batches(tx, rows, |k| delete_keys(CELLS.table, &CELL_KEY, k)).await?;
    let rows = delta.shrinking_members().map(|(node, year, org)| {
        vec![
            Value::from(node.axis),
            Value::from(node.node.as_str()),
            Value::from(node.level),
            Value::from(year),
            Value::from(org),
        ]
    });
    sqlite_batches(tx, rows.collect(), |k| {
        delete_keys(MEMBERS.table, &MEMBER_KEY, k)
    })
    .await
}

/// Runs `sql(k)` for each batch of `k` rows, binding their values in order.
async fn sqlite_batches(
    tx: &mut SqliteTx,
    rows: Vec<Vec<Value>>,
    sql: impl Fn(usize) -> String,
) -> Result<(), StoreError> {
    for batch in rows.chunks(ROWS_PER_STATEMENT) {
        let args = crate::db::arguments::<Sqlite>(batch.concat())?;
        sqlx::query_with(AssertSqlSafe(sql(batch.len())), args)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// [`apply`] on PostgreSQL: one statement per table whatever the number of rows, each column
/// bound as an array (text, int4 for `node_level` and `year`, int8 for the rest) and unnested in
/// the rows' key order.
async fn apply_postgres(tx: &mut PgTx, delta: &Delta) -> Result<(), StoreError> {
    let cells: Vec<_> = delta.cells().collect();
    if !cells.is_empty() {
        let query = sqlx::query(PG_CELL_UPSERT.as_str())
            .bind(col(&cells, |c| c.0.axis))
            .bind(col(&cells, |c| c.0.node.as_str()))
            .bind(col(&cells, |c| c.0.level));
        let query = bind_dims(query, &col(&cells, |c| c.1));
        let query = (0..MEASURES).fold(query, |q, i| q.bind(col(&cells, |c| c.2[i])));
        query.execute(&mut **tx).await?;
    }
    let members: Vec<_> = delta.members().collect();
    if !members.is_empty() {
        sqlx::query(PG_MEMBER_UPSERT.as_str())
            .bind(col(&members, |m| m.0.axis))
            .bind(col(&members, |m| m.0.node.as_str()))
            .bind(col(&members, |m| m.0.level))
            .bind(col(&members, |m| m.1))
            .bind(col(&members, |m| m.2))
            .bind(col(&members, |m| m.3))
            .execute(&mut **tx)
            .await?;
    }
    let cells: Vec<_> = delta.shrinking_cells().collect();
    if !cells.is_empty() {
        let query = sqlx::query(PG_CELL_DELETE.as_str())
            .bind(col(&cells, |c| c.0.axis))
            .bind(col(&cells, |c| c.0.node.as_str()))
            .bind(col(&cells, |c| c.0.level));
        bind_dims(query, &col(&cells, |c| c.1))
            .execute(&mut **tx)
            .await?;
    }
    let members: Vec<_> = delta.shrinking_members().collect();
    if !members.is_empty() {
        sqlx::query(PG_MEMBER_DELETE.as_str())
            .bind(col(&members, |m| m.0.axis))
            .bind(col(&members, |m| m.0.node.as_str()))
            .bind(col(&members, |m| m.0.level))
            .bind(col(&members, |m| m.1))
            .bind(col(&members, |m| m.2))
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// One column of `rows`, to bind as an array.
fn col<T, U>(rows: &[T], f: impl Fn(&T) -> U) -> Vec<U> {
    rows.iter().map(f).collect()
}

/// Binds the arrays of `year`, `field`, `method`, `org_type` and `org_level`, in that order.
fn bind_dims<'a>(query: PgQuery<'a>, dims: &[&Dims]) -> PgQuery<'a> {
    query
        .bind(col(dims, |d| d.year))
        .bind(col(dims, |d| d.field.as_str()))
        .bind(col(dims, |d| d.method.as_str()))
        .bind(col(dims, |d| d.org_type.as_str()))
        .bind(col(dims, |d| d.org_level.as_str()))
}

#[cfg(test)]
#[path = "write_tests.rs"]
mod tests;
