//! The rebuild's aggregation: every version's contribution (what [`kernel::contributions`] gives)
//! summed per cell and per membership. Node codes and dimension values are interned into small
//! integers, so the maps hash packed integers instead of comparing strings on every insert; the
//! strings come back only when the rows are written, in the order a `BTreeMap` of the string keys
//! would give: the order of the tables' primary keys, so each is filled by appending.

use std::cmp::Ordering;
use std::sync::Arc;

use super::hasher::FoldMap;
use super::kernel::{self, Dims, MEASURES, Measure, Measures};

/// A node of either axis, by name (the strings of [`kernel::Node`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct NodeName {
    pub axis: &'static str,
    pub node: Arc<str>,
    pub level: i32,
}

impl NodeName {
    /// The order of [`kernel::Node`]'s derived `Ord`.
    fn cmp_key(&self, other: &Self) -> Ordering {
        (self.axis, self.level, &*self.node).cmp(&(other.axis, other.level, &*other.node))
    }
}

/// The dimensions of a cell, by name (the strings of [`Dims`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DimNames {
    pub year: i32,
    pub field: Arc<str>,
    pub method: Arc<str>,
    pub org_type: Arc<str>,
    pub org_level: Arc<str>,
}

impl DimNames {
    /// The order of [`Dims`]'s derived `Ord`.
    fn cmp_key(&self, o: &Self) -> Ordering {
        (
            self.year,
            &*self.field,
            &*self.method,
            &*self.org_type,
            &*self.org_level,
        )
            .cmp(&(o.year, &*o.field, &*o.method, &*o.org_type, &*o.org_level))
    }
}

/// One version to count, its dimensions already interned ([`Rollup::dims_id`]).
pub(super) struct Version<'a> {
    pub organization_id: i64,
    pub unit_id: Option<i64>,
    pub year: i32,
    pub dims: u32,
    pub totals: &'a Measures,
    /// Locations with their weights, sorted by code.
    pub locations: &'a [(String, i64)],
}

const REGION_NATION: u32 = 0;
const SYSTEM_NATION: u32 = 1;

/// Cells and memberships being summed, keyed by interned ids.
pub(super) struct Rollup {
    string_ids: FoldMap<Arc<str>, u32>,
    strings: Vec<Arc<str>>,
    nodes: Vec<NodeName>,
    regions: FoldMap<Arc<str>, u32>,
    units: FoldMap<i64, u32>,
    /// Location code → its region nodes, province first.
    places: FoldMap<Arc<str>, Box<[u32]>>,
    dims: Vec<DimNames>,
    dim_ids: FoldMap<(i32, [u32; 4]), u32>,
    /// (node << 32 | dims) → index into `cells`.
    cell_ids: FoldMap<u64, u32>,
    cells: Vec<Measures>,
    members: FoldMap<(u32, i32, i64), i64>,
    scratch: Vec<(u32, usize)>,
}

fn id_of(len: usize) -> u32 {
    // More than 4 billion nodes or dimension tuples cannot come from the tables' key spaces.
    u32::try_from(len).unwrap_or(u32::MAX)
}

impl Rollup {
    /// An empty rollup (the two national nodes known).
    pub(super) fn new() -> Rollup {
        let nation: Arc<str> = Arc::from("");
        Rollup {
            string_ids: FoldMap::default(),
            strings: Vec::new(),
            nodes: vec![
                NodeName {
                    axis: "region",
                    node: nation.clone(),
                    level: 0,
                },
                NodeName {
                    axis: "system",
                    node: nation,
                    level: 0,
                },
            ],
            regions: FoldMap::default(),
            units: FoldMap::default(),
            places: FoldMap::default(),
            dims: Vec::new(),
            dim_ids: FoldMap::default(),
            cell_ids: FoldMap::default(),
            cells: Vec::new(),
            members: FoldMap::default(),
            scratch: Vec::new(),
        }
    }

    fn string(&mut self, s: &str) -> (u32, Arc<str>) {
        if let Some(id) = self.string_ids.get(s)
            && let Some(known) = self.strings.get(*id as usize)
        {
            return (*id, known.clone());
        }
        let id = id_of(self.strings.len());
        let new: Arc<str> = Arc::from(s);
        self.strings.push(new.clone());
        self.string_ids.insert(new.clone(), id);
        (id, new)
    }

