//! Aid per person far from what similar activities give: a robust z-score per peer group.
//!
//! # Method
//!
//! 1. Each activity with beneficiaries and a non-negative aid gets `x = aid_fen / beneficiaries`,
//!    held as an integer in hundredths of a fen (rounded half up), so every later step is exact
//!    integer arithmetic and the result does not depend on the platform.
//! 2. Peer groups: (field, county), (field, province: the county code's first 2 digits) and
//!    (field). An activity is judged within the most specific of these groups that holds at
//!    least [`OutlierOptions::min_group_size`] activities (the activity itself included); when
//!    even its field group is smaller, it is not judged.
//! 3. In the group, with median `m` and `MAD` the median of `|xᵢ − m|` (Iglewicz–Hoaglin):
//!    `z = 0.6745 · (x − m) / MAD`. When more than half the group gives the same amount the MAD
//!    is 0; then, as IBM SPSS does, `z = (x − m) / (1.253314 · MeanAD)` with `MeanAD` the mean of
//!    `|xᵢ − m|`. When that is 0 too, every activity gives the same and none is an outlier.
//! 4. An activity is reported when `|z|` exceeds the threshold (3.5 by default,
//!    Iglewicz–Hoaglin). The comparison is made exactly on integers (cross-multiplied), and `z`
//!    is reported in thousandths, rounded half away from zero.
//!
//! Products are computed with saturating arithmetic: only amounts beyond any real budget
//! (above about 10¹⁵ fen per activity) could saturate, and even then the result is
//! deterministic and nothing panics.

use std::collections::BTreeMap;

/// The default threshold on `|z|`, in thousandths: 3.5 (Iglewicz and Hoaglin's advice).
pub const DEFAULT_THRESHOLD_MILLI: u32 = 3_500;

/// The default smallest peer group an activity is judged in (the activity included).
pub const DEFAULT_MIN_GROUP_SIZE: usize = 5;

/// One activity's aid and beneficiaries, as the comparison needs them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityAid {
    /// The activity.
    pub activity_id: i64,
    /// Its organization.
    pub organization_id: i64,
    /// Its field's code (`fupin_domain::Field::code`); activities compare within a field.
    pub field: String,
    /// The county where it works (GB/T 2260, 6 digits). A longer code (township, village) is
    /// cut to its first 6 digits; the province is the first 2.
    pub county_code: String,
    /// Total aid in fen. A negative total is not compared (the activity is skipped).
    pub aid_fen: i64,
    /// Persons aided. Activities without beneficiaries are skipped.
    pub beneficiaries: u64,
}

/// How [`aid_outliers`] judges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutlierOptions {
    /// Threshold on `|z|`, in thousandths (3500 = 3.5); reported when strictly above.
    pub threshold_milli: u32,
    /// Smallest group (activity included) whose median and spread mean something.
    pub min_group_size: usize,
}

impl Default for OutlierOptions {
    fn default() -> Self {
        Self {
            threshold_milli: DEFAULT_THRESHOLD_MILLI,
            min_group_size: DEFAULT_MIN_GROUP_SIZE,
        }
    }
}

/// The peers an activity was compared with.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PeerGroup {
    /// Same field, same county.
    County {
        /// Field code.
        field: String,
        /// County code (6 digits).
        county: String,
    },
    /// Same field, same province (the county's group was too small).
    Province {
        /// Field code.
        field: String,
        /// Province code (2 digits).
        province: String,
    },
    /// Same field, the whole country (the province's group was too small).
    Field {
        /// Field code.
        field: String,
    },
}

impl PeerGroup {
    /// The field compared within.
    pub fn field(&self) -> &str {
        match self {
            Self::County { field, .. } | Self::Province { field, .. } | Self::Field { field } => {
                field
            }
        }
    }

