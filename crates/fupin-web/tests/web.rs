#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The site through its router, on SQLite and on PostgreSQL (`FUPIN_TEST_POSTGRES_URL`).

mod support;

use fupin_store::Db;
use fupin_web::assets;
use support::{get, seed, site};

fupin_store::conformance!(
    healthz_answers_text_and_json,
    empty_home_is_chinese_and_says_nothing_is_published,
    home_shows_published_figures_in_chinese,
    english_by_query_sets_the_cookie,
    locale_comes_from_cookie_then_accept_language,
    unknown_path_is_a_chinese_404,
    assets_have_type_and_long_cache,
    security_headers_on_every_response,
    json_figures_match_the_page,
    storage_failure_is_a_generic_500,
);

async fn healthz_answers_text_and_json(db: Db) {
    let site = site(db);
    let text = get(&site, "/healthz", &[]).await;
    assert_eq!(text.status, 200);
    assert_eq!(text.body, "ok");
    assert!(text.header("content-type").starts_with("text/plain"));

    let json = get(&site, "/healthz", &[("accept", "application/json")]).await;
    assert_eq!(json.status, 200);
    assert_eq!(json.header("content-type"), "application/json");
    let value: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(value, serde_json::json!({ "status": "ok" }));
}

async fn empty_home_is_chinese_and_says_nothing_is_published(db: Db) {
    let page = get(&site(db), "/", &[]).await;
    assert_eq!(page.status, 200);
    assert!(page.header("content-type").starts_with("text/html"));
    let body = &page.body;
    assert!(body.contains(r#"<html lang="zh-CN">"#));
    assert!(body.contains("社会组织参与脱贫攻坚信息服务平台"));
    assert!(body.contains("暂无公开数据"), "empty state missing");
    assert!(body.contains("在哪里扶贫") && body.contains("扶贫效果怎么样"));
    assert!(body.contains("国开发〔2017〕12号"));
    assert!(
        body.contains(r#"href="/?lang=en""#),
        "language switch missing"
    );
    assert!(!body.contains("全国汇总"), "no figures without data");
    assert!(page.header("vary").contains("Accept-Language"));
}

async fn home_shows_published_figures_in_chinese(db: Db) {
    seed(&db).await;
    let page = get(&site(db), "/", &[]).await;
    assert_eq!(page.status, 200);
    let body = &page.body;
    assert!(!body.contains("暂无公开数据"));
    // Headline figures: drafts, pledges and the organization without activities are not counted.
    assert!(body.contains("<dt>参与社会组织</dt>"));
    assert!(
        body.contains("<dd>2<span class=\"unit\">家</span></dd>"),
        "organizations"
    );
    assert!(body.contains("<dd>2<span class=\"unit\">个</span></dd>"));
    assert!(
        body.contains(r#"<span title="¥123,456,789.12">¥1.23亿</span>"#),
        "committed"
    );
    assert!(
        body.contains(r#"<span title="¥45,678,000.00">¥4,567.8万</span>"#),
        "spent"
    );
    assert!(
        body.contains(r#"<span title="¥50,000.00">¥5万</span>"#),
        "goods"
    );
    assert!(
        body.contains("<dd>1,234<span class=\"unit\">小时</span></dd>"),
        "volunteer hours"
    );
    assert!(
        body.contains("<dd>345<span class=\"unit\">人次</span></dd>"),
        "beneficiaries"
    );
    assert!(
        body.contains("<dd>1<span class=\"unit\">个（共 832 个）</span></dd>"),
        "poor counties"
    );
    // By field, largest commitment first, with Chinese labels and right-aligned numbers.
    let education = body
        .find("<th scope=\"row\">教育扶贫</th>")
        .expect("education row");
    let industry = body
        .find("<th scope=\"row\">产业扶贫</th>")
        .expect("industry row");
    assert!(education < industry);
    assert!(body.contains(r#"<td class="num" title="¥100,000,000.00">¥1亿</td>"#));
    assert!(body.contains(r#"<td class="num" title="¥23,456,789.12">¥2,345.7万</td>"#));
    assert!(!body.contains("健康扶贫"), "draft field shown");
    // By year.
    assert!(
        body.contains("<th scope=\"row\">2019年</th>")
            && body.contains("<th scope=\"row\">2020年</th>")
    );
    assert_eq!(page.header("cache-control"), "public, max-age=60");
}

async fn english_by_query_sets_the_cookie(db: Db) {
    seed(&db).await;
    let page = get(&site(db), "/?lang=en", &[]).await;
    assert_eq!(page.status, 200);
    let body = &page.body;
    assert!(body.contains(r#"<html lang="en">"#));
    assert!(body.contains("Social Organizations in Poverty Alleviation — Information Platform"));
    assert!(body.contains(r#"<span title="¥123,456,789.12">¥123.5 million</span>"#));
    assert!(body.contains(r#"<span title="¥45,678,000.00">¥45.7 million</span>"#));
    assert!(body.contains("<dd>1<span class=\"unit\">of 832</span></dd>"));
    assert!(body.contains("<th scope=\"row\">Education</th>"));
    assert!(body.contains("<th scope=\"row\">Industry development</th>"));
    assert!(body.contains(r#"href="/?lang=zh""#) && body.contains(">中文</a>"));
    assert!(!body.contains("暂无公开数据"));
    let cookie = page.header("set-cookie");
    assert!(cookie.starts_with("lang=en;"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax") && cookie.contains("Path=/"));
    assert!(
        page.header("cache-control").starts_with("private"),
        "a cookie-setting page is private"
    );
}

async fn locale_comes_from_cookie_then_accept_language(db: Db) {
    let site = site(db);
    let by_cookie = get(&site, "/", &[("cookie", "other=1; lang=en")]).await;
    assert!(by_cookie.body.contains(r#"<html lang="en">"#));
    assert!(by_cookie.body.contains("No data published yet"));
    assert!(
        by_cookie.header("set-cookie").is_empty(),
        "only ?lang= sets the cookie"
    );

    let by_header = get(
        &site,
        "/",
        &[("accept-language", "en-US,en;q=0.9,zh;q=0.5")],
    )
    .await;
    assert!(by_header.body.contains(r#"<html lang="en">"#));

    // The cookie beats Accept-Language, the query beats both.
    let cookie_wins = get(
        &site,
        "/",
        &[("cookie", "lang=zh"), ("accept-language", "en")],
    )
    .await;
    assert!(cookie_wins.body.contains(r#"<html lang="zh-CN">"#));
    let query_wins = get(
        &site,
        "/?lang=zh",
        &[("cookie", "lang=en"), ("accept-language", "en")],
    )
    .await;
    assert!(query_wins.body.contains(r#"<html lang="zh-CN">"#));
    assert!(query_wins.header("set-cookie").starts_with("lang=zh;"));

    let unsupported = get(&site, "/", &[("accept-language", "fr-FR,de;q=0.8")]).await;
    assert!(
        unsupported.body.contains(r#"<html lang="zh-CN">"#),
        "Chinese by default"
    );
}

async fn unknown_path_is_a_chinese_404(db: Db) {
    let site = site(db);
    let page = get(&site, "/no/such/page?name=secret", &[]).await;
    assert_eq!(page.status, 404);
    assert!(page.header("content-type").starts_with("text/html"));
    assert!(page.body.contains(r#"<html lang="zh-CN">"#));
    assert!(page.body.contains("页面不存在"));
    assert!(page.body.contains("返回首页"));
    assert!(
        page.body.contains(r#"href="/no/such/page?lang=en""#),
        "switch keeps the path"
    );
    assert!(
        !page.body.contains("secret"),
        "the query string is not echoed"
    );

    let english = get(&site, "/missing?lang=en", &[]).await;
    assert_eq!(english.status, 404);
    assert!(english.body.contains("Page not found"));

    let api = get(&site, "/api/v1/nothing", &[]).await;
    assert_eq!(api.status, 404);
    assert_eq!(api.header("content-type"), "application/json");
}

async fn assets_have_type_and_long_cache(db: Db) {
    let site = site(db);
    let home = get(&site, "/", &[]).await;
    let css_url = assets::STYLE.url();
    assert!(
        home.body
            .contains(&format!(r#"<link rel="stylesheet" href="{css_url}">"#))
    );

    let css = get(&site, &css_url, &[]).await;
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), "text/css; charset=utf-8");
    assert_eq!(
        css.header("cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert!(css.body.contains("\"PingFang SC\""), "system Chinese fonts");
    assert!(
        !css.body.contains("@import") && !css.body.contains("url(http"),
        "no external resources"
    );

    let etag = css.header("etag").to_owned();
    assert!(!etag.is_empty());
    let again = get(&site, &css_url, &[("if-none-match", &etag)]).await;
    assert_eq!(again.status, 304);

    let icon = get(&site, &assets::FAVICON.url(), &[]).await;
    assert_eq!(icon.status, 200);
    assert_eq!(icon.header("content-type"), "image/svg+xml");
    assert!(icon.body.starts_with("<svg"));

    let plain = get(&site, "/assets/style.css", &[]).await;
    assert_eq!(plain.status, 200);
    assert_eq!(plain.header("cache-control"), "public, max-age=3600");

    assert_eq!(get(&site, "/assets/nothing.js", &[]).await.status, 404);
}

async fn security_headers_on_every_response(db: Db) {
    let site = site(db);
    let css = assets::STYLE.url();
    for uri in [
        "/",
        "/healthz",
        "/api/v1/figures",
        css.as_str(),
        "/missing",
        "/api/v1/missing",
    ] {
        let reply = get(&site, uri, &[]).await;
        assert_eq!(reply.header("x-content-type-options"), "nosniff", "{uri}");
        assert_eq!(reply.header("referrer-policy"), "same-origin", "{uri}");
        assert_eq!(reply.header("x-frame-options"), "DENY", "{uri}");
        let csp = reply.header("content-security-policy");
        assert!(csp.starts_with("default-src 'self'"), "{uri}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{uri}");
    }
}

async fn json_figures_match_the_page(db: Db) {
    seed(&db).await;
    let site = site(db);
    let reply = get(&site, "/api/v1/figures", &[]).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), "application/json");
    let f: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(f["organizations"], 2);
    assert_eq!(f["activities"], 2);
    assert_eq!(f["committed"]["fen"], 12_345_678_912_i64);
    assert_eq!(f["committed"]["formatted"], "¥123,456,789.12");
    assert_eq!(f["spent"]["fen"], 4_567_800_000_i64);
    assert_eq!(f["spent"]["formatted"], "¥45,678,000.00");
    assert_eq!(f["goods"]["fen"], 5_000_000);
    assert_eq!(f["volunteer_hours"], 1_234);
    assert_eq!(f["beneficiary_persons"], 345);
    assert_eq!(f["counties"], 2);
    assert_eq!(f["poor_counties_reached"], 1);
    assert_eq!(f["poor_counties_total"], 832);
    let fields = f["by_field"].as_array().unwrap();
    assert_eq!(fields.len(), 2);
    assert_eq!(fields[0]["code"], "education");
    assert_eq!(fields[0]["label_zh"], "教育扶贫");
    assert_eq!(fields[0]["label_en"], "Education");
    assert_eq!(fields[0]["activities"], 1);
    assert_eq!(fields[0]["committed"]["fen"], 10_000_000_000_i64);
    assert_eq!(fields[1]["code"], "industry");
    assert_eq!(fields[1]["committed"]["fen"], 2_345_678_912_i64);
    let years: Vec<_> = f["by_year"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| (y["year"].clone(), y["activities"].clone()))
        .collect();
    assert_eq!(
        years,
        vec![(2019.into(), 1.into()), (2020.into(), 1.into())]
    );

    // The page shows the same totals as the JSON.
    let page = get(&site, "/", &[]).await;
    assert!(page.body.contains(r#"title="¥123,456,789.12""#));
    assert!(page.body.contains(r#"title="¥45,678,000.00""#));
}

async fn storage_failure_is_a_generic_500(db: Db) {
    let site = site(db.clone());
    db.close().await;
    let page = get(&site, "/", &[]).await;
    assert_eq!(page.status, 500);
    assert!(page.body.contains("服务暂时不可用"));
    assert!(page.body.contains(r#"<html lang="zh-CN">"#));
    for internal in ["sqlx", "pool", "Pool", "closed", "sqlite", "postgres"] {
        assert!(!page.body.contains(internal), "leaks {internal}");
    }
    assert_eq!(page.header("x-frame-options"), "DENY");

    let api = get(&site, "/api/v1/figures", &[]).await;
    assert_eq!(api.status, 500);
    let value: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(value["error"], "internal");
    assert!(!api.body.contains("closed"));
}
