//! The adjudication queue (人工核定) as use cases: poverty-office officers see the doubtful entries
//! of their region, the claim beside the registry record with names and ID numbers masked, may
//! ask for the full view (audited), and decide with a comment. Organizations see only the status
//! of their own entries and the reasons, never registry data.

use fupin_domain::{PersonName, Role, UnitKind};
use fupin_store::Scope;
use fupin_store::verification::adjudication::{self as store, Decision, ItemRow, QueueRow};
use fupin_store::verification::{self as verdicts, VerdictRow};
use time::Date;

use crate::{Actor, App, AppError, AuditEvent};

/// Items shown per queue page.
pub const QUEUE_PAGE: i64 = 50;

/// One queue page and the number of items per state.
#[derive(Debug, Clone)]
pub struct Queue {
    /// The items of the page.
    pub items: Vec<QueueRow>,
    /// Items per state code within the officer's region.
    pub counts: Vec<(String, i64)>,
}

/// One item as the officer sees it. Names are masked unless `full` holds the audited full view.
#[derive(Clone)]
pub struct ItemView {
    /// Item id.
    pub id: i64,
    /// Verdict status code.
    pub status: String,
    /// State code.
    pub state: String,
    /// Decision comment.
    pub comment: String,
    /// Who decided.
    pub decider_name: String,
    /// Activity, its title and organization.
    pub activity: (i64, String, String),
    /// Row in the roster (`None` when the roster was replaced).
    pub row_no: Option<i32>,
    /// The claim: masked name, masked ID, village, category code, aid in fen, service date.
    pub claim: Option<Claim>,
    /// Reasons (no registry data).
    pub reasons_zh: String,
    /// The registry record: masked name, masked ID, status code, exit year, village.
    pub registry: Option<RegistryView>,
    /// The record on the list of the claim's category (低保, 特困, 贫困残疾人), if any: the same
    /// fields, `status` a list status code and `exit_year` the year left or died.
    pub list: Option<RegistryView>,
    /// Whether the viewer may decide.
    pub may_decide: bool,
}

impl std::fmt::Debug for ItemView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ItemView")
            .field("id", &self.id)
            .field("state", &self.state)
            .finish_non_exhaustive()
    }
}

/// A roster claim as shown in an item.
#[derive(Clone)]
pub struct Claim {
    /// Name (masked, or full in the full view).
    pub name: String,
    /// ID number (masked, or full in the full view).
    pub id_number: String,
    /// Village on the roster.
    pub village: Option<String>,
    /// Category code.
    pub category: String,
    /// Aid in fen.
    pub aid_fen: i64,
    /// Date of service.
    pub service_date: Option<Date>,
}

/// A registry record as shown in an item.
#[derive(Clone)]
pub struct RegistryView {
    /// Name (masked, or full in the full view).
    pub name: String,
    /// Masked ID number.
    pub id_masked: String,
    /// Status code.
    pub status: String,
    /// Exit year.
    pub exit_year: Option<i32>,
    /// Registered village.
    pub village: String,
}

fn masked(name: &str) -> String {
    PersonName::parse(name).map_or_else(|_| "*".to_owned(), |n| n.masked())
}

fn is_poverty_officer(actor: &Actor) -> bool {
    actor.unit_kind() == Some(UnitKind::PovertyOffice)
        && (actor.has_role(Role::Officer) || actor.has_role(Role::Leader))
}

impl App {
    /// The queue of the actor's region (民政 and 扶贫 staff); `state` '' for every state.
    pub async fn adjudication_queue(
        &self,
        actor: &Actor,
        state: &str,
        page: i64,
    ) -> Result<Queue, AppError> {
        let scope = officer_scope(actor)?;
        let offset = page.saturating_sub(1).max(0).saturating_mul(QUEUE_PAGE);
        Ok(Queue {
            items: store::queue(&self.db, &scope, state, QUEUE_PAGE, offset).await?,
            counts: store::counts(&self.db, &scope).await?,
        })
    }

    /// One item, masked; with `full`, the names and the claim's ID number in full — poverty-office
    /// officers only, and the view is audited (refusals too).
    pub async fn adjudication_item(
        &self,
        actor: &Actor,
        id: i64,
        full: bool,
    ) -> Result<ItemView, AppError> {
        let scope = officer_scope(actor)?;
        let event = AuditEvent::new("adjudication.reveal", "adjudication", id);
        if full && !is_poverty_officer(actor) {
            return Err(self.deny(actor, event, AppError::Forbidden).await);
        }
        let Some(row) = store::item(&self.db, &scope, id).await? else {
            return Err(if full {
                self.deny(actor, event, AppError::NotFound).await
            } else {
                AppError::NotFound
            });
        };
        let view = self.item_view(row, full, is_poverty_officer(actor))?;
        if full {
            self.audit(actor, event).await?;
        }
        Ok(view)
    }

