//! Registry lookups for 民政 and 扶贫 staff: find a 建档立卡 person by ID number in the
//! jurisdiction, see them with the ID number masked, and (扶贫 staff) reveal it, each view audited.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use fupin_app::AppError;
use fupin_domain::Role;
use fupin_store::registry::PersonRow;
use serde::Deserialize;

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
