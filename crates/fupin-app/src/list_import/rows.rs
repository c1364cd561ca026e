//! Reading an assistance-list file (CSV in UTF-8 or GBK, XLSX, XLS): the header found under any
//! title rows, every row validated, the valid ones kept in a compact form (the ID number already
//! protected: hash, ciphertext, masked form).
//!
//! | column | header names accepted |
//! |---|---|
//! | name | 姓名, name |
//! | ID number | 身份证号, 身份证号码, 证件号码, id_number |
//! | village code | 村代码, 村级区划代码, 行政区划代码, village_code |
//! | status (optional; blank = 在册) | 名单状态, 状态, status |
//! | exit year (optional; required for 已退出) | 退出年度, 退出年份, 死亡年度, exit_year |

use std::collections::HashSet;
use std::io::{Read, Seek};
use std::ops::ControlFlow;

use fupin_domain::{ListStatus, PersonName};

use crate::import_report::ImportReport;
use crate::pii::{PiiKeys, ProtectedId};
use crate::roster_import::columns::check_id;
use crate::tabular::cells::{number_text, trim};
use crate::tabular::header::{self, ColumnSpec};
use crate::tabular::{self, Cell, Format, Row};

/// The columns, in [`SPECS`] order.
#[derive(Debug, Clone, Copy)]
enum Column {
    Name,
    IdNumber,
    Village,
    Status,
    ExitYear,
}

/// What the header may call each column.
const SPECS: [ColumnSpec; 5] = [
    ColumnSpec {
        label: "姓名",
        names: &["姓名", "name"],
        required: true,
    },
    ColumnSpec {
        label: "身份证号",
        names: &[
            "身份证号",
            "身份证号码",
            "证件号码",
            "身份证件号码",
            "id_number",
        ],
        required: true,
    },
    ColumnSpec {
        label: "村代码",
        names: &["村代码", "村级区划代码", "行政区划代码", "village_code"],
        required: true,
    },
    ColumnSpec {
        label: "名单状态",
        names: &["名单状态", "状态", "status"],
        required: false,
    },
    ColumnSpec {
        label: "退出年度",
        names: &["退出年度", "退出年份", "死亡年度", "exit_year"],
        required: false,
    },
];

impl Column {
    fn label(self) -> &'static str {
        SPECS[self as usize].label
    }
}

/// One valid row of a list file.
#[derive(Debug)]
pub(crate) struct ListRow {
    /// Where it is in the file.
    pub line: u64,
    /// The name.
    pub name: String,
    /// The ID number, protected (its hash is always set: the number validated).
    pub protected: ProtectedId,
    /// The 12-digit village code.
    pub village: String,
    /// Standing on the list.
    pub status: ListStatus,
    /// Year the person left the list or died.
    pub exit_year: Option<i32>,
}

/// What the rows are checked against.
pub(crate) struct Checks<'a> {
    /// The importing office's region (`""`: everywhere).
    pub region: &'a str,
    /// County codes that exist.
    pub counties: &'a HashSet<String>,
    /// The import's effective year: no exit may lie after it.
    pub effective_year: i32,
    /// The keys protecting ID numbers.
    pub pii: &'a PiiKeys,
}

/// Reads every row; the report holds every problem (the rows are only meaningful without any).
pub(crate) fn read<R: Read + Seek>(
    mut reader: R,
    file_name: &str,
    checks: &Checks<'_>,
) -> (Vec<ListRow>, ImportReport) {
    let mut report = ImportReport::new(file_name);
    let format = match Format::sniff_reader(&mut reader) {
        Ok(format) => format,
        Err(err) => {
            report.add(0, None, format!("无法读取文件：{err}"));
            return (Vec::new(), report);
        }
    };
    let mut pending: Vec<Row> = Vec::new();
    let mut columns: Option<Vec<Option<usize>>> = None;
    let mut rows = Vec::new();
    let mut seen = HashSet::new();
    let mut data_rows = 0_u64;
    let mut take = |row: &Row, index: &[Option<usize>], report: &mut ImportReport| {
        data_rows += 1;
        if let Some(valid) = check_row(row, index, checks, report)
            && seen_first(&mut seen, &valid, report)
        {
            rows.push(valid);
        }
    };
    let read = tabular::read_rows(reader, format, &mut |row| {
        if let Some(index) = &columns {
            take(&row, index, &mut report);
            return ControlFlow::Continue(());
        }
        pending.push(row);
        if pending.len() < header::SEARCH_ROWS {
            return ControlFlow::Continue(());
        }
        match header_of(&mut pending, &mut report) {
            Some(index) => {
                for row in pending.drain(..) {
                    take(&row, &index, &mut report);
                }
                columns = Some(index);
                ControlFlow::Continue(())
            }
            None => ControlFlow::Break(()),
        }
    });
    if let Err(err) = read {
        report.add(err.line, None, err.message);
    }
    if columns.is_none() && !report.has_problems() {
        if pending.is_empty() {
            report.add(1, None, "文件是空的：没有表头，也没有数据行");
        } else if let Some(index) = header_of(&mut pending, &mut report) {
            for row in pending.drain(..) {
                take(&row, &index, &mut report);
            }
        }
    }
    if data_rows == 0 && !report.has_problems() {
        report.add(1, None, "文件只有表头，没有数据行");
    }
    (rows, report)
}