    /// The id of `dims`, interned on first sight.
    pub(super) fn dims_id(&mut self, dims: &Dims) -> u32 {
        let names =
            [&dims.field, &dims.method, &dims.org_type, &dims.org_level].map(|s| self.string(s));
        let key = (dims.year, names.each_ref().map(|(id, _)| *id));
        if let Some(id) = self.dim_ids.get(&key) {
            return *id;
        }
        let id = id_of(self.dims.len());
        let [field, method, org_type, org_level] = names.map(|(_, name)| name);
        self.dims.push(DimNames {
            year: dims.year,
            field,
            method,
            org_type,
            org_level,
        });
        self.dim_ids.insert(key, id);
        id
    }

    fn node(&mut self, name: NodeName) -> u32 {
        let id = id_of(self.nodes.len());
        self.nodes.push(name);
        id
    }

    fn unit_node(&mut self, unit: i64) -> u32 {
        if let Some(id) = self.units.get(&unit) {
            return *id;
        }
        let id = self.node(NodeName {
            axis: "system",
            node: Arc::from(unit.to_string()),
            level: 1,
        });
        self.units.insert(unit, id);
        id
    }

    fn region_node(&mut self, code: &str, level: i32) -> u32 {
        if let Some(id) = self.regions.get(code) {
            return *id;
        }
        let code: Arc<str> = Arc::from(code);
        let id = self.node(NodeName {
            axis: "region",
            node: code.clone(),
            level,
        });
        self.regions.insert(code, id);
        id
    }

    /// Appends the region nodes of location `code` to `scratch` with location index `i`.
    fn place(&mut self, code: &str, i: usize, scratch: &mut Vec<(u32, usize)>) {
        if let Some(nodes) = self.places.get(code) {
            scratch.extend(nodes.iter().map(|n| (*n, i)));
            return;
        }
        let nodes: Box<[u32]> = kernel::ancestors(code)
            .map(|(prefix, level)| self.region_node(&prefix, level))
            .collect();
        scratch.extend(nodes.iter().map(|n| (*n, i)));
        self.places.insert(Arc::from(code), nodes);
    }

    /// Counts `facts` (interning its dimensions): the tests' way in.
    #[cfg(test)]
    pub(super) fn count_facts(&mut self, facts: &kernel::Facts) {
        let dims = self.dims_id(&facts.dims);
        self.count(&Version {
            organization_id: facts.organization_id,
            unit_id: facts.unit_id,
            year: facts.dims.year,
            dims,
            totals: &facts.totals,
            locations: &facts.locations,
        });
    }

    /// Adds what `v` contributes to every node it reaches: the kernel's rules, with the region
    /// nodes gathered by sorting (node, location) pairs instead of a map per version.
    pub(super) fn count(&mut self, v: &Version<'_>) {
        let mut whole = *v.totals;
        whole[Measure::Activities as usize] = 1;
        self.add(REGION_NATION, v, &whole);
        self.add(SYSTEM_NATION, v, &whole);
        if let Some(unit) = v.unit_id {
            let node = self.unit_node(unit);
            self.add(node, v, &whole);
        }
        if v.locations.is_empty() {
            return;
        }
        let weights: Vec<i64> = v.locations.iter().map(|(_, w)| *w).collect();
        let shares = kernel::location_shares(v.totals, &weights);
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        for (i, (code, _)) in v.locations.iter().enumerate() {
            self.place(code, i, &mut scratch);
        }
        scratch.sort_unstable();
        let mut at = 0;
        while let Some(&(node, _)) = scratch.get(at) {
            let mut sum = [0_i64; MEASURES];
            sum[Measure::Activities as usize] = 1;
            while let Some(&(n, i)) = scratch.get(at) {
                if n != node {
                    break;
                }
                if let Some(share) = shares.get(i) {
                    for m in 1..MEASURES {
                        sum[m] += share[m];
                    }
                }
                at += 1;
            }
            self.add(node, v, &sum);
        }
        self.scratch = scratch;
    }

    fn add(&mut self, node: u32, v: &Version<'_>, m: &Measures) {
        let key = (u64::from(node) << 32) | u64::from(v.dims);
        let next = id_of(self.cells.len());
        let index = *self.cell_ids.entry(key).or_insert(next);
        if index == next {
            self.cells.push([0; MEASURES]);
        }
        if let Some(cell) = self.cells.get_mut(index as usize) {
            for (total, x) in cell.iter_mut().zip(m) {
                *total += x;
            }
        }
        *self
            .members
            .entry((node, v.year, v.organization_id))
            .or_insert(0) += 1;
    }

