//! Spot-check rounds (抽查): the frame a round is drawn from, the round with its frozen frame and
//! drawn items, and the inspectors' findings.
//!
//! The draw itself is `fupin-verify`'s (no database); the service layer reads the frame
//! candidates here with their risk inputs, weighs and draws, and writes the round, frame and
//! items back in one transaction.
//!
//! Who sees a round: national units all; a 民政 / 扶贫 unit of a region the rounds whose region
//! lies inside its own; a supervisory unit or industry department the rounds over its
//! organizations (`unit_id`). Organizations see no rounds, only their own findings.

mod findings;

use time::{Date, OffsetDateTime};

use crate::bulk::BulkTable;
use crate::db::{Db, Tx, Value};
use crate::error::StoreError;
use crate::scope::Scope;

pub use findings::{
    FindingRow, NewFinding, evidence_blob, finding, findings_for_organization, findings_for_round,
    insert_finding, store_evidence_blob,
};

/// The rounds (alias `r`) a scope admits (see the module documentation); `$1`..`$4` are the
/// scope's parameters.
macro_rules! round_in_scope {
    () => {
        "($1 = 'all' \
          OR ($1 = 'region' AND r.region_prefix >= $2 AND r.region_prefix < $3) \
          OR ($1 = 'unit' AND r.unit_id = $4))"
    };
}

/// What a round's frame is drawn over; empty / `None` means no restriction on that axis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundScope {
    /// Region code prefix of the activities' locations ('' for all).
    pub region_prefix: String,
    /// Only organizations linked to this supervisory unit or industry department.
    pub unit_id: Option<i64>,
    /// Reporting year.
    pub year: Option<i32>,
    /// Field code (primary or further field; '' for all).
    pub field: String,
}

/// A current published activity that a round's scope admits, with its risk inputs.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct FrameCandidate {
    /// Activity version.
    pub activity_id: i64,
    /// Its organization.
    pub organization_id: i64,
    /// Primary field code.
    pub field: String,
    /// Reporting year.
    pub year: i32,
    /// Its first county inside the round's region (or the province / prefecture code of a
    /// location above county level); '' when it has no location.
    pub county_code: String,
    /// Roster entries verified, when a verification ran.
    pub entries: Option<i64>,
    /// Entries with a verified status, when a verification ran.
    pub verified: Option<i64>,
    /// Anomalies of the last bulk run concerning it.
    pub anomalies: i64,
    /// The organization's registration date.
    pub registered_on: Date,
}

/// The current published activities admitted by both `scope` (the actor's jurisdiction) and
/// `round` (the round's own scope), by id.
pub async fn frame_candidates(
    db: &Db,
    scope: &Scope,
    round: &RoundScope,
) -> Result<Vec<FrameCandidate>, StoreError> {
    // Region codes are digit strings: `code >= P AND code < P || ':'` is "starts with P".
    db.fetch_all(
        concat!(
            "SELECT a.id AS activity_id, a.organization_id, a.field, a.year, ",
            "COALESCE((SELECT MIN(COALESCE(l.county_code, l.region_code)) FROM activity_locations l ",
            "WHERE l.activity_id = a.id AND l.region_code >= $5 AND l.region_code < $6), '') AS county_code, ",
            "v.entries, v.verified, ",
            "(SELECT COUNT(*) FROM anomalies j WHERE j.activity_id = a.id) AS anomalies, ",
            "o.registered_on ",
            "FROM activities a JOIN organizations o ON o.id = a.organization_id ",
            "LEFT JOIN activity_verification v ON v.activity_id = a.id ",
            "WHERE a.is_current AND a.status = 'published' AND ",
            crate::activity_in_scope!(),
            " AND ($5 = '' OR EXISTS (SELECT 1 FROM activity_locations l WHERE l.activity_id = a.id ",
            "AND l.region_code >= $5 AND l.region_code < $6)) ",
            "AND ($7 = 0 OR EXISTS (SELECT 1 FROM supervision_links s ",
            "WHERE s.organization_id = a.organization_id AND s.unit_id = $7)) ",
            "AND ($8 = 0 OR a.year = $8) ",
            "AND ($9 = '' OR a.field = $9 OR EXISTS (SELECT 1 FROM activity_fields f ",
            "WHERE f.activity_id = a.id AND f.field = $9)) ",
            "ORDER BY a.id"
        ),
        &scope.with([
            Value::from(round.region_prefix.as_str()),
            Value::from(format!("{}:", round.region_prefix)),
            Value::from(round.unit_id.unwrap_or(0)),
            Value::from(round.year.unwrap_or(0)),
            Value::from(round.field.as_str()),
        ]),
    )
    .await
}

