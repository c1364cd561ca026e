//! The JSON API of signed-in staff: who am I, and the organizations of my jurisdiction. Scripts
//! send the session cookie and, for writes, the `X-CSRF-Token` header; without a session every
//! route answers 401.

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Serialize;

use crate::WebState;
use crate::api::ApiError;
use crate::pages::staff::ListQuery;
use crate::session::Staff;

/// `GET /api/v1/me`.
#[derive(Debug, Serialize)]
pub struct Me {
    /// Sign-in name.
    pub username: String,
    /// Display name.
    pub name: String,
    /// Role codes.
    pub roles: Vec<&'static str>,
    /// The token for `X-CSRF-Token`.
    pub csrf_token: String,
}

/// `GET /api/v1/me`: the signed-in user.
pub async fn me(staff: Staff) -> Json<Me> {
    Json(Me {
        username: staff.visitor.username().unwrap_or_default().to_owned(),
        name: staff.actor.name.clone(),
        roles: staff.actor.roles.iter().map(|r| r.code()).collect(),
        csrf_token: staff.visitor.csrf_token.clone(),
    })
}

/// An organization in the staff API.
#[derive(Debug, Serialize)]
pub struct OrganizationJson {
    /// Id.
    pub id: i64,
    /// Unified social credit code.
    pub credit_code: String,
    /// Name.
    pub name: String,
    /// Organization type code.
    pub org_type: String,
    /// Domicile region code.
    pub region_code: String,
    /// Credit status code.
    pub credit_status: String,
}

impl From<fupin_store::organizations::OrganizationRow> for OrganizationJson {
    fn from(row: fupin_store::organizations::OrganizationRow) -> Self {
        OrganizationJson {
            id: row.id,
            credit_code: row.credit_code,
            name: row.name,
            org_type: row.org_type,
            region_code: row.region_code,
            credit_status: row.credit_status,
        }
    }
}

/// A page of a list.
#[derive(Debug, Serialize)]
pub struct ListJson<T> {
    /// Items of this page.
    pub items: Vec<T>,
    /// Items in all.
    pub total: i64,
    /// Page number (1-based).
    pub page: i64,
    /// Items per page.
    pub per_page: i64,
}

/// `GET /api/v1/workspace/organizations?q=&page=`: the organizations of the jurisdiction.
pub async fn organizations(
    State(state): State<WebState>,
    staff: Staff,
    Query(query): Query<ListQuery>,
) -> Result<Json<ListJson<OrganizationJson>>, ApiError> {
    let page = state
        .app
        .organizations(&staff.actor, &query.q, query.page.unwrap_or(1))
        .await?;
    Ok(Json(ListJson {
        total: page.total,
        page: page.page,
        per_page: page.per_page,
        items: page.items.into_iter().map(OrganizationJson::from).collect(),
    }))
}

/// `GET /api/v1/workspace/organizations/{id}`: one organization of the jurisdiction (404 outside).
pub async fn organization(
    State(state): State<WebState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Json<OrganizationJson>, ApiError> {
    let row = state.app.organization(&staff.actor, id).await?;
    Ok(Json(OrganizationJson::from(row)))
}
