//! The generated registry population: every person's ID number, name, village and status are a
//! pure function of the seed and the person's number, so the roster generator recomputes what it
//! needs instead of holding 10 million persons.
//!
//! ID numbers are valid GB 11643 numbers ([`IdNumber::from_parts`]) of the person's county, made
//! unique by construction: person `i` of `C` counties is number `j = i / C` of county `i mod C`,
//! and `k = j · STRIDE mod (BIRTH_DAYS · 900)` (a bijection, `STRIDE` being prime to the modulus)
//! gives the birth date (`k mod BIRTH_DAYS`) and the sequence (`k / BIRTH_DAYS`, 000–899).
//! Sequences 900–999 are never registered: they make the valid IDs of persons not in the registry.

use anyhow::{Context, Result, bail};
use fupin_domain::{IdNumber, RegistryStatus};
use time::{Date, Duration, Month};

use super::names;
use super::rng::Rng;

/// Registry persons per county: 10 million over the 832 poor counties. Smaller samples use fewer
/// counties, so villages stay as crowded (about 70 persons each) and blocking on village and
/// surname in Splink stays as selective as at full size.
const PERSONS_PER_COUNTY: u64 = 12_020;
/// Townships per county and villages per township.
const TOWNSHIPS: u64 = 15;
const VILLAGES: u64 = 12;
/// Birth dates run over this many days from 1940-01-01 (to 2002).
const BIRTH_DAYS: u64 = 23_000;
/// Sequences the registry uses (000–899); 900–999 are left for persons not in it.
const REGISTERED_SEQUENCES: u64 = 900;
/// A prime that divides neither modulus, so multiplying by it permutes the (date, sequence) slots.
const STRIDE: u64 = 1_000_003;
/// Years of service on the rosters.
pub const FIRST_SERVICE_YEAR: i32 = 2019;
/// Last year of service.
pub const LAST_SERVICE_YEAR: i32 = 2024;

const STREAM_PERSON: u64 = 1;
const STREAM_UNREGISTERED: u64 = 2;

/// One registry person.
#[derive(Debug, Clone)]
pub struct Person {
    /// The ID number.
    pub id: IdNumber,
    /// The registered name.
    pub name: String,
    /// From the ID's sequence (odd: male); picks the given-name characters.
    pub male: bool,
    /// The 12-digit village code as an integer.
    pub village: u64,
    /// Current status.
    pub status: RegistryStatus,
    /// Year lifted out of poverty.
    pub exit_year: Option<i32>,
    /// Year of 返贫 or of death, when known.
    pub status_year: Option<i32>,
}

impl Person {
    /// Whether an entry serving this person in `year` passes the status check: not lifted with
    /// support ended before `year`, and not deceased before or in it.
    pub fn clean_in(&self, year: i32) -> bool {
        match self.status {
            RegistryStatus::LiftedNoPolicy => self.exit_year.is_some_and(|e| e >= year),
            RegistryStatus::Deceased => self.status_year.is_some_and(|d| d > year),
            _ => true,
        }
    }
}

/// The registry population of a run.
#[derive(Debug, Clone)]
pub struct Population {
    seed: u64,
    persons: u64,
    counties: Vec<u64>,
}

impl Population {
    /// `persons` persons spread over `persons / 12,020` of the 832 poor counties (at least one).
    pub fn new(seed: u64, persons: u64) -> Result<Self> {
        let mut all: Vec<u64> = fupin_store::reference::poor_counties()
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .into_keys()
            .filter_map(|code| code.parse().ok())
            .collect();
        all.sort_unstable();
        if all.is_empty() {
            bail!("no poor counties in the reference data");
        }
        let wanted = persons
            .div_ceil(PERSONS_PER_COUNTY)
            .clamp(1, all.len() as u64) as usize;
        // Every n-th county, so a small sample still spans several provinces.
        let step = all.len() / wanted;
        let counties: Vec<u64> = all
            .iter()
            .step_by(step.max(1))
            .take(wanted)
            .copied()
            .collect();
        let per_county = persons.div_ceil(counties.len() as u64);
        if per_county >= BIRTH_DAYS * REGISTERED_SEQUENCES {
            bail!("{persons} persons do not fit {} counties", counties.len());
        }
        Ok(Self {
            seed,
            persons,
            counties,
        })
    }

    /// Number of persons.
    pub fn len(&self) -> u64 {
        self.persons
    }

    /// Number of counties.
    pub fn county_count(&self) -> usize {
        self.counties.len()
    }

    fn county(&self, n: u64) -> u64 {
        self.counties[(n % self.counties.len() as u64) as usize]
    }

