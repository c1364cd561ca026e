//! Downloadable import templates, written the same way for every import: a CSV (UTF-8 with BOM,
//! so Excel opens it in Chinese) and an XLSX with a bold header, an example row, text-formatted
//! columns (so Excel keeps ID numbers, codes and dates as typed) and a “填写说明” sheet.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// What a template holds.
#[derive(Debug, Clone, Copy)]
pub struct TemplateSpec<'a> {
    /// Name of the data sheet.
    pub sheet: &'a str,
    /// Header labels.
    pub header: &'a [&'a str],
    /// One example row, as long as the header.
    pub example: &'a [&'a str],
    /// Columns formatted as text (0-based); the example row is always written as text.
    pub text_columns: &'a [u16],
    /// Wide columns (0-based), for codes and names.
    pub wide_columns: &'a [u16],
    /// Lines of the “填写说明” sheet.
    pub notes: &'a [String],
}

/// The CSV template: header row and example row, UTF-8 with BOM, CRLF.
pub fn csv(spec: &TemplateSpec<'_>) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    for row in [spec.header, spec.example] {
        out.extend_from_slice(row.join(",").as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// The XLSX template.
pub fn xlsx(spec: &TemplateSpec<'_>) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let sheet = book.add_worksheet().set_name(spec.sheet)?;
    for (col, label) in (0_u16..).zip(spec.header) {
        sheet.write_string_with_format(0, col, *label, &bold)?;
        let width = if spec.wide_columns.contains(&col) {
            24
        } else {
            14
        };
        sheet.set_column_width(col, width)?;
        if spec.text_columns.contains(&col) {
            sheet.set_column_format(col, &text)?;
        }
    }
    for (col, value) in (0_u16..).zip(spec.example) {
        sheet.write_string_with_format(1, col, *value, &text)?;
    }
    let notes = book.add_worksheet().set_name("填写说明")?;
    for (row, line) in (0_u32..).zip(spec.notes) {
        notes.write_string(row, 0, line)?;
    }
    book.save_to_buffer()
}
