//! Aggregates: each activity's verified share, each organization's quality score.
//!
//! All figures are exact integers. Shares are basis points (10000 = 100%), floors of exact
//! divisions: an activity's verified share is `10000 · verified / entries`, where verified
//! counts [`Status::is_verified`] (名单核实率). An organization's quality score is the mean of
//! [`Status::quality_points`] over all its entries: verified 10000, homophone 9000, typo 8000
//! (the right person, written carelessly), outside the locations 5000 (a real registered person,
//! not where the activity says it works), exited before service 2000 (a real person no longer
//! eligible), name mismatch, deceased, not in the registry and invalid ID 0 (the claim does not
//! stand). Double claims do not lower it: they are reported, not forbidden.

use std::collections::BTreeMap;

use crate::activity::ActivityFacts;
use crate::engine::{RosterEntry, VerifyError};
use crate::verdict::{Status, Verdict};

/// Entries counted by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct StatusCounts([u64; 9]);

impl StatusCounts {
    /// Entries with `status`.
    pub fn get(&self, status: Status) -> u64 {
        self.0.get(status.index()).copied().unwrap_or(0)
    }

    /// Every status with its count, in [`Status::ALL`] order.
    pub fn iter(&self) -> impl Iterator<Item = (Status, u64)> + '_ {
        Status::ALL.iter().map(|s| (*s, self.get(*s)))
    }

    /// All entries.
    pub fn total(&self) -> u64 {
        self.0.iter().sum()
    }

    /// Verified entries (with or without a note).
    pub fn verified(&self) -> u64 {
        self.iter()
            .filter(|(s, _)| s.is_verified())
            .map(|(_, n)| n)
            .sum()
    }

    fn add(&mut self, status: Status) {
        if let Some(n) = self.0.get_mut(status.index()) {
            *n += 1;
        }
    }
}

/// `10000 · part / whole`, floored; 0 when `whole` is 0.
fn basis_points(part: u128, whole: u128) -> u32 {
    (part * 10_000)
        .checked_div(whole)
        .and_then(|bp| u32::try_from(bp).ok())
        .unwrap_or(0)
}

/// One activity's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityResult {
    /// The activity.
    pub activity_id: i64,
    /// Its organization.
    pub organization_id: i64,
    /// Its entries by status.
    pub statuses: StatusCounts,
    /// Aid over all entries, in fen.
    pub aid_fen: i64,
    /// Aid over verified entries, in fen.
    pub verified_aid_fen: i64,
}

impl ActivityResult {
    /// Entries verified.
    pub fn entries(&self) -> u64 {
        self.statuses.total()
    }

    /// Verified share in basis points: `10000 · verified / entries`, floored (0 without entries).
    pub fn verified_share_bp(&self) -> u32 {
        basis_points(
            u128::from(self.statuses.verified()),
            u128::from(self.entries()),
        )
    }

    /// Share of the aid (in fen) that went to verified entries, in basis points.
    pub fn verified_aid_share_bp(&self) -> u32 {
        let fen = |f: i64| u128::try_from(f).unwrap_or(0);
        basis_points(fen(self.verified_aid_fen), fen(self.aid_fen))
    }
}

/// One organization's quality score (see the module documentation for the formula).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationScore {
    /// The organization.
    pub organization_id: i64,
    /// Its entries, over all its activities, by status.
    pub statuses: StatusCounts,
}

impl OrganizationScore {
    /// Sum of [`Status::quality_points`] over the entries.
    pub fn points(&self) -> u64 {
        self.statuses
            .iter()
            .map(|(s, n)| u64::from(s.quality_points()) * n)
            .sum()
    }

    /// Quality score in basis points: `points / entries`, floored (0 without entries).
    pub fn quality_bp(&self) -> u32 {
        self.points()
            .checked_div(self.statuses.total())
            .and_then(|q| u32::try_from(q).ok())
            .unwrap_or(0)
    }

    /// Verified share of its entries, in basis points.
    pub fn verified_share_bp(&self) -> u32 {
        basis_points(
            u128::from(self.statuses.verified()),
            u128::from(self.statuses.total()),
        )
    }
}

/// The aggregates of one verification run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Every entry by status.
    pub statuses: StatusCounts,
    /// Activities with entries, by id.
    pub activities: Vec<ActivityResult>,
    /// Organizations with entries, by id.
    pub organizations: Vec<OrganizationScore>,
}

/// Aggregates verdicts (from [`crate::verify`], in the same order as `entries`).
pub fn summarize(
    entries: &[RosterEntry],
    verdicts: &[Verdict],
    activities: &ActivityFacts,
) -> Result<Summary, VerifyError> {
    if entries.len() != verdicts.len() {
        return Err(VerifyError::LengthMismatch {
            entries: entries.len(),
            verdicts: verdicts.len(),
        });
    }
    let mut statuses = StatusCounts::default();
    let mut by_activity: BTreeMap<i64, ActivityResult> = BTreeMap::new();
    let mut by_organization: BTreeMap<i64, StatusCounts> = BTreeMap::new();
    for (entry, verdict) in entries.iter().zip(verdicts) {
        let organization_id =
            activities
                .organization_of(entry.activity_id)
                .ok_or(VerifyError::UnknownActivity {
                    activity_id: entry.activity_id,
                })?;
        statuses.add(verdict.status);
        let activity = by_activity
            .entry(entry.activity_id)
            .or_insert_with(|| ActivityResult {
                activity_id: entry.activity_id,
                organization_id,
                statuses: StatusCounts::default(),
                aid_fen: 0,
                verified_aid_fen: 0,
            });
        activity.statuses.add(verdict.status);
        activity.aid_fen = activity.aid_fen.saturating_add(entry.aid_fen);
        if verdict.status.is_verified() {
            activity.verified_aid_fen = activity.verified_aid_fen.saturating_add(entry.aid_fen);
        }
        by_organization
            .entry(organization_id)
            .or_default()
            .add(verdict.status);
    }
    Ok(Summary {
        statuses,
        activities: by_activity.into_values().collect(),
        organizations: by_organization
            .into_iter()
            .map(|(organization_id, statuses)| OrganizationScore {
                organization_id,
                statuses,
            })
            .collect(),
    })
}
