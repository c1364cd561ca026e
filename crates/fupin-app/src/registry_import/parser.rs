//! The parser thread of a registry import: reads the file (CSV or Excel, through [`tabular`], row
//! by row), finds the header, validates and protects each row ([`check_row`]), and hands batches to
//! the writer. For a load it builds the rows to insert; for an update it compares each row with the
//! registered persons of the region ([`Known`]) and hands on only what differs, so the unchanged
//! majority of a re-imported file never leaves this thread.

use std::collections::HashSet;
use std::hash::BuildHasherDefault;
use std::io::{Read, Seek};
use std::ops::ControlFlow;

use fupin_store::Value;
use fupin_store::registry::history::StatusChange;

use super::check::{Area, check_row};
use super::known::Known;
use super::row::FileRow;
use crate::import_report::ImportReport;
use crate::registry_columns::{Column, SPECS};
use crate::roster_import::columns::{ID_SUSPECT_000, IdShape};
use crate::tabular::{self, Format, Row, header};

/// Rows per batch handed from the parser to the writer.
const BATCH_ROWS: usize = 4096;

/// What the parser hands the writer.
pub(crate) enum Batch {
    /// Rows to insert (a load).
    Load {
        households: Vec<Vec<Value>>,
        persons: Vec<Vec<Value>>,
    },
    /// An update's differences: changed persons of the region, and rows whose person is not
    /// registered in the region (new, or registered elsewhere).
    Update {
        changes: Vec<StatusChange>,
        unknown: Vec<FileRow>,
    },
}

impl Batch {
    fn len(&self) -> usize {
        match self {
            Batch::Load { persons, .. } => persons.len(),
            Batch::Update { changes, unknown } => changes.len() + unknown.len(),
        }
    }
}

/// How the parser treats valid rows.
pub(crate) enum Mode {
    /// Every row is a new person; households get ids from `next_household` on.
    Load {
        next_household: i64,
        current_id: i64,
    },
    /// Rows are compared with the registered persons of the region.
    Update { known: Known },
}

pub(crate) struct Parser {
    pub report: ImportReport,
    pub region_prefix: String,
    pub counties: HashSet<String>,
    pub mode: Mode,
    /// The household being read.
    pub current: Option<String>,
    pub seen_households: HashSet<String>,
    /// First 8 bytes of each keyed hash in the file not found in [`Known`], to report duplicates by
    /// row (the known persons carry their own mark). The keys are already uniformly distributed, so
    /// they are used as their own hash.
    pub seen_ids: HashSet<u64, BuildHasherDefault<crate::pii::KeyIsHash>>,
    /// Households and persons of a load.
    pub households: u64,
    pub persons: u64,
    /// Persons of an update found as registered.
    pub unchanged: i64,
    /// Data rows read.
    pub rows: u64,
    /// Lines whose ID number is valid but ends in 000 (suspicious beside truncated ones).
    pub ends_in_000: Vec<u64>,
    /// Whether any ID number looked truncated by Excel.
    pub truncated: bool,
}

/// The state of reading one file.
struct Reading<'s> {
    /// Rows read before the header was found (at most [`header::SEARCH_ROWS`]).
    pending: Vec<Row>,
    /// Each column's cell, once the header is found.
    columns: Option<Vec<Option<usize>>>,
    batch: Batch,
    send: &'s mut dyn FnMut(Batch) -> bool,
    /// Whether the file is CSV (a missing cell is a short line).
    csv: bool,
    /// Whether reading stopped early (no header, or the writer has gone).
    stopped: bool,
}

impl Parser {
    pub(crate) fn new(
        file: &str,
        region_prefix: String,
        counties: HashSet<String>,
        mode: Mode,
    ) -> Parser {
        Parser {
            report: ImportReport::new(file),
            region_prefix,
            counties,
            mode,
            current: None,
            seen_households: HashSet::new(),
            seen_ids: HashSet::default(),
            households: 0,
            persons: 0,
            unchanged: 0,
            rows: 0,
            ends_in_000: Vec::new(),
            truncated: false,
        }
    }

