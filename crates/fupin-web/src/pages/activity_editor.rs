//! The activity editor of organization staff: "新建项目", the edit page with one form per part
//! (basic information, locations with a region picker that needs no JavaScript, money,
//! beneficiaries, indicators, partners, evidence files). Every form posts, the use case checks
//! role, ownership, status and the rules, and the page comes back (with the error, if refused).

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use fupin_app::AppError;
use fupin_app::activity_editor::{ActivityView, writing_organization};
use fupin_domain::activity_rules::PartnerRole;
use fupin_domain::{Field, Method};
use serde::Deserialize;

use super::activity_forms::{Change, FormFields, apply, change, core};
use super::activity_view::{Choices, DetailVm, Opt, money_input, options};
use super::staff::{StaffLayout, notice_for, see_other, staff_page};
use super::{PageCtx, PageError};
use crate::WebState;
use crate::session::Staff;

const SECTION: &str = "/workspace/activities";

#[derive(Template)]
#[template(path = "ae_new.html")]
struct NewPage {
    layout: StaffLayout,
    choices: Choices,
    year: i32,
}

/// `GET /workspace/activities/new`: organization staff only.
pub async fn new_form(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
) -> Result<Response, PageError> {
    if writing_organization(&staff.actor).is_none() {
        return Err(ctx.error(AppError::Forbidden));
    }
    let page = NewPage {
        layout: StaffLayout::for_staff(&staff, "新建项目", SECTION),
        choices: Choices::new(None),
        year: state.app.now().year(),
    };
    Ok(staff_page(StatusCode::OK, &page))
}

/// `POST /workspace/activities/new`: creates a draft and opens its editor.
pub async fn create(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    body: Bytes,
) -> Result<Response, PageError> {
    let form = FormFields::parse(&body);
    let content = core(&form).map_err(|e| ctx.error(e))?;
    let (id, _) = state
        .app
        .create_activity(&staff.actor, &content)
        .await
        .map_err(|e| ctx.error(e))?;
    Ok(see_other(&format!("{SECTION}/{id}/edit?done=created"), &[]))
}

/// The core form's current values.
#[derive(Debug)]
pub struct CoreVm {
    title: String,
    description: String,
    fields: Vec<Opt>,
    more_fields: Vec<Opt>,
    methods: Vec<Opt>,
    year: i32,
    dates: [(&'static str, &'static str, String); 4],
    goods_value: String,
    volunteer_hours: i64,
}

/// The region picker: chosen path and next options, as (code, name).
#[derive(Debug, Default)]
pub struct PickerVm {
    path: Vec<(String, String)>,
    options: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "ae_edit.html")]
struct EditPage {
    layout: StaffLayout,
    a: DetailVm,
    error: Option<String>,
    core: CoreVm,
    choices: Choices,
    picker: PickerVm,
    roles: Vec<(&'static str, &'static str)>,
}

/// `?region=&done=` of the edit page.
#[derive(Debug, Default, Deserialize)]
pub struct EditQuery {
    region: Option<String>,
    done: Option<String>,
}

fn core_vm(v: &ActivityView) -> CoreVm {
    let c = &v.content;
    let date = |d: Option<time::Date>| d.map(|d| d.to_string()).unwrap_or_default();
    CoreVm {
        title: c.title.clone(),
        description: c.description.clone(),
        fields: options::<Field>(&[c.field]),
        more_fields: options::<Field>(&c.more_fields),
        methods: options::<Method>(&[c.method]),
        year: c.year,
        dates: [
            ("planned_start", "计划开始", date(c.planned_start)),
            ("planned_end", "计划结束", date(c.planned_end)),
            ("actual_start", "实际开始", date(c.actual_start)),
            ("actual_end", "实际结束", date(c.actual_end)),
        ],
        goods_value: money_input(c.goods_value),
        volunteer_hours: c.volunteer_hours,
    }
}

async fn edit_page(
    state: &WebState,
    ctx: &PageCtx,
    staff: &Staff,
    id: i64,
    query: EditQuery,
    error: Option<String>,
) -> Result<Response, PageError> {
    let view = state
        .app
        .activity_view(&staff.actor, id)
        .await
        .map_err(|e| ctx.error(e))?;
    if !view.may_edit {
        return Ok(see_other(&format!("{SECTION}/{id}"), &[]));
    }
    let choices = state
        .app
        .region_choices(query.region.as_deref())
        .await
        .map_err(|e| ctx.error(e))?;
    let pair = |r: &fupin_store::regions::RegionRow| (r.code.clone(), r.name.clone());
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let page = EditPage {
        layout: StaffLayout::for_staff(staff, &format!("编辑：{}", view.row.title), SECTION)
            .with_notice(
                notice_for(query.done.as_deref()).or_else(|| done_notice(query.done.as_deref())),
            ),
        a: DetailVm::new(&view),
        error,
        core: core_vm(&view),
        choices: Choices::new(Some(&view)),
        picker: PickerVm {
            path: choices.path.iter().map(pair).collect(),
            options: choices.options.iter().map(pair).collect(),
        },
        roles: PartnerRole::ALL
            .iter()
            .map(|r| (r.code(), r.label_zh()))
            .collect(),
    };
    Ok(staff_page(status, &page))
}

