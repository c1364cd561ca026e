//! Spot-check rounds (抽查) for government staff (issue 5).
//!
//! | route | what |
//! |---|---|
//! | `GET /workspace/spot-checks` | the rounds in the jurisdiction and the form that defines and draws one |
//! | `POST /workspace/spot-checks` | draws a round: 303 to it, or the form again with the problem |
//! | `GET /workspace/spot-checks/{id}` | scope, seed, frame digest, allocation, selection, findings (`?recompute=1` recomputes) |
//! | `GET /workspace/spot-checks/{id}/frame.csv` | the frame file that, with the seed, recomputes the selection |
//! | `POST /workspace/spot-checks/{id}/findings?csrf=` | multipart: `activity_id`, `outcome`, `note`, optional `file` |
//! | `GET /workspace/spot-checks/{id}/findings/{finding}/evidence` | a finding's evidence file |
//!
//! Who may do what, and in which jurisdiction, is decided by the use cases
//! ([`fupin_app::spot_checks`]); the handlers only read forms and format results.

mod forms;
mod views;

use askama::Template;
use axum::Form;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use fupin_app::AppError;
use fupin_app::spot_checks::{FindingOutcome, may_spot_check};
use serde::Deserialize;

use super::activity_roster::attachment;
use super::staff::{StaffLayout, see_other, staff_page};
use super::{PageCtx, PageError};
use crate::WebState;
use crate::session::Staff;
use forms::{DrawForm, FormValues};
use views::{AllocationVm, ItemVm, RecomputeVm, RoundFacts, RoundListItem};

pub use views::{FindingVm, organization_findings};

const SECTION: &str = "/workspace/spot-checks";

/// The body limit of the finding upload: the evidence file and the form around it.
pub const FINDING_BODY_LIMIT: usize = fupin_app::activity_editor::MAX_EVIDENCE_BYTES + 64 * 1024;

#[derive(Template)]
#[template(path = "ws_spot_checks.html")]
struct ListPage {
    layout: StaffLayout,
    problem: Option<String>,
    rounds: Vec<RoundListItem>,
    form: FormValues,
}

async fn list_page(
    state: &WebState,
    ctx: &PageCtx,
    staff: &Staff,
    status: StatusCode,
    problem: Option<String>,
    form: FormValues,
) -> Result<Response, PageError> {
    let rounds = state
        .app
        .spot_check_rounds(&staff.actor)
        .await
        .map_err(|e| ctx.error(e))?;
    let page = ListPage {
        layout: StaffLayout::for_staff(staff, "抽查", SECTION),
        problem,
        rounds: rounds.into_iter().map(RoundListItem::from).collect(),
        form,
    };
    Ok(staff_page(status, &page))
}

/// `GET /workspace/spot-checks`.
pub async fn list(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
) -> Result<Response, PageError> {
    let form = FormValues::defaults();
    list_page(&state, &ctx, &staff, StatusCode::OK, None, form).await
}

/// `POST /workspace/spot-checks`: defines and draws a round.
pub async fn draw(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Form(form): Form<DrawForm>,
) -> Result<Response, PageError> {
    if !may_spot_check(&staff.actor) {
        return Err(ctx.error(AppError::Forbidden));
    }
    let values = FormValues::from(&form);
    let drawn = match form.spec() {
        Ok(spec) => state.app.draw_spot_check(&staff.actor, spec).await,
        Err(problem) => Err(problem),
    };
    match drawn {
        Ok(outcome) => Ok(see_other(
            &format!("{SECTION}/{}?done=drawn", outcome.round_id),
            &[],
        )),
        Err(AppError::Invalid(problem)) => {
            list_page(
                &state,
                &ctx,
                &staff,
                StatusCode::BAD_REQUEST,
                Some(problem),
                values,
            )
            .await
        }
        Err(other) => Err(ctx.error(other)),
    }
}

#[derive(Template)]
#[template(path = "ws_spot_check.html")]
struct RoundPage {
    layout: StaffLayout,
    problem: Option<String>,
    round: RoundFacts,
    allocation: Vec<AllocationVm>,
    items: Vec<ItemVm>,
    findings: Vec<FindingVm>,
    recompute: Option<RecomputeVm>,
    outcomes: Vec<(&'static str, &'static str)>,
}

/// `?recompute=1&done=` of the round page.
#[derive(Debug, Default, Deserialize)]
pub struct RoundQuery {
    /// Recompute the draw from the stored frame and seed.
    recompute: Option<String>,
    /// What was just done.
    done: Option<String>,
}

