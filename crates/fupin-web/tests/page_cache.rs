#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The public page cache through the router: a public page is rendered once and served from
//! memory while fresh, per language; a successful write through the site forgets it at once,
//! so nobody sees a page older than the last change made through this process.

mod support;

use fupin_domain::Role;
use fupin_store::{Db, Value};
use support::browser::{Browser, account, site_with_clock};
use support::{get, seed, site};

fupin_store::conformance!(public_pages_are_kept_briefly_and_forgotten_on_writes);

async fn rename(db: &Db, name: &str) {
    db.execute(
        "UPDATE organizations SET name = $1 WHERE id = 1",
        &[Value::from(name)],
    )
    .await
    .unwrap();
}

async fn public_pages_are_kept_briefly_and_forgotten_on_writes(db: Db) {
    seed(&db).await;
    let site = site(db.clone());
    rename(&db, "缓存测试基金会").await;
    let first = get(&site, "/organization/1", &[]).await;
    assert_eq!(first.status, 200);
    assert!(first.body.contains("缓存测试基金会"));

    // Changed behind the site's back: the kept page is served, in each language separately.
    rename(&db, "更名后的基金会").await;
    let kept = get(&site, "/organization/1", &[]).await;
    assert!(kept.body.contains("缓存测试基金会"), "served from memory");
    let english = get(&site, "/organization/1", &[("accept-language", "en")]).await;
    assert!(
        english.body.contains("更名后的基金会"),
        "each language is its own entry"
    );
    let json = get(&site, "/api/v1/organizations/1", &[]).await;
    assert!(json.body.contains("更名后的基金会"));

    // A refused write (no CSRF token) forgets nothing.
    let mut browser = Browser::new(&site);
    let refused = browser
        .post(
            "/sign-in",
            &[("username", "nobody"), ("password", "wrong")],
            &[],
        )
        .await;
    assert!(refused.status.as_u16() >= 400, "{}", refused.status);
    let still = get(&site, "/organization/1", &[]).await;
    assert!(still.body.contains("缓存测试基金会"));

    // A write that succeeds through the site (here a sign-in) forgets every kept page.
    let (_, app, _) = site_with_clock(db.clone());
    account(
        &app,
        "cache.reader",
        "Fupin#2017test",
        Some(1),
        None,
        &[Role::OrgReporter],
    )
    .await;
    let signed_in = browser.sign_in("cache.reader", "Fupin#2017test").await;
    assert_eq!(signed_in.status, 303, "{}", signed_in.body);
    let fresh = get(&site, "/organization/1", &[]).await;
    assert!(
        fresh.body.contains("更名后的基金会"),
        "forgotten after the write"
    );
}
