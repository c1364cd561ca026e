//! `GET /organization/{id}`: the four questions answered for one organization — where, whom, how
//! much, with what effect — with its credit status, verified share and the corrections it has
//! published; `GET /organization/{id}/activities`: its activities (page, CSV, Excel, JSON).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use fupin_app::AppError;
use fupin_app::public_pages::OrganizationPage;
use fupin_domain::{BeneficiaryCategory, CreditStatus, Money, OrgLevel, OrgType, Taxonomy};
use fupin_store::stats::public::ActivityQuery;

use super::pub_list::activity_list;
use super::pub_text::PubText;
use super::{Layout, PageCtx, PageError, Section, render};
use crate::WebState;
use crate::format::{beijing_time, count, money_compact, money_exact};
use crate::i18n::Locale;
use crate::open_data::{ListQuery, cacheable};

#[derive(Template)]
#[template(path = "pub_organization.html")]
struct OrganizationTemplate {
    layout: Layout,
    t: &'static PubText,
    id: i64,
    name: String,
    facts: Vec<(&'static str, String)>,
    provinces: Vec<(String, String, String)>,
    counties: Vec<(String, String, String, bool)>,
    categories: Vec<(&'static str, String)>,
    persons: String,
    households: String,
    money: Vec<(&'static str, String, String)>,
    activities: Vec<(String, String, String, String)>,
    indicators: Vec<(String, String, String, String, String)>,
    verified: String,
    corrections: Vec<(String, String, String, String)>,
}

fn label<T: Taxonomy>(locale: Locale, code: &str) -> String {
    T::from_code(code).map_or_else(|| code.to_owned(), |v| locale.label(&v).to_owned())
}

/// An indicator value without float noise.
pub fn number(v: Option<f64>) -> String {
    match v {
        None => "—".to_owned(),
        Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => count(x as i64),
        Some(x) => format!("{x:.2}"),
    }
}

fn view(ctx: &PageCtx, p: OrganizationPage) -> OrganizationTemplate {
    let t = PubText::of(ctx.locale);
    let locale = ctx.locale;
    let o = &p.organization;
    let yes_no = |b: bool| if b { t.yes } else { t.no }.to_owned();
    let facts = vec![
        (t.credit_code, o.credit_code.clone()),
        (t.org_type, label::<OrgType>(locale, &o.org_type)),
        (t.org_level, label::<OrgLevel>(locale, &o.level)),
        (
            t.credit_status,
            label::<CreditStatus>(locale, &o.credit_status),
        ),
        (t.charity, yes_no(o.charity_recognized)),
        (t.fundraising, yes_no(o.public_fundraising)),
    ];
    let money = [
        (t.committed, p.totals.committed_fen),
        (t.disbursed, p.totals.disbursed_fen),
        (t.spent, p.totals.spent_fen),
        (t.goods, p.totals.goods_fen),
    ]
    .into_iter()
    .map(|(l, fen)| {
        let m = Money::from_fen(fen);
        (l, money_compact(locale, m), money_exact(m))
    })
    .chain(std::iter::once((
        t.hours,
        count(p.totals.volunteer_hours),
        String::new(),
    )))
    .collect();
    OrganizationTemplate {
        layout: ctx.layout(Some(&o.name), Section::None),
        t,
        id: o.id,
        name: o.name.clone(),
        facts,
        provinces: p
            .provinces
            .iter()
            .map(|(c, n, _, a)| (format!("/region/{c}"), n.clone(), count(*a)))
            .collect(),
        counties: p
            .counties
            .iter()
            .map(|(c, n, poor, a)| (format!("/region/{c}"), n.clone(), count(*a), *poor))
            .collect(),
        categories: BeneficiaryCategory::ALL
            .iter()
            .map(|c| {
                let n = p
                    .beneficiaries
                    .by_category
                    .iter()
                    .find(|(k, _)| k == c.code());
                (
                    locale.label(c),
                    n.map_or_else(|| "0".to_owned(), |(_, v)| v.text()),
                )
            })
            .collect(),
        persons: p.beneficiaries.persons.text(),
        households: p.beneficiaries.households.text(),
        money,
        activities: p
            .activities
            .iter()
            .take(50)
            .map(|a| {
                (
                    format!("/activity/{}", a.id),
                    a.title.clone(),
                    a.year.to_string(),
                    money_exact(Money::from_fen(a.committed_fen)),
                )
            })
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
        verified: if p.roster_entries == 0 {
            t.verified_none.to_owned()
        } else {
            format!("{:.1}%", p.verified_bp as f64 / 100.0)
        },
        corrections: p
            .corrections
            .iter()
            .map(|v| {
                (
                    format!("/activity/{}", v.id),
                    format!("{} v{}", v.title, v.version),
                    v.published_at.map(beijing_time).unwrap_or_default(),
                    v.correction_note.clone().unwrap_or_default(),
                )
            })
            .collect(),
    }
}

fn parse_id(text: &str) -> Result<i64, AppError> {
    text.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or(AppError::NotFound)
}

/// `GET /organization/{id}`.
pub async fn page(
    State(state): State<WebState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = parse_id(&id).map_err(|e| ctx.error(e))?;
    let p = state
        .app
        .organization_page(id)
        .await
        .map_err(|e| ctx.error(e))?;
    Ok(cacheable(render(StatusCode::OK, &view(&ctx, p))))
}

/// `GET /organization/{id}/activities`.
pub async fn activities(
    State(state): State<WebState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let run = async {
        let id = parse_id(&id)?;
        let org = state.app.organization_page(id).await?.organization;
        let t = PubText::of(ctx.locale);
        let query = ActivityQuery {
            organization_id: Some(id),
            filter: q.filter()?,
            ..ActivityQuery::default()
        };
        let heading = format!("{} · {}", org.name, t.list_activities);
        activity_list(
            &state,
            &ctx,
            &q,
            query,
            heading,
            (format!("/organization/{id}"), org.name),
            &format!("organization-{id}-activities"),
        )
        .await
    };
    run.await.map_err(|e| ctx.error(e))
}
