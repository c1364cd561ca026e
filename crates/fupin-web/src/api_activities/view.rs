//! The handlers of the activity API and the detail it answers with.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use fupin_app::AppError;
use fupin_app::activity_editor::ActivityView;
use serde::{Deserialize, Serialize};

use super::{ActivityJson, FindingJson, SavedJson, findings};
use crate::WebState;
use crate::api::ApiError;
use crate::api_staff::ListJson;
use crate::pages::staff::ListQuery;
use crate::session::Staff;

/// A version in a list.
#[derive(Debug, Serialize)]
pub struct SummaryJson {
    /// Id.
    pub id: i64,
    /// Organization id.
    pub organization_id: i64,
    /// Organization name.
    pub organization_name: String,
    /// Title.
    pub title: String,
    /// Field code.
    pub field: String,
    /// Status code.
    pub status: String,
    /// Year.
    pub year: i32,
    /// Version number.
    pub version: i32,
}

/// A review decision.
#[derive(Debug, Serialize)]
pub struct ReviewJson {
    /// `submitted`, `accepted`, `returned`, `published`.
    pub decision: String,
    /// Reviewing unit.
    pub unit: Option<String>,
    /// Who.
    pub reviewer: String,
    /// Comment.
    pub comment: String,
    /// When (RFC 3339).
    pub at: String,
}

/// A version of the history.
#[derive(Debug, Serialize)]
pub struct VersionJson {
    /// Id.
    pub id: i64,
    /// Number.
    pub version: i32,
    /// Status code.
    pub status: String,
    /// Current (public) version.
    pub is_current: bool,
    /// Correction note.
    pub correction_note: Option<String>,
}

/// `GET /api/v1/activities/{id}`.
#[derive(Debug, Serialize)]
pub struct ActivityDetailJson {
    /// Id.
    pub id: i64,
    /// Organization id.
    pub organization_id: i64,
    /// Status code.
    pub status: String,
    /// Version number.
    pub version: i32,
    /// The version it corrects.
    pub supersedes_id: Option<i64>,
    /// Correction note.
    pub correction_note: Option<String>,
    /// Current (public) version.
    pub is_current: bool,
    /// Content.
    pub content: ActivityJson,
    /// Evidence files: id, name, SHA-256.
    pub evidence: Vec<(i64, String, String)>,
    /// Submission rule findings now.
    pub findings: Vec<FindingJson>,
    /// Reviews.
    pub reviews: Vec<ReviewJson>,
    /// Versions.
    pub history: Vec<VersionJson>,
}

