//! The 建档立卡 registry: poor households and their members.
//!
//! ID numbers arrive already protected by the service layer: a keyed hash for matching, a
//! ciphertext, and the masked form for display. This crate never sees a clear ID number.
//!
//! [`history`] keeps each person's status over time, [`imports`] the log of imports, and [`update`]
//! the reads an update import compares the file with.

pub mod history;
pub mod imports;
pub mod update;

use fupin_domain::{HouseholdAttribute, PovertyCause, RegistryStatus};

use crate::bulk::BulkTable;
use crate::db::{Backend, Db, Tx, Value};
use crate::error::StoreError;
use crate::scope::Scope;

/// A registered poor household.
#[derive(Debug, Clone)]
pub struct NewHousehold {
    /// Id chosen by the caller.
    pub id: i64,
    /// Household number in the registry.
    pub household_no: String,
    /// Village code (12 digits).
    pub village_code: String,
    /// 一般 / 低保 / 特困供养.
    pub attribute: HouseholdAttribute,
    /// Main poverty cause.
    pub poverty_cause: PovertyCause,
    /// Status.
    pub status: RegistryStatus,
    /// Year the household exited poverty.
    pub exit_year: Option<i32>,
}

/// Bulk table for [`NewHousehold`].
pub const HOUSEHOLDS: BulkTable = BulkTable {
    table: "registry_households",
    columns: &[
        "id",
        "household_no",
        "village_code",
        "county_code",
        "attribute",
        "poverty_cause",
        "status",
        "exit_year",
    ],
};

impl NewHousehold {
    /// Values in [`HOUSEHOLDS`] column order.
    pub fn values(&self) -> Vec<Value> {
        vec![
            Value::from(self.id),
            Value::from(self.household_no.as_str()),
            Value::from(self.village_code.as_str()),
            Value::from(self.village_code.get(..6)),
            Value::from(self.attribute.code()),
            Value::from(self.poverty_cause.code()),
            Value::from(self.status.code()),
            Value::from(self.exit_year),
        ]
    }
}

/// A member of a registered household.
#[derive(Debug, Clone)]
pub struct NewPerson {
    /// Household id.
    pub household_id: i64,
    /// Name (personal data: never on a public page, export or log).
    pub name: String,
    /// Keyed hash of the ID number.
    pub id_hash: Vec<u8>,
    /// Encrypted ID number.
    pub id_cipher: Vec<u8>,
    /// Masked ID number for display.
    pub id_masked: String,
    /// Relation to the household head (户主, 配偶, 子女 …).
    pub relation: String,
    /// Status.
    pub status: RegistryStatus,
    /// Year the person exited poverty.
    pub exit_year: Option<i32>,
    /// Village code.
    pub village_code: String,
}

/// Bulk table for [`NewPerson`].
pub const PERSONS: BulkTable = BulkTable {
    table: "registry_persons",
    columns: &[
        "household_id",
        "name",
        "id_hash",
        "id_cipher",
        "id_masked",
        "relation",
        "status",
        "exit_year",
        "village_code",
    ],
};

impl NewPerson {
    /// Values in [`PERSONS`] column order.
    pub fn values(&self) -> Vec<Value> {
        vec![
            Value::from(self.household_id),
            Value::from(self.name.as_str()),
            Value::from(self.id_hash.clone()),
            Value::from(self.id_cipher.clone()),
            Value::from(self.id_masked.as_str()),
            Value::from(self.relation.as_str()),
            Value::from(self.status.code()),
            Value::from(self.exit_year),
            Value::from(self.village_code.as_str()),
        ]
    }
}

/// A registry person as matching needs them (no name decryption needed: names are stored plain).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PersonRow {
    /// Id.
    pub id: i64,
    /// Household id.
    pub household_id: i64,
    /// Name.
    pub name: String,
    /// Masked ID number.
    pub id_masked: String,
    /// Status code.
    pub status: String,
    /// Exit year.
    pub exit_year: Option<i32>,
    /// Village code.
    pub village_code: String,
}

/// The person whose ID number has this keyed hash.
pub async fn person_by_hash(db: &Db, id_hash: &[u8]) -> Result<Option<PersonRow>, StoreError> {
    db.fetch_optional(
        "SELECT id, household_id, name, id_masked, status, exit_year, village_code \
         FROM registry_persons WHERE id_hash = $1",
        &[Value::from(id_hash.to_vec())],
    )
    .await
}

/// A registry person by id, if `scope` admits them.
pub async fn person_scoped(
    db: &Db,
    scope: &Scope,
    id: i64,
) -> Result<Option<PersonRow>, StoreError> {
    db.fetch_optional(
        concat!(
            "SELECT p.id, p.household_id, p.name, p.id_masked, p.status, p.exit_year, p.village_code \
             FROM registry_persons p WHERE ",
            crate::person_in_scope!(),
            " AND p.id = $5"
        ),
        &scope.with([Value::from(id)]),
    )
    .await
}

