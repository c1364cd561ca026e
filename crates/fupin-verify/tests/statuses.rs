//! Every status and note, with hand-made data.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use fupin_domain::{RegistryStatus, Taxonomy};
use fupin_verify::{
    NameAgreement, Reason, RegionAgreement, RegistryRecord, RosterEntry, Status, Verdict,
    VerifyError, verify, verify_with_threads,
};

fn one(record: RegistryRecord, entry: RosterEntry) -> Verdict {
    let index = index(vec![record]);
    let mut verdicts = verify(&[entry], &index, &activities()).unwrap();
    assert_eq!(verdicts.len(), 1);
    verdicts.remove(0)
}

fn codes(v: &Verdict) -> Vec<&'static str> {
    v.reasons.iter().map(Reason::code).collect()
}

#[test]
fn a_clean_entry_is_verified_without_reasons() {
    let v = one(person(1, "张伟"), entry(1, 7, 1, "张伟"));
    assert_eq!((v.activity_id, v.row_no), (1, 7));
    assert_eq!(v.status, Status::Verified);
    assert!(v.is_verified());
    assert_eq!(v.name.unwrap().agreement, NameAgreement::Exact);
    assert_eq!(v.region, Some(RegionAgreement::Within));
    assert!(v.reasons.is_empty(), "{:?}", v.reasons);
}

#[test]
fn homophones_and_typos_are_verified_with_a_note() {
    let v = one(person(1, "张伟"), entry(1, 1, 1, "张玮"));
    assert_eq!(v.status, Status::Homophone);
    assert!(v.is_verified());
    assert_eq!(codes(&v), ["name_homophone"]);
    assert!(
        v.messages_zh()[0].contains("同音字"),
        "{:?}",
        v.messages_zh()
    );

    let v = one(person(1, "王小芳"), entry(1, 1, 1, "王芳"));
    assert_eq!(v.status, Status::Typo);
    assert!(v.is_verified());
    assert_eq!(codes(&v), ["name_typo"]);
}

#[test]
fn invalid_ids_and_unknown_ids_fail() {
    let mut e = entry(1, 1, 1, "张伟");
    e.id_hash = None;
    let v = one(person(1, "张伟"), e);
    assert_eq!(v.status, Status::InvalidId);
    assert_eq!(codes(&v), ["invalid_id"]);
    assert_eq!(v.name, None);

    let v = one(person(1, "张伟"), entry(1, 1, 2, "张伟"));
    assert_eq!(v.status, Status::NotInRegistry);
    assert_eq!(codes(&v), ["not_in_registry"]);
    assert_eq!((v.name, v.region), (None, None));
}

#[test]
fn another_name_fails() {
    let v = one(person(1, "张伟"), entry(1, 1, 1, "李秀英"));
    assert_eq!(v.status, Status::NameMismatch);
    assert_eq!(codes(&v), ["name_mismatch"]);
    assert_eq!(v.name.unwrap().score_bp, 0);
}

#[test]
fn the_status_is_judged_on_the_service_year() {
    let with = |status, exit_year, status_year| RegistryRecord {
        status,
        exit_year,
        status_year,
        ..person(1, "张伟")
    };
    let e = entry(1, 1, 1, "张伟"); // served in 2019
    let cases = [
        (
            with(RegistryStatus::LiftedNoPolicy, Some(2017), None),
            Status::ExitedBeforeService,
            vec!["exited_before_service"],
        ),
        (
            with(RegistryStatus::LiftedNoPolicy, Some(2019), None),
            Status::Verified,
            vec![],
        ),
        (
            with(RegistryStatus::LiftedNoPolicy, Some(2020), None),
            Status::Verified,
            vec![],
        ),
        (
            with(RegistryStatus::LiftedWithPolicy, Some(2017), None),
            Status::Verified,
            vec!["exited_with_policy"],
        ),
        (
            with(RegistryStatus::Returned, Some(2017), Some(2019)),
            Status::Verified,
            vec!["returned"],
        ),
        (
            with(RegistryStatus::Deceased, None, None),
            Status::Deceased,
            vec!["deceased"],
        ),
        (
            with(RegistryStatus::Deceased, None, Some(2018)),
            Status::Deceased,
            vec!["deceased"],
        ),
        (
            with(RegistryStatus::Deceased, None, Some(2019)),
            Status::Verified,
            vec!["died_in_service_year"],
        ),
        (
            with(RegistryStatus::Deceased, None, Some(2021)),
            Status::Verified,
            vec![],
        ),
    ];
    for (record, status, reasons) in cases {
        let v = one(record.clone(), e.clone());
        assert_eq!(v.status, status, "{record:?}");
        assert_eq!(codes(&v), reasons, "{record:?}");
    }
    let v = one(with(RegistryStatus::LiftedNoPolicy, Some(2017), None), e);
    assert_eq!(
        v.reasons,
        [Reason::ExitedBeforeService {
            exit_year: 2017,
            service_year: 2019
        }]
    );
}

