//! The data generator: `registry.csv`, `roster.csv` and `labels.csv` (the planted truth),
//! deterministic from the seed and streamed row by row (memory does not grow with the size).
//!
//! Every roster entry draws what is planted in it, independently:
//!
//! | kind | rate | what |
//! |---|---:|---|
//! | `not_in_registry` | 8% | a valid ID of a registry county that the registry does not hold |
//! | `name_variant` | 5% | a registry person's ID with the name misspelt (同音字, wrong/missing/extra/swapped character) |
//! | `exited` | 3% | a person lifted out of poverty with support ended (不再享受政策) before the service year |
//! | `second_claim` | 2.5% | the person of an earlier clean entry of another organization, same year: both entries are double claims (5%) |
//! | `invalid_id` | 1% | a registry person's ID mistyped: wrong check character, 17 or 19 digits, Excel's `4.1E+17` |
//! | `name_mismatch` | 1% | a registry person's ID with someone else's name (another surname) |
//! | `clean` | the rest | a registry person in good standing in the service year, exact name and ID |
//!
//! Persons are drawn without repeats (an affine permutation of the registry), so a person is on
//! two entries only when a second claim is planted. Labels give each entry's true registry person
//! (`true_person`, empty for `not_in_registry` and `name_mismatch`: someone not in the registry)
//! and the person whose ID the entry carries (`id_person`); never a clear ID number.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;
use time::Date;

use super::names::Variant;
use super::people::{FIRST_SERVICE_YEAR, LAST_SERVICE_YEAR, Population};
use super::plant::{ClaimPool, Claimable, Entry, PersonDraw, Planted, entry_of, plant};
use super::rng::Rng;

/// Bumped whenever the generated data changes, so stale files are regenerated.
const GENERATOR_VERSION: u32 = 1;
/// Entries per activity, and activities per organization (on average).
const ENTRIES_PER_ACTIVITY: u64 = 100;
const ACTIVITIES_PER_ORGANIZATION: u64 = 4;
const STREAM_ENTRY: u64 = 10;
const STREAM_ORGANIZATION: u64 = 11;

/// The generated files and what was planted.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// `person_id,id_number,name,village_code,status,exit_year,status_year`.
    pub registry: PathBuf,
    /// `entry_id,activity_id,organization_id,row_no,id_number,name,village_code,service_date`.
    pub roster: PathBuf,
    /// `entry_id,kind,variant,true_person,id_person,first_entry_id`.
    pub labels: PathBuf,
    /// Registry persons.
    pub persons: u64,
    /// Roster entries.
    pub entries: u64,
    /// Counties the registry spans.
    pub counties: usize,
}

/// The data set of `persons` and `entries` under `dir`, generated unless a complete one with the
/// same seed and sizes is there already.
pub fn ensure(dir: &Path, seed: u64, persons: u64, entries: u64) -> Result<Dataset> {
    std::fs::create_dir_all(dir)?;
    let population = Population::new(seed, persons)?;
    let data = Dataset {
        registry: dir.join("registry.csv"),
        roster: dir.join("roster.csv"),
        labels: dir.join("labels.csv"),
        persons,
        entries,
        counties: population.county_count(),
    };
    let manifest = dir.join("manifest.txt");
    let expected =
        format!("generator {GENERATOR_VERSION} seed {seed} persons {persons} entries {entries}\n");
    if std::fs::read_to_string(&manifest).is_ok_and(|m| m == expected) {
        println!("data: reusing {}", dir.display());
        return Ok(data);
    }
    let _ = std::fs::remove_file(&manifest);
    let started = std::time::Instant::now();
    write_registry(&data.registry, &population)?;
    write_roster(&data, &population, seed)?;
    std::fs::write(&manifest, expected)?;
    println!(
        "data: generated {} persons and {} entries in {:.1} s under {}",
        persons,
        entries,
        started.elapsed().as_secs_f64(),
        dir.display()
    );
    Ok(data)
}

fn part(path: &Path) -> PathBuf {
    path.with_extension("csv.part")
}

fn opt(year: Option<i32>) -> String {
    year.map(|y| y.to_string()).unwrap_or_default()
}

fn write_registry(path: &Path, population: &Population) -> Result<()> {
    let mut out = BufWriter::with_capacity(1 << 20, File::create(part(path))?);
    writeln!(
        out,
        "person_id,id_number,name,village_code,status,exit_year,status_year"
    )?;
    for index in 0..population.len() {
        let p = population.person(index)?;
        writeln!(
            out,
            "{},{},{},{:012},{},{},{}",
            index + 1,
            p.id.as_str(),
            p.name,
            p.village,
            p.status.code(),
            opt(p.exit_year),
            opt(p.status_year)
        )?;
    }
    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    std::fs::rename(part(path), path)?;
    Ok(())
}