async fn round_page(
    state: &WebState,
    ctx: &PageCtx,
    staff: &Staff,
    id: i64,
    query: RoundQuery,
    status: StatusCode,
    problem: Option<String>,
) -> Result<Response, PageError> {
    let actor = &staff.actor;
    let view = state
        .app
        .spot_check_round(actor, id)
        .await
        .map_err(|e| ctx.error(e))?;
    let recompute = match query.recompute {
        Some(_) => Some(RecomputeVm::from(
            state
                .app
                .recompute_spot_check(actor, id)
                .await
                .map_err(|e| ctx.error(e))?,
        )),
        None => None,
    };
    let notice = match query.done.as_deref() {
        Some("drawn") => {
            Some("已抽取。名单摘要和随机种子可公布，任何人可据此重新计算抽中名单。".to_owned())
        }
        Some("finding") => Some("核查结果已记录，并计入该社会组织的记录。".to_owned()),
        _ => None,
    };
    let page = RoundPage {
        layout: StaffLayout::for_staff(staff, &view.row.name, SECTION).with_notice(notice),
        problem,
        allocation: AllocationVm::list(&view),
        items: view.items.iter().map(|i| ItemVm::new(i, &view)).collect(),
        findings: view.findings.iter().map(FindingVm::from).collect(),
        round: RoundFacts::from(&view),
        recompute,
        outcomes: FindingOutcome::ALL
            .iter()
            .map(|o| (o.code(), o.label_zh()))
            .collect(),
    };
    Ok(staff_page(status, &page))
}

/// `GET /workspace/spot-checks/{id}` (`?recompute=1` shows the recomputation).
pub async fn show(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Path(id): Path<i64>,
    Query(query): Query<RoundQuery>,
) -> Result<Response, PageError> {
    round_page(&state, &ctx, &staff, id, query, StatusCode::OK, None).await
}

/// `GET /workspace/spot-checks/{id}/frame.csv`: the canonical frame file.
pub async fn frame(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let csv = state
        .app
        .spot_check_frame_csv(&staff.actor, id)
        .await
        .map_err(|e| ctx.error(e))?;
    let name = format!("spot-check-{id}-frame.csv");
    Ok(download(csv.into_bytes(), "text/csv; charset=utf-8", &name))
}

fn download(bytes: Vec<u8>, content_type: &'static str, name: &str) -> Response {
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&attachment(name, name)) {
        headers.insert(CONTENT_DISPOSITION, value);
    }
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The finding form's fields.
#[derive(Debug, Default)]
struct FindingFields {
    activity_id: String,
    outcome: String,
    note: String,
    file: Option<(String, Bytes)>,
}

async fn read_finding(multipart: &mut Multipart) -> Result<FindingFields, AppError> {
    let too_big = || AppError::Invalid("证据文件读取失败：文件可能超过 10 MiB 的上限".to_owned());
    let mut fields = FindingFields::default();
    while let Some(field) = multipart.next_field().await.map_err(|_| too_big())? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            let file_name = field.file_name().unwrap_or("证据").to_owned();
            let bytes = field.bytes().await.map_err(|_| too_big())?;
            // A form sent without choosing a file has an empty `file` part.
            if !bytes.is_empty() {
                fields.file = Some((file_name, bytes));
            }
            continue;
        }
        let text = field.text().await.map_err(|_| too_big())?;
        match name.as_str() {
            "activity_id" => fields.activity_id = text,
            "outcome" => fields.outcome = text,
            "note" => fields.note = text,
            _ => {}
        }
    }
    Ok(fields)
}

/// `POST /workspace/spot-checks/{id}/findings?csrf=` (multipart).
pub async fn record_finding(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let recorded = match read_finding(&mut multipart).await {
        Ok(fields) => {
            let activity = fields.activity_id.trim().parse::<i64>();
            let outcome = FindingOutcome::from_code(fields.outcome.trim());
            match (activity, outcome) {
                (Ok(activity), Some(outcome)) => {
                    let evidence = fields.file.as_ref().map(|(n, b)| (n.as_str(), &b[..]));
                    state
                        .app
                        .record_finding(&staff.actor, id, activity, outcome, &fields.note, evidence)
                        .await
                }
                _ => Err(AppError::Invalid("请选择抽中的项目和核查结论".to_owned())),
            }
        }
        Err(err) => Err(err),
    };
    match recorded {
        Ok(_) => Ok(see_other(&format!("{SECTION}/{id}?done=finding"), &[])),
        Err(AppError::Invalid(problem)) => {
            let query = RoundQuery::default();
            round_page(
                &state,
                &ctx,
                &staff,
                id,
                query,
                StatusCode::BAD_REQUEST,
                Some(problem),
            )
            .await
        }
        Err(other) => Err(ctx.error(other)),
    }
}

/// `GET /workspace/spot-checks/{id}/findings/{finding}/evidence`.
pub async fn evidence(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Path((id, finding)): Path<(i64, i64)>,
) -> Result<Response, PageError> {
    let file = state
        .app
        .finding_evidence(&staff.actor, id, finding)
        .await
        .map_err(|e| ctx.error(e))?;
    Ok(download(file.content, file.content_type, &file.file_name))
}
