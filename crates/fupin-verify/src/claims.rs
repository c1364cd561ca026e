//! Double claims: the same person (ID hash) on several roster entries of the same year.
//!
//! The period of a claim is the calendar year of its service date, the year whose totals would
//! count the person: two claims overlap when they name the same hash in the same year. Claims by
//! other organizations give [`Reason::ClaimedByOthers`] (double counting in totals; reported, not
//! a failure, since 结对帮扶 by several organizations is legitimate), further claims by the same
//! organization [`Reason::RepeatedInOrganization`]. Entries without a hash (invalid IDs) take no
//! part. The keys are sorted on every field, so the result does not depend on the input order:
//! O(n log n) for n entries.

use crate::engine::RosterEntry;
use crate::verdict::{ClaimRef, MAX_CLAIM_REFS, Reason};

/// One claim, sortable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Claim {
    key: u128,
    year: i32,
    organization_id: i64,
    activity_id: i64,
    row_no: i32,
    entry: usize,
}

impl Claim {
    fn to_ref(self) -> ClaimRef {
        ClaimRef {
            organization_id: self.organization_id,
            activity_id: self.activity_id,
            row_no: self.row_no,
        }
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The claim reasons of every entry (empty for most), by entry index. `sorted` holds the
/// (hash, entry index) of every entry with a hash, ascending by hash; `organizations[i]` is the
/// organization of `entries[i]`.
pub(crate) fn find(
    sorted: &[(u128, usize)],
    entries: &[RosterEntry],
    organizations: &[i64],
) -> Vec<Vec<Reason>> {
    let mut reasons: Vec<Vec<Reason>> = vec![Vec::new(); entries.len()];
    let mut group: Vec<Claim> = Vec::new();
    for same_hash in sorted.chunk_by(|a, b| a.0 == b.0) {
        if same_hash.len() < 2 {
            continue;
        }
        group.clear();
        group.extend(same_hash.iter().filter_map(|&(key, entry)| {
            let e = entries.get(entry)?;
            Some(Claim {
                key,
                year: e.service_date.year(),
                organization_id: *organizations.get(entry)?,
                activity_id: e.activity_id,
                row_no: e.row_no,
                entry,
            })
        }));
        group.sort_unstable();
        for same_year in group.chunk_by(|a, b| a.year == b.year) {
            if same_year.len() > 1 {
                note_group(same_year, &mut reasons);
            }
        }
    }
    reasons
}

/// Notes the claims of one person and year (sorted by organization, activity, row).
fn note_group(group: &[Claim], reasons: &mut [Vec<Reason>]) {
    // Runs of the same organization.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut s = 0;
    for i in 1..=group.len() {
        if i == group.len() || group[i].organization_id != group[s].organization_id {
            runs.push((s, i));
            s = i;
        }
    }
    let organizations = runs.len();
    for &(rs, re) in &runs {
        let refs: Vec<ClaimRef> = group[..rs]
            .iter()
            .chain(&group[re..])
            .take(MAX_CLAIM_REFS)
            .map(|c| c.to_ref())
            .collect();
        for claim in &group[rs..re] {
            let Some(out) = reasons.get_mut(claim.entry) else {
                continue;
            };
            if organizations > 1 {
                out.push(Reason::ClaimedByOthers {
                    organizations: count(organizations - 1),
                    entries: count(group.len() - (re - rs)),
                    claims: refs.clone(),
                });
            }
            if re - rs > 1 {
                out.push(Reason::RepeatedInOrganization {
                    entries: count(re - rs - 1),
                });
            }
        }
    }
}
