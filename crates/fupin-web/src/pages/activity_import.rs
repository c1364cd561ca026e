//! A county office's bulk import of many organizations' activities from one workbook (issue 4,
//! item 5): the form with the templates, and the upload that writes all rows as drafts or none.
//!
//! | route | what |
//! |---|---|
//! | `GET /workspace/activities/import` | the form and the template links (officers of government units) |
//! | `GET /workspace/activities/import/template.csv`, `…/template.xlsx` | the templates |
//! | `POST /workspace/activities/import?csrf=` | multipart field `file`: 303 back with a notice, or 422 with the report |
//!
//! Who may import, and which organizations' rows are admitted, is the use case's decision
//! ([`fupin_app::App::import_activities`]); the page shows the report's row, column and message.

use std::io::Cursor;

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use fupin_app::AppError;
use fupin_app::activity_import::{
    MAX_BYTES, activity_template_csv, activity_template_xlsx, may_import,
};
use fupin_app::import_report::{ImportError, ImportReport};

use super::activity_roster::{ProblemVm, attachment};
use super::staff::{ListQuery, StaffLayout, see_other, staff_page};
use super::{PageCtx, PageError};
use crate::WebState;
use crate::session::Staff;

const SECTION: &str = "/workspace/activities";
const PAGE: &str = "/workspace/activities/import";

/// The body limit of the upload route: the file and the multipart framing around it.
pub const UPLOAD_BODY_LIMIT: usize = MAX_BYTES + 64 * 1024;

#[derive(Template)]
#[template(path = "ws_activity_import.html")]
struct ImportPage {
    layout: StaffLayout,
    max_mib: usize,
    summary: Option<String>,
    file: String,
    total: u64,
    problems: Vec<ProblemVm>,
    hidden: u64,
}

/// The form, with a notice after an import or the summary and report of a refused file.
fn page(
    staff: &Staff,
    status: StatusCode,
    notice: Option<String>,
    summary: Option<String>,
    report: ImportReport,
) -> Response {
    let listed = report.problems.len() as u64;
    let view = ImportPage {
        layout: StaffLayout::for_staff(staff, "批量导入扶贫项目", SECTION).with_notice(notice),
        max_mib: MAX_BYTES / (1024 * 1024),
        summary,
        total: report.total,
        hidden: report.total.saturating_sub(listed),
        problems: report.problems.into_iter().map(ProblemVm::from).collect(),
        file: report.file,
    };
    staff_page(status, &view)
}

/// `GET /workspace/activities/import` (`?done=N` after an import).
pub async fn form(
    ctx: PageCtx,
    staff: Staff,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    if !may_import(&staff.actor) {
        return Err(ctx.error(AppError::Forbidden));
    }
    let notice = query
        .done
        .as_deref()
        .and_then(|d| d.parse::<u64>().ok())
        .map(|n| format!("已导入 {n} 个项目，均为所属社会组织的草稿，由社会组织核对后提交审核。"));
    Ok(page(
        &staff,
        StatusCode::OK,
        notice,
        None,
        ImportReport::new(""),
    ))
}

/// `GET /workspace/activities/import/template.csv` and `…/template.xlsx`.
pub async fn template(
    ctx: PageCtx,
    staff: Staff,
    Path(file): Path<String>,
) -> Result<Response, PageError> {
    if !may_import(&staff.actor) {
        return Err(ctx.error(AppError::Forbidden));
    }
    let (bytes, content_type, ascii, name) = match file.as_str() {
        "template.csv" => (
            activity_template_csv(),
            "text/csv; charset=utf-8",
            "activities-template.csv",
            "扶贫项目导入模板.csv",
        ),
        "template.xlsx" => (
            activity_template_xlsx()
                .map_err(|e| ctx.error(AppError::Invalid(format!("模板生成失败：{e}"))))?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "activities-template.xlsx",
            "扶贫项目导入模板.xlsx",
        ),
        _ => return Err(ctx.error(AppError::NotFound)),
    };
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&attachment(ascii, name)) {
        headers.insert(CONTENT_DISPOSITION, value);
    }
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// The `file` field of the upload: a displayable name and the content.
async fn read_upload(multipart: &mut Multipart) -> Result<(String, Bytes), String> {
    let too_big = format!(
        "文件读取失败：文件可能超过 {} MiB 的上限",
        MAX_BYTES / (1024 * 1024)
    );
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Err("请选择要上传的项目汇总文件（CSV 或 Excel）".to_owned()),
            Err(_) => return Err(too_big),
        };
        if field.name() != Some("file") {
            continue;
        }
        let given = field.file_name().unwrap_or_default().to_owned();
        let bytes = field.bytes().await.map_err(|_| too_big.clone())?;
        if bytes.len() > MAX_BYTES {
            return Err(too_big);
        }
        if bytes.is_empty() {
            return Err("请选择要上传的项目汇总文件（CSV 或 Excel）".to_owned());
        }
        let base = given.rsplit(['/', '\\']).next().unwrap_or_default();
        let name: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
        let name = if name.trim().is_empty() {
            "项目汇总".to_owned()
        } else {
            name.trim().to_owned()
        };
        return Ok((name, bytes));
    }
}

/// `POST /workspace/activities/import?csrf=` (multipart, field `file`).
pub async fn upload(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let (name, bytes) = match read_upload(&mut multipart).await {
        Ok(file) => file,
        Err(message) => {
            return Ok(page(
                &staff,
                StatusCode::BAD_REQUEST,
                None,
                Some(message),
                ImportReport::new(""),
            ));
        }
    };
    let imported = state
        .app
        .import_activities(&staff.actor, &name, Cursor::new(bytes))
        .await;
    match imported {
        Ok(done) => Ok(see_other(&format!("{PAGE}?done={}", done.ids.len()), &[])),
        Err(ImportError::Rejected(report)) => {
            let summary = format!(
                "文件 {} 未导入：发现 {} 处问题，整个文件未写入任何数据。请按下表逐处修改后重新上传。",
                report.file, report.total
            );
            Ok(page(
                &staff,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                Some(summary),
                report,
            ))
        }
        Err(ImportError::App(AppError::Invalid(message))) => Ok(page(
            &staff,
            StatusCode::BAD_REQUEST,
            None,
            Some(format!("文件 {name} 未导入：{message}")),
            ImportReport::new(""),
        )),
        Err(ImportError::App(other)) => Err(ctx.error(other)),
    }
}
