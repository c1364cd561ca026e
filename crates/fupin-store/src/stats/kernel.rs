//! The rollup kernel: what one published activity version adds to each node of both axes. Pure
//! arithmetic on integers (fen, hours, persons), shared by the incremental path and the rebuild, so
//! the two can only differ through what they read and write, which the tests compare.

use std::collections::BTreeMap;

/// Number of additive measures per cell (see [`Measure`]).
pub const MEASURES: usize = 15;

/// The additive measures of a cell, in column order of `stat_cells`.
pub type Measures = [i64; MEASURES];

/// Index of each measure in [`Measures`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
pub enum Measure {
    /// Activities reaching the node (1 per activity per node, never split).
    Activities = 0,
    /// Money committed, fen.
    Committed = 1,
    /// Money disbursed, fen.
    Disbursed = 2,
    /// Money spent (expenditure), fen.
    Spent = 3,
    /// Goods valued, fen.
    Goods = 4,
    /// Volunteer hours.
    VolunteerHours = 5,
    /// Beneficiary households (all categories).
    Households = 6,
    /// Beneficiary persons (all categories).
    Persons = 7,
    /// Persons: 建档立卡贫困人口.
    PersonsRegisteredPoor = 8,
    /// Persons: 农村低保对象.
    PersonsRuralDibao = 9,
    /// Persons: 特困人员.
    PersonsTekun = 10,
    /// Persons: 贫困残疾人.
    PersonsPoorDisabled = 11,
    /// Persons: other.
    PersonsOther = 12,
    /// Roster entries reported.
    RosterEntries = 13,
    /// Roster entries whose stored verdict is verified.
    VerifiedEntries = 14,
}

/// Column names of the measures, in [`Measures`] order.
pub const MEASURE_COLUMNS: [&str; MEASURES] = [
    "activities",
    "committed_fen",
    "disbursed_fen",
    "spent_fen",
    "goods_fen",
    "volunteer_hours",
    "households",
    "persons",
    "p_registered_poor",
    "p_rural_dibao",
    "p_tekun",
    "p_poor_disabled",
    "p_other",
    "roster_entries",
    "verified_entries",
];

/// The dimensions every cell is keyed by besides its node.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Dims {
    /// Reporting year.
    pub year: i32,
    /// Primary field code.
    pub field: String,
    /// Method code.
    pub method: String,
    /// Organization type code.
    pub org_type: String,
    /// Organization level code.
    pub org_level: String,
}

/// A node of one axis: `("region", level 1–5, code)`, `("system", 1, unit id)`, or the nation
/// (`(axis, 0, "")`). Ordered as the rollup tables' primary keys are: axis, level, node.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Node {
    /// `region` or `system`.
    pub axis: &'static str,
    /// 0 nation; region 1–5; system 1.
    pub level: i32,
    /// Region code, unit id as text, or `""` for the nation.
    pub node: String,
}

/// What the rollups need to know of one activity version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// Version id.
    pub activity_id: i64,
    /// Reporting organization.
    pub organization_id: i64,
    /// Dimensions.
    pub dims: Dims,
    /// The organization's supervisory unit (or registration authority) for the system axis.
    pub unit_id: Option<i64>,
    /// Locations with shares in basis points, sorted by code.
    pub locations: Vec<(String, i64)>,
    /// The activity-level totals to allocate, in [`Measures`] order (index 0 is ignored).
    pub totals: Measures,
}

/// Region code lengths by level (province … village).
const LEVEL_LENGTHS: [(usize, i32); 5] = [(2, 1), (4, 2), (6, 3), (9, 4), (12, 5)];