    /// Stable code of the level: `county`, `province` or `field`.
    pub const fn level_code(&self) -> &'static str {
        match self {
            Self::County { .. } => "county",
            Self::Province { .. } => "province",
            Self::Field { .. } => "field",
        }
    }

    /// The region compared within, if any (county or province code).
    pub fn region_code(&self) -> Option<&str> {
        match self {
            Self::County { county, .. } => Some(county),
            Self::Province { province, .. } => Some(province),
            Self::Field { .. } => None,
        }
    }
}

/// Which side of the median an outlier lies on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Direction {
    /// Above the median: more aid per person than peers give.
    High,
    /// Below the median: less aid per person than peers give.
    Low,
}

impl Direction {
    /// Stable code: `high` or `low`.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::High => "high",
            Self::Low => "low",
        }
    }

    /// Chinese label.
    pub const fn label_zh(&self) -> &'static str {
        match self {
            Self::High => "偏高",
            Self::Low => "偏低",
        }
    }
}

/// An activity whose aid per person lies far from its peers'.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AidOutlier {
    /// The activity.
    pub activity_id: i64,
    /// Its organization.
    pub organization_id: i64,
    /// The peers it was compared with.
    pub group: PeerGroup,
    /// Activities in that group (itself included).
    pub group_size: usize,
    /// Its aid per person, in fen (rounded).
    pub aid_per_person_fen: i64,
    /// The group's median aid per person, in fen (rounded).
    pub median_fen: i64,
    /// Robust z-score in thousandths (4210 = 4.21), rounded half away from zero; its sign is
    /// the direction.
    pub z_milli: i64,
    /// Above or below the median.
    pub direction: Direction,
}

/// Activities whose aid per person is an outlier among their peers (see the module
/// documentation), sorted by activity id; the result does not depend on the input order.
pub fn aid_outliers(activities: &[ActivityAid], options: OutlierOptions) -> Vec<AidOutlier> {
    let judged: Vec<(&ActivityAid, i128)> = activities
        .iter()
        .filter_map(|a| per_person(a).map(|x| (a, x)))
        .collect();
    let mut groups: BTreeMap<PeerGroup, Vec<i128>> = BTreeMap::new();
    for (activity, x) in &judged {
        for group in candidate_groups(activity) {
            groups.entry(group).or_default().push(*x);
        }
    }
    // Only groups large enough to judge in; `None` for a group where all give the same.
    let spreads: BTreeMap<PeerGroup, Option<Spread>> = groups
        .into_iter()
        .filter(|(_, values)| values.len() >= options.min_group_size)
        .map(|(group, mut values)| (group, Spread::of(&mut values)))
        .collect();
    let threshold = i128::from(options.threshold_milli);
    let mut found: Vec<AidOutlier> = judged
        .iter()
        .filter_map(|(activity, x)| {
            // The most specific group large enough decides; a constant group clears the
            // activity rather than passing it on to a wider group.
            let (group, spread) = candidate_groups(activity)
                .into_iter()
                .find_map(|g| spreads.get(&g).map(|s| (g, *s)))?;
            let spread = spread?;
            let doubled_deviation = 2 * x - spread.median2;
            if !spread.exceeds(doubled_deviation, threshold) {
                return None;
            }
            Some(AidOutlier {
                activity_id: activity.activity_id,
                organization_id: activity.organization_id,
                group_size: spread.size,
                aid_per_person_fen: to_i64(div_round(*x, 100)),
                median_fen: to_i64(div_round(spread.median2, 200)),
                z_milli: to_i64(spread.z_milli(doubled_deviation)),
                direction: if doubled_deviation > 0 {
                    Direction::High
                } else {
                    Direction::Low
                },
                group,
            })
        })
        .collect();
    found.sort();
    found
}

/// Aid per person in hundredths of a fen, rounded half up; `None` when not comparable.
fn per_person(activity: &ActivityAid) -> Option<i128> {
    if activity.beneficiaries == 0 || activity.aid_fen < 0 {
        return None;
    }
    Some(div_round(
        i128::from(activity.aid_fen) * 100,
        i128::from(activity.beneficiaries),
    ))
}

