//! Fupin use cases.
//!
//! [`App`] holds the database and the personal-data keys; every use case is a method that takes the
//! acting user ([`Actor`]) and decides, here and not in a web handler, what that user may read or
//! change. Handlers and commands above this crate stay thin.

pub mod activity_editor;
pub mod activity_import;
pub mod actor;
pub mod audit;
pub mod audit_chain;
pub mod auth;
pub mod clock;
pub mod import_report;
pub mod jurisdiction;
pub mod list_import;
pub mod open_data;
pub mod passwords;
pub mod pii;
pub mod public;
pub mod public_pages;
pub mod records;
pub mod registry_columns;
pub mod registry_import;
pub mod roster_import;
pub mod roster_page;
pub mod search;
pub mod spot_checks;
pub mod staff_export;
pub mod stats;
pub mod tabular;
pub mod verification;

use std::sync::Arc;

use fupin_store::{Db, StoreError};
use thiserror::Error;

pub use actor::{Actor, Affiliation};
pub use audit::{AuditEvent, Outcome};
pub use auth::policy::{PasswordPolicy, SecurityPolicy, SessionPolicy};
pub use clock::{Clock, ManualClock};
pub use pii::{PiiKeys, ProtectedId};
pub use records::Page;

/// The platform's use cases over one database.
#[derive(Clone, Debug)]
pub struct App {
    db: Db,
    pii: Arc<PiiKeys>,
    clock: Clock,
    policy: Arc<SecurityPolicy>,
    /// Set once the rollups are known to exist, so public reads stop checking (see
    /// [`App::ensure_statistics`]).
    statistics_ready: Arc<std::sync::atomic::AtomicBool>,
    /// The registry index of the verification engine, kept until the registry changes.
    registry_index: verification::IndexCache,
    /// The assistance lists' indexes, kept until a list changes.
    list_indexes: verification::ListIndexCache,
}

impl App {
    /// Use cases over `db`, protecting personal data with `pii`.
    pub fn new(db: Db, pii: PiiKeys) -> App {
        App {
            db,
            pii: Arc::new(pii),
            clock: Clock::system(),
            policy: Arc::new(SecurityPolicy::default()),
            statistics_ready: Arc::default(),
            registry_index: Arc::default(),
            list_indexes: Arc::default(),
        }
    }

    /// The same use cases reading time from `clock` (tests move it by hand).
    pub fn with_clock(mut self, clock: Clock) -> App {
        self.clock = clock;
        self
    }

    /// The same use cases under another security policy.
    pub fn with_policy(mut self, policy: SecurityPolicy) -> App {
        self.policy = Arc::new(policy);
        self
    }

    /// The security policy in force.
    pub fn policy(&self) -> &SecurityPolicy {
        &self.policy
    }

    /// Now, by the app's clock.
    pub fn now(&self) -> time::OffsetDateTime {
        self.clock.now()
    }

    /// The database (for the command line's maintenance commands).
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Checks that the configured keys are the ones the data was written with, recording their
    /// fingerprint in a new database.
    pub async fn bind_keys(&self) -> Result<(), AppError> {
        const SETTING: &str = "pii_key_fingerprint";
        let ours = self.pii.fingerprint();
        match fupin_store::settings::get(&self.db, SETTING).await? {
            Some(stored) if stored == ours => Ok(()),
            Some(stored) => Err(AppError::Invalid(format!(
                "个人信息密钥与数据库不匹配（数据库记录的密钥指纹为 {stored}，当前密钥为 {ours}）：请使用写入数据时的密钥文件"
            ))),
            None => Ok(fupin_store::settings::set(&self.db, SETTING, &ours).await?),
        }
    }

    /// The personal-data keys.
    pub fn pii(&self) -> &PiiKeys {
        &self.pii
    }

    /// The personal-data keys, shared with worker threads.
    pub fn pii_shared(&self) -> Arc<PiiKeys> {
        Arc::clone(&self.pii)
    }
}

/// Why a use case failed.
#[derive(Debug, Error)]
pub enum AppError {
    /// The actor may not do this, or the record lies outside their jurisdiction.
    #[error("无权访问 (forbidden)")]
    Forbidden,
    /// Sign-in refused; the message says why (wrong name or password, locked, wrong code).
    #[error("{0}")]
    Unauthenticated(String),
    /// No such record (or not visible to the actor).
    #[error("记录不存在 (not found)")]
    NotFound,
    /// The input was refused; the message says what to fix.
    #[error("{0}")]
    Invalid(String),
    /// Storage failed.
    #[error(transparent)]
    Store(StoreError),
}

impl AppError {
    fn corrupt(what: &str, value: &str) -> AppError {
        AppError::Store(StoreError::Corrupt(format!("{what}: {value}")))
    }
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => AppError::NotFound,
            other => AppError::Store(other),
        }
    }
}
