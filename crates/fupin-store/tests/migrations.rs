//! Migrations applied to a database that already holds rows: each test migrates a fresh database
//! to the version before the migration under test, writes rows as that schema had them, runs the
//! rest, and checks the rows are all there and read as before. Both backends.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fupin_store::stats::{self, Filter};
use fupin_store::testing::{self, TestDb};
use fupin_store::{Db, Value, migrate};

/// Rollup rows as 0004 keyed them (axis, node, …): the nation, a province, a county and a
/// village on the region axis, a unit on the system axis, two years.
async fn seed_rollups_under_0009(db: &Db) {
    let cells = [
        ("region", "", 0, 2019, 3),
        ("region", "", 0, 2020, 2),
        ("region", "13", 1, 2019, 3),
        ("region", "130125", 3, 2019, 2),
        ("region", "130125100201", 5, 2019, 1),
        ("system", "", 0, 2019, 3),
        ("system", "7", 1, 2019, 3),
    ];
    for (axis, node, level, year, activities) in cells {
        db.execute(
            "INSERT INTO stat_cells (axis, node, node_level, year, field, method, org_type, \
             org_level, activities, committed_fen, disbursed_fen, spent_fen, goods_fen, \
             volunteer_hours, households, persons, p_registered_poor, p_rural_dibao, p_tekun, \
             p_poor_disabled, p_other, roster_entries, verified_entries) VALUES ($1, $2, $3, $4, \
             'education', 'money', 'foundation', 'provincial', $5, $6, 0, $6, 0, 0, 0, 0, 0, 0, \
             0, 0, 0, 0, 0)",
            &[
                Value::from(axis),
                Value::from(node),
                Value::from(level),
                Value::from(year),
                Value::from(activities),
                Value::from(activities * 100_000),
            ],
        )
        .await
        .unwrap();
        for organization_id in 1..=activities {
            db.execute(
                "INSERT INTO stat_members (axis, node, node_level, year, organization_id, \
                 activities) VALUES ($1, $2, $3, $4, $5, 1)",
                &[
                    Value::from(axis),
                    Value::from(node),
                    Value::from(level),
                    Value::from(year),
                    Value::from(organization_id),
                ],
            )
            .await
            .unwrap();
        }
    }
}

async fn rollup_rows_survive_rekeying_by_level(test_db: TestDb) {
    let db = &test_db.db;
    seed_rollups_under_0009(db).await;
    let before = stats::read::dump(db).await.unwrap();

    migrate::run(db).await.unwrap();
    assert_eq!(
        migrate::applied_versions(db).await.unwrap(),
        migrate::known_versions(db.backend())
    );
    assert_eq!(
        stats::read::dump(db).await.unwrap(),
        before,
        "no row lost or changed"
    );

    let nation = stats::read::totals(db, "region", "", &Filter::default())
        .await
        .unwrap();
    assert_eq!((nation.activities, nation.committed_fen), (5, 500_000));
    let county = stats::read::totals(db, "region", "130125", &Filter::default())
        .await
        .unwrap();
    assert_eq!(county.activities, 2);
    let unit = stats::read::organization_count(db, "system", "7", Some(2019))
        .await
        .unwrap();
    assert_eq!(unit, 3);
    let provinces = stats::read::children(db, 1, "", &Filter::default())
        .await
        .unwrap();
    assert_eq!(provinces.len(), 1);

    // The new key is the conflict target of the publishing path's upserts.
    db.execute(
        "INSERT INTO stat_members (axis, node, node_level, year, organization_id, activities) \
         VALUES ('region', '13', 1, 2019, 1, 1) ON CONFLICT (axis, node_level, node, year, \
         organization_id) DO UPDATE SET activities = stat_members.activities + excluded.activities",
        &[],
    )
    .await
    .unwrap();
    let after = stats::read::dump(db).await.unwrap();
    let added = r#"member ("region", "13", 1, 2019, 1, 2)"#;
    assert!(after.iter().any(|row| row == added), "{after:#?}");
    assert_eq!(
        after.len(),
        before.len(),
        "the upsert added to the row, not a second one"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rollup_rows_survive_rekeying_by_level_sqlite() {
    rollup_rows_survive_rekeying_by_level(testing::sqlite_at(9).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rollup_rows_survive_rekeying_by_level_postgres() {
    if let Some(test_db) = testing::postgres_at(9).await {
        rollup_rows_survive_rekeying_by_level(test_db).await;
    }
}
