//! Forward-only migrations, one directory per backend, embedded in the binary.

use sqlx::migrate::Migrator;

use crate::db::{Backend, Db};
use crate::error::StoreError;
use crate::reference::{self, ReferenceCounts};

static SQLITE: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES: Migrator = sqlx::migrate!("./migrations/postgres");

/// Applies every pending migration, then loads the reference regions if they are missing.
pub async fn run(db: &Db) -> Result<ReferenceCounts, StoreError> {
    match db {
        Db::Sqlite(pool) => migrator(Backend::Sqlite).run(pool).await?,
        Db::Postgres(pool) => migrator(Backend::Postgres).run(pool).await?,
    }
    reference::load_regions(db).await
}

/// Applies the pending migrations up to `version` only, without the reference regions: for tests
/// of a migration on rows written under the schema before it.
pub async fn run_to(db: &Db, version: i64) -> Result<(), StoreError> {
    match db {
        Db::Sqlite(pool) => migrator(Backend::Sqlite).run_to(version, pool).await?,
        Db::Postgres(pool) => migrator(Backend::Postgres).run_to(version, pool).await?,
    }
    Ok(())
}

fn migrator(backend: Backend) -> &'static Migrator {
    match backend {
        Backend::Sqlite => &SQLITE,
        Backend::Postgres => &POSTGRES,
    }
}

/// Versions of the migrations this binary knows, oldest first.
pub fn known_versions(backend: Backend) -> Vec<i64> {
    migrator(backend).iter().map(|m| m.version).collect()
}

/// A hash of every migration's version and checksum: changes whenever the schema does.
pub fn fingerprint(backend: Backend) -> u64 {
    // FNV-1a: stable across builds and platforms, unlike `DefaultHasher`.
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    for migration in migrator(backend).iter() {
        for byte in migration
            .version
            .to_le_bytes()
            .iter()
            .chain(migration.checksum.iter())
        {
            hash = (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// Versions recorded as applied in the database, oldest first.
pub async fn applied_versions(db: &Db) -> Result<Vec<i64>, StoreError> {
    let rows: Vec<(i64,)> = db
        .fetch_all(
            "SELECT version FROM _sqlx_migrations WHERE success ORDER BY version",
            &[],
        )
        .await?;
    Ok(rows.into_iter().map(|(v,)| v).collect())
}
