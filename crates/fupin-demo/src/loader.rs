//! Batched, streaming writes: rows are buffered per table, written with `bulk_insert` every
//! [`BATCH_ROWS`] rows ([`PG_BATCH_ROWS`] on PostgreSQL) and committed every [`COMMIT_ROWS`] rows,
//! so memory stays bounded whatever the scale.

use fupin_store::bulk::BulkTable;
use fupin_store::{Backend, Db, StoreError, Tx, Value};

/// Rows buffered per table before a bulk insert (SQLite).
pub(crate) const BATCH_ROWS: usize = 5_000;
/// Rows buffered per table before a bulk insert on PostgreSQL. Each `COPY` there costs about
/// 40 ms whatever its size (sqlx leaves Nagle's algorithm on, so the closing `CopyDone` waits for
/// the server's delayed acknowledgement of the data), which at 5,000 rows a batch made the demo
/// spend most of its time waiting; tenfold batches make that wait a small share. Memory stays in
/// the tens of MB (about 115,000 buffered rows across the activity tables at most).
const PG_BATCH_ROWS: usize = 50_000;

/// Rows buffered per table before a bulk insert on `db`'s backend.
pub(crate) fn batch_rows(db: &Db) -> usize {
    match db.backend() {
        Backend::Sqlite => BATCH_ROWS,
        Backend::Postgres => PG_BATCH_ROWS,
    }
}

/// Rows written per transaction.
pub(crate) const COMMIT_ROWS: usize = 100_000;

/// Rows per multi-row statement in the store's SQLite loader.
const STATEMENT_ROWS: usize = 256;

/// Writes `rows` as whole statements of [`STATEMENT_ROWS`] and the rest in power-of-two pieces, so
/// that a table is only ever written with a handful of statement shapes: the database driver
/// caches one prepared statement per shape and connection, and remainders of every size would fill
/// that cache with hundreds of large statements (hundreds of MB at scale 100).
///
/// On PostgreSQL the rows go in one `COPY`: it has no statement shapes to cache, and each extra
/// `COPY` would cost a round trip and a delayed acknowledgement (see [`PG_BATCH_ROWS`]).
pub(crate) async fn write(
    tx: &mut Tx,
    table: BulkTable,
    mut rows: Vec<Vec<Value>>,
) -> Result<u64, StoreError> {
    if tx.backend() == Backend::Postgres {
        return tx.bulk_insert(table, rows).await;
    }
    let mut pieces = Vec::new();
    let whole = rows.len() - rows.len() % STATEMENT_ROWS;
    let mut rest = rows.split_off(whole);
    let mut size = STATEMENT_ROWS / 2;
    while !rest.is_empty() {
        if rest.len() >= size {
            let tail = rest.split_off(size);
            pieces.push(std::mem::replace(&mut rest, tail));
        }
        size /= 2;
    }
    let mut written = tx.bulk_insert(table, rows).await?;
    for piece in pieces {
        written += tx.bulk_insert(table, piece).await?;
    }
    Ok(written)
}

/// Buffers rows for several tables and writes them in the order the tables were given, so that
/// parent rows (listed first) are always written before the rows that refer to them.
pub(crate) struct Loader<'a> {
    db: &'a Db,
    tx: Option<Tx>,
    tables: Vec<(BulkTable, Vec<Vec<Value>>)>,
    /// Rows of one table that trigger a flush of all.
    batch: usize,
    written: Vec<u64>,
    since_commit: u64,
}

impl<'a> Loader<'a> {
    /// A loader for `tables`, parents first.
    pub(crate) fn new(db: &'a Db, tables: &[BulkTable]) -> Loader<'a> {
        let batch = batch_rows(db);
        Loader {
            db,
            tx: None,
            tables: tables.iter().map(|t| (*t, Vec::new())).collect(),
            batch,
            written: vec![0; tables.len()],
            since_commit: 0,
        }
    }

    /// Appends a row to table `table` (its index in the list given to [`Loader::new`]).
    pub(crate) async fn push(&mut self, table: usize, row: Vec<Value>) -> Result<(), StoreError> {
        let full = match self.tables.get_mut(table) {
            Some((_, rows)) => {
                rows.push(row);
                rows.len() >= self.batch
            }
            None => {
                return Err(StoreError::Corrupt(format!(
                    "演示数据：没有第 {table} 张表"
                )));
            }
        };
        if full {
            self.flush().await?;
        }
        Ok(())
    }

    /// Writes every buffered row (parents first); commits once enough rows have accumulated.
    async fn flush(&mut self) -> Result<(), StoreError> {
        if self.tx.is_none() {
            self.tx = Some(self.db.begin().await?);
        }
        let Some(tx) = self.tx.as_mut() else {
            return Ok(());
        };
        for ((table, rows), written) in self.tables.iter_mut().zip(self.written.iter_mut()) {
            if rows.is_empty() {
                continue;
            }
            let batch = std::mem::take(rows);
            let n = write(tx, *table, batch).await?;
            *written += n;
            self.since_commit += n;
        }
        if self.since_commit >= COMMIT_ROWS as u64
            && let Some(tx) = self.tx.take()
        {
            tx.commit().await?;
            self.since_commit = 0;
        }
        Ok(())
    }

    /// Writes what is left, commits, and returns the rows written per table.
    pub(crate) async fn finish(mut self) -> Result<Vec<u64>, StoreError> {
        self.flush().await?;
        if let Some(tx) = self.tx.take() {
            tx.commit().await?;
        }
        Ok(self.written)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use fupin_store::bulk::BulkTable;

    use super::*;

    #[tokio::test]
    async fn remainders_are_written_in_power_of_two_pieces() {
        let test = fupin_store::testing::sqlite().await;
        let table = BulkTable {
            table: "evidence_blobs",
            columns: &["sha256", "content"],
        };
        let mut tx = test.db.begin().await.unwrap();
        let rows: Vec<Vec<Value>> = (0..1_000)
            .map(|i| vec![Value::from(format!("{i:064}")), Value::from(vec![1_u8])])
            .collect();
        assert_eq!(write(&mut tx, table, rows).await.unwrap(), 1_000);
        tx.commit().await.unwrap();
        assert_eq!(
            test.db
                .fetch_i64("SELECT COUNT(*) FROM evidence_blobs", &[])
                .await
                .unwrap(),
            1_000
        );
    }
}
