//! Excel workbooks: XLSX streamed cell by cell from the first worksheet, XLS read whole (it holds
//! at most 65,536 rows).

use std::io::{BufReader, Read, Seek};
use std::ops::ControlFlow;

use calamine::{Data, DataRef, ExcelDateTime, Reader, Xls, Xlsx};
use time::{Date, Month};

use super::{Cell, ReadError, Row};

/// Cells further right than this are ignored (no import has that many columns).
const MAX_COLUMNS: usize = 256;

fn unreadable(kind: &str, err: impl std::fmt::Display) -> ReadError {
    ReadError {
        line: 0,
        message: format!(
            "无法读取 {kind} 文件：{err}（请确认文件未损坏、未加密，或在 Excel 中另存为 .xlsx 后重试）"
        ),
    }
}

/// The worksheet named `preferred` when the workbook has one, else the first.
fn pick_sheet(names: &[String], preferred: Option<&str>) -> Option<usize> {
    preferred
        .and_then(|p| names.iter().position(|n| n.trim() == p))
        .or_else(|| (!names.is_empty()).then_some(0))
}

/// Reads the first worksheet (or the one named `preferred`) of an XLSX workbook, one row at a
/// time.
pub(super) fn read_xlsx<R: Read + Seek>(
    reader: R,
    preferred: Option<&str>,
    visit: &mut dyn FnMut(Row) -> ControlFlow<()>,
) -> Result<(), ReadError> {
    let mut book: Xlsx<_> = Xlsx::new(BufReader::with_capacity(256 * 1024, reader))
        .map_err(|e| unreadable("XLSX", e))?;
    let names = book.sheet_names();
    let Some(sheet) = pick_sheet(&names, preferred).and_then(|i| names.get(i).cloned()) else {
        return Err(unreadable("XLSX", "工作簿中没有工作表"));
    };
    let mut cells = book
        .worksheet_cells_reader(&sheet)
        .map_err(|e| unreadable("XLSX", e))?;
    let mut current: Option<Row> = None;
    loop {
        let next = cells.next_cell().map_err(|err| ReadError {
            line: current.as_ref().map_or(0, |row| row.line),
            message: format!("XLSX 文件内容损坏，无法继续读取：{err}"),
        })?;
        let Some(cell) = next else { break };
        let (row, column) = cell.get_position();
        let value = from_data_ref(cell.get_value());
        if value.is_blank() || column as usize >= MAX_COLUMNS {
            continue;
        }
        let line = u64::from(row) + 1;
        if current.as_ref().is_some_and(|r| r.line != line)
            && let Some(done) = current.take()
            && visit(done).is_break()
        {
            return Ok(());
        }
        let row = current.get_or_insert_with(|| Row {
            line,
            cells: Vec::new(),
        });
        put(&mut row.cells, column as usize, value);
    }
    if let Some(done) = current {
        let _ = visit(done);
    }
    Ok(())
}

/// Reads the first worksheet (or the one named `preferred`) of an XLS (Excel 97–2003) workbook.
pub(super) fn read_xls<R: Read + Seek>(
    reader: R,
    preferred: Option<&str>,
    visit: &mut dyn FnMut(Row) -> ControlFlow<()>,
) -> Result<(), ReadError> {
    let mut book: Xls<_> = Xls::new(BufReader::new(reader)).map_err(|e| unreadable("XLS", e))?;
    let index = pick_sheet(&book.sheet_names(), preferred).unwrap_or(0);
    let range = match book.worksheet_range_at(index) {
        Some(range) => range.map_err(|e| unreadable("XLS", e))?,
        None => return Err(unreadable("XLS", "工作簿中没有工作表")),
    };
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    for (i, cells) in range.rows().enumerate() {
        let mut row = Row {
            line: u64::from(first_row) + i as u64 + 1,
            cells: Vec::new(),
        };
        for (j, data) in cells.iter().enumerate() {
            let value = from_data(data);
            let column = first_column as usize + j;
            if !value.is_blank() && column < MAX_COLUMNS {
                put(&mut row.cells, column, value);
            }
        }
        if !row.cells.is_empty() && visit(row).is_break() {
            break;
        }
    }
    Ok(())
}

fn put(cells: &mut Vec<Cell>, column: usize, value: Cell) {
    if cells.len() <= column {
        cells.resize(column + 1, Cell::Empty);
    }
    cells[column] = value;
}

fn text_cell(text: &str) -> Cell {
    if text.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(text.to_owned())
    }
}

fn from_data_ref(data: &DataRef<'_>) -> Cell {
    match data {
        DataRef::Int(n) => Cell::Number(*n as f64),
        DataRef::Float(x) => Cell::Number(*x),
        DataRef::String(s) => text_cell(s),
        DataRef::SharedString(s) => text_cell(s),
        DataRef::Bool(b) => Cell::Other(if *b { "TRUE" } else { "FALSE" }.to_owned()),
        DataRef::DateTime(dt) => date_time(dt),
        DataRef::DateTimeIso(s) => iso_date(s),
        DataRef::DurationIso(s) => Cell::Other(s.clone()),
        DataRef::Error(e) => Cell::Other(e.to_string()),
        DataRef::Empty => Cell::Empty,
    }
}

fn from_data(data: &Data) -> Cell {
    match data {
        Data::Int(n) => Cell::Number(*n as f64),
        Data::Float(x) => Cell::Number(*x),
        Data::String(s) => text_cell(s),
        Data::Bool(b) => Cell::Other(if *b { "TRUE" } else { "FALSE" }.to_owned()),
        Data::DateTime(dt) => date_time(dt),
        Data::DateTimeIso(s) => iso_date(s),
        Data::DurationIso(s) => Cell::Other(s.clone()),
        Data::Error(e) => Cell::Other(e.to_string()),
        Data::Empty => Cell::Empty,
    }
}

/// A date-formatted number: the calendar date (1900 or 1904 system, as the workbook says).
fn date_time(dt: &ExcelDateTime) -> Cell {
    if !dt.is_datetime() {
        return Cell::Number(dt.as_f64());
    }
    let (year, month, day, ..) = dt.to_ymd_hms_milli();
    Month::try_from(month)
        .ok()
        .and_then(|m| Date::from_calendar_date(i32::from(year), m, day).ok())
        .map_or(Cell::Number(dt.as_f64()), Cell::Date)
}

fn iso_date(text: &str) -> Cell {
    text.get(..10)
        .and_then(|head| super::cells::parse_date(head).ok())
        .map_or_else(|| Cell::Text(text.to_owned()), Cell::Date)
}
