//! Importing an activity's roster of persons helped (受益人名单) from CSV or Excel: streamed, every
//! row validated, all or nothing.
//!
//! A parser thread reads the file ([`crate::tabular`]), finds the header, checks every row
//! ([`columns`]) and protects each ID number before it leaves the thread, while the database
//! writes the previous batch inside one transaction that first removes the activity's previous
//! roster. The transaction commits, with its `roster.import` audit entry, only when the whole file
//! was clean; otherwise nothing is written and the [`ImportReport`] names every problem by row and
//! column. Nothing personal is logged or audited.

pub mod columns;
mod places;
pub mod template;

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::io::{Read, Seek};
use std::ops::ControlFlow;

use fupin_domain::{ActivityStatus, Role};
use fupin_store::rosters::{self, NewRosterEntry, ROSTER};
use fupin_store::{Scope, Value, activities};
use time::{Date, UtcOffset};
use tokio::sync::mpsc;

use crate::import_report::ImportReport;
use crate::tabular::{self, Format, Row, header};
use crate::{Actor, Affiliation, App, AppError, AuditEvent};
use columns::{Column, IdShape};
use places::Places;

pub use template::{roster_template_csv, roster_template_xlsx};

/// Rows per batch handed from the parser to the writer.
const BATCH_ROWS: usize = 4096;
/// Most data rows a roster file may have.
pub const MAX_ROWS: u64 = 1_000_000;

/// What a successful import wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RosterImported {
    /// Roster entries written.
    pub rows: u64,
    /// Entries of the previous roster that were replaced.
    pub replaced: u64,
    /// The file's format.
    pub format: Format,
}

/// Why a roster import wrote nothing.
pub type RosterImportError = crate::import_report::ImportError;

impl App {
    /// Replaces the roster of activity `activity_id` with the persons in `reader` (CSV in UTF-8,
    /// GBK/GB18030 or with BOM; XLSX; XLS — recognised from the content). Only the reporters and
    /// administrators of the organization owning the activity may import, and only while it is a
    /// draft or returned; the system actor (command line) may import for any activity, and is
    /// audited as such.
    pub async fn import_roster<R: Read + Seek + Send + 'static>(
        &self,
        actor: &Actor,
        activity_id: i64,
        file_name: &str,
        mut reader: R,
    ) -> Result<RosterImported, RosterImportError> {
        let event = AuditEvent::new("roster.import", "activity", activity_id);
        let is_system = actor.affiliation == Affiliation::Platform && actor.user_id.is_none();
        let is_org_staff = matches!(actor.affiliation, Affiliation::Organization { .. })
            && (actor.has_role(Role::OrgReporter) || actor.has_role(Role::OrgAdmin));
        let scope = match (is_system, is_org_staff) {
            (true, _) => Scope::All,
            (false, true) => actor.scope(),
            (false, false) => {
                return Err(self.deny(actor, event, AppError::Forbidden).await.into());
            }
        };
        let Some(activity) = activities::scoped::get_scoped(&self.db, &scope, activity_id)
            .await
            .map_err(AppError::from)?
        else {
            return Err(self.deny(actor, event, AppError::NotFound).await.into());
        };
        let status = ActivityStatus::from_code(&activity.status)
            .ok_or_else(|| AppError::corrupt("activity status", &activity.status))?;
        if !status.is_editable_by_org() {
            let refusal = AppError::Invalid(format!(
                "项目当前状态为“{}”，受益人名单不能更改：只有草稿或已退回的项目可以上传名单（已公开的项目请通过新版本更正）",
                status.label_zh()
            ));
            return Err(self.deny(actor, event, refusal).await.into());
        }
        let format = Format::sniff_reader(&mut reader)
            .map_err(|e| AppError::Invalid(format!("无法读取文件：{e}")))?;
        let places = Places::load(&self.db, activity_id)
            .await
            .map_err(AppError::from)?;
        let today = self
            .now()
            .to_offset(UtcOffset::from_hms(8, 0, 0).unwrap_or(UtcOffset::UTC))
            .date();

        let mut tx = self.db.begin().await.map_err(AppError::from)?;
        let replaced = rosters::delete_for_activity(&mut tx, activity_id)
            .await
            .map_err(AppError::from)?;

        let (sender, mut receiver) = mpsc::channel::<Vec<Vec<Value>>>(2);
        let pii = self.pii_shared();
        let mut parse = Parser {
            report: ImportReport::new(file_name),
            activity_id,
            places,
            today,
            seen: HashMap::default(),
            ends_in_000: Vec::new(),
            truncated: false,
            rows: 0,
        };
        let parser = tokio::task::spawn_blocking(move || {
            parse.run(reader, format, &pii, |batch| {
                sender.blocking_send(batch).is_ok()
            });
            parse
        });
        let mut write_error = None;
        while let Some(batch) = receiver.recv().await {
            if write_error.is_some() {
                continue; // keep draining so the parser finishes its report
            }
            if let Err(err) = tx.bulk_insert(ROSTER, batch).await {
                write_error = Some(err);
            }
        }
        let parse = parser
            .await
            .map_err(|e| AppError::Invalid(format!("导入线程异常：{e}")))?;
        if parse.report.has_problems() {
            return Err(RosterImportError::Rejected(parse.report));
        }
        if let Some(err) = write_error {
            tracing::warn!(activity_id, "roster import failed to write: {err}");
            let mut report = ImportReport::new(file_name);
            report.add(0, None, "写入数据库失败，整个文件未导入，请稍后重试");
            return Err(RosterImportError::Rejected(report));
        }
        fupin_store::audit::lock_for_append(&mut tx)
            .await
            .map_err(AppError::from)?;
        let detail = format!(
            "{} 格式，{} 行，替换原有 {} 行",
            format.name(),
            parse.rows,
            replaced
        );
        self.append_audit(&mut tx, actor, event.detail(detail))
            .await?;
        tx.commit().await.map_err(AppError::from)?;
        Ok(RosterImported {
            rows: parse.rows,
            replaced,
            format,
        })
    }
}