    /// The rows, sorted by their string keys.
    pub(super) fn finish(self) -> Rows {
        let node_rank = ranks(&self.nodes, NodeName::cmp_key);
        let dims_rank = ranks(&self.dims, DimNames::cmp_key);
        let rank = |ranks: &[u32], id: u64| ranks.get(id as usize).copied().unwrap_or(u32::MAX);
        let mut cells: Vec<(u64, u32)> = self
            .cell_ids
            .into_iter()
            .map(|(key, index)| {
                let node = rank(&node_rank, key >> 32);
                let dims = rank(&dims_rank, key & u64::from(u32::MAX));
                ((u64::from(node) << 32) | u64::from(dims), index)
            })
            .collect();
        cells.sort_unstable();
        let mut members: Vec<(u32, i32, i64, i64)> = self
            .members
            .into_iter()
            .map(|((node, year, org), n)| (rank(&node_rank, u64::from(node)), year, org, n))
            .collect();
        members.sort_unstable();
        Rows {
            nodes: sorted_by_rank(self.nodes, &node_rank),
            dims: sorted_by_rank(self.dims, &dims_rank),
            cells,
            measures: self.cells,
            members,
            dims_rank,
        }
    }
}

/// Each item's position in `items` sorted by `cmp`.
fn ranks<T>(items: &[T], cmp: impl Fn(&T, &T) -> Ordering) -> Vec<u32> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_unstable_by(|a, b| match (items.get(*a), items.get(*b)) {
        (Some(x), Some(y)) => cmp(x, y),
        _ => Ordering::Equal,
    });
    let mut rank = vec![0_u32; items.len()];
    for (r, id) in order.into_iter().enumerate() {
        if let Some(slot) = rank.get_mut(id) {
            *slot = id_of(r);
        }
    }
    rank
}

fn sorted_by_rank<T>(items: Vec<T>, rank: &[u32]) -> Vec<T> {
    let mut ranked: Vec<(u32, T)> = rank.iter().copied().zip(items).collect();
    ranked.sort_unstable_by_key(|(r, _)| *r);
    ranked.into_iter().map(|(_, item)| item).collect()
}

/// The aggregated rows, in the order of their string keys.
pub(super) struct Rows {
    /// Nodes, by rank.
    pub(super) nodes: Vec<NodeName>,
    /// Dimensions, by rank.
    pub(super) dims: Vec<DimNames>,
    /// (node rank << 32 | dims rank, index into `measures`), sorted.
    pub(super) cells: Vec<(u64, u32)>,
    pub(super) measures: Vec<Measures>,
    /// (node rank, year, organization, activities), sorted.
    pub(super) members: Vec<(u32, i32, i64, i64)>,
    /// Interned dimensions id → rank.
    dims_rank: Vec<u32>,
}

impl Rows {
    /// The names of dimensions interned as `id` by [`Rollup::dims_id`].
    pub(super) fn dim_names(&self, id: u32) -> Option<&DimNames> {
        self.dims.get(*self.dims_rank.get(id as usize)? as usize)
    }

    /// Number of cells.
    pub(super) fn cell_count(&self) -> usize {
        self.cells.len()
    }

    /// Cell `i` in key order: node, dimensions, measures.
    pub(super) fn cell(&self, i: usize) -> Option<(&NodeName, &DimNames, &Measures)> {
        let (key, index) = self.cells.get(i)?;
        Some((
            self.nodes.get((key >> 32) as usize)?,
            self.dims.get((key & u64::from(u32::MAX)) as usize)?,
            self.measures.get(*index as usize)?,
        ))
    }

    /// Number of memberships.
    pub(super) fn member_count(&self) -> usize {
        self.members.len()
    }

    /// Membership `i` in key order: node, year, organization, counted activities.
    pub(super) fn member(&self, i: usize) -> Option<(&NodeName, i32, i64, i64)> {
        let (node, year, org, n) = self.members.get(i)?;
        Some((self.nodes.get(*node as usize)?, *year, *org, *n))
    }
}

#[cfg(test)]
#[path = "aggregate_tests.rs"]
mod tests;
