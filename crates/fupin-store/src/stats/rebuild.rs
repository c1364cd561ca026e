//! The rebuild: every published current version read as one row with all its parts, and
//! counted as it streams past, so what is held is each version's keys (a few integers) and
//! the aggregated rows, never every version's facts; then the tables written chunk by chunk from
//! the aggregation.

use std::sync::Arc;

use futures_util::TryStreamExt;

use super::aggregate::{Rollup, Version};
use super::kernel::Dims;
use super::load::{self, VersionRow};
use super::sink::{self, Out};
use super::write::{APPLIED, CELLS, MEMBERS};
use crate::db::{Record, Tx};
use crate::error::StoreError;

/// What the rebuild keeps of a counted version, for `stat_applied`.
struct Core {
    id: i64,
    organization_id: i64,
    unit_id: Option<i64>,
    dims: u32,
}

/// Runs `sql` in `tx` and hands each row to `each` as it arrives, instead of collecting them.
async fn for_each<R: Record>(
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

/// Empties the rollup tables and recomputes them; returns the versions counted.
pub(super) async fn rebuild_in(tx: &mut Tx) -> Result<usize, StoreError> {
    for sql in [
        "DELETE FROM stat_cells",
        "DELETE FROM stat_members",
        "DELETE FROM stat_applied",
    ] {
        tx.execute(sql, &[]).await?;
    }
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

    let region: Arc<str> = Arc::from("region");
    let system: Arc<str> = Arc::from("system");
    // The two axes are the only ones (`NodeName::axis`); shared so no row allocates its name.
    let axis = |name: &str| if name == "region" { &region } else { &system };

    // A row missing below cannot happen (every index is in range); if it did, the row would be
    // short and the statement refused, never written wrong.
    sink::write(
        tx,
        CELLS,
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
    sink::write(
        tx,
        MEMBERS,
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
    // In id order, as the versions were recorded before the query stopped sorting them.
    cores.sort_unstable_by_key(|core| core.id);
    sink::write(tx, APPLIED, cores.len(), |i: usize, out: &mut dyn Out| {
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
    })
    .await?;
    Ok(cores.len())
}