/// The activity's groups, most specific first.
fn candidate_groups(activity: &ActivityAid) -> [PeerGroup; 3] {
    let code = activity.county_code.trim();
    let county = code.get(..6).unwrap_or(code);
    let province = code.get(..2).unwrap_or(code);
    [
        PeerGroup::County {
            field: activity.field.clone(),
            county: county.to_owned(),
        },
        PeerGroup::Province {
            field: activity.field.clone(),
            province: province.to_owned(),
        },
        PeerGroup::Field {
            field: activity.field.clone(),
        },
    ]
}

/// A group's centre and scale, in doubled units so that medians of even-sized groups stay
/// integers: `median2 = 2·m`, deviations `dᵢ = |2xᵢ − median2| = 2·|xᵢ − m|`.
#[derive(Debug, Clone, Copy)]
struct Spread {
    size: usize,
    median2: i128,
    scale: Scale,
}

#[derive(Debug, Clone, Copy)]
enum Scale {
    /// `mad4 = 4·MAD`: `z = 0.6745·(dᵢ/2)/(mad4/4) = 1.349·dᵢ/mad4`.
    Mad { mad4: i128 },
    /// `sum2 = Σdᵢ = 2·n·MeanAD`: `z = (dᵢ/2)/(1.253314·sum2/(2n)) = n·dᵢ/(1.253314·sum2)`.
    MeanAd { n: i128, sum2: i128 },
}

impl Spread {
    /// `None` when every value is the same (nothing can stand out).
    fn of(values: &mut [i128]) -> Option<Self> {
        values.sort_unstable();
        let median2 = doubled_median(values)?;
        let mut deviations: Vec<i128> = values.iter().map(|x| (2 * x - median2).abs()).collect();
        deviations.sort_unstable();
        let mad4 = doubled_median(&deviations)?;
        let scale = if mad4 > 0 {
            Scale::Mad { mad4 }
        } else {
            let sum2 = deviations.iter().fold(0_i128, |s, d| s.saturating_add(*d));
            if sum2 == 0 {
                return None;
            }
            Scale::MeanAd {
                n: i128::try_from(values.len()).unwrap_or(i128::MAX),
                sum2,
            }
        };
        Some(Self {
            size: values.len(),
            median2,
            scale,
        })
    }

    /// `|z| > threshold_milli / 1000`, exactly.
    fn exceeds(&self, d: i128, threshold_milli: i128) -> bool {
        let (numerator, denominator) = self.z_milli_fraction(d.abs());
        numerator > threshold_milli.saturating_mul(denominator)
    }

    /// `z` in thousandths, rounded half away from zero.
    fn z_milli(&self, d: i128) -> i128 {
        let (numerator, denominator) = self.z_milli_fraction(d.abs());
        d.signum() * div_round(numerator, denominator)
    }

    /// `1000·|z|` as a fraction with a positive denominator, for a deviation `d ≥ 0`.
    fn z_milli_fraction(&self, d: i128) -> (i128, i128) {
        match self.scale {
            Scale::Mad { mad4 } => (d.saturating_mul(1_349), mad4),
            Scale::MeanAd { n, sum2 } => (
                d.saturating_mul(n).saturating_mul(1_000_000_000),
                sum2.saturating_mul(1_253_314),
            ),
        }
    }
}

/// Twice the median of sorted `values` (the sum of the two middle values).
fn doubled_median(values: &[i128]) -> Option<i128> {
    let len = values.len();
    let low = values.get(len.checked_sub(1)? / 2)?;
    let high = values.get(len / 2)?;
    Some(low.saturating_add(*high))
}

/// `numerator / denominator` rounded half away from zero, for `denominator > 0`.
fn div_round(numerator: i128, denominator: i128) -> i128 {
    if denominator <= 0 {
        return 0;
    }
    let half = denominator / 2;
    if numerator >= 0 {
        numerator.saturating_add(half) / denominator
    } else {
        -((-numerator).saturating_add(half) / denominator)
    }
}

fn to_i64(value: i128) -> i64 {
    i64::try_from(value).unwrap_or(if value < 0 { i64::MIN } else { i64::MAX })
}
