//! Shared helpers for the web tests: a router over a test database, requests, and seed data.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

pub mod browser;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use fupin_app::{App, PiiKeys};
use fupin_domain::{
    ActivityStatus, BeneficiaryCategory, CreditCode, Field, FundingSource, ManagementMode, Method,
    Money, OrgLevel, OrgType, TransactionKind, UnitKind,
};
use fupin_store::Db;
use fupin_store::activities::{
    ACTIVITIES, BENEFICIARIES, LOCATIONS, NewActivity, NewBeneficiaryCount, NewLocation,
    NewTransaction, TRANSACTIONS,
};
use fupin_store::organizations::{self, NewOrganization};
use fupin_store::units::{self, NewGovUnit};
use fupin_web::{WebState, router};
use http_body_util::BodyExt;
use time::OffsetDateTime;
use time::macros::date;
use tower::ServiceExt;

/// The site over `db`.
pub fn site(db: Db) -> Router {
    let keys = PiiKeys::from_hex(&"ab".repeat(64)).unwrap();
    router(WebState::new(App::new(db, keys)))
}

/// A response, with its body read as text.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    /// A header's value as text ("" when absent).
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }

    /// Every value of a header.
    pub fn header_all(&self, name: &str) -> Vec<String> {
        self.headers
            .get_all(name)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    }
}

/// `GET uri` with extra request headers.
pub async fn get(site: &Router, uri: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = Request::builder().uri(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = site
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        headers,
        body: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

fn yuan(y: i64) -> Money {
    Money::from_fen(y * 100)
}

/// Seeds three organizations and three activities:
///
/// * activity 1 (org 1, 教育, 2019, published) in 行唐县 (a poor county): commitment ¥100,000,000,
///   expenditure ¥45,678,000, goods ¥50,000, 1,200 volunteer hours, 300 beneficiaries;
/// * activity 2 (org 2, 产业, 2020, published) in 东城区: commitment ¥23,456,789.12, a pledge of
///   ¥999,000,000 (not counted), 34 hours, 45 beneficiaries;
/// * activity 3 (org 1, 健康, 2020, draft): counted nowhere. Org 3 has no activity.
///
/// Published totals: 2 organizations, 2 activities, committed ¥123,456,789.12 (`¥1.23亿`),
/// spent ¥45,678,000.00 (`¥4,567.8万`), goods ¥50,000.00, 1,234 hours, 345 beneficiaries,
/// 2 counties, 1 poor county.
pub async fn seed(db: &Db) {
    let now = OffsetDateTime::now_utc();
    let mut tx = db.begin().await.unwrap();
    let authority = units::insert(
        &mut tx,
        &NewGovUnit {
            kind: UnitKind::RegistrationAuthority,
            level: OrgLevel::National,
            region_code: None,
            name: "民政部".to_owned(),
        },
    )
    .await
    .unwrap();
    let orgs: Vec<_> = [
        (1, "中国乡村发展测试基金会"),
        (2, "北京市助农测试协会"),
        (3, "未开展活动的测试协会"),
    ]
    .into_iter()
    .map(|(id, name)| {
        NewOrganization {
            id,
            credit_code: CreditCode::from_parts('5', '3', "110101", &format!("{id:08}")).unwrap(),
            name: name.to_owned(),
            org_type: OrgType::Foundation,
            level: OrgLevel::National,
            region_code: "110101".to_owned(),
            registration_authority_id: authority,
            management_mode: ManagementMode::DualManagement,
            legal_representative: "张三".to_owned(),
            registered_on: date!(2010 - 01 - 15),
            charity_recognized: true,
            public_fundraising: false,
            evaluation_grade: "unrated".to_owned(),
            credit_status: "normal".to_owned(),
        }
        .values(now)
    })
    .collect();
    tx.bulk_insert(organizations::TABLE, orgs).await.unwrap();

    let activity = |id, organization_id, field, status, year, goods: Money, hours| NewActivity {
        id,
        organization_id,
        title: format!("测试项目{id}"),
        description: String::new(),
        field,
        method: Method::Project,
        status,
        year,
        planned_start: None,
        planned_end: None,
        actual_start: None,
        actual_end: None,
        goods_value: goods,
        volunteer_hours: hours,
        published_at: (status == ActivityStatus::Published).then_some(now),
    };
    let activities = [
        activity(
            1,
            1,
            Field::Education,
            ActivityStatus::Published,
            2019,
            yuan(50_000),
            1_200,
        ),
        activity(
            2,
            2,
            Field::Industry,
            ActivityStatus::Published,
            2020,
            Money::from_fen(0),
            34,
        ),
        activity(
            3,
            1,
            Field::Health,
            ActivityStatus::Draft,
            2020,
            yuan(7_777),
            500,
        ),
    ];
    let rows: Vec<_> = activities.iter().map(|a| a.values(now)).collect();
    tx.bulk_insert(ACTIVITIES, rows).await.unwrap();

    let location = |activity_id, code: &str| NewLocation {
        activity_id,
        region_code: code.to_owned(),
        share_bp: 10_000,
    };
    let rows: Vec<_> = [
        location(1, "130125"),
        location(2, "110101"),
        location(3, "130126"),
    ]
    .iter()
    .map(NewLocation::values)
    .collect();
    tx.bulk_insert(LOCATIONS, rows).await.unwrap();

    let money = |activity_id, kind, amount| NewTransaction {
        activity_id,
        kind,
        occurred_on: date!(2020 - 06 - 01),
        amount,
        funding_source: FundingSource::Donations,
        platform: None,
        filing_number: None,
        contract_number: None,
        provider: None,
        receiver: None,
    };
    let rows: Vec<_> = [
        money(1, TransactionKind::Commitment, yuan(100_000_000)),
        money(1, TransactionKind::Expenditure, yuan(45_678_000)),
        money(
            2,
            TransactionKind::Commitment,
            Money::from_fen(2_345_678_912),
        ),
        money(2, TransactionKind::Pledge, yuan(999_000_000)),
        money(3, TransactionKind::Commitment, yuan(1_000)),
    ]
    .iter()
    .map(NewTransaction::values)
    .collect();
    tx.bulk_insert(TRANSACTIONS, rows).await.unwrap();

    let people = |activity_id, persons| NewBeneficiaryCount {
        activity_id,
        category: BeneficiaryCategory::RegisteredPoor,
        households: persons / 3,
        persons,
    };
    let rows: Vec<_> = [people(1, 300), people(2, 45), people(3, 9)]
        .iter()
        .map(NewBeneficiaryCount::values)
        .collect();
    tx.bulk_insert(BENEFICIARIES, rows).await.unwrap();
    tx.commit().await.unwrap();
}
