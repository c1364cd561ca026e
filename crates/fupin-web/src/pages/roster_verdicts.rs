//! `GET /workspace/activities/{id}/verification`: how an activity's roster fared against the
//! 建档立卡 registry — entries per status, and the doubtful or noted entries with their reasons
//! and adjudication state. The organization sees its own rosters here; officials those in their
//! jurisdiction. Never registry data: the reasons are written without it.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use fupin_app::verification::Status;
use fupin_domain::Taxonomy;
use serde::Deserialize;

use super::staff::{StaffLayout, staff_page};
use super::{PageCtx, PageError};
use crate::WebState;
use crate::session::Staff;

struct VerdictLine {
    row_no: i32,
    id_masked: String,
    status: String,
    verified: bool,
    reasons: String,
    adjudication: String,
}

#[derive(Template)]
#[template(path = "ws_roster_verdicts.html")]
struct VerdictsPage {
    layout: StaffLayout,
    activity_id: i64,
    title: String,
    counts: Vec<(String, i64)>,
    entries: i64,
    verified: i64,
    share: String,
    all: bool,
    lines: Vec<VerdictLine>,
}

/// Query: `all=1` lists every entry, not only the doubtful and noted ones.
#[derive(Debug, Deserialize)]
pub struct VerdictsQuery {
    all: Option<u8>,
}

fn status_of(code: &str) -> Option<Status> {
    <Status as Taxonomy>::from_code(code)
}

/// The page.
pub async fn page(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Path(id): Path<i64>,
    Query(query): Query<VerdictsQuery>,
) -> Result<Response, PageError> {
    let all = query.all == Some(1);
    let summary = state
        .app
        .roster_summary(&staff.actor, id)
        .await
        .map_err(|e| ctx.error(e))?;
    let counts = state
        .app
        .roster_status_counts(&staff.actor, id)
        .await
        .map_err(|e| ctx.error(e))?;
    let rows = state
        .app
        .roster_verdicts(&staff.actor, id, !all)
        .await
        .map_err(|e| ctx.error(e))?;
    let entries: i64 = counts.iter().map(|(_, n)| n).sum();
    let verified: i64 = counts
        .iter()
        .filter(|(c, _)| status_of(c).is_some_and(|s| s.is_verified()))
        .map(|(_, n)| n)
        .sum();
    let share = if entries > 0 {
        format!("{:.1}%", verified as f64 * 100.0 / entries as f64)
    } else {
        "—".to_owned()
    };
    let view = VerdictsPage {
        layout: StaffLayout::for_staff(&staff, "名单核对结果", "/workspace/activities"),
        activity_id: id,
        title: summary.title,
        counts: counts
            .into_iter()
            .map(|(c, n)| (status_of(&c).map_or(c, |s| s.label_zh().to_owned()), n))
            .collect(),
        entries,
        verified,
        share,
        all,
        lines: rows
            .into_iter()
            .map(|(row, adjudication)| VerdictLine {
                row_no: row.row_no,
                id_masked: row.id_masked,
                verified: status_of(&row.status).is_some_and(|s| s.is_verified()),
                status: status_of(&row.status)
                    .map_or(row.status.clone(), |s| s.label_zh().to_owned()),
                reasons: row.reasons_zh,
                adjudication: adjudication
                    .map(|(state, comment)| adjudication_text(&state, &comment))
                    .unwrap_or_default(),
            })
            .collect(),
    };
    Ok(staff_page(StatusCode::OK, &view))
}

fn adjudication_text(state: &str, comment: &str) -> String {
    let name = match state {
        "open" => "待扶贫部门核定",
        "upheld" => "核定：维持存疑",
        "overturned" => "核定：改判通过",
        "closed_by_correction" => "已更正，自动关闭",
        other => other,
    };
    if comment.is_empty() {
        name.to_owned()
    } else {
        format!("{name}（{comment}）")
    }
}
