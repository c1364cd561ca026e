//! `GET /activity/{id}`: one published activity version — where (locations and shares), how much
//! (committed / disbursed / spent by source), whom (beneficiaries by category, masked below 5),
//! effect (indicators), the evidence list (names and types only) and the correction history.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use fupin_app::public_pages::ActivityPage;
use fupin_domain::{
    BeneficiaryCategory, Field, FundingSource, Method, Money, Taxonomy, TransactionKind,
};

use super::organization::number;
use super::pub_text::PubText;
use super::{Layout, PageCtx, PageError, Section, render};
use crate::WebState;
use crate::format::{beijing_time, count, money_exact};
use crate::i18n::Locale;
use crate::open_data::cacheable;

#[derive(Template)]
#[template(path = "pub_activity.html")]
struct ActivityTemplate {
    layout: Layout,
    t: &'static PubText,
    id: i64,
    title: String,
    description: String,
    org: (String, String),
    facts: Vec<(&'static str, String)>,
    current: Option<String>,
    locations: Vec<(String, String, String)>,
    totals: Vec<(&'static str, String)>,
    money: Vec<(String, String, String)>,
    persons: String,
    categories: Vec<(String, String)>,
    indicators: Vec<(String, String, String, String, String)>,
    evidence: Vec<(String, String, String)>,
    versions: Vec<(String, String, String, String, bool)>,
}

fn label<T: Taxonomy>(locale: Locale, code: &str) -> String {
    T::from_code(code).map_or_else(|| code.to_owned(), |v| locale.label(&v).to_owned())
}

fn view(ctx: &PageCtx, p: ActivityPage) -> ActivityTemplate {
    let t = PubText::of(ctx.locale);
    let locale = ctx.locale;
    let a = &p.activity;
    let date = |d: Option<time::Date>| d.map(|d| d.to_string()).unwrap_or_else(|| "—".to_owned());
    let period = format!(
        "{} – {}",
        date(a.actual_start.or(a.planned_start)),
        date(a.actual_end.or(a.planned_end))
    );
    let current = if a.is_current {
        None
    } else {
        p.versions
            .iter()
            .find(|v| v.is_current)
            .map(|v| format!("/activity/{}", v.id))
    };
    ActivityTemplate {
        layout: ctx.layout(Some(&a.title), Section::None),
        t,
        id: a.id,
        title: a.title.clone(),
        description: a.description.clone(),
        org: (
            format!("/organization/{}", a.organization_id),
            a.organization_name.clone(),
        ),
        facts: vec![
            (t.col_year, a.year.to_string()),
            (t.col_field, label::<Field>(locale, &a.field)),
            (t.col_method, label::<Method>(locale, &a.method)),
            (t.period, period),
            (t.version, format!("v{}", a.version)),
            (
                t.published,
                a.published_at.map(beijing_time).unwrap_or_default(),
            ),
        ],
        current,
        locations: p
            .locations
            .iter()
            .map(|l| {
                let href = match (l.level, &l.county_code) {
                    (..=3, _) => format!("/region/{}", l.code),
                    (_, Some(c)) => format!("/region/{c}"),
                    _ => String::new(),
                };
                let name = match (&l.county_name, l.level > 3) {
                    (Some(c), true) => format!("{c} {}", l.name),
                    _ => l.name.clone(),
                };
                (href, name, format!("{:.2}%", f64::from(l.share_bp) / 100.0))
            })
            .collect(),
        totals: vec![
            (t.committed, money_exact(Money::from_fen(a.committed_fen))),
            (t.disbursed, money_exact(Money::from_fen(a.disbursed_fen))),
            (t.spent, money_exact(Money::from_fen(a.spent_fen))),
            (t.goods, money_exact(Money::from_fen(a.goods_value_fen))),
            (t.hours, count(a.volunteer_hours)),
        ],
        money: p
            .money
            .iter()
            .map(|(k, s, fen)| {
                (
                    label::<TransactionKind>(locale, k),
                    label::<FundingSource>(locale, s),
                    money_exact(Money::from_fen(*fen)),
                )
            })
            .collect(),
        persons: p.beneficiaries.persons.text(),
        categories: p
            .beneficiaries
            .by_category
            .iter()
            .map(|(c, n)| (label::<BeneficiaryCategory>(locale, c), n.text()))
            .collect(),
        indicators: p
            .indicators
            .iter()
            .map(|i| {
                (
                    i.name.clone(),
                    i.unit.clone(),
                    number(i.baseline),
                    number(i.target),
                    number(i.actual),
                )
            })
            .collect(),
        evidence: p
            .evidence
            .iter()
            .map(|e| {
                (
                    e.file_name.clone(),
                    e.content_type.clone(),
                    count(e.size_bytes),
                )
            })
            .collect(),
        versions: p
            .versions
            .iter()
            .map(|v| {
                (
                    format!("/activity/{}", v.id),
                    format!("v{}", v.version),
                    v.published_at.map(beijing_time).unwrap_or_default(),
                    v.correction_note.clone().unwrap_or_default(),
                    v.is_current,
                )
            })
            .collect(),
    }
}

/// `GET /activity/{id}`.
pub async fn page(
    State(state): State<WebState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = id
        .parse::<i64>()
        .map_err(|_| ctx.error(fupin_app::AppError::NotFound))?;
    let p = state
        .app
        .activity_page(id)
        .await
        .map_err(|e| ctx.error(e))?;
    Ok(cacheable(render(StatusCode::OK, &view(&ctx, p))))
}
