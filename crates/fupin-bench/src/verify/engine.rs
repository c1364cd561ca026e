//! The engine from files to results: read the registry (several threads, each ID hashed with
//! HMAC-SHA-256) into `fupin_verify::RegistryIndex`, read the roster (every ID checked with
//! `IdNumber::parse`, the valid ones hashed), `fupin_verify::verify_with_threads`, and count the
//! verdicts by status; timed per phase. Two ways to index ([`IndexMode`]): every person, with the
//! roster read while the index sorts; or the roster first, then only the persons it may name.

use std::sync::Mutex;
use std::sync::mpsc::sync_channel;
use std::time::{Duration, Instant};

use anyhow::{Result, anyhow};
use fupin_domain::RegistryStatus;
use fupin_verify::{ActivityFacts, ActivityInfo, IndexBuilder, Reason, RegistryRecord, Status};

use super::generate::Dataset;
use super::hasher::{HashFilter, IdHasher};
use super::read::{RegistryBatch, Roster, read_registry, read_roster, split_lines};

/// The exact part's results: each entry under the first of these that applies (as DuckDB
/// computes them), and the entries claimed by two or more organizations in the same year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExactCounts {
    /// The ID number is not a valid GB 11643 number.
    pub invalid_id: u64,
    /// A valid ID the registry does not hold.
    pub not_in_registry: u64,
    /// Deceased before (or in an unknown year before) the service year.
    pub deceased: u64,
    /// Lifted out of poverty with support ended before the service year.
    pub exited_before_service: u64,
    /// In the registry and in good standing on the service date.
    pub in_good_standing: u64,
    /// On entries of two or more organizations in the same year (of any of the above).
    pub double_claimed: u64,
}

impl ExactCounts {
    /// The counts by name, in a fixed order (the DuckDB script prints the same names).
    pub fn pairs(&self) -> [(&'static str, u64); 6] {
        [
            ("invalid_id", self.invalid_id),
            ("not_in_registry", self.not_in_registry),
            ("deceased", self.deceased),
            ("exited_before_service", self.exited_before_service),
            ("in_good_standing", self.in_good_standing),
            ("double_claimed", self.double_claimed),
        ]
    }

    /// The counts from `(name, count)` pairs, as the DuckDB script prints them.
    pub fn from_json(value: &serde_json::Value) -> Result<Self> {
        let get = |key: &str| {
            value
                .get(key)
                .and_then(serde_json::Value::as_u64)
                .ok_or_else(|| anyhow!("no count {key} in {value}"))
        };
        Ok(Self {
            invalid_id: get("invalid_id")?,
            not_in_registry: get("not_in_registry")?,
            deceased: get("deceased")?,
            exited_before_service: get("exited_before_service")?,
            in_good_standing: get("in_good_standing")?,
            double_claimed: get("double_claimed")?,
        })
    }

    fn add(&mut self, reasons: &[Reason]) {
        let has = |f: fn(&Reason) -> bool| reasons.iter().any(f);
        let slot = if has(|r| matches!(r, Reason::InvalidId)) {
            &mut self.invalid_id
        } else if has(|r| matches!(r, Reason::NotInRegistry)) {
            &mut self.not_in_registry
        } else if has(|r| matches!(r, Reason::Deceased { .. })) {
            &mut self.deceased
        } else if has(|r| matches!(r, Reason::ExitedBeforeService { .. })) {
            &mut self.exited_before_service
        } else {
            &mut self.in_good_standing
        };
        *slot += 1;
        if has(|r| matches!(r, Reason::ClaimedByOthers { .. })) {
            self.double_claimed += 1;
        }
    }
}

/// Figures of one engine run.
#[derive(Debug, Clone)]
pub struct EngineRun {
    /// Files to counts.
    pub wall: Duration,
    /// CPU time of all threads.
    pub cpu: Duration,
    /// Which persons were indexed.
    pub mode: IndexMode,
    /// Threads asked for (registry readers, roster readers, `verify`); the packing thread and,
    /// with the full index, the roster reader come in addition.
    pub threads: usize,
    /// Reading, hashing and packing the registry.
    pub registry: Duration,
    /// Sorting the index (`IndexBuilder::finish`); with the full index, the roster is read
    /// alongside.
    pub sort: Duration,
    /// Reading the roster: with the full index, the wait for it after the sort; otherwise all of
    /// it (it comes first).
    pub roster: Duration,
    /// `verify_with_threads`.
    pub verify: Duration,
    /// Counting the verdicts.
    pub count: Duration,
    /// Rows in the registry file.
    pub registry_rows: u64,
    /// Persons indexed.
    pub persons: usize,
    /// Entries verified.
    pub entries: usize,
    /// Heap bytes of the index, and per person.
    pub index_bytes: usize,
    /// Heap bytes per person.
    pub bytes_per_person: usize,
    /// Peak resident memory of the process during the run (KiB).
    pub peak_rss_kib: Option<u64>,
    /// Resident memory when the run started (KiB): the labels, and what earlier runs freed but
    /// the allocator kept.
    pub rss_before_kib: Option<u64>,
    /// Entries by status (index: `Status::index`).
    pub statuses: [u64; 9],
    /// The exact part's counts.
    pub exact: ExactCounts,
    /// `entry_id` of each entry, in file order.
    pub entry_ids: Vec<u64>,
    /// Whether each entry was linked to the registry person holding its ID with the name
    /// accepted (exact, homophone, typo): the engine's answer to "which registry person is this".
    pub linked: Vec<bool>,
}

/// Which registry persons the engine indexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexMode {
    /// Every person: the index a resident verification service keeps (32 bytes per person).
    Full,
    /// The roster is read first, and only persons whose hash may be on it are indexed (a
    /// semi-join: every registry ID is still read and hashed). Same verdicts.
    Referenced,
}

