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
use super::write::{APPLIED, CELL_KEY, CELLS, MEMBER_KEY, MEMBERS};
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
        &CELL_TABLE,
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
        &MEMBER_TABLE,
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
        &APPLIED_TABLE,
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

/// One rollup table as the rebuild treats it, so that adding a table means one place: its
/// columns and key, and the statements that tell whether it holds rows, empty it, and drop and
/// make again its indexes around a rewrite.
pub(super) struct RollupTable {
    /// Its columns, in the order the rebuild writes them.
    pub(super) bulk: BulkTable,
    /// Its key columns, in the order of the values of the rows to delete
    /// ([`reconcile::Plan::Patch`]).
    pub(super) key: &'static [&'static str],
    /// Whether it holds any row: a count of zero or one.
    pub(super) any: &'static str,
    /// Its secondary indexes (drop, create), as its migration creates them: a table rewritten
    /// whole drops them first and builds them again after the rows are in. The store tests check
    /// that a rewrite leaves the indexes as the migrations made them.
    secondary_indexes: &'static [(&'static str, &'static str)],
    /// Its primary key on PostgreSQL (drop, add), as its migrations leave it: a table rewritten
    /// whole there drops it too and adds it back once the rows are in, since building the unique
    /// index by sorting costs a fraction of maintaining it row by row through the `COPY` (the
    /// rewrite holds the table's exclusive lock throughout, so no writer can slip a duplicate in).
    /// SQLite's tables are their keys (`WITHOUT ROWID`) or keep them.
    postgres_primary_key: (&'static str, &'static str),
    /// Deletes every row on PostgreSQL: `TRUNCATE` leaves no dead rows for the rewrite's unique
    /// index to step over (readers wait for the rebuild's commit instead of reading the old rows
    /// meanwhile: the rebuild is the repair and backfill path, not a daily one).
    empty_postgres: &'static str,
    /// Deletes every row on SQLite.
    empty_sqlite: &'static str,
    /// Refreshes PostgreSQL's planner statistics after a rewrite: taken before it (the demo
    /// analyzes before its first rebuild; this server may run without autovacuum) they describe
    /// an empty table, and the pages' reads were planned as scans of a million rows (675 ms
    /// instead of 61 for the counties reached at 1 M activities). SQLite plans without them.
    analyze_postgres: &'static str,
}

/// `stat_cells`.
pub(super) const CELL_TABLE: RollupTable = RollupTable {
    bulk: CELLS,
    key: &CELL_KEY,
    any: "SELECT COUNT(*) FROM (SELECT 1 FROM stat_cells LIMIT 1) t",
    secondary_indexes: &[],
    postgres_primary_key: (
        "ALTER TABLE stat_cells DROP CONSTRAINT stat_cells_pkey",
        "ALTER TABLE stat_cells ADD PRIMARY KEY (axis, node_level, node, year, field, method, \
         org_type, org_level)",
    ),
    empty_postgres: "TRUNCATE stat_cells",
    empty_sqlite: "DELETE FROM stat_cells",
    analyze_postgres: "ANALYZE stat_cells",
};

/// `stat_members`.
pub(super) const MEMBER_TABLE: RollupTable = RollupTable {
    bulk: MEMBERS,
    key: &MEMBER_KEY,
    any: "SELECT COUNT(*) FROM (SELECT 1 FROM stat_members LIMIT 1) t",
    secondary_indexes: &[(
        "DROP INDEX stat_members_org",
        "CREATE INDEX stat_members_org ON stat_members(organization_id, axis, node_level, node, \
         activities)",
    )],
    postgres_primary_key: (
        "ALTER TABLE stat_members DROP CONSTRAINT stat_members_pkey",
        "ALTER TABLE stat_members ADD PRIMARY KEY (axis, node_level, node, year, organization_id)",
    ),
    empty_postgres: "TRUNCATE stat_members",
    empty_sqlite: "DELETE FROM stat_members",
    analyze_postgres: "ANALYZE stat_members",
};

/// `stat_applied`.
pub(super) const APPLIED_TABLE: RollupTable = RollupTable {
    bulk: APPLIED,
    key: &["activity_id"],
    any: "SELECT COUNT(*) FROM (SELECT 1 FROM stat_applied LIMIT 1) t",
    secondary_indexes: &[(
        "DROP INDEX stat_applied_org",
        "CREATE INDEX stat_applied_org ON stat_applied(organization_id)",
    )],
    postgres_primary_key: (
        "ALTER TABLE stat_applied DROP CONSTRAINT stat_applied_pkey",
        "ALTER TABLE stat_applied ADD PRIMARY KEY (activity_id)",
    ),
    empty_postgres: "TRUNCATE stat_applied",
    empty_sqlite: "DELETE FROM stat_applied",
    analyze_postgres: "ANALYZE stat_applied",
};

/// Carries out `plan` on `table`, whose recomputed rows are `fill(0..rows)`.
async fn apply(
    tx: &mut Tx,
    table: &RollupTable,
    plan: Plan,
    rows: usize,
    fill: impl Fn(usize, &mut dyn Out) + Send + Sync,
) -> Result<(), StoreError> {
    match plan {
        Plan::Patch { delete, write } => {
            reconcile::delete(tx, table, &delete).await?;
            sink::write(
                tx,
                table.bulk,
                write.len(),
                |i: usize, out: &mut dyn Out| {
                    if let Some(row) = write.get(i) {
                        fill(*row, out);
                    }
                },
            )
            .await?;
        }
        Plan::Whole { held_rows } => {
            let mut indexes = table.secondary_indexes.to_vec();
            let empty = match tx {
                Tx::Postgres(_) => {
                    indexes.push(table.postgres_primary_key);
                    table.empty_postgres
                }
                Tx::Sqlite(_) => table.empty_sqlite,
            };
            for (drop, _) in &indexes {
                tx.execute(drop, &[]).await?;
            }
            if held_rows {
                tx.execute(empty, &[]).await?;
            }
            sink::write(tx, table.bulk, rows, fill).await?;
            for (_, create) in &indexes {
                tx.execute(create, &[]).await?;
            }
            if let Tx::Postgres(_) = tx {
                tx.execute(table.analyze_postgres, &[]).await?;
            }
        }
    }
    Ok(())
}
