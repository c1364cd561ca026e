//! Test databases for the conformance suite and every crate's tests (feature `testing`).
//!
//! * SQLite: a migrated database file in a temporary directory.
//! * PostgreSQL: a fresh database cloned from a migrated template, when `FUPIN_TEST_POSTGRES_URL`
//!   names a server (e.g. `postgres://postgres@127.0.0.1:5432/postgres`). Without it the PostgreSQL
//!   half of a test is skipped, except under CI (`CI=true`), where a missing server is a failure.
//!
//! Use [`conformance!`](crate::conformance) to run one async test body on both backends.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::{Connection, Executor, PgConnection};

use crate::db::{Backend, ConnectOptions, Db};
use crate::error::StoreError;
use crate::migrate;

/// Environment variable naming the PostgreSQL server for tests.
pub const POSTGRES_ENV: &str = "FUPIN_TEST_POSTGRES_URL";

/// A database that lives as long as the test.
pub struct TestDb {
    /// The pool.
    pub db: Db,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

/// A fresh migrated SQLite database.
pub async fn sqlite() -> TestDb {
    let test_db = sqlite_empty().await;
    migrate::run(&test_db.db).await.unwrap();
    test_db
}

/// A fresh SQLite database with the migrations up to `version` only: to test a migration on
/// rows written under the schema before it.
pub async fn sqlite_at(version: i64) -> TestDb {
    let test_db = sqlite_empty().await;
    migrate::run_to(&test_db.db, version).await.unwrap();
    test_db
}

async fn sqlite_empty() -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("fupin.db").display());
    let db = Db::connect(&url, &ConnectOptions::default()).await.unwrap();
    TestDb {
        db,
        cleanup: Cleanup::Sqlite(dir),
    }
}

/// A fresh migrated PostgreSQL database, or `None` when no server is configured outside CI.
pub async fn postgres() -> Option<TestDb> {
    let admin_url = postgres_server()?;
    let template = ensure_template(&admin_url).await.unwrap();
    Some(postgres_database(admin_url, &format!(" TEMPLATE {template}")).await)
}

/// A fresh PostgreSQL database with the migrations up to `version` only (see [`sqlite_at`]), or
/// `None` when no server is configured outside CI.
pub async fn postgres_at(version: i64) -> Option<TestDb> {
    let test_db = postgres_database(postgres_server()?, "").await;
    migrate::run_to(&test_db.db, version).await.unwrap();
    Some(test_db)
}

/// The server of [`POSTGRES_ENV`]; `None` (the PostgreSQL half skipped) only outside CI.
fn postgres_server() -> Option<String> {
    match std::env::var(POSTGRES_ENV) {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("{POSTGRES_ENV} is not set: under CI the PostgreSQL suite must run")
        }
        _ => {
            eprintln!("skipping the PostgreSQL half: {POSTGRES_ENV} is not set");
            None
        }
    }
}

/// A new database on the server of `admin_url`, created with `options` (e.g. its template).
async fn postgres_database(admin_url: String, options: &str) -> TestDb {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = format!(
        "fupin_t_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        time::OffsetDateTime::now_utc().unix_timestamp_nanos() % 1_000_000_000
    );
    let mut admin = PgConnection::connect(&admin_url).await.unwrap();
    admin
        .execute(sqlx::AssertSqlSafe(format!(
            "CREATE DATABASE {name}{options}"
        )))
        .await
        .unwrap();
    admin.close().await.unwrap();
    let db = Db::connect(&database_url(&admin_url, &name), &ConnectOptions::default())
        .await
        .unwrap();
    TestDb {
        db,
        cleanup: Cleanup::Postgres { admin_url, name },
    }
}

/// Creates (once per migration set, across processes) a migrated template database.
async fn ensure_template(admin_url: &str) -> Result<String, StoreError> {
    let template = format!("fupin_tpl_{:016x}", migrate::fingerprint(Backend::Postgres));
    let mut admin = PgConnection::connect(admin_url).await?;
    admin.execute("SELECT pg_advisory_lock(727172)").await?;
    let exists: Option<(i32,)> = sqlx::query_as("SELECT 1 FROM pg_database WHERE datname = $1")
        .bind(&template)
        .fetch_optional(&mut admin)
        .await?;
    if exists.is_none() {
        admin
            .execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {template}")))
            .await?;
        let db = Db::connect(
            &database_url(admin_url, &template),
            &ConnectOptions::default(),
        )
        .await?;
        migrate::run(&db).await?;
        db.close().await;
    }
    admin.execute("SELECT pg_advisory_unlock(727172)").await?;
    admin.close().await?;
    Ok(template)
}

/// The same server URL with another database name.
fn database_url(admin_url: &str, name: &str) -> String {
    let (base, query) = match admin_url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (admin_url, String::new()),
    };
    let server = match base.rfind('/') {
        Some(i) if base[..i].ends_with('/') => base.to_owned(), // no database part: "postgres://host"
        Some(i) => base[..i].to_owned(),
        None => base.to_owned(),
    };
    format!("{server}/{name}{query}")
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Cleanup::Postgres { admin_url, name } = &self.cleanup {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            // Drop runs inside the test's runtime; a separate thread with its own runtime may block.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async move {
                    if let Ok(mut admin) = PgConnection::connect(&admin_url).await {
                        let _ = admin
                            .execute(sqlx::AssertSqlSafe(format!(
                                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                            )))
                            .await;
                    }
                });
            })
            .join();
        }
    }
}

/// Runs an `async fn(Db)` test body on SQLite and on PostgreSQL, as two tests named
/// `<name>::sqlite` and `<name>::postgres`.
#[macro_export]
macro_rules! conformance {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let test_db = $crate::testing::sqlite().await;
                super::$name(test_db.db.clone()).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(test_db) = $crate::testing::postgres().await {
                    super::$name(test_db.db.clone()).await;
                }
            }
        }
    )+};
}