impl IndexMode {
    /// Short name for the figures.
    pub fn label(self) -> &'static str {
        match self {
            Self::Full => "full index",
            Self::Referenced => "referenced persons",
        }
    }
}

/// Runs the engine on the data set's files with `threads` threads.
pub fn run(data: &Dataset, threads: usize, mode: IndexMode) -> Result<EngineRun> {
    // Keying the hasher and checking it against fupin_app is set-up, not work per row.
    let hasher = IdHasher::bench()?;
    let threads = threads.max(1);
    crate::shell::reset_peak_rss();
    // Right after the reset the peak is the current size: what the process held already.
    let rss_before_kib = crate::shell::peak_rss_kib();
    let cpu_before = crate::shell::cpu_time();
    let started = Instant::now();
    let (index, roster, phases) = match mode {
        IndexMode::Full => std::thread::scope(|scope| {
            let capacity = usize::try_from(data.persons).unwrap_or(0);
            let builder = fill_index(data, &hasher, threads, None, capacity)?;
            let registry = started.elapsed();
            // The roster is read while the index sorts on one core, so the other is not idle
            // (on as many threads as asked: whatever the sort leaves is theirs).
            let roster_reader = scope.spawn(|| read_roster_in(data, &hasher, threads));
            let index = builder.finish()?;
            let sort = started.elapsed() - registry;
            let roster = roster_reader
                .join()
                .map_err(|_| anyhow!("the roster reader panicked"))??;
            let roster_wait = started.elapsed() - registry - sort;
            anyhow::Ok((index, roster, [registry, sort, roster_wait]))
        })?,
        IndexMode::Referenced => {
            let roster = read_roster_in(data, &hasher, threads)?;
            let roster_time = started.elapsed();
            let hashes: Vec<&[u8; 16]> = roster
                .entries
                .iter()
                .filter_map(|e| e.id_hash.as_ref())
                .collect();
            let filter = HashFilter::new(hashes.into_iter());
            // The entries' persons plus what slips through the filter (at most about 12%).
            let capacity = roster.entries.len() * 2;
            let builder = fill_index(data, &hasher, threads, Some(&filter), capacity)?;
            let registry = started.elapsed() - roster_time;
            let index = builder.finish()?;
            let sort = started.elapsed() - roster_time - registry;
            (index, roster, [registry, sort, roster_time])
        }
    };
    let [registry, sort, roster_time] = phases;
    let mut activities = ActivityFacts::new();
    for (&activity_id, &organization_id) in &roster.organizations {
        // The benchmark's activities list no locations: the region check is not part of the
        // comparison (DuckDB would need the same region table).
        activities.insert(
            activity_id,
            ActivityInfo {
                organization_id,
                locations: Vec::new(),
            },
        );
    }
    let verify_started = Instant::now();
    let verdicts =
        fupin_verify::verify_with_threads(&roster.entries, &index, &activities, threads)?;
    let verify = verify_started.elapsed();
    let count_started = Instant::now();
    let mut statuses = [0_u64; 9];
    let mut exact = ExactCounts::default();
    for verdict in &verdicts {
        if let Some(n) = statuses.get_mut(verdict.status.index()) {
            *n += 1;
        }
        exact.add(&verdict.reasons);
    }
    let count = count_started.elapsed();
    let wall = started.elapsed();
    let cpu = match (cpu_before, crate::shell::cpu_time()) {
        (Some(a), Some(b)) => b.saturating_sub(a),
        _ => Duration::ZERO,
    };
    let peak_rss_kib = crate::shell::peak_rss_kib();
    let linked = verdicts
        .iter()
        .map(|v| v.name.is_some_and(|n| n.agreement.agrees()))
        .collect();
    Ok(EngineRun {
        wall,
        cpu,
        mode,
        threads,
        registry,
        sort,
        roster: roster_time,
        verify,
        count,
        registry_rows: data.persons,
        persons: index.len(),
        entries: roster.entries.len(),
        index_bytes: index.heap_bytes(),
        bytes_per_person: index.bytes_per_person(),
        peak_rss_kib,
        rss_before_kib,
        statuses,
        exact,
        entry_ids: roster.entry_ids,
        linked,
    })
}

