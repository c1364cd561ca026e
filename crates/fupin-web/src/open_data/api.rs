//! The open JSON API of the public pages: the same figures, never more. Money is integer fen
//! with the exact text; beneficiary counts are numbers from 5 up, `"<5"` for 1–4.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use fupin_app::AppError;
use fupin_app::public_pages::NATION;
use fupin_app::stats::PublicBeneficiaries;
use fupin_domain::{FundingSource, Money, TransactionKind};
use fupin_store::stats::Totals;
use fupin_store::stats::read::Keyed;
use serde::Serialize;

use super::tables::{ActivityItemJson, CodeJson};
use super::{ListQuery, cacheable};
use crate::WebState;
use crate::api::{ApiError, MoneyJson};

/// An indicator: (code, name, unit, baseline, target, actual).
pub type IndicatorJson = (
    String,
    String,
    String,
    Option<f64>,
    Option<f64>,
    Option<f64>,
);

/// Rollup figures of a node or a breakdown key.
#[derive(Debug, Serialize)]
pub struct FiguresJson {
    /// Activities (once per node).
    pub activities: i64,
    /// Committed.
    pub committed: MoneyJson,
    /// Disbursed.
    pub disbursed: MoneyJson,
    /// Spent.
    pub spent: MoneyJson,
    /// Goods, valued.
    pub goods: MoneyJson,
    /// Volunteer hours.
    pub volunteer_hours: i64,
    /// Beneficiaries (masked below 5).
    pub beneficiaries: PublicBeneficiaries,
    /// Verified share of roster entries, basis points.
    pub verified_share_bp: i64,
}

impl From<&Totals> for FiguresJson {
    fn from(t: &Totals) -> Self {
        FiguresJson {
            activities: t.activities,
            committed: Money::from_fen(t.committed_fen).into(),
            disbursed: Money::from_fen(t.disbursed_fen).into(),
            spent: Money::from_fen(t.spent_fen).into(),
            goods: Money::from_fen(t.goods_fen).into(),
            volunteer_hours: t.volunteer_hours,
            beneficiaries: PublicBeneficiaries::of_totals(t),
            verified_share_bp: fupin_app::stats::verified_share_bp(
                t.verified_entries,
                t.roster_entries,
            ),
        }
    }
}

/// A keyed figure (a year, a field code, a child region).
#[derive(Debug, Serialize)]
pub struct KeyedJson {
    /// Key.
    pub key: String,
    /// Figures.
    pub figures: FiguresJson,
}

fn keyed(rows: &[Keyed]) -> Vec<KeyedJson> {
    rows.iter()
        .map(|k| KeyedJson {
            key: k.key.clone(),
            figures: (&k.totals).into(),
        })
        .collect()
}

/// `GET /api/v1/regions/{code}`.
#[derive(Debug, Serialize)]
pub struct RegionJson {
    /// Code (`cn` for the nation).
    pub code: String,
    /// Name.
    pub name: String,
    /// 0 nation … 3 county.
    pub level: i32,
    /// National poor county.
    pub poor_county: bool,
    /// Its exit year.
    pub poor_exit_year: Option<i32>,
    /// Distinct organizations active.
    pub organizations: i64,
    /// Figures.
    pub figures: FiguresJson,
    /// By year.
    pub by_year: Vec<KeyedJson>,
    /// By field.
    pub by_field: Vec<KeyedJson>,
    /// Areas below: code, name, figures, organizations.
    pub children: Vec<ChildJson>,
    /// Poor counties below with no organization active.
    pub gaps: Vec<GapJson>,
    /// Lists behind the figures.
    pub links: LinksJson,
}

/// An area below a region.
#[derive(Debug, Serialize)]
pub struct ChildJson {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// National poor county.
    pub poor_county: bool,
    /// Organizations.
    pub organizations: i64,
    /// Figures.
    pub figures: FiguresJson,
}

/// A gap.
#[derive(Debug, Serialize)]
pub struct GapJson {
    /// County code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Exit year.
    pub poor_exit_year: Option<i32>,
}

/// Links to the records behind the figures.
#[derive(Debug, Serialize)]
pub struct LinksJson {
    /// Activities (JSON).
    pub activities: String,
    /// Organizations (JSON).
    pub organizations: String,
}