fn done_notice(done: Option<&str>) -> Option<String> {
    match done? {
        "saved" => Some("已保存。".to_owned()),
        "uploaded" => Some("证明材料已上传。".to_owned()),
        _ => None,
    }
}

/// `GET /workspace/activities/{id}/edit?region=`: the editor (the organization's drafts and
/// returned reports; anything else goes to the detail page).
pub async fn edit(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Path(id): Path<i64>,
    Query(query): Query<EditQuery>,
) -> Result<Response, PageError> {
    edit_page(&state, &ctx, &staff, id, query, None).await
}

/// Links partners and providers typed by credit code to registered organizations.
async fn resolve(state: &WebState, change: &mut Change) -> Result<(), AppError> {
    match change {
        Change::AddPartner(partner, Some(code)) => {
            let org = state.app.organization_by_credit_code(code).await?;
            partner.organization_id = Some(org.id);
            if partner.name.trim().is_empty() {
                partner.name = org.name;
            }
        }
        Change::AddTransaction(t, Some(code)) => {
            let org = state.app.organization_by_credit_code(code).await?;
            t.provider_org_id = Some(org.id);
            if t.provider.is_none() {
                t.provider = Some(org.name);
            }
        }
        _ => {}
    }
    Ok(())
}

/// `POST /workspace/activities/{id}/edit/{section}`: one part of the editor.
pub async fn save_section(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Path((id, section)): Path<(i64, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    let form = FormFields::parse(&body);
    let result = async {
        let mut change = change(&section, &form)?;
        resolve(&state, &mut change).await?;
        state
            .app
            .edit_activity(&staff.actor, id, &section, |content| apply(change, content))
            .await
    }
    .await;
    match result {
        Ok(_) => Ok(see_other(&format!("{SECTION}/{id}/edit?done=saved"), &[])),
        Err(AppError::Invalid(message)) => {
            let query = EditQuery {
                region: form.opt("region"),
                done: None,
            };
            edit_page(&state, &ctx, &staff, id, query, Some(message)).await
        }
        Err(other) => Err(ctx.error(other)),
    }
}

/// `POST /workspace/activities/{id}/evidence?csrf=` (multipart, field `file`).
pub async fn upload_evidence(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let mut file = None;
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("证明材料").to_owned();
            let bytes = field.bytes().await.map_err(|_| {
                ctx.error(AppError::Invalid(
                    "文件读取失败：文件可能超过 10 MiB 的上限".to_owned(),
                ))
            })?;
            file = Some((name, bytes));
        }
    }
    let Some((name, bytes)) = file else {
        return Err(ctx.error(AppError::Invalid("请选择要上传的文件".to_owned())));
    };
    match state
        .app
        .add_evidence(&staff.actor, id, &name, &bytes)
        .await
    {
        Ok(_) => Ok(see_other(
            &format!("{SECTION}/{id}/edit?done=uploaded"),
            &[],
        )),
        Err(AppError::Invalid(message)) => {
            edit_page(
                &state,
                &ctx,
                &staff,
                id,
                EditQuery::default(),
                Some(message),
            )
            .await
        }
        Err(other) => Err(ctx.error(other)),
    }
}

/// `POST /workspace/activities/{id}/evidence/{file}/remove`.
pub async fn remove_evidence(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Path((id, file)): Path<(i64, i64)>,
) -> Result<Response, PageError> {
    state
        .app
        .remove_evidence(&staff.actor, id, file)
        .await
        .map_err(|e| ctx.error(e))?;
    Ok(see_other(&format!("{SECTION}/{id}/edit?done=saved"), &[]))
}

/// `GET /workspace/activities/{id}/evidence/{file}`: the file, for anyone who sees the activity.
pub async fn download_evidence(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Path((id, file)): Path<(i64, i64)>,
) -> Result<Response, PageError> {
    let (row, bytes) = state
        .app
        .evidence_file(&staff.actor, id, file)
        .await
        .map_err(|e| ctx.error(e))?;
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&row.content_type) {
        headers.insert(CONTENT_TYPE, value);
    }
    let encoded: String = form_urlencoded::byte_serialize(row.file_name.as_bytes()).collect();
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename*=UTF-8''{encoded}")) {
        headers.insert(CONTENT_DISPOSITION, value);
    }
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