/// Splits `amount` over `weights` exactly: each part is the floor of its proportional share, and
/// the units left over go one each to the largest remainders (ties to the earlier location). The
/// parts always sum to `amount`; all-zero weights count as equal weights.
pub fn allocate(amount: i64, weights: &[i64]) -> Vec<i64> {
    if weights.is_empty() {
        return Vec::new();
    }
    let positive: Vec<i128> = weights.iter().map(|w| i128::from((*w).max(0))).collect();
    let total: i128 = positive.iter().sum();
    let (weights, total) = if total == 0 {
        let n = positive.len() as i128;
        (vec![1; positive.len()], n)
    } else {
        (positive, total)
    };
    let amount = i128::from(amount);
    let mut parts: Vec<i128> = weights.iter().map(|w| amount * w / total).collect();
    let mut order: Vec<(i128, usize)> = weights
        .iter()
        .enumerate()
        .map(|(i, w)| (amount * w % total, i))
        .collect();
    order.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut left = amount - parts.iter().sum::<i128>();
    for (_, i) in order.iter().cycle() {
        if left <= 0 {
            break;
        }
        parts[*i] += 1;
        left -= 1;
    }
    parts
        .into_iter()
        .map(|p| i64::try_from(p).unwrap_or(i64::MAX))
        .collect()
}

/// The level a node of `axis` is stored at: 0 for the nation (`""`); on the region axis the
/// level of its code's length (province 1 … village 5); 1 for a supervisory unit. `None` for a
/// region code of no level's length, which names no node.
pub fn node_level(axis: &str, node: &str) -> Option<i32> {
    match (axis, node) {
        (_, "") => Some(0),
        ("region", code) => LEVEL_LENGTHS
            .iter()
            .find(|(len, _)| code.len() == *len)
            .map(|(_, level)| *level),
        _ => Some(1),
    }
}

/// The region nodes a location code lies under, province first (the code itself last).
pub fn ancestors(code: &str) -> impl Iterator<Item = (String, i32)> + '_ {
    LEVEL_LENGTHS
        .iter()
        .filter(move |(len, _)| code.len() >= *len)
        .filter_map(move |(len, level)| code.get(..*len).map(|c| (c.to_owned(), *level)))
}

/// Each location's exact part of `totals` (index 0, activities, is left at zero), one
/// [`allocate`] per measure over the locations' `weights`.
pub fn location_shares(totals: &Measures, weights: &[i64]) -> Vec<Measures> {
    let mut shares = vec![[0_i64; MEASURES]; weights.len()];
    for (m, total) in totals.iter().enumerate().skip(1) {
        for (share, part) in shares.iter_mut().zip(allocate(*total, weights)) {
            share[m] = part;
        }
    }
    shares
}

/// What `facts` adds to every node of both axes. The nation appears once per axis with the
/// activity's full totals; each region node gets the sum of its locations' exact shares.
pub fn contributions(facts: &Facts) -> BTreeMap<Node, Measures> {
    let mut out: BTreeMap<Node, Measures> = BTreeMap::new();
    let mut whole = facts.totals;
    whole[Measure::Activities as usize] = 1;
    for axis in ["region", "system"] {
        out.insert(
            Node {
                axis,
                node: String::new(),
                level: 0,
            },
            whole,
        );
    }
    if let Some(unit) = facts.unit_id {
        out.insert(
            Node {
                axis: "system",
                node: unit.to_string(),
                level: 1,
            },
            whole,
        );
    }
    let weights: Vec<i64> = facts.locations.iter().map(|(_, w)| *w).collect();
    let shares = location_shares(&facts.totals, &weights);
    for ((code, _), share) in facts.locations.iter().zip(shares) {
        for (node, level) in ancestors(code) {
            let key = Node {
                axis: "region",
                node,
                level,
            };
            let cell = out.entry(key).or_insert([0; MEASURES]);
            cell[Measure::Activities as usize] = 1;
            for m in 1..MEASURES {
                cell[m] += share[m];
            }
        }
    }
    out
}

