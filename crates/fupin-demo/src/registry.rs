//! The synthetic 建档立卡 registry.
//!
//! Household `j` of registry county `c` is a pure function of the seed and its global index, so the
//! rosters regenerate any household on demand instead of holding millions of persons in memory, and
//! the CSV writer produces exactly what the database path writes.
//!
//! **ID numbers are unique by construction.** Member `m` of household `j` has slot `k = 6j + m` in
//! its county (households have at most 6 members). Its sequence number is `2·(k mod 450) + sex`
//! (000–899, odd for men) and its birth date is drawn inside the window its relation allows
//! (户主 25–80 years old in 2016, 子女 born 20–42 years after the head, …) among the days whose
//! Julian day number is `≡ k div 450 (mod M)`, with `M = ⌈6·households / 450⌉` per county. Two
//! members of one county with the same sequence number have slots in different buckets `k div 450`,
//! hence birth dates in different residue classes: never equal. Counties differ in the region part.
//! Sequence numbers 900–999 are never used by the registry: [`RegistryPlan::unregistered_id`] builds
//! valid IDs from them that are certainly not registered (the rosters' "not in registry" faults).

use fupin_domain::{HouseholdAttribute, IdNumber, PovertyCause, RegistryStatus};
use rand::Rng;
use rand::seq::SliceRandom;

use crate::family::{Relation, fit, head_years, id_number, jd, shape, year_end, year_start, years};
use crate::geo::Geography;
use crate::rng::{Cumulative, purpose, stream, weighted};
use crate::{DemoError, Sizes, names};

/// Registry slots per household (largest household).
pub(crate) const SLOTS: u64 = 6;
/// Sequence-number pairs (male, female) the registry uses: 000–899.
const PAIRS: u64 = 450;
/// First sequence number never used by the registry.
pub const FIRST_UNREGISTERED_SEQUENCE: u16 = 900;
/// Pairs of unregistered sequence numbers (900–999).
const UNREGISTERED_PAIRS: u64 = 50;
/// Residue classes of birth dates for unregistered IDs (4096 × 50 IDs per county and sex).
const UNREGISTERED_MODULUS: u64 = 4_096;
/// Largest residue modulus: every birth window is at least two years (730 days) wide.
const MAX_MODULUS: u64 = 700;

/// Household sizes and their weights (mean 3.28 persons).
const SIZES: &[(u64, u32)] = &[(1, 12), (2, 20), (3, 25), (4, 22), (5, 13), (6, 8)];
const MEAN_SIZE_X100: u64 = 328;

/// Exit years of households lifted out of poverty.
const EXIT_YEARS: &[(i32, u32)] = &[(2016, 10), (2017, 15), (2018, 25), (2019, 30), (2020, 20)];

#[rustfmt::skip]
const CAUSES: &[(PovertyCause, u32)] = &[
    (PovertyCause::Illness, 40), (PovertyCause::Disability, 14), (PovertyCause::Schooling, 8),
    (PovertyCause::Disaster, 3), (PovertyCause::LackLand, 4), (PovertyCause::LackWater, 2),
    (PovertyCause::LackSkills, 22), (PovertyCause::LackLabor, 16), (PovertyCause::LackCapital, 35),
    (PovertyCause::PoorTransport, 4), (PovertyCause::LackMotivation, 6), (PovertyCause::Other, 2),
];

/// Household status at the time of the snapshot (most lifted, some not, some returned).
#[rustfmt::skip]
const STATUSES: &[(RegistryStatus, u32)] = &[
    (RegistryStatus::LiftedWithPolicy, 48), (RegistryStatus::LiftedNoPolicy, 32),
    (RegistryStatus::NotLifted, 13), (RegistryStatus::Returned, 7),
];

/// Attributes of single-person households (often 特困供养) and of the others.
#[rustfmt::skip]
const SINGLE_ATTRIBUTES: &[(HouseholdAttribute, u32)] =
    &[(HouseholdAttribute::General, 35), (HouseholdAttribute::Dibao, 30), (HouseholdAttribute::Tekun, 35)];
#[rustfmt::skip]
const ATTRIBUTES: &[(HouseholdAttribute, u32)] =
    &[(HouseholdAttribute::General, 72), (HouseholdAttribute::Dibao, 24), (HouseholdAttribute::Tekun, 4)];

/// A member of a generated household.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub name: String,
    pub id: IdNumber,
    pub relation: &'static str,
    pub status: RegistryStatus,
    pub exit_year: Option<i32>,
}

/// Which registry persons a roster entry of a given year may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Want {
    /// A clean entry: alive, and not recorded as exited (any status) before the year.
    Clean(i32),
    /// An exited person: 已脱贫不再享受政策 with an exit year before the year.
    Exited(i32),
}

