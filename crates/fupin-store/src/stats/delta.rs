//! The net change one publication makes to the rollup tables, computed in memory: a correction
//! subtracts the version it supersedes and adds the new one, and most of the rows both reach
//! cancel out in their activity counts. Netting first lets the whole change go to the database as
//! one upsert per table (and one delete per table for the rows that may fall to zero) instead of
//! a withdrawal and a publication with their own statements each.

use std::collections::BTreeMap;

use super::kernel::{self, Dims, Facts, MEASURES, Measure, Measures, Node};

/// Signed changes per `stat_cells` key (node × dims) and per `stat_members` key (node, year,
/// organization). Sorted maps: the statements list the rows in key order, so two transactions
/// touching the same rows lock them in the same order.
#[derive(Debug, Default)]
pub(super) struct Delta {
    cells: BTreeMap<(Node, Dims), Measures>,
    members: BTreeMap<(Node, i32, i64), i64>,
}

impl Delta {
    /// Adds (`sign` = 1) or subtracts (`sign` = -1) what `facts` contributes to every node.
    pub(super) fn add(&mut self, facts: &Facts, sign: i64) {
        let (year, org) = (facts.dims.year, facts.organization_id);
        for (node, measures) in kernel::contributions(facts) {
            *self.members.entry((node.clone(), year, org)).or_insert(0) += sign;
            let cell = self
                .cells
                .entry((node, facts.dims.clone()))
                .or_insert([0; MEASURES]);
            for (c, m) in cell.iter_mut().zip(measures) {
                *c += sign * m;
            }
        }
    }

    /// The cells that change, with their deltas. A key whose changes all cancel is left out: its
    /// row exists (both versions reached it) and would stay as it is, and an upsert of zeros
    /// would only cost time.
    pub(super) fn cells(&self) -> impl Iterator<Item = (&Node, &Dims, &Measures)> {
        self.cells
            .iter()
            .filter(|(_, m)| m.iter().any(|x| *x != 0))
            .map(|((node, dims), m)| (node, dims, m))
    }

    /// The memberships that change, with their deltas.
    pub(super) fn members(&self) -> impl Iterator<Item = (&Node, i32, i64, i64)> {
        self.members
            .iter()
            .filter(|(_, n)| **n != 0)
            .map(|((node, year, org), n)| (node, *year, *org, *n))
    }

    /// The cells whose activity count goes down: only these can fall to zero and be deleted (a
    /// row both versions reach keeps the old version's activity).
    pub(super) fn shrinking_cells(&self) -> impl Iterator<Item = (&Node, &Dims)> {
        self.cells
            .iter()
            .filter(|(_, m)| m[Measure::Activities as usize] < 0)
            .map(|((node, dims), _)| (node, dims))
    }

    /// The memberships whose activity count goes down.
    pub(super) fn shrinking_members(&self) -> impl Iterator<Item = (&Node, i32, i64)> {
        self.members
            .iter()
            .filter(|(_, n)| **n < 0)
            .map(|((node, year, org), _)| (node, *year, *org))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn facts(id: i64, org: i64, field: &str, locations: &[(&str, i64)], committed: i64) -> Facts {
        let mut totals = [0; MEASURES];
        totals[Measure::Committed as usize] = committed;
        Facts {
            activity_id: id,
            organization_id: org,
            dims: Dims {
                year: 2019,
                field: field.into(),
                method: "project".into(),
                org_type: "foundation".into(),
                org_level: "national".into(),
            },
            unit_id: Some(9),
            locations: locations.iter().map(|(c, w)| ((*c).into(), *w)).collect(),
            totals,
        }
    }

    #[test]
    fn a_correction_nets_out_what_both_versions_reach() {
        let old = facts(1, 1, "education", &[("130125", 10_000)], 1_000);
        let mut delta = Delta::default();
        delta.add(&old, -1);
        delta.add(&facts(2, 1, "education", &[("130125", 10_000)], 1_100), 1);
        // Same keys: every cell changes by +100 committed, no activity count moves, no
        // membership changes, nothing can be deleted.
        assert!(delta.cells().all(|(_, _, m)| m[0] == 0 && m[1] == 100));
        assert_eq!(delta.cells().count(), 2 + 1 + 3);
        assert_eq!(delta.members().count(), 0);
        assert_eq!(delta.shrinking_cells().count(), 0);

        // Another field and county: the old keys shrink, the new ones grow; the memberships of
        // the nodes both reach (the nation, the unit, the province) cancel out.
        let mut delta = Delta::default();
        delta.add(&old, -1);
        delta.add(&facts(2, 1, "health", &[("130181", 10_000)], 1_000), 1);
        assert_eq!(delta.shrinking_cells().count(), 6);
        assert_eq!(delta.cells().count(), 12);
        let members: Vec<(String, i64)> = delta
            .members()
            .map(|(node, _, _, d)| (node.node.clone(), d))
            .collect();
        assert_eq!(members, vec![("130125".into(), -1), ("130181".into(), 1)]);
        assert_eq!(delta.shrinking_members().count(), 1);
    }
}
