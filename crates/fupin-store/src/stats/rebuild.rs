//! The rebuild: every published current version read as one row with all its parts, and
//! counted as it streams past, so what is held is each version's keys (a few integers) and
//! the aggregated rows, never every version's facts; then each table brought to those rows, by
//! its differences or rewritten whole ([`super::reconcile`]), chunk by chunk from the
//! aggregation.

use std::sync::Arc;
use std::time::Instant;

use super::aggregate::{Rollup, Version};
use super::kernel::Dims;
use super::load::{self, VersionRow};
use super::reconcile::{self, Plan, for_each};
use super::sink::{self, Out};
use super::write::{APPLIED, CELLS, MEMBERS};
use crate::bulk::BulkTable;
use crate::db::Tx;
use crate::error::StoreError;

/// What the rebuild keeps of a counted version, for `stat_applied`.
pub(super) struct Core {
    pub(super) id: i64,
    pub(super) organization_id: i64,
    pub(super) unit_id: Option<i64>,
    /// Interned dimensions (`Rows::dim_names`).
    pub(super) dims: u32,
}

/// Recomputes the rollup tables and brings them to the result; returns the versions counted.
pub(super) async fn rebuild_in(tx: &mut Tx) -> Result<usize, StoreError> {
    let started = Instant::now();
    let mut rollup = Rollup::new();
    let mut cores: Vec<Core> = Vec::new();
    let mut locations: Vec<(String, i64)> = Vec::new();
    let sql = match tx {
        Tx::Sqlite(_) => load::ALL_SQLITE,
        Tx::Postgres(_) => load::ALL_POSTGRES,
    };
    for_each(tx, sql, |row: VersionRow| {
        locations.clear();
        let totals = load::version_parts(&row, &mut locations)?;
        locations.sort();
        let dims = rollup.dims_id(&Dims {
            year: row.year,
            field: row.field,
            method: row.method,
            org_type: row.org_type,
            org_level: row.org_level,
        });
        rollup.count(&Version {
            organization_id: row.organization_id,
            unit_id: row.unit_id,
            year: row.year,
            dims,
            totals: &totals,
            locations: &locations,
        });
        cores.push(Core {
            id: row.id,
            organization_id: row.organization_id,
            unit_id: row.unit_id,
            dims,
        });
        Ok(())
    })
    .await?;
    let rows = rollup.finish();
    let aggregated = started.elapsed();

    let region: Arc<str> = Arc::from("region");
    let system: Arc<str> = Arc::from("system");
    // The two axes are the only ones (`NodeName::axis`); shared so no row allocates its name.
    let axis = |name: &str| if name == "region" { &region } else { &system };

    // A row missing below cannot happen (every index is in range); if it did, the row would be
    // short and the statement refused, never written wrong.
    let plan = reconcile::cells(tx, &rows).await?;
    apply(
        tx,
        CELLS,
        reconcile::CELL_KEY,
        plan,
        rows.cell_count(),
        |i: usize, out: &mut dyn Out| {
            let Some((node, dims, m)) = rows.cell(i) else {
                return;
            };
            out.text(axis(node.axis));
            out.text(&node.node);
            out.int(node.level.into());
            out.int(dims.year.into());
            out.text(&dims.field);
            out.text(&dims.method);
            out.text(&dims.org_type);
            out.text(&dims.org_level);
            for x in m {
                out.int(*x);
            }
        },
    )
    .await?;
    let cells_done = started.elapsed();
    let plan = reconcile::members(tx, &rows).await?;
    apply(
        tx,
        MEMBERS,
        reconcile::MEMBER_KEY,
        plan,
        rows.member_count(),
        |i: usize, out: &mut dyn Out| {
            let Some((node, year, org, n)) = rows.member(i) else {
                return;
            };
            out.text(axis(node.axis));
            out.text(&node.node);
            out.int(node.level.into());
            out.int(year.into());
            out.int(org);
            out.int(n);
        },
    )
    .await?;
    let members_done = started.elapsed();
    // In id order, as the versions were recorded before the query stopped sorting them.
    cores.sort_unstable_by_key(|core| core.id);
    let plan = reconcile::applied(tx, &cores, &rows).await?;
    apply(
        tx,
        APPLIED,
        reconcile::APPLIED_KEY,
        plan,
        cores.len(),
        |i: usize, out: &mut dyn Out| {
            let Some((core, dims)) = cores
                .get(i)
                .and_then(|core| Some((core, rows.dim_names(core.dims)?)))
            else {
                return;
            };
            out.int(core.id);
            out.int(core.organization_id);
            out.int(dims.year.into());
            out.text(&dims.field);
            out.text(&dims.method);
            out.text(&dims.org_type);
            out.text(&dims.org_level);
            out.opt_int(core.unit_id);
        },
    )
    .await?;
    // Where a rebuild's time goes, for the operator running it and for the benchmark.
    tracing::info!(
        versions = cores.len(),
        cells = rows.cell_count(),
        members = rows.member_count(),
        read_and_aggregate_s = aggregated.as_secs_f64(),
        cells_s = (cells_done - aggregated).as_secs_f64(),
        members_s = (members_done - cells_done).as_secs_f64(),
        applied_s = (started.elapsed() - members_done).as_secs_f64(),
        "statistics rebuilt"
    );
    Ok(cores.len())
}

