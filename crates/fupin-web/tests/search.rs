#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Public search (`/search`, `/api/v1/search`), the map's figures (`/api/v1/map`) and the home
//! page's map and charts, on SQLite and PostgreSQL.

mod search {
    pub mod seed;
}
mod support;

use fupin_store::Db;
use search::seed;
use serde_json::Value;
use support::{get, site};

fupin_store::conformance!(
    words_are_segmented_and_found_inside_longer_words,
    pinyin_initials_and_spelling_find_chinese,
    filters_narrow_the_results,
    pages_split_long_results,
    unpublished_and_superseded_versions_are_never_found,
    bad_filters_are_refused_with_a_reason,
    new_publications_are_found_once_the_index_refreshes,
    the_page_and_its_json_twin_agree,
    map_figures_by_province_and_prefecture,
    home_has_map_charts_and_search_without_inline_scripts,
);

async fn seeded(db: &Db) -> axum::Router {
    support::seed(db).await;
    seed::more(db).await;
    site(db.clone())
}

async fn json(site: &axum::Router, uri: &str) -> Value {
    let reply = get(site, uri, &[]).await;
    assert_eq!(reply.status, 200, "{uri}: {}", reply.body);
    assert!(reply.header("content-type").starts_with("application/json"));
    serde_json::from_str(&reply.body).unwrap()
}

fn ids(list: &Value) -> Vec<i64> {
    let mut ids: Vec<i64> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    ids
}

async fn activity_ids(site: &axum::Router, query: &str) -> Vec<i64> {
    ids(&json(site, &format!("/api/v1/search?kind=activities&{query}")).await["activities"])
}

