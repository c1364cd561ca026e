//! The roster (受益人名单) of an activity in the staff pages and the JSON API: how many persons it
//! lists, the templates, and the upload that replaces it all or nothing.
//!
//! | route | what |
//! |---|---|
//! | `GET /workspace/activities/{id}/roster/template.csv` | the CSV template (UTF-8 with BOM), for anyone who sees the activity |
//! | `GET /workspace/activities/{id}/roster/template.xlsx` | the Excel template |
//! | `POST /workspace/activities/{id}/roster?csrf=` | multipart field `file`: 303 to the detail page, or 422 with the report |
//! | `GET /api/v1/activities/{id}/roster` | `{entries, may_upload}` |
//! | `POST /api/v1/activities/{id}/roster` | multipart field `file`, `X-CSRF-Token`: 200 `{imported, replaced, format}` or 422 `{file, problems, total}` |
//!
//! Who may upload is the use case's decision ([`fupin_app::App::import_roster`]); the page only
//! shows the form to those [`fupin_app::roster_page::RosterSummary::may_upload`] admits. The pages
//! show counts and the report's row, column and message — never a name or an ID number — and
//! nothing here logs.

use std::io::Cursor;

use askama::Template;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use fupin_app::AppError;
use fupin_app::import_report::{ImportError, ImportReport};
use fupin_app::roster_page::{MAX_ROSTER_BYTES, RosterSummary, RosterTemplate};
use serde::Serialize;

use super::staff::{StaffLayout, see_other, staff_page};
use super::{PageCtx, PageError};
use crate::WebState;
use crate::api::ApiError;
use crate::session::Staff;

const SECTION: &str = "/workspace/activities";

/// The upload limit in MiB, as the pages state it.
const MAX_MIB: usize = MAX_ROSTER_BYTES / (1024 * 1024);

/// The body limit of the upload routes: the file and the multipart framing around it.
pub const UPLOAD_BODY_LIMIT: usize = MAX_ROSTER_BYTES + 64 * 1024;

/// The roster section of the detail page.
#[derive(Debug, Clone)]
pub struct RosterSection {
    /// Entries stored.
    pub entries: i64,
    /// Whether the upload form is shown.
    pub may_upload: bool,
    /// The upload limit in MiB.
    pub max_mib: usize,
}

impl From<&RosterSummary> for RosterSection {
    fn from(summary: &RosterSummary) -> Self {
        RosterSection {
            entries: summary.entries,
            may_upload: summary.may_upload,
            max_mib: MAX_MIB,
        }
    }
}

/// The roster section of activity `id` for the detail page.
pub async fn section(state: &WebState, staff: &Staff, id: i64) -> Result<RosterSection, AppError> {
    let summary = state.app.roster_summary(&staff.actor, id).await?;
    Ok(RosterSection::from(&summary))
}

/// The confirmation after an upload (`?done=roster-N`).
pub fn notice(done: Option<&str>) -> Option<String> {
    let rows: u64 = done?.strip_prefix("roster-")?.parse().ok()?;
    Some(format!("已导入 {rows} 条受益人记录。"))
}

/// `GET /workspace/activities/{id}/roster/template.csv` and `…/template.xlsx`.
pub async fn template(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Path((id, file)): Path<(i64, String)>,
) -> Result<Response, PageError> {
    let kind = match file.as_str() {
        "template.csv" => RosterTemplate::Csv,
        "template.xlsx" => RosterTemplate::Xlsx,
        _ => return Err(ctx.error(AppError::NotFound)),
    };
    let bytes = state
        .app
        .roster_template(&staff.actor, id, kind)
        .await
        .map_err(|e| ctx.error(e))?;
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(kind.content_type()));
    if let Ok(value) = HeaderValue::from_str(&attachment(kind.ascii_name(), kind.file_name())) {
        headers.insert(CONTENT_DISPOSITION, value);
    }
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// `Content-Disposition: attachment` with an ASCII `filename` and the UTF-8 name as RFC 5987
/// `filename*` (every byte outside RFC 5987's `attr-char` percent-encoded).
pub fn attachment(ascii: &str, name: &str) -> String {
    let mut encoded = String::with_capacity(name.len() * 3);
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// A file name fit to show: no path, no control characters, at most 200 characters.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() {
        "名单".to_owned()
    } else {
        cleaned.to_owned()
    }
}

