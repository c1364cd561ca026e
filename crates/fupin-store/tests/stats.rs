//! Statistics rollups on both backends: incremental maintenance equals a rebuild from scratch,
//! the two axes reconcile, and the national totals equal plain sums over the activity tables.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use fupin_domain::{ActivityStatus, BeneficiaryCategory, Field, TransactionKind, UnitKind};
use fupin_store::activities::figures;
use fupin_store::stats::read::Dim;
use fupin_store::stats::{self, Filter};
use fupin_store::units;
use fupin_store::{Db, organizations};
use support::rollups::{
    Parts, assert_equals_rebuild, publish, row_writers, stat_indexes, unit, write_correction,
    write_version,
};

const PLACES: [&str; 6] = [
    "130125100",
    "130125101",
    "130125",
    "620102001",
    "520102",
    "110101",
];
const FIELDS: [Field; 3] = [Field::Education, Field::Industry, Field::Health];

/// A small deterministic generator (no dependency on the demo crate).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// The parts of a version, seeded by `rng`.
fn random_parts(rng: &mut Lcg) -> Parts {
    let field = FIELDS[rng.next(3) as usize];
    let year = 2018 + rng.next(3) as i32;
    let goods_fen = rng.next(1_000_000) as i64;
    let volunteer_hours = rng.next(500) as i64;
    let n = 1 + rng.next(3) as usize;
    let start = rng.next(PLACES.len() as u64) as usize;
    let shares = [[10_000, 0, 0], [3_333, 6_667, 0], [3_333, 3_333, 3_334]][n - 1];
    let locations = (0..n)
        .map(|i| (PLACES[(start + i) % PLACES.len()].to_owned(), shares[i]))
        .collect();
    let amounts = TransactionKind::ALL
        .iter()
        .map(|_| rng.next(10_000_000_001) as i64)
        .collect();
    let beneficiaries = BeneficiaryCategory::ALL
        .iter()
        .take(1 + rng.next(5) as usize)
        .map(|_| (rng.next(40) as i64, rng.next(130) as i64))
        .collect();
    Parts {
        year,
        field,
        goods_fen,
        volunteer_hours,
        locations,
        amounts,
        beneficiaries,
    }
}

/// Three organizations (one under a supervisory unit, two under the authority only) and 30
/// versions, 24 published.
async fn seed(db: &Db, rng: &mut Lcg) {
    let mut tx = db.begin().await.unwrap();
    let authority = unit(&mut tx, UnitKind::RegistrationAuthority, "民政部").await;
    let supervisor = unit(&mut tx, UnitKind::SupervisoryUnit, "国务院扶贫办").await;
    let orgs = (1..=3).map(|id| support::new_org(id, authority).values(support::now()));
    tx.bulk_insert(organizations::TABLE, orgs.collect())
        .await
        .unwrap();
    units::link(&mut tx, 1, supervisor, "supervisory")
        .await
        .unwrap();
    for id in 1..=30 {
        let status = if id % 5 == 0 {
            ActivityStatus::Draft
        } else {
            ActivityStatus::Published
        };
        write_version(&mut tx, id, 1 + (id % 3), status, &random_parts(rng)).await;
    }
    tx.commit().await.unwrap();
}

/// A correction of `old` with fresh content, left as a draft.
async fn correct(db: &Db, rng: &mut Lcg, old: i64, new: i64) {
    let mut tx = db.begin().await.unwrap();
    write_correction(&mut tx, old, new, &random_parts(rng)).await;
    tx.commit().await.unwrap();
}

async fn assert_national_totals_are_plain_sums(db: &Db) {
    let head = figures::headline(db).await.unwrap();
    for axis in ["region", "system"] {
        let t = stats::read::totals(db, axis, "", &Filter::default())
            .await
            .unwrap();
        assert_eq!(t.activities, head.activities, "{axis}");
        assert_eq!(t.committed_fen, head.committed_fen, "{axis}");
        assert_eq!(t.spent_fen, head.spent_fen, "{axis}");
        assert_eq!(t.goods_fen, head.goods_fen, "{axis}");
        assert_eq!(t.volunteer_hours, head.volunteer_hours, "{axis}");
        assert_eq!(t.persons, head.beneficiary_persons, "{axis}");
        let orgs = stats::read::organization_count(db, axis, "", None)
            .await
            .unwrap();
        assert_eq!(orgs, head.organizations, "{axis}");
    }
    // The home page's counties and breakdowns, read from the rollups, equal the plain sums.
    let reached = stats::read::counties_reached(db).await.unwrap();
    assert_eq!(reached, (head.counties, head.poor_counties));
    assert!(head.counties > 0);
    for (dim, plain) in [
        (Dim::Field, figures::by_field(db).await.unwrap()),
        (Dim::Year, figures::by_year(db).await.unwrap()),
    ] {
        let mut plain: Vec<_> = plain
            .into_iter()
            .map(|b| (b.key, b.activities, b.committed_fen))
            .collect();
        plain.sort();
        let rolled: Vec<_> = stats::read::breakdown(db, "region", "", dim, &Filter::default())
            .await
            .unwrap()
            .into_iter()
            .map(|k| (k.key, k.totals.activities, k.totals.committed_fen))
            .collect();
        assert_eq!(rolled, plain, "{dim:?}");
    }
}

