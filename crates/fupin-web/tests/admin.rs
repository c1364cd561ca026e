#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Administration and jurisdiction through the router: 三权分立 between the platform roles,
//! account creation (one and from CSV), reset and unlock, and business pages scoped to the
//! user's jurisdiction. On SQLite and PostgreSQL.

mod support;

use fupin_app::App;
use fupin_app::auth::totp;
use fupin_domain::{Role, UnitKind};
use fupin_store::Db;
use support::browser::{Browser, account, county_unit, csrf_in, secret_in, site_with_clock};
use support::seed;

fupin_store::conformance!(
    each_platform_role_reaches_only_its_own_pages,
    the_system_admin_creates_accounts_and_the_security_admin_grants_roles,
    a_bulk_csv_creates_all_accounts_or_none,
    business_pages_show_only_the_jurisdiction,
    registry_ids_are_masked_and_each_reveal_is_audited,
);

const PASSWORD: &str = "Fupin#2017test";

/// Signs a platform administrator in, enrolling their authenticator on the way.
async fn platform_admin(site: &axum::Router, app: &App, username: &str, role: Role) -> Browser {
    account(app, username, PASSWORD, None, None, &[role]).await;
    let mut browser = Browser::new(site);
    browser.sign_in(username, PASSWORD).await;
    let enrol = browser.get("/sign-in/enrol").await;
    let secret = secret_in(&enrol.body).unwrap().replace(' ', "");
    let bytes = totp::from_base32(&secret).unwrap();
    let code = totp::code(&bytes, totp::step_at(app.now().unix_timestamp()));
    let done = browser
        .submit(
            "/sign-in/enrol",
            "/sign-in/enrol",
            &[("secret", &secret), ("code", &code)],
        )
        .await;
    assert_eq!(done.header("location"), "/workspace");
    browser
}

async fn each_platform_role_reaches_only_its_own_pages(db: Db) {
    let (site, app, _) = site_with_clock(db.clone());
    seed(&db).await;
    let mut sys = platform_admin(&site, &app, "sys.admin", Role::SystemAdmin).await;
    let mut sec = platform_admin(&site, &app, "sec.admin", Role::SecurityAdmin).await;
    let mut aud = platform_admin(&site, &app, "aud.itor", Role::Auditor).await;

    assert_eq!(sys.get("/admin/accounts").await.status, 200);
    assert_eq!(sys.get("/admin/units").await.status, 200);
    assert_eq!(
        sys.get("/audit").await.status,
        403,
        "the system admin reads no audit log"
    );
    assert_eq!(sys.get("/workspace/organizations/1").await.status, 404);

    assert_eq!(sec.get("/admin/accounts").await.status, 200);
    assert_eq!(sec.get("/audit").await.status, 403);
    assert_eq!(
        sec.get("/workspace/organizations")
            .await
            .body
            .matches("/workspace/organizations/")
            .count(),
        0,
        "the security admin touches no business data"
    );

    assert_eq!(aud.get("/audit").await.status, 200);
    assert_eq!(aud.get("/admin/accounts").await.status, 403);
    let search = aud.get("/audit?actor=sys.admin&action=auth.").await;
    assert!(search.body.contains("auth.sign_in"), "{}", search.body);
    let chain = aud.get("/audit?verify=1").await;
    assert!(chain.body.contains("哈希链完整"), "{}", chain.body);

    let target = account(&app, "plain.user", PASSWORD, None, None, &[]).await;
    let page = format!("/admin/accounts/{target}");
    let grant = [("action", "grant"), ("role", "auditor")];
    let by_sys = sys.submit(&page, &page, &grant).await;
    assert_eq!(by_sys.status, 403, "the system admin grants no roles");
    let by_sec = sec
        .submit(&page, &page, &[("action", "grant"), ("role", "officer")])
        .await;
    assert_eq!(
        by_sec.status, 400,
        "an officer role needs a government unit"
    );
    let combined = sec.submit(&page, &page, &grant).await;
    assert_eq!(combined.status, 303);
    let sec_id = app
        .accounts(&fupin_app::Actor::system(), "sec.admin", 1)
        .await
        .unwrap()
        .items[0]
        .id;
    let own = format!("/admin/accounts/{sec_id}");
    let self_grant = sec
        .submit(&own, &own, &[("action", "grant"), ("role", "auditor")])
        .await;
    assert_ne!(self_grant.status, 303, "no one changes their own roles");
    let reset = sec.submit(&page, &page, &[("action", "reset")]).await;
    assert_eq!(reset.status, 403, "the security admin resets no passwords");

    let denied = aud.get("/audit?outcome=denied").await;
    assert!(
        denied.body.contains("user.grant_role") || denied.body.contains("role"),
        "refusals are audited"
    );
}

