//! The planted evidence files, compared with the manifest: every file used by activities of
//! different organizations is listed, with each of its activities, and nothing else is.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fupin_demo::anomalies::SHARED_GROUPS;
use fupin_demo::{AnomalyKind, DemoSummary};
use fupin_store::Db;

pub(crate) async fn check_evidence(db: &Db, manifest: &Path, s: &DemoSummary) {
    let rows: Vec<(String, i64, i64, String, String)> = db
        .fetch_all(
            "SELECT f.sha256, f.activity_id, a.organization_id, a.status, f.content_type \
             FROM evidence_files f JOIN activities a ON a.id = f.activity_id ORDER BY f.id",
            &[],
        )
        .await
        .unwrap();
    let mut by_file: BTreeMap<String, BTreeSet<(i64, i64)>> = BTreeMap::new();
    for (sha256, activity, org, status, content_type) in &rows {
        assert_eq!(status, "published");
        assert_eq!(content_type, "application/pdf");
        by_file
            .entry(sha256.clone())
            .or_default()
            .insert((*activity, *org));
    }
    let shared: BTreeMap<&String, &BTreeSet<(i64, i64)>> = by_file
        .iter()
        .filter(|(_, uses)| uses.iter().map(|u| u.1).collect::<BTreeSet<_>>().len() > 1)
        .collect();
    // The control: one file of one organization on two of its activities.
    assert!(
        by_file
            .values()
            .any(|uses| uses.len() == 2
                && uses.iter().map(|u| u.1).collect::<BTreeSet<_>>().len() == 1),
        "one organization reuses its own file"
    );

    let mut listed: BTreeMap<String, BTreeSet<(i64, i64)>> = BTreeMap::new();
    let mut reader = csv::Reader::from_path(manifest).unwrap();
    for record in reader.records() {
        let r = record.unwrap();
        if &r[3] != AnomalyKind::SharedEvidence.code() {
            continue;
        }
        assert!(r[1].is_empty(), "an activity's file has no roster row");
        listed
            .entry(r[4].to_owned())
            .or_default()
            .insert((r[0].parse().unwrap(), r[2].parse().unwrap()));
    }
    assert_eq!(
        shared.len(),
        listed.len(),
        "every shared file is listed, nothing else"
    );
    for (sha256, uses) in &listed {
        assert_eq!(shared.get(sha256), Some(&uses), "{sha256}");
        let orgs: BTreeSet<i64> = uses.iter().map(|u| u.1).collect();
        assert_eq!(orgs.len(), uses.len(), "one activity per organization");
    }
    let mut sizes: Vec<usize> = listed.values().map(BTreeSet::len).collect();
    let mut want = SHARED_GROUPS.to_vec();
    sizes.sort_unstable();
    want.sort_unstable();
    assert_eq!(sizes, want);
    assert_eq!(
        s.anomalies.shared_evidence_files,
        SHARED_GROUPS.len() as u64
    );
    assert_eq!(
        s.anomalies.shared_evidence_activities,
        SHARED_GROUPS.iter().sum::<usize>() as u64
    );
}
