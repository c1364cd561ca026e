//! Bulk loading: `COPY … FROM STDIN` on PostgreSQL, multi-row prepared `INSERT`s on SQLite.
//!
//! Used by reference data, the registry and roster imports and the demo generator. Rows are written
//! inside the caller's transaction, so a load is all or nothing.

use std::fmt::Write as _;

use sqlx::AssertSqlSafe;
use time::format_description::well_known::Rfc3339;

use crate::db::{Tx, Value};
use crate::error::StoreError;

/// SQLite allows at most 32,766 bound parameters per statement.
const SQLITE_MAX_PARAMS: usize = 32_766;
/// Rows per SQLite statement; larger statements stop paying off well before the parameter limit.
const SQLITE_MAX_ROWS: usize = 1024;

/// A table and the columns a bulk load fills, in the order of each row's values.
#[derive(Debug, Clone, Copy)]
pub struct BulkTable {
    /// Table name (a constant, never user input).
    pub table: &'static str,
    /// Column names (constants, never user input).
    pub columns: &'static [&'static str],
}

impl Tx {
    /// Appends `rows` to `target` inside this transaction; every row has one value per column.
    ///
    /// On PostgreSQL each call is one `COPY`, which costs about 40 ms over TCP whatever its size:
    /// sqlx leaves Nagle's algorithm on, so the closing `CopyDone` waits for the server's delayed
    /// acknowledgement of the data. Loaders there should make few large calls (the demo generator
    /// writes 50,000 rows a call; at 5,000 the wait was most of its time).
    pub async fn bulk_insert(
        &mut self,
        target: BulkTable,
        rows: Vec<Vec<Value>>,
    ) -> Result<u64, StoreError> {
        if rows.is_empty() {
            return Ok(0);
        }
        if let Some(bad) = rows.iter().find(|r| r.len() != target.columns.len()) {
            return Err(StoreError::Corrupt(format!(
                "{}: 每行应有 {} 个值，实际 {} 个",
                target.table,
                target.columns.len(),
                bad.len()
            )));
        }
        match self {
            Tx::Sqlite(tx) => {
                let per_statement =
                    (SQLITE_MAX_PARAMS / target.columns.len()).clamp(1, SQLITE_MAX_ROWS);
                let mut written = 0;
                let mut rows = rows.into_iter().peekable();
                while rows.peek().is_some() {
                    let chunk: Vec<Vec<Value>> = rows.by_ref().take(per_statement).collect();
                    let sql = insert_sql(target, chunk.len());
                    let args = crate::db::arguments::<sqlx::Sqlite>(chunk.into_iter().flatten());
                    written += sqlx::query_with(AssertSqlSafe(sql), args?)
                        .execute(&mut **tx)
                        .await?
                        .rows_affected();
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
                let mut buffer = String::with_capacity(64 * 1024);
                for row in &rows {
                    write_csv_row(&mut buffer, row);
                    if buffer.len() >= 60 * 1024 {
                        copy.send(std::mem::take(&mut buffer).into_bytes()).await?;
                    }
                }
                if !buffer.is_empty() {
                    copy.send(buffer.into_bytes()).await?;
                }
                Ok(copy.finish().await?)
            }
        }
    }
}

/// `INSERT INTO t (a, b) VALUES (?, ?), (?, ?), …` for `rows` rows (SQLite only). Anonymous `?`
/// placeholders: with numbered `$n` ones, binding looks each name up in a list, which made a
/// 2,000-parameter statement spend most of its time in `sqlite3_bind_parameter_name`.
fn insert_sql(target: BulkTable, rows: usize) -> String {
    let width = target.columns.len();
    let mut sql = format!(
        "INSERT INTO {} ({}) VALUES ",
        target.table,
        target.columns.join(", ")
    );
    for row in 0..rows {
        sql.push_str(if row == 0 { "(" } else { ", (" });
        for col in 0..width {
            if col > 0 {
                sql.push_str(", ");
            }
            sql.push('?');
        }
        sql.push(')');
    }
    sql
}

/// One row in PostgreSQL's CSV COPY format: NULL is an unquoted empty field, text is always quoted.
fn write_csv_row(out: &mut String, row: &[Value]) {
    for (i, value) in row.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match value {
            Value::Bool(Some(v)) => out.push(if *v { 't' } else { 'f' }),
            Value::I32(Some(v)) => {
                let _ = write!(out, "{v}");
            }
            Value::I64(Some(v)) => {
                let _ = write!(out, "{v}");
            }
            Value::F64(Some(v)) => {
                let _ = write!(out, "{v}");
            }
            Value::Text(Some(v)) => {
                out.push('"');
                for part in v.split_inclusive('"') {
                    out.push_str(part);
                    if part.ends_with('"') {
                        out.push('"');
                    }
                }
                out.push('"');
            }
            Value::Bytes(Some(v)) => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\x");
                out.reserve(v.len() * 2);
                for byte in v {
                    out.push(char::from(HEX[usize::from(byte >> 4)]));
                    out.push(char::from(HEX[usize::from(byte & 0xf)]));
                }
            }
            Value::Date(Some(v)) => {
                let _ = write!(out, "{v}");
            }
            Value::Timestamp(Some(v)) => {
                if let Ok(text) = v.format(&Rfc3339) {
                    out.push_str(&text);
                }
            }
            Value::Bool(None)
            | Value::I32(None)
            | Value::I64(None)
            | Value::F64(None)
            | Value::Text(None)
            | Value::Bytes(None)
            | Value::Date(None)
            | Value::Timestamp(None) => {}
        }
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_quote_text_and_leave_nulls_empty() {
        let mut out = String::new();
        write_csv_row(
            &mut out,
            &[
                Value::from(1_i64),
                Value::from("a \"b\", c"),
                Value::Text(None),
                Value::from(vec![0xab_u8, 1]),
            ],
        );
        assert_eq!(out, "1,\"a \"\"b\"\", c\",,\\xab01\n");
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
