//! Statistics rollup: `fupin_store::stats::rebuild` (the repair and backfill path: every rollup
//! recomputed from the activity tables) against DuckDB loading the same published transactions,
//! one row per transaction and location with its region and dimensions, from a CSV export and
//! running the same `GROUP BY … ROLLUP(province, prefecture, county)`; and the incremental path,
//! `stats::publish` in the transaction that publishes a new activity or a correction.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::shell::remove_sqlite;

mod duck;
mod incremental;

use anyhow::Result;
use duck::{Duck, check_duckdb, duckdb, export_csv_sqlite};
use fupin_demo::{DemoOptions, Sizes};
use fupin_store::{ConnectOptions, Db, Value};
use incremental::{incremental, ms, percentile};

/// Options of the rollup benchmark.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Transactions of published current activities to roll up (the generator's activities are
    /// sized for this from its measured mean of transactions per activity).
    #[arg(long, default_value_t = 10_000_000)]
    transactions: u64,
    /// Incremental runs (half publish a new activity, half correct a published one).
    #[arg(long, default_value_t = 200)]
    runs: usize,
    /// Working directory for the databases and the CSV export.
    #[arg(long, default_value = "bench-data")]
    dir: PathBuf,
    /// Python with the `duckdb` package (`pip install duckdb`).
    #[arg(long, default_value = "python3")]
    python: String,
    /// PostgreSQL server (admin URL); the PostgreSQL half is skipped without it.
    #[arg(
        long = "postgres-url",
        visible_alias = "postgres",
        env = "FUPIN_BENCH_POSTGRES_URL"
    )]
    postgres_url: Option<String>,
}

/// Transactions per generated activity (all statuses) in `fupin_demo`'s data, measured at scale 1
/// (20,000 activities: 95,357 transactions, of which 86,015 belong to the 16,969 published
/// ones); used only to size the data set, the run prints the real count.
const PUBLISHED_TRANSACTIONS_PER_ACTIVITY: f64 = 86_015.0 / 20_000.0;

