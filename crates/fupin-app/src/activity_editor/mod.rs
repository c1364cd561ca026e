//! The activity editor and its review workflow (issue 4, parts 1, 3 and 4).
//!
//! | step | who | from → to |
//! |---|---|---|
//! | [`App::create_activity`], [`App::edit_activity`] | the organization's reporter or admin | → draft; draft/returned stay editable |
//! | [`App::submit_activity`] | the organization | draft, returned → submitted (submission rules must pass) |
//! | [`App::accept_activity`] | the reviewing unit | submitted → accepted (optionally → published at once) |
//! | [`App::return_activity`] | the reviewing unit | submitted → returned, with a comment the organization sees |
//! | [`App::publish_activity`] | the reviewing unit | accepted → published; a correction becomes the current version |
//! | [`App::correct_activity`] | the organization | published → a new draft version with a correction note |
//!
//! The reviewing unit is fixed on submission: the organization's 业务主管单位 (a `supervisory`
//! supervision link), or its registration authority (民政) where it has none. Acceptance and
//! publication are separate steps — acceptance is the receipt of a complete report, publication
//! the disclosure decision the notice gives the supervisory unit — but the accept form may do both
//! at once. Every step is checked here against role and jurisdiction: a record outside the
//! actor's scope is "not found", a record inside it that the actor may not change is "forbidden";
//! both refusals are audited, and every change commits with its audit entry.

mod convert;
mod draft;
mod evidence;
mod queries;
mod workflow;

pub use evidence::{MAX_EVIDENCE_BYTES, sniff_evidence_type};
pub use queries::{ActivityView, RegionChoices};

use fupin_domain::activity_rules::{self, ActivityContent, Finding, Stage};
use fupin_domain::{ActivityStatus, Role};
use fupin_store::Tx;
use fupin_store::activities::editor::{self, ActivityRow};
use time::{Date, UtcOffset};

use crate::{Actor, Affiliation, App, AppError, AuditEvent};

/// The organization whose activities the actor may write: its reporter or admin.
pub fn writing_organization(actor: &Actor) -> Option<i64> {
    match actor.affiliation {
        Affiliation::Organization { organization_id }
            if actor.has_role(Role::OrgReporter) || actor.has_role(Role::OrgAdmin) =>
        {
            Some(organization_id)
        }
        _ => None,
    }
}

/// The government unit the actor reviews for: officer or leader of a unit.
pub fn reviewing_unit(actor: &Actor) -> Option<i64> {
    match actor.affiliation {
        Affiliation::Government { unit_id, .. }
            if actor.has_role(Role::Officer) || actor.has_role(Role::Leader) =>
        {
            Some(unit_id)
        }
        _ => None,
    }
}

/// Today in China (UTC+8): the date actual dates may not pass.
fn china_today(app: &App) -> Date {
    let offset = UtcOffset::from_hms(8, 0, 0).unwrap_or(UtcOffset::UTC);
    app.now().to_offset(offset).date()
}

/// Joins the errors among `findings` into one message, or `Ok` with the warnings.
fn refuse_errors(findings: Vec<Finding>) -> Result<Vec<Finding>, AppError> {
    if activity_rules::has_errors(&findings) {
        let message = findings
            .iter()
            .filter(|f| f.severity == activity_rules::Severity::Error)
            .map(|f| f.message.as_str())
            .collect::<Vec<_>>()
            .join("；");
        return Err(AppError::Invalid(message));
    }
    Ok(findings)
}

fn status_of(row: &ActivityRow) -> Result<ActivityStatus, AppError> {
    ActivityStatus::from_code(&row.status)
        .ok_or_else(|| AppError::corrupt("activity status", &row.status))
}

/// Unwraps a check's result, or refuses: the refusal is audited in `$tx` (which has written
/// nothing yet) and returned.
macro_rules! checked {
    ($app:expr, $tx:ident, $actor:expr, $event:expr, $result:expr) => {
        match $result {
            Ok(value) => value,
            Err(err) => return Err($app.refuse($tx, $actor, $event, err).await),
        }
    };
}
pub(crate) use checked;

impl App {
    /// The rules for `stage` on `content`, as of today.
    pub fn activity_findings(&self, content: &ActivityContent, stage: Stage) -> Vec<Finding> {
        activity_rules::check(content, china_today(self), stage)
    }

    /// Ends a refused request: a refusal for want of right or jurisdiction is recorded (denied)
    /// in `tx`, which must not have written anything else; other errors roll `tx` back.
    async fn refuse(
        &self,
        mut tx: Tx,
        actor: &Actor,
        event: &AuditEvent,
        err: AppError,
    ) -> AppError {
        if !matches!(err, AppError::Forbidden | AppError::NotFound) {
            return err;
        }
        let denied = event.clone().outcome(crate::Outcome::Denied);
        if let Err(store) = self.append_audit(&mut tx, actor, denied).await {
            return store;
        }
        match tx.commit().await {
            Ok(()) => err,
            Err(store) => store.into(),
        }
    }

    /// A version inside `tx` within the actor's scope (not found outside it).
    async fn scoped_row(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        id: i64,
    ) -> Result<ActivityRow, AppError> {
        editor::get(tx, &actor.scope(), id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// A version the actor's organization may still edit (draft or returned).
    async fn editable_row(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        id: i64,
    ) -> Result<ActivityRow, AppError> {
        let row = self.scoped_row(tx, actor, id).await?;
        if writing_organization(actor) != Some(row.organization_id) {
            return Err(AppError::Forbidden);
        }
        let status = status_of(&row)?;
        if !status.is_editable_by_org() {
            return Err(AppError::Invalid(format!(
                "该项目当前状态为“{}”，只有草稿或已退回的项目可以修改；已公开的项目请通过“更正”提交新版本",
                status.label_zh()
            )));
        }
        Ok(row)
    }
}
