#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Sign-in, sessions, CSRF and role separation through the router, on SQLite and PostgreSQL.

mod support;

use fupin_app::auth::totp;
use fupin_app::{Actor, App};
use fupin_domain::{Role, UnitKind};
use fupin_store::Db;
use fupin_store::audit::AuditFilter;
use support::browser::{Browser, account, county_unit, csrf_in, secret_in, site_with_clock};
use support::seed;
use time::Duration;

fupin_store::conformance!(
    staff_pages_send_strangers_to_sign_in,
    sign_in_opens_a_fresh_http_only_session,
    five_failures_lock_the_account_even_against_the_right_password,
    sessions_end_after_idle_and_absolute_timeouts,
    forms_without_the_csrf_token_are_refused,
    platform_admins_enrol_a_second_factor_and_idle_out_sooner,
    one_address_is_rate_limited_on_sign_in,
);

const PASSWORD: &str = "Fupin#2017test";

/// A county 民政局 of 东城区 (110101), where the seeded organizations are domiciled.
async fn county_civil_affairs(app: &App) -> i64 {
    county_unit(
        app,
        UnitKind::RegistrationAuthority,
        "110101",
        "东城区民政局",
    )
    .await
}

async fn audit_actions(app: &App, action: &str) -> Vec<(String, String)> {
    let filter = AuditFilter {
        action: action.to_owned(),
        ..AuditFilter::default()
    };
    let (rows, _) = app
        .search_audit(&Actor::system(), &filter, 100, 0)
        .await
        .unwrap();
    rows.into_iter()
        .map(|r| (r.actor_name, r.outcome))
        .collect()
}

