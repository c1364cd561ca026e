//! A CSV row reader for the engine's files: one pass over large buffers splitting on commas and
//! line breaks, without the copies and the state machine of a general CSV parser; a line holding
//! a quote goes through the `csv` crate instead, so quoted fields still read correctly (a quoted
//! field holding a line break is not supported: the files are split into byte ranges at line
//! breaks).

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use anyhow::{Context, Result, bail};

/// Bytes read at a time.
const CHUNK: usize = 4 << 20;
/// Most fields a row may have.
pub const MAX_FIELDS: usize = 12;

/// Calls `row` with the fields of every line in the bytes `range` of `path` (no header).
pub fn for_each_row(
    path: &Path,
    range: (u64, u64),
    mut row: impl FnMut(&[&[u8]]) -> Result<()>,
) -> Result<()> {
    let mut file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    file.seek(SeekFrom::Start(range.0))?;
    let mut remaining = range.1.saturating_sub(range.0);
    let mut buf = vec![0_u8; CHUNK];
    let mut filled = 0;
    loop {
        let want = usize::try_from(remaining)
            .unwrap_or(usize::MAX)
            .min(buf.len() - filled);
        let n = file.read(&mut buf[filled..filled + want])?;
        if n == 0 && want > 0 {
            bail!("{} ended before its expected length", path.display());
        }
        filled += n;
        remaining -= n as u64;
        let last = remaining == 0;
        let consumed = rows_in(&buf[..filled], last, &mut row)?;
        if last {
            return Ok(());
        }
        buf.copy_within(consumed..filled, 0);
        filled -= consumed;
        if filled == buf.len() {
            // A line longer than the buffer: make room.
            buf.resize(buf.len() * 2, 0);
        }
    }
}

/// Hands on the rows of the complete lines in `buf` (and of the unfinished last one when `last`),
/// in one pass over the bytes; returns the bytes consumed.
fn rows_in(buf: &[u8], last: bool, row: &mut impl FnMut(&[&[u8]]) -> Result<()>) -> Result<usize> {
    let mut fields: [&[u8]; MAX_FIELDS] = [&[]; MAX_FIELDS];
    let mut count = 0;
    let mut line_start = 0;
    let mut field_start = 0;
    let mut has_quote = false;
    for (i, &b) in buf.iter().enumerate() {
        match b {
            b',' => {
                if let Some(slot) = fields.get_mut(count) {
                    *slot = &buf[field_start..i];
                }
                count += 1;
                field_start = i + 1;
            }
            b'"' => has_quote = true,
            b'\n' => {
                let line = &buf[line_start..i];
                emit(
                    line,
                    &mut fields,
                    count,
                    &buf[field_start..i],
                    has_quote,
                    row,
                )?;
                count = 0;
                line_start = i + 1;
                field_start = i + 1;
                has_quote = false;
            }
            _ => {}
        }
    }
    if last && line_start < buf.len() {
        let line = &buf[line_start..];
        emit(
            line,
            &mut fields,
            count,
            &buf[field_start..],
            has_quote,
            row,
        )?;
        return Ok(buf.len());
    }
    Ok(line_start)
}

/// Hands on one line: its first `count` fields are in `fields`, its last is `tail`.
fn emit<'a>(
    line: &'a [u8],
    fields: &mut [&'a [u8]; MAX_FIELDS],
    count: usize,
    tail: &'a [u8],
    has_quote: bool,
    row: &mut impl FnMut(&[&[u8]]) -> Result<()>,
) -> Result<()> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.is_empty() {
        return Ok(());
    }
    if has_quote {
        return quoted(line, row);
    }
    if count >= MAX_FIELDS {
        bail!("more than {MAX_FIELDS} fields in a row");
    }
    fields[count] = tail.strip_suffix(b"\r").unwrap_or(tail);
    row(&fields[..=count])
}

/// A line with quotes, through the `csv` crate.
fn quoted(line: &[u8], row: &mut impl FnMut(&[&[u8]]) -> Result<()>) -> Result<()> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(line);
    let mut record = csv::ByteRecord::new();
    if !reader.read_byte_record(&mut record)? {
        return Ok(());
    }
    let fields: Vec<&[u8]> = record.iter().collect();
    row(&fields)
}

/// A field as text, trimmed of ASCII spaces (other whitespace in names is the engine's to drop).
pub fn text(field: &[u8]) -> Result<&str> {
    Ok(std::str::from_utf8(field.trim_ascii())?)
}

/// An ASCII field trimmed of spaces, as bytes.
pub fn trimmed(field: &[u8]) -> &[u8] {
    field.trim_ascii()
}

/// A non-negative decimal integer.
pub fn number(field: &[u8]) -> Result<u64> {
    let digits = trimmed(field);
    if digits.is_empty() || digits.len() > 18 || !digits.iter().all(u8::is_ascii_digit) {
        bail!("not a number: {:?}", String::from_utf8_lossy(field));
    }
    Ok(digits.iter().fold(0, |n, &d| n * 10 + u64::from(d - b'0')))
}

/// An optional year (empty: none).
pub fn year(field: &[u8]) -> Result<Option<i32>> {
    if trimmed(field).is_empty() {
        return Ok(None);
    }
    Ok(Some(i32::try_from(number(field)?)?))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn plain_and_quoted_lines_split_alike() {
        let dir = std::env::temp_dir().join(format!("fupin-bench-lines-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.csv");
        std::fs::write(&path, "1,张伟,,2019\r\n2,\"李,娜\",x,2020\n\n3,王芳,y,").unwrap();
        let len = std::fs::metadata(&path).unwrap().len();
        let mut rows = Vec::new();
        for_each_row(&path, (0, len), |f| {
            rows.push(
                f.iter()
                    .map(|x| text(x).unwrap().to_owned())
                    .collect::<Vec<_>>(),
            );
            Ok(())
        })
        .unwrap();
        assert_eq!(rows[0], ["1", "张伟", "", "2019"]);
        assert_eq!(rows[1], ["2", "李,娜", "x", "2020"]);
        assert_eq!(rows[2], ["3", "王芳", "y", ""]);
        assert_eq!(rows.len(), 3);
        assert_eq!(number(b" 42 ").unwrap(), 42);
        assert_eq!(year(b"").unwrap(), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
