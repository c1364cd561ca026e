//! The anchor of the rollup benchmark: DuckDB (the Python package) loading a CSV export of the
//! published transactions and computing the same rollups (`GROUP BY … GROUPING SETS` over both
//! axes' levels) as tables.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{Context, Result, bail};

/// The flat rows DuckDB loads: one per (published current transaction, location of its activity),
/// with every key the rebuild groups by: the location's region codes down to the village (the
/// township and village parts of its code when it is that fine), the organization, and the
/// supervisory unit of the system axis (chosen as `stats::load` chooses it).
const EXPORT_SQL: &str = "SELECT t.activity_id, t.kind, t.amount_fen, l.share_bp, \
    l.province_code AS province, l.prefecture_code AS prefecture, l.county_code AS county, \
    CASE WHEN length(l.region_code) >= 9 THEN substr(l.region_code, 1, 9) END AS township, \
    CASE WHEN length(l.region_code) = 12 THEN l.region_code END AS village, \
    a.year, a.field, a.method, o.org_type, o.level AS org_level, a.organization_id, \
    COALESCE((SELECT MIN(s.unit_id) FROM supervision_links s WHERE s.organization_id = o.id \
    AND s.relation = 'supervisory'), o.registration_authority_id) AS unit_id \
    FROM activity_transactions t \
    JOIN activities a ON a.id = t.activity_id \
    JOIN organizations o ON o.id = a.organization_id \
    JOIN activity_locations l ON l.activity_id = t.activity_id \
    WHERE a.status = 'published' AND a.is_current";

/// DuckDB: load the CSV into a table of a database file; then the rebuild's two outputs, each as
/// a table with a checkpoint: the cells (per dimensions and node of every region level from the
/// nation to the village and of the supervisory units: distinct activities and the money by
/// kind) and the memberships (per year, organization and node: distinct activities); then the
/// county-deep `ROLLUP` this benchmark ran before 2026-11-30, for comparison with the older
/// figures. A location coarser than a village leaves the finer codes empty; the `HAVING` drops
/// the groups that would make of those (the rebuild has no such node), so the row counts are the
/// rebuild's, less the system axis's copy of the nation. Prints
/// `load_s query_s county_query_s rows cells members county_cells`.
const DUCKDB_SCRIPT: &str = r#"
import sys, time, duckdb
csv, path = sys.argv[1], sys.argv[2]
con = duckdb.connect(path)
con.execute("SET enable_progress_bar = false")
t0 = time.perf_counter()
con.execute(f"""CREATE TABLE tx AS SELECT * FROM read_csv('{csv}', header = true, columns = {{
    'activity_id': 'BIGINT', 'kind': 'VARCHAR', 'amount_fen': 'BIGINT', 'share_bp': 'BIGINT',
    'province': 'VARCHAR', 'prefecture': 'VARCHAR', 'county': 'VARCHAR', 'township': 'VARCHAR',
    'village': 'VARCHAR', 'year': 'INTEGER', 'field': 'VARCHAR', 'method': 'VARCHAR',
    'org_type': 'VARCHAR', 'org_level': 'VARCHAR', 'organization_id': 'BIGINT',
    'unit_id': 'BIGINT'}})""")
con.execute("CHECKPOINT")
t1 = time.perf_counter()
MONEY = """COUNT(DISTINCT activity_id) AS activities,
    SUM(CASE WHEN kind = 'commitment' THEN amount_fen * share_bp ELSE 0 END) // 10000 AS committed_fen,
    SUM(CASE WHEN kind = 'disbursement' THEN amount_fen * share_bp ELSE 0 END) // 10000 AS disbursed_fen,
    SUM(CASE WHEN kind = 'expenditure' THEN amount_fen * share_bp ELSE 0 END) // 10000 AS spent_fen"""
NODES = """GROUPING SETS ((), (province), (province, prefecture), (province, prefecture, county),
        (province, prefecture, county, township), (province, prefecture, county, township, village),
        (unit_id))
    HAVING (GROUPING(prefecture) = 1 OR prefecture IS NOT NULL)
        AND (GROUPING(county) = 1 OR county IS NOT NULL)
        AND (GROUPING(township) = 1 OR township IS NOT NULL)
        AND (GROUPING(village) = 1 OR village IS NOT NULL)"""
