//! `GET /search`: search across organizations and published activities, with filters and pages;
//! `GET /api/v1/search` is its JSON twin (same parameters: `q`, `kind`, `field`, `region`,
//! `year`, `type`, `page`).

mod json;
pub mod text;

pub use json::api;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use fupin_app::Actor;
use fupin_app::search::{SearchKind, SearchParams, SearchResults};
use fupin_domain::{Field, OrgType, Taxonomy};
use serde::Deserialize;

use super::{Layout, PageCtx, PageError, Section, render};
use crate::WebState;
use crate::format::{count, money_compact, money_exact};
use crate::i18n::Locale;
use text::SearchText;

/// How long browsers and proxies may keep a results page.
const CACHE: &str = "public, max-age=60";

/// The query string of `/search` and `/api/v1/search`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SearchQuery {
    q: String,
    kind: String,
    field: String,
    region: String,
    year: String,
    #[serde(rename = "type")]
    org_type: String,
    page: String,
}

impl SearchQuery {
    fn params(&self) -> SearchParams {
        SearchParams {
            q: self.q.clone(),
            kind: self.kind.clone(),
            field: self.field.clone(),
            region: self.region.clone(),
            year: self.year.clone(),
            org_type: self.org_type.clone(),
            page: self.page.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    layout: Layout,
    t: &'static SearchText,
    q: String,
    terms: String,
    kind: &'static str,
    fields: Vec<Choice>,
    regions: Vec<Choice>,
    years: Vec<Choice>,
    types: Vec<Choice>,
    tabs: Vec<Tab>,
    show_activities: bool,
    show_organizations: bool,
    activities: Vec<ActivityRow>,
    organizations: Vec<OrgRow>,
    more_organizations: Option<String>,
    pager: Option<PagerView>,
    json_href: String,
}

/// One `<option>`.
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

/// One results tab.
struct Tab {
    label: &'static str,
    href: String,
    count: String,
    current: bool,
}

struct ActivityRow {
    id: i64,
    title: String,
    organization_id: i64,
    organization: String,
    field: &'static str,
    year: i32,
    county: Option<(String, String)>,
    committed: String,
    committed_exact: String,
}

struct OrgRow {
    id: i64,
    name: String,
    org_type: &'static str,
    region_code: String,
    region_name: String,
    activities: String,
}

struct PagerView {
    page: i64,
    pages: i64,
    prev: Option<String>,
    next: Option<String>,
}

/// `GET /search`.
pub async fn page(
    State(state): State<WebState>,
    ctx: PageCtx,
    Query(query): Query<SearchQuery>,
) -> Result<Response, PageError> {
    let results = state
        .app
        .search(&Actor::public(), &query.params())
        .await
        .map_err(|e| ctx.error(e))?;
    let t = SearchText::of(ctx.locale);
    let page = view(
        ctx.layout(Some(t.heading), Section::Search),
        ctx.locale,
        &results,
    );
    let mut response = render(StatusCode::OK, &page);
    if response.status().is_success() {
        response
            .headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static(CACHE));
    }
    Ok(response)
}

/// The query string of a search with `kind` and `page` replaced (no leading `?`).
pub(crate) fn query_string(results: &SearchResults, kind: SearchKind, page: i64) -> String {
    let r = &results.request;
    let mut out = form_urlencoded::Serializer::new(String::new());
    if !r.q.is_empty() {
        out.append_pair("q", &r.q);
    }
    if kind != SearchKind::All {
        out.append_pair("kind", kind.code());
    }
    if let Some(field) = r.field {
        out.append_pair("field", field.code());
    }
    if let Some(region) = &r.region {
        out.append_pair("region", &region.code);
    }
    if let Some(year) = r.year {
        out.append_pair("year", &year.to_string());
    }
    if let Some(org_type) = r.org_type {
        out.append_pair("type", org_type.code());
    }
    if page > 1 {
        out.append_pair("page", &page.to_string());
    }
    out.finish()
}

fn href(path: &str, query: String) -> String {
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

fn choices<T: Taxonomy>(locale: Locale, chosen: Option<T>) -> Vec<Choice> {
    T::ALL
        .iter()
        .map(|v| Choice {
            value: v.code().to_owned(),
            label: locale.label(v).to_owned(),
            selected: chosen == Some(*v),
        })
        .collect()
}

fn view(layout: Layout, locale: Locale, results: &SearchResults) -> SearchPage {
    let t = SearchText::of(locale);
    let r = &results.request;
    let mut regions: Vec<Choice> = results
        .provinces
        .iter()
        .map(|p| Choice {
            value: p.code.clone(),
            label: p.name.clone(),
            selected: r.region.as_ref().is_some_and(|c| c.code == p.code),
        })
        .collect();
    if let Some(region) = r.region.as_ref().filter(|c| c.level > 1) {
        regions.insert(
            0,
            Choice {
                value: region.code.clone(),
                label: format!("{}（{}）", region.name, region.code),
                selected: true,
            },
        );
    }
    let years = results
        .years
        .iter()
        .map(|y| Choice {
            value: y.to_string(),
            label: y.to_string(),
            selected: r.year == Some(*y),
        })
        .collect();
    let tab = |label, kind: SearchKind, total: i64| Tab {
        label,
        href: href("/search", query_string(results, kind, 1)),
        count: count(total),
        current: r.kind == kind,
    };
    let tabs = vec![
        tab(
            t.tab_all,
            SearchKind::All,
            results.activities.total + results.organizations.total,
        ),
        tab(
            t.activities,
            SearchKind::Activities,
            results.activities.total,
        ),
        tab(
            t.organizations,
            SearchKind::Organizations,
            results.organizations.total,
        ),
    ];
    let activities = results
        .activities
        .items
        .iter()
        .map(|a| ActivityRow {
            id: a.id,
            title: a.title.clone(),
            organization_id: a.organization_id,
            organization: a.organization_name.clone(),
            field: locale.label(&a.field),
            year: a.year,
            county: a.county.clone(),
            committed: money_compact(locale, a.committed),
            committed_exact: money_exact(a.committed),
        })
        .collect();
    let organizations = results
        .organizations
        .items
        .iter()
        .map(|o| OrgRow {
            id: o.id,
            name: o.name.clone(),
            org_type: locale.label(&o.org_type),
            region_code: o.region.0.clone(),
            region_name: o.region.1.clone(),
            activities: count(o.activities),
        })
        .collect();
    let (page, pages) = match r.kind {
        SearchKind::Organizations => (results.organizations.page, results.organizations.pages()),
        _ => (results.activities.page, results.activities.pages()),
    };
    let link = |p: i64| href("/search", query_string(results, r.kind, p));
    let pager = (pages > 1).then(|| PagerView {
        page,
        pages,
        prev: (page > 1).then(|| link(page - 1)),
        next: (page < pages).then(|| link(page + 1)),
    });
    let more_organizations = (r.kind == SearchKind::All
        && results.organizations.total > results.organizations.items.len() as i64)
        .then(|| {
            href(
                "/search",
                query_string(results, SearchKind::Organizations, 1),
            )
        });
    SearchPage {
        layout,
        t,
        q: r.q.clone(),
        terms: r.terms.join(" / "),
        kind: r.kind.code(),
        fields: choices::<Field>(locale, r.field),
        regions,
        years,
        types: choices::<OrgType>(locale, r.org_type),
        tabs,
        show_activities: r.kind != SearchKind::Organizations,
        show_organizations: r.kind == SearchKind::Organizations
            || (r.kind == SearchKind::All && !results.organizations.items.is_empty()),
        activities,
        organizations,
        more_organizations,
        pager,
        json_href: href("/api/v1/search", query_string(results, r.kind, r.page)),
    }
}
