//! Submission, review, publication and correction. See the table in the module above.

use fupin_domain::activity_rules::{Finding, Stage};
use fupin_store::Tx;
use fupin_store::activities::editor::workflow::{self as store, NewReview};
use fupin_store::activities::editor::{self, ActivityRow, NewVersion, evidence, parts};

use super::{checked, convert, refuse_errors, reviewing_unit, status_of, writing_organization};
use crate::{Actor, App, AppError, AuditEvent};

const SUBMITTED: &str = "submitted";
const ACCEPTED: &str = "accepted";
const RETURNED: &str = "returned";
const PUBLISHED: &str = "published";

fn wrong_status(row: &ActivityRow, wanted: &str) -> AppError {
    match status_of(row) {
        Ok(now) => AppError::Invalid(format!("该项目当前状态为“{}”，{wanted}", now.label_zh())),
        Err(err) => err,
    }
}

impl App {
    /// Submits a draft or returned report for review; the submission rules must pass. Returns
    /// the warnings (e.g. expenditure above commitment) the reviewer will also see.
    pub async fn submit_activity(&self, actor: &Actor, id: i64) -> Result<Vec<Finding>, AppError> {
        let event = AuditEvent::new("activity.submit", "activity", id);
        let mut tx = self.begin_audited().await?;
        let row = checked!(
            self,
            tx,
            actor,
            &event,
            self.editable_row(&mut tx, actor, id).await
        );
        let stored = parts::load(&mut tx, id).await?;
        let content = convert::content(&row, &stored)?;
        let warnings = refuse_errors(self.activity_findings(&content, Stage::Submit))?;
        let Some(unit) = store::reviewing_units(&mut tx, row.organization_id)
            .await?
            .into_iter()
            .next()
        else {
            return Err(AppError::Invalid(
                "未找到该组织的业务主管单位或登记管理机关，无法提交".to_owned(),
            ));
        };
        if !store::transition(&mut tx, id, &["draft", RETURNED], SUBMITTED, self.now()).await? {
            return Err(AppError::Invalid(
                "该项目的状态刚刚发生了变化，请刷新后重试".to_owned(),
            ));
        }
        store::set_reviewer_unit(&mut tx, id, unit).await?;
        self.record_decision(&mut tx, actor, id, None, SUBMITTED, "")
            .await?;
        self.append_audit(
            &mut tx,
            actor,
            event.detail(format!("reviewer unit {unit}")),
        )
        .await?;
        tx.commit().await?;
        // Verification follows the submission rather than being part of it: the report is
        // submitted either way, and a failed verification is repaired by the next bulk run.
        if let Err(err) = self.verify_submitted(id).await {
            tracing::warn!(
                activity_id = id,
                "roster verification on submission failed: {err}"
            );
        }
        Ok(warnings)
    }

