//! Anomalies: aid outliers, shared evidence, persons aided by many organizations.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fupin_verify::{
    ActivityAid, ActivityRef, AidOutlier, Anomaly, Direction, EvidenceUse, OutlierOptions,
    PeerGroup, PersonClaim, aid_outliers, many_organizations, sha256_from_hex, shared_evidence,
};
use proptest::prelude::*;

fn aid(activity_id: i64, county: &str, aid_fen: i64, beneficiaries: u64) -> ActivityAid {
    ActivityAid {
        activity_id,
        organization_id: activity_id * 10,
        field: "education".into(),
        county_code: county.into(),
        aid_fen,
        beneficiaries,
    }
}

/// Eight ordinary education activities in one county, about ¥1,000 a person.
fn ordinary(county: &str, first_id: i64) -> Vec<ActivityAid> {
    [
        95_000, 100_000, 102_000, 98_000, 105_000, 99_000, 101_000, 97_000,
    ]
    .into_iter()
    .zip(first_id..)
    .map(|(per_person, id)| aid(id, county, per_person * 20, 20))
    .collect()
}

#[test]
fn a_planted_extreme_is_found_with_its_group_and_direction() {
    let mut activities = ordinary("530102", 1);
    activities.push(aid(99, "530102", 1_000_000 * 20, 20)); // ¥10,000 a person
    activities.push(aid(98, "530102", 500, 20)); // ¥0.25 a person
    activities.push(aid(97, "530102", 1_000, 0)); // no beneficiaries: skipped
    let found = aid_outliers(&activities, OutlierOptions::default());
    let ids: Vec<i64> = found.iter().map(|o| o.activity_id).collect();
    assert_eq!(ids, [98, 99]);
    let high = &found[1];
    assert_eq!(high.direction, Direction::High);
    assert_eq!(
        high.group,
        PeerGroup::County {
            field: "education".into(),
            county: "530102".into()
        }
    );
    assert_eq!(high.group_size, 10);
    assert_eq!(high.aid_per_person_fen, 1_000_000);
    assert_eq!(high.median_fen, 99_500);
    assert!(high.z_milli > 3_500);
    assert_eq!(found[0].direction, Direction::Low);
    assert!(found[0].z_milli < -3_500);

    let message = Anomaly::from(high.clone()).message_zh();
    assert!(message.contains("¥10,000.00"), "{message}");
    assert!(
        message.contains("高于同县（530102）教育扶贫领域10项活动"),
        "{message}"
    );
    assert!(message.contains("¥995.00"), "{message}");
}

#[test]
fn z_follows_the_median_and_mad_formula() {
    // Per person (fen): 10, 20, 30, 40, 1000 → median 30, |x − m| = 20, 10, 0, 10, 970, MAD 10;
    // z(1000) = 0.6745 · 970 / 10 = 65.4265; z(10) = -1.349 (not reported).
    let activities: Vec<ActivityAid> = [10, 20, 30, 40, 1000]
        .into_iter()
        .zip(1..)
        .map(|(fen, id)| aid(id, "110101", fen, 1))
        .collect();
    let found = aid_outliers(&activities, OutlierOptions::default());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].z_milli, 65_427);
    assert_eq!(found[0].median_fen, 30);
}

#[test]
fn a_zero_mad_falls_back_to_the_mean_absolute_deviation() {
    // Six at 100 fen, one at 130: MAD 0; MeanAD = 30/7; z = 30 / (1.253314 · 30/7) = 5.585.
    let mut activities: Vec<ActivityAid> = (1..=6).map(|id| aid(id, "110101", 100, 1)).collect();
    activities.push(aid(7, "110101", 130, 1));
    let found = aid_outliers(&activities, OutlierOptions::default());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].activity_id, 7);
    assert_eq!(found[0].z_milli, 5_585);
    assert!(
        Anomaly::from(found[0].clone())
            .message_zh()
            .contains("5.59")
    );
}

#[test]
fn constant_groups_give_no_outliers() {
    let activities: Vec<ActivityAid> = (1..=9).map(|id| aid(id, "110101", 5_000, 5)).collect();
    assert!(aid_outliers(&activities, OutlierOptions::default()).is_empty());
}

