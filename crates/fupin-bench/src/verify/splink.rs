//! The anchor of the whole engine: Splink (PyPI `splink`, on DuckDB) linking the roster to the
//! registry (`link_only`), from the same files, scored on the same labels.
//!
//! Model: blocking on the ID number, or on village and surname (the first character); comparisons
//! on the ID number and the name (Levenshtein ≤ 1, ≤ 2, else: Chinese names are two or three
//! characters, where Jaro-Winkler separates one edit poorly) and the village (exact). Trained as
//! Splink's tutorials do: λ from a deterministic rule (ID and name equal, recall 0.8), u by random
//! sampling (10⁷ pairs), m by expectation maximisation blocked on the ID and then on village and
//! surname. Each entry's answer is its best-scoring registry person with match probability
//! ≥ 0.5; the best threshold on a grid (0.01–0.99 by 0.01, then 0.995 to 0.99999) is reported too:
//! an oracle's choice, in Splink's favour.
//! Timed: from reading the files to the table of best links; the scoring against the labels is not.

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};

use super::duckdb::{run_python, seconds};
use super::labels::{Counts, KindScore, Scores};
use super::plant::Planted;

/// The script: `splink_link.py REGISTRY ROSTER LABELS THREADS`; prints one JSON line.
const SCRIPT: &str = r#"
import json, logging, resource, sys, time
import duckdb
import splink
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

def peak_kib():
    # VmHWM: this process's own peak (ru_maxrss would include the parent's size at fork).
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

registry, roster, labels, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
cpu0, t0 = time.process_time(), time.perf_counter()
con = duckdb.connect()
con.execute(f"SET threads = {threads}")
con.execute("SET enable_progress_bar = false")
columns = "unique_id, id_number, name, substr(name, 1, 1) AS surname, village_code"
con.execute(f"""CREATE TABLE reg AS SELECT person_id AS {columns} FROM read_csv('{registry}',
    header = true, columns = {{'person_id': 'BIGINT', 'id_number': 'VARCHAR', 'name': 'VARCHAR',
    'village_code': 'VARCHAR', 'status': 'VARCHAR', 'exit_year': 'INTEGER',
    'status_year': 'INTEGER'}})""")
con.execute(f"""CREATE TABLE ros AS SELECT entry_id AS {columns} FROM read_csv('{roster}',
    header = true, columns = {{'entry_id': 'BIGINT', 'activity_id': 'BIGINT',
    'organization_id': 'BIGINT', 'row_no': 'INTEGER', 'id_number': 'VARCHAR', 'name': 'VARCHAR',
    'village_code': 'VARCHAR', 'service_date': 'DATE'}})""")
t_load = time.perf_counter()
db_api = DuckDBAPI(connection=con)
ros = db_api.register("ros", dataset_display_name="roster")
reg = db_api.register("reg", dataset_display_name="registry")
settings = SettingsCreator(
    link_type="link_only",
    comparisons=[
        cl.LevenshteinAtThresholds("id_number", [1, 2]),
        cl.LevenshteinAtThresholds("name", [1, 2]),
        cl.ExactMatch("village_code"),
    ],
    blocking_rules_to_generate_predictions=[
        block_on("id_number"),
        block_on("village_code", "surname"),
    ],
)
linker = Linker([ros, reg], settings, log_level=logging.WARNING)
linker.training.estimate_probability_two_random_records_match(
    [block_on("id_number", "name")], recall=0.8)
linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
linker.training.estimate_parameters_using_expectation_maximisation(block_on("id_number"))
linker.training.estimate_parameters_using_expectation_maximisation(
    block_on("village_code", "surname"))
t_train = time.perf_counter()
pred = linker.inference.predict(threshold_match_probability=0.01)
t_predict = time.perf_counter()
pairs = con.execute(f"SELECT count(*) FROM {pred.physical_name}").fetchone()[0]
con.execute(f"""CREATE TABLE best AS SELECT entry_id, person_id, p FROM (
    SELECT CASE WHEN source_dataset_l = 'roster' THEN unique_id_l ELSE unique_id_r END AS entry_id,
           CASE WHEN source_dataset_l = 'roster' THEN unique_id_r ELSE unique_id_l END AS person_id,
           match_probability AS p
    FROM {pred.physical_name})
    QUALIFY row_number() OVER (PARTITION BY entry_id ORDER BY p DESC, person_id) = 1""")
wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0

con.execute(f"""CREATE TABLE scored AS SELECT l.entry_id, l.kind, l.true_person, b.person_id, b.p
    FROM read_csv('{labels}', header = true, columns = {{'entry_id': 'BIGINT', 'kind': 'VARCHAR',
        'variant': 'VARCHAR', 'true_person': 'BIGINT', 'id_person': 'BIGINT',
        'first_entry_id': 'BIGINT'}}) l
    LEFT JOIN best b ON b.entry_id = l.entry_id""")
