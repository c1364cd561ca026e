//! `fupin-bench`: performance figures of Fupin, each beside its anchor in the same run, as ratios.
//!
//! Run in release mode, e.g. `cargo run --release -p fupin-bench -- registry-load --persons 1000000`.
//! Figures go to docs/BENCHMARKS.md with the command that produced them. Not run in CI.

mod http_load;
mod registry_load;
mod rollup;
mod roster_load;
mod shell;
mod verify;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "fupin-bench", about)]
struct Cli {
    #[command(subcommand)]
    bench: Bench,
}

#[derive(Debug, Subcommand)]
enum Bench {
    /// Registry persons from CSV into SQLite (vs the sqlite3 shell's `.import`) and PostgreSQL
    /// (vs `psql \copy`), validating and protecting every ID number.
    RegistryLoad(registry_load::Args),
    /// An activity's roster from CSV and XLSX into SQLite (vs the sqlite3 shell's `.import`) and
    /// PostgreSQL (vs `psql \copy`), validating every row, with peak memory.
    RosterLoad(roster_load::Args),
    /// Public pages and the statistics API under `wrk` load, served by the release `fupin` over a
    /// demo database on SQLite and PostgreSQL, against a bare axum handler returning the same bytes.
    HttpLoad(http_load::Args),
    /// The statistics rebuild from the database (vs DuckDB loading a CSV export of the same rows and
    /// running the same GROUP BY ROLLUP), and the incremental update on publishing one activity.
    Rollup(rollup::Args),
    /// The verification engine from CSV files to results (vs DuckDB doing the exact checks from
    /// the same files), and linking the roster with names (vs Splink), on planted labels.
    Verify(verify::Args),
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    // Silent unless asked: `RUST_LOG=fupin_store=info` shows, e.g., the rebuild's phases.
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        match cli.bench {
            Bench::RegistryLoad(args) => registry_load::run(&args).await,
            Bench::RosterLoad(args) => roster_load::run(&args).await,
            Bench::HttpLoad(args) => http_load::run(&args).await,
            Bench::Rollup(args) => rollup::run(&args).await,
            Bench::Verify(args) => verify::run(&args),
        }
    })
}