/// A round to store.
#[derive(Debug, Clone)]
pub struct NewRound {
    /// Name, e.g. “2020年第1轮县级抽查”.
    pub name: String,
    /// Its scope.
    pub scope: RoundScope,
    /// Items drawn.
    pub size: i32,
    /// Strata code (`county`, `field`, `none`).
    pub strata: String,
    /// The risk weights, as text.
    pub weights: String,
    /// The seed, 64 hexadecimal digits.
    pub seed: String,
    /// SHA-256 of the canonical frame.
    pub frame_digest: String,
    /// Who drew it (`None` from the command line).
    pub created_by: Option<i64>,
    /// Their name, for the record.
    pub creator_name: String,
    /// When.
    pub created_at: OffsetDateTime,
}

/// One item of a frozen frame.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct FrameRow {
    /// Activity version.
    pub activity_id: i64,
    /// Stratum.
    pub stratum: String,
    /// Risk weight in thousandths.
    pub weight_milli: i32,
}

/// One drawn item to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDrawnItem {
    /// Activity version.
    pub activity_id: i64,
    /// Rank within its stratum, from 1.
    pub rank: i32,
    /// Its draw key, decimal.
    pub draw_key: String,
}

const FRAME: BulkTable = BulkTable {
    table: "spot_check_frame",
    columns: &["round_id", "activity_id", "stratum", "weight_milli"],
};

const ITEMS: BulkTable = BulkTable {
    table: "spot_check_items",
    columns: &["round_id", "activity_id", "rank", "draw_key"],
};

/// Stores a round with its frame and drawn items in `tx`; returns the round's id.
pub async fn insert_round(
    tx: &mut Tx,
    round: &NewRound,
    frame: Vec<FrameRow>,
    items: Vec<NewDrawnItem>,
) -> Result<i64, StoreError> {
    let id = tx
        .fetch_i64(
            "INSERT INTO spot_check_rounds (name, region_prefix, unit_id, year, field, size, strata, \
             weights, seed, frame_digest, created_by, creator_name, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
            &[
                Value::from(round.name.as_str()),
                Value::from(round.scope.region_prefix.as_str()),
                Value::from(round.scope.unit_id),
                Value::from(round.scope.year),
                Value::from(round.scope.field.as_str()),
                Value::from(round.size),
                Value::from(round.strata.as_str()),
                Value::from(round.weights.as_str()),
                Value::from(round.seed.as_str()),
                Value::from(round.frame_digest.as_str()),
                Value::from(round.created_by),
                Value::from(round.creator_name.as_str()),
                Value::from(round.created_at),
            ],
        )
        .await?;
    let rows = frame
        .into_iter()
        .map(|f| {
            vec![
                Value::from(id),
                Value::from(f.activity_id),
                Value::from(f.stratum),
                Value::from(f.weight_milli),
            ]
        })
        .collect();
    tx.bulk_insert(FRAME, rows).await?;
    let rows = items
        .into_iter()
        .map(|i| {
            vec![
                Value::from(id),
                Value::from(i.activity_id),
                Value::from(i.rank),
                Value::from(i.draw_key),
            ]
        })
        .collect();
    tx.bulk_insert(ITEMS, rows).await?;
    Ok(id)
}

/// A stored round.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RoundRow {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Region prefix ('' for all).
    pub region_prefix: String,
    /// Supervisory unit, if the round is limited to one.
    pub unit_id: Option<i64>,
    /// That unit's name.
    pub unit_name: Option<String>,
    /// Reporting year, if limited.
    pub year: Option<i32>,
    /// Field code ('' for all).
    pub field: String,
    /// Items drawn.
    pub size: i32,
    /// Strata code.
    pub strata: String,
    /// Risk weights, as text.
    pub weights: String,
    /// Seed, 64 hexadecimal digits.
    pub seed: String,
    /// SHA-256 of the canonical frame.
    pub frame_digest: String,
    /// Who drew it.
    pub creator_name: String,
    /// When.
    pub created_at: OffsetDateTime,
    /// Items in its frame.
    pub frame_items: i64,
    /// Findings recorded.
    pub findings: i64,
}

