//! Importing the assistance lists (农村低保, 特困人员, 贫困残疾人) that roster entries of those
//! categories are verified against, beside the 建档立卡 registry: CSV (UTF-8 or GBK) or Excel,
//! every row validated, all or nothing.
//!
//! A file is the list's new state in the importing office's region as of an effective date:
//! persons new to the list are added, members whose name, village, status or exit year differ
//! are updated, and members of the region absent from the file are marked as having left the
//! list in the effective year (a claim is then judged on whether its service year came before
//! that). A person listed in another region must first be removed there (the region that lists
//! a person owns the row). Lists are kept by 民政 (低保, 特困), so both civil-affairs
//! (registration authority) and poverty offices may import them for their region.
//!
//! Memory: the file's valid rows are held (about 150 bytes each) with the region's current
//! members, so a province's list of a few million persons loads in one transaction.
//! Every import is recorded in `list_imports` and the audit log with its counts only.

mod rows;

use std::collections::HashMap;
use std::io::{Read, Seek};

use fupin_domain::{AssistanceList, ListStatus, UnitKind};
use fupin_store::lists::{self, ListCounts, ListImportRow, MemberRow, NewListImport, NewMember};
use time::Date;

use self::rows::{Checks, ListRow};
use crate::import_report::{ImportError, ImportReport};
use crate::{Actor, Affiliation, App, AppError, AuditEvent, Outcome};

/// Rows inserted per statement batch.
const INSERT_BATCH: usize = 2000;

/// How many past imports [`App::list_imports`] lists.
pub const LIST_IMPORTS_LISTED: i64 = 50;

/// What a successful list import wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListImported {
    /// The list.
    pub list: AssistanceList,
    /// The `list_imports` row recording it.
    pub import_id: i64,
    /// The date from which the file's states hold.
    pub effective: Date,
    /// What changed.
    pub counts: ListCounts,
}

/// The region whose lists `actor` may import (`""`: the whole country): a civil-affairs or
/// poverty office its region, the system actor everywhere; `None` for everyone else.
pub fn list_import_region(actor: &Actor) -> Option<String> {
    match &actor.affiliation {
        Affiliation::Platform if actor.user_id.is_none() => Some(String::new()),
        Affiliation::Government {
            kind: UnitKind::PovertyOffice | UnitKind::RegistrationAuthority,
            region_code,
            ..
        } => Some(region_code.clone().unwrap_or_default()),
        _ => None,
    }
}

