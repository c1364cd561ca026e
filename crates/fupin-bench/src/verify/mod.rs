//! Verification engine (issue 5): `fupin_verify` from CSV files to results, beside DuckDB doing
//! the exact part (ID valid, in the registry, status on the service date, double claims) from the
//! same files, and beside Splink linking the same roster to the registry (names included), scored
//! on the planted labels.
//!
//! Data (module `generate`): a registry of `--persons` (10 million) and a roster of `--entries`
//! (1 million) with planted faults and a labels file, under `--dir` (default `/tmp`, never the
//! repository), reused while the seed and sizes are unchanged. Python packages: `pip install
//! duckdb splink`.
//!
//! The engine runs twice per round (module `engine`): indexing every registry person (what a
//! resident service holds), and indexing only the persons the roster may name (a semi-join);
//! both must give the same verdicts. Figures and their reading: docs/BENCHMARKS.md.

mod duckdb;
mod engine;
mod generate;
mod hasher;
mod labels;
mod lines;
mod names;
mod people;
mod plant;
mod read;
mod report;
mod rng;
mod splink;

use std::path::{Path, PathBuf};

use anyhow::Result;

use self::engine::{EngineRun, IndexMode};
use self::generate::Dataset;

/// Options of the verification benchmark.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Registry persons.
    #[arg(long, default_value_t = 10_000_000)]
    persons: u64,
    /// Roster entries.
    #[arg(long, default_value_t = 1_000_000)]
    entries: u64,
    /// Registry persons of the Splink comparison (a separate, smaller data set from the same
    /// generator); the full data set when not given.
    #[arg(long)]
    splink_persons: Option<u64>,
    /// Roster entries of the Splink comparison.
    #[arg(long)]
    splink_entries: Option<u64>,
    /// Threads for the engine and for DuckDB (both anchors).
    #[arg(long, default_value_t = 2)]
    threads: usize,
    /// Runs of the exact part, the engine and DuckDB alternating; the fastest of each is compared.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Seed of the generator.
    #[arg(long, default_value_t = fupin_demo::DEFAULT_SEED)]
    seed: u64,
    /// Working directory for the generated files and the Python scripts.
    #[arg(long, default_value = "/tmp/fupin-bench-verify")]
    dir: PathBuf,
    /// Python with the `duckdb` and `splink` packages (`pip install duckdb splink`).
    #[arg(long, default_value = "python3")]
    python: String,
    /// Leave out the DuckDB comparison.
    #[arg(long)]
    skip_duckdb: bool,
    /// Leave out the Splink comparison.
    #[arg(long)]
    skip_splink: bool,
}

/// Runs the benchmark and prints its figures (blocking: called from the runtime's own thread,
/// with nothing else running on it).
pub fn run(args: &Args) -> Result<()> {
    let (threads, runs) = (args.threads.max(1), args.runs.max(1));
    let mut packages = Vec::new();
    if !args.skip_duckdb || !args.skip_splink {
        packages.push("duckdb");
    }
    if !args.skip_splink {
        packages.push("splink");
    }
    if !packages.is_empty() {
        duckdb::check_python(&args.python, &packages)?;
    }
    println!(
        "verify: {} persons, {} entries, {} threads (machine: {} cores), seed {}",
        args.persons,
        args.entries,
        threads,
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        args.seed
    );
    let full = generate::ensure(
        &data_dir(&args.dir, args.persons, args.entries),
        args.seed,
        args.persons,
        args.entries,
    )?;
    exact_part(args, &full, threads, runs)?;
    if !args.skip_splink {
        let persons = args.splink_persons.unwrap_or(args.persons);
        let entries = args.splink_entries.unwrap_or(args.entries);
        let sample = if (persons, entries) == (args.persons, args.entries) {
            full
        } else {
            println!("\nSplink on a smaller data set from the same generator and rates:");
            generate::ensure(
                &data_dir(&args.dir, persons, entries),
                args.seed,
                persons,
                entries,
            )?
        };
        linking_part(args, &sample, threads, runs)?;
    }
    Ok(())
}

