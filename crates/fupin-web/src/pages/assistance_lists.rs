//! The assistance lists (农村低保, 特困人员, 贫困残疾人) for 民政 and 扶贫 offices: members per list
//! and status in the region, an upload form per list, the report of a refused file, and past
//! imports. Roster entries of a list's category are verified against it (see
//! `fupin_app::list_import`).
//!
//! | route | what |
//! |---|---|
//! | `GET /workspace/lists` (`?import=ID` after an upload) | counts, the forms and the past imports |
//! | `POST /workspace/lists/{list}?csrf=` | multipart fields `effective`, `file`: 303 back, or 422 with the report |

use std::io::Cursor;

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use fupin_app::AppError;
use fupin_app::import_report::{ImportError, ImportReport};
use fupin_app::list_import::list_import_region;
use fupin_domain::{AssistanceList, ListStatus};
use fupin_store::lists::ListImportRow;
use serde::Deserialize;

use super::activity_roster::ProblemVm;
use super::registry::{IMPORT_MAX_BYTES, read_upload};
use super::staff::{StaffLayout, see_other, staff_page};
use super::{PageCtx, PageError};
use crate::WebState;
use crate::session::Staff;

const PAGE: &str = "/workspace/lists";

/// One list with its members by status in the region.
struct ListVm {
    code: &'static str,
    label: &'static str,
    active: i64,
    exited: i64,
    deceased: i64,
}

/// One past import as the page lists it.
#[derive(Clone)]
struct ImportVm {
    id: i64,
    list: String,
    imported_at: String,
    effective: String,
    region: String,
    file_name: String,
    actor_name: String,
    added: i64,
    changed: i64,
    removed: i64,
    unchanged: i64,
}

impl From<ListImportRow> for ImportVm {
    fn from(row: ListImportRow) -> Self {
        ImportVm {
            id: row.id,
            list: AssistanceList::from_code(&row.list_kind)
                .map_or(row.list_kind.clone(), |l| l.label_zh().to_owned()),
            imported_at: crate::format::beijing_time(row.imported_at),
            effective: row.effective.to_string(),
            region: if row.region_code.is_empty() {
                "全国".to_owned()
            } else {
                row.region_code
            },
            file_name: row.file_name,
            actor_name: row.actor_name,
            added: row.added,
            changed: row.changed,
            removed: row.removed,
            unchanged: row.unchanged,
        }
    }
}

#[derive(Template)]
#[template(path = "ws_lists.html")]
struct ListsPage {
    layout: StaffLayout,
    max_mib: usize,
    today: String,
    /// The office's region code (`全国` for a national office).
    region: String,
    lists: Vec<ListVm>,
    summary: Option<String>,
    done: Option<ImportVm>,
    file: String,
    total: u64,
    problems: Vec<ProblemVm>,
    hidden: u64,
    imports: Vec<ImportVm>,
}

/// The page with the counts, the import just made or the report of a refused file, and the log.
async fn lists_page(
    state: &WebState,
    ctx: &PageCtx,
    staff: &Staff,
    status: StatusCode,
    just_done: Option<i64>,
    summary: Option<String>,
    report: ImportReport,
) -> Result<Response, PageError> {
    let counts = state
        .app
        .list_member_counts(&staff.actor)
        .await
        .map_err(|e| ctx.error(e))?;
    let count = |list: AssistanceList, status: ListStatus| {
        counts
            .iter()
            .filter(|(l, s, _)| *l == list && *s == status)
            .map(|(_, _, n)| *n)
            .sum()
    };
    let lists = AssistanceList::ALL
        .iter()
        .map(|list| ListVm {
            code: list.code(),
            label: list.label_zh(),
            active: count(*list, ListStatus::Active),
            exited: count(*list, ListStatus::Exited),
            deceased: count(*list, ListStatus::Deceased),
        })
        .collect();
    let imports: Vec<ImportVm> = state
        .app
        .list_imports(&staff.actor)
        .await
        .map_err(|e| ctx.error(e))?
        .into_iter()
        .map(ImportVm::from)
        .collect();
    let done = just_done.and_then(|id| imports.iter().find(|i| i.id == id).cloned());
    let listed = report.problems.len() as u64;
    let view = ListsPage {
        layout: StaffLayout::for_staff(staff, "救助名单", PAGE),
        max_mib: IMPORT_MAX_BYTES / (1024 * 1024),
        today: state.app.registry_today().to_string(),
        region: match list_import_region(&staff.actor).unwrap_or_default() {
            code if code.is_empty() => "全国".to_owned(),
            code => code,
        },
        lists,
        summary,
        done,
        total: report.total,
        hidden: report.total.saturating_sub(listed),
        problems: report.problems.into_iter().map(ProblemVm::from).collect(),
        file: report.file,
        imports,
    };
    Ok(staff_page(status, &view))
}

/// The query after an upload.
#[derive(Debug, Deserialize)]
pub struct ListsQuery {
    import: Option<i64>,
}

/// `GET /workspace/lists` (`?import=ID` after an upload).
pub async fn lists(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Query(query): Query<ListsQuery>,
) -> Result<Response, PageError> {
    let report = ImportReport::new("");
    lists_page(
        &state,
        &ctx,
        &staff,
        StatusCode::OK,
        query.import,
        None,
        report,
    )
    .await
}

/// `POST /workspace/lists/{list}?csrf=` (multipart: `effective`, `file`).
pub async fn upload(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Path(code): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let Some(list) = AssistanceList::from_code(&code) else {
        return Err(ctx.error(AppError::NotFound));
    };
    if list_import_region(&staff.actor).is_none() {
        return Err(ctx.error(AppError::Forbidden));
    }
    let refuse = |message: String| {
        let report = ImportReport::new("");
        lists_page(
            &state,
            &ctx,
            &staff,
            StatusCode::BAD_REQUEST,
            None,
            Some(message),
            report,
        )
    };
    let command = format!("fupin import list --list {}", list.code());
    let (effective, name, bytes) =
        match read_upload(&mut multipart, list.label_zh(), &command).await {
            Ok(upload) => upload,
            Err(message) => return refuse(message).await,
        };
    let effective = match effective.trim() {
        "" => None,
        text => match crate::format::parse_date(text) {
            Some(date) => Some(date),
            None => {
                let message = format!("生效日期应写作 YYYY-MM-DD，如 2024-06-30，实际为“{text}”");
                return refuse(message).await;
            }
        },
    };
    let imported = state
        .app
        .import_list(&staff.actor, list, &name, effective, Cursor::new(bytes))
        .await;
    match imported {
        Ok(done) => Ok(see_other(&format!("{PAGE}?import={}", done.import_id), &[])),
        Err(ImportError::Rejected(report)) => {
            let summary = format!(
                "{} 文件 {} 未导入：发现 {} 处问题，整个文件未写入任何数据。请按下表逐处修改后重新上传。",
                list.label_zh(),
                report.file,
                report.total
            );
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            lists_page(&state, &ctx, &staff, status, None, Some(summary), report).await
        }
        Err(ImportError::App(AppError::Invalid(message))) => {
            refuse(format!("文件 {name} 未导入：{message}")).await
        }
        Err(ImportError::App(other)) => Err(ctx.error(other)),
    }
}
