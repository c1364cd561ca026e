//! `GET /`: the public home page with the national headline figures, a search box, the map by
//! province and the tables by field and by year; `GET /api/v1/map[/{province}]`: the map's figures.
//!
//! Everything is in the HTML; `assets/fupin.js` (with the vendored ECharts) draws the map and the
//! charts from the same figures when scripts run.

use askama::Template;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use fupin_app::Actor;
use fupin_app::public::HomeFigures;
use fupin_domain::Money;

use super::search::text::SearchText;
use super::{Layout, PageCtx, PageError, Section, render};
use crate::WebState;
use crate::api::{ApiError, MoneyJson};
use crate::assets;
use crate::format::{count, money_compact, money_exact};
use crate::i18n::Locale;

/// Number of national poor counties (国家级贫困县).
pub const POOR_COUNTIES_TOTAL: i64 = 832;

/// How long browsers and proxies may keep the public home page.
const CACHE: &str = "public, max-age=60";

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    /// Strings of the search box.
    st: &'static SearchText,
    /// `None` when nothing is published yet.
    figures: Option<FiguresView>,
    /// The map's data sources and scripts.
    map: MapView,
}

/// Where the map script finds its shapes and figures.
struct MapView {
    echarts: String,
    script: String,
    china: String,
    provinces: String,
}

/// The figures, formatted for one locale.
struct FiguresView {
    cards: Vec<Card>,
    by_field: Vec<Row>,
    by_year: Vec<Row>,
    /// The provinces, linked to their pages (the map without JavaScript): code and name.
    provinces: Vec<(String, String)>,
}

/// One headline figure.
struct Card {
    label: &'static str,
    value: String,
    unit: String,
    /// The exact amount, for money shown compactly.
    exact: Option<String>,
}

/// One table row.
struct Row {
    label: String,
    activities: String,
    committed: String,
    committed_exact: String,
    /// Raw figures for the chart.
    activities_raw: i64,
    committed_fen: i64,
}

/// `GET /`.
pub async fn page(State(state): State<WebState>, ctx: PageCtx) -> Result<Response, PageError> {
    let figures = state
        .home
        .figures(&state.app)
        .await
        .map_err(|e| ctx.error(e))?;
    // Names only: the map's figures come from `/api/v1/map`, so the page costs no more to build.
    let provinces = if figures.activities > 0 {
        state
            .app
            .provinces(&Actor::public())
            .await
            .map_err(|e| ctx.error(e))?
            .into_iter()
            .map(|p| (p.code, p.name))
            .collect()
    } else {
        Vec::new()
    };
    let page = HomePage {
        layout: ctx.layout(None, Section::Home),
        st: SearchText::of(ctx.locale),
        figures: (figures.activities > 0).then(|| view(ctx.locale, &figures, provinces)),
        map: MapView {
            echarts: assets::ECHARTS.url(),
            script: assets::SCRIPT.url(),
            china: assets::CHINA_MAP.url(),
            provinces: assets::province_map_urls(),
        },
    };
    let mut response = render(StatusCode::OK, &page);
    if response.status().is_success() {
        response
            .headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static(CACHE));
    }
    Ok(response)
}

fn view(locale: Locale, f: &HomeFigures, provinces: Vec<(String, String)>) -> FiguresView {
    let m = locale.messages();
    let plain = |label, n: i64, unit: &str| Card {
        label,
        value: count(n),
        unit: unit.to_owned(),
        exact: None,
    };
    let money = |label, amount: Money| Card {
        label,
        value: money_compact(locale, amount),
        unit: String::new(),
        exact: Some(money_exact(amount)),
    };
    let cards = vec![
        plain(m.organizations, f.organizations, m.unit_orgs),
        plain(m.activities, f.activities, m.unit_activities),
        money(m.committed, f.committed),
        money(m.spent, f.spent),
        money(m.goods, f.goods),
        plain(m.volunteer_hours, f.volunteer_hours, m.unit_hours),
        plain(m.beneficiaries, f.beneficiary_persons, m.unit_persons),
        plain(m.counties, f.counties, m.unit_counties),
        plain(m.poor_counties, f.poor_counties_reached, m.of_poor_counties),
    ];
    let row = |label: String, activities: i64, committed: Money| Row {
        label,
        activities: count(activities),
        committed: money_compact(locale, committed),
        committed_exact: money_exact(committed),
        activities_raw: activities,
        committed_fen: committed.fen(),
    };
    let by_field = f
        .by_field
        .iter()
        .map(|r| row(locale.label(&r.field).to_owned(), r.activities, r.committed))
        .collect();
    let by_year = f
        .by_year
        .iter()
        .map(|r| {
            let label = match locale {
                Locale::Zh => format!("{}年", r.year),
                Locale::En => r.year.to_string(),
            };
            row(label, r.activities, r.committed)
        })
        .collect();
    FiguresView {
        cards,
        by_field,
        by_year,
        provinces,
    }
}

/// `GET /api/v1/map` and `/api/v1/map/{province}`: the map's figures.
#[derive(Debug, serde::Serialize)]
pub struct MapJson {
    /// `province` (the national map) or `prefecture` (one province's map).
    pub level: &'static str,
    /// The province shown, for the prefecture level.
    pub within: Option<String>,
    /// Every region of the level, those without published activities at zero.
    pub regions: Vec<MapRegionJson>,
}

/// One region on the map.
#[derive(Debug, serde::Serialize)]
pub struct MapRegionJson {
    /// Code (2 or 4 digits).
    pub code: String,
    /// Name.
    pub name: String,
    /// Published activities with a location there.
    pub activities: i64,
    /// Organizations with such an activity.
    pub organizations: i64,
    /// Money committed there, by each location's share.
    pub committed: MoneyJson,
}

async fn map_json(state: &WebState, within: Option<String>) -> Result<Response, ApiError> {
    let regions = state
        .app
        .region_figures(&Actor::public(), within.as_deref())
        .await?;
    let body = MapJson {
        level: if within.is_some() {
            "prefecture"
        } else {
            "province"
        },
        within,
        regions: regions
            .into_iter()
            .map(|r| MapRegionJson {
                code: r.code,
                name: r.name,
                activities: r.activities,
                organizations: r.organizations,
                committed: r.committed.into(),
            })
            .collect(),
    };
    let mut response = Json(body).into_response();
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static(CACHE));
    Ok(response)
}

/// `GET /api/v1/map`: published activities by province.
pub async fn map_national(State(state): State<WebState>) -> Result<Response, ApiError> {
    map_json(&state, None).await
}

/// `GET /api/v1/map/{province}`: published activities by prefecture in one province.
pub async fn map_province(
    State(state): State<WebState>,
    Path(code): Path<String>,
) -> Result<Response, ApiError> {
    map_json(&state, Some(code)).await
}
