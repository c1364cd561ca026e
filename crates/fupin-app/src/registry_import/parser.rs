//! The parser thread of a registry import: reads the CSV, validates and protects each row, and hands
//! batches to the writer. For a load it builds the rows to insert; for an update it compares each
//! row with the registered persons of the region ([`Known`]) and hands on only what differs, so the
//! unchanged majority of a re-imported file never leaves this thread.

use std::collections::HashSet;
use std::hash::BuildHasherDefault;
use std::io::Read;

use fupin_domain::{HouseholdAttribute, IdNumber, PersonName, PovertyCause, RegistryStatus};
use fupin_store::Value;
use fupin_store::registry::history::StatusChange;

use super::known::Known;
use super::row::FileRow;
use crate::import_report::ImportReport;
use crate::registry_columns::{Column, Columns};

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

    pub(crate) fn run<R: Read>(
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
        let mut batch = self.empty_batch();
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
            if let Some(row) = self.row(&columns, &record, line, pii)
                && !self.report.has_problems()
            {
                self.take(row, &mut batch);
            }
            if batch.len() >= BATCH_ROWS {
                let full = std::mem::replace(&mut batch, self.empty_batch());
                if !send(full) {
                    return;
                }
            }
        }
        if line == 1 {
            self.report.add(1, None, "文件没有数据行");
        }
        if batch.len() > 0 && !self.report.has_problems() {
            send(batch);
        }
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

    /// Validates one row; on success returns it.
    fn row(
        &mut self,
        columns: &Columns,
        record: &csv::ByteRecord,
        line: u64,
        pii: &crate::PiiKeys,
    ) -> Option<FileRow> {
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
                        "“{status}”不是脱贫状态（未脱贫/已脱贫享受政策/返贫/已脱贫不再享受政策/已死亡/注销）"
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
        let household_first = self.current.as_deref() != Some(household_no.as_str());
        if household_first {
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
        let (Some(name), Some(protected), Some(attribute), Some(cause), Some(status)) =
            (name, protected, attribute, cause, status)
        else {
            return None;
        };
        Some(FileRow {
            household_no,
            household_first,
            name: name.as_str().to_owned(),
            protected,
            relation,
            attribute,
            cause,
            status,
            exit_year,
            village,
        })
    }
}
