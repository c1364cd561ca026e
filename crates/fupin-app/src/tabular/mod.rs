//! Reading the tabular files imports accept, row by row, as offices make them.
//!
//! - **CSV** in UTF-8, UTF-8 with BOM, or GBK/GB18030 (what Excel's “CSV” saves on a Chinese
//!   Windows): a BOM means UTF-8 (or UTF-16); otherwise the first 64 KiB decide, valid UTF-8 or
//!   else GB18030, decoded as the file streams. Comma, tab or semicolon separated.
//! - **XLSX**, streamed cell by cell from the first worksheet (never the whole sheet in memory);
//!   cells keep their Excel type, so a number typed into an ID column can be told apart from text.
//! - **XLS** (Excel 97–2003, at most 65,536 rows), read whole.
//!
//! [`read_rows`] hands each non-blank row to a visitor; [`header`] finds the header row (under
//! title rows, or a two-row header) and [`cells`] normalizes what the cells hold.

pub mod cells;
mod csv_source;
pub mod header;
pub mod template;
mod xlsx_source;

use std::io::{Read, Seek};
use std::ops::ControlFlow;

/// The kind of a tabular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma- (tab-, semicolon-) separated text.
    Csv,
    /// Excel 2007+ workbook.
    Xlsx,
    /// Excel 97–2003 workbook.
    Xls,
}

impl Format {
    /// Recognises a file by its first bytes (a ZIP archive is XLSX, an OLE compound file XLS,
    /// anything else CSV).
    pub fn sniff(head: &[u8]) -> Format {
        if head.starts_with(b"PK\x03\x04") {
            Format::Xlsx
        } else if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            Format::Xls
        } else {
            Format::Csv
        }
    }

    /// Recognises a file by its first bytes, leaving the reader where it was.
    pub fn sniff_reader<R: Read + Seek>(reader: &mut R) -> std::io::Result<Format> {
        let start = reader.stream_position()?;
        let mut head = [0_u8; 8];
        let mut filled = 0;
        while filled < head.len() {
            match reader.read(&mut head[filled..])? {
                0 => break,
                n => filled += n,
            }
        }
        reader.seek(std::io::SeekFrom::Start(start))?;
        Ok(Format::sniff(&head[..filled]))
    }

    /// Short name for reports and the audit log.
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Xlsx => "XLSX",
            Format::Xls => "XLS",
        }
    }
}

/// One cell as the file stores it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing (or only stray spaces).
    Empty,
    /// Text (every CSV cell, text cells of a workbook).
    Text(String),
    /// A spreadsheet number cell (including Excel date serials without date format).
    Number(f64),
    /// A spreadsheet cell formatted as a date: its serial day number.
    Date(time::Date),
    /// A CSV cell whose bytes are not valid in the file's encoding.
    Undecodable,
    /// Something else (boolean, error value such as `#N/A`), shown as Excel shows it.
    Other(String),
}

impl Cell {
    /// Text cell content as given, `""` for other kinds.
    pub fn text(&self) -> &str {
        match self {
            Cell::Text(text) | Cell::Other(text) => text,
            _ => "",
        }
    }

    /// Whether the cell holds nothing but stray spaces.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => cells::trim(text).is_empty(),
            _ => false,
        }
    }

    /// The cell as text, as a person reading the sheet would see it (for header matching).
    pub fn display(&self) -> String {
        match self {
            Cell::Empty | Cell::Undecodable => String::new(),
            Cell::Text(text) | Cell::Other(text) => text.clone(),
            Cell::Number(value) => cells::number_text(*value),
            Cell::Date(date) => date.to_string(),
        }
    }
}

/// One non-blank row of a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Where the user finds it: the line of a CSV file, the row number of a worksheet.
    pub line: u64,
    /// The cells, by column position (trailing empty cells may be missing).
    pub cells: Vec<Cell>,
}

impl Row {
    /// The cell at `index`, [`Cell::Empty`] past the end.
    pub fn cell(&self, index: usize) -> &Cell {
        self.cells.get(index).unwrap_or(&Cell::Empty)
    }
}

/// Why a file could not be read on (the rows before were read).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ReadError {
    /// Line or row where reading stopped (0 when the file could not be opened at all).
    pub line: u64,
    /// What is wrong, in Chinese, with what to do.
    pub message: String,
}

/// Reads `reader` as `format` and hands every non-blank row to `visit`, in file order, until the
/// file ends or `visit` breaks.
pub fn read_rows<R: Read + Seek>(
    reader: R,
    format: Format,
    visit: &mut dyn FnMut(Row) -> ControlFlow<()>,
) -> Result<(), ReadError> {
    read_rows_in(reader, format, None, visit)
}

/// Like [`read_rows`], but a workbook is read from its worksheet named `sheet` when it has one
/// (else from its first worksheet, as always for CSV).
pub fn read_rows_in<R: Read + Seek>(
    reader: R,
    format: Format,
    sheet: Option<&str>,
    visit: &mut dyn FnMut(Row) -> ControlFlow<()>,
) -> Result<(), ReadError> {
    match format {
        Format::Csv => csv_source::read(reader, visit),
        Format::Xlsx => xlsx_source::read_xlsx(reader, sheet, visit),
        Format::Xls => xlsx_source::read_xls(reader, sheet, visit),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn formats_are_sniffed_from_magic_bytes() {
        assert_eq!(Format::sniff(b"PK\x03\x04rest"), Format::Xlsx);
        assert_eq!(
            Format::sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]),
            Format::Xls
        );
        assert_eq!(Format::sniff("姓名,身份证号".as_bytes()), Format::Csv);
        assert_eq!(Format::sniff(b""), Format::Csv);
        let mut cursor = std::io::Cursor::new(b"PK\x03\x04....".to_vec());
        assert_eq!(Format::sniff_reader(&mut cursor).unwrap(), Format::Xlsx);
        assert_eq!(cursor.position(), 0);
    }
}