/// The `file` field of a multipart upload: its cleaned name and content.
async fn read_upload(multipart: &mut Multipart) -> Result<(String, Bytes), AppError> {
    let unread = || {
        AppError::Invalid(format!(
            "文件读取失败：文件可能超过 {MAX_MIB} MiB 的上限（请拆分后分别导入，或上传体积更小的 .xlsx 文件）"
        ))
    };
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => {
                return Err(AppError::Invalid(
                    "请选择要上传的受益人名单文件（CSV 或 Excel）".to_owned(),
                ));
            }
            Err(_) => return Err(unread()),
        };
        if field.name() != Some("file") {
            continue;
        }
        let given = field.file_name().unwrap_or_default().to_owned();
        let bytes = field.bytes().await.map_err(|_| unread())?;
        if bytes.len() > MAX_ROSTER_BYTES {
            return Err(unread());
        }
        if given.is_empty() && bytes.is_empty() {
            return Err(AppError::Invalid(
                "请选择要上传的受益人名单文件（CSV 或 Excel）".to_owned(),
            ));
        }
        return Ok((clean_name(&given), bytes));
    }
}

/// A problem of the report, as the table shows it.
#[derive(Debug)]
pub struct ProblemVm {
    /// Line number ("—" for the file as a whole).
    pub row: String,
    /// Column ("—" when the problem is not one cell's).
    pub column: String,
    /// What to fix.
    pub message: String,
}

impl From<fupin_app::import_report::RowProblem> for ProblemVm {
    fn from(p: fupin_app::import_report::RowProblem) -> Self {
        ProblemVm {
            row: if p.row == 0 {
                "—".to_owned()
            } else {
                p.row.to_string()
            },
            column: p.column.unwrap_or_else(|| "—".to_owned()),
            message: p.message,
        }
    }
}

#[derive(Template)]
#[template(path = "ae_roster_report.html")]
struct ReportPage {
    layout: StaffLayout,
    id: i64,
    title: String,
    summary: String,
    file: String,
    total: u64,
    problems: Vec<ProblemVm>,
    hidden: u64,
    roster: RosterSection,
}

fn report_page(
    staff: &Staff,
    summary: &RosterSummary,
    status: StatusCode,
    message: String,
    report: Option<ImportReport>,
) -> Response {
    let report = report.unwrap_or_else(|| ImportReport::new(""));
    let listed = report.problems.len() as u64;
    let page = ReportPage {
        layout: StaffLayout::for_staff(
            staff,
            &format!("受益人名单未导入：{}", summary.title),
            SECTION,
        ),
        id: summary.activity_id,
        title: summary.title.clone(),
        summary: message,
        total: report.total,
        hidden: report.total.saturating_sub(listed),
        problems: report.problems.into_iter().map(ProblemVm::from).collect(),
        file: report.file,
        roster: RosterSection::from(summary),
    };
    staff_page(status, &page)
}

/// `POST /workspace/activities/{id}/roster?csrf=` (multipart, field `file`): replaces the roster
/// and goes back to the detail page, or shows every problem of the file (422) and writes nothing.
pub async fn upload(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let summary = state
        .app
        .roster_summary(&staff.actor, id)
        .await
        .map_err(|e| ctx.error(e))?;
    let (name, bytes) = match read_upload(&mut multipart).await {
        Ok(file) => file,
        Err(AppError::Invalid(message)) => {
            return Ok(report_page(
                &staff,
                &summary,
                StatusCode::BAD_REQUEST,
                message,
                None,
            ));
        }
        Err(other) => return Err(ctx.error(other)),
    };
    let imported = state
        .app
        .import_roster(&staff.actor, id, &name, Cursor::new(bytes))
        .await;
    match imported {
        Ok(done) => Ok(see_other(
            &format!("{SECTION}/{id}?done=roster-{}", done.rows),
            &[],
        )),
        Err(ImportError::Rejected(report)) => {
            let message = format!(
                "文件 {} 未导入：发现 {} 处问题，整个文件未写入任何数据，原有名单（{} 条）保持不变。请按下表逐处修改后重新上传。",
                report.file, report.total, summary.entries
            );
            Ok(report_page(
                &staff,
                &summary,
                StatusCode::UNPROCESSABLE_ENTITY,
                message,
                Some(report),
            ))
        }
        Err(ImportError::App(AppError::Invalid(message))) => Ok(report_page(
            &staff,
            &summary,
            StatusCode::BAD_REQUEST,
            format!("文件 {name} 未导入：{message}"),
            None,
        )),
        Err(ImportError::App(other)) => Err(ctx.error(other)),
    }
}

