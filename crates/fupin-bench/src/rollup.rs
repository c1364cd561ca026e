//! Statistics rollup: `fupin_store::stats::rebuild` (the repair and backfill path: every rollup
//! recomputed from the activity tables) against DuckDB loading the same published transactions,
//! one row per transaction and location with its region and dimensions, from a CSV export and
//! running the same `GROUP BY … ROLLUP(province, prefecture, county)`; and the incremental path,
//! `stats::publish` in the transaction that publishes a new activity or a correction.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::shell::remove_sqlite;

mod duck;

use anyhow::{Result, bail};
use duck::{Duck, check_duckdb, duckdb, export_csv_sqlite};
use fupin_demo::{DemoOptions, Sizes};
use fupin_store::{ConnectOptions, Db, Value};

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
    let duck = duckdb(
        &args.python,
        &csv,
        &dir.join(format!("rollup-{activities}.duckdb")),
    )?;
    println!(
        "DuckDB: {} rows loaded in {:.2} s, {} rollup rows in {:.2} s (load + query {:.2} s)",
        duck.rows,
        duck.load.as_secs_f64(),
        duck.cells,
        duck.query.as_secs_f64(),
        (duck.load + duck.query).as_secs_f64()
    );

    bench_backend("SQLite", &sqlite, activities, args.runs, &duck).await?;
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
            bench_backend("PostgreSQL", &pg, activities, args.runs, &duck).await?;
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
) -> Result<()> {
    let transactions = db
        .fetch_i64(
            "SELECT COUNT(*) FROM activity_transactions t JOIN activities a ON a.id = t.activity_id \
             WHERE a.status = 'published' AND a.is_current",
            &[],
        )
        .await?;
    let anchor = duck.load + duck.query;
    // The repair of tables that are right (what the rollups are after any publish), then the
    // backfill into empty ones: the two ends of `stats::rebuild`'s work.
    timed_rebuild(label, "repair, tables right", db, transactions, anchor).await?;
    for sql in [
        "DELETE FROM stat_cells",
        "DELETE FROM stat_members",
        "DELETE FROM stat_applied",
    ] {
        db.execute(sql, &[]).await?;
    }
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

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// The `p`-th percentile (nearest rank) of `samples`.
fn percentile(samples: &[Duration], p: usize) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (p * sorted.len()).div_ceil(100).clamp(1, sorted.len());
    sorted[rank - 1]
}