con.execute(f"""CREATE TABLE cells AS SELECT year, field, method, org_type, org_level,
    province, prefecture, county, township, village, unit_id, {MONEY}
    FROM tx GROUP BY year, field, method, org_type, org_level, {NODES}""")
con.execute("CHECKPOINT")
con.execute(f"""CREATE TABLE members AS SELECT year, organization_id,
    province, prefecture, county, township, village, unit_id,
    COUNT(DISTINCT activity_id) AS activities
    FROM tx GROUP BY year, organization_id, {NODES}""")
con.execute("CHECKPOINT")
t2 = time.perf_counter()
con.execute(f"""CREATE TABLE rollup_county AS SELECT year, field, method, org_type, org_level,
    province, prefecture, county, {MONEY}
    FROM tx GROUP BY year, field, method, org_type, org_level, ROLLUP (province, prefecture, county)""")
con.execute("CHECKPOINT")
t3 = time.perf_counter()
count = lambda table: con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
print(f"{t1 - t0:.6f} {t2 - t1:.6f} {t3 - t2:.6f} {count('tx')} {count('cells')} {count('members')} {count('rollup_county')}")
"#;

/// Fails with how to install DuckDB when `python` cannot import it.
pub fn check_duckdb(python: &str) -> Result<()> {
    let status = Command::new(python)
        .args(["-c", "import duckdb"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .with_context(|| format!("cannot run {python}"))?;
    if !status.success() {
        bail!("{python} cannot import duckdb: install it with `pip install duckdb`");
    }
    Ok(())
}

/// Writes the export next to `csv` and renames it, so an interrupted export is never reused.
pub fn export_csv_sqlite(db: &Path, csv: &Path) -> Result<()> {
    let part = csv.with_extension("csv.part");
    let out = std::fs::File::create(&part)?;
    let status = Command::new("sqlite3")
        .args(["-readonly", "-csv", "-header"])
        .arg(db)
        .arg(EXPORT_SQL)
        .stdout(out)
        .status()
        .context("cannot run sqlite3")?;
    if !status.success() {
        bail!("sqlite3 export failed");
    }
    std::fs::rename(&part, csv)?;
    Ok(())
}

/// DuckDB's times and counts.
pub struct Duck {
    /// Loading the CSV into a table (and a checkpoint).
    pub load: Duration,
    /// The rebuild's rollups (cells and memberships), into tables (and checkpoints): the anchor.
    pub query: Duration,
    /// The earlier, county-deep rollup (region axis to counties, no distinct organizations).
    pub county_query: Duration,
    /// Rows loaded.
    pub rows: u64,
    /// Cells (node × dimensions).
    pub cells: u64,
    /// Memberships (node × year × organization).
    pub members: u64,
    /// Rows of the county-deep rollup.
    pub county_cells: u64,
}

/// Runs DuckDB on `csv` with a database file at `path` (replaced).
pub fn duckdb(python: &str, csv: &Path, path: &Path) -> Result<Duck> {
    for suffix in ["", ".wal"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let output = Command::new(python)
        .args(["-c", DUCKDB_SCRIPT])
        .arg(csv)
        .arg(path)
        .output()
        .with_context(|| format!("cannot run {python}"))?;
    if !output.status.success() {
        bail!("DuckDB failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let words: Vec<&str> = text
        .lines()
        .last()
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    let [
        load,
        query,
        county_query,
        rows,
        cells,
        members,
        county_cells,
    ] = words.as_slice()
    else {
        bail!("unexpected DuckDB output: {text}");
    };
    Ok(Duck {
        load: Duration::from_secs_f64(load.parse()?),
        query: Duration::from_secs_f64(query.parse()?),
        county_query: Duration::from_secs_f64(county_query.parse()?),
        rows: rows.parse()?,
        cells: cells.parse()?,
        members: members.parse()?,
        county_cells: county_cells.parse()?,
    })
}
