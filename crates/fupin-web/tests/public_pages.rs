//! The public disclosure pages and the privacy crawler, on both backends.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::collections::{BTreeSet, VecDeque};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use fupin_store::{Db, Value};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// Names and ID numbers planted in the registry and a roster; no public byte may carry them.
pub const PLANTED: [&str; 4] = ["甄秘密", "贾隐私", "130125199003074258", "13800138000"];

/// Plants registry persons and roster entries (names, ID numbers, a phone) for activity 1, and a
/// published activity 4 with three beneficiaries in one township (to be shown as "<5").
pub async fn plant_personal_data(db: &Db) {
    let mut tx = db.begin().await.unwrap();
    tx.execute(
        "INSERT INTO registry_households (id, household_no, village_code, county_code, attribute, \
         poverty_cause, status) VALUES (1, 'H13800138000', '130125100201', '130125', 'general', 'illness', 'not_exited')",
        &[],
    )
    .await
    .unwrap();
    for (id, name) in [(1_i64, PLANTED[0]), (2, PLANTED[1])] {
        tx.execute(
            "INSERT INTO registry_persons (id, household_id, name, id_hash, id_cipher, id_masked, relation, \
             status, village_code) VALUES ($1, 1, $2, $3, $4, $5, 'head', 'not_exited', '130125100201')",
            &[
                Value::from(id),
                Value::from(name),
                Value::from(vec![id as u8; 16]),
                Value::from(PLANTED[2].as_bytes().to_vec()),
                Value::from(PLANTED[2]),
            ],
        )
        .await
        .unwrap();
        tx.execute(
            "INSERT INTO roster_entries (activity_id, row_no, name, id_hash, id_cipher, id_masked, \
             village_code, category, aid_fen, service_date) VALUES (1, $1, $2, $3, $4, $5, '130125100201', \
             'registered_poor', 100, '2019-06-01')",
            &[
                Value::from(id),
                Value::from(name),
                Value::from(vec![id as u8; 16]),
                Value::from(PLANTED[2].as_bytes().to_vec()),
                Value::from(PLANTED[2]),
            ],
        )
        .await
        .unwrap();
    }
    tx.execute(
        "INSERT INTO activities (id, organization_id, title, field, method, status, is_current, year, \
         created_at, published_at) VALUES (4, 2, '小额测试项目', 'health', 'project', 'published', TRUE, 2020, \
         '2020-01-01T00:00:00Z', '2020-02-01T00:00:00Z')",
        &[],
    )
    .await
    .unwrap();
    tx.execute(
        "INSERT INTO activity_locations (activity_id, region_code, share_bp, province_code, prefecture_code, \
         county_code) VALUES (4, '130125100', 10000, '13', '1301', '130125')",
        &[],
    )
    .await
    .unwrap();
    tx.execute(
        "INSERT INTO activity_beneficiaries (activity_id, category, households, persons) \
         VALUES (4, 'tekun', 2, 3)",
        &[],
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

/// `GET uri` as bytes.
pub async fn get_bytes(site: &Router, uri: &str) -> (StatusCode, String, Vec<u8>) {
    let response = site
        .clone()
        .oneshot(Request::builder().uri(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let mime = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, mime, bytes.to_vec())
}

fn links(body: &str) -> Vec<String> {
    body.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|s| s.replace("&amp;", "&"))
        .filter(|s| s.starts_with('/') && !s.starts_with("//"))
        .collect()
}

async fn pages_answer_the_four_questions(db: Db) {
    support::seed(&db).await;
    plant_personal_data(&db).await;
    let site = support::site(db);
    let county = support::get(&site, "/region/130125", &[]).await;
    assert_eq!(county.status, StatusCode::OK, "{}", county.body);
    for needle in [
        "行唐县",
        "国家级贫困县",
        "摘帽年份",
        "中国乡村发展测试基金会",
        "测试项目1",
        "¥1亿",
    ] {
        assert!(county.body.contains(needle), "county page lacks {needle}");
    }
    assert!(
        county.body.contains("&#60;5") || county.body.contains("<5"),
        "3 persons show as <5"
    );
    let province = support::get(&site, "/region/13?lang=en", &[]).await;
    assert_eq!(province.status, StatusCode::OK);
    assert!(province.body.contains("Gaps: national poor counties"));
    assert!(
        province.body.contains("阜平县"),
        "an unreached poor county is a gap"
    );
    let nation = support::get(&site, "/region/cn", &[]).await;
    assert!(nation.body.contains("河北省"));
    let org = support::get(&site, "/organization/1", &[]).await;
    assert_eq!(org.status, StatusCode::OK);
    for needle in [
        "在哪里扶贫",
        "扶了谁",
        "扶了多少",
        "扶贫效果怎么样",
        "行唐县",
        "信用状况",
        "¥100,000,000.00",
    ] {
        assert!(
            org.body.contains(needle) || org.body.contains("¥1亿"),
            "org page lacks {needle}"
        );
    }
    let activity = support::get(&site, "/activity/1", &[]).await;
    assert_eq!(activity.status, StatusCode::OK);
    for needle in [
        "行唐县",
        "¥100,000,000.00",
        "¥45,678,000.00",
        "建档立卡贫困人口",
        "300",
        "更正记录",
    ] {
        assert!(
            activity.body.contains(needle),
            "activity page lacks {needle}"
        );
    }
    assert_eq!(
        support::get(&site, "/activity/3", &[]).await.status,
        StatusCode::NOT_FOUND,
        "a draft is not public"
    );
    assert_eq!(
        support::get(&site, "/region/99", &[]).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        support::get(&site, "/region/13?year=abc", &[]).await.status,
        StatusCode::BAD_REQUEST
    );
    // Drill-down: the year figure links to exactly the activities behind it.
    let list = support::get(&site, "/region/13/activities?year=2019", &[]).await;
    assert!(list.body.contains("测试项目1") && !list.body.contains("小额测试项目"));
    assert!(!list.body.contains("<script"), "works without JavaScript");
}

async fn crawler_finds_no_personal_data(db: Db) {
    support::seed(&db).await;
    plant_personal_data(&db).await;
    let site = support::site(db);
    let mut seen = BTreeSet::new();
    let mut first: VecDeque<String> = VecDeque::from([
        "/".to_owned(),
        "/region/cn".to_owned(),
        "/iati/all.xml".to_owned(),
    ]);
    let mut later: VecDeque<String> = VecDeque::new();
    let mut fetched = 0;
    let mut kinds = BTreeSet::new();
    while let Some(uri) = first.pop_front().or_else(|| later.pop_front()) {
        if fetched >= 400 || !seen.insert(uri.clone()) {
            continue;
        }
        let skip = [
            "/workspace",
            "/sign-in",
            "/admin",
            "/audit",
            "/account",
            "/assets/",
            "/search",
        ];
        if skip.iter().any(|s| uri.starts_with(s)) {
            continue;
        }
        fetched += 1;
        let (status, mime, bytes) = get_bytes(&site, &uri).await;
        assert!(
            status.is_success() || status == StatusCode::NOT_FOUND,
            "{uri}: {status}"
        );
        kinds.insert(mime.split(';').next().unwrap_or_default().to_owned());
        let text = String::from_utf8_lossy(&bytes);
        for planted in PLANTED {
            assert!(
                !text.contains(planted),
                "{uri} shows planted personal data {planted}"
            );
        }
        if mime.starts_with("text/html") {
            for link in links(&text) {
                if link.starts_with("/region/")
                    && !link.contains("/activities")
                    && !link.contains("/organizations")
                {
                    later.push_back(link);
                } else {
                    first.push_back(link);
                }
            }
        }
    }
    assert!(
        seen.contains("/activity/1") && seen.contains("/organization/1"),
        "{seen:?}"
    );
    for kind in [
        "text/html",
        "text/csv",
        "application/json",
        "application/xml",
    ] {
        assert!(
            kinds.contains(kind),
            "the crawl reached a {kind} file: {kinds:?}"
        );
    }
}

fupin_store::conformance!(
    pages_answer_the_four_questions,
    crawler_finds_no_personal_data
);
