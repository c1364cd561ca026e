//! The registry index: one 32-byte record per person, sorted by the keyed ID hash.
//!
//! Record layout ([`Person`], `size_of` = 32, no side tables):
//!
//! | bytes | bits | field |
//! |---|---|---|
//! | 0–15 | 128 | `key`: the 16-byte HMAC of the ID number, read big-endian (sort order = byte order) |
//! | 16–31 | 0–39 | village code as an integer (12 digits < 2⁴⁰); county = village / 10⁶ |
//! | | 40–42 | registry status (index in `RegistryStatus::ALL`) |
//! | | 43–48 | exit year − 2000 (0: none) |
//! | | 49–54 | status year − 2000 (0: unknown): the year 返贫 or 死亡/注销 took effect |
//! | | 55–58 | name length (15 = 15 or more) |
//! | | 59–74 | sum of the name's character codes mod 2¹⁶ |
//! | | 75–98 | fingerprint of the name's readings (24 bits) |
//! | | 99–127 | fingerprint of the name's characters (29 bits) |
//!
//! Lookup: [`crate::verify`] sorts the entries' hashes once and walks the index with them (a
//! merge join, galloping forward from the previous match), so the registry is read in order
//! with about one cache miss per entry instead of the ~12 of a binary search at 10 million.
//! Single lookups ([`RegistryIndex::facts`]) use a binary search.

use std::fmt;

use fupin_domain::RegistryStatus;

use crate::names::{LEN_SATURATED, NameKey, codes_into};

/// Years are kept as offsets from this year, in 6 bits (2001..=2063; 0 means none).
const YEAR_BASE: i32 = 2000;
const YEAR_MAX: i32 = YEAR_BASE + 63;

/// One person as the store reads the registry (`registry_persons`).
///
/// `Debug` shows neither the name nor the hash.
#[derive(Clone, PartialEq, Eq)]
pub struct RegistryRecord {
    /// HMAC-SHA-256 of the ID number, truncated to 128 bits (`id_hash`).
    pub id_hash: [u8; 16],
    /// The registered name.
    pub name: String,
    /// Current status.
    pub status: RegistryStatus,
    /// Year the person was lifted out of poverty, if ever.
    pub exit_year: Option<i32>,
    /// Year the current status took effect, for 返贫 (returned) and 死亡/注销 (deceased) when the
    /// registry's history knows it; `None` otherwise.
    pub status_year: Option<i32>,
    /// The 12-digit village code.
    pub village_code: String,
}

impl fmt::Debug for RegistryRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RegistryRecord")
            .field("status", &self.status)
            .field("exit_year", &self.exit_year)
            .field("status_year", &self.status_year)
            .field("village_code", &self.village_code)
            .finish_non_exhaustive()
    }
}

/// A registry that cannot be indexed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndexError {
    /// The village code is not 12 digits.
    #[error("登记村代码“{code}”不是12位数字")]
    BadVillage {
        /// The code as given.
        code: String,
    },
    /// A year outside what the index keeps.
    #[error("年份{year}超出核对索引可记录的范围（2001–2063）")]
    YearOutOfRange {
        /// The year given.
        year: i32,
    },
    /// Two persons with the same ID hash.
    #[error("登记中有两人的身份证号码相同（哈希重复）")]
    DuplicateHash,
}

/// The facts the index keeps about a person, decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RegistryFacts {
    /// The village code as an integer (`format!("{:012}")` gives the text).
    pub village: u64,
    /// Current status.
    pub status: RegistryStatus,
    /// Year lifted out of poverty, if any.
    pub exit_year: Option<i32>,
    /// Year the current status took effect (返贫, 死亡/注销), when known.
    pub status_year: Option<i32>,
}

impl RegistryFacts {
    /// The 6-digit county code as an integer.
    pub const fn county(&self) -> u64 {
        self.village / 1_000_000
    }

