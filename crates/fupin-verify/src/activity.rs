//! What the engine needs to know about each activity: its organization and its locations.

use std::collections::HashMap;

use fupin_domain::RegionCode;

/// One activity: who reports it and where it works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityInfo {
    /// The reporting organization (`activities.organization_id`).
    pub organization_id: i64,
    /// The activity's locations (`activity_locations.region_code`), of any level.
    pub locations: Vec<RegionCode>,
}

/// How a registered village stands against an activity's locations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegionAgreement {
    /// The village lies within one of the locations.
    Within,
    /// Not within any location, but in the county of a township- or village-level location.
    SameCounty,
    /// Outside every location and its county.
    Outside,
    /// The activity lists no locations, so nothing can be compared.
    NoLocations,
}

/// A location as a prefix of 12-digit village codes: `village / divisor == value`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Prefix {
    divisor: u64,
    value: u64,
}

/// An activity prepared for the hot loop.
#[derive(Debug, Clone)]
pub(crate) struct Activity {
    pub organization_id: i64,
    prefixes: Vec<Prefix>,
    /// Counties (6 digits as integers) of locations finer than a county, sorted.
    counties: Vec<u64>,
}

impl Activity {
    fn new(info: ActivityInfo) -> Self {
        let mut prefixes = Vec::with_capacity(info.locations.len());
        let mut counties = Vec::new();
        for code in &info.locations {
            let digits = code.as_str();
            let Ok(value) = digits.parse::<u64>() else {
                continue;
            };
            let shift = 12_u32.saturating_sub(u32::try_from(digits.len()).unwrap_or(12));
            prefixes.push(Prefix {
                divisor: 10_u64.pow(shift),
                value,
            });
            if digits.len() > 6
                && let Some(county) = digits.get(..6).and_then(|c| c.parse::<u64>().ok())
            {
                counties.push(county);
            }
        }
        prefixes.sort_unstable_by_key(|p| (p.divisor, p.value));
        prefixes.dedup();
        counties.sort_unstable();
        counties.dedup();
        Self {
            organization_id: info.organization_id,
            prefixes,
            counties,
        }
    }

    /// Where `village` (12 digits as an integer) stands against the locations.
    pub(crate) fn region(&self, village: u64) -> RegionAgreement {
        if self.prefixes.is_empty() {
            return RegionAgreement::NoLocations;
        }
        if self.prefixes.iter().any(|p| village / p.divisor == p.value) {
            return RegionAgreement::Within;
        }
        if self.counties.binary_search(&(village / 1_000_000)).is_ok() {
            return RegionAgreement::SameCounty;
        }
        RegionAgreement::Outside
    }
}

/// The activities whose roster entries are verified, by activity id.
#[derive(Debug, Clone, Default)]
pub struct ActivityFacts {
    activities: HashMap<i64, Activity>,
}

impl ActivityFacts {
    /// No activities.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) an activity.
    pub fn insert(&mut self, activity_id: i64, info: ActivityInfo) {
        self.activities.insert(activity_id, Activity::new(info));
    }

    /// Number of activities.
    pub fn len(&self) -> usize {
        self.activities.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.activities.is_empty()
    }

    /// The organization reporting an activity.
    pub fn organization_of(&self, activity_id: i64) -> Option<i64> {
        self.get(activity_id).map(|a| a.organization_id)
    }

    /// Where a 12-digit village code stands against an activity's locations (`None`: unknown
    /// activity or not a village code).
    pub fn region_of(&self, activity_id: i64, village_code: &str) -> Option<RegionAgreement> {
        let village = crate::index::parse_village(village_code)?;
        self.get(activity_id).map(|a| a.region(village))
    }

    pub(crate) fn get(&self, activity_id: i64) -> Option<&Activity> {
        self.activities.get(&activity_id)
    }
}

impl FromIterator<(i64, ActivityInfo)> for ActivityFacts {
    fn from_iter<T: IntoIterator<Item = (i64, ActivityInfo)>>(iter: T) -> Self {
        let mut facts = Self::new();
        for (id, info) in iter {
            facts.insert(id, info);
        }
        facts
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn facts(locations: &[&str]) -> ActivityFacts {
        [(
            1,
            ActivityInfo {
                organization_id: 9,
                locations: locations
                    .iter()
                    .map(|c| RegionCode::parse(c).unwrap())
                    .collect(),
            },
        )]
        .into_iter()
        .collect()
    }

    #[test]
    fn villages_are_matched_against_locations_of_every_level() {
        let v = "530102001001";
        for (locations, expected) in [
            (&["53"][..], RegionAgreement::Within),
            (&["5301"], RegionAgreement::Within),
            (&["530102"], RegionAgreement::Within),
            (&["530102001"], RegionAgreement::Within),
            (&["530102001001"], RegionAgreement::Within),
            (&["530102001002"], RegionAgreement::SameCounty),
            (&["530102002"], RegionAgreement::SameCounty),
            (&["530103", "530102002"], RegionAgreement::SameCounty),
            (&["530103"], RegionAgreement::Outside),
            (&["52"], RegionAgreement::Outside),
            (&[], RegionAgreement::NoLocations),
        ] {
            assert_eq!(
                facts(locations).region_of(1, v),
                Some(expected),
                "{locations:?}"
            );
        }
        assert_eq!(facts(&["53"]).region_of(2, v), None);
        assert_eq!(facts(&["53"]).region_of(1, "53"), None);
        assert_eq!(facts(&["53"]).organization_of(1), Some(9));
    }
}