struct Parser {
    report: ImportReport,
    activity_id: i64,
    places: Places,
    today: Date,
    /// First 8 bytes of the keyed hash of each ID number in the file → the line it first appeared
    /// on. The keys are uniformly distributed already, so they are their own hash; 64 bits keep a
    /// false duplicate below one in ten million for a million rows, at 16 bytes per row.
    seen: HashMap<u64, u32, BuildHasherDefault<crate::pii::KeyIsHash>>,
    /// Lines whose ID number is valid but ends in 000 (suspicious beside truncated ones).
    ends_in_000: Vec<u64>,
    /// Whether any ID number looked truncated by Excel.
    truncated: bool,
    /// Data rows read.
    rows: u64,
}

impl Parser {
    fn run<R: Read + Seek>(
        &mut self,
        reader: R,
        format: Format,
        pii: &crate::PiiKeys,
        mut send: impl FnMut(Vec<Vec<Value>>) -> bool,
    ) {
        let mut pending: Vec<Row> = Vec::new();
        let mut columns: Option<Vec<Option<usize>>> = None;
        let mut batch: Vec<Vec<Value>> = Vec::with_capacity(BATCH_ROWS);
        let mut stopped = false;
        let mut data_row =
            |this: &mut Parser, row: Row, batch: &mut Vec<Vec<Value>>, index: &[Option<usize>]| {
                this.rows += 1;
                if this.rows > MAX_ROWS {
                    this.report.add(
                        row.line,
                        None,
                        format!("文件超过 {MAX_ROWS} 行的上限：请拆分为多个项目或多次导入"),
                    );
                    return ControlFlow::Break(());
                }
                if let Some(values) = this.row(&row, index, pii)
                    && !this.report.has_problems()
                {
                    batch.push(values);
                }
                if batch.len() >= BATCH_ROWS && !send(std::mem::take(batch)) {
                    return ControlFlow::Break(());
                }
                ControlFlow::Continue(())
            };
        let decide = |this: &mut Parser, pending: &mut Vec<Row>| -> Option<Vec<Option<usize>>> {
            match header::find(pending, &columns::SPECS) {
                Ok(found) => {
                    pending.drain(..found.rows_used);
                    Some(found.columns)
                }
                Err(err) => {
                    this.report.add(err.line, None, err.message);
                    None
                }
            }
        };
        let read = tabular::read_rows(reader, format, &mut |row| {
            if stopped {
                return ControlFlow::Break(());
            }
            let Some(index) = &columns else {
                pending.push(row);
                if pending.len() < header::SEARCH_ROWS {
                    return ControlFlow::Continue(());
                }
                columns = decide(self, &mut pending);
                let Some(index) = columns.clone() else {
                    stopped = true;
                    return ControlFlow::Break(());
                };
                for row in std::mem::take(&mut pending) {
                    if data_row(self, row, &mut batch, &index).is_break() {
                        stopped = true;
                        return ControlFlow::Break(());
                    }
                }
                return ControlFlow::Continue(());
            };
            let flow = data_row(self, row, &mut batch, index);
            stopped = flow.is_break();
            flow
        });
        if let Err(err) = read {
            self.report.add(err.line, None, err.message);
        }
        if columns.is_none() && !stopped {
            if pending.is_empty() {
                self.report
                    .add(1, None, "文件是空的：没有表头，也没有数据行");
            } else if let Some(index) = decide(self, &mut pending) {
                for row in std::mem::take(&mut pending) {
                    if data_row(self, row, &mut batch, &index).is_break() {
                        break;
                    }
                }
                columns = Some(index);
            }
        }
        if columns.is_some() && self.rows == 0 && !self.report.has_problems() {
            self.report.add(1, None, "文件只有表头，没有数据行");
        }
        self.flag_suspicious_000();
        if !batch.is_empty() && !self.report.has_problems() {
            send(batch);
        }
    }