macro_rules! select_rounds {
    ($tail:literal) => {
        concat!(
            "SELECT r.id, r.name, r.region_prefix, r.unit_id, u.name AS unit_name, r.year, r.field, ",
            "r.size, r.strata, r.weights, r.seed, r.frame_digest, r.creator_name, r.created_at, ",
            "(SELECT COUNT(*) FROM spot_check_frame f WHERE f.round_id = r.id) AS frame_items, ",
            "(SELECT COUNT(*) FROM spot_check_findings s WHERE s.round_id = r.id) AS findings ",
            "FROM spot_check_rounds r LEFT JOIN gov_units u ON u.id = r.unit_id WHERE ",
            round_in_scope!(),
            $tail
        )
    };
}

/// The rounds `scope` admits, newest first.
pub async fn list_rounds(db: &Db, scope: &Scope, limit: i64) -> Result<Vec<RoundRow>, StoreError> {
    db.fetch_all(
        select_rounds!(" ORDER BY r.id DESC LIMIT $5"),
        &scope.with([Value::from(limit)]),
    )
    .await
}

/// A round, if `scope` admits it.
pub async fn get_round(db: &Db, scope: &Scope, id: i64) -> Result<Option<RoundRow>, StoreError> {
    db.fetch_optional(
        select_rounds!(" AND r.id = $5"),
        &scope.with([Value::from(id)]),
    )
    .await
}

/// A round's frozen frame, by activity id.
pub async fn frame(db: &Db, round_id: i64) -> Result<Vec<FrameRow>, StoreError> {
    db.fetch_all(
        "SELECT activity_id, stratum, weight_milli FROM spot_check_frame WHERE round_id = $1 \
         ORDER BY activity_id",
        &[Value::from(round_id)],
    )
    .await
}

/// A drawn item with what the round page shows of its activity.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ItemRow {
    /// Activity version.
    pub activity_id: i64,
    /// Rank within its stratum.
    pub rank: i32,
    /// Draw key, decimal.
    pub draw_key: String,
    /// Stratum.
    pub stratum: String,
    /// Risk weight in thousandths.
    pub weight_milli: i32,
    /// Activity title.
    pub title: String,
    /// Its organization.
    pub organization_id: i64,
    /// The organization's name.
    pub organization_name: String,
    /// Its first county (or higher region) code, '' when none.
    pub county_code: String,
    /// That region's name, '' when none.
    pub county_name: String,
    /// Findings recorded on it in this round.
    pub findings: i64,
}

/// A round's drawn items (in no particular order: the caller sorts strata by their bytes).
pub async fn items(db: &Db, round_id: i64) -> Result<Vec<ItemRow>, StoreError> {
    db.fetch_all(
        "SELECT i.activity_id, i.rank, i.draw_key, f.stratum, f.weight_milli, a.title, \
                a.organization_id, o.name AS organization_name, \
                COALESCE(g.code, '') AS county_code, COALESCE(g.name, '') AS county_name, \
                (SELECT COUNT(*) FROM spot_check_findings s \
                 WHERE s.round_id = i.round_id AND s.activity_id = i.activity_id) AS findings \
         FROM spot_check_items i \
         JOIN spot_check_frame f ON f.round_id = i.round_id AND f.activity_id = i.activity_id \
         JOIN activities a ON a.id = i.activity_id \
         JOIN organizations o ON o.id = a.organization_id \
         LEFT JOIN regions g ON g.code = (SELECT MIN(COALESCE(l.county_code, l.region_code)) \
                                          FROM activity_locations l WHERE l.activity_id = a.id) \
         WHERE i.round_id = $1 ORDER BY i.activity_id",
        &[Value::from(round_id)],
    )
    .await
}

/// The organization of a drawn item of a round, `None` when the activity was not drawn in it.
pub async fn drawn_organization(
    tx: &mut Tx,
    round_id: i64,
    activity_id: i64,
) -> Result<Option<i64>, StoreError> {
    let row: Option<(i64,)> = tx
        .fetch_optional(
            "SELECT a.organization_id FROM spot_check_items i JOIN activities a ON a.id = i.activity_id \
             WHERE i.round_id = $1 AND i.activity_id = $2",
            &[Value::from(round_id), Value::from(activity_id)],
        )
        .await?;
    Ok(row.map(|(org,)| org))
}
