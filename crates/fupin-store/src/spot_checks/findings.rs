//! Findings of spot checks: what an inspector found on a drawn activity, with an optional
//! evidence file kept once per SHA-256 in `evidence_blobs` (as the activity evidence is).

use time::OffsetDateTime;

use crate::db::{Db, Tx, Value};
use crate::error::StoreError;

/// A finding to store.
#[derive(Debug, Clone)]
pub struct NewFinding {
    /// Round.
    pub round_id: i64,
    /// Drawn activity version.
    pub activity_id: i64,
    /// Its organization (whose record the finding joins).
    pub organization_id: i64,
    /// `confirmed`, `minor` or `serious`.
    pub outcome: String,
    /// What was found.
    pub note: String,
    /// SHA-256 of the evidence file, '' when none.
    pub evidence_sha256: String,
    /// Inspector's account (`None` from the command line).
    pub inspector_id: Option<i64>,
    /// Inspector's name.
    pub inspector_name: String,
    /// When.
    pub recorded_at: OffsetDateTime,
}

/// Stores a finding; returns its id.
pub async fn insert_finding(tx: &mut Tx, finding: &NewFinding) -> Result<i64, StoreError> {
    tx.fetch_i64(
        "INSERT INTO spot_check_findings (round_id, activity_id, organization_id, outcome, note, \
         evidence_sha256, inspector_id, inspector_name, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        &[
            Value::from(finding.round_id),
            Value::from(finding.activity_id),
            Value::from(finding.organization_id),
            Value::from(finding.outcome.as_str()),
            Value::from(finding.note.as_str()),
            Value::from(finding.evidence_sha256.as_str()),
            Value::from(finding.inspector_id),
            Value::from(finding.inspector_name.as_str()),
            Value::from(finding.recorded_at),
        ],
    )
    .await
}

/// Keeps the bytes of an evidence file under its SHA-256 (once: an equal file is kept already).
pub async fn store_evidence_blob(
    tx: &mut Tx,
    sha256: &str,
    content: &[u8],
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO evidence_blobs (sha256, content) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING",
        &[Value::from(sha256), Value::from(content.to_vec())],
    )
    .await?;
    Ok(())
}

/// The bytes kept under a SHA-256.
pub async fn evidence_blob(db: &Db, sha256: &str) -> Result<Option<Vec<u8>>, StoreError> {
    let row: Option<(Vec<u8>,)> = db
        .fetch_optional(
            "SELECT content FROM evidence_blobs WHERE sha256 = $1",
            &[Value::from(sha256)],
        )
        .await?;
    Ok(row.map(|(bytes,)| bytes))
}

/// A stored finding with the names the pages show.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct FindingRow {
    /// Id.
    pub id: i64,
    /// Round.
    pub round_id: i64,
    /// Round name.
    pub round_name: String,
    /// Activity version.
    pub activity_id: i64,
    /// Activity title.
    pub activity_title: String,
    /// Organization.
    pub organization_id: i64,
    /// Organization name.
    pub organization_name: String,
    /// `confirmed`, `minor` or `serious`.
    pub outcome: String,
    /// What was found.
    pub note: String,
    /// SHA-256 of the evidence file, '' when none.
    pub evidence_sha256: String,
    /// Inspector's name.
    pub inspector_name: String,
    /// When.
    pub recorded_at: OffsetDateTime,
}

macro_rules! select_findings {
    ($tail:literal) => {
        concat!(
            "SELECT s.id, s.round_id, r.name AS round_name, s.activity_id, a.title AS activity_title, ",
            "s.organization_id, o.name AS organization_name, s.outcome, s.note, s.evidence_sha256, ",
            "s.inspector_name, s.recorded_at FROM spot_check_findings s ",
            "JOIN spot_check_rounds r ON r.id = s.round_id ",
            "JOIN activities a ON a.id = s.activity_id ",
            "JOIN organizations o ON o.id = s.organization_id ",
            $tail
        )
    };
}

/// A round's findings, in the order they were recorded.
pub async fn findings_for_round(db: &Db, round_id: i64) -> Result<Vec<FindingRow>, StoreError> {
    db.fetch_all(
        select_findings!("WHERE s.round_id = $1 ORDER BY s.id"),
        &[Value::from(round_id)],
    )
    .await
}

/// An organization's findings over every round, newest first.
pub async fn findings_for_organization(
    db: &Db,
    organization_id: i64,
) -> Result<Vec<FindingRow>, StoreError> {
    db.fetch_all(
        select_findings!("WHERE s.organization_id = $1 ORDER BY s.id DESC"),
        &[Value::from(organization_id)],
    )
    .await
}

/// One finding of a round.
pub async fn finding(
    db: &Db,
    round_id: i64,
    finding_id: i64,
) -> Result<Option<FindingRow>, StoreError> {
    db.fetch_optional(
        select_findings!("WHERE s.round_id = $1 AND s.id = $2"),
        &[Value::from(round_id), Value::from(finding_id)],
    )
    .await
}
