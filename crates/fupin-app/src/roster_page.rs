//! What the activity pages show of a roster (受益人名单): how many persons it lists, whether the
//! actor may replace it, and the templates to fill in. The import itself is
//! [`App::import_roster`](crate::roster_import); nothing here reads a name or an ID number.

use fupin_domain::ActivityStatus;
use fupin_store::{activities, rosters};

use crate::activity_editor::writing_organization;
use crate::roster_import::{roster_template_csv, roster_template_xlsx};
use crate::{Actor, App, AppError};

/// The largest roster file the web accepts. A CSV row of the template's six columns takes about
/// 90 bytes, so this holds some 700,000 rows (XLSX, being compressed, many more); larger rosters go
/// through `fupin import roster`.
pub const MAX_ROSTER_BYTES: usize = 64 * 1024 * 1024;

/// An activity's roster as the pages show it: a count, never the persons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterSummary {
    /// Activity (version) id.
    pub activity_id: i64,
    /// Activity title.
    pub title: String,
    /// Roster entries stored.
    pub entries: i64,
    /// Whether the actor may replace the roster now: a reporter or administrator of the owning
    /// organization while the activity is a draft or returned — the rule
    /// [`App::import_roster`] enforces.
    pub may_upload: bool,
}

/// A downloadable roster template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RosterTemplate {
    /// CSV, UTF-8 with a BOM.
    Csv,
    /// Excel (.xlsx), the ID column formatted as text.
    Xlsx,
}

impl RosterTemplate {
    /// The file name offered to the browser.
    pub fn file_name(self) -> &'static str {
        match self {
            RosterTemplate::Csv => "受益人名单模板.csv",
            RosterTemplate::Xlsx => "受益人名单模板.xlsx",
        }
    }

    /// An ASCII file name, for clients that do not read RFC 5987 names.
    pub fn ascii_name(self) -> &'static str {
        match self {
            RosterTemplate::Csv => "roster-template.csv",
            RosterTemplate::Xlsx => "roster-template.xlsx",
        }
    }

    /// The media type.
    pub fn content_type(self) -> &'static str {
        match self {
            RosterTemplate::Csv => "text/csv; charset=utf-8",
            RosterTemplate::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }
    }
}

impl App {
    /// The roster of activity `activity_id`, if the actor may see the activity (else
    /// [`AppError::NotFound`], as for the activity itself).
    pub async fn roster_summary(
        &self,
        actor: &Actor,
        activity_id: i64,
    ) -> Result<RosterSummary, AppError> {
        let row = activities::scoped::get_scoped(&self.db, &actor.scope(), activity_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let status = ActivityStatus::from_code(&row.status)
            .ok_or_else(|| AppError::corrupt("activity status", &row.status))?;
        let entries = rosters::count_for_activity(&self.db, activity_id).await?;
        Ok(RosterSummary {
            activity_id,
            may_upload: writing_organization(actor) == Some(row.organization_id)
                && status.is_editable_by_org(),
            title: row.title,
            entries,
        })
    }

    /// The template `kind`, for an actor who may see activity `activity_id`.
    pub async fn roster_template(
        &self,
        actor: &Actor,
        activity_id: i64,
        kind: RosterTemplate,
    ) -> Result<Vec<u8>, AppError> {
        self.roster_summary(actor, activity_id).await?;
        match kind {
            RosterTemplate::Csv => Ok(roster_template_csv()),
            RosterTemplate::Xlsx => roster_template_xlsx()
                .map_err(|e| AppError::Invalid(format!("Excel 模板生成失败：{e}"))),
        }
    }
}
