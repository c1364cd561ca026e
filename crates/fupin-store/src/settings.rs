//! Platform settings kept in the database (never secrets).

use crate::db::{Db, Tx, Value};
use crate::error::StoreError;

/// A setting's value.
pub async fn get(db: &Db, name: &str) -> Result<Option<String>, StoreError> {
    let row: Option<(String,)> = db
        .fetch_optional(
            "SELECT value FROM platform_settings WHERE name = $1",
            &[Value::from(name)],
        )
        .await?;
    Ok(row.map(|(v,)| v))
}

/// Sets a setting, replacing any earlier value.
pub async fn set(db: &Db, name: &str, value: &str) -> Result<(), StoreError> {
    db.execute(
        "INSERT INTO platform_settings (name, value) VALUES ($1, $2) \
         ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        &[Value::from(name), Value::from(value)],
    )
    .await?;
    Ok(())
}

/// Sets a setting inside a transaction.
pub async fn set_in(tx: &mut Tx, name: &str, value: &str) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO platform_settings (name, value) VALUES ($1, $2) \
         ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        &[Value::from(name), Value::from(value)],
    )
    .await?;
    Ok(())
}
