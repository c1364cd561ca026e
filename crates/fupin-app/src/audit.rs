//! The audit log: every write and every sensitive read, who, when, what, target, outcome and
//! source address, chained by keyed hashes ([`crate::audit_chain`]).
//!
//! A write and its audit entry commit in one transaction ([`App::begin_audited`] and
//! [`App::append_audit`]), so there is never a change without its entry. Refusals and sensitive
//! reads are recorded on their own ([`App::audit`]).

use fupin_domain::Role;
use fupin_store::Tx;
use fupin_store::audit::{self, AuditFilter, AuditRow};
use time::{Date, Duration, Time};

use crate::audit_chain::{self, ANCHOR_SETTING, ChainReport, GENESIS};
use crate::{Actor, App, AppError};

/// How long entries are kept at least.
pub const RETENTION: Duration = Duration::days(180);

/// How an audited action ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Done.
    Ok,
    /// Refused: no right, outside jurisdiction, wrong password, locked.
    Denied,
    /// Tried and failed (bad input).
    Failed,
}

impl Outcome {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Denied => "denied",
            Outcome::Failed => "failed",
        }
    }
}

/// One thing to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    /// Dotted action name, e.g. `auth.sign_in`, `user.create`, `registry.reveal_id`.
    pub action: &'static str,
    /// Kind of the target record (`user`, `organization`, `registry_person`, …).
    pub target_kind: &'static str,
    /// Id (or sign-in name) of the target.
    pub target_id: String,
    /// How it ended.
    pub outcome: Outcome,
    /// Short detail, never personal data.
    pub detail: String,
}

impl AuditEvent {
    /// A successful action on a target.
    pub fn new(action: &'static str, target_kind: &'static str, target_id: impl ToString) -> Self {
        AuditEvent {
            action,
            target_kind,
            target_id: target_id.to_string(),
            outcome: Outcome::Ok,
            detail: String::new(),
        }
    }

    /// The same event with another outcome.
    pub fn outcome(mut self, outcome: Outcome) -> Self {
        self.outcome = outcome;
        self
    }

    /// The same event with a detail.
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }
}

impl App {
    fn audit_key(&self) -> [u8; 32] {
        self.pii.derived_key("audit chain")
    }

    /// Starts a transaction that will append to the audit log (taking the log's append lock first).
    pub async fn begin_audited(&self) -> Result<Tx, AppError> {
        let mut tx = self.db.begin().await?;
        audit::lock_for_append(&mut tx).await?;
        Ok(tx)
    }

    /// Appends an entry inside a transaction from [`App::begin_audited`].
    pub async fn append_audit(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        event: AuditEvent,
    ) -> Result<(), AppError> {
        let (last_id, prev_hash) = match audit::last(tx).await? {
            Some(last) => last,
            None => (0, GENESIS.to_vec()),
        };
        let mut row = AuditRow {
            id: last_id + 1,
            at: self.now(),
            actor_id: actor.user_id,
            actor_name: actor.name.clone(),
            action: event.action.to_owned(),
            target_kind: event.target_kind.to_owned(),
            target_id: event.target_id,
            outcome: event.outcome.code().to_owned(),
            source_addr: actor.source.clone(),
            detail: event.detail,
            prev_hash,
            hash: Vec::new(),
        };
        row.hash = audit_chain::entry_mac(&self.audit_key(), &row);
        audit::insert(tx, &row).await?;
        Ok(())
    }

    /// Records an event in a transaction of its own.
    pub async fn audit(&self, actor: &Actor, event: AuditEvent) -> Result<(), AppError> {
        let mut tx = self.begin_audited().await?;
        self.append_audit(&mut tx, actor, event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records a refusal and returns the error to give the caller.
    pub(crate) async fn deny(&self, actor: &Actor, event: AuditEvent, error: AppError) -> AppError {
        match self.audit(actor, event.outcome(Outcome::Denied)).await {
            Ok(()) => error,
            Err(store) => store,
        }
    }

    /// Checks the whole chain (see [`audit_chain::verify`]).
    pub async fn verify_audit_chain(
        &self,
        expected_head: Option<&str>,
    ) -> Result<ChainReport, AppError> {
        Ok(audit_chain::verify(&self.db, &self.audit_key(), expected_head).await?)
    }

    /// The auditor's search, newest first; only the auditor may read the log, and each search is
    /// itself recorded.
    pub async fn search_audit(
        &self,
        actor: &Actor,
        filter: &AuditFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<AuditRow>, i64), AppError> {
        if !actor.has_role(Role::Auditor) {
            let event = AuditEvent::new("audit.search", "audit_log", "");
            return Err(self.deny(actor, event, AppError::Forbidden).await);
        }
        let rows = audit::search(&self.db, filter, limit.clamp(1, 500), offset.max(0)).await?;
        let total = audit::count(&self.db, filter).await?;
        self.audit(
            actor,
            AuditEvent::new("audit.search", "audit_log", "").detail(format!("{filter:?}")),
        )
        .await?;
        Ok((rows, total))
    }

    /// Deletes entries written before `before` (midnight UTC), refusing anything younger than
    /// [`RETENTION`]. The newest entry always stays, and the cut is anchored so that verification
    /// still starts from a vouched-for hash. Returns how many entries went.
    pub async fn purge_audit(&self, actor: &Actor, before: Date) -> Result<u64, AppError> {
        let cutoff = before.with_time(Time::MIDNIGHT).assume_utc();
        if cutoff > self.now() - RETENTION {
            return Err(AppError::Invalid(format!(
                "审计日志至少保留 180 天：只能清理 {} 之前的记录",
                (self.now() - RETENTION).date()
            )));
        }
        if !actor.has_role(Role::Auditor) {
            let event = AuditEvent::new("audit.purge", "audit_log", before);
            return Err(self.deny(actor, event, AppError::Forbidden).await);
        }
        let mut tx = self.begin_audited().await?;
        let filter = AuditFilter {
            until: Some(cutoff),
            ..AuditFilter::default()
        };
        let Some((newest, _)) = audit::last(&mut tx).await? else {
            return Ok(0);
        };
        let Some(last_old) = audit::search(&self.db, &filter, 1, 0)
            .await?
            .into_iter()
            .next()
        else {
            return Ok(0);
        };
        let through = last_old.id.min(newest - 1);
        let Some(anchor) = audit::get(&self.db, through).await? else {
            return Ok(0);
        };
        let removed = audit::purge_through(&mut tx, through).await?;
        let mac = audit_chain::anchor_mac(&self.audit_key(), anchor.id, &anchor.hash);
        let value = format!("{}:{}:{mac}", anchor.id, hex::encode(&anchor.hash));
        fupin_store::settings::set_in(&mut tx, ANCHOR_SETTING, &value).await?;
        let event = AuditEvent::new("audit.purge", "audit_log", through)
            .detail(format!("removed {removed} entries before {before}"));
        self.append_audit(&mut tx, actor, event).await?;
        tx.commit().await?;
        Ok(removed)
    }
}
