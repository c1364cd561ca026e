//! Public search across organizations and published activities, and the region figures of the map.
//!
//! Anyone may search; only published, current activity versions are found, and organizations only
//! when they have one. Query words come from segmentation and also match pinyin ([`text`]).
//! Before searching, documents for newly published activities and new organizations are written
//! to the index (at most every [`INDEX_FRESH_FOR`], so a new publication is found within seconds).

mod index;
pub mod text;

use std::time::Duration;

use fupin_domain::{Field, Method, Money, OrgLevel, OrgType};
use fupin_store::regions::{self, RegionRow};
use fupin_store::search::{self as store, Filters};

use crate::{Actor, App, AppError, Page};

/// How long the index counts as up to date after a check.
pub const INDEX_FRESH_FOR: Duration = Duration::from_secs(10);

/// Results per page.
pub const PER_PAGE: i64 = 20;

/// Organizations shown beside the activities when both kinds are listed.
pub const ORGANIZATIONS_BESIDE: i64 = 5;

/// Highest page number served (deeper pages are refused: narrow the search instead).
pub const MAX_PAGE: i64 = 500;

/// Which results to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SearchKind {
    /// Activities, paginated, with the first organizations beside them.
    #[default]
    All,
    /// Activities only.
    Activities,
    /// Organizations only, paginated.
    Organizations,
}

impl SearchKind {
    /// Parses `all`, `activities` or `organizations`.
    pub fn from_code(code: &str) -> Option<SearchKind> {
        match code {
            "all" => Some(SearchKind::All),
            "activities" => Some(SearchKind::Activities),
            "organizations" => Some(SearchKind::Organizations),
            _ => None,
        }
    }

    /// The code in URLs.
    pub fn code(self) -> &'static str {
        match self {
            SearchKind::All => "all",
            SearchKind::Activities => "activities",
            SearchKind::Organizations => "organizations",
        }
    }
}

/// A search as asked: every part as typed (empty = not given); [`App::search`] checks them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchParams {
    /// The words.
    pub q: String,
    /// `all`, `activities` or `organizations`.
    pub kind: String,
    /// Field code.
    pub field: String,
    /// Region code: province (2 digits), prefecture (4) or county (6).
    pub region: String,
    /// Year.
    pub year: String,
    /// Organization type code.
    pub org_type: String,
    /// Page number, from 1.
    pub page: String,
}

/// A search, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    /// The words as typed (trimmed).
    pub q: String,
    /// The terms the words became.
    pub terms: Vec<String>,
    /// What to list.
    pub kind: SearchKind,
    /// Field filter.
    pub field: Option<Field>,
    /// Region filter.
    pub region: Option<RegionRow>,
    /// Year filter.
    pub year: Option<i32>,
    /// Organization type filter.
    pub org_type: Option<OrgType>,
    /// Page number, from 1.
    pub page: i64,
}

/// An activity found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityResult {
    /// Version id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Field.
    pub field: Field,
    /// Method.
    pub method: Method,
    /// Year.
    pub year: i32,
    /// Reporting organization's id.
    pub organization_id: i64,
    /// Its name.
    pub organization_name: String,
    /// Money committed.
    pub committed: Money,
    /// The county with the largest share: code and name.
    pub county: Option<(String, String)>,
}

/// An organization found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationResult {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Type.
    pub org_type: OrgType,
    /// Level.
    pub level: OrgLevel,
    /// Region of registration: code and name.
    pub region: (String, String),
    /// Its published activities.
    pub activities: i64,
}

/// What a search found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchResults {
    /// The search, checked.
    pub request: SearchRequest,
    /// Activities (empty for [`SearchKind::Organizations`]); `total` counts every match.
    pub activities: Page<ActivityResult>,
    /// Organizations (the first few for [`SearchKind::All`]); `total` counts every match.
    pub organizations: Page<OrganizationResult>,
    /// Years with published activities, newest first (for the year filter).
    pub years: Vec<i32>,
    /// The provinces (for the region filter).
    pub provinces: Vec<RegionRow>,
}

/// Published activities in one region (the map).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionFigure {
    /// Region code (province 2 digits, prefecture 4).
    pub code: String,
    /// Name.
    pub name: String,
    /// Activities with a location there.
    pub activities: i64,
    /// Organizations with such an activity.
    pub organizations: i64,
    /// Money committed there, by each location's share.
    pub committed: Money,
}

impl App {
    /// Searches published activities and organizations; anyone may.
    pub async fn search(
        &self,
        _actor: &Actor,
        params: &SearchParams,
    ) -> Result<SearchResults, AppError> {
        let request = self.check_search(params).await?;
        if let Err(err) = self.refresh_search_index().await {
            // A stale index still answers; the next search tries again.
            tracing::warn!(error = %err, "search index not brought up to date");
        }
        let filters = Filters {
            terms: request.terms.clone(),
            field: request.field.map(|f| f.code().to_owned()),
            region: request.region.as_ref().map(|r| r.code.clone()),
            year: request.year,
            org_type: request.org_type.map(|t| t.code().to_owned()),
        };
        let offset = (request.page - 1) * PER_PAGE;
        let activity_total = store::count_activities(&self.db, &filters).await?;
        let organization_total = store::count_organizations(&self.db, &filters).await?;
        let (activity_rows, org_limit, org_offset, org_page) = match request.kind {
            SearchKind::Organizations => (Vec::new(), PER_PAGE, offset, request.page),
            kind => {
                let rows = store::activities(&self.db, &filters, PER_PAGE, offset).await?;
                let beside = if kind == SearchKind::All {
                    ORGANIZATIONS_BESIDE
                } else {
                    0
                };
                (rows, beside, 0, 1)
            }
        };
        let org_rows = if org_limit > 0 {
            store::organizations(&self.db, &filters, org_limit, org_offset).await?
        } else {
            Vec::new()
        };
        let activities = Page {
            items: activity_rows
                .into_iter()
                .map(activity_result)
                .collect::<Result<_, _>>()?,
            total: activity_total,
            per_page: PER_PAGE,
            page: request.page,
        };
        let organizations = Page {
            items: org_rows
                .into_iter()
                .map(organization_result)
                .collect::<Result<_, _>>()?,
            total: organization_total,
            per_page: org_limit.max(1),
            page: org_page,
        };
        Ok(SearchResults {
            request,
            activities,
            organizations,
            years: store::years(&self.db).await?,
            provinces: regions::provinces(&self.db).await?,
        })
    }

