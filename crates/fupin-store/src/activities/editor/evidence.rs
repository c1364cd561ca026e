//! Evidence files: metadata per activity version, the bytes once per SHA-256 in `evidence_blobs`.

use time::OffsetDateTime;

use crate::db::{Tx, Value};
use crate::error::StoreError;

/// An evidence file's metadata.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EvidenceRow {
    /// Id.
    pub id: i64,
    /// File name as uploaded.
    pub file_name: String,
    /// MIME type, from the checked content.
    pub content_type: String,
    /// Size.
    pub size_bytes: i64,
    /// SHA-256, lowercase hex.
    pub sha256: String,
    /// Uploaded.
    pub uploaded_at: OffsetDateTime,
}

/// A file to attach.
#[derive(Debug, Clone, Copy)]
pub struct NewEvidence<'a> {
    /// Activity version.
    pub activity_id: i64,
    /// File name.
    pub file_name: &'a str,
    /// MIME type.
    pub content_type: &'a str,
    /// SHA-256, lowercase hex.
    pub sha256: &'a str,
    /// The bytes.
    pub content: &'a [u8],
}

/// Stores the bytes (unless a file with the same hash is already kept) and attaches the file.
pub async fn insert(
    tx: &mut Tx,
    file: NewEvidence<'_>,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    tx.execute(
        "INSERT INTO evidence_blobs (sha256, content) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING",
        &[Value::from(file.sha256), Value::from(file.content.to_vec())],
    )
    .await?;
    let size = i64::try_from(file.content.len()).unwrap_or(i64::MAX);
    tx.fetch_i64(
        "INSERT INTO evidence_files (activity_id, file_name, content_type, size_bytes, sha256, \
         uploaded_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        &[
            Value::from(file.activity_id),
            Value::from(file.file_name),
            Value::from(file.content_type),
            Value::from(size),
            Value::from(file.sha256),
            Value::from(now),
        ],
    )
    .await
}

/// The files of version `activity_id`, in upload order.
pub async fn list(tx: &mut Tx, activity_id: i64) -> Result<Vec<EvidenceRow>, StoreError> {
    tx.fetch_all(
        "SELECT id, file_name, content_type, size_bytes, sha256, uploaded_at FROM evidence_files \
         WHERE activity_id = $1 ORDER BY id",
        &[Value::from(activity_id)],
    )
    .await
}

/// One file of version `activity_id` with its bytes.
pub async fn content(
    tx: &mut Tx,
    activity_id: i64,
    file_id: i64,
) -> Result<Option<(EvidenceRow, Vec<u8>)>, StoreError> {
    let row: Option<EvidenceRow> = tx
        .fetch_optional(
            "SELECT id, file_name, content_type, size_bytes, sha256, uploaded_at FROM evidence_files \
             WHERE activity_id = $1 AND id = $2",
            &[Value::from(activity_id), Value::from(file_id)],
        )
        .await?;
    let Some(row) = row else { return Ok(None) };
    let (bytes,): (Vec<u8>,) = tx
        .fetch_one(
            "SELECT content FROM evidence_blobs WHERE sha256 = $1",
            &[Value::from(row.sha256.as_str())],
        )
        .await?;
    Ok(Some((row, bytes)))
}

/// Removes a file from version `activity_id` (the bytes stay: other files may share them).
pub async fn remove(tx: &mut Tx, activity_id: i64, file_id: i64) -> Result<bool, StoreError> {
    Ok(tx
        .execute(
            "DELETE FROM evidence_files WHERE activity_id = $1 AND id = $2",
            &[Value::from(activity_id), Value::from(file_id)],
        )
        .await?
        == 1)
}

/// Attaches every file of version `from` to version `to` (a correction starts with its evidence).
pub async fn copy(tx: &mut Tx, from: i64, to: i64) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO evidence_files (activity_id, file_name, content_type, size_bytes, sha256, \
         uploaded_at) SELECT $2, file_name, content_type, size_bytes, sha256, uploaded_at \
         FROM evidence_files WHERE activity_id = $1 ORDER BY id",
        &[Value::from(from), Value::from(to)],
    )
    .await?;
    Ok(())
}
