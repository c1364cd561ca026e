//! The workspace of signed-in staff: what their roles open, and the business records of their
//! jurisdiction (organizations, activities, registry lookups).
//!
//! Every list and detail comes from an `App` use case that applies the actor's jurisdiction; a
//! record outside it is answered exactly like a record that does not exist (404).

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use fupin_app::AppError;
use fupin_domain::{CreditStatus, OrgType};
use fupin_store::activities::scoped::ActivitySummary;
use fupin_store::organizations::OrganizationRow;
use serde::Deserialize;

use super::staff::{ListQuery, Pager, StaffLayout, label, notice_for, see_other, staff_page};
use super::{PageCtx, PageError};
use crate::WebState;
use crate::session::Staff;

fn credit_label(code: &str) -> &'static str {
    CreditStatus::ALL
        .iter()
        .find(|s| s.code() == code)
        .map_or("未知", |s| s.label_zh())
}

#[derive(Template)]
#[template(path = "workspace.html")]
struct WorkspacePage {
    layout: StaffLayout,
    roles: Vec<&'static str>,
    organizations: Option<i64>,
    activities: Option<i64>,
}

/// `GET /workspace`.
pub async fn home(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    let actor = &staff.actor;
    let in_business = actor.scope() != fupin_store::Scope::Nothing;
    let (organizations, activities) = if in_business {
        let orgs = state.app.organizations(actor, "", 1).await;
        let acts = state.app.activities(actor, 1).await;
        (
            Some(orgs.map_err(|e| ctx.error(e))?.total),
            Some(acts.map_err(|e| ctx.error(e))?.total),
        )
    } else {
        (None, None)
    };
    let page = WorkspacePage {
        layout: StaffLayout::for_staff(&staff, "工作台", "/workspace")
            .with_notice(notice_for(query.done.as_deref())),
        roles: actor.roles.iter().map(|r| r.label_zh()).collect(),
        organizations,
        activities,
    };
    Ok(staff_page(StatusCode::OK, &page))
}

/// An organization as a list row.
#[derive(Debug)]
pub struct OrgItem {
    id: i64,
    name: String,
    credit_code: String,
    org_type: String,
    region_code: String,
    credit: &'static str,
}

impl From<OrganizationRow> for OrgItem {
    fn from(row: OrganizationRow) -> Self {
        OrgItem {
            id: row.id,
            org_type: label::<OrgType>(&row.org_type),
            credit: credit_label(&row.credit_status),
            name: row.name,
            credit_code: row.credit_code,
            region_code: row.region_code,
        }
    }
}

#[derive(Template)]
#[template(path = "ws_organizations.html")]
struct OrganizationsPage {
    layout: StaffLayout,
    q: String,
    /// The list's filters for the export links (`q=…`, URL-encoded).
    export_query: String,
    /// Whether the export links show (a user with no jurisdiction has nothing to export).
    may_export: bool,
    items: Vec<OrgItem>,
    pager: Pager,
}

/// `GET /workspace/organizations?q=&page=`.
pub async fn organizations(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    let page = state
        .app
        .organizations(&staff.actor, &query.q, query.page.unwrap_or(1))
        .await
        .map_err(|e| ctx.error(e))?;
    let export_query = form_urlencoded::Serializer::new(String::new())
        .append_pair("q", &query.q)
        .finish();
    let base = format!("/workspace/organizations?{export_query}&");
    let pager = Pager::new(&page, &base);
    let view = OrganizationsPage {
        layout: StaffLayout::for_staff(&staff, "社会组织", "/workspace/organizations"),
        export_query,
        may_export: may_export(&staff),
        q: query.q,
        items: page.items.into_iter().map(OrgItem::from).collect(),
        pager,
    };
    Ok(staff_page(StatusCode::OK, &view))
}

#[derive(Template)]
#[template(path = "ws_organization.html")]
struct OrganizationPage {
    layout: StaffLayout,
    org: OrgItem,
    legal_representative: String,
    registered_on: String,
    may_set_credit: bool,
    statuses: Vec<(&'static str, &'static str)>,
    /// Spot-check findings on the organization's record.
    findings: Vec<super::spot_checks::FindingVm>,
}

