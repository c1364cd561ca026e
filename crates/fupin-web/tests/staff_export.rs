#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Staff exports of the workspace lists through the router, on SQLite and PostgreSQL: each
//! official's file holds exactly the rows of their list pages (all pages), the Excel file has the
//! same rows as the CSV, formula-like names come out neutralized, every export is audited, and
//! nobody without a jurisdiction (or a session) gets a file.

#[path = "staff_export/files.rs"]
mod files;
mod support;

use std::collections::BTreeSet;

use axum::Router;
use axum::http::StatusCode;
use files::{both, column, csv_rows, download, list_total, xlsx_rows};
use fupin_app::App;
use fupin_domain::{
    ActivityStatus, CreditCode, Field, FundingSource, ManagementMode, Method, Money, OrgLevel,
    OrgType, Role, TransactionKind, UnitKind,
};
use fupin_store::Db;
use fupin_store::activities::{
    ACTIVITIES, LOCATIONS, NewActivity, NewLocation, NewTransaction, TRANSACTIONS,
};
use fupin_store::organizations::{self, NewOrganization};
use fupin_store::units::{self, NewGovUnit};
use support::browser::{Browser, account, county_unit, site_with_clock};
use time::OffsetDateTime;
use time::macros::date;

fupin_store::conformance!(
    each_export_holds_exactly_the_jurisdiction_of_the_list_pages,
    formula_like_names_are_neutralized_in_csv_and_xlsx,
    exports_are_audited_and_refused_without_a_jurisdiction,
    long_lists_are_exported_whole,
);

const PASSWORD: &str = "Fupin#2017test";

/// Organizations: 1–2 in 行唐县 (130125), 3–4 in 灵寿县 (130126), 5–6 in 东城区 (110101).
const ORGS: [(i64, &str, &str); 6] = [
    (1, "行唐县测试协会", "130125"),
    (2, "=HYPERLINK(\"http://x\")", "130125"),
    (3, "+1", "130126"),
    (4, "-1", "130126"),
    (5, "@SUM(A1)", "110101"),
    (6, "北京测试基金会", "110101"),
];

fn org(id: i64, name: &str, region: &str, authority: i64) -> NewOrganization {
    NewOrganization {
        id,
        credit_code: CreditCode::from_parts('5', '3', region, &format!("{id:08}")).unwrap(),
        name: name.to_owned(),
        org_type: OrgType::SocialGroup,
        level: OrgLevel::County,
        region_code: region.to_owned(),
        registration_authority_id: authority,
        management_mode: ManagementMode::DualManagement,
        legal_representative: "李四".to_owned(),
        registered_on: date!(2012 - 03 - 04),
        charity_recognized: id == 1,
        public_fundraising: false,
        evaluation_grade: "unrated".to_owned(),
        credit_status: "normal".to_owned(),
    }
}

fn activity(id: i64, organization_id: i64) -> NewActivity {
    NewActivity {
        id,
        organization_id,
        title: format!("导出测试项目{id}"),
        description: String::new(),
        field: Field::Education,
        method: Method::Project,
        status: ActivityStatus::Draft,
        year: 2020,
        planned_start: None,
        planned_end: None,
        actual_start: None,
        actual_end: None,
        goods_value: Money::from_fen(0),
        volunteer_hours: 0,
        published_at: None,
    }
}

fn money(activity_id: i64, kind: TransactionKind, fen: i64) -> NewTransaction {
    NewTransaction {
        activity_id,
        kind,
        occurred_on: date!(2020 - 06 - 01),
        amount: Money::from_fen(fen),
        funding_source: FundingSource::Donations,
        platform: None,
        filing_number: None,
        contract_number: None,
        provider: None,
        receiver: None,
    }
}

