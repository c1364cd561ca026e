//! Business records as officials and organization staff see them, always through the actor's
//! jurisdiction ([`crate::jurisdiction`]): organizations, activities and registry persons.

use fupin_domain::{CreditStatus, Role, UnitKind};
use fupin_store::activities::scoped::{self as activities, ActivitySummary};
use fupin_store::organizations::{self, OrganizationRow};
use fupin_store::registry::{self, PersonRow};

use crate::{Actor, App, AppError, AuditEvent};

/// One page of a list and the size of the whole list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// Items over all pages.
    pub total: i64,
    /// Items per page.
    pub per_page: i64,
    /// Page number, from 1.
    pub page: i64,
}

impl<T> Page<T> {
    /// Number of pages (at least 1).
    pub fn pages(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page).max(1)
    }
}

/// Rows per page of the officials' lists.
pub const PER_PAGE: i64 = 50;

fn offset(page: i64) -> i64 {
    (page.max(1) - 1) * PER_PAGE
}

impl App {
    /// The organizations the actor may see whose name contains `search` (or whose credit code it is).
    pub async fn organizations(
        &self,
        actor: &Actor,
        search: &str,
        page: i64,
    ) -> Result<Page<OrganizationRow>, AppError> {
        let scope = actor.scope();
        let search = search.trim();
        Ok(Page {
            items: organizations::list_scoped(&self.db, &scope, search, PER_PAGE, offset(page))
                .await?,
            total: organizations::count_scoped(&self.db, &scope, search).await?,
            per_page: PER_PAGE,
            page: page.max(1),
        })
    }

    /// One organization, if the actor may see it.
    pub async fn organization(&self, actor: &Actor, id: i64) -> Result<OrganizationRow, AppError> {
        organizations::get_scoped(&self.db, &actor.scope(), id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// Sets an organization's credit status (信用状态): 民政 staff, within their jurisdiction.
    pub async fn set_credit_status(
        &self,
        actor: &Actor,
        id: i64,
        status: CreditStatus,
        reason: &str,
    ) -> Result<(), AppError> {
        let event =
            AuditEvent::new("organization.credit_status", "organization", id).detail(format!(
                "{} {}",
                status.code(),
                reason.chars().take(200).collect::<String>()
            ));
        if actor.unit_kind() != Some(UnitKind::RegistrationAuthority) {
            return Err(self.deny(actor, event, AppError::Forbidden).await);
        }
        if reason.trim().is_empty() {
            return Err(AppError::Invalid("请填写信用状态变更的依据".to_owned()));
        }
        let mut tx = self.begin_audited().await?;
        if !organizations::set_credit_status(&mut tx, &actor.scope(), id, status).await? {
            drop(tx);
            return Err(self.deny(actor, event, AppError::NotFound).await);
        }
        self.append_audit(&mut tx, actor, event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The current activity versions the actor may see, newest first.
    pub async fn activities(
        &self,
        actor: &Actor,
        page: i64,
    ) -> Result<Page<ActivitySummary>, AppError> {
        let scope = actor.scope();
        Ok(Page {
            items: activities::list_scoped(&self.db, &scope, PER_PAGE, offset(page)).await?,
            total: activities::count_scoped(&self.db, &scope).await?,
            per_page: PER_PAGE,
            page: page.max(1),
        })
    }

    /// One activity version, if the actor may see it.
    pub async fn activity(&self, actor: &Actor, id: i64) -> Result<ActivitySummary, AppError> {
        activities::get_scoped(&self.db, &actor.scope(), id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// A registry person with their ID number masked, if the actor may see them.
    pub async fn registry_person(&self, actor: &Actor, id: i64) -> Result<PersonRow, AppError> {
        registry::person_scoped(&self.db, &actor.registry_scope(), id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// A registry person's full ID number: poverty-office staff only, within their region, and
    /// every view (and every refusal) is audited.
    pub async fn reveal_registry_id(&self, actor: &Actor, id: i64) -> Result<String, AppError> {
        let event = AuditEvent::new("registry.reveal_id", "registry_person", id);
        if actor.unit_kind() != Some(UnitKind::PovertyOffice)
            || !(actor.has_role(Role::Officer) || actor.has_role(Role::Leader))
        {
            return Err(self.deny(actor, event, AppError::Forbidden).await);
        }
        let Some(cipher) =
            registry::person_id_cipher_scoped(&self.db, &actor.registry_scope(), id).await?
        else {
            return Err(self.deny(actor, event, AppError::NotFound).await);
        };
        let full = self
            .pii
            .reveal(&cipher)
            .map_err(|_| AppError::corrupt("registry id cipher", &id.to_string()))?;
        self.audit(actor, event).await?;
        Ok(full)
    }
}

impl App {
    /// Finds a registry person by their full ID number (typed by an official), within the actor's
    /// registry jurisdiction. Every lookup is audited; the number itself is not recorded.
    pub async fn find_registry_person(
        &self,
        actor: &Actor,
        id_number: &str,
    ) -> Result<PersonRow, AppError> {
        let scope = actor.registry_scope();
        let mut event = AuditEvent::new("registry.lookup", "registry_person", "-");
        if scope == fupin_store::Scope::Nothing {
            return Err(self.deny(actor, event, AppError::Forbidden).await);
        }
        let id = fupin_domain::IdNumber::parse(id_number)
            .map_err(|err| AppError::Invalid(format!("身份证号无效：{err}")))?;
        let hashed = registry::person_by_hash(&self.db, &self.pii.id_hash(&id)).await?;
        let found = match hashed {
            Some(person) => registry::person_scoped(&self.db, &scope, person.id).await?,
            None => None,
        };
        match found {
            Some(person) => {
                event.target_id = person.id.to_string();
                self.audit(actor, event).await?;
                Ok(person)
            }
            None => Err(self.deny(actor, event, AppError::NotFound).await),
        }
    }
}