def per_kind(t):
    # Per planted kind: [tp, fp, fn, answered right, entries] with links at p >= t.
    return {kind: list(rest) for kind, *rest in con.execute(f"""SELECT kind,
        count(*) FILTER (WHERE p >= {t} AND person_id = true_person),
        count(*) FILTER (WHERE p >= {t} AND (true_person IS NULL OR person_id <> true_person)),
        count(*) FILTER (WHERE true_person IS NOT NULL
                         AND (p IS NULL OR p < {t} OR person_id <> true_person)),
        count(*) FILTER (WHERE (CASE WHEN p >= {t} THEN person_id END)
                         IS NOT DISTINCT FROM true_person),
        count(*)
        FROM scored GROUP BY kind""").fetchall()}
def f1(kinds):
    tp, fp, fn = (sum(v[i] for v in kinds.values()) for i in range(3))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0
half = per_kind(0.5)
grid = [t / 100 for t in range(1, 100)] + [0.995, 0.999, 0.9995, 0.9999, 0.99999]
best_t = max(grid, key=lambda t: f1(per_kind(t)))
print(json.dumps({
    "wall_s": wall, "cpu_s": cpu, "load_s": t_load - t0, "train_s": t_train - t_load,
    "predict_s": t_predict - t_train, "best_s": t0 + wall - t_predict, "pairs": pairs,
    "peak_rss_kib": peak_kib(),
    "half": half, "best_threshold": best_t, "best": per_kind(best_t),
    "splink": splink.__version__, "duckdb": duckdb.__version__}))
"#;

/// Figures of one Splink run.
#[derive(Debug, Clone)]
pub struct SplinkRun {
    /// Files to best links.
    pub wall: Duration,
    /// CPU time of the Python process.
    pub cpu: Duration,
    /// Loading the files into DuckDB tables.
    pub load: Duration,
    /// Training (λ, u, two EM passes).
    pub train: Duration,
    /// `predict` (blocking and scoring the pairs).
    pub predict: Duration,
    /// Picking each entry's best link.
    pub best: Duration,
    /// Pairs scored above 0.01.
    pub pairs: u64,
    /// Peak resident memory of the Python process (KiB).
    pub peak_rss_kib: u64,
    /// Scores at match probability ≥ 0.5.
    pub at_half: Scores,
    /// The threshold on the grid with the best F1 over all entries, and its scores.
    pub best_threshold: (f64, Scores),
    /// Splink's and DuckDB's versions.
    pub versions: String,
}

/// Scores from the script's `{kind: [tp, fp, fn, right, total]}`.
fn scores_of(value: Option<&serde_json::Value>) -> Result<Scores> {
    let kinds = value
        .and_then(serde_json::Value::as_object)
        .context("no per-kind scores from Splink")?;
    let mut scores = Scores::default();
    for (code, v) in kinds {
        let n = |i: usize| v.get(i).and_then(serde_json::Value::as_u64).unwrap_or(0);
        if let Some(kind) = Planted::from_code(code)
            && let Some(slot) = scores.per_kind.get_mut(kind.index())
        {
            *slot = KindScore {
                counts: Counts {
                    tp: n(0),
                    fp: n(1),
                    fn_: n(2),
                },
                right: n(3),
                total: n(4),
            };
        }
    }
    Ok(scores)
}

/// Runs Splink on `threads` DuckDB threads.
pub fn run(
    python: &str,
    dir: &Path,
    registry: &Path,
    roster: &Path,
    labels: &Path,
    threads: usize,
) -> Result<SplinkRun> {
    let value = run_python(
        python,
        dir,
        "splink_link.py",
        SCRIPT,
        &[
            registry.display().to_string(),
            roster.display().to_string(),
            labels.display().to_string(),
            threads.to_string(),
        ],
    )?;
    let text = |key: &str| {
        value
            .get(key)
            .and_then(serde_json::Value::as_str)
            .unwrap_or("?")
    };
    Ok(SplinkRun {
        wall: seconds(&value, "wall_s")?,
        cpu: seconds(&value, "cpu_s")?,
        load: seconds(&value, "load_s")?,
        train: seconds(&value, "train_s")?,
        predict: seconds(&value, "predict_s")?,
        best: seconds(&value, "best_s")?,
        pairs: value
            .get("pairs")
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0),
        peak_rss_kib: value
            .get("peak_rss_kib")
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0),
        at_half: scores_of(value.get("half"))?,
        best_threshold: (
            value
                .get("best_threshold")
                .and_then(serde_json::Value::as_f64)
                .unwrap_or(0.0),
            scores_of(value.get("best"))?,
        ),
        versions: format!("splink {}, duckdb {}", text("splink"), text("duckdb")),
    })
}
