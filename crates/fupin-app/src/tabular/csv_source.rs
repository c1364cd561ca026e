//! CSV files in the encodings Chinese offices save: UTF-8 (with or without BOM), GBK/GB18030,
//! and UTF-16 with BOM (Excel's “Unicode text”), decoded as the file streams.

use std::io::{Cursor, Read};
use std::ops::ControlFlow;

use encoding_rs::GB18030;
use encoding_rs_io::DecodeReaderBytesBuilder;

use super::{Cell, ReadError, Row};

/// How many leading bytes decide the encoding and the separator.
const HEAD: u64 = 64 * 1024;

/// The encoding a CSV file was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Encoding {
    /// UTF-8 (a BOM, if any, is skipped).
    Utf8 {
        /// Whether the file starts with a BOM.
        bom: bool,
    },
    /// UTF-16 with a BOM.
    Utf16,
    /// GB18030 (a superset of GBK and GB2312).
    Gb18030,
}

/// Recognises the encoding from the first bytes: a BOM decides; otherwise valid UTF-8 (allowing a
/// character cut at the end of `head`) is UTF-8, anything else GB18030.
pub(super) fn detect(head: &[u8]) -> Encoding {
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Encoding::Utf8 { bom: true };
    }
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Encoding::Utf16;
    }
    match std::str::from_utf8(head) {
        Ok(_) => Encoding::Utf8 { bom: false },
        Err(err) if err.error_len().is_none() => Encoding::Utf8 { bom: false },
        Err(_) => Encoding::Gb18030,
    }
}

/// The separator of the first line: the most frequent of comma, tab and semicolon outside quotes
/// (comma when none occurs).
fn sniff_delimiter(head: &[u8]) -> u8 {
    let mut counts = [0_usize; 3];
    let mut quoted = false;
    for &b in head {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b'\t' if !quoted => counts[1] += 1,
            b';' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        [b',', b'\t', b';'][best]
    }
}

/// Reads CSV rows from `reader`.
pub(super) fn read<R: Read>(
    mut reader: R,
    visit: &mut dyn FnMut(Row) -> ControlFlow<()>,
) -> Result<(), ReadError> {
    let mut head = Vec::with_capacity(HEAD as usize);
    (&mut reader)
        .take(HEAD)
        .read_to_end(&mut head)
        .map_err(|err| ReadError {
            line: 0,
            message: format!("无法读取文件：{err}"),
        })?;
    let encoding = detect(&head);
    let rest = Cursor::new(head).chain(reader);
    match encoding {
        Encoding::Utf8 { bom } => {
            let mut rest = rest;
            if bom {
                let mut skipped = [0_u8; 3];
                rest.read_exact(&mut skipped).map_err(|err| ReadError {
                    line: 0,
                    message: format!("无法读取文件：{err}"),
                })?;
            }
            records(rest, encoding, visit)
        }
        Encoding::Utf16 => {
            let decoded = DecodeReaderBytesBuilder::new().build(rest);
            records(decoded, encoding, visit)
        }
        Encoding::Gb18030 => {
            let decoded = DecodeReaderBytesBuilder::new()
                .encoding(Some(GB18030))
                .build(rest);
            records(decoded, encoding, visit)
        }
    }
}

/// Reads records from a stream of UTF-8 bytes (decoded, or UTF-8 as found).
fn records<R: Read>(
    reader: R,
    encoding: Encoding,
    visit: &mut dyn FnMut(Row) -> ControlFlow<()>,
) -> Result<(), ReadError> {
    let mut reader = std::io::BufReader::with_capacity(256 * 1024, reader);
    let delimiter = {
        let buffer = std::io::BufRead::fill_buf(&mut reader).map_err(|err| ReadError {
            line: 0,
            message: format!("无法读取文件：{err}"),
        })?;
        sniff_delimiter(buffer)
    };
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(reader);
    let mut record = csv::ByteRecord::new();
    let mut line = 0_u64;
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {}
            Err(err) => {
                let at = err.position().map_or(line + 1, csv::Position::line);
                return Err(ReadError {
                    line: at,
                    message: format!("CSV 格式错误，无法继续读取：{err}（请检查引号是否成对）"),
                });
            }
        }
        line = record.position().map_or(line + 1, csv::Position::line);
        let cells: Vec<Cell> = record.iter().map(|bytes| cell(bytes, encoding)).collect();
        if cells.iter().all(Cell::is_blank) {
            continue;
        }
        if visit(Row { line, cells }).is_break() {
            return Ok(());
        }
    }
}

fn cell(bytes: &[u8], encoding: Encoding) -> Cell {
    if bytes.is_empty() {
        return Cell::Empty;
    }
    match std::str::from_utf8(bytes) {
        // A decoder marks bytes it could not decode with U+FFFD.
        Ok(text) if matches!(encoding, Encoding::Utf8 { .. }) || !text.contains('\u{FFFD}') => {
            Cell::Text(text.to_owned())
        }
        _ => Cell::Undecodable,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    fn rows(bytes: &[u8]) -> Vec<Row> {
        let mut out = Vec::new();
        read(Cursor::new(bytes.to_vec()), &mut |row| {
            out.push(row);
            ControlFlow::Continue(())
        })
        .unwrap();
        out
    }

    #[test]
    fn encodings_are_recognised() {
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名,村\n张三,东街村\n");
        assert_eq!(detect(&gbk), Encoding::Gb18030);
        assert_eq!(detect("姓名".as_bytes()), Encoding::Utf8 { bom: false });
        assert_eq!(
            detect(b"\xEF\xBB\xBF\xE5\xA7\x93"),
            Encoding::Utf8 { bom: true }
        );
        // A character cut at the end of the head is still UTF-8.
        assert_eq!(
            detect(&"姓名".as_bytes()[..4]),
            Encoding::Utf8 { bom: false }
        );
        assert_eq!(detect(b"\xFF\xFEa\x00"), Encoding::Utf16);
    }

    #[test]
    fn gbk_bom_and_utf16_files_read_the_same() {
        let text = "姓名,村\n张三,东街村\n\n,\n李四,\"西,街\"\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in text.replace(',', "\t").encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        let plain = rows(text.as_bytes());
        assert_eq!(plain.len(), 3, "blank rows are skipped");
        assert_eq!(plain[2].line, 5);
        assert_eq!(plain[2].cells[1], Cell::Text("西,街".into()));
        assert_eq!(rows(&gbk), plain);
        assert_eq!(rows(&bom), plain);
        assert_eq!(rows(&utf16)[1].cells, plain[1].cells);
    }

    #[test]
    fn stray_invalid_bytes_in_a_utf8_file_are_marked() {
        let rows = rows(b"\xE5\xA7\x93\xE5\x90\x8D,b\nok,\xC3\x28\n");
        assert_eq!(rows[1].cells[1], Cell::Undecodable);
    }

    #[test]
    fn separators_are_sniffed() {
        assert_eq!(sniff_delimiter(b"a\tb\tc\n1,2"), b'\t');
        assert_eq!(sniff_delimiter(b"a;b;c"), b';');
        assert_eq!(sniff_delimiter(b"\"a,b\";c"), b';');
        assert_eq!(sniff_delimiter(b"abc"), b',');
    }
}
