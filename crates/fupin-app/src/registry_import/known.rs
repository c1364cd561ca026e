//! The registered persons of the importing region, as an update compares the file with them.
//!
//! One fixed-size entry per person (40 bytes: the 16-byte keyed hash, id, village as a number,
//! status, exit year and whether the file named them), in a vector sorted by hash and searched by
//! bisection. For the whole country's 10 million persons that is about 400 MB, against roughly
//! twice that for a hash map of the same entries; no name or ID number is held.

use fupin_domain::RegistryStatus;
use fupin_store::Tx;
use fupin_store::registry::history::StatusState;
use fupin_store::registry::update::{self, KnownPerson};

use crate::AppError;

/// Persons read per query while loading.
const PAGE: i64 = 50_000;

#[derive(Debug, Clone, Copy)]
struct Entry {
    hash: [u8; 16],
    id: i64,
    village: u64,
    /// 0 for none.
    exit_year: u16,
    /// Index in [`RegistryStatus::ALL`].
    status: u8,
    seen: bool,
}

/// The registered persons of a region, by keyed hash.
#[derive(Debug, Default)]
pub(crate) struct Known {
    entries: Vec<Entry>,
}

/// Where a person stands in [`Known`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Slot(usize);

impl Known {
    /// Reads the persons living in villages starting with `prefix` inside `tx`, page by page.
    pub(crate) async fn load(tx: &mut Tx, prefix: &str) -> Result<Known, AppError> {
        let count = update::count_area_persons(tx, prefix).await?;
        let mut entries = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
        let mut after = 0;
        loop {
            let page = update::area_persons_after(tx, prefix, after, PAGE).await?;
            let Some(last) = page.last() else { break };
            after = last.id;
            for person in page {
                entries.push(entry(person)?);
            }
        }
        entries.sort_unstable_by_key(|e| e.hash);
        Ok(Known { entries })
    }

    /// Where the person with this keyed hash stands, if registered in the region.
    pub(crate) fn find(&self, hash: &[u8]) -> Option<Slot> {
        let key: [u8; 16] = hash.try_into().ok()?;
        self.entries
            .binary_search_by_key(&key, |e| e.hash)
            .ok()
            .map(Slot)
    }

    /// Marks the person as named by the file; false if the file named them before.
    pub(crate) fn mark_seen(&mut self, slot: Slot) -> bool {
        match self.entries.get_mut(slot.0) {
            Some(entry) if !entry.seen => {
                entry.seen = true;
                true
            }
            _ => false,
        }
    }

    /// The person's id.
    pub(crate) fn id(&self, slot: Slot) -> i64 {
        self.entries.get(slot.0).map_or(0, |e| e.id)
    }

    /// Whether the person's registered state is this one.
    pub(crate) fn same(
        &self,
        slot: Slot,
        status: RegistryStatus,
        exit_year: Option<i32>,
        village: &str,
    ) -> bool {
        self.entries.get(slot.0).is_some_and(|e| {
            RegistryStatus::ALL.get(usize::from(e.status)) == Some(&status)
                && exit_code(exit_year) == Some(e.exit_year)
                && village.parse::<u64>().ok() == Some(e.village)
        })
    }

    /// The person's registered state.
    pub(crate) fn state(&self, slot: Slot) -> Option<StatusState> {
        self.entries.get(slot.0).map(state)
    }

    /// `(id, state)` of the persons the file did not name and who are not already marked
    /// 已死亡/注销, in hash order.
    pub(crate) fn absent(&self) -> impl Iterator<Item = (i64, StatusState)> + '_ {
        self.entries
            .iter()
            .filter(|e| !e.seen)
            .map(|e| (e.id, state(e)))
            .filter(|(_, s)| s.status != RegistryStatus::Deceased)
    }
}

fn exit_code(year: Option<i32>) -> Option<u16> {
    match year {
        None => Some(0),
        Some(year) => u16::try_from(year).ok().filter(|y| *y > 0),
    }
}

fn state(entry: &Entry) -> StatusState {
    StatusState {
        status: RegistryStatus::ALL
            .get(usize::from(entry.status))
            .copied()
            .unwrap_or(RegistryStatus::NotLifted),
        exit_year: (entry.exit_year > 0).then_some(i32::from(entry.exit_year)),
        village_code: format!("{:012}", entry.village),
    }
}

fn entry(person: KnownPerson) -> Result<Entry, AppError> {
    let corrupt = |what: &str| {
        AppError::Store(fupin_store::StoreError::Corrupt(format!(
            "registry_persons {}: {what}",
            person.id
        )))
    };
    let hash: [u8; 16] = person
        .id_hash
        .as_slice()
        .try_into()
        .map_err(|_| corrupt("id_hash is not 16 bytes"))?;
    let status = RegistryStatus::ALL
        .iter()
        .position(|s| s.code() == person.status)
        .and_then(|i| u8::try_from(i).ok())
        .ok_or_else(|| corrupt("unknown status"))?;
    let exit_year = exit_code(person.exit_year).ok_or_else(|| corrupt("exit year"))?;
    // Stored village codes are 12 digits; as a number they keep their value when formatted back
    // with leading zeros.
    let village = person
        .village_code
        .parse::<u64>()
        .ok()
        .filter(|_| person.village_code.len() == 12)
        .ok_or_else(|| corrupt("village code"))?;
    Ok(Entry {
        hash,
        id: person.id,
        village,
        exit_year,
        status,
        seen: false,
    })
}
