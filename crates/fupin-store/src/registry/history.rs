//! The registry's status history: what each person's status, exit year and village were, and from
//! when, so a claim is judged against the status that held on its service date.
//!
//! Rows are written only when an update import changes a person. A person never changed has no row:
//! their `registry_persons` state is the only one known. A changed person has exactly one open row
//! (`valid_to IS NULL`) whose `valid_from` is the effective date of the last change, and closed rows
//! before it; the state they had before the first change is recorded as holding since
//! [`BEFORE_RECORDS`].

use fupin_domain::RegistryStatus;
use time::Date;

use crate::bulk::BulkTable;
use crate::db::{Db, Tx, Value};
use crate::error::StoreError;

/// The `valid_from` of a state that held before the registry's history was recorded (the state a
/// person had from the first import until their first change).
pub const BEFORE_RECORDS: Date = time::macros::date!(2000 - 01 - 01);

/// Bulk table of history rows.
const HISTORY: BulkTable = BulkTable {
    table: "registry_status_history",
    columns: &[
        "person_id",
        "status",
        "exit_year",
        "village_code",
        "valid_from",
        "valid_to",
        "import_id",
    ],
};

/// What the history records of a person at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusState {
    /// Status.
    pub status: RegistryStatus,
    /// Year the person exited poverty.
    pub exit_year: Option<i32>,
    /// Village code (12 digits).
    pub village_code: String,
}

/// One person's change, as an update import applies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    /// Registry person id.
    pub person_id: i64,
    /// The state before the change (as `registry_persons` held it).
    pub old: StatusState,
    /// The state from the effective date on.
    pub new: StatusState,
    /// Whether the person's row carries their household's status (the household's first row in
    /// the file), so the household changes with them.
    pub household: bool,
}

/// Applies `changes` in `tx` as of `effective`: each person's row (and household, when flagged) takes
/// the new state; their open history row is closed at `effective` (or, if it opened on that very
/// date, replaced); a person without history first gets a closed row for the old state since
/// [`BEFORE_RECORDS`]; then the new state opens at `effective`.
///
/// Callers guarantee that no history row opens after `effective` (imports are applied in the order
/// of their effective dates), so closing never makes a row end before it starts.
pub async fn record_changes(
    tx: &mut Tx,
    changes: &[StatusChange],
    effective: Date,
    import_id: i64,
) -> Result<(), StoreError> {
    let mut rows = Vec::with_capacity(changes.len() * 2);
    for change in changes {
        let new = &change.new;
        tx.execute(
            "UPDATE registry_persons SET status = $1, exit_year = $2, village_code = $3 \
             WHERE id = $4",
            &[
                Value::from(new.status.code()),
                Value::from(new.exit_year),
                Value::from(new.village_code.as_str()),
                Value::from(change.person_id),
            ],
        )
        .await?;
        if change.household {
            tx.execute(
                "UPDATE registry_households SET status = $1, exit_year = $2, village_code = $3, \
                 county_code = $4 \
                 WHERE id = (SELECT household_id FROM registry_persons WHERE id = $5)",
                &[
                    Value::from(new.status.code()),
                    Value::from(new.exit_year),
                    Value::from(new.village_code.as_str()),
                    Value::from(new.village_code.get(..6)),
                    Value::from(change.person_id),
                ],
            )
            .await?;
        }
        let closed = tx
            .execute(
                "UPDATE registry_status_history SET valid_to = $1 \
                 WHERE person_id = $2 AND valid_to IS NULL AND valid_from < $1",
                &[Value::from(effective), Value::from(change.person_id)],
            )
            .await?;
        if closed == 0 {
            // A second change on the same effective date replaces the first one's open row rather
            // than leaving a row that ends the day it starts.
            let replaced = tx
                .execute(
                    "UPDATE registry_status_history \
                     SET status = $1, exit_year = $2, village_code = $3, import_id = $4 \
                     WHERE person_id = $5 AND valid_to IS NULL AND valid_from = $6",
                    &[
                        Value::from(new.status.code()),
                        Value::from(new.exit_year),
                        Value::from(new.village_code.as_str()),
                        Value::from(import_id),
                        Value::from(change.person_id),
                        Value::from(effective),
                    ],
                )
                .await?;
            if replaced > 0 {
                continue;
            }
            rows.push(history_row(
                change.person_id,
                &change.old,
                BEFORE_RECORDS,
                Some(effective),
                None,
            ));
        }
        rows.push(history_row(
            change.person_id,
            new,
            effective,
            None,
            Some(import_id),
        ));
    }
    tx.bulk_insert(HISTORY, rows).await?;
    Ok(())
}

fn history_row(
    person_id: i64,
    state: &StatusState,
    valid_from: Date,
    valid_to: Option<Date>,
    import_id: Option<i64>,
) -> Vec<Value> {
    vec![
        Value::from(person_id),
        Value::from(state.status.code()),
        Value::from(state.exit_year),
        Value::from(state.village_code.as_str()),
        Value::from(valid_from),
        Value::from(valid_to),
        Value::from(import_id),
    ]
}

/// One row of a person's history.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct HistoryRow {
    /// Status code.
    pub status: String,
    /// Exit year.
    pub exit_year: Option<i32>,
    /// Village code.
    pub village_code: String,
    /// First day the state held.
    pub valid_from: Date,
    /// Day the next state began; `None` for the current state.
    pub valid_to: Option<Date>,
    /// The import that recorded the state (`None` for the state before the first change).
    pub import_id: Option<i64>,
}

/// A person's history, oldest first (empty for a person never changed).
pub async fn person_history(db: &Db, person_id: i64) -> Result<Vec<HistoryRow>, StoreError> {
    db.fetch_all(
        "SELECT status, exit_year, village_code, valid_from, valid_to, import_id \
         FROM registry_status_history WHERE person_id = $1 ORDER BY valid_from, id",
        &[Value::from(person_id)],
    )
    .await
}
