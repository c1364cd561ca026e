//! Anomalies (异常线索) planted for the verification's detectors (`fupin-verify`'s `anomalies`),
//! beside the roster faults of [`crate::faults`]. The aid-per-person outliers arise by themselves
//! from the drawn amounts; the other two kinds are planted a few times each, deterministically:
//!
//! | kind | planted | how |
//! |---|---|---|
//! | `many_organizations` | one person in each of 2018, 2019 and 2020 | the first roster activity of the year opens a *hub* in its first county; the next roster activities of that year are sited there, each for an organization not yet in the hub, until the hub has [`ORGANIZATIONS_PER_PERSON`] organizations (one more than the engine's plausible maximum); after the rosters, an unused clean registry person of the hub county is added to each of the hub's rosters |
//! | `shared_evidence` | [`SHARED_GROUPS`]`.len()` files | one evidence file (the same bytes under different names) attached to published activities of 2, 3 and 2 different organizations |
//!
//! As a control the detector must pass, one more file is attached to two activities of one
//! organization (ordinary reuse, not listed). The manifest lists every planted anomaly row by
//! row: a person's roster entries (`fault` = `many_organizations`, `detail` = the organizations,
//! `first_activity_id`/`first_row_no` = the person's first planted entry, empty on that one), and
//! each activity using a shared file (`fault` = `shared_evidence`, no `row_no`, `detail` = the
//! file's SHA-256, `first_activity_id` = the file's first activity, empty on that one).

use std::collections::{HashMap, HashSet};
use std::fs::OpenOptions;
use std::path::Path;

use fupin_store::Db;
use fupin_store::activities::editor::evidence::{self, NewEvidence};
use rand::seq::SliceRandom;
use sha2::{Digest, Sha256};
use time::Duration;
use time::macros::time;

use crate::DemoError;
use crate::faults::manifest_record;
use crate::rng::{purpose, stream};
use crate::rosters::RosterPlan;

/// A kind of planted anomaly; its code is the engine's (`fupin_verify::Anomaly::code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AnomalyKind {
    /// One evidence file used by activities of different organizations.
    SharedEvidence,
    /// One person on the rosters of more organizations in one year than plausible.
    ManyOrganizations,
}

impl AnomalyKind {
    /// Every kind.
    pub const ALL: [AnomalyKind; 2] = [AnomalyKind::SharedEvidence, AnomalyKind::ManyOrganizations];

    /// Code used in the manifest and by the engine.
    pub fn code(self) -> &'static str {
        match self {
            AnomalyKind::SharedEvidence => "shared_evidence",
            AnomalyKind::ManyOrganizations => "many_organizations",
        }
    }
}

/// What was planted besides the roster faults.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlantedAnomalies {
    /// Evidence files shared by activities of different organizations.
    pub shared_evidence_files: u64,
    /// Activities using one of those files.
    pub shared_evidence_activities: u64,
    /// Persons on the rosters of [`ORGANIZATIONS_PER_PERSON`] organizations in one year (their
    /// entries are counted in [`crate::FaultCounts::many_organizations`]).
    pub many_organizations_persons: u64,
}

/// Years with a hub, each planting one person aided by many organizations.
pub(crate) const HUB_YEARS: [i32; 3] = [2018, 2019, 2020];

/// Organizations per planted person: one more than the most the engine finds plausible.
pub const ORGANIZATIONS_PER_PERSON: usize = fupin_verify::DEFAULT_MAX_ORGANIZATIONS + 1;

/// Organizations sharing each planted evidence file.
pub const SHARED_GROUPS: [usize; 3] = [2, 3, 2];

/// Names the shared files go by, one per activity of a group: renamed copies of one file.
const FILE_NAMES: [&str; 3] = ["项目验收报告.pdf", "结项证明材料.pdf", "物资发放签收单.pdf"];

/// The stream index of the shared evidence (the hubs use 0, 1, 2, …).
const SHARED_STREAM: u64 = 1_000;

