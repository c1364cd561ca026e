//! Corrections through `stats::publish` on both backends: whatever a correction changes (the
//! organization's type, level or unit since the old version was counted, the activity's year
//! and field, its locations, its amounts), the maintained tables equal a rebuild.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use fupin_domain::{
    ActivityStatus, BeneficiaryCategory, Field, FundingSource, Method, Money, OrgLevel,
    TransactionKind, UnitKind,
};
use fupin_store::activities::{
    ACTIVITIES, BENEFICIARIES, LOCATIONS, NewActivity, NewBeneficiaryCount, NewLocation,
    NewTransaction, TRANSACTIONS,
};
use fupin_store::stats;
use fupin_store::units::{self, NewGovUnit};
use fupin_store::{Db, Tx, Value};
use time::macros::date;

/// What a version reports.
struct Content {
    year: i32,
    field: Field,
    locations: &'static [(&'static str, i32)],
    /// Committed, disbursed and spent, fen (each transaction kind gets this plus its index).
    amount: i64,
    persons: i64,
}

const A: Content = Content {
    year: 2019,
    field: Field::Education,
    locations: &[("130125100", 5_000), ("130125101", 5_000)],
    amount: 1_000_001,
    persons: 31,
};
const B: Content = Content {
    year: 2020,
    field: Field::Health,
    locations: &[("620102001", 3_333), ("520102", 3_333), ("110101", 3_334)],
    amount: 7_777_777,
    persons: 12,
};
const C: Content = Content {
    year: 2019,
    field: Field::Education,
    locations: &[("130125", 10_000)],
    amount: 55,
    persons: 3,
};

async fn unit(tx: &mut Tx, kind: UnitKind, name: &str) -> i64 {
    let unit = NewGovUnit {
        kind,
        level: OrgLevel::National,
        region_code: None,
        name: name.to_owned(),
    };
    units::insert(tx, &unit).await.unwrap()
}

/// Writes version `id` of `org` with `content`; a correction of `supersedes` when given (then a
/// draft, not current, until [`publish`]).
async fn version(tx: &mut Tx, id: i64, org: i64, content: &Content, supersedes: Option<i64>) {
    let now = support::now();
    let status = match supersedes {
        Some(_) => ActivityStatus::Draft,
        None => ActivityStatus::Published,
    };
    let activity = NewActivity {
        id,
        organization_id: org,
        title: format!("项目{id}"),
        description: String::new(),
        field: content.field,
        method: Method::Project,
        status,
        year: content.year,
        planned_start: None,
        planned_end: None,
        actual_start: None,
        actual_end: None,
        goods_value: Money::from_fen(content.amount / 3),
        volunteer_hours: content.persons * 2,
        published_at: (status == ActivityStatus::Published).then_some(now),
    };
    tx.bulk_insert(ACTIVITIES, vec![activity.values(now)])
        .await
        .unwrap();
    let locations = content.locations.iter().map(|(code, share)| {
        NewLocation {
            activity_id: id,
            region_code: (*code).to_owned(),
            share_bp: *share,
        }
        .values()
    });
    tx.bulk_insert(LOCATIONS, locations.collect())
        .await
        .unwrap();
    let transactions = TransactionKind::ALL.iter().zip(0..).map(|(kind, i)| {
        NewTransaction {
            activity_id: id,
            kind: *kind,
            occurred_on: date!(2019 - 05 - 01),
            amount: Money::from_fen(content.amount + i),
            funding_source: FundingSource::Donations,
            platform: None,
            filing_number: None,
            contract_number: None,
            provider: None,
            receiver: None,
        }
        .values()
    });
    tx.bulk_insert(TRANSACTIONS, transactions.collect())
        .await
        .unwrap();
    let beneficiaries = BeneficiaryCategory::ALL
        .iter()
        .zip(0..)
        .map(|(category, i)| {
            NewBeneficiaryCount {
                activity_id: id,
                category: *category,
                households: content.persons / 3 + i,
                persons: content.persons + i,
            }
            .values()
        });
    tx.bulk_insert(BENEFICIARIES, beneficiaries.collect())
        .await
        .unwrap();
    if let Some(old) = supersedes {
        tx.execute(
            "UPDATE activities SET supersedes_id = $2, version = 2, is_current = FALSE, \
             correction_note = '更正' WHERE id = $1",
            &[Value::from(id), Value::from(old)],
        )
        .await
        .unwrap();
    }
}

