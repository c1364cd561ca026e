//! `GET /`: the public home page with the national headline figures.

use askama::Template;
use axum::extract::State;
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use fupin_app::Actor;
use fupin_app::public::HomeFigures;
use fupin_domain::Money;

use super::{Layout, PageCtx, PageError, Section, render};
use crate::WebState;
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
    /// `None` when nothing is published yet.
    figures: Option<FiguresView>,
}

/// The figures, formatted for one locale.
struct FiguresView {
    cards: Vec<Card>,
    by_field: Vec<Row>,
    by_year: Vec<Row>,
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
}

/// `GET /`.
pub async fn page(State(state): State<WebState>, ctx: PageCtx) -> Result<Response, PageError> {
    let figures = state
        .app
        .home_figures(&Actor::public())
        .await
        .map_err(|e| ctx.error(e))?;
    let page = HomePage {
        layout: ctx.layout(None, Section::Home),
        figures: (figures.activities > 0).then(|| view(ctx.locale, &figures)),
    };
    let mut response = render(StatusCode::OK, &page);
    if response.status().is_success() {
        response
            .headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static(CACHE));
    }
    Ok(response)
}

fn view(locale: Locale, f: &HomeFigures) -> FiguresView {
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
    }
}
