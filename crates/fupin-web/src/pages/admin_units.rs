//! Government units (登记管理机关, 扶贫部门, 业务主管单位, 行业管理部门): listed for the system and
//! security administrators, created by the system administrator.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use fupin_app::AppError;
use fupin_domain::{OrgLevel, Role, UnitKind};
use fupin_store::units::NewGovUnit;
use serde::Deserialize;

use super::staff::{ListQuery, StaffLayout, label, notice_for, see_other, staff_page};
use super::{PageCtx, PageError};
use crate::WebState;
use crate::session::Staff;

/// A unit as a row.
#[derive(Debug)]
pub struct UnitItem {
    id: i64,
    name: String,
    kind: String,
    level: String,
    region: String,
}

#[derive(Template)]
#[template(path = "admin_units.html")]
struct UnitsPage {
    layout: StaffLayout,
    items: Vec<UnitItem>,
    may_create: bool,
    kinds: Vec<(&'static str, &'static str)>,
    levels: Vec<(&'static str, &'static str)>,
    problem: Option<String>,
}

async fn units_page(
    state: &WebState,
    staff: &Staff,
    done: Option<&str>,
) -> Result<UnitsPage, AppError> {
    let rows = state.app.units(&staff.actor).await?;
    Ok(UnitsPage {
        layout: StaffLayout::for_staff(staff, "政府部门", "/admin/units")
            .with_notice(notice_for(done)),
        items: rows
            .into_iter()
            .map(|row| UnitItem {
                id: row.id,
                kind: label::<UnitKind>(&row.kind),
                level: label::<OrgLevel>(&row.level),
                region: row.region_code.unwrap_or_else(|| "全国".to_owned()),
                name: row.name,
            })
            .collect(),
        may_create: staff.actor.has_role(Role::SystemAdmin),
        kinds: UnitKind::ALL
            .iter()
            .map(|k| (k.code(), k.label_zh()))
            .collect(),
        levels: OrgLevel::ALL
            .iter()
            .map(|l| (l.code(), l.label_zh()))
            .collect(),
        problem: None,
    })
}

/// `GET /admin/units`.
pub async fn list(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    let page = units_page(&state, &staff, query.done.as_deref())
        .await
        .map_err(|e| ctx.error(e))?;
    Ok(staff_page(StatusCode::OK, &page))
}

/// The new-unit form.
#[derive(Debug, Deserialize)]
pub struct NewUnitForm {
    name: String,
    kind: String,
    level: String,
    #[serde(default)]
    region_code: String,
}

/// `POST /admin/units`.
pub async fn create(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Form(form): Form<NewUnitForm>,
) -> Result<Response, PageError> {
    let parsed = match (
        UnitKind::from_code(&form.kind),
        OrgLevel::from_code(&form.level),
    ) {
        (Some(kind), Some(level)) => Ok(NewGovUnit {
            kind,
            level,
            region_code: Some(form.region_code.trim().to_owned()).filter(|c| !c.is_empty()),
            name: form.name.trim().to_owned(),
        }),
        _ => Err(AppError::Invalid("请选择部门类别和层级".to_owned())),
    };
    let created = match parsed {
        Ok(unit) => state.app.create_unit(&staff.actor, &unit).await,
        Err(err) => Err(err),
    };
    match created {
        Ok(_) => Ok(see_other("/admin/units?done=created", &[])),
        Err(AppError::Invalid(problem)) => {
            let mut page = units_page(&state, &staff, None)
                .await
                .map_err(|e| ctx.error(e))?;
            page.problem = Some(problem);
            Ok(staff_page(StatusCode::BAD_REQUEST, &page))
        }
        Err(err) => Err(ctx.error(err)),
    }
}