    fn item_view(&self, row: ItemRow, full: bool, may_decide: bool) -> Result<ItemView, AppError> {
        let show = |name: &str| if full { name.to_owned() } else { masked(name) };
        let claim = match (&row.claim_name, &row.claim_id_masked) {
            (Some(name), Some(id_masked)) => Some(Claim {
                name: show(name),
                id_number: match (&row.claim_id_cipher, full) {
                    (Some(cipher), true) => self
                        .pii
                        .reveal(cipher)
                        .map_err(|_| AppError::corrupt("roster id cipher", &row.id.to_string()))?,
                    _ => id_masked.clone(),
                },
                village: row.claim_village.clone(),
                category: row.claim_category.clone().unwrap_or_default(),
                aid_fen: row.claim_aid_fen.unwrap_or(0),
                service_date: row.service_date,
            }),
            _ => None,
        };
        let registry = match (&row.registry_name, &row.registry_id_masked) {
            (Some(name), Some(id_masked)) => Some(RegistryView {
                name: show(name),
                id_masked: id_masked.clone(),
                status: row.registry_status.clone().unwrap_or_default(),
                exit_year: row.registry_exit_year,
                village: row.registry_village.clone().unwrap_or_default(),
            }),
            _ => None,
        };
        let list = match (&row.list_name, &row.list_id_masked) {
            (Some(name), Some(id_masked)) => Some(RegistryView {
                name: show(name),
                id_masked: id_masked.clone(),
                status: row.list_status.clone().unwrap_or_default(),
                exit_year: row.list_exit_year,
                village: row.list_village.clone().unwrap_or_default(),
            }),
            _ => None,
        };
        Ok(ItemView {
            list,
            id: row.id,
            may_decide: may_decide && row.state == "open",
            status: row.status,
            state: row.state,
            comment: row.comment,
            decider_name: row.decider_name,
            activity: (row.activity_id, row.activity_title, row.organization_name),
            row_no: row.row_no,
            claim,
            reasons_zh: row.reasons_zh.unwrap_or_default(),
            registry,
        })
    }

    /// Decides an open item (poverty-office officers within their region), with a comment;
    /// audited, refusals too.
    pub async fn decide_adjudication(
        &self,
        actor: &Actor,
        id: i64,
        decision: Decision,
        comment: &str,
    ) -> Result<(), AppError> {
        let event = AuditEvent::new("adjudication.decide", "adjudication", id);
        if !is_poverty_officer(actor) {
            return Err(self.deny(actor, event, AppError::Forbidden).await);
        }
        let comment = comment.trim();
        if comment.chars().count() > 500 {
            return Err(AppError::Invalid("核定意见不能超过500个字".to_owned()));
        }
        if decision == Decision::Overturned && comment.is_empty() {
            return Err(AppError::Invalid(
                "改判为核对通过时必须填写核定意见（说明核实的依据）".to_owned(),
            ));
        }
        let scope = actor.registry_scope();
        let user = (actor.user_id.unwrap_or(0), actor.name.as_str());
        let mut tx = self.begin_audited().await?;
        if !store::decide(&mut tx, &scope, id, decision, comment, user, self.now()).await? {
            drop(tx);
            return Err(self.deny(actor, event, AppError::NotFound).await);
        }
        self.append_audit(&mut tx, actor, event.detail(decision.code()))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The verdicts of an activity's roster as its organization (or an official in scope) sees
    /// them: row, masked ID, status and reasons, and the adjudication state — no registry data.
    pub async fn roster_verdicts(
        &self,
        actor: &Actor,
        activity_id: i64,
        only_doubtful: bool,
    ) -> Result<Vec<(VerdictRow, Option<(String, String)>)>, AppError> {
        self.roster_summary(actor, activity_id).await?;
        let rows =
            verdicts::verdicts_for_activity(&self.db, activity_id, only_doubtful, 5_000).await?;
        let states: std::collections::BTreeMap<i64, (String, String)> =
            store::states_for_activity(&self.db, activity_id)
                .await?
                .into_iter()
                .map(|(entry, state, comment)| (entry, (state, comment)))
                .collect();
        Ok(rows
            .into_iter()
            .map(|row| {
                let state = states.get(&row.entry_id).cloned();
                (row, state)
            })
            .collect())
    }

    /// An activity's entries per status code (zero-count statuses omitted).
    pub async fn roster_status_counts(
        &self,
        actor: &Actor,
        activity_id: i64,
    ) -> Result<Vec<(String, i64)>, AppError> {
        self.roster_summary(actor, activity_id).await?;
        Ok(verdicts::status_counts_for_activity(&self.db, activity_id).await?)
    }
}

/// The region a queue reader works in: 民政 and 扶贫 staff only.
fn officer_scope(actor: &Actor) -> Result<Scope, AppError> {
    match actor.registry_scope() {
        Scope::Nothing => Err(AppError::Forbidden),
        scope => Ok(scope),
    }
}
