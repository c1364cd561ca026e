//! Open data and the public disclosure pages' routes.
//!
//! | route | what |
//! |---|---|
//! | `GET /region/{code}` | region page (`cn` the nation, province, prefecture, county) |
//! | `GET /region/{code}/activities`, `/region/{code}/organizations` | the lists behind its figures (`?format=csv\|xlsx\|json`) |
//! | `GET /organization/{id}` | organization page; `/organization/{id}/activities` its list |
//! | `GET /activity/{id}` | activity page (a published version) |
//! | `GET /api/v1/regions/{code}`, `/api/v1/organizations/{id}`, `/api/v1/published-activities/{id}` | the same as JSON |
//! | `GET /api/v1/statistics/{axis}/{node}` | a rollup node with every breakdown (`region`/`system`, `cn` the nation) |
//! | `GET /api/openapi.json` | the OpenAPI 3.1 description of the open API |
//! | `GET /iati/{org_id}.xml`, `/iati/all.xml` | IATI 2.03 activity files |
//!
//! Every list takes `year`, `field`, `method`, `org_type`, `org_level` and `page`; the figures link
//! to the list with the same filters (the records behind the figure). Nothing here needs a session.

pub mod api;
pub mod iati;
pub mod openapi;
pub mod organization;
pub mod tables;

use axum::Router;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use fupin_app::AppError;
use fupin_app::open_data::Table;
use fupin_domain::{Field, Method, OrgLevel, OrgType, Taxonomy};
use fupin_store::stats::Filter;
use serde::Deserialize;

use crate::pages::{activity, region};
use crate::{WebState, pages};

/// How long browsers and proxies may keep public pages and files.
pub const CACHE: &str = "public, max-age=60";

/// The public pages, open API and files.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/region/{code}", get(region::page))
        .route("/region/{code}/activities", get(region::activities))
        .route("/region/{code}/organizations", get(region::organizations))
        .route("/organization/{id}", get(pages::organization::page))
        .route(
            "/organization/{id}/activities",
            get(pages::organization::activities),
        )
        .route("/activity/{id}", get(activity::page))
        .route("/api/v1/regions/{code}", get(api::region))
        .route(
            "/api/v1/organizations/{id}",
            get(organization::organization),
        )
        .route("/api/v1/published-activities/{id}", get(api::activity))
        .route("/api/v1/statistics/{axis}/{node}", get(api::statistics))
        .route("/api/openapi.json", get(openapi::serve))
        .route("/iati/{file}", get(iati::serve))
}

/// The query of every public list and figure.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct ListQuery {
    /// Year.
    pub year: Option<String>,
    /// Field code.
    pub field: Option<String>,
    /// Method code.
    pub method: Option<String>,
    /// Organization type code.
    pub org_type: Option<String>,
    /// Organization level code.
    pub org_level: Option<String>,
    /// Page, from 1.
    pub page: Option<String>,
    /// `html` (default), `csv`, `xlsx` or `json`.
    pub format: Option<String>,
}

/// What a list is rendered as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The page.
    Html,
    /// CSV download.
    Csv,
    /// Excel download.
    Xlsx,
    /// JSON.
    Json,
}

fn blank(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn code<T: Taxonomy>(v: &Option<String>, what: &str) -> Result<Option<String>, AppError> {
    match blank(v) {
        None => Ok(None),
        Some(c) => T::from_code(c)
            .map(|t| Some(t.code().to_owned()))
            .ok_or_else(|| AppError::Invalid(format!("{what}代码“{c}”无效"))),
    }
}

impl ListQuery {
    /// The dimension filter, each code checked against its vocabulary.
    pub fn filter(&self) -> Result<Filter, AppError> {
        let year = match blank(&self.year) {
            None => None,
            Some(y) => Some(
                y.parse::<i32>()
                    .ok()
                    .filter(|y| (2000..=2100).contains(y))
                    .ok_or_else(|| AppError::Invalid(format!("年度“{y}”无效")))?,
            ),
        };
        Ok(Filter {
            year,
            field: code::<Field>(&self.field, "领域")?,
            method: code::<Method>(&self.method, "方式")?,
            org_type: code::<OrgType>(&self.org_type, "组织类型")?,
            org_level: code::<OrgLevel>(&self.org_level, "组织级别")?,
        })
    }

    /// The page number (1 when absent).
    pub fn page(&self) -> Result<i64, AppError> {
        match blank(&self.page) {
            None => Ok(1),
            Some(p) => p
                .parse::<i64>()
                .ok()
                .filter(|p| (1..=1_000_000).contains(p))
                .ok_or_else(|| AppError::Invalid(format!("页码“{p}”无效"))),
        }
    }

    /// The requested format.
    pub fn format(&self) -> Result<Format, AppError> {
        match blank(&self.format) {
            None | Some("html") => Ok(Format::Html),
            Some("csv") => Ok(Format::Csv),
            Some("xlsx") => Ok(Format::Xlsx),
            Some("json") => Ok(Format::Json),
            Some(other) => Err(AppError::Invalid(format!(
                "格式“{other}”无效（html、csv、xlsx 或 json）"
            ))),
        }
    }

    /// The same filters as a query string (without page and format), `?` included when not empty.
    pub fn filter_query(filter: &Filter) -> String {
        let mut pairs = form_urlencoded::Serializer::new(String::new());
        if let Some(y) = filter.year {
            pairs.append_pair("year", &y.to_string());
        }
        for (name, value) in [
            ("field", &filter.field),
            ("method", &filter.method),
            ("org_type", &filter.org_type),
            ("org_level", &filter.org_level),
        ] {
            if let Some(v) = value {
                pairs.append_pair(name, v);
            }
        }
        pairs.finish()
    }
}

/// `table` as a download named `name` (ASCII) in `format` (CSV or Excel).
pub fn download(table: &Table, name: &str, format: Format) -> Result<Response, AppError> {
    let (bytes, mime, ext) = match format {
        Format::Xlsx => (
            table.to_xlsx()?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        _ => (table.to_csv()?, "text/csv; charset=utf-8", "csv"),
    };
    let disposition = format!("attachment; filename=\"{name}.{ext}\"");
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(mime));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(CONTENT_DISPOSITION, v);
    }
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(CACHE));
    Ok(response)
}

/// Marks a successful public response cacheable.
pub fn cacheable(mut response: Response) -> Response {
    if response.status().is_success() {
        response
            .headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static(CACHE));
    }
    response
}
