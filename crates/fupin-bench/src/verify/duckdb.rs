//! The anchor of the exact part: DuckDB (PyPI `duckdb`) doing the same checks from the same
//! files in one query — read both CSV files, validate each roster ID (18 characters, province,
//! birth date, ISO 7064 MOD 11-2 check character, as `IdNumber::parse` does), join with the
//! registry on the ID, judge the status on the service year, find double claims with `GROUP BY id,
//! year HAVING count(DISTINCT organization) > 1`, and count per result.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result, bail};

use super::engine::ExactCounts;

/// The script: `duckdb_exact.py REGISTRY ROSTER THREADS PROVINCES`; prints one JSON line.
const SCRIPT: &str = r#"
import json, resource, sys, time
import duckdb

def peak_kib():
    # VmHWM: this process's own peak (ru_maxrss would include the parent's size at fork).
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

registry, roster, threads, provinces = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
con = duckdb.connect()
con.execute(f"SET threads = {threads}")
con.execute("SET enable_progress_bar = false")
digit = lambda i: f"(ord(substr(id, {i}, 1)) - 48)"
weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
weighted = " + ".join(f"{w} * {digit(i + 1)}" for i, w in enumerate(weights))
province_list = ", ".join(f"'{p}'" for p in provinces.split(","))
sql = f"""
WITH roster AS (
    SELECT organization_id, upper(trim(id_number)) AS id, year(service_date) AS y
    FROM read_csv('{roster}', header = true, columns = {{
        'entry_id': 'BIGINT', 'activity_id': 'BIGINT', 'organization_id': 'BIGINT',
        'row_no': 'INTEGER', 'id_number': 'VARCHAR', 'name': 'VARCHAR',
        'village_code': 'VARCHAR', 'service_date': 'DATE'}})
), checked AS (
    SELECT *, CASE WHEN regexp_full_match(id, '[0-9]{{17}}[0-9X]')
            AND substr(id, 1, 2) IN ({province_list})
            AND year(try_strptime(substr(id, 7, 8), '%Y%m%d')) BETWEEN 1900 AND 2100
        THEN substr('10X98765432', (({weighted}) % 11) + 1, 1) = substr(id, 18, 1)
        ELSE false END AS valid
    FROM roster
), registry AS (
    SELECT id_number AS id, status, exit_year, status_year
    FROM read_csv('{registry}', header = true, columns = {{
        'person_id': 'BIGINT', 'id_number': 'VARCHAR', 'name': 'VARCHAR',
        'village_code': 'VARCHAR', 'status': 'VARCHAR', 'exit_year': 'INTEGER',
        'status_year': 'INTEGER'}})
), claims AS (
    SELECT id, y FROM checked WHERE valid GROUP BY id, y
    HAVING count(DISTINCT organization_id) > 1
), judged AS (
    SELECT CASE
            WHEN NOT c.valid THEN 'invalid_id'
            WHEN g.id IS NULL THEN 'not_in_registry'
            WHEN g.status = 'deceased' AND (g.status_year IS NULL OR g.status_year < c.y)
                THEN 'deceased'
            WHEN g.status = 'lifted_no_policy' AND g.exit_year < c.y THEN 'exited_before_service'
            ELSE 'in_good_standing' END AS result,
        k.id IS NOT NULL AS claimed
    FROM checked c
    LEFT JOIN registry g ON c.valid AND g.id = c.id
    LEFT JOIN claims k ON c.valid AND k.id = c.id AND k.y = c.y
)
SELECT result, count(*), count(*) FILTER (WHERE claimed) FROM judged GROUP BY result
"""
cpu0, t0 = time.process_time(), time.perf_counter()
rows = con.execute(sql).fetchall()
wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
counts = {k: 0 for k in ["invalid_id", "not_in_registry", "deceased", "exited_before_service",
                         "in_good_standing", "double_claimed"]}
for result, n, claimed in rows:
    counts[result] = n
    counts["double_claimed"] += claimed
peak = peak_kib()
print(json.dumps({"wall_s": wall, "cpu_s": cpu, "peak_rss_kib": peak, "counts": counts,
                  "duckdb": duckdb.__version__}))
"#;

/// Figures of one DuckDB run.
#[derive(Debug, Clone)]
pub struct DuckRun {
    /// Files to counts (the query, after `import duckdb`).
    pub wall: Duration,
    /// CPU time of the Python process during the query.
    pub cpu: Duration,
    /// Peak resident memory of the Python process (KiB).
    pub peak_rss_kib: u64,
    /// Counts per result.
    pub counts: ExactCounts,
    /// DuckDB's version.
    pub version: String,
}

/// Checks that `python` can import `packages`, with the `pip install` that fixes it.
pub fn check_python(python: &str, packages: &[&str]) -> Result<()> {
    let imports = packages.join(", ");
    let output = Command::new(python)
        .args(["-c", &format!("import {imports}")])
        .output()
        .with_context(|| format!("cannot run {python}"))?;
    if !output.status.success() {
        bail!(
            "{python} cannot import {imports}: install with `pip install {}`",
            packages.join(" ")
        );
    }
    Ok(())
}

/// Runs `script` (written to `dir/name`) with `args`; the last line of its output, as JSON.
pub fn run_python(
    python: &str,
    dir: &Path,
    name: &str,
    script: &str,
    args: &[String],
) -> Result<serde_json::Value> {
    let path = dir.join(name);
    std::fs::write(&path, script)?;
    let output = Command::new(python)
        .arg(&path)
        .args(args)
        .output()
        .with_context(|| format!("cannot run {python}"))?;
    if !output.status.success() {
        bail!(
            "{} failed: {}",
            path.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let last = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(last).with_context(|| format!("unexpected output of {name}: {stdout}"))
}

/// Seconds from a JSON field.
pub fn seconds(value: &serde_json::Value, key: &str) -> Result<Duration> {
    let s = value
        .get(key)
        .and_then(serde_json::Value::as_f64)
        .with_context(|| format!("no {key} in {value}"))?;
    Ok(Duration::from_secs_f64(s.max(0.0)))
}

/// Runs the exact part in DuckDB on `threads` threads.
pub fn run(
    python: &str,
    dir: &Path,
    registry: &Path,
    roster: &Path,
    threads: usize,
) -> Result<DuckRun> {
    let provinces: Vec<&str> = fupin_domain::province::PROVINCES
        .iter()
        .map(|(code, _)| *code)
        .collect();
    let value = run_python(
        python,
        dir,
        "duckdb_exact.py",
        SCRIPT,
        &[
            registry.display().to_string(),
            roster.display().to_string(),
            threads.to_string(),
            provinces.join(","),
        ],
    )?;
    Ok(DuckRun {
        wall: seconds(&value, "wall_s")?,
        cpu: seconds(&value, "cpu_s")?,
        peak_rss_kib: value
            .get("peak_rss_kib")
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0),
        counts: ExactCounts::from_json(value.get("counts").unwrap_or(&value))?,
        version: value
            .get("duckdb")
            .and_then(serde_json::Value::as_str)
            .unwrap_or("?")
            .to_owned(),
    })
}