impl App {
    /// Imports `list` for the actor's region from a CSV or Excel file as of `effective` (default
    /// today in Beijing; not in the future, nor before the list's latest import): see the
    /// [module](self) documentation.
    pub async fn import_list<R: Read + Seek + Send + 'static>(
        &self,
        actor: &Actor,
        list: AssistanceList,
        file_name: &str,
        effective: Option<Date>,
        reader: R,
    ) -> Result<ListImported, ImportError> {
        let event = AuditEvent::new("list.import", list.code(), file_name);
        let Some(region) = list_import_region(actor) else {
            return Err(self.deny(actor, event, AppError::Forbidden).await.into());
        };
        let effective = self.import_effective(effective)?;
        let counties = self.county_codes().await?;
        let pii = self.pii.clone();
        let (name, prefix) = (file_name.to_owned(), region.clone());
        let (rows, report) = tokio::task::spawn_blocking(move || {
            let checks = Checks {
                region: &prefix,
                counties: &counties,
                effective_year: effective.year(),
                pii: &pii,
            };
            rows::read(reader, &name, &checks)
        })
        .await
        .map_err(|e| AppError::Invalid(format!("导入线程异常：{e}")))?;
        if report.has_problems() {
            return Err(self.refuse_list(actor, event, report).await);
        }
        match self
            .write_list(actor, list, file_name, effective, &region, rows)
            .await?
        {
            Ok(done) => Ok(done),
            Err(report) => Err(self.refuse_list(actor, event, report).await),
        }
    }

    /// The latest list imports touching the actor's region; only for those who may import.
    pub async fn list_imports(&self, actor: &Actor) -> Result<Vec<ListImportRow>, AppError> {
        let region = list_import_region(actor).ok_or(AppError::Forbidden)?;
        Ok(lists::imports_touching(&self.db, &region, LIST_IMPORTS_LISTED).await?)
    }

    /// Members per list and status in the actor's region: (list, status, count); only for those
    /// who may import.
    pub async fn list_member_counts(
        &self,
        actor: &Actor,
    ) -> Result<Vec<(AssistanceList, ListStatus, i64)>, AppError> {
        let region = list_import_region(actor).ok_or(AppError::Forbidden)?;
        lists::member_counts(&self.db, &region)
            .await?
            .into_iter()
            .map(|(list, status, n)| {
                let list = AssistanceList::from_code(&list)
                    .ok_or_else(|| AppError::corrupt("list kind", &list))?;
                let status = ListStatus::from_code(&status)
                    .ok_or_else(|| AppError::corrupt("list status", &status))?;
                Ok((list, status, n))
            })
            .collect()
    }

    async fn refuse_list(
        &self,
        actor: &Actor,
        event: AuditEvent,
        report: ImportReport,
    ) -> ImportError {
        let event = event
            .outcome(Outcome::Failed)
            .detail(format!("rejected: {} problems", report.total));
        match self.audit(actor, event).await {
            Ok(()) => ImportError::Rejected(report),
            Err(err) => err.into(),
        }
    }

    /// Applies the valid rows in one transaction; `Ok(Err(report))` when a row cannot be
    /// written (its person is listed in another region).
    async fn write_list(
        &self,
        actor: &Actor,
        list: AssistanceList,
        file_name: &str,
        effective: Date,
        region: &str,
        rows: Vec<ListRow>,
    ) -> Result<Result<ListImported, ImportReport>, AppError> {
        let mut tx = self.db.begin().await?;
        lists::lock_for_import(&mut tx).await?;
        if let Some(latest) = lists::latest_effective(&mut tx, list).await?
            && effective < latest
        {
            return Err(AppError::Invalid(format!(
                "生效日期 {effective} 早于该名单上次导入的生效日期 {latest}：名单须按时间先后更新"
            )));
        }
        let import_id = lists::begin_import(
            &mut tx,
            &NewListImport {
                list,
                imported_at: self.now(),
                effective,
                file_name,
                actor_name: &actor.name,
                region_code: region,
            },
        )
        .await?;
        let mut known: HashMap<Vec<u8>, MemberRow> =
            lists::members_in_region(&mut tx, list, region)
                .await?
                .into_iter()
                .map(|m| (m.id_hash.clone(), m))
                .collect();
        let mut counts = ListCounts::default();
        let mut added: Vec<(u64, NewMember)> = Vec::new();
        for row in rows {
            let line = row.line;
            let member = NewMember {
                list,
                name: row.name,
                id_hash: row.protected.hash.unwrap_or_default(),
                id_cipher: row.protected.cipher,
                id_masked: row.protected.masked,
                village_code: row.village,
                status: row.status,
                exit_year: row.exit_year,
                import_id,
            };
            match known.remove(&member.id_hash) {
                None => added.push((line, member)),
                Some(old) if same(&old, &member) => counts.unchanged += 1,
                Some(old) => {
                    lists::update_member(&mut tx, old.id, &member).await?;
                    counts.changed += 1;
                }
            }
        }
        // What is left of `known` is absent from the file: it left the list.
        let mut absent: Vec<&MemberRow> = known
            .values()
            .filter(|m| m.status == ListStatus::Active.code())
            .collect();
        absent.sort_by_key(|m| m.id);
        for member in absent {
            lists::mark_left(&mut tx, member.id, effective.year(), import_id).await?;
            counts.removed += 1;
        }
        for batch in added.chunks(INSERT_BATCH) {
            let values = batch.iter().map(|(_, m)| m.values()).collect();
            if tx.bulk_insert(lists::MEMBERS, values).await.is_err() {
                drop(tx);
                return Ok(Err(self.listed_elsewhere(list, file_name, &added).await?));
            }
            counts.added += i64::try_from(batch.len()).unwrap_or(i64::MAX);
        }
        lists::finish_import(&mut tx, import_id, &counts).await?;
        fupin_store::audit::lock_for_append(&mut tx).await?;
        let event = AuditEvent::new("list.import", list.code(), file_name).detail(format!(
            "import #{import_id} effective {effective} region {region}: added {}, changed {}, \
             removed {}, unchanged {}",
            counts.added, counts.changed, counts.removed, counts.unchanged
        ));
        self.append_audit(&mut tx, actor, event).await?;
        tx.commit().await?;
        Ok(Ok(ListImported {
            list,
            import_id,
            effective,
            counts,
        }))
    }

    /// The report of a refused write: which new rows name persons listed in another region.
    async fn listed_elsewhere(
        &self,
        list: AssistanceList,
        file_name: &str,
        added: &[(u64, NewMember)],
    ) -> Result<ImportReport, AppError> {
        let mut report = ImportReport::new(file_name);
        let mut tx = self.db.begin().await?;
        for (line, member) in added {
            if let Some(other) = lists::member_by_hash(&mut tx, list, &member.id_hash).await? {
                report.add(
                    *line,
                    Some("身份证号"),
                    format!(
                        "此人已在{}中，登记于村 {}（不在本单位辖区）：跨地区迁移须先由原地区更新名单",
                        list.label_zh(),
                        other.village_code
                    ),
                );
            }
        }
        if !report.has_problems() {
            report.add(0, None, "写入失败：名单未导入，请稍后重试");
        }
        Ok(report)
    }
}

/// Whether a member already holds what the file says.
fn same(old: &MemberRow, new: &NewMember) -> bool {
    old.name == new.name
        && old.village_code == new.village_code
        && old.status == new.status.code()
        && old.exit_year == new.exit_year
}