async fn staff_pages_send_strangers_to_sign_in(db: Db) {
    let (site, _, _) = site_with_clock(db);
    let mut browser = Browser::new(&site);
    for path in [
        "/workspace",
        "/admin/accounts",
        "/audit",
        "/workspace/registry/1",
    ] {
        let page = browser.get(path).await;
        assert_eq!(page.status, 303, "{path}");
        assert!(
            page.header("location").starts_with("/sign-in?next="),
            "{path}"
        );
    }
    let api = browser.get("/api/v1/workspace/organizations").await;
    assert_eq!(api.status, 401);
    assert!(api.body.contains("unauthenticated"));
    let form = browser.get("/sign-in?next=/audit").await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains(r#"name="next" value="/audit""#));
    assert!(form.header("set-cookie").contains("fupin_csrf="));
    assert_eq!(form.header("cache-control"), "no-store");
}

async fn sign_in_opens_a_fresh_http_only_session(db: Db) {
    let (site, app, _) = site_with_clock(db.clone());
    seed(&db).await;
    let unit = county_civil_affairs(&app).await;
    account(
        &app,
        "mz.officer",
        PASSWORD,
        None,
        Some(unit),
        &[Role::Officer],
    )
    .await;

    let mut browser = Browser::new(&site);
    let wrong = browser.sign_in("mz.officer", "Wrong#2017pass").await;
    assert_eq!(wrong.status, 401);
    assert!(wrong.body.contains("用户名或密码错误"));
    let unknown = browser.sign_in("nobody", PASSWORD).await;
    assert!(
        unknown.body.contains("用户名或密码错误"),
        "no hint which names exist"
    );

    let done = browser.sign_in("mz.officer", PASSWORD).await;
    assert_eq!(done.status, 303);
    assert_eq!(done.header("location"), "/workspace");
    let cookie = done
        .header_all("set-cookie")
        .into_iter()
        .find(|c| c.starts_with("fupin_session="))
        .unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let first = browser.cookies["fupin_session"].clone();
    let home = browser.get("/workspace").await;
    assert_eq!(home.status, 200);
    assert!(
        home.body
            .contains(r#"<span class="user">mz.officer</span>"#)
            && home.body.contains("业务经办人"),
        "{}",
        home.body
    );

    // Signing in again gives a new session id and ends the old one.
    let mut again = browser.clone();
    let fields = [("username", "mz.officer"), ("password", PASSWORD)];
    let renewed = again.submit("/workspace", "/sign-in", &fields).await;
    assert_eq!(renewed.status, 303);
    let second = again.cookies["fupin_session"].clone();
    assert_ne!(first, second);
    let stale = browser.get("/workspace").await;
    assert_eq!(stale.status, 303, "the previous session ended");

    let out = again.submit("/workspace", "/sign-out", &[]).await;
    assert_eq!(out.status, 303);
    assert!(!again.cookies.contains_key("fupin_session"));
    let mut replay = Browser::new(&site);
    replay.cookies.insert("fupin_session".into(), second);
    assert_eq!(
        replay.get("/workspace").await.status,
        303,
        "a signed-out id is dead"
    );

    let sign_ins = audit_actions(&app, "auth.sign_in").await;
    assert!(
        sign_ins
            .iter()
            .any(|(who, outcome)| who == "mz.officer" && outcome == "ok")
    );
    assert!(
        sign_ins.iter().any(|(_, outcome)| outcome != "ok"),
        "failures are audited"
    );
}

async fn five_failures_lock_the_account_even_against_the_right_password(db: Db) {
    let (site, app, clock) = site_with_clock(db);
    account(&app, "locked.user", PASSWORD, None, None, &[]).await;
    let mut browser = Browser::new(&site);
    for _ in 0..5 {
        let page = browser.sign_in("locked.user", "Wrong#2017pass").await;
        assert_eq!(page.status, 401);
    }
    let refused = browser.sign_in("locked.user", PASSWORD).await;
    assert_eq!(
        refused.status, 401,
        "the right password is refused while locked"
    );
    assert!(refused.body.contains("锁定"), "{}", refused.body);
    assert_eq!(audit_actions(&app, "auth.lock").await.len(), 1);

    clock.advance(Duration::minutes(16));
    let page = browser.sign_in("locked.user", PASSWORD).await;
    assert_eq!(page.status, 303, "the lock ends after 15 minutes");
}

async fn sessions_end_after_idle_and_absolute_timeouts(db: Db) {
    let (site, app, clock) = site_with_clock(db);
    let unit = county_civil_affairs(&app).await;
    account(
        &app,
        "busy.officer",
        PASSWORD,
        None,
        Some(unit),
        &[Role::Officer],
    )
    .await;
    let mut browser = Browser::new(&site);
    browser.sign_in("busy.officer", PASSWORD).await;
    clock.advance(Duration::minutes(29));
    assert_eq!(
        browser.get("/workspace").await.status,
        200,
        "29 minutes idle is fine"
    );
    clock.advance(Duration::minutes(31));
    let idle = browser.get("/workspace").await;
    assert_eq!(idle.status, 303, "31 minutes idle ends the session");

    browser.sign_in("busy.officer", PASSWORD).await;
    for _ in 0..(12 * 3 - 1) {
        clock.advance(Duration::minutes(20));
        assert_eq!(browser.get("/workspace").await.status, 200);
    }
    clock.advance(Duration::minutes(21));
    assert_eq!(
        browser.get("/workspace").await.status,
        303,
        "12 hours end even an active session"
    );
}

async fn forms_without_the_csrf_token_are_refused(db: Db) {
    let (site, app, _) = site_with_clock(db.clone());
    seed(&db).await;
    let unit = county_civil_affairs(&app).await;
    account(
        &app,
        "mz.credit",
        PASSWORD,
        None,
        Some(unit),
        &[Role::Officer],
    )
    .await;
    let mut browser = Browser::new(&site);

    let no_token = browser
        .post(
            "/sign-in",
            &[("username", "mz.credit"), ("password", PASSWORD)],
            &[],
        )
        .await;
    assert_eq!(
        no_token.status, 403,
        "even the sign-in form needs its token"
    );
    browser.sign_in("mz.credit", PASSWORD).await;

    let page = browser.get("/workspace/organizations/1").await;
    assert_eq!(page.status, 200);
    let token = csrf_in(&page.body).unwrap();
    let action = "/workspace/organizations/1/credit-status";
    let fields = [("status", "abnormal_activities"), ("reason", "年报未报送")];
    let forged = browser
        .post(action, &[&[("csrf", "forged")][..], &fields].concat(), &[])
        .await;
    assert_eq!(forged.status, 403);
    let missing = browser.post(action, &fields, &[]).await;
    assert_eq!(missing.status, 403);
    let foreign = browser
        .post(
            action,
            &[&[("csrf", token.as_str())][..], &fields].concat(),
            &[
                ("origin", "https://evil.example"),
                ("host", "fupin.example"),
            ],
        )
        .await;
    assert_eq!(foreign.status, 403, "a cross-site origin is refused");
    let unchanged = browser.get("/workspace/organizations/1").await;
    assert!(unchanged.body.contains("<dd>正常</dd>"), "nothing changed");
    assert!(!audit_actions(&app, "csrf.refused").await.is_empty());

    let real = browser
        .post(
            action,
            &[&[("csrf", token.as_str())][..], &fields].concat(),
            &[],
        )
        .await;
    assert_eq!(real.status, 303);
    let changed = browser.get(real.header("location")).await;
    assert!(changed.body.contains("活动异常名录"), "{}", changed.body);
    assert!(changed.body.contains("信用状态已更新"));
}

async fn platform_admins_enrol_a_second_factor_and_idle_out_sooner(db: Db) {
    let (site, app, clock) = site_with_clock(db);
    account(
        &app,
        "platform.auditor",
        PASSWORD,
        None,
        None,
        &[Role::Auditor],
    )
    .await;
    let mut browser = Browser::new(&site);
    let first = browser.sign_in("platform.auditor", PASSWORD).await;
    assert_eq!(first.header("location"), "/sign-in/enrol");
    assert_eq!(
        browser.get("/audit").await.status,
        303,
        "nothing is open before the second factor"
    );
    let enrol = browser.get("/sign-in/enrol").await;
    let secret = secret_in(&enrol.body).unwrap().replace(' ', "");
    assert!(enrol.body.contains("<svg"), "a QR code to scan");
    let bytes = totp::from_base32(&secret).unwrap();
    let now = app.now().unix_timestamp();
    let wrong = browser
        .submit(
            "/sign-in/enrol",
            "/sign-in/enrol",
            &[("secret", &secret), ("code", "000000")],
        )
        .await;
    assert_eq!(wrong.status, 400);
    let code = totp::code(&bytes, totp::step_at(now));
    let done = browser
        .submit(
            "/sign-in/enrol",
            "/sign-in/enrol",
            &[("secret", &secret), ("code", &code)],
        )
        .await;
    assert_eq!(done.header("location"), "/workspace");
    assert_eq!(browser.get("/audit").await.status, 200);

    // Next time the code is asked for, and a used code does not work twice.
    clock.advance(Duration::minutes(16));
    assert_eq!(
        browser.get("/audit").await.status,
        303,
        "15 minutes idle for platform admins"
    );
    let again = browser.sign_in("platform.auditor", PASSWORD).await;
    assert_eq!(again.header("location"), "/sign-in/code");
    let now = app.now().unix_timestamp();
    let code = totp::code(&bytes, totp::step_at(now));
    let ok = browser
        .submit("/sign-in/code", "/sign-in/code", &[("code", &code)])
        .await;
    assert_eq!(ok.header("location"), "/workspace");
    let mut other = Browser::new(&site);
    other.sign_in("platform.auditor", PASSWORD).await;
    let replay = other
        .submit("/sign-in/code", "/sign-in/code", &[("code", &code)])
        .await;
    assert_eq!(replay.status, 401, "a code is good once");
}

async fn one_address_is_rate_limited_on_sign_in(db: Db) {
    let (site, app, _) = site_with_clock(db);
    account(&app, "someone", PASSWORD, None, None, &[]).await;
    let mut flood = Browser::new(&site);
    let mut statuses = Vec::new();
    for n in 0..12 {
        let name = format!("guess{n}");
        statuses.push(flood.sign_in(&name, "Wrong#2017pass").await.status.as_u16());
    }
    assert_eq!(&statuses[..10], &[401; 10]);
    assert_eq!(
        &statuses[10..],
        &[429, 429],
        "the 11th attempt from one address waits"
    );
    let limited = flood.sign_in("someone", PASSWORD).await;
    assert_eq!(limited.status, 429);
    assert!(limited.body.contains("登录尝试过于频繁"));
    let mut elsewhere = Browser::new(&site);
    assert_eq!(
        elsewhere.sign_in("someone", PASSWORD).await.status,
        303,
        "other addresses are not affected"
    );
    let filter = AuditFilter {
        action: "auth.sign_in".to_owned(),
        outcome: "denied".to_owned(),
        ..AuditFilter::default()
    };
    let (rows, _) = app
        .search_audit(&Actor::system(), &filter, 100, 0)
        .await
        .unwrap();
    let address = flood.address.ip().to_string();
    assert!(
        rows.iter().any(|r| r.source_addr == address),
        "failed sign-ins record the source address"
    );
}