/// Activities (organization → location): 1 (org 1 → 行唐县 and 灵寿县, ¥123,456,789.12 committed,
/// ¥0.05 disbursed), 2 (org 6 of Beijing → 行唐县), 3 (org 3 → 灵寿县), 4 (org 5 → 东城区),
/// 5 (org 2 → 行唐县). Accounts: `county` (扶贫办 of 行唐县), `province` (民政厅 of 河北),
/// `nation` (national 扶贫 unit), `supervisor` (业务主管单位 of org 6), `reporter` (org 1),
/// `norole` (行唐县 staff without a role).
async fn world(db: &Db) -> (Router, App) {
    let (site, app, _) = site_with_clock(db.clone());
    let now = OffsetDateTime::now_utc();
    let mut tx = db.begin().await.unwrap();
    let unit = |kind, level, region: Option<&str>, name: &str| NewGovUnit {
        kind,
        level,
        region_code: region.map(str::to_owned),
        name: name.to_owned(),
    };
    let ministry = unit(
        UnitKind::RegistrationAuthority,
        OrgLevel::National,
        None,
        "民政部",
    );
    let authority = units::insert(&mut tx, &ministry).await.unwrap();
    let province = unit(
        UnitKind::RegistrationAuthority,
        OrgLevel::Provincial,
        Some("13"),
        "河北省民政厅",
    );
    let province = units::insert(&mut tx, &province).await.unwrap();
    let nation = unit(
        UnitKind::PovertyOffice,
        OrgLevel::National,
        None,
        "国务院扶贫办",
    );
    let nation = units::insert(&mut tx, &nation).await.unwrap();
    let rows = ORGS
        .iter()
        .map(|(id, name, region)| org(*id, name, region, authority).values(now))
        .collect();
    tx.bulk_insert(organizations::TABLE, rows).await.unwrap();
    let acts = [(1, 1), (2, 6), (3, 3), (4, 5), (5, 2)];
    let rows = acts.iter().map(|(a, o)| activity(*a, *o).values(now));
    tx.bulk_insert(ACTIVITIES, rows.collect()).await.unwrap();
    let places = [
        (1, "130125", 6_000),
        (1, "130126", 4_000),
        (2, "130125", 10_000),
        (3, "130126", 10_000),
        (4, "110101", 10_000),
        (5, "130125", 10_000),
    ];
    let rows = places.iter().map(|(a, code, share)| {
        NewLocation {
            activity_id: *a,
            region_code: (*code).to_owned(),
            share_bp: *share,
        }
        .values()
    });
    tx.bulk_insert(LOCATIONS, rows.collect()).await.unwrap();
    let rows = [
        money(1, TransactionKind::Commitment, 12_345_678_900),
        money(1, TransactionKind::Commitment, 12),
        money(1, TransactionKind::Disbursement, 5),
        money(1, TransactionKind::Pledge, 99_999),
    ];
    let rows = rows.iter().map(NewTransaction::values).collect();
    tx.bulk_insert(TRANSACTIONS, rows).await.unwrap();
    tx.commit().await.unwrap();

    let county = county_unit(&app, UnitKind::PovertyOffice, "130125", "行唐县扶贫办").await;
    let supervisor = county_unit(&app, UnitKind::SupervisoryUnit, "110101", "东城区主管").await;
    let mut tx = db.begin().await.unwrap();
    units::link(&mut tx, 6, supervisor, "supervisory")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let officer = &[Role::Officer];
    for (name, org, unit, roles) in [
        ("county", None, Some(county), &officer[..]),
        ("province", None, Some(province), officer),
        ("nation", None, Some(nation), officer),
        ("supervisor", None, Some(supervisor), officer),
        ("reporter", Some(1), None, &[Role::OrgReporter]),
        ("norole", None, Some(county), &[]),
    ] {
        account(&app, name, PASSWORD, org, unit, roles).await;
    }
    (site, app)
}

