//! Writing the rebuild's rows straight from the aggregation, without building `Vec<Vec<Value>>`
//! for a whole table: on SQLite one multi-row `INSERT` per chunk, its arguments encoded as the
//! chunk is filled (interned text is bound by reference count, not copied) while the worker
//! thread runs the previous chunk; on PostgreSQL one `COPY … FROM STDIN` fed 64 KiB at a time.

use std::fmt::Write as _;
use std::sync::Arc;

use sqlx::sqlite::SqliteArguments;
use sqlx::{Arguments, AssertSqlSafe};

use crate::bulk::BulkTable;
use crate::db::Tx;
use crate::error::StoreError;

/// SQLite allows at most 32,766 bound parameters per statement.
const SQLITE_MAX_PARAMS: usize = 32_766;
/// Rows per SQLite statement, as in `crate::bulk`: larger statements stop paying off.
const SQLITE_MAX_ROWS: usize = 1024;
/// Bytes of CSV sent to PostgreSQL per message.
const COPY_CHUNK: usize = 64 * 1024;

/// Where a row's values go, in column order.
pub(super) trait Out {
    /// A TEXT value.
    fn text(&mut self, v: &Arc<str>);
    /// An INTEGER / BIGINT value.
    fn int(&mut self, v: i64);
    /// A nullable BIGINT value.
    fn opt_int(&mut self, v: Option<i64>);
}

struct SqliteOut {
    args: SqliteArguments,
    error: Option<sqlx::error::BoxDynError>,
}

impl SqliteOut {
    fn keep(&mut self, result: Result<(), sqlx::error::BoxDynError>) {
        if let Err(e) = result {
            self.error.get_or_insert(e);
        }
    }
}

impl Out for SqliteOut {
    fn text(&mut self, v: &Arc<str>) {
        let r = self.args.add(v.clone());
        self.keep(r);
    }
    fn int(&mut self, v: i64) {
        let r = self.args.add(v);
        self.keep(r);
    }
    fn opt_int(&mut self, v: Option<i64>) {
        let r = self.args.add(v);
        self.keep(r);
    }
}

/// CSV for `COPY … WITH (FORMAT csv)`: text always quoted, NULL an empty unquoted field.
struct CsvOut {
    buffer: String,
    first: bool,
}

impl CsvOut {
    fn separate(&mut self) {
        if !self.first {
            self.buffer.push(',');
        }
        self.first = false;
    }
}

impl Out for CsvOut {
    fn text(&mut self, v: &Arc<str>) {
        self.separate();
        self.buffer.push('"');
        for part in v.split_inclusive('"') {
            self.buffer.push_str(part);
            if part.ends_with('"') {
                self.buffer.push('"');
            }
        }
        self.buffer.push('"');
    }
    fn int(&mut self, v: i64) {
        self.separate();
        let _ = write!(self.buffer, "{v}");
    }
    fn opt_int(&mut self, v: Option<i64>) {
        match v {
            Some(v) => self.int(v),
            None => self.separate(),
        }
    }
}

/// Appends `rows` rows to `target` inside `tx`; `fill(i, out)` gives row `i`'s values in column
/// order. Rows by index rather than an iterator: an iterator of borrowing closures held across
/// the awaits made the rebuild's future impossible for rustc to prove `Send` to callers.
pub(super) async fn write(
    tx: &mut Tx,
    target: BulkTable,
    rows: usize,
    fill: impl Fn(usize, &mut dyn Out) + Send + Sync,
) -> Result<u64, StoreError> {
    if rows == 0 {
        return Ok(0);
    }
    match tx {
        Tx::Sqlite(tx) => {
            let per_statement =
                (SQLITE_MAX_PARAMS / target.columns.len().max(1)).clamp(1, SQLITE_MAX_ROWS);
            let full = insert_sql(target, per_statement);
            let encode = |start: usize| {
                let end = start.saturating_add(per_statement).min(rows);
                if start >= end {
                    return Ok(None);
                }
                let mut out = SqliteOut {
                    args: SqliteArguments::default(),
                    error: None,
                };
                for i in start..end {
                    fill(i, &mut out);
                }
                if let Some(e) = out.error {
                    return Err(StoreError::from(e));
                }
                let sql = if end - start == per_statement {
                    full.clone()
                } else {
                    insert_sql(target, end - start)
                };
                Ok(Some((sql, out.args)))
            };
            let mut written = 0;
            let mut start = 0;
            let mut next = encode(start)?;
            while let Some((sql, args)) = next.take() {
                start += per_statement;
                // The statement runs on SQLite's worker thread while this one encodes the next
                // chunk: `join` polls the statement first, which hands it to the worker.
                let statement = sqlx::query_with(AssertSqlSafe(sql), args).execute(&mut **tx);
                let (done, following) =
                    futures_util::future::join(statement, async { encode(start) }).await;
                written += done?.rows_affected();
                next = following?;
            }
            Ok(written)
        }
        Tx::Postgres(tx) => {
            let statement = format!(
                "COPY {} ({}) FROM STDIN WITH (FORMAT csv)",
                target.table,
                target.columns.join(", ")
            );
            let mut copy = tx.copy_in_raw(&statement).await?;
            let mut out = CsvOut {
                buffer: String::with_capacity(COPY_CHUNK + 1024),
                first: true,
            };
            for i in 0..rows {
                fill(i, &mut out);
                out.buffer.push('\n');
                out.first = true;
                if out.buffer.len() >= COPY_CHUNK {
                    let chunk = std::mem::replace(
                        &mut out.buffer,
                        String::with_capacity(COPY_CHUNK + 1024),
                    );
                    copy.send(chunk.into_bytes()).await?;
                }
            }
            if !out.buffer.is_empty() {
                copy.send(out.buffer.into_bytes()).await?;
            }
            Ok(copy.finish().await?)
        }
    }
}

/// `INSERT INTO t (a, b) VALUES (?, ?), (?, ?), …` for `rows` rows (SQLite). Anonymous `?`
/// placeholders: numbered ones make binding look each name up (see `crate::bulk`).
fn insert_sql(target: BulkTable, rows: usize) -> String {
    let width = target.columns.len();
    let mut sql = format!(
        "INSERT INTO {} ({}) VALUES ",
        target.table,
        target.columns.join(", ")
    );
    sql.reserve(rows * (width * 3 + 4));
    for row in 0..rows {
        sql.push_str(if row == 0 { "(" } else { ", (" });
        for col in 0..width {
            sql.push_str(if col == 0 { "?" } else { ", ?" });
        }
        sql.push(')');
    }
    sql
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_text_and_leaves_nulls_empty() {
        let mut out = CsvOut {
            buffer: String::new(),
            first: true,
        };
        out.text(&Arc::from("a \"b\", c"));
        out.opt_int(None);
        out.int(-3);
        out.opt_int(Some(4));
        assert_eq!(out.buffer, "\"a \"\"b\"\", c\",,-3,4");
    }

    #[test]
    fn insert_sql_has_one_placeholder_per_value() {
        let target = BulkTable {
            table: "t",
            columns: &["a", "b"],
        };
        assert_eq!(
            insert_sql(target, 2),
            "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)"
        );
    }
}
