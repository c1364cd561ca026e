#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The bulk activity import through the router, on SQLite and PostgreSQL: a county officer finds
//! the link, downloads the template, imports a clean CSV (303 with a notice, drafts of their
//! organizations) and a faulty one (422 with the report by row and column, nothing written); an
//! organization's reporter gets no form.

mod support;

use axum::Router;
use fupin_domain::{CreditCode, Role, UnitKind};
use fupin_store::Db;
use support::browser::{Browser, account, county_unit, csrf_in, site_with_clock};
use support::seed;

const PASSWORD: &str = "Fupin#2017test";
const HEADER: &str = "统一社会信用代码,项目名称,领域,方式,年度,计划开始日期,实际开始日期,实际结束日期,实施地点,承诺金额（元）,拨付金额（元）,支出金额（元）,资金来源,受益户数,受益人数,项目简介\n";

fupin_store::conformance!(a_county_officer_imports_activities_from_the_workspace);

fn code(org: i64) -> String {
    CreditCode::from_parts('5', '3', "110101", &format!("{org:08}"))
        .unwrap()
        .as_str()
        .to_owned()
}

async fn signed_in(site: &Router, username: &str) -> Browser {
    let mut browser = Browser::new(site);
    let reply = browser.sign_in(username, PASSWORD).await;
    assert_eq!(reply.status, 303, "{username}: {}", reply.body);
    browser
}

async fn activities(db: &Db) -> i64 {
    db.fetch_i64("SELECT COUNT(*) FROM activities", &[])
        .await
        .unwrap()
}

async fn a_county_officer_imports_activities_from_the_workspace(db: Db) {
    let (site, app, _) = site_with_clock(db.clone());
    seed(&db).await;
    let office = county_unit(&app, UnitKind::PovertyOffice, "110101", "东城区扶贫办").await;
    account(
        &app,
        "officer",
        PASSWORD,
        None,
        Some(office),
        &[Role::Officer],
    )
    .await;
    account(
        &app,
        "reporter",
        PASSWORD,
        Some(1),
        None,
        &[Role::OrgReporter],
    )
    .await;
    let mut officer = signed_in(&site, "officer").await;

    let list = officer.get("/workspace/activities").await;
    assert!(
        list.body.contains("/workspace/activities/import"),
        "{}",
        list.body
    );
    let form = officer.get("/workspace/activities/import").await;
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(
        form.body
            .contains("/workspace/activities/import/template.xlsx")
    );
    let template = officer
        .get("/workspace/activities/import/template.csv")
        .await;
    assert_eq!(template.status, 200);
    assert!(
        template
            .body
            .starts_with("\u{feff}统一社会信用代码,项目名称")
    );
    let token = csrf_in(&form.body).unwrap();
    let action = format!("/workspace/activities/import?csrf={token}");

    let before = activities(&db).await;
    let clean = format!(
        "{HEADER}{},助学一,教育扶贫,扶贫项目,2020,,2020-03-01,2020-12-31,110101,10000,,8000,社会捐赠,4,12,\n\
         {},产业二,产业扶贫,扶贫项目,2020,,2020-04-01,,130125:60%;130126:40%,5000,,,自有资金,,,\n",
        code(1),
        code(2)
    );
    let done = officer.upload(&action, "汇总.csv", clean.as_bytes()).await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(
        done.header("location"),
        "/workspace/activities/import?done=2"
    );
    let shown = officer.get("/workspace/activities/import?done=2").await;
    assert!(shown.body.contains("已导入 2 个项目"), "{}", shown.body);
    assert_eq!(activities(&db).await, before + 2);

    let faulty = format!(
        "{HEADER}{},助学一,教育扶贫X,扶贫项目,2020,,2020-03-01,2020-12-31,110101,10000,,8000,社会捐赠,4,12,\n",
        code(1)
    );
    let refused = officer.upload(&action, "有误.csv", faulty.as_bytes()).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("有误.csv"));
    assert!(
        refused
            .body
            .contains("<td class=\"num\">2</td><td>领域</td>"),
        "{}",
        refused.body
    );
    assert_eq!(activities(&db).await, before + 2, "nothing written");

    let mut reporter = signed_in(&site, "reporter").await;
    let list = reporter.get("/workspace/activities").await;
    assert!(!list.body.contains("/workspace/activities/import"));
    let form = reporter.get("/workspace/activities/import").await;
    assert_eq!(form.status, 403, "{}", form.body);
}
