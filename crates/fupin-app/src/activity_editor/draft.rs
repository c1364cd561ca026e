//! Creating and editing drafts: the organization's reporter or admin, on its own drafts and
//! returned reports. Every save runs the save rules; errors refuse it, warnings come back.

use fupin_domain::activity_rules::{ActivityContent, Finding, Stage};
use fupin_store::activities::editor::{self, NewVersion, parts};

use super::{checked, convert, refuse_errors, writing_organization};
use crate::{Actor, App, AppError, AuditEvent};

impl App {
    /// Creates a draft for the actor's organization; returns its id and the warnings.
    pub async fn create_activity(
        &self,
        actor: &Actor,
        content: &ActivityContent,
    ) -> Result<(i64, Vec<Finding>), AppError> {
        let event = AuditEvent::new("activity.create", "activity", "-");
        let Some(organization_id) = writing_organization(actor) else {
            return Err(self.deny(actor, event, AppError::Forbidden).await);
        };
        let warnings = refuse_errors(self.activity_findings(content, Stage::Save))?;
        self.check_regions(content).await?;
        let mut tx = self.begin_audited().await?;
        let version = NewVersion {
            organization_id,
            corrects: None,
        };
        let id = editor::insert(&mut tx, version, content, self.now()).await?;
        let event = AuditEvent::new("activity.create", "activity", id)
            .detail(content.title.chars().take(100).collect::<String>());
        self.append_audit(&mut tx, actor, event).await?;
        tx.commit().await?;
        Ok((id, warnings))
    }

    /// Changes a draft (or returned report) with `edit`, which starts from what is stored; the
    /// result must pass the save rules. `what` names the change in the audit log (e.g.
    /// `locations`). Returns the warnings.
    pub async fn edit_activity<F>(
        &self,
        actor: &Actor,
        id: i64,
        what: &str,
        edit: F,
    ) -> Result<Vec<Finding>, AppError>
    where
        F: FnOnce(&mut ActivityContent) -> Result<(), AppError>,
    {
        let event = AuditEvent::new("activity.edit", "activity", id).detail(what.to_owned());
        let mut tx = self.begin_audited().await?;
        let row = checked!(
            self,
            tx,
            actor,
            &event,
            self.editable_row(&mut tx, actor, id).await
        );
        let stored = parts::load(&mut tx, id).await?;
        let mut content = convert::content(&row, &stored)?;
        edit(&mut content)?;
        let warnings = refuse_errors(self.activity_findings(&content, Stage::Save))?;
        self.check_regions(&content).await?;
        editor::update(&mut tx, id, &content).await?;
        self.append_audit(&mut tx, actor, event).await?;
        tx.commit().await?;
        Ok(warnings)
    }

    /// Replaces a draft's whole content (the JSON API's `PUT`).
    pub async fn replace_activity(
        &self,
        actor: &Actor,
        id: i64,
        content: ActivityContent,
    ) -> Result<Vec<Finding>, AppError> {
        self.edit_activity(actor, id, "all", move |stored| {
            *stored = content;
            Ok(())
        })
        .await
    }

    /// Refuses locations whose region code the platform does not know.
    async fn check_regions(&self, content: &ActivityContent) -> Result<(), AppError> {
        for location in &content.locations {
            let code = location.region.as_str();
            if fupin_store::regions::get(&self.db, code).await?.is_none() {
                return Err(AppError::Invalid(format!(
                    "行政区划代码 {code} 不存在：请从省、市、县、乡、村逐级选择地点"
                )));
            }
        }
        Ok(())
    }

    /// The registered organization with this credit code, to link a partner or a provider so that
    /// money passed between organizations is counted once. Names and credit codes are public.
    pub async fn organization_by_credit_code(
        &self,
        credit_code: &str,
    ) -> Result<fupin_store::organizations::OrganizationRow, AppError> {
        let code = fupin_domain::CreditCode::parse(credit_code)
            .map_err(|err| AppError::Invalid(format!("统一社会信用代码无效：{err}")))?;
        fupin_store::organizations::by_credit_code(&self.db, &code)
            .await?
            .ok_or_else(|| {
                AppError::Invalid(format!(
                    "平台上没有统一社会信用代码为 {} 的社会组织：请核对，或只填写名称",
                    code.as_str()
                ))
            })
    }
}