fn data_dir(dir: &Path, persons: u64, entries: u64) -> PathBuf {
    dir.join(format!("data-{persons}-{entries}"))
}

/// The engine and DuckDB, alternating, from the same files.
fn exact_part(args: &Args, data: &Dataset, threads: usize, runs: usize) -> Result<()> {
    let labels = labels::read(&data.labels)?;
    let expected = labels.expected_exact();
    println!(
        "\n## Exact part: {} persons ({} counties), {} entries",
        data.persons, data.counties, data.entries
    );
    report::print_planted(&labels);
    let mut full_runs: Vec<EngineRun> = Vec::new();
    let mut referenced_runs: Vec<EngineRun> = Vec::new();
    let mut duck_runs = Vec::new();
    for run in 1..=runs {
        for (mode, into) in [
            (IndexMode::Full, &mut full_runs),
            (IndexMode::Referenced, &mut referenced_runs),
        ] {
            let engine = engine::run(data, threads, mode)?;
            report::print_engine_run(run, &engine);
            report::check_counts("engine", &engine.exact, &expected);
            into.push(engine);
        }
        if !args.skip_duckdb {
            let duck = duckdb::run(
                &args.python,
                &args.dir,
                &data.registry,
                &data.roster,
                threads,
            )?;
            report::print_duck_run(run, &duck);
            report::check_counts("DuckDB", &duck.counts, &expected);
            duck_runs.push(duck);
        }
    }
    let (Some(full), Some(referenced)) = (fastest(&full_runs), fastest(&referenced_runs)) else {
        return Ok(());
    };
    report::print_engine_detail(full);
    same_answers(full, referenced)?;
    let scores = labels::score_engine(&labels, full)?;
    report::print_scores("engine (full data)", &scores);
    println!();
    for runs in [&full_runs, &referenced_runs] {
        report::print_exact_summary(runs, &duck_runs);
        if let Some(best) = fastest(runs) {
            report::print_extrapolation(best);
        }
    }
    Ok(())
}

fn fastest(runs: &[EngineRun]) -> Option<&EngineRun> {
    runs.iter().min_by_key(|r| r.wall)
}

/// Both index modes must give the same answers (the semi-join only leaves out persons no entry
/// names).
fn same_answers(a: &EngineRun, b: &EngineRun) -> Result<()> {
    if a.exact != b.exact || a.statuses != b.statuses || a.linked != b.linked {
        anyhow::bail!("the two index modes gave different verdicts");
    }
    Ok(())
}

/// The engine and Splink on the same files, scored on the same labels.
fn linking_part(args: &Args, data: &Dataset, threads: usize, runs: usize) -> Result<()> {
    let labels = labels::read(&data.labels)?;
    println!(
        "\n## Linking (names included): {} persons ({} counties), {} entries",
        data.persons, data.counties, data.entries
    );
    report::print_planted(&labels);
    let mut full_runs = Vec::new();
    let mut referenced_runs = Vec::new();
    for run in 1..=runs {
        for (mode, into) in [
            (IndexMode::Full, &mut full_runs),
            (IndexMode::Referenced, &mut referenced_runs),
        ] {
            let engine = engine::run(data, threads, mode)?;
            report::print_engine_run(run, &engine);
            into.push(engine);
        }
    }
    let (Some(full), Some(referenced)) = (fastest(&full_runs), fastest(&referenced_runs)) else {
        return Ok(());
    };
    same_answers(full, referenced)?;
    let scores = labels::score_engine(&labels, full)?;
    report::print_scores("engine", &scores);
    let splink = splink::run(
        &args.python,
        &args.dir,
        &data.registry,
        &data.roster,
        &data.labels,
        threads,
    )?;
    report::print_splink(&splink);
    report::print_linking_summary(&[full, referenced], &scores, &splink);
    Ok(())
}