async fn maintained_equals_rebuild(db: Db) {
    let mut rng = Lcg(42);
    seed(&db, &mut rng).await;
    assert_eq!(stats::rebuild(&db).await.unwrap(), 24);
    assert_national_totals_are_plain_sums(&db).await;

    // Publish the drafts one by one; correct three published activities; publish a correction of a
    // correction; call everything twice (idempotent).
    for id in [5, 10, 15] {
        publish(&db, id).await;
    }
    correct(&db, &mut rng, 1, 101).await;
    correct(&db, &mut rng, 7, 102).await;
    let before = stats::read::dump(&db).await.unwrap();
    let mut tx = db.begin().await.unwrap();
    assert!(
        !stats::apply_published(&mut tx, 7).await.unwrap(),
        "counted once"
    );
    assert!(
        !stats::apply_withdrawn(&mut tx, 101).await.unwrap(),
        "a draft was never counted"
    );
    assert!(
        stats::apply_published(&mut tx, 101).await.is_err(),
        "a draft is refused"
    );
    drop(tx);
    assert_eq!(
        stats::read::dump(&db).await.unwrap(),
        before,
        "nothing changed"
    );
    publish(&db, 101).await;
    publish(&db, 102).await;
    correct(&db, &mut rng, 101, 103).await;
    publish(&db, 103).await;
    let mut tx = db.begin().await.unwrap();
    stats::publish(&mut tx, 103).await.unwrap();
    tx.commit().await.unwrap();

    assert_national_totals_are_plain_sums(&db).await;
    let rebuilt = assert_equals_rebuild(&db, 27, "maintained").await;
    assert!(rebuilt.iter().any(|l| l.starts_with("cell")));
}

async fn the_axes_reconcile_and_levels_add_up(db: Db) {
    let mut rng = Lcg(7);
    seed(&db, &mut rng).await;
    stats::rebuild(&db).await.unwrap();
    let filter = Filter::default();
    let region = stats::read::totals(&db, "region", "", &filter)
        .await
        .unwrap();
    let system = stats::read::totals(&db, "system", "", &filter)
        .await
        .unwrap();
    assert_eq!(region, system, "national totals of both axes are equal");
    let units = stats::read::units(&db, &filter).await.unwrap();
    assert_eq!(units.len(), 2, "the supervisory unit and the authority");
    let sum = |rows: &[stats::read::Keyed], f: fn(&stats::Totals) -> i64| -> i64 {
        rows.iter().map(|r| f(&r.totals)).sum()
    };
    for f in [
        |t: &stats::Totals| t.committed_fen,
        |t: &stats::Totals| t.spent_fen,
        |t: &stats::Totals| t.persons,
        |t: &stats::Totals| t.p_registered_poor,
        |t: &stats::Totals| t.households,
        |t: &stats::Totals| t.volunteer_hours,
    ] {
        assert_eq!(sum(&units, f), f(&system), "units add up to the nation");
        let provinces = stats::read::children(&db, 1, "", &filter).await.unwrap();
        assert_eq!(sum(&provinces, f), f(&region), "provinces add up");
        let counties = stats::read::children(&db, 3, "", &filter).await.unwrap();
        assert_eq!(sum(&counties, f), f(&region), "counties add up");
    }
    assert_eq!(
        sum(&units, |t| t.activities),
        system.activities,
        "each activity has one unit"
    );
    // Breakdowns add up to the node, and the drill-down lists the records behind each figure.
    for year in 2018..=2020 {
        let filter = Filter {
            year: Some(year),
            ..Filter::default()
        };
        let figure = stats::read::totals(&db, "region", "13", &filter)
            .await
            .unwrap();
        let query = stats::public::ActivityQuery {
            region: Some("13".into()),
            filter,
            ..Default::default()
        };
        let listed = stats::public::activities(&db, &query, 1000, 0)
            .await
            .unwrap();
        assert_eq!(listed.len() as i64, figure.activities, "year {year}");
        assert_eq!(
            stats::public::activity_count(&db, &query).await.unwrap(),
            figure.activities
        );
    }
    let by_year = stats::read::breakdown(
        &db,
        "region",
        "",
        stats::read::Dim::Year,
        &Filter::default(),
    )
    .await
    .unwrap();
    assert_eq!(sum(&by_year, |t| t.committed_fen), region.committed_fen);
    // Gaps: poor counties with no activity. 行唐县 (130125) is reached; 阜平县 (130624) is not.
    let gaps = stats::read::gaps(&db, "13").await.unwrap();
    assert!(gaps.iter().all(|g| g.code != "130125"));
    assert!(gaps.iter().any(|g| g.code == "130624"));
}

