//! Registry lookups for 民政 and 扶贫 staff: find a 建档立卡 person by ID number in the
//! jurisdiction, see them with the ID number masked, and (扶贫 staff) reveal it, each view audited.
//! 扶贫 offices also import their region's registry here ([`import_form`], [`import_upload`]): a
//! CSV or Excel file, as a first load, or an update applied as of an effective date, with the counts
//! of the difference and the list of past imports.
//!
//! | route | what |
//! |---|---|
//! | `GET /workspace/registry/import` (`?import=ID` after an upload) | the form and the past imports |
//! | `POST /workspace/registry/import?csrf=` | multipart fields `effective`, `file`: 303 back, or 422 with the report |

use std::io::Cursor;

use askama::Template;
use axum::Form;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use fupin_app::AppError;
use fupin_app::import_report::{ImportError, ImportReport};
use fupin_domain::Role;
use fupin_store::registry::PersonRow;
use fupin_store::registry::imports::ImportRow;
use serde::Deserialize;

use super::activity_roster::ProblemVm;
use super::staff::{StaffLayout, label, see_other, staff_page};
use super::{PageCtx, PageError};
use crate::WebState;
use crate::session::Staff;

#[derive(Template)]
#[template(path = "ws_registry.html")]
struct RegistryPage {
    layout: StaffLayout,
    problem: Option<String>,
    person: Option<PersonRow>,
    status: String,
    full_id: Option<String>,
    may_reveal: bool,
    may_import: bool,
}

fn registry_page(
    staff: &Staff,
    person: Option<PersonRow>,
    full_id: Option<String>,
) -> RegistryPage {
    let status = person
        .as_ref()
        .map(|p| label::<fupin_domain::RegistryStatus>(&p.status))
        .unwrap_or_default();
    RegistryPage {
        layout: StaffLayout::for_staff(staff, "建档立卡查询", "/workspace/registry"),
        problem: None,
        person,
        status,
        full_id,
        may_reveal: staff.actor.unit_kind() == Some(fupin_domain::UnitKind::PovertyOffice)
            && (staff.actor.has_role(Role::Officer) || staff.actor.has_role(Role::Leader)),
        may_import: may_import(staff),
    }
}

/// `GET /workspace/registry`: the lookup form.
pub async fn registry(staff: Staff) -> Response {
    staff_page(StatusCode::OK, &registry_page(&staff, None, None))
}

/// The lookup form (POST, so the ID number never appears in a URL or an access log).
#[derive(Debug, Deserialize)]
pub struct LookupForm {
    id_number: String,
}

/// `POST /workspace/registry`: finds a person by full ID number within the jurisdiction.
pub async fn lookup(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Form(form): Form<LookupForm>,
) -> Result<Response, PageError> {
    match state
        .app
        .find_registry_person(&staff.actor, &form.id_number)
        .await
    {
        Ok(person) => Ok(see_other(
            &format!("/workspace/registry/{}", person.id),
            &[],
        )),
        Err(AppError::Invalid(problem)) => {
            let mut page = registry_page(&staff, None, None);
            page.problem = Some(problem);
            Ok(staff_page(StatusCode::BAD_REQUEST, &page))
        }
        Err(AppError::NotFound) => {
            let mut page = registry_page(&staff, None, None);
            page.problem = Some("本辖区建档立卡数据中没有这个身份证号".to_owned());
            Ok(staff_page(StatusCode::NOT_FOUND, &page))
        }
        Err(err) => Err(ctx.error(err)),
    }
}

/// `GET /workspace/registry/{id}`: a person, ID number masked.
pub async fn person(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let person = state
        .app
        .registry_person(&staff.actor, id)
        .await
        .map_err(|e| ctx.error(e))?;
    Ok(staff_page(
        StatusCode::OK,
        &registry_page(&staff, Some(person), None),
    ))
}

/// `POST /workspace/registry/{id}/reveal`: the full ID number, once, audited.
pub async fn reveal(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let full = state
        .app
        .reveal_registry_id(&staff.actor, id)
        .await
        .map_err(|e| ctx.error(e))?;
    let person = state
        .app
        .registry_person(&staff.actor, id)
        .await
        .map_err(|e| ctx.error(e))?;
    Ok(staff_page(
        StatusCode::OK,
        &registry_page(&staff, Some(person), Some(full)),
    ))
}

/// The largest registry file the page accepts (a county's or prefecture's list; a province or the
/// whole country is imported with `fupin import registry`, which streams from disk).
pub const IMPORT_MAX_BYTES: usize = 256 * 1024 * 1024;

/// The body limit of the upload route: the file, the date and the multipart framing around them.
pub const IMPORT_UPLOAD_BODY_LIMIT: usize = IMPORT_MAX_BYTES + 64 * 1024;

const IMPORT_PAGE: &str = "/workspace/registry/import";

/// Whether the staff member may import their region's registry: officers and leaders of a poverty
/// office (the use case admits the office; the page also wants the role).
fn may_import(staff: &Staff) -> bool {
    staff.actor.unit_kind() == Some(fupin_domain::UnitKind::PovertyOffice)
}

/// One past import as the page lists it.
#[derive(Clone)]
struct ImportVm {
    id: i64,
    imported_at: String,
    effective: String,
    region: String,
    file_name: String,
    actor_name: String,
    added: i64,
    changed: i64,
    exited: i64,
    deceased: i64,
    removed: i64,
    unchanged: i64,
}

impl From<ImportRow> for ImportVm {
    fn from(row: ImportRow) -> Self {
        ImportVm {
            id: row.id,
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
            exited: row.exited,
            deceased: row.deceased,
            removed: row.removed,
            unchanged: row.unchanged,
        }
    }
}

