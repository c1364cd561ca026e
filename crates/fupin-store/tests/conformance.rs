//! The store's conformance suite: every test body runs on SQLite and on PostgreSQL.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::inconsistent_digit_grouping,
    missing_docs
)]

mod support;

use fupin_domain::{
    ActivityStatus, Field, FundingSource, Method, Money, OrgLevel, Role, TransactionKind, UnitKind,
};
use fupin_store::activities::{self, figures};
use fupin_store::units::{self, NewGovUnit};
use fupin_store::{Db, StoreError, Value, audit, migrate, organizations, regions, settings, users};
use support::*;
use time::macros::{date, datetime};

fupin_store::conformance!(
    migrations_are_recorded_and_idempotent,
    reference_regions_are_complete,
    region_ancestry_and_children,
    units_and_supervision_links,
    organizations_round_trip_and_refuse_duplicates,
    a_dropped_transaction_leaves_nothing,
    users_keep_their_roles,
    headline_counts_only_current_published_commitments,
    registry_persons_match_by_hash_only,
    audit_entries_round_trip_in_order,
    settings_overwrite,
    bulk_rows_of_the_wrong_width_are_refused,
    villages_load_once,
    registry_indexes_survive_a_suspended_load,
);

async fn migrations_are_recorded_and_idempotent(db: Db) {
    let applied = migrate::applied_versions(&db).await.unwrap();
    assert_eq!(applied, migrate::known_versions(db.backend()));
    let again = migrate::run(&db).await.unwrap();
    assert_eq!(again.regions, 0, "a second run must not load regions twice");
    assert_eq!(regions::count_at_level(&db, 3).await.unwrap(), 2978);
}

async fn reference_regions_are_complete(db: Db) {
    assert_eq!(regions::count_at_level(&db, 1).await.unwrap(), 31);
    assert_eq!(regions::count_at_level(&db, 2).await.unwrap(), 342);
    assert_eq!(regions::count_at_level(&db, 3).await.unwrap(), 2978);
    assert_eq!(regions::count_at_level(&db, 4).await.unwrap(), 41352);
    let poor = regions::poor_counties(&db).await.unwrap();
    // 832 counties of the 2014 list; 冷湖 and 茫崖 merged into 茫崖市 in 2018.
    assert_eq!(poor.len(), 831);
    let exits_2020 = poor
        .iter()
        .filter(|r| r.poor_exit_year == Some(2020))
        .count();
    assert_eq!(exits_2020, 52, "the last 52 counties exited in 2020");
    assert!(
        poor.iter()
            .all(|r| r.level == 3 && r.poor_exit_year.is_some())
    );
}

async fn region_ancestry_and_children(db: Db) {
    let township = regions::get(&db, "110101001").await.unwrap().unwrap();
    assert_eq!(township.name, "东华门街道");
    assert_eq!(township.level, 4);
    assert_eq!(township.parent_code.as_deref(), Some("110101"));
    assert_eq!(township.county_code.as_deref(), Some("110101"));
    assert_eq!(township.prefecture_code.as_deref(), Some("1101"));
    assert_eq!(township.province_code, "11");
    let counties = regions::children(&db, "1101").await.unwrap();
    assert!(counties.iter().any(|c| c.name == "东城区"));
    assert!(
        counties
            .iter()
            .all(|c| c.parent_code.as_deref() == Some("1101"))
    );
    assert!(regions::get(&db, "999999").await.unwrap().is_none());
}

async fn units_and_supervision_links(db: Db) {
    let mut tx = db.begin().await.unwrap();
    let authority = units::insert(
        &mut tx,
        &unit(UnitKind::RegistrationAuthority, "河北省民政厅", Some("13")),
    )
    .await
    .unwrap();
    let supervisor = units::insert(
        &mut tx,
        &unit(UnitKind::SupervisoryUnit, "河北省教育厅", Some("13")),
    )
    .await
    .unwrap();
    let org = insert_org(&mut tx, 1, authority).await;
    units::link(&mut tx, org, supervisor, "supervisory")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        units::supervised_organizations(&db, supervisor)
            .await
            .unwrap(),
        vec![org]
    );
    assert!(
        units::supervised_organizations(&db, authority)
            .await
            .unwrap()
            .is_empty()
    );
    let row = units::get(&db, supervisor).await.unwrap().unwrap();
    assert_eq!(
        (row.kind.as_str(), row.region_code.as_deref()),
        ("supervisory_unit", Some("13"))
    );
    assert_eq!(units::list(&db).await.unwrap().len(), 2);
}

