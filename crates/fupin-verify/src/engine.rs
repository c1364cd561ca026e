//! The engine: roster entries against the registry index and the activities.

use std::fmt;
use std::num::NonZeroUsize;

use fupin_domain::{AssistanceList, BeneficiaryCategory, RegistryStatus};
use time::Date;

use crate::activity::{Activity, ActivityFacts, RegionAgreement};
use crate::claims;
use crate::index::{Person, RegistryFacts, RegistryIndex, parse_village};
use crate::lists::Sources;
use crate::names::{NameAgreement, codes_into, compare};
use crate::verdict::{Reason, Status, Verdict};

/// Below this many entries per thread, splitting the work does not pay.
const MIN_CHUNK: usize = 16_384;

/// One roster entry as the store reads it (`roster_entries`).
///
/// `Debug` shows neither the name nor the hash.
#[derive(Clone, PartialEq, Eq)]
pub struct RosterEntry {
    /// The activity whose roster holds the entry.
    pub activity_id: i64,
    /// Row number in that roster.
    pub row_no: i32,
    /// The name as written on the roster.
    pub name: String,
    /// The keyed hash of the ID number; `None` when the ID did not validate.
    pub id_hash: Option<[u8; 16]>,
    /// The 12-digit village code given on the roster, if any.
    pub village_code: Option<String>,
    /// Beneficiary category (the caller picks the registry or list to verify against).
    pub category: BeneficiaryCategory,
    /// Aid in fen.
    pub aid_fen: i64,
    /// Date of service.
    pub service_date: Date,
}

impl fmt::Debug for RosterEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RosterEntry")
            .field("activity_id", &self.activity_id)
            .field("row_no", &self.row_no)
            .field("has_id_hash", &self.id_hash.is_some())
            .field("category", &self.category)
            .field("aid_fen", &self.aid_fen)
            .field("service_date", &self.service_date)
            .finish_non_exhaustive()
    }
}

/// Entries that cannot be verified as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// An entry's activity is not among the activity facts.
    #[error("名单条目所属的活动{activity_id}不在核对所用的活动资料中")]
    UnknownActivity {
        /// The activity id.
        activity_id: i64,
    },
    /// Entries and verdicts do not pair up.
    #[error("名单条目（{entries}条）与核对结果（{verdicts}条）数量不符")]
    LengthMismatch {
        /// Number of entries.
        entries: usize,
        /// Number of verdicts.
        verdicts: usize,
    },
    /// A worker thread stopped abnormally.
    #[error("核对线程异常退出")]
    Worker,
}

/// Verifies `entries` against the registry and the activities, one verdict per entry in the
/// same order, on as many threads as the machine offers. Double claims are looked for among
/// the entries given, so pass every entry of the period concerned (claims overlap when they name the same
/// ID hash in the same calendar year of service).
pub fn verify(
    entries: &[RosterEntry],
    index: &RegistryIndex,
    activities: &ActivityFacts,
) -> Result<Vec<Verdict>, VerifyError> {
    verify_against(entries, &Sources::registry(index), activities)
}

/// [`verify`] against the registry and the loaded assistance lists: an entry of a category with a
/// list (低保, 特困, 贫困残疾人) is looked up on that list first, then in the registry.
pub fn verify_against(
    entries: &[RosterEntry],
    sources: &Sources<'_>,
    activities: &ActivityFacts,
) -> Result<Vec<Verdict>, VerifyError> {
    let threads = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    verify_in(entries, sources, activities, threads)
}

/// [`verify`] on at most `threads` threads (1: on the calling thread). The verdicts do not
/// depend on the number of threads.
pub fn verify_with_threads(
    entries: &[RosterEntry],
    index: &RegistryIndex,
    activities: &ActivityFacts,
    threads: usize,
) -> Result<Vec<Verdict>, VerifyError> {
    verify_in(entries, &Sources::registry(index), activities, threads)
}

/// Where an entry's person was found: the record and the list it came from (`None`: the
/// registry).
type Found = Option<(Person, Option<AssistanceList>)>;

