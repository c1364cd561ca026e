//! The adjudication queue (人工核定) of 民政 and 扶贫 staff: doubtful roster entries of their region,
//! each with the claim beside the registry record (masked; the full view is asked for and
//! audited), decided by poverty-office officers with a comment; and the anomalies of the last
//! bulk verification.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use fupin_app::AppError;
use fupin_app::verification::Status;
use fupin_app::verification::adjudication::{ItemView, QUEUE_PAGE};
use fupin_domain::{AssistanceList, BeneficiaryCategory, ListStatus, Money, RegistryStatus};
use fupin_store::verification::adjudication::Decision;
use serde::Deserialize;

use super::staff::{StaffLayout, label, see_other, staff_page};
use super::{PageCtx, PageError};
use crate::WebState;
use crate::format::{beijing_time, money_exact};
use crate::session::Staff;

const SECTION: &str = "/workspace/adjudication";

/// The states an item can be in, with their Chinese names.
const STATES: [(&str, &str); 4] = [
    ("open", "待核定"),
    ("upheld", "维持存疑"),
    ("overturned", "改判通过"),
    ("closed_by_correction", "已更正自动关闭"),
];

fn state_label(code: &str) -> String {
    STATES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or_else(|| code.to_owned(), |(_, l)| (*l).to_owned())
}

struct QueueLine {
    id: i64,
    activity_id: i64,
    activity: String,
    organization: String,
    row_no: String,
    id_masked: String,
    status: String,
    state: String,
    region: String,
    opened: String,
}

struct AnomalyLine {
    kind: String,
    activity_id: Option<i64>,
    region: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "ws_adjudication_queue.html")]
struct QueuePage {
    layout: StaffLayout,
    state: String,
    tabs: Vec<(String, String, i64)>,
    items: Vec<QueueLine>,
    page: i64,
    next: Option<String>,
    prev: Option<String>,
    anomalies: Vec<AnomalyLine>,
}

/// Query of the queue page.
#[derive(Debug, Deserialize)]
pub struct QueueQuery {
    /// State code; `open` by default, `all` for every state.
    state: Option<String>,
    /// Page (1-based).
    page: Option<i64>,
}

/// `GET /workspace/adjudication`: the queue of the official's region and the anomalies.
pub async fn queue(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Query(query): Query<QueueQuery>,
) -> Result<Response, PageError> {
    let wanted = query.state.unwrap_or_else(|| "open".to_owned());
    let filter = if wanted == "all" { "" } else { wanted.as_str() };
    let page = query.page.unwrap_or(1).max(1);
    let queue = state
        .app
        .adjudication_queue(&staff.actor, filter, page)
        .await
        .map_err(|e| ctx.error(e))?;
    let anomalies = state
        .app
        .anomalies(&staff.actor, 100)
        .await
        .map_err(|e| ctx.error(e))?;
    let count = |code: &str| {
        queue
            .counts
            .iter()
            .find(|(c, _)| c == code)
            .map_or(0, |(_, n)| *n)
    };
    let mut tabs: Vec<(String, String, i64)> = STATES
        .iter()
        .map(|(code, name)| ((*code).to_owned(), (*name).to_owned(), count(code)))
        .collect();
    tabs.push((
        "all".to_owned(),
        "全部".to_owned(),
        queue.counts.iter().map(|(_, n)| n).sum(),
    ));
    let link = |p: i64| format!("{SECTION}?state={wanted}&page={p}");
    let view = QueuePage {
        layout: StaffLayout::for_staff(&staff, "名单核定", SECTION),
        next: (queue.items.len() as i64 == QUEUE_PAGE).then(|| link(page + 1)),
        prev: (page > 1).then(|| link(page - 1)),
        page,
        items: queue
            .items
            .into_iter()
            .map(|r| QueueLine {
                id: r.id,
                activity_id: r.activity_id,
                activity: r.activity_title,
                organization: r.organization_name,
                row_no: r.row_no.map(|n| n.to_string()).unwrap_or_default(),
                id_masked: r.id_masked.unwrap_or_default(),
                status: label::<Status>(&r.status),
                state: state_label(&r.state),
                region: r.region_code,
                opened: beijing_time(r.opened_at),
            })
            .collect(),
        tabs,
        state: wanted,
        anomalies: anomalies
            .into_iter()
            .map(|a| AnomalyLine {
                kind: anomaly_label(&a.kind),
                activity_id: a.activity_id,
                region: a.region_code,
                detail: a.detail_zh,
            })
            .collect(),
    };
    Ok(staff_page(StatusCode::OK, &view))
}

