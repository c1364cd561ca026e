#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The assistance-list page through the router, on SQLite and PostgreSQL: a county 民政 officer
//! uploads the 低保 list and sees the counts and the import; a faulty file gives the report by row
//! and column and writes nothing; staff of other units get no page.

mod support;

use axum::Router;
use fupin_domain::{IdNumber, Role, UnitKind};
use fupin_store::Db;
use support::browser::{Browser, account, county_unit, csrf_in, site_with_clock};
use time::macros::date;

const PASSWORD: &str = "Fupin#2017test";
const HEADER: &str = "姓名,身份证号,村代码,名单状态,退出年度\n";

fupin_store::conformance!(a_county_civil_affairs_officer_uploads_the_dibao_list);

fn id(seq: u16) -> String {
    IdNumber::from_parts("130125", date!(1955 - 07 - 01), seq)
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

async fn a_county_civil_affairs_officer_uploads_the_dibao_list(db: Db) {
    let (site, app, _) = site_with_clock(db.clone());
    let civil = county_unit(
        &app,
        UnitKind::RegistrationAuthority,
        "130125",
        "行唐县民政局",
    )
    .await;
    let supervisor = county_unit(&app, UnitKind::SupervisoryUnit, "130125", "行唐县教育局").await;
    account(&app, "civil", PASSWORD, None, Some(civil), &[Role::Officer]).await;
    account(
        &app,
        "super",
        PASSWORD,
        None,
        Some(supervisor),
        &[Role::Officer],
    )
    .await;
    let mut officer = signed_in(&site, "civil").await;

    let home = officer.get("/workspace").await;
    assert!(home.body.contains("/workspace/lists"), "{}", home.body);
    let page = officer.get("/workspace/lists").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("还没有名单导入记录"), "{}", page.body);
    let token = csrf_in(&page.body).unwrap();
    let action = format!("/workspace/lists/rural_dibao?csrf={token}");

    let faulty = format!("{HEADER}张三,{},130125100201,停发,\n", id(1));
    let refused = officer
        .upload(&action, "faulty.csv", faulty.as_bytes())
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("<td class=\"num\">2</td><td>名单状态</td>"),
        "{}",
        refused.body
    );
    let stored = db
        .fetch_i64("SELECT COUNT(*) FROM list_members", &[])
        .await
        .unwrap();
    assert_eq!(stored, 0);

    let file = format!(
        "{HEADER}张三,{},130125100201,在册,\n李四,{},130125100202,已退出,2018\n",
        id(1),
        id(2)
    );
    let loaded = officer.upload(&action, "dibao.csv", file.as_bytes()).await;
    assert_eq!(loaded.status, 303, "{}", loaded.body);
    let location = loaded.header("location").to_owned();
    assert!(
        location.starts_with("/workspace/lists?import="),
        "{location}"
    );
    let done = officer.get(&location).await;
    assert_eq!(done.status, 200, "{}", done.body);
    for expected in [
        "农村低保对象名单 文件 dibao.csv 已导入",
        "新增 2 人",
        "<th scope=\"row\">农村低保对象名单</th><td class=\"num\">1</td><td class=\"num\">1</td>",
    ] {
        assert!(done.body.contains(expected), "{expected}: {}", done.body);
    }
    assert!(
        !done.body.contains("faulty.csv"),
        "a refused file is not an import"
    );
    assert!(!done.body.contains(&id(1)) && !done.body.contains("张三"));
    let unknown = officer
        .upload("/workspace/lists/nonsense?csrf=x", "a.csv", b"x")
        .await;
    assert!(unknown.status.is_client_error(), "{}", unknown.status);

    let mut other = signed_in(&site, "super").await;
    assert_ne!(other.get("/workspace/lists").await.status, 200);
    let token = csrf_in(&other.get("/workspace").await.body).unwrap_or_default();
    let denied = other
        .upload(
            &format!("/workspace/lists/rural_dibao?csrf={token}"),
            "x.csv",
            file.as_bytes(),
        )
        .await;
    assert_eq!(denied.status, 403, "{}", denied.body);
}
