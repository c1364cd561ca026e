//! `fupin verify` as operators and scripts use it: counts per status at the end, `--json` for
//! machines, and `--resume` continuing a stopped run after its last stored batch.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::path::Path;
use std::process::{Command, Output};

use fupin_app::PiiKeys;
use fupin_demo::{DemoOptions, Sizes, generate};
use fupin_store::{ConnectOptions, Db, Value};

const KEY: &str = "ab";

fn fupin(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fupin"))
        .args(args)
        .current_dir(dir)
        .env_remove("FUPIN_DATABASE_URL")
        .env_remove("FUPIN_CONFIG")
        .env("FUPIN_PII_KEY", KEY.repeat(64))
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

async fn demo_world(dir: &Path) -> Db {
    let url = format!("sqlite://{}", dir.join("fupin.db").display());
    let db = Db::connect(&url, &ConnectOptions::default()).await.unwrap();
    fupin_store::migrate::run(&db).await.unwrap();
    let mut options = DemoOptions::new(1, 11);
    options.sizes = Some(Sizes {
        organizations: 60,
        activities: 300,
        registry_persons: 3_000,
        roster_entries: 1_500,
        registry_counties: 3,
    });
    generate(&db, &PiiKeys::from_hex(&KEY.repeat(64)).unwrap(), &options)
        .await
        .unwrap();
    db
}

fn json(output: &Output) -> serde_json::Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_prints_counts_and_resumes_a_stopped_run() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_world(dir.path()).await;
    let entries = db
        .fetch_i64("SELECT COUNT(*) FROM roster_entries", &[])
        .await
        .unwrap();

    // The table: one line per status, the counts adding up to every entry.
    let table = fupin(dir.path(), &["verify"]);
    assert!(
        table.status.success(),
        "{}",
        String::from_utf8_lossy(&table.stderr)
    );
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(text.contains("核对批次"), "{text}");
    let counted: i64 = text
        .lines()
        .filter_map(|l| l.split('\t').nth(2)?.parse::<i64>().ok())
        .sum();
    assert_eq!(counted, entries, "{text}");
    for status in [
        "verified",
        "not_in_registry",
        "invalid_id",
        "exited_before_service",
    ] {
        assert!(text.contains(status), "{status}: {text}");
    }

    // JSON for machines, with the same counts.
    let first = json(&fupin(dir.path(), &["verify", "--json"]));
    assert_eq!(first["entries"].as_i64().unwrap(), entries);
    assert_eq!(first["resumed"], false);
    let statuses = first["statuses"].as_object().unwrap();
    assert_eq!(
        statuses.values().map(|v| v.as_i64().unwrap()).sum::<i64>(),
        entries
    );
    assert!(statuses["not_in_registry"].as_i64().unwrap() > 0);

    // A run stopped halfway: its stored batches stand; --resume stores only the rest.
    let activities: Vec<(i64,)> = db
        .fetch_all(
            "SELECT DISTINCT activity_id FROM roster_entries ORDER BY activity_id",
            &[],
        )
        .await
        .unwrap();
    let middle = activities[activities.len() / 2].0;
    let done_before = db
        .fetch_i64(
            "SELECT COUNT(*) FROM roster_entries WHERE activity_id <= $1",
            &[Value::from(middle)],
        )
        .await
        .unwrap();
    db.execute(
        "INSERT INTO verification_runs (trigger_kind, scope_region, started_at, started_by, \
         entries_total, entries_done, last_activity_id) \
         VALUES ('bulk', '', '2026-11-29T00:00:00Z', 'test', $1, $2, $3)",
        &[
            Value::from(entries),
            Value::from(done_before),
            Value::from(middle),
        ],
    )
    .await
    .unwrap();
    let resumed = json(&fupin(dir.path(), &["verify", "--resume", "--json"]));
    assert_eq!(resumed["resumed"], true);
    assert_eq!(resumed["entries"].as_i64().unwrap(), entries - done_before);
    assert_eq!(
        resumed["statuses"], first["statuses"],
        "same verdicts in the end"
    );
    let unfinished = db
        .fetch_i64(
            "SELECT COUNT(*) FROM verification_runs WHERE finished_at IS NULL",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(unfinished, 0, "the resumed run finished");
    db.close().await;
}