async fn organizations_round_trip_and_refuse_duplicates(db: Db) {
    let mut tx = db.begin().await.unwrap();
    let authority = units::insert(
        &mut tx,
        &unit(UnitKind::RegistrationAuthority, "民政部", None),
    )
    .await
    .unwrap();
    insert_org(&mut tx, 7, authority).await;
    tx.commit().await.unwrap();
    let row = organizations::get(&db, 7).await.unwrap().unwrap();
    assert_eq!(row.credit_code, credit_code(7).as_str());
    assert_eq!(row.registered_on, date!(2010 - 03 - 15));
    assert!(row.public_fundraising);
    let by_code = organizations::by_credit_code(&db, &credit_code(7))
        .await
        .unwrap();
    assert_eq!(by_code.map(|r| r.id), Some(7));
    assert_eq!(
        organizations::list_in_region(&db, "13", 10, 0)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        organizations::list_in_region(&db, "11", 10, 0)
            .await
            .unwrap()
            .is_empty()
    );

    let mut tx = db.begin().await.unwrap();
    let mut twin = new_org(8, authority);
    twin.credit_code = credit_code(7);
    let err = tx
        .bulk_insert(organizations::TABLE, vec![twin.values(now())])
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Duplicate(_) | StoreError::Database(_)),
        "{err:?}"
    );
}

async fn a_dropped_transaction_leaves_nothing(db: Db) {
    {
        let mut tx = db.begin().await.unwrap();
        units::insert(
            &mut tx,
            &unit(UnitKind::PovertyOffice, "国务院扶贫办", None),
        )
        .await
        .unwrap();
        // dropped without commit
    }
    assert!(units::list(&db).await.unwrap().is_empty());
}

async fn users_keep_their_roles(db: Db) {
    let mut tx = db.begin().await.unwrap();
    let unit_id = units::insert(
        &mut tx,
        &unit(UnitKind::PovertyOffice, "某县扶贫办", Some("130125")),
    )
    .await
    .unwrap();
    let user = users::NewUser {
        username: "officer".into(),
        display_name: "县扶贫办经办人".into(),
        password_hash: "$argon2id$placeholder".into(),
        organization_id: None,
        gov_unit_id: Some(unit_id),
        roles: vec![Role::Officer, Role::Leader],
    };
    let id = users::insert(&mut tx, &user, now()).await.unwrap();
    tx.commit().await.unwrap();
    let row = users::by_username(&db, "officer").await.unwrap().unwrap();
    assert_eq!(
        (row.id, row.gov_unit_id, row.active),
        (id, Some(unit_id), true)
    );
    assert!(
        !format!("{row:?}").contains("argon2"),
        "Debug must redact the hash"
    );
    assert_eq!(
        users::roles(&db, id).await.unwrap(),
        vec!["leader".to_owned(), "officer".to_owned()]
    );
    let mut tx = db.begin().await.unwrap();
    let err = users::insert(&mut tx, &user, now()).await.unwrap_err();
    assert!(matches!(err, StoreError::Duplicate(_)), "{err:?}");
}

