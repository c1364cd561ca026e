//! Importing the 建档立卡 registry from CSV or Excel: streamed, every row validated, all or nothing.
//!
//! A parser thread reads the file row by row through [`crate::tabular`] (CSV in UTF-8, with BOM or
//! GBK/GB18030; XLSX streamed cell by cell; XLS), finds the header (under title rows if any),
//! validates and protects rows (ID numbers become a keyed hash, a ciphertext and a masked form
//! before they leave it; an ID number Excel stored as a number is refused) while the database
//! writes the previous batch, inside one transaction that is committed only when the whole file was
//! clean. Problems are reported by the row the user sees: the CSV line or the worksheet row.
//!
//! Two uses:
//!
//! * [`App::import_registry`] **loads**: every person of the file is new (into an empty
//!   registry, the indexes are dropped and rebuilt once at the end); a person already registered
//!   refuses the file.
//! * [`App::update_registry`] (the command line and the web page) loads an empty registry the
//!   same way and otherwise **updates** the importing office's region with the file as of an
//!   effective date: persons are matched by the keyed hash of their ID number; new ones are added
//!   (to their household by 户编号, created when new); a different status, exit year or village is
//!   applied and kept in the history (`registry_status_history`, see
//!   [`fupin_store::registry::history`]); persons of the region absent from the file are marked
//!   已死亡/注销 the same way.
//!
//! Memory of an update: the region's registered persons are held as 40-byte entries sorted by hash
//! ([`known`]; ~400 MB for the whole country's 10 million), plus, as for a load, the household
//! numbers of the file; rows of the file are not kept. Unchanged rows end in the parser thread;
//! each change costs a few statements, so an update's time grows with the file's size (one hash
//! computation and bisection a row) and with the number of changes.
//!
//! Not tracked by an update: names, relations, household attributes and causes of registered
//! persons, and moves between households (a person keeps their household).
//!
//! Every import, load or update, is recorded in `registry_imports` and the audit log with its counts
//! (never a name or an ID number).

mod check;
mod known;
mod parser;
mod row;
mod update;

use std::collections::HashSet;
use std::io::{Read, Seek};

use fupin_domain::UnitKind;
use fupin_store::registry::imports::{self, ImportCounts, ImportRow, NewImport};
use fupin_store::registry::{HOUSEHOLDS, PERSONS};
use fupin_store::{regions, registry};
use time::{Date, UtcOffset};
use tokio::sync::mpsc;

use self::known::Known;
use self::parser::{Batch, Mode, Parser};
use self::update::Updater;
use crate::import_report::ImportReport;
use crate::tabular::Format;
use crate::{Actor, Affiliation, App, AppError, AuditEvent, Outcome};

/// What a successful import wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegistryImported {
    /// Households created.
    pub households: u64,
    /// Persons created.
    pub persons: u64,
    /// The `registry_imports` row recording it.
    pub import_id: i64,
    /// The date from which the file's states hold.
    pub effective: Date,
    /// Whether the file was applied as an update of a registry that held persons (false: a load).
    pub update: bool,
    /// What changed, person by person (a load only adds).
    pub counts: ImportCounts,
}

/// Why a registry import wrote nothing.
pub type RegistryImportError = crate::import_report::ImportError;

/// How many past imports [`App::registry_imports`] lists.
pub const IMPORTS_LISTED: i64 = 50;

/// The region whose registry `actor` may import (`""`: the whole country): a poverty office its
/// region, the system actor everywhere; `None` for everyone else.
pub fn registry_import_region(actor: &Actor) -> Option<String> {
    match &actor.affiliation {
        Affiliation::Platform if actor.user_id.is_none() => Some(String::new()),
        Affiliation::Government {
            kind: UnitKind::PovertyOffice,
            region_code,
            ..
        } => Some(region_code.clone().unwrap_or_default()),
        _ => None,
    }
}

