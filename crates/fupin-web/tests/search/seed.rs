//! Search test data on top of `support::seed`: activities with telling titles, a superseded
//! version, and a batch for pagination.

use fupin_domain::{ActivityStatus, Field, FundingSource, Method, Money, TransactionKind};
use fupin_store::Db;
use fupin_store::activities::{
    ACTIVITIES, LOCATIONS, NewActivity, NewLocation, NewTransaction, TRANSACTIONS,
};
use time::OffsetDateTime;
use time::macros::date;

/// Activities in the batch titled 批量帮扶项目N (org 2, 产业, 2018, 东城区).
pub const BATCH: i64 = 45;

fn activity(
    id: i64,
    org: i64,
    title: &str,
    field: Field,
    year: i32,
    now: OffsetDateTime,
) -> NewActivity {
    NewActivity {
        id,
        organization_id: org,
        title: title.to_owned(),
        description: String::new(),
        field,
        method: Method::Project,
        status: ActivityStatus::Published,
        year,
        planned_start: None,
        planned_end: None,
        actual_start: None,
        actual_end: None,
        goods_value: Money::from_fen(0),
        volunteer_hours: 0,
        published_at: Some(now),
    }
}

/// Adds, beside `support::seed`'s activities 1 (教育, 行唐县) and 2 (产业, 东城区) and draft 3:
///
/// * 10 乐业县教育扶贫助学金 (org 2, 教育, 2018, 乐业县 451028, committed ¥8,000);
/// * 11 健康义诊进村 (org 1, 健康, 2020, 行唐县);
/// * 12 乐业县旧版助学金 (org 2, 教育, 2018, 乐业县), published but superseded;
/// * 100.. the batch of [`BATCH`] 批量帮扶项目N.
pub async fn more(db: &Db) {
    let now = OffsetDateTime::now_utc();
    let mut tx = db.begin().await.unwrap();
    let mut rows = vec![
        activity(10, 2, "乐业县教育扶贫助学金", Field::Education, 2018, now),
        activity(11, 1, "健康义诊进村", Field::Health, 2020, now),
        activity(12, 2, "乐业县旧版助学金", Field::Education, 2018, now),
    ];
    for n in 0..BATCH {
        rows.push(activity(
            100 + n,
            2,
            &format!("批量帮扶项目{n}"),
            Field::Industry,
            2018,
            now,
        ));
    }
    let values: Vec<_> = rows.iter().map(|a| a.values(now)).collect();
    tx.bulk_insert(ACTIVITIES, values).await.unwrap();
    let mut places = vec![(10, "451028"), (11, "130125"), (12, "451028")];
    places.extend((0..BATCH).map(|n| (100 + n, "110101")));
    let values: Vec<_> = places
        .into_iter()
        .map(|(activity_id, code)| {
            NewLocation {
                activity_id,
                region_code: code.to_owned(),
                share_bp: 10_000,
            }
            .values()
        })
        .collect();
    tx.bulk_insert(LOCATIONS, values).await.unwrap();
    let money = NewTransaction {
        activity_id: 10,
        kind: TransactionKind::Commitment,
        occurred_on: date!(2018 - 06 - 01),
        amount: Money::from_fen(800_000),
        funding_source: FundingSource::Donations,
        platform: None,
        filing_number: None,
        contract_number: None,
        provider: None,
        receiver: None,
    };
    tx.bulk_insert(TRANSACTIONS, vec![money.values()])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    db.execute(
        "UPDATE activities SET is_current = FALSE WHERE id = 12",
        &[],
    )
    .await
    .unwrap();
}