impl Want {
    /// Whether a household of this status and exit year can hold such a person (members share the
    /// household's status except the deceased).
    pub(crate) fn household(self, status: RegistryStatus, exit_year: Option<i32>) -> bool {
        match self {
            Want::Clean(year) => exit_year.is_none_or(|y| y >= year),
            Want::Exited(year) => {
                status == RegistryStatus::LiftedNoPolicy && exit_year.is_some_and(|y| y < year)
            }
        }
    }

    /// Whether the person is such a person.
    pub(crate) fn member(self, m: &Member) -> bool {
        m.status != RegistryStatus::Deceased && self.household(m.status, m.exit_year)
    }
}

/// A generated household.
#[derive(Debug, Clone)]
pub(crate) struct Household {
    pub number: String,
    pub village: u64,
    pub attribute: HouseholdAttribute,
    pub cause: PovertyCause,
    pub status: RegistryStatus,
    pub exit_year: Option<i32>,
    pub members: Vec<Member>,
}

/// A county with a registry.
#[derive(Debug, Clone)]
pub(crate) struct PlanCounty {
    /// Index into [`Geography::counties`].
    pub geo: usize,
    pub code: String,
    pub province: usize,
    pub households: u64,
    /// Global index of its first household (household ids are `first + j + 1`).
    pub first: u64,
    modulus: u64,
    pub villages: Vec<u64>,
}

/// Which counties have a registry and how many households each holds.
#[derive(Debug, Clone)]
pub(crate) struct RegistryPlan {
    seed: u64,
    pub counties: Vec<PlanCounty>,
    pub total_households: u64,
    /// Counties weighted by households (rosters draw their counties with it).
    pub weights: Cumulative,
}

impl RegistryPlan {
    /// Chooses `sizes.registry_counties` poor counties (all of them from scale 17 on) and shares the
    /// households among them in proportion to their villages.
    pub(crate) fn new(geo: &Geography, sizes: Sizes, seed: u64) -> Result<RegistryPlan, DemoError> {
        let n = geo.counties.len();
        let k = (sizes.registry_counties as usize).clamp(1, n.max(1));
        let mut chosen: Vec<usize> = (0..n).collect();
        if k < n {
            chosen.shuffle(&mut stream(seed, purpose::REGISTRY_COUNTIES, 0));
            chosen.truncate(k);
            chosen.sort_unstable();
        }
        let total = (sizes.registry_persons * 100)
            .div_ceil(MEAN_SIZE_X100)
            .max(chosen.len() as u64);
        let weights: Vec<u64> = chosen
            .iter()
            .map(|&c| geo.counties[c].villages.len().max(1) as u64)
            .collect();
        let shares = apportion(total, &weights);
        let mut counties = Vec::with_capacity(chosen.len());
        let mut first = 0;
        for (&c, households) in chosen.iter().zip(shares) {
            let county = &geo.counties[c];
            let modulus = (households * SLOTS).div_ceil(PAIRS).max(1);
            if modulus > MAX_MODULUS {
                return Err(DemoError::Options(format!(
                    "规模过大：{} 的 {households} 户超出了身份证顺序码的容量",
                    county.name
                )));
            }
            counties.push(PlanCounty {
                geo: c,
                code: county.code.clone(),
                province: county.province,
                households,
                first,
                modulus,
                villages: county.villages.clone(),
            });
            first += households;
        }
        let weights = Cumulative::new(counties.iter().map(|c| c.households));
        Ok(RegistryPlan {
            seed,
            counties,
            total_households: first,
            weights,
        })
    }

    /// The registry slot of member `m` of household `j` of county `c` (an index into a bitset).
    pub(crate) fn slot(&self, c: usize, j: u64, m: usize) -> u64 {
        self.counties
            .get(c)
            .map_or(0, |county| (county.first + j) * SLOTS + m as u64)
    }

    /// Status and exit year of household `j` of county `c`, without generating its members (the
    /// first draws of the household's stream; see [`RegistryPlan::household`]).
    pub(crate) fn standing(&self, c: usize, j: u64) -> (RegistryStatus, Option<i32>) {
        let first = self.counties.get(c).map_or(0, |county| county.first);
        standing(&mut stream(self.seed, purpose::REGISTRY, first + j))
    }

