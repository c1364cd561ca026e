//! Storage errors.

use thiserror::Error;

/// What can go wrong talking to the database.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The database URL names a scheme Fupin does not support.
    #[error(
        "不支持的数据库地址协议 “{0}://”：请使用 sqlite://路径 或 postgres://主机/库 (unsupported database URL scheme)"
    )]
    UnknownScheme(String),
    /// A row that was required does not exist.
    #[error("记录不存在 (not found)")]
    NotFound,
    /// A unique constraint refused a duplicate.
    #[error("记录重复：{0} (duplicate)")]
    Duplicate(String),
    /// Embedded reference data could not be read (a build defect, never user input).
    #[error("内置参考数据有误：{0}")]
    ReferenceData(String),
    /// A stored value no longer parses as its domain type (data corrupted outside the platform).
    #[error("数据库中的值无效：{0}")]
    Corrupt(String),
    /// Migrations failed.
    #[error("数据库迁移失败：{0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A parameter could not be encoded for the database.
    #[error("参数无法写入数据库：{0}")]
    Encode(String),
    /// Any other database error.
    #[error("数据库错误：{0}")]
    Database(sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        match &err {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::Duplicate(db.message().to_owned())
            }
            _ => StoreError::Database(err),
        }
    }
}

impl From<sqlx::error::BoxDynError> for StoreError {
    fn from(err: sqlx::error::BoxDynError) -> Self {
        StoreError::Encode(err.to_string())
    }
}
