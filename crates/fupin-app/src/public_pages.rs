//! The public disclosure pages' use cases: a region, an organization, an activity, and the lists
//! behind every figure. Anyone may read them; they show published data only, and beneficiary
//! counts only through [`PublicCount`](crate::stats::PublicCount) (township level or above).

use fupin_store::organizations::{self, OrganizationRow};
use fupin_store::regions::{self, RegionRow};
use fupin_store::stats::public::{
    self as published, ActivityQuery, PublicActivity, PublicEvidence, PublicIndicator,
    PublicLocation, PublicVersion,
};
use fupin_store::stats::read::{self, ActiveOrganization, Gap, Keyed};
use fupin_store::stats::{Filter, Totals};

use crate::stats::{PublicBeneficiaries, verified_share_bp};
use crate::{App, AppError, Page};

/// Rows per page of the public lists.
pub const PUBLIC_PER_PAGE: i64 = 50;
/// Largest page size the open-data downloads use (a whole list in one file).
pub const DOWNLOAD_LIMIT: i64 = 100_000;

/// The nation as a region page (`/region/cn`).
pub const NATION: &str = "cn";

/// A region page: province, prefecture, county, or the nation.
#[derive(Debug, Clone)]
pub struct RegionPage {
    /// Code (`""` for the nation).
    pub code: String,
    /// Name (`""` for the nation).
    pub name: String,
    /// 0 nation, 1 province, 2 prefecture, 3 county.
    pub level: i32,
    /// Ancestors, province first: (code, name).
    pub ancestors: Vec<(String, String)>,
    /// National poor county, with its exit year.
    pub poor_county: Option<Option<i32>>,
    /// The figures (filtered by year if asked).
    pub totals: Totals,
    /// Beneficiaries as published.
    pub beneficiaries: PublicBeneficiaries,
    /// Distinct organizations active here.
    pub organizations: i64,
    /// Verified share in basis points.
    pub verified_bp: i64,
    /// Totals by year and by field.
    pub by_year: Vec<Keyed>,
    /// Totals by field.
    pub by_field: Vec<Keyed>,
    /// The children (prefectures, counties or townships): region, totals, organizations.
    pub children: Vec<(RegionRow, Totals, i64)>,
    /// The organizations most active here (first page).
    pub top_organizations: Vec<ActiveOrganization>,
    /// The newest activities here (first page).
    pub latest: Vec<PublicActivity>,
    /// National poor counties below with no organization active: the gaps.
    pub gaps: Vec<Gap>,
    /// National poor counties below.
    pub poor_counties_below: i64,
}

/// An organization page: the four questions answered.
#[derive(Debug, Clone)]
pub struct OrganizationPage {
    /// The organization.
    pub organization: OrganizationRow,
    /// Where: counties reached (code, name, poor county, activities).
    pub counties: Vec<(String, String, bool, i64)>,
    /// Where: provinces reached.
    pub provinces: Vec<(String, String, bool, i64)>,
    /// Whom.
    pub beneficiaries: PublicBeneficiaries,
    /// How much: its counted activities (money per activity), newest first.
    pub activities: Vec<PublicActivity>,
    /// How much: sums over [`Self::activities`] (activities, committed, disbursed, spent, goods, hours).
    pub totals: Totals,
    /// Effect: indicators summed by name and unit.
    pub indicators: Vec<PublicIndicator>,
    /// Verified share in basis points of its roster entries.
    pub verified_bp: i64,
    /// Roster entries reported.
    pub roster_entries: i64,
    /// Corrections it has published, newest first.
    pub corrections: Vec<PublicVersion>,
}

/// An activity page.
#[derive(Debug, Clone)]
pub struct ActivityPage {
    /// The version.
    pub activity: PublicActivity,
    /// Where.
    pub locations: Vec<PublicLocation>,
    /// Money by (kind, funding source, fen).
    pub money: Vec<(String, String, i64)>,
    /// Whom.
    pub beneficiaries: PublicBeneficiaries,
    /// Effect.
    pub indicators: Vec<PublicIndicator>,
    /// Evidence (metadata only).
    pub evidence: Vec<PublicEvidence>,
    /// Published versions, oldest first.
    pub versions: Vec<PublicVersion>,
}