    /// Household `j` of registry county `c`.
    pub(crate) fn household(&self, c: usize, j: u64) -> Result<Household, DemoError> {
        let county = self
            .counties
            .get(c)
            .ok_or_else(|| DemoError::Invalid(format!("没有第 {c} 个建档立卡县")))?;
        let mut rng = stream(self.seed, purpose::REGISTRY, county.first + j);
        let (status, exit_year) = standing(&mut rng);
        let size = weighted(&mut rng, SIZES);
        let village = county.villages[rng.random_range(0..county.villages.len())];
        let shape = shape(&mut rng, size);
        let attribute = weighted(
            &mut rng,
            if size == 1 {
                SINGLE_ATTRIBUTES
            } else {
                ATTRIBUTES
            },
        );
        let cause = weighted(&mut rng, CAUSES);

        let head_male = !shape.contains(&Relation::Spouse) || rng.random_bool(0.85);
        let family = names::surname(&mut rng);
        let span = head_years(&shape);
        let grandchildren =
            shape.contains(&Relation::Grandson) || shape.contains(&Relation::Granddaughter);
        let mut members = Vec::with_capacity(shape.len());
        let (mut head_birth, mut son_birth) = (0, 0);
        let mut spouse_surname = family;
        for (m, &relation) in shape.iter().enumerate() {
            let male = relation.male(head_male);
            let (lo, hi) = relation.window(span, head_birth, son_birth, grandchildren);
            let k = j * SLOTS + m as u64;
            let birth = fit(
                &mut rng,
                lo,
                hi.max(lo + years(2)),
                k / PAIRS,
                county.modulus,
            );
            match relation {
                Relation::Head => head_birth = birth,
                Relation::Son if son_birth == 0 => son_birth = birth,
                _ => {}
            }
            let id = id_number(&county.code, birth, 2 * (k % PAIRS) + u64::from(male))?;
            let surname = match relation {
                Relation::Spouse | Relation::Mother | Relation::DaughterInLaw => {
                    names::surname(&mut rng)
                }
                Relation::Son | Relation::Daughter if !head_male && rng.random_bool(0.7) => {
                    spouse_surname
                }
                _ => family,
            };
            if relation == Relation::Spouse {
                spouse_surname = surname;
            }
            let elderly = matches!(relation, Relation::Father | Relation::Mother);
            let deceased = rng.random_bool(if elderly { 0.08 } else { 0.01 });
            members.push(Member {
                name: names::full_name(&mut rng, surname, male),
                id,
                relation: relation.label(),
                status: if deceased {
                    RegistryStatus::Deceased
                } else {
                    status
                },
                exit_year,
            });
        }
        Ok(Household {
            number: format!("{}{:08}", county.code, j + 1),
            village,
            attribute,
            cause,
            status,
            exit_year,
            members,
        })
    }

    /// A valid ID number in county `c` that the registry certainly does not hold: the `serial`-th
    /// of the county (sequence 900–999, birth date in residue class `serial div 50` mod 4096).
    pub(crate) fn unregistered_id(
        &self,
        c: usize,
        serial: u64,
        male: bool,
        rng: &mut impl Rng,
    ) -> Result<IdNumber, DemoError> {
        let county = self
            .counties
            .get(c)
            .ok_or_else(|| DemoError::Invalid(format!("没有第 {c} 个建档立卡县")))?;
        let bucket = serial / UNREGISTERED_PAIRS;
        if bucket >= UNREGISTERED_MODULUS {
            return Err(DemoError::Options(format!(
                "规模过大：{} 的登记外身份证号已用尽",
                county.code
            )));
        }
        let birth = fit(
            rng,
            jd(year_start(1941)),
            jd(year_end(1998)),
            bucket,
            UNREGISTERED_MODULUS,
        );
        let pair = serial % UNREGISTERED_PAIRS;
        id_number(
            &county.code,
            birth,
            u64::from(FIRST_UNREGISTERED_SEQUENCE) + 2 * pair + u64::from(male),
        )
    }
}

/// A household's status and exit year: the first draws of its stream.
fn standing(rng: &mut impl Rng) -> (RegistryStatus, Option<i32>) {
    let status = weighted(rng, STATUSES);
    let exit_year = match status {
        RegistryStatus::NotLifted | RegistryStatus::Deceased => None,
        RegistryStatus::Returned => Some(rng.random_range(2016..=2019)),
        RegistryStatus::LiftedWithPolicy | RegistryStatus::LiftedNoPolicy => {
            Some(weighted(rng, EXIT_YEARS))
        }
    };
    (status, exit_year)
}

/// Shares `total` among `weights` in proportion, by largest remainder; every share ≥ 1 when
/// `total ≥ weights.len()`.
fn apportion(total: u64, weights: &[u64]) -> Vec<u64> {
    let n = weights.len() as u64;
    if n == 0 {
        return Vec::new();
    }
    let base = u64::from(total >= n);
    let rest = total - base * n;
    let sum: u64 = weights.iter().sum::<u64>().max(1);
    let mut shares: Vec<u64> = weights.iter().map(|w| base + rest * w / sum).collect();
    let mut order: Vec<(u64, usize)> = weights
        .iter()
        .enumerate()
        .map(|(i, w)| (rest * w % sum, i))
        .collect();
    order.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut missing = total - shares.iter().sum::<u64>();
    for (_, i) in order {
        if missing == 0 {
            break;
        }
        shares[i] += 1;
        missing -= 1;
    }
    shares
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn apportion_is_exact_and_proportional() {
        let shares = apportion(100, &[1, 1, 2]);
        assert_eq!(shares.iter().sum::<u64>(), 100);
        assert!(shares[2] >= 49 && shares[2] <= 51);
        assert_eq!(apportion(3, &[100, 1, 1]), vec![1, 1, 1]);
        assert_eq!(apportion(0, &[5, 5]).iter().sum::<u64>(), 0);
    }
}