    /// The village code as 12 digits.
    pub fn village_code(&self) -> String {
        format!("{:012}", self.village)
    }
}

/// One person in the index: the hash and 128 bits of packed facts (layout in the module docs).
/// The 32 bytes are checked at compile time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Person {
    key: u128,
    packed: u128,
}

const _: () = assert!(std::mem::size_of::<Person>() == 32);

const fn bits(value: u128, at: u32, width: u32) -> u128 {
    (value >> at) & ((1 << width) - 1)
}

impl Person {
    fn pack(record: &RegistryRecord, codes: &mut Vec<u16>) -> Result<Self, IndexError> {
        let village =
            parse_village(&record.village_code).ok_or_else(|| IndexError::BadVillage {
                code: record.village_code.clone(),
            })?;
        let status = RegistryStatus::ALL
            .iter()
            .position(|s| *s == record.status)
            .unwrap_or(0) as u128;
        codes_into(&record.name, codes);
        let name = NameKey::of_codes(codes);
        let packed = u128::from(village)
            | status << 40
            | u128::from(year_bits(record.exit_year)?) << 43
            | u128::from(year_bits(record.status_year)?) << 49
            | u128::from(name.len) << 55
            | u128::from(name.sum) << 59
            | u128::from(name.sound) << 75
            | u128::from(name.exact) << 99;
        Ok(Self {
            key: u128::from_be_bytes(record.id_hash),
            packed,
        })
    }

    /// The decoded facts.
    pub(crate) fn facts(&self) -> RegistryFacts {
        let year = |at| match bits(self.packed, at, 6) {
            0 => None,
            y => Some(YEAR_BASE + y as i32),
        };
        RegistryFacts {
            village: bits(self.packed, 0, 40) as u64,
            status: RegistryStatus::ALL
                .get(bits(self.packed, 40, 3) as usize)
                .copied()
                .unwrap_or(RegistryStatus::NotLifted),
            exit_year: year(43),
            status_year: year(49),
        }
    }

    /// The compact name key.
    pub(crate) fn name(&self) -> NameKey {
        NameKey {
            len: (bits(self.packed, 55, 4) as u8).min(LEN_SATURATED),
            sum: bits(self.packed, 59, 16) as u16,
            sound: bits(self.packed, 75, 24) as u32,
            exact: bits(self.packed, 99, 29) as u32,
        }
    }
}

fn year_bits(year: Option<i32>) -> Result<u8, IndexError> {
    match year {
        None => Ok(0),
        Some(y) if (YEAR_BASE + 1..=YEAR_MAX).contains(&y) => {
            u8::try_from(y - YEAR_BASE).map_err(|_| IndexError::YearOutOfRange { year: y })
        }
        Some(y) => Err(IndexError::YearOutOfRange { year: y }),
    }
}

/// A 12-digit village code as an integer.
pub(crate) fn parse_village(code: &str) -> Option<u64> {
    let code = code.trim();
    if code.len() != 12 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    code.parse().ok()
}

/// Builds a [`RegistryIndex`] one person at a time (for rows streamed from the store).
#[derive(Debug, Default)]
pub struct IndexBuilder {
    persons: Vec<Person>,
    codes: Vec<u16>,
}

impl IndexBuilder {
    /// An empty builder with room for `persons` persons (avoids regrowing at 10 million).
    pub fn with_capacity(persons: usize) -> Self {
        Self {
            persons: Vec::with_capacity(persons),
            codes: Vec::new(),
        }
    }

    /// Adds a person.
    pub fn push(&mut self, record: &RegistryRecord) -> Result<(), IndexError> {
        let person = Person::pack(record, &mut self.codes)?;
        self.persons.push(person);
        Ok(())
    }

    /// Sorts by hash and checks that no hash repeats.
    pub fn finish(mut self) -> Result<RegistryIndex, IndexError> {
        self.persons.sort_unstable_by_key(|p| p.key);
        if self.persons.windows(2).any(|w| w[0].key == w[1].key) {
            return Err(IndexError::DuplicateHash);
        }
        self.persons.shrink_to_fit();
        Ok(RegistryIndex {
            persons: self.persons,
        })
    }
}