/// `GET /workspace/organizations/{id}`.
pub async fn organization(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Path(id): Path<i64>,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    let row = state
        .app
        .organization(&staff.actor, id)
        .await
        .map_err(|e| ctx.error(e))?;
    let may_set_credit =
        staff.actor.unit_kind() == Some(fupin_domain::UnitKind::RegistrationAuthority);
    let findings = super::spot_checks::organization_findings(&state.app, &staff.actor, id)
        .await
        .map_err(|e| ctx.error(e))?;
    let view = OrganizationPage {
        layout: StaffLayout::for_staff(&staff, &row.name, "/workspace/organizations")
            .with_notice(notice_for(query.done.as_deref())),
        legal_representative: row.legal_representative.clone(),
        registered_on: row.registered_on.to_string(),
        org: OrgItem::from(row),
        may_set_credit,
        statuses: CreditStatus::ALL
            .iter()
            .map(|s| (s.code(), s.label_zh()))
            .collect(),
        findings,
    };
    Ok(staff_page(StatusCode::OK, &view))
}

/// The credit status form.
#[derive(Debug, Deserialize)]
pub struct CreditForm {
    status: String,
    reason: String,
}

/// `POST /workspace/organizations/{id}/credit-status`: 民政 staff of the jurisdiction.
pub async fn set_credit_status(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<CreditForm>,
) -> Result<Response, PageError> {
    let status = CreditStatus::ALL
        .iter()
        .copied()
        .find(|s| s.code() == form.status)
        .ok_or_else(|| ctx.error(AppError::Invalid("请选择信用状态".to_owned())))?;
    state
        .app
        .set_credit_status(&staff.actor, id, status, &form.reason)
        .await
        .map_err(|e| ctx.error(e))?;
    Ok(see_other(
        &format!("/workspace/organizations/{id}?done=credit"),
        &[],
    ))
}

/// An activity as a row.
#[derive(Debug)]
pub struct ActivityItem {
    id: i64,
    title: String,
    organization: String,
    field: String,
    status: String,
    year: i32,
    version: i32,
}

impl From<ActivitySummary> for ActivityItem {
    fn from(row: ActivitySummary) -> Self {
        ActivityItem {
            id: row.id,
            field: label::<fupin_domain::Field>(&row.field),
            status: label::<fupin_domain::ActivityStatus>(&row.status),
            title: row.title,
            organization: row.organization_name,
            year: row.year,
            version: row.version,
        }
    }
}

#[derive(Template)]
#[template(path = "ws_activities.html")]
struct ActivitiesPage {
    layout: StaffLayout,
    items: Vec<ActivityItem>,
    pager: Pager,
    one: bool,
    may_create: bool,
    may_review: bool,
    may_export: bool,
    may_import: bool,
}

/// Whether the actor has records to export (the export itself checks again in the app layer).
fn may_export(staff: &Staff) -> bool {
    staff.actor.scope() != fupin_store::Scope::Nothing
}

/// `GET /workspace/activities?page=`.
pub async fn activities(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    let page = state
        .app
        .activities(&staff.actor, query.page.unwrap_or(1))
        .await
        .map_err(|e| ctx.error(e))?;
    let pager = Pager::new(&page, "/workspace/activities?");
    let (may_create, may_review) = super::activity_review::list_links(&staff);
    let view = ActivitiesPage {
        layout: StaffLayout::for_staff(&staff, "扶贫项目", "/workspace/activities"),
        items: page.items.into_iter().map(ActivityItem::from).collect(),
        pager,
        one: false,
        may_create,
        may_review,
        may_export: may_export(&staff),
        may_import: fupin_app::activity_import::may_import(&staff.actor),
    };
    Ok(staff_page(StatusCode::OK, &view))
}

/// `GET /workspace/activities/{id}`: the full detail page (see [`super::activity_review`]).
pub async fn activity(
    state: State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    id: Path<i64>,
    query: Query<ListQuery>,
) -> Result<Response, PageError> {
    super::activity_review::detail(state, ctx, staff, id, query).await
}
