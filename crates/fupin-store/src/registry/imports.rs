//! The log of registry imports (`registry_imports`): each first load or update, its effective date,
//! who made it for which region, and what it changed. It holds counts only, never personal data.

use time::{Date, OffsetDateTime};

use crate::db::{Backend, Db, Tx, Value};
use crate::error::StoreError;

/// What an import changed, person by person. Every person of the file is counted once (added,
/// changed, exited, deceased or unchanged); `removed` counts persons of the region absent from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportCounts {
    /// Persons new to the registry.
    pub added: i64,
    /// Persons whose status, exit year or village changed, other than an exit or a death.
    pub changed: i64,
    /// Persons who became lifted out of poverty (已脱贫…) from another status.
    pub exited: i64,
    /// Persons the file marks 已死亡/注销 who were not before.
    pub deceased: i64,
    /// Persons of the region absent from the file, now marked 已死亡/注销.
    pub removed: i64,
    /// Persons of the file found as registered.
    pub unchanged: i64,
}

/// An import being recorded.
#[derive(Debug, Clone)]
pub struct NewImport<'a> {
    /// When it ran.
    pub imported_at: OffsetDateTime,
    /// The date from which its states hold.
    pub effective: Date,
    /// File name as given.
    pub file_name: &'a str,
    /// Who ran it.
    pub actor_name: &'a str,
    /// The region it covered (`""` for the whole country).
    pub region_code: &'a str,
}

/// Serializes registry imports: an update compares the file with the registry as read at its start,
/// so no other import may change it meanwhile. Call it as the first statement of the importing
/// transaction (on SQLite a write takes the database's write lock, which a transaction that only
/// read so far could fail to upgrade to; on PostgreSQL an advisory lock, which plain reads of the
/// registry do not wait for).
pub async fn lock_for_import(tx: &mut Tx) -> Result<(), StoreError> {
    match tx.backend() {
        Backend::Sqlite => {
            tx.execute("UPDATE registry_imports SET id = id WHERE id = -1", &[])
                .await?;
        }
        Backend::Postgres => {
            // Held until the transaction ends; the key is arbitrary but fixed (and differs from
            // the audit log's).
            tx.fetch_optional::<(i32,)>(
                "SELECT 1 FROM (SELECT pg_advisory_xact_lock(20131103)) AS l",
                &[],
            )
            .await?;
        }
    }
    Ok(())
}

/// Records an import with zero counts (so history rows can name it) and returns its id; set the
/// counts with [`finish_import`] in the same transaction.
pub async fn begin_import(tx: &mut Tx, import: &NewImport<'_>) -> Result<i64, StoreError> {
    tx.fetch_i64(
        "INSERT INTO registry_imports (imported_at, effective, file_name, actor_name, region_code) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
        &[
            Value::from(import.imported_at),
            Value::from(import.effective),
            Value::from(import.file_name),
            Value::from(import.actor_name),
            Value::from(import.region_code),
        ],
    )
    .await
}

/// Stores what import `id` changed.
pub async fn finish_import(tx: &mut Tx, id: i64, counts: &ImportCounts) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE registry_imports SET added = $1, changed = $2, exited = $3, deceased = $4, \
         removed = $5, unchanged = $6 WHERE id = $7",
        &[
            Value::from(counts.added),
            Value::from(counts.changed),
            Value::from(counts.exited),
            Value::from(counts.deceased),
            Value::from(counts.removed),
            Value::from(counts.unchanged),
            Value::from(id),
        ],
    )
    .await?;
    Ok(())
}

/// The latest effective date of any import (read inside the importing transaction).
pub async fn latest_effective(tx: &mut Tx) -> Result<Option<Date>, StoreError> {
    let row: Option<(Date,)> = tx
        .fetch_optional(
            "SELECT effective FROM registry_imports ORDER BY effective DESC LIMIT 1",
            &[],
        )
        .await?;
    Ok(row.map(|(date,)| date))
}

/// A recorded import.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ImportRow {
    /// Id.
    pub id: i64,
    /// When it ran.
    pub imported_at: OffsetDateTime,
    /// The date from which its states hold.
    pub effective: Date,
    /// File name as given.
    pub file_name: String,
    /// Who ran it.
    pub actor_name: String,
    /// The region it covered (`""` for the whole country).
    pub region_code: String,
    /// Persons added.
    pub added: i64,
    /// Persons changed (other than exits and deaths).
    pub changed: i64,
    /// Persons who exited poverty.
    pub exited: i64,
    /// Persons marked deceased by the file.
    pub deceased: i64,
    /// Persons absent from the file, marked removed.
    pub removed: i64,
    /// Persons unchanged.
    pub unchanged: i64,
}

/// The latest `limit` imports that touched the region `prefix` (`""`: all): those of the region or
/// inside it, and those of a region containing it, newest first.
pub async fn imports_touching(
    db: &Db,
    prefix: &str,
    limit: i64,
) -> Result<Vec<ImportRow>, StoreError> {
    db.fetch_all(
        "SELECT id, imported_at, effective, file_name, actor_name, region_code, added, changed, \
         exited, deceased, removed, unchanged FROM registry_imports \
         WHERE CAST($1 AS TEXT) = '' OR region_code = '' \
            OR substr(region_code, 1, length(CAST($1 AS TEXT))) = CAST($1 AS TEXT) \
            OR substr(CAST($1 AS TEXT), 1, length(region_code)) = region_code \
         ORDER BY id DESC LIMIT $2",
        &[Value::from(prefix), Value::from(limit)],
    )
    .await
}
