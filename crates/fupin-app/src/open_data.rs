//! Open-data files of the public lists: CSV (UTF-8 with BOM, so Excel opens it as Chinese; every
//! cell that a spreadsheet would read as a formula is neutralized with a leading `'`) and Excel
//! (.xlsx, written by rust_xlsxwriter, pure Rust). Money is exact: fen as an integer column and the
//! yuan amount as text with two decimals, never a float.

use crate::AppError;

/// One cell of a public table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// An integer (ids, counts, fen).
    Int(i64),
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_owned())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Self {
        Cell::Int(n)
    }
}

/// A list as a table: a sheet name, headers and rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// Sheet name (at most 31 characters are used).
    pub name: String,
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows, one cell per header.
    pub rows: Vec<Vec<Cell>>,
}

/// Text a spreadsheet would evaluate (`=`, `+`, `-`, `@`, and tab or carriage return first)
/// gets a leading `'`.
pub fn neutralize(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

/// Yuan with two decimals from fen, e.g. `123456` → `1234.56`.
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

impl Table {
    /// The table as CSV: UTF-8 with a BOM, CRLF line ends, formulas neutralized.
    pub fn to_csv(&self) -> Result<Vec<u8>, AppError> {
        self.write(FileFormat::Csv)
    }

    /// The table as an .xlsx workbook with one sheet (bold, frozen header row). Text is written
    /// as text, never as a formula.
    pub fn to_xlsx(&self) -> Result<Vec<u8>, AppError> {
        self.write(FileFormat::Xlsx)
    }

    fn write(&self, format: FileFormat) -> Result<Vec<u8>, AppError> {
        let mut writer = TableWriter::new(format, &self.name, &self.headers)?;
        for row in &self.rows {
            writer.write_row(row)?;
        }
        writer.finish()
    }
}

/// The file formats a table is downloaded in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// CSV, UTF-8 with a BOM.
    Csv,
    /// Excel (.xlsx).
    Xlsx,
}

impl FileFormat {
    /// `csv` or `xlsx` (case and surrounding spaces ignored); anything else is refused.
    pub fn parse(text: &str) -> Result<FileFormat, AppError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(FileFormat::Csv),
            "xlsx" => Ok(FileFormat::Xlsx),
            "" => Err(AppError::Invalid("请选择导出格式：csv 或 xlsx".to_owned())),
            _ => Err(AppError::Invalid(format!(
                "导出格式“{}”无效，只能是 csv 或 xlsx",
                text.trim().chars().take(20).collect::<String>()
            ))),
        }
    }

    /// The file name extension (and the stored code): `csv` or `xlsx`.
    pub fn extension(self) -> &'static str {
        match self {
            FileFormat::Csv => "csv",
            FileFormat::Xlsx => "xlsx",
        }
    }

    /// The media type of the file.
    pub fn content_type(self) -> &'static str {
        match self {
            FileFormat::Csv => "text/csv; charset=utf-8",
            FileFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// Excel's last row index (1,048,576 rows, the header included).
const XLSX_MAX_ROW: u32 = 1_048_575;

enum Sink {
    Csv(Box<csv::Writer<Vec<u8>>>),
    Xlsx {
        workbook: Box<rust_xlsxwriter::Workbook>,
        sheet: Box<rust_xlsxwriter::Worksheet>,
    },
}

/// A table written row by row, so a long list never has to be held as rows: CSV goes straight
/// into the file's bytes, Excel through rust_xlsxwriter's constant-memory worksheet (rows are
/// flushed to a temporary file as they are finished). Both neutralize formulas exactly like
/// [`Table::to_csv`] and [`Table::to_xlsx`], which use it.
pub struct TableWriter {
    sink: Sink,
    rows: u64,
}

impl std::fmt::Debug for TableWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.sink {
            Sink::Csv(_) => "csv",
            Sink::Xlsx { .. } => "xlsx",
        };
        f.debug_struct("TableWriter")
            .field("format", &kind)
            .field("rows", &self.rows)
            .finish()
    }
}

fn csv_failed(e: impl std::fmt::Display) -> AppError {
    AppError::Invalid(format!("CSV 写入失败：{e}"))
}

fn xlsx_failed(e: rust_xlsxwriter::XlsxError) -> AppError {
    AppError::Invalid(format!("Excel 写入失败：{e}"))
}

fn column(index: usize) -> Result<u16, AppError> {
    u16::try_from(index).map_err(|_| AppError::Invalid("列数过多".to_owned()))
}