/// [`verify_against`] on at most `threads` threads.
pub fn verify_in(
    entries: &[RosterEntry],
    sources: &Sources<'_>,
    activities: &ActivityFacts,
    threads: usize,
) -> Result<Vec<Verdict>, VerifyError> {
    let organizations = entries
        .iter()
        .map(|e| {
            activities
                .organization_of(e.activity_id)
                .ok_or(VerifyError::UnknownActivity {
                    activity_id: e.activity_id,
                })
        })
        .collect::<Result<Vec<i64>, _>>()?;
    // Every hash once, ascending: the merge join with the index and the double claims.
    let mut sorted: Vec<(u128, usize)> = entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.id_hash.map(|h| (u128::from_be_bytes(h), i)))
        .collect();
    sorted.sort_unstable_by_key(|&(key, _)| key);
    // Copied while the cache line is at hand: later reads in entry order would miss again.
    let mut found: Vec<Found> = vec![None; entries.len()];
    let registry = sources.registry_index();
    let mut cursor = 0;
    // Each list is walked with its own cursor: its entries' hashes ascend too.
    let mut list_cursors = [0_usize; AssistanceList::ALL.len()];
    // Reading an entry's category here is a cache miss per entry: only when a list is loaded.
    let lists = sources.any_list();
    for &(key, entry) in &sorted {
        cursor = registry.seek(cursor, key);
        let mut hit = registry.at(cursor, key).map(|p| (*p, None));
        let list = entries
            .get(entry)
            .filter(|_| lists)
            .and_then(|e| AssistanceList::for_category(e.category));
        if let Some(list) = list
            && let Some(index) = sources.list(list)
            && let Some(at) = list_cursors.get_mut(list.index())
        {
            *at = index.seek(*at, key);
            if let Some(person) = index.at(*at, key) {
                hit = Some((*person, Some(list)));
            }
        }
        if let Some(slot) = found.get_mut(entry) {
            *slot = hit;
        }
    }
    let mut claims = claims::find(&sorted, entries, &organizations);
    drop(sorted);
    let threads = threads.clamp(1, entries.len().div_ceil(MIN_CHUNK).max(1));
    if threads == 1 {
        return run(entries, &found, &mut claims, activities, sources);
    }
    let chunk = entries.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = entries
            .chunks(chunk)
            .zip(found.chunks(chunk))
            .zip(claims.chunks_mut(chunk))
            .map(|((e, f), c)| scope.spawn(move || run(e, f, c, activities, sources)))
            .collect();
        let mut verdicts = Vec::with_capacity(entries.len());
        for worker in workers {
            verdicts.extend(worker.join().map_err(|_| VerifyError::Worker)??);
        }
        Ok(verdicts)
    })
}

/// Verifies a slice of entries: `found[i]` is the person of `entries[i]` (if any), `claims[i]`
/// its claim reasons (taken).
fn run(
    entries: &[RosterEntry],
    found: &[Found],
    claims: &mut [Vec<Reason>],
    activities: &ActivityFacts,
    sources: &Sources<'_>,
) -> Result<Vec<Verdict>, VerifyError> {
    let mut codes = Vec::with_capacity(16);
    entries
        .iter()
        .zip(found)
        .zip(claims.iter_mut())
        .map(|((entry, person), claims)| {
            let activity =
                activities
                    .get(entry.activity_id)
                    .ok_or(VerifyError::UnknownActivity {
                        activity_id: entry.activity_id,
                    })?;
            // The list the entry's category is verified on, when one is loaded.
            let list =
                AssistanceList::for_category(entry.category).filter(|l| sources.list(*l).is_some());
            Ok(verdict_of(
                entry,
                activity,
                person.as_ref(),
                list,
                std::mem::take(claims),
                &mut codes,
            ))
        })
        .collect()
}

