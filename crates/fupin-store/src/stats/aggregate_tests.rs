//! The interned aggregation against the straightforward one it replaced (string keys in
//! `BTreeMap`s over [`kernel::contributions`]), on random versions.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use super::*;
use crate::stats::hasher::FoldHasher;
use crate::stats::kernel::{Facts, Node};
use std::hash::Hasher;

/// What the rebuild wrote before interning: cells and memberships keyed by strings, in key order.
type Reference = (Vec<((Node, Dims), Measures)>, Vec<((Node, i32, i64), i64)>);

fn reference(all: &[Facts]) -> Reference {
    let mut cells: BTreeMap<(Node, Dims), Measures> = BTreeMap::new();
    let mut members: BTreeMap<(Node, i32, i64), i64> = BTreeMap::new();
    for facts in all {
        for (node, m) in kernel::contributions(facts) {
            *members
                .entry((node.clone(), facts.dims.year, facts.organization_id))
                .or_insert(0) += 1;
            let cell = cells
                .entry((node, facts.dims.clone()))
                .or_insert([0; MEASURES]);
            for (total, x) in cell.iter_mut().zip(m) {
                *total += x;
            }
        }
    }
    (cells.into_iter().collect(), members.into_iter().collect())
}

fn interned(all: &[Facts]) -> Reference {
    let mut rollup = Rollup::new();
    for facts in all {
        rollup.count_facts(facts);
    }
    let rows = rollup.finish();
    let node = |n: &NodeName| Node {
        axis: n.axis,
        node: n.node.to_string(),
        level: n.level,
    };
    let cells = (0..rows.cell_count())
        .filter_map(|i| rows.cell(i))
        .map(|(n, d, m)| {
            let dims = Dims {
                year: d.year,
                field: d.field.to_string(),
                method: d.method.to_string(),
                org_type: d.org_type.to_string(),
                org_level: d.org_level.to_string(),
            };
            ((node(n), dims), *m)
        })
        .collect();
    let members = (0..rows.member_count())
        .filter_map(|i| rows.member(i))
        .map(|(n, year, org, count)| ((node(n), year, org), count))
        .collect();
    (cells, members)
}

struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len() as u64) as usize]
    }
}

/// Codes sharing provinces, prefectures and counties; a short and an odd-length one too.
const PLACES: [&str; 10] = [
    "130125100201",
    "130125100202",
    "130125101001",
    "130125100",
    "130125",
    "130126",
    "1301",
    "620102001",
    "62",
    "6201020",
];

fn random_facts(rng: &mut Lcg, id: i64) -> Facts {
    let mut locations: Vec<(String, i64)> = (0..rng.below(5))
        .map(|_| {
            let weight = match rng.below(4) {
                0 => 0,
                1 => 10_000,
                _ => rng.below(10_001) as i64,
            };
            (rng.pick(&PLACES).to_owned(), weight)
        })
        .collect();
    locations.sort();
    let mut totals = [0_i64; MEASURES];
    for total in totals.iter_mut().skip(1) {
        *total = match rng.below(5) {
            0 => 0,
            1 => rng.below(10) as i64,
            2 => 12_345_678_901 + rng.below(1_000) as i64,
            _ => rng.below(1_000_000) as i64,
        };
    }
    Facts {
        activity_id: id,
        organization_id: rng.below(12) as i64 + 1,
        dims: Dims {
            year: 2016 + rng.below(4) as i32,
            field: rng.pick(&["education", "industry", "health"]).into(),
            method: rng.pick(&["project", "donation"]).into(),
            org_type: rng
                .pick(&["foundation", "social_group", "enterprise"])
                .into(),
            org_level: rng.pick(&["national", "provincial"]).into(),
        },
        unit_id: match rng.below(4) {
            0 => None,
            n => Some(n as i64 * 7),
        },
        locations,
        totals,
    }
}

#[test]
fn interned_aggregation_equals_the_string_keyed_one() {
    let mut rng = Lcg(2026);
    for round in 0..200 {
        let n = rng.below(60) as i64;
        let all: Vec<Facts> = (0..n).map(|id| random_facts(&mut rng, id)).collect();
        let (want_cells, want_members) = reference(&all);
        let (cells, members) = interned(&all);
        assert_eq!(cells, want_cells, "cells, round {round}");
        assert_eq!(members, want_members, "members, round {round}");
    }
}

#[test]
fn nothing_counted_gives_no_rows() {
    let (cells, members) = interned(&[]);
    assert!(cells.is_empty() && members.is_empty());
}

#[test]
fn dimensions_are_named_back_from_their_ids() {
    let mut rng = Lcg(7);
    let facts = random_facts(&mut rng, 1);
    let mut rollup = Rollup::new();
    let id = rollup.dims_id(&facts.dims);
    assert_eq!(rollup.dims_id(&facts.dims), id, "interned once");
    rollup.count_facts(&facts);
    let rows = rollup.finish();
    let names = rows.dim_names(id).unwrap();
    assert_eq!(&*names.field, facts.dims.field);
    assert_eq!(&*names.org_level, facts.dims.org_level);
    assert_eq!(names.year, facts.dims.year);
}

#[test]
fn the_hasher_spreads_packed_keys_over_the_low_bits() {
    // Keys differing only in their high half (the node) must spread like random ones, which
    // would fill about 1 - 1/e of the buckets (647 of 1,024).
    let buckets: std::collections::HashSet<u64> = (0..1024_u64)
        .map(|node| {
            let mut h = FoldHasher::default();
            h.write_u64(node << 32 | 5);
            h.finish() & 1023
        })
        .collect();
    assert!(buckets.len() > 600, "{} buckets", buckets.len());
}
