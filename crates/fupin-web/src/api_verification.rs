//! The verification results in the staff JSON API: an activity's roster verdicts (for its
//! organization and the officials in scope; no registry data) and the adjudication queue (民政 and
//! 扶贫 staff; masked ID numbers only).

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};

use crate::WebState;
use crate::api::ApiError;
use crate::session::Staff;

/// One roster entry's verdict.
#[derive(Debug, Serialize)]
pub struct VerdictJson {
    /// Row in the roster file.
    pub row_no: i32,
    /// Masked ID number.
    pub id_masked: String,
    /// Status code (`verified`, `homophone`, `typo`, `outside_locations`, `exited_before_service`,
    /// `deceased`, `name_mismatch`, `not_in_registry`, `invalid_id`).
    pub status: String,
    /// Reasons in Chinese (never registry data).
    pub reasons: String,
    /// Other organizations claiming the person in the same year.
    pub other_organizations: i32,
    /// Adjudication state, if the entry is in the queue.
    pub adjudication: Option<String>,
}

/// `GET /api/v1/activities/{id}/verification`.
#[derive(Debug, Serialize)]
pub struct ActivityVerificationJson {
    /// Activity id.
    pub activity_id: i64,
    /// Entries per status code.
    pub statuses: BTreeMap<String, i64>,
    /// Entries verified.
    pub entries: i64,
    /// Verified share in basis points.
    pub verified_share_bp: i64,
    /// The entries (only doubtful and noted ones unless `all=1`).
    pub verdicts: Vec<VerdictJson>,
}

/// Query: `all=1` for every entry.
#[derive(Debug, Deserialize)]
pub struct VerdictQuery {
    all: Option<u8>,
}

/// `GET /api/v1/activities/{id}/verification`.
pub async fn activity(
    State(state): State<WebState>,
    staff: Staff,
    Path(id): Path<i64>,
    Query(query): Query<VerdictQuery>,
) -> Result<Json<ActivityVerificationJson>, ApiError> {
    let statuses: BTreeMap<String, i64> = state
        .app
        .roster_status_counts(&staff.actor, id)
        .await?
        .into_iter()
        .collect();
    let rows = state
        .app
        .roster_verdicts(&staff.actor, id, query.all != Some(1))
        .await?;
    let entries: i64 = statuses.values().sum();
    let verified: i64 = ["verified", "homophone", "typo"]
        .iter()
        .filter_map(|c| statuses.get(*c))
        .sum();
    Ok(Json(ActivityVerificationJson {
        activity_id: id,
        verified_share_bp: fupin_app::stats::verified_share_bp(verified, entries),
        entries,
        statuses,
        verdicts: rows
            .into_iter()
            .map(|(row, state)| VerdictJson {
                row_no: row.row_no,
                id_masked: row.id_masked,
                status: row.status,
                reasons: row.reasons_zh,
                other_organizations: row.claims,
                adjudication: state.map(|(s, _)| s),
            })
            .collect(),
    }))
}

/// One queue item.
#[derive(Debug, Serialize)]
pub struct QueueItemJson {
    /// Item id.
    pub id: i64,
    /// Activity.
    pub activity_id: i64,
    /// Row in its roster.
    pub row_no: Option<i32>,
    /// Masked ID number.
    pub id_masked: Option<String>,
    /// Verdict status code.
    pub status: String,
    /// State code (`open`, `upheld`, `overturned`, `closed_by_correction`).
    pub state: String,
    /// Region code deciding the queue.
    pub region_code: String,
}

/// Query of the queue: `state` ('' or absent for all), `page` (1-based, 50 per page).
#[derive(Debug, Deserialize)]
pub struct QueueQuery {
    #[serde(default)]
    state: String,
    page: Option<i64>,
}

/// `GET /api/v1/adjudication`.
pub async fn queue(
    State(state): State<WebState>,
    staff: Staff,
    Query(query): Query<QueueQuery>,
) -> Result<Json<Vec<QueueItemJson>>, ApiError> {
    let queue = state
        .app
        .adjudication_queue(&staff.actor, &query.state, query.page.unwrap_or(1))
        .await?;
    Ok(Json(
        queue
            .items
            .into_iter()
            .map(|r| QueueItemJson {
                id: r.id,
                activity_id: r.activity_id,
                row_no: r.row_no,
                id_masked: r.id_masked,
                status: r.status,
                state: r.state,
                region_code: r.region_code,
            })
            .collect(),
    ))
}