/// Withdrawing every counted version leaves the rollups empty (every cell and membership the
/// rebuild wrote is reached, subtracted to zero and deleted), and counting them again one by one
/// gives the rebuild's tables back.
async fn withdrawing_everything_empties_the_rollups(db: Db) {
    let mut rng = Lcg(7);
    seed(&db, &mut rng).await;
    assert_eq!(stats::rebuild(&db).await.unwrap(), 24);
    let rebuilt = stats::read::dump(&db).await.unwrap();
    let counted: Vec<(i64,)> = db
        .fetch_all(
            "SELECT activity_id FROM stat_applied ORDER BY activity_id",
            &[],
        )
        .await
        .unwrap();
    let mut tx = db.begin().await.unwrap();
    for (id,) in &counted {
        assert!(stats::apply_withdrawn(&mut tx, *id).await.unwrap());
    }
    tx.commit().await.unwrap();
    for sql in [
        "SELECT COUNT(*) FROM stat_cells",
        "SELECT COUNT(*) FROM stat_members",
        "SELECT COUNT(*) FROM stat_applied",
    ] {
        assert_eq!(db.fetch_i64(sql, &[]).await.unwrap(), 0, "{sql}");
    }
    let mut tx = db.begin().await.unwrap();
    for (id,) in counted.iter().rev() {
        assert!(stats::apply_published(&mut tx, *id).await.unwrap());
    }
    tx.commit().await.unwrap();
    assert_eq!(stats::read::dump(&db).await.unwrap(), rebuilt);
}

/// The rebuild as a repair: tables that are right are left as they are, a few wrong rows are
/// mended, tables mostly wrong or empty are rewritten; every time the tables end up as a rebuild
/// from nothing makes them.
async fn a_rebuild_mends_what_is_wrong_and_only_that(db: Db) {
    let mut rng = Lcg(11);
    seed(&db, &mut rng).await;
    assert_eq!(stats::rebuild(&db).await.unwrap(), 24);
    let right = stats::read::dump(&db).await.unwrap();
    assert!(right.iter().any(|l| l.starts_with("member")));

    // Right already: nothing to write, and nothing moves (on PostgreSQL, every row keeps the
    // transaction that wrote it).
    let writers = row_writers(&db).await;
    assert_eq!(stats::rebuild(&db).await.unwrap(), 24);
    assert_eq!(stats::read::dump(&db).await.unwrap(), right);
    assert_eq!(row_writers(&db).await, writers);

    // A few wrong rows of each table: a changed sum, a missing row, a row that should not be.
    for sql in [
        "UPDATE stat_cells SET committed_fen = committed_fen + 1 \
         WHERE axis = 'region' AND node = '' AND year = (SELECT MIN(year) FROM stat_cells)",
        "DELETE FROM stat_members WHERE organization_id = 2 AND axis = 'system'",
        "INSERT INTO stat_members (axis, node, node_level, year, organization_id, activities) \
         VALUES ('region', '999999', 3, 2019, 3, 1)",
        "INSERT INTO stat_cells SELECT axis, '999999', node_level, year, field, method, org_type, \
         org_level, activities, committed_fen, disbursed_fen, spent_fen, goods_fen, \
         volunteer_hours, households, persons, p_registered_poor, p_rural_dibao, p_tekun, \
         p_poor_disabled, p_other, roster_entries, verified_entries FROM stat_cells \
         WHERE axis = 'region' AND node = '130125'",
        "UPDATE stat_applied SET unit_id = 999 WHERE activity_id = 2",
        "DELETE FROM stat_applied WHERE activity_id = 3",
    ] {
        assert!(db.execute(sql, &[]).await.unwrap() > 0, "{sql}");
    }
    assert_ne!(stats::read::dump(&db).await.unwrap(), right);
    assert_eq!(stats::rebuild(&db).await.unwrap(), 24);
    assert_eq!(stats::read::dump(&db).await.unwrap(), right);

    // Every row wrong: rewritten whole, the indexes dropped and made again as migrated.
    let indexes = stat_indexes(&db).await;
    assert!(indexes.iter().any(|i| i.contains("stat_members_org")));
    for sql in [
        "UPDATE stat_cells SET activities = activities + 1",
        "UPDATE stat_members SET activities = activities + 1",
        "UPDATE stat_applied SET year = year + 1",
    ] {
        db.execute(sql, &[]).await.unwrap();
    }
    assert_eq!(stats::rebuild(&db).await.unwrap(), 24);
    assert_eq!(stats::read::dump(&db).await.unwrap(), right);
    assert_eq!(stat_indexes(&db).await, indexes);

    // Empty tables: the backfill.
    for sql in [
        "DELETE FROM stat_cells",
        "DELETE FROM stat_members",
        "DELETE FROM stat_applied",
    ] {
        db.execute(sql, &[]).await.unwrap();
    }
    assert_eq!(stats::rebuild(&db).await.unwrap(), 24);
    assert_eq!(stats::read::dump(&db).await.unwrap(), right);
    assert_eq!(stat_indexes(&db).await, indexes);
}

fupin_store::conformance!(
    maintained_equals_rebuild,
    the_axes_reconcile_and_levels_add_up,
    withdrawing_everything_empties_the_rollups,
    a_rebuild_mends_what_is_wrong_and_only_that
);
