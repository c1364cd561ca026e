//! What the editor, the detail page and the review queue read.

use fupin_domain::ActivityStatus;
use fupin_domain::activity_rules::{ActivityContent, Finding, Stage};
use fupin_store::activities::editor::evidence::{self, EvidenceRow};
use fupin_store::activities::editor::parts::{self, Parts};
use fupin_store::activities::editor::workflow::{self as store, ReviewRow, VersionRow};
use fupin_store::activities::editor::{self, ActivityRow};
use fupin_store::regions::{self, RegionRow};

use super::{convert, reviewing_unit, status_of, writing_organization};
use crate::records::PER_PAGE;
use crate::{Actor, App, AppError, Page};

/// Everything about one activity version the actor may see, and what they may do with it.
#[derive(Debug, Clone)]
pub struct ActivityView {
    /// The version.
    pub row: ActivityRow,
    /// Its status.
    pub status: ActivityStatus,
    /// Its content.
    pub content: ActivityContent,
    /// Its parts as stored (with region names and partners' credit codes).
    pub parts: Parts,
    /// Evidence files.
    pub evidence: Vec<EvidenceRow>,
    /// Submissions and review decisions, oldest first.
    pub reviews: Vec<ReviewRow>,
    /// Every version of the activity, oldest first.
    pub history: Vec<VersionRow>,
    /// The submission rules' findings now (errors to fix before submitting, and warnings).
    pub findings: Vec<Finding>,
    /// The organization may edit it (draft or returned).
    pub may_edit: bool,
    /// The actor reviews it and it awaits review.
    pub may_review: bool,
    /// The actor reviews it and it awaits publication.
    pub may_publish: bool,
    /// The organization may start a correction.
    pub may_correct: bool,
}

/// The region picker's state: the chosen path from the province down, and the next level's
/// options.
#[derive(Debug, Clone, Default)]
pub struct RegionChoices {
    /// The chosen regions, province first.
    pub path: Vec<RegionRow>,
    /// The regions one level below the last chosen (the provinces when nothing is chosen).
    pub options: Vec<RegionRow>,
}

impl App {
    /// One activity version with everything about it, if the actor may see it.
    pub async fn activity_view(&self, actor: &Actor, id: i64) -> Result<ActivityView, AppError> {
        let mut tx = self.db.begin().await?;
        let row = self.scoped_row(&mut tx, actor, id).await?;
        let stored = parts::load(&mut tx, id).await?;
        let content = convert::content(&row, &stored)?;
        let status = status_of(&row)?;
        let own = writing_organization(actor) == Some(row.organization_id);
        let reviews =
            row.reviewer_unit_id.is_some() && reviewing_unit(actor) == row.reviewer_unit_id;
        let corrected = store::correction_of(&mut tx, id).await?.is_some();
        Ok(ActivityView {
            findings: self.activity_findings(&content, Stage::Submit),
            evidence: evidence::list(&mut tx, id).await?,
            reviews: store::reviews(&mut tx, id).await?,
            history: store::history(&mut tx, id).await?,
            may_edit: own && status.is_editable_by_org(),
            may_review: reviews && status == ActivityStatus::Submitted,
            may_publish: reviews && status == ActivityStatus::Accepted,
            may_correct: own && status == ActivityStatus::Published && row.is_current && !corrected,
            status,
            content,
            parts: stored,
            row,
        })
    }

    /// The reports awaiting the actor's review (their unit's queue), oldest submission first.
    pub async fn review_queue(
        &self,
        actor: &Actor,
        page: i64,
    ) -> Result<Page<ActivityRow>, AppError> {
        let Some(unit) = reviewing_unit(actor) else {
            return Err(AppError::Forbidden);
        };
        let scope = actor.scope();
        let page = page.max(1);
        let mut tx = self.db.begin().await?;
        let items =
            store::review_queue(&mut tx, &scope, unit, PER_PAGE, (page - 1) * PER_PAGE).await?;
        let total = store::review_queue_count(&mut tx, &scope, unit).await?;
        Ok(Page {
            items,
            total,
            per_page: PER_PAGE,
            page,
        })
    }

    /// The region picker at `code` (none: the provinces). Regions are public reference data.
    pub async fn region_choices(&self, code: Option<&str>) -> Result<RegionChoices, AppError> {
        let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else {
            return Ok(RegionChoices {
                path: Vec::new(),
                options: regions::provinces(&self.db).await?,
            });
        };
        let Some(chosen) = regions::get(&self.db, code).await? else {
            return Err(AppError::Invalid(format!("行政区划代码 {code} 不存在")));
        };
        let mut path = Vec::new();
        let mut parent = chosen.parent_code.clone();
        while let Some(up) = parent {
            let Some(row) = regions::get(&self.db, &up).await? else {
                break;
            };
            parent = row.parent_code.clone();
            path.push(row);
        }
        path.reverse();
        let options = regions::children(&self.db, &chosen.code).await?;
        path.push(chosen);
        Ok(RegionChoices { path, options })
    }
}

/// The version row of an id the actor may see (for pages that need only the header).
impl App {
    /// The header of an activity version, if the actor may see it.
    pub async fn activity_row(&self, actor: &Actor, id: i64) -> Result<ActivityRow, AppError> {
        let mut tx = self.db.begin().await?;
        editor::get(&mut tx, &actor.scope(), id)
            .await?
            .ok_or(AppError::NotFound)
    }
}
