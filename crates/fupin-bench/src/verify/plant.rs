//! What the generator plants in a roster entry, and the helpers that plant it: persons drawn
//! without repeats, the pool of entries a second claim may name, misspelt names, mistyped IDs.

use anyhow::{Result, bail};
use fupin_domain::IdNumber;

use super::names::{self, Variant};
use super::people::{FIRST_SERVICE_YEAR, Person};
use super::rng::Rng;

/// Recent clean entries a second claim may name (bounded, so memory stays flat).
const CLAIM_POOL: usize = 4096;

/// What is planted in a roster entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Planted {
    /// Nothing.
    Clean,
    /// A valid ID the registry does not hold.
    NotInRegistry,
    /// The name misspelt.
    NameVariant,
    /// Exited with support ended before the service year.
    Exited,
    /// The second entry of a double claim.
    SecondClaim,
    /// The ID mistyped.
    InvalidId,
    /// Someone else's name on a registry person's ID.
    NameMismatch,
}

impl Planted {
    /// Every kind, in the labels' order.
    pub const ALL: [Self; 7] = [
        Self::Clean,
        Self::NotInRegistry,
        Self::NameVariant,
        Self::Exited,
        Self::SecondClaim,
        Self::InvalidId,
        Self::NameMismatch,
    ];

    /// Code in the labels file.
    pub fn code(self) -> &'static str {
        match self {
            Self::Clean => "clean",
            Self::NotInRegistry => "not_in_registry",
            Self::NameVariant => "name_variant",
            Self::Exited => "exited",
            Self::SecondClaim => "second_claim",
            Self::InvalidId => "invalid_id",
            Self::NameMismatch => "name_mismatch",
        }
    }

    /// The kind with this code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Position in [`Planted::ALL`].
    pub fn index(self) -> usize {
        Self::ALL.iter().position(|&k| k == self).unwrap_or(0)
    }

    /// A kind drawn at the rates of the module table in `generate`.
    pub fn draw(rng: &mut Rng) -> Self {
        match rng.below(1000) {
            0..=79 => Self::NotInRegistry,
            80..=129 => Self::NameVariant,
            130..=159 => Self::Exited,
            160..=184 => Self::SecondClaim,
            185..=194 => Self::InvalidId,
            195..=204 => Self::NameMismatch,
            _ => Self::Clean,
        }
    }
}

/// Registry persons in an order that never repeats: `x ↦ (a·x + b) mod n` with `a` prime to `n`.
pub struct PersonDraw {
    a: u128,
    b: u128,
    n: u64,
    next: u64,
}

impl PersonDraw {
    /// A fresh order over `n` persons.
    pub fn new(rng: &mut Rng, n: u64) -> Self {
        let mut a = (rng.next_u64() % n.max(2)) | 1;
        while gcd(a, n) != 1 {
            a += 2;
        }
        Self {
            a: u128::from(a),
            b: u128::from(rng.below(n)),
            n,
            next: 0,
        }
    }

    /// The next person, never one drawn before.
    pub fn next(&mut self) -> Result<u64> {
        if self.next >= self.n {
            bail!(
                "the roster needs more distinct persons than the registry's {}",
                self.n
            );
        }
        let x = (self.a * u128::from(self.next) + self.b) % u128::from(self.n);
        self.next += 1;
        Ok(u64::try_from(x)?)
    }
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// A clean entry a second claim may name.
#[derive(Debug, Clone, Copy)]
pub struct Claimable {
    /// Its `entry_id`.
    pub entry_id: u64,
    /// Its person (0-based).
    pub person: u64,
    /// Its organization.
    pub organization: u64,
    /// Its year of service.
    pub year: i32,
}

/// One roster line and its label, before writing.
pub struct Entry {
    /// What is planted.
    pub kind: Planted,
    /// The misspelling, for a name variant.
    pub variant: Option<Variant>,
    /// The person the entry was made from (0-based), if a registry person.
    pub true_person: Option<u64>,
    /// The person whose ID the entry carries (0-based), if any.
    pub id_person: Option<u64>,
    /// For a second claim, the first entry.
    pub first_entry_id: Option<u64>,
    /// The ID number as written.
    pub id_text: String,
    /// The name as written.
    pub name: String,
    /// The village (12 digits as an integer).
    pub village: u64,
    /// Year of service.
    pub year: i32,
}

/// The entry as the person's own: their ID, name and village.
pub fn entry_of(kind: Planted, index: u64, p: &Person) -> Entry {
    Entry {
        kind,
        variant: None,
        true_person: Some(index),
        id_person: Some(index),
        first_entry_id: None,
        id_text: p.id.as_str().to_owned(),
        name: p.name.clone(),
        village: p.village,
        year: FIRST_SERVICE_YEAR,
    }
}

/// Plants the name variant, the mistyped ID or the other person's name.
pub fn plant(entry: &mut Entry, p: &Person, rng: &mut Rng) {
    match entry.kind {
        Planted::NameVariant => {
            let variant = Variant::draw(rng);
            let (name, applied) = names::misspell(rng, &p.name, variant, p.male);
            entry.name = name;
            entry.variant = Some(applied);
        }
        Planted::InvalidId => {
            entry.id_text = mistype(p.id.as_str(), rng);
            entry.id_person = None;
        }
        Planted::NameMismatch => {
            entry.name = names::other_name(rng, &p.name, p.male);
            entry.true_person = None;
        }
        _ => {}
    }
}

/// An ID number as officials mistype it; never a valid number.
fn mistype(id: &str, rng: &mut Rng) -> String {
    let first17 = id.get(..17).unwrap_or(id);
    match rng.below(10) {
        0..=3 => {
            let right = IdNumber::check_char(first17).unwrap_or('0');
            let wrong = "0123456789X"
                .chars()
                .filter(|&c| c != right)
                .nth(rng.below_usize(10))
                .unwrap_or('0');
            format!("{first17}{wrong}")
        }
        4..=5 => first17.to_owned(),
        6..=7 => format!("{id}{}", rng.below(10)),
        // What Excel shows for an ID typed as a number.
        _ => format!("{}.{}E+17", &id[..1], id.get(1..6).unwrap_or("")),
    }
}

/// Recent clean entries a later second claim may name, at most [`CLAIM_POOL`].
#[derive(Debug, Default)]
pub struct ClaimPool(Vec<Claimable>);

impl ClaimPool {
    /// Keeps a clean entry (replacing a random one when full).
    pub fn remember(&mut self, rng: &mut Rng, entry: Claimable) {
        if self.0.len() < CLAIM_POOL {
            self.0.push(entry);
        } else {
            let slot = rng.below_usize(CLAIM_POOL);
            self.0[slot] = entry;
        }
    }

    /// An earlier clean entry of another organization, taken so no one is claimed three times.
    pub fn take(&mut self, rng: &mut Rng, organization: u64) -> Option<Claimable> {
        for _ in 0..8 {
            if self.0.is_empty() {
                return None;
            }
            let slot = rng.below_usize(self.0.len());
            if self.0[slot].organization != organization {
                return Some(self.0.swap_remove(slot));
            }
        }
        None
    }
}
