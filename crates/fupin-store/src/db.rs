//! One query layer over two backends.
//!
//! Every query in Fupin is written once, in portable SQL (`$1` placeholders, `RETURNING`, `ON CONFLICT`,
//! `CAST(SUM(..) AS BIGINT)`), and runs on SQLite or PostgreSQL through [`Db`] and [`Tx`]. Parameters are
//! [`Value`]s, rows decode into shared row types that derive `sqlx::FromRow` (see [`Record`]). The backend
//! is chosen from the database URL at start-up; nothing above this module knows which one it talks to.

use std::str::FromStr;
use std::time::Duration;

use sqlx::error::BoxDynError;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgRow};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous,
};
use sqlx::{
    Arguments, Database, Encode, FromRow, PgPool, Postgres, Sqlite, SqlitePool, Transaction, Type,
};
use time::{Date, OffsetDateTime};

use crate::error::StoreError;

/// Which database engine a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite file (the default).
    Sqlite,
    /// PostgreSQL server (national scale).
    Postgres,
}

/// A typed query parameter. Every variant carries an `Option` so that a NULL keeps its SQL type,
/// which PostgreSQL requires.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// BOOLEAN (INTEGER 0/1 in SQLite).
    Bool(Option<bool>),
    /// INTEGER (32-bit) columns: years, shares in basis points, small enums.
    I32(Option<i32>),
    /// BIGINT columns: ids, money in fen, counts.
    I64(Option<i64>),
    /// DOUBLE PRECISION columns: effect indicators (never money).
    F64(Option<f64>),
    /// TEXT columns.
    Text(Option<String>),
    /// BLOB / BYTEA columns: keyed hashes and ciphertexts.
    Bytes(Option<Vec<u8>>),
    /// DATE (ISO text in SQLite).
    Date(Option<Date>),
    /// TIMESTAMPTZ (ISO text in SQLite), always UTC.
    Timestamp(Option<OffsetDateTime>),
}

macro_rules! value_from {
    ($variant:ident, $ty:ty) => {
        impl From<$ty> for Value {
            fn from(v: $ty) -> Self {
                Value::$variant(Some(v))
            }
        }
        impl From<Option<$ty>> for Value {
            fn from(v: Option<$ty>) -> Self {
                Value::$variant(v)
            }
        }
    };
}
value_from!(Bool, bool);
value_from!(I32, i32);
value_from!(I64, i64);
value_from!(F64, f64);
value_from!(Text, String);
value_from!(Bytes, Vec<u8>);
value_from!(Date, Date);
value_from!(Timestamp, OffsetDateTime);

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(Some(v.to_owned()))
    }
}

impl From<Option<&str>> for Value {
    fn from(v: Option<&str>) -> Self {
        Value::Text(v.map(str::to_owned))
    }
}

/// A row type that decodes from both backends. Derive `sqlx::FromRow` and it is one.
pub trait Record:
    for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin + 'static
{
}
impl<T> Record for T where
    T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin + 'static
{
}

/// A connection pool to the platform database.
#[derive(Clone, Debug)]
pub enum Db {
    /// Embedded SQLite.
    Sqlite(SqlitePool),
    /// PostgreSQL.
    Postgres(PgPool),
}

/// An open transaction; dropped without [`Tx::commit`] it rolls back, so a failed request leaves nothing.
pub enum Tx {
    /// SQLite transaction.
    Sqlite(Transaction<'static, Sqlite>),
    /// PostgreSQL transaction.
    Postgres(Transaction<'static, Postgres>),
}

/// Connection settings that are not part of the URL.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    /// Largest number of pooled connections.
    pub max_connections: u32,
    /// How long SQLite waits for a lock before failing.
    pub busy_timeout: Duration,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        Self {
            max_connections: 8,
            busy_timeout: Duration::from_secs(10),
        }
    }
}