#[test]
fn small_groups_fall_back_to_the_province_then_the_field() {
    // Three activities in each of two counties of province 53: too few per county, enough
    // in the province; the extreme one is judged there.
    let mut activities: Vec<ActivityAid> = ordinary("530102", 1).into_iter().take(3).collect();
    activities.extend(ordinary("530103", 10).into_iter().take(2));
    activities.push(aid(99, "530103", 10_000_000, 1));
    let found = aid_outliers(&activities, OutlierOptions::default());
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].group,
        PeerGroup::Province {
            field: "education".into(),
            province: "53".into()
        }
    );
    // Spread over provinces, only the field is large enough.
    let spread: Vec<ActivityAid> = activities
        .iter()
        .zip(["110101", "120101", "130102", "140105", "150102", "530103"])
        .map(|(a, county)| ActivityAid {
            county_code: county.into(),
            ..a.clone()
        })
        .collect();
    let found = aid_outliers(&spread, OutlierOptions::default());
    assert_eq!(found[0].group.level_code(), "field");
    // With fewer than five in the whole field, nothing is judged.
    assert!(aid_outliers(&spread[2..], OutlierOptions::default()).is_empty());
}

#[test]
fn fields_are_compared_apart() {
    let mut activities = ordinary("530102", 1);
    // Health activities giving ten times as much, among themselves ordinary.
    activities.extend(ordinary("530102", 20).into_iter().map(|a| ActivityAid {
        field: "health".into(),
        aid_fen: a.aid_fen * 10,
        ..a
    }));
    assert!(aid_outliers(&activities, OutlierOptions::default()).is_empty());
}

fn outlier_input() -> impl Strategy<Value = Vec<ActivityAid>> {
    prop::collection::vec((0_usize..3, 0_usize..2, 0_i64..5_000_000, 0_u64..50), 0..60).prop_map(
        |rows| {
            rows.into_iter()
                .zip(1..)
                .map(|((county, field, fen, persons), id)| ActivityAid {
                    field: ["education", "health"][field].into(),
                    ..aid(id, ["530102", "530103", "110101"][county], fen, persons)
                })
                .collect()
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn outliers_do_not_depend_on_the_input_order(mut activities in outlier_input(), seed in any::<u64>()) {
        let found = aid_outliers(&activities, OutlierOptions::default());
        let len = activities.len().max(1);
        activities.rotate_left(usize::try_from(seed % len as u64).unwrap());
        activities.reverse();
        prop_assert_eq!(&found, &aid_outliers(&activities, OutlierOptions::default()));
        let mut sorted: Vec<AidOutlier> = found.clone();
        sorted.sort();
        prop_assert_eq!(found, sorted);
    }

    #[test]
    fn a_planted_extreme_is_always_found(rows in prop::collection::vec(90_000_i64..110_000, 5..40)) {
        let mut activities: Vec<ActivityAid> =
            rows.into_iter().zip(1..).map(|(fen, id)| aid(id, "530102", fen, 1)).collect();
        activities.push(aid(0, "530102", 10_000_000, 1));
        let found = aid_outliers(&activities, OutlierOptions::default());
        prop_assert!(found.iter().any(|o| o.activity_id == 0 && o.direction == Direction::High));
    }

    #[test]
    fn evidence_and_claims_do_not_depend_on_the_input_order(
        uses in prop::collection::vec((0_u8..4, 0_i64..6, 0_i64..3), 0..40),
        claims in prop::collection::vec((0_u8..3, 0_i64..6, 0_i64..8, 2019_i32..2021), 0..60),
    ) {
        let mut uses: Vec<EvidenceUse> = uses
            .into_iter()
            .map(|(h, activity_id, organization_id)| EvidenceUse { sha256: [h; 32], activity_id, organization_id })
            .collect();
        let mut claims: Vec<PersonClaim> = claims
            .into_iter()
            .map(|(h, organization_id, activity_id, year)| PersonClaim { id_hash: [h; 16], organization_id, activity_id, year })
            .collect();
        let shared = shared_evidence(&uses);
        let many = many_organizations(&claims, 2);
        uses.reverse();
        claims.reverse();
        prop_assert_eq!(&shared, &shared_evidence(&uses));
        prop_assert_eq!(&many, &many_organizations(&claims, 2));
        prop_assert!(shared.iter().all(|s| s.organizations.len() >= 2));
        prop_assert!(many.iter().all(|m| m.organization_count() > 2));
    }
}

fn evidence(hash: u8, activity_id: i64, organization_id: i64) -> EvidenceUse {
    EvidenceUse {
        sha256: [hash; 32],
        activity_id,
        organization_id,
    }
}

#[test]
fn evidence_shared_by_two_organizations_is_found_and_own_reuse_is_not() {
    let uses = [
        evidence(1, 10, 1),
        evidence(1, 11, 1), // organization 1 reuses its own file: fine
        evidence(2, 20, 2),
        evidence(2, 30, 3), // organizations 2 and 3 show the same file
        evidence(2, 20, 2), // listed twice: counts once
        evidence(2, 31, 3),
    ];
    let found = shared_evidence(&uses);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].sha256, [2; 32]);
    assert_eq!(found[0].organizations, [2, 3]);
    let activities: Vec<i64> = found[0].activities.iter().map(|a| a.activity_id).collect();
    assert_eq!(activities, [20, 30, 31]);
    let anomaly = Anomaly::from(found[0].clone());
    assert_eq!(anomaly.organization_ids(), [2, 3]);
    assert_eq!(
        anomaly.message_zh(),
        "同一佐证材料文件（SHA-256 020202020202…）被2个组织的3项活动使用"
    );
    assert_eq!(sha256_from_hex(&found[0].sha256_hex()), Some([2; 32]));
    assert_eq!(sha256_from_hex("02"), None);
}

