#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The page cache on the whole site: the home page is kept per language and forgotten (with its
//! figures) after a write through the site; concurrent requests for a cold page render it once;
//! what a signed-in visitor is served is never kept for, nor taken from, anonymous visitors.

mod support;

use axum::Router;
use fupin_app::{App, PiiKeys};
use fupin_domain::Role;
use fupin_store::{Db, Value};
use fupin_web::page_cache::PageCache;
use fupin_web::{WebState, router};
use support::browser::{Browser, account};
use support::{get, seed};

fupin_store::conformance!(
    home_page_is_kept_per_language_and_forgotten_on_writes,
    concurrent_cold_requests_render_once,
    signed_in_pages_are_never_shared
);

/// The site over `db`, its `App` and its page cache.
fn site(db: Db) -> (Router, App, PageCache) {
    let keys = PiiKeys::from_hex(&"ab".repeat(64)).unwrap();
    let app = App::new(db, keys);
    let state = WebState::new(app.clone());
    let pages = state.pages.clone();
    (router(state), app, pages)
}

/// Changes a published activity's hours from another process, as a correction would, rollups
/// included (the home figures are read from them).
async fn set_hours(db: &Db, hours: i64) {
    db.execute(
        "UPDATE activities SET volunteer_hours = $1 WHERE id = 1",
        &[Value::from(hours)],
    )
    .await
    .unwrap();
    fupin_store::stats::rebuild(db).await.unwrap();
}

async fn rename(db: &Db, name: &str) {
    db.execute(
        "UPDATE organizations SET name = $1 WHERE id = 1",
        &[Value::from(name)],
    )
    .await
    .unwrap();
}

/// A signed-in browser (an organization reporter of organization 1).
async fn signed_in(site: &Router, app: &App) -> Browser {
    account(
        app,
        "cache.reporter",
        "Fupin#2017test",
        Some(1),
        None,
        &[Role::OrgReporter],
    )
    .await;
    let mut browser = Browser::new(site);
    let reply = browser.sign_in("cache.reporter", "Fupin#2017test").await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    browser
}

const HOURS_ZH: &str = "<span class=\"unit\">小时</span>";

async fn home_page_is_kept_per_language_and_forgotten_on_writes(db: Db) {
    seed(&db).await;
    let (site, app, pages) = site(db.clone());
    let first = get(&site, "/", &[]).await;
    assert_eq!(first.status, 200);
    assert!(first.body.contains(&format!("<dd>1,234{HOURS_ZH}")));
    assert!(
        first.header("set-cookie").is_empty(),
        "public pages set no cookie"
    );

    // Changed behind the site's back: the kept page is served.
    set_hours(&db, 3_400).await;
    let kept = get(&site, "/", &[]).await;
    assert_eq!(kept.body, first.body, "served from memory");
    let english = get(&site, "/", &[("accept-language", "en")]).await;
    assert!(
        english.body.contains(r#"<html lang="en">"#),
        "its own entry"
    );
    let by_query = get(&site, "/?lang=en", &[]).await;
    assert!(by_query.body.contains(r#"<html lang="en">"#));
    assert!(
        by_query.header("set-cookie").starts_with("lang=en"),
        "the language cookie is still set on a kept page"
    );
    let renders = pages.stats().renders;
    assert_eq!(
        get(&site, "/", &[("cookie", "lang=en")]).await.body,
        english.body
    );
    assert_eq!(
        pages.stats().renders,
        renders,
        "the same entry as Accept-Language"
    );

    // A write that succeeds through the site forgets the pages and the figures behind them.
    let _browser = signed_in(&site, &app).await;
    let fresh = get(&site, "/", &[]).await;
    assert!(
        fresh.body.contains(&format!("<dd>3,434{HOURS_ZH}")),
        "forgotten after the write"
    );
    let json = get(&site, "/api/v1/figures", &[]).await;
    let figures: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(figures["volunteer_hours"], 3_434);
}

async fn concurrent_cold_requests_render_once(db: Db) {
    seed(&db).await;
    let (site, _, pages) = site(db);
    for uri in ["/", "/organization/1", "/api/v1/statistics/region/cn"] {
        let before = pages.stats().renders;
        let requests: Vec<_> = (0..24)
            .map(|_| {
                let site = site.clone();
                tokio::spawn(async move { get(&site, uri, &[]).await })
            })
            .collect();
        let mut bodies = Vec::new();
        for request in requests {
            let reply = request.await.unwrap();
            assert_eq!(reply.status, 200, "{uri}");
            bodies.push(reply.body);
        }
        assert!(bodies.iter().all(|b| *b == bodies[0]), "{uri}");
        assert_eq!(
            pages.stats().renders - before,
            1,
            "{uri}: one render for 24"
        );
    }
}

async fn signed_in_pages_are_never_shared(db: Db) {
    seed(&db).await;
    let (site, app, pages) = site(db.clone());
    let mut browser = signed_in(&site, &app).await;

    // What a signed-in visitor is served is not kept...
    rename(&db, "登录后看到的名称").await;
    let theirs = browser.get("/organization/1").await;
    assert_eq!(theirs.status, 200);
    assert!(theirs.body.contains("登录后看到的名称"));
    let home = browser.get("/").await;
    assert_eq!(home.status, 200);
    assert_eq!(pages.stats().entries, 0, "nothing kept from a session");

    // ...so an anonymous visitor never gets it,
    rename(&db, "匿名访客看到的名称").await;
    let anonymous = get(&site, "/organization/1", &[]).await;
    assert!(anonymous.body.contains("匿名访客看到的名称"));
    assert!(!anonymous.body.contains("登录后看到的名称"));
    assert!(!anonymous.body.contains("cache.reporter"));

    // ...and a signed-in visitor is not served what was kept for anonymous ones.
    rename(&db, "再次更名的名称").await;
    let again = browser.get("/organization/1").await;
    assert!(again.body.contains("再次更名的名称"));
    let kept = get(&site, "/organization/1", &[]).await;
    assert!(kept.body.contains("匿名访客看到的名称"), "still kept");
}
