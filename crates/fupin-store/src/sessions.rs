//! Sign-in sessions. The cookie carries a random token; only its SHA-256 is stored here.

use time::OffsetDateTime;

use crate::db::{Db, Tx, Value};
use crate::error::StoreError;

/// A session to open.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// SHA-256 of the cookie token.
    pub token_hash: Vec<u8>,
    /// Signed-in user.
    pub user_id: i64,
    /// The token forms must echo (synchronizer token against CSRF).
    pub csrf_token: String,
    /// What the session still lacks: `totp`, `enrol`, `password` or `full`.
    pub stage: String,
    /// Client address at sign-in.
    pub source_addr: String,
}

/// A stored session.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SessionRow {
    /// Signed-in user.
    pub user_id: i64,
    /// CSRF token.
    pub csrf_token: String,
    /// Stage code.
    pub stage: String,
    /// Opened at (the absolute timeout counts from here).
    pub created_at: OffsetDateTime,
    /// Last request (the idle timeout counts from here).
    pub last_seen_at: OffsetDateTime,
}

/// Opens a session.
pub async fn insert(
    tx: &mut Tx,
    session: &NewSession,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, stage, created_at, last_seen_at, source_addr) \
         VALUES ($1, $2, $3, $4, $5, $5, $6)",
        &[
            Value::from(session.token_hash.clone()),
            Value::from(session.user_id),
            Value::from(session.csrf_token.as_str()),
            Value::from(session.stage.as_str()),
            Value::from(now),
            Value::from(session.source_addr.as_str()),
        ],
    )
    .await?;
    Ok(())
}

/// The session with this token hash.
pub async fn get(db: &Db, token_hash: &[u8]) -> Result<Option<SessionRow>, StoreError> {
    db.fetch_optional(
        "SELECT user_id, csrf_token, stage, created_at, last_seen_at FROM sessions WHERE token_hash = $1",
        &[Value::from(token_hash.to_vec())],
    )
    .await
}

/// Records activity on a session.
pub async fn touch(db: &Db, token_hash: &[u8], now: OffsetDateTime) -> Result<(), StoreError> {
    db.execute(
        "UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1",
        &[Value::from(token_hash.to_vec()), Value::from(now)],
    )
    .await?;
    Ok(())
}

/// Moves a session to another stage.
pub async fn set_stage(tx: &mut Tx, token_hash: &[u8], stage: &str) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE sessions SET stage = $2 WHERE token_hash = $1",
        &[Value::from(token_hash.to_vec()), Value::from(stage)],
    )
    .await?;
    Ok(())
}

/// Ends a session.
pub async fn delete(tx: &mut Tx, token_hash: &[u8]) -> Result<(), StoreError> {
    tx.execute(
        "DELETE FROM sessions WHERE token_hash = $1",
        &[Value::from(token_hash.to_vec())],
    )
    .await?;
    Ok(())
}

/// Ends every session of a user (password reset, deactivation, role change).
pub async fn delete_for_user(tx: &mut Tx, user_id: i64) -> Result<u64, StoreError> {
    tx.execute(
        "DELETE FROM sessions WHERE user_id = $1",
        &[Value::from(user_id)],
    )
    .await
}

/// Removes sessions idle since before `idle_before` or opened before `opened_before`.
pub async fn delete_expired(
    db: &Db,
    idle_before: OffsetDateTime,
    opened_before: OffsetDateTime,
) -> Result<u64, StoreError> {
    db.execute(
        "DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2",
        &[Value::from(idle_before), Value::from(opened_before)],
    )
    .await
}