/// `GET /api/v1/activities/{id}/roster`.
#[derive(Debug, Serialize)]
pub struct RosterJson {
    /// Roster entries stored.
    pub entries: i64,
    /// Whether the actor may replace the roster now.
    pub may_upload: bool,
}

/// A successful upload.
#[derive(Debug, Serialize)]
pub struct ImportedJson {
    /// Entries written.
    pub imported: u64,
    /// Entries of the previous roster replaced.
    pub replaced: u64,
    /// `CSV`, `XLSX` or `XLS`.
    pub format: &'static str,
}

/// One problem of a refused file.
#[derive(Debug, Serialize)]
pub struct ProblemJson {
    /// Line number in the file (the header is line 1; 0 for the file as a whole).
    pub row: u64,
    /// Column name, when the problem is one cell's.
    pub column: Option<String>,
    /// What to fix.
    pub message: String,
}

/// A refused file (422): nothing was written.
#[derive(Debug, Serialize)]
pub struct RejectedJson {
    /// `rejected`.
    pub error: &'static str,
    /// A summary in Chinese.
    pub message: String,
    /// File name as given.
    pub file: String,
    /// The problems listed (at most [`ImportReport::LISTED`]).
    pub problems: Vec<ProblemJson>,
    /// All problems found.
    pub total: u64,
}

fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `GET /api/v1/activities/{id}/roster`: the count and whether the actor may upload.
pub async fn api_show(
    State(state): State<WebState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let summary = state.app.roster_summary(&staff.actor, id).await?;
    Ok(no_store(
        Json(RosterJson {
            entries: summary.entries,
            may_upload: summary.may_upload,
        })
        .into_response(),
    ))
}

/// `POST /api/v1/activities/{id}/roster` (multipart, field `file`).
pub async fn api_upload(
    State(state): State<WebState>,
    staff: Staff,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> Result<Response, ApiError> {
    state.app.roster_summary(&staff.actor, id).await?;
    let (name, bytes) = read_upload(&mut multipart).await?;
    let imported = state
        .app
        .import_roster(&staff.actor, id, &name, Cursor::new(bytes))
        .await;
    let response = match imported {
        Ok(done) => Json(ImportedJson {
            imported: done.rows,
            replaced: done.replaced,
            format: done.format.name(),
        })
        .into_response(),
        Err(ImportError::Rejected(report)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(RejectedJson {
                error: "rejected",
                message: format!(
                    "文件 {} 未导入：发现 {} 处问题，整个文件未写入任何数据",
                    report.file, report.total
                ),
                file: report.file,
                total: report.total,
                problems: report
                    .problems
                    .into_iter()
                    .map(|p| ProblemJson {
                        row: p.row,
                        column: p.column,
                        message: p.message,
                    })
                    .collect(),
            }),
        )
            .into_response(),
        Err(ImportError::App(err)) => return Err(err.into()),
    };
    Ok(no_store(response))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_encoded_after_rfc_5987_and_cleaned_of_paths() {
        let header = attachment("r.csv", "受益人 名单.csv");
        assert!(header.ends_with("UTF-8''%E5%8F%97%E7%9B%8A%E4%BA%BA%20%E5%90%8D%E5%8D%95.csv"));
        assert_eq!(clean_name("C:\\Users\\a\\名单\u{7}.csv"), "名单.csv");
        assert_eq!(clean_name("  "), "名单");
    }
}
