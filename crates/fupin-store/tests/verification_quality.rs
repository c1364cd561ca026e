//! An organization's verification figures (the inputs of its quality score) on both backends:
//! summed over its published current versions only.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod support;

use fupin_domain::{ActivityStatus, Field, Method, Money, OrgLevel, UnitKind};
use fupin_store::activities::{ACTIVITIES, NewActivity};
use fupin_store::units::{self, NewGovUnit};
use fupin_store::verification::quality::{OrganizationVerification, organization_verification};
use fupin_store::verification::{NewActivityVerification, replace_verdicts, runs};
use fupin_store::{Db, Tx};

fupin_store::conformance!(organization_figures_count_published_current_versions_only);

fn activity(id: i64, organization_id: i64, status: ActivityStatus) -> NewActivity {
    NewActivity {
        id,
        organization_id,
        title: format!("核对测试项目{id}"),
        description: String::new(),
        field: Field::Education,
        method: Method::Project,
        status,
        year: 2019,
        planned_start: None,
        planned_end: None,
        actual_start: None,
        actual_end: None,
        goods_value: Money::from_fen(0),
        volunteer_hours: 0,
        published_at: (status == ActivityStatus::Published).then(support::now),
    }
}

fn figures(
    activity_id: i64,
    organization_id: i64,
    entries: i64,
    verified: i64,
    quality_points: i64,
) -> NewActivityVerification {
    NewActivityVerification {
        activity_id,
        organization_id,
        entries,
        verified,
        quality_points,
        aid_fen: entries * 100_000,
        verified_aid_fen: verified * 100_000,
    }
}

async fn seed(tx: &mut Tx) {
    let authority = units::insert(
        tx,
        &NewGovUnit {
            kind: UnitKind::RegistrationAuthority,
            level: OrgLevel::National,
            region_code: None,
            name: "民政部".to_owned(),
        },
    )
    .await
    .unwrap();
    for org in 1..=3 {
        support::insert_org(tx, org, authority).await;
    }
    use ActivityStatus::*;
    let rows = [
        activity(10, 1, Published),
        activity(11, 1, Published),
        activity(12, 1, Draft),
        activity(13, 1, Published),
        activity(14, 2, Published),
        activity(15, 1, Submitted),
    ]
    .iter()
    .map(|a| a.values(support::now()))
    .collect();
    tx.bulk_insert(ACTIVITIES, rows).await.unwrap();
    // Version 13 was corrected: superseded, no longer what the public sees.
    tx.execute(
        "UPDATE activities SET is_current = FALSE WHERE id = 13",
        &[],
    )
    .await
    .unwrap();
    let run = runs::start(tx, runs::Trigger::Bulk, "", None, "test", support::now())
        .await
        .unwrap();
    let figures = vec![
        // Verified, verified, homophone (9,000), not in the registry (0).
        figures(10, 1, 4, 3, 29_000),
        // Verified, outside the locations (5,000), exited before service (2,000).
        figures(11, 1, 3, 1, 17_000),
        figures(12, 1, 5, 5, 50_000),
        figures(13, 1, 2, 0, 0),
        figures(14, 2, 1, 1, 10_000),
        figures(15, 1, 6, 6, 60_000),
    ];
    replace_verdicts(
        tx,
        run,
        support::now(),
        &[10, 11, 12, 13, 14, 15],
        Vec::new(),
        figures,
    )
    .await
    .unwrap();
}

async fn organization_figures_count_published_current_versions_only(db: Db) {
    let mut tx = db.begin().await.unwrap();
    seed(&mut tx).await;
    tx.commit().await.unwrap();

    let one = organization_verification(&db, 1).await.unwrap();
    assert_eq!(
        one,
        OrganizationVerification {
            activities: 2,
            entries: 7,
            verified: 4,
            quality_points: 46_000,
        }
    );
    let two = organization_verification(&db, 2).await.unwrap();
    assert_eq!(
        (
            two.activities,
            two.entries,
            two.verified,
            two.quality_points
        ),
        (1, 1, 1, 10_000)
    );
    // An organization without verified published rosters, and one that does not exist.
    for id in [3, 999] {
        assert_eq!(
            organization_verification(&db, id).await.unwrap(),
            OrganizationVerification::default()
        );
    }
}