/// The region codes starting with `prefix`, as the bounds `[prefix, upper)`: a `LIKE` on the
/// code cannot use an index (it ignores case), a range can. Codes are digits only, so the upper
/// bound is the prefix plus one in its last digit that is not a nine (`220622` → `220623`,
/// `220629` → `22063`), or past every code under it when it is all nines; digit strings compare
/// the same way in every collation.
pub fn code_range(prefix: &str) -> (String, String) {
    let mut digits: Vec<u8> = prefix.bytes().collect();
    let upper = loop {
        match digits.pop() {
            Some(d @ b'0'..=b'8') => {
                digits.push(d + 1);
                break String::from_utf8(digits).ok();
            }
            Some(b'9') => {}
            _ => break None,
        }
    };
    let upper = upper.unwrap_or_else(|| format!("{prefix}{}", "9".repeat(14)));
    (prefix.to_owned(), upper)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    proptest::proptest! {
        /// A digit code lies in a prefix's range exactly when it starts with the prefix.
        #[test]
        fn a_code_range_holds_exactly_the_codes_under_its_prefix(
            prefix in "[0-9]{0,6}",
            code in "[0-9]{1,12}",
        ) {
            let (lower, upper) = code_range(&prefix);
            let inside = lower.as_str() <= code.as_str() && code.as_str() < upper.as_str();
            proptest::prop_assert_eq!(inside, code.starts_with(&prefix));
        }
    }

    #[test]
    fn code_ranges_of_real_and_all_nine_prefixes() {
        assert_eq!(code_range("220622").1, "220623");
        assert_eq!(code_range("220629").1, "22063");
        assert_eq!(code_range("99").1, format!("99{}", "9".repeat(14)));
        assert_eq!(code_range("").1, "9".repeat(14));
    }

    #[test]
    fn allocation_is_exact_and_proportional() {
        assert_eq!(allocate(100, &[5000, 5000]), vec![50, 50]);
        assert_eq!(allocate(101, &[5000, 5000]), vec![51, 50]);
        assert_eq!(allocate(10, &[3333, 3333, 3334]), vec![3, 3, 4]);
        assert_eq!(allocate(7, &[0, 0]), vec![4, 3]);
        assert_eq!(allocate(0, &[1, 2]), vec![0, 0]);
        assert_eq!(allocate(5, &[]), Vec::<i64>::new());
        for amount in [0_i64, 1, 99, 12_345_678_901] {
            let parts = allocate(amount, &[1, 2997, 7002]);
            assert_eq!(parts.iter().sum::<i64>(), amount);
        }
    }

    #[test]
    fn a_node_is_stored_at_the_level_its_code_gives() {
        assert_eq!(node_level("region", ""), Some(0));
        assert_eq!(node_level("system", ""), Some(0));
        assert_eq!(node_level("system", "17"), Some(1));
        for (code, _) in ancestors("130125100201") {
            let level = node_level("region", &code);
            assert_eq!(level, ancestors(&code).last().map(|(_, l)| l), "{code}");
        }
        assert_eq!(node_level("region", "13012"), None);
    }

    #[test]
    fn every_level_sums_to_the_nation() {
        let facts = Facts {
            activity_id: 1,
            organization_id: 1,
            dims: Dims {
                year: 2019,
                field: "education".into(),
                method: "project".into(),
                org_type: "foundation".into(),
                org_level: "national".into(),
            },
            unit_id: Some(9),
            locations: vec![
                ("130125100201".into(), 3000),
                ("130125100202".into(), 3000),
                ("620102".into(), 4000),
            ],
            totals: [0, 1001, 0, 333, 7, 13, 3, 11, 5, 6, 0, 0, 0, 2, 0],
        };
        let cells = contributions(&facts);
        let nation = cells[&Node {
            axis: "region",
            node: String::new(),
            level: 0,
        }];
        for level in 1..=3 {
            let mut sum = [0_i64; MEASURES];
            for (node, m) in cells
                .iter()
                .filter(|(n, _)| n.level == level && n.axis == "region")
            {
                assert_eq!(m[0], 1, "{node:?}");
                for i in 1..MEASURES {
                    sum[i] += m[i];
                }
            }
            assert_eq!(sum[1..], nation[1..], "level {level}");
        }
        let county = &cells[&Node {
            axis: "region",
            node: "130125".into(),
            level: 3,
        }];
        assert_eq!(
            county[1], 600,
            "two 30% shares of ¥10.01; the remainder unit went to the 40%"
        );
        assert_eq!(cells.keys().filter(|n| n.level == 5).count(), 2);
        assert_eq!(cells.keys().filter(|n| n.axis == "system").count(), 2);
    }
}