    /// Accepts a submitted report (the reviewing unit's officer or leader), publishing it at once
    /// when `publish` is set.
    pub async fn accept_activity(
        &self,
        actor: &Actor,
        id: i64,
        comment: &str,
        publish: bool,
    ) -> Result<(), AppError> {
        let event = AuditEvent::new("activity.accept", "activity", id);
        let mut tx = self.begin_audited().await?;
        let row = checked!(
            self,
            tx,
            actor,
            &event,
            self.reviewed_row(&mut tx, actor, id).await
        );
        if row.status != SUBMITTED {
            return Err(wrong_status(&row, "只有已提交的项目可以受理"));
        }
        store::transition(&mut tx, id, &[SUBMITTED], ACCEPTED, self.now()).await?;
        self.record_decision(&mut tx, actor, id, row.reviewer_unit_id, ACCEPTED, comment)
            .await?;
        self.append_audit(&mut tx, actor, event).await?;
        if publish {
            self.publish_in(&mut tx, actor, &row).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Returns a submitted report to the organization with a comment saying what to fix.
    pub async fn return_activity(
        &self,
        actor: &Actor,
        id: i64,
        comment: &str,
    ) -> Result<(), AppError> {
        let event = AuditEvent::new("activity.return", "activity", id);
        let mut tx = self.begin_audited().await?;
        let row = checked!(
            self,
            tx,
            actor,
            &event,
            self.reviewed_row(&mut tx, actor, id).await
        );
        if row.status != SUBMITTED {
            return Err(wrong_status(&row, "只有已提交的项目可以退回"));
        }
        if comment.trim().is_empty() {
            return Err(AppError::Invalid(
                "退回时请填写审核意见，说明需要修改的内容".to_owned(),
            ));
        }
        store::transition(&mut tx, id, &[SUBMITTED], RETURNED, self.now()).await?;
        self.record_decision(
            &mut tx,
            actor,
            id,
            row.reviewer_unit_id,
            RETURNED,
            comment.trim(),
        )
        .await?;
        self.append_audit(&mut tx, actor, event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Publishes an accepted report (the unit that accepted it).
    pub async fn publish_activity(&self, actor: &Actor, id: i64) -> Result<(), AppError> {
        let event = AuditEvent::new("activity.publish", "activity", id);
        let mut tx = self.begin_audited().await?;
        let row = checked!(
            self,
            tx,
            actor,
            &event,
            self.reviewed_row(&mut tx, actor, id).await
        );
        if row.status != ACCEPTED {
            return Err(wrong_status(&row, "只有已受理的项目可以公开"));
        }
        self.publish_in(&mut tx, actor, &row).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Starts a correction of a published report: a new draft version (number + 1) with the same
    /// content and evidence and a note saying what it corrects. The published version stays what
    /// the public sees until the correction is itself published. Returns the new version's id.
    pub async fn correct_activity(
        &self,
        actor: &Actor,
        id: i64,
        note: &str,
    ) -> Result<i64, AppError> {
        let event = AuditEvent::new("activity.correct", "activity", id);
        let mut tx = self.begin_audited().await?;
        let row = checked!(
            self,
            tx,
            actor,
            &event,
            self.scoped_row(&mut tx, actor, id).await
        );
        if writing_organization(actor) != Some(row.organization_id) {
            return Err(self.refuse(tx, actor, &event, AppError::Forbidden).await);
        }
        if row.status != PUBLISHED || !row.is_current {
            return Err(AppError::Invalid("只有当前公开的版本可以更正".to_owned()));
        }
        if let Some(open) = store::correction_of(&mut tx, id).await? {
            return Err(AppError::Invalid(format!(
                "该项目已有一个更正版本（编号 {open}）：请继续编辑并提交它"
            )));
        }
        let note = note.trim();
        if note.is_empty() {
            return Err(AppError::Invalid(
                "请填写更正说明：改了什么、为什么改（公众可见）".to_owned(),
            ));
        }
        let stored = parts::load(&mut tx, id).await?;
        let content = convert::content(&row, &stored)?;
        let version = NewVersion {
            organization_id: row.organization_id,
            corrects: Some((row.id, row.version, note)),
        };
        let new_id = editor::insert(&mut tx, version, &content, self.now()).await?;
        evidence::copy(&mut tx, id, new_id).await?;
        let event = event.detail(format!("version {} → {new_id}", row.version + 1));
        self.append_audit(&mut tx, actor, event).await?;
        tx.commit().await?;
        Ok(new_id)
    }

    /// A version the actor reviews: within scope (else not found), and the actor works for the
    /// unit fixed on submission (else forbidden).
    async fn reviewed_row(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        id: i64,
    ) -> Result<ActivityRow, AppError> {
        let row = self.scoped_row(tx, actor, id).await?;
        match (reviewing_unit(actor), row.reviewer_unit_id) {
            (Some(unit), Some(reviewer)) if unit == reviewer => Ok(row),
            _ => Err(AppError::Forbidden),
        }
    }

    async fn publish_in(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        row: &ActivityRow,
    ) -> Result<(), AppError> {
        store::transition(tx, row.id, &[ACCEPTED], PUBLISHED, self.now()).await?;
        store::make_current(tx, row).await?;
        // The rollups change in the publishing transaction, so public figures are never stale.
        fupin_store::stats::publish(tx, row.id).await?;
        self.record_decision(tx, actor, row.id, row.reviewer_unit_id, PUBLISHED, "")
            .await?;
        let mut event = AuditEvent::new("activity.publish", "activity", row.id);
        if let Some(old) = row.supersedes_id {
            event = event.detail(format!("supersedes {old}"));
        }
        self.append_audit(tx, actor, event).await
    }

    async fn record_decision(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        id: i64,
        unit_id: Option<i64>,
        decision: &str,
        comment: &str,
    ) -> Result<(), AppError> {
        let review = NewReview {
            activity_id: id,
            unit_id,
            reviewer_id: actor.user_id,
            reviewer_name: &actor.name,
            decision,
            comment,
        };
        Ok(store::insert_review(tx, review, self.now()).await?)
    }
}