    /// Checks what a search asks for; a value that names nothing is refused with its reason.
    pub async fn check_search(&self, params: &SearchParams) -> Result<SearchRequest, AppError> {
        let given = |s: &str| {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_owned())
        };
        let kind = match given(&params.kind) {
            None => SearchKind::All,
            Some(code) => SearchKind::from_code(&code)
                .ok_or_else(|| AppError::Invalid(format!("结果类型“{code}”不存在")))?,
        };
        let field = match given(&params.field) {
            None => None,
            Some(code) => Some(
                Field::from_code(&code)
                    .ok_or_else(|| AppError::Invalid(format!("扶贫领域“{code}”不存在")))?,
            ),
        };
        let org_type = match given(&params.org_type) {
            None => None,
            Some(code) => Some(
                OrgType::from_code(&code)
                    .ok_or_else(|| AppError::Invalid(format!("社会组织类型“{code}”不存在")))?,
            ),
        };
        let year = match given(&params.year) {
            None => None,
            Some(text) => match text.parse::<i32>() {
                Ok(y) if (2000..=2100).contains(&y) => Some(y),
                _ => return Err(AppError::Invalid(format!("年度“{text}”无效"))),
            },
        };
        let region = match given(&params.region) {
            None => None,
            Some(code) => Some(self.region_for_filter(&code).await?),
        };
        let page = match given(&params.page) {
            None => 1,
            Some(text) => match text.parse::<i64>() {
                Ok(p) if (1..=MAX_PAGE).contains(&p) => p,
                _ => return Err(AppError::Invalid(format!("页码“{text}”无效"))),
            },
        };
        let q: String = params
            .q
            .trim()
            .chars()
            .take(text::MAX_QUERY_CHARS)
            .collect();
        Ok(SearchRequest {
            terms: text::terms(&q),
            q,
            kind,
            field,
            region,
            year,
            org_type,
            page,
        })
    }

    async fn region_for_filter(&self, code: &str) -> Result<RegionRow, AppError> {
        let well_formed =
            matches!(code.len(), 2 | 4 | 6) && code.bytes().all(|b| b.is_ascii_digit());
        let unknown = || {
            AppError::Invalid(format!(
                "行政区划代码“{code}”不存在（应为省 2 位、市 4 位或县 6 位）"
            ))
        };
        if !well_formed {
            return Err(unknown());
        }
        regions::get(&self.db, code).await?.ok_or_else(unknown)
    }

    /// The provinces, by code (the map's links without JavaScript); anyone may read them.
    pub async fn provinces(&self, _actor: &Actor) -> Result<Vec<RegionRow>, AppError> {
        Ok(regions::provinces(&self.db).await?)
    }

    /// Published activities by province (`within` = `None`) or by the prefectures of a province
    /// (its 2-digit code), every region listed, those without activities at zero; anyone may read.
    pub async fn region_figures(
        &self,
        _actor: &Actor,
        within: Option<&str>,
    ) -> Result<Vec<RegionFigure>, AppError> {
        let regions = match within {
            None => regions::provinces(&self.db).await?,
            Some(code) => {
                let province = self.region_for_filter(code).await?;
                if province.level != 1 {
                    return Err(AppError::Invalid(format!("“{code}”不是省级行政区划代码")));
                }
                regions::children(&self.db, &province.code).await?
            }
        };
        let facets = store::region_facets(&self.db, &Filters::default(), within).await?;
        Ok(regions
            .into_iter()
            .map(|region| {
                let facet = facets.iter().find(|f| f.code == region.code);
                RegionFigure {
                    activities: facet.map_or(0, |f| f.activities),
                    organizations: facet.map_or(0, |f| f.organizations),
                    committed: Money::from_fen(facet.map_or(0, |f| f.committed_fen)),
                    code: region.code,
                    name: region.name,
                }
            })
            .collect())
    }
}

fn activity_result(row: store::ActivityHit) -> Result<ActivityResult, AppError> {
    Ok(ActivityResult {
        field: Field::from_code(&row.field)
            .ok_or_else(|| AppError::corrupt("field", &row.field))?,
        method: Method::from_code(&row.method)
            .ok_or_else(|| AppError::corrupt("method", &row.method))?,
        county: row.county_code.zip(row.county_name),
        id: row.id,
        title: row.title,
        year: row.year,
        organization_id: row.organization_id,
        organization_name: row.organization_name,
        committed: Money::from_fen(row.committed_fen),
    })
}

fn organization_result(row: store::OrganizationHit) -> Result<OrganizationResult, AppError> {
    Ok(OrganizationResult {
        org_type: OrgType::from_code(&row.org_type)
            .ok_or_else(|| AppError::corrupt("org_type", &row.org_type))?,
        level: OrgLevel::from_code(&row.level)
            .ok_or_else(|| AppError::corrupt("level", &row.level))?,
        region: (
            row.region_code.clone(),
            row.region_name.unwrap_or(row.region_code),
        ),
        id: row.id,
        name: row.name,
        activities: row.activities,
    })
}
