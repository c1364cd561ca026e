//! Fupin storage: one query layer over SQLite and PostgreSQL.
//!
//! * [`db`] — the [`Db`] pool and [`Tx`] transaction, portable SQL with typed [`Value`] parameters.
//! * [`migrate`] — forward-only migrations per backend and the embedded reference data.
//! * [`bulk`] — `COPY` / multi-row `INSERT` loaders.
//! * one module per record: [`regions`], [`units`], [`organizations`], [`users`], [`activities`],
//!   [`registry`], [`rosters`], [`audit`], [`settings`]. Each owns its row types and its SQL; nothing above this
//!   crate writes SQL.
//!
//! Scoping by jurisdiction is decided in the service layer (`fupin-app`), which passes the resulting
//! [`Scope`] into every query over business records; the SQL applies it ([`scope`]).

pub mod activities;
pub mod audit;
pub mod bulk;
pub mod db;
pub mod error;
pub mod lists;
pub mod migrate;
pub mod organizations;
pub mod reference;
pub mod regions;
pub mod registry;
pub mod rosters;
pub mod scope;
pub mod search;
pub mod sessions;
pub mod settings;
pub mod spot_checks;
pub mod stats;
pub mod units;
pub mod users;
pub mod verification;

#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use db::{Backend, ConnectOptions, Db, Record, Tx, Value};
pub use error::StoreError;
pub use scope::Scope;
