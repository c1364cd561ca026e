#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The activity journey through the router, on SQLite and PostgreSQL: an organization reporter
//! creates an activity in the browser (two locations 60/40 picked level by level, a commitment and
//! an expenditure, beneficiaries, an indicator, an evidence file), submits it; the officer of its
//! 业务主管单位 finds it in the review queue, accepts it and publishes it. The same through the
//! JSON API, where writes need the `X-CSRF-Token` header.

#[path = "activity_editor/api.rs"]
mod api;
mod support;

use axum::Router;
use fupin_app::App;
use fupin_domain::{ActivityStatus, Role, UnitKind};
use fupin_store::Db;
use fupin_store::units;
use support::browser::{Browser, account, county_unit, csrf_in, site_with_clock};
use support::seed;

fupin_store::conformance!(a_reporter_creates_submits_and_the_supervisor_publishes,);

pub(crate) const PASSWORD: &str = "Fupin#2017test";

/// Seeds the web fixtures, a 业务主管单位 of organization 1, its officer and org 1's reporter.
pub(crate) async fn world(db: &Db) -> (Router, App, i64) {
    let (site, app, _) = site_with_clock(db.clone());
    seed(db).await;
    let unit = county_unit(
        &app,
        UnitKind::SupervisoryUnit,
        "110101",
        "东城区测试业务主管单位",
    )
    .await;
    let mut tx = db.begin().await.unwrap();
    units::link(&mut tx, 1, unit, "supervisory").await.unwrap();
    tx.commit().await.unwrap();
    account(
        &app,
        "org.reporter",
        PASSWORD,
        Some(1),
        None,
        &[Role::OrgReporter],
    )
    .await;
    account(
        &app,
        "sup.officer",
        PASSWORD,
        None,
        Some(unit),
        &[Role::Officer],
    )
    .await;
    account(
        &app,
        "other.reporter",
        PASSWORD,
        Some(2),
        None,
        &[Role::OrgReporter],
    )
    .await;
    (site, app, unit)
}

pub(crate) async fn signed_in(site: &Router, username: &str) -> Browser {
    let mut browser = Browser::new(site);
    let reply = browser.sign_in(username, PASSWORD).await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    browser
}

