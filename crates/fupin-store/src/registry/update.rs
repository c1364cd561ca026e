//! Reads an update import needs: the registered persons of a region page by page, and lookups of
//! persons by keyed hash and households by number in chunks (one statement per chunk rather than
//! per row).

use std::sync::LazyLock;

use crate::db::{Tx, Value};
use crate::error::StoreError;

/// Values per chunked lookup. Unused places are filled with a value that matches nothing, so each
/// lookup is one prepared statement.
pub const LOOKUP_CHUNK: usize = 256;

/// A registered person as an update compares them with the file.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct KnownPerson {
    /// Id.
    pub id: i64,
    /// Keyed hash of the ID number.
    pub id_hash: Vec<u8>,
    /// Status code.
    pub status: String,
    /// Exit year.
    pub exit_year: Option<i32>,
    /// Village code.
    pub village_code: String,
}

/// `(low, high)` bounds of the village codes starting with `prefix`: region codes are digit
/// strings and ':' follows '9', as in [`crate::Scope::params`].
fn bounds(prefix: &str) -> [Value; 2] {
    [Value::from(prefix), Value::from(format!("{prefix}:"))]
}

/// How many registered persons live in villages starting with `prefix` (`""`: all).
pub async fn count_area_persons(tx: &mut Tx, prefix: &str) -> Result<i64, StoreError> {
    tx.fetch_i64(
        "SELECT COUNT(*) FROM registry_persons WHERE village_code >= $1 AND village_code < $2",
        &bounds(prefix),
    )
    .await
}

/// Up to `limit` registered persons in villages starting with `prefix`, with ids above `after`, by
/// id: page through a region without holding its rows twice.
pub async fn area_persons_after(
    tx: &mut Tx,
    prefix: &str,
    after: i64,
    limit: i64,
) -> Result<Vec<KnownPerson>, StoreError> {
    let [low, high] = bounds(prefix);
    tx.fetch_all(
        "SELECT id, id_hash, status, exit_year, village_code FROM registry_persons \
         WHERE id > $1 AND village_code >= $2 AND village_code < $3 ORDER BY id LIMIT $4",
        &[Value::from(after), low, high, Value::from(limit)],
    )
    .await
}

fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

static PERSONS_BY_HASH: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT id, id_hash, status, exit_year, village_code FROM registry_persons \
         WHERE id_hash IN ({})",
        placeholders(1, LOOKUP_CHUNK)
    )
});

static HOUSEHOLDS_BY_NO: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT household_no, id FROM registry_households WHERE household_no IN ({})",
        placeholders(1, LOOKUP_CHUNK)
    )
});

/// The registered persons whose keyed hash is among `hashes` (any region).
pub async fn persons_by_hashes(
    tx: &mut Tx,
    hashes: &[Vec<u8>],
) -> Result<Vec<KnownPerson>, StoreError> {
    let sql: &'static str = PERSONS_BY_HASH.as_str();
    let mut found = Vec::new();
    for chunk in hashes.chunks(LOOKUP_CHUNK) {
        // An empty hash matches no person: every stored hash has 16 bytes.
        let params: Vec<Value> = chunk
            .iter()
            .map(|h| Value::from(h.clone()))
            .chain(std::iter::repeat_with(|| Value::from(Vec::<u8>::new())))
            .take(LOOKUP_CHUNK)
            .collect();
        found.extend(tx.fetch_all::<KnownPerson>(sql, &params).await?);
    }
    Ok(found)
}

/// `(household_no, id)` of the registered households whose number is among `numbers`.
pub async fn households_by_no(
    tx: &mut Tx,
    numbers: &[String],
) -> Result<Vec<(String, i64)>, StoreError> {
    let sql: &'static str = HOUSEHOLDS_BY_NO.as_str();
    let mut found = Vec::new();
    for chunk in numbers.chunks(LOOKUP_CHUNK) {
        // An empty number matches no household: imports refuse empty household numbers.
        let params: Vec<Value> = chunk
            .iter()
            .map(|n| Value::from(n.as_str()))
            .chain(std::iter::repeat_with(|| Value::from("")))
            .take(LOOKUP_CHUNK)
            .collect();
        found.extend(tx.fetch_all::<(String, i64)>(sql, &params).await?);
    }
    Ok(found)
}

/// A registered household's state.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct HouseholdState {
    /// Id.
    pub id: i64,
    /// Village code.
    pub village_code: String,
    /// Status code.
    pub status: String,
    /// Exit year.
    pub exit_year: Option<i32>,
}

/// The household with this number.
pub async fn household_by_no(
    db: &crate::Db,
    household_no: &str,
) -> Result<Option<HouseholdState>, StoreError> {
    db.fetch_optional(
        "SELECT id, village_code, status, exit_year FROM registry_households \
         WHERE household_no = $1",
        &[Value::from(household_no)],
    )
    .await
}