/// A correction `new` of `old` with `content`, published as the workflow does it.
async fn correct(db: &Db, old: i64, new: i64, content: &Content) {
    let mut tx = db.begin().await.unwrap();
    let (org,): (i64,) = tx
        .fetch_one(
            "SELECT organization_id FROM activities WHERE id = $1",
            &[Value::from(old)],
        )
        .await
        .unwrap();
    version(&mut tx, new, org, content, Some(old)).await;
    for (sql, id) in [
        (
            "UPDATE activities SET is_current = FALSE WHERE id = $1",
            old,
        ),
        (
            "UPDATE activities SET status = 'published', is_current = TRUE WHERE id = $1",
            new,
        ),
    ] {
        tx.execute(sql, &[Value::from(id)]).await.unwrap();
    }
    stats::publish(&mut tx, new).await.unwrap();
    tx.commit().await.unwrap();
}

async fn assert_equals_rebuild(db: &Db, versions: usize, context: &str) {
    let maintained = stats::read::dump(db).await.unwrap();
    assert_eq!(stats::rebuild(db).await.unwrap(), versions, "{context}");
    let rebuilt = stats::read::dump(db).await.unwrap();
    assert_eq!(maintained.len(), rebuilt.len(), "{context}");
    for (m, r) in maintained.iter().zip(&rebuilt) {
        assert_eq!(m, r, "{context}");
    }
}

async fn corrections_leave_the_tables_equal_to_a_rebuild(db: Db) {
    let mut tx = db.begin().await.unwrap();
    let authority = unit(&mut tx, UnitKind::RegistrationAuthority, "民政部").await;
    let supervisor = unit(&mut tx, UnitKind::SupervisoryUnit, "国务院扶贫办").await;
    for org in 1..=2 {
        support::insert_org(&mut tx, org, authority).await;
    }
    for (id, org, content) in [(1, 1, &A), (2, 1, &C), (3, 2, &A), (4, 2, &B), (5, 2, &C)] {
        version(&mut tx, id, org, content, None).await;
    }
    tx.commit().await.unwrap();
    assert_eq!(stats::rebuild(&db).await.unwrap(), 5);

    // Only the amounts change: every row both versions reach stays (no delete at all).
    correct(
        &db,
        3,
        103,
        &Content {
            amount: 1_000_101,
            ..A
        },
    )
    .await;
    assert_equals_rebuild(&db, 5, "amounts").await;
    // Other year, field and locations: the old rows shrink and fall out, new ones appear.
    correct(&db, 4, 104, &A).await;
    correct(&db, 103, 203, &B).await;
    assert_equals_rebuild(&db, 5, "dims and locations").await;
    // Same dims, fewer locations at a coarser level: the villages and townships fall out.
    correct(&db, 5, 105, &A).await;
    correct(&db, 105, 205, &C).await;
    assert_equals_rebuild(&db, 5, "locations").await;

    // The organization changes type, level and unit after its versions were counted: each
    // correction withdraws the old version under the keys it was counted with.
    let mut tx = db.begin().await.unwrap();
    tx.execute(
        "UPDATE organizations SET org_type = 'foundation', level = 'national' WHERE id = 1",
        &[],
    )
    .await
    .unwrap();
    units::link(&mut tx, 1, supervisor, "supervisory")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    correct(&db, 1, 101, &B).await;
    correct(&db, 2, 102, &C).await;
    assert_equals_rebuild(&db, 5, "organization").await;

    // A correction of a version that is no longer counted only adds; publishing twice is a no-op.
    let mut tx = db.begin().await.unwrap();
    assert!(stats::apply_withdrawn(&mut tx, 102).await.unwrap());
    tx.commit().await.unwrap();
    correct(&db, 102, 302, &A).await;
    let once = stats::read::dump(&db).await.unwrap();
    let mut tx = db.begin().await.unwrap();
    stats::publish(&mut tx, 302).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(stats::read::dump(&db).await.unwrap(), once, "idempotent");
    assert_equals_rebuild(&db, 5, "not counted").await;

    // A version that does not exist is not found, and nothing changes.
    let mut tx = db.begin().await.unwrap();
    assert!(stats::publish(&mut tx, 999).await.is_err());
    assert!(!stats::apply_withdrawn(&mut tx, 999).await.unwrap());
}

fupin_store::conformance!(corrections_leave_the_tables_equal_to_a_rebuild);
