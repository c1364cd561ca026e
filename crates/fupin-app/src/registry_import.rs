//! Importing the 建档立卡 registry from CSV: streamed, every row validated, all or nothing.
//!
//! A parser thread reads, validates and protects rows (ID numbers become a keyed hash, a ciphertext
//! and a masked form before they leave it) while the database writes the previous batch, inside one
//! transaction that is committed only when the whole file was clean.

use std::collections::HashSet;
use std::hash::BuildHasherDefault;
use std::io::Read;

use fupin_domain::{
    HouseholdAttribute, IdNumber, PersonName, PovertyCause, RegistryStatus, UnitKind,
};
use fupin_store::registry::{HOUSEHOLDS, NewHousehold, NewPerson, PERSONS};
use fupin_store::{Value, regions, registry};
use tokio::sync::mpsc;

use crate::import_report::ImportReport;
use crate::registry_columns::{Column, Columns};
use crate::{Actor, Affiliation, App, AppError, AuditEvent, Outcome};

/// Rows per batch handed from the parser to the writer.
const BATCH_ROWS: usize = 4096;

/// What a successful import wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RegistryImported {
    /// Households created.
    pub households: u64,
    /// Persons created.
    pub persons: u64,
}

/// Why a registry import wrote nothing.
pub type RegistryImportError = crate::import_report::ImportError;

struct Batch {
    households: Vec<Vec<Value>>,
    persons: Vec<Vec<Value>>,
}