/// Finds the header among the first rows and drops the rows it used.
fn header_of(pending: &mut Vec<Row>, report: &mut ImportReport) -> Option<Vec<Option<usize>>> {
    match header::find(pending, &SPECS) {
        Ok(found) => {
            pending.drain(..found.rows_used);
            Some(found.columns)
        }
        Err(err) => {
            report.add(err.line, None, err.message);
            None
        }
    }
}

/// Whether the row's person is the first of that ID number in the file.
fn seen_first(seen: &mut HashSet<Vec<u8>>, row: &ListRow, report: &mut ImportReport) -> bool {
    let hash = row.protected.hash.clone().unwrap_or_default();
    if seen.insert(hash) {
        return true;
    }
    report.add(
        row.line,
        Some(Column::IdNumber.label()),
        "身份证号在文件中重复出现：同一人在一份名单中只能有一行",
    );
    false
}

/// Checks one data row; every problem goes to the report.
fn check_row(
    row: &Row,
    index: &[Option<usize>],
    checks: &Checks<'_>,
    report: &mut ImportReport,
) -> Option<ListRow> {
    let before = report.total;
    let line = row.line;
    let cell = |column: Column| -> &Cell {
        index
            .get(column as usize)
            .copied()
            .flatten()
            .map_or(&Cell::Empty, |i| row.cell(i))
    };
    let mut bad = |column: Column, message: String| report.add(line, Some(column.label()), message);
    let text = |c: &Cell| match c {
        Cell::Number(x) => number_text(*x),
        Cell::Date(d) => d.to_string(),
        other => trim(other.text()).to_owned(),
    };
    let name = PersonName::parse(&text(cell(Column::Name)))
        .map_err(|e| bad(Column::Name, e.to_string()))
        .ok();
    let (id, _) = check_id(cell(Column::IdNumber), &mut |m| bad(Column::IdNumber, m));
    let village = text(cell(Column::Village));
    if village.len() != 12 || !village.bytes().all(|b| b.is_ascii_digit()) {
        bad(
            Column::Village,
            format!("村代码应为 12 位村级区划代码，实际为“{village}”"),
        );
    } else if !village.starts_with(checks.region) {
        bad(
            Column::Village,
            format!("村 {village} 不在本单位辖区（{}）内", checks.region),
        );
    } else if !checks.counties.contains(&village[..6]) {
        bad(
            Column::Village,
            format!("区划代码 {village} 的县级代码 {} 不存在", &village[..6]),
        );
    }
    let status_text = text(cell(Column::Status));
    let status = if status_text.is_empty() {
        Some(ListStatus::Active)
    } else {
        ListStatus::parse_label(&status_text).or_else(|| {
            bad(
                Column::Status,
                format!("“{status_text}”不是名单状态（在册/已退出/已死亡，空白视为在册）"),
            );
            None
        })
    };
    let year_text = text(cell(Column::ExitYear));
    let exit_year = match year_text.as_str() {
        "" => None,
        t => match t.parse::<i32>() {
            Ok(year) if (2013..=checks.effective_year).contains(&year) => Some(year),
            _ => {
                bad(
                    Column::ExitYear,
                    format!(
                        "退出年度应为 2013–{} 的年份（不晚于生效日期），实际为“{t}”",
                        checks.effective_year
                    ),
                );
                None
            }
        },
    };
    match (status, exit_year, year_text.is_empty()) {
        (Some(ListStatus::Exited), None, true) => {
            bad(
                Column::ExitYear,
                "名单状态为已退出时必须填写退出年度".into(),
            );
        }
        (Some(ListStatus::Active), _, false) => bad(
            Column::ExitYear,
            "名单状态为在册时不应填写退出年度：已退出的请把名单状态改为已退出".into(),
        ),
        _ => {}
    }
    if report.total > before {
        return None;
    }
    Some(ListRow {
        line,
        name: name?.as_str().to_owned(),
        protected: checks.pii.protect(&id?),
        village,
        status: status?,
        exit_year,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn every_column_has_its_spec() {
        let columns = [
            Column::Name,
            Column::IdNumber,
            Column::Village,
            Column::Status,
            Column::ExitYear,
        ];
        for (i, column) in columns.iter().enumerate() {
            assert_eq!(*column as usize, i);
            assert!(!column.label().is_empty());
        }
    }
}
