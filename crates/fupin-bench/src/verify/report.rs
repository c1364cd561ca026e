//! What the verification benchmark prints: per run, per part, and the summary lines that go
//! into docs/BENCHMARKS.md.

use std::time::Duration;

use super::duckdb::DuckRun;
use super::engine::{EngineRun, ExactCounts, IndexMode, status_counts};
use super::labels::{Counts, ISSUE_KINDS, Labels, Scores};
use super::plant::Planted;
use super::splink::SplinkRun;

/// National scale the figures are extrapolated to.
const NATIONAL_PERSONS: f64 = 100_000_000.0;
const NATIONAL_ENTRIES: f64 = 10_000_000.0;

fn s(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn pct(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// The planted kinds and their shares.
pub fn print_planted(labels: &Labels) {
    let total = labels.kinds.len() as u64;
    let line: Vec<String> = Planted::ALL
        .iter()
        .map(|&kind| {
            let n = labels.kinds.iter().filter(|&&k| k == kind).count() as u64;
            format!("{} {n} ({:.1}%)", kind.code(), pct(n, total))
        })
        .collect();
    println!("planted: {}", line.join(", "));
}

/// One engine run.
pub fn print_engine_run(run: usize, e: &EngineRun) {
    let phases = match e.mode {
        IndexMode::Full => format!(
            "registry read+hash+pack {:.2} s, sort {:.2} s (roster read alongside), roster wait \
             {:.2} s",
            s(e.registry),
            s(e.sort),
            s(e.roster)
        ),
        IndexMode::Referenced => format!(
            "roster read {:.2} s, registry read+hash+filter+pack {:.2} s, sort {:.2} s",
            s(e.roster),
            s(e.registry),
            s(e.sort)
        ),
    };
    println!(
        "engine, {} run {run}: {:.2} s files→results (CPU {:.2} s): {phases}, verify {:.2} s, \
         count {:.3} s; {} persons indexed; peak RSS {:.0} MiB ({:.0} MiB held before)",
        e.mode.label(),
        s(e.wall),
        s(e.cpu),
        s(e.verify),
        s(e.count),
        e.persons,
        mib(e.peak_rss_kib.unwrap_or(0)),
        mib(e.rss_before_kib.unwrap_or(0))
    );
}

/// One DuckDB run.
pub fn print_duck_run(run: usize, d: &DuckRun) {
    println!(
        "DuckDB run {run}: {:.2} s files→results (CPU {:.2} s); peak RSS {:.0} MiB (duckdb {})",
        s(d.wall),
        s(d.cpu),
        mib(d.peak_rss_kib),
        d.version
    );
}

/// Whether the counts are the planted ones.
pub fn check_counts(who: &str, got: &ExactCounts, expected: &ExactCounts) {
    if got == expected {
        let line: Vec<String> = got
            .pairs()
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        println!("  {who} counts = planted: {}", line.join(", "));
    } else {
        println!("  {who} counts DIFFER from the planted data:");
        for ((key, g), (_, e)) in got.pairs().iter().zip(expected.pairs()) {
            println!("    {key}: {g} (planted {e})");
        }
    }
}

/// The engine's statuses and memory.
pub fn print_engine_detail(e: &EngineRun) {
    let line: Vec<String> = status_counts(&e.statuses)
        .iter()
        .map(|(status, n)| format!("{} {n}", status.code()))
        .collect();
    println!("engine statuses: {}", line.join(", "));
    println!(
        "engine memory: index {} persons, {} bytes ({:.0} MiB), {} bytes per person (goal ≤ 32: {}); \
         peak RSS of the run {:.0} MiB",
        e.persons,
        e.index_bytes,
        e.index_bytes as f64 / 1048576.0,
        e.bytes_per_person,
        if e.bytes_per_person <= 32 {
            "met"
        } else {
            "NOT met"
        },
        mib(e.peak_rss_kib.unwrap_or(0))
    );
}

fn counts_line(c: &Counts) -> String {
    format!(
        "precision {:.4}, recall {:.4}, F1 {:.4} (TP {}, FP {}, FN {})",
        c.precision(),
        c.recall(),
        c.f1(),
        c.tp,
        c.fp,
        c.fn_
    )
}

/// Precision, recall, F1 (all entries, and the issue's kinds alone) and the entries answered
/// right per kind.
pub fn print_scores(who: &str, sc: &Scores) {
    println!("{who}: {}", counts_line(&sc.all()));
    println!(
        "  on the issue's kinds alone (without invalid_id, name_mismatch): {}",
        counts_line(&sc.of(&ISSUE_KINDS))
    );
    let kinds: Vec<String> = Planted::ALL
        .iter()
        .zip(sc.per_kind)
        .filter(|(_, k)| k.total > 0)
        .map(|(kind, k)| {
            format!(
                "{} {}/{} ({:.2}%)",
                kind.code(),
                k.right,
                k.total,
                pct(k.right, k.total)
            )
        })
        .collect();
    println!("  answered right per kind: {}", kinds.join(", "));
}

fn list(values: impl Iterator<Item = Duration>) -> String {
    values
        .map(|x| format!("{:.2}", s(x)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Engine (one index mode) against DuckDB: the ratio and the per-core figures.
pub fn print_exact_summary(runs: &[EngineRun], ducks: &[DuckRun]) {
    let (Some(e), Some(d)) = (
        runs.iter().min_by_key(|r| r.wall),
        ducks.iter().min_by_key(|r| r.wall),
    ) else {
        return;
    };
    println!(
        "exact part, engine with the {}, fastest of {} runs each: engine {:.2} s (CPU {:.2} s), \
         DuckDB {:.2} s (CPU {:.2} s): engine {:.2}× faster end to end (goal > 1×: {}), {:.2}× \
         less CPU; all runs: engine [{}] s, DuckDB [{}] s",
        e.mode.label(),
        runs.len(),
        s(e.wall),
        s(e.cpu),
        s(d.wall),
        s(d.cpu),
        s(d.wall) / s(e.wall).max(1e-9),
        if e.wall < d.wall { "met" } else { "NOT met" },
        s(d.cpu) / s(e.cpu).max(1e-9),
        list(runs.iter().map(|r| r.wall)),
        list(ducks.iter().map(|r| r.wall))
    );
    let per_core = |rows: u64, cpu: Duration| rows as f64 / s(cpu).max(1e-9);
    println!(
        "  per core (rows per CPU-second, files→results): engine {:.0} entries with {:.0} registry \
         rows; DuckDB {:.0} entries with {:.0} registry rows",
        per_core(e.entries as u64, e.cpu),
        per_core(e.registry_rows, e.cpu),
        per_core(e.entries as u64, d.cpu),
        per_core(e.registry_rows, d.cpu)
    );
}

/// The run extrapolated to 100 million persons and 10 million entries a year: what grows with
/// the registry (reading and hashing it; with the full index, packing and sorting it) and what
/// grows with the entries, each scaled linearly (the sorts as n log n).
pub fn print_extrapolation(e: &EngineRun) {
    let rows = e.registry_rows.max(2) as f64;
    let entries = e.entries.max(2) as f64;
    let scale_r = NATIONAL_PERSONS / rows;
    let scale_e = NATIONAL_ENTRIES / entries;
    let (sorted, national_sorted) = match e.mode {
        IndexMode::Full => (rows, NATIONAL_PERSONS),
        IndexMode::Referenced => (entries, NATIONAL_ENTRIES),
    };
    let sort_scale = national_sorted * national_sorted.ln() / (sorted * sorted.ln());
    let registry = s(e.registry) * scale_r + s(e.sort) * sort_scale;
    let per_entry = (s(e.roster) + s(e.verify) + s(e.count)) * scale_e;
    let index_gib = match e.mode {
        IndexMode::Full => NATIONAL_PERSONS * e.bytes_per_person as f64,
        IndexMode::Referenced => e.index_bytes as f64 * scale_e,
    } / 1073741824.0;
    // What the run added beyond the index: the roster, the join's and the verdicts' working set.
    let rest_mib = (mib(e.peak_rss_kib.unwrap_or(0))
        - mib(e.rss_before_kib.unwrap_or(0))
        - e.index_bytes as f64 / 1048576.0)
        .max(0.0);
    println!(
        "  national scale (100 M persons, 10 M entries), extrapolated ({}): index {index_gib:.1} \
         GiB, other memory ≈ {:.1} GiB; registry ≈ {registry:.0} s, entries ≈ {per_entry:.0} s, \
         ≈ {:.0} s in all with --threads {} as here, ≈ {:.0} CPU-s",
        e.mode.label(),
        rest_mib * scale_e / 1024.0,
        registry + per_entry,
        e.threads,
        s(e.cpu) * (registry + per_entry) / s(e.wall).max(1e-9)
    );
}

/// One Splink run.
pub fn print_splink(r: &SplinkRun) {
    println!(
        "Splink: {:.2} s files→best links (CPU {:.2} s): load {:.2} s, train {:.2} s, predict {:.2} s, \
         best link {:.2} s; {} pairs above 0.01; peak RSS {:.0} MiB ({})",
        s(r.wall),
        s(r.cpu),
        s(r.load),
        s(r.train),
        s(r.predict),
        s(r.best),
        r.pairs,
        mib(r.peak_rss_kib),
        r.versions
    );
    print_scores("Splink (p ≥ 0.5)", &r.at_half);
    let (threshold, best) = &r.best_threshold;
    print_scores(
        &format!("Splink at its best threshold ({threshold}, chosen on the labels)"),
        best,
    );
}

/// Engine against Splink: F1, and wall time for each engine run given.
pub fn print_linking_summary(engines: &[&EngineRun], sc: &Scores, r: &SplinkRun) {
    let f1 = |x: &Scores| (x.all().f1(), x.of(&ISSUE_KINDS).f1());
    let (engine_all, engine_issue) = f1(sc);
    let (half_all, half_issue) = f1(&r.at_half);
    let (best_all, best_issue) = f1(&r.best_threshold.1);
    let met = |ok: bool| if ok { "met" } else { "NOT met" };
    println!(
        "\nlinking, F1 over all entries: engine {engine_all:.4}, Splink {half_all:.4} at 0.5, \
         {best_all:.4} at its best threshold (goal ≥ Splink's: {}); over the issue's kinds: engine \
         {engine_issue:.4}, Splink {half_issue:.4} / {best_issue:.4} ({})",
        met(engine_all >= half_all.max(best_all)),
        met(engine_issue >= half_issue.max(best_issue))
    );
    let untrained = s(r.load) + s(r.predict) + s(r.best);
    for e in engines {
        let speedup = s(r.wall) / s(e.wall).max(1e-9);
        println!(
            "linking, time, engine with the {}: {:.2} s (CPU {:.2} s), Splink {:.2} s (CPU {:.2} s): \
             {speedup:.1}× faster (goal ≥ 5×: {}); against Splink without its training (load + \
             predict + best link, {untrained:.2} s): {:.1}×",
            e.mode.label(),
            s(e.wall),
            s(e.cpu),
            s(r.wall),
            s(r.cpu),
            met(speedup >= 5.0),
            untrained / s(e.wall).max(1e-9)
        );
    }
}
