//! The audit log's storage. Entries are chained by hashes computed in the service layer; this
//! module appends them in order and reads them back for verification.

use time::OffsetDateTime;

use crate::db::{Backend, Db, Tx, Value};
use crate::error::StoreError;

/// An audit entry as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditRow {
    /// Sequence number.
    pub id: i64,
    /// When.
    pub at: OffsetDateTime,
    /// Acting user id, if signed in.
    pub actor_id: Option<i64>,
    /// Acting user's name (or `anonymous`, `system`).
    pub actor_name: String,
    /// What was done.
    pub action: String,
    /// Kind of the target record.
    pub target_kind: String,
    /// Id of the target record.
    pub target_id: String,
    /// `ok`, `denied` or `failed`.
    pub outcome: String,
    /// Client address.
    pub source_addr: String,
    /// Free-form detail (never personal data).
    pub detail: String,
    /// Hash of the previous entry.
    pub prev_hash: Vec<u8>,
    /// Hash of this entry.
    pub hash: Vec<u8>,
}

/// Id and hash of the newest entry, if any (read inside the appending transaction, after
/// [`lock_for_append`]).
pub async fn last(tx: &mut Tx) -> Result<Option<(i64, Vec<u8>)>, StoreError> {
    tx.fetch_optional(
        "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
        &[],
    )
    .await
}

/// Appends an entry whose id and hashes the caller computed (the id is part of what is hashed).
pub async fn insert(tx: &mut Tx, row: &AuditRow) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO audit_log (id, at, actor_id, actor_name, action, target_kind, target_id, outcome, \
         source_addr, detail, prev_hash, hash) VALUES ($12, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        &[
            Value::from(row.at),
            Value::from(row.actor_id),
            Value::from(row.actor_name.as_str()),
            Value::from(row.action.as_str()),
            Value::from(row.target_kind.as_str()),
            Value::from(row.target_id.as_str()),
            Value::from(row.outcome.as_str()),
            Value::from(row.source_addr.as_str()),
            Value::from(row.detail.as_str()),
            Value::from(row.prev_hash.clone()),
            Value::from(row.hash.clone()),
            Value::from(row.id),
        ],
    )
    .await?;
    Ok(())
}

/// Entries with ids above `after`, oldest first, at most `limit`.
pub async fn page(db: &Db, after: i64, limit: i64) -> Result<Vec<AuditRow>, StoreError> {
    db.fetch_all(
        "SELECT id, at, actor_id, actor_name, action, target_kind, target_id, outcome, source_addr, \
         detail, prev_hash, hash FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2",
        &[Value::from(after), Value::from(limit)],
    )
    .await
}

/// Serializes appends: the chain needs each entry to see the one before it. Call it as the first
/// statement of the appending transaction (on SQLite any write takes the database's write lock,
/// which a transaction that only read so far could fail to upgrade to).
pub async fn lock_for_append(tx: &mut Tx) -> Result<(), StoreError> {
    match tx.backend() {
        Backend::Sqlite => {
            tx.execute("UPDATE audit_log SET id = id WHERE id = -1", &[])
                .await?;
        }
        Backend::Postgres => {
            // Held until the transaction ends; the key is arbitrary but fixed.
            tx.fetch_optional::<(i32,)>(
                "SELECT 1 FROM (SELECT pg_advisory_xact_lock(20171204)) AS l",
                &[],
            )
            .await?;
        }
    }
    Ok(())
}

/// What the auditor searches for; empty strings and `None` match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Part of the acting user's name.
    pub actor: String,
    /// Action, or its prefix (`user.` finds every account action).
    pub action: String,
    /// Target id, exactly.
    pub target_id: String,
    /// `ok`, `denied` or `failed`.
    pub outcome: String,
    /// From this time on.
    pub from: Option<OffsetDateTime>,
    /// Before this time.
    pub until: Option<OffsetDateTime>,
}

macro_rules! filtered {
    ($head:literal, $tail:literal) => {
        concat!(
            $head,
            " FROM audit_log WHERE ($1 = '' OR LOWER(actor_name) LIKE $7 ESCAPE '\\') \
             AND ($2 = '' OR action = $2 OR action LIKE $8 ESCAPE '\\') \
             AND ($3 = '' OR target_id = $3) AND ($4 = '' OR outcome = $4) \
             AND ($5 IS NULL OR at >= $5) AND ($6 IS NULL OR at < $6) ",
            $tail
        )
    };
}

fn filter_params(filter: &AuditFilter) -> Vec<Value> {
    vec![
        Value::from(filter.actor.as_str()),
        Value::from(filter.action.as_str()),
        Value::from(filter.target_id.as_str()),
        Value::from(filter.outcome.as_str()),
        Value::from(filter.from),
        Value::from(filter.until),
        Value::from(crate::search::contains_pattern(&filter.actor)),
        Value::from(format!("{}%", crate::search::escape_like(&filter.action))),
    ]
}

/// Entries matching `filter`, newest first.
pub async fn search(
    db: &Db,
    filter: &AuditFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<AuditRow>, StoreError> {
    let mut params = filter_params(filter);
    params.extend([Value::from(limit), Value::from(offset)]);
    db.fetch_all(
        filtered!(
            "SELECT id, at, actor_id, actor_name, action, target_kind, target_id, outcome, \
             source_addr, detail, prev_hash, hash",
            "ORDER BY id DESC LIMIT $9 OFFSET $10"
        ),
        &params,
    )
    .await
}

/// How many entries match `filter`.
pub async fn count(db: &Db, filter: &AuditFilter) -> Result<i64, StoreError> {
    db.fetch_i64(filtered!("SELECT COUNT(*)", ""), &filter_params(filter))
        .await
}

/// The entry with this id.
pub async fn get(db: &Db, id: i64) -> Result<Option<AuditRow>, StoreError> {
    db.fetch_optional(
        "SELECT id, at, actor_id, actor_name, action, target_kind, target_id, outcome, source_addr, \
         detail, prev_hash, hash FROM audit_log WHERE id = $1",
        &[Value::from(id)],
    )
    .await
}

/// Deletes the entries up to and including `last_id` (the service layer enforces the retention).
pub async fn purge_through(tx: &mut Tx, last_id: i64) -> Result<u64, StoreError> {
    tx.execute(
        "DELETE FROM audit_log WHERE id <= $1",
        &[Value::from(last_id)],
    )
    .await
}