    fn empty_batch(&self) -> Batch {
        match self.mode {
            Mode::Load { .. } => Batch::Load {
                households: Vec::new(),
                persons: Vec::with_capacity(BATCH_ROWS),
            },
            Mode::Update { .. } => Batch::Update {
                changes: Vec::new(),
                unknown: Vec::new(),
            },
        }
    }

    /// Reads `reader` as `format`: finds the header among the first rows, checks every data row,
    /// and hands full batches to `send` (which answers `false` when the writer has gone).
    pub(crate) fn run<R: Read + Seek>(
        &mut self,
        reader: R,
        format: Format,
        send: &mut dyn FnMut(Batch) -> bool,
        pii: &crate::PiiKeys,
    ) {
        let mut reading = Reading {
            pending: Vec::new(),
            columns: None,
            batch: self.empty_batch(),
            send,
            csv: format == Format::Csv,
            stopped: false,
        };
        let read = tabular::read_rows(reader, format, &mut |row| self.feed(row, &mut reading, pii));
        if let Err(err) = read {
            self.report.add(err.line, None, err.message);
        }
        if reading.columns.is_none() && !reading.stopped {
            if reading.pending.is_empty() {
                self.report
                    .add(1, None, "文件是空的：没有表头，也没有数据行");
            } else {
                let _ = self.header_found(&mut reading, pii);
            }
        }
        if reading.columns.is_some() && self.rows == 0 && !self.report.has_problems() {
            self.report.add(1, None, "文件没有数据行");
        }
        self.flag_suspicious_000();
        if reading.batch.len() > 0 && !self.report.has_problems() && !reading.stopped {
            (reading.send)(reading.batch);
        }
    }

    /// Takes one non-blank row of the file: a candidate header row until the header is known,
    /// then a data row.
    fn feed(
        &mut self,
        row: Row,
        reading: &mut Reading<'_>,
        pii: &crate::PiiKeys,
    ) -> ControlFlow<()> {
        if reading.stopped {
            return ControlFlow::Break(());
        }
        if let Some(index) = reading.columns.take() {
            let flow = self.data_row(row, &index, reading, pii);
            reading.columns = Some(index);
            return flow;
        }
        reading.pending.push(row);
        if reading.pending.len() < header::SEARCH_ROWS {
            return ControlFlow::Continue(());
        }
        self.header_found(reading, pii)
    }

    /// Finds the header among the pending rows and checks the data rows among them.
    fn header_found(&mut self, reading: &mut Reading<'_>, pii: &crate::PiiKeys) -> ControlFlow<()> {
        let mut pending = std::mem::take(&mut reading.pending);
        let index = match header::find(&pending, &SPECS) {
            Ok(found) => {
                pending.drain(..found.rows_used);
                found.columns
            }
            Err(err) => {
                self.report.add(err.line, None, err.message);
                reading.stopped = true;
                return ControlFlow::Break(());
            }
        };
        reading.columns = Some(index.clone());
        for row in pending {
            self.data_row(row, &index, reading, pii)?;
        }
        ControlFlow::Continue(())
    }

