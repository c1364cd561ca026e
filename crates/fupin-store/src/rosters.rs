//! Beneficiary rosters: the persons an activity says it helped.

use fupin_domain::{BeneficiaryCategory, Money};
use time::Date;

use crate::bulk::BulkTable;
use crate::db::{Db, Tx, Value};
use crate::error::StoreError;

/// One roster row. An ID that failed validation has no hash; its ciphertext keeps what was typed.
#[derive(Debug, Clone)]
pub struct NewRosterEntry {
    /// Activity id.
    pub activity_id: i64,
    /// Row number in the uploaded file.
    pub row_no: i32,
    /// Name as reported.
    pub name: String,
    /// Keyed hash of a valid ID number.
    pub id_hash: Option<Vec<u8>>,
    /// Encrypted ID text as reported.
    pub id_cipher: Vec<u8>,
    /// Masked ID text.
    pub id_masked: String,
    /// Village code as reported.
    pub village_code: Option<String>,
    /// Category claimed.
    pub category: BeneficiaryCategory,
    /// Aid received.
    pub aid: Money,
    /// Date of service.
    pub service_date: Date,
}

/// Bulk table for [`NewRosterEntry`].
pub const ROSTER: BulkTable = BulkTable {
    table: "roster_entries",
    columns: &[
        "activity_id",
        "row_no",
        "name",
        "id_hash",
        "id_cipher",
        "id_masked",
        "village_code",
        "category",
        "aid_fen",
        "service_date",
    ],
};

impl NewRosterEntry {
    /// Values in [`ROSTER`] column order.
    pub fn values(&self) -> Vec<Value> {
        vec![
            Value::from(self.activity_id),
            Value::from(self.row_no),
            Value::from(self.name.as_str()),
            Value::from(self.id_hash.clone()),
            Value::from(self.id_cipher.clone()),
            Value::from(self.id_masked.as_str()),
            Value::from(self.village_code.clone()),
            Value::from(self.category.code()),
            Value::from(self.aid.fen()),
            Value::from(self.service_date),
        ]
    }
}

/// Number of roster entries of an activity.
pub async fn count_for_activity(db: &Db, activity_id: i64) -> Result<i64, StoreError> {
    db.fetch_i64(
        "SELECT COUNT(*) FROM roster_entries WHERE activity_id = $1",
        &[Value::from(activity_id)],
    )
    .await
}

/// Number of roster entries.
pub async fn count(db: &Db) -> Result<i64, StoreError> {
    db.fetch_i64("SELECT COUNT(*) FROM roster_entries", &[])
        .await
}

/// Removes an activity's roster and its verdicts in `tx` (an upload replaces the whole roster);
/// returns the entries removed. Adjudication items of removed entries close at the next
/// verification (`verification::adjudication::close_stale`).
pub async fn delete_for_activity(tx: &mut Tx, activity_id: i64) -> Result<u64, StoreError> {
    tx.execute(
        "DELETE FROM roster_verdicts WHERE activity_id = $1",
        &[Value::from(activity_id)],
    )
    .await?;
    tx.execute(
        "DELETE FROM roster_entries WHERE activity_id = $1",
        &[Value::from(activity_id)],
    )
    .await
}