impl App {
    /// Imports registry persons from a CSV file (UTF-8, optional BOM; header names in Chinese or
    /// English, see [`crate::registry_columns`]). Only a poverty office may import, and only for
    /// villages inside its region; the system actor may import anywhere.
    pub async fn import_registry_csv<R: Read + Send + 'static>(
        &self,
        actor: &Actor,
        file_name: &str,
        reader: R,
    ) -> Result<RegistryImported, RegistryImportError> {
        let region_prefix = match &actor.affiliation {
            Affiliation::Platform if actor.user_id.is_none() => String::new(),
            Affiliation::Government {
                kind: UnitKind::PovertyOffice,
                region_code,
                ..
            } => region_code.clone().unwrap_or_default(),
            _ => {
                let event = AuditEvent::new("registry.import", "file", file_name);
                return Err(self.deny(actor, event, AppError::Forbidden).await.into());
            }
        };
        let counties: HashSet<String> = regions::at_level(&self.db, 3, false)
            .await
            .map_err(AppError::from)?
            .into_iter()
            .map(|r| r.code)
            .collect();
        let mut tx = self.db.begin().await.map_err(AppError::from)?;
        // Into an empty registry, load without indexes and build them once at the end.
        let fresh = registry::is_empty(&mut tx).await.map_err(AppError::from)?;
        if fresh {
            registry::suspend_load_indexes(&mut tx)
                .await
                .map_err(AppError::from)?;
        }
        let first_household = registry::next_household_id(&mut tx)
            .await
            .map_err(AppError::from)?;

        let (sender, mut receiver) = mpsc::channel::<Batch>(2);
        let pii = self.pii.clone();
        let file = file_name.to_owned();
        let parser = tokio::task::spawn_blocking(move || {
            let mut parse = Parser {
                report: ImportReport::new(&file),
                region_prefix,
                counties,
                next_household: first_household,
                current: None,
                seen_households: HashSet::new(),
                seen_ids: HashSet::default(),
                imported: RegistryImported::default(),
            };
            parse.run(reader, |batch| sender.blocking_send(batch).is_ok(), &pii);
            parse
        });
        let mut write_error = None;
        while let Some(batch) = receiver.recv().await {
            if write_error.is_some() {
                continue; // keep draining so the parser finishes its report
            }
            let result = async {
                tx.bulk_insert(HOUSEHOLDS, batch.households).await?;
                tx.bulk_insert(PERSONS, batch.persons).await
            }
            .await;
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
        if write_error.is_none() && fresh {
            write_error = registry::rebuild_load_indexes(&mut tx).await.err();
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
        // Recorded in the loading transaction: the entry exists exactly when the rows do.
        fupin_store::audit::lock_for_append(&mut tx)
            .await
            .map_err(AppError::from)?;
        let event = AuditEvent::new("registry.import", "file", file_name).detail(format!(
            "{} households, {} persons",
            parse.imported.households, parse.imported.persons
        ));
        self.append_audit(&mut tx, actor, event).await?;
        tx.commit().await.map_err(AppError::from)?;
        Ok(parse.imported)
    }
}

struct Parser {
    report: ImportReport,
    region_prefix: String,
    counties: HashSet<String>,
    next_household: i64,
    /// The household being read: (household_no, id).
    current: Option<(String, i64)>,
    seen_households: HashSet<String>,
    /// First 8 bytes of each keyed hash in the file, to report duplicates by row. The keys are
    /// already uniformly distributed, so they are used as their own hash.
    seen_ids: HashSet<u64, BuildHasherDefault<crate::pii::KeyIsHash>>,
    imported: RegistryImported,
}

impl Parser {
    fn run<R: Read>(
        &mut self,
        reader: R,
        mut send: impl FnMut(Batch) -> bool,
        pii: &crate::PiiKeys,
    ) {
        let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
        let columns = match csv.byte_headers() {
            Ok(header) => Columns::from_header(header),
            Err(err) => Err(format!("无法读取表头：{err}")),
        };
        let columns = match columns {
            Ok(columns) => columns,
            Err(message) => {
                self.report.add(1, None, message);
                return;
            }
        };
        let mut batch = Batch {
            households: Vec::new(),
            persons: Vec::with_capacity(BATCH_ROWS),
        };
        let mut record = csv::ByteRecord::new();
        let mut line = 1_u64;
        loop {
            match csv.read_byte_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(err) => {
                    self.report
                        .add(line + 1, None, format!("CSV 格式错误：{err}"));
                    break;
                }
            }
            line = record.position().map_or(line + 1, |p| p.line());
            if let Some((household, person)) = self.row(&columns, &record, line, pii)
                && !self.report.has_problems()
            {
                batch.households.extend(household);
                batch.persons.push(person);
            }
            if batch.persons.len() >= BATCH_ROWS {
                let full = std::mem::replace(
                    &mut batch,
                    Batch {
                        households: Vec::new(),
                        persons: Vec::with_capacity(BATCH_ROWS),
                    },
                );
                if !send(full) {
                    return;
                }
            }
        }
        if line == 1 {
            self.report.add(1, None, "文件没有数据行");
        }
        if !batch.persons.is_empty() && !self.report.has_problems() {
            send(batch);
        }
    }

    /// Validates one row; on success returns the new household row (for a household's first member)
    /// and the person row.
    fn row(
        &mut self,
        columns: &Columns,
        record: &csv::ByteRecord,
        line: u64,
        pii: &crate::PiiKeys,
    ) -> Option<(Option<Vec<Value>>, Vec<Value>)> {
        let problems_before = self.report.total;
        let mut cell = |column: Column| -> String {
            let text = columns.get(record, column);
            match text {
                Ok(text) => text.trim().to_owned(),
                Err(message) => {
                    self.report.add(line, Some(column.label()), message);
                    String::new()
                }
            }
        };
        let household_no = cell(Column::HouseholdNo);
        let name = cell(Column::Name);
        let id_text = cell(Column::IdNumber);
        let village = cell(Column::VillageCode);
        let relation = cell(Column::Relation);
        let attribute = cell(Column::Attribute);
        let cause = cell(Column::PovertyCause);
        let status = cell(Column::Status);
        let exit_year = cell(Column::ExitYear);

        let mut bad =
            |column: Column, message: String| self.report.add(line, Some(column.label()), message);
        if household_no.is_empty() {
            bad(Column::HouseholdNo, "户编号不能为空".into());
        }
        let name = PersonName::parse(&name)
            .map_err(|e| bad(Column::Name, e.to_string()))
            .ok();
        let id = IdNumber::parse(&id_text)
            .map_err(|e| bad(Column::IdNumber, e.to_string()))
            .ok();
        if village.len() != 12 || !village.bytes().all(|b| b.is_ascii_digit()) {
            bad(
                Column::VillageCode,
                format!("村级区划代码应为 12 位数字，实际为“{village}”"),
            );
        } else if !village.starts_with(&self.region_prefix) {
            bad(
                Column::VillageCode,
                format!("村 {village} 不在本单位辖区（{}）内", self.region_prefix),
            );
        } else if !self.counties.contains(&village[..6]) {
            bad(
                Column::VillageCode,
                format!("区划代码 {village} 的县级代码 {} 不存在", &village[..6]),
            );
        }
        if relation.is_empty() {
            bad(Column::Relation, "与户主关系不能为空".into());
        }
        let attribute = HouseholdAttribute::parse_label(&attribute)
            .ok_or_else(|| {
                bad(
                    Column::Attribute,
                    format!("“{attribute}”不是户属性（一般贫困户/低保贫困户/特困供养贫困户）"),
                )
            })
            .ok();
        let cause = PovertyCause::parse_label(&cause)
            .ok_or_else(|| {
                bad(
                    Column::PovertyCause,
                    format!("“{cause}”不是致贫原因（因病、因残、因学……）"),
                )
            })
            .ok();
        let status = RegistryStatus::parse_label(&status)
            .ok_or_else(|| {
                bad(
                    Column::Status,
                    format!(
                        "“{status}”不是脱贫状态（未脱贫/已脱贫享受政策/返贫/已脱贫不再享受政策）"
                    ),
                )
            })
            .ok();
        let exit_year = match exit_year.as_str() {
            "" => None,
            text => match text.parse::<i32>() {
                Ok(year) if (2013..=2030).contains(&year) => Some(year),
                _ => {
                    bad(
                        Column::ExitYear,
                        format!("脱贫年度应为 2013–2030 的年份，实际为“{text}”"),
                    );
                    None
                }
            },
        };
        let protected = id.map(|id| pii.protect(&id));
        if let Some(hash) = protected.as_ref().and_then(|p| p.hash.as_deref()) {
            let key = hash
                .iter()
                .take(8)
                .fold(0_u64, |k, b| (k << 8) | u64::from(*b));
            if !self.seen_ids.insert(key) {
                bad(Column::IdNumber, "身份证号在文件中重复出现".into());
            }
        }
        let new_household = match &self.current {
            Some((no, _)) if *no == household_no => false,
            _ => {
                if !self.seen_households.insert(household_no.clone()) {
                    bad(
                        Column::HouseholdNo,
                        format!("户编号 {household_no} 已在前面出现：同户成员应连续排列"),
                    );
                }
                true
            }
        };
        if self.report.total > problems_before {
            return None;
        }
        let (Some(name), Some(protected), Some(attribute), Some(cause), Some(status)) =
            (name, protected, attribute, cause, status)
        else {
            return None;
        };
        let household = new_household.then(|| {
            let id = self.next_household;
            self.next_household += 1;
            self.current = Some((household_no.clone(), id));
            self.imported.households += 1;
            NewHousehold {
                id,
                household_no,
                village_code: village.clone(),
                attribute,
                poverty_cause: cause,
                status,
                exit_year,
            }
            .values()
        });
        let household_id = self.current.as_ref().map_or(0, |(_, id)| *id);
        self.imported.persons += 1;
        let person = NewPerson {
            household_id,
            name: name.as_str().to_owned(),
            id_hash: protected.hash.unwrap_or_default(),
            id_cipher: protected.cipher,
            id_masked: protected.masked,
            relation,
            status,
            exit_year,
            village_code: village,
        };
        Some((household, person.values()))
    }
}
