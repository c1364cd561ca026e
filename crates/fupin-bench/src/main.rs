//! `fupin-bench`: performance figures of Fupin, each beside its anchor in the same run, as ratios.
//!
//! Run in release mode, e.g. `cargo run --release -p fupin-bench -- registry-load --persons 1000000`.
//! Figures go to docs/BENCHMARKS.md with the command that produced them. Not run in CI.

mod registry_load;
mod roster_load;

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
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        match cli.bench {
            Bench::RegistryLoad(args) => registry_load::run(&args).await,
            Bench::RosterLoad(args) => roster_load::run(&args).await,
        }
    })
}