/// A county and year where roster activities of [`ORGANIZATIONS_PER_PERSON`] organizations meet.
#[derive(Debug, Clone)]
pub(crate) struct Hub {
    pub year: i32,
    /// Registry county (index into the registry plan).
    pub county: usize,
    /// Organizations (indexes into the generated organizations), one per activity.
    pub orgs: Vec<usize>,
    /// Activities with a roster, in id order.
    pub activities: Vec<i64>,
}

/// The hubs as roster activities are generated.
#[derive(Debug, Clone, Default)]
pub(crate) struct Hubs {
    hubs: Vec<Hub>,
}

impl Hubs {
    /// Where a roster activity of `year` must work: the hub county and the organizations it has
    /// already; `None` when the year has no hub still wanting organizations.
    pub(crate) fn wanted(&self, year: i32) -> Option<(usize, &[usize])> {
        self.hubs
            .iter()
            .find(|h| h.year == year && h.orgs.len() < ORGANIZATIONS_PER_PERSON)
            .map(|h| (h.county, h.orgs.as_slice()))
    }

    /// Records a roster activity: the first of a hub year opens the hub in its first county;
    /// later ones join while the hub wants organizations, if they work there for a new one.
    pub(crate) fn record(&mut self, year: i32, activity_id: i64, org: usize, counties: &[usize]) {
        if !HUB_YEARS.contains(&year) {
            return;
        }
        match self.hubs.iter_mut().find(|h| h.year == year) {
            None => {
                if let Some(&county) = counties.first() {
                    self.hubs.push(Hub {
                        year,
                        county,
                        orgs: vec![org],
                        activities: vec![activity_id],
                    });
                }
            }
            Some(h) => {
                if h.orgs.len() < ORGANIZATIONS_PER_PERSON
                    && counties.contains(&h.county)
                    && !h.orgs.contains(&org)
                {
                    h.orgs.push(org);
                    h.activities.push(activity_id);
                }
            }
        }
    }

    /// The hubs that reached [`ORGANIZATIONS_PER_PERSON`] organizations.
    pub(crate) fn into_full(self) -> Vec<Hub> {
        self.hubs
            .into_iter()
            .filter(|h| h.orgs.len() == ORGANIZATIONS_PER_PERSON)
            .collect()
    }
}

