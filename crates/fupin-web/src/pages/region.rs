//! `GET /region/{code}`: a region's figures (province, prefecture, county, or `cn` the nation),
//! its poor-county status, the areas below, the organizations and activities there, and the gaps;
//! `GET /region/{code}/activities|organizations`: the lists behind the figures, also as CSV, Excel
//! and JSON (`?format=`).

use askama::Template;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use fupin_app::public_pages::{DOWNLOAD_LIMIT, NATION, PUBLIC_PER_PAGE, RegionPage};
use fupin_app::stats::PublicCount;
use fupin_domain::{BeneficiaryCategory, Field, Money};
use fupin_store::stats::Filter;
use fupin_store::stats::public::ActivityQuery;

use super::pub_list::{ListTemplate, activity_list, list_links, with_query};
use super::pub_text::PubText;
use super::{Layout, PageCtx, PageError, Section, render};
use crate::WebState;
use crate::format::{count, money_compact, money_exact};
use crate::i18n::Locale;
use crate::open_data::tables::{self, OrganizationItemJson, PageJson};
use crate::open_data::{Format, ListQuery, cacheable, download};

/// A figure with the link to the records behind it.
pub struct Figure {
    /// Label.
    pub label: &'static str,
    /// Value as shown.
    pub value: String,
    /// Exact value (title attribute), empty when the value is exact.
    pub exact: String,
    /// Drill-down link.
    pub href: String,
}

/// One row of a breakdown or child table.
pub struct Row {
    /// Label.
    pub label: String,
    /// Link of the label (a region page), empty for none.
    pub label_href: String,
    /// Note beside the label (poor county).
    pub note: String,
    /// Organizations.
    pub organizations: String,
    /// Activities.
    pub activities: String,
    /// Committed, compact.
    pub committed: String,
    /// Committed, exact.
    pub committed_exact: String,
    /// Persons (masked).
    pub persons: String,
    /// The records behind the row.
    pub href: String,
}