    /// Checks a data row, adds it to the batch when the file is clean so far, and sends a full
    /// batch.
    fn data_row(
        &mut self,
        mut row: Row,
        index: &[Option<usize>],
        reading: &mut Reading<'_>,
        pii: &crate::PiiKeys,
    ) -> ControlFlow<()> {
        self.rows += 1;
        if let Some(valid) = self.row(&mut row, index, reading.csv, pii)
            && !self.report.has_problems()
        {
            self.take(valid, &mut reading.batch);
        }
        if reading.batch.len() >= BATCH_ROWS {
            let full = std::mem::replace(&mut reading.batch, self.empty_batch());
            if !(reading.send)(full) {
                reading.stopped = true;
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    }

    /// Beside ID numbers Excel truncated, valid numbers ending in 000 are suspicious too.
    fn flag_suspicious_000(&mut self) {
        if !self.truncated || self.ends_in_000.is_empty() {
            return;
        }
        for line in std::mem::take(&mut self.ends_in_000) {
            self.report
                .add(line, Some(Column::IdNumber.label()), ID_SUSPECT_000);
        }
        self.report.problems.sort_by_key(|p| p.row);
    }

    /// Adds a valid row to the batch: as rows to insert, as a change, or not at all (unchanged).
    fn take(&mut self, row: FileRow, batch: &mut Batch) {
        match (&mut self.mode, batch) {
            (
                Mode::Load {
                    next_household,
                    current_id,
                },
                Batch::Load {
                    households,
                    persons,
                },
            ) => {
                if row.household_first {
                    *current_id = *next_household;
                    *next_household += 1;
                    self.households += 1;
                    households.push(row.household(*current_id).values());
                }
                self.persons += 1;
                persons.push(row.person(*current_id).values());
            }
            (Mode::Update { known }, Batch::Update { changes, unknown }) => {
                let hash = row.protected.hash.as_deref().unwrap_or_default();
                match known.find(hash) {
                    None => unknown.push(row),
                    Some(slot) if known.same(slot, row.status, row.exit_year, &row.village) => {
                        self.unchanged += 1;
                    }
                    Some(slot) => {
                        if let Some(old) = known.state(slot) {
                            changes.push(StatusChange {
                                person_id: known.id(slot),
                                old,
                                new: row.state(),
                                household: row.household_first,
                            });
                        }
                    }
                }
            }
            // The batch is always made for the mode.
            _ => {}
        }
    }

    /// Validates one row (its cells are taken out of it); on success returns it.
    fn row(
        &mut self,
        row: &mut Row,
        index: &[Option<usize>],
        csv: bool,
        pii: &crate::PiiKeys,
    ) -> Option<FileRow> {
        let line = row.line;
        let problems_before = self.report.total;
        let area = Area {
            region_prefix: &self.region_prefix,
            counties: &self.counties,
        };
        let report = &mut self.report;
        let fields = check_row(row, index, csv, &area, &mut |column, message| {
            report.add(line, Some(column.label()), message);
        });
        match fields.id_shape {
            IdShape::Truncated => self.truncated = true,
            IdShape::EndsIn000 => self.ends_in_000.push(line),
            IdShape::Plain => {}
        }
        let mut bad =
            |column: Column, message: String| self.report.add(line, Some(column.label()), message);
        let protected = fields.id.as_ref().map(|id| pii.protect(id));
        if let Some(hash) = protected.as_ref().and_then(|p| p.hash.as_deref()) {
            let known = match &mut self.mode {
                Mode::Update { known } => known.find(hash).map(|slot| known.mark_seen(slot)),
                Mode::Load { .. } => None,
            };
            let first = known.unwrap_or_else(|| {
                let key = hash
                    .iter()
                    .take(8)
                    .fold(0_u64, |k, b| (k << 8) | u64::from(*b));
                self.seen_ids.insert(key)
            });
            if !first {
                bad(Column::IdNumber, "身份证号在文件中重复出现".into());
            }
        }
        let household_no = fields.household_no;
        let household_first = self.current.as_deref() != Some(household_no.as_str());
        // An empty number is reported already; it founds no household to keep track of.
        if household_first && !household_no.is_empty() {
            if !self.seen_households.insert(household_no.clone()) {
                bad(
                    Column::HouseholdNo,
                    format!("户编号 {household_no} 已在前面出现：同户成员应连续排列"),
                );
            }
            self.current = Some(household_no.clone());
        }
        if self.report.total > problems_before {
            return None;
        }
        let (
            Some(name),
            Some(protected),
            Some(village),
            Some(attribute),
            Some(cause),
            Some(status),
        ) = (
            fields.name,
            protected,
            fields.village,
            fields.attribute,
            fields.cause,
            fields.status,
        )
        else {
            return None;
        };
        Some(FileRow {
            household_no,
            household_first,
            name: name.as_str().to_owned(),
            protected,
            relation: fields.relation,
            attribute,
            cause,
            status,
            exit_year: fields.exit_year,
            village,
        })
    }
}