/// A small PDF document (enough for the evidence check, which reads the first bytes).
fn pdf(label: &str) -> Vec<u8> {
    format!(
        "%PDF-1.4\n% Fupin demo evidence: {label}\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n\
         2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )
    .into_bytes()
}

/// Groups of roster activities of distinct organizations (sizes [`SHARED_GROUPS`]; no
/// organization in two groups), and a control pair: two activities of one other organization.
fn choose(rosters: &[RosterPlan], seed: u64) -> (Vec<Vec<usize>>, Option<(usize, usize)>) {
    let mut order: Vec<usize> = (0..rosters.len()).collect();
    order.shuffle(&mut stream(seed, purpose::ANOMALIES, SHARED_STREAM));
    let mut order = order.into_iter();
    let mut used: HashSet<i64> = HashSet::new();
    let mut groups = Vec::new();
    for size in SHARED_GROUPS {
        let mut group = Vec::new();
        while group.len() < size {
            let Some(i) = order.next() else { break };
            if used.insert(rosters[i].organization_id) {
                group.push(i);
            }
        }
        if group.len() == size {
            groups.push(group);
        }
    }
    let mut seen: HashMap<i64, usize> = HashMap::new();
    let control = order.find_map(|i| {
        let org = rosters[i].organization_id;
        if used.contains(&org) {
            return None;
        }
        seen.insert(org, i).map(|j| (j, i))
    });
    (groups, control)
}

/// Attaches the shared evidence files (and the control) to published roster activities and
/// appends their rows to the manifest; returns (files, activities) planted.
pub(crate) async fn plant_shared_evidence(
    db: &Db,
    rosters: &[RosterPlan],
    seed: u64,
    manifest: Option<&Path>,
) -> Result<(u64, u64), DemoError> {
    let (groups, control) = choose(rosters, seed);
    let uploaded = |r: &RosterPlan| {
        (r.end + Duration::days(20))
            .with_time(time!(10:00))
            .assume_utc()
    };
    let mut records = Vec::new();
    let mut tx = db.begin().await?;
    for (k, group) in groups.iter().enumerate() {
        let content = pdf(&format!("shared file {k}"));
        let sha256 = hex::encode(Sha256::digest(&content));
        let first = group.first().map(|&i| rosters[i].activity_id);
        for (n, &i) in group.iter().enumerate() {
            let r = &rosters[i];
            let file = NewEvidence {
                activity_id: r.activity_id,
                file_name: FILE_NAMES[n % FILE_NAMES.len()],
                content_type: "application/pdf",
                sha256: &sha256,
                content: &content,
            };
            evidence::insert(&mut tx, file, uploaded(r)).await?;
            records.push(manifest_record(
                r.activity_id,
                None,
                r.organization_id,
                AnomalyKind::SharedEvidence.code(),
                &sha256,
                first.filter(|_| n > 0).map(|a| (a, None)),
            ));
        }
    }
    if let Some((a, b)) = control {
        let content = pdf("one organization's own file");
        let sha256 = hex::encode(Sha256::digest(&content));
        for i in [a, b] {
            let r = &rosters[i];
            let file = NewEvidence {
                activity_id: r.activity_id,
                file_name: FILE_NAMES[0],
                content_type: "application/pdf",
                sha256: &sha256,
                content: &content,
            };
            evidence::insert(&mut tx, file, uploaded(r)).await?;
        }
    }
    tx.commit().await?;
    if let Some(path) = manifest {
        let file = OpenOptions::new().append(true).open(path)?;
        let mut w = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(file);
        for record in &records {
            w.write_record(record)?;
        }
        w.flush()?;
    }
    Ok((groups.len() as u64, records.len() as u64))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_hub_fills_with_distinct_organizations_in_its_county() {
        let mut hubs = Hubs::default();
        assert!(
            hubs.wanted(2019).is_none(),
            "no hub before its first activity"
        );
        hubs.record(2017, 1, 5, &[3]);
        assert!(hubs.wanted(2017).is_none(), "2017 has no hub");
        hubs.record(2019, 2, 5, &[3, 4]);
        assert_eq!(hubs.wanted(2019), Some((3, &[5][..])));
        hubs.record(2019, 3, 5, &[3]); // same organization
        hubs.record(2019, 4, 6, &[4]); // elsewhere
        hubs.record(2019, 5, 6, &[4, 3]);
        hubs.record(2019, 6, 7, &[3]);
        hubs.record(2019, 7, 8, &[3]);
        assert!(hubs.wanted(2019).is_none(), "full");
        hubs.record(2019, 8, 9, &[3]);
        let full = hubs.into_full();
        assert_eq!(full.len(), 1);
        assert_eq!(full[0].activities, [2, 5, 6, 7]);
        assert_eq!(full[0].orgs, [5, 6, 7, 8]);
    }

    #[test]
    fn shared_files_go_to_distinct_organizations() {
        let plan = |activity_id: i64, organization_id: i64| RosterPlan {
            activity_id,
            organization_id,
            org_index: 0,
            year: 2019,
            counties: vec![0],
            start: time::macros::date!(2019 - 03 - 01),
            end: time::macros::date!(2019 - 09 - 01),
            entries: 10,
        };
        let rosters: Vec<RosterPlan> = (0..40).map(|i| plan(i + 1, i % 12)).collect();
        let (groups, control) = choose(&rosters, 7);
        assert_eq!(
            groups.iter().map(Vec::len).collect::<Vec<_>>(),
            SHARED_GROUPS
        );
        let orgs: Vec<i64> = groups
            .iter()
            .flatten()
            .map(|&i| rosters[i].organization_id)
            .collect();
        let distinct: HashSet<i64> = orgs.iter().copied().collect();
        assert_eq!(distinct.len(), orgs.len());
        let (a, b) = control.unwrap();
        assert_ne!(a, b);
        assert_eq!(rosters[a].organization_id, rosters[b].organization_id);
        assert!(!distinct.contains(&rosters[a].organization_id));
        assert_eq!(choose(&rosters, 7), (groups, control), "deterministic");
    }
}
