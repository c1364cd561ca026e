//! An organization's roster quality score on its public page (Chinese and English) and in the
//! open-data JSON, on both backends: published current versions only, aggregates only.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use axum::http::StatusCode;
use fupin_store::Db;
use fupin_store::verification::{NewActivityVerification, replace_verdicts, runs};
use time::OffsetDateTime;

fupin_store::conformance!(the_quality_score_is_shown_on_the_page_and_in_the_api);

fn figures(activity_id: i64, entries: i64, verified: i64, points: i64) -> NewActivityVerification {
    NewActivityVerification {
        activity_id,
        organization_id: 1,
        entries,
        verified,
        quality_points: points,
        aid_fen: entries * 50_000,
        verified_aid_fen: verified * 50_000,
    }
}

/// Activity 1 (published): verified, verified, homophone, not in the registry — 29,000 points
/// over 4 entries, a score of 7,250. Activity 3 (a draft of the same organization) would pull
/// the score down, but is not public.
async fn store_figures(db: &Db) {
    let now = OffsetDateTime::now_utc();
    let mut tx = db.begin().await.unwrap();
    let run = runs::start(&mut tx, runs::Trigger::Bulk, "", None, "test", now)
        .await
        .unwrap();
    let rows = vec![figures(1, 4, 3, 29_000), figures(3, 6, 0, 0)];
    replace_verdicts(&mut tx, run, now, &[1, 3], Vec::new(), rows)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

async fn the_quality_score_is_shown_on_the_page_and_in_the_api(db: Db) {
    support::seed(&db).await;
    store_figures(&db).await;
    let site = support::site(db);

    let zh = support::get(&site, "/organization/1", &[]).await;
    assert_eq!(zh.status, StatusCode::OK, "{}", zh.body);
    for needle in [
        "名单质量分",
        "72.50 分（满分 100 分，共 4 条记录）",
        "核对通过 100 分，同音字 90 分",
    ] {
        assert!(zh.body.contains(needle), "missing {needle}");
    }
    let en = support::get(&site, "/organization/1?lang=en", &[]).await;
    assert_eq!(en.status, StatusCode::OK);
    for needle in [
        "Roster quality score",
        "72.50 / 100 (4 entries)",
        "100 verified, 90 homophone, 80 typo",
    ] {
        assert!(en.body.contains(needle), "missing {needle}");
    }
    // An organization without verified published rosters says so.
    let other = support::get(&site, "/organization/2", &[]).await;
    assert!(other.body.contains("名单质量分"));
    assert!(other.body.contains("尚未开展名单核对"));

    let api = support::get(&site, "/api/v1/organizations/1", &[]).await;
    assert_eq!(api.status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(
        json["verification"],
        serde_json::json!({"entries": 4, "verified": 3, "quality_score_bp": 7_250}),
        "aggregates only: no entry is listed"
    );
    let api = support::get(&site, "/api/v1/organizations/2", &[]).await;
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(
        json["verification"],
        serde_json::json!({"entries": 0, "verified": 0, "quality_score_bp": 0})
    );
}