fn claim(person: u8, organization_id: i64, activity_id: i64, year: i32) -> PersonClaim {
    PersonClaim {
        id_hash: [person; 16],
        organization_id,
        activity_id,
        year,
    }
}

#[test]
fn many_organizations_counts_distinct_organizations_per_year() {
    let claims = [
        // Person 1, 2020: three organizations (one with two activities): at the limit.
        claim(1, 1, 10, 2020),
        claim(1, 1, 11, 2020),
        claim(1, 2, 20, 2020),
        claim(1, 3, 30, 2020),
        // Person 1, 2021: a fourth organization, but another year.
        claim(1, 4, 40, 2021),
        // Person 2, 2020: four organizations: over the limit.
        claim(2, 1, 10, 2020),
        claim(2, 2, 20, 2020),
        claim(2, 3, 30, 2020),
        claim(2, 4, 40, 2020),
    ];
    let found = many_organizations(&claims, fupin_verify::DEFAULT_MAX_ORGANIZATIONS);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id_hash, [2; 16]);
    assert_eq!(found[0].year, 2020);
    assert_eq!(found[0].organization_count(), 4);
    assert_eq!(
        found[0].activities,
        [10, 20, 30, 40].map(|a| ActivityRef {
            activity_id: a,
            organization_id: a / 10
        })
    );
    assert_eq!(many_organizations(&claims, 2).len(), 2);
    assert_eq!(many_organizations(&claims, 4).len(), 0);

    let anomaly = Anomaly::from(found[0].clone());
    assert_eq!(anomaly.code(), "many_organizations");
    let zh = anomaly.message_zh();
    assert_eq!(zh, "一名帮扶对象在2020年度被4个组织列入帮扶名单（4项活动）");
    // No hash in messages or debug output.
    for text in [
        zh,
        anomaly.message_en(),
        format!("{anomaly:?}"),
        format!("{:?}", claims[0]),
    ] {
        assert!(
            !text.contains("[2, 2") && !text.contains("id_hash"),
            "{text}"
        );
        assert!(!text.contains("0202"), "{text}");
    }
}

#[test]
fn anomaly_codes_are_stable() {
    let outlier = aid_outliers(
        &[
            aid(1, "110101", 10, 1),
            aid(2, "110101", 20, 1),
            aid(3, "110101", 30, 1),
            aid(4, "110101", 40, 1),
            aid(5, "110101", 1_000, 1),
        ],
        OutlierOptions::default(),
    );
    let anomalies = [
        Anomaly::from(outlier[0].clone()),
        Anomaly::from(shared_evidence(&[evidence(1, 1, 1), evidence(1, 2, 2)])[0].clone()),
        Anomaly::from(
            many_organizations(&[claim(1, 1, 1, 2020), claim(1, 2, 2, 2020)], 1)[0].clone(),
        ),
    ];
    let codes: Vec<&str> = anomalies.iter().map(Anomaly::code).collect();
    assert_eq!(
        codes,
        ["aid_outlier", "shared_evidence", "many_organizations"]
    );
    for anomaly in &anomalies {
        assert!(!anomaly.message_en().is_empty());
        assert!(!anomaly.label_zh().is_empty() && !anomaly.label_en().is_empty());
    }
    assert_eq!(anomalies[0].activity_ids(), [5]);
    assert!(anomalies[0].message_en().contains("far above the median"));
}