type Timings = Vec<(&'static str, Vec<Duration>, Vec<Duration>)>;

/// Publishes `runs` versions one transaction each: even runs a new activity (a copy of a
/// published one), odd runs a correction of a published one (amounts changed). Times
/// `stats::publish` alone and with the commit.
async fn incremental(db: &Db, activities: u64, runs: usize) -> Result<Timings> {
    let base = i64::try_from(activities)?;
    let ids: Vec<(i64,)> = db
        .fetch_all(
            "SELECT id FROM activities WHERE status = 'published' AND is_current AND id <= $1 \
             ORDER BY id",
            &[Value::from(base)],
        )
        .await?;
    if ids.len() < runs.max(1) {
        bail!("only {} published activities for {runs} runs", ids.len());
    }
    let step = ids.len() / runs.max(1);
    let mut publish = (Vec::new(), Vec::new());
    let mut correct = (Vec::new(), Vec::new());
    for run in 0..runs {
        let source = ids[run * step].0;
        let correction = run % 2 == 1;
        let mut tx = db.begin().await?;
        let id = tx
            .fetch_i64("SELECT COALESCE(MAX(id), 0) + 1 FROM activities", &[])
            .await?;
        let supersedes = correction.then_some(source);
        tx.execute(
            "INSERT INTO activities (id, organization_id, supersedes_id, version, correction_note, \
             title, description, field, method, status, is_current, year, planned_start, \
             planned_end, actual_start, actual_end, goods_value_fen, volunteer_hours, created_at, \
             published_at, submitted_at, reviewer_unit_id) \
             SELECT $2, organization_id, $3, version + $4, $5, title, description, field, method, \
             'published', TRUE, year, planned_start, planned_end, actual_start, actual_end, \
             goods_value_fen, volunteer_hours, created_at, published_at, submitted_at, \
             reviewer_unit_id FROM activities WHERE id = $1",
            &[
                Value::from(source),
                Value::from(id),
                Value::from(supersedes),
                Value::from(i32::from(correction)),
                Value::from(correction.then_some("基准测试：更正金额")),
            ],
        )
        .await?;
        tx.execute(
            "INSERT INTO activity_locations (activity_id, region_code, share_bp, province_code, \
             prefecture_code, county_code) SELECT $2, region_code, share_bp, province_code, \
             prefecture_code, county_code FROM activity_locations WHERE activity_id = $1",
            &[Value::from(source), Value::from(id)],
        )
        .await?;
        tx.execute(
            "INSERT INTO activity_transactions (activity_id, kind, occurred_on, amount_fen, \
             funding_source, platform, filing_number, contract_number, provider, receiver, \
             provider_org_id) SELECT $2, kind, occurred_on, amount_fen + $3, funding_source, \
             platform, filing_number, contract_number, provider, receiver, provider_org_id \
             FROM activity_transactions WHERE activity_id = $1",
            &[
                Value::from(source),
                Value::from(id),
                Value::from(if correction { 100_i64 } else { 0 }),
            ],
        )
        .await?;
        tx.execute(
            "INSERT INTO activity_beneficiaries (activity_id, category, households, persons) \
             SELECT $2, category, households, persons FROM activity_beneficiaries \
             WHERE activity_id = $1",
            &[Value::from(source), Value::from(id)],
        )
        .await?;
        if correction {
            tx.execute(
                "UPDATE activities SET is_current = FALSE WHERE id = $1",
                &[Value::from(source)],
            )
            .await?;
        }
        let started = Instant::now();
        fupin_store::stats::publish(&mut tx, id).await?;
        let update = started.elapsed();
        tx.commit().await?;
        let total = started.elapsed();
        let into = if correction {
            &mut correct
        } else {
            &mut publish
        };
        into.0.push(update);
        into.1.push(total);
    }
    Ok(vec![
        ("publish a new activity", publish.0, publish.1),
        ("correct a published one", correct.0, correct.1),
    ])
}

/// Generates `activities` activities (and the organizations, units and regions they need, a
/// token registry, no rosters) into the migrated, empty `db`.
/// Times one `stats::rebuild` against the anchor, with the peak memory it took.
async fn timed_rebuild(
    label: &str,
    case: &str,
    db: &Db,
    transactions: i64,
    anchor: Duration,
) -> Result<()> {
    crate::shell::reset_peak_rss();
    let before = crate::shell::peak_rss_kib().unwrap_or(0);
    let started = Instant::now();
    let versions = fupin_store::stats::rebuild(db).await?;
    let rebuild = started.elapsed();
    let peak = crate::shell::peak_rss_kib().unwrap_or(0);
    let cells = db.fetch_i64("SELECT COUNT(*) FROM stat_cells", &[]).await?;
    let ratio = rebuild.as_secs_f64() / anchor.as_secs_f64();
    let met = if rebuild <= anchor * 2 {
        "met"
    } else {
        "NOT met"
    };
    println!(
        "{label}: stats::rebuild ({case}) of {versions} published versions, {transactions} \
         transactions: {:.2} s ({cells} cells) | DuckDB load + query {:.2} s | ratio {ratio:.2}× \
         (goal ≤ 2×: {met}) | peak resident memory {:.0} MiB (process at {:.0} MiB before)",
        rebuild.as_secs_f64(),
        anchor.as_secs_f64(),
        peak as f64 / 1024.0,
        before as f64 / 1024.0
    );
    Ok(())
}

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
