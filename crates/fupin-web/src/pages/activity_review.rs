//! The activity detail page (everything reported, the version history and the review comments),
//! the workflow forms (submit, accept, return, publish, correct) and the reviewers' queue.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use fupin_app::activity_editor::{reviewing_unit, writing_organization};
use fupin_domain::{ActivityStatus, Field};
use serde::Deserialize;

use super::activity_view::DetailVm;
use super::staff::{ListQuery, Pager, StaffLayout, label, see_other, staff_page};
use super::{PageCtx, PageError};
use crate::WebState;
use crate::format::beijing_time;
use crate::session::Staff;

const SECTION: &str = "/workspace/activities";

#[derive(Template)]
#[template(path = "ae_detail.html")]
struct DetailPage {
    layout: StaffLayout,
    a: DetailVm,
    roster: super::activity_roster::RosterSection,
}

fn notice(done: Option<&str>) -> Option<String> {
    let text = match done? {
        "submitted" => "已提交审核。",
        "accepted" => "已受理。",
        "returned" => "已退回，组织将看到审核意见。",
        "published" => "已公开。",
        "corrected" => "已创建更正版本，请修改后提交审核。",
        _ => return None,
    };
    Some(text.to_owned())
}

/// `GET /workspace/activities/{id}`: everything about one version the actor may see.
pub async fn detail(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Path(id): Path<i64>,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    let view = state
        .app
        .activity_view(&staff.actor, id)
        .await
        .map_err(|e| ctx.error(e))?;
    let roster = super::activity_roster::section(&state, &staff, id)
        .await
        .map_err(|e| ctx.error(e))?;
    let done = query.done.as_deref();
    let page = DetailPage {
        layout: StaffLayout::for_staff(&staff, &view.row.title, SECTION)
            .with_notice(notice(done).or_else(|| super::activity_roster::notice(done))),
        a: DetailVm::new(&view),
        roster,
    };
    Ok(staff_page(StatusCode::OK, &page))
}

/// The review forms: a comment, "publish at once", a correction note.
#[derive(Debug, Default, Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    comment: String,
    #[serde(default)]
    publish: Option<String>,
    #[serde(default)]
    note: String,
}

/// `POST /workspace/activities/{id}/{action}`: submit, accept, return, publish or correct.
pub async fn act(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Path((id, action)): Path<(i64, String)>,
    Form(form): Form<ActionForm>,
) -> Result<Response, PageError> {
    let app = &state.app;
    let actor = &staff.actor;
    let (target, done) = match action.as_str() {
        "submit" => app
            .submit_activity(actor, id)
            .await
            .map(|_| (id, "submitted")),
        "accept" => {
            let publish = form.publish.is_some();
            app.accept_activity(actor, id, &form.comment, publish)
                .await
                .map(|()| (id, if publish { "published" } else { "accepted" }))
        }
        "return" => app
            .return_activity(actor, id, &form.comment)
            .await
            .map(|()| (id, "returned")),
        "publish" => app
            .publish_activity(actor, id)
            .await
            .map(|()| (id, "published")),
        "correct" => app
            .correct_activity(actor, id, &form.note)
            .await
            .map(|new| (new, "corrected")),
        _ => Err(fupin_app::AppError::NotFound),
    }
    .map_err(|e| ctx.error(e))?;
    let location = if done == "corrected" {
        format!("{SECTION}/{target}/edit?done=saved")
    } else {
        format!("{SECTION}/{target}?done={done}")
    };
    Ok(see_other(&location, &[]))
}

/// A row of the review queue.
#[derive(Debug)]
pub struct QueueItem {
    id: i64,
    title: String,
    organization: String,
    field: String,
    year: i32,
    version: i32,
    submitted: String,
}

#[derive(Template)]
#[template(path = "ae_queue.html")]
struct QueuePage {
    layout: StaffLayout,
    items: Vec<QueueItem>,
    pager: Pager,
}

/// `GET /workspace/reviews?page=`: the submitted reports the actor's unit reviews.
pub async fn queue(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    let page = state
        .app
        .review_queue(&staff.actor, query.page.unwrap_or(1))
        .await
        .map_err(|e| ctx.error(e))?;
    let pager = Pager::new(&page, "/workspace/reviews?");
    let view = QueuePage {
        layout: StaffLayout::for_staff(&staff, "审核队列", SECTION),
        items: page
            .items
            .into_iter()
            .map(|r| QueueItem {
                id: r.id,
                field: label::<Field>(&r.field),
                submitted: r.submitted_at.map(beijing_time).unwrap_or_default(),
                title: r.title,
                organization: r.organization_name,
                year: r.year,
                version: r.version,
            })
            .collect(),
        pager,
    };
    Ok(staff_page(StatusCode::OK, &view))
}

/// Which activity links the list page offers the actor: "新建项目" for organization staff, the
/// review queue for government staff.
pub fn list_links(staff: &Staff) -> (bool, bool) {
    (
        writing_organization(&staff.actor).is_some(),
        reviewing_unit(&staff.actor).is_some(),
    )
}

/// The label of a status code.
pub fn status_label(code: &str) -> String {
    label::<ActivityStatus>(code)
}
