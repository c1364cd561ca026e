//! SQLite specifics: durability settings and the backend choice from URLs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use fupin_store::{Backend, Db, StoreError};

#[tokio::test]
async fn sqlite_runs_in_wal_with_full_sync_and_foreign_keys() {
    let test_db = fupin_store::testing::sqlite().await;
    let Db::Sqlite(pool) = &test_db.db else {
        panic!("expected SQLite")
    };
    let (mode,): (String,) = sqlx::query_as("PRAGMA journal_mode")
        .fetch_one(pool)
        .await
        .unwrap();
    let (sync,): (i64,) = sqlx::query_as("PRAGMA synchronous")
        .fetch_one(pool)
        .await
        .unwrap();
    let (fk,): (i64,) = sqlx::query_as("PRAGMA foreign_keys")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(
        (mode.as_str(), sync, fk),
        ("wal", 2, 1),
        "WAL, synchronous=FULL, foreign keys on"
    );
}

#[test]
fn the_backend_follows_the_url_scheme() {
    assert_eq!(
        Backend::from_url("sqlite://fupin.db").unwrap(),
        Backend::Sqlite
    );
    assert_eq!(Backend::from_url("fupin.db").unwrap(), Backend::Sqlite);
    assert_eq!(
        Backend::from_url("postgres://u@h/db").unwrap(),
        Backend::Postgres
    );
    assert_eq!(
        Backend::from_url("postgresql://u@h/db").unwrap(),
        Backend::Postgres
    );
    let err = Backend::from_url("mysql://u@h/db").unwrap_err();
    assert!(matches!(err, StoreError::UnknownScheme(ref s) if s == "mysql"));
    assert!(
        err.to_string().contains("mysql"),
        "the message names the scheme"
    );
}

#[tokio::test]
async fn foreign_keys_refuse_an_unknown_region() {
    let test_db = fupin_store::testing::sqlite().await;
    let err = test_db
        .db
        .execute(
            "INSERT INTO gov_units (kind, level, region_code, name) VALUES ('poverty_office', 'county', '999999', 'x')",
            &[],
        )
        .await;
    assert!(err.is_err());
}
