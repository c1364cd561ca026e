//! Aggregates: verified shares and quality scores by hand.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use fupin_domain::RegistryStatus;
use fupin_verify::{RegistryRecord, Status, VerifyError, summarize, verify};

#[test]
fn shares_and_scores_are_exact_integers() {
    let index = index(vec![
        person(1, "张伟"),
        person(2, "李娜"),
        RegistryRecord {
            status: RegistryStatus::LiftedNoPolicy,
            exit_year: Some(2016),
            ..person(3, "王芳")
        },
    ]);
    let mut big = entry(1, 4, 9, "赵六"); // not in the registry
    big.aid_fen = 150_000;
    let entries = [
        entry(1, 1, 1, "张伟"), // verified
        entry(1, 2, 2, "李纳"), // homophone
        entry(1, 3, 3, "王芳"), // exited before service
        big,
        entry(2, 1, 2, "李娜"), // organization 20: verified
        entry(4, 1, 1, "张伟"), // organization 30: outside the locations
    ];
    let verdicts = verify(&entries, &index, &activities()).unwrap();
    let statuses: Vec<Status> = verdicts.iter().map(|v| v.status).collect();
    assert_eq!(
        statuses,
        [
            Status::Verified,
            Status::Homophone,
            Status::ExitedBeforeService,
            Status::NotInRegistry,
            Status::Verified,
            Status::OutsideLocations,
        ]
    );
    let summary = summarize(&entries, &verdicts, &activities()).unwrap();
    assert_eq!(summary.statuses.total(), 6);
    assert_eq!(summary.statuses.verified(), 3);
    assert_eq!(summary.statuses.get(Status::NotInRegistry), 1);

    let ids: Vec<i64> = summary.activities.iter().map(|a| a.activity_id).collect();
    assert_eq!(ids, [1, 2, 4]);
    let a1 = &summary.activities[0];
    assert_eq!((a1.entries(), a1.statuses.verified()), (4, 2));
    assert_eq!(a1.verified_share_bp(), 5_000);
    assert_eq!((a1.aid_fen, a1.verified_aid_fen), (300_000, 100_000));
    assert_eq!(a1.verified_aid_share_bp(), 3_333);
    assert_eq!(summary.activities[1].verified_share_bp(), 10_000);
    assert_eq!(summary.activities[2].verified_share_bp(), 0);

    let orgs: Vec<(i64, u32)> = summary
        .organizations
        .iter()
        .map(|o| (o.organization_id, o.quality_bp()))
        .collect();
    // Organization 10: (10000 + 9000 + 2000 + 0) / 4.
    assert_eq!(orgs, [(10, 5_250), (20, 10_000), (30, 5_000)]);
    assert_eq!(summary.organizations[0].verified_share_bp(), 5_000);
}

#[test]
fn verdicts_must_pair_with_entries() {
    let entries = [entry(1, 1, 1, "张伟")];
    assert_eq!(
        summarize(&entries, &[], &activities()),
        Err(VerifyError::LengthMismatch {
            entries: 1,
            verdicts: 0
        })
    );
}