async fn words_are_segmented_and_found_inside_longer_words(db: Db) {
    let site = seeded(&db).await;
    // 教育 is a word of 教育扶贫 (activity 10's title, activity 1's field).
    assert_eq!(activity_ids(&site, "q=%E6%95%99%E8%82%B2").await, [1, 10]);
    // 乐业教育 is segmented into 乐业 + 教育: both must occur, in any order.
    let found = json(
        &site,
        "/api/v1/search?q=乐业教育"
            .replace("乐业教育", "%E4%B9%90%E4%B8%9A%E6%95%99%E8%82%B2")
            .as_str(),
    )
    .await;
    assert_eq!(found["terms"], serde_json::json!(["乐业", "教育"]));
    assert_eq!(ids(&found["activities"]), [10]);
    // An organization by a word of its name.
    let orgs = json(
        &site,
        "/api/v1/search?kind=organizations&q=%E5%8A%A9%E5%86%9C",
    )
    .await; // 助农
    assert_eq!(ids(&orgs["organizations"]), [2]);
    // The page shows the terms and the hit, linked to its public page.
    let page = get(&site, "/search?q=%E4%B9%90%E4%B8%9A%E6%95%99%E8%82%B2", &[]).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("乐业 / 教育"), "terms shown");
    assert!(
        page.body
            .contains(r#"<a href="/activity/10">乐业县教育扶贫助学金</a>"#)
    );
    assert!(page.body.contains(r#"<a href="/region/451028">乐业县</a>"#));
    assert!(!page.body.contains("批量帮扶项目"));
}

async fn pinyin_initials_and_spelling_find_chinese(db: Db) {
    let site = seeded(&db).await;
    assert_eq!(
        activity_ids(&site, "q=jyfp").await,
        [1, 10],
        "initials of 教育扶贫"
    );
    assert_eq!(activity_ids(&site, "q=JYFP").await, [1, 10], "any case");
    assert_eq!(
        activity_ids(&site, "q=jiaoyu").await,
        [1, 10],
        "spelled out"
    );
    assert_eq!(activity_ids(&site, "q=jkyz").await, [11], "健康义诊");
    assert!(activity_ids(&site, "q=zzzq").await.is_empty());
    let orgs = json(&site, "/api/v1/search?kind=organizations&q=zgxc").await;
    assert_eq!(ids(&orgs["organizations"]), [1], "中国乡村…");
}

async fn filters_narrow_the_results(db: Db) {
    let site = seeded(&db).await;
    assert_eq!(activity_ids(&site, "field=health").await, [11]);
    assert_eq!(activity_ids(&site, "region=45").await, [10], "province");
    assert_eq!(activity_ids(&site, "region=4510").await, [10], "prefecture");
    assert_eq!(
        activity_ids(&site, "region=130125").await,
        [1, 11],
        "county"
    );
    assert_eq!(activity_ids(&site, "year=2019").await, [1]);
    assert_eq!(activity_ids(&site, "q=jyfp&year=2018").await, [10]);
    assert!(activity_ids(&site, "type=social_group").await.is_empty());
    assert_eq!(
        activity_ids(&site, "type=foundation&field=education").await,
        [1, 10]
    );
    // Organizations are filtered by what their published activities match.
    let orgs = json(&site, "/api/v1/search?kind=organizations&field=health").await;
    assert_eq!(ids(&orgs["organizations"]), [1]);
    let orgs = json(&site, "/api/v1/search?kind=organizations").await;
    assert_eq!(
        ids(&orgs["organizations"]),
        [1, 2],
        "org 3 has no published activity"
    );
    // The page keeps the chosen filters selected.
    let page = get(&site, "/search?region=4510&field=education", &[]).await;
    assert!(page.body.contains(r#"<option value="education" selected>"#));
    assert!(
        page.body.contains(r#"<option value="4510" selected>"#),
        "a prefecture is offered as chosen"
    );
}

async fn pages_split_long_results(db: Db) {
    let site = seeded(&db).await;
    let q = "q=%E6%89%B9%E9%87%8F"; // 批量
    let first = json(&site, &format!("/api/v1/search?kind=activities&{q}")).await;
    assert_eq!(first["activities"]["total"], seed::BATCH);
    assert_eq!(first["activities"]["pages"], 3);
    assert_eq!(first["activities"]["items"].as_array().unwrap().len(), 20);
    let last = json(&site, &format!("/api/v1/search?kind=activities&{q}&page=3")).await;
    assert_eq!(last["activities"]["items"].as_array().unwrap().len(), 5);
    let mut seen = ids(&first["activities"]);
    seen.extend(ids(&json(
        &site,
        &format!("/api/v1/search?kind=activities&{q}&page=2"),
    )
    .await["activities"]));
    seen.extend(ids(&last["activities"]));
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(
        seen.len() as i64,
        seed::BATCH,
        "pages neither overlap nor drop"
    );
    let page = get(&site, &format!("/search?{q}&page=2"), &[]).await;
    assert!(
        page.body
            .contains(&format!(r#"href="/search?{q}&#38;page=3" rel="next""#)),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains(&format!(r#"href="/search?{q}" rel="prev""#))
    );
}

async fn unpublished_and_superseded_versions_are_never_found(db: Db) {
    let site = seeded(&db).await;
    let all = json(&site, "/api/v1/search?kind=activities").await;
    assert_eq!(
        all["activities"]["total"],
        4 + seed::BATCH,
        "1, 2, 10, 11 and the batch"
    );
    for page in 1..=3 {
        let found = activity_ids(&site, &format!("page={page}")).await;
        assert!(!found.contains(&3), "draft");
        assert!(!found.contains(&12), "superseded");
    }
    assert!(
        activity_ids(&site, "q=%E6%B5%8B%E8%AF%95%E9%A1%B9%E7%9B%AE3")
            .await
            .is_empty(),
        "测试项目3 is a draft"
    );
    assert!(
        activity_ids(&site, "q=%E6%97%A7%E7%89%88").await.is_empty(),
        "旧版"
    );
    let body = get(&site, "/api/v1/search", &[]).await.body;
    assert!(
        !body.contains("张三"),
        "no legal representative or other personal data"
    );
}

async fn bad_filters_are_refused_with_a_reason(db: Db) {
    let site = seeded(&db).await;
    for (uri, reason) in [
        ("/search?field=nope", "扶贫领域"),
        ("/search?region=99", "行政区划代码"),
        ("/search?region=13x", "行政区划代码"),
        ("/search?year=20x9", "年度"),
        ("/search?page=0", "页码"),
        ("/search?kind=people", "结果类型"),
    ] {
        let page = get(&site, uri, &[]).await;
        assert_eq!(page.status, 400, "{uri}");
        assert!(page.body.contains(reason), "{uri}: {}", page.body);
    }
    let api = get(&site, "/api/v1/search?type=nope", &[]).await;
    assert_eq!(api.status, 400);
    assert!(api.body.contains(r#""error":"invalid""#));
}

async fn new_publications_are_found_once_the_index_refreshes(db: Db) {
    use support::browser::site_with_clock;
    support::seed(&db).await;
    let (site, app, clock) = site_with_clock(db.clone());
    assert!(activity_ids(&site, "q=jyfp").await == [1]);
    seed::more(&db).await;
    assert_eq!(
        activity_ids(&site, "q=jyfp").await,
        [1],
        "index fresh for a few seconds"
    );
    clock.advance(time::Duration::seconds(11));
    assert_eq!(activity_ids(&site, "q=jyfp").await, [1, 10]);
    // Already indexed: the next turn writes nothing.
    clock.advance(time::Duration::seconds(11));
    assert_eq!(app.refresh_search_index().await.unwrap(), 0);
}

async fn the_page_and_its_json_twin_agree(db: Db) {
    let site = seeded(&db).await;
    let data = json(&site, "/api/v1/search?q=jyfp").await;
    assert_eq!(data["kind"], "all");
    assert_eq!(data["activities"]["total"], 2);
    assert_eq!(
        data["organizations"]["total"], 0,
        "no organization name spells jyfp"
    );
    let ten = data["activities"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == 10)
        .unwrap();
    assert_eq!(ten["url"], "/activity/10");
    assert_eq!(ten["organization"]["url"], "/organization/2");
    assert_eq!(ten["field"]["code"], "education");
    assert_eq!(ten["committed"]["fen"], 800_000);
    assert_eq!(ten["county"]["name"], "乐业县");
    let page = get(&site, "/search?q=jyfp", &[]).await;
    assert!(page.header("cache-control").contains("max-age=60"));
    assert!(
        page.body.contains(r#"href="/api/v1/search?q=jyfp""#),
        "links its JSON twin"
    );
    assert!(
        page.body.contains("¥8,000.00"),
        "exact money in the title attribute"
    );
    let en = get(&site, "/search?q=jyfp&lang=en", &[]).await;
    assert!(en.body.contains("Search organizations and activities"));
    assert!(en.body.contains("Education"));
}

async fn map_figures_by_province_and_prefecture(db: Db) {
    let site = seeded(&db).await;
    let national = json(&site, "/api/v1/map").await;
    assert_eq!(national["level"], "province");
    let regions = national["regions"].as_array().unwrap();
    assert_eq!(regions.len(), 31, "every province, zeros included");
    let by = |code: &str| regions.iter().find(|r| r["code"] == code).unwrap().clone();
    assert_eq!(by("13")["activities"], 2, "activities 1 and 11 in 行唐县");
    assert_eq!(by("13")["organizations"], 1);
    assert_eq!(
        by("13")["committed"]["fen"],
        10_000_000_000_i64,
        "activity 1's commitment"
    );
    assert_eq!(by("11")["activities"], 1 + seed::BATCH);
    assert_eq!(by("45")["committed"]["fen"], 800_000);
    assert_eq!(by("65")["activities"], 0);
    let hebei = json(&site, "/api/v1/map/13").await;
    assert_eq!(hebei["level"], "prefecture");
    let shijiazhuang = hebei["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "1301")
        .unwrap()
        .clone();
    assert_eq!(shijiazhuang["activities"], 2);
    assert_eq!(get(&site, "/api/v1/map/99", &[]).await.status, 400);
    assert_eq!(
        get(&site, "/api/v1/map/1301", &[]).await.status,
        400,
        "not a province"
    );
}

async fn home_has_map_charts_and_search_without_inline_scripts(db: Db) {
    let site = seeded(&db).await;
    let home = get(&site, "/", &[]).await;
    let body = &home.body;
    assert!(body.contains(r#"id="china-map""#));
    assert!(
        body.contains(r#"data-provinces="{&#34;11&#34;:&#34;/assets/province-11."#),
        "{body}"
    );
    assert!(
        body.contains(r#"<a href="/region/13">河北省</a>"#),
        "provinces without JavaScript"
    );
    assert!(body.contains(r#"action="/search""#));
    assert!(
        body.contains(r#"data-chart="bar""#) && body.contains(r#"data-committed="10000000000""#)
    );
    let scripts: Vec<&str> = body.split("<script").skip(1).collect();
    assert_eq!(scripts.len(), 2);
    for script in scripts {
        assert!(
            script.trim_start().starts_with("src=\"/assets/"),
            "same-origin files only: {script}"
        );
        let src = script.split('"').nth(1).unwrap();
        let asset = get(&site, src, &[]).await;
        assert_eq!(asset.status, 200, "{src}");
        assert!(asset.header("content-type").starts_with("text/javascript"));
        assert!(asset.header("cache-control").contains("immutable"));
    }
    let china = body
        .split("data-china=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let map = get(&site, china, &[]).await;
    assert_eq!(map.status, 200);
    assert!(map.body.contains("\"130000\""));
    // An empty site has no map (nothing to shade) and still works.
    let empty = get(&site_for_empty().await.0, "/", &[]).await;
    assert!(!empty.body.contains("china-map"));
}

async fn site_for_empty() -> (axum::Router, fupin_store::testing::TestDb) {
    let test_db = fupin_store::testing::sqlite().await;
    (site(test_db.db.clone()), test_db)
}
