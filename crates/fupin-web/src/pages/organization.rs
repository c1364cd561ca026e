//! `GET /organization/{id}`: the four questions answered for one organization — where, whom, how
//! much, with what effect — with its credit status, verified share, roster quality score and the
//! corrections it has published; `GET /organization/{id}/activities`: its activities (page, CSV, Excel, JSON).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use fupin_app::AppError;
use fupin_app::public_pages::OrganizationPage;
use fupin_app::verification::quality::OrganizationQuality;
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
    q: &'static QualityText,
    quality: String,
    corrections: Vec<(String, String, String, String)>,
}

/// The strings of the quality score, per locale (a missing translation does not compile).
pub struct QualityText {
    /// The figure's label.
    pub label: &'static str,
    /// What the score means, in one line.
    pub explain: &'static str,
    /// Between the score and the number of entries it rests on (the scale).
    pub before_entries: &'static str,
    /// After the number of entries.
    pub after_entries: &'static str,
}

const QUALITY_ZH: QualityText = QualityText {
    label: "名单质量分",
    explain: "名单质量分：已公开项目受益人名单逐条核对的平均得分，核对通过 100 分，同音字 90 分，\
              错别字 80 分，不在项目地区 50 分，服务年度前已脱贫 20 分，姓名不符、已死亡、\
              不在建档立卡名单或身份证号无效 0 分；多个组织帮扶同一人不扣分。",
    before_entries: " 分（满分 100 分，共 ",
    after_entries: " 条记录）",
};

const QUALITY_EN: QualityText = QualityText {
    label: "Roster quality score",
    explain: "Roster quality score: the mean score of the entries of its published rosters as \
              verified — 100 verified, 90 homophone, 80 typo, 50 outside the activity's area, \
              20 exited before the service year, 0 name mismatch, deceased, not registered or \
              invalid ID; being aided by several organizations costs nothing.",
    before_entries: " / 100 (",
    after_entries: " entries)",
};

impl QualityText {
    /// The strings of `locale`.
    pub fn of(locale: Locale) -> &'static QualityText {
        match locale {
            Locale::Zh => &QUALITY_ZH,
            Locale::En => &QUALITY_EN,
        }
    }
}

/// A score in basis points as points out of 100 with two exact decimals (`8753` → `87.53`).
pub fn score_text(bp: i64) -> String {
    format!("{}.{:02}", bp / 100, bp % 100)
}

/// The quality figure as shown: score, scale and the entries it rests on.
fn quality_figure(t: &PubText, q: &QualityText, quality: &OrganizationQuality) -> String {
    if quality.entries == 0 {
        return t.verified_none.to_owned();
    }
    format!(
        "{}{}{}{}",
        score_text(quality.quality_bp()),
        q.before_entries,
        count(quality.entries),
        q.after_entries
    )
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

fn view(ctx: &PageCtx, p: OrganizationPage, quality: &OrganizationQuality) -> OrganizationTemplate {
    let t = PubText::of(ctx.locale);
    let q = QualityText::of(ctx.locale);
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
        q,
        quality: quality_figure(t, q, quality),
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
    let quality = state
        .app
        .organization_quality(id)
        .await
        .map_err(|e| ctx.error(e))?;
    Ok(cacheable(render(StatusCode::OK, &view(&ctx, p, &quality))))
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
