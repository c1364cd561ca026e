//! The audit log's storage. Entries are chained by hashes computed in the service layer; this
//! module appends them in order and reads them back for verification.

use time::OffsetDateTime;

use crate::db::{Db, Tx, Value};
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

/// Hash of the newest entry, if any (read inside the appending transaction).
pub async fn last_hash(tx: &mut Tx) -> Result<Option<Vec<u8>>, StoreError> {
    let row: Option<(Vec<u8>,)> = tx
        .fetch_optional("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1", &[])
        .await?;
    Ok(row.map(|(h,)| h))
}

/// Appends an entry whose hashes the caller computed.
pub async fn insert(tx: &mut Tx, row: &AuditRow) -> Result<i64, StoreError> {
    tx.fetch_i64(
        "INSERT INTO audit_log (at, actor_id, actor_name, action, target_kind, target_id, outcome, \
         source_addr, detail, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
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
        ],
    )
    .await
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