    /// Beside numbers Excel truncated, valid numbers ending in 000 are suspicious too.
    fn flag_suspicious_000(&mut self) {
        if !self.truncated || self.ends_in_000.is_empty() {
            return;
        }
        for line in std::mem::take(&mut self.ends_in_000) {
            self.report.add(
                line,
                Some(Column::IdNumber.label()),
                columns::ID_SUSPECT_000,
            );
        }
        self.report.problems.sort_by_key(|p| p.row);
    }

    /// Checks one row; when it and every row before were clean, returns its values to store.
    fn row(
        &mut self,
        row: &Row,
        index: &[Option<usize>],
        pii: &crate::PiiKeys,
    ) -> Option<Vec<Value>> {
        let line = row.line;
        let report = &mut self.report;
        let (checked, shape) = columns::check_row(
            row,
            index,
            &self.places,
            self.today,
            &mut |column, message| {
                report.add(line, Some(column.label()), message);
            },
        );
        match shape {
            IdShape::Truncated => self.truncated = true,
            IdShape::EndsIn000 => self.ends_in_000.push(line),
            IdShape::Plain => {}
        }
        let checked = checked?;
        // Encrypting is only worth it while the file may still be written.
        let protected = (!self.report.has_problems()).then(|| pii.protect(&checked.id));
        let hash = match &protected {
            Some(p) => p.hash.clone().unwrap_or_default(),
            None => pii.id_hash(&checked.id),
        };
        let key = hash
            .iter()
            .take(8)
            .fold(0_u64, |k, b| (k << 8) | u64::from(*b));
        if let Some(first) = self.seen.get(&key) {
            self.report.add(
                line,
                Some(Column::IdNumber.label()),
                format!("身份证号与第 {first} 行重复：同一人在名单中只应出现一次"),
            );
            return None;
        }
        self.seen
            .insert(key, u32::try_from(line).unwrap_or(u32::MAX));
        let protected = protected.filter(|_| !self.report.has_problems())?;
        let entry = NewRosterEntry {
            activity_id: self.activity_id,
            row_no: i32::try_from(line).unwrap_or(i32::MAX),
            name: checked.name.as_str().to_owned(),
            id_hash: protected.hash,
            id_cipher: protected.cipher,
            id_masked: protected.masked,
            village_code: Some(checked.village),
            category: checked.category,
            aid: checked.aid,
            service_date: checked.date,
        };
        Some(entry.values())
    }
}
