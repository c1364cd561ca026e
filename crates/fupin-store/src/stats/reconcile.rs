//! The rebuild's writes as differences on PostgreSQL, the way its `REFRESH MATERIALIZED VIEW
//! CONCURRENTLY` does it: the recomputed rows are compared with what each table holds, and only
//! the rows that differ are deleted and written. A repair of tables that were right therefore
//! writes nothing (the `COPY` into `stat_cells` and its unique index was most of the rebuild's
//! time there), and one that finds a few rows wrong mends just those. A table that is empty, or
//! mostly wrong, is rewritten whole instead, with its secondary indexes dropped and built again
//! afterwards (one sort instead of a random index insert per row).
//!
//! On SQLite every table is rewritten whole: reading its rows back through the driver (a row
//! at a time from the database thread, about 7 µs a cell) cost more than writing them (measured
//! at 1 M transactions: 6.3 s to compare the cells against 5 s to write them).

use std::sync::Arc;

use futures_util::TryStreamExt;
use sqlx::AssertSqlSafe;

use super::aggregate::Rows;
use super::hasher::FoldMap;
use super::read::CellRow;
use super::rebuild::{APPLIED_TABLE, CELL_TABLE, Core, MEMBER_TABLE, RollupTable};
use super::write::{self, Placeholder};
use crate::db::{Record, Tx, Value};
use crate::error::StoreError;

/// Runs `sql` in `tx` and hands each row to `each` as it arrives, instead of collecting them.
pub(super) async fn for_each<R: Record>(
    tx: &mut Tx,
    sql: &'static str,
    mut each: impl FnMut(R) -> Result<(), StoreError> + Send,
) -> Result<(), StoreError> {
    match tx {
        Tx::Sqlite(tx) => {
            let mut rows = sqlx::query_as::<_, R>(sql).fetch(&mut **tx);
            while let Some(row) = rows.try_next().await? {
                each(row)?;
            }
        }
        Tx::Postgres(tx) => {
            let mut rows = sqlx::query_as::<_, R>(sql).fetch(&mut **tx);
            while let Some(row) = rows.try_next().await? {
                each(row)?;
            }
        }
    }
    Ok(())
}

/// What a table needs so that it holds exactly the recomputed rows.
pub(super) enum Plan {
    /// Rewrite it whole: empty it (unless it already is), then write every row.
    Whole {
        /// Whether it held rows to delete first.
        held_rows: bool,
    },
    /// Delete the rows with these keys (values of the table's key columns), then write the
    /// recomputed rows with these indexes.
    Patch {
        delete: Vec<Vec<Value>>,
        write: Vec<usize>,
    },
}

/// On SQLite, or for a table with no rows, the plan without reading the rows.
async fn whole_unless_compared(
    tx: &mut Tx,
    table: &RollupTable,
) -> Result<Option<Plan>, StoreError> {
    let held_rows = tx.fetch_i64(table.any, &[]).await? > 0;
    if matches!(tx, Tx::Sqlite(_)) || !held_rows {
        return Ok(Some(Plan::Whole { held_rows }));
    }
    Ok(None)
}

/// Beyond this share of the table's rows to delete, a patch costs more than a rewrite.
const PATCH_LIMIT_DIVISOR: usize = 4;

/// Compares what was read with what was recomputed: `held` rows were read, of which those with
/// the keys in `stale` are not recomputed or differ; `matched[i]` tells whether recomputed row `i`
/// was found, equal, among them.
fn plan(held: usize, stale: Vec<Vec<Value>>, matched: &[bool]) -> Plan {
    if held == 0 || stale.len() > held / PATCH_LIMIT_DIVISOR {
        return Plan::Whole {
            held_rows: held > 0,
        };
    }
    let write = matched
        .iter()
        .enumerate()
        .filter_map(|(i, m)| (!m).then_some(i))
        .collect();
    Plan::Patch {
        delete: stale,
        write,
    }
}

const CELLS_HELD: &str = "SELECT axis, node, node_level, year, field, method, org_type, org_level, \
    activities, committed_fen, disbursed_fen, spent_fen, goods_fen, volunteer_hours, households, \
    persons, p_registered_poor, p_rural_dibao, p_tekun, p_poor_disabled, p_other, roster_entries, \
    verified_entries FROM stat_cells";

