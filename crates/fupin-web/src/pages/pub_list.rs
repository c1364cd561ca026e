//! The public lists behind the figures (activities, organizations), as a page or a download.

use askama::Template;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use fupin_app::public_pages::{DOWNLOAD_LIMIT, PUBLIC_PER_PAGE};
use fupin_domain::{Field, Money};
use fupin_store::stats::Filter;
use fupin_store::stats::public::ActivityQuery;

use super::pub_text::PubText;
use super::{Layout, PageCtx, Section, render};
use crate::WebState;
use crate::format::{count, money_exact};
use crate::open_data::tables::{self, ActivityItemJson, PageJson};
use crate::open_data::{Format, ListQuery, cacheable, download};

/// `path` with `query` appended when not empty.
pub fn with_query(path: &str, query: &str) -> String {
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

/// A list page (activities or organizations) in HTML.
#[derive(Template)]
#[template(path = "pub_list.html")]
pub struct ListTemplate {
    /// Frame.
    pub layout: Layout,
    /// Strings.
    pub t: &'static PubText,
    /// Heading.
    pub heading: String,
    /// Back link (the page the figures are on).
    pub back: (String, String),
    /// Column headers.
    pub headers: Vec<&'static str>,
    /// Rows: (link, cells).
    pub rows: Vec<(String, Vec<String>)>,
    /// Total items, page, pages.
    pub total: String,
    /// Page number.
    pub page: i64,
    /// Pages.
    pub pages: i64,
    /// Previous and next page links.
    pub prev: Option<String>,
    /// Next page link.
    pub next: Option<String>,
    /// Download links: (label, href).
    pub downloads: Vec<(&'static str, String)>,
}

/// The pager and download links of a list at `path` with `filter` on `page` of `pages`.
pub fn list_links(
    path: &str,
    filter: &Filter,
    page: i64,
    pages: i64,
) -> (Option<String>, Option<String>, Vec<(&'static str, String)>) {
    let query = ListQuery::filter_query(filter);
    let sep = if query.is_empty() { "?" } else { "&" };
    let at = |p: i64| format!("{}{sep}page={p}", with_query(path, &query));
    let downloads = [("CSV", "csv"), ("Excel", "xlsx"), ("JSON", "json")]
        .into_iter()
        .map(|(label, f)| {
            (
                label,
                format!("{}{sep}format={f}", with_query(path, &query)),
            )
        })
        .collect();
    (
        (page > 1).then(|| at(page - 1)),
        (page < pages).then(|| at(page + 1)),
        downloads,
    )
}

/// Renders a list of activities in the requested format.
pub async fn activity_list(
    state: &WebState,
    ctx: &PageCtx,
    q: &ListQuery,
    query: ActivityQuery,
    heading: String,
    back: (String, String),
    file: &str,
) -> Result<Response, fupin_app::AppError> {
    let format = q.format()?;
    let (page, per_page) = match format {
        Format::Csv | Format::Xlsx => (1, DOWNLOAD_LIMIT),
        _ => (q.page()?, PUBLIC_PER_PAGE),
    };
    let items = state.app.public_activities(&query, page, per_page).await?;
    match format {
        Format::Csv | Format::Xlsx => download(
            &tables::activities_table(&heading, &items.items),
            file,
            format,
        ),
        Format::Json => Ok(cacheable(
            Json(PageJson::of(items, ActivityItemJson::from)).into_response(),
        )),
        Format::Html => {
            let t = PubText::of(ctx.locale);
            let (prev, next, downloads) =
                list_links(&ctx.path, &query.filter, items.page, items.pages());
            let rows = items
                .items
                .iter()
                .map(|a| {
                    let field = Field::from_code(&a.field)
                        .map_or_else(|| a.field.clone(), |f| ctx.locale.label(&f).to_owned());
                    (
                        format!("/activity/{}", a.id),
                        vec![
                            a.title.clone(),
                            a.organization_name.clone(),
                            a.year.to_string(),
                            field,
                            money_exact(Money::from_fen(a.committed_fen)),
                            money_exact(Money::from_fen(a.spent_fen)),
                        ],
                    )
                })
                .collect();
            let page = ListTemplate {
                layout: ctx.layout(Some(&heading), Section::None),
                t,
                headers: vec![
                    t.col_title,
                    t.col_org,
                    t.col_year,
                    t.col_field,
                    t.committed,
                    t.spent,
                ],
                rows,
                total: count(items.total),
                page: items.page,
                pages: items.pages(),
                prev,
                next,
                downloads,
                heading,
                back,
            };
            Ok(cacheable(render(StatusCode::OK, &page)))
        }
    }
}