#[derive(Template)]
#[template(path = "ws_registry_import.html")]
struct ImportPage {
    layout: StaffLayout,
    max_mib: usize,
    today: String,
    summary: Option<String>,
    /// The import just made, when the page follows an upload.
    done: Option<ImportVm>,
    file: String,
    total: u64,
    problems: Vec<ProblemVm>,
    hidden: u64,
    imports: Vec<ImportVm>,
}

/// The page: the form, the import just made or the report of a refused file, and past imports.
async fn import_page(
    state: &WebState,
    ctx: &PageCtx,
    staff: &Staff,
    status: StatusCode,
    just_done: Option<i64>,
    summary: Option<String>,
    report: ImportReport,
) -> Result<Response, PageError> {
    let imports: Vec<ImportVm> = state
        .app
        .registry_imports(&staff.actor)
        .await
        .map_err(|e| ctx.error(e))?
        .into_iter()
        .map(ImportVm::from)
        .collect();
    let done = just_done.and_then(|id| imports.iter().find(|i| i.id == id).cloned());
    let listed = report.problems.len() as u64;
    let view = ImportPage {
        layout: StaffLayout::for_staff(staff, "建档立卡名单导入", "/workspace/registry"),
        max_mib: IMPORT_MAX_BYTES / (1024 * 1024),
        today: state.app.registry_today().to_string(),
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
pub struct ImportQuery {
    import: Option<i64>,
}

/// `GET /workspace/registry/import` (`?import=ID` after an upload).
pub async fn import_form(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Query(query): Query<ImportQuery>,
) -> Result<Response, PageError> {
    if !may_import(&staff) {
        return Err(ctx.error(AppError::Forbidden));
    }
    import_page(
        &state,
        &ctx,
        &staff,
        StatusCode::OK,
        query.import,
        None,
        ImportReport::new(""),
    )
    .await
}

/// The fields of the upload: the effective date as typed, a displayable file name and the content.
async fn read_import(multipart: &mut Multipart) -> Result<(String, String, Bytes), String> {
    read_upload(multipart, "建档立卡名单", "fupin import registry").await
}

/// The fields of a list upload (`effective`, `file`): the effective date as typed, a displayable
/// file name and the content; `what` names the list in messages, `command` the command line that
/// takes larger files.
pub(super) async fn read_upload(
    multipart: &mut Multipart,
    what: &str,
    command: &str,
) -> Result<(String, String, Bytes), String> {
    let too_big = format!(
        "文件读取失败：文件可能超过 {} MiB 的上限；更大的名单请用命令 {command} 导入",
        IMPORT_MAX_BYTES / (1024 * 1024)
    );
    let missing = format!("请选择要上传的{what}文件（CSV 或 Excel）");
    let mut effective = String::new();
    let mut file = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => return Err(too_big),
        };
        match field.name() {
            Some("effective") => effective = field.text().await.map_err(|_| too_big.clone())?,
            Some("file") => {
                let given = field.file_name().unwrap_or_default().to_owned();
                let bytes = field.bytes().await.map_err(|_| too_big.clone())?;
                if bytes.len() > IMPORT_MAX_BYTES {
                    return Err(too_big);
                }
                let base = given.rsplit(['/', '\\']).next().unwrap_or_default();
                let name: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
                let name = match name.trim() {
                    "" => what.to_owned(),
                    name => name.to_owned(),
                };
                file = Some((name, bytes));
            }
            _ => {}
        }
    }
    match file {
        Some((name, bytes)) if !bytes.is_empty() => Ok((effective, name, bytes)),
        _ => Err(missing),
    }
}

/// `POST /workspace/registry/import?csrf=` (multipart: `effective`, `file`).
pub async fn import_upload(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    if !may_import(&staff) {
        return Err(ctx.error(AppError::Forbidden));
    }
    let refused = |message: String| (StatusCode::BAD_REQUEST, Some(message));
    let (effective, name, bytes) = match read_import(&mut multipart).await {
        Ok(upload) => upload,
        Err(message) => {
            let (status, summary) = refused(message);
            let report = ImportReport::new("");
            return import_page(&state, &ctx, &staff, status, None, summary, report).await;
        }
    };
    let effective = match effective.trim() {
        "" => None,
        text => match crate::format::parse_date(text) {
            Some(date) => Some(date),
            None => {
                let (status, summary) = refused(format!(
                    "生效日期应写作 YYYY-MM-DD，如 2024-06-30，实际为“{text}”"
                ));
                let report = ImportReport::new("");
                return import_page(&state, &ctx, &staff, status, None, summary, report).await;
            }
        },
    };
    let imported = state
        .app
        .update_registry(&staff.actor, &name, effective, Cursor::new(bytes))
        .await;
    match imported {
        Ok(done) => Ok(see_other(
            &format!("{IMPORT_PAGE}?import={}", done.import_id),
            &[],
        )),
        Err(ImportError::Rejected(report)) => {
            let summary = format!(
                "文件 {} 未导入：发现 {} 处问题，整个文件未写入任何数据。请按下表逐处修改后重新上传。",
                report.file, report.total
            );
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            import_page(&state, &ctx, &staff, status, None, Some(summary), report).await
        }
        Err(ImportError::App(AppError::Invalid(message))) => {
            let (status, summary) = refused(format!("文件 {name} 未导入：{message}"));
            let report = ImportReport::new("");
            import_page(&state, &ctx, &staff, status, None, summary, report).await
        }
        Err(ImportError::App(other)) => Err(ctx.error(other)),
    }
}
