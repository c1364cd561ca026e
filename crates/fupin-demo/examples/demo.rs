//! Generates the demo data set into a fresh SQLite file and prints what was written.
//!
//! `cargo run --release -p fupin-demo --example demo -- [scale] [path] [--csv out.csv]`
//! (defaults: scale 1, a temporary file).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::time::Instant;

use fupin_app::PiiKeys;
use fupin_demo::{DemoOptions, generate, write_registry_csv_with};
use fupin_store::{ConnectOptions, Db};

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let scale: u32 = args.first().and_then(|s| s.parse().ok()).unwrap_or(1);
    let dir = tempfile::tempdir().unwrap();
    let path = args
        .get(1)
        .filter(|a| !a.starts_with("--"))
        .cloned()
        .unwrap_or_else(|| dir.path().join("demo.db").display().to_string());
    let csv = args
        .iter()
        .position(|a| a == "--csv")
        .and_then(|i| args.get(i + 1))
        .cloned();
    // DEMO_CONNECTIONS: pool size (default 8, the platform's default).
    let max_connections = std::env::var("DEMO_CONNECTIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8);
    let connect = ConnectOptions {
        max_connections,
        ..ConnectOptions::default()
    };
    let db = Db::connect(&format!("sqlite://{path}"), &connect)
        .await
        .unwrap();
    fupin_store::migrate::run(&db).await.unwrap();
    let keys = PiiKeys::from_hex(&"ab".repeat(64)).unwrap();
    let mut options = DemoOptions::new(scale, fupin_demo::DEFAULT_SEED);
    options.progress = true;
    options.manifest_path = Some(dir.path().join("faults.csv"));
    let summary = generate(&db, &keys, &options).await.unwrap();
    println!("{summary:#?}");
    if let Some(csv) = csv {
        let started = Instant::now();
        let persons = write_registry_csv_with(&db, csv.as_ref(), &options)
            .await
            .unwrap();
        println!("registry CSV: {persons} persons in {:?}", started.elapsed());
    }
    db.close().await;
}
