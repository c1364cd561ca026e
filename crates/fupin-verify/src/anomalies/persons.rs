//! A person aided by implausibly many organizations in one year.
//!
//! Persons are known only by the keyed hash of their ID number (as on roster entries), so the
//! result names no one; the caller decides who may look the person up.

use std::collections::{BTreeMap, BTreeSet};

use super::ActivityRef;

/// The default most organizations that may plausibly aid one person in one year.
pub const DEFAULT_MAX_ORGANIZATIONS: usize = 3;

/// One roster entry's claim on a person.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PersonClaim {
    /// The keyed hash of the person's ID number (as in [`crate::RosterEntry::id_hash`]).
    pub id_hash: [u8; 16],
    /// The organization claiming to have aided the person.
    pub organization_id: i64,
    /// The activity of the claim.
    pub activity_id: i64,
    /// The service year.
    pub year: i32,
}

impl std::fmt::Debug for PersonClaim {
    /// Leaves the hash out: it identifies a person to whoever holds the key.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PersonClaim")
            .field("organization_id", &self.organization_id)
            .field("activity_id", &self.activity_id)
            .field("year", &self.year)
            .finish_non_exhaustive()
    }
}

/// A person aided by more organizations in one year than plausible.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ManyOrganizations {
    /// The service year.
    pub year: i32,
    /// The keyed hash of the person's ID number: for the caller to look up, never to show.
    pub id_hash: [u8; 16],
    /// The organizations, by id (more than the maximum).
    pub organizations: Vec<i64>,
    /// The activities claiming the person that year, by activity id.
    pub activities: Vec<ActivityRef>,
}

impl ManyOrganizations {
    /// How many distinct organizations claim the person that year.
    pub fn organization_count(&self) -> usize {
        self.organizations.len()
    }
}

impl std::fmt::Debug for ManyOrganizations {
    /// Leaves the hash out, like [`PersonClaim`]'s.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ManyOrganizations")
            .field("year", &self.year)
            .field("organizations", &self.organizations)
            .field("activities", &self.activities)
            .finish_non_exhaustive()
    }
}

/// Persons claimed by more than `max_organizations` distinct organizations in one service
/// year ([`DEFAULT_MAX_ORGANIZATIONS`] is 3), sorted by year then hash; independent of the
/// input order. Several activities of one organization count as one organization.
pub fn many_organizations(
    claims: &[PersonClaim],
    max_organizations: usize,
) -> Vec<ManyOrganizations> {
    let mut by_person: BTreeMap<(i32, [u8; 16]), BTreeSet<ActivityRef>> = BTreeMap::new();
    for claim in claims {
        by_person
            .entry((claim.year, claim.id_hash))
            .or_default()
            .insert(ActivityRef {
                activity_id: claim.activity_id,
                organization_id: claim.organization_id,
            });
    }
    by_person
        .into_iter()
        .filter_map(|((year, id_hash), activities)| {
            let organizations: BTreeSet<i64> =
                activities.iter().map(|a| a.organization_id).collect();
            (organizations.len() > max_organizations).then(|| ManyOrganizations {
                year,
                id_hash,
                organizations: organizations.into_iter().collect(),
                activities: activities.into_iter().collect(),
            })
        })
        .collect()
}