async fn signed_in(site: &Router, username: &str) -> Browser {
    let mut browser = Browser::new(site);
    let reply = browser.sign_in(username, PASSWORD).await;
    assert_eq!(reply.status, 303, "{username}: {}", reply.body);
    browser
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

async fn each_export_holds_exactly_the_jurisdiction_of_the_list_pages(db: Db) {
    let (site, _) = world(&db).await;
    let cases: [(&str, &[&str], &[&str]); 5] = [
        (
            "county",
            &["行唐县测试协会", "'=HYPERLINK(\"http://x\")"],
            &["1", "2", "5"],
        ),
        (
            "province",
            &["行唐县测试协会", "'=HYPERLINK(\"http://x\")", "'+1", "'-1"],
            &["1", "2", "3", "5"],
        ),
        ("nation", &[], &["1", "2", "3", "4", "5"]),
        ("supervisor", &["北京测试基金会"], &["2"]),
        ("reporter", &["行唐县测试协会"], &["1"]),
    ];
    for (user, orgs, acts) in cases {
        let mut browser = signed_in(&site, user).await;
        let rows = both(&site, &browser, "/workspace/organizations/export").await;
        assert_eq!(rows[0][0], "统一社会信用代码");
        let total = list_total(&mut browser, "/workspace/organizations").await;
        assert_eq!(
            rows.len() - 1,
            total,
            "{user}: every organization of the list"
        );
        if user == "nation" {
            assert_eq!(total, 6);
        } else {
            let names: BTreeSet<_> = column(&rows, "名称").into_iter().collect();
            assert_eq!(names, set(orgs), "{user}");
        }
        let rows = both(&site, &browser, "/workspace/activities/export").await;
        let total = list_total(&mut browser, "/workspace/activities").await;
        assert_eq!(rows.len() - 1, total, "{user}: every activity of the list");
        let mut ids = column(&rows, "项目编号");
        let newest_first = {
            let mut sorted = ids.clone();
            sorted.sort_by_key(|id| std::cmp::Reverse(id.parse::<i64>().unwrap()));
            sorted
        };
        assert_eq!(ids, newest_first, "{user}: in the list's order");
        ids.sort();
        assert_eq!(ids, acts, "{user}");
    }

    // The list pages link to the exports with their filters; the search filter applies.
    let mut county = signed_in(&site, "county").await;
    let list = county
        .get("/workspace/organizations?q=%E8%A1%8C%E5%94%90")
        .await;
    for format in ["xlsx", "csv"] {
        let link =
            format!("/workspace/organizations/export?format={format}&amp;q=%E8%A1%8C%E5%94%90");
        assert!(list.body.contains(&link), "{link} in {}", list.body);
    }
    let list = county.get("/workspace/activities").await;
    assert!(
        list.body
            .contains("/workspace/activities/export?format=csv")
    );
    let rows = both(
        &site,
        &county,
        "/workspace/organizations/export?q=%E8%A1%8C%E5%94%90",
    )
    .await;
    assert_eq!(rows.len(), 2, "only 行唐县测试协会 matches 行唐");
    assert_eq!(column(&rows, "慈善组织认定"), ["是"]);
    assert_eq!(column(&rows, "登记管理机关"), ["民政部"]);
    assert_eq!(column(&rows, "住所地"), ["行唐县"]);
    let rows = both(&site, &county, "/workspace/activities/export").await;
    let first = rows.iter().find(|r| r[0] == "1").unwrap();
    let at = |h: &str| &first[rows[0].iter().position(|x| x == h).unwrap()];
    assert_eq!(at("承诺金额（元）"), "123456789.12");
    assert_eq!(at("拨付金额（元）"), "0.05");
    assert_eq!(at("支出金额（元）"), "0.00");
    assert_eq!(at("地点"), "行唐县、灵寿县");
    assert_eq!(at("地点行政区划代码"), "130125;130126");
    assert_eq!(at("领域"), "教育扶贫");
    assert_eq!(at("状态"), "草稿");
}

async fn formula_like_names_are_neutralized_in_csv_and_xlsx(db: Db) {
    let (site, _) = world(&db).await;
    let nation = signed_in(&site, "nation").await;
    let uri = "/workspace/organizations/export";
    let csv = column(
        &csv_rows(&download(&site, &nation, &format!("{uri}?format=csv")).await),
        "名称",
    );
    for name in ["'=HYPERLINK(\"http://x\")", "'+1", "'-1", "'@SUM(A1)"] {
        assert!(csv.iter().any(|n| n == name), "{name} in {csv:?}");
    }
    let raw = download(&site, &nation, &format!("{uri}?format=csv")).await;
    let text = String::from_utf8(raw.bytes).unwrap();
    assert!(text.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{text}");
    let xlsx = column(
        &xlsx_rows(&download(&site, &nation, &format!("{uri}?format=xlsx")).await),
        "名称",
    );
    for name in ["=HYPERLINK(\"http://x\")", "+1", "-1", "@SUM(A1)"] {
        assert!(xlsx.iter().any(|n| n == name), "a string cell {name}");
    }
    let acts = both(&site, &nation, "/workspace/activities/export").await;
    let of_5 = acts.iter().find(|r| r[0] == "5").unwrap();
    assert_eq!(
        of_5[2], "'=HYPERLINK(\"http://x\")",
        "the organization column too"
    );
}

async fn exports_are_audited_and_refused_without_a_jurisdiction(db: Db) {
    let (site, _) = world(&db).await;
    let anonymous = Browser::new(&site);
    for uri in [
        "/workspace/organizations/export?format=csv",
        "/workspace/activities/export?format=xlsx",
    ] {
        let file = download(&site, &anonymous, uri).await;
        assert_eq!(file.status, StatusCode::SEE_OTHER, "{uri}");
        assert!(file.header("location").starts_with("/sign-in"), "{uri}");
    }

    let county = signed_in(&site, "county").await;
    let file = download(&site, &county, "/workspace/organizations/export?format=csv").await;
    assert_eq!(file.status, StatusCode::OK);
    let today = OffsetDateTime::now_utc().to_offset(time::macros::offset!(+8));
    let today = format!(
        "{:04}{:02}{:02}",
        today.year(),
        u8::from(today.month()),
        today.day()
    );
    assert_eq!(
        file.header("content-disposition"),
        format!(
            "attachment; filename=\"export-{today}.csv\"; \
             filename*=UTF-8''%E7%A4%BE%E4%BC%9A%E7%BB%84%E7%BB%87%E5%90%8D%E5%8D%95-{today}.csv"
        ),
        "社会组织名单-YYYYMMDD.csv"
    );
    let file = download(&site, &county, "/workspace/activities/export?format=xlsx").await;
    assert_eq!(file.status, StatusCode::OK);
    assert!(file.header("content-disposition").contains(".xlsx"));
    for bad in ["pdf", ""] {
        let uri = format!("/workspace/activities/export?format={bad}");
        let file = download(&site, &county, &uri).await;
        assert_eq!(file.status, StatusCode::BAD_REQUEST, "{bad}");
        let page = String::from_utf8(file.bytes).unwrap();
        assert!(page.contains("csv 或 xlsx"), "{page}");
    }
    let norole = signed_in(&site, "norole").await;
    let file = download(&site, &norole, "/workspace/organizations/export?format=csv").await;
    assert_eq!(file.status, StatusCode::FORBIDDEN);

    let log = fupin_store::audit::page(&db, 0, 10_000).await.unwrap();
    let exports: Vec<_> = log
        .iter()
        .filter(|e| e.action.starts_with("export."))
        .map(|e| (e.action.as_str(), e.outcome.as_str(), e.detail.as_str()))
        .collect();
    assert_eq!(
        exports,
        [
            ("export.organizations", "ok", "format=csv rows=2"),
            ("export.activities", "ok", "format=xlsx rows=3"),
            ("export.organizations", "denied", "format=csv"),
        ]
    );
}

async fn long_lists_are_exported_whole(db: Db) {
    let (site, _) = world(&db).await;
    let now = OffsetDateTime::now_utc();
    let (orgs, acts) = (10_050_i64, 5_040_i64);
    let authority = organizations::get(&db, 1)
        .await
        .unwrap()
        .unwrap()
        .registration_authority_id;
    let mut tx = db.begin().await.unwrap();
    let rows = (100..100 + orgs)
        .map(|id| org(id, &format!("批量协会{id}"), "130125", authority).values(now))
        .collect();
    tx.bulk_insert(organizations::TABLE, rows).await.unwrap();
    let rows = (100..100 + acts).map(|id| activity(id, 100).values(now));
    tx.bulk_insert(ACTIVITIES, rows.collect()).await.unwrap();
    tx.commit().await.unwrap();

    let mut county = signed_in(&site, "county").await;
    let rows = both(&site, &county, "/workspace/organizations/export").await;
    let total = list_total(&mut county, "/workspace/organizations").await;
    assert_eq!((rows.len() - 1, total), (2 + 10_050, 2 + 10_050));
    let codes: BTreeSet<_> = column(&rows, "统一社会信用代码").into_iter().collect();
    assert_eq!(codes.len(), total, "no row twice across batches");
    let rows = csv_rows(&download(&site, &county, "/workspace/activities/export?format=csv").await);
    let total = list_total(&mut county, "/workspace/activities").await;
    assert_eq!((rows.len() - 1, total), (3 + 5_040, 3 + 5_040));
    let ids: BTreeSet<_> = column(&rows, "项目编号").into_iter().collect();
    assert_eq!(ids.len(), total, "no row twice across batches");
}