/// The verdict on one entry.
fn verdict_of(
    entry: &RosterEntry,
    activity: &Activity,
    found: Option<&(Person, Option<AssistanceList>)>,
    list: Option<AssistanceList>,
    claims: Vec<Reason>,
    codes: &mut Vec<u16>,
) -> Verdict {
    let mut reasons = Vec::new();
    let mut name = None;
    let mut region = None;
    match entry.id_hash.map(|_| found) {
        None => reasons.push(Reason::InvalidId),
        Some(None) => {
            reasons.push(Reason::NotInRegistry);
            if let Some(list) = list {
                reasons.push(Reason::NotOnList { list });
            }
        }
        Some(Some((person, on_list))) => {
            if let Some(list) = on_list {
                reasons.push(Reason::OnList { list: *list });
            }
            codes_into(&entry.name, codes);
            let found = compare(codes, person.name());
            if found.agreement != NameAgreement::Exact {
                reasons.push(Reason::Name(found));
            }
            name = Some(found);
            let facts = person.facts();
            match on_list {
                None => standing(&facts, entry.service_date.year(), &mut reasons),
                Some(list) => list_standing(*list, &facts, entry.service_date.year(), &mut reasons),
            }
            let agreement = activity.region(facts.village);
            match agreement {
                RegionAgreement::Outside => reasons.push(Reason::OutsideLocations),
                RegionAgreement::SameCounty => reasons.push(Reason::SameCountyOnly),
                RegionAgreement::Within | RegionAgreement::NoLocations => {}
            }
            region = Some(agreement);
            if entry
                .village_code
                .as_deref()
                .and_then(parse_village)
                .is_some_and(|v| v != facts.village)
            {
                reasons.push(Reason::RosterVillageDiffers);
            }
        }
    }
    reasons.extend(claims);
    let status = reasons
        .iter()
        .filter_map(Reason::failure)
        .min_by_key(Status::precedence)
        .unwrap_or(match name.map(|n| n.agreement) {
            Some(NameAgreement::Homophone | NameAgreement::SoundsAlike) => Status::Homophone,
            Some(NameAgreement::Typo(_)) => Status::Typo,
            _ => Status::Verified,
        });
    Verdict {
        activity_id: entry.activity_id,
        row_no: entry.row_no,
        status,
        name,
        region,
        reasons,
    }
}

/// The person's standing in the service year `year`, judged on whole years (the registry keeps
/// years, not dates): an exit or death in the service year itself is given the benefit of the
/// doubt. 已脱贫不再享受政策 before that year fails; 已脱贫享受政策 before it is a note (脱贫不脱政策);
/// 返贫 is a note; 死亡/注销 fails unless its year is known and not before the service year.
fn standing(facts: &RegistryFacts, year: i32, reasons: &mut Vec<Reason>) {
    let exited_before = facts.exit_year.filter(|&e| e < year);
    match facts.status {
        RegistryStatus::NotLifted => {}
        RegistryStatus::Returned => reasons.push(Reason::Returned {
            year: facts.status_year,
        }),
        RegistryStatus::LiftedWithPolicy => {
            if let Some(exit_year) = exited_before {
                reasons.push(Reason::ExitedWithPolicy { exit_year });
            }
        }
        RegistryStatus::LiftedNoPolicy => {
            if let Some(exit_year) = exited_before {
                reasons.push(Reason::ExitedBeforeService {
                    exit_year,
                    service_year: year,
                });
            }
        }
        RegistryStatus::Deceased => deceased(facts, year, reasons),
    }
}

/// A list member's standing in the service year `year` (see [`crate::lists`] for how list
/// statuses are indexed): having left the list before that year fails, as does death before it;
/// leaving or dying in the service year itself is given the benefit of the doubt.
fn list_standing(
    list: AssistanceList,
    facts: &RegistryFacts,
    year: i32,
    reasons: &mut Vec<Reason>,
) {
    match facts.status {
        RegistryStatus::LiftedNoPolicy => {
            if let Some(exit_year) = facts.exit_year.filter(|&e| e < year) {
                reasons.push(Reason::LeftListBeforeService {
                    list,
                    exit_year,
                    service_year: year,
                });
            }
        }
        RegistryStatus::Deceased => deceased(facts, year, reasons),
        _ => {}
    }
}

/// Death or removal fails the entry unless its year is known and not before the service year
/// `year` (in that year itself, a note: the service may have come first).
fn deceased(facts: &RegistryFacts, year: i32, reasons: &mut Vec<Reason>) {
    match facts.status_year {
        Some(d) if d > year => {}
        Some(d) if d == year => reasons.push(Reason::DiedInServiceYear),
        _ => reasons.push(Reason::Deceased {
            year: facts.status_year,
        }),
    }
}
