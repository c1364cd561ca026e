//! The auditor's view of the audit log: search by who, what, target, outcome and time, newest
//! first, and the state of the hash chain. Each search is itself recorded by the use case.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use fupin_app::{AppError, Page};
use fupin_store::audit::AuditFilter;
use serde::Deserialize;

use super::staff::{Pager, StaffLayout, staff_page};
use super::{PageCtx, PageError};
use crate::WebState;
use crate::format::{beijing_time, parse_date};
use crate::session::Staff;

/// Entries per page.
const PER_PAGE: i64 = 50;

/// The search form (GET, so a search can be bookmarked; it holds no personal data).
#[derive(Debug, Default, Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    until: String,
    page: Option<i64>,
    /// Present when the auditor asked to check the hash chain (it reads the whole log).
    verify: Option<String>,
}

/// An entry as a row.
#[derive(Debug)]
pub struct EntryItem {
    id: i64,
    at: String,
    actor: String,
    action: String,
    target: String,
    outcome: &'static str,
    source: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "audit_log.html")]
struct AuditPage {
    layout: StaffLayout,
    query: AuditQuery,
    items: Vec<EntryItem>,
    pager: Pager,
    chain: Option<(bool, String)>,
}

fn outcome_label(code: &str) -> &'static str {
    match code {
        "ok" => "成功",
        "denied" => "拒绝",
        _ => "失败",
    }
}

/// `GET /audit`: the auditor's search.
pub async fn search(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Query(query): Query<AuditQuery>,
) -> Result<Response, PageError> {
    let day = |text: &str, field: &str| -> Result<_, PageError> {
        if text.trim().is_empty() {
            return Ok(None);
        }
        parse_date(text)
            .map(|d| Some(d.midnight().assume_offset(time::macros::offset!(+8))))
            .ok_or_else(|| {
                ctx.error(AppError::Invalid(format!(
                    "{field}应为 YYYY-MM-DD 格式的日期"
                )))
            })
    };
    let filter = AuditFilter {
        actor: query.actor.trim().to_owned(),
        action: query.action.trim().to_owned(),
        target_id: query.target.trim().to_owned(),
        outcome: query.outcome.trim().to_owned(),
        from: day(&query.from, "起始日期")?,
        until: day(&query.until, "截止日期")?.map(|d| d + time::Duration::days(1)),
    };
    let page_no = query.page.unwrap_or(1).max(1);
    let (rows, total) = state
        .app
        .search_audit(&staff.actor, &filter, PER_PAGE, (page_no - 1) * PER_PAGE)
        .await
        .map_err(|e| ctx.error(e))?;
    let chain = if query.verify.is_some() {
        let report = state
            .app
            .verify_audit_chain(None)
            .await
            .map_err(|e| ctx.error(e))?;
        Some(match &report.problem {
            None => (
                true,
                format!(
                    "哈希链完整：已校验 {} 条，链头 {}",
                    report.checked,
                    report.head.as_deref().unwrap_or("（空）")
                ),
            ),
            Some(problem) => (false, problem.to_string()),
        })
    } else {
        None
    };
    let base = form_urlencoded::Serializer::new(String::from("/audit?"))
        .append_pair("actor", &query.actor)
        .append_pair("action", &query.action)
        .append_pair("target", &query.target)
        .append_pair("outcome", &query.outcome)
        .append_pair("from", &query.from)
        .append_pair("until", &query.until)
        .finish()
        + "&";
    let shown = Page::<()> {
        items: Vec::new(),
        total,
        per_page: PER_PAGE,
        page: page_no,
    };
    let page = AuditPage {
        layout: StaffLayout::for_staff(&staff, "审计日志", "/audit"),
        pager: Pager::new(&shown, &base),
        items: rows
            .into_iter()
            .map(|row| EntryItem {
                id: row.id,
                at: beijing_time(row.at),
                actor: row.actor_name,
                action: row.action,
                target: format!("{} {}", row.target_kind, row.target_id),
                outcome: outcome_label(&row.outcome),
                source: row.source_addr,
                detail: row.detail,
            })
            .collect(),
        query,
        chain,
    };
    Ok(staff_page(StatusCode::OK, &page))
}
