//! Builders shared by the statistics tests: government units, activity versions with their
//! parts, corrections, publication as the workflow does it, the comparison with a rebuild, and
//! what the database says of the rollup tables' rows and indexes.

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

/// Inserts a national government unit of `kind`; returns its id.
pub async fn unit(tx: &mut Tx, kind: UnitKind, name: &str) -> i64 {
    let unit = NewGovUnit {
        kind,
        level: OrgLevel::National,
        region_code: None,
        name: name.to_owned(),
    };
    units::insert(tx, &unit).await.unwrap()
}

/// What one version reports, part by part.
pub struct Parts {
    /// Year.
    pub year: i32,
    /// Primary field.
    pub field: Field,
    /// Goods, fen.
    pub goods_fen: i64,
    /// Volunteer hours.
    pub volunteer_hours: i64,
    /// Region code and share in basis points, per location.
    pub locations: Vec<(String, i32)>,
    /// Amount in fen per transaction kind, in the order of `TransactionKind::ALL`.
    pub amounts: Vec<i64>,
    /// Households and persons per beneficiary category, in the order of
    /// `BeneficiaryCategory::ALL` (fewer: the first categories only).
    pub beneficiaries: Vec<(i64, i64)>,
}

/// Writes version `id` of `org` (`status`) with `parts`.
pub async fn write_version(tx: &mut Tx, id: i64, org: i64, status: ActivityStatus, parts: &Parts) {
    let now = super::now();
    let activity = NewActivity {
        id,
        organization_id: org,
        title: format!("项目{id}"),
        description: String::new(),
        field: parts.field,
        method: Method::Project,
        status,
        year: parts.year,
        planned_start: None,
        planned_end: None,
        actual_start: None,
        actual_end: None,
        goods_value: Money::from_fen(parts.goods_fen),
        volunteer_hours: parts.volunteer_hours,
        published_at: (status == ActivityStatus::Published).then_some(now),
    };
    tx.bulk_insert(ACTIVITIES, vec![activity.values(now)])
        .await
        .unwrap();
    let locations = parts.locations.iter().map(|(code, share)| {
        NewLocation {
            activity_id: id,
            region_code: code.clone(),
            share_bp: *share,
        }
        .values()
    });
    tx.bulk_insert(LOCATIONS, locations.collect())
        .await
        .unwrap();
    let transactions = TransactionKind::ALL
        .iter()
        .zip(&parts.amounts)
        .map(|(kind, amount)| {
            NewTransaction {
                activity_id: id,
                kind: *kind,
                occurred_on: date!(2019 - 05 - 01),
                amount: Money::from_fen(*amount),
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
        .zip(&parts.beneficiaries)
        .map(|(category, (households, persons))| {
            NewBeneficiaryCount {
                activity_id: id,
                category: *category,
                households: *households,
                persons: *persons,
            }
            .values()
        });
    tx.bulk_insert(BENEFICIARIES, beneficiaries.collect())
        .await
        .unwrap();
}

/// Writes `new`, a correction of `old` by the same organization with `parts`, as a draft that is
/// not current until [`publish_in`].
pub async fn write_correction(tx: &mut Tx, old: i64, new: i64, parts: &Parts) {
    let (org,): (i64,) = tx
        .fetch_one(
            "SELECT organization_id FROM activities WHERE id = $1",
            &[Value::from(old)],
        )
        .await
        .unwrap();
    write_version(tx, new, org, ActivityStatus::Draft, parts).await;
    tx.execute(
        "UPDATE activities SET supersedes_id = $2, version = 2, is_current = FALSE, \
         correction_note = '更正' WHERE id = $1",
        &[Value::from(new), Value::from(old)],
    )
    .await
    .unwrap();
}

/// What the workflow does on publishing `id` in `tx`: status, current flag (taken from the
/// version it supersedes, if any), then the rollups.
pub async fn publish_in(tx: &mut Tx, id: i64) {
    tx.execute(
        "UPDATE activities SET status = 'published' WHERE id = $1",
        &[Value::from(id)],
    )
    .await
    .unwrap();
    let (old,): (Option<i64>,) = tx
        .fetch_one(
            "SELECT supersedes_id FROM activities WHERE id = $1",
            &[Value::from(id)],
        )
        .await
        .unwrap();
    if let Some(old) = old {
        tx.execute(
            "UPDATE activities SET is_current = FALSE WHERE id = $1",
            &[Value::from(old)],
        )
        .await
        .unwrap();
    }
    tx.execute(
        "UPDATE activities SET is_current = TRUE WHERE id = $1",
        &[Value::from(id)],
    )
    .await
    .unwrap();
    stats::publish(tx, id).await.unwrap();
}

/// [`publish_in`] in a transaction of its own.
pub async fn publish(db: &Db, id: i64) {
    let mut tx = db.begin().await.unwrap();
    publish_in(&mut tx, id).await;
    tx.commit().await.unwrap();
}

/// Asserts that the maintained rollups equal a rebuild from scratch, which counts `versions`;
/// returns the rebuilt tables as [`stats::read::dump`] gives them.
pub async fn assert_equals_rebuild(db: &Db, versions: usize, context: &str) -> Vec<String> {
    let maintained = stats::read::dump(db).await.unwrap();
    assert_eq!(stats::rebuild(db).await.unwrap(), versions, "{context}");
    let rebuilt = stats::read::dump(db).await.unwrap();
    assert_eq!(maintained.len(), rebuilt.len(), "{context}");
    for (m, r) in maintained.iter().zip(&rebuilt) {
        assert_eq!(m, r, "{context}");
    }
    rebuilt
}

/// On PostgreSQL, the transaction that wrote each rollup row (`xmin`); nothing on SQLite.
pub async fn row_writers(db: &Db) -> Vec<String> {
    if db.backend() != fupin_store::Backend::Postgres {
        return Vec::new();
    }
    let mut out = Vec::new();
    for sql in [
        "SELECT xmin::text FROM stat_cells \
         ORDER BY axis, node_level, node, year, field, method, org_type, org_level",
        "SELECT xmin::text FROM stat_members ORDER BY axis, node_level, node, year, organization_id",
        "SELECT xmin::text FROM stat_applied ORDER BY activity_id",
    ] {
        let rows: Vec<(String,)> = db.fetch_all(sql, &[]).await.unwrap();
        out.extend(rows.into_iter().map(|(x,)| x));
    }
    out
}

/// The rollup tables' indexes as the database describes them.
pub async fn stat_indexes(db: &Db) -> Vec<String> {
    let sql = match db.backend() {
        fupin_store::Backend::Sqlite => {
            "SELECT name || ': ' || COALESCE(sql, '(key)') FROM sqlite_master \
             WHERE type = 'index' AND tbl_name LIKE 'stat%' ORDER BY name"
        }
        fupin_store::Backend::Postgres => {
            "SELECT indexname || ': ' || indexdef FROM pg_indexes \
             WHERE tablename LIKE 'stat%' ORDER BY indexname"
        }
    };
    let rows: Vec<(String,)> = db.fetch_all(sql, &[]).await.unwrap();
    rows.into_iter().map(|(i,)| i).collect()
}