impl TableWriter {
    /// A new file in `format` with a sheet named `name` (Excel: at most 31 characters, without
    /// the characters Excel forbids) and a header row.
    pub fn new(
        format: FileFormat,
        name: &str,
        headers: &[impl AsRef<str>],
    ) -> Result<TableWriter, AppError> {
        let sink = match format {
            FileFormat::Csv => {
                let mut writer = csv::WriterBuilder::new()
                    .terminator(csv::Terminator::CRLF)
                    .from_writer(Vec::from(*b"\xEF\xBB\xBF"));
                writer
                    .write_record(headers.iter().map(|h| neutralize(h.as_ref())))
                    .map_err(csv_failed)?;
                Sink::Csv(Box::new(writer))
            }
            FileFormat::Xlsx => {
                use rust_xlsxwriter::{Format, Workbook};
                let mut workbook = Workbook::new();
                let mut sheet = workbook
                    .new_worksheet_with_constant_memory()
                    .map_err(xlsx_failed)?;
                let name: String = name
                    .chars()
                    .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
                    .take(31)
                    .collect();
                if !name.is_empty() {
                    sheet.set_name(name).map_err(xlsx_failed)?;
                }
                sheet.set_freeze_panes(1, 0).map_err(xlsx_failed)?;
                let bold = Format::new().set_bold();
                for (col, header) in headers.iter().enumerate() {
                    sheet
                        .write_string_with_format(0, column(col)?, header.as_ref(), &bold)
                        .map_err(xlsx_failed)?;
                }
                Sink::Xlsx {
                    workbook: Box::new(workbook),
                    sheet: Box::new(sheet),
                }
            }
        };
        Ok(TableWriter { sink, rows: 0 })
    }

    /// Appends a row (one cell per header).
    pub fn write_row(&mut self, row: &[Cell]) -> Result<(), AppError> {
        match &mut self.sink {
            Sink::Csv(writer) => writer
                .write_record(row.iter().map(|c| match c {
                    Cell::Text(t) => neutralize(t),
                    Cell::Int(n) => n.to_string(),
                }))
                .map_err(csv_failed)?,
            Sink::Xlsx { sheet, .. } => {
                let r = u32::try_from(self.rows + 1).unwrap_or(u32::MAX);
                if r > XLSX_MAX_ROW {
                    return Err(AppError::Invalid(
                        "超过 Excel 的行数上限（1,048,575 行），请导出 CSV 或缩小查询范围"
                            .to_owned(),
                    ));
                }
                for (col, cell) in row.iter().enumerate() {
                    let col = column(col)?;
                    match cell {
                        Cell::Text(t) => sheet.write_string(r, col, t).map_err(xlsx_failed)?,
                        // Exact up to 2^53 fen (¥90 trillion); beyond that, as text.
                        Cell::Int(n) if n.unsigned_abs() < (1 << 53) => {
                            sheet.write_number(r, col, *n as f64).map_err(xlsx_failed)?
                        }
                        Cell::Int(n) => sheet
                            .write_string(r, col, n.to_string())
                            .map_err(xlsx_failed)?,
                    };
                }
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// Rows written so far (the header not counted).
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// The finished file.
    pub fn finish(self) -> Result<Vec<u8>, AppError> {
        match self.sink {
            Sink::Csv(writer) => (*writer).into_inner().map_err(csv_failed),
            Sink::Xlsx {
                mut workbook,
                sheet,
            } => {
                workbook.push_worksheet(*sheet);
                workbook.save_to_buffer().map_err(xlsx_failed)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn csv_has_a_bom_and_no_formulas() {
        let table = Table {
            name: "活动".into(),
            headers: vec!["名称".into(), "金额（分）".into()],
            rows: vec![
                vec!["=HYPERLINK(\"x\")".into(), 5.into()],
                vec!["-2+3".into(), (-1).into()],
                vec!["@SUM(A1)".into(), 0.into()],
                vec!["普通, \"引号\"".into(), 1.into()],
            ],
        };
        let bytes = table.to_csv().unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert!(text.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{text}");
        assert!(text.contains("'-2+3,-1"));
        assert!(text.contains("'@SUM(A1)"));
        assert!(text.contains("\"普通, \"\"引号\"\"\",1"));
        let xlsx = table.to_xlsx().unwrap();
        assert!(xlsx.starts_with(b"PK"));
        assert_eq!(yuan(123_456), "1234.56");
        assert_eq!(yuan(5), "0.05");
    }
}
