//! The report an all-or-nothing import gives when it refuses a file: every problem, by row and
//! column, in Chinese.

use std::fmt;

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file has problems; the report names each.
    #[error("{0}")]
    Rejected(ImportReport),
    /// The actor may not import here, or storage failed.
    #[error(transparent)]
    App(#[from] crate::AppError),
}

/// One problem in an imported file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// Line number in the file (the header is line 1).
    pub row: u64,
    /// Column name as in the header, when the problem concerns one cell.
    pub column: Option<String>,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// Why a file was refused. Nothing of it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    /// File name as given.
    pub file: String,
    /// Problems, in file order (at most [`ImportReport::LISTED`] are kept).
    pub problems: Vec<RowProblem>,
    /// Total number of problems found.
    pub total: u64,
}

impl ImportReport {
    /// How many problems a report lists; the rest are counted.
    pub const LISTED: usize = 1000;

    /// An empty report for `file`.
    pub fn new(file: &str) -> ImportReport {
        ImportReport {
            file: file.to_owned(),
            problems: Vec::new(),
            total: 0,
        }
    }

    /// Records a problem.
    pub fn add(&mut self, row: u64, column: Option<&str>, message: impl Into<String>) {
        self.total += 1;
        if self.problems.len() < Self::LISTED {
            self.problems.push(RowProblem {
                row,
                column: column.map(str::to_owned),
                message: message.into(),
            });
        }
    }

    /// Whether any problem was found.
    pub fn has_problems(&self) -> bool {
        self.total > 0
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "文件 {} 未导入，发现 {} 处问题（整个文件未写入任何数据）：",
            self.file, self.total
        )?;
        for p in &self.problems {
            match &p.column {
                Some(column) => writeln!(f, "  第 {} 行，“{}”列：{}", p.row, column, p.message)?,
                None => writeln!(f, "  第 {} 行：{}", p.row, p.message)?,
            }
        }
        if self.total > self.problems.len() as u64 {
            writeln!(
                f,
                "  …… 另有 {} 处问题未列出",
                self.total - self.problems.len() as u64
            )?;
        }
        Ok(())
    }
}