#[test]
fn the_registered_village_is_checked_against_the_locations() {
    // Activity 4 works in county 530103 only.
    let v = one(person(1, "张伟"), entry(4, 1, 1, "张伟"));
    assert_eq!(v.status, Status::OutsideLocations);
    assert_eq!(v.region, Some(RegionAgreement::Outside));
    assert_eq!(codes(&v), ["outside_locations"]);
    // Activity 3 works in another village of the same county: a note.
    let v = one(person(1, "张伟"), entry(3, 1, 1, "张伟"));
    assert_eq!(v.status, Status::Verified);
    assert_eq!(v.region, Some(RegionAgreement::SameCounty));
    assert_eq!(codes(&v), ["same_county_only"]);
    // The roster's own village differs from the registry's: a note.
    let mut e = entry(1, 1, 1, "张伟");
    e.village_code = Some("530102001002".to_owned());
    let v = one(person(1, "张伟"), e);
    assert_eq!(v.status, Status::Verified);
    assert_eq!(codes(&v), ["roster_village_differs"]);
}

#[test]
fn the_first_problem_by_precedence_is_the_status_and_all_are_reasons() {
    let record = RegistryRecord {
        status: RegistryStatus::Deceased,
        ..person(1, "张伟")
    };
    let v = one(record, entry(4, 1, 1, "李秀英"));
    assert_eq!(v.status, Status::NameMismatch);
    assert_eq!(
        codes(&v),
        ["name_mismatch", "deceased", "outside_locations"]
    );
    for message in v.messages_zh() {
        assert!(
            !message.contains("张伟") && !message.contains("530102"),
            "{message}"
        );
    }
}

#[test]
fn claims_by_several_organizations_in_one_year_are_noted_not_failed() {
    let index = index(vec![person(1, "张伟"), person(2, "李娜")]);
    let mut later = entry(2, 2, 2, "李娜");
    later.service_date = day(2020, 1, 1);
    let entries = [
        entry(1, 1, 1, "张伟"), // organization 10
        entry(2, 1, 1, "张伟"), // organization 20, same year
        entry(3, 1, 1, "张伟"), // organization 10 again (village of another township: note)
        entry(1, 2, 2, "李娜"), // 2019
        later,                  // 2020: no overlap
    ];
    let v = verify(&entries, &index, &activities()).unwrap();
    assert_eq!(v[0].status, Status::Verified);
    assert_eq!(
        codes(&v[0]),
        ["claimed_by_others", "repeated_in_organization"]
    );
    let Reason::ClaimedByOthers {
        organizations,
        entries: others,
        claims,
    } = &v[0].reasons[0]
    else {
        panic!("{:?}", v[0].reasons);
    };
    assert_eq!((*organizations, *others), (1, 1));
    assert_eq!(claims.len(), 1);
    assert_eq!(
        (
            claims[0].organization_id,
            claims[0].activity_id,
            claims[0].row_no
        ),
        (20, 2, 1)
    );
    assert_eq!(codes(&v[1]), ["claimed_by_others"]);
    assert!(matches!(
        &v[1].reasons[0],
        Reason::ClaimedByOthers {
            organizations: 1,
            entries: 2,
            ..
        }
    ));
    assert_eq!(
        codes(&v[2]),
        [
            "same_county_only",
            "claimed_by_others",
            "repeated_in_organization"
        ]
    );
    assert!(v[3].reasons.is_empty() && v[4].reasons.is_empty());
    assert!(v.iter().all(Verdict::is_verified));
}

#[test]
fn an_unknown_activity_is_an_error() {
    let index = index(vec![person(1, "张伟")]);
    assert_eq!(
        verify(&[entry(99, 1, 1, "张伟")], &index, &activities()),
        Err(VerifyError::UnknownActivity { activity_id: 99 })
    );
}

#[test]
fn threads_do_not_change_the_verdicts() {
    let persons: Vec<RegistryRecord> = (0..20_000).map(|n| person(n, "张伟")).collect();
    let index = index(persons);
    let entries: Vec<RosterEntry> = (0..40_000)
        .map(|i| {
            let name = if i % 7 == 0 { "张玮" } else { "张伟" };
            entry(1 + (i as i64 % 4), i as i32, (i * 13) % 25_000, name)
        })
        .collect();
    let one = verify_with_threads(&entries, &index, &activities(), 1).unwrap();
    let many = verify_with_threads(&entries, &index, &activities(), 4).unwrap();
    assert_eq!(one, many);
    assert!(one.iter().any(|v| v.status == Status::NotInRegistry));
    assert!(one.iter().any(|v| v.status == Status::Homophone));
}

#[test]
fn statuses_are_a_taxonomy() {
    for status in Status::ALL {
        assert_eq!(Status::from_code(status.code()), Some(*status));
        assert_eq!(Status::parse_label(status.label_zh()), Some(*status));
        assert_eq!(Status::ALL[status.index()], *status);
        assert_eq!(status.to_string(), status.label_zh());
    }
    let verified: Vec<_> = Status::ALL.iter().filter(|s| s.is_verified()).collect();
    assert_eq!(
        verified,
        [&Status::Verified, &Status::Homophone, &Status::Typo]
    );
}
