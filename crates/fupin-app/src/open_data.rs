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
        let mut out = Vec::from(*b"\xEF\xBB\xBF");
        {
            let mut writer = csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(&mut out);
            let io = |e: csv::Error| AppError::Invalid(format!("CSV 写入失败：{e}"));
            writer
                .write_record(self.headers.iter().map(|h| neutralize(h)))
                .map_err(io)?;
            for row in &self.rows {
                writer
                    .write_record(row.iter().map(|c| match c {
                        Cell::Text(t) => neutralize(t),
                        Cell::Int(n) => n.to_string(),
                    }))
                    .map_err(io)?;
            }
            writer
                .flush()
                .map_err(|e| AppError::Invalid(format!("CSV 写入失败：{e}")))?;
        }
        Ok(out)
    }

    /// The table as an .xlsx workbook with one sheet (bold, frozen header row). Text is written
    /// as text, never as a formula.
    pub fn to_xlsx(&self) -> Result<Vec<u8>, AppError> {
        use rust_xlsxwriter::{Format, Workbook};
        let fail =
            |e: rust_xlsxwriter::XlsxError| AppError::Invalid(format!("Excel 写入失败：{e}"));
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        let name: String = self
            .name
            .chars()
            .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
            .take(31)
            .collect();
        if !name.is_empty() {
            sheet.set_name(name).map_err(fail)?;
        }
        let bold = Format::new().set_bold();
        for (col, header) in self.headers.iter().enumerate() {
            let col = u16::try_from(col).map_err(|_| AppError::Invalid("列数过多".to_owned()))?;
            sheet
                .write_string_with_format(0, col, header, &bold)
                .map_err(fail)?;
        }
        for (r, row) in self.rows.iter().enumerate() {
            let r = u32::try_from(r + 1).map_err(|_| AppError::Invalid("行数过多".to_owned()))?;
            for (col, cell) in row.iter().enumerate() {
                let col =
                    u16::try_from(col).map_err(|_| AppError::Invalid("列数过多".to_owned()))?;
                match cell {
                    Cell::Text(t) => sheet.write_string(r, col, t).map_err(fail)?,
                    // Exact up to 2^53 fen (¥90 trillion); beyond that, as text.
                    Cell::Int(n) if n.unsigned_abs() < (1 << 53) => {
                        sheet.write_number(r, col, *n as f64).map_err(fail)?
                    }
                    Cell::Int(n) => sheet.write_string(r, col, n.to_string()).map_err(fail)?,
                };
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(fail)?;
        workbook.save_to_buffer().map_err(fail)
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