/// The ciphertext of a registry person's ID number, if `scope` admits them (callers audit the view).
pub async fn person_id_cipher_scoped(
    db: &Db,
    scope: &Scope,
    id: i64,
) -> Result<Option<Vec<u8>>, StoreError> {
    let row: Option<(Vec<u8>,)> = db
        .fetch_optional(
            concat!(
                "SELECT p.id_cipher FROM registry_persons p WHERE ",
                crate::person_in_scope!(),
                " AND p.id = $5"
            ),
            &scope.with([Value::from(id)]),
        )
        .await?;
    Ok(row.map(|(c,)| c))
}

/// Number of registry persons.
pub async fn count_persons(db: &Db) -> Result<i64, StoreError> {
    db.fetch_i64("SELECT COUNT(*) FROM registry_persons", &[])
        .await
}

/// The registry's indexes as the migration creates them: dropped for a load into an empty registry
/// and rebuilt after it, which is far cheaper than millions of inserts into indexes keyed by random
/// hashes. (name, DROP, CREATE)
const LOAD_INDEXES: &[(&str, &str, &str)] = &[
    (
        "registry_households_no",
        "DROP INDEX registry_households_no",
        "CREATE UNIQUE INDEX registry_households_no ON registry_households(household_no)",
    ),
    (
        "registry_households_county",
        "DROP INDEX registry_households_county",
        "CREATE INDEX registry_households_county ON registry_households(county_code)",
    ),
    (
        "registry_persons_hash",
        "DROP INDEX registry_persons_hash",
        "CREATE UNIQUE INDEX registry_persons_hash ON registry_persons(id_hash)",
    ),
    (
        "registry_persons_household",
        "DROP INDEX registry_persons_household",
        "CREATE INDEX registry_persons_household ON registry_persons(household_id)",
    ),
];

/// PostgreSQL checks foreign keys with a trigger per row; during a load into an empty registry the
/// constraint is dropped and added back, validated in one pass. (SQLite cannot drop a foreign key;
/// its check is a rowid lookup.)
const PG_FOREIGN_KEY: (&str, &str) = (
    "ALTER TABLE registry_persons DROP CONSTRAINT registry_persons_household_id_fkey",
    "ALTER TABLE registry_persons ADD CONSTRAINT registry_persons_household_id_fkey \
     FOREIGN KEY (household_id) REFERENCES registry_households(id)",
);

/// Whether the registry holds no household (read inside the loading transaction).
pub async fn is_empty(tx: &mut Tx) -> Result<bool, StoreError> {
    let row: Option<(i64,)> = tx
        .fetch_optional("SELECT id FROM registry_households LIMIT 1", &[])
        .await?;
    Ok(row.is_none())
}

/// The id the next household loaded in `tx` takes (ids are assigned by the loader, so that
/// persons can name their household in the same bulk batch).
pub async fn next_household_id(tx: &mut Tx) -> Result<i64, StoreError> {
    let max = tx
        .fetch_i64(
            "SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM registry_households",
            &[],
        )
        .await?;
    Ok(max + 1)
}

/// Drops the registry's indexes (and on PostgreSQL its foreign key) for a bulk load into an empty
/// registry. Call [`rebuild_load_indexes`] in the same transaction before committing.
pub async fn suspend_load_indexes(tx: &mut Tx) -> Result<(), StoreError> {
    for (_, drop, _) in LOAD_INDEXES {
        tx.execute(drop, &[]).await?;
    }
    if tx.backend() == Backend::Postgres {
        tx.execute(PG_FOREIGN_KEY.0, &[]).await?;
    }
    Ok(())
}

/// Rebuilds what [`suspend_load_indexes`] dropped; a duplicate ID hash or household number fails
/// here, and the transaction with it.
pub async fn rebuild_load_indexes(tx: &mut Tx) -> Result<(), StoreError> {
    for (_, _, create) in LOAD_INDEXES {
        tx.execute(create, &[]).await?;
    }
    if tx.backend() == Backend::Postgres {
        tx.execute(PG_FOREIGN_KEY.1, &[]).await?;
    }
    Ok(())
}

/// Names of the indexes on the tables a load fills, `registry_households` and `registry_persons`
/// (primary keys aside), sorted. (The history's index stays: a load writes no history.)
pub async fn index_names(db: &Db) -> Result<Vec<String>, StoreError> {
    let sql = match db.backend() {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'index' \
             AND tbl_name IN ('registry_households', 'registry_persons') \
             AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name"
        }
        Backend::Postgres => {
            "SELECT indexname FROM pg_indexes \
             WHERE tablename IN ('registry_households', 'registry_persons') \
             AND indexname NOT LIKE '%_pkey' ORDER BY indexname"
        }
    };
    let rows: Vec<(String,)> = db.fetch_all(sql, &[]).await?;
    Ok(rows.into_iter().map(|(name,)| name).collect())
}

/// The index names [`suspend_load_indexes`] and [`rebuild_load_indexes`] manage, sorted.
pub fn load_index_names() -> Vec<&'static str> {
    let mut names: Vec<&str> = LOAD_INDEXES.iter().map(|(name, _, _)| *name).collect();
    names.sort_unstable();
    names
}