/// The secondary indexes of a rollup table, as its migration creates them: a table rewritten
/// whole drops them first and builds them again after the rows are in. The store tests check
/// that a rewrite leaves the indexes as the migrations made them.
fn secondary_indexes(table: &str) -> &'static [(&'static str, &'static str)] {
    match table {
        "stat_members" => &[(
            "DROP INDEX stat_members_org",
            "CREATE INDEX stat_members_org ON stat_members(organization_id, axis, node_level, node, \
             activities)",
        )],
        "stat_applied" => &[(
            "DROP INDEX stat_applied_org",
            "CREATE INDEX stat_applied_org ON stat_applied(organization_id)",
        )],
        _ => &[],
    }
}

/// A rollup table's primary key on PostgreSQL, as its migrations leave it: a table rewritten whole
/// there drops it too and adds it back once the rows are in, since building the unique index by
/// sorting costs a fraction of maintaining it row by row through the `COPY` (the rewrite holds the
/// table's exclusive lock throughout, so no writer can slip a duplicate in). SQLite's tables are
/// their keys (`WITHOUT ROWID`) or keep them.
fn postgres_primary_key(table: &str) -> Option<(&'static str, &'static str)> {
    match table {
        "stat_cells" => Some((
            "ALTER TABLE stat_cells DROP CONSTRAINT stat_cells_pkey",
            "ALTER TABLE stat_cells ADD PRIMARY KEY (axis, node_level, node, year, field, method, \
             org_type, org_level)",
        )),
        "stat_members" => Some((
            "ALTER TABLE stat_members DROP CONSTRAINT stat_members_pkey",
            "ALTER TABLE stat_members ADD PRIMARY KEY (axis, node_level, node, year, organization_id)",
        )),
        "stat_applied" => Some((
            "ALTER TABLE stat_applied DROP CONSTRAINT stat_applied_pkey",
            "ALTER TABLE stat_applied ADD PRIMARY KEY (activity_id)",
        )),
        _ => None,
    }
}

/// Carries out `plan` on `table`, whose recomputed rows are `fill(0..rows)`.
async fn apply(
    tx: &mut Tx,
    table: BulkTable,
    key: &[&str],
    plan: Plan,
    rows: usize,
    fill: impl Fn(usize, &mut dyn Out) + Send + Sync,
) -> Result<(), StoreError> {
    match plan {
        Plan::Patch { delete, write } => {
            reconcile::delete(tx, table, key, &delete).await?;
            sink::write(tx, table, write.len(), |i: usize, out: &mut dyn Out| {
                if let Some(row) = write.get(i) {
                    fill(*row, out);
                }
            })
            .await?;
        }
        Plan::Whole { held_rows } => {
            let mut indexes = secondary_indexes(table.table).to_vec();
            if let (Tx::Postgres(_), Some(key)) = (&*tx, postgres_primary_key(table.table)) {
                indexes.push(key);
            }
            for (drop, _) in &indexes {
                tx.execute(drop, &[]).await?;
            }
            if held_rows {
                empty(tx, table.table).await?;
            }
            sink::write(tx, table, rows, fill).await?;
            for (_, create) in &indexes {
                tx.execute(create, &[]).await?;
            }
        }
    }
    Ok(())
}

/// Deletes every row of `table`: PostgreSQL's `TRUNCATE` leaves no dead rows for the rewrite's
/// unique index to step over (readers wait for the rebuild's commit instead of reading the old
/// rows meanwhile: the rebuild is the repair and backfill path, not a daily one).
async fn empty(tx: &mut Tx, table: &'static str) -> Result<(), StoreError> {
    let sql = match (&*tx, table) {
        (Tx::Postgres(_), "stat_cells") => "TRUNCATE stat_cells",
        (Tx::Postgres(_), "stat_members") => "TRUNCATE stat_members",
        (Tx::Postgres(_), "stat_applied") => "TRUNCATE stat_applied",
        (Tx::Sqlite(_), "stat_cells") => "DELETE FROM stat_cells",
        (Tx::Sqlite(_), "stat_members") => "DELETE FROM stat_members",
        (Tx::Sqlite(_), "stat_applied") => "DELETE FROM stat_applied",
        (_, other) => {
            return Err(StoreError::Corrupt(format!(
                "统计：{other} 不是统计表，不能清空"
            )));
        }
    };
    tx.execute(sql, &[]).await?;
    Ok(())
}