/// What the comparison needs of a stored cell.
impl CellRow {
    /// Its key, in the order of `write::CELL_KEY`.
    fn key(self) -> Vec<Value> {
        vec![
            Value::from(self.axis),
            Value::from(self.node),
            Value::from(self.node_level),
            Value::from(self.year),
            Value::from(self.field),
            Value::from(self.method),
            Value::from(self.org_type),
            Value::from(self.org_level),
        ]
    }

    fn measures(&self) -> [i64; super::MEASURES] {
        let t = &self.totals;
        [
            t.activities,
            t.committed_fen,
            t.disbursed_fen,
            t.spent_fen,
            t.goods_fen,
            t.volunteer_hours,
            t.households,
            t.persons,
            t.p_registered_poor,
            t.p_rural_dibao,
            t.p_tekun,
            t.p_poor_disabled,
            t.p_other,
            t.roster_entries,
            t.verified_entries,
        ]
    }
}

/// Where the recomputed rows are, by their names: node ranks per axis, dimension ranks.
struct Names {
    region: FoldMap<Arc<str>, u32>,
    system: FoldMap<Arc<str>, u32>,
    /// Keyed by [`dims_name`].
    dims: FoldMap<String, u32>,
}

/// One string naming a cell's dimensions (the unit separator cannot occur in their codes).
fn dims_name(buffer: &mut String, year: i32, names: [&str; 4]) {
    use std::fmt::Write as _;
    buffer.clear();
    let _ = write!(buffer, "{year}");
    for name in names {
        buffer.push('\u{1f}');
        buffer.push_str(name);
    }
}

impl Names {
    fn of(rows: &Rows) -> Names {
        let mut names = Names {
            region: FoldMap::default(),
            system: FoldMap::default(),
            dims: FoldMap::default(),
        };
        for (rank, node) in rows.nodes.iter().enumerate() {
            let map = if node.axis == "region" {
                &mut names.region
            } else {
                &mut names.system
            };
            map.insert(node.node.clone(), u32::try_from(rank).unwrap_or(u32::MAX));
        }
        let mut buffer = String::new();
        for (rank, d) in rows.dims.iter().enumerate() {
            dims_name(
                &mut buffer,
                d.year,
                [&d.field, &d.method, &d.org_type, &d.org_level],
            );
            names
                .dims
                .insert(buffer.clone(), u32::try_from(rank).unwrap_or(u32::MAX));
        }
        names
    }

    /// The rank of a stored cell's dimensions, if any recomputed cell has them.
    fn dims_rank(&self, buffer: &mut String, row: &CellRow) -> Option<u32> {
        let names = [&row.field, &row.method, &row.org_type, &row.org_level];
        dims_name(buffer, row.year, names.map(String::as_str));
        self.dims.get(buffer.as_str()).copied()
    }

    /// The rank of a node, if it was recomputed at that level.
    fn node(&self, rows: &Rows, axis: &str, node: &str, level: i32) -> Option<u32> {
        let rank = match axis {
            "region" => self.region.get(node),
            "system" => self.system.get(node),
            _ => None,
        }?;
        let known = rows.nodes.get(*rank as usize)?;
        (known.level == level).then_some(*rank)
    }
}

/// What `stat_cells` needs to hold `rows`' cells.
pub(super) async fn cells(tx: &mut Tx, rows: &Rows) -> Result<Plan, StoreError> {
    if let Some(plan) = whole_unless_compared(tx, &CELL_TABLE).await? {
        return Ok(plan);
    }
    let names = Names::of(rows);
    let mut matched = vec![false; rows.cells.len()];
    let mut stale = Vec::new();
    let mut held = 0;
    let mut buffer = String::new();
    for_each(tx, CELLS_HELD, |row: CellRow| {
        held += 1;
        let dims = names.dims_rank(&mut buffer, &row);
        let found = names
            .node(rows, &row.axis, &row.node, row.node_level)
            .zip(dims)
            .and_then(|(node, dims)| {
                let key = (u64::from(node) << 32) | u64::from(dims);
                let i = rows.cells.binary_search_by_key(&key, |(k, _)| *k).ok()?;
                let (_, index) = rows.cells.get(i)?;
                (rows.measures.get(*index as usize)? == &row.measures()).then_some(i)
            });
        match found.and_then(|i| matched.get_mut(i)) {
            Some(seen) => *seen = true,
            None => stale.push(row.key()),
        }
        Ok(())
    })
    .await?;
    Ok(plan(held, stale, &matched))
}