fn page_bounds(page: i64, per_page: i64) -> (i64, i64) {
    let page = page.max(1);
    (per_page, (page - 1) * per_page)
}

impl App {
    /// A region known to the pages: the nation (`cn`), or a province, prefecture or county code.
    pub async fn public_region(&self, code: &str) -> Result<Option<RegionRow>, AppError> {
        if code == NATION {
            return Ok(None);
        }
        let well_formed =
            matches!(code.len(), 2 | 4 | 6) && code.bytes().all(|b| b.is_ascii_digit());
        if !well_formed {
            return Err(AppError::NotFound);
        }
        match regions::get(&self.db, code).await? {
            Some(r) if r.level <= 3 => Ok(Some(r)),
            _ => Err(AppError::NotFound),
        }
    }

    /// The region page of `code` (`cn` for the nation), figures filtered by `filter`.
    pub async fn region_page(&self, code: &str, filter: &Filter) -> Result<RegionPage, AppError> {
        self.ensure_statistics().await?;
        let region = self.public_region(code).await?;
        let node = region.as_ref().map_or("", |r| r.code.as_str()).to_owned();
        let level = region.as_ref().map_or(0, |r| r.level);
        let mut ancestors = Vec::new();
        if let Some(r) = &region {
            for a in [Some(&r.province_code), r.prefecture_code.as_ref()]
                .into_iter()
                .flatten()
            {
                if a != &r.code
                    && let Some(row) = regions::get(&self.db, a).await?
                {
                    ancestors.push((row.code, row.name));
                }
            }
        }
        let totals = read::totals(&self.db, "region", &node, filter).await?;
        let organizations =
            read::organization_count(&self.db, "region", &node, filter.year).await?;
        let child_rows = if node.is_empty() {
            regions::provinces(&self.db).await?
        } else {
            regions::children(&self.db, &node).await?
        };
        let figures = read::children(&self.db, level + 1, &node, filter).await?;
        let org_counts =
            read::children_organization_counts(&self.db, level + 1, &node, filter.year).await?;
        let children = child_rows
            .into_iter()
            .map(|r| {
                let t = figures
                    .iter()
                    .find(|k| k.key == r.code)
                    .map(|k| k.totals.clone())
                    .unwrap_or_default();
                let o = org_counts
                    .iter()
                    .find(|(c, _)| c == &r.code)
                    .map_or(0, |(_, n)| *n);
                (r, t, o)
            })
            .collect();
        let query = ActivityQuery {
            region: region.as_ref().map(|r| r.code.clone()),
            filter: filter.clone(),
            ..ActivityQuery::default()
        };
        let all_poor = regions::poor_counties(&self.db).await?;
        Ok(RegionPage {
            poor_county: region
                .as_ref()
                .filter(|r| r.poor_county)
                .map(|r| r.poor_exit_year),
            code: node.clone(),
            name: region.as_ref().map(|r| r.name.clone()).unwrap_or_default(),
            level,
            ancestors,
            beneficiaries: PublicBeneficiaries::of_totals(&totals),
            verified_bp: verified_share_bp(totals.verified_entries, totals.roster_entries),
            organizations,
            by_year: read::breakdown(&self.db, "region", &node, read::Dim::Year, filter).await?,
            by_field: read::breakdown(&self.db, "region", &node, read::Dim::Field, filter).await?,
            children,
            top_organizations: read::active_organizations(
                &self.db,
                "region",
                &node,
                filter.year,
                20,
                0,
            )
            .await?,
            latest: published::activities(&self.db, &query, 20, 0).await?,
            gaps: read::gaps(&self.db, &node).await?,
            poor_counties_below: all_poor
                .iter()
                .filter(|r| r.code.starts_with(node.as_str()))
                .count() as i64,
            totals,
        })
    }

