//! The same data set on PostgreSQL as on SQLite: the loaders differ (`COPY` in large batches
//! against multi-row `INSERT`s), the rows, their order and so their generated ids must not.

use fupin_store::{Db, Record};

use super::{keys, options};

/// Every row of `sql` on both databases, compared after sorting in Rust (the engines may order
/// text differently; each row holds its id or key, so the sorted lists compare like the tables).
async fn same<R: Record + PartialOrd + std::fmt::Debug>(
    sqlite: &Db,
    postgres: &Db,
    sql: &'static str,
) {
    let mut a: Vec<R> = sqlite.fetch_all(sql, &[]).await.unwrap();
    let mut b: Vec<R> = postgres.fetch_all(sql, &[]).await.unwrap();
    for rows in [&mut a, &mut b] {
        rows.sort_by(|x, y| x.partial_cmp(y).unwrap_or(std::cmp::Ordering::Equal));
    }
    assert!(!a.is_empty(), "{sql}: no rows");
    assert_eq!(a.len(), b.len(), "{sql}: row counts differ");
    assert!(a == b, "{sql}: rows differ");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_gets_the_same_rows_as_sqlite() {
    let Some(pg) = fupin_store::testing::postgres().await else {
        return;
    };
    let lite = fupin_store::testing::sqlite().await;
    let dir = tempfile::tempdir().unwrap();
    let keys = keys();
    let on_sqlite = fupin_demo::generate(&lite.db, &keys, &options(&dir.path().join("a.csv")))
        .await
        .unwrap();
    let on_postgres = fupin_demo::generate(&pg.db, &keys, &options(&dir.path().join("b.csv")))
        .await
        .unwrap();
    assert_eq!(on_sqlite.faults, on_postgres.faults);
    assert_eq!(on_sqlite.anomalies, on_postgres.anomalies);
    assert_eq!(
        std::fs::read(dir.path().join("a.csv")).unwrap(),
        std::fs::read(dir.path().join("b.csv")).unwrap()
    );
    let (a, b) = (&lite.db, &pg.db);
    same::<(i64, String, String, String)>(
        a,
        b,
        "SELECT id, credit_code, name, region_code FROM organizations ORDER BY id",
    )
    .await;
    same::<(i64, i64, String, String, String, i32)>(
        a,
        b,
        "SELECT id, organization_id, title, description, status, year FROM activities ORDER BY id",
    )
    .await;
    same::<(i64, String, i32, String)>(
        a,
        b,
        "SELECT activity_id, region_code, share_bp, province_code FROM activity_locations",
    )
    .await;
    same::<(i64, i64, String, i64, String)>(
        a,
        b,
        "SELECT id, activity_id, kind, amount_fen, funding_source FROM activity_transactions ORDER BY id",
    )
    .await;
    same::<(i64, String, i64, i64)>(
        a,
        b,
        "SELECT activity_id, category, households, persons FROM activity_beneficiaries",
    )
    .await;
    same::<(i64, i64, String, Option<f64>, Option<f64>)>(
        a,
        b,
        "SELECT id, activity_id, code, target, actual FROM activity_indicators ORDER BY id",
    )
    .await;
    same::<(i64, String, String, String)>(
        a,
        b,
        "SELECT id, household_no, village_code, status FROM registry_households ORDER BY id",
    )
    .await;
    same::<(i64, i64, String, Vec<u8>, String)>(
        a,
        b,
        "SELECT id, household_id, name, id_hash, id_masked FROM registry_persons ORDER BY id",
    )
    .await;
    same::<(i64, i64, i32, String, Option<Vec<u8>>, i64)>(
        a,
        b,
        "SELECT id, activity_id, row_no, name, id_hash, aid_fen FROM roster_entries ORDER BY id",
    )
    .await;
}