const MEMBERS_HELD: &str =
    "SELECT axis, node, node_level, year, organization_id, activities FROM stat_members";

/// What `stat_members` needs to hold `rows`' memberships.
pub(super) async fn members(tx: &mut Tx, rows: &Rows) -> Result<Plan, StoreError> {
    if let Some(plan) = whole_unless_compared(tx, &MEMBER_TABLE).await? {
        return Ok(plan);
    }
    let names = Names::of(rows);
    let mut matched = vec![false; rows.members.len()];
    let mut stale = Vec::new();
    let mut held = 0;
    for_each(
        tx,
        MEMBERS_HELD,
        |(axis, node, level, year, org, n): (String, String, i32, i32, i64, i64)| {
            held += 1;
            let found = names.node(rows, &axis, &node, level).and_then(|rank| {
                let i = rows
                    .members
                    .binary_search_by_key(&(rank, year, org), |(r, y, o, _)| (*r, *y, *o))
                    .ok()?;
                (rows.members.get(i)?.3 == n).then_some(i)
            });
            match found.and_then(|i| matched.get_mut(i)) {
                Some(seen) => *seen = true,
                None => stale.push(vec![
                    Value::from(axis),
                    Value::from(node),
                    Value::from(level),
                    Value::from(year),
                    Value::from(org),
                ]),
            }
            Ok(())
        },
    )
    .await?;
    Ok(plan(held, stale, &matched))
}

/// A `stat_applied` row as stored.
type AppliedRow = (i64, i64, i32, String, String, String, String, Option<i64>);

const APPLIED_HELD: &str = "SELECT activity_id, organization_id, year, field, method, org_type, \
    org_level, unit_id FROM stat_applied";

/// What `stat_applied` needs to hold: the `counted` versions (sorted by id) under their interned
/// dimensions.
pub(super) async fn applied(
    tx: &mut Tx,
    counted: &[Core],
    rows: &Rows,
) -> Result<Plan, StoreError> {
    if let Some(plan) = whole_unless_compared(tx, &APPLIED_TABLE).await? {
        return Ok(plan);
    }
    let mut matched = vec![false; counted.len()];
    let mut stale = Vec::new();
    let mut held = 0;
    for_each(tx, APPLIED_HELD, |row: AppliedRow| {
        held += 1;
        let (id, org, year, field, method, org_type, org_level, unit) = &row;
        let found = counted
            .binary_search_by_key(id, |core| core.id)
            .ok()
            .filter(|i| {
                counted.get(*i).is_some_and(|core| {
                    rows.dim_names(core.dims).is_some_and(|d| {
                        core.organization_id == *org
                            && core.unit_id == *unit
                            && d.year == *year
                            && *d.field == **field
                            && *d.method == **method
                            && *d.org_type == **org_type
                            && *d.org_level == **org_level
                    })
                })
            });
        match found.and_then(|i| matched.get_mut(i)) {
            Some(seen) => *seen = true,
            None => stale.push(vec![Value::from(*id)]),
        }
        Ok(())
    })
    .await?;
    Ok(plan(held, stale, &matched))
}

/// Rows per `DELETE`: 7 key values a row, well under SQLite's parameter limit.
const DELETES_PER_STATEMENT: usize = 256;

/// Deletes the rows of `table` with the given values of its key columns.
pub(super) async fn delete(
    tx: &mut Tx,
    table: &RollupTable,
    rows: &[Vec<Value>],
) -> Result<(), StoreError> {
    for chunk in rows.chunks(DELETES_PER_STATEMENT) {
        let sql = format!(
            "DELETE FROM {} WHERE {}",
            table.bulk.table,
            write::keys_match(table.key, chunk.len(), Placeholder::Numbered)
        );
        let params = chunk.iter().flatten().cloned();
        let sql = AssertSqlSafe(sql);
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
    }
    Ok(())
}