fn anomaly_label(kind: &str) -> String {
    match kind {
        "aid_outlier" => "人均帮扶金额异常",
        "shared_evidence" => "佐证材料重复使用",
        "many_organizations" => "多个组织重复帮扶",
        other => other,
    }
    .to_owned()
}

#[derive(Template)]
#[template(path = "ws_adjudication_item.html")]
struct ItemPage {
    layout: StaffLayout,
    item: ItemView,
    status: String,
    state: String,
    category: String,
    aid: String,
    service_date: String,
    registry_status: String,
    /// The list of the claim's category (empty for 建档立卡 and 其他 claims).
    list_label: &'static str,
    list_status: String,
    full: bool,
    problem: Option<String>,
}

fn item_page(staff: &Staff, item: ItemView, full: bool, problem: Option<String>) -> ItemPage {
    let claim = item.claim.as_ref();
    ItemPage {
        layout: StaffLayout::for_staff(staff, "名单核定", SECTION),
        status: label::<Status>(&item.status),
        state: state_label(&item.state),
        category: claim
            .map(|c| label::<BeneficiaryCategory>(&c.category))
            .unwrap_or_default(),
        aid: claim
            .map(|c| money_exact(Money::from_fen(c.aid_fen)))
            .unwrap_or_default(),
        service_date: claim
            .and_then(|c| c.service_date)
            .map(|d| d.to_string())
            .unwrap_or_default(),
        registry_status: item
            .registry
            .as_ref()
            .map(|r| label::<RegistryStatus>(&r.status))
            .unwrap_or_default(),
        list_label: claim
            .and_then(|c| BeneficiaryCategory::from_code(&c.category))
            .and_then(AssistanceList::for_category)
            .map(|l| l.label_zh())
            .unwrap_or_default(),
        list_status: item
            .list
            .as_ref()
            .map(|r| label::<ListStatus>(&r.status))
            .unwrap_or_default(),
        item,
        full,
        problem,
    }
}

/// `GET /workspace/adjudication/{id}`: one item, masked.
pub async fn item(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    show(&state, &ctx, &staff, id, false).await
}

/// `POST /workspace/adjudication/{id}/reveal`: the full view, audited.
pub async fn reveal(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    show(&state, &ctx, &staff, id, true).await
}

async fn show(
    state: &WebState,
    ctx: &PageCtx,
    staff: &Staff,
    id: i64,
    full: bool,
) -> Result<Response, PageError> {
    let item = state
        .app
        .adjudication_item(&staff.actor, id, full)
        .await
        .map_err(|e| ctx.error(e))?;
    Ok(staff_page(
        StatusCode::OK,
        &item_page(staff, item, full, None),
    ))
}

/// The decision form.
#[derive(Debug, Deserialize)]
pub struct DecisionForm {
    /// `upheld` or `overturned`.
    decision: String,
    /// The officer's comment.
    #[serde(default)]
    comment: String,
}

/// `POST /workspace/adjudication/{id}/decide`.
pub async fn decide(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, PageError> {
    let decision = match form.decision.as_str() {
        "upheld" => Decision::Upheld,
        "overturned" => Decision::Overturned,
        _ => return Err(ctx.error(AppError::Invalid("请选择核定结论".to_owned()))),
    };
    match state
        .app
        .decide_adjudication(&staff.actor, id, decision, &form.comment)
        .await
    {
        Ok(()) => Ok(see_other(&format!("{SECTION}/{id}"), &[])),
        Err(AppError::Invalid(problem)) => {
            let item = state
                .app
                .adjudication_item(&staff.actor, id, false)
                .await
                .map_err(|e| ctx.error(e))?;
            Ok(staff_page(
                StatusCode::UNPROCESSABLE_ENTITY,
                &item_page(&staff, item, false, Some(problem)),
            ))
        }
        Err(err) => Err(ctx.error(err)),
    }
}