/// Runs the benchmark and prints its figures.
pub async fn run(args: &Args) -> Result<()> {
    check_duckdb(&args.python)?;
    std::fs::create_dir_all(&args.dir)?;
    let dir = std::fs::canonicalize(&args.dir)?;
    let activities =
        ((args.transactions as f64 / PUBLISHED_TRANSACTIONS_PER_ACTIVITY).ceil() as u64).max(100);
    println!(
        "{} transactions asked for: {} generated activities (all statuses), {} cores",
        args.transactions,
        activities,
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );

    let sqlite_path = dir.join(format!("rollup-{activities}.db"));
    let (sqlite, fresh) = open_prepared(
        &format!("sqlite://{}", sqlite_path.display()),
        &dir.join(format!("rollup-{activities}.db.ready")),
        activities,
        || {
            remove_sqlite(&sqlite_path);
            Ok(())
        },
    )
    .await?;

    let csv = dir.join(format!("rollup-{activities}.csv"));
    if fresh || !csv.exists() {
        let started = Instant::now();
        export_csv_sqlite(&sqlite_path, &csv)?;
        println!(
            "CSV export (sqlite3 -csv, not timed against anything): {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    println!(
        "CSV: {} ({:.1} MiB)",
        csv.display(),
        std::fs::metadata(&csv)?.len() as f64 / 1048576.0
    );
    let warmed = crate::shell::read_through(std::slice::from_ref(&csv))?;
    println!(
        "CSV read through once before DuckDB loads it ({:.0} MiB, into the page cache)",
        warmed as f64 / 1048576.0
    );
    let duck = duckdb(
        &args.python,
        &csv,
        &dir.join(format!("rollup-{activities}.duckdb")),
    )?;
    println!(
        "DuckDB: {} rows loaded in {:.2} s, {} cells and {} memberships in {:.2} s (load + query \
         {:.2} s); the county-deep rollup of the earlier runs: {} rows in {:.2} s (load + query \
         {:.2} s)",
        duck.rows,
        duck.load.as_secs_f64(),
        duck.cells,
        duck.members,
        duck.query.as_secs_f64(),
        (duck.load + duck.query).as_secs_f64(),
        duck.county_cells,
        duck.county_query.as_secs_f64(),
        (duck.load + duck.county_query).as_secs_f64()
    );

    let sqlite_files =
        ["", "-wal"].map(|suffix| PathBuf::from(format!("{}{suffix}", sqlite_path.display())));
    bench_backend(
        "SQLite",
        &sqlite,
        activities,
        args.runs,
        &duck,
        &sqlite_files,
    )
    .await?;
    sqlite.close().await;

    match &args.postgres_url {
        Some(admin) => {
            let name = format!("fupin_bench_rollup_{activities}");
            let marker = dir.join(format!("rollup-{activities}.postgres.ready"));
            if !crate::shell::database_exists(admin, &name)? {
                let _ = std::fs::remove_file(&marker);
                crate::shell::psql(admin, &format!("CREATE DATABASE {name}"))?;
            }
            let url = crate::shell::with_database(admin, &name);
            let (pg, _) = open_prepared(&url, &marker, activities, || {
                crate::shell::psql(
                    admin,
                    &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                )?;
                crate::shell::psql(admin, &format!("CREATE DATABASE {name}"))
            })
            .await?;
            // The server's files are its own; a freshly generated data set is vacuumed instead
            // (below), as autovacuum would have long before any repair.
            bench_backend("PostgreSQL", &pg, activities, args.runs, &duck, &[]).await?;
            pg.close().await;
        }
        None => println!("PostgreSQL: skipped (give --postgres-url or FUPIN_BENCH_POSTGRES_URL)"),
    }
    Ok(())
}

fn connect_options() -> ConnectOptions {
    // One connection: the generator and the rebuild use one at a time, and every pooled SQLite
    // connection keeps its own page cache and statement copies.
    ConnectOptions {
        max_connections: 1,
        ..ConnectOptions::default()
    }
}

/// Opens `url` with the data set: generated after `reset` unless `marker` says it is there (then
/// what earlier runs of this benchmark added, versions with ids above the generated ones, is
/// removed). `true` with the pool when it was generated now.
async fn open_prepared(
    url: &str,
    marker: &Path,
    activities: u64,
    reset: impl FnOnce() -> Result<()>,
) -> Result<(Db, bool)> {
    if !marker.exists() {
        reset()?;
        let db = Db::connect(url, &connect_options()).await?;
        generate(&db, activities).await?;
        if db.backend() == fupin_store::Backend::Postgres {
            // The first read of rows just copied in sets their hint bits, writing every page:
            // a repair on a database in service never pays that, so the benchmark does not either.
            db.execute("VACUUM ANALYZE", &[]).await?;
        }
        std::fs::write(marker, format!("{activities} activities\n"))?;
        return Ok((db, true));
    }
    let db = Db::connect(url, &connect_options()).await?;
    // A data set kept from an older build gets this build's schema, as `fupin` would at start.
    fupin_store::migrate::run(&db).await?;
    let removed = remove_added(&db, activities).await?;
    if removed > 0 {
        println!("  removed {removed} versions added by an earlier run");
    }
    Ok((db, false))
}

async fn remove_added(db: &Db, activities: u64) -> Result<u64> {
    let base = Value::from(i64::try_from(activities)?);
    let mut tx = db.begin().await?;
    tx.execute(
        "UPDATE activities SET is_current = TRUE WHERE id IN \
         (SELECT supersedes_id FROM activities WHERE id > $1 AND supersedes_id IS NOT NULL)",
        std::slice::from_ref(&base),
    )
    .await?;
    for sql in [
        "DELETE FROM activity_transactions WHERE activity_id > $1",
        "DELETE FROM activity_locations WHERE activity_id > $1",
        "DELETE FROM activity_beneficiaries WHERE activity_id > $1",
    ] {
        tx.execute(sql, std::slice::from_ref(&base)).await?;
    }
    let removed = tx
        .execute(
            "DELETE FROM activities WHERE id > $1",
            std::slice::from_ref(&base),
        )
        .await?;
    tx.commit().await?;
    Ok(removed)
}

async fn bench_backend(
    label: &str,
    db: &Db,
    activities: u64,
    runs: usize,
    duck: &Duck,
    files: &[PathBuf],
) -> Result<()> {
    let transactions = db
        .fetch_i64(
            "SELECT COUNT(*) FROM activity_transactions t JOIN activities a ON a.id = t.activity_id \
             WHERE a.status = 'published' AND a.is_current",
            &[],
        )
        .await?;
    let anchor = Anchor {
        same: duck.load + duck.query,
        county: duck.load + duck.county_query,
    };
    // The repair of tables that are right (what the rollups are after any publish), then the
    // backfill into empty ones: the two ends of `stats::rebuild`'s work.
    crate::shell::read_through(files)?;
    timed_rebuild(label, "repair, tables right", db, transactions, anchor).await?;
    for sql in [
        "DELETE FROM stat_cells",
        "DELETE FROM stat_members",
        "DELETE FROM stat_applied",
    ] {
        db.execute(sql, &[]).await?;
    }
    crate::shell::read_through(files)?;
    timed_rebuild(label, "backfill, tables empty", db, transactions, anchor).await?;
    let timings = incremental(db, activities, runs).await?;
    for (kind, update, total) in timings {
        println!(
            "{label}: {kind:<28} stats::publish median {} p99 {} | with commit median {} p99 {} \
             ({} runs; goal < 5 ms: {})",
            ms(percentile(&update, 50)),
            ms(percentile(&update, 99)),
            ms(percentile(&total, 50)),
            ms(percentile(&total, 99)),
            update.len(),
            if percentile(&update, 50) < Duration::from_millis(5) {
                "met"
            } else {
                "NOT met"
            }
        );
    }
    Ok(())
}

/// DuckDB's load plus query: of the rebuild's rollup (the goal's anchor), and of the county-deep
/// one the earlier figures were measured against.
#[derive(Clone, Copy)]
struct Anchor {
    same: Duration,
    county: Duration,
}

/// Times one `stats::rebuild` against the anchor, with the peak memory it took.
async fn timed_rebuild(
    label: &str,
    case: &str,
    db: &Db,
    transactions: i64,
    anchor: Anchor,
) -> Result<()> {
    crate::shell::reset_peak_rss();
    let before = crate::shell::peak_rss_kib().unwrap_or(0);
    let started = Instant::now();
    let versions = fupin_store::stats::rebuild(db).await?;
    let rebuild = started.elapsed();
    let peak = crate::shell::peak_rss_kib().unwrap_or(0);
    let cells = db.fetch_i64("SELECT COUNT(*) FROM stat_cells", &[]).await?;
    let ratio = rebuild.as_secs_f64() / anchor.same.as_secs_f64();
    let county_ratio = rebuild.as_secs_f64() / anchor.county.as_secs_f64();
    let met = if rebuild <= anchor.same * 2 {
        "met"
    } else {
        "NOT met"
    };
    println!(
        "{label}: stats::rebuild ({case}) of {versions} published versions, {transactions} \
         transactions: {:.2} s ({cells} cells) | DuckDB load + query {:.2} s | ratio {ratio:.2}× \
         (goal ≤ 2×: {met}; {county_ratio:.2}× the county-deep rollup) | peak resident memory \
         {:.0} MiB (process at {:.0} MiB before)",
        rebuild.as_secs_f64(),
        anchor.same.as_secs_f64(),
        peak as f64 / 1024.0,
        before as f64 / 1024.0
    );
    Ok(())
}

/// Generates `activities` activities (and the organizations, units and regions they need, a
/// token registry, no rosters) into the migrated, empty `db`.
async fn generate(db: &Db, activities: u64) -> Result<()> {
    fupin_store::migrate::run(db).await?;
    let keys = crate::shell::bench_keys()?;
    let mut options = DemoOptions::new(1, fupin_demo::DEFAULT_SEED);
    options.progress = std::io::IsTerminal::is_terminal(&std::io::stderr());
    options.sizes = Some(Sizes {
        organizations: (activities / 10).clamp(100, 50_000),
        activities,
        registry_persons: 1_000,
        roster_entries: 0,
        registry_counties: 1,
    });
    let started = Instant::now();
    let summary = fupin_demo::generate(db, &keys, &options)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    println!(
        "  generated in {:.1} s: {} organizations, {} activities ({} published), {} transactions",
        started.elapsed().as_secs_f64(),
        summary.organizations,
        summary.activities,
        summary.published_activities,
        summary.transactions
    );
    Ok(())
}
