//! Who is already on a roster: a bitset of used registry slots, pools of clean claims for planting
//! second claims, counters of unregistered IDs, and the faults still owed. Finding a person
//! regenerates registry households on demand (random probes, then an ordered scan), so memory stays
//! at one bit per registry slot whatever the scale.

use rand::Rng;

use crate::DemoError;
use crate::registry::{Member, RegistryPlan, SLOTS, Want};
use crate::rng::pick;

/// A clean entry another organization may claim again.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Claim {
    pub household: u64,
    pub member: usize,
    pub organization_id: i64,
    pub activity_id: i64,
    pub row_no: i32,
}

/// Clean claims kept per county and year for planting second claims.
const POOL: usize = 64;
/// Random probes before a search scans households in order.
const PROBES: usize = 40;
/// Households a scan looks at before giving up.
const SCAN: u64 = 4_000;

pub(crate) struct State<'a> {
    pub plan: &'a RegistryPlan,
    /// Registry slots already on a roster (one bit per slot).
    pub used: Vec<u64>,
    /// Clean claims by registry county and year (2016–2020), for second claims.
    pub pools: Vec<[Vec<Claim>; 5]>,
    /// Unregistered IDs handed out per registry county.
    pub serials: Vec<u64>,
    /// Faults drawn but not yet planted, by kind (in [`crate::FaultKind::ALL`] order).
    pub owed: [u64; 5],
}

/// A registry person found for an entry.
pub(crate) struct Found {
    pub county: usize,
    pub household: u64,
    pub member: usize,
    pub person: Member,
    pub village: u64,
}

impl<'a> State<'a> {
    /// Nothing used yet.
    pub(crate) fn new(plan: &'a RegistryPlan) -> State<'a> {
        State {
            plan,
            used: vec![0; (plan.total_households * SLOTS).div_ceil(64) as usize],
            pools: vec![Default::default(); plan.counties.len()],
            serials: vec![0; plan.counties.len()],
            owed: [0; 5],
        }
    }

    /// Keeps a clean claim of county `c` and year index `year` for a later second claim (a random
    /// sample of at most [`POOL`] per county and year).
    pub(crate) fn remember(&mut self, c: usize, year: usize, claim: Claim, rng: &mut impl Rng) {
        if let Some(pool) = self.pools.get_mut(c).and_then(|p| p.get_mut(year)) {
            if pool.len() < POOL {
                pool.push(claim);
            } else {
                pool[rng.random_range(0..POOL)] = claim;
            }
        }
    }

    fn is_used(&self, slot: u64) -> bool {
        self.used
            .get((slot / 64) as usize)
            .is_some_and(|w| w & (1 << (slot % 64)) != 0)
    }

    fn mark(&mut self, slot: u64) {
        if let Some(w) = self.used.get_mut((slot / 64) as usize) {
            *w |= 1 << (slot % 64);
        }
    }

    /// An unused registry person of `counties` satisfying `want`; marks it used.
    pub(crate) fn find(
        &mut self,
        rng: &mut impl Rng,
        counties: &[usize],
        want: Want,
    ) -> Result<Option<Found>, DemoError> {
        let plan = self.plan;
        // Looks at every member of household `j` of county `c`, starting at member `first`.
        let check = |state: &mut Self,
                     c: usize,
                     j: u64,
                     first: usize|
         -> Result<Option<Found>, DemoError> {
            let (status, exit_year) = plan.standing(c, j);
            if !want.household(status, exit_year) {
                return Ok(None);
            }
            let household = plan.household(c, j)?;
            let n = household.members.len();
            for m in (0..n).map(|k| (first + k) % n) {
                let slot = plan.slot(c, j, m);
                if !state.is_used(slot) && want.member(&household.members[m]) {
                    state.mark(slot);
                    let (village, person) = (household.village, household.members[m].clone());
                    return Ok(Some(Found {
                        county: c,
                        household: j,
                        member: m,
                        person,
                        village,
                    }));
                }
            }
            Ok(None)
        };
        for _ in 0..PROBES {
            let Some(&c) = pick(rng, counties) else {
                return Ok(None);
            };
            let households = plan.counties[c].households;
            if households == 0 {
                continue;
            }
            let j = rng.random_range(0..households);
            if let Some(found) = check(self, c, j, rng.random_range(0..SLOTS as usize))? {
                return Ok(Some(found));
            }
        }
        let mut budget = SCAN;
        for &c in counties {
            let households = plan.counties[c].households;
            let start = if households > 0 {
                rng.random_range(0..households)
            } else {
                0
            };
            for step in 0..households.min(budget) {
                if let Some(found) = check(self, c, (start + step) % households, 0)? {
                    return Ok(Some(found));
                }
            }
            budget = budget.saturating_sub(households);
        }
        Ok(None)
    }
}