fn rfc3339(at: time::OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

impl From<ActivityView> for ActivityDetailJson {
    fn from(v: ActivityView) -> Self {
        ActivityDetailJson {
            id: v.row.id,
            organization_id: v.row.organization_id,
            status: v.row.status.clone(),
            version: v.row.version,
            supersedes_id: v.row.supersedes_id,
            correction_note: v.row.correction_note.clone(),
            is_current: v.row.is_current,
            content: ActivityJson::from_content(&v.content),
            evidence: v
                .evidence
                .iter()
                .map(|e| (e.id, e.file_name.clone(), e.sha256.clone()))
                .collect(),
            findings: findings(&v.findings),
            reviews: v
                .reviews
                .iter()
                .map(|r| ReviewJson {
                    decision: r.decision.clone(),
                    unit: r.unit_name.clone(),
                    reviewer: r.reviewer_name.clone(),
                    comment: r.comment.clone(),
                    at: rfc3339(r.decided_at),
                })
                .collect(),
            history: v
                .history
                .iter()
                .map(|h| VersionJson {
                    id: h.id,
                    version: h.version,
                    status: h.status.clone(),
                    is_current: h.is_current,
                    correction_note: h.correction_note.clone(),
                })
                .collect(),
        }
    }
}

/// `GET /api/v1/activities?page=`.
pub async fn list(
    State(state): State<WebState>,
    staff: Staff,
    Query(query): Query<ListQuery>,
) -> Result<Json<ListJson<SummaryJson>>, ApiError> {
    let page = state
        .app
        .activities(&staff.actor, query.page.unwrap_or(1))
        .await?;
    Ok(Json(ListJson {
        total: page.total,
        page: page.page,
        per_page: page.per_page,
        items: page
            .items
            .into_iter()
            .map(|a| SummaryJson {
                id: a.id,
                organization_id: a.organization_id,
                organization_name: a.organization_name,
                title: a.title,
                field: a.field,
                status: a.status,
                year: a.year,
                version: a.version,
            })
            .collect(),
    }))
}

async fn saved(
    state: &WebState,
    staff: &Staff,
    id: i64,
    warnings: &[fupin_domain::activity_rules::Finding],
) -> Result<SavedJson, ApiError> {
    let row = state.app.activity_row(&staff.actor, id).await?;
    Ok(SavedJson {
        id,
        status: row.status,
        warnings: findings(warnings),
    })
}

/// `POST /api/v1/activities`: a new draft.
pub async fn create(
    State(state): State<WebState>,
    staff: Staff,
    Json(body): Json<ActivityJson>,
) -> Result<(StatusCode, Json<SavedJson>), ApiError> {
    let content = body.into_content()?;
    let (id, warnings) = state.app.create_activity(&staff.actor, &content).await?;
    Ok((
        StatusCode::CREATED,
        Json(saved(&state, &staff, id, &warnings).await?),
    ))
}

/// `GET /api/v1/activities/{id}`.
pub async fn show(
    State(state): State<WebState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Json<ActivityDetailJson>, ApiError> {
    Ok(Json(
        state.app.activity_view(&staff.actor, id).await?.into(),
    ))
}

/// `PUT /api/v1/activities/{id}`: replaces a draft's content.
pub async fn replace(
    State(state): State<WebState>,
    staff: Staff,
    Path(id): Path<i64>,
    Json(body): Json<ActivityJson>,
) -> Result<Json<SavedJson>, ApiError> {
    let content = body.into_content()?;
    let warnings = state
        .app
        .replace_activity(&staff.actor, id, content)
        .await?;
    Ok(Json(saved(&state, &staff, id, &warnings).await?))
}

/// The body of a workflow call.
#[derive(Debug, Default, Deserialize)]
pub struct ActionJson {
    /// Review comment (required to return).
    #[serde(default)]
    pub comment: String,
    /// Accept and publish at once.
    #[serde(default)]
    pub publish: bool,
    /// Correction note (required to correct).
    #[serde(default)]
    pub note: String,
}

/// `POST /api/v1/activities/{id}/{submit|accept|return|publish|correct}`; the body may be empty.
pub async fn act(
    State(state): State<WebState>,
    staff: Staff,
    Path((id, action)): Path<(i64, String)>,
    body: axum::body::Bytes,
) -> Result<Json<SavedJson>, ApiError> {
    let form: ActionJson = if body.iter().all(u8::is_ascii_whitespace) {
        ActionJson::default()
    } else {
        serde_json::from_slice(&body)
            .map_err(|err| AppError::Invalid(format!("请求体不是有效的 JSON：{err}")))?
    };
    let (app, actor) = (&state.app, &staff.actor);
    let (target, warnings) = match action.as_str() {
        "submit" => (id, app.submit_activity(actor, id).await?),
        "accept" => {
            app.accept_activity(actor, id, &form.comment, form.publish)
                .await?;
            (id, Vec::new())
        }
        "return" => {
            app.return_activity(actor, id, &form.comment).await?;
            (id, Vec::new())
        }
        "publish" => {
            app.publish_activity(actor, id).await?;
            (id, Vec::new())
        }
        "correct" => (
            app.correct_activity(actor, id, &form.note).await?,
            Vec::new(),
        ),
        _ => return Err(AppError::NotFound.into()),
    };
    Ok(Json(saved(&state, &staff, target, &warnings).await?))
}
