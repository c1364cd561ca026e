//! The writer side of an update import: inserts new persons (into their household by number, created
//! when new), applies changes with their history, and marks the region's persons absent from the
//! file as removed (已死亡/注销).

use std::collections::HashMap;

use fupin_domain::RegistryStatus;
use fupin_store::registry::history::{self, StatusChange, StatusState};
use fupin_store::registry::imports::ImportCounts;
use fupin_store::registry::update::{self, KnownPerson};
use fupin_store::registry::{HOUSEHOLDS, PERSONS};
use fupin_store::{StoreError, Tx};
use time::Date;

use super::known::Known;
use super::row::FileRow;

/// Changes written per statement batch when marking absent persons.
const REMOVALS_PER_BATCH: usize = 4096;

/// The state of an update in progress on the writer's side.
pub(crate) struct Updater {
    effective: Date,
    import_id: i64,
    next_household: i64,
    /// The household the last new person joined: members of a household are consecutive.
    last_household: Option<(String, i64)>,
    /// What the writer counted (the parser counts the unchanged).
    pub counts: ImportCounts,
    /// Households created.
    pub households: u64,
}

impl Updater {
    pub(crate) fn new(effective: Date, import_id: i64, next_household: i64) -> Updater {
        Updater {
            effective,
            import_id,
            next_household,
            last_household: None,
            counts: ImportCounts::default(),
            households: 0,
        }
    }

    /// Writes one batch of differences.
    pub(crate) async fn apply(
        &mut self,
        tx: &mut Tx,
        mut changes: Vec<StatusChange>,
        unknown: Vec<FileRow>,
    ) -> Result<(), StoreError> {
        // A person not registered in the region may be registered elsewhere: they moved here.
        let hashes: Vec<Vec<u8>> = unknown
            .iter()
            .map(|row| row.protected.hash.clone().unwrap_or_default())
            .collect();
        let mut elsewhere: HashMap<Vec<u8>, KnownPerson> = update::persons_by_hashes(tx, &hashes)
            .await?
            .into_iter()
            .map(|p| (p.id_hash.clone(), p))
            .collect();
        let mut new_rows = Vec::with_capacity(unknown.len());
        for row in unknown {
            let hash = row.protected.hash.as_deref().unwrap_or_default();
            match elsewhere.remove(hash) {
                Some(person) => changes.push(StatusChange {
                    person_id: person.id,
                    old: registered_state(&person)?,
                    new: row.state(),
                    household: row.household_first,
                }),
                None => new_rows.push(row),
            }
        }
        self.insert(tx, new_rows).await?;
        for change in &changes {
            self.count(change);
        }
        history::record_changes(tx, &changes, self.effective, self.import_id).await
    }

    /// Inserts new persons, finding their household by number or creating it.
    async fn insert(&mut self, tx: &mut Tx, rows: Vec<FileRow>) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Ok(());
        }
        let mut wanted: Vec<String> = Vec::new();
        for row in &rows {
            let is_last = self
                .last_household
                .as_ref()
                .is_some_and(|(no, _)| *no == row.household_no);
            // Members of a household are consecutive in the file, hence among these rows too.
            if !is_last && wanted.last() != Some(&row.household_no) {
                wanted.push(row.household_no.clone());
            }
        }
        let registered: HashMap<String, i64> = update::households_by_no(tx, &wanted)
            .await?
            .into_iter()
            .collect();
        let mut households = Vec::new();
        let mut persons = Vec::with_capacity(rows.len());
        for row in rows {
            let household_id = match &self.last_household {
                Some((no, id)) if *no == row.household_no => *id,
                _ => {
                    let id = match registered.get(&row.household_no) {
                        Some(id) => *id,
                        None => {
                            let id = self.next_household;
                            self.next_household += 1;
                            self.households += 1;
                            households.push(row.household(id).values());
                            id
                        }
                    };
                    self.last_household = Some((row.household_no.clone(), id));
                    id
                }
            };
            self.counts.added += 1;
            persons.push(row.person(household_id).values());
        }
        tx.bulk_insert(HOUSEHOLDS, households).await?;
        tx.bulk_insert(PERSONS, persons).await?;
        Ok(())
    }

    /// Marks the region's registered persons the file did not name as 已死亡/注销.
    pub(crate) async fn remove_absent(
        &mut self,
        tx: &mut Tx,
        known: &Known,
    ) -> Result<(), StoreError> {
        let mut absent = known.absent().peekable();
        while absent.peek().is_some() {
            let changes: Vec<StatusChange> = absent
                .by_ref()
                .take(REMOVALS_PER_BATCH)
                .map(|(person_id, old)| StatusChange {
                    person_id,
                    new: StatusState {
                        status: RegistryStatus::Deceased,
                        ..old.clone()
                    },
                    old,
                    household: false,
                })
                .collect();
            self.counts.removed += i64::try_from(changes.len()).unwrap_or(i64::MAX);
            history::record_changes(tx, &changes, self.effective, self.import_id).await?;
        }
        Ok(())
    }

    fn count(&mut self, change: &StatusChange) {
        let (old, new) = (change.old.status, change.new.status);
        let counter = if new == RegistryStatus::Deceased && old != RegistryStatus::Deceased {
            &mut self.counts.deceased
        } else if new.is_lifted() && !old.is_lifted() {
            &mut self.counts.exited
        } else {
            &mut self.counts.changed
        };
        *counter += 1;
    }
}

fn registered_state(person: &KnownPerson) -> Result<StatusState, StoreError> {
    let status = RegistryStatus::from_code(&person.status).ok_or_else(|| {
        StoreError::Corrupt(format!("registry_persons {}: unknown status", person.id))
    })?;
    Ok(StatusState {
        status,
        exit_year: person.exit_year,
        village_code: person.village_code.clone(),
    })
}