/// `GET /api/v1/regions/{code}`.
pub async fn region(
    State(state): State<WebState>,
    Path(code): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response, ApiError> {
    let filter = q.filter()?;
    let p = state.app.region_page(&code, &filter).await?;
    let path = if p.code.is_empty() {
        NATION.to_owned()
    } else {
        p.code.clone()
    };
    let body = RegionJson {
        code: path.clone(),
        name: p.name.clone(),
        level: p.level,
        poor_county: p.poor_county.is_some(),
        poor_exit_year: p.poor_county.flatten(),
        organizations: p.organizations,
        figures: (&p.totals).into(),
        by_year: keyed(&p.by_year),
        by_field: keyed(&p.by_field),
        children: p
            .children
            .iter()
            .map(|(r, t, o)| ChildJson {
                code: r.code.clone(),
                name: r.name.clone(),
                poor_county: r.poor_county,
                organizations: *o,
                figures: t.into(),
            })
            .collect(),
        gaps: p
            .gaps
            .iter()
            .map(|g| GapJson {
                code: g.code.clone(),
                name: g.name.clone(),
                poor_exit_year: g.poor_exit_year,
            })
            .collect(),
        links: LinksJson {
            activities: format!("/region/{path}/activities?format=json"),
            organizations: format!("/region/{path}/organizations?format=json"),
        },
    };
    Ok(cacheable(Json(body).into_response()))
}

/// `GET /api/v1/published-activities/{id}`.
#[derive(Debug, Serialize)]
pub struct ActivityJson {
    /// Summary (money, field, method, organization).
    #[serde(flatten)]
    pub summary: ActivityItemJson,
    /// Description.
    pub description: String,
    /// Version number.
    pub version: i32,
    /// Whether this is the current version.
    pub is_current: bool,
    /// Locations: (code, name, share in basis points).
    pub locations: Vec<(String, String, i32)>,
    /// Money by kind and funding source.
    pub money: Vec<MoneyLineJson>,
    /// Whom.
    pub beneficiaries: PublicBeneficiaries,
    /// Indicators: (code, name, unit, baseline, target, actual).
    pub indicators: Vec<IndicatorJson>,
    /// Evidence: (file name, content type, size, SHA-256).
    pub evidence: Vec<(String, String, i64, String)>,
    /// Published versions: (id, version, current, note).
    pub versions: Vec<(i64, i32, bool, Option<String>)>,
}

/// Money of one kind from one source.
#[derive(Debug, Serialize)]
pub struct MoneyLineJson {
    /// Kind.
    pub kind: CodeJson,
    /// Funding source.
    pub source: CodeJson,
    /// Amount.
    pub amount: MoneyJson,
}

/// `GET /api/v1/published-activities/{id}`.
pub async fn activity(
    State(state): State<WebState>,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let p = state.app.activity_page(id).await?;
    let a = p.activity;
    let body = ActivityJson {
        description: a.description.clone(),
        version: a.version,
        is_current: a.is_current,
        summary: a.into(),
        locations: p
            .locations
            .into_iter()
            .map(|l| (l.code, l.name, l.share_bp))
            .collect(),
        money: p
            .money
            .into_iter()
            .map(|(k, s, fen)| MoneyLineJson {
                kind: CodeJson::of::<TransactionKind>(&k),
                source: CodeJson::of::<FundingSource>(&s),
                amount: Money::from_fen(fen).into(),
            })
            .collect(),
        beneficiaries: p.beneficiaries,
        indicators: p
            .indicators
            .into_iter()
            .map(|i| (i.code, i.name, i.unit, i.baseline, i.target, i.actual))
            .collect(),
        evidence: p
            .evidence
            .into_iter()
            .map(|e| (e.file_name, e.content_type, e.size_bytes, e.sha256))
            .collect(),
        versions: p
            .versions
            .into_iter()
            .map(|v| (v.id, v.version, v.is_current, v.correction_note))
            .collect(),
    };
    Ok(cacheable(Json(body).into_response()))
}

/// `GET /api/v1/statistics/{axis}/{node}`.
#[derive(Debug, Serialize)]
pub struct StatisticsJson {
    /// `region` or `system`.
    pub axis: &'static str,
    /// Node (`cn` the nation).
    pub node: String,
    /// Distinct organizations.
    pub organizations: i64,
    /// Figures.
    pub figures: FiguresJson,
    /// Breakdowns by year, field, method, org_type, org_level.
    pub breakdowns: Vec<(&'static str, Vec<KeyedJson>)>,
    /// For the system axis at the nation: every supervisory unit (id, name, figures).
    pub units: Vec<(i64, String, FiguresJson)>,
}

/// `GET /api/v1/statistics/{axis}/{node}`: `region/{code|cn}` or `system/{unit id|cn}`.
pub async fn statistics(
    State(state): State<WebState>,
    Path((axis, node)): Path<(String, String)>,
    Query(q): Query<ListQuery>,
) -> Result<Response, ApiError> {
    let filter = q.filter()?;
    let axis: &'static str = match axis.as_str() {
        "region" => "region",
        "system" => "system",
        _ => return Err(AppError::NotFound.into()),
    };
    let key = if node == NATION {
        String::new()
    } else {
        node.clone()
    };
    if axis == "region" && !key.is_empty() {
        state.app.public_region(&key).await?;
    }
    let s = state.app.node_statistics(axis, &key, &filter).await?;
    let units = if axis == "system" && key.is_empty() {
        state
            .app
            .unit_statistics(&filter)
            .await?
            .iter()
            .map(|(id, name, t)| (*id, name.clone(), t.into()))
            .collect()
    } else {
        Vec::new()
    };

    let body = StatisticsJson {
        axis,
        node,
        organizations: s.organizations,
        figures: (&s.totals).into(),
        breakdowns: s
            .breakdowns
            .iter()
            .map(|(n, rows)| (*n, keyed(rows)))
            .collect(),
        units,
    };
    Ok(cacheable(Json(body).into_response()))
}
