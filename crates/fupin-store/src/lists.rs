//! Assistance lists beside the 建档立卡 registry (农村低保, 特困人员, 贫困残疾人): `list_members`,
//! one row per person and list, and `list_imports`, the log of imports with their counts (never
//! personal data). An import is the list's new state in the importing office's region: the app
//! reads the region's members ([`members_in_region`]), inserts the new ones, updates the changed
//! ones and marks the absent ones as having left, all in one transaction.

use fupin_domain::{AssistanceList, ListStatus};
use time::{Date, OffsetDateTime};

use crate::bulk::BulkTable;
use crate::db::{Backend, Db, Tx, Value};
use crate::error::StoreError;

/// What an import changed, member by member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ListCounts {
    /// Persons new to the list.
    pub added: i64,
    /// Members whose name, village, status or exit year changed.
    pub changed: i64,
    /// Members of the region absent from the file, now marked as having left.
    pub removed: i64,
    /// Members of the file found unchanged.
    pub unchanged: i64,
}

/// An import being recorded.
#[derive(Debug, Clone)]
pub struct NewListImport<'a> {
    /// The list.
    pub list: AssistanceList,
    /// When it ran.
    pub imported_at: OffsetDateTime,
    /// The date from which the file's states hold.
    pub effective: Date,
    /// File name as given.
    pub file_name: &'a str,
    /// Who ran it.
    pub actor_name: &'a str,
    /// The region it covered (`""` for the whole country).
    pub region_code: &'a str,
}

/// A new member of a list.
#[derive(Clone)]
pub struct NewMember {
    /// The list.
    pub list: AssistanceList,
    /// Name (personal data).
    pub name: String,
    /// Keyed hash of the ID number.
    pub id_hash: Vec<u8>,
    /// Encrypted ID number.
    pub id_cipher: Vec<u8>,
    /// Masked ID number for display.
    pub id_masked: String,
    /// 12-digit village code.
    pub village_code: String,
    /// Standing on the list.
    pub status: ListStatus,
    /// Year the person left the list or died.
    pub exit_year: Option<i32>,
    /// The import writing it.
    pub import_id: i64,
}

impl std::fmt::Debug for NewMember {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewMember")
            .field("list", &self.list)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

/// Bulk table for [`NewMember`].
pub const MEMBERS: BulkTable = BulkTable {
    table: "list_members",
    columns: &[
        "list_kind",
        "name",
        "id_hash",
        "id_cipher",
        "id_masked",
        "village_code",
        "status",
        "exit_year",
        "import_id",
    ],
};

impl NewMember {
    /// Values in [`MEMBERS`] column order.
    pub fn values(&self) -> Vec<Value> {
        vec![
            Value::from(self.list.code()),
            Value::from(self.name.as_str()),
            Value::from(self.id_hash.clone()),
            Value::from(self.id_cipher.clone()),
            Value::from(self.id_masked.as_str()),
            Value::from(self.village_code.as_str()),
            Value::from(self.status.code()),
            Value::from(self.exit_year),
            Value::from(self.import_id),
        ]
    }
}

/// A member as an import compares it, or as the verification index reads it.
#[derive(Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MemberRow {
    /// Row id.
    pub id: i64,
    /// Keyed hash of the ID number.
    pub id_hash: Vec<u8>,
    /// Name (personal data).
    pub name: String,
    /// Village code.
    pub village_code: String,
    /// Status code.
    pub status: String,
    /// Year the person left the list or died.
    pub exit_year: Option<i32>,
}

impl std::fmt::Debug for MemberRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemberRow")
            .field("id", &self.id)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

/// Serializes imports of lists (see `registry::imports::lock_for_import` for why); call it first
/// in the importing transaction.
pub async fn lock_for_import(tx: &mut Tx) -> Result<(), StoreError> {
    match tx.backend() {
        Backend::Sqlite => {
            tx.execute("UPDATE list_imports SET id = id WHERE id = -1", &[])
                .await?;
        }
        Backend::Postgres => {
            tx.fetch_optional::<(i32,)>(
                "SELECT 1 FROM (SELECT pg_advisory_xact_lock(20131104)) AS l",
                &[],
            )
            .await?;
        }
    }
    Ok(())
}

/// Records an import with zero counts and returns its id.
pub async fn begin_import(tx: &mut Tx, import: &NewListImport<'_>) -> Result<i64, StoreError> {
    tx.fetch_i64(
        "INSERT INTO list_imports (list_kind, imported_at, effective, file_name, actor_name, \
         region_code) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        &[
            Value::from(import.list.code()),
            Value::from(import.imported_at),
            Value::from(import.effective),
            Value::from(import.file_name),
            Value::from(import.actor_name),
            Value::from(import.region_code),
        ],
    )
    .await
}

/// Stores what import `id` changed.
pub async fn finish_import(tx: &mut Tx, id: i64, counts: &ListCounts) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE list_imports SET added = $1, changed = $2, removed = $3, unchanged = $4 \
         WHERE id = $5",
        &[
            Value::from(counts.added),
            Value::from(counts.changed),
            Value::from(counts.removed),
            Value::from(counts.unchanged),
            Value::from(id),
        ],
    )
    .await?;
    Ok(())
}

