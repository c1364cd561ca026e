//! `GET /api/v1/search`: the search page's results as JSON.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::HeaderValue;
use axum::http::header::CACHE_CONTROL;
use axum::response::{IntoResponse, Response};
use fupin_app::Actor;
use fupin_app::search::{ActivityResult, OrganizationResult, SearchResults};
use fupin_domain::Taxonomy;
use serde::Serialize;

use super::SearchQuery;
use crate::WebState;
use crate::api::{ApiError, MoneyJson};

/// A vocabulary value: code and both labels.
#[derive(Debug, Serialize)]
pub struct LabelJson {
    /// Stable code.
    pub code: &'static str,
    /// Chinese label.
    pub label_zh: &'static str,
    /// English label.
    pub label_en: &'static str,
}

impl LabelJson {
    fn of<T: Taxonomy>(value: &T) -> LabelJson {
        LabelJson {
            code: value.code(),
            label_zh: value.label_zh(),
            label_en: value.label_en(),
        }
    }
}

/// A region: code and name.
#[derive(Debug, Serialize)]
pub struct RegionJson {
    /// GB/T 2260 code.
    pub code: String,
    /// Name.
    pub name: String,
}

/// The whole answer.
#[derive(Debug, Serialize)]
pub struct SearchJson {
    /// The words as asked.
    pub query: String,
    /// The terms they became (segmented, lowercased).
    pub terms: Vec<String>,
    /// `all`, `activities` or `organizations`.
    pub kind: &'static str,
    /// Field filter.
    pub field: Option<LabelJson>,
    /// Region filter.
    pub region: Option<RegionJson>,
    /// Year filter.
    pub year: Option<i32>,
    /// Organization type filter.
    pub org_type: Option<LabelJson>,
    /// Page number.
    pub page: i64,
    /// Activities found.
    pub activities: ListJson<ActivityJson>,
    /// Organizations found.
    pub organizations: ListJson<OrganizationJson>,
}

/// One list of results.
#[derive(Debug, Serialize)]
pub struct ListJson<T> {
    /// Matches in all.
    pub total: i64,
    /// Pages in all, at `per_page`.
    pub pages: i64,
    /// Items per page.
    pub per_page: i64,
    /// The items on this page.
    pub items: Vec<T>,
}

/// An activity found.
#[derive(Debug, Serialize)]
pub struct ActivityJson {
    /// Id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Field.
    pub field: LabelJson,
    /// Method.
    pub method: LabelJson,
    /// Year.
    pub year: i32,
    /// Reporting organization.
    pub organization: RefJson,
    /// Money committed.
    pub committed: MoneyJson,
    /// County with the largest share.
    pub county: Option<RegionJson>,
    /// Its public page.
    pub url: String,
}

/// A reference to an organization.
#[derive(Debug, Serialize)]
pub struct RefJson {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Its public page.
    pub url: String,
}

/// An organization found.
#[derive(Debug, Serialize)]
pub struct OrganizationJson {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Type.
    pub org_type: LabelJson,
    /// Level.
    pub level: LabelJson,
    /// Region of registration.
    pub region: RegionJson,
    /// Published activities.
    pub activities: i64,
    /// Its public page.
    pub url: String,
}

fn activity(a: ActivityResult) -> ActivityJson {
    ActivityJson {
        url: format!("/activity/{}", a.id),
        id: a.id,
        title: a.title,
        field: LabelJson::of(&a.field),
        method: LabelJson::of(&a.method),
        year: a.year,
        organization: RefJson {
            url: format!("/organization/{}", a.organization_id),
            id: a.organization_id,
            name: a.organization_name,
        },
        committed: a.committed.into(),
        county: a.county.map(|(code, name)| RegionJson { code, name }),
    }
}

fn organization(o: OrganizationResult) -> OrganizationJson {
    OrganizationJson {
        url: format!("/organization/{}", o.id),
        id: o.id,
        name: o.name,
        org_type: LabelJson::of(&o.org_type),
        level: LabelJson::of(&o.level),
        region: RegionJson {
            code: o.region.0,
            name: o.region.1,
        },
        activities: o.activities,
    }
}

impl From<SearchResults> for SearchJson {
    fn from(r: SearchResults) -> Self {
        let pages = (r.activities.pages(), r.organizations.pages());
        let q = r.request;
        SearchJson {
            query: q.q,
            terms: q.terms,
            kind: q.kind.code(),
            field: q.field.as_ref().map(LabelJson::of),
            region: q.region.map(|r| RegionJson {
                code: r.code,
                name: r.name,
            }),
            year: q.year,
            org_type: q.org_type.as_ref().map(LabelJson::of),
            page: q.page,
            activities: ListJson {
                total: r.activities.total,
                pages: pages.0,
                per_page: r.activities.per_page,
                items: r.activities.items.into_iter().map(activity).collect(),
            },
            organizations: ListJson {
                total: r.organizations.total,
                pages: pages.1,
                per_page: r.organizations.per_page,
                items: r
                    .organizations
                    .items
                    .into_iter()
                    .map(organization)
                    .collect(),
            },
        }
    }
}

/// `GET /api/v1/search`.
pub async fn api(
    State(state): State<WebState>,
    Query(query): Query<SearchQuery>,
) -> Result<Response, ApiError> {
    let results = state.app.search(&Actor::public(), &query.params()).await?;
    let mut response = Json(SearchJson::from(results)).into_response();
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static(super::CACHE));
    Ok(response)
}