async fn headline_counts_only_current_published_commitments(db: Db) {
    let mut tx = db.begin().await.unwrap();
    let authority = units::insert(
        &mut tx,
        &unit(UnitKind::RegistrationAuthority, "民政部", None),
    )
    .await
    .unwrap();
    insert_org(&mut tx, 1, authority).await;
    insert_org(&mut tx, 2, authority).await;
    let published = [
        (10, 1, ActivityStatus::Published),
        (11, 2, ActivityStatus::Published),
    ];
    let draft = [(12, 1, ActivityStatus::Draft)];
    for (id, org, status) in published.iter().chain(draft.iter()) {
        let activity = new_activity(*id, *org, *status);
        tx.bulk_insert(activities::ACTIVITIES, vec![activity.values(now())])
            .await
            .unwrap();
        let location = activities::NewLocation {
            activity_id: *id,
            region_code: "130125".into(),
            share_bp: 10000,
        };
        tx.bulk_insert(activities::LOCATIONS, vec![location.values()])
            .await
            .unwrap();
        let money = [
            transaction(*id, TransactionKind::Pledge, 999_00),
            transaction(*id, TransactionKind::Commitment, 1_000_00),
            transaction(*id, TransactionKind::Expenditure, 400_00),
        ];
        let rows: Vec<Vec<Value>> = money.iter().map(|t| t.values()).collect();
        tx.bulk_insert(activities::TRANSACTIONS, rows)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let head = figures::headline(&db).await.unwrap();
    assert_eq!(head.activities, 2);
    assert_eq!(head.organizations, 2);
    assert_eq!(
        head.committed_fen, 2_000_00,
        "pledges and drafts count in no total"
    );
    assert_eq!(head.spent_fen, 800_00);
    assert_eq!(
        (head.counties, head.poor_counties),
        (1, 1),
        "130125 行唐县 is a poor county"
    );
    let by_field = figures::by_field(&db).await.unwrap();
    assert_eq!(by_field.len(), 1);
    assert_eq!(
        (by_field[0].key.as_str(), by_field[0].committed_fen),
        ("education", 2_000_00)
    );
    let by_year = figures::by_year(&db).await.unwrap();
    assert_eq!(by_year[0].key, "2018");
}

async fn registry_persons_match_by_hash_only(db: Db) {
    let mut tx = db.begin().await.unwrap();
    insert_household_with_person(&mut tx, vec![1; 16]).await;
    tx.commit().await.unwrap();
    let person = fupin_store::registry::person_by_hash(&db, &[1; 16])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(person.id_masked, "1301**********0011");
    assert!(
        fupin_store::registry::person_by_hash(&db, &[2; 16])
            .await
            .unwrap()
            .is_none()
    );
    let mut tx = db.begin().await.unwrap();
    let twin = person_row(1, vec![1; 16]);
    assert!(
        tx.bulk_insert(fupin_store::registry::PERSONS, vec![twin.values()])
            .await
            .is_err()
    );
}

async fn audit_entries_round_trip_in_order(db: Db) {
    let mut tx = db.begin().await.unwrap();
    audit::lock_for_append(&mut tx).await.unwrap();
    assert_eq!(audit::last(&mut tx).await.unwrap(), None);
    for n in 0..3_u8 {
        let row = audit::AuditRow {
            id: i64::from(n) + 1,
            at: datetime!(2026-11-28 08:00:00.123456 UTC),
            actor_id: None,
            actor_name: "system".into(),
            action: format!("step{n}"),
            target_kind: "test".into(),
            target_id: n.to_string(),
            outcome: "ok".into(),
            source_addr: "127.0.0.1".into(),
            detail: String::new(),
            prev_hash: vec![n; 32],
            hash: vec![n + 1; 32],
        };
        audit::insert(&mut tx, &row).await.unwrap();
    }
    assert_eq!(audit::last(&mut tx).await.unwrap(), Some((3, vec![3; 32])));
    tx.commit().await.unwrap();
    let rows = audit::page(&db, 0, 10).await.unwrap();
    assert_eq!(
        rows.iter().map(|r| r.action.as_str()).collect::<Vec<_>>(),
        ["step0", "step1", "step2"]
    );
    assert_eq!(
        rows[0].at,
        datetime!(2026-11-28 08:00:00.123456 UTC),
        "timestamps keep microseconds"
    );
    assert_eq!(audit::page(&db, rows[1].id, 10).await.unwrap().len(), 1);
}

async fn settings_overwrite(db: Db) {
    assert_eq!(settings::get(&db, "k").await.unwrap(), None);
    settings::set(&db, "k", "one").await.unwrap();
    settings::set(&db, "k", "two").await.unwrap();
    assert_eq!(
        settings::get(&db, "k").await.unwrap().as_deref(),
        Some("two")
    );
}

async fn bulk_rows_of_the_wrong_width_are_refused(db: Db) {
    let mut tx = db.begin().await.unwrap();
    let err = tx
        .bulk_insert(organizations::TABLE, vec![vec![Value::from("only one")]])
        .await;
    assert!(matches!(err, Err(StoreError::Corrupt(_))));
}

async fn villages_load_once(db: Db) {
    let written = fupin_store::reference::load_villages(&db).await.unwrap();
    assert_eq!(written, 620_573);
    assert_eq!(fupin_store::reference::load_villages(&db).await.unwrap(), 0);
    let village = regions::get(&db, "110101001001").await.unwrap().unwrap();
    assert_eq!(
        (village.level, village.county_code.as_deref()),
        (5, Some("110101"))
    );
}

fn unit(kind: UnitKind, name: &str, region: Option<&str>) -> NewGovUnit {
    let level = match region.map(str::len) {
        None => OrgLevel::National,
        Some(2) => OrgLevel::Provincial,
        Some(4) => OrgLevel::Prefectural,
        Some(_) => OrgLevel::County,
    };
    NewGovUnit {
        kind,
        level,
        region_code: region.map(str::to_owned),
        name: name.to_owned(),
    }
}

fn transaction(activity_id: i64, kind: TransactionKind, fen: i64) -> activities::NewTransaction {
    activities::NewTransaction {
        activity_id,
        kind,
        occurred_on: date!(2018 - 05 - 01),
        amount: Money::from_fen(fen),
        funding_source: FundingSource::Donations,
        platform: None,
        filing_number: None,
        contract_number: None,
        provider: None,
        receiver: None,
    }
}

fn new_activity(id: i64, organization_id: i64, status: ActivityStatus) -> activities::NewActivity {
    activities::NewActivity {
        id,
        organization_id,
        title: format!("行唐县教育扶贫助学项目 {id}"),
        description: String::new(),
        field: Field::Education,
        method: Method::Project,
        status,
        year: 2018,
        planned_start: Some(date!(2018 - 03 - 01)),
        planned_end: Some(date!(2018 - 12 - 31)),
        actual_start: None,
        actual_end: None,
        goods_value: Money::ZERO,
        volunteer_hours: 0,
        published_at: None,
    }
}

async fn registry_indexes_survive_a_suspended_load(db: Db) {
    use fupin_store::registry;
    let migrated = registry::index_names(&db).await.unwrap();
    assert_eq!(
        migrated,
        registry::load_index_names(),
        "LOAD_INDEXES must match the migration"
    );

    let mut tx = db.begin().await.unwrap();
    assert!(registry::is_empty(&mut tx).await.unwrap());
    registry::suspend_load_indexes(&mut tx).await.unwrap();
    insert_household_with_person(&mut tx, vec![1; 16]).await;
    // A duplicate hash slips in while the index is down, and rebuilding refuses it.
    tx.bulk_insert(registry::PERSONS, vec![person_row(1, vec![1; 16]).values()])
        .await
        .unwrap();
    assert!(registry::rebuild_load_indexes(&mut tx).await.is_err());
    drop(tx);
    assert_eq!(
        registry::index_names(&db).await.unwrap(),
        migrated,
        "the failed load rolled back"
    );

    let mut tx = db.begin().await.unwrap();
    registry::suspend_load_indexes(&mut tx).await.unwrap();
    insert_household_with_person(&mut tx, vec![2; 16]).await;
    registry::rebuild_load_indexes(&mut tx).await.unwrap();
    assert!(!registry::is_empty(&mut tx).await.unwrap());
    tx.commit().await.unwrap();
    assert_eq!(registry::index_names(&db).await.unwrap(), migrated);
    assert!(
        registry::person_by_hash(&db, &[2; 16])
            .await
            .unwrap()
            .is_some()
    );
}