fn id_in(location: &str) -> i64 {
    location
        .trim_start_matches("/workspace/activities/")
        .split(['/', '?'])
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

async fn a_reporter_creates_submits_and_the_supervisor_publishes(db: Db) {
    let (site, app, _) = world(&db).await;
    let mut org = signed_in(&site, "org.reporter").await;
    let list = org.get("/workspace/activities").await;
    assert!(
        list.body.contains("/workspace/activities/new"),
        "新建项目 is offered"
    );

    let created = org
        .submit(
            "/workspace/activities/new",
            "/workspace/activities/new",
            &[
                ("title", "东城区助学行动"),
                ("field", "education"),
                ("method", "project"),
                ("year", "2020"),
            ],
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    let id = id_in(created.header("location"));
    let edit = format!("/workspace/activities/{id}/edit");
    let section = |name: &str| format!("/workspace/activities/{id}/edit/{name}");

    // The region picker: province → prefecture → county, each level a reload without JavaScript.
    let provinces = org.get(&edit).await;
    assert!(
        provinces
            .body
            .contains(r#"<option value="11">北京市</option>"#),
        "{}",
        provinces.body
    );
    let prefectures = org.get(&format!("{edit}?region=11")).await;
    assert!(prefectures.body.contains(r#"value="1101""#));
    let counties = org.get(&format!("{edit}?region=1101")).await;
    assert!(counties.body.contains(r#"value="110101""#) && counties.body.contains("东城区"));
    let townships = org.get(&format!("{edit}?region=110101")).await;
    assert!(
        townships.body.contains(r#"value="110101001""#),
        "townships come next"
    );
    for (region, share) in [("110101", "60"), ("110102", "40%")] {
        let page = format!("{edit}?region={region}");
        let added = org
            .submit(
                &page,
                &section("location-add"),
                &[("region", region), ("share", share)],
            )
            .await;
        assert_eq!(added.status, 303, "{}", added.body);
    }
    for (kind, amount) in [("commitment", "10万元"), ("expenditure", "¥80,000.00")] {
        let added = org
            .submit(
                &edit,
                &section("transaction-add"),
                &[
                    ("kind", kind),
                    ("occurred_on", "2020-04-01"),
                    ("amount", amount),
                    ("funding_source", "donations"),
                    ("provider", "爱心企业"),
                ],
            )
            .await;
        assert_eq!(added.status, 303, "{}", added.body);
    }
    let refused = org
        .submit(
            &edit,
            &section("transaction-add"),
            &[
                ("kind", "commitment"),
                ("occurred_on", "2020-04-01"),
                ("amount", "100"),
                ("funding_source", "online_fundraising"),
            ],
        )
        .await;
    assert_eq!(refused.status, 400);
    assert!(
        refused.body.contains("互联网公开募捐信息平台"),
        "the rule says what to fix"
    );
    let people = org
        .submit(
            &edit,
            &section("beneficiaries"),
            &[
                ("households_registered_poor", "30"),
                ("persons_registered_poor", "100"),
            ],
        )
        .await;
    assert_eq!(people.status, 303, "{}", people.body);
    let indicator = org
        .submit(
            &edit,
            &section("indicator-add"),
            &[
                ("code", "students_supported"),
                ("baseline", "0"),
                ("target", "100"),
                ("actual", "96"),
            ],
        )
        .await;
    assert_eq!(indicator.status, 303, "{}", indicator.body);
    let partner = org
        .submit(
            &edit,
            &section("partner-add"),
            &[
                ("role", "cofunder"),
                ("credit_code", &credit_code(&app, 2).await),
            ],
        )
        .await;
    assert_eq!(partner.status, 303, "{}", partner.body);
    let token = csrf_in(&org.get(&edit).await.body).unwrap();
    let pdf = b"%PDF-1.4\n%%EOF\n";
    let uploaded = org
        .upload(
            &format!("/workspace/activities/{id}/evidence?csrf={token}"),
            "收据.pdf",
            pdf,
        )
        .await;
    assert_eq!(uploaded.status, 303, "{}", uploaded.body);

    let detail = org.get(&format!("/workspace/activities/{id}")).await;
    for shown in [
        "东城区",
        "60%",
        "40%",
        "¥100,000.00",
        "¥80,000.00",
        "建档立卡贫困人口",
        "资助学生人数",
        "北京市助农测试协会",
        "收据.pdf",
        "提交审核",
    ] {
        assert!(
            detail.body.contains(shown),
            "{shown} is shown: {}",
            detail.body
        );
    }
    let submitted = org
        .submit(
            &format!("/workspace/activities/{id}"),
            &format!("/workspace/activities/{id}/submit"),
            &[],
        )
        .await;
    assert_eq!(submitted.status, 303, "{}", submitted.body);
    assert_eq!(
        org.get(&edit).await.status,
        303,
        "a submitted report opens read-only"
    );

    let mut other = signed_in(&site, "other.reporter").await;
    assert_eq!(
        other
            .get(&format!("/workspace/activities/{id}"))
            .await
            .status,
        404
    );

    let mut officer = signed_in(&site, "sup.officer").await;
    let queue = officer.get("/workspace/reviews").await;
    assert!(queue.body.contains("东城区助学行动"), "{}", queue.body);
    let page = format!("/workspace/activities/{id}");
    let accepted = officer
        .submit(
            &page,
            &format!("{page}/accept"),
            &[("comment", "材料齐全，予以受理")],
        )
        .await;
    assert_eq!(accepted.status, 303, "{}", accepted.body);
    let published = officer.submit(&page, &format!("{page}/publish"), &[]).await;
    assert_eq!(published.status, 303, "{}", published.body);
    let done = org.get(&page).await;
    assert!(
        done.body.contains("已公开") && done.body.contains("材料齐全，予以受理"),
        "{}",
        done.body
    );
    assert!(
        done.body.contains("更正（创建新版本）"),
        "the organization may now correct it"
    );
    let status: (String,) = db
        .fetch_one(
            "SELECT status FROM activities WHERE id = $1",
            &[fupin_store::Value::from(id)],
        )
        .await
        .unwrap();
    assert_eq!(status.0, ActivityStatus::Published.code());
    let marker = format!("/workspace/activities/{id}/evidence/");
    let at = done.body.find(&marker).unwrap() + marker.len();
    let file: String = done.body[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let evidence = officer.get(&format!("{marker}{file}")).await;
    assert_eq!(evidence.status, 200);
    assert_eq!(evidence.header("content-type"), "application/pdf");
    assert_eq!(evidence.body.as_bytes(), pdf);
    assert_eq!(other.get(&format!("{marker}{file}")).await.status, 404);
}

async fn credit_code(app: &App, org: i64) -> String {
    app.db()
        .fetch_one::<(String,)>(
            "SELECT credit_code FROM organizations WHERE id = $1",
            &[fupin_store::Value::from(org)],
        )
        .await
        .unwrap()
        .0
}
