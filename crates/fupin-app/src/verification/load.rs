//! Reading what the engine needs: the registry index (cached per process until the registry
//! changes), the roster entries and the activities' locations.

use std::collections::BTreeMap;
use std::sync::Arc;

use fupin_domain::{BeneficiaryCategory, RegionCode, RegistryStatus};
use fupin_store::verification::inputs::{self, EntryRow};
use fupin_store::{Db, StoreError};
use fupin_verify::{
    ActivityFacts, ActivityInfo, IndexBuilder, RegistryIndex, RegistryRecord, RosterEntry,
};

use crate::{App, AppError};

/// Registry persons read per query.
const REGISTRY_PAGE: i64 = 100_000;
/// Roster entries read per query.
const ENTRY_PAGE: i64 = 100_000;

/// A built index and the registry stamp it was built from.
#[derive(Debug)]
pub(crate) struct CachedIndex {
    stamp: (i64, i64, i64),
    index: Arc<RegistryIndex>,
}

/// The per-process cache of the registry index.
pub(crate) type IndexCache = Arc<tokio::sync::Mutex<Option<CachedIndex>>>;

impl App {
    /// The registry index, rebuilt only when the registry changed since it was last built;
    /// `progress` hears of every page read.
    pub(crate) async fn registry_index(
        &self,
        progress: &mut (dyn FnMut(u64) + Send),
    ) -> Result<Arc<RegistryIndex>, AppError> {
        let mut cache = self.registry_index.lock().await;
        let stamp = inputs::registry_stamp(&self.db).await?;
        if let Some(cached) = cache.as_ref().filter(|c| c.stamp == stamp) {
            return Ok(Arc::clone(&cached.index));
        }
        let index = Arc::new(build_index(&self.db, progress).await?);
        *cache = Some(CachedIndex {
            stamp,
            index: Arc::clone(&index),
        });
        Ok(index)
    }
}

async fn build_index(
    db: &Db,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<RegistryIndex, AppError> {
    let mut builder = IndexBuilder::with_capacity(0);
    let mut after = 0;
    let mut read = 0_u64;
    loop {
        let page = inputs::registry_page(db, after, REGISTRY_PAGE).await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        for row in page {
            let status = RegistryStatus::from_code(&row.status)
                .ok_or_else(|| AppError::corrupt("registry status", &row.status))?;
            let record = RegistryRecord {
                id_hash: hash16(&row.id_hash)?,
                name: row.name,
                status,
                exit_year: row.exit_year,
                status_year: row.status_year,
                village_code: row.village_code,
            };
            builder
                .push(&record)
                .map_err(|e| AppError::Store(StoreError::Corrupt(e.to_string())))?;
            read += 1;
        }
        progress(read);
    }
    builder
        .finish()
        .map_err(|e| AppError::Store(StoreError::Corrupt(e.to_string())))
}

fn hash16(bytes: &[u8]) -> Result<[u8; 16], AppError> {
    bytes
        .try_into()
        .map_err(|_| AppError::corrupt("ID hash length", &bytes.len().to_string()))
}

/// Entries of one verification with their row ids, in the engine's form.
#[derive(Debug, Default)]
pub(crate) struct LoadedEntries {
    /// Row ids, parallel to `entries`.
    pub ids: Vec<i64>,
    /// The engine's entries.
    pub entries: Vec<RosterEntry>,
}

impl LoadedEntries {
    pub(crate) fn push(&mut self, row: EntryRow) -> Result<(), AppError> {
        let category = BeneficiaryCategory::from_code(&row.category)
            .ok_or_else(|| AppError::corrupt("beneficiary category", &row.category))?;
        let id_hash = row.id_hash.as_deref().map(hash16).transpose()?;
        self.ids.push(row.id);
        self.entries.push(RosterEntry {
            activity_id: row.activity_id,
            row_no: row.row_no,
            name: row.name,
            id_hash,
            village_code: row.village_code,
            category,
            aid_fen: row.aid_fen,
            service_date: row.service_date,
        });
        Ok(())
    }
}

/// Every reported entry of the service year (all years when `None`).
pub(crate) async fn reported_entries(
    db: &Db,
    year: Option<i32>,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<LoadedEntries, AppError> {
    let mut loaded = LoadedEntries::default();
    let mut after = 0;
    loop {
        let page = inputs::entry_page(db, year, after, ENTRY_PAGE).await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        for row in page {
            loaded.push(row)?;
        }
        progress(loaded.ids.len() as u64);
    }
    Ok(loaded)
}

/// The engine's facts about the activities with a roster, and their location codes.
#[derive(Debug, Default)]
pub(crate) struct ActivityPlaces {
    /// What the engine reads.
    pub facts: ActivityFacts,
    /// Location codes per activity (to tell which activities a region's run covers).
    pub codes: BTreeMap<i64, Vec<String>>,
}

impl ActivityPlaces {
    /// Whether `activity_id` has a location under the region prefix (every activity for '').
    pub(crate) fn lies_in(&self, activity_id: i64, region: &str) -> bool {
        region.is_empty()
            || self
                .codes
                .get(&activity_id)
                .is_some_and(|codes| codes.iter().any(|c| c.starts_with(region)))
    }
}

/// The organization and locations of every activity with a roster (a bulk run).
pub(crate) async fn activity_facts(db: &Db) -> Result<ActivityPlaces, AppError> {
    places_of(inputs::activity_locations(db).await?)
}

/// The organization and locations of the activities of `loaded` only (a submission: the
/// submitted roster and the few others naming the same persons).
pub(crate) async fn facts_for(db: &Db, loaded: &LoadedEntries) -> Result<ActivityPlaces, AppError> {
    let ids: std::collections::BTreeSet<i64> =
        loaded.entries.iter().map(|e| e.activity_id).collect();
    let mut rows = Vec::new();
    for id in ids {
        rows.extend(inputs::locations_of_activity(db, id).await?);
    }
    places_of(rows)
}

fn places_of(rows: Vec<inputs::ActivityLocationRow>) -> Result<ActivityPlaces, AppError> {
    let mut by_activity: BTreeMap<i64, ActivityInfo> = BTreeMap::new();
    let mut codes: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for row in rows {
        codes
            .entry(row.activity_id)
            .or_default()
            .extend(row.region_code.clone());
        let code = row
            .region_code
            .as_deref()
            .map(|c| RegionCode::parse(c).map_err(|_| AppError::corrupt("activity location", c)))
            .transpose()?;
        by_activity
            .entry(row.activity_id)
            .or_insert_with(|| ActivityInfo {
                organization_id: row.organization_id,
                locations: Vec::new(),
            })
            .locations
            .extend(code);
    }
    Ok(ActivityPlaces {
        facts: by_activity.into_iter().collect(),
        codes,
    })
}