    /// The organization page of `id` (any registered organization; figures from its published
    /// activities).
    pub async fn organization_page(&self, id: i64) -> Result<OrganizationPage, AppError> {
        self.ensure_statistics().await?;
        let organization = organizations::get(&self.db, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let query = ActivityQuery {
            organization_id: Some(id),
            ..ActivityQuery::default()
        };
        let activities = published::activities(&self.db, &query, DOWNLOAD_LIMIT, 0).await?;
        let mut totals = Totals::default();
        for a in &activities {
            totals.activities += 1;
            totals.committed_fen += a.committed_fen;
            totals.disbursed_fen += a.disbursed_fen;
            totals.spent_fen += a.spent_fen;
            totals.goods_fen += a.goods_value_fen;
            totals.volunteer_hours += a.volunteer_hours;
        }
        let (roster_entries, verified) = published::organization_roster(&self.db, id).await?;
        Ok(OrganizationPage {
            counties: published::organization_regions(&self.db, id, 3).await?,
            provinces: published::organization_regions(&self.db, id, 1).await?,
            beneficiaries: PublicBeneficiaries::of_rows(
                &published::organization_beneficiaries(&self.db, id).await?,
            ),
            indicators: published::organization_indicators(&self.db, id).await?,
            verified_bp: verified_share_bp(verified, roster_entries),
            roster_entries,
            corrections: published::corrections(&self.db, id).await?,
            organization,
            activities,
            totals,
        })
    }

    /// The activity page of published version `id` (current or superseded).
    pub async fn activity_page(&self, id: i64) -> Result<ActivityPage, AppError> {
        let activity = published::activity(&self.db, id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(ActivityPage {
            locations: published::locations(&self.db, id).await?,
            money: published::money_by_source(&self.db, id).await?,
            beneficiaries: PublicBeneficiaries::of_rows(
                &published::beneficiaries(&self.db, id).await?,
            ),
            indicators: published::indicators(&self.db, id).await?,
            evidence: published::evidence(&self.db, id).await?,
            versions: published::versions(&self.db, id).await?,
            activity,
        })
    }

    /// A page of the counted activities `query` selects: the records behind a figure.
    pub async fn public_activities(
        &self,
        query: &ActivityQuery,
        page: i64,
        per_page: i64,
    ) -> Result<Page<PublicActivity>, AppError> {
        self.ensure_statistics().await?;
        let (limit, offset) = page_bounds(page, per_page);
        Ok(Page {
            items: published::activities(&self.db, query, limit, offset).await?,
            total: published::activity_count(&self.db, query).await?,
            per_page,
            page: page.max(1),
        })
    }

    /// A page of the organizations active in a region (`""` for the nation).
    pub async fn public_organizations(
        &self,
        region: &str,
        year: Option<i32>,
        page: i64,
        per_page: i64,
    ) -> Result<Page<ActiveOrganization>, AppError> {
        self.ensure_statistics().await?;
        let (limit, offset) = page_bounds(page, per_page);
        Ok(Page {
            items: read::active_organizations(&self.db, "region", region, year, limit, offset)
                .await?,
            total: read::organization_count(&self.db, "region", region, year).await?,
            per_page,
            page: page.max(1),
        })
    }
}

/// Everything the IATI export needs: the counted activities and their parts.
#[derive(Debug, Clone, Default)]
pub struct IatiData {
    /// Activities, newest first.
    pub activities: Vec<PublicActivity>,
    /// Locations.
    pub locations: Vec<fupin_store::stats::iati::LocationPart>,
    /// Money by kind.
    pub money: Vec<fupin_store::stats::iati::MoneyPart>,
    /// Indicators.
    pub indicators: Vec<fupin_store::stats::iati::IndicatorPart>,
}

impl App {
    /// The counted activities of `organization` (all when `None`) with their parts, for IATI.
    pub async fn iati_data(&self, organization: Option<i64>) -> Result<IatiData, AppError> {
        use fupin_store::stats::iati;
        self.ensure_statistics().await?;
        if let Some(id) = organization {
            organizations::get(&self.db, id)
                .await?
                .ok_or(AppError::NotFound)?;
        }
        let query = ActivityQuery {
            organization_id: organization,
            ..ActivityQuery::default()
        };
        Ok(IatiData {
            activities: published::activities(&self.db, &query, i64::MAX / 2, 0).await?,
            locations: iati::locations(&self.db, organization).await?,
            money: iati::money(&self.db, organization).await?,
            indicators: iati::indicators(&self.db, organization).await?,
        })
    }
}