/// The registry in memory: 32 bytes per person, sorted by ID hash.
#[derive(Debug, Clone, Default)]
pub struct RegistryIndex {
    persons: Vec<Person>,
}

impl RegistryIndex {
    /// Bytes of one person's record (32).
    pub const RECORD_BYTES: usize = std::mem::size_of::<Person>();

    /// Indexes `persons` (see [`IndexBuilder`] to push rows one at a time).
    pub fn build(persons: impl IntoIterator<Item = RegistryRecord>) -> Result<Self, IndexError> {
        let persons = persons.into_iter();
        let mut builder = IndexBuilder::with_capacity(persons.size_hint().0);
        for person in persons {
            builder.push(&person)?;
        }
        builder.finish()
    }

    /// Number of persons.
    pub fn len(&self) -> usize {
        self.persons.len()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.persons.is_empty()
    }

    /// Bytes the index holds on the heap (its records; no other tables).
    pub fn heap_bytes(&self) -> usize {
        self.persons.capacity() * std::mem::size_of::<Person>()
    }

    /// Heap bytes per person (32 after [`IndexBuilder::finish`]); 0 when empty.
    pub fn bytes_per_person(&self) -> usize {
        self.heap_bytes().checked_div(self.len()).unwrap_or(0)
    }

    /// The person with this ID hash (a binary search; see [`RegistryIndex::seek`] for many).
    pub(crate) fn find(&self, id_hash: &[u8; 16]) -> Option<&Person> {
        let key = u128::from_be_bytes(*id_hash);
        let i = self.persons.binary_search_by_key(&key, |p| p.key).ok()?;
        self.persons.get(i)
    }

    /// The first position at or after `from` whose key is not below `key` (`len()` if none),
    /// galloping forward: for keys in ascending order, each seek costs O(log gap).
    pub(crate) fn seek(&self, from: usize, key: u128) -> usize {
        let p = &self.persons[..];
        let n = p.len();
        if from >= n || p[from].key >= key {
            return from.min(n);
        }
        // p[lo].key < key throughout.
        let mut lo = from;
        let mut step = 1;
        let hi = loop {
            let probe = lo.saturating_add(step);
            if probe >= n {
                break n;
            }
            if p[probe].key >= key {
                break probe;
            }
            lo = probe;
            step = step.saturating_mul(2);
        };
        lo + 1 + p[lo + 1..hi].partition_point(|x| x.key < key)
    }

    /// The person at `position` if it has `key`.
    pub(crate) fn at(&self, position: usize, key: u128) -> Option<&Person> {
        self.persons.get(position).filter(|p| p.key == key)
    }

    /// The facts kept about the person with this ID hash.
    pub fn facts(&self, id_hash: &[u8; 16]) -> Option<RegistryFacts> {
        self.find(id_hash).map(Person::facts)
    }

    /// Whether a person with this ID hash is registered.
    pub fn contains(&self, id_hash: &[u8; 16]) -> bool {
        self.find(id_hash).is_some()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn a_person_takes_32_bytes_and_the_index_32_per_person() {
        assert_eq!(std::mem::size_of::<Person>(), 32);
        assert_eq!(RegistryIndex::RECORD_BYTES, 32);
        let index = RegistryIndex::build((0..200).map(|i| RegistryRecord {
            id_hash: [i; 16],
            name: "张伟".to_owned(),
            status: RegistryStatus::NotLifted,
            exit_year: None,
            status_year: None,
            village_code: "530102001001".to_owned(),
        }))
        .unwrap();
        assert_eq!(index.len(), 200);
        assert_eq!(index.bytes_per_person(), 32);
        assert_eq!(index.heap_bytes(), 200 * 32);
    }
}