impl Db {
    /// Connects to `url`: `sqlite://path` (or a bare path), or `postgres://…` / `postgresql://…`.
    /// SQLite databases are created if missing and run in WAL mode with `synchronous=FULL`,
    /// foreign keys on and a busy timeout, so an acknowledged write survives a crash.
    pub async fn connect(url: &str, options: &ConnectOptions) -> Result<Db, StoreError> {
        match Backend::from_url(url)? {
            Backend::Sqlite => {
                let connect = sqlite_options(url)?
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Full)
                    .foreign_keys(true)
                    .busy_timeout(options.busy_timeout)
                    // 16 MiB of page cache per connection (default 2 MiB): indexes keyed by random
                    // hashes thrash a small cache; a larger one multiplies by the pool size and
                    // pushed `fupin demo --scale 100` past 1 GiB resident.
                    .pragma("cache_size", "-16384")
                    // Multi-row INSERTs keep a statement journal; in memory it costs no file writes.
                    .pragma("temp_store", "MEMORY")
                    .create_if_missing(true);
                let pool = SqlitePoolOptions::new()
                    .max_connections(options.max_connections)
                    .connect_with(connect)
                    .await?;
                Ok(Db::Sqlite(pool))
            }
            Backend::Postgres => {
                let connect = PgConnectOptions::from_str(url)?;
                let pool = PgPoolOptions::new()
                    .max_connections(options.max_connections)
                    .connect_with(connect)
                    .await?;
                Ok(Db::Postgres(pool))
            }
        }
    }

    /// The engine behind this pool.
    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Starts a transaction.
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        Ok(match self {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin().await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// Runs a statement, returning the number of rows it touched.
    pub async fn execute(&self, sql: &'static str, params: &[Value]) -> Result<u64, StoreError> {
        Ok(match self {
            Db::Sqlite(pool) => sqlx::query_with(sql, arguments::<Sqlite>(params.iter().cloned())?)
                .execute(pool)
                .await?
                .rows_affected(),
            Db::Postgres(pool) => {
                sqlx::query_with(sql, arguments::<Postgres>(params.iter().cloned())?)
                    .execute(pool)
                    .await?
                    .rows_affected()
            }
        })
    }

    /// Fetches every row of a query.
    pub async fn fetch_all<R: Record>(
        &self,
        sql: &'static str,
        params: &[Value],
    ) -> Result<Vec<R>, StoreError> {
        Ok(match self {
            Db::Sqlite(pool) => {
                sqlx::query_as_with(sql, arguments::<Sqlite>(params.iter().cloned())?)
                    .fetch_all(pool)
                    .await?
            }
            Db::Postgres(pool) => {
                sqlx::query_as_with(sql, arguments::<Postgres>(params.iter().cloned())?)
                    .fetch_all(pool)
                    .await?
            }
        })
    }

    /// Fetches at most one row.
    pub async fn fetch_optional<R: Record>(
        &self,
        sql: &'static str,
        params: &[Value],
    ) -> Result<Option<R>, StoreError> {
        Ok(match self {
            Db::Sqlite(pool) => {
                sqlx::query_as_with(sql, arguments::<Sqlite>(params.iter().cloned())?)
                    .fetch_optional(pool)
                    .await?
            }
            Db::Postgres(pool) => {
                sqlx::query_as_with(sql, arguments::<Postgres>(params.iter().cloned())?)
                    .fetch_optional(pool)
                    .await?
            }
        })
    }

    /// Fetches exactly one row; none is [`StoreError::NotFound`].
    pub async fn fetch_one<R: Record>(
        &self,
        sql: &'static str,
        params: &[Value],
    ) -> Result<R, StoreError> {
        self.fetch_optional(sql, params)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// Fetches a single BIGINT (a count or a sum cast to BIGINT).
    pub async fn fetch_i64(&self, sql: &'static str, params: &[Value]) -> Result<i64, StoreError> {
        let (value,): (i64,) = self.fetch_one(sql, params).await?;
        Ok(value)
    }

    /// Closes every pooled connection (SQLite checkpoints its WAL).
    pub async fn close(&self) {
        match self {
            Db::Sqlite(pool) => pool.close().await,
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

impl Tx {
    /// Runs a statement inside the transaction.
    pub async fn execute(
        &mut self,
        sql: &'static str,
        params: &[Value],
    ) -> Result<u64, StoreError> {
        Ok(match self {
            Tx::Sqlite(tx) => sqlx::query_with(sql, arguments::<Sqlite>(params.iter().cloned())?)
                .execute(&mut **tx)
                .await?
                .rows_affected(),
            Tx::Postgres(tx) => {
                sqlx::query_with(sql, arguments::<Postgres>(params.iter().cloned())?)
                    .execute(&mut **tx)
                    .await?
                    .rows_affected()
            }
        })
    }

    /// Fetches every row of a query inside the transaction.
    pub async fn fetch_all<R: Record>(
        &mut self,
        sql: &'static str,
        params: &[Value],
    ) -> Result<Vec<R>, StoreError> {
        Ok(match self {
            Tx::Sqlite(tx) => {
                sqlx::query_as_with(sql, arguments::<Sqlite>(params.iter().cloned())?)
                    .fetch_all(&mut **tx)
                    .await?
            }
            Tx::Postgres(tx) => {
                sqlx::query_as_with(sql, arguments::<Postgres>(params.iter().cloned())?)
                    .fetch_all(&mut **tx)
                    .await?
            }
        })
    }

    /// Fetches at most one row inside the transaction.
    pub async fn fetch_optional<R: Record>(
        &mut self,
        sql: &'static str,
        params: &[Value],
    ) -> Result<Option<R>, StoreError> {
        Ok(match self {
            Tx::Sqlite(tx) => {
                sqlx::query_as_with(sql, arguments::<Sqlite>(params.iter().cloned())?)
                    .fetch_optional(&mut **tx)
                    .await?
            }
            Tx::Postgres(tx) => {
                sqlx::query_as_with(sql, arguments::<Postgres>(params.iter().cloned())?)
                    .fetch_optional(&mut **tx)
                    .await?
            }
        })
    }

    /// Fetches exactly one row; none is [`StoreError::NotFound`].
    pub async fn fetch_one<R: Record>(
        &mut self,
        sql: &'static str,
        params: &[Value],
    ) -> Result<R, StoreError> {
        self.fetch_optional(sql, params)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// Fetches a single BIGINT, e.g. an id from `RETURNING id`.
    pub async fn fetch_i64(
        &mut self,
        sql: &'static str,
        params: &[Value],
    ) -> Result<i64, StoreError> {
        let (value,): (i64,) = self.fetch_one(sql, params).await?;
        Ok(value)
    }

    /// The engine behind this transaction.
    pub fn backend(&self) -> Backend {
        match self {
            Tx::Sqlite(_) => Backend::Sqlite,
            Tx::Postgres(_) => Backend::Postgres,
        }
    }

    /// Makes every write of the transaction durable.
    pub async fn commit(self) -> Result<(), StoreError> {
        match self {
            Tx::Sqlite(tx) => tx.commit().await?,
            Tx::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }
}

impl Backend {
    /// Chooses the backend from a database URL; an unknown scheme is an error that names it.
    pub fn from_url(url: &str) -> Result<Backend, StoreError> {
        match url.split_once("://") {
            Some(("sqlite", _)) => Ok(Backend::Sqlite),
            Some(("postgres" | "postgresql", _)) => Ok(Backend::Postgres),
            Some((scheme, _)) => Err(StoreError::UnknownScheme(scheme.to_owned())),
            None if url.starts_with("sqlite:") => Ok(Backend::Sqlite),
            None => Ok(Backend::Sqlite), // a bare file path
        }
    }
}

fn sqlite_options(url: &str) -> Result<SqliteConnectOptions, StoreError> {
    if url.contains(':') {
        Ok(SqliteConnectOptions::from_str(url)?)
    } else {
        Ok(SqliteConnectOptions::new().filename(url))
    }
}

/// Encodes parameters for either backend; an encoding failure surfaces when the query runs.
pub(crate) fn arguments<DB>(
    params: impl IntoIterator<Item = Value>,
) -> Result<DB::Arguments, BoxDynError>
where
    DB: Database,
    Option<bool>: for<'q> Encode<'q, DB> + Type<DB>,
    Option<i32>: for<'q> Encode<'q, DB> + Type<DB>,
    Option<i64>: for<'q> Encode<'q, DB> + Type<DB>,
    Option<f64>: for<'q> Encode<'q, DB> + Type<DB>,
    Option<String>: for<'q> Encode<'q, DB> + Type<DB>,
    Option<Vec<u8>>: for<'q> Encode<'q, DB> + Type<DB>,
    Option<Date>: for<'q> Encode<'q, DB> + Type<DB>,
    Option<OffsetDateTime>: for<'q> Encode<'q, DB> + Type<DB>,
{
    let mut args = DB::Arguments::default();
    for value in params {
        match value {
            Value::Bool(v) => args.add(v),
            Value::I32(v) => args.add(v),
            Value::I64(v) => args.add(v),
            Value::F64(v) => args.add(v),
            Value::Text(v) => args.add(v),
            Value::Bytes(v) => args.add(v),
            Value::Date(v) => args.add(v),
            Value::Timestamp(v) => args.add(v),
        }?;
    }
    Ok(args)
}
