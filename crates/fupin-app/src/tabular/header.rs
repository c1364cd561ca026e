//! Finding the header row of an office file: under a title row (“XX项目受益人名单”), a blank row or
//! notes, or split over two rows (a merged group cell above the real column names), within the
//! first [`SEARCH_ROWS`] rows.

use super::Row;
use super::cells::header_key;

/// How many leading non-blank rows may hold the header.
pub const SEARCH_ROWS: usize = 10;

/// A column an import looks for.
#[derive(Debug, Clone, Copy)]
pub struct ColumnSpec {
    /// The name used in reports and templates.
    pub label: &'static str,
    /// Header names accepted (compared by [`header_key`]), most specific first: when two cells
    /// match, the one matching the earlier name wins.
    pub names: &'static [&'static str],
    /// Whether the file must have the column.
    pub required: bool,
}

/// Where the header was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// How many of the searched rows belong to titles and the header (data starts after them).
    pub rows_used: usize,
    /// For each spec, the cell index of its column.
    pub columns: Vec<Option<usize>>,
}

/// Why no header was found; the `Display` names what is missing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct HeaderError {
    /// The line of the row that came closest (the first row when none matched at all).
    pub line: u64,
    /// What is missing and what the header should be.
    pub message: String,
}

/// Finds the header among the first rows of a file (pass at most [`SEARCH_ROWS`]).
pub fn find(rows: &[Row], specs: &[ColumnSpec]) -> Result<Header, HeaderError> {
    let keyed: Vec<Vec<String>> = rows
        .iter()
        .take(SEARCH_ROWS)
        .map(|row| row.cells.iter().map(|c| header_key(&c.display())).collect())
        .collect();
    let aliases: Vec<Vec<String>> = specs
        .iter()
        .map(|spec| spec.names.iter().map(|n| header_key(n)).collect())
        .collect();
    // (score, rows used, columns, line) of the best candidate; the earliest wins ties.
    let mut best: Option<(usize, usize, Vec<Option<usize>>, u64)> = None;
    for i in 0..keyed.len() {
        let mut candidates = vec![(i + 1, match_row(&[&keyed[i]], &aliases))];
        if let Some(next) = keyed.get(i + 1) {
            candidates.push((i + 2, match_row(&[&keyed[i], next], &aliases)));
        }
        for (used, columns) in candidates {
            let score = columns.iter().filter(|c| c.is_some()).count();
            if best.as_ref().is_none_or(|(s, ..)| score > *s) {
                best = Some((score, used, columns, rows[i].line));
            }
        }
    }
    let first_line = rows.first().map_or(1, |r| r.line);
    let Some((score, rows_used, columns, line)) = best.filter(|(score, ..)| *score > 0) else {
        return Err(HeaderError {
            line: first_line,
            message: format!(
                "前 {SEARCH_ROWS} 行中找不到表头：表头应包含 {}（可从页面下载模板）",
                labels(specs, |_| true)
            ),
        });
    };
    let missing = labels(specs, |(i, spec)| spec.required && columns[i].is_none());
    if !missing.is_empty() {
        return Err(HeaderError {
            line,
            message: format!(
                "表头缺少列：{missing}（找到 {score} 列；表头应包含 {}）",
                labels(specs, |_| true)
            ),
        });
    }
    Ok(Header { rows_used, columns })
}

fn labels(specs: &[ColumnSpec], keep: impl Fn((usize, &ColumnSpec)) -> bool) -> String {
    specs
        .iter()
        .enumerate()
        .filter(|&(i, spec)| keep((i, spec)))
        .map(|(_, spec)| spec.label)
        .collect::<Vec<_>>()
        .join("、")
}

/// Matches header rows (one, or two read as one: for each position the cell that is a known name)
/// against the specs' aliases.
fn match_row(rows: &[&Vec<String>], aliases: &[Vec<String>]) -> Vec<Option<usize>> {
    let width = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    let rank = |spec: usize, position: usize| -> Option<usize> {
        rows.iter()
            .filter_map(|r| r.get(position))
            .filter_map(|key| aliases[spec].iter().position(|a| a == key))
            .min()
    };
    let mut taken = vec![false; width];
    let mut columns = vec![None; aliases.len()];
    for (spec, slot) in columns.iter_mut().enumerate() {
        let found = (0..width)
            .filter(|&p| !taken[p])
            .filter_map(|p| rank(spec, p).map(|r| (r, p)))
            .min();
        if let Some((_, position)) = found {
            taken[position] = true;
            *slot = Some(position);
        }
    }
    columns
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::super::Cell;
    use super::*;

    const SPECS: &[ColumnSpec] = &[
        ColumnSpec {
            label: "姓名",
            names: &["姓名"],
            required: true,
        },
        ColumnSpec {
            label: "村",
            names: &["村代码", "村"],
            required: true,
        },
        ColumnSpec {
            label: "备注",
            names: &["备注"],
            required: false,
        },
    ];

    fn row(line: u64, cells: &[&str]) -> Row {
        Row {
            line,
            cells: cells
                .iter()
                .map(|c| {
                    if c.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text((*c).to_owned())
                    }
                })
                .collect(),
        }
    }

    #[test]
    fn a_plain_header_is_the_first_row() {
        let found = find(
            &[row(1, &["姓 名", "村"]), row(2, &["张三", "东街村"])],
            SPECS,
        )
        .unwrap();
        assert_eq!(found.rows_used, 1);
        assert_eq!(found.columns, vec![Some(0), Some(1), None]);
    }

    #[test]
    fn title_rows_above_the_header_are_skipped() {
        let rows = [
            row(1, &["XX项目受益人名单"]),
            row(3, &["序号", "*姓名", "村", "备注"]),
            row(4, &["1", "张三", "东街村", ""]),
        ];
        let found = find(&rows, SPECS).unwrap();
        assert_eq!(found.rows_used, 2);
        assert_eq!(found.columns, vec![Some(1), Some(2), Some(3)]);
    }

    #[test]
    fn a_two_row_header_is_read_as_one() {
        let rows = [
            row(1, &["姓名", "地址", "", "备注"]),
            row(2, &["", "村", "村代码", ""]),
            row(3, &["张三", "东街村", "130125100201", ""]),
        ];
        let found = find(&rows, SPECS).unwrap();
        assert_eq!(found.rows_used, 2);
        assert_eq!(
            found.columns,
            vec![Some(0), Some(2), Some(3)],
            "the code column wins"
        );
    }

    #[test]
    fn a_missing_column_is_named() {
        let err = find(&[row(1, &["姓名", "备注"])], SPECS).unwrap_err();
        assert!(err.message.contains("缺少列：村"), "{}", err.message);
        let err = find(&[row(1, &["a", "b"])], SPECS).unwrap_err();
        assert!(err.message.contains("找不到表头"), "{}", err.message);
    }
}