/// Reads the registry on `threads` threads into an index builder (persons whose hash passes
/// `filter`, if any), packing on the calling thread.
fn fill_index(
    data: &Dataset,
    hasher: &IdHasher,
    threads: usize,
    filter: Option<&HashFilter>,
    capacity: usize,
) -> Result<IndexBuilder> {
    let ranges = split_lines(&data.registry, threads)?;
    let spare = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        let (sender, batches) = sync_channel::<RegistryBatch>(4 * threads);
        let spare = &spare;
        let readers: Vec<_> = ranges
            .iter()
            .map(|&range| {
                let sender = sender.clone();
                let path = &data.registry;
                scope.spawn(move || read_registry(path, range, hasher, filter, &sender, spare))
            })
            .collect();
        drop(sender);
        let mut builder = IndexBuilder::with_capacity(capacity);
        let mut record = RegistryRecord {
            id_hash: [0; 16],
            name: String::new(),
            status: RegistryStatus::NotLifted,
            exit_year: None,
            status_year: None,
            village_code: String::new(),
        };
        for batch in batches {
            let mut start = 0;
            for row in &batch.rows {
                let (name_end, village_end) = (row.name_end as usize, row.village_end as usize);
                record.id_hash = row.id_hash;
                record.name.clear();
                record
                    .name
                    .push_str(batch.text.get(start..name_end).unwrap_or(""));
                record.village_code.clear();
                record
                    .village_code
                    .push_str(batch.text.get(name_end..village_end).unwrap_or(""));
                record.status = row.status;
                record.exit_year = row.exit_year;
                record.status_year = row.status_year;
                builder.push(&record)?;
                start = village_end;
            }
            if let Ok(mut spare) = spare.lock() {
                spare.push(batch.cleared());
            }
        }
        for reader in readers {
            reader
                .join()
                .map_err(|_| anyhow!("a registry reader panicked"))??;
        }
        Ok(builder)
    })
}

/// Reads the roster on `threads` threads (byte ranges), in file order.
fn read_roster_in(data: &Dataset, hasher: &IdHasher, threads: usize) -> Result<Roster> {
    let ranges = split_lines(&data.roster, threads)?;
    std::thread::scope(|scope| {
        let readers: Vec<_> = ranges
            .iter()
            .map(|&range| scope.spawn(move || read_roster(&data.roster, range, hasher)))
            .collect();
        let mut roster = Roster::default();
        for reader in readers {
            roster.append(
                reader
                    .join()
                    .map_err(|_| anyhow!("a roster reader panicked"))??,
            )?;
        }
        Ok(roster)
    })
}

/// The statuses with their counts, verified ones first.
pub fn status_counts(statuses: &[u64; 9]) -> Vec<(Status, u64)> {
    Status::ALL
        .iter()
        .map(|s| (*s, statuses.get(s.index()).copied().unwrap_or(0)))
        .collect()
}