impl App {
    /// Loads registry persons from a file (CSV in UTF-8, with BOM or GBK/GB18030; XLSX; XLS —
    /// recognised from the content; header names in Chinese or English, see
    /// [`crate::registry_columns`]): every person must be new. Only a poverty office may import,
    /// and only for villages inside its region; the system actor may import anywhere.
    pub async fn import_registry<R: Read + Seek + Send + 'static>(
        &self,
        actor: &Actor,
        file_name: &str,
        reader: R,
    ) -> Result<RegistryImported, RegistryImportError> {
        self.registry_import(actor, file_name, None, false, reader)
            .await
    }

    /// Imports a registry file as [`App::import_registry`] does into an empty registry, and
    /// otherwise applies it as an update of the actor's region as of `effective` (default: today in
    /// Beijing): see the [module](self) documentation. The effective date may not lie in the future
    /// nor before that of an earlier import, so that history rows follow each other in time.
    pub async fn update_registry<R: Read + Seek + Send + 'static>(
        &self,
        actor: &Actor,
        file_name: &str,
        effective: Option<Date>,
        reader: R,
    ) -> Result<RegistryImported, RegistryImportError> {
        self.registry_import(actor, file_name, effective, true, reader)
            .await
    }

    /// The latest imports touching the actor's region (of it, inside it, or of a region containing
    /// it), newest first; only for those who may import.
    pub async fn registry_imports(&self, actor: &Actor) -> Result<Vec<ImportRow>, AppError> {
        let region = registry_import_region(actor).ok_or(AppError::Forbidden)?;
        Ok(imports::imports_touching(&self.db, &region, IMPORTS_LISTED).await?)
    }

    /// The effective date of an import (default: today in Beijing); never in the future.
    pub(crate) fn import_effective(&self, effective: Option<Date>) -> Result<Date, AppError> {
        let today = self.registry_today();
        let effective = effective.unwrap_or(today);
        if effective > today {
            return Err(AppError::Invalid(format!(
                "生效日期 {effective} 晚于今天（{today}）：请填写名单实际生效的日期"
            )));
        }
        Ok(effective)
    }

    /// The county codes that exist, which imported village codes must start with.
    pub(crate) async fn county_codes(&self) -> Result<HashSet<String>, AppError> {
        Ok(regions::at_level(&self.db, 3, false)
            .await?
            .into_iter()
            .map(|r| r.code)
            .collect())
    }

    /// Today in Beijing, by the app's clock: the default effective date of an import.
    pub fn registry_today(&self) -> Date {
        self.now()
            .to_offset(UtcOffset::from_hms(8, 0, 0).unwrap_or(UtcOffset::UTC))
            .date()
    }

    async fn registry_import<R: Read + Seek + Send + 'static>(
        &self,
        actor: &Actor,
        file_name: &str,
        effective: Option<Date>,
        allow_update: bool,
        mut reader: R,
    ) -> Result<RegistryImported, RegistryImportError> {
        let Some(region_prefix) = registry_import_region(actor) else {
            let event = AuditEvent::new("registry.import", "file", file_name);
            return Err(self.deny(actor, event, AppError::Forbidden).await.into());
        };
        let format = Format::sniff_reader(&mut reader)
            .map_err(|e| AppError::Invalid(format!("无法读取文件：{e}")))?;
        let effective = self.import_effective(effective)?;
        let counties = self.county_codes().await?;
        let mut tx = self.db.begin().await.map_err(AppError::from)?;
        imports::lock_for_import(&mut tx)
            .await
            .map_err(AppError::from)?;
        if let Some(latest) = imports::latest_effective(&mut tx)
            .await
            .map_err(AppError::from)?
            && effective < latest
        {
            return Err(AppError::Invalid(format!(
                "生效日期 {effective} 早于已导入名单的生效日期 {latest}：登记状态须按时间先后更新"
            ))
            .into());
        }
        let empty = registry::is_empty(&mut tx).await.map_err(AppError::from)?;
        let update = allow_update && !empty;
        let import_id = imports::begin_import(
            &mut tx,
            &NewImport {
                imported_at: self.now(),
                effective,
                file_name,
                actor_name: &actor.name,
                region_code: &region_prefix,
            },
        )
        .await
        .map_err(AppError::from)?;
        // Into an empty registry, load without indexes and build them once at the end.
        if empty {
            registry::suspend_load_indexes(&mut tx)
                .await
                .map_err(AppError::from)?;
        }
        let next_household = registry::next_household_id(&mut tx)
            .await
            .map_err(AppError::from)?;
        let mode = if update {
            Mode::Update {
                known: Known::load(&mut tx, &region_prefix).await?,
            }
        } else {
            Mode::Load {
                next_household,
                current_id: 0,
            }
        };
        let mut updater = Updater::new(effective, import_id, next_household);

        let (sender, mut receiver) = mpsc::channel::<Batch>(2);
        let pii = self.pii.clone();
        let mut parse = Parser::new(file_name, region_prefix.clone(), counties, mode);
        let parser = tokio::task::spawn_blocking(move || {
            let mut send = |batch| sender.blocking_send(batch).is_ok();
            parse.run(reader, format, &mut send, &pii);
            parse
        });
        let mut write_error = None;
        while let Some(batch) = receiver.recv().await {
            if write_error.is_some() {
                continue; // keep draining so the parser finishes its report
            }
            let result = match batch {
                Batch::Load {
                    households,
                    persons,
                } => {
                    async {
                        tx.bulk_insert(HOUSEHOLDS, households).await?;
                        tx.bulk_insert(PERSONS, persons).await.map(|_| ())
                    }
                    .await
                }
                Batch::Update { changes, unknown } => {
                    updater.apply(&mut tx, changes, unknown).await
                }
            };
            if let Err(err) = result {
                write_error = Some(err);
            }
        }
        let parse = parser
            .await
            .map_err(|e| AppError::Invalid(format!("导入线程异常：{e}")))?;
        if parse.report.has_problems() {
            drop(tx);
            let event = AuditEvent::new("registry.import", "file", file_name)
                .outcome(Outcome::Failed)
                .detail(format!("rejected: {} problems", parse.report.total));
            self.audit(actor, event).await?;
            return Err(RegistryImportError::Rejected(parse.report));
        }
        if write_error.is_none() && empty {
            write_error = registry::rebuild_load_indexes(&mut tx).await.err();
        }
        if write_error.is_none()
            && let Mode::Update { known } = &parse.mode
        {
            write_error = updater.remove_absent(&mut tx, known).await.err();
        }
        if let Some(err) = write_error {
            let mut report = ImportReport::new(file_name);
            report.add(
                0,
                None,
                format!("写入失败：{err}（身份证号或户编号可能已在库中）"),
            );
            return Err(RegistryImportError::Rejected(report));
        }
        let done = if update {
            RegistryImported {
                households: updater.households,
                persons: u64::try_from(updater.counts.added).unwrap_or(0),
                import_id,
                effective,
                update,
                counts: ImportCounts {
                    unchanged: parse.unchanged,
                    ..updater.counts
                },
            }
        } else {
            RegistryImported {
                households: parse.households,
                persons: parse.persons,
                import_id,
                effective,
                update,
                counts: ImportCounts {
                    added: i64::try_from(parse.persons).unwrap_or(i64::MAX),
                    ..ImportCounts::default()
                },
            }
        };
        imports::finish_import(&mut tx, import_id, &done.counts)
            .await
            .map_err(AppError::from)?;
        // Recorded in the loading transaction: the entry exists exactly when the rows do.
        fupin_store::audit::lock_for_append(&mut tx)
            .await
            .map_err(AppError::from)?;
        let c = &done.counts;
        let detail = if update {
            format!(
                "{} update #{import_id} effective {effective}: added {}, changed {}, exited {}, \
                 deceased {}, removed {}, unchanged {}; {} households created",
                format.name(),
                c.added,
                c.changed,
                c.exited,
                c.deceased,
                c.removed,
                c.unchanged,
                done.households
            )
        } else {
            format!(
                "{} households, {} persons ({} load #{import_id} effective {effective})",
                done.households,
                done.persons,
                format.name()
            )
        };
        let event = AuditEvent::new("registry.import", "file", file_name).detail(detail);
        self.append_audit(&mut tx, actor, event).await?;
        tx.commit().await.map_err(AppError::from)?;
        Ok(done)
    }
}