fn write_roster(data: &Dataset, population: &Population, seed: u64) -> Result<()> {
    let mut roster = BufWriter::with_capacity(1 << 20, File::create(part(&data.roster))?);
    let mut labels = BufWriter::with_capacity(1 << 20, File::create(part(&data.labels))?);
    writeln!(
        roster,
        "entry_id,activity_id,organization_id,row_no,id_number,name,village_code,service_date"
    )?;
    writeln!(
        labels,
        "entry_id,kind,variant,true_person,id_person,first_entry_id"
    )?;
    let mut rng = Rng::new(seed ^ 0x726F_7374_6572);
    let mut draw = PersonDraw::new(&mut rng, population.len());
    let organizations = (data.entries / ENTRIES_PER_ACTIVITY / ACTIVITIES_PER_ORGANIZATION).max(2);
    let mut pool = ClaimPool::default();
    let mut unregistered = 0;
    for index in 0..data.entries {
        let entry_id = index + 1;
        let activity = index / ENTRIES_PER_ACTIVITY + 1;
        let organization =
            1 + Rng::for_item(seed, STREAM_ORGANIZATION, activity).below(organizations);
        let mut rng = Rng::for_item(seed, STREAM_ENTRY, index);
        let mut kind = Planted::draw(&mut rng);
        let claimed = (kind == Planted::SecondClaim)
            .then(|| pool.take(&mut rng, organization))
            .flatten();
        if kind == Planted::SecondClaim && claimed.is_none() {
            kind = Planted::Clean;
        }
        let entry = match (kind, claimed) {
            (Planted::SecondClaim, Some(first)) => {
                let p = population.person(first.person)?;
                Entry {
                    first_entry_id: Some(first.entry_id),
                    year: first.year,
                    ..entry_of(kind, first.person, &p)
                }
            }
            (Planted::NotInRegistry, _) => {
                let p = population.unregistered(unregistered)?;
                unregistered += 1;
                Entry {
                    true_person: None,
                    id_person: None,
                    year: rng.between(FIRST_SERVICE_YEAR, LAST_SERVICE_YEAR),
                    ..entry_of(kind, 0, &p)
                }
            }
            (Planted::Exited, _) => {
                let (index, p) = loop {
                    let i = draw.next()?;
                    let p = population.person(i)?;
                    if p.status == fupin_domain::RegistryStatus::LiftedNoPolicy {
                        break (i, p);
                    }
                };
                let exit = p.exit_year.unwrap_or(FIRST_SERVICE_YEAR - 1);
                Entry {
                    year: rng.between((exit + 1).max(FIRST_SERVICE_YEAR), LAST_SERVICE_YEAR),
                    ..entry_of(kind, index, &p)
                }
            }
            _ => {
                let year = rng.between(FIRST_SERVICE_YEAR, LAST_SERVICE_YEAR);
                let (index, p) = loop {
                    let i = draw.next()?;
                    let p = population.person(i)?;
                    if p.clean_in(year) {
                        break (i, p);
                    }
                };
                let mut entry = Entry {
                    year,
                    ..entry_of(kind, index, &p)
                };
                plant(&mut entry, &p, &mut rng);
                if kind == Planted::Clean {
                    pool.remember(
                        &mut rng,
                        Claimable {
                            entry_id,
                            person: index,
                            organization,
                            year,
                        },
                    );
                }
                entry
            }
        };
        let day = u16::try_from(1 + rng.below(365))?;
        let service_date = Date::from_ordinal_date(entry.year, day)?;
        writeln!(
            roster,
            "{entry_id},{activity},{organization},{},{},{},{:012},{service_date}",
            index % ENTRIES_PER_ACTIVITY + 1,
            entry.id_text,
            entry.name,
            entry.village
        )?;
        writeln!(
            labels,
            "{entry_id},{},{},{},{},{}",
            entry.kind.code(),
            entry.variant.map_or("", Variant::code),
            entry
                .true_person
                .map(|p| (p + 1).to_string())
                .unwrap_or_default(),
            entry
                .id_person
                .map(|p| (p + 1).to_string())
                .unwrap_or_default(),
            entry
                .first_entry_id
                .map(|e| e.to_string())
                .unwrap_or_default()
        )?;
    }
    roster
        .into_inner()
        .map_err(|e| e.into_error())?
        .sync_all()?;
    labels
        .into_inner()
        .map_err(|e| e.into_error())?
        .sync_all()?;
    std::fs::rename(part(&data.roster), &data.roster)?;
    std::fs::rename(part(&data.labels), &data.labels)?;
    Ok(())
}
