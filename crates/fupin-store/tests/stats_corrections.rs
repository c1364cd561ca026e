//! Corrections through `stats::publish` on both backends: whatever a correction changes (the
//! organization's type, level or unit since the old version was counted, the activity's year
//! and field, its locations, its amounts), the maintained tables equal a rebuild.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use fupin_domain::{ActivityStatus, BeneficiaryCategory, Field, TransactionKind, UnitKind};
use fupin_store::Db;
use fupin_store::stats;
use fupin_store::units;
use support::rollups::{
    Parts, assert_equals_rebuild, publish_in, unit, write_correction, write_version,
};

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

impl Content {
    /// Its parts: each transaction kind gets the amount plus its index, each beneficiary
    /// category the persons plus its index.
    fn parts(&self) -> Parts {
        Parts {
            year: self.year,
            field: self.field,
            goods_fen: self.amount / 3,
            volunteer_hours: self.persons * 2,
            locations: self
                .locations
                .iter()
                .map(|(code, share)| ((*code).to_owned(), *share))
                .collect(),
            amounts: (0..TransactionKind::ALL.len() as i64)
                .map(|i| self.amount + i)
                .collect(),
            beneficiaries: (0..BeneficiaryCategory::ALL.len() as i64)
                .map(|i| (self.persons / 3 + i, self.persons + i))
                .collect(),
        }
    }
}

/// A correction `new` of `old` with `content`, published as the workflow does it.
async fn correct(db: &Db, old: i64, new: i64, content: &Content) {
    let mut tx = db.begin().await.unwrap();
    write_correction(&mut tx, old, new, &content.parts()).await;
    publish_in(&mut tx, new).await;
    tx.commit().await.unwrap();
}

async fn corrections_leave_the_tables_equal_to_a_rebuild(db: Db) {
    let mut tx = db.begin().await.unwrap();
    let authority = unit(&mut tx, UnitKind::RegistrationAuthority, "民政部").await;
    let supervisor = unit(&mut tx, UnitKind::SupervisoryUnit, "国务院扶贫办").await;
    for org in 1..=2 {
        support::insert_org(&mut tx, org, authority).await;
    }
    for (id, org, content) in [(1, 1, &A), (2, 1, &C), (3, 2, &A), (4, 2, &B), (5, 2, &C)] {
        write_version(
            &mut tx,
            id,
            org,
            ActivityStatus::Published,
            &content.parts(),
        )
        .await;
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