#[derive(Template)]
#[template(path = "pub_region.html")]
struct RegionTemplate {
    layout: Layout,
    t: &'static PubText,
    heading: String,
    level: &'static str,
    crumbs: Vec<(String, String)>,
    status: String,
    years: Vec<(i32, bool)>,
    figures: Vec<Figure>,
    categories: Vec<(&'static str, String)>,
    by_year: Vec<Row>,
    by_field: Vec<Row>,
    children: Vec<Row>,
    orgs: Vec<(String, String, String)>,
    activities: Vec<(String, String, String, String)>,
    gaps: Vec<(String, String, String)>,
    poor_below: String,
    base: String,
    query: String,
}

/// The masked text of a beneficiary count.
pub fn masked(n: i64) -> String {
    PublicCount::of(n).text()
}

fn region_row(locale: Locale, label: String, href: String, t: &fupin_store::stats::Totals) -> Row {
    let committed = Money::from_fen(t.committed_fen);
    Row {
        label,
        label_href: String::new(),
        note: String::new(),
        organizations: String::new(),
        activities: count(t.activities),
        committed: money_compact(locale, committed),
        committed_exact: money_exact(committed),
        persons: masked(t.persons),
        href,
    }
}

fn view(ctx: &PageCtx, p: RegionPage, filter: &Filter) -> RegionTemplate {
    let t = PubText::of(ctx.locale);
    let locale = ctx.locale;
    let path_code = if p.code.is_empty() {
        NATION.to_owned()
    } else {
        p.code.clone()
    };
    let base = format!("/region/{path_code}");
    let query = ListQuery::filter_query(filter);
    let list = with_query(&format!("{base}/activities"), &query);
    let heading = if p.name.is_empty() {
        t.nation.to_owned()
    } else {
        p.name.clone()
    };
    let level = match p.level {
        1 => t.level_province,
        2 => t.level_prefecture,
        3 => t.level_county,
        _ => "",
    };
    let status = match p.poor_county {
        Some(Some(year)) => format!("{} · {} {year}", t.poor_county, t.exit_year),
        Some(None) => t.poor_county.to_owned(),
        None if p.level == 3 => t.not_poor.to_owned(),
        None => String::new(),
    };
    let money = |label, fen: i64| Figure {
        label,
        value: money_compact(locale, Money::from_fen(fen)),
        exact: money_exact(Money::from_fen(fen)),
        href: list.clone(),
    };
    let plain = |label, value: String, href: &str| Figure {
        label,
        value,
        exact: String::new(),
        href: href.to_owned(),
    };
    let tt = &p.totals;
    let figures = vec![
        plain(
            t.organizations,
            count(p.organizations),
            &with_query(&format!("{base}/organizations"), &query),
        ),
        plain(t.activities, count(tt.activities), &list),
        money(t.committed, tt.committed_fen),
        money(t.disbursed, tt.disbursed_fen),
        money(t.spent, tt.spent_fen),
        money(t.goods, tt.goods_fen),
        plain(t.hours, count(tt.volunteer_hours), &list),
        plain(t.households, p.beneficiaries.households.text(), &list),
        plain(t.persons, p.beneficiaries.persons.text(), &list),
        plain(
            t.verified,
            if tt.roster_entries == 0 {
                t.verified_none.to_owned()
            } else {
                format!("{:.1}%", p.verified_bp as f64 / 100.0)
            },
            &list,
        ),
    ];
    let categories = BeneficiaryCategory::ALL
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
        .collect();
    let mut year_filter = filter.clone();
    let by_year = p
        .by_year
        .iter()
        .map(|k| {
            year_filter.year = k.key.parse().ok();
            let href = with_query(
                &format!("{base}/activities"),
                &ListQuery::filter_query(&year_filter),
            );
            region_row(locale, k.key.clone(), href, &k.totals)
        })
        .collect();
    let by_field = p
        .by_field
        .iter()
        .map(|k| {
            let mut f = filter.clone();
            f.field = Some(k.key.clone());
            let href = with_query(&format!("{base}/activities"), &ListQuery::filter_query(&f));
            let label = Field::from_code(&k.key)
                .map_or_else(|| k.key.clone(), |v| locale.label(&v).to_owned());
            region_row(locale, label, href, &k.totals)
        })
        .collect();
    let children = p
        .children
        .iter()
        .map(|(r, totals, orgs)| {
            let mut row = region_row(
                locale,
                r.name.clone(),
                with_query(&format!("/region/{}/activities", r.code), &query),
                totals,
            );
            if r.level <= 3 {
                row.label_href = with_query(&format!("/region/{}", r.code), &query);
            } else {
                row.href = with_query(&format!("{base}/activities"), &query);
            }
            if r.poor_county {
                row.note = t.poor_county.to_owned();
            }
            row.organizations = count(*orgs);
            row
        })
        .collect();
    let orgs = p
        .top_organizations
        .iter()
        .map(|o| {
            (
                format!("/organization/{}", o.id),
                o.name.clone(),
                count(o.activities),
            )
        })
        .collect();
    let activities = p
        .latest
        .iter()
        .map(|a| {
            (
                format!("/activity/{}", a.id),
                a.title.clone(),
                a.organization_name.clone(),
                money_compact(locale, Money::from_fen(a.committed_fen)),
            )
        })
        .collect();
    let gaps = p
        .gaps
        .iter()
        .map(|g| {
            (
                format!("/region/{}", g.code),
                g.name.clone(),
                g.poor_exit_year.map(|y| y.to_string()).unwrap_or_default(),
            )
        })
        .collect();
    let mut crumbs = vec![(format!("/region/{NATION}"), t.nation.to_owned())];
    if !p.code.is_empty() {
        crumbs.extend(
            p.ancestors
                .iter()
                .map(|(c, n)| (format!("/region/{c}"), n.clone())),
        );
    }
    RegionTemplate {
        layout: ctx.layout(Some(&heading), Section::None),
        t,
        level,
        crumbs,
        status,
        years: (2016..=2020).map(|y| (y, filter.year == Some(y))).collect(),
        figures,
        categories,
        by_year,
        by_field,
        children,
        orgs,
        activities,
        gaps,
        poor_below: count(p.poor_counties_below),
        heading,
        base,
        query,
    }
}

/// `GET /region/{code}`.
pub async fn page(
    State(state): State<WebState>,
    ctx: PageCtx,
    Path(code): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let filter = q.filter().map_err(|e| ctx.error(e))?;
    let p = state
        .app
        .region_page(&code, &filter)
        .await
        .map_err(|e| ctx.error(e))?;
    Ok(cacheable(render(StatusCode::OK, &view(&ctx, p, &filter))))
}

async fn region_name(
    state: &WebState,
    ctx: &PageCtx,
    code: &str,
) -> Result<(Option<String>, String), fupin_app::AppError> {
    let t = PubText::of(ctx.locale);
    Ok(match state.app.public_region(code).await? {
        Some(r) => (Some(r.code), r.name),
        None => (None, t.nation.to_owned()),
    })
}

/// `GET /region/{code}/activities`: the counted activities reaching the region.
pub async fn activities(
    State(state): State<WebState>,
    ctx: PageCtx,
    Path(code): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let run = async {
        let (region, name) = region_name(&state, &ctx, &code).await?;
        let t = PubText::of(ctx.locale);
        let query = ActivityQuery {
            region,
            filter: q.filter()?,
            ..ActivityQuery::default()
        };
        let heading = format!("{name} · {}", t.list_activities);
        activity_list(
            &state,
            &ctx,
            &q,
            query,
            heading,
            (format!("/region/{code}"), name),
            &format!("activities-{code}"),
        )
        .await
    };
    run.await.map_err(|e| ctx.error(e))
}

/// `GET /region/{code}/organizations`: the organizations active in the region.
pub async fn organizations(
    State(state): State<WebState>,
    ctx: PageCtx,
    Path(code): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let run = async {
        let (region, name) = region_name(&state, &ctx, &code).await?;
        let t = PubText::of(ctx.locale);
        let filter = q.filter()?;
        let format = q.format()?;
        let (page, per_page) = match format {
            Format::Csv | Format::Xlsx => (1, DOWNLOAD_LIMIT),
            _ => (q.page()?, PUBLIC_PER_PAGE),
        };
        let node = region.unwrap_or_default();
        let items = state
            .app
            .public_organizations(&node, filter.year, page, per_page)
            .await?;
        let heading = format!("{name} · {}", t.list_orgs);
        match format {
            Format::Csv | Format::Xlsx => download(
                &tables::organizations_table(&heading, &items.items),
                &format!("organizations-{code}"),
                format,
            ),
            Format::Json => Ok(cacheable(
                Json(PageJson::of(items, OrganizationItemJson::from)).into_response(),
            )),
            Format::Html => {
                let only_year = Filter {
                    year: filter.year,
                    ..Filter::default()
                };
                let (prev, next, downloads) =
                    list_links(&ctx.path, &only_year, items.page, items.pages());
                let rows = items
                    .items
                    .iter()
                    .map(|o| {
                        (
                            format!("/organization/{}", o.id),
                            vec![o.name.clone(), o.credit_code.clone(), count(o.activities)],
                        )
                    })
                    .collect();
                let page = ListTemplate {
                    layout: ctx.layout(Some(&heading), Section::None),
                    t,
                    headers: vec![t.col_org, PubText::of(ctx.locale).credit_code, t.activities],
                    rows,
                    total: count(items.total),
                    page: items.page,
                    pages: items.pages(),
                    prev,
                    next,
                    downloads,
                    heading,
                    back: (format!("/region/{code}"), name),
                };
                Ok(cacheable(render(StatusCode::OK, &page)))
            }
        }
    };
    run.await.map_err(|e| ctx.error(e))
}