/// The latest effective date of an import of `list` (read inside the importing transaction).
pub async fn latest_effective(
    tx: &mut Tx,
    list: AssistanceList,
) -> Result<Option<Date>, StoreError> {
    let row: Option<(Date,)> = tx
        .fetch_optional(
            "SELECT effective FROM list_imports WHERE list_kind = $1 \
             ORDER BY effective DESC LIMIT 1",
            &[Value::from(list.code())],
        )
        .await?;
    Ok(row.map(|(date,)| date))
}

/// Members of `list` whose village lies in the region `prefix` (`""`: everywhere).
pub async fn members_in_region(
    tx: &mut Tx,
    list: AssistanceList,
    prefix: &str,
) -> Result<Vec<MemberRow>, StoreError> {
    tx.fetch_all(
        "SELECT id, id_hash, name, village_code, status, exit_year FROM list_members \
         WHERE list_kind = $1 AND village_code LIKE $2 ORDER BY id",
        &[Value::from(list.code()), Value::from(format!("{prefix}%"))],
    )
    .await
}

/// Members of `list` with these hashes (what blocks adding them: they are listed in another
/// region). Read one hash at a time: only the refusal of a file needs it.
pub async fn member_by_hash(
    tx: &mut Tx,
    list: AssistanceList,
    id_hash: &[u8],
) -> Result<Option<MemberRow>, StoreError> {
    tx.fetch_optional(
        "SELECT id, id_hash, name, village_code, status, exit_year FROM list_members \
         WHERE list_kind = $1 AND id_hash = $2",
        &[Value::from(list.code()), Value::from(id_hash.to_vec())],
    )
    .await
}

/// Rewrites a member's name, village and standing.
pub async fn update_member(tx: &mut Tx, id: i64, member: &NewMember) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE list_members SET name = $1, village_code = $2, status = $3, exit_year = $4, \
         import_id = $5 WHERE id = $6",
        &[
            Value::from(member.name.as_str()),
            Value::from(member.village_code.as_str()),
            Value::from(member.status.code()),
            Value::from(member.exit_year),
            Value::from(member.import_id),
            Value::from(id),
        ],
    )
    .await?;
    Ok(())
}

/// Marks a member as having left the list in `year`.
pub async fn mark_left(tx: &mut Tx, id: i64, year: i32, import_id: i64) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE list_members SET status = $1, exit_year = $2, import_id = $3 WHERE id = $4",
        &[
            Value::from(ListStatus::Exited.code()),
            Value::from(year),
            Value::from(import_id),
            Value::from(id),
        ],
    )
    .await?;
    Ok(())
}

/// Members of `list` with `id > after`, at most `limit`, in id order (keyset pages for the
/// verification index).
pub async fn member_page(
    db: &Db,
    list: AssistanceList,
    after: i64,
    limit: i64,
) -> Result<Vec<MemberRow>, StoreError> {
    db.fetch_all(
        "SELECT id, id_hash, name, village_code, status, exit_year FROM list_members \
         WHERE list_kind = $1 AND id > $2 ORDER BY id LIMIT $3",
        &[
            Value::from(list.code()),
            Value::from(after),
            Value::from(limit),
        ],
    )
    .await
}

/// Changes whenever any list changes (every change is made by an import): the latest import's
/// id.
pub async fn lists_stamp(db: &Db) -> Result<i64, StoreError> {
    db.fetch_i64("SELECT COALESCE(MAX(id), 0) FROM list_imports", &[])
        .await
}

/// A recorded import.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ListImportRow {
    /// Id.
    pub id: i64,
    /// List code.
    pub list_kind: String,
    /// When it ran.
    pub imported_at: OffsetDateTime,
    /// The date from which its states hold.
    pub effective: Date,
    /// File name as given.
    pub file_name: String,
    /// Who ran it.
    pub actor_name: String,
    /// The region it covered.
    pub region_code: String,
    /// Persons added.
    pub added: i64,
    /// Members changed.
    pub changed: i64,
    /// Members absent from the file, marked as having left.
    pub removed: i64,
    /// Members unchanged.
    pub unchanged: i64,
}

/// The latest imports of the region `prefix`, inside it or of a region containing it, newest
/// first.
pub async fn imports_touching(
    db: &Db,
    prefix: &str,
    limit: i64,
) -> Result<Vec<ListImportRow>, StoreError> {
    db.fetch_all(
        "SELECT id, list_kind, imported_at, effective, file_name, actor_name, region_code, \
                added, changed, removed, unchanged \
         FROM list_imports \
         WHERE CAST($1 AS TEXT) = '' OR region_code = '' \
            OR substr(region_code, 1, length(CAST($1 AS TEXT))) = CAST($1 AS TEXT) \
            OR substr(CAST($1 AS TEXT), 1, length(region_code)) = region_code \
         ORDER BY id DESC LIMIT $2",
        &[Value::from(prefix), Value::from(limit)],
    )
    .await
}

/// Members per list and status in the region `prefix`: (list code, status code, count).
pub async fn member_counts(
    db: &Db,
    prefix: &str,
) -> Result<Vec<(String, String, i64)>, StoreError> {
    db.fetch_all(
        "SELECT list_kind, status, COUNT(*) FROM list_members WHERE village_code LIKE $1 \
         GROUP BY list_kind, status ORDER BY list_kind, status",
        &[Value::from(format!("{prefix}%"))],
    )
    .await
}