    /// Person `index` (0-based; the registry file's `person_id` is `index + 1`).
    pub fn person(&self, index: u64) -> Result<Person> {
        let county = self.county(index);
        let slot =
            (index / self.counties.len() as u64) * STRIDE % (BIRTH_DAYS * REGISTERED_SEQUENCES);
        let sequence = slot / BIRTH_DAYS;
        let id = id_number(county, slot % BIRTH_DAYS, sequence)?;
        let male = sequence % 2 == 1;
        let mut rng = Rng::for_item(self.seed, STREAM_PERSON, index);
        let name = names::full_name(&mut rng, male);
        let village = village_in(county, &mut rng);
        let (status, exit_year, status_year) = draw_status(&mut rng);
        Ok(Person {
            id,
            name,
            male,
            village,
            status,
            exit_year,
            status_year,
        })
    }

    /// The `n`-th person not in the registry: a valid ID of a registry county with a sequence of
    /// 900–999 (unique for `n` below 2.3 million per county), a name and a village there.
    pub fn unregistered(&self, n: u64) -> Result<Person> {
        let county = self.county(n);
        let slot = (n / self.counties.len() as u64) * STRIDE % (BIRTH_DAYS * 100);
        let sequence = REGISTERED_SEQUENCES + slot / BIRTH_DAYS;
        let id = id_number(county, slot % BIRTH_DAYS, sequence)?;
        let male = sequence % 2 == 1;
        let mut rng = Rng::for_item(self.seed, STREAM_UNREGISTERED, n);
        Ok(Person {
            id,
            name: names::full_name(&mut rng, male),
            male,
            village: village_in(county, &mut rng),
            status: RegistryStatus::NotLifted,
            exit_year: None,
            status_year: None,
        })
    }
}

fn id_number(county: u64, birth_day: u64, sequence: u64) -> Result<IdNumber> {
    let first = Date::from_calendar_date(1940, Month::January, 1)?;
    let birth = first + Duration::days(i64::try_from(birth_day)?);
    IdNumber::from_parts(&format!("{county:06}"), birth, u16::try_from(sequence)?)
        .with_context(|| format!("cannot make an ID number in county {county}"))
}

fn village_in(county: u64, rng: &mut Rng) -> u64 {
    let township = 1 + rng.below(TOWNSHIPS);
    let village = 1 + rng.below(VILLAGES);
    county * 1_000_000 + township * 1_000 + village
}

/// A status as the registry stood after 2020: most lifted out of poverty, a quarter with support
/// ended, a few returned, not lifted or deceased.
fn draw_status(rng: &mut Rng) -> (RegistryStatus, Option<i32>, Option<i32>) {
    let exit = rng.between(2014, 2020);
    match rng.below(1000) {
        0..=19 => (RegistryStatus::NotLifted, None, None),
        20..=699 => (RegistryStatus::LiftedWithPolicy, Some(exit), None),
        700..=714 => (
            RegistryStatus::Returned,
            Some(exit),
            Some(rng.between(exit + 1, LAST_SERVICE_YEAR)),
        ),
        715..=969 => (RegistryStatus::LiftedNoPolicy, Some(exit), None),
        _ => {
            let died = rng
                .chance(0.9)
                .then(|| rng.between(2015, LAST_SERVICE_YEAR));
            (
                RegistryStatus::Deceased,
                rng.chance(0.5).then_some(exit),
                died,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::collections::HashSet;

    use super::*;

    #[test]
    fn ids_are_valid_unique_and_never_use_the_unregistered_sequences() {
        let population = Population::new(5, 50_000).unwrap();
        assert_eq!(population.county_count(), 5);
        let mut seen = HashSet::new();
        for i in 0..50_000 {
            let person = population.person(i).unwrap();
            assert!(IdNumber::parse(person.id.as_str()).is_ok());
            assert!(person.id.sequence() < 900);
            assert!(seen.insert(person.id.as_str().to_owned()));
            assert_eq!(format!("{:012}", person.village).len(), 12);
        }
        for n in 0..20_000 {
            let other = population.unregistered(n).unwrap();
            assert!(other.id.sequence() >= 900);
            assert!(seen.insert(other.id.as_str().to_owned()));
        }
    }

    #[test]
    fn persons_are_recomputed_identically() {
        let population = Population::new(5, 1_000).unwrap();
        let a = population.person(77).unwrap();
        let b = population.person(77).unwrap();
        assert_eq!((a.id, a.name, a.village), (b.id, b.name, b.village));
    }
}