async fn the_system_admin_creates_accounts_and_the_security_admin_grants_roles(db: Db) {
    let (site, app, _) = site_with_clock(db.clone());
    seed(&db).await;
    let county = county_unit(
        &app,
        UnitKind::RegistrationAuthority,
        "110101",
        "东城区民政局",
    )
    .await;
    let mut sys = platform_admin(&site, &app, "sys.admin", Role::SystemAdmin).await;
    let mut sec = platform_admin(&site, &app, "sec.admin", Role::SecurityAdmin).await;

    let bad = sys
        .submit(
            "/admin/accounts",
            "/admin/accounts",
            &[
                ("username", "x"),
                ("display_name", "某人"),
                ("unit", "东城区民政局"),
            ],
        )
        .await;
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("用户名“x”无效"));
    let nowhere = sys
        .submit(
            "/admin/accounts",
            "/admin/accounts",
            &[
                ("username", "new.one"),
                ("display_name", "某人"),
                ("unit", "不存在的局"),
            ],
        )
        .await;
    assert!(nowhere.body.contains("找不到单位“不存在的局”"));

    let created = sys
        .submit(
            "/admin/accounts",
            "/admin/accounts",
            &[
                ("username", "dc.officer"),
                ("display_name", "王科员"),
                ("unit", "东城区民政局"),
            ],
        )
        .await;
    assert_eq!(created.status, 200);
    let temporary = secret_in(&created.body).unwrap();
    assert_eq!(created.header("cache-control"), "no-store");

    // No role yet: the workspace opens but shows no business data.
    let mut user = Browser::new(&site);
    let first = user.sign_in("dc.officer", &temporary).await;
    assert_eq!(
        first.header("location"),
        "/account/password",
        "a temporary password must be changed"
    );
    let weak = user
        .submit(
            "/account/password",
            "/account/password",
            &[
                ("current", &temporary),
                ("new", "short"),
                ("confirm", "short"),
            ],
        )
        .await;
    assert_eq!(weak.status, 400);
    let changed = user
        .submit(
            "/account/password",
            "/account/password",
            &[
                ("current", &temporary),
                ("new", PASSWORD),
                ("confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(changed.header("location"), "/workspace?done=password");
    assert!(user.get("/workspace").await.body.contains("尚未授予角色"));

    let id = app
        .accounts(&fupin_app::Actor::system(), "dc.officer", 1)
        .await
        .unwrap()
        .items[0]
        .id;
    let page = format!("/admin/accounts/{id}");
    let granted = sec
        .submit(&page, &page, &[("action", "grant"), ("role", "officer")])
        .await;
    assert_eq!(granted.status, 303);
    assert_eq!(
        user.get("/workspace").await.status,
        303,
        "a role change ends the user's sessions"
    );
    user.sign_in("dc.officer", PASSWORD).await;
    let orgs = user.get("/workspace/organizations").await;
    assert!(
        orgs.body.contains("中国乡村发展测试基金会"),
        "{}",
        orgs.body
    );

    // Locked out, then unlocked by the system admin.
    let mut stranger = Browser::new(&site);
    for _ in 0..5 {
        stranger.sign_in("dc.officer", "Wrong#2017pass").await;
    }
    assert_eq!(stranger.sign_in("dc.officer", PASSWORD).await.status, 401);
    let shown = sys.get(&page).await;
    assert!(shown.body.contains("锁定至"));
    let unlocked = sys.submit(&page, &page, &[("action", "unlock")]).await;
    assert_eq!(unlocked.status, 303);
    assert_eq!(stranger.sign_in("dc.officer", PASSWORD).await.status, 303);

    let reset = sys.submit(&page, &page, &[("action", "reset")]).await;
    let fresh = secret_in(&reset.body).unwrap();
    let mut again = Browser::new(&site);
    assert_eq!(
        again.sign_in("dc.officer", PASSWORD).await.status,
        401,
        "the old password is gone"
    );
    let after = again.sign_in("dc.officer", &fresh).await;
    assert_eq!(after.header("location"), "/account/password");
    let _ = county;
}

async fn a_bulk_csv_creates_all_accounts_or_none(db: Db) {
    let (site, app, _) = site_with_clock(db.clone());
    seed(&db).await;
    county_unit(
        &app,
        UnitKind::PovertyOffice,
        "130125",
        "行唐县扶贫开发办公室",
    )
    .await;
    let mut sys = platform_admin(&site, &app, "sys.admin", Role::SystemAdmin).await;
    let page = sys.get("/admin/accounts").await;
    let token = csrf_in(&page.body).unwrap();
    let uri = format!("/admin/accounts/import?csrf={token}");

    let faulty = "用户名,姓名,单位\nxt.fp1,李一,行唐县扶贫开发办公室\nxt.fp1,李二,行唐县扶贫开发办公室\nbad name,李三,无此单位\n";
    let refused = sys.upload(&uri, "accounts.csv", faulty.as_bytes()).await;
    assert_eq!(refused.status, 400);
    assert!(refused.body.contains("没有创建任何账户"));
    assert!(refused.body.contains("在文件中重复"), "{}", refused.body);
    assert!(
        refused.body.contains("<td class=\"num\">4</td>"),
        "problems name their row"
    );
    let none = app
        .accounts(&fupin_app::Actor::system(), "xt.", 1)
        .await
        .unwrap();
    assert_eq!(none.total, 0, "nothing of a refused file is created");

    let forged = sys
        .upload("/admin/accounts/import?csrf=forged", "accounts.csv", b"x")
        .await;
    assert_eq!(forged.status, 403);

    let clean = "用户名,姓名,单位\nxt.fp1,李一,行唐县扶贫开发办公室\nxt.fp2,李二,行唐县扶贫开发办公室\norg.staff,赵四,53110101000000010X\n";
    let credit_code = fupin_domain::CreditCode::from_parts('5', '3', "110101", "00000001").unwrap();
    let clean = clean.replace("53110101000000010X", credit_code.as_str());
    let done = sys.upload(&uri, "accounts.csv", clean.as_bytes()).await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(done.body.matches(r#"<span class="secret">"#).count(), 3);
    let all = app
        .accounts(&fupin_app::Actor::system(), "", 1)
        .await
        .unwrap();
    assert_eq!(all.total, 4);
}

async fn business_pages_show_only_the_jurisdiction(db: Db) {
    let (site, app, _) = site_with_clock(db.clone());
    seed(&db).await;
    let xingtang = county_unit(
        &app,
        UnitKind::RegistrationAuthority,
        "130125",
        "行唐县民政局",
    )
    .await;
    let dongcheng = county_unit(
        &app,
        UnitKind::RegistrationAuthority,
        "110101",
        "东城区民政局",
    )
    .await;
    account(
        &app,
        "xt.mz",
        PASSWORD,
        None,
        Some(xingtang),
        &[Role::Officer],
    )
    .await;
    account(
        &app,
        "dc.mz",
        PASSWORD,
        None,
        Some(dongcheng),
        &[Role::Leader],
    )
    .await;
    account(
        &app,
        "org2.reporter",
        PASSWORD,
        Some(2),
        None,
        &[Role::OrgReporter],
    )
    .await;

    let mut xt = Browser::new(&site);
    xt.sign_in("xt.mz", PASSWORD).await;
    let list = xt.get("/workspace/organizations").await;
    assert!(
        list.body.contains("本辖区没有符合条件的社会组织"),
        "organizations are domiciled in 东城区"
    );
    assert_eq!(xt.get("/workspace/organizations/1").await.status, 404);
    let acts = xt.get("/workspace/activities").await;
    assert!(
        acts.body.contains("测试项目1") && !acts.body.contains("测试项目2"),
        "activity 1 is located in 行唐县"
    );
    let credit = xt
        .submit(
            "/workspace",
            "/workspace/organizations/1/credit-status",
            &[("status", "abnormal_activities"), ("reason", "越权")],
        )
        .await;
    assert_eq!(
        credit.status, 404,
        "a write outside the jurisdiction is refused"
    );

    let mut org = Browser::new(&site);
    org.sign_in("org2.reporter", PASSWORD).await;
    let own = org.get("/api/v1/workspace/organizations").await;
    let json: serde_json::Value = serde_json::from_str(&own.body).unwrap();
    assert_eq!(json["total"], 1);
    assert_eq!(json["items"][0]["id"], 2);
    assert_eq!(
        org.get("/api/v1/workspace/organizations/1").await.status,
        404
    );
    assert_eq!(org.get("/workspace/activities/1").await.status, 404);
    assert_eq!(org.get("/workspace/activities/2").await.status, 200);
    assert_eq!(
        org.get("/workspace/registry/1").await.status,
        404,
        "organizations see no registry"
    );

    let mut dc = Browser::new(&site);
    dc.sign_in("dc.mz", PASSWORD).await;
    let all = dc.get("/api/v1/workspace/organizations").await;
    let json: serde_json::Value = serde_json::from_str(&all.body).unwrap();
    assert_eq!(json["total"], 3);
    let me: serde_json::Value = serde_json::from_str(&dc.get("/api/v1/me").await.body).unwrap();
    assert_eq!(me["roles"][0], "leader");
}

async fn registry_ids_are_masked_and_each_reveal_is_audited(db: Db) {
    let (site, app, _) = site_with_clock(db.clone());
    let poverty = county_unit(
        &app,
        UnitKind::PovertyOffice,
        "130125",
        "行唐县扶贫开发办公室",
    )
    .await;
    let civil = county_unit(
        &app,
        UnitKind::RegistrationAuthority,
        "130125",
        "行唐县民政局",
    )
    .await;
    let elsewhere = county_unit(
        &app,
        UnitKind::PovertyOffice,
        "130126",
        "灵寿县扶贫开发办公室",
    )
    .await;
    let importer = fupin_app::Actor {
        user_id: Some(1),
        name: "importer".into(),
        roles: vec![Role::Officer],
        affiliation: fupin_app::Affiliation::Government {
            unit_id: poverty,
            kind: UnitKind::PovertyOffice,
            region_code: Some("130125".into()),
        },
        source: "test".into(),
    };
    let id = fupin_domain::IdNumber::from_parts("130125", time::macros::date!(1970 - 01 - 01), 7)
        .unwrap();
    let csv = format!(
        "户编号,姓名,身份证号,村代码,与户主关系,户属性,主要致贫原因,脱贫状态,脱贫年度\nH1,张三,{},130125100201,户主,一般贫困户,因病,已脱贫享受政策,2018\n",
        id.as_str()
    );
    app.import_registry(
        &importer,
        "registry.csv",
        std::io::Cursor::new(csv.into_bytes()),
    )
    .await
    .unwrap();
    account(
        &app,
        "xt.fp",
        PASSWORD,
        None,
        Some(poverty),
        &[Role::Officer],
    )
    .await;
    account(&app, "xt.mz", PASSWORD, None, Some(civil), &[Role::Officer]).await;
    account(
        &app,
        "ls.fp",
        PASSWORD,
        None,
        Some(elsewhere),
        &[Role::Officer],
    )
    .await;

    let mut fp = Browser::new(&site);
    fp.sign_in("xt.fp", PASSWORD).await;
    let bad = fp
        .submit(
            "/workspace/registry",
            "/workspace/registry",
            &[("id_number", "12345")],
        )
        .await;
    assert_eq!(bad.status, 400);
    let found = fp
        .submit(
            "/workspace/registry",
            "/workspace/registry",
            &[("id_number", id.as_str())],
        )
        .await;
    assert_eq!(found.status, 303, "{}", found.body);
    let person_page = found.header("location").to_owned();
    let person = fp.get(&person_page).await;
    assert!(person.body.contains("张三"));
    assert!(!person.body.contains(id.as_str()), "masked by default");
    let reveal = format!("{person_page}/reveal");
    let shown = fp.submit(&person_page, &reveal, &[]).await;
    assert_eq!(shown.status, 200);
    assert!(shown.body.contains(id.as_str()));
    assert_eq!(shown.header("cache-control"), "no-store");

    let mut mz = Browser::new(&site);
    mz.sign_in("xt.mz", PASSWORD).await;
    let seen = mz.get(&person_page).await;
    assert_eq!(
        seen.status, 200,
        "民政 of the county sees the person, masked"
    );
    assert!(
        !seen.body.contains("/reveal\""),
        "no reveal button for 民政"
    );
    assert_eq!(mz.submit(&person_page, &reveal, &[]).await.status, 403);

    let mut other = Browser::new(&site);
    other.sign_in("ls.fp", PASSWORD).await;
    assert_eq!(
        other.get(&person_page).await.status,
        404,
        "another county's office sees nothing"
    );
    let lookup = other
        .submit(
            "/workspace/registry",
            "/workspace/registry",
            &[("id_number", id.as_str())],
        )
        .await;
    assert_eq!(lookup.status, 404);

    let filter = fupin_store::audit::AuditFilter {
        action: "registry.reveal_id".to_owned(),
        ..Default::default()
    };
    let (rows, _) = app
        .search_audit(&fupin_app::Actor::system(), &filter, 10, 0)
        .await
        .unwrap();
    let outcomes: Vec<_> = rows
        .iter()
        .map(|r| (r.actor_name.as_str(), r.outcome.as_str()))
        .collect();
    assert!(
        outcomes.contains(&("xt.fp", "ok")) && outcomes.contains(&("xt.mz", "denied")),
        "{outcomes:?}"
    );
    assert!(
        rows.iter().all(|r| !r.detail.contains(id.as_str())),
        "the audit log holds no ID number"
    );
}
