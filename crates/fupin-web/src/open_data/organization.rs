//! `GET /api/v1/organizations/{id}`: an organization's page as JSON, with its roster
//! verification figures (aggregates only, never an entry).

use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use fupin_app::stats::PublicBeneficiaries;
use fupin_app::verification::quality::OrganizationQuality;
use fupin_domain::{CreditStatus, OrgLevel, OrgType};
use serde::Serialize;

use super::api::{FiguresJson, IndicatorJson};
use super::cacheable;
use super::tables::{ActivityItemJson, CodeJson};
use crate::WebState;
use crate::api::ApiError;

/// The roster verification of an organization's published activities.
#[derive(Debug, Serialize)]
pub struct VerificationJson {
    /// Roster entries verified.
    pub entries: i64,
    /// Entries verified (exact name, homophone or typo).
    pub verified: i64,
    /// Quality score in basis points (10,000 = every entry verified with its exact name): the
    /// mean of the entries' quality points, floored; 0 without entries.
    pub quality_score_bp: i64,
}

impl From<&OrganizationQuality> for VerificationJson {
    fn from(q: &OrganizationQuality) -> Self {
        VerificationJson {
            entries: q.entries,
            verified: q.verified,
            quality_score_bp: q.quality_bp(),
        }
    }
}

/// `GET /api/v1/organizations/{id}`.
#[derive(Debug, Serialize)]
pub struct OrganizationJson {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// 统一社会信用代码.
    pub credit_code: String,
    /// IATI organisation identifier.
    pub iati_ref: String,
    /// Type.
    pub org_type: CodeJson,
    /// Level.
    pub level: CodeJson,
    /// Credit status.
    pub credit_status: CodeJson,
    /// Where: provinces and counties (code, name, activities).
    pub provinces: Vec<(String, String, i64)>,
    /// Counties.
    pub counties: Vec<(String, String, i64)>,
    /// Whom.
    pub beneficiaries: PublicBeneficiaries,
    /// How much.
    pub figures: FiguresJson,
    /// Effect: (code, name, unit, baseline, target, actual) summed.
    pub indicators: Vec<IndicatorJson>,
    /// Verified share, basis points.
    pub verified_share_bp: i64,
    /// Roster verification of its published activities: entries, verified, quality score.
    pub verification: VerificationJson,
    /// Corrections published: (activity version id, version, note).
    pub corrections: Vec<(i64, i32, Option<String>)>,
    /// Its activities.
    pub activities: Vec<ActivityItemJson>,
}

/// `GET /api/v1/organizations/{id}`.
pub async fn organization(
    State(state): State<WebState>,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let p = state.app.organization_page(id).await?;
    let quality = state.app.organization_quality(id).await?;
    let o = p.organization;
    let place =
        |v: Vec<(String, String, bool, i64)>| v.into_iter().map(|(c, n, _, a)| (c, n, a)).collect();
    let body = OrganizationJson {
        id: o.id,
        iati_ref: format!("CN-USCC-{}", o.credit_code),
        org_type: CodeJson::of::<OrgType>(&o.org_type),
        level: CodeJson::of::<OrgLevel>(&o.level),
        credit_status: CodeJson::of::<CreditStatus>(&o.credit_status),
        name: o.name,
        credit_code: o.credit_code,
        provinces: place(p.provinces),
        counties: place(p.counties),
        beneficiaries: p.beneficiaries,
        figures: (&p.totals).into(),
        indicators: p
            .indicators
            .into_iter()
            .map(|i| (i.code, i.name, i.unit, i.baseline, i.target, i.actual))
            .collect(),
        verified_share_bp: p.verified_bp,
        verification: VerificationJson::from(&quality),
        corrections: p
            .corrections
            .into_iter()
            .map(|v| (v.id, v.version, v.correction_note))
            .collect(),
        activities: p
            .activities
            .into_iter()
            .map(ActivityItemJson::from)
            .collect(),
    };
    Ok(cacheable(Json(body).into_response()))
}
